package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/jeu1000/jeu1000/internal/sharedtest"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// goldenCases run the command on the real documents of ../shared/data. The
// golden files are the command's output; review their diff when they change.
var goldenCases = []struct {
	name string
	file string // under ../shared/data
	args []string
}{
	// Montreuil, M14 ≥ 3,500 inhabitants, every year.
	{"montreuil-2016", "documents/montreuil-93048/CA_2016.xml", nil},
	{"montreuil-2017", "documents/montreuil-93048/CA_2017.xml", nil},
	{"montreuil-2018", "documents/montreuil-93048/CA_2018.xml", nil},
	{"montreuil-2019", "documents/montreuil-93048/CA_2019.xml", nil},
	{"montreuil-2020", "documents/montreuil-93048/CA_2020.xml", nil},
	{"montreuil-2021", "documents/montreuil-93048/CA_2021.xml", nil},
	{"montreuil-2022", "documents/montreuil-93048/CA_2022.xml", nil},
	{"montreuil-2023", "documents/montreuil-93048/CA_2023.xml", nil},
	{"montreuil-2023-level2-F", "documents/montreuil-93048/CA_2023.xml", []string{"--level", "2", "--section", "F"}},
	{"montreuil-2023-level3-I", "documents/montreuil-93048/CA_2023.xml", []string{"--level", "3", "--section", "I", "--top", "1"}},
	{"montreuil-2023-common", "documents/montreuil-93048/CA_2023.xml", []string{"--grid", "common"}},
	{"montreuil-2023-six", "documents/montreuil-93048/CA_2023.xml", []string{"--grid", "six", "--top", "0"}},
	{"montreuil-2023-toggles", "documents/montreuil-93048/CA_2023.xml", []string{"--debt", "--exclude-interest", "--exclude-tax-passed-on", "--top", "0"}},
	{"montreuil-2023-ventilated", "documents/montreuil-93048/CA_2023.xml", []string{"--ventilated-only", "--include-rar", "--top", "0"}},
	// Montpellier, M57 voted by function (chapter-prefixed codes).
	{"montpellier-2018", "documents/montpellier-34172/CA_2018.xml", nil},
	{"montpellier-2018-common", "documents/montpellier-34172/CA_2018.xml", []string{"--grid", "common", "--top", "0"}},
	// Grenoble: one-line ISO-8859-1 export, PopTot 0 (population given).
	{"grenoble-2018", "documents/grenoble-38185/CA_2018.xml", nil},
	{"grenoble-2018-population", "documents/grenoble-38185/CA_2018.xml", []string{"--population", "160649", "--top", "0"}},
	// Morbihan: SCDL CSV naming no nomenclature (inferred M57).
	{"morbihan-2021", "documents/morbihan-56/CA_2021.scdl.csv", nil},
	{"morbihan-2021-level2", "documents/morbihan-56/CA_2021.scdl.csv", []string{"--level", "2", "--top", "0"}},
	// Crach: no function codes (nature split), XML and SCDL, CA, BP, DM.
	{"crach-ca-2021", "documents/crach-56046/CA_2021.xml", nil},
	{"crach-ca-2021-scdl", "documents/crach-56046/CA_2021.scdl.csv", nil},
	{"crach-bp-2022", "documents/crach-56046/BP_2022.xml", []string{"--top", "0"}},
	{"crach-lotissement-ca-2021", "documents/crach-56046-lotissement/CA_2021.xml", nil},
	// Mohon: Compte Financier Unique, M57 abrégée.
	{"mohon-cfu-2023", "documents/mohon-56134/CFU_2023.xml", nil},
	{"mohon-cfu-2023-scdl", "documents/mohon-56134/CFU_2023.scdl.csv", []string{"--top", "0"}},
	// DGFiP balances.
	{"balance-bordeaux-2019", "balances/bordeaux-33063-2019.json", nil},
	{"balance-montpellier-2019", "balances/montpellier-34172-2019.json", nil},
	{"balance-montpellier-2019-common", "balances/montpellier-34172-2019.json", []string{"--grid", "common", "--top", "0"}},
	// Départements' own CSV exports (M52), through the column mapping: the
	// Gironde's cedi files, every year and the BP 2016 …
	{"gironde-ca-2009", "departement-csv/gironde-33/cedi_2009_CA.csv", []string{"--top", "0"}},
	{"gironde-ca-2010", "departement-csv/gironde-33/cedi_2010_CA.csv", []string{"--top", "0"}},
	{"gironde-ca-2011", "departement-csv/gironde-33/cedi_2011_CA.csv", []string{"--top", "0"}},
	{"gironde-ca-2012", "departement-csv/gironde-33/cedi_2012_CA.csv", []string{"--top", "0"}},
	{"gironde-ca-2013", "departement-csv/gironde-33/cedi_2013_CA.csv", []string{"--top", "0"}},
	{"gironde-ca-2014", "departement-csv/gironde-33/cedi_2014_CA.csv", []string{"--top", "0"}},
	{"gironde-ca-2015", "departement-csv/gironde-33/cedi_2015_CA.csv", []string{"--top", "0"}},
	{"gironde-ca-2016", "departement-csv/gironde-33/cedi_2016_CA.csv", nil},
	{"gironde-bp-2016", "departement-csv/gironde-33/cedi_2016_BP.csv", []string{"--top", "0"}},
	// … the département's own definition of its 2016 investment (see
	// TestGirondeInvestment), and the core's debt part beside it …
	{"gironde-ca-2016-I-all-real", "departement-csv/gironde-33/cedi_2016_CA.csv", []string{"--section", "I", "--all-real", "--top", "0"}},
	{"gironde-ca-2016-I-debt", "departement-csv/gironde-33/cedi_2016_CA.csv", []string{"--section", "I", "--debt", "--top", "0"}},
	// … and the Hauts-de-Seine's single file of eight years, voted by
	// function (chapter-prefixed rubriques), one year at a time.
	{"hauts-de-seine-2009", "departement-csv/hauts-de-seine-92/M52-92-2009-2016.csv", []string{"--year", "2009", "--top", "0"}},
	{"hauts-de-seine-2010", "departement-csv/hauts-de-seine-92/M52-92-2009-2016.csv", []string{"--year", "2010", "--top", "0"}},
	{"hauts-de-seine-2011", "departement-csv/hauts-de-seine-92/M52-92-2009-2016.csv", []string{"--year", "2011", "--top", "0"}},
	{"hauts-de-seine-2012", "departement-csv/hauts-de-seine-92/M52-92-2009-2016.csv", []string{"--year", "2012", "--top", "0"}},
	{"hauts-de-seine-2013", "departement-csv/hauts-de-seine-92/M52-92-2009-2016.csv", []string{"--year", "2013", "--top", "0"}},
	{"hauts-de-seine-2014", "departement-csv/hauts-de-seine-92/M52-92-2009-2016.csv", []string{"--year", "2014", "--top", "0"}},
	{"hauts-de-seine-2015", "departement-csv/hauts-de-seine-92/M52-92-2009-2016.csv", []string{"--year", "2015", "--top", "0"}},
	{"hauts-de-seine-2016", "departement-csv/hauts-de-seine-92/M52-92-2009-2016.csv", []string{"--year", "2016"}},
	{"hauts-de-seine-2016-common", "departement-csv/hauts-de-seine-92/M52-92-2009-2016.csv", []string{"--grid", "common", "--top", "0"}},
}

