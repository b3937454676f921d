// The Go core in a dedicated module worker: the page's thread only draws and
// answers the user (engine.js is the page's end; rpc.js the messages).
//
// One script, two workers, told apart by their name:
//   - "jeu1000-viewer" (boot.js starts it from the page's head): the viewer
//     build (jeu1000-viewer.wasm), the bundled dataset. It fetches the wasm,
//     wasm_exec.js and the dataset index at once, in parallel, loads the
//     index as soon as Go runs and, for a permalink (init.prefetch), the
//     authority's latest shard without waiting for the page to ask;
//   - "jeu1000-files" (engine.js, on demand): the full build (jeu1000.wasm),
//     which reads users' budget files. Files come as File objects: the
//     worker reads them itself, reporting bytes and lines read, and keeps
//     the last two in memory for the next splits.
// A name ending in " gz" means the dataset is fetched as .gz (data.js).
// Init message: {prefetch?: {key, year?}, reload?: {shards: [{name, version}], search}}
// (reload: what the worker that crashed had loaded).

import {abortError, serve} from './rpc.js';
import {DataSource, UserError} from './data.js';

const [kind, flag] = (self.name || 'jeu1000-viewer').split(' ');
const FILES = kind === 'jeu1000-files';
const WASM_URL = new URL(FILES ? '../jeu1000.wasm' : '../jeu1000-viewer.wasm', import.meta.url).href;
const EXPORT = FILES ? 'jeu1000Files' : 'jeu1000';
/** Calls started first: a search outranks a split or a history waiting. */
const PRIORITY = {search: 0, authority: 1, loadAuthority: 1, loadIndex: 1, splitRecord: 1};
/** How many files read by the user are kept in memory. */
const KEEP_FILES = 2;

const emit = serve(self, {
  loadIndex: () => loadIndex(),
  loadDirectory: () => loadDirectory(),
  prepareSearch: () => prepareSearch(),
  loadShard: ([name, version]) => loadShard(name, version),
  loadAuthority: ([key, which]) => loadAuthority(key, which),
  has: async ([name]) => typeof (await api)[name] === 'function',
  openFile: async ([ref], ctx) => { const f = await fileBytes(ref, ctx); return {lines: f.lines, size: f.bytes.length}; },
  splitFile: ([name, data, req], ctx) => splitFile(name, data, req, ctx),
  inspectFile: async ([name, data, opts], ctx) => goCall('inspectFile', name, data && data.fileId ? (await fileBytes(data, ctx)).bytes : data, opts),
  exportDraft: async ([name, data, req], ctx) => goCall('exportDraft', name, data && data.fileId ? (await fileBytes(data, ctx)).bytes : data, req),
  '*': async (args, ctx) => {
    if (!FILES) await loadIndex();
    return goCall(ctx.method, ...args);
  },
}, {priorityOf: (m) => PRIORITY[m] ?? 2, onInit: init});

const mark = (name) => emit('mark', {name, t: performance.timeOrigin + performance.now()});

// ---------- start-up: the wasm, wasm_exec.js and the index at once ----------

const wasmModule = (async () => {
  let m;
  try {
    m = await WebAssembly.compileStreaming(fetch(WASM_URL));
  } catch (e) {
    // A server without the application/wasm type: compile from bytes.
    const resp = await fetch(WASM_URL);
    if (!resp.ok) throw new UserError(`Le moteur de calcul n'a pas pu être téléchargé (erreur ${resp.status}).`);
    m = await WebAssembly.compile(await resp.arrayBuffer());
  }
  mark('compiled');
  return m;
})();
const goLoaded = import('../wasm_exec.js');

const data = new DataSource(new URL('../data/', import.meta.url), {
  gz: flag === 'gz',
  onFetched: (url) => emit('fetched', url),
});
const indexBytes = FILES ? null : data.fetch('index.bin.gz').then((b) => { mark('index-fetched'); return b; });
indexBytes?.catch(() => {});

