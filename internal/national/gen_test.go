package national_test

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/jeu1000/jeu1000/internal/budget"
	"github.com/jeu1000/jeu1000/internal/calc"
	"github.com/jeu1000/jeu1000/internal/dataset"
	"github.com/jeu1000/jeu1000/internal/figures"
	"github.com/jeu1000/jeu1000/internal/national"
	"github.com/jeu1000/jeu1000/internal/sharedtest"
)

func templates(t testing.TB) []*national.Template {
	t.Helper()
	tpls, err := national.LoadTemplates(sharedtest.Path(t, "balances"))
	if err != nil {
		t.Fatal(err)
	}
	return tpls
}

func generate(t testing.TB, tpls []*national.Template, opt national.GenOptions) ([]byte, national.GenStats) {
	t.Helper()
	var b bytes.Buffer
	st, err := national.Generate(&b, tpls, opt)
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes(), st
}

// TestLoadTemplate checks the conversion of the API records to the
// national layout on the real files.
func TestLoadTemplate(t *testing.T) {
	tpls := templates(t)
	if len(tpls) != 2 || tpls[0].Source != "bordeaux-33063-2019.json" || len(tpls[0].Rows) != 1617 || len(tpls[1].Rows) != 1694 {
		t.Fatalf("templates: %d", len(tpls))
	}
	r := tpls[0].Rows[0]
	if got := strings.Join(r, ";"); got != "2019;21330063500017;033;BORDEAUX;;063;1;101;00;M14;213300635;075;40;;;;Commune;DEF;;10226;0,00;4484122,24;0,00;0,00;0,00;0,00;0,00;0,00;0,00;4484122,24" {
		t.Fatalf("first row %q", got)
	}
	if _, err := national.LoadTemplate("x.json", strings.NewReader(`{"nope": []}`)); err == nil {
		t.Error("no records: no error")
	}
	if _, err := national.LoadTemplate("x.json", strings.NewReader(`[{"exer": "2019", "obnetdeb": "x"}]`)); err == nil {
		t.Error("bad amount: no error")
	}
	tpl, err := national.LoadTemplate("x.json", strings.NewReader(`[{"EXER": 2019, "ident": "1", "compte": "6042", "obnetdeb": 1.5, "oobdeb": null}]`))
	if err != nil || strings.Join(tpl.Rows[0], ";") != "2019;1;;;;;;;;;;;;;;;;;;6042;;;1,50;;;;;;;" {
		t.Fatalf("bare array: %v %q", err, tpl.Rows)
	}
}

