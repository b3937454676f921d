package nomen

import (
	"errors"
	"strings"
	"testing"

	"github.com/jeu1000/jeu1000/internal/budget"
)

func catalog(t testing.TB) *Catalog {
	t.Helper()
	c, err := Default()
	if err != nil {
		t.Fatalf("Default: %v", err)
	}
	return c
}

func plan(t testing.TB, norm, variant string, year int) *Plan {
	t.Helper()
	p, err := catalog(t).Plan(budget.Nomenclature{Norm: norm, Variant: variant}, year)
	if err != nil {
		t.Fatalf("Plan(%s %s, %d): %v", norm, variant, year, err)
	}
	return p
}

func TestDefaultIsShared(t *testing.T) {
	a, b := catalog(t), catalog(t)
	if a != b {
		t.Error("Default decoded the tables twice")
	}
	p1, p2 := plan(t, "M14", "", 2021), plan(t, "M14", "", 2021)
	if p1 != p2 {
		t.Error("the same plan was built twice")
	}
}

func TestFunctionLabels(t *testing.T) {
	tests := []struct {
		norm, variant string
		year          int
		code          string
		want          string // exact label, or a part of it when contains
		contains      bool
	}{
		{"M14", "", 2021, "212", "Ecoles primaires", false},
		{"M14", "", 2021, "01", "Opérations non ventilables", false},
		{"M57", "", 2024, "4221", "Crèches", true},
		{"M57", "M57_A", 2024, "845", "Voirie communale", false},
		{"M52", "", 2013, "221", "Collèges", false},               // UTF-8 read as Latin-1 in the file
		{"M52", "", 2019, "0", "Services généraux", false},        // accents lost (U+FFFD) in the file, restored
		{"M52", "", 2020, "545", "Évaluation des dépenses", true}, // idem, capital letter
		{"M57", "M57_D", 2024, "256", "CNFPT – Formation", true},  // Windows-1252 dash stored as a C1 control
		{"M71", "", 2021, "1", "Formation professionnelle et apprentissage", false},
		{"M14", "M14_CCAS_SUP3500", 2024, "5212", "Services (de maintien à domicile)", false},
	}
	for _, tt := range tests {
		p := plan(t, tt.norm, tt.variant, tt.year)
		f, ok := p.Function(tt.code)
		switch {
		case !ok:
			t.Errorf("%s %d: no function %s", p.Nomenclature(), p.Year(), tt.code)
		case tt.contains && !strings.Contains(f.Label, tt.want), !tt.contains && f.Label != tt.want:
			t.Errorf("%s %d: function %s label %q, want %q", p.Nomenclature(), p.Year(), tt.code, f.Label, tt.want)
		}
	}
}

func TestLabelsAreClean(t *testing.T) {
	c := catalog(t)
	bad := func(s string) bool {
		return strings.ContainsAny(s, "\uFFFDÃÂ") || strings.ContainsFunc(s, func(r rune) bool { return r < ' ' || r >= 0x80 && r < 0xA0 }) ||
			s != strings.TrimSpace(s) || strings.Contains(s, "  ")
	}
	for _, pi := range c.Plans() {
		for _, y := range pi.Years {
			p := plan(t, pi.Norm, pi.Variant, y)
			for _, f := range p.functions {
				if bad(f.Label) {
					t.Errorf("%s %d function %s: %q", p.Nomenclature(), y, f.Code, f.Label)
				}
			}
			for _, a := range p.accounts {
				if bad(a.Label) {
					t.Errorf("%s %d account %s: %q", p.Nomenclature(), y, a.Code, a.Label)
				}
			}
			for _, ch := range p.chapters {
				if bad(ch.Label) {
					t.Errorf("%s %d chapter %s: %q", p.Nomenclature(), y, ch.Code, ch.Label)
				}
			}
		}
	}
}

