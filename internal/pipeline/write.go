package pipeline

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/jeu1000/jeu1000/internal/dataset"
)

// File names of the dataset.
const (
	IndexFile = "index.bin.gz"
	SizesFile = "SIZES.md"
)

// MaxShardSize is the gzip size above which a département's shard is split
// into several (by authority), so that showing one authority never fetches
// more: 150 KB. A single authority whose records exceed it keeps one shard
// (the summary names it).
const MaxShardSize = 150_000

// shardName is the file name of a shard: shard-93.bin.gz, or
// shard-59-2.bin.gz for the second part of a split one.
func shardName(key string, part, parts int) string {
	if parts <= 1 {
		return "shard-" + key + ".bin.gz"
	}
	return fmt.Sprintf("shard-%s-%d.bin.gz", key, part)
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
	shardOf := map[string]int{}
	var refs []dataset.ShardRef
	for _, key := range b.spool.keys() {
		shards, err := b.shardFiles(key)
		if err != nil {
			return nil, err
		}
		for _, sh := range shards {
			ref, err := writeShard(dir, sh)
			if err != nil {
				return nil, err
			}
			for _, a := range sh.authorities {
				shardOf[a] = len(refs)
			}
			refs = append(refs, ref)
			sum.Shards = append(sum.Shards, FileSize{Name: sh.name, Raw: ref.Raw, Gzip: ref.Size, Records: sh.records, Authorities: len(sh.authorities)})
		}
	}
	ix := b.index(refs, shardOf)
	gz, raw, err := encodeIndex(ix)
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, IndexFile), gz, 0o644); err != nil {
		return nil, err
	}
	sum.Index = FileSize{Name: IndexFile, Raw: raw, Gzip: int64(len(gz)), Authorities: len(ix.Authorities)}
	sum.Peers = len(ix.Peers)
	for i := range ix.Authorities {
		if ix.Authorities[i].Shard >= 0 {
			sum.WithFigures++
		}
	}
	if err := removeStale(dir, sum.Shards); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, SizesFile), sum.Markdown(), 0o644); err != nil {
		return nil, err
	}
	return sum, nil
}

// shardFiles encodes the records of one shard key, split by authority when
// they exceed MaxShardSize.
func (b *Builder) shardFiles(key string) ([]encodedShard, error) {
	recs, err := b.spool.load(key)
	if err != nil {
		return nil, err
	}
	parts, err := partition(byAuthority(recs), MaxShardSize)
	if err != nil {
		return nil, err
	}
	out := make([]encodedShard, len(parts))
	for i, p := range parts {
		if out[i], err = encodeShard(shardName(key, i+1, len(parts)), p); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// byAuthority groups records by authority, in authority order.
func byAuthority(recs []dataset.Record) [][]dataset.Record {
	byKey := map[string][]dataset.Record{}
	for _, r := range recs {
		byKey[r.Authority] = append(byKey[r.Authority], r)
	}
	out := make([][]dataset.Record, 0, len(byKey))
	for _, k := range slices.Sorted(maps.Keys(byKey)) {
		out = append(out, byKey[k])
	}
	return out
}

// partition splits authorities (each a group of records, in order) into
// runs whose shards fit limit bytes gzipped, by halving: deterministic, and
// O(n log n) encodings. A single authority over the limit stays whole.
func partition(groups [][]dataset.Record, limit int) ([][][]dataset.Record, error) {
	sh, err := encodeShard("shard-part", groups)
	if err != nil {
		return nil, err
	}
	if len(sh.gz) <= limit || len(groups) == 1 {
		return [][][]dataset.Record{groups}, nil
	}
	mid := len(groups) / 2
	left, err := partition(groups[:mid], limit)
	if err != nil {
		return nil, err
	}
	right, err := partition(groups[mid:], limit)
	if err != nil {
		return nil, err
	}
	return append(left, right...), nil
}

// encodeShard encodes the records of some authorities as one shard, in
// canonical order.
func encodeShard(name string, groups [][]dataset.Record) (encodedShard, error) {
	sh := dataset.Shard{Name: name}
	out := encodedShard{name: name}
	for _, g := range groups {
		sh.Records = append(sh.Records, g...)
		out.authorities = append(out.authorities, g[0].Authority)
	}
	sh.Sort()
	out.records = len(sh.Records)
	var buf bytes.Buffer
	if err := dataset.EncodeShard(&buf, &sh); err != nil {
		return encodedShard{}, err
	}
	out.gz = buf.Bytes()
	return out, nil
}

// writeShard writes a shard file and describes it for the index.
func writeShard(dir string, sh encodedShard) (dataset.ShardRef, error) {
	ref, err := dataset.NewShardRef(sh.name, sh.gz)
	if err != nil {
		return dataset.ShardRef{}, err
	}
	if err := os.WriteFile(filepath.Join(dir, sh.name), sh.gz, 0o644); err != nil {
		return dataset.ShardRef{}, err
	}
	return ref, nil
}

// index assembles the index: every authority, with its shard and years.
func (b *Builder) index(refs []dataset.ShardRef, shardOf map[string]int) *dataset.Index {
	ix := &dataset.Index{Source: b.source(), Shards: refs, Peers: computePeers(b.samples)}
	ix.Authorities = make([]dataset.Authority, 0, len(b.auths))
	for key, e := range b.auths {
		a := e.auth
		a.Shard = -1
		if i, ok := shardOf[key]; ok {
			a.Shard = i
			a.Years = e.sortedYears()
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
		if strings.HasPrefix(n, "shard-") && strings.HasSuffix(n, ".bin.gz") && !keep[n] {
			if err := os.Remove(filepath.Join(dir, n)); err != nil {
				return err
			}
		}
	}
	return nil
}
