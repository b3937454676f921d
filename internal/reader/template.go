package reader

import (
	"strconv"
	"strings"

	"github.com/jeu1000/jeu1000/internal/budget"
)

// The template is the project's own CSV for hand-made drafts, simple enough
// to fill in a spreadsheet (see TEMPLATE.md):
//
//	# collectivite: Commune de Exemple
//	# annee: 2025
//	section;fonction;montant;nature;libelle
//	F;212;125 000,00;6042;Restauration scolaire
//
// Required columns: section, fonction, montant (or section, function,
// amount); optional: nature, libelle (label), sens (direction, D by
// default). Other columns are ignored. Every row is a real operation; its
// amount is the voted (proposed) amount, MtPrev, as in a budget primitif.
// Function codes are plain function codes (no chapter prefix), so the
// document is voted by nature as far as function codes are concerned.

// Template columns.
const (
	tplSection = iota
	tplFunction
	tplAmount
	tplNature
	tplLabel
	tplDirection
	numTemplateColumns
)

// templateCanon returns the canonical (gocsv) name of template column c.
func templateCanon(c int) string {
	return [numTemplateColumns]string{"SECTION", "FONCTION", "MONTANT", "NATURE", "LIBELLE", "SENS"}[c]
}

// templateColumn recognises a template column header, in French or English,
// in any case, with or without accents or a unit in parentheses
// ("Montant (€)").
func templateColumn(h string) (int, bool) {
	f := foldHeader(h)
	if i := strings.IndexByte(f, '('); i >= 0 {
		f = f[:i]
	}
	f = strings.TrimSpace(strings.NewReplacer("_", " ", "€", "", "eur", "").Replace(f))
	f = strings.TrimSuffix(strings.TrimSuffix(f, " en euros"), " en")
	switch f {
	case "section":
		return tplSection, true
	case "fonction", "function", "code fonction", "function code":
		return tplFunction, true
	case "montant", "amount":
		return tplAmount, true
	case "nature", "compte", "account", "code nature":
		return tplNature, true
	case "libelle", "label", "intitule":
		return tplLabel, true
	case "sens", "direction":
		return tplDirection, true
	}
	return 0, false
}

func canonTemplate(h string) string {
	if c, ok := templateColumn(h); ok {
		return templateCanon(c)
	}
	return ""
}

// templateRow is one row of a template file, as gocsv decodes it.
type templateRow struct {
	Section   sectionField   `csv:"SECTION"`
	Function  functionField  `csv:"FONCTION"`
	Amount    amountField    `csv:"MONTANT"`
	Nature    natureField    `csv:"NATURE"`
	Label     string         `csv:"LIBELLE"`
	Direction directionField `csv:"SENS"`
}

// readTemplate reads a template CSV file into a draft document.
func readTemplate(name string, data []byte) (*budget.Document, error) {
	t, err := readTable(name, data, canonTemplate, true)
	if err != nil {
		return nil, err
	}
	for _, c := range [...]int{tplSection, tplFunction, tplAmount} {
		if !t.has(templateCanon(c)) {
			return nil, &Error{File: name, Line: t.headerLine, Field: strings.ToLower(templateCanon(c)), Expected: ExpectColumn}
		}
	}
	doc := &budget.Document{
		Source:  name,
		Format:  budget.FormatTemplate,
		Kind:    budget.KindDraft,
		VotedBy: budget.VotedByNature,
	}
	if err := templateMetadata(doc, t.comments); err != nil {
		return nil, err
	}
	var rows []templateRow
	if err := t.unmarshal(&rows); err != nil {
		return nil, err
	}
	doc.Lines = make([]budget.Line, 0, len(rows))
	for i := range rows {
		row, pos := &rows[i], t.lines[i]
		if row.Section == sectionField(budget.SectionUnknown) {
			return nil, &Error{File: name, Line: pos, Field: t.headerOf("SECTION"), Expected: ExpectSection}
		}
		if !row.Amount.ok {
			return nil, &Error{File: name, Line: pos, Field: t.headerOf("MONTANT"), Expected: ExpectAmount}
		}
		line := budget.Line{
			Nature:    string(row.Nature),
			Function:  string(row.Function),
			Direction: budget.Expense,
			Operation: budget.Real,
			Section:   budget.Section(row.Section),
			Label:     strings.TrimSpace(row.Label),
			Pos:       pos,
		}
		if row.Direction != 0 {
			line.Direction = budget.Direction(row.Direction)
		}
		line.SetAmount(budget.MtPrev, row.Amount.v)
		doc.Lines = append(doc.Lines, line)
	}
	return doc, nil
}

// templateMetadata reads the "# key: value" comment lines before the
// header. Unknown keys and comments without a colon are ignored.
func templateMetadata(doc *budget.Document, comments []comment) error {
	for _, c := range comments {
		key, value, ok := strings.Cut(c.text, ":")
		if !ok {
			continue
		}
		value = strings.TrimSpace(value)
		bad := func(expected string) error {
			return &Error{File: doc.Source, Line: c.line, Field: strings.TrimSpace(key), Expected: expected, Got: shorten(value)}
		}
		switch fold(key) {
		case "collectivite", "authority", "nom", "name":
			doc.Authority.Name = value
		case "budget":
			doc.Budget = value
		case "annee", "year", "exercice":
			y, ok := parseYear(value)
			if !ok {
				return bad(ExpectYear)
			}
			doc.Year = y
		case "nomenclature":
			doc.Nomenclature = parseNomenclature(value)
		case "population":
			n := strings.Join(strings.FieldsFunc(value, func(r rune) bool {
				return r == ' ' || r == '\u00A0' || r == '\u202F'
			}), "")
			p, err := strconv.ParseInt(n, 10, 64)
			if err != nil || p < 0 || !allDigits(n) {
				return bad(ExpectInteger)
			}
			doc.Population = p
		case "siren":
			doc.Authority.SIREN = strings.Join(strings.Fields(value), "")
		case "siret":
			doc.Authority.SIRET = strings.Join(strings.Fields(value), "")
			if s := doc.Authority.SIRET; doc.Authority.SIREN == "" && len(s) >= 9 && allDigits(s[:9]) {
				doc.Authority.SIREN = s[:9]
			}
		case "insee", "code insee":
			doc.Authority.INSEE = strings.TrimSpace(value)
		}
	}
	return nil
}
