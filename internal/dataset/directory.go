package dataset

import (
	"fmt"
	"io"
	"strconv"
)

// The directory file holds what only search and the draft view need about
// every authority, apart from the index, so that the first figures of an
// authority's page do not wait for it: its postal codes (41 KB of the
// bundled index's 335 KB brotli; every other column is needed to show one
// authority or to search by name). It belongs to one index file, whose CRC
// it names: a directory of another build is refused.

// DirectoryMagic is the magic number of a directory file.
const DirectoryMagic = "J1KD"

// AppendDirectory appends the raw (uncompressed) directory file of ix to
// dst: the postal codes of its authorities, in the order of
// ix.Authorities, for the index file AppendIndex writes of ix.
func AppendDirectory(dst []byte, ix *Index) ([]byte, error) {
	index, err := AppendIndex(nil, ix)
	if err != nil {
		return nil, err
	}
	_, _, crc, err := checkFile(index, IndexMagic)
	if err != nil {
		return nil, fmt.Errorf("directory: its index: %w", err)
	}
	e := newEncoder()
	e.directory(ix, crc)
	start := len(dst)
	e.startWriting(appendHeader(dst, DirectoryMagic))
	e.directory(ix, crc)
	out, err := sealFile(e.buf, start)
	if err != nil {
		return nil, fmt.Errorf("directory: %w", err)
	}
	return out, nil
}

// EncodeDirectory writes the directory file of ix to w, gzip-compressed.
func EncodeDirectory(w io.Writer, ix *Index) error {
	raw, err := AppendDirectory(nil, ix)
	if err != nil {
		return err
	}
	if err := writeGzip(w, raw); err != nil {
		return fmt.Errorf("directory: gzip: %w", err)
	}
	return nil
}

// directory walks ix for the encoder (both passes).
func (e *encoder) directory(ix *Index, indexCRC uint32) {
	as := ix.Authorities
	e.uint32(indexCRC)
	e.uvarint(uint64(len(as)))
	for i := range as {
		e.uvarint(uint64(len(as[i].PostalCodes)))
	}
	var st numState
	for i := range as {
		for _, pc := range as[i].PostalCodes {
			e.num(pc, &st)
		}
	}
}

// Directory is a directory file opened for the index file it belongs to:
// the postal codes of authority i of the index. It is immutable and safe
// for concurrent use.
type Directory struct {
	strs
	postal []uint64 // num values of every authority, one after the other
	// offs[i]:offs[i+1] is the range of authority i's in postal.
	offs []uint32
}

// OpenDirectory opens an inflated directory file for the index file f. It
// refuses a directory written for another index (ErrChecksum).
func OpenDirectory(raw []byte, f *IndexFile) (*Directory, error) {
	payload, _, _, err := checkFile(raw, DirectoryMagic)
	if err != nil {
		return nil, fmt.Errorf("directory: %w", err)
	}
	d := decoder{buf: payload}
	dir, err := d.directory(f.crc, f.n)
	if err != nil {
		return nil, fmt.Errorf("directory: %w", err)
	}
	return dir, nil
}

// directory decodes a directory payload for an index of n authorities and
// checksum crc.
func (d *decoder) directory(crc uint32, n int) (*Directory, error) {
	if err := d.dictionaryOffsets(); err != nil {
		return nil, err
	}
	dir := &Directory{strs: strs{d.text, d.offs}}
	got, ok := d.uint32()
	if !ok {
		return nil, d.failf("index checksum")
	}
	if got != crc {
		return nil, fmt.Errorf("written for the index of checksum %08x, this one is %08x: %w", got, crc, ErrChecksum)
	}
	m, ok := d.uvarint()
	if !ok {
		return nil, d.failf("authorities")
	}
	if m != uint64(n) {
		d.corrupt("%d authorities, the index has %d", m, n)
		return nil, d.failf("authorities")
	}
	off, total, err := d.counts(n, minNumValue, "authority", "number of postal codes")
	if err != nil {
		return nil, err
	}
	dir.postal = make([]uint64, total)
	if j, ok := d.numValues(dir.postal); !ok {
		i, j := d.locate(off, j)
		return nil, d.failf("authority %d: postal code %d", i, j)
	}
	dir.offs = d.runningTotals(off, n)
	if err := d.end(); err != nil {
		return nil, err
	}
	return dir, nil
}

// PostalCodes returns the postal codes of authority i of the index (nil
// when it has none): the caller's own.
func (dir *Directory) PostalCodes(i int) []string {
	lo, hi := dir.offs[i], dir.offs[i+1]
	if hi == lo {
		return nil
	}
	out := make([]string, hi-lo)
	for j := range out {
		out[j] = dir.num(dir.postal[int(lo)+j])
	}
	return out
}

// DecodeDirectory sets the postal codes of the authorities of ix, decoded
// from the raw index file index, from raw, its directory file.
func DecodeDirectory(raw []byte, index []byte, ix *Index) error {
	f, err := OpenIndex(index)
	if err != nil {
		return err
	}
	dir, err := OpenDirectory(raw, f)
	if err != nil {
		return err
	}
	if len(ix.Authorities) != f.Len() {
		return fmt.Errorf("directory: %d authorities, the index has %d: %w", len(ix.Authorities), f.Len(), ErrInvalid)
	}
	for i := range ix.Authorities {
		ix.Authorities[i].PostalCodes = dir.PostalCodes(i)
	}
	return nil
}

// ReadDirectory reads a gzip-compressed directory file into ix, decoded
// from the raw index file index.
func ReadDirectory(r io.Reader, index []byte, ix *Index) error {
	raw, err := readGzip(r)
	if err != nil {
		return fmt.Errorf("directory: %w", err)
	}
	return DecodeDirectory(raw, index, ix)
}

// ReadIndexWithDirectory reads a gzip-compressed index file and its
// gzip-compressed directory: the whole Index, postal codes included, as
// the pipeline built it. A directory of another index is refused.
func ReadIndexWithDirectory(index, directory io.Reader) (*Index, error) {
	raw, err := readGzip(index)
	if err != nil {
		return nil, fmt.Errorf("index: %w", err)
	}
	ix, err := DecodeIndex(raw)
	if err != nil {
		return nil, err
	}
	if err := ReadDirectory(directory, raw, ix); err != nil {
		return nil, err
	}
	return ix, nil
}

// DirectoryVersion is the version of the directory of the index file f in
// its URL: the index's checksum as eight hex digits, so that a cache keeps
// one directory per index.
func DirectoryVersion(f *IndexFile) string {
	return strconv.FormatUint(1<<32|uint64(f.crc), 16)[1:]
}
