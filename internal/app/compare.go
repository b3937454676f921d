package app

import (
	"fmt"
	"strings"

	"github.com/jeu1000/jeu1000/internal/calc"
	"github.com/jeu1000/jeu1000/internal/dataset"
	"github.com/jeu1000/jeu1000/internal/report"
)

// What compares with what.
//
// Two sets of figures stand side by side (two years of an authority, an
// authority and its peers, the two authorities of the game's duel, a draft
// and its reference) only when they were made the same way. This file is
// the one place that decides it; the page only draws what it is told.
//
//   - Method: how the figures were made. A detailed record (a document or a
//     balance, read line by line: real spending, classes 6 and 2, chapter
//     014) does not compare with gross aggregates made by a third party:
//     the DGFiP 2024 first-digit aggregates (gross movements, ordre
//     operations included) or the OFGL six groups (total spending without
//     debt repayment, budgets annexes consolidated). Nor do the two kinds
//     of aggregates compare with each other: their definitions differ.
//   - Presentation: figures without function codes (a split by nature) do
//     not go on a grid of policies; they compare only with another split
//     by nature.
//   - Grid and nomenclature: on the native grid, codes mean what their
//     nomenclature says (M14 « 2 » is not M57 « 2 »); across the M14, M52
//     or M71 → M57 switch, figures compare on the common grid. First-digit
//     aggregates give the native first digits (read as M57) or the six
//     groups; OFGL figures the six groups only; no aggregate separates
//     fonctionnement and investissement.
//
// No evolution is ever computed between figures that do not compare: they
// are shown apart, with the reason.

// Methods of figures (Basis.Method).
const (
	MethodDetailed = "detailed"          // a document or a balance, line by line
	MethodDigits   = "aggregated-digits" // DGFiP first-digit aggregates
	MethodGroups   = "aggregated-groups" // OFGL six groups
)

// Basis is what a set of figures is made of, as far as comparing goes.
type Basis struct {
	Year         int
	Method       string // MethodDetailed, MethodDigits, MethodGroups
	ByNature     bool   // no function codes: a split by nature
	Nomenclature string // the norm: "M14", "M57"…
	Document     string // "CA", "BP", "BAL", "AGG"…
}

// aggregated reports whether the figures are a third party's aggregates.
func (b Basis) aggregated() bool { return b.Method != MethodDetailed }

// basisOf describes a report, and the record it was split from when it
// comes from the dataset (nil for a user's file, which is detailed).
func basisOf(r *report.Report, rec *dataset.Record) Basis {
	b := Basis{Year: r.Year, Method: MethodDetailed, ByNature: r.Method == string(calc.ByNature),
		Nomenclature: baseNorm(r.Nomenclature), Document: r.Document}
	if rec != nil && rec.Detail != dataset.Detailed {
		b.Method = aggregateMethod(rec)
		b.Nomenclature = "M57" // first digits are read with M57 meanings
	} else if rec == nil && r.Detail == dataset.Aggregated.String() {
		b.Method = MethodDigits
		if r.Grid == "six" && r.Level == 0 && r.Provenance.Voted == "nature" && strings.Contains(r.Provenance.Publisher, "OFGL") {
			b.Method = MethodGroups
		}
	}
	return b
}

// aggregateMethod tells first-digit aggregates from six-group ones.
func aggregateMethod(rec *dataset.Record) string {
	for _, it := range rec.Items {
		if len(it.Code) != 1 {
			return MethodGroups
		}
	}
	return MethodDigits
}

// methodWords names a method for a citizen: what the figures are, and how
// they were made.
func methodWords(m string) string { return methodShort(m) + " (" + methodHow(m) + ")" }

// methodShort names the figures of a method.
func methodShort(m string) string {
	switch m {
	case MethodDigits:
		return "chiffres agrégés par la DGFiP"
	case MethodGroups:
		return "chiffres agrégés par l'OFGL"
	}
	return "compte détaillé"
}

// methodHow says how the figures of a method were made.
func methodHow(m string) string {
	switch m {
	case MethodDigits:
		return "mouvements bruts par premier chiffre de fonction"
	case MethodGroups:
		return "six regroupements, budgets annexes compris"
	}
	return "dépenses réelles, ligne par ligne"
}

