// The Go core compiled to WebAssembly, and the bundled dataset.
//
// Two builds of the core: the viewer (jeu1000-viewer.wasm: the bundled
// dataset) is fetched with the dataset index as soon as this module runs;
// the full core (jeu1000.wasm: also reads users' budget files) is started on
// the first call of a file function (splitFile). Go sets window.jeu1000 (resp.
// window.jeu1000Files) and then calls window.jeu1000Ready() (resp.
// jeu1000FilesReady()); go.run() resolves only when Go exits, so it is never
// awaited. window.jeu1000.splitFile is forwarded to the full core, so callers
// see one API.

const WASM_URL = 'jeu1000-viewer.wasm';
const FILES_WASM_URL = 'jeu1000.wasm';
/** Functions only the full core has. */
const FILE_FUNCTIONS = new Set(['splitFile', 'template']);
const INDEX_FILE = 'index.bin.gz';

/** An Error whose message is a French sentence fit for users. */
export class UserError extends Error {}

let readyResolve;
let readyReject;
/** Resolves with the jeu1000 API object once Go is running. */
export const ready = new Promise((res, rej) => { readyResolve = res; readyReject = rej; });
ready.catch(() => {}); // failures are reported through status(); avoid unhandled noise

let exited = false;

/** URLs of the dataset fetched so far (for the service worker's cache). */
export const fetchedData = new Set();

// Start downloading at once, before anything else. index.html runs this
// module on its own as soon as it arrives (async), before the views' modules:
// the index is then read while it downloads, by short tasks of the page's
// thread that Go's start-up (one long task) would otherwise hold up.
// The viewer is compiled while it downloads (compileStreaming), before the
// page's other modules have arrived: start() then only instantiates it.
// boot.js, run from the page's head, has usually started it already.
const wasmModule = typeof WebAssembly === 'object' && WebAssembly.compileStreaming
  ? (globalThis.jeu1000Viewer || WebAssembly.compileStreaming(fetch(WASM_URL))).then((m) => { performance.mark('jeu1000:compiled'); return m; })
  : Promise.reject(new Error('no WebAssembly.compileStreaming'));
wasmModule.catch(() => {});
// The index as boot.js read it, else (another server's layout, an error:
// null) fetched here, with fetchData's fallbacks and messages.
const indexBytes = (globalThis.jeu1000Index || Promise.resolve(null)).then((buf) => {
  if (!buf) return fetchData(INDEX_FILE);
  fetchedData.add(globalThis.jeu1000IndexURL || 'data/index.bin');
  return new Uint8Array(buf);
});
indexBytes.catch(() => {});

/**
 * Fetches a file of the dataset (name: "index.bin.gz", "p-commune-93001.bin.gz")
 * inflated. It asks first for the name without ".gz": the app's server sends
 * it with an HTTP Content-Encoding (brotli when `make web` made the copy, else
 * the .gz itself), which the browser decodes as it downloads, and brotli is
 * smaller. A server that does not do this (404) gets the .gz, inflated here,
 * and so do the next files (globalThis.jeu1000DataGz, set by boot.js too).
 * A version (the shard's checksum in the index) goes in the query string:
 * the server ignores it, caches keep one copy per version.
 */
export async function fetchData(name, version = '') {
  const query = version ? `?v=${encodeURIComponent(version)}` : '';
  const url = `data/${name.replace(/\.gz$/, '')}${query}`;
  // jeu1000DataGz (boot.js): a static site, or a 404 already seen: the .gz at once.
  if (url !== `data/${name}${query}` && !globalThis.jeu1000DataGz) {
    let resp;
    try {
      resp = await fetch(url);
    } catch (e) {
      throw new UserError('Les données n\'ont pas pu être téléchargées (pas de connexion ?).');
    }
    if (resp.ok) {
      fetchedData.add(url);
      return new Uint8Array(await resp.arrayBuffer());
    }
    if (resp.status !== 404) throw dataError(resp.status);
    globalThis.jeu1000DataGz = true;
  }
  return fetchGzip(`data/${name}${query}`);
}

function dataError(status) {
  return new UserError(status === 404
    ? 'Les données des collectivités ne sont pas installées sur ce serveur.'
    : `Les données n'ont pas pu être téléchargées (erreur ${status}).`);
}

