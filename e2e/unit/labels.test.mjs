// Unit tests of the words of a result without the DOM (web/js/labels.js),
// under Node's test runner: `make test-node`.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { partLabel, officialText, explainedParts } from '../../web/js/labels.js';

const m14 = { nomenclature: 'M14', nomenclature_label: 'M14 (communes de plus de 3 500 habitants)', grid: 'native', method: 'function' };

describe('labels of a result', () => {
  it('a part reads its citizen label, else its label, else its code', () => {
    assert.equal(partLabel({ code: '0', label: 'Services généraux des administrations publiques locales', plain: 'Administration générale' }), 'Administration générale');
    assert.equal(partLabel({ code: '3', label: 'Culture' }), 'Culture');
    assert.equal(partLabel({ code: '77' }), '77');
    assert.equal(partLabel(null), '');
  });

  it('the disclosure names the official label, the code and the nomenclature', () => {
    const p = { code: '0', label: 'Services généraux des administrations publiques locales', plain: 'Administration générale' };
    assert.equal(officialText(p, m14),
      'Libellé officiel : « Services généraux des administrations publiques locales » — code fonction 0, nomenclature M14 (communes de plus de 3 500 habitants).');
    assert.match(officialText({ code: '3', label: 'Culture' }, m14), /^Libellé officiel identique — code fonction 3/);
  });

  it('a grid area is the site\'s grouping; chapters and accounts say so', () => {
    const six = { ...m14, grid: 'six', grid_label: 'Six groupes stables M14/M52/M57/M71' };
    assert.match(officialText({ code: 'G2', label: 'Enseignement' }, six), /^Regroupement de ce site \(Six groupes.*pas une catégorie officielle : code G2\.$/);
    // Under a grid area, children are function codes of the nomenclature.
    assert.match(officialText({ code: '21', label: 'Enseignement du premier degré' }, six, { child: true }), /code fonction 21/);
    const nature = { ...m14, method: 'nature' };
    assert.match(officialText({ code: '012', label: 'Charges de personnel et frais assimilés', plain: 'Personnel' }, nature), /chapitre 012/);
    assert.match(officialText({ code: '64111', label: 'Rémunération principale' }, nature, { child: true }), /compte 64111/);
  });

  it('parts with a note are explained once each', () => {
    const note = 'Ce que la collectivité ne rattache à aucune politique…';
    const r = { parts: [
      { code: '0', label: 'x' },
      { code: '01', label: 'Opérations non ventilables', plain: 'Dette, reversements et non ventilé', note },
      { code: 'NV', label: 'Dette, reversements et non ventilé', note },
    ] };
    assert.deepEqual(explainedParts(r).map((p) => p.code), ['01']);
    assert.deepEqual(explainedParts({}), []);
  });
});
