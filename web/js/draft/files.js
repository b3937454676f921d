// The draft's files and the core: reading a file chosen or dropped,
// splitting it (the last few answers remembered), and looking its authority
// up in the bundled dataset for a population the file does not give. No
// DOM: the view draws what these return (a big file's progress bar is the
// caller's, see readFile).

import {call, loadIndex, openFile} from '../engine.js';
import {BIG_FILE} from '../fileprogress.js';
import {tableRequest} from './sheet.js';
import {departementName, foldName} from './state.js';

/** How many splits of one file are remembered (a big TOTEM file takes a while to parse). */
const MEMO = 8;

/** Reads a big file in the core's worker, without showing progress. */
const quietly = async (file) => ({file: await openFile(file), done: () => {}});

/**
 * A File as the draft keeps it (see state.js). A big file (BIG_FILE and
 * more) stays in the core's worker: readBig(file) reads it there and
 * resolves with {file: a WorkerFile, done()} (readWithProgress of
 * fileprogress.js shows a progress bar until done()).
 */
export async function readFile(file, readBig = quietly) {
  if (file.size >= BIG_FILE) {
    const r = await readBig(file);
    return {name: file.name, size: file.size, bytes: r.file, report: null, request: null, done: r.done};
  }
  const buf = await file.arrayBuffer();
  return {name: file.name, size: file.size, bytes: new Uint8Array(buf), report: null, request: null};
}

/** Splits a file with req, remembering the last few answers; the report is kept on the file. */
export async function splitCached(f, req) {
  req = tableRequest(f, req); // a table's sheet, year and columns (sheet.js)
  const key = JSON.stringify(req);
  f.memo ||= new Map();
  if (!f.memo.has(key)) {
    const p = call('splitFile', f.name, f.bytes, req);
    p.catch(() => f.memo.delete(key));
    f.memo.set(key, p);
    if (f.memo.size > MEMO) f.memo.delete(f.memo.keys().next().value);
  }
  const report = await f.memo.get(key);
  f.report = report; // what is stored when the bytes are too big
  f.request = req;
  return report;
}

/**
 * Reads and splits a file once; rejects with the core's message when the
 * file is refused, with an AbortError when the user cancels the reading of
 * a big file. readBig: see readFile; prepare(f), before the split: a
 * table's columns, sheet and year (sheet.js's prepareTable).
 */
export async function readAndSplit(file, req, {readBig, prepare} = {}) {
  const f = await readFile(file, readBig);
  if (prepare) await prepare(f);
  try {
    // The file's own population, if it gives one (PopTot…).
    f.ownPopulation = (await splitCached(f, req)).population || 0;
  } finally {
    f.done?.();
  }
  return f;
}

/** The file's split for the grid: native level 1, both sections (the stored report for a big file). */
export async function splitForGrid(f) {
  if (!f.bytes) return f.report;
  return call('splitFile', f.name, f.bytes, tableRequest(f, {level: 1, grid: 'native', section: 'all', top: 0}));
}

/** The authority of the dataset a file's report names: its INSEE code, else its SIREN; null if none. */
export async function authorityOfReport(a) {
  await loadIndex();
  let info = null;
  if (/^\d[\dAB]\d{3}$/.test(a.insee || '')) info = await call('authority', `commune:${a.insee}`).catch(() => null);
  if (!info && /^\d{9}$/.test(a.siren || '')) {
    for (const s of await call('search', a.siren, 3)) {
      const i = await call('authority', s.key);
      if (i.siren === a.siren) { info = i; break; }
    }
  }
  const dep = departementName(a.name);
  if (!info && dep) {
    // A département, by its name: the dataset does not keep its SIREN.
    const hit = (await call('search', dep, 5)).find((s) => s.kind === 'departement' && foldName(s.name) === foldName(dep));
    if (hit) info = await call('authority', hit.key);
  }
  return info;
}

/**
 * Looks the file's authority up for a population to offer, once, when the
 * file gives none: f.suggested is null while looking, then {n, year, name}
 * or false (not found). onChange is called at each step.
 */
export async function suggestPopulation(f, onChange) {
  if (!f || f.ownPopulation !== 0 || f.suggested !== undefined) return;
  const a = (f.report && f.report.authority) || {};
  f.suggested = null;
  onChange();
  try {
    const info = await authorityOfReport(a);
    if (info && info.population > 0 && (!a.siren || !info.siren || info.siren === a.siren)) {
      f.suggested = {n: info.population, year: info.populationYear || null, name: info.name};
    }
  } catch (e) {
    // No suggestion: the population can still be typed.
  }
  if (f.suggested === null) f.suggested = false; // looked up, not found
  onChange();
}
