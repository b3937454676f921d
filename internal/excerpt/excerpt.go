// Package excerpt cuts the values quoted in error messages: an error names
// what it found, but never echoes more than a short excerpt of it, whatever
// the size of the input (a 100 MB cell must not become a 100 MB message).
package excerpt

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Max is the number of bytes of a value an excerpt keeps.
const Max = 60

// Of returns s cut to at most Max bytes, on a rune boundary, followed by
// "…" when something was cut. Invalid UTF-8 is replaced by U+FFFD.
func Of(s string) string {
	head, cut := prefix(s)
	return strings.ToValidUTF8(head, "\uFFFD") + cut
}

// Quote is Of as a Go string literal (what %q prints), the "…" outside the
// quotes.
func Quote(s string) string {
	head, cut := prefix(s)
	return strconv.Quote(head) + cut
}

// prefix returns at most Max bytes of s, cut on a rune boundary, and "…"
// when it cut something.
func prefix(s string) (string, string) {
	if len(s) <= Max {
		return s, ""
	}
	cut := Max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut], "…"
}
