package budget

import "testing"

func TestNormalizeFunction(t *testing.T) {
	for in, want := range map[string]string{
		"212": "212", " 2.12 ": "212", "4-221": "4221", "0\u00a01": "01", "8\u202f22": "822", "\t90 822": "90822", "": "",
		"\xc2\xe2": "\xc2\xe2", "\u00e91": "\u00e91", // other or invalid non-ASCII: kept as is
	} {
		if got := NormalizeFunction(in); got != want {
			t.Errorf("NormalizeFunction(%q) = %q, want %q", in, got, want)
		}
	}
}
