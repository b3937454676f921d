//go:build !viewer

package app

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jeu1000/jeu1000/internal/reader"
)

// TestSplitTable: a workbook built from Gironde's 2016 accounts, read
// through the mapping the core proposes, then with the mapping given back
// as the page sends it (a sheet named, a column corrected), splits the
// same; InspectFile shows the proposal.
func TestSplitTable(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "reader", "testdata", "sheets", "gironde-2016-ca.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	c := core(t)
	p, err := c.InspectFile("g.xlsx", data, TableOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if p.Format != "table" || p.Spreadsheet != "xlsx" || p.Sheet != "Budget" || p.Mapping == nil || p.Mapping.Preset != "cedi" || !p.Complete {
		t.Fatalf("proposal %+v", p)
	}
	req := Request{Section: "I", AllReal: true}
	want, err := c.SplitFile("g.xlsx", data, req)
	if err != nil {
		t.Fatal(err)
	}
	if want.Total != "244877921.12" {
		t.Errorf("total %s, want the département's 244877921.12", want.Total)
	}
	m := *p.Mapping
	m.Columns = map[reader.Role]int{}
	for r, col := range p.Mapping.Columns {
		m.Columns[r] = col
	}
	delete(m.Columns, reader.RoleLabel)
	got, err := c.SplitTable("g.xlsx", data, req, TableOptions{Sheet: "Budget", Year: 2016, Mapping: &m})
	if err != nil {
		t.Fatal(err)
	}
	if got.Total != want.Total || len(got.Parts) != len(want.Parts) {
		t.Errorf("with the mapping given: total %s, %d parts; want %s, %d", got.Total, len(got.Parts), want.Total, len(want.Parts))
	}
	if _, err := c.SplitTable("g.xlsx", data, req, TableOptions{Sheet: "Feuil9"}); err == nil {
		t.Error("unknown sheet: no error")
	}
}

// TestSplitRecordAllReal: the dataset's records do not keep the accounts
// AllReal adds: asked for, the option is refused, never a short figure.
func TestSplitRecordAllReal(t *testing.T) {
	_, err := core(t).SplitRecord("departement:33", 2016, Request{AllReal: true})
	var ue *UserError
	if !errors.As(err, &ue) || !strings.Contains(ue.Message, "fichiers seulement") {
		t.Fatalf("got %v", err)
	}
}
