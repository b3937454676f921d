package server

import (
	"bytes"
	"io/fs"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

func TestHandler(t *testing.T) {
	root := fstest.MapFS{
		"index.html":          {Data: []byte("<!doctype html><title>x</title>")},
		"app.js":              {Data: []byte("console.log(1)")},
		"app.js.gz":           {Data: []byte("GZ-OF-APP")},
		"jeu1000.wasm":        {Data: []byte("\x00asm")},
		"jeu1000.wasm.br":     {Data: []byte("BR-OF-WASM")},
		"index.bin.gz":        {Data: []byte("\x1f\x8bDATA")},
		"sub/page.css":        {Data: []byte("body{}")},
		"data/shard-1.bin.gz": {Data: []byte("\x1f\x8bSHARD")},
		"data/shard-1.bin.br": {Data: []byte("BR-OF-SHARD")},
	}
	h := Handler(root)
	tests := []struct {
		name, method, path, accept string
		status                     int
		ctype, encoding, body      string
	}{
		{"root is index.html", "GET", "/", "", 200, "text/html; charset=utf-8", "", "<!doctype html><title>x</title>"},
		{"plain js", "GET", "/app.js", "", 200, "text/javascript; charset=utf-8", "", "console.log(1)"},
		{"gzip variant", "GET", "/app.js", "gzip, deflate", 200, "text/javascript; charset=utf-8", "gzip", "GZ-OF-APP"},
		{"brotli preferred", "GET", "/jeu1000.wasm", "gzip, br", 200, "application/wasm", "br", "BR-OF-WASM"},
		{"wasm without variant accepted", "GET", "/jeu1000.wasm", "gzip", 200, "application/wasm", "", "\x00asm"},
		{"gzip data is sent as is", "GET", "/index.bin.gz", "gzip", 200, "application/gzip", "", "\x1f\x8bDATA"},
		{"data without .gz: the .gz as its encoding", "GET", "/index.bin", "gzip, deflate, br", 200, "application/octet-stream", "gzip", "\x1f\x8bDATA"},
		{"data without .gz: brotli copy preferred", "GET", "/data/shard-1.bin", "gzip, br", 200, "application/octet-stream", "br", "BR-OF-SHARD"},
		{"data without .gz, no encoding accepted", "GET", "/index.bin", "", 404, "", "", ""},
		{"nested css", "GET", "/sub/page.css", "", 200, "text/css; charset=utf-8", "", "body{}"},
		{"missing", "GET", "/nope.js", "", 404, "", "", ""},
		{"traversal stays inside", "GET", "/../../etc/passwd", "", 404, "", "", ""},
		{"post refused", "POST", "/app.js", "", 405, "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(tt.method, tt.path, nil)
			if tt.accept != "" {
				req.Header.Set("Accept-Encoding", tt.accept)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d", rec.Code, tt.status)
			}
			csp := rec.Header().Get("Content-Security-Policy")
			if want := HasPolicy(strings.TrimPrefix(tt.path, "/")) || tt.path == "/" || tt.status != 200; want != (csp != "") {
				t.Errorf("CSP %q on %s (%d)", csp, tt.path, tt.status)
			} else if want && (!strings.Contains(csp, "connect-src 'self'") || !strings.Contains(csp, "default-src 'self'")) {
				t.Errorf("CSP %q", csp)
			}
			if tt.status != 200 {
				return
			}
			if got := rec.Header().Get("Content-Type"); got != tt.ctype {
				t.Errorf("Content-Type %q, want %q", got, tt.ctype)
			}
			if got := rec.Header().Get("Content-Encoding"); got != tt.encoding {
				t.Errorf("Content-Encoding %q, want %q", got, tt.encoding)
			}
			if got := rec.Body.String(); got != tt.body {
				t.Errorf("body %q, want %q", got, tt.body)
			}
		})
	}
}

func TestCSPAllowsNoOtherOrigin(t *testing.T) {
	for _, directive := range strings.Split(CSP, ";") {
		for _, word := range strings.Fields(directive)[1:] {
			switch word {
			case "'self'", "'none'", "'wasm-unsafe-eval'", "data:", "blob:", "*":
			default:
				t.Errorf("directive %q allows %q", strings.TrimSpace(directive), word)
			}
			if word == "*" && !strings.HasPrefix(strings.TrimSpace(directive), "frame-ancestors") {
				t.Errorf("wildcard outside frame-ancestors: %q", directive)
			}
		}
	}
}

