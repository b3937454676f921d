// The result of a split on screen: heading, bar chart, accessible table,
// drill-down into a part (its children and largest lines), comparison with a
// reference (the draft view), medians of the peers (the citizen view),
// provenance and exports. Shared by both views.

import {DOCUMENTS, SECTION_LABELS, docShort, docLong, isNativeGrid, gridLabel, provenanceText, peerGroups,
  natureReason, buildRows, diffText, refPhrase} from './resultmodel.js';
import {h, s, sr, replace, append, download, nextTask, afterFrame} from './dom.js';
import {fmt, fmtCents, fmtInt} from './money.js';
import {mountBars, exportSVG} from './chart.js';
import {exportExtras} from './export.js';
import {partLabel, labelWithOfficial, partNotes} from './labels.js';
import {slug, resultCSV} from './resultcsv.js';

export {partLabel};

const MAX_TABLE_ROWS = 200;
const MAX_CHART_ROWS = 60;

function perInhabitantCell(value, population, draft) {
  if (value !== undefined && value !== null && value !== '') return h('td', {class: 'num'}, fmt(value));
  const why = population
    ? 'non calculé'
    : (draft ? 'population non indiquée : saisissez-la pour obtenir ce montant' : 'population inconnue pour ce document');
  return h('td', {class: 'num unknown', title: why}, h('span', {'aria-hidden': 'true'}, '—'), sr(`non disponible (${why})`));
}

/**
 * Renders a result into container. model:
 *   report, draft (bool), ref ({report, label, phrase} or null),
 *   peerKind, selected (part code), idPrefix ("citizen" | "draft"),
 *   title, sourceOverride, dataset (bool: figures from the bundled dataset),
 *   table (ctx → elements: another table in place of the parts' table),
 *   csv (ctx → text: another CSV export), exportCaption (said after the
 *   source line of the exported chart)
 * handlers: onSelect(code | null)
 */
export function renderResult(container, model, handlers = {}) {
  const {steps, drill} = resultSteps(container, model, handlers);
  for (const step of steps) step();
  return {drill};
}

/**
 * renderResult in steps, each a short task of its own: the chart drawn off
 * the page, then the heading and the chart on screen, then (once that is
 * drawn) the table, then (once the table is drawn) the detail, the sources
 * and the exports. The layout of each part then comes in its own frame,
 * never all in one long task. What follows the container waits unseen
 * (class is-filling, see style.css). Resolves with {drill} once all are on
 * screen, or with null when isCurrent() turned false between two steps (a
 * newer render took the container). A container that shows figures already
 * gets the new ones in one task (renderResult): never half a result in
 * place of a whole one.
 */
export async function renderResultInSteps(container, model, handlers = {}, isCurrent = () => true) {
  if (container.firstChild) return renderResult(container, model, handlers);
  // The chart's width before anything changes: the page's layout is then
  // up to date and reading it costs nothing. The empty container is not
  // laid out (.result:empty): its parent's width, which a result spans.
  const width = container.clientWidth || container.parentElement?.clientWidth || 0;
  const {steps, drill} = resultSteps(container, model, handlers, width);
  container.classList.add('is-filling');
  try {
    for (const [i, step] of steps.entries()) {
      if (i > 0) {
        await (i < 2 ? nextTask() : afterFrame());
        if (!isCurrent()) return null;
      }
      step();
    }
  } finally {
    container.classList.remove('is-filling');
  }
  return {drill};
}

/**
 * The steps of a render, in order: the chart drawn (off the page at width
 * when given, else once in the page), the heading and the chart on screen,
 * the table, the detail of the selected part, the sources and exports.
 */
