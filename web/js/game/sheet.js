// The printable worksheet and its answer key (#/jeu/fiche?…): two A4
// pages, the pupil's (blanks to fill in, the game's QR code) and the key.

import {h, replace} from '../dom.js';
import {fmtCents, fmtInt} from '../money.js';
import {provenanceText} from '../splitview.js';
import * as G from '../gamecore.js';
import {classAddress, loadGame} from './data.js';
import {duelSides, hashOf, kindWord} from './state.js';
import {aggregatedNote, blank, errorBox, gameSubtitle, neutralNote, qrFigure} from './ui.js';
import {nameOf, nameThe} from '../labels.js';

/** The worksheet page in ctx.root: {update(state)}. ctx: {root, title}. */
export function sheetPage(ctx) {
  ctx.title.textContent = 'Fiche du jeu et corrigé';
  const p = {body: h('div', {class: 'game-sheet', 'data-testid': 'game-sheet'}), token: 0};
  replace(ctx.root, p.body);
  return {update: (state) => update(p, state)};
}

async function update(p, state) {
  const asked = G.setupOf(state.params);
  const my = ++p.token;
  if (!asked) { replace(p.body, errorBox('Lien incomplet : préparez d\'abord une partie.')); return; }
  let g;
  try {
    g = await loadGame(asked);
  } catch (e) {
    if (my !== p.token) return;
    replace(p.body, errorBox(e.message));
    return;
  }
  const where = await classAddress();
  if (my !== p.token) return;
  const link = where.base + hashOf('', g.setup);
  document.title = `Fiche du jeu : ${g.info.name} — Le jeu des 1 000 €`;
  replace(p.body,
    h('div', {class: 'game-actions no-print'},
      h('button', {type: 'button', class: 'btn btn-primary', 'data-testid': 'game-print', onclick: () => window.print()}, 'Imprimer la fiche et le corrigé'),
      h('a', {class: 'btn btn-secondary', href: hashOf('preparer', g.setup)}, 'Revenir à la préparation')),
    ...(g.setup.mode === 'duel' ? duelSheet(g, link) : guessSheet(g, link)));
}

/** The worksheet and its answer key: the 1,000 € split or the € per inhabitant guess. */
function guessSheet(g, link) {
  const kind = kindWord(g.info);
  const hab = g.setup.mode === 'hab';
  const realC = G.realValues(g.setup, g.policies);
  const u = hab ? ' €/hab.' : ' €';
  return [
    h('section', {class: 'sheet-page', 'data-testid': 'game-sheet-pupil', 'aria-labelledby': 'sheet-pupil-title'},
      h('h2', {id: 'sheet-pupil-title'}, 'Le jeu des 1 000 € — fiche élève'),
      h('p', {class: 'sheet-sub'}, gameSubtitle(g)),
      h('p', null, hab
        ? `Chaque année, combien ${kind} dépense-t-elle par habitant pour chaque politique ? Écris ton estimation en euros par habitant (pas de total imposé).`
        : `Sur 1 000 € dépensés par ${kind}, combien vont à chaque politique ? Écris ton estimation en euros : le total doit faire exactement 1 000 €.`),
      h('table', {class: 'sheet-table'},
        h('thead', null, h('tr', null, h('th', {scope: 'col'}, 'Politique'), h('th', {scope: 'col', class: 'num'}, hab ? 'Mon estimation (par habitant)' : 'Mon estimation'),
          h('th', {scope: 'col', class: 'num'}, 'La réalité', h('span', {class: 'th-sub'}, 'après la correction')),
          h('th', {scope: 'col', class: 'num'}, 'Écart', h('span', {class: 'th-sub'}, 'sans le signe')))),
        h('tbody', null, g.policies.map((p) => h('tr', null,
          h('th', {scope: 'row'}, p.label, p.hint ? h('span', {class: 'hint'}, p.hint) : null),
          h('td', {class: 'num sheet-blank'}, blank(), u),
          h('td', {class: 'num sheet-blank'}, blank(), u),
          h('td', {class: 'num sheet-blank'}, blank(), u)))),
        h('tfoot', null, h('tr', null, h('th', {scope: 'row'}, 'Total'),
          hab ? h('td', {class: 'num sheet-blank'}, blank(), u) : h('td', {class: 'num'}, '1 000 €'),
          hab ? h('td', {class: 'num sheet-blank'}, blank(), u) : h('td', {class: 'num'}, '1 000 €'),
          h('td', {class: 'num sheet-blank'}, blank('somme des écarts, à remplir'), u)))),
      h('p', {class: 'sheet-score'}, hab ? 'Mon score = 1 000 × (1 − somme des écarts ÷ (mon total + le total réel)) = ' : 'Mon score = 1 000 − (somme des écarts ÷ 2) = ', blank()),
      h('div', {class: 'sheet-qr'},
        qrFigure(link, {caption: 'Pour jouer sur une tablette : scanne ce QR code.', testid: 'game-sheet-qr', title: 'QR code du lien de la partie'}))),
    h('section', {class: 'sheet-page sheet-key', 'data-testid': 'game-sheet-key', 'aria-labelledby': 'sheet-key-title'},
      h('h2', {id: 'sheet-key-title'}, 'Corrigé'),
      h('p', {class: 'sheet-sub'}, gameSubtitle(g)),
      h('table', {class: 'sheet-table'},
        h('thead', null, h('tr', null, h('th', {scope: 'col'}, 'Politique'), h('th', {scope: 'col', class: 'num'}, hab ? `La réalité, par habitant (${fmtInt(g.report.population)} habitants)` : 'La réalité, pour 1 000 €'))),
        h('tbody', null, g.policies.map((p, i) => h('tr', {'data-testid': `game-key-row-${p.code}`},
          h('th', {scope: 'row'}, p.label), h('td', {class: 'num'}, fmtCents(realC[i]))))),
        h('tfoot', null, h('tr', null, h('th', {scope: 'row'}, 'Total'), h('td', {class: 'num'}, fmtCents(G.sum(realC)))))),
      h('p', null, h('strong', null, 'Score : '), hab
        ? '1 000 × (1 − somme des écarts ÷ (total de l\'estimation + total réel)), les écarts en euros par habitant, sans signe. 1 000 = estimation parfaite.'
        : '1 000 moins la moitié de la somme des écarts (en euros, sans signe) entre l\'estimation et la réalité. 1 000 = estimation parfaite.'),
      neutralNote(),
      h('ul', {class: 'sheet-why'}, g.policies.slice().sort((a, b) => b.real - a.real).slice(0, 3).map((p) => h('li', null, h('strong', null, `${p.label} : `), G.explanation(p.code, g.info.kind)))),
      aggregatedNote(g),
      h('p', {class: 'provenance'}, provenanceText(g.report))),
  ];
}

