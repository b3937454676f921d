package main

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/jeu1000/jeu1000/internal/national"
	"github.com/jeu1000/jeu1000/internal/pipeline"
)

// buildDataCommand runs "jeu1000 build-data" and returns the exit status.
func buildDataCommand(args []string, stdout, stderr io.Writer) int {
	err := buildData(args, stdout, stderr)
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	}
	fmt.Fprintln(stderr, "jeu1000 build-data:", err)
	return 1
}

// buildData rebuilds the bundled dataset (data/compressed) from the shared
// data and the npm package of the territory reference.
func buildData(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("build-data", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg pipeline.Config
	fs.StringVar(&cfg.SharedDir, "shared", "../shared/data", "shared data folder (documents, balances, aggregates, population)")
	fs.StringVar(&cfg.NPMDir, "npm", "tools/npm", "where @etalab/decoupage-administratif is installed: tools/npm (after make npm), or the package's folder")
	fs.StringVar(&cfg.OutDir, "out", "data/compressed", "output folder")
	fs.StringVar(&cfg.TempDir, "tmp", "", "folder for the temporary spool of records (default: the system's)")
	report := fs.Bool("report", false, "print the sizes of the index and shards (SIZES.md) when done")
	var balances []string
	fs.Func("balance", "a DGFiP national nature-fonction balance file (CSV or zip) to stream into detailed records of every authority; repeatable", func(v string) error {
		balances = append(balances, v)
		return nil
	})
	annexes := fs.Bool("annexes", false, "with -balance: read the annex budgets too (the dataset stores budgets principaux)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: jeu1000 build-data [options]\n\nRebuilds the bundled dataset, deterministically.\n\nOptions:")
		fs.PrintDefaults()
	}
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	var skipped national.Skipped
	for _, path := range balances {
		cfg.Feeds = append(cfg.Feeds, national.Feed(path, national.Options{Annexes: *annexes, TempDir: cfg.TempDir}, &skipped, stderr))
	}
	sum, err := pipeline.Build(cfg)
	if err != nil {
		return err
	}
	if *report {
		_, err = stdout.Write(sum.Markdown())
		return err
	}
	largest := sum.Largest()
	_, err = fmt.Fprintf(stdout, "%s: index %d bytes gzipped, %d shards, largest %s %d bytes gzipped\n",
		cfg.OutDir, sum.Index.Gzip, len(sum.Shards), largest.Name, largest.Gzip)
	return err
}
