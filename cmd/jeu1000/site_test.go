package main

import (
	"bytes"
	"html"
	"maps"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/jeu1000/jeu1000/internal/server"
)

// The _headers file says exactly what `jeu1000 serve` sends: Headers()
// on every answer, PolicyHeaders() on the documents, SVG images and
// workers' scripts of the app's folder, and on nothing else.
func TestHeadersFileIsTheServersPolicy(t *testing.T) {
	policy := policyPaths(filepath.Join("..", "..", "web"))
	for _, want := range []string{"/", "/index.html", "/icon.svg", "/js/worker.js", "/sw.js"} {
		if !slices.Contains(policy, want) {
			t.Errorf("policy paths %v: no %s", policy, want)
		}
	}
	if slices.Contains(policy, "/app.js") || slices.Contains(policy, "/js/engine.js") {
		t.Errorf("policy paths %v: a module", policy)
	}
	file := headersFile(policy)
	rules := map[string]map[string]string{} // path → headers
	var at string
	for _, l := range strings.Split(strings.TrimSpace(file), "\n") {
		switch {
		case strings.HasPrefix(l, "#"):
		case strings.HasPrefix(l, "/"):
			at = l
			rules[at] = map[string]string{}
		case strings.HasPrefix(l, "  ") && at != "":
			name, value, ok := strings.Cut(strings.TrimSpace(l), ": ")
			if !ok {
				t.Fatalf("line %q is not a header", l)
			}
			rules[at][name] = value
		default:
			t.Fatalf("line %q:\n%s", l, file)
		}
	}
	if len(rules["/*"]) != len(server.Headers()) {
		t.Fatalf("/* rule %v:\n%s", rules["/*"], file)
	}
	web := fstest.MapFS{}
	for _, p := range append(policy, "/app.js", "/jeu1000-viewer.wasm", "/style.css") {
		if p != "/" {
			web[strings.TrimPrefix(p, "/")] = &fstest.MapFile{Data: []byte("x")}
		}
	}
	h := server.Handler(web)
	for _, p := range append(policy, "/app.js", "/jeu1000-viewer.wasm", "/style.css") {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", p, nil))
		want := maps.Clone(rules["/*"])
		maps.Copy(want, rules[p])
		for _, name := range []string{"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "Cache-Control"} {
			if want[name] != rec.Header().Get(name) {
				t.Errorf("%s: %s: _headers %q, server %q", p, name, want[name], rec.Header().Get(name))
			}
		}
	}
}

var metaCSP = regexp.MustCompile(`<meta http-equiv="Content-Security-Policy" content="([^"]*)">`)

func TestSitePage(t *testing.T) {
	page := []byte("<!doctype html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<script src=\"boot.js\" async></script>\n" +
		"<link rel=\"preload\" href=\"data/index.bin\" as=\"fetch\" crossorigin>\n</head></html>\n")
	for _, tt := range []struct {
		fetch       string
		flag        bool
		preloadedAs string
	}{
		{fetchGz, true, `href="data/index.bin.gz"`},
		{fetchEncoded, false, `href="data/index.bin"`},
	} {
		t.Run(tt.fetch, func(t *testing.T) {
			out, err := sitePage(page, tt.fetch)
			if err != nil {
				t.Fatal(err)
			}
			m := metaCSP.FindSubmatchIndex(out)
			if m == nil {
				t.Fatalf("no CSP meta:\n%s", out)
			}
			// The policy comes before anything the page loads.
			if m[0] > bytes.Index(out, []byte("<script")) || m[0] < bytes.Index(out, []byte(charsetMeta)) {
				t.Errorf("the CSP meta is not between the charset and the first script:\n%s", out)
			}
			if got := html.UnescapeString(string(out[m[2]:m[3]])); got != server.MetaCSP() {
				t.Errorf("meta policy %q, want %q", got, server.MetaCSP())
			}
			if !bytes.Contains(out, []byte(`<meta name="referrer" content="no-referrer">`)) {
				t.Errorf("no referrer meta:\n%s", out)
			}
			if got := bytes.Contains(out, []byte(`<meta name="jeu1000-data" content="gz">`)); got != tt.flag {
				t.Errorf("gz flag %v, want %v", got, tt.flag)
			}
			if !bytes.Contains(out, []byte(tt.preloadedAs)) {
				t.Errorf("preload not %s:\n%s", tt.preloadedAs, out)
			}
			if !bytes.Contains(out, []byte("frame-ancestors")) {
				t.Error("the comment should say that frame-ancestors is not enforced by a meta")
			}
		})
	}
	if _, err := sitePage([]byte("<html><head></head></html>"), fetchGz); err == nil {
		t.Error("a page without charset: want an error")
	}
}

