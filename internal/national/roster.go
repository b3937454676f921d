package national

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/jeu1000/jeu1000/internal/territory"
)

// Roster lists the bodies a synthetic national year is generated for: every
// authority of the territory reference, as the DGFiP files identify them
// (CATEG, NDEPT, INSEE, CREGI, SIREN), with the years each one files a
// budget and its nomenclature each year, plus bodies that are not in the
// index and must be skipped by a build (communes merged into a commune
// nouvelle before their merge, the régions of before 2016, the Communauté
// urbaine de Lyon before the Métropole). Syndicats and établissements
// publics (SYND, EPL) are made up year by year by the generator.
type Roster struct {
	bodies []*body
}

// body is one budget-filing body of the roster.
type body struct {
	// key is the index key a build must resolve the budget principal to
	// ("commune:93048"); "" for a body that is not in the index.
	key   string
	categ string
	name  string // upper case, UTF-8
	siren string
	nic   string // the five digits after the SIREN in IDENT
	ndept string // NDEPT on three characters ("033", "02A", "101")
	insee string // INSEE column: the commune number on three digits, "000" otherwise
	cregi string // CREGI on three digits
	ctype string
	pop   int64
	// from and to bound the exercices the body files (inclusive; 0: no
	// bound).
	from, to int
	// m57 is the first exercice in M57 (0: never before 2100); old is the
	// nomenclature before it (M14, M52, M71).
	m57 int
	old string
	// size is the range of rows of its budget principal.
	minRows, maxRows int
	// functions is false for budgets without function codes (communes
	// under 3,500 inhabitants).
	functions bool
	// annexes is the number of annex budgets it has (0–3).
	annexes int
	anchor  bool
}

// Delegated is a former commune merged into a commune nouvelle: its own
// INSEE code, its name, and the code of the commune it merged into.
type Delegated struct {
	Code, Name, Commune string
}

// ReadMergedCommunes reads the former communes of the npm package's
// communes.json (the anciensCodes of each current commune, named from the
// communes déléguées when the package lists them). npmDir is tools/npm, the
// package's folder or its data folder.
func ReadMergedCommunes(npmDir string) ([]Delegated, error) {
	var path string
	for _, p := range []string{
		filepath.Join(npmDir, "node_modules", territory.PackageName, "data", "communes.json"),
		filepath.Join(npmDir, "data", "communes.json"),
		filepath.Join(npmDir, "communes.json"),
	} {
		if _, err := os.Stat(p); err == nil {
			path = p
			break
		}
	}
	if path == "" {
		return nil, fmt.Errorf("merged communes: no communes.json under %s", npmDir)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("merged communes: %w", err)
	}
	var list []struct {
		Code     string   `json:"code"`
		Name     string   `json:"nom"`
		Type     string   `json:"type"`
		ChefLieu string   `json:"chefLieu"`
		Former   []string `json:"anciensCodes"`
	}
	if err := json.Unmarshal(data, &list); err != nil {
		return nil, fmt.Errorf("merged communes: %s: %w", path, err)
	}
	names := map[string]string{}
	for _, c := range list {
		if c.Type == "commune-deleguee" || c.Type == "commune-associee" {
			names[c.Code] = c.Name
		}
	}
	var out []Delegated
	seen := map[string]bool{}
	for _, c := range list {
		if c.Type != "commune-actuelle" {
			continue
		}
		for _, old := range c.Former {
			// Same département only (Montreuil's 75048 is the Seine's).
			if old == c.Code || seen[old] || len(old) != 5 || deptOf(old) != deptOf(c.Code) {
				continue
			}
			seen[old] = true
			name := names[old]
			if name == "" {
				name = "Ancienne commune " + old
			}
			out = append(out, Delegated{Code: old, Name: name, Commune: c.Code})
		}
	}
	slices.SortFunc(out, func(a, b Delegated) int { return strings.Compare(a.Code, b.Code) })
	return out, nil
}

// deptOf is the département of a commune code.
func deptOf(code string) string {
	if strings.HasPrefix(code, "97") {
		return code[:3]
	}
	return code[:2]
}

// hash64 is a stable hash of the parts, for the draws that must not depend
// on the year (which bodies a scaled-down file keeps, merge years, M57
// years).
func hash64(parts ...string) uint64 {
	h := fnv.New64a()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	x := h.Sum64()
	// splitmix64 finaliser: FNV's low bits are poor.
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}

