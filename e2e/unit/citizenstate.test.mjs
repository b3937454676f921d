// Unit tests of web/js/citizen/state.js (node --test, run by make test-node):
// the citizen view's rules without the DOM or the core.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {answerCache, withChanges, sortedYears, yearOptionLabel, shownParams, pickPeerKind, peersGo,
  selectedPart, statusText} from '../../web/js/citizen/state.js';

test('answerCache keeps answers, forgets failures, drops the oldest past its limit', async () => {
  const cached = answerCache(2);
  let calls = 0;
  const ok = () => { calls++; return Promise.resolve(calls); };
  assert.equal(await cached('a', ok), 1);
  assert.equal(await cached('a', ok), 1, 'a kept answer is not asked again');
  await assert.rejects(cached('f', () => Promise.reject(new Error('x'))));
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(await cached('f', ok), 2, 'a failed answer is asked again');
  await cached('b', ok); // a, f, b: a goes
  assert.equal(await cached('a', ok), 4);
});

test('withChanges applies changes and removes empty keys', () => {
  const cases = [
    [{annee: '2023', section: 'F'}, {section: ''}, {annee: '2023'}],
    [{annee: '2023'}, {partie: null, comparer: 'strate'}, {annee: '2023', comparer: 'strate'}],
    [{}, {annees: '1'}, {annees: '1'}],
    [{regles: 'x', partie: '2'}, {regles: '', partie: ''}, {}],
  ];
  for (const [params, changes, want] of cases) assert.deepEqual(withChanges(params, changes), want);
});

test('sortedYears: latest first, none when the core gives none', () => {
  assert.deepEqual(sortedYears({years: [{year: 2021}, {year: 2023}, {year: 2022}]}).map((y) => y.year), [2023, 2022, 2021]);
  assert.deepEqual(sortedYears({}), []);
  const info = {years: [{year: 1}, {year: 2}]};
  sortedYears(info);
  assert.deepEqual(info.years.map((y) => y.year), [1, 2], 'the core\'s list is not reordered');
});

test('yearOptionLabel names the document and aggregated figures', () => {
  assert.equal(yearOptionLabel({year: 2023, document: 'CA'}), '2023 — compte administratif');
  assert.equal(yearOptionLabel({year: 2019, document: 'AGG', detail: 'aggregated'}), '2019 — chiffres agrégés');
  assert.equal(yearOptionLabel({year: 2020}), '2020');
  assert.equal(yearOptionLabel({year: 2020, document: 'XYZ'}), '2020 — XYZ');
});

test('shownParams: an aggregated year keeps only the six groups', () => {
  const p = {annee: '2019', section: 'F', niveau: '2', grille: 'common', partie: '0'};
  assert.deepEqual(shownParams(p, false), p);
  assert.deepEqual(shownParams(p, true), {annee: '2019', section: '', niveau: '', grille: '', partie: '0'});
  assert.equal(shownParams({grille: 'six'}, true).grille, 'six');
});

test('pickPeerKind: the asked group, else the stratum, else the first', () => {
  const groups = [{kind: 'departement'}, {kind: 'strate'}];
  const cases = [
    [groups, 'departement', 'departement'],
    [groups, 'aucun', 'aucun'],
    [groups, '', 'strate'],
    [groups, 'region', 'strate'],
    [[{kind: 'departement'}], undefined, 'departement'],
    [[], '', ''],
    [[], 'aucun', 'aucun'],
  ];
  for (const [g, asked, want] of cases) assert.equal(pickPeerKind(g, asked), want, `${asked}`);
});

test('peersGo: the way to the medians the core names', () => {
  assert.equal(peersGo(null), null);
  assert.equal(peersGo({text: 'x'}), null);
  assert.deepEqual(peersGo({grid: 'common'}), {label: 'Voir sur la grille commune', changes: {grille: 'common', niveau: ''}});
  assert.deepEqual(peersGo({grid: 'native'}), {label: 'Voir sur six grands groupes', changes: {grille: '', niveau: ''}});
  assert.deepEqual(peersGo({year: 2022}), {label: 'Voir 2022', changes: {annee: '2022'}});
  assert.deepEqual(peersGo({defaults: true}), {label: 'Revenir aux règles par défaut', changes: {section: '', regles: ''}});
});

test('selectedPart and statusText', () => {
  const report = {document: 'CA', year: 2023, section: 'all', total: '1234.50',
    parts: [{code: '2', label: 'Enseignement', plain: 'Écoles'}, {code: '8'}]};
  assert.equal(selectedPart(report, '2'), '2');
  assert.equal(selectedPart(report, '9'), null);
  assert.equal(selectedPart(report, undefined), null);
  const base = statusText('Lyon', report, null);
  assert.match(base, /^Lyon, CA 2023 : fonctionnement \+ investissement, dépenses comptées 1\s234,50\s€\.$/);
  assert.equal(statusText('Lyon', report, '2'), `${base} Détail : Écoles.`);
});
