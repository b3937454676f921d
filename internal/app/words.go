package app

import (
	"fmt"
	"strings"

	"github.com/jeu1000/jeu1000/internal/nomen"
)

// Label is what the page shows for a function code of a nomenclature: the
// citizen's words first, the official label and the code one click away,
// and a note for a part that needs explaining (nomen.Words).
type Label struct {
	Code     string `json:"code"`
	Plain    string `json:"plain"`
	Official string `json:"official,omitempty"` // "" for a code the nomenclature does not know
	Note     string `json:"note,omitempty"`
}

// Labels is the labels table for function codes of a nomenclature ("M57",
// "M14-M14_COM_SUP3500") in its plan de comptes of year (the nearest one):
// what the draft grid shows beside each amount, with the nomenclature's
// name. year 0 takes the latest plan.
type Labels struct {
	Nomenclature string  `json:"nomenclature"` // « M57 (toutes collectivités, généralisée en 2024) »
	Labels       []Label `json:"labels"`
}

// FunctionLabels returns the labels of codes in a nomenclature.
func (c *Core) FunctionLabels(nomenclature string, year int, codes []string) (Labels, error) {
	w, err := nomen.Labels()
	if err != nil {
		return Labels{}, fmt.Errorf("labels table: %w", err)
	}
	n := ParseNomenclature(nomenclature)
	if year <= 0 {
		year = 9999 // the nearest plan: the latest
	}
	plan, err := c.calc.Catalog.Plan(n, year)
	if err != nil {
		return Labels{}, err
	}
	out := Labels{Nomenclature: w.Nomenclature(n.Norm, n.Variant), Labels: make([]Label, 0, len(codes))}
	for _, code := range codes {
		code = strings.TrimSpace(code)
		l := Label{Code: code}
		if f, ok := plan.Function(code); ok {
			l.Official = f.Label
		}
		l.Plain, l.Note = w.Plain(nomen.Functions, n.Norm, code, l.Official)
		if l.Official == "" && l.Plain == code {
			l.Plain = "Code fonction " + code + " (absent de la nomenclature)"
		}
		out.Labels = append(out.Labels, l)
	}
	return out, nil
}
