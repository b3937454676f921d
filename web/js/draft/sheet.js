// The draft's tables: a CSV of any layout or a sheet of an XLSX or ODS
// workbook. The core proposes which column holds what (inspectFile: a known
// layout, else from the headers and the values); this panel shows the
// proposal over the first rows, lets the user correct it, choose the sheet
// and, for a file of several years, the year. A corrected mapping is
// remembered on this device for the next file of the same shape (the same
// headers). Nothing leaves the browser.
//
// The draft hooks in twice: prepareTable(f, anchor, onChange) when a file
// is read, tableRequest(f, req) when it is split.

import {h, replace} from '../dom.js';
import {call} from '../engine.js';

const MEMORY_KEY = 'jeu1000:colonnes:v1';
const MEMORY_MAX = 20;

/** What each role means, in the words of a finance officer. */
const ROLES = [
  ['nature', 'Compte (nature)'],
  ['fonction', 'Fonction (rubrique)'],
  ['chapitre', 'Chapitre'],
  ['section', 'Section (fonct. / invest.)'],
  ['sens', 'Dépense / recette'],
  ['operation', 'Réel / ordre'],
  ['montant', 'Montant'],
  ['realise', 'Montant réalisé'],
  ['vote', 'Montant voté'],
  ['propose', 'Propositions nouvelles'],
  ['rarprec', 'Restes à réaliser N-1'],
  ['rar', 'Restes à réaliser'],
  ['budgprec', 'Budget précédent'],
  ['credouv', 'Crédits ouverts'],
  ['annee', 'Année'],
  ['document', 'Type de document (BP, CA…)'],
  ['nomenclature', 'Nomenclature'],
  ['libelle', 'Libellé'],
];
const AMOUNT_ROLES = ['montant', 'realise', 'vote', 'propose', 'rarprec', 'rar', 'budgprec', 'credouv'];

/** The mappings remembered on this device: shape → mapping. */
function memory() {
  try {
    return JSON.parse(localStorage.getItem(MEMORY_KEY) || '{}') || {};
  } catch (e) {
    return {};
  }
}

/**
 * Remembers the mapping of a shape (none: forgets it), and the file whose
 * columns the user set: that file read again is still said to be theirs.
 */
function remember(shape, mapping, file = null) {
  const m = memory();
  delete m[shape];
  if (mapping) {
    m[shape] = {columns: mapping.columns, votedBy: mapping.votedBy || '', kind: mapping.kind || '', nomenclature: mapping.nomenclature || '',
      ...(file ? {file: {name: file.name, size: file.size}} : {})};
  }
  const keys = Object.keys(m);
  for (const k of keys.slice(0, Math.max(0, keys.length - MEMORY_MAX))) delete m[k];
  try {
    localStorage.setItem(MEMORY_KEY, JSON.stringify(m));
  } catch (e) {
    // Private browsing or full storage: the mapping lasts for this file only.
  }
}

/** Whether a mapping can read lines: an amount, and an account or a function. */
export function complete(mapping) {
  const c = (mapping && mapping.columns) || {};
  return AMOUNT_ROLES.some((r) => c[r] !== undefined) && (c.nature !== undefined || c.fonction !== undefined);
}

/** The request to split f with: req plus the sheet, year and mapping chosen. */
export function tableRequest(f, req) {
  return f && f.table ? {...req, ...f.table.options} : req;
}

/** The panel's element, created once after anchor. */
function panelOf(anchor) {
  let panel = document.getElementById('draft-mapping');
  if (!panel) {
    panel = h('section', {id: 'draft-mapping', class: 'draft-mapping', 'data-testid': 'draft-mapping', 'aria-label': 'Colonnes du tableau', hidden: true});
    anchor.after(panel);
  }
  return panel;
}

/** Hides the panel (a file that is not a table, or no file). */
export function hideTable(anchor) {
  const el = panelOf(anchor);
  el.hidden = true;
  replace(el);
}

/**
 * Asks the core how f reads (sheet: the sheet asked, '' the first); null,
 * with f.table cleared and the panel hidden, for a file that is not a table,
 * a workbook of several sheets or a file of several years.
 */
