package pipeline

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/jeu1000/jeu1000/internal/dataset"
)

// File names of the dataset.
const (
	IndexFile = "index.bin.gz"
	SizesFile = "SIZES.md"
)

// Packing limits, in gzip bytes (the brotli copies the server prefers are
// 10 to 20 % smaller). An authority's page fetches the shard of its latest
// year, then those of its other years when a view needs them: the targets
// are 100 KB for the latest year and 250 KB for all of them, beyond the
// index.
const (
	// PackLimit: an authority whose records (every year) encode to at most
	// this goes, whole, into a pack shared with its neighbours in index
	// order (kind, then code), of at most this in all. Most communes are
	// such: their page fetches one pack, never a whole département.
	PackLimit = 40_000
	// FileLimit: the years of a larger authority go into shards of its
	// own, consecutive years in each, of at most this each (a year larger
	// than this alone). Measured on 13 synthetic years of 5,000 lines (the
	// largest cities): shards of 1, 2, 4 and 13 years total 386, 319, 277
	// and 229 KB gzipped (each file stores the labels of its natures
	// once); 84 KB holds 4 such years, ~230 KB brotli for all 13, ~68 KB
	// for the latest shard. The last shard, the latest years', is what is
	// left: often smaller.
	FileLimit = 84_000
	// MaxShardSize is the size above which a shard is reported (SIZES.md)
	// as too large for the page: a single year of a single authority over
	// it cannot be split further.
	MaxShardSize = 100_000
)

// packName is the file name of a pack, after its first authority:
// p-commune-93001.bin.gz.
func packName(a *dataset.Authority) string {
	return "p-" + a.Kind.String() + "-" + a.Code + ".bin.gz"
}

// groupName is the file name of a shard holding some years of one
// authority, after the first: a-commune-75056-2019.bin.gz.
func groupName(a *dataset.Authority, firstYear int) string {
	return "a-" + a.Kind.String() + "-" + a.Code + "-" + strconv.Itoa(firstYear) + ".bin.gz"
}

// isShardFile reports whether a file name of the output folder is a shard
// (this build's names, and the département shards of format version 1),
// or a brotli copy of one.
func isShardFile(name string) bool {
	base, ok := strings.CutSuffix(name, ".bin.gz")
	if !ok {
		if base, ok = strings.CutSuffix(name, ".bin.br"); !ok {
			return false
		}
	}
	return strings.HasPrefix(base, "p-") || strings.HasPrefix(base, "a-") || strings.HasPrefix(base, "shard-")
}

// encodedShard is a shard file ready to write.
type encodedShard struct {
	name        string
	gz          []byte
	records     int
	authorities []string
}

// Write encodes the shards and the index into dir, writes SIZES.md,
// removes the shard files of an earlier build that this one did not write,
// and returns the summary.
//
// The authorities with records are taken in index order (kind, then code),
// their records loaded from the spool one authority at a time: memory holds
// one authority and one pack, whatever the size of the dataset.
func (b *Builder) Write(dir string) (*Summary, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	sum := &Summary{Skipped: slices.Clone(b.skipped), Added: maps.Clone(b.added)}
	for _, key := range slices.Sorted(maps.Keys(b.auths)) {
		if e := b.auths[key]; e.extra {
			sum.Extra = append(sum.Extra, fmt.Sprintf("%s %s (population: %s)", key, e.auth.Name, e.popSource))
		}
	}
	p := newPacker(dir, sum)
	for _, key := range b.keysInIndexOrder() {
		e := b.auths[key]
		recs, err := b.spool.load(key)
		if err != nil {
			return nil, err
		}
		if err := p.add(&e.auth, e.sortedYears(), recs); err != nil {
			return nil, err
		}
	}
	if err := p.flush(); err != nil {
		return nil, err
	}
	ix := b.index(p.refs, p.yearShards)
	gz, raw, err := encodeIndex(ix)
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, IndexFile), gz, 0o644); err != nil {
		return nil, err
	}
	sum.Index = FileSize{Name: IndexFile, Raw: raw, Gzip: int64(len(gz)), Authorities: len(ix.Authorities)}
	sum.Peers = len(ix.Peers)
	gzSizes := make([]int64, len(sum.Shards))
	for i, f := range sum.Shards {
		gzSizes[i] = f.Gzip
	}
	sum.Views = MeasureViews(ix, gzSizes)
	sum.WithFigures = sum.Views.Latest.Count
	if err := removeStale(dir, sum.Shards); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, SizesFile), sum.Markdown(), 0o644); err != nil {
		return nil, err
	}
	return sum, nil
}

