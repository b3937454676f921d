package reader

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/jeu1000/jeu1000/internal/budget"
)

var templateTests = []struct {
	name  string
	in    string
	lines []string
}{
	{"minimal", "section;fonction;montant\nF;212;138500\nI;212;650000\n",
		[]string{"D0F /212 MtPrev=138500.00 @2", "D0I /212 MtPrev=650000.00 @3"}},
	{"comma separator, English headers", "Section,Function,Amount,Account,Label\nF,212,1234.5,6042,Repas\n",
		[]string{"D0F 6042/212 MtPrev=1234.50 @2"}},
	{"tab separator, upper case", "SECTION\tFONCTION\tMONTANT\nI\t822\t10\n",
		[]string{"D0I /822 MtPrev=10.00 @2"}},
	{"column order, accents, unit", "Libellé;Montant (€);Nature;Fonction;Section;Sens\nRepas;1 234,56;6042;2.12;fonctionnement;dépense\n",
		[]string{"D0F 6042/212 MtPrev=1234.56 @2"}},
	{"section spellings", "section;fonction;montant\nF;1;1\nf;1;1\nFonctionnement;1;1\nI;1;1\ni;1;1\nINVESTISSEMENT;1;1\n",
		[]string{"D0F /1 MtPrev=1.00 @2", "D0F /1 MtPrev=1.00 @3", "D0F /1 MtPrev=1.00 @4",
			"D0I /1 MtPrev=1.00 @5", "D0I /1 MtPrev=1.00 @6", "D0I /1 MtPrev=1.00 @7"}},
	{"amount spellings", "section;fonction;montant\nF;1;1 234,56\nF;1;1234.56\nF;1;\"1 234\"\nF;1;1\u00a0234\nF;1;-12,5\nF;1;+3\n",
		[]string{"D0F /1 MtPrev=1234.56 @2", "D0F /1 MtPrev=1234.56 @3", "D0F /1 MtPrev=1234.00 @4",
			"D0F /1 MtPrev=1234.00 @5", "D0F /1 MtPrev=-12.50 @6", "D0F /1 MtPrev=3.00 @7"}},
	{"sens", "section;fonction;montant;sens\nF;1;1;\nF;1;2;D\nF;1;3;R\nF;1;4;recette\n",
		[]string{"D0F /1 MtPrev=1.00 @2", "D0F /1 MtPrev=2.00 @3", "R0F /1 MtPrev=3.00 @4", "R0F /1 MtPrev=4.00 @5"}},
	{"empty function", "section;fonction;montant\nF;;5\n", []string{"D0F / MtPrev=5.00 @2"}},
	{"comments, blank rows, extra columns", "# a comment\n\n# annee: 2025\nsection;fonction;montant;commentaire\n;;;\nF;1;1;à voir\n# F;2;2\n\nF;3;3;\n",
		[]string{"D0F /1 MtPrev=1.00 @6", "D0F /3 MtPrev=3.00 @9"}},
	{"BOM and CRLF", "\uFEFFsection;fonction;montant\r\nF;1;1\r\nF;2;2\r\n",
		[]string{"D0F /1 MtPrev=1.00 @2", "D0F /2 MtPrev=2.00 @3"}},
	{"quoted multi-line label", "section;fonction;montant;libelle\nF;1;1;\"deux\nlignes\"\nF;2;2;x\n",
		[]string{"D0F /1 MtPrev=1.00 @2", "D0F /2 MtPrev=2.00 @4"}},
	{"only a header", "section;fonction;montant\n", []string{}},
}

