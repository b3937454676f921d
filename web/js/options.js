// The split options shared by both views, and their form in the URL:
//   section=all|F|I, grille=native|common|six, niveau=1|2|3,
//   regles=dette,interets,reversements,ventile,rar

import {h, replace} from './dom.js';

export const RULES = [
  {id: 'dette', key: 'debt', label: 'Compter le remboursement du capital de la dette (part « Dette »)'},
  {id: 'interets', key: 'excludeInterest', label: 'Exclure les intérêts de la dette'},
  {id: 'reversements', key: 'excludeTaxPassedOn', label: 'Exclure les reversements de fiscalité (chapitre 014)'},
  {id: 'ventile', key: 'ventilatedOnly', label: 'Part ventilée seulement (sans « non ventilé »)'},
  {id: 'rar', key: 'includeRAR', label: 'Inclure les restes à réaliser'},
];

export function sectionOf(params) {
  return ['F', 'I'].includes(params.section) ? params.section : 'all';
}

export function gridOf(params) {
  return ['common', 'six'].includes(params.grille) ? params.grille : 'native';
}

export function levelOf(params) {
  const n = Number(params.niveau);
  return n === 2 || n === 3 ? n : 1;
}

export function rulesOf(params) {
  return new Set(String(params.regles || '').split(',').filter((r) => RULES.some((x) => x.id === r)));
}

/** The request sent to the core for these URL parameters. */
export function requestOf(params, extra = {}) {
  const grid = gridOf(params);
  const req = {section: sectionOf(params), grid, top: 5, ...extra};
  if (grid === 'native') req.level = levelOf(params);
  const rules = rulesOf(params);
  for (const r of RULES) if (rules.has(r.id)) req[r.key] = true;
  return req;
}

/** The value of the "Présentation" select. */
export function presentationOf(params) {
  const grid = gridOf(params);
  return grid === 'native' ? `native-${levelOf(params)}` : grid;
}

/** URL parameters for a "Présentation" value. */
export function paramsOfPresentation(v) {
  if (v === 'common' || v === 'six') return {grille: v, niveau: ''};
  const level = Number(String(v).split('-')[1]) || 1;
  return {grille: '', niveau: level === 1 ? '' : String(level)};
}

/** Builds the rule checkboxes; onChange(regles string). */
export function renderRules(container, prefix, params, onChange) {
  const rules = rulesOf(params);
  const boxes = RULES.map((r) => {
    const id = `${prefix}-rule-${r.id}`;
    const input = h('input', {type: 'checkbox', id, 'data-testid': id, checked: rules.has(r.id)});
    input.addEventListener('change', () => {
      const on = [...container.querySelectorAll('input[type=checkbox]')].filter((x) => x.checked).map((x) => x.id.slice(`${prefix}-rule-`.length));
      onChange(on.join(','));
    });
    return h('div', {class: 'check'}, input, h('label', {for: id}, r.label));
  });
  replace(container, ...boxes,
    h('p', {class: 'hint'}, 'Par défaut : dépenses réelles de fonctionnement et d\'investissement, sans le remboursement du capital de la dette.'));
}

/** Sets the checked radio of a group by value. */
export function setRadio(name, value) {
  for (const el of document.querySelectorAll(`input[type=radio][name="${name}"]`)) el.checked = el.value === value;
}
