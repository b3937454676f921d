package reader

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/jeu1000/jeu1000/internal/budget"
	"github.com/jeu1000/jeu1000/internal/excerpt"
)

// ExpectMapping is what an *Error expects of a table whose columns cannot
// be told.
const ExpectMapping = "a table whose columns can be told: an amount and an account (nature) or a function; give the mapping by hand"

// ExpectFileYear is what an *Error expects of a year asked that the table
// does not hold.
const ExpectFileYear = "a year the file holds"

// Limits of the mapped table reader.
const (
	headerSearchRows = 30  // rows searched for the header
	sampleRows       = 200 // rows after the header used to propose a mapping
	previewRows      = 8   // rows after the header shown with a proposal
)

// records is a CSV text read into records, with the line where each starts.
type records struct {
	rows  [][]string
	lines []int
}

// readRecords reads CSV text (separator sniffed from the first non-blank
// line) into records; blank records are dropped.
func readRecords(name string, data []byte) (*records, error) {
	text := decodeText(data)
	if err := checkLineLengths(name, text); err != nil {
		return nil, err
	}
	hdr, _ := headerLine(text)
	comma := ';'
	if hdr != nil {
		comma = SniffComma(hdr)
	}
	r := csv.NewReader(bytes.NewReader(text))
	r.Comma = comma
	r.LazyQuotes = true
	r.FieldsPerRecord = -1
	r.ReuseRecord = false
	out := &records{}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, csvError(name, err)
		}
		if blankRecord(rec) {
			continue
		}
		if err := checkColumns(name, recordLine(r), len(rec)); err != nil {
			return nil, err
		}
		if len(out.rows) >= maxSheetRows {
			line, _ := r.FieldPos(0)
			return nil, &Error{File: name, Line: line, Expected: ExpectSmallSheet, Err: errSheetTooLarge}
		}
		line, _ := r.FieldPos(0)
		out.rows = append(out.rows, rec)
		out.lines = append(out.lines, line)
	}
}

// headerIndex finds the header row among the first rows: the one whose
// cells name the most roles (a title or a note may sit above it), else the
// first row. want, when > 0, is the header's line as a mapping says.
func (t *records) headerIndex(want int) int {
	if want > 0 {
		for i, l := range t.lines {
			if l >= want {
				return i
			}
		}
		return 0
	}
	best, bestScore := 0, 0
	for i := 0; i < len(t.rows) && i < headerSearchRows; i++ {
		// Distinct roles named: a merged title repeated over the columns
		// names one at most.
		roles := map[Role]bool{}
		for _, h := range t.rows[i] {
			f := foldHeader(h)
			if f == "" || strings.HasPrefix(f, "#") {
				continue
			}
			for _, hw := range headerWords {
				if headerScore(f, hw.words) > 0 {
					roles[hw.role] = true
					break
				}
			}
		}
		if len(roles) > bestScore {
			best, bestScore = i, len(roles)
		}
	}
	return best
}

// Proposal is what the core proposes for a file before reading it.
type Proposal struct {
	// Format is the format detected: a known one (totem, scdl,
	// balance-csv, template…) read without a mapping, or "table" for a
	// table read through the proposed mapping.
	Format budget.Format `json:"format"`
	// Spreadsheet is "xlsx" or "ods" for a workbook, with its sheets and
	// the sheet read.
	Spreadsheet string   `json:"spreadsheet,omitempty"`
	Sheets      []string `json:"sheets,omitempty"`
	Sheet       string   `json:"sheet,omitempty"`
	// Header is the header row, Rows the first rows under it (RowLines
	// their lines); none for XML and JSON formats.
	Header   []string   `json:"header,omitempty"`
	Rows     [][]string `json:"rows,omitempty"`
	RowLines []int      `json:"rowLines,omitempty"`
	// Mapping is the proposed mapping (nil when the format needs none and
	// is not a table), Confidence where each role's column comes from.
	Mapping    *Mapping            `json:"mapping,omitempty"`
	Confidence map[Role]Confidence `json:"confidence,omitempty"`
	// Complete says whether the mapping can read lines as it is.
	Complete bool `json:"complete"`
	// Shape is the key under which a corrected mapping is remembered.
	Shape string `json:"shape,omitempty"`
	// Years are the years of a table with a year column; Year the one read
	// when none is asked (the latest).
	Years []int `json:"years,omitempty"`
	Year  int   `json:"year,omitempty"`
	// Presets are the known layouts (id and label), for the page's chooser.
	Presets []PresetName `json:"presets,omitempty"`
}

