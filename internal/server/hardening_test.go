package server

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// Issue 14, item 7: Accept-Encoding read with its q-values.
func TestNegotiate(t *testing.T) {
	tests := []struct{ header, want string }{
		{"", ""},
		{"gzip, deflate, br", "br gzip "},
		{"gzip", "gzip "},
		{"br;q=0", ""},
		{"br;q=0, gzip", "gzip "},
		{"gzip, br;q=0", "gzip "},
		{"br; q=0.0, gzip; q=0.5", "gzip "},
		{"gzip;q=1, br;q=0.5", "gzip br "},
		{"br;q=0.5, gzip;q=0.8", "gzip br "},
		{"*", "br gzip "},
		{"*;q=0", ""},
		{"*;q=0, gzip", "gzip "},
		{"*, br;q=0", "gzip "},
		{"identity", ""},
		{"identity;q=0", ""}, // nothing else to send: the file itself, as RFC 9110 allows
		{"x-gzip", "gzip "},
		{"BR, GZIP", "br gzip "},
		{"br;q=2, gzip", "gzip "},   // out of range: the element is ignored
		{"br;q=abc, gzip", "gzip "}, // malformed: ignored
		{"brotli, gzipped", ""},     // no substring matching
		{"br;q=0, br;q=1", "br "},   // the best of repeated elements
		{" , ;q=1, gzip ;q=0.1", "gzip "},
	}
	for _, tt := range tests {
		got := strings.Join(Negotiate(tt.header), " ")
		if got != tt.want {
			t.Errorf("Negotiate(%q) = %q, want %q", tt.header, got, tt.want)
		}
	}
}

// The handler follows Negotiate: br;q=0 never gets brotli (before: it did,
// the header was matched by substring).
func TestHandlerHonoursQValues(t *testing.T) {
	h := Handler(fstest.MapFS{
		"app.js":     {Data: []byte("PLAIN")},
		"app.js.gz":  {Data: []byte("GZ")},
		"app.js.br":  {Data: []byte("BR")},
		"only.js":    {Data: []byte("ONLY")},
		"only.js.br": {Data: []byte("ONLY-BR")},
	})
	for _, tt := range []struct{ path, accept, encoding, body string }{
		{"/app.js", "gzip, br;q=0", "gzip", "GZ"},
		{"/app.js", "br;q=0", "", "PLAIN"},
		{"/app.js", "gzip;q=0, br;q=0", "", "PLAIN"},
		{"/app.js", "*;q=0", "", "PLAIN"},
		{"/app.js", "gzip;q=0.9, br;q=0.1", "gzip", "GZ"},
		{"/app.js", "*", "br", "BR"},
		{"/app.js", "identity", "", "PLAIN"},
		{"/only.js", "gzip", "", "ONLY"},
	} {
		req := httptest.NewRequest("GET", tt.path, nil)
		req.Header.Set("Accept-Encoding", tt.accept)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if got := rec.Header().Get("Content-Encoding"); got != tt.encoding || rec.Body.String() != tt.body {
			t.Errorf("%s with Accept-Encoding %q: encoding %q body %q, want %q %q", tt.path, tt.accept, got, rec.Body.String(), tt.encoding, tt.body)
		}
	}
}

// get sends a GET for p with the given headers to h.
func get(h http.Handler, p string, headers map[string]string) *httptest.ResponseRecorder {
	req := httptest.NewRequest("GET", p, nil)
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// Issue 14, item 6: a file replaced by another of the same size with an
// older modification time is not answered 304 (before: it was, by
// If-Modified-Since; there was no ETag).
func TestETagFromContent(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "app.js")
	write := func(body string, mtime time.Time) {
		t.Helper()
		if err := os.WriteFile(file, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(file, mtime, mtime); err != nil {
			t.Fatal(err)
		}
	}
	now := time.Now().Truncate(time.Second)
	write("version B", now)
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	for _, fsys := range []struct {
		name string
		h    http.Handler
	}{{"os.Root", Handler(root.FS())}, {"os.DirFS", Handler(os.DirFS(dir))}} {
		t.Run(fsys.name, func(t *testing.T) {
			write("version B", now)
			first := get(fsys.h, "/app.js", nil)
			tagB := first.Header().Get("ETag")
			if first.Code != 200 || !strings.HasPrefix(tagB, `"`) || strings.HasPrefix(tagB, "W/") {
				t.Fatalf("first answer %d, ETag %q: want 200 and a strong ETag", first.Code, tagB)
			}
			if lm := first.Header().Get("Last-Modified"); lm != "" {
				t.Errorf("Last-Modified %q: the modification time must not decide freshness", lm)
			}
			cond := map[string]string{"If-None-Match": tagB, "If-Modified-Since": now.UTC().Format(http.TimeFormat)}
			if rec := get(fsys.h, "/app.js", cond); rec.Code != http.StatusNotModified {
				t.Errorf("unchanged file: %d, want 304", rec.Code)
			}
			// A rollback: same size, an older modification time.
			write("version A", now.Add(-time.Hour))
			rec := get(fsys.h, "/app.js", cond)
			if rec.Code != 200 || rec.Body.String() != "version A" {
				t.Fatalf("replaced file with an older mtime: %d %q, want 200 \"version A\"", rec.Code, rec.Body.String())
			}
			if tagA := rec.Header().Get("ETag"); tagA == tagB || tagA == "" {
				t.Errorf("ETag %q after the change, was %q", tagA, tagB)
			}
			// Only If-Modified-Since (a client that kept no ETag): a full answer.
			if rec := get(fsys.h, "/app.js", map[string]string{"If-Modified-Since": now.UTC().Format(http.TimeFormat)}); rec.Code != 200 {
				t.Errorf("If-Modified-Since alone: %d, want 200", rec.Code)
			}
		})
	}
}

// Each representation has its own ETag (the brotli copy is other bytes).
func TestETagPerEncoding(t *testing.T) {
	h := Handler(fstest.MapFS{"a.js": {Data: []byte("A")}, "a.js.br": {Data: []byte("BR")}})
	plain := get(h, "/a.js", nil).Header().Get("ETag")
	br := get(h, "/a.js", map[string]string{"Accept-Encoding": "br"}).Header().Get("ETag")
	if plain == "" || br == "" || plain == br {
		t.Errorf("ETags plain %q, brotli %q: want two different ones", plain, br)
	}
	if rec := get(h, "/a.js", map[string]string{"Accept-Encoding": "br", "If-None-Match": plain}); rec.Code != 200 {
		t.Errorf("brotli asked with the plain file's ETag: %d, want 200", rec.Code)
	}
}

// Issue 14, item 8: a symbolic link inside the folder that leads out of it
// is not served from an os.Root (os.DirFS, used before, followed it).
func TestSymlinkOutsideNotServed(t *testing.T) {
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "secret.txt"), []byte("SECRET"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "ok.txt"), []byte("OK"), 0o644); err != nil {
		t.Fatal(err)
	}
	links := map[string]string{
		"leak.txt":     filepath.Join(outside, "secret.txt"),
		"rel-leak.txt": filepath.Join("..", filepath.Base(outside), "secret.txt"),
		"outdir":       outside,
		"inside.txt":   "ok.txt", // a link that stays inside is fine
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Skip("no symbolic links here:", err)
		}
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	h := Handler(root.FS())
	for _, p := range []string{"/leak.txt", "/rel-leak.txt", "/outdir/secret.txt"} {
		if rec := get(h, p, nil); rec.Code != 404 || strings.Contains(rec.Body.String(), "SECRET") {
			t.Errorf("%s: %d %q, want 404", p, rec.Code, rec.Body.String())
		}
	}
	for _, p := range []string{"/ok.txt", "/inside.txt"} {
		if rec := get(h, p, nil); rec.Code != 200 || rec.Body.String() != "OK" {
			t.Errorf("%s: %d %q, want 200 OK", p, rec.Code, rec.Body.String())
		}
	}
}

