// The "What changes" card: before the artist publishes her edited terms, which AI uses and
// which works would get another answer than under her published policy, with one concrete
// request each. The proof comes from Refrain's analyser (`refrain diff`), which needs the Z3
// solver and so runs natively on the server (POST /api/what-changes, web/what-changes.mjs);
// each request it gives is then decided again here, by the WebAssembly runtime, against the
// published policies and against the edited ones, and told in the page's words.
// As with the answers, a result is shown only for the policy on screen: any edit clears it.
import { fill, h } from '../shared/dom.js';
import { Workbench } from '../shared/engine.js';
import { explainDecision } from '../shared/explain.js';
import { roleLookup, rolesFromSources } from '../shared/parties.js';
import { plainUse } from '../shared/uses.js';
import { describeRequest } from './samples.js';

export const ENDPOINT = 'api/what-changes';

// A sentence of explain.js as a clause: "You say no to X (line 3 of …)." -> "you say no to X (line 3 of …)".
function clause(text) {
  const t = text.replace(/\.$/, '');
  return /^(You|Your|The|A|An|Nobody|Errors?|Denied)\b/.test(t) ? t[0].toLowerCase() + t.slice(1) : t;
}

// The lines of a decision that matter: for a deny those that blocked it, for an allow who allowed it.
function reasons(decision, words) {
  const lines = explainDecision(decision, words);
  return decision.decision === 'allow' ? lines : lines.filter((l) => l.kind !== 'allow');
}

const DONE = { allow: 'allowed', deny: 'denied' };

// "old: deny (…); new: allow" -> {before: 'deny', after: 'allow'}: the analyser's own words, used
// when the page's runtime does not confirm the change.
function serverVerdicts(runtime) {
  const m = /^old: (allow|deny)\b.*; new: (allow|deny)\b/.exec(runtime || '');
  return m ? { before: m[1], after: m[2] } : { before: null, after: null };
}

export class WhatChangesCard {
  // elements: {card, button, status, result}; examples: the page's examples (policies and catalog,
  // as published); works: the catalog's works; activity: the page's (idle.js), so a check keeps it busy.
  constructor(elements, examples, works, activity) {
    this.el = elements;
    this.examples = examples;
    this.works = works;
    this.activity = activity;
    this.generation = 0;     // a newer check, or an edit, always wins over an answer on its way
    this.artist = null;
    this.file = null;        // the artist's file name, as the page's sources name it
    this.published = null;   // the text of her published policy, or null when she has none
    this.current = null;     // {sources, text}: the edited policy on screen, while it compiles
    this.checkedText = null; // the edited text the result shown is for
    this.publishedBench = null;  // the published policies, compiled once, in the WebAssembly runtime
    this.editedBench = new Workbench();
    elements.button.addEventListener('click', () => this.check());
    this.disable('Working out your terms…');
  }

  // A new artist: her published policy (or none) is what the edited one is compared with.
  signIn(artist, file, published) {
    this.artist = artist;
    this.file = file;
    this.published = published;
    this.current = null;
    this.clear('Working out your terms…');
  }

  // The edited policy on screen compiles with these sources: it can be compared. A result for the
  // same text stays; one for another text goes.
  show(sources, text) {
    this.current = { sources, text };
    this.el.button.disabled = false;
    if (text !== this.checkedText) this.clear('');
  }

  // There is nothing to compare (the policy does not compile, a field needs a fix, a run failed).
  hide(reason) {
    this.current = null;
    this.clear(reason);
  }

  disable(reason) {
    this.el.button.disabled = true;
    this.setStatus(reason, reason ? 'waiting' : 'idle');
  }

  // No result on screen; one on its way is dropped.
  clear(reason) {
    ++this.generation;
    this.checkedText = null;
    delete this.el.card.dataset.outcome;
    this.el.result.replaceChildren();
    this.el.result.removeAttribute('aria-busy');
    if (this.current) {
      this.el.button.disabled = false;
      this.setStatus('', 'idle');
    } else this.disable(reason);
  }

  setStatus(text, state, cls = '') {
    this.el.card.dataset.state = state;
    this.el.status.textContent = text;
    this.el.status.className = cls;
  }

  async publishedEngine() {
    if (!this.publishedBench) {
      this.publishedBench = new Workbench();
      const compiled = await this.publishedBench.compile(this.examples.policies, this.examples.catalog);
      if (!compiled.ok) {
        this.publishedBench = null;
        throw new Error('the published policies do not compile in the browser');
      }
    }
    return this.publishedBench;
  }

