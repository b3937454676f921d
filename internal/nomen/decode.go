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
	formatVersion = 2
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

type planEntry struct {
	norm, variant string
	year          int
	build         func() (*Plan, error)
}

// lazyTables are the embedded tables, each decoded on first use: a program
// that uses one plan (the browser's) decodes that plan's tables only.
type lazyTables struct {
	strs      []string
	chapters  []func() ([]Chapter, error)
	functions []func() ([]Function, error)
	accounts  []func() ([]rawAccount, error) // resolved: base, removals, upserts
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

// bytes reads a length, then that many bytes.
func (d *decoder) bytes() []byte {
	n := d.count(1)
	if d.err != nil {
		return nil
	}
	b := d.b[d.pos : d.pos+n]
	d.pos += n
	return b
}

// done checks that a table's bytes were all read.
func (d *decoder) done(what string, t int) error {
	if d.err == nil && d.pos != len(d.b) {
		d.err = fmt.Errorf("%w: %s table %d: %d trailing bytes", ErrFormat, what, t, len(d.b)-d.pos)
	}
	return d.err
}

// decode reads the header, the strings, where each table is, and the list of
// plans; the tables themselves are decoded when a plan needs them (errors
// in them come from Catalog.Plan).
func decode(b []byte) (*Catalog, error) {
	if !bytes.HasPrefix(b, []byte(formatMagic)) {
		return nil, fmt.Errorf("%w: missing magic", ErrFormat)
	}
	d := &decoder{b: b, pos: len(formatMagic)}
	if v := d.uv(); d.err == nil && v != formatVersion {
		return nil, fmt.Errorf("%w: version %d, this build reads %d (regenerate with go generate ./internal/nomen)", ErrFormat, v, formatVersion)
	}

	// Strings, front-coded. A first pass checks them and sizes the bytes
	// they share, a second fills them in: one allocation, no growing.
	n := d.count(2)
	from := d.pos
	var size, prevLen uint64
	for i := 0; i < n && d.err == nil; i++ {
		shared, suffix := d.uv(), d.uv()
		if d.err != nil || shared > prevLen || suffix > uint64(len(b)-d.pos) {
			d.err = fmt.Errorf("%w: bad string %d", ErrFormat, i)
			break
		}
		d.pos += int(suffix)
		prevLen = shared + suffix
		size += prevLen
	}
	if d.err != nil {
		return nil, d.err
	}
	all := make([]byte, size)
	ends := make([]int, n)
	d.pos = from
	start, end := 0, 0
	for i := range n {
		shared, suffix := int(d.uv()), int(d.uv())
		next := end + copy(all[end:], all[start:start+shared])
		next += copy(all[next:], b[d.pos:d.pos+suffix])
		d.pos += suffix
		start, end = end, next
		ends[i] = end
	}
	arena := string(all)
	d.strs = make([]string, n)
	start = 0
	for i, e := range ends {
		d.strs[i] = arena[start:e]
		start = e
	}
	if n == 0 || d.strs[0] != "" {
		return nil, fmt.Errorf("%w: string 0 must be empty", ErrFormat)
	}

	t := &lazyTables{strs: d.strs}
	for i, body := range d.tables() {
		t.chapters = append(t.chapters, sync.OnceValues(func() ([]Chapter, error) { return t.chapterTable(body, i) }))
	}
	for i, body := range d.tables() {
		t.functions = append(t.functions, sync.OnceValues(func() ([]Function, error) { return t.functionTable(body, i) }))
	}
	for i, body := range d.tables() {
		t.accounts = append(t.accounts, sync.OnceValues(func() ([]rawAccount, error) { return t.accountTable(body, i) }))
	}

	c := &Catalog{norms: map[string]*normInfo{}, variantNorm: map[string]string{}}
	np := d.count(6)
	for i := 0; i < np && d.err == nil; i++ {
		e := &planEntry{norm: d.str(), variant: d.str(), year: int(d.uv())}
		ct, ft, at := d.uv(), d.uv(), d.uv()
		if d.err != nil {
			break
		}
		if ct >= uint64(len(t.chapters)) || ft >= uint64(len(t.functions)) || at >= uint64(len(t.accounts)) {
			d.err = fmt.Errorf("%w: plan %s/%s/%d refers to a missing table", ErrFormat, e.norm, e.variant, e.year)
			break
		}
		e.build = sync.OnceValues(func() (*Plan, error) {
			chapters, err := t.chapters[ct]()
			if err != nil {
				return nil, err
			}
			functions, err := t.functions[ft]()
			if err != nil {
				return nil, err
			}
			accounts, err := t.accounts[at]()
			if err != nil {
				return nil, err
			}
			return newPlan(e, chapters, functions, accounts, t.strs), nil
		})
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

// tables reads a count of tables, then each table's bytes (after its length).
func (d *decoder) tables() [][]byte {
	out := make([][]byte, d.count(1))
	for i := range out {
		out[i] = d.bytes()
	}
	if d.err != nil {
		return nil
	}
	return out
}

func (t *lazyTables) chapterTable(body []byte, n int) ([]Chapter, error) {
	d := &decoder{b: body, strs: t.strs}
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
	if err := d.done("chapter", n); err != nil {
		return nil, err
	}
	return cs, nil
}

func (t *lazyTables) functionTable(body []byte, n int) ([]Function, error) {
	d := &decoder{b: body, strs: t.strs}
	fs := make([]Function, d.count(2))
	for i := range fs {
		fs[i].Code = d.str()
		fs[i].Label = d.str()
	}
	if err := d.done("function", n); err != nil {
		return nil, err
	}
	return normalizeTree(fs), nil
}

// accountTable decodes account table n and applies it to its base (an
// earlier table, decoded first).
func (t *lazyTables) accountTable(body []byte, n int) ([]rawAccount, error) {
	d := &decoder{b: body, strs: t.strs}
	base := int(d.uv()) - 1
	if d.err == nil && base >= n {
		d.err = fmt.Errorf("%w: account table %d has base %d", ErrFormat, n, base)
	}
	removed := make([]uint32, d.count(1))
	var last uint64
	for i := range removed {
		last += d.uv()
		removed[i] = uint32(last)
	}
	upserts := make([]rawAccount, d.count(5))
	last = 0
	for i := range upserts {
		last += d.uv()
		if d.err == nil && last >= uint64(len(d.strs)) {
			d.err = fmt.Errorf("%w: account code out of range", ErrFormat)
		}
		a := &upserts[i]
		a.code = uint32(last)
		a.label, a.dr, a.alt = d.sidx(), d.sidx(), d.sidx()
		a.flags = uint8(d.uv())
	}
	if err := d.done("account", n); err != nil {
		return nil, err
	}
	var from []rawAccount
	if base >= 0 {
		var err error
		if from, err = t.accounts[base](); err != nil {
			return nil, err
		}
	}
	return apply(from, removed, upserts), nil
}

// apply returns a table's accounts, sorted by code: those of its base (from)
// minus the removed codes, with the upserts added or replacing.
func apply(from []rawAccount, removed []uint32, upserts []rawAccount) []rawAccount {
	out := make([]rawAccount, 0, len(from)+len(upserts)-min(len(removed), len(from)))
	i, j, r := 0, 0, 0
	for i < len(from) || j < len(upserts) {
		switch {
		case j == len(upserts) || i < len(from) && from[i].code < upserts[j].code:
			for r < len(removed) && removed[r] < from[i].code {
				r++
			}
			if r < len(removed) && removed[r] == from[i].code {
				r++
			} else {
				out = append(out, from[i])
			}
			i++
		case i == len(from) || upserts[j].code < from[i].code:
			out = append(out, upserts[j])
			j++
		default: // replaced
			out = append(out, upserts[j])
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
