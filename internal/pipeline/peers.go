package pipeline

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"math"
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
// "commune:<band>" and "epci:<band>" (communes or EPCI of a DGCL
// population band, territory.StrateOf the index population), "<kind>" (all
// authorities of a kind: "commune", "departement"…). There is no "national" group: the shared file of
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

// Samples are kept compactly, since a national build has one or two per
// detailed record with function codes (about 5,000 authorities a year, 13
// years): a 24-byte head per sample, and per area one byte (its code, from
// a table) and the amount (8 bytes), in two arrays shared by every sample:
// about 250 bytes per detailed record instead of 1,300 for the same
// information held as strings and slices per sample. Shares and amounts
// per inhabitant are computed from the amounts when peers are computed.

// sampleHead is one sample: what one record contributes to the peers of
// one grid.
type sampleHead struct {
	population int64  // of the record, for amounts per inhabitant
	off        uint32 // its areas and amounts are areas[off:off+n], amounts[off:off+n]
	auth       uint32 // authority key, by id (sampleSet.keys)
	year       uint16
	n          uint8
	grid       uint8 // index into peerGrids
	detail     dataset.Detail
	rank       uint8 // document preference, lower first
	kind       dataset.Kind
	band       uint8 // 1 + index of the commune's population band (territory.Strates); 0 for none
}

// peerGrids are the grids of samples, by sampleHead.grid.
var peerGrids = [...]string{GridNative, GridSix, GridCommon}

// sampleSet holds the samples of a build.
type sampleSet struct {
	heads   []sampleHead
	areas   []uint8 // area codes, by id (codes)
	amounts []int64
	keys    []string // authority keys, by id
	keyID   map[string]uint32
	codes   []string // area codes, by id
	codeID  map[string]uint8
	areaBuf []uint8
	// spill, when not nil, holds the samples in a temporary file instead
	// of heads, areas and amounts (see sampleSpill).
	spill *sampleSpill
}

// add adds one sample; it does nothing when the amounts do not add up to
// a positive total.
func (ss *sampleSet) add(authority string, year int, detail dataset.Detail, rank int, kind dataset.Kind, band uint8,
	g *gridAmounts, population int64) error {
	var total int64
	for _, a := range g.amounts {
		total += a
	}
	if total <= 0 || population <= 0 {
		return nil
	}
	grid := slices.Index(peerGrids[:], g.grid)
	switch {
	case grid < 0:
		return fmt.Errorf("grid %q has no peers", g.grid)
	case len(g.areas) > math.MaxUint8:
		return fmt.Errorf("%d areas: more than %d", len(g.areas), math.MaxUint8)
	case year <= 0 || year > math.MaxUint16:
		return fmt.Errorf("year %d", year)
	case len(ss.amounts)+len(g.areas) > math.MaxUint32 || len(ss.keys) == math.MaxUint32:
		return fmt.Errorf("more than 4 billion samples")
	}
	if ss.keyID == nil {
		ss.keyID, ss.codeID = map[string]uint32{}, map[string]uint8{}
	}
	id, ok := ss.keyID[authority]
	if !ok {
		id = uint32(len(ss.keys))
		ss.keyID[authority] = id
		ss.keys = append(ss.keys, authority)
	}
	areas := ss.areaBuf[:0]
	for _, area := range g.areas {
		c, ok := ss.codeID[area]
		if !ok {
			if len(ss.codes) > math.MaxUint8 {
				return fmt.Errorf("area %q: more than %d area codes", area, math.MaxUint8+1)
			}
			c = uint8(len(ss.codes))
			ss.codeID[area] = c
			ss.codes = append(ss.codes, area)
		}
		areas = append(areas, c)
	}
	ss.areaBuf = areas
	h := sampleHead{
		population: population, auth: id, year: uint16(year), n: uint8(len(g.areas)),
		grid: uint8(grid), detail: detail, rank: uint8(min(rank, math.MaxUint8)), kind: kind, band: band,
	}
	if ss.spill != nil {
		return ss.spill.put(&h, areas, g.amounts)
	}
	ss.push(h, areas, g.amounts)
	return nil
}

// push appends a sample to the samples held in memory.
func (ss *sampleSet) push(h sampleHead, areas []uint8, amounts []int64) {
	h.off = uint32(len(ss.amounts))
	ss.areas = append(ss.areas, areas...)
	ss.amounts = append(ss.amounts, amounts...)
	ss.heads = append(ss.heads, h)
}

// sampleGrids returns the amounts by area of each grid a record gives
// samples for (none when it has no population, may not describe peers, or
// no grid applies).
func (b *Builder) sampleGrids(rec *dataset.Record, a *dataset.Authority) ([]gridAmounts, error) {
	if rec.Population <= 0 || !peerable(rec, a) {
		return nil, nil
	}
	switch rec.Detail {
	case dataset.Aggregated:
		return aggregatedGrids(rec.Items), nil
	case dataset.Detailed:
		return b.detailedGrids(rec)
	}
	return nil, nil
}

// addSamples adds the samples of a record (its grids by sampleGrids).
func (ss *sampleSet) addSamples(rec *dataset.Record, a *dataset.Authority, grids []gridAmounts) error {
	var band uint8
	if banded(a.Kind) && a.Population > 0 {
		band = bandOf(a.Population)
	}
	for i := range grids {
		if err := ss.add(rec.Authority, rec.Year, rec.Detail, documentRank(rec.Document), a.Kind, band, &grids[i], rec.Population); err != nil {
			return err
		}
	}
	return nil
}

