package nomen

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/jeu1000/jeu1000/internal/nomen/gridtab"
)

// gridTSV is the documented cross-walk from function codes to the areas of
// the comparison grids (an inference: see its header and GRID.md).
//
//go:embed grid.tsv
var gridTSV []byte

// Area is one area of a comparison grid.
type Area struct {
	Code  string // "ENS", "G2", "NV"
	Label string // "Enseignement et formation"
}

// Grid maps the function codes of every nomenclature (M14, M52, M57, M71) to
// a small set of areas, so that authorities and years on different
// nomenclatures can be compared. The mapping is an inference kept in
// grid.tsv (presented in GRID.md). A Grid is immutable.
type Grid struct {
	id     string
	name   string
	areas  []Area
	rules  map[gridKey]int32 // (norm, prefix) -> index in areas
	maxLen int
}

type gridKey struct{ norm, prefix string }

var grids = sync.OnceValue(func() map[string]*Grid {
	t, err := gridtab.Parse(gridTSV)
	if err != nil {
		panic(fmt.Sprintf("nomen: embedded grid.tsv: %v", err)) // checked by the tests
	}
	out := make(map[string]*Grid, len(t.Grids))
	for gi, tg := range t.Grids {
		g := &Grid{id: tg.ID, name: tg.Name, rules: map[gridKey]int32{}}
		at := map[string]int32{}
		for _, a := range tg.Areas {
			at[a.Code] = int32(len(g.areas))
			g.areas = append(g.areas, Area{Code: a.Code, Label: a.Label})
		}
		for _, r := range t.Rules {
			// Resolve inherited cells now: lookups then need one map hit.
			code := t.Resolve(r.Norm, r.Prefix, gi)
			g.rules[gridKey{r.Norm, r.Prefix}] = at[code]
			g.maxLen = max(g.maxLen, len(r.Prefix))
		}
		out[tg.ID] = g
	}
	return out
})

// CommonGrid returns the 12-area grid: ADM Administration générale, SEC
// Sécurité, ENS Enseignement et formation, CUL Culture, SPO Sport et
// jeunesse, SOC Social et santé, FAM Famille et petite enfance, LOG Logement,
// AME Aménagement et environnement, TRA Transports et voirie, ECO Action
// économique, NV Dette, reversements et non ventilé. It follows
// sub-functions across nomenclatures (M14 252 transports scolaires → TRA
// like M57 81).
func CommonGrid() *Grid { return grids()["common"] }

// SixGroups returns the coarse grid whose shares were measured stable across
// the M14 → M57 switch: G0 Services généraux, G1 Sécurité, G2 Enseignement, G3
// Culture, sport, jeunesse, G4 Social, santé, famille, G5 Aménagement,
// environnement, transports, économie, plus NV for 01 (opérations non
// ventilables). It follows first digits (M14 {3,4}, {5,6}, {7,8,9}; M57
// {5,6,7,8}; M52 {4,5}, {6,7,8,9}); 01 is only separated when the data has
// codes of two digits or more.
func SixGroups() *Grid { return grids()["six"] }

// ID returns the grid's identifier: "common" or "six".
func (g *Grid) ID() string { return g.id }

// Name returns the display name of the grid, to tell users which grid a
// comparison uses.
func (g *Grid) Name() string { return g.name }

// Areas returns the areas in display order (a copy).
func (g *Grid) Areas() []Area { return slices.Clone(g.areas) }

// AreaOf returns the area of a function code of a norm ("M14", "M57"; a
// variant such as "M57_A" or "M14-M14_COM_SUP3500" is reduced to its norm),
// by longest prefix. The code must already be normalised and stripped of
// chapter prefixes (93020 → 020). ok is false for a norm without a function
// tree (M4x, M61) or a code that starts with no known digit.
func (g *Grid) AreaOf(norm, function string) (Area, bool) {
	norm = baseNorm(norm)
	for n := min(len(function), g.maxLen); n > 0; n-- {
		if i, ok := g.rules[gridKey{norm, function[:n]}]; ok {
			return g.areas[i], true
		}
	}
	return Area{}, false
}

// baseNorm upper-cases a norm and cuts it at the first '-' or '_'.
func baseNorm(norm string) string {
	if i := strings.IndexAny(norm, "-_"); i >= 0 {
		norm = norm[:i]
	}
	return strings.ToUpper(strings.TrimSpace(norm))
}
