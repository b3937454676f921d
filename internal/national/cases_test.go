package national_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/jeu1000/jeu1000/internal/budget"
	"github.com/jeu1000/jeu1000/internal/national"
	"github.com/jeu1000/jeu1000/internal/reader"
)

// These tests need no shared data: they check that Stream reads values
// exactly as the reader package does (reader.Read and
// reader.ScanBalanceCSV, built on encoding/csv, are the reference).

// nrow builds a row of national.Header from the values that vary.
func nrow(ident, ndept, insee, lbudg, cbudg, nomen, categ, fonction, compte, obnetdeb, oobdeb string) string {
	siren := ident
	if len(siren) > 9 {
		siren = siren[:9]
	}
	return strings.Join([]string{"2024", ident, ndept, lbudg, "", insee, cbudg, "101", "00", nomen, siren, "075", "40", "", "", "", categ, "DEF",
		fonction, compte, "0", "0", obnetdeb, "0", "0", "0", oobdeb, "0", "0", "0"}, ";")
}

// readerCases are inputs where the details of reading matter.
func readerCases() []struct {
	name  string
	data  string
	insee map[string]string // expected INSEE of the non-communes, by IDENT
} {
	long := strings.Repeat("TRÈS LONG NOM ", 90_000) // 1.3 MB: longer than the read buffer
	return []struct {
		name  string
		data  string
		insee map[string]string
	}{
		{"BOM, CRLF, final CR", "\xEF\xBB\xBF" + national.Header + "\r\n" +
			nrow("21330063500017", "033", "063", "BORDEAUX", "1", "M57", "Commune", "212", "60623", "1234,56", "0") + "\r\n" +
			nrow("21330063500017", "033", "063", "BORDEAUX", "1", "M57", "Commune", "", "6554", "100", "40,5") + "\r\n" +
			nrow("21330063500017", "033", "063", "BORDEAUX", "1", "M57", "Commune", "020", "6811", "50", "50") + "\r\n" +
			nrow("21330063500017", "033", "063", "BORDEAUX", "1", "M57", "Commune", "01", "1641", "-12,3", "") + "\r", nil},
		{"older layout: fewer columns, lower case, backtick INSEE, dotted functions",
			"exer;ident;ndept;lbudg;insee;cbudg;nomen;categ;fonction;compte;obnetdeb;oobdeb\n" +
				"2013;21340172201787;034;MONTPELLIER;`172;1;M14;Commune;0.20;6042;10,00;0,00\n" +
				"2013;21340172201787;034;MONTPELLIER;`172;1;M14;Commune;8-22;2151;5;0\n" +
				"2013;21340172201787;034;MONTPELLIER;`172;1;M14;Commune;'93;6574;7;0\n" +
				"2013;21340172201787;034;MONTPELLIER;`172;1;M14;Commune; 2 12 ;`60611; 8 ;0\n" +
				"2013;21340172201787;034;MONTPELLIER;`172;1;M14;Commune;;4581;9;0\n", nil},
		{"Latin-1 and Windows-1252 names, overseas commune", national.Header + "\n" +
			nrow("21971050100011", "101", "105", "BASSE-TERRE \xC9\x80\x9C", "1", "M57_A", "Commune", "", "6042", "1", "0") + "\n" +
			nrow("21971050100011", "101", "105", "BASSE-TERRE \xC9\x80\x9C", "1", "M57_A", "Commune", "", "7391", "2", "0") + "\n", nil},
		{"UTF-8 names", national.Header + "\n" +
			nrow("21930048000013", "093", "048", "MONTREUIL ÉÀÇ", "1", "M57", "Commune", "212", "6042", "1", "0") + "\n", nil},
		{"quoted fields", national.Header + "\n" +
			nrow("21930048000013", "093", "048", `"SAINT-DENIS; VILLE"`, "1", "M57", "Commune", `"212"`, `"6042"`, `"1234,56"`, "0") + "\n" +
			nrow("21930048000013", "093", "048", `"SAINT-DENIS; VILLE"`, "1", "M57", "Commune", "212", "6043", "1", `""`) + "\n" +
			nrow("21930048000021", "093", "048", `"LE ""GRAND"" PARIS"`, "1", "M57", "Commune", "212", "6042", "2", "0") + "\n" +
			nrow("21930048000039", "093", "048", "\"DEUX\nLIGNES\"", "1", "M57", "Commune", "212", "6042", "3", "0") + "\n" +
			nrow("21930048000039", "093", "048", "\"DEUX\r\nLIGNES\"", "1", "M57", "Commune", "212", "6042", "3", "0") + "\n" +
			nrow("21930048000047", "093", "048", `AB"C`, "1", "M57", "Commune", "212", "6042", "4", "0") + "\n" +
			// the last field opens a quote that the input never closes
			strings.TrimSuffix(nrow("21930048000062", "093", "048", "FIN", "1", "M57", "Commune", "212", "6042", "6", "0"), "0") + `"0`, nil},
		{"amounts", national.Header + "\n" +
			nrow("21330063500017", "033", "063", "B", "1", "M14", "Commune", "", "6042", "1 234,56", "") + "\n" +
			nrow("21330063500017", "033", "063", "B", "1", "M14", "Commune", "", "6043", "+3", "0,001") + "\n" +
			nrow("21330063500017", "033", "063", "B", "1", "M14", "Commune", "", "6044", "12,345", "0") + "\n" +
			nrow("21330063500017", "033", "063", "B", "1", "M14", "Commune", "", "6045", "-0,5", "-1") + "\n" +
			nrow("21330063500017", "033", "063", "B", "1", "M14", "Commune", "", "6046", " 7 ", "0") + "\n" +
			nrow("21330063500017", "033", "063", "B", "1", "M14", "Commune", "", "6047", "1\u00a0000,00", "0") + "\n" +
			nrow("21330063500017", "033", "063", "B", "1", "M14", "Commune", "", "6048", "999999999999,99", "0") + "\n" +
			nrow("21330063500017", "033", "063", "B", "1", "M14", "Commune", "", "6049", "1.5", "0.25") + "\n" +
			nrow("21330063500017", "033", "063", "B", "1", "M14", "Commune", "", "2031", "0,00", "0") + "\n", nil},
		{"blank lines and blank records", national.Header + "\n\n" +
			nrow("21330063500017", "033", "063", "B", "1", "M14", "Commune", "", "6042", "1", "0") + "\n" +
			";;;;\n   \n\t;  \n\n" +
			nrow("21330063500017", "033", "063", "B", "1", "M14", "Commune", "", "6043", "1", "0") + "\n\n", nil},
		{"categories", national.Header + "\n" +
			nrow("22330001300016", "033", "000", "DÉPARTEMENT DE LA GIRONDE", "1", "M57", "DEPT", "50", "6512", "1", "0") + "\n" +
			strings.Replace(nrow("23750007900312", "075", "056", "RÉGION ÎLE-DE-FRANCE", "1", "M57", "REG", "21", "6042", "1", "0"), ";075;40;", ";011;40;", 1) + "\n" +
			nrow("24330031600011", "033", "063", "BORDEAUX MÉTROPOLE", "1", "M57", "ML", "01", "6611", "1", "0") + "\n" +
			nrow("20005987200018", "093", "048", "EPT EST ENSEMBLE", "1", "M57", "EPT", "01", "6611", "1", "0") + "\n" +
			nrow("20003470800012", "033", "063", "CC X", "1", "M14", "GFP", "01", "6611", "1", "0") + "\n" +
			nrow("21750001600019", "075", "056", "PARIS", "1", "M57", "PARIS", "01", "6611", "1", "0") + "\n" +
			nrow("20007659900017", "020", "000", "COLLECTIVITÉ DE CORSE", "1", "M57", "CTU", "01", "6611", "1", "0") + "\n" +
			nrow("21330063500033", "033", "063", "BORDEAUX BA", "3", "M4", "Commune", "", "6042", "1", "0") + "\n" +
			nrow("21330063500041", "033", "063", "BORDEAUX BR", "2", "M14", "Commune", "", "6042", "1", "0") + "\n",
			map[string]string{"23750007900312": "11", "24330031600011": "", "20005987200018": "", "20003470800012": "", "20007659900017": ""}},
		{"extra and missing fields", national.Header + "\n" +
			nrow("21330063500017", "033", "063", "B", "1", "M14", "Commune", "", "6042", "1", "0") + ";EXTRA;MORE\n" +
			"2024;21330063500017;033;B;;063;1;101;00;M14;213300635;075;40;;;;Commune;DEF;;6043;0;0;5\n", nil},
		{"a line longer than the read buffer", national.Header + "\n" +
			nrow("21330063500017", "033", "063", long, "1", "M14", "Commune", "", "6042", "1", "0") + "\n" +
			nrow("21330063500017", "033", "063", long, "1", "M14", "Commune", "", "6043", "2", "0") + "\n", nil},
	}
}

