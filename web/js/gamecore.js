// The rules of « le jeu des 1 000 € », without the DOM (tested under Node):
// the game's set-up and its URL form, the policies to share, the score, the
// answer codes that carry a pupil's guess to the teacher without a server,
// the class statistics, and the largest-remainder split of an amount.
//
// Money is integer cents; guesses are whole euros (0..1000 in the 1,000 €
// game, 0..MAX_PER_INHABITANT in the € per inhabitant variant).
//
// Three variants (mode): 'split' shares 1,000 €; 'hab' guesses the euros
// spent per inhabitant on each policy (no fixed total); 'duel' shows the
// 1,000 € of two authorities unnamed and asks which one is ours.

export const TOTAL_EUROS = 1000;
export const TOTAL_CENTS = 100000;

/**
 * The areas of the two comparison grids, in display order (the core's
 * internal/nomen/grid.tsv), with a few words for pupils. NV is the part
 * « Dette, reversements et non ventilé ».
 */
export const GRIDS = {
  six: [
    {code: 'G0', label: 'Services généraux', hint: 'accueil, état civil, élections, gestion du personnel et des bâtiments, informatique'},
    {code: 'G1', label: 'Sécurité', hint: 'police municipale, pompiers, prévention des risques'},
    {code: 'G2', label: 'Enseignement', hint: 'écoles, collèges, lycées : bâtiments, cantines, agents, transport scolaire'},
    {code: 'G3', label: 'Culture, sport, jeunesse', hint: 'bibliothèques, musées, conservatoires, piscines, stades, centres de loisirs'},
    {code: 'G4', label: 'Social, santé, famille', hint: 'aides aux personnes âgées, handicapées ou en difficulté, crèches, protection de l\'enfance'},
    {code: 'G5', label: 'Aménagement, environnement, transports, économie', hint: 'routes, bus et trains, espaces verts, propreté, logement, aides aux entreprises'},
    {code: 'NV', label: 'Dette, reversements et non ventilé', hint: 'intérêts des emprunts, impôts reversés à d\'autres collectivités'},
  ],
  common: [
    {code: 'ADM', label: 'Administration générale', hint: 'accueil, état civil, élections, gestion du personnel et des bâtiments, informatique'},
    {code: 'SEC', label: 'Sécurité', hint: 'police municipale, pompiers, prévention des risques'},
    {code: 'ENS', label: 'Enseignement et formation', hint: 'écoles, collèges, lycées, apprentissage : bâtiments, cantines, agents'},
    {code: 'CUL', label: 'Culture', hint: 'bibliothèques, musées, conservatoires, spectacles, patrimoine'},
    {code: 'SPO', label: 'Sport et jeunesse', hint: 'piscines, gymnases, stades, centres de loisirs, clubs'},
    {code: 'SOC', label: 'Social et santé', hint: 'aides aux personnes âgées, handicapées ou en difficulté (RSA), santé'},
    {code: 'FAM', label: 'Famille et petite enfance', hint: 'crèches, protection maternelle et infantile, aide sociale à l\'enfance'},
    {code: 'LOG', label: 'Logement', hint: 'aides au logement social, à la rénovation'},
    {code: 'AME', label: 'Aménagement et environnement', hint: 'urbanisme, espaces verts, propreté, déchets, eau, éclairage'},
    {code: 'TRA', label: 'Transports et voirie', hint: 'routes, rues, bus, trains régionaux, transport scolaire'},
    {code: 'ECO', label: 'Action économique', hint: 'aides aux entreprises, commerce, tourisme, agriculture'},
    {code: 'NV', label: 'Dette, reversements et non ventilé', hint: 'intérêts des emprunts, impôts reversés à d\'autres collectivités'},
  ],
};

export const SECTIONS = {all: 'fonctionnement + investissement', F: 'fonctionnement', I: 'investissement'};

