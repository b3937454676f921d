// The game's state and page rules without the DOM nor the engine (tested
// under Node, e2e/unit/): an authority's years and parents, the links between its
// pages, the words that name an authority, the two sides of a duel, the
// guess's status, the class results kept in the teacher's browser and
// their summary. The rules of the game itself (set-up, score, answer codes)
// are gamecore.js's.

import * as G from '../gamecore.js';
import {fmtCents, fmtInt} from '../money.js';

/** Where the class results are kept (localStorage, the teacher's device only). */
export const STORE_KEY = 'jeu1000:classe:v1';

/** What an answer code of each variant looks like, for the class view's placeholder. */
export const CODE_EXAMPLES = {split: 'ex. 165P-G59C-1J68-4P34-CA', hab: 'ex. 26AZ-Q13X-02G4-P0Z8-4P4P-0C1', duel: 'ex. 31Z4-CD1G-X'};

const KIND_WORDS = {commune: 'la commune', epci: 'l\'intercommunalité', departement: 'le département', region: 'la région'};

/** "la commune", "le département"… of an authority's facts. */
export function kindWord(info) {
  return KIND_WORDS[info.kind] || 'la collectivité';
}

/** "Montreuil · Commune · 112 027 habitants" */
export function chosenText(info) {
  return [info.name, info.kindLabel, info.population ? `${fmtInt(info.population)} habitants` : ''].filter(Boolean).join(' · ');
}

// --- Authorities ---

/** Years with figures, latest first. */
export function yearsOf(info) {
  return Array.isArray(info.years) ? [...info.years].sort((a, b) => b.year - a.year) : [];
}

/** The authorities an authority belongs to (intercommunalité, département, région): [{key, name}]. */
export function parentsOf(info) {
  const seen = new Set([info.key]);
  const out = [];
  for (const ref of [info.epci, info.departementRef, info.regionRef]) {
    if (ref && ref.key && !seen.has(ref.key)) {
      seen.add(ref.key);
      out.push({key: ref.key, name: ref.name || ref.key});
    }
  }
  return out;
}

// --- Links ---

/** The hash of a page of the game (sub: '', 'preparer', 'classe', 'fiche') for a set-up. */
export function hashOf(sub, setup, extra = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries({...G.setupParams(setup), ...extra})) if (v) q.set(k, v);
  return `#/jeu${sub ? `/${sub}` : ''}?${q.toString().replace(/%3A/gi, ':')}`;
}

/** The link to all the figures of an authority, with the game's choices. */
export function detailsHash(setup, key, year) {
  return `#/collectivite/${key}?annee=${year}${setup.section === 'all' ? '' : `&section=${setup.section}`}&grille=${setup.grid}${setup.nv ? '' : '&regles=ventile'}`;
}

/**
 * The set-up offered as a way on: the same game with another authority in
 * the role that had no figures (key: the game's, other: the duel's second).
 */
export function setupWith(asked, role, key) {
  return role === 'other'
    ? {...asked, year: null, other: key}
    : {...asked, year: null, key, other: asked.other === key ? null : asked.other};
}

/** Whether the page's host is one that only this computer reaches. */
export function loopbackHost(host) {
  return host === 'localhost' || host.endsWith('.localhost') || /^127\./.test(host) || host === '[::1]';
}

/**
 * Where pupils open the game, from the page's address (here: origin and
 * path; host; pathname) and, on a loopback host, the classroom network's
 * addresses that `jeu1000 serve` gives (lan.json's links): {base, local, lan}.
 */
