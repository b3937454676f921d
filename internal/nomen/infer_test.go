package nomen

import (
	"encoding/csv"
	"errors"
	"os"
	"regexp"
	"testing"

	"github.com/jeu1000/jeu1000/internal/sharedtest"
)

// scdlCodes reads the natures and functions of an SCDL budget file.
func scdlCodes(t *testing.T, path string) (natures, functions []string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	for _, r := range rows[1:] {
		natures = append(natures, r[col["BGT_NATURE"]])
		functions = append(functions, r[col["BGT_FONCTION"]])
	}
	return natures, functions
}

var (
	totemNature   = regexp.MustCompile(`<Nature V="([^"]*)"`)
	totemFunction = regexp.MustCompile(`<Fonction V="([^"]*)"`)
)

// totemCodes reads the natures and functions of the budget lines of a
// TOTEM file (codes are ASCII whatever the encoding).
func totemCodes(t *testing.T, path string) (natures, functions []string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range totemNature.FindAllSubmatch(b, -1) {
		natures = append(natures, string(m[1]))
	}
	for _, m := range totemFunction.FindAllSubmatch(b, -1) {
		functions = append(functions, string(m[1]))
	}
	if len(natures) < 100 {
		t.Fatalf("%s: only %d natures", path, len(natures))
	}
	return natures, functions
}

func TestInferRealDocuments(t *testing.T) {
	tests := []struct {
		name   string
		year   int
		scdl   bool
		path   []string
		want   string
		noFunc bool // ignore the function codes
	}{
		// A département on M57 in 2021, not M52: its function codes (4211,
		// 4213, 441…) only exist in M57.
		{"morbihan", 2021, true, []string{"documents", "morbihan-56", "CA_2021.scdl.csv"}, "M57-M57", false},
		{"montreuil 2019", 2019, false, []string{"documents", "montreuil-93048", "CA_2019.xml"}, "M14-M14_COM_SUP3500", false},
		{"montreuil 2023", 2023, false, []string{"documents", "montreuil-93048", "CA_2023.xml"}, "M14-M14_COM_SUP3500", false},
		{"grenoble", 2018, false, []string{"documents", "grenoble-38185", "CA_2018.xml"}, "M14-M14_COM_SUP3500", false},
		// Voted by function: chapter-prefixed codes (93020, 90822).
		{"montpellier", 2018, false, []string{"documents", "montpellier-34172", "CA_2018.xml"}, "M57-M57", false},
		// No function codes: natures alone.
		{"crach", 2021, false, []string{"documents", "crach-56046", "CA_2021.xml"}, "M14-M14_COM_SUP3500", true},
	}
	c := catalog(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := sharedtest.Path(t, append([]string{}, tt.path...)...)
			var natures, functions []string
			if tt.scdl {
				natures, functions = scdlCodes(t, path)
			} else {
				natures, functions = totemCodes(t, path)
			}
			if tt.noFunc {
				functions = nil
			}
			got, err := c.Infer(tt.year, natures, functions)
			if err != nil {
				t.Fatal(err)
			}
			if got.String() != tt.want {
				t.Errorf("Infer = %s, want %s", got, tt.want)
			}
			if p, err := c.Plan(got, tt.year); err != nil || p.Nomenclature() != got {
				t.Errorf("Plan(Infer()) = %v, %v; want the inferred plan", p.Nomenclature(), err)
			}
		})
	}
}

func TestInferTies(t *testing.T) {
	c := catalog(t)
	common := []string{"6042", "60611", "6411", "2031"} // known to M14, M57 and others alike
	tests := []struct {
		year      int
		natures   []string
		functions []string
		want      string
	}{
		{2025, common, nil, "M57-M57_D"},
		{2024, common, nil, "M57-M57_D"},
		{2021, common, nil, "M14-M14_COM_SUP3500"},
		{2021, common, []string{"212", "020"}, "M14-M14_COM_SUP3500"},
		{2021, common, []string{"4221", "93020"}, "M57-M57"},                 // 4221 is M57 only
		{2019, []string{"6042"}, []string{"0201", "621"}, "M52-M52"},         // 0201 is M52 (and M71) only
		{2021, nil, []string{"111", "813", "0201"}, "M71-M71"},               // M71 formation professionnelle
		{2024, []string{"6042", "", " "}, []string{""}, "M57-M57_D"},         // blanks ignored
		{2021, []string{"6042", "6042", "6042"}, nil, "M14-M14_COM_SUP3500"}, // duplicates count once
	}
	for _, tt := range tests {
		got, err := c.Infer(tt.year, tt.natures, tt.functions)
		if err != nil || got.String() != tt.want {
			t.Errorf("Infer(%d, %v, %v) = %s, %v; want %s", tt.year, tt.natures, tt.functions, got, err, tt.want)
		}
	}
	for _, in := range [][2][]string{{nil, nil}, {{""}, nil}, {{"ZZZ"}, {"QQ"}}} {
		if _, err := c.Infer(2021, in[0], in[1]); !errors.Is(err, ErrUnknownNomenclature) {
			t.Errorf("Infer(%v) error = %v, want ErrUnknownNomenclature", in, err)
		}
	}
}
