// Unit tests of web/js/draft/grid.js (node --test): the draft's typed grid.
import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {CODES, addExtra, clearValues, codesOf, emptyGrid, gridCSV, gridOfReport, gridTotals, isExtra, parseExtraCode,
  removeExtra, restoreGrid, setValue, takesIntoGrid, totalsText} from '../../web/js/draft/grid.js';

const NN = '\u202f';
const grid = (nomenclature, extra = [], values = {}) => ({meta: {name: '', year: '2025', nomenclature, population: ''}, values, extra});

describe('codesOf', () => {
  it('M57: level-1 codes, 01 last', () => assert.deepEqual(codesOf(grid('M57')), CODES.M57));
  it('detailed codes under their level-1 code, 01x after 01', () => {
    assert.deepEqual(codesOf(grid('M57', ['4221', '212', '01', '020', '0111', '213'])),
      ['0', '020', '1', '2', '212', '213', '3', '4', '4221', '5', '6', '7', '8', '01', '0111']);
  });
  it('an unknown nomenclature is read as M57', () => assert.deepEqual(codesOf(grid('M99')), CODES.M57));
  it('M14 has a ninth domain', () => assert.ok(codesOf(grid('M14')).includes('9')));
});

describe('extra codes', () => {
  for (const [text, want] of [['212', {code: '212'}], [' 4.221 ', {code: '4221'}], ['42-21', {code: '4221'}],
    ['2', null], ['1234567', null], ['21a', null], ['', null]]) {
    it(`parseExtraCode(${JSON.stringify(text)})`, () => {
      const r = parseExtraCode(text);
      if (want) assert.deepEqual(r, want); else assert.match(r.error, /de 2 à 6 chiffres/);
    });
  }
  it('adds once, removes with its amounts', () => {
    const g = grid('M57');
    assert.equal(addExtra(g, '212'), true);
    assert.equal(addExtra(g, '212'), false);
    assert.equal(addExtra(g, '2'), false, 'a level-1 code is already there');
    assert.ok(isExtra(g, '212'));
    assert.ok(!isExtra(g, '2'));
    setValue(g, '212', 'F', '10');
    removeExtra(g, '212');
    assert.deepEqual(g.extra, []);
    assert.equal(g.values['212'], undefined);
  });
});

describe('totals and the CSV', () => {
  const g = grid('M57', ['212'], {'2': {F: '1 000,50', I: ''}, '212': {F: '200'}, '8': {I: '12a'}, '01': {F: '-0,50'}});
  it('totals in cents, bad cells counted', () => {
    assert.deepEqual(gridTotals(g), {f: 120000, i: 0, any: true, bad: 1});
    assert.equal(totalsText(g), `Total saisi : 1${NN}200,00\u00a0€ — fonctionnement 1${NN}200,00\u00a0€, investissement 0,00\u00a0€ — 1 case à corriger`);
  });
  it('the CSV holds the cells that read, in the grid\'s order', () => {
    g.meta = {name: 'Commune\nde Test', year: '2026', nomenclature: 'M57', population: '12 345'};
    assert.deepEqual(gridCSV(g), {n: 3, csv: [
      '# Brouillon saisi dans le jeu des 1 000 €', '# collectivite: Commune de Test', '# annee: 2026',
      '# nomenclature: M57', '# population: 12345', 'section;fonction;montant',
      'F;2;1000.50', 'F;212;200.00', 'F;01;-0.50', ''].join('\n')});
  });
  it('a year that is not four digits and an empty population are left out', () => {
    const h = grid('M14', [], {'9': {I: '1'}});
    h.meta.year = '25';
    assert.equal(gridCSV(h).csv, '# Brouillon saisi dans le jeu des 1 000 €\n# nomenclature: M14\nsection;fonction;montant\nI;9;1.00\n');
  });
  it('an empty grid has nothing to split', () => assert.equal(gridCSV(emptyGrid()).n, 0));
  it('clearValues keeps the description', () => {
    const h = grid('M52', ['212'], {'2': {F: '1'}});
    h.meta.name = 'X';
    clearValues(h);
    assert.deepEqual([h.values, h.extra, h.meta.name], [{}, [], 'X']);
  });
});

describe('restoreGrid', () => {
  it('completes a grid stored by an older version', () => {
    const g = restoreGrid({meta: {name: 'A'}, values: null});
    assert.equal(g.meta.name, 'A');
    assert.equal(g.meta.nomenclature, 'M57');
    assert.deepEqual([g.values, g.extra], [{}, []]);
  });
  it('nothing stored: an empty grid', () => assert.deepEqual(restoreGrid(undefined), emptyGrid()));
  it('emptyGrid is dated this year', () => assert.equal(emptyGrid(new Date('2031-05-01')).meta.year, '2031'));
});

describe('gridOfReport', () => {
  const report = {
    method: 'function', grid: 'native', level: 1, nomenclature: 'M14', year: 2023, document: 'CA', population: 112864,
    authority: {name: 'VILLE DE MONTREUIL'},
    parts: [
      {code: '2', fonctionnement: '1000.00', investissement: '0.00'},
      {code: '01', fonctionnement: '5.50', investissement: '2.00'},
      {code: 'NF', fonctionnement: '1.00', investissement: '0.00'},
      {code: '25', fonctionnement: '3.00', investissement: '0.00'},
    ],
  };
  it('takes a CA of year N as the draft of N + 1', () => {
    const g = gridOfReport(report);
    assert.deepEqual(g.meta, {name: 'VILLE DE MONTREUIL', year: '2024', nomenclature: 'M14', population: '112864'});
    assert.deepEqual(g.values, {'2': {F: `1${NN}000,00`, I: ''}, '01': {F: '5,50', I: '2,00'}, '25': {F: '3,00', I: ''}});
    assert.deepEqual(g.extra, ['25']);
  });
  it('a BP keeps its year; an unknown nomenclature becomes M57', () => {
    const g = gridOfReport({...report, document: 'BP', nomenclature: 'M4'});
    assert.equal(g.meta.year, '2023');
    assert.equal(g.meta.nomenclature, 'M57');
  });
  for (const [why, r] of [['split by nature', {...report, method: 'nature'}], ['common grid', {...report, grid: 'common'}],
    ['level 2', {...report, level: 2}], ['no report', null]]) {
    it(`refuses a report ${why}`, () => {
      assert.equal(takesIntoGrid(r), false);
      assert.equal(gridOfReport(r), null);
    });
  }
});
