// Browser tests of the core in Web Workers (issue 16): a crashed worker is
// replaced and the page lives on; a big file is read with progress and can
// be cancelled; a search typed while a big file is read is answered.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { available, newPage, ready, shot, start, stop } from './harness.mjs';
import { bigTotem, source } from './bigfile.mjs';

const run = available();
let base;
let big;

describe('the core in workers', { skip: !run && 'Chromium not installed' }, () => {
  before(async () => {
    base = await start();
    big = bigTotem(100e6);
  });
  after(async () => {
    await stop();
    if (big) rmSync(dirname(big), { recursive: true, force: true });
  });

  async function draftPage() {
    const page = await newPage(base);
    await page.goto(`${base}/#/brouillon`);
    await ready(page);
    return page;
  }

  it('a crashed worker is reported in French and replaced; the page lives on', async () => {
    const page = await newPage(base);
    await page.goto(`${base}/#/collectivite/commune:93048?annee=2023`);
    await page.waitForSelector('[data-testid="citizen-chart"]', { timeout: 60000 });
    const [worker] = page.workers();
    assert.ok(worker, 'a worker runs the core');
    // An error nothing catches, as a trap of the wasm would throw.
    await worker.evaluate(() => { setTimeout(() => { throw new Error('panne simulée'); }); });
    await page.waitForFunction(() => /relancé/.test(document.getElementById('engine-status').textContent), null, { timeout: 10000 });
    const status = await page.textContent('#engine-status');
    assert.match(status, /Le moteur de calcul s'est arrêté \(.*panne simulée.*\) ; il a été relancé/);
    assert.ok(await page.isVisible('#engine-status'), 'the message is shown');
    // The new worker answers: search, and another authority's figures.
    await page.fill('[data-testid="search-input"]', '');
    await page.click('[data-testid="search-input"]');
    await page.keyboard.type('bordeaux');
    await page.waitForSelector('[data-testid="search-option"][data-key="commune:33063"]', { timeout: 30000 });
    await page.click('[data-testid="search-option"][data-key="commune:33063"]');
    await page.waitForFunction(() => /Bordeaux/.test(document.querySelector('[data-testid="citizen-result-title"]')?.textContent || ''), null, { timeout: 30000 });
    // The shards the old worker had loaded are loaded again: Montreuil's figures come back.
    await page.goBack();
    await page.waitForFunction(() => /252\s564\s408,69/.test(document.querySelector('[data-testid="citizen-total"]')?.textContent || ''), null, { timeout: 30000 });
    assert.equal(page.workers().length, 1, 'one viewer worker');
    await shot(page, 'worker-01-restarted');
    assert.deepEqual(page.errors, []);
  });

  it('a big file shows its progress and can be cancelled; the next file is read', async () => {
    const page = await draftPage();
    await page.setInputFiles('#draft-file', big);
    await page.waitForSelector('[data-testid="file-progress"]', { timeout: 30000 });
    assert.match(await page.textContent('#draft-file-status'), /Lecture de « CA_2023_\d+Mo\.xml » \(10\d(,\d)? Mo\)|Analyse de/);
    await shot(page, 'worker-02-progress');
    await page.click('[data-testid="file-progress-cancel"]');
    await page.waitForFunction(() => /annulée/.test(document.getElementById('draft-file-status').textContent), null, { timeout: 10000 });
    assert.equal(await page.$('[data-testid="file-progress"]'), null, 'the progress bar is gone');
    assert.equal(await page.$('[data-testid="draft-table"]'), null, 'nothing was drawn from the cancelled file');
    assert.equal(await page.isVisible('#draft-error'), false, 'a cancel is not an error');
    // The next file is read (by a new worker if the old one was stopped in Go).
    await page.setInputFiles('#draft-file', source);
    await page.waitForSelector('[data-testid="draft-table"]', { timeout: 60000 });
    assert.match(await page.textContent('[data-testid="draft-total"]'), /252\s564\s408,69/);
    assert.deepEqual(page.errors, []);
  });

  it('a search typed while a big file is read is answered at once, and the file is then split', async () => {
    const page = await draftPage();
    // Search prepared first, as when the search box got the focus.
    await page.evaluate(() => window.jeu1000.prepareSearch());
    // The progress lines counted as the file is read, seen from the page.
    await page.evaluate(() => {
      window.progressSeen = [];
      new MutationObserver(() => {
        const t = document.querySelector('[data-testid="file-progress-text"]')?.textContent;
        if (t && window.progressSeen.at(-1) !== t) window.progressSeen.push(t);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await page.setInputFiles('#draft-file', big);
    await page.waitForSelector('[data-testid="file-progress"]', { timeout: 30000 });
    // While the file is read and analysed: the citizen view's search, one query typed.
    await page.evaluate(() => { location.hash = '#/collectivite'; });
    await page.waitForSelector('[data-testid="search-input"]', { state: 'visible' });
    const r = await page.evaluate(() => new Promise((resolve) => {
      const input = document.querySelector('[data-testid="search-input"]');
      const list = document.querySelector('[data-testid="search-listbox"]');
      const t0 = performance.now();
      const obs = new MutationObserver(() => {
        if (!list.querySelector('[data-key="commune:35238"]')) return;
        obs.disconnect();
        resolve({ ms: performance.now() - t0, reading: document.querySelector('[data-testid="file-progress"]') !== null });
      });
      obs.observe(list, { childList: true, subtree: true });
      input.focus();
      input.value = 'rennes';
      input.dispatchEvent(new InputEvent('input', { bubbles: true, data: 's', inputType: 'insertText' }));
    }));
    console.log(`search answered in ${r.ms.toFixed(1)} ms while the file was ${r.reading ? 'still being read or analysed' : 'already split'}`);
    assert.ok(r.reading, 'the search was answered before the file was split');
    // Back to the draft: the big file's split (its annexes are skipped: the real file's total).
    await page.evaluate(() => { location.hash = '#/brouillon'; });
    await page.waitForSelector('[data-testid="draft-table"]', { timeout: 120000 });
    assert.match(await page.textContent('[data-testid="draft-total"]'), /252\s564\s408,69/);
    const seen = await page.evaluate(() => window.progressSeen);
    assert.ok(seen.some((t) => /Mo sur 10\d(,\d)? Mo lus — [\d\s\u202f]+ lignes/.test(t)), `bytes and lines read: ${seen}`);
    assert.ok(seen.some((t) => /^Analyse de [\d\s\u202f]+ lignes/.test(t)), `lines analysed: ${seen}`);
    assert.deepEqual(page.errors, []);
  });
});
