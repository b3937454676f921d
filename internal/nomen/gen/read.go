// Package gen reads the official plans de comptes (planDeCompte.xml, as
// distributed by odm-budgetaire.org) and encodes them into the compact binary
// tables that package nomen embeds. It is used by cmd/gennomen and by the
// test that checks the embedded file is up to date; nothing here runs in the
// application.
package gen

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// Plan is one plan de comptes: a norm, a variant and a year.
type Plan struct {
	Norm    string   // Norme: "M14", "M57", "M4"…
	Variant string   // Declinaison: "M14_COM_SUP3500", "M57_A"…
	Year    int      // Exer
	Source  string   // file the plan was read from (not encoded)
	Notes   []string // oddities met while reading (not encoded)

	Chapters  []Chapter  // chapters by nature, then chapters by function, in document order
	Accounts  []Account  // accounts by nature, sorted by code
	Functions []Function // RefFonctionnelles, in document order
}

// Chapter is a Chapitre of the nature or function presentation.
type Chapter struct {
	Code, Label string
	Section     byte   // 'F', 'I' or 0
	Type        string // TypeChapitre
}

// Account is a Compte of the nature presentation.
type Account struct {
	Code, Label string
	DR          string // chapter of real spending; meaningful when HasDR
	HasDR       bool   // the DR attribute is present (possibly empty)
	Alt         string // first non-empty of RR, DOES, DOIS, ROES, ROIS: another chapter the account is voted in
	Leaf        bool   // no sub-accounts in the plan
	Deleted     bool   // Supprime="1": kept by the plan for older documents
}

// Function is a RefFonc node.
type Function struct {
	Code, Label string
}

// ReadDir reads every <year>/<norm>/<variant>/planDeCompte.xml under dir and
// repairs the labels (see RepairLabels). Plans are returned sorted by norm,
// variant and year.
func ReadDir(dir string) ([]*Plan, *Report, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*", "*", "*", "planDeCompte.xml"))
	if err != nil {
		return nil, nil, fmt.Errorf("list plans de comptes: %w", err)
	}
	if len(files) == 0 {
		return nil, nil, fmt.Errorf("no */*/*/planDeCompte.xml under %s: %w", dir, os.ErrNotExist)
	}
	sort.Strings(files)
	var plans []*Plan
	seen := map[string]string{}
	for _, f := range files {
		p, err := ReadFile(f)
		if err != nil {
			return nil, nil, err
		}
		rel, _ := filepath.Rel(dir, f)
		parts := strings.Split(filepath.ToSlash(rel), "/")
		if len(parts) == 4 && (parts[0] != strconv.Itoa(p.Year) || parts[1] != p.Norm || parts[2] != p.Variant) {
			return nil, nil, fmt.Errorf("%s: header says %s/%s/%d, path disagrees", f, p.Norm, p.Variant, p.Year)
		}
		key := fmt.Sprintf("%s/%s/%d", p.Norm, p.Variant, p.Year)
		if prev, ok := seen[key]; ok {
			return nil, nil, fmt.Errorf("%s and %s are both %s", prev, f, key)
		}
		seen[key] = f
		p.Source = rel
		plans = append(plans, p)
	}
	sort.Slice(plans, func(i, j int) bool { return planLess(plans[i], plans[j]) })
	rep := RepairLabels(plans)
	for _, p := range plans {
		for _, n := range p.Notes {
			rep.Notes = append(rep.Notes, fmt.Sprintf("%s/%s/%d: %s", p.Norm, p.Variant, p.Year, n))
		}
	}
	rep.Notes = append(rep.Notes, checkTrees(plans)...)
	return plans, rep, nil
}

func planLess(a, b *Plan) bool {
	if a.Norm != b.Norm {
		return a.Norm < b.Norm
	}
	if a.Variant != b.Variant {
		return a.Variant < b.Variant
	}
	return a.Year < b.Year
}

// ReadFile reads one planDeCompte.xml. Labels are decoded but not repaired.
func ReadFile(path string) (*Plan, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open plan de comptes: %w", err)
	}
	defer f.Close()
	p, err := Read(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return p, nil
}

// charsetReader lets encoding/xml read the ISO-8859-1 files: every byte is
// the code point of the same value. Bytes 0x80–0x9F (Windows-1252 in
// practice) are kept as C1 code points and fixed by RepairLabels.
func charsetReader(label string, input io.Reader) (io.Reader, error) {
	switch strings.ToLower(label) {
	case "iso-8859-1", "iso8859-1", "latin1", "latin-1", "iso_8859-1", "windows-1252", "cp1252":
		return &latin1Reader{r: input}, nil
	}
	return nil, fmt.Errorf("unsupported XML encoding %q", label)
}

type latin1Reader struct {
	r   io.Reader
	buf []byte
	out []byte
}

func (l *latin1Reader) Read(p []byte) (int, error) {
	for len(l.out) == 0 {
		if cap(l.buf) == 0 {
			l.buf = make([]byte, 16<<10)
		}
		n, err := l.r.Read(l.buf[:cap(l.buf)])
		for _, c := range l.buf[:n] {
			if c < 0x80 {
				l.out = append(l.out, c)
			} else {
				l.out = append(l.out, 0xC0|c>>6, 0x80|c&0x3F)
			}
		}
		if err != nil {
			if len(l.out) > 0 {
				break
			}
			return 0, err
		}
	}
	n := copy(p, l.out)
	l.out = l.out[n:]
	return n, nil
}

