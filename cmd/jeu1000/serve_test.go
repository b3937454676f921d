package main

import (
	"bytes"
	"encoding/json"
	"net"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestClassroomLinks(t *testing.T) {
	cidr := func(s string) net.Addr {
		ip, n, err := net.ParseCIDR(s)
		if err != nil {
			t.Fatal(err)
		}
		n.IP = ip
		return n
	}
	ifaces := []net.Addr{
		cidr("127.0.0.1/8"),
		cidr("::1/128"),
		cidr("203.0.113.7/24"), // public: after the private ones
		cidr("192.168.1.10/24"),
		cidr("fe80::1/64"),
		cidr("169.254.3.4/16"), // link-local: not for pupils
		cidr("10.0.0.5/8"),
		cidr("192.168.1.10/24"), // twice (two interfaces): once
		&net.IPAddr{IP: net.ParseIP("172.16.0.9")},
	}
	tcp := func(ip string, port int) net.Addr { return &net.TCPAddr{IP: net.ParseIP(ip), Port: port} }
	tests := []struct {
		name   string
		listen net.Addr
		public string
		ifaces []net.Addr
		want   []string
		err    bool
	}{
		{"loopback only: none", tcp("127.0.0.1", 8080), "", ifaces, nil, false},
		{"all interfaces: every non-loopback IPv4, private first", tcp("0.0.0.0", 8080), "", ifaces,
			[]string{"http://192.168.1.10:8080/", "http://10.0.0.5:8080/", "http://172.16.0.9:8080/", "http://203.0.113.7:8080/"}, false},
		{"all interfaces, IPv6 wildcard", tcp("::", 9000), "", ifaces[:4],
			[]string{"http://192.168.1.10:9000/", "http://203.0.113.7:9000/"}, false},
		{"all interfaces, no network", tcp("0.0.0.0", 8080), "", ifaces[:2], nil, false},
		{"one address", tcp("192.168.1.10", 8080), "", ifaces, []string{"http://192.168.1.10:8080/"}, false},
		{"one IPv6 address", tcp("2001:db8::2", 8080), "", nil, []string{"http://[2001:db8::2]:8080/"}, false},
		{"public URL wins", tcp("127.0.0.1", 8080), "http://salle-12.local:8080", ifaces, []string{"http://salle-12.local:8080/"}, false},
		{"public URL with a path", tcp("0.0.0.0", 8080), "https://example.org/jeu/", ifaces, []string{"https://example.org/jeu/"}, false},
		{"public URL not http", tcp("0.0.0.0", 8080), "ftp://x/", ifaces, nil, true},
		{"public URL without host", tcp("0.0.0.0", 8080), "salle-12:8080", ifaces, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := classroomLinks(tt.listen, tt.public, tt.ifaces)
			if (err != nil) != tt.err {
				t.Fatalf("err %v, want error %v", err, tt.err)
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestPrintAddresses(t *testing.T) {
	var b bytes.Buffer
	printAddresses(&b, &net.TCPAddr{IP: net.IPv4zero, Port: 8080}, []string{"http://192.168.1.10:8080/"})
	// The first line is what the browser tests (e2e/harness.mjs) read.
	if want := "serving on http://127.0.0.1:8080/\npupils on the same network open (the game: #/jeu):\n  http://192.168.1.10:8080/\n"; b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
	b.Reset()
	printAddresses(&b, &net.TCPAddr{IP: net.ParseIP("127.0.0.1"), Port: 8080}, nil)
	if !strings.HasPrefix(b.String(), "serving on http://127.0.0.1:8080/\n") || !strings.Contains(b.String(), "-addr 0.0.0.0:8080") {
		t.Errorf("loopback: %q", b.String())
	}
}

func TestLanHandler(t *testing.T) {
	for _, links := range [][]string{nil, {"http://192.168.1.10:8080/"}} {
		rec := httptest.NewRecorder()
		lanHandler(links).ServeHTTP(rec, httptest.NewRequest("GET", lanPath, nil))
		var got struct{ Links []string }
		if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil || got.Links == nil {
			t.Fatalf("body %q: %v (links must be a list, even empty)", rec.Body, err)
		}
		if strings.Join(got.Links, " ") != strings.Join(links, " ") {
			t.Errorf("links %q, want %q", got.Links, links)
		}
		// Data, not a document: the common headers, not the policy (server.HasPolicy).
		if rec.Header().Get("X-Content-Type-Options") != "nosniff" || rec.Header().Get("Content-Security-Policy") != "" ||
			rec.Header().Get("Content-Type") != "application/json" {
			t.Errorf("headers %v", rec.Header())
		}
	}
	rec := httptest.NewRecorder()
	lanHandler(nil).ServeHTTP(rec, httptest.NewRequest("POST", lanPath, nil))
	if rec.Code != 405 {
		t.Errorf("POST: %d", rec.Code)
	}
}

// Issue 14, item 8: `jeu1000 serve` does not follow a symbolic link of web/
// or of the dataset that leads out of it (before: os.DirFS served it).
func TestAppHandlerSymlinkOutside(t *testing.T) {
	tmp := t.TempDir()
	web, data, outside := filepath.Join(tmp, "web"), filepath.Join(tmp, "data"), filepath.Join(tmp, "outside")
	for _, d := range []string{web, data, outside} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(outside, "secret"), []byte("SECRET"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(web, "index.html"), []byte("PAGE"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, l := range []string{filepath.Join(web, "leak.js"), filepath.Join(data, "leak.bin.gz")} {
		if err := os.Symlink(filepath.Join(outside, "secret"), l); err != nil {
			t.Skip("no symbolic links here:", err)
		}
	}
	h, closeRoots, err := appHandler(web, data, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer closeRoots()
	for p, want := range map[string]int{"/": 200, "/leak.js": 404, "/data/leak.bin.gz": 404} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", p, nil))
		if rec.Code != want || strings.Contains(rec.Body.String(), "SECRET") {
			t.Errorf("%s: %d %q, want %d", p, rec.Code, rec.Body.String(), want)
		}
	}
	if _, _, err := appHandler(filepath.Join(tmp, "nope"), data, nil); err == nil {
		t.Error("a missing web folder: no error")
	}
}
