package reader

import (
	"encoding/binary"
	"math/bits"
	"testing"
)

// swarCheck compares the word helpers of swar.go with byte loops on the
// eight bytes of b.
func swarCheck(t *testing.T, b [8]byte, c byte) {
	x := binary.LittleEndian.Uint64(b[:])
	var eq, nonDigit uint64
	first := -1
	for i, v := range b {
		if v == c {
			eq |= 0x80 << (8 * i)
			if first < 0 {
				first = i
			}
		}
		if v < '0' || v > '9' {
			nonDigit |= 0x80 << (8 * i)
		}
	}
	if got := swarBytesEqual(x, c); got != eq {
		t.Fatalf("swarBytesEqual(%q, %q) = %#x, want %#x", b, c, got, eq)
	}
	if got := swarNonDigits(x); got != nonDigit {
		t.Fatalf("swarNonDigits(%q) = %#x, want %#x", b, got, nonDigit)
	}
	got := swarHasByte(x, c)
	if first < 0 && got != 0 || first >= 0 && bits.TrailingZeros64(got)>>3 != first {
		t.Fatalf("swarHasByte(%q, %q) = %#x, first match at %d", b, c, got, first)
	}
}

func TestSWAR(t *testing.T) {
	// Every byte value at every position, among bytes that borrow and
	// carry the most ('0'-1, '9'+1, 0x00, 0x80, 0xFF).
	for pos := range 8 {
		for v := range 256 {
			for _, fill := range []byte{0x00, '/', ':', '0', '9', 0x80, 0xFF, '\n'} {
				var b [8]byte
				for i := range b {
					b[i] = fill
				}
				b[pos] = byte(v)
				swarCheck(t, b, '\n')
				swarCheck(t, b, byte(v))
			}
		}
	}
	for n := 0; n <= 8; n++ {
		if got, want := swarLow(n), uint64(1)<<(8*n)-1; n < 8 && got != want || n == 8 && got != ^uint64(0) {
			t.Errorf("swarLow(%d) = %#x", n, got)
		}
	}
}

func FuzzSWAR(f *testing.F) {
	f.Add(uint64(0x3930392f3a303930), byte('\n'))
	f.Fuzz(func(t *testing.T, x uint64, c byte) {
		var b [8]byte
		binary.LittleEndian.PutUint64(b[:], x)
		swarCheck(t, b, c)
	})
}
