package reader

import "github.com/jeu1000/jeu1000/internal/codekey"

// codeTable interns codes (natures, functions, chapters): equal codes share
// one string, so a document's thousands of lines hold a few hundred
// distinct strings.
//
// Codes of up to eight bytes are found by their packed key (see codekey):
// no string hash, no byte comparison, both slow in wasm. Longer codes go
// through a map.
type codeTable struct {
	at   codekey.Index // packed code → index in strs
	strs []string
	long map[string]string // codes that do not pack
}

// intern returns the string equal to b, stored the first time.
func (t *codeTable) intern(b []byte) string {
	if k, ok := codekey.PackBytes(b); ok {
		return t.internKey(k, b)
	}
	if len(b) == 0 {
		return ""
	}
	if v, ok := t.long[string(b)]; ok {
		return v
	}
	if t.long == nil {
		t.long = map[string]string{}
	}
	v := string(b)
	t.long[v] = v
	return v
}

// internKey is intern for a code whose key is known: b are its bytes,
// and k what codekey.PackBytes(b) returns.
func (t *codeTable) internKey(k codekey.Key, b []byte) string {
	if i, ok := t.at.GetKey(k); ok {
		return t.strs[i]
	}
	v := string(b)
	t.at.PutKey(k, int32(len(t.strs)))
	t.strs = append(t.strs, v)
	return v
}

// len returns the number of distinct codes stored.
func (t *codeTable) len() int { return len(t.strs) + len(t.long) }
