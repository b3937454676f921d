// « Mon budget (brouillon privé) »: a budget file dropped or chosen, or
// amounts typed in a grid, split in the browser and compared with a
// reference (a second file, or an authority's latest figures). Nothing leaves
// the browser; the draft is kept in localStorage until deleted.
//
// This module wires the view's controls to its parts, in draft/:
//   state.js      the draft (a file or the grid, a reference), stored and restored; its words
//   grid.js       the typed grid: codes, totals, its template CSV
//   files.js      a file read and split by the core; its population looked up
//   labels.js     the grid's labels, from the core's labels table
//   split.js      the draft and its reference split, put where they compare
//   gridview.js, fileview.js, resultview.js   drawing
//   template.js   the template to download, explained
//   sheet.js      a table's columns, sheet and year, chosen in its panel
//   export.js     the draft back out, as the template CSV or an XLSX
// state.js and grid.js have no DOM and no core (unit tests: e2e/unit/).
// A file's walk: the file input (wireFiles below) → readAndSplit (files.js;
// a big file is read in the core's worker with fileprogress.js, a table's
// columns are chosen with draft/sheet.js) →
// ctx.changed('file') → compute (below) → splitDraft, withReference
// (split.js) → renderDraft (resultview.js) → renderResult (splitview.js)
// → the chart (chart.js).

import {$, h, replace, debounce} from './dom.js';
import {fmtCents, parseAmount, parsePopulation} from './money.js';
import {ready, loadIndex, prepareSearchWhenIdle, call} from './engine.js';
import {combobox} from './combobox.js';
import {requestOf, presentationOf, paramsOfPresentation, renderRules, sectionOf, setRadio} from './options.js';
import * as storage from './storage.js';
import {addExtra, clearValues, gridNomenclature, gridOfReport, parseExtraCode, removeExtra, setValue, totalsText} from './draft/grid.js';
import {announcement, fileStatusKey, newDraft, restoreDraft, restoredMessage, savedMessage, storedForm} from './draft/state.js';
import {authorityOfReport, readAndSplit, splitForGrid, suggestPopulation} from './draft/files.js';
import {readWithProgress} from './fileprogress.js';
import {hideTable, prepareTable, restoreTable} from './draft/sheet.js';
import {labelOf, labelsOf} from './draft/labels.js';
import {exportSource, splitDraft, withReference} from './draft/split.js';
import {draftExport} from './draft/export.js';
import {refreshLabels, renderGrid, validateCell} from './draft/gridview.js';
import {renderFilePopulation, renderFileStatus, renderRefFileStatus} from './draft/fileview.js';
import {renderDraft, renderEmpty, restoreFocus} from './draft/resultview.js';
import {wireTemplate} from './draft/template.js';

const RECOMPUTE_MS = 150;
const SAVE_MS = 500;

function elements() {
  return {
    error: $('draft-error'), drop: $('draft-drop'), file: $('draft-file'), fileStatus: $('draft-file-status'),
    filePop: $('draft-file-population'),
    form: $('draft-grid-form'), name: $('draft-name'), year: $('draft-year'), nomen: $('draft-nomenclature'),
    pop: $('draft-population'), body: $('draft-grid-body'), addCode: $('draft-add-code'), addRow: $('draft-add-row'),
    clearGrid: $('draft-grid-clear'), total: $('draft-grid-total'), view: $('draft-view'),
    rules: document.querySelector('#draft-rules .rules-body'),
    result: $('draft-result'), refFile: $('draft-ref-file'), refFileStatus: $('draft-ref-file-status'),
    refSearch: $('draft-ref-search'), refFileBox: $('draft-ref-file-box'), refAuthBox: $('draft-ref-authority-box'),
    refStatus: $('draft-ref-status'), storageStatus: $('draft-storage-status'), del: $('draft-delete'),
    resultStatus: $('draft-result-status'),
  };
}

/**
 * The view's shared context: its elements, the draft (st), the URL's
 * options (params), and the functions each wire* below adds for the others.
 */
function context(navigate) {
  const el = elements();
  const ctx = {el, navigate, st: newDraft(), params: {}, labels: new Map(), token: 0, focusNext: null};
  ctx.showError = (title, message) => {
    replace(el.error, h('p', null, h('strong', null, title), ' ', message));
    el.error.classList.add('is-shown');
  };
  ctx.clearError = () => {
    el.error.replaceChildren();
    el.error.classList.remove('is-shown');
  };
  ctx.request = () => requestOf(ctx.params);
  ctx.setParams = (changes) => {
    const p = {...ctx.params, ...changes};
    for (const k of Object.keys(p)) if (p[k] === '' || p[k] === null) delete p[k];
    navigate({view: 'draft', params: p});
  };
  return ctx;
}

