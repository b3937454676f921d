package dataset

import (
	"bytes"
	"encoding/binary"
	"errors"
	"flag"
	"hash/crc32"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// fullIndex uses every field, with awkward values.
func fullIndex() *Index {
	return &Index{
		Source: "DGFiP balances 2022 ; INSEE PTOT 2021 — Licence Ouverte 2.0",
		Shards: []ShardRef{
			{Name: "shard-093.bin.gz", Checksum: 0xdeadbeef},
			{Name: "shard-2A.bin.gz", Checksum: 0},
		},
		Authorities: []Authority{
			{Kind: KindCommune, Code: "93048", SIREN: "219300480", Name: "Montreuil", Nature: "COM",
				PostalCodes: []string{"93100"}, Departement: "93", Region: "11", EPCI: "200057875",
				Population: 111367, PopulationYear: 2021, Years: []int{2019, 2020, 2021, 2022}, YearShards: []int{0, 0, 0, 0}, Shard: 0},
			{Kind: KindCommune, Code: "2A004", SIREN: "212000046", Name: "Ajaccio", Nature: "COM",
				PostalCodes: []string{"20000", "20090", "20167"}, Departement: "2A", Region: "94", EPCI: "242010056",
				Population: 73177, PopulationYear: 2020, Years: []int{2023}, YearShards: []int{1}, Shard: 1},
			{Kind: KindCommune, Code: "94038", Name: "L'Haÿ-les-Roses", Nature: "COM", PostalCodes: []string{"94240"},
				Departement: "94", Region: "11", Population: 31000, PopulationYear: 2021, Shard: -1},
			{Kind: KindEPCI, Code: "200057875", SIREN: "200057875", Name: "Est Ensemble", Nature: "EPT",
				Departement: "93", Region: "11", Population: 420000, PopulationYear: 2021, Years: []int{2022}, YearShards: []int{0}, Shard: 0},
			{Kind: KindEPT, Code: "200057875", SIREN: "200057875", Name: "Établissement public territorial Est Ensemble", Nature: "EPT", Shard: -1},
			{Kind: KindDepartement, Code: "971", SIREN: "229710017", Name: "Guadeloupe", Nature: "DEP", Region: "01", Shard: -1},
			{Kind: KindRegion, Code: "84", Name: "Auvergne-Rhône-Alpes", Nature: "REG", Shard: -1},
			{Kind: KindCTU, Code: "20", Name: "Collectivité de Corse 🏝", Nature: "CTU", Shard: -1},
		},
		Peers: []Peer{
			{Year: 2021, Grid: "common", Group: "national", Area: "enseignement", Section: 'A', N: 34000,
				ShareQ1: 8000, ShareMedian: 12100, ShareQ3: 15000, PerInhQ1: 9000, PerInhMedian: 18000, PerInhQ3: 30000},
			{Year: 2020, Grid: "six", Group: "commune:3500-4999", Area: "1", Section: 'F', N: 1},
		},
	}
}

// extremeIndex stresses the integer and string encodings.
func extremeIndex() *Index {
	return &Index{
		Shards: []ShardRef{{Name: "", Checksum: math.MaxUint32}},
		Authorities: []Authority{
			{Kind: KindCommune, Code: "0", SIREN: "0000000000000000", Name: "", PostalCodes: []string{"9999999999999999", "12345678901234567", "", "00000"},
				Population: math.MaxInt64, PopulationYear: math.MinInt64, Years: []int{math.MaxInt64, math.MinInt64, 0}, YearShards: []int{0, 0, 0}, Shard: 0},
			{Kind: KindCTU, Code: "99999", SIREN: "１２３", Name: "\xff\xfe invalid UTF-8", PostalCodes: []string{"00001", "99999", "00000"},
				Population: math.MinInt64, PopulationYear: math.MaxInt64, Shard: -1},
			{Kind: KindEPCI, Code: "00001", SIREN: "-1", Name: strings.Repeat("long name ", 100), Shard: -1},
			{Kind: KindEPCI, Code: "12345678901234567890", SIREN: "1", Shard: -1},
		},
		Peers: []Peer{{Year: math.MinInt64, Section: 0, N: math.MinInt64, ShareQ1: math.MinInt64, ShareMedian: math.MaxInt64,
			ShareQ3: -1, PerInhQ1: 1, PerInhMedian: math.MinInt64, PerInhQ3: math.MaxInt64},
			{Year: math.MaxInt64, Section: 255, N: math.MaxInt64}},
	}
}

func fullShard() *Shard {
	prov := Provenance{Source: "DGFiP", Document: "balance-2022.csv", Method: "nature × fonction", Licence: "Licence Ouverte 2.0", Note: "sans budgets annexes"}
	return &Shard{
		Name: "shard-093.bin.gz",
		Records: []Record{
			{Authority: "commune:93048", Year: 2022, Document: "CA", Detail: Detailed, Nomenclature: "M14-M14_COM_SUP3500",
				Population: 111367, Provenance: prov, Lines: []Line{
					{Nature: "6042", Function: "020", Chapter: "011", Label: "Achats de prestations de services", Section: 'F', Amount: 123456789, RAR: 0},
					{Nature: "2313", Function: "212", Chapter: "23", Label: "Constructions — écoles", Section: 'I', Amount: -5000, RAR: 700000},
					{Nature: "6042", Function: "", Chapter: "", Label: "", Section: 0, Amount: math.MinInt64, RAR: math.MaxInt64},
				}},
			{Authority: "commune:93048", Year: 2021, Document: "AGG", Detail: Aggregated, Nomenclature: "M57", Population: 0,
				Provenance: Provenance{Source: "OFGL"}, Items: []Item{
					{Code: "enseignement", Section: 'A', Amount: 99},
					{Code: "social", Section: 'F', Amount: -1},
				}},
			{Authority: "epci:200057875", Year: -1, Document: "", Detail: Aggregated},
			{Authority: "departement:93", Year: 2023, Document: "CFU", Detail: Detailed, Lines: []Line{{Nature: "65", Amount: 1}},
				Items: []Item{{Code: "both", Section: 'I', Amount: 2}}},
		},
		Peers: []Peer{{Year: 2022, Grid: "native", Group: "commune:100000+", Area: "2", Section: 'I', N: 42,
			ShareQ1: 1, ShareMedian: 2, ShareQ3: 3, PerInhQ1: -4, PerInhMedian: -5, PerInhQ3: math.MinInt64}},
	}
}

// normIndex returns a copy of ix as the decoder returns it: empty slices
// are nil and Version is set.
func normIndex(ix *Index) *Index {
	c := *ix
	c.Version = Version
	c.Authorities = nilIfEmpty(slicesClone(ix.Authorities))
	c.Shards = nilIfEmpty(ix.Shards)
	c.Peers = nilIfEmpty(ix.Peers)
	for i := range c.Authorities {
		a := &c.Authorities[i]
		a.PostalCodes = nil // in the directory file
		a.Years = nilIfEmpty(a.Years)
		a.YearShards = nilIfEmpty(a.YearShards)
	}
	return &c
}

func normShard(s *Shard) *Shard {
	c := *s
	c.Version = Version
	c.Records = nilIfEmpty(slicesClone(s.Records))
	c.Peers = nilIfEmpty(s.Peers)
	for i := range c.Records {
		r := &c.Records[i]
		r.Lines = nilIfEmpty(r.Lines)
		r.Items = nilIfEmpty(r.Items)
	}
	return &c
}

func slicesClone[T any](s []T) []T { return append([]T(nil), s...) }

func nilIfEmpty[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return s
}

func encodeIndex(t testing.TB, ix *Index) []byte {
	t.Helper()
	raw, err := AppendIndex(nil, ix)
	if err != nil {
		t.Fatalf("AppendIndex: %v", err)
	}
	return raw
}

func encodeShard(t testing.TB, s *Shard) []byte {
	t.Helper()
	raw, err := AppendShard(nil, s)
	if err != nil {
		t.Fatalf("AppendShard: %v", err)
	}
	return raw
}

func TestIndexRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		ix   *Index
	}{
		{"empty", &Index{}},
		{"empty lists", &Index{Authorities: []Authority{}, Shards: []ShardRef{}, Peers: []Peer{}}},
		{"every field", fullIndex()},
		{"extremes", extremeIndex()},
		{"one authority, no shard", &Index{Authorities: []Authority{{Kind: KindRegion, Code: "11", Shard: -1, PostalCodes: []string{}}}}},
		{"many authorities", syntheticIndex(3000)},
		{"version set", &Index{Version: Version, Source: "x"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw := encodeIndex(t, tt.ix)
			got, err := DecodeIndex(raw)
			if err != nil {
				t.Fatalf("DecodeIndex: %v", err)
			}
			if want := normIndex(tt.ix); !reflect.DeepEqual(got, want) {
				t.Fatalf("round trip differs:\n got %+v\nwant %+v", got, want)
			}
			// Through gzip too.
			var buf bytes.Buffer
			if err := EncodeIndex(&buf, tt.ix); err != nil {
				t.Fatalf("EncodeIndex: %v", err)
			}
			got, err = ReadIndex(&buf)
			if err != nil {
				t.Fatalf("ReadIndex: %v", err)
			}
			if want := normIndex(tt.ix); !reflect.DeepEqual(got, want) {
				t.Fatalf("gzip round trip differs")
			}
		})
	}
}

func TestShardRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		s    *Shard
	}{
		{"empty", &Shard{}},
		{"empty lists", &Shard{Records: []Record{{Detail: Detailed, Lines: []Line{}, Items: []Item{}}}, Peers: []Peer{}}},
		{"detailed, aggregated and peers", fullShard()},
		{"realistic", syntheticShard(3, 500, 100, 10)},
		{"peers only", &Shard{Name: "peers", Peers: extremeIndex().Peers}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw := encodeShard(t, tt.s)
			got, err := DecodeShard(raw)
			if err != nil {
				t.Fatalf("DecodeShard: %v", err)
			}
			if want := normShard(tt.s); !reflect.DeepEqual(got, want) {
				t.Fatalf("round trip differs:\n got %+v\nwant %+v", got, want)
			}
			var buf bytes.Buffer
			if err := EncodeShard(&buf, tt.s); err != nil {
				t.Fatalf("EncodeShard: %v", err)
			}
			ref, err := NewShardRef("s.bin.gz", buf.Bytes())
			if err != nil {
				t.Fatalf("NewShardRef: %v", err)
			}
			if ref.Name != "s.bin.gz" || ref.Checksum != binary.LittleEndian.Uint32(raw[len(raw)-4:]) {
				t.Errorf("NewShardRef = %+v for %d gzipped, %d raw bytes", ref, buf.Len(), len(raw))
			}
			if err := ref.Check(raw); err != nil {
				t.Errorf("Check: %v", err)
			}
			got, err = ReadShard(&buf)
			if err != nil {
				t.Fatalf("ReadShard: %v", err)
			}
			if want := normShard(tt.s); !reflect.DeepEqual(got, want) {
				t.Fatalf("gzip round trip differs")
			}
		})
	}
}

