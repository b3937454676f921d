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
//
// Search looks exact codes and names up by binary search, then scans the entries in
// rank order, filtered by masks of the bytes and byte pairs of their names,
// until the first results are settled, and finds the remaining name
// prefixes by binary search in the sorted names: a few hundred microseconds
// per query natively over the 36,000 authorities, whatever the query.
//
// Its texts are spans of one string and the rest integers: the garbage
// collector, which scans the Searcher at every cycle as long as the page
// lives, has a handful of pointers to follow instead of hundreds of
// thousands (a full collection in wasm: 30 → a few ms).
type Searcher struct {
	text      string    // the keys, codes and départements below, one after the other
	keys      []span    // " " + Fold(name) + " ", by entry
	codeStart []uint32  // entry e's codes are codes[codeStart[e]:codeStart[e+1]]
	codes     []span    // INSEE code or SIREN, SIREN, postal codes (upper-case)
	depts     []span    // folded département code, by entry
	order     []int32   // entries by rank: weight desc, key, kind, code
	rank      []int32   // entry → position in order
	byKey     []int32   // entries sorted by key, then rank
	masks     []mask    // by rank: the characters and pairs of characters of the key
	codeAt    []codeRef // every code of every entry, sorted by code, then rank
}

// span is text[off:end] of a Searcher.
type span struct{ off, end uint32 }

// codeRef is one code (INSEE, SIREN or postal) of an entry.
type codeRef struct {
	code  span
	entry int32
	tier  uint8 // level of an exact match: tierCode, tierPostal or tierRegionCode
}

func (s *Searcher) str(sp span) string     { return s.text[sp.off:sp.end] }
func (s *Searcher) key(e int32) string     { return s.str(s.keys[e]) }
func (s *Searcher) dept(e int32) string    { return s.str(s.depts[e]) }
func (s *Searcher) codesOf(e int32) []span { return s.codes[s.codeStart[e]:s.codeStart[e+1]] }

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
func NewSearcher(auths []Authority) *Searcher { return BuildSearcher(auths, nil) }

// pauseEvery is how many authorities BuildSearcher handles between pauses.
const pauseEvery = 2048

// BuildSearcher is NewSearcher for a host with a single thread, such as a
// browser page: it calls pause between steps of its work (every few thousand
// authorities, and between sorts), where the host may handle its events.
// With a nil pause it is NewSearcher.
func BuildSearcher(auths []Authority, pause func()) *Searcher {
	if pause == nil {
		pause = func() {}
	}
	step := func(i int) { // in a loop over the authorities
		if i%pauseEvery == pauseEvery-1 {
			pause()
		}
	}
	n := len(auths)
	pause()
	s := &Searcher{
		keys:      make([]span, n),
		codeStart: make([]uint32, n+1),
		depts:     make([]span, n),
		rank:      make([]int32, n),
	}
	// Every text goes into buf, then into one string.
	size := 0
	for _, a := range auths {
		size += len(a.Name) + 2 + len(a.Code) + len(a.SIREN) + 5*len(a.PostalCodes) + len(a.Departement)
	}
	buf := make([]byte, 0, size+size/8)
	add := func(text string) span {
		off := len(buf)
		buf = append(buf, text...)
		return span{uint32(off), uint32(len(buf))}
	}
	for i, a := range auths {
		off := len(buf)
		buf = append(buf, ' ')
		buf = appendFold(buf, a.Name)
		buf = append(buf, ' ')
		s.keys[i] = span{uint32(off), uint32(len(buf))}
		step(i)
	}
	var codes []string // of one entry, without repeats
	addCode := func(c string) {
		if c = strings.ToUpper(c); c != "" && !slices.Contains(codes, c) {
			codes = append(codes, c)
		}
	}
	for i, a := range auths {
		s.depts[i] = add(Fold(a.Departement))
		codes = codes[:0]
		addCode(a.Code)
		addCode(a.SIREN)
		for _, c := range a.PostalCodes {
			addCode(c)
		}
		for _, c := range codes {
			s.codes = append(s.codes, add(c))
		}
		s.codeStart[i+1] = uint32(len(s.codes))
		step(i)
	}
	s.text = string(buf) // (spans count bytes in uint32: names and codes stay far below 4 GB)
	weight := weights(auths)
	pause()
	keyRank := rankKeys(n, func(i int) string { return s.key(int32(i)) })
	pause()
	s.order = sortOrder(auths, weight, keyRank)
	pause()
	s.masks = make([]mask, n)
	s.codeAt = make([]codeRef, 0, len(s.codes))
	for r, e := range s.order {
		s.rank[e] = int32(r)
		a := &auths[e]
		for _, sp := range s.codesOf(e) {
			t := tierPostal
			switch c := s.str(sp); {
			case a.Kind == Region && c == strings.ToUpper(a.Code):
				t = tierRegionCode
			case c == strings.ToUpper(a.Code) || c == a.SIREN:
				t = tierCode
			}
			s.codeAt = append(s.codeAt, codeRef{sp, e, uint8(t)})
		}
		s.masks[r] = maskOf(s.key(e))
		step(r)
	}
	s.codeAt = sortCodes(s.text, s.codeAt, s.rank)
	pause()
	s.byKey = sortByKey(s.order, s.rank, keyRank)
	return s
}

