// Writes (or refreshes) x.br next to every precompressible file of a folder (x.wasm, x.js,
// x.css, x.html, x.svg, x.webmanifest), with Node's built-in brotli at its
// best quality, so that `make web` needs no extra package.
import { brotliCompressSync, constants, gunzipSync } from 'node:zlib';
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
// --data DIR: next to every x.gz of the dataset, x.br (the same content,
// brotli-compressed), which the server sends for x with Content-Encoding: br.
function data(dir) {
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.gz')) continue;
    const p = join(dir, name);
    const out = p.replace(/\.gz$/, '.br');
    try { if (statSync(out).mtimeMs >= statSync(p).mtimeMs) continue; } catch { /* no copy yet */ }
    const raw = gunzipSync(readFileSync(p));
    writeFileSync(out, brotliCompressSync(raw, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
        [constants.BROTLI_PARAM_LGWIN]: 24,
      },
    }));
  }
}

if (process.argv[2] === '--data') data(process.argv[3] || 'data/compressed');
else walk(process.argv[2] || 'web');
