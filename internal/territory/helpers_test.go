package territory_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/jeu1000/jeu1000/internal/sharedtest"
	"github.com/jeu1000/jeu1000/internal/territory"
)

// npmDir returns tools/npm, or ends the test when the npm package is not
// installed there: t.Fatal under CI, t.Skip elsewhere. JEU1000_NPM_DIR
// overrides the location.
func npmDir(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("JEU1000_NPM_DIR")
	if dir == "" {
		wd, err := os.Getwd()
		if err != nil {
			t.Fatal(err)
		}
		for d := wd; ; d = filepath.Dir(d) {
			if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
				dir = filepath.Join(d, "tools", "npm")
				break
			}
			if filepath.Dir(d) == d {
				t.Fatal("go.mod not found above", wd)
			}
		}
	}
	data := filepath.Join(dir, "node_modules", "@etalab", "decoupage-administratif", "data", "communes.json")
	if _, err := os.Stat(data); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("npm package required under CI (npm ci --ignore-scripts --prefix tools/npm): %v", err)
		}
		t.Skipf("npm package not installed (npm ci --ignore-scripts --prefix tools/npm): %v", err)
	}
	return dir
}

// realSet builds the set from the real npm package and INSEE files.
func realSet(t testing.TB) *territory.Set {
	t.Helper()
	npm := npmDir(t)
	pop := sharedtest.Path(t, "population")
	s, err := territory.Build(npm, pop)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// npmDataFile is the path of one of the npm package's data files.
func npmDataFile(t testing.TB, name string) string {
	return filepath.Join(npmDir(t), "node_modules", "@etalab", "decoupage-administratif", "data", name)
}
