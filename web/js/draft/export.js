// The draft back out (issue 17): the lines it counts, under the rules on
// screen, as the template CSV or an XLSX workbook to edit in a spreadsheet
// and drop here again (the core writes them: exportDraft). Nothing leaves
// the browser.

import {download, h} from '../dom.js';
import {call} from '../engine.js';

/** base64 → Uint8Array. */
function bytesOf(b64) {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/**
 * The export buttons: source() returns {name, bytes, request} of the draft
 * as split on screen, or null when it cannot be exported (a file too big to
 * keep).
 */
export function draftExport(source) {
  const status = h('span', {class: 'hint', role: 'status', 'data-testid': 'draft-backout-status'});
  const button = (format, label) => h('button', {type: 'button', class: 'btn btn-secondary', 'data-testid': `draft-backout-${format}`,
    onclick: async () => {
      const src = source();
      if (!src || !src.bytes) {
        status.textContent = ' Rechargez le fichier pour l\'exporter (trop volumineux pour être gardé).';
        return;
      }
      status.textContent = ' Préparation…';
      try {
        const r = await call('exportDraft', src.name, src.bytes, {...src.request, format});
        download(r.name, new Blob([bytesOf(r.data)], {type: r.type}));
        status.textContent = ` « ${r.name} » enregistré.`;
      } catch (e) {
        status.textContent = ` Export impossible : ${e.message || e}`;
      }
    }}, label);
  return h('div', {class: 'draft-export', 'data-testid': 'draft-backout'},
    h('p', null, 'Reprendre ce brouillon dans un tableur (les lignes comptées, modifiables puis à redéposer ici) :'),
    h('div', {class: 'exports'}, button('csv', 'Modèle CSV'), button('xlsx', 'Classeur XLSX'), status));
}