// startServer serves h with the limits l on a loopback port.
func startServer(t *testing.T, l Limits) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := NewHTTPServer(Handler(fstest.MapFS{"index.html": {Data: []byte("x")}}), l)
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String()
}

// closedBy tells whether the server closes c (a read returns EOF or an
// error other than our own deadline) before the time d.
func closedBy(c net.Conn, r *bufio.Reader, d time.Time) bool {
	c.SetReadDeadline(d)
	_, err := io.Copy(io.Discard, r)
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		return false
	}
	return true
}

// Issue 14, item 9: idle keep-alive connections are closed after
// IdleTimeout, a request whose headers never end after ReadHeaderTimeout,
// and headers over MaxHeaderBytes are refused (431). Short limits here;
// `jeu1000 serve` uses DefaultLimits.
func TestLimits(t *testing.T) {
	l := Limits{ReadHeaderTimeout: 300 * time.Millisecond, ReadTimeout: time.Second, IdleTimeout: 300 * time.Millisecond, MaxHeaderBytes: 4 << 10}
	addr := startServer(t, l)

	t.Run("idle keep-alive connections are closed", func(t *testing.T) {
		const n = 50
		conns := make([]net.Conn, n)
		readers := make([]*bufio.Reader, n)
		for i := range conns {
			c, err := net.Dial("tcp", addr)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			fmt.Fprintf(c, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
			r := bufio.NewReader(c)
			resp, err := http.ReadResponse(r, nil)
			if err != nil {
				t.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			conns[i], readers[i] = c, r
		}
		open := 0
		deadline := time.Now().Add(5 * time.Second) // well past the idle timeout, for a busy machine
		for i, c := range conns {
			if !closedBy(c, readers[i], deadline) {
				open++
			}
		}
		if open > 0 {
			t.Errorf("%d of %d idle keep-alive connections still open 5 s after an idle timeout of %v", open, n, l.IdleTimeout)
		}
	})

	t.Run("headers that never end", func(t *testing.T) {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		fmt.Fprintf(c, "GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ")
		if !closedBy(c, bufio.NewReader(c), time.Now().Add(5*time.Second)) {
			t.Errorf("a request without the end of its headers is kept open")
		}
	})

	t.Run("headers too large", func(t *testing.T) {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		fmt.Fprintf(c, "GET / HTTP/1.1\r\nHost: x\r\nX-Big: %s\r\n\r\n", strings.Repeat("a", 64<<10))
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
			t.Errorf("64 KB of headers: %d, want 431", resp.StatusCode)
		}
	})
}

// The limits of `jeu1000 serve` are all set (before: only ReadHeaderTimeout).
func TestDefaultLimits(t *testing.T) {
	l := DefaultLimits()
	srv := NewHTTPServer(http.NotFoundHandler(), l)
	if srv.ReadHeaderTimeout <= 0 || srv.ReadTimeout <= 0 || srv.IdleTimeout <= 0 || srv.IdleTimeout > time.Minute {
		t.Errorf("timeouts %v %v %v", srv.ReadHeaderTimeout, srv.ReadTimeout, srv.IdleTimeout)
	}
	if srv.MaxHeaderBytes <= 0 || srv.MaxHeaderBytes > 64<<10 {
		t.Errorf("MaxHeaderBytes %d", srv.MaxHeaderBytes)
	}
}
