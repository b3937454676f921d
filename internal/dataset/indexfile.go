package dataset

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"sort"
	"strings"
)

// IndexFile is an index opened for lookups by key, without decoding its
// authorities: what the app needs to show one authority at start-up.
//
// OpenIndex checks the whole file as DecodeIndex does (it accepts exactly
// the files DecodeIndex accepts, with the same errors) and decodes the
// small tables (source, shards, peers); of the authorities it keeps integer
// columns only — kinds, codes as numbers or dictionary indexes, dictionary
// indexes of the names, populations, offsets of the years
// — and no string or Authority per row, so that opening costs one pass
// over the file and the garbage collector has nothing to scan. Find and
// Authority then make one Authority from them, equal (reflect.DeepEqual)
// to the one DecodeIndex gives; Entry makes one without its years, for
// what goes over every authority (search).
//
// An IndexFile is safe for concurrent use. It keeps the raw bytes given to
// OpenIndex: they must not be modified afterwards.
type IndexFile struct {
	raw     []byte
	version uint16
	crc     uint32 // of the file: its directory names it
	source  string
	shards  []ShardRef
	peers   []Peer
	strs        // the dictionary
	n       int // number of authorities
	cols    authorityColumns
	// years[i]:years[i+1] is the range of authority i's years in
	// cols.years; nil when no authority has any.
	years []uint32
	// order lists the rows by kind, then code, then position in the file,
	// for the binary search of Lookup; nil when the file is in that order
	// (as Index.Sort leaves it, and `make data` writes it).
	order []int32
}

// OpenIndex opens an inflated index file for lookups (see IndexFile). It
// returns the error DecodeIndex would return for raw, if any.
func OpenIndex(raw []byte) (*IndexFile, error) {
	payload, version, crc, err := checkFile(raw, IndexMagic)
	if err != nil {
		return nil, fmt.Errorf("index: %w", err)
	}
	f := &IndexFile{raw: raw, version: version, crc: crc}
	if err := f.open(payload); err != nil {
		return nil, fmt.Errorf("index: %w", err)
	}
	return f, nil
}

// open reads the payload in the order and with the checks of
// decoder.index.
func (f *IndexFile) open(payload []byte) error {
	d := decoder{buf: payload}
	if err := d.dictionaryOffsets(); err != nil {
		return err
	}
	f.strs = strs{d.text, d.offs}
	var ok bool
	if f.source, ok = d.ref(); !ok {
		return d.failf("source")
	}
	var ix Index
	if err := d.shardRefs(&ix); err != nil {
		return err
	}
	f.shards = ix.Shards
	if f.n, ok = d.count(minAuthorityRow); !ok {
		return d.failf("authorities")
	}
	if f.n > 0 {
		var err error
		if f.cols, err = d.authorityColumns(f.n, len(f.shards)); err != nil {
			return err
		}
		if len(f.cols.years) > 0 {
			f.years = d.runningTotals(f.cols.yearsOff, f.n)
		}
	}
	var err error
	if f.peers, err = d.peers(); err != nil {
		return err
	}
	if err := d.end(); err != nil {
		return err
	}
	f.sortKeys()
	return nil
}

// sortKeys sets order when the rows are not sorted by kind, then code.
func (f *IndexFile) sortKeys() {
	sorted := true
	for i := 1; i < f.n; i++ {
		if f.compareRows(i-1, i) > 0 {
			sorted = false
			break
		}
	}
	if sorted {
		return
	}
	// n < 2^31: each row takes at least minAuthorityRow bytes of a file
	// shorter than 4 GiB.
	f.order = make([]int32, f.n)
	for i := range f.order {
		f.order[i] = int32(i)
	}
	slices.SortStableFunc(f.order, func(a, b int32) int { return f.compareRows(int(a), int(b)) })
}

// Version is the format version of the file.
func (f *IndexFile) Version() uint16 { return f.version }

// Checksum is the CRC of the file, which its directory names
// (DirectoryVersion gives it as the directory's URL version).
func (f *IndexFile) Checksum() uint32 { return f.crc }

// Source is the provenance summary of the dataset (Index.Source).
func (f *IndexFile) Source() string { return f.source }

// Shards lists the shards of the dataset (Index.Shards). The slice is
// shared: do not modify it.
func (f *IndexFile) Shards() []ShardRef { return f.shards }

// Peers lists the peer references of the index (Index.Peers). The slice is
// shared: do not modify it.
func (f *IndexFile) Peers() []Peer { return f.peers }

// Len is the number of authorities (len(Index.Authorities)).
func (f *IndexFile) Len() int { return f.n }

