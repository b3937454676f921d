package reader

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/jeu1000/jeu1000/internal/budget"
	"github.com/jeu1000/jeu1000/internal/sharedtest"
)

const scdlHeader = "BGT_NATDEC,BGT_ANNEE,BGT_SIRET,BGT_NOM,BGT_CONTNAT,BGT_CONTNAT_LABEL,BGT_NATURE,BGT_NATURE_LABEL,BGT_FONCTION,BGT_FONCTION_LABEL,BGT_OPERATION,BGT_SECTION,BGT_OPBUDG,BGT_CODRD,BGT_MTREAL,BGT_MTBUDGPREC,BGT_MTRARPREC,BGT_MTPROPNOUV,BGT_MTPREV,BGT_CREDOUV,BGT_MTRAR3112,BGT_ARTSPE\n"

// scdlRowText builds a record of scdlHeader from the values that vary.
func scdlRowText(natdec, nature, fonction, section, opbudg, codrd, mtreal string) string {
	return strings.Join([]string{natdec, "2021", "22560001400016", "DEPARTEMENT DU MORBIHAN 56", "011", "Charges à caractère général",
		nature, "Autres honoraires", fonction, "Bibliothèques", "", section, opbudg, codrd, mtreal, "0", "", "", "", "20535", "0", "non spécialisé"}, ",") + "\n"
}

