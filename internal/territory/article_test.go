package territory

import (
	"encoding/csv"
	"os"
	"testing"

	"github.com/jeu1000/jeu1000/internal/sharedtest"
)

func TestPhraseOf(t *testing.T) {
	for _, c := range []struct {
		kind       Kind
		code, name string
		the, of    string
	}{
		{Region, "53", "Bretagne", "la région Bretagne", "de la région Bretagne"},
		{Region, "11", "Île-de-France", "la région Île-de-France", "de la région Île-de-France"},
		{Region, "32", "Hauts-de-France", "la région Hauts-de-France", "de la région Hauts-de-France"},
		{Departement, "971", "Guadeloupe", "la Guadeloupe", "de la Guadeloupe"},
		{Departement, "974", "La Réunion", "La Réunion", "de La Réunion"},
		{Departement, "35", "Ille-et-Vilaine", "Ille-et-Vilaine", "d'Ille-et-Vilaine"}, // TNCC 1
		{Departement, "56", "Morbihan", "le Morbihan", "du Morbihan"},
		{Departement, "92", "Hauts-de-Seine", "les Hauts-de-Seine", "des Hauts-de-Seine"},
		{Departement, "01", "Ain", "l'Ain", "de l'Ain"},
		{Departement, "75", "Paris", "Paris", "de Paris"},
		{Departement, "976", "Mayotte", "Mayotte", "de Mayotte"},
		{Departement, "67A", "Collectivité européenne d'Alsace", "la Collectivité européenne d'Alsace", "de la Collectivité européenne d'Alsace"},
		{Commune, "93048", "Montreuil", "Montreuil", "de Montreuil"},
		{Commune, "76351", "Le Havre", "Le Havre", "du Havre"},
		{Commune, "93045", "Les Lilas", "Les Lilas", "des Lilas"},
		{Commune, "17300", "La Rochelle", "La Rochelle", "de La Rochelle"},
		{Commune, "49007", "Angers", "Angers", "d'Angers"},
		{Commune, "91691", "Yerres", "Yerres", "d'Yerres"},
		{Commune, "59295", "Hazebrouck", "Hazebrouck", "de Hazebrouck"},
		{EPCI, "200040715", "CC du Val de Drôme", "la CC du Val de Drôme", "de la CC du Val de Drôme"},
		{EPCI, "200054781", "Métropole du Grand Paris", "la Métropole du Grand Paris", "de la Métropole du Grand Paris"},
		{EPCI, "246700488", "Eurométropole de Strasbourg", "l'Eurométropole de Strasbourg", "de l'Eurométropole de Strasbourg"},
		{EPCI, "244400404", "Nantes Métropole", "Nantes Métropole", "de Nantes Métropole"},
		{EPT, "200057875", "Est Ensemble", "Est Ensemble", "d'Est Ensemble"},
		{Region, "72", "Aquitaine", "la région Aquitaine", "de la région Aquitaine"}, // before 2016
		{Departement, "2A", "Corse-du-Sud", "la Corse-du-Sud", "de la Corse-du-Sud"},
	} {
		if got := PhraseOf(c.kind, c.code, c.name); got != (Phrase{The: c.the, Of: c.of}) {
			t.Errorf("PhraseOf(%s, %s, %q) = %+v, want {%s %s}", c.kind, c.code, c.name, got, c.the, c.of)
		}
	}
}

// TestArticlesGenerated checks articles_gen.go against the COG file it is
// generated from (go generate ./internal/territory).
func TestArticlesGenerated(t *testing.T) {
	r, err := os.Open(sharedtest.Path(t, "population", "departements.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	rows, err := csv.NewReader(r).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	for _, row := range rows[1:] {
		code := row[col["DEP"]]
		got, ok := departementTNCC(code)
		if want := row[col["TNCC"]]; !ok || string(rune('0'+got)) != want {
			t.Errorf("département %s: departementTNCC = %d, %v; the COG says %s (run go generate ./internal/territory)", code, got, ok, want)
		}
	}
	if len(rows) != 102 {
		t.Errorf("departements.csv: %d rows, want 101 départements and a header", len(rows))
	}
}
