package reader

import (
	"strconv"
	"strings"

	"github.com/jeu1000/jeu1000/internal/budget"
	"github.com/jeu1000/jeu1000/internal/excerpt"
)

// SCDL "budget" CSV (schema scdl/budget on schema.data.gouv.fr), as
// published by authorities and open-data portals. Real files differ from the
// schema prose: BGT_CONTNAT holds the chapter and BGT_NATURE the account;
// enum values are spelled out ("Compte administratif", "réel", "dépense") or
// coded ("09", "0", "D") in any case; the separator may be ',' or ';'.

// scdlRow is one record of an SCDL file, as gocsv decodes it. Columns are
// matched by their canonical (trimmed, upper-case) names; columns not listed
// here (BGT_OPERATION, BGT_ARTSPE, BGT_CONTNAT_LABEL…) are ignored.
type scdlRow struct {
	NatDec        natDecField    `csv:"BGT_NATDEC"`
	Year          yearField      `csv:"BGT_ANNEE"`
	SIRET         string         `csv:"BGT_SIRET"`
	Name          string         `csv:"BGT_NOM"`
	ContNat       string         `csv:"BGT_CONTNAT"`
	Nature        natureField    `csv:"BGT_NATURE"`
	NatureLabel   string         `csv:"BGT_NATURE_LABEL"`
	Function      functionField  `csv:"BGT_FONCTION"`
	FunctionLabel string         `csv:"BGT_FONCTION_LABEL"`
	Section       sectionField   `csv:"BGT_SECTION"`
	Operation     operationField `csv:"BGT_OPBUDG"`
	Direction     directionField `csv:"BGT_CODRD"`
	MtReal        amountField    `csv:"BGT_MTREAL"`
	MtBudgPrec    amountField    `csv:"BGT_MTBUDGPREC"`
	MtRARPrec     amountField    `csv:"BGT_MTRARPREC"`
	MtPropNouv    amountField    `csv:"BGT_MTPROPNOUV"`
	MtPrev        amountField    `csv:"BGT_MTPREV"`
	CredOuv       amountField    `csv:"BGT_CREDOUV"`
	MtRAR3112     amountField    `csv:"BGT_MTRAR3112"`
}

// canonSCDL maps an SCDL column header to its canonical name: trimmed and
// upper-case ("bgt_natdec " → "BGT_NATDEC").
func canonSCDL(h string) string {
	return strings.ToUpper(strings.TrimSpace(h))
}

