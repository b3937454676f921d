// Service worker: the app works offline after a first visit, and a page
// never runs files of two builds.
//
// - The app's files form one versioned set, listed with their hashes in
//   sw-files.js (written by `make web` / `make site` from the folder: every
//   file the page may load, no list kept by hand). The browser checks that
//   imported script byte for byte: a new build is a new service worker,
//   which fetches the whole new set, each file checked against its hash
//   (fetch's integrity), into a cache of its own. If any file fails (a
//   half-finished deployment, a slow or broken network), the new set is
//   dropped and the old one stays in use.
// - A page is served from one set for its whole life: the set current when
//   it was opened (recorded by client id, as are its workers), even after a
//   newer set arrives; the next page opened gets the newer set. App files
//   are served from the set only, never mixed with the network. A set no
//   page uses any more is deleted.
// - The dataset (data/*.bin, sent compressed by the server; data/*.gz where
//   the server does not): the index is served network-first, so that an
//   update of the dataset is seen at once; the shards, whose URLs name their
//   version (?v=checksum, from the index), are cached on first fetch and then
//   served from the cache, refreshed in the background; a shard's older
//   versions are evicted when a newer one is cached. A shard is thus always
//   the one the index names.
// - Only same-origin GET requests are handled; nothing else is touched.

importScripts('sw-files.js'); // self.jeu1000AppSet = {build, files: {path: integrity}}

const SET = self.jeu1000AppSet;
const APP_PREFIX = 'jeu1000-app-';
const APP_CACHE = APP_PREFIX + SET.build;
// Bump the number when the caching of the dataset changes: older data caches are deleted.
const DATA_CACHE = 'jeu1000-data-2';
// Which page uses which set (survives this worker's restarts).
const META_CACHE = 'jeu1000-meta';
const STATE_KEY = 'state.json';
// Stored last in a set's cache: the set is whole.
const COMPLETE_KEY = 'jeu1000-set-complete';
const NETWORK_TIMEOUT_MS = 4000;

/** The path of a URL relative to the worker's scope ('' for the scope itself). */
const scopePath = (url) => new URL(url).pathname.slice(new URL(self.registration.scope).pathname.length);

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    await fetchSet();
    // Safe: pages opened before keep their own set (see activate).
    await self.skipWaiting();
  })());
});

/** Fetches every file of SET, checked against its hash, into APP_CACHE; all or nothing. */
async function fetchSet() {
  const done = await caches.open(APP_CACHE).then((c) => c.match(COMPLETE_KEY));
  if (done) return;
  await caches.delete(APP_CACHE); // what an earlier, failed try left
  try {
    const files = await Promise.all(Object.entries(SET.files).map(async ([file, integrity]) => {
      // cache: 'no-cache' revalidates with the server, never a stale HTTP copy;
      // integrity rejects a file that is not the one this build names.
      const resp = await fetch(new Request(file, {cache: 'no-cache', integrity, credentials: 'same-origin'}));
      if (!resp.ok) throw new Error(`${file}: HTTP ${resp.status}`);
      return [file, resp];
    }));
    const cache = await caches.open(APP_CACHE);
    for (const [file, resp] of files) await cache.put(file, resp);
    await cache.put(COMPLETE_KEY, new Response(SET.build));
  } catch (e) {
    await caches.delete(APP_CACHE);
    throw e;
  }
}

let statePromise;
/**
 * {clients: {clientId: {build, at, seen}}}: the set each live page or worker
 * was opened with ('' for none: the network), when it was recorded, whether
 * it was seen among the clients since.
 */
function state() {
  statePromise ??= caches.open(META_CACHE)
    .then((c) => c.match(STATE_KEY))
    .then((r) => (r ? r.json() : null))
    .catch(() => null)
    .then((s) => (s && typeof s.clients === 'object' ? s : {clients: {}}));
  return statePromise;
}

async function saveState() {
  const s = await state();
  const cache = await caches.open(META_CACHE);
  await cache.put(STATE_KEY, new Response(JSON.stringify(s), {headers: {'Content-Type': 'application/json'}}));
}

/** Records that a client (a page, a worker) uses the set build. */
async function pin(clientId, build) {
  if (!clientId) return;
  const s = await state();
  if (s.clients[clientId]?.build === build) return;
  s.clients[clientId] = {build, at: Date.now()};
  await saveState();
}

/**
 * The set a client uses: a build, '' for the network, undefined when
 * unknown. The client is thereby seen alive (saved with the next change).
 */
async function buildOf(clientId) {
  const c = (await state()).clients[clientId];
  if (c) c.seen = true;
  return c?.build;
}

// A client never seen alive is kept this long: a page being opened is not
// listed among the clients until its document runs.
const PIN_GRACE_MS = 30 * 1000;

/**
 * Forgets the clients that are gone and deletes what no one uses: the sets
 * of other builds that no live client was opened with, older data caches.
 */
