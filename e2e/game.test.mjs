// Browser tests of the classroom game (issue 5), in Debian's headless
// Chromium: the teacher sets up a game (search, year, grid) and gets a link
// and a QR code; a pupil opens the link, shares 1,000 € (the sum-to-1,000
// constraint is enforced), reveals, gets the score and an answer code; the
// teacher's class view takes the codes (typed, pasted, scanned) and shows
// the average and spread; the worksheet prints on two pages; a 375-px phone
// run and a keyboard-only run. Nothing leaves the app's origin.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { available, foreign, newContext, newPage, ready, shot, shotsDir, start, stop } from './harness.mjs';
import * as G from '../web/js/gamecore.js';

const run = available();
let base;

const SETUP = 'c=commune:93048&annee=2023&section=all&grille=six';
const setup = G.setupOf({ c: 'commune:93048', annee: '2023', section: 'all', grille: 'six' });
const SIX = ['G0', 'G1', 'G2', 'G3', 'G4', 'G5'];
const zbarimg = ['/usr/bin/zbarimg', '/usr/local/bin/zbarimg'].find((p) => existsSync(p));

/** Text of an element without the narrow spaces of French numbers. */
const plainText = (t) => String(t).replace(/[\u202f\u00a0]/g, ' ').trim();

/** The real split of the game as the core computes it, in cents (independently of the page's code). */
async function realSplit(page) {
  return page.evaluate(async () => {
    const e = await import('./js/engine.js');
    await e.loadIndex();
    await e.loadAuthority('commune:93048', 2023);
    const r = await window.jeu1000.splitRecord('commune:93048', 2023, { grid: 'six', section: 'all', ventilatedOnly: true });
    return Object.fromEntries(r.parts.map((p) => {
      const [a, b = ''] = p.euros.split('.');
      return [p.code, Number(a) * 100 + Number(b.padEnd(2, '0'))];
    }));
  });
}

async function setGuess(page, values) {
  for (const [code, v] of Object.entries(values)) {
    await page.fill(`[data-testid="game-input-${code}"]`, String(v));
  }
}

