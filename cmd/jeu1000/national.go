package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jeu1000/jeu1000/internal/budget"
	"github.com/jeu1000/jeu1000/internal/calc"
	"github.com/jeu1000/jeu1000/internal/dataset"
	"github.com/jeu1000/jeu1000/internal/figures"
	"github.com/jeu1000/jeu1000/internal/national"
	"github.com/jeu1000/jeu1000/internal/nomen"
)

// runNational runs one of the subcommands of this file and returns the
// exit status.
func runNational(cmd func(args []string, stdout, stderr io.Writer) error, args []string, stdout, stderr io.Writer) int {
	if err := cmd(args, stdout, stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintln(stderr, "jeu1000:", err)
		return 1
	}
	return 0
}

// fetch downloads the national nature-fonction balance of a year.
func fetch(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("fetch", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		year    = fs.Int("year", 0, fmt.Sprintf("exercice, %d–%d", national.FirstYear, national.LastYear))
		out     = fs.String("out", ".", "folder to write balance-YEAR.csv to")
		base    = fs.String("base", national.DefaultBase, "portal base URL")
		timeout = fs.Duration("timeout", time.Hour, "give up after this long")
		stall   = fs.Duration("stall", 2*time.Minute, "give up when no byte arrives for this long")
		urlOnly = fs.Bool("url", false, "print the download URL and exit")
	)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: jeu1000 fetch -year YEAR [-out DIR] [-base URL]\n\nDownloads the DGFiP national nature-fonction balance of YEAR (CSV export,\n~835 MB) to DIR/balance-YEAR.csv, through DIR/balance-YEAR.csv.part.\n\nOptions:")
		fs.PrintDefaults()
	}
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	if *urlOnly {
		u, err := national.ExportURL(*base, *year)
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, u)
		return nil
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	res, err := national.Fetch(ctx, *year, national.FetchOptions{Base: *base, Dir: *out, Timeout: *timeout, Stall: *stall, Progress: stderr})
	if err != nil {
		return err
	}
	secs := res.Elapsed.Seconds()
	fmt.Fprintf(stdout, "%s\n→ %s: %d bytes (%.1f MB) in %s, %.1f MB/s", res.URL, res.Path, res.Bytes, mb(res.Bytes), res.Elapsed.Round(time.Millisecond), mb(res.Bytes-res.Resumed)/max(secs, 1e-9))
	if res.Resumed > 0 {
		fmt.Fprintf(stdout, " (resumed after %d bytes)", res.Resumed)
	}
	fmt.Fprintln(stdout)
	return nil
}

// genBalance writes a synthetic national balance file from the real rows
// of ../shared/data/balances.
func genBalance(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("gen-balance", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		rows       = fs.Int("rows", 5_000_000, "number of data rows")
		out        = fs.String("out", "", "file to write (a name ending in .zip writes a zip holding the CSV)")
		seed       = fs.Uint64("seed", 1, "random seed (same seed, same bytes)")
		interleave = fs.Int("interleave", 1, "write the rows of this many budgets alternately (1: each budget's rows are contiguous)")
		templates  = fs.String("templates", filepath.Join("..", "shared", "data", "balances"), "folder of real balance records (*.json, API format)")
		years      = fs.String("years", "", "with -years FIRST-LAST (or one YEAR): write one file per exercice into the folder -out, budgets of the real authorities of the index")
		zipped     = fs.Bool("zip", false, "with -years: write each year's CSV inside a zip, as the official download")
		reuse      = fs.Bool("reuse", false, "with -years: keep the files of -out written by the same generator with the same options")
		npmDir     = fs.String("npm", "tools/npm", "with -years: where @etalab/decoupage-administratif is installed")
		popDir     = fs.String("population", filepath.Join("..", "shared", "data", "population"), "with -years: INSEE population folder")
	)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: jeu1000 gen-balance [-rows N] -out FILE\n       jeu1000 gen-balance -years 2012-2024 [-rows N] [-zip] -out DIR\n\nWrites a synthetic national nature-fonction balance (';', ISO-8859-1,\ndecimal comma) replicating real rows: under new identifiers, or with\n-years one file per exercice (official names) whose budgets are the real\nauthorities of the index, with the quirks of the real files.\n\nOptions:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" || fs.NArg() != 0 {
		fs.Usage()
		return errors.New("gen-balance needs -out FILE and no other argument")
	}
	tpls, err := national.LoadTemplates(*templates)
	if err != nil {
		return err
	}
	if *years != "" {
		first, last, err := parseYears(*years)
		if err != nil {
			return err
		}
		rowsSet := false
		fs.Visit(func(f *flag.Flag) { rowsSet = rowsSet || f.Name == "rows" })
		n := national.NationalRows
		if rowsSet {
			n = *rows
		}
		return genYears(genYearsConfig{
			first: first, last: last, rows: n, seed: *seed, dir: *out, zip: *zipped, reuse: *reuse,
			npmDir: *npmDir, popDir: *popDir, templates: tpls,
		}, stdout)
	}
	start := time.Now()
	tmp := *out + ".part"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	defer os.Remove(tmp)
	defer f.Close()
	opt := national.GenOptions{Rows: *rows, Seed: *seed, Interleave: *interleave}
	var st national.GenStats
	if strings.EqualFold(filepath.Ext(*out), ".zip") {
		entry := strings.TrimSuffix(filepath.Base(*out), filepath.Ext(*out)) + ".csv"
		st, err = national.GenerateZip(f, entry, tpls, opt)
	} else {
		st, err = national.Generate(f, tpls, opt)
	}
	if err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, *out); err != nil {
		return err
	}
	fi, err := os.Stat(*out)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: %d rows, %d budgets (%d annexes), %.1f MB of CSV, %.1f MB on disk, in %s\n",
		*out, st.Rows, st.Budgets, st.Annexes, mb(st.Bytes), mb(fi.Size()), time.Since(start).Round(time.Millisecond))
	cats := make([]string, 0, len(st.ByCategory))
	for c, n := range st.ByCategory {
		cats = append(cats, c+" "+strconv.Itoa(n))
	}
	slices.Sort(cats)
	fmt.Fprintf(stdout, "budgets by CATEG: %s\n", strings.Join(cats, ", "))
	return nil
}

