package dataset

import (
	"fmt"
	"io"
)

// EncodeIndex writes ix to w as a gzip-compressed index file. The same
// index always gives the same bytes (with a given Go toolchain).
func EncodeIndex(w io.Writer, ix *Index) error {
	raw, err := AppendIndex(nil, ix)
	if err != nil {
		return err
	}
	if err := writeGzip(w, raw); err != nil {
		return fmt.Errorf("index: gzip: %w", err)
	}
	return nil
}

// AppendIndex appends the raw (uncompressed) index file of ix to dst.
func AppendIndex(dst []byte, ix *Index) ([]byte, error) {
	if ix.Version != 0 && ix.Version != Version {
		return nil, fmt.Errorf("index: version %d, this build writes %d: %w", ix.Version, Version, ErrVersion)
	}
	e := newEncoder()
	if err := e.index(ix); err != nil {
		return nil, fmt.Errorf("index: %w", err)
	}
	start := len(dst)
	e.startWriting(appendHeader(dst, IndexMagic))
	if err := e.index(ix); err != nil {
		return nil, fmt.Errorf("index: %w", err)
	}
	out, err := sealFile(e.buf, start)
	if err != nil {
		return nil, fmt.Errorf("index: %w", err)
	}
	return out, nil
}

// ReadIndex reads a gzip-compressed index file.
func ReadIndex(r io.Reader) (*Index, error) {
	raw, err := readGzip(r)
	if err != nil {
		return nil, fmt.Errorf("index: %w", err)
	}
	return DecodeIndex(raw)
}

// DecodeIndex decodes an inflated index file. It does not keep raw.
func DecodeIndex(raw []byte) (*Index, error) {
	payload, version, _, err := checkFile(raw, IndexMagic)
	if err != nil {
		return nil, fmt.Errorf("index: %w", err)
	}
	d := decoder{buf: payload}
	ix, err := d.index()
	if err != nil {
		return nil, fmt.Errorf("index: %w", err)
	}
	ix.Version = version
	return ix, nil
}

// index walks ix for the encoder (both passes).
func (e *encoder) index(ix *Index) error {
	e.ref(ix.Source)

	sh := ix.Shards
	e.uvarint(uint64(len(sh)))
	for i := range sh {
		e.ref(sh[i].Name)
	}
	for i := range sh {
		e.varint(sh[i].Size)
	}
	for i := range sh {
		e.varint(sh[i].Raw)
	}
	for i := range sh {
		e.uint32(sh[i].Checksum)
	}

	as := ix.Authorities
	if e.collect {
		for i := range as {
			if !as[i].Kind.Valid() {
				return fmt.Errorf("authority %d (%s): kind %d: %w", i, as[i].Code, as[i].Kind, ErrInvalid)
			}
			if s := as[i].Shard; s < -1 || s >= len(sh) {
				return fmt.Errorf("authority %d (%s): shard %d not in 0..%d or -1: %w", i, as[i].Code, s, len(sh)-1, ErrInvalid)
			}
		}
	}
	e.uvarint(uint64(len(as)))
	for i := range as {
		e.byte(byte(as[i].Kind))
	}
	var st numState
	for i := range as {
		e.num(as[i].Code, &st)
	}
	st = numState{}
	for i := range as {
		e.num(as[i].SIREN, &st)
	}
	for i := range as {
		e.ref(as[i].Name)
	}
	for i := range as {
		e.ref(as[i].Nature)
	}
	for i := range as {
		e.uvarint(uint64(len(as[i].PostalCodes)))
	}
	st = numState{}
	for i := range as {
		for _, pc := range as[i].PostalCodes {
			e.num(pc, &st)
		}
	}
	for i := range as {
		e.ref(as[i].Departement)
	}
	for i := range as {
		e.ref(as[i].Region)
	}
	for i := range as {
		e.ref(as[i].EPCI)
	}
	for i := range as {
		e.varint(as[i].Population)
	}
	var prev int64
	for i := range as {
		e.delta(int64(as[i].PopulationYear), &prev)
	}
	for i := range as {
		e.uvarint(uint64(as[i].Shard + 1))
	}
	for i := range as {
		e.uvarint(uint64(len(as[i].Years)))
	}
	prev = 0
	for i := range as {
		for _, y := range as[i].Years {
			e.delta(int64(y), &prev)
		}
	}

	e.peers(ix.Peers)
	return nil
}

// Minimum encoded sizes of table rows, to bound lengths before allocating.
const (
	minShardRow     = 1 + 1 + 1 + 4
	minAuthorityRow = 13
	minNumValue     = 1
	minYearValue    = 1
)

