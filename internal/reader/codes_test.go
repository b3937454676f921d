package reader

import (
	"strconv"
	"testing"
)

func TestCodeTable(t *testing.T) {
	var tab codeTable
	if got := tab.intern(nil); got != 0 || tab.str(got) != "" {
		t.Errorf("intern(nil) = %d", got)
	}
	// Enough codes to make the table grow several times, some too long
	// to pack.
	const n = 5000
	first := map[string]codeID{}
	for round := 0; round < 2; round++ {
		for i := 0; i < n; i++ {
			code := strconv.Itoa(i * 7)
			if i%10 == 0 {
				code += "-123456789"
			}
			id := tab.intern([]byte(code))
			if got := tab.str(id); got != code {
				t.Fatalf("intern(%q) = %d, which names %q", code, id, got)
			}
			if round == 0 {
				first[code] = id
			} else if id != first[code] {
				t.Fatalf("intern(%q) = %d the second time, %d the first", code, id, first[code])
			}
		}
	}
	if tab.len() != n {
		t.Errorf("%d codes stored, want %d", tab.len(), n)
	}
}
