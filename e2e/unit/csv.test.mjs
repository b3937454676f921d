// Unit tests of web/js/csv.js (node --test, run by make test-node).
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {csvCell, csvLine} from '../../web/js/csv.js';

// Issue 14.4: the export only quoted cells; a name starting with =, +, -,
// @, tab or CR reached a spreadsheet as a formula.
test('cells a spreadsheet would run as formulas are neutralised (OWASP)', () => {
  const cases = [
    ['=HYPERLINK("http://evil.example/?x","clic")', `"'=HYPERLINK(""http://evil.example/?x"",""clic"")"`],
    ['=1+1', "'=1+1"],
    ['+33 1 23', "'+33 1 23"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['\t=1', "'\t=1"],
    ['\r=1', `"'\r=1"`],
    ['-', "'-"],
    ['-1 234,5', "'-1 234,5"], // not a plain number: spaces
    ['+1e5', "'+1e5"],
    ['=', "'="],
  ];
  for (const [input, want] of cases) assert.equal(csvCell(input), want, JSON.stringify(input));
});

test('numbers, text and empty cells are kept', () => {
  const cases = [
    ['-12,50', '-12,50'], ['+3', '+3'], ['1000', '1000'], ['0,00', '0,00'],
    ['Montreuil', 'Montreuil'], ['Saint-Denis', 'Saint-Denis'], ['', ''], [null, ''], [undefined, ''], [12.5, '12.5'], [-3, '-3'],
    ['a;b', '"a;b"'], ['dit "non"', '"dit ""non"""'], ['deux\nlignes', '"deux\nlignes"'], ['# titre ; suite', '"# titre ; suite"'],
  ];
  for (const [input, want] of cases) assert.equal(csvCell(input), want, JSON.stringify(input));
});

test('a line joins neutralised cells with ;', () => {
  assert.equal(csvLine(['212', '=cmd|calc', '-5,00', '@x']), "212;'=cmd|calc;-5,00;'@x");
});
