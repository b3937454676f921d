package reader

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/jeu1000/jeu1000/internal/budget"
	"github.com/jeu1000/jeu1000/internal/sharedtest"
)

// nationalHeader is the 2024 layout of the national balance file.
const nationalHeader = "EXER;IDENT;NDEPT;LBUDG;MODVTHEL;INSEE;CBUDG;CTYPE;CSTYP;NOMEN;siren;CREGI;CACTI;SECTEUR;FINESS;CODBUD1;CATEG;BAL;FONCTION;COMPTE;BEDEB;BECRE;OBNETDEB;OBNETCRE;ONBDEB;ONBCRE;OOBDEB;OOBCRE;SD;SC"

// nationalRow builds a row of nationalHeader from the values that vary.
func nationalRow(ident, ndept, insee, lbudg, cbudg, nomen, categ, fonction, compte, obnetdeb, oobdeb string) string {
	siren := ident
	if len(siren) > 9 {
		siren = siren[:9]
	}
	return strings.Join([]string{"2024", ident, ndept, lbudg, "", insee, cbudg, "101", "00", nomen, siren, "075", "40", "", "", "", categ, "DEF",
		fonction, compte, "0", "0", obnetdeb, "0", "0", "0", oobdeb, "0", "0", "0"}, ";")
}

