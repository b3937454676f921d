package reader

import (
	"strconv"
	"testing"
	"unsafe"
)

func TestCodeTable(t *testing.T) {
	var tab codeTable
	if got := tab.intern(nil); got != "" {
		t.Errorf("intern(nil) = %q", got)
	}
	// Enough codes to make the table grow several times, some too long
	// to pack.
	const n = 5000
	first := map[string]string{}
	for round := 0; round < 2; round++ {
		for i := 0; i < n; i++ {
			code := strconv.Itoa(i * 7)
			if i%10 == 0 {
				code += "-123456789"
			}
			got := tab.intern([]byte(code))
			if got != code {
				t.Fatalf("intern(%q) = %q", code, got)
			}
			if round == 0 {
				first[code] = got
			} else if unsafe.StringData(first[code]) != unsafe.StringData(got) {
				t.Fatalf("intern(%q) returned a new string the second time", code)
			}
		}
	}
	if tab.len() != n {
		t.Errorf("%d codes stored, want %d", tab.len(), n)
	}
}
