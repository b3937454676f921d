// The Go core, compiled to WebAssembly, as the page sees it: it runs in two
// dedicated module workers (worker.js; messages in rpc.js), so that the page's
// thread only draws and answers the user.
//
//   - the viewer (jeu1000-viewer.wasm: the bundled dataset) is started by
//     boot.js from the page's head; it fetches the wasm, the index and, for a
//     permalink, the authority's shard itself;
//   - the full core (jeu1000.wasm: also reads users' budget files) starts on
//     the first call of a file function (splitFile, openFile) or warmFiles():
//     a file's split never holds up a search.
//
// Every call is call(name, …args) and returns a Promise; rejections carry a
// French message. A worker that crashes is replaced and its calls under way
// fail with a French message (window event 'jeu1000:engine', detail
// {message}); the page lives on. window.jeu1000 keeps the core's functions
// for scripts and tests (each a call()).

import {Client} from './rpc.js';

const WORKER_URL = new URL('./worker.js', import.meta.url);
/** Functions only the full core has. */
const FILE_FUNCTIONS = new Set(['splitFile', 'inspectFile', 'exportDraft', 'template']);

/** An Error whose message is a French sentence fit for users. */
export class UserError extends Error {}

/** URLs of the dataset fetched so far (for the service worker's cache). */
export const fetchedData = new Set();

let readyResolve;
let readyReject;
/** Resolves with window.jeu1000 once the viewer's Go runs. */
export const ready = new Promise((res, rej) => { readyResolve = res; readyReject = rej; });
ready.catch(() => {}); // failures are reported through start()

/** Shards loaded by the viewer (name → version), given again to a new worker after a crash. */
const loadedShards = new Map();
let searchWanted = false;

const dataGz = () => !!globalThis.jeu1000DataGz
  || document.querySelector('meta[name="jeu1000-data"]')?.content === 'gz';

function newWorker(kind, init) {
  const w = new Worker(WORKER_URL, {type: 'module', name: `jeu1000-${kind}${dataGz() ? ' gz' : ''}`});
  w.postMessage({init});
  return w;
}

function announce(message) {
  window.dispatchEvent(new CustomEvent('jeu1000:engine', {detail: {message}}));
}

function onEvent(name, data) {
  if (name === 'mark') {
    try { performance.mark(`jeu1000:${data.name}`, {startTime: data.t - performance.timeOrigin}); } catch (e) { /* old browser */ }
  } else if (name === 'fetched') {
    fetchedData.add(data);
  } else if (name === 'shard') {
    loadedShards.set(data.name, data.version);
  } else if (name === 'directory') {
    // The postal codes came: a search by postal code now finds them.
    window.dispatchEvent(new CustomEvent('jeu1000:directory'));
  }
}

let viewer = null;
let viewerFailed = null;
function viewerClient() {
  if (!viewer) {
    viewer = new Client((restarted) => {
      const boot = globalThis.jeu1000Boot;
      if (!restarted && boot?.worker) { globalThis.jeu1000Boot = null; return boot; }
      return newWorker('viewer', restarted
        ? {reload: {shards: [...loadedShards].map(([name, version]) => ({name, version})), search: searchWanted}}
        : {});
    }, {
      onEvent: (name, data) => {
        if (name === 'ready') readyResolve(makeApi(data.functions));
        else if (name === 'failed') { viewerFailed = new UserError(data); readyReject(viewerFailed); }
        else onEvent(name, data);
      },
      onCrash: announce,
    });
  }
  return viewer;
}

let files = null;
function filesClient() {
  if (!files) {
    files = new Client(() => newWorker('files', {}), {
      onEvent: (name, data) => {
        if (name === 'failed') announce(data);
        else if (name !== 'ready') onEvent(name, data);
      },
      onCrash: announce,
      what: 'Le moteur de lecture des fichiers',
    });
  }
  return files;
}

function makeApi(functions) {
  const api = {};
  for (const name of new Set([...functions, ...FILE_FUNCTIONS])) api[name] = (...args) => call(name, ...args);
  window.jeu1000 = api;
  performance.mark('jeu1000:go-ready-page');
  return api;
}

