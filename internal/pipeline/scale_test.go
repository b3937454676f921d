package pipeline

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"github.com/jeu1000/jeu1000/internal/dataset"
)

// TestNationalLayout measures the layout (packs, shards of large
// authorities' years, the index) at national scale, on synthetic records:
// every authority of the territory reference with 13 years (2012–2024) of
// detailed records, from about 80 lines a year for a village to 5,000 for
// Paris (6 M lines a year in all, like the national balances). It runs
// only when JEU1000_SCALE_DIR names a folder (minutes of encoding, a few
// hundred MB written there):
//
//	JEU1000_SCALE_DIR=/tmp/scale go test -run NationalLayout -v -timeout 30m ./internal/pipeline/
//	node tools/brotli.mjs --data /tmp/scale   # optional: brotli copies (long at this size)
//	go run ./cmd/jeu1000 data-report -data /tmp/scale
//
// It logs the gzip sizes; data-report gives the brotli ones when the
// copies exist. The generator of make bench-france builds the same from
// synthetic balances through the whole pipeline.
//
// Measured (December 2026, PackLimit 40 KB, FileLimit 84 KB): 36,260
// authorities, 471,380 records, 77 M lines; 10,057 shards (380 MB
// gzipped, 1.24 GB raw); index 472,597 bytes gzipped, 396,581 brotli. A
// page beyond the index, gzip (brotli is 0.83 of it on a sample of 250
// shards; exact brotli for the largest): latest year p50 36,962, p90
// 39,580, p99 67,581, max 83,328 (Nanterre, 69,847 brotli); all years p50
// 36,981, p99 75,894, max 278,521 (Marseille, 230,885 brotli). Writing:
// 116 MB peak RSS, 854 s of CPU (three to four gzip -9 passes over the
// records: alone, the pack or group being filled, the file). Since then
// packing estimates sizes at deflate level 2 and compresses each file
// once (a third of the CPU on 2 simulated years; not measured again here).
func TestNationalLayout(t *testing.T) {
	dir := os.Getenv("JEU1000_SCALE_DIR")
	if dir == "" {
		t.Skip("set JEU1000_SCALE_DIR to a folder to measure the layout at national scale")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	// The authorities of the committed index (every authority of the
	// territory reference), in index order.
	gzi, err := os.ReadFile(filepath.Join("..", "..", "data", "compressed", IndexFile))
	if err != nil {
		t.Fatal(err)
	}
	ix, err := dataset.ReadIndex(bytes.NewReader(gzi))
	if err != nil {
		t.Fatal(err)
	}
	years := make([]int, 0, 13)
	for y := 2012; y <= 2024; y++ {
		years = append(years, y)
	}
	g := newSynthLines()
	sum := &Summary{}
	p := newPacker(dir, sum)
	p.packLimit, p.fileLimit = NationalPackLimit, NationalFileLimit
	lines := 0
	for i := range ix.Authorities {
		a := &ix.Authorities[i]
		recs := g.records(a, years, uint64(i))
		for _, r := range recs {
			lines += len(r.Lines)
		}
		if err := p.add(a, years, recs); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.flush(); err != nil {
		t.Fatal(err)
	}
	ix.Shards = p.refs
	for i := range ix.Authorities {
		a := &ix.Authorities[i]
		pairs := p.yearShards[a.Key()]
		a.Years, a.YearShards = nil, nil
		for j := 0; j < len(pairs); j += 2 {
			a.Years, a.YearShards = append(a.Years, pairs[j]), append(a.YearShards, pairs[j+1])
		}
		a.Shard = a.YearShards[len(a.YearShards)-1]
	}
	ix.Sort()
	gz, raw, err := encodeIndex(ix)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, IndexFile), gz, 0o644); err != nil {
		t.Fatal(err)
	}
	sizes := make([]int64, len(sum.Shards))
	for i, f := range sum.Shards {
		sizes[i] = f.Gzip
	}
	sum.Index = FileSize{Name: IndexFile, Raw: raw, Gzip: int64(len(gz)), Authorities: len(ix.Authorities)}
	sum.Views = MeasureViews(ix, sizes)
	sum.WithFigures = sum.Views.Latest.Count
	if err := os.WriteFile(filepath.Join(dir, SizesFile), sum.Markdown(), 0o644); err != nil {
		t.Fatal(err)
	}
	_, shardGz, recs := sum.ShardTotals()
	t.Logf("%d authorities, %d records, %d lines; index %d bytes gzipped (%d raw); %d shards, %d bytes gzipped",
		len(ix.Authorities), recs, lines, len(gz), raw, len(sum.Shards), shardGz)
	for _, v := range []struct {
		name string
		d    Distribution
	}{{"latest year", sum.Views.Latest}, {"all years", sum.Views.All}} {
		t.Logf("a page, %s (gzip): p50 %d p90 %d p99 %d max %d (%s) over %d", v.name, v.d.P50, v.d.P90, v.d.P99, v.d.Max, v.d.Worst, v.d.Count)
	}
}