// The meta policy is the header's, less the directives a meta cannot carry.
func TestMetaCSPIsTheHeaderLessIgnoredDirectives(t *testing.T) {
	directives := func(p string) []string {
		var ds []string
		for _, d := range strings.Split(p, ";") {
			if d = strings.TrimSpace(d); d != "" {
				ds = append(ds, d)
			}
		}
		sort.Strings(ds)
		return ds
	}
	var want []string
	for _, d := range directives(server.CSP) {
		if !strings.HasPrefix(d, "frame-ancestors") {
			want = append(want, d)
		}
	}
	if got := directives(server.MetaCSP()); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("meta directives %q, want %q", got, want)
	}
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func listFiles(t *testing.T, dir string) []string {
	t.Helper()
	var files []string
	err := filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			files = append(files, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(files)
	return files
}

func TestBuildSite(t *testing.T) {
	tmp := t.TempDir()
	web, data, out := filepath.Join(tmp, "web"), filepath.Join(tmp, "data"), filepath.Join(tmp, "public", "site")
	writeFiles(t, web, map[string]string{
		"index.html":          "<!doctype html><head><meta charset=\"utf-8\"><script src=\"boot.js\"></script>",
		"index.html.gz":       "GZ",
		"index.html.br":       "BR",
		"boot.js":             "1",
		"sw.js":               "2",
		"wasm_exec.js":        "3",
		"jeu1000-viewer.wasm": "4",
		"jeu1000.wasm":        "5",
		"jeu1000.wasm.gz":     "5GZ",
		"app.js":              "6",
		"app.js.gz":           "STALE",
		"js/engine.js":        "7",
		"README.md":           "notes",
		".viewer.wasm.tmp":    "tmp",
	})
	writeFiles(t, data, map[string]string{
		"index.bin.gz":      "IDX",
		"index.bin.br":      "IDXBR",
		"shard-93.bin.gz":   "S",
		"2024/shard.bin.gz": "S24",
		"stray.bin":         "RAW",
		"SIZES.md":          "sizes",
	})
	// One time for all (written in map order, a copy may come a little
	// before its file), app.js.gz older than app.js.
	now := time.Now()
	for _, dir := range []string{web, data} {
		for _, f := range listFiles(t, dir) {
			when := now
			if f == "app.js.gz" {
				when = now.Add(-time.Hour)
			}
			if err := os.Chtimes(filepath.Join(dir, filepath.FromSlash(f)), when, when); err != nil {
				t.Fatal(err)
			}
		}
	}
	rep, err := buildSite(siteOptions{web: web, data: data, out: out, fetch: fetchGz})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{".jeu1000-site", ".nojekyll", "_headers", "app.js", "boot.js",
		"data/2024/shard.bin.gz", "data/index.bin.br", "data/index.bin.gz", "data/shard-93.bin.gz",
		"index.html", "jeu1000-viewer.wasm", "jeu1000.wasm", "jeu1000.wasm.gz", "js/engine.js", "sw-files.js", "sw.js", "wasm_exec.js"}
	if got := listFiles(t, out); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("site files\n got %q\nwant %q", got, want)
	}
	if int(rep.files) != len(want) {
		t.Errorf("report: %d files, want %d", rep.files, len(want))
	}
	skipped := strings.Join(rep.skipped, "\n")
	for _, s := range []string{"app.js.gz: older", "data/stray.bin: raw"} {
		if !strings.Contains(skipped, s) {
			t.Errorf("skipped %q: want %q", skipped, s)
		}
	}
	if page, _ := os.ReadFile(filepath.Join(out, "index.html")); !metaCSP.Match(page) {
		t.Errorf("index.html without the policy:\n%s", page)
	}
	// Every file has the build's time (issue 14, item 6: a host whose ETag
	// or Last-Modified comes from the modification time sees a rebuilt
	// file as new, even one gone back to an older version): one time for
	// all, so that `make site` leaves fresh compressed copies alone.
	var buildTime time.Time
	for _, f := range listFiles(t, out) {
		st, err := os.Stat(filepath.Join(out, filepath.FromSlash(f)))
		if err != nil {
			t.Fatal(err)
		}
		if buildTime.IsZero() {
			buildTime = st.ModTime()
		}
		if !st.ModTime().Equal(buildTime) || st.ModTime().Before(now) {
			t.Errorf("%s: mtime %v, want the build's (%v, after %v)", f, st.ModTime(), buildTime, now)
		}
	}
	// The service worker's set is the site's: its index.html, not web/'s.
	set, err := server.BuildAppSet(os.DirFS(out))
	if err != nil {
		t.Fatal(err)
	}
	if script, _ := os.ReadFile(filepath.Join(out, server.AppSetFile)); !bytes.Equal(script, set.Script()) {
		t.Errorf("%s is not the set of the site:\n%s", server.AppSetFile, script)
	}
	if _, ok := set.Files["data/index.bin.gz"]; ok || set.Files["index.html"] == "" || set.Files["js/engine.js"] == "" {
		t.Errorf("site set %v", set.Files)
	}

	// A second build replaces the first one wholly.
	if err := os.Remove(filepath.Join(web, "app.js")); err != nil {
		t.Fatal(err)
	}
	if _, err := buildSite(siteOptions{web: web, data: data, out: out, fetch: fetchEncoded}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(out, "app.js")); err == nil {
		t.Error("a file gone from web/ is still in the site")
	}

	// Never a folder that site did not write, nor without the wasm.
	foreign := filepath.Join(tmp, "mine")
	writeFiles(t, foreign, map[string]string{"thesis.tex": "precious"})
	if _, err := buildSite(siteOptions{web: web, data: data, out: foreign, fetch: fetchGz}); err == nil || !strings.Contains(err.Error(), "not replaced") {
		t.Errorf("replacing a foreign folder: err %v", err)
	}
	if _, err := os.Stat(filepath.Join(foreign, "thesis.tex")); err != nil {
		t.Error("the foreign folder was touched")
	}
	if err := os.Remove(filepath.Join(web, "jeu1000.wasm")); err != nil {
		t.Fatal(err)
	}
	if _, err := buildSite(siteOptions{web: web, data: data, out: out, fetch: fetchGz}); err == nil || !strings.Contains(err.Error(), "make web") {
		t.Errorf("without the wasm: err %v", err)
	}
	if _, err := buildSite(siteOptions{web: web, data: data, out: out, fetch: "br"}); err == nil {
		t.Error("-data-fetch br: want an error")
	}
}

