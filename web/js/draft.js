// « Mon budget (brouillon privé) »: a budget file dropped or chosen, or
// amounts typed in a grid, split in the browser and compared with a
// reference (a second file, or an authority's latest figures). Nothing leaves
// the browser; the draft is kept in localStorage until deleted.

import {$, h, replace, debounce} from './dom.js';
import {cents, fmtCents, fmtInt, parseAmount, parsePopulation, plain} from './money.js';
import {call, ready, loadIndex, openFile, prepareSearchWhenIdle} from './engine.js';
import {BIG_FILE, readWithProgress} from './fileprogress.js';
import {compareSides, withDefaultYear, yearToShow} from './compare.js';
import {combobox} from './combobox.js';
import {renderResult, peerGroups} from './splitview.js';
import {requestOf, presentationOf, paramsOfPresentation, renderRules, sectionOf, setRadio} from './options.js';
import * as storage from './storage.js';
import {wireTemplate} from './drafttemplate.js';
import {prepareTable, tableRequest} from './draftsheet.js';
import {draftExport} from './draftexport.js';

/** Level-1 function codes of each nomenclature (labels come from the core). */
const CODES = {
  M57: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '01'],
  M14: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '01'],
  M52: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '01'],
  M71: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '01'],
};
const GRID_FILE = 'saisie.csv';
const RECOMPUTE_MS = 150;
const SAVE_MS = 500;

function emptyGrid() {
  return {meta: {name: '', year: String(new Date().getFullYear()), nomenclature: 'M57', population: ''}, values: {}, extra: []};
}

/** The name a report is titled with: a budget annexe says so, with its own name. */
function reportName(r) {
  const name = (r.authority && r.authority.name) || '';
  if (!r.annex) return name;
  const annex = `budget annexe${r.budget ? ` « ${r.budget} »` : ''}`;
  return name ? `${name} — ${annex}` : annex;
}

function refPhrase(r) {
  const y = r.year ? ` ${r.year}` : '';
  switch (r.document) {
    case 'CA': return `au CA${y}`;
    case 'BP': return `au BP${y}`;
    case 'DM': return `à la DM${y}`;
    case 'BS': return `au BS${y}`;
    case 'CFU': return `au CFU${y}`;
    case 'BAL': return `à la balance${y}`;
    case 'PROJET': return `au projet${y}`;
    default: return 'à la référence';
  }
}