/** Fetches a .gz file of the dataset and inflates it in the browser. */
export async function fetchGzip(url) {
  fetchedData.add(url);
  let resp;
  try {
    resp = await fetch(url);
  } catch (e) {
    throw new UserError('Les données n\'ont pas pu être téléchargées (pas de connexion ?).');
  }
  if (!resp.ok) {
    throw dataError(resp.status);
  }
  if (typeof DecompressionStream === 'undefined') {
    throw new UserError('Ce navigateur ne sait pas décompresser les données (DecompressionStream) : mettez-le à jour.');
  }
  const buf = await new Response(resp.body.pipeThrough(new DecompressionStream('gzip'))).arrayBuffer();
  return new Uint8Array(buf);
}

function waitForGo() {
  if (typeof globalThis.Go === 'function') return Promise.resolve();
  return new Promise((res, rej) => {
    const t = setInterval(() => {
      if (typeof globalThis.Go === 'function') { clearInterval(t); res(); }
    }, 20);
    setTimeout(() => { clearInterval(t); rej(new UserError('wasm_exec.js est introuvable.')); }, 15000);
  });
}

/** Starts the Go instance (called once from app.js). */
export async function start() {
  try {
    if (typeof WebAssembly !== 'object') throw new UserError('Ce navigateur ne gère pas WebAssembly.');
    globalThis.jeu1000Ready = () => {
      if (globalThis.jeu1000) readyResolve(globalThis.jeu1000);
    };
    performance.mark('jeu1000:start');
    await waitForGo();
    const go = new globalThis.Go();
    let instance;
    try {
      instance = await WebAssembly.instantiate(await wasmModule, go.importObject);
    } catch (e) {
      // A server without the application/wasm type (compileStreaming
      // refuses the response): fall back to bytes.
      const resp = await fetch(WASM_URL);
      if (!resp.ok) throw new UserError(`Le moteur de calcul n'a pas pu être téléchargé (erreur ${resp.status}).`);
      ({instance} = await WebAssembly.instantiate(await resp.arrayBuffer(), go.importObject));
    }
    go.run(instance).then(() => {
      exited = true;
      readyReject(new UserError('Le moteur de calcul s\'est arrêté : rechargez la page.'));
    });
    // jeu1000Ready might have run synchronously inside go.run.
    if (globalThis.jeu1000) readyResolve(globalThis.jeu1000);
    const api = await ready;
    performance.mark('jeu1000:go-ready');
    for (const name of FILE_FUNCTIONS) api[name] = (...args) => callFiles(name, ...args);
  } catch (e) {
    readyReject(e instanceof UserError ? e : new UserError(`Le moteur de calcul n'a pas pu démarrer : ${e.message || e}`));
  }
  return ready;
}

let filesReady = null;
/** Starts the full core once (on demand) and resolves with its API. */
function startFiles() {
  if (!filesReady) {
    filesReady = new Promise((resolve, reject) => {
      globalThis.jeu1000FilesReady = () => resolve(globalThis.jeu1000Files);
      const go = new globalThis.Go();
      WebAssembly.instantiateStreaming(fetch(FILES_WASM_URL), go.importObject)
        .then(({instance}) => {
          go.run(instance).then(() => reject(new UserError('Le moteur de lecture des fichiers s\'est arrêté : rechargez la page.')));
          if (globalThis.jeu1000Files) resolve(globalThis.jeu1000Files);
        })
        .catch((e) => reject(new UserError(`Le moteur de lecture des fichiers n'a pas pu démarrer : ${e.message || e}`)));
    });
    filesReady.catch(() => { filesReady = null; }); // allow a retry
  }
  return filesReady;
}

/** Prepares the full core in the background (e.g. when the draft view opens). */
export function warmFiles() {
  ready.then(() => startFiles()).catch(() => {});
}

async function callFiles(name, ...args) {
  const api = await startFiles();
  return api[name](...args);
}

/** True when the function is exported by the running core. */
export async function has(name) {
  const api = await ready;
  return typeof api[name] === 'function';
}

/**
 * Calls a function of the core. Rejections are Errors with French messages.
 * A function the core does not export yet rejects with a UserError.
 */
