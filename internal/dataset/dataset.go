// Package dataset defines the bundled dataset the app loads — an index of
// every authority (for search) and shards of spending figures loaded on
// demand — and its compact, versioned binary codec.
//
// A file is a small header (magic, format version, length), a payload and a
// CRC-32, the whole gzip-compressed: the browser inflates it with
// DecompressionStream('gzip') and Go decodes the inflated ("raw") bytes with
// DecodeIndex or DecodeShard; ReadIndex and ReadShard inflate in Go.
// OpenIndex opens an index for lookups by key without decoding its
// authorities (the app's start-up), and decodes it whole on demand. See
// format.go for the byte layout.
//
// The package depends on the standard library only: it sits on the wasm
// start-up path. Amounts are int64 euro cents.
package dataset

import (
	"cmp"
	"fmt"
	"slices"
)

// Kind is the kind of a local authority. Its numeric values are stored in
// files: never renumber them.
type Kind uint8

// Kinds of authority. The zero value is not a kind: the codec refuses it.
const (
	KindCommune     Kind = iota + 1 // commune
	KindEPCI                        // établissement public de coopération intercommunale à fiscalité propre
	KindEPT                         // établissement public territorial (Métropole du Grand Paris)
	KindDepartement                 // département
	KindRegion                      // région
	KindCTU                         // collectivité territoriale unique (Corse, Guyane, Martinique)
)

// Valid reports whether k is one of the kinds above.
func (k Kind) Valid() bool { return k >= KindCommune && k <= KindCTU }

