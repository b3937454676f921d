package nomen

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/jeu1000/jeu1000/internal/budget"
)

// ErrUnknownNomenclature is returned (wrapped) for a norm the catalog does
// not know, and by Infer when no plan knows the codes.
var ErrUnknownNomenclature = errors.New("unknown nomenclature")

// Catalog holds every embedded plan de comptes: norms (M14, M52, M57, M71,
// M4, M61), their variants and years. It is immutable and safe for
// concurrent use.
type Catalog struct {
	entries     []*planEntry         // sorted by norm, variant, year
	norms       map[string]*normInfo // by upper-case norm
	variantNorm map[string]string    // upper-case variant -> upper-case norm
}

// PlanInfo describes the years available for one norm and variant.
type PlanInfo struct {
	Norm    string // "M57"
	Variant string // "M57_A"
	Years   []int  // ascending
}

// Plans lists the embedded plans, sorted by norm then variant.
func (c *Catalog) Plans() []PlanInfo {
	var out []PlanInfo
	for _, ni := range c.sortedNorms() {
		for _, vi := range ni.order {
			pi := PlanInfo{Norm: ni.name, Variant: vi.name}
			for _, e := range vi.entries {
				pi.Years = append(pi.Years, e.year)
			}
			out = append(out, pi)
		}
	}
	return out
}

