package calc_test

import (
	"os"
	"testing"

	"github.com/jeu1000/jeu1000/internal/calc"
	"github.com/jeu1000/jeu1000/internal/reader"
	"github.com/jeu1000/jeu1000/internal/sharedtest"
)

// BenchmarkReadAndSplit reads and splits the largest real TOTEM document
// (Montreuil CA 2023, 3.9 MB, ISO-8859-1). Targets: ≤ 10 ms and ≤ 20 MB
// allocated natively; under wasm ≤ 3× native.
func BenchmarkReadAndSplit(b *testing.B) {
	data, err := os.ReadFile(sharedtest.Path(b, "documents", "montreuil-93048", "CA_2023.xml"))
	if err != nil {
		b.Fatal(err)
	}
	c, err := calc.New()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		doc, err := reader.Read("CA_2023.xml", data, reader.Options{})
		if err != nil {
			b.Fatal(err)
		}
		s, err := c.Split(doc, calc.Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(doc.Lines)), "lines")
		_ = s
	}
}
