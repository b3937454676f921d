package reader

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jeu1000/jeu1000/internal/budget"
	"github.com/jeu1000/jeu1000/internal/codekey"
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
// budget lines, after thousands of children read by lineRun, and
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

// TestTotemLineRunWhiteSpace reads generated documents whose budget lines
// are separated by white space of every kind (the same many times in a
// row, so that lineRun's cache is used, then another), with children in
// varied order and written in the ways the fast path takes and refuses,
// and checks values and line numbers against encoding/xml.
func TestTotemLineRunWhiteSpace(t *testing.T) {
	gaps := []string{"", " ", "\n", "\r\n", "\r\n         ", "\n\t\t", "\n\n", "  \n  \n  ",
		"\r\n                          ", "\n" + strings.Repeat(" ", 15), strings.Repeat(" ", 16), strings.Repeat(" ", 17) + "\n"}
	children := []string{
		`<Nature V="%d"/>`, `<Fonction V="0%d"/>`, `<ContNat V="011"/>`, `<ArtSpe V="false"/>`,
		`<MtReal V="%d.5"/>`, `<MtPrev V="12345678.%d"/>`, `<CredOuv V="-%d"/>`,
		`<MtSup Code="BudgetHorsRAR" V="%d"/>`, `<MtPropNouv V="%d"/>`, `<OpBudg V="0"/>`,
		`<MtSup Code="Budget" V="%d" Autre="x"/>`,               // three attributes: the general path
		`<MtSup Code="BudgetHorsRARTresLong" V="%d"/>`,          // a long value: the general path
		`<MtSup V="%d" Code="x"/>`, `<MtSup Code="x" V="1%d"/>`, // other orders and sizes
		`<LibCpte V="Compte n° %d &amp; co"/>`, // an entity: the value is decoded later
		`<MtRARPrec  V="%d"/>`,                 // two spaces: the general path
		`<MtBudgPrec V='%d'/>`,                 // single quotes: the general path
		`<x:Autre V="%d"/>`,                    // prefixed: the general path
		"<LibCpte V=\"ligne %d\nsuite\"/>",     // a newline in a value: the general path
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for doc := 0; doc < 150; doc++ {
		var b strings.Builder
		b.WriteString(strings.Replace(totemMinimal[:strings.Index(totemMinimal, "<LigneBudget>")], "<Budget>", `<Budget xmlns:x="urn:x">`, 1))
		gap := gaps[rng.IntN(len(gaps))]
		for line := 0; line < 40; line++ {
			if rng.IntN(8) == 0 {
				gap = gaps[rng.IntN(len(gaps))]
			}
			b.WriteString("<LigneBudget>" + gap)
			n := 1 + rng.IntN(len(children))
			kept := map[string]bool{} // a kept child given twice is an error
			for _, k := range rng.Perm(len(children))[:n] {
				c := children[k]
				name := c[1:strings.IndexByte(c, ' ')]
				if totemLineChild([]byte(name)) >= 0 && kept[name] {
					continue
				}
				kept[name] = true
				if strings.Contains(c, "%d") {
					c = fmt.Sprintf(c, rng.IntN(10000))
				}
				b.WriteString(c + gap)
			}
			if !kept["Nature"] && rng.IntN(2) == 0 {
				b.WriteString(`<Nature V="6042"/>` + gap)
			}
			if doc%10 != 9 || line != 30 { // else an error: no CodRD
				b.WriteString(`<CodRD V="D"/>` + gap)
			}
			b.WriteString("</LigneBudget>" + gap)
		}
		b.WriteString("</Budget>\n</DocumentBudgetaire>\n")
		data := []byte(b.String())
		got, err := readTOTEM("gen.xml", data)
		if err != nil {
			// A line without CodRD is refused: check that the error
			// names the reference's line.
			_, ref, rerr := totemRefDecode(data)
			if rerr != nil {
				t.Fatalf("document %d: %v; reference: %v", doc, err, rerr)
			}
			e, _ := AsError(err)
			first := -1
			for _, r := range ref {
				if _, ok := r.v["CodRD"]; !ok {
					first = r.pos
					break
				}
			}
			if e == nil || e.Field != "CodRD" || e.Line != first {
				t.Fatalf("document %d: %v, want the missing CodRD of the LigneBudget at line %d", doc, err, first)
			}
			continue
		}
		totemCompareRef(t, got, data)
		if t.Failed() {
			t.Fatalf("document %d:\n%s", doc, data)
		}
	}
}

// TestTotemTagWords checks the words lineRun compares tags with.
func TestTotemTagWords(t *testing.T) {
	word := func(s string) uint64 { return binary.LittleEndian.Uint64([]byte(s)) }
	for _, tc := range []struct {
		text   string
		w0, w1 uint64
	}{
		{totemLBStart, totemLBStartW0, totemLBStartW1},
		{totemLBEnd, totemLBEndW0, totemLBEndW1},
		{"<LigneBudget", totemLBStartW0, totemLBNameW1},
	} {
		if w := word(tc.text[:8]); w != tc.w0 {
			t.Errorf("%q: first word %#x, want %#x", tc.text, tc.w0, w)
		}
		if w := word(tc.text[len(tc.text)-8:]); w != tc.w1 {
			t.Errorf("%q: last word %#x, want %#x", tc.text, tc.w1, w)
		}
		d := []byte("  " + tc.text + "  ")
		if !totemTagAt(d, 2, len(tc.text), tc.w0, tc.w1) {
			t.Errorf("totemTagAt does not find %q", tc.text)
		}
		for i := 2; i < len(d)-2; i++ {
			e := bytes.Clone(d)
			e[i] ^= 0x20
			if totemTagAt(e, 2, len(tc.text), tc.w0, tc.w1) {
				t.Errorf("totemTagAt finds %q in %q", tc.text, e)
			}
		}
		if totemTagAt(d[:len(d)-3], 2, len(tc.text), tc.w0, tc.w1) {
			t.Errorf("totemTagAt finds %q in a truncated text", tc.text)
		}
	}
}

// TestTotemWordPaths checks that the word-at-a-time paths take the usual
// values, with the right result, and leave the others to the slow path.
func TestTotemWordPaths(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want budget.Amount
		ok   bool
	}{
		{"0.00", 0, true}, {"0", 0, true}, {"3060.41", 306041, true}, {"-12.5", -1250, true},
		{"24185.20", 2418520, true}, {"12345678.99", 1234567899, true}, {"99999999", 9999999900, true},
		{"7.1", 710, true}, {"-0.01", -1, true},
		{"123456789", 0, false}, {"123456789.00", 0, false}, {"1.234", 0, false}, {"1,5", 0, false},
		{"1.", 0, false}, {".5", 0, false}, {"-", 0, false}, {"", 0, false}, {" 12", 0, false},
		{"12 ", 0, false}, {"1e5", 0, false}, {"+1", 0, false}, {"1.2a", 0, false}, {"1:2", 0, false},
	} {
		d := []byte(tc.in + "        ")
		got, ok := totemAmountWord(d, 0, len(tc.in))
		if ok != tc.ok || got != tc.want {
			t.Errorf("totemAmountWord(%q) = %d, %v; want %d, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
	if _, ok := totemAmountWord([]byte("12.00"), 0, 5); ok {
		t.Error("totemAmountWord read past the end of its data")
	}
	for _, tc := range []struct {
		in string
		ok bool
	}{
		{"6161", true}, {"020", true}, {"13158", true}, {"12345678", true}, {"8", true},
		{"4581002X", false}, {"A1", false}, {"6O42", false}, {"90-020", false}, {"90.020", false},
		{"1 2", false}, {" 12", false}, {"a&amp;", false}, {"123456789", false}, {"", false},
		{"\xe92", false}, {"1\x002", false}, {"/", false}, {":", false}, {"\xb0", false}, {"9\xb9", false},
	} {
		d := []byte(tc.in + "        ")
		k, ok := totemCodeWord(d, 0, len(tc.in))
		if ok != tc.ok {
			t.Errorf("totemCodeWord(%q) ok = %v, want %v", tc.in, ok, tc.ok)
		}
		if want, _ := codekey.PackBytes([]byte(tc.in)); ok && k != want {
			t.Errorf("totemCodeWord(%q) = %#x, want %#x", tc.in, k, want)
		}
	}
}

// FuzzTotemWords checks the word-at-a-time paths against the general ones:
// an amount they read is the one budget.ParseAmount reads, and a code they
// take is one that code() would keep as written.
func FuzzTotemWords(f *testing.F) {
	for _, s := range []string{"0.00", "3060.41", "-12.5", "12345678.99", "123456789", "1.", ".5",
		"6161", "020", "90-020", "a&b", " 60", "\xe9t", "1/2", "9:9"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		d := []byte(v + "        ")
		if a, ok := totemAmountWord(d, 0, len(v)); ok {
			if want, err := budget.ParseAmount(v); err != nil || want != a {
				t.Errorf("totemAmountWord(%q) = %d; ParseAmount: %d, %v", v, a, want, err)
			}
		}
		k, ok := totemCodeWord(d, 0, len(v))
		for _, function := range []bool{false, true} {
			s := &totemScanner{data: d}
			id, valid := s.code([]byte(v), function)
			if !ok {
				continue
			}
			if got := s.codes.str(id); !valid || got != v {
				t.Errorf("totemCodeWord takes %q, which code() (function %v) makes %q, %v", v, function, got, valid)
			}
		}
		if want, packs := codekey.PackBytes([]byte(v)); ok && (!packs || want != k) {
			t.Errorf("totemCodeWord(%q) = %#x; PackBytes: %#x, %v", v, k, want, packs)
		}
	})
}

// TestTotemMtSupWords checks the constants of lineRun's path for MtSup.
func TestTotemMtSupWords(t *testing.T) {
	if c := totemChildren[totemChildMtSup]; c.name != "MtSup" || c.idx != -1 {
		t.Errorf("totemChildren[totemChildMtSup] = %v, want MtSup, not kept", c)
	}
	if w := binary.LittleEndian.Uint64([]byte(` Code="x`)) & (1<<56 - 1); w != totemCodeAttrWord {
		t.Errorf("totemCodeAttrWord = %#x, want %#x", totemCodeAttrWord, w)
	}
	if w := binary.LittleEndian.Uint32([]byte(` V="`)); w != totemVAttrWord {
		t.Errorf("totemVAttrWord = %#x, want %#x", totemVAttrWord, w)
	}
}
