// Browser tests of what a permalink's first figures need (issue 16, bytes
// before the first figures): the latest years' shard of a large authority
// alone; no directory (the postal codes are not in the index but in
// data/directory.bin, which the core's worker fetches when a search is
// coming: search by name works before it comes, by postal code once it
// has, a postal code typed meanwhile being answered again when it comes);
// the policy headers on the document and the workers' scripts only.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { available, newPage, ready, shot, start, stop } from './harness.mjs';

const run = available();
let base;

describe('what the first figures need', { skip: !run && 'Chromium not installed' }, () => {
  before(async () => { base = await start(); });
  after(async () => { await stop(); });

  it('a permalink draws its figures without the directory; search by postal code works once it comes', async () => {
    const page = await newPage(base);
    const asked = [];
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    await page.route(/\/data\/directory\.bin(\.gz)?(\?|$)/, async (route) => {
      asked.push(route.request().url());
      await held;
      await route.continue();
    });
    await page.goto(`${base}/#/collectivite/commune:93048?annee=2023`);
    await page.waitForSelector('[data-testid="citizen-chart"]', { timeout: 60000 });
    assert.deepEqual(asked, [], 'the directory is not fetched for the first figures');
    assert.ok(page.requests.some((u) => /\/data\/index\.bin/.test(u)), 'the index is');

    // A search is coming: the name tables first, then the directory.
    await page.click('#search-input');
    await page.keyboard.type('montreuil');
    await page.waitForSelector('[data-testid="search-option"][data-key="commune:93048"]', { timeout: 30000 });
    await page.waitForFunction(() => performance.getEntriesByName('jeu1000:search-ready').length > 0, null, { timeout: 30000 });
    assert.ok(asked.length >= 1 && asked.every((u) => /\?v=[0-9a-f]{8}$/.test(u)), `the directory is asked at the index's version: ${asked.join(' ')}`);

    // A postal code typed before the directory comes finds nothing yet …
    await page.fill('#search-input', '');
    await page.keyboard.type('93100');
    await page.waitForFunction(() => /Aucune collectivité/.test(document.getElementById('search-status').textContent), null, { timeout: 30000 });
    // … and is answered when it comes, without another keystroke.
    release();
    await page.waitForSelector('[data-testid="search-option"][data-key="commune:93048"]', { timeout: 30000 });
    assert.match(await page.textContent('[data-testid="search-option"][data-key="commune:93048"]'), /93100/);
    await shot(page, 'directory-01-postal-code');
    assert.deepEqual(page.errors, []);
  });

  it('the first figures fetch the latest years\' shard only; the policy comes with documents and workers, not modules', async () => {
    const page = await newPage(base);
    const responses = [];
    page.on('response', (r) => responses.push(r));
    await page.goto(`${base}/#/collectivite/commune:93048?annee=2023`);
    await page.waitForSelector('[data-testid="citizen-chart"]', { timeout: 60000 });
    const path = (r) => new URL(r.url()).pathname.replace(/^\//, '');
    const shards = responses.map(path).filter((p) => /^data\/[ap]-/.test(p));
    assert.deepEqual(shards, ['data/a-commune-93048-2023.bin'], 'Montreuil 2023 needs its latest years\' shard alone');
    const csp = (p) => responses.find((r) => path(r) === p)?.headers()['content-security-policy'];
    for (const p of ['', 'js/worker.js']) {
      assert.match(csp(p) || '', /connect-src 'self'/, `${p || '/'}: the policy`);
      assert.equal(responses.find((r) => path(r) === p).headers()['referrer-policy'], 'no-referrer');
    }
    for (const p of ['app.js', 'js/engine.js', 'style.css', 'jeu1000-viewer.wasm', 'wasm_exec.js', 'data/index.bin']) {
      assert.ok(responses.some((r) => path(r) === p), `${p} fetched`);
      assert.equal(csp(p), undefined, `${p}: no policy (its document's or worker's applies)`);
      assert.equal(responses.find((r) => path(r) === p).headers()['x-content-type-options'], 'nosniff');
    }
    // The worker is under its script's policy: another origin is refused.
    const [worker] = page.workers();
    const violated = await worker.evaluate(() => new Promise((resolve) => {
      self.addEventListener('securitypolicyviolation', (e) => resolve(e.effectiveDirective), { once: true });
      fetch('http://127.0.0.1:9/x').catch(() => {});
      setTimeout(() => resolve('no violation'), 5000);
    }));
    assert.equal(violated, 'connect-src');
    assert.deepEqual(page.errors, []);
  });

  it('a postal code finds its commune on the home page', async () => {
    const page = await newPage(base);
    await page.goto(`${base}/`);
    await ready(page);
    await page.click('#search-input');
    await page.waitForFunction(() => performance.getEntriesByName('jeu1000:directory-loaded').length > 0, null, { timeout: 60000 });
    await page.keyboard.type('33000');
    await page.waitForSelector('[data-testid="search-option"][data-key="commune:33063"]', { timeout: 30000 });
    assert.deepEqual(page.errors, []);
  });
});
