package codekey

import (
	"strconv"
	"testing"
)

func TestPack(t *testing.T) {
	for _, tc := range []struct {
		code string
		key  Key
		ok   bool
	}{
		{"6", 0x36, true},
		{"60", 0x3036, true},
		{"60632", 0x3233363036, true},
		{"DETTE", 0x4554544544, true},
		{"12345678", 0x3837363534333231, true},
		{"123456789", 0, false},
		{"", 0, false},
		{"6\x003", 0, false},
		{"\x00", 0, false},
		{"1234567\x00", 0, false},
	} {
		k, ok := Pack(tc.code)
		if ok != tc.ok || ok && k != tc.key {
			t.Errorf("Pack(%q) = %#x, %v; want %#x, %v", tc.code, k, ok, tc.key, tc.ok)
		}
		if kb, okb := PackBytes([]byte(tc.code)); okb != ok || kb != k && ok {
			t.Errorf("PackBytes(%q) = %#x, %v; Pack: %#x, %v", tc.code, kb, okb, k, ok)
		}
	}
}

// TestHead checks that Head packs the longest packable prefix and that
// Prefix gives the keys of the shorter ones.
func TestHead(t *testing.T) {
	for _, tc := range []struct {
		s string
		n int
	}{
		{"", 0}, {"6", 1}, {"60632", 5}, {"12345678", 8}, {"1234567890", 8}, {"60\x0032", 2}, {"\x001", 0},
	} {
		k, n := Head(tc.s)
		if n != tc.n {
			t.Errorf("Head(%q): %d bytes, want %d", tc.s, n, tc.n)
		}
		for m := 1; m <= n; m++ {
			if want, _ := Pack(tc.s[:m]); k.Prefix(m) != want {
				t.Errorf("Head(%q).Prefix(%d) = %#x, want %#x", tc.s, m, k.Prefix(m), want)
			}
		}
	}
}

func TestIndex(t *testing.T) {
	var x Index
	if _, ok := x.Get("60"); ok {
		t.Error("the zero Index finds a code")
	}
	codes := []string{"", "\x00", "6\x00", "123456789", "12345678"}
	for i := range 2000 {
		codes = append(codes, strconv.Itoa(i*37))
	}
	for i, c := range codes {
		x.Put(c, int32(i))
	}
	x.Put("60", -1) // replaced below if "60" is among the codes: it is not
	x.Put("60", 7)
	if x.Len() != len(codes)+1 {
		t.Errorf("Len = %d, want %d", x.Len(), len(codes)+1)
	}
	for i, c := range codes {
		if v, ok := x.Get(c); !ok || v != int32(i) {
			t.Errorf("Get(%q) = %d, %v; want %d", c, v, ok, i)
		}
	}
	if v, ok := x.Get("60"); !ok || v != 7 {
		t.Errorf("Get(60) = %d, %v after two Puts", v, ok)
	}
	for _, c := range []string{"6", "00", "1234567", "1234567890", "6\x001"} {
		if v, ok := x.Get(c); ok {
			t.Errorf("Get(%q) = %d, never stored", c, v)
		}
	}
	// Prefixes of a long code, from the longest down, the way the plans
	// look up sub-accounts.
	long := "123456789012"
	x.Put(long[:10], 100)
	k, h := Head(long)
	for n := len(long); n >= 0; n-- {
		v, ok := x.GetPrefix(long, k, h, n)
		want, wantOK := x.Get(long[:n])
		if n == 0 {
			want, wantOK = 0, false
		}
		if v != want || ok != wantOK {
			t.Errorf("GetPrefix(%q, %d) = %d, %v; Get: %d, %v", long, n, v, ok, want, wantOK)
		}
	}
}

// FuzzIndex compares an Index with a map after the same Puts.
func FuzzIndex(f *testing.F) {
	f.Add([]byte("60632\n011\n60632\n1234567890\n6\x00\n"))
	f.Fuzz(func(t *testing.T, ops []byte) {
		var x Index
		m := map[string]int32{}
		start := 0
		for i := 0; i <= len(ops); i++ {
			if i < len(ops) && ops[i] != '\n' {
				continue
			}
			code := string(ops[start:i])
			start = i + 1
			if v, ok := x.Get(code); ok != (m[code] != 0) || ok && v != m[code] {
				t.Fatalf("Get(%q) = %d, %v; map has %d", code, v, ok, m[code])
			}
			if code == "" {
				continue
			}
			m[code] = int32(i + 1)
			x.Put(code, int32(i+1))
		}
		if x.Len() != len(m) {
			t.Errorf("Len = %d, map has %d", x.Len(), len(m))
		}
	})
}

// FuzzPack compares Head, Pack and PackBytes with a plain loop.
func FuzzPack(f *testing.F) {
	for _, s := range []string{"", "6", "60632", "1234567", "12345678", "123456789", "6\x003"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var want Key
		n := 0
		for n < len(s) && n < MaxLen && s[n] != 0 {
			want |= Key(s[n]) << (8 * n)
			n++
		}
		k, h := Head(s)
		if k != want || h != n {
			t.Errorf("Head(%q) = %#x, %d; want %#x, %d", s, k, h, want, n)
		}
		wantOK := n == len(s) && n > 0
		if k, ok := Pack(s); ok != wantOK || ok && k != want {
			t.Errorf("Pack(%q) = %#x, %v; want %#x, %v", s, k, ok, want, wantOK)
		}
		if k, ok := PackBytes([]byte(s)); ok != wantOK || ok && k != want {
			t.Errorf("PackBytes(%q) = %#x, %v; want %#x, %v", s, k, ok, want, wantOK)
		}
	})
}
