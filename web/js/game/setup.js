// The teacher's set-up of a game (#/jeu, #/jeu/preparer?…): the
// authority, the variant, the year and the grid, then the link and the QR
// code for pupils. An authority without a game gets the ways on that have
// one (data.waysOn).

import {h, replace} from '../dom.js';
import {call, loadIndex, prepareSearchWhenIdle} from '../engine.js';
import {combobox} from '../combobox.js';
import {DOCUMENTS} from '../splitview.js';
import * as G from '../gamecore.js';
import {classAddress, factsOf, loadGame, waysOn} from './data.js';
import {chosenText, hashOf, parentsOf, setupWith} from './state.js';
import {copyText, docOf, gameSubtitle, localWarning, qrFigure} from './ui.js';
import {nameOf, nameThe} from '../labels.js';

/** The set-up page's nodes: {form, el} (el: its controls and boxes, by name). */
function setupForm() {
  const el = {};
  el.search = h('input', {id: 'game-search-input', 'data-testid': 'game-search-input', type: 'text', role: 'combobox',
    'aria-autocomplete': 'list', 'aria-expanded': 'false', 'aria-controls': 'game-search-listbox',
    'aria-describedby': 'game-search-hint game-search-status', autocomplete: 'off', spellcheck: 'false', placeholder: 'ex. Montreuil, 93100, Gironde'});
  el.list = h('ul', {id: 'game-search-listbox', role: 'listbox', 'aria-label': 'Collectivités trouvées', class: 'listbox', hidden: true, 'data-testid': 'game-search-listbox'});
  el.searchStatus = h('p', {id: 'game-search-status', class: 'search-status', role: 'status', 'aria-live': 'polite', 'data-testid': 'game-search-status'});
  el.chosen = h('p', {class: 'game-chosen', 'data-testid': 'game-chosen'});
  el.year = h('select', {id: 'game-year', 'data-testid': 'game-year'});
  const radio = (name, value, label, desc) => {
    const id = `${name}-${value}`;
    return h('div', {class: 'game-choice'},
      h('input', {type: 'radio', name, id, value, 'data-testid': id}),
      h('label', {for: id}, label, desc ? h('span', {class: 'hint'}, desc) : null));
  };
  el.mode = h('fieldset', {class: 'control game-fieldset', id: 'game-mode'},
    h('legend', null, 'Variante'),
    radio('game-mode', 'split', G.MODES.split, 'partager 1 000 € entre les politiques'),
    radio('game-mode', 'hab', G.MODES.hab, 'combien la collectivité dépense par habitant pour chaque politique'),
    radio('game-mode', 'duel', G.MODES.duel, 'deux répartitions sans leur nom : laquelle est celle de la collectivité ?'));
  el.other = h('input', {id: 'game-other-input', 'data-testid': 'game-other-input', type: 'text', role: 'combobox',
    'aria-autocomplete': 'list', 'aria-expanded': 'false', 'aria-controls': 'game-other-listbox',
    'aria-describedby': 'game-other-hint game-other-status', autocomplete: 'off', spellcheck: 'false', placeholder: 'ex. Morbihan, Rennes, Occitanie'});
  el.otherList = h('ul', {id: 'game-other-listbox', role: 'listbox', 'aria-label': 'Collectivités trouvées', class: 'listbox', hidden: true, 'data-testid': 'game-other-listbox'});
  el.otherStatus = h('p', {id: 'game-other-status', class: 'search-status', role: 'status', 'aria-live': 'polite'});
  el.otherBox = h('div', {class: 'search game-other', hidden: true, 'data-testid': 'game-other'},
    h('label', {for: 'game-other-input'}, 'L\'autre collectivité du duel'),
    h('p', {id: 'game-other-hint', class: 'hint'}, 'Une collectivité voisine, de même taille, ou d\'un autre niveau (un département face à une commune) : les élèves devinent laquelle des deux répartitions est la vôtre.'),
    h('div', {class: 'combo'}, el.other, el.otherList), el.otherStatus);
  el.section = h('fieldset', {class: 'control game-fieldset', id: 'game-section'},
    h('legend', null, 'Dépenses'),
    radio('game-section', 'all', 'Toutes', 'fonctionnement et investissement'),
    radio('game-section', 'F', 'Fonctionnement', 'les dépenses de chaque jour : salaires, énergie, cantines…'),
    radio('game-section', 'I', 'Investissement', 'les travaux et les achats durables : écoles, routes…'));
  el.grid = h('fieldset', {class: 'control game-fieldset', id: 'game-grid'},
    h('legend', null, 'Politiques à répartir'),
    radio('game-grid', 'six', 'Six grands groupes', 'pour les plus jeunes (école, collège)'),
    radio('game-grid', 'common', 'Douze domaines', 'la grille commune, pour les plus grands (lycée, adultes)'));
  el.nv = h('input', {type: 'checkbox', id: 'game-nv', 'data-testid': 'game-nv'});
  el.yearNote = h('p', {class: 'hint', 'data-testid': 'game-year-note'});
  el.preview = h('div', {class: 'game-preview', 'data-testid': 'game-preview'});
  el.out = h('section', {class: 'panel game-link-panel', 'aria-labelledby': 'game-link-title', hidden: true, 'data-testid': 'game-link-panel'});
  el.rules = h('div', {class: 'game-rules', id: 'game-rules'},
    h('p', {class: 'game-step'}, '2. Les règles'),
    el.mode, el.otherBox,
    h('div', {class: 'control'}, h('label', {for: 'game-year'}, 'Année des comptes'), el.year), el.yearNote,
    el.section, el.grid,
    h('div', {class: 'check'}, el.nv, h('label', {for: 'game-nv'}, 'Ajouter la part « Dette, reversements et non ventilé » (intérêts des emprunts, impôts reversés)')),
    el.preview);
  const form = h('form', {class: 'panel game-setup', 'aria-labelledby': 'game-setup-title', onsubmit: (e) => e.preventDefault()},
    h('h2', {id: 'game-setup-title'}, 'Préparer une partie'),
    h('div', {class: 'search'},
      h('label', {for: 'game-search-input', class: 'game-step'}, '1. La collectivité'),
      h('p', {id: 'game-search-hint', class: 'hint'}, 'Nom, code postal, code INSEE ou SIREN. Flèches pour parcourir, Entrée pour choisir.'),
      h('div', {class: 'combo'}, el.search, el.list), el.searchStatus),
    el.chosen,
    el.rules);
  return {form, el};
}

