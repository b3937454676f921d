package dataset

import (
	"bytes"
	"reflect"
	"testing"
)

// The fuzz targets decode each input twice: as is (which mostly exercises
// the header and checksum checks) and resealed with a valid length and CRC,
// so that mutations reach the payload decoder. Whatever decodes must
// re-encode, and decode again to the same model and the same bytes.
//
//	go test -run '^$' -fuzz FuzzDecodeIndex -fuzztime 60s ./internal/dataset/

func FuzzDecodeIndex(f *testing.F) {
	for _, ix := range []*Index{{}, fullIndex(), extremeIndex(), syntheticIndex(400)} {
		raw, err := AppendIndex(nil, ix)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(raw)
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		checkIndexStable(t, raw)
		checkIndexStable(t, reseal(raw))
	})
}

func FuzzDecodeShard(f *testing.F) {
	for _, s := range []*Shard{{}, fullShard(), syntheticShard(2, 20, 10, 3)} {
		raw, err := AppendShard(nil, s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(raw)
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		checkShardStable(t, raw)
		checkShardStable(t, reseal(raw))
	})
}

func checkIndexStable(t *testing.T, raw []byte) {
	ix, err := DecodeIndex(raw)
	if err != nil {
		return
	}
	raw2, err := AppendIndex(nil, ix)
	if err != nil {
		t.Fatalf("decoded index does not encode: %v", err)
	}
	ix2, err := DecodeIndex(raw2)
	if err != nil {
		t.Fatalf("re-encoded index does not decode: %v", err)
	}
	if !reflect.DeepEqual(ix, ix2) {
		t.Fatalf("re-encoded index decodes differently")
	}
	raw3, err := AppendIndex(nil, ix2)
	if err != nil || !bytes.Equal(raw2, raw3) {
		t.Fatalf("encoding is not stable (err %v)", err)
	}
}

func checkShardStable(t *testing.T, raw []byte) {
	s, err := DecodeShard(raw)
	if err != nil {
		return
	}
	raw2, err := AppendShard(nil, s)
	if err != nil {
		t.Fatalf("decoded shard does not encode: %v", err)
	}
	s2, err := DecodeShard(raw2)
	if err != nil {
		t.Fatalf("re-encoded shard does not decode: %v", err)
	}
	if !reflect.DeepEqual(s, s2) {
		t.Fatalf("re-encoded shard decodes differently")
	}
	raw3, err := AppendShard(nil, s2)
	if err != nil || !bytes.Equal(raw2, raw3) {
		t.Fatalf("encoding is not stable (err %v)", err)
	}
}

// FuzzOpenIndex checks OpenIndex against DecodeIndex on any input, as is and
// resealed: the same error, or the same authorities by position and by key
// and the same full index (see checkIndexFile); any key is found only as
// itself.
//
//	go test -run '^$' -fuzz FuzzOpenIndex -fuzztime 60s ./internal/dataset/
func FuzzOpenIndex(f *testing.F) {
	for _, ix := range []*Index{{}, fullIndex(), extremeIndex(), duplicateKeys(), syntheticIndex(400)} {
		raw, err := AppendIndex(nil, ix)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(raw, "commune:93048")
	}
	f.Fuzz(func(t *testing.T, raw []byte, key string) {
		for _, raw := range [][]byte{raw, reseal(raw)} {
			file := checkIndexFile(t, raw)
			if file == nil {
				continue
			}
			if a, ok := file.Find(key); ok && a.Key() != key {
				t.Fatalf("Find(%q) found %q", key, a.Key())
			}
		}
	})
}
