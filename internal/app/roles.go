package app

import (
	"fmt"
	"strings"

	"github.com/jeu1000/jeu1000/internal/budget"
	"github.com/jeu1000/jeu1000/internal/dataset"
	"github.com/jeu1000/jeu1000/internal/report"
	"github.com/jeu1000/jeu1000/internal/territory"
)

// rolesOf returns the special roles of an authority of the index (the
// Ville de Paris, the Métropole de Lyon, the CTUs…), if any.
func rolesOf(a *dataset.Authority) (territory.Roles, bool) {
	if a.Kind > dataset.KindRegion {
		return territory.Roles{}, false
	}
	return territory.SpecialRoles(territory.Kind(a.Kind), a.Code, a.Nature)
}

// describe adds to an authority's info what its kind does not say: its
// roles (« Ville de Paris : commune et département depuis 2019… ») and
// where its population comes from. The Ville de Paris stands for the
// département 75, which the index does not list apart: the communes and
// groups of Paris get it as their département.
func (at *atlas) describe(info *AuthorityInfo, a *dataset.Authority) {
	if r, ok := rolesOf(a); ok {
		info.Note = r.Note
	}
	if a.Population > 0 && a.Kind <= dataset.KindRegion {
		info.PopulationSource = territory.PopulationBasis(territory.Kind(a.Kind), a.Code, a.PopulationYear)
	}
	if info.DepartementRef == nil && a.Departement == territory.DepartementParis && a.Key() != "commune:"+territory.CommuneParis {
		info.DepartementRef = at.ref(dataset.KindCommune, territory.CommuneParis)
		if info.DepartementRef != nil {
			info.DepartementRef.Code = territory.DepartementParis
		}
	}
}

// secondary reports whether a record's document is a second budget of its
// authority's year, kept apart and shown only when the year has no other
// (the département de Paris before 2019 under the Ville de Paris:
// pipeline.DocumentParisDepartement, "BAL-DEP").
func secondary(document string) bool { return strings.Contains(document, "-") }

// yearEntries lists the years of an authority's records (sorted by year),
// once each, with the record the page shows for that year (atlas.record's
// choice).
func yearEntries(recs []*dataset.Record) []YearEntry {
	out := []YearEntry{}
	var best []*dataset.Record
	for _, r := range recs {
		if n := len(best); n > 0 && best[n-1].Year == r.Year {
			if rank(r) < rank(best[n-1]) {
				best[n-1] = r
			}
			continue
		}
		best = append(best, r)
	}
	for _, r := range best {
		out = append(out, YearEntry{Year: r.Year, Document: r.Document, Detail: r.Detail.String()})
	}
	return out
}

// Comparability of the years side by side (History).
//
// Years are compared on the request's grid. A year is not comparable when:
//
//   - it has no figures (the error says why);
//   - its figures are not of the reference year's method (aggregated
//     figures, gross movements, beside a detailed account of real
//     spending), or could not be put on the grid asked for (aggregated
//     figures offer only the six groups);
//   - its figures have no function codes (a split by nature): nothing to
//     put on a grid of policies;
//   - on the common or six-group grid, most of its spending falls outside
//     the grid (a nomenclature the grid does not know, such as M4x);
//   - on the native grid, its nomenclature is not the reference year's
//     (M14 beside M57: the codes do not mean the same; the common grid
//     compares them);
//   - it is before the authority took its present form (the Ville de Paris
//     before 2019, a CTU before 2016–2018: territory.Roles.Before).
//
// The reference year is the latest detailed year with a split by function,
// else the latest year with a split by function.

