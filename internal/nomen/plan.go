package nomen

import (
	"slices"
	"strings"

	"github.com/jeu1000/jeu1000/internal/budget"
	"github.com/jeu1000/jeu1000/internal/codekey"
)

// Plan is one plan de comptes (norm, variant, year): its chapters, accounts
// and function tree, with lookups fast enough to be called for every budget
// line (codes packed into integers, see codekey; no allocation). A Plan is
// immutable and safe for concurrent use.
type Plan struct {
	nomen budget.Nomenclature
	year  int

	chapters  []Chapter
	chapterAt codekey.Index

	functions  []Function
	functionAt codekey.Index
	// ancestors[i][l-1] is the index of the deepest known prefix of
	// functions[i].Code no longer than l, for l up to the code's length
	// (FunctionAt's answer for a known code).
	ancestors [][]int32

	accounts  []Account // sorted by code
	accountAt codekey.Index
	decides   []bool   // accounts[i].RealChapter is authoritative for the code and its sub-codes
	alt       []string // another chapter the account is voted in (revenue or ordre), for Section
	// realSection[i] is the section of the chapter accounts[i].RealChapter
	// (SectionUnknown if none), for Nature.
	realSection []budget.Section
}

func newPlan(e *planEntry, chapters []Chapter, functions []Function, raw []rawAccount, strs []string) *Plan {
	p := &Plan{
		nomen:     budget.Nomenclature{Norm: e.norm, Variant: e.variant},
		year:      e.year,
		chapters:  chapters,
		functions: functions,
	}
	for i, c := range chapters {
		p.chapterAt.Put(c.Code, int32(i))
	}
	for i, f := range functions {
		p.functionAt.Put(f.Code, int32(i))
	}
	p.ancestors = make([][]int32, len(functions))
	for i, f := range functions {
		p.ancestors[i] = p.prefixesOf(f.Code)
	}
	p.accounts = make([]Account, len(raw))
	p.decides = make([]bool, len(raw))
	p.alt = make([]string, len(raw))
	p.accountAt.Grow(len(raw))
	for i, r := range raw {
		a := &p.accounts[i]
		a.Code, a.Label = strs[r.code], strs[r.label]
		a.Leaf = r.flags&flagLeaf != 0
		a.Deleted = r.flags&flagDeleted != 0
		p.alt[i] = strs[r.alt]
		p.accountAt.Put(a.Code, int32(i))
		if r.flags&flagHasDR != 0 {
			a.RealChapter, p.decides[i] = strs[r.dr], true
		}
	}
	// An account without a DR of its own takes the chapter its sub-accounts
	// (the next codes in sorted order that extend it) agree on. A leaf
	// without the attribute decides nothing: its parent does.
	for i, r := range raw {
		if p.decides[i] || r.flags&flagLeaf != 0 {
			continue
		}
		code := p.accounts[i].Code
		val, n, agree := "", 0, true
		for j := i + 1; j < len(raw) && strings.HasPrefix(p.accounts[j].Code, code); j++ {
			if raw[j].flags&flagHasDR == 0 {
				continue
			}
			if d := strs[raw[j].dr]; n == 0 {
				val = d
			} else if d != val {
				agree = false
				break
			}
			n++
		}
		if n > 0 && agree {
			p.accounts[i].RealChapter, p.decides[i] = val, true
		}
	}
	p.realSection = make([]budget.Section, len(raw))
	for i := range p.accounts {
		if ch, ok := p.Chapter(p.accounts[i].RealChapter); ok && p.decides[i] {
			p.realSection[i] = ch.Section
		}
	}
	return p
}

// NatureInfo is what a plan says of a nature (an account code), as Plan.Nature
// gives it.
type NatureInfo struct {
	Label       string         // label of the account, or of its longest known prefix ("" if none)
	RealChapter string         // as RealChapter gives it
	Section     budget.Section // section of that chapter; SectionUnknown if there is none or the plan lacks it
}

// Nature returns at once the label, the real chapter and that chapter's
// section of a nature (see Account, RealChapter and Chapter), looking the
// code and its prefixes up once. The split asks for them for every line.
func (p *Plan) Nature(nature string) NatureInfo {
	var n NatureInfo
	k, h := codekey.Head(nature)
	found := false
	for l := len(nature); l > 0; l-- {
		i, ok := p.accountAt.GetPrefix(nature, k, h, l)
		if !ok {
			continue
		}
		if !found {
			n.Label, found = p.accounts[i].Label, true
		}
		if p.decides[i] {
			n.RealChapter, n.Section = p.accounts[i].RealChapter, p.realSection[i]
			break
		}
	}
	return n
}

// Nomenclature returns the norm and variant of the plan actually used.
func (p *Plan) Nomenclature() budget.Nomenclature { return p.nomen }

// Year returns the year of the plan actually used (the nearest available).
func (p *Plan) Year() int { return p.year }

// Function returns the node of the function tree with exactly this code.
func (p *Plan) Function(code string) (Function, bool) {
	if i, ok := p.functionAt.Get(code); ok {
		return p.functions[i], true
	}
	return Function{}, false
}

