// What compares with what is decided by the Go core (internal/app/compare.go):
// the default year of an authority, whether two sets of figures compare and
// on which grid, the years of the game's duel. This module only asks it.

import {call, loadAuthority} from './engine.js';

/**
 * The authority's facts (engine.loadAuthority) with its default year known:
 * `defaultYear` is the latest detailed year, which the core can tell once
 * the shards of the years after it are loaded; until then, every year's.
 */
export async function withDefaultYear(key, which = 'latest') {
  let info = await loadAuthority(key, which);
  if (!info.defaultYear && (info.years || []).length) info = await loadAuthority(key, 'all');
  return info;
}

/**
 * The year to show of an authority: the asked one when it has figures
 * that year, else the core's default year (the latest detailed one).
 * info must come from withDefaultYear unless the asked year is there.
 */
export function yearToShow(info, asked) {
  const years = (info.years || []).map((y) => y.year);
  if (years.includes(Number(asked))) return Number(asked);
  return info.defaultYear || Math.max(...years);
}

/** The facts of an authority opened on a year: the asked one's shard, else those that tell the default year. */
export function loadForYear(key, asked) {
  const year = Number(asked);
  return Number.isInteger(year) && year > 0 ? loadAuthority(key, year).then((info) => (
    (info.years || []).some((y) => y.year === year) ? info : withDefaultYear(key))) : withDefaultYear(key);
}

/**
 * Whether two sets of figures compare under a request, and on which grid
 * and section: {comparable, reason, grid, section}. A side is {key, year}
 * (the dataset's figures) or {report} (a user's file).
 */
export function compareSides(a, b, request) {
  return call('compare', a, b, request);
}

/** The years of a duel: {year, otherYear, verdict}, or a rejection saying why none compares. */
export function pairYears(key, other, asked, request) {
  return call('pairYears', key, other, Number(asked) || 0, request);
}