func (c *Catalog) sortedNorms() []*normInfo {
	out := make([]*normInfo, 0, len(c.norms))
	for _, ni := range c.norms {
		out = append(out, ni)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

// Plan returns the plan de comptes for a nomenclature and a year: the same
// norm and variant, from the nearest year available (on a tie, the earlier
// year). Norm and variant are matched without regard to case; the variant may
// be given with or without the norm prefix ("M57_A", "m57-m57_a",
// "M14-M14_COM_SUP3500", or "A" for M57_A), and a variant given in place of
// the norm ("M57_A", "M43") is understood. An empty or unknown variant falls
// back to the norm's main variant: M14_COM_SUP3500 for M14; for M57, "M57"
// before 2024 and M57_D from 2024; otherwise the variant named like the norm
// (M52, M71, M61, M4). An unknown norm is an error wrapping
// ErrUnknownNomenclature. The plan's tables are decoded on its first use;
// an error wrapping ErrFormat then means damaged embedded tables.
func (c *Catalog) Plan(n budget.Nomenclature, year int) (*Plan, error) {
	e, err := c.entry(n, year)
	if err != nil {
		return nil, err
	}
	return e.build()
}

func (c *Catalog) entry(n budget.Nomenclature, year int) (*planEntry, error) {
	norm := strings.ToUpper(strings.TrimSpace(n.Norm))
	variant := strings.ToUpper(strings.TrimSpace(n.Variant))
	if i := strings.IndexByte(norm, '-'); i >= 0 {
		if variant == "" {
			variant = norm[i+1:]
		}
		norm = norm[:i]
	}
	if i := strings.LastIndexByte(variant, '-'); i >= 0 {
		variant = variant[i+1:]
	}
	ni := c.norms[norm]
	if ni == nil {
		switch nk, ok := c.variantNorm[norm]; {
		case ok: // a variant given as the norm
			if variant == "" {
				variant = norm
			}
			ni = c.norms[nk]
		case norm == "":
			if nk, ok := c.variantNorm[variant]; ok {
				ni = c.norms[nk]
			}
		}
	}
	if ni == nil {
		return nil, fmt.Errorf("%w: %q", ErrUnknownNomenclature, n.String())
	}
	vi := ni.variants[variant]
	if vi == nil && variant != "" {
		vi = ni.variants[strings.ToUpper(ni.name)+"_"+variant]
	}
	if vi == nil {
		vi = ni.main(year)
	}
	return vi.nearest(year), nil
}

// main returns the main variant of the norm for a year.
func (ni *normInfo) main(year int) *variantInfo {
	var want string
	switch strings.ToUpper(ni.name) {
	case "M14":
		want = "M14_COM_SUP3500"
	case "M57":
		want = "M57"
		if year >= 2024 {
			want = "M57_D"
		}
	}
	if vi := ni.variants[want]; vi != nil {
		return vi
	}
	if vi := ni.variants[strings.ToUpper(ni.name)]; vi != nil {
		return vi
	}
	return ni.order[0]
}

// nearest returns the plan of the nearest year, the earlier one on a tie.
func (vi *variantInfo) nearest(year int) *planEntry {
	best := vi.entries[0]
	for _, e := range vi.entries[1:] {
		if abs(e.year-year) < abs(best.year-year) {
			best = e
		}
	}
	return best
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// inferOrder ranks norms when plans tie in Infer: from 2024 M57 first (it is
// mandatory for almost every authority), before 2024 the historical norms
// first (M14 communes, M52 départements, M71 régions, then M57, the M4x
// services and M61); unlisted norms come last, alphabetically.
func inferOrder(year int) []string {
	if year >= 2024 {
		return []string{"M57", "M14", "M52", "M71", "M4", "M61"}
	}
	return []string{"M14", "M52", "M71", "M57", "M4", "M61"}
}

// Infer finds which plan de comptes a document uses when it does not say:
// for every norm and variant, the plan of the nearest year is scored by the
// number of distinct codes it does not know — natures (exact account codes)
// and function codes (exact nodes; a code unknown as such is tried again
// without a 90/91/92/93 chapter prefix, "93020" → "020"). The plan with the
// fewest unknown codes wins. Ties go to the norm first in this order — from
// 2024: M57, M14, M52, M71, M4, M61; before 2024: M14, M52, M71, M57, M4, M61
// — then to the norm's main variant (see Plan), then to the variant first in
// alphabetical order. Empty codes are ignored. It is an error (wrapping
// ErrUnknownNomenclature) when there is no code or no plan knows any of them.
func (c *Catalog) Infer(year int, natures, functions []string) (budget.Nomenclature, error) {
	ns, fs := distinct(natures), distinct(functions)
	total := len(ns) + len(fs)
	if total == 0 {
		return budget.Nomenclature{}, fmt.Errorf("%w: no nature or function code to infer it from", ErrUnknownNomenclature)
	}
	rank := map[string]int{}
	for i, n := range inferOrder(year) {
		rank[n] = i + 1
	}
	type candidate struct {
		e                   *planEntry
		unknown             int
		normRank, varRank   int
		normName, variantNm string
	}
	var best *candidate
	better := func(a, b *candidate) bool {
		if a.unknown != b.unknown {
			return a.unknown < b.unknown
		}
		if a.normRank != b.normRank {
			return a.normRank < b.normRank
		}
		if a.normName != b.normName {
			return a.normName < b.normName
		}
		if a.varRank != b.varRank {
			return a.varRank < b.varRank
		}
		return a.variantNm < b.variantNm
	}
	for _, ni := range c.sortedNorms() {
		nr := rank[strings.ToUpper(ni.name)]
		if nr == 0 {
			nr = len(rank) + 1
		}
		main := ni.main(year)
		for _, vi := range ni.order {
			e := vi.nearest(year)
			p, err := e.build()
			if err != nil {
				return budget.Nomenclature{}, err
			}
			unknown := 0
			for _, n := range ns {
				if _, ok := p.accountAt.Get(n); !ok {
					unknown++
				}
			}
			for _, f := range fs {
				if !p.knowsFunction(f) {
					unknown++
				}
			}
			cd := &candidate{e: e, unknown: unknown, normRank: nr, varRank: 1, normName: ni.name, variantNm: vi.name}
			if vi == main {
				cd.varRank = 0
			}
			if best == nil || better(cd, best) {
				best = cd
			}
		}
	}
	if best.unknown == total {
		return budget.Nomenclature{}, fmt.Errorf("%w: no plan de comptes knows any of the %d codes", ErrUnknownNomenclature, total)
	}
	return budget.Nomenclature{Norm: best.e.norm, Variant: best.e.variant}, nil
}

// knowsFunction says whether f is a node of the function tree, as such or
// once a 90/91/92/93 chapter prefix is removed.
func (p *Plan) knowsFunction(f string) bool {
	if _, ok := p.functionAt.Get(f); ok {
		return true
	}
	if len(f) > 2 && f[0] == '9' && f[1] >= '0' && f[1] <= '3' {
		_, ok := p.functionAt.Get(f[2:])
		return ok
	}
	return false
}

func distinct(codes []string) []string {
	seen := make(map[string]struct{}, len(codes))
	out := make([]string, 0, len(codes))
	for _, c := range codes {
		c = strings.TrimSpace(c)
		if c == "" {
			continue
		}
		if _, ok := seen[c]; ok {
			continue
		}
		seen[c] = struct{}{}
		out = append(out, c)
	}
	return out
}
