// The artist portal: sign in as an artist from the example catalog, set a
// stance per AI use, and see the generated policy, its diagnostics, what
// would happen to sample requests, decided by the WebAssembly runtime, and
// the AI opt-out signals that publish the stance.
import { h, fill } from '../shared/dom.js';
import { diagnose, loadExamples, Workbench } from '../shared/engine.js';
import { formatDate } from '../shared/dates.js';
import { pageActivity } from '../shared/idle.js';
import { displayName } from '../shared/names.js';
import { parseCatalog, roleLookup, rolesFromSources } from '../shared/parties.js';
import { leafUses, useGroups } from '../shared/uses.js';
import { plainDiagnostics, probeProblem, refrainFieldProbes } from './diagnostics.js';
import { policySource } from './policy-source.js';
import { PublishCard } from './publish.js';
import { readPublished } from './published.js';
import { sampleRequests } from './samples.js';
import { renderStanceEditor } from './stance-editor.js';
import { settingsProblems, setVocabulary } from './validate.js';
import { WhatChangesCard } from './what-changes.js';
import { renderOwnResult, renderSamples, requestForm } from './what-if.js';

const $ = (id) => document.getElementById(id);

function artistsOf(works) {
  const ids = new Set();
  for (const w of works) for (const r of w.rightsholders) if (r.role === 'artist') ids.add(r.party);
  return [...ids].sort();
}

function worksTable(works, artist) {
  return h('table', { class: 'works' },
    h('thead', {}, h('tr', {}, h('th', {}, 'Title'), h('th', {}, 'ISRC'), h('th', {}, 'Released'), h('th', {}, 'Rights holders'))),
    h('tbody', {}, works.map((w) => h('tr', {},
      h('td', { 'data-label': 'Title' }, w.title), h('td', { 'data-label': 'ISRC' }, h('code', {}, w.id)),
      h('td', { 'data-label': 'Released' }, w.release_date ? formatDate(w.release_date) : '—'),
      h('td', { 'data-label': 'Rights holders' }, w.rightsholders.map((r) =>
        `${r.party === artist ? 'you' : displayName(r.party)} (${r.role}${r.share ? ` ${r.share}` : ''})`).join(', '))))));
}

