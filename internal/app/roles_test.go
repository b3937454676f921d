package app

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/jeu1000/jeu1000/internal/dataset"
	"github.com/jeu1000/jeu1000/internal/nomen"
)

// The Ville de Paris is found once and says what it is.
func TestParisOnce(t *testing.T) {
	c := loaded(t)
	hits, err := c.Search("paris", 10)
	if err != nil {
		t.Fatal(err)
	}
	var paris []string
	for _, h := range hits {
		if h.Name == "Paris" {
			paris = append(paris, h.Key)
		}
	}
	if len(paris) != 1 || paris[0] != "commune:75056" {
		t.Errorf(`search "paris": %v, want only commune:75056`, paris)
	}
	info, err := c.Authority("commune:75056")
	if err != nil || !strings.Contains(info.Note, "Ville de Paris : commune et département depuis 2019") ||
		!strings.Contains(info.PopulationSource, "INSEE") {
		t.Errorf("Paris: note %q, population %q, %v", info.Note, info.PopulationSource, err)
	}
	// The Métropole du Grand Paris's département is the Ville de Paris.
	mgp, err := c.Authority("epci:200054781")
	if err != nil || mgp.DepartementRef == nil || mgp.DepartementRef.Key != "commune:75056" || !strings.HasPrefix(mgp.PopulationSource, "DGCL") {
		t.Errorf("Métropole du Grand Paris: %+v, %v", mgp, err)
	}
	if lyon, err := c.Authority("epci:200046977"); err != nil || !strings.Contains(lyon.Note, "Métropole de Lyon") {
		t.Errorf("Lyon: %+v, %v", lyon, err)
	}
}

