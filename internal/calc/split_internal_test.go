package calc

import (
	"math"
	"slices"
	"testing"

	"github.com/jeu1000/jeu1000/internal/budget"
)

// TestSortLargestFirst checks both paths of sortLargestFirst (packed keys,
// and the comparison function for huge amounts) against a stable sort.
func TestSortLargestFirst(t *testing.T) {
	for _, tc := range []struct {
		name    string
		amounts []budget.Amount
	}{
		{"empty", nil},
		{"ties in document order", []budget.Amount{5, 7, 5, -3, 7, 0, 5}},
		{"negative and bounds of the packed path", []budget.Amount{-(1<<42 - 1), 1<<42 - 1, 0, -1, 1, 1<<42 - 1}},
		{"huge amounts", []budget.Amount{1 << 42, 3, math.MaxInt64, math.MinInt64, 3, -(1 << 42)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lines := make([]Kept, len(tc.amounts))
			idx := make([]int, 0, len(lines))
			for i, a := range tc.amounts {
				lines[i].Amount = a
				idx = append(idx, len(lines)-1-i) // given in reverse
			}
			want := slices.Clone(idx)
			slices.Sort(want)
			slices.SortStableFunc(want, func(a, b int) int {
				switch {
				case lines[a].Amount > lines[b].Amount:
					return -1
				case lines[a].Amount < lines[b].Amount:
					return 1
				}
				return 0
			})
			sortLargestFirst(idx, lines)
			if !slices.Equal(idx, want) {
				t.Errorf("sortLargestFirst = %v, want %v", idx, want)
			}
		})
	}
}
