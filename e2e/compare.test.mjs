// Browser tests of issue 13's « one method per comparison, decided by the
// core » and « the same figures everywhere », on the bundled dataset:
// Montreuil (CA 2016–2023, DGFiP first-digit aggregates 2024), Crach (CA
// 2021 and BP 2022 by nature, aggregates 2024), the Morbihan (CA 2021, OFGL
// six groups 2024). The rules themselves are unit-tested in
// internal/app/compare_test.go.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { available, foreign, newPage, ready, shared, shot, shotsDir, start, stop } from './harness.mjs';

const run = available();
let base;

/** "273,59 €" → 27359 */
const cents = (s) => {
  const m = /(-?)(\d[\d\s\u202f\u00a0]*)(?:,(\d{1,2}))?/.exec(String(s));
  assert.ok(m, `not an amount: ${s}`);
  return (m[1] ? -1 : 1) * (Number(m[2].replace(/\D/g, '')) * 100 + Number((m[3] || '0').padEnd(2, '0')));
};

/** {code: cents of the 1,000 €} of a result's table on screen. */
function tableEuros(page, prefix = 'citizen') {
  return page.$$eval(`[data-testid="${prefix}-table"] tbody tr[data-testid^="${prefix}-row-"]`, (rows, p) => Object.fromEntries(rows.map((r) => [
    r.dataset.testid.replace(`${p}-row-`, ''), r.querySelector('td').textContent])), prefix)
    .then((o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, cents(v)])));
}

/** {code: cents} of the bars of a chart (their values as drawn). */
function chartEuros(page, testid) {
  return page.$$eval(`[data-testid="${testid}"] g.bar-row[data-code]`, (gs) => Object.fromEntries(gs.map((g) => [
    g.dataset.code, g.querySelector('title').textContent.split(' : ').pop()])))
    .then((o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, cents(v)])));
}

async function open(page, hash) {
  await page.goto(`${base}/${hash}`);
  await ready(page);
  await page.waitForSelector('[data-testid="citizen-chart"] svg', { timeout: 60000 });
  await page.waitForSelector('#citizen-result[aria-busy="false"]');
}

