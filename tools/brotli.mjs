// Writes (or refreshes) x.br next to every precompressible file of a folder (x.wasm, x.js,
// x.css, x.html, x.svg, x.webmanifest), with Node's built-in brotli at its
// best quality, so that `make web` needs no extra package.
import { brotliCompressSync, constants } from 'node:zlib';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const exts = ['.wasm', '.js', '.css', '.html', '.svg', '.webmanifest'];
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) { walk(p); continue; }
    if (!exts.some((e) => name.endsWith(e))) continue;
    // Up to date: the brotli copy is newer than the file (it takes seconds
    // on the wasm at best quality).
    try { if (statSync(p + '.br').mtimeMs >= statSync(p).mtimeMs) continue; } catch { /* no copy yet */ }
    const data = readFileSync(p);
    const br = brotliCompressSync(data, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
        [constants.BROTLI_PARAM_LGWIN]: 24,
      },
    });
    writeFileSync(p + '.br', br);
  }
}
walk(process.argv[2] || 'web');
