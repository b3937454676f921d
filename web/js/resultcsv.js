// The CSV export of one result (citizen view and draft), without the DOM:
// the file's name and its text. Cells are quoted and neutralised by csv.js.

import {DOCUMENTS, SECTION_LABELS, docShort, isNativeGrid, gridLabel, provenanceText} from './resultmodel.js';
import {plain, csvNumber} from './money.js';
import {csvCell, csvLine} from './csv.js';

/** A file name from a title: no accents, no spaces, 80 characters at most. */
export function slug(t) {
  return String(t).normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^\w-]+/g, '-').replace(/-+/g, '-').replace(/^-|-$/g, '').toLowerCase().slice(0, 80) || 'jeu1000';
}

/**
 * The CSV of a result (the rows of resultmodel.js's buildRows): two title
 * lines, then a part a line with the reference's and the peers' columns
 * when there are, and the provenance on every line. ref: {report} or null.
 */
export function resultCSV(r, rows, ref) {
  const lines = [];
  lines.push(csvCell(`# ${(r.authority && r.authority.name) || 'Brouillon'} — ${docShort(r)} — ${SECTION_LABELS[r.section] || ''}`));
  lines.push(csvCell(`# ${provenanceText(r)}`));
  const head = ['code', 'politique', 'pour 1000 €', 'montant (€)', 'fonctionnement (€)', 'investissement (€)', 'par habitant (€)'];
  if (ref) head.push(`référence ${docShort(ref.report)} pour 1000 €`, 'écart pour 1000 €', `référence ${docShort(ref.report)} montant (€)`);
  if (rows.some((x) => x.peer)) head.push('médiane des pairs pour 1000 €', 'groupe de pairs');
  // Provenance on every row: a filtered or merged file still says where each figure comes from.
  const width = head.length;
  const pv = r.provenance || {};
  const prov = [(r.authority && r.authority.name) || 'Brouillon', r.year ?? '', DOCUMENTS[r.document] || r.document || '',
    SECTION_LABELS[r.section] || '', gridLabel(r), pv.publisher || pv.source || '', pv.licence || ''];
  lines.push(csvLine([...head, 'collectivité', 'année', 'document', 'dépenses', 'regroupement', 'source', 'licence', 'libellé officiel']));
  for (const row of rows) {
    const p = row.part || {};
    const cells = [row.code, row.label, csvNumber(p.euros ?? (ref ? '0.00' : '')), csvNumber(p.amount), csvNumber(p.fonctionnement),
      csvNumber(p.investissement), csvNumber(p.per_inhabitant)];
    if (ref) {
      cells.push(csvNumber(row.ref === null ? '' : plain(row.ref)), csvNumber(plain((row.value ?? 0) - (row.ref ?? 0))),
        csvNumber(row.refPart ? row.refPart.amount : (row.ref === null ? '' : '0.00')));
    }
    if (width > cells.length) cells.push(row.peer ? csvNumber(row.peer.median) : '', row.peer ? row.peer.group : '');
    const official = isNativeGrid(r) ? (row.part || row.refPart || {}).label || '' : ''; // a grid's areas are not official
    lines.push(csvLine([...cells, ...prov, official]));
  }
  return '\ufeff' + lines.join('\r\n') + '\r\n';
}
