package pipeline

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/jeu1000/jeu1000/internal/budget"
	"github.com/jeu1000/jeu1000/internal/calc"
	"github.com/jeu1000/jeu1000/internal/dataset"
	"github.com/jeu1000/jeu1000/internal/figures"
	"github.com/jeu1000/jeu1000/internal/nomen"
	"github.com/jeu1000/jeu1000/internal/reader"
	"github.com/jeu1000/jeu1000/internal/sharedtest"
	"github.com/jeu1000/jeu1000/internal/territory"
)

func TestQuartiles(t *testing.T) {
	for _, tc := range []struct {
		in          []int64
		q1, med, q3 int64
	}{
		// One value: every quartile is it.
		{[]int64{7}, 7, 7, 7},
		// h = 0.25, 0.5, 0.75 between 1 and 2: 1.25 → 1, 1.5 → 2 (half away from zero), 1.75 → 2.
		{[]int64{2, 1}, 1, 2, 2},
		// h = 0.75, 1.5, 2.25: 1.75 → 2, 2.5 → 3, 3.25 → 3.
		{[]int64{4, 3, 2, 1}, 2, 3, 3},
		// n − 1 divisible by 4: order statistics exactly.
		{[]int64{50, 10, 40, 20, 30}, 20, 30, 40},
		// Ties and zeros (an area some peers do not spend on).
		{[]int64{0, 0, 0, 100, 100000}, 0, 0, 100},
		// Negative values round away from zero: −2.5 → −3, −1.5 → −2.
		{[]int64{-3, -1}, -3, -2, -2},
		// Interpolation in cents: h = 1.5 between 101 and 102 → 101.5 → 102.
		{[]int64{100, 101, 102, 103}, 101, 102, 102},
		// Large amounts stay exact.
		{[]int64{1e15, 1e15 + 3}, 1e15 + 1, 1e15 + 2, 1e15 + 2},
	} {
		q1, med, q3 := Quartiles(slices.Clone(tc.in))
		if q1 != tc.q1 || med != tc.med || q3 != tc.q3 {
			t.Errorf("Quartiles(%v) = %d, %d, %d; want %d, %d, %d", tc.in, q1, med, q3, tc.q1, tc.med, tc.q3)
		}
	}
}

