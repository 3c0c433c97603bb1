// Request objects as JSON, for Engine's input area (refrain.mjs).
//
// JSON.stringify(value) as UTF-8 straight into `out`, for the requests
// nearly everyone sends: plain objects, arrays, finite numbers, booleans,
// null, and strings of printable ASCII without quotes or backslashes.
// Returns the byte count, or -1 for anything else (an escape, non-ASCII, a
// toJSON, a Date, a class instance, undefined in an array, NaN, a BigInt,
// nesting deeper than the runtime reads, or no room left in `out`), which
// the caller hands to JSON.stringify itself. Where it answers, the bytes are
// exactly JSON.stringify's, encoded (tested against it); it saves about half
// of JSON.stringify followed by TextEncoder.encodeInto.
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