// synthetic loads an index of one commune (population 15,000) with the
// given records and peers into a new core.
func synthetic(t *testing.T, peers []dataset.Peer, recs ...dataset.Record) *Core {
	t.Helper()
	sh := &dataset.Shard{Name: "shard-99.bin.gz", Records: recs}
	var gz bytes.Buffer
	if err := dataset.EncodeShard(&gz, sh); err != nil {
		t.Fatal(err)
	}
	ref, err := dataset.NewShardRef(sh.Name, gz.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	var years, yearShards []int
	for _, r := range recs {
		if !slices.Contains(years, r.Year) {
			years, yearShards = append(years, r.Year), append(yearShards, 0)
		}
	}
	slices.Sort(years)
	ix := &dataset.Index{
		Source: "test",
		Authorities: []dataset.Authority{{Kind: dataset.KindCommune, Code: "99001", Name: "Synthèse",
			Departement: "99", Population: 15000, PopulationYear: 2021, Shard: 0, Years: years, YearShards: yearShards}},
		Shards: []dataset.ShardRef{ref},
		Peers:  peers,
	}
	c := coreWithIndex(t, ix)
	shRaw, err := dataset.AppendShard(nil, sh)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.LoadShard(sh.Name, shRaw); err != nil {
		t.Fatal(err)
	}
	return c
}

// detailed is a detailed record of the synthetic commune.
func detailed(year int, nomenclature string, lines ...dataset.Line) dataset.Record {
	return dataset.Record{Authority: "commune:99001", Year: year, Document: "BAL", Detail: dataset.Detailed,
		Nomenclature: nomenclature, Population: 15000, Provenance: dataset.Provenance{Source: "test", Document: "test.csv"}, Lines: lines}
}

// as sets a record's document.
func as(r dataset.Record, document string) dataset.Record { r.Document = document; return r }

func lines(function string) []dataset.Line {
	return []dataset.Line{
		{Nature: "6042", Function: function + "20", Section: 'F', Amount: 1_000_000_00},
		{Nature: "6411", Function: "212", Section: 'F', Amount: 3_000_000_00},
		{Nature: "6574", Function: "311", Section: 'F', Amount: 500_000_00},
		{Nature: "2313", Function: "822", Section: 'I', Amount: 2_000_000_00},
	}
}

// Years across the M14 → M57 switch compare on the common grid, not on the
// native one; a year without function codes or of a nomenclature the grid
// does not know says so.
func TestHistoryComparability(t *testing.T) {
	natureOnly := lines("0")
	for i := range natureOnly {
		natureOnly[i].Function = ""
	}
	c := synthetic(t, nil,
		detailed(2021, "M14", natureOnly...),
		detailed(2020, "M99", lines("0")...),
		detailed(2022, "M43", lines("0")...),
		detailed(2023, "M14", lines("0")...),
		as(detailed(2023, "M14", lines("0")...), "BAL-DEP"), // a second budget of 2023, kept apart
		detailed(2024, "M57", lines("0")...),
		dataset.Record{Authority: "commune:99001", Year: 2025, Document: "AGG", Detail: dataset.Aggregated, Nomenclature: "M57",
			Population: 15000, Provenance: dataset.Provenance{Source: "test", Document: "agg.json"},
			Items: []dataset.Item{{Code: "0", Section: 'A', Amount: 1_000_00}, {Code: "2", Section: 'A', Amount: 3_000_00}}},
	)
	info, err := c.Authority("commune:99001")
	if err != nil || len(info.Years) != 6 || info.Years[3] != (YearEntry{Year: 2023, Document: "BAL", Detail: "detailed", Shard: info.Shard, Version: info.ShardVersion}) {
		t.Errorf("years %+v, %v: want one entry a year, the commune's BAL for 2023", info.Years, err)
	}
	for _, tc := range []struct {
		grid   string
		want   map[int]bool
		reason map[int]string
	}{
		{"common", map[int]bool{2020: false, 2021: false, 2022: false, 2023: true, 2024: true, 2025: false},
			map[int]string{2020: "Nomenclature inconnue", 2021: "Ventilation par nature seulement", 2022: "que la grille ne place pas", 2025: "Chiffres agrégés"}},
		{"native", map[int]bool{2020: false, 2021: false, 2022: false, 2023: false, 2024: true, 2025: false},
			map[int]string{2020: "Nomenclature inconnue", 2021: "Ventilation par nature seulement", 2022: "Nomenclature M43 en 2022, M57 en 2024",
				2023: "Nomenclature M14 en 2023, M57 en 2024", 2025: "Chiffres agrégés"}},
	} {
		years, err := c.History("commune:99001", Request{Grid: tc.grid})
		if err != nil {
			t.Fatal(err)
		}
		if len(years) != 6 {
			t.Fatalf("%s: %d years", tc.grid, len(years))
		}
		for _, y := range years {
			if y.Comparable != tc.want[y.Year] || !strings.Contains(y.Reason, tc.reason[y.Year]) || !y.Comparable && y.Reason == "" {
				t.Errorf("%s %d: comparable %v, reason %q (error %q); want %v, %q", tc.grid, y.Year, y.Comparable, y.Reason, y.Error, tc.want[y.Year], tc.reason[y.Year])
			}
		}
	}
}

// A detailed year gets the common-grid peers of its population band (which
// the pipeline computes from detailed records only), with the default
// rules; not with other rules, nor on the native grid.
func TestDetailedPeers(t *testing.T) {
	area, ok := nomen.CommonGrid().AreaOf("M57", "020")
	if !ok {
		t.Fatal("020 has no area in the common grid")
	}
	peer := dataset.Peer{Year: 2024, Grid: "common", Group: "commune:10000-19999", Area: area.Code, Section: 'A', N: 40,
		ShareQ1: 10000, ShareMedian: 15000, ShareQ3: 20000, PerInhQ1: 10000, PerInhMedian: 20000, PerInhQ3: 30000}
	c := synthetic(t, []dataset.Peer{peer}, detailed(2024, "M57", lines("0")...))
	find := func(req Request) int {
		r, err := c.SplitRecord("commune:99001", 2024, req)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, p := range r.Parts {
			n += len(p.Peers)
		}
		return n
	}
	if n := find(Request{Grid: "common"}); n != 1 {
		t.Errorf("common grid, default rules: %d peers, want 1", n)
	}
	if n := find(Request{Grid: "common", DebtRepayment: true}); n != 0 {
		t.Errorf("common grid with the debt: %d peers, want 0", n)
	}
	if n := find(Request{Grid: "common", Section: "F"}); n != 0 {
		t.Errorf("common grid, fonctionnement: %d peers, want 0", n)
	}
	if n := find(Request{}); n != 0 {
		t.Errorf("native grid: %d peers, want 0", n)
	}
}
