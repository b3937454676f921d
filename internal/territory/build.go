package territory

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// PackageName is the npm package Build reads.
const PackageName = "@etalab/decoupage-administratif"

// Vintages of the INSEE population files in the shared data (population/).
// The files carry no year; the clues are: Paris' arrondissements sum to a
// population municipale of 2,133,111, INSEE's figure for the populations
// légales 2021 (in force on 1 January 2024), and the file follows the
// 1 January 2023 geography (34,945 communes); Mayotte's file sums to
// 256,518, the population of the 2017 Mayotte census (the npm package's
// README also cites "population Mayotte INSEE 2017"). Tests check both
// fingerprints so that a new file cannot silently keep an old year.
const (
	PopulationYear        = 2021
	MayottePopulationYear = 2017
	// npmPopulationYear is the millésime of the npm package 6.0.0's commune
	// "population" (population municipale, populations légales 2023 in force
	// in 2026), used only for communes INSEE's file does not list.
	npmPopulationYear = 2023
	// groupPopulationYear is the millésime of the package's EPCI and EPT
	// populationTotale, the DGCL's (composition of the EPCI in 2026): the
	// members' populations it sums lie between INSEE's 2021 and the
	// package's 2023 commune figures (Bonneville: 12,895 in 2021, 13,320,
	// 13,335 in 2023), the populations légales 2022 in force in 2025.
	groupPopulationYear = 2022
)

// File names under the population directory.
const (
	inseeCommunesFile = "donnees_communes.csv"
	inseeMayotteFile  = "donnees_communes_mayotte.csv"
	cogDepartements   = "departements.csv"
	cogRegions        = "regions.csv"
)

// Population sources, in French for the UI (keep the years in step with the
// constants above).
const (
	sourceINSEE   = "INSEE, populations légales 2021 en vigueur au 1er janvier 2024, population totale"
	sourceMayotte = "INSEE, populations légales de Mayotte (recensement 2017), population totale"
	// sourceGroup is completed with the package's name and version.
	sourceGroup = "DGCL, composition des intercommunalités au 1er janvier 2026, population totale de l'intercommunalité (millésime 2022), d'après %s %s"
	// Prefixes of summed populations.
	sumMembers     = "somme des populations des communes membres — "
	sumDepartement = "somme des populations totales des communes du département (INSEE ne donne pas ici de total départemental) — "
	sumRegion      = "somme des populations totales des communes de la région (INSEE ne donne pas ici de total régional) — "
	sumRhone       = "somme des populations totales des communes du Rhône hors Métropole de Lyon (INSEE ne donne pas ici de total départemental) — "
	sumAlsace      = "somme des populations totales des communes du Bas-Rhin et du Haut-Rhin (INSEE ne donne pas ici de total départemental) — "
)

