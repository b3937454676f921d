// Browser tests of the draft against its authority's latest accounts and
// its peers (issue 17): the Gironde's own BP 2016 CSV beside its CA 2016 in
// the bundled dataset, figures equal to the command line's to the cent,
// shares adding up to 1,000.00 €, the peers' column « — » with its reason
// (the départements' peers are OFGL aggregates only), the table inside its
// panel at 1280 px and readable at 390 px, the CSV export with the three
// columns, and a TOTEM file whose SIREN makes its authority the reference.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { available, euroCents, golden, newPage, shared, shot, shotsDir, start, stop } from './harness.mjs';

const run = available();
let base;

const gironde = (f) => join(shared, 'departement-csv', 'gironde-33', f);
const money = (s) => (s ? Math.round(Number(s) * 100) : null); // the core's "1234.56" in cents

/** A screenshot of the result's three-way table alone, to read it at full size. */
async function shotTable(page, name) {
  await page.locator('#draft-result .table-wrap').screenshot({ path: join(shotsDir, `${name}.png`) });
}

/** The draft page at a width, a file in it. */
async function openWith(width, file) {
  const page = await newPage(base, { width, height: 900 });
  await page.goto(`${base}/#/brouillon`);
  await page.click('label[for="draft-source-file"]').catch(() => {});
  await page.setInputFiles('#draft-file', file);
  await page.waitForSelector('[data-testid="draft-table"]', { timeout: 60000 });
  return page;
}

/** Chooses an authority as the reference with the search. */
async function chooseRef(page, query, key) {
  await page.click('label[for="draft-ref-authority-kind"]');
  await page.fill('#draft-ref-search', '');
  await page.click('#draft-ref-search');
  await page.keyboard.type(query);
  await page.waitForSelector(`#draft-ref-listbox [data-key="${key}"]`, { timeout: 30000 });
  await page.click(`#draft-ref-listbox [data-key="${key}"]`);
  await page.waitForSelector('[data-testid="draft-tw-draft-total"]', { timeout: 60000 });
}

/** The three columns as drawn: {code: {draft, draftAmount, accounts, accountsAmount, diff, diffAmount, peers}} in cents. */
async function columns(page) {
  return page.$$eval('[data-testid="draft-table"] tbody tr', (trs) => Object.fromEntries(trs.map((tr) => {
    const code = tr.dataset.code;
    const get = (col) => tr.querySelector(`[data-testid="draft-tw-${col}-${code}"]`);
    const amount = (col) => get(col)?.querySelector('[data-amount]')?.dataset.amount ?? null;
    return [code, {
      draft: get('draft').dataset.share ?? null, draftAmount: amount('draft'),
      accounts: get('accounts').dataset.share ?? null, accountsAmount: amount('accounts'),
      diff: get('diff').dataset.share ?? null, diffAmount: get('diff').dataset.amount ?? null,
      peers: get('peers').dataset.share ?? null, peersText: get('peers').textContent,
      shown: get('draft').firstChild.textContent,
    }];
  })));
}

