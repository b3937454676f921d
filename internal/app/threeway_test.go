//go:build !viewer

package app

import (
	"os"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/jeu1000/jeu1000/internal/dataset"
	"github.com/jeu1000/jeu1000/internal/nomen"
	"github.com/jeu1000/jeu1000/internal/report"
	"github.com/jeu1000/jeu1000/internal/sharedtest"
)

// draftOf splits a typed draft (the template CSV) of a nomenclature.
func draftOf(t *testing.T, c *Core, nomenclature string, req Request) *report.Report {
	t.Helper()
	csv := "# annee: 2025\n# nomenclature: " + nomenclature + "\n# population: 15000\n" +
		"section;fonction;nature;montant\n" +
		"F;020;6042;1 200 000\nF;212;64111;2 500 000\nF;311;6574;700 000\nI;822;2313;1 600 000\n"
	r, err := c.SplitFile("brouillon.csv", []byte(csv), req)
	if err != nil {
		t.Fatal(err)
	}
	return &r
}

// The three-way decision: which columns compare, on which frame, and why
// not, on synthetic authorities.
func TestThreeWay(t *testing.T) {
	commonArea, _ := nomen.CommonGrid().AreaOf("M57", "020")
	group := "commune:10000-19999"
	detailedPeers := []dataset.Peer{
		{Year: 2023, Grid: "common", Group: group, Area: commonArea.Code, Section: 'A', N: 40, ShareQ1: 10000, ShareMedian: 15000, ShareQ3: 20000, PerInhMedian: 9050},
	}
	aggregatedPeers := []dataset.Peer{
		{Year: 2024, Grid: "native", Group: group, Area: "0", Section: 'A', N: 300, ShareMedian: 20000},
		{Year: 2024, Grid: "six", Group: group, Area: "ADM", Section: 'A', N: 300, ShareMedian: 20000},
	}
	for _, tc := range []struct {
		name      string
		peers     []dataset.Peer
		recs      []dataset.Record
		draftNorm string
		req       Request
		resplit   string // the grid asked for a second split, "" if none
		accounts  int    // the accounts' year, 0 when they do not compare
		accWhy    string // reason when they do not
		accNote   string
		peersN    int // parts with a median
		peersWhy  string
		note      string
	}{
		{name: "same nomenclature, detailed peers", peers: detailedPeers,
			recs: []dataset.Record{detailed(2023, "M57", lines("0")...)}, draftNorm: "M57", req: Request{Grid: "common"},
			accounts: 2023, peersN: 1},
		{name: "only aggregated peers", peers: aggregatedPeers,
			recs: []dataset.Record{detailed(2023, "M57", lines("0")...), aggregated(2024)}, draftNorm: "M57", req: Request{},
			accounts: 2023, accNote: "2024 : chiffres agrégés par la DGFiP", peersWhy: "une autre méthode"},
		{name: "detailed peers, fonctionnement only", peers: detailedPeers,
			recs: []dataset.Record{detailed(2023, "M57", lines("0")...)}, draftNorm: "M57", req: Request{Grid: "common", Section: "F"},
			accounts: 2023, peersWhy: "fonctionnement et l'investissement ensemble"},
		{name: "no accounts in the dataset", peers: aggregatedPeers,
			recs: []dataset.Record{aggregated(2024)}, draftNorm: "M57", req: Request{},
			accWhy: "Pas de comptes de Synthèse comparables au brouillon", peersWhy: "une autre méthode"},
		{name: "a budget is not accounts", peers: nil,
			recs: []dataset.Record{as(detailed(2024, "M57", lines("0")...), "BP")}, draftNorm: "M57", req: Request{},
			accWhy: "2024 : BP, pas des comptes exécutés", peersWhy: "Pas de médiane"},
		{name: "M14 draft beside M57 accounts", peers: detailedPeers,
			recs: []dataset.Record{detailed(2023, "M57", lines("0")...)}, draftNorm: "M14", req: Request{},
			resplit: "common", accounts: 2023, peersN: 1, note: "Nomenclatures différentes (M14 et M57)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := synthetic(t, tc.peers, tc.recs...)
			draft := draftOf(t, c, tc.draftNorm, tc.req)
			tw, err := c.ThreeWay(draft, "commune:99001", tc.req)
			if err != nil {
				t.Fatal(err)
			}
			if tw.Resplit != (tc.resplit != "") || tc.resplit != "" && tw.Grid != tc.resplit {
				t.Fatalf("resplit %v on %s, want %q", tw.Resplit, tw.Grid, tc.resplit)
			}
			note := tw.Note
			if tw.Resplit {
				req := tc.req
				req.Grid, req.Section = tw.Grid, tw.Section
				draft = draftOf(t, c, tc.draftNorm, req)
				if tw, err = c.ThreeWay(draft, "commune:99001", req); err != nil || tw.Resplit {
					t.Fatalf("after the second split: resplit %v, %v", tw.Resplit, err)
				}
			} else {
				note = tw.Note
			}
			// The page keeps the note of the call that asked for a second split.
			if !strings.Contains(note, tc.note) || (tc.note == "") != (note == "") {
				t.Errorf("note %q, want %q", note, tc.note)
			}
			if tw.Accounts.Comparable != (tc.accounts != 0) || tw.Accounts.Year != tc.accounts || !strings.Contains(tw.Accounts.Reason, tc.accWhy) || (tc.accWhy == "") != (tw.Accounts.Reason == "") {
				t.Errorf("accounts %+v, want year %d, reason with %q", tw.Accounts, tc.accounts, tc.accWhy)
			}
			if !strings.Contains(tw.Accounts.Note, tc.accNote) || (tc.accNote == "") != (tw.Accounts.Note == "") {
				t.Errorf("accounts' note %q, want %q", tw.Accounts.Note, tc.accNote)
			}
			medians := 0
			for _, r := range tw.Rows {
				if r.Peers.Share != "" {
					medians++
					if r.Peers.Share != "150.00" || r.Peers.PerInhabitant != "90.50" {
						t.Errorf("median of %s: %+v", r.Code, r.Peers)
					}
				}
			}
			if medians != tc.peersN || tw.Peers.Comparable != (tc.peersN > 0) || !strings.Contains(tw.Peers.Reason, tc.peersWhy) || (tc.peersWhy == "") != (tw.Peers.Reason == "") {
				t.Errorf("peers: %d medians, %+v; want %d, reason with %q", medians, tw.Peers, tc.peersN, tc.peersWhy)
			}
			if tw.Peers.Comparable && (tw.Peers.N != 40 || tw.Peers.Year != 2023 || tw.Peers.Group == "") {
				t.Errorf("peers' provenance: %+v", tw.Peers)
			}
			checkThreeWaySums(t, tw)
		})
	}
}