function resultSteps(container, model, handlers, width = 0) {
  const ctx = resultContext(model, handlers);
  const {rows, selected, idPrefix} = ctx;
  const drill = h('section', {class: 'drill', id: `${idPrefix}-drill`, 'data-testid': `${idPrefix}-drill`, hidden: !selected,
    'aria-labelledby': `${idPrefix}-drill-title`});
  const fig = chartFigure(ctx);
  const chart = mountBars(fig.chartBox);
  const spec = {rows: fig.chartRows, draft: ctx.draft, hasRef: ctx.hasRef, hasMedian: ctx.hasMedian,
    onSelect: (code) => handlers.onSelect && handlers.onSelect(code === selected ? null : code)};
  const steps = [
    () => { if (width) chart.update(spec, width); },
    () => {
      replace(container, resultHead(ctx), diffSummary(ctx), fig.figure);
      if (!width) chart.update(spec);
    },
    () => {
      append(container, model.table ? model.table(ctx) : resultTable(ctx));
      for (const t of container.querySelectorAll('.split-table')) stackable(t);
    },
    () => {
      let drillChart = null;
      if (selected) {
        const row = rows.find((x) => x.code === selected);
        if (row) drillChart = renderDrill(drill, row, ctx);
        else drill.hidden = true;
      }
      for (const t of drill.querySelectorAll('.split-table')) stackable(t);
      append(container, [drill, ...resultSources(ctx, model, fig.chartBox)]);
      if (drillChart) drillChart();
    },
  ];
  return {steps, drill};
}

/** What every part of a rendered result needs: the report, its rows, the reference, the peers. */
function resultContext(model, handlers) {
  const {report: r, draft = false, ref = null, peerKind = null, selected = null, idPrefix = 'result'} = model;
  const hasRef = Boolean(ref && ref.report);
  const rows = buildRows(r.parts, hasRef ? ref.report.parts : null, peerKind);
  return {
    r, draft, ref, hasRef, peerKind, selected, idPrefix, handlers, rows,
    hasMedian: rows.some((x) => x.median !== null),
    peerGroup: rows.find((x) => x.peer)?.peer?.group || '',
    peerYear: rows.find((x) => x.peer)?.peer?.year || '',
    refName: hasRef ? refPhrase(ref) : '',
    section: SECTION_LABELS[r.section] || SECTION_LABELS.all,
    popKnown: r.population !== undefined && r.population !== null,
    title: model.title || (r.authority && r.authority.name) || 'Brouillon',
    // The title after « de » (« du Morbihan »): the core's nameOf for an authority.
    titleOf: model.titleOf,
    // Where the user gives a draft's population (the draft view knows which field).
    populationHint: model.populationHint || 'Indiquez-la dans la saisie ou dans le fichier.',
  };
}

/** The heading: title, total, and the notices of figures by nature, aggregated or on a grid. */
function resultHead({r, draft, idPrefix, section, popKnown, title}) {
  return h('header', {class: 'result-head'},
    h('h3', {id: `${idPrefix}-result-title`, class: 'result-title', 'data-testid': `${idPrefix}-result-title`},
      title, ' — ', docShort(r) || 'sans année',
      draft ? h('span', {class: 'badge badge-draft', 'data-testid': `${idPrefix}-badge-draft`}, 'Brouillon') : null),
    h('p', {class: 'result-total', 'data-testid': `${idPrefix}-total`},
      `Dépenses comptées (${section}) : `, h('strong', null, fmt(r.total)),
      popKnown
        ? [' · ', h('strong', null, fmt(r.per_inhabitant)), ` par habitant (${fmtInt(r.population)} habitants)`]
        : [' · ', h('span', {class: 'unknown'}, 'par habitant : — '), draft ? '(population non indiquée)' : '(population inconnue)']),
    r.method === 'nature'
      ? h('p', {class: 'notice notice-info', 'data-testid': `${idPrefix}-nature-note`},
        h('strong', null, 'Ventilation par nature. '),
        natureReason(r), ' : les 1 000 € sont répartis par chapitre (ce qui est acheté).')
      : null,
    // The note is long (how a third party aggregated the figures): on a
    // phone it would push the chart a screen down, so it opens on demand.
    r.detail === 'aggregated'
      ? h('details', {class: 'notice notice-info notice-more', 'data-testid': `${idPrefix}-aggregated-note`},
        h('summary', null, h('strong', null, 'Chiffres agrégés'), ' : pas le détail des lignes du compte. Comment sont-ils obtenus ?'),
        h('p', null, (r.provenance && r.provenance.note) || 'La liste des lignes n\'est pas disponible pour cette année.'))
      : null,
    !isNativeGrid(r)
      ? h('p', {class: 'hint'}, `Regroupement : ${gridLabel(r)}. Ce regroupement est une correspondance déduite entre nomenclatures, pas une nomenclature officielle.`)
      : null,
  );
}

