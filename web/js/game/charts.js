// The game's charts, drawn in SVG at their box's width and again when the
// width or the font size changes (projector mode): the estimate beside the
// reality (or two splits side by side), and the class's answers.

import {s} from '../dom.js';
import {fmtCents} from '../money.js';

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
export function guessSeries(unit = '') {
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
export function barsChart(rows, width, fontSize, series, scaleMax = 0) {
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
export function classChart(rows, width, fontSize = 16, unit = '') {
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
export function mountChart(box, draw) {
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

export const FONT_EVENT = 'jeu1000:font-size';

export function setProjector(on) {
  document.body.classList.toggle('projector', on);
  window.dispatchEvent(new Event(FONT_EVENT));
}
