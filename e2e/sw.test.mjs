// Browser tests of the service worker's versioned set (issue 14, item 5):
// the app is served by `jeu1000 serve` from a copy of web/ that the test
// deploys builds into (A, then half of B, then all of B) while the network
// of app.js is slower than the old worker's 4 s timeout. A page must never
// run files of two builds, a half-deployed build is never used, a whole one
// is used by the next page opened (the page already open keeps its own, and
// says a new version is ready), and old caches are evicted. Also: the set lists every file the page
// loads, derived from the folder; and the static site (`jeu1000 site`) on a
// host that makes its ETags from the modification time and size (item 6).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { available, launch, newContext, newPage, ready, root, shot, start, stop } from './harness.mjs';
import { serveStatic } from './static-server.mjs';

const run = available();
const web = join(root, 'web');
let base;
let appDir;

/** A copy of web/ (into dir, made): the app's files, without compressed copies or notes. */
function copyApp(to = mkdtempSync(join(tmpdir(), 'jeu1000-sw-'))) {
  cpSync(web, to, {
    recursive: true,
    filter: (src) => !/\.(gz|br|md|tmp)$/.test(src),
  });
  return to;
}

/** Writes file (relative to the app) as in web/ plus a line telling which build it is (into the copy dir). */
function mark(file, build, dir = appDir) {
  const text = readFileSync(join(web, file), 'utf8');
  writeFileSync(join(dir, file), `${text}\nglobalThis.jeu1000Mark = Object.assign(globalThis.jeu1000Mark || {}, {${JSON.stringify(file)}: ${JSON.stringify(build)}});\n`);
}

/** The build id of a folder's sw-files.js. */
const buildOf = (dir) => /"build": "([^"]+)"/.exec(readFileSync(join(dir, 'sw-files.js'), 'utf8'))[1];

/** Writes the copy's sw-files.js (what `make web` does); returns the build id. */
function appSet() {
  execFileSync('go', ['run', './cmd/jeu1000', 'app-set', '-web', appDir], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  return buildOf(appDir);
}

/** Which build each marked file of the page came from. */
const marks = (page) => page.evaluate(() => globalThis.jeu1000Mark);

/** Asks the browser to look for a new worker and waits until no worker is installing. */
async function checkForUpdate(page) {
  await page.evaluate(async () => {
    const r = await navigator.serviceWorker.getRegistration();
    const settle = async () => {
      for (const w of [r.installing, r.waiting]) {
        if (w && w.state !== 'activated' && w.state !== 'redundant') {
          await new Promise((res) => w.addEventListener('statechange', () => {
            if (w.state === 'activated' || w.state === 'redundant') res();
          }));
        }
      }
    };
    await settle(); // the check a navigation started
    await r.update().catch(() => {});
    await settle();
  });
}

/** Evaluates fn(arg) in the page (or worker) until ok(result), for at most 60 s; returns the last result. */
async function until(page, fn, ok, arg) {
  let v;
  for (let i = 0; i < 120; i++) {
    v = await page.evaluate(fn, arg);
    if (ok(v)) break;
    await sleep(500);
  }
  return v;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

describe('service worker: one build at a time', { skip: !run && 'Chromium not installed' }, () => {
  before(async () => {
    execFileSync('make', ['-s', 'web'], { cwd: root, stdio: 'inherit' });
    appDir = copyApp();
    base = await start({ serveArgs: ['-web', appDir] });
  });
  after(async () => {
    await stop();
    if (appDir) rmSync(appDir, { recursive: true, force: true });
  });

  it('never mixes two builds on a slow network; a half-deployed build is never used', async () => {
    mark('app.js', 'A');
    mark('js/money.js', 'A');
    mark('js/worker.js', 'A');
    const buildA = appSet();
    const ctx = await newContext({ serviceWorkers: 'allow' });
    const page = await newPage(base, { context: ctx });
    await page.goto(`${base}/`);
    await ready(page);
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.waitForFunction(() => navigator.serviceWorker.controller, null, { timeout: 30000 });
    await page.reload();
    await ready(page);
    assert.deepEqual(await marks(page), { 'app.js': 'A', 'js/money.js': 'A' });
    assert.ok(await page.evaluate((b) => caches.has(`jeu1000-app-${b}`), buildA), 'set A cached');
    // A data cache of an older worker, to be evicted.
    await page.evaluate(async () => (await caches.open('jeu1000-data-v6')).put('data/old.bin', new Response('old')));

    // From now on app.js comes slower than the old worker's 4 s timeout.
    await ctx.route('**/app.js', async (route) => { await sleep(6000); await route.continue(); });

    // Half a deployment: build B's list and money.js are there, app.js is still A's.
    mark('js/money.js', 'B');
    mark('js/worker.js', 'B');
    mark('app.js', 'B');
    const buildB = appSet();
    mark('app.js', 'A');
    await page.reload();
    await ready(page);
    assert.deepEqual(await marks(page), { 'app.js': 'A', 'js/money.js': 'A' }, 'one build in the page');
    await checkForUpdate(page);
    assert.equal(await page.evaluate((b) => caches.has(`jeu1000-app-${b}`), buildB), false, 'no half set of B kept');
    await page.reload();
    await ready(page);
    assert.deepEqual(await marks(page), { 'app.js': 'A', 'js/money.js': 'A' }, 'still build A after a failed update');
    assert.equal(await page.isVisible('[data-testid="update-notice"]'), false, 'no new version announced');

    // The whole of B: fetched (slowly) and checked, then used by the next page opened.
    mark('app.js', 'B');
    await checkForUpdate(page);
    await until(page, (b) => caches.has(`jeu1000-app-${b}`), (has) => has, buildB);
    // The page open meanwhile keeps its build for what it loads later (the full core, a module),
    // and so does a worker it starts now (the full core's worker, started on demand).
    assert.match(await page.evaluate(() => fetch('app.js').then((r) => r.text())), /"app.js": "A"/);
    const started = page.waitForEvent('worker');
    await page.evaluate(() => { globalThis.testWorker = new Worker('js/worker.js', { type: 'module', name: 'jeu1000-files' }); });
    const worker = await started;
    assert.deepEqual(await until(worker, () => globalThis.jeu1000Mark, (m) => m), { 'js/worker.js': 'A' }, 'the worker of a page of A is of A');
    assert.match(await worker.evaluate(() => fetch('../app.js').then((r) => r.text())), /"app.js": "A"/, 'what that worker fetches is of A');
    // The page of A says a new version is ready, without moving anything; its button reloads.
    await page.waitForSelector('[data-testid="update-notice"]', { state: 'visible', timeout: 60000 });
    assert.match(await page.textContent('[data-testid="update-notice"]'), /nouvelle version du site est prête/);
    await shot(page, 'sw-00-update-notice');
    await Promise.all([page.waitForEvent('load'), page.click('[data-testid="update-reload"]')]);
    await ready(page);
    assert.deepEqual(await marks(page), { 'app.js': 'B', 'js/money.js': 'B' }, 'build B, whole');
    const newWorker = page.waitForEvent('worker');
    await page.evaluate(() => { globalThis.testWorker = new Worker('js/worker.js', { type: 'module', name: 'jeu1000-files' }); });
    assert.deepEqual(await until(await newWorker, () => globalThis.jeu1000Mark, (m) => m), { 'js/worker.js': 'B' });
    await page.waitForSelector('#engine-status.is-ready', { timeout: 60000 });
    await shot(page, 'sw-01-new-build');
    // Once no page uses A, its set is deleted (at a page opened after the
    // last page of A is gone); so is the older data cache.
    await page.reload();
    await ready(page);
    const keys = await until(page, () => caches.keys(), (k) => !k.includes(`jeu1000-app-${buildA}`) && !k.includes('jeu1000-data-v6'));
    assert.deepEqual(keys.filter((k) => k.startsWith('jeu1000-app-')), [`jeu1000-app-${buildB}`]);
    assert.deepEqual(page.errors, []);
    await ctx.close();
  });

  it('the set lists every file the page loads, found in the folder', async () => {
    const set = JSON.parse(/self\.jeu1000AppSet = (\{[\s\S]*\});/.exec(readFileSync(join(appDir, 'sw-files.js'), 'utf8'))[1]);
    const page = await newPage(base);
    await page.goto(`${base}/#/collectivite/commune:93048?annee=2023`);
    await ready(page);
    await page.waitForSelector('[data-testid="citizen-chart"]', { timeout: 60000 });
    const loaded = page.requests
      .filter((u) => u.startsWith(`${base}/`))
      .map((u) => new URL(u).pathname.slice(1))
      .filter((p) => !p.startsWith('data/') && !['', 'lan.json', 'sw.js', 'sw-files.js'].includes(p));
    assert.ok(loaded.length > 10, `files loaded: ${loaded}`);
    for (const p of loaded) assert.ok(p in set.files, `${p} loaded by the page but not in the set`);
    for (const p of ['index.html', 'jeu1000.wasm', 'jeu1000-viewer.wasm', 'wasm_exec.js']) assert.ok(p in set.files, `${p} not in the set`);
  });
});

/** Gives every file under dir the time t (seconds). */
function touchAll(dir, t) {
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) utimesSync(join(e.parentPath, e.name), t, t);
  }
}

