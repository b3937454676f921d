package reader

import (
	"encoding/xml"
	"strings"

	"github.com/jeu1000/jeu1000/internal/excerpt"
)

// ODS (OpenDocument spreadsheet): content.xml holds every sheet as a
// <table:table table:name="…"> of <table:table-row> of
// <table:table-cell>. A cell's value is its office:value (numbers,
// currencies, percentages: the stored value, whatever the display) or its
// text (<text:p> paragraphs, <text:s text:c="n"/> spaces); a formula cell
// carries its last computed value the same way. Rows and cells repeat with
// table:number-rows-repeated / table:number-columns-repeated (a sheet ends
// with a million empty rows repeated: empty repeats cost nothing here), and
// merged cells span with table:number-columns-spanned /
// table:number-rows-spanned over covered cells.

// readODS reads one sheet of an ODS workbook.
func (z *sheetZip) readODS(want string) (*Sheet, error) {
	out := &Sheet{Format: "ods"}
	g := &grid{file: z.name}
	const entry = "content.xml"
	var (
		inTable, done bool
		row           int
		merges        [][4]int
	)
	err := z.scan(entry, func(d *xml.Decoder, se xml.StartElement) error {
		switch se.Name.Local {
		case "table":
			name := attr(se, "name")
			out.Names = append(out.Names, name)
			inTable = !done && (want == "" || name == want)
			if inTable {
				out.Name, done, row = name, true, 0
			} else if err := d.Skip(); err != nil {
				return z.xmlError(entry, err)
			}
		case "table-row":
			if !inTable {
				return nil
			}
			reps := repeat(se, "number-rows-repeated", maxSheetRows)
			cells, err := odsRow(d)
			if err != nil {
				return z.xmlError(entry, err)
			}
			if len(cells) == 0 {
				row += reps
				return nil
			}
			// The row once, then its repetitions: the work is bounded by
			// the cells stored, whatever the repeat counts say.
			type placed struct {
				col  int
				cell odsCell
			}
			var vals []placed
			col := 0
			for _, c := range cells {
				if c.text != "" {
					for i := range c.reps {
						if col+i < maxSheetColumns {
							vals = append(vals, placed{col + i, c})
						}
					}
				}
				col += c.reps
			}
			for range reps {
				for _, v := range vals {
					set := g.set
					if v.cell.number {
						set = g.setNumber
					}
					if err := set(row, v.col, v.cell.text); err != nil {
						return err
					}
					if v.cell.spanRows > 1 || v.cell.spanCols > 1 {
						merges = append(merges, [4]int{row, v.col, row + v.cell.spanRows - 1, v.col + v.cell.spanCols - 1})
					}
				}
				row++
				if row > maxSheetRows {
					break
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if !done {
		if want != "" {
			return nil, &Error{File: z.name, Field: "sheet", Expected: ExpectSheet, Got: excerpt.Of(want)}
		}
		return nil, &Error{File: z.name, Field: entry, Expected: ExpectSpreadsheet}
	}
	for _, m := range merges {
		if err := g.fillMerged(m[0], m[1], m[2], m[3]); err != nil {
			return nil, err
		}
	}
	out.Rows, out.numbers = g.rows, g.numbers
	return out, nil
}

// odsCell is a cell of a row, possibly repeated, possibly merged.
type odsCell struct {
	text               string
	number             bool // a number (float) cell, as stored
	reps               int
	spanRows, spanCols int
}

// odsRow reads the cells of a <table:table-row> up to its end. Trailing
// empty cells are dropped (a row often ends with thousands of them).
func odsRow(d *xml.Decoder) ([]odsCell, error) {
	var cells []odsCell
	width := 0 // columns so far; cells beyond maxSheetColumns are read but not kept
	for {
		tok, err := d.Token()
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "table-cell", "covered-table-cell":
				c := odsCell{
					reps:     repeat(t, "number-columns-repeated", maxSheetColumns),
					spanRows: repeat(t, "number-rows-spanned", maxSheetRows),
					spanCols: repeat(t, "number-columns-spanned", maxSheetColumns),
				}
				text, err := odsText(d, t.Name.Local)
				if err != nil {
					return nil, err
				}
				c.text, c.number = odsValue(t, text)
				if width < maxSheetColumns {
					cells = append(cells, c)
				}
				width += c.reps
			default:
				if err := d.Skip(); err != nil {
					return nil, err
				}
			}
		case xml.EndElement:
			for len(cells) > 0 && cells[len(cells)-1].text == "" {
				cells = cells[:len(cells)-1]
			}
			return cells, nil
		}
	}
}

// odsValue is what a cell holds: the stored value of a number, currency or
// percentage (office:value), the date of a date, else its text; number
// tells a number cell. A number shown with leading zeros (a code such as
// 020 in a cell formatted "000") is its text, as shown.
func odsValue(se xml.StartElement, text string) (v string, number bool) {
	switch attr(se, "value-type") {
	case "float", "currency", "percentage":
		if v := attr(se, "value"); v != "" {
			v = cellNumber(v)
			if shown := strings.TrimSpace(text); len(shown) > len(v) && allDigits(shown) && strings.TrimLeft(shown, "0") == strings.TrimLeft(v, "0") {
				return shown, false
			}
			return v, true
		}
	case "date":
		if v := attr(se, "date-value"); v != "" {
			return v, false
		}
	case "boolean":
		if attr(se, "boolean-value") == "true" {
			return "VRAI", false
		}
		return "FAUX", false
	}
	return text, false
}

// odsText returns the text of a cell: its paragraphs joined by spaces,
// <text:s text:c="n"/> as n spaces, tabs and line breaks as one space;
// annotations (comments) left out.
func odsText(d *xml.Decoder, end string) (string, error) {
	var b strings.Builder
	paragraphs := 0
	for {
		tok, err := d.Token()
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "annotation":
				if err := d.Skip(); err != nil {
					return "", err
				}
			case "p", "h":
				if paragraphs > 0 {
					b.WriteByte(' ')
				}
				paragraphs++
			case "s":
				b.WriteString(strings.Repeat(" ", repeat(t, "c", 1024)))
			case "tab", "line-break":
				b.WriteByte(' ')
			}
		case xml.EndElement:
			if t.Name.Local == end {
				return b.String(), nil
			}
		case xml.CharData:
			if b.Len() < 1<<20 {
				b.Write(t)
			}
		}
	}
}

// repeat reads a count attribute: 1 when absent or invalid, at most limit.
func repeat(se xml.StartElement, local string, limit int) int {
	n, ok := parseIndex(attr(se, local))
	if !ok || n < 1 {
		return 1
	}
	return min(n, limit)
}
