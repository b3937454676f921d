package reader

import (
	"bytes"
	"encoding/binary"
	"math/bits"

	"github.com/jeu1000/jeu1000/internal/budget"
	"github.com/jeu1000/jeu1000/internal/codekey"
)

// The fast path for the children of a LigneBudget (on when
// totemScanner.fast): lineRun, lineChild, and the word-at-a-time value
// parsers of finishLine. Invariant: on any input it gives the document or
// the error that startTag and the general parsers give with it off. It
// takes only what is written the usual way and leaves anything else to
// startTag at the tag's '<', with s.lineOff and s.lineNo in step.
// TestTOTEMFastPathOff and FuzzTOTEMFastPath check it, the latter against
// encoding/xml too. What stays here bought about 10 % or more of make
// bench-count when measured (issue 15), or is kept within the reader's
// budget: see the commits that removed the rest.

// totemValueStops marks the bytes of x that end a plain attribute value
// ('"', '<', '\n'), as swarHasByte does: only the lowest mark is exact.
func totemValueStops(x uint64) uint64 {
	return swarHasByte(x, '"') | swarHasByte(x, '<') | swarHasByte(x, '\n')
}

// totemIndexValueEnd returns the offset of the first '"', '<' or '\n' in d
// at or after i, or -1: the end of a plain attribute value. A value that
// ends at anything but '"' must go to startTag: only it counts a newline
// inside a tag, and reports a '<' in a value.
func totemIndexValueEnd(d []byte, i int) int {
	for ; i+8 <= len(d); i += 8 {
		x := binary.LittleEndian.Uint64(d[i:])
		if t := totemValueStops(x); t != 0 {
			return i + bits.TrailingZeros64(t)>>3
		}
	}
	for ; i < len(d); i++ {
		if c := d[i]; c == '"' || c == '<' || c == '\n' {
			return i
		}
	}
	return -1
}

// totemGap returns the offset of the first '<' in d at or after i (-1 if
// none) and the number of '\n' before it.
func totemGap(d []byte, i int) (lt, newlines int) {
	for ; i+8 <= len(d); i += 8 {
		x := binary.LittleEndian.Uint64(d[i:])
		nl := swarBytesEqual(x, '\n')
		if t := swarHasByte(x, '<'); t != 0 {
			k := bits.TrailingZeros64(t) >> 3
			return i + k, newlines + bits.OnesCount64(nl&(1<<(8*k)-1))
		}
		newlines += bits.OnesCount64(nl)
	}
	for ; i < len(d); i++ {
		switch d[i] {
		case '<':
			return i, newlines
		case '\n':
			newlines++
		}
	}
	return -1, newlines
}

// totemChild is a child of a LigneBudget the reader knows: its name, the
// attribute the fast path expects first (V, or Code for MtSup) and its
// totemL* index (-1 for the children that are not kept).
type totemChild struct {
	name, attr string
	idx        int
}

// totemChildren is the one list of the children of a LigneBudget: the
// slow path (totemLineChild) and the fast path's words (totemChildWords)
// are derived from it. Adding a kept child means adding it here and a
// totemL* index.
var totemChildren = [...]totemChild{
	{"Nature", "V", totemLNature}, {"Fonction", "V", totemLFonction}, {"ContNat", "V", totemLContNat},
	{"ContFon", "V", totemLContFon}, {"CodRD", "V", totemLCodRD}, {"OpBudg", "V", totemLOpBudg},
	{"LibCpte", "V", totemLLibCpte}, {"MtReal", "V", totemLAmount + int(budget.MtReal)},
	{"MtPrev", "V", totemLAmount + int(budget.MtPrev)}, {"MtPropNouv", "V", totemLAmount + int(budget.MtPropNouv)},
	{"MtRARPrec", "V", totemLAmount + int(budget.MtRARPrec)}, {"MtBudgPrec", "V", totemLAmount + int(budget.MtBudgPrec)},
	{"CredOuv", "V", totemLAmount + int(budget.CredOuv)}, {"MtRAR3112", "V", totemLAmount + int(budget.MtRAR3112)},
	{"ArtSpe", "V", -1}, {"MtSup", "Code", -1},
}

// totemChildMtSup is the position of MtSup in totemChildren (checked by
// TestTotemMtSupWords).
const totemChildMtSup = 15

// totemLineChild returns the totemL* index of a LigneBudget child, or -1.
func totemLineChild(local []byte) int {
	for _, c := range totemChildren {
		if c.idx >= 0 && string(local) == c.name {
			return c.idx
		}
	}
	return -1
}

// The attributes of MtSup as lineRun reads them: ` Code="` (seven bytes)
// and ` V="` (four bytes), little-endian.
const (
	totemCodeAttrWord = 0x223d65646f4320
	totemVAttrWord    = 0x223d5620
)

