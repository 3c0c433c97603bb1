// Refrain for JavaScript: the WebAssembly runtime and compiler behind a small API.
// Works unchanged in browsers (ES module, bundled or not) and in Node 20.16+. No Emscripten glue:
// the modules are standalone and this file, with the two it imports
// (decision_record.mjs, plain_json.mjs), is their whole loader.

import { RecordReader } from './decision_record.mjs';
import { writePlainJson } from './plain_json.mjs';

const encoder = new TextEncoder();
// ignoreBOM: a text that starts with U+FEFF keeps it (the default drops it,
// and the record's texts are decoded one by one, so one may start with it).
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

// The modules, each named by a literal `new URL('./dist/…', import.meta.url)`: the form Vite and
// webpack recognise, so that they copy the file into their output and rewrite the URL. (esbuild
// keeps the expression as it is, so the URL resolves against the bundle: dist/ goes beside it.)
// Made when first needed: a script bundle without import.meta can still name a location instead.
const packaged = {
  'refrain-runtime.wasm': () => new URL('./dist/refrain-runtime.wasm', import.meta.url),
  'refrain-compiler.wasm': () => new URL('./dist/refrain-compiler.wasm', import.meta.url),
};
let moduleBase = null;  // a folder holding both modules, once Refrain.setModuleLocation names one

function moduleUrl(file) {
  if (!Object.hasOwn(packaged, file))
    throw new TypeError(`refrain: there is no module ${file}; the modules are ${Object.keys(packaged).join(' and ')}`);
  if (moduleBase) return new URL(file, moduleBase);
  try {
    return packaged[file]();
  } catch {  // a script (not module) bundle: esbuild's iife leaves import.meta empty
    throw new Error(`refrain: cannot locate ${file}: this build has no import.meta.url; bundle as an ES module ` +
                    '(esbuild --format=esm), or name the modules\' folder with Refrain.setModuleLocation');
  }
}

// Node's fetch cannot read file: URLs, so Node reads them from disk. process.getBuiltinModule
// (Node 20.16) reaches node:fs without an import, which a browser bundler would try to resolve.
const nodeFiles = globalThis.process?.getBuiltinModule?.('node:fs/promises');

