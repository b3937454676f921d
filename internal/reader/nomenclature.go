package reader

import (
	"strings"

	"github.com/jeu1000/jeu1000/internal/budget"
)

// parseNomenclature maps a nomenclature as files spell it ("M14", "M57A",
// "M57_A", "m57 abrégée", "M43") to a Nomenclature. Variant names follow the
// plans de comptes (M57_A, M57_D, M57_P, M14_COM_INF500, M43_A…). "M14A"
// (M14 abrégée) is read as M14_COM_INF500, the abridged plan of communes
// under 500 inhabitants: an inference, the DGFiP does not document it.
func parseNomenclature(s string) budget.Nomenclature {
	f := strings.ToUpper(strings.TrimSpace(s))
	f = strings.NewReplacer(" ", "", "-", "_", ".", "").Replace(f)
	for _, suffix := range []string{"ABREGEE", "ABRÉGÉE", "ABREGE", "ABRÉGÉ"} {
		if strings.HasSuffix(f, suffix) {
			f = strings.TrimSuffix(f, suffix) + "A"
			break
		}
	}
	for _, suffix := range []string{"DEVELOPPEE", "DÉVELOPPÉE"} {
		if strings.HasSuffix(f, suffix) {
			f = strings.TrimSuffix(f, suffix) + "D"
			break
		}
	}
	if f == "" {
		return budget.Nomenclature{}
	}
	// Already norm-variant as budget.Nomenclature.String writes it.
	if i := strings.IndexByte(f, '_'); i > 0 && strings.HasPrefix(f[i+1:], f[:i]) {
		f = f[i+1:]
	}
	if f[0] != 'M' {
		return budget.Nomenclature{Norm: f}
	}
	i := 1
	for i < len(f) && f[i] >= '0' && f[i] <= '9' {
		i++
	}
	digits, rest := f[1:i], strings.TrimPrefix(f[i:], "_")
	if digits == "" {
		return budget.Nomenclature{Norm: f}
	}
	norm := "M" + digits
	if len(digits) == 2 && digits[0] == '4' {
		// M41, M43, M49…: variants of the M4 family.
		norm = "M4"
	}
	switch {
	case rest == "":
		if norm == "M4" && digits != "4" {
			return budget.Nomenclature{Norm: norm, Variant: "M" + digits}
		}
		return budget.Nomenclature{Norm: norm}
	case norm == "M14" && rest == "A":
		return budget.Nomenclature{Norm: norm, Variant: "M14_COM_INF500"}
	}
	return budget.Nomenclature{Norm: norm, Variant: "M" + digits + "_" + rest}
}
