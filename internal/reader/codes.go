package reader

// codeTable interns codes (natures, functions, chapters): equal codes share
// one string, so a document's thousands of lines hold a few hundred
// distinct strings.
//
// It is a small open-addressing hash table keyed by the bytes. A Go map
// would do the same, but its string hash is slow in wasm (no hardware AES
// there), and codes are short enough for a simple multiplicative hash.
type codeTable struct {
	slots []string // a power of two long; "" marks an empty slot
	n     int      // codes stored
}

// codeTableFirst is the initial number of slots: a budget rarely has more
// than a few hundred distinct codes.
const codeTableFirst = 1024

// intern returns the string equal to b, stored the first time.
func (t *codeTable) intern(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if t.slots == nil {
		t.slots = make([]string, codeTableFirst)
	}
	i := t.find(b)
	if v := t.slots[i]; v != "" {
		return v
	}
	v := string(b)
	t.slots[i] = v
	t.n++
	if 2*t.n > len(t.slots) {
		t.grow()
	}
	return v
}

// find returns the slot holding b, or the empty slot where it belongs.
func (t *codeTable) find(b []byte) int {
	mask := len(t.slots) - 1
	for i := codeHash(b) & mask; ; i = (i + 1) & mask {
		if v := t.slots[i]; v == "" || v == string(b) {
			return i
		}
	}
}

// grow doubles the table and stores the codes again.
func (t *codeTable) grow() {
	old := t.slots
	t.slots = make([]string, 2*len(old))
	for _, v := range old {
		if v != "" {
			t.slots[t.find([]byte(v))] = v
		}
	}
}

// codeHash is FNV-1a over the bytes of b, folded so that the low bits used
// as an index depend on all of them.
func codeHash(b []byte) int {
	h := uint32(2166136261)
	for _, c := range b {
		h = (h ^ uint32(c)) * 16777619
	}
	return int(h ^ h>>15)
}
