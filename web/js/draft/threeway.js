// The draft against the authority's latest accounts against its peers'
// median, in one table (issue 17). The core decides everything
// (internal/app/threeway.go, the `threeWay` call): which accounts, on which
// frame, which peers, and why a column does not compare; this module asks
// it, then draws its answer and writes it as CSV. A missing figure is
// « — » with its reason, never 0.

import {call, loadAuthority} from '../engine.js';
import {h, sr} from '../dom.js';
import {cents, fmt, fmtCents, csvNumber} from '../money.js';
import {csvCell, csvLine} from '../csv.js';
import {DOCUMENTS, SECTION_LABELS, docShort} from '../resultmodel.js';
import {reportName} from './state.js';

/**
 * The draft beside the reference authority, as the core puts them:
 * {draft, ref, note, threeWay}. splitAgain(req) splits the draft again when
 * the core asks for another frame (grid, section). Null when isStale().
 */
export async function threeWayReference(authority, req, draft, splitAgain, isStale) {
  const info = await loadAuthority(authority.key, 'all'); // the latest accounts are chosen among every year
  if (isStale()) return null;
  const key = info.key || authority.key;
  const name = info.name || authority.name;
  const the = info.nameThe || name; // « la Gironde »
  const of = info.nameOf || `de ${name}`; // « de la Gironde »
  let tw = await call('threeWay', draft.report, key, req);
  let note = tw.note || '';
  if (tw.resplit) {
    const r2 = {...req, grid: tw.grid, section: tw.section};
    delete r2.level;
    draft = await splitAgain(r2);
    if (isStale()) return null;
    tw = await call('threeWay', draft.report, key, r2);
    note = [note, tw.note].filter(Boolean).join(' ');
  }
  if (isStale()) return null;
  const notes = [note];
  if (!tw.accounts.comparable) notes.push(`Comparaison impossible avec ${the} : ${tw.accounts.reason}`);
  const ref = tw.accountsReport
    ? {report: tw.accountsReport, detail: name, phrase: `aux comptes ${docShort(tw.accountsReport)}`, dataset: true}
    : null;
  return {draft, ref, note: notes.filter(Boolean).join(' '), threeWay: {...tw, name, of}};
}

const COLS = [
  {key: 'draft', label: 'Brouillon'},
  {key: 'accounts', label: 'Derniers comptes'},
  {key: 'diff', label: 'Écart'},
  {key: 'peers', label: 'Médiane des pairs'},
];

/** A column's document and year: « BP 2016 », « CA 2016 », « Départements, 2024 ». */
function colSub(tw, key) {
  const c = tw[key];
  if (key === 'peers') return c.comparable ? `${c.group}${c.year ? `, ${c.year}` : ''}` : 'non comparable';
  if (!c.comparable) return 'non comparable';
  return docShort(c);
}

/** « — » with its reason for screen readers (and as a tooltip). */
function none(reason) {
  return [h('span', {'aria-hidden': 'true'}, '—'), sr(`non disponible : ${reason}`)];
}

/** A figure cell: the share of 1,000 € first, then € (and € per inhabitant) for those who want them. */
function figureCell(testid, cell, reason, {perInhOnly = false} = {}) {
  if (!cell || !cell.share) {
    return h('td', {class: ['num', 'unknown', reason ? 'tw-off' : ''], title: reason, 'data-testid': testid}, none(reason));
  }
  const eur = [];
  if (!perInhOnly) eur.push(h('span', {class: 'td-sub tw-eur', 'data-testid': `${testid}-amount`, dataset: {amount: cell.amount}}, fmt(cell.amount)));
  if (cell.perInhabitant) eur.push(h('span', {class: 'td-sub tw-eur tw-hab'}, `${fmt(cell.perInhabitant)} /hab.`));
  // « quartiles » may go above its two figures: the peers' column stays as narrow as the others.
  if (cell.q1 && cell.q3) {
    eur.push(h('span', {class: 'td-sub tw-eur tw-q'}, 'quartiles ',
      h('span', {class: 'tw-q-range'}, `${fmt(cell.q1, {unit: ''})} – ${fmt(cell.q3, {unit: ''})}`)));
  }
  return h('td', {class: 'num', 'data-testid': testid, dataset: {share: cell.share}}, fmt(cell.share), eur);
}

