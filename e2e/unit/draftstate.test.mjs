// Unit tests of web/js/draft/state.js (node --test): the draft, stored and
// restored, and the words the view says about it.
import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {announcement, departementName, emptyText, filePopulation, fileRequest, fileStatusKey, fileSummary, foldName, frozen, newDraft, populationOrigin,
  refFileSummary, refPhrase, reportName, restoreDraft, restoredMessage, resultNotes, savedMessage, sourceText, storedForm} from '../../web/js/draft/state.js';

const NN = '\u202f';

describe('stored and restored', () => {
  it('nothing stored: a new draft from a file, no reference', () => {
    const st = restoreDraft(null);
    assert.deepEqual(st, newDraft());
    assert.equal(st.source, 'file');
    assert.equal(st.ref.kind, 'none');
  });
  it('a stored draft comes back as it was', () => {
    const st = newDraft();
    st.source = 'grid';
    st.grid.values = {'2': {F: '10'}};
    st.ref = {kind: 'authority', file: null, authority: {key: 'commune:93048', name: 'Montreuil'}};
    const back = restoreDraft(JSON.parse(JSON.stringify(storedForm(st))));
    assert.deepEqual(back, st);
  });
  it('an unknown source reads as a file; a reference without kind as none', () => {
    const st = restoreDraft({source: 'x', ref: {authority: null}});
    assert.equal(st.source, 'file');
    assert.equal(st.ref.kind, 'none');
  });
  for (const [res, want] of [[{ok: false}, /n'a pas pu être enregistré/], [{ok: true, level: 'full'}, /^Brouillon enregistré sur cet appareil à 14:05\.$/],
    [{ok: true, level: 'reports'}, /seul son résultat/], [{ok: true, level: 'grid'}, /^Saisie enregistrée à 14:05/]]) {
    it(`savedMessage ${JSON.stringify(res)}`, () => assert.match(savedMessage(res, '14:05'), want));
  }
  it('restoredMessage', () => {
    assert.equal(restoredMessage(null, ''), 'Aucun brouillon enregistré sur cet appareil.');
    assert.equal(restoredMessage({}, '07/12/2026 01:00'), 'Brouillon retrouvé sur cet appareil (enregistré le 07/12/2026 01:00).');
    assert.equal(restoredMessage({}, ''), 'Brouillon retrouvé sur cet appareil.');
  });
});

describe('the population a file does not give', () => {
  const file = (over) => ({name: 'f.csv', ownPopulation: 0, population: null, ...over});
  it('none chosen: the file\'s own', () => {
    assert.equal(filePopulation(file()), 0);
    assert.equal(populationOrigin(file()), '');
    assert.deepEqual(fileRequest(file(), {grid: 'native'}), {grid: 'native'});
  });
  it('the file gives one: what the user chose is not sent', () => {
    assert.equal(filePopulation(file({ownPopulation: 3446, population: {n: 10, origin: 'user'}})), 0);
  });
  it('INSEE or typed: sent, and said where it comes from', () => {
    const insee = file({population: {n: 158198, origin: 'insee', year: 2021, name: 'Grenoble'}});
    assert.deepEqual(fileRequest(insee, {grid: 'native'}), {grid: 'native', population: 158198});
    assert.equal(populationOrigin(insee), `population : 158${NN}198 habitants, INSEE 2021 pour Grenoble (données intégrées)`);
    assert.equal(populationOrigin(file({population: {n: 100000, origin: 'user'}})), `population : 100${NN}000 habitants, indiquée par vous`);
  });
  it('a stored report is frozen for another request', () => {
    assert.equal(frozen({request: {grid: 'native'}}, {grid: 'native'}), false);
    assert.equal(frozen({request: {grid: 'native'}}, {grid: 'six'}), true);
  });
});

describe('words', () => {
  it('a budget annexe is titled with its own name', () => {
    assert.equal(reportName({authority: {name: 'CRACH'}, annex: true, budget: 'LOTISSEMENT LE BOCENO'}), 'CRACH — budget annexe « LOTISSEMENT LE BOCENO »');
    assert.equal(reportName({authority: {name: 'CRACH'}, budget: 'BUDGET PRINCIPAL'}), 'CRACH');
    assert.equal(reportName({annex: true}), 'budget annexe');
    assert.equal(reportName({}), '');
  });
  for (const [doc, year, want] of [['CA', 2022, 'au CA 2022'], ['DM', 2021, 'à la DM 2021'], ['BAL', 2019, 'à la balance 2019'],
    ['PROJET', 0, 'au projet'], ['CFU', 2023, 'au CFU 2023'], ['AGG', 2024, 'à la référence']]) {
    it(`refPhrase ${doc} ${year}`, () => assert.equal(refPhrase({document: doc, year}), want));
  }
  it('file summaries', () => {
    assert.deepEqual(fileSummary({name: 'a.xml', size: 3_900_000, report: {authority: {name: 'VILLE'}, document: 'CA', year: 2023}}),
      {size: ` (3${NN}809 Ko)`, what: ' — VILLE, CA, 2023'});
    assert.deepEqual(fileSummary({name: 'a.xml', size: 0, report: null}), {size: '', what: ''});
    assert.equal(refFileSummary({name: 'CA_2022.xml', report: {document: 'CA', year: 2022}}), 'Référence : « CA_2022.xml » — CA 2022');
    assert.equal(refFileSummary(null), '');
  });
  for (const [name, want] of [['DEPARTEMENT DU MORBIHAN 56', 'MORBIHAN'], ['Département de la Gironde', 'Gironde'],
    ['Département de l\'Hérault (34)', 'Hérault'], ['Département d\'Ille-et-Vilaine', 'Ille-et-Vilaine'],
    ['DEPARTEMENT DE LA CORSE DU SUD 2A', 'CORSE DU SUD'], ['DEPARTEMENT DES HAUTS DE SEINE', 'HAUTS DE SEINE'],
    ['CRACH', ''], ['Département', ''], ['DEPARTEMENT 56', ''], [undefined, '']]) {
    it(`departementName ${JSON.stringify(name)}`, () => assert.equal(departementName(name), want));
  }
  it('foldName', () => {
    assert.equal(foldName('Côtes-d\'Armor'), foldName('COTES D ARMOR'));
    assert.equal(foldName(' Hauts-de-Seine '), 'HAUTS DE SEINE');
  });
  it('the status line\'s key changes with the year shown, not with the section', () => {
    const f = (report) => ({name: 'M52-92.csv', size: 900_000, bytes: new Uint8Array(1), report});
    const y2016 = f({authority: {name: 'HAUTS-DE-SEINE'}, document: 'CA', year: 2016, method: 'function', section: 'all'});
    const y2016I = f({authority: {name: 'HAUTS-DE-SEINE'}, document: 'CA', year: 2016, method: 'function', section: 'I'});
    const y2012 = f({authority: {name: 'HAUTS-DE-SEINE'}, document: 'CA', year: 2012, method: 'function', section: 'all'});
    assert.equal(fileStatusKey(y2016), fileStatusKey(y2016I));
    assert.notEqual(fileStatusKey(y2016), fileStatusKey(y2012));
    assert.notEqual(fileStatusKey(y2016), fileStatusKey({...y2016, bytes: null}));
    assert.equal(fileStatusKey(null), '');
  });
  it('source, empty result, notes, announcement', () => {
    const st = newDraft();
    assert.match(sourceText(st), /^votre saisie/);
    st.file = {name: 'x.csv', ownPopulation: 0, population: {n: 5, origin: 'user'}};
    assert.equal(sourceText(st), 'votre fichier « x.csv », lu dans ce navigateur (rien n\'est envoyé) ; population : 5 habitants, indiquée par vous');
    assert.match(emptyText('file'), /Choisissez ou déposez un fichier/);
    assert.match(emptyText('grid'), /Saisissez au moins un montant/);
    assert.deepEqual(resultNotes({}), []);
    assert.equal(resultNotes({note: 'a', isFrozen: true}).length, 2);
    assert.equal(announcement({total: '1234.50'}, {phrase: 'au CA 2022'}), `Brouillon recalculé : dépenses comptées 1${NN}234,50\u00a0€, comparé au CA 2022.`);
    assert.equal(announcement({total: '1.00'}, null), 'Brouillon recalculé : dépenses comptées 1,00\u00a0€.');
  });
});
