// The decision object, built from the module's decision record.
import { kNameTag, kRecordAllow, kRecordAsciiTexts, kRecordVersion } from './record_layout.mjs';

// ignoreBOM: a text that starts with U+FEFF keeps it (the default drops it,
// and the record's texts are decoded one by one, so one may start with it).
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

// Reads the decision record rf_decide_record leaves in the module's memory
// (docs/wasm.md, "The decision record") into the decision object, with the
// JSON writer's keys in its order and its rules for leaving a key out. One
// per engine, reused: reading keeps its place in fields, not in closures.
// The layout's numbers come from record_layout.mjs, generated from its C++
// definition; test/record_layout.test.mjs reads records encoded by its table.

export class RecordReader {
  constructor(engine) {
    this._engine = engine;
    this._words = null;
    this._at = 0;
    this._textsAt = 0;
    this._textsLength = 0;
    this._ascii = false;
    this._texts = null;  // the whole text area as one string, when it is ASCII and first needed
  }

  read() {
    const engine = this._engine;
    const info = engine._words;  // rf_record: words, count, texts, texts_len
    this._words = engine._heapWords;
    this._at = info[0] >>> 2;
    const end = this._at + info[1];
    this._textsAt = info[2];
    this._textsLength = info[3];
    this._texts = null;
    const version = this._word();
    if (version !== kRecordVersion) throw new Error(`refrain: decision record version ${version}, this loader reads ${kRecordVersion}`);
    const flags = this._word();
    this._ascii = (flags & kRecordAsciiTexts) !== 0;
    const decision = flags & kRecordAllow ? 'allow' : 'deny';
    const use = this._text();
    const work = this._text();
    const reasons = [];
    for (let n = this._word(); n > 0; n--) reasons.push(this._reason());
    const duties = [];
    for (let n = this._word(); n > 0; n--) duties.push(this._duty());
    const payments = [];
    for (let n = this._word(); n > 0; n--) payments.push(this._payment());
    const errors = [];
    for (let n = this._word(); n > 0; n--) errors.push(this._error());
    if (this._at !== end) throw new Error('refrain: the decision record does not end where it says');
    return { decision, use, work, reasons, duties, payments, errors };
  }

  _word() {
    return this._words[this._at++];
  }

  // A text is two words: (2 × number + kNameTag, 0) for a bundle name, (2 × length, offset) for a copied text.
  _text() {
    const a = this._words[this._at];
    const b = this._words[this._at + 1];
    this._at += 2;
    if (a & kNameTag) {
      const id = a >>> 1;
      const name = this._engine._names[id];
      return name !== undefined ? name : this._engine._name(id);
    }
    if (a === 0) return '';
    const length = a >>> 1;
    if (this._ascii) {  // one decoding per decision, then slices (byte offsets are character offsets)
      if (this._texts === null) {
        const at = this._textsAt;
        this._texts = decoder.decode(this._engine._heap.subarray(at, at + this._textsLength));
      }
      return this._texts.substring(b, b + length);
    }
    const at = this._textsAt + b;
    return decoder.decode(this._engine._heap.subarray(at, at + length));
  }

  _reason() {
    const party = this._text();
    const policy = this._text();
    const verdict = this._text();
    const rule = this._text();
    if (policy === '') return rule === '' ? { party, verdict } : { party, verdict, rule };
    return rule === '' ? { party, policy, verdict } : { party, policy, verdict, rule };
  }

  _duty() {
    const party = this._text();
    const duty = this._text();
    const hasText = this._word() !== 0;
    const text = this._text();
    return hasText ? { party, duty, text } : { party, duty };
  }

  _payment() {
    const currency = this._text();
    const total = this._text();
    const payees = [];
    for (let n = this._word(); n > 0; n--) {
      const party = this._text();
      payees.push({ party, amount: this._text() });
    }
    const terms = [];
    for (let n = this._word(); n > 0; n--) {
      const party = this._text();
      const rule = this._text();
      terms.push({ party, rule, amount: this._text() });
    }
    return { currency, total, payees, terms };
  }

  _error() {
    const code = this._text();
    const message = this._text();
    const policy = this._text();
    const rule = this._text();
    const e = { code, message };
    if (policy !== '') e.policy = policy;
    if (rule !== '') e.rule = rule;
    return e;
  }
}