// checkThreeWaySums checks that the shares of each column that compares
// add up to 1,000.00 €, its amounts to its total, and that the differences
// are draft − accounts; a column that does not compare has no figure.
func checkThreeWaySums(t *testing.T, tw ThreeWay) {
	t.Helper()
	cols := []struct {
		name string
		ok   bool
		cell func(ThreeWayRow) Cell
	}{
		{"draft", true, func(r ThreeWayRow) Cell { return r.Draft }},
		{"accounts", tw.Accounts.Comparable, func(r ThreeWayRow) Cell { return r.Accounts }},
	}
	for _, col := range cols {
		var share, amount decimal.Decimal
		for _, r := range tw.Rows {
			c := col.cell(r)
			if !col.ok {
				if c != (Cell{}) {
					t.Errorf("%s %s: %+v, want no figure", col.name, r.Code, c)
				}
				continue
			}
			share = share.Add(decimal.RequireFromString(c.Share))
			amount = amount.Add(decimal.RequireFromString(c.Amount))
		}
		if !col.ok {
			continue
		}
		if share.StringFixed(2) != "1000.00" || amount.StringFixed(2) != decimal.RequireFromString(col.cell(tw.Total).Amount).StringFixed(2) {
			t.Errorf("%s: shares %s, amounts %s, total %+v", col.name, share, amount, col.cell(tw.Total))
		}
	}
	for _, r := range tw.Rows {
		if !tw.Accounts.Comparable {
			if r.DiffAmount != "" || r.DiffShare != "" {
				t.Errorf("%s: a difference without accounts", r.Code)
			}
			continue
		}
		want := decimal.RequireFromString(r.Draft.Amount).Sub(decimal.RequireFromString(r.Accounts.Amount)).StringFixed(2)
		if r.DiffAmount != want {
			t.Errorf("%s: difference %s, want %s", r.Code, r.DiffAmount, want)
		}
	}
	if tw.Accounts.Comparable != (tw.AccountsReport != nil) {
		t.Errorf("accounts' report %v with comparable %v", tw.AccountsReport != nil, tw.Accounts.Comparable)
	}
}