/** The variants of the game, by their URL value (« variante »). */
export const MODES = {
  split: 'Répartir 1 000 €',
  hab: 'Deviner en € par habitant',
  duel: 'Laquelle est la nôtre ?',
};

/** The largest guess in € per inhabitant for one policy (12 bits in the answer code). */
export const MAX_PER_INHABITANT = 4000;

const KEY_RE = /^[a-z]+:[\w-]+$/i;

/**
 * The set-up of a game from URL parameters, or null when incomplete:
 * c (authority key), annee, section (all|F|I), grille (six|common), nv (1:
 * the « Dette, reversements et non ventilé » part is one of the policies),
 * variante (hab|duel; the 1,000 € split when absent) and, for the duel,
 * autre (the other authority's key; null until chosen).
 */
export function setupOf(params) {
  const key = String(params.c || '');
  if (!KEY_RE.test(key)) return null;
  const year = Number(params.annee);
  const mode = params.variante in MODES ? params.variante : 'split';
  const other = String(params.autre || '');
  return {
    key,
    year: Number.isInteger(year) && year > 1900 && year < 3000 ? year : null,
    section: ['F', 'I'].includes(params.section) ? params.section : 'all',
    grid: params.grille === 'common' ? 'common' : 'six',
    nv: params.nv === '1',
    mode,
    other: mode === 'duel' && KEY_RE.test(other) ? other : null,
  };
}

/** URL parameters of a set-up (in a fixed order, for stable links). */
export function setupParams(setup) {
  const mode = setup.mode && setup.mode !== 'split' ? setup.mode : '';
  return {c: setup.key, annee: setup.year ? String(setup.year) : '', section: setup.section, grille: setup.grid, nv: setup.nv ? '1' : '',
    variante: mode, autre: mode === 'duel' && setup.other ? setup.other : ''};
}

/** The request sent to the core's splitRecord for a set-up. */
export function requestOf(setup) {
  return {section: setup.section, grid: setup.grid, top: 5, ventilatedOnly: !setup.nv};
}

/**
 * The policies of a game: the grid's areas (labels of the core when it
 * gives them), each with its real share in cents of the 1,000 €. Areas the
 * authority spends nothing on are kept (real 0: a fair question). NV is left
 * out unless the set-up asks for it or the report still has some of it.
 */
export function policiesOf(report, setup, keep = new Set()) {
  const grid = report.grid === 'common' || report.grid === 'six' ? report.grid : setup.grid;
  const areas = GRIDS[grid] || GRIDS.six;
  const byCode = new Map((report.parts || []).map((p) => [p.code, p]));
  const policy = (code, label, hint, p) => ({code, label, hint, real: p ? (centsOf(p.euros) ?? 0) : 0,
    perInhabitant: p ? centsOf(p.per_inhabitant) : (report.population ? 0 : null), part: p || null});
  const out = [];
  for (const a of areas) {
    const p = byCode.get(a.code);
    if (a.code === 'NV' && !setup.nv && !(p && centsOf(p.euros)) && !keep.has(a.code)) continue;
    out.push(policy(a.code, a.label, a.hint, p));
  }
  // Parts of a grid this file does not know (a newer core): kept, never lost.
  for (const p of report.parts || []) {
    if (!areas.some((a) => a.code === p.code)) out.push(policy(p.code, p.label || p.code, '', p));
  }
  return out;
}

/**
 * The real values a game compares guesses with, in cents per policy: the
 * share of the 1,000 €, or the euros per inhabitant in the « hab » variant.
 */
export function realValues(setup, policies) {
  return policies.map((p) => (setup.mode === 'hab' ? p.perInhabitant : p.real));
}

/**
 * The policies of the two authorities of a duel, on the same rows: each
 * side keeps a policy the other one has.
 */
export function duelPolicies(reportA, reportB, setup) {
  const codes = new Set([...policiesOf(reportA, setup), ...policiesOf(reportB, setup)].map((p) => p.code));
  return [policiesOf(reportA, setup, codes), policiesOf(reportB, setup, codes)];
}