// referenceDocs builds, from reader.Read, the documents Stream must emit
// for data with every category and annex kept: one per IDENT, in order of
// first row, with the lines that may count.
func referenceDocs(t *testing.T, data []byte, insee map[string]string) []*budget.Document {
	t.Helper()
	var idents []string
	seen := map[string]bool{}
	err := reader.ScanBalanceCSV("ref.csv", bytes.NewReader(data), func(r *reader.BalanceRow) error {
		if !seen[r.Ident] {
			seen[r.Ident] = true
			idents = append(idents, r.Ident)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("reference: %v", err)
	}
	var out []*budget.Document
	for _, id := range idents {
		doc, err := reader.Read("ref.csv", data, reader.Options{Ident: id})
		if err != nil {
			t.Fatalf("reference %s: %v", id, err)
		}
		doc = mayCount(doc)
		if v, ok := insee[id]; ok {
			doc.Authority.INSEE = v
		}
		if len(doc.Lines) > 0 {
			out = append(out, doc)
		}
	}
	return out
}

func TestStreamReadsLikeReader(t *testing.T) {
	for _, tt := range readerCases() {
		t.Run(tt.name, func(t *testing.T) {
			data := []byte(tt.data)
			want := referenceDocs(t, data, tt.insee)
			if len(want) == 0 {
				t.Fatal("no reference document")
			}
			for _, contiguous := range []bool{false, true} {
				got := mustStream(t, "cases.csv", bytes.NewReader(data), national.Options{Categories: []string{"*"}, Annexes: true, Contiguous: contiguous, MaxLine: 4 << 20})
				if len(got) != len(want) {
					t.Fatalf("%d documents, want %d", len(got), len(want))
				}
				for i := range got {
					sameDocs(t, got[i].Authority.SIRET, got[i], want[i], true)
				}
			}
		})
	}
}

// TestStreamErrors checks that problems fatal to the file are
// *reader.Error naming the file, line and column (rows that make no sense
// are TestStreamRejects').
func TestStreamErrors(t *testing.T) {
	row := func(compte, fonction, amount string) string {
		return nrow("21330063500017", "033", "063", "B", "1", "M14", "Commune", fonction, compte, amount, "0")
	}
	ok := row("6042", "", "1")
	for _, tt := range []struct {
		name     string
		data     string
		opt      national.Options
		line     int
		field    string
		expected string
	}{
		{"empty", "", national.Options{}, 1, "", reader.ExpectColumn},
		{"blank lines only", "\n\r\n\n", national.Options{}, 1, "", reader.ExpectColumn},
		{"header only", national.Header + "\n", national.Options{}, 0, "", reader.ExpectLine},
		{"missing column", "EXER;IDENT;COMPTE;OBNETDEB\n2024;1;6042;1\n", national.Options{}, 1, "OOBDEB", reader.ExpectColumn},
		{"duplicate column", "EXER;IDENT;COMPTE;OBNETDEB;OOBDEB;compte\n", national.Options{}, 1, "COMPTE", reader.ExpectUniqueColumn},
		{"line too long", national.Header + "\n" + ok + "\n" + row("6043", "", "1") + strings.Repeat(";x", 40_000) + "\n", national.Options{}, 3, "", reader.ExpectShortLine},
		{"line too long, limit set", national.Header + "\n" + ok + ";" + strings.Repeat("x", 200) + "\n", national.Options{MaxLine: 300}, 2, "", reader.ExpectShortLine},
		{"quoted record too long", national.Header + "\n" + ok + "\n" + row("6043", "", "1") + ";\"" + strings.Repeat("x\n", 200) + "\"\n", national.Options{MaxLine: 300}, 3, "", reader.ExpectShortLine},
		{"header too long", "EXER;IDENT;COMPTE;OBNETDEB;OOBDEB" + strings.Repeat(";COLONNE", 10_000) + "\n" + ok + "\n", national.Options{}, 1, "", reader.ExpectShortLine},
		{"budget too large", national.Header + "\n" + strings.Repeat(ok+"\n", 11), national.Options{MaxBudgetRows: 10}, 12, "IDENT", reader.ExpectSmallBudget},
		{"budget too large, contiguous", national.Header + "\n" + strings.Repeat(ok+"\n", 11), national.Options{MaxBudgetRows: 10, Contiguous: true}, 12, "IDENT", reader.ExpectSmallBudget},
		{"too many budgets", national.Header + "\n" + ok + "\n" + strings.Replace(ok, "21330063500017", "21330063500025", 1) + "\n" + strings.Replace(ok, "21330063500017", "21330063500033", 1) + "\n", national.Options{MaxBudgets: 2}, 4, "IDENT", reader.ExpectFewBudgets},
		{"too many budgets, contiguous", national.Header + "\n" + ok + "\n" + strings.Replace(ok, "21330063500017", "21330063500025", 1) + "\n" + strings.Replace(ok, "21330063500017", "21330063500033", 1) + "\n", national.Options{MaxBudgets: 2, Contiguous: true}, 4, "IDENT", reader.ExpectFewBudgets},
		{"most rows rejected", national.Header + "\n" + ok + "\n" + row("6043", "", "12a") + "\n" + row("6O44", "", "1") + "\n", national.Options{}, 0, "", reader.ExpectSensibleRows},
		{"every row rejected", national.Header + "\n" + row("", "", "1") + "\n", national.Options{}, 0, "", reader.ExpectSensibleRows},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := stream(t, "bad.csv", strings.NewReader(tt.data), tt.opt)
			e, ok := reader.AsError(err)
			if !ok {
				t.Fatalf("got %v, want a *reader.Error", err)
			}
			if e.File != "bad.csv" || e.Line != tt.line || e.Field != tt.field || e.Expected != tt.expected {
				t.Fatalf("got %q (line %d field %q expected %q), want line %d field %q expected %q",
					err, e.Line, e.Field, e.Expected, tt.line, tt.field, tt.expected)
			}
		})
	}

	// Rows of budgets left out are not checked.
	data := national.Header + "\n" + nrow("25330125300014", "033", "000", "SIVU", "1", "M14", "SYND", "", "6042", "12a", "0") + "\n" +
		nrow("21330063500017", "033", "063", "B", "1", "M14", "Commune", "", "6042", "1", "0") + "\n"
	if docs, err := stream(t, "synd.csv", strings.NewReader(data), national.Options{}); err != nil || len(docs) != 1 {
		t.Fatalf("got %d documents, %v; want the commune's", len(docs), err)
	}
	// A budget without a line that may count yields no document.
	var st national.Stats
	data = national.Header + "\n" + nrow("21330063500017", "033", "063", "B", "1", "M14", "Commune", "", "4581", "1", "0") + "\n" +
		nrow("21330063500017", "033", "063", "B", "1", "M14", "Commune", "", "6042", "0", "0") + "\n"
	if docs, err := stream(t, "none.csv", strings.NewReader(data), national.Options{Stats: &st}); err != nil || len(docs) != 0 || st.Empty != 1 {
		t.Fatalf("got %d documents, %v, %d empty budgets; want none, one empty", len(docs), err, st.Empty)
	}
}

