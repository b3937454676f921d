// The draft's file drawn under the file input: what was read, and the
// population field when the file gives none (with the INSEE figure found
// for its authority, or the word that none was found).

import {h, replace} from '../dom.js';
import {fmtInt, parsePopulation} from '../money.js';
import {fileSummary, populationOrigin, refFileSummary} from './state.js';

function populationInput(f, onSet) {
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
    onSet(n === null ? null : {n, origin: 'user'});
  });
  return input;
}

/** What the population lookup gives: the INSEE button, « recherche… » or « introuvable ». */
function suggestion(f, onSet) {
  const p = f.population;
  const s = f.suggested;
  const chosen = Boolean(p && p.n);
  if (s && !(p && p.origin === 'insee' && p.n === s.n)) {
    return h('button', {type: 'button', class: 'btn', 'data-testid': 'draft-file-pop-insee',
      onclick: () => onSet({n: s.n, origin: 'insee', year: s.year, name: s.name})},
    `Prendre celle de l'INSEE : ${fmtInt(s.n)} habitants (${s.name}${s.year ? `, ${s.year}` : ''})`);
  }
  if (s === null && !chosen) return h('span', {class: 'hint'}, ' (recherche dans les données intégrées…)');
  if (s === false && !chosen) {
    const a = (f.report && f.report.authority) || {};
    return h('span', {class: 'hint', 'data-testid': 'draft-file-pop-notfound'},
      ` Population introuvable dans les données intégrées${a.name ? ` pour « ${a.name} »` : ''} : indiquez-la dans ce champ.`);
  }
  return null;
}

/** The population field of a file that gives none (hidden otherwise); onSet(population) sets it. */
export function renderFilePopulation(box, f, onSet) {
  if (!f || f.ownPopulation !== 0) {
    box.hidden = true;
    replace(box);
    return;
  }
  box.hidden = false;
  const p = f.population;
  replace(box,
    h('label', {for: 'draft-file-pop-input'}, 'Population (habitants)'),
    h('p', {id: 'draft-file-pop-hint', class: 'hint'},
      'Ce fichier n\'indique pas la population : sans elle, pas de montants par habitant.',
      p && p.n ? ` Utilisée : ${populationOrigin(f).replace(/^population : /, '')}.` : ''),
    h('div', {class: 'file-population-row'}, populationInput(f, onSet), suggestion(f, onSet)));
}

/** The file's status line; onToGrid takes its amounts into the grid (files split by function). */
export function renderFileStatus(box, f, onToGrid) {
  if (!f) { replace(box); return; }
  const r = f.report;
  const {size, what} = fileSummary(f);
  replace(box,
    h('span', null, 'Fichier analysé : ', h('strong', null, `« ${f.name} »`), size, what),
    !f.bytes ? h('span', {class: 'hint'}, ' — fichier trop volumineux pour être gardé : résultat conservé tel quel ; rechargez le fichier pour changer les options.') : null,
    r && r.method === 'function'
      ? h('button', {type: 'button', class: 'btn btn-link', id: 'draft-file-to-grid', 'data-testid': 'draft-file-to-grid',
        onclick: onToGrid}, 'Reprendre ces montants dans la saisie pour les modifier')
      : null);
}

/** The reference file's status line. */
export function renderRefFileStatus(el, f) {
  el.textContent = refFileSummary(f);
}
