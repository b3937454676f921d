package territory

import (
	"cmp"
	"slices"
)

// SearchReference is a slow reference for Searcher.Search: every entry's
// level computed in full, then sorted. Tests compare the two.
func SearchReference(s *Searcher, query string, limit int) []int {
	if limit <= 0 {
		return nil
	}
	q := prepare(query)
	if len(q.variants) == 0 && q.code == "" {
		return nil
	}
	codeTier := map[int32]int{}
	for _, c := range s.codeAt {
		if s.str(c.code) == q.code {
			if old, ok := codeTier[c.entry]; !ok || int(c.tier) < old {
				codeTier[c.entry] = int(c.tier)
			}
		}
	}
	type hit struct{ tier, rank int }
	var hits []hit
	for e := range s.keys {
		t := numTiers
		if ct, ok := codeTier[int32(e)]; ok {
			t = ct
		}
		t = min(t, s.tier(int32(e), &q, numTiers-1))
		if t < numTiers {
			hits = append(hits, hit{t, int(s.rank[e])})
		}
	}
	slices.SortFunc(hits, func(a, b hit) int { return cmp.Or(cmp.Compare(a.tier, b.tier), cmp.Compare(a.rank, b.rank)) })
	out := []int{}
	for _, h := range hits {
		if len(out) == limit {
			break
		}
		out = append(out, int(s.order[h.rank]))
	}
	return out
}
