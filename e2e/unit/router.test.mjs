// Unit tests of web/js/router.js (node --test): the URL hash ⇄ the view's state.
import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {format, parse} from '../../web/js/router.js';

describe('parse', () => {
  for (const [hash, want] of [
    ['', {view: 'citizen', key: '', sub: '', params: {}}],
    ['#/collectivite', {view: 'citizen', key: '', sub: '', params: {}}],
    ['#/collectivite/commune:93048?annee=2023&section=F&niveau=2', {view: 'citizen', key: 'commune:93048', sub: '', params: {annee: '2023', section: 'F', niveau: '2'}}],
    ['#/brouillon?section=I&grille=common&partie=3', {view: 'draft', key: '', sub: '', params: {section: 'I', grille: 'common', partie: '3'}}],
    ['#/comprendre/calcul', {view: 'learn', key: '', sub: 'calcul', params: {}}],
    ['#/jeu/preparer?c=commune:93048&annee=2023', {view: 'game', key: '', sub: 'preparer', params: {c: 'commune:93048', annee: '2023'}}],
    ['#/embed/commune%3A93048?grille=six', {view: 'embed', key: 'commune:93048', sub: '', params: {grille: 'six'}}],
    ['brouillon', {view: 'draft', key: '', sub: '', params: {}}],
    ['#/inconnu/x', {view: 'citizen', key: 'x', sub: '', params: {}}],
    ['#/collectivite/%E0', {view: 'citizen', key: '%E0', sub: '', params: {}}],
    ['#/brouillon?regles=dette,interets', {view: 'draft', key: '', sub: '', params: {regles: 'dette,interets'}}],
  ]) {
    it(JSON.stringify(hash), () => assert.deepEqual(parse(hash), want));
  }
});

describe('format', () => {
  for (const [state, want] of [
    [{view: 'citizen'}, '#/collectivite'],
    [{view: 'citizen', key: 'commune:93048', params: {annee: 2023, section: 'F'}}, '#/collectivite/commune:93048?annee=2023&section=F'],
    [{view: 'draft', params: {section: '', partie: null, annees: false, x: undefined, regles: 'dette,interets'}}, '#/brouillon?regles=dette,interets'],
    [{view: 'draft', key: 'ignored'}, '#/brouillon'],
    [{view: 'learn', sub: 'sources'}, '#/comprendre/sources'],
    [{view: 'game', sub: 'classe', params: {c: 'commune:93048'}}, '#/jeu/classe?c=commune:93048'],
    [{view: 'citizen', key: 'epci:200 054 781'}, '#/collectivite/epci:200%20054%20781'],
  ]) {
    it(want, () => assert.equal(format(state), want));
  }
  it('reads back what it writes', () => {
    for (const s of [
      {view: 'citizen', key: 'commune:2A004', sub: '', params: {annee: '2021', comparer: 'strate', regles: 'dette,ventile'}},
      {view: 'game', key: '', sub: 'fiche', params: {c: 'departement:56', reponse: 'AB12-CD34'}},
      {view: 'draft', key: '', sub: '', params: {partie: 'ENS', grille: 'six'}},
    ]) assert.deepEqual(parse(format(s)), s);
  });
});
