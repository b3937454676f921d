package national_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/jeu1000/jeu1000/internal/budget"
	"github.com/jeu1000/jeu1000/internal/calc"
	"github.com/jeu1000/jeu1000/internal/dataset"
	"github.com/jeu1000/jeu1000/internal/figures"
	"github.com/jeu1000/jeu1000/internal/national"
	"github.com/jeu1000/jeu1000/internal/nomen"
	"github.com/jeu1000/jeu1000/internal/reader"
	"github.com/jeu1000/jeu1000/internal/sharedtest"
)

// realFiles are the real balances of ../shared/data/balances (API JSON
// records of a budget principal each).
func realFiles() []string {
	return []string{"bordeaux-33063-2019.json", "montpellier-34172-2019.json"}
}

// col returns the index of a column of national.Header.
func col(name string) int {
	for i, h := range strings.Split(national.Header, ";") {
		if strings.EqualFold(h, name) {
			return i
		}
	}
	panic("no column " + name)
}

// loadReal returns the real rows of file in the national layout, and the
// file's bytes.
func loadReal(t testing.TB, file string) (*national.Template, []byte) {
	t.Helper()
	data, err := os.ReadFile(sharedtest.Path(t, "balances", file))
	if err != nil {
		t.Fatal(err)
	}
	tpl, err := national.LoadTemplate(file, bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return tpl, data
}

// latin1 encodes s in ISO-8859-1 (the test only uses runes below U+0100).
func latin1(s string) []byte {
	var b []byte
	for _, r := range s {
		if r > 0xFF {
			panic(fmt.Sprintf("rune %q not in Latin-1", r))
		}
		b = append(b, byte(r))
	}
	return b
}

// nationalCSV writes rows in the national layout: the header, then the
// rows, ';'-separated, ISO-8859-1, LF.
func nationalCSV(rows [][]string) []byte {
	var b bytes.Buffer
	b.WriteString(national.Header + "\n")
	for _, r := range rows {
		b.Write(latin1(strings.Join(r, ";")))
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// rewrite returns copies of rows with some cells replaced.
func rewrite(rows [][]string, set map[string]string) [][]string {
	out := make([][]string, len(rows))
	for i, r := range rows {
		c := append([]string(nil), r...)
		for k, v := range set {
			c[col(k)] = v
		}
		out[i] = c
	}
	return out
}

// fixture is a national-format file built from the real rows: Bordeaux's
// budget principal, an annex budget of Bordeaux (its first 200 rows under
// another IDENT, CBUDG 3, a Latin-1 name), a syndicat (SYND) that must be
// filtered out, and Montpellier's budget principal.
type fixture struct {
	csv      []byte
	bordeaux [][]string
	annex    [][]string
	synd     [][]string
	mtp      [][]string
	json     map[string][]byte // real file → its bytes
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	f := &fixture{json: map[string][]byte{}}
	files := realFiles()
	bdx, bdxJSON := loadReal(t, files[0])
	mtp, mtpJSON := loadReal(t, files[1])
	f.json[files[0]], f.json[files[1]] = bdxJSON, mtpJSON
	f.bordeaux, f.mtp = bdx.Rows, mtp.Rows
	f.annex = rewrite(bdx.Rows[:200], map[string]string{
		"IDENT": "21330063500033", "CBUDG": "3", "LBUDG": "BORDEAUX - BA CRÈCHES",
	})
	f.synd = rewrite(mtp.Rows[:50], map[string]string{
		"IDENT": "25330125300014", "SIREN": "253301253", "CATEG": "SYND", "LBUDG": "SIVU DES ÉCOLES", "INSEE": "000",
	})
	var all [][]string
	all = append(all, f.bordeaux...)
	all = append(all, f.annex...)
	all = append(all, f.synd...)
	all = append(all, f.mtp...)
	f.csv = nationalCSV(all)
	return f
}

// stream runs national.Stream and collects the documents.
func stream(t testing.TB, name string, r io.Reader, opt national.Options) ([]*budget.Document, error) {
	t.Helper()
	var docs []*budget.Document
	err := national.Stream(name, r, opt, func(d *budget.Document) error {
		docs = append(docs, d)
		return nil
	})
	return docs, err
}

func mustStream(t testing.TB, name string, r io.Reader, opt national.Options) []*budget.Document {
	t.Helper()
	docs, err := stream(t, name, r, opt)
	if err != nil {
		t.Fatal(err)
	}
	return docs
}

// mayCount keeps the lines of doc that Stream keeps.
func mayCount(doc *budget.Document) *budget.Document {
	out := *doc
	out.Lines = nil
	for _, l := range doc.Lines {
		if national.MayCount(l.Nature) {
			out.Lines = append(out.Lines, l)
		}
	}
	return &out
}

// sameDocs compares two documents but for Source, Format and, unless
// withPos, the lines' Pos.
func sameDocs(t *testing.T, what string, got, want *budget.Document, withPos bool) {
	t.Helper()
	g, w := *got, *want
	g.Source, w.Source, g.Format, w.Format = "", "", "", ""
	g.Lines, w.Lines = nil, nil
	if !reflect.DeepEqual(g, w) {
		t.Fatalf("%s: document\n got %+v\nwant %+v", what, g, w)
	}
	if len(got.Lines) != len(want.Lines) {
		t.Fatalf("%s: %d lines, want %d", what, len(got.Lines), len(want.Lines))
	}
	for i := range got.Lines {
		gl, wl := got.Lines[i], want.Lines[i]
		if !withPos {
			gl.Pos, wl.Pos = 0, 0
		}
		if !reflect.DeepEqual(gl, wl) {
			t.Fatalf("%s: line %d\n got %+v\nwant %+v", what, i, gl, wl)
		}
	}
}

func total(doc *budget.Document) budget.Amount {
	var s budget.Amount
	for _, l := range doc.Lines {
		a, _ := l.Amount(budget.MtReal)
		s += a
	}
	return s
}

// splitOptions are the option sets the splits are compared under.
func splitOptions() []calc.Options {
	return []calc.Options{
		{},
		{Level: 2},
		{Level: 3},
		{Grid: nomen.CommonGrid()},
		{Grid: nomen.SixGroups(), Section: budget.Fonctionnement},
		{Section: budget.Investissement},
		{Rules: calc.Rules{DebtRepayment: true, VentilatedOnly: true}},
		{Rules: calc.Rules{ExcludeInterest: true, ExcludeTaxPassedOn: true}},
	}
}

// sameSplit compares what two splits say (parts, amounts, euros, method),
// not where the lines come from.
func sameSplit(t *testing.T, what string, got, want *calc.Split) {
	t.Helper()
	if got.Total != want.Total || got.Method != want.Method || got.VotedByFunction != want.VotedByFunction ||
		got.Nomenclature != want.Nomenclature || got.Plan != want.Plan || got.Year != want.Year || got.Kind != want.Kind {
		t.Fatalf("%s: split header\n got total %s method %s voted %v %s plan %s %d %s\nwant total %s method %s voted %v %s plan %s %d %s", what,
			got.Total, got.Method, got.VotedByFunction, got.Nomenclature, got.Plan, got.Year, got.Kind,
			want.Total, want.Method, want.VotedByFunction, want.Nomenclature, want.Plan, want.Year, want.Kind)
	}
	var parts func(path string, g, w []calc.Part)
	parts = func(path string, g, w []calc.Part) {
		if len(g) != len(w) {
			t.Fatalf("%s: %s: %d parts, want %d", what, path, len(g), len(w))
		}
		for i := range g {
			if g[i].Code != w[i].Code || g[i].Label != w[i].Label || g[i].Amount != w[i].Amount ||
				g[i].F != w[i].F || g[i].I != w[i].I || !g[i].Euros.Equal(w[i].Euros) || len(g[i].Lines) != len(w[i].Lines) {
				t.Fatalf("%s: %s part %d\n got %s %q %s (F %s I %s) %s €, %d lines\nwant %s %q %s (F %s I %s) %s €, %d lines", what, path, i,
					g[i].Code, g[i].Label, g[i].Amount, g[i].F, g[i].I, g[i].Euros, len(g[i].Lines),
					w[i].Code, w[i].Label, w[i].Amount, w[i].F, w[i].I, w[i].Euros, len(w[i].Lines))
			}
			parts(path+"/"+g[i].Code, g[i].Children, w[i].Children)
		}
	}
	parts("", got.Parts, want.Parts)
	if len(got.Lines) != len(want.Lines) {
		t.Fatalf("%s: %d lines kept, want %d", what, len(got.Lines), len(want.Lines))
	}
}

// TestStreamMatchesReader streams a national-format file built from the
// real rows and checks each document against what reader.Read gives on
// the real JSON records: same authority, nomenclature, year and lines
// (those that may count), same split under every option set, same dataset
// record.
func TestStreamMatchesReader(t *testing.T) {
	f := newFixture(t)
	var st national.Stats
	docs := mustStream(t, "BalanceSPL_Fonction_2019.csv", bytes.NewReader(f.csv), national.Options{Stats: &st})
	if len(docs) != 2 {
		t.Fatalf("%d documents, want 2 (Bordeaux, Montpellier)", len(docs))
	}
	wantStats := national.Stats{
		Bytes:       int64(len(f.csv)),
		Rows:        int64(len(f.bordeaux) + len(f.annex) + len(f.synd) + len(f.mtp)),
		SkippedRows: int64(len(f.annex) + len(f.synd)),
		KeptRows:    int64(len(docs[0].Lines) + len(docs[1].Lines)),
		Documents:   2,
	}
	if !reflect.DeepEqual(st, wantStats) {
		t.Errorf("stats\n got %+v\nwant %+v", st, wantStats)
	}
	// The plans know every account and nomenclature of the real rows.
	cat, err := nomen.Default()
	if err != nil {
		t.Fatal(err)
	}
	checked := mustStream(t, "BalanceSPL_Fonction_2019.csv", bytes.NewReader(f.csv),
		national.Options{Stats: &st, Nature: national.PlanNatures(cat), Nomenclature: national.PlanNomenclature(cat)})
	if !reflect.DeepEqual(checked, docs) || st.Rejected != 0 || len(st.Faults) != 0 {
		t.Errorf("with the plans' checks: %d documents, faults %s", len(checked), st.FaultSummary())
	}
	c, err := calc.New()
	if err != nil {
		t.Fatal(err)
	}
	for i, file := range realFiles() {
		doc := docs[i]
		jdoc, err := reader.Read(file, f.json[file], reader.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if doc.Source != "BalanceSPL_Fonction_2019.csv" || doc.Format != budget.FormatBalanceCSV || doc.Kind != budget.KindBalance {
			t.Errorf("%s: source %q format %q kind %q", file, doc.Source, doc.Format, doc.Kind)
		}
		want := mayCount(jdoc)
		if len(want.Lines) < len(jdoc.Lines)*9/10 || len(want.Lines) == len(jdoc.Lines) {
			t.Fatalf("%s: %d of %d lines may count: the fixture does not exercise the filter", file, len(want.Lines), len(jdoc.Lines))
		}
		sameDocs(t, file, doc, want, false)
		if total(doc) != total(want) {
			t.Fatalf("%s: total %s, want %s", file, total(doc), total(want))
		}
		// Pos is the line in the CSV file: Bordeaux starts on line 2.
		first := 2
		if i == 1 {
			first += len(f.bordeaux) + len(f.annex) + len(f.synd)
		}
		if doc.Lines[0].Pos < first || doc.Lines[len(doc.Lines)-1].Pos > first+len(f.mtp)+len(f.bordeaux) {
			t.Errorf("%s: Pos %d…%d, want from line %d", file, doc.Lines[0].Pos, doc.Lines[len(doc.Lines)-1].Pos, first)
		}
		for _, opt := range splitOptions() {
			what := fmt.Sprintf("%s %+v", file, opt)
			got, err := c.Split(doc, opt)
			if err != nil {
				t.Fatalf("%s: %v", what, err)
			}
			ref, err := c.Split(jdoc, opt)
			if err != nil {
				t.Fatalf("%s: reader: %v", what, err)
			}
			sameSplit(t, what, got, ref)
		}
		rec, err := figures.Record(c, doc, "commune:x", 0, dataset.Provenance{})
		if err != nil {
			t.Fatal(err)
		}
		ref, err := figures.Record(c, jdoc, "commune:x", 0, dataset.Provenance{})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(rec, ref) {
			t.Fatalf("%s: dataset record differs from the JSON document's", file)
		}
	}
	if docs[0].Authority.INSEE != "33063" || docs[1].Authority.INSEE != "34172" || docs[1].Nomenclature.Norm != "M57" {
		t.Errorf("authorities %+v %+v, nomenclature %s", docs[0].Authority, docs[1].Authority, docs[1].Nomenclature)
	}
}

// TestStreamFilters checks the category and annex options.
func TestStreamFilters(t *testing.T) {
	f := newFixture(t)
	idents := func(docs []*budget.Document) string {
		var s []string
		for _, d := range docs {
			s = append(s, d.Authority.SIRET+" "+d.Budget)
		}
		return strings.Join(s, ", ")
	}
	for _, tt := range []struct {
		name string
		opt  national.Options
		want string
	}{
		{"default", national.Options{}, "21330063500017 budget principal, 21340172201787 budget principal"},
		{"annexes", national.Options{Annexes: true},
			"21330063500017 budget principal, 21330063500033 budget annexe, 21340172201787 budget principal"},
		{"all categories", national.Options{Categories: []string{"*"}},
			"21330063500017 budget principal, 25330125300014 budget principal, 21340172201787 budget principal"},
		{"syndicats only, any case", national.Options{Categories: []string{" synd "}}, "25330125300014 budget principal"},
		{"no commune", national.Options{Categories: []string{"GFP", "DEPT"}}, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			docs := mustStream(t, "f.csv", bytes.NewReader(f.csv), tt.opt)
			if got := idents(docs); got != tt.want {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
			for _, d := range docs {
				switch d.Authority.SIRET {
				case "21330063500033":
					if d.Authority.Name != "BORDEAUX - BA CRÈCHES" || len(d.Lines) == 0 {
						t.Errorf("annex: %+v, %d lines", d.Authority, len(d.Lines))
					}
				case "25330125300014":
					if d.Authority.Type != "SYND" || d.Authority.Name != "SIVU DES ÉCOLES" || d.Authority.INSEE != "" || d.Authority.SIREN != "253301253" {
						t.Errorf("syndicat: %+v", d.Authority)
					}
				}
			}
		})
	}
}

// zipOf returns a zip holding files (name → content), in the given order.
func zipOf(t testing.TB, files ...[2]string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, f := range files {
		w, err := zw.Create(f[0])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(w, f[1]); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// onlyReader hides every method of r but Read.
type onlyReader struct{ r io.Reader }

func (o onlyReader) Read(p []byte) (int, error) { return o.r.Read(p) }

// TestStreamZip reads the fixture zipped: from memory (io.ReaderAt), from
// a file, and from a plain stream (spooled to a temporary file).
func TestStreamZip(t *testing.T) {
	f := newFixture(t)
	want := mustStream(t, "f.csv", bytes.NewReader(f.csv), national.Options{Annexes: true})
	z := zipOf(t, [2]string{"LISEZMOI.txt", "notes"}, [2]string{"__MACOSX/._Balance.csv", "junk"},
		[2]string{"Balance/BalanceSPL_Fonction_2019.csv", string(f.csv)})
	path := filepath.Join(t.TempDir(), "balance.zip")
	if err := os.WriteFile(path, z, 0o644); err != nil {
		t.Fatal(err)
	}
	spool := t.TempDir()
	for _, tt := range []struct {
		name string
		open func() io.Reader
	}{
		{"reader at", func() io.Reader { return bytes.NewReader(z) }},
		{"file", func() io.Reader {
			fh, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { fh.Close() })
			return fh
		}},
		{"stream", func() io.Reader { return onlyReader{bytes.NewReader(z)} }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var st national.Stats
			got := mustStream(t, "balance.zip", tt.open(), national.Options{Annexes: true, TempDir: spool, Stats: &st})
			if len(got) != len(want) {
				t.Fatalf("%d documents, want %d", len(got), len(want))
			}
			for i := range got {
				if got[i].Source != "balance.zip" {
					t.Errorf("source %q", got[i].Source)
				}
				sameDocs(t, got[i].Authority.SIRET, got[i], want[i], true)
			}
			if st.Entry != "Balance/BalanceSPL_Fonction_2019.csv" || st.Bytes != int64(len(f.csv)) {
				t.Errorf("stats: entry %q, %d bytes", st.Entry, st.Bytes)
			}
			if left, _ := os.ReadDir(spool); len(left) != 0 {
				t.Errorf("temporary files left: %v", left)
			}
		})
	}

	for _, tt := range []struct {
		name string
		zip  []byte
	}{
		{"two CSV files", zipOf(t, [2]string{"a.csv", string(f.csv)}, [2]string{"b.CSV", string(f.csv)})},
		{"no CSV file", zipOf(t, [2]string{"a.txt", "x"}, [2]string{"b.txt", "y"})},
		{"corrupt", append([]byte("PK\x03\x04"), bytes.Repeat([]byte{0xFF}, 100)...)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			for _, r := range []io.Reader{bytes.NewReader(tt.zip), onlyReader{bytes.NewReader(tt.zip)}} {
				if _, err := stream(t, "bad.zip", r, national.Options{TempDir: spool}); err == nil || !strings.Contains(err.Error(), "bad.zip") {
					t.Fatalf("got %v, want an error naming the file", err)
				}
			}
			if left, _ := os.ReadDir(spool); len(left) != 0 {
				t.Errorf("temporary files left: %v", left)
			}
		})
	}
	t.Run("corrupt data", func(t *testing.T) {
		// Bytes of the deflated CSV changed: inflating or the CRC fails,
		// never a silent early end.
		bad := append([]byte(nil), z...)
		start := bytes.Index(bad, []byte("BalanceSPL_Fonction_2019.csv")) + len("BalanceSPL_Fonction_2019.csv")
		for i := start + 5000; i < start+5100; i++ {
			bad[i] ^= 0x55
		}
		if _, err := stream(t, "bad.zip", bytes.NewReader(bad), national.Options{}); err == nil {
			t.Fatal("no error")
		}
	})
	t.Run("emit stops early", func(t *testing.T) {
		before := runtime.NumGoroutine()
		stop := errors.New("stop")
		for range 20 {
			err := national.Stream("f.zip", bytes.NewReader(z), national.Options{Contiguous: true}, func(*budget.Document) error { return stop })
			if err != stop {
				t.Fatalf("got %v", err)
			}
		}
		for i := 0; runtime.NumGoroutine() > before && i < 100; i++ {
			time.Sleep(10 * time.Millisecond)
		}
		if n := runtime.NumGoroutine(); n > before {
			t.Fatalf("%d goroutines, %d before: the inflater leaks", n, before)
		}
	})
	t.Run("truncated", func(t *testing.T) {
		// A zip cut short: its central directory is missing.
		if _, err := stream(t, "cut.zip", bytes.NewReader(z[:len(z)/2]), national.Options{}); err == nil {
			t.Fatal("no error")
		}
	})
}

// interleave returns the rows of the budgets taken in turn, one row of
// each, until all are used.
func interleave(budgets ...[][]string) [][]string {
	var out [][]string
	for i := 0; ; i++ {
		n := len(out)
		for _, b := range budgets {
			if i < len(b) {
				out = append(out, b[i])
			}
		}
		if len(out) == n {
			return out
		}
	}
}

// TestStreamNonContiguous checks that rows of a budget spread over the file
// give the same documents, in the order of their first row; and that
// Contiguous reports such a file instead of emitting partial documents.
func TestStreamNonContiguous(t *testing.T) {
	f := newFixture(t)
	want := mustStream(t, "f.csv", bytes.NewReader(f.csv), national.Options{Annexes: true, Categories: []string{"*"}})
	// Bordeaux's rows, then Montpellier's and the syndicat's and the
	// annex's taken in turn, then the rest of Bordeaux's.
	half := len(f.bordeaux) / 2
	var rows [][]string
	rows = append(rows, f.bordeaux[:half]...)
	rows = append(rows, interleave(f.mtp, f.synd, f.annex)...)
	rows = append(rows, f.bordeaux[half:]...)
	data := nationalCSV(rows)

	var st national.Stats
	got := mustStream(t, "mixed.csv", bytes.NewReader(data), national.Options{Annexes: true, Categories: []string{"*"}, Stats: &st})
	// Order of first rows: Bordeaux, Montpellier, syndicat, annex.
	order := []int{0, 3, 2, 1}
	if len(got) != len(want) {
		t.Fatalf("%d documents, want %d", len(got), len(want))
	}
	for i, j := range order {
		sameDocs(t, want[j].Authority.SIRET, got[i], want[j], false)
	}
	if st.Interleaved != 4 {
		t.Errorf("%d budgets not contiguous, want 4", st.Interleaved)
	}
	// Lines stay in file order.
	for _, d := range got {
		for i := 1; i < len(d.Lines); i++ {
			if d.Lines[i].Pos <= d.Lines[i-1].Pos {
				t.Fatalf("%s: line %d at %d after %d", d.Authority.SIRET, i, d.Lines[i].Pos, d.Lines[i-1].Pos)
			}
		}
	}

	// Contiguous: same documents as the default on a contiguous file …
	contig := mustStream(t, "f.csv", bytes.NewReader(f.csv), national.Options{Annexes: true, Categories: []string{"*"}, Contiguous: true})
	if len(contig) != len(want) {
		t.Fatalf("contiguous: %d documents, want %d", len(contig), len(want))
	}
	for i := range contig {
		sameDocs(t, "contiguous", contig[i], want[i], true)
	}
	// … and an error on the mixed file, at the line where a budget comes
	// back: Montpellier's second row, after a row of the syndicat (left
	// out, but it came between) and one of the annex.
	_, err := stream(t, "mixed.csv", bytes.NewReader(data), national.Options{Annexes: true, Contiguous: true})
	if !errors.Is(err, national.ErrNotContiguous) {
		t.Fatalf("got %v, want ErrNotContiguous", err)
	}
	if e, ok := reader.AsError(err); !ok || e.Line != 2+half+3 || e.File != "mixed.csv" || e.Got != "21340172201787" {
		t.Fatalf("error %v: want the line where Montpellier comes back", err)
	}
}

// TestStreamEmitError checks that an error of emit stops the stream and
// comes back as is.
func TestStreamEmitError(t *testing.T) {
	f := newFixture(t)
	stop := errors.New("stop")
	for _, contiguous := range []bool{false, true} {
		n := 0
		err := national.Stream("f.csv", bytes.NewReader(f.csv), national.Options{Contiguous: contiguous}, func(*budget.Document) error {
			n++
			return stop
		})
		if err != stop || n != 1 {
			t.Fatalf("contiguous %v: got %v after %d documents", contiguous, err, n)
		}
	}
}
