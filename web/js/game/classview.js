// The class results (#/jeu/classe?…): the teacher types, pastes or scans
// the pupils' answer codes; the class's answers beside the reality (or, in
// a duel, who found which letter). Kept in the teacher's browser only
// (state.js: the store).

import {h, replace} from '../dom.js';
import {fmtCents} from '../money.js';
import * as G from '../gamecore.js';
import {loadGame} from './data.js';
import {classChart, mountChart} from './charts.js';
import * as S from './state.js';
import {errorBox, gameSubtitle} from './ui.js';

/** The class page in ctx.root: {update(state), destroy()}. ctx: {root, title, navigate, projector}. */
export function classPage(ctx) {
  ctx.title.textContent = 'Résultats de la classe';
  const c = {
    ctx,
    body: h('div', {class: 'game-class', 'data-testid': 'game-class', 'aria-busy': 'true'}),
    sub: h('p', {class: 'game-subtitle', 'data-testid': 'game-class-subtitle'}),
    g: null, // the game loaded
    loadedFor: '', // its set-up string
    token: 0, // the latest update (older ones stop)
    ro: null, // the class chart drawn
  };
  replace(ctx.root, c.sub, c.body);
  return {update: (state) => update(c, state), destroy: () => c.ro && c.ro.disconnect()};
}

async function update(c, state) {
  const asked = G.setupOf(state.params);
  const my = ++c.token;
  if (!asked) { replace(c.body, errorBox('Lien incomplet : préparez d\'abord une partie.')); return; }
  if (!c.g || G.setupString(asked) !== c.loadedFor) {
    try {
      c.g = await loadGame(asked);
    } catch (e) {
      if (my !== c.token) return;
      c.body.setAttribute('aria-busy', 'false');
      replace(c.body, errorBox(e.message));
      return;
    }
    if (my !== c.token) return;
    c.loadedFor = G.setupString(c.g.setup);
    c.sub.textContent = gameSubtitle(c.g);
    build(c);
  }
  c.body.setAttribute('aria-busy', 'false');
  document.title = `Résultats de la classe : ${c.g.info.name} — Le jeu des 1 000 €`;
  if (state.params.ajout) {
    // A pupil's QR code scanned: add it, then drop it from the URL.
    addCodes(c, state.params.ajout);
    const params = {...state.params};
    delete params.ajout;
    c.ctx.navigate({view: 'game', sub: 'classe', params}, {replace: true});
  }
}

/** Adds the codes of text; returns the lines refused (to correct). */
function addCodes(c, text) {
  const store = S.readStore(localStorage);
  const res = S.addCodes(store, c.g, text, new Date().toISOString().slice(0, 10));
  try {
    S.writeStore(localStorage, store);
  } catch {
    res.lines.push({ok: false, text: 'Le navigateur refuse d\'enregistrer (stockage plein ou désactivé).'});
  }
  replace(c.msgs, res.lines.map((l) => h('li', {class: l.ok ? 'ok' : 'bad'}, l.text)));
  renderResults(c);
  return res.refused;
}

/** Clears the class results (all: of every game) after asking. */
function clear(c, all) {
  if (!window.confirm(all ? 'Effacer toutes les réponses de toutes les parties sur cet appareil ?' : 'Effacer toutes les réponses de cette partie sur cet appareil ?')) return;
  if (all) {
    localStorage.removeItem(S.STORE_KEY);
  } else {
    const store = S.readStore(localStorage);
    delete store.parties[S.partyKey(c.g)];
    S.writeStore(localStorage, store);
  }
  replace(c.msgs, h('li', {class: 'ok'}, all ? 'Toutes les réponses sont effacées.' : 'Réponses de cette partie effacées.'));
  renderResults(c);
}

