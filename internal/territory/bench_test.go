package territory_test

import (
	"testing"

	"github.com/jeu1000/jeu1000/internal/sharedtest"
	"github.com/jeu1000/jeu1000/internal/territory"
)

// BenchmarkBuild reads the npm package (12 MB of JSON) and INSEE's files.
func BenchmarkBuild(b *testing.B) {
	npm, pop := npmDir(b), sharedtest.Path(b, "population")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := territory.Build(npm, pop); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSearch runs instant-search queries of 1, 3 and 8 characters over
// the full set (~36,000 authorities), 10 suggestions each. Target: ≤ 2 ms
// per query natively (the browser's wasm is about 3× slower; the budget
// there is 50 ms per keystroke). "miss" queries match nothing: the whole
// index is scanned at every level.
func BenchmarkSearch(b *testing.B) {
	s := realSet(b)
	se := territory.NewSearcher(s.All())
	for _, bb := range []struct {
		name    string
		queries []string
	}{
		{"len1", []string{"s", "m", "b", "e", "9"}},
		{"len3", []string{"mon", "sai", "bor", "lyo", "930"}},
		{"len8", []string{"montreui", "saint et", "st etien", "bordeaux", "grand pa"}},
		{"miss", []string{"zq", "xyzzyxyz", "qqqqqqqqqqqqq"}},
	} {
		b.Run(bb.name, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				se.Search(bb.queries[i%len(bb.queries)], 10)
				i++
			}
		})
	}
}

// BenchmarkNewSearcher indexes the full set (folding ~36,000 names).
func BenchmarkNewSearcher(b *testing.B) {
	all := realSet(b).All()
	b.ReportAllocs()
	for b.Loop() {
		territory.NewSearcher(all)
	}
}
