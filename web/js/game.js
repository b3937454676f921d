// « Le jeu » : the classroom game. Four pages under #/jeu:
//   #/jeu                      the teacher's set-up (nothing chosen yet)
//   #/jeu/preparer?c=…         the set-up, with the link and QR code for pupils
//   #/jeu?c=…&annee=…          a pupil plays; &reponse=CODE shows the reveal
//   #/jeu/classe?c=…           the class results (codes pasted, typed or scanned)
//   #/jeu/fiche?c=…            a printable worksheet and its answer key
// Set-up parameters: c, annee, section (all|F|I), grille (six|common), nv=1.
// Nothing leaves the page: pupils' answers travel as codes; the class
// results are kept in the teacher's localStorage only (« jeu1000:classe:v1 »).
//
// This module only chooses the page; each page is a module of game/:
// setup.js, play.js (and reveal.js), classview.js, sheet.js. Their rules
// without the DOM are in game/state.js and gamecore.js, the engine's
// figures in game/data.js, the charts in game/charts.js.

import {$, replace} from './dom.js';
import * as G from './gamecore.js';
import {setupPage} from './game/setup.js';
import {pupilPage} from './game/play.js';
import {classPage} from './game/classview.js';
import {sheetPage} from './game/sheet.js';
import {projectorMode} from './game/ui.js';

const PAGES = {setup: setupPage, pupil: pupilPage, class: classPage, sheet: sheetPage};

/** Which page of the game a route shows. */
function kindOf(state) {
  if (state.sub === 'classe') return 'class';
  if (state.sub === 'fiche') return 'sheet';
  if (state.sub === 'preparer' || !G.setupOf(state.params)) return 'setup';
  return 'pupil';
}

/**
 * A pupil guessing sees no way to the figures (the site's tabs, the home
 * link): only the game, until the reveal. Returns set(on).
 */
function pupilMode() {
  const brand = $('brand-link');
  const brandHref = brand ? brand.getAttribute('href') : null;
  return (on) => {
    document.body.classList.toggle('game-pupil-mode', on);
    if (brand && brandHref) {
      if (on) brand.removeAttribute('href');
      else brand.setAttribute('href', brandHref);
    }
  };
}

/** The game's view: {show(state, info), hide()}; navigate(state, {replace}) changes the address. */
export function initGame({navigate}) {
  // intro: the set-up's text, in index.html (see setup.js); taken before any page replaces the root.
  const ctx = {root: $('game-root'), title: $('game-title'), intro: $('game-intro'), navigate, projector: projectorMode()};
  const setPupilMode = pupilMode();
  let page = null; // {kind, update(state), destroy()}

  function show(state, info = {}) {
    const kind = kindOf(state);
    setPupilMode(kind === 'pupil' && !state.params.reponse);
    if (!page || page.kind !== kind) {
      const had = Boolean(page);
      if (page && page.destroy) page.destroy();
      replace(ctx.root);
      page = {...PAGES[kind](ctx), kind};
      // A new page of the game: the focus goes to its heading.
      if (had && !info.initial) { ctx.title.focus(); window.scrollTo(0, 0); }
    }
    page.update(state);
    // The page is built: boot.js's guess of it (<html data-boot>) is no longer needed.
    delete document.documentElement.dataset.boot;
  }

  /** Leaving the game: projector mode and pupil mode are the game's only. */
  function hide() {
    setPupilMode(false);
    ctx.projector.off();
  }

  return {show, hide};
}
