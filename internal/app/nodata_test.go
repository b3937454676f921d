package app

import (
	"strings"
	"testing"
)

// The reason given to an authority without figures is the one that holds
// for it, and every way on has figures (bundled dataset: communes of the
// 2024 aggregates and of the shared documents, départements, one EPCI, no
// région nor EPT).
func TestNoDataReasons(t *testing.T) {
	c := loaded(t)
	for _, tt := range []struct {
		key     string
		title   string
		reason  []string // fragments the reason must have
		not     []string // … and must not
		waysOn  []string // keys offered first, in order
		minWays int
	}{
		// Régions and EPCIs were told they were in the list of those with
		// data: the dataset has none, or one.
		{"region:53", "Pas de chiffres pour la région Bretagne sur ce site", []string{"aucune région"}, []string{"3 500"}, []string{"departement:35"}, 3},
		{"ept:200057875", "Pas de chiffres pour Est Ensemble sur ce site", []string{"aucun établissement public territorial"}, nil, []string{"departement:93"}, 1},
		{"epci:200067932", "", []string{"que de 1 intercommunalité sur 1\u202f255", "n'en fait pas partie"}, nil,
			[]string{"commune:56260"}, 4},
		// A small commune: its size, and peers of its band with figures.
		{"commune:56232", "", []string{"moins de 3\u00a0500 habitants", "1\u202f107", "3\u202f382 communes sur 34\u202f875"}, nil,
			[]string{"departement:56", "commune:56134"}, 3},
		// A département whose powers another authority exercises.
		{"departement:67", "Pas de chiffres pour le Bas-Rhin sur ce site", []string{"Collectivité européenne d'Alsace"}, []string{"pas non plus"}, []string{"departement:67A"}, 1},
		// … which has no figures either: no way there, départements of a near size instead.
		{"departement:2A", "Pas de chiffres pour la Corse-du-Sud sur ce site", []string{"Collectivité de Corse", "pas non plus"}, nil, nil, 3},
	} {
		nd, err := c.NoData(tt.key)
		if err != nil {
			t.Fatalf("%s: %v", tt.key, err)
		}
		if nd == nil {
			t.Fatalf("%s: no reason given", tt.key)
		}
		if tt.title != "" && nd.Title != tt.title {
			t.Errorf("%s: title %q, want %q", tt.key, nd.Title, tt.title)
		}
		for _, f := range tt.reason {
			if !strings.Contains(nd.Reason, f) {
				t.Errorf("%s: reason %q lacks %q", tt.key, nd.Reason, f)
			}
		}
		for _, f := range tt.not {
			if strings.Contains(nd.Reason, f) {
				t.Errorf("%s: reason %q has %q", tt.key, nd.Reason, f)
			}
		}
		if len(nd.WaysOn) < tt.minWays || len(nd.WaysOn) > maxWaysOn {
			t.Errorf("%s: %d ways on %+v, want %d to %d", tt.key, len(nd.WaysOn), nd.WaysOn, tt.minWays, maxWaysOn)
		}
		for i, k := range tt.waysOn {
			if i >= len(nd.WaysOn) || nd.WaysOn[i].Key != k {
				t.Errorf("%s: ways on %+v, want %v first", tt.key, nd.WaysOn, tt.waysOn)
				break
			}
		}
		// Never a chain of empty pages: every way on has figures.
		for _, w := range nd.WaysOn {
			wi, err := c.Authority(w.Key)
			if err != nil || len(wi.Years) == 0 || w.Relation == "" || w.Name == "" {
				t.Errorf("%s: way on %+v has no figures (%v)", tt.key, w, err)
			}
		}
	}
	// An authority with figures gets no reason.
	if nd, err := c.NoData("commune:93048"); err != nil || nd != nil {
		t.Errorf("Montreuil: %+v, %v", nd, err)
	}
	if _, err := c.NoData("commune:00000"); err == nil {
		t.Error("unknown authority: no error")
	}
}

func TestFmtCount(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1\u202f000", 34875: "34\u202f875", 1234567: "1\u202f234\u202f567"} {
		if got := fmtCount(n); got != want {
			t.Errorf("fmtCount(%d) = %q, want %q", n, got, want)
		}
	}
}
