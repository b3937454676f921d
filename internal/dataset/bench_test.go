package dataset

import (
	"bytes"
	"runtime"
	"testing"
)

// Run natively with
//
//	go test -run '^$' -bench . -benchmem ./internal/dataset/
//
// and under Node with
//
//	GOOS=js GOARCH=wasm go test -run '^$' -bench . -benchmem -exec="$(go env GOROOT)/lib/wasm/go_js_wasm_exec" ./internal/dataset/

const benchAuthorities = 37000

// benchFiles returns the raw and gzipped encodings of the benchmark index.
func benchIndex(b *testing.B) (raw, gz []byte) {
	b.Helper()
	ix := syntheticIndex(benchAuthorities)
	raw = encodeIndex(b, ix)
	var buf bytes.Buffer
	if err := EncodeIndex(&buf, ix); err != nil {
		b.Fatal(err)
	}
	return raw, buf.Bytes()
}

// benchShard: 10 detailed records of 1,500 lines and 3,400 aggregated
// records of 10 items.
func benchShard(b *testing.B) (raw, gz []byte) {
	b.Helper()
	s := syntheticShard(10, 1500, 3400, 10)
	raw = encodeShard(b, s)
	var buf bytes.Buffer
	if err := EncodeShard(&buf, s); err != nil {
		b.Fatal(err)
	}
	return raw, buf.Bytes()
}

func reportSizes(b *testing.B, raw, gz []byte) {
	b.ReportMetric(float64(len(raw)), "raw-bytes")
	b.ReportMetric(float64(len(gz)), "gz-bytes")
}

func BenchmarkDecodeIndex(b *testing.B) {
	raw, gz := benchIndex(b)
	b.ReportAllocs()
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		if _, err := DecodeIndex(raw); err != nil {
			b.Fatal(err)
		}
	}
	reportSizes(b, raw, gz)
}

// BenchmarkDecodeIndexFresh collects garbage before each decode, as at the
// app's start: the loop above also pays for collecting the previous
// iterations' indexes.
func BenchmarkDecodeIndexFresh(b *testing.B) {
	raw, gz := benchIndex(b)
	b.ReportAllocs()
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		b.StopTimer()
		runtime.GC()
		b.StartTimer()
		if _, err := DecodeIndex(raw); err != nil {
			b.Fatal(err)
		}
	}
	reportSizes(b, raw, gz)
}

// BenchmarkReadIndex inflates in Go too: what the app pays if it does not
// use the browser's DecompressionStream.
func BenchmarkReadIndex(b *testing.B) {
	raw, gz := benchIndex(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ReadIndex(bytes.NewReader(gz)); err != nil {
			b.Fatal(err)
		}
	}
	reportSizes(b, raw, gz)
}

func BenchmarkEncodeIndex(b *testing.B) {
	ix := syntheticIndex(benchAuthorities)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := AppendIndex(nil, ix); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeShard(b *testing.B) {
	raw, gz := benchShard(b)
	b.ReportAllocs()
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		if _, err := DecodeShard(raw); err != nil {
			b.Fatal(err)
		}
	}
	reportSizes(b, raw, gz)
}

func BenchmarkReadShard(b *testing.B) {
	raw, gz := benchShard(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ReadShard(bytes.NewReader(gz)); err != nil {
			b.Fatal(err)
		}
	}
	reportSizes(b, raw, gz)
}

// BenchmarkOpenIndex opens the benchmark index and finds one authority:
// what the app pays before showing an authority, to compare with
// BenchmarkDecodeIndex.
func BenchmarkOpenIndex(b *testing.B) {
	raw, gz := benchIndex(b)
	ix, err := DecodeIndex(raw)
	if err != nil {
		b.Fatal(err)
	}
	key := ix.Authorities[len(ix.Authorities)/2].Key()
	b.ReportAllocs()
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		f, err := OpenIndex(raw)
		if err != nil {
			b.Fatal(err)
		}
		if _, ok := f.Find(key); !ok {
			b.Fatalf("%s not found", key)
		}
	}
	reportSizes(b, raw, gz)
}

// BenchmarkCommittedIndex compares, on the committed index, the whole
// decode (what the app paid before showing anything) with opening the file
// and making one authority with what its page names (its EPCI, département
// and région), and with opening then decoding the whole index (what search
// needs):
//
//	go test -run '^$' -bench CommittedIndex -benchmem ./internal/dataset/
//	GOOS=js GOARCH=wasm go test -exec="$(go env GOROOT)/lib/wasm/go_js_wasm_exec" -run '^$' -bench CommittedIndex -benchmem ./internal/dataset/
func BenchmarkCommittedIndex(b *testing.B) {
	raw := committedIndex(b)
	b.Run("decode", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := DecodeIndex(raw); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("open", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := OpenIndex(raw); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("open+find", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			f, err := OpenIndex(raw)
			if err != nil {
				b.Fatal(err)
			}
			a, ok := f.Find("commune:93048")
			if !ok {
				b.Fatal("Montreuil not found")
			}
			for _, ref := range []struct {
				k    Kind
				code string
			}{{KindEPCI, a.EPCI}, {KindDepartement, a.Departement}, {KindRegion, a.Region}} {
				i, ok := f.Lookup(ref.k, ref.code)
				if !ok {
					b.Fatalf("%v %s not found", ref.k, ref.code)
				}
				_ = f.Authority(i)
			}
		}
	})
	b.Run("open+entries", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			f, err := OpenIndex(raw)
			if err != nil {
				b.Fatal(err)
			}
			for i := range f.Len() {
				f.Entry(i)
			}
		}
	})
}
