// Package sheetfile writes small XLSX and ODS workbooks of text and number
// cells, with merged ranges and formulas given with their computed value:
// the draft's export to a spreadsheet, and the test fixtures of the
// spreadsheet readers (internal/reader) built from real documents. The
// output is deterministic (fixed zip times, no metadata dates), so that
// fixtures built twice are the same bytes.
package sheetfile

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"
)

// Cell is one cell.
type Cell struct {
	// Value is the text shown, or for a number its decimal form with a
	// point ("1234.56").
	Value  string
	Number bool
	// Formula, when not empty, is the cell's formula in A1 notation
	// without "=" ("SUM(B2:B9)"); Value is its computed result.
	Formula string
}

// Text returns a text cell.
func Text(s string) Cell { return Cell{Value: s} }

// Number returns a number cell from its decimal form.
func Number(s string) Cell { return Cell{Value: s, Number: true} }

// Range is a merged range, 0-based and inclusive.
type Range struct{ Row0, Col0, Row1, Col1 int }

// Sheet is one sheet.
type Sheet struct {
	Name   string
	Rows   [][]Cell
	Merges []Range
}

// modTime is the time of every zip entry.
var modTime = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)

type entry struct {
	name, body string
	store      bool
}

func writeZip(w io.Writer, entries []entry) error {
	zw := zip.NewWriter(w)
	for _, e := range entries {
		h := &zip.FileHeader{Name: e.name, Method: zip.Deflate, Modified: modTime}
		if e.store {
			h.Method = zip.Store
		}
		f, err := zw.CreateHeader(h)
		if err != nil {
			return fmt.Errorf("sheetfile: %s: %w", e.name, err)
		}
		if _, err := io.WriteString(f, e.body); err != nil {
			return fmt.Errorf("sheetfile: %s: %w", e.name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("sheetfile: %w", err)
	}
	return nil
}

// esc escapes text for XML content and attributes.
func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s)) // writes to a strings.Builder never fail
	return b.String()
}

// ColumnName returns the letters of a 0-based column (0 → A, 26 → AA).
func ColumnName(c int) string {
	name := ""
	for c++; c > 0; c = (c - 1) / 26 {
		name = string(rune('A'+(c-1)%26)) + name
	}
	return name
}

// Ref returns the A1 reference of a 0-based cell.
func Ref(row, col int) string { return fmt.Sprintf("%s%d", ColumnName(col), row+1) }

