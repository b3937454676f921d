// What a game needs from the engine: an authority's facts and figures, the
// split of a set-up, the ways on from an authority without a game, and the
// classroom network's address. Rejects with French messages.

import {call, loadAuthority} from '../engine.js';
import {pairYears, withDefaultYear} from '../compare.js';
import * as G from '../gamecore.js';
import {classBase, parentsOf, setupWith, yearsOf} from './state.js';
import {nameThe, nameSubject} from '../labels.js';

const infoCache = new Map();
/**
 * The authority's facts, once the shards of some years are loaded (see
 * loadAuthority: 'latest', 'all', a year), which gives those years' detail.
 */
function authorityInfo(key, which = 'latest') {
  const k = `${key}|${which}`;
  if (!infoCache.has(k)) {
    // 'latest': the shards that tell the default year (compare.js).
    const p = which === 'latest' ? withDefaultYear(key) : loadAuthority(key, which);
    p.catch(() => infoCache.delete(k));
    infoCache.set(k, p);
  }
  return infoCache.get(k);
}

/** The facts of an authority of the index (its latest year loaded), or null when it cannot be read. */
export function factsOf(key) {
  return authorityInfo(key, 'latest').catch(() => null);
}

/**
 * A game that cannot be played with an authority's figures: the message
 * (French), the authority (info) and its role in the set-up (key: the
 * game's authority, other: the duel's second one).
 */
export class NoGame extends Error {
  constructor(message, info, role) {
    super(message);
    this.info = info;
    this.role = role;
  }
}

async function figuresOf(key, which, role = 'key') {
  const info = await authorityInfo(key, which);
  const years = yearsOf(info);
  if (!years.length) {
    throw new NoGame(`Pas de répartition par politique pour ${nameThe(info)} dans les données intégrées : le jeu n'est pas possible avec cette collectivité.`, info, role);
  }
  return {info, years};
}

/**
 * The years of a game, the core's choice (compare.js pairYears): of one
 * authority, the asked year when split by function, else the latest
 * detailed year by function, else the latest by function; in a duel, two
 * years made the same way. [year, other's year]; a NoGame when none.
 */
async function gameYears(asked, ours, other) {
  let pair;
  try {
    pair = await pairYears(asked.key, other ? asked.other : '', asked.year, G.requestOf(asked));
  } catch (e) {
    throw new NoGame(e.message, other ? other.info : ours.info, other ? 'other' : 'key');
  }
  return [ours.years.find((x) => x.year === pair.year), other && other.years.find((x) => x.year === pair.otherYear)];
}

const reportCache = new Map();
/** The split of an authority's year for a set-up (cached). Rejects with a French message. */
async function reportOf(key, year, setup, info, role = 'key') {
  const k = `${key}|${year}|${setup.section}|${setup.grid}|${setup.nv}`;
  if (!reportCache.has(k)) {
    const p = loadAuthority(key, year).then(() => call('splitRecord', key, year, G.requestOf(setup)));
    p.catch(() => reportCache.delete(k));
    reportCache.set(k, p);
  }
  const report = await reportCache.get(k);
  if (report.method === 'nature') {
    throw new NoGame(`${nameSubject(info)} ne présente pas ses dépenses par politique (collectivité de moins de 3 500 habitants) : le jeu n'est pas possible avec ces comptes.`, info, role);
  }
  return report;
}

const waysCache = new Map();
/**
 * The ways on from a set-up that cannot be played (e: a NoGame, asked: the
 * set-up): the authorities e.info belongs to that make the same game in
 * its place (setupWith), each checked by loading that game (figures split
 * by policy, a duel's years made the same way), in order: never a way on
 * that would end on another page without a game.
 * Resolves to [{key, name, kindLabel}].
 */
export function waysOn(e, asked) {
  const k = `${G.setupString(asked)}|${e.role}|${e.info.key}`;
  if (!waysCache.has(k)) {
    const check = async (ref) => {
      try {
        const g = await loadGame(setupWith(asked, e.role, ref.key));
        const info = e.role === 'other' ? g.other.info : g.info;
        return {key: ref.key, name: info.name, kindLabel: info.kindLabel || ''};
      } catch {
        return null;
      }
    };
    waysCache.set(k, Promise.all(parentsOf(e.info).map(check)).then((ws) => ws.filter(Boolean)));
  }
  return waysCache.get(k);
}

/**
 * Loads what a game needs: {info, setup (effective: year, section and grid
 * as the figures allow), report, policies, aggregated, years} and, in a
 * duel, other: {info, report, policies, year}. Rejects with a French message
 * (a NoGame when an authority's figures make no game).
 */
export async function loadGame(asked) {
  // A duel pairs the closest years of the same detail: it needs every
  // year's detail, hence every year's shard; a game of one authority, the
  // asked year's (or the latest's).
  const duel = asked.mode === 'duel';
  const ours = await figuresOf(asked.key, duel ? 'all' : Number(asked.year) || 'latest');
  let other = null;
  if (duel) {
    if (!asked.other) throw new Error('Choisissez la deuxième collectivité du duel.');
    if (asked.other === asked.key) throw new Error('Choisissez deux collectivités différentes.');
    other = await figuresOf(asked.other, 'all', 'other');
  }
  const [y, oy] = await gameYears(asked, ours, other);
  const aggregated = y.detail === 'aggregated' || (oy && oy.detail === 'aggregated');
  const setup = {...asked, year: y.year, section: aggregated ? 'all' : asked.section, grid: aggregated ? 'six' : asked.grid};
  const report = await reportOf(setup.key, setup.year, setup, ours.info);
  setup.grid = report.grid === 'common' ? 'common' : 'six';
  if (setup.mode === 'hab' && !report.population) {
    throw new Error(`La population de ${ours.info.name} n'est pas connue pour ces comptes : le jeu en € par habitant n'est pas possible. Choisissez « Répartir 1 000 € ».`);
  }
  const game = {info: ours.info, setup, report, policies: G.policiesOf(report, setup), aggregated, years: ours.years, other: null};
  if (other) {
    const oreport = await reportOf(setup.other, oy.year, setup, other.info, 'other');
    const [a, b] = G.duelPolicies(report, oreport, setup);
    game.policies = a;
    game.other = {info: other.info, report: oreport, policies: b, year: oy.year};
  }
  return game;
}

let classPromise = null;
/**
 * Where pupils open the game: {base, local, lan}. base is this page's
 * address, unless the page was opened at 127.0.0.1 or localhost (local:
 * true), which pupils' devices cannot reach: then the first address of the
 * classroom network that `jeu1000 serve` gives (lan.json; lan lists them
 * all; none on another server or when it listens on this computer only).
 */
export function classAddress() {
  if (!classPromise) {
    const where = {here: `${location.origin}${location.pathname}`, host: location.hostname, pathname: location.pathname};
    const local = classBase(where);
    classPromise = !local.local
      ? Promise.resolve(local)
      : fetch('lan.json', {cache: 'no-store'})
        .then((r) => (r.ok ? r.json() : {}), () => ({}))
        .catch(() => ({}))
        .then((j) => classBase(where, j.links));
  }
  return classPromise;
}
