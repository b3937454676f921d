// Starts, as early as possible, the two things the first figures wait for:
// compiling the core (the viewer wasm) while it downloads, and reading the
// dataset index. The page's head loads this small classic script first
// (async, high priority), long before the modules arrive and while the
// page's thread is still free. engine.js takes both promises from here
// (and does the work itself when this script did not run or failed).
if (typeof WebAssembly === 'object' && WebAssembly.compileStreaming) {
  globalThis.jeu1000Viewer = WebAssembly.compileStreaming(fetch('jeu1000-viewer.wasm'));
  globalThis.jeu1000Viewer.catch(() => {}); // engine.js reports failures
}
// The index: data/index.bin, which the app's server (or nginx gzip_static)
// sends compressed with a Content-Encoding; a plain static host has only
// data/index.bin.gz, inflated here. A site built by `jeu1000 site` says so
// in <meta name="jeu1000-data" content="gz"> (no 404 first); a 404 says so
// too, and globalThis.jeu1000DataGz then tells engine.js to ask every file
// of the dataset as .gz. jeu1000IndexURL is the URL that answered.
globalThis.jeu1000DataGz = document.querySelector('meta[name="jeu1000-data"]')?.content === 'gz';
globalThis.jeu1000Index = (async () => {
  try {
    if (!globalThis.jeu1000DataGz) {
      const r = await fetch('data/index.bin');
      if (r.ok) {
        globalThis.jeu1000IndexURL = 'data/index.bin';
        return await r.arrayBuffer();
      }
      if (r.status !== 404) return null;
      globalThis.jeu1000DataGz = true;
    }
    if (typeof DecompressionStream === 'undefined') return null;
    const r = await fetch('data/index.bin.gz');
    if (!r.ok) return null;
    globalThis.jeu1000IndexURL = 'data/index.bin.gz';
    return await new Response(r.body.pipeThrough(new DecompressionStream('gzip'))).arrayBuffer();
  } catch (e) {
    return null; // engine.js fetches it again and reports failures
  }
})();
