// Command gennomen generates the tables of package nomen (run through
// `go generate ./internal/nomen`).
//
// Plans de comptes: it reads every <year>/<norm>/<variant>/planDeCompte.xml
// under -src (the official files, ISO-8859-1 or UTF-8), repairs the labels
// and writes the compact, deterministic tables to -out:
//
//	gennomen -src ../../../shared/data/plans-de-comptes -out plans.bin
//
// Grid documentation: with -grid-doc it renders the grid table (-grid, the
// documented cross-walk grid.tsv) as Markdown with the official label of
// every prefix, taken from the embedded plans:
//
//	gennomen -grid-doc -grid grid.tsv -out GRID.md
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/jeu1000/jeu1000/internal/budget"
	"github.com/jeu1000/jeu1000/internal/nomen"
	"github.com/jeu1000/jeu1000/internal/nomen/gen"
	"github.com/jeu1000/jeu1000/internal/nomen/gridtab"
)

func main() {
	if err := run(os.Args[1:], os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "gennomen:", err)
		os.Exit(1)
	}
}

func run(args []string, log io.Writer) error {
	fs := flag.NewFlagSet("gennomen", flag.ContinueOnError)
	fs.SetOutput(log)
	src := fs.String("src", "", "folder of <year>/<norm>/<variant>/planDeCompte.xml files")
	out := fs.String("out", "", "file to write")
	gridDoc := fs.Bool("grid-doc", false, "write the Markdown documentation of the grid table instead")
	grid := fs.String("grid", "grid.tsv", "grid table (with -grid-doc)")
	verbose := fs.Bool("v", false, "list every repair and oddity found in the plans")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" || fs.NArg() > 0 {
		return fmt.Errorf("usage: gennomen -src DIR -out FILE | gennomen -grid-doc [-grid grid.tsv] -out FILE")
	}
	var data []byte
	if *gridDoc {
		tsv, err := os.ReadFile(*grid)
		if err != nil {
			return fmt.Errorf("read grid table: %w", err)
		}
		data, err = GridDoc(tsv)
		if err != nil {
			return err
		}
	} else {
		if *src == "" {
			return fmt.Errorf("-src is required")
		}
		plans, rep, err := gen.ReadDir(*src)
		if err != nil {
			return err
		}
		data, err = gen.Encode(plans)
		if err != nil {
			return err
		}
		fmt.Fprintf(log, "gennomen: %d plans, labels repaired: %d mojibake, %d C1, %d U+FFFD restored, %d left; %d notes; %s: %d bytes\n",
			len(plans), rep.Mojibake, rep.C1, rep.Replaced, rep.Unrepaired, len(rep.Notes), *out, len(data))
		if *verbose {
			for _, n := range rep.Notes {
				fmt.Fprintln(log, "  ", n)
			}
		}
	}
	return writeIfChanged(*out, data)
}

// GridDoc renders the grid table with the official labels of the embedded
// plans (see Label).
func GridDoc(tsv []byte) ([]byte, error) {
	t, err := gridtab.Parse(tsv)
	if err != nil {
		return nil, err
	}
	c, err := nomen.Default()
	if err != nil {
		return nil, err
	}
	return t.Markdown(func(norm, code string) string { return Label(c, norm, code) }), nil
}

// Label returns the official label of a function code of a norm: from the
// main variant's latest plan, else from the latest plan of any variant that
// has it ("" if none).
func Label(c *nomen.Catalog, norm, code string) string {
	if p, err := c.Plan(budget.Nomenclature{Norm: norm}, 9999); err == nil {
		if f, ok := p.Function(code); ok {
			return f.Label
		}
	}
	for _, pi := range c.Plans() {
		if pi.Norm != norm {
			continue
		}
		for i := len(pi.Years) - 1; i >= 0; i-- {
			p, err := c.Plan(budget.Nomenclature{Norm: pi.Norm, Variant: pi.Variant}, pi.Years[i])
			if err != nil {
				continue
			}
			if f, ok := p.Function(code); ok {
				return f.Label
			}
		}
	}
	return ""
}

// writeIfChanged writes data to path unless the file already holds it, so
// that re-running the generator leaves the tree untouched.
func writeIfChanged(path string, data []byte) error {
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, data) {
		return nil
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".gennomen-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
