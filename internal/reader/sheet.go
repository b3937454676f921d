package reader

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
)

// Spreadsheets (XLSX, ODS) are read into rows of text, one row per sheet
// row (row n of the sheet is line n of the table, so that errors name the
// row a user sees), then into the CSV text they would be saved as, and that
// text goes through the same detection and readers as a CSV file. Cells
// hold what the spreadsheet shows the reader of a file, not what it
// computes: a formula's cached value, a number as its shortest decimal
// form, a number stored as text (« 1 234,56 ») as that text. Merged cells
// repeat their value over the range they cover, so that a merged header
// names every column under it.
//
// Both formats are zips of XML. The zip is bounded like the national
// balances (internal/national): an entry is refused from its declared sizes
// before it is inflated when it is larger than maxSheetInflated or
// compressed more than maxSheetRatio:1, and archive/zip stops an entry that
// inflates beyond its declared size. The sheet itself is bounded in rows,
// columns and cells.

// Limits of the spreadsheet readers.
const (
	maxSheetInflated = 128 << 20 // bytes of one zip entry, inflated
	maxSheetRatio    = 100       // inflated / compressed, per entry
	maxSheetRows     = 200_000   // rows of the sheet read (as a budget's rows in internal/national)
	maxSheetColumns  = 1024      // columns of a row
	maxSheetCells    = 4_000_000 // non-empty cells, merged copies included
)

// ExpectSmallSheet is what an *Error expects of a sheet beyond the limits.
const ExpectSmallSheet = "a sheet of plausible size (the limit on rows, columns or cells is exceeded)"

// ExpectSpreadsheet is what an *Error expects of a zip that is neither an
// XLSX nor an ODS workbook, or of a sheet name that is not in it.
const ExpectSpreadsheet = "an XLSX or ODS workbook"

// ExpectSheet is what an *Error expects of a sheet name.
const ExpectSheet = "the name of a sheet of the workbook"

// errSheetTooLarge is wrapped by the errors of sheets beyond the limits.
var errSheetTooLarge = errors.New("sheet too large")

// IsSpreadsheet reports whether data is a zip (XLSX, ODS and every other
// zip start with a local file header).
func IsSpreadsheet(data []byte) bool {
	return bytes.HasPrefix(data, []byte("PK\x03\x04"))
}

// Sheet is one sheet of a workbook read into text cells.
type Sheet struct {
	Format string   // "xlsx" or "ods"
	Name   string   // the sheet read
	Names  []string // every sheet of the workbook, in order
	Rows   [][]string
	// numbers holds the cells (cellKey) that held a short whole number
	// (one to three digits), not text: a code typed there may have lost
	// its leading zeros (020 → 20). A number format of zeros ("000") or
	// an ODS cell's displayed text gives them back when the file has one.
	numbers map[int]struct{}
}

// cellKey is the key of the cell at 0-based row r, column c.
func cellKey(r, c int) int { return r*maxSheetColumns + c }

// IsNumber tells whether the cell at 1-based line (row) and 0-based column
// held a short whole number rather than text (see Sheet.numbers).
func (s *Sheet) IsNumber(line, col int) bool {
	if s == nil || line < 1 {
		return false
	}
	_, ok := s.numbers[cellKey(line-1, col)]
	return ok
}

// shortWhole tells whether a cell's value is a whole number of one to
// three digits: what a function code that lost its leading zeros looks
// like (0202 → 202; the longest codes have four digits).
func shortWhole(v string) bool {
	return len(v) >= 1 && len(v) <= 3 && allDigits(v)
}

// zeroPadded returns v, a number cell's value, padded with leading zeros
// to the width of a number format made of zeros only ("000" shows 20 as
// 020), as the spreadsheet shows it; v itself otherwise.
func zeroPadded(v string, width int) string {
	if width > len(v) && allDigits(v) {
		return strings.Repeat("0", width-len(v)) + v
	}
	return v
}

// ReadSheet reads the sheet called sheet ("" for the first) of an XLSX or
// ODS workbook.
func ReadSheet(name string, data []byte, sheet string) (*Sheet, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, &Error{File: name, Expected: ExpectSpreadsheet, Err: err}
	}
	files := make(map[string]*zip.File, len(zr.File))
	for _, f := range zr.File {
		files[f.Name] = f
	}
	z := &sheetZip{name: name, files: files}
	switch {
	case files["xl/workbook.xml"] != nil:
		return z.readXLSX(sheet)
	case files["content.xml"] != nil:
		return z.readODS(sheet)
	}
	return nil, &Error{File: name, Expected: ExpectSpreadsheet}
}

