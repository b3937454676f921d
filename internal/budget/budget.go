// Package budget defines the documents every reader produces and every
// computation consumes: an authority's budget document made of budget lines
// (nature × function × direction × operation type, with their amounts).
//
// Amounts are exact: they are stored as int64 cents (see Amount), never as
// floats. Parsing them from the various textual forms found in real files is
// done by ParseAmount.
package budget

import "strings"

// Format names the file format a document was read from.
type Format string

// The formats the readers understand.
const (
	FormatTOTEM       Format = "totem"        // TOTEM DocumentBudgetaire XML
	FormatCFU         Format = "cfu"          // Compte Financier Unique XML
	FormatSCDL        Format = "scdl"         // SCDL "budget" CSV
	FormatBalanceCSV  Format = "balance-csv"  // DGFiP nature-fonction balance, national CSV layout
	FormatBalanceJSON Format = "balance-json" // DGFiP nature-fonction balance, API JSON records
	FormatTemplate    Format = "template"     // the project's simple template CSV
	FormatTable       Format = "table"        // any table read through a column mapping (CSV, XLSX, ODS)
)

// Kind is the kind of budget document (BP, DM, BS, CA, CFU).
type Kind string

// Document kinds, from the TOTEM NatDec code.
const (
	KindUnknown Kind = ""
	KindBP      Kind = "BP"  // budget primitif (NatDec 01)
	KindDM      Kind = "DM"  // décision modificative (NatDec 02)
	KindBS      Kind = "BS"  // budget supplémentaire (NatDec 03)
	KindCA      Kind = "CA"  // compte administratif (NatDec 09)
	KindCFU     Kind = "CFU" // compte financier unique (NatDec 10)
	KindBalance Kind = "BAL" // DGFiP balance (executed accounts)
	KindDraft   Kind = "PROJET"
)

// KindFromNatDec maps a TOTEM NatDec code to a Kind.
func KindFromNatDec(natDec string) Kind {
	switch natDec {
	case "01":
		return KindBP
	case "02":
		return KindDM
	case "03":
		return KindBS
	case "09":
		return KindCA
	case "10":
		return KindCFU
	}
	return KindUnknown
}

// Direction says whether a line is spending (D) or revenue (R).
type Direction byte

// Directions, spelled as in TOTEM's CodRD.
const (
	Expense Direction = 'D'
	Revenue Direction = 'R'
)

// Operation says whether a line is a real operation or an ordre (accounting
// transfer) operation.
type Operation byte

// Operation types, from TOTEM's OpBudg (0 real, 1 ordre).
const (
	Real  Operation = '0'
	Ordre Operation = '1'
)

// Section is fonctionnement (F) or investissement (I).
type Section byte

// Sections. SectionUnknown means the file does not say; the plan de comptes
// then decides.
const (
	SectionUnknown Section = 0
	Fonctionnement Section = 'F'
	Investissement Section = 'I'
)

// String returns "F", "I" or "".
func (s Section) String() string {
	if s == SectionUnknown {
		return ""
	}
	return string(rune(s))
}

// Field names one of the amount columns of a budget line.
type Field uint8

// Amount fields, named as in TOTEM.
const (
	MtReal     Field = iota // executed (CA, CFU, balances)
	MtPrev                  // voted
	MtPropNouv              // new proposals (DM, BS)
	MtRARPrec               // restes à réaliser of the previous year
	MtBudgPrec              // previous budget
	CredOuv                 // credits opened
	MtRAR3112               // restes à réaliser at 31/12
	NumFields
)

var fieldNames = [NumFields]string{"MtReal", "MtPrev", "MtPropNouv", "MtRARPrec", "MtBudgPrec", "CredOuv", "MtRAR3112"}

// String returns the TOTEM name of the field.
func (f Field) String() string {
	if f < NumFields {
		return fieldNames[f]
	}
	return "?"
}

