// The bundled dataset's files, as the core's worker fetches them (worker.js).
//
// A file ("index.bin.gz", "p-commune-93001.bin.gz") is asked first without
// ".gz": the app's server sends it with an HTTP Content-Encoding (brotli
// when `make web` made the copy, else the .gz itself), which the browser
// decodes as it downloads, and brotli is smaller. A server that does not do
// this (404) gets the .gz, inflated here with DecompressionStream, and so do
// the next files; a site built by `jeu1000 site` says so at once (gz: true).
// A version (the shard's checksum in the index) goes in the query string:
// the server ignores it, caches keep one copy per version.

/** An Error whose message is a French sentence fit for users. */
export class UserError extends Error {}

const OFFLINE = 'Les données n\'ont pas pu être téléchargées (pas de connexion ?).';

function dataError(status) {
  return new UserError(status === 404
    ? 'Les données des collectivités ne sont pas installées sur ce serveur.'
    : `Les données n'ont pas pu être téléchargées (erreur ${status}).`);
}

/** Where the dataset is (base: the URL of the folder data/) and how it is sent. */
export class DataSource {
  constructor(base, {gz = false, onFetched = () => {}} = {}) {
    this.base = base;
    this.gz = gz;
    this.onFetched = onFetched;
  }

  /** The file name (ending in .gz), inflated, as a Uint8Array. */
  async fetch(name, version = '') {
    const query = version ? `?v=${encodeURIComponent(version)}` : '';
    const plain = name.replace(/\.gz$/, '');
    if (plain !== name && !this.gz) {
      const url = new URL(plain + query, this.base).href;
      let resp;
      try {
        resp = await fetch(url);
      } catch (e) {
        throw new UserError(OFFLINE);
      }
      if (resp.ok) {
        this.onFetched(url);
        return new Uint8Array(await resp.arrayBuffer());
      }
      if (resp.status !== 404) throw dataError(resp.status);
      this.gz = true;
    }
    return this.fetchGzip(new URL(name + query, this.base).href);
  }

  /** A .gz file, inflated in the browser. */
  async fetchGzip(url) {
    let resp;
    try {
      resp = await fetch(url);
    } catch (e) {
      throw new UserError(OFFLINE);
    }
    if (!resp.ok) throw dataError(resp.status);
    if (typeof DecompressionStream === 'undefined') {
      throw new UserError('Ce navigateur ne sait pas décompresser les données (DecompressionStream) : mettez-le à jour.');
    }
    this.onFetched(url);
    const buf = await new Response(resp.body.pipeThrough(new DecompressionStream('gzip'))).arrayBuffer();
    return new Uint8Array(buf);
  }
}