var scdlTests = []struct {
	name   string
	in     string
	kind   budget.Kind
	natDec string
	lines  []string
}{
	// Spellings of BGT_NATDEC.
	{"natdec compte administratif", scdlHeader + scdlRowText("Compte administratif", "6042", "313", "fonctionnement", "réel", "dépense", "12.5"),
		budget.KindCA, "09", []string{"D0F 6042/313 ch=011 MtReal=12.50 MtBudgPrec=0.00 CredOuv=20535.00 MtRAR3112=0.00 @2"}},
	{"natdec budget primitif lower", scdlHeader + scdlRowText("budget primitif", "6042", "", "", "réel", "dépense", "1"),
		budget.KindBP, "01", []string{"D0 6042/ ch=011 MtReal=1.00 MtBudgPrec=0.00 CredOuv=20535.00 MtRAR3112=0.00 @2"}},
	{"natdec decision modificative", scdlHeader + scdlRowText("Décision modificative", "6042", "", "", "réel", "dépense", "1"),
		budget.KindDM, "02", nil},
	{"natdec DM n°2", scdlHeader + scdlRowText("DECISION MODIFICATIVE N°2", "6042", "", "", "réel", "dépense", "1"),
		budget.KindDM, "02", nil},
	{"natdec budget supplementaire", scdlHeader + scdlRowText("Budget supplémentaire", "6042", "", "", "réel", "dépense", "1"),
		budget.KindBS, "03", nil},
	{"natdec cfu", scdlHeader + scdlRowText("Compte financier unique", "6042", "", "", "réel", "dépense", "1"),
		budget.KindCFU, "10", nil},
	{"natdec code 01", scdlHeader + scdlRowText("01", "6042", "", "", "réel", "dépense", "1"), budget.KindBP, "01", nil},
	{"natdec code 02", scdlHeader + scdlRowText("02", "6042", "", "", "réel", "dépense", "1"), budget.KindDM, "02", nil},
	{"natdec code 03", scdlHeader + scdlRowText("03", "6042", "", "", "réel", "dépense", "1"), budget.KindBS, "03", nil},
	{"natdec code 09", scdlHeader + scdlRowText("09", "6042", "", "", "réel", "dépense", "1"), budget.KindCA, "09", nil},
	{"natdec code 10", scdlHeader + scdlRowText("10", "6042", "", "", "réel", "dépense", "1"), budget.KindCFU, "10", nil},
	{"natdec empty", scdlHeader + scdlRowText("", "6042", "", "", "réel", "dépense", "1"), budget.KindUnknown, "", nil},

	// Spellings of BGT_OPBUDG, BGT_CODRD and BGT_SECTION.
	{"enums spelled", scdlHeader +
		scdlRowText("09", "6042", "", "fonctionnement", "réel", "dépense", "1") +
		scdlRowText("09", "6042", "", "investissement", "reel", "depense", "1") +
		scdlRowText("09", "6042", "", "Fonctionnement", "Réel", "Dépense", "1") +
		scdlRowText("09", "7311", "", "FONCTIONNEMENT", "ordre", "recette", "1") +
		scdlRowText("09", "7311", "", "", "Ordre", "Recette", "1"),
		budget.KindCA, "09", []string{
			"D0F 6042/ ch=011 MtReal=1.00 MtBudgPrec=0.00 CredOuv=20535.00 MtRAR3112=0.00 @2",
			"D0I 6042/ ch=011 MtReal=1.00 MtBudgPrec=0.00 CredOuv=20535.00 MtRAR3112=0.00 @3",
			"D0F 6042/ ch=011 MtReal=1.00 MtBudgPrec=0.00 CredOuv=20535.00 MtRAR3112=0.00 @4",
			"R1F 7311/ ch=011 MtReal=1.00 MtBudgPrec=0.00 CredOuv=20535.00 MtRAR3112=0.00 @5",
			"R1 7311/ ch=011 MtReal=1.00 MtBudgPrec=0.00 CredOuv=20535.00 MtRAR3112=0.00 @6",
		}},
	{"enums coded", scdlHeader +
		scdlRowText("09", "6042", "", "F", "0", "D", "1") +
		scdlRowText("09", "2313", "", "I", "1", "R", "1") +
		scdlRowText("09", "2313", "", "i", "0", "d", "1"),
		budget.KindCA, "09", []string{
			"D0F 6042/ ch=011 MtReal=1.00 MtBudgPrec=0.00 CredOuv=20535.00 MtRAR3112=0.00 @2",
			"R1I 2313/ ch=011 MtReal=1.00 MtBudgPrec=0.00 CredOuv=20535.00 MtRAR3112=0.00 @3",
			"D0I 2313/ ch=011 MtReal=1.00 MtBudgPrec=0.00 CredOuv=20535.00 MtRAR3112=0.00 @4",
		}},

	// Function codes are normalised.
	{"function normalised", scdlHeader +
		scdlRowText("09", "6042", "2-12", "F", "0", "D", "1") +
		scdlRowText("09", "6042", "21.2", "F", "0", "D", "1") +
		scdlRowText("09", "6042", " 2 12 ", "F", "0", "D", "1") +
		scdlRowText("09", "6042", "93-020", "F", "0", "D", "1"),
		budget.KindCA, "09", []string{
			"D0F 6042/212 ch=011 MtReal=1.00 MtBudgPrec=0.00 CredOuv=20535.00 MtRAR3112=0.00 @2",
			"D0F 6042/212 ch=011 MtReal=1.00 MtBudgPrec=0.00 CredOuv=20535.00 MtRAR3112=0.00 @3",
			"D0F 6042/212 ch=011 MtReal=1.00 MtBudgPrec=0.00 CredOuv=20535.00 MtRAR3112=0.00 @4",
			"D0F 6042/93020 ch=011 MtReal=1.00 MtBudgPrec=0.00 CredOuv=20535.00 MtRAR3112=0.00 @5",
		}},

	// Separators, encodings, line endings, decimal commas.
	{"semicolon decimal comma",
		"BGT_NATDEC;BGT_NATURE;BGT_OPBUDG;BGT_CODRD;BGT_MTREAL;BGT_MTPREV\n" +
			"09;6042;0;D;1234,56;\n" +
			"09;6042;0;D;\"1 234,5\";-3\n",
		budget.KindCA, "09", []string{
			"D0 6042/ MtReal=1234.56 @2",
			"D0 6042/ MtReal=1234.50 MtPrev=-3.00 @3",
		}},
	{"BOM", "\uFEFFBGT_NATDEC,BGT_NATURE,BGT_OPBUDG,BGT_CODRD,BGT_MTREAL\n09,6042,0,D,1\n",
		budget.KindCA, "09", []string{"D0 6042/ MtReal=1.00 @2"}},
	{"CRLF", "BGT_NATDEC,BGT_NATURE,BGT_OPBUDG,BGT_CODRD,BGT_MTREAL\r\n09,6042,0,D,1\r\n09,6043,0,D,2\r\n",
		budget.KindCA, "09", []string{"D0 6042/ MtReal=1.00 @2", "D0 6043/ MtReal=2.00 @3"}},
	{"no final newline", "BGT_NATDEC,BGT_NATURE,BGT_OPBUDG,BGT_CODRD,BGT_MTREAL\n09,6042,0,D,1",
		budget.KindCA, "09", []string{"D0 6042/ MtReal=1.00 @2"}},
	{"column order and case", " bgt_mtreal ;Bgt_CodRD;bgt_opbudg;BGT_NATURE ;bgt_natdec;bgt_fonction\n" +
		"7,5;recette;ordre;7788;CA;01\n",
		budget.KindCA, "09", []string{"R1 7788/01 MtReal=7.50 @2"}},
	{"unknown columns ignored", "BGT_NATURE,FOO,BGT_OPBUDG,BGT_CODRD,BGT_MTPREV,BGT_ARTSPE\n6042,x,0,D,1,non spécialisé\n",
		budget.KindUnknown, "", []string{"D0 6042/ MtPrev=1.00 @2"}},

	// Rows and lines.
	{"quoted multi-line label", "BGT_NATURE,BGT_NATURE_LABEL,BGT_OPBUDG,BGT_CODRD,BGT_MTREAL\n" +
		"6042,\"Achats,\nsur deux\nlignes\",0,D,1\n" +
		"6043,simple,0,D,2\n",
		budget.KindUnknown, "", []string{"D0 6042/ MtReal=1.00 @2", "D0 6043/ MtReal=2.00 @5"}},
	{"rows without nature are skipped", "BGT_NATURE,BGT_OPBUDG,BGT_CODRD,BGT_MTREAL\n,0,D,100\n6042,0,D,1\n",
		budget.KindUnknown, "", []string{"D0 6042/ MtReal=1.00 @3"}},
	{"blank lines and separator-only rows", "BGT_NATURE,BGT_OPBUDG,BGT_CODRD,BGT_MTREAL\n\n,,,\n6042,0,D,1\n,,,,,\n",
		budget.KindUnknown, "", []string{"D0 6042/ MtReal=1.00 @4"}},
	{"short rows are padded", "BGT_NATURE,BGT_OPBUDG,BGT_CODRD,BGT_MTREAL,BGT_MTPREV\n6042,0,D,1\n",
		budget.KindUnknown, "", []string{"D0 6042/ MtReal=1.00 @2"}},
	{"empty amount is absent", "BGT_NATURE,BGT_OPBUDG,BGT_CODRD,BGT_MTREAL,BGT_MTPREV\n6042,0,D,,5\n",
		budget.KindUnknown, "", []string{"D0 6042/ MtPrev=5.00 @2"}},
}