func TestAccountsAndSections(t *testing.T) {
	tests := []struct {
		norm     string
		year     int
		nature   string
		account  string // code of the account found ("" = none)
		chapter  string // RealChapter
		section  budget.Section
		attenuat bool
	}{
		{"M14", 2021, "6042", "6042", "011", 'F', false},
		{"M14", 2021, "604211", "6042", "011", 'F', false}, // sub-account the plan lacks
		{"M14", 2021, "2031", "2031", "20", 'I', false},
		{"M14", 2021, "1068", "1068", "10", 'I', false},
		{"M14", 2021, "73911", "73911", "014", 'F', true}, // no DR of its own: its sub-accounts agree
		{"M14", 2021, "739113", "739113", "014", 'F', true},
		{"M14", 2021, "7391179", "739117", "014", 'F', true},
		{"M14", 2021, "70389", "70389", "014", 'F', true}, // class 7 outside 739 in chapter 014
		{"M14", 2021, "7311", "7311", "", 'F', false},     // revenue: no real spending chapter
		{"M14", 2021, "021", "021", "", 'I', false},       // virement: ordre only, section of its revenue chapter
		{"M14", 2021, "023", "023", "", 'F', false},
		{"M14", 2021, "002", "002", "002", 'F', false},
		{"M14", 2021, "6811", "6811", "", 'F', false}, // ordre only (042)
		{"M14", 2021, "4541", "4541", "4541", 'I', false},
		{"M14", 2021, "99", "", "", 'I', false},
		{"M14", 2021, "", "", "", 'I', false},
		{"M57", 2024, "7398", "7398", "014", 'F', true},
		{"M57", 2024, "74869", "74869", "014", 'F', true},
		{"M57", 2021, "739112", "739112", "014", 'F', true}, // leaf without DR attribute: parent decides
		{"M57", 2024, "6574", "6574", "65", 'F', false},
		{"M52", 2019, "7491", "7491", "014", 'F', true},
		{"M71", 2024, "749", "749", "014", 'F', true},
		{"M4", 2024, "7091", "7091", "014", 'F', true},
	}
	for _, tt := range tests {
		p := plan(t, tt.norm, "", tt.year)
		a, ok := p.Account(tt.nature)
		if ok != (tt.account != "") || a.Code != tt.account {
			t.Errorf("%s %d Account(%q) = %q, %v; want %q", tt.norm, tt.year, tt.nature, a.Code, ok, tt.account)
		}
		if got := p.RealChapter(tt.nature); got != tt.chapter {
			t.Errorf("%s %d RealChapter(%q) = %q, want %q", tt.norm, tt.year, tt.nature, got, tt.chapter)
		}
		if got := p.Section(tt.nature); got != tt.section {
			t.Errorf("%s %d Section(%q) = %v, want %v", tt.norm, tt.year, tt.nature, got, tt.section)
		}
		if got := p.IsAttenuationOfProducts(tt.nature); got != tt.attenuat {
			t.Errorf("%s %d IsAttenuationOfProducts(%q) = %v, want %v", tt.norm, tt.year, tt.nature, got, tt.attenuat)
		}
	}
}

func TestChapters(t *testing.T) {
	tests := []struct {
		norm    string
		year    int
		code    string
		section budget.Section
		label   string
	}{
		{"M14", 2021, "011", 'F', "Charges à caractère général"},
		{"M14", 2021, "014", 'F', "Atténuations de produits"},
		{"M14", 2021, "20", 'I', "Immobilisations incorporelles"},
		{"M14", 2021, "922", 'F', "Enseignement - Formation"}, // function chapter, fonctionnement in M14
		{"M57", 2024, "922", 'I', ""},                         // …investissement (non ventilé) in M57
		{"M57", 2024, "930", 'F', ""},
	}
	for _, tt := range tests {
		ch, ok := plan(t, tt.norm, "", tt.year).Chapter(tt.code)
		if !ok || ch.Section != tt.section || tt.label != "" && ch.Label != tt.label {
			t.Errorf("%s %d Chapter(%s) = %+v, %v; want section %v label %q", tt.norm, tt.year, tt.code, ch, ok, tt.section, tt.label)
		}
	}
	if _, ok := plan(t, "M14", "", 2021).Chapter("999"); ok {
		t.Error("unknown chapter found")
	}
}

