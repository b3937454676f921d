package territory_test

import (
	"strings"
	"testing"
	"unicode"

	"github.com/jeu1000/jeu1000/internal/territory"
)

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"Paris", "paris"},
		{"Saint-Étienne", "saint etienne"},
		{"SAINT-ÉTIENNE", "saint etienne"},
		{"L'Haÿ-les-Roses", "l hay les roses"},
		{"Cœur d’Ostrevent", "coeur d ostrevent"},
		{"Œuilly", "oeuilly"},
		{"Lætitia", "laetitia"},
		{"ÆRØ", "aero"},
		{"Française", "francaise"},
		{"Provence-Alpes-Côte d'Azur", "provence alpes cote d azur"},
		{"Île-de-France", "ile de france"},
		{"CC de l'Est Lyonnais (CCEL)", "cc de l est lyonnais ccel"},
		{"Paris 1er Arrondissement", "paris 1er arrondissement"},
		{"  --Paris--  ", "paris"},
		{"a  b\t\nc", "a b c"},
		{"Saint-E\u0301tienne", "saint etienne"}, // decomposed: E + U+0301
		{"Straße", "strasse"},
		{"Kani-Kéli", "kani keli"},
		{"M'Tsangamouji", "m tsangamouji"},
		{"Bouéni", "boueni"},
		{"Ñandú", "nandu"},
		{"İzmir", "izmir"},
		{"2A004", "2a004"},
		{"93 100", "93 100"},
		{"already folded", "already folded"},
		{"!!!", ""},
		{"\xff\xfeabc", "abc"},
	}
	for _, tt := range tests {
		if got := territory.Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// checkFolded reports why s is not a well-formed search key, or "".
func checkFolded(s string) string {
	if s != strings.TrimSpace(s) {
		return "leading or trailing space"
	}
	if strings.Contains(s, "  ") {
		return "double space"
	}
	for _, r := range s {
		if r != ' ' && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			return "character " + string(r)
		}
		if unicode.ToLower(r) != r {
			return "upper-case " + string(r)
		}
	}
	return ""
}

func FuzzFold(f *testing.F) {
	for _, s := range []string{"Saint-Étienne", "L'Haÿ-les-Roses", "Œ", "  a--b ", "\xff", "É", "ǅ", "İ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := territory.Fold(s)
		if why := checkFolded(got); why != "" {
			t.Fatalf("Fold(%q) = %q: %s", s, got, why)
		}
		if again := territory.Fold(got); again != got {
			t.Fatalf("Fold not idempotent: Fold(%q) = %q, Fold of that = %q", s, got, again)
		}
	})
}
