//go:build wasm

package reader

// countNewlines returns the number of '\n' bytes in b.
func countNewlines(b []byte) int { return countNewlinesSWAR(b) }
