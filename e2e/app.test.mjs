// Browser tests of the app's user paths (issue 4), in Debian's headless
// Chromium: search → split, F/I, drill-down, years, peers, upload of a real
// TOTEM file (split = the command line's), bad file, typed grid, reload,
// permalink, phone width, and no request leaving the app's origin.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { available, foreign, newContext, newPage, ready, root, shared, shot, start, stop } from './harness.mjs';

const run = available();
let base;

// The command line's golden split of the same document (cmd/jeu1000/testdata).
const golden = JSON.parse(readFileSync(join(root, 'cmd', 'jeu1000', 'testdata', 'golden', 'montreuil-2023.json'), 'utf8'));
const cents = (s) => Math.round(Number(s.replace(/\s|\u202f|\u00a0/g, '').replace(',', '.')) * 100);

describe('browser app', { skip: !run && 'Chromium not installed' }, () => {
  before(async () => { base = await start(); });
  after(async () => { await stop(); });

  async function openAuthority(page, hash) {
    await page.goto(`${base}/${hash}`);
    await ready(page);
    await page.waitForSelector('[data-testid="citizen-chart"]', { timeout: 60000 });
  }

  async function tableParts(page, prefix) {
    return page.$$eval(`[data-testid="${prefix}-table"] tbody tr[data-testid^="${prefix}-row-"]`, (rows) => rows.map((r) => ({
      code: r.dataset.testid.replace(/^[a-z]+-row-/, ''),
      cells: [...r.querySelectorAll('td,th')].map((c) => c.textContent.trim()),
    })));
  }

  it('search → split of Montreuil, the figures of the command line', async () => {
    const page = await newPage(base);
    await page.goto(`${base}/`);
    await ready(page);
    await page.click('#search-input');
    await page.keyboard.type('montreuil');
    await page.waitForSelector('[data-testid="search-option"][data-key="commune:93048"]', { timeout: 30000 });
    await shot(page, 'app-01-search');
    // The first suggestion is Montreuil (93), already highlighted.
    assert.equal(await page.getAttribute('[data-testid="search-option"] >> nth=0', 'data-key'), 'commune:93048');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="citizen-chart"]', { timeout: 60000 });
    assert.match(await page.textContent('#authority-name'), /Montreuil/);
    // Year 2023 (latest detailed): the table's € for 1,000 € are the CLI's.
    await page.selectOption('#citizen-year', '2023').catch(() => {});
    await page.waitForSelector('[data-testid="citizen-row-2"]', { state: 'attached' });
    const total = await page.textContent('[data-testid="citizen-total"]');
    assert.ok(total.replace(/\s|\u202f|\u00a0/g, '').includes('252564408,69'), `total ${total}`);
    const rows = await tableParts(page, 'citizen');
    for (const p of golden.parts) {
      const row = rows.find((r) => r.code === p.code);
      assert.ok(row, `part ${p.code} missing`);
      assert.ok(row.cells.some((c) => cents(c.split('€')[0]) === cents(p.euros)), `part ${p.code}: ${row.cells} vs ${p.euros}`);
    }
    const prov = await page.textContent('[data-testid="citizen-provenance"]');
    assert.match(prov, /Licence|licence/);
    await shot(page, 'app-02-montreuil');
    assert.deepEqual(foreign(page), []);
    assert.deepEqual(page.errors, []);
  });

  it('an authority whose kind does not say it all: roles and population source', async () => {
    const page = await newPage(base);
    await page.goto(`${base}/#/collectivite/commune:75056`);
    await ready(page);
    await page.waitForSelector('[data-testid="authority-note"]:not([hidden])', { timeout: 60000 });
    const note = await page.textContent('[data-testid="authority-note"]');
    assert.match(note, /Ville de Paris : commune et département depuis 2019/, note);
    assert.match(note, /Population : INSEE/, `population source: ${note}`);
    const title = await page.getAttribute('[data-testid="authority-facts"] span[title^="Source"]', 'title');
    assert.match(title, /INSEE/, 'the population figure names its source');
  });

  it('fonctionnement / investissement toggle changes the split', async () => {
    const page = await newPage(base);
    await openAuthority(page, '#/collectivite/commune:93048?annee=2023');
    const both = await page.textContent('[data-testid="citizen-total"]');
    await page.click('label[for="citizen-section-I"]');
    await page.waitForFunction((b) => document.querySelector('[data-testid="citizen-total"]')?.textContent !== b, both);
    const inv = await page.textContent('[data-testid="citizen-total"]');
    assert.notEqual(inv, both);
    assert.match(page.url(), /section=I/);
    await shot(page, 'app-03-investissement');
  });

  it('drill-down into a part shows its sub-functions and largest lines', async () => {
    const page = await newPage(base);
    await openAuthority(page, '#/collectivite/commune:93048?annee=2023');
    await page.click('[data-testid="citizen-part-2"]');
    await page.waitForSelector('[data-testid="citizen-drill-table"]');
    const drill = await page.textContent('#citizen-drill');
    assert.match(drill, /premier degré/i);
    assert.ok(await page.$('[data-testid="citizen-drill-lines"]'), 'largest lines listed');
    await shot(page, 'app-04-drill');
    await page.click('[data-testid="citizen-drill-close"]');
  });

  it('years side by side on the common grid', async () => {
    const page = await newPage(base);
    await openAuthority(page, '#/collectivite/commune:93048?annee=2023');
    await page.click('#citizen-years-toggle');
    await page.waitForSelector('[data-testid="citizen-years-table"]', { timeout: 60000 });
    const head = await page.textContent('[data-testid="citizen-years-table"]');
    for (const y of ['2016', '2019', '2023']) assert.ok(head.includes(y), `year ${y} missing`);
    // 2024 is an aggregate of another method: shown apart with its reason,
    // never in the table nor in the evolution.
    assert.ok(!head.includes('2024'), 'the aggregated 2024 stands apart from the accounts');
    assert.match(head, /2016→2023/, 'the evolution spans the comparable years only');
    const apart = await page.textContent('[data-testid="citizen-years-apart"]');
    assert.match(apart, /2024 : Chiffres agrégés par un tiers/, apart);
    assert.equal(await page.$('[data-testid="citizen-years-six"]'), null, 'no grid on which 2024 would compare with the accounts');
    await shot(page, 'app-05-years');
  });

  it('peers: medians of the population band on an aggregated commune', async () => {
    const page = await newPage(base);
    await openAuthority(page, '#/collectivite/commune:01025?annee=2024&grille=six');
    const text = await page.textContent('[data-testid="citizen-table"]');
    assert.match(text, /médiane|Médiane/);
    const note = await page.$('[data-testid="citizen-aggregated-note"]');
    assert.ok(note, 'aggregated figures are flagged');
    await shot(page, 'app-06-peers');
  });

  it('an authority without figures says so, never zero', async () => {
    const page = await newPage(base);
    await page.goto(`${base}/#/collectivite/region:11`);
    await ready(page);
    await page.waitForSelector('#authority-nodata:not([hidden])', { timeout: 60000 });
    assert.match(await page.textContent('#authority-nodata'), /Pas de chiffres pour la région Île-de-France.*aucune région/);
  });

  it('upload of a real TOTEM file gives the command line\'s split', async () => {
    const page = await newPage(base);
    await page.goto(`${base}/#/brouillon`);
    await ready(page);
    await page.click('label[for="draft-source-file"]').catch(() => {});
    await page.setInputFiles('#draft-file', join(shared, 'documents', 'montreuil-93048', 'CA_2023.xml'));
    await page.waitForSelector('[data-testid="draft-table"]', { timeout: 60000 });
    assert.ok(await page.$('[data-testid="draft-badge-draft"]'), 'drawn as a draft');
    const rows = await tableParts(page, 'draft');
    for (const p of golden.parts) {
      const row = rows.find((r) => r.code === p.code);
      assert.ok(row && row.cells.some((c) => cents(c.split('€')[0]) === cents(p.euros)), `part ${p.code}`);
    }
    await shot(page, 'app-07-upload');
    assert.ok(await page.$eval('[data-testid="draft-file-population"]', (e) => e.hidden), 'the file gives its population: nothing to ask');
    assert.deepEqual(foreign(page), [], 'the file never leaves the page');
  });

  it('a file without population: the INSEE one is offered, or one is typed, and it is kept on reload', async () => {
    const page = await newPage(base);
    await page.goto(`${base}/#/brouillon`);
    await ready(page);
    await page.click('label[for="draft-source-file"]').catch(() => {});
    // Grenoble's CA 2018 gives its SIRET but neither PopTot nor INSEE code.
    await page.setInputFiles('#draft-file', join(shared, 'documents', 'grenoble-38185', 'CA_2018.xml'));
    await page.waitForSelector('[data-testid="draft-table"]', { timeout: 60000 });
    assert.match(await page.textContent('[data-testid="draft-total"]'), /par habitant : —/);
    await page.waitForSelector('[data-testid="draft-file-pop-insee"]', { timeout: 60000 });
    assert.match(await page.textContent('[data-testid="draft-file-pop-insee"]'), /INSEE : [\d\s\u202f]+ habitants \(Grenoble, 20\d\d\)/);
    await page.click('[data-testid="draft-file-pop-insee"]');
    await page.waitForFunction(() => /par habitant \(/.test(document.querySelector('[data-testid="draft-total"]').textContent), null, { timeout: 60000 });
    const pop = Number((await page.inputValue('[data-testid="draft-file-pop-input"]')).replace(/\D/g, ''));
    assert.ok(pop > 150000 && pop < 170000, `Grenoble's population: ${pop}`);
    assert.match(await page.textContent('[data-testid="draft-provenance"]'), /INSEE 20\d\d pour Grenoble \(données intégrées\)/);
    await shot(page, 'app-07b-population');
    // A typed population replaces it, and is said to be the user's.
    await page.fill('[data-testid="draft-file-pop-input"]', '100 000');
    await page.press('[data-testid="draft-file-pop-input"]', 'Tab');
    await page.waitForFunction(() => /100\s000 habitants\)/.test(document.querySelector('[data-testid="draft-total"]').textContent.replace(/[\u202f\u00a0]/g, ' ')), null, { timeout: 60000 });
    const total = cents((await page.textContent('[data-testid="draft-total"] strong')).split('€')[0]);
    const perHead = cents((await page.$$eval('[data-testid="draft-total"] strong', (s) => s[1].textContent)).split('€')[0]);
    assert.equal(perHead, Math.round(total / 100000), 'per inhabitant = total / typed population, to the cent');
    assert.match(await page.textContent('[data-testid="draft-provenance"]'), /indiquée par vous/);
    await page.reload();
    await ready(page);
    await page.waitForSelector('[data-testid="draft-table"]', { timeout: 60000 });
    await page.waitForFunction(() => /100\s000 habitants\)/.test(document.querySelector('[data-testid="draft-total"]').textContent.replace(/[\u202f\u00a0]/g, ' ')), null, { timeout: 60000 });
    assert.deepEqual(page.errors, []);
  });

  it('a bad file gets a French message naming line and field, and the app keeps working', async () => {
    const page = await newPage(base);
    await page.goto(`${base}/#/brouillon`);
    await ready(page);
    await page.click('label[for="draft-source-file"]').catch(() => {});
    await page.setInputFiles('#draft-file', { name: 'casse.csv', mimeType: 'text/csv', buffer: Buffer.from('section;fonction;montant\nF;212;12a\n') });
    await page.waitForSelector('#draft-error.is-shown');
    const msg = await page.textContent('#draft-error');
    assert.match(msg, /ligne 2/);
    assert.match(msg, /montant/);
    await shot(page, 'app-08-bad-file');
    await page.setInputFiles('#draft-file', join(shared, 'documents', 'crach-56046', 'CA_2021.xml'));
    await page.waitForSelector('[data-testid="draft-nature-note"]', { timeout: 60000 });
    assert.deepEqual(page.errors, []);
  });

  it('typing in the grid updates the split live, and a reload restores the draft', async () => {
    const ctx = await newContext();
    const page = await newPage(base, { context: ctx });
    await page.goto(`${base}/#/brouillon`);
    await ready(page);
    await page.click('label[for="draft-source-grid"]');
    const school = await page.waitForSelector('#draft-F-2');
    await school.fill('600 000');
    await page.fill('#draft-F-0', '400 000');
    await page.waitForSelector('[data-testid="draft-row-2"]', { timeout: 30000, state: 'attached' });
    const before = await page.textContent('[data-testid="draft-row-2"]');
    assert.match(before, /600/);
    await page.fill('#draft-F-2', '1 600 000');
    await page.waitForFunction((b) => document.querySelector('[data-testid="draft-row-2"]')?.textContent !== b, before);
    assert.match(await page.textContent('[data-testid="draft-row-2"]'), /800/);
    await shot(page, 'app-09-grid');
    await page.reload();
    await ready(page);
    await page.waitForSelector('[data-testid="draft-row-2"]', { timeout: 30000, state: 'attached' });
    assert.equal(cents(await page.inputValue('#draft-F-2')), 160000000, 'the typed amount is restored');
    await page.click('#draft-delete');
    await page.reload();
    await ready(page);
    assert.equal(await page.evaluate(() => localStorage.getItem('jeu1000:brouillons:v1')), null);
    await ctx.close();
  });

  it('a permalink reproduces the view', async () => {
    const hash = '#/collectivite/commune:93048?annee=2021&section=I&niveau=2';
    const page = await newPage(base);
    await openAuthority(page, hash);
    assert.equal(await page.inputValue('#citizen-year'), '2021');
    assert.ok(await page.isChecked('#citizen-section-I'));
    const title = await page.textContent('[data-testid="citizen-result-title"]');
    assert.match(title, /2021/);
    const rows = await tableParts(page, 'citizen');
    assert.ok(rows.every((r) => r.code.length === 2 || ['NF', 'DETTE'].includes(r.code)), `level-2 codes: ${rows.map((r) => r.code)}`);
  });

  it('a permalink shows its figures without preparing search, which starts when the search box gets the focus', async () => {
    const page = await newPage(base);
    await openAuthority(page, '#/collectivite/commune:93048?annee=2023');
    // The index was only opened for lookups; nothing decodes the rest (a
    // second during which the page would not respond) until a search is
    // coming.
    await page.waitForTimeout(1500);
    const prepared = () => page.evaluate(() => performance.getEntriesByName('jeu1000:search-ready').length > 0);
    assert.equal(await prepared(), false, 'search prepared without being asked');
    await page.focus('#search-input');
    await page.waitForFunction(() => performance.getEntriesByName('jeu1000:search-ready').length > 0, null, { timeout: 30000 });
    const marks = await page.evaluate(() => Object.fromEntries(performance.getEntriesByType('mark').map((e) => [e.name, e.startTime])));
    assert.ok(marks['jeu1000:rendered'] < marks['jeu1000:search-ready'], `marks ${JSON.stringify(marks)}`);
    await page.keyboard.type('bordeaux');
    await page.waitForSelector('[data-testid="search-option"][data-key="commune:33063"]', { timeout: 10000 });
    assert.deepEqual(page.errors, []);
  });

  it('the core and the index are fetched once, by the worker boot.js starts, and the page does without it', async () => {
    const count = (page) => {
      const seen = {};
      page.on('request', (r) => { const n = new URL(r.url()).pathname.split('/').pop(); seen[n] = (seen[n] || 0) + 1; });
      return seen;
    };
    const page = await newPage(base);
    const seen = count(page);
    await openAuthority(page, '#/collectivite/commune:93048?annee=2023');
    assert.equal(seen['jeu1000-viewer.wasm'], 1, `viewer requests: ${JSON.stringify(seen)}`);
    assert.equal(seen['index.bin'], 1, `index requests: ${JSON.stringify(seen)}`);
    assert.equal(seen['wasm_exec.js'], 1, `wasm_exec.js requests: ${JSON.stringify(seen)}`);
    assert.equal(await page.evaluate(() => 'jeu1000Boot' in globalThis), true, 'boot.js started the worker');
    // The core runs in a worker, not on the page's thread.
    assert.equal(await page.evaluate(() => typeof globalThis.Go), 'undefined');
    assert.deepEqual(page.workers().map((w) => new URL(w.url()).pathname), ['/js/worker.js']);
    // Without boot.js (blocked, or an old cached page), engine.js does the work.
    const bare = await newPage(base);
    await bare.route(/\/boot\.js$/, (route) => route.abort());
    await openAuthority(bare, '#/collectivite/commune:93048?annee=2023');
    assert.equal(await bare.evaluate(() => 'jeu1000Boot' in globalThis), false);
    assert.match(await bare.textContent('[data-testid="citizen-total"]'), /252/);
  });

  it('works on a 375-px phone screen', async () => {
    const page = await newPage(base, { width: 375, height: 812 });
    await openAuthority(page, '#/collectivite/commune:93048?annee=2023');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `page wider than the phone by ${overflow}px`);
    await shot(page, 'app-10-phone');
  });

  it('no request leaves the page after load, and the CSP is strict', async () => {
    const page = await newPage(base);
    const resp = await page.goto(`${base}/`);
    const csp = resp.headers()['content-security-policy'];
    assert.match(csp, /connect-src 'self'/);
    assert.doesNotMatch(csp, /https?:/);
    await ready(page);
    await page.click('#search-input');
    await page.keyboard.type('bordeaux');
    await page.waitForSelector('[data-testid="search-option"]');
    await page.goto(`${base}/#/comprendre`);
    assert.deepEqual(foreign(page), []);
  });
});

