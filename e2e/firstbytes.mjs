// The bytes a permalink transfers before its first figures, alone and
// quickly (the same count as `make bench-web`'s « bytes transferred before
// the first split »: response headers and encoded bodies of every request,
// the workers' included, local HTTP/1.1 server, cold cache), with what each
// file weighs. Prints numbers; asserts nothing (target ≤ 1,500,000 B).
//
//   node e2e/firstbytes.mjs [RUNS] [HASH]   (make web first, or make bench-bytes; RUNS 5, HASH
//   #/collectivite/commune:93048?annee=2023; JEU1000_DATA=DIR another dataset)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { dataDir, root } from './harness.mjs';
import { coldPage, serve } from './benchnet.mjs';

const RUNS = Number(process.argv[2] || 5);
const HASH = process.argv[3] || '#/collectivite/commune:93048?annee=2023';
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

/** One cold load: the bytes of each response finished when the chart shows. */
async function count(browser, url) {
  const { ctx, page, responses } = await coldPage(browser);
  await page.goto(url);
  await page.waitForSelector('[data-testid="citizen-chart"]', { timeout: 60000 });
  const files = await responses();
  await ctx.close();
  return files;
}

const tmp = mkdtempSync(join(tmpdir(), 'jeu1000-bytes-'));
const bin = join(tmp, 'jeu1000');
execFileSync('go', ['build', '-o', bin, './cmd/jeu1000'], { cwd: root, stdio: 'inherit' });
const server = await serve(bin, dataDir ? ['-data', dataDir] : []);
const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
try {
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await count(browser, `${server.url}/${HASH}`));
  const totals = runs.map((fs) => fs.reduce((a, f) => a + f.headers + f.body, 0));
  console.log(`bytes before the first figures of ${HASH}: median ${median(totals)} B of ${RUNS} runs (${totals.join(', ')}; target ≤ 1,500,000)`);
  const last = runs[runs.length - 1];
  const group = (f) => (/\.(js|css)$/.test(f.name) ? 'JS and CSS' : f.name);
  const by = new Map();
  for (const f of last) {
    const g = by.get(group(f)) || { n: 0, headers: 0, body: 0 };
    g.n++; g.headers += f.headers; g.body += f.body;
    by.set(group(f), g);
  }
  const hdr = last.reduce((a, f) => a + f.headers, 0);
  console.log(`  last run: ${last.length} responses, headers ${hdr} B (${Math.round(hdr / last.length)} B each)`);
  for (const [name, g] of [...by].sort((a, b) => b[1].body - a[1].body)) {
    console.log(`  ${name}${g.n > 1 ? ` (${g.n} files)` : ''}: body ${g.body} B, headers ${g.headers} B`);
  }
} finally {
  await browser.close();
  server.proc.kill();
  rmSync(tmp, { recursive: true, force: true });
}
