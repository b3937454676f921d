package territory

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestSortCodes checks sortCodes, on its packed path and on the other,
// against sorting with the comparison it stands for.
func TestSortCodes(t *testing.T) {
	random := func(n int, alphabet string, maxLen int) [][]string {
		rng := rand.New(rand.NewPCG(3, 4))
		out := make([][]string, n)
		for e := range out {
			for range 1 + rng.IntN(3) {
				b := make([]byte, 1+rng.IntN(maxLen))
				for i := range b {
					b[i] = alphabet[rng.IntN(len(alphabet))]
				}
				if c := string(b); !slices.Contains(out[e], c) {
					out[e] = append(out[e], c)
				}
			}
		}
		return out
	}
	for _, tc := range []struct {
		name  string
		codes [][]string // the codes of each entry, entries in rank order
	}{
		{"empty", nil},
		{"prefixes first, letters after digits", [][]string{{"93048", "93100"}, {"93"}, {"930"}, {"2A004", "20000"}, {"2B"}, {"ZZZZZZZZZ"}, {"0"}}},
		{"equal codes in rank order", [][]string{{"56000"}, {"56000", "56260"}, {"56000"}, {"219300480"}}},
		{"random digits and letters", random(5000, "0123456789AB", 9)},
		{"a code of ten characters", [][]string{{"1234567890"}, {"12"}, {"1"}}},
		{"other characters", [][]string{{"93-048"}, {"93048"}, {"930"}}},
		{"random lower case", random(2000, "09ab", 4)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var refs []codeRef
			rank := make([]int32, len(tc.codes))
			for e, cs := range tc.codes {
				rank[e] = int32(e)
				for _, c := range cs {
					refs = append(refs, codeRef{code: c, entry: int32(e)})
				}
			}
			want := slices.Clone(refs)
			slices.SortFunc(want, func(x, y codeRef) int {
				return cmp.Or(strings.Compare(x.code, y.code), cmp.Compare(rank[x.entry], rank[y.entry]))
			})
			if got := sortCodes(refs, rank); !slices.Equal(got, want) {
				t.Errorf("sortCodes differs from the comparison sort:\n got %v\nwant %v", head(got), head(want))
			}
		})
	}
}

func head(refs []codeRef) []codeRef { return refs[:min(len(refs), 12)] }
