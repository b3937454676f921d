package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/jeu1000/jeu1000/internal/budget"
	"github.com/jeu1000/jeu1000/internal/calc"
	"github.com/jeu1000/jeu1000/internal/draftfile"
	"github.com/jeu1000/jeu1000/internal/reader"
)

// tableFlags are split's options for tables (CSV of any layout, XLSX, ODS):
// which sheet, which columns, which year.
type tableFlags struct {
	sheet  string
	spec   string
	year   int
	output string
}

func (t *tableFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&t.sheet, "sheet", "", "XLSX or ODS workbook: the sheet to read (default the first)")
	fs.StringVar(&t.spec, "map", "", "tables: the columns by hand, correcting the proposal, e.g. \"nature=Article,fonction=Rubrique fonctionnelle,montant=#9\" (roles: "+roleNames()+"; also header=LINE, votedBy=nature|function, kind=BP|CA|…, nomenclature=M52)")
	fs.IntVar(&t.year, "year", 0, "tables holding several years: the year to split (default the latest)")
	fs.StringVar(&t.output, "export", "", "also write the lines counted as a draft to edit: FILE.csv (the template) or FILE.xlsx")
}

// export writes the split's counted lines to --export, if given.
func (t *tableFlags) export(s *calc.Split) error {
	if t.output == "" {
		return nil
	}
	var data []byte
	switch strings.ToLower(filepath.Ext(t.output)) {
	case ".csv":
		data = draftfile.CSV(s)
	case ".xlsx":
		b, err := draftfile.XLSX(s)
		if err != nil {
			return err
		}
		data = b
	default:
		return fmt.Errorf("--export %s: expected a .csv or .xlsx file name", t.output)
	}
	if err := os.WriteFile(t.output, data, 0o644); err != nil {
		return fmt.Errorf("--export: %w", err)
	}
	return nil
}

func roleNames() string {
	var names []string
	for _, r := range reader.Roles() {
		names = append(names, string(r))
	}
	return strings.Join(names, ", ")
}

// read reads a budget file like reader.Read, with the sheet, mapping and
// year asked. For a table of several years read without --year, it says on
// w which year it read.
func (t *tableFlags) read(name string, data []byte, opt reader.Options, w io.Writer) (*budget.Document, error) {
	opt.Sheet, opt.Year = t.sheet, t.year
	if t.spec == "" && t.year == 0 && !reader.IsSpreadsheet(data) && t.sheet == "" {
		// The common case, a document of a known format: nothing to inspect.
		if _, err := reader.Detect(name, data); err == nil {
			return reader.Read(name, data, opt)
		}
	}
	p, err := reader.Inspect(name, data, opt)
	if err != nil {
		return nil, err
	}
	if t.spec != "" {
		if p.Header == nil {
			return nil, fmt.Errorf("%s: --map: the file is a %s document, not a table", name, p.Format)
		}
		m, err := reader.ParseMapping(t.spec, p.Header, p.Mapping)
		if err != nil {
			return nil, fmt.Errorf("%s: --map: %w", name, err)
		}
		opt.Mapping = m
	}
	if t.year == 0 && len(p.Years) > 1 {
		fmt.Fprintf(w, "%s : le fichier contient les années %d à %d ; année %d lue, la plus récente (--year pour une autre).\n",
			name, p.Years[0], p.Years[len(p.Years)-1], p.Year)
	}
	return reader.Read(name, data, opt)
}
