package server

import (
	"net/http/httptest"
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
			if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "connect-src 'self'") || !strings.Contains(csp, "default-src 'self'") {
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

// Every answer, found or not, carries Headers(): the policy that the static
// site's _headers and <meta> are generated from.
func TestEveryAnswerCarriesHeaders(t *testing.T) {
	h := Handler(fstest.MapFS{"index.html": {Data: []byte("x")}})
	for _, p := range []string{"/", "/nope.js"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", p, nil))
		for _, hd := range Headers() {
			if got := rec.Header().Get(hd.Name); got != hd.Value {
				t.Errorf("%s: %s %q, want %q", p, hd.Name, got, hd.Value)
			}
		}
	}
	if strings.Contains(MetaCSP(), "frame-ancestors") || !strings.Contains(MetaCSP(), "connect-src 'self'") {
		t.Errorf("MetaCSP %q", MetaCSP())
	}
}
