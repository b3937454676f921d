package dataset

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
)

// withoutPostalCodes is ix without its authorities' postal codes.
func withoutPostalCodes(ix *Index) *Index {
	c := *ix
	c.Authorities = slicesClone(ix.Authorities)
	for i := range c.Authorities {
		c.Authorities[i].PostalCodes = nil
	}
	return &c
}

// TestIndexHasNoPostalCodes: the postal codes are in the directory only;
// the index file is the same without them.
func TestIndexHasNoPostalCodes(t *testing.T) {
	for _, ix := range []*Index{fullIndex(), extremeIndex(), syntheticIndex(3000)} {
		if !bytes.Equal(encodeIndex(t, ix), encodeIndex(t, withoutPostalCodes(ix))) {
			t.Error("the index file changes with the postal codes")
		}
		d1, err := AppendDirectory(nil, ix)
		if err != nil {
			t.Fatal(err)
		}
		d2, err := AppendDirectory(nil, withoutPostalCodes(ix))
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Equal(d1, d2) {
			t.Error("the directory file does not change with the postal codes")
		}
	}
}

// TestDirectoryRoundTrip: index and directory give back the whole model,
// through OpenDirectory too.
func TestDirectoryRoundTrip(t *testing.T) {
	for name, ix := range map[string]*Index{
		"empty": {}, "every field": fullIndex(), "extremes": extremeIndex(), "many authorities": syntheticIndex(3000),
		"no postal codes": withoutPostalCodes(fullIndex()),
	} {
		t.Run(name, func(t *testing.T) {
			index := encodeIndex(t, ix)
			var gz bytes.Buffer
			if err := EncodeDirectory(&gz, ix); err != nil {
				t.Fatal(err)
			}
			got, err := DecodeIndex(index)
			if err != nil {
				t.Fatal(err)
			}
			if err := ReadDirectory(&gz, index, got); err != nil {
				t.Fatal(err)
			}
			want := normIndex(ix)
			for i := range want.Authorities {
				want.Authorities[i].PostalCodes = nilIfEmpty(ix.Authorities[i].PostalCodes)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("round trip differs:\n got %+v\nwant %+v", got, want)
			}
			raw, err := AppendDirectory(nil, ix)
			if err != nil {
				t.Fatal(err)
			}
			f, err := OpenIndex(index)
			if err != nil {
				t.Fatal(err)
			}
			dir, err := OpenDirectory(raw, f)
			if err != nil {
				t.Fatal(err)
			}
			for i := range want.Authorities {
				if pc := dir.PostalCodes(i); !reflect.DeepEqual(pc, want.Authorities[i].PostalCodes) {
					t.Errorf("authority %d: %v, want %v", i, pc, want.Authorities[i].PostalCodes)
				}
			}
		})
	}
}

// TestDirectoryErrors: a directory of another index, a truncated or
// corrupt one, are refused with the reason.
func TestDirectoryErrors(t *testing.T) {
	ix := fullIndex()
	f, err := OpenIndex(encodeIndex(t, ix))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := AppendDirectory(nil, ix)
	if err != nil {
		t.Fatal(err)
	}
	other := fullIndex()
	other.Authorities[0].Population++
	stale, err := AppendDirectory(nil, other)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		raw  []byte
		want error
		msg  string
	}{
		{"another index's", stale, ErrChecksum, "directory: written for the index of checksum"},
		{"an index", encodeIndex(t, ix), ErrMagic, `directory: header: magic "J1KI", want "J1KD"`},
		{"truncated", raw[:len(raw)-3], ErrTruncated, "directory"},
		{"bad CRC", func() []byte { b := slicesClone(raw); b[len(b)-1] ^= 1; return b }(), ErrChecksum, ""},
		{"other count", sealed(DirectoryMagic, uv(0), le32(f.Checksum()), uv(3)), ErrCorrupt, "directory: authorities: 3 authorities, the index has 8"},
		{"postal code out of range", sealed(DirectoryMagic, uv(0), le32(f.Checksum()), uv(8, 1, 0, 0, 0, 0, 0, 0, 0), uv(4<<1)), ErrCorrupt,
			"directory: authority 0: postal code 0: string 3 out of range"},
		{"postal codes beyond the end", sealed(DirectoryMagic, uv(0), le32(f.Checksum()), uv(8, 20, 0, 0, 0, 0, 0, 0, 0)), ErrCorrupt,
			"number of postal codes: 20 larger than the file"},
		{"trailing payload", sealed(DirectoryMagic, uv(0), le32(f.Checksum()), uv(8, 0, 0, 0, 0, 0, 0, 0, 0), []byte{0}), ErrCorrupt,
			"directory: 1 bytes left after the payload"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := OpenDirectory(tt.raw, f)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("message %q does not contain %q", err, tt.msg)
			}
		})
	}
	if _, err := OpenDirectory(sealed(DirectoryMagic, uv(0), le32(f.Checksum()), uv(8, 0, 0, 0, 0, 0, 0, 0, 0)), f); err != nil {
		t.Errorf("a directory without postal codes: %v", err)
	}
}

func le32(v uint32) []byte { return []byte{byte(v), byte(v >> 8), byte(v >> 16), byte(v >> 24)} }

// FuzzOpenDirectory: any bytes give a directory or an error, never a
// panic; a directory opened gives postal codes for every authority.
func FuzzOpenDirectory(f *testing.F) {
	ix := fullIndex()
	index, err := AppendIndex(nil, ix)
	if err != nil {
		f.Fatal(err)
	}
	raw, err := AppendDirectory(nil, ix)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(raw)
	f.Add(raw[:len(raw)/2])
	idx, err := OpenIndex(index)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		dir, err := OpenDirectory(reseal(b), idx)
		if err != nil {
			return
		}
		for i := range idx.Len() {
			dir.PostalCodes(i)
		}
	})
}
