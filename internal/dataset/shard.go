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
	for i := range rs {
		e.ref(rs[i].Provenance.Source)
	}
	for i := range rs {
		e.ref(rs[i].Provenance.Document)
	}
	for i := range rs {
		e.ref(rs[i].Provenance.Method)
	}
	for i := range rs {
		e.ref(rs[i].Provenance.Licence)
	}
	for i := range rs {
		e.ref(rs[i].Provenance.Note)
	}
	for i := range rs {
		e.uvarint(uint64(len(rs[i].Lines)))
	}
	for i := range rs {
		e.uvarint(uint64(len(rs[i].Items)))
	}

	for i := range rs {
		for j := range rs[i].Lines {
			e.ref(rs[i].Lines[j].Nature)
		}
	}
	for i := range rs {
		for j := range rs[i].Lines {
			e.ref(rs[i].Lines[j].Function)
		}
	}
	for i := range rs {
		for j := range rs[i].Lines {
			e.ref(rs[i].Lines[j].Chapter)
		}
	}
	for i := range rs {
		for j := range rs[i].Lines {
			e.ref(rs[i].Lines[j].Label)
		}
	}
	for i := range rs {
		for j := range rs[i].Lines {
			e.byte(rs[i].Lines[j].Section)
		}
	}
	for i := range rs {
		for j := range rs[i].Lines {
			e.varint(rs[i].Lines[j].Amount)
		}
	}
	for i := range rs {
		for j := range rs[i].Lines {
			e.varint(rs[i].Lines[j].RAR)
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

	n, ok := d.count(minRecordRow)
	if !ok {
		return nil, d.failf("records")
	}
	if n > 0 {
		s.Records = make([]Record, n)
	}
	rs := s.Records
	for i := range rs {
		if rs[i].Authority, ok = d.ref(); !ok {
			return nil, d.failf("record %d: authority", i)
		}
	}
	var prev int64
	for i := range rs {
		if rs[i].Year, ok = d.delta(&prev); !ok {
			return nil, d.failf("record %d: year", i)
		}
	}
	for i := range rs {
		if rs[i].Document, ok = d.ref(); !ok {
			return nil, d.failf("record %d: document", i)
		}
	}
	for i := range rs {
		b, ok := d.byte()
		if !ok {
			return nil, d.failf("record %d: detail", i)
		}
		if rs[i].Detail = Detail(b); !rs[i].Detail.Valid() {
			d.corrupt("unknown detail %d", b)
			return nil, d.failf("record %d: detail", i)
		}
	}
	for i := range rs {
		if rs[i].Nomenclature, ok = d.ref(); !ok {
			return nil, d.failf("record %d: nomenclature", i)
		}
	}
	for i := range rs {
		if rs[i].Population, ok = d.varint(); !ok {
			return nil, d.failf("record %d: population", i)
		}
	}
	for i := range rs {
		if rs[i].Provenance.Source, ok = d.ref(); !ok {
			return nil, d.failf("record %d: provenance source", i)
		}
	}
	for i := range rs {
		if rs[i].Provenance.Document, ok = d.ref(); !ok {
			return nil, d.failf("record %d: provenance document", i)
		}
	}
	for i := range rs {
		if rs[i].Provenance.Method, ok = d.ref(); !ok {
			return nil, d.failf("record %d: provenance method", i)
		}
	}
	for i := range rs {
		if rs[i].Provenance.Licence, ok = d.ref(); !ok {
			return nil, d.failf("record %d: provenance licence", i)
		}
	}
	for i := range rs {
		if rs[i].Provenance.Note, ok = d.ref(); !ok {
			return nil, d.failf("record %d: provenance note", i)
		}
	}
	// Both count columns come before the lines and items: a line takes
	// at least minLineRow bytes, an item minItemRow; check each total
	// against the bytes left after both columns.
	lineOff, nLines, err := d.counts(len(rs), 1, "record", "number of lines")
	if err != nil {
		return nil, err
	}
	itemOff, nItems, err := d.counts(len(rs), 1, "record", "number of items")
	if err != nil {
		return nil, err
	}
	if nLines > d.remaining()/minLineRow || nItems > (d.remaining()-nLines*minLineRow)/minItemRow {
		d.corrupt("%d lines and %d items cannot fit in the remaining %d bytes", nLines, nItems, d.remaining())
		return nil, d.failf("records")
	}
	if nLines > 0 {
		lines := make([]Line, nLines)
		for i := range rs {
			k := d.uvarintAt(&lineOff)
			if k > 0 {
				rs[i].Lines = lines[:k:k]
				lines = lines[k:]
			}
		}
		if err := d.lines(rs); err != nil {
			return nil, err
		}
	}
	if nItems > 0 {
		items := make([]Item, nItems)
		for i := range rs {
			k := d.uvarintAt(&itemOff)
			if k > 0 {
				rs[i].Items = items[:k:k]
				items = items[k:]
			}
		}
		if err := d.items(rs); err != nil {
			return nil, err
		}
	}

	if s.Peers, err = d.peers(); err != nil {
		return nil, err
	}
	if err := d.end(); err != nil {
		return nil, err
	}
	return s, nil
}

// lines decodes the line columns of records whose Lines are allocated.
func (d *decoder) lines(rs []Record) error {
	var ok bool
	for i := range rs {
		ls := rs[i].Lines
		for j := range ls {
			if ls[j].Nature, ok = d.ref(); !ok {
				return d.failf("record %d: line %d: nature", i, j)
			}
		}
	}
	for i := range rs {
		ls := rs[i].Lines
		for j := range ls {
			if ls[j].Function, ok = d.ref(); !ok {
				return d.failf("record %d: line %d: function", i, j)
			}
		}
	}
	for i := range rs {
		ls := rs[i].Lines
		for j := range ls {
			if ls[j].Chapter, ok = d.ref(); !ok {
				return d.failf("record %d: line %d: chapter", i, j)
			}
		}
	}
	for i := range rs {
		ls := rs[i].Lines
		for j := range ls {
			if ls[j].Label, ok = d.ref(); !ok {
				return d.failf("record %d: line %d: label", i, j)
			}
		}
	}
	for i := range rs {
		ls := rs[i].Lines
		for j := range ls {
			if ls[j].Section, ok = d.byte(); !ok {
				return d.failf("record %d: line %d: section", i, j)
			}
		}
	}
	for i := range rs {
		ls := rs[i].Lines
		for j := range ls {
			if ls[j].Amount, ok = d.varint(); !ok {
				return d.failf("record %d: line %d: amount", i, j)
			}
		}
	}
	for i := range rs {
		ls := rs[i].Lines
		for j := range ls {
			if ls[j].RAR, ok = d.varint(); !ok {
				return d.failf("record %d: line %d: restes à réaliser", i, j)
			}
		}
	}
	return nil
}

// items decodes the item columns of records whose Items are allocated.
func (d *decoder) items(rs []Record) error {
	var ok bool
	for i := range rs {
		its := rs[i].Items
		for j := range its {
			if its[j].Code, ok = d.ref(); !ok {
				return d.failf("record %d: item %d: code", i, j)
			}
		}
	}
	for i := range rs {
		its := rs[i].Items
		for j := range its {
			if its[j].Section, ok = d.byte(); !ok {
				return d.failf("record %d: item %d: section", i, j)
			}
		}
	}
	for i := range rs {
		its := rs[i].Items
		for j := range its {
			if its[j].Amount, ok = d.varint(); !ok {
				return d.failf("record %d: item %d: amount", i, j)
			}
		}
	}
	return nil
}
