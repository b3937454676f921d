package reader

import (
	_ "embed"
	"slices"
	"strconv"
	"strings"

	"github.com/jeu1000/jeu1000/internal/budget"
	"github.com/jeu1000/jeu1000/internal/excerpt"
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

// TemplateColumn is a column of the template, as the reader knows it and
// as the page explains it to users.
type TemplateColumn struct {
	Name     string   `json:"name"`     // as the example's header writes it
	Names    []string `json:"names"`    // every header recognised (folded: lower case, no accents)
	Required bool     `json:"required"` // the file is refused without it
	Help     string   `json:"help"`     // what it holds, in French
}

// TemplateKey is a "# key: value" description line of the template.
type TemplateKey struct {
	Key     string   `json:"key"`
	Names   []string `json:"names"` // every spelling recognised (folded)
	Help    string   `json:"help"`  // in French
	Example string   `json:"example"`
}

// Template is the template's definition: what the reader accepts, with a
// complete example file. The page offers it for download and explains it
// from this, never from a copy.
type Template struct {
	FileName string           `json:"file_name"`
	Example  string           `json:"example"` // a complete template file (CSV)
	Columns  []TemplateColumn `json:"columns"`
	Keys     []TemplateKey    `json:"keys"`
	Rules    []string         `json:"rules"` // how cells and files are read, in French
}

// templateColumns is the definition of the columns, by column index.
var templateColumns = [numTemplateColumns]TemplateColumn{
	tplSection: {"section", []string{"section"}, true,
		"F ou fonctionnement, I ou investissement."},
	tplFunction: {"fonction", []string{"fonction", "function", "code fonction", "function code"}, true,
		"le code fonction de la nomenclature (M57 : 212 écoles primaires, 4221 crèches…), jamais précédé du chapitre (212, pas 90212) ; points, tirets et espaces sont ignorés (2.12 = 212) ; vide pour un montant sans fonction ; 01 : opérations non ventilables (intérêts, reversements)."},
	tplAmount: {"montant", []string{"montant", "amount"}, true,
		"en euros, virgule ou point décimal, espaces permis entre les milliers (1 250 000 ; 138 500,50) ; un montant négatif est une réduction."},
	tplNature: {"nature", []string{"nature", "compte", "account", "code nature"}, false,
		"le compte (6042, 64111, 2313…) : avec lui, les règles habituelles s'appliquent (classe 6, classe 2 sauf 26 et 27, chapitre 014) ; sans lui, chaque ligne compte."},
	tplLabel: {"libelle", []string{"libelle", "label", "intitule"}, false,
		"texte libre, montré dans la liste des lignes de chaque part."},
	tplDirection: {"sens", []string{"sens", "direction"}, false,
		"D ou dépense (par défaut), R ou recette : une recette est lue mais ne compte jamais dans les 1 000 €."},
}

// Template description keys.
const (
	tplKeyAuthority = iota
	tplKeyBudget
	tplKeyYear
	tplKeyNomenclature
	tplKeyPopulation
	tplKeySIREN
	tplKeySIRET
	tplKeyINSEE
	numTemplateKeys
)

// templateKeys is the definition of the description lines, by key index.
var templateKeys = [numTemplateKeys]TemplateKey{
	tplKeyAuthority:    {"collectivite", []string{"collectivite", "authority", "nom", "name"}, "le nom de la collectivité", "Commune de Saint-Exemple"},
	tplKeyBudget:       {"budget", []string{"budget"}, "quel budget", "budget principal"},
	tplKeyYear:         {"annee", []string{"annee", "year", "exercice"}, "l'année du budget", "2025"},
	tplKeyNomenclature: {"nomenclature", []string{"nomenclature"}, "le plan de comptes : M57, M57_A (abrégée), M14, M52, M71… ; sans elle, déduite des codes fonction", "M57"},
	tplKeyPopulation:   {"population", []string{"population"}, "la population totale (INSEE), pour les montants par habitant", "12 345"},
	tplKeySIREN:        {"siren", []string{"siren"}, "le SIREN, pour retrouver la collectivité dans les données intégrées", "210000000"},
	tplKeySIRET:        {"siret", []string{"siret"}, "le SIRET (son SIREN en est tiré)", "21000000000019"},
	tplKeyINSEE:        {"insee", []string{"insee", "code insee"}, "le code INSEE de la commune", "56046"},
}

// templateRules say how the reader reads a template file, in French.
var templateRules = []string{
	"Une ligne par montant ; les colonnes peuvent être dans n'importe quel ordre, en français ou en anglais, en majuscules ou non, avec ou sans accents ; les autres colonnes sont ignorées.",
	"Séparateur point-virgule (ce qu'écrivent les tableurs français), virgule ou tabulation ; encodage UTF-8 ou Windows-1252 (ce qu'écrit Excel).",
	"Chaque ligne est une opération réelle et son montant est lu comme le montant voté d'un projet de budget.",
	"Les lignes vides et celles qui commencent par # sont ignorées ; les lignes « # clé : valeur » avant l'en-tête décrivent le budget.",
	"Gardez les codes fonction en texte dans le tableur, pour que les zéros du début restent (020, pas 20).",
}

// exampleTemplate is the complete example offered to users; a test keeps
// it identical to the example of TEMPLATE.md.
//
//go:embed testdata/template/example.csv
var exampleTemplate string

// TemplateFormat returns the template's definition, with its example.
func TemplateFormat() Template {
	return Template{
		FileName: "modele-brouillon.csv",
		Example:  exampleTemplate,
		Columns:  slices.Clone(templateColumns[:]),
		Keys:     slices.Clone(templateKeys[:]),
		Rules:    slices.Clone(templateRules),
	}
}

// templateCanon returns the canonical (gocsv) name of template column c.
func templateCanon(c int) string {
	return strings.ToUpper(templateColumns[c].Name)
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
	for c := range templateColumns {
		if slices.Contains(templateColumns[c].Names, f) {
			return c, true
		}
	}
	return 0, false
}

// templateKey recognises a description key (folded).
func templateKey(key string) (int, bool) {
	for k := range templateKeys {
		if slices.Contains(templateKeys[k].Names, key) {
			return k, true
		}
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
func readTemplate(name string, data []byte, sheet *Sheet) (*budget.Document, error) {
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
	fnCol := slices.Index(t.canon, templateCanon(tplFunction))
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
		if line.Function != "" && sheet.IsNumber(pos, fnCol) {
			doc.NumberCodes = append(doc.NumberCodes, budget.NumberCode{Index: len(doc.Lines) - 1, Field: t.header[fnCol]})
		}
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
			return &Error{File: doc.Source, Line: c.line, Field: strings.TrimSpace(key), Expected: expected, Got: excerpt.Of(value)}
		}
		k, ok := templateKey(fold(key))
		if !ok {
			continue
		}
		switch k {
		case tplKeyAuthority:
			doc.Authority.Name = value
		case tplKeyBudget:
			doc.Budget = value
		case tplKeyYear:
			y, ok := parseYear(value)
			if !ok {
				return bad(ExpectYear)
			}
			doc.Year = y
		case tplKeyNomenclature:
			doc.Nomenclature = parseNomenclature(value)
		case tplKeyPopulation:
			n := strings.Join(strings.FieldsFunc(value, func(r rune) bool {
				return r == ' ' || r == '\u00A0' || r == '\u202F'
			}), "")
			p, err := strconv.ParseInt(n, 10, 64)
			if err != nil || p < 0 || !allDigits(n) {
				return bad(ExpectInteger)
			}
			doc.Population = p
		case tplKeySIREN:
			doc.Authority.SIREN = strings.Join(strings.Fields(value), "")
		case tplKeySIRET:
			doc.Authority.SIRET = strings.Join(strings.Fields(value), "")
			if s := doc.Authority.SIRET; doc.Authority.SIREN == "" && len(s) >= 9 && allDigits(s[:9]) {
				doc.Authority.SIREN = s[:9]
			}
		case tplKeyINSEE:
			doc.Authority.INSEE = strings.TrimSpace(value)
		}
	}
	return nil
}