// Build reads the npm package's data and INSEE's population files and
// returns the reference set.
//
// npmDir is tools/npm (the folder holding package.json, with the package
// installed under node_modules by `npm ci --ignore-scripts`), or directly
// the package's data folder (…/@etalab/decoupage-administratif/data). When
// npmDir holds a package.json that pins the package, the installed version
// must match the pin. populationDir is the shared data's population/ folder.
//
// Populations: a commune's PTOT comes from donnees_communes.csv (or the
// Mayotte file), summing the rows of the communes it has absorbed since the
// file's geography (communes nouvelles, via the package's anciensCodes and
// communes déléguées) and, for Paris, Lyon and Marseille, the rows of their
// arrondissements. A commune without any INSEE row (restored since: in 2026
// Celles, Chalinargues, Chavagnac, Sainte-Anastasie in Cantal, L'Oie and
// Sainte-Florence in Vendée) falls back to the package's population
// municipale, labelled as such; its former parent's PTOT still includes it.
// EPCI and EPT get the package's own populationTotale (the DGCL's, of
// millésime 2022), or the sum of their communes' PTOT when it has none.
// Départements and régions get the sum of their communes' INSEE PTOT: the
// shared data has no INSEE total for them (the COG lists carry no
// population, donnees_communes.csv is by commune), and this sum is the
// figure OFGL publishes as their population totale (equal for every
// département of its 2024 file but the Rhône, below). The Rhône (69) counts
// only its communes outside the Métropole de Lyon, which has exercised the
// département's powers on its territory since 2015.
//
// Special cases (see Special): Paris is one authority, the commune 75056
// (Ville de Paris, commune and département since 2019): the COG's
// département 75 is not listed apart, so that Paris is found once. The
// Collectivité européenne d'Alsace (département "67A", since 2021) is added
// beside the Bas-Rhin and the Haut-Rhin, which keep their earlier years.
func Build(npmDir, populationDir string) (*Set, error) {
	dataDir, version, err := packageData(npmDir)
	if err != nil {
		return nil, err
	}
	communes, err := readNPMCommunes(filepath.Join(dataDir, "communes.json"))
	if err != nil {
		return nil, err
	}
	epcis, err := readNPMGroups(filepath.Join(dataDir, "epci.json"))
	if err != nil {
		return nil, err
	}
	epts, err := readNPMGroups(filepath.Join(dataDir, "ept.json"))
	if err != nil {
		return nil, err
	}
	pops, err := readINSEEPopulations(populationDir)
	if err != nil {
		return nil, err
	}
	depts, err := readCOG(filepath.Join(populationDir, cogDepartements), "DEP", "REG")
	if err != nil {
		return nil, err
	}
	regions, err := readCOG(filepath.Join(populationDir, cogRegions), "REG", "")
	if err != nil {
		return nil, err
	}

	b := builder{version: version}
	if err := b.communes(communes, pops, filepath.Join(dataDir, "communes.json")); err != nil {
		return nil, err
	}
	if err := b.groups(epcis, EPCI, filepath.Join(dataDir, "epci.json")); err != nil {
		return nil, err
	}
	if err := b.groups(epts, EPT, filepath.Join(dataDir, "ept.json")); err != nil {
		return nil, err
	}
	b.correctRestored()
	b.populations()
	if err := b.territories(depts, regions, populationDir); err != nil {
		return nil, err
	}
	set, err := NewSet(b.auths)
	if err != nil {
		return nil, err
	}
	set.version = version
	return set, nil
}

// packageData locates the package's data folder and its version.
func packageData(npmDir string) (dataDir, version string, err error) {
	dataDir = npmDir
	if _, err := os.Stat(filepath.Join(npmDir, "communes.json")); err != nil {
		dataDir = filepath.Join(npmDir, "node_modules", filepath.FromSlash(PackageName), "data")
	}
	if _, err := os.Stat(filepath.Join(dataDir, "communes.json")); err != nil {
		return "", "", fmt.Errorf("territory: %s not installed (run `npm ci --ignore-scripts --prefix tools/npm`): %w", PackageName, err)
	}
	var installed struct {
		Version string `json:"version"`
	}
	pkgFile := filepath.Join(filepath.Dir(dataDir), "package.json")
	if err := readJSON(pkgFile, &installed); err != nil && !errors.Is(err, os.ErrNotExist) {
		return "", "", err
	}
	var pinned struct {
		Dependencies map[string]string `json:"dependencies"`
	}
	pinFile := filepath.Join(npmDir, "package.json")
	if err := readJSON(pinFile, &pinned); err != nil && !errors.Is(err, os.ErrNotExist) {
		return "", "", err
	}
	if want := pinned.Dependencies[PackageName]; want != "" && want != installed.Version {
		return "", "", fmt.Errorf("territory: %s pins %s %s but %s is installed (run `npm ci --ignore-scripts --prefix tools/npm`)",
			pinFile, PackageName, want, cmp.Or(installed.Version, "an unknown version"))
	}
	return dataDir, installed.Version, nil
}