func TestRoundDiv(t *testing.T) {
	for _, tc := range []struct{ a, b, want int64 }{
		{5, 2, 3}, {4, 2, 2}, {-5, 2, -3}, {1, 3, 0}, {2, 3, 1}, {0, 7, 0}, {149, 100, 1}, {150, 100, 2},
	} {
		if got := roundDiv(tc.a, tc.b); got != tc.want {
			t.Errorf("roundDiv(%d, %d) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestResolve(t *testing.T) {
	b := testBuilder(t)
	for _, tc := range []struct {
		name string
		auth budget.Authority
		want string // "" for ErrUnknownAuthority
	}{
		{"INSEE code", budget.Authority{INSEE: "93048", Type: "VILLE"}, "commune:93048"},
		{"SIREN of a commune", budget.Authority{SIREN: "219300480"}, "commune:93048"},
		{"SIREN without INSEE (Grenoble)", budget.Authority{SIREN: "213801855", Type: "Communes"}, "commune:38185"},
		{"commune SIREN pattern, unknown SIREN", budget.Authority{SIREN: "215600461"}, "commune:56046"},
		{"Corsican commune", budget.Authority{SIREN: "212000046"}, "commune:2A004"},
		{"SIREN pattern, number + 0", budget.Authority{SIREN: "218720209"}, "commune:87202"},
		{"SIREN pattern, overseas", budget.Authority{SIREN: "219740214"}, "commune:97421"},
		{"SIREN pattern onto a commune with another SIREN", budget.Authority{SIREN: "218702005"}, ""},
		{"overseas commune", budget.Authority{INSEE: "97302", Type: "Commune"}, "commune:97302"},
		{"département SIREN (Morbihan)", budget.Authority{SIREN: "225600014"}, "departement:56"},
		{"overseas département SIREN", budget.Authority{SIREN: "229710017"}, "departement:971"},
		{"département code", budget.Authority{INSEE: "56", Type: "DEPT"}, "departement:56"},
		{"GFP", budget.Authority{SIREN: "200046977", INSEE: "69123", Type: "GFP"}, "epci:200046977"},
		{"Métropole de Lyon (ML)", budget.Authority{SIREN: "200046977", Type: "ML"}, "epci:200046977"},
		{"EPT", budget.Authority{SIREN: "200057875", Type: "EPT"}, "ept:200057875"},
		{"région by CREGI", budget.Authority{INSEE: "53", Type: "REG"}, "region:53"},
		{"région without code", budget.Authority{SIREN: "233500016", Type: "REG"}, ""},
		{"syndicate", budget.Authority{SIREN: "200000000", Type: "SYND"}, ""},
		{"unknown commune", budget.Authority{INSEE: "99999"}, ""},
		{"type and code disagree", budget.Authority{SIREN: "219300480", Type: "GFP"}, ""},
		{"INSEE and SIREN name two authorities", budget.Authority{INSEE: "38185", SIREN: "219300480"}, ""},
		{"nothing", budget.Authority{Name: "?"}, ""},
	} {
		got, err := b.Resolve(tc.auth)
		switch {
		case tc.want == "" && !errors.Is(err, ErrUnknownAuthority):
			t.Errorf("%s: Resolve = %q, %v; want ErrUnknownAuthority", tc.name, got, err)
		case tc.want != "" && (err != nil || got != tc.want):
			t.Errorf("%s: Resolve = %q, %v; want %q", tc.name, got, err, tc.want)
		}
	}
}

func TestCommuneINSEE(t *testing.T) {
	for in, want := range map[string]string{
		"93048": "93048", "2A004": "2A004", "02A004": "2A004", "02B033": "2B033", "093048": "93048",
		"101101": "97101", "102302": "97302", "103209": "97209", "104404": "97404", "106604": "97604",
	} {
		if got := communeINSEE(in); got != want {
			t.Errorf("communeINSEE(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestKindsAgree(t *testing.T) {
	for _, k := range territory.Kinds() {
		if kindOf(k).String() != k.String() {
			t.Errorf("territory kind %s is dataset kind %s", k, kindOf(k))
		}
	}
}

func TestStorable(t *testing.T) {
	for _, tc := range []struct {
		doc budget.Document
		ok  bool
	}{
		{budget.Document{Kind: budget.KindCA, Budget: "BUDGET PRINCIPAL"}, true},
		{budget.Document{Kind: budget.KindBalance, Budget: "budget principal"}, true},
		{budget.Document{Kind: budget.KindBP}, true},
		{budget.Document{Kind: budget.KindDM}, false},
		{budget.Document{Kind: budget.KindBS}, false},
		{budget.Document{Kind: budget.KindBalance, Budget: "budget annexe"}, false},
		{budget.Document{Kind: budget.KindBalance, Budget: "budget rattaché"}, false},
		{budget.Document{}, false},
	} {
		err := storable(&tc.doc)
		if tc.ok != (err == nil) || err != nil && !errors.Is(err, ErrNotStored) {
			t.Errorf("storable(%s %q) = %v", tc.doc.Kind, tc.doc.Budget, err)
		}
	}
}

// aggregated is a small aggregated record.
func aggregated(key string, year int, amounts ...int64) dataset.Record {
	r := dataset.Record{Authority: key, Year: year, Document: AggregateDocument, Detail: dataset.Aggregated, Population: 1000, Provenance: dataset.Provenance{Document: "test"}}
	for i, a := range amounts {
		r.Items = append(r.Items, dataset.Item{Code: fmt.Sprint(i), Section: SectionAll, Amount: a})
	}
	return r
}

func TestAddRecordErrors(t *testing.T) {
	b := testBuilder(t)
	if err := b.AddRecord(aggregated("commune:93048", 2024, 100, 200)); err != nil {
		t.Fatal(err)
	}
	if err := b.AddRecord(aggregated("commune:93048", 2024, 1)); !errors.Is(err, ErrDuplicate) {
		t.Errorf("second record of the same year and document: %v, want ErrDuplicate", err)
	}
	if err := b.AddRecord(aggregated("commune:99999", 2024, 1)); !errors.Is(err, ErrUnknownAuthority) {
		t.Errorf("unknown authority: %v, want ErrUnknownAuthority", err)
	}
	if err := b.AddDocument(&budget.Document{Kind: budget.KindDM}, Source{Path: "dm.xml"}); !errors.Is(err, ErrNotStored) {
		t.Errorf("DM: %v, want ErrNotStored", err)
	}
}

// TestWriteSmall builds a dataset from a few records: one pack, the index
// refers to it, a rebuild gives the same bytes and
// removes stale shards.
func TestWriteSmall(t *testing.T) {
	build := func(dir string) *Summary {
		b := testBuilder(t)
		for _, r := range []dataset.Record{
			aggregated("commune:93048", 2024, 100, 200),
			aggregated("commune:93048", 2023, 100, 200),
			aggregated("ept:200057875", 2024, 5),
			aggregated("departement:56", 2024, 1, 2, 3),
			aggregated("commune:56046", 2024, 7),
		} {
			if err := b.AddRecord(r); err != nil {
				t.Fatal(err)
			}
		}
		sum, err := b.Write(dir)
		if err != nil {
			t.Fatal(err)
		}
		return sum
	}
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "shard-01.bin.gz"), "stale")
	writeFile(t, filepath.Join(dir, "shard-01.bin.br"), "stale")
	writeFile(t, filepath.Join(dir, "p-commune-56046.bin.br"), "a brotli copy of a kept shard")
	writeFile(t, filepath.Join(dir, "keep.txt"), "not ours")
	sum := build(dir)
	var names []string
	for _, f := range sum.Shards {
		names = append(names, f.Name)
	}
	if want := []string{"p-commune-56046.bin.gz"}; !slices.Equal(names, want) {
		t.Errorf("shards %v, want %v", names, want)
	}
	first := dirFiles(t, dir)
	for _, n := range []string{"shard-01.bin.gz", "shard-01.bin.br"} {
		if _, err := os.Stat(filepath.Join(dir, n)); err == nil {
			t.Errorf("stale %s not removed", n)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "p-commune-56046.bin.br")); err != nil {
		t.Errorf("the brotli copy of a kept shard was removed: %v", err)
	}
	if _, kept := first["keep.txt"]; !kept {
		t.Error("a file that is not a shard was removed")
	}
	ix := readIndex(t, dir)
	shards := readShards(t, dir, ix)
	for _, a := range ix.Authorities {
		switch a.Key() {
		case "commune:93048":
			if shards[a.Shard].Name != "p-commune-56046.bin.gz" || !slices.Equal(a.Years, []int{2023, 2024}) || !slices.Equal(a.YearShards, []int{0, 0}) {
				t.Errorf("Montreuil: shard %d years %v in %v", a.Shard, a.Years, a.YearShards)
			}
		case "ept:200057875":
			if shards[a.Shard].Name != "p-commune-56046.bin.gz" {
				t.Errorf("Est Ensemble: shard %d", a.Shard)
			}
		case "commune:38185":
			if a.Shard != -1 || a.Years != nil {
				t.Errorf("Grenoble has no records: shard %d years %v", a.Shard, a.Years)
			}
		}
	}
	again := t.TempDir()
	build(again)
	for name, data := range dirFiles(t, again) {
		if string(first[name]) != string(data) {
			t.Errorf("%s: a rebuild gives other bytes", name)
		}
	}
}

func writeFile(t *testing.T, name, content string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestPacking: small authorities share packs under the limit, whole and
// in order; a large one gets shards of its own, consecutive years under
// the per-file limit, the latest year in the last.
func TestPacking(t *testing.T) {
	record := func(key string, year, items int) dataset.Record {
		r := aggregated(key, year)
		for j := range items {
			r.Items = append(r.Items, dataset.Item{Code: fmt.Sprintf("C%s-%d-%d", key, year, j), Section: 'A', Amount: int64(year*1000 + j*7919)})
		}
		return r
	}
	years := []int{2022, 2023, 2024}
	var auths []dataset.Authority
	var recs [][]dataset.Record
	for i := range 30 {
		a := dataset.Authority{Kind: dataset.KindCommune, Code: fmt.Sprintf("%05d", 1001+i)}
		auths = append(auths, a)
		var rs []dataset.Record
		for _, y := range years {
			rs = append(rs, record(a.Key(), y, 30))
		}
		recs = append(recs, rs)
	}
	large := dataset.Authority{Kind: dataset.KindCommune, Code: "75056"}
	var largeYears []int
	var largeRecs []dataset.Record
	for y := 2012; y <= 2024; y++ {
		largeYears = append(largeYears, y)
		largeRecs = append(largeRecs, record(large.Key(), y, 300))
	}
	// pack packs the authorities into dir, Paris among them, with limits
	// a few authorities or years wide.
	pack := func(dir string) *packer {
		p := newPacker(dir, &Summary{})
		alone, err := p.estimate(slices.Clone(recs[0]))
		if err != nil {
			t.Fatal(err)
		}
		year, err := p.estimate(slices.Clone(largeRecs[:1]))
		if err != nil {
			t.Fatal(err)
		}
		p.packLimit = 4 * alone
		p.fileLimit = 3*year + year/2
		for i := range auths {
			if i == 20 {
				if err := p.add(&large, largeYears, slices.Clone(largeRecs)); err != nil {
					t.Fatal(err)
				}
			}
			if err := p.add(&auths[i], years, slices.Clone(recs[i])); err != nil {
				t.Fatal(err)
			}
		}
		if err := p.flush(); err != nil {
			t.Fatal(err)
		}
		if err := p.wait(); err != nil {
			t.Fatal(err)
		}
		return p
	}
	dir := t.TempDir()
	p := pack(dir)
	// The workers compress in any order: the files, their numbers and
	// the summary must not depend on it.
	again := t.TempDir()
	q := pack(again)
	first := dirFiles(t, dir)
	if len(first) != len(p.refs) {
		t.Errorf("%d files for %d shards", len(first), len(p.refs))
	}
	for name, data := range dirFiles(t, again) {
		if string(first[name]) != string(data) {
			t.Errorf("%s: packing again gives other bytes", name)
		}
	}
	if !slices.Equal(p.refs, q.refs) || !slices.Equal(p.sum.Shards, q.sum.Shards) || !maps.EqualFunc(p.yearShards, q.yearShards, slices.Equal) {
		t.Error("packing again gives another layout")
	}
	shardOf := func(key string, y int) int {
		pairs := p.yearShards[key]
		for i := 0; i < len(pairs); i += 2 {
			if pairs[i] == y {
				return pairs[i+1]
			}
		}
		t.Fatalf("%s %d: no shard", key, y)
		return -1
	}
	prev := -1
	for i, a := range auths {
		s := shardOf(a.Key(), 2024)
		for _, y := range years {
			if shardOf(a.Key(), y) != s {
				t.Errorf("%s: years in several shards", a.Key())
			}
		}
		if s < prev {
			t.Errorf("%s: shard %d after %d: out of order", a.Key(), s, prev)
		}
		if i == 0 && p.refs[s].Name != "p-commune-01001.bin.gz" {
			t.Errorf("first pack %s", p.refs[s].Name)
		}
		prev = s
	}
	for _, f := range p.sum.Shards {
		if strings.HasPrefix(f.Name, "p-") && f.Gzip > int64(p.packLimit) {
			t.Errorf("pack %s: %d bytes, limit %d", f.Name, f.Gzip, p.packLimit)
		}
		if strings.HasPrefix(f.Name, "a-") && f.Gzip > int64(p.fileLimit) {
			t.Errorf("%s: %d bytes, limit %d", f.Name, f.Gzip, p.fileLimit)
		}
	}
	if n := len(p.refs); n < 5+2 || n > 5+15 {
		t.Errorf("%d shards", n)
	}
	var groups []string
	last := -1
	for _, y := range largeYears {
		s := shardOf(large.Key(), y)
		if s != last {
			groups = append(groups, p.refs[s].Name)
			if last >= 0 && s != last+1 {
				t.Errorf("Paris %d: shard %d after %d", y, s, last)
			}
			last = s
		}
	}
	if want := []string{"a-commune-75056-2012.bin.gz", "a-commune-75056-2015.bin.gz", "a-commune-75056-2018.bin.gz",
		"a-commune-75056-2021.bin.gz", "a-commune-75056-2024.bin.gz"}; !slices.Equal(groups, want) {
		t.Errorf("Paris's shards %v, want %v", groups, want)
	}
}

// TestPackLatestYears: a large authority's latest detailed year and the
// aggregated years after it get a shard of their own, however much room
// the group of its older years has left: what its page fetches first.
func TestPackLatestYears(t *testing.T) {
	a := dataset.Authority{Kind: dataset.KindCommune, Code: "93048"}
	cases := []struct {
		name     string
		detailed func(year int) bool
		want     []string
	}{
		{"detailed, then aggregated", func(y int) bool { return y < 2024 },
			[]string{"a-commune-93048-2016.bin.gz", "a-commune-93048-2023.bin.gz"}},
		{"all detailed", func(int) bool { return true },
			[]string{"a-commune-93048-2016.bin.gz", "a-commune-93048-2024.bin.gz"}},
		{"all aggregated", func(int) bool { return false },
			[]string{"a-commune-93048-2016.bin.gz", "a-commune-93048-2024.bin.gz"}},
		{"only the first detailed", func(y int) bool { return y == 2016 },
			[]string{"a-commune-93048-2016.bin.gz"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var years []int
			var recs []dataset.Record
			for y := 2016; y <= 2024; y++ {
				r := aggregated(a.Key(), y, int64(y), int64(2*y))
				if c.detailed(y) {
					r.Detail, r.Document = dataset.Detailed, "CA"
				}
				years, recs = append(years, y), append(recs, r)
			}
			p := newPacker(t.TempDir(), &Summary{})
			p.packLimit, p.fileLimit = 1, 1<<30 // a large authority, whose years all fit one file
			if err := p.add(&a, years, recs); err != nil {
				t.Fatal(err)
			}
			if err := p.wait(); err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range p.refs {
				got = append(got, r.Name)
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("shards %v, want %v", got, c.want)
			}
		})
	}
}

// TestDepartementRecord: an absent group stays absent (never a zero); a
// zero the file gives is kept and flagged.
func TestDepartementRecord(t *testing.T) {
	var d departementGroups
	if err := json.Unmarshal([]byte(`{"nom":"X","ptot":1000,"fonctions":{
		"colleges_education":{"share":0.5,"eur_hab":100.5},
		"routes_transport_voirie_dep":{"share":0,"eur_hab":0.0}}}`), &d); err != nil {
		t.Fatal(err)
	}
	r, err := departementRecord("departement:56", 2024, d)
	if err != nil {
		t.Fatal(err)
	}
	want := []dataset.Item{{Code: "G2", Section: 'A', Amount: 10050 * 1000}, {Code: "G5", Section: 'A', Amount: 0}}
	if !slices.Equal(r.Items, want) {
		t.Errorf("items %v, want %v", r.Items, want)
	}
	if !strings.Contains(r.Provenance.Note, "Le fichier donne 0 pour : routes, transports et voirie") {
		t.Errorf("note %q does not flag the zero", r.Provenance.Note)
	}
	d.Fonctions["inconnu"] = d.Fonctions["colleges_education"]
	if _, err := departementRecord("departement:56", 2024, d); err == nil {
		t.Error("an unknown group must be an error, not dropped")
	}
}

// TestDigitItems: digits in order; a digit the file does not give is absent.
func TestDigitItems(t *testing.T) {
	var c communeDigits
	if err := json.Unmarshal([]byte(`{"libelle":"X","fonctions":{
		"f2_enseignement":{"montant":12.5},"f0_services_generaux":{"montant":3.0},"f9_action_eco":{"montant":0.0}}}`), &c); err != nil {
		t.Fatal(err)
	}
	got, err := digitItems(c)
	if err != nil {
		t.Fatal(err)
	}
	want := []dataset.Item{{Code: "0", Section: 'A', Amount: 300}, {Code: "2", Section: 'A', Amount: 1250}, {Code: "9", Section: 'A', Amount: 0}}
	if !slices.Equal(got, want) {
		t.Errorf("items %v, want %v", got, want)
	}
}

// TestAggregatedGrids: digits give native and six (M57 meanings, 9 → NV as
// the grid says); six-group codes give six only.
func TestAggregatedGrids(t *testing.T) {
	digits := aggregated("commune:93048", 2024, 10, 1, 2, 3, 4, 5, 6, 7, 8, 9).Items
	g := aggregatedGrids(digits)
	if len(g) != 2 || g[0].grid != GridNative || g[1].grid != GridSix {
		t.Fatalf("grids %+v", g)
	}
	six := map[string]int64{}
	for i, a := range g[1].areas {
		six[a] = g[1].amounts[i]
	}
	want := map[string]int64{"G0": 10, "G1": 1, "G2": 2, "G3": 3, "G4": 4, "G5": 5 + 6 + 7 + 8, "NV": 9}
	if fmt.Sprint(six) != fmt.Sprint(want) {
		t.Errorf("six %v, want %v", six, want)
	}
	groups := []dataset.Item{{Code: "G0", Section: 'A', Amount: 1}, {Code: "G4", Section: 'A', Amount: 2}}
	if g := aggregatedGrids(groups); len(g) != 1 || g[0].grid != GridSix {
		t.Errorf("six-group items: grids %+v", g)
	}
	if g := aggregatedGrids([]dataset.Item{{Code: "0", Section: 'F', Amount: 1}}); g != nil {
		t.Errorf("items of one section only: grids %+v", g)
	}
}

// TestPeersFromSamples: N counts the authorities that give an area; an
// area all zero gets no peer; groups below MinPeers get none; detailed
// samples win over aggregated ones when there are enough.
func TestPeersFromSamples(t *testing.T) {
	ss := &sampleSet{}
	add := func(auth string, detail dataset.Detail, amounts map[string]int64) {
		g := gridAmounts{grid: GridSix}
		for _, a := range slices.Sorted(maps.Keys(amounts)) {
			g.add(a, amounts[a])
		}
		if err := ss.add(auth, 2024, detail, 0, dataset.KindCommune, 0, &g, 100); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 6 {
		m := map[string]int64{"G0": int64(100 * (i + 1)), "G1": 100, "NV": 0}
		if i < 4 {
			m["G2"] = 50 // given by four authorities only
		}
		add(fmt.Sprintf("commune:%d", i), dataset.Aggregated, m)
	}
	peers := mustPeers(t, ss)
	byArea := map[string]dataset.Peer{}
	for _, p := range peers {
		byArea[p.Area] = p
	}
	if _, ok := byArea["G2"]; ok {
		t.Error("G2 is given by 4 authorities (< MinPeers): no peer expected")
	}
	if _, ok := byArea["NV"]; ok {
		t.Error("NV is zero everywhere: no peer expected")
	}
	g1 := byArea["G1"]
	if g1.N != 6 || g1.PerInhMedian != 1 { // 100 cents for 100 inhabitants
		t.Errorf("G1 peer %+v", g1)
	}
	for i := range 5 {
		add(fmt.Sprintf("commune:%d", i), dataset.Detailed, map[string]int64{"G0": 1, "G1": 1})
	}
	for _, p := range mustPeers(t, ss) {
		if p.N != 5 || p.ShareMedian != 50000 {
			t.Errorf("with 5 detailed samples, peers come from them: %+v", p)
		}
	}
}

// TestSharedDocumentsCoverage: every file under documents/, balances/ and
// departement-csv/ is either a shared document or excluded with a reason, not both.
func TestSharedDocumentsCoverage(t *testing.T) {
	shared := sharedtest.Dir(t)
	included := map[string]bool{}
	for _, d := range SharedDocuments() {
		included[d.Path] = true
	}
	found := map[string]bool{}
	for _, top := range []string{"documents", "balances", "departement-csv"} {
		err := filepath.WalkDir(filepath.Join(shared, top), func(p string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() {
				return err
			}
			rel, err := filepath.Rel(shared, p)
			if err != nil {
				return err
			}
			rel = filepath.ToSlash(rel)
			found[rel] = true
			reason := exclusionOf(rel)
			switch {
			case included[rel] && reason != "":
				t.Errorf("%s: both included and excluded (%s)", rel, reason)
			case !included[rel] && reason == "":
				t.Errorf("%s: neither included nor excluded: decide", rel)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	for p := range included {
		if !found[p] {
			t.Errorf("%s: listed but missing", p)
		}
	}
}

// exclusionOf returns the reason a shared file is left out, or "".
func exclusionOf(rel string) string {
	for _, e := range Exclusions() {
		if strings.HasPrefix(rel, e.Prefix) {
			return e.Reason
		}
	}
	return ""
}

// TestDetailedGrids: the peer samples of a detailed record give, for each
// grid, the parts calc.Split gives with that grid.
func TestDetailedGrids(t *testing.T) {
	b := testBuilder(t)
	for _, f := range []string{"documents/montreuil-93048/CA_2023.xml", "documents/montpellier-34172/CA_2018.xml", "balances/bordeaux-33063-2019.json"} {
		data, err := os.ReadFile(sharedtest.Path(t, filepath.FromSlash(f)))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := reader.Read(path.Base(f), data, reader.Options{})
		if err != nil {
			t.Fatal(err)
		}
		rec, err := figures.Record(b.calc, doc, "commune:93048", 1000, dataset.Provenance{})
		if err != nil {
			t.Fatal(err)
		}
		grids, err := b.detailedGrids(&rec)
		if err != nil || len(grids) != 2 {
			t.Fatalf("%s: %d grids, %v", f, len(grids), err)
		}
		back, err := figures.Document(&rec, budget.Authority{})
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range grids {
			grid := nomen.SixGroups()
			if g.grid == GridCommon {
				grid = nomen.CommonGrid()
			}
			s, err := b.calc.Split(back, calc.Options{Grid: grid})
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]int64{}
			for _, p := range s.Parts {
				want[p.Code] = int64(p.Amount)
			}
			got := map[string]int64{}
			for i, a := range g.areas {
				got[a] = g.amounts[i]
			}
			if !maps.Equal(got, want) {
				t.Errorf("%s, grid %s: %v, split gives %v", f, g.grid, got, want)
			}
		}
	}
}

// TestMeasureViews: the latest year's shard, and every distinct shard of
// an authority's years, summed; nearest-rank percentiles.
func TestMeasureViews(t *testing.T) {
	ix := &dataset.Index{
		Shards: make([]dataset.ShardRef, 4),
		Authorities: []dataset.Authority{
			{Kind: dataset.KindCommune, Code: "1", Years: []int{2023, 2024}, YearShards: []int{0, 0}, Shard: 0},
			{Kind: dataset.KindCommune, Code: "2", Shard: -1},
			{Kind: dataset.KindCommune, Code: "3", Years: []int{2022, 2023, 2024}, YearShards: []int{1, 1, 2}, Shard: 2},
			{Kind: dataset.KindCommune, Code: "4", Years: []int{2024}, YearShards: []int{3}, Shard: 3},
		},
	}
	v := MeasureViews(ix, []int64{100, 1000, 10, 500})
	want := Views{
		Latest: Distribution{Count: 3, P50: 100, P90: 500, P99: 500, Max: 500, Worst: "commune:4"},
		All:    Distribution{Count: 3, P50: 500, P90: 1010, P99: 1010, Max: 1010, Worst: "commune:3"},
	}
	if v != want {
		t.Errorf("MeasureViews = %+v, want %+v", v, want)
	}
	if v := MeasureViews(&dataset.Index{}, nil); v != (Views{}) {
		t.Errorf("no authority: %+v", v)
	}
}