// ---------- the grid ----------
function wireGrid(ctx) {
  const {el} = ctx;
  ctx.buildGrid = () => {
    renderGrid(el.body, ctx.st.grid, ctx.labels, removeRow);
    ctx.updateTotals();
  };
  ctx.updateTotals = () => { el.total.textContent = totalsText(ctx.st.grid); };
  ctx.fillMeta = () => {
    const m = ctx.st.grid.meta;
    el.name.value = m.name || '';
    el.year.value = m.year || '';
    el.nomen.value = gridNomenclature(m.nomenclature);
    el.pop.value = m.population || '';
  };
  ctx.loadLabels = async () => {
    const nomen = ctx.st.grid.meta.nomenclature || 'M57';
    const labels = await labelsOf(nomen, ctx.st.grid.extra);
    if ((ctx.st.grid.meta.nomenclature || 'M57') !== nomen) return;
    ctx.labels = labels;
    refreshLabels(ctx.st.grid, labels);
  };
  function removeRow(code) {
    removeExtra(ctx.st.grid, code);
    ctx.buildGrid();
    el.addCode.focus();
    ctx.changed('grid');
  }
  async function addRow() {
    const {code, error} = parseExtraCode(el.addCode.value);
    if (error) {
      ctx.showError('Code de fonction invalide.', error);
      el.addCode.focus();
      return;
    }
    ctx.clearError();
    if (addExtra(ctx.st.grid, code)) {
      ctx.labels.set(code, await labelOf(ctx.st.grid.meta.nomenclature || 'M57', code));
      ctx.buildGrid();
    }
    el.addCode.value = '';
    $(`draft-F-${code}`)?.focus();
    ctx.changed('grid');
  }
  const scheduleTotals = debounce(ctx.updateTotals, 60);
  // Typing: the input event only stores the text and schedules the work.
  el.body.addEventListener('input', (e) => {
    const input = e.target;
    if (!input.matches('input.amount')) return;
    setValue(ctx.st.grid, input.dataset.code, input.dataset.section, input.value);
    validateCell(input);
    scheduleTotals();
    ctx.changed('grid');
  });
  el.body.addEventListener('focusout', (e) => {
    const input = e.target;
    if (!input.matches('input.amount')) return;
    const p = parseAmount(input.value);
    if (!p.error && !p.empty) {
      // Show the amount the way it was understood.
      input.value = fmtCents(p.cents, {unit: ''});
      setValue(ctx.st.grid, input.dataset.code, input.dataset.section, input.value);
    }
  });
  for (const [input, key] of [[el.name, 'name'], [el.year, 'year'], [el.pop, 'population']]) {
    input.addEventListener('input', () => {
      ctx.st.grid.meta[key] = input.value;
      if (key === 'population') {
        if (Number.isNaN(parsePopulation(input.value))) input.setAttribute('aria-invalid', 'true'); else input.removeAttribute('aria-invalid');
      }
      ctx.changed('grid');
    });
  }
  el.nomen.addEventListener('change', () => {
    ctx.st.grid.meta.nomenclature = el.nomen.value;
    ctx.labels = new Map();
    ctx.buildGrid();
    ctx.loadLabels();
    ctx.changed('grid');
  });
  el.addRow.addEventListener('click', addRow);
  el.addCode.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); addRow(); } });
  el.form.addEventListener('submit', (e) => e.preventDefault());
  el.clearGrid.addEventListener('click', () => {
    clearValues(ctx.st.grid);
    ctx.buildGrid();
    ctx.changed('grid');
  });
}

