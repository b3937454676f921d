// The draft's typed grid, without the DOM: the level-1 function codes of
// each nomenclature, the rows (with the detailed codes a user adds), the
// totals, the template CSV the core splits, and a file's split taken back
// into the grid. The grid is plain data, as stored on the device:
// {meta: {name, year, nomenclature, population}, values: {code: {F, I}}, extra: [code]}
// where F and I are the texts typed.

import {cents, fmtCents, parseAmount, parsePopulation, plain} from '../money.js';

/** Level-1 function codes of each nomenclature (labels come from the core). */
export const CODES = {
  M57: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '01'],
  M14: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '01'],
  M52: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '01'],
  M71: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '01'],
};

/** The name under which the grid's CSV is split. */
export const GRID_FILE = 'saisie.csv';

/** The label of part 01, which the grid shows without asking the core. */
export const DEBT_LABEL = 'Dette, reversements et non ventilé';

const SECTIONS = ['F', 'I'];

/** A nomenclature the grid knows (M57 otherwise). */
export function gridNomenclature(nomen) {
  return CODES[nomen] ? nomen : 'M57';
}

/** The level-1 codes of a nomenclature. */
export function baseCodes(nomen) {
  return CODES[gridNomenclature(nomen)];
}

/** An empty grid dated this year. */
export function emptyGrid(now = new Date()) {
  return {meta: {name: '', year: String(now.getFullYear()), nomenclature: 'M57', population: ''}, values: {}, extra: []};
}

/** A grid as stored (possibly by an older version), completed. */
export function restoreGrid(saved) {
  const empty = emptyGrid();
  if (!saved || !saved.meta) return empty;
  return {...empty, ...saved, meta: {...empty.meta, ...saved.meta}, values: saved.values || {}, extra: saved.extra || []};
}

/** Whether a code is one the user added (not a level-1 code of the grid's nomenclature). */
export function isExtra(grid, code) {
  return !baseCodes(grid.meta.nomenclature).includes(code);
}

/**
 * The grid's rows, in order: each level-1 code followed by the detailed
 * codes under it, "01" last with its own detailed codes.
 */
export function codesOf(grid) {
  const base = baseCodes(grid.meta.nomenclature);
  const extra = grid.extra.filter((c) => !base.includes(c));
  const out = [];
  for (const c of base.filter((x) => x !== '01')) {
    out.push(c);
    out.push(...extra.filter((e) => e[0] === c && !e.startsWith('01')).sort());
  }
  out.push('01');
  out.push(...extra.filter((e) => e.startsWith('01') && e !== '01').sort());
  return out;
}

/** Stores the text typed in a cell. */
export function setValue(grid, code, section, text) {
  (grid.values[code] ||= {})[section] = text;
}

/** Totals of what is typed, in cents: {f, i, any, bad} (bad: cells that do not read). */
export function gridTotals(grid) {
  let f = 0;
  let i = 0;
  let any = false;
  let bad = 0;
  for (const v of Object.values(grid.values)) {
    for (const sec of SECTIONS) {
      const p = parseAmount(v[sec]);
      if (p.error) bad++;
      else if (!p.empty) { any = true; if (sec === 'F') f += p.cents; else i += p.cents; }
    }
  }
  return {f, i, any, bad};
}

/** The sentence under the grid. */
export function totalsText(grid) {
  const t = gridTotals(grid);
  return `Total saisi : ${fmtCents(t.f + t.i)} — fonctionnement ${fmtCents(t.f)}, investissement ${fmtCents(t.i)}`
    + (t.bad ? ` — ${t.bad} case${t.bad > 1 ? 's' : ''} à corriger` : '');
}

/**
 * The grid as a template CSV (the format the core reads, see
 * internal/reader/TEMPLATE.md): {csv, n} with n the number of amounts.
 * Cells that are empty or do not read are left out.
 */
export function gridCSV(grid) {
  const m = grid.meta;
  const clean = (t) => String(t || '').replace(/[\r\n]+/g, ' ').trim();
  const lines = ['# Brouillon saisi dans le jeu des 1 000 €'];
  if (clean(m.name)) lines.push(`# collectivite: ${clean(m.name)}`);
  if (/^\d{4}$/.test(clean(m.year))) lines.push(`# annee: ${clean(m.year)}`);
  lines.push(`# nomenclature: ${m.nomenclature || 'M57'}`);
  const pop = parsePopulation(m.population);
  if (pop) lines.push(`# population: ${pop}`);
  lines.push('section;fonction;montant');
  let n = 0;
  for (const code of codesOf(grid)) {
    const v = grid.values[code] || {};
    for (const sec of SECTIONS) {
      const p = parseAmount(v[sec]);
      if (p.error || p.empty) continue;
      lines.push(`${sec};${code};${plain(p.cents)}`);
      n++;
    }
  }
  return {csv: lines.join('\n') + '\n', n};
}

/** Reads a detailed function code typed by the user: {code} or {error}. */
export function parseExtraCode(text) {
  const code = String(text || '').replace(/[\s.\-]/g, '');
  if (!/^\d{2,6}$/.test(code)) {
    return {error: 'Saisissez un code de 2 à 6 chiffres, par exemple 212 (écoles primaires) ou 4221 (crèches).'};
  }
  return {code};
}

/** Adds a detailed code; false when the grid already has it. */
export function addExtra(grid, code) {
  if (codesOf(grid).includes(code)) return false;
  grid.extra.push(code);
  return true;
}

/** Removes a detailed code and its amounts. */
export function removeExtra(grid, code) {
  grid.extra = grid.extra.filter((c) => c !== code);
  delete grid.values[code];
}

/** Empties the grid's amounts and detailed codes (its description stays). */
export function clearValues(grid) {
  grid.values = {};
  grid.extra = [];
}

/** Whether a report can be taken into the grid: split by function, native level 1. */
export function takesIntoGrid(r) {
  return Boolean(r && r.method === 'function' && (r.grid === 'native' || !r.grid) && !(r.level && r.level !== 1));
}

/**
 * A grid holding the amounts of a file's split (native level 1, both
 * sections), to be modified: the year is the one the figures prepare (a
 * CA or CFU of year N prepares N + 1). Null when the report cannot be
 * taken (see takesIntoGrid).
 */
export function gridOfReport(r, now = new Date()) {
  if (!takesIntoGrid(r)) return null;
  const nomen = gridNomenclature(r.nomenclature);
  const grid = emptyGrid(now);
  grid.meta = {
    name: (r.authority && r.authority.name) || '',
    year: r.year ? String(r.year + (r.document === 'CA' || r.document === 'CFU' ? 1 : 0)) : grid.meta.year,
    nomenclature: nomen,
    population: r.population ? String(r.population) : '',
  };
  for (const p of r.parts) {
    if (p.code === 'NF' || p.code === 'DETTE') continue;
    const fc = cents(p.fonctionnement);
    const ic = cents(p.investissement);
    grid.values[p.code] = {F: fc ? fmtCents(fc, {unit: ''}) : '', I: ic ? fmtCents(ic, {unit: ''}) : ''};
    if (!CODES[nomen].includes(p.code)) grid.extra.push(p.code);
  }
  return grid;
}
