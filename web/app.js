// Entry point of the browser app: starts the Go core (wasm) and the dataset
// download at once, shows the page shell, and routes between the views.

import {$, afterFirstPaint} from './js/dom.js';
import * as engine from './js/engine.js';
import * as router from './js/router.js';
import {initCitizen} from './js/citizen.js';
import {initDraft} from './js/draft.js';
import {initEmbed} from './js/export.js';

const VIEWS = ['citizen', 'draft', 'learn', 'game', 'embed'];
const TITLES = {
  citizen: 'Ma collectivité — Le jeu des 1 000 €',
  draft: 'Mon budget (brouillon privé) — Le jeu des 1 000 €',
  learn: 'Comprendre — Le jeu des 1 000 €',
};

// 1. The engine: fetching started when engine.js was evaluated.
const status = $('engine-status');
engine.start().then(() => {
  status.textContent = 'Moteur de calcul prêt.';
  status.classList.add('is-ready');
}, (e) => {
  status.textContent = `${e.message} Les calculs sont indisponibles ; les explications restent lisibles.`;
  status.classList.add('is-error');
});
// A worker of the core crashed and was restarted (engine.js): say so.
window.addEventListener('jeu1000:engine', (e) => {
  status.textContent = e.detail.message;
  status.classList.remove('is-ready');
  status.classList.add('is-error');
});

// 2. The views.
const navigate = (state) => router.go(state);
// The draft view is built the first time it opens: its grid (and the full
// core it starts for the grid's labels) is no work for the other pages.
let draftView = null;
const draft = () => (draftView ||= initDraft({navigate}));
const citizen = initCitizen({
  navigate,
  openDraftFor: (info) => {
    draft().prefill(info);
    navigate({view: 'draft', params: {}});
  },
});
// The classroom game (and its QR encoder) is loaded the first time its view
// opens: the other views never need it. Not before the page's first content
// is on the screen: the set-up's text is index.html's (boot.js), and the
// game's dozen modules would only compete with it.
let gameView = null; // Promise of the game view's {show, hide}
const game = {
  show(state, info) {
    if (!gameView) {
      gameView = afterFirstPaint().then(() => import('./js/game.js')).then(({initGame}) => initGame({navigate: (s, opts) => router.go(s, opts)}));
      gameView.catch(() => {
        gameView = null;
        $('game-root').textContent = 'Le jeu n\'a pas pu être chargé : rechargez la page.';
      });
    }
    gameView.then((g) => { if (currentView === 'game') g.show(state, info); }, () => {});
  },
  hide() {
    if (gameView) gameView.then((g) => { if (currentView !== 'game') g.hide(); }, () => {});
  },
};
const embed = initEmbed();

// Each view remembers where it was: the tabs bring you back there.
const lastHash = {};
for (const a of document.querySelectorAll('.main-nav a')) {
  a.addEventListener('click', (e) => {
    if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
    const v = a.dataset.view;
    if (lastHash[v] && lastHash[v] !== location.hash && v !== currentView) {
      e.preventDefault();
      location.hash = lastHash[v];
    }
  });
}

let currentView = null;
function show(state, info) {
  const view = VIEWS.includes(state.view) ? state.view : 'citizen';
  lastHash[view] = location.hash || '#/';
  const changed = view !== currentView;
  currentView = view;
  for (const v of VIEWS) $(`view-${v}`).hidden = v !== view;
  // The views are shown from here on: boot.js's first guess (<html data-boot>)
  // goes, but the game's, which game.js removes once its page is built.
  if (view !== 'game') delete document.documentElement.dataset.boot;
  for (const a of document.querySelectorAll('.main-nav a')) {
    if (a.dataset.view === view) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  if (view === 'citizen') citizen.show(state);
  if (view === 'draft') draft().show(state);
  if (view === 'game') game.show(state, info); else game.hide();
  if (view === 'embed') embed.show(state); else embed.hide();
  if (view === 'learn' || view === 'draft') document.title = TITLES[view];
  if (view === 'citizen' && !state.key) document.title = TITLES.citizen;
  if (view === 'learn' && state.sub) {
    const target = document.getElementById(`comprendre-${state.sub}`);
    if (target) { target.setAttribute('tabindex', '-1'); target.focus(); target.scrollIntoView(); return; }
  }
  // Move the focus to the new view's heading (not at start-up, not for a
  // change inside the same view: the control that changed keeps it).
  if (changed && !info.initial) {
    const heading = $(`${view}-title`);
    if (heading && !(view === 'citizen' && state.key)) heading.focus();
    window.scrollTo(0, 0);
  }
}
router.listen(show);
router.start();

// 3. Offline: a service worker caches the app, the wasm and the data.
if ('serviceWorker' in navigator && location.protocol !== 'file:') {
  window.addEventListener('load', () => {
    // updateViaCache 'none': the check for a new build (sw.js and the list of
    // the app's files it imports) never trusts the HTTP cache.
    navigator.serviceWorker.register('sw.js', {updateViaCache: 'none'}).catch(() => {});
    // Off the start-up path: a newer build, said to a page left open.
    import('./js/update.js').then((m) => m.watchUpdates(navigator.serviceWorker, $('update-notice'))).catch(() => {});
  });
  // On a first visit the dataset was fetched before the worker existed:
  // hand it the URLs (again from time to time: shards come later).
  const share = () => {
    const sw = navigator.serviceWorker.controller;
    if (sw && engine.fetchedData.size) sw.postMessage({type: 'cache-data', urls: [...engine.fetchedData]});
  };
  navigator.serviceWorker.addEventListener('controllerchange', share);
  window.addEventListener('hashchange', () => setTimeout(share, 3000));
}
const offline = $('offline-status');
const onlineState = () => {
  offline.textContent = navigator.onLine ? '' : 'Hors ligne : l\'application fonctionne avec les fichiers déjà téléchargés.';
};
window.addEventListener('online', onlineState);
window.addEventListener('offline', onlineState);
onlineState();
