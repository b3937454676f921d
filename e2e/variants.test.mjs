// Browser tests of the game's variants (issue 5), in Debian's headless
// Chromium: « deviner en € par habitant » (no fixed total, scored against
// the core's € per inhabitant) and « laquelle est la nôtre ? » (two unnamed
// splits, A and B). Each is set up by the teacher, played by a pupil,
// collected by the class view from answer codes and printed as a worksheet.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { available, foreign, newPage, ready, shot, shotsDir, start, stop } from './harness.mjs';
import * as G from '../web/js/gamecore.js';

const run = available();
let base;

const SIX = ['G0', 'G1', 'G2', 'G3', 'G4', 'G5'];
const MONTREUIL = 'commune:93048';
const MORBIHAN = 'departement:56';
const HAB = `c=${MONTREUIL}&annee=2023&section=all&grille=six&variante=hab`;

/** Text of an element without the narrow spaces of French numbers. */
const plainText = (t) => String(t).replace(/[\u202f\u00a0]/g, ' ').replace(/\s+/g, ' ').trim();
const cents = (s) => {
  const [a, b = ''] = String(s).split('.');
  return Number(a) * 100 + Number(b.padEnd(2, '0'));
};
const euros = (c) => `${String(Math.floor(c / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ' ')},${String(c % 100).padStart(2, '0')} €`;

/** A report as the core gives it, read in the page (independently of the game's code). */
async function coreReport(page, key, year) {
  return page.evaluate(async ([k, y]) => {
    const e = await import('./js/engine.js');
    await e.loadIndex();
    const years = (await e.loadAuthority(k, 'all')).years.map((x) => x.year);
    // The asked year, or the closest one (the duel pairs the closest years).
    const year = y === null ? Math.max(...years) : years.reduce((a, b) => (Math.abs(b - y) < Math.abs(a - y) ? b : a));
    const r = await window.jeu1000.splitRecord(k, year, { grid: 'six', section: 'all', ventilatedOnly: true });
    return { report: r, years };
  }, [key, year]);
}

