// « Le jeu » : the classroom game. Four pages under #/jeu:
//   #/jeu                      the teacher's set-up (nothing chosen yet)
//   #/jeu/preparer?c=…         the set-up, with the link and QR code for pupils
//   #/jeu?c=…&annee=…          a pupil plays; &reponse=CODE shows the reveal
//   #/jeu/classe?c=…           the class results (codes pasted, typed or scanned)
//   #/jeu/fiche?c=…            a printable worksheet and its answer key
// Set-up parameters: c, annee, section (all|F|I), grille (six|common), nv=1.
// Nothing leaves the page: pupils' answers travel as codes; the class
// results are kept in the teacher's localStorage only (« jeu1000:classe:v1 »).

import {$, h, s, replace, debounce} from './dom.js';
import {fmtCents, fmtInt} from './money.js';
import {call, loadAuthority, loadIndex, prepareSearchWhenIdle} from './engine.js';
import {combobox} from './combobox.js';
import {provenanceText, DOCUMENTS} from './splitview.js';
import * as qr from './qr.js';
import * as G from './gamecore.js';

const STORE_KEY = 'jeu1000:classe:v1';
/** What an answer code of each variant looks like, for the class view's placeholder. */
const CODE_EXAMPLES = {split: 'ex. 165P-G59C-1J68-4P34-CA', hab: 'ex. 26AZ-Q13X-02G4-P0Z8-4P4P-0C1', duel: 'ex. 31Z4-CD1G-X'};
const KIND_WORDS = {commune: 'la commune', epci: 'l\'intercommunalité', departement: 'le département', region: 'la région'};

// --- Data ---

const infoCache = new Map();
/**
 * The authority's facts, once the shards of some years are loaded (see
 * loadAuthority: 'latest', 'all', a year), which gives those years' detail.
 */
function authorityInfo(key, which = 'latest') {
  const k = `${key}|${which}`;
  if (!infoCache.has(k)) {
    const p = loadAuthority(key, which);
    p.catch(() => infoCache.delete(k));
    infoCache.set(k, p);
  }
  return infoCache.get(k);
}

/** Years with figures, latest first. */
function yearsOf(info) {
  return Array.isArray(info.years) ? [...info.years].sort((a, b) => b.year - a.year) : [];
}

/** The year used when none is chosen: the latest detailed one if the latest is aggregated and just after. */
function defaultYear(years) {
  if (!years.length) return null;
  const detailed = years.find((y) => y.detail !== 'aggregated');
  return detailed && years[0].detail === 'aggregated' && years[0].year - detailed.year <= 1 ? detailed.year : years[0].year;
}

/** The year of an authority's figures for a game: the asked one when there are figures for it, else the default one. */
function pickYear(years, asked) {
  return years.find((x) => x.year === asked) || years.find((x) => x.year === defaultYear(years));
}

/**
 * A game that cannot be played with an authority's figures: the message
 * (French), the authority (info) and its role in the set-up (key: the
 * game's authority, other: the duel's second one).
 */
class NoGame extends Error {
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
    throw new NoGame(`Pas de répartition par politique pour ${info.name} dans les données intégrées : le jeu n'est pas possible avec cette collectivité.`, info, role);
  }
  return {info, years};
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
    throw new NoGame(`${info.name} ne présente pas ses dépenses par politique (collectivité de moins de 3 500 habitants) : le jeu n'est pas possible avec ces comptes.`, info, role);
  }
  return report;
}