async function inspect(f, anchor, sheet) {
  let p;
  try {
    p = await call('inspectFile', f.name, f.bytes, sheet ? {sheet} : {});
  } catch (e) {
    p = null; // the split says what is wrong with the file
  }
  if (!p || !p.header || !(p.format === 'table' || (p.sheets || []).length > 1 || (p.years || []).length > 1)) {
    f.table = null;
    hideTable(anchor);
    return null;
  }
  return p;
}

/**
 * Asks the core how f reads; for a table (or a workbook of several sheets, a
 * file of several years) sets f.table and shows the panel after anchor.
 * onChange() is called when the user changes the sheet, the year or a column.
 */
export async function prepareTable(f, anchor, onChange, sheet = '') {
  const p = await inspect(f, anchor, sheet);
  if (!p) return;
  const table = p.format === 'table';
  const {file: editedFile, ...remembered} = (table && memory()[p.shape]) || {};
  const known = Boolean(remembered.columns);
  const mapping = known ? {...p.mapping, ...remembered, preset: '', header: p.mapping.header} : p.mapping;
  const again = known && Boolean(editedFile) && editedFile.name === f.name && editedFile.size === f.size;
  f.table = {
    proposal: p,
    remembered: known && !again,
    edited: Boolean(again),
    options: {sheet: p.sheet || '', year: p.year || 0, ...(table ? {mapping} : {})},
  };
  render(f, panelOf(anchor), anchor, onChange);
}

/**
 * The panel of a file restored from the device (storage.js), with the
 * sheet, year and columns it was stored with (f.table.options, which its
 * split already uses); the core's proposal is asked only to draw them.
 */
export async function restoreTable(f, anchor, onChange) {
  const t = f && f.bytes && f.table;
  if (!t || t.proposal || t.restoring) return;
  t.restoring = true;
  const p = await inspect(f, anchor, t.options.sheet || '');
  if (!p) return;
  const table = p.format === 'table';
  const mapping = table ? (t.options.mapping || p.mapping) : undefined;
  f.table = {
    proposal: p,
    stored: true,
    options: {sheet: p.sheet || '', year: t.options.year || p.year || 0, ...(table ? {mapping} : {})},
  };
  render(f, panelOf(anchor), anchor, onChange);
}

/**
 * The columns read, listed above the table (which scrolls sideways: the
 * columns that matter are often far right).
 */
function readSummary(mapping, header) {
  const cols = mapping.columns || {};
  const read = ROLES.filter(([r]) => cols[r] !== undefined && cols[r] < header.length);
  if (!read.length) return null;
  const nb = (t) => `«\u00a0${t}\u00a0»`;
  return h('div', {class: 'mapping-summary', 'data-testid': 'draft-mapping-summary'},
    h('p', {id: 'draft-mapping-read'}, h('strong', null, 'Colonnes lues')),
    h('ul', {'aria-labelledby': 'draft-mapping-read'}, read.map(([r, label]) => h('li', {'data-testid': `draft-mapping-read-${r}`},
      `${label} : `, h('span', {class: 'col-name'}, nb(header[cols[r]] || `colonne ${cols[r] + 1}`))))));
}

