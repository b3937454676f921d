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
	// Enough codes to make the table grow several times.
	first := map[string]string{}
	for round := 0; round < 2; round++ {
		for i := 0; i < 5*codeTableFirst; i++ {
			code := strconv.Itoa(i * 7)
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
	if tab.n != 5*codeTableFirst {
		t.Errorf("%d codes stored, want %d", tab.n, 5*codeTableFirst)
	}
}
