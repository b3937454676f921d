package reader

import (
	"errors"
	"strings"
	"testing"

	"github.com/jeu1000/jeu1000/internal/budget"
)

// The cases of issue 14 (hardening) for the readers: each gave a wrong
// result, silence, a huge message or a frozen page before it was fixed.

// hardenLine is a usual budget line of a TOTEM document.
const hardenLine = `<LigneBudget><Nature V="6042"/><Fonction V="212"/><CodRD V="D"/><MtReal V="100.00"/><OpBudg V="0"/><LibCpte V="LABEL"/></LigneBudget>` + "\n"

// hardenTOTEM is a TOTEM document with the given lines (as gen_inputs.py
// of the probes writes them).
func hardenTOTEM(lines string) string {
	return `<?xml version="1.0" encoding="UTF-8"?>
<DocumentBudgetaire xmlns="http://www.minefi.gouv.fr/cp/demat/docbudgetaire"><EnTeteDocBudgetaire><LibelleColl V="COMMUNE TEST"/></EnTeteDocBudgetaire><Budget><BlocBudget><NatDec V="09"/><Exer V="2023"/></BlocBudget>
` + lines + "</Budget></DocumentBudgetaire>\n"
}

// hardenCases are inputs that must be refused, with where and what.
var hardenCases = []struct {
	name     string
	in       string
	line     int
	field    string
	expected string
	cause    error // wrapped by the error, if not nil
}{
	// 14.1: exited 0 with a total of 85,532,559,262,904,483.84 € and three
	// parts of 1,052.23 € "per 1,000 €".
	{"template: three lines of 9e16 €", "section;fonction;libelle;montant\nF;212;a;90000000000000000\nF;311;b;90000000000000000\nF;020;c;90000000000000000\n",
		2, "montant", ExpectAmount, budget.ErrTooLarge},
	{"TOTEM: three lines of 9e16 €", hardenTOTEM(strings.Repeat(strings.Replace(hardenLine, `MtReal V="100.00"`, `MtReal V="90000000000000000"`, 1), 3)),
		3, "MtReal", ExpectAmount, budget.ErrTooLarge},
	{"SCDL: an amount of 1e13 €", "BGT_NATDEC;BGT_ANNEE;BGT_SIRET;BGT_NOM;BGT_CONTNAT;BGT_NATURE;BGT_FONCTION;BGT_OPBUDG;BGT_CODRD;BGT_MTREAL\n09;2023;21930048000019;X;011;6042;212;0;D;10000000000000\n",
		2, "BGT_MTREAL", ExpectAmount, budget.ErrTooLarge},

	// 14.2: codes that are not codes were counted (6O42), dropped without
	// a word (<b>6042: its 100 € vanished) or became parts coded `"` or `=`.
	{"TOTEM: Nature 6O42", hardenTOTEM(strings.Replace(hardenLine, "6042", "6O42", 1)), 3, "Nature", ExpectNature, errTOTEMCode},
	{"TOTEM: Nature <b>6042", hardenTOTEM(strings.Replace(hardenLine, "6042", "&lt;b&gt;6042", 1)), 3, "Nature", ExpectNature, errTOTEMCode},
	{"TOTEM: Fonction \">…<svg", hardenTOTEM(strings.Replace(hardenLine, `"212"`, `"&quot;&gt;&lt;svg onload=alert(1)&gt;"`, 1)), 3, "Fonction", ExpectFunction, errTOTEMCode},
	{"TOTEM: Fonction =HYPERLINK(1)", hardenTOTEM(strings.Replace(hardenLine, `"212"`, `"=HYPERLINK(1)"`, 1)), 3, "Fonction", ExpectFunction, errTOTEMCode},
	{"TOTEM: ContNat with a letter", hardenTOTEM(strings.Replace(hardenLine, `<CodRD`, `<ContNat V="O11"/><CodRD`, 1)), 3, "ContNat", ExpectChapter, errTOTEMCode},
	{"TOTEM: a long code (slow path)", hardenTOTEM(strings.Replace(hardenLine, "6042", "604212345678X", 1)), 3, "Nature", ExpectNature, errTOTEMCode},
	{"TOTEM: a code in single quotes (slow path)", hardenTOTEM(strings.Replace(hardenLine, `<Nature V="6042"/>`, `<Nature V='6A42'/>`, 1)), 3, "Nature", ExpectNature, errTOTEMCode},

	// 14.3: what followed the root element was ignored, the last of two
	// amounts won (5,000,000 instead of 100), two budgets were summed.
	{"TOTEM: content after the root", hardenTOTEM(hardenLine) + "<Other/>garbage", 5, "", ExpectXML, errTOTEMAfterRoot},
	{"TOTEM: a second document", hardenTOTEM(hardenLine) + hardenTOTEM(strings.Replace(hardenLine, "100.00", "5000000.00", 1)), 5, "", ExpectXML, errTOTEMAfterRoot},
	{"TOTEM: text after the root", hardenTOTEM(hardenLine) + "  x", 5, "", ExpectXML, errTOTEMAfterRoot},
	{"TOTEM: MtReal twice", hardenTOTEM(strings.Replace(hardenLine, `<MtReal V="100.00"/>`, `<MtReal V="100.00"/><MtReal V="5000000.00"/>`, 1)), 3, "MtReal", ExpectOnce, errTOTEMTwice},
	{"TOTEM: MtReal twice, slow path", hardenTOTEM(strings.Replace(hardenLine, `<MtReal V="100.00"/>`, `<MtReal V="100.00"/><MtReal  V='5000000.00'/>`, 1)), 3, "MtReal", ExpectOnce, errTOTEMTwice},
	{"TOTEM: Nature twice, on lines of their own", hardenTOTEM(strings.Replace(hardenLine, `<Fonction`, "\n<Nature\n V=\"6043\"/>\n<Fonction", 1)), 4, "Nature", ExpectOnce, errTOTEMTwice},
	{"TOTEM: two budgets", strings.Replace(hardenTOTEM(hardenLine), "</Budget>", "</Budget><Budget>"+strings.Replace(hardenLine, "100.00", "999.00", 1)+"</Budget>", 1), 4, "Budget", ExpectOneBudget, errTOTEMBudgets},

	// 14.10: a 100 MB amount gave a 100 MB message (here 1 MB).
	{"template: a 60 KB amount", "section;fonction;montant\nF;212;" + strings.Repeat("1", 60<<10) + "\n", 2, "montant", ExpectAmount, budget.ErrTooLarge},
	{"template: a 60 KB word as amount", "section;fonction;montant\nF;212;" + strings.Repeat("x", 60<<10) + "\n", 2, "montant", ExpectAmount, budget.ErrAmount},
	{"TOTEM: a 1 MB amount", hardenTOTEM(strings.Replace(hardenLine, `"100.00"`, `"`+strings.Repeat("9", 1<<20)+`"`, 1)), 3, "MtReal", ExpectAmount, budget.ErrTooLarge},
	{"TOTEM: a 1 MB Nature", hardenTOTEM(strings.Replace(hardenLine, `"6042"`, `"`+strings.Repeat("6", 1<<20)+`X"`, 1)), 3, "Nature", ExpectNature, errTOTEMCode},

	// 14.11: a million columns froze the page 9.2 s and took 2 GB; very
	// long lines and values are refused before they are parsed.
	{"template: 100,000 columns", "section;fonction;montant;" + strings.Repeat("c;", 100_000) + "\nF;212;100\n", 1, "", ExpectShortLine, nil},
	{"template: 600 columns on a short line", "section;fonction;montant" + strings.Repeat(";c", 600) + "\nF;212;100\n", 1, "", ExpectFewColumns, nil},
	{"template: a 1 MB label", "section;fonction;libelle;montant\nF;212;" + strings.Repeat("A", 1<<20) + ";100\n", 2, "", ExpectShortLine, nil},
	{"template: a 1 MB line after 3 short ones", "section;fonction;montant\nF;212;1\n\nF;311;2\n" + strings.Repeat(" ", 1<<20) + "\n", 5, "", ExpectShortLine, nil},
	{"SCDL: 100,000 columns", "BGT_NATDEC;" + strings.Repeat("X;", 100_000) + "\n", 1, "", ExpectShortLine, nil},
	{"template: too many rows", "section;fonction;montant\n" + strings.Repeat("F;212;1\n", MaxRows+1), MaxRows + 2, "", ExpectSmallBudget, nil},
	{"TOTEM: a 1 MB label", hardenTOTEM(strings.Replace(hardenLine, "LABEL", strings.Repeat("A", 1<<20), 1)), 3, "LibCpte", ExpectShortValue, nil},
	{"TOTEM: a 1 MB authority name", strings.Replace(hardenTOTEM(hardenLine), "COMMUNE TEST", strings.Repeat("A", 1<<20), 1), 2, "", ExpectShortValue, nil},
}