// Read decodes a planDeCompte.xml document.
func Read(r io.Reader) (*Plan, error) {
	dec := xml.NewDecoder(r)
	dec.CharsetReader = charsetReader
	var (
		p        *Plan
		stack    []string // element names
		accounts []*Account
		accStack []*Account
	)
	// attr returns an attribute trimmed of ASCII spaces; labels are kept raw
	// (RepairLabels normalises their spaces after fixing their encoding).
	raw := func(se xml.StartElement, name string) (string, bool) {
		for _, a := range se.Attr {
			if a.Name.Local == name {
				return a.Value, true
			}
		}
		return "", false
	}
	attr := func(se xml.StartElement, name string) (string, bool) {
		v, ok := raw(se, name)
		return strings.Trim(v, " \t\r\n"), ok
	}
	parent := func() string {
		if len(stack) == 0 {
			return ""
		}
		return stack[len(stack)-1]
	}
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("parse XML: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := t.Name.Local
			switch {
			case name == "Nomenclature" && len(stack) == 0:
				p = &Plan{}
				p.Norm, _ = attr(t, "Norme")
				p.Variant, _ = attr(t, "Declinaison")
				y, _ := attr(t, "Exer")
				p.Year, err = strconv.Atoi(y)
				if err != nil || p.Norm == "" || p.Variant == "" {
					return nil, fmt.Errorf("bad Nomenclature header Norme=%q Declinaison=%q Exer=%q", p.Norm, p.Variant, y)
				}
			case p == nil:
				return nil, fmt.Errorf("root element is <%s>, want <Nomenclature>", name)
			case name == "Chapitre" && parent() == "Chapitres":
				code, _ := attr(t, "Code")
				label, _ := raw(t, "Libelle")
				sec, _ := attr(t, "Section")
				typ, _ := attr(t, "TypeChapitre")
				c := Chapter{Code: code, Label: label, Type: typ}
				switch sec {
				case "F", "I":
					c.Section = sec[0]
				case "":
				default:
					return nil, fmt.Errorf("chapter %s: unknown section %q", code, sec)
				}
				p.Chapters = append(p.Chapters, c)
			case name == "Compte" && len(stack) >= 2 && stack[1] == "Nature":
				code, _ := attr(t, "Code")
				label, _ := raw(t, "Libelle")
				a := &Account{Code: code, Label: label, Leaf: true}
				a.DR, a.HasDR = attr(t, "DR")
				for _, n := range [...]string{"RR", "DOES", "DOIS", "ROES", "ROIS"} {
					if v, _ := attr(t, n); v != "" {
						a.Alt = v
						break
					}
				}
				if v, _ := attr(t, "Supprime"); v == "1" {
					a.Deleted = true
				}
				if len(accStack) > 0 {
					accStack[len(accStack)-1].Leaf = false
				}
				accStack = append(accStack, a)
				accounts = append(accounts, a)
			case name == "RefFonc":
				code, _ := attr(t, "Code")
				label, _ := raw(t, "Libelle")
				depth := 1
				for _, s := range stack {
					if s == "RefFonc" {
						depth++
					}
				}
				if depth != len(code) {
					p.Notes = append(p.Notes, fmt.Sprintf("function %s is nested at depth %d", code, depth))
				}
				p.Functions = append(p.Functions, Function{Code: code, Label: label})
			}
			stack = append(stack, name)
		case xml.EndElement:
			if len(stack) == 0 {
				return nil, errors.New("unbalanced XML")
			}
			if t.Name.Local == "Compte" && len(stack) >= 2 && stack[1] == "Nature" && len(accStack) > 0 {
				accStack = accStack[:len(accStack)-1]
			}
			stack = stack[:len(stack)-1]
		}
	}
	if p == nil {
		return nil, errors.New("no <Nomenclature> element")
	}
	byCode := make(map[string]bool, len(accounts))
	for _, a := range accounts {
		if a.Code == "" {
			return nil, errors.New("account without code")
		}
		if byCode[a.Code] {
			return nil, fmt.Errorf("account %s appears twice", a.Code)
		}
		byCode[a.Code] = true
		p.Accounts = append(p.Accounts, *a)
	}
	sort.Slice(p.Accounts, func(i, j int) bool { return p.Accounts[i].Code < p.Accounts[j].Code })
	seenFn := map[string]bool{}
	for _, f := range p.Functions {
		if f.Code == "" || seenFn[f.Code] {
			return nil, fmt.Errorf("function code %q empty or repeated", f.Code)
		}
		seenFn[f.Code] = true
	}
	seenCh := map[string]bool{}
	for _, c := range p.Chapters {
		if c.Code == "" || seenCh[c.Code] {
			return nil, fmt.Errorf("chapter code %q empty or repeated", c.Code)
		}
		seenCh[c.Code] = true
	}
	return p, nil
}

// checkTrees reports oddities of the function trees that the decoder
// normalises (parent = longest proper prefix present, level = code length).
func checkTrees(plans []*Plan) []string {
	var notes []string
	for _, p := range plans {
		codes := map[string]bool{}
		for _, f := range p.Functions {
			codes[f.Code] = true
		}
		for _, f := range p.Functions {
			for i := len(f.Code) - 1; i > 0; i-- {
				if !codes[f.Code[:i]] {
					notes = append(notes, fmt.Sprintf("%s/%s/%d: function %s has no node %s above it", p.Norm, p.Variant, p.Year, f.Code, f.Code[:i]))
				}
			}
		}
	}
	return notes
}
