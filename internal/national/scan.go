package national

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/jeu1000/jeu1000/internal/budget"
	"github.com/jeu1000/jeu1000/internal/excerpt"
	"github.com/jeu1000/jeu1000/internal/reader"
)

// The national file is read by a hand-rolled splitter rather than
// encoding/csv (and reader.ScanBalanceCSV, which builds on it): on a 5 M
// row file encoding/csv alone takes most of the time budget. The fast path
// handles a line without a double quote, which is every line of the DGFiP
// files; a line with a quote is split exactly as encoding/csv does with
// LazyQuotes (a quoted field may hold the separator, doubled quotes or line
// breaks), so files re-exported by a spreadsheet or the data.economie.gouv.fr
// export (which quotes fields that need it) read the same. Field values are
// cleaned exactly as reader.ScanBalanceCSV cleans them; tests check both
// give the same rows.

// scanner splits a CSV stream into records without allocating per record:
// the fields are slices into the reader's buffer (fast path) or into out
// (quoted records, records longer than the buffer), valid until the next
// call to next.
type scanner struct {
	name   string
	br     *bufio.Reader
	comma  byte
	line   int      // physical lines read so far
	fields [][]byte // fields of the current record
	long   []byte   // a line longer than the buffer
	out    []byte   // unquoted content of a quoted record
	ends   []int    // field ends in out
	eof    bool
	max    int // bytes of a line (or a quoted record) beyond which next fails
}

const bufSize = 1 << 20

func newScanner(name string, r io.Reader, maxLine int) *scanner {
	br, ok := r.(*bufio.Reader)
	if !ok || br.Size() < bufSize {
		br = bufio.NewReaderSize(r, bufSize)
	}
	return &scanner{name: name, br: br, comma: ';', max: maxLine}
}

// readError is the error of Stream for an error of readLine: as is when it
// is a *reader.Error (a line too long), else one naming the line.
func (s *scanner) readError(err error) error {
	if _, ok := reader.AsError(err); ok {
		return err
	}
	return &reader.Error{File: s.name, Line: s.line + 1, Expected: reader.ExpectCSV, Err: err}
}

// ErrLineTooLong is wrapped by the error of Stream for a line longer than
// Options.MaxLine.
var ErrLineTooLong = errors.New("line too long")

// tooLong is the error for the line (or record) starting at line with b.
func (s *scanner) tooLong(b []byte, line int) error {
	return &reader.Error{File: s.name, Line: line, Expected: reader.ExpectShortLine, Got: excerpt.Of(string(b[:min(len(b), 64)])),
		Err: fmt.Errorf("%w: more than %d bytes", ErrLineTooLong, s.max)}
}

// readLine returns the next physical line with its "\n" (and the "\r"
// before it) removed, and whether it ended with "\n"; ok is false at the end
// of the input. A final "\r" before the end of the input is removed too, as
// encoding/csv does.
func (s *scanner) readLine() (line []byte, nl, ok bool, err error) {
	if s.eof {
		return nil, false, false, nil
	}
	b, err := s.br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		if len(b) > s.max {
			return nil, false, false, s.tooLong(b, s.line+1)
		}
		s.long = append(s.long[:0], b...)
		for err == bufio.ErrBufferFull {
			b, err = s.br.ReadSlice('\n')
			s.long = append(s.long, b...)
			if len(s.long) > s.max {
				return nil, false, false, s.tooLong(s.long, s.line+1)
			}
		}
		b = s.long
	}
	if len(b) > s.max+2 && len(bytes.TrimRight(b, "\r\n")) > s.max {
		return nil, false, false, s.tooLong(b, s.line+1)
	}
	switch {
	case err == io.EOF:
		s.eof = true
		if len(b) == 0 {
			return nil, false, false, nil
		}
		if b[len(b)-1] == '\r' {
			b = b[:len(b)-1]
		}
	case err != nil:
		return nil, false, false, err
	default:
		nl = true
		b = b[:len(b)-1]
		if n := len(b); n > 0 && b[n-1] == '\r' {
			b = b[:n-1]
		}
	}
	s.line++
	return b, nl, true, nil
}

// next reads the next record that is not empty. It returns the line where
// the record starts, or 0 at the end of the input.
func (s *scanner) next() (int, error) {
	for {
		line, nl, ok, err := s.readLine()
		if err != nil {
			return 0, s.readError(err)
		}
		if !ok {
			return 0, nil
		}
		if len(line) == 0 {
			continue // encoding/csv skips empty lines
		}
		start := s.line
		if bytes.IndexByte(line, '"') < 0 {
			// Fields are short: a plain loop beats bytes.IndexByte.
			s.fields = s.fields[:0]
			comma, from := s.comma, 0
			for i, c := range line {
				if c == comma {
					s.fields = append(s.fields, line[from:i:i])
					from = i + 1
				}
			}
			s.fields = append(s.fields, line[from:])
			return start, nil
		}
		if err := s.splitQuoted(line, nl); err != nil {
			return 0, err
		}
		return start, nil
	}
}

