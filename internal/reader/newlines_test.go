package reader

import (
	"bytes"
	"testing"
)

func TestCountNewlines(t *testing.T) {
	for _, s := range []string{
		"", "\n", "a", "\n\n\n\n\n\n\n\n", "\n\n\n\n\n\n\n\n\n", "abcdefgh\nijklmnop\n",
		"\x8a\x0a\x0b\x09\xff\x00\n\x7f\x80\n", "é\nè\n€\r\n\r\n, a longer line\n with\nmany\nbreaks\n\n",
	} {
		want := bytes.Count([]byte(s), []byte{'\n'})
		for i := 0; i <= len(s); i++ {
			// every alignment and length
			if got, want := countNewlinesSWAR([]byte(s[i:])), bytes.Count([]byte(s[i:]), []byte{'\n'}); got != want {
				t.Errorf("countNewlinesSWAR(%q) = %d, want %d", s[i:], got, want)
			}
		}
		if got := countNewlines([]byte(s)); got != want {
			t.Errorf("countNewlines(%q) = %d, want %d", s, got, want)
		}
	}
}

func FuzzCountNewlines(f *testing.F) {
	f.Add([]byte("abc\ndef\n\n\x8a\x0a"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if got, want := countNewlinesSWAR(b), bytes.Count(b, []byte{'\n'}); got != want {
			t.Fatalf("countNewlinesSWAR(%q) = %d, want %d", b, got, want)
		}
	})
}
