package pipeline

import (
	"cmp"
	"errors"
	"maps"
	"slices"

	"github.com/jeu1000/jeu1000/internal/budget"
	"github.com/jeu1000/jeu1000/internal/calc"
	"github.com/jeu1000/jeu1000/internal/dataset"
	"github.com/jeu1000/jeu1000/internal/figures"
	"github.com/jeu1000/jeu1000/internal/nomen"
	"github.com/jeu1000/jeu1000/internal/territory"
)

// Peers.
//
// A peer reference (dataset.Peer) describes, for a year, a grid and a group
// of comparable authorities, the distribution of one area over the group:
// the quartiles of the area's share of each authority's 1,000 € and of its
// amount per inhabitant. Groups are named as the app looks them up:
// "commune:<band>" (communes of a DGCL population band, territory.StrateOf
// the index population), "<kind>" (all authorities of a kind: "commune",
// "departement"…). There is no "national" group: the shared file of
// national averages (communes-2024-national.json) is left out — it covers
// the bloc communal (communes and EPCI together), in nine editorial
// categories that map onto no grid, rounded to the percent and to 5 €.
//
// Samples: each record gives one sample per grid its detail allows, with
// section 'A' (fonctionnement and investissement together) —
//
//   - an aggregated record by first digit: grid "native" (the digits, read
//     as M57) and grid "six" (digits mapped by nomen.SixGroups for M57:
//     0 → G0, 01 being inseparable from it; 9, reserved in M57, → NV as the
//     grid says);
//   - an aggregated record in six-group codes: grid "six";
//   - a detailed record with function codes: grids "six" and "common" (the
//     native level-1 codes mean different things in M14 and M57, so no
//     native peers); nature-only records give no sample.
//
// An authority gives one sample per year, grid and detail level (the
// executed accounts before a balance before a budget primitif). A group
// uses detailed samples when it has at least MinPeers of them, else
// aggregated ones: the methods (real spending, gross movements, OFGL groups)
// are never mixed within a group. An area gets a peer when at least
// MinPeers authorities of the group give it and one of them is not zero;
// an authority whose record does not give the area is not counted (absent
// is not zero).
//
// Shares are each authority's split of 1,000 € (calc.Shares, largest
// remainder, in cents); per-inhabitant amounts are amount ÷ population
// rounded half away from zero to the cent; quartiles are by Quartiles.

// MinPeers is the smallest number of authorities a peer reference
// describes.
const MinPeers = 5

// Grid names of peers (as the app's reports name them).
const (
	GridNative = "native"
	GridSix    = "six"
	GridCommon = "common"
)

// sample is what one record contributes to the peers of one grid.
type sample struct {
	authority string
	year      int
	detail    dataset.Detail
	rank      int // document preference, lower first
	groups    []string
	grid      string
	areas     []string
	amounts   []int64
	shares    []int64 // cents of 1,000 €
	perInh    []int64 // cents per inhabitant
}

// sampleOf returns the samples of a record (none when it has no
// population or no grid applies).
func (b *Builder) sampleOf(rec *dataset.Record, a *dataset.Authority) ([]sample, error) {
	if rec.Population <= 0 || !peerable(rec, a) {
		return nil, nil
	}
	var grids []gridAmounts
	var err error
	switch rec.Detail {
	case dataset.Aggregated:
		grids = aggregatedGrids(rec.Items)
	case dataset.Detailed:
		grids, err = b.detailedGrids(rec)
	}
	if err != nil {
		return nil, err
	}
	out := make([]sample, 0, len(grids))
	for _, g := range grids {
		s := sample{
			authority: rec.Authority, year: rec.Year, detail: rec.Detail, rank: documentRank(rec.Document),
			groups: peerGroups(a), grid: g.grid, areas: g.areas, amounts: g.amounts,
		}
		if !s.fill(rec.Population) {
			continue
		}
		out = append(out, s)
	}
	return out, nil
}

// peerable reports whether a record may describe its kind's peers: not
// when its authority exercises the powers of two kinds that year (the
// Ville de Paris, the Métropole de Lyon, the collectivités territoriales
// uniques, Mayotte: territory.Roles.Combined), nor for a second budget of
// the year (the département de Paris before 2019).
func peerable(rec *dataset.Record, a *dataset.Authority) bool {
	if rec.Document == DocumentParisDepartement {
		return false
	}
	if a.Kind > dataset.KindRegion {
		return true
	}
	roles, special := territory.SpecialRoles(territory.Kind(a.Kind), a.Code, a.Nature)
	return !special || !roles.CombinedIn(rec.Year)
}

