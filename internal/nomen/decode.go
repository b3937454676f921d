package nomen

import (
	"bytes"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/jeu1000/jeu1000/internal/budget"
)

// Regenerate the embedded tables from the official files (../shared/data
// beside the repository), then the grid documentation from grid.tsv.
//go:generate go run ../../cmd/gennomen -src ../../../shared/data/plans-de-comptes -out plans.bin
//go:generate go run ../../cmd/gennomen -grid-doc -grid grid.tsv -out GRID.md

// The tables are embedded uncompressed: inflating them in wasm at start-up
// cost more than the bytes saved, and the wasm file is sent compressed
// (brotli, gzip) anyway.
//
//go:embed plans.bin
var embedded []byte

// The embedded file starts with this magic and version
// (see internal/nomen/gen.Encode for the layout).
const (
	formatMagic   = "JEU1000-NOMEN\n"
	formatVersion = 1
)

// Account flags, as written by internal/nomen/gen.
const (
	flagLeaf    = 1 << 0
	flagDeleted = 1 << 1
	flagHasDR   = 1 << 2
)

// ErrFormat is returned (wrapped) when the embedded tables cannot be decoded.
var ErrFormat = errors.New("nomen: bad embedded tables")

var defaultCatalog = sync.OnceValues(func() (*Catalog, error) { return decode(embedded) })

// Default returns the catalog of every embedded plan de comptes. The tables
// are decoded once, on first use; the catalog is immutable and safe for
// concurrent use. Each plan's lookup maps are built the first time the plan
// is asked for.
func Default() (*Catalog, error) { return defaultCatalog() }

type rawAccount struct {
	code, label, dr, alt uint32 // string indices
	flags                uint8
}

type accountTable struct {
	base     int      // -1: none
	removed  []uint32 // code indices, sorted
	upserts  []rawAccount
	resolved func() []rawAccount
}

type planEntry struct {
	norm, variant string
	year          int
	chapters      []Chapter
	functions     []Function
	accounts      *accountTable
	build         func() *Plan
}

type decoder struct {
	b    []byte
	pos  int
	err  error
	strs []string
}

func (d *decoder) uv() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b[d.pos:])
	if n <= 0 {
		d.err = fmt.Errorf("%w: bad varint at offset %d", ErrFormat, d.pos)
		return 0
	}
	d.pos += n
	return v
}

// count reads a length that must fit in what remains of the input (each
// element takes at least size bytes).
func (d *decoder) count(size int) int {
	v := d.uv()
	if d.err == nil && v > uint64((len(d.b)-d.pos)/size) {
		d.err = fmt.Errorf("%w: count %d too large at offset %d", ErrFormat, v, d.pos)
		return 0
	}
	return int(v)
}

func (d *decoder) sidx() uint32 {
	v := d.uv()
	if d.err == nil && v >= uint64(len(d.strs)) {
		d.err = fmt.Errorf("%w: string %d out of range", ErrFormat, v)
		return 0
	}
	return uint32(v)
}

func (d *decoder) str() string { return d.strs[d.sidx()] }

func decode(b []byte) (*Catalog, error) {
	if !bytes.HasPrefix(b, []byte(formatMagic)) {
		return nil, fmt.Errorf("%w: missing magic", ErrFormat)
	}
	d := &decoder{b: b, pos: len(formatMagic)}
	if v := d.uv(); d.err == nil && v != formatVersion {
		return nil, fmt.Errorf("%w: version %d, this build reads %d (regenerate with go generate ./internal/nomen)", ErrFormat, v, formatVersion)
	}

	// String table, front-coded. All strings share one backing array.
	n := d.count(2)
	ends := make([]int, 0, n)
	var all []byte
	prevStart, prevEnd := 0, 0
	for i := 0; i < n && d.err == nil; i++ {
		shared, suffix := d.uv(), d.uv()
		if d.err != nil || shared > uint64(prevEnd-prevStart) || suffix > uint64(len(b)-d.pos) {
			d.err = fmt.Errorf("%w: bad string %d", ErrFormat, i)
			break
		}
		start := len(all)
		all = append(all, all[prevStart:prevStart+int(shared)]...)
		all = append(all, b[d.pos:d.pos+int(suffix)]...)
		d.pos += int(suffix)
		prevStart, prevEnd = start, len(all)
		ends = append(ends, len(all))
	}
	if d.err != nil {
		return nil, d.err
	}
	arena := string(all)
	d.strs = make([]string, n)
	start := 0
	for i, e := range ends {
		d.strs[i] = arena[start:e]
		start = e
	}
	if n == 0 || d.strs[0] != "" {
		return nil, fmt.Errorf("%w: string 0 must be empty", ErrFormat)
	}

	chapterTables := make([][]Chapter, d.count(1))
	for t := range chapterTables {
		cs := make([]Chapter, d.count(4))
		for i := range cs {
			cs[i].Code = d.str()
			cs[i].Label = d.str()
			switch s := d.uv(); s {
			case 0, 'F', 'I':
				cs[i].Section = budget.Section(s)
			default:
				d.err = fmt.Errorf("%w: chapter section %d", ErrFormat, s)
			}
			cs[i].Type = d.str()
		}
		chapterTables[t] = cs
	}

	functionTables := make([][]Function, d.count(1))
	for t := range functionTables {
		fs := make([]Function, d.count(2))
		for i := range fs {
			fs[i].Code = d.str()
			fs[i].Label = d.str()
		}
		functionTables[t] = normalizeTree(fs)
	}

	accountTables := make([]*accountTable, d.count(3))
	for t := range accountTables {
		at := &accountTable{base: int(d.uv()) - 1}
		if at.base >= t {
			d.err = fmt.Errorf("%w: account table %d has base %d", ErrFormat, t, at.base)
		}
		at.removed = make([]uint32, d.count(1))
		var last uint64
		for i := range at.removed {
			last += d.uv()
			at.removed[i] = uint32(last)
		}
		at.upserts = make([]rawAccount, d.count(5))
		last = 0
		for i := range at.upserts {
			last += d.uv()
			if d.err == nil && last >= uint64(len(d.strs)) {
				d.err = fmt.Errorf("%w: account code out of range", ErrFormat)
			}
			a := &at.upserts[i]
			a.code = uint32(last)
			a.label, a.dr, a.alt = d.sidx(), d.sidx(), d.sidx()
			a.flags = uint8(d.uv())
		}
		if d.err != nil {
			return nil, d.err
		}
		var base *accountTable
		if at.base >= 0 {
			base = accountTables[at.base]
		}
		at.resolved = sync.OnceValue(func() []rawAccount { return at.apply(base) })
		accountTables[t] = at
	}

	c := &Catalog{norms: map[string]*normInfo{}, variantNorm: map[string]string{}}
	np := d.count(6)
	for i := 0; i < np && d.err == nil; i++ {
		e := &planEntry{norm: d.str(), variant: d.str(), year: int(d.uv())}
		ct, ft, at := d.uv(), d.uv(), d.uv()
		if d.err != nil {
			break
		}
		if ct >= uint64(len(chapterTables)) || ft >= uint64(len(functionTables)) || at >= uint64(len(accountTables)) {
			d.err = fmt.Errorf("%w: plan %s/%s/%d refers to a missing table", ErrFormat, e.norm, e.variant, e.year)
			break
		}
		e.chapters, e.functions, e.accounts = chapterTables[ct], functionTables[ft], accountTables[at]
		e.build = sync.OnceValue(func() *Plan { return newPlan(e, d.strs) })
		c.add(e)
	}
	if d.err != nil {
		return nil, d.err
	}
	if d.pos != len(b) {
		return nil, fmt.Errorf("%w: %d trailing bytes", ErrFormat, len(b)-d.pos)
	}
	if len(c.entries) == 0 {
		return nil, fmt.Errorf("%w: no plans", ErrFormat)
	}
	c.finish()
	return c, nil
}

