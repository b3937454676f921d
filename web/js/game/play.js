// A pupil plays (#/jeu?c=…): shares 1,000 € between the policies (or
// guesses the euros per inhabitant) with a slider and a number each, or
// chooses which of two unnamed splits is ours (the duel); then the reveal
// (reveal.js), at the same address with &reponse=CODE.

import {h, replace, debounce} from '../dom.js';
import {fmtCents} from '../money.js';
import * as G from '../gamecore.js';
import {loadGame} from './data.js';
import {barsChart, mountChart} from './charts.js';
import {duelSides, guessDone, kindWord, parseAmount, remaining, revealRefusal, statusText} from './state.js';
import {errorBox, gameSubtitle} from './ui.js';
import {revealDuel, revealGuess} from './reveal.js';
import {nameOf, nameThe} from '../labels.js';

/**
 * The pupil's page in ctx.root: {update(state), destroy()}. ctx: {root,
 * title, navigate, projector}.
 */
export function pupilPage(ctx) {
  ctx.title.textContent = 'Le jeu des 1 000 €';
  const p = {
    ctx,
    body: h('div', {class: 'game-pupil', 'data-testid': 'game-pupil', 'aria-busy': 'true'}),
    sub: h('p', {class: 'game-subtitle', 'data-testid': 'game-subtitle'}),
    g: null, // the game loaded (data.loadGame)
    loadedFor: '', // its set-up string
    guess: [], // whole euros per policy (per inhabitant in the « hab » variant)
    token: 0, // the latest update (older ones stop)
    rows: [], // per policy {li, range, input, err}
    charts: [], // charts drawn (mountChart), disconnected on the next update
  };
  p.announce = debounce((t) => { if (p.liveEl) p.liveEl.textContent = t; }, 700);
  replace(ctx.root, p.sub, p.body);
  return {update: (state) => update(p, state), destroy: () => disconnect(p)};
}

const hab = (p) => p.g.setup.mode === 'hab';

function disconnect(p) {
  for (const c of p.charts) c.disconnect();
  p.charts = [];
}

/** Loads the game when its set-up changed (made canonical), then shows the guess or the reveal. */
async function update(p, state) {
  const asked = G.setupOf(state.params);
  const my = ++p.token;
  const askedKey = G.setupString(asked);
  if (askedKey !== p.loadedFor || !p.g) {
    p.body.setAttribute('aria-busy', 'true');
    replace(p.body, h('p', {class: 'hint'}, 'Chargement des chiffres…'));
    try {
      p.g = await loadGame(asked);
    } catch (e) {
      if (my !== p.token) return;
      p.body.setAttribute('aria-busy', 'false');
      replace(p.body, errorBox(e.message));
      return;
    }
    if (my !== p.token) return;
    p.loadedFor = G.setupString(p.g.setup);
    p.guess = p.g.policies.map(() => 0);
    p.sub.textContent = gameSubtitle(p.g);
    if (p.loadedFor !== askedKey) {
      // Canonical form of the link: the same game for everyone.
      p.ctx.navigate({view: 'game', sub: '', params: {...G.setupParams(p.g.setup), reponse: state.params.reponse || ''}}, {replace: true});
      return;
    }
  }
  const {g} = p;
  p.body.setAttribute('aria-busy', 'false');
  document.title = `Le jeu : ${g.info.name} — Le jeu des 1 000 €`;
  disconnect(p);
  const duel = g.setup.mode === 'duel';
  if (state.params.reponse) {
    const d = G.decodeAnswer(state.params.reponse, g.setup);
    if (d.error || d.n !== (duel ? 1 : g.policies.length)) {
      replace(p.body, errorBox(d.error || 'Ce code ne correspond pas à cette partie.', 'game-reveal-error'));
      return;
    }
    if (duel) revealDuel(p, d);
    else {
      p.guess = d.euros;
      revealGuess(p, d);
    }
  } else if (duel) {
    playDuel(p);
  } else {
    playGuess(p);
  }
}

