package main

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jeu1000/jeu1000/internal/national"
	"github.com/jeu1000/jeu1000/internal/sharedtest"
)

// TestGenAndBenchNational runs gen-balance on the real rows and
// bench-national on its output, plain and zipped.
func TestGenAndBenchNational(t *testing.T) {
	templates := sharedtest.Path(t, "balances")
	dir := t.TempDir()
	for _, name := range []string{"balance.csv", "balance.zip"} {
		out := filepath.Join(dir, name)
		var stdout, stderr bytes.Buffer
		if code := run([]string{"gen-balance", "-rows", "20000", "-seed", "3", "-templates", templates, "-out", out}, &stdout, &stderr); code != 0 {
			t.Fatalf("gen-balance: exit %d: %s", code, stderr.String())
		}
		if !strings.Contains(stdout.String(), "20000 rows") {
			t.Errorf("gen-balance output: %s", stdout.String())
		}
		if err := national.CheckFile(out); err != nil {
			t.Fatal(err)
		}
		stdout.Reset()
		if code := run([]string{"bench-national", "-in", out, "-contiguous"}, &stdout, &stderr); code != 0 {
			t.Fatalf("bench-national: exit %d: %s", code, stderr.String())
		}
		for _, want := range []string{"rows         20000", "rows/s", "MB/s", "peak RSS", "wall time", "documents "} {
			if !strings.Contains(stdout.String(), want) {
				t.Errorf("bench-national output lacks %q:\n%s", want, stdout.String())
			}
		}
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "*.part")); len(left) != 0 {
		t.Errorf("leftovers: %v", left)
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{"gen-balance", "-rows", "10"}, &stdout, &stderr); code == 0 {
		t.Error("gen-balance without -out: exit 0")
	}
	stderr.Reset()
	if code := run([]string{"bench-national", "-in", filepath.Join(dir, "balance.csv"), "-max-rss-mb", "0.001"}, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), "peak RSS") {
		t.Errorf("bench-national over its memory budget: exit %d, %s", code, stderr.String())
	}
	if code := run([]string{"bench-national", "-in", filepath.Join(dir, "missing.csv")}, &stdout, &stderr); code == 0 {
		t.Error("bench-national on a missing file: exit 0")
	}
}

// TestFetchCommand runs fetch against a local server.
func TestFetchCommand(t *testing.T) {
	const body = national.Header + "\n2024;21330063500017;033;BORDEAUX;;063;1;101;00;M57;213300635;075;40;;;;Commune;DEF;212;6042;0;0;1,5;0;0;0;0;0;0;0\n"
	var path string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		path = r.URL.Path
		if !strings.HasSuffix(path, "-2024/exports/csv") {
			http.NotFound(w, r)
			return
		}
		w.Write([]byte(body))
	}))
	defer srv.Close()
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	if code := run([]string{"fetch", "-year", "2024", "-out", dir, "-base", srv.URL}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if got, err := os.ReadFile(filepath.Join(dir, "balance-2024.csv")); err != nil || string(got) != body {
		t.Fatalf("file: %v", err)
	}
	if !strings.Contains(stdout.String(), "balance-2024.csv") || !strings.Contains(stdout.String(), "bytes") {
		t.Errorf("output: %s", stdout.String())
	}
	stdout.Reset()
	if code := run([]string{"fetch", "-year", "2019", "-url"}, &stdout, &stderr); code != 0 ||
		strings.TrimSpace(stdout.String()) != "https://data.economie.gouv.fr/api/explore/v2.1/catalog/datasets/balances-comptables-des-collectivites-et-des-etablissements-publics-locaux-avec6/exports/csv" {
		t.Errorf("-url: exit %d, %q", code, stdout.String())
	}
	stderr.Reset()
	if code := run([]string{"fetch", "-year", "2023", "-out", dir, "-base", srv.URL}, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), "404") {
		t.Errorf("404: exit %d, %s", code, stderr.String())
	}
	if code := run([]string{"fetch", "-year", "1999", "-out", dir, "-base", srv.URL}, &stdout, &stderr); code != 1 {
		t.Errorf("1999: exit %d", code)
	}
}