/** Cents of a decimal string ("123.45"); null when there is none. */
function centsOf(s) {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(String(s ?? '').trim());
  if (!m) return null;
  const c = Number(m[2]) * 100 + Number((m[3] || '0').padEnd(2, '0'));
  return m[1] ? -c : c;
}

/** Sum of a list of integers. */
export const sum = (xs) => xs.reduce((a, b) => a + b, 0);

/**
 * The score in hundredths of a point, out of 1,000 points:
 * 1,000 × (1 − Σ |guess − real| / (Σ guess + Σ real)).
 * When both add up to 1,000 € this is 1,000 − ½ Σ |guess − real| in euros,
 * exact to the cent (Σ |guess − real| is then even). It also scores the
 * € per inhabitant variant, whose totals differ: 1,000 for a perfect
 * estimate, 0 when nothing overlaps.
 */
export function scoreOf(guessCents, realCents) {
  let dist = 0;
  let total = 0;
  for (let i = 0; i < guessCents.length; i++) {
    dist += Math.abs(guessCents[i] - (realCents[i] || 0));
    total += guessCents[i] + (realCents[i] || 0);
  }
  if (!total) return TOTAL_CENTS;
  return Math.max(0, Math.round((TOTAL_CENTS * (total - dist)) / total));
}

/** The index of the largest gap |guess − real| (the first one on ties). */
export function largestGap(guessCents, realCents) {
  let best = 0;
  let bestGap = -1;
  for (let i = 0; i < guessCents.length; i++) {
    const g = Math.abs(guessCents[i] - realCents[i]);
    if (g > bestGap) { best = i; bestGap = g; }
  }
  return best;
}

// --- Answer codes ---
//
// A pupil's answer travels as a short code typed or scanned by the teacher:
// Crockford base32 (no I, L, O, U; case and dashes ignored) of the bits
//   version (5) · number of values n (5) · set-up tag (10) · nonce (10) ·
//   the values · zero padding to a multiple of 5 · CRC-10 of all that (10).
// The version says the variant and how the values are written:
//   1  the 1,000 € split: n − 1 guesses of 10 bits (the last is 1,000 € minus the others);
//   2  € per inhabitant: n guesses of 12 bits (0..MAX_PER_INHABITANT);
//   3  the duel: n = 1, the letter chosen (A = 0, B = 1) in 5 bits.
// The tag is a hash of the set-up: a code of another game is recognised.
// The nonce tells two pupils with the same guess apart (a code scanned twice
// is the same answer). No name, nothing personal.

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** The layout of the values in a code, by version. */
const LAYOUTS = {
  1: {mode: 'split', bits: 10, stored: (n) => n - 1},
  2: {mode: 'hab', bits: 12, stored: (n) => n},
  3: {mode: 'duel', bits: 5, stored: (n) => n},
};
const VERSION_OF = {split: 1, hab: 2, duel: 3};

/** The canonical text of a set-up (a 1,000 € split keeps the form it had before the variants). */
export function setupString(setup) {
  const base = `${setup.key}|${setup.year || ''}|${setup.section}|${setup.grid}|${setup.nv ? 1 : 0}`;
  const mode = setup.mode || 'split';
  return mode === 'split' ? base : `${base}|${mode}|${setup.other || ''}`;
}

/** A 10-bit hash of a set-up (FNV-1a, folded). */
export function setupTag(setup) {
  let h = 0x811c9dc5;
  for (const b of new TextEncoder().encode(setupString(setup))) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return (h ^ (h >>> 10) ^ (h >>> 20) ^ (h >>> 30)) & 0x3ff;
}

/**
 * The letter of our authority in a duel: the same for the whole class
 * (drawn from the set-up), so that the teacher can ask « who chose A? ».
 */
export function ourLetter(setup) {
  return setupTag(setup) & 1 ? 'B' : 'A';
}

