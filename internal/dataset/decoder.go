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
	// ndict is the number of strings of the dictionary. When dict is nil
	// (OpenIndex), string i is text[offs[i]:offs[i+1]].
	ndict uint64
	text  string
	offs  []uint32
	fresh uint64   // index of the next dictionary string not used yet
	vals  []uint64 // values of the column being read, reused
}

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
	// The one-byte case, inlined: most values are small.
	if off := d.off; off < len(d.buf) {
		if b := d.buf[off]; b < 0x80 {
			d.off = off + 1
			return uint64(b), true
		}
	}
	return d.uvarintSlow()
}

// uvarintSlow reads the uv at d.off whatever its length; on failure it
// records why in d and leaves d.off on the value.
func (d *decoder) uvarintSlow() (uint64, bool) {
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

func unzigzag(u uint64) int64 { return int64(u>>1) ^ -int64(u&1) }

// shortUvarint decodes the uv at buf[off:] if it takes one or two bytes
// (most values: the column loops inline it, a call costing more than the
// decoding, in wasm above all); n is 0 otherwise.
func shortUvarint(buf []byte, off int) (v uint64, n int) {
	if off < len(buf) {
		if b := buf[off]; b < 0x80 {
			return uint64(b), 1
		} else if off+1 < len(buf) && buf[off+1] < 0x80 {
			return uint64(b&0x7f) | uint64(buf[off+1])<<7, 2
		}
	}
	return 0, 0
}

// toInt converts v, which must fit in an int (always true where int has
// 64 bits, as in wasm).
func (d *decoder) toInt(v int64) (int, bool) {
	if i := int(v); int64(i) == v {
		return i, true
	}
	d.corrupt("%d overflows int", v)
	return 0, false
}

// read reads len(vals) uv values into vals, with the short values decoded
// inline. On failure it returns the position of the value it could not
// read.
func (d *decoder) read(vals []uint64) (int, bool) {
	buf, off := d.buf, d.off
	for i := range vals {
		if v, k := shortUvarint(buf, off); k > 0 {
			vals[i] = v
			off += k
			continue
		}
		d.off = off
		v, ok := d.uvarintSlow()
		if !ok {
			return i, false
		}
		vals[i], off = v, d.off
	}
	d.off = off
	return 0, true
}

// readRefs reads len(vals) dictionary references into vals, as dictionary
// indexes.
func (d *decoder) readRefs(vals []uint64) (int, bool) {
	if i, ok := d.read(vals); !ok {
		return i, false
	}
	return d.resolveAll(vals)
}

// resolveAll turns the references of vals into dictionary indexes.
func (d *decoder) resolveAll(vals []uint64) (int, bool) {
	// As resolve does, inlined.
	size, fresh := d.ndict, d.fresh
	for i, r := range vals {
		idx := r - 1
		if r == 0 {
			idx = fresh
			fresh++
		}
		if idx >= size {
			d.corrupt("string %d out of range (dictionary has %d)", idx, size)
			return i, false
		}
		vals[i] = idx
	}
	d.fresh = fresh
	return 0, true
}

// column reads a column of n uv values into d.vals, valid until the next
// call.
func (d *decoder) column(n int) ([]uint64, int, bool) {
	if cap(d.vals) < n {
		d.vals = make([]uint64, n)
	}
	vals := d.vals[:n]
	i, ok := d.read(vals)
	return vals, i, ok
}

// refColumn reads a column of n dictionary references into d.vals, valid
// until the next call.
func (d *decoder) refColumn(n int) ([]uint64, int, bool) {
	if cap(d.vals) < n {
		d.vals = make([]uint64, n)
	}
	vals := d.vals[:n]
	i, ok := d.readRefs(vals)
	return vals, i, ok
}

// readDeltas reads len(dst) Δzz values into dst, starting from 0. On
// failure it returns the position of the value it could not read.
func (d *decoder) readDeltas(dst []int) (int, bool) {
	buf, off := d.buf, d.off
	var prev int64
	for i := range dst {
		u, k := shortUvarint(buf, off)
		if k > 0 {
			off += k
		} else {
			d.off = off
			var ok bool
			if u, ok = d.uvarintSlow(); !ok {
				return i, false
			}
			off = d.off
		}
		prev += unzigzag(u)
		dst[i] = int(prev)
		if int64(dst[i]) != prev {
			d.off = off
			d.corrupt("%d overflows int", prev)
			return i, false
		}
	}
	d.off = off
	return 0, true
}

// bytes reads a column of n bytes.
func (d *decoder) bytes(n int) ([]byte, bool) {
	if d.remaining() < n {
		d.err = ErrTruncated
		return nil, false
	}
	d.off += n
	return d.buf[d.off-n : d.off], true
}

// locate finds, from the counts column at off (see counts), which row a
// position of a flattened column (e.g. the postal codes of all
// authorities) belongs to, and its position within the row.
func (d *decoder) locate(off, flat int) (row, pos int) {
	for {
		k := d.uvarintAt(&off)
		if flat < k {
			return row, flat
		}
		flat -= k
		row++
	}
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
		v, k := shortUvarint(d.buf, d.off)
		ok := k > 0
		if ok {
			d.off += k
		} else if v, ok = d.uvarintSlow(); !ok {
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

// runningTotals returns the running totals of the n counts of the column
// at off, already checked by counts: element i is the total of the counts
// before row i, and element n the total of all. The total is at most the
// payload's length, which is less than 4 GiB.
func (d *decoder) runningTotals(off, n int) []uint32 {
	s := make([]uint32, n+1)
	for i := range n {
		v, k := shortUvarint(d.buf, off)
		if k == 0 {
			v, k = binary.Uvarint(d.buf[off:])
		}
		off += k
		s[i+1] = s[i] + uint32(v)
	}
	return s
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
	lengths, n, total, err := d.dictionaryLengths()
	if err != nil {
		return err
	}
	all := string(d.buf[d.off : d.off+total])
	d.off += total
	d.dict = make([]string, n)
	off, pos := lengths, 0
	for i := range d.dict {
		l := d.uvarintAt(&off)
		d.dict[i] = all[pos : pos+l]
		pos += l
	}
	return nil
}

// dictionaryOffsets reads the string dictionary as one string of all the
// bytes and the offsets of the entries in it (string i is
// text[offs[i]:offs[i+1]]): no string header per entry.
func (d *decoder) dictionaryOffsets() error {
	lengths, n, total, err := d.dictionaryLengths()
	if err != nil {
		return err
	}
	d.text = string(d.buf[d.off : d.off+total])
	d.off += total
	d.offs = d.runningTotals(lengths, n)
	return nil
}

// dictionaryLengths reads the number of strings of the dictionary and
// their lengths, leaving d.off at the first string's bytes. It returns the
// offset of the lengths (for uvarintAt), the number of strings and their
// total length.
func (d *decoder) dictionaryLengths() (lengths, n, total int, err error) {
	n, ok := d.count(1)
	if !ok {
		return 0, 0, 0, d.failf("dictionary: size")
	}
	lengths, total, err = d.counts(n, 1, "dictionary: string", "length")
	if err != nil {
		return 0, 0, 0, err
	}
	d.ndict = uint64(n)
	return lengths, n, total, nil
}

// str returns string i of the dictionary (i < d.ndict).
func (d *decoder) str(i uint64) string {
	if d.offs != nil {
		return d.text[d.offs[i]:d.offs[i+1]]
	}
	return d.dict[i]
}

// ref reads a dictionary reference.
func (d *decoder) ref() (string, bool) {
	v, ok := d.uvarint()
	if !ok {
		return "", false
	}
	if v, ok = d.resolve(v); !ok {
		return "", false
	}
	return d.str(v), true
}

// resolve turns a reference into a dictionary index: 0 is the next string
// not used yet, r > 0 string r-1.
func (d *decoder) resolve(r uint64) (uint64, bool) {
	i := r - 1
	if r == 0 {
		i = d.fresh
		d.fresh++
	}
	if i >= d.ndict {
		d.corrupt("string %d out of range (dictionary has %d)", i, d.ndict)
		return 0, false
	}
	return i, true
}

// pow10 returns 10^w for 0 ≤ w ≤ maxDigits.
func pow10(w int) uint64 {
	p := uint64(1)
	for range w {
		p *= 10
	}
	return p
}

// nums is a decoded num column: its values in order, each either a
// dictionary index (index<<5) or a digit string (value<<5 | width), and the
// column's digit strings formatted one after the other in one string.
type nums struct {
	vals []uint64
	all  string
	pos  int
}

// next returns the string of value i. Values must be taken in order.
func (c *nums) next(dict []string, i int) string {
	v := c.vals[i]
	w := int(v & 31)
	if w == 0 {
		return dict[v>>5]
	}
	c.pos += w
	return c.all[c.pos-w : c.pos]
}

// numValues reads a num column (see format.go) of len(vals) values into
// vals, each either a dictionary index (index<<5) or a digit string
// (value<<5 | width). On failure it returns the position of the value it
// could not read.
func (d *decoder) numValues(vals []uint64) (int, bool) {
	var (
		width uint64 // of the last digit string
		value uint64 // of the last digit string
		limit uint64 // 10^width
		h     uint64
		k     int
		ok    bool
	)
	for i := range vals {
		if h, k = shortUvarint(d.buf, d.off); k > 0 {
			d.off += k
		} else if h, ok = d.uvarintSlow(); !ok {
			return i, false
		}
		switch h & 3 {
		case 0, 2:
			idx, ok := d.resolve(h >> 1)
			if !ok {
				return i, false
			}
			vals[i] = idx << 5
			continue
		case 1:
			if width == 0 {
				d.corrupt("digits of unknown width")
				return i, false
			}
			u := h >> 2
			if value += u>>1 ^ -(u & 1); value >= limit { // wraps around below 0
				d.corrupt("value out of range for %d digits", width)
				return i, false
			}
		case 3:
			w := h >> 2
			if w < 1 || w > maxDigits {
				d.corrupt("%d digits", w)
				return i, false
			}
			v, ok := d.uvarint()
			if !ok {
				return i, false
			}
			lim := pow10(int(w))
			if v >= lim {
				d.corrupt("value %d has more than %d digits", v, w)
				return i, false
			}
			width, value, limit = w, v, lim
		}
		vals[i] = value<<5 | width
	}
	return 0, true
}

// newNums formats the digit strings of the num values vals (see
// numValues) one after the other in one string: two allocations per
// column, none per value.
func newNums(vals []uint64) nums {
	c := nums{vals: vals}
	total := 0
	for _, v := range vals {
		total += int(v & 31)
	}
	if total > 0 {
		buf := make([]byte, total)
		pos := 0
		for _, v := range vals {
			if w := int(v & 31); w > 0 {
				putDigits(buf[pos:pos+w], v>>5)
				pos += w
			}
		}
		c.all = string(buf)
	}
	return c
}

// digitPairs holds the two-digit decimal strings 00 to 99.
const digitPairs = "0001020304050607080910111213141516171819" +
	"2021222324252627282930313233343536373839" +
	"4041424344454647484950515253545556575859" +
	"6061626364656667686970717273747576777879" +
	"8081828384858687888990919293949596979899"

// putDigits writes v into b in decimal, with leading zeros; v < 10^len(b).
func putDigits(b []byte, v uint64) {
	for len(b) >= 2 {
		q := v / 100
		r := (v - q*100) * 2
		b[len(b)-1] = digitPairs[r+1]
		b[len(b)-2] = digitPairs[r]
		b = b[:len(b)-2]
		v = q
	}
	if len(b) == 1 {
		b[0] = byte('0' + v)
	}
}

// end checks that the whole payload was read.
func (d *decoder) end() error {
	if d.off != len(d.buf) {
		return fmt.Errorf("%d bytes left after the payload: %w", len(d.buf)-d.off, ErrCorrupt)
	}
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
	vals, i, ok := d.column(n)
	if !ok {
		return nil, d.failf("peer %d: year", i)
	}
	var year int64
	for i, v := range vals {
		year += unzigzag(v)
		if ps[i].Year, ok = d.toInt(year); !ok {
			return nil, d.failf("peer %d: year", i)
		}
	}
	for _, col := range [...]struct {
		field string
		set   func(p *Peer, s string)
	}{
		{"grid", func(p *Peer, s string) { p.Grid = s }},
		{"group", func(p *Peer, s string) { p.Group = s }},
		{"area", func(p *Peer, s string) { p.Area = s }},
	} {
		vals, i, ok := d.refColumn(n)
		if !ok {
			return nil, d.failf("peer %d: %s", i, col.field)
		}
		for i, v := range vals {
			col.set(&ps[i], d.str(v))
		}
	}
	sections, ok := d.bytes(n)
	if !ok {
		return nil, d.failf("peers: section")
	}
	for i, b := range sections {
		ps[i].Section = b
	}
	if vals, i, ok = d.column(n); !ok {
		return nil, d.failf("peer %d: n", i)
	}
	for i, v := range vals {
		if ps[i].N, ok = d.toInt(unzigzag(v)); !ok {
			return nil, d.failf("peer %d: n", i)
		}
	}
	for k := range numPeerAmounts {
		if vals, i, ok = d.column(n); !ok {
			return nil, d.failf("peer %d: amount %d", i, k)
		}
		for i, v := range vals {
			*peerAmount(&ps[i], k) = unzigzag(v)
		}
	}
	return ps, nil
}
