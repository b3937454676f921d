// Drafts kept on this device only (localStorage): the typed grid, and the
// loaded files — their bytes when small (< 2 MB), otherwise their computed
// report. Nothing is ever sent anywhere.

const KEY = 'jeu1000:brouillons:v1';
export const MAX_BYTES = 2 * 1024 * 1024;

/** Uint8Array → base64, in chunks (no giant argument lists). */
export function toBase64(bytes) {
  let bin = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    bin += String.fromCharCode.apply(null, bytes.subarray(i, i + chunk));
  }
  return btoa(bin);
}

/** base64 → Uint8Array. */
export function fromBase64(b64) {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/**
 * A stored file: {name, size, ownPopulation, population, table, b64} or
 * {…, report, request}; table: a table's sheet, year and columns as the
 * user left them (draft/sheet.js), null for other files.
 */
function packFile(f, withBytes) {
  if (!f) return null;
  // The population the file lacks, as typed or taken from the dataset.
  const base = {name: f.name, size: f.size, ownPopulation: f.ownPopulation ?? null, population: f.population || null,
    table: (f.table && f.table.options) || null};
  if (withBytes && f.bytes && f.bytes.length < MAX_BYTES) return {...base, b64: toBase64(f.bytes)};
  if (f.report) return {...base, report: f.report, request: f.request || null};
  return null;
}

function unpackFile(p) {
  if (!p || !p.name) return null;
  return {
    name: p.name, size: p.size || 0,
    ownPopulation: p.ownPopulation ?? null, population: p.population || null,
    bytes: p.b64 ? fromBase64(p.b64) : null,
    report: p.report || null, request: p.request || null,
    // Split with these options until draft/sheet.js's restoreTable shows them.
    table: p.table ? {options: p.table, stored: true, proposal: null} : null,
  };
}

/**
 * Saves the draft. data: {source, grid, file, ref}. Tries the bytes first,
 * then the reports only, then the grid only. Returns {ok, level, message}.
 */
export function save(data) {
  const attempts = [
    {fileBytes: true, refBytes: true, level: 'full'},
    {fileBytes: true, refBytes: false, level: 'full'},
    {fileBytes: false, refBytes: false, level: 'reports'},
    {fileBytes: false, refBytes: false, noFiles: true, level: 'grid'},
  ];
  for (const a of attempts) {
    const obj = {
      version: 1,
      savedAt: new Date().toISOString(),
      source: data.source,
      grid: data.grid,
      file: a.noFiles ? null : packFile(data.file, a.fileBytes),
      ref: data.ref ? {
        kind: data.ref.kind,
        authority: data.ref.authority || null,
        file: a.noFiles ? null : packFile(data.ref.file, a.refBytes),
      } : null,
    };
    try {
      localStorage.setItem(KEY, JSON.stringify(obj));
      // What was really kept: a file too big for its bytes keeps its report.
      let level = a.level;
      const lost = (orig, packed) => orig && (!packed || (orig.bytes && !packed.b64));
      if (level === 'full' && (lost(data.file, obj.file) || lost(data.ref && data.ref.file, obj.ref && obj.ref.file))) level = 'reports';
      return {ok: true, level, savedAt: obj.savedAt};
    } catch (e) {
      // QuotaExceededError: try a lighter form.
    }
  }
  return {ok: false, level: 'none'};
}

/** Reads the saved draft, or null. */
export function load() {
  let raw;
  try {
    raw = localStorage.getItem(KEY);
  } catch {
    return null;
  }
  if (!raw) return null;
  try {
    const obj = JSON.parse(raw);
    if (!obj || obj.version !== 1) return null;
    return {
      source: obj.source,
      grid: obj.grid || null,
      file: unpackFile(obj.file),
      ref: obj.ref ? {kind: obj.ref.kind, authority: obj.ref.authority || null, file: unpackFile(obj.ref.file)} : null,
      savedAt: obj.savedAt,
    };
  } catch {
    return null;
  }
}

/** Deletes every saved draft. */
export function clear() {
  try {
    localStorage.removeItem(KEY);
  } catch {
    // nothing to do
  }
}

export const STORAGE_KEY = KEY;