// sameMethod says, when two sets of figures were not made the same way,
// why they do not compare (in French); "" when they were.
func sameMethod(a, b Basis) string {
	switch {
	case a.ByNature != b.ByNature:
		return "Ventilation par nature seulement (pas de codes fonction) d'un côté, par politique de l'autre : ces chiffres ne se placent pas sur la même grille et ne se comparent pas."
	case a.Method != b.Method:
		return fmt.Sprintf("Méthodes différentes : %s d'un côté, %s de l'autre. Ces chiffres ne se comparent pas.",
			methodWords(a.Method), methodWords(b.Method))
	}
	return ""
}

// gridFor returns the grid on which two sets of figures of the same
// method compare, given the grid asked for, and what was changed, in
// French ("" when nothing).
func gridFor(a, b Basis, grid string) (string, string) {
	if grid == "" {
		grid = "native"
	}
	switch {
	case a.ByNature:
		return "native", ""
	case a.Method == MethodGroups && grid != "six":
		return "six", "Ces chiffres agrégés ne se présentent que sur les six grandes familles de politiques."
	case a.Method == MethodDigits && grid == "common":
		return "six", "Ces chiffres agrégés ne permettent que les premiers chiffres de fonction ou les six grandes familles de politiques."
	case !a.aggregated() && grid == "native" && a.Nomenclature != b.Nomenclature:
		return "common", fmt.Sprintf("Nomenclatures différentes (%s et %s) : les codes fonction n'ont pas le même sens ; la comparaison utilise la grille commune.",
			a.Nomenclature, b.Nomenclature)
	}
	return grid, ""
}

// Side is one side of a comparison: an authority's year from the dataset
// (Key and Year) or a report of a user's file (Report).
type Side struct {
	Key    string         `json:"key,omitempty"`
	Year   int            `json:"year,omitempty"`
	Report *report.Report `json:"report,omitempty"`
}

// Verdict says whether two sets of figures compare and how: on which grid
// and section (the request's, unless the figures need another), and why
// not or what was changed, in plain French.
type Verdict struct {
	Comparable bool   `json:"comparable"`
	Reason     string `json:"reason,omitempty"`
	Grid       string `json:"grid"`
	Section    string `json:"section"`
}

// Compare says whether two sets of figures compare under a request, and on
// which grid and section. It serves the draft's reference and the game's
// duel; History and the peers follow the same rules.
func (c *Core) Compare(a, b Side, req Request) (Verdict, error) {
	ba, err := c.basis(a, req)
	if err != nil {
		return Verdict{}, err
	}
	bb, err := c.basis(b, req)
	if err != nil {
		return Verdict{}, err
	}
	return verdict(ba, bb, req), nil
}

// verdict applies the rules to two bases.
func verdict(a, b Basis, req Request) Verdict {
	section := strings.ToUpper(req.Section)
	if section == "" || section == "ALL" {
		section = "all"
	}
	v := Verdict{Grid: req.Grid, Section: section}
	if v.Grid == "" {
		v.Grid = "native"
	}
	if why := sameMethod(a, b); why != "" {
		v.Reason = why
		return v
	}
	v.Comparable = true
	var notes []string
	if grid, why := gridFor(a, b, req.Grid); grid != v.Grid {
		v.Grid = grid
		notes = append(notes, why)
	}
	if a.aggregated() && v.Section != "all" {
		v.Section = "all"
		notes = append(notes, "Ces chiffres agrégés ne séparent pas fonctionnement et investissement : la comparaison porte sur les deux ensemble.")
	}
	v.Reason = strings.Join(notes, " ")
	return v
}

// basis describes one side: a dataset record is split with the request
// (for its presentation) and read for its method.
func (c *Core) basis(s Side, req Request) (Basis, error) {
	if s.Report != nil {
		return basisOf(s.Report, nil), nil
	}
	r, err := c.SplitRecord(s.Key, s.Year, comparableRequest(req))
	if err != nil {
		return Basis{}, err
	}
	c.atlas.mu.RLock()
	rec, _, err := c.atlas.record(s.Key, s.Year)
	c.atlas.mu.RUnlock()
	if err != nil {
		return Basis{}, err
	}
	return basisOf(&r, rec), nil
}

