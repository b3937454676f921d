// Browser tests on the national dataset (issue 12): skipped unless
// JEU1000_DATA names a dataset built by `make data-france` or
// `make bench-france` (the simulated national files). Search over every
// authority (latency printed; target ≤ 50 ms), a commune, an EPCI, a
// département, a région, Paris found once, years side by side, the game's
// set-up, a real draft beside its latest accounts and its detailed peers.
// The authorities are anchors the generator always includes
// (internal/national.Anchors), so the same tests run on the real files.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { available, dataDir, foreign, newPage, ready, shared, shot, shotsDir, start, stop } from './harness.mjs';

const run = available();
const skip = (!dataDir && 'JEU1000_DATA not set (a national dataset)') || (!run && 'Chromium not installed');
let base;

const money = (s) => (s ? Math.round(Number(s) * 100) : null); // the core's "1234.56" in cents
/** A cell's text without spaces, decimal comma as a point: « 265,14 € /hab. » → "265.14€/hab.". */
const flat = (s) => s.replace(/\s/g, '').replace(/,/g, '.');
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

  it('a real draft beside its latest accounts and its detailed peers: figures in every column', async () => {
    // Montreuil's CA 2023 (its own TOTEM file, M14, by function) as the draft:
    // its SIREN makes Montreuil the reference; the national build's years are
    // detailed, so its peers have figures (on the common grid: M14 and M57
    // function codes do not mean the same, the core splits the draft again).
    const doc = (f) => join(shared, 'documents', 'montreuil-93048', f);
    const page = await newPage(base, { width: 1280, height: 900 });
    await page.goto(`${base}/#/brouillon`);
    await page.click('label[for="draft-source-file"]').catch(() => {});
    await page.setInputFiles('#draft-file', doc('CA_2023.xml'));
    await page.waitForSelector('[data-testid="draft-tw-draft-total"]', { timeout: 60000 });
    assert.match(await page.inputValue('#draft-ref-search'), /Montreuil/);

    /** The three-way table as drawn, and the core's own figures for the same authority and years. */
    async function check(draftYear) {
      const drawn = await page.$$eval('[data-testid="draft-table"] tbody tr', (trs) => trs.map((tr) => {
        const get = (col) => tr.querySelector(`[data-testid="draft-tw-${col}-${tr.dataset.code}"]`);
        return { code: tr.dataset.code, draft: get('draft').dataset.share ?? null, accounts: get('accounts').dataset.share ?? null,
          peers: get('peers').dataset.share ?? null, peersText: get('peers').textContent };
      }));
      const accountsYear = Number((await page.textContent('[data-testid="draft-tw-accounts-source"]')).match(/balance comptable DGFiP (20\d\d)/)[1]);
      const core = await page.evaluate(async ([dy, ay]) => {
        const req = { grid: 'common', section: 'all' };
        const d = await window.jeu1000.splitRecord('commune:93048', dy, req);
        const a = await window.jeu1000.splitRecord('commune:93048', ay, req);
        return { draft: d.parts, accounts: a.parts, note: d.peers_note || null };
      }, [draftYear, accountsYear]);
      const want = Object.fromEntries(core.draft.map((p) => [p.code, p]));
      const wantAccounts = Object.fromEntries(core.accounts.map((p) => [p.code, p]));
      assert.equal(core.note, null, `peers of ${draftYear}: ${JSON.stringify(core.note)}`);
      // The group the view keeps: the population band, else the kind, else France.
      const kinds = new Set(core.draft.flatMap((p) => p.peers.map((pe) => pe.kind)));
      const kind = ['strate', 'type', 'national'].find((k) => kinds.has(k));
      assert.ok(kind, `peers of ${draftYear}: none`);
      let draftSum = 0; let accountsSum = 0; let withPeers = 0;
      for (const r of drawn) {
        draftSum += money(r.draft);
        accountsSum += money(r.accounts);
        assert.equal(money(r.draft), money(want[r.code]?.euros ?? '0'), `draft ${r.code}`);
        assert.equal(money(r.accounts), money(wantAccounts[r.code]?.euros ?? '0'), `accounts ${r.code}`);
        const pe = want[r.code]?.peers.find((x) => x.kind === kind);
        if (!pe) { assert.equal(r.peers, null, `peers ${r.code}: no median, no figure`); continue; }
        withPeers++;
        assert.equal(pe.year, draftYear, `peers' year ${r.code}`);
        assert.equal(r.peers, pe.median, `peers' median ${r.code}`);
        const text = flat(r.peersText);
        assert.ok(text.includes(`${pe.per_inhabitant_median}€/hab.`), `peers € per inhabitant ${r.code}: ${text} vs ${pe.per_inhabitant_median}`);
        assert.ok(text.includes(`quartiles${pe.q1}–${pe.q3}`), `peers' quartiles ${r.code}: ${text} vs ${pe.q1}–${pe.q3}`);
      }
      assert.ok(withPeers >= 10, `${withPeers} parts with a median`);
      assert.equal(draftSum, 100000, 'the draft sums to 1,000.00 €');
      assert.equal(accountsSum, 100000, 'the accounts sum to 1,000.00 €');
      assert.equal(money(await page.getAttribute('[data-testid="draft-tw-draft-total"]', 'data-share')), 100000);
      assert.equal(await page.$('[data-testid="draft-tw-peers-reason"]'), null, 'the peers compare');
      const src = await page.textContent('[data-testid="draft-tw-peers-source"]');
      assert.match(src, new RegExp(`collectivités, ${draftYear}\\)`));
      assert.match(src, /compte détaillé/);
      console.log(`three-way on the national build: Montreuil CA ${draftYear} as draft, accounts balance ${accountsYear}, `
        + `peers « ${core.draft[0].peers.find((x) => x.kind === kind).group} » ${draftYear} on ${withPeers} parts; `
        + drawn.slice(0, 3).map((r) => `${r.code} ${r.draft} / ${r.accounts} / ${r.peers}`).join(', '));
      return accountsYear;
    }
    const accountsYear = await check(2023);
    assert.ok(accountsYear > 2023, `the latest accounts: ${accountsYear}`);
    assert.match(await page.textContent('[data-testid="draft-table"] caption'), /1 000 €/);
    await shot(page, 'france-10-threeway-peers-1280');
    await page.locator('#draft-result .table-wrap').screenshot({ path: join(shotsDir, 'france-10-threeway-peers-1280-table.png') });
    const [sw, cw] = await page.$eval('[data-testid="draft-table"]', (t) => [t.parentElement.scrollWidth, t.parentElement.clientWidth]);
    assert.ok(sw <= cw + 1, `table ${sw} px in a panel of ${cw} px`);

    // Another year's draft of the same city: its peers are those of its
    // own year, the accounts still the latest.
    await page.setInputFiles('#draft-file', doc('CA_2022.xml'));
    await page.waitForFunction(() => /CA 2022/.test(document.querySelector('[data-testid="draft-table"] thead')?.textContent || ''), null, { timeout: 60000 });
    await page.waitForSelector('[data-testid="draft-tw-draft-total"]', { timeout: 60000 });
    assert.equal(await check(2022), accountsYear);
    // On a phone, the medians with their quartiles stay within the screen.
    await page.setViewportSize({ width: 390, height: 900 });
    await page.waitForTimeout(300);
    const wide = await page.$eval('[data-testid="draft-table"]', (t) => t.parentElement.scrollWidth - t.parentElement.clientWidth);
    assert.ok(wide <= 1, `the table scrolls sideways by ${wide} px at 390 px`);
    await page.locator('#draft-result .table-wrap').screenshot({ path: join(shotsDir, 'france-11-threeway-peers-390-table.png') });
    assert.deepEqual(page.errors, []);
    await page.context().close();
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
