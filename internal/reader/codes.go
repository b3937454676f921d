package reader

import "github.com/jeu1000/jeu1000/internal/codekey"

// codeTable interns codes (natures, functions, chapters): equal codes share
// one string, so a document's thousands of lines hold a few hundred
// distinct strings, and each code has a small integer id, which lets the
// TOTEM reader keep its lines free of pointers until the end (totemLine).
//
// Codes of up to eight bytes are found by their packed key (see codekey):
// no string hash, no byte comparison, both slow in wasm. Longer codes go
// through a map.
type codeTable struct {
	at   codekey.Index // packed code → index in strs
	strs []string
	long map[string]int32 // codes that do not pack → index in strs
}

// A codeID names a code of a codeTable: 1 + its index; 0 is the empty code.
type codeID int32

// intern returns the id of the code b, stored the first time.
func (t *codeTable) intern(b []byte) codeID {
	if k, ok := codekey.PackBytes(b); ok {
		return t.internKey(k, b)
	}
	if len(b) == 0 {
		return 0
	}
	if i, ok := t.long[string(b)]; ok {
		return codeID(i + 1)
	}
	if t.long == nil {
		t.long = map[string]int32{}
	}
	v := string(b)
	t.long[v] = int32(len(t.strs))
	return t.add(v)
}

// internKey is intern for a code whose key is known: b are its bytes,
// and k what codekey.PackBytes(b) returns.
func (t *codeTable) internKey(k codekey.Key, b []byte) codeID {
	if i, ok := t.at.GetKey(k); ok {
		return codeID(i + 1)
	}
	t.at.PutKey(k, int32(len(t.strs)))
	return t.add(string(b))
}

// add stores v, indexed by the caller, and returns its id.
func (t *codeTable) add(v string) codeID {
	t.strs = append(t.strs, v)
	return codeID(len(t.strs))
}

// str returns the code id names.
func (t *codeTable) str(id codeID) string {
	if id == 0 {
		return ""
	}
	return t.strs[id-1]
}

// len returns the number of distinct codes stored.
func (t *codeTable) len() int { return len(t.strs) }

// allDigits reports whether s is non-empty and made of ASCII digits only.
func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
