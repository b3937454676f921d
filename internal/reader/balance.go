package reader

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"

	"github.com/jeu1000/jeu1000/internal/budget"
	"github.com/jeu1000/jeu1000/internal/excerpt"
	"github.com/shopspring/decimal"
)

// DGFiP "balances comptables des collectivités et des établissements publics
// locaux avec la présentation croisée nature-fonction": one row per budget ×
// account × function. The national file (one per year, ~5 million rows) is
// ';'-separated, ISO-8859-1, with decimal commas and upper-case column names
// (EXER;IDENT;NDEPT;LBUDG;…;FONCTION;COMPTE;BEDEB;…;OBNETDEB;…;OOBDEB;…);
// older years have fewer columns, may prefix INSEE with a backtick and put
// '-' or '.' inside FONCTION. The data.economie.gouv.fr API returns the same
// rows as JSON records with lower-case keys and numbers.
//
// Only spending matters here: the real spending of a row is
// OBNETDEB − OOBDEB (net debit movements minus ordre debit movements).

// BalanceRow is one row of a nature-fonction balance, as ScanBalanceCSV
// hands it over. Codes are trimmed and stripped of the backtick or quote
// older files put in front of them; text is UTF-8. Only the columns the
// project uses are kept: the other amount columns (BEDEB, BECRE, OBNETCRE,
// ONBDEB, ONBCRE, OOBCRE, SD, SC) are not read.
type BalanceRow struct {
	Line     int    // 1-based line of the row in the file (JSON: where the record starts)
	Exer     string // EXER, the year
	Ident    string // IDENT, SIRET of the budget
	NDept    string // NDEPT, département as 3 characters ("033", "02A", "101" for 971)
	Insee    string // INSEE, commune part of the INSEE code ("063")
	LBudg    string // LBUDG, name of the budget
	CBudg    string // CBUDG: 1 principal, 2 rattaché, 3 annexe
	CType    string // CTYPE
	CSTyp    string // CSTYP
	Nomen    string // NOMEN: M14, M57, M57A…
	Siren    string // siren (absent in older files: see SIREN)
	Categ    string // CATEG: Commune, PARIS, GFP, DEPT, REG, CTU, EPT, ML, SYND, EPL
	Bal      string // BAL
	Fonction string // FONCTION, normalised (no spaces, dots or dashes); "" when none
	Compte   string // COMPTE, the account (nature)

	ObNetDeb budget.Amount // OBNETDEB, net debit movements (0 when empty)
	OObDeb   budget.Amount // OOBDEB, ordre debit movements (0 when empty)
}

// Spending returns the real spending of the row: OBNETDEB − OOBDEB.
func (r *BalanceRow) Spending() budget.Amount { return r.ObNetDeb - r.OObDeb }

// SIREN returns the siren column, or the first nine digits of IDENT when
// the file has no siren column.
func (r *BalanceRow) SIREN() string {
	if r.Siren != "" {
		return r.Siren
	}
	if len(r.Ident) >= 9 && allDigits(r.Ident[:9]) {
		return r.Ident[:9]
	}
	return ""
}

// INSEECode returns the full INSEE code of the authority: NDEPT without its
// leading 0 followed by INSEE ("033" + "063" → "33063"); overseas NDEPT
// 101–106 stand for 971–976 ("101" + "105" → "97105"). For a département
// (CATEG DEPT) it is the département code. It returns "" when the row does
// not say.
func (r *BalanceRow) INSEECode() string {
	dept := r.NDept
	overseas := len(dept) == 3 && strings.HasPrefix(dept, "10") && dept[2] >= '1' && dept[2] <= '6'
	if overseas {
		dept = "97" + dept[2:]
	} else if len(dept) == 3 && dept[0] == '0' {
		dept = dept[1:]
	}
	if dept == "" {
		return ""
	}
	if strings.EqualFold(r.Categ, "DEPT") {
		return dept
	}
	commune := r.Insee
	switch {
	case commune == "" || strings.Trim(commune, "0") == "":
		return ""
	case overseas && len(commune) == 3:
		// Overseas: INSEE holds the last three digits of 97xxx (Cayenne:
		// NDEPT 102, INSEE 302 → 97302); the NDEPT numbering of the overseas
		// départements is not the INSEE one, so only "97" is taken from it.
		return "97" + commune
	}
	return dept + commune
}