// keysInIndexOrder returns the keys of the authorities with records, by
// kind and then code (Index.Sort's order).
func (b *Builder) keysInIndexOrder() []string {
	keys := b.spool.keys()
	slices.SortFunc(keys, func(x, y string) int {
		a, c := &b.auths[x].auth, &b.auths[y].auth
		return cmp.Or(cmp.Compare(a.Kind, c.Kind), cmp.Compare(a.Code, c.Code), cmp.Compare(a.Name, c.Name))
	})
	return keys
}

// packer writes the shards of a build: it is given the authorities with
// records in index order, packs the small ones together and splits the
// large ones by years.
type packer struct {
	dir                  string
	sum                  *Summary
	packLimit, fileLimit int // PackLimit and FileLimit, but in tests
	refs                 []dataset.ShardRef
	yearShards           map[string][]int // by authority key, parallel to its years
	// The pack being filled: its first authority, its records and an
	// upper bound of its size (its size when last encoded, plus the sizes
	// alone of the authorities added since).
	first *dataset.Authority
	keys  []string
	recs  []dataset.Record
	size  int
}

func newPacker(dir string, sum *Summary) *packer {
	return &packer{dir: dir, sum: sum, packLimit: PackLimit, fileLimit: FileLimit, yearShards: map[string][]int{}}
}

// add places the records of an authority (years: its years with records,
// ascending).
func (p *packer) add(a *dataset.Authority, years []int, recs []dataset.Record) error {
	alone, err := encodeShard("alone", recs)
	if err != nil {
		return err
	}
	if n := len(alone.gz); n <= p.packLimit {
		size := p.size + n
		if p.first != nil && size > p.packLimit {
			// The sum of the sizes alone overestimates (each repeats the
			// header and the strings of the provenance): encode the pack
			// with this authority to know.
			with, err := encodeShard("pack", append(slices.Clip(p.recs), recs...))
			if err != nil {
				return err
			}
			if size = len(with.gz); size > p.packLimit {
				if err := p.flush(); err != nil {
					return err
				}
				size = n
			}
		}
		if p.first == nil {
			p.first = a
		}
		p.keys = append(p.keys, a.Key())
		p.recs = append(p.recs, recs...)
		p.size = size
		return nil
	}
	if err := p.flush(); err != nil {
		return err
	}
	return p.addLarge(a, years, recs)
}

// flush writes the pack being filled, if any.
func (p *packer) flush() error {
	if p.first == nil {
		return nil
	}
	sh, err := encodeShard(packName(p.first), p.recs)
	if err != nil {
		return err
	}
	if err := p.write(sh); err != nil {
		return err
	}
	shard := len(p.refs) - 1
	for _, r := range p.recs {
		p.setYear(r.Authority, r.Year, shard)
	}
	p.first, p.keys, p.recs, p.size = nil, nil, nil, 0
	return nil
}

// addLarge writes the years of a large authority in consecutive groups
// of at most FileLimit each.
func (p *packer) addLarge(a *dataset.Authority, years []int, recs []dataset.Record) error {
	byYear := map[int][]dataset.Record{}
	for _, r := range recs {
		byYear[r.Year] = append(byYear[r.Year], r)
	}
	var group []dataset.Record
	first, size := 0, 0
	write := func() error {
		if len(group) == 0 {
			return nil
		}
		sh, err := encodeShard(groupName(a, first), group)
		if err != nil {
			return err
		}
		if err := p.write(sh); err != nil {
			return err
		}
		for _, r := range group {
			p.setYear(a.Key(), r.Year, len(p.refs)-1)
		}
		group, size = nil, 0
		return nil
	}
	for _, y := range years {
		alone, err := encodeShard("year", byYear[y])
		if err != nil {
			return err
		}
		n := len(alone.gz)
		if len(group) > 0 && size+n > p.fileLimit {
			// As for packs, the sum overestimates (the labels of the
			// natures are stored once a file): encode to know.
			with, err := encodeShard("group", append(slices.Clip(group), byYear[y]...))
			if err != nil {
				return err
			}
			if len(with.gz) > p.fileLimit {
				if err := write(); err != nil {
					return err
				}
			} else {
				size = len(with.gz) - n
			}
		}
		if len(group) == 0 {
			first = y
		}
		group = append(group, byYear[y]...)
		size += n
	}
	return write()
}