/** The largest differences with the reference (the draft view), or null. */
function diffSummary({rows, hasRef, ref, refName, idPrefix}) {
  if (!hasRef) return null;
  const diffs = rows.map((row) => ({row, ...diffText(row, refName)}))
    .filter((x) => x.d !== 0)
    .sort((a, b) => Math.abs(b.d) - Math.abs(a.d))
    .slice(0, 3);
  return h('div', {class: 'diff-summary', 'data-testid': `${idPrefix}-diff-summary`},
    h('p', null, h('strong', null, `Comparé ${refName}`), ref.detail ? ` (${ref.detail})` : '', ' — les plus grands écarts, en euros sur 1 000 € :'),
    diffs.length
      ? h('ul', null, diffs.map((x) => h('li', {class: x.d > 0 ? 'up' : 'down'}, x.long)))
      : h('p', null, 'Aucun écart : la répartition est identique.'));
}

/** The chart with its caption and legend; the bars are drawn once it is in the page. */
function chartFigure({r, rows, draft, hasRef, ref, hasMedian, peerGroup, peerYear, selected, idPrefix, section}) {
  const legend = h('ul', {class: 'legend', 'aria-hidden': 'true'},
    h('li', null, s('svg', {width: 22, height: 12, class: draft ? 'key key-draft' : 'key'},
      draft
        ? [s('defs', null, s('pattern', {id: `${idPrefix}-key-hatch`, patternUnits: 'userSpaceOnUse', width: 6, height: 6, patternTransform: 'rotate(45)'},
          s('rect', {width: 6, height: 6, fill: '#dfe7f6'}), s('rect', {width: 2.5, height: 6, fill: '#1e4fa0'}))),
        s('rect', {width: 22, height: 12, fill: `url(#${idPrefix}-key-hatch)`, stroke: '#1e4fa0'})]
        : s('rect', {width: 22, height: 12, fill: '#1e4fa0'})),
    draft ? ' Brouillon (hachuré)' : ` ${docShort(r)}`),
    hasRef ? h('li', null, s('svg', {width: 22, height: 12}, s('rect', {y: 3, width: 22, height: 6, fill: '#3b3b3b'})), ` Référence : ${docShort(ref.report)}${ref.detail ? ` ${ref.detail}` : ''}`) : null,
    hasMedian ? h('li', null, s('svg', {width: 12, height: 14}, s('line', {x1: 6, x2: 6, y1: 2, y2: 14, stroke: '#b3261e', 'stroke-width': 2.5})), ` Médiane : ${peerGroup}${peerYear ? ` (${peerYear})` : ''}`) : null,
  );
  const chartRows = rows.slice(0, MAX_CHART_ROWS).map((row) => ({
    code: row.code, label: row.label, value: row.value, valueText: fmtCents(row.value),
    ref: row.ref, refText: row.ref === null ? '' : `réf. ${fmtCents(row.ref)}`,
    median: row.median, muted: row.muted, selected: row.code === selected,
  }));
  const chartBox = h('div', {class: 'chart-box', id: `${idPrefix}-chart`, 'data-testid': `${idPrefix}-chart`});
  const figure = h('figure', {class: 'chart'},
    h('figcaption', {class: 'chart-caption'},
      h('span', null, `Sur 1 000 € de dépenses (${section}), combien pour chaque ${r.method === 'nature' ? 'chapitre' : 'politique'}`),
      h('span', {class: 'hint'}, ' — cliquez sur une barre ou une ligne du tableau pour le détail. Les mêmes chiffres sont dans le tableau.')),
    legend, chartBox,
    rows.length > MAX_CHART_ROWS ? h('p', {class: 'hint'}, `Le graphique montre les ${MAX_CHART_ROWS} premières parts ; toutes sont dans le tableau et l'export CSV.`) : null);
  return {figure, chartBox, chartRows};
}

