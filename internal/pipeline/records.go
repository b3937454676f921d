package pipeline

import (
	"fmt"
	"math"
)

// recordSet remembers the records added to a Builder (authority, year,
// kind of document) and the source file of each, to refuse and report
// duplicates.
//
// A national build adds about 36,000 records a year over 13 years: held as
// a map of strings (authority key, document, source path) it took about
// 120 bytes a record and grew every year. Here the authority is its entry's
// id, the document and the source are interned, so that a record costs a
// 12-byte key and a 4-byte value in the map (about 30 bytes with the
// map's own overhead).
type recordSet struct {
	ids     map[recordKey]uint32 // source id of each record
	docs    map[string]uint16    // document ("CA", "BP"…) to its id
	sources []string             // source paths, by id
	srcID   map[string]uint32
}

// recordKey identifies a record within the dataset (as dataset.Shard.Sort
// orders them).
type recordKey struct {
	auth uint32 // entry.id
	year uint16
	doc  uint16 // recordSet.docs
}

func newRecordSet() recordSet {
	return recordSet{ids: map[recordKey]uint32{}, docs: map[string]uint16{}, srcID: map[string]uint32{}}
}

// key returns the key of a record; ok is false when the document was
// never added (then neither was the record).
func (rs *recordSet) key(auth uint32, year int, document string) (k recordKey, ok bool) {
	doc, ok := rs.docs[document]
	return recordKey{auth: auth, year: uint16(year), doc: doc}, ok
}

// source returns the source path of a record added, and whether it was.
func (rs *recordSet) source(auth uint32, year int, document string) (string, bool) {
	k, ok := rs.key(auth, year, document)
	if !ok {
		return "", false
	}
	id, ok := rs.ids[k]
	if !ok {
		return "", false
	}
	return rs.sources[id], true
}

// add remembers a record and its source path; year must fit in 16 bits.
func (rs *recordSet) add(auth uint32, year int, document, source string) error {
	if year <= 0 || year > math.MaxUint16 {
		return fmt.Errorf("year %d out of range", year)
	}
	doc, ok := rs.docs[document]
	if !ok {
		if len(rs.docs) > math.MaxUint16 {
			return fmt.Errorf("more than %d kinds of document", math.MaxUint16+1)
		}
		doc = uint16(len(rs.docs))
		rs.docs[document] = doc
	}
	src, ok := rs.srcID[source]
	if !ok {
		if len(rs.sources) >= math.MaxUint32 {
			return fmt.Errorf("more than %d source files", uint32(math.MaxUint32))
		}
		src = uint32(len(rs.sources))
		rs.srcID[source] = src
		rs.sources = append(rs.sources, source)
	}
	rs.ids[recordKey{auth: auth, year: uint16(year), doc: doc}] = src
	return nil
}

// len returns how many records were added.
func (rs *recordSet) len() int { return len(rs.ids) }
