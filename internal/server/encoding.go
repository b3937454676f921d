package server

import (
	"sort"
	"strconv"
	"strings"
)

// served lists the content codings Handler has copies in, most preferred
// first on equal q-values (brotli is smaller than gzip).
var served = []string{"br", "gzip"}

// Negotiate returns the content codings to try for a request's
// Accept-Encoding header, best first, among "br", "gzip" and "" (identity,
// the file itself), following RFC 9110 §12.5.3: each coding's q-value (1
// when absent; q=0 refuses it), "*" for any coding not named, "x-gzip" as
// gzip. Identity comes last whatever its q-value, as the answer of last
// resort that the RFC allows; an empty or absent header asks for identity
// alone. Malformed elements are ignored.
func Negotiate(header string) []string {
	q := map[string]float64{}
	star := -1.0
	for _, elem := range strings.Split(header, ",") {
		coding, params, _ := strings.Cut(elem, ";")
		coding = strings.ToLower(strings.TrimSpace(coding))
		if coding == "" {
			continue
		}
		v, ok := qValue(params)
		if !ok {
			continue
		}
		if coding == "x-gzip" {
			coding = "gzip"
		}
		if coding == "*" {
			star = v
			continue
		}
		if old, seen := q[coding]; !seen || v > old {
			q[coding] = v
		}
	}
	type cand struct {
		coding string
		q      float64
		rank   int
	}
	var cands []cand
	for i, c := range served {
		v, ok := q[c]
		if !ok {
			v = star // -1 when neither the coding nor * is named
		}
		if v > 0 {
			cands = append(cands, cand{c, v, i})
		}
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].q > cands[j].q })
	out := make([]string, 0, len(cands)+1)
	for _, c := range cands {
		out = append(out, c.coding)
	}
	return append(out, "")
}

// qValue reads the q parameter of an Accept-Encoding element (";q=0.5"):
// 1 when absent, false when malformed or outside [0, 1].
func qValue(params string) (float64, bool) {
	v := 1.0
	for _, p := range strings.Split(params, ";") {
		k, val, ok := strings.Cut(strings.TrimSpace(p), "=")
		if !ok || !strings.EqualFold(strings.TrimSpace(k), "q") {
			continue
		}
		f, err := strconv.ParseFloat(strings.TrimSpace(val), 64)
		if err != nil || f < 0 || f > 1 {
			return 0, false
		}
		v = f
	}
	return v, true
}
