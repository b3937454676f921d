package server

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// The set holds every file the page may load, found in the folder (a new
// module is in it without a list kept by hand), and its build id changes
// with any of them.
func TestBuildAppSet(t *testing.T) {
	fsys := fstest.MapFS{
		"index.html":           {Data: []byte("<!doctype html>")},
		"app.js":               {Data: []byte("a")},
		"app.js.gz":            {Data: []byte("gz")},
		"app.js.br":            {Data: []byte("br")},
		"js/engine.js":         {Data: []byte("e")},
		"js/worker.js":         {Data: []byte("w")},
		"js/gamecore.test.mjs": {Data: []byte("t")},
		"jeu1000.wasm":         {Data: []byte("\x00asm")},
		"sw.js":                {Data: []byte("sw")},
		AppSetFile:             {Data: []byte("old")},
		"README.md":            {Data: []byte("notes")},
		".viewer.wasm.tmp":     {Data: []byte("tmp")},
		".hidden/x.js":         {Data: []byte("x")},
		"data/index.bin.gz":    {Data: []byte("d")},
		"_headers":             {Data: []byte("h")},
	}
	set, err := BuildAppSet(fsys)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(sortedKeys(set.Files), " ")
	if want := "app.js index.html jeu1000.wasm js/engine.js js/worker.js"; got != want {
		t.Errorf("files %q, want %q", got, want)
	}
	// echo -n a | openssl dgst -sha256 -binary | base64
	if h := set.Files["app.js"]; h != "sha256-ypeBEsobvcr6wjGzmiPcTaeG7/gUfE5yuYB3ha/uSLs=" {
		t.Errorf("app.js %q", h)
	}
	fsys["js/worker.js"] = &fstest.MapFile{Data: []byte("w2")}
	set2, err := BuildAppSet(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if set2.Build == set.Build || len(set.Build) < 16 {
		t.Errorf("build ids %q then %q", set.Build, set2.Build)
	}
	if s := string(set2.Script()); !strings.HasPrefix(s, "// Written by") || !strings.Contains(s, "self.jeu1000AppSet = {") || !strings.Contains(s, `"build": "`+set2.Build+`"`) {
		t.Errorf("script:\n%s", s)
	}
	if _, err := BuildAppSet(fstest.MapFS{"app.js": {Data: []byte("a")}}); err == nil {
		t.Error("a folder without index.html: no error")
	}
}

func sortedKeys(m map[string]string) []string {
	return slices.Sorted(maps.Keys(m))
}
