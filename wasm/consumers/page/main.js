// Decides every request of requests.jsonl with examples.rfb, compiles bad.refrain and loads
// damaged.rfb (the test serves all four beside the page), and shows what came of each as JSON.
import { Refrain } from '@refrain/engine';

async function fetched(name) {
  const response = await fetch(name);
  if (!response.ok) throw new Error(`cannot fetch ${name}: ${response.status}`);
  return response;
}

const bytes = async (name) => new Uint8Array(await (await fetched(name)).arrayBuffer());
const text = async (name) => (await fetched(name)).text();

async function run() {
  const engine = await Refrain.load(await bytes('examples.rfb'));
  const requests = (await text('requests.jsonl')).split('\n').filter(Boolean);
  const decisions = requests.map((request) => engine.decideJson(request));
  engine.close();
  const compiled = await Refrain.compile({ 'bad.refrain': await text('bad.refrain') });
  const damaged = await Refrain.load(await bytes('damaged.rfb')).then(() => 'loaded', (e) => e.message);
  return { decisions, compiled: { ok: compiled.ok, rendered: compiled.rendered }, damaged };
}

const out = document.getElementById('out');
run().then((result) => JSON.stringify(result), (e) => JSON.stringify({ failed: String(e?.message ?? e) }))
  .then((result) => {
    out.textContent = result;
    out.dataset.done = 'true';
  });
