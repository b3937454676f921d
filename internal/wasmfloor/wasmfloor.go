// Package wasmfloor holds reference kernels that measure Go's WebAssembly
// code generation rather than this project's code: how much slower under
// Node wasm than natively the simplest byte loops a document reader is made
// of run. `make bench-wasm` runs them beside the reader and split
// (internal/calc's BenchmarkReadAndSplit) through tools/bench-ratio.sh, so
// that the reader's wasm/native ratio can be read against that floor.
package wasmfloor

import (
	"encoding/binary"
	"math/bits"
)

// CountByte counts c in data one byte at a time.
func CountByte(data []byte, c byte) int {
	n := 0
	for _, b := range data {
		if b == c {
			n++
		}
	}
	return n
}

// CountByteSWAR counts c in data eight bytes at a time (SWAR, the technique
// of the TOTEM reader's fast path).
func CountByteSWAR(data []byte, c byte) int {
	const lo, hi = 0x0101010101010101, 0x8080808080808080
	n, i := 0, 0
	for ; i+8 <= len(data); i += 8 {
		w := binary.LittleEndian.Uint64(data[i:]) ^ (lo * uint64(c))
		// A zero byte of w has its high bit set in m; the borrow can only
		// mark bytes above a true zero byte, so count the zero bytes exactly.
		m := (w - lo) &^ w & hi
		for m != 0 {
			k := uint(bits.TrailingZeros64(m)) / 8
			if byte(w>>(8*k)) == 0 {
				n++
			}
			m &= m - 1
		}
	}
	return n + CountByte(data[i:], c)
}

// TagBytes walks data as a markup tokenizer does, one byte at a time, and
// returns the number of bytes inside tags (between '<' and '>').
func TagBytes(data []byte) int {
	n, in, start := 0, false, 0
	for i, b := range data {
		switch {
		case b == '<':
			in, start = true, i
		case b == '>' && in:
			in = false
			n += i - start + 1
		}
	}
	return n
}
