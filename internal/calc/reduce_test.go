package calc_test

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/jeu1000/jeu1000/internal/budget"
	"github.com/jeu1000/jeu1000/internal/calc"
	"github.com/jeu1000/jeu1000/internal/nomen"
	"github.com/jeu1000/jeu1000/internal/reader"
	"github.com/jeu1000/jeu1000/internal/sharedtest"
)

// TestReduceSplitsAlike checks, on every real document, that the reduced
// document (what the dataset stores) splits exactly like the document itself
// under every combination of options.
func TestReduceSplitsAlike(t *testing.T) {
	dir := sharedtest.Dir(t)
	files, err := filepath.Glob(filepath.Join(dir, "documents", "*", "*"))
	if err != nil {
		t.Fatal(err)
	}
	balances, _ := filepath.Glob(filepath.Join(dir, "balances", "*.json"))
	files = append(files, balances...)
	c := calculator(t)
	var options []calc.Options
	for _, sec := range []budget.Section{budget.SectionUnknown, budget.Fonctionnement, budget.Investissement} {
		for _, level := range []int{1, 2, 3} {
			options = append(options, calc.Options{Section: sec, Level: level})
		}
		options = append(options, calc.Options{Section: sec, Grid: nomen.CommonGrid()}, calc.Options{Section: sec, Grid: nomen.SixGroups()})
	}
	for _, r := range []calc.Rules{
		{DebtRepayment: true}, {ExcludeInterest: true}, {ExcludeTaxPassedOn: true},
		{VentilatedOnly: true}, {IncludeRAR: true},
		{DebtRepayment: true, ExcludeInterest: true, ExcludeTaxPassedOn: true, VentilatedOnly: true, IncludeRAR: true},
	} {
		options = append(options, calc.Options{Rules: r}, calc.Options{Rules: r, Grid: nomen.CommonGrid()})
	}
	checked := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := reader.Read(filepath.Base(f), data, reader.Options{})
		if err != nil {
			continue // the readers' own tests cover unreadable inputs
		}
		red, err := c.Reduce(doc)
		if err != nil {
			continue
		}
		if len(red.Lines) > len(doc.Lines) {
			t.Errorf("%s: reduced to more lines", f)
		}
		for _, opt := range options {
			want, werr := c.Split(doc, opt)
			got, gerr := c.Split(red, opt)
			if (werr == nil) != (gerr == nil) {
				t.Fatalf("%s %+v: errors differ: %v / %v", f, opt, werr, gerr)
			}
			if werr != nil {
				continue
			}
			for _, p := range want.Parts {
				if len(p.Children) == 0 {
					continue
				}
				sum := decimal.Zero
				for _, c := range p.Children {
					sum = sum.Add(c.Euros)
				}
				if !sum.Equal(p.Euros) {
					t.Fatalf("%s %+v: part %s: children sum to %s, part is %s", f, opt, p.Code, sum, p.Euros)
				}
			}
			if !reflect.DeepEqual(summary(want), summary(got)) {
				t.Fatalf("%s %+v:\n doc     %v\n reduced %v", f, opt, summary(want), summary(got))
			}
			checked++
		}
	}
	if checked == 0 {
		t.Fatal("no document checked")
	}
}

func summary(s *calc.Split) []string {
	out := []string{s.Total.String(), string(s.Method)}
	for _, p := range s.Parts {
		out = append(out, p.Code+" "+p.Label+" "+p.Amount.String()+" "+p.F.String()+" "+p.I.String()+" "+p.Euros.String())
		for _, c := range p.Children {
			out = append(out, "  "+c.Code+" "+c.Label+" "+c.Amount.String()+" "+c.Euros.String())
		}
	}
	return out
}
