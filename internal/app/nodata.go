package app

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/jeu1000/jeu1000/internal/dataset"
	"github.com/jeu1000/jeu1000/internal/territory"
)

// NoData says, for an authority without figures in the dataset, why (the
// reason that holds for it: its kind, its size, what the dataset has) and
// where to go on: authorities whose figures the dataset has (checked), that
// say something of it.
type NoData struct {
	Title  string  `json:"title"`
	Reason string  `json:"reason"`
	WaysOn []WayOn `json:"waysOn"`
}

// WayOn is an authority with figures offered from a page without any.
type WayOn struct {
	Key       string `json:"key"`
	Name      string `json:"name"`
	KindLabel string `json:"kindLabel"`
	// Relation says what it is to the authority without figures, in
	// French: « Son intercommunalité », « Même taille (de 500 à 1 999
	// habitants), même département »…
	Relation string `json:"relation"`
}

// NoData says why the authority of key has no figures and where to go on;
// nil for an authority with figures. The page asks it when it shows an
// authority without figures (it scans the index: a few milliseconds).
func (c *Core) NoData(key string) (*NoData, error) {
	c.atlas.mu.RLock()
	defer c.atlas.mu.RUnlock()
	a, err := c.atlas.authority(key)
	if err != nil {
		return nil, err
	}
	if a.Shard >= 0 {
		return nil, nil
	}
	return c.atlas.noData(a), nil
}

// maxWaysOn bounds the ways on offered; maxPeersOn the peers among them.
const (
	maxWaysOn  = 5
	maxPeersOn = 3
)

// coverage counts the authorities of each kind, and those with figures.
type coverage struct{ all, with map[dataset.Kind]int }

func (at *atlas) coverage() coverage {
	c := coverage{all: map[dataset.Kind]int{}, with: map[dataset.Kind]int{}}
	for i := range at.index.Len() {
		b := at.index.Brief(i)
		c.all[b.Kind]++
		if b.HasFigures {
			c.with[b.Kind]++
		}
	}
	return c
}

// kindWords are the French words of a kind: one, some (plural), none
// (« aucune région »).
type kindWords struct{ one, plural, none string }

func wordsOf(k dataset.Kind) kindWords {
	switch k {
	case dataset.KindCommune:
		return kindWords{"commune", "communes", "aucune commune"}
	case dataset.KindEPCI:
		return kindWords{"intercommunalité", "intercommunalités", "aucune intercommunalité"}
	case dataset.KindEPT:
		return kindWords{"établissement public territorial", "établissements publics territoriaux", "aucun établissement public territorial"}
	case dataset.KindDepartement:
		return kindWords{"département", "départements", "aucun département"}
	case dataset.KindRegion:
		return kindWords{"région", "régions", "aucune région"}
	}
	return kindWords{"collectivité", "collectivités", "aucune collectivité de ce type"}
}

// fmtCount writes n with a narrow no-break space between thousands (« 3 382 »).
func fmtCount(n int) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteRune('\u202f')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// noData decides the reason and the ways on of an authority without
// figures. The reason is the one that holds for it, in this order: its
// powers are exercised by another authority (a département merged into a
// collectivité); the dataset has no authority of its kind, or few; a
// commune under 3,500 inhabitants is not bound to present its spending by
// policy; else the dataset does not cover it.
func (at *atlas) noData(a *dataset.Authority) *NoData {
	cov := at.coverage()
	w := wordsOf(a.Kind)
	nd := &NoData{Title: fmt.Sprintf("Pas de chiffres pour %s sur ce site", phraseOf(a).The), WaysOn: []WayOn{}}
	var ways []WayOn
	seen := map[string]bool{a.Key(): true}
	add := func(i int, relation string) {
		e := at.index.Entry(i)
		if seen[e.Key()] || len(ways) >= maxWaysOn {
			return
		}
		seen[e.Key()] = true
		ways = append(ways, WayOn{Key: e.Key(), Name: e.Name, KindLabel: kindLabel(e.Kind), Relation: relation})
	}
	// addRef offers the authority of a kind and code when it has figures.
	addRef := func(k dataset.Kind, code, relation string) {
		if code == "" {
			return
		}
		if i, ok := at.index.Lookup(k, code); ok && at.index.Brief(i).HasFigures {
			add(i, relation)
		}
	}
	have, all := cov.with[a.Kind], cov.all[a.Kind]
	roles, special := rolesOf(a)
	switch {
	case special && roles.SuccessorCode != "":
		nd.Reason = roles.Note
		if i, ok := at.index.Lookup(dataset.Kind(roles.SuccessorKind), roles.SuccessorCode); ok {
			nd.Reason += " Ses dépenses sont dans les comptes de « " + at.index.Entry(i).Name + " »"
			if at.index.Brief(i).HasFigures {
				add(i, "Exerce ses compétences")
				nd.Reason += "."
			} else {
				nd.Reason += ", que les données de ce site n'ont pas non plus."
			}
		}
	case a.Kind == dataset.KindCommune && a.Population > 0 && a.Population < 3500:
		nd.Reason = fmt.Sprintf("Une commune de moins de 3\u00a0500 habitants (%s en compte %s) n'est pas tenue de présenter ses dépenses par politique ; les données de ce site n'ont pas ses comptes (elles couvrent %s communes sur %s).",
			a.Name, fmtCount(int(a.Population)), fmtCount(have), fmtCount(all))
	case have == 0:
		nd.Reason = fmt.Sprintf("Les données de ce site ne contiennent les comptes d'%s.", w.none)
	case have*10 < all:
		nd.Reason = fmt.Sprintf("Les données de ce site n'ont les comptes que de %s %s sur %s ; %s n'en fait pas partie.",
			fmtCount(have), pluralOf(w, have), fmtCount(all), phraseOf(a).The)
	default:
		nd.Reason = fmt.Sprintf("Les données de ce site n'ont pas les comptes %s : elles couvrent %s %s sur %s.",
			phraseOf(a).Of, fmtCount(have), pluralOf(w, have), fmtCount(all))
	}
	// Ways on: the authorities it belongs to, then peers.
	switch a.Kind {
	case dataset.KindCommune:
		addRef(dataset.KindEPCI, a.EPCI, "Son intercommunalité")
		addRef(dataset.KindEPT, a.EPCI, "Son établissement public territorial")
		addRef(dataset.KindDepartement, a.Departement, "Son département")
		addRef(dataset.KindRegion, a.Region, "Sa région")
		at.peersOn(a, add)
	case dataset.KindEPCI, dataset.KindEPT:
		at.membersOn(a, add)
		addRef(dataset.KindDepartement, a.Departement, "Son département")
		addRef(dataset.KindRegion, a.Region, "Sa région")
	case dataset.KindDepartement:
		addRef(dataset.KindRegion, a.Region, "Sa région")
		at.inRegionOn(a, add)
	case dataset.KindRegion:
		at.inRegionOn(a, add)
	}
	if len(ways) == 0 {
		at.sizeOn(a, add) // none above it has figures: the same kind, of a near size
	}
	nd.WaysOn = append(nd.WaysOn, ways...)
	return nd
}