// Every answer, found or not, carries Headers(); documents, workers' scripts
// and errors carry PolicyHeaders() too, and nothing else does: the headers
// that the static site's _headers and <meta> are generated from.
// The workers the app starts are the WorkerScripts: each script of web/
// that starts a worker or registers the service worker names one of them,
// and each exists.
func TestWorkerScripts(t *testing.T) {
	web := filepath.Join("..", "..", "web")
	for _, w := range WorkerScripts() {
		if _, err := os.Stat(filepath.Join(web, filepath.FromSlash(w))); err != nil {
			t.Errorf("worker script %s: %v", w, err)
		}
	}
	starts := regexp.MustCompile(`new Worker\(|serviceWorker\.register\(`)
	found := 0
	err := filepath.WalkDir(web, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".js") || strings.HasSuffix(p, "wasm_exec.js") {
			return err
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, loc := range starts.FindAllIndex(src, -1) {
			found++
			// The script's URL is on the same line or the one before (new URL(…)).
			from := max(0, bytes.LastIndexByte(src[:max(0, bytes.LastIndexByte(src[:loc[0]], '\n'))], '\n'))
			to := loc[1] + bytes.IndexByte(src[loc[1]:], '\n')
			around := string(src[from:to])
			if strings.Contains(around, "WORKER_URL") { // engine.js: the constant names it
				around = string(src)
			}
			if !slices.ContainsFunc(WorkerScripts(), func(w string) bool {
				return strings.Contains(around, "'./"+path.Base(w)+"'") || strings.Contains(around, "'"+w+"'")
			}) {
				t.Errorf("%s: a worker not in WorkerScripts: %s", p, strings.TrimSpace(around))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found < 3 {
		t.Errorf("%d workers started in web/, want the core's (boot.js, engine.js) and the service worker", found)
	}
}

func TestEveryAnswerCarriesHeaders(t *testing.T) {
	files := fstest.MapFS{}
	for _, f := range []string{"index.html", "icon.svg", "js/worker.js", "sw.js", "app.js", "style.css", "jeu1000-viewer.wasm",
		"jeu1000-viewer.wasm.br", "wasm_exec.js", "js/engine.js", "manifest.webmanifest", "data/index.bin.gz", "data/index.bin.br"} {
		files[f] = &fstest.MapFile{Data: []byte("x")}
	}
	h := Handler(files)
	for _, tt := range []struct {
		method, path string
		policy       bool
	}{
		{"GET", "/", true}, {"GET", "/index.html", true}, {"GET", "/icon.svg", true}, {"GET", "/js/worker.js", true},
		{"GET", "/sw.js", true}, {"GET", "/nope.js", true}, {"POST", "/app.js", true},
		{"GET", "/app.js", false}, {"GET", "/style.css", false}, {"GET", "/jeu1000-viewer.wasm", false}, {"GET", "/wasm_exec.js", false},
		{"GET", "/js/engine.js", false}, {"GET", "/manifest.webmanifest", false}, {"GET", "/data/index.bin", false},
		{"GET", "/data/index.bin.gz", false},
	} {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(tt.method, tt.path, nil)
		req.Header.Set("Accept-Encoding", "br, gzip")
		h.ServeHTTP(rec, req)
		for _, hd := range Headers() {
			if got := rec.Header().Get(hd.Name); got != hd.Value {
				t.Errorf("%s %s: %s %q, want %q", tt.method, tt.path, hd.Name, got, hd.Value)
			}
		}
		for _, hd := range PolicyHeaders() {
			if got, want := rec.Header().Get(hd.Name), map[bool]string{true: hd.Value}[tt.policy]; got != want {
				t.Errorf("%s %s (%d): %s %q, want %q", tt.method, tt.path, rec.Code, hd.Name, got, want)
			}
		}
	}
	if strings.Contains(MetaCSP(), "frame-ancestors") || !strings.Contains(MetaCSP(), "connect-src 'self'") {
		t.Errorf("MetaCSP %q", MetaCSP())
	}
}