// addHardenSeeds adds the small cases above to a fuzz target's seeds.
func addHardenSeeds(f *testing.F) {
	for _, tt := range hardenCases {
		if len(tt.in) < 16<<10 {
			f.Add([]byte(tt.in))
		}
	}
}

func TestHardenRefused(t *testing.T) {
	for _, tt := range hardenCases {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Read("probe", []byte(tt.in), Options{})
			if doc != nil {
				t.Errorf("document returned: %s", strings.Join(summaries(doc), ", "))
			}
			wantError(t, err, tt.line, tt.field, tt.expected)
			if tt.cause != nil && !errors.Is(err, tt.cause) {
				t.Errorf("error %q does not wrap %q", err, tt.cause)
			}
			e, _ := AsError(err)
			// 14.10: an excerpt, never the value.
			if n, fr := len(err.Error()), len(e.French()); n > 400 || fr > 400 {
				t.Errorf("%d-byte error, %d-byte French message: %.200q", n, fr, err)
			}
			if errors.Is(err, budget.ErrTooLarge) && !strings.Contains(e.French(), "hors de portée") {
				t.Errorf("French message %q does not say the amount is out of reach", e.French())
			}
		})
	}
}

// TestHardenAccepted checks what stays accepted at the limits.
func TestHardenAccepted(t *testing.T) {
	for _, tt := range []struct{ name, in string }{
		{"an amount of MaxAmount", "section;fonction;montant\nF;212;1000000000000\n"},
		{"MaxColumns columns", "section;fonction;montant" + strings.Repeat(";c", MaxColumns-3) + "\nF;212;100\n"},
		{"a line of MaxLineBytes", "section;fonction;libelle;montant\nF;212;" + strings.Repeat("A", MaxLineBytes-10) + ";100\n"},
		{"TOTEM: comments and a processing instruction after the root", hardenTOTEM(hardenLine) + "<!-- signed -->\n<?sig x?>\n\n"},
		{"TOTEM: a function code with separators", hardenTOTEM(strings.Replace(hardenLine, `"212"`, `"2-12"`, 1))},
		{"TOTEM: codes with spaces around", hardenTOTEM(strings.Replace(hardenLine, `"6042"`, `" 6042 "`, 1))},
		{"TOTEM: a label of MaxValueBytes", hardenTOTEM(strings.Replace(hardenLine, "LABEL", strings.Repeat("A", MaxValueBytes), 1))},
	} {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Read("probe", []byte(tt.in), Options{})
			if err != nil {
				t.Fatal(err)
			}
			checkSane(t, []byte(tt.in), doc)
		})
	}
}

// TestHardenMapped checks the limits on tables read through a column
// mapping (any other CSV): a header of 100,000 columns that no format
// recognises is refused before it is parsed.
func TestHardenMapped(t *testing.T) {
	for _, tt := range []struct {
		name, in string
		line     int
		expected string
	}{
		{"100,000 columns", strings.Repeat("c;", 100_000) + "\n", 1, ExpectShortLine},
		{"600 columns", "compte;montant" + strings.Repeat(";c", 600) + "\n6042;100\n", 1, ExpectFewColumns},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read("probe.csv", []byte(tt.in), Options{})
			wantError(t, err, tt.line, "", tt.expected)
		})
	}
}