// balanceColumns holds the index of every column the balance readers use;
// -1 when the file lacks it.
type balanceColumns struct {
	exer, ident, ndept, insee, lbudg, cbudg, ctype, cstyp, nomen, siren, categ, bal, fonction, compte, obnetdeb, oobdeb int
	names                                                                                                               []string
}

func newBalanceColumns(name string, header []string) (*balanceColumns, error) {
	c := &balanceColumns{names: make([]string, len(header))}
	idx := map[string]*int{
		"EXER": &c.exer, "IDENT": &c.ident, "NDEPT": &c.ndept, "INSEE": &c.insee, "LBUDG": &c.lbudg,
		"CBUDG": &c.cbudg, "CTYPE": &c.ctype, "CSTYP": &c.cstyp, "NOMEN": &c.nomen, "SIREN": &c.siren,
		"CATEG": &c.categ, "BAL": &c.bal, "FONCTION": &c.fonction, "COMPTE": &c.compte,
		"OBNETDEB": &c.obnetdeb, "OOBDEB": &c.oobdeb,
	}
	for _, p := range idx {
		*p = -1
	}
	for i, h := range header {
		h = strings.ToUpper(strings.TrimSpace(strings.TrimPrefix(h, "\uFEFF")))
		c.names[i] = h
		if p, ok := idx[h]; ok {
			if *p >= 0 {
				return nil, &Error{File: name, Line: 1, Field: h, Expected: ExpectUniqueColumn, Got: h}
			}
			*p = i
		}
	}
	for _, req := range [...]struct {
		name string
		i    int
	}{{"EXER", c.exer}, {"IDENT", c.ident}, {"COMPTE", c.compte}, {"OBNETDEB", c.obnetdeb}, {"OOBDEB", c.oobdeb}} {
		if req.i < 0 {
			return nil, &Error{File: name, Line: 1, Field: req.name, Expected: ExpectColumn}
		}
	}
	return c, nil
}

// ScanBalanceCSV reads a balance in the national CSV layout from r and calls
// fn for every row, in file order, without holding the file in memory. The
// separator is sniffed from the header (';' in the national files), columns
// are matched by name whatever their case and order, text may be ISO-8859-1
// or UTF-8 (field by field), amounts use a decimal comma or point.
//
// The *BalanceRow passed to fn is reused for the next row: copy it to keep
// it. An error returned by fn stops the scan and is returned as is. Problems
// of the file are returned as *Error naming the file (name), line and
// column.
func ScanBalanceCSV(name string, r io.Reader, fn func(row *BalanceRow) error) error {
	br := bufio.NewReaderSize(r, 64<<10)
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte("\xEF\xBB\xBF")) {
		_, _ = br.Discard(3)
	}
	first, _ := br.Peek(br.Size())
	if i := bytes.IndexByte(first, '\n'); i >= 0 {
		first = first[:i]
	}
	cr := csv.NewReader(br)
	cr.Comma = SniffComma(first)
	cr.LazyQuotes = true
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err == io.EOF {
		return &Error{File: name, Line: 1, Expected: ExpectColumn}
	}
	if err != nil {
		return csvError(name, err)
	}
	cols, err := newBalanceColumns(name, header)
	if err != nil {
		return err
	}
	var row BalanceRow
	// Rows of one budget follow each other: convert its name once.
	var lastName, lastNameUTF8, lastCateg, lastCategUTF8 string
	utf8Name := func(raw string, last, conv *string) string {
		raw = strings.TrimSpace(raw)
		if raw != *last {
			*last, *conv = raw, toUTF8(raw)
		}
		return *conv
	}
	get := func(rec []string, i int) string {
		if i < 0 || i >= len(rec) {
			return ""
		}
		return rec[i]
	}
	field := func(i int) string {
		if i < 0 {
			return ""
		}
		return cols.names[i]
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return csvError(name, err)
		}
		if blankRecord(rec) {
			continue
		}
		line, _ := cr.FieldPos(0)
		row = BalanceRow{
			Line:  line,
			Exer:  cleanCode(get(rec, cols.exer)),
			Ident: cleanCode(get(rec, cols.ident)),
			NDept: cleanCode(get(rec, cols.ndept)),
			Insee: cleanCode(get(rec, cols.insee)),
			LBudg: utf8Name(get(rec, cols.lbudg), &lastName, &lastNameUTF8),
			CBudg: cleanCode(get(rec, cols.cbudg)),
			CType: cleanCode(get(rec, cols.ctype)),
			CSTyp: cleanCode(get(rec, cols.cstyp)),
			Nomen: cleanCode(get(rec, cols.nomen)),
			Siren: cleanCode(get(rec, cols.siren)),
			Categ: utf8Name(get(rec, cols.categ), &lastCateg, &lastCategUTF8),
			Bal:   cleanCode(get(rec, cols.bal)),
		}
		if err := setBalanceCodes(&row, get(rec, cols.compte), get(rec, cols.fonction)); err != nil {
			return balanceError(name, line, err, field(cols.compte), field(cols.fonction))
		}
		if row.ObNetDeb, err = csvAmount(get(rec, cols.obnetdeb)); err != nil {
			return balanceError(name, line, err, field(cols.obnetdeb), "")
		}
		if row.OObDeb, err = csvAmount(get(rec, cols.oobdeb)); err != nil {
			return balanceError(name, line, err, field(cols.oobdeb), "")
		}
		if err := fn(&row); err != nil {
			return err
		}
	}
}

