// Browser tests of the exports (issue 5), in Debian's headless Chromium:
// CSV of the split (parsed: provenance columns, 1,000.00 €), SVG and PNG of
// the chart (the right labels; PNG decoded, bars drawn), the printed page
// (PDF via Chromium: one page, with its sources), the embeddable view in a
// real iframe, and « Mes impôts locaux » (largest remainder, exact sum).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { available, foreign, newPage, ready, shot, shotsDir, start, stop } from './harness.mjs';

const run = available();
let base;
const HASH = '#/collectivite/commune:93048?annee=2023';

/** Parses the app's CSV: BOM, « # » comment lines, « ; », quoted cells. */
function parseCSV(text) {
  const rows = [];
  const comments = [];
  let row = [];
  let cell = '';
  let quoted = false;
  const src = text.replace(/^\ufeff/, '');
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (!quoted && c === '#' && cell === '' && row.length === 0) {
      // A comment line, read whole.
      let j = src.indexOf('\n', i);
      if (j < 0) j = src.length;
      comments.push(src.slice(i, j).replace(/\r$/, ''));
      i = j;
      continue;
    }
    if (!quoted && c === '"' && src[i + 1] === '#' && cell === '' && row.length === 0) {
      // A comment line holding « ; », quoted as one cell.
      let j = i + 1;
      let text = '';
      for (; j < src.length; j++) {
        if (src[j] === '"' && src[j + 1] === '"') { text += '"'; j++; } else if (src[j] === '"') break; else text += src[j];
      }
      comments.push(text);
      i = src.indexOf('\n', j);
      if (i < 0) i = src.length;
      continue;
    }
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ';') { row.push(cell); cell = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      row.push(cell);
      if (row.join('') !== '') rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length) rows.push([...row, cell]);
  return { comments, head: rows[0], rows: rows.slice(1) };
}

/** "273,59" → 27359 */
const cents = (s) => {
  const m = /^(-?)(\d+)(?:,(\d{1,2}))?$/.exec(String(s).trim());
  assert.ok(m, `not an amount: ${s}`);
  return (m[1] ? -1 : 1) * (Number(m[2]) * 100 + Number((m[3] || '0').padEnd(2, '0')));
};

async function download(page, testid) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click(`[data-testid="${testid}"]`)]);
  const file = join(shotsDir, `export-${dl.suggestedFilename()}`);
  await dl.saveAs(file);
  return { name: dl.suggestedFilename(), file, bytes: readFileSync(file) };
}

