package national

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/jeu1000/jeu1000/internal/budget"
	"github.com/jeu1000/jeu1000/internal/calc"
	"github.com/jeu1000/jeu1000/internal/nomen"
	"github.com/jeu1000/jeu1000/internal/pipeline"
)

// Skipped counts the documents of a national file that the dataset does not
// take, by reason.
type Skipped struct {
	UnknownAuthority, NotStored, Duplicate, NoSpending int
	// Nomenclature counts the documents whose nomenclature the split
	// does not know (when Options.Nomenclature let them through).
	Nomenclature int
}

// Feed returns a pipeline feed that streams the national balance file at
// path (CSV or zip) into detailed records of every authority it knows.
// Documents of authorities outside the index (syndicates, établissements
// publics, merged communes), annexes and duplicates are counted in skipped,
// not fatal; so are budgets of an unknown nomenclature (a warning naming
// each on log) and rows that make no sense (see Stats.Faults). Limits,
// a file that is not a balance, and a file where most rows make no sense
// stop the build.
//
// Unless opt says otherwise, accounts and nomenclatures are checked
// against the plans de comptes (PlanNatures, PlanNomenclature), and
// progress (rows, MB, rows/s, ETA) is written to log every few seconds.
func Feed(path string, opt Options, skipped *Skipped, log io.Writer) pipeline.Feed {
	return func(b *pipeline.Builder) error {
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		name := filepath.Base(path)
		stats := opt.Stats
		if stats == nil {
			stats = &Stats{}
			opt.Stats = stats
		}
		if opt.Nature == nil || opt.Nomenclature == nil {
			cat, err := nomen.Default()
			if err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			if opt.Nature == nil {
				opt.Nature = PlanNatures(cat)
			}
			if opt.Nomenclature == nil {
				opt.Nomenclature = PlanNomenclature(cat)
			}
		}
		if opt.Progress == nil && log != nil {
			opt.Progress = ProgressLog(log, name, 5*time.Second)
		}
		added := 0
		err = Stream(name, f, opt, func(doc *budget.Document) error {
			err := b.AddDocument(doc, pipeline.Source{Path: name, Publisher: "DGFiP"})
			switch {
			case err == nil:
				added++
			case errors.Is(err, pipeline.ErrUnknownAuthority):
				skipped.UnknownAuthority++
			case errors.Is(err, pipeline.ErrNotStored):
				skipped.NotStored++
			case errors.Is(err, pipeline.ErrDuplicate):
				skipped.Duplicate++
			case errors.Is(err, calc.ErrNoSpending):
				skipped.NoSpending++
			case errors.Is(err, nomen.ErrUnknownNomenclature):
				skipped.Nomenclature++
				if log != nil {
					line := 0
					if len(doc.Lines) > 0 {
						line = doc.Lines[0].Pos
					}
					fmt.Fprintf(log, "%s:%d: warning: budget %s %q (%s, SIREN %s) skipped: %v\n",
						name, line, doc.Authority.SIRET, doc.Authority.Name, doc.Authority.Type, doc.Authority.SIREN, err)
				}
			default:
				return err
			}
			return nil
		})
		if log != nil {
			for _, f := range stats.Faults {
				if f.Reason != ReasonNomenclature {
					continue
				}
				for _, e := range f.Examples {
					fmt.Fprintf(log, "warning: %v\n", e)
				}
				if f.Budgets > len(f.Examples) {
					fmt.Fprintf(log, "warning: %d more budgets of an unknown nomenclature skipped\n", f.Budgets-len(f.Examples))
				}
			}
		}
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if log != nil {
			fmt.Fprintf(log, "%s: %d rows, %d records added; skipped: %d unknown authorities, %d not stored, %d duplicates, %d without spending, %d of an unknown nomenclature",
				name, stats.Rows, added, skipped.UnknownAuthority, skipped.NotStored, skipped.Duplicate, skipped.NoSpending, skipped.Nomenclature)
			if len(stats.Faults) > 0 {
				fmt.Fprintf(log, "; rejected %d rows: %s", stats.Rejected, stats.FaultSummary())
			}
			fmt.Fprintln(log)
		}
		return nil
	}
}

// ProgressLog returns an Options.Progress that writes a line to w at most
// every interval (and the first after one interval): rows read, MB of CSV,
// rows/s and, when the size is known, the share done and the time left.
func ProgressLog(w io.Writer, name string, interval time.Duration) func(Progress) {
	start := time.Now()
	last := start
	return func(p Progress) {
		now := time.Now()
		if now.Sub(last) < interval {
			return
		}
		last = now
		secs := now.Sub(start).Seconds()
		fmt.Fprintf(w, "%s: %d rows, %.1f MB, %.0f rows/s", name, p.Rows, float64(p.Bytes)/(1<<20), float64(p.Rows)/secs)
		if p.Total > 0 && p.Bytes > 0 && p.Bytes < p.Total {
			left := time.Duration(float64(p.Total-p.Bytes) / (float64(p.Bytes) / secs) * float64(time.Second))
			fmt.Fprintf(w, ", %.0f %% of %.1f MB, about %s left", 100*float64(p.Bytes)/float64(p.Total), float64(p.Total)/(1<<20), left.Round(time.Second))
		}
		fmt.Fprintln(w)
	}
}