describe('draft against the latest accounts against the peers', { skip: !run && 'Chromium not installed' }, () => {
  before(async () => { base = await start(); });
  after(async () => { await stop(); });

  it('puts the Gironde\'s BP 2016 beside its CA 2016 and says why the peers do not compare', async () => {
    const page = await openWith(1280, gironde('cedi_2016_BP.csv'));
    await chooseRef(page, 'gironde', 'departement:33');
    const cols = await columns(page);
    // Both sections, native grid: the command line's splits of the two files.
    const bp = golden('gironde-bp-2016.json');
    const ca = golden('gironde-ca-2016.json');
    let draftSum = 0; let accountsSum = 0;
    for (const p of bp.parts) {
      assert.equal(money(cols[p.code].draft), money(p.euros), `draft ${p.code}`);
      assert.equal(money(cols[p.code].draftAmount), money(p.amount), `draft € ${p.code}`);
      assert.equal(euroCents(cols[p.code].shown), money(p.euros), `draft shown ${p.code}`);
    }
    for (const p of ca.parts) {
      assert.equal(money(cols[p.code].accounts), money(p.euros), `accounts ${p.code}`);
      assert.equal(money(cols[p.code].accountsAmount), money(p.amount), `accounts € ${p.code}`);
    }
    for (const [code, c] of Object.entries(cols)) {
      draftSum += money(c.draft);
      accountsSum += money(c.accounts);
      assert.equal(money(c.diff), money(c.draft) - money(c.accounts), `points ${code}`);
      assert.equal(money(c.diffAmount), money(c.draftAmount) - money(c.accountsAmount), `€ ${code}`);
      // The peers: no figure, never 0.
      assert.equal(c.peers, null, `peers ${code}`);
      assert.match(c.peersText, /^—/, `peers ${code}`);
    }
    assert.equal(draftSum, 100000);
    assert.equal(accountsSum, 100000);
    assert.equal(money(await page.getAttribute('[data-testid="draft-tw-draft-total"]', 'data-share')), 100000);
    assert.equal(euroCents(await page.textContent('[data-testid="draft-tw-accounts-total-amount"]')), money(ca.total));
    // Provenance of each column, and the reason of the one that does not compare.
    const src = await page.textContent('[data-testid="draft-tw-accounts-source"]');
    assert.match(src, /compte administratif 2016/i);
    assert.match(src, /2024 : chiffres agrégés par l'OFGL/); // a more recent year left aside, said so
    assert.match(await page.textContent('[data-testid="draft-tw-peers-reason"]'), /chiffres agrégés par l'OFGL/);
    // The table fits its panel: no sideways scroll at 1280 px.
    await shot(page, 'threeway-01-gironde-1280');
    await shotTable(page, 'threeway-01-gironde-1280-table');
    const [sw, cw] = await page.$eval('[data-testid="draft-table"]', (t) => [t.parentElement.scrollWidth, t.parentElement.clientWidth]);
    assert.ok(sw <= cw + 1, `table ${sw} px in a panel of ${cw} px`);

    // Fonctionnement only: the same checks, the frame the core's.
    await page.click('label[for="draft-section-F"]');
    await page.waitForFunction(() => /fonctionnement\)/.test(document.querySelector('[data-testid="draft-table"] caption')?.textContent || ''), null, { timeout: 60000 });
    await page.waitForSelector('[data-testid="draft-tw-draft-total"]', { timeout: 60000 });
    const f = await columns(page);
    const sum = (k) => Object.values(f).reduce((s, c) => s + money(c[k]), 0);
    assert.equal(sum('draft'), 100000);
    assert.equal(sum('accounts'), 100000);
    await shot(page, 'threeway-02-gironde-F-1280');

    // The CSV export carries the three columns and their provenance.
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="draft-export-csv"]')]);
    const text = readFileSync(await dl.path(), 'utf8');
    assert.match(text, /brouillon pour 1000 €;brouillon \(€\)/);
    assert.match(text, /comptes pour 1000 €;comptes \(€\)/);
    assert.match(text, /médiane des pairs : non comparable/);
    assert.match(text, /derniers comptes : compte administratif · 2016/i);
    // The chart's export (SVG; the PNG is drawn from it) says what its marks are.
    const [svg] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="draft-export-svg"]')]);
    const chart = readFileSync(await svg.path(), 'utf8').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' '); // its text, lines joined
    assert.match(chart, /« réf. » : comptes CA 2016 de la Gironde/);
    assert.match(chart, /Médiane des pairs : non comparable/);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  it('stays readable on a phone: shares first, € behind a toggle', async () => {
    const page = await openWith(390, gironde('cedi_2016_BP.csv'));
    await chooseRef(page, 'gironde', 'departement:33');
    const wide = await page.$eval('[data-testid="draft-table"]', (t) => t.parentElement.scrollWidth - t.parentElement.clientWidth);
    assert.ok(wide <= 1, `the table scrolls sideways by ${wide} px`);
    assert.equal(await page.isVisible('[data-testid="draft-tw-draft-total-amount"]'), false, '€ hidden at first');
    await shot(page, 'threeway-03-gironde-390');
    await shotTable(page, 'threeway-03-gironde-390-table');
    await page.click('[data-testid="draft-tw-euros"]');
    assert.equal(await page.isVisible('[data-testid="draft-tw-draft-total-amount"]'), true, '€ shown on demand');
    await shot(page, 'threeway-04-gironde-390-euros');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  it('keeps a file reference\'s table within its panel at 1280 px, the draft\'s € under its share', async () => {
    const doc = (f) => join(shared, 'documents', 'montreuil-93048', f);
    const page = await openWith(1280, doc('CA_2023.xml'));
    await page.click('label[for="draft-ref-file-kind"]');
    await page.setInputFiles('#draft-ref-file', doc('CA_2022.xml'));
    await page.waitForSelector('[data-testid="draft-ref-amount-total"]', { timeout: 60000 });
    const [sw, cw] = await page.$eval('[data-testid="draft-table"]', (t) => [t.parentElement.scrollWidth, t.parentElement.clientWidth]);
    assert.ok(sw <= cw + 1, `table ${sw} px in a panel of ${cw} px`);
    const mine = golden('montreuil-2023.json');
    assert.equal(euroCents(await page.textContent('[data-testid="draft-amount-total"]')), money(mine.total));
    for (const p of mine.parts) assert.equal(euroCents(await page.textContent(`[data-testid="draft-amount-${p.code}"]`)), money(p.amount), `part ${p.code}`);
    await page.context().close();
  });

  it('puts Crach\'s real BP 2022 beside its CA 2021, chapter by chapter (no function codes)', async () => {
    const page = await openWith(1280, join(shared, 'documents', 'crach-56046', 'BP_2022.xml'));
    // The file names its commune (SIREN): the reference, without a search.
    await page.waitForSelector('[data-testid="draft-tw-draft-total"]', { timeout: 60000 });
    assert.match(await page.textContent('#draft-ref-status'), /SIREN 215600461/);
    const cols = await columns(page);
    const bp = golden('crach-bp-2022.json');
    const ca = golden('crach-ca-2021.json');
    for (const p of bp.parts) assert.equal(money(cols[p.code].draft), money(p.euros), `draft ${p.code}`);
    for (const p of ca.parts) {
      assert.equal(money(cols[p.code].accounts), money(p.euros), `accounts ${p.code}`);
      assert.equal(money(cols[p.code].accountsAmount), money(p.amount), `accounts € ${p.code}`);
    }
    const sum = (k) => Object.values(cols).reduce((s, c) => s + money(c[k]), 0);
    assert.equal(sum('draft'), 100000);
    assert.equal(sum('accounts'), 100000);
    assert.equal(await page.textContent('[data-testid="draft-table"] thead th:first-child'), 'Chapitre');
    const src = await page.textContent('[data-testid="draft-tw-accounts-source"]');
    assert.match(src, /compte administratif 2021/i);
    assert.match(src, /2022 : BP, pas des comptes exécutés/); // its BP 2022 in the dataset is not accounts
    assert.match(await page.textContent('[data-testid="draft-tw-peers-reason"]'), /ventilé par nature/);
    await shot(page, 'threeway-06-crach-nature');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  it('takes the authority a TOTEM file names (its SIREN) as the reference', async () => {
    const page = await openWith(1280, join(shared, 'documents', 'montreuil-93048', 'CA_2022.xml'));
    await page.waitForSelector('[data-testid="draft-tw-draft-total"]', { timeout: 60000 });
    assert.equal(await page.isChecked('#draft-ref-authority-kind'), true);
    assert.match(await page.inputValue('#draft-ref-search'), /Montreuil/);
    assert.match(await page.textContent('#draft-ref-status'), /SIREN/);
    // Its latest accounts in the dataset: the CA 2023, as the command line splits it.
    const ca = golden('montreuil-2023.json');
    const cols = await columns(page);
    for (const p of ca.parts) assert.equal(money(cols[p.code].accounts), money(p.euros), `accounts ${p.code}`);
    assert.match(await page.textContent('[data-testid="draft-tw-accounts-source"]'), /compte administratif 2023/i);
    assert.match(await page.textContent('[data-testid="draft-tw-peers-reason"]'), /chiffres agrégés par la DGFiP/);
    await shot(page, 'threeway-05-montreuil-siren');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
});
