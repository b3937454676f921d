// Horizontal bar charts in SVG: one bar per part of the 1,000 €, labelled
// "123,45 €". The draft is hatched; a reference is a thin solid bar under
// it; the median of the peers is a tick across the bar. The SVG is drawn at
// the container's pixel width (re-drawn on resize) so that text keeps its
// size from a 375 px phone to a projector. It is hidden from screen readers:
// the table next to it carries the same figures.

import {s} from './dom.js';

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", Arial, sans-serif';
export const COLORS = {
  bar: '#1e4fa0',
  barSelected: '#0b2a5c',
  muted: '#5f6470',
  hatchBg: '#dfe7f6',
  ref: '#3b3b3b',
  median: '#b3261e',
  text: '#1b1b1f',
  textLight: '#4a4d55',
  grid: '#d7d9df',
};

let uid = 0;
let measureCtx = null;

function measure(text, font) {
  if (!measureCtx) measureCtx = document.createElement('canvas').getContext('2d');
  measureCtx.font = font;
  return measureCtx.measureText(text).width;
}

function fit(text, maxW, font) {
  if (measure(text, font) <= maxW) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (measure(text.slice(0, mid) + '…', font) <= maxW) lo = mid; else hi = mid - 1;
  }
  return text.slice(0, Math.max(1, lo)).trimEnd() + '…';
}

/** Up to maxLines lines of at most maxW pixels, the last one cut with "…". */
function wrap(text, maxW, font, maxLines) {
  const words = text.split(/\s+/);
  const lines = [];
  let cur = '';
  for (let i = 0; i < words.length; i++) {
    const next = cur ? `${cur} ${words[i]}` : words[i];
    if (measure(next, font) <= maxW || !cur) { cur = next; continue; }
    if (lines.length === maxLines - 1) { cur = `${cur} ${words.slice(i).join(' ')}`; break; }
    lines.push(cur);
    cur = words[i];
  }
  lines.push(fit(cur, maxW, font));
  return lines;
}

function rootFontSize() {
  const px = parseFloat(getComputedStyle(document.documentElement).fontSize);
  return Number.isFinite(px) ? px : 16;
}

/**
 * Draws the chart. spec:
 *   rows: [{code, label, value (cents of the 1,000 €, or null), valueText,
 *           ref, refText, median, muted, selected}]
 *   draft: hatched bars; hasRef: draw reference bars; hasMedian: draw ticks;
 *   onSelect(code): click on a bar; title: the chart's name (for exports).
 */
export function drawBars(spec, width) {
  const fs = Math.max(12, Math.min(20, rootFontSize() * 0.9));
  const font = `${fs}px ${FONT}`;
  const fontBold = `600 ${fs}px ${FONT}`;
  const small = Math.round(fs * 0.8);
  const W = Math.max(280, Math.floor(width));
  const wide = W >= 720; // narrower: the label above its bar, never cut short
  const hasRef = Boolean(spec.hasRef);
  const hasMedian = Boolean(spec.hasMedian);
  const rows = spec.rows;

  let max = 1;
  for (const r of rows) {
    for (const v of [r.value, hasRef ? r.ref : null, hasMedian ? r.median : null]) {
      if (v !== null && v !== undefined && v > max) max = v;
    }
  }

  const barH = Math.round(fs * 1.3);
  const refH = Math.round(fs * 0.55);
  const valueW = measure('1 000,00 €', fontBold) + 10;
  const labelW = wide ? Math.min(W * 0.38, 26 * fs) : W;
  const barX = wide ? labelW + 12 : 0;
  const barMax = Math.max(40, W - barX - valueW - 4);
  const lineH = Math.round(fs * 1.3);
  // Narrow: each label above its bar, on up to two lines.
  const labels = rows.map((r) => (wide ? [fit(r.label, labelW - 4, font)] : wrap(r.label, W - 4, font, 2)));
  const gap = Math.round(fs * (wide ? 0.7 : 0.9));
  const heights = labels.map((l) => (wide ? 0 : l.length * lineH + 4) + barH + (hasRef ? refH + 4 : 0) + gap);
  const top = 4;
  const tops = [];
  let acc = top;
  for (const hgt of heights) { tops.push(acc); acc += hgt; }
  const H = acc + 4;
  const id = `c${++uid}`;

  const svg = s('svg', {
    xmlns: 'http://www.w3.org/2000/svg',
    viewBox: `0 0 ${W} ${H}`, width: W, height: H,
    'font-family': FONT, 'font-size': fs, class: 'bars', 'aria-hidden': 'true', focusable: 'false',
  });
  if (spec.draft) {
    svg.append(s('defs', null,
      s('pattern', {id: `${id}-hatch`, patternUnits: 'userSpaceOnUse', width: 8, height: 8, patternTransform: 'rotate(45)'},
        s('rect', {width: 8, height: 8, fill: COLORS.hatchBg}),
        s('rect', {width: 3.5, height: 8, fill: COLORS.bar}))));
  }
  const x = (v) => (v > 0 ? Math.max(1, (v / max) * barMax) : 0);

  rows.forEach((r, i) => {
    const y0 = tops[i];
    const rowH = heights[i];
    const by = y0 + (wide ? 0 : labels[i].length * lineH + 4);
    const color = r.selected ? COLORS.barSelected : (r.muted ? COLORS.muted : COLORS.bar);
    const g = s('g', {class: r.selected ? 'bar-row is-selected' : 'bar-row', dataset: {code: r.code}});
    if (spec.onSelect) g.addEventListener('click', () => spec.onSelect(r.code));
    // Hit area over the whole row.
    g.append(s('rect', {x: 0, y: y0, width: W, height: rowH, fill: 'transparent', class: 'bar-hit'}));
    const label = r.label;
    g.append(s('title', {text: `${label} : ${r.valueText}`}));
    if (wide) {
      g.append(s('text', {x: labelW, y: by + barH / 2, 'dominant-baseline': 'central', 'text-anchor': 'end',
        fill: COLORS.text, 'font-weight': r.selected ? 700 : 400, text: labels[i][0]}));
    } else {
      labels[i].forEach((line, k) => g.append(s('text', {x: 0, y: y0 + fs + k * lineH, fill: COLORS.text,
        'font-weight': r.selected ? 700 : 400, text: line})));
    }
    const w = r.value === null || r.value === undefined ? 0 : x(r.value);
    if (r.value === null || r.value === undefined) {
      g.append(s('text', {x: barX + 4, y: by + barH / 2, 'dominant-baseline': 'central', fill: COLORS.textLight,
        'font-size': small, text: 'non disponible'}));
    } else {
      g.append(s('rect', {
        class: 'bar', x: barX, y: by, width: w, height: barH, rx: 2,
        fill: spec.draft ? `url(#${id}-hatch)` : color,
        stroke: spec.draft ? color : 'none', 'stroke-width': spec.draft ? 1.5 : 0,
      }));
      // The value after the bar, and after the median tick when it is close.
      const mw = hasMedian && r.median !== null && r.median !== undefined ? (r.median / max) * barMax : -Infinity;
      const tx = barX + (mw > w - 4 && mw < w + valueW ? mw + 4 : w) + 6;
      g.append(s('text', {x: tx, y: by + barH / 2, 'dominant-baseline': 'central',
        fill: COLORS.text, 'font-weight': 600, stroke: '#ffffff', 'stroke-width': 3, 'paint-order': 'stroke',
        text: r.valueText}));
    }
    if (hasRef && r.ref !== null && r.ref !== undefined) {
      const ry = by + barH + 3;
      const rw = x(r.ref);
      g.append(s('rect', {class: 'bar-ref', x: barX, y: ry, width: rw, height: refH, fill: COLORS.ref}));
      g.append(s('text', {x: barX + rw + 6, y: ry + refH / 2, 'dominant-baseline': 'central',
        fill: COLORS.textLight, 'font-size': small, text: r.refText}));
    }
    if (hasMedian && r.median !== null && r.median !== undefined) {
      const mx = barX + (r.median / max) * barMax;
      const y1 = by - 3;
      const y2 = by + barH + (hasRef ? refH + 6 : 3);
      g.append(s('line', {class: 'median', x1: mx, x2: mx, y1, y2, stroke: COLORS.median, 'stroke-width': 2.5}));
      g.append(s('path', {d: `M${mx - 4} ${y1 - 3} L${mx} ${y1 + 2} L${mx + 4} ${y1 - 3} Z`, fill: COLORS.median}));
    }
    svg.append(g);
  });
  return svg;
}

