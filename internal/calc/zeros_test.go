package calc_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/jeu1000/jeu1000/internal/budget"
	"github.com/jeu1000/jeu1000/internal/calc"
)

// TestSplitNumberCodes: function codes read from a spreadsheet's number
// cells get their leading zeros back from the plan de comptes when it has
// one code only that reads as the number, and are refused, naming the line
// and the column, when it has two.
func TestSplitNumberCodes(t *testing.T) {
	c := calculator(t)
	tests := []struct {
		name    string
		nomen   string
		codes   []string // function codes as read; every one from a number cell
		text    []string // from text cells (never touched)
		want    string   // parts at level 3, or "" when refused
		wantErr string   // the French error, when refused
	}{
		{name: "M52 202 is 0202 (no 202 in the plan), under 020", nomen: "M52", codes: []string{"202"}, want: "020=100.00/1000.00"},
		{name: "M14 26 is 026", nomen: "M14", codes: []string{"26"}, want: "026=100.00/1000.00"},
		{name: "M57 35 is 035", nomen: "M57", codes: []string{"35"}, want: "035=100.00/1000.00"},
		{name: "a code the plan has only as written stays", nomen: "M57", codes: []string{"212"}, want: "212=100.00/1000.00"},
		{name: "0 is 0", nomen: "M57", codes: []string{"0"}, want: "0=100.00/1000.00"},
		{name: "the same code as text stays as written, under 20", nomen: "M52", text: []string{"202"}, want: "20=100.00/1000.00"},
		{name: "M57 20 or 020: refused", nomen: "M57", codes: []string{"212", "20"},
			wantErr: "budget.xlsx, ligne 11, champ Fonction : le code fonction y est le nombre 20, qui peut être 20 (Services communs) ou 020 (Administration générale de la collectivité)"},
		{name: "M14 1 or 01: refused", nomen: "M14", codes: []string{"1"},
			wantErr: "le nombre 1, qui peut être 1 (Sécurité et salubrité publiques) ou 01 (Opérations non ventilables)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := doc(budget.KindBP)
			d.Source = "budget.xlsx"
			d.Year = 2024
			d.Nomenclature = budget.Nomenclature{Norm: tt.nomen}
			for _, code := range append(append([]string{}, tt.codes...), tt.text...) {
				d.Lines = append(d.Lines, line("6042", code, "011", 50))
				d.Lines[len(d.Lines)-1].Pos = len(d.Lines) + 9
			}
			for i := range tt.codes {
				d.NumberCodes = append(d.NumberCodes, budget.NumberCode{Index: i, Field: "Fonction"})
			}
			before := append([]budget.Line(nil), d.Lines...)
			s, err := c.Split(d, calc.Options{Level: 3})
			for i := range before {
				if d.Lines[i].Function != before[i].Function {
					t.Errorf("the document was modified: line %d %q → %q", i, before[i].Function, d.Lines[i].Function)
				}
			}
			if tt.wantErr != "" {
				var ze *calc.ZeroError
				if !errors.As(err, &ze) {
					t.Fatalf("err = %v, want a *calc.ZeroError", err)
				}
				if !strings.Contains(ze.French(), tt.wantErr) {
					t.Errorf("French\n got %s\nwant …%s…", ze.French(), tt.wantErr)
				}
				if !strings.Contains(ze.Error(), "write the code as text") {
					t.Errorf("Error() = %s", ze.Error())
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := parts(s); got != tt.want {
				t.Errorf("parts = %s, want %s", got, tt.want)
			}
		})
	}
}
