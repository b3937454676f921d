// Browser tests on the national dataset (issue 12): skipped unless
// JEU1000_DATA names a dataset built by `make data-france` or
// `make bench-france` (the simulated national files). Search over every
// authority (latency printed; target ≤ 50 ms), a commune, an EPCI, a
// département, a région, Paris found once, years side by side, the game's
// set-up. The authorities are anchors the generator always includes
// (internal/national.Anchors), so the same tests run on the real files.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { available, dataDir, foreign, newPage, ready, shot, start, stop } from './harness.mjs';

const run = available();
const skip = (!dataDir && 'JEU1000_DATA not set (a national dataset)') || (!run && 'Chromium not installed');
let base;

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

describe('national dataset', { skip }, () => {
  before(async () => { base = await start(); });
  after(async () => { await stop(); });

  async function openAuthority(page, key, name) {
    await page.goto(`${base}/#/collectivite/${key}`);
    await ready(page);
    await page.waitForSelector('[data-testid="citizen-chart"]', { timeout: 60000 });
    assert.match(await page.textContent('#authority-name'), name);
    const years = await page.$$eval('#citizen-year option', (os) => os.map((o) => o.value));
    assert.ok(years.length >= 2, `${key}: years ${years}`);
    assert.deepEqual(page.errors, []);
    return years;
  }

  /** Keys of the suggestions after typing query (as a keystroke would), and the time they took. */
  async function suggest(page, query) {
    await page.fill('[data-testid="search-input"]', '');
    await page.waitForTimeout(50);
    return page.evaluate(async (q) => {
      const input = document.querySelector('[data-testid="search-input"]');
      const list = document.querySelector('[data-testid="search-listbox"]');
      return new Promise((resolve) => {
        const t0 = performance.now();
        const done = (ms) => resolve({ ms, keys: [...list.querySelectorAll('[data-testid="search-option"]')].map((o) => o.dataset.key) });
        const obs = new MutationObserver(() => { if (list.querySelector('[data-testid="search-option"]')) { obs.disconnect(); done(performance.now() - t0); } });
        obs.observe(list, { childList: true, subtree: true });
        input.value = q;
        input.dispatchEvent(new InputEvent('input', { bubbles: true, data: q.at(-1), inputType: 'insertText' }));
        setTimeout(() => { obs.disconnect(); done(NaN); }, 5000);
      });
    }, query);
  }

  it('search over every authority: suggestions per keystroke, Paris once', async () => {
    const page = await newPage(base);
    await page.goto(`${base}/`);
    await ready(page);
    await page.click('[data-testid="search-input"]');
    await page.waitForFunction(async () => { try { await window.jeu1000.search('a', 1); return true; } catch { return false; } }, null, { timeout: 60000 });
    const times = [];
    for (const [q, key] of [['m', ''], ['mo', ''], ['mon', ''], ['montr', 'commune:93048'], ['montreuil', 'commune:93048'],
      ['bordeaux m', 'epci:243300316'], ['gironde', 'departement:33'], ['93100', 'commune:93048'], ['sai', ''], ['saint-e', ''],
      ['ile-de-france', 'region:11'], ['lyon', '']]) {
      const r = await suggest(page, q);
      assert.ok(!Number.isNaN(r.ms), `no suggestion for ${q}`);
      if (key) assert.ok(r.keys.includes(key), `${q}: ${key} not in ${r.keys}`);
      times.push(r.ms);
    }
    console.log(`national dataset: search suggestions after a keystroke: median ${median(times).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms over ${times.length} queries (target ≤ 50 ms)`);
    const paris = await suggest(page, 'paris');
    const found = paris.keys.filter((k) => k === 'commune:75056' || k === 'departement:75');
    assert.deepEqual(found, ['commune:75056'], `Paris found once: ${paris.keys}`);
    await shot(page, 'france-01-search');
    assert.deepEqual(foreign(page), []);
  });

  it('a commune: Montreuil, every year', async () => {
    const page = await newPage(base);
    const years = await openAuthority(page, 'commune:93048', /Montreuil/);
    assert.ok(years.length >= 3, `years ${years}`);
    await shot(page, 'france-02-commune');
  });

  it('an EPCI: Bordeaux Métropole', async () => {
    const page = await newPage(base);
    await openAuthority(page, 'epci:243300316', /Bordeaux/);
    await shot(page, 'france-03-epci');
  });

  it('a département: Seine-Saint-Denis', async () => {
    const page = await newPage(base);
    await openAuthority(page, 'departement:93', /Seine-Saint-Denis/);
    await shot(page, 'france-04-departement');
  });

  it('a région: Île-de-France', async () => {
    const page = await newPage(base);
    await openAuthority(page, 'region:11', /Île-de-France/);
    await shot(page, 'france-05-region');
  });

  it('Paris: one authority, commune and département', async () => {
    const page = await newPage(base);
    await openAuthority(page, 'commune:75056', /Paris/);
    const note = await page.textContent('[data-testid="authority-note"]');
    assert.match(note, /commune et département depuis 2019/, `Paris's two roles explained: ${note}`);
    await shot(page, 'france-06-paris');
  });

  it('years side by side on the common grid, across the M14 → M57 switch', async () => {
    const page = await newPage(base);
    await openAuthority(page, 'commune:93048', /Montreuil/);
    await page.click('#citizen-years-toggle');
    await page.waitForSelector('[data-testid="citizen-years-table"]', { timeout: 60000 });
    const head = await page.textContent('[data-testid="citizen-years-table"]');
    const years = new Set(head.match(/20[12]\d/g));
    assert.ok(years.size >= 3, `years side by side: ${[...years]}`);
    await shot(page, 'france-07-years');
  });

  it('peers on a detailed year: the medians of accounts made the same way', async () => {
    // Every year of the national build is detailed (the balances): its
    // peers on the common grid come from detailed accounts only.
    const page = await newPage(base);
    await page.goto(`${base}/#/collectivite/commune:93048?grille=common`);
    await ready(page);
    await page.waitForSelector('[data-testid="citizen-table"]', { timeout: 60000 });
    assert.equal(await page.$('[data-testid="citizen-aggregated-note"]'), null, 'a detailed year');
    assert.match(await page.textContent('[data-testid="citizen-table"]'), /Médiane/);
    assert.equal(await page.isVisible('[data-testid="citizen-peers-hint"]'), false);
    await shot(page, 'france-09-peers-detailed');
    // On its native grid, the way to them.
    await page.goto(`${base}/#/collectivite/commune:93048`);
    await page.waitForSelector('[data-testid="citizen-peers-go"]', { timeout: 60000 });
    await page.click('[data-testid="citizen-peers-go"]');
    await page.waitForSelector('[data-testid="citizen-table"]:has-text("Médiane")', { timeout: 60000 });
    assert.deepEqual(page.errors, []);
  });

  it('the game\'s set-up on a national authority', async () => {
    const teacher = await newPage(base);
    await teacher.goto(`${base}/#/jeu`);
    await ready(teacher);
    await teacher.click('#game-search-input');
    await teacher.keyboard.type('montreuil');
    await teacher.waitForSelector('#game-search-listbox [data-key="commune:93048"]', { timeout: 30000 });
    await teacher.keyboard.press('Enter');
    await teacher.waitForSelector('[data-testid="game-link-panel"]:not([hidden])', { timeout: 60000 });
    const link = await teacher.inputValue('[data-testid="game-link"]');
    assert.match(link, /#\/jeu\?c=commune:93048&annee=20\d\d&/);
    assert.ok((await teacher.$$('[data-testid="game-preview"] li')).length >= 6);
    await shot(teacher, 'france-08-game');
    assert.deepEqual(foreign(teacher), []);
  });
});
