// The game's small QR encoder (web/js/qr.js) and its rules (web/js/gamecore.js),
// under Node (no browser):
//   - QR matrices equal, module for module, those of an independent encoder
//     (qrencode 4.1.1, committed in qr-reference.json) with the same mask;
//   - structure: finder patterns, timing, dark module, format bits read back,
//     version information from version 7;
//   - when Debian's zbarimg is installed, every version 1–10 at L and M, and
//     every mask, is decoded back to its text by that independent decoder;
//   - answer codes: round trip, typos, another game, score exact to the cent.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './harness.mjs';
import { capacity, encode, readFormat } from '../web/js/qr.js';
import * as G from '../web/js/gamecore.js';

const ref = JSON.parse(readFileSync(join(root, 'e2e', 'qr-reference.json'), 'utf8'));

function rowsOf(hexRows, size) {
  return hexRows.map((hx) => [...hx].flatMap((c) => parseInt(c, 16).toString(2).padStart(4, '0').split('').map((b) => b === '1')).slice(0, size));
}

/** A binary PGM image of a code (4 px per module, quiet zone of 4). */
function pgm(q, scale = 4, quiet = 4) {
  const n = (q.size + 2 * quiet) * scale;
  const buf = Buffer.alloc(n * n, 255);
  for (let y = 0; y < q.size; y++) {
    for (let x = 0; x < q.size; x++) {
      if (!q.modules[y][x]) continue;
      for (let dy = 0; dy < scale; dy++) for (let dx = 0; dx < scale; dx++) buf[((y + quiet) * scale + dy) * n + (x + quiet) * scale + dx] = 0;
    }
  }
  return Buffer.concat([Buffer.from(`P5 ${n} ${n} 255\n`), buf]);
}

const zbarimg = ['/usr/bin/zbarimg', '/usr/local/bin/zbarimg'].find((p) => existsSync(p));

describe('QR encoder', () => {
  it('matches the reference matrices of qrencode, module for module', () => {
    for (const c of ref.cases) {
      const want = rowsOf(c.rows, c.size);
      const f = readFormat(want);
      assert.ok(f, `reference format bits unreadable for ${c.text}`);
      assert.equal(f.ecl, c.ecl);
      const got = encode(c.text, { ecl: c.ecl, minVersion: c.minVersion, mask: f.mask });
      assert.equal(got.size, c.size, `size of ${c.text}`);
      let diff = 0;
      for (let y = 0; y < c.size; y++) for (let x = 0; x < c.size; x++) if (got.modules[y][x] !== want[y][x]) diff++;
      assert.equal(diff, 0, `${diff} modules differ for ${JSON.stringify(c.text)} (v${got.version}-${c.ecl}, mask ${f.mask})`);
    }
  });

  it('has the structure of a QR code (finders, timing, format, version)', () => {
    for (let v = 1; v <= 10; v++) {
      for (const ecl of ['L', 'M']) {
        const text = 'x'.repeat(capacity(v, ecl));
        const q = encode(text, { ecl });
        assert.equal(q.version, v, `${capacity(v, ecl)} bytes fit version ${v}-${ecl} exactly`);
        assert.equal(q.size, 17 + 4 * v);
        const m = q.modules;
        const n = q.size;
        for (const [ox, oy] of [[0, 0], [n - 7, 0], [0, n - 7]]) {
          for (let dy = 0; dy < 7; dy++) {
            for (let dx = 0; dx < 7; dx++) {
              const ring = Math.max(Math.abs(dx - 3), Math.abs(dy - 3));
              assert.equal(m[oy + dy][ox + dx], ring !== 2, `finder at ${ox},${oy}`);
            }
          }
        }
        for (let i = 8; i < n - 8; i++) {
          assert.equal(m[6][i], i % 2 === 0, 'horizontal timing');
          assert.equal(m[i][6], i % 2 === 0, 'vertical timing');
        }
        assert.equal(m[n - 8][8], true, 'dark module');
        assert.deepEqual(readFormat(m), { ecl, mask: q.mask });
        if (v >= 7) {
          // 18 bits of version information, BCH(18,6), in both corners.
          let bits = 0;
          let bits2 = 0;
          for (let i = 17; i >= 0; i--) {
            bits = (bits << 1) | (m[Math.floor(i / 3)][n - 11 + (i % 3)] ? 1 : 0);
            bits2 = (bits2 << 1) | (m[n - 11 + (i % 3)][Math.floor(i / 3)] ? 1 : 0);
          }
          assert.equal(bits >>> 12, v);
          assert.equal(bits2, bits);
        }
      }
    }
    assert.throws(() => encode('x'.repeat(capacity(10, 'L') + 1)), /trop long/);
  });

  it('is read back by an independent decoder (zbarimg), every version, level and mask', { skip: !zbarimg && 'zbarimg (Debian zbar-tools) not installed' }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'jeu1000-qr-'));
    const file = join(dir, 'q.pgm');
    let n = 0;
    for (const ecl of ['L', 'M']) {
      for (let v = 1; v <= 10; v++) {
        const base = `http://127.0.0.1:8090/#/jeu?c=commune:93048&annee=2023&section=all&grille=six&reponse=${'0123456789ABCDEFGHJKMNPQRSTVWXYZ'.repeat(9)}`;
        const text = base.slice(0, capacity(v, ecl));
        for (const mask of v === 1 || v === 7 || v === 10 ? [0, 1, 2, 3, 4, 5, 6, 7] : [undefined]) {
          const q = encode(text, { ecl, minVersion: v, mask });
          writeFileSync(file, pgm(q));
          const out = execFileSync(zbarimg, ['-q', '--raw', '-Sbinary', file], { stdio: ['ignore', 'pipe', 'ignore'] }).toString();
          assert.equal(out.replace(/\n$/, ''), text, `v${v}-${ecl} mask ${mask}`);
          n++;
        }
      }
    }
    const utf = encode('Liberté, égalité — 1 000 €');
    writeFileSync(file, pgm(utf));
    assert.equal(execFileSync(zbarimg, ['-q', '--raw', '-Sbinary', file], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().replace(/\n$/, ''), 'Liberté, égalité — 1 000 €');
    assert.ok(n > 40);
  });
});

