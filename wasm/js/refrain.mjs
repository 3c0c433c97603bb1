// Refrain for JavaScript: the WebAssembly runtime and compiler behind a small API.
// Works unchanged in browsers (ES module) and in Node 20. No Emscripten glue:
// the modules are standalone and this file is their whole loader.

const isNode = typeof process !== 'undefined' && !!(process.versions && process.versions.node);
const encoder = new TextEncoder();
// ignoreBOM: a text that starts with U+FEFF keeps it (the default drops it,
// and the record's texts are decoded one by one, so one may start with it).
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

// Where the .wasm files are; override with Refrain.setModuleLocation(url).
let moduleBase = new URL('./dist/', import.meta.url);

async function fetchBytes(url) {
  if (isNode && url.protocol === 'file:') {
    const { readFile } = await import('node:fs/promises');
    return readFile(url);
  }
  const response = await fetch(url);
  if (!response.ok) throw new Error(`refrain: cannot fetch ${url}: ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
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
      const bytes = await fetchBytes(new URL(file, moduleBase));
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


// JSON.stringify(value) as UTF-8 straight into `out`, for the requests
// nearly everyone sends: plain objects, arrays, finite numbers, booleans,
// null, and strings of printable ASCII without quotes or backslashes.
// Returns the byte count, or -1 for anything else (an escape, non-ASCII, a
// toJSON, a Date, a class instance, undefined in an array, NaN, a BigInt,
// nesting deeper than the runtime reads, or no room left in `out`), which
// the caller hands to JSON.stringify itself. Where it answers, the bytes are
// exactly JSON.stringify's, encoded (tested against it); it saves about half
// of JSON.stringify followed by TextEncoder.encodeInto. Exported for tests.
// Every write is inside `out`: the number, literal and string writes check
// their room, commas are covered by the next value's check, and closers
// check their own byte. A getter in the request runs again when a request
// falls back to JSON.stringify after part of it was written.
const kMaxJsonDepth = 32;  // the runtime refuses deeper requests anyway

export function writePlainJson(value, out) {
  return writeValue(value, out, 0, 0);
}

function writeValue(v, out, at, depth) {
  if (at + 32 > out.length) return -1;  // room for any number, literal or punctuation; strings check their own
  switch (typeof v) {
    case 'string': return writeString(v, out, at);
    case 'number': return Number.isFinite(v) ? writeAscii(String(v), out, at) : -1;
    case 'boolean': return writeAscii(v ? 'true' : 'false', out, at);
    case 'object':
      if (v === null) return writeAscii('null', out, at);
      if (depth >= kMaxJsonDepth) return -1;
      return Array.isArray(v) ? writeArray(v, out, at, depth) : writeObject(v, out, at, depth);
    default: return -1;  // undefined, a function or a symbol at the top, or a BigInt
  }
}

function writeArray(a, out, at, depth) {
  if (typeof a.toJSON === 'function') return -1;  // on the array, Array.prototype or Object.prototype
  const length = a.length;  // read once, as JSON.stringify does: a getter may change it
  out[at++] = 0x5b;  // [
  for (let i = 0; i < length; i++) {
    if (i > 0) out[at++] = 0x2c;  // ,
    const x = a[i];
    // JSON.stringify writes null for these in arrays; rare enough to leave to it.
    if (x === undefined || typeof x === 'function' || typeof x === 'symbol') return -1;
    at = writeValue(x, out, at, depth + 1);
    if (at < 0) return -1;
  }
  if (at >= out.length) return -1;  // a typed array drops writes past its end: check, never lose a byte
  out[at++] = 0x5d;  // ]
  return at;
}

function writeObject(o, out, at, depth) {
  // Only plain objects: anything else may have a toJSON (Date) or keys JSON.stringify sees differently.
  if (Object.getPrototypeOf(o) !== Object.prototype || typeof o.toJSON === 'function') return -1;
  out[at++] = 0x7b;  // {
  let first = true;
  for (const key in o) {
    if (!Object.prototype.hasOwnProperty.call(o, key)) return -1;  // an enumerable inherited key: not JSON's
    const x = o[key];
    if (x === undefined || typeof x === 'function' || typeof x === 'symbol') continue;  // as JSON.stringify skips them
    if (!first) out[at++] = 0x2c;  // ,
    first = false;
    at = writeString(key, out, at);
    if (at < 0) return -1;
    out[at++] = 0x3a;  // :
    at = writeValue(x, out, at, depth + 1);
    if (at < 0) return -1;
  }
  if (at >= out.length) return -1;
  out[at++] = 0x7d;  // }
  return at;
}

function writeString(s, out, at) {
  if (at + s.length + 34 > out.length) return -1;
  out[at++] = 0x22;  // "
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) return -1;  // needs escaping or UTF-8
    out[at++] = c;
  }
  out[at++] = 0x22;
  return at;
}

function writeAscii(text, out, at) {
  for (let i = 0; i < text.length; i++) out[at++] = text.charCodeAt(i);
  return at;
}

// Reads the decision record rf_decide_record leaves in the module's memory
// (docs/wasm.md, "The decision record") into the decision object, with the
// JSON writer's keys in its order and its rules for leaving a key out. One
// per engine, reused: reading keeps its place in fields, not in closures.
const kRecordVersion = 1;
const kRecordAllow = 1;
const kRecordAsciiTexts = 2;

class RecordReader {
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

  // A text is two words: (2 × number + 1, 0) for a bundle name, (2 × length, offset) for a copied text.
  _text() {
    const a = this._words[this._at];
    const b = this._words[this._at + 1];
    this._at += 2;
    if (a & 1) {
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
}

function toBytes(bundle) {
  if (bundle instanceof Uint8Array) return bundle;
  if (bundle instanceof ArrayBuffer) return new Uint8Array(bundle);
  if (ArrayBuffer.isView(bundle)) return new Uint8Array(bundle.buffer, bundle.byteOffset, bundle.byteLength);
  throw new TypeError('refrain: a bundle is a Uint8Array or an ArrayBuffer');
}

function sourceList(sources) {
  if (Array.isArray(sources)) return sources.map(({ name, text }) => ({ name: String(name), text: String(text) }));
  return Object.entries(sources).map(([name, text]) => ({ name, text: String(text) }));
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
    const wasm = await instantiate('refrain-compiler.wasm');
    const input = { sources: sourceList(sources) };
    if (catalog !== undefined && catalog !== null)
      input.catalog = typeof catalog === 'string' ? { name: 'catalog.jsonl', text: catalog } : catalog;
    const bytes = encoder.encode(JSON.stringify(input));
    const ptr = copyIn(wasm, bytes);
    try {
      return withScratch(wasm, 16, (buffers) => {
        const status = wasm.rf_compile(ptr, bytes.length, buffers, buffers + 8);
        if (status < 0) throw new Error('refrain: the compiler could not read its input');
        const bundle = takeBuffer(wasm, buffers);
        const result = JSON.parse(decoder.decode(takeBuffer(wasm, buffers + 8)));
        return { ok: result.ok, bundle: result.ok ? bundle : null, diagnostics: result.diagnostics, rendered: result.rendered };
      });
    } finally {
      wasm.free(ptr);
    }
  },
};

export default Refrain;