/** The difference draft − accounts: in points (€ on 1,000 €) and in €. */
function diffCell(testid, row, reason) {
  if (!row.diffShare) return h('td', {class: 'num unknown tw-off', title: reason, 'data-testid': testid}, none(reason));
  const d = cents(row.diffShare);
  const long = `${fmtCents(d, {sign: true, unit: ''})} points sur 1 000 €, ${fmt(row.diffAmount)} (brouillon moins comptes)`;
  return h('td', {class: ['num', d > 0 ? 'up' : (d < 0 ? 'down' : '')], title: long, 'data-testid': testid,
    dataset: {share: row.diffShare, amount: row.diffAmount}},
  h('span', {'aria-hidden': 'true'}, `${fmtCents(d, {sign: true, unit: ''})} pt`),
  h('span', {class: 'td-sub tw-eur', 'aria-hidden': 'true'}, fmtCents(cents(row.diffAmount), {sign: true})),
  sr(long));
}

const LABELS = {draft: 'Brouillon', accounts: 'Derniers comptes', peers: 'Médiane des pairs'};

/** Where the figures of each column that compares come from. */
function sources(tw, idPrefix) {
  const items = Object.keys(LABELS).filter((key) => tw[key].comparable).map((key) => {
    const c = tw[key];
    const body = [c.group ? `${c.group} (${c.n} collectivités, ${c.year})` : `${DOCUMENTS[c.document] || c.document || ''} ${c.year || ''}`.trim(),
      c.nomenclature, c.method, c.source && `source : ${c.source}`, c.licence].filter(Boolean).join(' · ');
    return h('li', {'data-testid': `${idPrefix}-tw-${key}-source`}, h('strong', null, `${LABELS[key]} : `), body, c.note ? ` ${c.note}` : '');
  });
  return h('ul', {class: 'tw-sources'}, items);
}

/** Why a column has no figure (« — »), before the table: the first thing to know. */
function reasons(tw, idPrefix) {
  const items = Object.keys(LABELS).filter((key) => !tw[key].comparable).map((key) =>
    h('li', {'data-testid': `${idPrefix}-tw-${key}-reason`}, h('strong', null, `${LABELS[key]} : « — ». `), tw[key].reason,
      tw[key].note ? ` ${tw[key].note}` : ''));
  return items.length ? h('ul', {class: 'notice notice-info tw-reasons'}, items) : null;
}

/**
 * The three-way table in place of the result's table (splitview.js's
 * model.table): ctx is the result's context (its rows give the order).
 */
export function threeWayTable(tw, ctx) {
  const {idPrefix, title, section, handlers, selected} = ctx;
  const byCode = new Map(tw.rows.map((r) => [r.code, r]));
  const order = ctx.rows.map((r) => r.code).filter((c) => byCode.has(c));
  for (const r of tw.rows) if (!order.includes(r.code)) order.push(r.code);
  const why = {accounts: tw.accounts.reason || '', peers: tw.peers.reason || ''};
  const diffWhy = why.accounts || '';
  const thead = h('tr', null,
    h('th', {scope: 'col'}, ctx.r.method === 'nature' ? 'Chapitre' : 'Politique'),
    COLS.map((c) => h('th', {scope: 'col', class: ['num', `tw-col-${c.key}`]}, c.label,
      h('span', {class: 'th-sub'}, c.key === 'diff' ? 'brouillon − comptes' : colSub(tw, c.key)),
      h('span', {class: 'th-sub tw-eur'}, c.key === 'diff' ? 'points · €' : (c.key === 'peers' ? 'pour 1 000 € · par hab.' : 'pour 1 000 € · €')))));
  const tbody = h('tbody');
  for (const code of order) {
    const r = byCode.get(code);
    const row = ctx.rows.find((x) => x.code === code);
    const isSel = code === selected;
    tbody.append(h('tr', {class: [isSel ? 'is-selected' : '', row && row.muted ? 'is-muted' : ''], dataset: {code}, 'data-testid': `${idPrefix}-row-${code}`},
      h('th', {scope: 'row', class: 'policy'},
        h('button', {type: 'button', class: 'linklike', 'aria-expanded': isSel ? 'true' : 'false', 'aria-controls': `${idPrefix}-drill`,
          'data-testid': `${idPrefix}-part-${code}`, onclick: () => handlers.onSelect && handlers.onSelect(isSel ? null : code)},
        r.plain || r.label || code),
        h('span', {class: 'code'}, code)),
      figureCell(`${idPrefix}-tw-draft-${code}`, r.draft, ''),
      figureCell(`${idPrefix}-tw-accounts-${code}`, r.accounts, why.accounts),
      diffCell(`${idPrefix}-tw-diff-${code}`, r, diffWhy),
      figureCell(`${idPrefix}-tw-peers-${code}`, r.peers, why.peers, {perInhOnly: true})));
  }
  const t = tw.total;
  const tfoot = h('tfoot', null, h('tr', null,
    h('th', {scope: 'row'}, 'Total'),
    figureCell(`${idPrefix}-tw-draft-total`, t.draft, ''),
    figureCell(`${idPrefix}-tw-accounts-total`, t.accounts, why.accounts),
    diffCell(`${idPrefix}-tw-diff-total`, t, diffWhy),
    h('td', {class: 'num unknown tw-off', title: 'des médianes ne s\'additionnent pas'}, none('des médianes ne s\'additionnent pas'))));
  const tableId = `${idPrefix}-table`;
  const table = h('table', {class: 'split-table tw-table', id: tableId, 'data-testid': tableId},
    h('caption', {id: `${tableId}-caption`}, `${title} face aux derniers comptes ${tw.of} et à la médiane des pairs : 1 000 € (${section})`),
    h('thead', null, thead), tbody, tfoot);
  const toggle = h('button', {type: 'button', class: 'btn btn-small tw-eur-toggle', 'aria-pressed': 'false', 'data-testid': `${idPrefix}-tw-euros`,
    onclick: () => {
      const on = !table.classList.contains('show-euros');
      table.classList.toggle('show-euros', on);
      toggle.setAttribute('aria-pressed', String(on));
      toggle.textContent = on ? 'Masquer les montants en €' : 'Afficher les montants en €';
    }}, 'Afficher les montants en €');
  return [
    h('p', {class: 'hint tw-intro'}, `Pour chaque ${ctx.r.method === 'nature' ? 'chapitre' : 'politique'} : sa part sur 1 000 € et son montant en €, dans le brouillon, dans les derniers comptes, et la médiane des collectivités comparables. Écart en points (euros sur 1 000 €) et en €.`),
    reasons(tw, idPrefix),
    toggle,
    h('div', {class: 'table-wrap', tabindex: '0', role: 'region', 'aria-labelledby': `${tableId}-caption`}, table),
    sources(tw, idPrefix),
  ];
}