// totemWordTable finds the children of totemChildren by the eight bytes
// after their '<' read as a word (the name, a space and the first
// attribute, cut to eight bytes), with a perfect hash: one multiplication
// and one comparison, where a switch would take four branches.
type totemWordTable struct {
	mul   uint64
	slot  [64]int8 // word*mul>>58 → position in totemChildren; -1 for none
	words [len(totemChildren)]uint64
}

// totemChildWords is derived from totemChildren at start-up and only read
// afterwards.
var totemChildWords = newTotemWordTable()

// newTotemWordTable builds the table, trying multipliers in a fixed order
// until the words fall into distinct slots (a few tries: 16 words in 64
// slots).
func newTotemWordTable() *totemWordTable {
	t := &totemWordTable{}
	for k, c := range totemChildren {
		var b [8]byte
		copy(b[:], c.name+" "+c.attr+`="`)
		t.words[k] = binary.LittleEndian.Uint64(b[:])
	}
	const golden = 0x9E3779B97F4A7C15 // 2⁶⁴ ÷ φ: multipliers that spread bits well
	for try := uint64(1); ; try++ {
		t.mul = try*golden | 1
		for i := range t.slot {
			t.slot[i] = -1
		}
		ok := true
		for k, w := range t.words {
			h := w * t.mul >> 58
			if t.slot[h] >= 0 {
				ok = false
				break
			}
			t.slot[h] = int8(k)
		}
		if ok {
			return t
		}
	}
}

// totemChildWord identifies a usual child of a LigneBudget from the eight
// bytes after its '<' (little-endian): it returns its position in
// totemChildren, or -1.
func totemChildWord(w uint64) int {
	t := totemChildWords
	if k := t.slot[w*t.mul>>58]; k >= 0 && t.words[k] == w {
		return int(k)
	}
	return -1
}

// The tags around the children, as the fast path accepts them, and their
// first and last eight bytes as words (little-endian), which totemTagAt
// compares without a call (in wasm, bytes.HasPrefix is a call into the
// runtime per tag); TestTotemTagWords checks that the words are the tags.
const (
	totemLBStart   = "<LigneBudget>"
	totemLBEnd     = "</LigneBudget>"
	totemLBStartW0 = 0x7542656e67694c3c // "<LigneBu"
	totemLBStartW1 = 0x3e74656764754265 // "eBudget>"
	totemLBEndW0   = 0x42656e67694c2f3c // "</LigneB"
	totemLBEndW1   = totemLBStartW1
	totemLBNameW1  = 0x746567647542656e // "neBudget", the end of "<LigneBudget"
)

// totemPlainLB reports whether e is an unprefixed LigneBudget.
func totemPlainLB(d []byte, e totemElem) bool {
	const n = len("<LigneBudget")
	return e.nameEnd-e.off == n && totemTagAt(d, e.off, n, totemLBStartW0, totemLBNameW1)
}

// totemTagAt reports whether d[pos:] starts with the text of n bytes (8 to
// 16) whose first and last eight bytes are the words w0 and w1.
func totemTagAt(d []byte, pos, n int, w0, w1 uint64) bool {
	return pos >= 0 && pos+n <= len(d) && binary.LittleEndian.Uint64(d[pos:]) == w0 &&
		binary.LittleEndian.Uint64(d[pos+n-8:]) == w1
}

// totemGapCache is a white space seen between two tags (at most 15 bytes),
// with its newlines: lineRun takes the next sixteen bytes for it when they
// match w0 and w1 under the masks m0 and m1, which cover the white space
// and the '<' after it, so that a match is that same white space and that
// same number of newlines (TestTotemLineRunWhiteSpace).
type totemGapCache struct {
	n        int // length of the white space; 0 when nothing is cached
	newlines int
	w0, w1   uint64 // its bytes and the '<' (zero beyond)
	m0, m1   uint64 // masks of those bytes
}

// searchGap is totemGap from i, and keeps a short white space in s.gaps in
// place of the one used least recently.
func (s *totemScanner) searchGap(i int) (lt, newlines int) {
	d := s.data
	lt, newlines = totemGap(d, i)
	if n := lt - i; lt >= 0 && n > 0 && n < 16 && i+16 <= len(d) {
		g := totemGapCache{n: n, newlines: newlines, m0: swarLow(n + 1), m1: swarLow(max(n+1-8, 0))}
		g.w0 = binary.LittleEndian.Uint64(d[i:]) & g.m0
		g.w1 = binary.LittleEndian.Uint64(d[i+8:]) & g.m1
		s.gaps[1], s.gaps[0] = s.gaps[0], g
	}
	return lt, newlines
}

