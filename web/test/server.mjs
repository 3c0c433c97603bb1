// Starts web/serve.mjs on a free port for the tests and waits for its
// readiness line ("serving URL") — no polling, no sleeps: it resolves on the
// line, and rejects, with what the server printed, when the server exits or
// the deadline passes first.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const serveScript = fileURLToPath(new URL('../serve.mjs', import.meta.url));

// Returns {url, stop()}.
export function startServer(siteDir, { deadlineMs = 10000 } = {}) {
  const child = spawn(process.execPath, [serveScript, '0', siteDir], { stdio: ['ignore', 'pipe', 'pipe'] });
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
      child.off('exit', onExit);
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
    child.on('exit', onExit);
    child.on('error', (e) => fail(`could not start: ${e.message}`));
  });
}
