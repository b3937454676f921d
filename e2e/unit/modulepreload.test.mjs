// The page's head preloads (<link rel="modulepreload">) exactly the modules
// that app.js and engine.js import statically, whatever their depth: a
// module missing there is found only once its importer is parsed (one more
// round trip before the first figures), a module listed there and loaded
// on demand only (the game) is downloaded for nothing.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {dirname, join, relative} from 'node:path';
import {fileURLToPath} from 'node:url';

const web = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web');

/** The static imports of a module, as paths under web/ (dynamic import() left out). */
function imports(path) {
  const src = readFileSync(join(web, path), 'utf8');
  const out = [];
  for (const m of src.matchAll(/^\s*(?:import|export)\s[^'";]*?\sfrom\s+'([^']+)'|^\s*import\s+'([^']+)'/gm)) {
    out.push(relative(web, join(web, dirname(path), m[1] || m[2])));
  }
  return out;
}

function closure(entries) {
  const seen = new Set();
  const visit = (p) => {
    if (seen.has(p)) return;
    seen.add(p);
    for (const q of imports(p)) visit(q);
  };
  entries.forEach(visit);
  return seen;
}

test('index.html preloads the static imports of app.js and engine.js, and nothing else', () => {
  const html = readFileSync(join(web, 'index.html'), 'utf8');
  const preloaded = [...html.matchAll(/<link rel="modulepreload" href="([^"]+)">/g)].map((m) => m[1]);
  const entries = [...html.matchAll(/<script type="module" src="([^"]+)"/g)].map((m) => m[1]);
  assert.deepEqual(entries.sort(), ['app.js', 'js/engine.js']);
  assert.equal(new Set(preloaded).size, preloaded.length, 'a module preloaded twice');
  assert.deepEqual(preloaded.sort(), [...closure(entries)].sort());
});

test('the game is loaded on demand only', () => {
  const eager = closure(['app.js', 'js/engine.js']);
  for (const lazy of ['js/game.js', 'js/qr.js']) assert.ok(!eager.has(lazy), `${lazy} is imported statically`);
});
