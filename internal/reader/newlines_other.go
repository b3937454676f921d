//go:build !wasm

package reader

import "bytes"

// countNewlines returns the number of '\n' bytes in b.
func countNewlines(b []byte) int { return bytes.Count(b, []byte{'\n'}) }
