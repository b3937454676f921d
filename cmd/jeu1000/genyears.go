package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jeu1000/jeu1000/internal/national"
	"github.com/jeu1000/jeu1000/internal/pipeline"
)

// parseYears reads "2012-2024" or "2024".
func parseYears(s string) (first, last int, err error) {
	a, b, ok := strings.Cut(strings.TrimSpace(s), "-")
	if !ok {
		b = a
	}
	first, err1 := strconv.Atoi(strings.TrimSpace(a))
	last, err2 := strconv.Atoi(strings.TrimSpace(b))
	if err := errors.Join(err1, err2); err != nil || first < 1900 || last > 2199 || first > last {
		return 0, 0, fmt.Errorf("years %q: want FIRST-LAST or YEAR (e.g. 2012-2024)", s)
	}
	return first, last, nil
}

// genYearsConfig is what gen-balance -years writes.
type genYearsConfig struct {
	first, last    int
	rows           int
	seed           uint64
	dir            string
	zip, reuse     bool
	npmDir, popDir string
	templates      []*national.Template
}

// genManifest records how each file of a folder was generated, so that
// -reuse keeps the files that the same options would write again.
type genManifest struct {
	Version int                  `json:"version"`
	Files   map[string]genRecord `json:"files"`
}

type genRecord struct {
	Year  int    `json:"year"`
	Rows  int    `json:"rows"`
	Seed  uint64 `json:"seed"`
	Bytes int64  `json:"bytes"`
}

const genManifestName = "gen-balance.json"

func readManifest(dir string) genManifest {
	m := genManifest{Files: map[string]genRecord{}}
	data, err := os.ReadFile(filepath.Join(dir, genManifestName))
	if err != nil {
		return m
	}
	if json.Unmarshal(data, &m) != nil || m.Version != national.GenVersion || m.Files == nil {
		return genManifest{Files: map[string]genRecord{}}
	}
	return m
}

func (m genManifest) write(dir string) error {
	m.Version = national.GenVersion
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, genManifestName), append(data, '\n'), 0o644)
}

// genYears writes one synthetic national file per exercice.
func genYears(cfg genYearsConfig, stdout io.Writer) error {
	start := time.Now()
	set, err := pipeline.LoadTerritory(cfg.npmDir, cfg.popDir)
	if err != nil {
		return err
	}
	merged, err := national.ReadMergedCommunes(cfg.npmDir)
	if err != nil {
		return err
	}
	roster := national.NewRoster(set, merged)
	if err := os.MkdirAll(cfg.dir, 0o755); err != nil {
		return err
	}
	man := readManifest(cfg.dir)
	fmt.Fprintf(stdout, "roster: %d bodies (%d authorities of the index, %d former communes) in %s\n",
		roster.Len(), set.Len(), len(merged), time.Since(start).Round(time.Millisecond))
	for year := cfg.first; year <= cfg.last; year++ {
		name := national.FileName(year)
		if cfg.zip {
			name = strings.TrimSuffix(name, ".csv") + ".zip"
		}
		path := filepath.Join(cfg.dir, name)
		want := genRecord{Year: year, Rows: cfg.rows, Seed: cfg.seed}
		if cfg.reuse {
			if rec, ok := man.Files[name]; ok {
				got := rec
				got.Bytes = 0
				if fi, err := os.Stat(path); err == nil && got == want && fi.Size() == rec.Bytes {
					fmt.Fprintf(stdout, "%s: up to date, kept\n", path)
					continue
				}
			}
		}
		delete(man.Files, name)
		t0 := time.Now()
		st, size, err := genYear(path, roster, cfg, year)
		if err != nil {
			return err
		}
		want.Bytes = size
		man.Files[name] = want
		if err := man.write(cfg.dir); err != nil {
			return err
		}
		secs := time.Since(t0).Seconds()
		cats := make([]string, 0, len(st.ByCategory))
		for c, n := range st.ByCategory {
			cats = append(cats, c+" "+strconv.Itoa(n))
		}
		slices.Sort(cats)
		fmt.Fprintf(stdout, "%s: %d rows, %d budgets (%d annexes; %d not in the index, %d of them merged communes), %.1f MB of CSV, %.1f MB on disk, in %.1f s (%.0f MB/s); by CATEG: %s\n",
			path, st.Rows, st.Budgets, st.Annexes, st.Ghosts, st.Merged, mb(st.Bytes), mb(size), secs, mb(st.Bytes)/max(secs, 1e-9), strings.Join(cats, ", "))
	}
	return nil
}

// genYear writes one year's file through a .part file.
func genYear(path string, roster *national.Roster, cfg genYearsConfig, year int) (national.YearStats, int64, error) {
	tmp := path + ".part"
	f, err := os.Create(tmp)
	if err != nil {
		return national.YearStats{}, 0, err
	}
	defer os.Remove(tmp)
	defer f.Close()
	opt := national.YearOptions{Year: year, Rows: cfg.rows, Seed: cfg.seed}
	var st national.YearStats
	if cfg.zip {
		st, err = national.GenerateYearZip(f, national.FileName(year), roster, cfg.templates, opt)
	} else {
		st, err = national.GenerateYear(f, roster, cfg.templates, opt)
	}
	if err != nil {
		return st, 0, fmt.Errorf("%s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return st, 0, err
	}
	fi, err := os.Stat(tmp)
	if err != nil {
		return st, 0, err
	}
	if err := os.Rename(tmp, path); err != nil {
		return st, 0, err
	}
	return st, fi.Size(), nil
}
