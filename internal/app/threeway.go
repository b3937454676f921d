package app

import (
	"fmt"
	"path"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/jeu1000/jeu1000/internal/budget"
	"github.com/jeu1000/jeu1000/internal/dataset"
	"github.com/jeu1000/jeu1000/internal/report"
	"github.com/jeu1000/jeu1000/internal/territory"
)

// A draft against the last accounts against the peers.
//
// A council's finance officer reads a draft budget (BP) beside what the
// authority last spent (its latest executed accounts in the dataset: CA,
// CFU or balance, detailed, by function) and beside the median of
// comparable authorities. The three columns stand in one frame (grid,
// section) only where they compare (compare.go); a column that does not
// compare has no figure, only the reason, in French.

// ThreeWay is a draft beside its authority's latest accounts and the median
// of its peers, part by part, in the 1,000 € frame and in €.
type ThreeWay struct {
	// The frame: grid, section and level the three columns are read on.
	Grid    string `json:"grid"`
	Section string `json:"section"`
	Level   int    `json:"level,omitempty"`
	// Resplit: the draft was split on another frame than the one where it
	// compares with the accounts; split it again on Grid and Section (level
	// 1) and ask again. Nothing else is filled.
	Resplit bool `json:"resplit,omitempty"`
	// Note says, in French, what was changed to compare (grid, section).
	Note string `json:"note,omitempty"`

	Draft    Column `json:"draft"`
	Accounts Column `json:"accounts"`
	Peers    Column `json:"peers"`

	Rows []ThreeWayRow `json:"rows"`
	// Total: each column's total (shares 1,000.00 €; the peers' medians do
	// not add up, their total is empty).
	Total ThreeWayRow `json:"total"`

	// AccountsReport is the accounts split on the frame, the peers' chosen
	// medians on its parts (for the chart and the drill-down); nil when the
	// accounts do not compare.
	AccountsReport *report.Report `json:"accountsReport,omitempty"`
}

// Column says what a column's figures are and where they come from, or why
// it has none.
type Column struct {
	Comparable bool   `json:"comparable"`
	Reason     string `json:"reason,omitempty"` // why « — », in French
	Title      string `json:"title"`            // « Brouillon (BP 2016) »
	// Provenance.
	Year         int    `json:"year,omitempty"`
	Document     string `json:"document,omitempty"` // "BP", "CA"…
	Method       string `json:"method,omitempty"`   // in words: « compte détaillé (…) »
	Nomenclature string `json:"nomenclature,omitempty"`
	Source       string `json:"source,omitempty"` // file or publisher and document
	Licence      string `json:"licence,omitempty"`
	Group        string `json:"group,omitempty"` // peers: « Communes de 10 000 à 19 999 habitants »
	N            int    `json:"n,omitempty"`     // peers: number of authorities
	Population   int64  `json:"population,omitempty"`
	// Note: a more recent year that does not compare, and why.
	Note string `json:"note,omitempty"`
}

// Cell is a column's figures for a part; an empty string is a figure that
// does not exist (never zero).
type Cell struct {
	Share         string `json:"share,omitempty"`  // € per 1,000 €
	Amount        string `json:"amount,omitempty"` // €
	PerInhabitant string `json:"perInhabitant,omitempty"`
	Q1            string `json:"q1,omitempty"` // peers: quartiles of the share
	Q3            string `json:"q3,omitempty"`
}

// ThreeWayRow is a part (a policy, or a chapter) in the three columns, and
// the draft's difference with the accounts in € and in points (€ per
// 1,000 €).
type ThreeWayRow struct {
	Code       string `json:"code"`
	Label      string `json:"label"`
	Plain      string `json:"plain,omitempty"`
	Draft      Cell   `json:"draft"`
	Accounts   Cell   `json:"accounts"`
	Peers      Cell   `json:"peers"`
	DiffAmount string `json:"diffAmount,omitempty"` // draft − accounts, €
	DiffShare  string `json:"diffShare,omitempty"`  // draft − accounts, € per 1,000 €
}