// readSCDL reads an SCDL "budget" CSV file. Rows without a BGT_NATURE are
// not budget lines and are skipped.
func readSCDL(name string, data []byte) (*budget.Document, error) {
	t, err := readTable(name, data, canonSCDL, false)
	if err != nil {
		return nil, err
	}
	for _, c := range []string{"BGT_NATURE", "BGT_CODRD", "BGT_OPBUDG"} {
		if !t.has(c) {
			return nil, &Error{File: name, Line: t.headerLine, Field: c, Expected: ExpectColumn}
		}
	}
	anyAmount := false
	for _, c := range [...]string{"BGT_MTREAL", "BGT_MTBUDGPREC", "BGT_MTRARPREC", "BGT_MTPROPNOUV", "BGT_MTPREV", "BGT_CREDOUV", "BGT_MTRAR3112"} {
		anyAmount = anyAmount || t.has(c)
	}
	if !anyAmount {
		return nil, &Error{File: name, Line: t.headerLine, Field: "BGT_MTREAL", Expected: ExpectColumn}
	}
	var rows []scdlRow
	if err := t.unmarshal(&rows); err != nil {
		return nil, err
	}
	doc := &budget.Document{Source: name, Format: budget.FormatSCDL, Lines: make([]budget.Line, 0, len(rows))}
	var seenNatDec, seenYear, seenSIRET bool
	for i := range rows {
		row, pos := &rows[i], t.lines[i]
		fail := func(column, expected, got string) error {
			return &Error{File: name, Line: pos, Field: t.headerOf(column), Expected: expected, Got: excerpt.Of(got)}
		}
		// Document-level values: the same on every row that gives them.
		if row.NatDec.code != "" {
			if seenNatDec && row.NatDec.code != doc.NatDec {
				return nil, fail("BGT_NATDEC", ExpectSameValue, row.NatDec.raw)
			}
			seenNatDec, doc.NatDec, doc.Kind = true, row.NatDec.code, budget.KindFromNatDec(row.NatDec.code)
		}
		if row.Year.ok {
			if seenYear && row.Year.v != doc.Year {
				return nil, fail("BGT_ANNEE", ExpectSameValue, strconv.Itoa(row.Year.v))
			}
			seenYear, doc.Year = true, row.Year.v
		}
		if siret := strings.Join(strings.Fields(row.SIRET), ""); siret != "" {
			if seenSIRET && siret != doc.Authority.SIRET {
				return nil, fail("BGT_SIRET", ExpectSameValue, row.SIRET)
			}
			seenSIRET, doc.Authority.SIRET = true, siret
		}
		if n := strings.TrimSpace(row.Name); n != "" && doc.Authority.Name == "" {
			doc.Authority.Name = n
		}

		if row.Nature == "" {
			continue
		}
		if row.Direction == 0 {
			return nil, fail("BGT_CODRD", ExpectDirection, "")
		}
		if row.Operation == 0 {
			return nil, fail("BGT_OPBUDG", ExpectOperation, "")
		}
		line := budget.Line{
			Nature:        string(row.Nature),
			Function:      string(row.Function),
			ContNat:       strings.TrimSpace(row.ContNat),
			Direction:     budget.Direction(row.Direction),
			Operation:     budget.Operation(row.Operation),
			Section:       budget.Section(row.Section),
			Label:         strings.TrimSpace(row.NatureLabel),
			FunctionLabel: strings.TrimSpace(row.FunctionLabel),
			Pos:           pos,
		}
		for _, a := range [...]struct {
			v amountField
			f budget.Field
		}{
			{row.MtReal, budget.MtReal}, {row.MtBudgPrec, budget.MtBudgPrec}, {row.MtRARPrec, budget.MtRARPrec},
			{row.MtPropNouv, budget.MtPropNouv}, {row.MtPrev, budget.MtPrev}, {row.CredOuv, budget.CredOuv},
			{row.MtRAR3112, budget.MtRAR3112},
		} {
			if a.v.ok {
				line.SetAmount(a.f, a.v.v)
			}
		}
		doc.Lines = append(doc.Lines, line)
	}
	if s := doc.Authority.SIRET; len(s) >= 9 && allDigits(s[:9]) {
		doc.Authority.SIREN = s[:9]
	}
	return doc, nil
}

// The field types below implement gocsv.TypeUnmarshaller. They are shared by
// the SCDL and template readers; each accepts the spellings seen in real
// files and reports a *valueError for anything else. An empty cell leaves
// the zero value ("absent"): callers decide whether that is an error.

// amountField is an optional amount: "1234.56", "1234,56", "1 234,56".
type amountField struct {
	v  budget.Amount
	ok bool // false when the cell is empty
}

func (a *amountField) UnmarshalCSV(s string) error {
	s = strings.TrimSpace(s)
	if s == "" {
		*a = amountField{}
		return nil
	}
	v, err := budget.ParseAmount(s)
	if err != nil {
		return &valueError{expected: ExpectAmount, got: s, err: err}
	}
	*a = amountField{v: v, ok: true}
	return nil
}

// natureField is an account number (digits only; spaces around are
// trimmed).
type natureField string

func (n *natureField) UnmarshalCSV(s string) error {
	s = strings.TrimSpace(s)
	if s != "" && !allDigits(s) {
		return &valueError{expected: ExpectNature, got: s}
	}
	*n = natureField(s)
	return nil
}