// synthLines makes detailed records that look like those of the national
// balances: natures of a plan with their labels, functions (communes of
// 3,500 inhabitants and more, other kinds), amounts spread over orders of
// magnitude that drift from year to year.
type synthLines struct {
	natures, labels, chapters []string
	functions                 []string
}

func newSynthLines() *synthLines {
	r := rand.New(rand.NewPCG(12, 2024))
	g := &synthLines{}
	words := []string{"achats", "fournitures", "entretien", "réparations", "bâtiments", "voies", "réseaux", "honoraires",
		"subventions", "associations", "personnel", "titulaire", "non titulaire", "cotisations", "intérêts", "emprunts",
		"matériel", "transport", "terrains", "constructions", "installations", "études", "frais", "indemnités", "élus"}
	for i := range 600 {
		head := []string{"60", "61", "62", "63", "64", "65", "66", "67", "20", "21", "23", "16"}[i%12]
		nat := head + strconv.Itoa(r.IntN(900) + 100)[:1+r.IntN(3)]
		g.natures = append(g.natures, nat)
		g.labels = append(g.labels, words[r.IntN(len(words))]+" "+words[r.IntN(len(words))]+" "+words[r.IntN(len(words))])
		g.chapters = append(g.chapters, map[byte]string{'6': "011", '2': "21", '1': "16"}[nat[0]])
	}
	for i := range 90 {
		g.functions = append(g.functions, strconv.Itoa(i/10)+strconv.Itoa(i%10)+[]string{"", "0", "1", "2"}[i%4])
	}
	return g
}

// lineCount is the number of lines of an authority's records.
func lineCount(a *dataset.Authority, r *rand.Rand) int {
	pop := a.Population
	switch a.Kind {
	case dataset.KindDepartement, dataset.KindRegion, dataset.KindCTU:
		return 2500 + r.IntN(1500)
	case dataset.KindEPCI, dataset.KindEPT:
		return 200 + int(min(pop/300, 1300))
	}
	switch {
	case a.Code == "75056":
		return 5000
	case pop < 500:
		return 60 + r.IntN(40)
	case pop < 3500:
		return 100 + r.IntN(100)
	case pop < 10000:
		return 300 + r.IntN(300)
	case pop < 50000:
		return 600 + r.IntN(900)
	case pop < 200000:
		return 1500 + r.IntN(1500)
	}
	return 3000 + r.IntN(2000)
}

// records makes an authority's records of some years.
func (g *synthLines) records(a *dataset.Authority, years []int, seed uint64) []dataset.Record {
	r := rand.New(rand.NewPCG(seed, 7))
	n := lineCount(a, r)
	withFunction := a.Kind != dataset.KindCommune || a.Population >= 3500
	type slot struct {
		nature, function int
		base             int64
	}
	slots := make([]slot, n)
	for i := range slots {
		slots[i] = slot{nature: r.IntN(len(g.natures)), function: r.IntN(len(g.functions)), base: 100 << r.IntN(22)}
		slots[i].base += r.Int64N(slots[i].base)
	}
	slices.SortFunc(slots, func(x, y slot) int { return x.nature*1000 + x.function - y.nature*1000 - y.function })
	out := make([]dataset.Record, 0, len(years))
	for _, y := range years {
		nomen := "M14-M14_COM_SUP3500"
		if y >= 2021 && r.IntN(3) > 0 {
			nomen = "M57-M57"
		}
		rec := dataset.Record{Authority: a.Key(), Year: y, Document: "BAL", Detail: dataset.Detailed, Nomenclature: nomen,
			Population: a.Population, Provenance: dataset.Provenance{
				Source:   "DGFiP, balances comptables des collectivités (nature × fonction)",
				Document: fmt.Sprintf("balance-spl-%d.csv", y),
				Method:   "dépenses réelles, nature × fonction, budget principal",
				Licence:  "Licence Ouverte 2.0",
				Note:     fmt.Sprintf("Population %d : population totale INSEE, millésime 2021 pour l'exercice %d.", a.Population, y),
			}}
		rec.Lines = make([]dataset.Line, 0, n)
		for _, s := range slots {
			if r.IntN(10) == 0 {
				continue // a line some years only
			}
			l := dataset.Line{Nature: g.natures[s.nature], Chapter: g.chapters[s.nature], Label: g.labels[s.nature],
				Section: map[byte]byte{'6': 'F'}[g.natures[s.nature][0]], Amount: s.base + r.Int64N(s.base/5+1) - s.base/10}
			if l.Section == 0 {
				l.Section = 'I'
			}
			if withFunction {
				l.Function = g.functions[s.function]
			}
			rec.Lines = append(rec.Lines, l)
		}
		out = append(out, rec)
	}
	return out
}
