package app

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/jeu1000/jeu1000/internal/dataset"
	"github.com/jeu1000/jeu1000/internal/report"
)

// inflate reads a committed dataset file as the page does (gunzip).
func inflate(t *testing.T, name string) []byte {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "..", "data", "compressed", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := io.ReadAll(z)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

func loaded(t *testing.T) *Core {
	t.Helper()
	c := core(t)
	info, err := c.LoadIndex(inflate(t, "index.bin.gz"))
	if err != nil {
		t.Fatal(err)
	}
	if info.Authorities < 35000 {
		t.Fatalf("index has %d authorities", info.Authorities)
	}
	return c
}

func TestAtlasPaths(t *testing.T) {
	c := loaded(t)
	hits, err := c.Search("montreuil", 5)
	if err != nil || len(hits) == 0 || hits[0].Key != "commune:93048" || !hits[0].HasFigures {
		t.Fatalf("search montreuil: %+v, %v", hits, err)
	}
	info, err := c.Authority("commune:93048")
	if err != nil || info.Shard == "" || info.Strate == nil || len(info.Years) < 8 {
		t.Fatalf("authority: %+v, %v", info, err)
	}
	if _, err := c.SplitRecord("commune:93048", 2023, Request{}); err == nil || !strings.Contains(Message(err), "pas encore chargées") {
		t.Errorf("split before the shard: %v", err)
	}
	if _, err := c.LoadShard(info.Shard, inflate(t, info.Shard)); err != nil {
		t.Fatal(err)
	}
	r, err := c.SplitRecord("commune:93048", 2023, Request{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Detail != "detailed" || r.Total != "252564408.69" || r.Provenance.Licence == "" {
		t.Errorf("Montreuil 2023: detail %s total %s licence %q (the CLI gives 252564408.69)", r.Detail, r.Total, r.Provenance.Licence)
	}
	six, err := c.SplitRecord("commune:93048", 2023, Request{Grid: "six"})
	if err != nil {
		t.Fatal(err)
	}
	for _, rep := range []report.Report{r, six} {
		for _, p := range rep.Parts {
			if len(p.Peers) > 0 {
				t.Errorf("detailed %s part %s compared with aggregated peers", rep.Grid, p.Code)
			}
		}
	}
	if info.DepartementRef == nil || info.DepartementRef.Name != "Seine-Saint-Denis" {
		t.Errorf("département ref %+v", info.DepartementRef)
	}
	// Every year's shard (one or more), then the history.
	for _, y := range info.Years {
		if _, err := c.LoadShard(y.Shard, inflate(t, y.Shard)); err != nil {
			t.Fatal(err)
		}
	}
	hist, err := c.History("commune:93048", Request{Grid: "common"})
	if err != nil || len(hist) < 8 {
		t.Fatalf("history: %d years, %v", len(hist), err)
	}
	for _, h := range hist {
		if h.Report == nil {
			t.Errorf("year %d: %s", h.Year, h.Error)
		}
	}

	// An authority without figures says so.
	if _, err := c.SplitRecord("region:11", 2023, Request{}); err == nil {
		t.Error("Île-de-France has no figures but split")
	}
}

func TestAggregatedRecord(t *testing.T) {
	c := loaded(t)
	info, err := c.Authority("commune:01025") // Bâgé-Dommartin, 2024 digits
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.LoadShard(info.Shard, inflate(t, info.Shard)); err != nil {
		t.Fatal(err)
	}
	r, err := c.SplitRecord("commune:01025", 2024, Request{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Detail != "aggregated" || r.Total != "3448787.00" {
		t.Errorf("detail %s total %s, want aggregated 3448787.00", r.Detail, r.Total)
	}
	for _, p := range r.Parts {
		if p.Amount == "0.00" {
			t.Errorf("part %s shown as zero", p.Code)
		}
	}
	if _, err := c.SplitRecord("commune:01025", 2024, Request{Section: "F"}); err == nil {
		t.Error("F asked of F+I aggregated data")
	}
	six, err := c.SplitRecord("commune:01025", 2024, Request{Grid: "six"})
	if err != nil || six.Grid != "six" || len(six.Parts[0].Peers) == 0 {
		t.Fatalf("six: %+v %v", six.Parts, err)
	}
}

// Authorities are found by key as a map by key over the whole index would
// (the last of equal keys), with the names of their EPCI, département and
// région.
func TestAuthorityByKey(t *testing.T) {
	c := loaded(t)
	ix, err := dataset.DecodeIndex(inflate(t, "index.bin.gz"))
	if err != nil {
		t.Fatal(err)
	}
	as := ix.Authorities
	want := map[string]int{}
	for i := range as {
		want[as[i].Key()] = i
	}
	for key, i := range want {
		info, err := c.Authority(key)
		a := &as[i]
		if err != nil || info.Key != key || info.Name != a.Name || info.Code != a.Code || info.Population != a.Population {
			t.Fatalf("Authority(%s) = %+v, %v; want %+v", key, info, err, *a)
		}
		// The Ville de Paris is its own département (75, not listed apart).
		if a.Departement != "" && info.Kind != "departement" && key != "commune:75056" && (info.DepartementRef == nil || info.DepartementRef.Code != a.Departement) {
			t.Errorf("%s: département %s, ref %+v", key, a.Departement, info.DepartementRef)
		}
	}
	// The name as it stands in a sentence (territory.PhraseOf).
	for key, want := range map[string][2]string{
		"commune:93048":   {"Montreuil", "de Montreuil"},
		"departement:56":  {"le Morbihan", "du Morbihan"},
		"departement:92":  {"les Hauts-de-Seine", "des Hauts-de-Seine"},
		"region:53":       {"la région Bretagne", "de la région Bretagne"},
		"departement:67A": {"la Collectivité européenne d'Alsace", "de la Collectivité européenne d'Alsace"},
	} {
		if info, err := c.Authority(key); err != nil || info.NameThe != want[0] || info.NameOf != want[1] {
			t.Errorf("Authority(%s): NameThe %q, NameOf %q, %v; want %q", key, info.NameThe, info.NameOf, err, want)
		}
	}
	for _, key := range []string{"", "commune", "commune:", "commune:99999", "region:93048", "nope:93048", "commune:93048:x", "Commune:93048"} {
		if info, err := c.Authority(key); err == nil || !strings.Contains(Message(err), "Collectivité inconnue") {
			t.Errorf("Authority(%q) = %+v, %v; want unknown", key, info, err)
		}
	}
}

// Showing an authority and its figures (its page, its shard, a split, its
// years) does not decode the whole index; the first search or
// PrepareSearch does, once.
func TestOneAuthorityWithoutTheWholeIndex(t *testing.T) {
	c := loaded(t)
	build := c.atlas.search.get
	var calls atomic.Int32
	c.atlas.search.get = func() (*searchTables, error) {
		calls.Add(1)
		return build()
	}
	const key = "commune:01025" // Bâgé-Dommartin: aggregated figures, with peers
	info, err := c.Authority(key)
	if err != nil {
		t.Fatal(err)
	}
	if info.EPCI == nil || info.EPCI.Name == "" || info.DepartementRef == nil || info.RegionRef == nil {
		t.Errorf("refs: EPCI %+v, département %+v, région %+v", info.EPCI, info.DepartementRef, info.RegionRef)
	}
	if _, err := c.LoadShard(info.Shard, inflate(t, info.Shard)); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Authority(key); err != nil {
		t.Fatal(err)
	}
	if _, err := c.SplitRecord(key, 2024, Request{Grid: "six"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.History(key, Request{Grid: "six"}); err != nil {
		t.Fatal(err)
	}
	if n := calls.Load(); n != 0 {
		t.Fatalf("the whole index was asked for %d times before any search", n)
	}
	if err := c.PrepareSearch(); err != nil {
		t.Fatal(err)
	}
	if calls.Load() != 1 {
		t.Fatalf("PrepareSearch did not build the search tables")
	}
	st, err := build()
	if err != nil {
		t.Fatal(err)
	}
	if hits, err := c.Search("bâgé", 3); err != nil || len(hits) == 0 {
		t.Fatalf("search: %+v, %v", hits, err)
	}
	if again, _ := build(); again != st {
		t.Fatal("the search tables were built twice")
	}
}

// Searches, authorities, shards and the preparation of search from several
// goroutines at once, as the page's calls come (run with -race).
func TestAtlasConcurrent(t *testing.T) {
	c := loaded(t)
	montreuil, err := c.Authority("commune:93048")
	if err != nil {
		t.Fatal(err)
	}
	shard := inflate(t, montreuil.Shard)
	dir := inflate(t, "directory.bin.gz")
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			var err error
			switch g % 4 {
			case 3:
				_, err = c.LoadDirectory(dir)
			case 0:
				err = c.PrepareSearch()
			case 1:
				var hits []Suggestion
				if hits, err = c.Search("montreuil", 5); err == nil && (len(hits) == 0 || hits[0].Key != "commune:93048") {
					t.Errorf("search: %+v", hits)
				}
			case 2:
				if _, err = c.LoadShard(montreuil.Shard, shard); err == nil {
					_, err = c.Authority("commune:93048")
				}
			}
			if err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if _, err := c.SplitRecord("commune:93048", 2023, Request{}); err != nil {
		t.Fatal(err)
	}
}

func TestBeforeLoadIndex(t *testing.T) {
	c := core(t)
	if _, err := c.Search("montreuil", 5); err != errNoIndex {
		t.Errorf("search: %v", err)
	}
	if err := c.PrepareSearch(); err != errNoIndex {
		t.Errorf("prepare search: %v", err)
	}
	if _, err := c.Authority("commune:93048"); err != errNoIndex {
		t.Errorf("authority: %v", err)
	}
	if _, err := c.LoadIndex([]byte("J1KI\x01\x00")); err == nil || !strings.Contains(Message(err), "index corrompu") {
		t.Errorf("corrupt index: %v", err)
	}
}

// TestShardOfAnotherBuild checks that a shard is refused unless it is the
// one the index names (a cache that kept a shard across a dataset update),
// and that the index gives each shard's version for its URL.
func TestShardOfAnotherBuild(t *testing.T) {
	c := core(t)
	idx, err := c.LoadIndex(inflate(t, "index.bin.gz"))
	if err != nil {
		t.Fatal(err)
	}
	if idx.Shards == 0 || idx.Shards != len(c.atlas.index.Shards()) {
		t.Fatalf("%d shards", idx.Shards)
	}
	info, err := c.Authority("commune:93048")
	if err != nil {
		t.Fatal(err)
	}
	version := func(name string) string {
		for _, r := range c.atlas.index.Shards() {
			if r.Name == name {
				return fmt.Sprintf("%08x", r.Checksum)
			}
		}
		return "not in the index"
	}
	if info.ShardVersion != version(info.Shard) {
		t.Errorf("version of %s: %q, want %q", info.Shard, info.ShardVersion, version(info.Shard))
	}
	if last := info.Years[len(info.Years)-1]; last.Shard != info.Shard || last.Version != info.ShardVersion {
		t.Errorf("latest year %+v, shard %s %s", last, info.Shard, info.ShardVersion)
	}
	for _, y := range info.Years {
		if y.Version != version(y.Shard) {
			t.Errorf("year %d: shard %s version %q, want %q", y.Year, y.Shard, y.Version, version(y.Shard))
		}
	}
	other, err := c.Authority("commune:56046") // Crach, in another shard
	if err != nil {
		t.Fatal(err)
	}
	if other.Shard == info.Shard {
		t.Fatalf("both authorities in %s", info.Shard)
	}
	for _, tc := range []struct {
		name, file, want string
	}{
		{info.Shard, other.Shard, "mises à jour"},
		{"shard-none.bin.gz", info.Shard, "n'appartient pas"},
	} {
		_, err := c.LoadShard(tc.name, inflate(t, tc.file))
		if err == nil || !strings.Contains(Message(err), tc.want) {
			t.Errorf("LoadShard(%s, content of %s): %v, want a message with %q", tc.name, tc.file, err, tc.want)
		}
	}
	if _, err := c.LoadShard(info.Shard, inflate(t, info.Shard)); err != nil {
		t.Errorf("the right shard: %v", err)
	}
}

// An authority whose years are in two shards: the page loads the latest
// year's first; the earlier years are listed with their shard and version,
// not yet loaded, until their shard is.
func TestYearShards(t *testing.T) {
	shard := func(name string, recs ...dataset.Record) (*dataset.Shard, dataset.ShardRef, []byte) {
		sh := &dataset.Shard{Name: name, Records: recs}
		raw, err := dataset.AppendShard(nil, sh)
		if err != nil {
			t.Fatal(err)
		}
		var gz bytes.Buffer
		if err := dataset.EncodeShard(&gz, sh); err != nil {
			t.Fatal(err)
		}
		ref, err := dataset.NewShardRef(name, gz.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		return sh, ref, raw
	}
	_, old, oldRaw := shard("a-commune-99001-2022.bin.gz", detailed(2022, "M14", lines("0")...))
	_, recent, recentRaw := shard("a-commune-99001-2023.bin.gz", detailed(2023, "M57", lines("0")...), detailed(2024, "M57", lines("0")...))
	ix := &dataset.Index{Source: "test", Shards: []dataset.ShardRef{old, recent},
		Authorities: []dataset.Authority{{Kind: dataset.KindCommune, Code: "99001", Name: "Synthèse", Departement: "99",
			Population: 15000, PopulationYear: 2021, Years: []int{2022, 2023, 2024}, YearShards: []int{0, 1, 1}, Shard: 1}}}
	c := coreWithIndex(t, ix)
	info, err := c.Authority("commune:99001")
	if err != nil {
		t.Fatal(err)
	}
	v := func(r dataset.ShardRef) string { return fmt.Sprintf("%08x", r.Checksum) }
	if info.Shard != recent.Name || info.ShardVersion != v(recent) {
		t.Errorf("latest shard %s %s, want %s %s", info.Shard, info.ShardVersion, recent.Name, v(recent))
	}
	want := []YearEntry{{Year: 2022, Shard: old.Name, Version: v(old)}, {Year: 2023, Shard: recent.Name, Version: v(recent)},
		{Year: 2024, Shard: recent.Name, Version: v(recent)}}
	if !slices.Equal(info.Years, want) {
		t.Errorf("years before any shard %+v, want %+v", info.Years, want)
	}
	if _, err := c.LoadShard(recent.Name, recentRaw); err != nil {
		t.Fatal(err)
	}
	if _, err := c.SplitRecord("commune:99001", 2024, Request{}); err != nil {
		t.Errorf("2024 with its shard: %v", err)
	}
	if _, err := c.SplitRecord("commune:99001", 2022, Request{}); err == nil || !strings.Contains(Message(err), "pas encore chargées") {
		t.Errorf("2022 before its shard: %v", err)
	}
	info, _ = c.Authority("commune:99001")
	want[1].Document, want[1].Detail, want[2].Document, want[2].Detail = "BAL", "detailed", "BAL", "detailed"
	if !slices.Equal(info.Years, want) {
		t.Errorf("years with the latest shard %+v, want %+v", info.Years, want)
	}
	hist, err := c.History("commune:99001", Request{Grid: "common"})
	if err != nil || len(hist) != 3 || hist[0].Report != nil || hist[2].Report == nil {
		t.Errorf("history with the latest shard: %+v, %v", hist, err)
	}
	if _, err := c.LoadShard(old.Name, oldRaw); err != nil {
		t.Fatal(err)
	}
	if _, err := c.SplitRecord("commune:99001", 2022, Request{}); err != nil {
		t.Errorf("2022 with its shard: %v", err)
	}
}
