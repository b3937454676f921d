package pipeline

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/jeu1000/jeu1000/internal/calc"
	"github.com/jeu1000/jeu1000/internal/dataset"
	"github.com/jeu1000/jeu1000/internal/territory"
)

// repoRoot returns the module root (the folder holding go.mod).
func repoRoot(t testing.TB) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for d := wd; ; d = filepath.Dir(d) {
		if exists(filepath.Join(d, "go.mod")) {
			return d
		}
		if filepath.Dir(d) == d {
			t.Fatal("go.mod not found above", wd)
		}
	}
}

// npmDir returns tools/npm, or ends the test when the npm package is not
// installed: t.Fatal under CI, t.Skip elsewhere. JEU1000_NPM_DIR overrides
// the location.
func npmDir(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("JEU1000_NPM_DIR")
	if dir == "" {
		dir = filepath.Join(repoRoot(t), "tools", "npm")
	}
	data := filepath.Join(dir, "node_modules", "@etalab", "decoupage-administratif", "data", "communes.json")
	if !exists(data) {
		if os.Getenv("CI") != "" {
			t.Fatalf("npm package required under CI (make npm): %s missing", data)
		}
		t.Skipf("npm package not installed (make npm): %s missing", data)
	}
	return dir
}

// committedDir is the committed dataset, data/compressed.
func committedDir(t testing.TB) string {
	return filepath.Join(repoRoot(t), "data", "compressed")
}

// readIndex reads the index of a dataset folder, with the postal codes
// of its directory.
func readIndex(t testing.TB, dir string) *dataset.Index {
	t.Helper()
	ix, err := ReadIndexDirectory(dir)
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

// readShards reads every shard the index lists, checking each against its
// reference.
func readShards(t testing.TB, dir string, ix *dataset.Index) []*dataset.Shard {
	t.Helper()
	out := make([]*dataset.Shard, len(ix.Shards))
	for i, ref := range ix.Shards {
		gz, err := os.ReadFile(filepath.Join(dir, ref.Name))
		if err != nil {
			t.Fatal(err)
		}
		raw, err := inflate(gz)
		if err != nil {
			t.Fatal(err)
		}
		if err := ref.Check(raw); err != nil {
			t.Fatal(err)
		}
		if out[i], err = dataset.DecodeShard(raw); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// testSet is a small territory reference for unit tests.
func testSet(t testing.TB) *territory.Set {
	t.Helper()
	set, err := territory.NewSet([]territory.Authority{
		{Kind: territory.Commune, Code: "93048", SIREN: "219300480", Name: "Montreuil", Departement: "93", Region: "11", EPCI: "200054781", Population: 112027, PopulationYear: 2021, PopulationSource: "INSEE"},
		{Kind: territory.Commune, Code: "38185", SIREN: "213801855", Name: "Grenoble", Departement: "38", Region: "84", Population: 159738, PopulationYear: 2021},
		{Kind: territory.Commune, Code: "56046", Name: "Crach", Departement: "56", Region: "53", Population: 3446},
		{Kind: territory.Commune, Code: "2A004", Name: "Ajaccio", Departement: "2A", Region: "94", Population: 70000},
		{Kind: territory.Commune, Code: "97302", Name: "Cayenne", Departement: "973", Region: "03", Population: 63000},
		{Kind: territory.Commune, Code: "97421", Name: "Salazie", Departement: "974", Region: "04", Population: 7000},
		{Kind: territory.Commune, Code: "87202", Name: "Veyrac", Departement: "87", Region: "75", Population: 2000},
		{Kind: territory.Commune, Code: "87020", SIREN: "218700201", Name: "Bussière-Galant", Departement: "87", Region: "75", Population: 1000},
		{Kind: territory.EPCI, Code: "200046977", SIREN: "200046977", Name: "Métropole de Lyon", Nature: "MET69", Departement: "69", Region: "84"},
		{Kind: territory.EPT, Code: "200057875", SIREN: "200057875", Name: "Est Ensemble", Nature: "EPT", Departement: "93", Region: "11"},
		{Kind: territory.Departement, Code: "56", Name: "Morbihan", Departement: "56", Region: "53", Population: 789829},
		{Kind: territory.Departement, Code: "971", Name: "Guadeloupe", Departement: "971", Region: "01"},
		{Kind: territory.Departement, Code: "67", Name: "Bas-Rhin", Departement: "67", Region: "44", Population: 1000},
		{Kind: territory.Departement, Code: "68", Name: "Haut-Rhin", Departement: "68", Region: "44", Population: 500},
		{Kind: territory.Region, Code: "53", Name: "Bretagne", Region: "53"},
	})
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// testBuilder is a builder over testSet, its spool in a test folder.
func testBuilder(t testing.TB) *Builder {
	t.Helper()
	c, err := calc.New()
	if err != nil {
		t.Fatal(err)
	}
	b, err := NewBuilder(testSet(t), c, Options{TempDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := b.Close(); err != nil {
			t.Error(err)
		}
	})
	return b
}

// hasRecord tells whether b has a record of the authority key, year and
// document.
func hasRecord(b *Builder, key string, year int, document string) bool {
	e, ok := b.auths[key]
	if !ok {
		return false
	}
	_, ok = b.records.source(e.id, year, document)
	return ok
}
