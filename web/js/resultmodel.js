// The model of a split's result, without the DOM: names of documents,
// formats and rules, the provenance sentences, the rows of a table (parts
// matched with a reference and the medians of the peers) and their
// differences. Rendered by splitview.js; tested under Node (e2e/unit).

import {cents, fmtCents} from './money.js';
import {partLabel} from './labels.js';

export const DOCUMENTS = {
  CA: 'compte administratif',
  BP: 'budget primitif',
  DM: 'décision modificative',
  BS: 'budget supplémentaire',
  CFU: 'compte financier unique',
  BAL: 'balance comptable DGFiP',
  PROJET: 'projet de budget',
  AGG: 'comptes agrégés',
};

export const FORMATS = {
  totem: 'document budgétaire TOTEM (XML)',
  cfu: 'compte financier unique (XML)',
  scdl: 'fichier SCDL « budget » (CSV)',
  'balance-json': 'balance DGFiP nature-fonction (JSON)',
  'balance-csv': 'balance DGFiP nature-fonction (CSV)',
  template: 'modèle CSV de brouillon',
};

export const RULES = {
  'debt-repayment': 'remboursement du capital de la dette compté',
  'exclude-interest': 'intérêts de la dette exclus',
  'exclude-tax-passed-on': 'reversements de fiscalité exclus',
  'ventilated-only': 'part ventilée seulement (hors 01)',
  'include-rar': 'restes à réaliser inclus',
};

export const AMOUNTS = {
  MtReal: 'montants réalisés (MtReal)',
  MtPrev: 'montants prévus (MtPrev)',
  'MtPropNouv + MtRARPrec': 'propositions nouvelles et restes à réaliser (MtPropNouv + MtRARPrec)',
  'montant saisi': 'montants saisis',
};

/** Codes shown as their own, greyed slice, after the policies. */
export const SPECIAL = new Set(['01', 'NF', 'NV', 'DETTE']);

export const SECTION_LABELS = {all: 'fonctionnement + investissement', F: 'fonctionnement', I: 'investissement'};

const SHORT = {PROJET: 'Projet', AGG: 'Agrégats', BAL: 'Balance'};

/** "CA 2023" */
export function docShort(r) {
  return [SHORT[r.document] || r.document, r.year].filter(Boolean).join(' ');
}

/** "compte administratif 2023" */
export function docLong(r) {
  return [DOCUMENTS[r.document] || r.document, r.year].filter(Boolean).join(' ');
}

/** Is this grid one of the native nomenclature? */
export function isNativeGrid(r) {
  return !r.grid || r.grid === 'native';
}

/** The name of a report's grid, for people. */
export function gridLabel(r) {
  if (r.grid_label) return r.grid_label;
  if (isNativeGrid(r)) return `nomenclature ${r.nomenclature_label || r.nomenclature || 'de la collectivité'}`;
  if (r.grid === 'common') return 'grille commune (12 domaines, correspondance déduite)';
  if (r.grid === 'six') return 'six groupes stables entre nomenclatures';
  return r.grid;
}

/** Sentences naming where a report comes from and how it was computed. */
export function provenanceText(r, {sourceOverride} = {}) {
  const p = r.provenance || {};
  const parts = [];
  const who = r.authority && r.authority.name ? `${r.authority.name}, ` : '';
  if (p.publisher) {
    // Figures of the bundled dataset: the core names the publisher and the method.
    parts.push(`Source : ${p.publisher}${p.source ? ` (${p.source})` : ''} — ${who}${docLong(r)}.`);
  } else {
    const src = sourceOverride || `${FORMATS[p.format] || p.format || 'fichier'} « ${p.source || '?'} »`;
    parts.push(`Source : ${src} — ${who}${docLong(r)}.`);
  }
  const method = [];
  if (p.method) method.push(p.method);
  else {
    method.push('dépenses réelles (classes 6 et 2 hors 26 et 27, chapitre 014)');
    if (p.amounts) method.push(AMOUNTS[p.amounts] || p.amounts);
  }
  method.push(r.method === 'nature' ? 'ventilation par nature (chapitres)' : 'ventilation par fonction');
  if (p.plan) method.push(`plan de comptes ${p.plan_label || p.plan}${r.nomenclature_inferred ? ' (nomenclature déduite des codes)' : ''}`);
  if (!isNativeGrid(r)) method.push(`regroupement : ${gridLabel(r)}`);
  if (p.voted && !p.publisher) method.push(p.voted === 'function' ? 'budget voté par fonction' : 'budget voté par nature');
  for (const rule of p.rules || []) method.push(RULES[rule] || rule);
  parts.push(`Méthode : ${method.join(' ; ')}.`);
  if (p.note && r.method !== 'nature' && r.detail !== 'aggregated') parts.push(`Note : ${p.note.replace(/\.?$/, '.')}`);
  if (p.licence) parts.push(`Licence : ${p.licence}.`);
  return parts.join(' ');
}