func TestReadSCDL(t *testing.T) {
	for _, tt := range scdlTests {
		t.Run(tt.name, func(t *testing.T) {
			variants := []struct {
				name string
				data []byte
			}{{"utf8", []byte(tt.in)}}
			if !strings.ContainsRune(tt.in, '\uFEFF') {
				variants = append(variants, struct {
					name string
					data []byte
				}{"latin1", toLatin1(tt.in)})
			}
			for _, variant := range variants {
				doc, err := Read("budget.csv", variant.data, Options{})
				if err != nil {
					t.Fatalf("%s: %v", variant.name, err)
				}
				if doc.Format != budget.FormatSCDL || doc.Kind != tt.kind || doc.NatDec != tt.natDec || doc.Source != "budget.csv" {
					t.Errorf("%s: format %q kind %q natdec %q source %q", variant.name, doc.Format, doc.Kind, doc.NatDec, doc.Source)
				}
				if doc.VotedBy != budget.VotedUnknown {
					t.Errorf("%s: VotedBy %v, want unknown", variant.name, doc.VotedBy)
				}
				if tt.lines != nil && !reflect.DeepEqual(summaries(doc), tt.lines) {
					t.Errorf("%s: lines\n%s\nwant\n%s", variant.name, strings.Join(summaries(doc), "\n"), strings.Join(tt.lines, "\n"))
				}
				checkSane(t, variant.data, doc)
			}
		})
	}
}