// rankKeys returns, for each key, its rank among the distinct keys in
// sorted order (equal keys share a rank): the sorts that follow compare
// these integers instead of the strings.
func rankKeys(n int, key func(i int) string) []int32 {
	// Sort by the first eight bytes after the leading space (a radix sort
	// of integers), then each run of keys sharing them by comparing the
	// strings.
	prefix := make([]uint64, n)
	byKey := make([]int32, n)
	for i := range n {
		k := key(i)
		var p uint64
		for j := 1; j <= 8; j++ {
			p <<= 8
			if j < len(k) {
				p |= uint64(k[j])
			}
		}
		prefix[i], byKey[i] = p, int32(i)
	}
	radixSort(prefix, byKey)
	sortTies(byKey, func(i, j int) bool { return prefix[i] == prefix[j] }, func(e int32) string { return key(int(e)) })
	rank := make([]int32, n)
	r := int32(-1)
	for i, e := range byKey {
		if i == 0 || key(int(e)) != key(int(byKey[i-1])) {
			r++
		}
		rank[e] = r
	}
	return rank
}

// orderLess is the order of entries by rank: weight descending, key, kind,
// code, then position.
func orderLess(auths []Authority, weight []int64, keyRank []int32) func(x, y int32) int {
	return func(x, y int32) int {
		a, b := &auths[x], &auths[y]
		return cmp.Or(
			cmp.Compare(weight[y], weight[x]),
			cmp.Compare(keyRank[x], keyRank[y]),
			cmp.Compare(a.Kind, b.Kind),
			strings.Compare(a.Code, b.Code),
			cmp.Compare(x, y),
		)
	}
}

// sortOrder returns the entries in rank order (see orderLess). When weights,
// key ranks, kinds and positions fit, each entry is packed into an integer
// (weight descending, key rank, kind, then position) and the integers are
// sorted without a comparison function; runs of entries equal but for their
// position are then sorted by code. Otherwise the entries are sorted with
// orderLess.
func sortOrder(auths []Authority, weight []int64, keyRank []int32) []int32 {
	const (
		weightBits = 26
		rankBits   = 16
		kindBits   = 4
		posBits    = 64 - weightBits - rankBits - kindBits // 18
	)
	n := len(auths)
	order := make([]int32, n)
	packed := n <= 1<<posBits
	var top int64
	for i := 0; packed && i < n; i++ {
		w := weight[i]
		packed = w >= 0 && w < 1<<weightBits && keyRank[i] < 1<<rankBits && auths[i].Kind < 1<<kindBits
		top = max(top, w)
	}
	if !packed {
		for i := range order {
			order[i] = int32(i)
		}
		slices.SortFunc(order, orderLess(auths, weight, keyRank))
		return order
	}
	keys := make([]uint64, n)
	for i := range keys {
		keys[i] = uint64(top-weight[i])<<(64-weightBits) | uint64(keyRank[i])<<(posBits+kindBits) |
			uint64(auths[i].Kind)<<posBits | uint64(i)
	}
	radixSort(keys, nil)
	for i, k := range keys {
		order[i] = int32(k & (1<<posBits - 1))
	}
	// Entries with the same weight, key and kind (namesakes of the same
	// size) are in position order: sort them by code.
	sortTies(order, func(i, j int) bool { return keys[i]>>posBits == keys[j]>>posBits }, func(e int32) string { return auths[e].Code })
	return order
}

