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
