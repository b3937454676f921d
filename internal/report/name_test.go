package report

import (
	"strings"
	"testing"
)

// Name gives each part the words of the labels table by what its codes
// are: functions, chapters (a split by nature, accounts below them) or the
// areas of a grid.
func TestName(t *testing.T) {
	for _, tt := range []struct {
		name              string
		r                 Report
		plain, note       []string // of the parts, in order
		childPlain        string   // of the first part's first child
		nomenclatureLabel string
	}{{
		name: "native M14",
		r: Report{Nomenclature: "M14", Variant: "M14_COM_SUP3500", Method: "function", Grid: "native", Parts: []Part{
			{Code: "0", Label: "Services généraux des administrations publiques locales", Children: []Part{{Code: "02", Label: "Administration générale"}}},
			{Code: "01", Label: "Opérations non ventilables"},
			{Code: "3", Label: "Culture"}}},
		plain:             []string{"Administration générale", "Dette, reversements et non ventilé", ""},
		note:              []string{"", "intérêts", ""},
		nomenclatureLabel: "M14 (communes de plus de 3 500 habitants)",
	}, {
		name: "six groups",
		r: Report{Nomenclature: "M57", Method: "function", Grid: "six", Parts: []Part{
			{Code: "G0", Label: "Services généraux", Children: []Part{{Code: "02", Label: "Administration générale"}}},
			{Code: "NV", Label: "Dette, reversements et non ventilé"}}},
		plain:             []string{"", ""},
		note:              []string{"", "intérêts"},
		nomenclatureLabel: "M57 (toutes collectivités, généralisée en 2024)",
	}, {
		name: "by nature",
		r: Report{Nomenclature: "M57", Variant: "M57_A", Method: "nature", Grid: "native", Parts: []Part{
			{Code: "012", Label: "Charges de personnel et frais assimilés", Children: []Part{{Code: "0", Label: "Compte 0"}}}}},
		plain:             []string{"Personnel"},
		note:              []string{""},
		childPlain:        "",
		nomenclatureLabel: "M57 abrégée (collectivités de moins de 3 500 habitants)",
	}} {
		Name(&tt.r)
		if tt.r.NomenclatureLabel != tt.nomenclatureLabel {
			t.Errorf("%s: nomenclature %q, want %q", tt.name, tt.r.NomenclatureLabel, tt.nomenclatureLabel)
		}
		for i, p := range tt.r.Parts {
			if p.Plain != tt.plain[i] {
				t.Errorf("%s: part %s plain %q, want %q", tt.name, p.Code, p.Plain, tt.plain[i])
			}
			if (tt.note[i] == "") != (p.Note == "") || tt.note[i] != "" && !strings.Contains(p.Note, tt.note[i]) {
				t.Errorf("%s: part %s note %q, want one with %q", tt.name, p.Code, p.Note, tt.note[i])
			}
		}
		if c := tt.r.Parts[0].Children; len(c) > 0 && c[0].Plain != tt.childPlain {
			t.Errorf("%s: child %s plain %q, want %q", tt.name, c[0].Code, c[0].Plain, tt.childPlain)
		}
	}
}
