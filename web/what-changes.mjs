// POST /api/what-changes: what publishing an artist's edited terms would change, proven by the
// native `refrain diff` (the Z3-based analyser, docs/analysis.md) over the whole bundle. The
// analyser is not in the WebAssembly modules: Debian's Emscripten packages have no Z3 to link
// (docs/web.md, "What changes"), so this server runs the native CLI.
//
// The request: {"party": ARTIST, "published": TEXT or null, "edited": TEXT}. The artist's file
// is the example policy `by artist "ARTIST"` (as the portal finds it), else ARTIST.refrain; the
// other example policies and the example catalog of the site (its examples-….json, the ones the
// page loaded) are the rest of both sides. The answer: refrain diff's JSON, with
// "files": {"published", "edited"}, the names its rule references give the two versions.
//
// Each analysis runs in a private temporary folder, removed afterwards, without a shell (an
// argument array), with a deadline after which the child is killed by its PID; one runs at a
// time and a few wait their turn, after which the answer is 429. Bad input is a 4xx with
// {"error"} (and {"diagnostics"} for sources that do not compile); a missing native tool 503.
import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const DEFAULTS = {
  maxBodyBytes: 256 * 1024,   // a request's body; each source is far smaller
  timeoutMs: 60000,           // for one analysis; then the child is killed
  maxWaiting: 4,              // analyses waiting for the one running; more get 429
  maxOutputBytes: 8 * 1024 * 1024,
};

const PARTY = /^[a-z0-9][a-z0-9._-]{0,127}$/;

class HttpError extends Error {
  constructor(status, message, extra = {}) {
    super(message);
    this.status = status;
    this.extra = extra;
  }
}

function send(res, status, body, headers = {}) {
  const text = `${JSON.stringify(body)}\n`;
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store',
    'x-content-type-options': 'nosniff', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

// The body as text, refused past `limit` bytes (413) without reading the rest into memory.
function readBody(req, limit) {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      reject(new HttpError(413, `The request is larger than ${limit} bytes.`));
      req.resume();
      return;
    }
    const chunks = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk) => {
      if (refused) return;
      size += chunk.length;
      if (size > limit) {
        refused = true;
        chunks.length = 0;
        reject(new HttpError(413, `The request is larger than ${limit} bytes.`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => { if (!refused) resolve(Buffer.concat(chunks).toString('utf8')); });
    req.on('error', (e) => { if (!refused) reject(e); });
  });
}

// The example policies and catalog of the site: the examples-….json the pages load.
async function loadExamples(root) {
  const names = (await readdir(root)).filter((f) => /^examples(-[A-Z0-9]{8,})?\.json$/.test(f));
  if (names.length !== 1) return null;
  const examples = JSON.parse(await readFile(join(root, names[0]), 'utf8'));
  const artists = new Set();
  for (const line of examples.catalog.split('\n')) {
    if (!line.trim()) continue;
    for (const r of JSON.parse(line).rightsholders || []) if (r.role === 'artist') artists.add(r.party);
  }
  return { policies: examples.policies, catalog: examples.catalog, artists };
}

// The checked request: {party, published (text or null), edited}.
function readRequest(text, examples) {
  let body;
  try {
    body = JSON.parse(text);
  } catch (e) {
    throw new HttpError(400, `The request is not JSON: ${e.message}`);
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw new HttpError(400, 'The request must be a JSON object: {"party", "published", "edited"}.');
  const { party, published = null, edited } = body;
  if (typeof party !== 'string' || !party) throw new HttpError(400, 'Missing "party": the artist whose terms change.');
  if (!PARTY.test(party) || !examples.artists.has(party))
    throw new HttpError(400, `"party" must be an artist of the example catalog; "${party.slice(0, 80)}" is not.`);
  if (published !== null && typeof published !== 'string')
    throw new HttpError(400, '"published" must be the text of the published policy, or null when there is none.');
  if (typeof edited !== 'string') throw new HttpError(400, 'Missing "edited": the text of the edited policy.');
  if (!edited.trim()) throw new HttpError(400, '"edited" is empty: send the text of the edited policy.');
  return { party, published: published && published.trim() ? published : null, edited };
}

// Runs `bin` with `args` in `cwd`: {code, signal, stdout, stderr, timedOut, tooLarge}.
function run(bin, args, cwd, { timeoutMs, maxOutputBytes }) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], shell: false });
    const out = [];
    const err = [];
    let size = 0;
    let timedOut = false;
    let tooLarge = false;
    const stop = () => {
      try { process.kill(child.pid, 'SIGKILL'); } catch { /* already gone */ }
    };
    const timer = setTimeout(() => { timedOut = true; stop(); }, timeoutMs);
    const collect = (into) => (chunk) => {
      size += chunk.length;
      if (size > maxOutputBytes) { if (!tooLarge) { tooLarge = true; stop(); } return; }
      into.push(chunk);
    };
    child.stdout.on('data', collect(out));
    child.stderr.on('data', collect(err));
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, timedOut, tooLarge,
        stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}

