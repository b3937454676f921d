package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/jeu1000/jeu1000/internal/pipeline"
)

const dataReportUsage = `Usage: jeu1000 data-report -data DIR [-json]

Reads the index of a dataset folder (index.bin.gz and its shards, as
build-data writes them) and sums, for every authority with figures, the
bytes its page fetches beyond the index: the shard of its latest year, and
the shards of all its years. Sizes are those of the brotli copies (x.br
beside x.gz, made by node tools/brotli.mjs --data DIR) when every file has
one, else of the .gz files; the first line says which.

Output (stable, parsed by make bench-france; bytes, no separators):

  unit brotli|gzip
  index BYTES
  authorities N with-figures N
  shards N bytes BYTES
  latest p50=B p90=B p99=B max=B count=N worst=KIND:CODE
  all p50=B p90=B p99=B max=B count=N worst=KIND:CODE

Percentiles are nearest-rank over the authorities with figures; worst is
the authority that fetches the most (the first in index order). -json
prints the same as one JSON object.

Options:
`

// dataReportCommand runs data-report and returns the exit status.
func dataReportCommand(args []string, stdout, stderr io.Writer) int {
	err := dataReport(args, stdout, stderr)
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	}
	fmt.Fprintln(stderr, "jeu1000 data-report:", err)
	return 1
}

func dataReport(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("data-report", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("data", "data/compressed", "dataset folder")
	asJSON := fs.Bool("json", false, "print JSON")
	fs.Usage = func() {
		fmt.Fprint(stderr, dataReportUsage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	r, err := pipeline.ReportData(*dir)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	}
	return r.WriteText(stdout)
}
