// The page of an authority without figures: the reason the core gives for
// it (its kind, its size, what the dataset has) and ways on that have
// figures (checked by the core), never a chain of empty pages; and always
// the way of a file of its own.

import {h} from './dom.js';
import {nameThe} from './labels.js';

/**
 * The content of the no-data notice. nd: the core's noData(key) answer
 * ({title, reason, waysOn}), or null when the core could not give it;
 * onFile: opens the draft view for this authority.
 */
export function noDataContent(info, nd, onFile) {
  const ways = (nd && nd.waysOn) || [];
  return [
    h('p', {'data-testid': 'citizen-nodata-title'}, h('strong', null, nd ? `${nd.title}.` : `Pas de chiffres pour ${nameThe(info)} sur ce site.`)),
    nd ? h('p', {'data-testid': 'citizen-nodata-reason'}, nd.reason) : null,
    ways.length
      ? h('div', {class: 'ways-on', 'data-testid': 'citizen-ways-on'},
        h('p', null, 'Ces collectivités proches ont des chiffres :'),
        h('ul', null, ways.map((w) => h('li', null,
          h('a', {href: `#/collectivite/${w.key}`, 'data-testid': 'citizen-way-on', 'data-key': w.key}, w.name),
          h('span', {class: 'hint'}, ` — ${w.relation}`)))))
      : null,
    h('p', null, ways.length ? 'Ou bien, si vous avez un document budgétaire de cette collectivité : ' : 'Si vous avez un document budgétaire de cette collectivité : ',
      h('button', {type: 'button', class: 'btn btn-primary', id: 'citizen-load-file', 'data-testid': 'citizen-load-file',
        onclick: () => onFile(info)}, 'Analyser un fichier de cette collectivité')),
    h('p', {class: 'hint'}, 'Le fichier est lu dans votre navigateur : il n\'est envoyé nulle part.'),
  ];
}