// setYear records the shard of an authority's year, by position among its
// years (filled in index, where the years are known).
func (p *packer) setYear(key string, year, shard int) {
	p.yearShards[key] = append(p.yearShards[key], year, shard)
}

// write writes a shard file and lists it.
func (p *packer) write(sh encodedShard) error {
	ref, err := dataset.NewShardRef(sh.name, sh.gz)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(p.dir, sh.name), sh.gz, 0o644); err != nil {
		return err
	}
	raw, err := inflatedSize(sh.gz)
	if err != nil {
		return err
	}
	p.refs = append(p.refs, ref)
	p.sum.Shards = append(p.sum.Shards, FileSize{Name: sh.name, Raw: raw, Gzip: int64(len(sh.gz)), Records: sh.records, Authorities: len(sh.authorities)})
	return nil
}

// encodeShard encodes records (of one or more authorities) as one shard,
// in canonical order.
func encodeShard(name string, recs []dataset.Record) (encodedShard, error) {
	sh := dataset.Shard{Name: name, Records: recs}
	sh.Sort()
	out := encodedShard{name: name, records: len(recs)}
	for i, r := range sh.Records {
		if i == 0 || r.Authority != sh.Records[i-1].Authority {
			out.authorities = append(out.authorities, r.Authority)
		}
	}
	var buf bytes.Buffer
	if err := dataset.EncodeShard(&buf, &sh); err != nil {
		return encodedShard{}, err
	}
	out.gz = buf.Bytes()
	return out, nil
}

// index assembles the index: every authority, with its years and the
// shard of each. yearShards holds, by authority key, pairs of a year and
// its shard.
func (b *Builder) index(refs []dataset.ShardRef, yearShards map[string][]int) *dataset.Index {
	ix := &dataset.Index{Source: b.source(), Shards: refs, Peers: computePeers(b.samples)}
	ix.Authorities = make([]dataset.Authority, 0, len(b.auths))
	for key, e := range b.auths {
		a := e.auth
		a.Shard, a.Years, a.YearShards = -1, nil, nil
		if pairs := yearShards[key]; len(pairs) > 0 {
			of := map[int]int{}
			for i := 0; i < len(pairs); i += 2 {
				of[pairs[i]] = pairs[i+1]
			}
			a.Years = e.sortedYears()
			a.YearShards = make([]int, len(a.Years))
			for j, y := range a.Years {
				a.YearShards[j] = of[y]
			}
			a.Shard = a.YearShards[len(a.YearShards)-1]
		}
		ix.Authorities = append(ix.Authorities, a)
	}
	ix.Sort()
	return ix
}

// encodeIndex returns the gzip-compressed index and its raw size.
func encodeIndex(ix *dataset.Index) ([]byte, int64, error) {
	var buf bytes.Buffer
	if err := dataset.EncodeIndex(&buf, ix); err != nil {
		return nil, 0, err
	}
	raw, err := inflatedSize(buf.Bytes())
	if err != nil {
		return nil, 0, err
	}
	return buf.Bytes(), raw, nil
}

// inflatedSize is the size of gzip data once inflated.
func inflatedSize(gz []byte) (int64, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return 0, err
	}
	n, err := io.Copy(io.Discard, zr)
	if err != nil {
		return 0, err
	}
	return n, zr.Close()
}

// source is the index's provenance summary.
func (b *Builder) source() string {
	return "Collectivités : " + territoryPackage(b.set.Version()) +
		" (COG, composition des EPCI et EPT, codes postaux), population totale INSEE (populations légales 2021 en vigueur au 1er janvier 2024). " +
		"Chiffres : documents budgétaires des collectivités, balances DGFiP, agrégats DGFiP et OFGL, avec la provenance de chaque enregistrement. " +
		"Pairs : quartiles (type 7) des parts et des montants par habitant, par année, grille et groupe, sur au moins " +
		fmt.Sprint(MinPeers) + " collectivités de même niveau de détail. " + Licence + "."
}

func territoryPackage(version string) string {
	if version == "" {
		return "@etalab/decoupage-administratif"
	}
	return "@etalab/decoupage-administratif " + version
}

// removeStale removes the shard files of dir that this build did not
// write.
func removeStale(dir string, written []FileSize) error {
	keep := map[string]bool{}
	for _, f := range written {
		keep[f.Name] = true
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		n := e.Name()
		if isShardFile(n) && !keep[strings.TrimSuffix(n, ".br")+".gz"] && !keep[n] {
			if err := os.Remove(filepath.Join(dir, n)); err != nil {
				return err
			}
		}
	}
	return nil
}