// PresetName names a preset.
type PresetName struct {
	ID    string `json:"id"`
	Label string `json:"label"`
}

// Inspect tells what Read would do with a file: its format, and for a table
// (CSV, sheet) its header, first rows, proposed mapping and years. opt.Sheet
// chooses the sheet of a workbook and opt.Mapping, when given, is checked
// against the file and returned instead of a proposal.
func Inspect(name string, data []byte, opt Options) (p *Proposal, err error) {
	defer func() {
		if r := recover(); r != nil {
			p, err = nil, &Error{File: name, Err: fmt.Errorf("%w: %v", ErrInternal, r)}
		}
	}()
	p = &Proposal{}
	if IsSpreadsheet(data) {
		sh, err := ReadSheet(name, data, opt.Sheet)
		if err != nil {
			return nil, err
		}
		p.Spreadsheet, p.Sheets, p.Sheet = sh.Format, sh.Names, sh.Name
		data = SheetText(sh.Rows)
	}
	format, derr := Detect(name, data)
	switch format {
	case budget.FormatTOTEM, budget.FormatCFU, budget.FormatBalanceJSON, budget.FormatBalanceCSV:
		p.Format = format
		return p, nil
	}
	t, err := readRecords(name, data)
	if err != nil {
		return nil, err
	}
	if len(t.rows) == 0 {
		return nil, &Error{File: name, Line: 1, Expected: ExpectColumn}
	}
	var m *Mapping
	if opt.Mapping != nil {
		m = opt.Mapping
	}
	hi := t.headerIndex(headerOf(m))
	header := t.rows[hi]
	body, lines := t.rows[hi+1:], t.lines[hi+1:]
	if m == nil {
		m, p.Confidence = propose(header, body[:min(len(body), sampleRows)])
	}
	m.Header = t.lines[hi]
	p.Mapping, p.Header, p.Complete, p.Shape = m, header, m.Complete(), Shape(header)
	p.Rows, p.RowLines = body[:min(len(body), previewRows)], lines[:min(len(lines), previewRows)]
	p.Format = budget.FormatTable
	if derr == nil && opt.Mapping == nil {
		p.Format = format // read by its own reader unless the mapping is changed
	}
	if c, ok := m.col(RoleYear); ok {
		set := map[int]bool{}
		for _, row := range body {
			if c < len(row) {
				if y, ok := parseYear(strings.TrimSpace(row[c])); ok {
					set[y] = true
				}
			}
		}
		p.Years = sortedYears(set)
		if len(p.Years) > 0 {
			p.Year = p.Years[len(p.Years)-1]
		}
	}
	if presets, err := Presets(); err == nil {
		for _, ps := range presets {
			p.Presets = append(p.Presets, PresetName{ID: ps.ID, Label: ps.Label})
		}
	}
	return p, nil
}

// headerOf returns the header line a mapping gives (0 for none).
func headerOf(m *Mapping) int {
	if m == nil {
		return 0
	}
	return m.Header
}

