// Package reader turns the budget files users and open-data portals provide
// into budget.Document values: TOTEM DocumentBudgetaire and Compte Financier
// Unique XML, SCDL "budget" CSV, the DGFiP nature-fonction balances (the
// national CSV layout and the API's JSON records) and the project's own
// template CSV for hand-made drafts.
//
// Read detects the format from the content (never from the file name) and
// dispatches to the right reader. Every problem found in a file is reported
// as an *Error that says where (file, line, field) and what was expected, in
// English and in French.
//
// Nothing here keeps global mutable state. The CSV readers configure their
// own csv.Reader for each file; gocsv is only ever given a reader built here
// and its package-level settings are left untouched (required and duplicate
// columns are checked before gocsv sees the rows, so FailIfUnmatchedStructTags
// is not needed). Only gocsv's synchronous UnmarshalCSV is used: its
// callback and channel variants decode in a goroutine, where a panic could
// not be recovered by Read.
package reader

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/gocarina/gocsv"
	"github.com/jeu1000/jeu1000/internal/budget"
	"github.com/jeu1000/jeu1000/internal/excerpt"
)

// Options tunes Read.
type Options struct {
	// Ident selects one authority in files that hold several (the DGFiP
	// balances): its IDENT/SIRET (14 digits), SIREN (9 digits) or INSEE
	// code. "" means the file's only authority; when there are several, Read
	// fails with an error listing the first few.
	Ident string
	// Sheet chooses the sheet of an XLSX or ODS workbook; "" the first.
	Sheet string
	// Mapping, when not nil, reads the file as a table through it, whatever
	// its format (see Inspect for the proposal).
	Mapping *Mapping
	// Year chooses the year of a table holding several; 0 the latest.
	Year int
}

// ErrInternal is wrapped by the error Read returns when a reader panicked.
// It means a bug in this package, never a problem of the file.
var ErrInternal = errors.New("internal error while reading the file")

// Read detects the format of data and reads it into a Document. name is the
// file name as the user gave it; it is used for provenance and in error
// messages only. Read never panics: a panic in a reader is turned into an
// error wrapping ErrInternal.
func Read(name string, data []byte, opt Options) (doc *budget.Document, err error) {
	defer func() {
		if r := recover(); r != nil {
			doc = nil
			err = &Error{File: name, Err: fmt.Errorf("%w: %v", ErrInternal, r)}
		}
	}()
	if IsSpreadsheet(data) {
		sh, err := ReadSheet(name, data, opt.Sheet)
		if err != nil {
			return nil, err
		}
		data = SheetText(sh.Rows)
	}
	if opt.Mapping != nil {
		return readMapped(name, data, opt)
	}
	format, err := Detect(name, data)
	if err != nil {
		// Any other table, through the mapping the core proposes.
		if doc, merr := readMapped(name, data, opt); merr == nil {
			return doc, nil
		} else if e, ok := AsError(merr); !ok || e.Expected != ExpectMapping && e.Expected != ExpectColumn {
			return nil, merr
		}
		return nil, err
	}
	switch format {
	case budget.FormatTOTEM, budget.FormatCFU:
		return readTOTEM(name, data)
	case budget.FormatSCDL:
		return readSCDL(name, data)
	case budget.FormatBalanceCSV:
		return readBalanceCSV(name, data, opt)
	case budget.FormatBalanceJSON:
		return readBalanceJSON(name, data, opt)
	case budget.FormatTemplate:
		return readTemplate(name, data)
	}
	return nil, &Error{File: name, Expected: ExpectFormat}
}

