package nomen

import (
	"strings"
	"testing"

	"github.com/jeu1000/jeu1000/internal/budget"
)

func TestWordsPlain(t *testing.T) {
	w, err := Labels()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		scheme         Scheme
		norm, code     string
		official       string
		plain, noteHas string
	}{
		// The example of issue 13: the citizen's words, not the plan's.
		{Functions, "M14", "0", "Services généraux des administrations publiques locales", "Administration générale", ""},
		{Functions, "M14-M14_COM_SUP3500", "0", "Services généraux des administrations publiques locales", "Administration générale", ""},
		{Functions, "m57_a", "8", "Transports", "Transports et routes", ""},
		{Functions, "M52", "6", "Réseaux et infrastructures", "Routes et réseaux", ""},
		{Functions, "M71", "6", "Gestion des fonds européens", "Fonds européens", ""},
		// Digits mean other things in other norms.
		{Functions, "M14", "4", "Sport et jeunesse", "Sport et jeunesse", ""},
		{Functions, "M57", "4", "Santé et action sociale", "Action sociale et santé", ""},
		// Deeper codes keep their official labels.
		{Functions, "M14", "212", "Écoles primaires", "Écoles primaires", ""},
		// A norm without words (M43): the official label.
		{Functions, "M43", "0", "Services généraux", "Services généraux", ""},
		// A code nobody knows: the code.
		{Functions, "M14", "77", "", "77", ""},
		// The debt part, explained wherever it appears.
		{Functions, "M14", "01", "Opérations non ventilables", "Dette, reversements et non ventilé", "intérêts"},
		{Areas, "M57", "NV", "Dette, reversements et non ventilé", "Dette, reversements et non ventilé", "à part"},
		{Areas, "M57", "ENS", "Enseignement et formation", "Enseignement et formation", ""},
		{Functions, "M14", "NF", "Sans code fonction", "Sans code fonction", "aucune politique"},
		{Functions, "M14", "DETTE", "Remboursement du capital de la dette", "Remboursement des emprunts", "capital"},
		// Splits by nature: chapters.
		{Chapters, "M14", "012", "Charges de personnel et frais assimilés", "Personnel", ""},
		{Chapters, "M57", "011", "Charges à caractère général", "Achats et services courants", ""},
		{Chapters, "M14", "16", "Emprunts et dettes assimilées", "Emprunts et dettes assimilées", ""},
		// Accounts under a chapter: official labels.
		{Accounts, "M14", "6042", "Achats de prestations de services", "Achats de prestations de services", ""},
		{Accounts, "M14", "011", "Charges à caractère général", "Charges à caractère général", ""},
	} {
		plain, note := w.Plain(tt.scheme, tt.norm, tt.code, tt.official)
		if plain != tt.plain {
			t.Errorf("Plain(%v, %s, %s) = %q, want %q", tt.scheme, tt.norm, tt.code, plain, tt.plain)
		}
		if tt.noteHas == "" && note != "" || !strings.Contains(note, tt.noteHas) {
			t.Errorf("Plain(%v, %s, %s) note %q, want one with %q", tt.scheme, tt.norm, tt.code, note, tt.noteHas)
		}
	}
}

func TestWordsNomenclature(t *testing.T) {
	w, err := Labels()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ norm, variant, want string }{
		{"M14", "M14_COM_SUP3500", "M14 (communes de plus de 3 500 habitants)"},
		{"M14-M14_COM_SUP3500", "", "M14 (communes de plus de 3 500 habitants)"},
		{"m14", "m14-m14_com_500_3500", "M14 (communes de 500 à 3 500 habitants)"},
		{"M57", "M57_A", "M57 abrégée (collectivités de moins de 3 500 habitants)"},
		{"M57", "", "M57 (toutes collectivités, généralisée en 2024)"},
		{"M57", "M57_P", "M57 (toutes collectivités, généralisée en 2024)"}, // a variant without words: its norm
		{"M4", "M43", "M43 (transports publics)"},
		{"M14", "M57_A", "M14 (communes et intercommunalités, jusqu'en 2023)"}, // a variant of another norm is not taken
		{"M99", "X", "M99 X"},
	} {
		if got := w.Nomenclature(tt.norm, tt.variant); got != tt.want {
			t.Errorf("Nomenclature(%q, %q) = %q, want %q", tt.norm, tt.variant, got, tt.want)
		}
	}
}

// Every level-1 function of the nomenclatures with a function tree has
// words, every chapter and variant named exists in a plan, and every
// citizen label is short: the table follows the official plans.
func TestWordsCoverThePlans(t *testing.T) {
	w, err := Labels()
	if err != nil {
		t.Fatal(err)
	}
	cat, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, norm := range []string{"M14", "M52", "M57", "M71"} {
		for _, year := range []int{2021, 2024} {
			p, err := cat.Plan(budget.Nomenclature{Norm: norm}, year)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range p.Functions() {
				if f.Level != 1 && f.Code != "01" {
					continue
				}
				if _, ok := w.functions[[2]string{norm, f.Code}]; !ok && f.Code != "01" {
					t.Errorf("%s %d: function %s « %s » has no citizen label", norm, year, f.Code, f.Label)
				}
			}
		}
	}
	for k, l := range w.functions {
		p, err := cat.Plan(budget.Nomenclature{Norm: k[0]}, 2024)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := p.Function(k[1]); !ok {
			t.Errorf("words.tsv: function %s %s (%s) is in no plan", k[0], k[1], l)
		}
	}
	plan, err := cat.Plan(budget.Nomenclature{Norm: "M14"}, 2021)
	if err != nil {
		t.Fatal(err)
	}
	for code := range w.chapters {
		if _, ok := plan.Chapter(code); !ok {
			t.Errorf("words.tsv: chapter %s is not a chapter of M14 2021", code)
		}
	}
	known := map[string]bool{}
	for _, pi := range cat.Plans() {
		known[strings.ToUpper(pi.Variant)] = true
	}
	for v := range w.variants {
		if !known[v] {
			t.Errorf("words.tsv: variant %s is in no plan", v)
		}
	}
	all := []string{}
	for _, l := range w.functions {
		all = append(all, l)
	}
	for _, l := range w.chapters {
		all = append(all, l)
	}
	for _, l := range all {
		if n := len([]rune(l)); n > 48 {
			t.Errorf("citizen label %q: %d characters, keep it under 48", l, n)
		}
	}
}

func TestParseWordsErrors(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"oops\tM14\t0\tX\n", "words.tsv:1: unknown row kind"},
		{"# c\nfunction\tM14\t0\n", "words.tsv:2: function row: 3 fields, want 4"},
		{"chapter\t011\t \n", "words.tsv:1: field 3 is empty"},
		{"chapter\t011\tA\nchapter\t011\tB\n", "words.tsv:2: chapter 011 given twice"},
		{"part\t01\tDette\n", "want 4"},
	} {
		_, err := parseWords([]byte(tt.in))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("parseWords(%q) = %v, want an error with %q", tt.in, err, tt.want)
		}
	}
	if _, err := parseWords([]byte("# only comments\n\n")); err != nil {
		t.Errorf("empty table: %v", err)
	}
}