// cleanCode trims a code and removes the backtick or quote older files (and
// spreadsheets) put in front of codes to keep their leading zeros.
func cleanCode(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimLeft(s, "`'")
	return strings.TrimSpace(s)
}

// textCode reads a code written as text for a spreadsheet, so that it keeps
// its leading zeros: '020 and `020 (a quote in front), ="020" (a formula
// giving text), trimmed.
func textCode(s string) string {
	s = cleanCode(s)
	if len(s) >= 3 && strings.HasPrefix(s, `="`) && strings.HasSuffix(s, `"`) {
		s = strings.TrimSpace(s[2 : len(s)-1])
	}
	return s
}

// csvAmount reads a balance amount; an empty cell is 0.
func csvAmount(s string) (budget.Amount, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	a, err := budget.ParseAmount(s)
	if err != nil {
		return 0, &valueError{expected: ExpectAmount, got: s, err: err}
	}
	return a, nil
}

// setBalanceCodes checks and stores the account and function of a row.
// The error is a *valueError whose expected value tells which of the two
// failed.
func setBalanceCodes(row *BalanceRow, compte, fonction string) error {
	row.Compte = cleanCode(compte)
	if !allDigits(row.Compte) {
		return &valueError{expected: ExpectNature, got: compte}
	}
	row.Fonction = budget.NormalizeFunction(cleanCode(fonction))
	if row.Fonction != "" && !allDigits(row.Fonction) {
		return &valueError{expected: ExpectFunction, got: fonction}
	}
	return nil
}

// balanceError turns a *valueError of a balance row into an *Error. When
// the value is a function code, the field is fonctionField, else field.
func balanceError(name string, line int, err error, field, fonctionField string) error {
	var ve *valueError
	if !errors.As(err, &ve) {
		return &Error{File: name, Line: line, Field: field, Err: err}
	}
	if ve.expected == ExpectFunction && fonctionField != "" {
		field = fonctionField
	}
	return &Error{File: name, Line: line, Field: field, Expected: ve.expected, Got: excerpt.Of(ve.got), Err: ve.err}
}

// readBalanceCSV reads one authority's budget from a balance in the
// national CSV layout.
func readBalanceCSV(name string, data []byte, opt Options) (*budget.Document, error) {
	scan := func(fn func(*BalanceRow) error) error {
		return ScanBalanceCSV(name, bytes.NewReader(data), fn)
	}
	return readBalance(name, budget.FormatBalanceCSV, scan, opt)
}