func TestNginxConfCarriesTheHeaders(t *testing.T) {
	conf := nginxConf()
	for _, h := range server.Headers() {
		if strings.Count(conf, "add_header "+h.Name+` "`+h.Value+`" always;`) != 2 {
			t.Errorf("nginx block without %s on every file", h.Name)
		}
	}
	for _, h := range server.PolicyHeaders() {
		if strings.Count(conf, "add_header "+h.Name+` "`+h.Value+`" always;`) != 1 {
			t.Errorf("nginx block without %s on documents", h.Name)
		}
	}
	loc := regexp.MustCompile(`location ~ \((.*)\) \{`).FindStringSubmatch(conf)
	if loc == nil {
		t.Fatalf("no location of the policy:\n%s", conf)
	}
	re := regexp.MustCompile(loc[1])
	for p, want := range map[string]bool{"/": true, "/index.html": true, "/icon.svg": true, "/js/worker.js": true, "/sw.js": true,
		"/app.js": false, "/js/engine.js": false, "/jeu1000-viewer.wasm": false, "/data/index.bin": false, "/x/sw.js": false} {
		if re.MatchString(p) != want {
			t.Errorf("nginx location %s: matches %s: %v", loc[1], p, !want)
		}
	}
	if strings.Count(conf, "{") != strings.Count(conf, "}") {
		t.Errorf("unbalanced braces:\n%s", conf)
	}
}