// FunctionAt returns the ancestor of code at the given level (1 = first
// digit) with its official label. When code itself is not in the tree, its
// longest known prefix stands for it; when level is deeper than that node,
// the node itself is returned; when the tree skips that level, the deepest
// ancestor above it is. ok is false only when no prefix of code is known or
// level < 1.
func (p *Plan) FunctionAt(code string, level int) (Function, bool) {
	return p.LineageAt(p.Lineage(code), level)
}

// A Lineage is a function code placed in a plan's function tree: the
// longest known prefix of the code. It answers FunctionAt for every level
// without looking the code up again. The zero Lineage places nothing.
type Lineage struct {
	node int32 // 1 + index in Plan.functions of the prefix; 0 if none
	n    int32 // length of the prefix
}

// Lineage places code in the function tree.
func (p *Plan) Lineage(code string) Lineage {
	k, h := codekey.Head(code)
	for n := len(code); n > 0; n-- {
		if i, ok := p.functionAt.GetPrefix(code, k, h, n); ok {
			return Lineage{node: i + 1, n: int32(n)}
		}
	}
	return Lineage{}
}

// LineageAt is FunctionAt for the code l was made from (by this plan).
func (p *Plan) LineageAt(l Lineage, level int) (Function, bool) {
	if level < 1 || l.node == 0 {
		return Function{}, false
	}
	if a := p.ancestors[l.node-1][min(level, int(l.n))-1]; a >= 0 {
		return p.functions[a], true
	}
	return Function{}, false // no known prefix that short
}

// prefixesOf returns, for each length l from 1 to len(code), the index of
// the longest known function code code[:k] with k ≤ l (-1 if none).
func (p *Plan) prefixesOf(code string) []int32 {
	out := make([]int32, len(code))
	last := int32(-1)
	for l := 1; l <= len(code); l++ {
		if i, ok := p.functionAt.Get(code[:l]); ok {
			last = i
		}
		out[l-1] = last
	}
	return out
}

// Functions returns the whole function tree in document order (a copy).
// Plans without a functional presentation (M14 under 3,500 inhabitants, M4x,
// M61) have none.
func (p *Plan) Functions() []Function { return slices.Clone(p.functions) }

// Account returns the account with this code, else the one with the longest
// known prefix of it (real files use sub-accounts the plan lacks).
func (p *Plan) Account(nature string) (Account, bool) {
	if i, ok := p.lookupAccount(nature); ok {
		return p.accounts[i], true
	}
	return Account{}, false
}

func (p *Plan) lookupAccount(nature string) (int32, bool) {
	k, h := codekey.Head(nature)
	for n := len(nature); n > 0; n-- {
		if i, ok := p.accountAt.GetPrefix(nature, k, h, n); ok {
			return i, true
		}
	}
	return 0, false
}

// Chapter returns the chapter (by nature, such as "011", or by function,
// such as "930") with this code.
func (p *Plan) Chapter(code string) (Chapter, bool) {
	if i, ok := p.chapterAt.Get(code); ok {
		return p.chapters[i], true
	}
	return Chapter{}, false
}

// RealChapter returns the chapter of real spending of a nature: the DR of
// the account, or of the longest known prefix that has one ("" if none). An
// account that has sub-accounts and no DR of its own takes the chapter all
// its sub-accounts agree on; an account whose DR is empty has no real
// chapter ("021", "1069").
func (p *Plan) RealChapter(nature string) string {
	return p.Nature(nature).RealChapter
}

// Section returns the section of a nature: that of its real chapter; else
// that of another chapter the account (or its longest known prefix) is voted
// in — revenue or ordre ("023" → F); else by class: 6 and 7 (charges,
// produits) → F, anything else → I.
func (p *Plan) Section(nature string) budget.Section {
	if rc := p.RealChapter(nature); rc != "" {
		if i, ok := p.chapterAt.Get(rc); ok && p.chapters[i].Section != budget.SectionUnknown {
			return p.chapters[i].Section
		}
	}
	k, h := codekey.Head(nature)
	for n := len(nature); n > 0; n-- {
		i, ok := p.accountAt.GetPrefix(nature, k, h, n)
		if !ok || p.alt[i] == "" {
			continue
		}
		if j, ok := p.chapterAt.Get(p.alt[i]); ok && p.chapters[j].Section != budget.SectionUnknown {
			return p.chapters[j].Section
		}
		break
	}
	if nature != "" && (nature[0] == '6' || nature[0] == '7') {
		return budget.Fonctionnement
	}
	return budget.Investissement
}

// IsAttenuationOfProducts says whether a nature is a class-7 account whose
// real chapter is "014" atténuations de produits (tax passed on, refunds:
// 739x, 7398, 74869, 70389…), which counts as spending. Without a real
// chapter in the plan, any 739 account is one.
func (p *Plan) IsAttenuationOfProducts(nature string) bool {
	if nature == "" || nature[0] != '7' {
		return false
	}
	if rc := p.RealChapter(nature); rc != "" {
		return rc == "014"
	}
	return strings.HasPrefix(nature, "739")
}
