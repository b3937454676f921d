package territory

import (
	"strconv"
	"strings"
)

// Authorities whose powers or perimeter are not those of their kind, or
// changed over the years covered by the national balances (2012 onwards).

// Codes and names of the special cases.
const (
	CommuneParis      = "75056" // Ville de Paris
	DepartementParis  = "75"    // not listed: the Ville de Paris stands for it
	DepartementRhone  = "69"    // outside the Métropole de Lyon since 2015
	DepartementAlsace = "67A"   // Collectivité européenne d'Alsace, since 2021
	NameAlsace        = "Collectivité européenne d'Alsace"
	NatureLyon        = "MET69" // EPCI nature of the Métropole de Lyon
	// ParisSince is the first year of the Ville de Paris (commune and
	// département in one budget).
	ParisSince = 2019
	// AlsaceSince is the first year of the Collectivité européenne
	// d'Alsace.
	AlsaceSince = 2021
)

// Roles explains, in French, what an authority is when that is not what
// its kind says.
type Roles struct {
	// Note is shown with the authority, e.g. « Ville de Paris : commune et
	// département depuis 2019… ».
	Note string
	// Since is the first year of the authority in its present form; 0
	// when it has not changed since 2012. Years before Since do not
	// compare with the years after.
	Since int
	// Before says, in French, why a year before Since does not compare.
	Before string
	// Combined reports that, from Since, the authority exercises the
	// powers of two kinds in one budget (the Ville de Paris, the Métropole
	// de Lyon, the collectivités territoriales uniques, Mayotte): its
	// figures are not those of its kind's peers.
	Combined bool

	// SuccessorKind and SuccessorCode name the authority that exercises
	// its powers now (the département du Bas-Rhin: the Collectivité
	// européenne d'Alsace), when there is one.
	SuccessorKind Kind
	SuccessorCode string
}

// SpecialRoles returns the roles of an authority of kind, code and nature
// (EPCI nature, "" otherwise), and whether it is a special case.
func SpecialRoles(kind Kind, code, nature string) (Roles, bool) {
	switch {
	case kind == Commune && code == CommuneParis:
		return Roles{
			Note: "Ville de Paris : commune et département depuis 2019, un seul budget. " +
				"Avant 2019, la commune et le département de Paris avaient chacun leur budget : " +
				"ces années montrent celui de la commune, le budget du département est gardé à part, jamais additionné.",
			Since:    ParisSince,
			Before:   "Avant 2019, budget de la seule commune de Paris (le département avait le sien) : ne se compare pas aux années de la Ville de Paris, commune et département.",
			Combined: true,
		}, true
	case kind == EPCI && nature == NatureLyon:
		return Roles{
			Note: "Métropole de Lyon : collectivité à statut particulier depuis 2015, qui exerce sur son territoire " +
				"les compétences d'une intercommunalité et celles du département du Rhône, en un seul budget.",
			Since:    2015,
			Combined: true,
		}, true
	case kind == Departement && code == DepartementRhone:
		return Roles{
			Note:   "Département du Rhône : depuis 2015, hors du territoire de la Métropole de Lyon, qui y exerce ses compétences (population comprise).",
			Since:  2015,
			Before: "Avant 2015, le département du Rhône comprenait le territoire de la Métropole de Lyon : ne se compare pas aux années suivantes.",
		}, true
	case kind == Departement && code == DepartementAlsace:
		return Roles{
			Note:  "Collectivité européenne d'Alsace : depuis 2021, réunit les départements du Bas-Rhin et du Haut-Rhin (un seul budget). Les années antérieures sont celles de chaque département.",
			Since: AlsaceSince,
		}, true
	case kind == Departement && (code == "67" || code == "68"):
		return Roles{Note: "Depuis 2021, les compétences du département sont exercées par la Collectivité européenne d'Alsace (67A).",
			SuccessorKind: Departement, SuccessorCode: DepartementAlsace}, true
	case kind == Departement && (code == "2A" || code == "2B"):
		return Roles{Note: "Depuis 2018, les compétences du département sont exercées par la Collectivité de Corse (région 94).",
			SuccessorKind: Region, SuccessorCode: "94"}, true
	case kind == Departement && code == "972":
		return Roles{Note: "Depuis 2016, les compétences du département sont exercées par la Collectivité territoriale de Martinique (région 02).",
			SuccessorKind: Region, SuccessorCode: "02"}, true
	case kind == Departement && code == "973":
		return Roles{Note: "Depuis 2016, les compétences du département sont exercées par la Collectivité territoriale de Guyane (région 03).",
			SuccessorKind: Region, SuccessorCode: "03"}, true
	case kind == Departement && code == "976":
		return Roles{
			Note:     "Département de Mayotte : département qui exerce aussi les compétences d'une région, en un seul budget.",
			Combined: true,
		}, true
	case kind == Region && code == "94":
		return ctu("Collectivité de Corse", "la région et les départements de Corse-du-Sud et de Haute-Corse", 2018), true
	case kind == Region && code == "02":
		return ctu("Collectivité territoriale de Martinique", "la région et le département de la Martinique", 2016), true
	case kind == Region && code == "03":
		return ctu("Collectivité territoriale de Guyane", "la région et le département de la Guyane", 2016), true
	}
	return Roles{}, false
}

// ctu describes a collectivité territoriale unique.
func ctu(name, what string, since int) Roles {
	return Roles{
		Note:     name + " : collectivité territoriale unique depuis " + strconv.Itoa(since) + ", qui exerce les compétences de " + what + ", en un seul budget.",
		Since:    since,
		Before:   "Avant " + strconv.Itoa(since) + ", budget de la seule région (le département avait le sien) : ne se compare pas aux années de la collectivité unique.",
		Combined: true,
	}
}

// CombinedIn reports whether the authority exercises the powers of two
// kinds in year (see Roles.Combined).
func (r Roles) CombinedIn(year int) bool { return r.Combined && year >= r.Since }

// PopulationBasis says, in French, what the population of an authority of
// the reference is (as Build sets Authority.PopulationSource), from what an
// index entry keeps of it: its kind, code and population year.
func PopulationBasis(kind Kind, code string, year int) string {
	switch kind {
	case Commune:
		switch {
		case year == MayottePopulationYear && strings.HasPrefix(code, "976"):
			return sourceMayotte
		case year == npmPopulationYear:
			return "population municipale " + strconv.Itoa(year) + " de " + PackageName + " (commune absente du fichier INSEE)"
		}
		return sourceINSEE
	case EPCI, EPT:
		if year == groupPopulationYear {
			return "DGCL, population totale de l'intercommunalité (millésime 2022)"
		}
		return strings.TrimSuffix(sumMembers, " — ") + " (INSEE)"
	case Departement:
		sum := sumDepartement
		switch code {
		case DepartementRhone:
			sum = sumRhone
		case DepartementAlsace:
			sum = sumAlsace
		}
		return strings.TrimSuffix(sum, " — ") + ", " + sourceINSEE
	case Region:
		return strings.TrimSuffix(sumRegion, " — ") + ", " + sourceINSEE
	}
	return ""
}
