// An ARIA 1.2 combobox with a list of authorities: type, arrows to move,
// Enter to choose, Escape to close. One search per animation frame; only
// the latest answer is shown.

import {h, replace, perFrame} from './dom.js';
import {fmtInt} from './money.js';

/**
 * input: the <input role=combobox>; list: the <ul role=listbox>;
 * status: a polite live region; search(query) → Promise<results>;
 * onChoose(result); unavailable() → a French message or '' (checked before searching).
 */
export function combobox({input, list, status, search, onChoose, unavailable = () => '', limit = 10}) {
  let results = [];
  let active = -1;
  let seq = 0;
  let shown = 0;

  const close = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };

  const setActive = (i) => {
    active = i;
    for (const [j, li] of [...list.children].entries()) li.setAttribute('aria-selected', j === i ? 'true' : 'false');
    if (i >= 0 && list.children[i]) {
      input.setAttribute('aria-activedescendant', list.children[i].id);
      list.children[i].scrollIntoView({block: 'nearest'});
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  };

  const choose = (i) => {
    const r = results[i];
    if (!r) return;
    close();
    input.value = r.name;
    onChoose(r);
  };

  const render = () => {
    const items = results.map((r, i) => {
      const facts = [r.kindLabel || r.kind];
      if (r.departement && r.kind !== 'departement' && r.kind !== 'region') {
        facts.push(/^\d[\dAB]{1,2}$/.test(r.departement) ? `dép. ${r.departement}` : r.departement);
      }
      if (r.postalCodes && r.postalCodes.length) facts.push(r.postalCodes.slice(0, 2).join(', ') + (r.postalCodes.length > 2 ? '…' : ''));
      if (r.population) facts.push(`${fmtInt(r.population)} hab.`);
      return h('li', {id: `${list.id}-opt-${i}`, role: 'option', 'aria-selected': 'false', class: 'option',
        'data-testid': 'search-option', 'data-key': r.key,
        onmousedown: (e) => e.preventDefault(), // keep the focus in the input
        onclick: () => choose(i)},
      h('span', {class: 'option-name'}, r.name),
      h('span', {class: 'option-facts'}, facts.join(' · ')),
      r.hasFigures === false ? h('span', {class: 'option-nodata'}, 'pas de données fonctionnelles') : null);
    });
    replace(list, ...items);
    const open = items.length > 0;
    list.hidden = !open;
    input.setAttribute('aria-expanded', open ? 'true' : 'false');
    setActive(open ? 0 : -1);
  };

  const run = perFrame(async () => {
    const q = input.value.trim();
    const my = ++seq;
    if (!q) {
      results = [];
      render();
      status.textContent = '';
      return;
    }
    const why = unavailable();
    if (why) {
      results = [];
      render();
      status.textContent = why;
      return;
    }
    let res;
    try {
      res = await search(q, limit);
    } catch (e) {
      if (my !== seq) return;
      results = [];
      render();
      status.textContent = e.message || String(e);
      return;
    }
    if (my !== seq) return; // a newer keystroke is being answered
    results = Array.isArray(res) ? res : [];
    shown = results.length;
    render();
    status.textContent = shown === 0 ? 'Aucune collectivité trouvée.'
      : `${shown} collectivité${shown > 1 ? 's' : ''} trouvée${shown > 1 ? 's' : ''}. Flèches pour parcourir, Entrée pour choisir.`;
  });

  input.addEventListener('input', run);
  // The postal codes come after the first search tables: ask again.
  window.addEventListener('jeu1000:directory', () => { if (document.activeElement === input && /\d/.test(input.value)) run(); });
  input.addEventListener('focus', () => { if (input.value.trim() && results.length) render(); });
  input.addEventListener('blur', () => setTimeout(close, 120));
  input.addEventListener('keydown', (e) => {
    const open = !list.hidden;
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        if (!open) { if (results.length) render(); else run(); return; }
        setActive(Math.min(results.length - 1, active + 1));
        break;
      case 'ArrowUp':
        e.preventDefault();
        if (open) setActive(Math.max(0, active - 1));
        break;
      case 'Home':
        if (open && results.length) { e.preventDefault(); setActive(0); }
        break;
      case 'End':
        if (open && results.length) { e.preventDefault(); setActive(results.length - 1); }
        break;
      case 'Enter':
        if (open && active >= 0) { e.preventDefault(); choose(active); }
        else if (results.length === 1) { e.preventDefault(); choose(0); }
        break;
      case 'Escape':
        if (open) { e.preventDefault(); close(); } else if (input.value) { input.value = ''; run(); }
        break;
      default:
    }
  });

  return {close, refresh: run, clear: () => { input.value = ''; results = []; render(); status.textContent = ''; }};
}
