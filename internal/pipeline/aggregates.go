package pipeline

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"

	"github.com/jeu1000/jeu1000/internal/budget"
	"github.com/jeu1000/jeu1000/internal/dataset"
	"github.com/jeu1000/jeu1000/internal/territory"
)

// Aggregate files of the shared data folder.
const (
	CommuneDigitsFile     = "aggregates/communes-2024-by-function-digit.json"
	DepartementGroupsFile = "aggregates/departements-2024-six-groups.json"
)

// AggregateDocument is the Record.Document of aggregated records.
const AggregateDocument = "AGG"

// SectionAll is the Section of amounts that mix fonctionnement and
// investissement.
const SectionAll = 'A'

// readJSON decodes a JSON file, numbers as json.Number (exact digits).
func readJSON(file string, v any) error {
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	dec := json.NewDecoder(f)
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	return nil
}

// cents reads a JSON number of euros ("2303815.0", "519.5") as cents,
// exactly (budget.ParseAmount).
func cents(n json.Number, what string) (int64, error) {
	a, err := budget.ParseAmount(n.String())
	if err != nil {
		return 0, fmt.Errorf("%s: %w", what, err)
	}
	return int64(a), nil
}

// communeDigitsFile is the layout of CommuneDigitsFile (the fields used).
type communeDigitsFile struct {
	Year    int                      `json:"year"`
	Source  string                   `json:"source"`
	ByINSEE map[string]communeDigits `json:"by_insee"`
}

type communeDigits struct {
	Name      string `json:"libelle"`
	Fonctions map[string]struct {
		Montant *json.Number `json:"montant"`
	} `json:"fonctions"`
}

// AddCommuneDigits adds an aggregated record for each commune of the
// per-commune first-digit aggregate (file), matched by INSEE code to the
// index; communes the index does not list (merged since) are skipped and
// named in the summary.
func AddCommuneDigits(b *Builder, file string) error {
	var f communeDigitsFile
	if err := readJSON(file, &f); err != nil {
		return fmt.Errorf("commune aggregate: %w", err)
	}
	if f.Year == 0 || len(f.ByINSEE) == 0 {
		return fmt.Errorf("commune aggregate: %s: no year or no communes", file)
	}
	var missing []string
	for _, code := range slices.Sorted(maps.Keys(f.ByINSEE)) {
		key := "commune:" + communeINSEE(code)
		a, ok := b.Authority(key)
		if !ok {
			missing = append(missing, fmt.Sprintf("%s %s", code, f.ByINSEE[code].Name))
			continue
		}
		items, err := digitItems(f.ByINSEE[code])
		if err != nil {
			return fmt.Errorf("commune aggregate: %s: commune %s: %w", file, code, err)
		}
		rec := dataset.Record{
			Authority: key, Year: f.Year, Document: AggregateDocument, Detail: dataset.Aggregated,
			Nomenclature: "M57", Population: a.Population, Items: items,
			Provenance: communeDigitsProvenance(f.Year, b.auths[key].popSource),
		}
		if err := b.AddRecord(rec); err != nil {
			return fmt.Errorf("commune aggregate: %w", err)
		}
	}
	if len(missing) > 0 {
		b.Skip("%s: %d commune(s) absent from the index (merged since 2024?): %s",
			CommuneDigitsFile, len(missing), strings.Join(missing, ", "))
	}
	return nil
}

// communeINSEE reads the file's commune codes: five characters are an INSEE
// code; six are the balance's NDEPT and INSEE columns run together
// ("02A004" → 2A004). Overseas, NDEPT is 101–106 and the INSEE column holds
// the last three digits of the code, the département's included ("102302"
// → 97302 Cayenne, "103209" → 97209 Fort-de-France: NDEPT 102 is Guyane
// and 103 Martinique, not 972 and 973).
func communeINSEE(code string) string {
	if len(code) != 6 {
		return code
	}
	ndept, insee := code[:3], code[3:]
	switch {
	case strings.HasPrefix(ndept, "10"):
		return "97" + insee
	case ndept[0] == '0':
		return ndept[1:] + insee
	}
	return code
}

// digitItems turns a commune's functions ("f0_services_generaux"…) into
// items coded by first digit, in digit order. Every digit the file gives is
// kept, zeros included (the file's sums); a digit it does not give is left
// out.
func digitItems(c communeDigits) ([]dataset.Item, error) {
	items := make([]dataset.Item, 0, len(c.Fonctions))
	for _, k := range slices.Sorted(maps.Keys(c.Fonctions)) {
		if len(k) < 3 || k[0] != 'f' || k[1] < '0' || k[1] > '9' || k[2] != '_' {
			return nil, fmt.Errorf("function key %q: want f<digit>_…", k)
		}
		m := c.Fonctions[k].Montant
		if m == nil {
			continue
		}
		amount, err := cents(*m, k)
		if err != nil {
			return nil, err
		}
		items = append(items, dataset.Item{Code: k[1:2], Section: SectionAll, Amount: amount})
	}
	if len(items) == 0 {
		return nil, fmt.Errorf("no amounts")
	}
	return items, nil
}

