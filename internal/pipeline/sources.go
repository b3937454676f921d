package pipeline

import (
	"fmt"
	"os"
	"path"
	"path/filepath"

	"github.com/jeu1000/jeu1000/internal/reader"
)

// SharedDocument is a file of the shared data folder that becomes a
// detailed record.
type SharedDocument struct {
	Path      string // relative to the shared data folder, slash-separated
	Publisher string // who published it, for the record's provenance
}

// SharedDocuments lists the budget documents and balances of the shared
// data that are budgets principaux and sources of truth, in the order they
// are added. Where a document exists both as TOTEM XML and as SCDL CSV, the
// XML is taken: it names its nomenclature variant and population.
func SharedDocuments() []SharedDocument {
	docs := []SharedDocument{}
	for y := 2016; y <= 2023; y++ {
		docs = append(docs, SharedDocument{fmt.Sprintf("documents/montreuil-93048/CA_%d.xml", y), "Ville de Montreuil"})
	}
	return append(docs,
		SharedDocument{"documents/montpellier-34172/CA_2018.xml", "Ville de Montpellier"},
		SharedDocument{"documents/grenoble-38185/CA_2018.xml", "Ville de Grenoble"},
		SharedDocument{"documents/morbihan-56/CA_2021.scdl.csv", "Département du Morbihan"},
		SharedDocument{"documents/crach-56046/CA_2021.xml", "Commune de Crach"},
		SharedDocument{"documents/crach-56046/BP_2022.xml", "Commune de Crach"},
		SharedDocument{"documents/mohon-56134/CFU_2023.xml", "Commune de Mohon"},
		SharedDocument{"balances/bordeaux-33063-2019.json", "DGFiP"},
		SharedDocument{"balances/montpellier-34172-2019.json", "DGFiP"},
	)
}

// Exclusion is a set of files of the shared data left out of the dataset,
// and why.
type Exclusion struct {
	Prefix string // path prefix, relative to the shared data folder
	Reason string
}

// Exclusions lists every other file under documents/ and balances/ (a test
// checks that each file is either in SharedDocuments or here).
func Exclusions() []Exclusion {
	const twin = "SCDL twin of the TOTEM document of the same budget, which is taken"
	const dm = "décision modificative: only moves money within the year's budget"
	return []Exclusion{
		{"documents/crach-56046/BP_2022.scdl.csv", twin},
		{"documents/crach-56046/CA_2021.scdl.csv", twin},
		{"documents/crach-56046/DM2_2021.", dm},
		{"documents/crach-56046/DM3_2021.", dm},
		{"documents/mohon-56134/CFU_2023.scdl.csv", twin},
		{"documents/crach-56046-lotissement/", "budget annexe (lotissement): a record has no field to tell an annex from the budget principal"},
		{"documents/saint-malo-agglomeration-transport/", "budget annexe (transport, M43): a record has no field to tell an annex from the budget principal"},
		{"documents/herault-34-partial/", "hand-transcribed from a PDF, about 70 % complete, invented natures: never a source of truth"},
		{"documents/edge-cases/", "parser edge cases, not budgets of record"},
	}
}

// AddSharedDocuments reads the SharedDocuments of sharedDir and adds them.
func AddSharedDocuments(b *Builder, sharedDir string) error {
	for _, d := range SharedDocuments() {
		file := filepath.Join(sharedDir, filepath.FromSlash(d.Path))
		data, err := os.ReadFile(file)
		if err != nil {
			return fmt.Errorf("shared documents: %w", err)
		}
		doc, err := reader.Read(path.Base(d.Path), data, reader.Options{})
		if err != nil {
			return fmt.Errorf("shared documents: %w", err)
		}
		if err := b.AddDocument(doc, Source{Path: d.Path, Publisher: d.Publisher}); err != nil {
			return fmt.Errorf("shared documents: %w", err)
		}
	}
	return nil
}
