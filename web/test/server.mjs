// Starts web/serve.mjs on a free port for the tests and waits for its
// readiness line ("serving URL") — no polling, no sleeps: it resolves on the
// line, and rejects, with what the server printed, when the server exits or
// the deadline passes first.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const serveScript = fileURLToPath(new URL('../serve.mjs', import.meta.url));

// Returns {url, stop()}. `args` replaces Node's arguments (the tests of this function use it);
// `env` adds to the environment the server inherits (REFRAIN_BIN: the native CLI for /api/what-changes).
export function startServer(siteDir, { deadlineMs = 10000, args = [serveScript, '0', siteDir], env = {} } = {}) {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let output = '';
  return new Promise((resolve, reject) => {
    const fail = (why) => {
      clearTimeout(timer);
      child.kill();
      reject(new Error(`web/serve.mjs ${why}; it printed:\n${output || '(nothing)'}`));
    };
    const timer = setTimeout(() => fail(`printed no "serving" line within ${deadlineMs} ms`), deadlineMs);
    const onData = (chunk) => {
      output += chunk;
      const m = /^serving (\S+)$/m.exec(output);
      if (!m) return;
      clearTimeout(timer);
      child.off('close', onExit);
      resolve({
        url: m[1],
        stop: () => new Promise((done) => {
          if (child.exitCode !== null || child.signalCode !== null) { done(); return; }
          child.once('exit', () => done());
          child.kill();
        }),
      });
    };
    const onExit = (code, signal) => fail(`exited (${signal || `status ${code}`}) before it was ready`);
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', (chunk) => { output += chunk; });
    child.on('close', onExit);  // after its output is read, so the message has all of it
    child.on('error', (e) => fail(`could not start: ${e.message}`));
  });
}