// TestGenerate checks that the synthetic file is deterministic, has the
// rows asked for, a realistic mix, and streams into documents that split.
func TestGenerate(t *testing.T) {
	tpls := templates(t)
	const rows = 60_000
	data, st := generate(t, tpls, national.GenOptions{Rows: rows, Seed: 7})
	again, _ := generate(t, tpls, national.GenOptions{Rows: rows, Seed: 7})
	if !bytes.Equal(data, again) {
		t.Fatal("same seed, different output")
	}
	other, _ := generate(t, tpls, national.GenOptions{Rows: rows, Seed: 8})
	if bytes.Equal(data, other) {
		t.Fatal("different seeds, same output")
	}
	if st.Rows != rows || st.Bytes != int64(len(data)) || bytes.Count(data, []byte("\n")) != rows+1 {
		t.Fatalf("stats %+v, %d bytes, %d lines", st, len(data), bytes.Count(data, []byte("\n")))
	}
	if !bytes.HasPrefix(data, []byte(national.Header+"\n")) {
		t.Fatal("no header")
	}
	for _, c := range []string{"Commune", "GFP", "SYND", "EPL", "PARIS"} {
		if st.ByCategory[c] == 0 {
			t.Errorf("no budget of category %s: %v", c, st.ByCategory)
		}
	}
	if st.Annexes == 0 || st.Budgets < 200 {
		t.Errorf("%d budgets, %d annexes", st.Budgets, st.Annexes)
	}
	if !bytes.Contains(data, []byte("R\xC9GION")) {
		t.Error("names are not ISO-8859-1")
	}

	c, err := calc.New()
	if err != nil {
		t.Fatal(err)
	}
	var ss national.Stats
	all := national.Options{Categories: []string{"*"}, Annexes: true, Stats: &ss}
	docs := mustStream(t, "gen.csv", bytes.NewReader(data), all)
	if ss.Rows != rows || ss.Documents+ss.Empty != st.Budgets || ss.Interleaved != 0 {
		t.Fatalf("stream stats %+v, generated %+v", ss, st)
	}
	byType := map[string]int{}
	for _, d := range docs {
		byType[d.Authority.Type]++
		if d.Year != 2019 || !strings.HasPrefix(d.Authority.SIRET, d.Authority.SIREN) {
			t.Fatalf("document %+v %d", d.Authority, d.Year)
		}
		if d.Authority.Type == "Commune" && len(d.Authority.INSEE) != 5 {
			t.Fatalf("commune without INSEE code: %+v", d.Authority)
		}
		if _, err := figures.Record(c, d, d.Authority.SIRET, 0, dataset.Provenance{}); err != nil {
			t.Fatalf("%s: %v", d.Authority.Name, err)
		}
	}
	if byType["SYND"] == 0 || byType["Commune"] == 0 {
		t.Errorf("documents by type %v", byType)
	}

	// Interleaved: the same budgets, rows of 8 budgets alternating.
	mixed, mst := generate(t, tpls, national.GenOptions{Rows: rows, Seed: 7, Interleave: 8})
	if mst.Budgets != st.Budgets || len(mixed) != len(data) || bytes.Equal(mixed, data) {
		t.Fatalf("interleaved: %+v", mst)
	}
	var ms national.Stats
	all.Stats = &ms
	mdocs := mustStream(t, "mixed.csv", bytes.NewReader(mixed), all)
	if ms.Interleaved == 0 || len(mdocs) != len(docs) {
		t.Fatalf("interleaved: %d documents, stats %+v", len(mdocs), ms)
	}
	for i := range docs {
		sameDocs(t, docs[i].Authority.SIRET, mdocs[i], docs[i], false)
	}

	// Zipped.
	var z bytes.Buffer
	if _, err := national.GenerateZip(&z, "BalanceSPL_Fonction_2019.csv", tpls, national.GenOptions{Rows: rows, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	if z.Len() >= len(data)/3 {
		t.Errorf("zip of %d bytes for %d of CSV", z.Len(), len(data))
	}
	zdocs := mustStream(t, "gen.zip", bytes.NewReader(z.Bytes()), national.Options{Categories: []string{"*"}, Annexes: true})
	if len(zdocs) != len(docs) {
		t.Fatalf("zip: %d documents, want %d", len(zdocs), len(docs))
	}
}

func TestGenerateErrors(t *testing.T) {
	if _, err := national.Generate(io.Discard, nil, national.GenOptions{Rows: 1}); err == nil {
		t.Error("no template: no error")
	}
	tpl := &national.Template{Rows: [][]string{make([]string, len(strings.Split(national.Header, ";")))}}
	if _, err := national.Generate(io.Discard, []*national.Template{tpl}, national.GenOptions{}); err == nil {
		t.Error("no rows: no error")
	}
	for _, bad := range []*national.Template{{Source: "empty"}, {Source: "short", Rows: [][]string{{"2019"}}}} {
		if _, err := national.Generate(io.Discard, []*national.Template{bad}, national.GenOptions{Rows: 10}); err == nil {
			t.Errorf("template %s: no error", bad.Source)
		}
	}
	if st, err := national.Generate(io.Discard, []*national.Template{tpl}, national.GenOptions{Rows: 10}); err != nil || st.Rows != 10 {
		t.Errorf("one-row template: %+v, %v", st, err)
	}
}

// BenchmarkStream streams a synthetic 200,000-row file (about 34 MB) and
// makes a dataset record of every document, as the build does. The scale
// benchmark is `jeu1000 bench-national` on a generated national-size file
// (make bench-data).
func BenchmarkStream(b *testing.B) {
	data, _ := generate(b, templates(b), national.GenOptions{Rows: 200_000, Seed: 1})
	c, err := calc.New()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	var st national.Stats
	for b.Loop() {
		err := national.Stream("bench.csv", bytes.NewReader(data), national.Options{Stats: &st}, func(d *budget.Document) error {
			_, err := figures.Record(c, d, d.Authority.SIRET, 0, dataset.Provenance{})
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(st.Rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
