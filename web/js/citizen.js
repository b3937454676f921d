// « Ma collectivité »: search an authority, then its 1,000 € from the bundled
// dataset, with years side by side and the medians of its peers.

import {$, h, replace, sr} from './dom.js';
import {cents, fmt, fmtCents, fmtInt} from './money.js';
import {call, loadIndex, loadShard} from './engine.js';
import {combobox} from './combobox.js';
import {renderResult, peerGroups, docShort, partLabel, SECTION_LABELS} from './splitview.js';
import {requestOf, presentationOf, paramsOfPresentation, renderRules, sectionOf, setRadio, RULES} from './options.js';

const cache = new Map(); // small cache of core answers, by request
function cached(key, fn) {
  if (!cache.has(key)) {
    const p = fn();
    p.catch(() => cache.delete(key));
    cache.set(key, p);
    if (cache.size > 40) cache.delete(cache.keys().next().value);
  }
  return cache.get(key);
}

export function initCitizen({navigate, openDraftFor}) {
  const el = {
    notice: $('citizen-notice'), home: $('citizen-home'), authority: $('authority'),
    kind: $('authority-kind'), name: $('authority-name'), facts: $('authority-facts'),
    nodata: $('authority-nodata'), body: $('authority-body'),
    year: $('citizen-year'), view: $('citizen-view'), peers: $('citizen-peers'), peersControl: $('citizen-peers-control'),
    rules: document.querySelector('#citizen-rules .rules-body'), result: $('citizen-result'),
    yearsToggle: $('citizen-years-toggle'), years: $('citizen-years'),
  };
  let state = null; // the state being shown
  let token = 0;
  let indexError = '';
  let focusNext = null; // 'authority' | 'drill' | {row: code}

  loadIndex().then(() => {
    el.notice.hidden = true;
  }, (e) => {
    indexError = `La recherche n'est pas disponible : ${e.message}`;
    replace(el.notice,
      h('p', null, h('strong', null, 'Recherche indisponible. '), e.message),
      h('p', null, 'Vous pouvez quand même analyser un fichier budgétaire dans ', h('a', {href: '#/brouillon'}, 'Mon budget (brouillon privé)'), '.'));
    el.notice.hidden = false;
  });

  combobox({
    input: $('search-input'), list: $('search-listbox'), status: $('search-status'),
    unavailable: () => indexError,
    search: async (q, n) => { await loadIndex(); return call('search', q, n); },
    onChoose: (r) => { focusNext = 'authority'; navigate({view: 'citizen', key: r.key, params: {}}); },
  });

  // Controls → URL
  const set = (changes) => {
    const params = {...state.params, ...changes};
    for (const k of Object.keys(params)) if (params[k] === '' || params[k] === null) delete params[k];
    navigate({view: 'citizen', key: state.key, params});
  };
  el.year.addEventListener('change', () => set({annee: el.year.value, partie: ''}));
  for (const r of document.querySelectorAll('input[name="citizen-section"]')) {
    r.addEventListener('change', () => set({section: r.value === 'all' ? '' : r.value, partie: ''}));
  }
  el.view.addEventListener('change', () => set({...paramsOfPresentation(el.view.value), partie: ''}));
  el.peers.addEventListener('change', () => set({comparer: el.peers.value}));
  el.yearsToggle.addEventListener('click', () => set({annees: state.params.annees ? '' : '1'}));

  async function show(next) {
    const prev = state;
    state = next;
    const my = ++token;
    if (!next.key) {
      el.home.hidden = false;
      el.authority.hidden = true;
      document.title = 'Ma collectivité — Le jeu des 1 000 €';
      return;
    }
    el.home.hidden = true;
    const keyChanged = !prev || prev.key !== next.key;
    if (keyChanged) focusNext = focusNext || 'authority';
    el.result.setAttribute('aria-busy', 'true');
    let info;
    try {
      await loadIndex();
      info = await cached(`a|${next.key}`, () => call('authority', next.key));
    } catch (e) {
      if (my !== token) return;
      el.authority.hidden = false;
      el.kind.textContent = '';
      el.name.textContent = 'Collectivité introuvable';
      el.facts.textContent = '';
      el.body.hidden = true;
      showNoData(h('p', null, e.message), h('p', null, 'Vous pouvez analyser un fichier budgétaire de cette collectivité dans ',
        h('a', {href: '#/brouillon'}, 'Mon budget (brouillon privé)'), '.'));
      finishFocus();
      return;
    }
    if (my !== token) return;
    renderHead(info);
    const years = Array.isArray(info.years) ? [...info.years].sort((a, b) => b.year - a.year) : [];
    if (!years.length) {
      el.body.hidden = true;
      showNoData(
        h('p', null, h('strong', null, `Pas de données fonctionnelles pour ${info.name} dans les fichiers intégrés.`)),
        h('p', null, 'Les balances de la DGFiP ne donnent la répartition par politique que pour les collectivités qui présentent leurs dépenses par fonction (communes de 3 500 habitants et plus, intercommunalités qui en comptent une, départements, régions).'),
        h('button', {type: 'button', class: 'btn btn-primary', id: 'citizen-load-file', 'data-testid': 'citizen-load-file',
          onclick: () => openDraftFor(info)}, 'Analyser un fichier de cette collectivité'));
      finishFocus();
      return;
    }
    el.nodata.hidden = true;
    el.body.hidden = false;

    // Controls reflect the URL.
    let year = Number(next.params.annee);
    if (!years.some((y) => y.year === year)) year = years[0].year;
    replace(el.year, ...years.map((y) => h('option', {value: y.year, selected: y.year === year},
      `${y.year} — ${y.document}${y.detail === 'aggregated' ? ' (agrégé)' : ''}`)));
    setRadio('citizen-section', sectionOf(next.params));
    el.view.value = presentationOf(next.params);
    if (!prev || prev.params.regles !== next.params.regles || keyChanged || !el.rules.children.length) {
      renderRules(el.rules, 'citizen', next.params, (regles) => set({regles, partie: ''}));
    }
    const annees = Boolean(next.params.annees);
    el.yearsToggle.setAttribute('aria-expanded', annees ? 'true' : 'false');
    el.yearsToggle.textContent = annees ? 'Masquer les années côte à côte' : 'Afficher les années côte à côte';

    const req = requestOf(next.params);
    let report;
    try {
      await loadShard(info.shard);
      report = await cached(`s|${next.key}|${year}|${JSON.stringify(req)}`, () => call('splitRecord', next.key, year, req));
    } catch (e) {
      if (my !== token) return;
      el.result.setAttribute('aria-busy', 'false');
      replace(el.result, h('div', {class: 'notice notice-warn', 'data-testid': 'citizen-error'},
        h('p', null, h('strong', null, 'Les chiffres ne peuvent pas être affichés. '), e.message),
        h('p', null, 'Vous pouvez analyser un fichier budgétaire de cette collectivité dans ',
          h('a', {href: '#/brouillon'}, 'Mon budget (brouillon privé)'), '.')));
      el.years.hidden = true;
      finishFocus();
      return;
    }
    if (my !== token) return;

    // Peers
    const groups = peerGroups(report);
    let peerKind = next.params.comparer || '';
    if (peerKind !== 'aucun' && !groups.some((g) => g.kind === peerKind)) {
      peerKind = (groups.find((g) => g.kind === 'strate') || groups[0] || {}).kind || '';
    }
    el.peersControl.hidden = groups.length === 0;
    replace(el.peers, ...groups.map((g) => h('option', {value: g.kind, selected: g.kind === peerKind},
      `${g.group}${g.n ? ` (${fmtInt(g.n)})` : ''}`)), h('option', {value: 'aucun', selected: peerKind === 'aucun'}, 'Personne (masquer les médianes)'));

    const selected = next.params.partie && report.parts.some((p) => p.code === next.params.partie) ? next.params.partie : null;
    renderResult(el.result, {
      report, draft: false, peerKind: peerKind === 'aucun' ? null : peerKind, selected, idPrefix: 'citizen',
      title: info.name, dataset: true,
    }, {
      onSelect: (code) => {
        focusNext = code ? 'drill' : {row: state.params.partie};
        set({partie: code || ''});
      },
    });
    el.result.setAttribute('aria-busy', 'false');
    document.title = `${info.name} — ${docShort(report)} — Le jeu des 1 000 €`;

    if (annees) {
      el.years.hidden = false;
      showYears(info, next, my);
    } else {
      el.years.hidden = true;
    }
    finishFocus();
  }

  function finishFocus() {
    const f = focusNext;
    focusNext = null;
    if (!f) return;
    if (f === 'authority') el.name.focus();
    else if (f === 'drill') $('citizen-drill-title')?.focus();
    else if (f.row) document.querySelector(`[data-testid="citizen-part-${CSS.escape(f.row)}"]`)?.focus();
  }

  function showNoData(...children) {
    replace(el.nodata, ...children);
    el.nodata.hidden = false;
    el.result.setAttribute('aria-busy', 'false');
  }

  function renderHead(info) {
    el.authority.hidden = false;
    el.kind.textContent = [info.kindLabel, info.code ? `code ${info.code}` : '', info.siren ? `SIREN ${info.siren}` : ''].filter(Boolean).join(' · ');
    el.name.textContent = info.name;
    const facts = [];
    if (info.departement) facts.push(h('span', null, `Département : ${info.departement}`));
    if (info.region) facts.push(h('span', null, `Région : ${info.region}`));
    facts.push(h('span', null, info.population
      ? `Population : ${fmtInt(info.population)} habitants${info.populationYear ? ` (${info.populationYear})` : ''}`
      : 'Population : inconnue'));
    if (info.strate && info.strate.label) facts.push(h('span', null, `Strate : ${info.strate.label}`));
    if (info.epci && info.epci.key) {
      facts.push(h('span', null, 'Intercommunalité : ',
        h('a', {href: `#/collectivite/${info.epci.key}`, 'data-testid': 'authority-epci'}, info.epci.name)));
    }
    facts.push(h('a', {href: '#/comprendre/qui-fait-quoi'}, 'Qui fait quoi ?'));
    replace(el.facts, ...facts.flatMap((f, i) => (i ? [' · ', f] : [f])));
  }

  async function showYears(info, st, my) {
    replace(el.years, h('p', {class: 'hint'}, 'Calcul des années…'));
    const req = requestOf({...st.params, grille: 'common', niveau: ''});
    let hist;
    try {
      await loadShard(info.shard);
      hist = await cached(`h|${st.key}|${JSON.stringify(req)}`, () => call('history', st.key, req));
    } catch (e) {
      if (my !== token) return;
      replace(el.years, h('p', {class: 'notice notice-warn', 'data-testid': 'citizen-years-error'}, e.message));
      return;
    }
    if (my !== token) return;
    replace(el.years, yearsTable(hist, sectionOf(st.params)));
  }

  return {show};
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
  const grids = [...new Set(items.map((it) => it.report.grid))];
  const gridLabel = grids.map((g) => (g === 'native' ? 'nomenclature de la collectivité' : g)).join(', ');
  return h('div', {class: 'table-wrap', tabindex: '0', role: 'region', 'aria-labelledby': 'years-caption'},
    h('table', {class: 'years-table', 'data-testid': 'citizen-years-table'},
      h('caption', {id: 'years-caption'}, `Euros sur 1 000 € (${SECTION_LABELS[section]}), par année — ${gridLabel}`),
      h('thead', null, h('tr', null,
        h('th', {scope: 'col'}, 'Politique'),
        items.map((it) => h('th', {scope: 'col', class: 'num'}, String(it.year), h('span', {class: 'th-sub'}, it.report.document || ''))),
        items.length > 1 ? h('th', {scope: 'col', class: 'num'}, `Évolution ${first.year}–${items[items.length - 1].year}`) : null)),
      h('tbody', null, codes.map((code) => {
        const d = value(items[items.length - 1], code) - value(first, code);
        return h('tr', {'data-testid': `citizen-years-row-${code}`},
          h('th', {scope: 'row', class: 'policy'}, labels.get(code)),
          items.map((it) => {
            const v = value(it, code);
            const bar = h('span', {class: 'minibar', 'aria-hidden': 'true'});
            bar.style.width = `${Math.max(0, (v / max) * 100).toFixed(1)}%`; // CSSOM: allowed by the CSP
            return h('td', {class: 'num cell-bar', title: v === 0 ? 'aucune dépense comptée cette année' : undefined}, bar, h('span', {class: 'cell-val'}, fmtCents(v)));
          }),
          items.length > 1 ? h('td', {class: ['num', d > 0 ? 'up' : (d < 0 ? 'down' : '')]},
            h('span', {'aria-hidden': 'true'}, fmtCents(d, {sign: true})),
            sr(`${fmtCents(d, {sign: true})} pour « ${labels.get(code)} » entre ${first.year} et ${items[items.length - 1].year}`)) : null);
      })),
      h('tfoot', null,
        h('tr', null, h('th', {scope: 'row'}, 'Dépenses comptées'), items.map((it) => h('td', {class: 'num'}, fmt(it.report.total, {decimals: false}))), items.length > 1 ? h('td') : null),
        h('tr', null, h('th', {scope: 'row'}, 'Par habitant'), items.map((it) => h('td', {class: 'num'},
          it.report.per_inhabitant ? fmt(it.report.per_inhabitant) : [h('span', {'aria-hidden': 'true', title: 'population inconnue'}, '—'), sr('non disponible')])), items.length > 1 ? h('td') : null))),
    last.grid && last.grid !== 'native'
      ? h('p', {class: 'hint'}, `Les années sont comparées sur la ${last.grid} : une correspondance déduite entre nomenclatures (voir Comprendre).`)
      : null);
}

export {RULES};
