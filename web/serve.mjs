// A static file server for build-web/site on 127.0.0.1 (loopback only).
//   node web/serve.mjs [PORT] [DIR]     PORT 0 picks a free port; prints "serving http://127.0.0.1:PORT/"
//   REFRAIN_BIN=build/bin/refrain        the native CLI for /api/what-changes (without it: 503)
//   REFRAIN_WHAT_CHANGES_TIMEOUT_MS=N    the deadline of one analysis (default 60000)
//
// - Compression: web/build.mjs writes a brotli (FILE.br) and a gzip (FILE.gz) copy of each
//   compressible file; the server sends the one the request's Accept-Encoding prefers (by q,
//   then br before gzip before none), with Content-Encoding, and Vary: Accept-Encoding on
//   every response that could have been compressed.
// - Caching: a name with a content hash (portal-5HQZ7KXA.js, style-91ABC647AB.css,
//   wasm-450A202C72/…) never changes: Cache-Control: public, max-age=31536000, immutable.
//   Everything else — the HTML pages, which name the hashed assets — is no-cache: the browser
//   asks each time, and an unchanged page costs a 304 (ETag, If-None-Match).
// - POST /api/what-changes: the portal's "What changes" card, answered by the native
//   `refrain diff` named by REFRAIN_BIN (web/what-changes.mjs; 503 without it).
import { createServer } from 'node:http';
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WhatChanges } from './what-changes.mjs';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.map': 'application/json', '.wasm': 'application/wasm',
  '.png': 'image/png', '.svg': 'image/svg+xml', '.txt': 'text/plain; charset=utf-8',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.map', '.wasm', '.svg', '.txt']);
const ENCODINGS = [['br', '.br'], ['gzip', '.gz']];  // in order of preference on equal q

// A path with a content hash in a file or folder name: "-" and eight or more capitals or digits.
export function isHashed(path) {
  return /-[A-Z0-9]{8,}(?=\.[^/]*$|\/)/.test(path);
}

export function cacheControl(path) {
  return isHashed(path) ? 'public, max-age=31536000, immutable' : 'no-cache';
}

// Accept-Encoding -> Map coding -> q ("*" included); an absent header accepts only identity.
function acceptedCodings(header) {
  const q = new Map();
  for (const part of String(header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';').map((x) => x.trim());
    if (!name) continue;
    const qParam = params.find((p) => p.startsWith('q='));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    q.set(name === 'x-gzip' ? 'gzip' : name, Number.isFinite(value) ? value : 0);
  }
  return q;
}

// The coding to send among `available` (['br', 'gzip'] or fewer), or 'identity', or null when
// nothing acceptable is available (then the answer is 406). The highest q wins, br before gzip
// on a tie; identity not named (nor "*") is acceptable but comes after any accepted coding.
export function chooseEncoding(header, available) {
  const q = acceptedCodings(header);
  const star = q.get('*');
  const weight = (coding) => (q.has(coding) ? q.get(coding) : star ?? (coding === 'identity' ? 1e-9 : 0));
  let best = null;
  let bestQ = 0;
  for (const coding of [...available, 'identity']) {
    const w = weight(coding);
    if (w > bestQ) { best = coding; bestQ = w; }
  }
  return best;
}

async function readIfFile(path) {
  try {
    if (!(await stat(path)).isFile()) return null;
    return await readFile(path);
  } catch {
    return null;
  }
}

// options: {refrain: the native CLI for /api/what-changes, whatChanges: its limits (DEFAULTS there)}.
export function createSiteServer(root, { refrain = '', whatChanges = {} } = {}) {
  root = resolve(root);
  const analyses = new WhatChanges(root, refrain, whatChanges);
  return createServer(async (req, res) => {
    if (req.url.split('?')[0] === '/api/what-changes') {
      await analyses.handle(req, res);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    let path;
    try {
      path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
    } catch {
      res.writeHead(400).end();
      return;
    }
    let file = join(root, path);
    if (file !== root && !file.startsWith(root + sep)) { res.writeHead(403).end(); return; }
    try {
      if ((await stat(file)).isDirectory()) { file = join(file, 'index.html'); path = join(path, 'index.html'); }
    } catch { /* answered below */ }
    const body = await readIfFile(file);
    if (!body) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-cache' }).end('not found');
      return;
    }
    const ext = extname(file);
    const headers = { 'content-type': TYPES[ext] || 'application/octet-stream', 'cache-control': cacheControl(path.split(sep).join('/')),
      'x-content-type-options': 'nosniff' };
    let sent = body;
    let coding = 'identity';
    if (COMPRESSIBLE.has(ext)) {
      headers.vary = 'Accept-Encoding';
      const variants = new Map();
      for (const [name, suffix] of ENCODINGS) {
        const bytes = await readIfFile(file + suffix);
        if (bytes) variants.set(name, bytes);
      }
      coding = chooseEncoding(req.headers['accept-encoding'], [...variants.keys()]);
      if (coding === null) {
        res.writeHead(406, { 'content-type': 'text/plain; charset=utf-8', vary: 'Accept-Encoding' }).end('no acceptable encoding');
        return;
      }
      if (coding !== 'identity') {
        sent = variants.get(coding);
        headers['content-encoding'] = coding;
      }
    }
    // An ETag per representation: the file's content, and the coding it is sent in.
    headers.etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}${coding === 'identity' ? '' : `-${coding}`}"`;
    const match = req.headers['if-none-match'];
    if (match && match.split(',').map((t) => t.trim().replace(/^W\//, '')).includes(headers.etag)) {
      delete headers['content-type'];
      res.writeHead(304, headers).end();
      return;
    }
    headers['content-length'] = sent.length;
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : sent);
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(process.argv[3] || join(dirname(fileURLToPath(import.meta.url)), '..', 'build-web', 'site'));
  const port = Number(process.argv[2] ?? 8080);
  const timeout = Number(process.env.REFRAIN_WHAT_CHANGES_TIMEOUT_MS);
  const server = createSiteServer(root, { refrain: process.env.REFRAIN_BIN || '',
    whatChanges: Number.isFinite(timeout) && timeout > 0 ? { timeoutMs: timeout } : {} });
  server.on('error', (e) => { console.error(`web/serve.mjs: ${e.message}`); process.exit(1); });
  server.listen(port, '127.0.0.1', () => console.log(`serving http://127.0.0.1:${server.address().port}/`));
}