describe('game variants', { skip: !run && 'Chromium not installed' }, () => {
  before(async () => { base = await start(); });
  after(async () => { await stop(); });

  it('€ per inhabitant: set-up, a free guess, the score against the core, class view, worksheet', async () => {
    const teacher = await newPage(base);
    teacher.on('dialog', (d) => d.accept());
    await teacher.goto(`${base}/#/jeu/preparer?c=${MONTREUIL}&annee=2023&section=all&grille=six`);
    await ready(teacher);
    await teacher.waitForSelector('[data-testid="game-link-panel"]:not([hidden])', { timeout: 60000 });
    await teacher.click('label[for="game-mode-hab"]');
    await teacher.waitForFunction(() => /variante=hab/.test(document.querySelector('[data-testid="game-link"]')?.value || ''));
    const link = await teacher.inputValue('[data-testid="game-link"]');
    assert.equal(link, `${base}/#/jeu?${HAB}`);
    assert.match(await teacher.textContent('[data-testid="game-preview"]'), /par habitant/);
    assert.equal(await teacher.getAttribute('[data-testid="game-qr"]', 'data-text'), link);

    const pupil = await newPage(base);
    await pupil.goto(link);
    await ready(pupil);
    await pupil.waitForSelector('[data-testid="game-input-G5"]', { timeout: 60000 });
    assert.match(plainText(await pupil.textContent('[data-testid="game-subtitle"]')), /Montreuil .*2023.*par habitant/);
    assert.match(plainText(await pupil.textContent('[data-testid="game-remaining"]')), /Total de ton estimation : 0 € par habitant/);
    // Nothing placed: refused, said so.
    await pupil.click('[data-testid="game-reveal"]');
    assert.match(await pupil.textContent('[data-testid="game-sum-error"]'), /au moins un montant/);
    assert.doesNotMatch(pupil.url(), /reponse=/);
    // No total is imposed, but each amount has its bounds.
    const guess = { G0: 500, G1: 40, G2: 300, G3: 250, G4: 150, G5: 600 };
    for (const [c, v] of Object.entries(guess)) await pupil.fill(`[data-testid="game-input-${c}"]`, String(v));
    await pupil.fill('[data-testid="game-input-G1"]', '4001');
    assert.match(plainText(await pupil.textContent('[data-testid="game-err-G1"]')), /de 0 à 4 000/);
    await pupil.fill('[data-testid="game-input-G1"]', '40');
    assert.equal(await pupil.getAttribute('[data-testid="game-remaining"]', 'data-total'), '1840');
    assert.match(plainText(await pupil.textContent('[data-testid="game-remaining"]')), /1 840 € par habitant/);
    await shot(pupil, 'game-20-hab-guess');
    await pupil.click('[data-testid="game-reveal"]');
    await pupil.waitForSelector('[data-testid="game-score"]');

    // The reality is the core's € per inhabitant of each part; the score is
    // 1,000 × (1 − Σ|g − r| / (Σg + Σr)), rounded to the hundredth.
    const { report } = await coreReport(pupil, MONTREUIL, 2023);
    assert.ok(report.population > 100000, `population ${report.population}`);
    const real = Object.fromEntries(report.parts.map((p) => [p.code, cents(p.per_inhabitant)]));
    const g = SIX.map((c) => guess[c] * 100);
    const r = SIX.map((c) => real[c]);
    const dist = SIX.reduce((a, c, i) => a + Math.abs(g[i] - r[i]), 0);
    const total = g.reduce((a, b) => a + b, 0) + r.reduce((a, b) => a + b, 0);
    const want = Math.round((100000 * (total - dist)) / total);
    assert.equal(Number(await pupil.getAttribute('[data-testid="game-score"]', 'data-score')), want);
    for (const c of SIX) {
      const cells = await pupil.$$eval(`[data-testid="game-reveal-row-${c}"] td`, (tds) => tds.map((t) => t.textContent));
      assert.equal(plainText(cells[0]), `${guess[c]} €`);
      assert.equal(plainText(cells[1]), euros(real[c]));
    }
    const realTotal = r.reduce((a, b) => a + b, 0);
    assert.equal(plainText(await pupil.textContent('[data-testid="game-reveal-total"]')), euros(realTotal));
    assert.match(plainText(await pupil.textContent('[data-testid="game-hab-total"]')), new RegExp(`${euros(realTotal)} par habitant`));
    assert.match(await pupil.textContent('[data-testid="game-gap"]'), /par habitant/);
    assert.ok(await pupil.$('[data-testid="game-reveal-chart"] svg .bar-real'));
    const setup = G.setupOf(Object.fromEntries(new URLSearchParams(HAB)));
    const code = await pupil.getAttribute('[data-testid="game-code"]', 'data-code');
    const d = G.decodeAnswer(code, setup);
    assert.equal(d.error, undefined, d.error);
    assert.equal(d.mode, 'hab');
    assert.deepEqual(d.euros, SIX.map((c) => guess[c]));
    // A code of the 1,000 € game of the same town is another game.
    assert.match(G.decodeAnswer(code, { ...setup, mode: 'split' }).error, /autre partie/);
    await shot(pupil, 'game-21-hab-reveal');

    // The class view: means in € per inhabitant against the reality.
    await teacher.goto(`${base}/#/jeu/classe?${HAB}`);
    await teacher.waitForSelector('[data-testid="game-class-empty"]', { timeout: 60000 });
    const second = G.encodeAnswer(setup, [300, 60, 200, 150, 250, 400], 9);
    const splitCode = G.encodeAnswer({ ...setup, mode: 'split' }, [300, 50, 200, 150, 100, 200], 1);
    await teacher.fill('[data-testid="game-codes"]', `${code}\n${second}\n${splitCode}`);
    await teacher.click('[data-testid="game-codes-add"]');
    await teacher.waitForSelector('[data-testid="game-class-count"]');
    assert.equal(plainText(await teacher.textContent('[data-testid="game-class-count"]')), '2 réponses');
    assert.match(await teacher.textContent('[data-testid="game-codes-status"]'), /autre partie/);
    assert.equal(plainText(await teacher.textContent('[data-testid="game-class-mean-G0"]')), '400,00 €');
    assert.equal(plainText(await teacher.textContent('[data-testid="game-class-mean-G4"]')), '200,00 €');
    const g2 = await teacher.$$eval('[data-testid="game-class-row-G2"] td', (tds) => tds.map((t) => t.textContent));
    assert.equal(plainText(g2[0]), euros(real.G2));
    assert.match(await teacher.textContent('[data-testid="game-class-chart"]'), /\/hab\./);
    await shot(teacher, 'game-22-hab-class');

    // The worksheet: no imposed total; its key gives the € per inhabitant.
    await teacher.goto(`${base}/#/jeu/fiche?${HAB}`);
    await teacher.waitForSelector('[data-testid="game-key-row-G5"]', { timeout: 60000 });
    assert.doesNotMatch(await teacher.textContent('[data-testid="game-sheet-pupil"]'), /exactement 1 000/);
    for (const c of SIX) {
      const td = await teacher.textContent(`[data-testid="game-key-row-${c}"] td`);
      assert.equal(plainText(td), euros(real[c]));
    }
    const pdf = await teacher.pdf({ format: 'A4', printBackground: true });
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
    assert.equal(pages, 2, `worksheet: ${pages} pages`);
    for (const p of [teacher, pupil]) {
      assert.deepEqual(foreign(p), []);
      assert.deepEqual(p.errors, []);
    }
  });

  it('« which of these two is ours? »: two unnamed splits, a choice, the class count, the worksheet', async () => {
    const teacher = await newPage(base);
    await teacher.goto(`${base}/#/jeu/preparer?c=${MONTREUIL}&annee=2023&section=all&grille=six`);
    await ready(teacher);
    await teacher.waitForSelector('[data-testid="game-link-panel"]:not([hidden])', { timeout: 60000 });
    await teacher.click('label[for="game-mode-duel"]');
    // Until the other authority is chosen, the set-up says what is missing and keeps the choice open.
    await teacher.waitForSelector('[data-testid="game-setup-error"]');
    assert.match(await teacher.textContent('[data-testid="game-setup-error"]'), /deuxième collectivité/);
    assert.equal(await teacher.isVisible('[data-testid="game-other"]'), true);
    assert.equal(await teacher.isDisabled('[data-testid="game-other-input"]'), false);
    assert.equal(await teacher.isHidden('[data-testid="game-link-panel"]'), true);
    await teacher.click('[data-testid="game-other-input"]');
    await teacher.keyboard.type('morbihan');
    await teacher.waitForSelector(`#game-other-listbox [data-key="${MORBIHAN}"]`, { timeout: 30000 });
    await teacher.keyboard.press('Enter');
    await teacher.waitForSelector('[data-testid="game-link-panel"]:not([hidden])', { timeout: 60000 });
    const link = await teacher.inputValue('[data-testid="game-link"]');
    // Both have detailed accounts for 2021 (Morbihan: its CA 2021): the duel takes that year for both.
    assert.match(link, new RegExp(`#/jeu\\?c=${MONTREUIL}&annee=2021&section=all&grille=six&variante=duel&autre=${MORBIHAN}$`));
    assert.match(plainText(await teacher.textContent('[data-testid="game-preview"]')), /celle de Montreuil et celle du Morbihan/);
    await shot(teacher, 'game-23-duel-setup');

    const params = Object.fromEntries(new URLSearchParams(link.split('?')[1]));
    const setup = G.setupOf(params);
    const ours = G.ourLetter(setup);
    const wrong = ours === 'A' ? 'B' : 'A';
    const pupil = await newPage(base);
    await pupil.goto(link);
    await ready(pupil);
    await pupil.waitForSelector('[data-testid="game-duel-chart-B"] svg', { timeout: 60000 });
    const question = plainText(await pupil.textContent('.game-question'));
    assert.match(question, /l.une est Montreuil .*l.autre le Morbihan .*Laquelle de ces deux répartitions est celle de Montreuil/);
    // Each side is the core's split, unnamed: the bars carry the amounts of 1,000 €.
    const [m, b] = [await coreReport(pupil, MONTREUIL, setup.year), await coreReport(pupil, MORBIHAN, setup.year)];
    const sideOf = { [ours]: m.report, [wrong]: b.report };
    for (const letter of ['A', 'B']) {
      const text = plainText(await pupil.textContent(`[data-testid="game-duel-side-${letter}"]`));
      assert.doesNotMatch(text, /Montreuil|Morbihan/);
      for (const p of sideOf[letter].parts) assert.ok(text.includes(euros(cents(p.euros))), `${letter}: ${p.code} ${p.euros} in ${text}`);
    }
    // Both charts are drawn at one scale: the same amount, the same length.
    const scale = [];
    for (const letter of ['A', 'B']) {
      const widths = await pupil.$$eval(`[data-testid="game-duel-chart-${letter}"] rect.bar-real`, (rs) => rs.map((r) => Number(r.getAttribute('width'))));
      sideOf[letter].parts.forEach((p, i) => { if (cents(p.euros) > 5000) scale.push(widths[i] / cents(p.euros)); });
    }
    assert.ok(Math.max(...scale) / Math.min(...scale) < 1.001, `scales ${scale}`);
    await shot(pupil, 'game-24-duel-play');
    await pupil.click(`[data-testid="game-duel-${wrong}"]`);
    await pupil.waitForSelector('[data-testid="game-score"]');
    assert.equal(await pupil.getAttribute('[data-testid="game-score"]', 'data-right'), '0');
    assert.match(plainText(await pupil.textContent('[data-testid="game-duel-answer"]')), new RegExp(`Montreuil, c'était la ${ours}`));
    const gap = await pupil.textContent('[data-testid="game-gap"]');
    assert.match(gap, /plus grande différence/);
    assert.match(gap, /département/);
    const code = await pupil.getAttribute('[data-testid="game-code"]', 'data-code');
    const d = G.decodeAnswer(code, setup);
    assert.equal(d.error, undefined, d.error);
    assert.deepEqual(d.euros, [wrong === 'A' ? 0 : 1]);
    assert.ok(code.length <= 10, code);
    await shot(pupil, 'game-25-duel-reveal');

    // The class: one right, one wrong.
    const right = G.encodeAnswer(setup, [ours === 'A' ? 0 : 1], 5);
    await teacher.goto(`${base}/#/jeu/classe?${new URLSearchParams(params).toString().replace(/%3A/g, ':')}`);
    await teacher.waitForSelector('[data-testid="game-class-empty"]', { timeout: 60000 });
    await teacher.fill('[data-testid="game-codes"]', `${code} ${right}`);
    await teacher.click('[data-testid="game-codes-add"]');
    await teacher.waitForSelector('[data-testid="game-class-count"]');
    assert.equal(plainText(await teacher.textContent('[data-testid="game-class-count"]')), '2 réponses');
    assert.match(plainText(await teacher.textContent('[data-testid="game-class-scores"]')), new RegExp(`1 élève sur 2 \\(50 %\\) a reconnu Montreuil : c'était la ${ours}`));
    assert.match(plainText(await teacher.textContent(`[data-testid="game-class-row-${ours}"]`)), /Montreuil ?1 \(50 %\)/);
    await shot(teacher, 'game-26-duel-class');

    // The worksheet: the two splits unnamed; the key names them.
    await teacher.goto(`${base}/#/jeu/fiche?${new URLSearchParams(params).toString().replace(/%3A/g, ':')}`);
    await teacher.waitForSelector('[data-testid="game-key-answer"]', { timeout: 60000 });
    assert.doesNotMatch(plainText(await teacher.textContent('[data-testid="game-sheet-pupil"] table')), /Montreuil|Morbihan/);
    assert.match(plainText(await teacher.textContent('[data-testid="game-key-answer"]')), new RegExp(`c'était la ${ours}`));
    await teacher.emulateMedia({ media: 'print' });
    await shot(teacher, 'game-27-duel-worksheet-print');
    const pdf = await teacher.pdf({ format: 'A4', printBackground: true });
    writeFileSync(join(shotsDir, 'game-duel-worksheet.pdf'), pdf);
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
    assert.equal(pages, 2, `worksheet: ${pages} pages`);
    for (const p of [teacher, pupil]) {
      assert.deepEqual(foreign(p), []);
      assert.deepEqual(p.errors, []);
    }
  });

  it('the duel on a 375-px phone and with the keyboard only', async () => {
    const page = await newPage(base, { width: 375, height: 740 });
    await page.goto(`${base}/#/jeu?c=${MONTREUIL}&section=all&grille=six&variante=duel&autre=${MORBIHAN}`);
    await ready(page);
    await page.waitForFunction(() => /annee=\d{4}/.test(location.hash), null, { timeout: 60000 });
    await page.waitForSelector('[data-testid="game-duel-chart-B"] svg', { timeout: 60000 });
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(await overflow() <= 0, `horizontal overflow ${await overflow()} px`);
    await shot(page, 'game-28-duel-phone');
    // Tab to a choice and press Enter.
    let reached = false;
    for (let i = 0; i < 60 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement?.dataset?.testid === 'game-duel-A');
    }
    assert.ok(reached, 'the choice A is reached with Tab');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="game-score"]');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'game-score');
    assert.ok(await overflow() <= 0, `horizontal overflow after reveal ${await overflow()} px`);
    assert.deepEqual(page.errors, []);
  });
});
