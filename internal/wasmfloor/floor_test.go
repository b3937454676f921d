package wasmfloor

import (
	"bytes"
	"os"
	"testing"

	"github.com/jeu1000/jeu1000/internal/sharedtest"
)

func TestKernels(t *testing.T) {
	for _, data := range [][]byte{
		nil, []byte("<"), []byte("a<b<<c<"), []byte("<<<<<<<<<"), []byte("=<=<=<=<=<=<=<=<=<"),
		bytes.Repeat([]byte("<a x=\"1\">v</a>\n"), 100),
	} {
		want := bytes.Count(data, []byte("<"))
		if got := CountByte(data, '<'); got != want {
			t.Errorf("CountByte(%.20q) = %d, want %d", data, got, want)
		}
		if got := CountByteSWAR(data, '<'); got != want {
			t.Errorf("CountByteSWAR(%.20q) = %d, want %d", data, got, want)
		}
	}
	if got := TagBytes([]byte("<a>x</a> <b c='1'>")); got != 3+4+9 {
		t.Errorf("TagBytes = %d, want 16", got)
	}
}

// The kernels run over the document of internal/calc's
// BenchmarkReadAndSplit (Montreuil CA 2023, 3.9 MB).
func document(b *testing.B) []byte {
	data, err := os.ReadFile(sharedtest.Path(b, "documents", "montreuil-93048", "CA_2023.xml"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	return data
}

var sink int

func BenchmarkCountByte(b *testing.B) {
	data := document(b)
	for b.Loop() {
		sink = CountByte(data, '<')
	}
}

func BenchmarkCountByteSWAR(b *testing.B) {
	data := document(b)
	for b.Loop() {
		sink = CountByteSWAR(data, '<')
	}
}

func BenchmarkTagBytes(b *testing.B) {
	data := document(b)
	for b.Loop() {
		sink = TagBytes(data)
	}
}
