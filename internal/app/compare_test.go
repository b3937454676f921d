package app

import (
	"strings"
	"testing"

	"github.com/jeu1000/jeu1000/internal/dataset"
	"github.com/jeu1000/jeu1000/internal/nomen"
	"github.com/jeu1000/jeu1000/internal/report"
)

// The rules of what compares with what, on bases.
func TestVerdict(t *testing.T) {
	det := func(n string) Basis {
		return Basis{Year: 2023, Method: MethodDetailed, Nomenclature: n, Document: "CA"}
	}
	digits := Basis{Year: 2024, Method: MethodDigits, Nomenclature: "M57", Document: "AGG"}
	groups := Basis{Year: 2024, Method: MethodGroups, Nomenclature: "M57", Document: "AGG"}
	nature := Basis{Year: 2022, Method: MethodDetailed, ByNature: true, Nomenclature: "M14", Document: "BAL"}
	for _, tc := range []struct {
		name       string
		a, b       Basis
		req        Request
		comparable bool
		grid       string
		section    string
		reason     string
	}{
		{"same nomenclature, native", det("M57"), det("M57"), Request{}, true, "native", "all", ""},
		{"M14 beside M57 go on the common grid", det("M14"), det("M57"), Request{Section: "F"}, true, "common", "F", "Nomenclatures différentes (M14 et M57)"},
		{"M14 beside M57 on the six groups", det("M14"), det("M57"), Request{Grid: "six"}, true, "six", "all", ""},
		{"detailed beside first-digit aggregates", det("M57"), digits, Request{Grid: "six"}, false, "six", "all", "Méthodes différentes"},
		{"first-digit aggregates beside OFGL groups", digits, groups, Request{Grid: "six"}, false, "six", "all", "chiffres agrégés par l'OFGL"},
		{"two first-digit aggregates, native", digits, digits, Request{}, true, "native", "all", ""},
		{"first digits have no common grid", digits, digits, Request{Grid: "common"}, true, "six", "all", "premiers chiffres de fonction"},
		{"aggregates have no sections", digits, digits, Request{Section: "I"}, true, "native", "all", "ne séparent pas fonctionnement et investissement"},
		{"OFGL groups, six only", groups, groups, Request{}, true, "six", "all", "six grandes familles"},
		{"by nature beside by function", nature, det("M14"), Request{}, false, "native", "all", "Ventilation par nature"},
		{"two splits by nature", nature, nature, Request{}, true, "native", "all", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := verdict(tc.a, tc.b, tc.req)
			if v.Comparable != tc.comparable || v.Grid != tc.grid || v.Section != tc.section || !strings.Contains(v.Reason, tc.reason) || (tc.reason == "") != (v.Reason == "") {
				t.Errorf("verdict = %+v, want comparable %v on %s/%s, reason with %q", v, tc.comparable, tc.grid, tc.section, tc.reason)
			}
			// The rule is symmetric in whether they compare.
			if back := verdict(tc.b, tc.a, tc.req); back.Comparable != v.Comparable {
				t.Errorf("reversed: comparable %v, want %v", back.Comparable, v.Comparable)
			}
		})
	}
}

// Six-group peers are detailed when the same year and group have
// common-grid peers (a detailed sample gives both), else aggregated.
func TestPeersMethod(t *testing.T) {
	peers := []dataset.Peer{
		{Year: 2023, Grid: "common", Group: "commune:10000-19999"},
		{Year: 2023, Grid: "six", Group: "commune:10000-19999"},
		{Year: 2024, Grid: "six", Group: "commune:10000-19999"},
		{Year: 2024, Grid: "six", Group: "departement"},
		{Year: 2024, Grid: "native", Group: "commune"},
	}
	for _, tc := range []struct {
		year        int
		grid, group string
		want        string
	}{
		{2023, "common", "commune:10000-19999", MethodDetailed},
		{2023, "six", "commune:10000-19999", MethodDetailed},
		{2024, "six", "commune:10000-19999", MethodDigits},
		{2024, "six", "departement", MethodGroups},
		{2024, "native", "commune", MethodDigits},
	} {
		if got := peersMethod(peers, tc.year, tc.grid, tc.group); got != tc.want {
			t.Errorf("%d %s %s: %s, want %s", tc.year, tc.grid, tc.group, got, tc.want)
		}
	}
}

// aggregated is a first-digit aggregated record of the synthetic commune.
func aggregated(year int) dataset.Record {
	return dataset.Record{Authority: "commune:99001", Year: year, Document: "AGG", Detail: dataset.Aggregated, Nomenclature: "M57",
		Population: 15000, Provenance: dataset.Provenance{Source: "test", Document: "agg.json"},
		Items: []dataset.Item{{Code: "0", Section: 'A', Amount: 1_000_00}, {Code: "2", Section: 'A', Amount: 3_000_00}}}
}

