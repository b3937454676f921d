package reader

import (
	"errors"
	"fmt"
	"strings"

	"github.com/jeu1000/jeu1000/internal/budget"
	"github.com/jeu1000/jeu1000/internal/excerpt"
)

// Error is a problem found in an input file. It says where (file, line,
// column or field) and what was expected, in English (Error) and in French
// for the UI (French).
type Error struct {
	File     string // file name as given by the user
	Line     int    // 1-based line number; 0 when unknown
	Column   int    // 1-based column (byte offset in the line); 0 when unknown
	Field    string // field, column header or XML element concerned; "" when none
	Expected string // what was expected, in English ("an amount such as 1234.56")
	Got      string // the offending text, possibly shortened (an excerpt is shown); "" when none
	Err      error  // underlying cause, may be nil
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
		if e.Column > 0 {
			fmt.Fprintf(&b, ":%d", e.Column)
		}
	}
	b.WriteString(": ")
	if e.Field != "" {
		fmt.Fprintf(&b, "field %s: ", excerpt.Of(e.Field))
	}
	switch {
	case e.Expected != "" && e.Got != "":
		fmt.Fprintf(&b, "expected %s, got %s", e.Expected, excerpt.Quote(e.Got))
	case e.Expected != "":
		fmt.Fprintf(&b, "expected %s", e.Expected)
	case e.Got != "":
		fmt.Fprintf(&b, "unexpected %s", excerpt.Quote(e.Got))
	}
	if e.Err != nil {
		if e.Expected != "" || e.Got != "" {
			b.WriteString(": ")
		}
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// French renders the error for the UI, e.g.
// « budget.csv, ligne 12, champ BGT_MTREAL : montant attendu (ex. 1234,56), trouvé « 12a ». »
func (e *Error) French() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ", ligne %d", e.Line)
		if e.Column > 0 {
			fmt.Fprintf(&b, ", colonne %d", e.Column)
		}
	}
	if e.Field != "" {
		fmt.Fprintf(&b, ", champ %s", excerpt.Of(e.Field))
	}
	b.WriteString(" : ")
	if errors.Is(e.Err, budget.ErrTooLarge) {
		b.WriteString("montant hors de portée (" + budget.TooLargeFrench + ")")
	} else if fr, ok := frenchExpected[e.Expected]; ok {
		b.WriteString(fr)
	} else if e.Expected != "" {
		b.WriteString("valeur attendue : " + e.Expected)
	} else {
		b.WriteString("contenu invalide")
	}
	if e.Got != "" {
		fmt.Fprintf(&b, ", trouvé « %s »", excerpt.Of(e.Got))
	}
	b.WriteString(".")
	return b.String()
}

// Expected values used by the readers, with their French rendering. Readers
// should use these constants so that the UI can translate them.
const (
	ExpectAmount    = "an amount such as 1234.56"
	ExpectDirection = "D or R (dépense/recette)"
	ExpectOperation = "0 or 1 (réel/ordre)"
	ExpectSection   = "F or I (fonctionnement/investissement)"
	ExpectYear      = "a year such as 2023"
	ExpectColumn    = "a column header"
	ExpectXML       = "well-formed XML"
	ExpectFormat    = "a TOTEM XML, SCDL CSV, DGFiP balance or template CSV file, or a table (CSV, XLSX, ODS) with an amount column and an account or function column"
	ExpectLine      = "a budget line"
	ExpectNature    = "an account number such as 6042"
	ExpectFunction  = "a function code such as 212"
	ExpectInteger   = "a whole number"
	ExpectValue     = "a value"
	ExpectChapter   = "a chapter code such as 011"
	ExpectOnce      = "each element only once in a LigneBudget"
	ExpectOneBudget = "a single Budget in a DocumentBudgetaire"

	ExpectCSV          = "well-formed CSV (check the quotes)"
	ExpectJSON         = "well-formed JSON with balance records"
	ExpectFieldCount   = "no more fields than the header has columns"
	ExpectUniqueColumn = "each column only once"
	ExpectSameValue    = "the same value on every line"
	ExpectNatDec       = "a document type such as budget primitif, compte administratif or 09"
	ExpectIdent        = "a single authority: choose one by its SIRET, SIREN or INSEE code"
	ExpectKnownIdent   = "the SIRET, SIREN or INSEE code of an authority present in the file"

	// Limits of the national balance stream (internal/national).
	ExpectShortLine    = "a line of plausible length (the limit on a line's bytes is exceeded)"
	ExpectFewColumns   = "a plausible number of columns (at most 500)"
	ExpectShortValue   = "a value of plausible length (at most 64 KB)"
	ExpectSmallBudget  = "a budget of plausible size (the limit on a budget's rows is exceeded)"
	ExpectFewBudgets   = "a plausible number of budgets (the limit on budgets is exceeded)"
	ExpectSmallZip     = "a zip entry of plausible size and compression ratio"
	ExpectNomenclature = "a known nomenclature such as M14 or M57"
	ExpectSensibleRows = "rows that make sense (most rows were rejected)"
)

