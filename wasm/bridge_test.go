//go:build js && wasm && !viewer

// The bridge's tests run under Node:
//
//	GOOS=js GOARCH=wasm go test -exec="$(go env GOROOT)/lib/wasm/go_js_wasm_exec" ./wasm/
package main

import (
	"compress/gzip"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hack-pad/safejs"

	"github.com/jeu1000/jeu1000/internal/app"
)

// settled is the outcome of a JavaScript promise.
type settled struct {
	value safejs.Value
	err   safejs.Value // the rejection reason, undefined when resolved
}

// await waits for a promise from Go: the JS event loop runs while the test
// goroutine blocks.
func await(t *testing.T, p safejs.Value) settled {
	t.Helper()
	ch := make(chan settled, 1)
	onOK, err := safejs.FuncOf(func(_ safejs.Value, a []safejs.Value) any {
		ch <- settled{value: a[0], err: safejs.Undefined()}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	defer onOK.Release()
	onErr, err := safejs.FuncOf(func(_ safejs.Value, a []safejs.Value) any {
		ch <- settled{err: a[0]}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	defer onErr.Release()
	if _, err := p.Call("then", onOK, onErr); err != nil {
		t.Fatalf("not a promise: %v", err)
	}
	return <-ch
}

func call(t *testing.T, obj safejs.Value, name string, args ...any) settled {
	t.Helper()
	p, err := obj.Call(name, args...)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return await(t, p)
}

func get(t *testing.T, v safejs.Value, path ...string) safejs.Value {
	t.Helper()
	for _, p := range path {
		var err error
		if v, err = v.Get(p); err != nil {
			t.Fatalf("%s: %v", strings.Join(path, "."), err)
		}
	}
	return v
}

func str(t *testing.T, v safejs.Value) string {
	t.Helper()
	s, err := v.String()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// newCoreExports exports one set of the core's handlers (handlers or
// fileHandlers) over a new core.
func newCoreExports(t *testing.T, set func(*app.Core, *bridge) map[string]handler) safejs.Value {
	t.Helper()
	core, err := app.New()
	if err != nil {
		t.Fatal(err)
	}
	b, err := newBridge(app.Message)
	if err != nil {
		t.Fatal(err)
	}
	return newExports(t, set(core, b))
}

// jsBytes copies data into a new Uint8Array.
func jsBytes(t *testing.T, data []byte) safejs.Value {
	t.Helper()
	u8, err := safejs.Global().Get("Uint8Array")
	if err != nil {
		t.Fatal(err)
	}
	arr, err := u8.New(len(data))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := safejs.CopyBytesToJS(arr, data); err != nil {
		t.Fatal(err)
	}
	return arr
}

func newExports(t *testing.T, hs map[string]handler) safejs.Value {
	t.Helper()
	b, err := newBridge(app.Message)
	if err != nil {
		t.Fatal(err)
	}
	obj, err := safejs.Global().Get("Object")
	if err != nil {
		t.Fatal(err)
	}
	exports, err := obj.New()
	if err != nil {
		t.Fatal(err)
	}
	for name, h := range hs {
		if err := b.export(exports, name, h); err != nil {
			t.Fatal(err)
		}
	}
	return exports
}

func TestWrapper(t *testing.T) {
	exports := newExports(t, map[string]handler{
		"ok": func(args []safejs.Value) (any, error) {
			return map[string]any{"amount": "12.30", "n": 2, "list": []string{"a"}}, nil
		},
		"fails": func(args []safejs.Value) (any, error) {
			return nil, &app.UserError{Message: "Fichier illisible."}
		},
		"panics": func(args []safejs.Value) (any, error) {
			var m map[string]int
			m["x"] = 1 // nil map write
			return nil, nil
		},
		"plainError": func(args []safejs.Value) (any, error) {
			return nil, errors.New("boom")
		},
	})

	r := call(t, exports, "ok")
	if !r.err.IsUndefined() {
		t.Fatalf("ok rejected: %v", r.err)
	}
	if got := str(t, get(t, r.value, "amount")); got != "12.30" {
		t.Errorf("amount %q: amounts must cross as strings", got)
	}
	if typ := get(t, r.value, "list").Type(); typ != safejs.TypeObject {
		t.Errorf("list is %v, want a plain array object", typ)
	}

	for _, tc := range []struct{ name, want string }{
		{"fails", "Fichier illisible."},
		{"panics", "Erreur interne (panics)"},
		{"plainError", "Erreur : boom"},
	} {
		r := call(t, exports, tc.name)
		if r.err.IsUndefined() {
			t.Fatalf("%s resolved, want a rejection", tc.name)
		}
		errorC, _ := safejs.Global().Get("Error")
		if ok, _ := r.err.InstanceOf(errorC); !ok {
			t.Errorf("%s: rejection is not an Error", tc.name)
		}
		if msg := str(t, get(t, r.err, "message")); !strings.HasPrefix(msg, tc.want) {
			t.Errorf("%s: message %q, want prefix %q", tc.name, msg, tc.want)
		}
	}

	// The Go instance survived the panic.
	if r := call(t, exports, "ok"); !r.err.IsUndefined() {
		t.Fatal("instance unusable after a panic")
	}
}

func TestSplitFileExport(t *testing.T) {
	exports := newCoreExports(t, fileHandlers)
	data, err := os.ReadFile(filepath.Join("..", "internal", "reader", "testdata", "template", "example.csv"))
	if err != nil {
		t.Fatal(err)
	}
	arr := jsBytes(t, data)
	opts, _ := safejs.Global().Get("Object")
	req, _ := opts.New()
	_ = req.Set("grid", "common")
	_ = req.Set("section", "F")
	r := call(t, exports, "splitFile", "example.csv", arr, req)
	if !r.err.IsUndefined() {
		t.Fatalf("rejected: %s", str(t, get(t, r.err, "message")))
	}
	if got := str(t, get(t, r.value, "grid")); got != "common" {
		t.Errorf("grid %q", got)
	}
	if got := str(t, get(t, r.value, "section")); got != "F" {
		t.Errorf("section %q", got)
	}

	bad := []byte("section;fonction;montant\nF;212;douze\n")
	r = call(t, exports, "splitFile", "brouillon.csv", jsBytes(t, bad))
	if r.err.IsUndefined() {
		t.Fatal("bad file resolved")
	}
	if msg := str(t, get(t, r.err, "message")); !strings.Contains(msg, "ligne 2") || !strings.Contains(msg, "montant") {
		t.Errorf("message %q should name the line and the field", msg)
	}
	r = call(t, exports, "splitFile")
	if r.err.IsUndefined() {
		t.Fatal("missing arguments resolved")
	}
}

// The dataset's exports as the page calls them: the index opened, one
// authority, then search prepared and used.
func TestDatasetExports(t *testing.T) {
	exports := newCoreExports(t, handlers)
	gz, err := os.Open(filepath.Join("..", "data", "compressed", "index.bin.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer gz.Close()
	zr, err := gzip.NewReader(gz)
	if err != nil {
		t.Fatal(err)
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	r := call(t, exports, "loadIndex", jsBytes(t, data))
	if !r.err.IsUndefined() {
		t.Fatalf("loadIndex rejected: %s", str(t, get(t, r.err, "message")))
	}
	if n, err := get(t, r.value, "authorities").Int(); err != nil || n < 35000 {
		t.Errorf("loadIndex: %d authorities (%v)", n, err)
	}
	r = call(t, exports, "authority", "commune:93048")
	if !r.err.IsUndefined() {
		t.Fatalf("authority rejected: %s", str(t, get(t, r.err, "message")))
	}
	if got := str(t, get(t, r.value, "departementRef", "name")); got != "Seine-Saint-Denis" {
		t.Errorf("département %q", got)
	}
	if r := call(t, exports, "prepareSearch"); !r.err.IsUndefined() {
		t.Fatalf("prepareSearch rejected: %s", str(t, get(t, r.err, "message")))
	}
	r = call(t, exports, "search", "montreuil", 3)
	if !r.err.IsUndefined() {
		t.Fatalf("search rejected: %s", str(t, get(t, r.err, "message")))
	}
	if got := str(t, get(t, r.value, "0", "key")); got != "commune:93048" {
		t.Errorf("first suggestion %q", got)
	}
}
