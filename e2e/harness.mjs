// Shared set-up of the browser tests: builds the app as `make run` does
// (the wasm core next to web/, served with the bundled dataset by the Go
// server), starts Debian's Chromium headless through playwright-core, and
// records every request each page makes.
//
// Environment: CHROMIUM (default /usr/bin/chromium). Without Chromium the
// tests are skipped, except under CI where they fail. JEU1000_DATA=DIR serves
// that dataset instead of data/compressed (e.g. the national build of
// `make data-france` or `make bench-france`: every test then runs on it).
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const shared = join(root, '..', 'shared', 'data');
export const shotsDir = join(root, 'artifacts', 'screenshots');

const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';

/** The dataset served: JEU1000_DATA (relative to the repository), or "" for data/compressed. */
export const dataDir = process.env.JEU1000_DATA || '';

/** Whether the browser tests can run here; under CI they must. */
export function available() {
  if (existsSync(executablePath)) return true;
  if (process.env.CI) throw new Error(`browser tests need Chromium under CI (${executablePath} missing)`);
  return false;
}

let serverProc;
let browser;

/**
 * Builds the wasm and the server, starts both; returns the base URL.
 * serveArgs: more options of `jeu1000 serve`.
 */
export async function start({ serveArgs = [] } = {}) {
  execFileSync('make', ['-s', 'web'], { cwd: root, stdio: 'inherit' });
  const bin = join(mkdtempSync(join(tmpdir(), 'jeu1000-e2e-')), 'jeu1000');
  execFileSync('go', ['build', '-o', bin, './cmd/jeu1000'], { cwd: root, stdio: 'inherit' });
  const data = dataDir ? ['-data', dataDir] : [];
  serverProc = spawn(bin, ['serve', '-addr', '127.0.0.1:0', ...data, ...serveArgs], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  const url = await new Promise((resolve, reject) => {
    let err = '';
    serverProc.stderr.on('data', (d) => {
      err += d;
      const m = /serving on (http:\/\/[^/\s]+)\//.exec(err);
      if (m) resolve(m[1]);
    });
    serverProc.on('exit', (code) => reject(new Error(`server exited ${code}: ${err}`)));
  });
  await launch();
  return url;
}

/** Starts the browser alone (start() does it too), for a test that serves the app itself. */
export async function launch() {
  browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  mkdirSync(shotsDir, { recursive: true });
}

export async function stop() {
  await browser?.close();
  serverProc?.kill();
}

/**
 * Opens a page in a fresh browser context (its own storage) and records the
 * URL of every request it makes in page.requests.
 */
export async function newPage(base, { width = 1280, height = 900, context } = {}) {
  const ctx = context ?? await browser.newContext({ viewport: { width, height }, locale: 'fr-FR', serviceWorkers: 'block' });
  const page = await ctx.newPage();
  page.requests = [];
  page.on('request', (r) => page.requests.push(r.url()));
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.base = base;
  return page;
}

/** A new browser context, for tests that reload a page with its storage. */
export async function newContext(opts = {}) {
  return browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR', serviceWorkers: 'block', ...opts });
}

/** Waits until the Go core has set window.jeu1000. */
export async function ready(page) {
  await page.waitForFunction(() => typeof window.jeu1000 === 'object' && window.jeu1000 !== null, null, { timeout: 60000 });
}

/** Requests that left the app's origin (data: and blob: URLs are local). */
export function foreign(page) {
  return page.requests.filter((u) => !u.startsWith(page.base + '/') && !u.startsWith('data:') && !u.startsWith('blob:'));
}

/** A euro amount as the page writes it (« 1 234,56 € ») in cents. */
export const euroCents = (s) => Math.round(Number(s.replace(/[^\d,.-]/g, '').replace(',', '.')) * 100);

/** A golden report of the command line (cmd/jeu1000/testdata/golden). */
export const golden = (name) => JSON.parse(readFileSync(join(root, 'cmd', 'jeu1000', 'testdata', 'golden', name), 'utf8'));

/** A new page on the draft view, its file tab chosen. */
export async function openDraft(base) {
  const page = await newPage(base);
  await page.goto(`${base}/#/brouillon`);
  await page.click('label[for="draft-source-file"]').catch(() => {});
  return page;
}

export async function shot(page, name) {
  await page.screenshot({ path: join(shotsDir, `${name}.png`), fullPage: true });
}
