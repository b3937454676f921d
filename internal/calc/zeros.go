package calc

import (
	"fmt"
	"slices"
	"strings"

	"github.com/jeu1000/jeu1000/internal/budget"
	"github.com/jeu1000/jeu1000/internal/excerpt"
	"github.com/jeu1000/jeu1000/internal/nomen"
)

// A function code is a code, never a number: 020 (administration générale)
// and 20 (enseignement, services communs) are two functions. A spreadsheet
// stores a code typed 020 in a cell of the "Standard" format as the number
// 20; the readers mark the codes read from such cells (Document.NumberCodes)
// and the plan de comptes gives their zeros back when it has one code only
// that reads as that number (202 is 0202 in M57, which has no 202), and
// refuses the file when it has two (20 or 020?), naming the line and the
// column, rather than guess a policy.

// maxFunctionDigits is the length of the longest function codes (M57's
// fourth level, "4221").
const maxFunctionDigits = 4

// ZeroError is a function code read from a spreadsheet's number cell that
// the plan de comptes reads in several ways.
type ZeroError struct {
	File  string
	Line  int    // 1-based line (row) of the file
	Field string // the column's header
	Got   string // the number read
	Codes []nomen.Function
}

func (e *ZeroError) Error() string {
	codes := make([]string, len(e.Codes))
	for i, f := range e.Codes {
		codes[i] = f.Code
	}
	return fmt.Sprintf("%s:%d: field %s: the number %s may be the function code %s (a spreadsheet drops leading zeros): write the code as text",
		e.File, e.Line, excerpt.Of(e.Field), e.Got, strings.Join(codes, " or "))
}

// French renders the error for the page.
func (e *ZeroError) French() string {
	codes := make([]string, len(e.Codes))
	for i, f := range e.Codes {
		codes[i] = fmt.Sprintf("%s (%s)", f.Code, f.Label)
	}
	return fmt.Sprintf("%s, ligne %d, champ %s : le code fonction y est le nombre %s, qui peut être %s — le tableur efface les zéros en tête des nombres. "+
		"Écrivez les codes de cette colonne comme du texte (format de cellule «\u00a0Texte\u00a0», ou une apostrophe devant\u00a0: '%s) puis déposez à nouveau le fichier.",
		e.File, e.Line, excerpt.Of(e.Field), e.Got, strings.Join(codes, " ou "), e.Codes[len(e.Codes)-1].Code)
}

// zeroCandidates returns the plan's function codes that read as the
// number digits (20: 20 and 020), shortest first.
func zeroCandidates(plan *nomen.Plan, digits string) []nomen.Function {
	var out []nomen.Function
	for code := digits; len(code) <= maxFunctionDigits; code = "0" + code {
		if f, ok := plan.Function(code); ok {
			out = append(out, f)
		}
	}
	return out
}

// withZeros returns doc with the leading zeros of its number-cell function
// codes given back (doc itself when it has none: doc is never modified),
// or a *ZeroError for the first code the plan reads in several ways.
func withZeros(doc *budget.Document, plan *nomen.Plan) (*budget.Document, error) {
	if len(doc.NumberCodes) == 0 {
		return doc, nil
	}
	out := *doc
	out.Lines = slices.Clone(doc.Lines)
	for _, nc := range doc.NumberCodes {
		if nc.Index < 0 || nc.Index >= len(out.Lines) {
			continue
		}
		l := &out.Lines[nc.Index]
		digits := strings.TrimLeft(l.Function, "0")
		if digits == "" || !isDigits(digits) {
			continue // 0 is 0; anything else is not a number's code
		}
		switch c := zeroCandidates(plan, digits); len(c) {
		case 0:
			// Unknown either way: as any unknown code (its longest known prefix).
		case 1:
			l.Function = c[0].Code
		default:
			return nil, &ZeroError{File: doc.Source, Line: l.Pos, Field: nc.Field, Got: digits, Codes: c}
		}
	}
	return &out, nil
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