// readMapped reads a table through opt.Mapping, or through the mapping the
// core proposes when opt.Mapping is nil (then an incomplete proposal is an
// error expecting ExpectMapping).
func readMapped(name string, data []byte, opt Options) (*budget.Document, error) {
	t, err := readRecords(name, data)
	if err != nil {
		return nil, err
	}
	if len(t.rows) == 0 {
		return nil, &Error{File: name, Line: 1, Expected: ExpectColumn}
	}
	m := opt.Mapping
	hi := t.headerIndex(headerOf(m))
	header := t.rows[hi]
	body, lines := t.rows[hi+1:], t.lines[hi+1:]
	if m == nil {
		m, _ = propose(header, body[:min(len(body), sampleRows)])
	}
	if !m.Complete() {
		return nil, &Error{File: name, Line: t.lines[hi], Expected: ExpectMapping}
	}
	for r, c := range m.Columns {
		if c >= len(header) {
			return nil, &Error{File: name, Line: t.lines[hi], Field: string(r), Expected: ExpectColumn, Got: "#" + strconv.Itoa(c+1)}
		}
	}
	doc := &budget.Document{Source: name, Format: budget.FormatTable, Lines: make([]budget.Line, 0, len(body))}
	switch m.VotedBy {
	case "function", "fonction":
		doc.VotedBy = budget.VotedByFunction
	case "nature":
		doc.VotedBy = budget.VotedByNature
	}
	if m.Nomenclature != "" {
		doc.Nomenclature = parseNomenclature(m.Nomenclature)
	}
	// "# key: value" lines above the header describe the budget, as in
	// the template (TEMPLATE.md).
	var comments []comment
	for i := range hi {
		if first := strings.TrimSpace(t.rows[i][0]); strings.HasPrefix(first, "#") {
			text := strings.TrimRight(strings.Join(t.rows[i], ";"), " \t;,")
			comments = append(comments, comment{text: strings.TrimPrefix(strings.TrimSpace(text), "#"), line: t.lines[i]})
		}
	}
	if err := templateMetadata(doc, comments); err != nil {
		return nil, err
	}
	if m.Kind != "" {
		if err := setKind(doc, m.Kind); err != nil {
			return nil, &Error{File: name, Field: "kind", Expected: ExpectNatDec, Got: excerpt.Of(m.Kind)}
		}
	}
	// The year read: the one asked, else the latest of the file.
	yearCol, hasYear := m.col(RoleYear)
	year := opt.Year
	if hasYear && year == 0 {
		for _, row := range body {
			if yearCol < len(row) {
				if y, ok := parseYear(strings.TrimSpace(row[yearCol])); ok && y > year {
					year = y
				}
			}
		}
	}
	cell := func(row []string, r Role) (string, bool) {
		c, ok := m.col(r)
		if !ok || c >= len(row) {
			return "", false
		}
		return row[c], true
	}
	type genericAmount struct {
		v  budget.Amount
		ok bool
	}
	var generic []genericAmount
	var seenKind, seenNomen bool
	found := false
	for i, row := range body {
		pos := lines[i]
		if strings.HasPrefix(strings.TrimSpace(row[0]), "#") {
			continue // a comment, as in the template
		}
		fail := func(r Role, expected, got string) error {
			c, _ := m.col(r)
			return &Error{File: name, Line: pos, Field: header[c], Expected: expected, Got: excerpt.Of(got)}
		}
		if hasYear {
			v, _ := cell(row, RoleYear)
			y, ok := parseYear(strings.TrimSpace(v))
			if !ok {
				if strings.TrimSpace(v) == "" {
					continue // a total or a note under the table
				}
				return nil, fail(RoleYear, ExpectYear, v)
			}
			if y != year {
				continue
			}
			doc.Year = y
		}
		found = true
		if v, ok := cell(row, RoleKind); ok && strings.TrimSpace(v) != "" {
			var f natDecField
			if err := f.UnmarshalCSV(v); err != nil {
				return nil, fail(RoleKind, ExpectNatDec, v)
			}
			if seenKind && f.code != doc.NatDec {
				return nil, fail(RoleKind, ExpectSameValue, v)
			}
			seenKind, doc.NatDec, doc.Kind = true, f.code, budget.KindFromNatDec(f.code)
		}
		if v, ok := cell(row, RoleNomenclature); ok && strings.TrimSpace(v) != "" && !seenNomen {
			seenNomen, doc.Nomenclature = true, parseNomenclature(v)
		}
		line, amount, hasAmount, skip, err := mappedLine(m, row, pos, fail)
		if err != nil {
			return nil, err
		}
		// A row without any amount gives no figure (never a zero).
		if !skip && (hasAmount || line.Present != 0) {
			doc.Lines = append(doc.Lines, line)
			generic = append(generic, genericAmount{amount, hasAmount})
			if c, ok := m.col(RoleFunction); ok && line.Function != "" && opt.sheet.IsNumber(pos, c) {
				doc.NumberCodes = append(doc.NumberCodes, budget.NumberCode{Index: len(doc.Lines) - 1, Field: header[c]})
			}
		}
	}
	if hasYear && !found {
		return nil, &Error{File: name, Field: header[yearCol], Expected: ExpectFileYear, Got: strconv.Itoa(opt.Year)}
	}
	if doc.Kind == budget.KindUnknown {
		doc.Kind = budget.KindDraft
	}
	// The generic amount column is the executed amount of accounts, the
	// voted amount otherwise.
	field := budget.MtPrev
	switch doc.Kind {
	case budget.KindCA, budget.KindCFU, budget.KindBalance:
		field = budget.MtReal
	case budget.KindDM, budget.KindBS:
		field = budget.MtPropNouv
	}
	for i, g := range generic {
		if g.ok {
			doc.Lines[i].SetAmount(field, g.v)
		}
	}
	return doc, nil
}

