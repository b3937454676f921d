// Unit tests of web/js/resultcsv.js (node --test, run by make test-node): the
// CSV export of one result, its file name.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {slug, resultCSV} from '../../web/js/resultcsv.js';
import {buildRows} from '../../web/js/resultmodel.js';

test('slug: no accents, no spaces, never empty', () => {
  const cases = [
    ['Saint-Étienne-CA 2023-all', 'saint-etienne-ca-2023-all'],
    ['  Île  de  France !', 'ile-de-france'],
    ['€€€', 'jeu1000'],
    ['x'.repeat(100), 'x'.repeat(80)],
    [2023, '2023'],
  ];
  for (const [in_, want] of cases) assert.equal(slug(in_), want);
});

const report = {
  authority: {name: '=Ville'}, document: 'CA', year: 2023, section: 'all', grid: 'native',
  provenance: {publisher: 'DGFiP', licence: 'Licence Ouverte'},
  parts: [
    {code: '2', label: 'Enseignement', plain: 'Écoles', euros: '600.00', amount: '-1200.50', fonctionnement: '1000.00', investissement: '200.50', per_inhabitant: '12.00'},
    {code: '8', label: 'Aménagement', euros: '400.00', amount: '800.00', fonctionnement: '800.00', investissement: '0.00'},
  ],
};

test('resultCSV: BOM, titles, one line a part with its provenance, CRLF', () => {
  const text = resultCSV(report, buildRows(report.parts, null, null), null);
  assert.ok(text.startsWith('\ufeff'));
  assert.ok(text.endsWith('\r\n'));
  const lines = text.slice(1).split('\r\n').slice(0, -1);
  assert.equal(lines.length, 5);
  assert.match(lines[0], /^# =Ville — CA 2023 — fonctionnement \+ investissement$/);
  assert.match(lines[1], /^"# Source : DGFiP — =Ville, compte administratif 2023\. /, "quoted: it holds the separator");
  assert.ok(lines[2].startsWith('code;politique;pour 1000 €'), lines[2]);
  assert.ok(!lines[2].includes('référence'), 'no reference columns without a reference');
  const two = lines.find((l) => l.startsWith('2;'));
  assert.ok(two.includes(';Écoles;'), two);
  assert.ok(two.includes("'=Ville"), 'the authority cell is neutralised');
  assert.ok(two.endsWith(';Enseignement'), 'the official label on a native grid');
});

test('resultCSV: a reference adds its columns and a 0 for a part absent from the draft', () => {
  const draft = {...report, authority: null, parts: [report.parts[0]]};
  const ref = {report: {...report, document: 'BP'}};
  const text = resultCSV(draft, buildRows(draft.parts, ref.report.parts, null), ref);
  const lines = text.slice(1).split('\r\n');
  assert.match(lines[0], /^# Brouillon/);
  assert.ok(lines[2].includes('référence BP 2023 pour 1000 €;écart pour 1000 €'), lines[2]);
  const eight = lines.find((l) => l.startsWith('8;'));
  assert.ok(eight, 'the reference\'s part is a line');
  assert.equal(eight.split(';')[2], '0,00', 'absent from the draft: a real zero');
});