/** Starts the viewer's worker (once; boot.js has usually started it). */
export function start() {
  try {
    if (typeof WebAssembly !== 'object') throw new UserError('Ce navigateur ne gère pas WebAssembly.');
    if (typeof Worker !== 'function') throw new UserError('Ce navigateur ne gère pas les Web Workers.');
    viewerClient();
  } catch (e) {
    readyReject(e instanceof UserError ? e : new UserError(`Le moteur de calcul n'a pas pu démarrer : ${e.message || e}`));
  }
  return ready;
}

/** Prepares the full core in the background (e.g. when the draft view opens). */
export function warmFiles() {
  ready.then(() => filesClient()).catch(() => {});
}

/** True when the function is exported by the running core. */
export async function has(name) {
  await ready;
  return FILE_FUNCTIONS.has(name) || viewerClient().call('has', [name]);
}

/**
 * A file the user chose, read by the full core's worker (openFile): what
 * the page keeps instead of its bytes, and gives to splitFile instead of
 * them. length is the file's size (storage.js keeps the bytes of small
 * files only).
 */
export class WorkerFile {
  static next = 1;
  constructor(file) {
    this.file = file;
    this.fileId = WorkerFile.next++;
    this.length = file.size;
    /** {onProgress, signal} of the calls made meanwhile (see fileprogress.js). */
    this.watch = null;
  }
}

const wire = (a) => (a instanceof WorkerFile ? {fileId: a.fileId, file: a.file} : a);

/**
 * Calls a function of the core. Rejections are Errors with French messages;
 * a call stopped by the user rejects with an Error named 'AbortError'.
 */
export async function call(name, ...args) {
  if (viewerFailed) throw viewerFailed;
  if (FILE_FUNCTIONS.has(name)) {
    const f = args.find((a) => a instanceof WorkerFile);
    return filesClient().call(name, args.map(wire), f?.watch || {});
  }
  await ready;
  return viewerClient().call(name, args);
}

/**
 * Reads a file in the full core's worker (the page never holds its
 * bytes): resolves with a WorkerFile for splitFile. opts: onProgress({phase:
 * 'read', loaded, total, lines}), signal (an AbortSignal: « Lecture
 * annulée. »).
 */
export async function openFile(file, {onProgress, signal} = {}) {
  const f = new WorkerFile(file);
  await filesClient().call('openFile', [wire(f)], {onProgress, signal});
  return f;
}

let indexPromise = null;
/**
 * Loads the dataset index into the core once (the viewer's worker started
 * it already). Resolves with {authorities, source}; rejects with a French
 * message when the dataset is missing.
 */
export function loadIndex() {
  if (!indexPromise) {
    indexPromise = call('loadIndex');
    indexPromise.catch(() => { indexPromise = null; });
  }
  return indexPromise;
}

let searchPrepared = null;
/**
 * Asks the core, once, to build its search tables over every authority
 * (about a second of work on a slow device, in the viewer's worker):
 * callers ask when a search is coming (the search box got the focus, a
 * page whose main control is a search box). A search before that does the
 * work itself.
 */
export function prepareSearchWhenIdle() {
  if (!searchPrepared) {
    searchWanted = true;
    searchPrepared = call('prepareSearch');
    searchPrepared.catch(() => { searchPrepared = null; }); // a search still works; allow a retry
  }
  return searchPrepared;
}

/** Fetches and loads a shard of the dataset once (in the viewer's worker). */
export function loadShard(name, version = '') {
  if (!name) return Promise.resolve(null);
  return call('loadShard', name, version || '');
}

/**
 * Loads the shards of an authority that a view needs and resolves with its
 * info once they are loaded (the years' documents and detail are then
 * known): which is 'latest' (the latest year's shard, and the year's before
 * it when the latest has aggregated figures only), 'all' (every year's:
 * years side by side) or a year (that year's and the latest's).
 */
export function loadAuthority(key, which = 'latest') {
  return call('loadAuthority', key, which);
}
