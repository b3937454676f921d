package pipeline_test

import (
	"errors"
	"fmt"
	"os"

	"github.com/jeu1000/jeu1000/internal/budget"
	"github.com/jeu1000/jeu1000/internal/calc"
	"github.com/jeu1000/jeu1000/internal/pipeline"
	"github.com/jeu1000/jeu1000/internal/reader"
)

// A feed adds the documents of another source, e.g. a national balance
// streamed budget by budget, after the shared documents and aggregates.
// What the dataset cannot store is counted and skipped; anything else stops
// the build.
func ExampleFeed() {
	var skipped int
	balance := func(b *pipeline.Builder) error {
		// A stand-in for a stream of documents (one per budget).
		data, err := os.ReadFile("../shared/data/balances/bordeaux-33063-2019.json")
		if err != nil {
			return err
		}
		doc, err := reader.Read("bordeaux-33063-2019.json", data, reader.Options{})
		if err != nil {
			return err
		}
		for _, d := range []*budget.Document{doc} {
			err := b.AddDocument(d, pipeline.Source{Path: "BalanceSPL_Fonction_2019.csv", Publisher: "DGFiP"})
			switch {
			case errors.Is(err, pipeline.ErrUnknownAuthority), errors.Is(err, pipeline.ErrNotStored),
				errors.Is(err, pipeline.ErrDuplicate), errors.Is(err, calc.ErrNoSpending):
				skipped++
			case err != nil:
				return err
			}
		}
		return nil
	}
	sum, err := pipeline.Build(pipeline.Config{
		SharedDir: "../shared/data", NPMDir: "tools/npm", OutDir: "data/compressed",
		Feeds: []pipeline.Feed{balance},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(sum.Index.Gzip, skipped)
}
