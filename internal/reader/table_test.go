package reader

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/jeu1000/jeu1000/internal/budget"
)

// The heads of the real départements' exports (../shared/data/departement-csv).
const (
	cediHead = "Département,Budget,Type nomenclature,Exercice,Type fichier,Date vote,Dépense/Recette,Investissement/Fonctionnement,Réel/Ordre id/Ordre diff,Chapitre,Sous-chapitre,Opération,Article,Rubrique fonctionnelle,Libellé,Code devise,Montant,          \n"
	hdsHead  = "Année;Dépense/Recette;Investissement/Fonctionnement;Chapitre;Libellé chapitre;Rubrique fonctionnelle;Article;Libellé article;Montant;Réel/Ordre id/Ordre diff\n"
)

var proposeTests = []struct {
	name    string
	in      string
	preset  string
	columns map[Role]int
	conf    Confidence // of the amount's column
}{
	{"cedi", cediHead + "C001,B00,M52,2016,CA,07/04/2017,D,I,OR,C23,,,A23151,R621    ,Réseaux,E,283138.88,   \n",
		"cedi", map[Role]int{RoleNomenclature: 2, RoleYear: 3, RoleKind: 4, RoleDirection: 6, RoleSection: 7, RoleOperation: 8, RoleChapter: 9, RoleNature: 12, RoleFunction: 13, RoleLabel: 14, RoleAmount: 16}, FromPreset},
	{"hauts-de-seine", hdsHead + "2013;Dépense;Investissement;C926;TRANSFERT;R926;A13912;Subventions;61743.0;OE\n",
		"hauts-de-seine-m52", map[Role]int{RoleYear: 0, RoleDirection: 1, RoleSection: 2, RoleChapter: 3, RoleFunction: 5, RoleNature: 6, RoleLabel: 7, RoleAmount: 8, RoleOperation: 9}, FromPreset},
	{"scdl", "BGT_NATDEC,BGT_ANNEE,BGT_NATURE,BGT_FONCTION,BGT_CODRD,BGT_OPBUDG,BGT_MTREAL,BGT_MTPREV\n09,2021,6042,212,D,0,12.5,13\n",
		"scdl", map[Role]int{RoleKind: 0, RoleYear: 1, RoleNature: 2, RoleFunction: 3, RoleDirection: 4, RoleOperation: 5, RoleExecuted: 6, RoleVoted: 7}, ""},
	{"template", "section;fonction;montant;nature\nF;212;100;6042\n",
		"modele", map[Role]int{RoleSection: 0, RoleFunction: 1, RoleAmount: 2, RoleNature: 3}, FromPreset},
	// A finance officer's own sheet: words in the headers.
	{"headers", "Imputation;Code fonction;Libellé de la ligne;Sens;Crédits votés 2025;Commentaire\n6042;212;Cantine;D;1 250,00;à revoir\n",
		"", map[Role]int{RoleNature: 0, RoleFunction: 1, RoleLabel: 2, RoleDirection: 3, RoleVoted: 4}, ""},
	// Headers that say nothing: the values do (C926, R0202 padded, A6574, OR/OE).
	{"values", "a;b;c;d;e;f;g\nC011;R0202   ;A6574;OR;1 234,56;I;D\nC926;R926;A13912;OE;61743.0;F;R\n",
		"", map[Role]int{RoleChapter: 0, RoleFunction: 1, RoleNature: 2, RoleOperation: 3, RoleAmount: 4, RoleSection: 5, RoleDirection: 6}, FromValues},
}

func TestPropose(t *testing.T) {
	for _, tt := range proposeTests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Inspect("t.csv", []byte(tt.in), Options{})
			if err != nil {
				t.Fatal(err)
			}
			m := p.Mapping
			if m.Preset != tt.preset || !reflect.DeepEqual(m.Columns, tt.columns) {
				t.Errorf("preset %q columns %v\nwant %q %v", m.Preset, m.Columns, tt.preset, tt.columns)
			}
			if !p.Complete || p.Header == nil || len(p.Rows) == 0 || p.Shape == "" {
				t.Errorf("complete %v header %q rows %q shape %q", p.Complete, p.Header, p.Rows, p.Shape)
			}
			if tt.conf != "" && p.Confidence[RoleAmount] != tt.conf {
				t.Errorf("amount from %q, want %q", p.Confidence[RoleAmount], tt.conf)
			}
		})
	}
}

