package dataset

// File format, version 3 (version 1, without the shard of each year, and
// version 2, with the postal codes in the index, are refused with
// ErrVersion: rebuild the dataset).
//
// A raw (inflated) file is
//
//	magic     4 bytes    "J1KI" for an index, "J1KS" for a shard, "J1KD"
//	                     for a directory
//	version   uint16 LE  format version (Version)
//	length    uint32 LE  length of the whole raw file, this header and the CRC included
//	payload
//	crc       uint32 LE  CRC-32 (IEEE) of every byte before it
//
// and the file as shipped is that, gzip-compressed at level 9 with an empty
// gzip header (no name, no time), so that the same model always gives the
// same bytes with a given Go toolchain (the raw bytes never change).
//
// Notation: uv is an unsigned LEB128 varint (encoding/binary's Uvarint), zz
// a zigzag signed varint (Varint), Δzz a zz of the difference with the
// previous value of the same column (the first from 0), byte a single byte,
// u32 a uint32 LE. A column "x×n" stores field x of the n rows of a table
// one after the other: tables are stored column by column, which groups
// similar bytes for gzip.
//
// The payload starts with the string dictionary: n:uv, then the n byte
// lengths (uv), then the n strings' bytes concatenated. The strings are
// distinct and in order of first use in the payload (the order of the
// model, hence deterministic). A "ref" is a uv r: r = 0 is the next string
// of the dictionary not used yet, r > 0 is string r-1. A column of strings
// that are mostly used once (names) thus costs about a byte a row and
// compresses to almost nothing, and strings used early (natures,
// départements) get small indexes; this makes the gzipped index 7 %
// smaller than with a sorted dictionary. The decoder does not require the
// canonical form (an explicit r-1 where 0 would do decodes the same).
//
// A "num" is a string that is often a number with a fixed number of digits
// (codes, SIRENs, postal codes), stored as a uv h:
//
//	h&1 == 0   the string is ref h>>1
//	h&3 == 3   a string of w = h>>2 decimal digits (1 ≤ w ≤ 16, leading
//	           zeros kept), whose value follows as a uv
//	h&3 == 1   a string of as many digits as the previous digit string of
//	           the same column, whose value is the previous one plus
//	           the zigzag-decoded h>>2
//
// Strings of 1 to 16 ASCII digits are always stored as digits, with the
// short form when the width is unchanged; other strings ("2A004", "") go
// to the dictionary. Codes sorted by kind and code thus cost about a byte
// each.
//
// Index payload, after the dictionary:
//
//	source:ref
//	shards       n:uv  name:ref×n  checksum:u32×n
//	authorities  n:uv  kind:byte×n  code:num×n  siren:num×n  nature:ref×n
//	             departement:ref×n  region:ref×n  epci:ref×n  name:ref×n
//	             population:zz×n  populationYear:Δzz×n  nyears:uv×n
//	             years:Δzz×Σnyears  yearShard:Δzz×Σnyears
//	peers        (see below)
//
// Directory payload, after the dictionary: what search and the draft view
// need and showing one authority does not, fetched after the first figures
// (directory.go):
//
//	index        u32       the CRC of the index file it belongs to
//	authorities  n:uv (the index's n)  npostal:uv×n  postal:num×Σnpostal
//
// The index holds, for each year of each authority, the shard of its
// records (yearShard, a position in the shards table, each the difference
// with the previous one of the column across authorities): a national
// dataset packs the records of neighbouring small authorities together
// (every year in one file: the column is mostly zeros, a 1 where a pack
// starts) and splits a large authority's years over consecutive files, so
// that showing one authority fetches a file of its size, never a whole
// département. Authority.Shard, the shard of the latest year, is not
// stored. The shards table has no sizes: the page needs a shard's name
// and its checksum only (the version in its URL, and the check that it
// is the file the index was built with); 10,000 shards cost ~8 bytes each.
//
// Shard payload, after the dictionary:
//
//	name:ref
//	records  n:uv  authority:ref×n  year:Δzz×n  document:ref×n  detail:byte×n
//	         nomenclature:ref×n  population:zz×n  source:ref×n
//	         provDocument:ref×n  method:ref×n  licence:ref×n  note:ref×n
//	         nlines:uv×n  nitems:uv×n
//	lines    the lines of all the records, one record after the other:
//	         nature:ref×Σnlines  function:ref×…  chapter:ref×…  label:ref×…
//	         section:byte×…  amount:zz×…  rar:zz×…
//	items    likewise: code:ref×Σnitems  section:byte×…  amount:zz×…
//	peers    (see below)
//
// Peers: n:uv  year:Δzz×n  grid:ref×n  group:ref×n  area:ref×n
// section:byte×n  n:zz×n  shareQ1, shareMedian, shareQ3, perInhQ1,
// perInhMedian, perInhQ3: zz×n each.
//
// Rows are stored in the order of the lists of the model, which the codec
// preserves (see Index.Sort for a canonical order).

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
)

// Version is the format version this package writes and reads.
const Version uint16 = 3

// MaxRawSize bounds the size of an inflated file that ReadIndex and
// ReadShard accept, so that a hostile gzip stream cannot exhaust memory.
const MaxRawSize = 1 << 28

// Magic numbers of the two kinds of file.
const (
	IndexMagic = "J1KI"
	ShardMagic = "J1KS"
)

const (
	headerSize  = 4 + 2 + 4
	trailerSize = 4
)

