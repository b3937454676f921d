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
//  1. exact code: INSEE code of a commune or département, or SIREN
//     ("93048", "93", "219300480"), then exact postal code ("93100"; a
//     commune whose INSEE code equals the query comes before the communes
//     having it as postal code);
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
	keys   []string           // " " + Fold(name) + " ", by entry
	codes  [][]string         // INSEE code or SIREN, SIREN, postal codes (upper-case), by entry
	depts  []string           // folded département code, by entry
	order  []int32            // entries by rank: weight desc, key, kind, code
	rank   []int32            // entry → position in order
	ids    map[string][]int32 // INSEE code (communes, départements), SIREN → entries by rank
	postal map[string][]int32 // postal code → entries by rank
	region map[string][]int32 // région code → entry
	exact  map[string][]int32 // key → entries by rank
	byKey  []int32            // entries sorted by key, then rank

	// The keys and the codes of all entries in rank order, each entry
	// preceded by sepEntry and each code by sepCode, so that one
	// strings.Index call over less than 1 MB finds the next matching entry
	// in rank order.
	names      string
	nameStarts []int32 // offset of each rank's key in names; then len(names)
	codeBuf    string
	codeStarts []int32
}

const (
	sepEntry = "\x00"
	sepCode  = "\x01"
)

// Match levels (see Searcher).
const (
	tierCode = iota
	tierPostal
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
		ids:    make(map[string][]int32, 2*n),
		postal: make(map[string][]int32, n),
		region: make(map[string][]int32),
		exact:  make(map[string][]int32, n),
	}
	for i, a := range auths {
		s.keys[i] = " " + Fold(a.Name) + " "
		s.depts[i] = Fold(a.Departement)
		codes := make([]string, 0, 2+len(a.PostalCodes))
		for _, c := range append([]string{a.Code, a.SIREN}, a.PostalCodes...) {
			c = strings.ToUpper(c)
			if c != "" && !slices.Contains(codes, c) {
				codes = append(codes, c)
			}
		}
		s.codes[i] = codes
		s.order[i] = int32(i)
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
	var names, codeBuf strings.Builder
	s.nameStarts = make([]int32, n+1)
	s.codeStarts = make([]int32, n+1)
	for r, e := range s.order {
		s.rank[e] = int32(r)
		a := &auths[e]
		for _, c := range s.codes[e] {
			switch {
			case a.Kind == Region && c == strings.ToUpper(a.Code):
				s.region[c] = append(s.region[c], e)
			case c == strings.ToUpper(a.Code) || c == a.SIREN:
				s.ids[c] = appendUnique(s.ids[c], e)
			default:
				s.postal[c] = appendUnique(s.postal[c], e)
			}
		}
		s.exact[s.keys[e]] = append(s.exact[s.keys[e]], e)
		names.WriteString(sepEntry)
		s.nameStarts[r] = int32(names.Len())
		names.WriteString(s.keys[e])
		codeBuf.WriteString(sepEntry)
		s.codeStarts[r] = int32(codeBuf.Len())
		for _, c := range s.codes[e] {
			codeBuf.WriteString(sepCode)
			codeBuf.WriteString(c)
		}
	}
	names.WriteString(sepEntry)
	codeBuf.WriteString(sepEntry)
	s.names, s.codeBuf = names.String(), codeBuf.String()
	s.nameStarts[n], s.codeStarts[n] = int32(len(s.names)), int32(len(s.codeBuf))
	s.byKey = slices.Clone(s.order)
	slices.SortStableFunc(s.byKey, func(x, y int32) int { return strings.Compare(s.keys[x], s.keys[y]) })
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
	spaced string   // " saint etienne", or " saint etienne " when the last word is complete
	exact  string   // " saint etienne "
	tokens []string // " saint", " etienne" (only when more than one word)
}

func prepare(raw string) query {
	var q query
	folded := Fold(raw)
	if folded != "" {
		complete := endsWithSeparator(raw)
		q.variants = append(q.variants, newVariant(folded, complete))
		if exp := expandSaint(folded, complete); exp != folded {
			q.variants = append(q.variants, newVariant(exp, complete))
		}
	}
	q.code = codeQuery(raw)
	return q
}