func TestReadSCDLDocument(t *testing.T) {
	doc, err := Read("b.csv", []byte(scdlHeader+scdlRowText("Compte administratif", "62268", "313", "fonctionnement", "réel", "dépense", "12279.97")), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := budget.Authority{Name: "DEPARTEMENT DU MORBIHAN 56", SIRET: "22560001400016", SIREN: "225600014"}
	if doc.Authority != want || doc.Year != 2021 {
		t.Errorf("authority %+v year %d, want %+v 2021", doc.Authority, doc.Year, want)
	}
	l := doc.Lines[0]
	if l.Label != "Autres honoraires" || l.FunctionLabel != "Bibliothèques" {
		t.Errorf("labels %q %q", l.Label, l.FunctionLabel)
	}
}

var scdlErrorTests = []struct {
	name, in string
	line     int
	field    string
	expected string
}{
	{"bad amount", "BGT_NATURE,BGT_OPBUDG,BGT_CODRD,bgt_mtreal\n6042,0,D,1\n6042,0,D,12a\n", 3, "bgt_mtreal", ExpectAmount},
	{"amount with exponent", "BGT_NATURE,BGT_OPBUDG,BGT_CODRD,BGT_MTREAL\n6042,0,D,1e3\n", 2, "BGT_MTREAL", ExpectAmount},
	{"bad direction", "BGT_NATURE,BGT_OPBUDG,BGT_CODRD,BGT_MTREAL\n6042,0,X,1\n", 2, "BGT_CODRD", ExpectDirection},
	{"empty direction", "BGT_NATURE,BGT_OPBUDG,BGT_CODRD,BGT_MTREAL\n6042,0,,1\n", 2, "BGT_CODRD", ExpectDirection},
	{"bad operation", "BGT_NATURE,BGT_OPBUDG,BGT_CODRD,BGT_MTREAL\n6042,2,D,1\n", 2, "BGT_OPBUDG", ExpectOperation},
	{"empty operation", "BGT_NATURE,BGT_OPBUDG,BGT_CODRD,BGT_MTREAL\n6042,,D,1\n", 2, "BGT_OPBUDG", ExpectOperation},
	{"bad section", "BGT_NATURE,BGT_OPBUDG,BGT_CODRD,BGT_MTREAL,BGT_SECTION\n6042,0,D,1,Z\n", 2, "BGT_SECTION", ExpectSection},
	{"bad natdec", "BGT_NATDEC,BGT_NATURE,BGT_OPBUDG,BGT_CODRD,BGT_MTREAL\nBudget annuel,6042,0,D,1\n", 2, "BGT_NATDEC", ExpectNatDec},
	{"mixed natdec", "BGT_NATDEC,BGT_NATURE,BGT_OPBUDG,BGT_CODRD,BGT_MTREAL\nCA,6042,0,D,1\nBP,6042,0,D,1\n", 3, "BGT_NATDEC", ExpectSameValue},
	{"bad year", "BGT_ANNEE,BGT_NATURE,BGT_OPBUDG,BGT_CODRD,BGT_MTREAL\n21,6042,0,D,1\n", 2, "BGT_ANNEE", ExpectYear},
	{"mixed years", "BGT_ANNEE,BGT_NATURE,BGT_OPBUDG,BGT_CODRD,BGT_MTREAL\n2021,6042,0,D,1\n2022,6042,0,D,1\n", 3, "BGT_ANNEE", ExpectSameValue},
	{"mixed SIRET", "BGT_SIRET,BGT_NATURE,BGT_OPBUDG,BGT_CODRD,BGT_MTREAL\n21560046100085,6042,0,D,1\n21560046100010,6042,0,D,1\n", 3, "BGT_SIRET", ExpectSameValue},
	{"bad nature", "BGT_NATURE,BGT_OPBUDG,BGT_CODRD,BGT_MTREAL\n60A,0,D,1\n", 2, "BGT_NATURE", ExpectNature},
	{"bad function", "BGT_NATURE,BGT_FONCTION,BGT_OPBUDG,BGT_CODRD,BGT_MTREAL\n6042,2a,0,D,1\n", 2, "BGT_FONCTION", ExpectFunction},
	{"missing codrd column", "BGT_NATURE,BGT_OPBUDG,BGT_MTREAL\n6042,0,1\n", 1, "BGT_CODRD", ExpectColumn},
	{"missing amount columns", "BGT_NATURE,BGT_OPBUDG,BGT_CODRD\n6042,0,D\n", 1, "BGT_MTREAL", ExpectColumn},
	{"duplicate column", "BGT_NATURE,BGT_OPBUDG,BGT_CODRD,BGT_MTREAL,bgt_mtreal\n6042,0,D,1,2\n", 1, "bgt_mtreal", ExpectUniqueColumn},
	{"too many fields", "BGT_NATURE,BGT_OPBUDG,BGT_CODRD,BGT_MTREAL\n6042,0,D,1,,x\n", 2, "", ExpectFieldCount},
	{"error after a multi-line field", "BGT_NATURE,BGT_NATURE_LABEL,BGT_OPBUDG,BGT_CODRD,BGT_MTREAL\n6042,\"a\nb\",0,D,1\n6042,c,0,D,x\n", 4, "BGT_MTREAL", ExpectAmount},
	{"error in a multi-line record", "BGT_NATURE,BGT_NATURE_LABEL,BGT_OPBUDG,BGT_CODRD,BGT_MTREAL\n6042,ok,0,D,1\n6042,\"a\nb\",0,D,x\n", 3, "BGT_MTREAL", ExpectAmount},
	{"error after blank lines", "BGT_NATURE,BGT_OPBUDG,BGT_CODRD,BGT_MTREAL\n\n\n6042,0,D,x\n", 4, "BGT_MTREAL", ExpectAmount},
	{"CRLF error line", "BGT_NATURE,BGT_OPBUDG,BGT_CODRD,BGT_MTREAL\r\n6042,0,D,1\r\n6042,0,D,x\r\n", 3, "BGT_MTREAL", ExpectAmount},
	{"unterminated quote", "BGT_NATURE,BGT_OPBUDG,BGT_CODRD,BGT_MTREAL\n6042,0,D,1\n\"6042,0,D,x\n", 3, "BGT_NATURE", ExpectNature},
}

func TestReadSCDLErrors(t *testing.T) {
	for _, tt := range scdlErrorTests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := readSCDL("budget.csv", []byte(tt.in))
			if doc != nil {
				t.Errorf("document returned with an error")
			}
			wantError(t, err, tt.line, tt.field, tt.expected)
		})
	}
}

