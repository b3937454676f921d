package calc

import (
	"strings"

	"github.com/jeu1000/jeu1000/internal/budget"
	"github.com/jeu1000/jeu1000/internal/nomen"
)

// Rules are the toggles of ACCOUNTING.md §3. The zero value is the default rule
// set: real expenditure of class 6, class 2 except 26 and 27, and the class-7
// accounts of chapter 014.
type Rules struct {
	// DebtRepayment counts debt capital repayment (account 16, except the
	// revolving credit accounts 16441 and 16449 and refinancing 166) as its
	// own "Dette" part.
	DebtRepayment bool
	// ExcludeInterest leaves interest (account 66) out.
	ExcludeInterest bool
	// ExcludeTaxPassedOn leaves tax passed on and refunds (chapter 014) out.
	ExcludeTaxPassedOn bool
	// VentilatedOnly leaves the "01 Opérations non ventilables" part out of
	// the total ("part ventilée").
	VentilatedOnly bool
	// IncludeRAR adds the restes à réaliser: MtRAR3112 to executed amounts
	// (CA, CFU), MtRARPrec to a budget primitif. DM and BS include MtRARPrec
	// by default.
	IncludeRAR bool
	// AllReal counts every real spending line whatever its account, as an
	// authority's own « dépenses réelles » total does (Gironde's published
	// figures): debt repayment (16, revolving credit 16441 included),
	// subsidies paid back (13), financial assets (26, 27), works for third
	// parties (45x) beside classes 6 and 2. Only draws on credit lines
	// (16449), which come back as revenue the same year, stay out. The
	// other toggles still apply (DebtRepayment puts 16 in its own part).
	AllReal bool
}

// Names returns the names of the toggles that are on, for provenance.
func (r Rules) Names() []string {
	var out []string
	for _, t := range []struct {
		on   bool
		name string
	}{
		{r.DebtRepayment, "debt-repayment"},
		{r.ExcludeInterest, "exclude-interest"},
		{r.ExcludeTaxPassedOn, "exclude-tax-passed-on"},
		{r.VentilatedOnly, "ventilated-only"},
		{r.IncludeRAR, "include-rar"},
		{r.AllReal, "all-real"},
	} {
		if t.on {
			out = append(out, t.name)
		}
	}
	return out
}

// excludedChapter reports whether lines of a chapter are out whatever their
// nature (ACCOUNTING.md §3.3): dépenses imprévues, virement, ordre operations,
// cessions. (A switch rather than a map: it runs for every line, and
// hashing strings is slow in wasm.)
func excludedChapter(code string) bool {
	switch code {
	case "020", "022", "023",
		"040", "041", "042", "043",
		"950", "952":
		return true
	}
	return false
}

// Verdict says whether a line counts and as what.
type Verdict uint8

// Verdicts of Rules.Classify.
const (
	Out      Verdict = iota // not counted
	Spending                // counted in its function part
	Debt                    // counted in the "Dette" part (DebtRepayment on)
)

// Classify applies the rules to one line. plan gives the chapter of the
// account (for chapter 014). It does not look at amounts.
func (r Rules) Classify(l *budget.Line, plan *nomen.Plan) Verdict {
	if l.Direction != budget.Expense || l.Operation != budget.Real {
		return Out
	}
	if excludedChapter(l.ContNat) || excludedChapter(l.ContFon) {
		return Out
	}
	n := l.Nature
	if n == "" {
		// Template rows may carry no nature: the row itself says it is
		// spending of a section.
		if l.Section != budget.SectionUnknown {
			return Spending
		}
		return Out
	}
	if r.AllReal {
		return r.classifyAllReal(n)
	}
	switch n[0] {
	case '6':
		if r.ExcludeInterest && strings.HasPrefix(n, "66") {
			return Out
		}
		return Spending
	case '2':
		if strings.HasPrefix(n, "26") || strings.HasPrefix(n, "27") {
			return Out
		}
		return Spending
	case '7':
		if r.ExcludeTaxPassedOn {
			return Out
		}
		if plan != nil && plan.IsAttenuationOfProducts(n) || plan == nil && strings.HasPrefix(n, "739") {
			return Spending
		}
		return Out
	case '1':
		if r.DebtRepayment && strings.HasPrefix(n, "16") &&
			!strings.HasPrefix(n, "16441") && !strings.HasPrefix(n, "16449") && !strings.HasPrefix(n, "166") {
			return Debt
		}
	}
	return Out
}

// classifyAllReal is Classify under AllReal, for a line with an account.
func (r Rules) classifyAllReal(n string) Verdict {
	switch {
	case strings.HasPrefix(n, "16449"):
		return Out
	case r.ExcludeInterest && strings.HasPrefix(n, "66"):
		return Out
	case r.ExcludeTaxPassedOn && n[0] == '7':
		return Out
	case r.DebtRepayment && strings.HasPrefix(n, "16"):
		return Debt
	}
	return Spending
}

// AmountField tells which amounts of a line count for a document kind
// (ACCOUNTING.md §3.4).
func (r Rules) amount(l *budget.Line, kind budget.Kind) budget.Amount {
	get := func(f budget.Field) budget.Amount {
		a, _ := l.Amount(f)
		return a
	}
	switch kind {
	case budget.KindCA, budget.KindCFU, budget.KindBalance:
		a := get(budget.MtReal)
		if r.IncludeRAR {
			a += get(budget.MtRAR3112)
		}
		return a
	case budget.KindBP:
		a := get(budget.MtPrev)
		if r.IncludeRAR {
			a += get(budget.MtRARPrec)
		}
		return a
	case budget.KindDM, budget.KindBS:
		return get(budget.MtPropNouv) + get(budget.MtRARPrec)
	}
	// Drafts and documents of unknown kind: the first amount they give.
	for _, f := range []budget.Field{budget.MtReal, budget.MtPrev, budget.MtPropNouv} {
		if a, ok := l.Amount(f); ok {
			return a
		}
	}
	return 0
}

// AmountMethod describes in words which amount counts, for provenance.
func (r Rules) AmountMethod(kind budget.Kind) string {
	switch kind {
	case budget.KindCA, budget.KindCFU, budget.KindBalance:
		if r.IncludeRAR {
			return "MtReal + MtRAR3112"
		}
		if kind == budget.KindBalance {
			return "OBNETDEB − OOBDEB"
		}
		return "MtReal"
	case budget.KindBP:
		if r.IncludeRAR {
			return "MtPrev + MtRARPrec"
		}
		return "MtPrev"
	case budget.KindDM, budget.KindBS:
		return "MtPropNouv + MtRARPrec"
	}
	return "montant saisi"
}
