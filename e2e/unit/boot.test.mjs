// Unit test of web/boot.js's first guess of the view (<html data-boot>,
// which style.css shows before app.js runs), under Node's test runner:
// `make test-node`. The guess must agree with what the app then shows:
// router.js's view, and game.js's page (the set-up when the address names
// no game, js/gamecore.js setupOf).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { parse } from '../../web/js/router.js';
import { setupOf } from '../../web/js/gamecore.js';

const src = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web', 'boot.js'), 'utf8');

/** data-boot as boot.js sets it for an address (undefined: the citizen view, index.html's own). */
function boot(hash) {
  const dataset = {};
  // No Worker here: boot.js's second part (the core's worker) returns at once.
  vm.runInNewContext(src, { location: { hash }, document: { documentElement: { dataset }, querySelector: () => null }, URLSearchParams });
  return dataset.boot;
}

/** What the app shows for an address, in data-boot's words. */
function shown(hash) {
  const s = parse(hash);
  if (s.view === 'citizen') return undefined;
  if (s.view !== 'game') return s.view;
  return s.sub === 'preparer' || (!s.sub && !setupOf(s.params)) ? 'game-setup' : 'game';
}

test('boot.js guesses the view the app shows', () => {
  const cases = [
    ['', undefined],
    ['#/', undefined],
    ['#/collectivite/commune:93048?annee=2023', undefined],
    ['#/embed/commune:93048?annee=2023', 'embed-not-guessed'],
    ['#/brouillon', 'draft'],
    ['#/brouillon?section=I&grille=common', 'draft'],
    ['#/comprendre', 'learn'],
    ['#/comprendre/sources', 'learn'],
    ['#/jeu', 'game-setup'],
    ['#/jeu?annee=2023', 'game-setup'],
    ['#/jeu/preparer?c=commune:93048&annee=2023&section=all&grille=six', 'game-setup'],
    ['#/jeu?c=commune:93048&annee=2023', 'game'],
    ['#/jeu?c=commune:93048&annee=2023&reponse=ABC', 'game'],
    ['#/jeu/classe?c=commune:93048&annee=2023', 'game'],
    ['#/jeu/fiche?c=commune:93048&annee=2023', 'game'],
    ['#/jeux', undefined],
    ['#/brouillonx', undefined],
  ];
  for (const [hash, want] of cases) {
    if (want === 'embed-not-guessed') {
      // The embed view is not guessed: its first frame is index.html's.
      assert.equal(boot(hash), undefined, hash);
      continue;
    }
    assert.equal(boot(hash), want, hash);
    assert.equal(shown(hash), want, `${hash}: the app shows another view`);
  }
});
