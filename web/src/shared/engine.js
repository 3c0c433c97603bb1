// The pages' only way to a decision: compile sources in the WebAssembly
// compiler, load the bundle in the WebAssembly runtime, decide requests;
// and to the signals the portal publishes.
import { Refrain } from '../../../wasm/js/refrain.mjs';

// The assets of this build, by their content-hashed names: web/build.mjs defines REFRAIN_ASSETS.
// eslint-disable-next-line no-undef
const assets = typeof REFRAIN_ASSETS === 'object' ? REFRAIN_ASSETS : { wasm: 'wasm/', examples: 'examples.json' };

Refrain.setModuleLocation(new URL(assets.wasm, location.href));

// The example policies, catalog, requests and use tree, written by web/build.mjs.
export async function loadExamples() {
  const response = await fetch(new URL(assets.examples, location.href));
  if (!response.ok) throw new Error(`cannot load examples.json: ${response.status}`);
  return response.json();
}

// The diagnostics of sources, compiled and thrown away (no engine is loaded).
export async function diagnose(sources, catalog) {
  return (await Refrain.compile(sources, { catalog })).diagnostics;
}

// A party's or a work's stance as every AI opt-out signal, from the same sources
// (Refrain.exportSignals: {ok, stance, signals, errors} or {ok: false, error}).
export async function exportSignals(sources, catalog, options) {
  return Refrain.exportSignals(sources, { catalog, ...options });
}

// Compiles and loads bundles; a newer compile always wins over a slower older one.
export class Workbench {
  constructor() {
    this.engine = null;
    this.generation = 0;
  }

  // sources: [{name, text}]; catalog: JSON Lines text or undefined.
  // Returns {current, ok, diagnostics, rendered}; current is false when a newer compile started.
  async compile(sources, catalog) {
    const generation = ++this.generation;
    const result = await Refrain.compile(sources, { catalog });
    if (generation !== this.generation) return { current: false, ...result };
    const engine = result.ok ? await Refrain.load(result.bundle) : null;
    if (generation !== this.generation) {
      engine?.close();
      return { current: false, ...result };
    }
    this.engine?.close();
    this.engine = engine;
    return { current: true, ok: result.ok, diagnostics: result.diagnostics, rendered: result.rendered };
  }

  // The decision object for a request (object or JSON text), or null without a bundle.
  decide(request) {
    return this.engine ? this.engine.decide(request) : null;
  }

  // The runtime's explanation: the decision and every relevant condition with
  // its values (docs/embedding.md, "Explanations"), or null without a bundle.
  explain(request) {
    return this.engine ? this.engine.explain(request) : null;
  }

  // The canonical decision JSON, byte for byte what `refrain eval` prints.
  decideJson(request) {
    return this.engine ? this.engine.decideJson(request) : null;
  }
}
