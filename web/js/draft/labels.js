// Labels of the grid's function codes: the citizen words of the core's
// labels table (call('labels')), for the level-1 codes and the detailed
// codes a user adds. No DOM.

import {call} from '../engine.js';
import {baseCodes} from './grid.js';

/** The label of a detailed code (2 to 6 digits) in nomen. */
export async function labelOf(nomen, code) {
  try {
    const r = await call('labels', nomen, [code]);
    return r.labels[0].plain;
  } catch {
    return `Fonction ${code}`;
  }
}

/** code → label for the level-1 codes of nomen and the detailed codes extra (empty when the core cannot say). */
export async function labelsOf(nomen, extra) {
  const codes = [...new Set([...baseCodes(nomen), ...extra])];
  try {
    const r = await call('labels', nomen, codes);
    return new Map(r.labels.map((l) => [l.code, l.plain]));
  } catch {
    return new Map();
  }
}
