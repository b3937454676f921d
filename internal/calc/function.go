package calc

import (
	"strings"

	"github.com/jeu1000/jeu1000/internal/budget"
)

// NonVentilated is the function code of "Opérations non ventilables", shown
// as its own part and never merged into services généraux.
const NonVentilated = "01"

// functionalPrefixes returns the chapter prefixes that a budget voted by
// function puts before a function code, for a norm: M14 uses 90
// (investissement) and 92 (fonctionnement); M52 uses 90, 91 (equipment
// grants) and 93; M57, M71 and the others 90 and 93.
func functionalPrefixes(norm string) []string {
	switch norm {
	case "M14":
		return []string{"90", "92"}
	case "M52":
		return []string{"90", "91", "93"}
	}
	return []string{"90", "93"}
}

// InferVotedByFunction decides, for files without that metadata (SCDL,
// balances), whether most function codes are chapter-prefixed.
func InferVotedByFunction(norm string, lines []budget.Line) bool {
	prefixes := functionalPrefixes(norm)
	var coded, prefixed int
	for i := range lines {
		f := budget.NormalizeFunction(lines[i].Function)
		if f == "" {
			continue
		}
		coded++
		if len(f) >= 3 && hasAnyPrefix(f, prefixes) {
			prefixed++
		}
	}
	return coded > 0 && 2*prefixed > coded
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// StripFunction turns the function code of a line into a plain function code
// of the nomenclature. In a budget voted by function the chapter prefix is
// removed (93020 → 020, 90822 → 822) and the non-ventilated chapters (92x,
// 94x, 95x in M52/M57; 91x, 93x, 94x, 95x in M14) become "01". In a budget
// voted by nature the code is only normalised: 90–96 are genuine functions.
func StripFunction(norm, code string, votedByFunction bool) string {
	f := budget.NormalizeFunction(code)
	if !votedByFunction || len(f) < 2 || f[0] != '9' {
		return f
	}
	prefixes := functionalPrefixes(norm)
	if len(f) >= 3 && hasAnyPrefix(f, prefixes) {
		return f[2:]
	}
	// A 9x chapter code that is not functional: non-ventilated.
	return NonVentilated
}
