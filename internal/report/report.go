// Package report turns a calc.Split into the plain, JSON-ready view that the
// command line prints and the browser receives: every amount as a decimal
// string, every figure with its provenance.
package report

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/jeu1000/jeu1000/internal/budget"
	"github.com/jeu1000/jeu1000/internal/calc"
	"github.com/jeu1000/jeu1000/internal/nomen"
)

// Report is the view of a split.
type Report struct {
	Authority     budget.Authority `json:"authority"`
	Annex         bool             `json:"annex,omitempty"`  // a budget annexe, not the budget principal
	Budget        string           `json:"budget,omitempty"` // a budget annexe's own name (LibelleEtab)
	Nomenclature  string           `json:"nomenclature"`
	Variant       string           `json:"variant,omitempty"`
	Inferred      bool             `json:"nomenclature_inferred,omitempty"`
	Year          int              `json:"year"`
	Document      string           `json:"document"`
	Method        string           `json:"method"`
	Detail        string           `json:"detail,omitempty"` // dataset figures: "detailed" or "aggregated"
	Grid          string           `json:"grid"`
	GridLabel     string           `json:"grid_label,omitempty"`
	Level         int              `json:"level,omitempty"`
	Section       string           `json:"section"`
	Population    int64            `json:"population,omitempty"`
	Total         string           `json:"total"`
	PerInhabitant string           `json:"per_inhabitant,omitempty"`
	Parts         []Part           `json:"parts"`
	Provenance    Provenance       `json:"provenance"`

	// NomenclatureLabel names the nomenclature for people: « M14
	// (communes de plus de 3 500 habitants) » (nomen.Words).
	NomenclatureLabel string `json:"nomenclature_label,omitempty"`

	// PeersNote says why the parts have no peers where the dataset has
	// some for the authority, and the way to them (dataset figures only).
	PeersNote *PeersNote `json:"peers_note,omitempty"`
}

// PeersNote explains, in French, why a report has no peers, and how to
// see some: on another grid, with the default section and rules, or for
// another year of the authority (figures of the peers' method).
type PeersNote struct {
	Text     string `json:"text"`
	Grid     string `json:"grid,omitempty"`
	Defaults bool   `json:"defaults,omitempty"`
	Year     int    `json:"year,omitempty"`
}

// Part is one slice of the 1,000 €.
type Part struct {
	Code          string `json:"code"`
	Label         string `json:"label"`
	Amount        string `json:"amount"`
	F             string `json:"fonctionnement"`
	I             string `json:"investissement"`
	Euros         string `json:"euros"`
	PerInhabitant string `json:"per_inhabitant,omitempty"`
	LineCount     int    `json:"line_count"`
	Top           []Line `json:"top,omitempty"`
	Children      []Part `json:"children,omitempty"`
	Peers         []Peer `json:"peers,omitempty"`

	// Plain is what a citizen reads first (« Administration générale »),
	// when it differs from Label (the official label, or the grid's);
	// Note explains a part that needs it: what is in it, why it stands
	// apart. See nomen.Words.
	Plain string `json:"plain,omitempty"`
	Note  string `json:"note,omitempty"`
}

// Peer is a reference for a part: where the part's share of 1,000 € (and
// its € per inhabitant) stands among comparable authorities.
type Peer struct {
	Group  string `json:"group"`        // "Communes de 100 000 habitants et plus"
	Kind   string `json:"kind"`         // "strate", "type", "national"
	Year   int    `json:"year"`         // year of the peers' figures
	Median string `json:"median"`       // € per 1,000 €
	Q1     string `json:"q1,omitempty"` // first quartile
	Q3     string `json:"q3,omitempty"` // third quartile
	PerInh string `json:"per_inhabitant_median,omitempty"`
	N      int    `json:"n"` // number of authorities
}

// Line is a budget line behind a part.
type Line struct {
	Pos      int    `json:"pos"`
	Nature   string `json:"nature"`
	Function string `json:"function,omitempty"`
	Label    string `json:"label,omitempty"`
	Section  string `json:"section"`
	Amount   string `json:"amount"`
}

// Provenance says where the figures come from and how they were computed.
type Provenance struct {
	Source  string   `json:"source"`
	Format  string   `json:"format"`
	Plan    string   `json:"plan"`
	Amounts string   `json:"amounts"`
	Rules   []string `json:"rules,omitempty"`
	Voted   string   `json:"voted"`
	Note    string   `json:"note,omitempty"`
	// For figures of the bundled dataset: the publisher and document, the
	// method in words and the licence.
	Publisher string `json:"publisher,omitempty"`
	Method    string `json:"method,omitempty"`
	Licence   string `json:"licence,omitempty"`

	// PlanLabel names the plan de comptes for people: « M14 (communes de
	// plus de 3 500 habitants), édition 2023 ».
	PlanLabel string `json:"plan_label,omitempty"`
}