function refreshStatus(p) {
  const {guess} = p;
  const mode = p.g.setup.mode;
  const r = remaining(guess);
  const text = statusText(mode, guess);
  p.statusEl.textContent = text;
  p.statusEl.classList.toggle('is-done', guessDone(mode, guess));
  p.statusEl.classList.toggle('is-over', mode !== 'hab' && r < 0);
  p.statusEl.dataset.remaining = String(r);
  p.statusEl.dataset.total = String(G.sum(guess));
  if (p.meterFill) {
    p.meterFill.style.width = `${Math.min(100, Math.max(0, (G.sum(guess) / 10)))}%`;
    p.meterFill.classList.toggle('is-over', r < 0);
  }
  p.announce(text);
  if (guessDone(mode, guess) && p.revealError) p.revealError.textContent = '';
}

/** Sets the guess of policy i, and the control it did not come from (from: 'range', 'input' or ''). */
function setGuess(p, i, v, from) {
  p.guess[i] = v;
  const row = p.rows[i];
  if (from !== 'range') row.range.value = String(v);
  if (from !== 'input') row.input.value = String(v);
  row.range.setAttribute('aria-valuetext', `${v} €${hab(p) ? ' par habitant' : ''}`);
  row.err.textContent = '';
  row.input.removeAttribute('aria-invalid');
  refreshStatus(p);
}

/** A policy's slider and number, kept in step: {li, range, input, err}. */
function policyRow(p, policy, i) {
  const id = `game-${policy.code}`;
  const max = hab(p) ? G.MAX_PER_INHABITANT : G.TOTAL_EUROS;
  const range = h('input', {type: 'range', id: `${id}-range`, min: '0', max: hab(p) ? '2000' : '1000', step: '1', value: String(p.guess[i]),
    'aria-labelledby': `${id}-label`, 'aria-describedby': `${id}-hint`, 'data-testid': `game-range-${policy.code}`, class: 'game-range'});
  const input = h('input', {type: 'text', inputmode: 'numeric', id: `${id}-input`, value: String(p.guess[i]), size: '5', maxlength: '5',
    autocomplete: 'off', 'aria-describedby': `${id}-hint ${id}-err`, 'data-testid': `game-input-${policy.code}`, class: 'game-input'});
  const err = h('p', {class: 'field-error', id: `${id}-err`, 'data-testid': `game-err-${policy.code}`});
  range.addEventListener('input', () => setGuess(p, i, Number(range.value), 'range'));
  input.addEventListener('input', () => {
    const a = parseAmount(input.value, max);
    if (a.empty) { p.guess[i] = 0; range.value = '0'; refreshStatus(p); return; }
    if (a.error) {
      err.textContent = a.error;
      input.setAttribute('aria-invalid', 'true');
      return;
    }
    setGuess(p, i, a.value, 'input');
  });
  input.addEventListener('blur', () => {
    if (input.getAttribute('aria-invalid') === 'true' || input.value.trim() === '') setGuess(p, i, p.guess[i], 'blur');
  });
  const li = h('li', {class: 'game-policy', 'data-testid': `game-policy-${policy.code}`},
    h('div', {class: 'game-policy-head'},
      h('label', {for: `${id}-input`, id: `${id}-label`, class: 'game-policy-label'}, policy.label),
      policy.hint ? h('span', {class: 'hint', id: `${id}-hint`}, policy.hint) : h('span', {id: `${id}-hint`})),
    h('div', {class: 'game-policy-controls'}, range,
      h('span', {class: 'game-amount'}, input, h('span', {'aria-hidden': 'true'}, hab(p) ? ' €/hab.' : ' €'))),
    err);
  return {li, range, input, err};
}