// TestNothingToSplit: Crach's DM2 and DM3 2021 only move money between
// accounts (net new spending 0): there is nothing to share, and the command
// says so instead of printing zeros.
func TestNothingToSplit(t *testing.T) {
	for _, name := range []string{"DM2_2021.xml", "DM3_2021.xml"} {
		file := sharedtest.Path(t, "documents", "crach-56046", name)
		var stdout, stderr bytes.Buffer
		if code := run([]string{"split", file}, &stdout, &stderr); code != 1 {
			t.Fatalf("%s: exit %d, want 1", name, code)
		}
		if !strings.Contains(stderr.String(), "no spending to split") || stdout.Len() != 0 {
			t.Errorf("%s: stderr %q, stdout %q", name, stderr.String(), stdout.String())
		}
	}
}

func TestGolden(t *testing.T) {
	for _, tc := range goldenCases {
		t.Run(tc.name, func(t *testing.T) {
			file := sharedtest.Path(t, strings.Split(tc.file, "/")...)
			for _, format := range []string{"json", "table"} {
				args := append([]string{"split"}, tc.args...)
				if format == "json" {
					args = append(args, "--json")
				} else {
					args = append(args, "--lines")
				}
				args = append(args, file)
				var stdout, stderr bytes.Buffer
				if code := run(args, &stdout, &stderr); code != 0 {
					t.Fatalf("exit %d: %s", code, stderr.String())
				}
				ext := map[string]string{"json": ".json", "table": ".txt"}[format]
				golden := filepath.Join("testdata", "golden", tc.name+ext)
				if *update {
					if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(golden, stdout.Bytes(), 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("%v (run go test ./cmd/jeu1000 -update to create it)", err)
				}
				if !bytes.Equal(stdout.Bytes(), want) {
					t.Errorf("%s differs from the output (run with -update and review the diff):\n%s", golden, firstDiff(string(want), stdout.String()))
				}
			}
		})
	}
}

// firstDiff shows the first differing line.
func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return "line " + strconv.Itoa(i+1) + ":\n  want: " + wl + "\n  got:  " + gl
		}
	}
	return ""
}
