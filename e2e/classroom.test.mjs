// Browser tests of the game in a classroom (issue 12): the teacher opens the
// app on 127.0.0.1, an address pupils' devices cannot reach. The page says
// so, and when `jeu1000 serve` knows the classroom network's address
// (-addr 0.0.0.0:PORT, here -public-url standing for it) the game's link,
// its QR code and the worksheet's QR code carry that address instead.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { available, foreign, newPage, ready, shot, start, stop } from './harness.mjs';

const run = available();
const SETUP = 'c=commune:93048&annee=2023&section=all&grille=six';
const LAN = 'http://192.0.2.10:8080/';

async function openSetup(base) {
  const page = await newPage(base);
  await page.goto(`${base}/#/jeu/preparer?${SETUP}`);
  await ready(page);
  await page.waitForSelector('[data-testid="game-link-panel"]:not([hidden])', { timeout: 60000 });
  return page;
}

describe('classroom: the server knows the network address', { skip: !run && 'Chromium not installed' }, () => {
  let base;
  before(async () => { base = await start({ serveArgs: ['-public-url', LAN] }); });
  after(async () => { await stop(); });

  it('the page on 127.0.0.1 warns and gives pupils the network link and QR code', async () => {
    const page = await openSetup(base);
    const warning = page.locator('[data-testid="game-local-warning"]');
    await warning.waitFor();
    assert.match(await warning.textContent(), /127\.0\.0\.1:\d+ ne fonctionne que sur cet ordinateur/);
    assert.equal(await page.getAttribute('[data-testid="game-lan-link"]', 'href'), LAN);
    const link = await page.inputValue('[data-testid="game-link"]');
    assert.equal(link, `${LAN}#/jeu?${SETUP}`);
    assert.equal(await page.getAttribute('[data-testid="game-qr"]', 'data-text'), link);
    await shot(page, 'classroom-01-lan-link');
    // The worksheet's QR code too.
    await page.click('[data-testid="game-sheet-link"]');
    await page.waitForSelector('[data-testid="game-sheet-qr"]', { timeout: 60000 });
    assert.equal(await page.getAttribute('[data-testid="game-sheet-qr"]', 'data-text'), link);
    assert.deepEqual(foreign(page), [], 'the page asked its own server only');
    assert.deepEqual(page.errors, []);
  });
});

describe('classroom: the server listens on this computer only', { skip: !run && 'Chromium not installed' }, () => {
  let base;
  before(async () => { base = await start(); });
  after(async () => { await stop(); });

  it('the page on 127.0.0.1 warns that pupils cannot open the link, and says how to serve the class', async () => {
    const page = await openSetup(base);
    const warning = page.locator('[data-testid="game-local-warning"]');
    await warning.waitFor();
    const text = await warning.textContent();
    assert.match(text, /ne fonctionne que sur cet ordinateur/);
    assert.match(text, /ne pourront pas ouvrir ce lien/);
    assert.match(text, /jeu1000 serve -addr 0\.0\.0\.0:8080/);
    assert.equal(await page.$('[data-testid="game-lan-link"]'), null);
    assert.equal(await page.inputValue('[data-testid="game-link"]'), `${base}/#/jeu?${SETUP}`);
    await shot(page, 'classroom-02-local-only');
  });
});
