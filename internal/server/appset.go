package server

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// AppSetFile is the script, beside the app's files, that names them for the
// service worker (web/sw.js imports it): the build id and each file's
// SHA-256. `make web` writes it for web/ (`jeu1000 app-set`), `make site`
// for the site (the site's index.html differs). The browser checks the
// service worker's imported scripts byte for byte: a new build is a new
// service worker, which fetches the whole new set and uses it only once
// every file matches its hash.
const AppSetFile = "sw-files.js"

// AppSet is the versioned set of the app's files: every file that the page
// may load, derived from the folder, so that a new module is in it without
// a list kept by hand.
type AppSet struct {
	// Build names the set: a hash of every file's name and content.
	Build string `json:"build"`
	// Files maps each file (its path relative to the app, with slashes) to
	// its Subresource Integrity hash, "sha256-<base64>".
	Files map[string]string `json:"files"`
}

// inAppSet tells whether the file rel (relative to the app's folder) is one
// the page may load: not the service worker and its list, nor notes, tests,
// compressed copies (the server sends them for their file), temporaries,
// dot files, the dataset (data/, cached apart) or a static host's files.
func inAppSet(rel string) bool {
	base := path.Base(rel)
	switch {
	case rel == "sw.js" || rel == AppSetFile || rel == "_headers":
		return false
	case strings.HasPrefix(rel, "data/"):
		return false
	case strings.HasPrefix(base, ".") || strings.Contains(rel, "/."):
		return false
	case strings.HasSuffix(base, ".md") || strings.HasSuffix(base, ".gz") || strings.HasSuffix(base, ".br") || strings.HasSuffix(base, ".tmp"):
		return false
	case strings.Contains(base, ".test."):
		return false
	}
	return true
}

// BuildAppSet reads the app's folder and returns its set.
func BuildAppSet(fsys fs.FS) (AppSet, error) {
	set := AppSet{Files: map[string]string{}}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != "." && (strings.HasPrefix(d.Name(), ".") || p == "data") {
				return fs.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() || !inAppSet(p) {
			return nil
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		set.Files[p] = "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
		return nil
	})
	if err != nil {
		return AppSet{}, fmt.Errorf("app set: %w", err)
	}
	if _, ok := set.Files["index.html"]; !ok {
		return AppSet{}, fmt.Errorf("app set: no index.html")
	}
	names := make([]string, 0, len(set.Files))
	for n := range set.Files {
		names = append(names, n)
	}
	sort.Strings(names)
	h := sha256.New()
	for _, n := range names {
		fmt.Fprintf(h, "%s %s\n", n, set.Files[n])
	}
	set.Build = base64.RawURLEncoding.EncodeToString(h.Sum(nil)[:12])
	return set, nil
}

// Script returns the set as AppSetFile: a classic script for the service
// worker's importScripts, setting self.jeu1000AppSet.
func (s AppSet) Script() []byte {
	b, _ := json.MarshalIndent(s, "", " ") // a struct of strings: never fails
	return []byte("// Written by `jeu1000 app-set` (make web, make site): the app's files and their hashes. Do not edit.\nself.jeu1000AppSet = " + string(b) + ";\n")
}