// Decoded strings must not alias the input, which callers may reuse.
func TestDecodeDoesNotKeepInput(t *testing.T) {
	raw := encodeIndex(t, fullIndex())
	ix, err := DecodeIndex(raw)
	if err != nil {
		t.Fatal(err)
	}
	clear(raw)
	if want := normIndex(fullIndex()); !reflect.DeepEqual(ix, want) {
		t.Fatal("decoded index changed when the input was cleared")
	}
}

func TestDeterminism(t *testing.T) {
	ix := syntheticIndex(2500)
	gz := func(ix *Index) []byte {
		var buf bytes.Buffer
		if err := EncodeIndex(&buf, ix); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	a, b := gz(ix), gz(ix)
	if !bytes.Equal(a, b) {
		t.Fatal("two encodings of the same index differ")
	}
	// A shuffled copy, put back in canonical order, gives the same bytes.
	c := *ix
	c.Authorities = slicesClone(ix.Authorities)
	c.Peers = slicesClone(ix.Peers)
	r := rand.New(rand.NewPCG(7, 8))
	r.Shuffle(len(c.Authorities), func(i, j int) { c.Authorities[i], c.Authorities[j] = c.Authorities[j], c.Authorities[i] })
	r.Shuffle(len(c.Peers), func(i, j int) { c.Peers[i], c.Peers[j] = c.Peers[j], c.Peers[i] })
	if bytes.Equal(gz(&c), a) {
		t.Fatal("order is preserved, so a shuffled index should encode differently")
	}
	c.Sort()
	if !bytes.Equal(gz(&c), a) {
		t.Fatal("sorted shuffled copy encodes differently")
	}

	s := syntheticShard(2, 100, 50, 5)
	raw1, raw2 := encodeShard(t, s), encodeShard(t, s)
	if !bytes.Equal(raw1, raw2) {
		t.Fatal("two encodings of the same shard differ")
	}
	s2 := *s
	s2.Records = slicesClone(s.Records)
	r.Shuffle(len(s2.Records), func(i, j int) { s2.Records[i], s2.Records[j] = s2.Records[j], s2.Records[i] })
	s2.Sort()
	if !bytes.Equal(encodeShard(t, &s2), raw1) {
		t.Fatal("sorted shuffled shard encodes differently")
	}
}

// The golden files pin the format: a change to the encoder that changes
// them breaks files already published. Rewrite them (go test -update) only
// with a new Version.
func TestGolden(t *testing.T) {
	for _, g := range []struct {
		file   string
		raw    []byte
		decode func([]byte) (any, error)
		want   any
	}{
		{"index-v3.bin", encodeIndex(t, fullIndex()), func(b []byte) (any, error) { return DecodeIndex(b) }, normIndex(fullIndex())},
		{"shard-v3.bin", encodeShard(t, fullShard()), func(b []byte) (any, error) { return DecodeShard(b) }, normShard(fullShard())},
	} {
		path := filepath.Join("testdata", g.file)
		if *update {
			if err := os.WriteFile(path, g.raw, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		golden, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(g.raw, golden) {
			t.Errorf("%s: encoding differs from the golden file (%d bytes, golden %d)", g.file, len(g.raw), len(golden))
		}
		got, err := g.decode(golden)
		if err != nil {
			t.Fatalf("%s: %v", g.file, err)
		}
		if !reflect.DeepEqual(got, g.want) {
			t.Errorf("%s: decodes to a different model", g.file)
		}
	}
}

// reseal recomputes the length and CRC of a raw file, so that tests (and the
// fuzzer) reach the payload decoder with altered payloads.
func reseal(raw []byte) []byte {
	if len(raw) < headerSize+trailerSize {
		return raw
	}
	out := slicesClone(raw)
	binary.LittleEndian.PutUint32(out[6:], uint32(len(out)))
	end := len(out) - trailerSize
	binary.LittleEndian.PutUint32(out[end:], crc32.ChecksumIEEE(out[:end]))
	return out
}

// sealed builds a raw file around a hand-made payload.
func sealed(magic string, payload ...[]byte) []byte {
	raw := appendHeader(nil, magic)
	for _, p := range payload {
		raw = append(raw, p...)
	}
	raw, err := sealFile(raw, 0)
	if err != nil {
		panic(err)
	}
	return raw
}

func uv(vs ...uint64) []byte {
	var b []byte
	for _, v := range vs {
		b = binary.AppendUvarint(b, v)
	}
	return b
}

func decodeBoth(raw []byte) error {
	if len(raw) >= 4 && string(raw[:4]) == ShardMagic {
		_, err := DecodeShard(raw)
		return err
	}
	_, err := DecodeIndex(raw)
	return err
}

func TestTruncated(t *testing.T) {
	for _, raw := range [][]byte{encodeIndex(t, fullIndex()), encodeShard(t, fullShard())} {
		for n := range len(raw) {
			// As is: the length in the header says what is missing.
			if err := decodeBoth(raw[:n]); !errors.Is(err, ErrTruncated) {
				t.Fatalf("%s cut at %d of %d: err = %v, want ErrTruncated", raw[:4], n, len(raw), err)
			}
			// Resealed: the payload decoder itself meets the end.
			if n < headerSize+trailerSize {
				continue
			}
			if n == len(raw)-trailerSize {
				continue // the whole payload
			}
			cut := reseal(append(slicesClone(raw[:n]), 0, 0, 0, 0))
			if err := decodeBoth(cut); !errors.Is(err, ErrTruncated) && !errors.Is(err, ErrCorrupt) {
				t.Fatalf("%s payload cut at %d of %d: err = %v, want ErrTruncated or ErrCorrupt", raw[:4], n, len(raw), err)
			}
		}
	}
	// Gzip streams cut short.
	var buf bytes.Buffer
	if err := EncodeIndex(&buf, fullIndex()); err != nil {
		t.Fatal(err)
	}
	gz := buf.Bytes()
	for n := range len(gz) {
		if _, err := ReadIndex(bytes.NewReader(gz[:n])); err == nil {
			t.Fatalf("gzip cut at %d of %d: no error", n, len(gz))
		}
	}
}

func TestFlippedByte(t *testing.T) {
	for _, raw := range [][]byte{encodeIndex(t, fullIndex()), encodeShard(t, fullShard())} {
		for i := headerSize; i < len(raw); i++ {
			for _, bit := range []byte{0x01, 0x80} {
				bad := slicesClone(raw)
				bad[i] ^= bit
				if err := decodeBoth(bad); !errors.Is(err, ErrChecksum) {
					t.Fatalf("%s byte %d flipped: err = %v, want ErrChecksum", raw[:4], i, err)
				}
			}
		}
	}
}

func TestHeaderErrors(t *testing.T) {
	ix := encodeIndex(t, fullIndex())
	sh := encodeShard(t, fullShard())
	withVersion := func(raw []byte, v uint16) []byte {
		raw = slicesClone(raw)
		binary.LittleEndian.PutUint16(raw[4:], v)
		return reseal(raw)
	}
	tests := []struct {
		name string
		raw  []byte
		want error
		msg  string
	}{
		{"empty", nil, ErrTruncated, "index: header: 0 bytes: truncated"},
		{"shard as index", sh, ErrMagic, `index: header: magic "J1KS", want "J1KI": wrong magic number`},
		{"gzip as index", []byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 255}, ErrMagic, ""},
		{"version 1", withVersion(ix, 1), ErrVersion, "index: header: version 1, this build reads 3: unsupported format version"},
		{"version 2 (postal codes in the index)", withVersion(ix, 2), ErrVersion, "index: header: version 2, this build reads 3: unsupported format version"},
		{"version 0", withVersion(ix, 0), ErrVersion, ""},
		{"trailing bytes", append(slicesClone(ix), 0), ErrCorrupt, "index: 1 bytes after the end of the file: corrupt data"},
		{"length too small", func() []byte { b := slicesClone(ix); binary.LittleEndian.PutUint32(b[6:], 3); return b }(), ErrCorrupt, ""},
		{"bad checksum", func() []byte { b := slicesClone(ix); b[len(b)-1] ^= 1; return b }(), ErrChecksum, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DecodeIndex(tt.raw)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if tt.msg != "" && err.Error() != tt.msg {
				t.Errorf("message %q, want %q", err, tt.msg)
			}
		})
	}
	if _, err := DecodeShard(ix); !errors.Is(err, ErrMagic) {
		t.Errorf("index as shard: err = %v, want ErrMagic", err)
	}
	if _, err := DecodeShard(withVersion(sh, 4)); !errors.Is(err, ErrVersion) {
		t.Errorf("shard version 4: err = %v, want ErrVersion", err)
	}
}

// Hand-made payloads reach the checks that a valid CRC lets through.
func TestCorruptPayload(t *testing.T) {
	const maxU = math.MaxUint64
	emptyDict := uv(0)
	dictAB := append(uv(2, 1, 1), "ab"...)
	// References: 0 is the next string not used yet, r > 0 string r-1.
	// An index payload after the dictionary: source "a", no shards, then
	// one authority with the given columns, then no peers.
	okCols := [][]byte{
		{byte(KindCommune)}, // 0 kind
		uv(3<<2|3, 1),       // 1 code "001"
		uv(0),               // 2 SIREN: dictionary, next string: "b"
		uv(1),               // 3 nature "a"
		uv(1),               // 4 département "a"
		uv(1),               // 5 région "a"
		uv(1),               // 6 EPCI "a"
		uv(2),               // 7 name "b"
		uv(0),               // 8 population
		uv(0),               // 9 population year
		uv(0),               // 10 no years
		nil,                 // 11 years
		nil,                 // 12 shards of the years
		uv(0),               // 13 peers
	}
	authoritiesAfter := func(head []byte, cols ...[]byte) []byte {
		b := slicesClone(head)
		for _, c := range cols {
			b = append(b, c...)
		}
		return b
	}
	authorities := func(cols ...[]byte) []byte {
		return authoritiesAfter(uv(0, 0, 1), cols...) // source, no shards, one authority
	}
	// Source, one shard named "a" (checksum 0), one authority.
	oneShard := append(uv(0, 1, 1), 0, 0, 0, 0, 1)
	withCols := func(kv ...any) []byte {
		cols := slicesClone(okCols)
		for i := 0; i < len(kv); i += 2 {
			cols[kv[i].(int)] = kv[i+1].([]byte)
		}
		return authorities(cols...)
	}
	tests := []struct {
		name string
		raw  []byte
		want error
		msg  string // substring of the message
	}{
		{"valid", sealed(IndexMagic, dictAB, authorities(okCols...)), nil, ""},
		{"empty payload", sealed(IndexMagic), ErrTruncated, "index: dictionary: size: truncated"},
		{"huge dictionary", sealed(IndexMagic, uv(1<<40)), ErrCorrupt, "index: dictionary: size: 1099511627776 rows cannot fit"},
		{"huge string", sealed(IndexMagic, uv(1, 1<<40)), ErrCorrupt, "dictionary: string 0: length"},
		{"strings overflow", sealed(IndexMagic, uv(3, 8, 8, 8), []byte("abcdefgh")), ErrCorrupt, "dictionary"},
		{"varint overflow", sealed(IndexMagic, bytes.Repeat([]byte{0xff}, 11)), ErrCorrupt, "varint overflows"},
		{"source out of range", sealed(IndexMagic, emptyDict, uv(5)), ErrCorrupt, "index: source: string 4 out of range (dictionary has 0): corrupt data"},
		{"no string left", sealed(IndexMagic, emptyDict, uv(0)), ErrCorrupt, "index: source: string 0 out of range (dictionary has 0): corrupt data"},
		{"huge shards", sealed(IndexMagic, dictAB, uv(0, maxU>>1)), ErrCorrupt, "index: shards"},
		{"huge authorities", sealed(IndexMagic, dictAB, uv(0, 0, 1<<30)), ErrCorrupt, "index: authorities"},
		{"kind 0", sealed(IndexMagic, dictAB, withCols(0, []byte{0})), ErrCorrupt, "index: authority 0: kind: unknown kind 0"},
		{"kind 7", sealed(IndexMagic, dictAB, withCols(0, []byte{7})), ErrCorrupt, "unknown kind 7"},
		{"17 digits", sealed(IndexMagic, dictAB, withCols(1, uv(17<<2|3, 1))), ErrCorrupt, "authority 0: code: 17 digits"},
		{"0 digits", sealed(IndexMagic, dictAB, withCols(1, uv(0<<2|3, 0))), ErrCorrupt, "authority 0: code: 0 digits"},
		{"too many digits", sealed(IndexMagic, dictAB, withCols(1, uv(2<<2|3, 100))), ErrCorrupt, "value 100 has more than 2 digits"},
		{"no width", sealed(IndexMagic, dictAB, withCols(1, uv(1))), ErrCorrupt, "authority 0: code: digits of unknown width"},
		{"code out of range", sealed(IndexMagic, dictAB, withCols(1, uv(3<<1))), ErrCorrupt, "authority 0: code: string 2 out of range (dictionary has 2)"},
		{"name out of range", sealed(IndexMagic, dictAB, withCols(7, uv(9))), ErrCorrupt, "authority 0: name: string 8 out of range"},
		{"shard out of range", sealed(IndexMagic, dictAB, withCols(10, uv(1), 11, uv(4040), 12, uv(0))), ErrCorrupt,
			"authority 0: shard of year 0: shard 0 out of range (index has 0)"},
		{"second shard out of range", sealed(IndexMagic, dictAB, authoritiesAfter(oneShard, append(slicesClone(okCols[:10]), uv(2), uv(4035, 1), uv(0, 2), uv(0))...)),
			ErrCorrupt, "authority 0: shard of year 1: shard 1 out of range (index has 1)"},
		{"shard below zero", sealed(IndexMagic, dictAB, authoritiesAfter(oneShard, append(slicesClone(okCols[:10]), uv(1), uv(4035), uv(1), uv(0))...)),
			ErrCorrupt, "authority 0: shard of year 0: shard -1 out of range (index has 1)"},
		{"year", sealed(IndexMagic, dictAB, authoritiesAfter(oneShard, append(slicesClone(okCols[:10]), uv(2), uv(4035, 1), uv(0, 0), uv(0))...)), nil, ""},
		{"years beyond the end", sealed(IndexMagic, dictAB, withCols(10, uv(2), 11, uv(4035), 13, []byte(nil))), ErrCorrupt, "number of years: 2 in all cannot fit"},
		{"year shard truncated", sealed(IndexMagic, dictAB, authoritiesAfter(oneShard, append(slicesClone(okCols[:10]), uv(2), uv(4035, 1), uv(0))...)),
			ErrTruncated, "authority 0: shard of year 1: truncated"},
		{"trailing payload", sealed(IndexMagic, dictAB, authorities(okCols...), []byte{0}), ErrCorrupt, "index: 1 bytes left after the payload: corrupt data"},
		{"truncated column", sealed(IndexMagic, dictAB, authorities(okCols[:10]...)), ErrTruncated, "index: authority 0: number of years: truncated"},
		{"shard: huge records", sealed(ShardMagic, dictAB, uv(0), uv(1<<50)), ErrCorrupt, "shard: records: 1125899906842624 rows cannot fit"},
		{"shard: detail 3", sealed(ShardMagic, dictAB, uv(0, 1, 0, 0, 1), []byte{3}, make([]byte, 20)), ErrCorrupt, "shard: record 0: detail: unknown detail 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := decodeBoth(tt.raw)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("err = %v", err)
				}
				return
			}
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("message %q does not contain %q", err, tt.msg)
			}
		})
	}
}

