// The sample requests of the "what would happen" panel: example requests
// (examples/requests/, copied in by the build) pointed at the chosen work.
import { formatTime } from '../shared/dates.js';
import { formatMoneyText } from '../shared/money.js';
import { plainUse } from '../shared/uses.js';

const TEMPLATES = [
  { file: '01-train-low-tide.json', label: 'Generative training by a verified company' },
  { file: '04-research-low-tide-v1.json', label: 'Research training by a university' },
  { file: '12-glasshouse-analytic-rounding.json', label: 'Analytic training for recommendations' },
  { file: '23-voice-kofi-licensed.json', label: 'A voice clone by a verified company' },
  { file: '24-voice-kofi-unverified.json', label: 'A voice clone by an unverified company' },
  { file: '23-voice-kofi-licensed.json', label: 'Music in your style', use: 'ai.generate.style' },
  { file: '31-remix-contest-open.json', label: 'A remix for a fan' },
  { file: '44-ines-stems-for-artist.json', label: 'Stem separation for a fellow artist' },
  { file: '23-voice-kofi-licensed.json', label: 'A chat persona of you for fans', use: 'ai.engage.persona' },
];

// [{label, request}] for `workId`, built from the example requests.
export function sampleRequests(exampleRequests, workId) {
  const byName = new Map(exampleRequests.map((r) => [r.name, r.request]));
  return TEMPLATES.filter((t) => byName.has(t.file)).map((t) => {
    const request = structuredClone(byName.get(t.file));
    request.work = { id: workId };
    if (t.use) request.use = t.use;
    return { label: t.label, request };
  });
}

// A use in plain words first, the dotted name second: "Voice clones (ai.generate.voice)".
export function useWords(use) {
  const plain = plainUse(use);
  return plain === use ? use : `${plain} (${use})`;
}

const PURPOSE_WORDS = { commercial: 'commercial', research: 'research', non_commercial: 'non-commercial', personal: 'personal' };

// "40000" -> "40,000"; anything but a whole number is shown as it is.
function count(n) {
  return Number.isSafeInteger(n) ? String(n).replace(/\B(?=(\d{3})+$)/g, ',') : String(n);
}

// One line on who asks what, where and how much:
// "voicebox-ai (verified company), commercial, in GB, 40,000 units, on 1 May 2026, 12:00 UTC".
export function describeRequest(request) {
  const r = request.requester || {};
  const c = request.context || {};
  const parts = [request.requester ? `${r.id || 'someone'} (${r.verified ? 'verified ' : 'unverified '}${r.kind || 'requester'})`
    : 'no requester named'];
  if (c.purpose) parts.push(PURPOSE_WORDS[c.purpose] || String(c.purpose));
  if (c.territory) parts.push(`in ${c.territory}`);
  if (c.units !== undefined) parts.push(`${count(c.units)} unit${c.units === 1 ? '' : 's'}`);
  if (c.revenue) parts.push(`revenue ${formatMoneyText(c.revenue)}`);
  parts.push(c.time ? `on ${formatTime(c.time)}` : 'at no stated time');
  return parts.join(', ');
}
