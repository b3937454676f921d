// Package app is what the browser app can ask of the Go core, as plain Go
// functions over plain request and response values: split a user's budget
// file, and (with the bundled dataset) search authorities and split their
// figures. The wasm package only converts JavaScript values to and from
// these; everything here is testable natively.
package app

import (
	"errors"
	"fmt"
	"strings"

	"github.com/jeu1000/jeu1000/internal/budget"
	"github.com/jeu1000/jeu1000/internal/calc"
	"github.com/jeu1000/jeu1000/internal/nomen"
)

// Request says how to split: the options of the command line, as JSON.
type Request struct {
	Level              int    `json:"level"`
	Grid               string `json:"grid"`    // "native" (default), "common", "six"
	Section            string `json:"section"` // "F", "I", "all" (default)
	Nomenclature       string `json:"nomenclature"`
	Population         int64  `json:"population"`
	Ident              string `json:"ident"`
	Top                int    `json:"top"`
	DebtRepayment      bool   `json:"debt"`
	ExcludeInterest    bool   `json:"excludeInterest"`
	ExcludeTaxPassedOn bool   `json:"excludeTaxPassedOn"`
	VentilatedOnly     bool   `json:"ventilatedOnly"`
	IncludeRAR         bool   `json:"includeRAR"`
	AllReal            bool   `json:"allReal"`
}

// Options converts the request into calc options.
func (r Request) Options() (calc.Options, error) {
	opt := calc.Options{
		Rules: calc.Rules{
			DebtRepayment:      r.DebtRepayment,
			ExcludeInterest:    r.ExcludeInterest,
			ExcludeTaxPassedOn: r.ExcludeTaxPassedOn,
			VentilatedOnly:     r.VentilatedOnly,
			IncludeRAR:         r.IncludeRAR,
			AllReal:            r.AllReal,
		},
		Level:      r.Level,
		Population: r.Population,
	}
	if r.Level < 0 || r.Level > calc.MaxLevel {
		return opt, &UserError{Message: fmt.Sprintf("Niveau inconnu « %d » : de 1 à %d attendu.", r.Level, calc.MaxLevel)}
	}
	switch strings.ToUpper(r.Section) {
	case "F":
		opt.Section = budget.Fonctionnement
	case "I":
		opt.Section = budget.Investissement
	case "", "ALL":
	default:
		return opt, &UserError{Message: fmt.Sprintf("Section inconnue « %s » : F, I ou all attendu.", r.Section)}
	}
	switch r.Grid {
	case "", "native":
	case "common":
		opt.Grid = nomen.CommonGrid()
	case "six":
		opt.Grid = nomen.SixGroups()
	default:
		return opt, &UserError{Message: fmt.Sprintf("Grille inconnue « %s » : native, common ou six attendu.", r.Grid)}
	}
	if r.Nomenclature != "" {
		opt.Nomenclature = ParseNomenclature(r.Nomenclature)
	}
	return opt, nil
}

// ParseNomenclature reads "M57", "M57-M57_A" or "M14_COM_SUP3500".
func ParseNomenclature(s string) budget.Nomenclature {
	s = strings.ToUpper(strings.TrimSpace(s))
	if norm, variant, ok := strings.Cut(s, "-"); ok {
		return budget.Nomenclature{Norm: norm, Variant: variant}
	}
	if norm, _, ok := strings.Cut(s, "_"); ok {
		return budget.Nomenclature{Norm: norm, Variant: s}
	}
	return budget.Nomenclature{Norm: s}
}

// UserError is an error whose Message is fit to show to users (in French).
type UserError struct {
	Message string
	Err     error
}

func (e *UserError) Error() string {
	if e.Err != nil {
		return e.Message + " (" + e.Err.Error() + ")"
	}
	return e.Message
}

func (e *UserError) Unwrap() error { return e.Err }

// Message renders any error for users, in French.
func Message(err error) string {
	var ue *UserError
	if errors.As(err, &ue) {
		return ue.Message
	}
	var fe interface{ French() string } // reader.Error, and any error that speaks French
	if errors.As(err, &fe) {
		return fe.French()
	}
	if errors.Is(err, budget.ErrTooLarge) {
		return "Montant hors de portée : " + budget.TooLargeFrench + " (" + err.Error() + ")."
	}
	if errors.Is(err, calc.ErrNoSpending) {
		return "Aucune dépense à répartir : le fichier ne contient pas de dépense réelle comptée (classes 6 et 2, chapitre 014)."
	}
	if errors.Is(err, nomen.ErrUnknownNomenclature) {
		return "Nomenclature inconnue : choisissez-la (M14, M52, M57, M71)."
	}
	return "Erreur : " + err.Error()
}

// Core holds what the calculations need; it is built once and then only read.
type Core struct {
	calc  *calc.Calculator
	atlas atlas
}

// New builds the core (decodes the embedded nomenclatures).
func New() (*Core, error) {
	c, err := calc.New()
	if err != nil {
		return nil, err
	}
	return &Core{calc: c}, nil
}
