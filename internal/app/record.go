package app

import (
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/jeu1000/jeu1000/internal/budget"
	"github.com/jeu1000/jeu1000/internal/calc"
	"github.com/jeu1000/jeu1000/internal/dataset"
	"github.com/jeu1000/jeu1000/internal/figures"
	"github.com/jeu1000/jeu1000/internal/nomen"
	"github.com/jeu1000/jeu1000/internal/report"
	"github.com/jeu1000/jeu1000/internal/territory"
)

// SplitRecord splits the figures of an authority for a year from the
// bundled dataset, with the peers of each part when the dataset has them.
func (c *Core) SplitRecord(key string, year int, req Request) (report.Report, error) {
	if req.AllReal {
		// Records keep the lines the usual rules may count (calc.Reduce),
		// not every real spending line: the figure would be short.
		return report.Report{}, &UserError{Message: "L'option « toutes les dépenses réelles » s'applique aux fichiers seulement : les chiffres intégrés ne gardent que les comptes des règles habituelles."}
	}
	c.atlas.mu.RLock()
	defer c.atlas.mu.RUnlock()
	rec, a, err := c.atlas.record(key, year)
	if err != nil {
		return report.Report{}, err
	}
	var r report.Report
	if rec.Detail == dataset.Detailed {
		r, err = c.splitDetailed(rec, a, req)
	} else {
		r, err = c.splitAggregated(rec, a, req)
	}
	if err != nil {
		return report.Report{}, err
	}
	r.Detail = rec.Detail.String()
	r.Provenance.Publisher = rec.Provenance.Source
	r.Provenance.Source = path.Base(rec.Provenance.Document)
	r.Provenance.Method = rec.Provenance.Method
	r.Provenance.Licence = rec.Provenance.Licence
	if rec.Provenance.Note != "" {
		r.Provenance.Note = strings.TrimSpace(rec.Provenance.Note + " " + r.Provenance.Note)
	}
	c.atlas.attachPeers(&r, rec, a, defaultRules(req))
	return r, nil
}

func authorityOf(a *dataset.Authority) budget.Authority {
	return budget.Authority{Name: a.Name, SIREN: a.SIREN, INSEE: a.Code, Type: kindLabel(a.Kind)}
}

func (c *Core) splitDetailed(rec *dataset.Record, a *dataset.Authority, req Request) (report.Report, error) {
	opt, err := req.Options()
	if err != nil {
		return report.Report{}, err
	}
	doc, err := figures.Document(rec, authorityOf(a))
	if err != nil {
		return report.Report{}, err
	}
	return c.split(doc, opt, req)
}

// split splits a document and renders it with the request's number of top
// lines (5 by default).
func (c *Core) split(doc *budget.Document, opt calc.Options, req Request) (report.Report, error) {
	s, err := c.calc.Split(doc, opt)
	if err != nil {
		return report.Report{}, err
	}
	top := req.Top
	if top == 0 {
		top = 5
	}
	return report.New(s, top), nil
}

// splitAggregated shares 1,000 € among the items of an aggregated record:
// first digits of function codes (read with M57 meanings) or the codes of the
// six-group grid. Only the grids the data allows are offered.
func (c *Core) splitAggregated(rec *dataset.Record, a *dataset.Authority, req Request) (report.Report, error) {
	if s := strings.ToUpper(req.Section); s == "F" || s == "I" {
		return report.Report{}, &UserError{Message: "Ces données agrégées ne distinguent pas fonctionnement et investissement : seul le total est disponible."}
	}
	six := nomen.SixGroups()
	byDigit := true
	for _, it := range rec.Items {
		if len(it.Code) != 1 {
			byDigit = false
		}
	}
	grid := "six"
	var note string
	if byDigit && (req.Grid == "" || req.Grid == "native") {
		grid = "native"
	} else if req.Grid != "six" {
		note = "Ces données agrégées ne permettent que les six grandes familles de politiques."
	}
	plan, err := c.calc.Catalog.Plan(budget.Nomenclature{Norm: "M57"}, rec.Year)
	if err != nil {
		return report.Report{}, err
	}
	amounts := map[string]budget.Amount{}
	var order []string
	labels := map[string]string{}
	for _, it := range rec.Items {
		if it.Amount == 0 {
			continue
		}
		code := it.Code
		switch {
		case grid == "native":
			if f, ok := plan.Function(code); ok {
				labels[code] = f.Label
			}
		case byDigit:
			area, ok := six.AreaOf("M57", code)
			if !ok {
				return report.Report{}, fmt.Errorf("aggregated record %s %d: digit %q outside the six groups", rec.Authority, rec.Year, code)
			}
			code, labels[area.Code] = area.Code, area.Label
		}
		if _, seen := amounts[code]; !seen {
			order = append(order, code)
		}
		amounts[code] += budget.Amount(it.Amount)
	}
	if grid == "six" {
		for _, area := range six.Areas() {
			labels[area.Code] = area.Label
		}
		index := map[string]int{}
		for i, area := range six.Areas() {
			index[area.Code] = i
		}
		sort.SliceStable(order, func(i, j int) bool { return index[order[i]] < index[order[j]] })
	} else {
		sort.Strings(order)
	}
	var total budget.Amount
	parts := make([]budget.Amount, len(order))
	for i, code := range order {
		parts[i] = amounts[code]
		total += parts[i]
	}
	if total <= 0 {
		return report.Report{}, calc.ErrNoSpending
	}
	shares := calc.Shares(parts, total)
	r := report.Report{
		Authority:    authorityOf(a),
		Nomenclature: strings.SplitN(rec.Nomenclature, "-", 2)[0],
		Year:         rec.Year,
		Document:     rec.Document,
		Method:       string(calc.ByFunction),
		Grid:         grid,
		Section:      "all",
		Population:   rec.Population,
		Total:        total.String(),
		Parts:        make([]report.Part, len(order)),
		Provenance:   report.Provenance{Format: "dataset", Voted: "nature", Note: note},
	}
	if grid == "native" {
		r.Level = 1
	} else {
		r.GridLabel = six.Name()
	}
	if pi := perInhabitant(total, rec.Population); pi != "" {
		r.PerInhabitant = pi
	}
	for i, code := range order {
		label := labels[code]
		if label == "" {
			label = "Code " + code
		}
		r.Parts[i] = report.Part{
			Code: code, Label: label, Amount: parts[i].String(), Euros: shares[i].StringFixed(2),
			PerInhabitant: perInhabitant(parts[i], rec.Population),
		}
	}
	report.Name(&r)
	return r, nil
}