// readBalanceJSON reads one authority's budget from balance records as the
// data.economie.gouv.fr API returns them: an object with a "records" array
// (other keys are ignored) or a bare array of records.
func readBalanceJSON(name string, data []byte, opt Options) (*budget.Document, error) {
	scan := func(fn func(*BalanceRow) error) error {
		return scanBalanceJSON(name, data, fn)
	}
	return readBalance(name, budget.FormatBalanceJSON, scan, opt)
}

// scanBalanceJSON calls fn for every record of a balance in JSON, decoding
// one record at a time. Numbers are kept as their literal text (jsonText:
// what json.Decoder.UseNumber gives, without decoding into maps) and parsed
// exactly by budget.ParseAmount, never through float64. Keys are matched
// whatever their case; values may be strings, numbers or null.
func scanBalanceJSON(name string, data []byte, fn func(*BalanceRow) error) error {
	lines := newLineCounter(data)
	dec := json.NewDecoder(bytes.NewReader(data))
	syntax := func(err error) error {
		line := lines.at(len(data))
		var se *json.SyntaxError
		if errors.As(err, &se) {
			line = lines.at(int(se.Offset))
		}
		return &Error{File: name, Line: line, Expected: ExpectJSON, Err: err}
	}
	tok, err := dec.Token()
	if err != nil {
		return syntax(err)
	}
	switch tok {
	case json.Delim('['):
	case json.Delim('{'):
		found := false
		for dec.More() {
			key, err := dec.Token()
			if err != nil {
				return syntax(err)
			}
			if k, _ := key.(string); strings.EqualFold(k, "records") {
				tok, err := dec.Token()
				if err != nil {
					return syntax(err)
				}
				if tok != json.Delim('[') {
					return &Error{File: name, Line: lines.at(int(dec.InputOffset())), Field: "records", Expected: ExpectJSON}
				}
				found = true
				break
			}
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return syntax(err)
			}
		}
		if !found {
			return &Error{File: name, Line: 1, Field: "records", Expected: ExpectJSON}
		}
	default:
		return &Error{File: name, Line: 1, Expected: ExpectJSON}
	}
	var row BalanceRow
	for dec.More() {
		start := int(dec.InputOffset())
		for start < len(data) && strings.IndexByte(" \t\r\n,", data[start]) >= 0 {
			start++
		}
		line := lines.at(start)
		var rec balanceRecord
		if err := dec.Decode(&rec); err != nil {
			var te *json.UnmarshalTypeError
			if errors.As(err, &te) {
				if te.Type == reflect.TypeFor[jsonText]() {
					return &Error{File: name, Line: line, Field: te.Field, Expected: ExpectValue, Got: te.Value}
				}
				return &Error{File: name, Line: line, Expected: ExpectJSON, Err: err}
			}
			return syntax(err)
		}
		if err := rec.toRow(&row, line); err != nil {
			e := err.(*Error)
			e.File = name
			return e
		}
		if err := fn(&row); err != nil {
			return err
		}
	}
	if _, err := dec.Token(); err != nil {
		return syntax(err)
	}
	return nil
}

// balanceRecord is one JSON record of a balance. encoding/json matches its
// keys whatever their case; keys not listed here are skipped.
type balanceRecord struct {
	Exer     jsonText       `json:"exer"`
	Ident    jsonText       `json:"ident"`
	NDept    jsonText       `json:"ndept"`
	Insee    jsonText       `json:"insee"`
	LBudg    jsonText       `json:"lbudg"`
	CBudg    jsonText       `json:"cbudg"`
	CType    jsonText       `json:"ctype"`
	CSTyp    jsonText       `json:"cstyp"`
	Nomen    jsonText       `json:"nomen"`
	Siren    jsonText       `json:"siren"`
	Categ    jsonText       `json:"categ"`
	Bal      jsonText       `json:"bal"`
	Fonction jsonText       `json:"fonction"`
	Compte   jsonText       `json:"compte"`
	ObNetDeb jsonAmountText `json:"obnetdeb"`
	OObDeb   jsonAmountText `json:"oobdeb"`
}

// jsonText is a JSON string, number or null, kept as text: numbers keep
// their exact decimal digits (never a float64).
type jsonText string

