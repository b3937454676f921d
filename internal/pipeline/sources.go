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
	// Key is the authority ("departement:33") for files that do not name
	// it (the départements' own CSV exports); "" resolves it from the
	// document.
	Key string
	// Year is the year read from a file of several (reader.Options.Year);
	// 0 for a file of one year.
	Year int
}

// SharedDocuments lists the budget documents and balances of the shared
// data that are budgets principaux and sources of truth, in the order they
// are added. Where a document exists both as TOTEM XML and as SCDL CSV, the
// XML is taken: it names its nomenclature variant and population.
func SharedDocuments() []SharedDocument {
	docs := []SharedDocument{}
	for y := 2016; y <= 2023; y++ {
		docs = append(docs, SharedDocument{Path: fmt.Sprintf("documents/montreuil-93048/CA_%d.xml", y), Publisher: "Ville de Montreuil"})
	}
	docs = append(docs,
		SharedDocument{Path: "documents/montpellier-34172/CA_2018.xml", Publisher: "Ville de Montpellier"},
		SharedDocument{Path: "documents/grenoble-38185/CA_2018.xml", Publisher: "Ville de Grenoble"},
		SharedDocument{Path: "documents/morbihan-56/CA_2021.scdl.csv", Publisher: "Département du Morbihan"},
		SharedDocument{Path: "documents/crach-56046/CA_2021.xml", Publisher: "Commune de Crach"},
		SharedDocument{Path: "documents/crach-56046/BP_2022.xml", Publisher: "Commune de Crach"},
		SharedDocument{Path: "documents/mohon-56134/CFU_2023.xml", Publisher: "Commune de Mohon"},
		SharedDocument{Path: "balances/bordeaux-33063-2019.json", Publisher: "DGFiP"},
		SharedDocument{Path: "balances/montpellier-34172-2019.json", Publisher: "DGFiP"},
	)
	// The départements' own CSV exports (M52), read through the column
	// mapping's presets: Gironde's cedi files, a year each, and the
	// Hauts-de-Seine's one file of eight years.
	for y := 2009; y <= 2016; y++ {
		docs = append(docs, SharedDocument{Path: fmt.Sprintf("departement-csv/gironde-33/cedi_%d_CA.csv", y),
			Publisher: "Département de la Gironde", Key: "departement:33"})
	}
	for y := 2009; y <= 2016; y++ {
		docs = append(docs, SharedDocument{Path: "departement-csv/hauts-de-seine-92/M52-92-2009-2016.csv",
			Publisher: "Département des Hauts-de-Seine", Key: "departement:92", Year: y})
	}
	return docs
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
		{"departement-csv/gironde-33/cedi_2016_BP.csv", "budget primitif of a year whose compte administratif is the record"},
		{"departement-csv/gironde-33/m52-fonctions-atemporal.csv", "labels of the M52 functions, not a budget"},
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
		doc, err := reader.Read(path.Base(d.Path), data, reader.Options{Year: d.Year})
		if err != nil {
			return fmt.Errorf("shared documents: %w", err)
		}
		if err := b.AddDocument(doc, Source{Path: d.Path, Publisher: d.Publisher, Key: d.Key}); err != nil {
			return fmt.Errorf("shared documents: %w", err)
		}
	}
	return nil
}
