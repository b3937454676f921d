// Browser tests of the draft's tables (issue 17): an XLSX and an ODS built
// from the Gironde's real 2016 accounts (internal/reader/testdata/sheets,
// by tools/mksheet) give the figures the command line gives on the CSV;
// the Hauts-de-Seine's file of eight years is split one year at a time,
// the latest first, said so, and exported as a workbook that reads back the
// same; a table whose columns the core cannot tell is
// corrected by hand, and the correction is remembered for the next file of
// the same shape and kept with the stored draft; a function code stored as
// a number (020 typed in a Standard cell) is refused when the plan reads it
// two ways and restored when it reads it one way.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { available, euroCents, golden, openDraft, root, shared, shot, start, stop } from './harness.mjs';

const run = available();
let base;

const cents = euroCents;
const sheet = (ext) => join(root, 'internal', 'reader', 'testdata', 'sheets', `gironde-2016-ca.${ext}`);

/** A zip of entries {name: text}, stored (no compression). */
function zipStored(entries) {
  const locals = [];
  const central = [];
  let offset = 0;
  for (const [name, text] of Object.entries(entries)) {
    const n = Buffer.from(name);
    const data = Buffer.from(text);
    const crc = crc32(data);
    const head = Buffer.alloc(30);
    head.writeUInt32LE(0x04034b50, 0); head.writeUInt16LE(20, 4); head.writeUInt16LE(0x21, 12);
    head.writeUInt32LE(crc, 14); head.writeUInt32LE(data.length, 18); head.writeUInt32LE(data.length, 22); head.writeUInt16LE(n.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0); dir.writeUInt16LE(20, 4); dir.writeUInt16LE(20, 6); dir.writeUInt16LE(0x21, 14);
    dir.writeUInt32LE(crc, 16); dir.writeUInt32LE(data.length, 20); dir.writeUInt32LE(data.length, 24); dir.writeUInt16LE(n.length, 28);
    dir.writeUInt32LE(offset, 42);
    locals.push(head, n, data);
    central.push(dir, n);
    offset += 30 + n.length + data.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  const count = Object.keys(entries).length;
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(count, 8); end.writeUInt16LE(count, 10);
  end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** An XLSX of one sheet: rows of cells, "n:20" a number cell (as Excel stores 020 typed in a Standard cell), else text. */
function xlsxOf(rows) {
  const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
  const cell = (v, ref) => (v.startsWith('n:') ? `<c r="${ref}"><v>${v.slice(2)}</v></c>` : `<c r="${ref}" t="inlineStr"><is><t>${v}</t></is></c>`);
  const body = rows.map((row, r) => `<row r="${r + 1}">${row.map((v, c) => cell(v, `${'ABCDEFGH'[c]}${r + 1}`)).join('')}</row>`).join('');
  return zipStored({
    'xl/workbook.xml': `<?xml version="1.0"?><workbook ${ns}><sheets><sheet name="Brouillon" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>',
    'xl/worksheets/sheet1.xml': `<worksheet ${ns}><sheetData>${body}</sheetData></worksheet>`,
  });
}

describe('draft: spreadsheets and tables of any layout', { skip: !run && 'Chromium not installed' }, () => {
  before(async () => { base = await start(); });
  after(async () => { await stop(); });

  /** The total the page shows, in cents. */
  async function total(page) {
    return cents(await page.textContent('[data-testid="draft-total"] strong'));
  }

  /** Waits until the title names year (the split of that year is drawn). */
  async function waitYear(page, year) {
    await page.waitForFunction((y) => (document.querySelector('[data-testid="draft-result-title"]')?.textContent || '').includes(y),
      String(year), { timeout: 60000 });
  }

  for (const ext of ['xlsx', 'ods']) {
    it(`reads an ${ext.toUpperCase()} made from the Gironde's 2016 accounts, as the command line reads the CSV`, async () => {
      const page = await openDraft(base);
      await page.setInputFiles('#draft-file', sheet(ext));
      await page.waitForSelector('[data-testid="draft-table"]', { timeout: 60000 });
      await waitYear(page, 2016);
      // The layout is recognised, shown over the first rows under the title.
      assert.match(await page.textContent('[data-testid="draft-mapping-intro"]'), /Disposition reconnue : Export « cedi »/);
      assert.equal(await page.inputValue('[data-testid="draft-map-col-12"]'), 'nature');
      assert.equal(await page.inputValue('[data-testid="draft-map-col-13"]'), 'fonction');
      assert.equal(await page.inputValue('[data-testid="draft-map-col-16"]'), 'montant');
      // What is read, in one sentence: those columns are far right, behind the table's scroll.
      const read = async (role) => (await page.textContent(`[data-testid="draft-mapping-read-${role}"]`)).replace(/\u00a0/g, ' ');
      assert.equal(await read('nature'), 'Compte (nature) : « Article »');
      assert.equal(await read('fonction'), 'Fonction (rubrique) : « Rubrique fonctionnelle »');
      assert.match(await read('montant'), /^Montant : « .+ »$/);
      assert.equal(await total(page), cents(golden('gironde-ca-2016.json').total));
      // The section and the rule of the département's own figure (every
      // real spending line but the credit-line draws) are the core's.
      await shot(page, `sheets-01-gironde-${ext}`);
      assert.deepEqual(page.errors, []);
      await page.context().close();
    });
  }

  it('splits a file of eight years one year at a time, the latest first, said so', async () => {
    const page = await openDraft(base);
    await page.setInputFiles('#draft-file', join(shared, 'departement-csv', 'hauts-de-seine-92', 'M52-92-2009-2016.csv'));
    await page.waitForSelector('[data-testid="draft-table"]', { timeout: 60000 });
    await waitYear(page, 2016);
    assert.match(await page.textContent('[data-testid="draft-year-note"]'), /années 2009 à 2016 : année 2016 affichée, la plus récente/);
    const status = () => page.textContent('[data-testid="draft-file-status"]');
    const first = await status();
    assert.match(first, /^Fichier analysé : « M52-92-2009-2016\.csv » \([\d\s]+ Ko\) — CA, 2016/);
    assert.equal(await total(page), cents(golden('hauts-de-seine-2016.json').total));
    await page.selectOption('[data-testid="draft-year-choice"]', '2012');
    await waitYear(page, 2012);
    assert.equal(await total(page), cents(golden('hauts-de-seine-2012.json').total));
    assert.match(await page.textContent('[data-testid="draft-year-note"]'), /année 2012 affichée/);
    // The file's line names the year shown, in the words of the first read.
    assert.equal(await status(), first.replace(/2016(?!.*2016)/, '2012'));
    // Stored with the draft: a reload shows the same year.
    await page.waitForFunction(() => JSON.parse(localStorage.getItem('jeu1000:brouillons:v1') || '{}').file?.table?.year === 2012, null, { timeout: 10000 });
    await page.reload();
    await waitYear(page, 2012);
    await page.waitForSelector('[data-testid="draft-year-choice"]', { timeout: 60000 });
    assert.equal(await page.inputValue('[data-testid="draft-year-choice"]'), '2012');
    assert.equal(await total(page), cents(golden('hauts-de-seine-2012.json').total));
    await shot(page, 'sheets-02-hauts-de-seine-years');
    // The draft back out, as a workbook to edit; dropped again, it splits the same.
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="draft-backout-xlsx"]')]);
    assert.equal(dl.suggestedFilename(), 'M52-92-2009-2016-brouillon.xlsx');
    const exported = join(mkdtempSync(join(tmpdir(), 'jeu1000-export-')), dl.suggestedFilename());
    await dl.saveAs(exported);
    await page.setInputFiles('#draft-file', exported);
    await page.waitForFunction(() => /brouillon\.xlsx/.test(document.querySelector('[data-testid="draft-file-status"]')?.textContent || ''), null, { timeout: 60000 });
    await waitYear(page, 2012);
    assert.equal(await total(page), cents(golden('hauts-de-seine-2012.json').total));
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  it('lets the columns be corrected, and remembers them for the next file of the same shape', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jeu1000-sheets-'));
    // Headers that say nothing, whole euros: the core tells the accounts
    // from their values, not the amounts.
    const first = join(dir, 'export-logiciel.csv');
    writeFileSync(first, 'x;y;z\n6574;0202;1234\n6042;0202;500\n2313;221;10000\n');
    const second = join(dir, 'export-logiciel-2.csv');
    writeFileSync(second, 'x;y;z\n6574;0202;100\n2313;221;900\n');
    const page = await openDraft(base);
    await page.setInputFiles('#draft-file', first);
    await page.waitForSelector('[data-testid="draft-mapping-missing"]', { timeout: 60000 });
    assert.equal(await page.inputValue('[data-testid="draft-map-col-0"]'), 'nature');
    await shot(page, 'sheets-03-columns-missing');
    await page.selectOption('[data-testid="draft-map-col-1"]', 'fonction');
    await page.selectOption('[data-testid="draft-map-col-2"]', 'montant');
    await page.waitForSelector('[data-testid="draft-table"]', { timeout: 60000 });
    await page.waitForFunction(() => /11\s734,00/.test((document.querySelector('[data-testid="draft-total"]')?.textContent || '').replace(/[\u202f\u00a0]/g, ' ')), null, { timeout: 60000 });
    assert.match(await page.textContent('[data-testid="draft-mapping-intro"]'), /indiquées par vous/);
    await shot(page, 'sheets-04-columns-corrected');

    // The next file of the same shape: the columns come back at once.
    await page.setInputFiles('#draft-file', second);
    await page.waitForFunction(() => /export-logiciel-2/.test(document.querySelector('[data-testid="draft-file-status"]')?.textContent || ''), null, { timeout: 60000 });
    await page.waitForFunction(() => /1\s000,00/.test((document.querySelector('[data-testid="draft-total"]')?.textContent || '').replace(/[\u202f\u00a0]/g, ' ')), null, { timeout: 60000 });
    assert.match(await page.textContent('[data-testid="draft-mapping-intro"]'), /reprises de votre dernier fichier de même forme/);
    assert.equal(await page.inputValue('[data-testid="draft-map-col-2"]'), 'montant');
    // The file whose columns were set, read again after a reload: still said to be the user's.
    await page.reload();
    await page.setInputFiles('#draft-file', first);
    await page.waitForFunction(() => /export-logiciel\.csv/.test(document.querySelector('[data-testid="draft-file-status"]')?.textContent || ''), null, { timeout: 60000 });
    await page.waitForFunction(() => /11\s734,00/.test((document.querySelector('[data-testid="draft-total"]')?.textContent || '').replace(/[\u202f\u00a0]/g, ' ')), null, { timeout: 60000 });
    assert.match(await page.textContent('[data-testid="draft-mapping-intro"]'), /indiquées par vous/);
    // Back to the proposal: forgotten on this device.
    await page.click('[data-testid="draft-map-reset"]');
    await page.waitForSelector('[data-testid="draft-mapping-missing"]');
    assert.equal(await page.evaluate(() => Object.keys(JSON.parse(localStorage.getItem('jeu1000:colonnes:v1') || '{}')).length), 0);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  it('keeps the corrected columns with the stored draft, whatever the device remembers by shape', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'jeu1000-sheets-')), 'export-logiciel.csv');
    writeFileSync(file, 'x;y;z\n6574;0202;1234\n6042;0202;500\n2313;221;10000\n');
    const page = await openDraft(base);
    await page.setInputFiles('#draft-file', file);
    await page.waitForSelector('[data-testid="draft-mapping-missing"]', { timeout: 60000 });
    await page.selectOption('[data-testid="draft-map-col-1"]', 'fonction');
    await page.selectOption('[data-testid="draft-map-col-2"]', 'montant');
    const shown = () => page.waitForFunction(() => /11\s734,00/.test((document.querySelector('[data-testid="draft-total"]')?.textContent || '').replace(/[\u202f\u00a0]/g, ' ')), null, { timeout: 60000 });
    await shown();
    const stored = () => page.evaluate(() => JSON.parse(localStorage.getItem('jeu1000:brouillons:v1') || '{}').file?.table?.mapping?.columns);
    await page.waitForFunction(() => JSON.parse(localStorage.getItem('jeu1000:brouillons:v1') || '{}').file?.table?.mapping?.columns?.montant === 2, null, { timeout: 10000 });
    assert.deepEqual(await stored(), { nature: 0, fonction: 1, montant: 2 });
    // The shape's memory is forgotten here (another file of that shape, mapped otherwise, would do the same).
    await page.evaluate(() => localStorage.removeItem('jeu1000:colonnes:v1'));
    await page.reload();
    await page.waitForSelector('[data-testid="draft-mapping-table"]', { timeout: 60000 });
    await shown();
    assert.equal(await page.inputValue('[data-testid="draft-map-col-1"]'), 'fonction');
    assert.equal(await page.inputValue('[data-testid="draft-map-col-2"]'), 'montant');
    assert.match(await page.textContent('[data-testid="draft-mapping-intro"]'), /enregistrées avec votre brouillon/);
    assert.equal(await page.$('[data-testid="draft-mapping-missing"]'), null);
    await shot(page, 'sheets-05-columns-restored');
    // A column changed after the reload is stored and remembered by shape again.
    await page.selectOption('[data-testid="draft-map-col-1"]', '');
    await page.waitForFunction(() => JSON.parse(localStorage.getItem('jeu1000:colonnes:v1') || '{}') && Object.values(JSON.parse(localStorage.getItem('jeu1000:colonnes:v1') || '{}'))[0]?.columns?.montant === 2, null, { timeout: 10000 });
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
  it('refuses a function code stored as a number that reads two ways, and restores one that reads one way', async () => {
    const page = await openDraft(base);
    // 020 typed in a Standard cell: the number 20, code 20 or 020 in M57.
    await page.setInputFiles('#draft-file', { name: 'brouillon-020.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: xlsxOf([['# nomenclature: M57'], ['section', 'fonction', 'montant'], ['F', '212', 'n:500'], ['F', 'n:20', 'n:1000']]) });
    await page.waitForSelector('#draft-error.is-shown', { timeout: 60000 });
    const msg = (await page.textContent('#draft-error')).replace(/\u00a0/g, ' ');
    assert.match(msg, /Fichier refusé/);
    assert.match(msg, /brouillon-020\.xlsx, ligne 4, champ fonction : le code fonction y est le nombre 20, qui peut être 20 \(Services communs\) ou 020 \(Administration générale de la collectivité\)/);
    assert.match(msg, /comme du texte/);
    await shot(page, 'sheets-06-code-as-number');
    // M52 202 can only be 0202 (administration), never under 2 (enseignement).
    await page.setInputFiles('#draft-file', { name: 'brouillon-0202.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: xlsxOf([['# nomenclature: M52'], ['section', 'fonction', 'montant'], ['F', 'n:202', 'n:1000']]) });
    await page.waitForSelector('[data-testid="draft-row-0"]', { timeout: 60000, state: 'attached' });
    assert.equal(await page.$('[data-testid="draft-row-2"]'), null);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
});