func TestEncodeInvalid(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want error
		msg  string
	}{
		{"kind 0", func() error {
			_, err := AppendIndex(nil, &Index{Authorities: []Authority{{Code: "1"}}})
			return err
		}(), ErrInvalid, "index: authority 0 (1): kind 0: invalid model"},
		{"shard out of range", func() error {
			_, err := AppendIndex(nil, &Index{Authorities: []Authority{{Kind: KindCommune, Code: "1", Years: []int{2020}, YearShards: []int{1}, Shard: 1}}, Shards: []ShardRef{{}}})
			return err
		}(), ErrInvalid, "index: authority 0 (1): year 2020: shard 1 not in 0..0: invalid model"},
		{"shard below 0", func() error {
			_, err := AppendIndex(nil, &Index{Authorities: []Authority{{Kind: KindCommune, Years: []int{2020}, YearShards: []int{-1}, Shard: -1}}, Shards: []ShardRef{{}}})
			return err
		}(), ErrInvalid, ""},
		{"shard without years", func() error {
			_, err := AppendIndex(nil, &Index{Authorities: []Authority{{Kind: KindCommune, Code: "1", Shard: 0}}, Shards: []ShardRef{{}}})
			return err
		}(), ErrInvalid, "index: authority 0 (1): shard 0, the latest year's is -1: invalid model"},
		{"years without shards", func() error {
			_, err := AppendIndex(nil, &Index{Authorities: []Authority{{Kind: KindCommune, Code: "1", Years: []int{2020}, Shard: -1}}, Shards: []ShardRef{{}}})
			return err
		}(), ErrInvalid, "index: authority 0 (1): 1 years, 0 year shards: invalid model"},
		{"shard not the latest year's", func() error {
			_, err := AppendIndex(nil, &Index{Authorities: []Authority{{Kind: KindCommune, Code: "1", Years: []int{2020, 2021}, YearShards: []int{1, 0}, Shard: 1}}, Shards: []ShardRef{{}, {}}})
			return err
		}(), ErrInvalid, "index: authority 0 (1): shard 1, the latest year's is 0: invalid model"},
		{"index version", func() error { _, err := AppendIndex(nil, &Index{Version: 9}); return err }(), ErrVersion, ""},
		{"shard version", func() error { return EncodeShard(&bytes.Buffer{}, &Shard{Version: 9}) }(), ErrVersion, ""},
		{"detail 0", func() error {
			_, err := AppendShard(nil, &Shard{Name: "s", Records: []Record{{Authority: "commune:1", Year: 2020}}})
			return err
		}(), ErrInvalid, "shard s: record 0 (commune:1 2020): detail 0: invalid model"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !errors.Is(tt.err, tt.want) {
				t.Fatalf("err = %v, want %v", tt.err, tt.want)
			}
			if tt.msg != "" && tt.err.Error() != tt.msg {
				t.Errorf("message %q, want %q", tt.err, tt.msg)
			}
		})
	}
}

