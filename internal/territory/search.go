package territory

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Searcher is an instant-search index over a list of authorities: name
// (with or without accents, hyphens or apostrophes), INSEE code, postal code
// and SIREN. It is immutable and safe for concurrent use.
//
// Ranking, best first:
//
//  1. exact code: INSEE code of a commune or département, SIREN, postal
//     code ("93048", "93", "219300480", "93100");
//  2. folded name equal to the query ("paris" → Paris before Parisot; every
//     commune can be found by its full name, even the tiny "Mont" before
//     Montpellier);
//  3. name starting with the query ("bord" → Bordeaux);
//  4. a word of the name starting with the query ("etienne" → Saint-Étienne);
//  5. code prefix (INSEE code, SIREN or postal code starting with the query,
//     "930" → the communes of Seine-Saint-Denis);
//  6. exact région code ("11" → Aude first, Île-de-France after the
//     communes of the Aude: région codes are little known);
//  7. every word of the query starting a word of the name, in any order, or
//     equal to the département code or starting the INSEE or a postal code
//     ("montreuil 93", "grand paris metropole");
//  8. name containing the query anywhere.
//
// Within a level, bigger places come first ("saint" → Saint-Étienne,
// Saint-Denis, Saint-Paul…), then names, kinds and codes. A commune weighs
// its population; an EPCI, EPT, département or région weighs the population
// of its largest commune, so that it comes right after that commune rather
// than before every town ("bord" → Bordeaux, then Bordeaux Métropole;
// "s" → Strasbourg before Seine-Saint-Denis). A query word "st"
// or "ste" followed by another word (or by a space or hyphen) also matches
// "saint" or "sainte" ("st etienne" → Saint-Étienne); a lone "st" does not,
// so that typing "st" still finds Strasbourg.
type Searcher struct {
	keys   []string   // " " + Fold(name), by entry
	codes  [][]string // INSEE code or SIREN, SIREN, postal codes (upper-case), by entry
	depts  []string   // folded département code, by entry
	order  []int32    // entries by rank: weight desc, key, kind, code
	rank   []int32    // entry → position in order
	exact  map[string][]int32
	region map[string][]int32
}

// Match levels (see Searcher).
const (
	tierCode = iota
	tierName
	tierPrefix
	tierWord
	tierCodePrefix
	tierRegionCode
	tierTokens
	tierSubstring
	numTiers
)

// NewSearcher indexes auths; Search returns indexes into auths.
func NewSearcher(auths []Authority) *Searcher {
	n := len(auths)
	s := &Searcher{
		keys:   make([]string, n),
		codes:  make([][]string, n),
		depts:  make([]string, n),
		order:  make([]int32, n),
		rank:   make([]int32, n),
		exact:  make(map[string][]int32, 2*n),
		region: make(map[string][]int32),
	}
	for i, a := range auths {
		e := int32(i)
		s.keys[i] = " " + Fold(a.Name)
		s.depts[i] = Fold(a.Departement)
		codes := make([]string, 0, 2+len(a.PostalCodes))
		for _, c := range append([]string{a.Code, a.SIREN}, a.PostalCodes...) {
			c = strings.ToUpper(c)
			if c != "" && !slices.Contains(codes, c) {
				codes = append(codes, c)
			}
		}
		s.codes[i] = codes
		for _, c := range codes {
			if a.Kind == Region && c == strings.ToUpper(a.Code) {
				s.region[c] = append(s.region[c], e)
			} else {
				s.exact[c] = appendUnique(s.exact[c], e)
			}
		}
		s.order[i] = e
	}
	weight := weights(auths)
	slices.SortFunc(s.order, func(x, y int32) int {
		a, b := &auths[x], &auths[y]
		return cmp.Or(
			cmp.Compare(weight[y], weight[x]),
			strings.Compare(s.keys[x], s.keys[y]),
			cmp.Compare(a.Kind, b.Kind),
			strings.Compare(a.Code, b.Code),
			cmp.Compare(x, y),
		)
	})
	for r, e := range s.order {
		s.rank[e] = int32(r)
	}
	return s
}

// weights returns the ranking weight of each authority: a commune's
// population, or the population of the largest commune of an EPCI, EPT,
// département or région (its own population when it has no commune in
// auths).
func weights(auths []Authority) []int64 {
	largest := make(map[key]int64)
	bump := func(k Kind, code string, pop int64) {
		if code != "" {
			kk := key{k, code}
			largest[kk] = max(largest[kk], pop)
		}
	}
	for _, a := range auths {
		if a.Kind == Commune {
			bump(EPCI, a.EPCI, a.Population)
			bump(EPT, a.EPT, a.Population)
			bump(Departement, a.Departement, a.Population)
			bump(Region, a.Region, a.Population)
		}
	}
	w := make([]int64, len(auths))
	for i, a := range auths {
		w[i] = a.Population
		if m, ok := largest[key{a.Kind, a.Code}]; ok && a.Kind != Commune {
			w[i] = m
		}
	}
	return w
}

func appendUnique(list []int32, e int32) []int32 {
	if len(list) > 0 && list[len(list)-1] == e {
		return list
	}
	return append(list, e)
}

// Len returns the number of indexed authorities.
func (s *Searcher) Len() int { return len(s.keys) }

// query is a prepared search query.
type query struct {
	variants []variant // folded query, then with "st"/"ste" expanded
	code     string    // upper-case code query ("2A004", "93100"), or ""
}

type variant struct {
	plain  string   // "saint etienne"
	spaced string   // " saint etienne"
	tokens []string // " saint", " etienne" (only when more than one word)
}

