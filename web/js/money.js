// Money as the Go core sends it: strings with two decimals ("1234.56").
// Never float arithmetic: amounts become integer cents, and back.

const NNBSP = '\u202f'; // narrow no-break space, the French thousands separator
const NBSP = '\u00a0';

/** "1234.56" → 123456 (integer cents); null when absent or malformed. */
export function cents(s) {
  if (s === undefined || s === null || s === '') return null;
  const m = /^([-+]?)(\d+)(?:\.(\d{1,2}))?$/.exec(String(s).trim());
  if (!m) return null;
  const c = Number(m[2]) * 100 + Number((m[3] || '0').padEnd(2, '0'));
  if (!Number.isSafeInteger(c)) return null;
  return m[1] === '-' ? -c : c;
}

/** 123456 → "1234.56" (the plain form the core reads). */
export function plain(c) {
  const neg = c < 0;
  const a = Math.abs(c);
  const e = Math.floor(a / 100);
  const r = String(a % 100).padStart(2, '0');
  return `${neg ? '-' : ''}${e}.${r}`;
}

function group(intStr) {
  return intStr.replace(/\B(?=(\d{3})+(?!\d))/g, NNBSP);
}

/**
 * Formats cents in French: 123456 → "1 234,56 €".
 * opts.sign: prefix "+" on positive values; opts.unit: suffix (default " €");
 * opts.decimals: false to drop the cents (rounded half up on the absolute value).
 */
export function fmtCents(c, opts = {}) {
  if (c === null || c === undefined) return '—';
  const unit = opts.unit ?? `${NBSP}€`;
  const neg = c < 0;
  let a = Math.abs(c);
  let str;
  if (opts.decimals === false) {
    str = group(String(Math.floor((a + 50) / 100)));
  } else {
    str = `${group(String(Math.floor(a / 100)))},${String(a % 100).padStart(2, '0')}`;
  }
  const sign = neg ? '−' : (opts.sign && c > 0 ? '+' : (opts.sign && c === 0 ? '±' : ''));
  return `${sign}${str}${unit}`;
}

/** Formats an amount string: "1234.56" → "1 234,56 €"; "—" when absent. */
export function fmt(s, opts) {
  return fmtCents(cents(s), opts);
}

/** Formats an integer (population): 112864 → "112 864". */
export function fmtInt(n) {
  if (n === null || n === undefined || !Number.isFinite(Number(n))) return '—';
  return group(String(Math.round(Number(n))));
}

/** "1234.56" → "1234,56" for French spreadsheets (no grouping, no unit). */
export function csvNumber(s) {
  return s === undefined || s === null ? '' : String(s).replace('.', ',');
}

/**
 * Parses what a French user types: "1 234,56", "1234.56", "1.234.567,8",
 * "-250", "12 000 €". Returns {cents} or {empty: true} or {error: "…"}.
 */
export function parseAmount(input) {
  let t = String(input ?? '').replace(/[\s\u00a0\u202f€]/g, '');
  if (t === '') return {empty: true};
  let neg = false;
  if (/^[-−]/.test(t)) { neg = true; t = t.slice(1); }
  else if (t.startsWith('+')) t = t.slice(1);
  const lastComma = t.lastIndexOf(',');
  const lastDot = t.lastIndexOf('.');
  if (lastComma >= 0 && lastDot >= 0) {
    // Both: the last one is the decimal separator, the other groups thousands.
    const dec = lastComma > lastDot ? ',' : '.';
    const thou = dec === ',' ? '.' : ',';
    t = t.split(thou).join('');
    if (t.split(dec).length > 2) return {error: 'Montant illisible : un seul séparateur décimal.'};
    t = t.replace(dec, '.');
  } else if (lastComma >= 0) {
    if (t.split(',').length > 2) return {error: 'Montant illisible : une seule virgule décimale.'};
    t = t.replace(',', '.');
  } else if (lastDot >= 0 && t.split('.').length > 2) {
    t = t.split('.').join(''); // "1.234.567": dots group thousands
  }
  const m = /^(\d+)(?:\.(\d*))?$/.exec(t);
  if (!m) return {error: 'Montant attendu, en chiffres (ex. 1 234,56).'};
  if (m[2] && m[2].length > 2) return {error: 'Deux décimales au plus (centimes).'};
  const c = Number(m[1]) * 100 + Number((m[2] || '').padEnd(2, '0') || '0');
  if (!Number.isSafeInteger(c)) return {error: 'Montant trop grand.'};
  return {cents: neg ? -c : c};
}

/** Parses a population: digits with optional spaces. Returns a number, null when empty, NaN when invalid. */
export function parsePopulation(input) {
  const t = String(input ?? '').replace(/[\s\u00a0\u202f]/g, '');
  if (t === '') return null;
  if (!/^\d+$/.test(t)) return NaN;
  return Number(t);
}

/**
 * Splits amountCents in proportion to weights (integers, e.g. the cents of
 * each part of 1,000 €) by the largest remainder method: every share is an
 * integer number of cents and they add up exactly to the amount. Ties go to
 * the larger weight, then to the first.
 */
export function largestRemainder(amountCents, weights) {
  const sum = (xs) => xs.reduce((a, b) => a + b, 0);
  const total = sum(weights);
  if (!total || amountCents <= 0) return weights.map(() => 0);
  // BigInt: amount × weight can pass 2^53 for large amounts.
  const A = BigInt(amountCents);
  const T = BigInt(total);
  const base = [];
  const rems = [];
  weights.forEach((w, i) => {
    const p = A * BigInt(Math.max(0, w));
    base.push(Number(p / T));
    rems.push({i, r: p % T, w});
  });
  let left = amountCents - sum(base);
  rems.sort((a, b) => (a.r === b.r ? (b.w - a.w) || (a.i - b.i) : (a.r > b.r ? -1 : 1)));
  for (let k = 0; left > 0; k = (k + 1) % rems.length, left--) base[rems[k].i]++;
  return base;
}