/** The worksheet of a duel (the two splits, unnamed) and its answer key. */
function duelSheet(g, link) {
  const sides = duelSides(g);
  const ours = G.ourLetter(g.setup);
  const table = (named) => h('table', {class: 'sheet-table'},
    h('thead', null, h('tr', null, h('th', {scope: 'col'}, 'Politique'),
      ...sides.map((side) => h('th', {scope: 'col', class: 'num'}, named ? `${side.letter} : ${side.info.name}` : `Répartition ${side.letter}`)))),
    h('tbody', null, g.policies.map((p, i) => h('tr', named ? {'data-testid': `game-key-row-${p.code}`} : null,
      h('th', {scope: 'row'}, p.label),
      ...sides.map((side) => h('td', {class: 'num'}, fmtCents(side.policies[i].real)))))),
    h('tfoot', null, h('tr', null, h('th', {scope: 'row'}, 'Total'),
      ...sides.map((side) => h('td', {class: 'num'}, fmtCents(G.sum(side.policies.map((p) => p.real))))))));
  return [
    h('section', {class: 'sheet-page', 'data-testid': 'game-sheet-pupil', 'aria-labelledby': 'sheet-pupil-title'},
      h('h2', {id: 'sheet-pupil-title'}, 'Le jeu des 1 000 € — fiche élève'),
      h('p', {class: 'sheet-sub'}, gameSubtitle(g)),
      h('p', null, `Voici comment deux collectivités répartissent 1 000 € de dépenses : l'une est ${nameThe(g.info)}, l'autre ${nameThe(g.other.info)}. Laquelle est celle ${nameOf(g.info)} ?`),
      table(false),
      h('p', {class: 'sheet-score'}, `${g.info.name}, c'est la répartition : `, blank('A ou B, à remplir'), ' Pourquoi ? ', blank('à remplir')),
      h('div', {class: 'sheet-qr'},
        qrFigure(link, {caption: 'Pour jouer sur une tablette : scanne ce QR code.', testid: 'game-sheet-qr', title: 'QR code du lien de la partie'}))),
    h('section', {class: 'sheet-page sheet-key', 'data-testid': 'game-sheet-key', 'aria-labelledby': 'sheet-key-title'},
      h('h2', {id: 'sheet-key-title'}, 'Corrigé'),
      h('p', {class: 'sheet-sub'}, gameSubtitle(g)),
      h('p', {'data-testid': 'game-key-answer'}, h('strong', null, `${g.info.name}, c'était la ${ours}.`)),
      table(true),
      neutralNote(),
      aggregatedNote(g),
      h('p', {class: 'provenance'}, provenanceText(g.report)),
      h('p', {class: 'provenance'}, provenanceText(g.other.report))),
  ];
}