describe('the static site on a host whose ETags come from mtime and size', { skip: !run && 'Chromium not installed' }, () => {
  let work;
  let server;
  before(async () => {
    execFileSync('make', ['-s', 'web'], { cwd: root, stdio: 'inherit' });
    work = mkdtempSync(join(tmpdir(), 'jeu1000-site-etag-'));
    await launch();
  });
  after(async () => {
    await stop();
    await server?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /**
   * Builds the site from a copy of web/ whose app.js says build, every file
   * of it dated 2000-01-01 (files from an archive or a reproducible build:
   * two builds of one size then look alike to such a host).
   */
  function siteOf(build) {
    const src = copyApp(join(work, `web-${build}`));
    mark('app.js', build, src);
    touchAll(src, 946684800);
    execFileSync('go', ['run', './cmd/jeu1000', 'site', '-web', src, '-data', 'data/compressed', '-out', join(work, 'site')],
      { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    return buildOf(join(work, 'site'));
  }

  it('a rebuilt site is seen whole by the next page (no 304 for a changed file)', async () => {
    siteOf('A');
    server = await serveStatic(join(work, 'site'), '/', { etag: true });
    base = server.url;
    const ctx = await newContext({ serviceWorkers: 'allow' });
    const page = await newPage(base, { context: ctx });
    await page.goto(`${base}/`);
    await ready(page);
    await page.waitForFunction(() => navigator.serviceWorker.controller, null, { timeout: 30000 });
    await page.reload();
    await ready(page);
    assert.equal((await marks(page))['app.js'], 'A');
    const buildB = siteOf('B'); // app.js of the same size
    await checkForUpdate(page);
    const hasB = await until(page, (b) => caches.has(`jeu1000-app-${b}`), (has) => has, buildB);
    assert.ok(hasB, 'the set of the rebuilt site is fetched whole');
    await page.reload();
    await ready(page);
    assert.equal((await marks(page))['app.js'], 'B');
    assert.deepEqual(page.errors, []);
    await ctx.close();
  });
});
