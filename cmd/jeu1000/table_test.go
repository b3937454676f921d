package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jeu1000/jeu1000/internal/sharedtest"
)

// splitTotal runs split with args and returns the JSON report's total.
func splitTotal(t *testing.T, args ...string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if code := run(append([]string{"split", "--json"}, args...), &stdout, &stderr); code != 0 {
		t.Fatalf("split %v: exit %d: %s", args, code, stderr.String())
	}
	var r struct {
		Total string `json:"total"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &r); err != nil {
		t.Fatal(err)
	}
	return r.Total
}

// TestGirondeInvestment: the Gironde publishes its 2016 real investment
// spending, draws on credit lines (16449) excluded, as 244,877,921.12 €.
// --all-real gives that definition. The default rules count the spending
// that builds or buys (classes 2 except 26 and 27): 188,884,240.60 €; with
// --debt, debt repayment beside it except the revolving credit accounts
// (16441, 16449): 226,937,627.50 €. The 17,940,293.62 € between the last
// two are 16441 (17,067,364.30, revolving credit paid back, which the
// département counts and the core leaves out with 16449) and 13, 26, 27
// and 4544 (872,929.32: subsidies paid back, shares, loans and deposits,
// works for third parties).
func TestGirondeInvestment(t *testing.T) {
	file := sharedtest.Path(t, "departement-csv", "gironde-33", "cedi_2016_CA.csv")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--all-real"}, "244877921.12"},
		{nil, "188884240.60"},
		{[]string{"--debt"}, "226937627.50"},
	} {
		args := append(append([]string{"--section", "I"}, tc.args...), file)
		if got := splitTotal(t, args...); got != tc.want {
			t.Errorf("%v: total %s, want %s", tc.args, got, tc.want)
		}
	}
}

// TestTableOptions: --year, the latest year said, --map, --sheet.
func TestTableOptions(t *testing.T) {
	hds := sharedtest.Path(t, "departement-csv", "hauts-de-seine-92", "M52-92-2009-2016.csv")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"split", "--top", "0", hds}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "les années 2009 à 2016 ; année 2016 lue, la plus récente") || !strings.Contains(stdout.String(), "CA 2016") {
		t.Errorf("stderr %q, stdout %.80q", stderr.String(), stdout.String())
	}
	if got, want := splitTotal(t, "--year", "2016", hds), splitTotal(t, hds); got != want {
		t.Errorf("--year 2016 %s, latest %s", got, want)
	}
	// The mapping by hand: the function column left out, the split goes
	// by chapters of nature; the same as the preset's otherwise.
	if got, want := splitTotal(t, "--map", "nature=Article,montant=#9", hds), splitTotal(t, hds); got != want {
		t.Errorf("--map the preset's own columns: %s, want %s", got, want)
	}
	stdout.Reset()
	stderr.Reset()
	if code := run([]string{"split", "--map", "prix=Montant", hds}, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), "unknown role") {
		t.Errorf("bad --map: exit %d %q", code, stderr.String())
	}
	// The workbooks built from the same CSV give the same figures.
	csv := sharedtest.Path(t, "departement-csv", "gironde-33", "cedi_2016_CA.csv")
	want := splitTotal(t, csv)
	for _, ext := range []string{"xlsx", "ods"} {
		sheet := filepath.Join("..", "..", "internal", "reader", "testdata", "sheets", "gironde-2016-ca."+ext)
		if _, err := os.Stat(sheet); err != nil {
			t.Fatal(err)
		}
		if got := splitTotal(t, "--sheet", "Budget", sheet); got != want {
			t.Errorf("%s: total %s, want %s", ext, got, want)
		}
	}
	stdout.Reset()
	stderr.Reset()
	if code := run([]string{"split", "--sheet", "Feuil9", filepath.Join("..", "..", "internal", "reader", "testdata", "sheets", "gironde-2016-ca.ods")}, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), "sheet") {
		t.Errorf("unknown sheet: exit %d %q", code, stderr.String())
	}
}

// TestExport: --export writes the counted lines as the template (CSV) or
// XLSX; split again, either gives the same total.
func TestExport(t *testing.T) {
	hds := sharedtest.Path(t, "departement-csv", "hauts-de-seine-92", "M52-92-2009-2016.csv")
	want := splitTotal(t, "--year", "2012", hds)
	dir := t.TempDir()
	for _, name := range []string{"hds.csv", "hds.xlsx"} {
		out := filepath.Join(dir, name)
		if got := splitTotal(t, "--year", "2012", "--export", out, hds); got != want {
			t.Fatalf("total %s, want %s", got, want)
		}
		if got := splitTotal(t, out); got != want {
			t.Errorf("%s read back: total %s, want %s", name, got, want)
		}
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{"split", "--export", filepath.Join(dir, "x.pdf"), hds}, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), ".csv or .xlsx") {
		t.Errorf("--export x.pdf: exit %d %q", code, stderr.String())
	}
}