export async function call(name, ...args) {
  const api = await ready;
  if (exited) throw new UserError('Le moteur de calcul s\'est arrêté : rechargez la page.');
  if (FILE_FUNCTIONS.has(name)) return callFiles(name, ...args);
  if (typeof api[name] !== 'function') {
    throw new UserError(`Cette fonction n'est pas encore disponible dans cette version (${name}).`);
  }
  try {
    return await api[name](...args);
  } catch (e) {
    if (e instanceof Error) throw e;
    throw new Error(String(e));
  }
}

let indexPromise = null;
/**
 * Loads the dataset index into the core once. Resolves with
 * {authorities, source}; rejects with a French message when the dataset is
 * missing or the core cannot read it yet. The core only opens the index for
 * lookups by key (one authority, its figures): search needs every authority
 * indexed, which prepareSearchWhenIdle() asks for.
 */
export function loadIndex() {
  if (!indexPromise) {
    indexPromise = Promise.all([ready, indexBytes.then((b) => { performance.mark('jeu1000:index-fetched'); return b; })])
      .then(([, bytes]) => call('loadIndex', bytes))
      .then((r) => { performance.mark('jeu1000:index-loaded'); return r; });
  }
  return indexPromise;
}

let searchPrepared = null;
/**
 * Asks the core, once, to build its search tables over every authority:
 * about a second of work on a slow device (in slices, between which the
 * page answers), so callers ask when a search is coming (the search box got the
 * focus, a page whose main control is a search box). It waits for the
 * browser to be idle (requestIdleCallback, else a timer). A search before
 * that does the work itself; later ones are fast.
 */
export function prepareSearchWhenIdle() {
  if (!searchPrepared) {
    searchPrepared = loadIndex()
      .then(() => new Promise((resolve) => {
        const run = () => resolve(call('prepareSearch'));
        if (typeof requestIdleCallback === 'function') requestIdleCallback(run, {timeout: 1000});
        else setTimeout(run, 50);
      }))
      .then(() => { performance.mark('jeu1000:search-ready'); });
    searchPrepared.catch(() => { searchPrepared = null; }); // a search still works; allow a retry
  }
  return searchPrepared;
}

const shards = new Map();
/**
 * Fetches and loads a shard of the dataset once (cached). version (the
 * shard's checksum, which the core gives with each authority's years) goes
 * in the URL's query string.
 */
export function loadShard(name, version = '') {
  if (!name) return Promise.resolve(null);
  if (!shards.has(name)) {
    if (!/^[\w.-]+$/.test(name)) return Promise.reject(new UserError('Nom de fichier de données invalide.'));
    const p = loadIndex().then(() => fetchData(name, version || ''))
      .then((bytes) => call('loadShard', name, bytes))
      .then((r) => { performance.mark('jeu1000:shard-loaded'); return r; });
    p.catch(() => shards.delete(name)); // allow a retry later
    shards.set(name, p);
  }
  return shards.get(name);
}

/**
 * The shards an authority's view needs, from its info (call('authority')):
 * which is 'latest' (the latest year's shard: what showing it needs first),
 * 'all' (every year's: years side by side, history) or a year (that year's,
 * and the latest's). A small authority has all its years in one shard
 * (shared with its neighbours); a large one has a shard per few years.
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
 * Loads the shards of an authority that a view needs (see shardsFor) and
 * resolves with its info once they are loaded (the years' documents and
 * detail are then known). With 'latest', when the latest year has
 * aggregated figures only, the year before it too: a view shows by default
 * the detailed year just before such a year.
 */
export async function loadAuthority(key, which = 'latest') {
  await loadIndex();
  let info = await call('authority', key);
  const need = shardsFor(info, which);
  if (!need.some((y) => y.shard)) return info;
  await loadShards(need);
  info = await call('authority', key);
  if (which === 'latest') {
    const years = [...(info.years || [])].sort((a, b) => b.year - a.year);
    const before = years.find((y) => y.year < years[0].year);
    if (years[0].detail === 'aggregated' && before && !before.document) {
      await loadShards([before]);
      info = await call('authority', key);
    }
  }
  return info;
}