describe('exports', { skip: !run && 'Chromium not installed' }, () => {
  before(async () => { base = await start(); });
  after(async () => { await stop(); });

  async function openMontreuil(page) {
    await page.goto(`${base}/${HASH}`);
    await ready(page);
    await page.waitForSelector('[data-testid="citizen-chart"] svg', { timeout: 60000 });
  }

  /** {code: label} of the table on screen. */
  async function tableLabels(page) {
    return page.$$eval('[data-testid="citizen-table"] tbody tr[data-testid^="citizen-row-"]', (rows) => Object.fromEntries(rows.map((r) => [
      r.dataset.testid.replace('citizen-row-', ''), (r.querySelector('th button') || r.querySelector('th')).textContent.trim()])));
  }

  it('CSV of the split, with provenance columns', async () => {
    const page = await newPage(base);
    await openMontreuil(page);
    const labels = await tableLabels(page);
    const { name, bytes } = await download(page, 'citizen-export-csv');
    assert.match(name, /\.csv$/);
    const csv = parseCSV(bytes.toString('utf8'));
    assert.ok(csv.comments.some((c) => /Montreuil/.test(c)), 'a title line');
    for (const col of ['code', 'politique', 'pour 1000 €', 'montant (€)', 'collectivité', 'année', 'document', 'dépenses', 'regroupement', 'source', 'licence']) {
      assert.ok(csv.head.includes(col), `column ${col} in ${csv.head}`);
    }
    const at = (row, col) => row[csv.head.indexOf(col)];
    assert.equal(csv.rows.length, Object.keys(labels).length);
    let sum = 0;
    for (const r of csv.rows) {
      assert.equal(r.length, csv.head.length, `row ${r[0]} has ${r.length} cells`);
      assert.equal(at(r, 'politique'), labels[at(r, 'code')], `label of ${at(r, 'code')}`);
      sum += cents(at(r, 'pour 1000 €'));
      assert.equal(at(r, 'collectivité'), 'Montreuil');
      assert.equal(at(r, 'année'), '2023');
      assert.equal(at(r, 'document'), 'compte administratif');
      assert.match(at(r, 'source'), /Montreuil/);
      assert.match(at(r, 'licence'), /Etalab/);
    }
    assert.equal(sum, 100000, 'the parts add up to 1,000.00 €');
    // The amounts add up to the total (integer cents).
    const total = csv.rows.reduce((a, r) => a + cents(at(r, 'montant (€)')), 0);
    assert.equal(total, 25256440869);
    assert.deepEqual(foreign(page), []);
  });

  it('SVG and PNG of the chart, with the right labels', async () => {
    const page = await newPage(base);
    await openMontreuil(page);
    const labels = await tableLabels(page);
    const svg = await download(page, 'citizen-export-svg');
    const text = svg.bytes.toString('utf8');
    assert.match(text, /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.match(text, /Montreuil — CA 2023/);
    const bars = (text.match(/class="bar"/g) || []).length;
    assert.equal(bars, Object.keys(labels).length);
    for (const [code, label] of Object.entries(labels)) {
      // Long labels may end in « … » on the chart: their start is there.
      const start = label.replace(/'/g, '&apos;').slice(0, 14);
      assert.ok(text.includes(label.slice(0, 14)) || text.includes(start), `label of ${code} (${label}) in the SVG`);
    }

    const png = await download(page, 'citizen-export-png');
    assert.match(png.name, /\.png$/);
    assert.deepEqual([...png.bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const w = png.bytes.readUInt32BE(16);
    const h = png.bytes.readUInt32BE(20);
    const svgW = Number(/width="(\d+)"/.exec(text)[1]);
    assert.equal(w, 2 * svgW, 'drawn at twice the size');
    assert.ok(h > 400, `height ${h}`);
    // Decoded in the page: bars (the app's blue) and dark text are drawn.
    const px = await page.evaluate(async (b64) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.naturalWidth;
      c.height = img.naturalHeight;
      const ctx = c.getContext('2d');
      ctx.drawImage(img, 0, 0);
      const d = ctx.getImageData(0, 0, c.width, c.height).data;
      let blue = 0;
      let dark = 0;
      for (let i = 0; i < d.length; i += 4) {
        if (Math.abs(d[i] - 0x1e) < 12 && Math.abs(d[i + 1] - 0x4f) < 12 && Math.abs(d[i + 2] - 0xa0) < 12) blue++;
        if (d[i] < 60 && d[i + 1] < 60 && d[i + 2] < 60) dark++;
      }
      return { blue, dark, total: d.length / 4 };
    }, png.bytes.toString('base64'));
    assert.ok(px.blue > 20000, `blue bar pixels: ${px.blue}`);
    assert.ok(px.dark > 2000, `text pixels: ${px.dark}`);
    assert.deepEqual(foreign(page), []);
    assert.deepEqual(page.errors, []);
  });

  it('the printed page: one A4 page with the chart, the table and the sources', async () => {
    const page = await newPage(base);
    await openMontreuil(page);
    // The « Imprimer » button re-draws the chart at the page's width, then
    // prints (window.print is replaced here: headless Chromium prints with page.pdf).
    await page.evaluate(() => { window.print = () => { window.printed = true; }; });
    await page.click('[data-testid="citizen-print"]');
    await page.waitForFunction(() => window.printed === true);
    assert.equal(await page.$eval('[data-testid="citizen-chart"] svg', (svg) => svg.getAttribute('width')), '728');
    await page.emulateMedia({ media: 'print' });
    await shot(page, 'export-01-print');
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    const file = join(shotsDir, 'export-print.pdf');
    writeFileSync(file, pdf);
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
    assert.equal(pages, 1, `printed summary: ${pages} pages`);
    if (existsSync('/usr/bin/pdftotext')) {
      const text = execFileSync('/usr/bin/pdftotext', ['-layout', file, '-']).toString();
      assert.match(text, /Montreuil/);
      assert.match(text, /Source/);
      assert.match(text, /Licence/);
      assert.match(text, /1\s000,00/);
      assert.doesNotMatch(text, /Télécharger|Rechercher une collectivité/);
    }
    assert.deepEqual(page.errors, []);
  });

  it('the embeddable view, in a real iframe from its snippet', async (t) => {
    const page = await newPage(base);
    await openMontreuil(page);
    await page.click('[data-testid="citizen-embed"] summary');
    const snippet = await page.inputValue('[data-testid="citizen-embed-code"]');
    assert.match(snippet, new RegExp(`^<iframe src="${base.replace(/[.]/g, '\\.')}/#/embed/commune:93048\\?annee=2023" title="Montreuil[^"]*"`));
    await shot(page, 'export-02-embed-snippet');
    // The snippet in another site's page.
    // The snippet in another site's page: another origin, served by a tiny
    // server of this test on the loopback (frame-ancestors * needs an http(s)
    // parent, as on a real site).
    const site = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html lang="fr"><head><title>Journal</title></head><body><h1>Le site d'un journal</h1>${snippet}</body></html>`);
    });
    await new Promise((r) => site.listen(0, '127.0.0.1', r));
    t.after(() => { site.closeAllConnections(); site.close(); });
    const host = await newPage(base);
    await host.goto(`http://127.0.0.1:${site.address().port}/`);
    const frame = await (await host.waitForSelector('iframe')).contentFrame();
    await frame.waitForSelector('[data-testid="embed-chart"] svg', { timeout: 60000 });
    assert.match(await frame.textContent('[data-testid="embed-title"]'), /Montreuil — CA 2023/);
    assert.equal(await frame.isVisible('.site-header'), false);
    assert.equal(await frame.isVisible('.main-nav'), false);
    const parts = (await page.$$('[data-testid="citizen-chart"] .bar')).length;
    assert.ok(parts >= 10);
    assert.equal((await frame.$$('[data-testid="embed-chart"] .bar')).length, parts);
    assert.match(await frame.textContent('[data-testid="embed-source"]'), /Source/);
    assert.equal(await frame.getAttribute('[data-testid="embed-more"]', 'target'), '_blank');
    await shot(host, 'export-03-embed-iframe');
    assert.deepEqual(host.errors, []);
    // At 375 px too, without sideways scrolling.
    const phone = await newPage(base, { width: 375, height: 700 });
    await phone.goto(`${base}/#/embed/commune:93048?annee=2023&grille=six`);
    await phone.waitForSelector('[data-testid="embed-chart"] svg', { timeout: 60000 });
    assert.equal((await phone.$$('[data-testid="embed-chart"] .bar')).length, 7);
    assert.ok(await phone.evaluate(() => document.documentElement.scrollWidth <= 375));
    await shot(phone, 'export-04-embed-phone');
  });

  it('« Mes impôts locaux »: an amount split like the 1,000 €, to the cent', async () => {
    const page = await newPage(base);
    await openMontreuil(page);
    await page.click('[data-testid="citizen-impots"] summary');
    await page.fill('[data-testid="citizen-impots-amount"]', 'abc');
    assert.match(await page.textContent('[data-testid="citizen-impots-err"]'), /Montant/);
    await page.fill('[data-testid="citizen-impots-amount"]', '1 234,56');
    await page.waitForSelector('[data-testid="citizen-impots-table"]');
    const shares = await page.$$eval('[data-testid="citizen-impots-table"] tbody tr', (rows) => rows.map((r) => ({
      code: r.dataset.testid.replace('citizen-impots-row-', ''), cents: Number(r.dataset.cents) })));
    const euros = await page.$$eval('[data-testid="citizen-table"] tbody tr[data-testid^="citizen-row-"]', (rows) => Object.fromEntries(rows.map((r) => [
      r.dataset.testid.replace('citizen-row-', ''), r.querySelector('td').textContent])));
    assert.equal(shares.length, Object.keys(euros).length);
    assert.equal(shares.reduce((a, s) => a + s.cents, 0), 123456, 'the shares add up exactly');
    for (const s of shares) {
      const per1000 = cents(euros[s.code].replace(/[\s\u202f\u00a0€]/g, ''));
      const exact = (123456 * per1000) / 100000;
      assert.ok(Math.abs(s.cents - exact) < 1, `${s.code}: ${s.cents} vs ${exact}`);
    }
    assert.equal((await page.textContent('[data-testid="citizen-impots-total"]')).replace(/[\u202f\u00a0]/g, ' '), '1 234,56 €');
    assert.match(await page.textContent('[data-testid="citizen-impots-table"] caption'), /répartis comme les dépenses de Montreuil \(CA 2023\)/);
    await page.locator('[data-testid="citizen-impots"]').scrollIntoViewIfNeeded();
    await shot(page, 'export-05-impots');
    // Nothing stored, nothing sent.
    assert.equal(await page.evaluate(() => localStorage.length), 0);
    assert.deepEqual(foreign(page), []);
  });
});
