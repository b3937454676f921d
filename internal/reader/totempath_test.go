package reader

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// The fast path of the TOTEM reader (totemfast.go) is fenced by these
// tests: every document the other tests read — the fixtures, the real
// documents, the cases of issue 14 — is read with the fast path on and
// off, which must give the same document or the same error, and the
// differential fuzz target does the same on any input, and checks what it
// accepts against encoding/xml.

// totemSamePaths reads data with the fast path on and off and fails unless
// both give the same; it returns the document (nil on an error).
func totemSamePaths(t *testing.T, name string, data []byte) *Error {
	t.Helper()
	fast, ferr := readTOTEMPath(name, data, true)
	slow, serr := readTOTEMPath(name, data, false)
	switch {
	case (ferr == nil) != (serr == nil):
		t.Fatalf("%s: fast path: %v; slow path: %v", name, ferr, serr)
	case ferr != nil:
		if ferr.Error() != serr.Error() {
			t.Fatalf("%s: errors differ:\nfast %v\nslow %v", name, ferr, serr)
		}
		e, _ := AsError(ferr)
		return e
	case !reflect.DeepEqual(fast, slow):
		for i := range min(len(fast.Lines), len(slow.Lines)) {
			if !reflect.DeepEqual(fast.Lines[i], slow.Lines[i]) {
				t.Fatalf("%s: line %d differs:\nfast %+v\nslow %+v", name, i, fast.Lines[i], slow.Lines[i])
			}
		}
		t.Fatalf("%s: documents differ (%d and %d lines)", name, len(fast.Lines), len(slow.Lines))
	}
	return nil
}

// totemPathInputs are the documents of the other tests.
func totemPathInputs(t testing.TB) map[string][]byte {
	in := map[string][]byte{"minimal": []byte(totemMinimal)}
	files, _ := filepath.Glob(filepath.Join("testdata", "totem", "*.xml"))
	dir := filepath.Join("..", "..", "..", "shared", "data", "documents")
	real, _ := filepath.Glob(filepath.Join(dir, "*", "*.xml"))
	if len(real) == 0 && os.Getenv("CI") != "" {
		t.Fatalf("real documents missing under %s", dir)
	}
	for _, f := range append(files, real...) {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		in[f] = data
	}
	for _, tt := range hardenCases {
		if strings.HasPrefix(tt.in, "<") {
			in[tt.name] = []byte(tt.in)
		}
	}
	return in
}

func TestTOTEMFastPathOff(t *testing.T) {
	for name, data := range totemPathInputs(t) {
		t.Run(filepath.Base(name), func(t *testing.T) {
			totemSamePaths(t, name, data)
			// Cut documents: errors in every construct.
			for _, n := range []int{1, 3, 10} {
				if s := totemSnippet(data, n); s != nil {
					totemSamePaths(t, name, s)
					totemSamePaths(t, name, s[:len(s)*2/3])
				}
			}
		})
	}
}

// FuzzTOTEMFastPath is the differential fuzz target of the fast path: on
// and off must agree, and a document read with a LigneBudget in the TOTEM
// namespace must give what encoding/xml reads (totemCompareRef).
func FuzzTOTEMFastPath(f *testing.F) {
	for _, data := range totemPathInputs(f) {
		if len(data) < 64<<10 {
			f.Add(data)
		} else if s := totemSnippet(data, 5); s != nil {
			f.Add(s)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if totemSamePaths(t, "fuzz.xml", data) != nil {
			return
		}
		if !bytes.Contains(data, []byte(`xmlns="http://www.minefi.gouv.fr/cp/demat/docbudgetaire"`)) {
			return
		}
		if _, _, err := totemRefDecode(data); err != nil {
			return // encoding/xml is stricter (or looser) about what is not a budget
		}
		doc, _ := readTOTEM("fuzz.xml", data)
		totemCompareRef(t, doc, data)
	})
}

// TestTOTEMAnnexesNotRead checks that what the annexes hold is not read
// when only end tags follow them, with the fast path on and off (the
// fuzzer once found the two disagreeing on a "<!" the forward scan
// refuses), and that the forward scan still looks at them otherwise.
func TestTOTEMAnnexesNotRead(t *testing.T) {
	withAnnexes := func(annexes, after string) []byte {
		return []byte(strings.Replace(totemMinimal, "</Budget>", "<Annexes>"+annexes+"</Annexes>"+after+"</Budget>", 1))
	}
	tests := []struct {
		name    string
		data    []byte
		wantErr string // "" when the document must be read
	}{
		{"unknown markup", withAnnexes("<!00000000", ""), ""},
		{"stray end tag", withAnnexes("x</Annexes>y", ""), ""},
		{"unclosed comment", withAnnexes("<!-- a", "\n"), ""},
		{"fuzzer's input", []byte("<DocumentBudgetaire><Annexes><!00000000</Annexes>"), "truncated"},
		{"unknown markup, then an element", withAnnexes("<!00000000", "<X/>"), "markup"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := totemSamePaths(t, tt.name, tt.data)
			switch {
			case tt.wantErr == "" && e != nil:
				t.Fatalf("error %v, want the document", e)
			case tt.wantErr != "" && (e == nil || !strings.Contains(e.Error(), tt.wantErr)):
				t.Fatalf("error %v, want one with %q", e, tt.wantErr)
			}
			if tt.wantErr == "" {
				doc, _ := readTOTEM(tt.name, tt.data)
				if len(doc.Lines) != 1 || doc.Lines[0].Nature != "6042" {
					t.Fatalf("lines %+v, want the one 6042", doc.Lines)
				}
			}
		})
	}
}
