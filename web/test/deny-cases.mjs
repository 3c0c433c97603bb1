// A small bundle and one request for each way a decision can go: an allow,
// a party's deny, a co-owner's silence, every evaluation error, every
// request error the pages must explain, and a consent clause that leaves
// nobody to ask. Used by explain.test.mjs (in Node) and e2e.mjs (in the
// playground, against `refrain eval`). `text` is the first line of the
// explanation as the playground words it (parties by id).
export const files = [
  { name: 'ana.refrain', text: `policy "ana" by artist "ana" {
  allow ai.train.generative
    when units > 10
    pay 0.01 USD * units

  allow ai.train.analytic
    pay 5% * revenue

  allow ai.generate.style
    when revenue > 100.00 USD

  allow ai.generate.remix
    pay 10.00 USD - 0.01 USD * units

  allow ai.produce.stems
    pay 100.00 USD
    split artist 50%, producer 50%

  allow ai.produce.master, ai.engage

  deny ai.generate.voice
}
` },
  { name: 'bo.refrain', text: `policy "bo" by writer "bo" {
  allow ai.train, ai.generate, ai.produce
}
` },
  { name: 'plat.refrain', text: `policy "plat" by platform "plat" {
  consent from label for ai.produce.master
}
` },
];

export const catalog = '{"id": "W1", "title": "First Song", "rightsholders": [{"party": "ana", "role": "artist"}, {"party": "bo", "role": "writer"}]}\n';

const at = '"time": "2026-05-01T12:00:00Z"';
const on = (use, context = '') => `{"use": "${use}", "work": {"id": "W1"}, "context": {${at}${context}}}`;
const failed = (rule, cause) =>
  `A rule of ana (artist) could not be applied (policy "ana", rule ana.refrain:${rule}): ${cause}. An error always means no, so this use stays closed.`;

export const cases = [
  { name: 'allowed and paid', request: on('ai.train.generative', ', "units": 100'), decision: 'allow', kind: 'allow',
    text: 'ana (artist) allows it (policy "ana", rule ana.refrain:2).', payment: 'USD 1.00' },
  { name: "a party's deny", request: on('ai.generate.voice'), decision: 'deny', kind: 'deny',
    text: 'ana (artist) says no to voice clones (policy "ana", rule ana.refrain:21).' },
  { name: "a co-owner's silence", request: on('ai.engage.persona'), decision: 'deny', kind: 'silent',
    text: 'bo (writer) has not agreed, so this use stays closed (no rule of policy "bo" allows this request).' },
  { name: 'missing_field in a condition', request: on('ai.train.generative'), decision: 'deny', kind: 'error', code: 'missing_field',
    text: failed(2, 'the request does not say how many units (`context.units`)') },
  { name: 'missing_field in a price', request: on('ai.train.analytic'), decision: 'deny', kind: 'error', code: 'missing_field',
    text: failed(6, 'the request does not say the revenue (`context.revenue`)') },
  { name: 'type_mismatch', request: on('ai.train.generative', ', "units": "many"'), decision: 'deny', kind: 'error', code: 'type_mismatch',
    text: failed(2, "the request's `context.units` is not the kind of value the rule needs (expected an integer)") },
  { name: 'currency_mismatch', request: on('ai.generate.style', ', "revenue": "500.00 EUR"'), decision: 'deny', kind: 'error',
    code: 'currency_mismatch', text: failed(9, 'amounts in two currencies (EUR and USD) would have to be compared or added') },
  { name: 'negative_payment', request: on('ai.generate.remix', ', "units": 2000'), decision: 'deny', kind: 'error', code: 'negative_payment',
    text: failed(12, 'the price works out below zero, and nobody can be paid less than nothing') },
  { name: 'no_holder_for_role', request: on('ai.produce.stems'), decision: 'deny', kind: 'error', code: 'no_holder_for_role',
    text: failed(15, 'the split pays a producer, but this work has no producer') },
  { name: 'no_consenting_holder', request: on('ai.produce.master'), decision: 'deny', kind: 'error', code: 'no_consenting_holder',
    text: 'The platform asks for the agreement of roles nobody holds on this work, so nobody can agree to this use. Errors always mean no.' },
  { name: 'invalid_json', request: '{"use": ', decision: 'deny', kind: 'error', code: 'invalid_json',
    text: 'The request is not valid JSON, so it cannot be answered. Errors always mean no.' },
  { name: 'invalid_request', request: '{"use": "ai.train", "work": {"id": "W8", "rightsholders": [{"party": "cy", "role": "drummer"}]}, "context": {' + at + '}}',
    decision: 'deny', kind: 'error', code: 'invalid_request',
    text: 'The request is malformed: unknown role `drummer` in `work.rightsholders`. Errors always mean no.' },
  { name: 'unknown_use', request: on('ai.generate.lyrics'), decision: 'deny', kind: 'error', code: 'unknown_use',
    text: 'The request asks for `ai.generate.lyrics`, which is not a use Refrain knows. Errors always mean no.' },
  { name: 'missing_time', request: '{"use": "ai.train.generative", "work": {"id": "W1"}, "context": {"units": 100}}', decision: 'deny',
    kind: 'error', code: 'missing_time',
    text: 'The request does not say when (`context.time`), so no terms can be checked. Errors always mean no.' },
  { name: 'no_rightsholders', request: '{"use": "ai.train", "work": {"id": "W9", "rightsholders": []}, "context": {' + at + '}}',
    decision: 'deny', kind: 'error', code: 'no_rightsholders',
    text: 'Nobody holds rights in work `W9`, so nobody can agree to its use. Errors always mean no.' },
];