// newVariant prepares a folded query; when its last word is complete (the
// query ends with a space or hyphen), that word must end a word of the name
// ("paris " finds Paris and Paris Ouest La Défense, not Parisot).
func newVariant(v string, complete bool) variant {
	out := variant{plain: v, spaced: " " + v, exact: " " + v + " "}
	if complete {
		out.spaced = out.exact
	}
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
	h := hits{limit: limit}
	// Levels found by lookup: exact codes, exact names.
	if q.code != "" {
		h.addAll(s.ids[q.code], tierCode)
		h.addAll(s.postal[q.code], tierPostal)
		h.addAll(s.region[q.code], tierRegionCode)
	}
	if len(q.variants) == 1 {
		h.addAll(s.exact[q.variants[0].exact], tierName)
	} else {
		var both []int32
		for i := range q.variants {
			both = append(both, s.exact[q.variants[i].exact]...)
		}
		slices.SortFunc(both, func(x, y int32) int { return cmp.Compare(s.rank[x], s.rank[y]) })
		h.addAll(both, tierName)
	}
	top := h.maxTier()
	last := int32(-1) // the streams have examined every rank up to last
	if top >= tierWord {
		last = s.stream(&q, &h, top)
		top = h.maxTier()
	}
	if top >= tierPrefix {
		s.prefixes(&q, &h, last)
	}
	return h.collect()
}

// hits holds the entries found, by level.
type hits struct {
	limit   int
	buckets [numTiers][]int32
	seen    map[int32]bool
}

// add records entry e at level t, unless already recorded.
func (h *hits) add(e int32, t int) {
	if h.seen[e] {
		return
	}
	if h.seen == nil {
		h.seen = make(map[int32]bool)
	}
	h.seen[e] = true
	h.buckets[t] = append(h.buckets[t], e)
}

// addAll records entries (in rank order) at level t.
func (h *hits) addAll(entries []int32, t int) {
	for _, e := range entries {
		h.add(e, t)
	}
}

// maxTier is the worst level that can still make the first limit results:
// entries are examined best-ranked first, so once the levels up to t hold
// limit entries, nothing at level t or worse can get in.
func (h *hits) maxTier() int {
	n := 0
	for t := range numTiers {
		n += len(h.buckets[t])
		if n >= h.limit {
			return t - 1
		}
	}
	return numTiers - 1
}

// count returns the number of entries at levels up to t.
func (h *hits) count(t int) int {
	n := 0
	for _, b := range h.buckets[:t+1] {
		n += len(b)
	}
	return n
}

// collect concatenates the buckets, best level first, up to limit.
func (h *hits) collect() []int {
	out := make([]int, 0, min(h.limit, 64))
	for _, b := range h.buckets {
		for _, e := range b {
			if len(out) == h.limit {
				return out
			}
			out = append(out, int(e))
		}
	}
	return out
}

// stream examines, in rank order, the entries that can match at the word
// level or worse, while such levels can still get in (top ≥ tierWord). The
// candidates come from streams over the rank-ordered buffers: names
// containing a query variant, codes starting with the code query, names
// holding a word of a multi-word query. Each candidate's level is computed
// in full by tier, so the streams only need to find a superset of the
// entries that can get in. It returns the last rank examined.
func (s *Searcher) stream(q *query, h *hits, top int) int32 {
	var streams []*stream
	nameStreams := len(q.variants)
	for i := range q.variants {
		streams = append(streams, &stream{buf: s.names, starts: s.nameStarts, needle: nameNeedle(&q.variants[i], top)})
	}
	if q.code != "" && top >= tierCodePrefix {
		streams = append(streams, &stream{buf: s.codeBuf, starts: s.codeStarts, needle: sepCode + q.code, minTier: tierCodePrefix})
	}
	for i := range q.variants {
		if v := &q.variants[i]; v.tokens != nil && top >= tierTokens {
			streams = append(streams, &stream{buf: s.names, starts: s.nameStarts, needle: tokenNeedle(v.tokens), minTier: tierTokens})
		}
	}
	for _, st := range streams {
		st.advance()
	}
	last := int32(-1)
	for top >= tierWord {
		r := int32(-1)
		for _, st := range streams {
			if st.next >= 0 && (r < 0 || st.next < r) {
				r = st.next
			}
		}
		if r < 0 {
			return int32(len(s.order)) // all examined
		}
		last = r
		for _, st := range streams {
			if st.next == r {
				st.advance()
			}
		}
		e := s.order[r]
		if h.seen[e] {
			continue
		}
		t := s.tier(e, q, top)
		if t > top {
			continue
		}
		h.add(e, t)
		if newTop := h.maxTier(); newTop != top {
			top = newTop
			for i, st := range streams {
				switch {
				case st.minTier > top:
					st.next = -1
				case i < nameStreams && st.needle != nameNeedle(&q.variants[i], top):
					st.restart(nameNeedle(&q.variants[i], top), r+1)
				}
			}
		}
	}
	return last
}