// scdlFixtures are the hand-made files in testdata/scdl.
var scdlFixtures = []struct {
	file  string
	kind  budget.Kind
	lines []string
}{
	{"comma-utf8.csv", budget.KindCA, []string{
		"D0F 62268/313 ch=011 MtReal=12279.97 MtBudgPrec=0.00 CredOuv=20535.00 MtRAR3112=0.00 @2",
		"D0F 6338/70 ch=012 MtReal=11170.21 MtBudgPrec=0.00 CredOuv=14080.00 MtRAR3112=0.00 @3",
		"R1 7811/01 ch=042 MtReal=500.00 @4",
	}},
	{"semicolon-latin1-crlf.csv", budget.KindBP, []string{
		"D0F 6042/212 ch=011 MtPrev=1234.56 @2",
		"D0I 2313/212 ch=23 MtPrev=250000.00 @3",
		"R0F 7411/01 ch=74 MtPrev=98765.40 @4",
	}},
	{"multiline-bom.csv", budget.KindDM, []string{
		"D0F 6042/ ch=011 MtPropNouv=100.00 MtRARPrec=0.00 @2",
		"D0F 6232/ ch=011 MtPropNouv=-50.00 @6",
	}},
}

func TestReadSCDLFixtures(t *testing.T) {
	for _, tt := range scdlFixtures {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", "scdl", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			doc, err := Read(tt.file, data, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if doc.Format != budget.FormatSCDL || doc.Kind != tt.kind {
				t.Errorf("format %q kind %q, want scdl %q", doc.Format, doc.Kind, tt.kind)
			}
			if got := summaries(doc); !reflect.DeepEqual(got, tt.lines) {
				t.Errorf("lines\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.lines, "\n"))
			}
			checkSane(t, data, doc)
		})
	}
}