func (t *jsonText) UnmarshalJSON(b []byte) error {
	switch {
	case len(b) == 0:
		return nil
	case b[0] == '"':
		if bytes.IndexByte(b, '\\') < 0 {
			*t = jsonText(b[1 : len(b)-1])
			return nil
		}
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*t = jsonText(s)
	case b[0] == 'n': // null
		*t = ""
	case b[0] == '-' || '0' <= b[0] && b[0] <= '9':
		*t = jsonText(b)
	default:
		kind := "object"
		switch b[0] {
		case '[':
			kind = "array"
		case 't', 'f':
			kind = "bool"
		}
		return &json.UnmarshalTypeError{Value: kind, Type: reflect.TypeFor[jsonText]()}
	}
	return nil
}

// jsonAmountText is an amount given as a JSON number or string. Only a
// number may have an exponent (an API's float, "1.5e3"); a string is read as
// the text formats read their cells, which refuse "1e5".
type jsonAmountText struct {
	text   jsonText
	number bool
}

func (t *jsonAmountText) UnmarshalJSON(b []byte) error {
	t.number = len(b) > 0 && (b[0] == '-' || '0' <= b[0] && b[0] <= '9')
	return t.text.UnmarshalJSON(b)
}

// toRow fills row from the record.
func (rec *balanceRecord) toRow(row *BalanceRow, line int) error {
	*row = BalanceRow{
		Line:  line,
		Exer:  cleanCode(string(rec.Exer)),
		Ident: cleanCode(string(rec.Ident)),
		NDept: cleanCode(string(rec.NDept)),
		Insee: cleanCode(string(rec.Insee)),
		LBudg: strings.TrimSpace(string(rec.LBudg)),
		CBudg: cleanCode(string(rec.CBudg)),
		CType: cleanCode(string(rec.CType)),
		CSTyp: cleanCode(string(rec.CSTyp)),
		Nomen: cleanCode(string(rec.Nomen)),
		Siren: cleanCode(string(rec.Siren)),
		Categ: strings.TrimSpace(string(rec.Categ)),
		Bal:   cleanCode(string(rec.Bal)),
	}
	if err := setBalanceCodes(row, string(rec.Compte), string(rec.Fonction)); err != nil {
		return balanceError("", line, err, "compte", "fonction")
	}
	var err error
	if row.ObNetDeb, err = jsonAmount(rec.ObNetDeb); err != nil {
		return balanceError("", line, err, "obnetdeb", "")
	}
	if row.OObDeb, err = jsonAmount(rec.OObDeb); err != nil {
		return balanceError("", line, err, "oobdeb", "")
	}
	return nil
}

// jsonAmount reads an amount from a JSON number's text or a string: "0",
// "4484122.24", "-470.1". A number may be written with an exponent ("1.5e3"):
// it is computed exactly with decimal and rounded half away from zero to the
// cent. A string is read by csvAmount, without exponents. An empty value
// is 0.
func jsonAmount(t jsonAmountText) (budget.Amount, error) {
	s := strings.TrimSpace(string(t.text))
	if !t.number || !strings.ContainsAny(s, "eE") {
		return csvAmount(s)
	}
	bad := &valueError{expected: ExpectAmount, got: s}
	// Refuse absurd exponents before decimal builds huge numbers.
	exp := s[strings.IndexAny(s, "eE")+1:]
	if n, err := strconv.Atoi(exp); err != nil || n > 15 || n < -30 {
		return 0, bad
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		bad.err = err
		return 0, bad
	}
	c := d.Shift(2).Round(0)
	if c.Abs().GreaterThan(decimal.New(int64(budget.MaxAmount), 0)) {
		bad.err = budget.ErrTooLarge
		return 0, bad
	}
	return budget.Amount(c.IntPart()), nil
}

// lineCounter maps byte offsets of a file to 1-based line numbers, for
// offsets asked in increasing order (it restarts when asked backwards).
type lineCounter struct {
	data []byte
	off  int
	line int
}

func newLineCounter(data []byte) *lineCounter { return &lineCounter{data: data, line: 1} }

func (c *lineCounter) at(off int) int {
	off = min(max(off, 0), len(c.data))
	if off < c.off {
		c.off, c.line = 0, 1
	}
	c.line += countNewlines(c.data[c.off:off])
	c.off = off
	return c.line
}

