// Package calc computes how 1,000 € of a local authority's spending splits
// across public policies: it applies the counting rules of ACCOUNTING.md §3 to
// the lines of a budget document, groups them by function (native
// nomenclature at level 1, 2 or 3, or a common grid) or, for documents
// without function codes, by nature, and shares 1,000 € exactly among the
// parts (largest remainder, to the cent).
//
// The package is pure Go: no I/O, no syscall/js.
package calc

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/jeu1000/jeu1000/internal/budget"
	"github.com/jeu1000/jeu1000/internal/codekey"
	"github.com/jeu1000/jeu1000/internal/nomen"
)

// Method says how the parts were formed.
type Method string

// Methods of a split.
const (
	ByFunction Method = "function" // functional presentation (codes fonction)
	ByNature   Method = "nature"   // no function codes: chapters by nature
)

// Part codes that are not function codes.
const (
	CodeNoFunction = "NF"    // lines without a function code
	CodeDebt       = "DETTE" // debt capital repayment (Rules.DebtRepayment)
)

// MaxLevel is the deepest level of a native function tree: M57 has four
// (4221 crèches et garderies), the other nomenclatures three.
const MaxLevel = 4

// Options choose what to split and how.
type Options struct {
	Rules
	// Section restricts the split to fonctionnement (F) or investissement
	// (I); SectionUnknown means both.
	Section budget.Section
	// Level of the native function tree: 1 (default) to MaxLevel.
	Level int
	// Grid, when not nil, groups functions into the areas of a common grid
	// instead of the native tree.
	Grid *nomen.Grid
	// Population overrides the document's population (0: use the document's).
	Population int64
	// Nomenclature overrides the document's (for files that do not say it).
	Nomenclature budget.Nomenclature
}

// Split is the result: the parts of 1,000 € and everything needed to show
// where they come from.
type Split struct {
	Authority            budget.Authority
	Budget               string              // the document's budget label (LibelleEtab)
	Annex                bool                // a budget annexe
	Nomenclature         budget.Nomenclature // as used (from the document, the options or inferred)
	NomenclatureInferred bool
	Plan                 budget.Nomenclature // plan de comptes used for labels and chapters
	PlanYear             int
	Year                 int
	Kind                 budget.Kind
	Source               string
	Format               budget.Format
	Method               Method
	VotedByFunction      bool
	Grid                 string // grid ID ("common", "six"), "" for the native nomenclature
	GridName             string // the grid's display name
	Level                int
	Section              budget.Section
	Rules                Rules
	AmountMethod         string

	Population    int64 // 0 when unknown: no per-inhabitant figures then
	Total         budget.Amount
	PerInhabitant *decimal.Decimal // total ÷ population, nil when unknown

	Parts []Part
	Lines []Kept // the lines kept, in document order
}

// Part is one slice of the 1,000 €.
type Part struct {
	Code  string
	Label string
	// Amount is the spending of the part in euros (cents); F and I its
	// fonctionnement and investissement components.
	Amount, F, I budget.Amount
	// Euros is the part's share of 1,000 €, exact to the cent; the Euros
	// of all parts add up to exactly 1000.00.
	Euros decimal.Decimal
	// PerInhabitant is Amount ÷ population, rounded to the cent; nil when
	// the population is unknown.
	PerInhabitant *decimal.Decimal
	// Lines indexes Split.Lines, largest amount first.
	Lines []int
	// Children break the part down one level further (sub-functions of the
	// native tree, the native level-2 functions of a grid area, the accounts
	// of a chapter); their Euros add up exactly to the part's Euros.
	Children []Part
}

// Kept is a budget line that counts, with what the rules made of it.
type Kept struct {
	Index    int // index in Document.Lines
	Pos      int // line number in the source file
	Nature   string
	Function string // plain function code (chapter prefix removed), "" if none
	Chapter  string // real chapter of the account
	Label    string // account label (from the file, else the plan de comptes)
	Section  budget.Section
	Amount   budget.Amount
	Part     string // code of the part it belongs to

	lineage nomen.Lineage // Function placed in the plan's tree (if any)
}

// ErrNoSpending is returned when no line counts, or when the total is not
// positive, so that no share can be computed.
var ErrNoSpending = errors.New("no spending to split")

// Calculator splits documents with a catalogue of nomenclatures.
type Calculator struct {
	Catalog *nomen.Catalog
}