// Find returns the authority of key ("commune:93048", see Authority.Key),
// made from the file: of several with that key, the last one (as a map by
// key would). The Authority is the caller's own.
func (f *IndexFile) Find(key string) (*Authority, bool) {
	kind, code, ok := strings.Cut(key, ":")
	if !ok {
		return nil, false
	}
	k, ok := parseKind(kind)
	if !ok {
		return nil, false
	}
	i, ok := f.Lookup(k, code)
	if !ok {
		return nil, false
	}
	return f.Authority(i), true
}

// Lookup returns the position (in Index.Authorities) of the authority of a
// kind and code; of several, the last one.
func (f *IndexFile) Lookup(k Kind, code string) (int, bool) {
	value, isDigits := digits(code)
	compare := func(i int) int {
		if c := cmp.Compare(Kind(f.cols.kinds[i]), k); c != 0 {
			return c
		}
		v := f.cols.codes[i]
		if w := int(v & 31); isDigits && w == len(code) {
			// Digit strings of the same width compare as numbers.
			return cmp.Compare(v>>5, value)
		}
		return f.compareNum(v, code)
	}
	// The first row after (k, code), then the one before it.
	j := sort.Search(f.n, func(j int) bool { return compare(f.row(j)) > 0 })
	if j == 0 {
		return 0, false
	}
	i := f.row(j - 1)
	if compare(i) != 0 {
		return 0, false
	}
	return i, true
}

// row is the position in the file of the j-th row by kind and code.
func (f *IndexFile) row(j int) int {
	if f.order == nil {
		return j
	}
	return int(f.order[j])
}

// Authority makes authority i (0 ≤ i < Len()) of the file: the caller's
// own, equal to Index.Authorities[i] of DecodeIndex.
func (f *IndexFile) Authority(i int) *Authority {
	a := f.Entry(i)
	if f.years != nil {
		if lo, hi := f.years[i], f.years[i+1]; hi > lo {
			a.Years = slices.Clone(f.cols.years[lo:hi])
			a.YearShards = slices.Clone(f.cols.yearShards[lo:hi])
		}
	}
	return &a
}

// Entry returns the authority at position i without its Years and
// YearShards (its Shard, the latest year's, is set): what names and places
// it (search indexes every authority this way, for less garbage).
func (f *IndexFile) Entry(i int) Authority {
	c := &f.cols
	a := Authority{
		Kind:           Kind(c.kinds[i]),
		Code:           f.num(c.codes[i]),
		SIREN:          f.num(c.sirens[i]),
		Name:           f.str(c.names[i]),
		Nature:         f.str(c.natures[i]),
		Departement:    f.str(c.deps[i]),
		Region:         f.str(c.regions[i]),
		EPCI:           f.str(c.epcis[i]),
		Population:     unzigzag(c.pops[i]),
		PopulationYear: int(int64(c.popYears[i])),
		Shard:          -1,
	}
	if f.years != nil {
		if hi := f.years[i+1]; hi > f.years[i] {
			a.Shard = c.yearShards[hi-1]
		}
	}
	return a
}

// strs is the dictionary of a file opened without decoding its strings:
// string i is text[offs[i]:offs[i+1]].
type strs struct {
	text string
	offs []uint32
}

// str returns string i of the dictionary.
func (f strs) str(i uint64) string { return f.text[f.offs[i]:f.offs[i+1]] }

// num returns the string of a num value (see numValues).
func (f strs) num(v uint64) string {
	w := int(v & 31)
	if w == 0 {
		return f.str(v >> 5)
	}
	var buf [maxDigits]byte
	putDigits(buf[:w], v>>5)
	return string(buf[:w])
}

// compareNum compares the string of a num value with s.
func (f strs) compareNum(v uint64, s string) int {
	w := int(v & 31)
	if w == 0 {
		return strings.Compare(f.str(v>>5), s)
	}
	var buf [maxDigits]byte
	putDigits(buf[:w], v>>5)
	return compareBytes(buf[:w], s)
}

// compareRows compares rows i and j by kind, then code.
func (f *IndexFile) compareRows(i, j int) int {
	if c := cmp.Compare(f.cols.kinds[i], f.cols.kinds[j]); c != 0 {
		return c
	}
	a, b := f.cols.codes[i], f.cols.codes[j]
	wa, wb := int(a&31), int(b&31)
	switch {
	case wa != 0 && wa == wb:
		return cmp.Compare(a>>5, b>>5)
	case wb == 0:
		return f.compareNum(a, f.str(b>>5))
	case wa == 0:
		return -f.compareNum(b, f.str(a>>5))
	}
	var ba, bb [maxDigits]byte
	putDigits(ba[:wa], a>>5)
	putDigits(bb[:wb], b>>5)
	return bytes.Compare(ba[:wa], bb[:wb])
}

// compareBytes is strings.Compare(string(b), s), without a copy.
func compareBytes(b []byte, s string) int {
	for i := range min(len(b), len(s)) {
		if b[i] != s[i] {
			return cmp.Compare(b[i], s[i])
		}
	}
	return cmp.Compare(len(b), len(s))
}