function build(c) {
  const area = h('textarea', {id: 'game-codes', rows: '4', 'data-testid': 'game-codes', spellcheck: 'false', autocomplete: 'off',
    'aria-describedby': 'game-codes-hint', placeholder: S.CODE_EXAMPLES[c.g.setup.mode] || S.CODE_EXAMPLES.split});
  c.msgs = h('ul', {class: 'game-messages', role: 'status', 'aria-live': 'polite', 'data-testid': 'game-codes-status'});
  c.results = h('div', {class: 'game-results', 'data-testid': 'game-results'});
  replace(c.body,
    h('form', {class: 'panel game-codes-form', onsubmit: (e) => { e.preventDefault(); area.value = addCodes(c, area.value).join('\n'); }},
      h('label', {for: 'game-codes', class: 'search-label'}, 'Codes réponses des élèves'),
      h('p', {class: 'hint', id: 'game-codes-hint'}, 'Tapez ou collez un ou plusieurs codes (un par ligne). Les tirets et les minuscules ne comptent pas ; O et 0, I et 1 sont confondus. Un QR code de réponse scanné avec cet appareil ajoute la réponse tout seul.'),
      area,
      h('div', {class: 'game-actions'}, h('button', {type: 'submit', class: 'btn btn-primary', 'data-testid': 'game-codes-add'}, 'Ajouter')),
      c.msgs),
    c.results,
    h('section', {class: 'panel panel-quiet', 'aria-labelledby': 'game-store-title'},
      h('h2', {id: 'game-store-title'}, 'Où sont ces réponses ?'),
      h('p', null, 'Seulement dans ce navigateur (stockage local), jusqu\'à ce que vous les effaciez. Rien n\'est envoyé.'),
      h('button', {type: 'button', class: 'btn btn-danger', 'data-testid': 'game-class-clear', onclick: () => clear(c, false)}, 'Effacer les réponses de cette partie'),
      ' ',
      h('button', {type: 'button', class: 'btn btn-danger', 'data-testid': 'game-class-clear-all', onclick: () => clear(c, true)}, 'Tout effacer')),
    h('div', {class: 'game-actions'},
      h('a', {class: 'btn btn-secondary', href: S.hashOf('preparer', c.g.setup)}, 'Revenir à la préparation'),
      c.ctx.projector.button()));
  renderResults(c);
}

/** The codes received, each with a button to take it out. */
function codeList(c) {
  return h('details', {class: 'game-code-list'},
    h('summary', null, 'Les codes reçus'),
    h('ul', {'data-testid': 'game-class-codes'}, S.codesOf(S.readStore(localStorage), c.g).map((code) => h('li', null, h('code', null, G.formatCode(code)), ' ',
      h('button', {type: 'button', class: 'btn btn-link', 'aria-label': `Retirer la réponse ${G.formatCode(code)}`, onclick: () => {
        const store = S.readStore(localStorage);
        S.removeCode(store, c.g, code);
        S.writeStore(localStorage, store);
        renderResults(c);
      }}, 'retirer')))));
}

