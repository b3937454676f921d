// Browser tests of the page's first frame (web/boot.js, <html data-boot>):
// an address of the draft, « Comprendre » or the game paints its own view
// before the modules run, never the home page first; the game's set-up
// paints its text (index.html's) at once; the app then takes over.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { available, newPage, ready, start, stop } from './harness.mjs';

const run = available();
let base;

describe('first frame', { skip: !run && 'Chromium not installed' }, () => {
  before(async () => { base = await start(); });
  after(async () => { await stop(); });

  /** The page as painted before app.js runs (app.js blocked). */
  async function beforeApp(hash, width = 1280) {
    const page = await newPage(base, { width, height: 900 });
    await page.route(/\/app\.js$/, (route) => route.abort());
    await page.goto(`${base}/${hash}`);
    await page.waitForLoadState('load');
    return page;
  }
  const visible = (page, sel) => page.isVisible(sel);

  it('the draft and « Comprendre » paint their own view, not the home page', async () => {
    for (const [hash, view] of [['#/brouillon', 'draft'], ['#/comprendre', 'learn']]) {
      const page = await beforeApp(hash);
      assert.equal(await visible(page, `#view-${view}`), true, hash);
      assert.equal(await visible(page, '#view-citizen'), false, hash);
      assert.equal(await visible(page, '#view-game'), false, hash);
    }
  });

  it('the game set-up paints its title and text before the modules', async () => {
    for (const width of [390, 1280]) {
      const page = await beforeApp('#/jeu', width);
      assert.equal(await visible(page, '#view-citizen'), false);
      assert.equal(await visible(page, '#game-intro'), true);
      assert.equal((await page.innerText('#game-title')).replace(/\s+/g, ' '), 'Le jeu des 1 000 € en classe');
      assert.match(await page.innerText('#game-intro'), /Les élèves devinent comment 1 000 €/);
    }
    // A pupil's link is no set-up: the game's view, without the set-up's text.
    const pupil = await beforeApp('#/jeu?c=commune:93048&annee=2023');
    assert.equal(await visible(pupil, '#view-game'), true);
    assert.equal(await visible(pupil, '#game-intro'), false);
    assert.equal((await pupil.innerText('#game-title')).replace(/\s+/g, ' '), 'Le jeu des 1 000 €');
  });

  it('a first frame painted before the view was parsed does not move the page when it comes', async () => {
    for (const [hash, view] of [['#/jeu', 'game'], ['#/brouillon', 'draft'], ['#/comprendre', 'learn']]) {
      for (const width of [390, 1280]) {
        const page = await beforeApp(hash, width);
        // main's top, with the view, then as in a frame painted before the view was parsed.
        const [withView, without] = await page.evaluate((v) => {
          const top = () => document.getElementById('main').getBoundingClientRect().top;
          const a = top();
          document.getElementById(`view-${v}`).style.setProperty('display', 'none', 'important');
          const b = top();
          document.getElementById(`view-${v}`).style.removeProperty('display');
          return [a, b];
        }, view);
        assert.equal(without, withView, `${hash} at ${width} px`);
        // The app shows the view: main stays where the first frame put it.
        const app = await newPage(base, { width, height: 900 });
        await app.goto(`${base}/${hash}`);
        await ready(app);
        if (view === 'game') await app.waitForSelector('[data-testid="game-search-input"]');
        assert.equal(await app.evaluate(() => document.getElementById('main').getBoundingClientRect().top), withView, `${hash} at ${width} px, app`);
      }
    }
  });

  it('the app takes over: the set-up text where it was, and the other views as before', async () => {
    const page = await newPage(base);
    await page.goto(`${base}/#/jeu`);
    await ready(page);
    await page.waitForSelector('[data-testid="game-search-input"]');
    assert.equal(await page.evaluate(() => 'boot' in document.documentElement.dataset), false);
    // The text is the set-up's first part, before its form, as when setup.js built it.
    assert.equal(await page.evaluate(() => document.getElementById('game-root').firstElementChild.id), 'game-intro');
    assert.equal(await visible(page, '#game-intro'), true);
    assert.equal(await page.innerText('#game-title'), 'Le jeu des 1 000 € en classe');
    // Another page of the game, then back to the set-up: its text comes back.
    await page.evaluate(() => { location.hash = '#/jeu/fiche?c=commune:93048&annee=2023'; });
    await page.waitForFunction(() => !document.getElementById('game-intro')?.isConnected);
    await page.goBack();
    await page.waitForSelector('#game-root > #game-intro + form');
    assert.equal(await visible(page, '#game-intro'), true);
    // The home page, and the draft: one view at a time.
    await page.evaluate(() => { location.hash = '#/'; });
    await page.waitForSelector('#view-citizen', { state: 'visible' });
    assert.equal(await visible(page, '#view-game'), false);
    await page.evaluate(() => { location.hash = '#/brouillon'; });
    await page.waitForSelector('#view-draft', { state: 'visible' });
    assert.equal(await visible(page, '#view-citizen'), false);
    assert.deepEqual(page.errors, []);
  });

  it('from the draft, the home page shows (boot.js guessed the draft)', async () => {
    const page = await newPage(base);
    await page.goto(`${base}/#/brouillon`);
    await ready(page);
    assert.equal(await page.evaluate(() => 'boot' in document.documentElement.dataset), false);
    await page.click('[data-testid="nav-citizen"]');
    await page.waitForSelector('#view-citizen', { state: 'visible' });
    assert.equal(await visible(page, '#view-draft'), false);
    assert.deepEqual(page.errors, []);
  });
});