// comparableRequest is a request every record can be split with (the
// section of aggregated figures is both), to read its basis.
func comparableRequest(req Request) Request {
	req.Section, req.Grid, req.Level = "all", "six", 0
	return req
}

// recordBasis describes a loaded record without splitting it.
func recordBasis(rec *dataset.Record) Basis {
	b := Basis{Year: rec.Year, Method: MethodDetailed, Nomenclature: baseNorm(rec.Nomenclature), Document: rec.Document}
	if rec.Detail != dataset.Detailed {
		b.Method, b.Nomenclature = aggregateMethod(rec), "M57"
		return b
	}
	b.ByNature = true
	for _, l := range rec.Lines {
		if l.Function != "" {
			b.ByNature = false
			break
		}
	}
	return b
}

// defaultYear is the year an authority's page opens on: the latest year of
// a detailed record (a document or a balance: drill-down, fonctionnement
// and investissement), else the latest year. 0 when that cannot be told
// yet: a year more recent than the answer has its shard not loaded.
func (at *atlas) defaultYear(a *dataset.Authority) int {
	shards := at.index.Shards()
	recs := at.records[a.Key()]
	for j := len(a.Years) - 1; j >= 0; j-- {
		y := a.Years[j]
		if _, ok := at.shards[shards[a.YearShards[j]].Name]; !ok {
			return 0
		}
		var best *dataset.Record
		for _, r := range recs {
			if r.Year == y && (best == nil || rank(r) < rank(best)) {
				best = r
			}
		}
		if best != nil && best.Detail == dataset.Detailed {
			return y
		}
	}
	if len(a.Years) == 0 {
		return 0
	}
	return a.Years[len(a.Years)-1]
}

// Pair is the years of the game's duel: one of each authority, made the
// same way, and how they compare.
type Pair struct {
	Year      int     `json:"year"`
	OtherYear int     `json:"otherYear"`
	Verdict   Verdict `json:"verdict"`
}

// PairYears chooses the years of two authorities that stand side by side
// (the game's duel): the first's asked year when one of the other's years
// compares with it, else any of its years; of the other's years, one of
// the same method and presentation by function; the closest years,
// detailed before aggregated, then the latest.
// Every year's shard of both must be loaded. When no pair of years
// compares, the error says why, in French.
//
// With no other authority, it chooses the year of a game of one: the asked
// year when its figures are by function, else the latest detailed year by
// function, else the latest year by function (the years loaded so far).
func (c *Core) PairYears(key, other string, asked int, req Request) (Pair, error) {
	c.atlas.mu.RLock()
	ours, a, err := c.atlas.bestRecords(key)
	if err != nil {
		c.atlas.mu.RUnlock()
		return Pair{}, err
	}
	if other == "" {
		c.atlas.mu.RUnlock()
		return gameYear(ours, a, asked, req)
	}
	theirs, b, err := c.atlas.bestRecords(other)
	c.atlas.mu.RUnlock()
	if err != nil {
		return Pair{}, err
	}
	if len(ours) == 0 || len(theirs) == 0 {
		n := phraseOf(a).The
		if len(ours) > 0 {
			n = phraseOf(b).The
		}
		return Pair{}, &UserError{Message: fmt.Sprintf("Pas de répartition par politique pour %s dans les données intégrées.", n)}
	}
	for _, r := range ours {
		if r.Year == asked {
			if p, ok := pairOf([]*dataset.Record{r}, theirs, req); ok {
				return p, nil
			}
		}
	}
	if p, ok := pairOf(ours, theirs, req); ok {
		return p, nil
	}
	return Pair{}, &UserError{Message: fmt.Sprintf(
		"%s et %s n'ont pas de chiffres faits de la même façon (%s ; %s) : le duel ne comparerait pas la même chose. Choisissez une autre collectivité.",
		phraseOf(a).Subject(), phraseOf(b).The, methodsOf(ours), methodsOf(theirs))}
}

