package territory_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/jeu1000/jeu1000/internal/territory"
)

// testSearchRanking checks the ranking on the real data.
func testSearchRanking(t *testing.T, all []territory.Authority, se *territory.Searcher) {
	tests := []struct {
		query string
		kind  territory.Kind
		code  string // expected first result
	}{
		{"montreuil", territory.Commune, "93048"},
		{"Montreuil", territory.Commune, "93048"},
		{"MONTREUIL", territory.Commune, "93048"},
		{"93048", territory.Commune, "93048"},
		{" 93 048 ", territory.Commune, "93048"},
		{"93100", territory.Commune, "93048"},
		{"219300480", territory.Commune, "93048"},
		{"montreuil 93", territory.Commune, "93048"},
		{"st etienne", territory.Commune, "42218"},
		{"st-etienne", territory.Commune, "42218"},
		{"saint-etienne", territory.Commune, "42218"},
		{"saint etienne", territory.Commune, "42218"},
		{"Saint-Étienne", territory.Commune, "42218"},
		{"ST ÉTIENNE", territory.Commune, "42218"},
		{"etienne", territory.Commune, "42218"},
		{"saint", territory.Commune, "42218"},
		{"bord", territory.Commune, "33063"},
		{"bordeaux", territory.Commune, "33063"},
		{"33000", territory.Commune, "33063"},
		{"paris", territory.Commune, "75056"},
		{"75015", territory.Commune, "75056"},
		{"75116", territory.Commune, "75056"},
		{"st", territory.Commune, "67482"}, // a lone "st" is still typed: Strasbourg
		{"lyon", territory.Commune, "69123"},
		{"marseille", territory.Commune, "13055"},
		{"l'hay", territory.Commune, "94038"},
		{"mamoudzou", territory.Commune, "97611"},
		{"2a004", territory.Commune, "2A004"},
		{"2A", territory.Departement, "2A"},
		{"93", territory.Departement, "93"},
		{"seine saint denis", territory.Departement, "93"},
		{"seine-st-denis", territory.Departement, "93"},
		{"gironde", territory.Departement, "33"},
		{"ile de france", territory.Region, "11"},
		{"est ensemble", territory.EPT, "200057875"},
		{"200054781", territory.EPCI, "200054781"},
		{"metropole du grand paris", territory.EPCI, "200054781"},
		{"grand paris metropole", territory.EPCI, "200054781"},
		{"bordeaux metropole", territory.EPCI, "243300316"},
		{"mont", territory.Commune, ""}, // exact name "Mont" first, whichever of the three
	}
	for _, tt := range tests {
		got := se.Search(tt.query, 10)
		if len(got) == 0 {
			t.Errorf("Search(%q): no result", tt.query)
			continue
		}
		first := all[got[0]]
		switch {
		case tt.code == "":
			if first.Name != "Mont" {
				t.Errorf("Search(%q) first = %s %s, want a commune named Mont", tt.query, first.Name, first.Code)
			}
		case first.Kind != tt.kind || first.Code != tt.code:
			var names []string
			for _, i := range got {
				names = append(names, all[i].Name+" ("+all[i].Code+")")
			}
			t.Errorf("Search(%q) = %v, want %s %s first", tt.query, names, tt.kind, tt.code)
		}
	}

	// "bord": Bordeaux, then its Métropole, then smaller names.
	got := se.Search("bord", 20)
	if all[got[0]].Code != "33063" || all[got[1]].Code != "243300316" {
		t.Errorf("Search(bord) starts with %s, %s", all[got[0]].Name, all[got[1]].Name)
	}
	for _, i := range got[2:] {
		if a := all[i]; a.Kind == territory.Commune && a.Population > all[got[0]].Population {
			t.Errorf("Search(bord): %s (%d) after Bordeaux", a.Name, a.Population)
		}
	}
	// "saint": names starting with "saint", bigger communes first.
	got = se.Search("saint", 30)
	var prev int64 = 1 << 62
	for _, i := range got {
		a := all[i]
		if territory.Fold(a.Name)[:5] != "saint" {
			t.Errorf("Search(saint): %s", a.Name)
		}
		if a.Kind == territory.Commune {
			if a.Population > prev {
				t.Errorf("Search(saint): %s (%d) after a smaller commune (%d)", a.Name, a.Population, prev)
			}
			prev = a.Population
		}
	}
	// "93100": only Montreuil has that postal code.
	if got := se.Search("93100", 10); len(got) < 1 || all[got[0]].Code != "93048" {
		t.Errorf("Search(93100) = %v", got)
	}
	// Every commune is found by its own name among the communes bearing it.
	for i, a := range all {
		if a.Kind != territory.Commune || i%97 != 0 {
			continue
		}
		if !slices.Contains(se.Search(a.Name, 50), i) {
			t.Errorf("Search(%q) misses commune %s", a.Name, a.Code)
		}
		if !slices.Contains(se.Search(a.Code, 5), i) {
			t.Errorf("Search(%q) misses commune %s", a.Code, a.Name)
		}
	}
}

