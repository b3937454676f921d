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
import {call, loadIndex, loadShard} from './engine.js';
import {combobox} from './combobox.js';
import {provenanceText, DOCUMENTS} from './splitview.js';
import * as qr from './qr.js';
import * as G from './gamecore.js';

const STORE_KEY = 'jeu1000:classe:v1';
const KIND_WORDS = {commune: 'la commune', epci: 'l\'intercommunalité', departement: 'le département', region: 'la région'};

// --- Data ---

const infoCache = new Map();
/** The authority's facts, once its shard is loaded (years and their detail). */
function authorityInfo(key) {
  if (!infoCache.has(key)) {
    const p = (async () => {
      await loadIndex();
      let info = await call('authority', key);
      if (info && info.shard) {
        await loadShard(info.shard);
        info = await call('authority', key);
      }
      return info;
    })();
    p.catch(() => infoCache.delete(key));
    infoCache.set(key, p);
  }
  return infoCache.get(key);
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

const reportCache = new Map();
/**
 * Loads what a game needs: {info, setup (effective: year, section and grid
 * as the figures allow), report, policies}. Rejects with a French message.
 */
async function loadGame(asked) {
  const info = await authorityInfo(asked.key);
  const years = yearsOf(info);
  if (!years.length) {
    throw new Error(`Pas de répartition par politique pour ${info.name} dans les données intégrées. Choisissez une autre collectivité (son intercommunalité ou son département, par exemple).`);
  }
  const y = years.find((x) => x.year === asked.year) || years.find((x) => x.year === defaultYear(years));
  const aggregated = y.detail === 'aggregated';
  const setup = {...asked, year: y.year, section: aggregated ? 'all' : asked.section, grid: aggregated ? 'six' : asked.grid};
  const k = G.setupString(setup);
  if (!reportCache.has(k)) {
    const p = call('splitRecord', setup.key, setup.year, G.requestOf(setup));
    p.catch(() => reportCache.delete(k));
    reportCache.set(k, p);
  }
  const report = await reportCache.get(k);
  if (report.method === 'nature') {
    throw new Error(`${info.name} ne présente pas ses dépenses par politique (collectivité de moins de 3 500 habitants) : le jeu n'est pas possible avec ces comptes. Choisissez son intercommunalité ou son département.`);
  }
  setup.grid = report.grid === 'common' ? 'common' : 'six';
  const policies = G.policiesOf(report, setup);
  return {info, setup, report, policies, aggregated, years};
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
  return `${g.info.name}${g.info.kindLabel ? ` (${g.info.kindLabel.toLowerCase()})` : ''} — ${docOf(g.report)} — dépenses de ${G.SECTIONS[g.setup.section]}`;
}

function absolute(hash) {
  return `${location.origin}${location.pathname}${hash}`;
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

/**
 * Two bars per policy: the estimate (hatched) and the reality (solid).
 * rows: [{code, label, guess, real}] in cents.
 */
function pairChart(rows, width, fontSize = 16) {
  const W = Math.max(280, Math.floor(width));
  const fs = Math.round(Math.max(13, Math.min(26, fontSize * 0.92)));
  const wide = W >= 640;
  const labelW = wide ? Math.floor(W * 0.34) : W;
  const barX = wide ? labelW + 12 : 0;
  const valueW = fs * 10;
  const barMax = Math.max(60, W - barX - valueW);
  const barH = Math.round(fs * 1.05);
  const id = `pc${++chartId}`;
  let max = 1;
  for (const r of rows) max = Math.max(max, r.guess, r.real);
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
    g.append(s('rect', {x: barX, y: by, width: x(r.guess), height: barH, fill: `url(#${id}-hatch)`, stroke: COL.guess, 'stroke-width': r.guess ? 1.2 : 0, class: 'bar-guess'}));
    g.append(s('text', {x: barX + x(r.guess) + 6, y: by + barH - 3, fill: COL.text, 'font-size': fs - 2, text: `estimation ${fmtCents(r.guess, {decimals: false})}`}));
    g.append(s('rect', {x: barX, y: by + barH + 3, width: x(r.real), height: barH, fill: COL.real, class: 'bar-real'}));
    g.append(s('text', {x: barX + x(r.real) + 6, y: by + 2 * barH, fill: COL.text, 'font-size': fs - 2, 'font-weight': 600, text: `réalité ${fmtCents(r.real)}`}));
    const rowH = wide ? Math.max(2 * barH + 3, lines.length * (fs + 3)) : 2 * barH + 3;
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
function classChart(rows, width, fontSize = 16) {
  const W = Math.max(280, Math.floor(width));
  const fs = Math.round(Math.max(12, Math.min(24, fontSize * 0.85)));
  const pad = 12; // room for the diamond at both ends
  const track = W - 2 * pad;
  let max = 1;
  for (const r of rows) max = Math.max(max, r.real, r.st.max ?? 0);
  max = Math.ceil(max / 10000) * 10000; // whole hundreds of euros
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
    const txt = r.st.n ? `moyenne ${fmtCents(r.st.mean, {decimals: false})} · réalité ${fmtCents(r.real, {decimals: false})}` : `réalité ${fmtCents(r.real, {decimals: false})}`;
    g.append(s('text', {x: pad, y: cy + Math.round(fs * 2), fill: COL.light, 'font-size': fs - 1, text: txt}));
    y = cy + Math.round(fs * 2.8);
    svg.append(g);
  }
  // A scale every 100 € (every 200 € when narrow), behind the rows.
  const step = W < 480 && max > 40000 ? 20000 : 10000;
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

  function show(state, info = {}) {
    const kind = kindOf(state);
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
        h('li', null, 'Choisissez la collectivité, l\'année et le niveau de détail.'),
        h('li', null, 'Donnez le lien ou le QR code aux élèves : chacun répartit 1 000 €, puis découvre la vraie répartition et son score.'),
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
        h('div', {class: 'control'}, h('label', {for: 'game-year'}, 'Année des comptes'), el.year), el.yearNote,
        el.section, el.grid,
        h('div', {class: 'check'}, el.nv, h('label', {for: 'game-nv'}, 'Ajouter la part « Dette, reversements et non ventilé » (intérêts des emprunts, impôts reversés)')),
        el.preview));
    replace(root, intro, form, el.out);
    el.rules = $('game-rules');

    let indexError = '';
    loadIndex().catch((e) => { indexError = `La recherche n'est pas disponible : ${e.message}`; });
    combobox({
      input: el.search, list: el.list, status: el.searchStatus, unavailable: () => indexError,
      search: async (q, n) => { await loadIndex(); return call('search', q, n); },
      onChoose: (r) => {
        el.searchStatus.textContent = '';
        go({key: r.key, year: null, section: current?.section || 'all', grid: current?.grid || 'six', nv: current?.nv || false});
      },
    });
    const go = (setup, replaceEntry = false) => navigate({view: 'game', sub: 'preparer', params: G.setupParams(setup)}, {replace: replaceEntry});
    el.year.addEventListener('change', () => go({...current, year: Number(el.year.value)}));
    for (const r of el.section.querySelectorAll('input')) r.addEventListener('change', () => go({...current, section: r.value}));
    for (const r of el.grid.querySelectorAll('input')) r.addEventListener('change', () => go({...current, grid: r.value}));
    el.nv.addEventListener('change', () => go({...current, nv: el.nv.checked}));

    const setDisabled = (on) => {
      for (const c of el.rules.querySelectorAll('input, select')) c.disabled = on;
    };

    async function update(state) {
      const asked = G.setupOf(state.params);
      current = asked;
      const my = ++token;
      if (!asked) {
        el.chosen.textContent = 'Aucune collectivité choisie.';
        setDisabled(true);
        el.out.hidden = true;
        replace(el.preview);
        return;
      }
      el.rules.setAttribute('aria-busy', 'true');
      let g;
      try {
        g = await loadGame(asked);
      } catch (e) {
        if (my !== token) return;
        el.rules.setAttribute('aria-busy', 'false');
        el.chosen.textContent = '';
        setDisabled(true);
        el.out.hidden = true;
        replace(el.preview, h('p', {class: 'notice notice-warn', role: 'alert', 'data-testid': 'game-setup-error'}, e.message));
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
      el.chosen.textContent = [info.name, info.kindLabel, info.population ? `${fmtInt(info.population)} habitants` : ''].filter(Boolean).join(' · ');
      replace(el.year, ...g.years.map((y) => h('option', {value: y.year, selected: y.year === setup.year},
        `${y.year} — ${DOCUMENTS[y.document] || y.document}${y.detail === 'aggregated' ? ' (chiffres agrégés)' : ''}`)));
      for (const r of el.section.querySelectorAll('input')) { r.checked = r.value === setup.section; r.disabled = g.aggregated && r.value !== 'all'; }
      for (const r of el.grid.querySelectorAll('input')) { r.checked = r.value === setup.grid; r.disabled = g.aggregated && r.value !== 'six'; }
      el.nv.checked = setup.nv;
      el.nv.disabled = g.aggregated;
      el.yearNote.textContent = g.aggregated
        ? 'Chiffres agrégés pour cette année : six grands groupes seulement, fonctionnement et investissement ensemble.'
        : '';
      replace(el.preview,
        h('p', null, `Les élèves répartiront 1 000 € entre ${g.policies.length} politiques :`),
        h('ul', {class: 'game-preview-list'}, g.policies.map((p) => h('li', null, p.label))));
      renderLink(g);
      document.title = `Le jeu en classe : ${info.name} — Le jeu des 1 000 €`;
    }

    function renderLink(g) {
      const playHash = hashOf('', g.setup);
      const link = absolute(playHash);
      const linkInput = h('input', {type: 'text', id: 'game-link', readonly: true, value: link, 'data-testid': 'game-link', class: 'game-link-input',
        onfocus: (e) => e.target.select()});
      const copyStatus = h('span', {class: 'hint', role: 'status', 'aria-live': 'polite'});
      replace(el.out,
        h('h2', {id: 'game-link-title'}, '3. Le lien de la partie'),
        h('p', null, gameSubtitle(g)),
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
    let guess = []; // whole euros per policy
    let token = 0;
    const body = h('div', {class: 'game-pupil', 'data-testid': 'game-pupil', 'aria-busy': 'true'});
    const sub = h('p', {class: 'game-subtitle', 'data-testid': 'game-subtitle'});
    replace(root, sub, body);
    let rows = [];
    let statusEl;
    let liveEl;
    let meterFill;
    let revealError;
    let chart = null;
    const announce = debounce((t) => { if (liveEl) liveEl.textContent = t; }, 700);

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
      if (state.params.reponse) {
        const d = G.decodeAnswer(state.params.reponse, g.setup);
        if (d.error || d.n !== g.policies.length) {
          replace(body, errorBox(d.error || 'Ce code ne correspond pas à cette partie.', 'game-reveal-error'));
          return;
        }
        guess = d.euros;
        renderReveal(d);
      } else {
        renderPlay();
      }
    }

    function remaining() {
      return G.TOTAL_EUROS - G.sum(guess);
    }

    function statusText(r) {
      if (r > 0) return `Reste à placer : ${fmtCents(r * 100, {decimals: false})}`;
      if (r < 0) return `Trop placé : ${fmtCents(-r * 100, {decimals: false})} de plus que 1 000 € — retire-les quelque part.`;
      return 'Les 1 000 € sont placés : tu peux voir la réponse.';
    }

    function refreshStatus() {
      const r = remaining();
      statusEl.textContent = statusText(r);
      statusEl.classList.toggle('is-done', r === 0);
      statusEl.classList.toggle('is-over', r < 0);
      statusEl.dataset.remaining = String(r);
      meterFill.style.width = `${Math.min(100, Math.max(0, (G.sum(guess) / 10)))}%`;
      meterFill.classList.toggle('is-over', r < 0);
      announce(statusText(r));
      if (r === 0 && revealError) revealError.textContent = '';
    }

    function setGuess(i, v, from) {
      guess[i] = v;
      const row = rows[i];
      if (from !== 'range') row.range.value = String(v);
      if (from !== 'input') row.input.value = String(v);
      row.range.setAttribute('aria-valuetext', `${v} €`);
      row.err.textContent = '';
      row.input.removeAttribute('aria-invalid');
      refreshStatus();
    }

    function renderPlay() {
      const kind = kindWord(g.info);
      statusEl = h('p', {class: 'game-remaining', id: 'game-remaining', 'data-testid': 'game-remaining', 'aria-hidden': 'false'});
      liveEl = h('p', {class: 'visually-hidden', role: 'status', 'aria-live': 'polite', 'data-testid': 'game-remaining-live'});
      meterFill = h('span', {class: 'game-meter-fill'});
      revealError = h('p', {class: 'game-reveal-error', role: 'alert', 'data-testid': 'game-sum-error'});
      rows = g.policies.map((p, i) => {
        const id = `game-${p.code}`;
        const range = h('input', {type: 'range', id: `${id}-range`, min: '0', max: '1000', step: '1', value: String(guess[i]),
          'aria-labelledby': `${id}-label`, 'aria-describedby': `${id}-hint`, 'data-testid': `game-range-${p.code}`, class: 'game-range'});
        const input = h('input', {type: 'text', inputmode: 'numeric', id: `${id}-input`, value: String(guess[i]), size: '5', maxlength: '5',
          autocomplete: 'off', 'aria-describedby': `${id}-hint ${id}-err`, 'data-testid': `game-input-${p.code}`, class: 'game-input'});
        const err = h('p', {class: 'field-error', id: `${id}-err`, 'data-testid': `game-err-${p.code}`});
        range.addEventListener('input', () => setGuess(i, Number(range.value), 'range'));
        input.addEventListener('input', () => {
          const t = input.value.replace(/[\s\u00a0\u202f€]/g, '');
          if (t === '') { guess[i] = 0; range.value = '0'; refreshStatus(); return; }
          if (!/^\d+$/.test(t) || Number(t) > 1000) {
            err.textContent = 'Un nombre entier d\'euros, de 0 à 1 000.';
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
            h('span', {class: 'game-amount'}, input, h('span', {'aria-hidden': 'true'}, ' €'))),
          err);
        return {li, range, input, err};
      });
      replace(body,
        h('p', {class: 'game-question'}, `Sur 1 000 € dépensés par ${kind} (${G.SECTIONS[g.setup.section]}), combien vont à chaque politique ? `,
          'Répartis les 1 000 € avec les curseurs ou en tapant les montants : le total doit faire exactement 1 000 €.'),
        h('div', {class: 'game-status-bar'}, statusEl, h('span', {class: 'game-meter', 'aria-hidden': 'true'}, meterFill), liveEl),
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

    function reveal() {
      const r = remaining();
      if (r !== 0) {
        revealError.textContent = r > 0
          ? `Il reste ${fmtCents(r * 100, {decimals: false})} à placer : le total doit faire exactement 1 000 €.`
          : `Tu as placé ${fmtCents(-r * 100, {decimals: false})} de trop : le total doit faire exactement 1 000 €.`;
        return;
      }
      const nonce = crypto.getRandomValues(new Uint16Array(1))[0] & 0x3ff;
      const code = G.encodeAnswer(g.setup, guess, nonce);
      navigate({view: 'game', sub: '', params: {...G.setupParams(g.setup), reponse: code}});
    }

    function renderReveal(d) {
      const guessC = guess.map((e) => e * 100);
      const realC = g.policies.map((p) => p.real);
      const score = G.scoreOf(guessC, realC);
      const gi = G.largestGap(guessC, realC);
      const gp = g.policies[gi];
      const gap = guessC[gi] - realC[gi];
      const code = G.formatCode(d.code);
      const classUrl = absolute(hashOf('classe', g.setup, {ajout: d.code}));
      const chartBox = h('div', {class: 'chart-box', 'data-testid': 'game-reveal-chart'});
      const copyStatus = h('span', {class: 'hint', role: 'status', 'aria-live': 'polite'});
      const table = h('table', {class: 'split-table game-table', 'data-testid': 'game-reveal-table'},
        h('caption', null, `Ton estimation et la réalité, pour 1 000 € (${g.info.name}, ${docOf(g.report)})`),
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
          h('td', {class: 'num'}, fmtCents(G.sum(guessC), {decimals: false})), h('td', {class: 'num strong'}, fmtCents(G.sum(realC))), h('td', null, ''))));
      replace(body,
        h('div', {class: 'game-score', 'data-testid': 'game-score', 'data-score': String(score), tabindex: '-1', id: 'game-score'},
          h('p', {class: 'game-score-label'}, 'Ton score'),
          h('p', {class: 'game-score-value'}, h('strong', null, fmtCents(score, {unit: ''})), ' sur 1 000'),
          h('p', {class: 'hint'}, 'Le score vaut 1 000 moins la moitié de la somme des écarts : plus il est proche de 1 000, plus ton estimation est proche de la répartition réelle. Le jeu note une estimation, pas le budget : il n\'y a pas de bonne ou de mauvaise façon de dépenser.')),
        h('figure', {class: 'chart game-chart'},
          h('figcaption', {class: 'chart-caption'}, 'Ton estimation et la réalité, en euros sur 1 000 €'),
          h('p', {class: 'game-legend', 'aria-hidden': 'true'},
            h('span', {class: 'key key-guess'}), ' Ton estimation ', h('span', {class: 'key key-real'}), ' La réalité'),
          chartBox),
        h('div', {class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Tableau des écarts'}, table),
        h('section', {class: 'game-gap panel', 'data-testid': 'game-gap', 'aria-labelledby': 'game-gap-title'},
          h('h2', {id: 'game-gap-title'}, `Le plus grand écart : ${gp.label}`),
          h('p', null, gap === 0 ? 'Aucun écart : ton estimation est exactement la réalité.'
            : `Tu as mis ${fmtCents(guessC[gi], {decimals: false})}, la réalité est ${fmtCents(realC[gi])} : ${fmtCents(Math.abs(gap))} ${gap > 0 ? 'de plus' : 'de moins'}.`),
          h('p', null, h('strong', null, 'À savoir : '), G.explanation(gp.code, g.info.kind)),
          g.setup.section === 'I' ? h('p', {class: 'hint'}, 'En investissement, les grands travaux d\'une année (une école neuve, une route refaite) font beaucoup varier les parts d\'une année à l\'autre.') : null),
        h('section', {class: 'game-answer panel', 'aria-labelledby': 'game-answer-title', 'data-testid': 'game-answer'},
          h('h2', {id: 'game-answer-title'}, 'Ton code réponse'),
          h('p', {class: 'game-code', 'data-testid': 'game-code', 'data-code': d.code}, code),
          h('p', null, 'Montre ce code ou ce QR code à ton enseignant·e, ou recopie-le : c\'est tout ce qu\'il faut pour les résultats de la classe. Il ne contient ni ton nom ni rien sur toi.'),
          h('div', {class: 'game-answer-row'},
            qrFigure(classUrl, {caption: 'QR code de ta réponse, à scanner par l\'enseignant·e', testid: 'game-answer-qr', title: `QR code de la réponse ${code}`}),
            h('div', null,
              h('button', {type: 'button', class: 'btn btn-secondary', 'data-testid': 'game-copy-code', onclick: () => copyText(code, copyStatus)}, 'Copier le code'),
              ' ', copyStatus))),
        aggregatedNote(g),
        h('p', {class: 'provenance', 'data-testid': 'game-provenance'}, provenanceText(g.report)),
        h('div', {class: 'game-actions'},
          h('button', {type: 'button', class: 'btn btn-primary', 'data-testid': 'game-replay', onclick: () => {
            navigate({view: 'game', sub: '', params: G.setupParams(g.setup)});
          }}, 'Rejouer'),
          h('a', {class: 'btn btn-secondary', href: `#/collectivite/${g.setup.key}?annee=${g.setup.year}${g.setup.section === 'all' ? '' : `&section=${g.setup.section}`}&grille=${g.setup.grid}${g.setup.nv ? '' : '&regles=ventile'}`,
            'data-testid': 'game-details-link'}, `Tous les chiffres de ${g.info.name}`),
          projectorButton()));
      if (chart) chart.disconnect();
      chart = mountChart(chartBox, (w, f) => pairChart(g.policies.map((p, i) => ({code: p.code, label: p.label, guess: guessC[i], real: realC[i]})), w, f));
      $('game-score').focus();
    }

    return {update, destroy: () => chart && chart.disconnect()};
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

    function addCodes(text) {
      const tokens = String(text).split(/[\s,;]+/).filter(Boolean);
      // Codes typed with spaces between groups: join pieces that are not codes alone.
      const pieces = [];
      for (const t of tokens) {
        const last = pieces[pieces.length - 1];
        if (last && !G.decodeAnswer(last).n && G.normalizeCode(last + t)) pieces[pieces.length - 1] = last + t;
        else pieces.push(t);
      }
      const store = readStore();
      const party = store.parties[partyKey()] || {setup: G.setupParams(g.setup), name: g.info.name, codes: []};
      const lines = [];
      let added = 0;
      for (const t of pieces) {
        const d = G.decodeAnswer(t, g.setup);
        if (!d.error && d.n !== g.policies.length) d.error = 'Ce code ne correspond pas à cette partie.';
        if (d.error) { lines.push({ok: false, text: `${t} : ${d.error}`}); continue; }
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
      replace(msgs, lines.map((l) => h('li', {class: l.ok ? 'ok' : 'bad'}, l.text)));
      renderResults();
    }

    function build() {
      const area = h('textarea', {id: 'game-codes', rows: '4', 'data-testid': 'game-codes', spellcheck: 'false', autocomplete: 'off',
        'aria-describedby': 'game-codes-hint', placeholder: 'ex. 165P-G59C-1J68-4P34-CA'});
      msgs = h('ul', {class: 'game-messages', role: 'status', 'aria-live': 'polite', 'data-testid': 'game-codes-status'});
      results = h('div', {class: 'game-results', 'data-testid': 'game-results'});
      replace(body,
        h('form', {class: 'panel game-codes-form', onsubmit: (e) => { e.preventDefault(); addCodes(area.value); area.value = ''; }},
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

    function renderResults() {
      if (ro) { ro.disconnect(); ro = null; }
      const answers = codesOf().map((c) => G.decodeAnswer(c, g.setup)).filter((d) => !d.error && d.n === g.policies.length);
      const realC = g.policies.map((p) => p.real);
      if (!answers.length) {
        replace(results, h('p', {class: 'notice notice-info', 'data-testid': 'game-class-empty'}, 'Aucune réponse pour l\'instant. Ajoutez les codes des élèves ci-dessus.'));
        return;
      }
      const per = g.policies.map((p, i) => ({code: p.code, label: p.label, real: realC[i], st: G.stats(answers.map((a) => a.euros[i] * 100))}));
      const scores = G.stats(answers.map((a) => G.scoreOf(a.euros.map((e) => e * 100), realC)));
      const chartBox = h('div', {class: 'chart-box', 'data-testid': 'game-class-chart'});
      replace(results,
        h('h2', {'data-testid': 'game-class-count'}, `${answers.length} réponse${answers.length > 1 ? 's' : ''}`),
        h('p', {class: 'game-class-scores', 'data-testid': 'game-class-scores'},
          `Score moyen de la classe : ${fmtCents(scores.mean, {unit: ''})} sur 1 000 (de ${fmtCents(scores.min, {unit: ''})} à ${fmtCents(scores.max, {unit: ''})}).`),
        h('figure', {class: 'chart'},
          h('figcaption', {class: 'chart-caption'}, 'Les réponses de la classe et la réalité, en euros sur 1 000 €'),
          h('p', {class: 'game-legend', 'aria-hidden': 'true'},
            h('span', {class: 'key key-box'}), ' la moitié des élèves (quartiles) ', h('span', {class: 'key key-line'}), ' du plus petit au plus grand ',
            h('span', {class: 'key key-mean'}), ' moyenne ', h('span', {class: 'key key-diamond'}), ' réalité'),
          chartBox),
        h('div', {class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Tableau des réponses de la classe'},
          h('table', {class: 'split-table game-table', 'data-testid': 'game-class-table'},
            h('caption', null, `Réponses de la classe et réalité, pour 1 000 € (${answers.length} réponse${answers.length > 1 ? 's' : ''})`),
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
        h('details', {class: 'game-code-list'},
          h('summary', null, 'Les codes reçus'),
          h('ul', {'data-testid': 'game-class-codes'}, codesOf().map((c) => h('li', null, h('code', null, G.formatCode(c)), ' ',
            h('button', {type: 'button', class: 'btn btn-link', 'aria-label': `Retirer la réponse ${G.formatCode(c)}`, onclick: () => {
              const store = readStore();
              const party = store.parties[partyKey()];
              if (party) party.codes = party.codes.filter((x) => x !== c);
              if (party && !party.codes.length) delete store.parties[partyKey()];
              writeStore(store);
              renderResults();
            }}, 'retirer'))))));
      ro = mountChart(chartBox, (w, f) => classChart(per, w, f));
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
      if (my !== token) return;
      const kind = kindWord(g.info);
      const link = absolute(hashOf('', g.setup));
      document.title = `Fiche du jeu : ${g.info.name} — Le jeu des 1 000 €`;
      replace(body,
        h('div', {class: 'game-actions no-print'},
          h('button', {type: 'button', class: 'btn btn-primary', 'data-testid': 'game-print', onclick: () => window.print()}, 'Imprimer la fiche et le corrigé'),
          h('a', {class: 'btn btn-secondary', href: hashOf('preparer', g.setup)}, 'Revenir à la préparation')),
        h('section', {class: 'sheet-page', 'data-testid': 'game-sheet-pupil', 'aria-labelledby': 'sheet-pupil-title'},
          h('h2', {id: 'sheet-pupil-title'}, 'Le jeu des 1 000 € — fiche élève'),
          h('p', {class: 'sheet-sub'}, gameSubtitle(g)),
          h('p', null, `Sur 1 000 € dépensés par ${kind}, combien vont à chaque politique ? Écris ton estimation en euros : le total doit faire exactement 1 000 €.`),
          h('table', {class: 'sheet-table'},
            h('thead', null, h('tr', null, h('th', {scope: 'col'}, 'Politique'), h('th', {scope: 'col', class: 'num'}, 'Mon estimation'),
              h('th', {scope: 'col', class: 'num'}, 'La réalité', h('span', {class: 'th-sub'}, 'après la correction')),
              h('th', {scope: 'col', class: 'num'}, 'Écart', h('span', {class: 'th-sub'}, 'sans le signe')))),
            h('tbody', null, g.policies.map((p) => h('tr', null,
              h('th', {scope: 'row'}, p.label, p.hint ? h('span', {class: 'hint'}, p.hint) : null),
              h('td', {class: 'num sheet-blank'}, h('span', {class: 'sheet-box', 'aria-label': 'à remplir'}), ' €'),
              h('td', {class: 'num sheet-blank'}, h('span', {class: 'sheet-box', 'aria-label': 'à remplir'}), ' €'),
              h('td', {class: 'num sheet-blank'}, h('span', {class: 'sheet-box', 'aria-label': 'à remplir'}), ' €')))),
            h('tfoot', null, h('tr', null, h('th', {scope: 'row'}, 'Total'), h('td', {class: 'num'}, '1 000 €'), h('td', {class: 'num'}, '1 000 €'),
              h('td', {class: 'num sheet-blank'}, h('span', {class: 'sheet-box', 'aria-label': 'somme des écarts, à remplir'}), ' €')))),
          h('p', {class: 'sheet-score'}, 'Mon score = 1 000 − (somme des écarts ÷ 2) = ', h('span', {class: 'sheet-box', 'aria-label': 'à remplir'})),
          h('div', {class: 'sheet-qr'},
            qrFigure(link, {caption: 'Pour jouer sur une tablette : scanne ce QR code.', testid: 'game-sheet-qr', title: 'QR code du lien de la partie'}))),
        h('section', {class: 'sheet-page sheet-key', 'data-testid': 'game-sheet-key', 'aria-labelledby': 'sheet-key-title'},
          h('h2', {id: 'sheet-key-title'}, 'Corrigé'),
          h('p', {class: 'sheet-sub'}, gameSubtitle(g)),
          h('table', {class: 'sheet-table'},
            h('thead', null, h('tr', null, h('th', {scope: 'col'}, 'Politique'), h('th', {scope: 'col', class: 'num'}, 'La réalité, pour 1 000 €'))),
            h('tbody', null, g.policies.map((p) => h('tr', {'data-testid': `game-key-row-${p.code}`},
              h('th', {scope: 'row'}, p.label), h('td', {class: 'num'}, fmtCents(p.real))))),
            h('tfoot', null, h('tr', null, h('th', {scope: 'row'}, 'Total'), h('td', {class: 'num'}, fmtCents(G.sum(g.policies.map((p) => p.real))))))),
          h('p', null, h('strong', null, 'Score : '), '1 000 moins la moitié de la somme des écarts (en euros, sans signe) entre l\'estimation et la réalité. 1 000 = estimation parfaite.'),
          h('p', null, h('strong', null, 'À savoir : '), 'le jeu note une estimation, pas le budget : il n\'y a pas de bonne ou de mauvaise façon de dépenser. Les écarts sont une occasion de parler de qui fait quoi (commune, intercommunalité, département, région, État).'),
          h('ul', {class: 'sheet-why'}, g.policies.slice().sort((a, b) => b.real - a.real).slice(0, 3).map((p) => h('li', null, h('strong', null, `${p.label} : `), G.explanation(p.code, g.info.kind)))),
          aggregatedNote(g),
          h('p', {class: 'provenance'}, provenanceText(g.report))));
    }

    return {update};
  }

  /** Leaving the game: projector mode is the game's only. */
  function hide() {
    if (projector) { projector = false; setProjector(false); }
  }

  return {show, hide};
}
