package pipeline

import (
	"errors"
	"strings"
	"testing"
)

func TestRecordSet(t *testing.T) {
	rs := newRecordSet()
	adds := []struct {
		auth        uint32
		year        int
		doc, source string
		wantErr     bool
	}{
		{0, 2024, "CA", "documents/a/CA_2024.xml", false},
		{0, 2024, "BP", "documents/a/BP_2024.xml", false},
		{0, 2023, "CA", "BalanceSPL_2023.csv", false},
		{1, 2024, "CA", "BalanceSPL_2024.csv", false},
		{2, 2024, "BAL", "BalanceSPL_2024.csv", false},
		{3, 0, "CA", "x", true},
		{3, 70000, "CA", "x", true},
	}
	for _, a := range adds {
		if err := rs.add(a.auth, a.year, a.doc, a.source); (err != nil) != a.wantErr {
			t.Errorf("add(%d, %d, %s) = %v, want error %v", a.auth, a.year, a.doc, err, a.wantErr)
		}
	}
	if rs.len() != 5 || len(rs.sources) != 4 {
		t.Errorf("%d records, %d sources; want 5 and 4 (sources interned)", rs.len(), len(rs.sources))
	}
	for _, tc := range []struct {
		auth   uint32
		year   int
		doc    string
		source string // "" for none
	}{
		{0, 2024, "CA", "documents/a/CA_2024.xml"},
		{0, 2024, "BP", "documents/a/BP_2024.xml"},
		{0, 2023, "CA", "BalanceSPL_2023.csv"},
		{1, 2024, "CA", "BalanceSPL_2024.csv"},
		{2, 2024, "BAL", "BalanceSPL_2024.csv"},
		{0, 2022, "CA", ""},
		{1, 2024, "BP", ""},
		{2, 2024, "CA", ""},
		{0, 2024, "CFU", ""}, // a document never added
		{3, 2024, "CA", ""},  // its add failed
	} {
		src, ok := rs.source(tc.auth, tc.year, tc.doc)
		if ok != (tc.source != "") || src != tc.source {
			t.Errorf("source(%d, %d, %s) = %q, %v; want %q", tc.auth, tc.year, tc.doc, src, ok, tc.source)
		}
	}
}

// A duplicate is refused and reported with the source of the first
// record, across authorities and years.
func TestBuilderDuplicateSource(t *testing.T) {
	b := testBuilder(t)
	first := aggregated("commune:93048", 2024, 1)
	first.Provenance.Document = "premier.csv"
	if err := b.AddRecord(first); err != nil {
		t.Fatal(err)
	}
	other := aggregated("commune:93048", 2023, 1)
	other.Provenance.Document = "autre.csv"
	if err := b.AddRecord(other); err != nil {
		t.Fatal(err)
	}
	again := aggregated("commune:93048", 2024, 1)
	again.Provenance.Document = "second.csv"
	err := b.AddRecord(again)
	if !errors.Is(err, ErrDuplicate) || !strings.Contains(err.Error(), "already added from premier.csv") {
		t.Errorf("duplicate: %v; want ErrDuplicate naming premier.csv", err)
	}
	if years := b.auths["commune:93048"].sortedYears(); len(years) != 2 || years[0] != 2023 || years[1] != 2024 {
		t.Errorf("years %v, want [2023 2024]", years)
	}
}