async function evict() {
  const s = await state();
  const live = new Set((await self.clients.matchAll({includeUncontrolled: true, type: 'all'})).map((c) => c.id));
  const now = Date.now();
  for (const [id, c] of Object.entries(s.clients)) {
    if (live.has(id)) c.seen = true;
    else if (c.seen || now - c.at > PIN_GRACE_MS) delete s.clients[id];
  }
  await saveState();
  const keep = new Set([APP_CACHE, DATA_CACHE, META_CACHE, ...Object.values(s.clients).map((c) => APP_PREFIX + c.build)]);
  for (const name of await caches.keys()) {
    if (name.startsWith('jeu1000-') && !keep.has(name)) await caches.delete(name);
  }
}

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    // Pages opened before this worker keep the set they were opened with:
    // their record stays (an older worker wrote it). Those without one
    // (opened before any worker, or by a worker that kept none) are left
    // to the network, as they were, rather than given this set.
    const s = await state();
    for (const c of await self.clients.matchAll({includeUncontrolled: true, type: 'all'})) {
      if (!(c.id in s.clients)) s.clients[c.id] = {build: '', at: Date.now(), seen: true};
    }
    await evict();
    await self.clients.claim();
  })());
});

/** Files of the dataset: index and shards, compressed (.gz) or not (.bin). */
const isData = (path) => path.endsWith('.gz') || path.endsWith('.bin');

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (req.headers.has('range')) return;
  const path = scopePath(req.url);
  if (path.startsWith('data/') && isData(path)) {
    event.respondWith(/^data\/index\.bin(\.gz)?$/.test(path) ? networkFirst(req, DATA_CACHE) : dataFirstFromCache(req, event));
    return;
  }
  if (req.mode === 'navigate') {
    if (path === '' || path === 'index.html') event.respondWith(openPage(event));
    return;
  }
  event.respondWith(fromSet(event, path));
});

/** A page opened: this worker's set, recorded for the new page. */
async function openPage(event) {
  const page = await caches.open(APP_CACHE).then((c) => c.match('index.html'));
  if (!page) return fetch(event.request);
  event.waitUntil(pin(event.resultingClientId, SET.build).then(evict).catch(() => {}));
  return page;
}

/**
 * A file of the app, from the set of the page (or worker) that asks for it;
 * a worker started by a page gets the page's set. A client opened without
 * a set (before the first worker) gets the network, as it did; so does a
 * file that is in no set (lan.json).
 */
async function fromSet(event, path) {
  const req = event.request;
  let build = await buildOf(event.clientId);
  if (build === undefined) build = SET.build;
  if ((req.destination === 'worker' || req.destination === 'sharedworker') && event.resultingClientId) {
    event.waitUntil(pin(event.resultingClientId, build).catch(() => {}));
  }
  if (build) {
    const hit = await caches.open(APP_PREFIX + build).then((c) => c.match(path));
    if (hit) return hit;
  }
  return fetch(req);
}

/**
 * The network (revalidating, so that a new dataset is seen at once), then
 * the cache. When a cached copy exists, a slow network gives up after a
 * timeout; without one, the download is awaited.
 */
async function networkFirst(req, cacheName) {
  const cache = await caches.open(cacheName);
  const cached = await cache.match(req, {ignoreSearch: true});
  const net = fetch(req.url, {cache: 'no-cache', credentials: 'same-origin'})
    .then((resp) => {
      if (resp.ok && resp.type === 'basic') cache.put(req, resp.clone()).catch(() => {});
      return resp;
    });
  try {
    return await (cached ? withTimeout(net, NETWORK_TIMEOUT_MS) : net);
  } catch (e) {
    if (cached) return cached;
    return new Response('Hors ligne : ce fichier n\'a pas encore été téléchargé.', {
      status: 503, headers: {'Content-Type': 'text/plain; charset=utf-8'},
    });
  }
}

/** Stores a shard's response and deletes its other versions (same path, another ?v=). */
async function putShard(cache, url, resp) {
  await cache.put(url, resp);
  const u = new URL(url);
  for (const old of await cache.keys(url, {ignoreSearch: true})) {
    if (new URL(old.url).search !== u.search) await cache.delete(old);
  }
}

// Files of the dataset that the page fetched before this worker controlled it
// (the first visit): the page sends their URLs so that they work offline too.
self.addEventListener('message', (event) => {
  const msg = event.data;
  if (!msg || msg.type !== 'cache-data' || !Array.isArray(msg.urls)) return;
  event.waitUntil((async () => {
    const cache = await caches.open(DATA_CACHE);
    for (const u of msg.urls) {
      const url = new URL(u, self.registration.scope);
      if (url.origin !== self.location.origin || !isData(url.pathname)) continue;
      if (await cache.match(url.href)) continue;
      try {
        const resp = await fetch(url.href);
        if (resp.ok) await putShard(cache, url.href, resp);
      } catch (e) {
        // offline now: it will be cached on its next fetch
      }
    }
  })());
});

/** The cache first (refreshed in the background), else the network, then cached. */
async function dataFirstFromCache(req, event) {
  const cache = await caches.open(DATA_CACHE);
  const hit = await cache.match(req);
  const refresh = fetch(req).then((resp) => {
    if (resp.ok) return putShard(cache, req.url, resp.clone()).then(() => resp);
    return resp;
  });
  if (hit) {
    event.waitUntil(refresh.catch(() => {}));
    return hit;
  }
  return refresh;
}

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('timeout')), ms);
    promise.then((v) => { clearTimeout(t); resolve(v); }, (e) => { clearTimeout(t); reject(e); });
  });
}