func prepare(raw string) query {
	var q query
	folded := Fold(raw)
	if folded != "" {
		q.variants = append(q.variants, newVariant(folded))
		if exp := expandSaint(folded, endsWithSeparator(raw)); exp != folded {
			q.variants = append(q.variants, newVariant(exp))
		}
	}
	q.code = codeQuery(raw)
	return q
}

func newVariant(v string) variant {
	out := variant{plain: v, spaced: " " + v}
	if words := strings.Fields(v); len(words) > 1 {
		for _, w := range words {
			out.tokens = append(out.tokens, " "+w)
		}
	}
	return out
}

// expandSaint rewrites the words "st" and "ste" as "saint" and "sainte",
// except a last word still being typed.
func expandSaint(folded string, complete bool) string {
	words := strings.Split(folded, " ")
	changed := false
	for i, w := range words {
		if i == len(words)-1 && !complete {
			break
		}
		switch w {
		case "st":
			words[i], changed = "saint", true
		case "ste":
			words[i], changed = "sainte", true
		}
	}
	if !changed {
		return folded
	}
	return strings.Join(words, " ")
}

// endsWithSeparator reports whether the raw query ends with a character
// that is neither a letter nor a digit: its last word is complete.
func endsWithSeparator(raw string) bool {
	r, _ := utf8.DecodeLastRuneInString(raw)
	return raw != "" && !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r)
}

// codeQuery returns the query as a code (digits, or a Corsican "2A"/"2B"
// prefix; spaces and dots ignored, upper-cased), or "" when it is not one.
func codeQuery(raw string) string {
	var b strings.Builder
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch {
		case c == ' ' || c == '.' || c == '\t':
			continue
		case '0' <= c && c <= '9':
		case (c == 'a' || c == 'b' || c == 'A' || c == 'B') && b.Len() == 1 && b.String() == "2":
			c &^= 0x20
		default:
			return ""
		}
		if b.Len() >= 14 {
			return ""
		}
		b.WriteByte(c)
	}
	return b.String()
}

// Search returns the indexes (into the slice given to NewSearcher) of at
// most limit authorities matching query, best first. It returns nil when
// limit ≤ 0 or the query has no letter or digit.
func (s *Searcher) Search(query string, limit int) []int {
	if limit <= 0 {
		return nil
	}
	q := prepare(query)
	if len(q.variants) == 0 && q.code == "" {
		return nil
	}
	var buckets [numTiers][]int32
	var seen map[int32]bool
	if q.code != "" {
		for t, m := range []map[string][]int32{tierCode: s.exact, tierRegionCode: s.region} {
			hits := slices.Clone(m[q.code])
			slices.SortFunc(hits, func(x, y int32) int { return cmp.Compare(s.rank[x], s.rank[y]) })
			for _, e := range hits {
				if seen == nil {
					seen = make(map[int32]bool)
				}
				if !seen[e] {
					seen[e] = true
					buckets[t] = append(buckets[t], e)
				}
			}
		}
	}
	// maxTier is the worst level that can still make the first limit
	// results: entries are visited best-ranked first, so once the levels up
	// to t hold limit entries, nothing at level t or worse can get in.
	maxTier := func() int {
		n := 0
		for t := range numTiers {
			n += len(buckets[t])
			if n >= limit {
				return t - 1
			}
		}
		return numTiers - 1
	}
	top := maxTier()
	for _, e := range s.order {
		if top < tierName {
			break
		}
		t := s.tier(e, &q, top)
		if t > top || seen[e] {
			continue
		}
		buckets[t] = append(buckets[t], e)
		top = maxTier()
	}
	out := make([]int, 0, min(limit, 64))
	for _, b := range buckets {
		for _, e := range b {
			if len(out) == limit {
				return out
			}
			out = append(out, int(e))
		}
	}
	return out
}

// tier returns the match level of entry e (numTiers when it does not
// match), skipping the checks for levels worse than top.
func (s *Searcher) tier(e int32, q *query, top int) int {
	key := s.keys[e]
	best := numTiers
	for i := range q.variants {
		v := &q.variants[i]
		if top < tierWord {
			if strings.HasPrefix(key, v.spaced) {
				if len(key) == len(v.spaced) {
					return tierName
				}
				best = min(best, tierPrefix)
			}
			continue
		}
		switch p := strings.Index(key, v.spaced); {
		case p == 0 && len(key) == len(v.spaced):
			return tierName
		case p == 0:
			best = min(best, tierPrefix)
		case p > 0:
			best = min(best, tierWord)
		}
	}
	if best < numTiers || top < tierCodePrefix {
		return best
	}
	if q.code != "" {
		for _, c := range s.codes[e] {
			if strings.HasPrefix(c, q.code) {
				return tierCodePrefix
			}
		}
	}
	if top < tierTokens {
		return best
	}
	for i := range q.variants {
		if v := &q.variants[i]; v.tokens != nil && s.tokensMatch(e, key, v.tokens) {
			return tierTokens
		}
	}
	if top < tierSubstring {
		return best
	}
	for i := range q.variants {
		if strings.Contains(key, q.variants[i].plain) {
			return tierSubstring
		}
	}
	return best
}

// tokensMatch reports whether every token (" word") starts a word of key,
// equals the entry's département code or starts its INSEE code or one of
// its postal codes.
func (s *Searcher) tokensMatch(e int32, key string, tokens []string) bool {
	for _, t := range tokens {
		if strings.Contains(key, t) {
			continue
		}
		w := t[1:]
		if w == s.depts[e] {
			continue
		}
		if w[0] < '0' || w[0] > '9' {
			return false
		}
		found := false
		for _, c := range s.codes[e] {
			if len(c) == 5 && strings.HasPrefix(c, w) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}