/** What the set-up page says the pupils will do. */
function previewOf(g) {
  const list = h('ul', {class: 'game-preview-list'}, g.policies.map((p) => h('li', null, p.label)));
  switch (g.setup.mode) {
  case 'hab':
    return [h('p', null, `Les élèves devineront combien ${nameThe(g.info)} dépense par habitant et par an pour chacune de ces ${g.policies.length} politiques :`), list];
  case 'duel':
    return [h('p', null, `Les élèves verront deux répartitions de 1 000 €, A et B, sans leur nom : celle ${nameOf(g.info)} et celle ${nameOf(g.other.info)}. `,
      `Ils devineront laquelle est celle ${nameOf(g.info)} (${g.setup.year === g.other.year ? `comptes ${g.setup.year}` : `comptes ${g.setup.year} et ${g.other.year}`}), sur ${g.policies.length} politiques :`), list];
  default:
    return [h('p', null, `Les élèves répartiront 1 000 € entre ${g.policies.length} politiques :`), list];
  }
}

/**
 * The set-up page in ctx.root: {update(state)}. ctx: {root, title, intro,
 * navigate}; intro: the set-up's text, which index.html holds (boot.js shows
 * it before the modules arrive).
 */
export function setupPage(ctx) {
  ctx.title.textContent = 'Le jeu des 1 000 € en classe';
  document.title = 'Le jeu en classe — Le jeu des 1 000 €';
  const {form, el} = setupForm();
  ctx.intro.hidden = false;
  replace(ctx.root, ctx.intro, form, el.out);
  // current: the set-up asked; token: the latest update (older ones stop).
  const p = {el, navigate: ctx.navigate, current: null, token: 0};
  wire(p);
  return {update: (state) => update(p, state)};
}

/** A new set-up: a new history entry (replaceEntry: the same one, made canonical). */
function go(p, setup, replaceEntry = false) {
  p.navigate({view: 'game', sub: 'preparer', params: G.setupParams(setup)}, {replace: replaceEntry});
}

