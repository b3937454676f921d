package reader

import (
	"bytes"
	"encoding/csv"
	"strconv"
)

// Limits on what the readers accept. A file beyond them is not a budget (a
// million columns, a line of 100 MB): it is refused before it is parsed,
// with a message naming the line, rather than freezing the page for
// seconds and taking gigabytes. Real files stay far below them (the widest
// SCDL file has about 30 columns, the longest line a few hundred bytes).
const (
	// MaxLineBytes bounds a physical line of a CSV file (as the national
	// balance stream does, internal/national).
	MaxLineBytes = 64 << 10
	// MaxColumns bounds the columns of a CSV header.
	MaxColumns = 500
	// MaxRows bounds the rows of a template or SCDL file.
	MaxRows = 200_000
	// MaxValueBytes bounds a value kept from a TOTEM document (a label, a
	// name).
	MaxValueBytes = 64 << 10
)

// checkLineLengths returns an *Error naming the first line of text longer
// than MaxLineBytes, if any.
func checkLineLengths(name string, text []byte) error {
	for line := 1; len(text) > 0; line++ {
		i := bytes.IndexByte(text, '\n')
		if i < 0 {
			i = len(text)
		}
		if i > MaxLineBytes {
			return &Error{File: name, Line: line, Expected: ExpectShortLine, Got: string(text[:100])}
		}
		text = text[min(i+1, len(text)):]
	}
	return nil
}

// checkColumns returns an *Error when a header has more than MaxColumns
// columns.
func checkColumns(name string, line, n int) error {
	if n > MaxColumns {
		return &Error{File: name, Line: line, Expected: ExpectFewColumns, Got: strconv.Itoa(n) + " columns"}
	}
	return nil
}

// recordLine returns the line where the record r read last starts.
func recordLine(r *csv.Reader) int {
	line, _ := r.FieldPos(0)
	return line
}
