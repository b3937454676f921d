// Command jeu1000 computes how 1,000 € of a French local authority's spending
// splits across public policies, from a budget file (TOTEM XML, CFU, SCDL CSV,
// DGFiP balance, template CSV).
//
// Usage:
//
//	jeu1000 split [options] FILE
//
// Run "jeu1000 split -h" for the options.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"sync"
	"text/tabwriter"

	"github.com/jeu1000/jeu1000/internal/app"
	"github.com/jeu1000/jeu1000/internal/calc"
	"github.com/jeu1000/jeu1000/internal/reader"
	"github.com/jeu1000/jeu1000/internal/report"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

const usage = `jeu1000 — the 1,000 € of a local authority's spending, by public policy

Usage:
  jeu1000 split [options] FILE    split the spending of a budget file
  jeu1000 serve [options]         serve the browser app (web/ and data/compressed/)
  jeu1000 site [options]          write the app as a folder for any static host (make site)
  jeu1000 app-set [-web DIR]      write the service worker's list of the app's files (make web)
  jeu1000 build-data [options]    rebuild the bundled dataset (data/compressed/)
  jeu1000 data-report -data DIR   what an authority's page fetches beyond the index (p50, p99, max)
  jeu1000 fetch -year YEAR        download the DGFiP national nature-fonction balance of YEAR
  jeu1000 data-france [options]   build the full dataset from every year's national balance
  jeu1000 gen-balance -out FILE   write a synthetic national-size balance (benchmarks)
  jeu1000 bench-national -in FILE stream a national balance into dataset records, report speed and memory
`

// run is main without the process: it returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "split":
		if err := split(args[1:], stdout, stderr); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return 0
			}
			fmt.Fprintln(stderr, "jeu1000:", err)
			return 1
		}
		return 0
	case "serve":
		if err := serve(args[1:], stderr); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return 0
			}
			fmt.Fprintln(stderr, "jeu1000:", err)
			return 1
		}
		return 0
	case "site":
		if err := site(args[1:], stdout, stderr); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return 0
			}
			fmt.Fprintln(stderr, "jeu1000:", err)
			return 1
		}
		return 0
	case "app-set":
		return runNational(appSet, args[1:], stdout, stderr)
	case "build-data":
		return buildDataCommand(args[1:], stdout, stderr)
	case "data-report":
		return dataReportCommand(args[1:], stdout, stderr)
	case "fetch":
		return runNational(fetch, args[1:], stdout, stderr)
	case "data-france":
		return dataFranceCommand(args[1:], stdout, stderr)
	case "gen-balance":
		return runNational(genBalance, args[1:], stdout, stderr)
	case "bench-national":
		return runNational(benchNational, args[1:], stdout, stderr)
	case "-h", "--help", "help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "jeu1000: unknown command %q\n%s", args[0], usage)
	return 2
}

func split(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("split", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		asJSON = fs.Bool("json", false, "print JSON instead of a table")
		lines  = fs.Bool("lines", false, "table output: list the largest lines under each part")
		req    app.Request
		table  tableFlags
	)
	table.register(fs)
	fs.IntVar(&req.Level, "level", 1, "level of the native function tree: 1 to 4 (4 only in M57)")
	fs.StringVar(&req.Grid, "grid", "native", "grouping: native, common (about a dozen policy areas) or six (six groups)")
	fs.StringVar(&req.Section, "section", "all", "F (fonctionnement), I (investissement) or all")
	fs.StringVar(&req.Nomenclature, "nomenclature", "", "nomenclature for files that do not say it, e.g. M57 or M14-M14_COM_SUP3500")
	fs.Int64Var(&req.Population, "population", 0, "population totale, overriding the document's")
	fs.StringVar(&req.Ident, "ident", "", "balance files with several authorities: SIRET, SIREN or INSEE code of the one to split")
	fs.IntVar(&req.Top, "top", 5, "number of lines listed under each part (JSON), 0 for none")
	fs.BoolVar(&req.DebtRepayment, "debt", false, "count debt capital repayment (16, except 16441, 16449, 166) as a \"Dette\" part")
	fs.BoolVar(&req.ExcludeInterest, "exclude-interest", false, "leave interest (66) out")
	fs.BoolVar(&req.ExcludeTaxPassedOn, "exclude-tax-passed-on", false, "leave tax passed on and refunds (chapter 014) out")
	fs.BoolVar(&req.VentilatedOnly, "ventilated-only", false, "leave 01 \"opérations non ventilables\" out of the total")
	fs.BoolVar(&req.IncludeRAR, "include-rar", false, "include restes à réaliser")
	fs.BoolVar(&req.AllReal, "all-real", false, "count every real spending line whatever its account (the authority's own \"dépenses réelles\"), except draws on credit lines (16449)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: jeu1000 split [options] FILE\n\nOptions:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return fmt.Errorf("expected one FILE, got %d arguments", fs.NArg())
	}
	opt, err := req.Options()
	if err != nil {
		return err
	}

	name := fs.Arg(0)
	data, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	// The base name is what provenance shows (and all a browser knows).
	doc, err := table.read(filepath.Base(name), data, reader.Options{Ident: req.Ident}, stderr)
	if err != nil {
		return err
	}
	c, err := calc.New()
	if err != nil {
		return err
	}
	s, err := c.Split(doc, opt)
	if err != nil {
		return err
	}
	if err := table.export(s); err != nil {
		return err
	}
	r := report.New(s, req.Top)
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	}
	return printTable(stdout, r, *lines)
}

