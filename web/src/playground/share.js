// The playground's state in a URL fragment: JSON, deflated (zlib format), base64url.
// Works in browsers and in Node 20 (the end-to-end test decodes it).
const PREFIX = 'v1.';

async function pipe(bytes, transform) {
  const stream = new Blob([bytes]).stream().pipeThrough(transform);
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function toBase64Url(bytes) {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text) {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

// state: {files: [{name, text}], active, catalog, request} -> fragment text (without '#').
export async function encodeState(state) {
  const bytes = new TextEncoder().encode(JSON.stringify(state));
  return PREFIX + toBase64Url(await pipe(bytes, new CompressionStream('deflate')));
}

// The state from a fragment, or null when there is none or it is damaged.
export async function decodeState(fragment) {
  const text = fragment.replace(/^#/, '');
  if (!text.startsWith(PREFIX)) return null;
  try {
    const bytes = await pipe(fromBase64Url(text.slice(PREFIX.length)), new DecompressionStream('deflate'));
    const state = JSON.parse(new TextDecoder().decode(bytes));
    return Array.isArray(state.files) ? state : null;
  } catch {
    return null;
  }
}