// splitQuoted splits a record that holds a double quote, as encoding/csv
// does with LazyQuotes: a field starting with a quote runs to the next
// quote followed by the separator or the end of the record, "" stands for
// one quote, a quote followed by anything else is kept, and the field may
// go on over the following lines (a line break inside is kept as "\n"). A
// quote inside a field that does not start with one is an ordinary
// character.
func (s *scanner) splitQuoted(line []byte, nl bool) error {
	s.out = s.out[:0]
	s.ends = s.ends[:0]
	first := s.line // the record's first line
	// line may be in the bufio buffer, which the next read overwrites:
	// work on a copy.
	cur := append([]byte(nil), line...)
	for {
		if len(cur) == 0 || cur[0] != '"' {
			// Unquoted field.
			i := bytes.IndexByte(cur, s.comma)
			if i < 0 {
				s.out = append(s.out, cur...)
				s.ends = append(s.ends, len(s.out))
				break
			}
			s.out = append(s.out, cur[:i]...)
			s.ends = append(s.ends, len(s.out))
			cur = cur[i+1:]
			continue
		}
		// Quoted field.
		cur = cur[1:]
		done := false // end of record
		for {
			i := bytes.IndexByte(cur, '"')
			if i >= 0 {
				s.out = append(s.out, cur[:i]...)
				cur = cur[i+1:]
				switch {
				case len(cur) > 0 && cur[0] == '"':
					s.out = append(s.out, '"')
					cur = cur[1:]
					continue
				case len(cur) > 0 && cur[0] == s.comma:
					cur = cur[1:]
				case len(cur) == 0:
					done = true
				default:
					s.out = append(s.out, '"') // LazyQuotes
					continue
				}
				break
			}
			// The field goes on over the next line; LazyQuotes: it ends
			// with the input if no quote closes it.
			s.out = append(s.out, cur...)
			if !nl {
				done = true
				break
			}
			s.out = append(s.out, '\n')
			if len(s.out) > s.max {
				return s.tooLong(s.out, first)
			}
			next, nextNL, ok, err := s.readLine()
			if err != nil {
				return s.readError(err)
			}
			if !ok {
				done = true
				break
			}
			cur, nl = append(cur[:0], next...), nextNL
		}
		s.ends = append(s.ends, len(s.out))
		if done {
			break
		}
	}
	s.fields = s.fields[:0]
	start := 0
	for _, end := range s.ends {
		s.fields = append(s.fields, s.out[start:end:end])
		start = end
	}
	return nil
}

// Value cleaning, as reader.ScanBalanceCSV does it.

// cleanCode trims a code and removes the backtick or quote older files put
// in front of codes to keep their leading zeros.
func cleanCode(b []byte) []byte {
	if len(b) > 0 && isDigit(b[0]) && isDigit(b[len(b)-1]) {
		return b // fast path: nothing to trim
	}
	b = bytes.TrimSpace(b)
	b = bytes.TrimLeft(b, "`'")
	return bytes.TrimSpace(b)
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func allDigits(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for _, c := range b {
		if !isDigit(c) {
			return false
		}
	}
	return true
}

// parseAmount reads an amount cell; an empty cell is 0. The fast path
// reads the usual "-1234,56"; anything else goes to budget.ParseAmount.
func parseAmount(b []byte) (budget.Amount, error) {
	if a, ok := fastAmount(b); ok {
		return a, nil
	}
	s := strings.TrimSpace(string(b))
	if s == "" {
		return 0, nil
	}
	return budget.ParseAmount(s)
}

// fastAmount reads -?[0-9]{1,12}([.,][0-9]{1,2})? exactly (never beyond
// budget.MaxAmount); ok is false for anything else (including the empty
// cell, which parseAmount handles).
func fastAmount(b []byte) (budget.Amount, bool) {
	neg := false
	if len(b) > 0 && b[0] == '-' {
		neg = true
		b = b[1:]
	}
	var units int64
	i := 0
	for ; i < len(b) && isDigit(b[i]); i++ {
		units = units*10 + int64(b[i]-'0')
	}
	if i == 0 || i > 12 {
		return 0, false
	}
	c := units * 100
	if i < len(b) {
		if b[i] != ',' && b[i] != '.' {
			return 0, false
		}
		frac := b[i+1:]
		switch {
		case len(frac) == 1 && isDigit(frac[0]):
			c += int64(frac[0]-'0') * 10
		case len(frac) == 2 && isDigit(frac[0]) && isDigit(frac[1]):
			c += int64(frac[0]-'0')*10 + int64(frac[1]-'0')
		default:
			return 0, false
		}
	}
	if neg {
		c = -c
	}
	return budget.Amount(c), true
}

// text converts a name to UTF-8: kept as is when it is valid UTF-8, else
// read as ISO-8859-1 (Windows-1252 for bytes 0x80–0x9F), as the reader
// package does.
func text(b []byte) string {
	b = bytes.TrimSpace(b)
	if utf8.Valid(b) {
		return string(b)
	}
	return string(reader.Latin1ToUTF8(b))
}

// errNoHeader is the cause of the error for an input without a header.
var errNoHeader = errors.New("no header line")