// lineRun handles, from the child of the open LigneBudget at start, the
// children written the usual way (see lineChild), recording the values of
// the kept ones, then the end tag of the LigneBudget (finishing the line)
// and the LigneBudget elements that follow, as long as everything is
// written the usual way. It returns the offset of the first '<' it leaves
// to the caller (a tag written otherwise, or the first one that is not a
// LigneBudget after an end tag), or len(data) when no '<' follows; ok is
// false when it handled nothing. On return s.lineOff and s.lineNo are next
// and its line: what it handles has no newline inside a tag, and it counts
// those between tags.
func (s *totemScanner) lineRun(start int) (next int, ok bool, err error) {
	d := s.data
	line := s.lineAt(start)
	next = start
loop:
	for next+9 <= len(d) {
		pos := next
		var end int // after the tag
		switch {
		case s.lb < 0:
			// After the end tag of a LigneBudget: another one?
			if !totemTagAt(d, pos, len(totemLBStart), totemLBStartW0, totemLBStartW1) {
				break loop
			}
			s.line = [totemLN]totemRaw{}
			s.lbPos = line
			s.lb = len(s.stack)
			s.stack = append(s.stack, totemElem{off: pos, nameEnd: pos + len(totemLBStart) - 1})
			end = pos + len(totemLBStart)
		case d[pos+1] == '/':
			// The end tag of the open LigneBudget, unprefixed like its
			// start tag.
			n := len(s.stack)
			if n != s.lb+1 || !totemTagAt(d, pos, len(totemLBEnd), totemLBEndW0, totemLBEndW1) ||
				!totemPlainLB(d, s.stack[n-1]) {
				break loop
			}
			s.lb = -1
			s.lineOff, s.lineNo = pos, line        // for the errors of finishLine
			if err := s.finishLine(); err != nil { // (with the LigneBudget still on the stack)
				return 0, false, err
			}
			s.stack = s.stack[:n-1]
			end = pos + len(totemLBEnd)
		default:
			// The usual child, <Name V="value"/> with a name of at most
			// eight bytes, and <MtSup Code="…" V="…"/>. This must accept
			// only what lineChild accepts, with the same result; what it
			// leaves goes to lineChild.
			end = -1
			if len(s.stack) == s.lb+1 && pos+32 <= len(d) {
				b := d[pos : pos+32] // holds the name and ` V="` (j+4 ≤ 13)
				if k := totemChildWord(binary.LittleEndian.Uint64(b[1:])); k >= 0 {
					c := &totemChildren[k]
					j := 1 + len(c.name)
					if len(c.name) <= 8 && binary.LittleEndian.Uint32(b[j:]) == totemVAttrWord {
						v := pos + j + 4
						if q := totemIndexValueEnd(d, v); q >= 0 && q+2 < len(d) && d[q] == '"' && d[q+1] == '/' && d[q+2] == '>' {
							if c.idx >= 0 {
								if s.line[c.idx].set {
									return 0, false, s.twiceErr(pos, c.name)
								}
								s.line[c.idx] = totemRaw{start: v, end: q, set: true}
							}
							end = q + 3
						}
					} else if j += pos; k == totemChildMtSup &&
						binary.LittleEndian.Uint64(d[j:])&(1<<56-1) == totemCodeAttrWord {
						// Not kept: checked as ignoredChild checks it.
						if q := totemIndexValueEnd(d, j+7); q >= 0 && q+5 <= len(d) && d[q] == '"' &&
							binary.LittleEndian.Uint32(d[q+1:]) == totemVAttrWord {
							if q := totemIndexValueEnd(d, q+5); q >= 0 && q+2 < len(d) && d[q] == '"' && d[q+1] == '/' && d[q+2] == '>' {
								end = q + 3
							}
						}
					}
				}
			}
			if end < 0 {
				var handled bool
				if end, handled = s.lineChild(pos); !handled {
					break loop
				}
			}
		}
		ok = true
		lt, newlines, hit := 0, 0, false
		if end+16 <= len(d) { // the same white space as one of the last two?
			w := d[end : end+16]
			x0, x1 := binary.LittleEndian.Uint64(w), binary.LittleEndian.Uint64(w[8:])
			for k := range s.gaps {
				if g := &s.gaps[k]; g.n > 0 && x0&g.m0 == g.w0 && x1&g.m1 == g.w1 {
					lt, newlines, hit = end+g.n, g.newlines, true
					break
				}
			}
		}
		if !hit {
			lt, newlines = s.searchGap(end)
		}
		line += newlines
		if lt < 0 {
			next = len(d) // truncated: the caller reports it
			break loop
		}
		next = lt
	}
	s.lineOff, s.lineNo = next, line
	return next, ok, nil
}