// Detect tells the format of data from its content:
//
//   - XML whose root element is DocumentBudgetaire or CompteFinancierUnique:
//     FormatTOTEM (the TOTEM reader then tells TOTEM and CFU apart);
//   - CSV whose header has BGT_ columns: FormatSCDL;
//   - CSV whose header has EXER, IDENT and COMPTE: FormatBalanceCSV;
//   - a JSON object with "records", or a JSON array of records, whose
//     records have exer, ident and compte: FormatBalanceJSON;
//   - CSV whose header has section, fonction and montant (or their English
//     names), possibly after "#" comment lines: FormatTemplate.
//
// Anything else is an *Error expecting ExpectFormat.
func Detect(name string, data []byte) (budget.Format, error) {
	unknown := &Error{File: name, Expected: ExpectFormat}
	// Only the beginning of the file matters: never convert a whole
	// national balance (hundreds of megabytes) just to look at its header.
	const prefixSize = 64 << 10
	head := data
	if isUTF16(head) {
		head = decodeText(head[:min(len(head), 2*prefixSize)])
	} else {
		head = trimBOM(head)
	}
	body := bytes.TrimLeft(head, " \t\r\n")
	if len(body) == 0 {
		return "", unknown
	}
	switch body[0] {
	case '<':
		switch xmlRootName(body) {
		case "DocumentBudgetaire", "CompteFinancierUnique":
			return budget.FormatTOTEM, nil
		}
		return "", unknown
	case '{', '[':
		if isBalanceJSON(body) {
			return budget.FormatBalanceJSON, nil
		}
		return "", unknown
	}
	if len(head) > prefixSize {
		head = head[:prefixSize]
		if i := bytes.LastIndexByte(head, '\n'); i > 0 {
			head = head[:i]
		}
	}
	header, _ := headerLine(decodeText(head))
	if header == nil {
		return "", unknown
	}
	cells := splitHeader(header)
	has := make(map[string]bool, len(cells))
	for _, c := range cells {
		f := foldHeader(c)
		if strings.HasPrefix(f, "bgt_") {
			return budget.FormatSCDL, nil
		}
		has[f] = true
	}
	if has["exer"] && has["ident"] && has["compte"] {
		return budget.FormatBalanceCSV, nil
	}
	var tpl [numTemplateColumns]bool
	for _, c := range cells {
		if col, ok := templateColumn(c); ok {
			tpl[col] = true
		}
	}
	if tpl[tplSection] && tpl[tplFunction] && tpl[tplAmount] {
		return budget.FormatTemplate, nil
	}
	return "", unknown
}

// xmlRootName returns the local name of the root element of an XML
// document, skipping the prolog, comments, processing instructions and
// DOCTYPE. It returns "" when there is none.
func xmlRootName(b []byte) string {
	for {
		i := bytes.IndexByte(b, '<')
		if i < 0 || i+1 >= len(b) {
			return ""
		}
		b = b[i+1:]
		switch {
		case bytes.HasPrefix(b, []byte("!--")):
			end := bytes.Index(b, []byte("-->"))
			if end < 0 {
				return ""
			}
			b = b[end+3:]
			continue
		case b[0] == '?' || b[0] == '!':
			end := bytes.IndexByte(b, '>')
			if end < 0 {
				return ""
			}
			b = b[end+1:]
			continue
		}
		end := bytes.IndexAny(b, " \t\r\n/>")
		if end < 0 {
			return ""
		}
		name := string(b[:end])
		if colon := strings.LastIndexByte(name, ':'); colon >= 0 {
			name = name[colon+1:]
		}
		return name
	}
}

// isBalanceJSON reports whether b is a JSON object with a "records" array or
// a JSON array whose first element looks like a balance record (exer, ident
// and compte keys). An empty "records" array counts (the reader then says
// there is no row); an empty bare array does not.
func isBalanceJSON(b []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return false
	}
	switch tok {
	case json.Delim('['):
		return firstRecordLooksLikeBalance(dec, false)
	case json.Delim('{'):
		for dec.More() {
			key, err := dec.Token()
			if err != nil {
				return false
			}
			if k, _ := key.(string); strings.EqualFold(k, "records") {
				tok, err := dec.Token()
				if err != nil || tok != json.Delim('[') {
					return false
				}
				return firstRecordLooksLikeBalance(dec, true)
			}
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return false
			}
		}
	}
	return false
}

func firstRecordLooksLikeBalance(dec *json.Decoder, emptyOK bool) bool {
	if !dec.More() {
		return emptyOK
	}
	var rec map[string]json.RawMessage
	if err := dec.Decode(&rec); err != nil {
		return false
	}
	found := 0
	for k := range rec {
		switch strings.ToLower(k) {
		case "exer", "ident", "compte":
			found++
		}
	}
	return found == 3
}

// trimBOM removes a UTF-8 byte order mark.
func trimBOM(b []byte) []byte {
	return bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF"))
}

