package figures

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/jeu1000/jeu1000/internal/calc"
	"github.com/jeu1000/jeu1000/internal/dataset"
	"github.com/jeu1000/jeu1000/internal/nomen"
	"github.com/jeu1000/jeu1000/internal/reader"
	"github.com/jeu1000/jeu1000/internal/report"
	"github.com/jeu1000/jeu1000/internal/sharedtest"
)

// TestRoundTrip: a document → record → encoded shard → decoded → document
// splits exactly like the original, for every kind of real document.
func TestRoundTrip(t *testing.T) {
	c, err := calc.New()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{
		"documents/montreuil-93048/CA_2023.xml",
		"documents/montpellier-34172/CA_2018.xml",
		"documents/crach-56046/BP_2022.xml",
		"documents/mohon-56134/CFU_2023.xml",
		"documents/morbihan-56/CA_2021.scdl.csv",
		"balances/bordeaux-33063-2019.json",
	} {
		path := sharedtest.Path(t, filepath.FromSlash(f))
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := reader.Read(filepath.Base(path), data, reader.Options{})
		if err != nil {
			t.Fatal(err)
		}
		rec, err := Record(c, doc, "commune:00000", doc.Population, dataset.Provenance{Document: doc.Source})
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := dataset.EncodeShard(&buf, &dataset.Shard{Name: "t", Records: []dataset.Record{rec}}); err != nil {
			t.Fatal(err)
		}
		sh, err := dataset.ReadShard(&buf)
		if err != nil {
			t.Fatal(err)
		}
		back, err := Document(&sh.Records[0], doc.Authority)
		if err != nil {
			t.Fatal(err)
		}
		for _, opt := range []calc.Options{
			{}, {Level: 2}, {Level: 3}, {Grid: nomen.CommonGrid()},
			{Rules: calc.Rules{IncludeRAR: true, DebtRepayment: true}},
		} {
			want, err := c.Split(doc, opt)
			if err != nil {
				t.Fatal(err)
			}
			got, err := c.Split(back, opt)
			if err != nil {
				t.Fatal(err)
			}
			w, g := report.New(want, 3), report.New(got, 3)
			w.Provenance, g.Provenance = report.Provenance{}, report.Provenance{}
			w.Inferred = false // the record stores the inferred nomenclature as a fact
			stripPos(w.Parts)
			stripPos(g.Parts)
			if !reflect.DeepEqual(w, g) {
				t.Errorf("%s %+v: the record splits differently", f, opt)
			}
		}
	}
}

// stripPos forgets source line numbers, which a record does not keep.
func stripPos(parts []report.Part) {
	for i := range parts {
		for j := range parts[i].Top {
			parts[i].Top[j].Pos = 0
		}
		stripPos(parts[i].Children)
	}
}