// ---------- the draft's file ----------
function wireFiles(ctx) {
  const {el} = ctx;
  ctx.renderPopulation = () => {
    const f = ctx.st.file;
    renderFilePopulation(el.filePop, f, (population) => {
      f.population = population;
      ctx.renderPopulation();
      ctx.changed('file');
    });
  };
  // A stored table's panel, with the sheet, year and columns it was stored with (once).
  ctx.restoreTable = (f) => f && restoreTable(f, el.fileStatus, () => { if (ctx.st.file === f) ctx.changed('file'); });
  ctx.suggestPopulation = (f) => suggestPopulation(f, () => { if (ctx.st.file === f) ctx.renderPopulation(); });
  ctx.fileStatus = () => {
    if (!ctx.st.file || !ctx.st.file.table) hideTable(el.fileStatus);
    ctx.renderPopulation();
    renderFileStatus(el.fileStatus, ctx.st.file, fileToGrid);
    ctx.fileStatusShown = fileStatusKey(ctx.st.file);
  };
  // After a split of another year or sheet, the line names what is shown.
  ctx.fileStatusAgain = () => {
    if (fileStatusKey(ctx.st.file) !== ctx.fileStatusShown) ctx.fileStatus();
  };
  async function takeFile(file) {
    if (!file) return;
    ctx.clearError();
    el.fileStatus.textContent = `Lecture de « ${file.name} »…`;
    let f;
    try {
      f = await readAndSplit(file, ctx.request(), {
        readBig: (big) => readWithProgress(big, el.fileStatus),
        // A table's columns, sheet and year, chosen in a panel under the status.
        prepare: (table) => prepareTable(table, el.fileStatus, () => (ctx.st.file === table ? ctx.changed('file') : takeFile(file))),
      });
    } catch (e) {
      el.fileStatus.textContent = ctx.st.file ? `Fichier analysé : « ${ctx.st.file.name} ».` : '';
      if (e.name === 'AbortError') el.fileStatus.textContent = `Lecture de « ${file.name} » annulée. ${el.fileStatus.textContent}`;
      else ctx.showError('Fichier refusé.', e.message || String(e));
      return;
    }
    ctx.st.file = f;
    ctx.setSource('file');
    ctx.fileStatus();
    ctx.changed('file');
    ctx.suggestPopulation(f);
    ctx.proposeReference(f);
  }
  async function fileToGrid() {
    const f = ctx.st.file;
    if (!f) return;
    let r;
    try {
      r = await splitForGrid(f);
    } catch (e) {
      ctx.showError('Reprise impossible.', e.message);
      return;
    }
    const grid = gridOfReport(r);
    if (!grid) {
      ctx.showError('Reprise impossible.', 'Seul un fichier présenté par fonction peut être repris dans la saisie.');
      return;
    }
    ctx.st.grid = grid;
    ctx.fillMeta();
    ctx.labels = new Map();
    ctx.buildGrid();
    await ctx.loadLabels();
    ctx.setSource('grid');
    ctx.changed('grid');
    $('draft-F-0')?.focus();
  }
  el.file.addEventListener('change', () => {
    takeFile(el.file.files[0]);
    el.file.value = '';
  });
  wireDrop(el, takeFile);
}

/** Files dropped on the drop zone, or anywhere on the draft view, are taken. */
function wireDrop(el, takeFile) {
  const dropped = (e) => e.dataTransfer && e.dataTransfer.files && e.dataTransfer.files[0];
  for (const ev of ['dragenter', 'dragover']) {
    el.drop.addEventListener(ev, (e) => { e.preventDefault(); el.drop.classList.add('is-over'); });
  }
  for (const ev of ['dragleave', 'dragend']) {
    el.drop.addEventListener(ev, () => el.drop.classList.remove('is-over'));
  }
  el.drop.addEventListener('drop', (e) => {
    e.preventDefault();
    el.drop.classList.remove('is-over');
    const f = dropped(e);
    if (f) takeFile(f);
  });
  // Elsewhere, a drop must not make the browser navigate away.
  window.addEventListener('dragover', (e) => e.preventDefault());
  window.addEventListener('drop', (e) => {
    e.preventDefault();
    if ($('view-draft').hidden || el.drop.contains(e.target)) return;
    const f = dropped(e);
    if (f) takeFile(f);
  });
}

// ---------- source: a file or the grid ----------
function wireSource(ctx) {
  ctx.setSource = (src) => {
    ctx.st.source = src;
    setRadio('draft-source', src);
    $('draft-file-panel').hidden = src !== 'file';
    $('draft-grid-panel').hidden = src !== 'grid';
    document.querySelector('.draft-layout').classList.toggle('is-grid', src === 'grid');
  };
  for (const r of document.querySelectorAll('input[name="draft-source"]')) {
    r.addEventListener('change', () => {
      ctx.clearError();
      ctx.setSource(r.value);
      ctx.changed('source');
    });
  }
}

