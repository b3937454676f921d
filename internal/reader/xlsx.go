package reader

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/jeu1000/jeu1000/internal/excerpt"
)

// XLSX (Office Open XML, ECMA-376): xl/workbook.xml lists the sheets in
// order with their relationship ids, xl/_rels/workbook.xml.rels maps those
// to the sheet parts, xl/sharedStrings.xml holds the strings cells refer to
// by index, and each sheet part holds <row><c r="B3" t="…" s="…"><v>…</v></c>
// with the merged ranges in <mergeCells>. Of xl/styles.xml only the number
// formats made of zeros are read ("000": a code typed 020 is stored as the
// number 20 and shown 020); a date stays its serial number, which a budget
// table never needs.

// readXLSX reads one sheet of an XLSX workbook.
func (z *sheetZip) readXLSX(want string) (*Sheet, error) {
	type sheetRef struct{ name, rid string }
	var sheets []sheetRef
	err := z.scan("xl/workbook.xml", func(d *xml.Decoder, se xml.StartElement) error {
		if se.Name.Local == "sheet" {
			var s sheetRef
			for _, a := range se.Attr {
				switch {
				case a.Name.Local == "name":
					s.name = a.Value
				case a.Name.Local == "id" && a.Name.Space != "":
					s.rid = a.Value
				}
			}
			sheets = append(sheets, s)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	rels := map[string]string{}
	if z.files["xl/_rels/workbook.xml.rels"] != nil {
		err = z.scan("xl/_rels/workbook.xml.rels", func(d *xml.Decoder, se xml.StartElement) error {
			if se.Name.Local == "Relationship" {
				rels[attr(se, "Id")] = entryPath("xl", attr(se, "Target"))
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	out := &Sheet{Format: "xlsx"}
	part := ""
	for i, s := range sheets {
		out.Names = append(out.Names, s.name)
		if part == "" && (want == "" || s.name == want) {
			out.Name, part = s.name, rels[s.rid]
			if part == "" {
				// No relationships part: the usual layout.
				part = fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1)
			}
		}
	}
	if part == "" {
		if want != "" {
			return nil, &Error{File: z.name, Field: "sheet", Expected: ExpectSheet, Got: excerpt.Of(want)}
		}
		return nil, &Error{File: z.name, Field: "xl/workbook.xml", Expected: ExpectSpreadsheet}
	}
	var shared []string
	if z.files["xl/sharedStrings.xml"] != nil {
		if shared, err = z.sharedStrings(); err != nil {
			return nil, err
		}
	}
	widths, err := z.zeroFormats()
	if err != nil {
		return nil, err
	}
	g := &grid{file: z.name}
	if err := z.xlsxCells(part, shared, widths, g); err != nil {
		return nil, err
	}
	out.Rows, out.numbers = g.rows, g.numbers
	return out, nil
}

// zeroFormats reads xl/styles.xml (when there is one): for each cell
// format (<cellXfs><xf>, the index a cell's s attribute gives), the width
// of its number format when that format is made of zeros only ("000",
// "00000"), else 0.
func (z *sheetZip) zeroFormats() ([]int, error) {
	const entry = "xl/styles.xml"
	if z.files[entry] == nil {
		return nil, nil
	}
	rc, err := z.open(entry)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	zeros := map[string]int{} // numFmtId → width
	var widths []int
	inXfs := false
	d := xml.NewDecoder(rc)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return widths, nil
		}
		if err != nil {
			return nil, z.xmlError(entry, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "numFmt":
				if w := zeroWidth(attr(t, "formatCode")); w > 0 {
					zeros[attr(t, "numFmtId")] = w
				}
			case "cellXfs":
				inXfs = true
			case "xf":
				if inXfs {
					if len(widths) >= maxSheetCells {
						return nil, &Error{File: z.name, Field: entry, Expected: ExpectSmallSheet, Err: errSheetTooLarge}
					}
					widths = append(widths, zeros[attr(t, "numFmtId")])
				}
			}
		case xml.EndElement:
			if t.Name.Local == "cellXfs" {
				inXfs = false
			}
		}
	}
}

// zeroWidth is the width of a number format code made of zeros only (its
// first section; quotes and backslashes around the zeros allowed), else 0.
func zeroWidth(code string) int {
	code, _, _ = strings.Cut(code, ";")
	code = strings.NewReplacer(`"`, "", `\`, "").Replace(code)
	if len(code) < 2 || len(code) > 9 || strings.Trim(code, "0") != "" {
		return 0
	}
	return len(code)
}

// scan calls fn for every start element of an entry.
func (z *sheetZip) scan(entry string, fn func(*xml.Decoder, xml.StartElement) error) error {
	rc, err := z.open(entry)
	if err != nil {
		return err
	}
	defer rc.Close()
	d := xml.NewDecoder(rc)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return z.xmlError(entry, err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			if err := fn(d, se); err != nil {
				return err
			}
		}
	}
}

// xmlError wraps an XML or inflating error of an entry.
func (z *sheetZip) xmlError(entry string, err error) error {
	if e, ok := err.(*Error); ok {
		return e
	}
	var line int
	if se, ok := err.(*xml.SyntaxError); ok {
		line = se.Line
	}
	return &Error{File: z.name, Line: line, Field: entry, Expected: ExpectXML, Err: err}
}

// attr returns the value of the attribute with local name local.
func attr(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// sharedStrings reads xl/sharedStrings.xml: the text of every <si>, its
// runs concatenated, phonetic runs (<rPh>) left out.
func (z *sheetZip) sharedStrings() ([]string, error) {
	var out []string
	err := z.scan("xl/sharedStrings.xml", func(d *xml.Decoder, se xml.StartElement) error {
		if se.Name.Local != "si" {
			return nil
		}
		s, err := inlineText(d, "si")
		if err != nil {
			return z.xmlError("xl/sharedStrings.xml", err)
		}
		if len(out) >= maxSheetCells {
			return &Error{File: z.name, Field: "xl/sharedStrings.xml", Expected: ExpectSmallSheet, Err: errSheetTooLarge}
		}
		out = append(out, s)
		return nil
	})
	return out, err
}

// inlineText returns the text of the <t> elements inside the element being
// read (up to its end element named end), skipping <rPh> phonetic runs.
func inlineText(d *xml.Decoder, end string) (string, error) {
	var b strings.Builder
	inT, skip := false, 0
	for {
		tok, err := d.Token()
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "rPh":
				skip++
			case "t":
				inT = true
			}
		case xml.EndElement:
			switch t.Name.Local {
			case end:
				return b.String(), nil
			case "rPh":
				skip--
			case "t":
				inT = false
			}
		case xml.CharData:
			if inT && skip == 0 {
				b.Write(t)
			}
		}
	}
}

// xlsxCells reads the cells and merged ranges of a sheet part into g;
// widths are the cell formats' zero widths (zeroFormats).
func (z *sheetZip) xlsxCells(part string, shared []string, widths []int, g *grid) error {
	row, col := -1, -1
	var merges [][4]int
	err := z.scan(part, func(d *xml.Decoder, se xml.StartElement) error {
		switch se.Name.Local {
		case "row":
			if r := attr(se, "r"); r != "" {
				n, ok := parseIndex(r)
				if !ok {
					return &Error{File: z.name, Field: part, Expected: ExpectInteger, Got: excerpt.Of(r)}
				}
				row = n - 1
			} else {
				row++
			}
			col = -1
		case "c":
			if ref := attr(se, "r"); ref != "" {
				r, c, ok := cellRef(ref)
				if !ok {
					return &Error{File: z.name, Line: row + 1, Field: part, Expected: ExpectValue, Got: excerpt.Of(ref)}
				}
				row, col = r, c
			} else {
				col++
			}
			if row < 0 {
				row = 0
			}
			typ := attr(se, "t")
			v, err := xlsxCell(d, typ, shared)
			if err != nil {
				return z.xmlError(part, err)
			}
			if typ != "" && typ != "n" {
				return g.set(row, col, v)
			}
			// A number: shown with its leading zeros by a format of zeros.
			if i, ok := parseIndex(attr(se, "s")); ok && i < len(widths) && widths[i] > 0 {
				return g.set(row, col, zeroPadded(v, widths[i]))
			}
			return g.setNumber(row, col, v)
		case "mergeCell":
			ref := attr(se, "ref")
			a, b, _ := strings.Cut(ref, ":")
			r0, c0, ok0 := cellRef(a)
			r1, c1, ok1 := cellRef(b)
			if ok0 && ok1 && r0 <= r1 && c0 <= c1 {
				merges = append(merges, [4]int{r0, c0, r1, c1})
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, m := range merges {
		if err := g.fillMerged(m[0], m[1], m[2], m[3]); err != nil {
			return err
		}
	}
	return nil
}

// xlsxCell reads a <c> element's value: shared string, inline string,
// formula result (the cached <v>; the formula <f> is left), number,
// boolean or error.
func xlsxCell(d *xml.Decoder, typ string, shared []string) (string, error) {
	var v string
	inV := false
	for {
		tok, err := d.Token()
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "v":
				inV = true
			case "is":
				s, err := inlineText(d, "is")
				if err != nil {
					return "", err
				}
				v = s
			case "f":
				if err := d.Skip(); err != nil {
					return "", err
				}
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "v":
				inV = false
			case "c":
				switch typ {
				case "s":
					i, ok := parseIndex(strings.TrimSpace(v))
					if !ok || i >= len(shared) {
						return "", fmt.Errorf("shared string %q out of range", v)
					}
					return shared[i], nil
				case "", "n":
					if v == "" {
						return "", nil
					}
					return cellNumber(v), nil
				case "b":
					if strings.TrimSpace(v) == "1" {
						return "VRAI", nil
					}
					return "FAUX", nil
				}
				// str (formula text), inlineStr, e (#DIV/0!), d (ISO date)
				return v, nil
			}
		case xml.CharData:
			if inV {
				v += string(t)
			}
		}
	}
}

// cellRef parses an A1 reference into 0-based row and column.
func cellRef(ref string) (row, col int, ok bool) {
	ref = strings.TrimSpace(strings.ReplaceAll(ref, "$", ""))
	i := 0
	for i < len(ref) && (ref[i] >= 'A' && ref[i] <= 'Z' || ref[i] >= 'a' && ref[i] <= 'z') {
		if col > maxSheetColumns*26 {
			return 0, 0, false
		}
		col = col*26 + int(ref[i]|0x20-'a') + 1
		i++
	}
	if i == 0 {
		return 0, 0, false
	}
	r, ok := parseIndex(ref[i:])
	if !ok || r == 0 {
		return 0, 0, false
	}
	return r - 1, col - 1, true
}

// parseIndex parses a small non-negative decimal integer (at most 9 digits).
func parseIndex(s string) (int, bool) {
	if s == "" || len(s) > 9 || !allDigits(s) {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}
