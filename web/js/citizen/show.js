// The citizen view's steps from an address to the screen: the authority
// (or why not), its controls, its split, peers and years side by side.
// ctx is the view's own state, made by initCitizen (citizen.js): el (the
// elements), cached (the core's answers), openDraftFor, set (address
// changes), prepareSearch, and the mutable state, token and focusNext.

import {$, h, replace, afterFrame} from '../dom.js';
import {call, loadIndex} from '../engine.js';
import {renderResultInSteps, peerGroups, docShort} from '../splitview.js';
import {requestOf, renderRules} from '../options.js';
import {noDataContent} from '../nodata.js';
import {showYears} from '../years.js';
import {loadForYear, yearToShow} from '../compare.js';
import {nameOf} from '../labels.js';
import {canonical} from '../router.js';
import {sortedYears, shownParams, pickPeerKind, selectedPart, statusText} from './state.js';
import {draftWayOn, figuresError, showNoData, renderUnknown, renderHead,
  renderYearControls, reflectParams, renderPeers, showPeersNote, applyFocus} from './view.js';

const DRAFT_WAY_ON = 'Vous pouvez analyser un fichier budgétaire de cette collectivité dans ';

function finishFocus(ctx) {
  const f = ctx.focusNext;
  ctx.focusNext = null;
  applyFocus(ctx.el, f);
}

// The authority and its loaded years, or null once the failure is shown
// (or when a newer state replaced this one).
async function loadAuthority(ctx, next, isCurrent) {
  const {el, cached} = ctx;
  let info;
  try {
    await loadIndex();
    info = await cached(`a|${next.key}`, () => call('authority', next.key));
  } catch (e) {
    if (!isCurrent()) return null;
    renderUnknown(el);
    showNoData(el, h('p', null, e.message), draftWayOn(DRAFT_WAY_ON));
    finishFocus(ctx);
    return null;
  }
  if (!isCurrent()) return null;
  if (!info.shard) return info;
  // The asked year's shard (and the latest's), else those that tell the
  // core's default year: the years' documents and detail are known
  // once their shard is loaded; other years' shards only when a view
  // needs them.
  try {
    info = await loadForYear(next.key, next.params.annee);
  } catch (e) {
    // The authority is known, its figures could not be read (no
    // network, a dataset updated since the page opened).
    if (!isCurrent()) return null;
    renderHead(el, info, ctx.openDraftFor);
    el.body.hidden = true;
    showNoData(el, h('div', {'data-testid': 'citizen-error'}, ...figuresError(e.message,
      h('p', null, h('button', {type: 'button', class: 'btn', onclick: () => location.reload()}, 'Recharger la page')))));
    finishFocus(ctx);
    return null;
  }
  return isCurrent() ? info : null;
}

// The core's reason and ways on, for an authority without figures.
async function showWithoutFigures(ctx, next, info, isCurrent) {
  ctx.el.body.hidden = true;
  const nd = await ctx.cached(`n|${next.key}`, () => call('noData', next.key)).catch(() => null);
  if (!isCurrent()) return;
  showNoData(ctx.el, ...noDataContent(info, nd, ctx.openDraftFor));
  finishFocus(ctx);
}

// Controls reflect the URL; returns the year and parameters shown.
function showControls(ctx, prev, next, info, years) {
  const {el} = ctx;
  // The asked year, else the core's default: the latest detailed year.
  const year = yearToShow(info, next.params.annee);
  const aggregated = years.find((y) => y.year === year)?.detail === 'aggregated';
  renderYearControls(el, years, year, aggregated);
  const params = shownParams(next.params, aggregated);
  // The address says what is on screen (year, section, grid), so that a
  // permalink or an embed made from it shows the same figures.
  canonical({view: 'citizen', key: next.key, params: {...params, annee: String(year)}});
  ctx.state = {...next, params: {...params, annee: String(year)}};
  reflectParams(el, params, Boolean(next.params.annees));
  if (!prev || prev.params.regles !== next.params.regles || prev.key !== next.key || !el.rules.children.length) {
    renderRules(el.rules, 'citizen', next.params, (regles) => ctx.set({regles, partie: ''}));
  }
  return {year, params};
}

// The split of the year asked, its peers, its live summary and the years side by side.
async function showReport(ctx, next, info, {year, params}, isCurrent) {
  const {el, cached, set} = ctx;
  const req = requestOf(params);
  let report;
  try {
    report = await cached(`s|${next.key}|${year}|${JSON.stringify(req)}`, () => call('splitRecord', next.key, year, req));
  } catch (e) {
    if (!isCurrent()) return;
    el.result.setAttribute('aria-busy', 'false');
    replace(el.result, h('div', {class: 'notice notice-warn', 'data-testid': 'citizen-error'},
      ...figuresError(e.message, draftWayOn(DRAFT_WAY_ON))));
    el.years.hidden = true;
    finishFocus(ctx);
    return;
  }
  if (!isCurrent()) return;
  performance.mark('jeu1000:split');

  // Peers: the core gives those of the report's method and grid only,
  // else says why none (report.peers_note) and the way to them.
  showPeersNote(el, report.peers_note, set);
  const groups = peerGroups(report);
  const peerKind = pickPeerKind(groups, next.params.comparer);
  renderPeers(el, groups, peerKind);

  const selected = selectedPart(report, next.params.partie);
  // In steps (heading and chart, table, the rest): each a short task.
  const shown = await renderResultInSteps(el.result, {
    report, draft: false, peerKind: peerKind === 'aucun' ? null : peerKind, selected, idPrefix: 'citizen',
    title: info.name, titleOf: nameOf(info), dataset: true,
  }, {
    onSelect: (code) => {
      ctx.focusNext = code ? 'drill' : {row: ctx.state.params.partie};
      set({partie: code || ''});
    },
  }, isCurrent);
  if (!shown) return;
  performance.mark('jeu1000:rendered');
  if (report.grid === 'six') el.view.value = 'six'; // the core may fall back to the six groups
  el.result.setAttribute('aria-busy', 'false');
  $('citizen-result-status').textContent = statusText(info.name, report, selected);
  document.title = `${info.name} — ${docShort(report)} — Le jeu des 1 000 €`;

  el.years.hidden = !next.params.annees;
  if (next.params.annees) showYears(el, next, {set, cached, isCurrent});
  // Focus once the page is laid out: no layout forced for it.
  await afterFrame();
  if (isCurrent()) finishFocus(ctx);
}

/** Shows a state of the view (from the address): the search page, or an authority and its figures. */
export async function showCitizen(ctx, next) {
  const {el} = ctx;
  const prev = ctx.state;
  ctx.state = next;
  const my = ++ctx.token;
  const isCurrent = () => my === ctx.token;
  if (!next.key) {
    el.home.hidden = false;
    el.authority.hidden = true;
    document.title = 'Ma collectivité — Le jeu des 1 000 €';
    ctx.prepareSearch(); // the search box waits for a query
    return;
  }
  el.home.hidden = true;
  if (!prev || prev.key !== next.key) ctx.focusNext = ctx.focusNext || 'authority';
  el.result.setAttribute('aria-busy', 'true');
  const info = await loadAuthority(ctx, next, isCurrent);
  if (!info) return;
  renderHead(el, info, ctx.openDraftFor);
  const years = sortedYears(info);
  // The core says why (kind, size, what the dataset has) and offers
  // ways on that have figures.
  if (!years.length) return showWithoutFigures(ctx, next, info, isCurrent);
  el.nodata.hidden = true;
  el.body.hidden = false;
  await showReport(ctx, next, info, showControls(ctx, prev, next, info, years), isCurrent);
}