describe('game rules', () => {
  const setup = G.setupOf({ c: 'commune:93048', annee: '2023', section: 'all', grille: 'six' });

  it('answer codes: round trip, case and dashes, typos, another game', () => {
    const euros = [300, 50, 200, 150, 100, 200];
    const code = G.encodeAnswer(setup, euros, 517);
    assert.equal(code.length, 18);
    const d = G.decodeAnswer(G.formatCode(code).toLowerCase().replace(/0/g, 'o'), setup);
    assert.deepEqual(d.euros, euros);
    assert.equal(d.nonce, 517);
    // Every single-character typo is caught (CRC-10 over the whole code).
    const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
    for (let i = 0; i < code.length; i++) {
      for (const c of alphabet) {
        if (c === code[i]) continue;
        const bad = G.decodeAnswer(code.slice(0, i) + c + code.slice(i + 1), setup);
        assert.ok(bad.error, `typo at ${i} (${c}) not caught`);
      }
    }
    assert.match(G.decodeAnswer(code, { ...setup, year: 2022 }).error, /autre partie/);
    assert.match(G.decodeAnswer(code.slice(0, -1), setup).error, /incomplet/);
    assert.match(G.decodeAnswer(code + 'A', setup).error, /trop long/);
    assert.match(G.decodeAnswer('1234 !', setup).error, /caractères/);
    assert.throws(() => G.encodeAnswer(setup, [300, 50, 200, 150, 100, 199], 1), /1 000/);
    // Twelve policies (the common grid with « non ventilé »): still short.
    const common = { ...setup, grid: 'common', nv: true };
    const e12 = [100, 50, 150, 20, 80, 120, 60, 10, 150, 100, 10, 150];
    const c12 = G.encodeAnswer(common, e12, 1023);
    assert.equal(c12.length, 30);
    assert.deepEqual(G.decodeAnswer(c12, common).euros, e12);
  });

  it('the score is exact to the cent and 1,000 for a perfect guess', () => {
    const real = [27359, 3907, 16593, 13478, 9329, 29334];
    assert.equal(G.sum(real), 100000);
    assert.equal(G.scoreOf(real, real), 100000);
    const guess = [30000, 5000, 20000, 15000, 10000, 20000];
    // ½ Σ|g − r| = ½ (2641 + 1093 + 3407 + 1522 + 671 + 9334) = 9334
    assert.equal(G.scoreOf(guess, real), 100000 - 9334);
    assert.equal(G.scoreOf([100000, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 100000]), 0);
    assert.equal(G.largestGap(guess, real), 5);
  });

  it('codes of the 1,000 € game are those of before the variants', () => {
    // A code printed on a worksheet or kept by a teacher stays valid.
    assert.equal(G.encodeAnswer(setup, [300, 50, 200, 150, 100, 200], 517), '165PG59C1J684P34CA');
    assert.equal(G.setupString(setup), 'commune:93048|2023|all|six|0');
  });

  it('variants: set-up in the link, answer codes of each variant', () => {
    const hab = G.setupOf({ c: 'commune:93048', annee: '2023', variante: 'hab' });
    assert.deepEqual(G.setupParams(hab), { c: 'commune:93048', annee: '2023', section: 'all', grille: 'six', nv: '', variante: 'hab', autre: '' });
    const duel = G.setupOf({ c: 'commune:93048', annee: '2021', variante: 'duel', autre: 'departement:56' });
    assert.equal(duel.other, 'departement:56');
    assert.equal(G.setupOf({ c: 'commune:93048', variante: 'split', autre: 'departement:56' }).other, null);
    assert.equal(G.setupOf({ c: 'commune:93048', variante: 'nope' }).mode, 'split');
    assert.deepEqual(G.setupOf(G.setupParams(duel)), duel);

    // € per inhabitant: any total, 12 bits a value, up to 4,000 € per policy.
    const values = [612, 87, 371, 0, 4000, 308];
    const c = G.encodeAnswer(hab, values, 1023);
    assert.equal(c.length, 23);
    const d = G.decodeAnswer(c, hab);
    assert.deepEqual([d.mode, d.euros, d.nonce], ['hab', values, 1023]);
    assert.throws(() => G.encodeAnswer(hab, [4001, 1], 1), /4000/);
    assert.throws(() => G.encodeAnswer(hab, [1.5, 1], 1), /entiers/);
    for (let i = 0; i < c.length; i++) {
      const bad = G.decodeAnswer(c.slice(0, i) + (c[i] === 'Z' ? 'Y' : 'Z') + c.slice(i + 1), hab);
      assert.ok(bad.error, `typo at ${i} not caught`);
    }
    // A code of one variant is not one of another, even for the same town and year.
    assert.match(G.decodeAnswer(c, { ...hab, mode: 'split' }).error, /autre partie/);
    assert.match(G.decodeAnswer(G.encodeAnswer(setup, [300, 50, 200, 150, 100, 200], 1), { ...setup, mode: 'hab' }).error, /autre partie/);

    // The duel: the letter chosen, nine characters.
    for (const choice of [0, 1]) {
      const k = G.encodeAnswer(duel, [choice], 77);
      assert.equal(k.length, 9);
      assert.deepEqual(G.decodeAnswer(k, duel).euros, [choice]);
      assert.match(G.decodeAnswer(k, { ...duel, other: 'region:53' }).error, /autre partie/);
    }
    assert.throws(() => G.encodeAnswer(duel, [2], 1), /A ou B/);
    // Our letter is drawn from the set-up: the same for the whole class, A or B across set-ups.
    assert.equal(G.ourLetter(duel), G.ourLetter({ ...duel }));
    const letters = new Set(['region:53', 'region:11', 'departement:33', 'departement:35', 'commune:35238', 'commune:34172']
      .map((o) => G.ourLetter({ ...duel, other: o })));
    assert.deepEqual([...letters].sort(), ['A', 'B']);
  });

  it('the score of the € per inhabitant variant, whose totals differ', () => {
    // 1,000 × (1 − Σ|g − r| / (Σg + Σr)): Σ|g − r| = 10,000 + 5,000; Σg + Σr = 60,000 + 45,000.
    assert.equal(G.scoreOf([40000, 20000], [30000, 15000]), Math.round((100000 * (105000 - 15000)) / 105000));
    assert.equal(G.scoreOf([30000, 15000], [30000, 15000]), 100000);
    assert.equal(G.scoreOf([0, 50000], [30000, 0]), 0);
    // Equal totals of 1,000 €: the same as 1,000 − ½ Σ|g − r|.
    assert.equal(G.scoreOf([60000, 40000], [50000, 50000]), 100000 - 10000);
  });

  it('the two sides of a duel have the same policies, in grid order', () => {
    const r = (parts) => ({ grid: 'six', parts: parts.map(([code, euros]) => ({ code, euros })) });
    const a = r([['G0', '500.00'], ['G2', '500.00']]);
    const b = r([['G0', '400.00'], ['G4', '400.00'], ['NV', '200.00']]);
    const [pa, pb] = G.duelPolicies(a, b, { nv: false, grid: 'six' });
    assert.deepEqual(pa.map((p) => p.code), pb.map((p) => p.code));
    assert.deepEqual(pa.map((p) => p.code), ['G0', 'G1', 'G2', 'G3', 'G4', 'G5', 'NV']);
    assert.deepEqual(pa.map((p) => p.real), [50000, 0, 50000, 0, 0, 0, 0]);
    assert.deepEqual(pb.map((p) => p.real), [40000, 0, 0, 0, 40000, 0, 20000]);
    // Without a population, no € per inhabitant (null, never zero).
    assert.equal(pa[0].perInhabitant, null);
  });

  it('class statistics', () => {
    assert.deepEqual(G.stats([40000, 10000, 30000, 20000]), { n: 4, mean: 25000, min: 10000, q1: 17500, median: 25000, q3: 32500, max: 40000 });
    assert.equal(G.stats([]).mean, null);
  });
});
