package national

import (
	"bytes"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/jeu1000/jeu1000/internal/budget"
	"github.com/jeu1000/jeu1000/internal/calc"
	"github.com/jeu1000/jeu1000/internal/pipeline"
	"github.com/jeu1000/jeu1000/internal/sharedtest"
	"github.com/jeu1000/jeu1000/internal/territory"
)

func TestStyleOf(t *testing.T) {
	for _, tc := range []struct {
		year                            int
		backtick, shortDept, upperSiren bool
		funcSep                         byte
		header                          string
	}{
		{2012, true, true, false, '.', ";siren;"},
		{2013, true, true, false, '.', ";siren;"},
		{2014, true, true, false, '-', ";siren;"},
		{2015, true, true, false, '-', ";siren;"},
		{2016, false, true, false, 0, ";siren;"},
		{2017, false, false, false, 0, ";siren;"},
		{2019, false, false, false, 0, ";siren;"},
		{2020, false, false, true, 0, ";SIREN;"},
		{2024, false, false, true, 0, ";SIREN;"},
	} {
		s := styleOf(tc.year)
		if s.backtick != tc.backtick || s.shortDept != tc.shortDept || s.upperSiren != tc.upperSiren || s.funcSep != tc.funcSep {
			t.Errorf("%d: %+v", tc.year, s)
		}
		if !strings.Contains(s.header(), tc.header) {
			t.Errorf("%d: header %q", tc.year, s.header())
		}
	}
}

