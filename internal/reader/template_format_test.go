package reader

import (
	"strings"
	"testing"
)

// TestTemplateFormat checks the definition the page explains: its example
// is read, each column and key is recognised by each of its names, and the
// example uses every column the reader requires.
func TestTemplateFormat(t *testing.T) {
	tpl := TemplateFormat()
	doc, err := Read(tpl.FileName, []byte(tpl.Example), Options{})
	if err != nil {
		t.Fatalf("the example is refused: %v", err)
	}
	if doc.Authority.Name == "" || doc.Year == 0 || doc.Population == 0 || len(doc.Lines) == 0 {
		t.Errorf("example read as %q %d pop %d, %d lines: its description lines are lost", doc.Authority.Name, doc.Year, doc.Population, len(doc.Lines))
	}
	header := ""
	for _, l := range strings.Split(tpl.Example, "\n") {
		if !strings.HasPrefix(l, "#") {
			header = l
			break
		}
	}
	for i, c := range tpl.Columns {
		if c.Help == "" || len(c.Names) == 0 || c.Names[0] != c.Name {
			t.Errorf("column %d %+v: needs help, and its name first among its names", i, c)
		}
		for _, n := range c.Names {
			if got, ok := templateColumn(n); !ok || got != i {
				t.Errorf("header %q: column %d, %v; want %d", n, got, ok, i)
			}
		}
		if c.Required && !strings.Contains(header, c.Name) {
			t.Errorf("the example's header %q lacks the required column %q", header, c.Name)
		}
	}
	for i, k := range tpl.Keys {
		if k.Help == "" || k.Example == "" || k.Names[0] != k.Key {
			t.Errorf("key %d %+v: needs help, an example, and its key first among its names", i, k)
		}
		for _, n := range k.Names {
			if got, ok := templateKey(fold(n)); !ok || got != i {
				t.Errorf("key %q: %d, %v; want %d", n, got, ok, i)
			}
		}
	}
	if len(tpl.Rules) == 0 {
		t.Error("no reading rules")
	}
}