func TestShardRefCheck(t *testing.T) {
	raw := encodeShard(t, fullShard())
	var buf bytes.Buffer
	if err := EncodeShard(&buf, fullShard()); err != nil {
		t.Fatal(err)
	}
	ref, err := NewShardRef("shard-093.bin.gz", buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	other := encodeShard(t, &Shard{Name: "shard-093.bin.gz"})
	stale := ref
	stale.Checksum ^= 1
	for _, tt := range []struct {
		name string
		ref  ShardRef
		raw  []byte
		want error
	}{
		{"same", ref, raw, nil},
		{"other shard", ref, other, ErrChecksum},
		{"stale index", stale, raw, ErrChecksum},
		{"index file", ShardRef{}, encodeIndex(t, fullIndex()), ErrMagic},
	} {
		if err := tt.ref.Check(tt.raw); !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
			t.Errorf("%s: err = %v, want %v", tt.name, err, tt.want)
		}
	}
	if _, err := NewShardRef("x", []byte("not gzip")); err == nil {
		t.Error("NewShardRef accepted a non-gzip file")
	}
}

func TestKind(t *testing.T) {
	for k := KindCommune; k <= KindCTU; k++ {
		got, err := ParseKind(k.String())
		if err != nil || got != k {
			t.Errorf("ParseKind(%q) = %v, %v", k.String(), got, err)
		}
	}
	if _, err := ParseKind("Kind(0)"); err == nil {
		t.Error("ParseKind accepted Kind(0)")
	}
	if s := Kind(0).String(); s != "Kind(0)" {
		t.Errorf("Kind(0).String() = %q", s)
	}
	a := Authority{Kind: KindCommune, Code: "93048"}
	if k := a.Key(); k != "commune:93048" {
		t.Errorf("Key() = %q", k)
	}
	if Detailed.String() != "detailed" || Aggregated.String() != "aggregated" || Detail(0).String() != "Detail(0)" {
		t.Error("Detail.String")
	}
}

