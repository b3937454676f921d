package reader

import "encoding/binary"

// countNewlinesSWAR counts the '\n' bytes of b eight at a time in a uint64
// ("SIMD within a register"). Natively bytes.Count is faster (it uses
// vector instructions); in wasm it is a byte-by-byte loop, about eight
// times slower than this.
func countNewlinesSWAR(b []byte) int {
	const (
		ones  = 0x0101010101010101
		low7  = 0x7F7F7F7F7F7F7F7F
		highs = 0x8080808080808080
	)
	n := 0
	i := 0
	for ; i+8 <= len(b); i += 8 {
		x := binary.LittleEndian.Uint64(b[i:]) ^ ones*'\n' // newlines become zero bytes
		// The high bit of each byte of z is set exactly when that byte of x
		// is zero (no carry crosses bytes).
		z := ^((x&low7 + low7) | x) & highs
		// Sum the bits into the top byte (at most 8).
		n += int((z >> 7) * ones >> 56)
	}
	for ; i < len(b); i++ {
		if b[i] == '\n' {
			n++
		}
	}
	return n
}
