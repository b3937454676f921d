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
globalThis.jeu1000Index = fetch('data/index.bin').then((r) => (r.ok ? r.arrayBuffer() : null), () => null);