// npm package records.
type (
	npmCommune struct {
		Code          string   `json:"code"`
		Name          string   `json:"nom"`
		Type          string   `json:"type"` // commune-actuelle, commune-deleguee, commune-associee, arrondissement-municipal
		Zone          string   `json:"zone"` // metro, drom, com
		Departement   string   `json:"departement"`
		Region        string   `json:"region"`
		SIREN         string   `json:"siren"`
		PostalCodes   []string `json:"codesPostaux"`
		Population    *int64   `json:"population"` // population municipale
		FormerCodes   []string `json:"anciensCodes"`
		ChefLieu      string   `json:"chefLieu"` // commune déléguée or associée → its commune
		ParentCommune string   `json:"commune"`  // arrondissement municipal → its commune
	}
	npmGroup struct {
		Code string `json:"code"` // SIREN
		Name string `json:"nom"`
		Type string `json:"type"` // CC, CA, CU, METRO, MET69, EPT
		// Population is the DGCL's population totale of the group.
		Population *int64 `json:"populationTotale"`
		Members    []struct {
			Code  string `json:"code"`
			SIREN string `json:"siren"`
		} `json:"membres"`
	}
)

func readNPMCommunes(path string) ([]npmCommune, error) {
	var out []npmCommune
	return out, readJSON(path, &out)
}

func readNPMGroups(path string) ([]npmGroup, error) {
	var out []npmGroup
	return out, readJSON(path, &out)
}

// readJSON decodes a JSON file, naming the file and line of a decoding error.
func readJSON(path string, v any) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("territory: %w", err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		var off int64 = -1
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			off = se.Offset
		case errors.As(err, &te):
			off = te.Offset
		}
		if off >= 0 && off <= int64(len(data)) {
			line := 1 + bytes.Count(data[:off], []byte("\n"))
			return fmt.Errorf("territory: %s:%d: %w", path, line, err)
		}
		return fmt.Errorf("territory: %s: %w", path, err)
	}
	return nil
}

// inseePop is one row of INSEE's population files.
type inseePop struct {
	ptot   int64
	year   int
	source string
	where  string // file:line
}

// readINSEEPopulations reads donnees_communes.csv and the Mayotte file,
// keyed by INSEE commune (or arrondissement municipal) code.
func readINSEEPopulations(dir string) (map[string]inseePop, error) {
	pops := make(map[string]inseePop, 35000)
	add := func(code string, p inseePop) error {
		if prev, dup := pops[code]; dup {
			return fmt.Errorf("territory: %s: commune %s already listed at %s", p.where, code, prev.where)
		}
		pops[code] = p
		return nil
	}
	path := filepath.Join(dir, inseeCommunesFile)
	err := readCSV(path, ';', []string{"COM", "PTOT"}, func(line int, get func(string) string) error {
		code := get("COM")
		if !validCommuneCode(code) {
			return fmt.Errorf("territory: %s:%d: COM: expected an INSEE commune code, got %q", path, line, code)
		}
		ptot, err := parsePop(path, line, get("PTOT"))
		if err != nil {
			return err
		}
		return add(code, inseePop{ptot, PopulationYear, sourceINSEE, fmt.Sprintf("%s:%d", path, line)})
	})
	if err != nil {
		return nil, err
	}
	// Mayotte's file has an empty COM column: the code is the département's
	// first two digits followed by CODCOM ("97" + "611").
	path = filepath.Join(dir, inseeMayotteFile)
	err = readCSV(path, ';', []string{"DEP", "CODCOM", "COM", "PTOT"}, func(line int, get func(string) string) error {
		code := get("COM")
		if code == "" && len(get("DEP")) == 3 && len(get("CODCOM")) == 3 {
			code = get("DEP")[:2] + get("CODCOM")
		}
		if !validCommuneCode(code) {
			return fmt.Errorf("territory: %s:%d: expected DEP and CODCOM forming an INSEE commune code, got %q", path, line, code)
		}
		ptot, err := parsePop(path, line, get("PTOT"))
		if err != nil {
			return err
		}
		return add(code, inseePop{ptot, MayottePopulationYear, sourceMayotte, fmt.Sprintf("%s:%d", path, line)})
	})
	if err != nil {
		return nil, err
	}
	return pops, nil
}

func parsePop(path string, line int, s string) (int64, error) {
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("territory: %s:%d: PTOT: expected a population, got %q", path, line, s)
	}
	return n, nil
}

// cogRow is a département or région of the COG.
type cogRow struct {
	code, parent, name, where string
}