async function start() {
  const activity = pageActivity([$('answers'), $('what-changes'), $('publish')]);
  const starting = activity.begin();
  const examples = await loadExamples();
  const works = parseCatalog(examples.catalog);
  const groups = useGroups(examples.uses);
  const leaves = leafUses(examples.uses);
  const workbench = new Workbench();
  setVocabulary(examples);
  // own: the artist's own request, or null; ownInvalid: the request form needs a fix.
  const state = { artist: null, settings: null, file: null, work: null, own: null, ownInvalid: false, lines: [], revision: 0, runs: 0, editor: null };

  const artistSel = $('artist');
  fill(artistSel, artistsOf(works).map((a) => h('option', { value: a }, displayName(a))));
  const workSel = $('sample-work');

  const changed = activity.debounce(refresh, 120);
  const publish = new PublishCard({ card: $('publish'), controls: $('publish-controls'), asOf: $('publish-as-of'), list: $('signals') },
    examples.catalog, activity.debounce(() => publish.refresh(), 120));
  const whatChanges = new WhatChangesCard({ card: $('what-changes'), button: $('what-changes-button'), status: $('what-changes-status'),
    result: $('what-changes-result') }, examples, works, activity);

  // Every run ends with the answers current or hidden: never the answers of an older policy.
  async function refresh() {
    try {
      await update();
    } catch (e) {
      noAnswers(`Something went wrong, so there are no answers: ${e.message}`);
      publish.hide(`Something went wrong, so there are no signals: ${e.message}`);
      whatChanges.hide(`Something went wrong, so there is nothing to compare: ${e.message}`);
      $('status').textContent = `Something went wrong: ${e.message}`;
      $('status').dataset.ok = 'false';
      console.error(e);
    }
    document.body.dataset.revision = String(++state.revision);
  }

  async function update() {
    const run = ++state.runs;
    const { text, lines } = policySource(state.settings, groups, displayName(state.artist));
    state.lines = lines;
    $('policy-source').textContent = text;
    $('policy-file').textContent = state.file;
    const others = examples.policies.filter((p) => p.name !== state.file);
    const sources = [...others, { name: state.file, text }];
    // The form's own checks come first, then the compiler's on the fields written in Refrain:
    // the whole policy is compiled only when every field is fine.
    let formProblems = settingsProblems(state.settings);
    if (!formProblems.length) {
      const probes = refrainFieldProbes(state.settings);
      const found = [];
      for (const probe of probes) found.push(probeProblem(probe.field, await diagnose([...others, probe.source], examples.catalog)));
      if (run !== state.runs) return;  // a newer run is on its way
      formProblems = found.filter(Boolean);
      state.editor.showCompilerProblems(formProblems);
    }
    $('source-note').hidden = !formProblems.length;
    $('source-note').textContent = formProblems.length ? 'Not compiled: a field of your terms needs a fix.' : '';
    if (formProblems.length) {
      $('diagnostics-box').hidden = true;
      $('status').dataset.ok = 'false';
      $('status').textContent = formProblems.length === 1 ? 'One field of your terms needs a fix (marked in red), so there are no answers below.'
        : `${formProblems.length} fields of your terms need a fix (marked in red), so there are no answers below.`;
      noAnswers('No answers while a field of your terms needs a fix: see the marked fields.');
      publish.hide('No signals while a field of your terms needs a fix: see the marked fields.');
      whatChanges.hide('Nothing to compare while a field of your terms needs a fix: see the marked fields.');
      return;
    }
    $('status').textContent = 'Compiling…';
    const result = await workbench.compile(sources, examples.catalog);
    if (!result.current) return;  // a newer run is on its way and will show its answers
    const problems = plainDiagnostics(result.diagnostics, state.file, lines);
    fill($('diagnostics'), problems.map((p) => h('li', { class: `diag-${p.severity}` }, p.text)));
    $('diagnostics-box').hidden = problems.length === 0;
    $('status').dataset.ok = String(result.ok);
    if (!result.ok) {
      $('status').textContent = 'Your policy does not compile yet, so there are no answers below until it is fixed.';
      noAnswers('No answers while your policy does not compile: fix the problem above.');
      publish.hide('No signals while your policy does not compile: fix the problem above.');
      whatChanges.hide('Nothing to compare while your policy does not compile: fix the problem above.');
      return;
    }
    $('status').textContent = 'Your policy compiles with the other parties’ policies and the catalog.';
    decideAll(sources);
    whatChanges.show(sources, text);
    await publish.show(sources);
  }

  // Hides every answer: an answer of an older policy is never shown as current.
  function noAnswers(message) {
    $('answers').dataset.current = 'false';
    fill($('samples'), h('tr', { class: 'no-answers' }, h('td', { colspan: 5 }, message)));
    if (state.own) fill($('own-result'), h('p', { class: 'no-answers' }, message));
    else if (state.ownInvalid) showOwnInvalid();
  }

  function showOwnInvalid() {
    fill($('own-result'), h('p', { class: 'no-answers' }, 'No answer: fix the marked fields of your request.'));
  }

  // How the answers speak: the artist is "you", the others by name and role, and a rule of the
  // artist's own policy is "line N of your policy" (the policy shown below).
  function words(work, sources) {
    const ruleText = (rule) => {
      const m = /^(.*):(\d+)$/.exec(rule);
      return m && m[1] === state.file ? `line ${m[2]} of your policy` : `rule ${rule}`;
    };
    return { you: state.artist, roleOf: roleLookup(work, rolesFromSources(sources)), ruleText };
  }

  function decideAll(sources) {
    const work = works.find((w) => w.id === workSel.value);
    const decide = (request) => workbench.decide(request);
    renderSamples($('samples'), sampleRequests(examples.requests, work.id), decide, words(work, sources));
    if (state.own) {
      const ownWork = works.find((w) => w.id === state.own.work.id);
      renderOwnResult($('own-result'), state.own, decide, words(ownWork, sources));
    } else if (state.ownInvalid) showOwnInvalid();
    $('answers').dataset.current = 'true';
  }

  function signIn(artist) {
    state.artist = artist;
    const { settings, file } = readPublished(examples.policies, artist, leaves);
    state.settings = settings;
    state.file = file || `${artist}.refrain`;
    state.own = null;
    const mine = works.filter((w) => w.rightsholders.some((r) => r.party === artist))
      .sort((a, b) => a.title.localeCompare(b.title));
    $('artist-name').textContent = displayName(artist);
    $('published-note').textContent = file
      ? `Starting from your published policy (${file}).`
      : 'You have published no policy: you are silent on every use, and silence means no.';
    fill($('works'), worksTable(mine, artist));
    fill(workSel, mine.map((w) => h('option', { value: w.id }, `${w.title} (${w.id})`)));
    state.editor = renderStanceEditor($('stances'), settings, groups, changed, examples.regions);
    state.ownInvalid = false;
    const form = requestForm(examples.uses, mine, (request) => {
      state.own = request;
      state.ownInvalid = !request;
      changed();
    });
    fill($('own-form'), form.element);
    fill($('own-result'));
    publish.signIn(artist, mine);
    whatChanges.signIn(artist, state.file, file ? examples.policies.find((p) => p.name === file).text : null);
    noAnswers('Working out the answers…');  // none of another artist's answers stays on screen
    changed();
  }

  artistSel.addEventListener('change', () => signIn(artistSel.value));
  workSel.addEventListener('change', () => {
    noAnswers('Working out the answers…');  // the rows were for another work
    changed();
  });
  const wanted = new URLSearchParams(location.search).get('artist');
  if (wanted && [...artistSel.options].some((o) => o.value === wanted)) artistSel.value = wanted;
  signIn(artistSel.value);
  starting();
}

start().catch((e) => {
  document.getElementById('status').textContent = `The portal could not start: ${e.message}`;
  document.body.dataset.idle = 'true';
  throw e;
});
