// Unit tests of a split's result model without the DOM
// (web/js/resultmodel.js), under Node's test runner: `make test-node`.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as M from '../../web/js/resultmodel.js';

const report = {
  authority: { name: 'Montreuil' }, year: 2023, document: 'CA', method: 'function', grid: 'native',
  nomenclature: 'M14', nomenclature_label: 'M14 (communes de plus de 3 500 habitants)', section: 'all',
  provenance: { source: 'CA_2023.xml', format: 'totem', plan: 'M14-M14_COM_SUP3500 2023',
    plan_label: 'M14 (communes de plus de 3 500 habitants), édition 2023', amounts: 'MtReal', voted: 'nature', rules: ['exclude-interest'] },
  parts: [
    { code: '01', label: 'Opérations non ventilables', plain: 'Dette, reversements et non ventilé', euros: '155.50', peers: [] },
    { code: '0', label: 'Services généraux', plain: 'Administration générale', euros: '273.59',
      peers: [{ kind: 'strate', group: 'Communes de 100 000 habitants et plus', median: '250.00', n: 40 }] },
    { code: '2', label: 'Enseignement - Formation', plain: 'Enseignement', euros: '570.91' },
  ],
};

describe('result model', () => {
  it('names documents and grids for people', () => {
    assert.equal(M.docShort(report), 'CA 2023');
    assert.equal(M.docLong(report), 'compte administratif 2023');
    assert.equal(M.docShort({ document: 'AGG', year: 2024 }), 'Agrégats 2024');
    assert.equal(M.gridLabel(report), 'nomenclature M14 (communes de plus de 3 500 habitants)');
    assert.equal(M.gridLabel({ grid: 'six' }), 'six groupes stables entre nomenclatures');
    assert.equal(M.isNativeGrid({}), true);
  });

  it('the provenance names the plan de comptes for people, never its code', () => {
    const t = M.provenanceText(report);
    assert.match(t, /^Source : document budgétaire TOTEM \(XML\) « CA_2023\.xml » — Montreuil, compte administratif 2023\./);
    assert.match(t, /plan de comptes M14 \(communes de plus de 3 500 habitants\), édition 2023/);
    assert.match(t, /intérêts de la dette exclus/);
    assert.doesNotMatch(t, /M14-M14_COM_SUP3500/);
    assert.match(M.provenanceText(report, { sourceOverride: 'votre saisie' }), /^Source : votre saisie — /);
  });

  it('rows: citizen labels, policies by size, the special parts last', () => {
    const rows = M.buildRows(report.parts, null, 'strate');
    assert.deepEqual(rows.map((r) => r.code), ['2', '0', '01']);
    assert.deepEqual(rows.map((r) => r.label), ['Enseignement', 'Administration générale', 'Dette, reversements et non ventilé']);
    assert.equal(rows[1].median, 25000);
    assert.equal(rows[0].median, null, 'no median is not a zero median');
    assert.equal(rows[2].muted, true);
    assert.deepEqual(M.peerGroups(report), [{ kind: 'strate', group: 'Communes de 100 000 habitants et plus', n: 40 }]);
  });

  it('rows with a reference: a part absent from the draft is a real 0, differences in cents', () => {
    const rows = M.buildRows([{ code: '0', label: 'Services généraux', plain: 'Administration générale', euros: '1000.00' }], report.parts, null);
    const byCode = Object.fromEntries(rows.map((r) => [r.code, r]));
    assert.equal(byCode['2'].value, 0);
    assert.equal(byCode['2'].ref, 57091);
    const d = M.diffText(byCode['0'], 'au CA 2023');
    assert.equal(d.d, 100000 - 27359);
    assert.match(d.long, /pour « Administration générale » par rapport au CA 2023$/);
    assert.equal(M.refPhrase({ report }), 'au CA 2023');
    assert.equal(M.refPhrase({ phrase: 'à la saisie' }), 'à la saisie');
  });

  it('a split by nature gives the core\'s reason', () => {
    assert.equal(M.natureReason({ provenance: { note: 'ventilation par nature : pas de présentation fonctionnelle' } }), 'Pas de présentation fonctionnelle');
    assert.equal(M.natureReason({}), 'Ce document ne présente pas ses dépenses par politique');
  });
});
