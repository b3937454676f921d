package national

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/jeu1000/jeu1000/internal/dataset"
	"github.com/jeu1000/jeu1000/internal/pipeline"
	"github.com/jeu1000/jeu1000/internal/sharedtest"
)

// TestFeed streams a national-format file made from the real rows into a
// full build: the authorities it names get detailed records in the dataset.
func TestFeed(t *testing.T) {
	shared := sharedtest.Dir(t)
	npm := filepath.Join("..", "..", "tools", "npm")
	if _, err := os.Stat(filepath.Join(npm, "node_modules", "@etalab", "decoupage-administratif")); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("npm package missing under CI: %v", err)
		}
		t.Skip("npm package not installed (make npm)")
	}
	templates, err := LoadTemplates(filepath.Join(shared, "balances"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "BalanceSPL_Fonction_2019.csv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Generate(f, templates, GenOptions{Rows: 40000, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	var skipped Skipped
	out := t.TempDir()
	var stats Stats
	if _, err := pipeline.Build(pipeline.Config{
		SharedDir: shared, NPMDir: npm, OutDir: out, TempDir: t.TempDir(),
		Feeds: []pipeline.Feed{Feed(path, Options{Stats: &stats}, &skipped, nil)},
	}); err != nil {
		t.Fatal(err)
	}
	if stats.Rows != 40000 {
		t.Errorf("streamed %d rows, want 40000", stats.Rows)
	}
	in, err := os.Open(filepath.Join(out, "index.bin.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	ix, err := dataset.ReadIndex(in)
	if err != nil {
		t.Fatal(err)
	}
	withFigures := 0
	for _, a := range ix.Authorities {
		if len(a.Years) > 0 {
			withFigures++
		}
	}
	// The committed dataset has 3,479 authorities with figures; the
	// synthetic national rows add detailed records of many more.
	if withFigures <= 3479 {
		t.Errorf("%d authorities with figures after the national feed", withFigures)
	}
	if skipped.UnknownAuthority == 0 {
		t.Error("the synthetic file has syndicates and EPL, which the index does not know: none skipped")
	}
}
