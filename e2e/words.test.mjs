// Browser tests of issue 13's « true reasons, no dead ends » and « plain
// words » in the citizen view, on the bundled dataset: citizen labels with
// the official label and code one click away, nomenclatures named for
// people, the debt part explained, the reason of an authority without
// figures and its ways on (each with figures), the drill-down of
// aggregated figures, « Analyser un fichier » keeping the authority, and
// the PNG/SVG source line wrapped, never cut.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { available, foreign, newPage, ready, shared, shot, shotsDir, start, stop } from './harness.mjs';

const run = available();
let base;

describe('plain words and true reasons', { skip: !run && 'Chromium not installed' }, () => {
  before(async () => { base = await start(); });
  after(async () => { await stop(); });

  async function open(page, hash) {
    await page.goto(`${base}/${hash}`);
    await ready(page);
  }

  async function openChart(page, hash) {
    await open(page, hash);
    await page.waitForSelector('[data-testid="citizen-chart"] svg', { timeout: 60000 });
  }

  it('citizen labels, the official label and code one keypress away', async () => {
    const page = await newPage(base);
    await openChart(page, '#/collectivite/commune:93048?annee=2023');
    const row = '[data-testid="citizen-row-0"]';
    assert.equal((await page.textContent(`${row} [data-testid="citizen-part-0"]`)).trim(), 'Administration générale');
    // No code printed under the rows: it is behind the disclosure, closed.
    const visible = await page.$$eval('[data-testid="citizen-table"] tbody th', (ths) => ths.map((th) => th.innerText));
    for (const t of visible) assert.doesNotMatch(t, /code \d|Services généraux des administrations/, t);
    assert.equal(await page.isVisible(`${row} .official-body`), false);
    // Keyboard: Tab reaches the disclosure after the part's button, Enter opens it.
    await page.focus(`${row} [data-testid="citizen-part-0"]`);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.tagName), 'SUMMARY');
    await page.keyboard.press('Enter');
    const official = await page.innerText(`${row} .official-body`);
    assert.match(official, /Services généraux des administrations publiques locales/);
    assert.match(official, /code fonction 0/);
    assert.match(official, /M14 \(communes de plus de 3 500 habitants\)/);
    await shot(page, 'words-01-official');
    // The nomenclature is named for people everywhere on the page.
    const prov = await page.textContent('[data-testid="citizen-provenance"]');
    assert.match(prov, /M14 \(communes de plus de 3 500 habitants\)/);
    assert.doesNotMatch(await page.textContent('#view-citizen'), /M14-M14_COM_SUP3500|M14_COM_SUP3500/);
    // « Dette, reversements et non ventilé » is explained where it appears.
    assert.equal((await page.textContent('[data-testid="citizen-part-01"]')).trim(), 'Dette, reversements et non ventilé');
    const notes = await page.textContent('[data-testid="citizen-part-notes"]');
    assert.match(notes, /Dette, reversements et non ventilé/);
    assert.match(notes, /intérêts/);
    assert.match(notes, /à part/);
    await page.click('[data-testid="citizen-part-01"]');
    await page.waitForSelector('[data-testid="citizen-drill-note"]');
    assert.match(await page.textContent('[data-testid="citizen-drill-note"]'), /intérêts/);
    await shot(page, 'words-02-debt-drill');
    assert.deepEqual(page.errors, []);
  });

  it('the six groups are named as the site\'s own grouping, not official', async () => {
    const page = await newPage(base);
    await openChart(page, '#/collectivite/commune:93048?annee=2023&grille=six');
    await page.click('[data-testid="citizen-row-G2"] summary');
    assert.match(await page.innerText('[data-testid="citizen-row-G2"] .official-body'), /Regroupement de ce site.*pas une catégorie officielle/);
  });

  it('the draft grid gets its labels from the core, not by splitting a made-up file', async () => {
    const page = await newPage(base);
    await open(page, '#/brouillon');
    await page.click('label[for="draft-source-grid"]');
    await page.waitForFunction(() => document.getElementById('draft-label-0')?.textContent === 'Administration générale', null, { timeout: 60000 });
    assert.equal(await page.textContent('#draft-label-4'), 'Action sociale et santé');
    // The full core (which reads files) is not loaded for labels.
    assert.ok(!page.requests.some((u) => /\/jeu1000\.wasm/.test(u)), page.requests.filter((u) => /wasm/.test(u)).join(' '));
    await page.selectOption('#draft-nomenclature', 'M14');
    await page.waitForFunction(() => document.getElementById('draft-label-5')?.textContent === 'Action sociale et santé', null, { timeout: 30000 });
    assert.equal(await page.textContent('#draft-label-6'), 'Famille');
  });

  // Each no-data page: the reason that holds for it, and ways on that
  // have figures (followed: each shows a chart).
  for (const [key, reason, wrong] of [
    ['region:53', /aucune région/, /3 500 habitants et plus|présentent leurs dépenses par fonction/],
    ['epci:200067932', /que de 1 intercommunalité sur 1\u202f255/, /intercommunalités qui en comptent une/],
    ['commune:56232', /moins de 3\u00a0500 habitants.*1\u202f107/, /départements, régions/],
    ['departement:67', /Collectivité européenne d'Alsace/, /3 500/],
  ]) {
    it(`no figures for ${key}: its reason, ways on with figures`, async () => {
      const page = await newPage(base);
      await open(page, `#/collectivite/${key}`);
      await page.waitForSelector('[data-testid="citizen-nodata-reason"]', { timeout: 60000 });
      const text = await page.textContent('#authority-nodata');
      assert.match(text, reason);
      assert.doesNotMatch(text, wrong);
      await shot(page, `words-nodata-${key.replace(':', '-')}`);
      const ways = await page.$$eval('[data-testid="citizen-way-on"]', (as) => as.map((a) => a.dataset.key));
      assert.ok(ways.length >= 1, `${key}: no way on`);
      assert.ok(await page.isVisible('[data-testid="citizen-load-file"]'), 'a file of its own');
      for (const w of ways) {
        const p = await newPage(base);
        await openChart(p, `#/collectivite/${w}`);
        assert.equal(await p.isVisible('#authority-nodata'), false, `${key} → ${w}: an empty page`);
        await p.close();
      }
      // Followed by a click, too.
      await page.click(`[data-testid="citizen-way-on"] >> nth=0`);
      await page.waitForSelector('[data-testid="citizen-chart"] svg', { timeout: 60000 });
      assert.deepEqual(page.errors, []);
      assert.deepEqual(foreign(page), []);
    });
  }

  it('Comprendre says only what the site does about small communes', async () => {
    const page = await newPage(base);
    await open(page, '#/comprendre/non-ventile');
    const text = await page.textContent('#view-learn');
    assert.match(text, /Quand ce site a les comptes d'une telle commune/);
    assert.match(text, /Quand ce site n'a pas ses comptes, la page le dit/);
    // The split by nature it speaks of is there where the data allows: Mohon's CFU.
    await openChart(page, '#/collectivite/commune:56134');
    assert.ok(await page.isVisible('[data-testid="citizen-nature-note"]'), 'split by nature, said so');
    assert.equal((await page.textContent('[data-testid="citizen-part-012"]')).trim(), 'Personnel');
    await shot(page, 'words-03-mohon-nature');
  });

  it('aggregated figures: the drill-down says plainly what is not available', async () => {
    const page = await newPage(base);
    await openChart(page, '#/collectivite/commune:01025?annee=2024');
    const code = await page.$eval('[data-testid^="citizen-part-"]', (b) => b.dataset.testid.replace('citizen-part-', ''));
    await page.click(`[data-testid="citizen-part-${code}"]`);
    await page.waitForSelector('[data-testid="citizen-drill-unavailable"]');
    const drill = await page.innerText('#citizen-drill');
    assert.match(drill, /Montant : [\d\s\u202f]+,\d\d/);
    assert.match(drill, /Non disponible pour ces chiffres agrégés/);
    assert.match(drill, /fonctionnement et de l'investissement/);
    assert.doesNotMatch(drill, /fonctionnement —|investissement —|0 ligne/);
    await shot(page, 'words-04-aggregated-drill');
  });

  it('« Analyser un fichier de cette collectivité » keeps the authority as the reference', async () => {
    const page = await newPage(base);
    await openChart(page, '#/collectivite/commune:93048?annee=2023');
    await page.click('[data-testid="citizen-compare-file"]');
    await page.waitForSelector('#view-draft:not([hidden])');
    assert.equal(await page.isChecked('#draft-ref-authority-kind'), true, 'the authority is the reference');
    assert.match(await page.inputValue('#draft-ref-search'), /Montreuil/);
    assert.match(await page.inputValue('#draft-name'), /Montreuil/);
    // The draft compares with it once a file is there.
    await page.setInputFiles('#draft-file', join(shared, 'documents', 'montreuil-93048', 'CA_2022.xml'));
    await page.waitForSelector('[data-testid="draft-diff-summary"]', { timeout: 60000 });
    assert.match(await page.textContent('[data-testid="draft-ref-provenance"]'), /Montreuil/);
    await shot(page, 'words-05-draft-reference');
    // From a page without figures: the authority's name and population go with it.
    const p2 = await newPage(base);
    await open(p2, '#/collectivite/commune:56232');
    await p2.click('[data-testid="citizen-load-file"]');
    await p2.waitForSelector('#view-draft:not([hidden])');
    assert.equal(await p2.inputValue('#draft-name'), 'Saint-Perreux');
    assert.equal(await p2.inputValue('#draft-population'), '1107');
  });

  it('the PNG and SVG source line is wrapped on words, never cut', async () => {
    const page = await newPage(base);
    await openChart(page, '#/collectivite/commune:93048?annee=2023');
    const prov = (await page.textContent('[data-testid="citizen-provenance"]')).replace(/\s+/g, ' ').trim();
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="citizen-export-svg"]')]);
    const file = join(shotsDir, 'words-export.svg');
    await dl.saveAs(file);
    const svg = readFileSync(file, 'utf8');
    const lines = [...svg.matchAll(/<text[^>]*class="source-line"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]
      .replace(/&apos;/g, '\'').replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>'));
    assert.ok(lines.length >= 2, `source on ${lines.length} line(s)`);
    assert.equal(lines.join(' '), prov, 'the whole source, not a cut');
    assert.match(lines[lines.length - 1], /Etalab 2\.0\.$/);
    // Each line fits the chart's width.
    const width = Number(/width="(\d+)"/.exec(svg)[1]);
    const widths = await page.evaluate((ls) => {
      const ctx = document.createElement('canvas').getContext('2d');
      ctx.font = '13px system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", Arial, sans-serif';
      return ls.map((l) => ctx.measureText(l).width);
    }, lines);
    for (const w of widths) assert.ok(w <= width, `line of ${w}px in ${width}px`);
    // The PNG is drawn from the same SVG: its height holds every line.
    const [pdl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="citizen-export-png"]')]);
    const pfile = join(shotsDir, 'words-export.png');
    await pdl.saveAs(pfile);
    const png = readFileSync(pfile);
    const svgH = Number(/height="(\d+)"/.exec(svg)[1]);
    assert.equal(png.readUInt32BE(20), 2 * svgH);
  });
});