// pick returns the first value whose cumulative weight (in hundredths)
// exceeds h mod 100.
func pick(h uint64, weights []int, values []int) int {
	r := int(h % 100)
	for i, w := range weights {
		if r < w {
			return values[i]
		}
		r -= w
	}
	return values[len(values)-1]
}

// ndeptOf is the NDEPT of a département code: three characters, overseas
// 971–976 numbered 101–106.
func ndeptOf(dept string) string {
	if strings.HasPrefix(dept, "97") && len(dept) == 3 {
		return "10" + dept[2:]
	}
	return "0" + dept
}

// sirenCheck completes eight digits with a Luhn check digit.
func sirenCheck(eight string) string {
	sum := 0
	for i := 0; i < 8; i++ {
		d := int(eight[7-i] - '0')
		if i%2 == 0 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return eight + string(rune('0'+(10-sum%10)%10))
}

// communeSIREN is the SIREN pattern of a commune: 21, its département and
// "0" + its number (21DD0CCCk; overseas 21DDDCCCk); Corsica's 2A/2B are 20.
func communeSIREN(code string) string {
	d := deptOf(code)
	if len(d) == 3 {
		return sirenCheck("21" + d + "0" + code[3:])
	}
	if d == "2A" || d == "2B" {
		d = "20"
	}
	return sirenCheck("21" + d + "0" + code[2:])
}

// Anchors are the authorities every generated file has, whatever its size,
// so that tests and browser tests can rely on them: a large and a small
// commune, Paris, an overseas and a Corsican commune, an EPCI, the
// Métropole de Lyon, an EPT, a département, a région, a CTU and the
// Collectivité européenne d'Alsace.
var Anchors = []string{
	"commune:93048", "commune:75056", "commune:33063", "commune:97411", "commune:2A004", "commune:01001",
	"epci:243300316", "epci:200046977", "ept:200057875",
	"departement:93", "departement:33", "departement:67A",
	"region:11", "region:75", "region:94",
}

// NewRoster makes the roster of set: every commune, EPCI, EPT,
// département and région, with the changes of 2012–2024 (régions merged in
// 2016, CTU of Martinique and Guyane in 2016 and of Corse in 2018, Ville
// de Paris in 2019, Collectivité européenne d'Alsace in 2021, Métropole de
// Lyon in 2015, EPT in 2016), and the former communes of merged.
func NewRoster(set *territory.Set, merged []Delegated) *Roster {
	r := &Roster{}
	add := func(b *body) {
		if b.nic == "" {
			b.nic = fmt.Sprintf("%05d", 10+hash64("nic", b.siren)%90000)
		}
		b.anchor = slices.Contains(Anchors, b.key)
		r.bodies = append(r.bodies, b)
	}
	regionOf := map[string]string{}
	for _, a := range set.All() {
		if a.Kind == territory.Departement {
			regionOf[a.Code] = a.Region
		}
	}
	cregi := func(region string) string { return "0" + region }
	for _, a := range set.All() {
		name := strings.ToUpper(a.Name)
		switch a.Kind {
		case territory.Commune:
			siren := a.SIREN
			if siren == "" {
				siren = communeSIREN(a.Code)
			}
			b := &body{key: "commune:" + a.Code, categ: "Commune", name: name, siren: siren,
				ndept: ndeptOf(deptOf(a.Code)), insee: a.Code[len(a.Code)-3:], cregi: cregi(a.Region),
				ctype: "101", pop: a.Population, old: "M14"}
			b.m57 = communeM57(a.Code)
			communeSize(b)
			if a.Code == "75056" {
				// Ville de Paris: the commune until 2018, then one
				// budget for the commune and the département.
				b.name, b.m57, b.categ = "VILLE DE PARIS", 2019, "PARIS"
				add(b)
				// The département de Paris until 2018: the index lists
				// the Ville de Paris alone, which takes its budget apart.
				add(&body{key: b.key, categ: "DEPT", name: "DEPARTEMENT DE PARIS", siren: departementSIREN("75"),
					ndept: "075", insee: "000", cregi: b.cregi, ctype: "201", pop: a.Population, old: "M52",
					m57: departementM57("75"), minRows: 1200, maxRows: 1700, functions: true, annexes: 1, to: 2018})
				continue
			}
			add(b)
		case territory.EPCI, territory.EPT:
			b := &body{key: a.Kind.String() + ":" + a.Code, categ: "GFP", name: name, siren: a.SIREN,
				ndept: ndeptOf(a.Departement), insee: "000", cregi: cregi(a.Region), ctype: "401", pop: a.Population,
				old: "M14", m57: communeM57(a.Code), functions: true}
			switch a.Nature {
			case "CC":
				b.minRows, b.maxRows = 150, 450
			case "CA":
				b.minRows, b.maxRows = 450, 900
			default: // CU, METRO, MET69
				b.minRows, b.maxRows = 900, 1700
				b.m57 = 2015 + int(hash64("metro", a.Code)%4)
			}
			b.annexes = int(hash64("annexes", a.Code) % 4)
			switch {
			case a.Kind == territory.EPT:
				b.categ, b.ctype, b.from = "EPT", "402", 2016
				b.minRows, b.maxRows = 400, 900
			case a.Nature == "MET69":
				b.categ, b.ctype, b.from, b.m57 = "ML", "403", 2015, 2015
				add(&body{categ: "GFP", name: "COMMUNAUTE URBAINE DE LYON", siren: "246900245", ndept: "069", insee: "000",
					cregi: b.cregi, ctype: "401", pop: b.pop, to: 2014, old: "M14", m57: 2100, minRows: 900, maxRows: 1700, functions: true})
			}
			add(b)
		case territory.Departement:
			b := &body{key: "departement:" + a.Code, categ: "DEPT", name: "DEPARTEMENT " + name,
				siren: departementSIREN(a.Code), ndept: ndeptOf(a.Code), insee: "000", cregi: cregi(a.Region),
				ctype: "201", pop: a.Population, old: "M52", m57: departementM57(a.Code),
				minRows: 1200, maxRows: 1700, functions: true, annexes: 1}
			switch a.Code {
			case "2A", "2B":
				b.to = 2017
			case "972", "973":
				b.to = 2015
			case "67A":
				continue // the CEA, added below with its years
			case "67", "68":
				b.to = 2020
			}
			add(b)
		case territory.Region:
			b := &body{key: "region:" + a.Code, categ: "REG", name: "REGION " + name,
				siren: sirenCheck("230" + a.Code + "000"),
				ndept: "000", insee: "000", cregi: cregi(a.Code), ctype: "301", pop: a.Population,
				old: "M71", m57: 2017 + int(hash64("m57", a.Code)%5), minRows: 1000, maxRows: 1700, functions: true}
			switch a.Code {
			case "06":
				continue // Mayotte: the département exercises the région's powers
			case "27", "28", "32", "44", "75", "76", "84":
				b.from = 2016 // the merged régions
			}
			switch ctu := ctuOf(a.Code); {
			case ctu != nil:
				old := *b
				old.to = ctu.from - 1
				add(&old)
				b.categ, b.name, b.siren, b.ndept, b.ctype, b.from, b.m57 = "CTU", ctu.name, ctu.siren, ctu.ndept, "203", ctu.from, ctu.from
				b.nic = ""
			}
			add(b)
		}
	}
	if pop67, ok := set.Lookup(territory.Departement, "67"); ok {
		pop68, _ := set.Lookup(territory.Departement, "68")
		add(&body{key: "departement:67A", categ: "DEPT", name: "COLLECTIVITE EUROPEENNE D'ALSACE", siren: "200094332",
			ndept: "067", insee: "000", cregi: cregi(pop67.Region), ctype: "201", pop: pop67.Population + pop68.Population,
			from: 2021, m57: 2021, minRows: 1300, maxRows: 1700, functions: true, annexes: 1})
	}
	for _, old := range oldRegions() {
		add(&body{categ: "REG", name: "REGION " + old.name, siren: sirenCheck("230" + old.code + "000"), ndept: "000",
			insee: "000", cregi: "0" + old.code, ctype: "301", pop: 2_000_000, to: 2015, old: "M71", m57: 2100,
			minRows: 1000, maxRows: 1700, functions: true})
	}
	for _, m := range merged {
		if _, ok := set.Lookup(territory.Commune, m.Code); ok {
			continue
		}
		if _, ok := set.BySIREN(communeSIREN(m.Code)); ok {
			continue // the commune nouvelle kept this commune's SIREN
		}
		year := pick(hash64("merge", m.Code), []int{5, 35, 20, 8, 20, 4, 3, 2, 2, 1}, []int{2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024})
		b := &body{categ: "Commune", name: strings.ToUpper(m.Name), siren: communeSIREN(m.Code),
			ndept: ndeptOf(deptOf(m.Code)), insee: m.Code[len(m.Code)-3:], cregi: cregi(regionOf[deptOf(m.Code)]),
			ctype: "101", pop: 300 + int64(hash64("pop", m.Code)%1500), to: year - 1, old: "M14", m57: 2100}
		communeSize(b)
		add(b)
	}
	slices.SortStableFunc(r.bodies, func(a, b *body) int {
		if c := strings.Compare(a.ndept, b.ndept); c != 0 {
			return c
		}
		return strings.Compare(a.siren, b.siren)
	})
	return r
}

// communeM57 is the year a commune (or EPCI, EPT) moves to M57: most in
// 2024, when it became the rule, some earlier.
func communeM57(code string) int {
	return pick(hash64("m57", code), []int{2, 3, 5, 8, 10, 72}, []int{2019, 2020, 2021, 2022, 2023, 2024})
}

// departementM57 is the year a département moves from M52 to M57.
func departementM57(code string) int {
	return pick(hash64("m57", code), []int{10, 15, 20, 25, 15, 15}, []int{2019, 2020, 2021, 2022, 2023, 2024})
}

// departementSIREN is the SIREN pattern of a département: 22, its code and
// 0001 (22DDD0001 overseas), Corsica 2220….
func departementSIREN(code string) string {
	switch {
	case len(code) == 3:
		return sirenCheck("22" + code + "000")
	case code == "2A":
		return sirenCheck("22200001")
	case code == "2B":
		return sirenCheck("22200002")
	}
	return sirenCheck("22" + code + "0001")
}

// communeSize sets a commune's budget size from its population: under
// 3,500 inhabitants no function codes and few rows; large cities
// thousands of rows (the whole template).
func communeSize(b *body) {
	switch p := b.pop; {
	case p < 500:
		b.minRows, b.maxRows = 12, 36
	case p < 3500:
		b.minRows, b.maxRows = 25, 95
	case p < 10_000:
		b.minRows, b.maxRows, b.functions = 250, 600, true
	case p < 50_000:
		b.minRows, b.maxRows, b.functions = 500, 1100, true
	case p < 100_000:
		b.minRows, b.maxRows, b.functions = 900, 1400, true
	default:
		b.minRows, b.maxRows, b.functions = 1300, 1700, true
	}
	h := hash64("annexes", b.siren)
	switch {
	case b.pop < 1000:
	case h%100 < 10:
		b.annexes = 2
	case h%100 < 35:
		b.annexes = 1
	}
}

type ctu struct {
	from                     int
	name, siren, ndept, code string
}

// ctuOf returns the collectivité territoriale unique that replaced the
// région code, or nil.
func ctuOf(code string) *ctu {
	switch code {
	case "94":
		return &ctu{2018, "COLLECTIVITE DE CORSE", "200076958", "020", code}
	case "02":
		return &ctu{2016, "COLLECTIVITE TERRITORIALE DE MARTINIQUE", "200055507", "102", code}
	case "03":
		return &ctu{2016, "COLLECTIVITE TERRITORIALE DE GUYANE", "200052678", "103", code}
	}
	return nil
}

// oldRegions are the régions merged on 1 January 2016, whose codes the
// index no longer has.
func oldRegions() []struct{ code, name string } {
	return []struct{ code, name string }{
		{"21", "CHAMPAGNE-ARDENNE"}, {"22", "PICARDIE"}, {"23", "HAUTE-NORMANDIE"}, {"25", "BASSE-NORMANDIE"},
		{"26", "BOURGOGNE"}, {"31", "NORD-PAS-DE-CALAIS"}, {"41", "LORRAINE"}, {"42", "ALSACE"},
		{"43", "FRANCHE-COMTÉ"}, {"54", "POITOU-CHARENTES"}, {"72", "AQUITAINE"}, {"73", "MIDI-PYRÉNÉES"},
		{"74", "LIMOUSIN"}, {"82", "RHÔNE-ALPES"}, {"83", "AUVERGNE"}, {"91", "LANGUEDOC-ROUSSILLON"},
	}
}

// in reports whether the body files a budget for year.
func (b *body) in(year int) bool {
	return (b.from == 0 || year >= b.from) && (b.to == 0 || year <= b.to)
}

// nomen is the body's nomenclature for year.
func (b *body) nomen(year int) string {
	if b.m57 != 0 && year >= b.m57 {
		return "M57"
	}
	return b.old
}

// Len returns the number of bodies of the roster.
func (r *Roster) Len() int { return len(r.bodies) }
