package national

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/jeu1000/jeu1000/internal/budget"
	"github.com/jeu1000/jeu1000/internal/calc"
	"github.com/jeu1000/jeu1000/internal/pipeline"
)

// Skipped counts the documents of a national file that the dataset does not
// take, by reason.
type Skipped struct {
	UnknownAuthority, NotStored, Duplicate, NoSpending int
}

// Feed returns a pipeline feed that streams the national balance file at
// path (CSV or zip) into detailed records of every authority it knows.
// Documents of authorities outside the index (syndicates, établissements
// publics, merged communes), annexes and duplicates are counted in skipped,
// not fatal; anything else stops the build.
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
			default:
				return err
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if log != nil {
			fmt.Fprintf(log, "%s: %d rows, %d records added; skipped: %d unknown authorities, %d not stored, %d duplicates, %d without spending\n",
				name, stats.Rows, added, skipped.UnknownAuthority, skipped.NotStored, skipped.Duplicate, skipped.NoSpending)
		}
		return nil
	}
}
