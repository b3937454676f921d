// The template CSV for hand-made drafts, offered for download under the
// draft's file input and explained there: the file, its columns, its
// description lines and how it is read all come from the core's definition
// (call('template')), never from a copy kept in the page.

import {h, replace, download} from '../dom.js';
import {call} from '../engine.js';

/** The explanation of the template, drawn from its definition. */
export function renderTemplate(box, tpl) {
  const columns = h('table', {class: 'template-columns', 'data-testid': 'draft-template-columns'},
    h('caption', null, 'Les colonnes'),
    h('thead', null, h('tr', null,
      h('th', {scope: 'col'}, 'Colonne'), h('th', {scope: 'col'}, 'Obligatoire'), h('th', {scope: 'col'}, 'Contenu'))),
    h('tbody', null, ...tpl.columns.map((c) => h('tr', {'data-testid': `draft-template-column-${c.name}`},
      h('th', {scope: 'row'}, h('code', null, c.name),
        c.names.length > 1 ? h('span', {class: 'td-sub'}, `ou ${c.names.slice(1).join(', ')}`) : null),
      h('td', null, c.required ? 'oui' : 'non'),
      h('td', null, c.help)))));
  replace(box,
    h('p', null, 'Pas encore de fichier budgétaire ? Tapez vos montants dans un tableur, enregistrez-les en CSV et déposez le fichier ici : il est lu dans ce navigateur, comme les autres.'),
    h('p', null, h('button', {type: 'button', class: 'btn btn-secondary', 'data-testid': 'draft-template-download',
      onclick: () => download(tpl.file_name, new Blob([tpl.example], {type: 'text/csv;charset=utf-8'}))},
    `Télécharger le modèle (${tpl.file_name})`)),
    h('div', {class: 'table-wrap'}, columns),
    h('h3', null, 'Les lignes de description (facultatives)'),
    h('p', null, 'Avant la ligne des colonnes, des lignes « # clé : valeur » décrivent le budget :'),
    h('ul', {'data-testid': 'draft-template-keys'}, ...tpl.keys.map((k) => h('li', null,
      h('code', null, `# ${k.key}: ${k.example}`), ` — ${k.help}`))),
    h('h3', null, 'Comment le fichier est lu'),
    h('ul', null, ...tpl.rules.map((r) => h('li', null, r))),
    h('details', null, h('summary', null, 'Voir le modèle'),
      h('pre', {class: 'template-example', 'data-testid': 'draft-template-example'}, tpl.example)));
}

/** Fills the template's explanation the first time its box is opened. */
export function wireTemplate(details, box) {
  let asked = false;
  details.addEventListener('toggle', async () => {
    if (!details.open || asked) return;
    asked = true;
    replace(box, h('p', {class: 'hint'}, 'Chargement du modèle…'));
    try {
      renderTemplate(box, await call('template'));
    } catch (e) {
      asked = false;
      replace(box, h('p', {class: 'hint'}, `Modèle indisponible : ${e.message || e}`));
    }
  });
}