/** What the exported chart's other marks are: the accounts (« réf. ») and the peers' median (the red tick), or why not. */
export function threeWayCaption(tw) {
  const a = tw.accounts;
  const p = tw.peers;
  return [
    a.comparable ? `« réf. » : comptes ${docShort(a)} ${tw.of} (${a.source})` : `Derniers comptes ${tw.of} : non comparables (${a.reason})`,
    p.comparable ? `trait rouge : médiane des pairs, ${p.group} (${p.n} collectivités, ${p.year})` : `Médiane des pairs : non comparable (${p.reason})`,
  ].join(' ; ');
}

/** The three columns as CSV (the draft's « Télécharger le tableau (CSV) »). */
export function threeWayCSV(tw, draftReport) {
  const lines = [];
  const section = SECTION_LABELS[tw.section] || SECTION_LABELS.all;
  // The draft's own name first, as in the export without a reference (csvCell neutralises it).
  const name = reportName(draftReport);
  lines.push(csvCell(`# ${name ? `${name} — ` : ''}Brouillon ${docShort(draftReport)} — derniers comptes ${tw.of} — pairs — ${section}`));
  for (const [key, label] of [['draft', 'brouillon'], ['accounts', 'derniers comptes'], ['peers', 'médiane des pairs']]) {
    const c = tw[key];
    lines.push(csvCell(c.comparable
      ? `# ${label} : ${[DOCUMENTS[c.document] || c.document, c.year, c.group, c.n && `${c.n} collectivités`, c.nomenclature, c.method, c.source, c.licence].filter(Boolean).join(' · ')}`
      : `# ${label} : non comparable — ${c.reason}`));
  }
  lines.push(csvLine(['code', 'politique', 'brouillon pour 1000 €', 'brouillon (€)', 'brouillon par habitant (€)',
    'comptes pour 1000 €', 'comptes (€)', 'comptes par habitant (€)', 'écart (points)', 'écart (€)',
    'médiane des pairs pour 1000 €', 'médiane des pairs par habitant (€)', 'groupe de pairs', 'année des pairs']));
  const peers = tw.peers;
  for (const r of [...tw.rows, tw.total]) {
    lines.push(csvLine([r.code, r.plain || r.label, csvNumber(r.draft.share), csvNumber(r.draft.amount), csvNumber(r.draft.perInhabitant),
      csvNumber(r.accounts.share), csvNumber(r.accounts.amount), csvNumber(r.accounts.perInhabitant),
      csvNumber(r.diffShare), csvNumber(r.diffAmount), csvNumber(r.peers.share), csvNumber(r.peers.perInhabitant),
      r.peers.share ? peers.group : '', r.peers.share ? peers.year : '']));
  }
  return '\ufeff' + lines.join('\r\n') + '\r\n';
}
