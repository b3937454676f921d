package reader

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/jeu1000/jeu1000/internal/budget"
	"github.com/jeu1000/jeu1000/internal/sharedtest"
)

var detectTests = []struct {
	name string
	in   string
	want budget.Format // "" = unknown format
}{
	// XML
	{"TOTEM", `<?xml version="1.0"?><DocumentBudgetaire xmlns="x"/>`, budget.FormatTOTEM},
	{"TOTEM with prefix and comment", "\uFEFF\n  <?xml version='1.0'?>\n<!-- <Other> -->\n<db:DocumentBudgetaire>", budget.FormatTOTEM},
	{"CFU", `<CompteFinancierUnique xmlns="http://www.minefi.gouv.fr/cp/demat/doccfu">`, budget.FormatTOTEM},
	{"other XML", `<?xml version="1.0"?><Budget/>`, ""},
	{"unterminated comment", `<!-- <DocumentBudgetaire>`, ""},
	// JSON
	{"balance JSON object", `{"siret": "1", "records": [{"exer": "2019", "ident": "1", "compte": "6042"}]}`, budget.FormatBalanceJSON},
	{"balance JSON upper-case keys", `{"records": [{"EXER": "2019", "IDENT": "1", "COMPTE": "6042"}]}`, budget.FormatBalanceJSON},
	{"balance JSON empty records", `{"records": []}`, budget.FormatBalanceJSON},
	{"balance JSON array", `[{"exer": "2019", "ident": "1", "compte": "6042"}]`, budget.FormatBalanceJSON},
	{"JSON array of something else", `[{"exer": "2019", "nom": "x"}]`, ""},
	{"empty JSON array", `[]`, ""},
	{"JSON records of something else", `{"records": [{"nom": "x"}]}`, ""},
	{"JSON without records", `{"type": "FeatureCollection", "features": []}`, ""},
	{"broken JSON", `{"records": [{"exer": `, ""},
	// CSV
	{"SCDL", "BGT_NATDEC,BGT_ANNEE,BGT_NATURE\n", budget.FormatSCDL},
	{"SCDL semicolon lower case", "bgt_nature;bgt_mtreal\n", budget.FormatSCDL},
	{"SCDL quoted headers", "\"BGT_NATURE\";\"BGT_MTREAL\"\r\n", budget.FormatSCDL},
	{"balance CSV", nationalHeader + "\n", budget.FormatBalanceCSV},
	{"balance CSV old layout", "exer;ident;compte;obnetdeb;oobdeb\n", budget.FormatBalanceCSV},
	{"template", "section;fonction;montant\n", budget.FormatTemplate},
	{"template English comma", "Amount,Function,Section,Label\n", budget.FormatTemplate},
	{"template after comments", "# collectivite: X\n\n\"# annee: 2025\";;\nSection;Fonction;Montant (€)\n", budget.FormatTemplate},
	{"template missing amount", "section;fonction;libelle\n", ""},
	{"other CSV", "nom;population\nBordeaux;261804\n", ""},
	// Nothing
	{"empty", "", ""},
	{"blank", " \r\n\t\n", ""},
	{"comments only", "# annee: 2025\n", ""},
	{"binary", "\x00\x01\x02PK\x03\x04", ""},
}