var frenchExpected = map[string]string{
	ExpectAmount:    "montant attendu (ex. 1234,56)",
	ExpectDirection: "sens attendu : dépense (D) ou recette (R)",
	ExpectOperation: "type d'opération attendu : réel (0) ou ordre (1)",
	ExpectSection:   "section attendue : fonctionnement (F) ou investissement (I)",
	ExpectYear:      "année attendue (ex. 2023)",
	ExpectColumn:    "en-tête de colonne attendu",
	ExpectXML:       "XML mal formé",
	ExpectFormat:    "format non reconnu : fichier TOTEM XML, CSV SCDL, balance DGFiP ou modèle CSV attendu, ou tableau (CSV, XLSX, ODS) avec une colonne de montants et une colonne de comptes ou de fonctions",
	ExpectLine:      "ligne budgétaire attendue",
	ExpectNature:    "compte par nature attendu (ex. 6042)",
	ExpectFunction:  "code fonction attendu (ex. 212)",
	ExpectInteger:   "nombre entier attendu",
	ExpectValue:     "valeur attendue",
	ExpectChapter:   "code de chapitre attendu (ex. 011)",
	ExpectOnce:      "chaque élément une seule fois par ligne budgétaire",
	ExpectOneBudget: "un seul budget par document budgétaire (deux budgets ne s'additionnent pas)",

	ExpectCSV:          "CSV mal formé (vérifier les guillemets)",
	ExpectJSON:         "JSON mal formé ou sans enregistrements de balance",
	ExpectFieldCount:   "pas plus de champs que de colonnes dans l'en-tête",
	ExpectUniqueColumn: "chaque colonne une seule fois",
	ExpectSameValue:    "la même valeur sur toutes les lignes",
	ExpectNatDec:       "type de document attendu (budget primitif, compte administratif, 09…)",
	ExpectIdent:        "une seule collectivité : la choisir par son SIRET, son SIREN ou son code INSEE",
	ExpectKnownIdent:   "SIRET, SIREN ou code INSEE d'une collectivité présente dans le fichier",

	ExpectShortLine:    "ligne de longueur plausible attendue (limite d'octets par ligne dépassée)",
	ExpectFewColumns:   "nombre de colonnes plausible attendu (500 au plus)",
	ExpectShortValue:   "valeur de longueur plausible attendue (64 Ko au plus)",
	ExpectSmallBudget:  "budget de taille plausible attendu (limite de lignes par budget dépassée)",
	ExpectFewBudgets:   "nombre de budgets plausible attendu (limite du nombre de budgets dépassée)",
	ExpectSmallZip:     "archive zip de taille et de taux de compression plausibles attendue",
	ExpectNomenclature: "nomenclature connue attendue (ex. M14, M57)",
	ExpectSensibleRows: "des lignes qui ont un sens (la plupart des lignes ont été rejetées)",

	// Spreadsheets and mapped tables (sheet.go, table.go).
	ExpectSmallSheet:  "feuille de taille plausible attendue (limite de lignes, de colonnes ou de cellules dépassée)",
	ExpectSpreadsheet: "classeur XLSX ou ODS attendu",
	ExpectSheet:       "nom d'une feuille du classeur attendu",
	ExpectFileYear:    "une année que le fichier contient",
	ExpectMapping:     "tableau dont on reconnaît les colonnes : un montant et un compte (nature) ou une fonction ; indiquer les colonnes à la main",
}

// AsError returns the *Error inside err, if any.
func AsError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}