// sortTies finishes a sort of ids by an integer key: each run of ids whose
// keys are equal (same(i, j) for positions i and j of the run) is sorted by
// text, equal texts keeping their order.
func sortTies(ids []int32, same func(i, j int) bool, text func(int32) string) {
	for i := 0; i < len(ids); {
		j := i + 1
		for j < len(ids) && same(i, j) {
			j++
		}
		if j-i > 1 {
			slices.SortStableFunc(ids[i:j], func(x, y int32) int { return strings.Compare(text(x), text(y)) })
		}
		i = j
	}
}

// sortByKey returns the entries sorted by key, then rank: key rank above
// rank in one integer, sorted without a comparison function.
func sortByKey(order, rank, keyRank []int32) []int32 {
	keys := make([]uint64, len(order))
	for e := range keys {
		keys[e] = uint64(keyRank[e])<<32 | uint64(rank[e])
	}
	radixSort(keys, nil)
	out := make([]int32, len(keys))
	for i, k := range keys {
		out[i] = order[uint32(k)]
	}
	return out
}

// weights returns the ranking weight of each authority: a commune's
// population, or the population of the largest commune of an EPCI, EPT,
// département or région (its own population when it has no commune in
// auths).
func weights(auths []Authority) []int64 {
	// Authorities are keyed by kind and code packed in an integer (hashing
	// a string and copying a struct key at each of the ~150,000 map
	// operations is slow in wasm); a code that does not pack goes to a map
	// by string.
	largest := make(map[uint64]int64)
	var other map[key]int64
	at := func(k Kind, code string) (uint64, bool) {
		v, ok := packCode(code)
		return uint64(k)<<packBits | v, ok
	}
	bump := func(k Kind, code string, pop int64) {
		if code == "" {
			return
		}
		if pk, ok := at(k, code); ok {
			largest[pk] = max(largest[pk], pop)
			return
		}
		if other == nil {
			other = make(map[key]int64)
		}
		kk := key{k, code}
		other[kk] = max(other[kk], pop)
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
		if a.Kind == Commune {
			continue
		}
		var m int64
		var ok bool
		if pk, packed := at(a.Kind, a.Code); packed {
			m, ok = largest[pk]
		} else {
			m, ok = other[key{a.Kind, a.Code}]
		}
		if ok {
			w[i] = m
		}
	}
	return w
}

// packBits is the width of packCode's integers.
const packBits = 47

