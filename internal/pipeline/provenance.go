package pipeline

import (
	"fmt"
	"strings"

	"github.com/jeu1000/jeu1000/internal/budget"
	"github.com/jeu1000/jeu1000/internal/calc"
	"github.com/jeu1000/jeu1000/internal/dataset"
)

// documentProvenance describes the detailed record rec made from doc.
func documentProvenance(doc *budget.Document, rec *dataset.Record, src Source, popNote string) dataset.Provenance {
	return dataset.Provenance{
		Source:   documentSource(doc, src.Publisher),
		Document: src.Path,
		Method:   documentMethod(doc.Kind, rec),
		Licence:  Licence,
		Note:     joinNotes(popNote, nomenclatureNote(doc, rec), natureOnlyNote(rec), src.Note),
	}
}

// documentSource reads e.g. "Ville de Montreuil, compte administratif 2023
// (TOTEM)" or "DGFiP, balance nature-fonction 2019, budget principal (API
// data.economie.gouv.fr)".
func documentSource(doc *budget.Document, publisher string) string {
	if publisher == "" {
		publisher = doc.Authority.Name
	}
	s := fmt.Sprintf("%s, %s %d", publisher, kindLabel(doc.Kind), doc.Year)
	if doc.Kind == budget.KindBalance && doc.Budget != "" {
		s += ", " + doc.Budget
	}
	if f := formatLabel(doc.Format); f != "" {
		s += " (" + f + ")"
	}
	return s
}

func kindLabel(k budget.Kind) string {
	switch k {
	case budget.KindBP:
		return "budget primitif"
	case budget.KindCA:
		return "compte administratif"
	case budget.KindCFU:
		return "compte financier unique"
	case budget.KindBalance:
		return "balance nature-fonction"
	}
	return string(k)
}

func formatLabel(f budget.Format) string {
	switch f {
	case budget.FormatTOTEM:
		return "TOTEM"
	case budget.FormatCFU:
		return "TOTEM, CFU"
	case budget.FormatSCDL:
		return "SCDL"
	case budget.FormatBalanceJSON:
		return "API data.economie.gouv.fr"
	case budget.FormatBalanceCSV:
		return "fichier national"
	case budget.FormatTable:
		return "tableau, colonnes reconnues"
	}
	return string(f)
}

// documentMethod says which lines and amounts a detailed record keeps:
// those that count under some rule set (calc.Reduce).
func documentMethod(kind budget.Kind, rec *dataset.Record) string {
	m := "dépenses réelles : classes 6 et 2 (hors 26, 27), chapitre 014 ; capital de la dette (16) gardé pour l'option « dette » ; montant " +
		calc.Rules{}.AmountMethod(kind)
	if rar := rarField(kind); rar != "" && hasRAR(rec) {
		m += " ; restes à réaliser " + rar + " gardés pour l'option"
	}
	return m
}

// rarField names the restes à réaliser a record keeps (as figures.Record).
func rarField(kind budget.Kind) string {
	switch kind {
	case budget.KindCA, budget.KindCFU:
		return budget.MtRAR3112.String()
	case budget.KindBP:
		return budget.MtRARPrec.String()
	}
	return ""
}

func hasRAR(rec *dataset.Record) bool {
	for i := range rec.Lines {
		if rec.Lines[i].RAR != 0 {
			return true
		}
	}
	return false
}

func nomenclatureNote(doc *budget.Document, rec *dataset.Record) string {
	if doc.Nomenclature.Norm != "" {
		return ""
	}
	return fmt.Sprintf("Nomenclature déduite des codes du fichier, qui ne la nomme pas : %s.", rec.Nomenclature)
}

func natureOnlyNote(rec *dataset.Record) string {
	for i := range rec.Lines {
		if rec.Lines[i].Function != "" {
			return ""
		}
	}
	return "Pas de codes fonction (présentation fonctionnelle obligatoire à partir de 3 500 habitants) : ventilation par nature seulement."
}

// joinNotes joins the non-empty notes with spaces.
func joinNotes(notes ...string) string {
	var kept []string
	for _, n := range notes {
		if n = strings.TrimSpace(n); n != "" {
			kept = append(kept, n)
		}
	}
	return strings.Join(kept, " ")
}
