package calc

import (
	"strings"

	"github.com/jeu1000/jeu1000/internal/nomen"
)

// A grouper turns a kept line into the code of its part, labels parts and
// orders them.
type grouper interface {
	key(k *Kept) string
	label(code string) string
	less(a, b string) bool
	// child is the grouper of the level below, nil at the finest level.
	child() grouper
}

// rank puts the parts that are not policies after the others: debt, then
// lines without a function code, then unknown codes.
func rank(code string) int {
	switch code {
	case CodeDebt:
		return 1
	case CodeNoFunction:
		return 2
	case codeUnknown:
		return 3
	}
	return 0
}

// codeUnknown gathers function codes that the grid cannot place.
const codeUnknown = "HORS"

// treeGrouper groups by the native function tree at a level.
type treeGrouper struct {
	plan  *nomen.Plan
	level int
}

func (g treeGrouper) key(k *Kept) string {
	f := k.Function
	if f == "" {
		return CodeNoFunction
	}
	if strings.HasPrefix(f, NonVentilated) && g.level <= 2 {
		return NonVentilated
	}
	if fn, ok := g.plan.LineageAt(k.lineage, g.level); ok {
		return fn.Code
	}
	if len(f) > g.level {
		return f[:g.level]
	}
	return f
}

func (g treeGrouper) label(code string) string {
	if fn, ok := g.plan.Function(code); ok {
		return fn.Label
	}
	return "Code fonction " + code + " (absent de la nomenclature)"
}

func (g treeGrouper) child() grouper {
	if g.level >= 4 {
		return nil
	}
	return treeGrouper{plan: g.plan, level: g.level + 1}
}

func (g treeGrouper) less(a, b string) bool {
	if ra, rb := rank(a), rank(b); ra != rb {
		return ra < rb
	}
	return a < b
}

// gridGrouper groups by the areas of a common grid.
type gridGrouper struct {
	grid  *nomen.Grid
	norm  string
	plan  *nomen.Plan
	areas map[string]int // area code → display rank
	names []string       // area labels by rank
}

func newGridGrouper(grid *nomen.Grid, norm string, plan *nomen.Plan) gridGrouper {
	g := gridGrouper{grid: grid, norm: norm, plan: plan, areas: map[string]int{}}
	for i, a := range grid.Areas() {
		g.areas[a.Code] = i
		g.names = append(g.names, a.Label)
	}
	return g
}

func (g gridGrouper) key(k *Kept) string {
	if k.Function == "" {
		return CodeNoFunction
	}
	if a, ok := g.grid.AreaOf(g.norm, k.Function); ok {
		return a.Code
	}
	return codeUnknown
}

func (g gridGrouper) label(code string) string {
	if i, ok := g.areas[code]; ok {
		return g.names[i]
	}
	if code == codeUnknown {
		return "Codes fonction hors grille"
	}
	return code
}

func (g gridGrouper) child() grouper { return treeGrouper{plan: g.plan, level: 2} }

func (g gridGrouper) less(a, b string) bool {
	if ra, rb := rank(a), rank(b); ra != rb {
		return ra < rb
	}
	return g.index(a) < g.index(b)
}

func (g gridGrouper) index(code string) int {
	if i, ok := g.areas[code]; ok {
		return i
	}
	return len(g.names)
}

// natureGrouper groups documents without function codes by the real chapter
// of each account (charges à caractère général, personnel, subventions,
// intérêts, équipement…), with the chapters' official labels.
type natureGrouper struct {
	plan *nomen.Plan
}

func (g natureGrouper) key(k *Kept) string {
	if k.Chapter != "" {
		return k.Chapter
	}
	if k.Nature != "" {
		return "C" + k.Nature[:1]
	}
	return CodeNoFunction
}

func (g natureGrouper) label(code string) string {
	if ch, ok := g.plan.Chapter(code); ok {
		return ch.Label
	}
	if len(code) == 2 && code[0] == 'C' {
		return "Autres comptes de classe " + code[1:]
	}
	return code
}

func (g natureGrouper) child() grouper { return accountGrouper{plan: g.plan} }

func (g natureGrouper) less(a, b string) bool {
	if ra, rb := rank(a), rank(b); ra != rb {
		return ra < rb
	}
	return a < b
}

// accountGrouper groups the lines of a chapter by account.
type accountGrouper struct {
	plan *nomen.Plan
}

func (g accountGrouper) key(k *Kept) string { return k.Nature }

func (g accountGrouper) label(code string) string {
	if a, ok := g.plan.Account(code); ok {
		return a.Label
	}
	return "Compte " + code
}

func (g accountGrouper) less(a, b string) bool { return a < b }

func (g accountGrouper) child() grouper { return nil }