// Errors returned, wrapped with what was being read, by the decoders. Use
// errors.Is to test for them.
var (
	ErrTruncated = errors.New("truncated")
	ErrMagic     = errors.New("wrong magic number")
	ErrVersion   = errors.New("unsupported format version")
	ErrChecksum  = errors.New("checksum mismatch")
	ErrCorrupt   = errors.New("corrupt data")
)

// ErrInvalid is returned, wrapped, by the encoders for a model they cannot
// store (e.g. an authority of kind 0 or a shard position out of range).
var ErrInvalid = errors.New("invalid model")

// checkFile verifies the header and trailer of a raw file and returns its
// payload, its version and its CRC.
func checkFile(raw []byte, magic string) (payload []byte, version uint16, crc uint32, err error) {
	if len(raw) < 4 {
		return nil, 0, 0, fmt.Errorf("header: %d bytes: %w", len(raw), ErrTruncated)
	}
	if string(raw[:4]) != magic {
		return nil, 0, 0, fmt.Errorf("header: magic %q, want %q: %w", raw[:4], magic, ErrMagic)
	}
	if len(raw) < headerSize {
		return nil, 0, 0, fmt.Errorf("header: %d bytes: %w", len(raw), ErrTruncated)
	}
	version = binary.LittleEndian.Uint16(raw[4:])
	if version != Version {
		return nil, version, 0, fmt.Errorf("header: version %d, this build reads %d: %w", version, Version, ErrVersion)
	}
	length := binary.LittleEndian.Uint32(raw[6:])
	switch {
	case length < headerSize+trailerSize:
		return nil, version, 0, fmt.Errorf("header: length %d: %w", length, ErrCorrupt)
	case uint64(len(raw)) < uint64(length):
		return nil, version, 0, fmt.Errorf("%d of %d bytes: %w", len(raw), length, ErrTruncated)
	case uint64(len(raw)) > uint64(length):
		return nil, version, 0, fmt.Errorf("%d bytes after the end of the file: %w", uint64(len(raw))-uint64(length), ErrCorrupt)
	}
	end := len(raw) - trailerSize
	crc = binary.LittleEndian.Uint32(raw[end:])
	if got := crc32.ChecksumIEEE(raw[:end]); got != crc {
		return nil, version, crc, fmt.Errorf("CRC %08x, file says %08x: %w", got, crc, ErrChecksum)
	}
	return raw[headerSize:end], version, crc, nil
}

// appendHeader starts a raw file; sealFile completes it.
func appendHeader(dst []byte, magic string) []byte {
	dst = append(dst, magic...)
	dst = binary.LittleEndian.AppendUint16(dst, Version)
	return binary.LittleEndian.AppendUint32(dst, 0) // length, set by sealFile
}

// sealFile sets the length of the file that starts at dst[start:] and
// appends its CRC.
func sealFile(dst []byte, start int) ([]byte, error) {
	n := len(dst) - start + trailerSize
	if uint64(n) > 1<<32-1 {
		return nil, fmt.Errorf("%d bytes is too large for the format: %w", n, ErrInvalid)
	}
	binary.LittleEndian.PutUint32(dst[start+6:], uint32(n))
	return binary.LittleEndian.AppendUint32(dst, crc32.ChecksumIEEE(dst[start:])), nil
}

// writeGzip compresses raw to w deterministically.
func writeGzip(w io.Writer, raw []byte) error {
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	if _, err := zw.Write(raw); err != nil {
		return err
	}
	return zw.Close()
}

// readGzip inflates r, refusing more than MaxRawSize bytes.
func readGzip(r io.Reader) ([]byte, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("gzip: %w", err)
	}
	raw, err := io.ReadAll(io.LimitReader(zr, MaxRawSize+1))
	if err != nil {
		return nil, fmt.Errorf("gzip: %w", err)
	}
	if len(raw) > MaxRawSize {
		return nil, fmt.Errorf("gzip: more than %d bytes once inflated: %w", MaxRawSize, ErrCorrupt)
	}
	if err := zr.Close(); err != nil {
		return nil, fmt.Errorf("gzip: %w", err)
	}
	return raw, nil
}

// NewShardRef describes the gzip-compressed shard file gz (as written by
// EncodeShard) for the index. It checks the file's header and checksum but
// does not decode its records.
func NewShardRef(name string, gz []byte) (ShardRef, error) {
	raw, err := readGzip(bytes.NewReader(gz))
	if err != nil {
		return ShardRef{}, fmt.Errorf("shard %s: %w", name, err)
	}
	_, _, crc, err := checkFile(raw, ShardMagic)
	if err != nil {
		return ShardRef{}, fmt.Errorf("shard %s: %w", name, err)
	}
	return ShardRef{Name: name, Checksum: crc}, nil
}

// Check reports whether raw, an inflated shard file, is the one r describes
// (same checksum): a mismatch means a stale or mixed-up file. It does not
// decode the records; DecodeShard checks the rest.
func (r ShardRef) Check(raw []byte) error {
	_, _, crc, err := checkFile(raw, ShardMagic)
	if err != nil {
		return fmt.Errorf("shard %s: %w", r.Name, err)
	}
	if crc != r.Checksum {
		return fmt.Errorf("shard %s: checksum %08x, index says %08x: %w", r.Name, crc, r.Checksum, ErrChecksum)
	}
	return nil
}
