// Unit tests of the game's rules without the DOM (web/js/gamecore.js,
// web/js/game/state.js), under Node's test runner: `make test-node`.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as G from '../../web/js/gamecore.js';
import * as S from '../../web/js/game/state.js';

const setup = G.setupOf({ c: 'commune:93048', annee: '2023', section: 'all', grille: 'six' });
const SIX = ['G0', 'G1', 'G2', 'G3', 'G4', 'G5'];
const policies = SIX.map((code, i) => ({ code, label: code, real: [32397, 4627, 19647, 15960, 11047, 16322][i], perInhabitant: null }));
const game = { setup, info: { name: 'Montreuil', kind: 'commune' }, policies };

/** The code with its character at i replaced by another of the alphabet. */
function typo(code, i) {
  return code.slice(0, i) + (code[i] === 'X' ? 'Y' : 'X') + code.slice(i + 1);
}

/** A fake Storage (localStorage's methods used). */
function memoryStorage(init = {}) {
  const m = new Map(Object.entries(init));
  return {
    getItem: (k) => (m.has(k) ? m.get(k) : null),
    setItem: (k, v) => { m.set(k, String(v)); },
    removeItem: (k) => { m.delete(k); },
    has: (k) => m.has(k),
  };
}

describe('answer codes typed or pasted (gamecore.splitCodes)', () => {
  const a = G.encodeAnswer(setup, [250, 50, 250, 150, 150, 150], 1);
  const b = G.encodeAnswer(setup, [300, 50, 200, 150, 150, 150], 2);
  const bad = G.formatCode(typo(a, 5));
  const cases = [
    { name: 'one per line', text: `${a}\n${b}`, want: [[a, a], [b, b]] },
    { name: 'a typo, then a valid code on the next line', text: `${bad}\n${G.formatCode(b)}`, want: [[bad, 'faute de frappe'], [G.formatCode(b), b]] },
    { name: 'groups typed with spaces', text: G.formatCode(a).replace(/-/g, ' '), want: [[G.formatCode(a).replace(/-/g, ' '), a]] },
    { name: 'a broken code then a whole one on one line', text: `${bad} ${b}`, want: [[bad, 'faute de frappe'], [b, b]] },
    { name: 'commas, semicolons, blank lines, CRLF', text: `${a},${b};\r\n\r\n  ${a.toLowerCase()}  `, want: [[a, a], [b, b], [a.toLowerCase(), a]] },
    { name: 'too short', text: 'ABCD', want: [['ABCD', 'Ce n\'est pas un code réponse']] },
    { name: 'nothing', text: '  \n ', want: [] },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      const got = G.splitCodes(tc.text, setup);
      assert.deepEqual(got.map((e) => e.text), tc.want.map((w) => w[0]));
      got.forEach((e, i) => {
        const [, want] = tc.want[i];
        if (/^[0-9A-Z]+$/.test(want)) assert.equal(e.answer.code, want, e.answer.error);
        else assert.match(e.answer.error, new RegExp(want));
      });
    });
  }
  it('a code of another game is named as such', () => {
    const other = G.encodeAnswer({ ...setup, year: 2022 }, [250, 50, 250, 150, 150, 150], 3);
    assert.match(G.splitCodes(other, setup)[0].answer.error, /autre partie/);
  });
});