// The page opens on the latest detailed year; a year whose shard is not
// loaded leaves it unknown.
func TestDefaultYear(t *testing.T) {
	for _, tc := range []struct {
		name string
		recs []dataset.Record
		want int
	}{
		{"latest detailed", []dataset.Record{detailed(2021, "M14", lines("0")...), detailed(2023, "M57", lines("0")...)}, 2023},
		{"aggregated after it", []dataset.Record{detailed(2021, "M14", lines("0")...), aggregated(2024)}, 2021},
		{"aggregated only", []dataset.Record{aggregated(2023), aggregated(2024)}, 2024},
		{"a budget is detailed", []dataset.Record{as(detailed(2022, "M14", lines("0")...), "BP"), aggregated(2024)}, 2022},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := synthetic(t, nil, tc.recs...)
			info, err := c.Authority("commune:99001")
			if err != nil || info.DefaultYear != tc.want {
				t.Errorf("default year %d (%v), want %d", info.DefaultYear, err, tc.want)
			}
		})
	}
}

// On the bundled dataset: Montreuil's accounts 2016–2023 beside its 2024
// first-digit aggregates, Crach's CA 2021 and BP 2022 beside its 2024
// aggregates, the Morbihan's CA 2021 beside OFGL's 2024 six groups.
func TestBundledComparability(t *testing.T) {
	c := loaded(t)
	for _, key := range []string{"commune:93048", "commune:56046", "departement:56"} {
		info, err := c.Authority(key)
		if err != nil {
			t.Fatal(err)
		}
		if info.DefaultYear != 0 {
			t.Errorf("%s: default year %d before its shards, want 0 (unknown)", key, info.DefaultYear)
		}
		for _, y := range info.Years {
			if _, err := c.LoadShard(y.Shard, inflate(t, y.Shard)); err != nil {
				t.Fatal(err)
			}
		}
	}
	for key, want := range map[string]int{"commune:93048": 2023, "commune:56046": 2022, "departement:56": 2021} {
		if info, err := c.Authority(key); err != nil || info.DefaultYear != want {
			t.Errorf("%s: default year %d (%v), want %d, its latest detailed year", key, info.DefaultYear, err, want)
		}
	}

	// Years side by side: no 2024 among Montreuil's accounts.
	hist, err := c.History("commune:93048", Request{Grid: "common"})
	if err != nil {
		t.Fatal(err)
	}
	for _, y := range hist {
		if y.Comparable != (y.Year <= 2023) || y.Year == 2024 && !strings.Contains(y.Reason, "Chiffres agrégés par un tiers, la DGFiP") {
			t.Errorf("Montreuil %d: comparable %v (%s)", y.Year, y.Comparable, y.Reason)
		}
	}

	for _, tc := range []struct {
		name       string
		a, b       Side
		req        Request
		comparable bool
		grid       string
		reason     string
	}{
		{"Montreuil CA 2023 and its 2024 aggregates", Side{Key: "commune:93048", Year: 2023}, Side{Key: "commune:93048", Year: 2024},
			Request{Grid: "six"}, false, "six", "Méthodes différentes"},
		{"Montreuil and Crach, 2024 first digits", Side{Key: "commune:93048", Year: 2024}, Side{Key: "commune:56046", Year: 2024},
			Request{}, true, "native", ""},
		{"Crach 2024 first digits and the Morbihan's OFGL groups", Side{Key: "commune:56046", Year: 2024}, Side{Key: "departement:56", Year: 2024},
			Request{Grid: "six"}, false, "six", "l'OFGL"},
		{"Montreuil M14 and the Morbihan M57, accounts 2021", Side{Key: "commune:93048", Year: 2021}, Side{Key: "departement:56", Year: 2021},
			Request{}, true, "common", "M14 et M57"},
	} {
		v, err := c.Compare(tc.a, tc.b, tc.req)
		if err != nil || v.Comparable != tc.comparable || v.Grid != tc.grid || !strings.Contains(v.Reason, tc.reason) {
			t.Errorf("%s: %+v, %v; want comparable %v on %s, reason with %q", tc.name, v, err, tc.comparable, tc.grid, tc.reason)
		}
	}
	// A user's file (a report) beside the dataset's aggregates.
	mine, err := c.SplitRecord("commune:93048", 2023, Request{})
	if err != nil {
		t.Fatal(err)
	}
	mine.Detail = ""
	if v, err := c.Compare(Side{Report: &mine}, Side{Key: "commune:56046", Year: 2024}, Request{}); err != nil || v.Comparable {
		t.Errorf("a file beside aggregates: %+v, %v", v, err)
	}
	if v, err := c.Compare(Side{Report: &mine}, Side{Key: "commune:93048", Year: 2021}, Request{}); err != nil || !v.Comparable || v.Grid != "native" {
		t.Errorf("a file beside an M14 CA: %+v, %v", v, err)
	}
	// Crach's accounts are split by nature (no function codes).
	if v, err := c.Compare(Side{Report: &mine}, Side{Key: "commune:56046", Year: 2021}, Request{}); err != nil || v.Comparable || !strings.Contains(v.Reason, "par nature") {
		t.Errorf("a file beside Crach's CA 2021 (by nature): %+v, %v", v, err)
	}

	// The duel: years of the same method.
	for _, tc := range []struct {
		a, b       string
		asked      int
		year, with int
		err        string
	}{
		// Crach's accounts are by nature: only its 2024 aggregates pair.
		{"commune:93048", "commune:56046", 0, 2024, 2024, ""},
		{"commune:93048", "commune:56046", 2021, 2024, 2024, ""},
		{"commune:93048", "departement:56", 2024, 2021, 2021, ""}, // 2024 does not pair: aggregates of two kinds
		{"commune:56046", "departement:56", 2021, 0, 0, "pas de chiffres faits de la même façon"},
		// A game of one authority: the latest detailed year by function.
		{"commune:93048", "", 0, 2023, 0, ""},
		{"commune:93048", "", 2024, 2024, 0, ""},
		{"commune:56046", "", 2022, 2024, 0, ""}, // its BP 2022 is by nature
		{"departement:56", "", 0, 2021, 0, ""},
	} {
		p, err := c.PairYears(tc.a, tc.b, tc.asked, Request{Grid: "six"})
		if tc.err != "" {
			if err == nil || !strings.Contains(Message(err), tc.err) {
				t.Errorf("duel %s/%s: %+v, %v; want an error with %q", tc.a, tc.b, p, err, tc.err)
			}
			continue
		}
		if err != nil || p.Year != tc.year || p.OtherYear != tc.with || !p.Verdict.Comparable {
			t.Errorf("duel %s/%s asked %d: %+v, %v; want %d and %d", tc.a, tc.b, tc.asked, p, err, tc.year, tc.with)
		}
	}

	// Peers: the bundled peers are of the 2024 first-digit aggregates;
	// Montreuil's CA 2023 gets none and is told where they are.
	r, err := c.SplitRecord("commune:93048", 2023, Request{})
	if err != nil {
		t.Fatal(err)
	}
	if n := peerCount(r); n != 0 || r.PeersNote == nil || r.PeersNote.Year != 2024 || !strings.Contains(r.PeersNote.Text, "autre méthode") {
		t.Errorf("Montreuil 2023: %d peers, note %+v", n, r.PeersNote)
	}
	for _, grid := range []string{"native", "six"} {
		r, err := c.SplitRecord("commune:93048", 2024, Request{Grid: grid})
		if err != nil || peerCount(r) == 0 || r.PeersNote != nil {
			t.Errorf("Montreuil 2024 %s: %d peers, note %+v, %v", grid, peerCount(r), r.PeersNote, err)
		}
	}
	// The Morbihan's OFGL figures get the départements' six-group peers.
	if r, err := c.SplitRecord("departement:56", 2024, Request{Grid: "six"}); err != nil || peerCount(r) == 0 {
		t.Errorf("Morbihan 2024: %d peers, %v", peerCount(r), err)
	}
}

