// Browser tests of the council staff's draft view (issue 13): the template
// to download and its explanation, a budget annexe titled as such with the
// true reason it is split by nature, a département's population found by
// its name and the search that ends when the file names no authority, and the reference's amounts in € in the
// comparison table; a function code typed with its leading zero (020) is
// kept as a code, through the split, a reload and the export. Real files
// from ../shared/data.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { available, euroCents, golden, openDraft, root, shared, shot, start, stop } from './harness.mjs';

const run = available();
let base;

const cents = euroCents;
const doc = (...p) => join(shared, 'documents', ...p);

describe('draft view (council staff)', { skip: !run && 'Chromium not installed' }, () => {
  before(async () => { base = await start(); });
  after(async () => { await stop(); });

  async function loadFile(page, ...path) {
    await page.setInputFiles('#draft-file', doc(...path));
    await page.waitForSelector('[data-testid="draft-table"]', { timeout: 60000 });
  }

  it('offers the template, explained from the core, and reads it back', async () => {
    const page = await openDraft(base);
    await page.click('#draft-template summary');
    await page.waitForSelector('[data-testid="draft-template-download"]', { timeout: 60000 });
    // The columns the reader requires, each with what it holds.
    for (const [name, required] of [['section', 'oui'], ['fonction', 'oui'], ['montant', 'oui'], ['nature', 'non'], ['libelle', 'non'], ['sens', 'non']]) {
      const row = await page.textContent(`[data-testid="draft-template-column-${name}"]`);
      assert.ok(row.includes(required), `${name}: ${row}`);
    }
    assert.match(await page.textContent('[data-testid="draft-template-keys"]'), /# population: 12 345/);
    await shot(page, 'draft-01-template');
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="draft-template-download"]')]);
    assert.equal(dl.suggestedFilename(), 'modele-brouillon.csv');
    const file = await dl.path();
    const text = readFileSync(file, 'utf8');
    // The reader's own example (pinned to TEMPLATE.md by a Go test), not a copy.
    assert.equal(text, readFileSync(join(root, 'internal', 'reader', 'testdata', 'template', 'example.csv'), 'utf8'));
    await page.setInputFiles('#draft-file', file);
    await page.waitForSelector('[data-testid="draft-table"]', { timeout: 60000 });
    assert.match(await page.textContent('[data-testid="draft-result-title"]'), /Commune de Saint-Exemple/);
    assert.match(await page.textContent('[data-testid="draft-total"]'), /12\s345 habitants/);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  it('titles a budget annexe as such, with the true reason it is split by nature', async () => {
    const page = await openDraft(base);
    await page.setInputFiles('#draft-file', doc('crach-56046-lotissement', 'CA_2021.xml'));
    await page.waitForSelector('[data-testid="draft-nature-note"]', { timeout: 60000 });
    assert.match(await page.textContent('[data-testid="draft-result-title"]'), /CRACH — budget annexe « LOTISSEMENT LE BOCENO » — CA 2021/);
    assert.match(await page.textContent('#draft-file-status'), /budget annexe « LOTISSEMENT LE BOCENO »/);
    const note = await page.textContent('[data-testid="draft-nature-note"]');
    assert.match(note, /Ce budget annexe suit la nomenclature M14-M14_COM_500_3500, celle des collectivités de moins de 3 500 habitants/);
    await shot(page, 'draft-02-annexe');
    // A transport annexe in M43: its nomenclature has no function at all.
    await page.setInputFiles('#draft-file', doc('saint-malo-agglomeration-transport', 'BP_2022.xml'));
    await page.waitForFunction(() => /TRANSPORT ET MOBILITE SMA/.test(document.querySelector('[data-testid="draft-result-title"]')?.textContent), null, { timeout: 60000 });
    const m43 = await page.textContent('[data-testid="draft-nature-note"]');
    assert.match(m43, /ce budget annexe suit la nomenclature M4-M43/i);
    assert.match(m43, /services publics industriels et commerciaux/);
    assert.doesNotMatch(m43, /3 500/);
    // The budget principal of the same commune is not called an annexe.
    await page.setInputFiles('#draft-file', doc('crach-56046', 'CA_2021.xml'));
    await page.waitForFunction(() => !/annexe/.test(document.querySelector('[data-testid="draft-result-title"]')?.textContent || 'annexe'), null, { timeout: 60000 });
    assert.match(await page.textContent('[data-testid="draft-nature-note"]'), /Ce document suit la nomenclature M14-M14_COM_500_3500/);
    await page.context().close();
  });

  it('finds a département\'s population by its name (Morbihan SCDL), and ends the search when none is found', async () => {
    const page = await openDraft(base);
    await loadFile(page, 'morbihan-56', 'CA_2021.scdl.csv');
    // « DEPARTEMENT DU MORBIHAN 56 »: the dataset has no SIREN for départements, its name tells.
    await page.waitForSelector('[data-testid="draft-file-pop-insee"]', { timeout: 60000 });
    assert.match(await page.textContent('[data-testid="draft-file-pop-insee"]'), /Prendre celle de l'INSEE : [\d\s\u202f]+ habitants \(Morbihan/);
    await page.fill('[data-testid="draft-file-pop-input"]', '759 684');
    await page.press('[data-testid="draft-file-pop-input"]', 'Tab');
    await page.waitForFunction(() => /759\s684 habitants\)/.test(document.querySelector('[data-testid="draft-total"]').textContent.replace(/[\u202f\u00a0]/g, ' ')), null, { timeout: 60000 });
    assert.match(await page.textContent('[data-testid="draft-provenance"]'), /indiquée par vous/);
    // A file that names no authority (the Gironde's cedi export): not found, said so.
    await page.setInputFiles('#draft-file', join(shared, 'departement-csv', 'gironde-33', 'cedi_2016_BP.csv'));
    await page.waitForSelector('[data-testid="draft-file-pop-notfound"]', { timeout: 60000 });
    const box = await page.textContent('[data-testid="draft-file-population"]');
    assert.match(box, /introuvable/);
    assert.doesNotMatch(box, /recherche/);
    await shot(page, 'draft-03-population-notfound');
    await page.context().close();
  });

  it('shows the reference\'s amounts in € beside its shares', async () => {
    const page = await openDraft(base);
    await loadFile(page, 'montreuil-93048', 'CA_2023.xml');
    await page.click('label[for="draft-ref-file-kind"]');
    await page.setInputFiles('#draft-ref-file', doc('montreuil-93048', 'CA_2022.xml'));
    await page.waitForSelector('[data-testid="draft-ref-amount-total"]', { timeout: 60000 });
    // The reference's amounts are the command line's split of the same file.
    const ref = golden('montreuil-2022.json');
    assert.equal(cents(await page.textContent('[data-testid="draft-ref-amount-total"]')), cents(ref.total));
    for (const p of ref.parts) {
      assert.equal(cents(await page.textContent(`[data-testid="draft-ref-amount-${p.code}"]`)), cents(p.amount), `part ${p.code}`);
    }
    const head = await page.$$eval('[data-testid="draft-table"] thead th', (ths) => ths.map((t) => t.textContent));
    assert.ok(head.some((t) => /Référence.*son montant/.test(t)), head.join(' | '));
    await shot(page, 'draft-04-reference-amounts');
    await page.context().close();
  });
  it('keeps a function code typed with its leading zero (020 is not 20)', async () => {
    const page = await openDraft(base);
    await page.click('label[for="draft-source-grid"]');
    for (const code of ['020', '20']) {
      await page.fill('#draft-add-code', code);
      await page.click('#draft-add-row');
      await page.waitForSelector(`#draft-F-${code}`);
    }
    await page.fill('#draft-F-020', '1 000');
    await page.fill('#draft-F-20', '500');
    await page.selectOption('#draft-view', 'native-3');
    const rows = async () => {
      await page.waitForSelector('[data-testid="draft-row-020"]', { timeout: 30000, state: 'attached' });
      await page.waitForSelector('[data-testid="draft-row-20"]', { timeout: 30000, state: 'attached' });
      return [cents((await page.textContent('[data-testid="draft-row-020"] td:nth-of-type(2)'))),
        cents((await page.textContent('[data-testid="draft-row-20"] td:nth-of-type(2)')))];
    };
    // Two policies: administration générale (020) and enseignement, services communs (20).
    assert.deepEqual(await rows(), [100000, 50000]);
    assert.match(await page.textContent('[data-testid="draft-row-020"]'), /Administration générale/);
    assert.match(await page.textContent('[data-testid="draft-row-20"]'), /Services communs/);
    // No population typed: « — » per inhabitant, and the field to give it named.
    assert.match(await page.textContent('[data-testid="draft-pop-note"]'), /Indiquez-la dans le champ « Population » de la saisie/);
    await shot(page, 'draft-05-code-020');
    // The draft back out: the template keeps the code as written.
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="draft-backout-csv"]')]);
    const csv = readFileSync(await dl.path(), 'utf8');
    assert.match(csv, /^F;020;;;1000,00\r?$/m);
    assert.match(csv, /^F;20;;;500,00\r?$/m);
    // And after a reload.
    await page.waitForFunction(() => (localStorage.getItem('jeu1000:brouillons:v1') || '').includes('"020"'), null, { timeout: 10000 });
    await page.reload();
    assert.deepEqual(await rows(), [100000, 50000]);
    assert.equal(cents(await page.inputValue('#draft-F-020')), 100000);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
});
