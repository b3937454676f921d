// Instantiates the minimal Go wasm and shows a figure once Go is ready, as
// the app shows its first split.
window.baselineReady = () => {
  document.getElementById('out').textContent = `${window.baselineAnswer} €`;
  document.getElementById('out').dataset.ready = '1';
};
const go = new Go();
WebAssembly.instantiateStreaming(fetch('baseline.wasm'), go.importObject).then((r) => go.run(r.instance));