// setKind sets a document's kind from a name (BP, CA…, PROJET).
func setKind(doc *budget.Document, kind string) error {
	if strings.EqualFold(kind, string(budget.KindDraft)) {
		doc.Kind = budget.KindDraft
		return nil
	}
	var f natDecField
	if err := f.UnmarshalCSV(kind); err != nil || f.code == "" {
		return err
	}
	doc.NatDec, doc.Kind = f.code, budget.KindFromNatDec(f.code)
	return nil
}

// mappedLine reads one row, and its generic amount (RoleAmount), whose
// field depends on the document's kind. skip is true for rows that are not
// budget lines (no account and no function: a total, a title, a note).
func mappedLine(m *Mapping, row []string, pos int, fail func(Role, string, string) error) (line budget.Line, amount budget.Amount, hasAmount, skip bool, err error) {
	get := func(r Role) string {
		c, ok := m.col(r)
		if !ok || c >= len(row) {
			return ""
		}
		return strings.Trim(row[c], " \t\u00A0\u202F")
	}
	line = budget.Line{Direction: budget.Expense, Operation: budget.Real, Pos: pos, Label: get(RoleLabel)}
	// Dots and spaces inside codes are typing slips or groupings
	// ("A27631.", "2.12"): removed, as for function codes everywhere.
	nature, _ := code(get(RoleNature))
	nature = budget.NormalizeFunction(nature)
	function, _ := code(get(RoleFunction))
	function = budget.NormalizeFunction(function)
	if nature == "" && function == "" {
		return line, 0, false, true, nil
	}
	if nature != "" && !allDigits(nature) {
		return line, 0, false, false, fail(RoleNature, ExpectNature, get(RoleNature))
	}
	if function != "" && !allDigits(function) {
		return line, 0, false, false, fail(RoleFunction, ExpectFunction, get(RoleFunction))
	}
	line.Nature, line.Function = nature, function
	if ch, _ := code(get(RoleChapter)); ch != "" {
		if m.VotedBy == "function" && len(ch) == 3 && ch[0] == '9' {
			line.ContFon = ch
		} else {
			line.ContNat = ch
		}
	}
	if v := get(RoleSection); v != "" {
		var f sectionField
		if err := f.UnmarshalCSV(v); err != nil {
			return line, 0, false, false, fail(RoleSection, ExpectSection, v)
		}
		line.Section = budget.Section(f)
	}
	if v := get(RoleDirection); v != "" {
		var f directionField
		if err := f.UnmarshalCSV(v); err != nil {
			return line, 0, false, false, fail(RoleDirection, ExpectDirection, v)
		}
		line.Direction = budget.Direction(f)
	}
	if v := get(RoleOperation); v != "" {
		op, ok := parseOperation(v)
		if !ok {
			return line, 0, false, false, fail(RoleOperation, ExpectOperation, v)
		}
		line.Operation = op
	}
	for _, a := range amountRoles {
		if v := get(a.role); v != "" {
			x, err := budget.ParseAmount(v)
			if err != nil {
				return line, 0, false, false, fail(a.role, ExpectAmount, v)
			}
			line.SetAmount(a.field, x)
		}
	}
	if v := get(RoleAmount); v != "" {
		if amount, err = budget.ParseAmount(v); err != nil {
			return line, 0, false, false, fail(RoleAmount, ExpectAmount, v)
		}
		hasAmount = true
	}
	return line, amount, hasAmount, false, nil
}