func testSearchLimits(t *testing.T, all []territory.Authority, se *territory.Searcher) {
	if se.Len() != len(all) {
		t.Errorf("Len() = %d, want %d", se.Len(), len(all))
	}
	for _, tt := range []struct {
		query string
		limit int
		want  int
	}{
		{"a", 5, 5},
		{"a", 0, 0},
		{"a", -1, 0},
		{"", 10, 0},
		{" - ' ", 10, 0},
		{"xyzzyq", 10, 0},
		{"montreuil", 1, 1},
		{"e", 1 << 30, -1}, // every name with an "e"
	} {
		got := se.Search(tt.query, tt.limit)
		if tt.want < 0 {
			for _, a := range all {
				if strings.Contains(territory.Fold(a.Name), tt.query) {
					tt.want++
				}
			}
			tt.want++
		}
		if len(got) != tt.want {
			t.Errorf("Search(%q, %d) = %d results, want %d", tt.query, tt.limit, len(got), tt.want)
		}
	}
}

// small is a synthetic list for tests that do not need the real data.
func small() []territory.Authority {
	return []territory.Authority{
		{Kind: territory.Commune, Code: "42218", SIREN: "214202186", Name: "Saint-Étienne", PostalCodes: []string{"42000", "42100"}, Departement: "42", Region: "84", EPCI: "244200770", Population: 173_000},
		{Kind: territory.Commune, Code: "76575", Name: "Saint-Étienne-du-Rouvray", PostalCodes: []string{"76800"}, Departement: "76", Region: "28", Population: 28_000},
		{Kind: territory.Commune, Code: "93066", Name: "Saint-Denis", PostalCodes: []string{"93200", "93210"}, Departement: "93", Region: "11", Population: 113_000},
		{Kind: territory.Commune, Code: "93048", SIREN: "219300480", Name: "Montreuil", PostalCodes: []string{"93100"}, Departement: "93", Region: "11", Population: 112_027},
		{Kind: territory.Commune, Code: "62588", Name: "Montreuil-sur-Mer", PostalCodes: []string{"62170"}, Departement: "62", Region: "32", Population: 2_000},
		{Kind: territory.Commune, Code: "64396", Name: "Mont", PostalCodes: []string{"64300"}, Departement: "64", Region: "75", Population: 600},
		{Kind: territory.Commune, Code: "34172", Name: "Montpellier", PostalCodes: []string{"34000"}, Departement: "34", Region: "76", Population: 300_000},
		{Kind: territory.Commune, Code: "67482", Name: "Strasbourg", PostalCodes: []string{"67000"}, Departement: "67", Region: "44", Population: 290_000},
		{Kind: territory.Commune, Code: "11262", Name: "Narbonne", PostalCodes: []string{"11100"}, Departement: "11", Region: "76", Population: 56_000},
		{Kind: territory.Commune, Code: "94038", Name: "L'Haÿ-les-Roses", PostalCodes: []string{"94240"}, Departement: "94", Region: "11", Population: 31_000},
		{Kind: territory.Commune, Code: "80829", Name: "Y", PostalCodes: []string{"80190"}, Departement: "80", Region: "32", Population: 90},
		{Kind: territory.EPCI, Code: "244200770", SIREN: "244200770", Name: "Saint-Étienne Métropole", Nature: "METRO", Departement: "42", Region: "84", Members: []string{"42218"}, Population: 400_000},
		{Kind: territory.Departement, Code: "93", Name: "Seine-Saint-Denis", Departement: "93", Region: "11", Population: 1_650_000},
		{Kind: territory.Departement, Code: "11", Name: "Aude", Departement: "11", Region: "76", Population: 380_000},
		{Kind: territory.Region, Code: "11", Name: "Île-de-France", Region: "11", Population: 12_400_000},
		{Kind: territory.Region, Code: "84", Name: "Auvergne-Rhône-Alpes", Region: "84", Population: 8_000_000},
	}
}

