package calc_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/jeu1000/jeu1000/internal/budget"
	"github.com/jeu1000/jeu1000/internal/calc"
	"github.com/jeu1000/jeu1000/internal/nomen"
)

// line builds an expense line of real operations with an executed amount in
// euros.
func line(nature, function, chapter string, euros int64, mods ...func(*budget.Line)) budget.Line {
	l := budget.Line{Nature: nature, Function: function, ContNat: chapter, Direction: budget.Expense, Operation: budget.Real}
	l.SetAmount(budget.MtReal, budget.Amount(euros*100))
	l.SetAmount(budget.MtPrev, budget.Amount(euros*100*2))
	for _, m := range mods {
		m(&l)
	}
	return l
}

func revenue(l *budget.Line) { l.Direction = budget.Revenue }
func ordre(l *budget.Line)   { l.Operation = budget.Ordre }

func doc(kind budget.Kind, lines ...budget.Line) *budget.Document {
	for i := range lines {
		lines[i].Pos = i + 10
	}
	return &budget.Document{
		Source:       "test.xml",
		Nomenclature: budget.Nomenclature{Norm: "M14", Variant: "M14_COM_SUP3500"},
		Year:         2021,
		Kind:         kind,
		VotedBy:      budget.VotedByNature,
		Population:   1000,
		Lines:        lines,
	}
}

