package territory_test

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/jeu1000/jeu1000/internal/sharedtest"
	"github.com/jeu1000/jeu1000/internal/territory"
)

// inseeRows reads an INSEE population file as maps from column to value.
func inseeRows(t *testing.T, name string) []map[string]string {
	t.Helper()
	data, err := os.ReadFile(sharedtest.Path(t, "population", name))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")
	header := strings.Split(lines[0], ";")
	var rows []map[string]string
	for _, l := range lines[1:] {
		if l == "" {
			continue
		}
		row := map[string]string{}
		for i, v := range strings.Split(l, ";") {
			row[header[i]] = v
		}
		rows = append(rows, row)
	}
	return rows
}

func atoi(t *testing.T, s string) int64 {
	t.Helper()
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func lookup(t *testing.T, s *territory.Set, k territory.Kind, code string) territory.Authority {
	t.Helper()
	a, ok := s.Lookup(k, code)
	if !ok {
		t.Fatalf("Lookup(%s, %s): not found", k, code)
	}
	return a
}

// TestPopulationVintage checks the fingerprints behind PopulationYear and
// MayottePopulationYear: update the constants when the files change.
func TestPopulationVintage(t *testing.T) {
	var paris, mayotte int64
	for _, r := range inseeRows(t, "donnees_communes.csv") {
		if r["DEP"] == "75" {
			paris += atoi(t, r["PMUN"])
		}
	}
	for _, r := range inseeRows(t, "donnees_communes_mayotte.csv") {
		mayotte += atoi(t, r["PMUN"])
	}
	if territory.PopulationYear != 2021 || paris != 2_133_111 {
		t.Errorf("Paris population municipale = %d; 2,133,111 is the 2021 figure, PopulationYear = %d", paris, territory.PopulationYear)
	}
	if territory.MayottePopulationYear != 2017 || mayotte != 256_518 {
		t.Errorf("Mayotte population municipale = %d; 256,518 is the 2017 census, MayottePopulationYear = %d", mayotte, territory.MayottePopulationYear)
	}
}

// TestRealData builds the set once from the real npm package and INSEE
// files and runs the checks on it (the build takes about half a second).
func TestRealData(t *testing.T) {
	s := realSet(t)
	se := territory.NewSearcher(s.All())
	all := s.All()
	for _, tt := range []struct {
		name string
		f    func(*testing.T, *territory.Set)
	}{
		{"Counts", testBuildCounts},
		{"Montreuil", testBuildMontreuil},
		{"Communes", testBuildCommunes},
		{"Totals", testBuildTotals},
		{"Groups", testBuildGroups},
		{"Territories", testBuildTerritories},
		{"AllDeterministic", testSetAllDeterministic},
	} {
		t.Run(tt.name, func(t *testing.T) { tt.f(t, s) })
	}
	t.Run("SearchRanking", func(t *testing.T) { testSearchRanking(t, all, se) })
	t.Run("SearchLimits", func(t *testing.T) { testSearchLimits(t, all, se) })
	t.Run("SearchReference", func(t *testing.T) { testSearchReference(t, all, se) })
}

func testBuildCounts(t *testing.T, s *territory.Set) {
	tests := []struct {
		kind     territory.Kind
		min, max int
	}{
		{territory.Commune, 34_800, 35_000},
		{territory.EPCI, 1_200, 1_300},
		{territory.EPT, 11, 11},
		{territory.Departement, 101, 101},
		{territory.Region, 18, 18},
	}
	for _, tt := range tests {
		if n := s.Count(tt.kind); n < tt.min || n > tt.max {
			t.Errorf("%d %s, want %d–%d", n, tt.kind, tt.min, tt.max)
		} else {
			t.Logf("%s: %d", tt.kind, n)
		}
	}
	if s.Version() != "6.0.0" {
		t.Errorf("Version() = %q, want the pinned 6.0.0", s.Version())
	}
}

func testBuildMontreuil(t *testing.T, s *territory.Set) {
	var want int64 = -1
	for _, r := range inseeRows(t, "donnees_communes.csv") {
		if r["COM"] == "93048" {
			want = atoi(t, r["PTOT"])
		}
	}
	m := lookup(t, s, territory.Commune, "93048")
	if m.Name != "Montreuil" || m.Population != want || want != 112_027 || m.PopulationYear != 2021 {
		t.Errorf("Montreuil = %+v, want population %d (INSEE PTOT) of 2021", m, want)
	}
	if m.Departement != "93" || m.Region != "11" || m.SIREN != "219300480" || !slices.Equal(m.PostalCodes, []string{"93100"}) {
		t.Errorf("Montreuil codes = %+v", m)
	}
	// The package puts Montreuil in the Métropole du Grand Paris (EPCI) and
	// in Est Ensemble (EPT).
	epci := lookup(t, s, territory.EPCI, m.EPCI)
	ept := lookup(t, s, territory.EPT, m.EPT)
	if epci.Code != "200054781" || epci.Name != "Métropole du Grand Paris" || epci.Nature != "METRO" {
		t.Errorf("Montreuil's EPCI = %+v", epci)
	}
	if ept.Code != "200057875" || ept.Name != "Est Ensemble" || ept.Nature != "EPT" {
		t.Errorf("Montreuil's EPT = %+v", ept)
	}
	for _, g := range []territory.Authority{epci, ept} {
		if _, ok := slices.BinarySearch(g.Members, "93048"); !ok {
			t.Errorf("%s does not list Montreuil among its members", g.Name)
		}
	}
	if a, ok := s.BySIREN("219300480"); !ok || a.Code != "93048" {
		t.Errorf("BySIREN(219300480) = %+v, %v", a, ok)
	}
	if a, ok := s.BySIREN("200057875"); !ok || a.Kind != territory.EPT {
		t.Errorf("BySIREN(200057875) = %+v, %v", a, ok)
	}
	if got := territory.StrateOf(m.Population).Code; got != "100000+" {
		t.Errorf("Montreuil's strate = %s", got)
	}
}

func testBuildCommunes(t *testing.T, s *territory.Set) {
	var parisPTOT int64
	for _, r := range inseeRows(t, "donnees_communes.csv") {
		if r["DEP"] == "75" {
			parisPTOT += atoi(t, r["PTOT"])
		}
	}
	paris := lookup(t, s, territory.Commune, "75056")
	if paris.Name != "Paris" || paris.Population != parisPTOT || len(paris.PostalCodes) != 21 || paris.EPT != "" {
		t.Errorf("Paris = %+v, want the sum of its arrondissements' PTOT %d", paris, parisPTOT)
	}
	bordeaux := lookup(t, s, territory.Commune, "33063")
	if bordeaux.Name != "Bordeaux" || !slices.Equal(bordeaux.PostalCodes, []string{"33000", "33100", "33200", "33300", "33800"}) {
		t.Errorf("Bordeaux = %+v", bordeaux)
	}
	if a := lookup(t, s, territory.Commune, "97611"); a.Name != "Mamoudzou" || a.Population != 72_974 || a.PopulationYear != 2017 {
		t.Errorf("Mamoudzou = %+v", a)
	}
	if a := lookup(t, s, territory.Commune, "2A004"); a.Name != "Ajaccio" || a.Departement != "2A" || a.Region != "94" {
		t.Errorf("Ajaccio = %+v", a)
	}
	if _, ok := s.Lookup(territory.Commune, "75101"); ok {
		t.Error("arrondissement municipal 75101 listed as a commune")
	}
	if _, ok := s.Lookup(territory.Commune, "98735"); ok {
		t.Error("Papeete (collectivité d'outre-mer) listed")
	}
	// A commune nouvelle whose code changed since INSEE's geography gets
	// the rows of the communes it absorbed.
	if a := lookup(t, s, territory.Commune, "12218"); a.Name != "Conques-en-Rouergue" || a.Population < 1000 || a.PopulationYear != 2021 {
		t.Errorf("Conques-en-Rouergue = %+v", a)
	}

	var noEPCI, fallback, empty []string
	for _, a := range s.All() {
		if a.Kind != territory.Commune {
			continue
		}
		if a.EPCI == "" {
			noEPCI = append(noEPCI, a.Code)
		}
		if a.SIREN == "" || len(a.PostalCodes) == 0 || a.Population < 0 || a.PopulationSource == "" {
			t.Errorf("commune %+v: missing SIREN, postal code or population", a)
		}
		if a.Population == 0 {
			empty = append(empty, a.Code+" "+a.Name)
		}
		if a.PopulationYear != territory.PopulationYear && a.PopulationYear != territory.MayottePopulationYear {
			fallback = append(fallback, a.Code+" "+a.Name)
		}
	}
	if want := []string{"22016", "29083", "29155", "85113"}; !slices.Equal(noEPCI, want) {
		t.Errorf("communes without EPCI = %v, want the four islands %v", noEPCI, want)
	}
	if len(fallback) > 10 {
		t.Errorf("%d communes without INSEE population: %v", len(fallback), fallback)
	}
	t.Logf("communes with the npm package's population (no INSEE row): %v", fallback)
	// The six "villages morts pour la France" of the Meuse have no inhabitants.
	if len(empty) != 6 {
		t.Errorf("communes without inhabitants: %v, want the six of the Meuse", empty)
	}
	// Restored communes are subtracted from their former commune.
	for _, tt := range []struct {
		code, parent string
		restored     []string
	}{
		{"85084", "Essarts-en-Bocage", []string{"L'Oie", "Sainte-Florence"}},
		{"15141", "Neussargues-Moissac", []string{"Celles", "Chalinargues", "Chavagnac", "Sainte-Anastasie"}},
		{"60054", "Beaumont-les-Nonains", []string{"Les Hauts-Talican"}},
	} {
		a := lookup(t, s, territory.Commune, tt.code)
		ok := a.Name == tt.parent && strings.Contains(a.PopulationSource, "moins ")
		for _, n := range tt.restored {
			ok = ok && strings.Contains(a.PopulationSource, n)
		}
		if !ok {
			t.Errorf("%s %s: population %d, source %q: want %v subtracted", tt.code, a.Name, a.Population, a.PopulationSource, tt.restored)
		}
	}
}

func testBuildTotals(t *testing.T, s *territory.Set) {
	var insee int64
	for _, f := range []string{"donnees_communes.csv", "donnees_communes_mayotte.csv"} {
		for _, r := range inseeRows(t, f) {
			insee += atoi(t, r["PTOT"])
		}
	}
	sums := map[territory.Kind]int64{}
	var fromINSEE int64
	for _, a := range s.All() {
		sums[a.Kind] += a.Population
		if a.Kind == territory.Commune && strings.HasPrefix(a.PopulationSource, "INSEE") {
			fromINSEE += a.Population
		}
	}
	// Restored communes (the package's population) are subtracted from their
	// former commune, so the total is INSEE's.
	if sums[territory.Commune] != insee {
		t.Errorf("communes sum to %d (%d from INSEE rows), INSEE files to %d: rows lost or counted twice", sums[territory.Commune], fromINSEE, insee)
	}
	// Départements cover every commune once, but Paris (the Ville de Paris
	// stands for département 75) and the Métropole de Lyon (outside the
	// Rhône since 2015); the Collectivité européenne d'Alsace counts the
	// Bas-Rhin and the Haut-Rhin again.
	depts := sums[territory.Departement]
	depts += lookup(t, s, territory.Commune, territory.CommuneParis).Population
	for _, m := range lookup(t, s, territory.EPCI, "200046977").Members {
		depts += lookup(t, s, territory.Commune, m).Population
	}
	depts -= lookup(t, s, territory.Departement, "67").Population + lookup(t, s, territory.Departement, "68").Population
	if depts != sums[territory.Commune] || sums[territory.Region] != sums[territory.Commune] {
		t.Errorf("population sums: %v (départements with Paris and Lyon, without Alsace: %d)", sums, depts)
	}
	t.Logf("population: INSEE files %d, communes %d", insee, sums[territory.Commune])
}

func testBuildGroups(t *testing.T, s *territory.Set) {
	all := s.All()
	pop := map[string]int64{}
	for _, a := range all {
		if a.Kind == territory.Commune {
			pop[a.Code] = a.Population
		}
	}
	// The package's own populationTotale (DGCL, another vintage) must stay
	// close to the sum of the members' INSEE PTOT.
	data, err := os.ReadFile(npmDataFile(t, "epci.json"))
	if err != nil {
		t.Fatal(err)
	}
	var npm []struct {
		Code  string `json:"code"`
		PTOT  int64  `json:"populationTotale"`
		Count int
	}
	if err := json.Unmarshal(data, &npm); err != nil {
		t.Fatal(err)
	}
	var devs []float64
	natures := map[string]int{}
	for _, g := range npm {
		a := lookup(t, s, territory.EPCI, g.Code)
		natures[a.Nature]++
		var sum int64
		for _, m := range a.Members {
			sum += pop[m]
		}
		// The EPCI's own population (DGCL), not the sum of its members.
		if g.PTOT != a.Population || a.PopulationYear != 2022 || !strings.HasPrefix(a.PopulationSource, "DGCL") ||
			a.Departement == "" || a.Region == "" || a.SIREN != a.Code {
			t.Errorf("EPCI %+v: want the package's population %d", a, g.PTOT)
		}
		dev := math.Abs(float64(sum-g.PTOT)) / float64(g.PTOT)
		if dev > 0.15 {
			t.Errorf("EPCI %s %s: %d (INSEE 2021 sum) vs %d (package)", a.Code, a.Name, sum, g.PTOT)
		}
		devs = append(devs, dev)
	}
	sort.Float64s(devs)
	t.Logf("EPCI natures %v; |sum of INSEE PTOT − package populationTotale|: median %.2f%%, p99 %.2f%%, max %.2f%%",
		natures, 100*devs[len(devs)/2], 100*devs[len(devs)*99/100], 100*devs[len(devs)-1])
	if devs[len(devs)/2] > 0.03 {
		t.Errorf("median deviation %.2f%% from the package's EPCI populations", 100*devs[len(devs)/2])
	}
	for _, want := range []string{"CC", "CA", "CU", "METRO", "MET69"} {
		if natures[want] == 0 {
			t.Errorf("no EPCI of nature %s", want)
		}
	}
	if a := lookup(t, s, territory.EPCI, "200046977"); a.Nature != "MET69" || a.Departement != "69" {
		t.Errorf("Métropole de Lyon = %+v", a)
	}
}

func testBuildTerritories(t *testing.T, s *territory.Set) {
	read := func(name string) map[string]string {
		data, err := os.ReadFile(npmDataFile(t, name))
		if err != nil {
			t.Fatal(err)
		}
		var list []struct{ Code, Nom string }
		if err := json.Unmarshal(data, &list); err != nil {
			t.Fatal(err)
		}
		m := map[string]string{}
		for _, x := range list {
			m[x.Code] = x.Nom
		}
		return m
	}
	for kind, names := range map[territory.Kind]map[string]string{
		territory.Departement: read("departements.json"),
		territory.Region:      read("regions.json"),
	} {
		for _, a := range s.All() {
			if a.Kind == kind && a.Code != territory.DepartementAlsace && names[a.Code] != a.Name {
				t.Errorf("%s %s: COG name %q, package name %q", kind, a.Code, a.Name, names[a.Code])
			}
		}
	}
	tests := []struct {
		kind   territory.Kind
		code   string
		name   string
		single bool
	}{
		{territory.Departement, "93", "Seine-Saint-Denis", false},
		{territory.Departement, "2A", "Corse-du-Sud", true},
		{territory.Departement, "972", "Martinique", true},
		{territory.Departement, "976", "Mayotte", false},
		{territory.Region, "94", "Corse", true},
		{territory.Region, "11", "Île-de-France", false},
	}
	for _, tt := range tests {
		a := lookup(t, s, tt.kind, tt.code)
		if a.Name != tt.name || a.SingleCollectivity() != tt.single || a.Population <= 0 {
			t.Errorf("%s %s = %+v (single collectivity %v)", tt.kind, tt.code, a, a.SingleCollectivity())
		}
	}
	if a := lookup(t, s, territory.Departement, "976"); a.PopulationYear != 2017 {
		t.Errorf("Mayotte's population year = %d", a.PopulationYear)
	}
}

func testSetAllDeterministic(t *testing.T, s *territory.Set) {
	a, b := s.All(), s.All()
	if !reflect.DeepEqual(a, b) {
		t.Fatal("All() differs between calls")
	}
	if !slices.IsSortedFunc(a, func(x, y territory.Authority) int {
		if x.Kind != y.Kind {
			return int(x.Kind) - int(y.Kind)
		}
		return strings.Compare(x.Code, y.Code)
	}) {
		t.Error("All() not sorted by kind, code")
	}
	a[0].Name = "changed"
	a[0].PostalCodes[0] = "00000"
	if c := s.All(); c[0].Name == "changed" || c[0].PostalCodes[0] == "00000" {
		t.Error("All() exposes the set's internals")
	}
}

func TestBuildErrors(t *testing.T) {
	pop := sharedtest.Path(t, "population")
	if _, err := territory.Build(t.TempDir(), pop); err == nil || !strings.Contains(err.Error(), "npm ci") {
		t.Errorf("Build without the package: %v", err)
	}
	npm := npmDir(t)
	if _, err := territory.Build(npm, t.TempDir()); err == nil || !strings.Contains(err.Error(), "donnees_communes.csv") {
		t.Errorf("Build without population files: %v", err)
	}
	// A malformed population row is reported with its file and line.
	dir := t.TempDir()
	for _, f := range []string{"donnees_communes_mayotte.csv", "departements.csv", "regions.csv"} {
		data, err := os.ReadFile(filepath.Join(pop, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	bad := "REG;Région;DEP;CODARR;CODCAN;CODCOM;COM;Commune;PMUN;PCAP;PTOT\n" +
		"84;Auvergne-Rhône-Alpes;01;2;08;001;01001;L'Abergement-Clémenciat;832;16;848\n" +
		"84;Auvergne-Rhône-Alpes;01;1;01;002;01002;L'Abergement-de-Varey;267;6;x\n"
	if err := os.WriteFile(filepath.Join(dir, "donnees_communes.csv"), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := territory.Build(npm, dir)
	if err == nil || !strings.Contains(err.Error(), "donnees_communes.csv:3") {
		t.Errorf("Build with a bad PTOT: %v", err)
	}
}
