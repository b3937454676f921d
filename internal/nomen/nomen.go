// Package nomen gives the official nomenclatures (plans de comptes M14, M52,
// M57, M71…): the function tree with its labels, the chapter and section of
// every account, and the common policy grids that make nomenclatures
// comparable. The tables are generated from the official planDeCompte.xml
// files by cmd/gennomen and embedded; nothing here is typed by hand except the
// documented cross-walk table of the common grid.
package nomen

import "github.com/jeu1000/jeu1000/internal/budget"

// Function is one node of a nomenclature's function tree (RefFonc).
type Function struct {
	Code   string // "212"
	Label  string // official label, "Ecoles primaires"
	Parent string // parent code, "" at level 1
	Level  int    // 1 for "2", 2 for "21", 3 for "212", 4 for M57 "4221"
}

// Chapter is a budget chapter with its section.
type Chapter struct {
	Code    string // "011", "65", "20", "014"
	Label   string
	Section budget.Section
	Type    string // TypeChapitre: "C", "G", "L"…
}

// Account is an account (nature) with the chapter it is voted in.
type Account struct {
	Code  string // "6042"
	Label string
	// RealChapter is the chapter of real spending (the plan's DR), "" if
	// none. An account that has sub-accounts but no DR of its own gets the
	// chapter all its sub-accounts agree on ("7391" → "014").
	RealChapter string
	Leaf        bool // no sub-accounts in the plan
	Deleted     bool // marked deleted (Supprime) but kept by the plan for older documents
}
