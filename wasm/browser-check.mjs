// Opens the JS package in headless Chromium (Debian's `chromium`, driven by playwright-core) against
// a localhost server, and prints the page's result: the decision for an example request, and a
// compile's diagnostics. wasm/browser-check.sh compares it with the native CLI.
//
//   node wasm/browser-check.mjs PLAYWRIGHT_CORE_DIR URL
import { createRequire } from 'node:module';

const [playwrightDir, url] = process.argv.slice(2);
const { chromium } = createRequire(`${playwrightDir}/`)('playwright-core');
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage();
  await page.goto(url);
  await page.waitForFunction(() => /DONE|FAILED/.test(document.getElementById('out').textContent), null, { timeout: 30000 });
  process.stdout.write(await page.$eval('#out', (e) => e.textContent));
} finally {
  await browser.close();
}
