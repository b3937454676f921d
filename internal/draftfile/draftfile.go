// Package draftfile writes a split back out as a draft a council can edit
// and read again: the project's template CSV (internal/reader/TEMPLATE.md)
// or an XLSX workbook of the same columns. Its rows are the lines the split
// counts (calc.Split.Lines), with their plain function codes, sections,
// accounts and labels, so that the file read back splits the same under
// the same rules; the document's description (authority, year,
// nomenclature, population, identifiers) goes in "# key: value" lines.
package draftfile

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"

	"github.com/jeu1000/jeu1000/internal/budget"
	"github.com/jeu1000/jeu1000/internal/calc"
	"github.com/jeu1000/jeu1000/internal/sheetfile"
)

// Header is the template's header row, in the order written.
var header = [...]string{"section", "fonction", "nature", "libelle", "montant"}

// Header returns the template's columns as written.
func Header() []string { return header[:] }

// Comments returns the description lines (without "#"), e.g.
// "collectivite: Département de la Gironde".
func Comments(s *calc.Split) []string {
	var out []string
	add := func(key, value string) {
		if value = strings.TrimSpace(value); value != "" {
			out = append(out, key+": "+value)
		}
	}
	add("collectivite", s.Authority.Name)
	if s.Year > 0 {
		add("annee", strconv.Itoa(s.Year))
	}
	add("nomenclature", s.Nomenclature.String())
	if s.Population > 0 {
		add("population", strconv.FormatInt(s.Population, 10))
	}
	add("siren", s.Authority.SIREN)
	add("insee", s.Authority.INSEE)
	source := s.Source
	if s.Kind != "" && s.Kind != budget.KindDraft {
		source += fmt.Sprintf(" (%s %d)", s.Kind, s.Year)
	}
	add("source", source)
	if r := s.Rules.Names(); len(r) > 0 {
		add("regles", strings.Join(r, ", "))
	}
	return out
}

// Rows returns the rows under the header: one per counted line, the amount
// as a decimal with a point ("1234.56").
func Rows(s *calc.Split) [][]string {
	rows := make([][]string, 0, len(s.Lines))
	for _, k := range s.Lines {
		rows = append(rows, []string{k.Section.String(), k.Function, k.Nature, k.Label, k.Amount.String()})
	}
	return rows
}

// CSV writes the template CSV: ';'-separated, decimal comma, UTF-8, as
// French spreadsheets write it.
func CSV(s *calc.Split) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Comma = ';'
	// A description line is one cell, quoted when it holds a ';', so that
	// a name such as "X;=HYPERLINK(…)" cannot open a cell of its own; the
	// template reader takes a quoted "# …" cell as a comment.
	for _, c := range Comments(s) {
		_ = w.Write([]string{"# " + c}) // writes to a bytes.Buffer never fail
	}
	_ = w.Write(Header())
	for _, r := range Rows(s) {
		r[3] = inert(r[3])
		r[4] = strings.Replace(r[4], ".", ",", 1)
		_ = w.Write(r)
	}
	w.Flush()
	return b.Bytes()
}

// inert keeps a spreadsheet from running a cell as a formula (OWASP's
// advice on CSV injection): a text starting with =, +, -, @, a tab or a
// carriage return gets a leading apostrophe. Only labels need it: codes and
// sections are validated by the readers, amounts are written here.
func inert(cell string) string {
	if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return "'" + cell
	}
	return cell
}

// XLSX writes the same as a workbook of one sheet, « Brouillon », the
// amounts as numbers.
func XLSX(s *calc.Split) ([]byte, error) {
	sh := sheetfile.Sheet{Name: "Brouillon"}
	for _, c := range Comments(s) {
		sh.Rows = append(sh.Rows, []sheetfile.Cell{sheetfile.Text("# " + c)})
	}
	var head []sheetfile.Cell
	for _, h := range Header() {
		head = append(head, sheetfile.Text(h))
	}
	sh.Rows = append(sh.Rows, head)
	for _, r := range Rows(s) {
		sh.Rows = append(sh.Rows, []sheetfile.Cell{
			sheetfile.Text(r[0]), sheetfile.Text(r[1]), sheetfile.Text(r[2]), sheetfile.Text(r[3]), sheetfile.Number(r[4]),
		})
	}
	var b bytes.Buffer
	if err := sheetfile.WriteXLSX(&b, sh); err != nil {
		return nil, fmt.Errorf("draftfile: %w", err)
	}
	return b.Bytes(), nil
}