var balanceCSVTests = []struct {
	name  string
	in    string
	opt   Options
	auth  budget.Authority
	nomen budget.Nomenclature
	bud   string
	lines []string
}{
	{"national layout",
		nationalHeader + "\n" +
			nationalRow("21330063500017", "033", "063", "BORDEAUX", "1", "M57", "Commune", "212", "60623", "1234,56", "0") + "\n" +
			nationalRow("21330063500017", "033", "063", "BORDEAUX", "1", "M57", "Commune", "", "6554", "100", "40,5") + "\n" +
			nationalRow("21330063500017", "033", "063", "BORDEAUX", "1", "M57", "Commune", "020", "6811", "50", "50") + "\n" +
			nationalRow("21330063500017", "033", "063", "BORDEAUX", "1", "M57", "Commune", "01", "6688", "-12,3", "") + "\n",
		Options{},
		budget.Authority{Name: "BORDEAUX", SIRET: "21330063500017", SIREN: "213300635", INSEE: "33063", Type: "Commune"},
		budget.Nomenclature{Norm: "M57"}, "budget principal",
		[]string{"D0 60623/212 MtReal=1234.56 @2", "D0 6554/ MtReal=59.50 @3", "D0 6688/01 MtReal=-12.30 @5"}},
	{"older layout: fewer columns, any case, backtick INSEE, dotted functions",
		"exer;ident;ndept;lbudg;insee;cbudg;nomen;categ;fonction;compte;obnetdeb;oobdeb\r\n" +
			"2013;21340172201787;034;MONTPELLIER;`172;1;M14;Commune;0.20;6042;10,00;0,00\r\n" +
			"2013;21340172201787;034;MONTPELLIER;`172;1;M14;Commune;8-22;2151;5;0\r\n" +
			"2013;21340172201787;034;MONTPELLIER;`172;1;M14;Commune;'93;6574;7;0\r\n",
		Options{},
		budget.Authority{Name: "MONTPELLIER", SIRET: "21340172201787", SIREN: "213401722", INSEE: "34172", Type: "Commune"},
		budget.Nomenclature{Norm: "M14"}, "budget principal",
		[]string{"D0 6042/020 MtReal=10.00 @2", "D0 2151/822 MtReal=5.00 @3", "D0 6574/93 MtReal=7.00 @4"}},
	{"Latin-1 label, overseas commune",
		"EXER;IDENT;NDEPT;LBUDG;INSEE;CBUDG;NOMEN;CATEG;FONCTION;COMPTE;OBNETDEB;OOBDEB\n" +
			"2024;21971050000018;101;BASSE-TERRE ÉCOLE;105;1;M57A;Commune;212;6042;1;0\n",
		Options{},
		budget.Authority{Name: "BASSE-TERRE ÉCOLE", SIRET: "21971050000018", SIREN: "219710500", INSEE: "97105", Type: "Commune"},
		budget.Nomenclature{Norm: "M57", Variant: "M57_A"}, "budget principal",
		[]string{"D0 6042/212 MtReal=1.00 @2"}},
	{"département",
		"EXER;IDENT;NDEPT;LBUDG;INSEE;CBUDG;NOMEN;CATEG;FONCTION;COMPTE;OBNETDEB;OOBDEB\n" +
			"2024;22560001400016;056;DEPARTEMENT DU MORBIHAN;000;1;M57;DEPT;51;6568;1;0\n",
		Options{},
		budget.Authority{Name: "DEPARTEMENT DU MORBIHAN", SIRET: "22560001400016", SIREN: "225600014", INSEE: "56", Type: "DEPT"},
		budget.Nomenclature{Norm: "M57"}, "budget principal",
		[]string{"D0 6568/51 MtReal=1.00 @2"}},
	{"principal budget chosen among the authority's budgets",
		nationalHeader + "\n" +
			nationalRow("21560046100085", "056", "046", "CRACH LOTISSEMENT", "3", "M14", "Commune", "", "6045", "1", "0") + "\n" +
			nationalRow("21560046100010", "056", "046", "CRACH", "1", "M14", "Commune", "", "6042", "2", "0") + "\n" +
			nationalRow("21560046100085", "056", "046", "CRACH LOTISSEMENT", "3", "M14", "Commune", "", "6045", "3", "0") + "\n",
		Options{Ident: "215600461"},
		budget.Authority{Name: "CRACH", SIRET: "21560046100010", SIREN: "215600461", INSEE: "56046", Type: "Commune"},
		budget.Nomenclature{Norm: "M14"}, "budget principal",
		[]string{"D0 6042/ MtReal=2.00 @3"}},
	{"annex budget chosen by its SIRET",
		nationalHeader + "\n" +
			nationalRow("21560046100010", "056", "046", "CRACH", "1", "M14", "Commune", "", "6042", "2", "0") + "\n" +
			nationalRow("21560046100085", "056", "046", "CRACH LOTISSEMENT", "3", "M14", "Commune", "", "6045", "3", "0") + "\n",
		Options{Ident: "21560046100085"},
		budget.Authority{Name: "CRACH LOTISSEMENT", SIRET: "21560046100085", SIREN: "215600461", INSEE: "56046", Type: "Commune"},
		budget.Nomenclature{Norm: "M14"}, "budget annexe",
		[]string{"D0 6045/ MtReal=3.00 @3"}},
	{"a file with only one annex budget",
		nationalHeader + "\n" +
			nationalRow("21560046100085", "056", "046", "CRACH LOTISSEMENT", "3", "M14", "Commune", "", "6045", "3", "0") + "\n",
		Options{},
		budget.Authority{Name: "CRACH LOTISSEMENT", SIRET: "21560046100085", SIREN: "215600461", INSEE: "56046", Type: "Commune"},
		budget.Nomenclature{Norm: "M14"}, "budget annexe",
		[]string{"D0 6045/ MtReal=3.00 @2"}},
	{"authority chosen by INSEE code among several",
		nationalHeader + "\n" +
			nationalRow("21330063500017", "033", "063", "BORDEAUX", "1", "M57", "Commune", "212", "60623", "1", "0") + "\n" +
			nationalRow("21340172201787", "034", "172", "MONTPELLIER", "1", "M57", "Commune", "212", "60623", "2", "0") + "\n",
		Options{Ident: " 34172 "},
		budget.Authority{Name: "MONTPELLIER", SIRET: "21340172201787", SIREN: "213401722", INSEE: "34172", Type: "Commune"},
		budget.Nomenclature{Norm: "M57"}, "budget principal",
		[]string{"D0 60623/212 MtReal=2.00 @3"}},
	{"comma separator, BOM, quoted fields",
		"\uFEFFEXER,IDENT,LBUDG,COMPTE,FONCTION,OBNETDEB,OOBDEB\n2024,21330063500017,\"BORDEAUX, VILLE\",6042,212,\"1,5\",0\n",
		Options{},
		budget.Authority{Name: "BORDEAUX, VILLE", SIRET: "21330063500017", SIREN: "213300635"},
		budget.Nomenclature{}, "",
		[]string{"D0 6042/212 MtReal=1.50 @2"}},
}