// Line is one budget line (LigneBudget, SCDL row, balance row, template row).
type Line struct {
	Nature   string // account number, e.g. "6042" (empty if the file gives none, e.g. template)
	Function string // function code as written in the file, normalised (no spaces, dots or dashes); "" if none
	ContNat  string // chapter by nature (TOTEM ContNat, SCDL BGT_CONTNAT), may be empty
	ContFon  string // chapter by function (TOTEM ContFon), may be empty

	Direction Direction
	Operation Operation
	Section   Section // as given by the file (SCDL BGT_SECTION, template); SectionUnknown otherwise

	Label         string // label of the account as given by the file, if any
	FunctionLabel string // label of the function as given by the file, if any

	Amounts [NumFields]Amount
	Present uint8 // bit f set when field f was given in the file

	Pos int // line number in the source file (1-based) where the line starts
}

// Amount returns the value of field f and whether the file gave it.
func (l *Line) Amount(f Field) (Amount, bool) {
	return l.Amounts[f], l.Present&(1<<f) != 0
}

// SetAmount records field f.
func (l *Line) SetAmount(f Field, a Amount) {
	l.Amounts[f] = a
	l.Present |= 1 << f
}

// Authority identifies who the document belongs to.
type Authority struct {
	Name  string `json:"name"`
	SIRET string `json:"siret,omitempty"`
	SIREN string `json:"siren,omitempty"`
	INSEE string `json:"insee,omitempty"` // commune INSEE code (5 chars) or département code
	Type  string `json:"type,omitempty"`  // as the file says: "Commune", "VILLE", "DEPT", "GFP"…
}

// Nomenclature is a plan de comptes: norm (M14, M52, M57, M71…) and variant
// (M14_COM_SUP3500, M57_A…). Variant may be empty.
type Nomenclature struct {
	Norm    string `json:"norm"`
	Variant string `json:"variant,omitempty"`
}

// String returns "M14-M14_COM_SUP3500", or the norm alone without a variant.
func (n Nomenclature) String() string {
	if n.Variant == "" {
		return n.Norm
	}
	return n.Norm + "-" + n.Variant
}

// VotedBy says whether a budget is voted by nature or by function, which
// changes how function codes must be read (chapter prefixes).
type VotedBy uint8

// Vote presentations. VotedUnknown means the file does not say: the
// calculator then infers it from the codes.
const (
	VotedUnknown VotedBy = iota
	VotedByNature
	VotedByFunction
)

// Document is a whole budget document of one authority (one budget).
type Document struct {
	Source       string // file name (for provenance and error messages)
	Format       Format
	Authority    Authority
	Budget       string // budget label (LibelleEtab), e.g. "BUDGET PRINCIPAL"
	Annex        bool   // a budget annexe (TOTEM CodTypBud "A"), not the budget principal
	Nomenclature Nomenclature
	Year         int
	Kind         Kind
	NatDec       string
	VotedBy      VotedBy
	Population   int64 // population totale (PopTot); 0 when unknown
	Lines        []Line
	// NumberCodes lists the lines whose function code was read from a
	// spreadsheet cell holding a number, not text: such a code may have
	// lost its leading zeros (020 typed, the number 20 stored), which only
	// the plan de comptes can tell (calc restores or refuses it).
	NumberCodes []NumberCode
}

// NumberCode is a function code read from a spreadsheet's number cell.
type NumberCode struct {
	Index int    // index of the line in Document.Lines
	Field string // the column's header, for messages
}

// NormalizeFunction removes spaces (including no-break spaces), tabs, dots
// and dashes from a function code as written in a file ("2.12", "4-221").
func NormalizeFunction(code string) string {
	// ContainsAny as well: strings.Map would turn invalid UTF-8 (a lone
	// 0xC2 or 0xE2 byte passes mayHaveSeparators) into U+FFFD.
	if !mayHaveSeparators(code) || !strings.ContainsAny(code, " .-\t\u00A0\u202F") {
		return code
	}
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '.', '-', '\t', '\u00A0', '\u202F':
			return -1
		}
		return r
	}, code)
}

// mayHaveSeparators is a quick byte test for NormalizeFunction: false when
// code has none of the separators' bytes (or lead bytes, for U+00A0 and
// U+202F). It runs for every line; strings.ContainsAny with non-ASCII
// characters is a loop of rune searches, slow in wasm.
func mayHaveSeparators(code string) bool {
	for i := 0; i < len(code); i++ {
		switch code[i] {
		case ' ', '.', '-', '\t', 0xC2, 0xE2:
			return true
		}
	}
	return false
}