// banded reports whether the authorities of a kind are also compared by
// population band: communes, and EPCI (from a few thousand inhabitants to
// more than a million: a communauté de communes of 10,000 is not a
// métropole). Départements and régions are too few for bands.
func banded(k dataset.Kind) bool { return k == dataset.KindCommune || k == dataset.KindEPCI }

// bandOf is 1 + the index of a population's band among territory.Strates.
func bandOf(population int64) uint8 {
	code := territory.StrateOf(population).Code
	for i, st := range territory.Strates() {
		if st.Code == code {
			return uint8(i + 1)
		}
	}
	return 0
}

// groups returns the peer groups of a sample: its kind, and its population
// band for a commune or an EPCI ("commune:10000-19999").
func (h *sampleHead) groups() []string {
	g := []string{h.kind.String()}
	if h.band > 0 {
		g = append(g, h.kind.String()+":"+territory.Strates()[h.band-1].Code)
	}
	return g
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

// computePeers turns samples into peer references, in dataset order. The
// samples of a spill are read back one year at a time (a peer is of one
// year, and peers are ordered by year first); an error reading them back
// fails the build (Builder.Write), as no peers would be a silent loss.
func computePeers(ss *sampleSet) ([]dataset.Peer, error) {
	if ss.spill == nil {
		return computeYearPeers(ss), nil
	}
	var out []dataset.Peer
	for _, year := range ss.spill.sortedYears() {
		mem := &sampleSet{keys: ss.keys, codes: ss.codes}
		if err := ss.spill.load(year, mem); err != nil {
			return nil, ss.spill.fail(err)
		}
		out = append(out, computeYearPeers(mem)...)
	}
	return out, nil
}

// computeYearPeers computes the peers of samples held in memory.
func computeYearPeers(ss *sampleSet) []dataset.Peer {
	best := ss.best()
	byGroup := map[peerKey][]int{}
	for _, i := range best {
		h := &ss.heads[i]
		for _, g := range h.groups() {
			k := peerKey{int(h.year), peerGrids[h.grid], g}
			byGroup[k] = append(byGroup[k], i)
		}
	}
	var out []dataset.Peer
	for _, k := range slices.SortedFunc(maps.Keys(byGroup), comparePeerKeys) {
		out = append(out, ss.groupPeers(k, ss.oneDetail(byGroup[k]))...)
	}
	return out
}

func comparePeerKeys(a, b peerKey) int {
	return cmp.Or(cmp.Compare(a.year, b.year), cmp.Compare(a.grid, b.grid), cmp.Compare(a.group, b.group))
}

// best keeps one sample per authority, year, grid and detail level: the
// best-ranked document's (the first added of equal rank), in a
// deterministic order.
func (ss *sampleSet) best() []int {
	type id struct {
		auth   uint32
		year   uint16
		grid   uint8
		detail dataset.Detail
	}
	best := map[id]int{}
	for i := range ss.heads {
		h := &ss.heads[i]
		k := id{h.auth, h.year, h.grid, h.detail}
		if cur, ok := best[k]; !ok || h.rank < ss.heads[cur].rank {
			best[k] = i
		}
	}
	out := slices.Collect(maps.Values(best))
	slices.SortFunc(out, func(i, j int) int {
		a, b := &ss.heads[i], &ss.heads[j]
		return cmp.Or(cmp.Compare(ss.keys[a.auth], ss.keys[b.auth]), cmp.Compare(a.year, b.year),
			cmp.Compare(peerGrids[a.grid], peerGrids[b.grid]), cmp.Compare(a.detail, b.detail))
	})
	return out
}

// oneDetail keeps the detailed samples when there are at least MinPeers of
// them, else the aggregated ones.
func (ss *sampleSet) oneDetail(idx []int) []int {
	var detailed, aggregated []int
	for _, i := range idx {
		if ss.heads[i].detail == dataset.Detailed {
			detailed = append(detailed, i)
		} else {
			aggregated = append(aggregated, i)
		}
	}
	if len(detailed) >= MinPeers {
		return detailed
	}
	return aggregated
}

// groupPeers computes the peers of each area of one group: each sample's
// shares of 1,000 € (calc.Shares, largest remainder, in cents) and amounts
// per inhabitant (rounded half away from zero to the cent).
func (ss *sampleSet) groupPeers(k peerKey, idx []int) []dataset.Peer {
	type column struct {
		shares, perInh []int64
		nonZero        bool
	}
	cols := map[string]*column{}
	for _, i := range idx {
		h := &ss.heads[i]
		amounts := ss.amounts[h.off : h.off+uint32(h.n)]
		parts := make([]budget.Amount, len(amounts))
		var total budget.Amount
		for j, a := range amounts {
			parts[j] = budget.Amount(a)
			total += parts[j]
		}
		shares := calc.Shares(parts, total)
		for j, c := range ss.areas[h.off : h.off+uint32(h.n)] {
			area := ss.codes[c]
			col := cols[area]
			if col == nil {
				col = &column{}
				cols[area] = col
			}
			col.shares = append(col.shares, shares[j].Shift(2).IntPart())
			col.perInh = append(col.perInh, roundDiv(amounts[j], h.population))
			col.nonZero = col.nonZero || amounts[j] != 0
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