/** Every control of the set-up makes a new set-up. */
function wire(p) {
  const {el} = p;
  let indexError = '';
  loadIndex().catch((e) => { indexError = `La recherche n'est pas disponible : ${e.message}`; });
  prepareSearchWhenIdle().catch(() => {});
  const search = async (q, n) => { await loadIndex(); return call('search', q, n); };
  combobox({
    input: el.search, list: el.list, status: el.searchStatus, unavailable: () => indexError, search,
    onChoose: (r) => {
      const c = p.current;
      el.searchStatus.textContent = '';
      go(p, {key: r.key, year: null, section: c?.section || 'all', grid: c?.grid || 'six', nv: c?.nv || false,
        mode: c?.mode || 'split', other: c?.other === r.key ? null : c?.other || null});
    },
  });
  combobox({
    input: el.other, list: el.otherList, status: el.otherStatus, unavailable: () => indexError, search,
    onChoose: (r) => {
      el.otherStatus.textContent = '';
      go(p, {...p.current, year: null, other: r.key});
    },
  });
  el.year.addEventListener('change', () => go(p, {...p.current, year: Number(el.year.value)}));
  for (const r of el.section.querySelectorAll('input')) r.addEventListener('change', () => go(p, {...p.current, section: r.value}));
  for (const r of el.grid.querySelectorAll('input')) r.addEventListener('change', () => go(p, {...p.current, grid: r.value}));
  el.nv.addEventListener('change', () => go(p, {...p.current, nv: el.nv.checked}));
  for (const r of el.mode.querySelectorAll('input')) {
    r.addEventListener('change', () => go(p, {...p.current, year: r.value === 'duel' ? null : p.current.year, mode: r.value}));
  }
}

/** Disables the rules (on) but the variant and the duel's other authority: they may be what to change. */
function setDisabled(el, on) {
  for (const c of el.rules.querySelectorAll('input, select')) c.disabled = on && !el.mode.contains(c) && !el.otherBox.contains(c);
}

function showMode(el, setup) {
  for (const r of el.mode.querySelectorAll('input')) r.checked = r.value === setup.mode;
  el.otherBox.hidden = setup.mode !== 'duel';
}

async function update(p, state) {
  const {el} = p;
  const asked = G.setupOf(state.params);
  p.current = asked;
  const my = ++p.token;
  if (!asked) {
    el.chosen.textContent = 'Aucune collectivité choisie.';
    setDisabled(el, true);
    for (const c of el.mode.querySelectorAll('input')) c.disabled = true;
    el.out.hidden = true;
    replace(el.preview);
    return;
  }
  el.rules.setAttribute('aria-busy', 'true');
  showMode(el, asked);
  let g;
  try {
    g = await loadGame(asked);
  } catch (e) {
    if (my === p.token) showError(p, e, asked, my);
    return;
  }
  if (my !== p.token) return;
  el.rules.setAttribute('aria-busy', 'false');
  setDisabled(el, false);
  // The canonical link (chosen year, what the figures allow).
  if (G.setupString(g.setup) !== G.setupString(asked)) {
    p.current = g.setup;
    go(p, g.setup, true);
    return;
  }
  showGame(el, g);
  const where = await classAddress();
  if (my !== p.token) return;
  renderLink(el, g, where);
  document.title = `Le jeu en classe : ${g.info.name} — Le jeu des 1 000 €`;
}

/** A set-up that cannot be played: nothing of the previous choice stays (its years, its notes, its link). */
function showError(p, e, asked, my) {
  const {el} = p;
  el.rules.setAttribute('aria-busy', 'false');
  el.chosen.textContent = '';
  showChosen(p, asked, my);
  replace(el.year);
  el.yearNote.textContent = '';
  setDisabled(el, true);
  if (asked.mode === 'duel' && !asked.other && document.activeElement !== el.other) el.other.value = '';
  el.out.hidden = true;
  const box = h('div', {class: 'notice notice-warn', role: 'alert', 'data-testid': 'game-setup-error'}, h('p', null, e.message));
  replace(el.preview, box);
  if (e.info) showWaysOn(p, box, e, asked, my);
}

/** The authorities of a set-up that cannot be played, named in their boxes: the choice on screen is the one that failed. */
async function showChosen(p, asked, my) {
  const [ours, other] = await Promise.all([factsOf(asked.key), asked.mode === 'duel' && asked.other ? factsOf(asked.other) : null]);
  if (my !== p.token) return;
  const {el} = p;
  if (ours) {
    el.chosen.textContent = chosenText(ours);
    if (document.activeElement !== el.search) el.search.value = ours.name;
  }
  if (other && document.activeElement !== el.other) el.other.value = other.name;
}

