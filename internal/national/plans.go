package national

import (
	"github.com/jeu1000/jeu1000/internal/budget"
	"github.com/jeu1000/jeu1000/internal/nomen"
)

// PlanNatures returns an Options.Nature that knows the accounts of the
// plans de comptes of cat: an account is known when some plan (any norm,
// variant and year) has it, or has a prefix of it of at least three digits
// (real files use sub-accounts the plans lack). The plans of each
// variant's latest year are asked first, the older ones only for an
// account they do not know. The function is not safe for concurrent use.
func PlanNatures(cat *nomen.Catalog) func(string) bool {
	infos := cat.Plans()
	var latest, older []*nomen.Plan
	olderBuilt := false
	build := func(all bool) []*nomen.Plan {
		var out []*nomen.Plan
		for _, pi := range infos {
			years := pi.Years
			if !all {
				years = years[len(years)-1:]
			} else {
				years = years[:len(years)-1]
			}
			for _, y := range years {
				if p, err := cat.Plan(budget.Nomenclature{Norm: pi.Norm, Variant: pi.Variant}, y); err == nil {
					out = append(out, p)
				}
			}
		}
		return out
	}
	knows := func(plans []*nomen.Plan, code string) bool {
		for _, p := range plans {
			if a, ok := p.Account(code); ok && (len(a.Code) >= 3 || len(a.Code) == len(code)) {
				return true
			}
		}
		return false
	}
	return func(code string) bool {
		if !allDigits([]byte(code)) {
			return false
		}
		if latest == nil {
			latest = build(false)
		}
		if knows(latest, code) {
			return true
		}
		if !olderBuilt {
			older, olderBuilt = build(true), true
		}
		return knows(older, code)
	}
}

// PlanNomenclature returns an Options.Nomenclature that accepts the
// nomenclatures cat has a plan de comptes for, as the split looks them up
// (calc reads a budget whose NOMEN is empty by inferring it, so an empty
// one is accepted).
func PlanNomenclature(cat *nomen.Catalog) func(budget.Nomenclature, int) error {
	return func(n budget.Nomenclature, year int) error {
		if n.Norm == "" {
			return nil
		}
		_, err := cat.Plan(n, year)
		return err
	}
}
