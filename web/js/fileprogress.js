// A big file chosen by the user, read by the core's worker (engine.openFile)
// with a progress bar and a cancel button: the bytes read, then the lines
// being analysed. The page answers all the while (nothing of the file is
// worked on its thread). Used by the draft view's file input.

import {openFile} from './engine.js';
import {h} from './dom.js';

/** Files from this size on get the progress bar (and their bytes are never on the page). */
export const BIG_FILE = 2 * 1024 * 1024;

const mo = (n) => `${(n / 1e6).toLocaleString('fr-FR', {maximumFractionDigits: 1})} Mo`;
const count = (n) => n.toLocaleString('fr-FR');

/**
 * Reads file in the core's worker, showing progress right after the element
 * `after` (its status line, which gets the phase changes). Resolves with
 * {file: a WorkerFile for splitFile, done()}: the progress goes on through
 * the splits made before done() (the first one analyses the file); rejects
 * with an Error named 'AbortError' when the user cancels.
 */
export async function readWithProgress(file, after) {
  const ctrl = new AbortController();
  const bar = h('progress', {max: '100', value: '0', 'data-testid': 'file-progress-bar', 'aria-label': `Lecture de « ${file.name} »`});
  const text = h('span', {class: 'file-progress-text', 'data-testid': 'file-progress-text'});
  const cancel = h('button', {type: 'button', class: 'btn btn-secondary', 'data-testid': 'file-progress-cancel'}, 'Annuler');
  const box = h('div', {class: 'file-progress', 'data-testid': 'file-progress'}, bar, text, cancel);
  text.textContent = `0 Mo sur ${mo(file.size)} lus`;
  cancel.addEventListener('click', () => ctrl.abort());
  after.after(box);
  after.textContent = `Lecture de « ${file.name} » (${mo(file.size)})…`;
  let phase = 'read';
  const onProgress = (p) => {
    if (p.phase === 'read') {
      bar.value = p.total ? Math.round((100 * p.loaded) / p.total) : 0;
      text.textContent = `${mo(p.loaded)} sur ${mo(p.total)} lus — ${count(p.lines)} lignes`;
    } else if (p.phase === 'parse' && phase !== 'parse') {
      phase = 'parse';
      bar.removeAttribute('value'); // no measure of the analysis: an indeterminate bar
      bar.setAttribute('aria-label', `Analyse de « ${file.name} »`);
      text.textContent = `Analyse de ${count(p.lines)} lignes…`;
      after.textContent = `Analyse de « ${file.name} » (${count(p.lines)} lignes)…`;
    }
  };
  const done = () => box.remove();
  try {
    const f = await openFile(file, {onProgress, signal: ctrl.signal});
    f.watch = {onProgress, signal: ctrl.signal};
    return {file: f, done: () => { f.watch = null; done(); }};
  } catch (e) {
    done();
    throw e;
  }
}
