package nomen

import (
	"strings"
	"testing"

	"github.com/jeu1000/jeu1000/internal/nomen/gridtab"
)

func TestGridAreas(t *testing.T) {
	common := []string{"ADM", "SEC", "ENS", "CUL", "SPO", "SOC", "FAM", "LOG", "AME", "TRA", "ECO", "NV"}
	six := []string{"G0", "G1", "G2", "G3", "G4", "G5", "NV"}
	for _, tt := range []struct {
		g    *Grid
		want []string
	}{{CommonGrid(), common}, {SixGroups(), six}} {
		var got []string
		for _, a := range tt.g.Areas() {
			got = append(got, a.Code)
			if a.Label == "" {
				t.Errorf("%s: area %s has no label", tt.g.Name(), a.Code)
			}
		}
		if strings.Join(got, " ") != strings.Join(tt.want, " ") {
			t.Errorf("%s areas %v, want %v", tt.g.Name(), got, tt.want)
		}
		if tt.g.Name() == "" {
			t.Error("grid without a name")
		}
	}
	if CommonGrid() != CommonGrid() {
		t.Error("CommonGrid built twice")
	}
	a := CommonGrid().Areas()
	a[0].Label = "changed"
	if CommonGrid().Areas()[0].Label == "changed" {
		t.Error("Areas exposes the grid's own slice")
	}
}

func TestAreaOf(t *testing.T) {
	tests := []struct {
		norm, code  string
		common, six string // "" = not found
	}{
		{"M14", "212", "ENS", "G2"},
		{"M14", "0", "ADM", "G0"}, // first digit only: 01 cannot be told apart
		{"M14", "01", "NV", "NV"},
		{"M14", "020", "ADM", "G0"},
		{"M14", "03", "SEC", "G0"},
		{"M14", "252", "TRA", "G2"},
		{"M14", "251", "ENS", "G2"},
		{"M14", "411", "SPO", "G3"},
		{"M14", "422", "SPO", "G3"},
		{"M14", "522", "FAM", "G4"},
		{"M14", "523", "SOC", "G4"},
		{"M14", "5231", "SOC", "G4"}, // CCAS variant
		{"M14", "61", "SOC", "G4"},
		{"M14", "64", "FAM", "G4"},
		{"M14", "72", "LOG", "G5"},
		{"M14", "811", "AME", "G5"},
		{"M14", "815", "TRA", "G5"},
		{"M14", "822", "TRA", "G5"},
		{"M14", "8221", "TRA", "G5"}, // deeper than the tree
		{"M14", "823", "AME", "G5"},
		{"M14", "95", "ECO", "G5"},
		{"M57", "4221", "FAM", "G4"},
		{"M57", "4213", "FAM", "G4"},
		{"M57", "423", "SOC", "G4"},
		{"M57", "44", "SOC", "G4"},
		{"M57", "33", "SPO", "G3"},
		{"M57", "32", "SPO", "G3"},
		{"M57", "311", "CUL", "G3"},
		{"M57", "553", "LOG", "G5"},
		{"M57", "51", "AME", "G5"},
		{"M57", "633", "ECO", "G5"},
		{"M57", "73", "AME", "G5"},
		{"M57", "845", "TRA", "G5"},
		{"M57", "81", "TRA", "G5"},
		{"M57", "01", "NV", "NV"},
		{"M57", "9", "NV", "NV"},
		{"M57_A", "212", "ENS", "G2"},
		{"m57-M57_D", "212", "ENS", "G2"},
		{"M52", "621", "TRA", "G5"},
		{"M52", "61", "AME", "G5"},
		{"M52", "72", "LOG", "G5"},
		{"M52", "51", "FAM", "G4"},
		{"M52", "567", "SOC", "G4"},
		{"M52", "41", "FAM", "G4"},
		{"M52", "93", "ECO", "G5"}, // voted by nature: 9x is développement économique
		{"M71", "11", "ENS", "G2"},
		{"M71", "03", "SEC", "G1"},
		{"M71", "62", "ADM", "G0"},
		{"M71", "54", "LOG", "G5"},
		{"M71", "814", "TRA", "G5"},
		{"M4", "212", "", ""},
		{"", "212", "", ""},
		{"M14", "", "", ""},
		{"M14", "X", "", ""},
	}
	for _, tt := range tests {
		for _, g := range []struct {
			grid *Grid
			want string
		}{{CommonGrid(), tt.common}, {SixGroups(), tt.six}} {
			a, ok := g.grid.AreaOf(tt.norm, tt.code)
			if ok != (g.want != "") || a.Code != g.want {
				t.Errorf("%s AreaOf(%q, %q) = %q, %v; want %q", g.grid.Name(), tt.norm, tt.code, a.Code, ok, g.want)
			}
		}
	}
}

// sixByDigit is the six-group mapping by first digit that the measurement
// supports (and the M71 decision); 01 is NV everywhere.
var sixByDigit = map[string]string{
	"M14": "G0 G1 G2 G3 G3 G4 G4 G5 G5 G5",
	"M52": "G0 G1 G2 G3 G4 G4 G5 G5 G5 G5",
	"M57": "G0 G1 G2 G3 G4 G5 G5 G5 G5 NV",
	"M71": "G0 G2 G2 G3 G4 G5 G0 G5 G5 G5",
}

// TestGridCoversEveryCode checks, over every function code of every
// embedded plan, that both grids give exactly one area, that the six groups
// follow the first digit (01 → NV; M71 03 → G1), and that no row of grid.tsv
// names a prefix that no plan knows.
func TestGridCoversEveryCode(t *testing.T) {
	c := catalog(t)
	used := map[string]bool{}
	codes := 0
	for _, pi := range c.Plans() {
		for _, y := range pi.Years {
			p := plan(t, pi.Norm, pi.Variant, y)
			for _, f := range p.Functions() {
				codes++
				for n := 1; n <= len(f.Code); n++ {
					used[pi.Norm+" "+f.Code[:n]] = true
				}
				for _, g := range []*Grid{CommonGrid(), SixGroups()} {
					if _, ok := g.AreaOf(pi.Norm, f.Code); !ok {
						t.Errorf("%s %s %d: %s %q has no area in %s", pi.Norm, pi.Variant, y, f.Code, f.Label, g.Name())
					}
				}
				digits, ok := sixByDigit[pi.Norm]
				if !ok {
					t.Errorf("%s has functions but no expected six-group mapping", pi.Norm)
					continue
				}
				want := strings.Fields(digits)[f.Code[0]-'0']
				switch {
				case strings.HasPrefix(f.Code, "01"):
					want = "NV"
				case pi.Norm == "M71" && strings.HasPrefix(f.Code, "03"):
					want = "G1"
				}
				if a, _ := SixGroups().AreaOf(pi.Norm, f.Code); a.Code != want {
					t.Errorf("%s %d: %s is in %s, want %s", pi.Norm, y, f.Code, a.Code, want)
				}
			}
		}
	}
	if codes < 2000 {
		t.Errorf("only %d function codes checked", codes)
	}
	tab, err := gridtab.Parse(gridTSV)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range tab.Rules {
		if !used[r.Norm+" "+r.Prefix] {
			t.Errorf("grid.tsv:%d: no %s plan has a function %s", r.Line, r.Norm, r.Prefix)
		}
	}
}
