// Exports for everyone, under a result of « Ma collectivité »: the chart as
// PNG, a one-page print (see game.css, @media print), the embeddable view
// (#/embed/…) with its iframe snippet, and « Mes impôts locaux » (an amount
// split like the 1,000 €, largest remainder in integer cents).
//
// Also the embed view itself: only the chart, its title and its source.

import {$, h, replace, download} from './dom.js';
import {cents, fmtCents, largestRemainder, parseAmount} from './money.js';
import {call} from './engine.js';
import {loadForYear, yearToShow} from './compare.js';
import {mountBars, exportSVG} from './chart.js';
import {docShort, provenanceText, gridLabel, isNativeGrid, SECTION_LABELS, SPECIAL} from './resultmodel.js';
import {nameThe, partLabel} from './labels.js';
import {requestOf} from './options.js';
import {slug} from './resultcsv.js';

/** The parts of a report in display order: largest first, special parts last. */
export function orderedParts(report) {
  return [...(report.parts || [])].sort((a, b) => {
    const sa = SPECIAL.has(a.code) ? 1 : 0;
    const sb = SPECIAL.has(b.code) ? 1 : 0;
    if (sa !== sb) return sa - sb;
    return (cents(b.euros) ?? 0) - (cents(a.euros) ?? 0) || String(a.code).localeCompare(String(b.code));
  });
}

/** A PNG Blob of an SVG document (string), drawn on a canvas at scale. */
export function svgToPNG(svgText, scale = 2) {
  return new Promise((resolve, reject) => {
    const url = URL.createObjectURL(new Blob([svgText], {type: 'image/svg+xml'}));
    const img = new Image();
    img.onload = () => {
      try {
        const w = img.naturalWidth || 800;
        const hgt = img.naturalHeight || 600;
        const canvas = document.createElement('canvas');
        canvas.width = Math.round(w * scale);
        canvas.height = Math.round(hgt * scale);
        const ctx = canvas.getContext('2d');
        ctx.fillStyle = '#ffffff';
        ctx.fillRect(0, 0, canvas.width, canvas.height);
        ctx.scale(scale, scale);
        ctx.drawImage(img, 0, 0, w, hgt);
        URL.revokeObjectURL(url);
        canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('Image PNG impossible à créer.'))), 'image/png');
      } catch (e) {
        URL.revokeObjectURL(url);
        reject(e);
      }
    };
    img.onerror = () => { URL.revokeObjectURL(url); reject(new Error('Le graphique n\'a pas pu être dessiné en PNG.')); };
    img.src = url;
  });
}

const frame = () => new Promise((r) => requestAnimationFrame(() => r()));

/**
 * Prints the page on one A4 sheet: the charts are first re-drawn at the
 * width of the printed page (body.print-prep, see game.css), then put back.
 */
export async function printPage() {
  document.body.classList.add('print-prep');
  // The charts re-draw on a resize, in an animation frame.
  for (let i = 0; i < 3; i++) await frame();
  window.print();
}
window.addEventListener('afterprint', () => document.body.classList.remove('print-prep'));

/** The #/embed/… hash of the authority page being shown, or '' (drafts are never embedded). */
function embedHashOf(hash) {
  const m = /^#\/collectivite\/([^/?]+)(\?.*)?$/.exec(hash || '');
  if (!m) return '';
  const q = new URLSearchParams((m[2] || '').slice(1));
  const keep = new URLSearchParams();
  for (const k of ['annee', 'section', 'niveau', 'grille', 'regles']) if (q.get(k)) keep.set(k, q.get(k));
  const qs = keep.toString().replace(/%3A/gi, ':').replace(/%2C/gi, ',');
  return `#/embed/${m[1]}${qs ? `?${qs}` : ''}`;
}