// packCode returns code as an integer of packBits bits that sorts as the
// code does: up to nine characters of [0-9A-Z] in base 37, 0 standing for
// "no more characters" (so that a prefix comes first). ok is false for a
// longer code or another character.
func packCode(code string) (v uint64, ok bool) {
	const maxLen = 9 // 37^9 < 2^47
	if len(code) > maxLen {
		return 0, false
	}
	for k := range maxLen {
		d := uint64(0)
		if k < len(code) {
			switch b := code[k]; {
			case b >= '0' && b <= '9':
				d = uint64(b-'0') + 1
			case b >= 'A' && b <= 'Z':
				d = uint64(b-'A') + 11
			default:
				return 0, false
			}
		}
		v = v*37 + d
	}
	return v, true
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
		lo, hi := s.codeRange(q.code, true)
		for _, t := range []uint8{tierCode, tierPostal, tierRegionCode} {
			for _, c := range s.codeAt[lo:hi] { // in rank order
				if c.tier == t {
					h.add(c.entry, int(t))
				}
			}
		}
	}
	var names []int32
	for i := range q.variants {
		lo, hi := s.keyRange(q.variants[i].exact, true)
		names = append(names, s.byKey[lo:hi]...)
	}
	if len(q.variants) > 1 {
		slices.SortFunc(names, func(x, y int32) int { return cmp.Compare(s.rank[x], s.rank[y]) })
	}
	h.addAll(names, tierName)
	top := h.maxTier()
	last := int32(-1) // every rank up to last has been examined
	if top >= tierWord {
		last = s.scan(&q, &h, top)
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

// scan examines the entries in rank order while levels from tierWord can
// still get in (top ≥ tierWord). Cheap filters pick the candidates: the
// character masks of the name against those of a query variant or of the
// words of a multi-word query, and a bit set of the entries having a code
// that starts with the code query. Each candidate's level is computed in
// full by tier, so the filters only need to let through every entry that
// can get in. It returns the last rank examined.
func (s *Searcher) scan(q *query, h *hits, top int) int32 {
	n := int32(len(s.order))
	var names, words []mask
	setNames := func() {
		names = names[:0]
		for i := range q.variants {
			v := &q.variants[i]
			if top >= tierSubstring {
				names = append(names, maskOf(v.plain))
			} else {
				names = append(names, maskOf(v.spaced))
			}
		}
	}
	setNames()
	for i := range q.variants {
		if v := &q.variants[i]; v.tokens != nil {
			words = append(words, tokensMask(v.tokens))
		}
	}
	var codes []uint64 // bit set of ranks
	if q.code != "" {
		lo, hi := s.codeRange(q.code, false)
		if lo < hi {
			codes = make([]uint64, (n+63)/64)
			for _, c := range s.codeAt[lo:hi] {
				r := s.rank[c.entry]
				codes[r/64] |= 1 << (r % 64)
			}
		}
	}
	r := int32(0)
	for ; r < n && top >= tierWord; r++ {
		m := s.masks[r]
		ok := false
		for _, x := range names {
			if m.has(x) {
				ok = true
				break
			}
		}
		if !ok && top >= tierTokens {
			for _, x := range words {
				if m.has(x) {
					ok = true
					break
				}
			}
		}
		if !ok && codes != nil && top >= tierCodePrefix && codes[r/64]&(1<<(r%64)) != 0 {
			ok = true
		}
		if !ok {
			continue
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
			setNames()
		}
	}
	return r - 1
}

// codeRange returns the range of codeAt whose codes equal p (exact) or
// start with p.
func (s *Searcher) codeRange(p string, exact bool) (lo, hi int) {
	cmpCode := func(c codeRef, p string) int { return strings.Compare(s.str(c.code), p) }
	lo, _ = slices.BinarySearchFunc(s.codeAt, p, cmpCode)
	hi, _ = slices.BinarySearchFunc(s.codeAt, p+bound(exact), cmpCode)
	return lo, hi
}

// bound returns the suffix that makes p+bound the first string after those
// equal to p (exact) or starting with p. Keys and codes hold neither byte.
func bound(exact bool) string {
	if exact {
		return "\x00"
	}
	return "\xff"
}

// mask summarises the bytes and pairs of bytes of a text: if a text
// contains another, its mask has every bit of the other's.
type mask struct{ bytes, pairs uint64 }

func (m mask) has(o mask) bool {
	return m.bytes&o.bytes == o.bytes && m.pairs&o.pairs == o.pairs
}

func maskOf(s string) mask {
	var m mask
	for i := 0; i < len(s); i++ {
		m.bytes |= 1 << byteBit(s[i])
		if i > 0 {
			h := (uint32(s[i-1])<<8 | uint32(s[i])) * 0x9E3779B1
			m.pairs |= 1 << (h >> 26)
		}
	}
	return m
}

// byteBit gives letters, digits and the space a bit of their own.
func byteBit(b byte) uint {
	switch {
	case 'a' <= b && b <= 'z':
		return uint(b - 'a')
	case '0' <= b && b <= '9':
		return 26 + uint(b-'0')
	case b == ' ':
		return 36
	}
	return 37 + uint(b)%27
}

// tokensMask is the union of the masks of the tokens that start with a
// letter: they must be in the name (a token starting with a digit may
// match a code instead).
func tokensMask(tokens []string) mask {
	var m mask
	for _, t := range tokens {
		if c := t[1]; c < '0' || c > '9' {
			o := maskOf(t)
			m.bytes |= o.bytes
			m.pairs |= o.pairs
		}
	}
	return m
}

// prefixes adds the best-ranked entries ranked after last whose name starts
// with a query variant, found by binary search in the sorted keys.
func (s *Searcher) prefixes(q *query, h *hits, last int32) {
	need := h.limit - h.count(tierPrefix)
	var ranks []int32 // the best need ranks found, sorted
	total := 0
	for i := range q.variants {
		lo, hi := s.keyRange(q.variants[i].spaced, false)
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

// keyRange returns the range of byKey whose keys equal p (exact) or start
// with p.
func (s *Searcher) keyRange(p string, exact bool) (lo, hi int) {
	cmpKey := func(e int32, p string) int { return strings.Compare(s.key(e), p) }
	lo, _ = slices.BinarySearchFunc(s.byKey, p, cmpKey)
	hi, _ = slices.BinarySearchFunc(s.byKey, p+bound(exact), cmpKey)
	return lo, hi
}

// tier returns the match level of entry e (numTiers when it does not
// match), skipping the checks for levels worse than top.
func (s *Searcher) tier(e int32, q *query, top int) int {
	key := s.key(e)
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
		for _, sp := range s.codesOf(e) {
			if c := s.str(sp); len(c) > len(q.code) && strings.HasPrefix(c, q.code) { // equality: see the maps
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
		if w == s.dept(e) {
			continue
		}
		if w[0] < '0' || w[0] > '9' {
			return false
		}
		found := false
		for _, sp := range s.codesOf(e) {
			if c := s.str(sp); len(c) == 5 && strings.HasPrefix(c, w) {
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

// sortCodes sorts refs by code, then rank. refs come in rank order, so this
// is a stable sort by code: when every code is at most nine characters of
// [0-9A-Z] (INSEE codes, SIRENs, postal codes), each ref becomes one
// integer, its code in base 37 (0 for "no more characters", so that a
// prefix comes first) above its position, and the integers are sorted
// without a comparison function, which is several times faster (in wasm
// especially) than comparing strings; otherwise the refs are sorted by
// comparing them.
func sortCodes(text string, refs []codeRef, rank []int32) []codeRef {
	const posBits = 64 - packBits
	keys := make([]uint64, len(refs))
	packed := len(refs) <= 1<<posBits
	for i := 0; packed && i < len(refs); i++ {
		var v uint64
		v, packed = packCode(text[refs[i].code.off:refs[i].code.end])
		keys[i] = v<<posBits | uint64(i)
	}
	if !packed {
		slices.SortFunc(refs, func(x, y codeRef) int {
			return cmp.Or(strings.Compare(text[x.code.off:x.code.end], text[y.code.off:y.code.end]), cmp.Compare(rank[x.entry], rank[y.entry]))
		})
		return refs
	}
	radixSort(keys, nil)
	out := make([]codeRef, len(refs))
	for i, k := range keys {
		out[i] = refs[k&(1<<posBits-1)]
	}
	return out
}
