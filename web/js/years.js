// Years side by side in « Ma collectivité »: the core's history of an
// authority, the years that compare in one table (€ per 1,000 € of each
// part, with small bars), the others apart with the core's reason.

import {h, replace, sr} from './dom.js';
import {cents, fmt, fmtCents, fmtInt} from './money.js';
import {call, loadAuthority} from './engine.js';
import {partLabel} from './labels.js';
import {gridLabel, SECTION_LABELS} from './resultmodel.js';
import {requestOf, sectionOf} from './options.js';

/**
 * Years side by side, as the core compares them: those that stand together
 * in a table, the others apart with their reason. isCurrent says the page
 * still shows them (another view may have started meanwhile).
 */
export async function showYears(el, st, {set, cached, isCurrent}) {
  replace(el.years, h('p', {class: 'hint'}, 'Calcul des années…'));
  // Years are compared on a grid every nomenclature maps to.
  const grid = st.params.grille === 'six' ? 'six' : 'common';
  const req = requestOf({...st.params, grille: grid, niveau: ''});
  let hist;
  try {
    await loadAuthority(st.key, 'all'); // every year's shard
    hist = await cached(`h|${st.key}|${JSON.stringify(req)}`, () => call('history', st.key, req));
  } catch (e) {
    if (!isCurrent()) return;
    replace(el.years, h('p', {class: 'notice notice-warn', 'data-testid': 'citizen-years-error'}, e.message));
    return;
  }
  if (!isCurrent()) return;
  // The core decides which years stand side by side (same method, grid
  // and meaning of the codes) and says why the others do not: no
  // evolution is ever computed across them.
  const ok = (hist || []).filter((x) => x && x.report && x.comparable);
  const apart = (hist || []).filter((x) => x && x.report && !x.comparable);
  const failed = (hist || []).filter((x) => x && !x.report);
  // Aggregated years only compare on the six groups, and only with each
  // other: offer that grid when no detailed year is shown.
  const onSix = grid !== 'six' && apart.some((x) => x.report.grid !== grid) && !ok.some((x) => x.report.detail === 'detailed');
  replace(el.years,
    yearsTable(ok, sectionOf(st.params)),
    apart.length ? h('div', {class: 'notice notice-info', 'data-testid': 'citizen-years-apart'},
      h('p', null, 'Années montrées à part (elles ne se comparent pas aux autres) :'),
      h('ul', null, byReason(apart).map(([reason, years]) => h('li', null, `${years.join(', ')} : ${reason}`))),
      onSix ? h('button', {type: 'button', class: 'btn btn-link', 'data-testid': 'citizen-years-six',
        onclick: () => set({grille: 'six', niveau: '', partie: ''})}, 'Comparer toutes les années sur six groupes') : null) : null,
    failed.length ? h('ul', {class: 'hint', 'data-testid': 'citizen-years-errors'},
      failed.map((x) => h('li', null, `${x.year} : ${x.reason || x.error || 'chiffres indisponibles'}`))) : null);
}

/** Years grouped by the reason they stand apart, in year order: [[reason, [years…]]…]. */
function byReason(items) {
  const groups = new Map();
  for (const x of [...items].sort((a, b) => a.year - b.year)) {
    const r = x.reason || 'ne se compare pas aux autres années.';
    if (!groups.has(r)) groups.set(r, []);
    groups.get(r).push(x.year);
  }
  return [...groups];
}

/** "217852590.12" → "217,9 M€" (integer arithmetic on cents). */
function millions(s) {
  const c = cents(s);
  if (c === null) return '—';
  const tenths = Math.round(c / 10000000); // tenths of a million euros
  const sign = tenths < 0 ? '−' : '';
  const a = Math.abs(tenths);
  return `${sign}${fmtInt(Math.floor(a / 10))},${a % 10}\u00a0M€`;
}