func TestSearchSmall(t *testing.T) {
	auths := small()
	se := territory.NewSearcher(auths)
	tests := []struct {
		query string
		want  []string // codes, in order (a prefix of the results)
	}{
		// Exact code, then code prefixes (communes of the Aude), then the région.
		{"11", []string{"11", "11262", "11"}},
		{"93", []string{"93", "93066", "93048"}},
		{"9310", []string{"93048"}},
		{"42", []string{"42218"}},
		// Exact name first, then prefixes by weight.
		{"mont", []string{"64396", "34172", "93048", "62588"}},
		{"montreuil", []string{"93048", "62588"}},
		// A group weighs its largest commune: just after it.
		{"saint", []string{"42218", "244200770", "93066", "76575"}},
		{"st etienne", []string{"42218", "244200770", "76575"}},
		{"st-etienne", []string{"42218", "244200770", "76575"}},
		{"st", []string{"67482"}},
		{"st ", []string{"42218", "244200770", "93066", "76575"}},
		// Word prefix, then any-order tokens, then substring.
		{"etienne", []string{"42218", "244200770", "76575"}},
		{"denis", []string{"93066", "93"}},
		{"metropole saint", []string{"244200770"}},
		{"montreuil 93", []string{"93048"}},
		{"montreuil 62", []string{"62588"}},
		{"hay les", []string{"94038"}},
		{"treuil", []string{"93048", "62588"}},
		{"y", []string{"80829", "94038", "76575"}},
		{"paris", nil},
		{"mont ", []string{"64396"}},
		{"ile de france", []string{"11"}},
		{"nothing", nil},
	}
	for _, tt := range tests {
		got := se.Search(tt.query, 10)
		var codes []string
		for _, i := range got {
			codes = append(codes, auths[i].Code)
		}
		if len(codes) < len(tt.want) || !slices.Equal(codes[:len(tt.want)], tt.want) || tt.want == nil && len(codes) > 0 {
			t.Errorf("Search(%q) = %v, want %v first", tt.query, codes, tt.want)
		}
	}
}

func FuzzSearch(f *testing.F) {
	auths := small()
	se := territory.NewSearcher(auths)
	for _, q := range []string{"saint", "st etienne", "93", "2a", "montreuil 93", "", "Œ", "\xff", "st ", "11 11"} {
		f.Add(q, 5)
	}
	f.Fuzz(func(t *testing.T, q string, limit int) {
		limit %= 40
		got := se.Search(q, limit)
		if len(got) > max(limit, 0) {
			t.Fatalf("Search(%q, %d) = %d results", q, limit, len(got))
		}
		seen := map[int]bool{}
		for _, i := range got {
			if i < 0 || i >= len(auths) || seen[i] {
				t.Fatalf("Search(%q, %d) = %v: out of range or duplicate", q, limit, got)
			}
			seen[i] = true
		}
	})
}

// testSearchReference compares Search with the slow reference on queries
// cut from the data: prefixes, inner pieces, codes, postal codes.
func testSearchReference(t *testing.T, all []territory.Authority, se *territory.Searcher) {
	queries := []string{"s", "e", "a", "mon", "sai", "st ", "st e", "saint ", "paris ", "9", "93", "930", "2a", "2B0", "11", "75", "grand paris", "metropole saint", "montreuil 93", "x", "zz", "-", "l'", "é"}
	for i := 0; i < len(all); i += 1009 {
		name := territory.Fold(all[i].Name)
		queries = append(queries, all[i].Name, name[:min(3, len(name))], name[len(name)/2:], all[i].Code, all[i].Code[:2])
		if len(all[i].PostalCodes) > 0 {
			queries = append(queries, all[i].PostalCodes[0], all[i].PostalCodes[0][:3])
		}
	}
	for _, q := range queries {
		for _, limit := range []int{1, 7, 50} {
			got, want := se.Search(q, limit), territory.SearchReference(se, q, limit)
			if !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
				t.Errorf("Search(%q, %d) = %v, reference %v", q, limit, got, want)
			}
		}
	}
}

func TestSearchReferenceSmall(t *testing.T) {
	auths := small()
	testSearchReference(t, auths, territory.NewSearcher(auths))
}