// lineChild is the fast path for the usual child of a LigneBudget at pos,
// written <Name V="value"/> with an unprefixed name, a single space, double
// quotes and no newline: it records the value of a kept child and returns
// the offset after the tag. Children that are not kept may have other
// attributes, written the same way (see ignoredChild). ok is false for
// anything else (other spacing or quotes, a kept child with other
// attributes, a nested LigneBudget, malformed or truncated XML), which
// startTag then handles in full.
func (s *totemScanner) lineChild(pos int) (end int, ok bool) {
	d := s.data
	if len(s.stack) != s.lb+1 {
		return 0, false
	}
	idx, j := -1, -1 // the child's totemL* index, the space after its name
	if pos+9 <= len(d) {
		if k := totemChildWord(binary.LittleEndian.Uint64(d[pos+1:])); k >= 0 {
			c := totemChildren[k]
			if n := pos + 1 + len(c.name); n < len(d) && d[n] == ' ' && (len(c.name) <= 8 || string(d[pos+9:n]) == c.name[8:]) {
				idx, j = c.idx, n
			}
		}
	}
	if j < 0 {
		// Any other name: up to the first space.
		const longest = len("MtPropNouv") // of the names totemLineChild knows
		sp := bytes.IndexByte(d[pos+1:min(pos+2+longest, len(d))], ' ')
		if sp <= 0 {
			return 0, false
		}
		name := d[pos+1 : pos+1+sp]
		if idx = totemLineChild(name); idx < 0 && !totemPlainName(name) {
			return 0, false
		}
		j = pos + 1 + sp
	}
	if j+3 >= len(d) || d[j+1] != 'V' || d[j+2] != '=' || d[j+3] != '"' {
		if idx < 0 {
			return s.ignoredChild(j)
		}
		return 0, false
	}
	q := totemIndexValueEnd(d, j+4)
	if q < 0 || d[q] != '"' || q+2 >= len(d) || d[q+1] != '/' || d[q+2] != '>' {
		return 0, false
	}
	if idx >= 0 {
		if s.line[idx].set {
			return 0, false // startTag reports it
		}
		s.line[idx] = totemRaw{start: j + 4, end: q, set: true}
	}
	return q + 3, true
}

// totemCodeWord returns the key of the code written in d[start:end] when it
// is one to eight ASCII digits, checked a word at a time: a code that needs
// no decoding, trimming or normalising, and that passes the check code
// makes. ok is false otherwise, or when fewer than eight bytes of d follow
// start.
func totemCodeWord(d []byte, start, end int) (k codekey.Key, ok bool) {
	n := end - start
	if n < 1 || n > 8 || start < 0 || start+8 > len(d) {
		return 0, false
	}
	m := swarLow(n)
	x := binary.LittleEndian.Uint64(d[start:]) & m
	bad := swarNonDigits(x)
	return codekey.Key(x), bad&m == 0
}

// totemAmountWord parses the amount written in d[start:end] when it is
// -?\d{1,8}(\.\d{1,2})?, its digits read as one word; ok is false for
// anything else, or when fewer than eight bytes of d follow the digits'
// start.
func totemAmountWord(d []byte, start, end int) (budget.Amount, bool) {
	neg := start < end && d[start] == '-'
	if neg {
		start++
	}
	n := end - start
	if n < 1 || start+8 > len(d) || end > len(d) {
		return 0, false
	}
	w := binary.LittleEndian.Uint64(d[start:])
	k := min(n, 8) // integer digits: up to the dot
	if dot := swarBytesEqual(w, '.') & swarLow(k); dot != 0 {
		k = bits.TrailingZeros64(dot) >> 3
	}
	var cents uint64
	switch n - k {
	case 0:
	case 2: // ".d"
		f := d[start+k+1] - '0'
		if d[start+k] != '.' || f > 9 {
			return 0, false
		}
		cents = uint64(f) * 10
	case 3: // ".dd"
		f1, f2 := d[start+k+1]-'0', d[start+k+2]-'0'
		if d[start+k] != '.' || f1 > 9 || f2 > 9 {
			return 0, false
		}
		cents = uint64(f1)*10 + uint64(f2)
	default:
		return 0, false
	}
	if k == 0 {
		return 0, false
	}
	// The k digits moved to the high bytes, '0' below them: eight digits
	// with leading zeros, the first in the lowest byte.
	sh := uint(8 * (8 - k))
	x := w<<sh | 0x3030303030303030>>(64-sh)
	if swarNonDigits(x) != 0 {
		return 0, false
	}
	// Pairs, fours, then eight digits (simdjson's parse_eight_digits).
	x = (x & 0x0F0F0F0F0F0F0F0F) * 2561 >> 8
	x = (x & 0x00FF00FF00FF00FF) * 6553601 >> 16
	x = (x & 0x0000FFFF0000FFFF) * 42949672960001 >> 32
	a := budget.Amount(x*100 + cents)
	if neg {
		a = -a
	}
	return a, true
}
