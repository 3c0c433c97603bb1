// The sample requests of the "what would happen" panel: example requests
// (examples/requests/, copied in by the build) pointed at the chosen work.
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

// One line on who asks what, where and how much.
export function describeRequest(request) {
  const r = request.requester || {};
  const c = request.context || {};
  const parts = [`${r.id || 'someone'} (${r.verified ? 'verified ' : 'unverified '}${r.kind || 'requester'})`];
  if (c.purpose) parts.push(c.purpose.replace('_', '-'));
  if (c.territory) parts.push(`in ${c.territory}`);
  if (c.units !== undefined) parts.push(`${c.units} units`);
  if (c.revenue) parts.push(`revenue ${c.revenue}`);
  parts.push(`at ${c.time}`);
  return parts.join(', ');
}