export function classBase({here, host, pathname}, links = null) {
  if (!loopbackHost(host)) return {base: here, local: false, lan: []};
  const lan = (Array.isArray(links) ? links : []).filter((u) => typeof u === 'string' && /^https?:\/\/[^/]/.test(u));
  return {base: lan.length ? new URL(pathname.replace(/^\//, ''), lan[0]).href : here, local: true, lan};
}

// --- The duel ---

/**
 * The two sides of a duel in the order shown, A then B: {letter, info,
 * policies}; our authority's letter is drawn from the set-up.
 */
export function duelSides(g) {
  const ours = {info: g.info, policies: g.policies};
  const other = {info: g.other.info, policies: g.other.policies};
  return G.ourLetter(g.setup) === 'A'
    ? [{letter: 'A', ...ours}, {letter: 'B', ...other}]
    : [{letter: 'A', ...other}, {letter: 'B', ...ours}];
}

/** The letter an answer of a duel chose. */
export const pickedLetter = (answer) => (answer.euros[0] === 0 ? 'A' : 'B');

/** The rows of a duel's reveal, {code, label, ours, other} in cents, and the index of the largest difference. */
export function duelRows(g) {
  const rows = g.policies.map((p, i) => ({code: p.code, label: p.label, ours: p.real, other: g.other.policies[i].real}));
  let gi = 0;
  rows.forEach((r, i) => { if (Math.abs(r.ours - r.other) > Math.abs(rows[gi].ours - rows[gi].other)) gi = i; });
  return {rows, gi};
}

/** How many answers chose each letter, and how many found ours: {A, B, right, n, ours}. */
export function duelCounts(g, answers) {
  const ours = G.ourLetter(g.setup);
  const counts = {A: 0, B: 0};
  for (const a of answers) counts[pickedLetter(a)]++;
  return {...counts, right: counts[ours], n: answers.length, ours};
}

/** The number of values in an answer code of this game. */
export function answerLength(g) {
  return g.setup.mode === 'duel' ? 1 : g.policies.length;
}

// --- A pupil's guess ---

/** Euros left to place of the 1,000 € (negative when over). */
export const remaining = (guess) => G.TOTAL_EUROS - G.sum(guess);

/** Whether the guess can be revealed. */
export function guessDone(mode, guess) {
  return mode === 'hab' ? G.sum(guess) > 0 : remaining(guess) === 0;
}

/** The status line under the guess. */
export function statusText(mode, guess) {
  const r = remaining(guess);
  if (mode === 'hab') return `Total de ton estimation : ${fmtCents(G.sum(guess) * 100, {decimals: false})} par habitant`;
  if (r > 0) return `Reste à placer : ${fmtCents(r * 100, {decimals: false})}`;
  if (r < 0) return `Trop placé : ${fmtCents(-r * 100, {decimals: false})} de plus que 1 000 € — retire-les quelque part.`;
  return 'Les 1 000 € sont placés : tu peux voir la réponse.';
}

/** Why the guess cannot be revealed yet, or ''. */
export function revealRefusal(mode, guess) {
  if (mode === 'hab') return G.sum(guess) ? '' : 'Écris au moins un montant avant de voir la réponse.';
  const r = remaining(guess);
  if (r > 0) return `Il reste ${fmtCents(r * 100, {decimals: false})} à placer : le total doit faire exactement 1 000 €.`;
  if (r < 0) return `Tu as placé ${fmtCents(-r * 100, {decimals: false})} de trop : le total doit faire exactement 1 000 €.`;
  return '';
}

/**
 * A typed amount: {value} (whole euros, '' counts as 0 and empty) or
 * {error} in French; max is the largest amount allowed.
 */
export function parseAmount(text, max) {
  const t = String(text).replace(/[\s\u00a0\u202f€]/g, '');
  if (t === '') return {value: 0, empty: true};
  if (!/^\d+$/.test(t) || Number(t) > max) return {error: `Un nombre entier d'euros, de 0 à ${fmtInt(max)}.`};
  return {value: Number(t)};
}

/** The summary of a reveal: cents guessed and real per policy, score, index of the largest gap. */
export function revealOf(g, guess) {
  const guessC = guess.map((e) => e * 100);
  const realC = G.realValues(g.setup, g.policies);
  return {guessC, realC, score: G.scoreOf(guessC, realC), gi: G.largestGap(guessC, realC)};
}

// --- Class results in the teacher's browser ---

/** The class results kept in storage (a Storage: localStorage), or an empty store. */
export function readStore(storage) {
  try {
    const v = JSON.parse(storage.getItem(STORE_KEY) || 'null');
    if (v && v.version === 1 && v.parties && typeof v.parties === 'object') return v;
  } catch { /* unreadable: start again */ }
  return {version: 1, parties: {}};
}

/** Writes the class results; an empty store removes the key. Throws when the storage refuses. */
export function writeStore(storage, store) {
  if (!Object.keys(store.parties).length) {
    storage.removeItem(STORE_KEY);
    return;
  }
  storage.setItem(STORE_KEY, JSON.stringify(store));
}

/** The key of a game's answers in the store. */
export const partyKey = (g) => G.setupString(g.setup);

/** The codes received for a game. */
export const codesOf = (store, g) => store.parties[partyKey(g)]?.codes || [];

/**
 * Adds the codes of text (one per line, see gamecore.splitCodes) to a
 * game's answers in store (changed in place). Returns {added, lines,
 * refused}: lines [{ok, text}] to show, refused the texts to correct.
 */
export function addCodes(store, g, text, today) {
  const key = partyKey(g);
  const party = store.parties[key] || {setup: G.setupParams(g.setup), name: g.info.name, codes: []};
  const lines = [];
  const refused = [];
  let added = 0;
  for (const {text: t, answer: d} of G.splitCodes(text, g.setup)) {
    const error = d.error || (d.n !== answerLength(g) ? 'Ce code ne correspond pas à cette partie.' : '');
    if (error) { lines.push({ok: false, text: `${t} : ${error}`}); refused.push(t); continue; }
    if (party.codes.includes(d.code)) { lines.push({ok: false, text: `${G.formatCode(d.code)} : déjà dans la classe.`}); continue; }
    party.codes.push(d.code);
    added++;
  }
  party.updatedAt = today;
  store.parties[key] = party;
  if (added) lines.unshift({ok: true, text: `${added} réponse${added > 1 ? 's' : ''} ajoutée${added > 1 ? 's' : ''}.`});
  if (refused.length) lines.push({ok: false, text: `${refused.length > 1 ? 'Les codes refusés restent' : 'Le code refusé reste'} dans la case, à corriger.`});
  return {added, lines, refused};
}

/** Takes a code out of a game's answers (the game's entry goes with its last code). */
export function removeCode(store, g, code) {
  const key = partyKey(g);
  const party = store.parties[key];
  if (!party) return;
  party.codes = party.codes.filter((x) => x !== code);
  if (!party.codes.length) delete store.parties[key];
}

/** The answers of a game that read back as such. */
export function answersOf(store, g) {
  return codesOf(store, g).map((c) => G.decodeAnswer(c, g.setup)).filter((d) => !d.error && d.n === answerLength(g));
}

/**
 * The class at a glance (the 1,000 € split or € per inhabitant): per
 * policy {code, label, real, st: stats of the answers}, and the scores'
 * stats, in cents.
 */
export function classSummary(g, answers) {
  const realC = G.realValues(g.setup, g.policies);
  const per = g.policies.map((p, i) => ({code: p.code, label: p.label, real: realC[i], st: G.stats(answers.map((a) => a.euros[i] * 100))}));
  const scores = G.stats(answers.map((a) => G.scoreOf(a.euros.map((e) => e * 100), realC)));
  return {per, scores};
}

/** "3 réponses" */
export const answersText = (n) => `${n} réponse${n > 1 ? 's' : ''}`;
