// Browser tests of issue 14 (hardening) in the draft view, in Debian's
// headless Chromium: hostile names never reach a spreadsheet as formulas
// (the CSV export), amounts beyond any authority's budget, codes that are
// not codes and a CSV of 100,000 columns get a French message naming the
// line, and the page keeps working.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { available, newPage, ready, shot, shotsDir, start, stop } from './harness.mjs';

const run = available();
let base;

const LINE = '<LigneBudget><Nature V="6042"/><Fonction V="212"/><CodRD V="D"/><MtReal V="100.00"/><OpBudg V="0"/><LibCpte V="LABEL"/></LigneBudget>\n';

/** A TOTEM document (as the probes write them) with these lines. */
function totem(lines, coll = 'COMMUNE TEST', siret = '21930048000019') {
  return Buffer.from('<?xml version="1.0" encoding="UTF-8"?>\n<DocumentBudgetaire xmlns="http://www.minefi.gouv.fr/cp/demat/docbudgetaire">' +
    `<EnTeteDocBudgetaire><LibelleColl V="${coll}"/><IdColl V="${siret}"/></EnTeteDocBudgetaire><Budget><EnTeteBudget><LibelleEtab V="BUDGET PRINCIPAL"/>` +
    `<IdEtab V="${siret}"/>` + '<Nomenclature V="M57-M57"/></EnTeteBudget><BlocBudget><NatDec V="09"/><Exer V="2023"/><NatVote V="FcIc"/><NatFonc V="3"/></BlocBudget>' +
    `<InformationsGenerales><Information Code="PopTot" V="1000"/></InformationsGenerales>\n${lines}</Budget></DocumentBudgetaire>\n`);
}

async function openDraft() {
  const page = await newPage(base);
  await page.goto(`${base}/#/brouillon`);
  await ready(page);
  await page.click('label[for="draft-source-file"]').catch(() => {});
  return page;
}

/** Drops a file and returns the French error shown. */
async function refused(page, name, buffer) {
  await page.setInputFiles('#draft-file', { name, mimeType: 'application/octet-stream', buffer });
  await page.waitForSelector('#draft-error.is-shown', { timeout: 60000 });
  return (await page.textContent('#draft-error')).replace(/[\u202f\u00a0]/g, ' ');
}

describe('hardening (issue 14)', { skip: !run && 'Chromium not installed' }, () => {
  before(async () => { base = await start(); });
  after(async () => { await stop(); });

  // 14.4: an authority name such as =HYPERLINK(…) reached the spreadsheet
  // as a formula on every row.
  it('the CSV export neutralises cells a spreadsheet would run', async () => {
    const page = await openDraft();
    const evil = '=HYPERLINK(&quot;http://evil.example/?x&quot;;&quot;clic&quot;)';
    const lines = LINE + LINE.replace('212', '311').replace('LABEL', '@SUM(1+1)') + LINE.replace('212', '020').replace('LABEL', '-2+3');
    // A SIRET that no authority of the dataset has: no reference is proposed
    // from it, so the export is the draft's own, whatever the timing.
    await page.setInputFiles('#draft-file', { name: '+budget.xml', mimeType: 'text/xml', buffer: totem(lines, evil, '21999999900019') });
    await page.waitForSelector('[data-testid="draft-export-csv"]', { timeout: 60000 });
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="draft-export-csv"]')]);
    const file = join(shotsDir, `harden-${dl.suggestedFilename()}`);
    await dl.saveAs(file);
    const text = readFileSync(file, 'utf8').replace(/^\ufeff/, '');
    assert.match(text, /HYPERLINK/, 'the name is in the file');
    // Every cell, quoted or not: none starts a formula, unless a plain number.
    const cells = [];
    for (const line of text.split('\r\n').filter(Boolean)) {
      for (const m of line.matchAll(/(?:^|;)("(?:[^"]|"")*"|[^;]*)/g)) {
        const c = m[1].startsWith('"') ? m[1].slice(1, -1).replace(/""/g, '"') : m[1];
        cells.push(c);
      }
    }
    const formulas = cells.filter((c) => /^[=+\-@\t\r]/.test(c) && !/^[+-]?\d+(,\d+)?$/.test(c));
    assert.deepEqual(formulas, []);
    assert.ok(cells.some((c) => c.startsWith("'=HYPERLINK")), `the name kept as text in ${cells.join(' | ')}`);
    assert.deepEqual(page.errors, []);
  });

  // 14.1: three lines of 90,000,000,000,000,000 € gave parts of 1,052.23 €
  // "per 1,000 €".
  it('an amount beyond any authority is refused, naming the line', async () => {
    const page = await openDraft();
    const csv = 'section;fonction;libelle;montant\nF;212;a;90000000000000000\nF;311;b;90000000000000000\nF;020;c;90000000000000000\n';
    const msg = await refused(page, 'enorme.csv', Buffer.from(csv));
    assert.match(msg, /ligne 2/);
    assert.match(msg, /hors de portée/);
    await shot(page, 'harden-01-too-large');
    assert.deepEqual(page.errors, []);
  });

  // 14.2: a Nature 6O42 was counted as spending, <b>6042 dropped without a
  // word.
  it('a TOTEM code that is not a code is refused, naming the line', async () => {
    const page = await openDraft();
    let msg = await refused(page, 'code.xml', totem(LINE + LINE.replace('6042', '6O42')));
    assert.match(msg, /ligne 4/);
    assert.match(msg, /Nature/);
    assert.match(msg, /6O42/);
    msg = await refused(page, 'code2.xml', totem(LINE.replace('"212"', '"&quot;&gt;&lt;svg onload=alert(1)&gt;"')));
    assert.match(msg, /Fonction/);
    assert.equal(await page.$$eval('svg[onload]', (n) => n.length), 0);
    assert.deepEqual(page.errors, []);
  });

  // 14.11: a CSV of a million columns froze the tab 9.2 s and took 2 GB.
  it('a CSV of 100,000 columns is refused with a French message', async () => {
    const page = await openDraft();
    const wide = 'section;fonction;montant;' + Array.from({ length: 100000 }, (_, i) => `c${i}`).join(';') + '\nF;212;100\n';
    const msg = await refused(page, 'large.csv', Buffer.from(wide));
    assert.match(msg, /ligne 1/);
    assert.match(msg, /longueur plausible/);
    await shot(page, 'harden-02-wide');
    // The page keeps working.
    await page.setInputFiles('#draft-file', { name: 'ok.csv', mimeType: 'text/csv', buffer: Buffer.from('section;fonction;montant\nF;212;100\nF;311;300\n') });
    await page.waitForSelector('[data-testid="draft-table"]', { timeout: 60000 });
    assert.deepEqual(page.errors, []);
  });
});
