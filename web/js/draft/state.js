// The draft's state without the DOM or the core: what the user's draft is
// (a file or the typed grid, and a reference), how it is stored and
// restored, and the words the view says about it.
//
// A file is {name, size, bytes, report, request, ownPopulation, population,
// suggested}: bytes are dropped when the file is too big to be stored (its
// report is then kept, for the request it was split with); ownPopulation is
// the population the file gives (0: none); population the one the user chose
// ({n, origin: 'insee'|'user', year, name}); suggested the INSEE population
// found for its authority (undefined: not looked up, null: looking, false:
// not found).

import {fmtCents, fmtInt, cents} from '../money.js';
import {emptyGrid, restoreGrid} from './grid.js';

/** A new, empty draft. */
export function newDraft() {
  return {source: 'file', grid: emptyGrid(), file: null, ref: {kind: 'none', file: null, authority: null}};
}

/** The draft as storage.load() gave it back (null: a new draft). */
export function restoreDraft(saved) {
  const st = newDraft();
  if (!saved) return st;
  st.grid = restoreGrid(saved.grid);
  st.file = saved.file;
  if (saved.ref) st.ref = {kind: saved.ref.kind || 'none', file: saved.ref.file, authority: saved.ref.authority};
  st.source = saved.source === 'grid' ? 'grid' : 'file';
  return st;
}

/** What storage.save() keeps of the draft. */
export function storedForm(st) {
  return {source: st.source, grid: st.grid, file: st.file, ref: st.ref};
}

/** What the page says after storage.save() answered res, at time ("14:05"). */
export function savedMessage(res, time) {
  if (!res.ok) return 'Le brouillon n\'a pas pu être enregistré sur cet appareil (stockage plein ou désactivé).';
  if (res.level === 'full') return `Brouillon enregistré sur cet appareil à ${time}.`;
  if (res.level === 'reports') return `Brouillon enregistré à ${time} ; le fichier est trop volumineux pour être gardé : seul son résultat l'est.`;
  return `Saisie enregistrée à ${time} ; les fichiers sont trop volumineux pour être gardés.`;
}

/** What the page says at start-up about the stored draft ("when": its date in words, or ''). */
export function restoredMessage(saved, when) {
  if (!saved) return 'Aucun brouillon enregistré sur cet appareil.';
  return `Brouillon retrouvé sur cet appareil${when ? ` (enregistré le ${when})` : ''}.`;
}

/** The population sent with the file's split (0: the file's own). */
export function filePopulation(f) {
  return f && !f.ownPopulation && f.population && f.population.n > 0 ? f.population.n : 0;
}

/** Words for where the population of the file's split comes from ('' for the file's own). */
export function populationOrigin(f) {
  const p = f && filePopulation(f) ? f.population : null;
  if (!p) return '';
  return p.origin === 'insee'
    ? `population : ${fmtInt(p.n)} habitants, INSEE${p.year ? ` ${p.year}` : ''} pour ${p.name} (données intégrées)`
    : `population : ${fmtInt(p.n)} habitants, indiquée par vous`;
}

/** The request a file is split with: the population the user chose, if any. */
export function fileRequest(f, req) {
  const n = filePopulation(f);
  return n ? {...req, population: n} : req;
}

/** Whether a stored report was split with another request than req (its options are then frozen). */
export function frozen(f, req) {
  return JSON.stringify(f.request) !== JSON.stringify(req);
}

/** The name a report is titled with: a budget annexe says so, with its own name. */
export function reportName(r) {
  const name = (r.authority && r.authority.name) || '';
  if (!r.annex) return name;
  const annex = `budget annexe${r.budget ? ` « ${r.budget} »` : ''}`;
  return name ? `${name} — ${annex}` : annex;
}

/** « au CA 2022 », « à la DM 2021 »…: what the draft is compared with. */
export function refPhrase(r) {
  const y = r.year ? ` ${r.year}` : '';
  switch (r.document) {
    case 'CA': return `au CA${y}`;
    case 'BP': return `au BP${y}`;
    case 'DM': return `à la DM${y}`;
    case 'BS': return `au BS${y}`;
    case 'CFU': return `au CFU${y}`;
    case 'BAL': return `à la balance${y}`;
    case 'PROJET': return `au projet${y}`;
    default: return 'à la référence';
  }
}

/** The file's line under the file input: name, size in Ko and what it is. */
export function fileSummary(f) {
  const r = f.report;
  return {
    size: f.size ? ` (${fmtInt(Math.round(f.size / 1024))} Ko)` : '',
    what: r ? ` — ${[reportName(r), r.document, r.year].filter(Boolean).join(', ')}` : '',
  };
}

/**
 * What the file's status line says, as a key: it changes when a split of
 * another year or sheet (or a file taken back) makes the line say otherwise.
 */
export function fileStatusKey(f) {
  if (!f) return '';
  return JSON.stringify([f.name, f.size, fileSummary(f).what, Boolean(f.bytes), (f.report && f.report.method) || '']);
}

/** A name folded for comparison: no accents, upper case, hyphens and apostrophes as spaces. */
export function foldName(s) {
  return String(s || '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toUpperCase()
    .replace(/[-'’]/g, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * The département a file's authority name names (« DEPARTEMENT DU MORBIHAN
 * 56 », « Département de la Gironde »): its name to search the dataset for
 * (« MORBIHAN »), '' for any other name. A département's SIREN is not in
 * the dataset, so that its population is found by name.
 */
export function departementName(name) {
  const m = /^\s*d[ée]partement\s+(?:du\s+|de\s+la\s+|de\s+l['’]\s*|des\s+|de\s+|d['’]\s*)?(.+?)(?:\s*\(?\s*(?:\d{2,3}|2[ab])\s*\)?)?\s*$/i.exec(String(name || ''));
  return m && /[a-z]/i.test(m[1]) ? m[1].trim() : '';
}

/** The reference file's line. */
export function refFileSummary(f) {
  if (!f) return '';
  return `Référence : « ${f.name} »${f.report ? ` — ${[f.report.document, f.report.year].filter(Boolean).join(' ')}` : ''}`;
}

/** The source line under the draft's figures. */
export function sourceText(st) {
  if (st.source === 'file' && st.file) {
    const origin = populationOrigin(st.file);
    return `votre fichier « ${st.file.name} », lu dans ce navigateur (rien n'est envoyé)${origin ? ` ; ${origin}` : ''}`;
  }
  return 'votre saisie, calculée dans ce navigateur (rien n\'est envoyé)';
}

/** What the result area says when there is nothing to split yet. */
export function emptyText(source) {
  return source === 'file'
    ? 'Choisissez ou déposez un fichier : la répartition de ses 1 000 € s\'affiche ici.'
    : 'Saisissez au moins un montant : la répartition des 1 000 € s\'affiche ici et se met à jour pendant la saisie.';
}

/** The notes above the draft's figures. */
export function resultNotes({note = '', isFrozen = false}) {
  return [note, isFrozen ? 'Ce résultat a été conservé tel quel (fichier trop volumineux pour être gardé) : rechargez le fichier pour appliquer ces options.' : ''].filter(Boolean);
}

/** The live announcement once the draft is recomputed. */
export function announcement(report, ref) {
  return `Brouillon recalculé : dépenses comptées ${fmtCents(cents(report.total))}${ref ? `, comparé ${ref.phrase || 'à la référence'}` : ''}.`;
}
