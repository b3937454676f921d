package territory

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestRadixSort checks radixSort against a stable comparison sort, with and
// without values, on inputs that skip passes, repeat keys or are short.
func TestRadixSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	gen := func(n int, f func(i int) uint64) []uint64 {
		out := make([]uint64, n)
		for i := range out {
			out[i] = f(i)
		}
		return out
	}
	for _, tc := range []struct {
		name string
		keys []uint64
	}{
		{"empty", nil},
		{"one", []uint64{42}},
		{"short", []uint64{3, 1, 2, 1, 1 << 63, 0}},
		{"random", gen(5000, func(int) uint64 { return rng.Uint64() })},
		{"high bytes only", gen(3000, func(int) uint64 { return rng.Uint64N(50) << 56 })},
		{"few distinct keys", gen(3000, func(int) uint64 { return rng.Uint64N(4) * 0x0101010101 })},
		{"already sorted", gen(1000, func(i int) uint64 { return uint64(i) << 20 })},
		{"reversed", gen(1000, func(i int) uint64 { return uint64(1000-i) << 40 })},
		{"all equal", gen(600, func(int) uint64 { return 7 })},
	} {
		t.Run(tc.name, func(t *testing.T) {
			keys := slices.Clone(tc.keys)
			want := slices.Clone(keys)
			slices.Sort(want)
			radixSort(keys, nil)
			if !slices.Equal(keys, want) {
				t.Fatalf("keys alone: got %v…, want %v…", keys[:min(8, len(keys))], want[:min(8, len(want))])
			}
			type pair struct {
				k uint64
				v int32
			}
			pairs := make([]pair, len(tc.keys))
			keys = slices.Clone(tc.keys)
			vals := make([]int32, len(keys))
			for i, k := range keys {
				vals[i] = int32(i)
				pairs[i] = pair{k, int32(i)}
			}
			slices.SortStableFunc(pairs, func(a, b pair) int { return cmp.Compare(a.k, b.k) })
			radixSort(keys, vals)
			for i, p := range pairs {
				if keys[i] != p.k || vals[i] != p.v {
					t.Fatalf("with values, at %d: got (%d, %d), want (%d, %d)", i, keys[i], vals[i], p.k, p.v)
				}
			}
		})
	}
}
