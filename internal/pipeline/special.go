package pipeline

import (
	"fmt"
	"strings"

	"github.com/jeu1000/jeu1000/internal/budget"
	"github.com/jeu1000/jeu1000/internal/dataset"
	"github.com/jeu1000/jeu1000/internal/territory"
)

// Authorities the national balances name in their own way (see
// territory.SpecialRoles for what each is).
//
//   - The Ville de Paris: CATEG PARIS since 2019 (NDEPT 075, INSEE 056,
//     the commune's SIREN) → the commune 75056. Before 2019 the commune
//     (CATEG Commune) and the département de Paris (CATEG DEPT, NDEPT 075)
//     filed two budgets: both go to the commune 75056, the département's as
//     its own document (DocumentParisDepartement), never summed with the
//     commune's, so that the page shows the commune's by default and the
//     provenance says which budget a figure comes from.
//   - The Métropole de Lyon: CATEG ML (a collectivité à statut particulier,
//     not a GFP; the other métropoles are GFP of nature METRO) → the EPCI
//     of nature MET69, by SIREN (200046977) or, failing that, as the one
//     MET69 of the index.
//   - The collectivités territoriales uniques, CATEG CTU (or DEPT or REG
//     in some years): by SIREN (Corse 200076958, Guyane 200052678,
//     Martinique 200055507) → their région's entry (94, 03, 02), as in
//     package territory; by name when the SIREN is missing. Mayotte
//     (229850003, a département that also exercises regional powers; CTU
//     in some files) → the département 976.
//   - The Collectivité européenne d'Alsace, from 2021: its SIREN
//     (200094332), or a budget of type DEPT of département 67 or 68 (the
//     CEA may carry the Bas-Rhin's NDEPT and SIREN) → the département "67A",
//     added to the index when the territory reference does not list it.
//     Before 2021, 67 and 68 are the Bas-Rhin and the Haut-Rhin.

// DocumentParisDepartement is the Record.Document of the budget of the
// département de Paris before 2019, stored under the Ville de Paris beside
// the commune's ("BAL"), never summed with it.
const DocumentParisDepartement = "BAL-DEP"

// SIRENs of the special cases.
const (
	sirenCorse      = "200076958"
	sirenGuyane     = "200052678"
	sirenMartinique = "200055507"
	sirenMayotte    = "229850003"
	sirenAlsace     = "200094332"
	sirenLyon       = "200046977"
)

// role is what a special resolution adds to a document's record.
type role struct {
	document string // replaces the record's Document when not ""
	note     string // added to the provenance note
}

// special resolves the authorities above; ok is false for the others.
func (b *Builder) special(a budget.Authority, year int) (key string, r role, ok bool, err error) {
	typ := strings.ToUpper(strings.TrimSpace(a.Type))
	siren := strings.TrimSpace(a.SIREN)
	insee := strings.ToUpper(strings.TrimSpace(a.INSEE))
	name := strings.ToUpper(a.Name)
	switch {
	case siren == sirenCorse || typ == "CTU" && strings.Contains(name, "CORSE"):
		return "region:94", role{}, true, nil
	case siren == sirenGuyane || typ == "CTU" && strings.Contains(name, "GUYANE"):
		return "region:03", role{}, true, nil
	case siren == sirenMartinique || typ == "CTU" && strings.Contains(name, "MARTINIQUE"):
		return "region:02", role{}, true, nil
	case siren == sirenMayotte || typ == "CTU" && strings.Contains(name, "MAYOTTE"):
		return "departement:976", role{}, true, nil
	case siren == sirenAlsace || typ == "DEPT" && year >= territory.AlsaceSince && (insee == "67" || insee == "68"):
		key, err := addAlsace(b, territory.DepartementAlsace)
		if err != nil {
			return "", role{}, true, fmt.Errorf("%w: %w", ErrUnknownAuthority, err)
		}
		return key, role{}, true, nil
	case typ == "ML" || siren == sirenLyon:
		key, err := metropoleDeLyon(b)
		if err != nil {
			return "", role{}, true, fmt.Errorf("%w: %w", ErrUnknownAuthority, err)
		}
		return key, role{}, true, nil
	case typ == "DEPT" && insee == territory.DepartementParis:
		if year >= territory.ParisSince {
			return b.paris(), role{}, true, nil
		}
		return b.paris(), role{
			document: DocumentParisDepartement,
			note: fmt.Sprintf("Budget du département de Paris %d, distinct de celui de la commune avant 2019 : "+
				"gardé à part sous la Ville de Paris, jamais additionné au budget de la commune.", year),
		}, true, nil
	case typ == "PARIS" && (year == 0 || year >= territory.ParisSince):
		return b.paris(), role{}, true, nil
	case (typ == "PARIS" || insee == territory.CommuneParis) && year > 0 && year < territory.ParisSince:
		return b.paris(), role{note: fmt.Sprintf("Budget de la commune de Paris %d seule : le département de Paris avait le sien jusqu'en 2018.", year)}, true, nil
	}
	return "", role{}, false, nil
}

// paris is the key of the Ville de Paris.
func (b *Builder) paris() string {
	return dataset.KindCommune.String() + ":" + territory.CommuneParis
}
