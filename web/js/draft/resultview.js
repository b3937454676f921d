// The draft's figures drawn: the split (splitview.js) beside its reference,
// with the notes that say what was compared and how, or the sentence that
// says what to do when there is nothing to split yet.

import {$, h, replace} from '../dom.js';
import {renderResult, peerGroups} from '../splitview.js';
import {emptyText, reportName, resultNotes, sourceText} from './state.js';
import {threeWayCaption, threeWayCSV, threeWayTable} from './threeway.js';

/** The result area when there is nothing to split yet. */
export function renderEmpty(container, source) {
  replace(container, h('p', {class: 'empty-result', 'data-testid': 'draft-empty'}, emptyText(source)));
}

/**
 * Draws the draft's split and its reference in container. model: {st,
 * params, draft, ref, note, threeWay?}; onSelect(code) opens a part's
 * detail (null closes it).
 */
export function renderDraft(container, {st, params, draft, ref, note, threeWay}, onSelect) {
  const groups = ref && ref.report ? peerGroups(ref.report) : [];
  const peerKind = (groups.find((g) => g.kind === 'strate') || groups[0] || {}).kind || null;
  const selected = params.partie && draft.report.parts.some((p) => p.code === params.partie) ? params.partie : null;
  renderResult(container, {
    report: draft.report, draft: true, ref, peerKind, selected, idPrefix: 'draft',
    title: reportName(draft.report) || 'Mon brouillon', titleOf: 'du brouillon',
    populationHint: st.source === 'file' ? 'Indiquez-la dans le champ « Population (habitants) », sous le fichier.'
      : 'Indiquez-la dans le champ « Population » de la saisie.',
    sourceOverride: sourceText(st),
    // With an authority as reference: the draft, its latest accounts and its peers in one table.
    ...(threeWay ? {table: (ctx) => threeWayTable(threeWay, ctx), csv: () => threeWayCSV(threeWay, draft.report),
      exportCaption: threeWayCaption(threeWay)} : {}),
  }, {onSelect});
  const notes = resultNotes({note, isFrozen: draft.frozen});
  if (notes.length) container.prepend(...notes.map((n) => h('p', {class: 'notice notice-info', 'data-testid': 'draft-note'}, n)));
}

/** Gives the focus back after a redraw: to the detail opened ('drill') or to the part's button ({row}). */
export function restoreFocus(target) {
  if (target === 'drill') $('draft-drill-title')?.focus();
  else if (target && target.row) document.querySelector(`[data-testid="draft-part-${CSS.escape(target.row)}"]`)?.focus();
}