/** Resolves with the core's exports once Go runs. */
const api = (async () => {
  await goLoaded;
  const go = new self.Go();
  const ready = new Promise((resolve) => { self[`${EXPORT}Ready`] = () => resolve(self[EXPORT]); });
  const instance = await WebAssembly.instantiate(await wasmModule, go.importObject);
  go.run(instance).then(() => emit('crash', 'le programme s\'est terminé'));
  const exports = self[EXPORT] || await ready;
  mark(FILES ? 'files-ready' : 'go-ready');
  return exports;
})();
api.then((a) => emit('ready', {functions: Object.keys(a)}), (e) => {
  emit('failed', e instanceof UserError ? e.message : `Le moteur de calcul n'a pas pu démarrer : ${e.message || e}`);
});

async function goCall(name, ...args) {
  const a = await api;
  if (typeof a[name] !== 'function') {
    throw new UserError(`Cette fonction n'est pas encore disponible dans cette version (${name}).`);
  }
  return a[name](...args);
}

// ---------- the dataset (viewer) ----------

let indexLoaded = null;
/** Loads the dataset index into the core, once. */
function loadIndex() {
  if (FILES) return Promise.reject(new UserError('Ce moteur ne lit pas les données intégrées.'));
  if (!indexLoaded) {
    indexLoaded = Promise.all([api, indexBytes]).then(([a, bytes]) => a.loadIndex(bytes))
      .then((r) => { mark('index-loaded'); return r; });
  }
  return indexLoaded;
}

let searchPrepared = null;
/**
 * Builds the search tables, once (the first search would), then runs one
 * search: the first one costs ten times the next (its code run cold), and
 * is better spent now than on the user's first keystroke.
 */
function prepareSearch() {
  if (!searchPrepared) {
    searchPrepared = loadIndex().then(() => goCall('prepareSearch')).then(() => goCall('search', 'saint', 10))
      .then(() => { mark('search-ready'); emit('search-ready'); loadDirectory().catch(() => {}); });
    searchPrepared.catch(() => { searchPrepared = null; });
  }
  return searchPrepared;
}

let directoryLoaded = null;
/**
 * Fetches the dataset's directory (every authority's postal codes, at the
 * index's version) and loads it, once: when a search is coming, after
 * the search tables by name are ready, never before a page's first
 * figures. The core then builds the tables again with the postal codes
 * (searches meanwhile use the former ones) and the page hears
 * 'directory'.
 */
function loadDirectory() {
  if (!directoryLoaded) {
    directoryLoaded = loadIndex().then((info) => data.fetch('directory.bin.gz', info && info.directory))
      .then((bytes) => goCall('loadDirectory', bytes))
      .then((r) => { mark('directory-loaded'); emit('directory'); return r; });
    directoryLoaded.catch(() => { directoryLoaded = null; }); // allow a retry
  }
  return directoryLoaded;
}

const shards = new Map();
/** Fetches and loads a shard once; version (its checksum) goes in the URL. */
function loadShard(name, version = '') {
  if (!name) return Promise.resolve(null);
  if (!shards.has(name)) {
    if (!/^[\w.-]+$/.test(name)) return Promise.reject(new UserError('Nom de fichier de données invalide.'));
    const p = Promise.all([loadIndex(), data.fetch(name, version || '')])
      .then(([, bytes]) => goCall('loadShard', name, bytes))
      .then((r) => { mark('shard-loaded'); emit('shard', {name, version}); return r; });
    p.catch(() => shards.delete(name)); // allow a retry later
    shards.set(name, p);
  }
  return shards.get(name);
}

/**
 * The shards an authority's view needs, from its info (authority(key)):
 * which is 'latest' (the latest year's shard), 'all' (every year's) or a
 * year (that year's, and the latest's).
 */
function shardsFor(info, which) {
  const years = Array.isArray(info.years) ? info.years : [];
  if (which === 'all') return years;
  const out = info.shard ? [{shard: info.shard, version: info.shardVersion}] : [];
  if (typeof which === 'number') out.push(...years.filter((y) => y.year === which));
  return out;
}