// sheetZip is an opened workbook.
type sheetZip struct {
	name  string
	files map[string]*zip.File
}

// open opens an entry after checking its declared sizes.
func (z *sheetZip) open(entry string) (io.ReadCloser, error) {
	f := z.files[entry]
	if f == nil {
		return nil, &Error{File: z.name, Field: entry, Expected: ExpectSpreadsheet}
	}
	usize, csize := f.UncompressedSize64, max(f.CompressedSize64, 1)
	if usize > maxSheetInflated || usize/csize > maxSheetRatio {
		return nil, &Error{File: z.name, Field: entry, Expected: ExpectSmallZip,
			Got: fmt.Sprintf("%d bytes compressed to %d", usize, f.CompressedSize64),
			Err: fmt.Errorf("limits: %d bytes, ratio %d", maxSheetInflated, maxSheetRatio)}
	}
	rc, err := f.Open()
	if err != nil {
		return nil, &Error{File: z.name, Field: entry, Expected: ExpectSpreadsheet, Err: err}
	}
	return rc, nil
}

// grid collects the cells of a sheet within the limits.
type grid struct {
	file    string
	rows    [][]string
	cells   int
	numbers map[int]struct{} // see Sheet.numbers
}

// setNumber stores a number cell's value (set), remembering a short whole
// number as such.
func (g *grid) setNumber(r, c int, v string) error {
	if err := g.set(r, c, v); err != nil {
		return err
	}
	if shortWhole(v) {
		if g.numbers == nil {
			g.numbers = map[int]struct{}{}
		}
		g.numbers[cellKey(r, c)] = struct{}{}
	}
	return nil
}

// set stores a non-empty value at 0-based row r, column c.
func (g *grid) set(r, c int, v string) error {
	if v == "" {
		return nil
	}
	if r >= maxSheetRows || c >= maxSheetColumns {
		return &Error{File: g.file, Line: r + 1, Column: c + 1, Expected: ExpectSmallSheet, Err: errSheetTooLarge}
	}
	g.cells++
	if g.cells > maxSheetCells {
		return &Error{File: g.file, Line: r + 1, Column: c + 1, Expected: ExpectSmallSheet, Err: errSheetTooLarge}
	}
	for len(g.rows) <= r {
		g.rows = append(g.rows, nil)
	}
	row := g.rows[r]
	for len(row) <= c {
		row = append(row, "")
	}
	row[c] = v
	g.rows[r] = row
	return nil
}

// get returns the value at row r, column c ("" when empty).
func (g *grid) get(r, c int) string {
	if r < len(g.rows) && c < len(g.rows[r]) {
		return g.rows[r][c]
	}
	return ""
}

// fillMerged repeats the value of the top-left cell of a merged range over
// the range (empty cells only).
func (g *grid) fillMerged(r0, c0, r1, c1 int) error {
	v := g.get(r0, c0)
	if v == "" {
		return nil
	}
	r1, c1 = min(r1, maxSheetRows-1), min(c1, maxSheetColumns-1)
	for r := r0; r <= r1; r++ {
		for c := c0; c <= c1; c++ {
			if (r != r0 || c != c0) && g.get(r, c) == "" {
				set := g.set
				if _, ok := g.numbers[cellKey(r0, c0)]; ok {
					set = g.setNumber
				}
				if err := set(r, c, v); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// SheetText returns the rows as CSV text separated by ';', one record per
// row (empty rows included, so that line n is row n). Line breaks inside
// cells become spaces for the same reason.
func SheetText(rows [][]string) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Comma = ';'
	w.UseCRLF = false
	flat := strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ")
	for _, row := range rows {
		rec := make([]string, len(row))
		for i, v := range row {
			rec[i] = flat.Replace(v)
		}
		if len(rec) == 0 {
			// csv.Writer writes an empty record as a blank line only
			// when it has one empty field.
			rec = []string{""}
		}
		_ = w.Write(rec) // writes to a bytes.Buffer never fail
	}
	w.Flush()
	return b.Bytes()
}

// cellNumber renders a spreadsheet number (as stored: "1234.5599999999999",
// "1E-3") as its shortest decimal form ("1234.56", "0.001").
func cellNumber(s string) string {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		return strings.TrimSpace(s)
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// entryPath resolves a relationship target against the folder of the part
// that refers to it.
func entryPath(base, target string) string {
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(target, "/")
	}
	return path.Clean(path.Join(base, target))
}
