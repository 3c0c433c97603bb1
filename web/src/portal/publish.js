// The "Publish my choices" card: the signed-in artist's stance on each AI
// use, from the policy the page shows (with the other parties' policies and
// the catalog), written as the AI opt-out signals by the WebAssembly compiler
// module (docs/standards.md, "Signals"), each with who reads it and where it
// goes, a preview and a download. As with the answers, the signals shown are
// those of the current policy, or none.
import { fill, h, uid } from '../shared/dom.js';
import { formatTime } from '../shared/dates.js';
import { exportSignals } from '../shared/engine.js';
import { labelled, mark } from './fields.js';
import { pathProblem, siteProblem } from './validate.js';

// In the order shown: the signal Refrain.exportSignals writes, a title, the end of the download's
// name, its media type, and one sentence on who reads it and where to put it.
export const ARTEFACTS = [
  { signal: 'rsl', title: 'RSL licence', file: 'rsl.xml', type: 'application/xml',
    where: 'AI crawlers that license content read it: publish it on your site as rsl.xml and point robots.txt at it.' },
  { signal: 'aipref', title: 'AIPREF header', file: 'content-usage.txt', type: 'text/plain',
    where: 'AI crawlers that follow the IETF AI preferences read it: send it as an HTTP response header with your audio files.' },
  { signal: 'robots', title: 'robots.txt lines', file: 'robots.txt', type: 'text/plain',
    where: 'Crawlers read your site’s robots.txt before anything else: append these lines to it.' },
  { signal: 'tdmrep', title: 'TDMRep file', file: 'tdmrep.json', type: 'application/json',
    where: 'Text and data mining tools read it: serve it on your site at /.well-known/tdmrep.json.' },
  { signal: 'cawg', title: 'CAWG training and data mining assertion', file: 'cawg.json', type: 'application/json',
    where: 'Apps that read Content Credentials (C2PA) read it: add it to the C2PA manifest of each file you sign.' },
  { signal: 'iptc', title: 'IPTC data mining XMP', file: 'iptc.xmp', type: 'application/rdf+xml',
    where: 'Apps that read a file’s metadata read it: embed it in the file’s XMP, or keep it beside the file as a sidecar .xmp.' },
];

// Now, in RFC 3339 to the second: "2026-12-08T14:03:09Z".
function now() {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

// Saves `text` as a file named `name`.
function download(name, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = h('a', { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

function artefact({ signal, title, where, type }, text, error, name, hasSite) {
  const id = uid('signal');
  const body = text === undefined
    ? [h('p', { class: 'no-answers' }, signal === 'tdmrep' && !hasSite
      ? 'TDMRep points text and data mining tools to your terms, so it needs your site’s address (above).'
      : `Not written: ${error}`)]
    : [h('pre', { class: 'source', tabindex: 0, 'aria-labelledby': id }, text),
      h('button', { type: 'button', class: 'secondary', 'data-file': name, onclick: () => download(name, text, type) }, `Download ${name}`)];
  return h('article', { class: 'artefact', 'data-signal': signal, 'aria-labelledby': id }, h('h3', { id }, title),
    h('p', { class: 'muted' }, where), ...body);
}

export class PublishCard {
  // elements: {card, controls, asOf, list}; catalog: the works as JSON Lines; onChange: schedules
  // refresh() (debounced, as the page's other runs are) after a control of the card changed.
  constructor(elements, catalog, onChange) {
    this.el = elements;
    this.catalog = catalog;
    this.generation = 0;  // a newer export, or a newer policy, always wins over a slower older export
    this.sources = null;  // the sources of the policy shown, while it compiles
    this.reason = 'Working out your signals…';  // why there are none, while there are no sources
    this.artist = null;
    this.works = [];
    this.work = h('select', { name: 'publish-work', onchange: () => {
      this.showNone('Working out your signals…');  // those shown were for another work
      onChange();
    } });
    const checked = (input, problem) => {
      input.addEventListener('input', () => {
        mark(input, problem(input.value));
        onChange();
      });
      return input;
    };
    this.site = checked(h('input', { type: 'text', name: 'publish-site', inputmode: 'url', placeholder: 'https://luna-ray.example' }), siteProblem);
    this.path = checked(h('input', { type: 'text', name: 'publish-path', value: '/' }), pathProblem);
    fill(elements.controls, h('div', { class: 'row publish-fields' },
      labelled('For', this.work, 'All your works: your own stance. One work: as all its rights holders decide it.'),
      labelled('Your site', this.site, 'The RSL file’s address is this plus /rsl.xml; TDMRep needs it.'),
      labelled('The signals cover', this.path, '/ is your whole site; for one work, its folder, such as /music/moth-light/.')));
  }

  // A new artist: their works to choose from, and the site fields as new.
  signIn(artist, works) {
    this.artist = artist;
    this.works = works;
    fill(this.work, h('option', { value: '' }, 'All my works'), works.map((w) => h('option', { value: w.id }, `${w.title} (${w.id})`)));
    this.site.value = '';
    this.path.value = '/';
    mark(this.site, '');
    mark(this.path, '');
    this.hide('Working out your signals…');
  }

  // The policy shown compiles with these sources: export them.
  show(sources) {
    this.sources = sources;
    return this.refresh();
  }

  // There is no policy to publish (it does not compile, a field needs a fix, a run failed): no signals.
  hide(reason) {
    this.sources = null;
    this.reason = reason;
    this.showNone(reason);
  }

  // Exports the sources shown with the card's choices, at this second.
  async refresh() {
    const generation = ++this.generation;
    if (!this.sources) return this.showNone(this.reason);
    if (siteProblem(this.site.value) || pathProblem(this.path.value)) return this.showNone('No signals while a field above needs a fix.');
    const site = this.site.value.trim().replace(/\/+$/, '');
    const options = { party: this.artist, work: this.work.value || null, at: now(), url: this.path.value.trim(),
      rslUrl: site ? `${site}/rsl.xml` : '' };
    try {
      const result = await exportSignals(this.sources, this.catalog, options);
      if (generation !== this.generation) return;  // a newer export is on its way
      if (result.ok) this.render(result, options);
      else this.showNone(`No signals: ${result.error}`);
    } catch (e) {
      if (generation === this.generation) this.showNone(`Something went wrong, so there are no signals: ${e.message}`);
      console.error(e);
    }
  }

  // Shows the signals of `result`, with what they were made from in the card's data attributes.
  render(result, options) {
    const work = this.works.find((w) => w.id === options.work);
    const base = work ? `${this.artist}-${work.id}` : this.artist;
    Object.assign(this.el.card.dataset, { current: 'true', party: options.party, work: options.work || '', url: options.url,
      rslUrl: options.rslUrl });
    this.el.asOf.dataset.at = options.at;
    this.el.asOf.textContent = `As of ${formatTime(options.at)}, ${work
      ? `for ${work.title} (${work.id}), as all its rights holders decide it:` : 'for all your works:'}`;
    fill(this.el.list, ARTEFACTS.map((a) =>
      artefact(a, result.signals[a.signal], result.errors[a.signal], `${base}.${a.file}`, Boolean(options.rslUrl))));
  }

  // No signals on screen, and why; one being worked out is dropped.
  showNone(message) {
    ++this.generation;
    this.el.card.dataset.current = 'false';
    delete this.el.asOf.dataset.at;
    this.el.asOf.textContent = '';
    fill(this.el.list, h('p', { class: 'no-answers' }, message));
  }
}
