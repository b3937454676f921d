package calc

import (
	"fmt"

	"github.com/jeu1000/jeu1000/internal/budget"
)

// Reduce returns a copy of doc that keeps only the lines that may count under
// some rule set (real expenditure of class 6, 2, 7 and 16), with everything
// the rules need resolved once: the plain function code (chapter prefixes
// stripped), the real chapter, the section, the nomenclature. The reduced
// document splits exactly like doc under every Options but Rules.AllReal
// (whose other accounts it does not keep): it is what the bundled dataset
// stores for a detailed authority.
func (c *Calculator) Reduce(doc *budget.Document) (*budget.Document, error) {
	s := &Split{}
	plan, err := c.plan(doc, Options{}, s)
	if err != nil {
		return nil, err
	}
	votedByFunction := doc.VotedBy == budget.VotedByFunction ||
		doc.VotedBy == budget.VotedUnknown && InferVotedByFunction(s.Nomenclature.Norm, doc.Lines)
	all := Rules{DebtRepayment: true}
	out := *doc
	out.Nomenclature = s.Nomenclature
	out.VotedBy = budget.VotedByNature
	out.Lines = make([]budget.Line, 0, len(doc.Lines)/2)
	for i := range doc.Lines {
		l := doc.Lines[i]
		if all.Classify(&l, plan) == Out {
			continue
		}
		var any bool
		for f := budget.Field(0); f < budget.NumFields; f++ {
			if a, ok := l.Amount(f); ok && a != 0 {
				any = true
			}
		}
		if !any {
			continue
		}
		l.Section, l.ContNat = c.section(&l, plan)
		l.ContFon = ""
		if l.Function != "" {
			l.Function = StripFunction(s.Nomenclature.Norm, l.Function, votedByFunction)
		}
		out.Lines = append(out.Lines, l)
	}
	if len(out.Lines) == 0 {
		return nil, fmt.Errorf("%s: %w", doc.Source, ErrNoSpending)
	}
	return &out, nil
}