// decodeText returns data as UTF-8 without a BOM: data itself when it is
// valid UTF-8, its conversion from UTF-16 when it starts with a UTF-16 byte
// order mark (Excel's "Texte Unicode"), else its conversion from ISO-8859-1
// (Windows-1252).
func decodeText(data []byte) []byte {
	if isUTF16(data) {
		return utf16ToUTF8(data)
	}
	data = trimBOM(data)
	if utf8.Valid(data) {
		return data
	}
	return Latin1ToUTF8(data)
}

// isUTF16 reports whether data starts with a UTF-16 byte order mark.
func isUTF16(data []byte) bool {
	return len(data) >= 2 && (data[0] == 0xFF && data[1] == 0xFE || data[0] == 0xFE && data[1] == 0xFF)
}

// utf16ToUTF8 converts UTF-16 with a byte order mark to UTF-8, without the
// mark. A trailing odd byte is dropped; unpaired surrogates become U+FFFD.
func utf16ToUTF8(data []byte) []byte {
	big := data[0] == 0xFE
	data = data[2:]
	units := make([]uint16, len(data)/2)
	for i := range units {
		if big {
			units[i] = uint16(data[2*i])<<8 | uint16(data[2*i+1])
		} else {
			units[i] = uint16(data[2*i+1])<<8 | uint16(data[2*i])
		}
	}
	out := make([]byte, 0, len(units))
	for _, r := range utf16.Decode(units) {
		out = utf8.AppendRune(out, r)
	}
	return out
}

// toUTF8 returns s unchanged when it is valid UTF-8, else its conversion
// from ISO-8859-1 (Windows-1252). Used field by field by the streaming
// balance reader.
func toUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return string(Latin1ToUTF8([]byte(s)))
}

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

// allDigits reports whether s is non-empty and made of ASCII digits only.
func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// parseNomenclature maps a nomenclature as files spell it ("M14", "M57A",
// "M57_A", "m57 abrégée", "M43") to a Nomenclature. Variant names follow the
// plans de comptes (M57_A, M57_D, M57_P, M14_COM_INF500, M43_A…). "M14A"
// (M14 abrégée) is read as M14_COM_INF500, the abridged plan of communes
// under 500 inhabitants: an inference, the DGFiP does not document it.
func parseNomenclature(s string) budget.Nomenclature {
	f := strings.ToUpper(strings.TrimSpace(s))
	f = strings.NewReplacer(" ", "", "-", "_", ".", "").Replace(f)
	for _, suffix := range []string{"ABREGEE", "ABRÉGÉE", "ABREGE", "ABRÉGÉ"} {
		if strings.HasSuffix(f, suffix) {
			f = strings.TrimSuffix(f, suffix) + "A"
			break
		}
	}
	for _, suffix := range []string{"DEVELOPPEE", "DÉVELOPPÉE"} {
		if strings.HasSuffix(f, suffix) {
			f = strings.TrimSuffix(f, suffix) + "D"
			break
		}
	}
	if f == "" {
		return budget.Nomenclature{}
	}
	// Already norm-variant as budget.Nomenclature.String writes it.
	if i := strings.IndexByte(f, '_'); i > 0 && strings.HasPrefix(f[i+1:], f[:i]) {
		f = f[i+1:]
	}
	if f[0] != 'M' {
		return budget.Nomenclature{Norm: f}
	}
	i := 1
	for i < len(f) && f[i] >= '0' && f[i] <= '9' {
		i++
	}
	digits, rest := f[1:i], strings.TrimPrefix(f[i:], "_")
	if digits == "" {
		return budget.Nomenclature{Norm: f}
	}
	norm := "M" + digits
	if len(digits) == 2 && digits[0] == '4' {
		// M41, M43, M49…: variants of the M4 family.
		norm = "M4"
	}
	switch {
	case rest == "":
		if norm == "M4" && digits != "4" {
			return budget.Nomenclature{Norm: norm, Variant: "M" + digits}
		}
		return budget.Nomenclature{Norm: norm}
	case norm == "M14" && rest == "A":
		return budget.Nomenclature{Norm: norm, Variant: "M14_COM_INF500"}
	}
	return budget.Nomenclature{Norm: norm, Variant: "M" + digits + "_" + rest}
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