  // Asks the server, then decides each request it gives on both sides in the browser.
  async check() {
    if (!this.current) return;
    const generation = ++this.generation;
    const { sources, text } = this.current;
    const done = this.activity.begin();
    this.el.button.disabled = true;
    this.el.result.setAttribute('aria-busy', 'true');
    this.el.result.replaceChildren();
    delete this.el.card.dataset.outcome;
    this.setStatus('Comparing your edited terms with your published policy…', 'working');
    try {
      const asked = fetch(new URL(ENDPOINT, location.href), {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ party: this.artist, published: this.published, edited: text }),
      });
      const [response, before, compiled] = await Promise.all([asked, this.publishedEngine(),
        this.editedBench.compile(sources, this.examples.catalog)]);
      const answer = await response.json().catch(() => ({ error: `the server answered ${response.status} without an explanation` }));
      if (generation !== this.generation) return;
      if (!response.ok) {
        this.showError(answer);
        return;
      }
      if (!compiled.current || !compiled.ok) throw new Error('your edited policy did not compile in the browser');
      this.render(answer, before, this.editedBench, sources);
      this.checkedText = text;
    } catch (e) {
      if (generation === this.generation) this.showError({ error: e.message }, 'The check could not be run');
      console.error(e);
    } finally {
      if (generation === this.generation) {
        this.el.result.removeAttribute('aria-busy');
        this.el.button.disabled = !this.current;
      }
      done();
    }
  }

  showError(answer, lead = 'The server could not work out what changes') {
    this.setStatus(`${lead}: ${answer.error || 'no reason given'}`, 'error', 'no-answers');
    const diagnostics = Array.isArray(answer.diagnostics) ? answer.diagnostics : [];
    fill(this.el.result, diagnostics.length
      ? h('ul', { class: 'diag-list' }, diagnostics.map((d) => h('li', {}, d))) : null);
  }

  workName(id) {
    if (id === null || id === undefined) return 'any other work';
    const work = this.works.find((w) => w.id === id);
    return work ? `${work.title} (${id})` : id;
  }

  // How a side's decision speaks: the artist is "you", and a line of her own file is "line N of
  // your published policy" (before) or "line N of your policy" (the one on this page).
  words(request, sources, own) {
    const work = this.works.find((w) => w.id === request.work?.id) || request.work;
    const ruleText = (rule) => {
      const m = /^(.*):(\d+)$/.exec(rule);
      return m && m[1] === this.file ? `line ${m[2]} of ${own}` : `rule ${rule}`;
    };
    return { you: this.artist, roleOf: roleLookup(work, rolesFromSources(sources)), ruleText };
  }

  render(answer, before, after, sources) {
    const findings = Array.isArray(answer.findings) ? answer.findings : [];
    const changes = findings.filter((f) => f.outcome === 'differs');
    const unknowns = findings.filter((f) => f.outcome === 'unknown');
    this.el.card.dataset.outcome = answer.outcome;
    const checked = `Refrain’s analyser asked ${answer.questions} questions: every AI use, for each work of the catalog and for any other work.`;
    let summary;
    if (answer.outcome === 'same') summary = 'Nothing changes: every request gets the same answer from your edited terms as from your published policy.';
    else if (!changes.length) summary = `No change was found, but ${unknowns.length === 1 ? 'one question' : `${unknowns.length} questions`} could not be settled (below).`;
    else {
      summary = `If you publish these terms, ${changes.length === 1 ? 'one answer changes' : `${changes.length} answers change`}: each is one use of one work, with a request whose answer changes.`;
      if (unknowns.length) summary += ` ${unknowns.length === 1 ? 'One question' : `${unknowns.length} questions`} could not be settled (below).`;
    }
    this.setStatus(summary, 'done', answer.outcome === 'same' ? 'nothing-changes' : '');
    fill(this.el.result,
      h('p', { class: 'muted' }, checked),
      changes.length ? [h('h3', {}, 'Answers that change'),
        h('ul', { class: 'changes' }, this.changeGroups(changes.map((f) => this.decideChange(f, before, after, sources))))] : null,
      unknowns.length ? [h('h3', {}, 'Not settled'),
        h('ul', { class: 'unknowns' }, unknowns.map((f) => h('li', { class: 'unknown', 'data-use': f.use || '', 'data-work': f.work ?? '' },
          `${f.use ? plainUse(f.use) : 'Every use'} · ${this.workName(f.work)}: the analysis could not settle this (${f.why}).`)))] : null);
  }

  // Each change decided on both sides by this page's runtime, in words: {finding, old, now, confirmed,
  // before, after, oldWhy, nowWhy}.
  decideChange(finding, beforeBench, afterBench, sources) {
    const request = finding.request;
    const old = beforeBench.decide(request);
    const now = afterBench.decide(request);
    const confirmed = old.decision !== now.decision;
    const { before, after } = confirmed ? { before: old.decision, after: now.decision } : serverVerdicts(finding.runtime);
    return { finding, old, now, confirmed, before, after,
      oldWhy: reasons(old, this.words(request, this.examples.policies, 'your published policy')),
      nowWhy: reasons(now, this.words(request, sources, 'your policy')) };
  }

  // "Moth Light (USNW12400013)"; several: "Moth Light, Glasshouse and 11 other works, and any other work".
  worksText(ids) {
    const named = ids.filter((id) => id !== null && id !== undefined).map((id) => this.workName(id).replace(/ \([^)]*\)$/, ''));
    const other = ids.some((id) => id === null || id === undefined);
    if (ids.length === 1) return this.workName(ids[0]);
    const shown = named.length > 3 ? `${named.slice(0, 2).join(', ')} and ${named.length - 2} other works` : named.join(', ').replace(/, ([^,]*)$/, ' and $1');
    return other ? (named.length ? `${shown}, and any other work` : 'any other work') : shown;
  }

  // The changes of one use that read alike (same verdicts, same reasons) as one item: the use and
  // its works, the verdicts before and after as this page's runtime decides the requests, why, and
  // each work's request with the analyser's words, folded away.
  changeGroups(decided) {
    const groups = new Map();
    for (const d of decided) {
      const key = JSON.stringify([d.finding.use, d.before, d.after, d.confirmed, d.oldWhy.map((l) => l.text), d.nowWhy.map((l) => l.text)]);
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(d);
    }
    return [...groups.values()].map((items) => this.changeGroup(items));
  }

  changeGroup(items) {
    const { finding, before, after, confirmed, oldWhy, nowWhy } = items[0];
    const head = `${plainUse(finding.use)} · ${this.worksText(items.map((d) => d.finding.work))}: now ${DONE[after] || 'different'}`
      + (before === 'deny' && oldWhy.length ? ` (was denied: ${clause(oldWhy[0].text)})` : ` (was ${DONE[before] || 'different'})`);
    const whyList = (lines) => h('ul', { class: 'why' }, lines.map((l) => h('li', { class: `why-${l.kind}` }, l.text)));
    return h('li', { class: 'change-group', 'data-use': finding.use, 'data-before': before || '', 'data-after': after || '' },
      h('p', { class: 'change-head' }, h('span', { class: `badge badge-${after}` }, after), ' ', head),
      after === 'deny' && nowWhy.length ? h('p', { class: 'change-now' }, `Now: ${nowWhy.map((l) => l.text).join(' ')}`) : null,
      confirmed ? null : h('p', { class: 'no-answers' },
        `Your browser decides ${items.length === 1 ? 'this request' : 'these requests'} alike on both sides: the analyser and the runtime disagree here.`),
      h('details', { class: 'change-request' },
        h('summary', {}, items.length === 1 ? 'The request, and why' : `The ${items.length} requests, one per work, and why`),
        h('dl', {},
          h('dt', {}, 'Under your published policy'), h('dd', {}, whyList(oldWhy)),
          h('dt', {}, 'Under your edited terms'), h('dd', {}, whyList(nowWhy))),
        h('ul', { class: 'change-works' }, items.map((d) => this.change(d)))));
  }

  // One work's request: its data-* attributes carry the request and both verdicts (the tests decide it again).
  change({ finding, old, now, confirmed }) {
    const request = finding.request;
    return h('li', { class: 'change', 'data-use': finding.use, 'data-work': finding.work ?? '', 'data-request': JSON.stringify(request),
      'data-before': old.decision, 'data-after': now.decision, 'data-confirmed': String(confirmed) },
    h('p', {}, h('strong', {}, this.workName(finding.work)), ': ', describeRequest(request)),
    h('pre', { class: 'source', tabindex: 0, 'aria-label': `The request for ${this.workName(finding.work)}, as JSON` }, JSON.stringify(request, null, 2)),
    h('p', { class: 'muted runtime' }, 'Refrain’s runtime, on the server: ', h('code', {}, finding.runtime)));
  }
}
