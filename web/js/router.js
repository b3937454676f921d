// URL state. The hash says what is on screen, so that a link reproduces it:
//   #/collectivite/commune:93048?annee=2023&section=F&niveau=2&grille=common&comparer=strate&partie=2&annees=1
//   #/brouillon?section=I&grille=common&partie=3
//   #/comprendre
//   #/jeu[/preparer|/classe|/fiche]?c=commune:93048&annee=2023&section=all&grille=six   (game.js)
//   #/embed/commune:93048?annee=2023&grille=six                                        (export.js)
// Back and forward work: every navigation is a history entry.

const VIEWS = {collectivite: 'citizen', brouillon: 'draft', comprendre: 'learn', jeu: 'game', embed: 'embed'};
const PATHS = {citizen: 'collectivite', draft: 'brouillon', learn: 'comprendre', game: 'jeu', embed: 'embed'};
// Views whose second path segment is an authority key, or a sub-page.
const KEYED = new Set(['citizen', 'embed']);
const SUBBED = new Set(['learn', 'game']);

/** Parses a location hash into {view, key, params}. */
export function parse(hash) {
  let h = String(hash || '').replace(/^#/, '');
  if (!h.startsWith('/')) h = '/' + h;
  const [path, query = ''] = h.split('?');
  const parts = path.split('/').filter(Boolean).map((p) => {
    try { return decodeURIComponent(p); } catch { return p; }
  });
  const view = VIEWS[parts[0]] || 'citizen';
  const params = {};
  for (const [k, v] of new URLSearchParams(query)) params[k] = v;
  return {view, key: KEYED.has(view) ? parts[1] || '' : '', sub: SUBBED.has(view) ? parts[1] || '' : '', params};
}

function enc(s) {
  return encodeURIComponent(s).replace(/%3A/gi, ':');
}

/** Formats {view, key, params} as a hash. Empty and default values are left out. */
export function format(state) {
  let path = '#/' + PATHS[state.view || 'citizen'];
  if (KEYED.has(state.view) && state.key) path += '/' + enc(state.key);
  if (SUBBED.has(state.view) && state.sub) path += '/' + enc(state.sub);
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(state.params || {})) {
    if (v === undefined || v === null || v === '' || v === false) continue;
    q.set(k, String(v));
  }
  const qs = q.toString().replace(/%3A/gi, ':').replace(/%2C/gi, ',');
  return qs ? `${path}?${qs}` : path;
}

/** The current state. */
export function current() {
  return parse(location.hash);
}

let handler = () => {};
let lastHash = null;

function onChange(state, info) {
  lastHash = location.hash;
  handler(state, info);
}

/** Registers the handler called with the state on every navigation. */
export function listen(fn) {
  handler = fn;
  // Back/forward over pushState entries fire popstate, and hashchange too in
  // some cases: handle each hash once.
  const pop = () => { if (location.hash !== lastHash) onChange(current(), {pop: true}); };
  window.addEventListener('hashchange', pop);
  window.addEventListener('popstate', pop);
}

/**
 * Navigates to a state. replace: true rewrites the current history entry
 * (used for the canonical form of a link, not for user choices).
 */
export function go(state, {replace = false} = {}) {
  const hash = format(state);
  if (hash === location.hash) return;
  if (replace) {
    history.replaceState(history.state, '', hash);
    onChange(parse(hash), {pop: false});
  } else {
    history.pushState(history.state, '', hash);
    onChange(parse(hash), {pop: false});
  }
}

/**
 * Rewrites the current history entry with the canonical form of what is on
 * screen (the year and options the figures were shown with), without
 * rendering again: a permalink or an embed then carries them.
 */
export function canonical(state) {
  const hash = format(state);
  const now = current();
  // Only the view on screen: never over an address the user went to meanwhile.
  if (hash === location.hash || now.view !== state.view || (now.key || '') !== (state.key || '')) return;
  history.replaceState(history.state, '', hash);
  lastHash = location.hash;
}

/** Renders the current URL once, at start-up. */
export function start() {
  onChange(current(), {pop: true, initial: true});
}
