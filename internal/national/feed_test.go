package national

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jeu1000/jeu1000/internal/dataset"
	"github.com/jeu1000/jeu1000/internal/pipeline"
	"github.com/jeu1000/jeu1000/internal/sharedtest"
)

// TestFeed streams a national-format file made from the real rows into a
// full build: the authorities it names get detailed records in the dataset.
func TestFeed(t *testing.T) {
	shared := sharedtest.Dir(t)
	npm := sharedtest.NPM(t)
	templates, err := LoadTemplates(filepath.Join(shared, "balances"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "BalanceSPL_Fonction_2019.csv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Generate(f, templates, GenOptions{Rows: 40000, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	// Rows that make no sense and a budget of an unknown nomenclature are
	// skipped, counted and logged, not fatal.
	cols := strings.Split(Header, ";")
	bad := func(values map[string]string) string {
		rec := make([]string, len(cols))
		for i, c := range cols {
			rec[i] = values[strings.ToUpper(c)]
		}
		return strings.Join(rec, ";") + "\n"
	}
	commune := map[string]string{"EXER": "2019", "IDENT": "21330063500017", "NDEPT": "033", "INSEE": "063", "LBUDG": "BUDGET INCONNU",
		"CBUDG": "1", "NOMEN": "M99", "CATEG": "Commune", "FONCTION": "212", "COMPTE": "6042", "OBNETDEB": "10,00", "OOBDEB": "0"}
	extra := bad(commune) + bad(commune)
	commune["IDENT"], commune["NOMEN"] = "", "M14"
	extra += bad(commune) + bad(commune) + bad(commune)
	if _, err := f.WriteString(extra); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	var skipped Skipped
	out := t.TempDir()
	var stats Stats
	var log bytes.Buffer
	if _, err := pipeline.Build(pipeline.Config{
		SharedDir: shared, NPMDir: npm, OutDir: out, TempDir: t.TempDir(),
		Feeds: []pipeline.Feed{Feed(path, Options{Stats: &stats}, &skipped, &log)},
	}); err != nil {
		t.Fatal(err)
	}
	if stats.Rows != 40005 {
		t.Errorf("streamed %d rows, want 40005", stats.Rows)
	}
	logged := log.String()
	for _, want := range []string{
		"BalanceSPL_Fonction_2019.csv:40002: field NOMEN: expected a known nomenclature such as M14 or M57, got \"M99\": budget 21330063500017 (CBUDG 1) of \"BUDGET INCONNU\" (Commune, SIREN 213300635) skipped",
		"rejected 3 rows: 3 rows: IDENT missing or not a number (BalanceSPL_Fonction_2019.csv:40004, BalanceSPL_Fonction_2019.csv:40005, BalanceSPL_Fonction_2019.csv:40006)",
	} {
		if !strings.Contains(logged, want) {
			t.Errorf("log lacks %q:\n%s", want, logged)
		}
	}
	in, err := os.Open(filepath.Join(out, "index.bin.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	ix, err := dataset.ReadIndex(in)
	if err != nil {
		t.Fatal(err)
	}
	withFigures := 0
	for _, a := range ix.Authorities {
		if len(a.Years) > 0 {
			withFigures++
		}
	}
	// The committed dataset has 3,479 authorities with figures; the
	// synthetic national rows add detailed records of many more.
	if withFigures <= 3479 {
		t.Errorf("%d authorities with figures after the national feed", withFigures)
	}
	if skipped.UnknownAuthority == 0 {
		t.Error("the synthetic file has syndicates and EPL, which the index does not know: none skipped")
	}
}
