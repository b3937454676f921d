// The reveal of a pupil's answer (#/jeu?…&reponse=CODE): the score, the
// estimate beside the reality (or the duel's two names), the largest gap
// explained, the answer code and its QR code for the teacher.

import {h, replace, $} from '../dom.js';
import {fmtCents, fmtInt} from '../money.js';
import {provenanceText} from '../splitview.js';
import * as G from '../gamecore.js';
import {barsChart, guessSeries, mountChart} from './charts.js';
import {detailsHash, duelRows, duelSides, hashOf, kindWord, pickedLetter, revealOf} from './state.js';
import {absolute, aggregatedNote, copyText, docOf, qrFigure} from './ui.js';
import {nameOf, nameThe} from '../labels.js';

/** The answer code and its QR code, for the teacher's class view. */
export function answerPanel(p, d) {
  const {g} = p;
  const code = G.formatCode(d.code);
  const classUrl = absolute(hashOf('classe', g.setup, {ajout: d.code}));
  const copyStatus = h('span', {class: 'hint', role: 'status', 'aria-live': 'polite'});
  return h('section', {class: 'game-answer panel', 'aria-labelledby': 'game-answer-title', 'data-testid': 'game-answer'},
    h('h2', {id: 'game-answer-title'}, 'Ton code réponse'),
    h('p', {class: 'game-code', 'data-testid': 'game-code', 'data-code': d.code}, code),
    h('p', null, 'Montre ce code ou ce QR code à ton enseignant·e, ou recopie-le : c\'est tout ce qu\'il faut pour les résultats de la classe. Il ne contient ni ton nom ni rien sur toi.'),
    h('div', {class: 'game-answer-row'},
      qrFigure(classUrl, {caption: 'QR code de ta réponse, à scanner par l\'enseignant·e', testid: 'game-answer-qr', title: `QR code de la réponse ${code}`}),
      h('div', null,
        h('button', {type: 'button', class: 'btn btn-secondary', 'data-testid': 'game-copy-code', onclick: () => copyText(code, copyStatus)}, 'Copier le code'),
        ' ', copyStatus)));
}

/** After a reveal: play again, all the figures of the authority, projector mode. */
function endActions(p) {
  const {g} = p;
  return h('div', {class: 'game-actions'},
    h('button', {type: 'button', class: 'btn btn-primary', 'data-testid': 'game-replay', onclick: () => {
      p.ctx.navigate({view: 'game', sub: '', params: G.setupParams(g.setup)});
    }}, 'Rejouer'),
    h('a', {class: 'btn btn-secondary', href: detailsHash(g.setup, g.setup.key, g.setup.year),
      'data-testid': 'game-details-link'}, `Tous les chiffres ${nameOf(g.info)}`),
    p.ctx.projector.button());
}