func TestReadBalanceCSV(t *testing.T) {
	for _, tt := range balanceCSVTests {
		t.Run(tt.name, func(t *testing.T) {
			data := []byte(tt.in)
			if !strings.ContainsRune(tt.in, '\uFEFF') {
				data = toLatin1(tt.in)
			}
			doc, err := Read("balance.csv", data, tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			if doc.Format != budget.FormatBalanceCSV || doc.Kind != budget.KindBalance || doc.VotedBy != budget.VotedUnknown {
				t.Errorf("format %q kind %q votedBy %v", doc.Format, doc.Kind, doc.VotedBy)
			}
			if doc.Authority != tt.auth || doc.Nomenclature != tt.nomen || doc.Budget != tt.bud {
				t.Errorf("authority %+v nomenclature %+v budget %q\nwant %+v %+v %q", doc.Authority, doc.Nomenclature, doc.Budget, tt.auth, tt.nomen, tt.bud)
			}
			if got := summaries(doc); !reflect.DeepEqual(got, tt.lines) {
				t.Errorf("lines\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.lines, "\n"))
			}
			checkSane(t, data, doc)
		})
	}
}

var balanceErrorTests = []struct {
	name     string
	in       string
	opt      Options
	line     int
	field    string
	expected string
}{
	{"bad amount", "EXER;IDENT;COMPTE;OBNETDEB;OOBDEB\n2024;1;6042;1;0\n2024;1;6042;1,2,3;0\n", Options{}, 3, "OBNETDEB", ExpectAmount},
	{"bad ordre amount", "EXER;IDENT;COMPTE;OBNETDEB;oobdeb\n2024;1;6042;1;x\n", Options{}, 2, "OOBDEB", ExpectAmount},
	{"bad account", "EXER;IDENT;COMPTE;OBNETDEB;OOBDEB\n2024;1;60A2;1;0\n", Options{}, 2, "COMPTE", ExpectNature},
	{"empty account", "EXER;IDENT;COMPTE;OBNETDEB;OOBDEB\n2024;1;;1;0\n", Options{}, 2, "COMPTE", ExpectNature},
	{"bad function", "EXER;IDENT;FONCTION;COMPTE;OBNETDEB;OOBDEB\n2024;1;2x;6042;1;0\n", Options{}, 2, "FONCTION", ExpectFunction},
	{"bad year", "EXER;IDENT;COMPTE;OBNETDEB;OOBDEB\n24;1;6042;1;0\n", Options{}, 2, "EXER", ExpectYear},
	{"several years", "EXER;IDENT;COMPTE;OBNETDEB;OOBDEB\n2023;1;6042;1;0\n2024;1;6042;1;0\n", Options{}, 3, "EXER", ExpectSameValue},
	{"missing column", "EXER;IDENT;COMPTE;OBNETDEB\n2024;1;6042;1\n", Options{}, 1, "OOBDEB", ExpectColumn},
	{"duplicate column", "EXER;IDENT;COMPTE;OBNETDEB;OOBDEB;compte\n2024;1;6042;1;0;6043\n", Options{}, 1, "COMPTE", ExpectUniqueColumn},
	{"several authorities", "EXER;IDENT;LBUDG;CBUDG;COMPTE;OBNETDEB;OOBDEB\n2024;1;A;1;6042;1;0\n2024;2;B;1;6042;1;0\n", Options{}, 0, "IDENT", ExpectIdent},
	{"several annex budgets", "EXER;IDENT;LBUDG;CBUDG;COMPTE;OBNETDEB;OOBDEB\n2024;1;A;3;6042;1;0\n2024;2;B;3;6042;1;0\n", Options{}, 0, "IDENT", ExpectIdent},
	{"unknown authority", "EXER;IDENT;COMPTE;OBNETDEB;OOBDEB\n2024;1;6042;1;0\n", Options{Ident: "213300635"}, 0, "IDENT", ExpectKnownIdent},
	{"no rows", "EXER;IDENT;COMPTE;OBNETDEB;OOBDEB\n", Options{}, 0, "", ExpectLine},
}

func TestReadBalanceCSVErrors(t *testing.T) {
	for _, tt := range balanceErrorTests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := readBalanceCSV("balance.csv", []byte(tt.in), tt.opt)
			if doc != nil {
				t.Error("document returned with an error")
			}
			wantError(t, err, tt.line, tt.field, tt.expected)
		})
	}
}

