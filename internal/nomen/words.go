package nomen

import (
	"bytes"
	_ "embed"
	"fmt"
	"strings"
	"sync"
)

// wordsTSV is the project's own words for the codes of the nomenclatures
// (see its header): the citizen labels of the level-1 functions, of the
// chapters of a split by nature and of the parts every split may have, the
// notes that explain those parts, and the names of the nomenclatures.
//
//go:embed words.tsv
var wordsTSV []byte

// Words is the labels table: for a code of a split, the label a citizen
// reads first (the official label stays available beside it), and what a
// nomenclature is called. It is immutable.
type Words struct {
	functions map[[2]string]string // (norm, code) → plain label
	chapters  map[string]string
	parts     map[string]wordsPart
	norms     map[string]string
	variants  map[string]string
}

type wordsPart struct{ label, note string }

var words = sync.OnceValues(func() (*Words, error) { return parseWords(wordsTSV) })

// Labels returns the embedded labels table (words.tsv). The error can only
// come from a damaged table, which the tests check.
func Labels() (*Words, error) { return words() }

// parseWords reads a words table; errors name the line.
func parseWords(data []byte) (*Words, error) {
	w := &Words{
		functions: map[[2]string]string{}, chapters: map[string]string{}, parts: map[string]wordsPart{},
		norms: map[string]string{}, variants: map[string]string{},
	}
	for i, line := range bytes.Split(data, []byte("\n")) {
		text := strings.TrimRight(string(line), "\r")
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		f := strings.Split(text, "\t")
		want := map[string]int{"function": 4, "chapter": 3, "part": 4, "norm": 3, "variant": 3}[f[0]]
		if want == 0 {
			return nil, fmt.Errorf("words.tsv:%d: unknown row kind %q", i+1, f[0])
		}
		if len(f) != want {
			return nil, fmt.Errorf("words.tsv:%d: %s row: %d fields, want %d", i+1, f[0], len(f), want)
		}
		for j, v := range f {
			if strings.TrimSpace(v) == "" {
				return nil, fmt.Errorf("words.tsv:%d: field %d is empty", i+1, j+1)
			}
		}
		var dup bool
		switch f[0] {
		case "function":
			k := [2]string{f[1], f[2]}
			_, dup = w.functions[k]
			w.functions[k] = f[3]
		case "chapter":
			_, dup = w.chapters[f[1]]
			w.chapters[f[1]] = f[2]
		case "part":
			_, dup = w.parts[f[1]]
			w.parts[f[1]] = wordsPart{label: f[2], note: f[3]}
		case "norm":
			_, dup = w.norms[f[1]]
			w.norms[f[1]] = f[2]
		case "variant":
			_, dup = w.variants[f[1]]
			w.variants[f[1]] = f[2]
		}
		if dup {
			return nil, fmt.Errorf("words.tsv:%d: %s %s given twice", i+1, f[0], strings.Join(f[1:len(f)-1], " "))
		}
	}
	return w, nil
}

// Scheme says what the codes of a split are.
type Scheme int

const (
	// Functions are the function codes of a nomenclature.
	Functions Scheme = iota
	// Chapters are the chapters of a split by nature.
	Chapters
	// Areas are the areas of a comparison grid (the project's own words
	// already: grid.tsv).
	Areas
	// Accounts are the accounts (natures) under a chapter: their official
	// labels are plain enough.
	Accounts
)

// Plain returns the label a citizen reads first for a code of a split, and
// the note that explains the part when it needs one (« Dette, reversements
// et non ventilé »: what is in it, why it stands apart). official is the
// label the split gives (of the plan de comptes, or of the grid); it is
// returned when the table has no words of its own for the code. norm may
// carry a variant ("M14-M14_COM_SUP3500").
func (w *Words) Plain(s Scheme, norm, code, official string) (label, note string) {
	if p, ok := w.parts[code]; ok {
		return p.label, p.note
	}
	switch s {
	case Functions:
		if l, ok := w.functions[[2]string{baseNorm(norm), code}]; ok {
			return l, ""
		}
	case Chapters:
		if l, ok := w.chapters[code]; ok {
			return l, ""
		}
	}
	if official == "" {
		return code, ""
	}
	return official, ""
}

// Nomenclature names a nomenclature for people: « M14 (communes de plus de
// 3 500 habitants) » for norm "M14" and variant "M14_COM_SUP3500" (or
// "M14-M14_COM_SUP3500"). A variant the table does not know is named by its
// norm; a norm it does not know, by its code.
func (w *Words) Nomenclature(norm, variant string) string {
	norm = strings.ToUpper(strings.TrimSpace(norm))
	variant = strings.ToUpper(strings.TrimSpace(variant))
	if n, v, ok := strings.Cut(norm, "-"); ok {
		norm = n
		if variant == "" {
			variant = v
		}
	}
	if i := strings.LastIndexByte(variant, '-'); i >= 0 {
		variant = variant[i+1:]
	}
	if l, ok := w.variants[variant]; ok && strings.HasPrefix(variant, norm) {
		return l
	}
	if l, ok := w.norms[norm]; ok {
		return l
	}
	return strings.TrimSpace(norm + " " + variant)
}
