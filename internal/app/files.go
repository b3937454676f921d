//go:build !viewer

package app

import (
	"github.com/jeu1000/jeu1000/internal/reader"
	"github.com/jeu1000/jeu1000/internal/report"
)

// Reading users' files (and with it gocsv, which weighs ~300 KB of
// compressed wasm) is left out of the "viewer" build, which the page loads
// first to show the bundled figures; the full build is loaded on demand.

// SplitFile reads a user's budget file and splits it.
func (c *Core) SplitFile(name string, data []byte, req Request) (report.Report, error) {
	return c.SplitTable(name, data, req, TableOptions{})
}

// TableOptions say how to read a table (CSV of any layout, a sheet of an
// XLSX or ODS workbook): the page sends them in the same JSON object as
// the Request ({"level": 1, "sheet": "BP", "year": 2016, "mapping": {…}}).
type TableOptions struct {
	Sheet   string          `json:"sheet"`
	Year    int             `json:"year"`
	Mapping *reader.Mapping `json:"mapping"`
}

func (t TableOptions) reader(ident string) reader.Options {
	return reader.Options{Ident: ident, Sheet: t.Sheet, Year: t.Year, Mapping: t.Mapping}
}

// SplitTable reads a user's budget file with the table options and splits
// it.
func (c *Core) SplitTable(name string, data []byte, req Request, t TableOptions) (report.Report, error) {
	opt, err := req.Options()
	if err != nil {
		return report.Report{}, err
	}
	doc, err := reader.Read(name, data, t.reader(req.Ident))
	if err != nil {
		return report.Report{}, err
	}
	return c.split(doc, opt, req)
}

// InspectFile tells how a file would be read: its format and, for a
// table, its header, first rows, the proposed mapping (or t.Mapping
// checked), its sheets and years (reader.Inspect).
func (c *Core) InspectFile(name string, data []byte, t TableOptions) (*reader.Proposal, error) {
	return reader.Inspect(name, data, t.reader(""))
}
