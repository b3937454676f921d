// Package codekey looks up the short codes of budget nomenclatures
// (accounts, chapters, functions, parts of a split) by packing each code
// into one integer.
//
// Codes are a handful of bytes: "60632", "011", "8", "DETTE". Go's string
// maps hash them, and compare them with a call, and in wasm the hash runs
// without the processor's AES instructions: a lookup there costs several
// times what it costs natively, and the split does a few for every budget
// line. A code of up to eight bytes packed into a uint64 is hashed with one
// multiplication and compared as a number. Longer codes, and codes with a
// NUL byte (which packing cannot tell apart from a shorter code), go to an
// ordinary map.
package codekey

import "math/bits"

// A Key is a code of one to eight bytes, little-endian in a uint64: the
// first byte of the code is the low byte of the key. No key is zero.
type Key uint64

// MaxLen is the length of the longest code a Key holds.
const MaxLen = 8

// Head packs the first bytes of s, up to MaxLen and up to the first NUL
// byte, and returns their number n: the key of s[:m] for any m ≤ n is
// k.Prefix(m).
func Head(s string) (k Key, n int) {
	if len(s) >= MaxLen {
		_ = s[7]
		k = Key(s[0]) | Key(s[1])<<8 | Key(s[2])<<16 | Key(s[3])<<24 |
			Key(s[4])<<32 | Key(s[5])<<40 | Key(s[6])<<48 | Key(s[7])<<56
		n = MaxLen
	} else {
		// Four, two, then one byte: no loop, whose every turn is a jump
		// through a table in wasm.
		if len(s)-n >= 4 {
			k = Key(s[0]) | Key(s[1])<<8 | Key(s[2])<<16 | Key(s[3])<<24
			n = 4
		}
		if len(s)-n >= 2 {
			k |= (Key(s[n]) | Key(s[n+1])<<8) << (8 * n)
			n += 2
		}
		if len(s)-n >= 1 {
			k |= Key(s[n]) << (8 * n)
			n++
		}
	}
	// Stop at the first NUL byte.
	if z := zeroBytes(uint64(k)) & lowBytes(n); z != 0 {
		n = bits.TrailingZeros64(z) >> 3
		k = k.Prefix(n)
	}
	return k, n
}

// Pack returns the key of s; ok is false when s is empty, longer than
// MaxLen or holds a NUL byte.
func Pack(s string) (k Key, ok bool) {
	k, n := Head(s)
	return k, n == len(s) && n > 0
}

// PackBytes is Pack for a byte slice.
func PackBytes(b []byte) (k Key, ok bool) {
	if len(b) > MaxLen {
		return 0, false // (no copy of a long slice)
	}
	return Pack(string(b))
}

// Prefix returns the key of the first n bytes of the code k holds, for n
// from 1 to MaxLen.
func (k Key) Prefix(n int) Key {
	return k & Key(lowBytes(n))
}

// lowBytes returns a mask of the n low bytes of a word, n in 0..8.
func lowBytes(n int) uint64 {
	if n >= MaxLen {
		return ^uint64(0)
	}
	return 1<<(8*n) - 1
}

// zeroBytes returns a word with the high bit of each zero byte of x set,
// and no other bit.
func zeroBytes(x uint64) uint64 {
	const low7 = 0x7F7F7F7F7F7F7F7F
	return ^((x&low7 + low7) | x | low7)
}