func communeDigitsProvenance(year int, popSource string) dataset.Provenance {
	return dataset.Provenance{
		Source:   fmt.Sprintf("DGFiP, balances comptables %d (présentation croisée nature-fonction), agrégées par premier chiffre de fonction", year),
		Document: CommuneDigitsFile,
		Method: "budget principal ; mouvements bruts des comptes de classes 6 et 2, opérations d'ordre comprises ; " +
			"fonctionnement et investissement ensemble ; par premier chiffre du code fonction",
		Licence: Licence,
		Note: fmt.Sprintf("Chiffres agrégés par un tiers à partir de la balance DGFiP %d. "+
			"Mouvements bruts des classes 6 et 2 (le fichier ne dit pas s'il écarte 26 et 27), opérations d'ordre comprises, sans les atténuations de produits (014) : "+
			"ils ne se comparent pas aux dépenses réelles d'un compte détaillé. "+
			"Les chiffres se lisent avec les fonctions M57 (99,6 %% des communes en M57 en %d ; les libellés du fichier sont ceux de la M14). "+
			"Le chiffre 0 comprend les opérations non ventilables (01), inséparables à ce niveau. "+
			"Montants arrondis à l'euro par la source. "+
			"Population : %s.", year, year, popSource),
	}
}

// departementGroupsFile is the layout of DepartementGroupsFile.
type departementGroupsFile struct {
	Year   int                          `json:"year"`
	ByCode map[string]departementGroups `json:"by_dep_code"`
}

type departementGroups struct {
	Name      string `json:"nom"`
	Ptot      int64  `json:"ptot"`
	Fonctions map[string]struct {
		EurHab *json.Number `json:"eur_hab"`
	} `json:"fonctions"`
}

// departementGroupCodes maps the file's six editorial groups to the codes
// of the six-group grid (nomen.SixGroups).
func departementGroupCodes() map[string]string {
	return map[string]string{
		"administration_autres":                 "G0",
		"securite_civile_sdis_pompiers":         "G1",
		"colleges_education":                    "G2",
		"culture_sport_jeunesse":                "G3",
		"action_sociale_rsa_dependance_enfance": "G4",
		"routes_transport_voirie_dep":           "G5",
	}
}

// departementGroupLabels names the groups in notes.
func departementGroupLabels() map[string]string {
	return map[string]string{
		"administration_autres":                 "administration et autres",
		"securite_civile_sdis_pompiers":         "sécurité civile (SDIS)",
		"colleges_education":                    "collèges et éducation",
		"culture_sport_jeunesse":                "culture, sport et jeunesse",
		"action_sociale_rsa_dependance_enfance": "action sociale (RSA, dépendance, enfance)",
		"routes_transport_voirie_dep":           "routes, transports et voirie",
	}
}

// AddDepartementGroups adds an aggregated record for each collectivity of
// the OFGL départements aggregate (file): the départements of the index by
// code; "691", the Métropole de Lyon (which exercises the département's
// powers on its territory), on its EPCI; "67A", the Collectivité européenne
// d'Alsace (Bas-Rhin and Haut-Rhin since 2021), on an authority added to
// the index under the file's code when the territory reference does not
// list it; "75", Paris, is left out (see below).
func AddDepartementGroups(b *Builder, file string) error {
	var f departementGroupsFile
	if err := readJSON(file, &f); err != nil {
		return fmt.Errorf("département aggregate: %w", err)
	}
	if f.Year == 0 || len(f.ByCode) == 0 {
		return fmt.Errorf("département aggregate: %s: no year or no départements", file)
	}
	for _, code := range slices.Sorted(maps.Keys(f.ByCode)) {
		d := f.ByCode[code]
		if _, listed := b.Authority("departement:" + code); code == territory.DepartementParis && !listed {
			// The Ville de Paris is the commune 75056, which has the
			// DGFiP first-digit aggregate of its budget principal for the
			// same year: OFGL's figure (annexes included) is another
			// measure of the same budget, not a second record.
			b.Skip("%s: Paris (%s) left out: the Ville de Paris is the commune %s, whose %d figures come from %s",
				DepartementGroupsFile, code, territory.CommuneParis, f.Year, CommuneDigitsFile)
			continue
		}
		key, err := departementKey(b, code, d.Name)
		if err != nil {
			return fmt.Errorf("département aggregate: %s: %w", file, err)
		}
		rec, err := departementRecord(key, f.Year, d)
		if err != nil {
			return fmt.Errorf("département aggregate: %s: %s: %w", file, code, err)
		}
		if err := b.AddRecord(rec); err != nil {
			return fmt.Errorf("département aggregate: %w", err)
		}
	}
	return nil
}

// departementKey finds (or, for the CEA, adds) the authority of a code of
// the OFGL file.
func departementKey(b *Builder, code, name string) (string, error) {
	switch code {
	case "691":
		return metropoleDeLyon(b)
	case "67A":
		return addAlsace(b, code)
	}
	key := "departement:" + code
	if _, ok := b.Authority(key); !ok {
		return "", fmt.Errorf("code %q (%s): not a département of the index", code, name)
	}
	return key, nil
}

