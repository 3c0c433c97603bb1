// End-to-end tests of the artist portal and the playground in headless
// Chromium (Debian's /usr/bin/chromium, driven by playwright-core), against
// the built pages, which it serves on localhost with web/serve.mjs. Prints
// one line per test and "N passed, M failed".
//
//   node web/test/e2e.mjs SITE_DIR REFRAIN_BIN SCREENSHOT_DIR [PATTERN]
// PATTERN (a regular expression) runs only the tests whose names match, and says so;
// web/test.sh never passes one.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { decodeState, encodeState } from '../src/playground/share.js';
import { conditionLines } from '../src/shared/conditions.js';
import { formatTime } from '../src/shared/dates.js';
import { formatMoney } from '../src/shared/money.js';
import * as denyCases from './deny-cases.mjs';
import { startServer } from './server.mjs';

const [site, refrain, shots, only] = process.argv.slice(2);
const examples = new URL('../../examples/', import.meta.url).pathname;
const examplePolicies = readdirSync(join(examples, 'policies')).filter((f) => f.endsWith('.refrain')).sort()
  .map((name) => ({ name, text: readFileSync(join(examples, 'policies', name), 'utf8') }));
const exampleCatalog = readFileSync(join(examples, 'catalog', 'works.jsonl'), 'utf8');
mkdirSync(shots, { recursive: true });
const server = await startServer(site, { env: { REFRAIN_BIN: refrain } });
const base = server.url;

const DESKTOP = { width: 1400, height: 900 };
const PHONE = { width: 390, height: 844 };

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});

function check(condition, message) {
  if (!condition) throw new Error(message);
}