func TestReadMapped(t *testing.T) {
	tests := []struct {
		name string
		in   string
		opt  Options
		kind budget.Kind
		year int
		want []string
	}{
		{"cedi codes", cediHead +
			"C001,B00,M52,2016,CA,07/04/2017,D,I,OR,C23,,,A23151,R621    ,Réseaux,E,283138.88,   \n" +
			"C001,B00,M52,2016,CA,07/04/2017,R,I,OE,C040,,,A28031,R01     ,Amort.,E,\"1,5\",   \n" +
			"C001,B00,M52,2016,CA,07/04/2017,D,F,OI,C023,,,A023,R01 ,Virement,E,-12,   \n" +
			",,,,,,,,,,,,,,Total,,283128.38,\n",
			Options{}, budget.KindCA, 2016,
			[]string{"D0I 23151/621 ch=23 MtReal=283138.88 @2", "R1I 28031/01 ch=040 MtReal=1.50 @3", "D1F 023/01 ch=023 MtReal=-12.00 @4"}},
		{"hauts-de-seine latest year", hdsHead +
			"2013;Dépense;Investissement;C926;T;R926;A13912;S;61743.0;OE\n" +
			"2014;Dépense;Fonctionnement;C930;A;R930202;A6042;P;1000;OR\n" +
			"2014;Recette;Fonctionnement;C930;A;R930202;A7478;P;5;OR\n",
			Options{}, budget.KindCA, 2014,
			[]string{"D0F 6042/930202 MtReal=1000.00 @3", "R0F 7478/930202 MtReal=5.00 @4"}},
		{"hauts-de-seine year asked", hdsHead +
			"2013;Dépense;Investissement;C926;T;R926;A13912;S;61743.0;OE\n" +
			"2014;Dépense;Fonctionnement;C930;A;R930202;A6042;P;1000;OR\n",
			Options{Year: 2013}, budget.KindCA, 2013,
			[]string{"D1I 13912/926 MtReal=61743.00 @2"}},
		{"a title above, a note below", "Budget 2025 de la commune\n\n" +
			"Imputation;Fonction;Libellé;Crédits votés\n6042;212;Cantine;1 250,00\n2313;212;École;\"12 000\"\n;;Total;13 250,00\n",
			Options{}, budget.KindDraft, 0,
			[]string{"D0 6042/212 MtPrev=1250.00 @4", "D0 2313/212 MtPrev=12000.00 @5"}},
		{"mapping by hand", "x;y;z\n212;6042;10\n",
			Options{Mapping: &Mapping{Columns: map[Role]int{RoleFunction: 0, RoleNature: 1, RoleAmount: 2}, Kind: "BP", Header: 1}}, budget.KindBP, 0,
			[]string{"D0 6042/212 MtPrev=10.00 @2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Read("t.csv", []byte(tt.in), tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			got := summaries(doc)
			if doc.Format != budget.FormatTable || doc.Kind != tt.kind || doc.Year != tt.year || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("%s %s %d\n got %q\nwant %s %s %d %q", doc.Format, doc.Kind, doc.Year, got, budget.FormatTable, tt.kind, tt.year, tt.want)
			}
		})
	}
}

func TestReadMappedErrors(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		opt      Options
		line     int
		field    string
		expected string
	}{
		{"no amount column", "id,label,description\nM52-DF-R0,Services généraux,Services généraux\n", Options{}, 0, "", ExpectFormat},
		{"bad account", cediHead + "C001,B00,M52,2016,CA,,D,I,OR,C23,,,A23X51,R621,R,E,1,\n", Options{}, 2, "Article", ExpectNature},
		{"bad operation", cediHead + "C001,B00,M52,2016,CA,,D,I,OX,C23,,,A2315,R621,R,E,1,\n", Options{}, 2, "Réel/Ordre id/Ordre diff", ExpectOperation},
		{"bad amount", cediHead + "C001,B00,M52,2016,CA,,D,I,OR,C23,,,A2315,R621,R,E,12O,\n", Options{}, 2, "Montant", ExpectAmount},
		{"two kinds", cediHead + "C001,B00,M52,2016,CA,,D,I,OR,C23,,,A2315,R621,R,E,1,\nC001,B00,M52,2016,BP,,D,I,OR,C23,,,A2315,R621,R,E,1,\n", Options{}, 3, "Type fichier", ExpectSameValue},
		{"year not in the file", hdsHead + "2013;Dépense;Investissement;C926;T;R926;A13912;S;61743.0;OE\n", Options{Year: 2020}, 0, "Année", ExpectFileYear},
		{"incomplete mapping", "x;y\n1;2\n", Options{Mapping: &Mapping{Columns: map[Role]int{RoleAmount: 1}}}, 1, "", ExpectMapping},
		{"column out of the header", "x;y\n1;2\n", Options{Mapping: &Mapping{Columns: map[Role]int{RoleAmount: 1, RoleNature: 5}}}, 1, "nature", ExpectColumn},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read("t.csv", []byte(tt.in), tt.opt)
			wantError(t, err, tt.line, tt.field, tt.expected)
		})
	}
}