async function loadShards(list) {
  await Promise.all(list.filter((y) => y.shard).map((y) => loadShard(y.shard, y.version)));
}

/**
 * Loads the shards of an authority that a view needs and resolves with its
 * info once they are loaded. With 'latest', when the latest year has
 * aggregated figures only, the year before it too (the default view).
 */
async function loadAuthority(key, which = 'latest') {
  await loadIndex();
  let info = await goCall('authority', key);
  const need = shardsFor(info, which);
  if (!need.some((y) => y.shard)) return info;
  await loadShards(need);
  info = await goCall('authority', key);
  if (which === 'latest') {
    const years = [...(info.years || [])].sort((a, b) => b.year - a.year);
    const before = years.find((y) => y.year < years[0].year);
    if (years[0].detail === 'aggregated' && before && !before.document) {
      await loadShards([before]);
      info = await goCall('authority', key);
    }
  }
  return info;
}

function init({prefetch, reload} = {}) {
  if (FILES) return;
  loadIndex().catch(() => {}); // the page asks too, and reports failures
  if (prefetch?.key) {
    // A permalink: its figures' shard, before the page's modules ask.
    const year = Number(prefetch.year);
    loadAuthority(prefetch.key, Number.isInteger(year) && year > 0 ? year : 'latest').catch(() => {});
  }
  for (const s of reload?.shards || []) loadShard(s.name, s.version).catch(() => {});
  if (reload?.search) prepareSearch().catch(() => {});
}

// ---------- users' files (full core) ----------

const files = new Map(); // fileId → {bytes, lines}

/**
 * The bytes of a file the user chose: ref = {fileId, file}, read once (the
 * last KEEP_FILES are kept), reporting {phase: 'read', loaded, total,
 * lines} about every 50 ms; stopped by ctx.signal.
 */
async function fileBytes(ref, ctx) {
  const kept = files.get(ref.fileId);
  if (kept) return kept;
  const total = ref.file.size;
  let buf = new Uint8Array(total);
  let at = 0;
  let lines = 0;
  let last = 0;
  const reader = ref.file.stream().getReader();
  const stop = () => { reader.cancel().catch(() => {}); };
  ctx.signal.addEventListener('abort', stop, {once: true});
  try {
    for (;;) {
      let chunk;
      try {
        chunk = await reader.read();
      } catch (e) {
        if (ctx.signal.aborted) throw abortError();
        throw new UserError(`Le fichier n'a pas pu être lu (${e.message || e}).`);
      }
      if (ctx.signal.aborted) throw abortError();
      const {done, value} = chunk;
      if (done) break;
      if (at + value.length > buf.length) { // the file grew since it was chosen
        const bigger = new Uint8Array(Math.max(buf.length * 2, at + value.length));
        bigger.set(buf.subarray(0, at));
        buf = bigger;
      }
      buf.set(value, at);
      at += value.length;
      for (let i = value.indexOf(10); i !== -1; i = value.indexOf(10, i + 1)) lines++;
      const now = performance.now();
      if (now - last >= 50) {
        last = now;
        ctx.progress({phase: 'read', loaded: at, total, lines});
      }
    }
  } finally {
    ctx.signal.removeEventListener('abort', stop);
  }
  if (at > 0 && buf[at - 1] !== 10) lines++;
  ctx.progress({phase: 'read', loaded: at, total, lines});
  const f = {bytes: at === buf.length ? buf : buf.subarray(0, at), lines};
  files.set(ref.fileId, f);
  while (files.size > KEEP_FILES) files.delete(files.keys().next().value);
  return f;
}

/** splitFile(name, data, request): data is a Uint8Array or a file's {fileId, file}. */
async function splitFile(name, data, req, ctx) {
  let bytes = data;
  if (data && data.fileId) {
    const f = await fileBytes(data, ctx);
    bytes = f.bytes;
    ctx.progress({phase: 'parse', lines: f.lines, total: f.bytes.length});
  }
  if (ctx.signal.aborted) throw abortError();
  return goCall('splitFile', name, bytes, req);
}