func TestPlanSelection(t *testing.T) {
	tests := []struct {
		norm, variant string
		year          int
		want          string // Nomenclature().String()
		wantYear      int
	}{
		{"M14", "", 2025, "M14-M14_COM_SUP3500", 2024},
		{"M14", "", 2010, "M14-M14_COM_SUP3500", 2016},
		{"M14", "", 2019, "M14-M14_COM_SUP3500", 2019},
		{"M57", "", 2019, "M57-M57", 2018}, // 2018 and 2020 tie: the earlier
		{"M57", "", 2023, "M57-M57", 2021}, // main variant is "M57" before 2024
		{"M57", "", 2025, "M57-M57_D", 2024},
		{"M52", "", 2012, "M52-M52", 2013},
		{"M52", "", 2022, "M52-M52", 2021},
		{"M52", "", 2023, "M52-M52", 2024},
		{"M57", "M57_A", 2021, "M57-M57_A", 2024},
		{"m57", "m57-m57_a", 2024, "M57-M57_A", 2024},
		{"M57", "a", 2024, "M57-M57_A", 2024},
		{"M57_A", "", 2023, "M57-M57_A", 2024}, // a variant given as the norm (TOTEM "M57_A")
		{"M57-M57_P", "", 2024, "M57-M57_P", 2024},
		{"M14", "M14-M14_COM_SUP3500", 2021, "M14-M14_COM_SUP3500", 2021},
		{"M14", "M14_COM_500_3500", 2022, "M14-M14_COM_500_3500", 2021},
		{"M14", "COM_INF500", 2024, "M14-M14_COM_INF500", 2024},
		{"M14", "NO_SUCH_VARIANT", 2021, "M14-M14_COM_SUP3500", 2021},
		{"M14", "M57_A", 2021, "M14-M14_COM_SUP3500", 2021}, // another norm's variant: the norm wins
		{"M4", "M43_D", 2022, "M4-M43_D", 2021},
		{"M4", "", 2022, "M4-M4", 2021},
		{"M43", "", 2022, "M4-M43", 2024},
		{"", "M49_A", 2024, "M4-M49_A", 2024},
		{"M71", "", 2022, "M71-M71", 2021},
		{"M61", "", 2030, "M61-M61", 2024},
		{" m52 ", "", 2016, "M52-M52", 2016},
	}
	c := catalog(t)
	for _, tt := range tests {
		p, err := c.Plan(budget.Nomenclature{Norm: tt.norm, Variant: tt.variant}, tt.year)
		if err != nil {
			t.Errorf("Plan(%q, %q, %d): %v", tt.norm, tt.variant, tt.year, err)
			continue
		}
		if got := p.Nomenclature().String(); got != tt.want || p.Year() != tt.wantYear {
			t.Errorf("Plan(%q, %q, %d) = %s %d, want %s %d", tt.norm, tt.variant, tt.year, got, p.Year(), tt.want, tt.wantYear)
		}
	}
	for _, n := range []budget.Nomenclature{{Norm: "M99"}, {}, {Norm: "M49"}, {Variant: "NOPE"}} {
		if _, err := c.Plan(n, 2021); !errors.Is(err, ErrUnknownNomenclature) {
			t.Errorf("Plan(%+v) error = %v, want ErrUnknownNomenclature", n, err)
		}
	}
}

