// Service worker: the app works offline after a first visit.
//
// - The app's own files are precached under a versioned cache name; they are
//   served network-first (a fresh build is picked up at once when online,
//   conditional requests keep that cheap) and from the cache when offline.
// - The dataset (data/*.bin, sent compressed by the server; data/*.gz where
//   the server does not): the index is served network-first, like the app's
//   files, so that an update of the dataset is seen at once; the shards,
//   whose URLs name their version (?v=checksum, from the index), are cached
//   on first fetch and then served from the cache, refreshed in the
//   background. A shard is thus always the one the index names.
// - Only same-origin GET requests are handled; nothing else is touched.
//
// Bump VERSION when the list of files or the caching of the dataset changes.

const VERSION = 'v8';
const APP_CACHE = `jeu1000-app-${VERSION}`;
const DATA_CACHE = `jeu1000-data-${VERSION}`;
const APP_FILES = [
  './',
  'index.html',
  'boot.js',
  'app.js',
  'js/dom.js',
  'js/money.js',
  'js/engine.js',
  'js/rpc.js',
  'js/worker.js',
  'js/data.js',
  'js/fileprogress.js',
  'js/router.js',
  'js/chart.js',
  'js/splitview.js',
  'js/combobox.js',
  'js/citizen.js',
  'js/draft.js',
  'js/drafttemplate.js',
  'js/storage.js',
  'js/options.js',
  'js/game.js',
  'js/gamecore.js',
  'js/game/state.js',
  'js/game/data.js',
  'js/game/charts.js',
  'js/game/ui.js',
  'js/game/setup.js',
  'js/game/play.js',
  'js/game/reveal.js',
  'js/game/classview.js',
  'js/game/sheet.js',
  'js/qr.js',
  'js/export.js',
  'js/labels.js',
  'js/nodata.js',
  'style.css',
  'game.css',
  'wasm_exec.js',
  'jeu1000-viewer.wasm',
  'jeu1000.wasm',
  'manifest.webmanifest',
  'icon.svg',
];
const NETWORK_TIMEOUT_MS = 4000;

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(APP_CACHE);
    // cache: 'no-cache' revalidates with the server, never a stale HTTP copy.
    await cache.addAll(APP_FILES.map((u) => new Request(u, {cache: 'no-cache'})));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const keep = new Set([APP_CACHE, DATA_CACHE]);
    for (const name of await caches.keys()) {
      if (name.startsWith('jeu1000-') && !keep.has(name)) await caches.delete(name);
    }
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
  const path = url.pathname.slice(self.registration.scope.length - self.location.origin.length);
  if (path.startsWith('data/') && isData(path)) {
    event.respondWith(/^data\/index\.bin(\.gz)?$/.test(path) ? networkFirst(req, DATA_CACHE) : dataFirstFromCache(req, event));
    return;
  }
  event.respondWith(networkFirst(req));
});

/**
 * The network (revalidating, so that a new build is seen at once), then the
 * cache. When a cached copy exists, a slow network gives up after a timeout;
 * without one, the download is awaited.
 */
async function networkFirst(req, cacheName = APP_CACHE) {
  const cache = await caches.open(cacheName);
  const cached = await cache.match(req, {ignoreSearch: true})
    || (req.mode === 'navigate' ? await cache.match('index.html') : undefined);
  const net = (req.mode === 'navigate' ? fetch(req) : fetch(req.url, {cache: 'no-cache', credentials: 'same-origin'}))
    .then((resp) => {
      if (resp.ok && resp.type === 'basic') {
        // Keep the precached entries fresh (a navigation is stored as the shell).
        cache.put(req.mode === 'navigate' ? 'index.html' : req, resp.clone()).catch(() => {});
      }
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
        if (resp.ok) await cache.put(url.href, resp);
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
    if (resp.ok) return cache.put(req, resp.clone()).then(() => resp);
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
