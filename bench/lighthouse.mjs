// Lighthouse (pinned in bench/package.json, run on Debian's Chromium) for make
// bench-web: the mobile profile (simulated slow 4G, 4× slower CPU) on the
// app's pages, each page RUNS times in a row, the median reported with the
// machine's load (uptime) before and after. Lighthouse's simulated
// throttling multiplies the machine's own CPU time: a busy shared machine
// lowers the score, hence the medians and the load printed with them.
// LH_SAVE=DIR writes each page's median report there (JSON).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';

const CATEGORIES = ['performance', 'accessibility', 'best-practices'];
const METRICS = [
  ['first-contentful-paint', 'FCP', 'ms'],
  ['largest-contentful-paint', 'LCP', 'ms'],
  ['total-blocking-time', 'TBT', 'ms'],
  ['cumulative-layout-shift', 'CLS', ''],
  ['speed-index', 'SI', 'ms'],
  ['interactive', 'TTI', 'ms'],
];

/**
 * The LCP element of a run: Lighthouse's audit, or, when it fails (12.2.3's
 * TraceElements breaks on Chromium 148's frame events), the trace's last
 * largestContentfulPaint::Candidate. With the phases of the simulated LCP
 * (the audit's, else TTFB and render delay, the phases of a text element) and
 * when the element painted in the unthrottled run that was traced.
 */
export function lcpOf(lhr, trace) {
  const audit = lhr.audits['largest-contentful-paint-element'];
  const m = lhr.audits.metrics?.details?.items?.[0] || {};
  const lcp = lhr.audits['largest-contentful-paint'].numericValue;
  const out = { element: audit?.details?.items?.[0]?.items?.[0]?.node?.snippet || '', observed: m.observedLargestContentfulPaint, phases: null };
  const phases = audit?.details?.items?.[1]?.items;
  if (phases) out.phases = Object.fromEntries(phases.map((x) => [x.phase, Math.round(x.timing)]));
  const events = trace?.traceEvents || [];
  const nav = events.find((e) => e.name === 'navigationStart' && e.args?.data?.isLoadingMainFrame && /^http/.test(e.args.data.documentLoaderURL || ''));
  const cands = events.filter((e) => e.name === 'largestContentfulPaint::Candidate' && e.args?.data?.isOutermostMainFrame && (!nav || e.ts >= nav.ts));
  const last = cands[cands.length - 1];
  if (last) {
    const d = last.args.data;
    if (!out.element) out.element = `<${d.nodeName}> (${d.type}, ${d.size} px²)`;
    out.candidates = cands.map((e) => `${e.args.data.nodeName} @${nav ? Math.round((e.ts - nav.ts) / 1000) : '?'} ms`);
    if (!out.phases && d.type === 'text') {
      const ttfb = Math.round(m.timeToFirstByte);
      out.phases = { TTFB: ttfb, 'Load Delay': 0, 'Load Time': 0, 'Render Delay': Math.round(lcp - ttfb) };
    }
  }
  return out;
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
/** The machine's load averages (1, 5, 15 min), from uptime. */
export const load = () => execFileSync('uptime', { encoding: 'utf8' }).trim().replace(/^.*load averages?:\s*/, '');

/**
 * Runs Lighthouse on each of pages ({name, url}) `runs` times; prints and
 * returns, per page, the median of each score and metric.
 */
export async function lighthouseRuns(pages, { runs = 3, chromePath = '/usr/bin/chromium' } = {}) {
  const chrome = await chromeLauncher.launch({
    chromePath,
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const out = [];
  try {
    for (const { name, url } of pages) {
      const before = load();
      const lhrs = [];
      const lcps = new Map(); // lhr → lcpOf
      for (let i = 0; i < runs; i++) {
        const r = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: CATEGORIES });
        if (r.lhr.runtimeError) throw new Error(`${name}: ${r.lhr.runtimeError.code} ${r.lhr.runtimeError.message}`);
        lhrs.push(r.lhr);
        lcps.set(r.lhr, lcpOf(r.lhr, r.artifacts.Trace));
      }
      const after = load();
      const res = { name, url, load: { before, after }, scores: {}, metrics: {}, runs: lhrs.map((l) => Math.round(100 * l.categories.performance.score)) };
      for (const c of CATEGORIES) res.scores[c] = median(lhrs.map((l) => Math.round(100 * (l.categories[c].score ?? 0))));
      for (const [id, short] of METRICS) res.metrics[short] = median(lhrs.map((l) => l.audits[id].numericValue));
      // What weighs: the failing audits of the median run (by performance score).
      const mid = lhrs.slice().sort((a, b) => a.categories.performance.score - b.categories.performance.score)[runs >> 1];
      res.lcp = lcps.get(mid);
      res.lcpElement = res.lcp.element;
      res.failing = Object.values(mid.audits)
        .filter((a) => a.score !== null && a.score < 0.9 && a.scoreDisplayMode !== 'informative' && a.scoreDisplayMode !== 'notApplicable' && a.scoreDisplayMode !== 'manual')
        .map((a) => a.id);
      out.push(res);
      if (process.env.LH_SAVE) {
        writeFileSync(join(process.env.LH_SAVE, `lighthouse-${name.replace(/\W+/g, '-')}.json`), JSON.stringify(mid));
      }
      const m = res.metrics;
      console.log(`lighthouse ${name} (${url.replace(/^https?:\/\/[^/]+/, '')}), median of ${runs}, mobile: performance ${res.scores.performance} (runs ${res.runs.join(', ')}), accessibility ${res.scores.accessibility}, best practices ${res.scores['best-practices']}; `
        + `FCP ${Math.round(m.FCP)} ms, LCP ${Math.round(m.LCP)} ms, TBT ${Math.round(m.TBT)} ms, CLS ${m.CLS.toFixed(3)}, SI ${Math.round(m.SI)} ms, TTI ${Math.round(m.TTI)} ms; load ${before} → ${after}`);
      if (res.lcpElement) {
        const ph = res.lcp.phases ? `; phases ${Object.entries(res.lcp.phases).map(([k, v]) => `${k} ${v} ms`).join(', ')}` : '';
        console.log(`  LCP element (median run): ${res.lcpElement}, painted at ${res.lcp.observed} ms unthrottled${ph}`);
      }
      console.log(`  each run: ${lhrs.map((l) => `${Math.round(100 * l.categories.performance.score)} (LCP ${Math.round(l.audits['largest-contentful-paint'].numericValue)} ms, TBT ${Math.round(l.audits['total-blocking-time'].numericValue)} ms; candidates ${(lcps.get(l).candidates || []).join(' → ')})`).join('; ')}`);
      if (res.failing.length) console.log(`  audits under 0.9 (median run): ${res.failing.join(', ')}`);
    }
  } finally {
    await chrome.kill();
  }
  return out;
}