// ---------- reference ----------
function wireReference(ctx) {
  const {el} = ctx;
  ctx.setRefKind = (kind) => {
    ctx.st.ref.kind = kind;
    setRadio('draft-ref-kind', kind);
    el.refFileBox.hidden = kind !== 'file';
    el.refAuthBox.hidden = kind !== 'authority';
  };
  ctx.refFileStatus = () => renderRefFileStatus(el.refFileStatus, ctx.st.ref.file);
  // A file that names its authority (SIREN, INSEE code) gets it as the
  // reference when none is chosen: its latest accounts and its peers.
  ctx.proposeReference = async (f) => {
    const a = (f && f.report && f.report.authority) || {};
    if (ctx.st.ref.kind !== 'none' || !(a.siren || a.insee)) return;
    const info = await authorityOfReport(a).catch(() => null);
    if (!info || !(info.years || []).length || ctx.st.file !== f || ctx.st.ref.kind !== 'none') return;
    ctx.st.ref.authority = {key: info.key, name: info.name};
    ctx.setRefKind('authority');
    el.refSearch.value = info.name;
    el.refStatus.textContent = `Référence proposée d'après le fichier (${a.siren ? `SIREN ${a.siren}` : `code INSEE ${a.insee}`}) : ${info.name}. Vous pouvez en choisir une autre.`;
    ctx.changed('ref');
  };
  for (const r of document.querySelectorAll('input[name="draft-ref-kind"]')) {
    r.addEventListener('change', () => {
      ctx.setRefKind(r.value);
      if (r.value === 'authority') {
        loadIndex().catch((e) => { el.refStatus.textContent = `Indisponible : ${e.message}`; });
        prepareSearchWhenIdle().catch(() => {});
      }
      ctx.changed('ref');
    });
  }
  el.refFile.addEventListener('change', async () => {
    const file = el.refFile.files[0];
    el.refFile.value = '';
    if (!file) return;
    ctx.clearError();
    try {
      ctx.st.ref.file = await readAndSplit(file, ctx.request());
    } catch (e) {
      ctx.showError('Fichier de référence refusé.', e.message || String(e));
      return;
    }
    ctx.refFileStatus();
    ctx.changed('ref');
  });
  let indexError = '';
  combobox({
    input: el.refSearch, list: $('draft-ref-listbox'), status: el.refStatus,
    unavailable: () => indexError,
    search: async (q, n) => {
      try {
        await loadIndex();
      } catch (e) {
        indexError = `Indisponible : ${e.message}`;
        throw e;
      }
      return call('search', q, n);
    },
    onChoose: (r) => {
      ctx.st.ref.authority = {key: r.key, name: r.name};
      ctx.changed('ref');
    },
  });
}

// ---------- options (URL) ----------
function wireOptions(ctx) {
  for (const r of document.querySelectorAll('input[name="draft-section"]')) {
    r.addEventListener('change', () => ctx.setParams({section: r.value === 'all' ? '' : r.value, partie: ''}));
  }
  ctx.el.view.addEventListener('change', () => ctx.setParams({...paramsOfPresentation(ctx.el.view.value), partie: ''}));
}

// ---------- compute and render ----------
/** Splits the draft and its reference with the URL's options and draws them; the latest call wins. */
async function compute(ctx) {
  const {el, st} = ctx;
  const my = ++ctx.token;
  const stale = () => my !== ctx.token;
  const req = ctx.request();
  el.result.setAttribute('aria-busy', 'true');
  let draft;
  try {
    draft = await splitDraft(st, req);
  } catch (e) {
    if (stale()) return;
    el.result.setAttribute('aria-busy', 'false');
    ctx.showError(st.source === 'file' ? 'Fichier refusé.' : 'La saisie ne peut pas être calculée.', e.message || String(e));
    return;
  }
  if (stale()) return;
  if (st.source === 'file') ctx.fileStatusAgain();
  if (!draft) {
    el.result.setAttribute('aria-busy', 'false');
    renderEmpty(el.result, st.source);
    return;
  }
  const both = await withReference(st, req, draft, stale);
  if (!both || stale()) return;
  ctx.clearError();
  const {ref} = both;
  renderDraft(el.result, {st, params: ctx.params, draft: both.draft, ref, note: both.note, threeWay: both.threeWay}, (code) => {
    ctx.focusNext = code ? 'drill' : {row: ctx.params.partie};
    ctx.setParams({partie: code || ''});
  });
  el.result.append(draftExport(() => exportSource(st, req)));
  el.result.setAttribute('aria-busy', 'false');
  ctx.announce(announcement(both.draft.report, ref));
  const f = ctx.focusNext;
  ctx.focusNext = null;
  restoreFocus(f);
}

