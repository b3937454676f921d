package dataset

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
)

// committedIndex returns the inflated index of the committed dataset
// (data/compressed, written by `make data`).
func committedIndex(t testing.TB) []byte {
	t.Helper()
	gz, err := os.ReadFile(filepath.Join("..", "..", "data", "compressed", "index.bin.gz"))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := readGzip(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// duplicateKeys has several authorities of the same key, out of order.
func duplicateKeys() *Index {
	return &Index{
		Shards: []ShardRef{{Name: "s"}},
		Authorities: []Authority{
			{Kind: KindCommune, Code: "93048", Name: "first", Shard: -1},
			{Kind: KindCommune, Code: "01001", Name: "Ain", Years: []int{2020}, YearShards: []int{0}, Shard: 0},
			{Kind: KindCommune, Code: "93048", Name: "second", PostalCodes: []string{"93100"}, Years: []int{2021, 2022}, YearShards: []int{0, 0}, Shard: 0},
			{Kind: KindEPCI, Code: "93048", Name: "an EPCI", Shard: -1},
			{Kind: KindCommune, Code: "93048", Name: "last", Shard: -1},
			{Kind: KindCommune, Code: "", Name: "empty code", Shard: -1},
			{Kind: KindCommune, Code: "2A004", Name: "Ajaccio", Shard: -1},
			{Kind: KindCommune, Code: "0", Name: "short", Shard: -1},
			{Kind: KindCommune, Code: "00000000000000000", Name: "seventeen digits", Shard: -1},
		},
	}
}

// checkIndexFile checks everything an IndexFile gives against DecodeIndex:
// the same error, or the same tables, every authority by position and by
// key, and the same full index.
func checkIndexFile(t *testing.T, raw []byte) *IndexFile {
	t.Helper()
	ix, decErr := DecodeIndex(raw)
	f, openErr := OpenIndex(raw)
	if (decErr == nil) != (openErr == nil) || decErr != nil && decErr.Error() != openErr.Error() {
		t.Fatalf("OpenIndex: %v; DecodeIndex: %v", openErr, decErr)
	}
	if decErr != nil {
		return nil
	}
	if f.Version() != ix.Version || f.Source() != ix.Source || !reflect.DeepEqual(f.Shards(), ix.Shards) ||
		!reflect.DeepEqual(f.Peers(), ix.Peers) || f.Len() != len(ix.Authorities) {
		t.Fatalf("OpenIndex: version %d, source %q, %d shards, %d peers, %d authorities; DecodeIndex: %d, %q, %d, %d, %d",
			f.Version(), f.Source(), len(f.Shards()), len(f.Peers()), f.Len(),
			ix.Version, ix.Source, len(ix.Shards), len(ix.Peers), len(ix.Authorities))
	}
	last := map[string]int{}
	for i := range ix.Authorities {
		want := &ix.Authorities[i]
		if got := f.Authority(i); !reflect.DeepEqual(got, want) {
			t.Fatalf("Authority(%d) = %+v, want %+v", i, got, want)
		}
		last[want.Key()] = i
	}
	for key, i := range last {
		got, ok := f.Find(key)
		if !ok || !reflect.DeepEqual(got, &ix.Authorities[i]) {
			t.Fatalf("Find(%q) = %+v, %v; want %+v", key, got, ok, ix.Authorities[i])
		}
		a := &ix.Authorities[i]
		if j, ok := f.Lookup(a.Kind, a.Code); !ok || j != i {
			t.Fatalf("Lookup(%v, %q) = %d, %v; want %d", a.Kind, a.Code, j, ok, i)
		}
	}
	for i := range ix.Authorities {
		want := ix.Authorities[i]
		want.Years, want.YearShards = nil, nil
		if got := f.Entry(i); !reflect.DeepEqual(got, want) {
			t.Fatalf("Entry(%d) = %+v, want %+v", i, got, want)
		}
	}
	return f
}

func TestIndexFile(t *testing.T) {
	sorted := fullIndex()
	sorted.Sort()
	tests := []struct {
		name string
		ix   *Index
	}{
		{"empty", &Index{}},
		{"no authority", &Index{Source: "s", Shards: []ShardRef{{Name: "a"}}, Peers: fullIndex().Peers}},
		{"full", fullIndex()},
		{"full, sorted", sorted},
		{"extreme", extremeIndex()},
		{"duplicate keys", duplicateKeys()},
		{"synthetic", syntheticIndex(3000)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := checkIndexFile(t, encodeIndex(t, tt.ix))
			for _, key := range []string{"", ":", "commune", "commune:", "commune:99999", "Commune:93048",
				"commune:93048:x", "nope:93048", "departement:93048", "commune: 93048", "commune:093048"} {
				if a, ok := f.Find(key); ok && a.Key() != key {
					t.Errorf("Find(%q) = %s", key, a.Key())
				}
			}
		})
	}
}

func TestIndexFileDuplicateKeys(t *testing.T) {
	f, err := OpenIndex(encodeIndex(t, duplicateKeys()))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ key, name string }{
		{"commune:93048", "last"},
		{"epci:93048", "an EPCI"},
		{"commune:", "empty code"},
		{"commune:2A004", "Ajaccio"},
		{"commune:0", "short"},
		{"commune:00000000000000000", "seventeen digits"},
		{"commune:01001", "Ain"},
	} {
		if a, ok := f.Find(tt.key); !ok || a.Name != tt.name {
			t.Errorf("Find(%q) = %+v, %v; want %q", tt.key, a, ok, tt.name)
		}
	}
}