// realSCDL lists the real SCDL files and what is known about them.
var realSCDL = []struct {
	path      string
	kind      budget.Kind
	year      int
	rows      int // data rows in the file
	functions bool
	noLabel   []int // lines whose account has no label in the file
}{
	{"morbihan-56/CA_2021.scdl.csv", budget.KindCA, 2021, 1273, true, nil},
	{"crach-56046/BP_2022.scdl.csv", budget.KindBP, 2022, 201, false, nil},
	{"crach-56046/CA_2021.scdl.csv", budget.KindCA, 2021, 196, false, nil},
	{"crach-56046/DM2_2021.scdl.csv", budget.KindDM, 2021, 185, false, nil},
	{"crach-56046/DM3_2021.scdl.csv", budget.KindDM, 2021, 186, false, nil},
	{"crach-56046-lotissement/BP_2022.scdl.csv", budget.KindBP, 2022, 21, false, nil},
	{"crach-56046-lotissement/CA_2021.scdl.csv", budget.KindCA, 2021, 20, false, nil},
	{"crach-56046-lotissement/DM1_2022.scdl.csv", budget.KindDM, 2022, 20, false, nil},
	// The CFU's SCDL export says "Compte administratif" in BGT_NATDEC.
	{"mohon-56134/CFU_2023.scdl.csv", budget.KindCA, 2023, 163, false, nil},
	// Account 6518 (line 79) comes without a label.
	{"saint-malo-agglomeration-transport/BP_2022.scdl.csv", budget.KindBP, 2022, 123, false, []int{79}},
}

func TestReadSCDLRealFiles(t *testing.T) {
	dir := sharedtest.Path(t, "documents")
	for _, tt := range realSCDL {
		t.Run(tt.path, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, tt.path))
			if err != nil {
				t.Fatal(err)
			}
			if f, err := Detect(tt.path, data); err != nil || f != budget.FormatSCDL {
				t.Fatalf("Detect = %q, %v", f, err)
			}
			doc, err := Read(filepath.Base(tt.path), data, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if doc.Kind != tt.kind || doc.Year != tt.year || len(doc.Lines) != tt.rows {
				t.Errorf("kind %q year %d lines %d, want %q %d %d", doc.Kind, doc.Year, len(doc.Lines), tt.kind, tt.year, tt.rows)
			}
			if doc.Authority.Name == "" || len(doc.Authority.SIRET) != 14 || doc.Authority.SIREN != doc.Authority.SIRET[:9] {
				t.Errorf("authority %+v", doc.Authority)
			}
			withFunction := 0
			var noLabel []int
			for _, l := range doc.Lines {
				if l.Function != "" {
					withFunction++
					if l.FunctionLabel == "" {
						t.Errorf("line %d: function %s without label", l.Pos, l.Function)
					}
				}
				if l.Label == "" {
					noLabel = append(noLabel, l.Pos)
				}
			}
			if !reflect.DeepEqual(noLabel, tt.noLabel) {
				t.Errorf("lines without a label: %v, want %v", noLabel, tt.noLabel)
			}
			if tt.functions && withFunction != len(doc.Lines) || !tt.functions && withFunction != 0 {
				t.Errorf("%d of %d lines have a function", withFunction, len(doc.Lines))
			}
			checkSane(t, data, doc)
			// Pos follows the file: every record is on one line here.
			for i, l := range doc.Lines {
				if l.Pos != i+2 {
					t.Fatalf("line %d: Pos %d, want %d", i, l.Pos, i+2)
				}
			}
		})
	}
}