func pluralOf(w kindWords, n int) string {
	if n > 1 {
		return w.plural
	}
	return w.one
}

// candidate is an authority of the index scanned as a way on.
type candidate struct {
	i    int
	b    dataset.Brief
	near bool // same département
}

// scan returns the authorities with figures that keep says to keep.
func (at *atlas) scan(keep func(dataset.Brief) bool) []candidate {
	var out []candidate
	for i := range at.index.Len() {
		if b := at.index.Brief(i); b.HasFigures && keep(b) {
			out = append(out, candidate{i: i, b: b})
		}
	}
	return out
}

// peersOn offers communes of the same population band with figures: of
// its département first, then the nearest in population.
func (at *atlas) peersOn(a *dataset.Authority, add func(int, string)) {
	if a.Population <= 0 {
		return
	}
	band := territory.StrateOf(a.Population)
	peers := at.scan(func(b dataset.Brief) bool {
		return b.Kind == dataset.KindCommune && b.Population >= band.Min && (band.Max < 0 || b.Population <= band.Max)
	})
	for j := range peers {
		peers[j].near = a.Departement != "" && peers[j].b.Departement == a.Departement
	}
	slices.SortStableFunc(peers, func(x, y candidate) int {
		if x.near != y.near {
			if x.near {
				return -1
			}
			return 1
		}
		return cmp.Compare(abs64(x.b.Population-a.Population), abs64(y.b.Population-a.Population))
	})
	for n, p := range peers {
		if n == maxPeersOn {
			break
		}
		relation := "Même taille (" + band.Label + ")"
		if p.near {
			relation += ", même département"
		}
		add(p.i, relation)
	}
}

// sizeOn offers authorities of the same kind with figures, the nearest in
// population.
func (at *atlas) sizeOn(a *dataset.Authority, add func(int, string)) {
	if a.Population <= 0 {
		return
	}
	same := at.scan(func(b dataset.Brief) bool { return b.Kind == a.Kind && b.Population > 0 })
	slices.SortStableFunc(same, func(x, y candidate) int {
		return cmp.Compare(abs64(x.b.Population-a.Population), abs64(y.b.Population-a.Population))
	})
	for n, p := range same {
		if n == maxPeersOn {
			break
		}
		add(p.i, "De taille proche ("+fmtCount(int(p.b.Population))+" habitants)")
	}
}

// membersOn offers the largest communes of an intercommunalité that have
// figures.
func (at *atlas) membersOn(a *dataset.Authority, add func(int, string)) {
	ids := []string{a.SIREN, a.Code}
	members := at.scan(func(b dataset.Brief) bool {
		return b.Kind == dataset.KindCommune && b.EPCI != "" && slices.Contains(ids, b.EPCI)
	})
	slices.SortStableFunc(members, func(x, y candidate) int { return cmp.Compare(y.b.Population, x.b.Population) })
	for n, m := range members {
		if n == maxPeersOn {
			break
		}
		add(m.i, "Une de ses communes")
	}
}

// inRegionOn offers the largest départements of a région (or of the
// département's région) that have figures.
func (at *atlas) inRegionOn(a *dataset.Authority, add func(int, string)) {
	region := a.Region
	if a.Kind == dataset.KindRegion {
		region = a.Code
	}
	if region == "" {
		return
	}
	deps := at.scan(func(b dataset.Brief) bool { return b.Kind == dataset.KindDepartement && b.Region == region })
	slices.SortStableFunc(deps, func(x, y candidate) int { return cmp.Compare(y.b.Population, x.b.Population) })
	relation := "Un département de la région"
	if a.Kind == dataset.KindRegion {
		relation = "Un de ses départements"
	}
	for n, d := range deps {
		if n == maxPeersOn {
			break
		}
		add(d.i, relation)
	}
}

func abs64(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}