/** The iframe snippet of an embed hash. */
export function iframeSnippet(embedHash, title) {
  const src = `${location.origin}${location.pathname}${embedHash}`;
  const esc = (t) => String(t).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<iframe src="${esc(src)}" title="${esc(title)}" width="100%" height="560" loading="lazy" style="border:0;max-width:780px"></iframe>`;
}

/**
 * The extra exports under a result (splitview.js calls this once per
 * render). Returns a fragment: PNG and print buttons, and for the bundled
 * dataset the embed snippet and « Mes impôts locaux ».
 */
export function exportExtras({idPrefix, report, title, titleOf = `de ${title}`, chartBox, draft = false, source = ''}) {
  const r = report;
  const section = SECTION_LABELS[r.section] || SECTION_LABELS.all;
  const heading = `${title} — ${docShort(r)}${draft ? ' (brouillon)' : ''} : 1 000 € (${section})`;
  const status = h('span', {class: 'hint', role: 'status', 'aria-live': 'polite', 'data-testid': `${idPrefix}-export-status`});
  const png = h('button', {type: 'button', class: 'btn btn-secondary', 'data-testid': `${idPrefix}-export-png`,
    onclick: async () => {
      const svg = chartBox && chartBox.querySelector('svg');
      if (!svg) return;
      status.textContent = '';
      try {
        const text = exportSVG(svg, heading, source || provenanceText(r));
        const blob = await svgToPNG(text, 2);
        download(`${slug(`${title}-${docShort(r)}-${r.section || 'all'}`)}.png`, blob);
      } catch (e) {
        status.textContent = e.message;
      }
    }}, 'Télécharger le graphique (PNG)');
  const print = h('button', {type: 'button', class: 'btn btn-secondary', 'data-testid': `${idPrefix}-print`,
    onclick: printPage}, 'Imprimer (une page)');
  const items = [png, print, status];
  if (draft) return h('span', {class: 'export-extras'}, items);

  const embedHash = embedHashOf(location.hash);
  const blocks = [];
  if (embedHash) {
    const snippet = iframeSnippet(embedHash, `${title} : à quoi servent 1 000 € de dépenses`);
    const area = h('textarea', {id: `${idPrefix}-embed-code`, readonly: true, rows: '3', class: 'embed-code', 'data-testid': `${idPrefix}-embed-code`,
      onfocus: (e) => e.target.select()});
    area.value = snippet;
    const copied = h('span', {class: 'hint', role: 'status', 'aria-live': 'polite'});
    blocks.push(h('details', {class: 'export-more no-print', 'data-testid': `${idPrefix}-embed`},
      h('summary', null, 'Intégrer ce graphique dans un site'),
      h('p', {class: 'hint'}, 'Copiez ce code dans votre page : il affiche le graphique seul, avec sa source. ',
        h('a', {href: embedHash, 'data-testid': `${idPrefix}-embed-link`}, 'Voir l\'aperçu')),
      h('label', {for: `${idPrefix}-embed-code`, class: 'visually-hidden'}, 'Code à copier'), area,
      h('button', {type: 'button', class: 'btn btn-secondary', onclick: async () => {
        try { await navigator.clipboard.writeText(snippet); copied.textContent = 'Copié.'; } catch { area.focus(); copied.textContent = 'Sélectionné : copiez-le (Ctrl+C).'; }
      }}, 'Copier le code'), ' ', copied));
  }
  blocks.push(taxBlock(idPrefix, r, titleOf));
  return h('div', {class: 'export-extras'}, h('div', {class: 'exports-row'}, items), blocks);
}

/** « Mes impôts locaux »: an amount split the same way as the 1,000 €. */
function taxBlock(idPrefix, r, titleOf) {
  const parts = orderedParts(r);
  const id = `${idPrefix}-impots`;
  const input = h('input', {id: `${id}-amount`, type: 'text', inputmode: 'decimal', autocomplete: 'off', 'data-testid': `${id}-amount`,
    'aria-describedby': `${id}-hint ${id}-err`, class: 'impots-input', placeholder: 'ex. 850'});
  const err = h('p', {class: 'field-error', id: `${id}-err`, 'data-testid': `${id}-err`});
  const out = h('div', {class: 'impots-out', 'data-testid': `${id}-out`});
  const render = () => {
    const a = parseAmount(input.value);
    err.textContent = '';
    if (a.empty) { replace(out); return; }
    if (a.error || a.cents <= 0) { err.textContent = a.error || 'Un montant positif, en euros.'; replace(out); return; }
    const shares = largestRemainder(a.cents, parts.map((p) => cents(p.euros) ?? 0));
    replace(out, h('div', {class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Mon montant réparti'},
      h('table', {class: 'split-table impots-table', 'data-testid': `${id}-table`},
        h('caption', null, `${fmtCents(a.cents)} répartis comme les dépenses ${titleOf} (${docShort(r)})`),
        h('thead', null, h('tr', null, h('th', {scope: 'col'}, 'Politique'), h('th', {scope: 'col', class: 'num'}, 'Mon montant'))),
        h('tbody', null, parts.map((p, i) => h('tr', {'data-testid': `${id}-row-${p.code}`, dataset: {cents: String(shares[i])}},
          h('th', {scope: 'row', class: 'policy'}, partLabel(p)), h('td', {class: 'num'}, fmtCents(shares[i]))))),
        h('tfoot', null, h('tr', null, h('th', {scope: 'row'}, 'Total'), h('td', {class: 'num', 'data-testid': `${id}-total`}, fmtCents(shares.reduce((x, y) => x + y, 0))))))));
  };
  input.addEventListener('input', render);
  return h('details', {class: 'export-more impots no-print', 'data-testid': id},
    h('summary', null, 'Mes impôts locaux : combien pour chaque politique ?'),
    h('div', {class: 'control'},
      h('label', {for: `${id}-amount`}, 'Un montant en euros (par exemple votre taxe foncière)'),
      h('span', {class: 'impots-field'}, input, h('span', {'aria-hidden': 'true'}, ' €'))),
    h('p', {class: 'hint', id: `${id}-hint`}, 'Une illustration : le montant est réparti comme l\'ensemble des dépenses de cette collectivité. Les impôts ne financent qu\'une partie des dépenses (il y a aussi les dotations de l\'État, les emprunts, les tarifs) et la taxe foncière est partagée entre la commune, l\'intercommunalité et parfois d\'autres organismes. Rien n\'est enregistré ni envoyé.'),
    err, out);
}

// --- The embed view: #/embed/<key>?annee=…&section=…&grille=…&niveau=…&regles=… ---

export function initEmbed() {
  const root = $('embed-root');
  let token = 0;
  let chart = null;

  async function show(state) {
    const my = ++token;
    document.body.classList.add('is-embed');
    replace(root, h('p', {class: 'hint'}, 'Chargement…'));
    let info;
    let report;
    try {
      // The year of the page it was made from (its link carries it), else
      // the one the page opens on: the core's default year.
      info = await loadForYear(state.key, state.params.annee);
      if (!(info.years || []).length) throw new Error(`Pas de répartition par politique pour ${nameThe(info)}.`);
      report = await call('splitRecord', state.key, yearToShow(info, state.params.annee), requestOf(state.params));
    } catch (e) {
      if (my !== token) return;
      replace(root, h('p', {class: 'notice notice-warn', 'data-testid': 'embed-error'}, e.message));
      return;
    }
    if (my !== token) return;
    const full = `${location.pathname}${location.hash.replace(/^#\/embed\//, '#/collectivite/')}`;
    const box = h('div', {class: 'chart-box', 'data-testid': 'embed-chart'});
    const section = SECTION_LABELS[report.section] || SECTION_LABELS.all;
    replace(root,
      h('h1', {class: 'embed-title', id: 'embed-title', 'data-testid': 'embed-title'}, `${info.name} — ${docShort(report)} : sur 1 000 € de dépenses (${section})`),
      box,
      h('p', {class: 'provenance embed-source', 'data-testid': 'embed-source'}, provenanceText(report).split(' Méthode :')[0], ' ',
        isNativeGrid(report) ? '' : `Regroupement : ${gridLabel(report)}. `,
        h('a', {href: full, target: '_blank', rel: 'noopener', 'data-testid': 'embed-more'}, 'Le détail sur le jeu des 1 000 €')));
    document.title = `${info.name} — Le jeu des 1 000 €`;
    if (chart) chart.disconnect();
    chart = mountBars(box);
    chart.update({rows: orderedParts(report).map((p) => ({
      code: p.code, label: partLabel(p), value: cents(p.euros), valueText: fmtCents(cents(p.euros)), muted: SPECIAL.has(p.code),
    }))});
  }

  return {show, hide: () => document.body.classList.remove('is-embed')};
}
