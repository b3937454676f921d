// A plain static file server, standing for GitHub Pages or a bucket in the
// tests of the site that `make site` writes: files under a sub-path (as
// https://user.github.io/repo/), a Content-Type from the file's extension and
// nothing else: no Content-Encoding, no security header, no rewriting of
// data/x.bin to x.bin.gz. Directories answer their index.html; a directory
// without its final slash is redirected to it, as GitHub Pages does.
import { createServer } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.webmanifest': 'application/manifest+json',
  '.json': 'application/json',
  '.gz': 'application/gzip',
};

/**
 * Serves dir under prefix (e.g. '/jeu1000/'); resolves with {url, close}.
 * etag: answer with an ETag made of the file's modification time and size,
 * and 304 to a request that names it (as nginx and Apache do).
 */
export function serveStatic(dir, prefix = '/', { etag = false } = {}) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (req.method !== 'GET' && req.method !== 'HEAD') { res.writeHead(405).end(); return; }
    if (path === prefix.replace(/\/$/, '')) { res.writeHead(301, { Location: prefix }).end(); return; }
    if (!path.startsWith(prefix)) { res.writeHead(404).end(); return; }
    let file = normalize(join(dir, path.slice(prefix.length)));
    if (file !== dir && !file.startsWith(dir + sep)) { res.writeHead(404).end(); return; }
    let st;
    try {
      st = statSync(file);
      if (st.isDirectory()) {
        if (!path.endsWith('/')) { res.writeHead(301, { Location: path + '/' }).end(); return; }
        file = join(file, 'index.html');
        st = statSync(file);
      }
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    const headers = { 'Content-Type': TYPES[extname(file)] || 'application/octet-stream', 'Content-Length': st.size };
    if (etag) {
      headers.ETag = `"${Math.floor(st.mtimeMs / 1000).toString(16)}-${st.size.toString(16)}"`;
      if (req.headers['if-none-match'] === headers.ETag) { res.writeHead(304, { ETag: headers.ETag }).end(); return; }
    }
    res.writeHead(200, headers);
    if (req.method === 'HEAD') { res.end(); return; }
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ url: `http://127.0.0.1:${port}${prefix.replace(/\/$/, '')}`, close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }) });
    });
  });
}