// readBalance groups the rows of one authority's budget into a Document.
// scan is called twice: once to list the budgets in the file and choose one
// (opt.Ident; the budget principal when the authority has several budgets),
// once to collect its lines. Rows without spending (OBNETDEB − OOBDEB = 0)
// are dropped.
func readBalance(name string, format budget.Format, scan func(func(*BalanceRow) error) error, opt Options) (*budget.Document, error) {
	want := strings.Join(strings.Fields(opt.Ident), "")
	type candidate struct {
		first     BalanceRow
		principal bool
	}
	var (
		order []string
		cands = map[string]*candidate{}
		rows  int
	)
	err := scan(func(r *BalanceRow) error {
		rows++
		if want != "" && r.Ident != want && r.SIREN() != want && (len(want) > 5 || !strings.EqualFold(r.INSEECode(), want)) {
			return nil
		}
		c, ok := cands[r.Ident]
		if !ok {
			c = &candidate{first: *r}
			cands[r.Ident] = c
			order = append(order, r.Ident)
		}
		c.principal = c.principal || isPrincipal(r.CBudg)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if rows == 0 {
		return nil, &Error{File: name, Expected: ExpectLine}
	}
	if len(order) == 0 {
		return nil, &Error{File: name, Field: "IDENT", Expected: ExpectKnownIdent, Got: excerpt.Of(opt.Ident)}
	}
	chosen := order
	if principals := filterIdents(order, func(id string) bool { return cands[id].principal }); len(principals) > 0 {
		chosen = principals
	}
	if len(chosen) > 1 {
		const shown = 5
		var b strings.Builder
		for i, id := range chosen[:min(len(chosen), shown)] {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%s (%s)", id, cands[id].first.LBudg)
		}
		if len(chosen) > shown {
			fmt.Fprintf(&b, "… %d in all", len(chosen))
		}
		return nil, &Error{File: name, Field: "IDENT", Expected: ExpectIdent, Got: b.String()}
	}
	ident := chosen[0]
	first := cands[ident].first
	year, ok := parseYear(first.Exer)
	if !ok {
		return nil, &Error{File: name, Line: first.Line, Field: "EXER", Expected: ExpectYear, Got: excerpt.Of(first.Exer)}
	}
	doc := &budget.Document{
		Source: name,
		Format: format,
		Authority: budget.Authority{
			Name:  first.LBudg,
			SIRET: first.Ident,
			SIREN: first.SIREN(),
			INSEE: first.INSEECode(),
			Type:  first.Categ,
		},
		Budget:       BudgetLabel(first.CBudg),
		Nomenclature: parseNomenclature(first.Nomen),
		Year:         year,
		Kind:         budget.KindBalance,
	}
	err = scan(func(r *BalanceRow) error {
		if r.Ident != ident {
			return nil
		}
		if r.Exer != first.Exer {
			return &Error{File: name, Line: r.Line, Field: "EXER", Expected: ExpectSameValue, Got: excerpt.Of(r.Exer)}
		}
		spending := r.Spending()
		if spending == 0 {
			return nil
		}
		l := budget.Line{
			Nature:    r.Compte,
			Function:  r.Fonction,
			Direction: budget.Expense,
			Operation: budget.Real,
			Pos:       r.Line,
		}
		l.SetAmount(budget.MtReal, spending)
		doc.Lines = append(doc.Lines, l)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return doc, nil
}

func filterIdents(ids []string, keep func(string) bool) []string {
	var out []string
	for _, id := range ids {
		if keep(id) {
			out = append(out, id)
		}
	}
	return out
}

// isPrincipal reports whether CBUDG says budget principal (1).
func isPrincipal(cbudg string) bool { return strings.TrimLeft(cbudg, "0") == "1" }

// BudgetLabel names the budget from CBUDG.
func BudgetLabel(cbudg string) string {
	switch strings.TrimLeft(cbudg, "0") {
	case "1":
		return "budget principal"
	case "2":
		return "budget rattaché"
	case "3":
		return "budget annexe"
	}
	return ""
}
