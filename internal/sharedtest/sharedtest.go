// Package sharedtest locates the real data that tests read from
// ../shared/data (beside the repository), never copied into it, and the
// npm package of the territory reference installed in tools/npm.
//
// When the folder is missing, tests are skipped on a developer's machine but
// fail when the CI environment variable is set: CI always has the data.
package sharedtest

import (
	"os"
	"path/filepath"
	"testing"
)

// Dir returns the absolute path of the shared data folder, or ends the test:
// t.Fatal under CI, t.Skip elsewhere. JEU1000_SHARED_DATA overrides the
// location.
func Dir(t testing.TB) string {
	t.Helper()
	dir, err := find()
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("shared data is required under CI: %v", err)
		}
		t.Skipf("shared data not available: %v", err)
	}
	return dir
}

// Path returns the path of a file under the shared data folder (see Dir).
func Path(t testing.TB, elem ...string) string {
	t.Helper()
	return filepath.Join(append([]string{Dir(t)}, elem...)...)
}

// NPM returns the absolute path of tools/npm, where `make npm` installs
// @etalab/decoupage-administratif, or ends the test as Dir does when the
// package is not installed.
func NPM(t testing.TB) string {
	t.Helper()
	root, err := moduleRoot()
	if err == nil {
		dir := filepath.Join(root, "tools", "npm")
		if _, err = os.Stat(filepath.Join(dir, "node_modules", "@etalab", "decoupage-administratif")); err == nil {
			return dir
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("the npm package is required under CI (make npm): %v", err)
	}
	t.Skipf("npm package not installed (make npm): %v", err)
	return ""
}

func find() (string, error) {
	if d := os.Getenv("JEU1000_SHARED_DATA"); d != "" {
		_, err := os.Stat(d)
		return d, err
	}
	root, err := moduleRoot()
	if err != nil {
		return "", err
	}
	d := filepath.Join(filepath.Dir(root), "shared", "data")
	if _, err := os.Stat(d); err != nil {
		return "", err
	}
	return d, nil
}

// moduleRoot walks up from the working directory to the folder of go.mod.
func moduleRoot() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		if filepath.Dir(dir) == dir {
			return "", os.ErrNotExist
		}
	}
}