// TestSCDLMatchesXML compares every real SCDL file with its TOTEM/CFU twin:
// same count of expense lines, same totals of MtReal and MtPrev per CodRD,
// and in fact the same lines (direction, operation, nature, function,
// chapter and every non-zero amount). Known differences: the SCDL gives
// BGT_SECTION where TOTEM lines have none, and Mohon's CFU is exported to
// SCDL as "Compte administratif" (NatDec 09 instead of 10).
func TestSCDLMatchesXML(t *testing.T) {
	dir := sharedtest.Path(t, "documents")
	for _, tt := range realSCDL {
		xmlPath := filepath.Join(dir, strings.TrimSuffix(tt.path, ".scdl.csv")+".xml")
		xmlData, err := os.ReadFile(xmlPath)
		if os.IsNotExist(err) {
			continue
		}
		t.Run(tt.path, func(t *testing.T) {
			if err != nil {
				t.Fatal(err)
			}
			csvData, err := os.ReadFile(filepath.Join(dir, tt.path))
			if err != nil {
				t.Fatal(err)
			}
			scdl, err := Read(tt.path, csvData, Options{})
			if err != nil {
				t.Fatal(err)
			}
			xml, err := Read(xmlPath, xmlData, Options{})
			if err != nil {
				t.Fatal(err)
			}
			wantKind := xml.Kind
			if xml.Kind == budget.KindCFU {
				wantKind = budget.KindCA
			}
			if scdl.Kind != wantKind || scdl.Year != xml.Year || scdl.Authority.SIRET != xml.Authority.SIRET {
				t.Errorf("SCDL %s %d %s, XML %s %d %s", scdl.Kind, scdl.Year, scdl.Authority.SIRET, xml.Kind, xml.Year, xml.Authority.SIRET)
			}
			type totals struct {
				n           int
				real, voted budget.Amount
			}
			sum := func(doc *budget.Document) map[budget.Direction]totals {
				m := map[budget.Direction]totals{}
				for i := range doc.Lines {
					l := &doc.Lines[i]
					s := m[l.Direction]
					s.n++
					a, _ := l.Amount(budget.MtReal)
					s.real += a
					a, _ = l.Amount(budget.MtPrev)
					s.voted += a
					m[l.Direction] = s
				}
				return m
			}
			if s, x := sum(scdl), sum(xml); !reflect.DeepEqual(s, x) {
				t.Errorf("totals per CodRD: SCDL %+v, XML %+v", s, x)
			}
			key := func(l budget.Line) string {
				k := fmt.Sprintf("%c%c %s/%s ch=%s", l.Direction, l.Operation, l.Nature, l.Function, l.ContNat)
				for f := budget.Field(0); f < budget.NumFields; f++ {
					if a, _ := l.Amount(f); a != 0 {
						k += fmt.Sprintf(" %s=%s", f, a)
					}
				}
				return k
			}
			count := map[string]int{}
			for _, l := range scdl.Lines {
				count[key(l)]++
			}
			for _, l := range xml.Lines {
				count[key(l)]--
			}
			for k, n := range count {
				if n > 0 {
					t.Errorf("only in SCDL (%d×): %s", n, k)
				} else if n < 0 {
					t.Errorf("only in XML (%d×): %s", -n, k)
				}
			}
		})
	}
}