describe('the class results (state.js)', () => {
  it('adds codes once, names the refused ones and keeps them to correct', () => {
    const store = S.readStore(memoryStorage());
    const a = G.encodeAnswer(setup, [250, 50, 250, 150, 150, 150], 1);
    const bad = typo(a, 7);
    let r = S.addCodes(store, game, `${bad}\n${a}`, '2026-12-07');
    assert.equal(r.added, 1);
    assert.deepEqual(r.refused, [bad]);
    assert.deepEqual(r.lines.map((l) => l.ok), [true, false, false]);
    assert.match(r.lines[1].text, new RegExp(`^${bad} : Ce code contient une faute de frappe`));
    r = S.addCodes(store, game, a, '2026-12-07');
    assert.equal(r.added, 0);
    assert.deepEqual(r.refused, []);
    assert.match(r.lines[0].text, /déjà dans la classe/);
    assert.deepEqual(S.codesOf(store, game), [a]);
    assert.equal(store.parties[S.partyKey(game)].name, 'Montreuil');
  });

  it('refuses a code of the same game with another number of policies', () => {
    const store = S.readStore(memoryStorage());
    const five = G.encodeAnswer(setup, [250, 250, 250, 150, 100], 1);
    const r = S.addCodes(store, game, five, '2026-12-07');
    assert.equal(r.added, 0);
    assert.match(r.lines[0].text, /ne correspond pas à cette partie/);
  });

  it('reads, writes, and removes the key when empty', () => {
    const storage = memoryStorage({ [S.STORE_KEY]: '{not json' });
    const store = S.readStore(storage);
    assert.deepEqual(store, { version: 1, parties: {} });
    const a = G.encodeAnswer(setup, [250, 50, 250, 150, 150, 150], 1);
    S.addCodes(store, game, a, '2026-12-07');
    S.writeStore(storage, store);
    assert.deepEqual(S.codesOf(S.readStore(storage), game), [a]);
    S.removeCode(store, game, a);
    assert.deepEqual(store.parties, {});
    S.writeStore(storage, store);
    assert.equal(storage.has(S.STORE_KEY), false);
  });

  it('summarises the class: means, spread and scores in cents', () => {
    const answers = [[300, 50, 200, 150, 100, 200], [250, 50, 250, 150, 150, 150]].map((e, i) => G.decodeAnswer(G.encodeAnswer(setup, e, i), setup));
    const { per, scores } = S.classSummary(game, answers);
    assert.deepEqual(per.map((r) => r.st.mean), [27500, 5000, 22500, 15000, 12500, 17500]);
    assert.deepEqual(per.map((r) => r.real), policies.map((p) => p.real));
    assert.equal(scores.n, 2);
    assert.equal(scores.max, G.scoreOf([30000, 5000, 20000, 15000, 10000, 20000], per.map((r) => r.real)));
    assert.equal(S.answersText(1), '1 réponse');
    assert.equal(S.answersText(2), '2 réponses');
  });

  it('counts a duel\'s letters', () => {
    const duel = { ...game, setup: { ...setup, mode: 'duel', other: 'departement:56' }, other: { info: { name: 'Morbihan' }, policies } };
    const answers = [0, 1, 1].map((v, i) => G.decodeAnswer(G.encodeAnswer(duel.setup, [v], i), duel.setup));
    const k = S.duelCounts(duel, answers);
    assert.deepEqual([k.A, k.B, k.n], [1, 2, 3]);
    assert.equal(k.right, k[G.ourLetter(duel.setup)]);
    const [first] = S.duelSides(duel);
    assert.equal(first.letter, 'A');
    assert.equal(first.info.name, k.ours === 'A' ? 'Montreuil' : 'Morbihan');
  });
});

describe('a pupil\'s guess (state.js)', () => {
  const cases = [
    { mode: 'split', guess: [0, 0, 0, 0, 0, 0], status: /^Reste à placer : 1\u202f000\u00a0€$/, refusal: /Il reste 1\u202f000\u00a0€ à placer/, done: false },
    { mode: 'split', guess: [300, 50, 200, 150, 100, 190], status: /Reste à placer : 10\u00a0€/, refusal: /Il reste 10\u00a0€/, done: false },
    { mode: 'split', guess: [300, 50, 200, 150, 100, 210], status: /Trop placé : 10\u00a0€/, refusal: /10\u00a0€ de trop/, done: false },
    { mode: 'split', guess: [300, 50, 200, 150, 100, 200], status: /sont placés/, refusal: /^$/, done: true },
    { mode: 'hab', guess: [0, 0], status: /Total de ton estimation : 0\u00a0€ par habitant/, refusal: /au moins un montant/, done: false },
    { mode: 'hab', guess: [120, 3000], status: /3\u202f120\u00a0€ par habitant/, refusal: /^$/, done: true },
  ];
  for (const tc of cases) {
    it(`${tc.mode} ${tc.guess.join('+')}`, () => {
      assert.match(S.statusText(tc.mode, tc.guess), tc.status);
      assert.match(S.revealRefusal(tc.mode, tc.guess), tc.refusal);
      assert.equal(S.guessDone(tc.mode, tc.guess), tc.done);
    });
  }
  it('reads typed amounts', () => {
    for (const [text, max, want] of [
      ['250', 1000, { value: 250 }], [' 1 000 € ', 1000, { value: 1000 }], ['', 1000, { value: 0, empty: true }],
      ['12,5', 1000, { error: 'Un nombre entier d\'euros, de 0 à 1\u202f000.' }], ['1001', 1000, { error: 'Un nombre entier d\'euros, de 0 à 1\u202f000.' }],
      ['4000', 4000, { value: 4000 }], ['-3', 4000, { error: 'Un nombre entier d\'euros, de 0 à 4\u202f000.' }],
    ]) assert.deepEqual(S.parseAmount(text, max), want, text);
  });
  it('reveals: score, largest gap', () => {
    const r = S.revealOf(game, [300, 50, 200, 150, 100, 200]);
    assert.deepEqual(r.guessC, [30000, 5000, 20000, 15000, 10000, 20000]);
    assert.equal(r.score, 100000 - (2397 + 373 + 353 + 960 + 1047 + 3678) / 2);
    assert.equal(r.gi, 5);
  });
});

