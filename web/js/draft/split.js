// The draft and its reference, split by the core: the draft (a file or the
// typed grid), the reference (a second file, or an authority's figures in
// the bundled dataset), and both put where they compare (the core decides,
// see compare.js). No DOM.

import {call} from '../engine.js';
import {compareSides} from '../compare.js';
import {GRID_FILE, gridCSV} from './grid.js';
import {fileRequest, frozen, refPhrase} from './state.js';
import {splitCached} from './files.js';
import {tableRequest} from './sheet.js';
import {threeWayReference} from './threeway.js';

/**
 * The draft's split for req: {report, label, frozen?}, or null when there
 * is nothing to split yet (no file, no amount typed).
 */
export async function splitDraft(st, req) {
  if (st.source === 'file' && st.file) {
    const f = st.file;
    const r = fileRequest(f, req);
    if (f.bytes) return {report: await splitCached(f, r), label: `« ${f.name} »`};
    return {report: f.report, label: `« ${f.name} »`, frozen: frozen(f, r)};
  }
  if (st.source === 'file') return null;
  const {csv, n} = gridCSV(st.grid);
  if (!n) return null;
  return {report: await call('splitFile', GRID_FILE, new TextEncoder().encode(csv), req), label: 'la saisie'};
}

/** The draft as split on screen, for export.js (null: a file too big to keep). */
export function exportSource(st, req) {
  if (st.source === 'file' && st.file) {
    const f = st.file;
    return f.bytes ? {name: f.name, bytes: f.bytes, request: tableRequest(f, fileRequest(f, req))} : null;
  }
  return {name: GRID_FILE, bytes: new TextEncoder().encode(gridCSV(st.grid).csv), request: req};
}

/**
 * The reference file's split for req: {report, detail, phrase}, or null
 * when the draft has none (an authority as reference: threeway.js).
 */
export async function splitRef(st, req) {
  if (st.ref.kind !== 'file' || !st.ref.file) return null;
  const f = st.ref.file;
  const report = f.bytes ? await splitCached(f, req) : f.report;
  return {report, detail: `« ${f.name} »`, phrase: refPhrase(report)};
}

/**
 * The reference split and put beside the draft where they compare, as the
 * core decides (compare.js): {draft, ref, note, threeWay?} (ref null when
 * there is none or it does not compare, note saying why). An authority as
 * reference gives its latest accounts and its peers' median, in threeWay
 * (threeway.js). Null when isStale() says a newer computation started.
 */
export async function withReference(st, req, draft, isStale) {
  try {
    if (st.ref.kind === 'authority' && st.ref.authority && draft.report) {
      return await threeWayReference(st.ref.authority, req, draft, (r2) => splitDraft(st, r2), isStale);
    }
    const ref = await splitRef(st, req);
    if (!ref || !draft.report || !ref.report) return {draft, ref, note: ''};
    // Whether they compare (same method, same presentation) and on which grid and section.
    const v = await compareSides({report: draft.report}, {report: ref.report}, req);
    if (!v.comparable) return {draft, ref: null, note: `Comparaison impossible avec ${ref.detail} : ${v.reason}`};
    if (v.grid === (req.grid || 'native') && v.section === (req.section || 'all')) return {draft, ref, note: ''};
    const r2 = {...req, grid: v.grid, section: v.section};
    delete r2.level;
    const d2 = await splitDraft(st, r2);
    const f2 = await splitRef(st, r2);
    if (isStale()) return null;
    return {draft: d2, ref: f2, note: v.reason};
  } catch (e) {
    if (isStale()) return null;
    return {draft, ref: null, note: `Référence indisponible : ${e.message || e}`};
  }
}