func TestReadTemplate(t *testing.T) {
	for _, tt := range templateTests {
		t.Run(tt.name, func(t *testing.T) {
			for _, data := range [][]byte{[]byte(tt.in), latin1IfPossible(tt.in)} {
				doc, err := Read("projet.csv", data, Options{})
				if err != nil {
					t.Fatal(err)
				}
				if doc.Format != budget.FormatTemplate || doc.Kind != budget.KindDraft || doc.VotedBy != budget.VotedByNature {
					t.Errorf("format %q kind %q votedBy %v", doc.Format, doc.Kind, doc.VotedBy)
				}
				if got := summaries(doc); !reflect.DeepEqual(got, tt.lines) {
					t.Errorf("lines\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.lines, "\n"))
				}
				checkSane(t, data, doc)
			}
		})
	}
}

// latin1IfPossible returns s in ISO-8859-1, or as UTF-8 when it holds
// characters ISO-8859-1 lacks (or a BOM).
func latin1IfPossible(s string) []byte {
	for _, r := range s {
		if r >= 0x100 || r == '\uFEFF' {
			return []byte(s)
		}
	}
	return toLatin1(s)
}

func TestReadTemplateMetadata(t *testing.T) {
	in := "# Projet de budget 2025\n" +
		"# collectivité : Commune d'Exemple\n" +
		"# Annee: 2025\n" +
		"# nomenclature: m57 abrégée\n" +
		"# population: 12\u00a0345\n" +
		"# siret: 210 000 000 00012\n" +
		"# insee: 99999\n" +
		"# budget: budget principal\n" +
		"# note: ignored\n" +
		"section;fonction;montant\nF;1;1\n"
	doc, err := Read("projet.csv", []byte(in), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := budget.Authority{Name: "Commune d'Exemple", SIRET: "21000000000012", SIREN: "210000000", INSEE: "99999"}
	if doc.Authority != want || doc.Year != 2025 || doc.Population != 12345 || doc.Budget != "budget principal" ||
		doc.Nomenclature != (budget.Nomenclature{Norm: "M57", Variant: "M57_A"}) {
		t.Errorf("got %+v %d %d %q %+v", doc.Authority, doc.Year, doc.Population, doc.Budget, doc.Nomenclature)
	}
	if doc.Lines[0].Pos != 11 {
		t.Errorf("Pos %d, want 11", doc.Lines[0].Pos)
	}
}

func TestReadTemplateErrors(t *testing.T) {
	for _, tt := range []struct {
		name, in string
		line     int
		field    string
		expected string
	}{
		{"missing section column", "fonction;montant\n1;1\n", 1, "section", ExpectColumn},
		{"missing amount column", "# annee: 2025\nsection;fonction;libelle\nF;1;x\n", 2, "montant", ExpectColumn},
		{"duplicate column", "section;fonction;montant;amount\nF;1;1;2\n", 1, "amount", ExpectUniqueColumn},
		{"bad section", "section;fonction;montant\nF;1;1\nX;1;1\n", 3, "section", ExpectSection},
		{"total row without section", "Section;Fonction;Montant\nF;1;1\nTotal;;1\n", 3, "Section", ExpectSection},
		{"subtotal row, empty section", "Section;Fonction;Montant\nF;1;1\n;;1\n", 3, "Section", ExpectSection},
		{"empty amount", "section;fonction;Montant (€)\nF;1;\n", 2, "Montant (€)", ExpectAmount},
		{"bad amount", "section;fonction;montant\n\n\nF;1;12O 000\n", 4, "montant", ExpectAmount},
		{"bad function", "section;fonction;montant\nF;2a;1\n", 2, "fonction", ExpectFunction},
		{"bad nature", "section;fonction;montant;nature\nF;1;1;60-42\n", 2, "nature", ExpectNature},
		{"bad sens", "section;fonction;montant;sens\nF;1;1;X\n", 2, "sens", ExpectDirection},
		{"bad year", "# annee: 25\nsection;fonction;montant\nF;1;1\n", 1, "annee", ExpectYear},
		{"bad population", "\n# Population: douze\nsection;fonction;montant\nF;1;1\n", 2, "Population", ExpectInteger},
		{"too many fields", "section;fonction;montant\nF;1;1;x\n", 2, "", ExpectFieldCount},
		{"no header", "# annee: 2025\n", 1, "", ExpectColumn},
	} {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := readTemplate("projet.csv", []byte(tt.in), nil)
			if doc != nil {
				t.Error("document returned with an error")
			}
			wantError(t, err, tt.line, tt.field, tt.expected)
		})
	}
}

// TestTemplateExample reads the example of TEMPLATE.md, which must be the
// file testdata/template/example.csv.
func TestTemplateExample(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "template", "example.csv"))
	if err != nil {
		t.Fatal(err)
	}
	md, err := os.ReadFile("TEMPLATE.md")
	if err != nil {
		t.Fatal(err)
	}
	const marker = "<!-- example.csv"
	i := strings.Index(string(md), marker)
	if i < 0 {
		t.Fatal("TEMPLATE.md has no example marker")
	}
	block := string(md[i:])
	block = block[strings.Index(block, "```csv\n")+len("```csv\n"):]
	block = block[:strings.Index(block, "```")]
	if block != string(data) {
		t.Errorf("the example in TEMPLATE.md differs from testdata/template/example.csv:\n%s", block)
	}

	doc, err := Read("example.csv", data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if doc.Authority.Name != "Commune de Saint-Exemple" || doc.Year != 2025 || doc.Population != 12345 ||
		doc.Nomenclature.Norm != "M57" || doc.Kind != budget.KindDraft {
		t.Errorf("document %+v %d %d %+v %s", doc.Authority, doc.Year, doc.Population, doc.Nomenclature, doc.Kind)
	}
	if len(doc.Lines) != 15 {
		t.Fatalf("%d lines, want 15", len(doc.Lines))
	}
	var total [2]budget.Amount
	for _, l := range doc.Lines {
		a, _ := l.Amount(budget.MtPrev)
		if l.Section == budget.Fonctionnement {
			total[0] += a
		} else {
			total[1] += a
		}
	}
	if total[0] != 223950050 || total[1] != 119500000 {
		t.Errorf("totals F %s I %s", total[0], total[1])
	}
	first := doc.Lines[0]
	if lineSummary(first) != "D0F 6042/020 MtPrev=45000.00 @6" || first.Label != "Prestations de services - administration générale" {
		t.Errorf("first line %s %q", lineSummary(first), first.Label)
	}
	checkSane(t, data, doc)
}

func TestTemplateExcelExport(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "template", "excel-cp1252.csv"))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := Read("excel-cp1252.csv", data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if doc.Authority.Name != "Communauté de communes du Pays d'Exemple; budget principal" || doc.Year != 2026 {
		t.Errorf("metadata %q %d", doc.Authority.Name, doc.Year)
	}
	want := []string{"D0F /812 MtPrev=1200000.00 @5", "D0I /812 MtPrev=45000.00 @6"}
	if got := summaries(doc); !reflect.DeepEqual(got, want) {
		t.Errorf("lines %v, want %v", got, want)
	}
	if doc.Lines[0].Label != "Collecte des déchets – marché" || doc.Lines[1].Label != "Cœur de bourg : conteneurs enterrés" {
		t.Errorf("labels %q %q", doc.Lines[0].Label, doc.Lines[1].Label)
	}
}
