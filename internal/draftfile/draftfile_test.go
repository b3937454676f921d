package draftfile

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/jeu1000/jeu1000/internal/budget"
	"github.com/jeu1000/jeu1000/internal/calc"
	"github.com/jeu1000/jeu1000/internal/reader"
)

// parts renders a split's parts for comparison.
func parts(s *calc.Split) []string {
	var out []string
	for _, p := range s.Parts {
		out = append(out, p.Code+" "+p.Amount.String()+" "+p.Euros.StringFixed(2))
	}
	return out
}

// TestRoundTrip: a document split, written as the template CSV and as
// XLSX, read back and split again under the same rules gives the same
// parts, to the cent.
func TestRoundTrip(t *testing.T) {
	c, err := calc.New()
	if err != nil {
		t.Fatal(err)
	}
	files := []string{
		filepath.Join("..", "reader", "testdata", "template", "example.csv"),
		filepath.Join("..", "reader", "testdata", "sheets", "gironde-2016-ca.xlsx"),
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := reader.Read(filepath.Base(file), data, reader.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, opt := range []calc.Options{{}, {Level: 2, Section: budget.Investissement}, {Rules: calc.Rules{DebtRepayment: true}}} {
			want, err := c.Split(doc, opt)
			if err != nil {
				t.Fatal(err)
			}
			xlsx, err := XLSX(want)
			if err != nil {
				t.Fatal(err)
			}
			for name, out := range map[string][]byte{"brouillon.csv": CSV(want), "brouillon.xlsx": xlsx} {
				back, err := reader.Read(name, out, reader.Options{})
				if err != nil {
					t.Fatalf("%s → %s: %v", file, name, err)
				}
				if back.Format != budget.FormatTemplate || back.Year != doc.Year || back.Nomenclature.Norm != want.Nomenclature.Norm {
					t.Errorf("%s → %s: %s %d %v", file, name, back.Format, back.Year, back.Nomenclature)
				}
				got, err := c.Split(back, opt)
				if err != nil {
					t.Fatal(err)
				}
				if got.Total != want.Total || !reflect.DeepEqual(parts(got), parts(want)) {
					t.Errorf("%s → %s %+v: total %s, want %s\n got %q\nwant %q", file, name, opt.Rules, got.Total, want.Total, parts(got), parts(want))
				}
			}
		}
	}
}

func TestCSV(t *testing.T) {
	s := &calc.Split{
		Authority:    budget.Authority{Name: "Commune de Saint-Exemple", SIREN: "210000000"},
		Nomenclature: budget.Nomenclature{Norm: "M57"},
		Year:         2025, Population: 12345, Source: "saisie.csv", Kind: budget.KindDraft,
		Lines: []calc.Kept{{Nature: "6042", Function: "212", Section: budget.Fonctionnement, Label: "Cantine; repas", Amount: 138550}},
	}
	want := "# collectivite: Commune de Saint-Exemple\n# annee: 2025\n# nomenclature: M57\n# population: 12345\n# siren: 210000000\n# source: saisie.csv\n" +
		"section;fonction;nature;libelle;montant\nF;212;6042;\"Cantine; repas\";1385,50\n"
	if got := string(CSV(s)); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if !strings.HasPrefix(string(must(XLSX(s))), "PK") {
		t.Error("XLSX is not a zip")
	}
}

// TestCSVInjection: a label or a name a spreadsheet would run as a formula
// is written inert, and the file still reads back as the same draft.
func TestCSVInjection(t *testing.T) {
	s := &calc.Split{
		Authority:    budget.Authority{Name: "X;=HYPERLINK(\"http://evil\")"},
		Nomenclature: budget.Nomenclature{Norm: "M57"},
		Source:       "+budget.csv", Kind: budget.KindDraft,
		Lines: []calc.Kept{
			{Nature: "6042", Function: "212", Section: budget.Fonctionnement, Label: "=HYPERLINK(1)", Amount: 100},
			{Nature: "6042", Function: "213", Section: budget.Fonctionnement, Label: "@SUM(A1)", Amount: 200},
			{Nature: "6042", Function: "20", Section: budget.Fonctionnement, Label: "-2+3", Amount: -300},
		},
	}
	got := string(CSV(s))
	for _, want := range []string{
		"\"# collectivite: X;=HYPERLINK(\"\"http://evil\"\")\"\n",
		";'=HYPERLINK(1);", ";'@SUM(A1);", ";'-2+3;-3,00\n",
		"# source: +budget.csv\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("CSV lacks %q:\n%s", want, got)
		}
	}
	r := csv.NewReader(strings.NewReader(got))
	r.Comma, r.FieldsPerRecord = ';', -1
	records, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for i, rec := range records {
		for _, cell := range rec {
			if cell != "" && strings.ContainsRune("=+@", rune(cell[0])) {
				t.Errorf("record %d: cell %q would run as a formula", i+1, cell)
			}
		}
	}
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}