function crc10(bits) {
  // CRC-10 (x^10 + x^9 + x^5 + x^4 + x + 1), initial value all ones.
  let c = 0x3ff;
  for (const b of bits) {
    const top = (c >>> 9) & 1;
    c = ((c << 1) & 0x3ff);
    if (top ^ b) c ^= 0x233;
  }
  return c;
}

function pushBits(bits, value, len) {
  for (let i = len - 1; i >= 0; i--) bits.push((value >>> i) & 1);
}

/** Checks the values of an answer for a variant; returns a French message or ''. */
function invalidValues(mode, values) {
  const whole = (max) => values.every((e) => Number.isInteger(e) && e >= 0 && e <= max);
  switch (mode) {
  case 'hab':
    return values.length >= 2 && values.length <= 31 && whole(MAX_PER_INHABITANT) ? ''
      : `des euros par habitant entiers, de 0 à ${MAX_PER_INHABITANT} par politique`;
  case 'duel':
    return values.length === 1 && whole(1) ? '' : 'le choix doit être A ou B';
  default:
    if (values.length < 2 || values.length > 31) return 'nombre de politiques invalide';
    return sum(values) === TOTAL_EUROS && whole(TOTAL_EUROS) ? '' : 'la répartition doit faire 1 000 € en euros entiers';
  }
}

/**
 * The answer code of a guess, for the set-up's variant: whole euros per
 * policy adding up to 1,000 (split), whole euros per inhabitant per policy
 * (hab), or [0] for A and [1] for B (duel). Returns the code without
 * separators (see formatCode).
 */
export function encodeAnswer(setup, values, nonce) {
  const version = VERSION_OF[setup.mode || 'split'];
  const layout = LAYOUTS[version];
  const bad = invalidValues(layout.mode, values);
  if (bad) throw new Error(bad);
  const n = values.length;
  const bits = [];
  pushBits(bits, version, 5);
  pushBits(bits, n, 5);
  pushBits(bits, setupTag(setup), 10);
  pushBits(bits, nonce & 0x3ff, 10);
  for (let i = 0; i < layout.stored(n); i++) pushBits(bits, values[i], layout.bits);
  while (bits.length % 5) bits.push(0);
  pushBits(bits, crc10(bits), 10);
  let out = '';
  for (let i = 0; i < bits.length; i += 5) {
    let v = 0;
    for (let j = 0; j < 5; j++) v = (v << 1) | bits[i + j];
    out += ALPHABET[v];
  }
  return out;
}

