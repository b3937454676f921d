package territory_test

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/jeu1000/jeu1000/internal/sharedtest"
	"github.com/jeu1000/jeu1000/internal/territory"
)

// TestSpecialAuthorities checks Paris (one authority, found once), the
// Rhône without the Métropole de Lyon and the Collectivité européenne
// d'Alsace on the real reference, against the populations OFGL publishes
// for them in its 2024 départements file.
func TestSpecialAuthorities(t *testing.T) {
	s := realSet(t)
	var ofgl struct {
		ByCode map[string]struct {
			Ptot int64 `json:"ptot"`
		} `json:"by_dep_code"`
	}
	data, err := os.ReadFile(sharedtest.Path(t, "aggregates", "departements-2024-six-groups.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &ofgl); err != nil {
		t.Fatal(err)
	}

	if a, ok := s.Lookup(territory.Departement, territory.DepartementParis); ok {
		t.Errorf("département 75 listed apart from the Ville de Paris: %+v", a)
	}
	hits := territory.NewSearcher(s.All()).Search("paris", 10)
	all := s.All()
	var named []string
	for _, i := range hits {
		if all[i].Name == "Paris" {
			named = append(named, all[i].Kind.String()+":"+all[i].Code)
		}
	}
	if len(named) != 1 || named[0] != "commune:75056" {
		t.Errorf(`search "paris": authorities named Paris = %v, want only commune:75056`, named)
	}
	if a, ok := s.Lookup(territory.Departement, "75"); ok {
		t.Errorf("département 75 = %+v", a)
	}

	tests := []struct {
		code   string
		source string
	}{
		{"69", "hors Métropole de Lyon"},
		{territory.DepartementAlsace, "Bas-Rhin et du Haut-Rhin"},
		{"01", "communes du département"},
		{"93", "communes du département"},
	}
	for _, tt := range tests {
		a := lookup(t, s, territory.Departement, tt.code)
		want := ofgl.ByCode[tt.code].Ptot
		if tt.code == "69" {
			want = ofgl.ByCode["69"].Ptot // OFGL's Rhône is without Lyon
		}
		if a.Population != want || !strings.Contains(a.PopulationSource, tt.source) {
			t.Errorf("département %s: population %d (%s), OFGL %d, want source with %q", tt.code, a.Population, a.PopulationSource, want, tt.source)
		}
	}
	alsace := lookup(t, s, territory.Departement, territory.DepartementAlsace)
	if sum := lookup(t, s, territory.Departement, "67").Population + lookup(t, s, territory.Departement, "68").Population; alsace.Population != sum ||
		alsace.Name != territory.NameAlsace || alsace.Region != "44" {
		t.Errorf("Alsace = %+v, want the population of 67 and 68 (%d)", alsace, sum)
	}
}

func TestSpecialRoles(t *testing.T) {
	tests := []struct {
		kind     territory.Kind
		code     string
		nature   string
		note     string
		since    int
		combined bool
	}{
		{territory.Commune, "75056", "", "Ville de Paris : commune et département depuis 2019", 2019, true},
		{territory.EPCI, "200046977", "MET69", "Métropole de Lyon", 2015, true},
		{territory.Departement, "69", "", "hors du territoire de la Métropole de Lyon", 2015, false},
		{territory.Departement, "67A", "", "Collectivité européenne d'Alsace", 2021, false},
		{territory.Region, "94", "", "Collectivité de Corse : collectivité territoriale unique depuis 2018", 2018, true},
		{territory.Region, "03", "", "Guyane", 2016, true},
		{territory.Departement, "976", "", "Mayotte", 0, true},
	}
	for _, tt := range tests {
		r, ok := territory.SpecialRoles(tt.kind, tt.code, tt.nature)
		if !ok || !strings.Contains(r.Note, tt.note) || r.Since != tt.since || r.Combined != tt.combined {
			t.Errorf("SpecialRoles(%s, %s) = %+v, %v", tt.kind, tt.code, r, ok)
		}
		if r.Since != 0 && r.CombinedIn(r.Since-1) {
			t.Errorf("%s %s combined before %d", tt.kind, tt.code, r.Since)
		}
	}
	if _, ok := territory.SpecialRoles(territory.Commune, "93048", ""); ok {
		t.Error("Montreuil is not special")
	}
	if _, ok := territory.SpecialRoles(territory.EPCI, "200054781", "METRO"); ok {
		t.Error("the Métropole du Grand Paris is an ordinary EPCI")
	}
}
