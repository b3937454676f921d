// Package server serves the browser app: the static files of web/, the wasm
// core and the compressed dataset, with the right MIME types, precompressed
// variants and a Content-Security-Policy that lets the page talk to nothing
// but its own origin.
package server

import (
	"bytes"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"slices"
	"strings"
	"time"
)

// CSP is the Content-Security-Policy of documents and workers: no third-party
// origin, no connection but the app's own origin. 'wasm-unsafe-eval' is what
// WebAssembly.instantiate needs; nothing allows eval of JavaScript.
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; " +
	"img-src 'self' data: blob:; connect-src 'self'; worker-src 'self'; manifest-src 'self'; " +
	"font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors *"

// CacheControl is the Cache-Control of every response: revalidate everything.
// The files are small in number and the service worker provides offline
// use; a stale module must never meet a fresh wasm.
const CacheControl = "no-cache"

// Header is one HTTP response header.
type Header struct{ Name, Value string }

// Headers returns the headers that every response carries, whatever the
// file. With PolicyHeaders, the one source of the headers, which the static
// site's _headers file, nginx block and <meta> (cmd/jeu1000 site) are
// generated from.
func Headers() []Header {
	return []Header{
		{"X-Content-Type-Options", "nosniff"},
		{"Cache-Control", CacheControl},
	}
}

// PolicyHeaders returns the headers of a policy: what a document or a
// worker may load and where it may connect, and the referrer it sends.
// They govern the document or worker whose response carries them; a
// script, a style sheet, the wasm or the dataset runs or is read under the
// policy of the document or worker that loads it, so on those they would
// be about 360 bytes a response for nothing (17 KB of the 51 responses
// before a permalink's first figures). HasPolicy tells which responses
// carry them.
func PolicyHeaders() []Header {
	return []Header{
		{"Content-Security-Policy", CSP},
		{"Referrer-Policy", "no-referrer"},
	}
}

// WorkerScripts returns the app's scripts that run as workers (the core's
// worker, the service worker), paths of the app's folder: a worker's policy
// is its script's response's.
func WorkerScripts() []string { return []string{"js/worker.js", "sw.js"} }

// HasPolicy reports whether the answer for name (a path of the app's
// folder, "index.html", "js/worker.js") carries PolicyHeaders: documents
// (HTML, and SVG, which a browser may open as one) and worker scripts.
// Answers that are not a file (errors) carry them too.
func HasPolicy(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".html", ".htm", ".svg":
		return true
	}
	return slices.Contains(WorkerScripts(), name)
}

// metaIgnored tells the directives that a policy given in a
// <meta http-equiv="Content-Security-Policy"> cannot carry: browsers ignore
// them there (and warn), so only a real header enforces them.
func metaIgnored(directive string) bool {
	switch directive {
	case "frame-ancestors", "report-uri", "sandbox":
		return true
	}
	return false
}

// MetaCSP is CSP as a <meta http-equiv> can give it, for hosts where headers
// cannot be set: the same directives but those a meta element ignores
// (frame-ancestors, report-uri, sandbox).
func MetaCSP() string {
	var kept []string
	for _, d := range strings.Split(CSP, ";") {
		d = strings.TrimSpace(d)
		if f := strings.Fields(d); len(f) > 0 && !metaIgnored(f[0]) {
			kept = append(kept, d)
		}
	}
	return strings.Join(kept, "; ")
}

var contentTypes = map[string]string{
	".html":        "text/html; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".mjs":         "text/javascript; charset=utf-8",
	".css":         "text/css; charset=utf-8",
	".wasm":        "application/wasm",
	".json":        "application/json",
	".svg":         "image/svg+xml",
	".png":         "image/png",
	".ico":         "image/x-icon",
	".csv":         "text/csv; charset=utf-8",
	".xml":         "application/xml",
	".txt":         "text/plain; charset=utf-8",
	".webmanifest": "application/manifest+json",
}

// ContentType returns the MIME type of a file name.
func ContentType(name string) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := contentTypes[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

// Handler serves files from root. A request for /x is answered with x.br or
// x.gz when present and accepted by the client (Accept-Encoding parsed with
// its q-values; Content-Encoding set, the MIME type of x kept). Files that
// are themselves gzip data (*.gz, such as the dataset, which the page
// inflates itself) are sent as they are. Every answer carries a strong ETag
// computed from the bytes sent, and no Last-Modified: a file replaced by
// another with an older modification time (a rollback, `cp -p`, rsync, a
// container image) is never answered 304.
//
// Serve a folder through an os.Root (OpenRoot(dir).FS()): a symbolic link
// inside it that points outside is then not followed.
func Handler(root fs.FS) http.Handler {
	etags := newETagCache()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		setHeaders(h, Headers())
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			setHeaders(h, PolicyHeaders())
			h.Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
		if name == "" || strings.HasSuffix(r.URL.Path, "/") {
			name = path.Join(name, "index.html")
		}
		if HasPolicy(name) {
			setHeaders(h, PolicyHeaders())
		}
		h.Set("Content-Type", ContentType(name))
		h.Add("Vary", "Accept-Encoding")
		var encodings []string
		if !strings.HasSuffix(name, ".gz") {
			encodings = Negotiate(r.Header.Get("Accept-Encoding"))
		} else {
			encodings = []string{""}
		}
		for _, enc := range encodings {
			if serve(w, r, root, etags, name+encodingExt[enc], enc) {
				return
			}
		}
		setHeaders(h, PolicyHeaders())
		http.NotFound(w, r)
	})
}

func setHeaders(h http.Header, hs []Header) {
	for _, hd := range hs {
		h.Set(hd.Name, hd.Value)
	}
}

// encodingExt is the suffix of a file's copy in each content coding that
// Handler serves ("" is the file itself).
var encodingExt = map[string]string{"br": ".br", "gzip": ".gz", "": ""}

func serve(w http.ResponseWriter, r *http.Request, root fs.FS, etags *etagCache, name, encoding string) bool {
	f, err := root.Open(name)
	if err != nil {
		return false
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || st.IsDir() {
		return false
	}
	rs, ok := f.(io.ReadSeeker)
	if !ok {
		data, err := fs.ReadFile(root, name)
		if err != nil {
			return false
		}
		rs = bytes.NewReader(data)
	}
	tag, err := etags.tag(name, st, rs)
	if err != nil {
		return false
	}
	if encoding != "" {
		w.Header().Set("Content-Encoding", encoding)
	}
	w.Header().Set("ETag", tag)
	// A zero time: no Last-Modified, and If-Modified-Since is ignored; the
	// ETag alone decides what is fresh.
	http.ServeContent(w, r, "", time.Time{}, rs)
	return true
}