function equal(actual, expected, what) {
  if (actual !== expected) throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

async function openPage(path, viewport = DESKTOP) {
  const page = await browser.newPage({ viewport });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.errors = errors;
  await page.goto(new URL(path, base).href);
  await settle(page);
  return page;
}

// Waits until the page is idle: no compile or decision scheduled or running
// (the pages keep document.body.dataset.idle). Fails after 30 s. Then checks
// that every verdict the page shows is the native CLI's for the same
// sources and request (and, in the portal, every payout to the artist).
async function settle(page) {
  await page.waitForFunction(() => document.body.dataset.idle === 'true', null, { timeout: 30000 });
  if (page.url().includes('portal.html')) {
    await portalAgreesWithNative(page);
    await signalsAgreeWithNative(page);
  }
  else if (page.url().includes('playground.html')) await playgroundAgreesWithNative(page);
  page.settled = (page.settled || 0) + 1;
}

// `refrain eval` of `requests` (JSON texts) against `files` and `catalog`: the decision objects.
function nativeDecisions(files, catalog, requests) {
  const dir = mkdtempSync(join(tmpdir(), 'refrain-web-'));
  try {
    for (const f of files) writeFileSync(join(dir, f.name), f.text);
    writeFileSync(join(dir, 'works.jsonl'), catalog);
    writeFileSync(join(dir, 'requests.jsonl'), requests.map((r) => `${r}\n`).join(''));
    const out = execFileSync(refrain, ['eval', ...files.map((f) => f.name), '--catalog', 'works.jsonl', '--requests', 'requests.jsonl'],
      { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return out.split('\n').filter(Boolean).map((line) => JSON.parse(line));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

let nativeChecks = 0;  // verdicts compared with refrain eval, reported at the end

// Every answer the portal shows (the samples and one's own request carry their request in
// data-request) against `refrain eval` of the example policies with the generated one in place
// of the artist's, in the page's order: the verdict, and the payout to the artist to the digit.
async function portalAgreesWithNative(page) {
  const shown = await page.evaluate(() => ({
    current: document.getElementById('answers').dataset.current,
    ok: document.getElementById('status').dataset.ok,
    file: document.getElementById('policy-file').textContent,
    source: document.getElementById('policy-source').textContent,
    artist: document.getElementById('artist').value,
    answers: [...document.querySelectorAll('[data-request][data-decision]')].map((el) => ({
      request: el.dataset.request, decision: el.dataset.decision,
      badge: el.querySelector('.badge')?.textContent, payout: [...el.querySelectorAll('.money')].map((m) => m.textContent) })),
    badges: document.querySelectorAll('#answers .badge').length,
  }));
  if (shown.current !== 'true' || shown.ok !== 'true') {
    equal(shown.badges, 0, `verdicts shown while the answers are not current (data-current ${shown.current}, status ok ${shown.ok})`);
    return;
  }
  equal(shown.badges, shown.answers.length, 'every verdict shown carries its request');
  if (!shown.answers.length) return;
  const files = [...examplePolicies.filter((p) => p.name !== shown.file), { name: shown.file, text: shown.source }];
  const native = nativeDecisions(files, exampleCatalog, shown.answers.map((a) => a.request));
  shown.answers.forEach((a, i) => {
    const d = native[i];
    const what = `portal answer to ${a.request}`;
    equal(a.decision, d.decision, `${what}: verdict against refrain eval`);
    equal(a.badge, d.decision, `${what}: verdict shown`);
    const payout = d.payments.flatMap((p) => p.payees.filter((x) => x.party === shown.artist).map((x) => formatMoney(x.amount, p.currency)));
    equal(a.payout.join(', '), payout.join(', '), `${what}: payout against refrain eval`);
    nativeChecks += 1;
  });
}

let signalChecks = 0;  // signals compared with refrain signals export, reported at the end

// The `refrain signals export` arguments of each artefact of the "Publish my choices" card.
const SIGNAL_FORMATS = { rsl: ['--format', 'rsl'], aipref: ['--format', 'aipref'], robots: ['--format', 'aipref', '--robots'],
  tdmrep: ['--format', 'tdmrep'], cawg: ['--format', 'cawg'], iptc: ['--format', 'iptc'] };

// `refrain signals export` of `files` and `catalog` with `args`, for each of `formats`:
// {format: {status, stdout, stderr}}.
function nativeSignals(files, catalog, args, formats) {
  const dir = mkdtempSync(join(tmpdir(), 'refrain-web-'));
  try {
    for (const f of files) writeFileSync(join(dir, f.name), f.text);
    writeFileSync(join(dir, 'works.jsonl'), catalog);
    return Object.fromEntries(formats.map((format) => {
      const run = spawnSync(refrain, ['signals', 'export', ...files.map((f) => f.name), '--catalog', 'works.jsonl', ...args,
        ...SIGNAL_FORMATS[format]], { cwd: dir, encoding: 'utf8' });
      return [format, { status: run.status, stdout: run.stdout, stderr: run.stderr }];
    }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// The example policies and catalog the page loaded (a test may have rewritten them on their way):
// the signals are taken now, so a policy version a test adds may be in force.
async function pageExamples(page) {
  page.examples ??= await page.evaluate(async () => {
    const url = performance.getEntriesByType('resource').map((e) => e.name).find((n) => /\/examples-[A-Z0-9]+\.json$/.test(n));
    return (await fetch(url)).json();
  });
  return page.examples;
}

// What the "Publish my choices" card shows against `refrain signals export` of the same sources
// (the policies the page loaded, the generated one in place of the artist's) with the card's party,
// work, path and RSL address at the card's timestamp: each artefact byte for byte, and each one
// not shown refused natively too. While the card is not current it shows no artefact at all.
async function signalsAgreeWithNative(page) {
  const card = await page.evaluate(() => {
    const el = document.getElementById('publish');
    return { ...el.dataset, at: document.getElementById('publish-as-of').dataset.at,
      file: document.getElementById('policy-file').textContent, source: document.getElementById('policy-source').textContent,
      artefacts: [...el.querySelectorAll('.artefact')].map((a) => ({ signal: a.dataset.signal, text: a.querySelector('pre')?.textContent })) };
  });
  if (card.current !== 'true') {
    equal(card.artefacts.length, 0, 'artefacts shown while the signals are not current');
    return;
  }
  equal(card.artefacts.map((a) => a.signal).join(' '), Object.keys(SIGNAL_FORMATS).join(' '), 'the artefacts shown');
  const examples = await pageExamples(page);
  const files = [...examples.policies.filter((p) => p.name !== card.file), { name: card.file, text: card.source }];
  const args = ['--party', card.party, ...(card.work ? ['--work', card.work] : []), '--at', card.at, '--url', card.url,
    ...(card.rslUrl ? ['--rsl-url', card.rslUrl] : [])];
  const native = nativeSignals(files, examples.catalog, args, Object.keys(SIGNAL_FORMATS));
  for (const { signal, text } of card.artefacts) {
    const what = `${signal} signal of ${args.join(' ')}`;
    if (text === undefined) check(native[signal].status !== 0, `${what}: not shown, but refrain signals export writes it`);
    else equal(text, native[signal].stdout, `${what}: against refrain signals export`);
    signalChecks += 1;
  }
}

// The playground's shown decision against `refrain eval` of the state in its address.
async function playgroundAgreesWithNative(page) {
  if (!(await page.locator('#decision-json').count())) {
    equal(await page.locator('#verdict').count(), 0, 'a verdict without its decision JSON');
    return;
  }
  const native = await nativeDecision(page.url());
  equal(await page.textContent('#decision-json'), native, 'playground decision JSON against refrain eval');
  equal(await page.textContent('#verdict'), JSON.parse(native).decision, 'playground verdict against refrain eval');
  nativeChecks += 1;
}

// Runs `edit` (which changes something the page reacts to at once: the page
// turns busy in the event handler) and waits for the page to be idle again.
async function afterEdit(page, edit) {
  await edit();
  await settle(page);
}

function sampleRow(page, label) {
  return page.locator(`tr[data-sample="${label}"]`);
}

async function chooseWork(page, id) {
  await afterEdit(page, () => page.selectOption('#sample-work', id));
}

async function openDetails(box) {
  if (!(await box.evaluate((d) => d.open))) await box.locator(':scope > summary').click();
}

async function openTerms(page, use) {
  await openDetails(page.locator(`.use[data-use="${use}"] details.conditions-box`));
}

// Line `n` (1-based) of the generated policy shown on the page.
async function policyLine(page, n) {
  return (await page.textContent('#policy-source')).split('\n')[n - 1];
}

async function noHorizontalScroll(page, what) {
  const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  check(scroll <= width, `${what}: the page is ${scroll}px wide in a ${width}px window`);
}

async function everyControlLabelled(page, what) {
  const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea, button')]
    .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !(el.tagName === 'BUTTON' && el.textContent.trim()))
    .map((el) => el.outerHTML.slice(0, 80)));
  check(unlabelled.length === 0, `${what}: controls without a label: ${unlabelled.join(' | ')}`);
}

const tests = [];
const test = (name, fn) => tests.push({ name, fn });

test('portal: opting out of voice clones turns the voice-clone request to deny, naming the artist', async () => {
  const page = await openPage('portal.html?artist=kofi-mensah');
  await chooseWork(page, 'SEHLR2400012');  // Accra Skyline, tagged voice-licensed by Harbor Line
  const row = sampleRow(page, 'A voice clone by a verified company');
  equal(await row.getAttribute('data-decision'), 'allow', 'before opting out');
  await afterEdit(page, () => page.locator('.use[data-use="ai.generate.voice"] .choice-out label').click());
  equal(await row.getAttribute('data-decision'), 'deny', 'after opting out');
  const deny = row.locator('li.why-deny');
  equal(await deny.count(), 1, 'deny reasons');
  equal(await deny.getAttribute('data-party'), 'kofi-mensah', 'the party that denies');
  const text = await deny.textContent();
  const m = text.match(/^You say no to voice clones \(line (\d+) of your policy\)\.$/);
  check(m, `reason text: ${text}`);
  const line = await policyLine(page, Number(m[1]));
  check(/^ {2}deny .*\bai\.generate\.voice\b/.test(line), `line ${m[1]} is not the opt-out: ${line}`);
  equal(await row.locator('.payout').textContent(), '—', 'payout after opting out');
  check(page.errors.length === 0, page.errors.join('; '));
  await page.close();
});

test('portal: a per-unit price with a split gives the exact payout to the artist', async () => {
  const page = await openPage('portal.html?artist=kofi-mensah');
  await chooseWork(page, 'SEHLR2400012');
  const row = sampleRow(page, 'A voice clone by a verified company');
  // As published: max(500.00 USD, 0.02 USD * units) on 40,000 units, all to Kofi.
  equal(await row.locator('.payout').textContent(), 'USD 800.00', 'payout as published');
  await openTerms(page, 'ai.generate.voice');
  const voice = 'ai.generate.voice';
  await page.selectOption(`select[name="${voice}-price-kind"]`, 'unit');
  await page.fill(`input[name="${voice}-price-amount"]`, '0.0315');
  await page.fill(`input[name="${voice}-price-minimum"]`, '');
  await page.fill(`input[name="${voice}-split-artist"]`, '70');
  await afterEdit(page, () => page.fill(`input[name="${voice}-split-label"]`, '30'));
  check((await page.textContent('#policy-source')).includes('    pay 0.0315 USD * units\n    split artist 70%, label 30%\n'),
    'the generated policy has the per-unit price and the split');
  // 40,000 units × 0.0315 USD = 1260 USD; 70% to the artist.
  equal(await row.locator('.payout').textContent(), 'USD 882.00', 'payout to the artist');
  equal((await row.locator('td[data-label="Duties"] li').allTextContents()).join('\n'), [
    'For you — label the output as AI: “AI voice of Kofi Mensah, from his licensed voice model”',
    'For you — credit: “Voice: Kofi Mensah (AI)”',
    'For the platform Streamco — label the output as AI: “Label the output as AI-generated”',
  ].join('\n'), 'duties');
  await page.close();
});

test('portal: the artist is "you", others by name, uses in plain words first, amounts and dates in one format', async () => {
  const page = await openPage('portal.html?artist=kofi-mensah');
  await chooseWork(page, 'SEHLR2400012');
  const work = page.locator('table.works tr', { hasText: 'Accra Skyline' });
  equal(await work.locator('td[data-label="Released"]').textContent(), '12 April 2024', 'release date');
  equal(await work.locator('td[data-label="Rights holders"]').textContent(), 'you (artist), Harbor Line (label)', 'rights holders');
  const row = sampleRow(page, 'A voice clone by a verified company');
  equal(await row.locator('td[data-label="Request"] .muted').textContent(),
    'Voice clones (ai.generate.voice) · voicebox-ai (verified company), commercial, in GB, 40,000 units, on 1 May 2026, 12:00 UTC',
    'request');
  equal(await row.locator('li.why-allow').first().textContent(), 'Harbor Line (label) allows it (policy "harbor-line-ai", rule harbor-line.refrain:27).',
    'first allow');
  equal(await page.textContent('.use[data-use="ai.generate.voice"] .terms'),
    'verified requesters · in GH, NG, GB, US + EU · any purpose · USD 0.02 per unit, at least USD 500.00 · an extra condition',
    'terms of the voice opt-in');
  await page.close();
});

// The message next to the input named `name`: its own message box (data-for), which its
// aria-describedby must name; and whether the input is marked aria-invalid.
async function fieldMessage(page, name) {
  return page.evaluate((n) => {
    const input = document.querySelector(`[name="${n}"]`);
    const ids = (input.getAttribute('aria-describedby') || '').split(' ');
    const box = ids.map((id) => document.getElementById(id)).find((el) => el && el.dataset.for === n);
    return { invalid: input.getAttribute('aria-invalid'), message: box && !box.hidden ? box.textContent : box ? '' : 'NO MESSAGE BOX' };
  }, name);
}

// Types `value` into the field named `name`, and checks that the page shows `message` next to it
// (or, for '', no message), with aria-invalid, and, with a message, no answer at all and no
// compiler message.
// `group`: a message of the field's group (a split's total, "Where") is expected too.
async function typeAndCheck(page, name, value, message, { what = `${name} = ${JSON.stringify(value)}`, group = false } = {}) {
  await afterEdit(page, () => page.fill(`[name="${name}"]`, value));
  const shown = await fieldMessage(page, name);
  equal(shown.message, message, `${what}: message`);
  equal(shown.invalid, message || group ? 'true' : null, `${what}: aria-invalid`);
  if (message || group) {
    equal(await page.locator('tr[data-decision], .own-result, .badge').count(), 0, `${what}: answers shown`);
    equal(await page.isHidden('#diagnostics-box'), true, `${what}: a compiler message is shown`);
  }
}

test('portal: a split that does not add up is told next to the split, and no answers are shown', async () => {
  const page = await openPage('portal.html?artist=kofi-mensah');
  await openTerms(page, 'ai.generate.voice');
  await page.fill('input[name="ai.generate.voice-split-artist"]', '70');
  await typeAndCheck(page, 'ai.generate.voice-split-label', '20', '', { group: true });
  const split = await page.textContent('small.field-error[data-for="ai.generate.voice-split"]');
  equal(split, 'The shares add up to 90%; they must add up to exactly 100% (or leave them all blank: everything goes to you).', 'split');
  equal((await fieldMessage(page, 'ai.generate.voice-split-label')).invalid, 'true', 'the shares are marked');
  equal(await page.getAttribute('#status', 'data-ok'), 'false', 'status');
  equal(await page.textContent('#samples'), 'No answers while a field of your terms needs a fix: see the marked fields.', 'samples');
  equal(await page.isHidden('#diagnostics-box'), true, 'no compiler message');
  await typeAndCheck(page, 'ai.generate.voice-split-label', '30', '');
  equal(await page.locator('tr[data-decision]').count(), 9, 'answers after the fix');
  await page.close();
});

test('portal: prices, percentages, places, dates and credit lines are checked where they are typed, in plain words', async () => {
  const page = await openPage('portal.html?artist=kofi-mensah');
  await chooseWork(page, 'SEHLR2400012');
  await openTerms(page, 'ai.generate.voice');
  const v = 'ai.generate.voice';
  // As published: a per-unit price with a minimum.
  for (const [value, message] of [
    ['0,02', 'Use a point for decimals: 0.02, not 0,02.'],
    ['$0.02', 'Write only the number: the currency is chosen in the list beside it.'],
    ['70%', 'This is an amount of money, not a percentage: write a number such as 0.02.'],
    ['-0.02', 'A price cannot be negative.'],
    ['0.0000001', 'Amounts have at most six decimals, such as 0.000125.'],
    ['', 'Enter the price per unit, such as 0.02 or 1500.00.'],
    ['0.02', ''],
  ]) await typeAndCheck(page, `${v}-price-amount`, value, message);
  await typeAndCheck(page, `${v}-price-minimum`, '500,00', 'Use a point for decimals: 500.00, not 500,00.');
  await typeAndCheck(page, `${v}-price-minimum`, '', '');
  await afterEdit(page, () => page.selectOption(`select[name="${v}-price-kind"]`, 'percent'));
  for (const [value, message] of [
    ['120', 'A percentage cannot be more than 100.'],
    ['70%', 'Write just the number, without the % sign: 70.'],
    ['-5', 'A percentage cannot be negative.'],
    ['5', ''],
  ]) await typeAndCheck(page, `${v}-price-amount`, value, message);
  await typeAndCheck(page, `${v}-split-artist`, '120', 'A percentage cannot be more than 100.');
  await typeAndCheck(page, `${v}-split-artist`, '', '');
  await typeAndCheck(page, `${v}-territories`, 'GH, Ghana', '“Ghana” is not a country code: use two-letter ISO codes such as US, GB or SE, separated by commas.');
  await typeAndCheck(page, `${v}-territories`, 'GH, QQ', '“QQ” is not a country code we know: use two-letter ISO codes such as US, GB or SE.');
  await typeAndCheck(page, `${v}-territories`, 'GH, eu', 'EU is a region: tick it above instead of typing it here.');
  await typeAndCheck(page, `${v}-territories`, 'gh, ng', '');
  await page.fill(`[name="${v}-from"]`, '2027-01-01');
  await typeAndCheck(page, `${v}-until`, '2026-06-01',
    '“Until” must be after “From”: the terms run from the first day up to, but not including, the second.');
  await typeAndCheck(page, `${v}-until`, '2027-01-01',
    '“Until” must be after “From”: the terms run from the first day up to, but not including, the second.', { what: 'an empty window' });
  await typeAndCheck(page, `${v}-until`, '2028-01-01', '');
  await page.fill('[name="effective"]', '2027-01-01');
  await typeAndCheck(page, 'expires', '2026-01-01',
    '“Your terms end on” must be after “Your terms take effect on”: the terms run from the first day up to, but not including, the second.');
  await typeAndCheck(page, 'expires', '', '');
  await typeAndCheck(page, `${v}-attribution`, 'Voice: {artist}',
    'Curly braces fill in a detail of the request: only {work.title} (the title of the work) can be used. For a brace itself, write {{ or }}.');
  await typeAndCheck(page, `${v}-attribution`, 'Voice of {work.title}: Kofi Mensah {{AI}}', '');
  const source = await page.textContent('#policy-source');
  check(source.includes('         and territory in [GH, NG] + EU\n'), 'the countries as typed, in capitals');
  check(source.includes('    pay max(500.00 USD, 5% * revenue)\n') === false && source.includes('    pay 5% * revenue\n'), `the price: ${source}`);
  check(source.includes('    duty attribution "Voice of {work.title}: Kofi Mensah {{AI}}"\n'), 'the credit line');
  equal(await page.locator('tr[data-decision]').count(), 9, 'answers once every field is fine');
  equal(page.errors.join('; '), '', 'page errors');
  await page.close();
});

test('portal: ticking a second purpose or region keeps the first', async () => {
  const page = await openPage('portal.html?artist=kofi-mensah');
  await openTerms(page, 'ai.generate.voice');
  const v = 'ai.generate.voice';
  await afterEdit(page, () => page.check(`[name="${v}-purpose-commercial"]`));
  await afterEdit(page, () => page.check(`[name="${v}-purpose-research"]`));
  await afterEdit(page, () => page.check(`[name="${v}-region-EEA"]`));
  const source = await page.textContent('#policy-source');
  check(source.includes('         and territory in [GH, NG, GB, US] + EU + EEA\n'), `regions: ${source}`);
  check(source.includes('         and purpose in ["commercial", "research"]\n'), `purposes: ${source}`);
  await page.close();
});

test('portal: an empty list of places is an error next to "Where", never the whole world', async () => {
  const page = await openPage('portal.html?artist=kofi-mensah');
  await chooseWork(page, 'SEHLR2400012');
  await openTerms(page, 'ai.generate.voice');
  const v = 'ai.generate.voice';
  await afterEdit(page, () => page.uncheck(`[name="${v}-region-EU"]`));
  await typeAndCheck(page, `${v}-territories`, '', '', { group: true });
  equal(await page.textContent(`small.field-error[data-for="${v}-where"]`),
    'Choose at least one region or country, or choose Anywhere. (To allow this use nowhere, opt out of it instead.)', 'where');
  const describedBy = await page.getAttribute(`[name="${v}-territories"]`, 'aria-describedby');
  check(describedBy.split(' ').includes(await page.getAttribute(`small.field-error[data-for="${v}-where"]`, 'id')),
    'the countries are described by the message on where');
  equal(await page.locator('tr[data-decision]').count(), 0, 'no answers');
  // Shown but not compiled; and even as text it means nowhere, not the whole world.
  check((await page.textContent('#policy-source')).includes('         and territory in []\n'), 'the empty list is kept in the text');
  equal(await page.textContent('#source-note'), 'Not compiled: a field of your terms needs a fix.', 'source note');
  // Anywhere, chosen: no condition on where, said so.
  await afterEdit(page, () => page.check(`[name="${v}-where"][value="anywhere"]`));
  equal(await page.locator(`small.field-error[data-for="${v}-where"]:visible`).count(), 0, 'no message once Anywhere is chosen');
  check(!/territory in/.test(await page.textContent('#policy-source')), 'no territory condition');
  equal(await page.textContent(`.use[data-use="${v}"] .terms`),
    'verified requesters · anywhere · any purpose · USD 0.02 per unit, at least USD 500.00 · an extra condition', 'terms');
  await page.close();
});

test('portal: the fields of one\'s own request are checked where they are typed; a blank units field is "not stated"', async () => {
  const page = await openPage('portal.html?artist=kofi-mensah');
  await page.selectOption('#own-form select[name="use"]', 'ai.generate.voice');
  await page.selectOption('#own-form select[name="work"]', 'SEHLR2400012');
  await page.fill('#own-form input[name="territory"]', 'GB');
  for (const [name, value, message] of [
    ['units', '60,000', 'Write the number without commas, points or spaces: 60000.'],
    ['units', '-5', 'Units cannot be negative.'],
    ['units', 'lots', 'Units are a whole number, such as 40000 (or leave it blank: not stated).'],
    ['revenue', '$20000', 'Write the revenue as an amount and a currency code, such as 20000.00 USD (or leave it blank: not stated).'],
    ['territory', 'Britain', 'A two-letter country code, such as US, GB or SE (or leave it blank: not stated).'],
    ['time', 'tomorrow', 'Say when, such as 2026-05-01 or 2026-05-01T12:00:00Z.'],
    ['requester', '', 'Say who is asking, such as acme-ai.'],
  ]) {
    const before = await page.inputValue(`#own-form [name="${name}"]`);
    await page.fill(`#own-form [name="${name}"]`, value);
    const shown = await fieldMessage(page, name);
    equal(shown.message, message, `${name} = ${value}`);
    equal(shown.invalid, 'true', `${name} = ${value}: aria-invalid`);
    await afterEdit(page, () => page.click('#own-form button[type="submit"]'));
    equal(await page.textContent('#own-result'), 'No answer: fix the marked fields of your request.', `${name} = ${value}: no answer`);
    await page.fill(`#own-form [name="${name}"]`, before);
    equal((await fieldMessage(page, name)).invalid, null, `${name} back to ${before}`);
  }
  // Blank units: the request does not state them, and the per-unit price cannot be worked out.
  await page.fill('#own-form input[name="units"]', '');
  await afterEdit(page, () => page.click('#own-form button[type="submit"]'));
  equal(await page.getAttribute('#own-result .own-result', 'data-decision'), 'deny', 'without units');
  const error = await page.textContent('#own-result li.why-error');
  check(/^Your rule could not be applied \(line \d+ of your policy\): the request does not say how many units \(`context\.units`\)\. An error always means no, so this use stays closed\.$/.test(error), `error: ${error}`);
  await page.fill('#own-form input[name="units"]', '60000');
  await afterEdit(page, () => page.click('#own-form button[type="submit"]'));
  equal(await page.textContent('#own-result .money'), 'USD 1,200.00', 'with 60000 units');
  equal(page.errors.join('; '), '', 'page errors');
  await page.close();
});

test("portal: a co-owner's silence is explained", async () => {
  const page = await openPage('portal.html?artist=luna-ray');
  await chooseWork(page, 'USNW12400011');  // Night Swimming in June: co-writer mira-chen has no policy
  const row = sampleRow(page, 'Generative training by a verified company');
  equal(await row.getAttribute('data-decision'), 'deny', 'decision');
  const silent = row.locator('li.why-silent');
  equal(await silent.count(), 1, 'silent holders');
  equal(await silent.textContent(),
    'Mira Chen (writer) has not agreed, so this use stays closed.', 'explanation');
  equal(await row.locator('li.why-deny, li.why-error').count(), 0, 'nobody else blocks');
  await page.close();
});

test("portal: the platform's deny is explained, and one's own request is decided", async () => {
  const page = await openPage('portal.html?artist=kofi-mensah');
  await chooseWork(page, 'SEHLR2400012');
  const row = sampleRow(page, 'A voice clone by an unverified company');
  equal(await row.getAttribute('data-decision'), 'deny', 'decision');
  equal(await row.locator('li.why-deny').textContent(),
    'The platform Streamco says no to voice clones (policy "streamco-baseline", rule platform.refrain:30).', 'platform reason');
  await page.selectOption('#own-form select[name="use"]', 'ai.generate.voice');
  await page.selectOption('#own-form select[name="work"]', 'SEHLR2400012');
  await page.fill('#own-form input[name="requester"]', 'voicebox-ai');
  await page.fill('#own-form input[name="territory"]', 'GB');
  await page.fill('#own-form input[name="units"]', '60000');
  await afterEdit(page, () => page.click('#own-form button[type="submit"]'));
  equal(await page.getAttribute('#own-result .own-result', 'data-decision'), 'allow', 'own request');
  // max(500.00 USD, 0.02 USD × 60,000) = 1200 USD, all to Kofi.
  equal(await page.textContent('#own-result .money'), 'USD 1,200.00', 'own request payout');
  await page.fill('#own-form input[name="territory"]', 'BR');
  await afterEdit(page, () => page.keyboard.press('Enter'));
  equal(await page.getAttribute('#own-result .own-result', 'data-decision'), 'deny', 'own request outside his territories');
  equal(await page.textContent('#own-result li.why-silent'),
    'You have not agreed, so this use stays closed (none of your rules allows this request).',
    'own request reason');
  await page.close();
});

test('portal: a price that cannot be worked out (5% of a revenue the request does not give) denies, and says why', async () => {
  const page = await openPage('portal.html?artist=kofi-mensah');
  await chooseWork(page, 'SEHLR2400012');
  const row = sampleRow(page, 'A voice clone by a verified company');
  equal(await row.getAttribute('data-decision'), 'allow', 'as published');
  await openTerms(page, 'ai.generate.voice');
  await page.selectOption('select[name="ai.generate.voice-price-kind"]', 'percent');
  await page.fill('input[name="ai.generate.voice-price-minimum"]', '');
  await afterEdit(page, () => page.fill('input[name="ai.generate.voice-price-amount"]', '5'));
  check((await page.textContent('#policy-source')).includes('    pay 5% * revenue\n'), 'the generated policy has the percentage');
  equal(await row.getAttribute('data-decision'), 'deny', 'a rule that fails is a deny');
  const error = row.locator('li.why-error');
  equal(await error.count(), 1, 'error lines');
  const text = await error.textContent();
  const m = /^Your rule could not be applied \(line (\d+) of your policy\): the request does not say the revenue \(`context\.revenue`\)\. An error always means no, so this use stays closed\.$/.exec(text);
  check(m, `error line: ${text}`);
  equal(await policyLine(page, Number(m[1])), '  allow ai.generate.voice', 'the line named');
  equal(await row.locator('.payout').textContent(), '—', 'no payout');
  equal(page.errors.join('; '), '', 'page errors');
  await page.close();
});

test('portal: while the policy does not compile, no answer is shown; after the fix they come back', async () => {
  // Another version of Kofi's policy, in force from 2027-01-01: terms of his that take effect on
  // that same day are a second version with the same date, which the compiler refuses (the form
  // cannot know it).
  const page = await browser.newPage({ viewport: DESKTOP });
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  await page.route(/\/examples-[A-Z0-9]+\.json$/, async (route) => {
    const examples = await (await route.fetch()).json();
    examples.policies.push({ name: 'kofi-mensah-2027.refrain',
      text: 'policy "kofi-mensah" by artist "kofi-mensah" {\n  effective 2027-01-01\n  allow ai.train\n}\n' });
    await route.fulfill({ json: examples });
  });
  await page.goto(new URL('portal.html?artist=kofi-mensah', base).href);
  await page.waitForFunction(() => document.body.dataset.idle === 'true', null, { timeout: 30000 });
  await chooseWork(page, 'SEHLR2400012');
  await page.selectOption('#own-form select[name="use"]', 'ai.generate.voice');
  await page.selectOption('#own-form select[name="work"]', 'SEHLR2400012');
  await afterEdit(page, () => page.click('#own-form button[type="submit"]'));
  equal(await page.getAttribute('#own-result .own-result', 'data-decision'), 'allow', 'own request before');
  equal(await page.locator('tr[data-decision]').count(), 9, 'answers before');
  await afterEdit(page, () => page.fill('[name="effective"]', '2027-01-01'));
  equal(await page.getAttribute('#status', 'data-ok'), 'false', 'status');
  equal(await page.textContent('#status'), 'Your policy does not compile yet, so there are no answers below until it is fixed.', 'status');
  equal(await page.textContent('#diagnostics'),
    'Problem — In the heading of your policy (line 4, column 8): policy `kofi-mensah` already has a version with this `effective` date.',
    'diagnostics');
  equal(await page.getAttribute('#answers', 'data-current'), 'false', 'answers marked not current');
  equal(await page.locator('tr[data-decision], .own-result, .badge').count(), 0, 'no verdict on the page');
  equal(await page.textContent('#samples'), 'No answers while your policy does not compile: fix the problem above.', 'samples');
  equal(await page.textContent('#own-result'), 'No answers while your policy does not compile: fix the problem above.', 'own request');
  await afterEdit(page, () => page.fill('[name="effective"]', '2025-06-01'));
  equal(await page.getAttribute('#answers', 'data-current'), 'true', 'answers current again');
  equal(await page.locator('tr[data-decision]').count(), 9, 'answers after the fix');
  equal(await page.getAttribute('#own-result .own-result', 'data-decision'), 'allow', 'own request after the fix');
  equal(page.errors.join('; '), '', 'page errors');
  await page.close();
});

test('portal: an extra condition in Refrain is checked by the compiler, and its message stands next to it', async () => {
  const page = await openPage('portal.html?artist=kofi-mensah');
  await openTerms(page, 'ai.generate.voice');
  await typeAndCheck(page, 'ai.generate.voice-extra', 'model.name ==', 'Refrain says: expected an expression, found `}`.');
  equal(await page.textContent('#status'), 'One field of your terms needs a fix (marked in red), so there are no answers below.', 'status');
  await typeAndCheck(page, 'ai.generate.voice-extra', 'purpose = "research"', 'Refrain says: unexpected `=`; compare with `==`.');
  await afterEdit(page, () => page.selectOption('select[name="ai.generate.voice-price-kind"]', 'custom'));
  await typeAndCheck(page, 'ai.generate.voice-extra', 'output.labelled_ai', '');
  await typeAndCheck(page, 'ai.generate.voice-price-raw', '5% * units', 'Refrain says: `*` cannot take percent and int.');
  await typeAndCheck(page, 'ai.generate.voice-price-raw', 'max(500.00 USD, 0.02 USD * units)', '');
  equal(await page.locator('tr[data-decision]').count(), 9, 'answers once both are fine');
  await page.close();
});

test('portal: after choosing another work or artist, no row of the previous one stays on screen', async () => {
  const page = await openPage('portal.html?artist=kofi-mensah');
  await chooseWork(page, 'SEHLR2400012');
  const works = async () => page.locator('tr[data-request]').evaluateAll((rows) => rows.map((r) => JSON.parse(r.dataset.request).work.id));
  check((await works()).every((w) => w === 'SEHLR2400012') && (await works()).length === 9, 'rows of Accra Skyline');
  await page.selectOption('#sample-work', 'GBKQR2300456');
  // Right after the change (the page answers 120 ms later): no row, or only rows of the new work.
  check((await works()).every((w) => w === 'GBKQR2300456'), `rows right after choosing another work: ${await works()}`);
  equal(await page.getAttribute('#answers', 'aria-busy'), 'true', 'marked busy');
  await settle(page);
  check((await works()).every((w) => w === 'GBKQR2300456') && (await works()).length === 9, 'rows of Borrowed Light');
  await page.selectOption('#artist', 'luna-ray');
  const lunaWorks = await page.locator('#sample-work option').evaluateAll((os) => os.map((o) => o.value));
  check((await works()).every((w) => lunaWorks.includes(w)), 'rows right after signing in as another artist');
  await settle(page);
  equal(await page.locator('tr[data-decision]').count(), 9, "Luna Ray's answers");
  await page.close();
});

test('portal: an artist with no policy is silent on every use', async () => {
  const page = await openPage('portal.html?artist=august-hale');
  equal(await page.textContent('#published-note'), 'You have published no policy: you are silent on every use, and silence means no.', 'note');
  equal(await page.locator('.use[data-stance="silent"]').count(), 9, 'silent uses');
  const decisions = await page.locator('tr[data-sample]').evaluateAll((rows) => rows.map((r) => r.dataset.decision));
  check(decisions.length > 5 && decisions.every((d) => d === 'deny'), `decisions: ${decisions}`);
  await page.close();
});

test('portal: controls are labelled and reachable by keyboard', async () => {
  const page = await openPage('portal.html?artist=luna-ray');
  await everyControlLabelled(page, 'portal');
  // Tab to the artist picker, then on to the first stance; arrows move within a stance's radio group.
  await page.focus('#artist');
  await page.focus('.use[data-use="ai.generate.voice"] .choice-out input');
  await afterEdit(page, () => page.keyboard.press('ArrowLeft'));
  equal(await page.getAttribute('.use[data-use="ai.generate.voice"]', 'data-stance'), 'in', 'stance after the arrow key');
  await page.close();
});

// The text of the artefact of `signal` on the "Publish my choices" card, or null when none is shown.
async function artefactText(page, signal) {
  const pre = page.locator(`#publish .artefact[data-signal="${signal}"] pre`);
  return (await pre.count()) ? pre.textContent() : null;
}

test('portal: publish my choices gives every signal as `refrain signals export` writes it, for a work too, and follows the policy', async () => {
  // Every settle compares each artefact shown with the native command (signalsAgreeWithNative).
  const page = await openPage('portal.html?artist=luna-ray');
  equal(await page.getAttribute('#publish', 'data-current'), 'true', 'signals shown');
  equal(await page.getAttribute('#publish', 'data-party'), 'luna-ray', 'party');
  equal(await page.locator('#publish .artefact h3').allTextContents().then((t) => t.join(' | ')),
    'RSL licence | AIPREF header | robots.txt lines | TDMRep file | CAWG training and data mining assertion | IPTC data mining XMP', 'artefacts');
  for (const signal of ['rsl', 'aipref', 'robots', 'tdmrep', 'cawg', 'iptc'])
    equal(await page.locator(`#publish .artefact[data-signal="${signal}"] > p.muted`).count(), 1, `${signal}: where it goes`);
  // Taken now, to the second, and said so.
  const at = await page.getAttribute('#publish-as-of', 'data-at');
  check(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(at) && Math.abs(Date.parse(at) - Date.now()) < 120000, `timestamp: ${at}`);
  equal(await page.textContent('#publish-as-of'), `As of ${formatTime(at)}, for all your works:`, 'as of');
  // Generative training is licensable on terms: TDMRep needs the address of her terms.
  equal(await artefactText(page, 'tdmrep'), null, 'no TDMRep without a site');
  equal(await page.textContent('#publish .artefact[data-signal="tdmrep"] .no-answers'),
    'TDMRep points text and data mining tools to your terms, so it needs your site’s address (above).', 'why no TDMRep');
  equal(await artefactText(page, 'aipref'), 'Content-Usage: train-ai=n\n', 'AIPREF header');
  await afterEdit(page, () => page.fill('[name="publish-site"]', 'luna-ray.example'));
  equal((await fieldMessage(page, 'publish-site')).message,
    'Write your site’s whole address, starting with https://, such as https://luna-ray.example.', 'a site without https://');
  equal(await page.textContent('#signals'), 'No signals while a field above needs a fix.', 'no signals while the site needs a fix');
  await afterEdit(page, () => page.fill('[name="publish-site"]', 'https://luna-ray.example/'));
  equal(await page.getAttribute('#publish', 'data-rsl-url'), 'https://luna-ray.example/rsl.xml', 'the RSL address');
  check((await artefactText(page, 'tdmrep')).includes('"tdm-policy": "https://luna-ray.example/rsl.xml"'), 'TDMRep points to her terms');
  check((await artefactText(page, 'robots')).startsWith('License: https://luna-ray.example/rsl.xml\n'), 'robots.txt points to her terms');

  // A download is the artefact's bytes, under a name that says whose and which.
  const rsl = await artefactText(page, 'rsl');
  const [file] = await Promise.all([page.waitForEvent('download'), page.click('#publish .artefact[data-signal="rsl"] button')]);
  equal(file.suggestedFilename(), 'luna-ray.rsl.xml', 'file name');
  equal(readFileSync(await file.path(), 'utf8'), rsl, 'the file is the artefact shown');

  // One work: its stance as all its rights holders decide it (Northwind's terms join hers).
  const own = { cawg: await artefactText(page, 'cawg'), iptc: await artefactText(page, 'iptc') };
  await page.selectOption('[name="publish-work"]', 'USNW12400013');
  equal(await page.locator('#publish pre').count(), 0, 'right after choosing a work, no signal of all her works stays');
  await settle(page);
  equal(await page.getAttribute('#publish', 'data-work'), 'USNW12400013', 'work');
  equal(await page.textContent('#publish-as-of'),
    `As of ${formatTime(await page.getAttribute('#publish-as-of', 'data-at'))}, for Moth Light (USNW12400013), as all its rights holders decide it:`,
    'as of, for a work');
  check((await artefactText(page, 'cawg')) !== own.cawg, 'the work\'s CAWG assertion is its own');
  check((await artefactText(page, 'iptc')) !== own.iptc, 'the work\'s XMP is its own');
  const [workFile] = await Promise.all([page.waitForEvent('download'), page.click('#publish .artefact[data-signal="cawg"] button')]);
  equal(workFile.suggestedFilename(), 'luna-ray-USNW12400013.cawg.json', 'file name for a work');
  equal(readFileSync(await workFile.path(), 'utf8'), await artefactText(page, 'cawg'), 'the work\'s file is the artefact shown');

  // A change of stance is published at once: opting out of generative training leaves no
  // training use licensable on terms, so TDMRep no longer points to them.
  await afterEdit(page, () => page.selectOption('[name="publish-work"]', ''));
  check((await artefactText(page, 'tdmrep')).includes('tdm-policy'), 'TDMRep before');
  const before = await artefactText(page, 'cawg');
  await afterEdit(page, () => page.locator('.use[data-use="ai.train.generative"] .choice-out label').click());
  check(!(await artefactText(page, 'tdmrep')).includes('tdm-policy'), 'TDMRep after opting out');
  check((await artefactText(page, 'cawg')) !== before, 'the CAWG assertion follows the opt-out');
  // While the policy cannot be compiled, no signal at all.
  await afterEdit(page, () => page.locator('.use[data-use="ai.generate.voice"] .choice-in label').click());
  await openTerms(page, 'ai.generate.voice');
  await afterEdit(page, () => page.selectOption('select[name="ai.generate.voice-price-kind"]', 'percent'));
  await typeAndCheck(page, 'ai.generate.voice-price-amount', '120', 'A percentage cannot be more than 100.');
  equal(await page.textContent('#signals'), 'No signals while a field of your terms needs a fix: see the marked fields.', 'no signals');
  equal(await page.getAttribute('#publish', 'data-current'), 'false', 'not current');
  await typeAndCheck(page, 'ai.generate.voice-price-amount', '12', '');
  equal(await page.locator('#publish pre').count(), 6, 'the signals are back');
  equal(page.errors.join('; '), '', 'page errors');
  await page.close();
});

// The "What changes" card's listed changes: [{use, work, request, before, after, confirmed, head}].
async function listedChanges(page) {
  return page.locator('#what-changes li.change').evaluateAll((items) => items.map((li) => ({
    use: li.dataset.use, work: li.dataset.work, request: li.dataset.request, before: li.dataset.before, after: li.dataset.after,
    confirmed: li.dataset.confirmed, head: li.closest('.change-group').querySelector('.change-head').textContent })));
}

test('portal: what changes lists the use and works a changed choice opens, each request decided otherwise on both sides', async () => {
  const page = await openPage('portal.html?artist=luna-ray');
  equal(await page.getAttribute('#what-changes', 'data-state'), 'idle', 'ready before any check');
  equal(await page.isEnabled('#what-changes-button'), true, 'the button is enabled');
  // One choice: opt in to personalised fan experiences (her published policy denies all fan engagement).
  await afterEdit(page, () => page.locator('.use[data-use="ai.engage.personalize"] .choice-in label').click());
  await afterEdit(page, () => page.click('#what-changes-button'));
  equal(await page.getAttribute('#what-changes', 'data-state'), 'done', 'state');
  equal(await page.getAttribute('#what-changes', 'data-outcome'), 'differs', 'outcome');
  check((await page.textContent('#what-changes-status')).startsWith('If you publish these terms, '), 'summary');
  const changes = await listedChanges(page);
  const personalize = changes.filter((c) => c.use === 'ai.engage.personalize');
  // On her catalog works the answer stays no: Northwind (label) has not agreed to fan engagement.
  equal(personalize.map((c) => c.work).join(' '), '', 'personalised fan experiences change for any other work only');
  const other = personalize.find((c) => c.work === '');
  // The form writes rules per leaf use, so her `allow ai.produce` is not kept for a request for the
  // group use itself (docs/web.md, "Reading the published policy"): the card says so too. Changes
  // that read alike are one line: her 13 works (the label allowed them too), then any other work.
  equal((await page.locator('#what-changes .change-head').allTextContents()).join('\n'), [
    'deny Production tools · Night Swimming in June, Glasshouse and 11 other works: now denied (was allowed)',
    'deny Production tools · any other work: now denied (was allowed)',
    'allow Personalised fan experiences · any other work: now allowed '
      + '(was denied: you say no to personalised fan experiences (line 21 of your published policy))',
  ].join('\n'), 'the lines of the card');
  check(/^ {2}deny ai except /.test(examplePolicies.find((p) => p.name === 'luna-ray.refrain').text.split('\n')[20]),
    'line 21 of her published policy is her deny');
  // Every request shown, decided by the native CLI with her published policy and with the edited
  // one: the verdicts differ, as the page's own WebAssembly runtime decided them (data-before/after).
  const edited = [...examplePolicies.filter((p) => p.name !== 'luna-ray.refrain'),
    { name: 'luna-ray.refrain', text: await page.textContent('#policy-source') }];
  const requests = changes.map((c) => c.request);
  const old = nativeDecisions(examplePolicies, exampleCatalog, requests);
  const now = nativeDecisions(edited, exampleCatalog, requests);
  changes.forEach((c, i) => {
    const what = `${c.use} · ${c.work || 'any other work'}`;
    equal(c.confirmed, 'true', `${what}: confirmed in the page`);
    check(c.before !== c.after, `${what}: the page decides it alike on both sides`);
    equal(old[i].decision, c.before, `${what}: published, against refrain eval`);
    equal(now[i].decision, c.after, `${what}: edited, against refrain eval`);
    nativeChecks += 2;
  });
  // The request is shown when asked for, as JSON and in words, with the runtime's words.
  const group = page.locator('#what-changes li.change-group[data-use="ai.engage.personalize"]');
  const item = group.locator('li.change[data-work=""]');
  await group.locator('summary').click();
  equal(JSON.stringify(JSON.parse(await item.locator('pre').textContent())), other.request, 'the request shown');
  check(/^Refrain’s runtime, on the server: old: deny \(luna-ray denies by published\/luna-ray\.refrain:21\); new: allow$/
    .test(await item.locator('.runtime').textContent()), 'the runtime\'s words');
  const why = await group.locator('dd').nth(1).textContent();
  check(why.startsWith('You allow it (line 21 of your policy).'), `why, under the edited terms: ${why}`);
  equal(await policyLine(page, 21), '  allow ai.engage.personalize', 'line 21 of the policy shown');
  await everyControlLabelled(page, 'what changes');
  // Another edit: the answer is for terms no longer on screen, so it goes.
  await afterEdit(page, () => page.locator('.use[data-use="ai.engage.persona"] .choice-in label').click());
  equal(await page.locator('#what-changes li.change').count(), 0, 'no change of older terms stays on screen');
  equal(await page.textContent('#what-changes-status'), '', 'no summary of older terms');
  equal(page.errors.join('; '), '', 'page errors');
  await page.close();
});

test('portal: what changes says "Nothing changes" for the published terms, and tells a server error plainly', async () => {
  // Eva Lindqvist's published policy reads back into the form exactly: nothing changes.
  const page = await openPage('portal.html?artist=eva-lindqvist');
  await afterEdit(page, () => page.click('#what-changes-button'));
  equal(await page.getAttribute('#what-changes', 'data-outcome'), 'same', 'outcome');
  check((await page.textContent('#what-changes-status')).startsWith('Nothing changes: '), 'nothing changes');
  equal(await page.locator('#what-changes li.change').count(), 0, 'no change listed');
  // A policy that does not compile has nothing to compare.
  await page.fill('[name="effective"]', '2027-01-01');
  await afterEdit(page, () => page.fill('[name="expires"]', '2026-01-01'));
  equal(await page.isDisabled('#what-changes-button'), true, 'no check while a field needs a fix');
  equal(await page.textContent('#what-changes-status'), 'Nothing to compare while a field of your terms needs a fix: see the marked fields.',
    'why not');
  equal(await page.getAttribute('#what-changes', 'data-outcome'), null, 'the answer for other terms is gone');
  await page.fill('[name="effective"]', '');
  await afterEdit(page, () => page.fill('[name="expires"]', ''));
  equal(await page.isEnabled('#what-changes-button'), true, 'a check once the terms compile');
  // The server's error, in its words, with the compiler's diagnostics when it gives them.
  await page.route(/\/api\/what-changes$/, (route) => route.fulfill({ status: 400,
    json: { error: 'The edited policy does not compile.', side: 'edited', diagnostics: ['edited/eva-lindqvist.refrain:3:5: error: x'] } }));
  await afterEdit(page, () => page.click('#what-changes-button'));
  equal(await page.getAttribute('#what-changes', 'data-state'), 'error', 'state');
  equal(await page.textContent('#what-changes-status'),
    'The server could not work out what changes: The edited policy does not compile.', 'error');
  equal(await page.textContent('#what-changes .diag-list'), 'edited/eva-lindqvist.refrain:3:5: error: x', 'diagnostics');
  equal(await page.isEnabled('#what-changes-button'), true, 'the button can be pressed again');
  await page.close();
});

test('portal: what changes at phone width, without horizontal scrolling', async () => {
  for (const [name, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
    const page = await openPage('portal.html?artist=luna-ray', viewport);
    await afterEdit(page, () => page.locator('.use[data-use="ai.engage.personalize"] .choice-in label').click());
    await afterEdit(page, () => page.click('#what-changes-button'));
    await page.locator('#what-changes li.change-group summary').last().click();
    await noHorizontalScroll(page, `what changes at ${name} width`);
    await page.locator('#what-changes').screenshot({ path: join(shots, `portal-what-changes-${name}.png`) });
    await page.close();
  }
});

test('portal: publish my choices at phone width, without horizontal scrolling', async () => {
  for (const [name, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
    const page = await openPage('portal.html?artist=luna-ray', viewport);
    await afterEdit(page, () => page.fill('[name="publish-site"]', 'https://luna-ray.example'));
    await noHorizontalScroll(page, `publish at ${name} width`);
    await page.locator('#publish').screenshot({ path: join(shots, `portal-publish-${name}.png`) });
    await page.close();
  }
});

test('the browser gets the pages revalidated and the hashed assets compressed and cached for good', async () => {
  const page = await browser.newPage({ viewport: DESKTOP });
  const seen = new Map();
  page.on('response', (r) => seen.set(new URL(r.url()).pathname, r.headers()));
  await page.goto(new URL('portal.html?artist=kofi-mensah', base).href);
  await settle(page);
  const paths = [...seen.keys()];
  const html = seen.get('/portal.html');
  equal(html['cache-control'], 'no-cache', 'portal.html cache-control');
  equal(html['content-encoding'], 'br', 'portal.html content-encoding');
  equal(html.vary, 'Accept-Encoding', 'portal.html vary');
  const assets = paths.filter((p) => /\.(js|css|json|wasm)$/.test(p));
  equal(assets.map((p) => p.replace(/-[A-Z0-9]{8,}/g, '-HASH')).sort().join(' '),
    '/examples-HASH.json /portal-HASH.js /style-HASH.css /wasm-HASH/refrain-compiler.wasm /wasm-HASH/refrain-runtime.wasm', 'assets fetched');
  for (const p of assets) {
    equal(seen.get(p)['cache-control'], 'public, max-age=31536000, immutable', `${p} cache-control`);
    equal(seen.get(p)['content-encoding'], 'br', `${p} content-encoding`);
    equal(seen.get(p).vary, 'Accept-Encoding', `${p} vary`);
  }
  await page.close();
});

test('portal: screenshots at desktop and phone widths, without horizontal scrolling', async () => {
  for (const [name, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
    const page = await openPage('portal.html?artist=kofi-mensah', viewport);
    await chooseWork(page, 'SEHLR2400012');
    await openTerms(page, 'ai.generate.voice');
    await noHorizontalScroll(page, `portal at ${name} width`);
    await page.screenshot({ path: join(shots, `portal-${name}.png`), fullPage: true });
    await page.close();
  }
});

// Replaces 1-based line `n` of the playground's current file by typing.
async function replaceLine(page, n, text) {
  await page.click('#editor .cm-content');
  await page.keyboard.press('Control+Home');
  for (let i = 1; i < n; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Shift+End');
  await page.keyboard.type(text);
}

async function openTab(page, name) {
  await page.locator('#tabs button', { hasText: name }).click();
}

// The native CLI's decision (or, with `explain`, its explanation as
// `refrain eval --explain` prints it) for the playground's state in the page's URL fragment.
async function nativeDecision(url, explain = false) {
  const state = await decodeState(new URL(url).hash);
  check(state, 'the URL fragment holds the playground state');
  const dir = mkdtempSync(join(tmpdir(), 'refrain-web-'));
  try {
    for (const f of state.files) writeFileSync(join(dir, f.name), f.text);
    writeFileSync(join(dir, 'works.jsonl'), state.catalog);
    writeFileSync(join(dir, 'request.json'), state.request);
    return execFileSync(refrain, ['eval', ...state.files.map((f) => f.name), '--catalog', 'works.jsonl', '--request', 'request.json',
      ...(explain ? ['--explain'] : [])], { cwd: dir, encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('playground: a syntax error is underlined at its line; the fix gives the native decision byte for byte', async () => {
  const page = await openPage('playground.html');
  await openTab(page, 'luna-ray.refrain');
  await afterEdit(page, () => replaceLine(page, 12, '    when purpose = "commercial"'));
  const items = await page.locator('#diagnostics li').allTextContents();
  equal(items.join('\n'), 'luna-ray.refrain:12:18: error: unexpected `=`; compare with `==`', 'diagnostics');
  const underlined = await page.evaluate(() => {
    const mark = document.querySelector('#editor .cm-lintRange-error');
    const line = mark?.closest('.cm-line');
    return line ? [[...line.parentElement.querySelectorAll(':scope > .cm-line')].indexOf(line) + 1, mark.textContent] : null;
  });
  check(underlined, 'no underline in the editor');
  equal(underlined[0], 12, 'underlined line');
  equal(underlined[1], '=', 'underlined text');
  equal(await page.locator('#verdict').count(), 0, 'no decision while the sources have errors');

  await afterEdit(page, () => replaceLine(page, 12, '    when purpose == "commercial"'));
  equal(await page.locator('#diagnostics li').count(), 0, 'diagnostics after the fix');
  equal(await page.textContent('#verdict'), 'allow', 'decision');
  const browserJson = await page.textContent('#decision-json');
  const native = await nativeDecision(page.url());
  equal(browserJson, native, 'browser decision against `refrain eval`');
  check(native.includes('"rule": "luna-ray.refrain:11"'), 'the decision names the edited file');
  check(page.errors.length === 0, page.errors.join('; '));
  await page.close();
});

test('playground: a shared link restores the files, the request and the decision', async () => {
  const page = await openPage('playground.html');
  await afterEdit(page, () => page.selectOption('#example-request', '23-voice-kofi-licensed.json'));
  equal(await page.textContent('#verdict'), 'allow', 'example 23 as published');
  await openTab(page, 'kofi-mensah.refrain');
  await afterEdit(page, () => replaceLine(page, 18, '    when requester.verified'));
  const url = page.url();
  const json = await page.textContent('#decision-json');
  check(json.includes('"decision": "deny"'), 'the edited policy denies');
  const again = await openPage(url);
  equal(await again.textContent('#decision-json'), json, 'decision after opening the link');
  equal(await again.textContent('#tabs button[aria-selected="true"]'), 'kofi-mensah.refrain', 'active file');
  equal(await nativeDecision(url), json, 'native decision for the shared state');
  await page.close();
  await again.close();
});

test('playground: every example request is decided and explained as `refrain eval` decides it', async () => {
  const page = await openPage('playground.html');
  let conditionsShown = 0;
  const names = await page.locator('#example-request option').evaluateAll((os) => os.map((o) => o.value));
  check(names.length >= 45, `example requests: ${names.length}`);
  for (const name of names) {
    await afterEdit(page, () => page.selectOption('#example-request', name));
    const native = await nativeDecision(page.url());
    equal(await page.textContent('#decision-json'), native, `${name}: decision JSON`);
    equal(await page.textContent('#verdict'), JSON.parse(native).decision, `${name}: verdict shown`);
    const why = await page.locator('#decision ul.why li').count();
    check(why > 0, `${name}: no explanation`);
    // The rules that did not apply: the runtime's native explanation, in the same words.
    const expected = conditionLines(JSON.parse(await nativeDecision(page.url(), true))).map((c) => c.lines.join('\n'));
    const shownConditions = await page.locator('#conditions pre').allTextContents();
    equal(shownConditions.join('\n---\n'), expected.join('\n---\n'), `${name}: rules that did not apply, against refrain eval --explain`);
    conditionsShown += expected.length;
  }
  check(conditionsShown > 20, `the examples show rules that did not apply (${conditionsShown})`);
  equal(page.errors.join('; '), '', 'page errors');
  await page.close();
});

// Replaces the playground's request by pasting `text` into its editor.
async function setRequestText(page, text) {
  await page.click('#request-editor .cm-content');
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(text);
}

test('playground: a request for every way a decision can go, explained in exact words, as `refrain eval` decides', async () => {
  const state = { files: denyCases.files, catalog: denyCases.catalog, request: denyCases.cases[0].request, active: 'ana.refrain' };
  const page = await openPage(`playground.html#${await encodeState(state)}`);
  for (const c of denyCases.cases) {
    await afterEdit(page, () => setRequestText(page, c.request));
    const native = await nativeDecision(page.url());
    equal(await page.textContent('#decision-json'), native, `${c.name}: decision JSON`);
    equal(JSON.parse(native).decision, c.decision, `${c.name}: native verdict`);
    equal(await page.textContent('#verdict'), c.decision, `${c.name}: verdict shown`);
    const first = page.locator('#decision ul.why li').first();
    equal(await first.textContent(), c.text, `${c.name}: why`);
    equal(await first.getAttribute('data-code'), c.code || '', `${c.name}: code`);
    const payments = await page.locator('#decision table.payments td.money').allTextContents();
    equal(payments.join(', '), c.payment ? `${c.payment}, ${c.payment}` : '', `${c.name}: payments (payee, term)`);
  }
  equal(page.errors.join('; '), '', 'page errors');
  await page.close();
});

test('playground: screenshots at desktop and phone widths, without horizontal scrolling', async () => {
  for (const [name, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
    const page = await openPage('playground.html', viewport);
    await everyControlLabelled(page, 'playground');
    await noHorizontalScroll(page, `playground at ${name} width`);
    await page.screenshot({ path: join(shots, `playground-${name}.png`), fullPage: true });
    await page.close();
  }
});

let passed = 0;
let failed = 0;
const chosen = only ? tests.filter((t) => new RegExp(only).test(t.name)) : tests;
if (only) console.log(`only the ${chosen.length} of ${tests.length} tests matching /${only}/; the others are not run`);
try {
  for (const { name, fn } of chosen) {
    try {
      await fn();
      passed++;
      console.log(`PASS ${name}`);
    } catch (e) {
      failed++;
      console.log(`FAIL ${name}\n     ${e.message.split('\n').join('\n     ')}`);
    }
  }
} finally {
  await browser.close();
  await server.stop();
}
console.log(`(${nativeChecks} verdicts shown on the pages were compared with refrain eval, ${signalChecks} signals with refrain signals export)`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