// ThreeWay puts a draft (a user's file or typed grid, as splitFile gave it
// with req) beside the latest executed accounts of the authority key in the
// dataset and the median of its peers. Every year's shard of the authority
// must be loaded (the latest accounts are chosen among them).
func (c *Core) ThreeWay(draft *report.Report, key string, req Request) (ThreeWay, error) {
	if draft == nil {
		return ThreeWay{}, &UserError{Message: "Pas de brouillon à comparer."}
	}
	db := basisOf(draft, nil)
	tw := ThreeWay{Grid: orDefault(draft.Grid, "native"), Section: orDefault(draft.Section, "all"), Level: draft.Level,
		Draft: draftColumn(draft, db)}

	c.atlas.mu.RLock()
	recs, a, err := c.atlas.bestRecords(key)
	c.atlas.mu.RUnlock()
	if err != nil {
		return ThreeWay{}, err
	}
	rec, note, why := latestAccounts(recs, db, phraseOf(a))
	tw.Accounts = Column{Title: "Derniers comptes", Reason: why, Note: note}
	var accounts *report.Report
	if rec != nil {
		v := verdict(db, recordBasis(rec), req)
		if !v.Comparable {
			tw.Accounts.Reason = v.Reason
		} else {
			if v.Grid != tw.Grid || !strings.EqualFold(v.Section, tw.Section) {
				return ThreeWay{Grid: v.Grid, Section: v.Section, Resplit: true, Note: v.Reason}, nil
			}
			tw.Note = v.Reason
			r2 := req
			r2.Grid, r2.Section, r2.Level = tw.Grid, tw.Section, tw.Level
			r, err := c.SplitRecord(a.Key(), rec.Year, r2)
			if err != nil {
				tw.Accounts.Reason = Message(err)
			} else {
				accounts = &r
				tw.Accounts = accountsColumn(&r, rec, note)
			}
		}
	}

	peers := c.draftPeers(draft, a, req)
	tw.Peers = peers.column
	if db.ByNature {
		tw.Peers.Reason = "Le brouillon est ventilé par nature (pas de codes fonction) : il ne se compare pas aux médianes par politique."
		peers = draftPeerSet{column: tw.Peers}
	}
	tw.Rows, tw.Total = threeWayRows(draft, accounts, peers.byCode)
	if accounts != nil {
		for i := range accounts.Parts {
			p := &accounts.Parts[i]
			p.Peers = nil
			if pe, ok := peers.byCode[p.Code]; ok {
				p.Peers = []report.Peer{pe}
			}
		}
		accounts.PeersNote = nil
		tw.AccountsReport = accounts
	}
	return tw, nil
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// latestAccounts chooses the accounts a draft stands beside: of the
// authority's records (one a year, by year), the latest executed accounts
// (CA, CFU, balance) that are detailed and by function. note names a more
// recent year left aside and why; why says, when none is found, what the
// dataset has instead.
func latestAccounts(recs []*dataset.Record, draft Basis, name territory.Phrase) (rec *dataset.Record, note, why string) {
	var skipped []string
	for i := len(recs) - 1; i >= 0; i-- {
		r := recs[i]
		b := recordBasis(r)
		k := budget.Kind(r.Document)
		executed := k == budget.KindCA || k == budget.KindCFU || k == budget.KindBalance
		switch {
		case b.aggregated():
			skipped = append(skipped, fmt.Sprintf("%d : %s", r.Year, methodShort(b.Method)))
		case b.ByNature && !draft.ByNature:
			skipped = append(skipped, fmt.Sprintf("%d : ventilation par nature seulement", r.Year))
		case !executed:
			skipped = append(skipped, fmt.Sprintf("%d : %s, pas des comptes exécutés", r.Year, r.Document))
		default:
			if len(skipped) > 0 {
				note = fmt.Sprintf("Années plus récentes écartées, faute de comptes comparables au brouillon (%s).", strings.Join(skipped, " ; "))
			}
			return r, note, ""
		}
	}
	if len(recs) == 0 {
		return nil, "", fmt.Sprintf("Pas de comptes %s dans les données intégrées.", name.Of)
	}
	return nil, "", fmt.Sprintf("Pas de comptes %s comparables au brouillon dans les données intégrées (%s).",
		name.Of, strings.Join(skipped, " ; "))
}

// draftColumn describes the draft's column.
func draftColumn(r *report.Report, b Basis) Column {
	return Column{Comparable: true, Title: "Brouillon", Year: r.Year, Document: r.Document,
		Method: methodWords(b.Method), Nomenclature: r.Nomenclature, Source: r.Provenance.Source,
		Population: r.Population}
}

// accountsColumn describes the accounts' column.
func accountsColumn(r *report.Report, rec *dataset.Record, note string) Column {
	src := path.Base(rec.Provenance.Document)
	if rec.Provenance.Source != "" {
		src = rec.Provenance.Source + " — " + src
	}
	return Column{Comparable: true, Title: "Derniers comptes", Year: rec.Year, Document: rec.Document,
		Method: methodWords(MethodDetailed), Nomenclature: r.Nomenclature, Source: src,
		Licence: rec.Provenance.Licence, Population: r.Population, Note: note}
}

// draftPeerSet is the peers' column: one group's median for each part.
type draftPeerSet struct {
	column Column
	byCode map[string]report.Peer
}

// peerKinds orders the groups of peers: the population band first, then the
// kind, then the whole country.
var peerKinds = []string{"strate", "type", "national"}

// draftPeers finds the peers of the draft's frame (attachPeers' rules on the
// draft itself: a detailed user's file takes detailed peers, of both
// sections with the default rules) and keeps one group, the closest.
func (c *Core) draftPeers(draft *report.Report, a *dataset.Authority, req Request) draftPeerSet {
	cp := *draft
	cp.PeersNote = nil
	cp.Parts = make([]report.Part, len(draft.Parts))
	for i, p := range draft.Parts {
		p.Peers, p.Children, p.Top = nil, nil, nil
		cp.Parts[i] = p
	}
	c.atlas.mu.RLock()
	c.atlas.attachPeers(&cp, nil, a, defaultRules(req))
	source := ""
	if c.atlas.index != nil {
		source = c.atlas.index.Source()
	}
	c.atlas.mu.RUnlock()
	set := draftPeerSet{column: Column{Title: "Médiane des pairs"}, byCode: map[string]report.Peer{}}
	kind := ""
	for _, k := range peerKinds {
		for _, p := range cp.Parts {
			for _, pe := range p.Peers {
				if kind == "" && pe.Kind == k {
					kind = k
				}
			}
		}
	}
	if kind == "" {
		switch {
		case cp.PeersNote != nil:
			set.column.Reason = cp.PeersNote.Text
		default:
			set.column.Reason = fmt.Sprintf("Pas de médiane de collectivités comparables pour %s dans les données intégrées.", phraseOf(a).The)
		}
		return set
	}
	col := &set.column
	for _, p := range cp.Parts {
		for _, pe := range p.Peers {
			if pe.Kind != kind {
				continue
			}
			set.byCode[p.Code] = pe
			col.Group, col.Year = pe.Group, pe.Year
			col.N = max(col.N, pe.N)
		}
	}
	col.Comparable = true
	col.Method = methodWords(MethodDetailed)
	col.Source = source
	col.Nomenclature = draft.Nomenclature
	return set
}

// threeWayRows lines up the parts of the draft and of the accounts (the
// draft's order, then parts only the accounts have) with the peers'
// medians. A part absent from a column that compares is 0 € there (nothing
// spent on it); a column that does not compare has no figure.
func threeWayRows(draft, accounts *report.Report, peers map[string]report.Peer) ([]ThreeWayRow, ThreeWayRow) {
	var rows []ThreeWayRow
	at := map[string]int{}
	add := func(p report.Part) *ThreeWayRow {
		if i, ok := at[p.Code]; ok {
			return &rows[i]
		}
		at[p.Code] = len(rows)
		rows = append(rows, ThreeWayRow{Code: p.Code, Label: p.Label, Plain: p.Plain})
		return &rows[len(rows)-1]
	}
	for _, p := range draft.Parts {
		add(p).Draft = cellOf(p)
	}
	if accounts != nil {
		for _, p := range accounts.Parts {
			add(p).Accounts = cellOf(p)
		}
	}
	zero := Cell{Share: "0.00", Amount: "0.00"}
	for i := range rows {
		r := &rows[i]
		if r.Draft.Share == "" {
			r.Draft = zeroPerInh(zero, draft.Population)
		}
		if accounts != nil {
			if r.Accounts.Share == "" {
				r.Accounts = zeroPerInh(zero, accounts.Population)
			}
			r.DiffAmount = sub(r.Draft.Amount, r.Accounts.Amount, 2)
			r.DiffShare = sub(r.Draft.Share, r.Accounts.Share, 2)
		}
		if pe, ok := peers[r.Code]; ok {
			r.Peers = Cell{Share: pe.Median, PerInhabitant: pe.PerInh, Q1: pe.Q1, Q3: pe.Q3}
		}
	}
	total := ThreeWayRow{Code: "total", Label: "Total",
		Draft: Cell{Share: "1000.00", Amount: draft.Total, PerInhabitant: draft.PerInhabitant}}
	if accounts != nil {
		total.Accounts = Cell{Share: "1000.00", Amount: accounts.Total, PerInhabitant: accounts.PerInhabitant}
		total.DiffAmount = sub(draft.Total, accounts.Total, 2)
		total.DiffShare = "0.00"
	}
	return rows, total
}

func cellOf(p report.Part) Cell {
	return Cell{Share: p.Euros, Amount: p.Amount, PerInhabitant: p.PerInhabitant}
}

// zeroPerInh is a part nothing was spent on: 0 € per inhabitant too when
// the population is known.
func zeroPerInh(c Cell, population int64) Cell {
	if population > 0 {
		c.PerInhabitant = "0.00"
	}
	return c
}

// sub is a − b with places decimals; "" when either is not a number.
func sub(a, b string, places int32) string {
	x, err := decimal.NewFromString(a)
	if err != nil {
		return ""
	}
	y, err := decimal.NewFromString(b)
	if err != nil {
		return ""
	}
	return x.Sub(y).StringFixed(places)
}
