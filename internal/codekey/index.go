package codekey

// An Index maps codes to int32 values, such as indexes in a slice. Codes
// that pack are kept in an open-addressing table of keys, the others in a
// map. The zero Index is empty and ready to use; an Index is not safe for
// concurrent writes, but concurrent Gets are fine once it is filled.
type Index struct {
	slots []slot // a power of two long, at most half full; key 0 marks a free slot
	n     int    // keys in slots
	long  map[string]int32
}

type slot struct {
	key Key
	val int32
}

// Grow makes room for n more codes.
func (x *Index) Grow(n int) {
	x.resize(x.n + n)
}

// Len returns the number of codes stored.
func (x *Index) Len() int { return x.n + len(x.long) }

// Put stores v for code, replacing any value it had.
func (x *Index) Put(code string, v int32) {
	if k, ok := Pack(code); ok {
		x.PutKey(k, v)
		return
	}
	if x.long == nil {
		x.long = map[string]int32{}
	}
	x.long[code] = v
}

// PutKey stores v for the code k holds (k non-zero).
func (x *Index) PutKey(k Key, v int32) {
	if 2*(x.n+1) > len(x.slots) {
		x.resize(x.n + 1)
	}
	i := x.find(k)
	if x.slots[i].key == 0 {
		x.n++
	}
	x.slots[i] = slot{key: k, val: v}
}

// Get returns the value stored for code.
func (x *Index) Get(code string) (int32, bool) {
	if k, ok := Pack(code); ok {
		return x.GetKey(k)
	}
	v, ok := x.long[code]
	return v, ok
}

// GetPrefix returns the value stored for code[:n], where k and h are what
// Head(code) returned: prefix lookups from the longest down pack the code
// only once.
func (x *Index) GetPrefix(code string, k Key, h, n int) (int32, bool) {
	if n <= h {
		if n <= 0 {
			return 0, false
		}
		return x.GetKey(k.Prefix(n))
	}
	v, ok := x.long[code[:n]]
	return v, ok
}

// GetKey returns the value stored for the code k holds.
func (x *Index) GetKey(k Key) (int32, bool) {
	if len(x.slots) == 0 {
		return 0, false
	}
	s := x.slots[x.find(k)]
	return s.val, s.key != 0
}

// find returns the slot holding k, or the free slot where it belongs.
// slots must not be full.
func (x *Index) find(k Key) int {
	mask := len(x.slots) - 1
	i := int(uint64(k)*0x9E3779B97F4A7C15>>32) & mask // Fibonacci hashing: the high bits mix all of k
	for x.slots[i].key != k && x.slots[i].key != 0 {
		i = (i + 1) & mask
	}
	return i
}

// resize makes room for n keys and stores the current ones again.
func (x *Index) resize(n int) {
	size := 8
	for size < 2*n {
		size *= 2
	}
	if size <= len(x.slots) {
		return
	}
	old := x.slots
	x.slots = make([]slot, size)
	for _, s := range old {
		if s.key != 0 {
			x.slots[x.find(s.key)] = s
		}
	}
}