// readCOG reads the COG list of départements (code DEP, parent REG) or
// régions (code REG), with their LIBELLE.
func readCOG(path, codeCol, parentCol string) ([]cogRow, error) {
	cols := []string{codeCol, "LIBELLE"}
	if parentCol != "" {
		cols = append(cols, parentCol)
	}
	var rows []cogRow
	err := readCSV(path, ',', cols, func(line int, get func(string) string) error {
		r := cogRow{code: get(codeCol), name: get("LIBELLE"), where: fmt.Sprintf("%s:%d", path, line)}
		if parentCol != "" {
			r.parent = get(parentCol)
		}
		if r.code == "" || r.name == "" {
			return fmt.Errorf("territory: %s: empty %s or LIBELLE", r.where, codeCol)
		}
		rows = append(rows, r)
		return nil
	})
	return rows, err
}

// readCSV reads a UTF-8 CSV file with a header line, calling row for each
// record with its line number and a getter by column name.
func readCSV(path string, sep rune, required []string, row func(line int, get func(col string) string) error) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("territory: %w", err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma = sep
	r.ReuseRecord = true
	header, err := r.Read()
	if err != nil {
		return fmt.Errorf("territory: %s:1: header: %w", path, err)
	}
	cols := make(map[string]int, len(header))
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\uFEFF"))
		cols[h] = i
	}
	for _, c := range required {
		if _, ok := cols[c]; !ok {
			return fmt.Errorf("territory: %s:1: missing column %s", path, c)
		}
	}
	var rec []string
	get := func(c string) string {
		if i, ok := cols[c]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	for {
		rec, err = r.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("territory: %s: %w", path, err) // csv.ParseError names the line
		}
		line, _ := r.FieldPos(0)
		if err := row(line, get); err != nil {
			return err
		}
	}
}

func validCommuneCode(c string) bool {
	if len(c) != 5 {
		return false
	}
	for i := range 5 {
		ch := c[i]
		if ch >= '0' && ch <= '9' || i == 1 && (ch == 'A' || ch == 'B') && c[0] == '2' {
			continue
		}
		return false
	}
	return true
}