/** Normalises what was typed: case, separators, O→0, I/L→1. Null when a character is not of the alphabet. */
export function normalizeCode(text) {
  const t = String(text || '').toUpperCase().replace(/[\s\-–—.·_]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (!t || [...t].some((c) => !ALPHABET.includes(c))) return null;
  return t;
}

/** "1AB2CD3EF…" → "1AB2-CD3E-F…" (groups of four, for reading aloud). */
export function formatCode(code) {
  return String(code).replace(/(.{4})(?=.)/g, '$1-');
}

/**
 * Reads an answer code. Returns {code, mode, n, tag, nonce, euros} or
 * {error} with a French message; euros are the values of the variant (whole
 * euros per policy, per inhabitant, or the duel's choice). With setup, also
 * checks that the code is of this game.
 */
export function decodeAnswer(text, setup = null) {
  const code = normalizeCode(text);
  if (!code) return {error: 'Ce code contient des caractères qui n\'existent pas dans les codes réponses.'};
  const bits = [];
  for (const c of code) pushBits(bits, ALPHABET.indexOf(c), 5);
  if (bits.length < 20) return {error: 'Ce code est trop court.'};
  const read = (at, len) => {
    let v = 0;
    for (let i = 0; i < len; i++) v = (v << 1) | bits[at + i];
    return v;
  };
  const layout = LAYOUTS[read(0, 5)];
  if (!layout) return {error: 'Ce n\'est pas un code réponse de ce jeu : un code réponse commence par 1, 2 ou 3.'};
  const n = read(5, 5);
  const stored = layout.stored(n);
  const payload = 30 + layout.bits * stored;
  const padded = Math.ceil(payload / 5) * 5;
  if (n < 1 || stored < 1 || bits.length !== padded + 10) {
    return {error: bits.length < padded + 10 ? 'Ce code est incomplet : il manque des caractères.' : 'Ce code est trop long : un caractère en trop ?'};
  }
  if (crc10(bits.slice(0, padded)) !== read(padded, 10)) {
    return {error: 'Ce code contient une faute de frappe (vérifiez chaque caractère).'};
  }
  const tag = read(10, 10);
  if (setup && (tag !== setupTag(setup) || layout.mode !== (setup.mode || 'split'))) {
    return {error: 'Ce code est celui d\'une autre partie (autre collectivité, année, grille ou variante).'};
  }
  const euros = [];
  for (let i = 0; i < stored; i++) euros.push(read(30 + layout.bits * i, layout.bits));
  if (layout.mode === 'split') euros.push(TOTAL_EUROS - sum(euros));
  if (invalidValues(layout.mode, euros)) {
    return {error: layout.mode === 'split' ? 'Ce code ne fait pas 1 000 € : il a été mal recopié.' : 'Ce code a été mal recopié.'};
  }
  return {code, mode: layout.mode, n, tag, nonce: read(20, 10), euros};
}

/**
 * The answer codes in what a teacher typed or pasted: each line is its own
 * code (commas and semicolons separate codes too), so that a mistyped code
 * never swallows the next one; a code typed with spaces between its groups
 * is put together again, and on one line a whole code after a broken one
 * stands alone. Returns [{text, answer}] in order: text as typed (groups
 * joined by a space), answer what decodeAnswer(text, setup) gives.
 */
export function splitCodes(text, setup = null) {
  const whole = (t) => !decodeAnswer(t).error;
  const out = [];
  const emit = (tokens) => {
    const t = tokens.join(' ');
    out.push({text: t, answer: decodeAnswer(tokens.join(''), setup)});
  };
  for (const line of String(text ?? '').split(/[\r\n,;]+/)) {
    let cur = [];
    for (const t of line.split(/\s+/).filter(Boolean)) {
      if (cur.length && whole(t) && !whole(cur.join('') + t)) {
        emit(cur);
        cur = [];
      }
      cur.push(t);
      if (whole(cur.join(''))) {
        emit(cur);
        cur = [];
      }
    }
    if (cur.length) emit(cur);
  }
  return out;
}

// --- Class statistics ---

/** Quantile of sorted integers (linear interpolation, rounded to the cent). */
function quantile(sorted, q) {
  if (!sorted.length) return null;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return Math.round(sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo));
}

/** {n, mean, min, q1, median, q3, max} of integer values (cents); null fields when empty. */
export function stats(values) {
  const s = [...values].sort((a, b) => a - b);
  const n = s.length;
  if (!n) return {n: 0, mean: null, min: null, q1: null, median: null, q3: null, max: null};
  return {n, mean: Math.round(sum(s) / n), min: s[0], q1: quantile(s, 0.25), median: quantile(s, 0.5), q3: quantile(s, 0.75), max: s[n - 1]};
}

// --- « Mes impôts locaux » ---

// --- Words ---

/** The six group an area of the common grid belongs to (for explanations). */
const SIX_OF = {ADM: 'G0', SEC: 'G1', ENS: 'G2', CUL: 'G3', SPO: 'G3', SOC: 'G4', FAM: 'G4', LOG: 'G5', AME: 'G5', TRA: 'G5', ECO: 'G5'};