// index decodes an index payload.
func (d *decoder) index() (*Index, error) {
	if err := d.dictionary(); err != nil {
		return nil, err
	}
	ix := new(Index)
	var ok bool
	if ix.Source, ok = d.ref(); !ok {
		return nil, d.failf("source")
	}

	n, ok := d.count(minShardRow)
	if !ok {
		return nil, d.failf("shards")
	}
	if n > 0 {
		ix.Shards = make([]ShardRef, n)
	}
	sh := ix.Shards
	for i := range sh {
		if sh[i].Name, ok = d.ref(); !ok {
			return nil, d.failf("shard %d: name", i)
		}
	}
	for i := range sh {
		if sh[i].Size, ok = d.varint(); !ok {
			return nil, d.failf("shard %d: size", i)
		}
	}
	for i := range sh {
		if sh[i].Raw, ok = d.varint(); !ok {
			return nil, d.failf("shard %d: raw size", i)
		}
	}
	for i := range sh {
		if sh[i].Checksum, ok = d.uint32(); !ok {
			return nil, d.failf("shard %d: checksum", i)
		}
	}

	if n, ok = d.count(minAuthorityRow); !ok {
		return nil, d.failf("authorities")
	}
	if n > 0 {
		ix.Authorities = make([]Authority, n)
	}
	as := ix.Authorities
	for i := range as {
		k, ok := d.byte()
		if !ok {
			return nil, d.failf("authority %d: kind", i)
		}
		if as[i].Kind = Kind(k); !as[i].Kind.Valid() {
			d.corrupt("unknown kind %d", k)
			return nil, d.failf("authority %d: kind", i)
		}
	}
	var st numState
	for i := range as {
		if !d.num(&as[i].Code, &st) {
			return nil, d.failf("authority %d: code", i)
		}
	}
	st = numState{}
	for i := range as {
		if !d.num(&as[i].SIREN, &st) {
			return nil, d.failf("authority %d: SIREN", i)
		}
	}
	for i := range as {
		if as[i].Name, ok = d.ref(); !ok {
			return nil, d.failf("authority %d: name", i)
		}
	}
	for i := range as {
		if as[i].Nature, ok = d.ref(); !ok {
			return nil, d.failf("authority %d: nature", i)
		}
	}
	off, total, err := d.counts(len(as), minNumValue, "authority", "number of postal codes")
	if err != nil {
		return nil, err
	}
	if total > 0 {
		postal := make([]string, total)
		st = numState{}
		for i := range as {
			k := d.uvarintAt(&off)
			if k == 0 {
				continue
			}
			pcs := postal[:k:k]
			postal = postal[k:]
			for j := range pcs {
				if !d.num(&pcs[j], &st) {
					return nil, d.failf("authority %d: postal code %d", i, j)
				}
			}
			as[i].PostalCodes = pcs
		}
	}
	for i := range as {
		if as[i].Departement, ok = d.ref(); !ok {
			return nil, d.failf("authority %d: département", i)
		}
	}
	for i := range as {
		if as[i].Region, ok = d.ref(); !ok {
			return nil, d.failf("authority %d: région", i)
		}
	}
	for i := range as {
		if as[i].EPCI, ok = d.ref(); !ok {
			return nil, d.failf("authority %d: EPCI", i)
		}
	}
	for i := range as {
		if as[i].Population, ok = d.varint(); !ok {
			return nil, d.failf("authority %d: population", i)
		}
	}
	var prev int64
	for i := range as {
		if as[i].PopulationYear, ok = d.delta(&prev); !ok {
			return nil, d.failf("authority %d: population year", i)
		}
	}
	for i := range as {
		s, ok := d.uvarint()
		if !ok {
			return nil, d.failf("authority %d: shard", i)
		}
		if s > uint64(len(sh)) {
			d.corrupt("shard %d out of range (index has %d)", int64(s)-1, len(sh))
			return nil, d.failf("authority %d: shard", i)
		}
		as[i].Shard = int(s) - 1
	}
	if off, total, err = d.counts(len(as), minYearValue, "authority", "number of years"); err != nil {
		return nil, err
	}
	if total > 0 {
		years := make([]int, total)
		prev = 0
		for i := range as {
			k := d.uvarintAt(&off)
			if k == 0 {
				continue
			}
			ys := years[:k:k]
			years = years[k:]
			for j := range ys {
				if ys[j], ok = d.delta(&prev); !ok {
					return nil, d.failf("authority %d: year %d", i, j)
				}
			}
			as[i].Years = ys
		}
	}

	if ix.Peers, err = d.peers(); err != nil {
		return nil, err
	}
	if err := d.end(); err != nil {
		return nil, err
	}
	return ix, nil
}