func peerCount(r report.Report) int {
	n := 0
	for _, p := range r.Parts {
		n += len(p.Peers)
	}
	return n
}

// Where the dataset has peers of detailed accounts (a national build), a
// detailed year gets them on the common grid and on the six groups (whose
// peers are detailed since the group has common-grid ones), never the
// aggregated ones; on its native grid it is told to use the common grid.
func TestPeersOnDetailedYears(t *testing.T) {
	commonArea, _ := nomen.CommonGrid().AreaOf("M57", "020")
	sixArea, _ := nomen.SixGroups().AreaOf("M57", "020")
	group := "commune:10000-19999"
	peer := func(year int, grid, area string) dataset.Peer {
		return dataset.Peer{Year: year, Grid: grid, Group: group, Area: area, Section: 'A', N: 40, ShareQ1: 10000, ShareMedian: 15000, ShareQ3: 20000}
	}
	peers := []dataset.Peer{
		peer(2023, "common", commonArea.Code), peer(2023, "six", sixArea.Code),
		peer(2024, "six", sixArea.Code), peer(2024, "native", "0"), // first-digit aggregates
	}
	c := synthetic(t, peers, detailed(2023, "M57", lines("0")...), aggregated(2024))
	for _, tc := range []struct {
		year  int
		req   Request
		peers int
		year2 int // the peers' year
		note  string
	}{
		{2023, Request{Grid: "common"}, 1, 2023, ""},
		{2023, Request{Grid: "six"}, 1, 2023, ""},
		{2023, Request{}, 0, 0, "grille commune"},
		{2023, Request{Grid: "common", Section: "F"}, 0, 0, "règles par défaut"},
		{2024, Request{Grid: "six"}, 1, 2024, ""},
		{2024, Request{}, 1, 2024, ""},
	} {
		r, err := c.SplitRecord("commune:99001", tc.year, tc.req)
		if err != nil {
			t.Fatal(err)
		}
		note := ""
		if r.PeersNote != nil {
			note = r.PeersNote.Text
		}
		got, year := peerCount(r), 0
		for _, p := range r.Parts {
			for _, pe := range p.Peers {
				year = pe.Year
			}
		}
		if got != tc.peers || year != tc.year2 || !strings.Contains(note, tc.note) || (tc.note == "") != (note == "") {
			t.Errorf("%d %+v: %d peers of %d, note %q; want %d of %d, note with %q", tc.year, tc.req, got, year, note, tc.peers, tc.year2, tc.note)
		}
	}
}