/** The table of the parts, with its notes (debt part, unknown population, rows left out). */
function resultTable(ctx) {
  const {r, rows, draft, hasRef, ref, hasMedian, peerGroup, peerYear, idPrefix, section, popKnown, title} = ctx;
  const tableRows = rows.slice(0, MAX_TABLE_ROWS);
  const thead = h('tr', null,
    h('th', {scope: 'col'}, r.method === 'nature' ? 'Chapitre' : 'Politique'),
    h('th', {scope: 'col', class: 'num'}, hasRef ? (draft ? 'Brouillon' : docShort(r)) : 'Pour 1 000 €',
      hasRef ? [h('span', {class: 'th-sub'}, 'pour 1 000 €'), h('span', {class: 'th-sub'}, 'et son montant')] : null),
    hasRef ? h('th', {scope: 'col', class: 'num'}, 'Référence', h('span', {class: 'th-sub'}, docShort(ref.report) || 'pour 1 000 €'), h('span', {class: 'th-sub'}, 'et son montant')) : null,
    hasRef ? h('th', {scope: 'col', class: 'num'}, 'Écart') : null,
    hasMedian ? h('th', {scope: 'col', class: 'num'}, 'Médiane des pairs', h('span', {class: 'th-sub'}, `${peerGroup}${peerYear ? `, ${peerYear}` : ''}`)) : null,
    // Beside a reference, the draft's amount goes under its share (as the
    // reference's): the table stays within its panel.
    hasRef ? null : h('th', {scope: 'col', class: 'num'}, 'Montant'),
    hasRef ? null : h('th', {scope: 'col', class: 'num'}, 'Par habitant'),
  );
  const tbody = h('tbody');
  for (const row of tableRows) tbody.append(tableRow(ctx, row));
  const tfoot = h('tfoot', null, h('tr', null,
    h('th', {scope: 'row'}, 'Total'),
    h('td', {class: 'num strong'}, fmtCents(100000), hasRef ? h('span', {class: 'td-sub', 'data-testid': `${idPrefix}-amount-total`}, fmt(r.total)) : null),
    hasRef ? h('td', {class: 'num'}, fmtCents(100000), h('span', {class: 'td-sub', 'data-testid': `${idPrefix}-ref-amount-total`}, fmt(ref.report.total))) : null,
    hasRef ? h('td', {class: 'num'}, '') : null,
    hasMedian ? h('td', {class: 'num'}, '') : null,
    hasRef ? null : h('td', {class: 'num'}, fmt(r.total)),
    hasRef ? null : perInhabitantCell(r.per_inhabitant, r.population, draft)));
  const tableId = `${idPrefix}-table`;
  const out = [h('div', {class: 'table-wrap', tabindex: '0', role: 'region', 'aria-labelledby': `${tableId}-caption`},
    h('table', {class: 'split-table', id: tableId, 'data-testid': tableId},
      h('caption', {id: `${tableId}-caption`},
        `${title} — ${docShort(r)} : répartition de 1 000 € (${section})`,
        draft ? ' — brouillon' : ''),
      h('thead', null, thead), tbody, tfoot))];
  out.push(partNotes(r, idPrefix));
  if (rows.length > MAX_TABLE_ROWS) {
    out.push(h('p', {class: 'hint'}, `${rows.length - MAX_TABLE_ROWS} parts de plus ne sont pas affichées : utilisez l'export CSV.`));
  }
  if (!popKnown) {
    out.push(h('p', {class: 'hint', 'data-testid': `${idPrefix}-pop-note`},
      '« — » : ', draft ? `population non indiquée, pas de montant par habitant (ce n'est pas zéro). ${ctx.populationHint}` : 'population inconnue pour ce document, pas de montant par habitant (ce n\'est pas zéro).'));
  }
  return out;
}