// NatureReason says why a document split by nature has no functional
// presentation, from what the document says of itself: its nomenclature
// (the M4x plans of services publics industriels et commerciaux have no
// function codes; the plans of communes under 3,500 inhabitants do not
// require them) and whether it is a budget annexe.
func NatureReason(n budget.Nomenclature, annex bool) string {
	what := "ce document"
	if annex {
		what = "ce budget annexe"
	}
	v := strings.ToUpper(n.Variant)
	switch {
	case strings.HasPrefix(strings.ToUpper(n.Norm), "M4"):
		return fmt.Sprintf("ventilation par nature : %s suit la nomenclature %s (services publics industriels et commerciaux : eau, assainissement, transports…), qui ne prévoit pas de présentation par fonction", what, n)
	case strings.Contains(v, "INF500"), strings.Contains(v, "500_3500"), strings.Contains(v, "INF3500"),
		n.Norm == "M57" && (v == "A" || strings.HasSuffix(v, "_A")):
		return fmt.Sprintf("ventilation par nature : %s suit la nomenclature %s, celle des collectivités de moins de 3 500 habitants, pour qui la présentation par fonction n'est pas obligatoire", what, n)
	}
	return fmt.Sprintf("ventilation par nature : %s ne donne aucun code fonction", what)
}

// New builds the view of s, with at most top lines listed under each part.
func New(s *calc.Split, top int) Report {
	r := Report{
		Authority:    s.Authority,
		Annex:        s.Annex,
		Nomenclature: s.Nomenclature.Norm,
		Variant:      s.Nomenclature.Variant,
		Inferred:     s.NomenclatureInferred,
		Year:         s.Year,
		Document:     string(s.Kind),
		Method:       string(s.Method),
		Grid:         s.Grid,
		GridLabel:    s.GridName,
		Section:      s.Section.String(),
		Population:   s.Population,
		Total:        s.Total.String(),
		Parts:        make([]Part, len(s.Parts)),
		Provenance: Provenance{
			Source:  s.Source,
			Format:  string(s.Format),
			Plan:    s.Plan.String() + " " + strconv.Itoa(s.PlanYear),
			Amounts: s.AmountMethod,
			Rules:   s.Rules.Names(),
			Voted:   "nature",
		},
	}
	if r.Grid == "" {
		r.Grid = "native"
		r.Level = s.Level
	}
	if r.Section == "" {
		r.Section = "all"
	}
	if s.VotedByFunction {
		r.Provenance.Voted = "function"
	}
	if s.Method == calc.ByNature {
		r.Provenance.Note = NatureReason(s.Nomenclature, s.Annex)
	}
	if s.Annex {
		r.Budget = s.Budget
	}
	if s.PerInhabitant != nil {
		r.PerInhabitant = s.PerInhabitant.StringFixed(2)
	}
	for i, p := range s.Parts {
		r.Parts[i] = newPart(s, p, top)
	}
	r.Provenance.PlanLabel = planLabel(s.Plan, s.PlanYear)
	Name(&r)
	return r
}

// planLabel names a plan de comptes and its edition for people.
func planLabel(n budget.Nomenclature, year int) string {
	w, err := nomen.Labels()
	if err != nil || n.Norm == "" && n.Variant == "" {
		return ""
	}
	l := w.Nomenclature(n.Norm, n.Variant)
	if year > 0 {
		l += ", édition " + strconv.Itoa(year)
	}
	return l
}

// Name gives a report the citizen's words of the labels table
// (nomen.Words): its nomenclature's name and each part's plain label and
// note, down the children. The split's labels stay as they are (the
// official ones, one click away on the page).
func Name(r *Report) {
	w, err := nomen.Labels()
	if err != nil {
		return // the embedded table is checked by the tests
	}
	if r.Nomenclature != "" {
		r.NomenclatureLabel = w.Nomenclature(r.Nomenclature, r.Variant)
	}
	top, below := nomen.Functions, nomen.Functions
	switch {
	case r.Method == string(calc.ByNature):
		top, below = nomen.Chapters, nomen.Accounts
	case r.Grid == "common" || r.Grid == "six":
		top = nomen.Areas
	}
	for i := range r.Parts {
		namePart(w, &r.Parts[i], top, below, r.Nomenclature)
	}
}

func namePart(w *nomen.Words, p *Part, s, below nomen.Scheme, norm string) {
	if plain, note := w.Plain(s, norm, p.Code, p.Label); plain != p.Label {
		p.Plain, p.Note = plain, note
	} else {
		p.Note = note
	}
	for i := range p.Children {
		namePart(w, &p.Children[i], below, below, norm)
	}
}

func newPart(s *calc.Split, p calc.Part, top int) Part {
	rp := Part{
		Code:      p.Code,
		Label:     p.Label,
		Amount:    p.Amount.String(),
		F:         p.F.String(),
		I:         p.I.String(),
		Euros:     p.Euros.StringFixed(2),
		LineCount: len(p.Lines),
	}
	if p.PerInhabitant != nil {
		rp.PerInhabitant = p.PerInhabitant.StringFixed(2)
	}
	for j, li := range p.Lines {
		if j == top {
			break
		}
		k := s.Lines[li]
		rp.Top = append(rp.Top, Line{
			Pos: k.Pos, Nature: k.Nature, Function: k.Function, Label: k.Label,
			Section: k.Section.String(), Amount: k.Amount.String(),
		})
	}
	for _, c := range p.Children {
		rp.Children = append(rp.Children, newPart(s, c, top))
	}
	return rp
}