// TestMayCount pins the accounts kept.
func TestMayCount(t *testing.T) {
	for n, want := range map[string]bool{
		"6042": true, "2031": true, "7391": true, "1641": true, "16449": true, "166": true,
		"": false, "1068": false, "4581": false, "001": false, "5121": false, "8": false, "1": false,
	} {
		if got := national.MayCount(n); got != want {
			t.Errorf("MayCount(%q) = %v, want %v", n, got, want)
		}
	}
}

// referenceStream is what Stream must give with every category and annex
// kept, built on reader.ScanBalanceCSV (encoding/csv): budgets by IDENT and
// CBUDG in order of first row, with the same checks.
func referenceStream(data []byte) ([]*budget.Document, error) {
	type grp struct {
		doc  *budget.Document
		exer string
	}
	var (
		order []*grp
		by    = map[string]*grp{}
		rows  int
	)
	err := reader.ScanBalanceCSV("f.csv", bytes.NewReader(data), func(r *reader.BalanceRow) error {
		rows++
		if r.Ident == "" || strings.Trim(r.Ident, "0123456789") != "" {
			return nil // Stream rejects it (ReasonIdent)
		}
		key := r.Ident + "\x00" + r.CBudg
		g := by[key]
		if g == nil {
			y := 0
			if len(r.Exer) == 4 {
				fmt.Sscanf(r.Exer, "%d", &y)
			}
			if y < 1900 || y >= 2200 || strings.Trim(r.Exer, "0123456789") != "" {
				return errors.New("bad year")
			}
			a := budget.Authority{Name: r.LBudg, SIRET: r.Ident, SIREN: r.SIREN(), Type: r.Categ}
			switch strings.ToUpper(r.Categ) {
			case "COMMUNE", "PARIS", "DEPT":
				a.INSEE = r.INSEECode()
			case "REG":
				if cregi := cregiOf(data, r.Line); len(cregi) == 3 && cregi[0] == '0' && strings.Trim(cregi, "0123456789") == "" {
					a.INSEE = cregi[1:]
				} else if len(cregi) == 2 && strings.Trim(cregi, "0123456789") == "" {
					a.INSEE = cregi
				}
			}
			g = &grp{exer: r.Exer, doc: &budget.Document{Authority: a, Year: y, Kind: budget.KindBalance}}
			by[key] = g
			order = append(order, g)
		}
		if r.Exer != g.exer {
			return errors.New("two years")
		}
		if sp := r.Spending(); sp != 0 && national.MayCount(r.Compte) {
			l := budget.Line{Nature: r.Compte, Function: r.Fonction, Direction: budget.Expense, Operation: budget.Real, Pos: r.Line}
			l.SetAmount(budget.MtReal, sp)
			g.doc.Lines = append(g.doc.Lines, l)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if rows == 0 {
		return nil, errors.New("no row")
	}
	var out []*budget.Document
	for _, g := range order {
		if len(g.doc.Lines) > 0 {
			out = append(out, g.doc)
		}
	}
	return out, nil
}

// cregiOf returns the CREGI cell of a line (BalanceRow does not keep it),
// read with encoding/csv.
func cregiOf(data []byte, line int) string {
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma, r.LazyQuotes, r.FieldsPerRecord = ';', true, -1
	header, err := r.Read()
	if err != nil {
		return ""
	}
	i := -1
	for j, h := range header {
		if strings.EqualFold(strings.TrimSpace(strings.TrimPrefix(h, "\uFEFF")), "CREGI") {
			i = j
		}
	}
	for {
		rec, err := r.Read()
		if err != nil {
			return ""
		}
		if l, _ := r.FieldPos(0); l == line {
			if i < 0 || i >= len(rec) {
				return ""
			}
			return strings.TrimLeft(strings.TrimSpace(rec[i]), "`'")
		}
	}
}

// FuzzStream checks that Stream never panics, that what it emits is sane,
// and that it reads like reader.ScanBalanceCSV (encoding/csv) whenever both
// succeed.
func FuzzStream(f *testing.F) {
	for _, c := range readerCases() {
		if len(c.data) < 100_000 {
			f.Add([]byte(c.data))
		}
	}
	f.Add([]byte("EXER;IDENT;COMPTE;OBNETDEB;OOBDEB\n2024;1;6042;1;0\n"))
	f.Add([]byte("EXER,IDENT,COMPTE,OBNETDEB,OOBDEB\n2024,1,6042,\"1,5\",0\n"))
	f.Add([]byte("PK\x03\x04garbage"))
	// Rows that are rejected, limits.
	f.Add([]byte("EXER;IDENT;COMPTE;OBNETDEB;OOBDEB\n2024;1;6042;1;0\n2024;1;6042;12a;0\n2024;;6042;1;0\n2024;1;6042;1;0\n"))
	f.Add([]byte("EXER;IDENT;COMPTE;FONCTION;OBNETDEB;OOBDEB\n24;1;6042;1;1;0\n2024;1;6042;1;1;0\n2023;1;6042;1;1;0\n2024;1;6O42;1;1;0\n2024;1;6042;x;1;0\n2024;1;6042;1;1;0\n"))
	f.Add([]byte("EXER;IDENT;COMPTE;OBNETDEB;OOBDEB\n" + strings.Repeat("2024;1;6042;1;0\n", 17)))
	f.Add([]byte("EXER;IDENT;COMPTE;OBNETDEB;OOBDEB\n2024;1;6042;1;0;" + strings.Repeat("x", 1100) + "\n"))
	f.Add([]byte("EXER;IDENT;COMPTE;OBNETDEB;OOBDEB\n2024;1;6042;1;\"" + strings.Repeat("0\n", 600) + "\"\n"))
	f.Add([]byte("EXER;IDENT;COMPTE;OBNETDEB;OOBDEB;NOMEN\n2024;1;6042;1;0;M99\n2024;2;6042;1;0;M57\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var st national.Stats
		opt := national.Options{Categories: []string{"*"}, Annexes: true, MaxLine: 1024, MaxBudgetRows: 16, Stats: &st,
			Nomenclature: func(n budget.Nomenclature, _ int) error {
				if n.Norm == "M99" {
					return errors.New("unknown")
				}
				return nil
			}}
		docs, err := stream(t, "f.csv", bytes.NewReader(data), opt)
		for _, f := range st.Faults {
			if f.Rows == 0 || len(f.Examples) == 0 || len(f.Examples) > national.MaxExamples {
				t.Fatalf("fault %+v", f)
			}
			for _, e := range f.Examples {
				if e.File != "f.csv" || e.Line < 2 || e.Expected == "" {
					t.Fatalf("fault %s: example %v", f.Reason, e)
				}
			}
		}
		if err != nil {
			if errors.Is(err, national.ErrNotContiguous) {
				t.Fatalf("ErrNotContiguous without Contiguous: %v", err)
			}
			if _, ok := reader.AsError(err); !ok && !bytes.HasPrefix(data, []byte("PK\x03\x04")) {
				t.Fatalf("not a *reader.Error: %v", err)
			}
			return
		}
		if len(bytes.TrimSpace(data)) > 0 && len(st.Faults) > 0 {
			// Limits and rejections: compare only files without either.
			return
		}
		nlines := bytes.Count(data, []byte("\n")) + 1
		for _, d := range docs {
			if len(d.Lines) == 0 || !utf8.ValidString(d.Authority.Name) || !utf8.ValidString(d.Authority.Type) {
				t.Fatalf("bad document %+v", d.Authority)
			}
			for i, l := range d.Lines {
				a, _ := l.Amount(budget.MtReal)
				if a == 0 || !national.MayCount(l.Nature) || strings.Trim(l.Nature, "0123456789") != "" ||
					strings.Trim(l.Function, "0123456789") != "" || l.Pos < 2 || l.Pos > nlines || i > 0 && l.Pos <= d.Lines[i-1].Pos {
					t.Fatalf("bad line %d %+v", i, l)
				}
			}
		}
		// Contiguous emits the same documents or fails with
		// ErrNotContiguous.
		opt.Contiguous = true
		cdocs, cerr := stream(t, "f.csv", bytes.NewReader(data), opt)
		switch {
		case cerr == nil:
			if len(cdocs) != len(docs) {
				t.Fatalf("contiguous: %d documents, want %d", len(cdocs), len(docs))
			}
		case !errors.Is(cerr, national.ErrNotContiguous):
			t.Fatalf("contiguous: %v", cerr)
		}
		if bytes.HasPrefix(data, []byte("PK\x03\x04")) {
			return
		}
		want, rerr := referenceStream(data)
		if rerr != nil {
			return
		}
		if len(docs) != len(want) {
			t.Fatalf("%d documents, reference %d", len(docs), len(want))
		}
		for i := range docs {
			g, w := *docs[i], *want[i]
			if !reflect.DeepEqual(g.Authority, w.Authority) || g.Year != w.Year || !reflect.DeepEqual(g.Lines, w.Lines) {
				t.Fatalf("document %d\n got %+v %d %+v\nwant %+v %d %+v", i, g.Authority, g.Year, g.Lines, w.Authority, w.Year, w.Lines)
			}
		}
	})
}
