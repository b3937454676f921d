package territory

// Strate is a DGCL population band of communes (ACCOUNTING.md §4), used to find
// a commune's peers.
type Strate struct {
	// Code is a stable identifier: "0-499", "500-1999", …, "100000+".
	Code string
	// Label is the French label: "de 500 à 1 999 habitants".
	Label string
	// Min and Max are the inclusive bounds; Max is -1 for the last band.
	Min, Max int64
}

// Strates returns the nine DGCL bands, smallest first.
func Strates() []Strate {
	return []Strate{
		{"0-499", "moins de 500 habitants", 0, 499},
		{"500-1999", "de 500 à 1 999 habitants", 500, 1999},
		{"2000-3499", "de 2 000 à 3 499 habitants", 2000, 3499},
		{"3500-4999", "de 3 500 à 4 999 habitants", 3500, 4999},
		{"5000-9999", "de 5 000 à 9 999 habitants", 5000, 9999},
		{"10000-19999", "de 10 000 à 19 999 habitants", 10000, 19999},
		{"20000-49999", "de 20 000 à 49 999 habitants", 20000, 49999},
		{"50000-99999", "de 50 000 à 99 999 habitants", 50000, 99999},
		{"100000+", "100 000 habitants et plus", 100000, -1},
	}
}

// StrateOf returns the DGCL band of a commune's population (a negative
// population counts as 0).
func StrateOf(population int64) Strate {
	all := Strates()
	for _, s := range all[:len(all)-1] {
		if population <= s.Max {
			return s
		}
	}
	return all[len(all)-1]
}

// Contains reports whether a population falls in the band.
func (s Strate) Contains(population int64) bool {
	return population >= s.Min && (s.Max < 0 || population <= s.Max)
}