describe('the classroom game', { skip: !run && 'Chromium not installed' }, () => {
  before(async () => { base = await start(); });
  after(async () => { await stop(); });

  it('a full round: set-up by link, guess, sum to 1,000, reveal, score, answer code, class view', async () => {
    // --- The teacher prepares the game.
    const teacher = await newPage(base);
    teacher.on('dialog', (d) => d.accept());
    await teacher.goto(`${base}/#/jeu`);
    await ready(teacher);
    assert.equal(await teacher.getAttribute('#nav-game', 'aria-current'), 'page');
    await teacher.click('#game-search-input');
    await teacher.keyboard.type('montreuil');
    await teacher.waitForSelector('#game-search-listbox [data-key="commune:93048"]', { timeout: 30000 });
    await teacher.keyboard.press('Enter');
    await teacher.waitForSelector('[data-testid="game-link-panel"]:not([hidden])', { timeout: 60000 });
    // The year defaults to the latest detailed one (2024 is aggregated).
    await teacher.waitForFunction(() => /annee=2023/.test(location.hash));
    assert.match(teacher.url(), /#\/jeu\/preparer\?c=commune:93048&annee=2023&section=all&grille=six$/);
    const link = await teacher.inputValue('[data-testid="game-link"]');
    assert.equal(link, `${base}/#/jeu?${SETUP}`);
    assert.equal((await teacher.$$('[data-testid="game-preview"] li')).length, 6);
    // The QR code carries the link; an independent decoder reads it back.
    assert.equal(await teacher.getAttribute('[data-testid="game-qr"]', 'data-text'), link);
    if (zbarimg) {
      const file = join(mkdtempSync(join(tmpdir(), 'jeu1000-qr-')), 'qr.png');
      await teacher.locator('[data-testid="game-qr"] svg').screenshot({ path: file });
      const decoded = execFileSync(zbarimg, ['-q', '--raw', file], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
      assert.equal(decoded, link, 'the QR code on screen decodes to the link');
    }
    await shot(teacher, 'game-01-setup');

    // The grid choice changes the link (twelve domains for older pupils), and back.
    await teacher.click('label[for="game-grid-common"]');
    await teacher.waitForFunction(() => /grille=common/.test(document.querySelector('[data-testid="game-link"]')?.value || ''));
    assert.equal((await teacher.$$('[data-testid="game-preview"] li')).length, 11);
    await teacher.click('label[for="game-grid-six"]');
    await teacher.waitForFunction(() => /grille=six/.test(document.querySelector('[data-testid="game-link"]')?.value || ''));

    // --- A pupil, on another device, opens the link.
    const pupil = await newPage(base);
    await pupil.goto(link);
    await ready(pupil);
    await pupil.waitForSelector('[data-testid="game-input-G5"]', { timeout: 60000 });
    assert.match(plainText(await pupil.textContent('[data-testid="game-subtitle"]')), /Montreuil .*2023/);
    assert.equal((await pupil.$$('[data-testid^="game-policy-"]')).length, 6);
    assert.equal(plainText(await pupil.textContent('[data-testid="game-remaining"]')), 'Reste à placer : 1 000 €');

    // 990 € placed: the reveal is refused, and says what is left.
    await setGuess(pupil, { G0: 300, G1: 50, G2: 200, G3: 150, G4: 100, G5: 190 });
    assert.equal(await pupil.getAttribute('[data-testid="game-remaining"]', 'data-remaining'), '10');
    assert.match(plainText(await pupil.textContent('[data-testid="game-remaining"]')), /Reste à placer : 10 €/);
    await pupil.click('[data-testid="game-reveal"]');
    assert.match(plainText(await pupil.textContent('[data-testid="game-sum-error"]')), /Il reste 10 € à placer/);
    assert.doesNotMatch(pupil.url(), /reponse=/);
    await pupil.evaluate(() => window.scrollTo(0, 0)); // the sticky status at its place
    await shot(pupil, 'game-02-guess-incomplete');

    // 1,010 €: too much, said so.
    await setGuess(pupil, { G5: 210 });
    assert.match(plainText(await pupil.textContent('[data-testid="game-remaining"]')), /Trop placé : 10 €/);
    await pupil.click('[data-testid="game-reveal"]');
    assert.match(plainText(await pupil.textContent('[data-testid="game-sum-error"]')), /10 € de trop/);
    assert.doesNotMatch(pupil.url(), /reponse=/);
    // A bad number is refused without changing the sum.
    await pupil.fill('[data-testid="game-input-G1"]', '12,5');
    assert.match(await pupil.textContent('[data-testid="game-err-G1"]'), /entier/);
    assert.equal(await pupil.getAttribute('[data-testid="game-remaining"]', 'data-remaining'), '-10');
    await pupil.fill('[data-testid="game-input-G1"]', '50');

    // The slider moves with the keyboard and keeps the number in step.
    await pupil.focus('[data-testid="game-range-G5"]');
    for (let i = 0; i < 10; i++) await pupil.keyboard.press('ArrowLeft');
    assert.equal(await pupil.inputValue('[data-testid="game-input-G5"]'), '200');
    assert.equal(await pupil.getAttribute('[data-testid="game-remaining"]', 'data-remaining'), '0');
    assert.match(await pupil.textContent('[data-testid="game-remaining"]'), /sont placés/);
    const guess = { G0: 300, G1: 50, G2: 200, G3: 150, G4: 100, G5: 200 };

    await pupil.click('[data-testid="game-reveal"]');
    await pupil.waitForSelector('[data-testid="game-score"]');
    assert.match(pupil.url(), /reponse=[0-9A-Z]+/);
    // The score, recomputed here from the core's own split: 1000 − ½ Σ|g − r|.
    const real = await realSplit(pupil);
    assert.deepEqual(Object.keys(real).sort(), SIX);
    assert.equal(Object.values(real).reduce((a, b) => a + b, 0), 100000);
    const dist = SIX.reduce((a, c) => a + Math.abs(guess[c] * 100 - real[c]), 0);
    const want = 100000 - dist / 2;
    assert.equal(Number(await pupil.getAttribute('[data-testid="game-score"]', 'data-score')), want);
    const euros = Math.floor(want / 100);
    assert.match(plainText(await pupil.textContent('[data-testid="game-score"]')),
      new RegExp(`${String(euros).replace(/\B(?=(\d{3})+(?!\d))/g, ' ')},${String(want % 100).padStart(2, '0')} sur 1 000`));
    // The table: guess, reality, gap per policy.
    for (const c of SIX) {
      const cells = await pupil.$$eval(`[data-testid="game-reveal-row-${c}"] td`, (tds) => tds.map((t) => t.textContent));
      const r = real[c];
      assert.equal(plainText(cells[0]), `${guess[c]} €`);
      assert.equal(plainText(cells[1]), `${Math.floor(r / 100)},${String(r % 100).padStart(2, '0')} €`);
    }
    // The largest gap is explained, neutrally.
    const largest = SIX.reduce((best, c) => (Math.abs(guess[c] * 100 - real[c]) > Math.abs(guess[best] * 100 - real[best]) ? c : best), SIX[0]);
    const gapText = await pupil.textContent('[data-testid="game-gap"]');
    assert.ok(gapText.includes(G.GRIDS.six.find((a) => a.code === largest).label), gapText);
    assert.match(gapText, /À savoir/);
    assert.doesNotMatch(gapText, /erreur|faux|mauvais élève|gaspill/i);
    // The answer code carries the guess and this game's tag.
    const code = await pupil.getAttribute('[data-testid="game-code"]', 'data-code');
    const d = G.decodeAnswer(code, setup);
    assert.equal(d.error, undefined, d.error);
    assert.deepEqual(d.euros, SIX.map((c) => guess[c]));
    assert.match(await pupil.getAttribute('[data-testid="game-answer-qr"]', 'data-text'), new RegExp(`#/jeu/classe\\?${SETUP.replace(/[?&]/g, '\\$&')}&ajout=${code}$`));
    assert.ok(await pupil.$('[data-testid="game-answer-qr"] svg path'));
    await shot(pupil, 'game-03-reveal');

    // « Rejouer » brings the guess back, to change it.
    await pupil.click('[data-testid="game-replay"]');
    await pupil.waitForSelector('[data-testid="game-input-G0"]');
    assert.equal(await pupil.inputValue('[data-testid="game-input-G0"]'), '300');

    // --- The teacher's class view: codes typed (with dashes, lower case) or pasted.
    await teacher.click('[data-testid="game-class-link"]');
    await teacher.waitForSelector('[data-testid="game-codes"]');
    await teacher.waitForSelector('[data-testid="game-class-empty"]');
    const other = G.encodeAnswer(setup, [250, 50, 250, 150, 150, 150], 42);
    const otherGame = G.encodeAnswer({ ...setup, year: 2022 }, [250, 50, 250, 150, 150, 150], 43);
    await teacher.fill('[data-testid="game-codes"]', `${G.formatCode(code).toLowerCase()}\n${other}\n${otherGame}\nABCD-EFGH`);
    await teacher.click('[data-testid="game-codes-add"]');
    await teacher.waitForSelector('[data-testid="game-class-count"]');
    assert.equal(plainText(await teacher.textContent('[data-testid="game-class-count"]')), '2 réponses');
    const status = plainText(await teacher.textContent('[data-testid="game-codes-status"]'));
    assert.match(status, /2 réponses ajoutées/);
    assert.match(status, /autre partie/);
    assert.match(status, /ABCD-EFGH : Ce n'est pas un code réponse/);
    // Averages: (300 + 250) / 2 = 275 € for G0; (200 + 250) / 2 = 225 € for G2.
    assert.equal(plainText(await teacher.textContent('[data-testid="game-class-mean-G0"]')), '275,00 €');
    assert.equal(plainText(await teacher.textContent('[data-testid="game-class-mean-G2"]')), '225,00 €');
    const g4 = await teacher.$$eval('[data-testid="game-class-row-G4"] td', (tds) => tds.map((t) => t.textContent));
    assert.equal(plainText(g4[3]), '100 € – 150 €');
    assert.ok(await teacher.$('[data-testid="game-class-chart"] svg .class-real'));
    // The same code again is not counted twice.
    await teacher.fill('[data-testid="game-codes"]', code);
    await teacher.click('[data-testid="game-codes-add"]');
    assert.match(await teacher.textContent('[data-testid="game-codes-status"]'), /déjà dans la classe/);
    assert.equal(plainText(await teacher.textContent('[data-testid="game-class-count"]')), '2 réponses');
    await shot(teacher, 'game-04-class');
    // Projector mode: large type, high contrast, for the class to see.
    await teacher.click('[data-testid="game-projector"]');
    assert.equal(await teacher.evaluate(() => document.body.classList.contains('projector')), true);
    assert.equal(await teacher.getAttribute('[data-testid="game-projector"]', 'aria-pressed'), 'true');
    await shot(teacher, 'game-04b-class-projector');
    await teacher.click('[data-testid="game-projector"]');
    assert.equal(await teacher.evaluate(() => document.body.classList.contains('projector')), false);

    // Kept in this browser only, across a reload; a scanned QR adds itself.
    const third = G.encodeAnswer(setup, [200, 100, 200, 200, 100, 200], 7);
    await teacher.goto(`${base}/#/jeu/classe?${SETUP}&ajout=${third}`);
    await teacher.waitForFunction(() => /3 réponses/.test(document.querySelector('[data-testid="game-class-count"]')?.textContent || ''), null, { timeout: 60000 });
    assert.doesNotMatch(teacher.url(), /ajout=/);
    const stored = JSON.parse(await teacher.evaluate(() => localStorage.getItem('jeu1000:classe:v1')));
    assert.deepEqual(Object.values(stored.parties)[0].codes.length, 3);
    assert.doesNotMatch(JSON.stringify(stored), /nom|name":"[^M]/i);
    // Deletable.
    await teacher.click('[data-testid="game-class-clear"]');
    await teacher.waitForSelector('[data-testid="game-class-empty"]');
    assert.equal(await teacher.evaluate(() => localStorage.getItem('jeu1000:classe:v1')), null);

    for (const p of [teacher, pupil]) {
      assert.deepEqual(foreign(p), []);
      assert.deepEqual(p.errors, []);
    }
    // The pupil's device stores nothing.
    assert.equal(await pupil.evaluate(() => localStorage.length), 0);
  });

  it('the common grid with « non ventilé », and the F / I variant', async () => {
    const page = await newPage(base);
    await page.goto(`${base}/#/jeu?c=commune:93048&annee=2023&section=I&grille=common&nv=1`);
    await ready(page);
    await page.waitForSelector('[data-testid="game-input-NV"]', { timeout: 60000 });
    assert.equal((await page.$$('[data-testid^="game-policy-"]')).length, 12);
    assert.match(plainText(await page.textContent('[data-testid="game-subtitle"]')), /investissement/);
    // Put everything on one policy: a legal guess, a low score, explained.
    await page.fill('[data-testid="game-input-ENS"]', '1000');
    await page.click('[data-testid="game-reveal"]');
    await page.waitForSelector('[data-testid="game-score"]');
    assert.match(await page.textContent('[data-testid="game-gap"]'), /investissement/);
    const code = await page.getAttribute('[data-testid="game-code"]', 'data-code');
    assert.equal(code.length, 30);
    assert.deepEqual(foreign(page), []);
    assert.deepEqual(page.errors, []);
  });

  it('a link without a year, or asking what the figures cannot give, is made canonical', async () => {
    const page = await newPage(base);
    // Without a year, the département of Gironde's game opens on its latest
    // detailed year (its CA 2016: the core's default year), not on its
    // OFGL 2024 aggregates.
    await page.goto(`${base}/#/jeu?c=departement:33&grille=common&section=F`);
    await ready(page);
    await page.waitForFunction(() => /annee=2016&section=F&grille=common/.test(location.hash), null, { timeout: 60000 });
    // Its 2024 figures are OFGL aggregates: six groups, both sections,
    // whatever the link asked.
    await page.goto(`${base}/#/jeu?c=departement:33&annee=2024&grille=common&section=F`);
    await page.waitForSelector('[data-testid="game-input-G4"]', { timeout: 60000 });
    await page.waitForFunction(() => /annee=2024&section=all&grille=six/.test(location.hash));
    assert.equal((await page.$$('[data-testid^="game-policy-"]')).length, 6);
    for (const c of SIX) assert.equal(await page.inputValue(`[data-testid="game-input-${c}"]`), '0');
    assert.match(plainText(await page.textContent('[data-testid="game-subtitle"]')), /Gironde/);
    assert.equal(plainText(await page.textContent('[data-testid="game-remaining"]')), 'Reste à placer : 1 000 €');
    await page.fill('[data-testid="game-input-G4"]', '1000');
    await page.click('[data-testid="game-reveal"]');
    await page.waitForSelector('[data-testid="game-score"]');
    // The département's solidarity share is explained as such.
    const gap = await page.textContent('[data-testid="game-gap"]');
    assert.match(gap, /département|solidarité|RSA/);
    assert.match(await page.textContent('[data-testid="game-aggregated-note"]'), /Chiffres agrégés/);
    await shot(page, 'game-11-departement-reveal');
    assert.deepEqual(page.errors, []);
  });

  it('class codes: each line is its own code, a mistyped one named and kept to correct, the next one added', async () => {
    const page = await newPage(base);
    page.on('dialog', (d) => d.accept());
    await page.goto(`${base}/#/jeu/classe?${SETUP}`);
    await ready(page);
    await page.waitForSelector('[data-testid="game-class-empty"]', { timeout: 60000 });
    const good = G.encodeAnswer(setup, [250, 50, 250, 150, 150, 150], 11);
    const good2 = G.encodeAnswer(setup, [300, 50, 200, 150, 150, 150], 12);
    // One character changed (a typo), then a valid code on the next line;
    // then a code typed in groups with spaces, and two codes on one line.
    const typo = G.formatCode(good.slice(0, 5) + (good[5] === 'X' ? 'Y' : 'X') + good.slice(6));
    const third = G.encodeAnswer(setup, [200, 100, 200, 200, 100, 200], 13);
    await page.fill('[data-testid="game-codes"]', `${typo}\n${G.formatCode(good2)}\n${G.formatCode(third).replace(/-/g, ' ')}\n${typo} ${good}`);
    await page.click('[data-testid="game-codes-add"]');
    await page.waitForSelector('[data-testid="game-class-count"]');
    assert.equal(plainText(await page.textContent('[data-testid="game-class-count"]')), '3 réponses');
    const status = plainText(await page.textContent('[data-testid="game-codes-status"]'));
    assert.match(status, /3 réponses ajoutées/);
    assert.ok(status.includes(`${typo} : Ce code contient une faute de frappe`), status);
    assert.doesNotMatch(status, /trop long/);
    // The refused code stays in the box, to correct; the added ones are gone.
    assert.equal(await page.inputValue('[data-testid="game-codes"]'), `${typo}\n${typo}`);
    await shot(page, 'game-12-class-typo');
    assert.deepEqual(page.errors, []);
  });

  it('an authority without figures clears the previous choice and offers only ways on with figures', async () => {
    const page = await newPage(base);
    await page.goto(`${base}/#/jeu/preparer?${SETUP}`);
    await ready(page);
    await page.waitForSelector('[data-testid="game-link-panel"]:not([hidden])', { timeout: 60000 });
    assert.ok((await page.$$('#game-year option')).length > 1);
    // A village of the Morbihan without figures: its intercommunalité and
    // its région have none either, its département has.
    await page.fill('#game-search-input', '');
    await page.click('#game-search-input');
    await page.keyboard.type('Sainte-Anne-d\'Auray');
    await page.waitForSelector('#game-search-listbox [data-key="commune:56263"]', { timeout: 30000 });
    await page.click('#game-search-listbox [data-key="commune:56263"]');
    await page.waitForSelector('[data-testid="game-setup-error"]', { timeout: 60000 });
    await page.waitForSelector('[data-testid="game-ways"]', { timeout: 60000 });
    assert.equal((await page.$$('#game-year option')).length, 0, 'no year of Montreuil left');
    assert.equal(await page.textContent('[data-testid="game-year-note"]'), '');
    assert.equal(await page.isHidden('[data-testid="game-link-panel"]'), true);
    assert.match(await page.textContent('[data-testid="game-chosen"]'), /Sainte-Anne-d'Auray/);
    const ways = await page.$$eval('[data-testid="game-way"]', (as) => as.map((a) => a.dataset.key));
    // Checked against the core: every parent with figures is offered, no other.
    const parents = await page.evaluate(async () => {
      const e = await import('./js/engine.js');
      const a = await e.loadAuthority('commune:56263', 'latest');
      const out = [];
      for (const r of [a.epci, a.departementRef, a.regionRef]) out.push([r.key, (await e.loadAuthority(r.key, 'latest')).years.length]);
      return out;
    });
    assert.deepEqual(ways, parents.filter(([, n]) => n > 0).map(([k]) => k));
    assert.deepEqual(ways, ['departement:56']);
    await shot(page, 'game-13-setup-no-figures');
    // Each way on leads to a game (figures, a link), never to another empty page.
    for (const key of ways) {
      await page.click(`[data-testid="game-way"][data-key="${key}"]`);
      await page.waitForSelector('[data-testid="game-link-panel"]:not([hidden])', { timeout: 60000 });
      assert.match(page.url(), new RegExp(`c=${key}&annee=\\d{4}`));
      assert.equal(await page.$('[data-testid="game-setup-error"]'), null);
      assert.ok((await page.$$('#game-year option')).length >= 1);
    }
    // The duel's second authority without figures: the same ways on, for it.
    await page.goto(`${base}/#/jeu/preparer?${SETUP}&variante=duel&autre=commune:56263`);
    await page.waitForSelector('[data-testid="game-way"]', { timeout: 60000 });
    const href = await page.getAttribute('[data-testid="game-way"]', 'href');
    assert.match(href, /c=commune:93048&.*variante=duel&autre=departement:56/);
    assert.deepEqual(page.errors, []);
  });

  it('a pupil guessing has no way to the figures: no tabs, no home link, until the reveal', async () => {
    const page = await newPage(base);
    await page.goto(`${base}/#/jeu?${SETUP}`);
    await ready(page);
    await page.waitForSelector('[data-testid="game-input-G5"]', { timeout: 60000 });
    assert.equal(await page.isVisible('#nav-citizen'), false);
    assert.equal(await page.isVisible('#nav-game'), false);
    assert.equal(await page.getAttribute('#brand-link', 'href'), null);
    // Nothing the keyboard reaches leads out of the game.
    const reached = new Set();
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      reached.add(await page.evaluate(() => document.activeElement?.getAttribute('href') ?? ''));
    }
    assert.deepEqual([...reached].filter((href) => href && href !== '#main'), []);
    await shot(page, 'game-14-pupil-mode');
    await setGuess(page, { G0: 500, G4: 500 });
    await page.click('[data-testid="game-reveal"]');
    await page.waitForSelector('[data-testid="game-score"]');
    assert.equal(await page.isVisible('#nav-citizen'), true);
    assert.equal(await page.getAttribute('#brand-link', 'href'), '#/');
    // Leaving the game gives the site back too.
    await page.click('[data-testid="game-replay"]');
    await page.waitForSelector('[data-testid="game-input-G0"]');
    assert.equal(await page.isVisible('#nav-citizen'), false);
    await page.evaluate(() => { location.hash = '#/comprendre'; });
    await page.waitForFunction(() => !document.body.classList.contains('game-pupil-mode'));
    assert.equal(await page.getAttribute('#brand-link', 'href'), '#/');
    assert.deepEqual(page.errors, []);
  });

  it('a duel compares like with like, as the core decides, or is refused with its reason', async () => {
    const page = await newPage(base);
    // Asked on 2024: Montreuil's DGFiP first digits beside the Morbihan's
    // OFGL groups would be two methods; the core pairs their accounts 2021.
    await page.goto(`${base}/#/jeu/preparer?${SETUP.replace('2023', '2024')}&variante=duel&autre=departement:56`);
    await ready(page);
    await page.waitForSelector('[data-testid="game-link-panel"]:not([hidden])', { timeout: 60000 });
    assert.match(page.url(), /annee=2021&.*variante=duel&autre=departement:56/);
    assert.match(plainText(await page.textContent('[data-testid="game-link-panel"]')), /Montreuil \(commune\) ou Morbihan \(département\) \? — compte administratif 2021 —/);
    // The same pair as the core's own answer, and both splits of one method.
    const core = await page.evaluate(async () => {
      const e = await import('./js/engine.js');
      await e.loadAuthority('commune:93048', 'all');
      await e.loadAuthority('departement:56', 'all');
      const req = { grid: 'six', section: 'all', ventilatedOnly: true, top: 5 };
      const pair = await window.jeu1000.pairYears('commune:93048', 'departement:56', 2024, req);
      const a = await window.jeu1000.splitRecord('commune:93048', pair.year, req);
      const b = await window.jeu1000.splitRecord('departement:56', pair.otherYear, req);
      return { pair, details: [a.detail, b.detail], grids: [a.grid, b.grid] };
    });
    assert.equal(core.pair.year, 2021);
    assert.equal(core.pair.otherYear, 2021);
    assert.equal(core.details[0], core.details[1]);
    assert.equal(core.grids[0], core.grids[1]);
    // Crach and the Morbihan have no figures made the same way: refused, the
    // reason given, no link; a way on only if it makes a duel with Crach.
    await page.goto(`${base}/#/jeu/preparer?c=commune:56046&section=all&grille=six&variante=duel&autre=departement:56`);
    await page.waitForSelector('[data-testid="game-setup-error"]', { timeout: 60000 });
    assert.match(await page.textContent('[data-testid="game-setup-error"]'), /pas de chiffres faits de la même façon/);
    // The choice on screen is the one refused, not the previous one.
    await page.waitForFunction(() => document.querySelector('#game-search-input').value === 'Crach');
    assert.match(await page.textContent('[data-testid="game-chosen"]'), /^Crach · Commune/);
    assert.equal(await page.inputValue('#game-other-input'), 'Morbihan');
    assert.equal((await page.$$('#game-year option')).length, 0);
    assert.equal(await page.isHidden('[data-testid="game-link-panel"]'), true);
    await page.waitForSelector('[data-testid="game-ways"], [data-testid="game-ways-none"]', { timeout: 60000 });
    for (const key of await page.$$eval('[data-testid="game-way"]', (as) => as.map((a) => a.dataset.key))) {
      await page.click(`[data-testid="game-way"][data-key="${key}"]`);
      await page.waitForSelector('[data-testid="game-link-panel"]:not([hidden])', { timeout: 60000 });
      await page.goBack();
      await page.waitForSelector('[data-testid="game-setup-error"]', { timeout: 60000 });
    }
    await shot(page, 'game-15-duel-refused');
    assert.deepEqual(page.errors, []);
  });

  it('the worksheet and its answer key print on two pages', async () => {
    const page = await newPage(base);
    await page.goto(`${base}/#/jeu/fiche?${SETUP}`);
    await ready(page);
    await page.waitForSelector('[data-testid="game-key-row-G5"]', { timeout: 60000 });
    const keyText = plainText(await page.textContent('[data-testid="game-sheet-key"]'));
    assert.match(keyText, /Total\s*1 000,00 €/);
    await shot(page, 'game-05-worksheet');
    await page.emulateMedia({ media: 'print' });
    await shot(page, 'game-06-worksheet-print');
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    writeFileSync(join(shotsDir, 'game-worksheet.pdf'), pdf);
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
    assert.equal(pages, 2, `worksheet: ${pages} pages`);
    assert.deepEqual(page.errors, []);
  });

  it('on a 375-px phone: no sideways scrolling, a full round', async () => {
    const page = await newPage(base, { width: 375, height: 740 });
    await page.goto(`${base}/#/jeu?${SETUP}`);
    await ready(page);
    await page.waitForSelector('[data-testid="game-input-G5"]', { timeout: 60000 });
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(await overflow() <= 0, `horizontal overflow ${await overflow()} px`);
    // Inputs big enough to touch.
    const box = await page.locator('[data-testid="game-input-G0"]').boundingBox();
    assert.ok(box.height >= 40, `input height ${box.height}`);
    await setGuess(page, { G0: 250, G1: 50, G2: 200, G3: 200, G4: 100, G5: 200 });
    // The status stays in view while scrolling (sticky).
    await page.locator('[data-testid="game-input-G5"]').scrollIntoViewIfNeeded();
    const st = await page.locator('[data-testid="game-remaining"]').boundingBox();
    assert.ok(st.y >= -1 && st.y < 740, `status at ${st.y}`);
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, 'game-07-phone-guess');
    await page.click('[data-testid="game-reveal"]');
    await page.waitForSelector('[data-testid="game-reveal-chart"] svg');
    assert.ok(await overflow() <= 0, `horizontal overflow after reveal ${await overflow()} px`);
    await shot(page, 'game-08-phone-reveal');
    // The teacher's set-up on a phone too.
    await page.goto(`${base}/#/jeu/preparer?${SETUP}`);
    await page.waitForSelector('[data-testid="game-qr"] svg', { timeout: 60000 });
    assert.ok(await overflow() <= 0, `horizontal overflow on set-up ${await overflow()} px`);
    await shot(page, 'game-09-phone-setup');
    assert.deepEqual(page.errors, []);
  });

  it('with the keyboard only: set-up, guess, reveal', async () => {
    const ctx = await newContext();
    const page = await newPage(base, { context: ctx });
    await page.goto(`${base}/#/jeu`);
    await ready(page);
    const active = () => page.evaluate(() => document.activeElement?.id || document.activeElement?.dataset?.testid || document.activeElement?.tagName);
    async function tabTo(id, max = 40) {
      for (let i = 0; i < max; i++) {
        if (await active() === id) return;
        await page.keyboard.press('Tab');
      }
      assert.fail(`${id} not reached with Tab (at ${await active()})`);
    }
    await tabTo('game-search-input');
    await page.keyboard.type('montreuil');
    await page.waitForSelector('#game-search-listbox [data-key="commune:93048"]', { timeout: 30000 });
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="game-link-panel"]:not([hidden])', { timeout: 60000 });
    await page.waitForFunction(() => /annee=2023/.test(location.hash));
    // Grid: arrow keys in the radio group.
    await tabTo('game-grid-six');
    await page.keyboard.press('ArrowDown');
    await page.waitForFunction(() => /grille=common/.test(location.hash));
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="game-preview"] li').length === 11);
    await page.keyboard.press('ArrowUp');
    await page.waitForFunction(() => /grille=six/.test(location.hash));
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="game-preview"] li').length === 6);
    // To the pupil's view, by its link.
    await tabTo('game-play-link');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="game-range-G0"]', { timeout: 60000 });
    await tabTo('game-G0-range');
    await page.keyboard.press('End'); // 1,000 € on the first policy
    assert.equal(await page.inputValue('[data-testid="game-input-G0"]'), '1000');
    for (let i = 0; i < 5; i++) await page.keyboard.press('PageDown');
    const g0 = Number(await page.inputValue('[data-testid="game-input-G0"]'));
    assert.ok(g0 < 1000, `PageDown moved the slider (${g0})`);
    await page.keyboard.press('Tab'); // the number input of the same policy
    assert.equal(await active(), 'game-G0-input');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('400');
    await tabTo('game-G2-input');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('600');
    assert.equal(await page.getAttribute('[data-testid="game-remaining"]', 'data-remaining'), '0');
    await tabTo('game-reveal');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="game-score"]');
    // The focus is on the score, read first.
    assert.equal(await active(), 'game-score');
    await shot(page, 'game-10-keyboard-reveal');
    assert.deepEqual(page.errors, []);
    await ctx.close();
  });
});