// compareYears sets Comparable and Reason on each year of an authority's
// history.
func compareYears(years []YearReport, a *dataset.Authority, req Request) {
	ref := -1
	for i := len(years) - 1; i >= 0; i-- {
		if years[i].Report == nil || years[i].basis.ByNature {
			continue
		}
		if !years[i].basis.aggregated() {
			ref = i
			break
		}
		if ref < 0 {
			ref = i
		}
	}
	grid := req.Grid
	if grid == "" {
		grid = "native"
	}
	roles, special := rolesOf(a)
	for i := range years {
		y := &years[i]
		y.Comparable, y.Reason = true, ""
		r := y.Report
		switch {
		case r == nil:
			y.Comparable, y.Reason = false, "Pas de chiffres comparables pour cette année."
			if y.Error != "" {
				y.Reason = y.Error
			}
		case y.basis.ByNature:
			y.Comparable, y.Reason = false, "Ventilation par nature seulement (pas de codes fonction) : cette année ne se place pas sur une grille de politiques et ne se compare pas aux autres."
		case ref >= 0 && sameMethod(y.basis, years[ref].basis) != "":
			y.Comparable, y.Reason = false, methodReason(y.basis, years[ref].basis)
		case r.Grid != grid:
			y.Comparable, y.Reason = false, "Ces chiffres agrégés ne se présentent que sur les six grandes familles de politiques : cette année ne se compare pas aux autres sur la grille demandée."
		case special && roles.Since > 0 && y.Year < roles.Since && roles.Before != "":
			y.Comparable, y.Reason = false, roles.Before
		case r.Grid == "common" || r.Grid == "six":
			if share := offGridShare(r); share*2 >= 1 {
				y.Comparable, y.Reason = false, fmt.Sprintf(
					"Nomenclature %s : %.0f %% des dépenses ont des codes fonction que la grille ne place pas ; cette année ne se compare pas aux autres.",
					r.Nomenclature, share*100)
			}
		case ref >= 0 && i != ref:
			if g, _ := gridFor(y.basis, years[ref].basis, grid); g != grid {
				y.Comparable, y.Reason = false, fmt.Sprintf(
					"Nomenclature %s en %d, %s en %d : les codes fonction n'ont pas le même sens ; comparez ces années sur la grille commune.",
					y.basis.Nomenclature, y.Year, years[ref].basis.Nomenclature, years[ref].Year)
			}
		}
	}
}

// methodReason says why a year of another method than the reference
// year's does not compare.
func methodReason(b, ref Basis) string {
	if b.aggregated() {
		return fmt.Sprintf("Chiffres agrégés par un tiers, %s (%s) : une autre méthode que les %s de %d ; cette année ne se compare pas aux autres.",
			strings.TrimPrefix(methodShort(b.Method), "chiffres agrégés par "), methodHow(b.Method), plural(methodShort(ref.Method)), ref.Year)
	}
	return fmt.Sprintf("Compte détaillé (%s), parmi des années de %s : une autre méthode, cette année ne se compare pas aux autres.", methodHow(b.Method), methodPlural(ref.Method))
}

// offGridShare is the share of a report's total that its grid could not
// place ("HORS"), between 0 and 1.
func offGridShare(r *report.Report) float64 {
	total, err := budget.ParseAmount(r.Total)
	if err != nil || total <= 0 {
		return 0
	}
	var off budget.Amount
	for _, p := range r.Parts {
		if p.Code == codeOffGrid {
			if a, err := budget.ParseAmount(p.Amount); err == nil {
				off += a
			}
		}
	}
	return float64(off) / float64(total)
}

// codeOffGrid is the part calc gives to function codes a grid cannot place.
const codeOffGrid = "HORS"

// baseNorm reads the norm of a nomenclature ("M14-M14_COM_SUP3500" → M14).
func baseNorm(n string) string {
	if i := strings.IndexAny(n, "-_"); i >= 0 {
		n = n[:i]
	}
	return strings.ToUpper(strings.TrimSpace(n))
}

// defaultRules reports whether a request splits with the default rules,
// section and level of the peers' samples (pipeline/peers.go): only then
// do a detailed report's parts compare with the peers' quartiles.
func defaultRules(req Request) bool {
	return !req.DebtRepayment && !req.ExcludeInterest && !req.ExcludeTaxPassedOn && !req.VentilatedOnly && !req.IncludeRAR && !req.AllReal &&
		(req.Section == "" || strings.EqualFold(req.Section, "all"))
}
