// The typed grid drawn: one row per function code, an amount field for
// fonctionnement and investissement, the error under a field that does not
// read, and the labels once the core gives them.

import {$, h, replace} from '../dom.js';
import {parseAmount} from '../money.js';
import {DEBT_LABEL, codesOf, isExtra} from './grid.js';

const SECTION_WORD = {F: 'Fonctionnement', I: 'Investissement'};

function labelOf(labels, code) {
  return code === '01' ? DEBT_LABEL : (labels.get(code) || '');
}

function ariaLabel(sec, label, code) {
  return `${SECTION_WORD[sec]} — ${label || `fonction ${code}`} (euros)`;
}

/** Marks an amount field that does not read, with the reason under it; returns what was read. */
export function validateCell(input) {
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

function cell(code, sec, value, label) {
  const id = `draft-${sec}-${code}`;
  const err = `${id}-err`;
  const input = h('input', {
    id, type: 'text', inputmode: 'decimal', autocomplete: 'off', class: 'amount', value: value || '',
    'data-testid': id, 'data-code': code, 'data-section': sec, 'aria-describedby': err,
    'aria-label': ariaLabel(sec, label, code),
  });
  return h('td', {role: 'cell', 'data-label': SECTION_WORD[sec]},
    input, h('span', {id: err, class: 'field-error', 'aria-live': 'polite'}));
}

function row(grid, code, labels, onRemove) {
  const v = grid.values[code] || {};
  const label = labelOf(labels, code);
  const extra = isExtra(grid, code);
  return h('tr', {role: 'row', 'data-code': code, class: extra ? 'is-extra' : '', 'data-testid': `draft-grid-row-${code}`},
    h('th', {scope: 'row', role: 'rowheader', class: 'policy'},
      h('span', {class: 'grid-label', id: `draft-label-${code}`}, label || (labels.size ? `Fonction ${code}` : '…')),
      h('span', {class: 'code'}, code === '01' ? 'code 01 — intérêts, reversements' : `code ${code}`)),
    cell(code, 'F', v.F, label), cell(code, 'I', v.I, label),
    h('td', {role: 'cell', class: 'grid-remove'}, extra
      ? h('button', {type: 'button', class: 'btn-icon', 'data-testid': `draft-remove-${code}`,
        'aria-label': `Retirer la fonction ${code}`, onclick: () => onRemove(code)}, '×')
      : null));
}

/** Draws the grid's rows in body; onRemove(code) removes a detailed code. */
export function renderGrid(body, grid, labels, onRemove) {
  replace(body, ...codesOf(grid).map((code) => row(grid, code, labels, onRemove)));
  for (const input of body.querySelectorAll('input.amount')) validateCell(input);
}

/** Puts the labels the core gave on the rows already drawn. */
export function refreshLabels(grid, labels) {
  for (const code of codesOf(grid)) {
    const span = $(`draft-label-${code}`);
    if (span && code !== '01') span.textContent = labels.get(code) || `Fonction ${code}`;
    for (const sec of ['F', 'I']) {
      const input = $(`draft-${sec}-${code}`);
      if (input) input.setAttribute('aria-label', ariaLabel(sec, labels.get(code), code));
    }
  }
}
