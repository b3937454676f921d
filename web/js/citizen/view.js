// The citizen view drawn: the authority's heading, the notices (no figures,
// an error), the controls that reflect the address, the peers' control and
// the way to their medians, the focus after a change. The rules are in
// state.js, the wiring in citizen.js.

import {$, h, replace} from '../dom.js';
import {fmtInt} from '../money.js';
import {setRadio, sectionOf, presentationOf} from '../options.js';
import {yearOptionLabel, AGGREGATED_VIEWS, peersGo} from './state.js';

/** The elements of the view, by role. */
export function citizenElements() {
  return {
    notice: $('citizen-notice'), home: $('citizen-home'), authority: $('authority'),
    kind: $('authority-kind'), name: $('authority-name'), facts: $('authority-facts'), note: $('authority-note'),
    nodata: $('authority-nodata'), body: $('authority-body'),
    year: $('citizen-year'), view: $('citizen-view'), peers: $('citizen-peers'), peersControl: $('citizen-peers-control'),
    rules: document.querySelector('#citizen-rules .rules-body'), result: $('citizen-result'),
    yearsToggle: $('citizen-years-toggle'), years: $('citizen-years'), aggHint: $('citizen-agg-hint'),
    peersHint: $('citizen-peers-hint'),
  };
}

/** The way to the draft, said under a notice. */
export function draftWayOn(text) {
  return h('p', null, text, h('a', {href: '#/brouillon'}, 'Mon budget (brouillon privé)'), '.');
}

/** The notice of figures that cannot be shown. */
export function figuresError(message, ...after) {
  return [h('p', null, h('strong', null, 'Les chiffres ne peuvent pas être affichés. '), message), ...after];
}

/** The notice when the index of authorities cannot be read. */
export function showIndexError(el, message) {
  replace(el.notice,
    h('p', null, h('strong', null, 'Recherche indisponible. '), message),
    draftWayOn('Vous pouvez quand même analyser un fichier budgétaire dans '));
  el.notice.hidden = false;
}

/** In place of the figures: why there are none and the ways on. */
export function showNoData(el, ...children) {
  replace(el.nodata, ...children);
  el.nodata.hidden = false;
  el.result.setAttribute('aria-busy', 'false');
}

/** The heading of an authority the core does not know. */
export function renderUnknown(el) {
  el.authority.hidden = false;
  el.kind.textContent = '';
  el.name.textContent = 'Collectivité introuvable';
  el.facts.textContent = '';
  el.note.hidden = true;
  el.body.hidden = true;
}

/** The authority's heading: kind, codes, facts, and what its kind does not say. */
export function renderHead(el, info, openDraftFor) {
  el.authority.hidden = false;
  el.kind.textContent = [info.kindLabel, info.code ? `code ${info.code}` : '', info.siren ? `SIREN ${info.siren}` : ''].filter(Boolean).join(' · ');
  el.name.textContent = info.name;
  const facts = [];
  // The core may give codes ("93", "11") or names: a bare région code means nothing to people.
  if (info.departement && info.kind !== 'departement') facts.push(h('span', null, /^\d[\dAB]?$/.test(info.departement) ? `Département ${info.departement}` : `Département : ${info.departement}`));
  if (info.region && !/^\d+$/.test(info.region)) facts.push(h('span', null, `Région : ${info.region}`));
  facts.push(h('span', info.populationSource ? {title: `Source : ${info.populationSource}`} : null, info.population
    ? `Population : ${fmtInt(info.population)} habitants${info.populationYear ? ` (${info.populationYear})` : ''}`
    : 'Population : inconnue'));
  if (info.strate && info.strate.label) facts.push(h('span', null, `Strate : ${info.strate.label}`));
  if (info.epci && info.epci.key) {
    facts.push(h('span', null, 'Intercommunalité : ',
      h('a', {href: `#/collectivite/${info.epci.key}`, 'data-testid': 'authority-epci'}, info.epci.name)));
  }
  facts.push(h('a', {href: '#/comprendre/qui-fait-quoi'}, 'Qui fait quoi ?'));
  // A file of this authority is compared with its figures (the draft's reference).
  if (info.years && info.years.length) {
    facts.push(h('button', {type: 'button', class: 'btn btn-link', 'data-testid': 'citizen-compare-file',
      onclick: () => openDraftFor(info)}, 'Analyser un fichier de cette collectivité'));
  }
  replace(el.facts, ...facts.flatMap((f, i) => (i ? [' · ', f] : [f])));
  // What the kind does not say (the Ville de Paris is commune and
  // département, a CTU a région and a département…) and where the
  // population comes from.
  const note = [info.note, info.populationSource ? `Population : ${info.populationSource}.` : ''].filter(Boolean).join(' ');
  el.note.textContent = note;
  el.note.hidden = !note;
}

/** The year control and what an aggregated year disables. */
export function renderYearControls(el, years, year, aggregated) {
  replace(el.year, ...years.map((y) => h('option', {value: y.year, selected: y.year === year}, yearOptionLabel(y))));
  for (const v of ['F', 'I']) $(`citizen-section-${v}`).disabled = aggregated;
  for (const o of el.view.options) o.disabled = aggregated && !AGGREGATED_VIEWS.includes(o.value);
  el.aggHint.hidden = !aggregated;
}

/** The section and presentation controls, and the years' toggle, as the address says. */
export function reflectParams(el, params, annees) {
  setRadio('citizen-section', sectionOf(params));
  el.view.value = presentationOf(params);
  el.yearsToggle.setAttribute('aria-expanded', annees ? 'true' : 'false');
  el.yearsToggle.textContent = annees ? 'Masquer les années côte à côte' : 'Afficher les années côte à côte';
}

/** The peers' control: the report's groups and « Personne ». */
export function renderPeers(el, groups, peerKind) {
  el.peersControl.hidden = groups.length === 0;
  replace(el.peers, ...groups.map((g) => h('option', {value: g.kind, selected: g.kind === peerKind},
    `${g.group}${g.n ? ` (${fmtInt(g.n)})` : ''}`)), h('option', {value: 'aucun', selected: peerKind === 'aucun'}, 'Personne (masquer les médianes)'));
}

/** Why no medians of peers, and a button to where they are (grid, year or default rules). */
export function showPeersNote(el, note, set) {
  el.peersHint.hidden = !note;
  if (!note) return;
  const go = peersGo(note);
  replace(el.peersHint, note.text, go ? ' ' : '', go ? h('button', {type: 'button', class: 'btn btn-link', 'data-testid': 'citizen-peers-go',
    onclick: () => set({...go.changes, partie: ''})}, go.label) : '');
}

/** Moves the focus where the change asked: the authority's name, the drill-down's title or a part's row. */
export function applyFocus(el, f) {
  if (!f) return;
  if (f === 'authority') el.name.focus();
  else if (f === 'drill') $('citizen-drill-title')?.focus();
  else if (f.row) document.querySelector(`[data-testid="citizen-part-${CSS.escape(f.row)}"]`)?.focus();
}