/** The set-up's controls as the figures allow, and what the pupils will do. */
function showGame(el, g) {
  const {info, setup} = g;
  if (document.activeElement !== el.search) el.search.value = info.name;
  if (g.other && document.activeElement !== el.other) el.other.value = g.other.info.name;
  el.chosen.textContent = chosenText(info);
  replace(el.year, ...g.years.map((y) => h('option', {value: y.year, selected: y.year === setup.year},
    `${y.year} — ${DOCUMENTS[y.document] || y.document}${y.detail === 'aggregated' ? ' (chiffres agrégés)' : ''}`)));
  for (const r of el.section.querySelectorAll('input')) { r.checked = r.value === setup.section; r.disabled = g.aggregated && r.value !== 'all'; }
  for (const r of el.grid.querySelectorAll('input')) { r.checked = r.value === setup.grid; r.disabled = g.aggregated && r.value !== 'six'; }
  el.nv.checked = setup.nv;
  el.nv.disabled = g.aggregated;
  el.yearNote.textContent = [g.aggregated
    ? 'Chiffres agrégés pour cette année : six grands groupes seulement, fonctionnement et investissement ensemble.'
    : '', g.other && g.other.year !== setup.year ? `Pour ${g.other.info.name}, les comptes les plus proches : ${docOf(g.other.report)}.` : ''].filter(Boolean).join(' ');
  replace(el.preview, ...previewOf(g));
}

/**
 * Under a set-up that cannot be played (e: a NoGame): the authorities
 * e.info belongs to with which the game can be played, as links to their
 * set-up (data.waysOn); else where to look.
 */
async function showWaysOn(p, box, e, asked, my) {
  const {info, role} = e;
  const ways = await waysOn(e, asked);
  if (my !== p.token) return;
  if (!ways.length) {
    const parents = parentsOf(info);
    box.append(h('p', {'data-testid': 'game-ways-none'}, parents.length
      ? `Aucune des collectivités dont ${info.name} fait partie (${parents.map((x) => x.name).join(', ')}) ne permet cette partie avec les données intégrées : cherchez-en une autre ci-dessus.`
      : 'Cherchez une autre collectivité ci-dessus.'));
    return;
  }
  box.append(h('p', null, `Pour jouer, choisissez plutôt une collectivité dont ${info.name} fait partie, avec laquelle cette partie est possible :`),
    h('ul', {class: 'game-ways', 'data-testid': 'game-ways'}, ways.map((w) => h('li', null,
      h('a', {href: hashOf('preparer', setupWith(asked, role, w.key)), class: 'btn btn-secondary', 'data-testid': 'game-way', 'data-key': w.key},
        `${w.name}${w.kindLabel ? ` (${w.kindLabel.toLowerCase()})` : ''}`)))));
}

/** The link of the game for pupils, its QR code, and the teacher's other pages. */
function renderLink(el, g, where) {
  const playHash = hashOf('', g.setup);
  const link = where.base + playHash;
  const linkInput = h('input', {type: 'text', id: 'game-link', readonly: true, value: link, 'data-testid': 'game-link', class: 'game-link-input',
    onfocus: (e) => e.target.select()});
  const copyStatus = h('span', {class: 'hint', role: 'status', 'aria-live': 'polite'});
  replace(el.out,
    h('h2', {id: 'game-link-title'}, '3. Le lien de la partie'),
    h('p', null, gameSubtitle(g)),
    localWarning(where),
    h('div', {class: 'game-link-row'},
      h('label', {for: 'game-link', class: 'visually-hidden'}, 'Lien à donner aux élèves'), linkInput,
      h('button', {type: 'button', class: 'btn btn-primary', 'data-testid': 'game-copy-link', onclick: () => copyText(link, copyStatus)}, 'Copier le lien'),
      copyStatus),
    qrFigure(link, {caption: 'Les élèves scannent ce QR code avec une tablette ou un téléphone.', testid: 'game-qr', title: `QR code du lien de la partie : ${g.info.name}`}),
    h('ul', {class: 'game-links'},
      h('li', null, h('a', {class: 'btn btn-secondary', href: playHash, 'data-testid': 'game-play-link'}, 'Jouer (vue élève)')),
      h('li', null, h('a', {class: 'btn btn-secondary', href: hashOf('classe', g.setup), 'data-testid': 'game-class-link'}, 'Résultats de la classe')),
      h('li', null, h('a', {class: 'btn btn-secondary', href: hashOf('fiche', g.setup), 'data-testid': 'game-sheet-link'}, 'Fiche à imprimer et corrigé'))));
  el.out.hidden = false;
}