/** The authorities an authority belongs to (intercommunalité, département, région): [{key, name}]. */
function parentsOf(info) {
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

const waysCache = new Map();
/**
 * The ways on from an authority without a game: those it belongs to whose
 * figures make a game (checked: figures of its default year, split by
 * policy), in order, never one that would end on an empty page again.
 * Resolves to [{key, name, kindLabel}].
 */
function waysOn(info) {
  if (!waysCache.has(info.key)) {
    const check = async (ref) => {
      try {
        const {info: pi, years} = await figuresOf(ref.key, 'latest');
        await reportOf(ref.key, pickYear(years, null).year, {section: 'all', grid: 'six', nv: false}, pi);
        return {key: ref.key, name: pi.name, kindLabel: pi.kindLabel || ''};
      } catch {
        return null;
      }
    };
    waysCache.set(info.key, Promise.all(parentsOf(info).map(check)).then((ws) => ws.filter(Boolean)));
  }
  return waysCache.get(info.key);
}

/**
 * Loads what a game needs: {info, setup (effective: year, section and grid
 * as the figures allow), report, policies, aggregated, years} and, in a
 * duel, other: {info, report, policies, year}. Rejects with a French message.
 */
async function loadGame(asked) {
  // A duel pairs the closest years of the same detail: it needs every
  // year's detail, hence every year's shard; a game of one authority, the
  // asked year's (or the latest's).
  const duel = asked.mode === 'duel';
  const ours = await figuresOf(asked.key, duel ? 'all' : Number(asked.year) || 'latest');
  let y = pickYear(ours.years, asked.year);
  let other = null;
  let oy = null;
  if (asked.mode === 'duel') {
    if (!asked.other) throw new Error('Choisissez la deuxième collectivité du duel.');
    if (asked.other === asked.key) throw new Error('Choisissez deux collectivités différentes.');
    other = await figuresOf(asked.other, 'all', 'other');
    [y, oy] = G.pairYears(ours.years, other.years, asked.year);
  }
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

/** "Montreuil · Commune · 112 027 habitants" */
function chosenText(info) {
  return [info.name, info.kindLabel, info.population ? `${fmtInt(info.population)} habitants` : ''].filter(Boolean).join(' · ');
}

function docOf(report) {
  const d = DOCUMENTS[report.document] || report.document || 'comptes';
  return `${d} ${report.year}`;
}

function kindWord(info) {
  return KIND_WORDS[info.kind] || 'la collectivité';
}

/** "Montreuil (commune) — compte administratif 2023 — fonctionnement + investissement" */
function gameSubtitle(g) {
  const who = (info) => `${info.name}${info.kindLabel ? ` (${info.kindLabel.toLowerCase()})` : ''}`;
  const what = `dépenses de ${G.SECTIONS[g.setup.section]}`;
  if (g.other) {
    const docs = g.other.year === g.setup.year ? docOf(g.report) : `${docOf(g.report)} et ${docOf(g.other.report)}`;
    return `${who(g.info)} ou ${who(g.other.info)} ? — ${docs} — ${what}`;
  }
  return `${who(g.info)} — ${docOf(g.report)} — ${what}${g.setup.mode === 'hab' ? ', en € par habitant' : ''}`;
}

/** This page's address with a hash (a pupil's page: where the pupil is). */
function absolute(hash) {
  return `${location.origin}${location.pathname}${hash}`;
}

/** Whether the page's host is one that only this computer reaches. */
function loopbackHost(host) {
  return host === 'localhost' || host.endsWith('.localhost') || /^127\./.test(host) || host === '[::1]';
}

let classPromise = null;
/**
 * Where pupils open the game: {base, local, lan}. base is this page's
 * address, unless the page was opened at 127.0.0.1 or localhost (local:
 * true), which pupils' devices cannot reach: then the first address of the
 * classroom network that `jeu1000 serve` gives (lan.json; lan lists them
 * all; none on another server or when it listens on this computer only).
 */
function classAddress() {
  if (!classPromise) {
    const here = `${location.origin}${location.pathname}`;
    classPromise = !loopbackHost(location.hostname)
      ? Promise.resolve({base: here, local: false, lan: []})
      : fetch('lan.json', {cache: 'no-store'})
        .then((r) => (r.ok ? r.json() : {}), () => ({}))
        .catch(() => ({}))
        .then((j) => {
          const lan = (Array.isArray(j.links) ? j.links : []).filter((u) => typeof u === 'string' && /^https?:\/\/[^/]/.test(u));
          return {base: lan.length ? new URL(location.pathname.replace(/^\//, ''), lan[0]).href : here, local: true, lan};
        });
  }
  return classPromise;
}

/** The warning under a link built on 127.0.0.1 / localhost, or null. */
function localWarning(where) {
  if (!where.local) return null;
  const host = location.host;
  if (!where.lan.length) {
    return h('div', {class: 'notice notice-warn', role: 'note', 'data-testid': 'game-local-warning'},
      h('p', null, h('strong', null, `Attention : l'adresse ${host} ne fonctionne que sur cet ordinateur. `),
        'Les tablettes et les téléphones des élèves ne pourront pas ouvrir ce lien ni ce QR code.'),
      h('p', null, 'Pour jouer en classe, lancez l\'application avec ', h('code', null, 'jeu1000 serve -addr 0.0.0.0:8080'),
        ' et ouvrez l\'adresse du réseau qu\'elle affiche (par exemple http://192.168.1.10:8080/), ou utilisez le site publié en ligne.'));
  }
  const others = where.lan.slice(1);
  return h('div', {class: 'notice notice-info', role: 'note', 'data-testid': 'game-local-warning'},
    h('p', null, h('strong', null, `L'adresse ${host} ne fonctionne que sur cet ordinateur. `),
      'Le lien et le QR code ci-dessous donnent aux élèves l\'adresse de cet ordinateur sur le réseau de la classe : ',
      h('a', {href: where.base, 'data-testid': 'game-lan-link'}, where.lan[0]), '.'),
    others.length ? h('p', {class: 'hint'}, `Autres adresses de cet ordinateur : ${others.join(', ')}.`) : null);
}

function hashOf(sub, setup, extra = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries({...G.setupParams(setup), ...extra})) if (v) q.set(k, v);
  return `#/jeu${sub ? `/${sub}` : ''}?${q.toString().replace(/%3A/gi, ':')}`;
}

function qrFigure(text, {caption, testid, title}) {
  let svg;
  try {
    svg = qr.toSVG(qr.encode(text), {title: title || 'QR code', className: 'qr'});
  } catch (e) {
    return h('p', {class: 'hint'}, e.message);
  }
  return h('figure', {class: 'qr-figure', 'data-testid': testid, 'data-text': text}, svg, caption ? h('figcaption', {class: 'hint'}, caption) : null);
}

async function copyText(text, statusEl) {
  try {
    await navigator.clipboard.writeText(text);
    statusEl.textContent = 'Copié.';
  } catch {
    statusEl.textContent = 'La copie automatique n\'est pas permise ici : sélectionnez le texte et copiez-le.';
  }
}

/** Aggregated figures (OFGL) group policies their own way: the source's note says how. */
function aggregatedNote(g) {
  const note = g.report.detail === 'aggregated' && g.report.provenance && g.report.provenance.note;
  return note ? h('p', {class: 'notice notice-info', 'data-testid': 'game-aggregated-note'}, h('strong', null, 'Chiffres agrégés. '), note) : null;
}

function errorBox(message, testid = 'game-error') {
  return h('div', {class: 'notice notice-warn', role: 'alert', 'data-testid': testid}, h('p', null, message),
    h('p', null, h('a', {href: '#/jeu'}, 'Préparer une autre partie')));
}

// --- Class results in the teacher's browser ---

function readStore() {
  try {
    const v = JSON.parse(localStorage.getItem(STORE_KEY) || 'null');
    if (v && v.version === 1 && v.parties && typeof v.parties === 'object') return v;
  } catch { /* unreadable: start again */ }
  return {version: 1, parties: {}};
}

function writeStore(store) {
  if (!Object.keys(store.parties).length) {
    localStorage.removeItem(STORE_KEY);
    return;
  }
  localStorage.setItem(STORE_KEY, JSON.stringify(store));
}

// --- Charts (SVG, drawn at the container's width) ---

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", Arial, sans-serif';
const COL = {guess: '#b45309', real: '#1e4fa0', text: '#1b1b1f', light: '#4a4d55', track: '#e6e8ee', box: '#c9d6f0', mean: '#1b1b1f'};
let chartId = 0;

let measureCtx = null;
function textWidth(text, font) {
  if (!measureCtx) measureCtx = document.createElement('canvas').getContext('2d');
  measureCtx.font = font;
  return measureCtx.measureText(text).width;
}

/** Words of text cut into lines of at most maxW pixels in font; the last line ends with « … » when cut. */
function wrapText(text, maxW, font, maxLines = 2) {
  const words = String(text).split(/\s+/);
  const lines = [];
  let cur = '';
  for (const w of words) {
    const next = cur ? `${cur} ${w}` : w;
    if (!cur || textWidth(next, font) <= maxW) cur = next;
    else { lines.push(cur); cur = w; }
  }
  if (cur) lines.push(cur);
  if (lines.length > maxLines) {
    const kept = lines.slice(0, maxLines);
    let last = `${kept[maxLines - 1]} ${lines.slice(maxLines).join(' ')}`;
    while (last.length > 1 && textWidth(`${last}…`, font) > maxW) last = last.slice(0, -1);
    kept[maxLines - 1] = `${last.trimEnd()}…`;
    return kept;
  }
  return lines;
}

/** The series of the reveal: the estimate (hatched) and the reality (solid); unit is « » or « /hab. ». */
function guessSeries(unit = '') {
  return [
    {key: 'guess', hatch: true, fmt: (v) => `estimation ${fmtCents(v, {decimals: false})}${unit}`},
    {key: 'real', fmt: (v) => `réalité ${fmtCents(v)}${unit}`},
  ];
}

/**
 * One bar per series and policy (the first series may be hatched, the
 * others are solid), with its value written after it.
 * rows: [{code, label, <series key>: cents}]; series: [{key, fmt, hatch}];
 * scaleMax: the value of a full bar, to draw charts side by side at one scale.
 */
function barsChart(rows, width, fontSize, series, scaleMax = 0) {
  const W = Math.max(280, Math.floor(width));
  const fs = Math.round(Math.max(13, Math.min(26, fontSize * 0.92)));
  const wide = W >= 640;
  const labelW = wide ? Math.floor(W * 0.34) : W;
  const barX = wide ? labelW + 12 : 0;
  // Room for the longest value written after its bar.
  let valueW = 0;
  for (const r of [...rows, ...(scaleMax ? [Object.fromEntries(series.map((se) => [se.key, scaleMax]))] : [])]) {
    for (const se of series) valueW = Math.max(valueW, textWidth(se.fmt(r[se.key]), `600 ${fs - 2}px ${FONT}`));
  }
  const barMax = Math.max(60, W - barX - Math.ceil(valueW) - 12);
  const barH = Math.round(fs * 1.05);
  const bandH = series.length * barH + (series.length - 1) * 3;
  const id = `pc${++chartId}`;
  let max = Math.max(1, scaleMax);
  for (const r of rows) for (const se of series) max = Math.max(max, r[se.key]);
  const x = (v) => (v > 0 ? Math.max(1.5, (v / max) * barMax) : 0);
  const labelFont = `${wide ? 400 : 600} ${fs}px ${FONT}`;
  let y = 4;
  const groups = [];
  for (const r of rows) {
    const lines = wrapText(r.label, labelW - 4, labelFont, 2);
    const g = s('g', {class: 'pair-row', dataset: {code: r.code}});
    const top = y;
    if (wide) {
      lines.forEach((l, k) => g.append(s('text', {x: labelW, y: top + fs + k * (fs + 3), 'text-anchor': 'end', fill: COL.text, text: l})));
    } else {
      lines.forEach((l, k) => g.append(s('text', {x: 0, y: top + fs + k * (fs + 3), fill: COL.text, 'font-weight': 600, text: l})));
      y += lines.length * (fs + 3) + 4;
    }
    const by = wide ? top : y;
    series.forEach((se, k) => {
      const v = r[se.key];
      const sy = by + k * (barH + 3);
      g.append(se.hatch
        ? s('rect', {x: barX, y: sy, width: x(v), height: barH, fill: `url(#${id}-hatch)`, stroke: COL.guess, 'stroke-width': v ? 1.2 : 0, class: `bar-${se.key}`})
        : s('rect', {x: barX, y: sy, width: x(v), height: barH, fill: COL.real, class: `bar-${se.key}`}));
      g.append(s('text', {x: barX + x(v) + 6, y: sy + barH - 3, fill: COL.text, 'font-size': fs - 2, 'font-weight': se.hatch ? 400 : 600, text: se.fmt(v)}));
    });
    const rowH = wide ? Math.max(bandH, lines.length * (fs + 3)) : bandH;
    y = (wide ? top : y) + rowH + 14;
    groups.push(g);
  }
  const H = y;
  const svg = s('svg', {xmlns: 'http://www.w3.org/2000/svg', viewBox: `0 0 ${W} ${H}`, width: W, height: H,
    'font-family': FONT, 'font-size': fs, class: 'pair-chart', 'aria-hidden': 'true', focusable: 'false'},
  s('defs', null, s('pattern', {id: `${id}-hatch`, patternUnits: 'userSpaceOnUse', width: 6, height: 6, patternTransform: 'rotate(45)'},
    s('rect', {width: 6, height: 6, fill: '#fde9d2'}), s('rect', {width: 2.5, height: 6, fill: COL.guess}))));
  svg.append(...groups);
  return svg;
}

/**
 * The class at a glance: per policy, the spread of the answers (min–max
 * line, quartile box), their mean (black tick) and the reality (blue diamond).
 * rows: [{code, label, real, st: stats()}] in cents.
 */
function classChart(rows, width, fontSize = 16, unit = '') {
  const W = Math.max(280, Math.floor(width));
  const fs = Math.round(Math.max(12, Math.min(24, fontSize * 0.85)));
  const pad = 12; // room for the diamond at both ends
  const track = W - 2 * pad;
  let max = 1;
  for (const r of rows) max = Math.max(max, r.real, r.st.max ?? 0);
  // A scale of round steps (100 €, 200 €, 500 €…): at most 10 (5 when narrow).
  const step = [10000, 20000, 50000, 100000, 200000, 500000].find((st) => max / st <= (W < 480 ? 5 : 10)) || 1000000;
  max = Math.ceil(max / step) * step;
  const x = (v) => pad + (v / max) * track;
  let y = 4;
  const svg = s('svg', {xmlns: 'http://www.w3.org/2000/svg', width: W, 'font-family': FONT, 'font-size': fs, class: 'class-chart', 'aria-hidden': 'true', focusable: 'false'});
  const grid = s('g', {class: 'class-grid'});
  svg.append(grid);
  for (const r of rows) {
    const g = s('g', {class: 'class-row', dataset: {code: r.code}});
    const lines = wrapText(r.label, W - 2 * pad, `600 ${fs}px ${FONT}`, 2);
    lines.forEach((l, k) => g.append(s('text', {x: pad, y: y + fs + k * (fs + 2), fill: COL.text, 'font-weight': 600, text: l})));
    y += lines.length * (fs + 2) + 6;
    const cy = y + Math.round(fs * 0.7);
    g.append(s('line', {x1: x(0), x2: x(max), y1: cy, y2: cy, stroke: COL.track, 'stroke-width': 6, 'stroke-linecap': 'round'}));
    if (r.st.n) {
      g.append(s('line', {x1: x(r.st.min), x2: x(r.st.max), y1: cy, y2: cy, stroke: '#7d8597', 'stroke-width': 2}));
      g.append(s('rect', {x: x(r.st.q1), y: cy - 8, width: Math.max(2, x(r.st.q3) - x(r.st.q1)), height: 16, fill: COL.box, stroke: '#7d8597'}));
      g.append(s('line', {x1: x(r.st.mean), x2: x(r.st.mean), y1: cy - 11, y2: cy + 11, stroke: COL.mean, 'stroke-width': 3, class: 'class-mean'}));
    }
    const rx = x(r.real);
    g.append(s('path', {d: `M${rx} ${cy - 9} L${rx + 7} ${cy} L${rx} ${cy + 9} L${rx - 7} ${cy} Z`, fill: COL.real, stroke: '#fff', 'stroke-width': 1.5, class: 'class-real'}));
    const txt = r.st.n ? `moyenne ${fmtCents(r.st.mean, {decimals: false})}${unit} · réalité ${fmtCents(r.real, {decimals: false})}${unit}` : `réalité ${fmtCents(r.real, {decimals: false})}${unit}`;
    g.append(s('text', {x: pad, y: cy + Math.round(fs * 2), fill: COL.light, 'font-size': fs - 1, text: txt}));
    y = cy + Math.round(fs * 2.8);
    svg.append(g);
  }
  // The scale, behind the rows.
  for (let v = 0; v <= max; v += step) {
    grid.append(s('line', {x1: x(v), x2: x(v), y1: 4, y2: y - 4, stroke: '#eceef3', 'stroke-width': 1}));
    grid.append(s('text', {x: x(v), y: y + 10, 'text-anchor': v === 0 ? 'start' : (v === max ? 'end' : 'middle'), fill: COL.light, 'font-size': fs - 2, text: fmtCents(v, {decimals: false})}));
  }
  y += 16;
  svg.setAttribute('height', y);
  svg.setAttribute('viewBox', `0 0 ${W} ${y}`);
  return svg;
}

/** Draws chart(width, fontSize) into box now and again when the box's width or font size changes. */
function mountChart(box, draw) {
  let lastW = 0;
  let lastF = 0;
  const paint = () => {
    const w = box.clientWidth;
    const f = parseFloat(getComputedStyle(box).fontSize) || 16;
    if (!w || (Math.abs(w - lastW) < 2 && f === lastF)) return;
    lastW = w;
    lastF = f;
    box.replaceChildren(draw(w, f));
  };
  const ro = new ResizeObserver(() => requestAnimationFrame(paint));
  ro.observe(box);
  // Projector mode changes the font size, not always the width.
  const onFont = () => requestAnimationFrame(paint);
  window.addEventListener(FONT_EVENT, onFont);
  paint();
  return {disconnect: () => { ro.disconnect(); window.removeEventListener(FONT_EVENT, onFont); }};
}

const FONT_EVENT = 'jeu1000:font-size';

function setProjector(on) {
  document.body.classList.toggle('projector', on);
  window.dispatchEvent(new Event(FONT_EVENT));
}

/**
 * The two sides of a duel in the order shown, A then B: {letter, info,
 * policies}; our authority's letter is drawn from the set-up.
 */
function duelSides(g) {
  const ours = {info: g.info, policies: g.policies};
  const other = {info: g.other.info, policies: g.other.policies};
  return G.ourLetter(g.setup) === 'A'
    ? [{letter: 'A', ...ours}, {letter: 'B', ...other}]
    : [{letter: 'A', ...other}, {letter: 'B', ...ours}];
}

/** The link to all the figures of an authority, with the game's choices. */
function detailsHash(setup, key, year) {
  return `#/collectivite/${key}?annee=${year}${setup.section === 'all' ? '' : `&section=${setup.section}`}&grille=${setup.grid}${setup.nv ? '' : '&regles=ventile'}`;
}

/** The number of values in an answer code of this game. */
function answerLength(g) {
  return g.setup.mode === 'duel' ? 1 : g.policies.length;
}

/** The class view of a duel: how many found which letter is ours, and the two splits. */
function duelResults(g, answers) {
  const ours = G.ourLetter(g.setup);
  const [a, b] = duelSides(g);
  const count = (letter) => answers.filter((d) => (d.euros[0] === 0 ? 'A' : 'B') === letter).length;
  const right = count(ours);
  const n = answers.length;
  const pct = (k) => `${Math.round((100 * k) / n)} %`;
  return [
    h('h2', {'data-testid': 'game-class-count'}, `${n} réponse${n > 1 ? 's' : ''}`),
    h('p', {class: 'game-class-scores', 'data-testid': 'game-class-scores'},
      `${right} élève${right > 1 ? 's' : ''} sur ${n} (${pct(right)}) ${right > 1 ? 'ont' : 'a'} reconnu ${g.info.name} : c'était la ${ours}.`),
    h('div', {class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Choix de la classe'},
      h('table', {class: 'split-table game-table', 'data-testid': 'game-class-table'},
        h('caption', null, 'Les choix de la classe'),
        h('thead', null, h('tr', null, h('th', {scope: 'col'}, 'Répartition'), h('th', {scope: 'col'}, 'C\'était'), h('th', {scope: 'col', class: 'num'}, 'Élèves qui l\'ont choisie'))),
        h('tbody', null, [a, b].map((side) => h('tr', {'data-testid': `game-class-row-${side.letter}`, class: side.letter === ours ? 'is-selected' : ''},
          h('th', {scope: 'row'}, side.letter),
          h('td', null, side.info.name),
          h('td', {class: 'num'}, `${count(side.letter)} (${pct(count(side.letter))})`)))))),
    h('div', {class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Les deux répartitions'},
      h('table', {class: 'split-table game-table', 'data-testid': 'game-class-splits'},
        h('caption', null, 'Les deux répartitions, pour 1 000 €'),
        h('thead', null, h('tr', null, h('th', {scope: 'col'}, 'Politique'),
          ...[a, b].map((side) => h('th', {scope: 'col', class: 'num'}, `${side.letter} : ${side.info.name}`)))),
        h('tbody', null, g.policies.map((p, i) => h('tr', null, h('th', {scope: 'row', class: 'policy'}, p.label),
          ...[a, b].map((side) => h('td', {class: 'num'}, fmtCents(side.policies[i].real)))))))),
  ];
}

const blank = (label = 'à remplir') => h('span', {class: 'sheet-box', 'aria-label': label});

/** The worksheet and its answer key: the 1,000 € split or the € per inhabitant guess. */
function guessSheet(g, link) {
  const kind = kindWord(g.info);
  const hab = g.setup.mode === 'hab';
  const realC = G.realValues(g.setup, g.policies);
  const u = hab ? ' €/hab.' : ' €';
  return [
    h('section', {class: 'sheet-page', 'data-testid': 'game-sheet-pupil', 'aria-labelledby': 'sheet-pupil-title'},
      h('h2', {id: 'sheet-pupil-title'}, 'Le jeu des 1 000 € — fiche élève'),
      h('p', {class: 'sheet-sub'}, gameSubtitle(g)),
      h('p', null, hab
        ? `Chaque année, combien ${kind} dépense-t-elle par habitant pour chaque politique ? Écris ton estimation en euros par habitant (pas de total imposé).`
        : `Sur 1 000 € dépensés par ${kind}, combien vont à chaque politique ? Écris ton estimation en euros : le total doit faire exactement 1 000 €.`),
      h('table', {class: 'sheet-table'},
        h('thead', null, h('tr', null, h('th', {scope: 'col'}, 'Politique'), h('th', {scope: 'col', class: 'num'}, hab ? 'Mon estimation (par habitant)' : 'Mon estimation'),
          h('th', {scope: 'col', class: 'num'}, 'La réalité', h('span', {class: 'th-sub'}, 'après la correction')),
          h('th', {scope: 'col', class: 'num'}, 'Écart', h('span', {class: 'th-sub'}, 'sans le signe')))),
        h('tbody', null, g.policies.map((p) => h('tr', null,
          h('th', {scope: 'row'}, p.label, p.hint ? h('span', {class: 'hint'}, p.hint) : null),
          h('td', {class: 'num sheet-blank'}, blank(), u),
          h('td', {class: 'num sheet-blank'}, blank(), u),
          h('td', {class: 'num sheet-blank'}, blank(), u)))),
        h('tfoot', null, h('tr', null, h('th', {scope: 'row'}, 'Total'),
          hab ? h('td', {class: 'num sheet-blank'}, blank(), u) : h('td', {class: 'num'}, '1 000 €'),
          hab ? h('td', {class: 'num sheet-blank'}, blank(), u) : h('td', {class: 'num'}, '1 000 €'),
          h('td', {class: 'num sheet-blank'}, blank('somme des écarts, à remplir'), u)))),
      h('p', {class: 'sheet-score'}, hab ? 'Mon score = 1 000 × (1 − somme des écarts ÷ (mon total + le total réel)) = ' : 'Mon score = 1 000 − (somme des écarts ÷ 2) = ', blank()),
      h('div', {class: 'sheet-qr'},
        qrFigure(link, {caption: 'Pour jouer sur une tablette : scanne ce QR code.', testid: 'game-sheet-qr', title: 'QR code du lien de la partie'}))),
    h('section', {class: 'sheet-page sheet-key', 'data-testid': 'game-sheet-key', 'aria-labelledby': 'sheet-key-title'},
      h('h2', {id: 'sheet-key-title'}, 'Corrigé'),
      h('p', {class: 'sheet-sub'}, gameSubtitle(g)),
      h('table', {class: 'sheet-table'},
        h('thead', null, h('tr', null, h('th', {scope: 'col'}, 'Politique'), h('th', {scope: 'col', class: 'num'}, hab ? `La réalité, par habitant (${fmtInt(g.report.population)} habitants)` : 'La réalité, pour 1 000 €'))),
        h('tbody', null, g.policies.map((p, i) => h('tr', {'data-testid': `game-key-row-${p.code}`},
          h('th', {scope: 'row'}, p.label), h('td', {class: 'num'}, fmtCents(realC[i]))))),
        h('tfoot', null, h('tr', null, h('th', {scope: 'row'}, 'Total'), h('td', {class: 'num'}, fmtCents(G.sum(realC)))))),
      h('p', null, h('strong', null, 'Score : '), hab
        ? '1 000 × (1 − somme des écarts ÷ (total de l\'estimation + total réel)), les écarts en euros par habitant, sans signe. 1 000 = estimation parfaite.'
        : '1 000 moins la moitié de la somme des écarts (en euros, sans signe) entre l\'estimation et la réalité. 1 000 = estimation parfaite.'),
      neutralNote(),
      h('ul', {class: 'sheet-why'}, g.policies.slice().sort((a, b) => b.real - a.real).slice(0, 3).map((p) => h('li', null, h('strong', null, `${p.label} : `), G.explanation(p.code, g.info.kind)))),
      aggregatedNote(g),
      h('p', {class: 'provenance'}, provenanceText(g.report))),
  ];
}

function neutralNote() {
  return h('p', null, h('strong', null, 'À savoir : '), 'le jeu note une estimation, pas le budget : il n\'y a pas de bonne ou de mauvaise façon de dépenser. Les écarts sont une occasion de parler de qui fait quoi (commune, intercommunalité, département, région, État).');
}

/** The worksheet of a duel (the two splits, unnamed) and its answer key. */
function duelSheet(g, link) {
  const sides = duelSides(g);
  const ours = G.ourLetter(g.setup);
  const table = (named) => h('table', {class: 'sheet-table'},
    h('thead', null, h('tr', null, h('th', {scope: 'col'}, 'Politique'),
      ...sides.map((side) => h('th', {scope: 'col', class: 'num'}, named ? `${side.letter} : ${side.info.name}` : `Répartition ${side.letter}`)))),
    h('tbody', null, g.policies.map((p, i) => h('tr', named ? {'data-testid': `game-key-row-${p.code}`} : null,
      h('th', {scope: 'row'}, p.label),
      ...sides.map((side) => h('td', {class: 'num'}, fmtCents(side.policies[i].real)))))),
    h('tfoot', null, h('tr', null, h('th', {scope: 'row'}, 'Total'),
      ...sides.map((side) => h('td', {class: 'num'}, fmtCents(G.sum(side.policies.map((p) => p.real))))))));
  return [
    h('section', {class: 'sheet-page', 'data-testid': 'game-sheet-pupil', 'aria-labelledby': 'sheet-pupil-title'},
      h('h2', {id: 'sheet-pupil-title'}, 'Le jeu des 1 000 € — fiche élève'),
      h('p', {class: 'sheet-sub'}, gameSubtitle(g)),
      h('p', null, `Voici comment deux collectivités répartissent 1 000 € de dépenses : l'une est ${g.info.name}, l'autre ${g.other.info.name}. Laquelle est celle de ${g.info.name} ?`),
      table(false),
      h('p', {class: 'sheet-score'}, `${g.info.name}, c'est la répartition : `, blank('A ou B, à remplir'), ' Pourquoi ? ', blank('à remplir')),
      h('div', {class: 'sheet-qr'},
        qrFigure(link, {caption: 'Pour jouer sur une tablette : scanne ce QR code.', testid: 'game-sheet-qr', title: 'QR code du lien de la partie'}))),
    h('section', {class: 'sheet-page sheet-key', 'data-testid': 'game-sheet-key', 'aria-labelledby': 'sheet-key-title'},
      h('h2', {id: 'sheet-key-title'}, 'Corrigé'),
      h('p', {class: 'sheet-sub'}, gameSubtitle(g)),
      h('p', {'data-testid': 'game-key-answer'}, h('strong', null, `${g.info.name}, c'était la ${ours}.`)),
      table(true),
      neutralNote(),
      aggregatedNote(g),
      h('p', {class: 'provenance'}, provenanceText(g.report)),
      h('p', {class: 'provenance'}, provenanceText(g.other.report))),
  ];
}

/** What the set-up page says the pupils will do. */
function previewOf(g) {
  const list = h('ul', {class: 'game-preview-list'}, g.policies.map((p) => h('li', null, p.label)));
  switch (g.setup.mode) {
  case 'hab':
    return [h('p', null, `Les élèves devineront combien ${g.info.name} dépense par habitant et par an pour chacune de ces ${g.policies.length} politiques :`), list];
  case 'duel':
    return [h('p', null, `Les élèves verront deux répartitions de 1 000 €, A et B, sans leur nom : celle de ${g.info.name} et celle de ${g.other.info.name}. `,
      `Ils devineront laquelle est celle de ${g.info.name} (${g.setup.year === g.other.year ? `comptes ${g.setup.year}` : `comptes ${g.setup.year} et ${g.other.year}`}), sur ${g.policies.length} politiques :`), list];
  default:
    return [h('p', null, `Les élèves répartiront 1 000 € entre ${g.policies.length} politiques :`), list];
  }
}

// --- The view ---

export function initGame({navigate}) {
  const root = $('game-root');
  const title = $('game-title');
  let page = null; // {kind, update(state), destroy()}
  let projector = false;

  const projectorButton = () => h('button', {type: 'button', class: 'btn btn-secondary game-projector-toggle', 'aria-pressed': projector ? 'true' : 'false',
    'data-testid': 'game-projector', onclick: (e) => {
      projector = !projector;
      setProjector(projector);
      e.currentTarget.setAttribute('aria-pressed', projector ? 'true' : 'false');
    }}, 'Mode projecteur');

  function kindOf(state) {
    if (state.sub === 'classe') return 'class';
    if (state.sub === 'fiche') return 'sheet';
    if (state.sub === 'preparer' || !G.setupOf(state.params)) return 'setup';
    return 'pupil';
  }

  const brand = document.getElementById('brand-link');
  const brandHref = brand ? brand.getAttribute('href') : null;
  /**
   * A pupil guessing sees no way to the figures (the site's tabs, the home
   * link): only the game, until the reveal.
   */
  function setPupilMode(on) {
    document.body.classList.toggle('game-pupil-mode', on);
    if (brand && brandHref) {
      if (on) brand.removeAttribute('href');
      else brand.setAttribute('href', brandHref);
    }
  }

  function show(state, info = {}) {
    const kind = kindOf(state);
    setPupilMode(kind === 'pupil' && !state.params.reponse);
    if (!page || page.kind !== kind) {
      const had = Boolean(page);
      if (page && page.destroy) page.destroy();
      replace(root);
      page = {setup: setupPage, pupil: pupilPage, class: classPage, sheet: sheetPage}[kind]();
      page.kind = kind;
      // A new page of the game: the focus goes to its heading.
      if (had && !info.initial) { title.focus(); window.scrollTo(0, 0); }
    }
    page.update(state);
  }

  // --- Teacher: set-up ---
  function setupPage() {
    title.textContent = 'Le jeu des 1 000 € en classe';
    document.title = 'Le jeu en classe — Le jeu des 1 000 €';
    let current = null; // asked set-up
    let token = 0;
    const el = {};
    const intro = h('div', {class: 'game-intro'},
      h('p', {class: 'lead'}, 'Les élèves devinent comment 1 000 € de dépenses d\'une collectivité se répartissent entre les politiques publiques, puis comparent avec la réalité.'),
      h('ol', {class: 'game-steps'},
        h('li', null, 'Choisissez la collectivité, la variante du jeu, l\'année et le niveau de détail.'),
        h('li', null, 'Donnez le lien ou le QR code aux élèves : chacun répartit 1 000 € (ou devine les euros par habitant, ou reconnaît la bonne répartition entre deux), puis découvre la réalité.'),
        h('li', null, 'Chaque élève obtient un code réponse ; tapez ou collez les codes dans « Résultats de la classe » pour voir la moyenne de la classe.')),
      h('p', {class: 'privacy'}, h('strong', null, 'Sans compte, sans serveur, sans donnée personnelle. '),
        'Les réponses ne contiennent aucun nom ; les résultats de la classe restent dans le navigateur de l\'enseignant.'));

    el.search = h('input', {id: 'game-search-input', 'data-testid': 'game-search-input', type: 'text', role: 'combobox',
      'aria-autocomplete': 'list', 'aria-expanded': 'false', 'aria-controls': 'game-search-listbox',
      'aria-describedby': 'game-search-hint game-search-status', autocomplete: 'off', spellcheck: 'false', placeholder: 'ex. Montreuil, 93100, Gironde'});
    el.list = h('ul', {id: 'game-search-listbox', role: 'listbox', 'aria-label': 'Collectivités trouvées', class: 'listbox', hidden: true, 'data-testid': 'game-search-listbox'});
    el.searchStatus = h('p', {id: 'game-search-status', class: 'search-status', role: 'status', 'aria-live': 'polite', 'data-testid': 'game-search-status'});
    el.chosen = h('p', {class: 'game-chosen', 'data-testid': 'game-chosen'});
    el.year = h('select', {id: 'game-year', 'data-testid': 'game-year'});
    const radio = (name, value, label, desc) => {
      const id = `${name}-${value}`;
      return h('div', {class: 'game-choice'},
        h('input', {type: 'radio', name, id, value, 'data-testid': id}),
        h('label', {for: id}, label, desc ? h('span', {class: 'hint'}, desc) : null));
    };
    el.mode = h('fieldset', {class: 'control game-fieldset', id: 'game-mode'},
      h('legend', null, 'Variante'),
      radio('game-mode', 'split', G.MODES.split, 'partager 1 000 € entre les politiques'),
      radio('game-mode', 'hab', G.MODES.hab, 'combien la collectivité dépense par habitant pour chaque politique'),
      radio('game-mode', 'duel', G.MODES.duel, 'deux répartitions sans leur nom : laquelle est celle de la collectivité ?'));
    el.other = h('input', {id: 'game-other-input', 'data-testid': 'game-other-input', type: 'text', role: 'combobox',
      'aria-autocomplete': 'list', 'aria-expanded': 'false', 'aria-controls': 'game-other-listbox',
      'aria-describedby': 'game-other-hint game-other-status', autocomplete: 'off', spellcheck: 'false', placeholder: 'ex. Morbihan, Rennes, Occitanie'});
    el.otherList = h('ul', {id: 'game-other-listbox', role: 'listbox', 'aria-label': 'Collectivités trouvées', class: 'listbox', hidden: true, 'data-testid': 'game-other-listbox'});
    el.otherStatus = h('p', {id: 'game-other-status', class: 'search-status', role: 'status', 'aria-live': 'polite'});
    el.otherBox = h('div', {class: 'search game-other', hidden: true, 'data-testid': 'game-other'},
      h('label', {for: 'game-other-input'}, 'L\'autre collectivité du duel'),
      h('p', {id: 'game-other-hint', class: 'hint'}, 'Une collectivité voisine, de même taille, ou d\'un autre niveau (un département face à une commune) : les élèves devinent laquelle des deux répartitions est la vôtre.'),
      h('div', {class: 'combo'}, el.other, el.otherList), el.otherStatus);
    el.section = h('fieldset', {class: 'control game-fieldset', id: 'game-section'},
      h('legend', null, 'Dépenses'),
      radio('game-section', 'all', 'Toutes', 'fonctionnement et investissement'),
      radio('game-section', 'F', 'Fonctionnement', 'les dépenses de chaque jour : salaires, énergie, cantines…'),
      radio('game-section', 'I', 'Investissement', 'les travaux et les achats durables : écoles, routes…'));
    el.grid = h('fieldset', {class: 'control game-fieldset', id: 'game-grid'},
      h('legend', null, 'Politiques à répartir'),
      radio('game-grid', 'six', 'Six grands groupes', 'pour les plus jeunes (école, collège)'),
      radio('game-grid', 'common', 'Douze domaines', 'la grille commune, pour les plus grands (lycée, adultes)'));
    el.nv = h('input', {type: 'checkbox', id: 'game-nv', 'data-testid': 'game-nv'});
    el.yearNote = h('p', {class: 'hint', 'data-testid': 'game-year-note'});
    el.preview = h('div', {class: 'game-preview', 'data-testid': 'game-preview'});
    el.out = h('section', {class: 'panel game-link-panel', 'aria-labelledby': 'game-link-title', hidden: true, 'data-testid': 'game-link-panel'});
    const form = h('form', {class: 'panel game-setup', 'aria-labelledby': 'game-setup-title', onsubmit: (e) => e.preventDefault()},
      h('h2', {id: 'game-setup-title'}, 'Préparer une partie'),
      h('div', {class: 'search'},
        h('label', {for: 'game-search-input', class: 'game-step'}, '1. La collectivité'),
        h('p', {id: 'game-search-hint', class: 'hint'}, 'Nom, code postal, code INSEE ou SIREN. Flèches pour parcourir, Entrée pour choisir.'),
        h('div', {class: 'combo'}, el.search, el.list), el.searchStatus),
      el.chosen,
      h('div', {class: 'game-rules', id: 'game-rules'},
        h('p', {class: 'game-step'}, '2. Les règles'),
        el.mode, el.otherBox,
        h('div', {class: 'control'}, h('label', {for: 'game-year'}, 'Année des comptes'), el.year), el.yearNote,
        el.section, el.grid,
        h('div', {class: 'check'}, el.nv, h('label', {for: 'game-nv'}, 'Ajouter la part « Dette, reversements et non ventilé » (intérêts des emprunts, impôts reversés)')),
        el.preview));
    replace(root, intro, form, el.out);
    el.rules = $('game-rules');

    let indexError = '';
    loadIndex().catch((e) => { indexError = `La recherche n'est pas disponible : ${e.message}`; });
    prepareSearchWhenIdle().catch(() => {});
    combobox({
      input: el.search, list: el.list, status: el.searchStatus, unavailable: () => indexError,
      search: async (q, n) => { await loadIndex(); return call('search', q, n); },
      onChoose: (r) => {
        el.searchStatus.textContent = '';
        go({key: r.key, year: null, section: current?.section || 'all', grid: current?.grid || 'six', nv: current?.nv || false,
          mode: current?.mode || 'split', other: current?.other === r.key ? null : current?.other || null});
      },
    });
    combobox({
      input: el.other, list: el.otherList, status: el.otherStatus, unavailable: () => indexError,
      search: async (q, n) => { await loadIndex(); return call('search', q, n); },
      onChoose: (r) => {
        el.otherStatus.textContent = '';
        go({...current, year: null, other: r.key});
      },
    });
    const go = (setup, replaceEntry = false) => navigate({view: 'game', sub: 'preparer', params: G.setupParams(setup)}, {replace: replaceEntry});
    el.year.addEventListener('change', () => go({...current, year: Number(el.year.value)}));
    for (const r of el.section.querySelectorAll('input')) r.addEventListener('change', () => go({...current, section: r.value}));
    for (const r of el.grid.querySelectorAll('input')) r.addEventListener('change', () => go({...current, grid: r.value}));
    el.nv.addEventListener('change', () => go({...current, nv: el.nv.checked}));
    for (const r of el.mode.querySelectorAll('input')) r.addEventListener('change', () => go({...current, year: r.value === 'duel' ? null : current.year, mode: r.value}));

    // The variant and the duel's other authority stay open: they may be what to change.
    const setDisabled = (on) => {
      for (const c of el.rules.querySelectorAll('input, select')) c.disabled = on && !el.mode.contains(c) && !el.otherBox.contains(c);
    };
    const showMode = (setup) => {
      for (const r of el.mode.querySelectorAll('input')) r.checked = r.value === setup.mode;
      el.otherBox.hidden = setup.mode !== 'duel';
    };

    async function update(state) {
      const asked = G.setupOf(state.params);
      current = asked;
      const my = ++token;
      if (!asked) {
        el.chosen.textContent = 'Aucune collectivité choisie.';
        setDisabled(true);
        for (const c of el.mode.querySelectorAll('input')) c.disabled = true;
        el.out.hidden = true;
        replace(el.preview);
        return;
      }
      el.rules.setAttribute('aria-busy', 'true');
      showMode(asked);
      let g;
      try {
        g = await loadGame(asked);
      } catch (e) {
        if (my !== token) return;
        el.rules.setAttribute('aria-busy', 'false');
        // Nothing of the previous choice stays: its years, its notes, its link.
        el.chosen.textContent = e.info && e.role === 'key' ? chosenText(e.info) : '';
        replace(el.year);
        el.yearNote.textContent = '';
        setDisabled(true);
        if (asked.mode === 'duel' && !asked.other && document.activeElement !== el.other) el.other.value = '';
        el.out.hidden = true;
        const box = h('div', {class: 'notice notice-warn', role: 'alert', 'data-testid': 'game-setup-error'}, h('p', null, e.message));
        replace(el.preview, box);
        if (e.info) showWaysOn(box, e.info, e.role, asked, my);
        return;
      }
      if (my !== token) return;
      el.rules.setAttribute('aria-busy', 'false');
      setDisabled(false);
      const {info, setup} = g;
      // The canonical link (chosen year, what the figures allow).
      if (G.setupString(setup) !== G.setupString(asked)) {
        current = setup;
        go(setup, true);
        return;
      }
      if (document.activeElement !== el.search) el.search.value = info.name;
      if (g.other && document.activeElement !== el.other) el.other.value = g.other.info.name;
      el.chosen.textContent = chosenText(info);
      replace(el.year, ...g.years.map((y) => h('option', {value: y.year, selected: y.year === setup.year},
        `${y.year} — ${DOCUMENTS[y.document] || y.document}${y.detail === 'aggregated' ? ' (chiffres agrégés)' : ''}`)));
      for (const r of el.section.querySelectorAll('input')) { r.checked = r.value === setup.section; r.disabled = g.aggregated && r.value !== 'all'; }
      for (const r of el.grid.querySelectorAll('input')) { r.checked = r.value === setup.grid; r.disabled = g.aggregated && r.value !== 'six'; }
      el.nv.checked = setup.nv;
      el.nv.disabled = g.aggregated;
      el.yearNote.textContent = [g.aggregated
        ? 'Chiffres agrégés pour cette année : six grands groupes seulement, fonctionnement et investissement ensemble.'
        : '', g.other && g.other.year !== setup.year ? `Pour ${g.other.info.name}, les comptes les plus proches : ${docOf(g.other.report)}.` : ''].filter(Boolean).join(' ');
      replace(el.preview, ...previewOf(g));
      const where = await classAddress();
      if (my !== token) return;
      renderLink(g, where);
      document.title = `Le jeu en classe : ${info.name} — Le jeu des 1 000 €`;
    }

    /**
     * Under a set-up that cannot be played: the authorities it belongs to
     * whose figures make a game, as links to their set-up; else where to look.
     */
    async function showWaysOn(box, info, role, asked, my) {
      const ways = await waysOn(info);
      if (my !== token) return;
      if (!ways.length) {
        box.append(h('p', {'data-testid': 'game-ways-none'}, parentsOf(info).length
          ? `Aucune des collectivités dont ${info.name} fait partie (${parentsOf(info).map((p) => p.name).join(', ')}) n'a de chiffres par politique dans les données intégrées : cherchez-en une autre ci-dessus.`
          : 'Cherchez une autre collectivité ci-dessus.'));
        return;
      }
      const setupFor = (key) => (role === 'other'
        ? {...asked, year: null, other: key}
        : {...asked, year: null, key, other: asked.other === key ? null : asked.other});
      box.append(h('p', null, `Pour jouer, choisissez plutôt une collectivité dont ${info.name} fait partie et qui a des chiffres par politique :`),
        h('ul', {class: 'game-ways', 'data-testid': 'game-ways'}, ways.map((w) => h('li', null,
          h('a', {href: hashOf('preparer', setupFor(w.key)), class: 'btn btn-secondary', 'data-testid': 'game-way', 'data-key': w.key},
            `${w.name}${w.kindLabel ? ` (${w.kindLabel.toLowerCase()})` : ''}`)))));
    }

    function renderLink(g, where) {
      const playHash = hashOf('', g.setup);
      const link = where.base + playHash;
      const linkInput = h('input', {type: 'text', id: 'game-link', readonly: true, value: link, 'data-testid': 'game-link', class: 'game-link-input',
        onfocus: (e) => e.target.select()});
      const copyStatus = h('span', {class: 'hint', role: 'status', 'aria-live': 'polite'});
      replace(el.out,
        h('h2', {id: 'game-link-title'}, '3. Le lien de la partie'),
        h('p', null, gameSubtitle(g)),
        localWarning(where),
        h('div', {class: 'game-link-row'},
          h('label', {for: 'game-link', class: 'visually-hidden'}, 'Lien à donner aux élèves'), linkInput,
          h('button', {type: 'button', class: 'btn btn-primary', 'data-testid': 'game-copy-link', onclick: () => copyText(link, copyStatus)}, 'Copier le lien'),
          copyStatus),
        qrFigure(link, {caption: 'Les élèves scannent ce QR code avec une tablette ou un téléphone.', testid: 'game-qr', title: `QR code du lien de la partie : ${g.info.name}`}),
        h('ul', {class: 'game-links'},
          h('li', null, h('a', {class: 'btn btn-secondary', href: playHash, 'data-testid': 'game-play-link'}, 'Jouer (vue élève)')),
          h('li', null, h('a', {class: 'btn btn-secondary', href: hashOf('classe', g.setup), 'data-testid': 'game-class-link'}, 'Résultats de la classe')),
          h('li', null, h('a', {class: 'btn btn-secondary', href: hashOf('fiche', g.setup), 'data-testid': 'game-sheet-link'}, 'Fiche à imprimer et corrigé'))));
      el.out.hidden = false;
    }

    return {update};
  }

  // --- Pupil: guess, then reveal ---
  function pupilPage() {
    title.textContent = 'Le jeu des 1 000 €';
    let g = null;
    let loadedFor = '';
    let guess = []; // whole euros per policy (per inhabitant in the « hab » variant)
    let token = 0;
    const body = h('div', {class: 'game-pupil', 'data-testid': 'game-pupil', 'aria-busy': 'true'});
    const sub = h('p', {class: 'game-subtitle', 'data-testid': 'game-subtitle'});
    replace(root, sub, body);
    let rows = [];
    let statusEl;
    let liveEl;
    let meterFill;
    let revealError;
    let charts = [];
    const announce = debounce((t) => { if (liveEl) liveEl.textContent = t; }, 700);
    const hab = () => g.setup.mode === 'hab';
    const unit = () => (hab() ? ' par habitant' : '');
    const disconnect = () => { for (const c of charts) c.disconnect(); charts = []; };

    async function update(state) {
      const asked = G.setupOf(state.params);
      const my = ++token;
      const askedKey = G.setupString(asked);
      if (askedKey !== loadedFor || !g) {
        body.setAttribute('aria-busy', 'true');
        replace(body, h('p', {class: 'hint'}, 'Chargement des chiffres…'));
        try {
          g = await loadGame(asked);
        } catch (e) {
          if (my !== token) return;
          body.setAttribute('aria-busy', 'false');
          replace(body, errorBox(e.message));
          return;
        }
        if (my !== token) return;
        loadedFor = G.setupString(g.setup);
        guess = g.policies.map(() => 0);
        sub.textContent = gameSubtitle(g);
        if (loadedFor !== askedKey) {
          // Canonical form of the link: the same game for everyone.
          navigate({view: 'game', sub: '', params: {...G.setupParams(g.setup), reponse: state.params.reponse || ''}}, {replace: true});
          return;
        }
      }
      body.setAttribute('aria-busy', 'false');
      document.title = `Le jeu : ${g.info.name} — Le jeu des 1 000 €`;
      disconnect();
      const duel = g.setup.mode === 'duel';
      if (state.params.reponse) {
        const d = G.decodeAnswer(state.params.reponse, g.setup);
        if (d.error || d.n !== (duel ? 1 : g.policies.length)) {
          replace(body, errorBox(d.error || 'Ce code ne correspond pas à cette partie.', 'game-reveal-error'));
          return;
        }
        if (duel) revealDuel(d);
        else {
          guess = d.euros;
          revealGuess(d);
        }
      } else if (duel) {
        playDuel();
      } else {
        playGuess();
      }
    }

    function remaining() {
      return G.TOTAL_EUROS - G.sum(guess);
    }

    function statusText(r) {
      if (hab()) return `Total de ton estimation : ${fmtCents(G.sum(guess) * 100, {decimals: false})} par habitant`;
      if (r > 0) return `Reste à placer : ${fmtCents(r * 100, {decimals: false})}`;
      if (r < 0) return `Trop placé : ${fmtCents(-r * 100, {decimals: false})} de plus que 1 000 € — retire-les quelque part.`;
      return 'Les 1 000 € sont placés : tu peux voir la réponse.';
    }

    function refreshStatus() {
      const r = remaining();
      statusEl.textContent = statusText(r);
      statusEl.classList.toggle('is-done', hab() ? G.sum(guess) > 0 : r === 0);
      statusEl.classList.toggle('is-over', !hab() && r < 0);
      statusEl.dataset.remaining = String(r);
      statusEl.dataset.total = String(G.sum(guess));
      if (meterFill) {
        meterFill.style.width = `${Math.min(100, Math.max(0, (G.sum(guess) / 10)))}%`;
        meterFill.classList.toggle('is-over', r < 0);
      }
      announce(statusText(r));
      if ((hab() ? G.sum(guess) > 0 : r === 0) && revealError) revealError.textContent = '';
    }

    function setGuess(i, v, from) {
      guess[i] = v;
      const row = rows[i];
      if (from !== 'range') row.range.value = String(v);
      if (from !== 'input') row.input.value = String(v);
      row.range.setAttribute('aria-valuetext', `${v} €${unit()}`);
      row.err.textContent = '';
      row.input.removeAttribute('aria-invalid');
      refreshStatus();
    }

    /** The 1,000 € split, or the € per inhabitant guess: a slider and a number per policy. */
    function playGuess() {
      const kind = kindWord(g.info);
      const max = hab() ? G.MAX_PER_INHABITANT : G.TOTAL_EUROS;
      statusEl = h('p', {class: 'game-remaining', id: 'game-remaining', 'data-testid': 'game-remaining', 'aria-hidden': 'false'});
      liveEl = h('p', {class: 'visually-hidden', role: 'status', 'aria-live': 'polite', 'data-testid': 'game-remaining-live'});
      meterFill = hab() ? null : h('span', {class: 'game-meter-fill'});
      revealError = h('p', {class: 'game-reveal-error', role: 'alert', 'data-testid': 'game-sum-error'});
      rows = g.policies.map((p, i) => {
        const id = `game-${p.code}`;
        const range = h('input', {type: 'range', id: `${id}-range`, min: '0', max: hab() ? '2000' : '1000', step: '1', value: String(guess[i]),
          'aria-labelledby': `${id}-label`, 'aria-describedby': `${id}-hint`, 'data-testid': `game-range-${p.code}`, class: 'game-range'});
        const input = h('input', {type: 'text', inputmode: 'numeric', id: `${id}-input`, value: String(guess[i]), size: '5', maxlength: '5',
          autocomplete: 'off', 'aria-describedby': `${id}-hint ${id}-err`, 'data-testid': `game-input-${p.code}`, class: 'game-input'});
        const err = h('p', {class: 'field-error', id: `${id}-err`, 'data-testid': `game-err-${p.code}`});
        range.addEventListener('input', () => setGuess(i, Number(range.value), 'range'));
        input.addEventListener('input', () => {
          const t = input.value.replace(/[\s\u00a0\u202f€]/g, '');
          if (t === '') { guess[i] = 0; range.value = '0'; refreshStatus(); return; }
          if (!/^\d+$/.test(t) || Number(t) > max) {
            err.textContent = `Un nombre entier d'euros, de 0 à ${fmtInt(max)}.`;
            input.setAttribute('aria-invalid', 'true');
            return;
          }
          setGuess(i, Number(t), 'input');
        });
        input.addEventListener('blur', () => {
          if (input.getAttribute('aria-invalid') === 'true' || input.value.trim() === '') setGuess(i, guess[i], 'blur');
        });
        const li = h('li', {class: 'game-policy', 'data-testid': `game-policy-${p.code}`},
          h('div', {class: 'game-policy-head'},
            h('label', {for: `${id}-input`, id: `${id}-label`, class: 'game-policy-label'}, p.label),
            p.hint ? h('span', {class: 'hint', id: `${id}-hint`}, p.hint) : h('span', {id: `${id}-hint`})),
          h('div', {class: 'game-policy-controls'}, range,
            h('span', {class: 'game-amount'}, input, h('span', {'aria-hidden': 'true'}, hab() ? ' €/hab.' : ' €'))),
          err);
        return {li, range, input, err};
      });
      const question = hab()
        ? h('p', {class: 'game-question'}, `Chaque année, combien ${kind} dépense-t-elle par habitant pour chaque politique (${G.SECTIONS[g.setup.section]}) ? `,
          'Écris ton estimation en euros par habitant : il n\'y a pas de total imposé.')
        : h('p', {class: 'game-question'}, `Sur 1 000 € dépensés par ${kind} (${G.SECTIONS[g.setup.section]}), combien vont à chaque politique ? `,
          'Répartis les 1 000 € avec les curseurs ou en tapant les montants : le total doit faire exactement 1 000 €.');
      replace(body,
        question,
        h('div', {class: 'game-status-bar'}, statusEl, meterFill ? h('span', {class: 'game-meter', 'aria-hidden': 'true'}, meterFill) : null, liveEl),
        h('ol', {class: 'game-policies'}, rows.map((r) => r.li)),
        revealError,
        h('div', {class: 'game-actions'},
          h('button', {type: 'button', class: 'btn btn-primary', 'data-testid': 'game-reveal', onclick: reveal}, 'Voir la réponse'),
          h('button', {type: 'button', class: 'btn btn-secondary', 'data-testid': 'game-reset', onclick: () => {
            guess.forEach((_, i) => setGuess(i, 0, ''));
          }}, 'Tout remettre à zéro'),
          projectorButton()));
      refreshStatus();
      liveEl.textContent = '';
    }

    function answer(values) {
      const nonce = crypto.getRandomValues(new Uint16Array(1))[0] & 0x3ff;
      const code = G.encodeAnswer(g.setup, values, nonce);
      navigate({view: 'game', sub: '', params: {...G.setupParams(g.setup), reponse: code}});
    }

    function reveal() {
      if (hab()) {
        if (!G.sum(guess)) {
          revealError.textContent = 'Écris au moins un montant avant de voir la réponse.';
          return;
        }
        answer(guess);
        return;
      }
      const r = remaining();
      if (r !== 0) {
        revealError.textContent = r > 0
          ? `Il reste ${fmtCents(r * 100, {decimals: false})} à placer : le total doit faire exactement 1 000 €.`
          : `Tu as placé ${fmtCents(-r * 100, {decimals: false})} de trop : le total doit faire exactement 1 000 €.`;
        return;
      }
      answer(guess);
    }

    /** The answer code and its QR code, for the teacher's class view. */
    function answerPanel(d) {
      const code = G.formatCode(d.code);
      const classUrl = absolute(hashOf('classe', g.setup, {ajout: d.code}));
      const copyStatus = h('span', {class: 'hint', role: 'status', 'aria-live': 'polite'});
      return h('section', {class: 'game-answer panel', 'aria-labelledby': 'game-answer-title', 'data-testid': 'game-answer'},
        h('h2', {id: 'game-answer-title'}, 'Ton code réponse'),
        h('p', {class: 'game-code', 'data-testid': 'game-code', 'data-code': d.code}, code),
        h('p', null, 'Montre ce code ou ce QR code à ton enseignant·e, ou recopie-le : c\'est tout ce qu\'il faut pour les résultats de la classe. Il ne contient ni ton nom ni rien sur toi.'),
        h('div', {class: 'game-answer-row'},
          qrFigure(classUrl, {caption: 'QR code de ta réponse, à scanner par l\'enseignant·e', testid: 'game-answer-qr', title: `QR code de la réponse ${code}`}),
          h('div', null,
            h('button', {type: 'button', class: 'btn btn-secondary', 'data-testid': 'game-copy-code', onclick: () => copyText(code, copyStatus)}, 'Copier le code'),
            ' ', copyStatus)));
    }

    function endActions() {
      return h('div', {class: 'game-actions'},
        h('button', {type: 'button', class: 'btn btn-primary', 'data-testid': 'game-replay', onclick: () => {
          navigate({view: 'game', sub: '', params: G.setupParams(g.setup)});
        }}, 'Rejouer'),
        h('a', {class: 'btn btn-secondary', href: detailsHash(g.setup, g.setup.key, g.setup.year),
          'data-testid': 'game-details-link'}, `Tous les chiffres de ${g.info.name}`),
        projectorButton());
    }

    /** Reveal of the 1,000 € split or of the € per inhabitant guess: score, chart, gaps, explanation. */
    function revealGuess(d) {
      const guessC = guess.map((e) => e * 100);
      const realC = G.realValues(g.setup, g.policies);
      const score = G.scoreOf(guessC, realC);
      const gi = G.largestGap(guessC, realC);
      const gp = g.policies[gi];
      const gap = guessC[gi] - realC[gi];
      const u = unit();
      const chartBox = h('div', {class: 'chart-box', 'data-testid': 'game-reveal-chart'});
      const per = hab() ? `en euros par habitant (${g.info.name}, ${docOf(g.report)}, ${fmtInt(g.report.population)} habitants)` : `pour 1 000 € (${g.info.name}, ${docOf(g.report)})`;
      const table = h('table', {class: 'split-table game-table', 'data-testid': 'game-reveal-table'},
        h('caption', null, `Ton estimation et la réalité, ${per}`),
        h('thead', null, h('tr', null,
          h('th', {scope: 'col'}, 'Politique'),
          h('th', {scope: 'col', class: 'num'}, 'Ton estimation'),
          h('th', {scope: 'col', class: 'num'}, 'La réalité'),
          h('th', {scope: 'col', class: 'num'}, 'Écart', h('span', {class: 'th-sub'}, 'estimation − réalité')))),
        h('tbody', null, g.policies.map((p, i) => h('tr', {'data-testid': `game-reveal-row-${p.code}`, class: i === gi ? 'is-selected' : ''},
          h('th', {scope: 'row', class: 'policy'}, p.label),
          h('td', {class: 'num'}, fmtCents(guessC[i], {decimals: false})),
          h('td', {class: 'num strong'}, fmtCents(realC[i])),
          h('td', {class: 'num'}, fmtCents(guessC[i] - realC[i], {sign: true}))))),
        h('tfoot', null, h('tr', null, h('th', {scope: 'row'}, 'Total'),
          h('td', {class: 'num'}, fmtCents(G.sum(guessC), {decimals: false})), h('td', {class: 'num strong', 'data-testid': 'game-reveal-total'}, fmtCents(G.sum(realC))),
          h('td', {class: 'num'}, hab() ? fmtCents(G.sum(guessC) - G.sum(realC), {sign: true}) : ''))));
      const scoreHint = hab()
        ? 'Le score compare tes montants aux vrais : 1 000 × (1 − somme des écarts ÷ (total de ton estimation + total réel)). Plus il est proche de 1 000, plus ton estimation est proche de la réalité. Le jeu note une estimation, pas le budget : il n\'y a pas de bonne ou de mauvaise façon de dépenser.'
        : 'Le score vaut 1 000 moins la moitié de la somme des écarts : plus il est proche de 1 000, plus ton estimation est proche de la répartition réelle. Le jeu note une estimation, pas le budget : il n\'y a pas de bonne ou de mauvaise façon de dépenser.';
      replace(body,
        h('div', {class: 'game-score', 'data-testid': 'game-score', 'data-score': String(score), tabindex: '-1', id: 'game-score'},
          h('p', {class: 'game-score-label'}, 'Ton score'),
          h('p', {class: 'game-score-value'}, h('strong', null, fmtCents(score, {unit: ''})), ' sur 1 000'),
          hab() ? h('p', {'data-testid': 'game-hab-total'}, `En tout, pour ces politiques, ${g.info.name} dépense `, h('strong', null, fmtCents(G.sum(realC))),
            ` par habitant et par an ; ton estimation : ${fmtCents(G.sum(guessC), {decimals: false})}.`) : null,
          h('p', {class: 'hint'}, scoreHint)),
        h('figure', {class: 'chart game-chart'},
          h('figcaption', {class: 'chart-caption'}, hab() ? 'Ton estimation et la réalité, en euros par habitant' : 'Ton estimation et la réalité, en euros sur 1 000 €'),
          h('p', {class: 'game-legend', 'aria-hidden': 'true'},
            h('span', {class: 'key key-guess'}), ' Ton estimation ', h('span', {class: 'key key-real'}), ' La réalité'),
          chartBox),
        h('div', {class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Tableau des écarts'}, table),
        h('section', {class: 'game-gap panel', 'data-testid': 'game-gap', 'aria-labelledby': 'game-gap-title'},
          h('h2', {id: 'game-gap-title'}, `Le plus grand écart : ${gp.label}`),
          h('p', null, gap === 0 ? 'Aucun écart : ton estimation est exactement la réalité.'
            : `Tu as mis ${fmtCents(guessC[gi], {decimals: false})}${u}, la réalité est ${fmtCents(realC[gi])}${u} : ${fmtCents(Math.abs(gap))} ${gap > 0 ? 'de plus' : 'de moins'}.`),
          h('p', null, h('strong', null, 'À savoir : '), G.explanation(gp.code, g.info.kind)),
          g.setup.section === 'I' ? h('p', {class: 'hint'}, 'En investissement, les grands travaux d\'une année (une école neuve, une route refaite) font beaucoup varier les parts d\'une année à l\'autre.') : null),
        answerPanel(d),
        aggregatedNote(g),
        h('p', {class: 'provenance', 'data-testid': 'game-provenance'}, provenanceText(g.report)),
        endActions());
      const series = guessSeries(hab() ? '/hab.' : '');
      charts.push(mountChart(chartBox, (w, f) => barsChart(g.policies.map((p, i) => ({code: p.code, label: p.label, guess: guessC[i], real: realC[i]})), w, f, series)));
      $('game-score').focus();
    }

    /** The duel: two unnamed 1,000 € splits, A and B; which one is ours? */
    function playDuel() {
      const [a, b] = duelSides(g);
      const question = `Laquelle de ces deux répartitions est celle de ${g.info.name} ?`;
      const choice = (side) => h('button', {type: 'button', class: 'btn btn-primary game-duel-choice', 'data-testid': `game-duel-${side.letter}`,
        onclick: () => answer([side.letter === 'A' ? 0 : 1])}, `C'est la ${side.letter}`);
      const boxes = [a, b].map((side) => ({side, box: h('div', {class: 'chart-box', 'data-testid': `game-duel-chart-${side.letter}`})}));
      replace(body,
        h('p', {class: 'game-question'}, `Voici comment deux collectivités répartissent 1 000 € de dépenses (${G.SECTIONS[g.setup.section]}) : `,
          `l'une est ${g.info.name} (${(g.info.kindLabel || '').toLowerCase() || kindWord(g.info)}), l'autre ${g.other.info.name} (${(g.other.info.kindLabel || '').toLowerCase() || kindWord(g.other.info)}). `,
          h('strong', null, question)),
        h('p', {class: 'hint'}, 'Indice : qui fait quoi ? Les communes, les départements, les régions et les intercommunalités n\'ont pas les mêmes missions.'),
        h('div', {class: 'game-duel'}, boxes.map(({side, box}) => h('figure', {class: 'chart game-duel-side', 'data-testid': `game-duel-side-${side.letter}`},
          h('figcaption', {class: 'game-duel-letter'}, `Répartition ${side.letter}`), box))),
        h('div', {class: 'game-actions game-duel-actions', role: 'group', 'aria-label': question}, choice(a), choice(b), projectorButton()));
      // One scale for both: a bar of the same length is the same amount.
      const scaleMax = Math.max(...[a, b].flatMap((side) => side.policies.map((p) => p.real)));
      for (const {side, box} of boxes) {
        charts.push(mountChart(box, (w, f) => barsChart(side.policies.map((p) => ({code: p.code, label: p.label, real: p.real})), w, f,
          [{key: 'real', fmt: (v) => fmtCents(v)}], scaleMax)));
      }
    }

    function revealDuel(d) {
      const [a, b] = duelSides(g);
      const picked = d.euros[0] === 0 ? 'A' : 'B';
      const ours = G.ourLetter(g.setup);
      const right = picked === ours;
      const [o, t] = ours === 'A' ? [a, b] : [b, a];
      const rows = g.policies.map((p, i) => ({code: p.code, label: p.label, ours: p.real, other: g.other.policies[i].real}));
      let gi = 0;
      rows.forEach((r, i) => { if (Math.abs(r.ours - r.other) > Math.abs(rows[gi].ours - rows[gi].other)) gi = i; });
      const gr = rows[gi];
      const chartBox = h('div', {class: 'chart-box', 'data-testid': 'game-reveal-chart'});
      const whyOurs = G.explanation(gr.code, g.info.kind);
      const whyOther = g.other.info.kind !== g.info.kind ? G.explanation(gr.code, g.other.info.kind) : '';
      replace(body,
        h('div', {class: 'game-score', 'data-testid': 'game-score', 'data-right': right ? '1' : '0', tabindex: '-1', id: 'game-score'},
          h('p', {class: 'game-score-label'}, right ? 'Bien vu !' : 'Ce n\'était pas celle-là'),
          h('p', {class: 'game-score-value', 'data-testid': 'game-duel-answer'}, `${g.info.name}, c'était la `, h('strong', null, ours), '.'),
          h('p', null, `Tu as choisi la ${picked}. La ${t.letter}, c'était ${g.other.info.name}.`),
          h('p', {class: 'hint'}, 'Le jeu demande de reconnaître une répartition, pas de la juger : il n\'y a pas de bonne ou de mauvaise façon de dépenser.')),
        h('figure', {class: 'chart game-chart'},
          h('figcaption', {class: 'chart-caption'}, `${g.info.name} (${o.letter}) et ${g.other.info.name} (${t.letter}), en euros sur 1 000 €`),
          h('p', {class: 'game-legend', 'aria-hidden': 'true'},
            h('span', {class: 'key key-real'}), ` ${g.info.name} `, h('span', {class: 'key key-guess'}), ` ${g.other.info.name}`),
          chartBox),
        h('div', {class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Tableau des deux répartitions'},
          h('table', {class: 'split-table game-table', 'data-testid': 'game-reveal-table'},
            h('caption', null, `Les deux répartitions, pour 1 000 € (${docOf(g.report)}${g.other.year === g.setup.year ? '' : ` et ${docOf(g.other.report)}`})`),
            h('thead', null, h('tr', null,
              h('th', {scope: 'col'}, 'Politique'),
              h('th', {scope: 'col', class: 'num'}, `${o.letter} : ${g.info.name}`),
              h('th', {scope: 'col', class: 'num'}, `${t.letter} : ${g.other.info.name}`),
              h('th', {scope: 'col', class: 'num'}, 'Écart'))),
            h('tbody', null, rows.map((r, i) => h('tr', {'data-testid': `game-reveal-row-${r.code}`, class: i === gi ? 'is-selected' : ''},
              h('th', {scope: 'row', class: 'policy'}, r.label),
              h('td', {class: 'num strong'}, fmtCents(r.ours)),
              h('td', {class: 'num'}, fmtCents(r.other)),
              h('td', {class: 'num'}, fmtCents(r.ours - r.other, {sign: true}))))))),
        h('section', {class: 'game-gap panel', 'data-testid': 'game-gap', 'aria-labelledby': 'game-gap-title'},
          h('h2', {id: 'game-gap-title'}, `La plus grande différence : ${gr.label}`),
          h('p', null, `${g.info.name} : ${fmtCents(gr.ours)} sur 1 000 € ; ${g.other.info.name} : ${fmtCents(gr.other)}.`),
          whyOurs ? h('p', null, h('strong', null, `À savoir (${kindWord(g.info)}) : `), whyOurs) : null,
          whyOther && whyOther !== whyOurs ? h('p', null, h('strong', null, `À savoir (${kindWord(g.other.info)}) : `), whyOther) : null),
        answerPanel(d),
        aggregatedNote(g),
        h('p', {class: 'provenance', 'data-testid': 'game-provenance'}, provenanceText(g.report)),
        h('p', {class: 'provenance', 'data-testid': 'game-provenance-other'}, provenanceText(g.other.report)),
        endActions());
      const series = [{key: 'ours', fmt: (v) => `${o.letter} ${fmtCents(v)}`}, {key: 'other', hatch: true, fmt: (v) => `${t.letter} ${fmtCents(v)}`}];
      charts.push(mountChart(chartBox, (w, f) => barsChart(rows, w, f, series)));
      $('game-score').focus();
    }

    return {update, destroy: disconnect};
  }

  // --- Teacher: class results ---
  function classPage() {
    title.textContent = 'Résultats de la classe';
    let g = null;
    let token = 0;
    let loadedFor = '';
    const body = h('div', {class: 'game-class', 'data-testid': 'game-class', 'aria-busy': 'true'});
    const sub = h('p', {class: 'game-subtitle', 'data-testid': 'game-class-subtitle'});
    replace(root, sub, body);
    let msgs;
    let results;
    let ro = null;

    async function update(state) {
      const asked = G.setupOf(state.params);
      const my = ++token;
      if (!asked) { replace(body, errorBox('Lien incomplet : préparez d\'abord une partie.')); return; }
      if (!g || G.setupString(asked) !== loadedFor) {
        try {
          g = await loadGame(asked);
        } catch (e) {
          if (my !== token) return;
          body.setAttribute('aria-busy', 'false');
          replace(body, errorBox(e.message));
          return;
        }
        if (my !== token) return;
        loadedFor = G.setupString(g.setup);
        sub.textContent = gameSubtitle(g);
        build();
      }
      body.setAttribute('aria-busy', 'false');
      document.title = `Résultats de la classe : ${g.info.name} — Le jeu des 1 000 €`;
      if (state.params.ajout) {
        // A pupil's QR code scanned: add it, then drop it from the URL.
        addCodes(state.params.ajout);
        const params = {...state.params};
        delete params.ajout;
        navigate({view: 'game', sub: 'classe', params}, {replace: true});
      }
    }

    const partyKey = () => G.setupString(g.setup);
    const codesOf = () => (readStore().parties[partyKey()]?.codes || []);

    /** Adds the codes of text; returns the lines refused (to correct), without the codes already in. */
    function addCodes(text) {
      const store = readStore();
      const party = store.parties[partyKey()] || {setup: G.setupParams(g.setup), name: g.info.name, codes: []};
      const lines = [];
      const refused = [];
      let added = 0;
      for (const {text: t, answer: d} of G.splitCodes(text, g.setup)) {
        if (!d.error && d.n !== answerLength(g)) d.error = 'Ce code ne correspond pas à cette partie.';
        if (d.error) { lines.push({ok: false, text: `${t} : ${d.error}`}); refused.push(t); continue; }
        if (party.codes.includes(d.code)) { lines.push({ok: false, text: `${G.formatCode(d.code)} : déjà dans la classe.`}); continue; }
        party.codes.push(d.code);
        added++;
      }
      party.updatedAt = new Date().toISOString().slice(0, 10);
      store.parties[partyKey()] = party;
      try {
        writeStore(store);
      } catch {
        lines.push({ok: false, text: 'Le navigateur refuse d\'enregistrer (stockage plein ou désactivé).'});
      }
      if (added) lines.unshift({ok: true, text: `${added} réponse${added > 1 ? 's' : ''} ajoutée${added > 1 ? 's' : ''}.`});
      if (refused.length) lines.push({ok: false, text: `${refused.length > 1 ? 'Les codes refusés restent' : 'Le code refusé reste'} dans la case, à corriger.`});
      replace(msgs, lines.map((l) => h('li', {class: l.ok ? 'ok' : 'bad'}, l.text)));
      renderResults();
      return refused;
    }

    function build() {
      const area = h('textarea', {id: 'game-codes', rows: '4', 'data-testid': 'game-codes', spellcheck: 'false', autocomplete: 'off',
        'aria-describedby': 'game-codes-hint', placeholder: CODE_EXAMPLES[g.setup.mode] || CODE_EXAMPLES.split});
      msgs = h('ul', {class: 'game-messages', role: 'status', 'aria-live': 'polite', 'data-testid': 'game-codes-status'});
      results = h('div', {class: 'game-results', 'data-testid': 'game-results'});
      replace(body,
        h('form', {class: 'panel game-codes-form', onsubmit: (e) => { e.preventDefault(); area.value = addCodes(area.value).join('\n'); }},
          h('label', {for: 'game-codes', class: 'search-label'}, 'Codes réponses des élèves'),
          h('p', {class: 'hint', id: 'game-codes-hint'}, 'Tapez ou collez un ou plusieurs codes (un par ligne). Les tirets et les minuscules ne comptent pas ; O et 0, I et 1 sont confondus. Un QR code de réponse scanné avec cet appareil ajoute la réponse tout seul.'),
          area,
          h('div', {class: 'game-actions'}, h('button', {type: 'submit', class: 'btn btn-primary', 'data-testid': 'game-codes-add'}, 'Ajouter')),
          msgs),
        results,
        h('section', {class: 'panel panel-quiet', 'aria-labelledby': 'game-store-title'},
          h('h2', {id: 'game-store-title'}, 'Où sont ces réponses ?'),
          h('p', null, 'Seulement dans ce navigateur (stockage local), jusqu\'à ce que vous les effaciez. Rien n\'est envoyé.'),
          h('button', {type: 'button', class: 'btn btn-danger', 'data-testid': 'game-class-clear', onclick: () => {
            if (!window.confirm('Effacer toutes les réponses de cette partie sur cet appareil ?')) return;
            const store = readStore();
            delete store.parties[partyKey()];
            writeStore(store);
            replace(msgs, h('li', {class: 'ok'}, 'Réponses de cette partie effacées.'));
            renderResults();
          }}, 'Effacer les réponses de cette partie'),
          ' ',
          h('button', {type: 'button', class: 'btn btn-danger', 'data-testid': 'game-class-clear-all', onclick: () => {
            if (!window.confirm('Effacer toutes les réponses de toutes les parties sur cet appareil ?')) return;
            localStorage.removeItem(STORE_KEY);
            replace(msgs, h('li', {class: 'ok'}, 'Toutes les réponses sont effacées.'));
            renderResults();
          }}, 'Tout effacer')),
        h('div', {class: 'game-actions'},
          h('a', {class: 'btn btn-secondary', href: hashOf('preparer', g.setup)}, 'Revenir à la préparation'),
          projectorButton()));
      renderResults();
    }

    /** The codes received, each with a button to take it out. */
    function codeList() {
      return h('details', {class: 'game-code-list'},
        h('summary', null, 'Les codes reçus'),
        h('ul', {'data-testid': 'game-class-codes'}, codesOf().map((c) => h('li', null, h('code', null, G.formatCode(c)), ' ',
          h('button', {type: 'button', class: 'btn btn-link', 'aria-label': `Retirer la réponse ${G.formatCode(c)}`, onclick: () => {
            const store = readStore();
            const party = store.parties[partyKey()];
            if (party) party.codes = party.codes.filter((x) => x !== c);
            if (party && !party.codes.length) delete store.parties[partyKey()];
            writeStore(store);
            renderResults();
          }}, 'retirer')))));
    }

    function renderResults() {
      if (ro) { ro.disconnect(); ro = null; }
      const answers = codesOf().map((c) => G.decodeAnswer(c, g.setup)).filter((d) => !d.error && d.n === answerLength(g));
      if (!answers.length) {
        replace(results, h('p', {class: 'notice notice-info', 'data-testid': 'game-class-empty'}, 'Aucune réponse pour l\'instant. Ajoutez les codes des élèves ci-dessus.'));
        return;
      }
      if (g.setup.mode === 'duel') {
        replace(results, ...duelResults(g, answers), codeList());
        return;
      }
      const hab = g.setup.mode === 'hab';
      const unit = hab ? '/hab.' : '';
      const realC = G.realValues(g.setup, g.policies);
      const per = g.policies.map((p, i) => ({code: p.code, label: p.label, real: realC[i], st: G.stats(answers.map((a) => a.euros[i] * 100))}));
      const scores = G.stats(answers.map((a) => G.scoreOf(a.euros.map((e) => e * 100), realC)));
      const chartBox = h('div', {class: 'chart-box', 'data-testid': 'game-class-chart'});
      replace(results,
        h('h2', {'data-testid': 'game-class-count'}, `${answers.length} réponse${answers.length > 1 ? 's' : ''}`),
        h('p', {class: 'game-class-scores', 'data-testid': 'game-class-scores'},
          `Score moyen de la classe : ${fmtCents(scores.mean, {unit: ''})} sur 1 000 (de ${fmtCents(scores.min, {unit: ''})} à ${fmtCents(scores.max, {unit: ''})}).`),
        h('figure', {class: 'chart'},
          h('figcaption', {class: 'chart-caption'}, `Les réponses de la classe et la réalité, ${hab ? 'en euros par habitant' : 'en euros sur 1 000 €'}`),
          h('p', {class: 'game-legend', 'aria-hidden': 'true'},
            h('span', {class: 'key key-box'}), ' la moitié des élèves (quartiles) ', h('span', {class: 'key key-line'}), ' du plus petit au plus grand ',
            h('span', {class: 'key key-mean'}), ' moyenne ', h('span', {class: 'key key-diamond'}), ' réalité'),
          chartBox),
        h('div', {class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Tableau des réponses de la classe'},
          h('table', {class: 'split-table game-table', 'data-testid': 'game-class-table'},
            h('caption', null, `Réponses de la classe et réalité, ${hab ? 'en euros par habitant' : 'pour 1 000 €'} (${answers.length} réponse${answers.length > 1 ? 's' : ''})`),
            h('thead', null, h('tr', null,
              h('th', {scope: 'col'}, 'Politique'),
              h('th', {scope: 'col', class: 'num'}, 'La réalité'),
              h('th', {scope: 'col', class: 'num'}, 'Moyenne de la classe'),
              h('th', {scope: 'col', class: 'num'}, 'Écart de la moyenne'),
              h('th', {scope: 'col', class: 'num'}, 'Du plus petit au plus grand'),
              h('th', {scope: 'col', class: 'num'}, 'La moitié des élèves entre'))),
            h('tbody', null, per.map((r) => h('tr', {'data-testid': `game-class-row-${r.code}`},
              h('th', {scope: 'row', class: 'policy'}, r.label),
              h('td', {class: 'num strong'}, fmtCents(r.real)),
              h('td', {class: 'num', 'data-testid': `game-class-mean-${r.code}`}, fmtCents(r.st.mean)),
              h('td', {class: 'num'}, fmtCents(r.st.mean - r.real, {sign: true})),
              h('td', {class: 'num'}, `${fmtCents(r.st.min, {decimals: false})} – ${fmtCents(r.st.max, {decimals: false})}`),
              h('td', {class: 'num'}, `${fmtCents(r.st.q1, {decimals: false})} – ${fmtCents(r.st.q3, {decimals: false})}`)))))),
        codeList());
      ro = mountChart(chartBox, (w, f) => classChart(per, w, f, unit));
    }

    return {update, destroy: () => ro && ro.disconnect()};
  }

  // --- Teacher: printable worksheet and answer key ---
  function sheetPage() {
    title.textContent = 'Fiche du jeu et corrigé';
    let token = 0;
    const body = h('div', {class: 'game-sheet', 'data-testid': 'game-sheet'});
    replace(root, body);

    async function update(state) {
      const asked = G.setupOf(state.params);
      const my = ++token;
      if (!asked) { replace(body, errorBox('Lien incomplet : préparez d\'abord une partie.')); return; }
      let g;
      try {
        g = await loadGame(asked);
      } catch (e) {
        if (my !== token) return;
        replace(body, errorBox(e.message));
        return;
      }
      const where = await classAddress();
      if (my !== token) return;
      const link = where.base + hashOf('', g.setup);
      document.title = `Fiche du jeu : ${g.info.name} — Le jeu des 1 000 €`;
      replace(body,
        h('div', {class: 'game-actions no-print'},
          h('button', {type: 'button', class: 'btn btn-primary', 'data-testid': 'game-print', onclick: () => window.print()}, 'Imprimer la fiche et le corrigé'),
          h('a', {class: 'btn btn-secondary', href: hashOf('preparer', g.setup)}, 'Revenir à la préparation')),
        ...(g.setup.mode === 'duel' ? duelSheet(g, link) : guessSheet(g, link)));
    }

    return {update};
  }

  /** Leaving the game: projector mode is the game's only. */
  function hide() {
    setPupilMode(false);
    if (projector) { projector = false; setProjector(false); }
  }

  return {show, hide};
}
