package app

import (
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

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

// The binary search over the canonical order finds every authority of the
// bundled index as a map by key would (the last of equal keys).
func TestFindMatchesAMapByKey(t *testing.T) {
	c := loaded(t)
	at := &c.atlas
	if at.byKey != nil {
		t.Fatal("the bundled index is not in canonical order: lookups fall back to a map")
	}
	want := map[string]int{}
	for i := range at.index.Authorities {
		want[at.index.Authorities[i].Key()] = i
	}
	for key, i := range want {
		if got, ok := at.findKey(key); !ok || got != i {
			t.Fatalf("findKey(%s) = %d, %v, want %d", key, got, ok, i)
		}
	}
	for _, key := range []string{"", "commune", "commune:", "commune:99999", "region:93048", "nope:93048", "commune:93048:x", "Commune:93048"} {
		if i, ok := at.findKey(key); ok {
			t.Errorf("findKey(%q) = %d, want not found", key, i)
		}
	}
}