// String returns the lowercase name used in record keys ("commune", "epci",
// "ept", "departement", "region", "ctu"), or "Kind(n)" for an invalid kind.
func (k Kind) String() string {
	switch k {
	case KindCommune:
		return "commune"
	case KindEPCI:
		return "epci"
	case KindEPT:
		return "ept"
	case KindDepartement:
		return "departement"
	case KindRegion:
		return "region"
	case KindCTU:
		return "ctu"
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// ParseKind is the inverse of Kind.String.
func ParseKind(s string) (Kind, error) {
	if k, ok := parseKind(s); ok {
		return k, nil
	}
	return 0, fmt.Errorf("unknown authority kind %q", s)
}

func parseKind(s string) (Kind, bool) {
	for k := KindCommune; k <= KindCTU; k++ {
		if k.String() == s {
			return k, true
		}
	}
	return 0, false
}

// Authority is one local authority of the index.
type Authority struct {
	Kind Kind
	// Code identifies the authority within its kind: the INSEE code for
	// communes ("93048", "2A004"), départements ("93", "2A", "971"), régions
	// ("84") and CTUs; the SIREN for EPCIs and EPTs.
	Code        string
	SIREN       string   // SIREN number (9 digits); "" if unknown
	Name        string   // official name, e.g. "Montreuil"
	Nature      string   // legal nature as published, e.g. "CA" (communauté d'agglomération), "COM"
	PostalCodes []string // postal codes (communes; may be empty for other kinds)
	Departement string   // INSEE code of the département it belongs to; "" if none or several
	Region      string   // INSEE code of the région it belongs to; "" if none or several
	EPCI        string   // SIREN of the EPCI a commune belongs to; "" otherwise
	// Population is the population totale (PTOT) of PopulationYear; 0 when
	// unknown.
	Population     int64
	PopulationYear int
	// Years lists the years with records, ascending, and YearShards, of
	// the same length, the position in Index.Shards of the shard holding
	// each year's records (every record of an authority and a year is in
	// one shard). Both are nil when the authority has no records.
	Years      []int
	YearShards []int
	// Shard is the shard of the latest year (YearShards[len-1]), or -1 if
	// there are none: what showing the authority fetches first. The
	// encoder requires it to agree with YearShards; the decoder sets it.
	Shard int
}

// ShardOf returns the position in Index.Shards of the shard holding the
// authority's records of year, or -1 if it has none that year.
func (a *Authority) ShardOf(year int) int {
	if i, ok := slices.BinarySearch(a.Years, year); ok && i < len(a.YearShards) {
		return a.YearShards[i]
	}
	return -1
}

// Key returns the key that names the authority in Record.Authority:
// "<kind>:<code>", e.g. "commune:93048".
func (a *Authority) Key() string { return a.Kind.String() + ":" + a.Code }

// ShardRef describes a shard file of the dataset, as listed in the index.
type ShardRef struct {
	Name string // file name relative to the index, e.g. "p-commune-93001.bin.gz"
	// Checksum is the CRC-32 (IEEE) stored at the end of the raw file: the
	// app checks with ShardRef.Check that a fetched shard is the one the
	// index was built with.
	Checksum uint32
}

// Index is the dataset's entry point: every authority, the shards that hold
// their figures, and the peer references that are small enough to ship
// with it (national and per-kind ones).
type Index struct {
	// Version is the format version the index was read from. When encoding,
	// 0 means the current Version; any other value must equal it.
	Version     uint16
	Source      string // provenance summary of the whole dataset (sources, build date, licence)
	Authorities []Authority
	Shards      []ShardRef
	Peers       []Peer
}

// Detail says how much of a record's budget is known.
type Detail uint8

// Details. Their numeric values are stored in files: never renumber them.
// The zero value is not a detail: the codec refuses it.
const (
	Detailed   Detail = iota + 1 // full budget lines (Record.Lines)
	Aggregated                   // only coarse aggregated amounts (Record.Items)
)

// Valid reports whether d is Detailed or Aggregated.
func (d Detail) Valid() bool { return d == Detailed || d == Aggregated }

// String returns "detailed", "aggregated" or "Detail(n)".
func (d Detail) String() string {
	switch d {
	case Detailed:
		return "detailed"
	case Aggregated:
		return "aggregated"
	}
	return fmt.Sprintf("Detail(%d)", uint8(d))
}

// Provenance says where a record's figures come from.
type Provenance struct {
	Source   string // publisher and data set, e.g. "DGFiP, balances comptables des communes"
	Document string // the document or file within the source, e.g. a URL or a file name
	Method   string // how the figures were derived, e.g. "nature × fonction, dépenses réelles"
	Licence  string // e.g. "Licence Ouverte 2.0"
	Note     string // caveats shown to the user; "" if none
}

// Line is one budget line of a detailed record that may count in the split.
type Line struct {
	Nature   string // account (nature) number, e.g. "6042"
	Function string // function code, e.g. "020"; "" if none
	Chapter  string // chapter code, e.g. "011"; "" if none
	Label    string // account label
	Section  byte   // 'F' fonctionnement or 'I' investissement (stored as is)
	Amount   int64  // executed amount, cents
	RAR      int64  // restes à réaliser, cents
}

// Item is one aggregated amount of an aggregated record.
type Item struct {
	Code    string // aggregate code, e.g. a policy area of the common grid
	Section byte   // 'F', 'I', or 'A' for both together (stored as is)
	Amount  int64  // cents
}

// Record is the budget of one authority for one year.
type Record struct {
	Authority    string // Authority.Key of its authority, e.g. "commune:93048"
	Year         int    // budget year (exercice)
	Document     string // kind of document: "CA", "CFU", "BAL", "AGG"…
	Detail       Detail
	Nomenclature string // norm and variant, e.g. "M14-M14_COM_SUP3500"
	Population   int64  // population totale used for per-inhabitant figures; 0 when unknown
	Provenance   Provenance
	Lines        []Line // Detailed records
	Items        []Item // Aggregated records
}

// Peer is a reference distribution for one policy area: over a group of
// comparable authorities (e.g. communes of 10,000–19,999 inhabitants), the
// quartiles of the area's share and of its amount per inhabitant.
type Peer struct {
	Year    int
	Grid    string // grid of the areas: "native", "common", "six"…
	Group   string // peer group, e.g. "commune:10000-19999" or "national"
	Area    string // policy area code within Grid
	Section byte   // 'F', 'I' or 'A' (both); stored as is
	N       int    // number of authorities in the group
	// Quartiles of the area's share of 1,000 €, in cents (0–100,000).
	ShareQ1, ShareMedian, ShareQ3 int64
	// Quartiles of the area's amount per inhabitant, in cents.
	PerInhQ1, PerInhMedian, PerInhQ3 int64
}

// Shard is a file of records loaded on demand, with the peer references
// too large for the index.
type Shard struct {
	// Version is the format version the shard was read from. When encoding,
	// 0 means the current Version; any other value must equal it.
	Version uint16
	Name    string // the ShardRef.Name it is listed under
	Records []Record
	Peers   []Peer
}

// The codec preserves the order of every list: encoding the same model
// always gives the same bytes, but two models that differ only in order
// give different bytes. Sort puts a model in the canonical order, so that
// builders that assemble it from unordered sources (maps, concurrent work)
// produce reproducible files.

// Sort puts the index in canonical order: authorities by kind then code
// (then name), each authority's postal codes and years ascending (with
// their shards), and peers
// by (year, grid, group, area, section). Shards are not reordered, since
// authorities refer to them by position.
func (ix *Index) Sort() {
	for i := range ix.Authorities {
		a := &ix.Authorities[i]
		slices.Sort(a.PostalCodes)
		if len(a.YearShards) == len(a.Years) && !slices.IsSorted(a.Years) {
			type ys struct{ year, shard int }
			pairs := make([]ys, len(a.Years))
			for j := range pairs {
				pairs[j] = ys{a.Years[j], a.YearShards[j]}
			}
			slices.SortStableFunc(pairs, func(x, y ys) int { return cmp.Compare(x.year, y.year) })
			for j, p := range pairs {
				a.Years[j], a.YearShards[j] = p.year, p.shard
			}
		} else {
			slices.Sort(a.Years)
		}
	}
	slices.SortStableFunc(ix.Authorities, func(a, b Authority) int {
		return cmp.Or(cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Code, b.Code), cmp.Compare(a.Name, b.Name))
	})
	sortPeers(ix.Peers)
}

// Sort puts the shard in canonical order: records by (authority, year,
// document), and peers as in Index.Sort. Lines and items keep their order.
func (s *Shard) Sort() {
	slices.SortStableFunc(s.Records, func(a, b Record) int {
		return cmp.Or(cmp.Compare(a.Authority, b.Authority), cmp.Compare(a.Year, b.Year), cmp.Compare(a.Document, b.Document))
	})
	sortPeers(s.Peers)
}

func sortPeers(p []Peer) {
	slices.SortStableFunc(p, func(a, b Peer) int {
		return cmp.Or(cmp.Compare(a.Year, b.Year), cmp.Compare(a.Grid, b.Grid), cmp.Compare(a.Group, b.Group),
			cmp.Compare(a.Area, b.Area), cmp.Compare(a.Section, b.Section))
	})
}