describe('years, links and words (state.js)', () => {
  const y = (year, detail = 'detailed') => ({ year, detail });
  it('years with figures, latest first', () => {
    assert.deepEqual(S.yearsOf({ years: [y(2021), y(2023), y(2022)] }).map((x) => x.year), [2023, 2022, 2021]);
    assert.deepEqual(S.yearsOf({}), []);
  });
  it('the parents of an authority, once each, never itself', () => {
    const info = { key: 'departement:56', epci: null, departementRef: { key: 'departement:56', name: 'Morbihan' }, regionRef: { key: 'region:53', name: 'Bretagne' } };
    assert.deepEqual(S.parentsOf(info), [{ key: 'region:53', name: 'Bretagne' }]);
    const village = { key: 'commune:56263', epci: { key: 'epci:200043123', name: 'CC AQTA' }, departementRef: { key: 'departement:56', name: 'Morbihan' }, regionRef: { key: 'region:53' } };
    assert.deepEqual(S.parentsOf(village).map((p) => p.key), ['epci:200043123', 'departement:56', 'region:53']);
  });
  it('links of the game\'s pages', () => {
    assert.equal(S.hashOf('', setup), '#/jeu?c=commune:93048&annee=2023&section=all&grille=six');
    assert.equal(S.hashOf('classe', setup, { ajout: 'ABC' }), '#/jeu/classe?c=commune:93048&annee=2023&section=all&grille=six&ajout=ABC');
    assert.equal(S.detailsHash({ ...setup, section: 'F', grid: 'common', nv: true }, 'commune:93048', 2023), '#/collectivite/commune:93048?annee=2023&section=F&grille=common');
    assert.equal(S.detailsHash(setup, 'commune:93048', 2023), '#/collectivite/commune:93048?annee=2023&grille=six&regles=ventile');
    const duel = { ...setup, mode: 'duel', other: 'commune:56263' };
    assert.deepEqual(S.setupWith(duel, 'other', 'departement:56'), { ...duel, year: null, other: 'departement:56' });
    assert.deepEqual(S.setupWith(duel, 'key', 'commune:56263'), { ...duel, year: null, key: 'commune:56263', other: null });
  });
  it('where pupils open the game', () => {
    const here = { here: 'http://127.0.0.1:8080/', host: '127.0.0.1', pathname: '/' };
    assert.deepEqual(S.classBase({ here: 'https://x.org/jeu/', host: 'x.org', pathname: '/jeu/' }), { base: 'https://x.org/jeu/', local: false, lan: [] });
    assert.deepEqual(S.classBase(here, null), { base: 'http://127.0.0.1:8080/', local: true, lan: [] });
    assert.deepEqual(S.classBase(here, ['http://192.0.2.10:8080/', 'javascript:x', 7]), { base: 'http://192.0.2.10:8080/', local: true, lan: ['http://192.0.2.10:8080/'] });
    for (const [host, want] of [['localhost', true], ['a.localhost', true], ['127.0.0.2', true], ['[::1]', true], ['192.168.1.10', false], ['example.org', false]]) {
      assert.equal(S.loopbackHost(host), want, host);
    }
  });
  it('words', () => {
    assert.equal(S.kindWord({ kind: 'departement' }), 'le département');
    assert.equal(S.kindWord({}), 'la collectivité');
    assert.equal(S.chosenText({ name: 'Montreuil', kindLabel: 'Commune', population: 112027 }), 'Montreuil · Commune · 112\u202f027 habitants');
    assert.equal(S.chosenText({ name: 'Bretagne' }), 'Bretagne');
  });
});