func calculator(t *testing.T) *calc.Calculator {
	t.Helper()
	c, err := calc.New()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// parts renders parts as "code=amount/euros" for compact comparisons.
func parts(s *calc.Split) string {
	var b []string
	for _, p := range s.Parts {
		b = append(b, p.Code+"="+p.Amount.String()+"/"+p.Euros.StringFixed(2))
	}
	return strings.Join(b, " ")
}

var base = []budget.Line{
	line("6042", "212", "011", 300),         // écoles, F
	line("64111", "020", "012", 200),        // administration, F
	line("66111", "01", "66", 100),          // interest, non ventilé
	line("2313", "212", "23", 250),          // school works, I
	line("7391171", "01", "014", 50),        // tax passed on (chapter 014): counts
	line("1641", "01", "16", 400),           // debt capital: out by default
	line("16449", "01", "16", 999),          // revolving credit: always out
	line("261", "01", "26", 77),             // financial assets: out
	line("001", "", "001", 88),              // result carried forward: out
	line("6811", "01", "042", 66),           // ordre chapter: out
	line("6068", "212", "011", 55, revenue), // revenue: out
	line("6068", "212", "011", 44, ordre),   // ordre: out
	line("6232", "", "011", 50),             // no function code
}

func TestSplitRules(t *testing.T) {
	c := calculator(t)
	tests := []struct {
		name string
		doc  *budget.Document
		opt  calc.Options
		want string
	}{
		{"default rules, level 1", doc(budget.KindCA, base...), calc.Options{},
			"0=200.00/210.53 01=150.00/157.89 2=550.00/578.95 NF=50.00/52.63"},
		{"level 2", doc(budget.KindCA, base...), calc.Options{Level: 2},
			"01=150.00/157.89 02=200.00/210.53 21=550.00/578.95 NF=50.00/52.63"},
		{"level 3", doc(budget.KindCA, base...), calc.Options{Level: 3},
			"01=150.00/157.89 020=200.00/210.53 212=550.00/578.95 NF=50.00/52.63"},
		{"fonctionnement", doc(budget.KindCA, base...), calc.Options{Section: budget.Fonctionnement},
			"0=200.00/285.71 01=150.00/214.29 2=300.00/428.57 NF=50.00/71.43"},
		{"investissement", doc(budget.KindCA, base...), calc.Options{Section: budget.Investissement},
			"2=250.00/1000.00"},
		{"debt as a part", doc(budget.KindCA, base...), calc.Options{Rules: calc.Rules{DebtRepayment: true}},
			"0=200.00/148.15 01=150.00/111.11 2=550.00/407.41 DETTE=400.00/296.29 NF=50.00/37.04"},
		{"without interest", doc(budget.KindCA, base...), calc.Options{Rules: calc.Rules{ExcludeInterest: true}},
			"0=200.00/235.30 01=50.00/58.82 2=550.00/647.06 NF=50.00/58.82"},
		{"without tax passed on", doc(budget.KindCA, base...), calc.Options{Rules: calc.Rules{ExcludeTaxPassedOn: true}},
			"0=200.00/222.22 01=100.00/111.11 2=550.00/611.11 NF=50.00/55.56"},
		{"ventilated only", doc(budget.KindCA, base...), calc.Options{Rules: calc.Rules{VentilatedOnly: true}},
			"0=200.00/250.00 2=550.00/687.50 NF=50.00/62.50"},
		{"budget primitif counts MtPrev", doc(budget.KindBP, base...), calc.Options{},
			"0=400.00/210.53 01=300.00/157.89 2=1100.00/578.95 NF=100.00/52.63"},
		{"common grid", doc(budget.KindCA, base...), calc.Options{Grid: nomen.CommonGrid()},
			"ADM=200.00/210.53 ENS=550.00/578.95 NV=150.00/157.89 NF=50.00/52.63"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := c.Split(tt.doc, tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			if got := parts(s); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestSplitDecisionModificative(t *testing.T) {
	c := calculator(t)
	l1 := line("6042", "212", "011", 0)
	l1.SetAmount(budget.MtPropNouv, 10000)
	l1.SetAmount(budget.MtRARPrec, 5000)
	l2 := line("2313", "020", "23", 0)
	l2.SetAmount(budget.MtPropNouv, 15000)
	s, err := c.Split(doc(budget.KindDM, l1, l2), calc.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := parts(s), "0=150.00/500.00 2=150.00/500.00"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func TestSplitByNature(t *testing.T) {
	c := calculator(t)
	d := doc(budget.KindCA,
		line("6042", "", "011", 300),
		line("64111", "", "012", 600),
		line("6574", "", "65", 50),
		line("66111", "", "66", 25),
		line("2313", "", "23", 25),
	)
	s, err := c.Split(d, calc.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if s.Method != calc.ByNature {
		t.Errorf("method %s, want nature", s.Method)
	}
	if got, want := parts(s), "011=300.00/300.00 012=600.00/600.00 23=25.00/25.00 65=50.00/50.00 66=25.00/25.00"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	if !strings.Contains(strings.ToLower(s.Parts[1].Label), "personnel") {
		t.Errorf("chapter 012 label %q: want the plan's label (charges de personnel)", s.Parts[1].Label)
	}
}

func TestSplitPerInhabitantAndLines(t *testing.T) {
	c := calculator(t)
	d := doc(budget.KindCA, base...)
	s, err := c.Split(d, calc.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if s.PerInhabitant == nil || s.PerInhabitant.StringFixed(2) != "0.95" {
		t.Errorf("per inhabitant %v, want 0.95 (950 € / 1000)", s.PerInhabitant)
	}
	var school calc.Part
	for _, p := range s.Parts {
		if p.Code == "2" {
			school = p
		}
	}
	if school.F != 30000 || school.I != 25000 {
		t.Errorf("school F=%s I=%s, want 300.00 and 250.00", school.F, school.I)
	}
	if len(school.Lines) != 2 || s.Lines[school.Lines[0]].Nature != "6042" || s.Lines[school.Lines[0]].Pos != 10 {
		t.Errorf("school lines %+v: want 6042 (line 10) first, largest first", school.Lines)
	}
	if school.Label != "Enseignement - Formation" {
		t.Errorf("label %q, want the official M14 label", school.Label)
	}
	d.Population = 0
	s, err = c.Split(d, calc.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if s.PerInhabitant != nil || s.Parts[0].PerInhabitant != nil {
		t.Error("unknown population must give no per-inhabitant figure, not zero")
	}
}

func TestSplitVotedByFunction(t *testing.T) {
	c := calculator(t)
	d := doc(budget.KindCA,
		line("6042", "93020", "", 100),
		line("2313", "90822", "", 300),
		line("66111", "943", "", 100),
	)
	d.Nomenclature = budget.Nomenclature{Norm: "M57", Variant: "M57"}
	d.VotedBy = budget.VotedUnknown
	s, err := c.Split(d, calc.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !s.VotedByFunction {
		t.Error("voted by function not inferred")
	}
	if got, want := parts(s), "0=100.00/200.00 01=100.00/200.00 8=300.00/600.00"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func TestSplitErrors(t *testing.T) {
	c := calculator(t)
	_, err := c.Split(doc(budget.KindCA, line("6042", "212", "011", 10, revenue)), calc.Options{})
	if !errors.Is(err, calc.ErrNoSpending) {
		t.Errorf("only revenue: got %v, want ErrNoSpending", err)
	}
	_, err = c.Split(doc(budget.KindCA, line("6042", "212", "011", -10)), calc.Options{})
	if !errors.Is(err, calc.ErrNoSpending) {
		t.Errorf("negative total: got %v, want ErrNoSpending", err)
	}
	_, err = c.Split(doc(budget.KindCA, base...), calc.Options{Level: 7})
	if err == nil {
		t.Error("level 7 accepted")
	}
}

func TestClassify(t *testing.T) {
	c := calculator(t)
	m57, err := c.Catalog.Plan(budget.Nomenclature{Norm: "M57", Variant: "M57"}, 2021)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		nature, chapter string
		rules           calc.Rules
		want            calc.Verdict
	}{
		{"6042", "011", calc.Rules{}, calc.Spending},
		{"2031", "20", calc.Rules{}, calc.Spending},
		{"204182", "204", calc.Rules{}, calc.Spending},
		{"261", "26", calc.Rules{}, calc.Out},
		{"2764", "27", calc.Rules{}, calc.Out},
		{"739223", "014", calc.Rules{}, calc.Spending},
		{"7398", "014", calc.Rules{}, calc.Spending},
		{"7398", "014", calc.Rules{ExcludeTaxPassedOn: true}, calc.Out},
		{"7478", "74", calc.Rules{}, calc.Out},
		{"001", "001", calc.Rules{}, calc.Out},
		{"1068", "10", calc.Rules{}, calc.Out},
		{"1641", "16", calc.Rules{}, calc.Out},
		{"1641", "16", calc.Rules{DebtRepayment: true}, calc.Debt},
		{"16441", "16", calc.Rules{DebtRepayment: true}, calc.Out},
		{"16449", "16", calc.Rules{DebtRepayment: true}, calc.Out},
		{"166", "16", calc.Rules{DebtRepayment: true}, calc.Out},
		{"4581", "4581", calc.Rules{}, calc.Out},
		{"66111", "66", calc.Rules{}, calc.Spending},
		{"66111", "66", calc.Rules{ExcludeInterest: true}, calc.Out},
		{"6811", "042", calc.Rules{}, calc.Out},
		{"6042", "022", calc.Rules{}, calc.Out},
		{"2313", "040", calc.Rules{}, calc.Out},
		{"31", "", calc.Rules{}, calc.Out},
		{"5", "", calc.Rules{}, calc.Out},
		{"8", "", calc.Rules{}, calc.Out},
	}
	for _, tt := range tests {
		l := line(tt.nature, "", tt.chapter, 1)
		if got := tt.rules.Classify(&l, m57); got != tt.want {
			t.Errorf("%s (chapter %s, %v): got %v, want %v", tt.nature, tt.chapter, tt.rules.Names(), got, tt.want)
		}
	}
}

// Issue 14.1: sums are checked. Three lines of 90,000,000,000,000,000 €
// gave a total of 85,532,559,262,904,483.84 € and parts of 1,052.23 € "per
// 1,000 €"; amounts that no reader accepts any more (they may come from
// elsewhere) and sums beyond budget.MaxAmount are refused.
func TestSplitTooLarge(t *testing.T) {
	c := calculator(t)
	cents := func(a budget.Amount) func(*budget.Line) {
		return func(l *budget.Line) { l.SetAmount(budget.MtReal, a) }
	}
	huge := budget.Amount(9_000_000_000_000_000_000)
	half := budget.MaxAmount/2 + 1
	tests := []struct {
		name  string
		lines []budget.Line
		ok    bool
	}{
		{"three huge lines", []budget.Line{line("6042", "212", "011", 0, cents(huge)), line("6042", "311", "011", 0, cents(huge)), line("6042", "020", "011", 0, cents(huge))}, false},
		{"one line over the limit", []budget.Line{line("6042", "212", "011", 0, cents(budget.MaxAmount+1))}, false},
		{"two lines summing over", []budget.Line{line("6042", "212", "011", 0, cents(half)), line("6042", "311", "011", 0, cents(half))}, false},
		{"cancelling lines still counted", []budget.Line{line("6042", "212", "011", 0, cents(half)), line("6042", "311", "011", 0, cents(-half)), line("6042", "020", "011", 10)}, false},
		{"at the limit", []budget.Line{line("6042", "212", "011", 0, cents(budget.MaxAmount))}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := c.Split(doc(budget.KindCA, tt.lines...), calc.Options{})
			if tt.ok {
				if err != nil {
					t.Fatalf("error %v", err)
				}
				return
			}
			if !errors.Is(err, budget.ErrTooLarge) {
				t.Fatalf("got %v (total %v), want ErrTooLarge", err, s)
			}
			if !strings.Contains(err.Error(), "test.xml: line 1") {
				t.Errorf("error %q does not name the file and line", err)
			}
		})
	}
}