// benchNational streams a national balance file through national.Stream,
// calc.Reduce and figures.Record, as the dataset build does, and reports
// throughput and peak memory.
func benchNational(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench-national", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		in         = fs.String("in", "", "national balance file (CSV or zip)")
		annexes    = fs.Bool("annexes", false, "keep budgets annexes too")
		categories = fs.String("categories", "", "CATEG values to keep, comma-separated (default: "+strings.Join(national.DefaultCategories(), ",")+"; * for all)")
		contiguous = fs.Bool("contiguous", false, "assume each budget's rows are contiguous (emit as it goes)")
		cpuprofile = fs.String("cpuprofile", "", "write a CPU profile to this file")
		memprofile = fs.String("memprofile", "", "write a heap profile (at the end) to this file")
		maxSeconds = fs.Float64("max-seconds", 0, "fail when the wall time exceeds this many seconds (0: no check)")
		maxRSS     = fs.Float64("max-rss-mb", 0, "fail when the peak RSS exceeds this many MB (0: no check)")
		progress   = fs.Duration("progress", 5*time.Second, "write progress to stderr this often (0: never)")
	)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: jeu1000 bench-national -in FILE\n\nOptions:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *in == "" || fs.NArg() != 0 {
		fs.Usage()
		return errors.New("bench-national needs -in FILE and no other argument")
	}
	c, err := calc.New()
	if err != nil {
		return err
	}
	opt := national.Options{Annexes: *annexes, Contiguous: *contiguous, Stats: &national.Stats{},
		Nature: national.PlanNatures(c.Catalog), Nomenclature: national.PlanNomenclature(c.Catalog)}
	if *progress > 0 {
		opt.Progress = national.ProgressLog(stderr, filepath.Base(*in), *progress)
	}
	if *categories != "" {
		opt.Categories = strings.Split(*categories, ",")
	}
	stopProfile, err := startCPUProfile(*cpuprofile)
	if err != nil {
		return err
	}
	defer stopProfile()

	f, err := os.Open(*in)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	var (
		records, lines, noSpending int
		unknownNomen               int // documents whose nomenclature calc cannot find
		byType                     = map[string]int{}
	)
	prov := dataset.Provenance{Source: "DGFiP, balances comptables nature-fonction", Document: filepath.Base(*in), Method: "OBNETDEB − OOBDEB", Licence: "Licence Ouverte 2.0"}
	start := time.Now()
	err = national.Stream(filepath.Base(*in), f, opt, func(doc *budget.Document) error {
		r, err := figures.Record(c, doc, doc.Authority.SIRET, doc.Population, prov)
		if errors.Is(err, calc.ErrNoSpending) {
			noSpending++
			return nil
		}
		if errors.Is(err, nomen.ErrUnknownNomenclature) {
			// As national.Feed does: the budget is skipped, with a warning.
			if unknownNomen++; unknownNomen <= national.MaxExamples {
				line := 0
				if len(doc.Lines) > 0 {
					line = doc.Lines[0].Pos
				}
				fmt.Fprintf(stderr, "%s:%d: warning: budget %s %q (%s) skipped: %v\n", filepath.Base(*in), line, doc.Authority.SIRET, doc.Authority.Name, doc.Authority.Type, err)
			}
			return nil
		}
		if err != nil {
			return err
		}
		records++
		lines += len(r.Lines)
		byType[doc.Authority.Type]++
		return nil
	})
	wall := time.Since(start)
	if err != nil {
		if st := opt.Stats; st.Rejected > 0 || len(st.Faults) > 0 {
			fmt.Fprintf(stdout, "rejected     %d rows: %s\n", st.Rejected, st.FaultSummary())
		}
		return err
	}
	stopProfile() // the memory statistics below are not profiled
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	if *memprofile != "" {
		pf, err := os.Create(*memprofile)
		if err != nil {
			return err
		}
		defer pf.Close()
		if err := pprof.Lookup("allocs").WriteTo(pf, 0); err != nil {
			return err
		}
	}
	st := opt.Stats
	secs := wall.Seconds()
	fmt.Fprintf(stdout, "input        %s (%.1f MB on disk", *in, mb(fi.Size()))
	if st.Entry != "" {
		fmt.Fprintf(stdout, ", zip entry %s", st.Entry)
	}
	fmt.Fprintln(stdout, ")")
	fmt.Fprintf(stdout, "rows         %d (%d kept as lines, %d of budgets left out, %d rejected)\n", st.Rows, st.KeptRows, st.SkippedRows, st.Rejected)
	for _, f := range st.Faults {
		if f.Budgets > 0 {
			fmt.Fprintf(stdout, "  skipped    %d budgets (%d rows): %s\n", f.Budgets, f.Rows, f.Reason)
		} else {
			fmt.Fprintf(stdout, "  rejected   %d rows: %s\n", f.Rows, f.Reason)
		}
		for _, e := range f.Examples {
			fmt.Fprintf(stdout, "             %v\n", e)
		}
	}
	fmt.Fprintf(stdout, "documents    %d (%d records, %d lines; %d without spending; %d of a nomenclature calc cannot find; %d budgets without a line that may count; %d budgets not contiguous)\n",
		st.Documents, records, lines, noSpending, unknownNomen, st.Empty, st.Interleaved)
	types := make([]string, 0, len(byType))
	for t, n := range byType {
		types = append(types, t+" "+strconv.Itoa(n))
	}
	slices.Sort(types)
	fmt.Fprintf(stdout, "records by CATEG: %s\n", strings.Join(types, ", "))
	fmt.Fprintf(stdout, "wall time    %s (GOMAXPROCS %d)\n", wall.Round(time.Millisecond), runtime.GOMAXPROCS(0))
	fmt.Fprintf(stdout, "throughput   %.0f rows/s, %.1f MB/s of CSV\n", float64(st.Rows)/secs, mb(st.Bytes)/secs)
	rss, rssKnown := vmHWM()
	if rssKnown {
		fmt.Fprintf(stdout, "peak RSS     %.1f MB (VmHWM)\n", mb(rss))
	} else {
		fmt.Fprintln(stdout, "peak RSS     unknown (no /proc/self/status)")
	}
	fmt.Fprintf(stdout, "Go memory    sys %.1f MB, heap sys %.1f MB, heap in use %.1f MB, total allocated %.1f MB, %d GCs\n",
		mb(int64(ms.Sys)), mb(int64(ms.HeapSys)), mb(int64(ms.HeapInuse)), mb(int64(ms.TotalAlloc)), ms.NumGC)
	if *maxSeconds > 0 && secs > *maxSeconds {
		return fmt.Errorf("wall time %.1f s exceeds %.1f s", secs, *maxSeconds)
	}
	if *maxRSS > 0 && rssKnown && mb(rss) > *maxRSS {
		return fmt.Errorf("peak RSS %.1f MB exceeds %.1f MB", mb(rss), *maxRSS)
	}
	return nil
}

// vmHWM returns the process's peak resident set size in bytes, as
// /proc/self/status reports it; ok is false where there is no such file.
func vmHWM() (int64, bool) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0, false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			if err != nil {
				return 0, false
			}
			return kb << 10, true
		}
	}
	return 0, false
}

func mb(n int64) float64 { return float64(n) / (1 << 20) }
