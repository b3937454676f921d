// A big TOTEM file for the browser tests and make bench-web, made from a
// real one of ../shared/data: Montreuil's CA 2023 (3.9 MB, 1,471 budget
// lines) with its annexes repeated up to the size asked. The reader skips
// annexes, so the split is the real file's (total 252,564,408.69 €), and
// most real big TOTEM files are big for their annexes.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shared } from './harness.mjs';

/** The real file the big one is made from, and its split's total. */
export const source = join(shared, 'documents', 'montreuil-93048', 'CA_2023.xml');
export const total = '252564408.69';

/** Writes a TOTEM file of about `bytes` bytes in a new temporary folder; returns its path. */
export function bigTotem(bytes = 100e6) {
  const s = readFileSync(source);
  const open = s.indexOf('<Annexes>') + '<Annexes>'.length;
  const close = s.indexOf('</Annexes>');
  if (open < 9 || close < open) throw new Error(`${source}: no <Annexes> block`);
  const annexes = s.subarray(open, close);
  const n = Math.max(1, Math.ceil((bytes - s.length) / annexes.length) + 1);
  const out = Buffer.concat([s.subarray(0, open), ...Array(n).fill(annexes), s.subarray(close)]);
  const path = join(mkdtempSync(join(tmpdir(), 'jeu1000-big-')), `CA_2023_${Math.round(out.length / 1e6)}Mo.xml`);
  writeFileSync(path, out);
  return path;
}
