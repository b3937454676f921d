// Runs first in the page's head (a small classic script, before the
// stylesheets and the modules), for two things that cannot wait for app.js.
//
// 1. The view of the address, from the first frame: <html data-boot="…">
// (style.css) shows the draft, « Comprendre » or the game instead of the
// citizen view, which index.html shows by default, so that #/brouillon or
// #/jeu does not paint the home page first and swap it when the modules
// arrive; "game-setup" shows the game's set-up text, already in index.html.
// app.js removes the attribute once it shows the views itself.
//
// 2. Starts, as early as possible, the core's worker (js/worker.js, a module
// worker: the Go core never runs on the page's thread), long before the
// modules arrive: the worker then fetches the viewer wasm, wasm_exec.js
// and the dataset index in parallel, and for a permalink (the authority
// page, the embed view, the game) the authority's latest shard too, so that
// the first figures appear as early as the network allows. engine.js takes
// the worker from here, with the messages that came before it listened
// (globalThis.jeu1000Boot = {worker, early}), and starts one itself when
// this script did not run or failed.
//
// The dataset: data/index.bin, which the app's server (or nginx gzip_static)
// sends compressed with a Content-Encoding; a plain static host has only
// data/index.bin.gz. A site built by `jeu1000 site` says so in
// <meta name="jeu1000-data" content="gz">: the worker's name then ends in
// " gz" and it asks every file of the dataset as .gz.
(() => {
  // #/brouillon, #/comprendre…, #/jeu…: as router.js parses it.
  const route = /^#\/?(brouillon|comprendre|jeu)(?:[/?]|$)/.exec(location.hash);
  if (route) {
    const view = {brouillon: 'draft', comprendre: 'learn', jeu: 'game'}[route[1]];
    // The set-up (game.js kindOf): #/jeu/preparer…, or #/jeu without a game (?c=…).
    const [path, query = ''] = location.hash.split('?');
    const setup = /^#\/?jeu\/preparer\/?$/.test(path) || (/^#\/?jeu\/?$/.test(path) && !new URLSearchParams(query).get('c'));
    document.documentElement.dataset.boot = setup ? 'game-setup' : view;
  }
})();
(() => {
  if (typeof Worker !== 'function' || typeof WebAssembly !== 'object') return; // engine.js reports it
  globalThis.jeu1000DataGz = document.querySelector('meta[name="jeu1000-data"]')?.content === 'gz';
  // #/collectivite/<key>?annee=…, #/embed/<key>?annee=…, #/jeu…?c=<key>&annee=…
  const hash = location.hash;
  const m = /^#\/(?:collectivite|embed)\/([^?/]+)/.exec(hash);
  const query = new URLSearchParams(hash.split('?')[1] || '');
  let key = m ? m[1] : (/^#\/jeu\b/.test(hash) ? query.get('c') : null);
  try { key = key ? decodeURIComponent(key) : null; } catch (e) { key = null; }
  try {
    const worker = new Worker('js/worker.js', {type: 'module', name: `jeu1000-viewer${globalThis.jeu1000DataGz ? ' gz' : ''}`});
    const early = [];
    worker.onmessage = (e) => early.push(e);
    worker.onerror = (e) => early.push(e);
    worker.postMessage({init: key ? {prefetch: {key, year: query.get('annee')}} : {}});
    globalThis.jeu1000Boot = {worker, early};
  } catch (e) {
    // engine.js starts its own worker and reports failures
  }
})();