/** The 1,000 € split, or the € per inhabitant guess: a slider and a number per policy. */
function playGuess(p) {
  const {g} = p;
  const kind = kindWord(g.info);
  p.statusEl = h('p', {class: 'game-remaining', id: 'game-remaining', 'data-testid': 'game-remaining', 'aria-hidden': 'false'});
  p.liveEl = h('p', {class: 'visually-hidden', role: 'status', 'aria-live': 'polite', 'data-testid': 'game-remaining-live'});
  p.meterFill = hab(p) ? null : h('span', {class: 'game-meter-fill'});
  p.revealError = h('p', {class: 'game-reveal-error', role: 'alert', 'data-testid': 'game-sum-error'});
  p.rows = g.policies.map((policy, i) => policyRow(p, policy, i));
  const question = hab(p)
    ? h('p', {class: 'game-question'}, `Chaque année, combien ${kind} dépense-t-elle par habitant pour chaque politique (${G.SECTIONS[g.setup.section]}) ? `,
      'Écris ton estimation en euros par habitant : il n\'y a pas de total imposé.')
    : h('p', {class: 'game-question'}, `Sur 1 000 € dépensés par ${kind} (${G.SECTIONS[g.setup.section]}), combien vont à chaque politique ? `,
      'Répartis les 1 000 € avec les curseurs ou en tapant les montants : le total doit faire exactement 1 000 €.');
  replace(p.body,
    question,
    h('div', {class: 'game-status-bar'}, p.statusEl, p.meterFill ? h('span', {class: 'game-meter', 'aria-hidden': 'true'}, p.meterFill) : null, p.liveEl),
    h('ol', {class: 'game-policies'}, p.rows.map((r) => r.li)),
    p.revealError,
    h('div', {class: 'game-actions'},
      h('button', {type: 'button', class: 'btn btn-primary', 'data-testid': 'game-reveal', onclick: () => reveal(p)}, 'Voir la réponse'),
      h('button', {type: 'button', class: 'btn btn-secondary', 'data-testid': 'game-reset', onclick: () => {
        p.guess.forEach((_, i) => setGuess(p, i, 0, ''));
      }}, 'Tout remettre à zéro'),
      p.ctx.projector.button()));
  refreshStatus(p);
  p.liveEl.textContent = '';
}

/** The answer: its code in the address, which shows the reveal. */
function answer(p, values) {
  const nonce = crypto.getRandomValues(new Uint16Array(1))[0] & 0x3ff;
  const code = G.encodeAnswer(p.g.setup, values, nonce);
  p.ctx.navigate({view: 'game', sub: '', params: {...G.setupParams(p.g.setup), reponse: code}});
}

function reveal(p) {
  const refusal = revealRefusal(p.g.setup.mode, p.guess);
  if (refusal) {
    p.revealError.textContent = refusal;
    return;
  }
  answer(p, p.guess);
}

/** The duel: two unnamed 1,000 € splits, A and B; which one is ours? */
function playDuel(p) {
  const {g} = p;
  const [a, b] = duelSides(g);
  const question = `Laquelle de ces deux répartitions est celle ${nameOf(g.info)} ?`;
  const choice = (side) => h('button', {type: 'button', class: 'btn btn-primary game-duel-choice', 'data-testid': `game-duel-${side.letter}`,
    onclick: () => answer(p, [side.letter === 'A' ? 0 : 1])}, `C'est la ${side.letter}`);
  const boxes = [a, b].map((side) => ({side, box: h('div', {class: 'chart-box', 'data-testid': `game-duel-chart-${side.letter}`})}));
  replace(p.body,
    h('p', {class: 'game-question'}, `Voici comment deux collectivités répartissent 1 000 € de dépenses (${G.SECTIONS[g.setup.section]}) : `,
      `l'une est ${nameThe(g.info)} (${(g.info.kindLabel || '').toLowerCase() || kindWord(g.info)}), l'autre ${nameThe(g.other.info)} (${(g.other.info.kindLabel || '').toLowerCase() || kindWord(g.other.info)}). `,
      h('strong', null, question)),
    h('p', {class: 'hint'}, 'Indice : qui fait quoi ? Les communes, les départements, les régions et les intercommunalités n\'ont pas les mêmes missions.'),
    h('div', {class: 'game-duel'}, boxes.map(({side, box}) => h('figure', {class: 'chart game-duel-side', 'data-testid': `game-duel-side-${side.letter}`},
      h('figcaption', {class: 'game-duel-letter'}, `Répartition ${side.letter}`), box))),
    h('div', {class: 'game-actions game-duel-actions', role: 'group', 'aria-label': question}, choice(a), choice(b), p.ctx.projector.button()));
  // One scale for both: a bar of the same length is the same amount.
  const scaleMax = Math.max(...[a, b].flatMap((side) => side.policies.map((x) => x.real)));
  for (const {side, box} of boxes) {
    p.charts.push(mountChart(box, (w, f) => barsChart(side.policies.map((x) => ({code: x.code, label: x.label, real: x.real})), w, f,
      [{key: 'real', fmt: (v) => fmtCents(v)}], scaleMax)));
  }
}