// metropoleDeLyon is the key of the one EPCI of nature MET69.
func metropoleDeLyon(b *Builder) (string, error) {
	var found []string
	for key, e := range b.auths {
		if e.auth.Kind == dataset.KindEPCI && e.auth.Nature == "MET69" {
			found = append(found, key)
		}
	}
	if len(found) != 1 {
		return "", fmt.Errorf("Métropole de Lyon: %d EPCI of nature MET69 in the index, want 1", len(found))
	}
	return found[0], nil
}

// addAlsace adds the Collectivité européenne d'Alsace to the index under
// code, with the summed population of départements 67 and 68.
func addAlsace(b *Builder, code string) (string, error) {
	key := "departement:" + code
	if _, ok := b.Authority(key); ok {
		return key, nil
	}
	bas, ok1 := b.auths["departement:67"]
	haut, ok2 := b.auths["departement:68"]
	if !ok1 || !ok2 {
		return "", fmt.Errorf("Alsace: départements 67 and 68 not in the index")
	}
	a := dataset.Authority{
		Kind: dataset.KindDepartement, Code: code, Name: "Collectivité européenne d'Alsace",
		Region:         bas.auth.Region,
		Population:     bas.auth.Population + haut.auth.Population,
		PopulationYear: bas.auth.PopulationYear,
	}
	_, base, summed := strings.Cut(bas.popSource, " — ") // the source after "somme des … — "
	if !summed {
		base = bas.popSource
	}
	src := "somme des populations des communes du Bas-Rhin et du Haut-Rhin — " + base
	if err := b.AddAuthority(a, src); err != nil {
		return "", err
	}
	return key, nil
}

// departementRecord makes the aggregated record of one collectivity: for
// each group the file gives, amount = €/inhabitant × ptot, in cents.
func departementRecord(key string, year int, d departementGroups) (dataset.Record, error) {
	if d.Ptot <= 0 {
		return dataset.Record{}, fmt.Errorf("ptot %d", d.Ptot)
	}
	codes := departementGroupCodes()
	labels := departementGroupLabels()
	var items []dataset.Item
	var zeros []string
	for _, g := range slices.Sorted(maps.Keys(d.Fonctions)) {
		code, ok := codes[g]
		if !ok {
			return dataset.Record{}, fmt.Errorf("unknown group %q", g)
		}
		eh := d.Fonctions[g].EurHab
		if eh == nil {
			continue // absent stays absent
		}
		perInh, err := cents(*eh, g)
		if err != nil {
			return dataset.Record{}, err
		}
		if perInh == 0 {
			zeros = append(zeros, labels[g])
		}
		items = append(items, dataset.Item{Code: code, Section: SectionAll, Amount: perInh * d.Ptot})
	}
	if len(items) == 0 {
		return dataset.Record{}, fmt.Errorf("no groups")
	}
	slices.SortFunc(items, func(a, b dataset.Item) int { return strings.Compare(a.Code, b.Code) })
	return dataset.Record{
		Authority: key, Year: year, Document: AggregateDocument, Detail: dataset.Aggregated,
		Nomenclature: "M57", Population: d.Ptot, Provenance: departementProvenance(year, d, zeros), Items: items,
	}, nil
}

func departementProvenance(year int, d departementGroups, zeros []string) dataset.Provenance {
	note := fmt.Sprintf("Dépenses hors remboursement de la dette, budgets annexes compris : à ne pas comparer au seul budget principal. "+
		"Montants reconstitués : €/habitant du fichier (arrondi au dixième d'euro) × population totale du fichier (%d), "+
		"soit ±0,05 € par habitant. "+
		"Six regroupements éditoriaux de l'OFGL rapportés aux six groupes de la grille : action sociale, RSA, dépendance, enfance → G4 ; "+
		"collèges → G2 ; routes, transports, voirie → G5 ; sécurité civile, SDIS → G1 ; culture, sport, jeunesse → G3 ; "+
		"« administration et autres » → G0, qui comprend donc aussi ce que les cinq autres regroupements ne couvrent pas "+
		"(aménagement, environnement, action économique, opérations non ventilables…) : G5 ne compte ici que routes et transports. "+
		"M57 en majorité en %d, quelques départements encore en M52.", d.Ptot, year)
	if len(zeros) > 0 {
		note += " Le fichier donne 0 pour : " + strings.Join(zeros, ", ") + " (valeur de la source, non vérifiée)."
	}
	return dataset.Provenance{
		Source:   fmt.Sprintf("OFGL, base fonctionnelle des départements %d, six regroupements", year),
		Document: DepartementGroupsFile,
		Method:   "dépenses totales hors remboursement de la dette ; budget principal et budgets annexes consolidés ; fonctionnement et investissement ensemble",
		Licence:  Licence,
		Note:     note,
	}
}