/** A row of the table: the part's labels, its figures, its reference and median. */
function tableRow({r, draft, hasRef, ref, hasMedian, refName, selected, idPrefix, handlers}, row) {
  const p = row.part;
  const isSel = row.code === selected;
  const canDrill = Boolean(p || row.refPart);
  // The citizen label; the official label and the code one click away.
  const nameCell = h('th', {scope: 'row', class: 'policy'},
    labelWithOfficial(p || row.refPart, p ? r : ref.report, {id: `${idPrefix}-row-${row.code}`, main: canDrill
      ? h('button', {type: 'button', class: 'linklike', 'aria-expanded': isSel ? 'true' : 'false',
        'aria-controls': `${idPrefix}-drill`, 'data-testid': `${idPrefix}-part-${row.code}`,
        onclick: () => handlers.onSelect && handlers.onSelect(isSel ? null : row.code)},
      row.label)
      : row.label}));
  let diffCell = null;
  if (hasRef) {
    const d = diffText(row, refName);
    diffCell = h('td', {class: ['num', d.d > 0 ? 'up' : (d.d < 0 ? 'down' : '')], title: d.long, 'data-testid': `${idPrefix}-diff-${row.code}`},
      h('span', {'aria-hidden': 'true'}, d.short), sr(d.long));
  }
  let medianCell = null;
  if (hasMedian) {
    const pe = row.peer;
    medianCell = pe
      ? h('td', {class: 'num', title: `${pe.group}${pe.year ? ` (${pe.year})` : ''} : médiane ${fmt(pe.median)} pour 1 000 €${pe.per_inhabitant_median ? `, ${fmt(pe.per_inhabitant_median)} par habitant` : ''} ; la moitié des pairs entre ${fmt(pe.q1)} et ${fmt(pe.q3)} (${pe.n} collectivités)`},
        fmt(pe.median), h('span', {class: 'td-sub'}, `${fmt(pe.q1, {unit: ''})} – ${fmt(pe.q3, {unit: ''})}`))
      : h('td', {class: 'num unknown', title: 'pas de médiane pour cette part'}, h('span', {'aria-hidden': 'true'}, '—'), sr('non disponible'));
  }
  return h('tr', {class: [isSel ? 'is-selected' : '', row.muted ? 'is-muted' : ''], dataset: {code: row.code}, 'data-testid': `${idPrefix}-row-${row.code}`},
    nameCell,
    h('td', {class: 'num strong'}, p || !hasRef ? fmt(p ? p.euros : null) : fmtCents(0),
      hasRef ? h('span', {class: 'td-sub', 'data-testid': `${idPrefix}-amount-${row.code}`}, p ? fmt(p.amount) : fmtCents(0)) : null),
    hasRef ? h('td', {class: 'num'}, fmtCents(row.ref),
      h('span', {class: 'td-sub', 'data-testid': `${idPrefix}-ref-amount-${row.code}`}, row.refPart ? fmt(row.refPart.amount) : fmtCents(0))) : null,
    diffCell,
    medianCell,
    hasRef ? null : h('td', {class: 'num'}, p ? fmt(p.amount) : '—'),
    hasRef ? null : perInhabitantCell(p ? p.per_inhabitant : null, r.population, draft),
  );
}

/** Provenance of the figures (and of the reference) and the exports. */
function resultSources({r, draft, hasRef, ref, rows, idPrefix, section, title, titleOf}, model, chartBox) {
  const out = [];
  out.push(h('p', {class: 'provenance', 'data-testid': `${idPrefix}-provenance`},
    provenanceText(r, {sourceOverride: model.sourceOverride})));
  if (hasRef) {
    out.push(h('p', {class: 'provenance', 'data-testid': `${idPrefix}-ref-provenance`}, 'Référence — ',
      provenanceText(ref.report, {sourceOverride: ref.sourceOverride})));
  }
  const exportName = slug(`${title}-${docShort(r)}-${r.section || 'all'}`);
  // The source line of the exported chart (and what its other marks are).
  const source = [provenanceText(r, {sourceOverride: model.sourceOverride}), model.exportCaption].filter(Boolean).join(' — ');
  out.push(h('div', {class: 'exports'},
    h('button', {type: 'button', class: 'btn btn-secondary', 'data-testid': `${idPrefix}-export-csv`,
      onclick: () => download(`${exportName}.csv`, new Blob([model.csv ? model.csv() : resultCSV(r, rows, hasRef ? ref : null)], {type: 'text/csv;charset=utf-8'}))},
    'Télécharger le tableau (CSV)'),
    h('button', {type: 'button', class: 'btn btn-secondary', 'data-testid': `${idPrefix}-export-svg`,
      onclick: () => {
        const svg = chartBox.querySelector('svg');
        if (!svg) return;
        const text = exportSVG(svg, `${title} — ${docShort(r)}${draft ? ' (brouillon)' : ''} : 1 000 € (${section})`, source);
        download(`${exportName}.svg`, new Blob([text], {type: 'image/svg+xml'}));
      }},
    'Télécharger le graphique (SVG)'),
    exportExtras({idPrefix, report: r, title, titleOf, chartBox, draft, source})));
  return out;
}

