package reader

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"

	"github.com/jeu1000/jeu1000/internal/budget"
)

// totemSnippet cuts a real document after its first n LigneBudget and closes
// it, to seed the fuzzer with small real inputs.
func totemSnippet(data []byte, n int) []byte {
	end := 0
	for range n {
		i := bytes.Index(data[end:], []byte("</LigneBudget>"))
		if i < 0 {
			return nil
		}
		end += i + len("</LigneBudget>")
	}
	out := append([]byte{}, data[:end]...)
	return append(out, "\n</Budget>\n</DocumentBudgetaire>\n"...)
}

func FuzzReadTOTEM(f *testing.F) {
	fixtures, err := filepath.Glob(filepath.Join("testdata", "totem", "*.xml"))
	if err != nil || len(fixtures) == 0 {
		f.Fatalf("no fixtures: %v", err)
	}
	for _, p := range fixtures {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
		f.Add(data[:len(data)/2])
	}
	f.Add([]byte(totemMinimal))
	f.Add([]byte(`<DocumentBudgetaire><Budget><LigneBudget><Nature V="1"/><CodRD V="D"/><MtReal V="1,5"/></LigneBudget></Budget></DocumentBudgetaire>`))
	f.Add([]byte(`<a:CompteFinancierUnique><DocumentBudgetaire><Budget><LigneBudget><Nature V='&#x36;0&amp;'/><CodRD V='R'/><OpBudg V='1'/></LigneBudget><!-- x --><![CDATA[<LigneBudget>]]><Annexes><x/></Annexes></Budget></DocumentBudgetaire></a:CompteFinancierUnique>`))
	f.Add([]byte("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><DocumentBudgetaire><EnTeteDocBudgetaire><LibelleColl V=\"\xE9\x80\"/></EnTeteDocBudgetaire></DocumentBudgetaire>"))
	f.Add([]byte("BGT_NATDEC;BGT_ANNEE\n09;2023\n"))
	f.Add([]byte{})
	f.Add([]byte("<\x8c>")) // found by the fuzzer: invalid UTF-8 in an error's Got
	addHardenSeeds(f)       // issue 14's cases

	dir := filepath.Join("..", "..", "..", "shared", "data", "documents")
	if _, err := os.Stat(dir); err != nil && os.Getenv("CI") != "" {
		f.Fatalf("real documents missing: %v", err)
	}
	for _, name := range []string{
		"montreuil-93048/CA_2023.xml", "grenoble-38185/CA_2018.xml", "montpellier-34172/CA_2018.xml",
		"herault-34-partial/CA_2019_partial.xml", "crach-56046-lotissement/BP_2022.xml",
		"saint-malo-agglomeration-transport/BP_2022.xml", "edge-cases/doc-budg-simple.xml",
	} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			continue // seeds from the real documents are a bonus
		}
		if s := totemSnippet(data, 3); s != nil && len(s) < 16<<10 {
			f.Add(s)
		}
	}

	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := readTOTEM("fuzz.xml", data)
		if err != nil {
			e, ok := AsError(err)
			if !ok {
				t.Fatalf("error %T is not an *Error: %v", err, err)
			}
			if e.Line < 1 || e.Column < 1 || e.Expected == "" || e.File != "fuzz.xml" {
				t.Fatalf("incomplete error %+v", e)
			}
			if !utf8.ValidString(e.Got) {
				t.Fatalf("Got is not UTF-8: %q", e.Got)
			}
			if n := len(e.Error()); n > 1000 {
				t.Fatalf("%d-byte error: %.100q", n, e)
			}
			_ = e.Error()
			_ = e.French()
			return
		}
		if doc.Format != budget.FormatTOTEM && doc.Format != budget.FormatCFU {
			t.Fatalf("format %q", doc.Format)
		}
		lines := 1 + bytes.Count(data, []byte{'\n'})
		prev := 1
		for i, l := range doc.Lines {
			if l.Direction != budget.Expense && l.Direction != budget.Revenue {
				t.Fatalf("line %d: direction %q", i, l.Direction)
			}
			if l.Operation != budget.Real && l.Operation != budget.Ordre {
				t.Fatalf("line %d: operation %q", i, l.Operation)
			}
			if l.Nature == "" {
				t.Fatalf("line %d: no nature", i)
			}
			if l.Pos < prev || l.Pos > lines {
				t.Fatalf("line %d: Pos %d (previous %d, %d lines)", i, l.Pos, prev, lines)
			}
			prev = l.Pos
			for _, c := range []string{l.Nature, l.Function, l.ContNat, l.ContFon} {
				if c != "" && !allDigits(c) {
					t.Fatalf("line %d: code %q", i, c)
				}
			}
			for f := budget.Field(0); f < budget.NumFields; f++ {
				if a, _ := l.Amount(f); a > budget.MaxAmount || a < -budget.MaxAmount {
					t.Fatalf("line %d: amount %v", i, a)
				}
			}
			for _, s := range []string{l.Nature, l.Function, l.ContNat, l.ContFon, l.Label} {
				if !utf8.ValidString(s) {
					t.Fatalf("line %d: invalid UTF-8 %q", i, s)
				}
			}
		}
		for _, s := range []string{doc.Authority.Name, doc.Authority.SIRET, doc.Authority.INSEE, doc.Authority.Type, doc.Budget} {
			if !utf8.ValidString(s) {
				t.Fatalf("header: invalid UTF-8 %q", s)
			}
		}
		if doc.Population < 0 {
			t.Fatalf("population %d", doc.Population)
		}
	})
}