function duration(ms) {
  return ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`;
}

// The file of `party` among the example policies, as the portal finds it (published.js).
function artistFile(policies, party) {
  const mine = policies.find((p) => new RegExp(`by\\s+artist\\s+"${party.replace(/[.]/g, '\\.')}"`).test(p.text));
  return mine ? mine.name : `${party}.refrain`;
}

export class WhatChanges {
  // root: the site (its examples-….json); refrain: the native CLI's path, or '' when there is none.
  constructor(root, refrain, options = {}) {
    this.root = root;
    this.refrain = refrain || '';
    this.options = { ...DEFAULTS, ...options };
    this.examples = null;
    this.running = false;
    this.waiting = [];  // resolvers of the analyses waiting for their turn
  }

  // Answers one HTTP request; never throws.
  async handle(req, res) {
    try {
      if (req.method !== 'POST') throw new HttpError(405, 'Use POST with a JSON body.', { headers: { allow: 'POST' } });
      const text = await readBody(req, this.options.maxBodyBytes);
      this.examples ??= await loadExamples(this.root);
      if (!this.examples) throw new HttpError(503, 'The site has no examples.json to take the other policies and the catalog from.');
      const request = readRequest(text, this.examples);
      await this.checkTool();
      send(res, 200, await this.turn(() => this.analyse(request)));
    } catch (e) {
      if (e instanceof HttpError) send(res, e.status, { error: e.message, ...(e.extra.body || {}) }, e.extra.headers);
      else {
        console.error(`web/serve.mjs: what-changes: ${e.stack || e}`);
        if (!res.headersSent) send(res, 500, { error: `The analysis failed: ${e.message}` });
        else res.destroy();
      }
    }
  }

  async checkTool() {
    if (!this.refrain) throw new HttpError(503, 'The native refrain tool is not configured: start the server with REFRAIN_BIN (web/serve.sh does).');
    try {
      await access(this.refrain, constants.X_OK);
    } catch {
      throw new HttpError(503, `The native refrain tool is not there (${this.refrain}): build it with .ci/build build --target refrain.`);
    }
  }

  // Runs `task` when no other analysis runs; 429 when too many wait already.
  async turn(task) {
    if (this.running) {
      if (this.waiting.length >= this.options.maxWaiting)
        throw new HttpError(429, 'The server is busy with other analyses: try again in a few seconds.', { headers: { 'retry-after': '5' } });
      await new Promise((resolve) => this.waiting.push(resolve));
    }
    this.running = true;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();  // the turn passes straight on: `running` stays true
      else this.running = false;
    }
  }

  async analyse({ party, published, edited }) {
    const { policies, catalog } = this.examples;
    const file = artistFile(policies, party);
    const others = policies.filter((p) => p.name !== file);
    const dir = await mkdtemp(join(tmpdir(), 'refrain-what-changes-'));
    try {
      await mkdir(join(dir, 'published'));
      await mkdir(join(dir, 'edited'));
      for (const p of others) await writeFile(join(dir, p.name), p.text);
      await writeFile(join(dir, 'works.jsonl'), catalog);
      const files = { published: published === null ? null : `published/${file}`, edited: `edited/${file}` };
      if (published !== null) await writeFile(join(dir, files.published), published);
      await writeFile(join(dir, files.edited), edited);
      const names = others.map((p) => p.name);
      const args = ['diff', '--old', ...names, ...(files.published ? [files.published] : []), '--catalog', 'works.jsonl',
        '--new', ...names, files.edited, '--catalog', 'works.jsonl', '--format', 'json'];
      const result = await run(this.refrain, args, dir, this.options);
      if (result.timedOut)
        throw new HttpError(504, `The analysis took longer than ${duration(this.options.timeoutMs)} and was stopped.`);
      if (result.tooLarge) throw new HttpError(500, 'The analysis wrote more than the server reads; it was stopped.');
      if (result.code === 0) return { ...JSON.parse(result.stdout), files };
      const lines = result.stderr.split('\n').filter(Boolean);
      const side = /the sources of --(old|new) have errors/.exec(result.stderr)?.[1];
      if (result.code === 2 && side) {
        throw new HttpError(400, side === 'old' ? 'The published policy does not compile.' : 'The edited policy does not compile.',
          { body: { side: side === 'old' ? 'published' : 'edited', diagnostics: lines.filter((l) => !/^refrain: /.test(l)) } });
      }
      throw new HttpError(500, `refrain diff failed (${result.signal || `exit status ${result.code}`}): ${lines.slice(0, 5).join(' ') || 'no message'}`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}