const WHY = {
  G0: {
    all: 'Cette part paie ce qui fait tourner toute la collectivité : les agents de l\'accueil, de l\'état civil et des élections, la gestion du personnel et des bâtiments, l\'informatique, les assurances. Ces dépenses servent à toutes les autres politiques.',
  },
  G1: {
    all: 'La police nationale et la gendarmerie sont payées par l\'État. Les collectivités paient la police municipale et une partie des pompiers.',
    departement: 'Le département finance les pompiers (le SDIS) ; la police nationale et la gendarmerie sont payées par l\'État.',
  },
  G2: {
    all: 'Les professeurs sont payés par l\'État. Les collectivités paient les bâtiments, leur entretien, les cantines et une partie du personnel : les écoles pour la commune, les collèges pour le département, les lycées pour la région.',
    commune: 'Les professeurs sont payés par l\'État. La commune paie les écoles maternelles et élémentaires : bâtiments, entretien, cantine, agents des écoles, activités du périscolaire.',
    epci: 'Les écoles restent en général aux communes : pour une intercommunalité, cette part est souvent petite.',
    departement: 'Les professeurs sont payés par l\'État. Le département paie les collèges : bâtiments, entretien, restauration et agents.',
    region: 'Les professeurs sont payés par l\'État. La région paie les lycées (bâtiments, agents) et la formation professionnelle et l\'apprentissage.',
  },
  G3: {
    all: 'Médiathèques, conservatoires, musées, piscines, gymnases, stades, centres de loisirs : ces équipements coûtent cher à construire et à faire fonctionner, surtout pour les communes.',
  },
  G4: {
    all: 'Les grandes aides sociales (RSA, aide aux personnes âgées et handicapées, protection de l\'enfance) sont payées par les départements. Les communes financent surtout l\'action sociale de proximité et les crèches.',
    departement: 'La solidarité est le premier métier du département : RSA, aide aux personnes âgées (APA) et handicapées, protection de l\'enfance. C\'est souvent plus de la moitié de ses dépenses.',
    commune: 'Les grandes aides sociales (RSA, personnes âgées et handicapées) sont payées par le département. La commune finance l\'action sociale de proximité (CCAS), les crèches et la petite enfance.',
  },
  G5: {
    all: 'Routes, éclairage, espaces verts, propreté, urbanisme, transports : beaucoup de travaux, dont le montant change beaucoup d\'une année à l\'autre.',
    epci: 'Les intercommunalités gèrent souvent les déchets, l\'eau, les transports, l\'aménagement et l\'économie : c\'est souvent leur plus grosse part.',
    region: 'La région paie les trains régionaux (TER) et les cars, et aide les entreprises : c\'est l\'une de ses plus grosses dépenses.',
  },
  NV: {
    all: 'Cette part regroupe les intérêts des emprunts, les impôts reversés à d\'autres collectivités et des dépenses qui ne servent pas une seule politique. Elle dépend surtout de la dette et de la situation de chaque collectivité.',
  },
};

const WHY_COMMON = {
  LOG: 'Le logement est surtout financé par l\'État et les bailleurs sociaux : les collectivités versent surtout des aides.',
  ECO: 'Aider les entreprises est surtout le rôle de la région et de l\'intercommunalité ; pour une commune, cette part est souvent petite.',
  TRA: {
    all: 'Routes, rues, bus et trains : des travaux et des contrats de transport dont le montant change d\'une année à l\'autre.',
    region: 'La région paie les trains régionaux (TER) et les cars : c\'est l\'une de ses plus grosses dépenses.',
  },
  FAM: 'Crèches et petite enfance pour les communes ; protection maternelle et infantile et aide sociale à l\'enfance pour les départements.',
};

/**
 * One short, neutral explanation for a gap: what the policy pays for and
 * who pays what. kind: commune | epci | departement | region.
 */
export function explanation(code, kind) {
  const common = WHY_COMMON[code];
  if (common) return typeof common === 'string' ? common : (common[kind] || common.all);
  const w = WHY[code] || WHY[SIX_OF[code]];
  if (!w) return '';
  return w[kind] || w.all;
}
