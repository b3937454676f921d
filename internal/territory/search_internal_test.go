package territory

import (
	"cmp"
	"math/rand/v2"
	"reflect"
	"slices"
	"strconv"
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
			var text []byte
			rank := make([]int32, len(tc.codes))
			for e, cs := range tc.codes {
				rank[e] = int32(e)
				for _, c := range cs {
					sp := span{uint32(len(text)), uint32(len(text) + len(c))}
					text = append(text, c...)
					refs = append(refs, codeRef{code: sp, entry: int32(e)})
				}
			}
			str := func(sp span) string { return string(text[sp.off:sp.end]) }
			want := slices.Clone(refs)
			slices.SortFunc(want, func(x, y codeRef) int {
				return cmp.Or(strings.Compare(str(x.code), str(y.code)), cmp.Compare(rank[x.entry], rank[y.entry]))
			})
			if got := sortCodes(string(text), refs, rank); !slices.Equal(got, want) {
				t.Errorf("sortCodes differs from the comparison sort:\n got %v\nwant %v", head(got), head(want))
			}
		})
	}
}

func head(refs []codeRef) []codeRef { return refs[:min(len(refs), 12)] }

// TestSortOrder checks the packed path of sortOrder and sortByKey against
// sorting with the comparisons they stand for, on authorities with many
// namesakes of the same size (ties broken by kind, then code).
func TestSortOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	names := []string{"Saint-Denis", "Sainte-Marie", "Mont", "Montreuil", "Bourg", "Vannes", "Le Mans"}
	random := func(n int, maxPop int64) []Authority {
		auths := make([]Authority, n)
		for i := range auths {
			auths[i] = Authority{
				Kind:       Kind(1 + rng.IntN(4)),
				Code:       string(rune('0'+rng.IntN(10))) + string(rune('A'+rng.IntN(3))),
				Name:       names[rng.IntN(len(names))],
				Population: rng.Int64N(maxPop),
			}
		}
		return auths
	}
	for _, tc := range []struct {
		name  string
		auths []Authority
	}{
		{"empty", nil},
		{"namesakes of equal size", random(3000, 3)},
		{"spread sizes", random(3000, 100000)},
		{"weights beyond the packed range", random(500, 1<<40)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			keys := make([]string, len(tc.auths))
			for i, a := range tc.auths {
				keys[i] = " " + Fold(a.Name) + " "
			}
			weight := weights(tc.auths)
			keyRank := rankKeys(len(keys), func(i int) string { return keys[i] })
			for x := range keys {
				for _, y := range []int{0, len(keys) / 2, len(keys) - 1} {
					if got, want := cmp.Compare(keyRank[x], keyRank[y]), strings.Compare(keys[x], keys[y]); got != want {
						t.Fatalf("rankKeys: %q vs %q gives %d, want %d", keys[x], keys[y], got, want)
					}
				}
			}
			want := make([]int32, len(tc.auths))
			for i := range want {
				want[i] = int32(i)
			}
			slices.SortFunc(want, func(x, y int32) int {
				a, b := &tc.auths[x], &tc.auths[y]
				return cmp.Or(cmp.Compare(weight[y], weight[x]), strings.Compare(keys[x], keys[y]),
					cmp.Compare(a.Kind, b.Kind), strings.Compare(a.Code, b.Code), cmp.Compare(x, y))
			})
			order := sortOrder(tc.auths, weight, keyRank)
			if !slices.Equal(order, want) {
				t.Fatalf("sortOrder differs from the comparison sort:\n got %v\nwant %v", order[:min(len(order), 12)], want[:min(len(want), 12)])
			}
			rank := make([]int32, len(order))
			for r, e := range order {
				rank[e] = int32(r)
			}
			wantByKey := slices.Clone(order)
			slices.SortFunc(wantByKey, func(x, y int32) int {
				return cmp.Or(strings.Compare(keys[x], keys[y]), cmp.Compare(rank[x], rank[y]))
			})
			if got := sortByKey(order, rank, keyRank); !slices.Equal(got, wantByKey) {
				t.Fatalf("sortByKey differs from the comparison sort")
			}
		})
	}
}

// TestBuildSearcherPauses checks that BuildSearcher pauses along the way
// and builds the same searcher as NewSearcher.
func TestBuildSearcherPauses(t *testing.T) {
	auths := make([]Authority, 3*pauseEvery)
	for i := range auths {
		auths[i] = Authority{Kind: Commune, Code: strconv.Itoa(10000 + i), Name: "Commune " + strconv.Itoa(i%500), Population: int64(i % 7)}
	}
	pauses := 0
	got := BuildSearcher(auths, func() { pauses++ })
	if pauses < 6 {
		t.Errorf("BuildSearcher paused %d times over %d authorities", pauses, len(auths))
	}
	if want := NewSearcher(auths); !reflect.DeepEqual(got, want) {
		t.Error("BuildSearcher with pauses differs from NewSearcher")
	}
}

// TestRankKeys checks rankKeys against comparing the strings, on keys that
// share long prefixes, are prefixes of one another or are equal.
func TestRankKeys(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	words := []string{"saint", "sainte", "sa", "s", "marie", "martin", "la", "chapelle", "en", "", "z"}
	keys := make([]string, 400)
	for i := range keys {
		var b strings.Builder
		for range 1 + rng.IntN(4) {
			b.WriteString(words[rng.IntN(len(words))])
			b.WriteByte(' ')
		}
		keys[i] = " " + b.String()
	}
	rank := rankKeys(len(keys), func(i int) string { return keys[i] })
	for x := range keys {
		for y := range keys {
			if got, want := cmp.Compare(rank[x], rank[y]), strings.Compare(keys[x], keys[y]); got != want {
				t.Fatalf("rankKeys: %q vs %q gives %d, want %d", keys[x], keys[y], got, want)
			}
		}
	}
}

// TestWeights checks that an EPCI, EPT, département or région weighs its
// largest commune, on codes that pack into integers and on others.
func TestWeights(t *testing.T) {
	auths := []Authority{
		{Kind: Commune, Code: "93048", EPCI: "200054781", EPT: "200057875", Departement: "93", Region: "11", Population: 110000},
		{Kind: Commune, Code: "93066", EPCI: "200054781", EPT: "200057875", Departement: "93", Region: "11", Population: 150000},
		{Kind: Commune, Code: "2A004", EPCI: "200006682", Departement: "2A", Region: "94", Population: 70000},
		{Kind: Commune, Code: "x1", EPCI: "epci-x", Departement: "93", Population: 5},
		{Kind: EPCI, Code: "200054781", Population: 7000000},
		{Kind: EPT, Code: "200057875", Population: 400000},
		{Kind: Departement, Code: "93", Population: 1600000},
		{Kind: Departement, Code: "2A", Population: 160000},
		{Kind: Region, Code: "11", Population: 12000000},
		{Kind: EPCI, Code: "epci-x", Population: 9},     // a code that does not pack
		{Kind: EPCI, Code: "200000000", Population: 42}, // no commune: its own population
		{Kind: Region, Code: "93", Population: 3},       // same code as a département, other kind
	}
	want := []int64{110000, 150000, 70000, 5, 150000, 150000, 150000, 70000, 150000, 5, 42, 3}
	if got := weights(auths); !slices.Equal(got, want) {
		t.Errorf("weights = %v, want %v", got, want)
	}
}