func TestDetect(t *testing.T) {
	for _, tt := range detectTests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Detect("f", []byte(tt.in))
			if tt.want == "" {
				wantError(t, err, 0, "", ExpectFormat)
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("Detect = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestDetectFixtures(t *testing.T) {
	for _, tt := range []struct {
		file string
		want budget.Format
	}{
		{"detect/prefixed-latin1.xml", budget.FormatTOTEM},
		{"detect/cfu-root.xml", budget.FormatTOTEM},
		{"detect/other-root.xml", ""},
		{"detect/other-records.json", ""},
		{"detect/not-budget.csv", ""},
		{"detect/utf16-template.csv", budget.FormatTemplate},
		{"scdl/comma-utf8.csv", budget.FormatSCDL},
		{"scdl/semicolon-latin1-crlf.csv", budget.FormatSCDL},
		{"scdl/multiline-bom.csv", budget.FormatSCDL},
		{"balance/records-array.json", budget.FormatBalanceJSON},
		{"balance/old-layout-latin1.csv", budget.FormatBalanceCSV},
		{"template/example.csv", budget.FormatTemplate},
		{"template/excel-cp1252.csv", budget.FormatTemplate},
		{"totem/minimal.xml", budget.FormatTOTEM},
		{"totem/cfu.xml", budget.FormatTOTEM},
	} {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			got, err := Detect(tt.file, data)
			if tt.want == "" {
				wantError(t, err, 0, "", ExpectFormat)
				if _, err := Read(tt.file, data, Options{}); err == nil {
					t.Error("Read accepted a file of unknown format")
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("Detect = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

// TestDetectRealFiles detects every real document and balance.
func TestDetectRealFiles(t *testing.T) {
	dir := sharedtest.Dir(t)
	files, err := filepath.Glob(filepath.Join(dir, "documents", "*", "*"))
	if err != nil {
		t.Fatal(err)
	}
	balances, _ := filepath.Glob(filepath.Join(dir, "balances", "*.json"))
	files = append(files, balances...)
	if len(files) < 30 {
		t.Fatalf("only %d files found under %s", len(files), dir)
	}
	for _, f := range files {
		want := budget.FormatTOTEM
		switch {
		case strings.HasSuffix(f, ".scdl.csv"):
			want = budget.FormatSCDL
		case strings.HasSuffix(f, ".json"):
			want = budget.FormatBalanceJSON
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := Detect(filepath.Base(f), data); err != nil || got != want {
			t.Errorf("%s: Detect = %q, %v; want %q", f, got, err, want)
		}
	}
}

func TestReadUTF16Template(t *testing.T) {
	text := "section\tfonction\tmontant\tlibelle\r\nF\t212\t1 000,50\tÉcole\r\n"
	for _, bigEndian := range []bool{false, true} {
		units := utf16.Encode([]rune("\uFEFF" + text))
		data := make([]byte, 0, 2*len(units))
		for _, u := range units {
			if bigEndian {
				data = append(data, byte(u>>8), byte(u))
			} else {
				data = append(data, byte(u), byte(u>>8))
			}
		}
		doc, err := Read("unicode.txt", data, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if got := lineSummary(doc.Lines[0]); got != "D0F /212 MtPrev=1000.50 @2" || doc.Lines[0].Label != "École" {
			t.Errorf("big endian %v: %s %q", bigEndian, got, doc.Lines[0].Label)
		}
	}
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"  Dépense ":                "depense",
		"RÉEL":                      "reel",
		"Budget  supplémentaire":    "budget supplementaire",
		"Compte\u00a0administratif": "compte administratif",
		"Libellé":                   "libelle",
		"ÇA":                        "ca",
	} {
		if got := fold(in); got != want {
			t.Errorf("fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSniffComma(t *testing.T) {
	for in, want := range map[string]rune{
		"a;b;c":          ';',
		"a,b,c":          ',',
		"a\tb\tc":        '\t',
		`"a;b",c,d`:      ',',
		"a":              ';',
		"a,b;c":          ';',
		"BGT_NATDEC,BGT": ',',
	} {
		if got := SniffComma([]byte(in)); got != want {
			t.Errorf("SniffComma(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestErrorMessages(t *testing.T) {
	_, err := Read("budget.csv", []byte("BGT_NATURE,BGT_OPBUDG,BGT_CODRD,BGT_MTREAL\n6042,0,D,12a\n"), Options{})
	e, ok := AsError(err)
	if !ok {
		t.Fatalf("%v is not an *Error", err)
	}
	if got, want := e.Error(), `budget.csv:2: field BGT_MTREAL: expected an amount such as 1234.56, got "12a": not an amount: "12a"`; got != want {
		t.Errorf("Error() = %q\nwant      %q", got, want)
	}
	if got, want := e.French(), "budget.csv, ligne 2, champ BGT_MTREAL : montant attendu (ex. 1234,56), trouvé « 12a »."; got != want {
		t.Errorf("French() = %q\nwant       %q", got, want)
	}
}
