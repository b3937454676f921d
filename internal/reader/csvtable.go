package reader

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gocarina/gocsv"
	"github.com/jeu1000/jeu1000/internal/excerpt"
)

// The CSV tables of the SCDL and template readers: the header found after
// "#" comment lines, the separator sniffed, columns matched by folded
// names, rows replayed to gocsv, cells decoded by the field types of
// scdl.go.

// headerLine returns the first line of text that is neither blank nor a
// comment (starting with "#", possibly inside a quoted spreadsheet cell),
// without its line ending, and its 1-based line number.
func headerLine(text []byte) ([]byte, int) {
	for n := 1; len(text) > 0; n++ {
		line := text
		if i := bytes.IndexByte(text, '\n'); i >= 0 {
			line, text = text[:i], text[i+1:]
		} else {
			text = nil
		}
		line = bytes.TrimRight(line, "\r")
		if isCommentOrBlank(line) {
			continue
		}
		return line, n
	}
	return nil, 0
}

// isCommentOrBlank reports whether a raw line is empty, made only of
// separators, or a "#" comment.
func isCommentOrBlank(line []byte) bool {
	t := bytes.TrimLeft(line, " \t")
	if bytes.HasPrefix(t, []byte("#")) || bytes.HasPrefix(t, []byte(`"#`)) {
		return true
	}
	return len(bytes.Trim(t, " \t;,")) == 0
}

// SniffComma picks the field separator of a CSV file from its header line:
// whichever of ';', ',' and tab occurs most often outside quotes (';' on a
// tie, as French spreadsheets write it).
func SniffComma(header []byte) rune {
	var semi, comma, tab int
	inQuote := false
	for _, c := range header {
		switch {
		case c == '"':
			inQuote = !inQuote
		case inQuote:
		case c == ';':
			semi++
		case c == ',':
			comma++
		case c == '\t':
			tab++
		}
	}
	switch {
	case tab > semi && tab > comma:
		return '\t'
	case comma > semi:
		return ','
	}
	return ';'
}

// splitHeader splits a header line with its sniffed separator.
func splitHeader(line []byte) []string {
	r := csv.NewReader(bytes.NewReader(line))
	r.Comma = SniffComma(line)
	r.LazyQuotes = true
	r.FieldsPerRecord = -1
	rec, err := r.Read()
	if err != nil {
		return nil
	}
	return rec
}

// foldHeader normalises a column header for matching: trimmed, lower-case,
// without accents, zero-width characters or BOM.
func foldHeader(s string) string {
	return fold(strings.Map(func(r rune) rune {
		switch r {
		case '\uFEFF', '\u200B', '\u200C', '\u200D':
			return -1
		}
		return r
	}, s))
}

// fold normalises free text for matching enum values: lower-case, accents
// removed, surrounding spaces trimmed, inner runs of spaces collapsed to one.
func fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range strings.TrimSpace(s) {
		switch r {
		case 'à', 'á', 'â', 'ä', 'ã', 'À', 'Á', 'Â', 'Ä', 'Ã':
			r = 'a'
		case 'é', 'è', 'ê', 'ë', 'É', 'È', 'Ê', 'Ë':
			r = 'e'
		case 'î', 'ï', 'í', 'ì', 'Î', 'Ï':
			r = 'i'
		case 'ô', 'ö', 'ó', 'ò', 'Ô', 'Ö':
			r = 'o'
		case 'ù', 'û', 'ü', 'ú', 'Ù', 'Û', 'Ü':
			r = 'u'
		case 'ç', 'Ç':
			r = 'c'
		case ' ', '\t', '\u00A0', '\u202F':
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		if r < utf8.RuneSelf {
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			b.WriteByte(byte(r))
		} else {
			b.WriteString(strings.ToLower(string(r)))
		}
	}
	return b.String()
}

// table is a small CSV file read into memory (SCDL, template): its header,
// the canonical name of every column, and its records with the line where
// each starts.
type table struct {
	name       string
	comma      rune
	header     []string // column headers as in the file, trimmed
	canon      []string // canonical column names; "" for ignored columns
	headerLine int
	rows       [][]string // records after the header, padded to len(header)
	lines      []int      // lines[i]: 1-based line where rows[i] starts
	comments   []comment  // "#" lines before the header
}

// comment is a "#" line before the header of a CSV file.
type comment struct {
	text string // without the leading "#"
	line int
}

