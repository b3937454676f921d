package dataset

import (
	"fmt"
	"io"
)

// EncodeShard writes s to w as a gzip-compressed shard file. The same shard
// always gives the same bytes (with a given Go toolchain).
func EncodeShard(w io.Writer, s *Shard) error {
	raw, err := AppendShard(nil, s)
	if err != nil {
		return err
	}
	if err := writeGzip(w, raw); err != nil {
		return fmt.Errorf("shard %s: gzip: %w", s.Name, err)
	}
	return nil
}

// AppendShard appends the raw (uncompressed) shard file of s to dst.
func AppendShard(dst []byte, s *Shard) ([]byte, error) {
	if s.Version != 0 && s.Version != Version {
		return nil, fmt.Errorf("shard %s: version %d, this build writes %d: %w", s.Name, s.Version, Version, ErrVersion)
	}
	e := newEncoder()
	if err := e.shard(s); err != nil {
		return nil, fmt.Errorf("shard %s: %w", s.Name, err)
	}
	start := len(dst)
	e.startWriting(appendHeader(dst, ShardMagic))
	if err := e.shard(s); err != nil {
		return nil, fmt.Errorf("shard %s: %w", s.Name, err)
	}
	out, err := sealFile(e.buf, start)
	if err != nil {
		return nil, fmt.Errorf("shard %s: %w", s.Name, err)
	}
	return out, nil
}

// ReadShard reads a gzip-compressed shard file.
func ReadShard(r io.Reader) (*Shard, error) {
	raw, err := readGzip(r)
	if err != nil {
		return nil, fmt.Errorf("shard: %w", err)
	}
	return DecodeShard(raw)
}

// DecodeShard decodes an inflated shard file. It does not keep raw. Use
// ShardRef.Check first to make sure it is the shard the index refers to.
func DecodeShard(raw []byte) (*Shard, error) {
	payload, version, _, err := checkFile(raw, ShardMagic)
	if err != nil {
		return nil, fmt.Errorf("shard: %w", err)
	}
	d := decoder{buf: payload}
	s, err := d.shard()
	if err != nil {
		return nil, fmt.Errorf("shard: %w", err)
	}
	s.Version = version
	return s, nil
}

// shard walks s for the encoder (both passes).
func (e *encoder) shard(s *Shard) error {
	e.ref(s.Name)

	rs := s.Records
	if e.collect {
		for i := range rs {
			if !rs[i].Detail.Valid() {
				return fmt.Errorf("record %d (%s %d): detail %d: %w", i, rs[i].Authority, rs[i].Year, rs[i].Detail, ErrInvalid)
			}
		}
	}
	e.uvarint(uint64(len(rs)))
	for i := range rs {
		e.ref(rs[i].Authority)
	}
	var prev int64
	for i := range rs {
		e.delta(int64(rs[i].Year), &prev)
	}
	for i := range rs {
		e.ref(rs[i].Document)
	}
	for i := range rs {
		e.byte(byte(rs[i].Detail))
	}
	for i := range rs {
		e.ref(rs[i].Nomenclature)
	}
	for i := range rs {
		e.varint(rs[i].Population)
	}
	for _, col := range provenanceColumns() {
		for i := range rs {
			e.ref(*col.field(&rs[i]))
		}
	}
	for i := range rs {
		e.uvarint(uint64(len(rs[i].Lines)))
	}
	for i := range rs {
		e.uvarint(uint64(len(rs[i].Items)))
	}

	for _, col := range lineTextColumns() {
		for i := range rs {
			for j := range rs[i].Lines {
				e.ref(*col.field(&rs[i].Lines[j]))
			}
		}
	}
	for i := range rs {
		for j := range rs[i].Lines {
			e.byte(rs[i].Lines[j].Section)
		}
	}
	for _, col := range lineNumberColumns() {
		for i := range rs {
			for j := range rs[i].Lines {
				e.varint(*col.field(&rs[i].Lines[j]))
			}
		}
	}

	for i := range rs {
		for j := range rs[i].Items {
			e.ref(rs[i].Items[j].Code)
		}
	}
	for i := range rs {
		for j := range rs[i].Items {
			e.byte(rs[i].Items[j].Section)
		}
	}
	for i := range rs {
		for j := range rs[i].Items {
			e.varint(rs[i].Items[j].Amount)
		}
	}

	e.peers(s.Peers)
	return nil
}

// Minimum encoded sizes of table rows, to bound lengths before allocating.
const (
	minRecordRow = 13
	minLineRow   = 7
	minItemRow   = 3
)

// shard decodes a shard payload.
func (d *decoder) shard() (*Shard, error) {
	if err := d.dictionary(); err != nil {
		return nil, err
	}
	s := new(Shard)
	var ok bool
	if s.Name, ok = d.ref(); !ok {
		return nil, d.failf("name")
	}
	if err := d.records(s); err != nil {
		return nil, err
	}
	var err error
	if s.Peers, err = d.peers(); err != nil {
		return nil, err
	}
	if err := d.end(); err != nil {
		return nil, err
	}
	return s, nil
}