// fill computes the shares and per-inhabitant amounts; false when the total
// is not positive.
func (s *sample) fill(population int64) bool {
	parts := make([]budget.Amount, len(s.amounts))
	var total budget.Amount
	for i, a := range s.amounts {
		parts[i] = budget.Amount(a)
		total += parts[i]
	}
	if total <= 0 {
		return false
	}
	shares := calc.Shares(parts, total)
	s.shares = make([]int64, len(shares))
	s.perInh = make([]int64, len(shares))
	for i := range shares {
		s.shares[i] = shares[i].Shift(2).IntPart()
		s.perInh[i] = roundDiv(s.amounts[i], population)
	}
	return true
}

// peerGroups returns the groups of an authority: its kind, and its
// population band for a commune.
func peerGroups(a *dataset.Authority) []string {
	g := []string{a.Kind.String()}
	if a.Kind == dataset.KindCommune && a.Population > 0 {
		g = append(g, a.Kind.String()+":"+territory.StrateOf(a.Population).Code)
	}
	return g
}

// documentRank prefers executed accounts, then balances, then budgets.
func documentRank(document string) int {
	switch budget.Kind(document) {
	case budget.KindCA, budget.KindCFU:
		return 0
	case budget.KindBalance:
		return 1
	}
	return 2
}

// gridAmounts is a record's amounts by area of one grid, areas in first
// appearance order.
type gridAmounts struct {
	grid    string
	areas   []string
	amounts []int64
}

func (g *gridAmounts) add(area string, amount int64) {
	if i := slices.Index(g.areas, area); i >= 0 {
		g.amounts[i] += amount
		return
	}
	g.areas = append(g.areas, area)
	g.amounts = append(g.amounts, amount)
}

// aggregatedGrids reads the items of an aggregated record (section 'A'
// only): first digits give the native and six grids, six-group codes the
// six grid.
func aggregatedGrids(items []dataset.Item) []gridAmounts {
	six := nomen.SixGroups()
	sixCodes := map[string]bool{}
	for _, a := range six.Areas() {
		sixCodes[a.Code] = true
	}
	digits, groups := true, true
	for _, it := range items {
		digits = digits && it.Section == SectionAll && len(it.Code) == 1 && it.Code[0] >= '0' && it.Code[0] <= '9'
		groups = groups && it.Section == SectionAll && sixCodes[it.Code]
	}
	switch {
	case digits:
		native, grouped := gridAmounts{grid: GridNative}, gridAmounts{grid: GridSix}
		for _, it := range items {
			native.add(it.Code, it.Amount)
			area, _ := six.AreaOf("M57", it.Code) // every digit has an area
			grouped.add(area.Code, it.Amount)
		}
		return []gridAmounts{native, grouped}
	case groups:
		g := gridAmounts{grid: GridSix}
		for _, it := range items {
			g.add(it.Code, it.Amount)
		}
		return []gridAmounts{g}
	}
	return nil
}

// detailedGrids splits a detailed record with the six-group grid, as the
// app would, and regroups the same counted lines by the common grid (one
// split instead of two: the areas of a line are what calc's grid grouping
// gives, calc.CodeNoFunction for a line without function and "HORS" for a
// code the grid cannot place).
func (b *Builder) detailedGrids(rec *dataset.Record) ([]gridAmounts, error) {
	doc, err := figures.Document(rec, budget.Authority{})
	if err != nil {
		return nil, err
	}
	s, err := b.calc.Split(doc, calc.Options{Grid: nomen.SixGroups()})
	if errors.Is(err, calc.ErrNoSpending) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if s.Method != calc.ByFunction {
		return nil, nil
	}
	six := gridAmounts{grid: GridSix}
	for _, p := range s.Parts {
		six.add(p.Code, int64(p.Amount))
	}
	common := gridAmounts{grid: GridCommon}
	grid := nomen.CommonGrid()
	for _, k := range s.Lines {
		area := calc.CodeNoFunction
		if k.Function != "" {
			area = "HORS"
			if a, ok := grid.AreaOf(s.Nomenclature.Norm, k.Function); ok {
				area = a.Code
			}
		}
		common.add(area, int64(k.Amount))
	}
	return []gridAmounts{six, common}, nil
}

// peerKey identifies a peer group within a year and grid.
type peerKey struct {
	year  int
	grid  string
	group string
}

