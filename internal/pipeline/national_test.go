package pipeline

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/jeu1000/jeu1000/internal/budget"
	"github.com/jeu1000/jeu1000/internal/calc"
	"github.com/jeu1000/jeu1000/internal/dataset"
	"github.com/jeu1000/jeu1000/internal/figures"
	"github.com/jeu1000/jeu1000/internal/reader"
	"github.com/jeu1000/jeu1000/internal/sharedtest"
	"github.com/jeu1000/jeu1000/internal/territory"
)

// realBuilder is a builder over the real territory reference.
func realBuilder(t testing.TB) *Builder {
	t.Helper()
	set, err := LoadTerritory(npmDir(t), sharedtest.Path(t, "population"))
	if err != nil {
		t.Fatal(err)
	}
	c, err := calc.New()
	if err != nil {
		t.Fatal(err)
	}
	b, err := NewBuilder(set, c, Options{TempDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := b.Close(); err != nil {
			t.Error(err)
		}
	})
	return b
}

// nationalDoc is a budget of the national balance (a few lines, M57 by
// default) of an authority as the national stream names it.
func nationalDoc(a budget.Authority, year int, budgetLabel string) *budget.Document {
	doc := &budget.Document{
		Source: "BalanceSPL_test.csv", Format: budget.FormatBalanceCSV, Authority: a,
		Budget: budgetLabel, Nomenclature: budget.Nomenclature{Norm: "M57"}, Year: year, Kind: budget.KindBalance,
	}
	for i, l := range []struct {
		nature, function string
		amount           budget.Amount
	}{
		{"6042", "020", 1_000_000_00},
		{"6411", "212", 3_000_000_00},
		{"6574", "311", 500_000_00},
		{"2313", "822", 2_000_000_00},
	} {
		line := budget.Line{Nature: l.nature, Function: l.function, Direction: budget.Expense, Operation: budget.Real, Pos: i + 2}
		line.SetAmount(budget.MtReal, l.amount)
		doc.Lines = append(doc.Lines, line)
	}
	return doc
}

