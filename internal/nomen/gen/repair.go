package gen

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// Report says what RepairLabels (and the tree checks) found.
type Report struct {
	Mojibake   int      // labels that were UTF-8 read as ISO-8859-1 (M52 2013–2018)
	C1         int      // labels with Windows-1252 characters stored as C1 controls
	Replaced   int      // labels whose U+FFFD characters were restored from another plan
	Unrepaired int      // labels still holding U+FFFD
	Notes      []string // oddities of the plans (function tree shape…)
}

// cp1252 gives the characters Windows-1252 puts at 0x80–0x9F.
var cp1252 = [32]rune{
	'€', 0x81, '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', 0x8D, 'Ž', 0x8F,
	0x90, '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', 0x9D, 'ž', 'Ÿ',
}

// fixMojibake undoes UTF-8 text decoded as ISO-8859-1 ("Ã©" → "é"): when every
// character of s is below U+0100 and those bytes form valid UTF-8 with at
// least one multi-byte sequence, the bytes are the real text. French labels
// never legitimately contain such sequences ("Ã" followed by a C1 or Latin-1
// symbol).
func fixMojibake(s string) (string, bool) {
	b := make([]byte, 0, len(s))
	multi := false
	for _, r := range s {
		if r > 0xFF {
			return s, false
		}
		if r >= 0x80 {
			multi = true
		}
		b = append(b, byte(r))
	}
	if !multi || !utf8.Valid(b) {
		return s, false
	}
	return string(b), true
}

// fixC1 maps C1 control characters (U+0080–U+009F) to the Windows-1252
// characters they stand for ("\u0096" → "–").
func fixC1(s string) (string, bool) {
	if !strings.ContainsFunc(s, func(r rune) bool { return r >= 0x80 && r < 0xA0 }) {
		return s, false
	}
	return strings.Map(func(r rune) rune {
		if r >= 0x80 && r < 0xA0 {
			return cp1252[r-0x80]
		}
		return r
	}, s), true
}

type labelKey struct {
	kind       byte // 'c' chapter, 'a' account, 'f' function
	norm, code string
}

type labelRef struct {
	key   labelKey
	year  int
	label *string
}

// RepairLabels fixes the text of every label in place: mojibake, C1
// characters, spaces (no-break spaces become spaces, runs collapse, ends are
// trimmed), and U+FFFD replacement characters (M52
// 2019–2020 lost every accented letter) restored from the same code in
// another year of the same norm, else from the only (or most frequent) label
// of the whole corpus that matches letter for letter.
func RepairLabels(plans []*Plan) *Report {
	rep := &Report{}
	var refs []labelRef
	for _, p := range plans {
		for i := range p.Chapters {
			refs = append(refs, labelRef{labelKey{'c', p.Norm, p.Chapters[i].Code}, p.Year, &p.Chapters[i].Label})
		}
		for i := range p.Accounts {
			refs = append(refs, labelRef{labelKey{'a', p.Norm, p.Accounts[i].Code}, p.Year, &p.Accounts[i].Label})
		}
		for i := range p.Functions {
			refs = append(refs, labelRef{labelKey{'f', p.Norm, p.Functions[i].Code}, p.Year, &p.Functions[i].Label})
		}
	}
	clean := map[labelKey][]labelRef{}
	freq := map[string]int{}
	for _, r := range refs {
		s := *r.label
		if t, ok := fixMojibake(s); ok {
			s = t
			rep.Mojibake++
		}
		if t, ok := fixC1(s); ok {
			s = t
			rep.C1++
		}
		s = strings.Join(strings.Fields(s), " ")
		*r.label = s
		if !strings.ContainsRune(s, utf8.RuneError) {
			clean[r.key] = append(clean[r.key], r)
			freq[s]++
		}
	}
	byLen := map[int][]string{}
	for s := range freq {
		n := utf8.RuneCountInString(s)
		byLen[n] = append(byLen[n], s)
	}
	for _, l := range byLen {
		sort.Strings(l)
	}
	for _, r := range refs {
		s := *r.label
		if !strings.ContainsRune(s, utf8.RuneError) {
			continue
		}
		if t, ok := restore(s, r, clean[r.key], byLen[utf8.RuneCountInString(s)], freq); ok {
			*r.label = t
			rep.Replaced++
			continue
		}
		rep.Unrepaired++
		rep.Notes = append(rep.Notes, fmt.Sprintf("%s %d: label of %c %s left with U+FFFD: %q", r.key.norm, r.year, r.key.kind, r.key.code, s))
	}
	return rep
}

func restore(s string, r labelRef, same []labelRef, sameLen []string, freq map[string]int) (string, bool) {
	pat := []rune(s)
	cands := append([]labelRef(nil), same...)
	sort.SliceStable(cands, func(i, j int) bool {
		di, dj := abs(cands[i].year-r.year), abs(cands[j].year-r.year)
		if di != dj {
			return di < dj
		}
		return cands[i].year < cands[j].year
	})
	for _, c := range cands {
		if matches(pat, *c.label) {
			return *c.label, true
		}
	}
	// Same code, same letters once spaces and non-ASCII characters are
	// dropped: the damaged file also lost a space next to a lost character.
	skel := skeleton(s)
	for _, c := range cands {
		if skeleton(*c.label) == skel {
			return *c.label, true
		}
	}
	best, bestN := "", 0
	for _, c := range sameLen {
		if matches(pat, c) && freq[c] > bestN {
			best, bestN = c, freq[c]
		}
	}
	return best, bestN > 0
}

// matches says whether candidate c is pat with each U+FFFD standing for one
// non-ASCII letter.
func matches(pat []rune, c string) bool {
	i := 0
	for _, r := range c {
		if i >= len(pat) {
			return false
		}
		switch p := pat[i]; {
		case p == utf8.RuneError:
			if r < 0x80 {
				return false
			}
		case p != r:
			return false
		}
		i++
	}
	return i == len(pat)
}

// skeleton keeps the printable ASCII letters of s, spaces excluded.
func skeleton(s string) string {
	return strings.Map(func(r rune) rune {
		if r <= ' ' || r >= 0x7F {
			return -1
		}
		return r
	}, s)
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
