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

// AppendIndex appends the raw (uncompressed) index file of ix to dst. The
// postal codes of the authorities are not in it: AppendDirectory writes
// them.
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

// DecodeIndex decodes an inflated index file. It does not keep raw. The
// authorities have no postal codes: they are in the directory file
// (DecodeDirectory).
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
		e.uint32(sh[i].Checksum)
	}

	as := ix.Authorities
	if e.collect {
		for i := range as {
			if !as[i].Kind.Valid() {
				return fmt.Errorf("authority %d (%s): kind %d: %w", i, as[i].Code, as[i].Kind, ErrInvalid)
			}
			if err := checkShards(&as[i], len(sh)); err != nil {
				return fmt.Errorf("authority %d (%s): %w", i, as[i].Code, err)
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
		e.ref(as[i].Nature)
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
		e.ref(as[i].Name)
	}
	for i := range as {
		e.varint(as[i].Population)
	}
	var prev int64
	for i := range as {
		e.delta(int64(as[i].PopulationYear), &prev)
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
	prev = 0
	for i := range as {
		for _, s := range as[i].YearShards {
			e.delta(int64(s), &prev)
		}
	}

	e.peers(ix.Peers)
	return nil
}

// checkShards reports whether the shards of an authority's years agree
// with its years and Shard and lie in 0..n-1.
func checkShards(a *Authority, n int) error {
	if len(a.YearShards) != len(a.Years) {
		return fmt.Errorf("%d years, %d year shards: %w", len(a.Years), len(a.YearShards), ErrInvalid)
	}
	for j, s := range a.YearShards {
		if s < 0 || s >= n {
			return fmt.Errorf("year %d: shard %d not in 0..%d: %w", a.Years[j], s, n-1, ErrInvalid)
		}
	}
	if want := latestShard(a.YearShards); a.Shard != want {
		return fmt.Errorf("shard %d, the latest year's is %d: %w", a.Shard, want, ErrInvalid)
	}
	return nil
}

// latestShard is the last of the shards of an authority's years, or -1.
func latestShard(s []int) int {
	if len(s) == 0 {
		return -1
	}
	return s[len(s)-1]
}

// Minimum encoded sizes of table rows, to bound lengths before allocating.
const (
	minShardRow     = 1 + 4
	minAuthorityRow = 11
	minNumValue     = 1
	minYearValue    = 2 // the year and its shard
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
	if err := d.shardRefs(ix); err != nil {
		return nil, err
	}
	if err := d.authorities(ix); err != nil {
		return nil, err
	}
	var err error
	if ix.Peers, err = d.peers(); err != nil {
		return nil, err
	}
	if err := d.end(); err != nil {
		return nil, err
	}
	return ix, nil
}

func (d *decoder) shardRefs(ix *Index) error {
	n, ok := d.count(minShardRow)
	if !ok {
		return d.failf("shards")
	}
	if n == 0 {
		return nil
	}
	sh := make([]ShardRef, n)
	ix.Shards = sh
	vals, i, ok := d.refColumn(n)
	if !ok {
		return d.failf("shard %d: name", i)
	}
	for i, v := range vals {
		sh[i].Name = d.str(v)
	}
	for i := range sh {
		if sh[i].Checksum, ok = d.uint32(); !ok {
			return d.failf("shard %d: checksum", i)
		}
	}
	return nil
}

// authorities decodes the authorities table. The columns are first read
// into integer arrays (authorityColumns), then the rows are filled in one
// pass: filling them column by column would sweep the whole (large) table
// once per column.
func (d *decoder) authorities(ix *Index) error {
	n, ok := d.count(minAuthorityRow)
	if !ok {
		return d.failf("authorities")
	}
	if n == 0 {
		return nil
	}

	// Allocated first, so that a garbage collection this starts can
	// overlap the reading of the columns rather than slow down the
	// filling of the rows with write barriers.
	as := make([]Authority, n)
	c, err := d.authorityColumns(n, len(ix.Shards))
	if err != nil {
		return err
	}
	codes, sirens := newNums(c.codes), newNums(c.sirens)
	years, yearShards := c.years, c.yearShards

	ix.Authorities = as
	dict := d.dict
	yearsOff := c.yearsOff
	for i := range as {
		a := &as[i]
		a.Kind = Kind(c.kinds[i])
		a.Code = codes.next(dict, i)
		a.SIREN = sirens.next(dict, i)
		a.Name = dict[c.names[i]]
		a.Nature = dict[c.natures[i]]
		a.Departement = dict[c.deps[i]]
		a.Region = dict[c.regions[i]]
		a.EPCI = dict[c.epcis[i]]
		a.Population = unzigzag(c.pops[i])
		a.PopulationYear = int(int64(c.popYears[i]))
		a.Shard = -1
		if k := d.uvarintAt(&yearsOff); k > 0 {
			a.Years, years = years[:k:k], years[k:]
			a.YearShards, yearShards = yearShards[:k:k], yearShards[k:]
			a.Shard = a.YearShards[k-1]
		}
	}
	return nil
}

// authorityColumns is the authorities table of an index read column by
// column into integers, and checked: DecodeIndex makes the rows of it,
// OpenIndex keeps it. Its arrays hold no pointer: the garbage collector
// does not scan them.
type authorityColumns struct {
	kinds []byte // of the n authorities, in the payload
	// Num columns (see numValues): dictionary indexes and digit strings.
	codes, sirens []uint64
	// Dictionary indexes.
	names, natures, deps, regions, epcis []uint64
	pops                                 []uint64 // zigzag-encoded populations
	popYears                             []uint64 // population years, as int64
	// yearsOff is the offset in the payload of the column of the numbers
	// of years of each authority (read with uvarintAt); years and
	// yearShards hold the values of every authority, one after the other.
	yearsOff          int
	years, yearShards []int
}

// authorityColumns reads the n rows of an authorities table, after its
// length, in an index of nShards shards.
func (d *decoder) authorityColumns(n, nShards int) (authorityColumns, error) {
	var c authorityColumns
	kinds, ok := d.bytes(n)
	if !ok {
		return c, d.failf("authorities: kind")
	}
	for i, k := range kinds {
		if !Kind(k).Valid() {
			d.corrupt("unknown kind %d", k)
			return c, d.failf("authority %d: kind", i)
		}
	}
	c.kinds = kinds
	cols := make([]uint64, 9*n)
	col := func(k int) []uint64 { return cols[k*n : (k+1)*n : (k+1)*n] }
	c.names, c.natures, c.deps, c.regions, c.epcis = col(0), col(1), col(2), col(3), col(4)
	c.pops, c.popYears, c.codes, c.sirens = col(5), col(6), col(7), col(8)
	if i, ok := d.numValues(c.codes); !ok {
		return c, d.failf("authority %d: code", i)
	}
	if i, ok := d.numValues(c.sirens); !ok {
		return c, d.failf("authority %d: SIREN", i)
	}
	for _, r := range []struct {
		col   []uint64
		field string
	}{{c.natures, "nature"}, {c.deps, "département"}, {c.regions, "région"}, {c.epcis, "EPCI"}, {c.names, "name"}} {
		if i, ok := d.readRefs(r.col); !ok {
			return c, d.failf("authority %d: %s", i, r.field)
		}
	}
	if i, ok := d.read(c.pops); !ok {
		return c, d.failf("authority %d: population", i)
	}
	if i, ok := d.read(c.popYears); !ok {
		return c, d.failf("authority %d: population year", i)
	}
	var prev int64
	for i, v := range c.popYears {
		prev += unzigzag(v)
		if _, ok := d.toInt(prev); !ok {
			return c, d.failf("authority %d: population year", i)
		}
		c.popYears[i] = uint64(prev)
	}
	yearsOff, nYears, err := d.counts(n, minYearValue, "authority", "number of years")
	if err != nil {
		return c, err
	}
	c.yearsOff = yearsOff
	if nYears > 0 {
		c.years = make([]int, nYears)
		if j, ok := d.readDeltas(c.years); !ok {
			i, j := d.locate(yearsOff, j)
			return c, d.failf("authority %d: year %d", i, j)
		}
		c.yearShards = make([]int, nYears)
		j, ok := d.readDeltas(c.yearShards)
		if ok {
			for j = range c.yearShards {
				if s := c.yearShards[j]; s < 0 || s >= nShards {
					d.corrupt("shard %d out of range (index has %d)", s, nShards)
					ok = false
					break
				}
			}
		}
		if !ok {
			i, j := d.locate(yearsOff, j)
			return c, d.failf("authority %d: shard of year %d", i, j)
		}
	}
	return c, nil
}
