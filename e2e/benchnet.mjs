// What the byte-counting benchmarks share (bench-web.mjs, firstbytes.mjs):
// the app's own server on a free port, and cold loads that count the bytes
// of every response, the workers' included.
import { spawn } from 'node:child_process';
import { root } from './harness.mjs';

/** Starts `bin serve` on a free local port with args; resolves to {url, proc}. */
export function serve(bin, args = []) {
  const p = spawn(bin, ['serve', '-addr', '127.0.0.1:0', ...args], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let err = '';
    p.stderr.on('data', (d) => { err += d; const m = /serving on (http:\/\/[^/\s]+)\//.exec(err); if (m) resolve({ url: m[1], proc: p }); });
    p.on('exit', (c) => reject(new Error(`server exited ${c}: ${err}`)));
  });
}

/**
 * Opens a page in a fresh context with the HTTP cache and service workers
 * off, recording every finished response. Returns {ctx, page, responses}:
 * responses() resolves to [{name, headers, body}] (bytes on the wire:
 * headers and encoded body; a worker's response may come without its body
 * size, then its Content-Length counts).
 */
export async function coldPage(browser) {
  const ctx = await browser.newContext({ serviceWorkers: 'block' });
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const sizes = [];
  page.on('requestfinished', (r) => sizes.push(Promise.all([r.sizes(), r.response()]).then(([z, resp]) => ({
    name: r.url().replace(/^https?:\/\/[^/]+\//, '').split('?')[0] || '/',
    headers: z.responseHeadersSize,
    body: z.responseBodySize || (resp && resp.status() === 200 ? Number(resp.headers()['content-length'] || 0) : 0),
  }), () => ({ name: r.url(), headers: 0, body: 0 }))));
  return { ctx, page, responses: () => Promise.all(sizes) };
}