function render(f, panel, anchor, onChange) {
  const t = f.table;
  const p = t.proposal;
  const mapping = t.options.mapping || p.mapping;
  const presetLabel = (p.presets || []).find((x) => x.id === mapping.preset)?.label;
  const intro = t.stored && !t.edited ? 'Colonnes enregistrées avec votre brouillon sur cet appareil.'
    : t.remembered && !t.edited
    ? 'Colonnes reprises de votre dernier fichier de même forme (mémorisées sur cet appareil).'
    : t.edited ? 'Colonnes indiquées par vous (mémorisées sur cet appareil pour les fichiers de même forme).'
      : presetLabel ? `Disposition reconnue : ${presetLabel}.`
        : 'Colonnes devinées d\'après les en-têtes et les valeurs : vérifiez-les.';

  const changed = () => {
    t.edited = true;
    remember(p.shape, t.options.mapping, f);
    render(f, panel, anchor, onChange);
    if (complete(t.options.mapping)) onChange();
  };

  const selects = p.header.map((head, col) => {
    const role = Object.entries(mapping.columns || {}).find(([, c]) => c === col)?.[0] || '';
    const sel = h('select', {id: `draft-map-col-${col}`, 'data-testid': `draft-map-col-${col}`, 'aria-label': `Rôle de la colonne « ${head || col + 1} »`,
      onchange: () => {
        const cols = {...(t.options.mapping || p.mapping).columns};
        for (const [r, c] of Object.entries(cols)) if (c === col) delete cols[r];
        if (sel.value) cols[sel.value] = col;
        t.options.mapping = {...(t.options.mapping || p.mapping), columns: cols, preset: ''};
        changed();
      }},
    h('option', {value: ''}, '—'),
    ROLES.map(([r, label]) => h('option', {value: r, selected: r === role}, label)));
    return h('th', {scope: 'col'}, sel);
  });

  const rows = (p.rows || []).map((row, i) => h('tr', null,
    h('th', {scope: 'row', class: 'hint'}, String(p.rowLines[i])),
    p.header.map((_, c) => h('td', null, row[c] ?? ''))));

  const controls = [];
  if ((p.sheets || []).length > 1) {
    const sel = h('select', {id: 'draft-sheet', 'data-testid': 'draft-sheet',
      onchange: () => prepareTable(f, anchor, onChange, sel.value).then(onChange)},
    p.sheets.map((s) => h('option', {value: s, selected: s === p.sheet}, s)));
    controls.push(h('p', null, h('label', {for: 'draft-sheet'}, 'Feuille du classeur : '), sel));
  }
  if ((p.years || []).length > 1) {
    const sel = h('select', {id: 'draft-year-choice', 'data-testid': 'draft-year-choice',
      onchange: () => { t.options.year = Number(sel.value); render(f, panel, anchor, onChange); onChange(); }},
    [...p.years].reverse().map((y) => h('option', {value: String(y), selected: y === t.options.year}, String(y))));
    const latest = p.years[p.years.length - 1];
    controls.push(h('p', null, h('label', {for: 'draft-year-choice'}, 'Année : '), sel,
      h('span', {class: 'hint', 'data-testid': 'draft-year-note'},
        ` Le fichier contient les années ${p.years[0]} à ${latest}`,
        t.options.year === latest ? ` : année ${latest} affichée, la plus récente.` : ` : année ${t.options.year} affichée.`)));
  }

  const table = p.format === 'table';
  replace(panel,
    h('h3', null, 'Colonnes du tableau'),
    table ? h('p', {class: 'hint', 'data-testid': 'draft-mapping-intro'}, intro) : null,
    controls, // the sheet and the year first: they decide what is read
    table ? readSummary(mapping, p.header) : null,
    table && !complete(mapping)
      ? h('p', {class: 'warning', role: 'alert', 'data-testid': 'draft-mapping-missing'},
        'Indiquez au moins la colonne des montants et celle des comptes (nature) ou des fonctions.')
      : null,
    // The caption above the scrolling table, so that it wraps in the panel.
    table ? h('p', {class: 'hint', id: 'draft-mapping-caption'},
      `Les ${rows.length} premières lignes sous l'en-tête (ligne ${mapping.header}) ; choisissez le rôle de chaque colonne.`) : null,
    table ? h('div', {class: 'table-scroll'},
      h('table', {class: 'mapping-table', 'data-testid': 'draft-mapping-table', 'aria-describedby': 'draft-mapping-caption'},
        h('thead', null,
          h('tr', null, h('th', {scope: 'col'}, 'rôle'), selects),
          h('tr', null, h('th', {scope: 'col'}, 'ligne'), p.header.map((x) => h('th', {scope: 'col'}, x)))),
        h('tbody', null, rows))) : null,
    table && (t.edited || t.remembered || t.stored)
      ? h('button', {type: 'button', class: 'btn btn-link', 'data-testid': 'draft-map-reset',
        onclick: () => {
          remember(p.shape, null);
          t.options.mapping = p.mapping;
          t.edited = false;
          t.remembered = false;
          t.stored = false;
          render(f, panel, anchor, onChange);
          onChange();
        }}, 'Revenir aux colonnes proposées')
      : null);
  panel.hidden = false;
}
