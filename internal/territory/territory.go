// Package territory is the reference list of French local authorities —
// communes, EPCI à fiscalité propre, établissements publics territoriaux
// (EPT), départements and régions — with their codes, postal codes,
// memberships and population totale (PTOT), for search and per-inhabitant
// figures.
//
// Sources (see Build):
//
//   - the npm package @etalab/decoupage-administratif (pinned in
//     tools/npm/package.json; version 6.0.0 is the 2026 geography: COG 2026,
//     DGCL EPCI composition 2026, INSEE EPT list 2025, La Poste postal codes);
//   - INSEE's populations légales by commune (shared data, population/), whose
//     PTOT column is the population used for €/inhabitant (ACCOUNTING.md §4), and
//     the COG lists of départements and régions.
//
// Scope: metropolitan France and the five DROM (Guadeloupe, Martinique,
// Guyane, La Réunion, Mayotte). The collectivités d'outre-mer (Saint-Pierre-
// et-Miquelon, Saint-Barthélemy, Saint-Martin, Polynésie, Wallis-et-Futuna,
// Nouvelle-Calédonie, TAAF, Clipperton) that the npm package also lists are
// left out: INSEE's file gives them no population and their accounts are not
// in the national M14/M57 data sets. Arrondissements municipaux of Paris, Lyon
// and Marseille are left out too: they have no budget of their own (their
// postal codes belong to the commune, so "75015" finds Paris) and INSEE's
// rows for them are summed into their commune.
//
// Collectivités territoriales uniques: the COG (and this package) still lists
// Corse (région 94, départements 2A and 2B), Martinique (région 02,
// département 972) and Guyane (région 03, département 973) as régions and
// départements, although since 2016–2018 a single collectivity exercises both
// sets of powers and files a single budget. There is no separate CTU kind;
// Authority.SingleCollectivity reports these cases so that the caller can
// direct a search to the right budget. Mayotte (976) is a département that
// also exercises regional powers; the Ville de Paris is both a commune and a
// département since 2019 and is listed once, as the commune 75056 (the COG's
// département 75 is not listed apart); the Métropole de Lyon (EPCI nature
// MET69) exercises the département's powers on its territory, and the
// Rhône (69) covers the rest; the Collectivité européenne d'Alsace
// (département "67A", since 2021) is listed beside the Bas-Rhin and the
// Haut-Rhin. SpecialRoles explains each case in French.
package territory

import (
	"cmp"
	"fmt"
	"slices"
)

// Kind is the kind of a local authority. The zero value is invalid.
type Kind uint8

// The kinds of authority, in the order All lists them.
const (
	Commune     Kind = iota + 1 // commune (INSEE code)
	EPCI                        // EPCI à fiscalité propre (SIREN); Nature is CC, CA, CU, METRO or MET69
	EPT                         // établissement public territorial of the Métropole du Grand Paris (SIREN)
	Departement                 // département (INSEE code: "93", "2A", "971")
	Region                      // région (INSEE code: "11", "94")
)

// Kinds lists the valid kinds in order.
func Kinds() []Kind { return []Kind{Commune, EPCI, EPT, Departement, Region} }

// String returns a stable lower-case ASCII identifier ("commune", "epci",
// "ept", "departement", "region"), suitable for URLs and files.
func (k Kind) String() string {
	switch k {
	case Commune:
		return "commune"
	case EPCI:
		return "epci"
	case EPT:
		return "ept"
	case Departement:
		return "departement"
	case Region:
		return "region"
	}
	return fmt.Sprintf("kind(%d)", uint8(k))
}

// Label returns the French name of the kind, for the UI.
func (k Kind) Label() string {
	switch k {
	case Commune:
		return "Commune"
	case EPCI:
		return "Intercommunalité (EPCI)"
	case EPT:
		return "Établissement public territorial"
	case Departement:
		return "Département"
	case Region:
		return "Région"
	}
	return k.String()
}

// ParseKind is the inverse of Kind.String.
func ParseKind(s string) (Kind, error) {
	for _, k := range Kinds() {
		if k.String() == s {
			return k, nil
		}
	}
	return 0, fmt.Errorf("territory: unknown kind %q", s)
}

