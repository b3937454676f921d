package dataset

import "encoding/binary"

// encoder writes a payload in two passes over the same code: the first
// (collect) only gathers the strings for the dictionary, the second writes.
// Keeping one walk of the model for both passes means they cannot disagree.
type encoder struct {
	collect bool
	strs    map[string]uint64 // dictionary index of each string
	dict    []string          // the strings in order of first use
	fresh   uint64            // write: index of the next string not used yet
	buf     []byte
}

func newEncoder() *encoder {
	return &encoder{collect: true, strs: make(map[string]uint64)}
}

// startWriting ends the first pass: it appends the dictionary to buf, where
// the second pass then writes.
func (e *encoder) startWriting(buf []byte) {
	e.collect = false
	e.buf = buf
	e.uvarint(uint64(len(e.dict)))
	for _, s := range e.dict {
		e.uvarint(uint64(len(s)))
	}
	for _, s := range e.dict {
		e.buf = append(e.buf, s...)
	}
}

func (e *encoder) uvarint(v uint64) {
	if !e.collect {
		e.buf = binary.AppendUvarint(e.buf, v)
	}
}

func (e *encoder) varint(v int64) {
	if !e.collect {
		e.buf = binary.AppendVarint(e.buf, v)
	}
}

func (e *encoder) byte(b byte) {
	if !e.collect {
		e.buf = append(e.buf, b)
	}
}

func (e *encoder) uint32(v uint32) {
	if !e.collect {
		e.buf = binary.LittleEndian.AppendUint32(e.buf, v)
	}
}

// delta writes v as a difference with *prev (a Δzz column).
func (e *encoder) delta(v int64, prev *int64) {
	e.varint(v - *prev)
	*prev = v
}

// use records s in the dictionary (first pass) or returns its reference
// (second pass): 0 for the next string not used yet, index+1 otherwise.
func (e *encoder) use(s string) uint64 {
	if e.collect {
		if _, ok := e.strs[s]; !ok {
			e.strs[s] = uint64(len(e.dict))
			e.dict = append(e.dict, s)
		}
		return 0
	}
	i := e.strs[s]
	if i == e.fresh {
		e.fresh++
		return 0
	}
	return i + 1
}

// ref writes s as a dictionary reference.
func (e *encoder) ref(s string) {
	e.uvarint(e.use(s))
}

// numState is the state of a num column: the width and value of its last
// digit string.
type numState struct {
	width int
	value uint64
}

// maxDigits is the longest digit string stored as a number: 10^16 shifted
// left by 5 bits still fits in 64 bits, with room to spare.
const maxDigits = 16

// digits returns the value of s if it is a string of 1 to maxDigits ASCII
// digits.
func digits(s string) (uint64, bool) {
	if len(s) == 0 || len(s) > maxDigits {
		return 0, false
	}
	var v uint64
	for i := 0; i < len(s); i++ {
		c := s[i] - '0'
		if c > 9 {
			return 0, false
		}
		v = v*10 + uint64(c)
	}
	return v, true
}

// num writes s in a num column (see format.go).
func (e *encoder) num(s string, st *numState) {
	v, ok := digits(s)
	if !ok {
		e.uvarint(e.use(s) << 1)
		return
	}
	if e.collect {
		return
	}
	if len(s) == st.width {
		d := int64(v) - int64(st.value)
		e.uvarint(uint64(d<<1^d>>63)<<2 | 1) // zigzag, then the tag
	} else {
		e.uvarint(uint64(len(s))<<2 | 3)
		e.uvarint(v)
		st.width = len(s)
	}
	st.value = v
}

// peers writes a peers table.
func (e *encoder) peers(ps []Peer) {
	e.uvarint(uint64(len(ps)))
	var prev int64
	for i := range ps {
		e.delta(int64(ps[i].Year), &prev)
	}
	for i := range ps {
		e.ref(ps[i].Grid)
	}
	for i := range ps {
		e.ref(ps[i].Group)
	}
	for i := range ps {
		e.ref(ps[i].Area)
	}
	for i := range ps {
		e.byte(ps[i].Section)
	}
	for i := range ps {
		e.varint(int64(ps[i].N))
	}
	for k := range numPeerAmounts {
		for i := range ps {
			e.varint(*peerAmount(&ps[i], k))
		}
	}
}

// numPeerAmounts is the number of amount columns of a peer.
const numPeerAmounts = 6

// peerAmount returns amount column k of a peer, in file order.
func peerAmount(p *Peer, k int) *int64 {
	switch k {
	case 0:
		return &p.ShareQ1
	case 1:
		return &p.ShareMedian
	case 2:
		return &p.ShareQ3
	case 3:
		return &p.PerInhQ1
	case 4:
		return &p.PerInhMedian
	default:
		return &p.PerInhQ3
	}
}