describe('comparisons and figures, the same everywhere', { skip: !run && 'Chromium not installed' }, () => {
  before(async () => { base = await start(); });
  after(async () => { await stop(); });

  it('an authority opens on its latest detailed year, and the address says which', async () => {
    for (const [key, year, doc, shotName] of [
      ['commune:93048', '2023', /CA 2023|compte administratif 2023/i, 'compare-01-montreuil'],
      ['commune:56046', '2022', /BP 2022|budget primitif 2022/i, 'compare-02-crach'],
      ['departement:56', '2021', /CA 2021|compte administratif 2021/i, 'compare-03-morbihan'],
    ]) {
      const page = await newPage(base);
      await open(page, `#/collectivite/${key}`);
      assert.equal(await page.inputValue('#citizen-year'), year, `${key} opens on ${year}`);
      assert.match(await page.textContent('[data-testid="citizen-result-title"]'), doc);
      assert.match(page.url(), new RegExp(`#/collectivite/${key}\\?annee=${year}$`), `the address carries the year: ${page.url()}`);
      assert.equal(await page.$('[data-testid="citizen-aggregated-note"]'), null, `${key}: its accounts, not the aggregates`);
      await shot(page, shotName);
      assert.deepEqual(page.errors, []);
    }
  });

  it('the embed, the permalink, the CSV/SVG/PNG exports and the print view show the figures on screen', async () => {
    const page = await newPage(base);
    await open(page, '#/collectivite/commune:93048');
    // The figures on screen: CA 2023 (services généraux 273.59 €, not the
    // aggregated 2024's 458.54 €).
    const screen = await tableEuros(page);
    assert.equal(screen['0'], 27359, `services généraux on screen: ${screen['0']}`);
    const permalink = page.url();

    // The embed snippet carries the year, and its view draws the same bars.
    await page.click('[data-testid="citizen-embed"] summary');
    const snippet = await page.inputValue('[data-testid="citizen-embed-code"]');
    assert.match(snippet, /#\/embed\/commune:93048\?annee=2023"/, snippet);
    const embed = await newPage(base);
    await embed.goto(/src="([^"]+)"/.exec(snippet)[1]);
    await embed.waitForSelector('[data-testid="embed-chart"] svg', { timeout: 60000 });
    assert.match(await embed.textContent('[data-testid="embed-title"]'), /CA 2023/);
    assert.deepEqual(await chartEuros(embed, 'embed-chart'), screen, 'the embed draws the figures on screen');
    await shot(embed, 'compare-04-embed');

    // An old snippet without a year opens on the same default year.
    const old = await newPage(base);
    await old.goto(`${base}/#/embed/commune:93048`);
    await old.waitForSelector('[data-testid="embed-chart"] svg', { timeout: 60000 });
    assert.deepEqual(await chartEuros(old, 'embed-chart'), screen, 'an embed without a year: the page\'s default year');

    // The permalink, opened elsewhere.
    const again = await newPage(base);
    await open(again, permalink.slice(permalink.indexOf('#')));
    assert.deepEqual(await tableEuros(again), screen);

    // Fonctionnement: the address, the snippet and the embed follow.
    await page.click('label[for="citizen-section-F"]');
    await page.waitForFunction(() => /section=F/.test(location.hash));
    await page.waitForSelector('#citizen-result[aria-busy="false"]');
    const fonct = await tableEuros(page);
    assert.notDeepEqual(fonct, screen);
    await page.click('[data-testid="citizen-embed"] summary');
    const snippetF = await page.inputValue('[data-testid="citizen-embed-code"]');
    assert.match(snippetF, /annee=2023&amp;section=F"/, snippetF);
    await embed.goto(/src="([^"]+)"/.exec(snippetF)[1].replace(/&amp;/g, '&'));
    await embed.waitForSelector('[data-testid="embed-title"]:has-text("fonctionnement")', { timeout: 60000 });
    assert.deepEqual(await chartEuros(embed, 'embed-chart'), fonct);

    // CSV: the year, the document and the same euros.
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="citizen-export-csv"]')]);
    const csvFile = join(shotsDir, 'compare-export.csv');
    await dl.saveAs(csvFile);
    const lines = readFileSync(csvFile, 'utf8').replace(/^\ufeff/, '').split(/\r?\n/).filter((l) => l && !l.startsWith('#') && !l.startsWith('"#'));
    const head = lines[0].split(';');
    const rows = lines.slice(1).map((l) => l.split(';'));
    const col = (r, name) => r[head.indexOf(name)];
    assert.equal(rows.length, Object.keys(fonct).length);
    for (const r of rows) {
      assert.equal(col(r, 'année'), '2023');
      assert.equal(cents(col(r, 'pour 1000 €')), fonct[col(r, 'code')], `CSV ${col(r, 'code')}`);
    }
    // SVG and PNG: titled with the document, year and section on screen.
    const [svgDl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="citizen-export-svg"]')]);
    const svgFile = join(shotsDir, 'compare-export.svg');
    await svgDl.saveAs(svgFile);
    const svg = readFileSync(svgFile, 'utf8');
    assert.match(svg, /Montreuil — CA 2023/);
    assert.match(svg, /fonctionnement/);
    const [pngDl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="citizen-export-png"]')]);
    assert.match(pngDl.suggestedFilename(), /ca-2023-f\.png$/i, pngDl.suggestedFilename());
    // The print view: the same title and table.
    await page.emulateMedia({ media: 'print' });
    assert.match(await page.textContent('[data-testid="citizen-result-title"]'), /CA 2023/);
    assert.ok(await page.isVisible('[data-testid="citizen-table"]'));
    assert.deepEqual(await tableEuros(page), fonct);
    await shot(page, 'compare-05-print');
    assert.deepEqual(foreign(page), []);
  });

  it('years of another method stand apart: no evolution across methods', async () => {
    const page = await newPage(base);
    await open(page, '#/collectivite/departement:56?annees=1');
    await page.waitForSelector('[data-testid="citizen-years-apart"]', { timeout: 60000 });
    const table = await page.textContent('[data-testid="citizen-years-table"]');
    assert.ok(table.includes('2021') && !table.includes('2024'), `the table: ${table}`);
    assert.doesNotMatch(table, /Évolution/, 'one year of accounts: no evolution');
    assert.match(await page.textContent('[data-testid="citizen-years-apart"]'), /2024 : Chiffres agrégés par un tiers, l'OFGL/);
    await page.locator('[data-testid="citizen-years-apart"]').scrollIntoViewIfNeeded();
    await shot(page, 'compare-06-years-morbihan');

    await open(page, '#/collectivite/commune:93048?annees=1');
    await page.waitForSelector('[data-testid="citizen-years-table"]', { timeout: 60000 });
    const mt = await page.textContent('[data-testid="citizen-years-table"]');
    assert.match(mt, /2016→2023/);
    assert.ok(!mt.includes('2024'));
  });

  it('peers: medians only where they compare, and the way to them otherwise', async () => {
    const page = await newPage(base);
    await open(page, '#/collectivite/commune:93048?annee=2023');
    // The bundled medians are of the 2024 aggregates: not beside the CA 2023.
    assert.doesNotMatch(await page.textContent('[data-testid="citizen-table"]'), /[Mm]édiane/);
    const hint = await page.textContent('[data-testid="citizen-peers-hint"]');
    assert.match(hint, /autre méthode/, hint);
    await shot(page, 'compare-07-peers-hint');
    await page.click('[data-testid="citizen-peers-go"]');
    await page.waitForFunction(() => /annee=2024/.test(location.hash));
    await page.waitForSelector('[data-testid="citizen-table"]:has-text("Médiane")', { timeout: 60000 });
    assert.equal(await page.isVisible('[data-testid="citizen-peers-hint"]'), false);
    // The Morbihan's OFGL groups beside the départements' medians.
    await open(page, '#/collectivite/departement:56?annee=2024&grille=six');
    assert.match(await page.textContent('[data-testid="citizen-table"]'), /Médiane/);
    await shot(page, 'compare-08-peers-morbihan');
    assert.deepEqual(page.errors, []);
  });

  it('the game: set-up on the page\'s default year, a duel on years made the same way', async () => {
    const teacher = await newPage(base);
    await teacher.goto(`${base}/#/jeu/preparer?c=commune:93048`);
    await ready(teacher);
    await teacher.waitForSelector('[data-testid="game-link-panel"]:not([hidden])', { timeout: 60000 });
    assert.equal(await teacher.inputValue('#game-year'), '2023');
    assert.match(await teacher.inputValue('[data-testid="game-link"]'), /annee=2023/);
    // A duel asked on 2024: Montreuil's first digits and the Morbihan's OFGL
    // groups do not compare; both authorities' accounts 2021 do.
    const pupil = await newPage(base);
    await pupil.goto(`${base}/#/jeu?c=commune:93048&annee=2024&section=all&grille=six&variante=duel&autre=departement:56`);
    await ready(pupil);
    await pupil.waitForSelector('[data-testid="game-duel-chart-A"]', { timeout: 60000 });
    const sub = await pupil.textContent('[data-testid="game-subtitle"]');
    assert.match(sub, /2021/, sub);
    assert.doesNotMatch(sub, /2024/, sub);
    await shot(pupil, 'compare-09-duel');
    assert.deepEqual(pupil.errors, []);
  });

  it('the draft\'s reference: the core says whether it compares, and on which grid', async () => {
    const page = await newPage(base);
    await page.goto(`${base}/#/brouillon`);
    await ready(page);
    await page.click('label[for="draft-source-file"]').catch(() => {});
    await page.setInputFiles('#draft-file', join(shared, 'documents', 'montreuil-93048', 'CA_2023.xml'));
    await page.waitForSelector('[data-testid="draft-table"]', { timeout: 60000 });
    await page.click('label[for="draft-ref-authority-kind"]');
    const choose = async (query, key) => {
      await page.fill('#draft-ref-search', '');
      await page.click('#draft-ref-search');
      await page.keyboard.type(query);
      await page.waitForSelector(`#draft-ref-listbox [data-key="${key}"]`, { timeout: 30000 });
      await page.click(`#draft-ref-listbox [data-key="${key}"]`);
    };
    // The Morbihan's CA 2021 (M57) beside a CA in M14: the common grid.
    await choose('morbihan', 'departement:56');
    await page.waitForSelector('[data-testid="draft-note"]:has-text("Nomenclatures différentes (M14 et M57)")', { timeout: 60000 });
    assert.ok(await page.$('[data-testid="draft-row-ENS"]'), 'on the common grid (its areas)');
    await shot(page, 'compare-10-draft-ref-morbihan');
    // Crach's accounts are by nature: no comparison, and why.
    await choose('crach', 'commune:56046');
    await page.waitForSelector('[data-testid="draft-note"]:has-text("Comparaison impossible avec Crach")', { timeout: 60000 });
    assert.match(await page.textContent('[data-testid="draft-note"]'), /par nature/);
    await shot(page, 'compare-11-draft-ref-crach');
    assert.deepEqual(page.errors, []);
  });
});
