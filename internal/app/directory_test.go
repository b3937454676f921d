package app

import (
	"slices"
	"strings"
	"testing"

	"github.com/jeu1000/jeu1000/internal/dataset"
)

// hasKey reports whether a suggestion of key is among hits.
func hasKey(hits []Suggestion, key string) bool {
	return slices.ContainsFunc(hits, func(s Suggestion) bool { return s.Key == key })
}

// Search by name works before the directory comes; by postal code once it
// has, in tables built again with it; the authority's description gains
// its postal codes.
func TestLoadDirectory(t *testing.T) {
	for _, searchedBefore := range []bool{false, true} {
		c := loaded(t)
		if searchedBefore {
			hits, err := c.Search("montreuil", 5)
			if err != nil || !hasKey(hits, "commune:93048") {
				t.Fatalf("by name before the directory: %+v, %v", hits, err)
			}
			if hits, _ := c.Search("93100", 5); hasKey(hits, "commune:93048") {
				t.Fatalf("93100 found before the directory: %+v", hits)
			}
			if info, _ := c.Authority("commune:93048"); info.PostalCodes != nil {
				t.Errorf("postal codes before the directory: %v", info.PostalCodes)
			}
		}
		info, err := c.LoadDirectory(inflate(t, "directory.bin.gz"))
		if err != nil {
			t.Fatal(err)
		}
		if info.Rebuilt != searchedBefore {
			t.Errorf("searched before: %v, rebuilt %v", searchedBefore, info.Rebuilt)
		}
		hits, err := c.Search("93100", 5)
		if err != nil || !hasKey(hits, "commune:93048") {
			t.Fatalf("93100 after the directory: %+v, %v", hits, err)
		}
		if i := slices.IndexFunc(hits, func(s Suggestion) bool { return s.Key == "commune:93048" }); !slices.Equal(hits[i].PostalCodes, []string{"93100"}) {
			t.Errorf("suggestion's postal codes %v", hits[i].PostalCodes)
		}
		if a, _ := c.Authority("commune:93048"); !slices.Equal(a.PostalCodes, []string{"93100"}) {
			t.Errorf("authority's postal codes %v", a.PostalCodes)
		}
		if hits, err := c.Search("montreuil", 5); err != nil || !hasKey(hits, "commune:93048") {
			t.Fatalf("by name after the directory: %+v, %v", hits, err)
		}
	}
}

// While the tables with the directory are built, searches use the former
// ones (they do not wait for the build).
func TestSearchDuringRebuild(t *testing.T) {
	c := loaded(t)
	if err := c.PrepareSearch(); err != nil {
		t.Fatal(err)
	}
	old := c.atlas.built
	// The state LoadDirectory leaves while it builds: a new build not run yet.
	c.atlas.mu.Lock()
	c.atlas.search = &searchBuild{get: func() (*searchTables, error) {
		t.Error("a search waited for the build")
		return old, nil
	}}
	c.atlas.prev = old
	c.atlas.mu.Unlock()
	if hits, err := c.Search("montreuil", 3); err != nil || len(hits) == 0 {
		t.Fatalf("search during the rebuild: %+v, %v", hits, err)
	}
}

// A directory of another build of the dataset, or a corrupt one, is
// refused with a French message, and search goes on without it.
func TestLoadDirectoryRefused(t *testing.T) {
	c := core(t)
	if _, err := c.LoadDirectory(inflate(t, "directory.bin.gz")); err == nil || !strings.Contains(Message(err), "pas encore chargées") {
		t.Errorf("before the index: %v", err)
	}
	c = loaded(t)
	other := &dataset.Index{Authorities: []dataset.Authority{{Kind: dataset.KindCommune, Code: "93048", PostalCodes: []string{"93100"}, Shard: -1}}}
	stale, err := dataset.AppendDirectory(nil, other)
	if err != nil {
		t.Fatal(err)
	}
	for name, raw := range map[string][]byte{"another index's": stale, "corrupt": []byte("J1KD\x03\x00")} {
		if _, err := c.LoadDirectory(raw); err == nil || !strings.Contains(Message(err), "mises à jour") {
			t.Errorf("%s: %v", name, err)
		}
	}
	if hits, err := c.Search("montreuil", 3); err != nil || !hasKey(hits, "commune:93048") {
		t.Fatalf("search after a refused directory: %+v, %v", hits, err)
	}
}