// apply returns the table's accounts, sorted by code: the base's accounts
// minus the removed codes, with the upserts added or replacing.
func (at *accountTable) apply(base *accountTable) []rawAccount {
	var from []rawAccount
	if base != nil {
		from = base.resolved()
	}
	out := make([]rawAccount, 0, len(from)+len(at.upserts)-len(at.removed))
	i, j, r := 0, 0, 0
	for i < len(from) || j < len(at.upserts) {
		switch {
		case j == len(at.upserts) || i < len(from) && from[i].code < at.upserts[j].code:
			for r < len(at.removed) && at.removed[r] < from[i].code {
				r++
			}
			if r < len(at.removed) && at.removed[r] == from[i].code {
				r++
			} else {
				out = append(out, from[i])
			}
			i++
		case i == len(from) || at.upserts[j].code < from[i].code:
			out = append(out, at.upserts[j])
			j++
		default: // replaced
			out = append(out, at.upserts[j])
			i++
			j++
		}
	}
	return out
}

// normalizeTree sets Parent and Level of every node from the codes: the
// parent is the longest proper prefix that is a node, the level the length of
// the code. (M57 2018 and 2020 nest "05" and its children one level too high;
// codes are the reliable part.)
func normalizeTree(fs []Function) []Function {
	known := make(map[string]bool, len(fs))
	for _, f := range fs {
		known[f.Code] = true
	}
	for i := range fs {
		f := &fs[i]
		f.Level = len(f.Code)
		f.Parent = ""
		for n := len(f.Code) - 1; n > 0; n-- {
			if known[f.Code[:n]] {
				f.Parent = f.Code[:n]
				break
			}
		}
	}
	return fs
}

// normInfo is one norm and its variants.
type normInfo struct {
	name     string
	variants map[string]*variantInfo // by upper-case name
	order    []*variantInfo          // sorted by name
}

type variantInfo struct {
	name    string
	entries []*planEntry // sorted by year
}

func (c *Catalog) add(e *planEntry) {
	c.entries = append(c.entries, e)
	nk := strings.ToUpper(e.norm)
	ni := c.norms[nk]
	if ni == nil {
		ni = &normInfo{name: e.norm, variants: map[string]*variantInfo{}}
		c.norms[nk] = ni
	}
	vk := strings.ToUpper(e.variant)
	vi := ni.variants[vk]
	if vi == nil {
		vi = &variantInfo{name: e.variant}
		ni.variants[vk] = vi
		ni.order = append(ni.order, vi)
	}
	vi.entries = append(vi.entries, e)
	if _, ok := c.variantNorm[vk]; !ok {
		c.variantNorm[vk] = nk
	}
}

func (c *Catalog) finish() {
	for _, ni := range c.norms {
		sort.Slice(ni.order, func(i, j int) bool { return ni.order[i].name < ni.order[j].name })
		for _, vi := range ni.order {
			sort.Slice(vi.entries, func(i, j int) bool { return vi.entries[i].year < vi.entries[j].year })
		}
	}
	sort.Slice(c.entries, func(i, j int) bool {
		a, b := c.entries[i], c.entries[j]
		if a.norm != b.norm {
			return a.norm < b.norm
		}
		if a.variant != b.variant {
			return a.variant < b.variant
		}
		return a.year < b.year
	})
}