func perInhabitant(a budget.Amount, population int64) string {
	if population <= 0 {
		return ""
	}
	return calc.PerInhabitant(a, population).StringFixed(2)
}

// YearReport is one year of an authority's history.
type YearReport struct {
	Year   int            `json:"year"`
	Report *report.Report `json:"report,omitempty"`
	Error  string         `json:"error,omitempty"`
	// Comparable reports whether the year can stand beside the others on
	// the request's grid; Reason says why not, in French (see
	// compareYears).
	Comparable bool   `json:"comparable"`
	Reason     string `json:"reason,omitempty"`
	basis      Basis  // what the year's figures are made of (compare.go)
}

// History splits every year of an authority with the same request, so that
// years can be shown side by side (use the common grid when nomenclatures
// differ across years: the reports say which grid they use), and says of
// each year whether it compares with the others (compareYears).
func (c *Core) History(key string, req Request) ([]YearReport, error) {
	info, err := c.Authority(key)
	if err != nil {
		return nil, err
	}
	seen := map[int]bool{}
	var out []YearReport
	for _, y := range info.Years {
		if seen[y.Year] {
			continue
		}
		seen[y.Year] = true
		r, err := c.SplitRecord(key, y.Year, req)
		if err != nil {
			out = append(out, YearReport{Year: y.Year, Error: Message(err)})
			continue
		}
		out = append(out, YearReport{Year: y.Year, Report: &r})
	}
	c.atlas.mu.RLock()
	a, err := c.atlas.authority(key)
	for i := range out {
		if out[i].Report == nil {
			continue
		}
		rec, _, err := c.atlas.record(key, out[i].Year)
		if err != nil {
			c.atlas.mu.RUnlock()
			return nil, err
		}
		out[i].basis = basisOf(out[i].Report, rec)
	}
	c.atlas.mu.RUnlock()
	if err != nil {
		return nil, err
	}
	compareYears(out, a, req)
	return out, nil
}

