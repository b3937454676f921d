// The words of a result, as the core's labels table gives them
// (internal/nomen/words.tsv): each part's citizen label first, its official
// label and code one click away (a disclosure, keyboard-accessible), and
// the explanation of the parts that need one (« Dette, reversements et non
// ventilé »). No label is made up here.

import {h} from './dom.js';

/** The label a citizen reads for a part: the core's plain words, else its label. */
export function partLabel(p) {
  if (!p) return '';
  return p.plain || p.label || p.code;
}

/** What the code of a part is, in a report: a function, a chapter, an account, an area. */
function codeKind(r, child) {
  if (r.method === 'nature') return child ? 'compte' : 'chapitre';
  if (!child && r.grid && r.grid !== 'native') return 'regroupement';
  return 'code fonction';
}

/** The sentence behind the disclosure: official label, code and where they come from. */
export function officialText(p, r, {child = false} = {}) {
  const kind = codeKind(r, child);
  const nomen = r.nomenclature_label || r.nomenclature || '';
  if (kind === 'regroupement') {
    return `Regroupement de ce site (${r.grid_label || 'grille de comparaison'}), pas une catégorie officielle : code ${p.code}.`;
  }
  const official = p.label && p.label !== partLabel(p) ? `Libellé officiel : « ${p.label} »` : 'Libellé officiel identique';
  return `${official} — ${kind} ${p.code}${nomen ? `, nomenclature ${nomen}` : ''}.`;
}

/**
 * The citizen label of a part with its official label and code one click
 * away: a <details> (Enter or Space opens it) whose summary is a small
 * « i ». id: a unique id for the summary's accessible name.
 */
export function labelWithOfficial(p, r, {id, child = false, main = null} = {}) {
  const label = partLabel(p);
  return [
    main || label,
    h('details', {class: 'official', 'data-testid': id ? `${id}-official` : undefined},
      h('summary', {title: 'Libellé officiel et code', 'aria-label': `Libellé officiel et code de « ${label} »`},
        h('span', {'aria-hidden': 'true'}, 'i')),
      h('span', {class: 'official-body'}, officialText(p, r, {child}), p.note ? [' ', p.note] : null)),
  ];
}

/** Parts of a report that carry an explanation, once each by label. */
export function explainedParts(r) {
  const seen = new Set();
  return (r.parts || []).filter((p) => p.note && !seen.has(partLabel(p)) && seen.add(partLabel(p)));
}

/** A paragraph under a table that explains its special parts (what is in them, why apart). */
export function partNotes(r, idPrefix) {
  const parts = explainedParts(r);
  if (!parts.length) return null;
  return h('div', {class: 'part-notes', 'data-testid': `${idPrefix}-part-notes`},
    parts.map((p) => h('p', {class: 'hint'}, h('strong', null, `« ${partLabel(p)} » : `), p.note)));
}

/** An authority's name in a sentence, as the core phrases it (territory.Phrase): « la région Bretagne », « le Morbihan », « Montreuil ». */
export function nameThe(info) {
  return info.nameThe || info.name;
}

/** … after « de », contracted: « de la région Bretagne », « du Morbihan », « d'Angers ». */
export function nameOf(info) {
  return info.nameOf || `de ${info.name}`;
}

/** … at the start of a sentence: « Le Morbihan ». */
export function nameSubject(info) {
  const s = nameThe(info);
  return s.charAt(0).toUpperCase() + s.slice(1);
}
