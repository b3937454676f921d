// Browser tests of the static site (`make site`, issue 12), served by a plain
// static server (e2e/static-server.mjs: Content-Type only, no
// Content-Encoding, no header, under a sub-path as on GitHub Pages), not by
// `jeu1000 serve`: home page, search, an authority's figures, the draft page
// with a file, the Content-Security-Policy of the page's <meta> in force, no
// request outside the site (nor any 404: the page asks for data/x.bin.gz
// directly), and offline use once visited (service worker).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { available, foreign, launch, newContext, newPage, ready, root, shot, stop } from './harness.mjs';
import { serveStatic } from './static-server.mjs';

const run = available();
const siteDir = join(root, 'artifacts', 'site');
let server;
let base;

/** Files of a folder, recursively, relative to it. */
function filesOf(dir, prefix = '') {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory()
    ? filesOf(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]));
}

/** Records the responses of a page that were not 2xx. */
function watchFailures(page) {
  page.failures = [];
  page.on('response', (r) => { if (r.status() >= 400) page.failures.push(`${r.status()} ${r.url()}`); });
}

describe('the static site (make site) on a plain static host', { skip: !run && 'Chromium not installed' }, () => {
  before(async () => {
    execFileSync('make', ['-s', 'site', 'DATA=sample', `SITE=${siteDir}`], { cwd: root, stdio: 'inherit' });
    server = await serveStatic(siteDir, '/jeu1000/');
    base = server.url;
    await launch();
  });
  after(async () => {
    await stop();
    await server?.close();
  });

  it('holds the app, both wasm, the compressed dataset and the headers, but no raw data/x.bin', () => {
    const files = new Set(filesOf(siteDir));
    for (const f of ['index.html', 'sw.js', 'jeu1000-viewer.wasm', 'jeu1000.wasm', 'jeu1000.wasm.br', 'jeu1000.wasm.gz',
      'index.html.gz', 'index.html.br', '_headers', '.nojekyll', 'data/index.bin.gz', 'data/index.bin.br']) {
      assert.ok(files.has(f), `${f} missing`);
    }
    assert.deepEqual([...files].filter((f) => f.startsWith('data/') && f.endsWith('.bin')), []);
    assert.ok(![...files].some((f) => f.endsWith('README.md')), 'notes are not published');
    const headers = readFileSync(join(siteDir, '_headers'), 'utf8');
    assert.match(headers, /^\/\*\n {2}X-Content-Type-Options: nosniff$/m);
    for (const p of ['/', '/index.html', '/js/worker.js', '/sw.js']) {
      assert.match(headers, new RegExp(`^${p.replace(/[.*]/g, '\\$&')}\n {2}Content-Security-Policy: default-src 'self';.*connect-src 'self'`, 'm'), `${p}: the policy`);
    }
    assert.doesNotMatch(headers, /^\/app\.js$/m, 'modules get no policy');
    const html = readFileSync(join(siteDir, 'index.html'), 'utf8');
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'self';[^"]*connect-src 'self'/);
    assert.doesNotMatch(html.match(/<meta http-equiv="Content-Security-Policy"[^>]*>/)[0], /frame-ancestors/);
  });

  it('home page, search, an authority\'s figures: from the .gz files, no 404, nothing outside the site', async () => {
    const page = await newPage(base);
    watchFailures(page);
    await page.goto(`${base}/`);
    await ready(page);
    await page.waitForSelector('#engine-status.is-ready', { timeout: 60000 });
    await page.click('#search-input');
    await page.keyboard.type('montreuil');
    await page.waitForSelector('[data-testid="search-option"][data-key="commune:93048"]', { timeout: 30000 });
    await page.click('[data-testid="search-option"][data-key="commune:93048"]');
    await page.waitForSelector('[data-testid="citizen-chart"]', { timeout: 60000 });
    assert.match(await page.textContent('#authority-name'), /Montreuil/);
    await page.selectOption('#citizen-year', '2023').catch(() => {});
    await page.waitForFunction(() => /252\s*564\s*408,69/.test(document.querySelector('[data-testid="citizen-total"]')?.textContent.replace(/[\u202f\u00a0]/g, ' ') || ''), null, { timeout: 30000 });
    await shot(page, 'site-01-montreuil');
    const data = page.requests.filter((u) => u.includes('/data/'));
    assert.ok(data.some((u) => u.includes('/data/index.bin.gz')), `index fetched as .gz: ${data}`);
    assert.ok(data.every((u) => /\/data\/[\w./-]+\.gz(\?|$)/.test(u)), `only .gz files of the dataset: ${data}`);
    assert.deepEqual(page.failures, [], 'no request fails (no 404 before the .gz)');
    assert.deepEqual(foreign(page), [], 'every request stays under the site\'s sub-path');
    assert.deepEqual(page.errors, []);
  });

  it('the draft page reads a file with the full core', async () => {
    const page = await newPage(base);
    watchFailures(page);
    await page.goto(`${base}/#/brouillon`);
    await ready(page);
    await page.click('label[for="draft-source-file"]').catch(() => {});
    const csv = '# collectivite: Essai\n# annee: 2025\n# nomenclature: M57\n# population: 10000\nsection;fonction;montant\nF;212;600 000\nF;311;400 000\nI;212;250 000\n';
    await page.setInputFiles('#draft-file', { name: 'brouillon.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.waitForSelector('[data-testid="draft-table"]', { timeout: 60000 });
    assert.ok(await page.$('[data-testid="draft-badge-draft"]'), 'drawn as a draft');
    assert.ok(page.requests.some((u) => u.endsWith('/jeu1000.wasm')), 'the full core came from the site');
    await shot(page, 'site-02-draft');
    assert.deepEqual(page.failures, []);
    assert.deepEqual(foreign(page), [], 'the file never leaves the page');
    assert.deepEqual(page.errors, []);
  });

  it('the page\'s <meta> Content-Security-Policy is in force: another origin is refused', async () => {
    const page = await newPage(base);
    await page.goto(`${base}/`);
    await ready(page);
    const outcome = await page.evaluate(async () => {
      const violations = [];
      document.addEventListener('securitypolicyviolation', (e) => violations.push(e.effectiveDirective));
      let fetched;
      try {
        await fetch('http://127.0.0.2:9/secret');
        fetched = 'sent';
      } catch (e) {
        fetched = 'refused';
      }
      await new Promise((r) => setTimeout(r, 100)); // the event is queued
      return { fetched, violations };
    });
    assert.equal(outcome.fetched, 'refused');
    assert.ok(outcome.violations.includes('connect-src'), `violations: ${outcome.violations}`);
    assert.ok(!page.requests.some((u) => u.includes('127.0.0.2')), 'the refused request never left');
  });

  it('after a first visit the site works offline (service worker under the sub-path)', async () => {
    const ctx = await newContext({ serviceWorkers: 'allow' });
    const page = await newPage(base, { context: ctx });
    await page.goto(`${base}/#/collectivite/commune:93048?annee=2023`);
    await ready(page);
    await page.waitForSelector('[data-testid="citizen-chart"]', { timeout: 60000 });
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    assert.equal(scope, `${base}/`);
    await page.waitForFunction(async () => (await caches.keys()).length > 0 && (await Promise.all((await caches.keys()).map(async (k) => (await (await caches.open(k)).keys()).length))).reduce((a, b) => a + b, 0) > 10, null, { timeout: 30000 });
    await page.reload(); // now controlled by the worker: the data it fetches are cached
    await page.waitForSelector('[data-testid="citizen-chart"]', { timeout: 60000 });
    await page.waitForFunction(async () => {
      const c = await caches.open((await caches.keys()).find((k) => k.startsWith('jeu1000-data-')));
      return (await c.keys()).some((r) => /\/data\/(?!index\.)[\w.-]+\.bin\.gz/.test(r.url));
    }, null, { timeout: 30000 });
    await server.close(); // no host at all
    await ctx.setOffline(true);
    await page.reload();
    await ready(page);
    await page.waitForSelector('[data-testid="citizen-chart"]', { timeout: 60000 });
    assert.match(await page.textContent('[data-testid="citizen-total"]'), /252/);
    await shot(page, 'site-03-offline');
    await ctx.close();
  });
});

describe('a site built for hosts that encode (DATA_FETCH=encoded), on a host that does not', { skip: !run && 'Chromium not installed' }, () => {
  const dir = join(root, 'artifacts', 'site-encoded');
  before(async () => {
    execFileSync('make', ['-s', 'site', 'DATA=sample', 'DATA_FETCH=encoded', `SITE=${dir}`], { cwd: root, stdio: 'inherit' });
    server = await serveStatic(dir, '/');
    base = server.url;
    await launch();
  });
  after(async () => {
    await stop();
    await server?.close();
  });

  it('one 404 (data/index.bin), then every file of the dataset as .gz', async () => {
    assert.doesNotMatch(readFileSync(join(dir, 'index.html'), 'utf8'), /name="jeu1000-data"/);
    const page = await newPage(base);
    watchFailures(page);
    await page.goto(`${base}/#/collectivite/commune:93048?annee=2023`);
    await ready(page);
    await page.waitForSelector('[data-testid="citizen-chart"]', { timeout: 60000 });
    assert.deepEqual(page.failures, [`404 ${base}/data/index.bin`]);
    const shards = page.requests.filter((u) => /\/data\/(?!index\.)/.test(u));
    assert.ok(shards.length > 0 && shards.every((u) => /\.bin\.gz(\?|$)/.test(u)), `shards: ${shards}`);
    assert.deepEqual(page.errors, []);
  });
});
