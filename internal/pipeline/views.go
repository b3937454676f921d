package pipeline

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/jeu1000/jeu1000/internal/dataset"
)

// Views is what the page of each authority with figures fetches beyond the
// index: the shard of its latest year (what showing it fetches first), and
// the shards of all its years (years side by side, history).
type Views struct {
	Latest Distribution `json:"latest"`
	All    Distribution `json:"all"`
}

// Distribution summarises bytes fetched over authorities: percentiles
// (nearest rank), the maximum and the authority that fetches it (the first
// in index order).
type Distribution struct {
	Count int    `json:"count"`
	P50   int64  `json:"p50"`
	P90   int64  `json:"p90"`
	P99   int64  `json:"p99"`
	Max   int64  `json:"max"`
	Worst string `json:"worst,omitempty"`
}

// MeasureViews measures Views on an index, given the size of each of its
// shards (by position in ix.Shards).
func MeasureViews(ix *dataset.Index, sizes []int64) Views {
	var latest, all []int64
	var worstLatest, worstAll string
	var maxLatest, maxAll int64 = -1, -1
	seen := map[int]bool{}
	for i := range ix.Authorities {
		a := &ix.Authorities[i]
		if a.Shard < 0 || a.Shard >= len(sizes) {
			continue
		}
		l := sizes[a.Shard]
		var t int64
		clear(seen)
		for _, s := range a.YearShards {
			if !seen[s] && s < len(sizes) {
				seen[s] = true
				t += sizes[s]
			}
		}
		latest, all = append(latest, l), append(all, t)
		if l > maxLatest {
			maxLatest, worstLatest = l, a.Key()
		}
		if t > maxAll {
			maxAll, worstAll = t, a.Key()
		}
	}
	return Views{Latest: distribution(latest, worstLatest), All: distribution(all, worstAll)}
}

func distribution(v []int64, worst string) Distribution {
	if len(v) == 0 {
		return Distribution{}
	}
	slices.Sort(v)
	rank := func(p int) int64 { return v[max(0, (p*len(v)+99)/100-1)] }
	return Distribution{Count: len(v), P50: rank(50), P90: rank(90), P99: rank(99), Max: v[len(v)-1], Worst: worst}
}

// DataReport is the per-view byte report of a dataset folder (the
// data-report command).
type DataReport struct {
	Dir         string `json:"dir"`
	Unit        string `json:"unit"` // "brotli" when every file has its x.br copy, else "gzip"
	Index       int64  `json:"index"`
	Directory   int64  `json:"directory"` // the postal codes, fetched after the first figures
	Authorities int    `json:"authorities"`
	WithFigures int    `json:"withFigures"`
	Shards      int    `json:"shards"`
	ShardBytes  int64  `json:"shardBytes"`
	Views       Views  `json:"views"`
}

// ReadIndexDirectory reads the index of a dataset folder with the postal
// codes of its directory: the whole model the pipeline wrote.
func ReadIndexDirectory(dir string) (*dataset.Index, error) {
	index, err := os.Open(filepath.Join(dir, IndexFile))
	if err != nil {
		return nil, err
	}
	defer index.Close()
	directory, err := os.Open(filepath.Join(dir, DirectoryFile))
	if err != nil {
		return nil, err
	}
	defer directory.Close()
	ix, err := dataset.ReadIndexWithDirectory(index, directory)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	return ix, nil
}

// ReportData reads the index of a dataset folder and measures the files its
// authorities' pages fetch: the brotli copies (x.br beside x.gz, made by
// tools/brotli.mjs --data DIR) when every file has one, else the .gz files.
func ReportData(dir string) (*DataReport, error) {
	f, err := os.Open(filepath.Join(dir, IndexFile))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	ix, err := dataset.ReadIndex(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.Name(), err)
	}
	names := make([]string, 0, len(ix.Shards)+2)
	names = append(names, IndexFile, DirectoryFile)
	for _, s := range ix.Shards {
		names = append(names, s.Name)
	}
	unit := "brotli"
	sizes, err := fileSizes(dir, names, func(n string) string { return strings.TrimSuffix(n, ".gz") + ".br" })
	if errors.Is(err, fs.ErrNotExist) {
		unit = "gzip"
		sizes, err = fileSizes(dir, names, func(n string) string { return n })
	}
	if err != nil {
		return nil, err
	}
	r := &DataReport{Dir: dir, Unit: unit, Index: sizes[0], Directory: sizes[1], Authorities: len(ix.Authorities), Shards: len(ix.Shards),
		Views: MeasureViews(ix, sizes[2:])}
	for _, s := range sizes[2:] {
		r.ShardBytes += s
	}
	r.WithFigures = r.Views.Latest.Count
	return r, nil
}

// fileSizes returns the sizes of files of dir, each name mapped by file.
func fileSizes(dir string, names []string, file func(string) string) ([]int64, error) {
	out := make([]int64, len(names))
	for i, n := range names {
		st, err := os.Stat(filepath.Join(dir, file(n)))
		if err != nil {
			return nil, err
		}
		out[i] = st.Size()
	}
	return out, nil
}

// WriteText writes the report as lines of a name and values, a format the
// benchmarks parse (keep it stable):
//
//	unit brotli
//	index 412345
//	directory 41234
//	authorities 36261 with-figures 35900
//	shards 9876 bytes 301234567
//	latest p50=31234 p90=40211 p99=61234 max=98765 count=35900 worst=commune:75056
//	all p50=31234 p90=40211 p99=161234 max=598765 count=35900 worst=commune:75056
//
// Sizes are bytes of the unit's files; latest is what an authority's page
// fetches beyond the index for its latest year, all for all its years.
func (r *DataReport) WriteText(w io.Writer) error {
	d := func(name string, x Distribution) string {
		return fmt.Sprintf("%s p50=%d p90=%d p99=%d max=%d count=%d worst=%s\n", name, x.P50, x.P90, x.P99, x.Max, x.Count, cmp.Or(x.Worst, "-"))
	}
	_, err := fmt.Fprintf(w, "unit %s\nindex %d\ndirectory %d\nauthorities %d with-figures %d\nshards %d bytes %d\n%s%s",
		r.Unit, r.Index, r.Directory, r.Authorities, r.WithFigures, r.Shards, r.ShardBytes, d("latest", r.Views.Latest), d("all", r.Views.All))
	return err
}