func TestPlans(t *testing.T) {
	infos := catalog(t).Plans()
	has := map[string][]int{}
	for i, pi := range infos {
		has[pi.Norm+"-"+pi.Variant] = pi.Years
		if i > 0 {
			prev := infos[i-1]
			if prev.Norm > pi.Norm || prev.Norm == pi.Norm && prev.Variant >= pi.Variant {
				t.Errorf("Plans not sorted: %v before %v", prev, pi)
			}
		}
	}
	for key, years := range map[string][]int{
		"M14-M14_COM_SUP3500":  {2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024},
		"M52-M52":              {2013, 2014, 2015, 2016, 2017, 2018, 2019, 2020, 2021, 2024},
		"M57-M57":              {2018, 2020, 2021},
		"M57-M57_A":            {2024},
		"M57-M57_D":            {2024},
		"M57-M57_P":            {2024},
		"M71-M71":              {2021, 2024},
		"M61-M61":              {2021, 2024},
		"M4-M43_D":             {2021},
		"M14-M14_CCAS_INF3500": {2021, 2024},
	} {
		if got := has[key]; !equalInts(got, years) {
			t.Errorf("%s years %v, want %v", key, got, years)
		}
	}
	if len(infos) != 22 {
		t.Errorf("%d norm/variant pairs, want 22", len(infos))
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestFunctionAtTable checks the precomputed ancestors of FunctionAt against
// its definition (longest known prefix, then its deepest known prefix no
// longer than the level) on every function code of every plan, and on codes
// that extend them.
func TestFunctionAtTable(t *testing.T) {
	byDefinition := func(p *Plan, code string, level int) (string, bool) {
		n := len(code)
		for n > 0 {
			if _, ok := p.Function(code[:n]); ok {
				break
			}
			n--
		}
		for l := min(level, n); l > 0; l-- {
			if f, ok := p.Function(code[:l]); ok {
				return f.Code, true
			}
		}
		return "", false
	}
	for _, pi := range catalog(t).Plans() {
		for _, year := range pi.Years {
			p := plan(t, pi.Norm, pi.Variant, year)
			for _, f := range p.Functions() {
				for _, code := range []string{f.Code, f.Code + "9", f.Code + "X1"} {
					for level := 1; level <= 5; level++ {
						want, wantOK := byDefinition(p, code, level)
						if got, ok := p.FunctionAt(code, level); got.Code != want || ok != wantOK {
							t.Fatalf("%s %s %d: FunctionAt(%q, %d) = %q, %v; want %q, %v",
								pi.Norm, pi.Variant, year, code, level, got.Code, ok, want, wantOK)
						}
					}
				}
			}
		}
	}
}

func TestFunctionTree(t *testing.T) {
	p := plan(t, "M14", "", 2021)
	tests := []struct {
		code  string
		level int
		want  string
		ok    bool
	}{
		{"212", 1, "2", true},
		{"212", 2, "21", true},
		{"212", 3, "212", true},
		{"212", 9, "212", true},
		{"2129", 3, "212", true}, // unknown code: longest known prefix
		{"2129", 4, "212", true},
		{"2129", 1, "2", true},
		{"01", 1, "0", true},
		{"01", 2, "01", true},
		{"X1", 1, "", false},
		{"", 1, "", false},
		{"212", 0, "", false},
	}
	for _, tt := range tests {
		f, ok := p.FunctionAt(tt.code, tt.level)
		if ok != tt.ok || f.Code != tt.want {
			t.Errorf("FunctionAt(%q, %d) = %q, %v; want %q, %v", tt.code, tt.level, f.Code, ok, tt.want, tt.ok)
		}
	}
	if f, _ := p.FunctionAt("212", 2); f.Label != "Enseignement du premier degré" || f.Parent != "2" || f.Level != 2 {
		t.Errorf("FunctionAt(212, 2) = %+v", f)
	}
	if f, ok := plan(t, "M57", "", 2024).FunctionAt("4221", 3); !ok || f.Code != "422" || f.Label != "Petite enfance" {
		t.Errorf("M57 FunctionAt(4221, 3) = %+v, %v", f, ok)
	}
	// M57 2018 nests "05" beside "0" in the file: the tree is rebuilt from codes.
	if f, ok := plan(t, "M57", "", 2018).Function("05"); !ok || f.Parent != "0" || f.Level != 2 {
		t.Errorf("M57 2018 function 05 = %+v, %v", f, ok)
	}

	// Every tree: document order starts at a root, parents precede children,
	// the level is the code length.
	c := catalog(t)
	for _, pi := range c.Plans() {
		for _, y := range pi.Years {
			p := plan(t, pi.Norm, pi.Variant, y)
			fs := p.Functions()
			seen := map[string]bool{}
			for i, f := range fs {
				if i == 0 && f.Parent != "" {
					t.Errorf("%s %d: tree starts with %s", p.Nomenclature(), y, f.Code)
				}
				if f.Level != len(f.Code) || f.Parent != "" && (!seen[f.Parent] || !strings.HasPrefix(f.Code, f.Parent)) {
					t.Errorf("%s %d: bad node %+v", p.Nomenclature(), y, f)
				}
				seen[f.Code] = true
			}
		}
	}
	if fs := plan(t, "M14", "M14_COM_500_3500", 2021).Functions(); len(fs) != 0 {
		t.Errorf("M14 500-3500 has %d functions, want none", len(fs))
	}
	fs := p.Functions()
	fs[0].Label = "changed"
	if f, _ := p.Function(fs[0].Code); f.Label == "changed" {
		t.Error("Functions exposes the plan's own slice")
	}
}

func BenchmarkLookup(b *testing.B) {
	p := plan(b, "M14", "", 2021)
	g := CommonGrid()
	natures := []string{"6042", "60611", "6411", "739113", "2031", "21318", "2313", "1641", "66111", "604211", "6574", "7788"}
	functions := []string{"020", "212", "822", "01", "4221", "64", "8", "3"}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		n := natures[i%len(natures)]
		f := functions[i%len(functions)]
		p.Account(n)
		p.RealChapter(n)
		p.Section(n)
		p.IsAttenuationOfProducts(n)
		p.FunctionAt(f, 1)
		g.AreaOf("M14", f)
	}
}

// TestNature checks Plan.Nature against Account, a plain search of the
// longest prefix that decides and Chapter, for every account of several
// plans, a sub-account of each, codes too long to pack and unknown codes.
func TestNature(t *testing.T) {
	for _, p := range []*Plan{plan(t, "M14", "M14_COM_SUP3500", 2023), plan(t, "M57", "", 2024), plan(t, "M52", "", 2021)} {
		var codes []string
		for _, a := range p.accounts {
			codes = append(codes, a.Code, a.Code+"9", a.Code+"123456789")
		}
		codes = append(codes, "", "0", "Z", "99999999999")
		for _, code := range codes {
			got := p.Nature(code)
			var want NatureInfo
			if a, ok := p.Account(code); ok {
				want.Label = a.Label
			}
			for n := len(code); n > 0; n-- { // the longest prefix that decides
				if i, ok := p.accountAt.Get(code[:n]); ok && p.decides[i] {
					want.RealChapter = p.accounts[i].RealChapter
					break
				}
			}
			if ch, ok := p.Chapter(want.RealChapter); ok && want.RealChapter != "" {
				want.Section = ch.Section
			}
			if got != want {
				t.Errorf("%s: Nature(%q) = %+v, want %+v", p.Nomenclature(), code, got, want)
			}
		}
	}
}

func TestLookupsDoNotAllocate(t *testing.T) {
	p := plan(t, "M57", "", 2024)
	g := SixGroups()
	allocs := testing.AllocsPerRun(100, func() {
		p.Account("6042111")
		p.RealChapter("739112")
		p.Section("2031")
		p.IsAttenuationOfProducts("7398")
		p.FunctionAt("4221", 2)
		p.Function("4221")
		p.Chapter("011")
		p.Nature("6042111")
		g.AreaOf("M57", "4221")
	})
	if allocs != 0 {
		t.Errorf("lookups allocate %.0f times", allocs)
	}
}

func TestConcurrentUse(t *testing.T) {
	c := catalog(t)
	done := make(chan bool)
	for i := 0; i < 8; i++ {
		go func(i int) {
			defer func() { done <- true }()
			p, err := c.Plan(budget.Nomenclature{Norm: []string{"M14", "M57", "M52", "M71"}[i%4]}, 2016+i)
			if err != nil {
				t.Error(err)
				return
			}
			p.Section("6042")
			p.FunctionAt("212", 1)
			CommonGrid().AreaOf("M57", "212")
			if _, err := c.Infer(2021, []string{"6042"}, []string{"212"}); err != nil {
				t.Error(err)
			}
		}(i)
	}
	for i := 0; i < 8; i++ {
		<-done
	}
}
