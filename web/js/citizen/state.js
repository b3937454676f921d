// The citizen view without the DOM or the core: the cache of the core's
// answers, the address's parameters as the controls change them, what an
// aggregated year allows, the peers to show, the way to the medians and the
// words of the live summary (unit tests in e2e/unit/).

import {fmt} from '../money.js';
import {docShort, DOCUMENTS, SECTION_LABELS} from '../resultmodel.js';
import {partLabel} from '../labels.js';

/** A small cache of promises by key (the core's answers): a failed one is forgotten, the oldest goes past limit. */
export function answerCache(limit = 40) {
  const cache = new Map();
  return function cached(key, fn) {
    if (!cache.has(key)) {
      const p = fn();
      p.catch(() => cache.delete(key));
      cache.set(key, p);
      if (cache.size > limit) cache.delete(cache.keys().next().value);
    }
    return cache.get(key);
  };
}

/** The address's parameters once changes are applied: an empty or null value removes its key. */
export function withChanges(params, changes) {
  const out = {...params, ...changes};
  for (const k of Object.keys(out)) if (out[k] === '' || out[k] === null) delete out[k];
  return out;
}

/** The authority's years, latest first ([] when it has none). */
export function sortedYears(info) {
  return Array.isArray(info.years) ? [...info.years].sort((a, b) => b.year - a.year) : [];
}

/** The words of a year in the year control: year, document, aggregated figures. */
export function yearOptionLabel(y) {
  return [String(y.year), y.document && y.document !== 'AGG' ? ` — ${DOCUMENTS[y.document] || y.document}` : '',
    y.detail === 'aggregated' ? ' — chiffres agrégés' : ''].join('');
}

/** Presentations an aggregated year allows (no F/I split, no detail below the first digit). */
export const AGGREGATED_VIEWS = ['native-1', 'six'];

/** The parameters shown: an aggregated year drops the section, the level and any grid but the six groups. */
export function shownParams(params, aggregated) {
  return aggregated ? {...params, section: '', niveau: '', grille: params.grille === 'six' ? 'six' : ''} : params;
}

/** The peers' group shown: the asked one if the report has it ('aucun' hides them), else the stratum, else the first. */
export function pickPeerKind(groups, asked) {
  const kind = asked || '';
  if (kind === 'aucun' || groups.some((g) => g.kind === kind)) return kind;
  return (groups.find((g) => g.kind === 'strate') || groups[0] || {}).kind || '';
}

/** The way to the medians when the core says why there are none: a label and the address's changes, or null. */
export function peersGo(note) {
  if (!note) return null;
  if (note.grid) {
    return {label: note.grid === 'common' ? 'Voir sur la grille commune' : 'Voir sur six grands groupes',
      changes: {grille: note.grid === 'native' ? '' : note.grid, niveau: ''}};
  }
  if (note.year) return {label: `Voir ${note.year}`, changes: {annee: String(note.year)}};
  if (note.defaults) return {label: 'Revenir aux règles par défaut', changes: {section: '', regles: ''}};
  return null;
}

/** The part selected for the drill-down if the report has it, else null. */
export function selectedPart(report, code) {
  return code && report.parts.some((p) => p.code === code) ? code : null;
}

/** The live summary of the figures on screen. */
export function statusText(name, report, selected) {
  return `${name}, ${docShort(report)} : ${SECTION_LABELS[report.section] || ''}, dépenses comptées ${fmt(report.total)}.`
    + (selected ? ` Détail : ${partLabel(report.parts.find((x) => x.code === selected))}.` : '');
}
