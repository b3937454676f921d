//go:build !viewer

package app

import (
	"path"
	"strings"

	"github.com/jeu1000/jeu1000/internal/draftfile"
	"github.com/jeu1000/jeu1000/internal/reader"
)

// Export is a file the page offers to download.
type Export struct {
	Name string `json:"name"`
	Type string `json:"type"` // MIME type
	Data []byte `json:"data"` // base64 in JSON
}

// ExportDraft splits a user's file (or typed grid, as the template CSV)
// like SplitTable and writes the lines it counts back as a draft to edit:
// format "csv" (the template) or "xlsx".
func (c *Core) ExportDraft(name string, data []byte, req Request, t TableOptions, format string) (Export, error) {
	opt, err := req.Options()
	if err != nil {
		return Export{}, err
	}
	doc, err := reader.Read(name, data, t.reader(req.Ident))
	if err != nil {
		return Export{}, err
	}
	s, err := c.calc.Split(doc, opt)
	if err != nil {
		return Export{}, err
	}
	base := strings.TrimSuffix(path.Base(name), path.Ext(name)) + "-brouillon"
	switch format {
	case "csv", "":
		return Export{Name: base + ".csv", Type: "text/csv;charset=utf-8", Data: draftfile.CSV(s)}, nil
	case "xlsx":
		b, err := draftfile.XLSX(s)
		if err != nil {
			return Export{}, err
		}
		return Export{Name: base + ".xlsx", Type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Data: b}, nil
	}
	return Export{}, &UserError{Message: "Format d'export inconnu « " + format + " » : csv ou xlsx attendu."}
}