/** A table of years side by side: € per 1,000 € of each part, with small bars. */
export function yearsTable(hist, section) {
  const items = (hist || []).filter((x) => x && x.report).sort((a, b) => a.year - b.year);
  if (!items.length) return h('p', {class: 'hint'}, 'Aucune année disponible.');
  const last = items[items.length - 1].report;
  const codes = [];
  const labels = new Map();
  for (const it of [...items].reverse()) {
    for (const p of it.report.parts || []) {
      if (!labels.has(p.code)) { labels.set(p.code, partLabel(p)); codes.push(p.code); }
    }
  }
  const value = (it, code) => {
    const p = (it.report.parts || []).find((x) => x.code === code);
    return p ? cents(p.euros) : 0;
  };
  let max = 1;
  for (const it of items) for (const c of codes) max = Math.max(max, value(it, c));
  const first = items[0];
  const grids = [...new Set(items.map((it) => gridLabel(it.report)))].join(', ');
  return h('div', {class: 'table-wrap', tabindex: '0', role: 'region', 'aria-labelledby': 'years-caption'},
    h('table', {class: 'years-table', 'data-testid': 'citizen-years-table'},
      h('caption', {id: 'years-caption'}, `Euros sur 1 000 € (${SECTION_LABELS[section]}), par année — ${grids}`, h('span', {class: 'th-sub'}, 'Montants en euros ; dépenses comptées en millions d\'euros.')),
      h('thead', null, h('tr', null,
        h('th', {scope: 'col'}, 'Politique'),
        items.map((it) => h('th', {scope: 'col', class: 'num'}, String(it.year), h('span', {class: 'th-sub'}, it.report.document || ''))),
        items.length > 1 ? h('th', {scope: 'col', class: 'num'}, 'Évolution', h('span', {class: 'th-sub'}, `${first.year}→${items[items.length - 1].year}`)) : null)),
      h('tbody', null, codes.map((code) => {
        const d = value(items[items.length - 1], code) - value(first, code);
        return h('tr', {'data-testid': `citizen-years-row-${code}`},
          h('th', {scope: 'row', class: 'policy'}, labels.get(code)),
          items.map((it) => {
            const v = value(it, code);
            const bar = h('span', {class: 'minibar', 'aria-hidden': 'true'});
            bar.style.width = `${Math.max(0, (v / max) * 100).toFixed(1)}%`; // CSSOM: allowed by the CSP
            return h('td', {class: 'num cell-bar', title: v === 0 ? 'aucune dépense comptée cette année' : undefined}, bar, h('span', {class: 'cell-val'}, fmtCents(v, {unit: ''})));
          }),
          items.length > 1 ? h('td', {class: ['num', d > 0 ? 'up' : (d < 0 ? 'down' : '')]},
            h('span', {'aria-hidden': 'true'}, fmtCents(d, {sign: true, unit: ''})),
            sr(`${fmtCents(d, {sign: true})} pour « ${labels.get(code)} » entre ${first.year} et ${items[items.length - 1].year}`)) : null);
      })),
      h('tfoot', null,
        h('tr', null, h('th', {scope: 'row'}, 'Dépenses comptées'), items.map((it) => h('td', {class: 'num', title: fmt(it.report.total)}, millions(it.report.total))), items.length > 1 ? h('td') : null),
        h('tr', null, h('th', {scope: 'row'}, 'Par habitant'), items.map((it) => h('td', {class: 'num'},
          it.report.per_inhabitant ? fmt(it.report.per_inhabitant, {unit: ''}) : [h('span', {'aria-hidden': 'true', title: 'population inconnue'}, '—'), sr('non disponible')])), items.length > 1 ? h('td') : null))),
    last.grid && last.grid !== 'native'
      ? h('p', {class: 'hint'}, `Les années sont comparées sur la ${gridLabel(last)} : une correspondance déduite entre nomenclatures (voir `, h('a', {href: '#/comprendre/comparer'}, 'Comprendre'), ').')
      : null);
}