// computePeers turns samples into peer references, in dataset order.
func computePeers(samples []sample) []dataset.Peer {
	best := bestSamples(samples)
	byGroup := map[peerKey][]*sample{}
	for _, s := range best {
		for _, g := range s.groups {
			k := peerKey{s.year, s.grid, g}
			byGroup[k] = append(byGroup[k], s)
		}
	}
	var out []dataset.Peer
	for _, k := range slices.SortedFunc(maps.Keys(byGroup), comparePeerKeys) {
		out = append(out, groupPeers(k, oneDetail(byGroup[k]))...)
	}
	return out
}

func comparePeerKeys(a, b peerKey) int {
	return cmp.Or(cmp.Compare(a.year, b.year), cmp.Compare(a.grid, b.grid), cmp.Compare(a.group, b.group))
}

// bestSamples keeps one sample per authority, year, grid and detail level:
// the best-ranked document's, in a deterministic order.
func bestSamples(samples []sample) []*sample {
	type id struct {
		authority string
		year      int
		grid      string
		detail    dataset.Detail
	}
	best := map[id]*sample{}
	for i := range samples {
		s := &samples[i]
		k := id{s.authority, s.year, s.grid, s.detail}
		if cur, ok := best[k]; !ok || s.rank < cur.rank {
			best[k] = s
		}
	}
	out := make([]*sample, 0, len(best))
	for _, s := range best {
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b *sample) int {
		return cmp.Or(cmp.Compare(a.authority, b.authority), cmp.Compare(a.year, b.year),
			cmp.Compare(a.grid, b.grid), cmp.Compare(a.detail, b.detail))
	})
	return out
}

// oneDetail keeps the detailed samples when there are at least MinPeers of
// them, else the aggregated ones.
func oneDetail(ss []*sample) []*sample {
	var detailed, aggregated []*sample
	for _, s := range ss {
		if s.detail == dataset.Detailed {
			detailed = append(detailed, s)
		} else {
			aggregated = append(aggregated, s)
		}
	}
	if len(detailed) >= MinPeers {
		return detailed
	}
	return aggregated
}

// groupPeers computes the peers of each area of one group.
func groupPeers(k peerKey, ss []*sample) []dataset.Peer {
	type column struct {
		shares, perInh []int64
		nonZero        bool
	}
	cols := map[string]*column{}
	for _, s := range ss {
		for i, area := range s.areas {
			c := cols[area]
			if c == nil {
				c = &column{}
				cols[area] = c
			}
			c.shares = append(c.shares, s.shares[i])
			c.perInh = append(c.perInh, s.perInh[i])
			c.nonZero = c.nonZero || s.amounts[i] != 0
		}
	}
	var out []dataset.Peer
	for _, area := range slices.Sorted(maps.Keys(cols)) {
		c := cols[area]
		if len(c.shares) < MinPeers || !c.nonZero {
			continue
		}
		p := dataset.Peer{Year: k.year, Grid: k.grid, Group: k.group, Area: area, Section: SectionAll, N: len(c.shares)}
		p.ShareQ1, p.ShareMedian, p.ShareQ3 = Quartiles(c.shares)
		p.PerInhQ1, p.PerInhMedian, p.PerInhQ3 = Quartiles(c.perInh)
		out = append(out, p)
	}
	return out
}

// Quartiles returns the first quartile, the median and the third quartile
// of values (which it sorts), by linear interpolation between order
// statistics — Hyndman and Fan's type 7, the default of R and NumPy: the
// quantile p of n sorted values x[0..n-1] is x[h] at h = (n−1)p, read
// linearly between x[⌊h⌋] and x[⌊h⌋+1] — computed exactly in integers and
// rounded half away from zero to the unit (the cent). Values must not be
// empty.
func Quartiles(values []int64) (q1, median, q3 int64) {
	slices.Sort(values)
	return quantile(values, 1, 4), quantile(values, 2, 4), quantile(values, 3, 4)
}

// quantile returns the type-7 quantile k/of of sorted values.
func quantile(sorted []int64, k, of int64) int64 {
	h := int64(len(sorted)-1) * k
	lo, rem := h/of, h%of
	if rem == 0 {
		return sorted[lo]
	}
	return roundDiv(sorted[lo]*of+(sorted[lo+1]-sorted[lo])*rem, of)
}

// roundDiv returns a/b rounded half away from zero (b > 0).
func roundDiv(a, b int64) int64 {
	if a < 0 {
		return -roundDiv(-a, b)
	}
	return (a + b/2) / b
}