func validSIREN(s string) bool {
	if len(s) != 9 {
		return false
	}
	for i := range 9 {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// builder accumulates authorities.
type builder struct {
	version  string
	auths    []Authority
	commune  map[string]int // INSEE code → index into auths
	share    map[string][]popShare
	npmPop   map[string]int64 // package's population municipale of communes
	restored []string         // communes without INSEE row, sorted
	group    map[string]int   // SIREN of an EPCI or EPT → index into auths
	groupIdx []int            // EPCI and EPT, indexes into auths
	groupPop map[string]int64 // SIREN of an EPCI or EPT → the package's population totale
}

// popShare is the part of a commune's population from one source.
type popShare struct {
	pop    int64
	year   int
	source string
}

func (b *builder) communes(list []npmCommune, pops map[string]inseePop, path string) error {
	b.commune = make(map[string]int, 35000)
	b.share = make(map[string][]popShare, 35000)
	b.npmPop = make(map[string]int64, 35000)
	b.group = make(map[string]int, 1300)
	b.groupPop = make(map[string]int64, 1300)
	plm := make(map[string]string)    // arrondissement municipal → commune
	former := make(map[string]string) // absorbed commune → current commune
	for _, c := range list {
		if c.Type != "commune-actuelle" || c.Zone == "com" {
			continue
		}
		if !validCommuneCode(c.Code) || c.Departement == "" || c.Region == "" || c.Name == "" {
			return fmt.Errorf("territory: %s: commune %q (%s): missing or invalid code, name, département or région", path, c.Name, c.Code)
		}
		if c.SIREN != "" && !validSIREN(c.SIREN) {
			return fmt.Errorf("territory: %s: commune %s: invalid SIREN %q", path, c.Code, c.SIREN)
		}
		if _, dup := b.commune[c.Code]; dup {
			return fmt.Errorf("territory: %s: commune %s listed twice", path, c.Code)
		}
		postal := slices.Compact(slices.Sorted(slices.Values(c.PostalCodes)))
		b.commune[c.Code] = len(b.auths)
		b.auths = append(b.auths, Authority{
			Kind: Commune, Code: c.Code, SIREN: c.SIREN, Name: c.Name,
			PostalCodes: postal, Departement: c.Departement, Region: c.Region,
		})
		for _, old := range c.FormerCodes {
			if prev, dup := former[old]; dup && prev != c.Code {
				return fmt.Errorf("territory: %s: former code %s claimed by communes %s and %s", path, old, prev, c.Code)
			}
			former[old] = c.Code
		}
	}
	for _, c := range list {
		switch c.Type {
		case "arrondissement-municipal":
			plm[c.Code] = c.ParentCommune
		case "commune-deleguee", "commune-associee":
			if _, ok := former[c.Code]; !ok && c.ChefLieu != "" {
				if _, cur := b.commune[c.Code]; !cur {
					former[c.Code] = c.ChefLieu
				}
			}
		}
	}

	// Map each INSEE row to a current commune.
	var unmapped []string
	for _, code := range slices.Sorted(maps.Keys(pops)) {
		p := pops[code]
		cur := code
		if _, ok := b.commune[cur]; !ok {
			cur = cmp.Or(plm[code], former[code])
		}
		if _, ok := b.commune[cur]; !ok {
			unmapped = append(unmapped, p.where+" ("+code+")")
			continue
		}
		b.share[cur] = append(b.share[cur], popShare{p.ptot, p.year, p.source})
	}
	if len(unmapped) > 0 {
		more := ""
		if len(unmapped) > 5 {
			more = fmt.Sprintf(" and %d more", len(unmapped)-5)
			unmapped = unmapped[:5]
		}
		return fmt.Errorf("territory: INSEE population rows match no current commune of %s %s: %s%s",
			PackageName, b.version, strings.Join(unmapped, ", "), more)
	}

	npmSource := fmt.Sprintf("%s %s, population municipale %d (commune absente du fichier INSEE)", PackageName, b.version, npmPopulationYear)
	for _, c := range list {
		if _, ok := b.commune[c.Code]; !ok || c.Type != "commune-actuelle" || c.Zone == "com" {
			continue
		}
		if c.Population != nil {
			b.npmPop[c.Code] = *c.Population
		}
		if len(b.share[c.Code]) == 0 && c.Population != nil {
			b.share[c.Code] = []popShare{{*c.Population, npmPopulationYear, npmSource}}
			b.restored = append(b.restored, c.Code)
		}
	}
	slices.Sort(b.restored)
	return nil
}

// correctRestored handles communes that INSEE's file does not list because
// they were part of another commune in its geography and have been restored
// since (e.g. L'Oie and Sainte-Florence, out of Essarts-en-Bocage in 2024).
// They carry the package's population municipale; it is subtracted from the
// former commune, whose INSEE row still counts them. The former commune is
// not in the data: it is taken to be the commune of the same EPCI whose
// INSEE population most exceeds 110 % of the package's population
// municipale (10 % covers population comptée à part and two years of
// change), provided that excess is at least half the restored commune's
// population; otherwise nothing is subtracted and the restored inhabitants
// are counted twice.
func (b *builder) correctRestored() {
	excess := func(code string) int64 {
		var n int64
		for _, p := range b.share[code] {
			n += p.pop
		}
		return n - b.npmPop[code]*11/10
	}
	type minus struct {
		names []string
		pop   int64
	}
	corrections := make(map[string]*minus)
	for _, code := range b.restored {
		child := b.auths[b.commune[code]]
		pop := b.npmPop[code]
		if child.EPCI == "" || pop <= 0 {
			continue
		}
		parent, best := "", int64(0)
		for _, m := range b.auths[b.group[child.EPCI]].Members {
			if _, restored := slices.BinarySearch(b.restored, m); restored {
				continue
			}
			if e := excess(m); e > best {
				parent, best = m, e
			}
		}
		if parent == "" || 2*best < pop {
			continue
		}
		c := corrections[parent]
		if c == nil {
			c = &minus{}
			corrections[parent] = c
		}
		c.names = append(c.names, child.Name)
		c.pop += pop
	}
	for parent, c := range corrections {
		slices.Sort(c.names)
		names := c.names[0]
		if n := len(c.names); n > 1 {
			names = strings.Join(c.names[:n-1], ", ") + " et " + c.names[n-1]
		}
		plural := "commune rétablie"
		if len(c.names) > 1 {
			plural = "communes rétablies"
		}
		source := fmt.Sprintf("moins %s, %s depuis (population municipale %d de %s %s)",
			names, plural, npmPopulationYear, PackageName, b.version)
		b.share[parent] = append(b.share[parent], popShare{-c.pop, npmPopulationYear, source})
	}
}

// populations sets the population of communes, then of EPCI and EPT
// (with the département and région holding most of their population).
func (b *builder) populations() {
	for code, i := range b.commune {
		setPopulation(&b.auths[i], b.share[code], "")
	}
	for _, i := range b.groupIdx {
		a := &b.auths[i]
		deptPop := make(map[string]int64)
		regPop := make(map[string]int64)
		for _, m := range a.Members {
			c := b.auths[b.commune[m]]
			deptPop[c.Departement] += c.Population
			regPop[c.Region] += c.Population
		}
		a.Departement = largest(deptPop)
		a.Region = largest(regPop)
		if pop, ok := b.groupPop[a.Code]; ok {
			a.Population, a.PopulationYear = pop, groupPopulationYear
			a.PopulationSource = fmt.Sprintf(sourceGroup, PackageName, b.version)
			continue
		}
		setPopulation(a, b.communeShares(a.Members), sumMembers)
	}
}

// setPopulation sets the population of a from its parts: the total, and the
// year and source of the largest part, naming the others when sources mix
// (for an aggregate, only the positive ones: a subtraction from a former
// commune cancels out with the restored commune, a member too). sum is the
// prefix of a sum of communes ("" for a commune).
func setPopulation(a *Authority, parts []popShare, sum string) {
	aggregate := sum != ""
	if len(parts) == 0 {
		return
	}
	type agg struct {
		pop    int64
		n      int
		year   int
		source string
	}
	bySource := make(map[string]*agg)
	var total int64
	for _, p := range parts {
		total += p.pop
		g := bySource[p.source]
		if g == nil {
			g = &agg{year: p.year, source: p.source}
			bySource[p.source] = g
		}
		g.pop += p.pop
		g.n++
	}
	groups := slices.SortedFunc(maps.Values(bySource), func(x, y *agg) int {
		return cmp.Or(cmp.Compare(y.pop, x.pop), cmp.Compare(x.source, y.source))
	})
	main := groups[0]
	a.Population = total
	a.PopulationYear = main.year
	var sb strings.Builder
	sb.WriteString(sum)
	sb.WriteString(main.source)
	for _, g := range groups[1:] {
		switch {
		case !aggregate:
			fmt.Fprintf(&sb, " ; %s", g.source)
		case g.pop > 0:
			fmt.Fprintf(&sb, " ; dont %d commune(s) : %s", g.n, g.source)
		}
	}
	a.PopulationSource = sb.String()
}

// communeShares returns the population parts of communes.
func (b *builder) communeShares(codes []string) []popShare {
	var parts []popShare
	for _, c := range codes {
		parts = append(parts, b.share[c]...)
	}
	return parts
}

// groups adds the EPCI or EPT of the npm file at path.
func (b *builder) groups(list []npmGroup, kind Kind, path string) error {
	for _, g := range list {
		if !validSIREN(g.Code) || g.Name == "" || g.Type == "" {
			return fmt.Errorf("territory: %s: %s %q (%q): invalid SIREN, empty name or type", path, kind, g.Name, g.Code)
		}
		if len(g.Members) == 0 {
			return fmt.Errorf("territory: %s: %s %s has no members", path, kind, g.Code)
		}
		a := Authority{Kind: kind, Code: g.Code, SIREN: g.Code, Name: g.Name, Nature: g.Type}
		if g.Population != nil && *g.Population > 0 {
			b.groupPop[g.Code] = *g.Population
		}
		for _, m := range g.Members {
			i, ok := b.commune[m.Code]
			if !ok {
				return fmt.Errorf("territory: %s: %s %s: member %s is not a current commune", path, kind, g.Code, m.Code)
			}
			c := &b.auths[i]
			field := &c.EPCI
			if kind == EPT {
				field = &c.EPT
			}
			if *field != "" && *field != g.Code {
				return fmt.Errorf("territory: %s: commune %s belongs to %s %s and %s", path, m.Code, kind, *field, g.Code)
			}
			*field = g.Code
			a.Members = append(a.Members, m.Code)
		}
		slices.Sort(a.Members)
		a.Members = slices.Compact(a.Members)
		if _, dup := b.group[a.Code]; dup {
			return fmt.Errorf("territory: %s: SIREN %s listed twice", path, a.Code)
		}
		b.group[a.Code] = len(b.auths)
		b.groupIdx = append(b.groupIdx, len(b.auths))
		b.auths = append(b.auths, a)
	}
	return nil
}

// largest returns the key with the largest value (smallest key on ties).
func largest(m map[string]int64) string {
	best, bestV := "", int64(-1)
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if m[k] > bestV {
			best, bestV = k, m[k]
		}
	}
	return best
}

// territories adds départements and régions from the COG lists, checking
// that every commune's département and région are among them.
func (b *builder) territories(depts, regions []cogRow, dir string) error {
	regionOf := make(map[string]string, len(depts))
	for _, d := range depts {
		regionOf[d.code] = d.parent
	}
	regionNames := make(map[string]bool, len(regions))
	for _, r := range regions {
		regionNames[r.code] = true
	}
	for _, d := range depts {
		if !regionNames[d.parent] {
			return fmt.Errorf("territory: %s: département %s: région %q is not in %s", d.where, d.code, d.parent, cogRegions)
		}
	}
	lyon := make(map[string]bool) // communes of the Métropole de Lyon
	for _, i := range b.groupIdx {
		if b.auths[i].Nature == NatureLyon {
			for _, m := range b.auths[i].Members {
				lyon[m] = true
			}
		}
	}
	byDept := make(map[string][]string)
	byRegion := make(map[string][]string)
	for _, code := range slices.Sorted(maps.Keys(b.commune)) {
		c := b.auths[b.commune[code]]
		reg, ok := regionOf[c.Departement]
		if !ok {
			return fmt.Errorf("territory: commune %s: département %q is not in %s", code, c.Departement, filepath.Join(dir, cogDepartements))
		}
		if reg != c.Region {
			return fmt.Errorf("territory: commune %s: région %q, but %s puts département %s in région %q", code, c.Region, filepath.Join(dir, cogDepartements), c.Departement, reg)
		}
		byRegion[c.Region] = append(byRegion[c.Region], code)
		if c.Departement == DepartementRhone && lyon[code] {
			continue
		}
		byDept[c.Departement] = append(byDept[c.Departement], code)
	}
	for _, d := range depts {
		if d.code == DepartementParis {
			continue // the Ville de Paris, commune 75056, stands for it
		}
		a := Authority{Kind: Departement, Code: d.code, Name: d.name, Departement: d.code, Region: d.parent}
		sum := sumDepartement
		if d.code == DepartementRhone && len(lyon) > 0 {
			sum = sumRhone
		}
		setPopulation(&a, b.communeShares(byDept[d.code]), sum)
		b.auths = append(b.auths, a)
	}
	if len(byDept["67"]) > 0 && len(byDept["68"]) > 0 {
		a := Authority{Kind: Departement, Code: DepartementAlsace, Name: NameAlsace,
			Departement: DepartementAlsace, Region: regionOf["67"]}
		setPopulation(&a, b.communeShares(append(slices.Clone(byDept["67"]), byDept["68"]...)), sumAlsace)
		b.auths = append(b.auths, a)
	}
	for _, r := range regions {
		a := Authority{Kind: Region, Code: r.code, Name: r.name, Region: r.code}
		setPopulation(&a, b.communeShares(byRegion[r.code]), sumRegion)
		b.auths = append(b.auths, a)
	}
	return nil
}