// Authority is one local authority.
type Authority struct {
	Kind Kind
	// Code identifies the authority within its kind: INSEE code for
	// communes ("93048", "2A004"), départements ("93", "2A", "971") and
	// régions ("11"); SIREN for EPCI and EPT.
	Code string
	// SIREN of the authority; empty for départements and régions (the npm
	// package does not carry it).
	SIREN string
	Name  string
	// Nature is the legal form of an EPCI (CC, CA, CU, METRO, MET69) or
	// "EPT"; empty for other kinds.
	Nature string
	// PostalCodes of a commune, sorted; nil for other kinds.
	PostalCodes []string
	// Departement and Region codes. For an EPCI or EPT they are those of the
	// département (région) holding the largest share of its population.
	Departement, Region string
	// EPCI is the SIREN of a commune's EPCI à fiscalité propre; empty for the
	// four single-commune islands (Bréhat, Sein, Ouessant, Yeu) and for
	// other kinds. For the communes of the Métropole du Grand Paris it is the
	// Métropole (200054781); their EPT is in the EPT field.
	EPCI string
	// EPT is the SIREN of a commune's établissement public territorial
	// (Grand Paris outside Paris itself), empty otherwise.
	EPT string
	// Members lists the INSEE codes of the communes of an EPCI or EPT,
	// sorted; nil for other kinds.
	Members []string
	// Population is the population totale (PTOT). For a commune it comes
	// from INSEE's populations légales; for an EPCI or EPT it is the DGCL's
	// (the npm package's populationTotale); for a département or région it
	// is the sum of its communes' PTOT (which slightly overstates the
	// official aggregate: a person "compté à part" in two communes of the
	// same département is counted twice); PopulationSource says which.
	Population int64
	// PopulationYear is the census year of the population (millésime),
	// e.g. 2021 for the populations légales in force on 1 January 2024.
	PopulationYear int
	// PopulationSource says where Population comes from, in French.
	PopulationSource string
}

// SingleCollectivity reports whether the authority is a département or
// région whose powers are exercised by a collectivité territoriale unique
// (Corse: région 94 and départements 2A, 2B; Martinique: 02 and 972; Guyane:
// 03 and 973). Such départements have no budget of their own since
// 2016–2018: the région entry stands for the single collectivity.
func (a Authority) SingleCollectivity() bool {
	switch a.Kind {
	case Region:
		return a.Code == "94" || a.Code == "02" || a.Code == "03"
	case Departement:
		return a.Code == "2A" || a.Code == "2B" || a.Code == "972" || a.Code == "973"
	}
	return false
}

func (a Authority) clone() Authority {
	a.PostalCodes = slices.Clip(slices.Clone(a.PostalCodes))
	a.Members = slices.Clip(slices.Clone(a.Members))
	return a
}

// compareAuthorities orders by kind, then code.
func compareAuthorities(a, b Authority) int {
	return cmp.Or(cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Code, b.Code))
}

type key struct {
	kind Kind
	code string
}

// Set is the reference list of authorities. It is immutable once built and
// safe for concurrent use; the accessors return copies.
type Set struct {
	auths   []Authority // sorted by kind, then code
	byCode  map[key]int // index into auths
	bySIREN map[string]int
	version string // npm package version
}

// NewSet builds a Set from a list of authorities (copied), e.g. a list
// decoded from a compact export in the browser. It reports duplicate
// (kind, code) pairs and duplicate SIRENs.
func NewSet(auths []Authority) (*Set, error) {
	s := &Set{
		auths:   make([]Authority, len(auths)),
		byCode:  make(map[key]int, len(auths)),
		bySIREN: make(map[string]int, len(auths)),
	}
	for i, a := range auths {
		s.auths[i] = a.clone()
	}
	slices.SortFunc(s.auths, compareAuthorities)
	for i, a := range s.auths {
		if a.Kind < Commune || a.Kind > Region {
			return nil, fmt.Errorf("territory: %q (%s): invalid kind %d", a.Name, a.Code, a.Kind)
		}
		k := key{a.Kind, a.Code}
		if _, dup := s.byCode[k]; dup {
			return nil, fmt.Errorf("territory: duplicate %s code %q", a.Kind, a.Code)
		}
		s.byCode[k] = i
		if a.SIREN != "" {
			if j, dup := s.bySIREN[a.SIREN]; dup {
				return nil, fmt.Errorf("territory: SIREN %s shared by %s %s and %s %s",
					a.SIREN, s.auths[j].Kind, s.auths[j].Code, a.Kind, a.Code)
			}
			s.bySIREN[a.SIREN] = i
		}
	}
	return s, nil
}

// All returns every authority, ordered by kind (communes, EPCI, EPT,
// départements, régions), then code.
func (s *Set) All() []Authority {
	out := make([]Authority, len(s.auths))
	for i, a := range s.auths {
		out[i] = a.clone()
	}
	return out
}

// Len returns the number of authorities.
func (s *Set) Len() int { return len(s.auths) }

// Count returns the number of authorities of a kind.
func (s *Set) Count(kind Kind) int {
	n := 0
	for _, a := range s.auths {
		if a.Kind == kind {
			n++
		}
	}
	return n
}

// Lookup finds an authority by kind and code (INSEE code, or SIREN for EPCI
// and EPT). Département codes are upper-case ("2A").
func (s *Set) Lookup(kind Kind, code string) (Authority, bool) {
	i, ok := s.byCode[key{kind, code}]
	if !ok {
		return Authority{}, false
	}
	return s.auths[i].clone(), true
}

// BySIREN finds a commune, EPCI or EPT by SIREN.
func (s *Set) BySIREN(siren string) (Authority, bool) {
	i, ok := s.bySIREN[siren]
	if !ok {
		return Authority{}, false
	}
	return s.auths[i].clone(), true
}

// Version returns the version of the npm package the set was built from
// ("6.0.0"), or "" when unknown.
func (s *Set) Version() string { return s.version }
