package pipeline

import (
	"fmt"
	"slices"
	"strings"

	"github.com/jeu1000/jeu1000/internal/budget"
	"github.com/jeu1000/jeu1000/internal/dataset"
)

// Resolve finds the index key ("commune:93048") of the authority a document
// names, from what the file says:
//
//   - the special cases of special.go first (the Ville de Paris, the
//     Métropole de Lyon, the collectivités territoriales uniques, Mayotte,
//     the Collectivité européenne d'Alsace);
//   - its type when the file gives one (the balances' CATEG: Commune, PARIS,
//     GFP, ML, EPT, DEPT, REG, CTU; syndicates (SYND) and other
//     établissements publics (EPL) are never in the index:
//     ErrUnknownAuthority);
//   - the INSEE code: five characters name a commune, two or three a
//     département — or a région for a document of type REG or CTU, whose
//     INSEE code is then the région's (the balance's CREGI: the SIRENs of
//     the régions merged in 2016 follow no pattern; a CTU is its région's
//     entry, as in package territory);
//   - the SIREN: a commune, EPCI or EPT of the reference with that SIREN;
//     else the SIREN patterns of communes, 21DDCCCK (INSEE DDCCC; Grenoble's
//     CA names no INSEE code), and départements, 22DD… (22971… for 971);
//     Corsican numbers (2120…, 2220…) are matched against both 2A and 2B.
//
// When the INSEE code and the SIREN name two different authorities of the
// reference, Resolve fails rather than choose.
func (b *Builder) Resolve(a budget.Authority) (string, error) {
	key, _, err := b.resolveYear(a, 0)
	return key, err
}

// resolveYear is Resolve for a budget of year (0 when unknown), with what
// a special case (special.go) adds to its record.
func (b *Builder) resolveYear(a budget.Authority, year int) (string, role, error) {
	if key, r, ok, err := b.special(a, year); ok {
		if err != nil {
			return "", role{}, fmt.Errorf("%s (SIREN %q, type %q): %w", a.Name, a.SIREN, a.Type, err)
		}
		return key, r, nil
	}
	kind, err := typeKind(a.Type)
	if err != nil {
		return "", role{}, fmt.Errorf("%s (%s): %w", a.Name, a.Type, err)
	}
	key, err := b.resolve(a, kind)
	if err != nil {
		return "", role{}, fmt.Errorf("%s (INSEE %q, SIREN %q, type %q): %w", a.Name, a.INSEE, a.SIREN, a.Type, err)
	}
	return key, role{}, nil
}

// typeKind reads the type a file gives; 0 means the file does not say (or
// says it in words Resolve does not need).
func typeKind(t string) (dataset.Kind, error) {
	switch strings.ToUpper(strings.TrimSpace(t)) {
	case "COMMUNE", "COMMUNES", "VILLE", "PARIS":
		return dataset.KindCommune, nil
	case "GFP", "ML": // ML, the Métropole de Lyon, is found by special
		return dataset.KindEPCI, nil
	case "EPT":
		return dataset.KindEPT, nil
	case "DEPT", "DEPARTEMENT", "DÉPARTEMENT", "DEPARTEMENTS", "DÉPARTEMENTS":
		return dataset.KindDepartement, nil
	case "REG", "CTU":
		return dataset.KindRegion, nil
	case "SYND", "EPL":
		return 0, ErrUnknownAuthority
	}
	return 0, nil
}

func (b *Builder) resolve(a budget.Authority, kind dataset.Kind) (string, error) {
	insee := strings.ToUpper(strings.TrimSpace(a.INSEE))
	siren := strings.TrimSpace(a.SIREN)
	bySIREN := b.bySIREN(siren)
	var byCode string
	switch {
	case insee == "":
	case len(insee) == 5 && (kind == 0 || kind == dataset.KindCommune):
		byCode = b.known(dataset.KindCommune, insee)
	case len(insee) <= 3 && (kind == 0 || kind == dataset.KindDepartement):
		byCode = b.known(dataset.KindDepartement, insee)
	case len(insee) <= 3 && kind == dataset.KindRegion:
		byCode = b.known(dataset.KindRegion, insee)
	}
	if byCode != "" && bySIREN != "" && byCode != bySIREN {
		return "", fmt.Errorf("the INSEE code names %s, the SIREN %s: %w", byCode, bySIREN, ErrUnknownAuthority)
	}
	for _, key := range []string{byCode, bySIREN, b.bySIRENPattern(siren)} {
		if key != "" && (kind == 0 || strings.HasPrefix(key, kind.String()+":")) {
			return key, nil
		}
	}
	return "", ErrUnknownAuthority
}

// known returns the key of (kind, code) if the index has it.
func (b *Builder) known(kind dataset.Kind, code string) string {
	key := kind.String() + ":" + code
	if _, ok := b.auths[key]; ok {
		return key
	}
	return ""
}

// bySIREN finds a commune, EPCI or EPT of the reference by SIREN.
func (b *Builder) bySIREN(siren string) string {
	if siren == "" {
		return ""
	}
	a, ok := b.set.BySIREN(siren)
	if !ok {
		return ""
	}
	return kindOf(a.Kind).String() + ":" + a.Code
}

// bySIRENPattern reads the SIREN patterns of communes and départements,
// for authorities the reference has no SIREN for.
//
// A commune's SIREN is 21, its département on two digits and its commune
// number on four, and a check digit; the number was written "0" + the three
// digits of the INSEE code for some communes (Montreuil 219300480 → 93048)
// and the three digits + "0" for others (Veyrac 218720209 → 87202);
// overseas, the département takes three digits and the number three
// (Salazie 219740214 → 97421). Both readings are tried, and only a
// commune of the index whose own SIREN is unknown is accepted (a commune
// with another SIREN means the number belongs to another body, e.g. a
// commune merged since); Corsican numbers (2120…) are tried in 2A and 2B.
// A département's SIREN is 22 and its code (22560001… → 56, 22971… → 971;
// Corsica's 2220… is not read: 2A and 2B have had no budget since 2018).
func (b *Builder) bySIRENPattern(siren string) string {
	if len(siren) != 9 || !allDigits(siren) {
		return ""
	}
	dd := siren[2:4]
	switch siren[:2] {
	case "21":
		return b.communeBySIRENPattern(siren)
	case "22":
		switch dd {
		case "97":
			return b.known(dataset.KindDepartement, siren[2:5])
		case "20":
			return ""
		}
		return b.known(dataset.KindDepartement, dd)
	}
	return ""
}

// communeBySIRENPattern reads a commune's SIREN (see bySIRENPattern).
func (b *Builder) communeBySIRENPattern(siren string) string {
	depts := []string{siren[2:4]}
	number := siren[4:8]
	switch depts[0] {
	case "97":
		depts, number = []string{siren[2:5]}, siren[5:8]
	case "20":
		depts = []string{"2A", "2B"}
	}
	digits := 5 - len(depts[0])
	var found []string
	for _, d := range depts {
		for _, n := range []string{number[len(number)-digits:], number[:digits]} {
			key := b.known(dataset.KindCommune, d+n)
			if key != "" && b.auths[key].auth.SIREN == "" && !slices.Contains(found, key) {
				found = append(found, key)
			}
		}
	}
	if len(found) != 1 {
		return ""
	}
	return found[0]
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
