package dataset

import (
	"encoding/binary"
	"fmt"
)

// decoder reads a payload. Its read methods return false on failure and
// leave the cause in err (ErrTruncated, or a wrapped ErrCorrupt); the caller
// then adds what it was reading with failf.
type decoder struct {
	buf  []byte
	off  int
	err  error
	dict []string

	// Digit strings of num columns are formatted into chunk; when it is
	// full, one string is made of it and the pending fields get slices of
	// that string. Few allocations, no per-string allocation.
	chunk   []byte
	pending []pendingNum
}

type pendingNum struct {
	dst    *string
	lo, hi int32
}

const (
	chunkSize   = 32 << 10
	pendingSize = 4 << 10
)

// failf returns the current cause, wrapped with a description of what was
// being read.
func (d *decoder) failf(format string, args ...any) error {
	return fmt.Errorf("%s: %w", fmt.Sprintf(format, args...), d.err)
}

func (d *decoder) corrupt(format string, args ...any) {
	d.err = fmt.Errorf("%s: %w", fmt.Sprintf(format, args...), ErrCorrupt)
}

func (d *decoder) remaining() int { return len(d.buf) - d.off }

func (d *decoder) uvarint() (uint64, bool) {
	if d.off < len(d.buf) {
		if b := d.buf[d.off]; b < 0x80 {
			d.off++
			return uint64(b), true
		}
	}
	v, n := binary.Uvarint(d.buf[d.off:])
	if n <= 0 {
		if n == 0 {
			d.err = ErrTruncated
		} else {
			d.corrupt("varint overflows 64 bits")
		}
		return 0, false
	}
	d.off += n
	return v, true
}

func (d *decoder) varint() (int64, bool) {
	u, ok := d.uvarint()
	return int64(u>>1) ^ -int64(u&1), ok
}

// int reads a zz that must fit in an int.
func (d *decoder) int() (int, bool) {
	v, ok := d.varint()
	if !ok {
		return 0, false
	}
	i := int(v)
	if int64(i) != v {
		d.corrupt("%d overflows int", v)
		return 0, false
	}
	return i, true
}

// delta reads a Δzz value that must fit in an int.
func (d *decoder) delta(prev *int64) (int, bool) {
	v, ok := d.varint()
	if !ok {
		return 0, false
	}
	*prev += v
	i := int(*prev)
	if int64(i) != *prev {
		d.corrupt("%d overflows int", *prev)
		return 0, false
	}
	return i, true
}

func (d *decoder) byte() (byte, bool) {
	if d.off >= len(d.buf) {
		d.err = ErrTruncated
		return 0, false
	}
	d.off++
	return d.buf[d.off-1], true
}

func (d *decoder) uint32() (uint32, bool) {
	if d.remaining() < 4 {
		d.err = ErrTruncated
		return 0, false
	}
	d.off += 4
	return binary.LittleEndian.Uint32(d.buf[d.off-4:]), true
}

// count reads the length of a table whose rows take at least minSize bytes
// each, refusing lengths the remaining bytes cannot hold.
func (d *decoder) count(minSize int) (int, bool) {
	v, ok := d.uvarint()
	if !ok {
		return 0, false
	}
	if v > uint64(d.remaining()/minSize) {
		d.corrupt("%d rows cannot fit in the remaining %d bytes", v, d.remaining())
		return 0, false
	}
	return int(v), true
}

// counts reads a column of n uv counts of rows that take at least minSize bytes
// each (after the column), and returns their total. The column can then be
// read again from start with uvarintAt, without checks. Errors name the
// row as "<row> <i>: <field>".
func (d *decoder) counts(n, minSize int, row, field string) (start, total int, err error) {
	start = d.off
	for i := range n {
		v, ok := d.uvarint()
		if !ok {
			return 0, 0, d.failf("%s %d: %s", row, i, field)
		}
		// Each count is bounded by the input size, so total cannot
		// overflow before the check fails.
		if v > uint64(len(d.buf)) {
			d.corrupt("%d larger than the file", v)
			return 0, 0, d.failf("%s %d: %s", row, i, field)
		}
		total += int(v)
		if total > len(d.buf)/minSize {
			d.corrupt("%d in all cannot fit in %d bytes", total, len(d.buf))
			return 0, 0, d.failf("%s %d: %s", row, i, field)
		}
	}
	if total > d.remaining()/minSize {
		d.corrupt("%d in all cannot fit in the remaining %d bytes", total, d.remaining())
		return 0, 0, d.failf("%s", field)
	}
	return start, total, nil
}

// uvarintAt reads a uv known to be valid (already read once) at *off.
func (d *decoder) uvarintAt(off *int) int {
	if b := d.buf[*off]; b < 0x80 {
		*off++
		return int(b)
	}
	v, n := binary.Uvarint(d.buf[*off:])
	*off += n
	return int(v)
}