// On the bundled dataset: the Gironde's BP 2016 (its own CSV) beside its
// CA 2016 (its latest detailed accounts: 2024 is OFGL's six groups) and
// the départements' peers, which are OFGL aggregates only.
func TestThreeWayBundledGironde(t *testing.T) {
	c := loaded(t)
	info, err := c.Authority("departement:33")
	if err != nil {
		t.Fatal(err)
	}
	for _, y := range info.Years {
		if _, err := c.LoadShard(y.Shard, inflate(t, y.Shard)); err != nil {
			t.Fatal(err)
		}
	}
	data, err := os.ReadFile(sharedtest.Path(t, "departement-csv", "gironde-33", "cedi_2016_BP.csv"))
	if err != nil {
		t.Fatal(err)
	}
	for _, section := range []string{"F", "I"} {
		req := Request{Section: section}
		draft, err := c.SplitFile("cedi_2016_BP.csv", data, req)
		if err != nil {
			t.Fatal(err)
		}
		tw, err := c.ThreeWay(&draft, "departement:33", req)
		if err != nil || tw.Resplit {
			t.Fatalf("%s: resplit %v, %v", section, tw.Resplit, err)
		}
		if !tw.Accounts.Comparable || tw.Accounts.Year != 2016 || tw.Accounts.Document != "CA" || !strings.Contains(tw.Accounts.Note, "2024") {
			t.Errorf("%s: accounts %+v", section, tw.Accounts)
		}
		if tw.Peers.Comparable || !strings.Contains(tw.Peers.Reason, "OFGL") {
			t.Errorf("%s: peers %+v", section, tw.Peers)
		}
		// The accounts' column is the dataset's split of the same year.
		acc, err := c.SplitRecord("departement:33", 2016, req)
		if err != nil {
			t.Fatal(err)
		}
		if tw.Total.Accounts.Amount != acc.Total || tw.Total.Draft.Amount != draft.Total {
			t.Errorf("%s: totals %+v, want %s and %s", section, tw.Total, draft.Total, acc.Total)
		}
		checkThreeWaySums(t, tw)
	}
}

// On the bundled dataset: Crach's BP 2022 (a real draft, TOTEM, split by
// nature: a commune under 3,500 inhabitants) beside its CA 2021, by nature
// too; its BP 2022 in the dataset is not accounts, its 2024 figures are
// aggregates; the peers' medians are by policy.
func TestThreeWayBundledCrach(t *testing.T) {
	c := loaded(t)
	info, err := c.Authority("commune:56046")
	if err != nil {
		t.Fatal(err)
	}
	for _, y := range info.Years {
		if _, err := c.LoadShard(y.Shard, inflate(t, y.Shard)); err != nil {
			t.Fatal(err)
		}
	}
	data, err := os.ReadFile(sharedtest.Path(t, "documents", "crach-56046", "BP_2022.xml"))
	if err != nil {
		t.Fatal(err)
	}
	draft, err := c.SplitFile("BP_2022.xml", data, Request{})
	if err != nil {
		t.Fatal(err)
	}
	tw, err := c.ThreeWay(&draft, "commune:56046", Request{})
	if err != nil || tw.Resplit {
		t.Fatalf("resplit %v, %v", tw.Resplit, err)
	}
	if !tw.Accounts.Comparable || tw.Accounts.Year != 2021 || !strings.Contains(tw.Accounts.Note, "2022 : BP, pas des comptes exécutés") || !strings.Contains(tw.Accounts.Note, "2024 : chiffres agrégés par la DGFiP") {
		t.Errorf("accounts %+v", tw.Accounts)
	}
	if tw.Peers.Comparable || !strings.Contains(tw.Peers.Reason, "ventilé par nature") {
		t.Errorf("peers %+v", tw.Peers)
	}
	checkThreeWaySums(t, tw)
}
