package reader

import "encoding/binary"

// The word-at-a-time helpers ("SIMD within a register"): eight bytes read
// as one little-endian uint64 and tested together. Every helper here is
// exact unless its comment says otherwise; TestSWAR and FuzzSWAR compare
// each with a byte loop, and must keep doing so for any helper added.

// Byte-wise constants.
const (
	swarOnes  = 0x0101010101010101
	swarLow7  = 0x7F7F7F7F7F7F7F7F
	swarHighs = 0x8080808080808080
)

// swarHasByte returns a word whose lowest set high bit marks the first byte
// of x equal to c. Only the lowest mark is exact (a borrow may set the
// bits above it): use it to find the first match, never to count.
func swarHasByte(x uint64, c byte) uint64 {
	y := x ^ swarOnes*uint64(c)
	return (y - swarOnes) &^ y & swarHighs
}

// swarBytesEqual returns a word with the high bit of each byte of x equal
// to c set, and no other bit (exact for every byte, unlike swarHasByte).
func swarBytesEqual(x uint64, c byte) uint64 {
	y := x ^ swarOnes*uint64(c)
	return ^((y&swarLow7 + swarLow7) | y) & swarHighs
}

// swarNonDigits returns a word with the high bit of each byte of x that is
// not an ASCII digit set, and no other bit.
func swarNonDigits(x uint64) uint64 {
	// y = x - '0' byte by byte, without borrows: a digit gives 0 to 9. A
	// byte of y is bad when its high bit is set, or when its low seven bits
	// are 10 or more (adding 0x76 sets the high bit; no carry leaves the
	// byte).
	y := x ^ swarOnes*'0'
	return (y | (y&swarLow7 + 0x7676767676767676)) & swarHighs
}

// swarLow returns a mask of the n low bytes of a word, n in 0..8.
func swarLow(n int) uint64 {
	if n >= 8 {
		return ^uint64(0)
	}
	return 1<<(8*n) - 1
}

// countNewlinesSWAR counts the '\n' bytes of b eight at a time: it is
// countNewlines in wasm, where bytes.Count has no vector code
// (newlines_wasm.go); TestCountNewlines keeps it equal to bytes.Count.
func countNewlinesSWAR(b []byte) int {
	n := 0
	i := 0
	for ; i+8 <= len(b); i += 8 {
		z := swarBytesEqual(binary.LittleEndian.Uint64(b[i:]), '\n')
		n += int((z >> 7) * swarOnes >> 56) // the marks summed into the top byte (at most 8)
	}
	for ; i < len(b); i++ {
		if b[i] == '\n' {
			n++
		}
	}
	return n
}