// TestNationalKinds feeds a national-like budget of every CATEG and of the
// special cases through AddDocument on the real reference: each lands on
// its one authority (with its record's document and note), syndicates and
// EPL are unknown authorities, annexes are counted, not stored.
func TestNationalKinds(t *testing.T) {
	b := realBuilder(t)
	const principal = "budget principal"
	for _, tc := range []struct {
		name     string
		auth     budget.Authority
		year     int
		key      string // "" for ErrUnknownAuthority
		document string
		note     string
	}{
		{"commune", budget.Authority{Name: "MONTREUIL", INSEE: "93048", SIREN: "219300480", Type: "Commune"}, 2019, "commune:93048", "BAL", ""},
		{"GFP (métropole, nature METRO)", budget.Authority{Name: "BORDEAUX METROPOLE", SIREN: "243300316", Type: "GFP"}, 2019, "epci:243300316", "BAL", ""},
		{"GFP (communauté de communes)", budget.Authority{Name: "CC FAUCIGNY GLIERES", SIREN: "200000172", Type: "GFP"}, 2019, "epci:200000172", "BAL", ""},
		{"EPT", budget.Authority{Name: "EST ENSEMBLE", SIREN: "200057875", Type: "EPT"}, 2019, "ept:200057875", "BAL", ""},
		{"Métropole de Lyon (ML)", budget.Authority{Name: "METROPOLE DE LYON", SIREN: "200046977", Type: "ML"}, 2019, "epci:200046977", "BAL", ""},
		{"Métropole de Lyon (ML) without SIREN", budget.Authority{Name: "METROPOLE DE LYON", Type: "ML"}, 2020, "epci:200046977", "BAL", ""},
		{"département", budget.Authority{Name: "DEPARTEMENT DU MORBIHAN", INSEE: "56", SIREN: "225600014", Type: "DEPT"}, 2019, "departement:56", "BAL", ""},
		{"Rhône", budget.Authority{Name: "DEPARTEMENT DU RHONE", INSEE: "69", Type: "DEPT"}, 2019, "departement:69", "BAL", ""},
		{"région", budget.Authority{Name: "REGION BRETAGNE", INSEE: "53", Type: "REG"}, 2019, "region:53", "BAL", ""},
		{"Corse (CTU, SIREN)", budget.Authority{Name: "COLLECTIVITE DE CORSE", SIREN: "200076958", Type: "CTU"}, 2019, "region:94", "BAL", ""},
		{"Guyane (CTU, SIREN)", budget.Authority{Name: "COLLECTIVITE TERRITORIALE DE GUYANE", SIREN: "200052678", Type: "CTU"}, 2019, "region:03", "BAL", ""},
		{"Martinique (CTU, name)", budget.Authority{Name: "COLLECTIVITE TERRITORIALE DE MARTINIQUE", Type: "CTU"}, 2019, "region:02", "BAL", ""},
		{"Mayotte (DEPT)", budget.Authority{Name: "DEPARTEMENT DE MAYOTTE", INSEE: "976", SIREN: "229850003", Type: "DEPT"}, 2019, "departement:976", "BAL", ""},
		{"Mayotte (CTU)", budget.Authority{Name: "DEPARTEMENT DE MAYOTTE", SIREN: "229850003", Type: "CTU"}, 2020, "departement:976", "BAL", ""},
		{"Bas-Rhin before the CEA", budget.Authority{Name: "DEPARTEMENT DU BAS RHIN", INSEE: "67", SIREN: "226700011", Type: "DEPT"}, 2020, "departement:67", "BAL", ""},
		{"CEA with the Bas-Rhin's code", budget.Authority{Name: "COLLECTIVITE EUROPEENNE D ALSACE", INSEE: "67", SIREN: "226700011", Type: "DEPT"}, 2021, "departement:67A", "BAL", ""},
		{"CEA by SIREN", budget.Authority{Name: "COLLECTIVITE EUROPEENNE D ALSACE", SIREN: "200094332", Type: "DEPT"}, 2022, "departement:67A", "BAL", ""},
		{"Ville de Paris (PARIS)", budget.Authority{Name: "VILLE DE PARIS", INSEE: "75056", SIREN: "217500016", Type: "PARIS"}, 2019, "commune:75056", "BAL", ""},
		{"commune de Paris before 2019", budget.Authority{Name: "PARIS", INSEE: "75056", SIREN: "217500016", Type: "Commune"}, 2018, "commune:75056", "BAL", "commune de Paris 2018 seule"},
		{"département de Paris before 2019", budget.Authority{Name: "DEPARTEMENT DE PARIS", INSEE: "75", Type: "DEPT"}, 2018, "commune:75056", DocumentParisDepartement, "Budget du département de Paris 2018"},
		{"syndicate", budget.Authority{Name: "SIVOM", SIREN: "200000000", Type: "SYND"}, 2019, "", "", ""},
		{"EPL", budget.Authority{Name: "CCAS", SIREN: "266900013", Type: "EPL"}, 2019, "", "", ""},
	} {
		err := b.AddDocument(nationalDoc(tc.auth, tc.year, principal), Source{Path: "BalanceSPL_test.csv", Publisher: "DGFiP"})
		if tc.key == "" {
			if !errors.Is(err, ErrUnknownAuthority) {
				t.Errorf("%s: AddDocument = %v, want ErrUnknownAuthority", tc.name, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if !hasRecord(b, tc.key, tc.year, tc.document) {
			t.Errorf("%s: no record %s %d %s", tc.name, tc.key, tc.year, tc.document)
		}
		if _, ok := b.Authority(tc.key); !ok {
			t.Errorf("%s: %s not in the index", tc.name, tc.key)
		}
	}
	// The notes of Paris's two budgets of 2018 say which is which.
	recs := spooledRecords(t, b)
	notes := map[string]string{}
	for _, r := range recs {
		if r.Authority == "commune:75056" && r.Year == 2018 {
			notes[r.Document] = r.Provenance.Note
		}
	}
	if !strings.Contains(notes["BAL"], "commune de Paris 2018 seule") || !strings.Contains(notes[DocumentParisDepartement], "jamais additionné") {
		t.Errorf("Paris 2018 notes: %q", notes)
	}
	// Only one Paris in the index, with records of 2018 and 2019.
	if _, ok := b.Authority("departement:75"); ok {
		t.Error("département 75 in the index")
	}
	if years := b.auths["commune:75056"].sortedYears(); len(years) != 2 {
		t.Errorf("Paris years %v", years)
	}

	// Annexes: not stored, counted by label in the summary.
	for _, label := range []string{"budget annexe", "budget annexe", "budget rattaché"} {
		err := b.AddDocument(nationalDoc(budget.Authority{INSEE: "93048", Type: "Commune"}, 2019, label), Source{Path: "BalanceSPL_test.csv"})
		if !errors.Is(err, ErrNotStored) {
			t.Errorf("%s: %v, want ErrNotStored", label, err)
		}
	}
	if got := b.Annexes(); got["budget annexe"] != 2 || got["budget rattaché"] != 1 {
		t.Errorf("annexes counted %v", got)
	}
	if n := strings.Count(strings.Join(b.skipped, "\n"), "budgets annexes et rattachés non stockés"); n != 1 {
		t.Errorf("summary: %d annex lines in %q", n, b.skipped)
	}
}

// TestNationalRealSamples feeds the two real national-layout balance
// samples: each lands on its commune, with the INSEE population and its
// source in the note.
func TestNationalRealSamples(t *testing.T) {
	b := realBuilder(t)
	for file, key := range map[string]string{
		"bordeaux-33063-2019.json":    "commune:33063",
		"montpellier-34172-2019.json": "commune:34172",
	} {
		path := sharedtest.Path(t, "balances", file)
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := reader.Read(filepath.Base(path), data, reader.Options{})
		if err != nil {
			t.Fatal(err)
		}
		got, err := b.Resolve(doc.Authority)
		if err != nil || got != key {
			t.Errorf("%s (CATEG %q, SIREN %s, INSEE %s): Resolve = %q, %v; want %s", file, doc.Authority.Type, doc.Authority.SIREN, doc.Authority.INSEE, got, err, key)
		}
		if err := b.AddDocument(doc, Source{Path: "balances/" + file, Publisher: "DGFiP"}); err != nil {
			t.Fatal(err)
		}
	}
	for _, r := range spooledRecords(t, b) {
		if !strings.Contains(r.Provenance.Note, "INSEE, populations légales 2021") || r.Population <= 0 {
			t.Errorf("%s %d: population %d, note %q", r.Authority, r.Year, r.Population, r.Provenance.Note)
		}
	}
}

// spooledRecords reads back every record spooled (by authority).
func spooledRecords(t *testing.T, b *Builder) []dataset.Record {
	t.Helper()
	var recs []dataset.Record
	for _, k := range b.spool.keys() {
		r, err := b.spool.load(k)
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, r...)
	}
	return recs
}

// TestNationalPeers: a national-like set of detailed balances gives the
// common-grid peers of a commune's population band and of the EPCI for a
// detailed year; the Ville de Paris (commune and département) is not among
// them.
func TestNationalPeers(t *testing.T) {
	b := realBuilder(t)
	const band = "10000-19999"
	communes, epcis := 0, 0
	for _, a := range b.set.All() {
		var auth budget.Authority
		switch {
		case a.Kind == territory.Commune && territory.StrateOf(a.Population).Code == band && communes < 12:
			auth = budget.Authority{Name: a.Name, INSEE: a.Code, Type: "Commune"}
			communes++
		case a.Kind == territory.EPCI && a.Nature == "CA" && epcis < 6:
			auth = budget.Authority{Name: a.Name, SIREN: a.SIREN, Type: "GFP"}
			epcis++
		default:
			continue
		}
		doc := nationalDoc(auth, 2024, "budget principal")
		doc.Lines[0].SetAmount(budget.MtReal, budget.Amount(1_000_000_00*(communes+epcis)))
		if err := b.AddDocument(doc, Source{Path: "BalanceSPL_test.csv", Publisher: "DGFiP"}); err != nil {
			t.Fatal(err)
		}
	}
	paris := nationalDoc(budget.Authority{Name: "VILLE DE PARIS", INSEE: "75056", Type: "PARIS"}, 2024, "budget principal")
	if err := b.AddDocument(paris, Source{Path: "BalanceSPL_test.csv"}); err != nil {
		t.Fatal(err)
	}
	n := map[string]int{}
	for _, p := range mustPeers(t, b.samples) {
		if p.Year == 2024 && p.Grid == GridCommon {
			n[p.Group] = max(n[p.Group], p.N)
			if !(p.ShareQ1 <= p.ShareMedian && p.ShareMedian <= p.ShareQ3) {
				t.Errorf("quartiles out of order: %+v", p)
			}
		}
	}
	epciBands := 0
	for g, k := range n {
		if strings.HasPrefix(g, "epci:") {
			epciBands += k
		}
	}
	if n["commune:"+band] != 12 || n["commune"] != 12 || n["epci"] != 6 || epciBands > 6 {
		t.Errorf("common-grid peers 2024 by group: %v; want 12 communes of %s (Paris left out), 6 EPCI", n, band)
	}
}

// TestSampleMemory measures what the peer samples of one detailed record
// keep in memory (the Bordeaux 2019 balance: six-group and common grids),
// and keeps it small: a national build has one such record per authority
// with function codes and year.
func TestSampleMemory(t *testing.T) {
	b := testBuilder(t)
	data, err := os.ReadFile(sharedtest.Path(t, "balances", "bordeaux-33063-2019.json"))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := reader.Read("bordeaux-33063-2019.json", data, reader.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rec, err := figures.Record(b.calc, doc, "commune:93048", 250_000, dataset.Provenance{})
	if err != nil {
		t.Fatal(err)
	}
	a := b.auths["commune:93048"].auth
	grids, err := b.sampleGrids(&rec, &a)
	if err != nil || len(grids) != 2 {
		t.Fatalf("grids %v, %v", grids, err)
	}
	const n = 20_000
	ss := &sampleSet{}
	var m0, m1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m0)
	for i := range n {
		if err := ss.addSamples(&rec, &a, grids); err != nil {
			t.Fatal(err)
		}
		rec.Authority = "commune:" + strconv.Itoa(10000+i) // a new authority each time
	}
	runtime.GC()
	runtime.ReadMemStats(&m1)
	perRecord := float64(m1.HeapAlloc-m0.HeapAlloc) / n
	t.Logf("%d areas (six) + %d (common): %.0f bytes per detailed record (authority keys included); 500,000 records: %.0f MB",
		len(grids[0].areas), len(grids[1].areas), perRecord, perRecord*500_000/1e6)
	if perRecord > 600 {
		t.Errorf("%.0f bytes of samples per record, want at most 600", perRecord)
	}
	runtime.KeepAlive(ss)
}

// TestAlsaceAdded: over a reference without the CEA, its first budget adds
// it to the index, with the population of the Bas-Rhin and the Haut-Rhin.
func TestAlsaceAdded(t *testing.T) {
	b := testBuilder(t)
	if _, ok := b.Authority("departement:67A"); ok {
		t.Fatal("the test set lists the CEA")
	}
	doc := nationalDoc(budget.Authority{Name: "COLLECTIVITE EUROPEENNE D ALSACE", INSEE: "67", Type: "DEPT"}, 2021, "budget principal")
	if err := b.AddDocument(doc, Source{Path: "BalanceSPL_test.csv"}); err != nil {
		t.Fatal(err)
	}
	a, ok := b.Authority("departement:67A")
	if !ok || a.Population != 1500 || a.Name != territory.NameAlsace || !strings.HasPrefix(b.auths["departement:67A"].popSource, "somme des populations des communes du Bas-Rhin et du Haut-Rhin") {
		t.Errorf("CEA %+v (%q), %v", a, b.auths["departement:67A"].popSource, ok)
	}
	doc.Year = 2020
	if err := b.AddDocument(doc, Source{Path: "BalanceSPL_test.csv"}); err != nil {
		t.Fatal(err)
	}
	if !hasRecord(b, "departement:67", 2020, "BAL") {
		t.Error("a 2020 budget of département 67 is the Bas-Rhin's")
	}
}