func TestReadBalanceListsAuthorities(t *testing.T) {
	var b strings.Builder
	b.WriteString("EXER;IDENT;LBUDG;CBUDG;COMPTE;OBNETDEB;OOBDEB\n")
	for i := range 8 {
		fmt.Fprintf(&b, "2024;2100000000000%d;VILLE %d;1;6042;1;0\n", i, i)
	}
	_, err := Read("national.csv", []byte(b.String()), Options{})
	e, ok := AsError(err)
	if !ok || e.Expected != ExpectIdent {
		t.Fatalf("error %v, want ExpectIdent", err)
	}
	want := "21000000000000 (VILLE 0), 21000000000001 (VILLE 1), 21000000000002 (VILLE 2), 21000000000003 (VILLE 3), 21000000000004 (VILLE 4)… 8 in all"
	if e.Got != want {
		t.Errorf("Got %q, want %q", e.Got, want)
	}
}

func TestScanBalanceCSVStreams(t *testing.T) {
	in := nationalHeader + "\n" +
		nationalRow("21330063500017", "033", "063", "BORDEAUX", "1", "M57", "Commune", "2.12", "60623", "1234,56", "0,56") + "\n" +
		nationalRow("21330063500017", "033", "063", "BORDEAUX", "1", "M57", "Commune", "", "6554", "0", "0") + "\n"
	var rows []BalanceRow
	err := ScanBalanceCSV("b.csv", iotest.OneByteReader(strings.NewReader(in)), func(r *BalanceRow) error {
		rows = append(rows, *r)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := BalanceRow{Line: 2, Exer: "2024", Ident: "21330063500017", NDept: "033", Insee: "063", LBudg: "BORDEAUX", CBudg: "1",
		CType: "101", CSTyp: "00", Nomen: "M57", Siren: "213300635", Categ: "Commune", Bal: "DEF", Fonction: "212", Compte: "60623",
		ObNetDeb: 123456, OObDeb: 56}
	if len(rows) != 2 || rows[0] != want || rows[1].Line != 3 || rows[1].Spending() != 0 {
		t.Fatalf("rows %+v\nwant first %+v", rows, want)
	}
	if rows[0].Spending() != 123400 || rows[0].INSEECode() != "33063" || rows[0].SIREN() != "213300635" {
		t.Errorf("spending %s INSEE %s SIREN %s", rows[0].Spending(), rows[0].INSEECode(), rows[0].SIREN())
	}
	stop := errors.New("stop")
	n := 0
	err = ScanBalanceCSV("b.csv", strings.NewReader(in), func(*BalanceRow) error { n++; return stop })
	if err != stop || n != 1 {
		t.Errorf("callback error: got %v after %d rows, want %v after 1", err, n, stop)
	}
}

func TestBalanceRowINSEECode(t *testing.T) {
	for _, tt := range []struct{ ndept, insee, categ, want string }{
		{"033", "063", "Commune", "33063"},
		{"33", "063", "Commune", "33063"},
		{"02A", "004", "Commune", "2A004"},
		{"101", "105", "Commune", "97105"},
		{"104", "11", "Commune", "97411"},
		{"106", "611", "Commune", "97611"},
		{"075", "056", "PARIS", "75056"},
		{"056", "", "DEPT", "56"},
		{"101", "000", "DEPT", "971"},
		{"056", "", "GFP", ""},
		{"", "063", "Commune", ""},
	} {
		r := BalanceRow{NDept: tt.ndept, Insee: tt.insee, Categ: tt.categ}
		if got := r.INSEECode(); got != tt.want {
			t.Errorf("NDEPT %q INSEE %q %s: %q, want %q", tt.ndept, tt.insee, tt.categ, got, tt.want)
		}
	}
}

func TestParseNomenclature(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want budget.Nomenclature
	}{
		{"M14", budget.Nomenclature{Norm: "M14"}},
		{" m57 ", budget.Nomenclature{Norm: "M57"}},
		{"M57A", budget.Nomenclature{Norm: "M57", Variant: "M57_A"}},
		{"M57_A", budget.Nomenclature{Norm: "M57", Variant: "M57_A"}},
		{"M57-D", budget.Nomenclature{Norm: "M57", Variant: "M57_D"}},
		{"M57 abrégée", budget.Nomenclature{Norm: "M57", Variant: "M57_A"}},
		{"M57-M57_P", budget.Nomenclature{Norm: "M57", Variant: "M57_P"}},
		{"M14A", budget.Nomenclature{Norm: "M14", Variant: "M14_COM_INF500"}},
		{"M14-M14_COM_SUP3500", budget.Nomenclature{Norm: "M14", Variant: "M14_COM_SUP3500"}},
		{"M52", budget.Nomenclature{Norm: "M52"}},
		{"M71", budget.Nomenclature{Norm: "M71"}},
		{"M4", budget.Nomenclature{Norm: "M4"}},
		{"M43", budget.Nomenclature{Norm: "M4", Variant: "M43"}},
		{"M49A", budget.Nomenclature{Norm: "M4", Variant: "M49_A"}},
		{"M22", budget.Nomenclature{Norm: "M22"}},
		{"", budget.Nomenclature{}},
		{"XYZ", budget.Nomenclature{Norm: "XYZ"}},
	} {
		if got := parseNomenclature(tt.in); got != tt.want {
			t.Errorf("parseNomenclature(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

var balanceJSONTests = []struct {
	name  string
	in    string
	lines []string
}{
	{"bare array, strings and numbers",
		`[{"exer":"2019","ident":"21330063500017","compte":"6042","fonction":"212","obnetdeb":12.5,"oobdeb":0},
 {"exer":2019,"ident":"21330063500017","compte":"6043","obnetdeb":"7,25","oobdeb":null}]`,
		[]string{"D0 6042/212 MtReal=12.50 @1", "D0 6043/ MtReal=7.25 @2"}},
	{"object with metadata around records, upper-case keys",
		`{"siret": "21330063500017", "records": [
  {"EXER": "2019", "IDENT": "21330063500017", "COMPTE": "6042", "OBNETDEB": 1.005, "OOBDEB": 0}
], "length": 1}`,
		[]string{"D0 6042/ MtReal=1.01 @2"}},
	{"exponents are exact",
		`[{"exer":"2019","ident":"1","compte":"6042","obnetdeb":1.5e3,"oobdeb":0},
{"exer":"2019","ident":"1","compte":"6043","obnetdeb":1E-3,"oobdeb":0},
{"exer":"2019","ident":"1","compte":"6044","obnetdeb":1234567890123456e-5,"oobdeb":-2.5E+1}]`,
		[]string{"D0 6042/ MtReal=1500.00 @1", "D0 6044/ MtReal=12345678926.23 @3"}},
}

func TestReadBalanceJSON(t *testing.T) {
	for _, tt := range balanceJSONTests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Read("balance.json", []byte(tt.in), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if doc.Format != budget.FormatBalanceJSON || doc.Kind != budget.KindBalance || doc.Year != 2019 {
				t.Errorf("format %q kind %q year %d", doc.Format, doc.Kind, doc.Year)
			}
			if got := summaries(doc); !reflect.DeepEqual(got, tt.lines) {
				t.Errorf("lines\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.lines, "\n"))
			}
			checkSane(t, []byte(tt.in), doc)
		})
	}
}

func TestReadBalanceJSONErrors(t *testing.T) {
	for _, tt := range []struct {
		name, in string
		line     int
		field    string
		expected string
	}{
		{"syntax error", "{\"records\": [\n{\"exer\": \"2019\",\n\"ident\" \"1\"}]}", 3, "", ExpectJSON},
		{"truncated", "{\"records\": [\n{\"exer\": \"2019\"", 2, "", ExpectJSON},
		{"records not an array", `{"records": {"exer": "2019"}}`, 1, "records", ExpectJSON},
		{"no records", `{"total": 0}`, 1, "records", ExpectJSON},
		{"not a record", "[\n1]", 2, "", ExpectJSON},
		{"object value", "[\n{\"exer\": \"2019\", \"ident\": \"1\", \"compte\": {\"a\": 1}}]", 2, "compte", ExpectValue},
		{"bad amount", "[\n{\"exer\": \"2019\", \"ident\": \"1\", \"compte\": \"6042\", \"obnetdeb\": \"12a\"}]", 2, "obnetdeb", ExpectAmount},
		// Issue 14.3: a string is read as the text formats read it.
		{"exponent in a string", "[\n{\"exer\": \"2019\", \"ident\": \"1\", \"compte\": \"6042\", \"obnetdeb\": \"1e5\"}]", 2, "obnetdeb", ExpectAmount},
		// Issue 14.1: beyond any authority's budget.
		{"too large", "[\n{\"exer\": \"2019\", \"ident\": \"1\", \"compte\": \"6042\", \"obnetdeb\": 9e16}]", 2, "obnetdeb", ExpectAmount},
		{"too large in a string", "[\n{\"exer\": \"2019\", \"ident\": \"1\", \"compte\": \"6042\", \"obnetdeb\": \"90000000000000000\"}]", 2, "obnetdeb", ExpectAmount},
		{"huge exponent", "[\n{\"exer\": \"2019\", \"ident\": \"1\", \"compte\": \"6042\", \"obnetdeb\": 1e999999999}]", 2, "obnetdeb", ExpectAmount},
		{"bad account", "[\n\n{\"exer\": \"2019\", \"ident\": \"1\", \"compte\": \"6.0\"}]", 3, "compte", ExpectNature},
		{"bad function", "[{\"exer\": \"2019\", \"ident\": \"1\", \"compte\": \"6042\", \"fonction\": \"x\"}]", 1, "fonction", ExpectFunction},
		{"empty records", `{"records": []}`, 0, "", ExpectLine},
	} {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := readBalanceJSON("balance.json", []byte(tt.in), Options{})
			if doc != nil {
				t.Error("document returned with an error")
			}
			wantError(t, err, tt.line, tt.field, tt.expected)
		})
	}
}

// realBalances describes the real API samples.
var realBalances = []struct {
	file  string
	auth  budget.Authority
	nomen string
	lines int
	total budget.Amount // sum of OBNETDEB − OOBDEB, computed independently
}{
	{"bordeaux-33063-2019.json", budget.Authority{Name: "BORDEAUX", SIRET: "21330063500017", SIREN: "213300635", INSEE: "33063", Type: "Commune"},
		"M14", 1103, 45471368629},
	{"montpellier-34172-2019.json", budget.Authority{Name: "MONTPELLIER", SIRET: "21340172201787", SIREN: "213401722", INSEE: "34172", Type: "Commune"},
		"M57", 1237, 43988573210},
}

func TestReadBalanceJSONRealFiles(t *testing.T) {
	dir := sharedtest.Path(t, "balances")
	for _, tt := range realBalances {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			doc, err := Read(tt.file, data, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if doc.Format != budget.FormatBalanceJSON || doc.Kind != budget.KindBalance || doc.Year != 2019 ||
				doc.Authority != tt.auth || doc.Nomenclature.Norm != tt.nomen || doc.Budget != "budget principal" {
				t.Errorf("document %s %s %d %+v %+v %q", doc.Format, doc.Kind, doc.Year, doc.Authority, doc.Nomenclature, doc.Budget)
			}
			var total budget.Amount
			for _, l := range doc.Lines {
				a, _ := l.Amount(budget.MtReal)
				total += a
			}
			if len(doc.Lines) != tt.lines || total != tt.total {
				t.Errorf("%d lines totalling %s, want %d totalling %s", len(doc.Lines), total, tt.lines, tt.total)
			}
			checkSane(t, data, doc)
			// Selecting by any identifier gives the same document.
			for _, id := range []string{tt.auth.SIRET, tt.auth.SIREN, tt.auth.INSEE} {
				other, err := Read(tt.file, data, Options{Ident: id})
				if err != nil || !reflect.DeepEqual(other, doc) {
					t.Errorf("Ident %q: %v, or a different document", id, err)
				}
			}
		})
	}
}

// nationalCSV converts API records into the national CSV layout: upper-case
// columns, ';', decimal comma, ISO-8859-1, CRLF.
func nationalCSV(t *testing.T, records []map[string]any) []byte {
	t.Helper()
	cols := strings.Split(nationalHeader, ";")
	var b strings.Builder
	b.WriteString(nationalHeader + "\r\n")
	for _, rec := range records {
		for i, c := range cols {
			if i > 0 {
				b.WriteByte(';')
			}
			switch v := rec[strings.ToLower(c)].(type) {
			case nil:
			case string:
				if strings.EqualFold(c, "INSEE") {
					b.WriteByte('`') // as older national files do
				}
				b.WriteString(v)
			case json.Number:
				b.WriteString(strings.Replace(v.String(), ".", ",", 1))
			default:
				t.Fatalf("unexpected value %v (%T)", v, v)
			}
		}
		b.WriteString("\r\n")
	}
	return toLatin1(b.String())
}

// TestBalanceCSVMatchesJSON converts the real API records of Bordeaux and
// Montpellier into one national-format CSV and checks that reading each
// authority from it gives the document read from its JSON.
func TestBalanceCSVMatchesJSON(t *testing.T) {
	dir := sharedtest.Path(t, "balances")
	var all []map[string]any
	var docs []*budget.Document
	for _, tt := range realBalances {
		data, err := os.ReadFile(filepath.Join(dir, tt.file))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := Read(tt.file, data, Options{})
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, doc)
		var v struct{ Records []map[string]any }
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		if err := dec.Decode(&v); err != nil {
			t.Fatal(err)
		}
		all = append(all, v.Records...)
	}
	data := nationalCSV(t, all)
	if f, err := Detect("national.csv", data); err != nil || f != budget.FormatBalanceCSV {
		t.Fatalf("Detect = %q, %v", f, err)
	}
	if _, err := Read("national.csv", data, Options{}); err == nil {
		t.Error("no error for a file with two authorities and no Ident")
	}
	for i, tt := range realBalances {
		doc, err := Read("national.csv", data, Options{Ident: tt.auth.SIREN})
		if err != nil {
			t.Fatal(err)
		}
		checkSane(t, data, doc)
		// Every line points at its row in the CSV.
		rows := bytes.Split(data, []byte("\r\n"))
		for _, l := range doc.Lines {
			if !bytes.Contains(rows[l.Pos-1], []byte(";"+l.Nature+";")) {
				t.Fatalf("line %d does not hold account %s: %s", l.Pos, l.Nature, rows[l.Pos-1])
			}
		}
		want := *docs[i]
		want.Source, want.Format = "national.csv", budget.FormatBalanceCSV
		want.Lines = append([]budget.Line(nil), want.Lines...)
		for j := range want.Lines {
			want.Lines[j].Pos = doc.Lines[j].Pos
		}
		if !reflect.DeepEqual(doc, &want) {
			t.Errorf("%s: CSV and JSON documents differ:\nCSV  %+v\nJSON %+v", tt.file, doc.Authority, want.Authority)
		}
	}
}

