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
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/jeu1000/jeu1000/internal/budget"
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

	// sheet is the workbook's sheet the text was read from (nil for a
	// text file): which cells held numbers (Sheet.IsNumber).
	sheet *Sheet
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
		opt.sheet = sh
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
		return readTemplate(name, data, opt.sheet)
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
