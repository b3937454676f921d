package dataset_test

import (
	"bytes"
	"fmt"

	"github.com/jeu1000/jeu1000/internal/dataset"
)

// A builder writes the shards, describes them in the index and writes the
// index; the app reads the index, then the shard of the authority chosen.
func Example() {
	shard := &dataset.Shard{
		Name: "shard-093.bin.gz",
		Records: []dataset.Record{{
			Authority: "commune:93048", Year: 2022, Document: "CA", Detail: dataset.Aggregated,
			Nomenclature: "M14-M14_COM_SUP3500", Population: 111367,
			Provenance: dataset.Provenance{Source: "DGFiP", Licence: "Licence Ouverte 2.0"},
			Items: []dataset.Item{
				{Code: "enseignement", Section: 'F', Amount: 2_345_678_90},
				{Code: "enseignement", Section: 'I', Amount: 987_654_32},
			},
		}},
	}
	var shardFile bytes.Buffer
	if err := dataset.EncodeShard(&shardFile, shard); err != nil {
		fmt.Println(err)
		return
	}
	ref, err := dataset.NewShardRef(shard.Name, shardFile.Bytes())
	if err != nil {
		fmt.Println(err)
		return
	}

	ix := &dataset.Index{
		Source: "example",
		Shards: []dataset.ShardRef{ref},
		Authorities: []dataset.Authority{{
			Kind: dataset.KindCommune, Code: "93048", SIREN: "219300480", Name: "Montreuil",
			PostalCodes: []string{"93100"}, Departement: "93", Region: "11",
			Population: 111367, PopulationYear: 2021, Years: []int{2022}, YearShards: []int{0}, Shard: 0,
		}},
	}
	indexFile, err := dataset.AppendIndex(nil, ix)
	if err != nil {
		fmt.Println(err)
		return
	}
	// The postal codes, which search needs and the first figures do not,
	// go to the index's directory, fetched after them.
	directoryFile, err := dataset.AppendDirectory(nil, ix)
	if err != nil {
		fmt.Println(err)
		return
	}

	// In the app, the browser inflates the files (DecompressionStream) and
	// Go calls OpenIndex, DecodeShard, then OpenDirectory; ReadIndex and
	// ReadShard inflate in Go.
	index, err := dataset.DecodeIndex(indexFile)
	if err != nil {
		fmt.Println(err)
		return
	}
	a := index.Authorities[0]
	fmt.Println(a.Name, a.Key(), a.PostalCodes, index.Shards[a.Shard].Name)
	if err := dataset.DecodeDirectory(directoryFile, indexFile, index); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(index.Authorities[0].PostalCodes)
	got, err := dataset.ReadShard(&shardFile)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, it := range got.Records[0].Items {
		fmt.Printf("%s %c %d cents\n", it.Code, it.Section, it.Amount)
	}
	// Output:
	// Montreuil commune:93048 [] shard-093.bin.gz
	// [93100]
	// enseignement F 234567890 cents
	// enseignement I 98765432 cents
}
