// Package figures converts between budget documents and the records of the
// bundled dataset: a detailed record keeps the lines of a document that may
// count (see calc.Reduce), with their amounts, so that the browser splits a
// record exactly as the command line splits the document.
package figures

import (
	"fmt"

	"github.com/jeu1000/jeu1000/internal/budget"
	"github.com/jeu1000/jeu1000/internal/calc"
	"github.com/jeu1000/jeu1000/internal/dataset"
)

// fields returns the amount fields a document kind counts: the main amount
// and the restes à réaliser (see calc.Rules).
func fields(kind budget.Kind) (main, rar budget.Field) {
	switch kind {
	case budget.KindBP:
		return budget.MtPrev, budget.MtRARPrec
	case budget.KindDM, budget.KindBS:
		return budget.MtPropNouv, budget.MtRARPrec
	case budget.KindCA, budget.KindCFU, budget.KindBalance:
		return budget.MtReal, budget.MtRAR3112
	}
	return budget.MtPrev, budget.MtRARPrec
}

// Record turns a document into a detailed record of the authority key
// ("commune:93048"). population is the population to record (the
// document's, or the INSEE one when the document has none).
func Record(c *calc.Calculator, doc *budget.Document, key string, population int64, prov dataset.Provenance) (dataset.Record, error) {
	red, err := c.Reduce(doc)
	if err != nil {
		return dataset.Record{}, err
	}
	main, rar := fields(red.Kind)
	r := dataset.Record{
		Authority:    key,
		Year:         red.Year,
		Document:     string(red.Kind),
		Detail:       dataset.Detailed,
		Nomenclature: red.Nomenclature.String(),
		Population:   population,
		Provenance:   prov,
		Lines:        make([]dataset.Line, 0, len(red.Lines)),
	}
	for i := range red.Lines {
		l := &red.Lines[i]
		m, _ := l.Amount(main)
		x, _ := l.Amount(rar)
		if m == 0 && x == 0 {
			continue
		}
		r.Lines = append(r.Lines, dataset.Line{
			Nature:   l.Nature,
			Function: l.Function,
			Chapter:  l.ContNat,
			Label:    l.Label,
			Section:  byte(l.Section),
			Amount:   int64(m),
			RAR:      int64(x),
		})
	}
	return r, nil
}

// Document rebuilds the (reduced) budget document of a detailed record.
func Document(r *dataset.Record, authority budget.Authority) (*budget.Document, error) {
	if r.Detail != dataset.Detailed {
		return nil, fmt.Errorf("record %s %d: not a detailed record", r.Authority, r.Year)
	}
	kind := budget.Kind(r.Document)
	main, rar := fields(kind)
	doc := &budget.Document{
		Source:       r.Provenance.Document,
		Authority:    authority,
		Nomenclature: parseNomenclature(r.Nomenclature),
		Year:         r.Year,
		Kind:         kind,
		VotedBy:      budget.VotedByNature, // functions are stored plain
		Population:   r.Population,
		Lines:        make([]budget.Line, len(r.Lines)),
	}
	for i, l := range r.Lines {
		bl := budget.Line{
			Nature:    l.Nature,
			Function:  l.Function,
			ContNat:   l.Chapter,
			Label:     l.Label,
			Section:   budget.Section(l.Section),
			Direction: budget.Expense,
			Operation: budget.Real,
			Pos:       i + 1,
		}
		bl.SetAmount(main, budget.Amount(l.Amount))
		if l.RAR != 0 {
			bl.SetAmount(rar, budget.Amount(l.RAR))
		}
		doc.Lines[i] = bl
	}
	return doc, nil
}

func parseNomenclature(s string) budget.Nomenclature {
	for i := 0; i < len(s); i++ {
		if s[i] == '-' {
			return budget.Nomenclature{Norm: s[:i], Variant: s[i+1:]}
		}
	}
	return budget.Nomenclature{Norm: s}
}
