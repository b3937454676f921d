package report

import (
	"strings"
	"testing"

	"github.com/jeu1000/jeu1000/internal/budget"
)

func TestNatureReason(t *testing.T) {
	for _, tc := range []struct {
		name  string
		n     budget.Nomenclature
		annex bool
		want  []string // substrings
	}{
		{"lotissement of a commune under 3,500", budget.Nomenclature{Norm: "M14", Variant: "M14_COM_500_3500"}, true,
			[]string{"ce budget annexe", "M14-M14_COM_500_3500", "moins de 3 500 habitants"}},
		{"small commune, budget principal", budget.Nomenclature{Norm: "M14", Variant: "M14_COM_INF500"}, false,
			[]string{"ce document", "moins de 3 500 habitants"}},
		{"M57 abrégée", budget.Nomenclature{Norm: "M57", Variant: "M57_A"}, false,
			[]string{"M57-M57_A", "moins de 3 500 habitants"}},
		{"transport annex in M43", budget.Nomenclature{Norm: "M4", Variant: "M43_D"}, true,
			[]string{"ce budget annexe", "M4-M43_D", "services publics industriels et commerciaux"}},
		{"M14 annex of a large commune without functions", budget.Nomenclature{Norm: "M14", Variant: "M14_COM_SUP3500"}, true,
			[]string{"ce budget annexe ne donne aucun code fonction"}},
		{"unknown nomenclature", budget.Nomenclature{}, false,
			[]string{"ce document ne donne aucun code fonction"}},
	} {
		got := NatureReason(tc.n, tc.annex)
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: NatureReason = %q, want it to contain %q", tc.name, got, w)
			}
		}
		if strings.Contains(got, "3 500") != strings.Contains(strings.Join(tc.want, " "), "3 500") {
			t.Errorf("%s: NatureReason = %q: the 3,500-inhabitant reason where it does not hold", tc.name, got)
		}
	}
}
