package pipeline

// Decode benchmarks of the committed dataset, natively and in wasm:
//
//	go test -run '^$' -bench Decode ./internal/pipeline/
//	GOOS=js GOARCH=wasm go test -exec="$(go env GOROOT)/lib/wasm/go_js_wasm_exec" -run '^$' -bench Decode ./internal/pipeline/
//
// The browser inflates with DecompressionStream: BenchmarkDecode* measure
// the Go side (raw bytes → model), BenchmarkRead* add Go's own gzip.

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/jeu1000/jeu1000/internal/dataset"
	"github.com/jeu1000/jeu1000/internal/reader"
	"github.com/jeu1000/jeu1000/internal/sharedtest"
)

// committedFile reads a file of the committed dataset, or skips.
func committedFile(b *testing.B, name string) []byte {
	b.Helper()
	gz, err := os.ReadFile(filepath.Join(committedDir(b), name))
	if err != nil {
		b.Skipf("committed dataset not available: %v", err)
	}
	return gz
}

// largestShard returns the name of the largest shard of the committed
// dataset.
func largestShard(b *testing.B) string {
	b.Helper()
	ix, err := dataset.ReadIndex(bytes.NewReader(committedFile(b, IndexFile)))
	if err != nil {
		b.Fatal(err)
	}
	var best string
	var size int64 = -1
	for _, s := range ix.Shards {
		if st, err := os.Stat(filepath.Join("..", "..", "data", "compressed", s.Name)); err == nil && st.Size() > size {
			best, size = s.Name, st.Size()
		}
	}
	return best
}

func benchDecode(b *testing.B, name string, decode func([]byte) error) {
	gz := committedFile(b, name)
	raw, err := inflate(gz)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		if err := decode(raw); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeIndex(b *testing.B) {
	benchDecode(b, IndexFile, func(raw []byte) error { _, err := dataset.DecodeIndex(raw); return err })
}

func BenchmarkDecodeLargestShard(b *testing.B) {
	benchDecode(b, largestShard(b), func(raw []byte) error { _, err := dataset.DecodeShard(raw); return err })
}

func BenchmarkReadIndex(b *testing.B) {
	gz := committedFile(b, IndexFile)
	b.SetBytes(int64(len(gz)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := dataset.ReadIndex(bytes.NewReader(gz)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAddDocument measures what a feed pays per document: reduce,
// record, spool, peer samples. The Bordeaux balance (1,103 rows) stands for
// a large authority; a national year has ~40,000 budgets of ~125 rows.
func BenchmarkAddDocument(b *testing.B) {
	data, err := os.ReadFile(sharedtest.Path(b, "balances", "bordeaux-33063-2019.json"))
	if err != nil {
		b.Fatal(err)
	}
	doc, err := reader.Read("bordeaux-33063-2019.json", data, reader.Options{})
	if err != nil {
		b.Fatal(err)
	}
	bl := testBuilder(b)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		code := fmt.Sprintf("%05d", i)
		i++
		if err := bl.AddAuthority(dataset.Authority{Kind: dataset.KindCommune, Code: code, Name: "x", Departement: "33", Population: 1000}, ""); err != nil {
			b.Fatal(err)
		}
		if err := bl.AddDocument(doc, Source{Path: "bench", Key: "commune:" + code}); err != nil {
			b.Fatal(err)
		}
	}
}
