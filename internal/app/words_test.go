package app

import (
	"strings"
	"testing"
)

func TestFunctionLabels(t *testing.T) {
	c := core(t)
	for _, tt := range []struct {
		nomenclature string
		year         int
		code         string
		plain        string
		official     string
		note         bool
	}{
		{"M14", 2023, "0", "Administration générale", "Services généraux des administrations publiques locales", false},
		{"M14-M14_COM_SUP3500", 0, "2", "Enseignement", "Enseignement - Formation", false},
		{"M57", 2024, "4", "Action sociale et santé", "Santé et action sociale", false},
		{"M57", 0, "4221", "Crèches et garderies", "Crèches et garderies", false},
		{"M57", 0, "01", "Dette, reversements et non ventilé", "Opérations non ventilables", true},
		{"M52", 2021, "6", "Routes et réseaux", "Réseaux et infrastructures", false},
		{"M57", 0, "77777", "Code fonction 77777 (absent de la nomenclature)", "", false},
	} {
		got, err := c.FunctionLabels(tt.nomenclature, tt.year, []string{tt.code})
		if err != nil {
			t.Fatalf("%s %s: %v", tt.nomenclature, tt.code, err)
		}
		if len(got.Labels) != 1 {
			t.Fatalf("%s %s: %d labels", tt.nomenclature, tt.code, len(got.Labels))
		}
		l := got.Labels[0]
		if l.Code != tt.code || l.Plain != tt.plain || l.Official != tt.official || (l.Note != "") != tt.note {
			t.Errorf("%s %s: %+v, want plain %q official %q note %v", tt.nomenclature, tt.code, l, tt.plain, tt.official, tt.note)
		}
	}
	got, err := c.FunctionLabels("M14-M14_COM_SUP3500", 2023, nil)
	if err != nil || got.Nomenclature != "M14 (communes de plus de 3 500 habitants)" {
		t.Errorf("nomenclature name %q, %v", got.Nomenclature, err)
	}
	if _, err := c.FunctionLabels("X99", 0, []string{"0"}); err == nil || !strings.Contains(Message(err), "Nomenclature inconnue") {
		t.Errorf("unknown nomenclature: %v", err)
	}
}
