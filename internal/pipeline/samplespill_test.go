package pipeline

import (
	"fmt"
	"os"
	"reflect"
	"testing"

	"github.com/jeu1000/jeu1000/internal/dataset"
)

// TestSampleSpill: samples kept in files, read back a year at a time, give
// the same peers as samples held in memory, across years, grids, kinds,
// bands, detail levels and documents of different ranks; close removes the
// files.
func TestSampleSpill(t *testing.T) {
	dir := t.TempDir()
	mem, spilled := &sampleSet{}, &sampleSet{spill: newSampleSpill(dir)}
	type sample struct {
		auth   string
		year   int
		detail dataset.Detail
		rank   int
		kind   dataset.Kind
		band   uint8
		grid   gridAmounts
		pop    int64
	}
	var samples []sample
	// Years added out of order, as the shared documents and the national
	// files do; areas in varying order and number; negative and large
	// amounts.
	for _, year := range []int{2024, 2012, 2020, 2012} {
		for i := range 90 {
			g := gridAmounts{grid: peerGrids[(i/7)%len(peerGrids)]}
			for j := range 3 + i%4 {
				g.add(fmt.Sprintf("A%d", (i+j)%7), int64((i+1)*(j+3)*1_000_003)-int64(j*5_000))
			}
			g.add("BIG", 1<<40+int64(i))
			kind := dataset.KindCommune
			if i%5 == 0 {
				kind = dataset.KindEPCI
			}
			samples = append(samples, sample{
				auth: fmt.Sprintf("%s:%d", kind, i%40), year: year, detail: dataset.Detail(1 + i%2), rank: i % 3,
				kind: kind, band: uint8(1 + i%2), grid: g, pop: int64(100 + 37*i),
			})
		}
	}
	for _, s := range samples {
		for _, ss := range []*sampleSet{mem, spilled} {
			if err := ss.add(s.auth, s.year, s.detail, s.rank, s.kind, s.band, &s.grid, s.pop); err != nil {
				t.Fatal(err)
			}
		}
	}
	if len(spilled.heads) != 0 || len(spilled.amounts) != 0 {
		t.Errorf("spilled set holds %d heads, %d amounts in memory", len(spilled.heads), len(spilled.amounts))
	}
	want := mustPeers(t, mem)
	if len(want) == 0 {
		t.Fatal("no peers: the test samples are too few")
	}
	if len(want) < 20 {
		t.Fatalf("%d peers only", len(want))
	}
	if got := mustPeers(t, spilled); !reflect.DeepEqual(got, want) {
		t.Errorf("spilled peers differ:\n got %+v\nwant %+v", got, want)
	}
	if got := mustPeers(t, spilled); !reflect.DeepEqual(got, want) {
		t.Error("spilled peers differ when computed a second time")
	}
	if err := spilled.spill.close(); err != nil {
		t.Fatal(err)
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("files left after close: %v", left)
	}
}

// TestSampleSpillFailure: a spill that cannot be read back fails the
// peers, rather than giving none.
func TestSampleSpillFailure(t *testing.T) {
	ss := &sampleSet{spill: newSampleSpill(t.TempDir())}
	g := gridAmounts{grid: peerGrids[0]}
	g.add("A1", 1_000_00)
	if err := ss.add("commune:1", 2024, dataset.Detailed, 0, dataset.KindCommune, 1, &g, 100); err != nil {
		t.Fatal(err)
	}
	for _, yf := range ss.spill.years {
		if err := yf.f.Close(); err != nil { // a file gone bad under the build
			t.Fatal(err)
		}
	}
	peers, err := computePeers(ss)
	if err == nil || peers != nil {
		t.Fatalf("computePeers = %d peers, %v; want an error", len(peers), err)
	}
	_ = ss.spill.close()
}

// mustPeers is computePeers for samples that can be read.
func mustPeers(t *testing.T, ss *sampleSet) []dataset.Peer {
	t.Helper()
	peers, err := computePeers(ss)
	if err != nil {
		t.Fatal(err)
	}
	return peers
}