// Decoding allocates a fixed handful of blocks, not one per string.
func TestDecodeAllocations(t *testing.T) {
	raw := encodeIndex(t, syntheticIndex(37000))
	allocs := testing.AllocsPerRun(3, func() {
		if _, err := DecodeIndex(raw); err != nil {
			t.Fatal(err)
		}
	})
	if allocs > 32 {
		t.Errorf("DecodeIndex of 37,000 authorities: %.0f allocations", allocs)
	}
	t.Logf("DecodeIndex of 37,000 authorities: %.0f allocations", allocs)
}

// Sort keeps each year with its shard; ShardOf finds them.
func TestSortYearShards(t *testing.T) {
	ix := &Index{Shards: make([]ShardRef, 3), Authorities: []Authority{
		{Kind: KindCommune, Code: "2", Years: []int{2024, 2012, 2013}, YearShards: []int{2, 0, 1}, Shard: 2},
		{Kind: KindCommune, Code: "1", Years: []int{2020}, YearShards: []int{0}, Shard: 0},
	}}
	ix.Sort()
	a := ix.Authorities[1]
	if a.Code != "2" || !reflect.DeepEqual(a.Years, []int{2012, 2013, 2024}) || !reflect.DeepEqual(a.YearShards, []int{0, 1, 2}) {
		t.Fatalf("sorted: %+v", a)
	}
	for _, tc := range []struct{ year, shard int }{{2012, 0}, {2013, 1}, {2024, 2}, {2020, -1}, {0, -1}} {
		if got := a.ShardOf(tc.year); got != tc.shard {
			t.Errorf("ShardOf(%d) = %d, want %d", tc.year, got, tc.shard)
		}
	}
	if _, err := AppendIndex(nil, ix); err != nil {
		t.Errorf("sorted index: %v", err)
	}
}
