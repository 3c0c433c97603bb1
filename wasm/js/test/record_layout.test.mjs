// The JS record reader against the record's one definition: decisions are
// encoded by the generated layout alone (record_layout.mjs, which
// tests/cli/record_layout_test.sh keeps equal to runtime/record_layout.h),
// and RecordReader must read each back key for key, in the JSON's order.
// Needs no WebAssembly: the reader is given a stand-in engine's memory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RecordReader } from '../decision_record.mjs';
import { kNameTag, kRecordAllow, kRecordAsciiTexts, kRecordLayout, kRecordVersion, kTextWords } from '../record_layout.mjs';

const encoder = new TextEncoder();

// The words and text area of `decision` (a decision object, as JSON.parse
// gives it), naming the texts found in `names` by number.
function encode(decision, names) {
  const words = [];
  const texts = [];
  let ascii = true;
  let flagsAt = -1;
  const text = (t) => {
    const at = words.length;
    if (t === '') words.push(0, 0);
    else if (names.includes(t)) words.push(2 * names.indexOf(t) + kNameTag, 0);
    else {
      const bytes = encoder.encode(t);
      if (bytes.some((b) => b >= 0x80)) ascii = false;
      words.push(2 * bytes.length, texts.length);
      texts.push(...bytes);
    }
    assert.equal(words.length - at, kTextWords);
  };
  // The layout's words that are not texts, lists or counts: each must be known here.
  const word = (item, name, object) => {
    if (item === 'decision' && name === 'version') return kRecordVersion;
    if (item === 'decision' && name === 'flags') {
      flagsAt = words.length;
      return object.decision === 'allow' ? kRecordAllow : 0;
    }
    if (item === 'duty' && name === 'has_text') return 'text' in object ? 1 : 0;
    throw new Error(`the layout has a word this test does not know: ${item}.${name}`);
  };
  const put = (item, object) => {
    for (const [name, kind, of] of kRecordLayout[item]) {
      if (kind === 'text') text(object[name] ?? '');
      else if (kind === 'word') words.push(word(item, name, object));
      else {
        assert.equal(kind, 'list');
        words.push(object[name].length);
        for (const element of object[name]) put(of, element);
      }
    }
  };
  put('decision', decision);
  if (ascii) words[flagsAt] |= kRecordAsciiTexts;
  return { words, texts };
}

// A stand-in for the engine: its memory holds the record's words, then its texts.
function engineWith({ words, texts }, names) {
  const buffer = new ArrayBuffer(4 * (words.length + Math.ceil(texts.length / 4) + 2));
  const heapWords = new Uint32Array(buffer);
  heapWords.set(words);
  const textsAt = 4 * words.length;
  const heap = new Uint8Array(buffer);
  heap.set(texts, textsAt);
  return {
    _words: [0, words.length, textsAt, texts.length],  // rf_record: words, count, texts, texts_len
    _heapWords: heapWords,
    _heap: heap,
    _names: [],
    _name(id) {
      if (id >= names.length) throw new Error(`no name ${id}`);
      this._names[id] = names[id];
      return names[id];
    },
  };
}

const names = ['silent', 'allow', 'deny', 'error', 'ai.train.generative', 'USD', 'north', 'label-deal', 'p.refrain:3'];

const decisions = [
  {
    decision: 'allow', use: 'ai.train.generative', work: 'W1',
    reasons: [{ party: 'north', policy: 'label-deal', verdict: 'allow', rule: 'p.refrain:3' }, { party: 'luna', verdict: 'silent' }],
    duties: [{ party: 'north', duty: 'attribution', text: 'Trained on Ōtsu "live"' }, { party: 'north', duty: 'report' }],
    payments: [{
      currency: 'USD', total: '2.500000',
      payees: [{ party: 'luna', amount: '1.250000' }, { party: 'north', amount: '1.250000' }],
      terms: [{ party: 'north', rule: 'p.refrain:3', amount: '2.500000' }],
    }],
    errors: [],
  },
  {
    decision: 'deny', use: 'ai.nope', work: '',
    reasons: [{ party: 'north', policy: 'label-deal', verdict: 'deny' }, { party: 'x', verdict: 'error', rule: 'q:1' }],
    duties: [], payments: [],
    errors: [{ code: 'unknown_use', message: 'no use `ai.nope`' }, { code: 'missing_field', message: 'm', policy: 'label-deal', rule: 'p.refrain:3' }],
  },
  { decision: 'deny', use: '', work: '', reasons: [], duties: [], payments: [], errors: [{ code: 'invalid_json', message: 'bad' }] },
];

test('the reader reads back every decision encoded by the generated layout', () => {
  for (const decision of decisions) {
    const reader = new RecordReader(engineWith(encode(decision, names), names));
    const read = reader.read();
    assert.deepStrictEqual(read, decision);
    assert.equal(JSON.stringify(read), JSON.stringify(decision));  // and in the JSON's key order
  }
});

test('the reader refuses a record of another version', () => {
  const record = encode(decisions[2], names);
  record.words[0] = kRecordVersion + 1;
  assert.throws(() => new RecordReader(engineWith(record, names)).read(), /version/);
});