async function fetchBytes(url) {
  if (url.protocol === 'file:') {
    if (!nodeFiles) throw new Error(`refrain: cannot read ${url}: reading files needs Node 20.16 or newer`);
    return nodeFiles.readFile(url).catch((e) => {
      throw new Error(`refrain: cannot read ${url}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
    });
  }
  const response = await fetch(url);
  if (!response.ok) throw new Error(`refrain: cannot fetch ${url}: ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

// A server that answers a missing file with a page (as single-page servers do) would otherwise
// give WebAssembly's "expected magic word" error, which does not say which file or why.
function checkModule(url, bytes) {
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d)
    throw new Error(`refrain: ${url} is not a WebAssembly module: serve the package's dist/*.wasm there, ` +
                    'or name their folder with Refrain.setModuleLocation');
}

// The few imports a standalone module has: WASI stubs (the runtime does no
// I/O; abort messages go to the console) and Emscripten's growth hook.
function importsFor(state) {
  const view = () => new DataView(state.exports.memory.buffer);
  return {
    env: { emscripten_notify_memory_growth() {} },
    wasi_snapshot_preview1: {
      proc_exit(code) { throw new Error(`refrain: the WebAssembly module aborted (exit ${code})`); },
      fd_write(fd, iovs, count, written) {
        const v = view();
        let text = '';
        let total = 0;
        for (let i = 0; i < count; i++) {
          const ptr = v.getUint32(iovs + i * 8, true);
          const len = v.getUint32(iovs + i * 8 + 4, true);
          text += decoder.decode(new Uint8Array(state.exports.memory.buffer, ptr, len));
          total += len;
        }
        if (text.trim()) console.error(text.trimEnd());
        v.setUint32(written, total, true);
        return 0;
      },
      fd_close() { return 0; },
      fd_seek() { return 70; },  // ESPIPE: there are no files
      environ_sizes_get(countPtr, sizePtr) {
        const v = view();
        v.setUint32(countPtr, 0, true);
        v.setUint32(sizePtr, 0, true);
        return 0;
      },
      environ_get() { return 0; },
    },
  };
}

const instances = new Map();  // file name -> Promise of exports, one instance per kind

async function instantiate(file) {
  if (!instances.has(file)) {
    const promise = (async () => {
      const url = moduleUrl(file);
      const bytes = await fetchBytes(url);
      checkModule(url, bytes);
      const state = {};
      const { instance } = await WebAssembly.instantiate(bytes, importsFor(state));
      state.exports = instance.exports;
      state.exports._initialize();
      return state.exports;
    })();
    instances.set(file, promise);
    promise.catch(() => instances.delete(file));
  }
  return instances.get(file);
}

// Copies bytes into the module's memory; the caller frees the pointer.
function copyIn(wasm, bytes) {
  const ptr = wasm.malloc(Math.max(bytes.length, 1));
  if (!ptr) throw new Error('refrain: out of WebAssembly memory');
  new Uint8Array(wasm.memory.buffer, ptr, bytes.length).set(bytes);
  return ptr;
}

// Reads and frees an rf_buffer {char* data; size_t len} at `ptr`.
function takeBuffer(wasm, ptr) {
  const v = new DataView(wasm.memory.buffer);
  const data = v.getUint32(ptr, true);
  const len = v.getUint32(ptr + 4, true);
  const bytes = new Uint8Array(wasm.memory.buffer, data, len).slice();
  wasm.rf_buffer_free(ptr);
  return bytes;
}

function withScratch(wasm, size, fn) {
  const ptr = wasm.malloc(size);
  if (!ptr) throw new Error('refrain: out of WebAssembly memory');
  new Uint8Array(wasm.memory.buffer, ptr, size).fill(0);
  try {
    return fn(ptr);
  } finally {
    wasm.free(ptr);
  }
}

// Symbol.dispose where the platform has it (Node 20, current browsers), else the symbol
// TypeScript's `using` falls back to.
const disposeSymbol = Symbol.dispose ?? Symbol.for('Symbol.dispose');

export class Engine {
  constructor(wasm, bundle, scratch) {
    this._wasm = wasm;
    this._bundle = bundle;
    this._scratch = scratch;
    // Reused across calls: six words for results (the decision text's
    // address and length, or rf_record's four words; then a name's address
    // and length), and an input area that grows as needed.
    this._bufferPtr = wasm.malloc(24);
    if (!this._bufferPtr) throw new Error('refrain: out of WebAssembly memory');
    this._inputPtr = 0;
    this._inputSize = 0;
    this._viewsOf = null;  // the memory buffer the views below were made over
    this._names = [];  // the bundle's names by number, decoded on first use
    this._reader = new RecordReader(this);
  }

  // Views of the module's memory for the hot path, made again only when the
  // memory grows (which detaches the old ones) or the input area moves.
  _views() {
    const buffer = this._wasm.memory.buffer;
    if (buffer !== this._viewsOf) {
      this._viewsOf = buffer;
      this._heap = new Uint8Array(buffer);
      this._heapWords = new Uint32Array(buffer);
      this._words = new Uint32Array(buffer, this._bufferPtr, 6);
      this._input = this._heap.subarray(this._inputPtr, this._inputPtr + this._inputSize);
    }
  }

  // Copies the request's UTF-8 into the reusable input area; returns its length.
  _stage(request) {
    if (request instanceof Uint8Array) {
      this._reserve(request.length);
      this._views();
      this._input.set(request);
      return request.length;
    }
    if (typeof request === 'object' && request !== null) {
      this._reserve(4096);
      this._views();
      const length = writePlainJson(request, this._input);
      if (length >= 0) return length;
    }
    const text = typeof request === 'string' ? request : JSON.stringify(request);
    if (typeof text !== 'string') throw new TypeError('refrain: a request is an object, a JSON string or UTF-8 bytes');
    this._reserve(text.length * 3);  // the most UTF-8 bytes a JS string can need
    this._views();
    return encoder.encodeInto(text, this._input).written;
  }

  _reserve(size) {
    if (size <= this._inputSize && this._inputPtr) return;
    const wasm = this._wasm;
    if (this._inputPtr) wasm.free(this._inputPtr);
    this._inputSize = Math.max(size, 4096);
    this._inputPtr = wasm.malloc(this._inputSize);
    this._viewsOf = null;
    if (!this._inputPtr) {
      this._inputSize = 0;
      throw new Error('refrain: out of WebAssembly memory');
    }
  }

  // The canonical decision JSON text, byte for byte what the native runtime
  // writes. `request`: an object, a JSON string, or the JSON's UTF-8 bytes.
  decideJson(request) {
    if (!this._bundle) throw new Error('refrain: this engine is closed');
    const wasm = this._wasm;
    const length = this._stage(request);
    // The text stays in the scratch (no copy, nothing to free) until the next decision.
    const status = wasm.rf_decide_in_scratch(this._bundle, this._scratch, this._inputPtr, length,
                                             this._bufferPtr, this._bufferPtr + 4);
    if (status < 0) throw new Error('refrain: the runtime could not decide (out of memory?)');
    this._views();  // deciding may have grown the memory
    const at = this._words[0];
    return decoder.decode(this._heap.subarray(at, at + this._words[1]));
  }

  // Why: the decision and every relevant rule of the policies that speak,
  // each condition of its `when` evaluated and shown with its values, and
  // each `on` scope that kept a policy silent — the runtime's own
  // explanation (docs/wasm.md, "Explanations"), the same as `:why` in the
  // REPL. For answering "why", not for hot paths.
  explain(request) {
    if (!this._bundle) throw new Error('refrain: this engine is closed');
    const wasm = this._wasm;
    const length = this._stage(request);
    // rf_explain fills an rf_buffer (address, length) in the first two result words.
    const status = wasm.rf_explain(this._bundle, this._inputPtr, length, this._bufferPtr);
    if (status < 0) throw new Error('refrain: the runtime could not explain (out of memory?)');
    this._views();
    const at = this._words[0];
    const text = decoder.decode(this._heap.subarray(at, at + this._words[1]));
    wasm.rf_buffer_free(this._bufferPtr);
    return JSON.parse(text);
  }

  // The SHA-256 of the bundle's contents (64 hex digits): which bundle decided.
  get hash() {
    if (!this._bundle) throw new Error('refrain: this engine is closed');
    this._views();
    const at = this._wasm.rf_bundle_hash(this._bundle);
    return decoder.decode(this._heap.subarray(at, at + 64));
  }

  // The decision as an object: the same object JSON.parse(decideJson(request))
  // gives, key for key and in the same order, built from the module's
  // decision record instead of parsed from text (parsing cost more than
  // deciding). A malformed request is not an exception: like the native
  // runtime, it is a deny with a named error in `errors`.
  decide(request) {
    if (!this._bundle) throw new Error('refrain: this engine is closed');
    const wasm = this._wasm;
    const length = this._stage(request);
    const status = wasm.rf_decide_record(this._bundle, this._scratch, this._inputPtr, length, this._bufferPtr);
    if (status < 0) throw new Error('refrain: the runtime could not decide (out of memory?)');
    this._views();  // deciding may have grown the memory
    return this._reader.read();
  }

  // Name `id` of the bundle, which records give by number. rf_bundle_name
  // allocates nothing, so the memory (and the reader's views) cannot grow
  // under a record being read. A catalog's party ids come last, so their
  // numbers may be large: `_names` is then a sparse array, which is slower
  // to index but right.
  _name(id) {
    const wasm = this._wasm;
    if (!wasm.rf_bundle_name(this._bundle, id, this._bufferPtr + 16, this._bufferPtr + 20))
      throw new Error(`refrain: the decision record names ${id}, which the bundle does not have`);
    const at = this._words[4];
    const name = decoder.decode(this._heap.subarray(at, at + this._words[5]));
    this._names[id] = name;
    return name;
  }

  // Frees the bundle in the module; the engine cannot be used afterwards.
  close() {
    if (!this._bundle) return;
    const wasm = this._wasm;
    wasm.rf_scratch_free(this._scratch);
    wasm.rf_bundle_free(this._bundle);
    wasm.free(this._bufferPtr);
    if (this._inputPtr) wasm.free(this._inputPtr);
    this._bundle = this._scratch = this._bufferPtr = this._inputPtr = 0;
    this._viewsOf = this._heap = this._heapWords = this._words = this._input = null;
    this._names = [];
  }

  // `using engine = await Refrain.load(bytes)` closes the engine when its block ends.
  [disposeSymbol]() {
    this.close();
  }
}

function toBytes(bundle) {
  if (bundle instanceof Uint8Array) return bundle;
  if (bundle instanceof ArrayBuffer) return new Uint8Array(bundle);
  if (ArrayBuffer.isView(bundle)) return new Uint8Array(bundle.buffer, bundle.byteOffset, bundle.byteLength);
  throw new TypeError('refrain: a bundle is a Uint8Array or an ArrayBuffer');
}

function sourceList(sources) {
  if (typeof sources !== 'object' || sources === null)
    throw new TypeError('refrain: sources are {name: text} or [{name, text}]');
  if (Array.isArray(sources)) return sources.map(({ name, text }) => ({ name: String(name), text: String(text) }));
  return Object.entries(sources).map(([name, text]) => ({ name, text: String(text) }));
}

// The compiler module's input: the sources and, when given, the catalog (JSON Lines text, or {name, text}).
function compileInput(sources, catalog) {
  const input = { sources: sourceList(sources) };
  if (catalog !== undefined && catalog !== null)
    input.catalog = typeof catalog === 'string' ? { name: 'catalog.jsonl', text: catalog } : catalog;
  return input;
}

// Calls `fn(wasm, pointer, length)` with `input` as JSON in the compiler module's memory.
async function withCompilerInput(input, fn) {
  const wasm = await instantiate('refrain-compiler.wasm');
  const bytes = encoder.encode(JSON.stringify(input));
  const ptr = copyIn(wasm, bytes);
  try {
    return fn(wasm, ptr, bytes.length);
  } finally {
    wasm.free(ptr);
  }
}

// An RFC 3339 time to the second, UTC: what `refrain signals export --at` takes.
function rfc3339(time) {
  if (time instanceof Date) {
    if (Number.isNaN(time.getTime())) throw new TypeError('refrain: `at` is an invalid Date');
    return time.toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
  if (typeof time !== 'string') throw new TypeError('refrain: `at` is an RFC 3339 time (a string) or a Date');
  return time;
}

// A text option, or null when it is not given.
function optionalText(name, value) {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new TypeError(`refrain: \`${name}\` is a string`);
  return value;
}

export const Refrain = {
  // Where dist/refrain-runtime.wasm and dist/refrain-compiler.wasm are found.
  setModuleLocation(url) {
    moduleBase = new URL(url, typeof location !== 'undefined' ? location.href : import.meta.url);
    instances.clear();
  },

  // Loads and verifies a bundle. Throws an Error with the runtime's message
  // for a truncated, corrupted or newer bundle; the module stays usable.
  async load(bundleBytes, { module = 'refrain-runtime.wasm' } = {}) {
    const wasm = await instantiate(module);
    const bytes = toBytes(bundleBytes);
    const ptr = copyIn(wasm, bytes);
    try {
      return withScratch(wasm, 256, (errorPtr) => {
        const handle = wasm.rf_bundle_load(ptr, bytes.length, errorPtr);
        if (!handle) {
          const raw = new Uint8Array(wasm.memory.buffer, errorPtr, 256);
          const end = raw.indexOf(0);
          throw new Error(`refrain: ${decoder.decode(raw.slice(0, end < 0 ? 256 : end))}`);
        }
        const scratch = wasm.rf_scratch_new();
        if (!scratch) {
          wasm.rf_bundle_free(handle);
          throw new Error('refrain: out of WebAssembly memory');
        }
        return new Engine(wasm, handle, scratch);
      });
    } finally {
      wasm.free(ptr);
    }
  },

  // Compiles sources ({name: text} or [{name, text}]) and an optional catalog
  // (JSON Lines text, or {name, text}) in the compiler module. Returns
  // {ok, bundle (Uint8Array or null), diagnostics: [{file, line, col, severity, message}], rendered}.
  async compile(sources, { catalog } = {}) {
    return withCompilerInput(compileInput(sources, catalog), (wasm, ptr, length) =>
      withScratch(wasm, 16, (buffers) => {
        const status = wasm.rf_compile(ptr, length, buffers, buffers + 8);
        if (status < 0) throw new Error('refrain: the compiler could not read its input');
        const bundle = takeBuffer(wasm, buffers);
        const result = JSON.parse(decoder.decode(takeBuffer(wasm, buffers + 8)));
        return { ok: result.ok, bundle: result.ok ? bundle : null, diagnostics: result.diagnostics, rendered: result.rendered };
      }));
  },

  // A party's stance on each AI use (or, with `work`, the catalog work's, as all its rights
  // holders decide it) in the policies in force at `at` (a Date or RFC 3339 text; default now),
  // written as every AI opt-out signal, byte for byte what `refrain signals export` writes
  // (docs/standards.md, "Signals"). `url`: what the signals cover (default `/`); `rslUrl`: where
  // the RSL file is published. Returns {ok: true, stance, signals: {rsl, aipref, robots, tdmrep,
  // cawg, iptc}, errors: {format: why}} (a format that cannot be written is in `errors`, not in
  // `signals`), or {ok: false, error} when the sources do not compile or the party or work is unknown.
  async exportSignals(sources, { catalog, party, work, at = new Date(), url = '/', rslUrl = '' } = {}) {
    const input = {
      ...compileInput(sources, catalog), party: optionalText('party', party), work: optionalText('work', work),
      at: rfc3339(at), url: optionalText('url', url) ?? '/', rslUrl: optionalText('rslUrl', rslUrl) ?? '',
    };
    return withCompilerInput(input, (wasm, ptr, length) =>
      withScratch(wasm, 8, (buffer) => {
        const status = wasm.rf_signals_export(ptr, length, buffer);
        if (status < 0) throw new Error('refrain: the signals export could not read its input');
        const result = JSON.parse(decoder.decode(takeBuffer(wasm, buffer)));
        return result.ok ? { ok: true, stance: result.stance, signals: result.signals, errors: result.errors }
          : { ok: false, error: result.error };
      }));
  },
};

export default Refrain;