// New returns a Calculator over the embedded nomenclatures.
func New() (*Calculator, error) {
	c, err := nomen.Default()
	if err != nil {
		return nil, fmt.Errorf("loading nomenclatures: %w", err)
	}
	return &Calculator{Catalog: c}, nil
}

// Split computes the 1,000 € split of doc.
func (c *Calculator) Split(doc *budget.Document, opt Options) (*Split, error) {
	if opt.Level == 0 {
		opt.Level = 1
	}
	if opt.Level < 1 || opt.Level > MaxLevel {
		return nil, fmt.Errorf("level %d: expected 1 to %d", opt.Level, MaxLevel)
	}
	s := &Split{
		Authority:  doc.Authority,
		Budget:     doc.Budget,
		Annex:      doc.Annex,
		Year:       doc.Year,
		Kind:       doc.Kind,
		Source:     doc.Source,
		Format:     doc.Format,
		Level:      opt.Level,
		Section:    opt.Section,
		Rules:      opt.Rules,
		Population: doc.Population,
	}
	s.AmountMethod = opt.Rules.AmountMethod(doc.Kind)
	if opt.Population > 0 {
		s.Population = opt.Population
	}
	if opt.Grid != nil {
		s.Grid, s.GridName = opt.Grid.ID(), opt.Grid.Name()
	}

	plan, err := c.plan(doc, opt, s)
	if err != nil {
		return nil, err
	}
	// Function codes typed as numbers in a spreadsheet, their zeros given back.
	if doc, err = withZeros(doc, plan); err != nil {
		return nil, err
	}

	norm := s.Nomenclature.Norm
	switch doc.VotedBy {
	case budget.VotedByFunction:
		s.VotedByFunction = true
	case budget.VotedUnknown:
		s.VotedByFunction = InferVotedByFunction(norm, doc.Lines)
	}

	// Pass 1: keep the lines that count.
	s.Lines = make([]Kept, 0, len(doc.Lines))
	hasFunction := false
	var counted budget.Amount // Σ|amount| of the lines kept: every sum below is bounded by it
	for i := range doc.Lines {
		l := &doc.Lines[i]
		v := opt.Rules.Classify(l, plan)
		if v == Out {
			continue
		}
		amount := opt.Rules.amount(l, doc.Kind)
		if amount == 0 {
			continue
		}
		if err := checkCounted(&counted, amount); err != nil {
			return nil, fmt.Errorf("%s: line %d (%d of the document): %w", doc.Source, l.Pos, i+1, err)
		}
		k := Kept{Index: i, Pos: l.Pos, Nature: l.Nature, Amount: amount, Label: l.Label}
		var label string
		k.Section, k.Chapter, label = natureOf(l, plan)
		if opt.Section != budget.SectionUnknown && k.Section != opt.Section {
			continue
		}
		if l.Function != "" {
			k.Function = StripFunction(norm, l.Function, s.VotedByFunction)
			if plan != nil {
				k.lineage = plan.Lineage(k.Function)
			}
		}
		if opt.Rules.VentilatedOnly && strings.HasPrefix(k.Function, NonVentilated) {
			continue
		}
		if k.Label == "" {
			k.Label = label
		}
		if v == Debt {
			k.Part = CodeDebt
		}
		if k.Function != "" {
			hasFunction = true
		}
		s.Lines = append(s.Lines, k)
	}
	if len(s.Lines) == 0 {
		return nil, fmt.Errorf("%s: %w", doc.Source, ErrNoSpending)
	}

	// Pass 2: group.
	s.Method = ByFunction
	if !hasFunction {
		s.Method = ByNature
	}
	var g grouper
	switch {
	case s.Method == ByNature:
		g = natureGrouper{plan: plan}
	case opt.Grid != nil:
		g = newGridGrouper(opt.Grid, norm, plan)
	default:
		g = treeGrouper{plan: plan, level: opt.Level}
	}
	b := newPartsBuilder(len(s.Lines))
	for i := range s.Lines {
		k := &s.Lines[i]
		if k.Part == "" {
			k.Part = g.key(k)
		}
		b.add(k.Part, k)
		s.Total += k.Amount
	}
	if s.Total <= 0 {
		return nil, fmt.Errorf("%s: total %s €: %w", doc.Source, s.Total, ErrNoSpending)
	}
	s.Parts = b.finish(nil)
	for i := range s.Parts {
		p := &s.Parts[i]
		p.Label = g.label(p.Code)
		switch p.Code {
		case CodeDebt:
			p.Label = "Remboursement du capital de la dette"
		case CodeNoFunction:
			p.Label = "Sans code fonction"
		}
		sortLargestFirst(p.Lines, s.Lines)
	}
	sort.Slice(s.Parts, func(a, b int) bool {
		return g.less(s.Parts[a].Code, s.Parts[b].Code)
	})

	shares := Shares(amounts(s.Parts), s.Total)
	for i := range s.Parts {
		s.Parts[i].Euros = shares[i]
		s.Parts[i].PerInhabitant = perInhabitant(s.Parts[i].Amount, s.Population)
		if s.Parts[i].Amount > 0 {
			s.Parts[i].Children = s.children(&s.Parts[i], g.child(), s.Population)
		}
	}
	s.PerInhabitant = perInhabitant(s.Total, s.Population)
	return s, nil
}