// pairOf chooses the best pair of years of two lists of records (see
// PairYears); false when none compares.
func pairOf(mine, theirs []*dataset.Record, req Request) (Pair, bool) {
	type cand struct {
		p    Pair
		cost [4]int
	}
	var best *cand
	for _, x := range mine {
		bx := recordBasis(x)
		for _, y := range theirs {
			by := recordBasis(y)
			if sameMethod(bx, by) != "" || bx.ByNature {
				continue
			}
			agg := 0
			if bx.aggregated() {
				agg = 1
			}
			cost := [4]int{abs(x.Year - y.Year), agg, -x.Year, -y.Year}
			if best == nil || less(cost, best.cost) {
				best = &cand{Pair{Year: x.Year, OtherYear: y.Year, Verdict: verdict(bx, by, req)}, cost}
			}
		}
	}
	if best == nil {
		return Pair{}, false
	}
	return best.p, true
}

func less(a, b [4]int) bool {
	for i := range a {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return false
}

// methodsOf lists the methods of records, for a message.
func methodsOf(recs []*dataset.Record) string {
	var out []string
	for _, r := range recs {
		b := recordBasis(r)
		w := fmt.Sprintf("%d : %s", r.Year, methodWords(b.Method))
		if b.ByNature {
			w = fmt.Sprintf("%d : ventilation par nature seulement", r.Year)
		}
		out = append(out, w)
	}
	return strings.Join(out, ", ")
}

// bestRecords returns the record the page shows for each year of an
// authority (atlas.record's choice), among the loaded ones, by year.
func (at *atlas) bestRecords(key string) ([]*dataset.Record, *dataset.Authority, error) {
	a, err := at.authority(key)
	if err != nil {
		return nil, nil, err
	}
	var out []*dataset.Record
	for _, r := range at.records[a.Key()] {
		if n := len(out); n > 0 && out[n-1].Year == r.Year {
			if rank(r) < rank(out[n-1]) {
				out[n-1] = r
			}
			continue
		}
		out = append(out, r)
	}
	return out, a, nil
}

// peersMethod is the method of the peers of a year, grid and group. Peers
// on the common grid come from detailed records only, on the native grid
// from first-digit aggregates only (pipeline/peers.go). On the six groups
// a group uses detailed samples when it has at least five, else
// aggregated ones; a detailed record gives a sample on both the six and
// the common grids, so six-group peers are detailed exactly when the same
// year and group have common-grid peers.
func peersMethod(peers []dataset.Peer, year int, grid, group string) string {
	switch grid {
	case "common":
		return MethodDetailed
	case "native":
		return MethodDigits
	}
	for i := range peers {
		p := &peers[i]
		if p.Year == year && p.Group == group && p.Grid == "common" {
			return MethodDetailed
		}
	}
	// Six-group aggregates: from first digits or from OFGL's groups. The
	// peers do not say which; OFGL's cover the départements, the first
	// digits the communes.
	if strings.HasPrefix(group, "departement") {
		return MethodGroups
	}
	return MethodDigits
}

// gameYear chooses the year of a game of one authority (see PairYears).
func gameYear(recs []*dataset.Record, a *dataset.Authority, asked int, req Request) (Pair, error) {
	var pick *dataset.Record
	var pickBasis Basis
	for _, r := range recs {
		b := recordBasis(r)
		if b.ByNature {
			continue
		}
		if r.Year == asked {
			pick, pickBasis = r, b
			break
		}
		if pick == nil || !b.aggregated() || pickBasis.aggregated() {
			pick, pickBasis = r, b
		}
	}
	if pick == nil {
		if len(recs) == 0 {
			return Pair{}, &UserError{Message: fmt.Sprintf("Pas de répartition par politique pour %s dans les données intégrées.", phraseOf(a).The)}
		}
		return Pair{}, &UserError{Message: fmt.Sprintf(
			"%s ne présente pas ses dépenses par politique dans les données intégrées (%s) : le jeu n'est pas possible avec ces comptes. Choisissez son intercommunalité ou son département.",
			phraseOf(a).Subject(), methodsOf(recs))}
	}
	return Pair{Year: pick.Year, Verdict: verdict(pickBasis, pickBasis, req)}, nil
}

// plural puts the name of figures in the plural ("compte détaillé" →
// "comptes détaillés"; the aggregates' names already are).
func plural(s string) string {
	if s == methodShort(MethodDetailed) {
		return "comptes détaillés"
	}
	return s
}
