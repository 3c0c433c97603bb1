// The playground: policy files, a catalog and a request in CodeMirror
// editors; compiles as you type in the WebAssembly compiler, underlines the
// diagnostics, and decides the request in the WebAssembly runtime.
import { basicSetup } from 'codemirror';
import { EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { json } from '@codemirror/lang-json';
import { lintGutter } from '@codemirror/lint';
import { h, fill } from '../shared/dom.js';
import { loadExamples, Workbench } from '../shared/engine.js';
import { pageActivity } from '../shared/idle.js';
import { parseCatalog, roleLookup, rolesFromSources } from '../shared/parties.js';
import { refrainLanguage } from './refrain-language.js';
import { lintSpec, positionOf } from './lint.js';
import { renderDecision, renderDiagnostics } from './results.js';
import { decodeState, encodeState } from './share.js';

const $ = (id) => document.getElementById(id);
const CATALOG = 'works.jsonl';

let examples;
const workbench = new Workbench();
const tabs = [];          // [{name, state}]: the policy files, then the catalog
let active = 0;
let view;
let requestView;
let revision = 0;
const activity = pageActivity([document.getElementById('decision')]);
const schedule = activity.debounce(compile, 150);

const changed = EditorView.updateListener.of((u) => { if (u.docChanged) schedule(); });
const label = (text) => EditorView.contentAttributes.of({ 'aria-label': text });

function stateFor(name, text) {
  const lang = name === CATALOG ? [] : [refrainLanguage];
  return EditorState.create({ doc: text, extensions: [basicSetup, EditorView.lineWrapping, lintGutter(), ...lang, changed, label(`Source of ${name}`)] });
}

function saveActive() {
  tabs[active].state = view.state;
}

function renderTabs(errorFiles = new Set()) {
  fill($('tabs'), tabs.map((t, i) => h('button', {
    type: 'button', role: 'tab', 'aria-selected': String(i === active), class: errorFiles.has(t.name) ? 'has-error' : '',
    onclick: () => switchTo(i),
  }, t.name)));
}

function switchTo(i) {
  saveActive();
  active = i;
  view.setState(tabs[i].state);
  renderTabs(lastErrorFiles);
}

function setFiles(files, catalog, activeName) {
  tabs.length = 0;
  for (const f of files) tabs.push({ name: f.name, state: stateFor(f.name, f.text) });
  tabs.push({ name: CATALOG, state: stateFor(CATALOG, catalog) });
  active = Math.max(0, tabs.findIndex((t) => t.name === activeName));
  view.setState(tabs[active].state);
  renderTabs();
}

function setRequest(text) {
  requestView.dispatch({ changes: { from: 0, to: requestView.state.doc.length, insert: text } });
}

function currentState() {
  saveActive();
  return {
    files: tabs.filter((t) => t.name !== CATALOG).map((t) => ({ name: t.name, text: t.state.doc.toString() })),
    catalog: tabs.find((t) => t.name === CATALOG).state.doc.toString(),
    request: requestView.state.doc.toString(),
    active: tabs[active].name,
  };
}

let lastErrorFiles = new Set();

function showDiagnostics(diagnostics) {
  saveActive();
  tabs.forEach((t, i) => {
    const mine = diagnostics.filter((d) => d.file === t.name);
    if (i === active) view.dispatch(lintSpec(view.state, mine));
    else t.state = t.state.update(lintSpec(t.state, mine)).state;
  });
  lastErrorFiles = new Set(diagnostics.filter((d) => d.severity === 'error').map((d) => d.file));
  renderTabs(lastErrorFiles);
  renderDiagnostics($('diagnostics'), diagnostics, pick);
  $('diag-count').textContent = diagnostics.length ? `${diagnostics.length} diagnostic${diagnostics.length > 1 ? 's' : ''}` : 'No diagnostics';
}

// Moves the editor to a diagnostic.
function pick(d) {
  const i = tabs.findIndex((t) => t.name === d.file);
  if (i < 0) return;
  switchTo(i);
  const { from } = positionOf(view.state.doc, d.line, d.col);
  view.dispatch({ selection: { anchor: from }, scrollIntoView: true });
  view.focus();
}

// Compiles and decides. Every run ends with the decision of the current
// sources and request on the page, or with none: never an older one.
async function compile() {
  const state = currentState();
  $('status').textContent = 'Compiling…';
  try {
    const result = await workbench.compile(state.files, state.catalog);
    if (!result.current) return;  // a newer run is on its way
    showDiagnostics(result.diagnostics);
    if (result.ok) {
      const decision = workbench.decide(state.request);
      const text = workbench.decideJson(state.request);
      const explanation = workbench.explain(state.request);
      const works = (() => { try { return parseCatalog(state.catalog); } catch { return []; } })();
      const work = works.find((w) => w.id === decision.work);
      renderDecision($('decision'), decision, text, roleLookup(work, rolesFromSources(state.files)), explanation);
      $('status').textContent = 'Compiled; the request is decided below.';
      $('status').dataset.ok = 'true';
    } else {
      $('status').textContent = 'Errors in the sources: no bundle, no decision.';
      $('status').dataset.ok = 'false';
      fill($('decision'), h('p', { class: 'muted no-answers' }, 'Fix the errors to see the decision.'));
    }
  } catch (e) {
    $('status').textContent = `Something went wrong, so there is no decision: ${e.message}`;
    $('status').dataset.ok = 'false';
    fill($('decision'), h('p', { class: 'muted no-answers' }, 'No decision: see the message above.'));
    console.error(e);
  }
  history.replaceState(null, '', `#${await encodeState(state)}`);
  document.body.dataset.revision = String(++revision);
}

function exampleRequestText(name) {
  const r = examples.requests.find((x) => x.name === name) || examples.requests[0];
  return `${JSON.stringify(r.request, null, 2)}\n`;
}

function loadAllExamples() {
  setFiles(examples.policies, examples.catalog, examples.policies[0].name);
  schedule();
}

function addFile() {
  const used = new Set(tabs.map((t) => t.name));
  let n = 1;
  while (used.has(`new-${n}.refrain`)) n++;
  const name = `new-${n}.refrain`;
  saveActive();
  tabs.splice(tabs.length - 1, 0, { name, state: stateFor(name, `policy "new-${n}" by artist "someone" {\n  allow ai.train.analytic\n}\n`) });
  switchTo(tabs.length - 2);
  schedule();
}

function removeFile() {
  if (tabs[active].name === CATALOG || tabs.filter((t) => t.name !== CATALOG).length <= 1) return;
  tabs.splice(active, 1);
  active = Math.max(0, active - 1);
  view.setState(tabs[active].state);
  renderTabs(lastErrorFiles);
  schedule();
}

async function start() {
  const starting = activity.begin();
  examples = await loadExamples();
  view = new EditorView({ parent: $('editor') });
  requestView = new EditorView({
    parent: $('request-editor'),
    state: EditorState.create({ doc: '', extensions: [basicSetup, json(), changed, label('Request JSON')] }),
  });
  fill($('example-request'), examples.requests.map((r) => h('option', { value: r.name }, r.name)));
  $('example-request').addEventListener('change', (e) => setRequest(exampleRequestText(e.target.value)));
  $('load-examples').addEventListener('click', loadAllExamples);
  $('add-file').addEventListener('click', addFile);
  $('remove-file').addEventListener('click', removeFile);
  $('copy-link').addEventListener('click', async () => {
    $('share-link').value = location.href;
    $('share-link').select();
    try { await navigator.clipboard.writeText(location.href); $('copy-status').textContent = 'Link copied.'; }
    catch { $('copy-status').textContent = 'Select the link and copy it.'; }
  });
  const shared = await decodeState(location.hash);
  if (shared) {
    setFiles(shared.files, shared.catalog || '', shared.active);
    setRequest(shared.request || '');
  } else {
    setFiles(examples.policies, examples.catalog, examples.policies[0].name);
    setRequest(exampleRequestText(examples.requests[0].name));
  }
  schedule();
  starting();
}

start().catch((e) => {
  $('status').textContent = `The playground could not start: ${e.message}`;
  document.body.dataset.idle = 'true';
  throw e;
});