describe('dataset versions', { skip: !run && 'Chromium not installed' }, () => {
  before(async () => { base = await start(); });
  after(async () => { await stop(); });

  it('a shard is fetched at its version and one of another build is refused with a message', async () => {
    const page = await newPage(base);
    // Montreuil's shards answer with a pack of other communes: what a cache
    // that kept a shard across an update of the dataset would give.
    const urls = [];
    const pack = readdirSync(join(root, 'data', 'compressed')).find((n) => /^p-.*\.bin\.gz$/.test(n));
    await page.route(/\/data\/a-commune-93048-\d+\.bin(\?|$)/, (route) => { urls.push(route.request().url()); return route.fulfill({ status: 404 }); });
    await page.route(/\/data\/a-commune-93048-\d+\.bin\.gz(\?|$)/, (route) => {
      urls.push(route.request().url());
      return route.fulfill({ status: 200, contentType: 'application/gzip', body: readFileSync(join(root, 'data', 'compressed', pack)) });
    });
    await page.goto(`${base}/#/collectivite/commune:93048?annee=2023`);
    await ready(page);
    await page.waitForSelector('[data-testid="citizen-error"]', { timeout: 60000 });
    assert.match(await page.textContent('[data-testid="citizen-error"]'), /mises à jour depuis l'ouverture de la page/);
    assert.ok(urls.length >= 1 && urls.every((u) => /\?v=[0-9a-f]{8}$/.test(u)), `shard URLs name their version: ${urls.join(' ')}`);
    await shot(page, 'app-12-stale-shard');
    // The app keeps working: another authority opens.
    await page.unrouteAll();
    await page.goto(`${base}/#/collectivite/commune:56046`);
    await page.waitForSelector('[data-testid="citizen-chart"], [data-testid="citizen-nature-note"]', { timeout: 60000 });
  });
});

describe('offline', { skip: !run && 'Chromium not installed' }, () => {
  before(async () => { base = await start(); });
  after(async () => { await stop(); });

  it('after a first visit the app works offline (service worker)', async () => {
    const ctx = await newContext({ serviceWorkers: 'allow' });
    const page = await newPage(base, { context: ctx });
    await page.goto(`${base}/#/collectivite/commune:93048?annee=2023`);
    await ready(page);
    await page.waitForSelector('[data-testid="citizen-chart"]', { timeout: 60000 });
    await page.evaluate(() => navigator.serviceWorker.ready);
    // Let the worker finish precaching (it caches data on first fetch too).
    await page.waitForFunction(async () => (await caches.keys()).length > 0 && (await Promise.all((await caches.keys()).map(async (k) => (await (await caches.open(k)).keys()).length))).reduce((a, b) => a + b, 0) > 10, null, { timeout: 30000 });
    await page.reload();
    await page.waitForSelector('[data-testid="citizen-chart"]', { timeout: 60000 });
    await ctx.setOffline(true);
    await page.reload();
    await ready(page);
    await page.waitForSelector('[data-testid="citizen-chart"]', { timeout: 60000 });
    assert.match(await page.textContent('[data-testid="citizen-total"]'), /252/);
    await shot(page, 'app-11-offline');
    // The file reader (the full core, precached) works offline too.
    await page.goto(`${base}/#/brouillon`);
    await page.click('label[for="draft-source-file"]').catch(() => {});
    await page.setInputFiles('#draft-file', join(shared, 'documents', 'crach-56046', 'CA_2021.xml'));
    await page.waitForSelector('[data-testid="draft-nature-note"]', { timeout: 60000 });
    await ctx.close();
  });
});