// WriteXLSX writes the sheets as an XLSX workbook. Strings are inline
// (no shared strings table), which every reader understands.
func WriteXLSX(w io.Writer, sheets ...Sheet) error {
	var wb, rels, types strings.Builder
	types.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>`)
	wb.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>`)
	rels.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	entries := []entry{}
	for i, s := range sheets {
		n := i + 1
		fmt.Fprintf(&wb, `<sheet name="%s" sheetId="%d" r:id="rId%d"/>`, esc(s.Name), n, n)
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet%d.xml"/>`, n, n)
		fmt.Fprintf(&types, `<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`, n)
		entries = append(entries, entry{name: fmt.Sprintf("xl/worksheets/sheet%d.xml", n), body: xlsxSheet(s)})
	}
	wb.WriteString(`</sheets></workbook>`)
	rels.WriteString(`</Relationships>`)
	types.WriteString(`</Types>`)
	root := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>` +
		`</Relationships>`
	entries = append([]entry{
		{name: "[Content_Types].xml", body: types.String()},
		{name: "_rels/.rels", body: root},
		{name: "xl/workbook.xml", body: wb.String()},
		{name: "xl/_rels/workbook.xml.rels", body: rels.String()},
	}, entries...)
	return writeZip(w, entries)
}

func xlsxSheet(s Sheet) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	for r, row := range s.Rows {
		fmt.Fprintf(&b, `<row r="%d">`, r+1)
		for c, cell := range row {
			if cell.Value == "" && cell.Formula == "" {
				continue
			}
			ref := Ref(r, c)
			f := ""
			if cell.Formula != "" {
				f = "<f>" + esc(cell.Formula) + "</f>"
			}
			switch {
			case cell.Number:
				fmt.Fprintf(&b, `<c r="%s">%s<v>%s</v></c>`, ref, f, esc(cell.Value))
			case cell.Formula != "":
				fmt.Fprintf(&b, `<c r="%s" t="str">%s<v>%s</v></c>`, ref, f, esc(cell.Value))
			default:
				fmt.Fprintf(&b, `<c r="%s" t="inlineStr"><is><t xml:space="preserve">%s</t></is></c>`, ref, esc(cell.Value))
			}
		}
		b.WriteString(`</row>`)
	}
	b.WriteString(`</sheetData>`)
	if len(s.Merges) > 0 {
		fmt.Fprintf(&b, `<mergeCells count="%d">`, len(s.Merges))
		for _, m := range s.Merges {
			fmt.Fprintf(&b, `<mergeCell ref="%s:%s"/>`, Ref(m.Row0, m.Col0), Ref(m.Row1, m.Col1))
		}
		b.WriteString(`</mergeCells>`)
	}
	b.WriteString(`</worksheet>`)
	return b.String()
}

// WriteODS writes the sheets as an OpenDocument spreadsheet.
func WriteODS(w io.Writer, sheets ...Sheet) error {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` +
		`<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" ` +
		`xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" ` +
		`xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" ` +
		`xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2" office:version="1.2">` +
		`<office:body><office:spreadsheet>`)
	for _, s := range sheets {
		span := map[[2]int][2]int{}
		covered := map[[2]int]bool{}
		for _, m := range s.Merges {
			span[[2]int{m.Row0, m.Col0}] = [2]int{m.Row1 - m.Row0 + 1, m.Col1 - m.Col0 + 1}
			for r := m.Row0; r <= m.Row1; r++ {
				for c := m.Col0; c <= m.Col1; c++ {
					if r != m.Row0 || c != m.Col0 {
						covered[[2]int{r, c}] = true
					}
				}
			}
		}
		fmt.Fprintf(&b, `<table:table table:name="%s">`, esc(s.Name))
		for r, row := range s.Rows {
			b.WriteString(`<table:table-row>`)
			for c, cell := range row {
				if covered[[2]int{r, c}] {
					b.WriteString(`<table:covered-table-cell/>`)
					continue
				}
				attrs := ""
				if sp, ok := span[[2]int{r, c}]; ok {
					attrs += fmt.Sprintf(` table:number-rows-spanned="%d" table:number-columns-spanned="%d"`, sp[0], sp[1])
				}
				if cell.Formula != "" {
					attrs += ` table:formula="of:=` + esc(odsFormula(cell.Formula)) + `"`
				}
				switch {
				case cell.Value == "":
					fmt.Fprintf(&b, `<table:table-cell%s/>`, attrs)
				case cell.Number:
					fmt.Fprintf(&b, `<table:table-cell%s office:value-type="float" office:value="%s"><text:p>%s</text:p></table:table-cell>`,
						attrs, esc(cell.Value), esc(cell.Value))
				default:
					fmt.Fprintf(&b, `<table:table-cell%s office:value-type="string"><text:p>%s</text:p></table:table-cell>`, attrs, esc(cell.Value))
				}
			}
			b.WriteString(`</table:table-row>`)
		}
		b.WriteString(`</table:table>`)
	}
	b.WriteString(`</office:spreadsheet></office:body></office:document-content>`)
	manifest := `<?xml version="1.0" encoding="UTF-8"?>` +
		`<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">` +
		`<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>` +
		`<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>` +
		`</manifest:manifest>`
	return writeZip(w, []entry{
		{name: "mimetype", body: "application/vnd.oasis.opendocument.spreadsheet", store: true},
		{name: "content.xml", body: b.String()},
		{name: "META-INF/manifest.xml", body: manifest},
	})
}

// odsFormula turns an A1 formula into OpenFormula's bracketed references
// for the simple cases written here: "SUM(B2:B9)" → "SUM([.B2:.B9])".
func odsFormula(f string) string {
	open, close := strings.IndexByte(f, '('), strings.LastIndexByte(f, ')')
	if open < 0 || close < open {
		return f
	}
	args := strings.Split(f[open+1:close], ":")
	for i, a := range args {
		args[i] = "." + a
	}
	return f[:open+1] + "[" + strings.Join(args, ":") + "]" + f[close:]
}