export function initDraft({navigate}) {
  const el = {
    error: $('draft-error'), drop: $('draft-drop'), file: $('draft-file'), fileStatus: $('draft-file-status'),
    filePop: $('draft-file-population'),
    form: $('draft-grid-form'), name: $('draft-name'), year: $('draft-year'), nomen: $('draft-nomenclature'),
    pop: $('draft-population'), body: $('draft-grid-body'), addCode: $('draft-add-code'), addRow: $('draft-add-row'),
    clearGrid: $('draft-grid-clear'), view: $('draft-view'), rules: document.querySelector('#draft-rules .rules-body'),
    result: $('draft-result'), refFile: $('draft-ref-file'), refFileStatus: $('draft-ref-file-status'),
    refFileBox: $('draft-ref-file-box'), refAuthBox: $('draft-ref-authority-box'), refStatus: $('draft-ref-status'),
    storageStatus: $('draft-storage-status'), del: $('draft-delete'),
  };

  // In-memory draft. Files: {name, size, bytes, report, request}.
  const st = {
    source: 'file',
    grid: emptyGrid(),
    file: null,
    ref: {kind: 'none', file: null, authority: null},
  };
  let params = {};
  let token = 0;
  let labels = new Map(); // code → label for the grid's nomenclature
  let focusNext = null;
  let restoredNote = '';

  // ---------- errors ----------
  const showError = (title, message) => {
    replace(el.error, h('p', null, h('strong', null, title), ' ', message));
    el.error.classList.add('is-shown');
  };
  const clearError = () => {
    el.error.replaceChildren();
    el.error.classList.remove('is-shown');
  };

  // ---------- the grid ----------
  function codesOf(nomen) {
    const base = CODES[nomen] || CODES.M57;
    const extra = st.grid.extra.filter((c) => !base.includes(c));
    // Extra (detailed) codes after the level-1 code they belong to; "01" last.
    const main = base.filter((c) => c !== '01');
    const out = [];
    for (const c of main) {
      out.push(c);
      for (const x of extra.filter((e) => e[0] === c && !e.startsWith('01')).sort()) out.push(x);
    }
    out.push('01');
    for (const x of extra.filter((e) => e.startsWith('01') && e !== '01').sort()) out.push(x);
    return out;
  }

  function buildGrid() {
    const nomen = st.grid.meta.nomenclature;
    const base = CODES[nomen] || CODES.M57;
    const rows = codesOf(nomen).map((code) => {
      const v = st.grid.values[code] || {};
      const label = code === '01' ? 'Dette, reversements et non ventilé' : (labels.get(code) || '');
      const isExtra = !base.includes(code);
      const cell = (sec) => {
        const id = `draft-${sec}-${code}`;
        const err = `${id}-err`;
        const input = h('input', {
          id, type: 'text', inputmode: 'decimal', autocomplete: 'off', class: 'amount', value: v[sec] || '',
          'data-testid': id, 'data-code': code, 'data-section': sec, 'aria-describedby': err,
          'aria-label': `${sec === 'F' ? 'Fonctionnement' : 'Investissement'} — ${label || `fonction ${code}`} (euros)`,
        });
        return h('td', {role: 'cell', 'data-label': sec === 'F' ? 'Fonctionnement' : 'Investissement'},
          input, h('span', {id: err, class: 'field-error', 'aria-live': 'polite'}));
      };
      return h('tr', {role: 'row', 'data-code': code, class: isExtra ? 'is-extra' : '', 'data-testid': `draft-grid-row-${code}`},
        h('th', {scope: 'row', role: 'rowheader', class: 'policy'},
          h('span', {class: 'grid-label', id: `draft-label-${code}`}, label || (labels.size ? `Fonction ${code}` : '…')),
          h('span', {class: 'code'}, code === '01' ? 'code 01 — intérêts, reversements' : `code ${code}`)),
        cell('F'), cell('I'),
        h('td', {role: 'cell', class: 'grid-remove'}, isExtra
          ? h('button', {type: 'button', class: 'btn-icon', 'data-testid': `draft-remove-${code}`,
            'aria-label': `Retirer la fonction ${code}`, onclick: () => removeExtra(code)}, '×')
          : null));
    });
    replace(el.body, ...rows);
    for (const input of el.body.querySelectorAll('input.amount')) validateCell(input);
    updateTotals();
  }

  function gridTotals() {
    let f = 0;
    let i = 0;
    let any = false;
    let bad = 0;
    for (const [, v] of Object.entries(st.grid.values)) {
      for (const sec of ['F', 'I']) {
        const p = parseAmount(v[sec]);
        if (p.error) bad++;
        else if (!p.empty) { any = true; if (sec === 'F') f += p.cents; else i += p.cents; }
      }
    }
    return {f, i, any, bad};
  }

  function updateTotals() {
    const t = gridTotals();
    $('draft-grid-total').textContent = `Total saisi : ${fmtCents(t.f + t.i)} — fonctionnement ${fmtCents(t.f)}, investissement ${fmtCents(t.i)}`
      + (t.bad ? ` — ${t.bad} case${t.bad > 1 ? 's' : ''} à corriger` : '');
  }

  function validateCell(input) {
    const p = parseAmount(input.value);
    const err = $(`${input.id}-err`);
    if (p.error) {
      input.setAttribute('aria-invalid', 'true');
      if (err) err.textContent = p.error;
    } else {
      input.removeAttribute('aria-invalid');
      if (err) err.textContent = '';
    }
    return p;
  }

  function gridCSV() {
    const m = st.grid.meta;
    const clean = (t) => String(t || '').replace(/[\r\n]+/g, ' ').trim();
    const lines = ['# Brouillon saisi dans le jeu des 1 000 €'];
    if (clean(m.name)) lines.push(`# collectivite: ${clean(m.name)}`);
    if (/^\d{4}$/.test(clean(m.year))) lines.push(`# annee: ${clean(m.year)}`);
    lines.push(`# nomenclature: ${m.nomenclature || 'M57'}`);
    const pop = parsePopulation(m.population);
    if (pop) lines.push(`# population: ${pop}`);
    lines.push('section;fonction;montant');
    let n = 0;
    for (const code of codesOf(m.nomenclature)) {
      const v = st.grid.values[code] || {};
      for (const sec of ['F', 'I']) {
        const p = parseAmount(v[sec]);
        if (p.error || p.empty) continue;
        lines.push(`${sec};${code};${plain(p.cents)}`);
        n++;
      }
    }
    return {csv: lines.join('\n') + '\n', n};
  }

  // Labels come from the core's labels table (citizen words, official
  // labels): the viewer core has it, no file is split for it.
  async function loadLabels() {
    const nomen = st.grid.meta.nomenclature || 'M57';
    const codes = [...new Set([...(CODES[nomen] || CODES.M57), ...st.grid.extra])];
    try {
      const r = await call('labels', nomen, codes);
      if ((st.grid.meta.nomenclature || 'M57') !== nomen) return;
      labels = new Map(r.labels.map((l) => [l.code, l.plain]));
    } catch {
      labels = new Map();
    }
    for (const code of codesOf(nomen)) {
      const span = $(`draft-label-${code}`);
      if (span && code !== '01') span.textContent = labels.get(code) || `Fonction ${code}`;
      for (const sec of ['F', 'I']) {
        const input = $(`draft-${sec}-${code}`);
        if (input) input.setAttribute('aria-label', `${sec === 'F' ? 'Fonctionnement' : 'Investissement'} — ${labels.get(code) || `fonction ${code}`} (euros)`);
      }
    }
  }

  async function labelExtra(code) {
    const nomen = st.grid.meta.nomenclature || 'M57';
    try {
      const r = await call('labels', nomen, [code]);
      labels.set(code, r.labels[0].plain);
    } catch {
      labels.set(code, `Fonction ${code}`);
    }
  }

  function removeExtra(code) {
    st.grid.extra = st.grid.extra.filter((c) => c !== code);
    delete st.grid.values[code];
    buildGrid();
    el.addCode.focus();
    changed('grid');
  }

  async function addExtra() {
    const code = el.addCode.value.replace(/[\s.\-]/g, '');
    if (!/^\d{2,6}$/.test(code)) {
      showError('Code de fonction invalide.', 'Saisissez un code de 2 à 6 chiffres, par exemple 212 (écoles primaires) ou 4221 (crèches).');
      el.addCode.focus();
      return;
    }
    clearError();
    if (!codesOf(st.grid.meta.nomenclature).includes(code)) {
      st.grid.extra.push(code);
      await labelExtra(code);
      buildGrid();
    }
    el.addCode.value = '';
    $(`draft-F-${code}`)?.focus();
    changed('grid');
  }

  // Typing: the input event only stores the text and schedules the work.
  el.body.addEventListener('input', (e) => {
    const input = e.target;
    if (!input.matches('input.amount')) return;
    const code = input.dataset.code;
    const sec = input.dataset.section;
    (st.grid.values[code] ||= {})[sec] = input.value;
    validateCell(input);
    scheduleTotals();
    changed('grid');
  });
  el.body.addEventListener('focusout', (e) => {
    const input = e.target;
    if (!input.matches('input.amount')) return;
    const p = parseAmount(input.value);
    if (!p.error && !p.empty) {
      // Show the amount the way it was understood.
      input.value = fmtCents(p.cents, {unit: ''});
      st.grid.values[input.dataset.code][input.dataset.section] = input.value;
    }
  });
  const scheduleTotals = debounce(updateTotals, 60);

  for (const [input, key] of [[el.name, 'name'], [el.year, 'year'], [el.pop, 'population']]) {
    input.addEventListener('input', () => {
      st.grid.meta[key] = input.value;
      if (key === 'population') {
        const p = parsePopulation(input.value);
        if (Number.isNaN(p)) input.setAttribute('aria-invalid', 'true'); else input.removeAttribute('aria-invalid');
      }
      changed('grid');
    });
  }
  el.nomen.addEventListener('change', () => {
    st.grid.meta.nomenclature = el.nomen.value;
    labels = new Map();
    buildGrid();
    loadLabels();
    changed('grid');
  });
  el.addRow.addEventListener('click', addExtra);
  el.addCode.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); addExtra(); } });
  el.form.addEventListener('submit', (e) => e.preventDefault());
  el.clearGrid.addEventListener('click', () => {
    st.grid.values = {};
    st.grid.extra = [];
    buildGrid();
    changed('grid');
  });

  // ---------- files ----------
  /** A big file's bytes stay in the core's worker (a WorkerFile), read with a progress bar after `progressAfter`. */
  async function readFile(file, progressAfter = null) {
    if (file.size >= BIG_FILE) {
      const r = progressAfter ? await readWithProgress(file, progressAfter) : {file: await openFile(file), done: () => {}};
      return {name: file.name, size: file.size, bytes: r.file, report: null, request: null, done: r.done};
    }
    const buf = await file.arrayBuffer();
    return {name: file.name, size: file.size, bytes: new Uint8Array(buf), report: null, request: null};
  }

  /** Splits a file, remembering the last few answers (a big TOTEM file takes a while to parse). */
  async function splitCached(f, req) {
    req = tableRequest(f, req); // a table's sheet, year and columns (draftsheet.js)
    const key = JSON.stringify(req);
    f.memo ||= new Map();
    if (!f.memo.has(key)) {
      const p = call('splitFile', f.name, f.bytes, req);
      p.catch(() => f.memo.delete(key));
      f.memo.set(key, p);
      if (f.memo.size > 8) f.memo.delete(f.memo.keys().next().value);
    }
    const report = await f.memo.get(key);
    f.report = report; // what is stored when the bytes are too big
    f.request = req;
    return report;
  }

  async function takeFile(file) {
    if (!file) return;
    clearError();
    el.fileStatus.textContent = `Lecture de « ${file.name} »…`;
    let f;
    try {
      f = await readFile(file, el.fileStatus);
      const table = f; // a table's columns, sheet and year, chosen in a panel under the status
      await prepareTable(f, el.fileStatus, () => (st.file === table ? changed('file') : takeFile(file)));
      // The file's own population, if it gives one (PopTot…).
      try {
        f.ownPopulation = (await splitCached(f, currentRequest())).population || 0;
      } finally {
        f.done?.();
      }
    } catch (e) {
      el.fileStatus.textContent = st.file ? `Fichier analysé : « ${st.file.name} ».` : '';
      if (e.name === 'AbortError') el.fileStatus.textContent = `Lecture de « ${file.name} » annulée. ${el.fileStatus.textContent}`;
      else showError('Fichier refusé.', e.message || String(e));
      return;
    }
    st.file = f;
    setSource('file');
    fileStatus();
    changed('file');
    suggestPopulation(f);
  }

  // ---------- the population a file does not give ----------
  /** The population sent with the file's split (0: the file's own). */
  const filePopulation = (f) => (f && !f.ownPopulation && f.population && f.population.n > 0 ? f.population.n : 0);

  /** Words for where the population of the file's split comes from. */
  function populationOrigin(f) {
    const p = f && filePopulation(f) ? f.population : null;
    if (!p) return '';
    return p.origin === 'insee'
      ? `population : ${fmtInt(p.n)} habitants, INSEE${p.year ? ` ${p.year}` : ''} pour ${p.name} (données intégrées)`
      : `population : ${fmtInt(p.n)} habitants, indiquée par vous`;
  }

  /**
   * Looks the file's authority up in the bundled dataset (INSEE code, else
   * SIREN) for a population to offer, when the file gives none.
   */
  async function suggestPopulation(f) {
    if (!f || f.ownPopulation !== 0 || f.suggested !== undefined) return;
    const a = (f.report && f.report.authority) || {};
    f.suggested = null;
    renderFilePopulation();
    try {
      await loadIndex();
      let info = null;
      if (/^\d[\dAB]\d{3}$/.test(a.insee || '')) info = await call('authority', `commune:${a.insee}`).catch(() => null);
      if (!info && /^\d{9}$/.test(a.siren || '')) {
        for (const s of await call('search', a.siren, 3)) {
          const i = await call('authority', s.key);
          if (i.siren === a.siren) { info = i; break; }
        }
      }
      if (info && info.population > 0 && (!a.siren || !info.siren || info.siren === a.siren)) {
        f.suggested = {n: info.population, year: info.populationYear || null, name: info.name};
      }
    } catch (e) {
      // No suggestion: the population can still be typed.
    }
    if (f.suggested === null) f.suggested = false; // looked up, not found
    if (st.file === f) renderFilePopulation();
  }

  function setFilePopulation(f, population) {
    f.population = population;
    renderFilePopulation();
    changed('file');
  }

  function renderFilePopulation() {
    const f = st.file;
    if (!f || f.ownPopulation !== 0) {
      el.filePop.hidden = true;
      replace(el.filePop);
      return;
    }
    el.filePop.hidden = false;
    const p = f.population;
    const input = h('input', {id: 'draft-file-pop-input', type: 'text', inputmode: 'numeric', autocomplete: 'off',
      class: 'input-small', 'data-testid': 'draft-file-pop-input', 'aria-describedby': 'draft-file-pop-hint'});
    input.value = p && p.n ? String(p.n) : '';
    input.addEventListener('change', () => {
      const n = parsePopulation(input.value);
      if (Number.isNaN(n) || n === 0) {
        input.setAttribute('aria-invalid', 'true');
        return;
      }
      input.removeAttribute('aria-invalid');
      setFilePopulation(f, n === null ? null : {n, origin: 'user'});
    });
    const s = f.suggested;
    const a = (f.report && f.report.authority) || {};
    replace(el.filePop,
      h('label', {for: 'draft-file-pop-input'}, 'Population (habitants)'),
      h('p', {id: 'draft-file-pop-hint', class: 'hint'},
        'Ce fichier n\'indique pas la population : sans elle, pas de montants par habitant.',
        p && p.n ? ` Utilisée : ${populationOrigin(f).replace(/^population : /, '')}.` : ''),
      h('div', {class: 'file-population-row'}, input,
        s && !(p && p.origin === 'insee' && p.n === s.n)
          ? h('button', {type: 'button', class: 'btn', 'data-testid': 'draft-file-pop-insee',
            onclick: () => setFilePopulation(f, {n: s.n, origin: 'insee', year: s.year, name: s.name})},
          `Prendre celle de l'INSEE : ${fmtInt(s.n)} habitants (${s.name}${s.year ? `, ${s.year}` : ''})`)
          : null,
        f.suggested === null && !(p && p.n) ? h('span', {class: 'hint'}, ' (recherche dans les données intégrées…)') : null,
        f.suggested === false && !(p && p.n)
          ? h('span', {class: 'hint', 'data-testid': 'draft-file-pop-notfound'},
            ` Population introuvable dans les données intégrées${a.name ? ` pour « ${a.name} »` : ''} : indiquez-la ci-contre.`)
          : null));
  }

  function fileStatus() {
    renderFilePopulation();
    const f = st.file;
    if (!f) { replace(el.fileStatus); return; }
    const r = f.report;
    replace(el.fileStatus,
      h('span', null, 'Fichier analysé : ', h('strong', null, `« ${f.name} »`),
        f.size ? ` (${fmtInt(Math.round(f.size / 1024))} Ko)` : '',
        r ? ` — ${[reportName(r), r.document, r.year].filter(Boolean).join(', ')}` : ''),
      !f.bytes ? h('span', {class: 'hint'}, ' — fichier trop volumineux pour être gardé : résultat conservé tel quel ; rechargez le fichier pour changer les options.') : null,
      r && r.method === 'function'
        ? h('button', {type: 'button', class: 'btn btn-link', id: 'draft-file-to-grid', 'data-testid': 'draft-file-to-grid',
          onclick: fileToGrid}, 'Reprendre ces montants dans la saisie pour les modifier')
        : null);
  }

  async function fileToGrid() {
    const f = st.file;
    if (!f) return;
    let r = f.report;
    try {
      if (f.bytes) r = await call('splitFile', f.name, f.bytes, tableRequest(f, {level: 1, grid: 'native', section: 'all', top: 0}));
    } catch (e) {
      showError('Reprise impossible.', e.message);
      return;
    }
    if (!r || r.method !== 'function' || !(r.grid === 'native' || !r.grid) || (r.level && r.level !== 1)) {
      showError('Reprise impossible.', 'Seul un fichier présenté par fonction peut être repris dans la saisie.');
      return;
    }
    const nomen = CODES[r.nomenclature] ? r.nomenclature : 'M57';
    st.grid = emptyGrid();
    st.grid.meta = {
      name: (r.authority && r.authority.name) || '', year: r.year ? String(r.year + (r.document === 'CA' || r.document === 'CFU' ? 1 : 0)) : st.grid.meta.year,
      nomenclature: nomen, population: r.population ? String(r.population) : '',
    };
    for (const p of r.parts) {
      if (p.code === 'NF' || p.code === 'DETTE') continue;
      const fc = cents(p.fonctionnement);
      const ic = cents(p.investissement);
      const fv = fc ? fmtCents(fc, {unit: ''}) : '';
      const iv = ic ? fmtCents(ic, {unit: ''}) : '';
      st.grid.values[p.code] = {F: fv, I: iv};
      if (!(CODES[nomen] || []).includes(p.code)) st.grid.extra.push(p.code);
    }
    fillMeta();
    labels = new Map();
    buildGrid();
    await loadLabels();
    setSource('grid');
    changed('grid');
    $('draft-F-0')?.focus();
  }

  el.file.addEventListener('change', () => {
    takeFile(el.file.files[0]);
    el.file.value = '';
  });
  for (const ev of ['dragenter', 'dragover']) {
    el.drop.addEventListener(ev, (e) => { e.preventDefault(); el.drop.classList.add('is-over'); });
  }
  for (const ev of ['dragleave', 'dragend']) {
    el.drop.addEventListener(ev, () => el.drop.classList.remove('is-over'));
  }
  el.drop.addEventListener('drop', (e) => {
    e.preventDefault();
    el.drop.classList.remove('is-over');
    const f = e.dataTransfer && e.dataTransfer.files && e.dataTransfer.files[0];
    if (f) takeFile(f);
  });
  // A file dropped anywhere on the draft view is taken; elsewhere, a drop
  // must not make the browser navigate away.
  window.addEventListener('dragover', (e) => e.preventDefault());
  window.addEventListener('drop', (e) => {
    e.preventDefault();
    if ($('view-draft').hidden || el.drop.contains(e.target)) return;
    const f = e.dataTransfer && e.dataTransfer.files && e.dataTransfer.files[0];
    if (f) takeFile(f);
  });

  // ---------- source ----------
  function setSource(src) {
    st.source = src;
    setRadio('draft-source', src);
    $('draft-file-panel').hidden = src !== 'file';
    $('draft-grid-panel').hidden = src !== 'grid';
    document.querySelector('.draft-layout').classList.toggle('is-grid', src === 'grid');
  }
  for (const r of document.querySelectorAll('input[name="draft-source"]')) {
    r.addEventListener('change', () => {
      clearError();
      setSource(r.value);
      changed('source');
    });
  }

  // ---------- reference ----------
  function setRefKind(kind) {
    st.ref.kind = kind;
    setRadio('draft-ref-kind', kind);
    el.refFileBox.hidden = kind !== 'file';
    el.refAuthBox.hidden = kind !== 'authority';
  }
  for (const r of document.querySelectorAll('input[name="draft-ref-kind"]')) {
    r.addEventListener('change', () => {
      setRefKind(r.value);
      if (r.value === 'authority') {
        loadIndex().catch((e) => { el.refStatus.textContent = `Indisponible : ${e.message}`; });
        prepareSearchWhenIdle().catch(() => {});
      }
      changed('ref');
    });
  }
  el.refFile.addEventListener('change', async () => {
    const file = el.refFile.files[0];
    el.refFile.value = '';
    if (!file) return;
    clearError();
    let f;
    try {
      f = await readFile(file);
      // The file's own population, if it gives one (PopTot…).
      f.ownPopulation = (await splitCached(f, currentRequest())).population || 0;
    } catch (e) {
      showError('Fichier de référence refusé.', e.message || String(e));
      return;
    }
    st.ref.file = f;
    refFileStatus();
    changed('ref');
  });
  function refFileStatus() {
    const f = st.ref.file;
    el.refFileStatus.textContent = f ? `Référence : « ${f.name} »${f.report ? ` — ${[f.report.document, f.report.year].filter(Boolean).join(' ')}` : ''}` : '';
  }
  let refIndexError = '';
  combobox({
    input: $('draft-ref-search'), list: $('draft-ref-listbox'), status: el.refStatus,
    unavailable: () => refIndexError,
    search: async (q, n) => {
      try {
        await loadIndex();
      } catch (e) {
        refIndexError = `Indisponible : ${e.message}`;
        throw e;
      }
      return call('search', q, n);
    },
    onChoose: (r) => {
      st.ref.authority = {key: r.key, name: r.name};
      changed('ref');
    },
  });

  // ---------- options (URL) ----------
  const setParams = (changes) => {
    const p = {...params, ...changes};
    for (const k of Object.keys(p)) if (p[k] === '' || p[k] === null) delete p[k];
    navigate({view: 'draft', params: p});
  };
  for (const r of document.querySelectorAll('input[name="draft-section"]')) {
    r.addEventListener('change', () => setParams({section: r.value === 'all' ? '' : r.value, partie: ''}));
  }
  el.view.addEventListener('change', () => setParams({...paramsOfPresentation(el.view.value), partie: ''}));

  function currentRequest() {
    return requestOf(params);
  }

  // ---------- compute and render ----------
  const recompute = debounce(() => compute(), RECOMPUTE_MS);
  const saveSoon = debounce(() => persist(), SAVE_MS);
  // A reload or a closed tab must not lose the last keystrokes: save what
  // is pending when the page goes away.
  window.addEventListener('pagehide', () => saveSoon.flushPending());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') saveSoon.flushPending();
  });

  function changed(what) {
    if (what === 'grid' && st.source !== 'grid') setSource('grid');
    if (what === 'grid') recompute(); else recompute.flush();
    saveSoon();
  }

  async function splitDraft(req) {
    if (st.source === 'file' && st.file) {
      const f = st.file;
      const r = filePopulation(f) ? {...req, population: filePopulation(f)} : req;
      if (f.bytes) return {report: await splitCached(f, r), label: `« ${f.name} »`};
      return {report: f.report, label: `« ${f.name} »`, frozen: JSON.stringify(f.request) !== JSON.stringify(r)};
    }
    if (st.source === 'file') return null;
    const {csv, n} = gridCSV();
    if (!n) return null;
    return {report: await call('splitFile', GRID_FILE, new TextEncoder().encode(csv), req), label: 'la saisie'};
  }

  /** The draft as split on screen, for draftexport.js (null: a file too big to keep). */
  function exportSource(req) {
    if (st.source === 'file' && st.file) {
      const f = st.file;
      const r = filePopulation(f) ? {...req, population: filePopulation(f)} : req;
      return f.bytes ? {name: f.name, bytes: f.bytes, request: tableRequest(f, r)} : null;
    }
    return {name: GRID_FILE, bytes: new TextEncoder().encode(gridCSV().csv), request: req};
  }

  async function splitRef(req) {
    if (st.ref.kind === 'file' && st.ref.file) {
      const f = st.ref.file;
      const report = f.bytes ? await splitCached(f, req) : f.report;
      return {report, detail: `« ${f.name} »`, phrase: refPhrase(report)};
    }
    if (st.ref.kind === 'authority' && st.ref.authority) {
      const key = st.ref.authority.key;
      // The year the authority's page opens on (the core's default: the
      // latest detailed one); whether it compares with the draft, and on
      // which grid, is the core's call too (see compute).
      const info = await withDefaultYear(key);
      if (!(info.years || []).length) throw new Error(`Pas de données fonctionnelles pour ${info.name} dans les fichiers intégrés.`);
      const year = yearToShow(info);
      const aggregated = info.years.find((y) => y.year === year)?.detail === 'aggregated';
      const r = aggregated ? {...req, grid: 'six', section: 'all'} : req;
      if (aggregated) delete r.level;
      const report = await call('splitRecord', info.key || key, year, r);
      return {report, detail: info.name, phrase: refPhrase(report), dataset: true, aggregated, side: {key: info.key || key, year}};
    }
    return null;
  }

  async function compute() {
    const my = ++token;
    const req = currentRequest();
    el.result.setAttribute('aria-busy', 'true');
    let draft;
    try {
      draft = await splitDraft(req);
    } catch (e) {
      if (my !== token) return;
      el.result.setAttribute('aria-busy', 'false');
      showError(st.source === 'file' ? 'Fichier refusé.' : 'La saisie ne peut pas être calculée.', e.message || String(e));
      return;
    }
    if (my !== token) return;
    if (!draft) {
      el.result.setAttribute('aria-busy', 'false');
      replace(el.result, h('p', {class: 'empty-result', 'data-testid': 'draft-empty'},
        st.source === 'file'
          ? 'Choisissez ou déposez un fichier : la répartition de ses 1 000 € s\'affiche ici.'
          : 'Saisissez au moins un montant : la répartition des 1 000 € s\'affiche ici et se met à jour pendant la saisie.'));
      return;
    }
    let ref = null;
    let note = '';
    try {
      ref = await splitRef(req);
      if (ref && draft.report && ref.report) {
        // The core says whether they compare (same method, same
        // presentation) and on which grid and section.
        const v = await compareSides({report: draft.report}, ref.side || {report: ref.report}, req);
        if (!v.comparable) {
          note = `Comparaison impossible avec ${ref.detail} : ${v.reason}`;
          ref = null;
        } else if (v.grid !== (req.grid || 'native') || v.section !== (req.section || 'all')) {
          const r2 = {...req, grid: v.grid, section: v.section};
          delete r2.level;
          const d2 = await splitDraft(r2);
          const f2 = await splitRef(r2);
          if (my !== token) return;
          draft = d2;
          ref = f2;
          note = v.reason;
        }
      }
    } catch (e) {
      if (my !== token) return;
      note = `Référence indisponible : ${e.message || e}`;
      ref = null;
    }
    if (my !== token) return;
    clearError();
    // The reference's peers are those of its method and grid (the core's
    // choice), the draft's when they compare.
    const groups = ref && ref.report ? peerGroups(ref.report) : [];
    const peerKind = (groups.find((g) => g.kind === 'strate') || groups[0] || {}).kind || null;
    const selected = params.partie && draft.report.parts.some((p) => p.code === params.partie) ? params.partie : null;
    renderResult(el.result, {
      report: draft.report, draft: true, ref, peerKind, selected, idPrefix: 'draft',
      title: reportName(draft.report) || 'Mon brouillon',
      sourceOverride: st.source === 'file' && st.file
        ? `votre fichier « ${st.file.name} », lu dans ce navigateur (rien n'est envoyé)${populationOrigin(st.file) ? ` ; ${populationOrigin(st.file)}` : ''}`
        : 'votre saisie, calculée dans ce navigateur (rien n\'est envoyé)',
    }, {
      onSelect: (code) => {
        focusNext = code ? 'drill' : {row: params.partie};
        setParams({partie: code || ''});
      },
    });
    const notes = [note, draft.frozen ? 'Ce résultat a été conservé tel quel (fichier trop volumineux pour être gardé) : rechargez le fichier pour appliquer ces options.' : '', restoredNote].filter(Boolean);
    if (notes.length) el.result.prepend(...notes.map((n) => h('p', {class: 'notice notice-info', 'data-testid': 'draft-note'}, n)));
    el.result.append(draftExport(() => exportSource(req)));
    el.result.setAttribute('aria-busy', 'false');
    announce(`Brouillon recalculé : dépenses comptées ${fmtCents(cents(draft.report.total))}${ref ? `, comparé ${ref.phrase || 'à la référence'}` : ''}.`);
    const f = focusNext;
    focusNext = null;
    if (f === 'drill') $('draft-drill-title')?.focus();
    else if (f && f.row) document.querySelector(`[data-testid="draft-part-${CSS.escape(f.row)}"]`)?.focus();
  }

  // One short announcement after the typing stops, not one per keystroke.
  const announce = debounce((text) => { $('draft-result-status').textContent = text; }, 1200);

  // ---------- storage ----------
  function persist() {
    const res = storage.save({source: st.source, grid: st.grid, file: st.file, ref: st.ref});
    const time = new Date().toLocaleTimeString('fr-FR', {hour: '2-digit', minute: '2-digit'});
    if (!res.ok) el.storageStatus.textContent = 'Le brouillon n\'a pas pu être enregistré sur cet appareil (stockage plein ou désactivé).';
    else if (res.level === 'full') el.storageStatus.textContent = `Brouillon enregistré sur cet appareil à ${time}.`;
    else if (res.level === 'reports') el.storageStatus.textContent = `Brouillon enregistré à ${time} ; le fichier est trop volumineux pour être gardé : seul son résultat l'est.`;
    else el.storageStatus.textContent = `Saisie enregistrée à ${time} ; les fichiers sont trop volumineux pour être gardés.`;
  }

  el.del.addEventListener('click', () => {
    storage.clear();
    st.source = 'file';
    st.grid = emptyGrid();
    st.file = null;
    st.ref = {kind: 'none', file: null, authority: null};
    restoredNote = '';
    fillMeta();
    setSource('file');
    setRefKind('none');
    fileStatus();
    refFileStatus();
    $('draft-ref-search').value = '';
    labels = new Map();
    buildGrid();
    loadLabels();
    clearError();
    saveSoon.cancel();
    recompute.flush();
    el.storageStatus.textContent = 'Vos brouillons ont été supprimés de cet appareil.';
  });

  function fillMeta() {
    el.name.value = st.grid.meta.name || '';
    el.year.value = st.grid.meta.year || '';
    el.nomen.value = CODES[st.grid.meta.nomenclature] ? st.grid.meta.nomenclature : 'M57';
    el.pop.value = st.grid.meta.population || '';
  }

  function restore() {
    const saved = storage.load();
    if (!saved) {
      el.storageStatus.textContent = 'Aucun brouillon enregistré sur cet appareil.';
      return;
    }
    if (saved.grid && saved.grid.meta) {
      st.grid = {...emptyGrid(), ...saved.grid, meta: {...emptyGrid().meta, ...saved.grid.meta}};
      st.grid.values ||= {};
      st.grid.extra ||= [];
    }
    st.file = saved.file;
    if (saved.ref) {
      st.ref = {kind: saved.ref.kind || 'none', file: saved.ref.file, authority: saved.ref.authority};
      if (st.ref.authority) $('draft-ref-search').value = st.ref.authority.name || '';
    }
    st.source = saved.source === 'grid' ? 'grid' : 'file';
    const when = saved.savedAt ? new Date(saved.savedAt).toLocaleString('fr-FR', {dateStyle: 'short', timeStyle: 'short'}) : '';
    el.storageStatus.textContent = `Brouillon retrouvé sur cet appareil${when ? ` (enregistré le ${when})` : ''}.`;
  }

  // ---------- view ----------
  /** Called by the router with the draft view's URL parameters. */
  function show(state) {
    const prev = params;
    params = state.params || {};
    setRadio('draft-section', sectionOf(params));
    el.view.value = presentationOf(params);
    if (prev.regles !== params.regles || !el.rules.children.length) {
      renderRules(el.rules, 'draft', params, (regles) => setParams({regles, partie: ''}));
    }
    requestLabels();
    suggestPopulation(st.file); // once per file, when the view is shown
    recompute.flush();
  }

  /** Prefills the grid's description for an authority (from the citizen view). */
  function prefill(info) {
    if (!st.grid.meta.name) st.grid.meta.name = info.name || '';
    if (!st.grid.meta.population && info.population) st.grid.meta.population = String(info.population);
    fillMeta();
    // An authority with figures becomes the reference: a file of it is
    // compared with them.
    if (info.key && info.years && info.years.length) {
      st.ref.authority = {key: info.key, name: info.name};
      setRefKind('authority');
      $('draft-ref-search').value = info.name || '';
    }
    saveSoon();
  }

  wireTemplate($('draft-template'), $('draft-template-body'));

  // Start: restore, draw the grid, then ask the core for labels.
  restore();
  fillMeta();
  setSource(st.source);
  setRefKind(st.ref.kind);
  fileStatus();
  refFileStatus();
  buildGrid();
  // Labels (and with them the full core, which reads files) are loaded when
  // the draft view is first shown, not at start-up.
  let labelsRequested = false;
  function requestLabels() {
    if (labelsRequested) return;
    labelsRequested = true;
    ready.then(loadLabels, () => {});
  }

  return {show, prefill};
}