// checkCounted adds |a| to *counted, refusing an amount or a sum beyond
// budget.MaxAmount: with the sum of the absolute values bounded, no total,
// part or section sum can overflow, and no absurd figure is split.
func checkCounted(counted *budget.Amount, a budget.Amount) error {
	if err := budget.CheckAmount("amount", a); err != nil {
		return err
	}
	*counted += max(a, -a)
	return budget.CheckAmount("the lines counted add up to", *counted)
}

// sortLargestFirst sorts indexes of lines by amount, largest first, equal
// amounts in document order. (A stable sort would give the same order, but
// it is much slower in wasm.) Each line becomes one integer key, the
// amount (biased, reversed) above the index, so that the sort needs no
// comparison function, whose calls are slow in wasm; amounts beyond
// ±4.4 × 10^10 € take the general path.
func sortLargestFirst(idx []int, lines []Kept) {
	const (
		idxBits = 20
		bias    = 1 << 42 // in cents
	)
	if len(lines) < 1<<idxBits {
		keys := make([]uint64, len(idx))
		packed := true
		for i, li := range idx {
			a := int64(lines[li].Amount)
			if a <= -bias || a >= bias {
				packed = false
				break
			}
			keys[i] = uint64(bias-1-a)<<idxBits | uint64(li)
		}
		if packed {
			slices.Sort(keys)
			for i, k := range keys {
				idx[i] = int(k & (1<<idxBits - 1))
			}
			return
		}
	}
	slices.SortFunc(idx, func(a, b int) int {
		if c := cmp.Compare(lines[b].Amount, lines[a].Amount); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
}

// PerInhabitant is a ÷ population in euros, rounded half away from zero to
// the cent. population must be positive.
func PerInhabitant(a budget.Amount, population int64) decimal.Decimal {
	// In cents, the quotient rounded half away from zero is
	// (2|a| + population) ÷ (2 × population), exact in int64 for any
	// realistic amount; math/big, which DivRound uses, has no assembly in
	// wasm.
	const limit = 1 << 61
	if abs := int64(a); abs > -limit && abs < limit && population < limit {
		if abs < 0 {
			abs = -abs
		}
		q := (2*abs + population) / (2 * population)
		if a < 0 {
			q = -q
		}
		return decimal.New(q, -2)
	}
	return a.Decimal().DivRound(decimal.NewFromInt(population), 2)
}

func perInhabitant(a budget.Amount, population int64) *decimal.Decimal {
	if population <= 0 {
		return nil
	}
	d := PerInhabitant(a, population)
	return &d
}

// children groups the lines of p with g and shares p's euros among them.
func (s *Split) children(p *Part, g grouper, population int64) []Part {
	if g == nil {
		return nil
	}
	b := newPartsBuilder(len(p.Lines))
	for _, li := range p.Lines {
		k := &s.Lines[li]
		b.add(g.key(k), k)
	}
	children := b.finish(p.Lines) // p.Lines is sorted largest first, so are these
	if len(children) == 1 && children[0].Code == p.Code {
		return nil // nothing finer to show
	}
	slices.SortFunc(children, func(a, b Part) int { return lessCmp(g, a.Code, b.Code) }) // codes are distinct
	shares := SharesOf(p.Euros.Shift(2).IntPart(), amounts(children), p.Amount)
	for i := range children {
		children[i].Label = g.label(children[i].Code)
		children[i].Euros = shares[i]
		children[i].PerInhabitant = perInhabitant(children[i].Amount, population)
	}
	return children
}

// partsBuilder gathers kept lines into parts by code.
type partsBuilder struct {
	parts []Part
	at    codekey.Index // code → index in parts
	of    []int32       // the part of each line added, in order
}

// newPartsBuilder returns a partsBuilder for n lines.
func newPartsBuilder(n int) *partsBuilder {
	return &partsBuilder{of: make([]int32, 0, n)}
}

// add adds a line to the part with this code, created if need be.
func (b *partsBuilder) add(code string, k *Kept) {
	j, ok := b.at.Get(code)
	if !ok {
		j = int32(len(b.parts))
		b.at.Put(code, j)
		b.parts = append(b.parts, Part{Code: code})
	}
	b.of = append(b.of, j)
	p := &b.parts[j]
	p.Amount += k.Amount
	switch k.Section {
	case budget.Fonctionnement:
		p.F += k.Amount
	case budget.Investissement:
		p.I += k.Amount
	}
}

// finish returns the parts, each with the lines added to it in the order
// they were added: the i-th line added is idx[i] (i itself when idx is
// nil). The parts' Lines share one allocation (each capped at its length),
// where appending line by line would grow every part's slice several times.
func (b *partsBuilder) finish(idx []int) []Part {
	count := make([]int, len(b.parts))
	for _, j := range b.of {
		count[j]++
	}
	all := make([]int, len(b.of))
	off := 0
	for j := range b.parts {
		b.parts[j].Lines = all[off : off : off+count[j]]
		off += count[j]
	}
	for i, j := range b.of {
		li := i
		if idx != nil {
			li = idx[i]
		}
		b.parts[j].Lines = append(b.parts[j].Lines, li)
	}
	return b.parts
}

// lessCmp turns g.less into a comparison function for the slices package.
func lessCmp(g grouper, a, b string) int {
	switch {
	case g.less(a, b):
		return -1
	case g.less(b, a):
		return 1
	}
	return 0
}

func amounts(parts []Part) []budget.Amount {
	out := make([]budget.Amount, len(parts))
	for i, p := range parts {
		out[i] = p.Amount
	}
	return out
}

// plan finds the plan de comptes for the document and records which
// nomenclature is used.
func (c *Calculator) plan(doc *budget.Document, opt Options, s *Split) (*nomen.Plan, error) {
	n := doc.Nomenclature
	if opt.Nomenclature.Norm != "" {
		n = opt.Nomenclature
	}
	if n.Norm == "" {
		natures := make([]string, 0, len(doc.Lines))
		var functions []string
		for i := range doc.Lines {
			if doc.Lines[i].Nature != "" {
				natures = append(natures, doc.Lines[i].Nature)
			}
			if f := budget.NormalizeFunction(doc.Lines[i].Function); f != "" {
				functions = append(functions, f)
			}
		}
		inferred, err := c.Catalog.Infer(doc.Year, natures, functions)
		if err != nil {
			return nil, fmt.Errorf("%s: the file does not name its nomenclature and it could not be inferred (give one): %w", doc.Source, err)
		}
		n = inferred
		s.NomenclatureInferred = true
	}
	s.Nomenclature = n
	plan, err := c.Catalog.Plan(n, doc.Year)
	if err != nil {
		return nil, fmt.Errorf("%s: nomenclature %s: %w", doc.Source, n, err)
	}
	s.Plan = plan.Nomenclature()
	s.PlanYear = plan.Year()
	return plan, nil
}

// section finds the section of a line (ACCOUNTING.md §3.5): the plan de comptes'
// real chapter of the account and its section; else what the file says;
// else class 6 → F, anything else → I.
func (c *Calculator) section(l *budget.Line, plan *nomen.Plan) (budget.Section, string) {
	section, chapter, _ := natureOf(l, plan)
	return section, chapter
}

// natureOf is section, with the label of the account (or of its longest
// known prefix) in the plan: the split needs both, and one lookup in the
// plan gives them.
func natureOf(l *budget.Line, plan *nomen.Plan) (section budget.Section, chapter, label string) {
	if l.Nature == "" {
		return l.Section, "", ""
	}
	n := plan.Nature(l.Nature)
	switch {
	case n.RealChapter != "" && n.Section != budget.SectionUnknown:
		return n.Section, n.RealChapter, n.Label
	case l.Section != budget.SectionUnknown:
		return l.Section, n.RealChapter, n.Label
	case l.Nature[0] == '6':
		return budget.Fonctionnement, n.RealChapter, n.Label
	}
	return budget.Investissement, n.RealChapter, n.Label
}
