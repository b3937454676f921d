package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/jeu1000/jeu1000/internal/dataset"
	"github.com/jeu1000/jeu1000/internal/national"
	"github.com/jeu1000/jeu1000/internal/sharedtest"
)

func TestParseYears(t *testing.T) {
	for _, tc := range []struct {
		in          string
		first, last int
		ok          bool
	}{
		{"2012-2024", 2012, 2024, true},
		{"2024", 2024, 2024, true},
		{" 2019 - 2020 ", 2019, 2020, true},
		{"2024-2012", 0, 0, false},
		{"x", 0, 0, false},
		{"", 0, 0, false},
	} {
		first, last, err := parseYears(tc.in)
		if (err == nil) != tc.ok || first != tc.first || last != tc.last {
			t.Errorf("%q: %d %d %v", tc.in, first, last, err)
		}
	}
}

// TestFindBalances matches files to years by name, else by EXER.
func TestFindBalances(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	row := func(year string) string {
		return "EXER;IDENT;CBUDG;CATEG;NOMEN;COMPTE;OBNETDEB;OOBDEB\n" + year + ";21930048000013;1;Commune;M57;6042;10,00;0\n"
	}
	write("BalanceSPL_Fonction_2024_Dec2025.csv", row("2024"))
	write("balance-2013.csv", row("2013"))
	write("export.csv", row("2019"))
	write("gen-balance.json", "{}")
	write("notes.txt.part", "")
	got, err := findBalances(dir, 2012, 2024)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || filepath.Base(got[2024]) != "BalanceSPL_Fonction_2024_Dec2025.csv" || filepath.Base(got[2013]) != "balance-2013.csv" || filepath.Base(got[2019]) != "export.csv" {
		t.Fatalf("%v", got)
	}
	if got, err := findBalances(dir, 2020, 2023); err != nil || len(got) != 0 {
		t.Fatalf("2020-2023: %v %v", got, err)
	}
	write("copy-2024.csv", row("2024"))
	if _, err := findBalances(dir, 2012, 2024); err == nil || !strings.Contains(err.Error(), "two files for 2024") {
		t.Fatalf("two files: %v", err)
	}
}

// TestDataFrance runs the whole path on a tiny generated set: gen-balance
// -years writes two years on the real authorities, data-france builds the
// dataset from them, and the index read back has both years for the
// anchors.
func TestDataFrance(t *testing.T) {
	shared := sharedtest.Dir(t)
	npm := sharedtest.NPM(t)
	balances, out := t.TempDir(), t.TempDir()
	var stdout, stderr bytes.Buffer
	gen := []string{"gen-balance", "-years", "2015-2016", "-rows", "4000", "-seed", "5", "-out", balances, "-zip",
		"-npm", npm, "-population", filepath.Join(shared, "population"), "-templates", filepath.Join(shared, "balances")}
	if code := run(gen, &stdout, &stderr); code != 0 {
		t.Fatalf("gen-balance: exit %d: %s", code, stderr.String())
	}
	for _, y := range []int{2015, 2016} {
		if _, err := os.Stat(filepath.Join(balances, strings.Replace(national.FileName(y), ".csv", ".zip", 1))); err != nil {
			t.Fatal(err)
		}
	}
	// Reused when asked and up to date.
	stdout.Reset()
	if code := run(append(gen, "-reuse"), &stdout, &stderr); code != 0 || strings.Count(stdout.String(), "up to date, kept") != 2 {
		t.Fatalf("gen-balance -reuse: exit %d: %s", code, stdout.String())
	}

	stdout.Reset()
	stderr.Reset()
	args := []string{"data-france", "-years", "2015-2016", "-balances", balances, "-no-fetch", "-out", out, "-tmp", t.TempDir(),
		"-shared", shared, "-npm", npm}
	if code := run(args, &stdout, &stderr); code != 0 {
		t.Fatalf("data-france: exit %d: %s\n%s", code, stderr.String(), stdout.String())
	}
	report := stdout.String()
	for _, want := range []string{"\n2015 ", "\n2016 ", "\nall ", "skip: not in the index", "dataset " + out} {
		if !strings.Contains(report, want) {
			t.Errorf("report has no %q:\n%s", want, report)
		}
	}
	if !strings.Contains(stderr.String(), "BalanceSPL_Fonction_2016_Dec2017.zip: ") {
		t.Errorf("stderr: %s", stderr.String())
	}
	// The national build packs with its own limits (pipeline.NationalPackLimit,
	// NationalFileLimit), not the bundled dataset's.
	sizes, err := os.ReadFile(filepath.Join(out, "SIZES.md"))
	if want := "Packs of small authorities ≤ 40,000 bytes gzipped, shards of a large one's years ≤ 84,000 each."; err != nil || !strings.Contains(string(sizes), want) {
		t.Errorf("SIZES.md (%v) does not say %q:\n%s", err, want, sizes)
	}
	f, err := os.Open(filepath.Join(out, "index.bin.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ix, err := dataset.ReadIndex(f)
	if err != nil {
		t.Fatal(err)
	}
	byKey := map[string]*dataset.Authority{}
	for i := range ix.Authorities {
		byKey[ix.Authorities[i].Key()] = &ix.Authorities[i]
	}
	for _, key := range []string{"commune:93048", "commune:75056", "commune:33063", "epci:243300316", "departement:93", "region:11"} {
		a := byKey[key]
		if a == nil || !slices.Contains(a.Years, 2015) || !slices.Contains(a.Years, 2016) {
			t.Errorf("%s: %+v", key, a)
		}
	}
	if a := byKey["ept:200057875"]; a == nil || slices.Contains(a.Years, 2015) || !slices.Contains(a.Years, 2016) {
		t.Errorf("EPT Est Ensemble (since 2016): %+v", a)
	}

	// A missing year without -no-fetch would be downloaded; with it, an error.
	stderr.Reset()
	args[2] = "2014-2016"
	if code := run(args, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), "2014: no national balance") {
		t.Errorf("missing year: exit %d, %s", code, stderr.String())
	}
}