// prefixes adds the best-ranked entries ranked after last whose name starts
// with a query variant, found by binary search in the sorted keys.
func (s *Searcher) prefixes(q *query, h *hits, last int32) {
	need := h.limit - h.count(tierPrefix)
	var ranks []int32 // the best need ranks found, sorted
	total := 0
	for i := range q.variants {
		lo, hi := s.prefixRange(q.variants[i].spaced)
		total += hi - lo
		for _, e := range s.byKey[lo:hi] {
			r := s.rank[e]
			if r <= last || h.seen[e] {
				continue
			}
			if total <= need { // few enough: keep all, sort below
				ranks = append(ranks, r)
				continue
			}
			if len(ranks) == need && r >= ranks[need-1] {
				continue
			}
			at, dup := slices.BinarySearch(ranks, r)
			if dup {
				continue
			}
			ranks = slices.Insert(ranks, at, r)
			if len(ranks) > need {
				ranks = ranks[:need]
			}
		}
	}
	slices.Sort(ranks)
	ranks = slices.Compact(ranks)
	for _, r := range ranks[:min(len(ranks), need)] {
		h.add(s.order[r], tierPrefix)
	}
}

// prefixRange returns the range of byKey whose keys start with p.
func (s *Searcher) prefixRange(p string) (lo, hi int) {
	lo, _ = slices.BinarySearchFunc(s.byKey, p, func(e int32, p string) int { return strings.Compare(s.keys[e], p) })
	hi, _ = slices.BinarySearchFunc(s.byKey, p+"\xff", func(e int32, p string) int { return strings.Compare(s.keys[e], p) })
	return lo, hi
}

// nameNeedle returns the text to look for in Searcher.names to find every
// entry that can match v at a level from tierWord to top.
func nameNeedle(v *variant, top int) string {
	if top >= tierSubstring {
		return v.plain
	}
	return v.spaced
}

// tokenNeedle returns the text to look for in Searcher.names to find the
// entries whose name can match every token: the longest token starting
// with a letter (a token starting with a digit may match a code instead),
// or the entry separator (every entry) when there is none.
func tokenNeedle(tokens []string) string {
	best := ""
	for _, t := range tokens {
		if c := t[1]; (c < '0' || c > '9') && len(t) > len(best) {
			best = t
		}
	}
	return cmp.Or(best, sepEntry)
}

// stream finds, in rank order, the entries whose text in buf contains
// needle.
type stream struct {
	buf     string
	starts  []int32 // offset of each rank's text in buf, then len(buf)
	needle  string
	minTier int   // the stream stops when no level from minTier can get in
	pos     int   // where to search next
	next    int32 // rank of the pending entry, or -1 when none is left
}

// advance finds the next entry containing needle from pos.
func (st *stream) advance() {
	p := index(st.buf, st.needle, st.pos)
	if p < 0 {
		st.next, st.pos = -1, len(st.buf)
		return
	}
	if strings.HasPrefix(st.needle, sepEntry) {
		p++ // the match starts at the separator before the entry
	}
	r, found := slices.BinarySearch(st.starts, int32(p))
	if !found {
		r--
	}
	if r >= len(st.starts)-1 { // the final separator
		st.next, st.pos = -1, len(st.buf)
		return
	}
	st.next = int32(r)
	st.pos = int(st.starts[r+1]) - 1 // the separator before the next entry
}

// restart searches for a new needle from rank r.
func (st *stream) restart(needle string, r int32) {
	st.needle = needle
	st.pos = int(st.starts[min(int(r), len(st.starts)-1)]) - 1
	st.advance()
}

// index returns the offset of needle in buf at or after from, or -1. A
// needle starting with separators or spaces (frequent bytes, which make
// strings.Index slow) is searched from its first other byte.
func index(buf, needle string, from int) int {
	core := strings.TrimLeft(needle, sepEntry+sepCode+" ")
	k := len(needle) - len(core)
	if core == "" || k == 0 {
		if i := strings.Index(buf[from:], needle); i >= 0 {
			return from + i
		}
		return -1
	}
	for from+k <= len(buf) {
		i := strings.Index(buf[from+k:], core)
		if i < 0 {
			return -1
		}
		p := from + i // candidate start of needle
		if buf[p:p+k] == needle[:k] {
			return p
		}
		from = p + 1
	}
	return -1
}

// tier returns the match level of entry e (numTiers when it does not
// match), skipping the checks for levels worse than top.
func (s *Searcher) tier(e int32, q *query, top int) int {
	key := s.keys[e]
	best := numTiers
	for i := range q.variants {
		v := &q.variants[i]
		if key == v.exact {
			return tierName
		}
		if top < tierWord {
			if strings.HasPrefix(key, v.spaced) {
				best = min(best, tierPrefix)
			}
			continue
		}
		switch p := strings.Index(key, v.spaced); {
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
			if len(c) > len(q.code) && strings.HasPrefix(c, q.code) { // equality: see the maps
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