func TestSIRENPatterns(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{communeSIREN("93048"), "219300480"}, // Montreuil's real SIREN
		{communeSIREN("97421"), "219740214"}, // Salazie's
		{communeSIREN("2A004")[:8], "21200004"},
		{departementSIREN("56")[:8], "22560001"},
		{departementSIREN("971")[:8], "22971000"},
		{ndeptOf("33"), "033"},
		{ndeptOf("2A"), "02A"},
		{ndeptOf("974"), "104"},
		{FileName(2024), "BalanceSPL_Fonction_2024_Dec2025.csv"},
		{string(appendCents(nil, -123456)), "-1234,56"},
		{string(appendCents(nil, 5)), "0,05"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

// roster loads the territory set and the merged communes once.
var rosterOnce = sync.OnceValues(func() (*rosterFixture, error) {
	set, err := pipeline.LoadTerritory(npmTestDir, filepath.Join(sharedDir, "population"))
	if err != nil {
		return nil, err
	}
	merged, err := ReadMergedCommunes(npmTestDir)
	if err != nil {
		return nil, err
	}
	return &rosterFixture{set: set, roster: NewRoster(set, merged), merged: merged}, nil
})

type rosterFixture struct {
	set    *territory.Set
	roster *Roster
	merged []Delegated
}

var (
	npmTestDir string // sharedtest.NPM, set by fixture
	sharedDir  string
)

func fixture(t *testing.T) (*rosterFixture, []*Template) {
	t.Helper()
	sharedDir = sharedtest.Dir(t)
	npmTestDir = sharedtest.NPM(t)
	fx, err := rosterOnce()
	if err != nil {
		t.Fatal(err)
	}
	tpls, err := LoadTemplates(filepath.Join(sharedDir, "balances"))
	if err != nil {
		t.Fatal(err)
	}
	return fx, tpls
}

// TestRoster checks the bodies of the roster against the index: every
// authority files some year, with the changes of 2012–2024.
func TestRoster(t *testing.T) {
	fx, _ := fixture(t)
	byKey := map[string][]*body{}
	for _, b := range fx.roster.bodies {
		if b.key != "" {
			byKey[b.key] = append(byKey[b.key], b)
		}
	}
	for _, a := range fx.set.All() {
		key := a.Kind.String() + ":" + a.Code
		if len(byKey[key]) == 0 && key != "region:06" {
			t.Errorf("%s (%s) has no body", key, a.Name)
		}
	}
	for _, tc := range []struct {
		key   string
		year  int
		in    bool
		categ string
		nomen string
	}{
		{"commune:75056", 2018, true, "PARIS", "M14"},
		{"commune:75056", 2019, true, "PARIS", "M57"},
		{"commune:75056", 2018, true, "DEPT", "M52"}, // the département de Paris, under the Ville de Paris
		{"departement:75", 2019, false, "DEPT", ""},
		{"departement:67", 2021, false, "DEPT", ""},
		{"departement:67A", 2020, false, "DEPT", ""},
		{"departement:67A", 2021, true, "DEPT", "M57"},
		{"departement:2A", 2017, true, "DEPT", "M52"},
		{"departement:2A", 2018, false, "DEPT", ""},
		{"region:94", 2017, true, "REG", "M71"},
		{"region:94", 2018, true, "CTU", "M57"},
		{"region:02", 2016, true, "CTU", "M57"},
		{"region:84", 2015, false, "REG", ""},
		{"region:84", 2016, true, "REG", "M71"},
		{"epci:200046977", 2014, false, "ML", ""},
		{"epci:200046977", 2015, true, "ML", "M57"},
		{"ept:200057875", 2016, true, "EPT", ""},
		{"commune:93048", 2012, true, "Commune", "M14"},
		{"commune:93048", 2024, true, "Commune", "M57"},
	} {
		var found *body
		for _, b := range byKey[tc.key] {
			if b.in(tc.year) && (found == nil || b.categ == tc.categ) {
				found = b
			}
		}
		switch {
		case (found != nil) != tc.in:
			t.Errorf("%s in %d: %v, want %v", tc.key, tc.year, found != nil, tc.in)
		case found != nil && (found.categ != tc.categ || tc.nomen != "" && found.nomen(tc.year) != tc.nomen):
			t.Errorf("%s in %d: %s %s, want %s %s", tc.key, tc.year, found.categ, found.nomen(tc.year), tc.categ, tc.nomen)
		}
	}
	// Communes move to M57 over the years, most in 2024.
	moved := map[int]int{}
	for _, b := range fx.roster.bodies {
		if b.categ == "Commune" && b.key != "" {
			moved[b.m57]++
		}
	}
	if moved[2024] < moved[2023] || moved[2021] == 0 || moved[2023] == 0 {
		t.Errorf("communes by year of M57: %v", moved)
	}
	if len(fx.merged) < 1000 {
		t.Errorf("%d merged communes", len(fx.merged))
	}
}

// TestGenerateYear checks a small file of three years: deterministic, the
// quirks of its year, every CATEG, and that every budget principal of a
// kept category resolves to its authority of the index (the former
// communes of a merge, the old régions: not in the index).
func TestGenerateYear(t *testing.T) {
	fx, tpls := fixture(t)
	c, err := calc.New()
	if err != nil {
		t.Fatal(err)
	}
	b, err := pipeline.NewBuilder(fx.set, c, pipeline.Options{TempDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	for _, tc := range []struct {
		year   int
		quirks []string // substrings of the file
		absent []string
		nomens []string
		header string
		ghosts bool
	}{
		{2013, []string{";`", ";93;", ";104;", ";0.20;"}, nil, []string{";M14;", ";M52;", ";M71;"}, ";siren;", true},
		{2015, []string{";0-20;", ";`", ";93;"}, nil, []string{";M14;"}, ";siren;", true},
		{2019, []string{";093;", ";PARIS;", ";CTU;"}, []string{";`", ";0.20;", ";0-20;", ";93;"}, []string{";M14;", ";M57;"}, ";siren;", true},
		{2024, []string{";093;", ";PARIS;", ";CTU;", ";EPT;", ";ML;"}, []string{";`", ";M14;", ";M52;", ";M71;", ";93;"}, []string{";M57;"}, ";SIREN;", false},
	} {
		keys := map[string]string{}
		opt := YearOptions{Year: tc.year, Rows: 40_000, Seed: 3, Trace: func(ident, key string) { keys[ident] = key }}
		var buf bytes.Buffer
		st, err := GenerateYear(&buf, fx.roster, tpls, opt)
		if err != nil {
			t.Fatal(err)
		}
		data := buf.Bytes()
		opt.Trace = nil
		var again bytes.Buffer
		if _, err := GenerateYear(&again, fx.roster, tpls, opt); err != nil || !bytes.Equal(again.Bytes(), data) {
			t.Fatalf("%d: same seed, different output (%v)", tc.year, err)
		}
		if st.Bytes != int64(len(data)) || st.Rows != int64(bytes.Count(data, []byte("\n"))-1) || st.Rows < 40_000 || st.Rows > 60_000 {
			t.Errorf("%d: stats %+v for %d bytes", tc.year, st, len(data))
		}
		head, _, _ := bytes.Cut(data, []byte("\n"))
		if !strings.Contains(string(head), tc.header) {
			t.Errorf("%d: header %s", tc.year, head)
		}
		for _, q := range append(tc.quirks, tc.nomens...) {
			if !bytes.Contains(data, []byte(q)) {
				t.Errorf("%d: no %q in the file", tc.year, q)
			}
		}
		for _, q := range tc.absent {
			if bytes.Contains(data, []byte(q)) {
				t.Errorf("%d: %q in the file", tc.year, q)
			}
		}
		for _, categ := range []string{"Commune", "GFP", "DEPT", "REG", "SYND", "EPL"} {
			if st.ByCategory[categ] == 0 {
				t.Errorf("%d: no %s budget: %v", tc.year, categ, st.ByCategory)
			}
		}
		if st.Annexes == 0 || (st.Merged > 0) != tc.ghosts {
			t.Errorf("%d: %d annexes, %d merged communes", tc.year, st.Annexes, st.Merged)
		}

		// Every budget principal kept resolves to the body's authority.
		var ss Stats
		docs := 0
		err = Stream("gen.csv", bytes.NewReader(data), Options{Stats: &ss}, func(d *budget.Document) error {
			docs++
			want, ok := keys[d.Authority.SIRET]
			if !ok {
				t.Errorf("%d: document %s (%s) not traced", tc.year, d.Authority.SIRET, d.Authority.Name)
				return nil
			}
			got, err := b.Resolve(d.Authority)
			switch {
			case want == "" && !errors.Is(err, pipeline.ErrUnknownAuthority):
				t.Errorf("%d: %s (%s): resolved to %q, %v; want not in the index", tc.year, d.Authority.Name, d.Authority.SIRET, got, err)
			case want != "" && got != want:
				t.Errorf("%d: %s (%s, %s): resolved to %q, %v; want %s", tc.year, d.Authority.Name, d.Authority.Type, d.Authority.SIRET, got, err, want)
			}
			if d.Year != tc.year {
				t.Errorf("%d: document of %d", tc.year, d.Year)
			}
			return nil
		})
		if err != nil {
			t.Fatalf("%d: %v", tc.year, err)
		}
		if docs < 100 || ss.SkippedRows == 0 || ss.Rows != st.Rows {
			t.Errorf("%d: %d documents, stream stats %+v", tc.year, docs, ss)
		}
	}
}

// TestGenerateYearSmall checks that a file of the national size keeps
// every body, and a small one the anchors.
func TestGenerateYearSmall(t *testing.T) {
	fx, tpls := fixture(t)
	keys := map[string]bool{}
	st, err := GenerateYear(&bytes.Buffer{}, fx.roster, tpls, YearOptions{Year: 2024, Rows: 3000, Seed: 1,
		Trace: func(_, key string) { keys[key] = true }})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range Anchors {
		if !keys[a] {
			t.Errorf("anchor %s missing", a)
		}
	}
	if st.Rows > 20_000 || st.Nominal < 4_000_000 {
		t.Errorf("3,000 rows asked: %+v", st)
	}
}
