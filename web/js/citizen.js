// « Ma collectivité »: search an authority, then its 1,000 € from the bundled
// dataset, with years side by side (years.js) and the medians of its peers;
// an authority without figures gets the core's reason and ways on
// (nodata.js).

import {$, h, replace} from './dom.js';
import {fmt, fmtInt} from './money.js';
import {call, loadIndex, prepareSearchWhenIdle} from './engine.js';
import {combobox} from './combobox.js';
import {renderResult, peerGroups, docShort, partLabel, SECTION_LABELS, DOCUMENTS} from './splitview.js';
import {requestOf, presentationOf, paramsOfPresentation, renderRules, sectionOf, setRadio, RULES} from './options.js';
import {noDataContent} from './nodata.js';
import {showYears} from './years.js';
import {loadForYear, yearToShow} from './compare.js';
import {canonical} from './router.js';

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
    kind: $('authority-kind'), name: $('authority-name'), facts: $('authority-facts'), note: $('authority-note'),
    nodata: $('authority-nodata'), body: $('authority-body'),
    year: $('citizen-year'), view: $('citizen-view'), peers: $('citizen-peers'), peersControl: $('citizen-peers-control'),
    rules: document.querySelector('#citizen-rules .rules-body'), result: $('citizen-result'),
    yearsToggle: $('citizen-years-toggle'), years: $('citizen-years'), aggHint: $('citizen-agg-hint'),
    peersHint: $('citizen-peers-hint'),
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

  // Search needs every authority of the index read and indexed (the
  // figures of one authority do not): about a second of work on a slow
  // device, in slices between which the page answers. It is done when the user shows an intent to search
  // (the box gets the focus or the pointer), or at once on the search page.
  const prepareSearch = () => { prepareSearchWhenIdle().catch(() => {}); };
  for (const type of ['focus', 'pointerenter']) $('search-input').addEventListener(type, prepareSearch, {once: true});

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
      prepareSearch(); // the search box waits for a query
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
      el.note.hidden = true;
      el.body.hidden = true;
      showNoData(h('p', null, e.message), h('p', null, 'Vous pouvez analyser un fichier budgétaire de cette collectivité dans ',
        h('a', {href: '#/brouillon'}, 'Mon budget (brouillon privé)'), '.'));
      finishFocus();
      return;
    }
    if (my !== token) return;
    if (info.shard) {
      // The asked year's shard (and the latest's), else those that tell the
      // core's default year: the years' documents and detail are known
      // once their shard is loaded; other years' shards only when a view
      // needs them.
      try {
        info = await loadForYear(next.key, next.params.annee);
      } catch (e) {
        // The authority is known, its figures could not be read (no
        // network, a dataset updated since the page opened).
        if (my !== token) return;
        renderHead(el, info, openDraftFor);
        el.body.hidden = true;
        showNoData(h('div', {'data-testid': 'citizen-error'},
          h('p', null, h('strong', null, 'Les chiffres ne peuvent pas être affichés. '), e.message),
          h('p', null, h('button', {type: 'button', class: 'btn', onclick: () => location.reload()}, 'Recharger la page'))));
        finishFocus();
        return;
      }
      if (my !== token) return;
    }
    renderHead(el, info, openDraftFor);
    const years = Array.isArray(info.years) ? [...info.years].sort((a, b) => b.year - a.year) : [];
    if (!years.length) {
      el.body.hidden = true;
      // The core says why (kind, size, what the dataset has) and offers
      // ways on that have figures.
      const nd = await cached(`n|${next.key}`, () => call('noData', next.key)).catch(() => null);
      if (my !== token) return;
      showNoData(...noDataContent(info, nd, openDraftFor));
      finishFocus();
      return;
    }
    el.nodata.hidden = true;
    el.body.hidden = false;

    // Controls reflect the URL.
    // The asked year, else the core's default: the latest detailed year.
    const year = yearToShow(info, next.params.annee);
    replace(el.year, ...years.map((y) => h('option', {value: y.year, selected: y.year === year},
      [String(y.year), y.document && y.document !== 'AGG' ? ` — ${DOCUMENTS[y.document] || y.document}` : '',
        y.detail === 'aggregated' ? ' — chiffres agrégés' : ''].join(''))));
    // Aggregated figures: no F/I split, no detail below the first digit.
    const aggregated = years.find((y) => y.year === year)?.detail === 'aggregated';
    for (const v of ['F', 'I']) $(`citizen-section-${v}`).disabled = aggregated;
    for (const o of el.view.options) o.disabled = aggregated && !['native-1', 'six'].includes(o.value);
    el.aggHint.hidden = !aggregated;
    const params = aggregated ? {...next.params, section: '', niveau: '', grille: next.params.grille === 'six' ? 'six' : ''} : next.params;
    // The address says what is on screen (year, section, grid), so that a
    // permalink or an embed made from it shows the same figures.
    canonical({view: 'citizen', key: next.key, params: {...params, annee: String(year)}});
    state = {...next, params: {...params, annee: String(year)}};
    setRadio('citizen-section', sectionOf(params));
    el.view.value = presentationOf(params);
    if (!prev || prev.params.regles !== next.params.regles || keyChanged || !el.rules.children.length) {
      renderRules(el.rules, 'citizen', next.params, (regles) => set({regles, partie: ''}));
    }
    const annees = Boolean(next.params.annees);
    el.yearsToggle.setAttribute('aria-expanded', annees ? 'true' : 'false');
    el.yearsToggle.textContent = annees ? 'Masquer les années côte à côte' : 'Afficher les années côte à côte';

    const req = requestOf(params);
    let report;
    try {
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
    performance.mark('jeu1000:split');

    // Peers: the core gives those of the report's method and grid only,
    // else says why none (report.peers_note) and the way to them.
    showPeersNote(el, report.peers_note, set);
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
    performance.mark('jeu1000:rendered');
    if (report.grid === 'six') el.view.value = 'six'; // the core may fall back to the six groups
    el.result.setAttribute('aria-busy', 'false');
    $('citizen-result-status').textContent = `${info.name}, ${docShort(report)} : ${SECTION_LABELS[report.section] || ''}, dépenses comptées ${fmt(report.total)}.`
      + (selected ? ` Détail : ${partLabel(report.parts.find((x) => x.code === selected))}.` : '');
    document.title = `${info.name} — ${docShort(report)} — Le jeu des 1 000 €`;

    if (annees) {
      el.years.hidden = false;
      showYears(el, next, {set, cached, isCurrent: () => my === token});
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

  return {show};
}

/** The authority's heading: kind, codes, facts, and what its kind does not say. */
function renderHead(el, info, openDraftFor) {
  el.authority.hidden = false;
  el.kind.textContent = [info.kindLabel, info.code ? `code ${info.code}` : '', info.siren ? `SIREN ${info.siren}` : ''].filter(Boolean).join(' · ');
  el.name.textContent = info.name;
  const facts = [];
  // The core may give codes ("93", "11") or names: a bare région code means nothing to people.
  if (info.departement && info.kind !== 'departement') facts.push(h('span', null, /^\d[\dAB]?$/.test(info.departement) ? `Département ${info.departement}` : `Département : ${info.departement}`));
  if (info.region && !/^\d+$/.test(info.region)) facts.push(h('span', null, `Région : ${info.region}`));
  facts.push(h('span', info.populationSource ? {title: `Source : ${info.populationSource}`} : null, info.population
    ? `Population : ${fmtInt(info.population)} habitants${info.populationYear ? ` (${info.populationYear})` : ''}`
    : 'Population : inconnue'));
  if (info.strate && info.strate.label) facts.push(h('span', null, `Strate : ${info.strate.label}`));
  if (info.epci && info.epci.key) {
    facts.push(h('span', null, 'Intercommunalité : ',
      h('a', {href: `#/collectivite/${info.epci.key}`, 'data-testid': 'authority-epci'}, info.epci.name)));
  }
  facts.push(h('a', {href: '#/comprendre/qui-fait-quoi'}, 'Qui fait quoi ?'));
  // A file of this authority is compared with its figures (the draft's reference).
  if (info.years && info.years.length) {
    facts.push(h('button', {type: 'button', class: 'btn btn-link', 'data-testid': 'citizen-compare-file',
      onclick: () => openDraftFor(info)}, 'Analyser un fichier de cette collectivité'));
  }
  replace(el.facts, ...facts.flatMap((f, i) => (i ? [' · ', f] : [f])));
  // What the kind does not say (the Ville de Paris is commune and
  // département, a CTU a région and a département…) and where the
  // population comes from.
  const note = [info.note, info.populationSource ? `Population : ${info.populationSource}.` : ''].filter(Boolean).join(' ');
  el.note.textContent = note;
  el.note.hidden = !note;
}

/** Why no medians of peers, and a button to where they are (grid, year or default rules). */
/** Why no medians of peers, and a button to where they are (grid, year or default rules). */
function showPeersNote(el, note, set) {
  el.peersHint.hidden = !note;
  if (!note) return;
  let go = null;
  if (note.grid) {
    go = {label: note.grid === 'common' ? 'Voir sur la grille commune' : 'Voir sur six grands groupes', changes: {grille: note.grid === 'native' ? '' : note.grid, niveau: ''}};
  } else if (note.year) {
    go = {label: `Voir ${note.year}`, changes: {annee: String(note.year)}};
  } else if (note.defaults) {
    go = {label: 'Revenir aux règles par défaut', changes: {section: '', regles: ''}};
  }
  replace(el.peersHint, note.text, go ? ' ' : '', go ? h('button', {type: 'button', class: 'btn btn-link', 'data-testid': 'citizen-peers-go',
    onclick: () => set({...go.changes, partie: ''})}, go.label) : '');
}

export {RULES};