// The committed index: every authority found by key as DecodeIndex has
// it, unknown keys not found, the same full index.
func TestIndexFileCommitted(t *testing.T) {
	raw := committedIndex(t)
	f := checkIndexFile(t, raw)
	if f.Len() < 35000 {
		t.Fatalf("%d authorities", f.Len())
	}
	if f.order != nil {
		t.Error("the committed index is not sorted by kind and code: lookups need a permutation")
	}
	tests := []struct {
		key  string
		name string // "" when unknown
	}{
		{"commune:93048", "Montreuil"},
		{"commune:2A004", "Ajaccio"},
		{"departement:93", "Seine-Saint-Denis"},
		{"departement:2A", "Corse-du-Sud"},
		{"commune:99999", ""},
		{"commune:9304", ""},
		{"commune:930480", ""},
		{"region:93048", ""},
		{"Commune:93048", ""},
		{"commune:93048:x", ""},
		{"commune", ""},
		{"", ""},
		{"nope:93048", ""},
		{"epci:", ""},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			a, ok := f.Find(tt.key)
			switch {
			case tt.name == "" && ok:
				t.Errorf("found %s (%s)", a.Key(), a.Name)
			case tt.name != "" && (!ok || a.Name != tt.name || a.Key() != tt.key):
				t.Errorf("got %+v, %v; want %s", a, ok, tt.name)
			}
		})
	}
}

// OpenIndex refuses what DecodeIndex refuses, with the same error: every
// truncation and single-byte change of a file, resealed so that the
// payload decoder sees them.
func TestOpenIndexErrors(t *testing.T) {
	raw := encodeIndex(t, fullIndex())
	payload := raw[headerSize : len(raw)-trailerSize]
	for n := range len(payload) {
		cut := sealed(IndexMagic, payload[:n])
		checkIndexFile(t, cut)
	}
	for i := range payload {
		for _, delta := range []byte{1, 0x80, 0xff} {
			p := bytes.Clone(payload)
			p[i] += delta
			checkIndexFile(t, sealed(IndexMagic, p))
		}
	}
	for _, bad := range [][]byte{nil, []byte("J1K"), raw[:len(raw)-1], append(bytes.Clone(raw), 0)} {
		if _, err := OpenIndex(bad); err == nil {
			t.Errorf("OpenIndex(%d bytes) accepted a broken file", len(bad))
		}
		checkIndexFile(t, bad)
	}
}

// Opening allocates a fixed handful of blocks, none per authority, and a
// lookup nothing.
func TestOpenIndexAllocations(t *testing.T) {
	raw := encodeIndex(t, syntheticIndex(37000))
	allocs := testing.AllocsPerRun(3, func() {
		if _, err := OpenIndex(raw); err != nil {
			t.Fatal(err)
		}
	})
	if allocs > 24 {
		t.Errorf("OpenIndex of 37,000 authorities: %.0f allocations", allocs)
	}
	t.Logf("OpenIndex of 37,000 authorities: %.0f allocations", allocs)

	f, err := OpenIndex(raw)
	if err != nil {
		t.Fatal(err)
	}
	a := f.Authority(f.Len() / 2)
	if allocs := testing.AllocsPerRun(10, func() {
		if _, ok := f.Lookup(a.Kind, a.Code); !ok {
			t.Fatal("not found")
		}
	}); allocs != 0 {
		t.Errorf("Lookup: %.0f allocations", allocs)
	}
}

// Lookups from several goroutines at once give the same authorities (run
// with -race).
func TestIndexFileConcurrent(t *testing.T) {
	f, err := OpenIndex(encodeIndex(t, syntheticIndex(2000)))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := g; i < f.Len(); i += 8 {
				a := f.Authority(i)
				if b, ok := f.Find(a.Key()); !ok || b.Name != a.Name {
					t.Errorf("Find(%s): %v", a.Key(), ok)
				}
				if e := f.Entry(i); e.Name != a.Name || e.Code != a.Code {
					t.Errorf("Entry(%d) = %s %s, want %s %s", i, e.Code, e.Name, a.Code, a.Name)
				}
			}
		})
	}
	wg.Wait()
}

// An authority made by Find is the caller's own: changing it does not
// change the file.
func TestFindGivesACopy(t *testing.T) {
	f, err := OpenIndex(encodeIndex(t, fullIndex()))
	if err != nil {
		t.Fatal(err)
	}
	a, _ := f.Find("commune:2A004")
	a.Years[0] = 1
	b, _ := f.Find("commune:2A004")
	if b.Years[0] != 2023 {
		t.Errorf("shared: %v", b.Years)
	}
	raw, err := AppendDirectory(nil, fullIndex())
	if err != nil {
		t.Fatal(err)
	}
	dir, err := OpenDirectory(raw, f)
	if err != nil {
		t.Fatal(err)
	}
	i, _ := f.Lookup(KindCommune, "2A004")
	dir.PostalCodes(i)[0] = "x"
	if pc := dir.PostalCodes(i); pc[0] != "20000" {
		t.Errorf("shared: %v", pc)
	}
	if !strings.HasPrefix(f.Source(), "DGFiP") {
		t.Errorf("source %q", f.Source())
	}
}
