package app

import (
	"runtime/debug"
	"sync"

	"github.com/jeu1000/jeu1000/internal/dataset"
)

// The directory of the dataset (dataset.Directory: every authority's
// postal codes) is not in the index, so that the first figures of a page
// do not wait for it: the page fetches it after them, when a search is
// coming. Search by name works before it comes; by postal code once it
// has: LoadDirectory then builds the search tables again, with it, and
// the searches made meanwhile use the tables without it.

// searchBuild builds the search tables once, on the first call of get.
type searchBuild struct {
	get func() (*searchTables, error)
}

// newSearch returns the build of the search tables over index f, with the
// postal codes of dir (nil: none yet). When it ends, its tables become
// at.built, and the tables served meanwhile (at.prev) are dropped, unless
// another build has replaced it.
func (at *atlas) newSearch(f *dataset.IndexFile, dir *dataset.Directory) *searchBuild {
	b := &searchBuild{}
	b.get = sync.OnceValues(func() (*searchTables, error) {
		// The build makes about 20 MB that are garbage once it ends. In
		// wasm, a collection that starts during one of its pauses marks
		// to the end before the page gets its thread back (a task of a
		// few hundred ms); with the collector off meanwhile, the next one
		// marks only what lives on, which the searcher keeps small.
		defer debug.SetGCPercent(debug.SetGCPercent(-1))
		st := &searchTables{index: f, dir: dir, searcher: newSearcher(f, dir, pacer())}
		at.mu.Lock()
		if at.search == b {
			at.built, at.prev = st, nil
		}
		at.mu.Unlock()
		return st, nil
	})
	return b
}

// errStaleDirectory is the message of a directory of another build of the
// dataset than the index loaded.
const errStaleDirectory = "Les données intégrées ont été mises à jour depuis l'ouverture de la page : rechargez-la."

// DirectoryInfo describes a loaded directory.
type DirectoryInfo struct {
	// Rebuilt says whether the search tables were built again with it
	// (a search had been made before it came).
	Rebuilt bool `json:"rebuilt"`
}

// LoadDirectory opens the (inflated) directory of the loaded index: the
// postal codes of its authorities, for search and the authorities'
// descriptions. A directory of another index is refused. When search
// tables were built or asked for without it, they are built again with it
// before LoadDirectory returns; searches meanwhile use the former ones.
func (c *Core) LoadDirectory(raw []byte) (DirectoryInfo, error) {
	at := &c.atlas
	at.mu.Lock()
	if at.index == nil {
		at.mu.Unlock()
		return DirectoryInfo{}, errNoIndex
	}
	dir, err := dataset.OpenDirectory(raw, at.index)
	if err != nil {
		at.mu.Unlock()
		return DirectoryInfo{}, &UserError{Message: errStaleDirectory, Err: err}
	}
	at.dir = dir
	at.search = at.newSearch(at.index, dir)
	at.prev = at.built
	rebuild, build := at.searched, at.search
	at.mu.Unlock()
	if !rebuild {
		return DirectoryInfo{}, nil
	}
	_, err = build.get()
	return DirectoryInfo{Rebuilt: true}, err
}

// postalCodes returns the postal codes of authority a of the index, nil
// before the directory comes. The caller holds at.mu.
func (at *atlas) postalCodes(a *dataset.Authority) []string {
	if at.dir == nil {
		return nil
	}
	i, ok := at.index.Lookup(a.Kind, a.Code)
	if !ok {
		return nil
	}
	return at.dir.PostalCodes(i)
}
