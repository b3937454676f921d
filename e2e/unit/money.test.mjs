// Unit tests of web/js/money.js (node --test): amounts as integer cents, never floats.
import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {cents, csvNumber, fmt, fmtCents, fmtInt, largestRemainder, parseAmount, parsePopulation, plain} from '../../web/js/money.js';

const NN = '\u202f'; // thousands
const NB = '\u00a0'; // before €

describe('cents and plain', () => {
  for (const [s, want] of [
    ['1234.56', 123456], ['0.5', 50], ['-12.05', -1205], ['+3', 300], ['7', 700], [' 42.10 ', 4210],
    ['', null], [null, null], [undefined, null], ['1,5', null], ['1.234', null], ['abc', null], ['1e3', null],
    ['99999999999999999999', null],
  ]) {
    it(`cents(${JSON.stringify(s)}) = ${want}`, () => assert.equal(cents(s), want));
  }
  for (const c of [0, 1, 99, 100, 123456, -1205, -5, 90071992547409]) {
    it(`plain(${c}) reads back`, () => assert.equal(cents(plain(c)), c));
  }
  it('plain writes two decimals', () => {
    assert.equal(plain(-5), '-0.05');
    assert.equal(plain(123456), '1234.56');
  });
});

describe('French formatting', () => {
  for (const [c, opts, want] of [
    [123456, {}, `1${NN}234,56${NB}€`],
    [-123456, {}, `−1${NN}234,56${NB}€`],
    [0, {sign: true}, `±0,00${NB}€`],
    [2050, {sign: true}, `+20,50${NB}€`],
    [123456789, {unit: ''}, `1${NN}234${NN}567,89`],
    [150, {decimals: false}, `2${NB}€`],
    [149, {decimals: false}, `1${NB}€`],
    [null, {}, '—'],
  ]) {
    it(`fmtCents(${c}, ${JSON.stringify(opts)})`, () => assert.equal(fmtCents(c, opts), want));
  }
  it('fmt formats an amount string, « — » when absent', () => {
    assert.equal(fmt('1000.00'), `1${NN}000,00${NB}€`);
    assert.equal(fmt(undefined), '—');
    assert.equal(fmt('x'), '—');
  });
  it('fmtInt groups thousands, « — » when not a number', () => {
    assert.equal(fmtInt(112864), `112${NN}864`);
    assert.equal(fmtInt(null), '—');
    assert.equal(fmtInt('abc'), '—');
  });
  it('csvNumber writes a decimal comma', () => {
    assert.equal(csvNumber('1234.56'), '1234,56');
    assert.equal(csvNumber(null), '');
  });
});

describe('parseAmount', () => {
  for (const [input, want] of [
    ['1 234,56', {cents: 123456}], ['1234.56', {cents: 123456}], ['1.234.567,8', {cents: 123456780}],
    ['1,234,567.8', {cents: 123456780}], ['1.234.567', {cents: 123456700}], ['-250', {cents: -25000}],
    ['−250', {cents: -25000}], ['+3', {cents: 300}], ['12 000 €', {cents: 1200000}], [`1${NN}000`, {cents: 100000}],
    ['', {empty: true}], ['   ', {empty: true}], [null, {empty: true}],
  ]) {
    it(`reads ${JSON.stringify(input)}`, () => assert.deepEqual(parseAmount(input), want));
  }
  for (const input of ['12a', '1,2,3', '1,234.567,8', '1.005', '0,123', 'abc', '--5', '99999999999999999999']) {
    it(`refuses ${JSON.stringify(input)} with a French reason`, () => {
      const r = parseAmount(input);
      assert.ok(r.error, JSON.stringify(r));
      assert.match(r.error, /[A-Z].*\.$/);
    });
  }
});

describe('parsePopulation', () => {
  for (const [input, want] of [['12 345', 12345], ['0', 0], ['', null], [null, null], ['12,5', NaN], ['-3', NaN], ['abc', NaN]]) {
    it(`reads ${JSON.stringify(input)}`, () => assert.deepEqual(parsePopulation(input), want));
  }
});

describe('largestRemainder', () => {
  const cases = [
    { name: 'thirds: the first of equal weights gets the cent left', amount: 100000, weights: [1, 1, 1], want: [33334, 33333, 33333] },
    { name: 'ties go to the larger weight', amount: 10, weights: [1, 2, 1, 2], want: [2, 3, 2, 3] },
    { name: 'exact shares', amount: 123456, weights: [50, 50], want: [61728, 61728] },
    { name: 'a zero weight gets nothing', amount: 101, weights: [0, 3, 1], want: [0, 76, 25] },
    { name: 'no weight: nothing to split', amount: 500, weights: [0, 0], want: [0, 0] },
    { name: 'no amount', amount: 0, weights: [1, 2], want: [0, 0] },
    // amount × weight over 2^53: the BigInt path keeps every cent.
    { name: 'large amounts', amount: 9e15, weights: [3, 7, 11], want: [1285714285714286, 3000000000000000, 4714285714285714] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const got = largestRemainder(c.amount, c.weights);
      assert.deepEqual(got, c.want);
      if (c.weights.some((w) => w > 0) && c.amount > 0) assert.equal(got.reduce((a, b) => a + b, 0), c.amount);
    });
  }

  it('largest remainder: shares in cents that add up exactly', () => {
    const w = [27359, 3907, 16593, 13478, 9329, 13784, 15550];
    for (const amount of [1, 99, 100, 85000, 123456, 999999999, 123456789012]) {
      const parts = largestRemainder(amount, w);
      assert.equal(parts.reduce((a, b) => a + b, 0), amount, `sum for ${amount}`);
      parts.forEach((p, i) => {
        const exact = (amount * w[i]) / 100000;
        assert.ok(Math.abs(p - exact) < 1, `share ${i} of ${amount}: ${p} vs ${exact}`);
      });
    }
    assert.deepEqual(largestRemainder(0, w), w.map(() => 0));
  });
});