// ---------- storage ----------
function wireStorage(ctx) {
  const {el} = ctx;
  ctx.persist = () => {
    const res = storage.save(storedForm(ctx.st));
    el.storageStatus.textContent = savedMessage(res, new Date().toLocaleTimeString('fr-FR', {hour: '2-digit', minute: '2-digit'}));
  };
  ctx.restore = () => {
    const saved = storage.load();
    ctx.st = restoreDraft(saved);
    if (ctx.st.ref.authority) el.refSearch.value = ctx.st.ref.authority.name || '';
    const when = saved && saved.savedAt ? new Date(saved.savedAt).toLocaleString('fr-FR', {dateStyle: 'short', timeStyle: 'short'}) : '';
    el.storageStatus.textContent = restoredMessage(saved, when);
  };
  el.del.addEventListener('click', () => {
    storage.clear();
    ctx.st = newDraft();
    ctx.drawAll();
    el.refSearch.value = '';
    ctx.labels = new Map();
    ctx.buildGrid();
    ctx.loadLabels();
    ctx.clearError();
    ctx.saveSoon.cancel();
    ctx.recompute.flush();
    el.storageStatus.textContent = 'Vos brouillons ont été supprimés de cet appareil.';
  });
}

/** Wires the draft view; returns {show, prefill} for the router and the citizen view. */
export function initDraft({navigate}) {
  const ctx = context(navigate);
  ctx.recompute = debounce(() => compute(ctx), RECOMPUTE_MS);
  ctx.saveSoon = debounce(() => ctx.persist(), SAVE_MS);
  // One short announcement after the typing stops, not one per keystroke.
  ctx.announce = debounce((text) => { ctx.el.resultStatus.textContent = text; }, 1200);
  ctx.changed = (what) => {
    if (what === 'grid' && ctx.st.source !== 'grid') ctx.setSource('grid');
    if (what === 'grid') ctx.recompute(); else ctx.recompute.flush();
    ctx.saveSoon();
  };
  // A reload or a closed tab must not lose the last keystrokes: save what
  // is pending when the page goes away.
  window.addEventListener('pagehide', () => ctx.saveSoon.flushPending());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') ctx.saveSoon.flushPending();
  });
  wireGrid(ctx);
  wireFiles(ctx);
  wireSource(ctx);
  wireReference(ctx);
  wireOptions(ctx);
  wireStorage(ctx);
  wireTemplate($('draft-template'), $('draft-template-body'));
  ctx.drawAll = () => {
    ctx.fillMeta();
    ctx.setSource(ctx.st.source);
    ctx.setRefKind(ctx.st.ref.kind);
    ctx.fileStatus();
    ctx.refFileStatus();
  };

  // Start: restore, draw the grid; labels (and with them the full core,
  // which reads files) are loaded when the view is first shown.
  ctx.restore();
  ctx.drawAll();
  ctx.buildGrid();
  let labelsRequested = false;
  const requestLabels = () => {
    if (labelsRequested) return;
    labelsRequested = true;
    ready.then(ctx.loadLabels, () => {});
  };

  /** Called by the router with the draft view's URL parameters. */
  function show(state) {
    const prev = ctx.params;
    ctx.params = state.params || {};
    setRadio('draft-section', sectionOf(ctx.params));
    ctx.el.view.value = presentationOf(ctx.params);
    if (prev.regles !== ctx.params.regles || !ctx.el.rules.children.length) {
      renderRules(ctx.el.rules, 'draft', ctx.params, (regles) => ctx.setParams({regles, partie: ''}));
    }
    requestLabels();
    ctx.suggestPopulation(ctx.st.file); // once per file, when the view is shown
    ctx.restoreTable(ctx.st.file);
    ctx.recompute.flush();
  }

  /** Prefills the grid's description for an authority (from the citizen view). */
  function prefill(info) {
    const m = ctx.st.grid.meta;
    if (!m.name) m.name = info.name || '';
    if (!m.population && info.population) m.population = String(info.population);
    ctx.fillMeta();
    // An authority with figures becomes the reference: a file of it is
    // compared with them.
    if (info.key && info.years && info.years.length) {
      ctx.st.ref.authority = {key: info.key, name: info.name};
      ctx.setRefKind('authority');
      ctx.el.refSearch.value = info.name || '';
    }
    ctx.saveSoon();
  }

  return {show, prefill};
}
