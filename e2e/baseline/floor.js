// The floor of the app's cold load: the app's own viewer wasm (the same
// file, sent the same way) fetched, compiled and started until Go is ready,
// with no dataset, no split and nothing drawn. Whatever the app does after
// that comes on top.
window.jeu1000Ready = () => {
  document.getElementById('out').textContent = 'prêt';
  document.getElementById('out').dataset.ready = '1';
};
const go = new Go();
WebAssembly.instantiateStreaming(fetch('jeu1000-viewer.wasm'), go.importObject).then((r) => go.run(r.instance));
