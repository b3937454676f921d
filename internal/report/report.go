// Package report turns a calc.Split into the plain, JSON-ready view that the
// command line prints and the browser receives: every amount as a decimal
// string, every figure with its provenance.
package report

import (
	"strconv"

	"github.com/jeu1000/jeu1000/internal/budget"
	"github.com/jeu1000/jeu1000/internal/calc"
)

// Report is the view of a split.
type Report struct {
	Authority     budget.Authority `json:"authority"`
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
}

// NatureNote explains a split by nature to users.
const NatureNote = "ventilation par nature : ce document ne présente pas ses dépenses par fonction (pas de présentation fonctionnelle sous 3 500 habitants, ni dans la plupart des budgets annexes)"

// New builds the view of s, with at most top lines listed under each part.
func New(s *calc.Split, top int) Report {
	r := Report{
		Authority:    s.Authority,
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
		r.Provenance.Note = NatureNote
	}
	if s.PerInhabitant != nil {
		r.PerInhabitant = s.PerInhabitant.StringFixed(2)
	}
	for i, p := range s.Parts {
		r.Parts[i] = newPart(s, p, top)
	}
	return r
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
