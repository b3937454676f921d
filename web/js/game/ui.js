// Small pieces of the game's pages, shared by the teacher's and the pupil's
// (DOM): titles and subtitles, the QR code figure, the copy button's text,
// notes, error boxes, the worksheet's blanks, the projector button.

import {h} from '../dom.js';
import * as qr from '../qr.js';
import * as G from '../gamecore.js';
import {DOCUMENTS} from '../splitview.js';
import {setProjector} from './charts.js';

/** "compte administratif 2023" */
export function docOf(report) {
  const d = DOCUMENTS[report.document] || report.document || 'comptes';
  return `${d} ${report.year}`;
}

/** "Montreuil (commune) — compte administratif 2023 — fonctionnement + investissement" */
export function gameSubtitle(g) {
  const who = (info) => `${info.name}${info.kindLabel ? ` (${info.kindLabel.toLowerCase()})` : ''}`;
  const what = `dépenses de ${G.SECTIONS[g.setup.section]}`;
  if (g.other) {
    const docs = g.other.year === g.setup.year ? docOf(g.report) : `${docOf(g.report)} et ${docOf(g.other.report)}`;
    return `${who(g.info)} ou ${who(g.other.info)} ? — ${docs} — ${what}`;
  }
  return `${who(g.info)} — ${docOf(g.report)} — ${what}${g.setup.mode === 'hab' ? ', en € par habitant' : ''}`;
}

/** This page's address with a hash (a pupil's page: where the pupil is). */
export function absolute(hash) {
  return `${location.origin}${location.pathname}${hash}`;
}

/** The warning under a link built on 127.0.0.1 / localhost, or null. */
export function localWarning(where) {
  if (!where.local) return null;
  const host = location.host;
  if (!where.lan.length) {
    return h('div', {class: 'notice notice-warn', role: 'note', 'data-testid': 'game-local-warning'},
      h('p', null, h('strong', null, `Attention : l'adresse ${host} ne fonctionne que sur cet ordinateur. `),
        'Les tablettes et les téléphones des élèves ne pourront pas ouvrir ce lien ni ce QR code.'),
      h('p', null, 'Pour jouer en classe, lancez l\'application avec ', h('code', null, 'jeu1000 serve -addr 0.0.0.0:8080'),
        ' et ouvrez l\'adresse du réseau qu\'elle affiche (par exemple http://192.168.1.10:8080/), ou utilisez le site publié en ligne.'));
  }
  const others = where.lan.slice(1);
  return h('div', {class: 'notice notice-info', role: 'note', 'data-testid': 'game-local-warning'},
    h('p', null, h('strong', null, `L'adresse ${host} ne fonctionne que sur cet ordinateur. `),
      'Le lien et le QR code ci-dessous donnent aux élèves l\'adresse de cet ordinateur sur le réseau de la classe : ',
      h('a', {href: where.base, 'data-testid': 'game-lan-link'}, where.lan[0]), '.'),
    others.length ? h('p', {class: 'hint'}, `Autres adresses de cet ordinateur : ${others.join(', ')}.`) : null);
}

/** A QR code of text, as a figure (data-text: the text), or a hint when the text does not fit. */
export function qrFigure(text, {caption, testid, title}) {
  let svg;
  try {
    svg = qr.toSVG(qr.encode(text), {title: title || 'QR code', className: 'qr'});
  } catch (e) {
    return h('p', {class: 'hint'}, e.message);
  }
  return h('figure', {class: 'qr-figure', 'data-testid': testid, 'data-text': text}, svg, caption ? h('figcaption', {class: 'hint'}, caption) : null);
}

/** Copies text to the clipboard and says so in statusEl. */
export async function copyText(text, statusEl) {
  try {
    await navigator.clipboard.writeText(text);
    statusEl.textContent = 'Copié.';
  } catch {
    statusEl.textContent = 'La copie automatique n\'est pas permise ici : sélectionnez le texte et copiez-le.';
  }
}

/** Aggregated figures (OFGL) group policies their own way: the source's note says how. */
export function aggregatedNote(g) {
  const note = g.report.detail === 'aggregated' && g.report.provenance && g.report.provenance.note;
  return note ? h('p', {class: 'notice notice-info', 'data-testid': 'game-aggregated-note'}, h('strong', null, 'Chiffres agrégés. '), note) : null;
}

/** A page of the game that cannot be shown, and the way back to the set-up. */
export function errorBox(message, testid = 'game-error') {
  return h('div', {class: 'notice notice-warn', role: 'alert', 'data-testid': testid}, h('p', null, message),
    h('p', null, h('a', {href: '#/jeu'}, 'Préparer une autre partie')));
}

/** A box to fill in on the printed worksheet. */
export const blank = (label = 'à remplir') => h('span', {class: 'sheet-box', 'aria-label': label});

/** The game grades a guess, not a budget. */
export function neutralNote() {
  return h('p', null, h('strong', null, 'À savoir : '), 'le jeu note une estimation, pas le budget : il n\'y a pas de bonne ou de mauvaise façon de dépenser. Les écarts sont une occasion de parler de qui fait quoi (commune, intercommunalité, département, région, État).');
}

/**
 * The projector mode of the game's pages (large type, high contrast): one
 * per view, its button on every page, off when the game is left.
 */
export function projectorMode() {
  let on = false;
  return {
    button: () => h('button', {type: 'button', class: 'btn btn-secondary game-projector-toggle', 'aria-pressed': on ? 'true' : 'false',
      'data-testid': 'game-projector', onclick: (e) => {
        on = !on;
        setProjector(on);
        e.currentTarget.setAttribute('aria-pressed', on ? 'true' : 'false');
      }}, 'Mode projecteur'),
    off() {
      if (on) { on = false; setProjector(false); }
    },
  };
}