// readTable reads a CSV file whose separator (';', ',' or tab) is sniffed
// from its header line. canon maps a column header to its canonical name ("" to
// ignore the column). Blank records (empty or separators only) are skipped;
// records whose first field starts with "#" are comments: kept in
// t.comments before the header, skipped after it when comments is true.
func readTable(name string, data []byte, canon func(string) string, comments bool) (*table, error) {
	text := decodeText(data)
	if err := checkLineLengths(name, text); err != nil {
		return nil, err
	}
	hdr, _ := headerLine(text)
	if hdr == nil {
		return nil, &Error{File: name, Line: 1, Expected: ExpectColumn}
	}
	t := &table{name: name, comma: SniffComma(hdr)}
	r := csv.NewReader(bytes.NewReader(text))
	r.Comma = t.comma
	r.LazyQuotes = true
	r.FieldsPerRecord = -1
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(name, err)
		}
		line, _ := r.FieldPos(0)
		if blankRecord(rec) {
			continue
		}
		if first := strings.TrimSpace(rec[0]); strings.HasPrefix(first, "#") && (t.header == nil || comments) {
			if t.header == nil {
				text := strings.TrimRight(strings.Join(rec, string(t.comma)), " \t;,")
				t.comments = append(t.comments, comment{text: strings.TrimPrefix(strings.TrimSpace(text), "#"), line: line})
			}
			continue
		}
		if t.header == nil {
			if err := checkColumns(name, line, len(rec)); err != nil {
				return nil, err
			}
			if err := t.setHeader(rec, line, canon); err != nil {
				return nil, err
			}
			continue
		}
		if len(t.rows) == MaxRows {
			return nil, &Error{File: name, Line: line, Expected: ExpectSmallBudget, Got: strconv.Itoa(MaxRows+1) + " rows"}
		}
		if len(rec) > len(t.header) {
			if !blankRecord(rec[len(t.header):]) {
				return nil, &Error{File: name, Line: line, Expected: ExpectFieldCount, Got: strconv.Itoa(len(rec))}
			}
			rec = rec[:len(t.header)]
		}
		for len(rec) < len(t.header) {
			rec = append(rec, "")
		}
		t.rows = append(t.rows, rec)
		t.lines = append(t.lines, line)
	}
	if t.header == nil {
		return nil, &Error{File: name, Line: 1, Expected: ExpectColumn}
	}
	return t, nil
}

func (t *table) setHeader(rec []string, line int, canon func(string) string) error {
	t.headerLine = line
	t.header = make([]string, len(rec))
	t.canon = make([]string, len(rec))
	seen := make(map[string]bool, len(rec))
	for i, h := range rec {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\uFEFF"))
		t.header[i] = h
		c := canon(h)
		if c == "" {
			continue
		}
		if seen[c] {
			return &Error{File: t.name, Line: line, Field: h, Expected: ExpectUniqueColumn, Got: h}
		}
		seen[c] = true
		t.canon[i] = c
	}
	return nil
}

// has reports whether the table has the canonical column c.
func (t *table) has(c string) bool {
	for _, x := range t.canon {
		if x == c {
			return true
		}
	}
	return false
}

// headerOf returns the file's header of canonical column c (c itself when
// the column is absent).
func (t *table) headerOf(c string) string {
	for i, x := range t.canon {
		if x == c {
			return t.header[i]
		}
	}
	return c
}

// unmarshal decodes the rows into out (a pointer to a slice of structs with
// csv tags naming canonical columns) with gocsv, and turns gocsv's errors
// into *Error with the file's line and column header.
func (t *table) unmarshal(out any) error {
	rows := make([][]string, 0, len(t.rows)+1)
	rows = append(rows, t.canon)
	rows = append(rows, t.rows...)
	err := gocsv.UnmarshalCSV(&replayReader{rows: rows}, out)
	if err == nil {
		return nil
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) && pe.Line >= 2 && pe.Line-2 < len(t.lines) && pe.Column >= 1 && pe.Column <= len(t.header) {
		e := &Error{File: t.name, Line: t.lines[pe.Line-2], Field: t.header[pe.Column-1], Err: pe.Err}
		var ve *valueError
		if errors.As(pe.Err, &ve) {
			e.Expected, e.Got, e.Err = ve.expected, excerpt.Of(ve.got), ve.err
		}
		return e
	}
	return &Error{File: t.name, Err: fmt.Errorf("decoding CSV rows: %w", err)}
}

// replayReader hands records already read (and checked) to gocsv.
type replayReader struct {
	rows [][]string
	next int
}

func (r *replayReader) Read() ([]string, error) {
	if r.next >= len(r.rows) {
		return nil, io.EOF
	}
	r.next++
	return r.rows[r.next-1], nil
}

func (r *replayReader) ReadAll() ([][]string, error) {
	rest := r.rows[r.next:]
	r.next = len(r.rows)
	return rest, nil
}

// blankRecord reports whether every field of rec is blank.
func blankRecord(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// csvError turns an encoding/csv error into an *Error.
func csvError(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &Error{File: name, Line: pe.Line, Column: pe.Column, Expected: ExpectCSV, Err: pe.Err}
	}
	return &Error{File: name, Expected: ExpectCSV, Err: err}
}

// valueError is returned by the CSV field types: what was expected and what
// the cell held.
type valueError struct {
	expected string
	got      string
	err      error
}

func (e *valueError) Error() string {
	msg := fmt.Sprintf("expected %s, got %s", e.expected, excerpt.Quote(e.got))
	if e.err != nil {
		msg += ": " + e.err.Error()
	}
	return msg
}

func (e *valueError) Unwrap() error { return e.err }
