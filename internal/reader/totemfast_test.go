package reader

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// TestTotemChildWord checks the words of totemChildWord: each is the name
// of a child followed by the attribute it is written with, and its index
// is the one totemLineChild gives.
func TestTotemChildWord(t *testing.T) {
	for _, tc := range []struct{ name, attr string }{
		{"Nature", "V"}, {"Fonction", "V"}, {"ContNat", "V"}, {"ContFon", "V"}, {"CodRD", "V"},
		{"OpBudg", "V"}, {"LibCpte", "V"}, {"MtReal", "V"}, {"MtPrev", "V"}, {"MtPropNouv", "V"},
		{"MtRARPrec", "V"}, {"MtBudgPrec", "V"}, {"CredOuv", "V"}, {"MtRAR3112", "V"},
		{"ArtSpe", "V"}, {"MtSup", "Code"},
	} {
		tag := []byte(tc.name + " " + tc.attr + `="`)
		k := totemChildWord(binary.LittleEndian.Uint64(tag))
		if k < 0 {
			t.Errorf("totemChildWord(%q) = -1, want %s", tag[:8], tc.name)
			continue
		}
		if c := totemChildren[k]; c.name != tc.name || c.idx != totemLineChild([]byte(tc.name)) {
			t.Errorf("totemChildWord(%q) = %v, want %s, %d", tag[:8], c, tc.name, totemLineChild([]byte(tc.name)))
		}
	}
	for _, other := range []string{"LigneBudget>", "Nature  V=", "Naturf V=\"", "PERSONNEL"} {
		b := append([]byte(other), "        "...)
		if k := totemChildWord(binary.LittleEndian.Uint64(b)); k >= 0 {
			t.Errorf("totemChildWord(%q) = %v, want none", other, totemChildren[k])
		}
	}
}

// TestTotemSWAR compares the word-at-a-time searches with plain loops for
// every position of the searched bytes and every start.
func TestTotemSWAR(t *testing.T) {
	valueEnd := func(d []byte, i int) int {
		for ; i < len(d); i++ {
			if d[i] == '"' || d[i] == '<' || d[i] == '\n' {
				return i
			}
		}
		return -1
	}
	gap := func(d []byte, i int) (int, int) {
		n := 0
		for ; i < len(d); i++ {
			switch d[i] {
			case '<':
				return i, n
			case '\n':
				n++
			}
		}
		return -1, n
	}
	special := []byte{'"', '<', '\n'}
	for n := 0; n < 20; n++ {
		for a := -1; a < n; a++ {
			for b := -1; b < n; b++ {
				for _, ca := range special {
					for _, cb := range special {
						d := make([]byte, n)
						for i := range d {
							d[i] = []byte("\n a\n\x01\xff\x0b=")[i%8] // newlines, and bytes next to the searched ones
						}
						if a >= 0 {
							d[a] = ca
						}
						if b >= 0 {
							d[b] = cb
						}
						for i := 0; i <= n; i++ {
							if got, want := totemIndexValueEnd(d, i), valueEnd(d, i); got != want {
								t.Fatalf("totemIndexValueEnd(%q, %d) = %d, want %d", d, i, got, want)
							}
							gl, gn := totemGap(d, i)
							if wl, wn := gap(d, i); gl != wl || gn != wn {
								t.Fatalf("totemGap(%q, %d) = %d, %d; want %d, %d", d, i, gl, gn, wl, wn)
							}
						}
					}
				}
			}
		}
	}
}

// TestTotemErrorLinesAfterFastPath damages a real document deep inside its
// budget lines, after thousands of children read by lineChildren, and
// checks that the error names the line of the damage: the fast path counts
// lines itself.
func TestTotemErrorLinesAfterFastPath(t *testing.T) {
	orig := totemRead(t, filepath.Join(totemDocsDir(t), "montreuil-93048", "CA_2023.xml"))
	for _, tc := range []struct {
		name     string
		find     string
		nth      int // 0-based occurrence of find to damage
		replace  string
		expected string
		// detected is where the error is found when that is not at the
		// damage: the next occurrence of this; the message then names the
		// line of the damage.
		detected string
	}{
		{"bad direction, first line", `<CodRD V="D"/>`, 0, `<CodRD V="X"/>`, ExpectDirection, ""},
		{"bad direction, middle", `<CodRD V="D"/>`, 700, `<CodRD V="X"/>`, ExpectDirection, ""},
		{"bad amount, late", `<MtReal V="`, 1400, `<MtReal V="12a`, ExpectAmount, ""},
		{"'<' in a value", `<MtPrev V="`, 900, `<MtPrev V="<`, ExpectXML, ""},
		{"newline in a kept value", `<CodRD V="D"/>`, 1000, "<CodRD V=\"\nZ\"/>", ExpectDirection, ""},
		{"child not closed", `<OpBudg V="0"/>`, 1200, `<OpBudg V="0">`, ExpectXML, "</LigneBudget>"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			off := -1
			for i, from := 0, 0; i <= tc.nth; i++ {
				j := bytes.Index(orig[from:], []byte(tc.find))
				if j < 0 {
					t.Fatalf("occurrence %d of %q not found", tc.nth, tc.find)
				}
				off, from = from+j, from+j+1
			}
			data := append(append(append([]byte{}, orig[:off]...), tc.replace...), orig[off+len(tc.find):]...)
			want := 1 + bytes.Count(data[:off], []byte{'\n'})
			if tc.replace[len(tc.replace)-3] == 'Z' { // the value starts on the next line
				want++
			}
			damaged := want
			if tc.detected != "" {
				want = 1 + bytes.Count(data[:off+bytes.Index(data[off:], []byte(tc.detected))], []byte{'\n'})
			}
			_, err := readTOTEM("CA_2023.xml", data)
			e, ok := AsError(err)
			if !ok {
				t.Fatalf("error %v, want a reader error", err)
			}
			if e.Line != want || e.Expected != tc.expected {
				t.Errorf("error at line %d expecting %q (%v), want line %d expecting %q", e.Line, e.Expected, err, want, tc.expected)
			}
			if tc.detected != "" && !strings.Contains(err.Error(), fmt.Sprintf("opened at line %d ", damaged)) {
				t.Errorf("error %q does not name line %d", err, damaged)
			}
		})
	}
}