// attachPeers adds to each part the references of comparable authorities
// that the dataset has for the report's year (or the nearest year, said in
// the peer), grid and area: peers of the report's method only (see
// compare.go and peersMethod), over both sections; for detailed figures,
// with the default rules, as the peers' detailed samples are. defaults
// says the report was split so. When the dataset has peers for the
// authority but none compare, the report's PeersNote says why and the way
// to them.
func (at *atlas) attachPeers(r *report.Report, rec *dataset.Record, a *dataset.Authority, defaults bool) {
	if at.index == nil || len(at.index.Peers()) == 0 {
		return
	}
	if roles, ok := rolesOf(a); ok && roles.CombinedIn(r.Year) {
		return // its figures are not those of its kind (and it is not in the peers)
	}
	peers := at.index.Peers()
	groups := peerGroups(a)
	basis := basisOf(r, rec)
	if basis.ByNature {
		return
	}
	method := func(p *dataset.Peer) string { return peersMethod(peers, p.Year, p.Grid, p.Group) }
	usable := func(p *dataset.Peer) bool {
		return groups[p.Group] && p.Section == 'A' && (p.Grid != "native" || basis.Nomenclature == "M57")
	}
	bothSections := r.Section == "" || r.Section == "all"
	// The nearest year that has peers of this method and grid.
	year, best := 0, -1
	otherGrid, otherMethod := "", ""
	for i := range peers {
		p := &peers[i]
		if !usable(p) {
			continue
		}
		switch m := method(p); {
		case m != basis.Method:
			otherMethod = m
		case p.Grid != r.Grid || r.Grid == "native" && r.Level > 1:
			if otherGrid == "" || p.Grid == "common" {
				otherGrid = p.Grid
			}
		default:
			if d := abs(p.Year - r.Year); best < 0 || d < best || d == best && p.Year > year {
				year, best = p.Year, d
			}
		}
	}
	switch {
	case best >= 0 && (!bothSections || basis.Method == MethodDetailed && !defaults):
		r.PeersNote = &report.PeersNote{Defaults: true,
			Text: "Les médianes des collectivités comparables portent sur le fonctionnement et l'investissement ensemble, comptés avec les règles par défaut : revenez-y pour les voir."}
		return
	case best >= 0:
	case otherGrid != "":
		r.PeersNote = &report.PeersNote{Grid: otherGrid,
			Text: fmt.Sprintf("Les médianes des collectivités comparables se lisent sur la %s.", gridWords(otherGrid))}
		return
	case otherMethod != "":
		r.PeersNote = &report.PeersNote{Year: at.yearOfMethod(a, otherMethod, r.Year),
			Text: fmt.Sprintf("Les médianes des collectivités comparables ne portent que sur des %s, une autre méthode que ces chiffres (%s) : elles ne s'y comparent pas.",
				methodPlural(otherMethod), methodShort(basis.Method))}
		return
	default:
		return
	}
	for i := range r.Parts {
		part := &r.Parts[i]
		for j := range peers {
			p := &peers[j]
			if p.Year != year || p.Grid != r.Grid || p.Area != part.Code || !usable(p) || method(p) != basis.Method {
				continue
			}
			part.Peers = append(part.Peers, report.Peer{
				Group: groupLabel(p.Group), Kind: groupKind(p.Group), Year: p.Year, N: p.N,
				Median: budget.Amount(p.ShareMedian).String(), Q1: budget.Amount(p.ShareQ1).String(),
				Q3: budget.Amount(p.ShareQ3).String(), PerInh: budget.Amount(p.PerInhMedian).String(),
			})
		}
	}
}

// yearOfMethod is the year of an authority's loaded records, closest to
// year, whose figures are of a method; 0 when none is.
func (at *atlas) yearOfMethod(a *dataset.Authority, method string, year int) int {
	recs, _, err := at.bestRecords(a.Key())
	if err != nil {
		return 0
	}
	out := 0
	for _, rec := range recs {
		if recordBasis(rec).Method == method && (out == 0 || abs(rec.Year-year) <= abs(out-year)) {
			out = rec.Year
		}
	}
	return out
}

// gridWords names a grid in a sentence.
func gridWords(grid string) string {
	switch grid {
	case "common":
		return "grille commune (politiques regroupées, toutes nomenclatures)"
	case "six":
		return "grille des six grandes familles de politiques"
	}
	return "grille de la nomenclature (premier niveau)"
}

// methodPlural names the figures of a method, in the plural.
func methodPlural(m string) string {
	switch m {
	case MethodDigits:
		return "chiffres agrégés par la DGFiP (mouvements bruts par premier chiffre de fonction)"
	case MethodGroups:
		return "chiffres agrégés par l'OFGL (six regroupements)"
	}
	return "comptes détaillés"
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// Peer groups are named "national", "<kind>" (all authorities of a kind) or
// "<kind>:<band>" (communes or EPCI of a DGCL population band).

// peerGroups returns the groups an authority belongs to.
func peerGroups(a *dataset.Authority) map[string]bool {
	g := map[string]bool{"national": true, a.Kind.String(): true}
	if (a.Kind == dataset.KindCommune || a.Kind == dataset.KindEPCI) && a.Population > 0 {
		g[a.Kind.String()+":"+territory.StrateOf(a.Population).Code] = true
	}
	return g
}

func groupKind(group string) string {
	switch {
	case group == "national":
		return "national"
	case strings.Contains(group, ":"):
		return "strate"
	}
	return "type"
}

func groupLabel(group string) string {
	kind, band, hasBand := strings.Cut(group, ":")
	if group == "national" {
		return "France entière"
	}
	plural := map[string]string{
		"commune": "Communes", "epci": "EPCI", "ept": "Établissements publics territoriaux",
		"departement": "Départements", "region": "Régions", "ctu": "Collectivités uniques",
	}[kind]
	if plural == "" {
		plural = kind
	}
	if !hasBand {
		return "Ensemble : " + strings.ToLower(plural)
	}
	for _, st := range territory.Strates() {
		if st.Code == band {
			return plural + " de " + strings.TrimPrefix(st.Label, "de ")
		}
	}
	return plural + " " + band
}