// partLabel is a part's label in the table: the citizen's words of the
// labels table, then the official label when it differs.
func partLabel(p report.Part) string {
	if p.Plain == "" {
		return p.Label
	}
	return p.Plain + " (" + p.Label + ")"
}

func printTable(w io.Writer, r report.Report, withLines bool) error {
	nomenclature := r.NomenclatureLabel
	if nomenclature == "" {
		nomenclature = strings.TrimSpace(r.Nomenclature + " " + r.Variant)
	}
	if r.Inferred {
		nomenclature += ", déduite des codes"
	}
	fmt.Fprintf(w, "%s — %s %d — %s\n", r.Authority.Name, r.Document, r.Year, nomenclature)
	section := map[string]string{"F": "fonctionnement", "I": "investissement", "all": "fonctionnement + investissement"}[r.Section]
	fmt.Fprintf(w, "Dépenses comptées (%s) : %s €", section, r.Total)
	if r.PerInhabitant != "" {
		fmt.Fprintf(w, " — %s € par habitant (population %d)", r.PerInhabitant, r.Population)
	}
	fmt.Fprintln(w)
	if r.Provenance.Note != "" {
		fmt.Fprintln(w, "Note :", r.Provenance.Note)
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "code\tpour 1 000 €\tmontant (€)\t€/hab.\t\tlibellé")
	for _, p := range r.Parts {
		per := p.PerInhabitant
		if per == "" {
			per = "—"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t\t%s\n", p.Code, p.Euros, p.Amount, per, partLabel(p))
		if withLines {
			for _, l := range p.Top {
				fmt.Fprintf(tw, "\t\t%s\t\t\t  ligne %d : %s %s %s\n", l.Amount, l.Pos, l.Nature, l.Function, l.Label)
			}
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	p := r.Provenance
	voted := map[string]string{"function": "fonction", "nature": "nature"}[p.Voted]
	plan := p.PlanLabel
	if plan == "" {
		plan = p.Plan
	}
	fmt.Fprintf(w, "\nSource : %s (%s) ; plan de comptes %s ; montants %s ; vote par %s", p.Source, p.Format, plan, p.Amounts, voted)
	if len(p.Rules) > 0 {
		fmt.Fprintf(w, " ; options %s", strings.Join(p.Rules, ", "))
	}
	fmt.Fprintln(w)
	return nil
}

// startCPUProfile writes a CPU profile to path until the returned function
// is called (more than once is fine); an empty path profiles nothing.
// parseNoArgs parses the flags of a command that takes no other
// arguments, showing its usage when some are given.
func parseNoArgs(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		fs.Usage()
		return fmt.Errorf("unexpected arguments: %q", fs.Args())
	}
	return nil
}

func startCPUProfile(path string) (stop func(), err error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			pprof.StopCPUProfile()
			f.Close()
		})
	}, nil
}