// functionField is a function code, normalised (spaces, dots and dashes
// removed): "2-12" and "21.2" read as "212".
type functionField string

func (f *functionField) UnmarshalCSV(s string) error {
	code := budget.NormalizeFunction(textCode(s))
	if code != "" && !allDigits(code) {
		return &valueError{expected: ExpectFunction, got: s}
	}
	*f = functionField(code)
	return nil
}

// sectionField is fonctionnement (F) or investissement (I).
type sectionField budget.Section

func (f *sectionField) UnmarshalCSV(s string) error {
	switch fold(s) {
	case "":
		*f = sectionField(budget.SectionUnknown)
	case "f", "fonctionnement", "fct":
		*f = sectionField(budget.Fonctionnement)
	case "i", "investissement", "inv":
		*f = sectionField(budget.Investissement)
	default:
		return &valueError{expected: ExpectSection, got: s}
	}
	return nil
}

// directionField is dépense (D) or recette (R).
type directionField budget.Direction

func (f *directionField) UnmarshalCSV(s string) error {
	switch fold(s) {
	case "":
		*f = 0
	case "d", "depense", "depenses":
		*f = directionField(budget.Expense)
	case "r", "recette", "recettes":
		*f = directionField(budget.Revenue)
	default:
		return &valueError{expected: ExpectDirection, got: s}
	}
	return nil
}

// operationField is réel (0) or ordre (1).
type operationField budget.Operation

func (f *operationField) UnmarshalCSV(s string) error {
	switch fold(s) {
	case "":
		*f = 0
	case "reel", "reelle", "reels", "reelles", "0":
		*f = operationField(budget.Real)
	case "ordre", "ordres", "1":
		*f = operationField(budget.Ordre)
	default:
		return &valueError{expected: ExpectOperation, got: s}
	}
	return nil
}

// natDecField is the document type: spelled out ("Compte administratif",
// "budget primitif", "Décision modificative n°2"…), abbreviated (BP, DM,
// BS, CA, CFU) or the TOTEM NatDec code (01, 02, 03, 09, 10).
type natDecField struct {
	code string // TOTEM NatDec code, "" when the cell is empty
	raw  string
}

func (f *natDecField) UnmarshalCSV(s string) error {
	v := fold(s)
	code := ""
	switch v {
	case "":
	case "01", "1", "bp":
		code = "01"
	case "02", "2", "dm":
		code = "02"
	case "03", "3", "bs":
		code = "03"
	case "09", "9", "ca":
		code = "09"
	case "10", "cfu":
		code = "10"
	default:
		for _, p := range [...]struct{ prefix, code string }{
			{"budget primitif", "01"},
			{"decision modificative", "02"},
			{"budget supplementaire", "03"},
			{"compte administratif", "09"},
			{"compte financier unique", "10"},
		} {
			if strings.HasPrefix(v, p.prefix) {
				code = p.code
				break
			}
		}
		if code == "" {
			return &valueError{expected: ExpectNatDec, got: s}
		}
	}
	*f = natDecField{code: code, raw: strings.TrimSpace(s)}
	return nil
}

// yearField is an optional year such as 2023.
type yearField struct {
	v  int
	ok bool
}

func (f *yearField) UnmarshalCSV(s string) error {
	s = strings.TrimSpace(s)
	if s == "" {
		*f = yearField{}
		return nil
	}
	y, ok := parseYear(s)
	if !ok {
		return &valueError{expected: ExpectYear, got: s}
	}
	*f = yearField{v: y, ok: true}
	return nil
}

// parseYear reads a four-digit year between 1900 and 2199.
func parseYear(s string) (int, bool) {
	if len(s) != 4 || !allDigits(s) {
		return 0, false
	}
	y, _ := strconv.Atoi(s)
	return y, y >= 1900 && y < 2200
}