export function peerOf(part, kind) {
  if (!part || !Array.isArray(part.peers) || !kind) return null;
  return part.peers.find((p) => p.kind === kind) || null;
}

/** Groups of peers present in a report: [{kind, group, n}] (first part that has them). */
export function peerGroups(report) {
  const seen = new Map();
  for (const p of report.parts || []) {
    for (const g of p.peers || []) if (!seen.has(g.kind)) seen.set(g.kind, {kind: g.kind, group: g.group, n: g.n});
  }
  return [...seen.values()];
}

export function order(rows) {
  return rows.sort((a, b) => {
    const sa = SPECIAL.has(a.code) ? 1 : 0;
    const sb = SPECIAL.has(b.code) ? 1 : 0;
    if (sa !== sb) return sa - sb;
    const va = a.value ?? a.ref ?? 0;
    const vb = b.value ?? b.ref ?? 0;
    if (vb !== va) return vb - va;
    return String(a.code).localeCompare(String(b.code));
  });
}

/** Why a report split by nature has no functional presentation: the core's reason, as a sentence. */
export function natureReason(r) {
  const note = ((r.provenance && r.provenance.note) || '').replace(/^ventilation par nature : /, '');
  if (!note) return 'Ce document ne présente pas ses dépenses par politique';
  return note[0].toUpperCase() + note.slice(1);
}

/** Rows of a table/chart: the parts, optionally matched with a reference by code. */
export function buildRows(parts, refParts, peerKind) {
  const byCode = new Map();
  for (const p of parts || []) {
    const peer = peerOf(p, peerKind);
    byCode.set(p.code, {
      code: p.code, part: p, label: partLabel(p),
      value: cents(p.euros), ref: null, refPart: null,
      median: peer ? cents(peer.median) : null, peer,
      muted: SPECIAL.has(p.code),
    });
  }
  if (refParts) {
    for (const rp of refParts) {
      let row = byCode.get(rp.code);
      if (!row) {
        // Absent from the draft: it has no spending there (a real 0 of its total).
        row = {code: rp.code, part: null, label: partLabel(rp), value: 0,
          median: null, peer: null, muted: SPECIAL.has(rp.code)};
        byCode.set(rp.code, row);
      }
      row.ref = cents(rp.euros);
      row.refPart = rp;
      if (row.median === null) {
        const peer = peerOf(rp, peerKind);
        if (peer) { row.peer = peer; row.median = cents(peer.median); }
      }
    }
    for (const row of byCode.values()) if (row.ref === null) row.ref = 0;
  }
  return order([...byCode.values()]);
}

export function diffText(row, refName) {
  const d = (row.value ?? 0) - (row.ref ?? 0);
  return {d, short: fmtCents(d, {sign: true}), long: `${fmtCents(d, {sign: true})} pour « ${row.label} » par rapport ${refName}`};
}

/** "au CA 2023" / "à la référence" */
export function refPhrase(ref) {
  if (ref.phrase) return ref.phrase;
  const r = ref.report;
  if (r && r.document) return `au ${docShort(r)}`;
  return 'à la référence';
}