// dictionary reads the string dictionary: one string holds all the bytes,
// the entries are slices of it.
func (d *decoder) dictionary() error {
	n, ok := d.count(1)
	if !ok {
		return d.failf("dictionary: size")
	}
	start, total, err := d.counts(n, 1, "dictionary: string", "length")
	if err != nil {
		return err
	}
	all := string(d.buf[d.off : d.off+total])
	d.off += total
	d.dict = make([]string, n)
	off, pos := start, 0
	for i := range d.dict {
		l := d.uvarintAt(&off)
		d.dict[i] = all[pos : pos+l]
		pos += l
	}
	return nil
}

// ref reads a dictionary reference.
func (d *decoder) ref() (string, bool) {
	v, ok := d.uvarint()
	if !ok {
		return "", false
	}
	if v >= uint64(len(d.dict)) {
		d.corrupt("string %d out of range (dictionary has %d)", v, len(d.dict))
		return "", false
	}
	return d.dict[v], true
}

// pow10 returns 10^w for 0 ≤ w ≤ maxDigits.
func pow10(w int) uint64 {
	p := uint64(1)
	for range w {
		p *= 10
	}
	return p
}

// num reads a num column value into *dst (see format.go). Digit strings
// are set when the chunk is flushed: call flush before using them.
func (d *decoder) num(dst *string, st *numState) bool {
	h, ok := d.uvarint()
	if !ok {
		return false
	}
	switch h & 3 {
	case 0, 2:
		idx := h >> 1
		if idx >= uint64(len(d.dict)) {
			d.corrupt("string %d out of range (dictionary has %d)", idx, len(d.dict))
			return false
		}
		*dst = d.dict[idx]
		return true
	case 1:
		if st.width == 0 {
			d.corrupt("digits of unknown width")
			return false
		}
		u := h >> 2
		v := st.value + (u>>1 ^ -(u & 1)) // wraps around for negative deltas
		if v >= st.limit {
			d.corrupt("value out of range for %d digits", st.width)
			return false
		}
		st.value = v
	case 3:
		w := h >> 2
		if w < 1 || w > maxDigits {
			d.corrupt("%d digits", w)
			return false
		}
		v, ok := d.uvarint()
		if !ok {
			return false
		}
		limit := pow10(int(w))
		if v >= limit {
			d.corrupt("value %d has more than %d digits", v, w)
			return false
		}
		st.width, st.value, st.limit = int(w), v, limit
	}
	if len(d.chunk)+maxDigits > cap(d.chunk) || len(d.pending) == cap(d.pending) {
		d.flush()
		if d.chunk == nil {
			// Every digit string takes at least one byte of input.
			n := min(d.remaining()+1, pendingSize)
			d.chunk = make([]byte, 0, min(n*maxDigits, chunkSize))
			d.pending = make([]pendingNum, 0, n)
		}
	}
	lo := len(d.chunk)
	d.chunk = d.chunk[:lo+st.width]
	v := st.value
	for i := lo + st.width - 1; i >= lo; i-- {
		d.chunk[i] = byte('0' + v%10)
		v /= 10
	}
	d.pending = append(d.pending, pendingNum{dst, int32(lo), int32(lo + st.width)})
	return true
}

// flush sets the pending digit strings.
func (d *decoder) flush() {
	if len(d.pending) > 0 {
		s := string(d.chunk)
		for _, p := range d.pending {
			*p.dst = s[p.lo:p.hi]
		}
	}
	d.chunk, d.pending = d.chunk[:0], d.pending[:0]
}

// end checks that the whole payload was read and sets the digit strings.
func (d *decoder) end() error {
	if d.off != len(d.buf) {
		return fmt.Errorf("%d bytes left after the payload: %w", len(d.buf)-d.off, ErrCorrupt)
	}
	d.flush()
	return nil
}

// peers reads a peers table.
func (d *decoder) peers() ([]Peer, error) {
	n, ok := d.count(6 + numPeerAmounts)
	if !ok {
		return nil, d.failf("peers")
	}
	if n == 0 {
		return nil, nil
	}
	ps := make([]Peer, n)
	var prev int64
	for i := range ps {
		if ps[i].Year, ok = d.delta(&prev); !ok {
			return nil, d.failf("peer %d: year", i)
		}
	}
	for i := range ps {
		if ps[i].Grid, ok = d.ref(); !ok {
			return nil, d.failf("peer %d: grid", i)
		}
	}
	for i := range ps {
		if ps[i].Group, ok = d.ref(); !ok {
			return nil, d.failf("peer %d: group", i)
		}
	}
	for i := range ps {
		if ps[i].Area, ok = d.ref(); !ok {
			return nil, d.failf("peer %d: area", i)
		}
	}
	for i := range ps {
		if ps[i].Section, ok = d.byte(); !ok {
			return nil, d.failf("peer %d: section", i)
		}
	}
	for i := range ps {
		if ps[i].N, ok = d.int(); !ok {
			return nil, d.failf("peer %d: n", i)
		}
	}
	for k := range numPeerAmounts {
		for i := range ps {
			if *peerAmount(&ps[i], k), ok = d.varint(); !ok {
				return nil, d.failf("peer %d: amount %d", i, k)
			}
		}
	}
	return ps, nil
}