func (d *decoder) records(s *Shard) error {
	n, ok := d.count(minRecordRow)
	if !ok {
		return d.failf("records")
	}
	if n == 0 {
		return nil
	}
	rs := make([]Record, n)
	s.Records = rs

	vals, i, ok := d.refColumn(n)
	if !ok {
		return d.failf("record %d: authority", i)
	}
	for i, v := range vals {
		rs[i].Authority = d.dict[v]
	}
	if vals, i, ok = d.column(n); !ok {
		return d.failf("record %d: year", i)
	}
	var year int64
	for i, v := range vals {
		year += unzigzag(v)
		if rs[i].Year, ok = d.toInt(year); !ok {
			return d.failf("record %d: year", i)
		}
	}
	if vals, i, ok = d.refColumn(n); !ok {
		return d.failf("record %d: document", i)
	}
	for i, v := range vals {
		rs[i].Document = d.dict[v]
	}
	details, ok := d.bytes(n)
	if !ok {
		return d.failf("records: detail")
	}
	for i, b := range details {
		if rs[i].Detail = Detail(b); !rs[i].Detail.Valid() {
			d.corrupt("unknown detail %d", b)
			return d.failf("record %d: detail", i)
		}
	}
	if vals, i, ok = d.refColumn(n); !ok {
		return d.failf("record %d: nomenclature", i)
	}
	for i, v := range vals {
		rs[i].Nomenclature = d.dict[v]
	}
	if vals, i, ok = d.column(n); !ok {
		return d.failf("record %d: population", i)
	}
	for i, v := range vals {
		rs[i].Population = unzigzag(v)
	}
	for _, col := range provenanceColumns() {
		vals, i, ok := d.refColumn(n)
		if !ok {
			return d.failf("record %d: %s", i, col.name)
		}
		for i, v := range vals {
			*col.field(&rs[i]) = d.dict[v]
		}
	}

	// Both count columns come before the lines and items: a line takes
	// at least minLineRow bytes, an item minItemRow; check the totals
	// against the bytes left after both columns.
	lineOff, nLines, err := d.counts(n, 1, "record", "number of lines")
	if err != nil {
		return err
	}
	itemOff, nItems, err := d.counts(n, 1, "record", "number of items")
	if err != nil {
		return err
	}
	if nLines > d.remaining()/minLineRow || nItems > (d.remaining()-nLines*minLineRow)/minItemRow {
		d.corrupt("%d lines and %d items cannot fit in the remaining %d bytes", nLines, nItems, d.remaining())
		return d.failf("records")
	}
	if nLines > 0 {
		lines := make([]Line, nLines)
		rest, off := lines, lineOff
		for i := range rs {
			if k := d.uvarintAt(&off); k > 0 {
				rs[i].Lines, rest = rest[:k:k], rest[k:]
			}
		}
		if err := d.lines(lines, lineOff); err != nil {
			return err
		}
	}
	if nItems > 0 {
		items := make([]Item, nItems)
		rest, off := items, itemOff
		for i := range rs {
			if k := d.uvarintAt(&off); k > 0 {
				rs[i].Items, rest = rest[:k:k], rest[k:]
			}
		}
		if err := d.items(items, itemOff); err != nil {
			return err
		}
	}
	return nil
}

// lines decodes the line columns into the lines of all records, whose
// counts column is at countsOff.
func (d *decoder) lines(ls []Line, countsOff int) error {
	fail := func(j int, field string) error {
		i, j := d.locate(countsOff, j)
		return d.failf("record %d: line %d: %s", i, j, field)
	}
	n := len(ls)
	for _, col := range lineTextColumns() {
		vals, j, ok := d.refColumn(n)
		if !ok {
			return fail(j, col.name)
		}
		for j, v := range vals {
			*col.field(&ls[j]) = d.dict[v]
		}
	}
	sections, ok := d.bytes(n)
	if !ok {
		return d.failf("lines: section")
	}
	for j, b := range sections {
		ls[j].Section = b
	}
	for _, col := range lineNumberColumns() {
		vals, j, ok := d.column(n)
		if !ok {
			return fail(j, col.name)
		}
		for j, v := range vals {
			*col.field(&ls[j]) = unzigzag(v)
		}
	}
	return nil
}

// items decodes the item columns into the items of all records, whose
// counts column is at countsOff.
func (d *decoder) items(its []Item, countsOff int) error {
	fail := func(j int, field string) error {
		i, j := d.locate(countsOff, j)
		return d.failf("record %d: item %d: %s", i, j, field)
	}
	n := len(its)
	vals, j, ok := d.refColumn(n)
	if !ok {
		return fail(j, "code")
	}
	for j, v := range vals {
		its[j].Code = d.dict[v]
	}
	sections, ok := d.bytes(n)
	if !ok {
		return d.failf("items: section")
	}
	for j, b := range sections {
		its[j].Section = b
	}
	if vals, j, ok = d.column(n); !ok {
		return fail(j, "amount")
	}
	for j, v := range vals {
		its[j].Amount = unzigzag(v)
	}
	return nil
}