// TestBalanceFixtures reads the hand-made files of testdata/balance.
func TestBalanceFixtures(t *testing.T) {
	for _, tt := range []struct {
		file  string
		opt   Options
		auth  budget.Authority
		lines []string
	}{
		{"records-array.json", Options{},
			budget.Authority{Name: "CRACH", SIRET: "21560046100010", SIREN: "215600461", INSEE: "56046", Type: "Commune"},
			[]string{"D0 60612/ MtReal=67402.98 @4", "D0 2313/ MtReal=48977.10 @9"}},
		{"old-layout-latin1.csv", Options{Ident: "35238"},
			budget.Authority{Name: "RENNES", SIRET: "21350238800019", SIREN: "213502388", INSEE: "35238", Type: "Commune"},
			[]string{"D0 6042/020 MtReal=1500.00 @2", "D0 2313/212 MtReal=250000.50 @3", "D0 6574/4 MtReal=-20.00 @6"}},
	} {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", "balance", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			doc, err := Read(tt.file, data, tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			if doc.Authority != tt.auth {
				t.Errorf("authority %+v, want %+v", doc.Authority, tt.auth)
			}
			if got := summaries(doc); !reflect.DeepEqual(got, tt.lines) {
				t.Errorf("lines\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.lines, "\n"))
			}
			checkSane(t, data, doc)
		})
	}
}

// BenchmarkScanBalanceCSV measures the streaming scanner on rows of the
// national layout (the national file has ~5 million of them).
func BenchmarkScanBalanceCSV(b *testing.B) {
	var buf strings.Builder
	buf.WriteString(nationalHeader + "\r\n")
	const rows = 20000
	for i := range rows {
		buf.WriteString(nationalRow(fmt.Sprintf("2133006350%04d", i/100), "033", "063", "BORDEAUX MÉTROPOLE", "1", "M57", "GFP",
			"212", fmt.Sprintf("60%d", 600+i%100), fmt.Sprintf("%d,%02d", i*37, i%100), "0,00"))
		buf.WriteString("\r\n")
	}
	data := toLatin1(buf.String())
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		if err := ScanBalanceCSV("bench.csv", bytes.NewReader(data), func(*BalanceRow) error { n++; return nil }); err != nil || n != rows {
			b.Fatal(err, n)
		}
	}
	b.ReportMetric(float64(rows*b.N)/b.Elapsed().Seconds(), "rows/s")
}
