// Writes (or refreshes) brotli copies with Node's built-in zlib, so that
// `make web` and `make site` need no extra package:
//
//   node tools/brotli.mjs [DIR]          x.br next to every precompressible
//                                        file of DIR (default web/): .wasm,
//                                        .js, .css, .html, .svg, .webmanifest
//   node tools/brotli.mjs --data [DIR]   next to every x.gz of a dataset
//                                        (default data/compressed/), x.br of
//                                        the same content, which the server
//                                        sends for x with Content-Encoding: br
//
// Both walk sub-folders and skip a copy that is newer than its file. Files
// are compressed by a pool of worker threads, one per core.
//
// Quality: the app's files and the dataset index get brotli's best (11).
// The dataset's shards get 10: measured on 51 shards of a simulated
// national build (5.4 MB raw), quality 10 is 0.4 % larger than 11 (0.840
// vs 0.837 of the gzip size) and 5 times faster (1.5 vs 0.3 MB/s a core);
// qualities 5-9 are barely smaller than gzip -9 (0.93-0.94). At national
// scale (~570 MB raw) that is about 3 minutes on two cores instead of 16.
import { brotliCompressSync, constants, gunzipSync } from 'node:zlib';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker, isMainThread, parentPort } from 'node:worker_threads';

const webExts = ['.wasm', '.js', '.css', '.html', '.svg', '.webmanifest'];

/** Compresses one job: {src, out, gz, quality}. */
function compress({ src, out, gz, quality }) {
  let data = readFileSync(src);
  if (gz) data = gunzipSync(data);
  writeFileSync(out, brotliCompressSync(data, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: quality,
      [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
      [constants.BROTLI_PARAM_LGWIN]: 24,
    },
  }));
}

/** Whether out exists and is at least as new as src. */
function upToDate(src, out) {
  try { return statSync(out).mtimeMs >= statSync(src).mtimeMs; } catch { return false; }
}

/** The jobs of a folder, sub-folders included. */
function jobs(dir, dataMode, list = []) {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) { jobs(p, dataMode, list); continue; }
    if (dataMode) {
      if (!name.endsWith('.gz')) continue;
      const out = p.replace(/\.gz$/, '.br');
      if (upToDate(p, out)) continue;
      list.push({ src: p, out, gz: true, quality: name.startsWith('index.') ? 11 : 10 });
    } else {
      if (!webExts.some((e) => name.endsWith(e))) continue;
      if (upToDate(p, p + '.br')) continue; // takes seconds on the wasm at best quality
      list.push({ src: p, out: p + '.br', gz: false, quality: 11 });
    }
  }
  return list;
}

/** Runs the jobs on a pool of workers; resolves when all are done. */
function run(list) {
  const n = Math.max(1, Math.min(availableParallelism(), list.length));
  // Largest first, so that the pool ends together.
  list.sort((a, b) => statSync(b.src).size - statSync(a.src).size);
  let next = 0;
  return Promise.all(Array.from({ length: n }, () => new Promise((resolve, reject) => {
    const w = new Worker(new URL(import.meta.url));
    const feed = () => {
      if (next >= list.length) { w.terminate().then(() => resolve()); return; }
      w.postMessage(list[next++]);
    };
    w.on('message', (m) => (m.error ? reject(new Error(`${m.src}: ${m.error}`)) : feed()));
    w.on('error', reject);
    feed();
  })));
}

if (isMainThread) {
  const dataMode = process.argv[2] === '--data';
  const dir = dataMode ? (process.argv[3] || 'data/compressed') : (process.argv[2] || 'web');
  const list = jobs(dir, dataMode);
  if (list.length > 0) {
    const t = Date.now();
    await run(list);
    if (list.length > 50) console.error(`brotli: ${list.length} files in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
} else {
  parentPort.on('message', (job) => {
    try {
      compress(job);
      parentPort.postMessage({ src: job.src });
    } catch (e) {
      parentPort.postMessage({ src: job.src, error: String(e && e.message || e) });
    }
  });
}
