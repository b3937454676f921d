// « Ma collectivité »: search an authority, then its 1,000 € from the bundled
// dataset, with years side by side (years.js) and the medians of its peers;
// an authority without figures gets the core's reason and ways on
// (nodata.js). Here the wiring (search, controls → address); the steps to
// the screen are in citizen/show.js, the drawing in citizen/view.js, the
// rules without the DOM in citizen/state.js.

import {$} from './dom.js';
import {call, loadIndex, prepareSearchWhenIdle} from './engine.js';
import {combobox} from './combobox.js';
import {paramsOfPresentation, RULES} from './options.js';
import {answerCache, withChanges} from './citizen/state.js';
import {citizenElements, showIndexError} from './citizen/view.js';
import {showCitizen} from './citizen/show.js';

export function initCitizen({navigate, openDraftFor}) {
  const el = citizenElements();
  // The view's own state: the state being shown, the token of the latest
  // show, where the focus goes next ('authority' | 'drill' | {row: code}).
  const ctx = {
    el, openDraftFor, cached: answerCache(), // small cache of core answers, by request
    state: null, token: 0, focusNext: null,
  };
  let indexError = '';

  loadIndex().then(() => {
    el.notice.hidden = true;
  }, (e) => {
    indexError = `La recherche n'est pas disponible : ${e.message}`;
    showIndexError(el, e.message);
  });

  // Search needs every authority of the index read and indexed (the
  // figures of one authority do not): about a second of work on a slow
  // device, in slices between which the page answers. It is done when the user shows an intent to search
  // (the box gets the focus or the pointer), or at once on the search page.
  ctx.prepareSearch = () => { prepareSearchWhenIdle().catch(() => {}); };
  for (const type of ['focus', 'pointerenter']) $('search-input').addEventListener(type, ctx.prepareSearch, {once: true});

  combobox({
    input: $('search-input'), list: $('search-listbox'), status: $('search-status'),
    unavailable: () => indexError,
    search: async (q, n) => { await loadIndex(); return call('search', q, n); },
    onChoose: (r) => { ctx.focusNext = 'authority'; navigate({view: 'citizen', key: r.key, params: {}}); },
  });

  // Controls → URL
  const set = (changes) => navigate({view: 'citizen', key: ctx.state.key, params: withChanges(ctx.state.params, changes)});
  ctx.set = set;
  el.year.addEventListener('change', () => set({annee: el.year.value, partie: ''}));
  for (const r of document.querySelectorAll('input[name="citizen-section"]')) {
    r.addEventListener('change', () => set({section: r.value === 'all' ? '' : r.value, partie: ''}));
  }
  el.view.addEventListener('change', () => set({...paramsOfPresentation(el.view.value), partie: ''}));
  el.peers.addEventListener('change', () => set({comparer: el.peers.value}));
  el.yearsToggle.addEventListener('click', () => set({annees: ctx.state.params.annees ? '' : '1'}));

  return {show: (next) => showCitizen(ctx, next)};
}

export {RULES};