func TestParseMapping(t *testing.T) {
	header := []string{"Année", "Chapitre", "Article", "Rubrique fonctionnelle", "Montant"}
	base := &Mapping{Preset: "x", Columns: map[Role]int{RoleChapter: 1, RoleAmount: 4}}
	m, err := ParseMapping("nature=article, fonction=Rubrique Fonctionnelle,montant=#5,chapitre=,kind=ca,votedBy=function,header=3", header, base)
	if err != nil {
		t.Fatal(err)
	}
	want := &Mapping{Header: 3, Columns: map[Role]int{RoleNature: 2, RoleFunction: 3, RoleAmount: 4}, Kind: "CA", VotedBy: "function"}
	if !reflect.DeepEqual(m, want) {
		t.Errorf("got %+v, want %+v", m, want)
	}
	if base.Columns[RoleChapter] != 1 || base.Preset != "x" {
		t.Error("the base mapping was changed")
	}
	for _, bad := range []string{"montant", "prix=Montant", "montant=Prix", "header=x"} {
		if _, err := ParseMapping(bad, header, nil); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

// TestPresetsMatchReaders: a file of a format with its own reader (SCDL,
// template) read through its preset gives the same lines.
func TestPresetsMatchReaders(t *testing.T) {
	for _, file := range []string{"scdl/comma-utf8.csv", "scdl/semicolon-latin1-crlf.csv", "template/example.csv"} {
		data, err := os.ReadFile(filepath.Join("testdata", file))
		if err != nil {
			t.Fatal(err)
		}
		want, err := Read(file, data, Options{})
		if err != nil {
			t.Fatal(err)
		}
		p, err := Inspect(file, data, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if p.Format != want.Format || p.Mapping.Preset == "" {
			t.Fatalf("%s: format %s preset %q", file, p.Format, p.Mapping.Preset)
		}
		got, err := Read(file, data, Options{Mapping: p.Mapping})
		if err != nil {
			t.Fatal(err)
		}
		if got.Kind != want.Kind || got.Year != want.Year || !reflect.DeepEqual(summaries(got), summaries(want)) {
			t.Errorf("%s: through the preset %s %d\n%q\nits reader %s %d\n%q", file, got.Kind, got.Year, summaries(got), want.Kind, want.Year, summaries(want))
		}
	}
}

func TestInspectYears(t *testing.T) {
	in := hdsHead + "2013;Dépense;Investissement;C926;T;R926;A13912;S;1;OE\n2016;Dépense;Investissement;C926;T;R926;A13912;S;1;OE\n2009;Dépense;Investissement;C926;T;R926;A13912;S;1;OE\n"
	p, err := Inspect("h.csv", []byte(in), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(p.Years, []int{2009, 2013, 2016}) || p.Year != 2016 || p.Format != budget.FormatTable || len(p.Presets) < 4 {
		t.Errorf("years %v year %d format %s presets %d", p.Years, p.Year, p.Format, len(p.Presets))
	}
	if !strings.HasPrefix(p.Shape, "10:annee|depense/recette|") {
		t.Errorf("shape %q", p.Shape)
	}
	// Documents of other formats need no mapping.
	tot, err := Inspect("x.xml", []byte(`<DocumentBudgetaire/>`), Options{})
	if err != nil || tot.Format != budget.FormatTOTEM || tot.Mapping != nil {
		t.Errorf("TOTEM: %v %+v", err, tot)
	}
}

func FuzzReadMapped(f *testing.F) {
	for _, tt := range proposeTests {
		f.Add([]byte(tt.in))
	}
	f.Add([]byte("a;b\n;\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := readMapped("f.csv", data, Options{})
		checkRead(t, data, doc, err)
		if _, err := Inspect("f.csv", data, Options{}); err != nil {
			if _, ok := AsError(err); !ok {
				t.Fatalf("Inspect: error %v (%T) is not an *Error", err, err)
			}
		}
	})
}
