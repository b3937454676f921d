package pipeline

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/jeu1000/jeu1000/internal/dataset"
	"github.com/jeu1000/jeu1000/internal/territory"
)

// LoadTerritory builds the territory reference from the npm package and the
// INSEE population files (see territory.Build). npmDir may be tools/npm, the
// installed package's folder (…/node_modules/@etalab/decoupage-administratif)
// or its data folder; given the package's folder inside tools/npm, the pin
// of tools/npm/package.json is still checked.
func LoadTerritory(npmDir, populationDir string) (*territory.Set, error) {
	set, err := territory.Build(npmRoot(npmDir), populationDir)
	if err != nil {
		return nil, fmt.Errorf("territory: %w", err)
	}
	return set, nil
}

// npmRoot maps the package's folder to what territory.Build takes: the
// folder holding node_modules when there is one, else the data folder.
func npmRoot(dir string) string {
	if !exists(filepath.Join(dir, "data", "communes.json")) {
		return dir // tools/npm or the data folder itself
	}
	root := filepath.Dir(filepath.Dir(filepath.Dir(filepath.Clean(dir))))
	if filepath.Base(filepath.Dir(filepath.Dir(filepath.Clean(dir)))) == "node_modules" &&
		exists(filepath.Join(root, "package.json")) {
		return root
	}
	return filepath.Join(dir, "data")
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// indexAuthority is the index entry of a territory authority, without
// figures yet (Shard -1). The kinds of both packages have the same values.
func indexAuthority(a *territory.Authority) dataset.Authority {
	return dataset.Authority{
		Kind:           dataset.Kind(a.Kind),
		Code:           a.Code,
		SIREN:          a.SIREN,
		Name:           a.Name,
		Nature:         a.Nature,
		PostalCodes:    a.PostalCodes,
		Departement:    a.Departement,
		Region:         a.Region,
		EPCI:           a.EPCI,
		Population:     a.Population,
		PopulationYear: a.PopulationYear,
		Shard:          -1,
	}
}

// kindOf converts a territory kind.
func kindOf(k territory.Kind) dataset.Kind { return dataset.Kind(k) }