function renderDrill(drill, row, ctx) {
  const {r, draft, hasRef, ref, refName, peerKind, idPrefix, handlers} = ctx;
  const p = row.part || row.refPart;
  const children = buildRows(row.part ? row.part.children : [], hasRef && row.refPart ? row.refPart.children || [] : null, peerKind);
  const lines = (row.part ? row.part.top : null) || [];
  const box = h('div', {class: 'chart-box', 'data-testid': `${idPrefix}-drill-chart`});
  const popKnown = r.population !== undefined && r.population !== null;
  const els = [
    h('div', {class: 'drill-head'},
      h('h4', {id: `${idPrefix}-drill-title`, tabindex: '-1'}, row.label, ' : ',
        fmtCents(row.value), ' sur 1 000 €', hasRef ? ` (référence ${fmtCents(row.ref)})` : ''),
      h('button', {type: 'button', class: 'btn btn-secondary', 'data-testid': `${idPrefix}-drill-close`,
        onclick: () => handlers.onSelect && handlers.onSelect(null)}, 'Retour à toutes les politiques')),
    row.part ? drillFacts(p, r, popKnown, idPrefix) : h('p', {class: 'drill-facts'}, 'Cette part n\'existe que dans la référence.'),
    p && p.note ? h('p', {class: 'hint', 'data-testid': `${idPrefix}-drill-note`}, p.note) : null,
  ];
  if (children.length) {
    const show = children.slice(0, MAX_TABLE_ROWS);
    els.push(h('h5', null, r.method === 'nature' ? 'Les comptes de ce chapitre' : 'Les sous-politiques'));
    els.push(box);
    els.push(h('div', {class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': `Sous-parts de ${row.label}`},
      h('table', {class: 'split-table', 'data-testid': `${idPrefix}-drill-table`},
        h('caption', {class: 'visually-hidden'}, `Sous-parts de ${row.label}, en euros sur 1 000 €`),
        h('thead', null, h('tr', null,
          h('th', {scope: 'col'}, r.method === 'nature' ? 'Compte' : 'Sous-politique'),
          h('th', {scope: 'col', class: 'num'}, 'Pour 1 000 €'),
          hasRef ? h('th', {scope: 'col', class: 'num'}, 'Référence') : null,
          hasRef ? h('th', {scope: 'col', class: 'num'}, 'Écart') : null,
          h('th', {scope: 'col', class: 'num'}, 'Montant'),
          h('th', {scope: 'col', class: 'num'}, 'Par habitant'))),
        h('tbody', null, show.map((c) => {
          const d = hasRef ? diffText(c, refName) : null;
          return h('tr', {'data-testid': `${idPrefix}-drill-row-${c.code}`},
            h('th', {scope: 'row', class: 'policy'}, labelWithOfficial(c.part || c.refPart, c.part ? r : ref.report, {id: `${idPrefix}-drill-row-${c.code}`, child: true})),
            h('td', {class: 'num strong'}, fmtCents(c.value)),
            hasRef ? h('td', {class: 'num'}, fmtCents(c.ref)) : null,
            hasRef ? h('td', {class: ['num', d.d > 0 ? 'up' : (d.d < 0 ? 'down' : '')], title: d.long}, h('span', {'aria-hidden': 'true'}, d.short), sr(d.long)) : null,
            h('td', {class: 'num'}, c.part ? fmt(c.part.amount) : fmtCents(0)),
            c.part ? perInhabitantCell(c.part.per_inhabitant, r.population, draft) : h('td', {class: 'num'}, '—'));
        })))));
  }
  if (lines.length) {
    els.push(h('h5', null, `Les ${lines.length} plus grandes lignes`));
    els.push(h('div', {class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': `Plus grandes lignes de ${row.label}`},
      h('table', {class: 'lines-table', 'data-testid': `${idPrefix}-drill-lines`},
        h('caption', {class: 'visually-hidden'}, `Les plus grandes lignes budgétaires de ${row.label}`),
        h('thead', null, h('tr', null,
          h('th', {scope: 'col'}, 'Libellé'),
          h('th', {scope: 'col'}, 'Compte'),
          h('th', {scope: 'col'}, 'Fonction'),
          h('th', {scope: 'col', class: 'num'}, 'Montant'))),
        h('tbody', null, lines.map((l) => h('tr', null,
          h('td', null, l.label || '(sans libellé)',
            h('span', {class: 'code'}, l.section === 'F' ? 'fonctionnement' : (l.section === 'I' ? 'investissement' : (l.section || '')))),
          h('td', null, l.nature || '—'),
          h('td', null, l.function || '—'),
          h('td', {class: 'num'}, fmt(l.amount))))))));
  } else if (r.detail !== 'aggregated' && row.part && !row.part.top) {
    els.push(h('p', {class: 'hint'}, 'La liste des lignes n\'est pas disponible pour ces chiffres.'));
  }
  replace(drill, ...els);
  drill.hidden = false;
  return () => {
    if (!children.length) return;
    const chart = mountBars(box);
    chart.update({rows: children.slice(0, MAX_CHART_ROWS).map((c) => ({
      code: c.code, label: c.label, value: c.value, valueText: fmtCents(c.value),
      ref: c.ref, refText: c.ref === null ? '' : `réf. ${fmtCents(c.ref)}`, median: c.median, muted: c.muted,
    })), draft, hasRef, hasMedian: children.some((c) => c.median !== null)});
  };
}

/**
 * The facts of a drilled part: its amount, and its split between
 * fonctionnement and investissement and its number of lines when the
 * figures have them; aggregated figures say plainly what they do not give
 * (never a « — » or a « 0 ligne » that reads as a figure).
 */
function drillFacts(p, r, popKnown, idPrefix) {
  const perInh = popKnown && p.per_inhabitant ? ` — ${fmt(p.per_inhabitant)} par habitant` : '';
  if (r.detail === 'aggregated' || (!p.fonctionnement && !p.investissement && !p.line_count)) {
    return h('div', {class: 'drill-facts', 'data-testid': `${idPrefix}-drill-facts`},
      h('p', null, `Montant : ${fmt(p.amount)}${perInh}.`),
      h('p', {class: 'notice notice-info', 'data-testid': `${idPrefix}-drill-unavailable`},
        h('strong', null, 'Non disponible pour ces chiffres agrégés : '),
        'la part du fonctionnement et de l\'investissement, le détail des sous-politiques et les lignes du budget. ',
        'Ces chiffres ne donnent qu\'un montant par grande politique.'));
  }
  const n = p.line_count || 0;
  return h('p', {class: 'drill-facts', 'data-testid': `${idPrefix}-drill-facts`},
    `Montant : ${fmt(p.amount)} — fonctionnement ${fmt(p.fonctionnement)}, investissement ${fmt(p.investissement)}`,
    ` — ${fmtInt(n)} ligne${n > 1 ? 's' : ''} budgétaire${n > 1 ? 's' : ''}`, perInh);
}

/**
 * Prepares a table to be shown as stacked rows on narrow screens (see
 * style.css): each cell gets the label of its column, and explicit ARIA
 * roles keep the table semantics when CSS changes the display of its parts.
 */
function stackable(table) {
  table.classList.add('stackable');
  table.setAttribute('role', 'table');
  const heads = [...table.querySelectorAll('thead th')].map((th) => th.firstChild ? th.firstChild.textContent.trim() : '');
  for (const g of table.querySelectorAll('thead, tbody, tfoot')) g.setAttribute('role', 'rowgroup');
  for (const tr of table.querySelectorAll('tr')) {
    tr.setAttribute('role', 'row');
    [...tr.children].forEach((cell, i) => {
      if (cell.tagName === 'TH') cell.setAttribute('role', cell.getAttribute('scope') === 'col' ? 'columnheader' : 'rowheader');
      else {
        cell.setAttribute('role', 'cell');
        if (heads[i]) cell.dataset.label = heads[i];
        if (i === 1) cell.classList.add('main');
      }
    });
  }
  return table;
}

// The model's names, for the modules that read them from here.
export {DOCUMENTS, SECTION_LABELS, docShort, docLong, isNativeGrid, gridLabel, provenanceText, peerGroups};
