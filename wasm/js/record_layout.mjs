// Generated from runtime/record_layout.h by tests/gen/record_layout_gen.cc
// (`build/bin/record_layout_gen js`): do not edit. tests/cli/record_layout_test.sh
// checks that it is current; docs/wasm.md, "The decision record", explains it.
export const kRecordVersion = 1;
export const kRecordAllow = 1;
export const kRecordAsciiTexts = 2;
export const kTextWords = 2;
export const kNameTag = 1;
// Each item's fields in record order: [name, kind] or, for a list, [name, 'list', item].
export const kRecordLayout = Object.freeze({
  decision: Object.freeze([['version', 'word'], ['flags', 'word'], ['use', 'text'], ['work', 'text'], ['reasons', 'list', 'reason'], ['duties', 'list', 'duty'], ['payments', 'list', 'payment'], ['errors', 'list', 'error']]),
  reason: Object.freeze([['party', 'text'], ['policy', 'text'], ['verdict', 'text'], ['rule', 'text']]),
  duty: Object.freeze([['party', 'text'], ['duty', 'text'], ['has_text', 'word'], ['text', 'text']]),
  payment: Object.freeze([['currency', 'text'], ['total', 'text'], ['payees', 'list', 'payee'], ['terms', 'list', 'term']]),
  payee: Object.freeze([['party', 'text'], ['amount', 'text']]),
  term: Object.freeze([['party', 'text'], ['rule', 'text'], ['amount', 'text']]),
  error: Object.freeze([['code', 'text'], ['message', 'text'], ['policy', 'text'], ['rule', 'text']]),
});