/**
 * Mounts a chart in a container and re-draws it when the container's width
 * changes. Returns {update(spec), svg()}.
 */
export function mountBars(container) {
  let spec = null;
  let lastW = 0;
  const draw = (width) => {
    if (!spec) return;
    const w = width || container.clientWidth;
    if (!w) return;
    lastW = w;
    container.replaceChildren(drawBars(spec, w));
  };
  const ro = new ResizeObserver(() => {
    if (container.clientWidth && Math.abs(container.clientWidth - lastW) > 1) requestAnimationFrame(() => draw());
  });
  ro.observe(container);
  return {
    /**
     * Draws spec, at width when given (the container may not be laid out
     * yet, or not be in the page: nothing is read), else at the
     * container's width. A width that turns out wrong is drawn again.
     */
    update(next, width) { spec = next; draw(width); },
    svg: () => container.querySelector('svg'),
    disconnect: () => ro.disconnect(),
  };
}

/** A standalone SVG document of a drawn chart, with a title, for download. */
export function exportSVG(svgEl, title, subtitle) {
  const clone = svgEl.cloneNode(true);
  const W = Number(clone.getAttribute('width'));
  const H = Number(clone.getAttribute('height'));
  // The source (subtitle) is wrapped on whole words: never cut mid-sentence.
  const lines = wrapWords(subtitle || '', W, 13);
  const head = 32 + lines.length * 17 + 8;
  clone.setAttribute('viewBox', `0 ${-head} ${W} ${H + head + 24}`);
  clone.setAttribute('height', H + head + 24);
  clone.removeAttribute('aria-hidden');
  clone.removeAttribute('class');
  const bg = s('rect', {x: 0, y: -head, width: W, height: H + head + 24, fill: '#ffffff'});
  clone.insertBefore(bg, clone.firstChild);
  clone.append(s('text', {x: 0, y: -head + 20, 'font-weight': 700, fill: COLORS.text, text: title}));
  lines.forEach((line, i) => {
    clone.append(s('text', {x: 0, y: -head + 42 + i * 17, 'font-size': 13, fill: COLORS.textLight, text: line, class: 'source-line'}));
  });
  return new XMLSerializer().serializeToString(clone);
}

/**
 * Splits text into lines no wider than width (pixels, at size px of the
 * chart's font), on spaces. A word wider than a line stays whole on its own
 * line.
 */
export function wrapWords(text, width, size) {
  const font = `${size}px ${FONT}`;
  const lines = [];
  let line = '';
  for (const word of String(text).split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (line && measure(next, font) > width) {
      lines.push(line);
      line = word;
    } else {
      line = next;
    }
  }
  if (line) lines.push(line);
  return lines;
}