function renderResults(c) {
  if (c.ro) { c.ro.disconnect(); c.ro = null; }
  const {g} = c;
  const answers = S.answersOf(S.readStore(localStorage), g);
  if (!answers.length) {
    replace(c.results, h('p', {class: 'notice notice-info', 'data-testid': 'game-class-empty'}, 'Aucune réponse pour l\'instant. Ajoutez les codes des élèves ci-dessus.'));
    return;
  }
  if (g.setup.mode === 'duel') {
    replace(c.results, ...duelResults(g, answers), codeList(c));
    return;
  }
  const hab = g.setup.mode === 'hab';
  const {per, scores} = S.classSummary(g, answers);
  const chartBox = h('div', {class: 'chart-box', 'data-testid': 'game-class-chart'});
  const count = S.answersText(answers.length);
  replace(c.results,
    h('h2', {'data-testid': 'game-class-count'}, count),
    h('p', {class: 'game-class-scores', 'data-testid': 'game-class-scores'},
      `Score moyen de la classe : ${fmtCents(scores.mean, {unit: ''})} sur 1 000 (de ${fmtCents(scores.min, {unit: ''})} à ${fmtCents(scores.max, {unit: ''})}).`),
    h('figure', {class: 'chart'},
      h('figcaption', {class: 'chart-caption'}, `Les réponses de la classe et la réalité, ${hab ? 'en euros par habitant' : 'en euros sur 1 000 €'}`),
      h('p', {class: 'game-legend', 'aria-hidden': 'true'},
        h('span', {class: 'key key-box'}), ' la moitié des élèves (quartiles) ', h('span', {class: 'key key-line'}), ' du plus petit au plus grand ',
        h('span', {class: 'key key-mean'}), ' moyenne ', h('span', {class: 'key key-diamond'}), ' réalité'),
      chartBox),
    h('div', {class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Tableau des réponses de la classe'},
      h('table', {class: 'split-table game-table', 'data-testid': 'game-class-table'},
        h('caption', null, `Réponses de la classe et réalité, ${hab ? 'en euros par habitant' : 'pour 1 000 €'} (${count})`),
        h('thead', null, h('tr', null,
          h('th', {scope: 'col'}, 'Politique'),
          h('th', {scope: 'col', class: 'num'}, 'La réalité'),
          h('th', {scope: 'col', class: 'num'}, 'Moyenne de la classe'),
          h('th', {scope: 'col', class: 'num'}, 'Écart de la moyenne'),
          h('th', {scope: 'col', class: 'num'}, 'Du plus petit au plus grand'),
          h('th', {scope: 'col', class: 'num'}, 'La moitié des élèves entre'))),
        h('tbody', null, per.map((r) => h('tr', {'data-testid': `game-class-row-${r.code}`},
          h('th', {scope: 'row', class: 'policy'}, r.label),
          h('td', {class: 'num strong'}, fmtCents(r.real)),
          h('td', {class: 'num', 'data-testid': `game-class-mean-${r.code}`}, fmtCents(r.st.mean)),
          h('td', {class: 'num'}, fmtCents(r.st.mean - r.real, {sign: true})),
          h('td', {class: 'num'}, `${fmtCents(r.st.min, {decimals: false})} – ${fmtCents(r.st.max, {decimals: false})}`),
          h('td', {class: 'num'}, `${fmtCents(r.st.q1, {decimals: false})} – ${fmtCents(r.st.q3, {decimals: false})}`)))))),
    codeList(c));
  c.ro = mountChart(chartBox, (w, f) => classChart(per, w, f, hab ? '/hab.' : ''));
}

/** The class view of a duel: how many found which letter is ours, and the two splits. */
function duelResults(g, answers) {
  const [a, b] = S.duelSides(g);
  const k = S.duelCounts(g, answers);
  const pct = (x) => `${Math.round((100 * x) / k.n)} %`;
  return [
    h('h2', {'data-testid': 'game-class-count'}, S.answersText(k.n)),
    h('p', {class: 'game-class-scores', 'data-testid': 'game-class-scores'},
      `${k.right} élève${k.right > 1 ? 's' : ''} sur ${k.n} (${pct(k.right)}) ${k.right > 1 ? 'ont' : 'a'} reconnu ${g.info.name} : c'était la ${k.ours}.`),
    h('div', {class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Choix de la classe'},
      h('table', {class: 'split-table game-table', 'data-testid': 'game-class-table'},
        h('caption', null, 'Les choix de la classe'),
        h('thead', null, h('tr', null, h('th', {scope: 'col'}, 'Répartition'), h('th', {scope: 'col'}, 'C\'était'), h('th', {scope: 'col', class: 'num'}, 'Élèves qui l\'ont choisie'))),
        h('tbody', null, [a, b].map((side) => h('tr', {'data-testid': `game-class-row-${side.letter}`, class: side.letter === k.ours ? 'is-selected' : ''},
          h('th', {scope: 'row'}, side.letter),
          h('td', null, side.info.name),
          h('td', {class: 'num'}, `${k[side.letter]} (${pct(k[side.letter])})`)))))),
    h('div', {class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Les deux répartitions'},
      h('table', {class: 'split-table game-table', 'data-testid': 'game-class-splits'},
        h('caption', null, 'Les deux répartitions, pour 1 000 €'),
        h('thead', null, h('tr', null, h('th', {scope: 'col'}, 'Politique'),
          ...[a, b].map((side) => h('th', {scope: 'col', class: 'num'}, `${side.letter} : ${side.info.name}`)))),
        h('tbody', null, g.policies.map((p, i) => h('tr', null, h('th', {scope: 'row', class: 'policy'}, p.label),
          ...[a, b].map((side) => h('td', {class: 'num'}, fmtCents(side.policies[i].real)))))))),
  ];
}