/** Reveal of the 1,000 € split or of the € per inhabitant guess: score, chart, gaps, explanation. */
export function revealGuess(p, d) {
  const {g} = p;
  const hab = g.setup.mode === 'hab';
  const {guessC, realC, score, gi} = revealOf(g, p.guess);
  const gp = g.policies[gi];
  const gap = guessC[gi] - realC[gi];
  const u = hab ? ' par habitant' : '';
  const chartBox = h('div', {class: 'chart-box', 'data-testid': 'game-reveal-chart'});
  const per = hab ? `en euros par habitant (${g.info.name}, ${docOf(g.report)}, ${fmtInt(g.report.population)} habitants)` : `pour 1 000 € (${g.info.name}, ${docOf(g.report)})`;
  const table = h('table', {class: 'split-table game-table', 'data-testid': 'game-reveal-table'},
    h('caption', null, `Ton estimation et la réalité, ${per}`),
    h('thead', null, h('tr', null,
      h('th', {scope: 'col'}, 'Politique'),
      h('th', {scope: 'col', class: 'num'}, 'Ton estimation'),
      h('th', {scope: 'col', class: 'num'}, 'La réalité'),
      h('th', {scope: 'col', class: 'num'}, 'Écart', h('span', {class: 'th-sub'}, 'estimation − réalité')))),
    h('tbody', null, g.policies.map((x, i) => h('tr', {'data-testid': `game-reveal-row-${x.code}`, class: i === gi ? 'is-selected' : ''},
      h('th', {scope: 'row', class: 'policy'}, x.label),
      h('td', {class: 'num'}, fmtCents(guessC[i], {decimals: false})),
      h('td', {class: 'num strong'}, fmtCents(realC[i])),
      h('td', {class: 'num'}, fmtCents(guessC[i] - realC[i], {sign: true}))))),
    h('tfoot', null, h('tr', null, h('th', {scope: 'row'}, 'Total'),
      h('td', {class: 'num'}, fmtCents(G.sum(guessC), {decimals: false})), h('td', {class: 'num strong', 'data-testid': 'game-reveal-total'}, fmtCents(G.sum(realC))),
      h('td', {class: 'num'}, hab ? fmtCents(G.sum(guessC) - G.sum(realC), {sign: true}) : ''))));
  const scoreHint = hab
    ? 'Le score compare tes montants aux vrais : 1 000 × (1 − somme des écarts ÷ (total de ton estimation + total réel)). Plus il est proche de 1 000, plus ton estimation est proche de la réalité. Le jeu note une estimation, pas le budget : il n\'y a pas de bonne ou de mauvaise façon de dépenser.'
    : 'Le score vaut 1 000 moins la moitié de la somme des écarts : plus il est proche de 1 000, plus ton estimation est proche de la répartition réelle. Le jeu note une estimation, pas le budget : il n\'y a pas de bonne ou de mauvaise façon de dépenser.';
  replace(p.body,
    h('div', {class: 'game-score', 'data-testid': 'game-score', 'data-score': String(score), tabindex: '-1', id: 'game-score'},
      h('p', {class: 'game-score-label'}, 'Ton score'),
      h('p', {class: 'game-score-value'}, h('strong', null, fmtCents(score, {unit: ''})), ' sur 1 000'),
      hab ? h('p', {'data-testid': 'game-hab-total'}, `En tout, pour ces politiques, ${nameThe(g.info)} dépense `, h('strong', null, fmtCents(G.sum(realC))),
        ` par habitant et par an ; ton estimation : ${fmtCents(G.sum(guessC), {decimals: false})}.`) : null,
      h('p', {class: 'hint'}, scoreHint)),
    h('figure', {class: 'chart game-chart'},
      h('figcaption', {class: 'chart-caption'}, hab ? 'Ton estimation et la réalité, en euros par habitant' : 'Ton estimation et la réalité, en euros sur 1 000 €'),
      h('p', {class: 'game-legend', 'aria-hidden': 'true'},
        h('span', {class: 'key key-guess'}), ' Ton estimation ', h('span', {class: 'key key-real'}), ' La réalité'),
      chartBox),
    h('div', {class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Tableau des écarts'}, table),
    h('section', {class: 'game-gap panel', 'data-testid': 'game-gap', 'aria-labelledby': 'game-gap-title'},
      h('h2', {id: 'game-gap-title'}, `Le plus grand écart : ${gp.label}`),
      h('p', null, gap === 0 ? 'Aucun écart : ton estimation est exactement la réalité.'
        : `Tu as mis ${fmtCents(guessC[gi], {decimals: false})}${u}, la réalité est ${fmtCents(realC[gi])}${u} : ${fmtCents(Math.abs(gap))} ${gap > 0 ? 'de plus' : 'de moins'}.`),
      h('p', null, h('strong', null, 'À savoir : '), G.explanation(gp.code, g.info.kind)),
      g.setup.section === 'I' ? h('p', {class: 'hint'}, 'En investissement, les grands travaux d\'une année (une école neuve, une route refaite) font beaucoup varier les parts d\'une année à l\'autre.') : null),
    answerPanel(p, d),
    aggregatedNote(g),
    h('p', {class: 'provenance', 'data-testid': 'game-provenance'}, provenanceText(g.report)),
    endActions(p));
  const series = guessSeries(hab ? '/hab.' : '');
  p.charts.push(mountChart(chartBox, (w, f) => barsChart(g.policies.map((x, i) => ({code: x.code, label: x.label, guess: guessC[i], real: realC[i]})), w, f, series)));
  $('game-score').focus();
}

export function revealDuel(p, d) {
  const {g} = p;
  const [a, b] = duelSides(g);
  const picked = pickedLetter(d);
  const ours = G.ourLetter(g.setup);
  const right = picked === ours;
  const [o, t] = ours === 'A' ? [a, b] : [b, a];
  const {rows, gi} = duelRows(g);
  const gr = rows[gi];
  const chartBox = h('div', {class: 'chart-box', 'data-testid': 'game-reveal-chart'});
  const whyOurs = G.explanation(gr.code, g.info.kind);
  const whyOther = g.other.info.kind !== g.info.kind ? G.explanation(gr.code, g.other.info.kind) : '';
  replace(p.body,
    h('div', {class: 'game-score', 'data-testid': 'game-score', 'data-right': right ? '1' : '0', tabindex: '-1', id: 'game-score'},
      h('p', {class: 'game-score-label'}, right ? 'Bien vu !' : 'Ce n\'était pas celle-là'),
      h('p', {class: 'game-score-value', 'data-testid': 'game-duel-answer'}, `${g.info.name}, c'était la `, h('strong', null, ours), '.'),
      h('p', null, `Tu as choisi la ${picked}. La ${t.letter}, c'était ${nameThe(g.other.info)}.`),
      h('p', {class: 'hint'}, 'Le jeu demande de reconnaître une répartition, pas de la juger : il n\'y a pas de bonne ou de mauvaise façon de dépenser.')),
    h('figure', {class: 'chart game-chart'},
      h('figcaption', {class: 'chart-caption'}, `${g.info.name} (${o.letter}) et ${g.other.info.name} (${t.letter}), en euros sur 1 000 €`),
      h('p', {class: 'game-legend', 'aria-hidden': 'true'},
        h('span', {class: 'key key-real'}), ` ${g.info.name} `, h('span', {class: 'key key-guess'}), ` ${g.other.info.name}`),
      chartBox),
    h('div', {class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Tableau des deux répartitions'},
      h('table', {class: 'split-table game-table', 'data-testid': 'game-reveal-table'},
        h('caption', null, `Les deux répartitions, pour 1 000 € (${docOf(g.report)}${g.other.year === g.setup.year ? '' : ` et ${docOf(g.other.report)}`})`),
        h('thead', null, h('tr', null,
          h('th', {scope: 'col'}, 'Politique'),
          h('th', {scope: 'col', class: 'num'}, `${o.letter} : ${g.info.name}`),
          h('th', {scope: 'col', class: 'num'}, `${t.letter} : ${g.other.info.name}`),
          h('th', {scope: 'col', class: 'num'}, 'Écart'))),
        h('tbody', null, rows.map((r, i) => h('tr', {'data-testid': `game-reveal-row-${r.code}`, class: i === gi ? 'is-selected' : ''},
          h('th', {scope: 'row', class: 'policy'}, r.label),
          h('td', {class: 'num strong'}, fmtCents(r.ours)),
          h('td', {class: 'num'}, fmtCents(r.other)),
          h('td', {class: 'num'}, fmtCents(r.ours - r.other, {sign: true}))))))),
    h('section', {class: 'game-gap panel', 'data-testid': 'game-gap', 'aria-labelledby': 'game-gap-title'},
      h('h2', {id: 'game-gap-title'}, `La plus grande différence : ${gr.label}`),
      h('p', null, `${g.info.name} : ${fmtCents(gr.ours)} sur 1 000 € ; ${g.other.info.name} : ${fmtCents(gr.other)}.`),
      whyOurs ? h('p', null, h('strong', null, `À savoir (${kindWord(g.info)}) : `), whyOurs) : null,
      whyOther && whyOther !== whyOurs ? h('p', null, h('strong', null, `À savoir (${kindWord(g.other.info)}) : `), whyOther) : null),
    answerPanel(p, d),
    aggregatedNote(g),
    h('p', {class: 'provenance', 'data-testid': 'game-provenance'}, provenanceText(g.report)),
    h('p', {class: 'provenance', 'data-testid': 'game-provenance-other'}, provenanceText(g.other.report)),
    endActions(p));
  const series = [{key: 'ours', fmt: (v) => `${o.letter} ${fmtCents(v)}`}, {key: 'other', hatch: true, fmt: (v) => `${t.letter} ${fmtCents(v)}`}];
  p.charts.push(mountChart(chartBox, (w, f) => barsChart(rows, w, f, series)));
  $('game-score').focus();
}
