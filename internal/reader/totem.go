package reader

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/jeu1000/jeu1000/internal/budget"
	"github.com/jeu1000/jeu1000/internal/excerpt"
)

// This file reads TOTEM DocumentBudgetaire XML and the Compte Financier
// Unique (whose budget part is a DocumentBudgetaire) with a small hand-rolled
// scanner over the bytes. encoding/xml is far too slow and allocates far too
// much for multi-megabyte documents whose useful part is a few hundred
// kilobytes of <LigneBudget> elements followed by megabytes of annexes.
//
// The scanner walks every tag of the document, keeps a stack of open elements
// (so mismatched and missing end tags are reported), understands comments,
// CDATA sections, processing instructions and a DOCTYPE, and skips the
// <Annexes> element with a single search for its end tag. Element names may
// carry a namespace prefix (only the local name counts); attributes may come
// in any order and be quoted with " or '. Attribute values are decoded
// (predefined and numeric entities, ISO-8859-1/Windows-1252) only for the few
// values that are kept.

// Errors wrapped in the *Error values returned by readTOTEM.
var (
	errTOTEMTruncated = errors.New("the document is truncated")
	errTOTEMNotClosed = errors.New("element is not closed")
	errTOTEMSyntax    = errors.New("malformed XML")
	errTOTEMRoot      = errors.New("the root element is neither DocumentBudgetaire nor CompteFinancierUnique")
	errTOTEMUTF16     = errors.New("UTF-16 documents are not supported")
	errTOTEMAfterRoot = errors.New("content after the root element (a second document?)")
	errTOTEMTwice     = errors.New("element given twice in a LigneBudget")
	errTOTEMBudgets   = errors.New("a second Budget in the DocumentBudgetaire")
	errTOTEMCode      = errors.New("the code is not made of digits")
)

// readTOTEM reads a TOTEM DocumentBudgetaire or a Compte Financier Unique.
// name is used for the Document's Source and in errors. Every error is an
// *Error.
func readTOTEM(name string, data []byte) (*budget.Document, error) {
	return readTOTEMPath(name, data, true)
}

// readTOTEMPath is readTOTEM with the fast path (totemfast.go, the word
// searches) on or off.
// Off, every tag goes through startTag and every value through the general
// parsers: the tests read every document both ways and require the same
// result (TestTOTEMFastPathOff, FuzzTOTEMFastPath).
func readTOTEMPath(name string, data []byte, fast bool) (*budget.Document, error) {
	s := &totemScanner{
		name:    name,
		data:    data,
		fast:    fast,
		lineNo:  1,
		docBudg: -1,
		lb:      -1,
		stack:   make([]totemElem, 0, 16),
		attrs:   make([]totemAttr, 0, 8),
		doc:     &budget.Document{Source: name, Format: budget.FormatTOTEM},
	}
	s.codes.at.Grow(512) // a budget rarely has more distinct codes: no rehashing
	if err := s.scan(); err != nil {
		return nil, err
	}
	if err := s.finishHeader(); err != nil {
		return nil, err
	}
	s.doc.Lines = s.lines.budgetLines(&s.codes, s.labels)
	return s.doc, nil
}

// totemLine is a budget line as the scanner keeps it until the end of the
// document: its codes and label are ids, so that it holds no pointer. The
// collector then neither scans the blocks of lines nor tracks writes to
// them, and they are half the size of budget.Lines: in wasm, where
// collection shares the one thread, that counts. Appending budget.Lines
// instead costs 2.7 % of ReadAndSplit's wasm instructions with the
// collector off (bench-count), more with it on: the reader's wasm budget
// (issue 15) needs it.
type totemLine struct {
	nature, function, contNat, contFon codeID
	label                              int32 // 1 + index in totemScanner.labels; 0 if none
	direction                          budget.Direction
	operation                          budget.Operation
	present                            uint8 // as budget.Line.Present
	amounts                            [budget.NumFields]budget.Amount
	pos                                int
}

// totemLines collects lines in blocks that never move (the document does
// not say how many lines it has, and growing one slice would copy them
// several times).
type totemLines struct {
	full [][]totemLine // blocks that are full
	cur  []totemLine   // the block being filled
	n    int           // lines in full
}

// Blocks grow from totemLinesFirst to totemLinesMax lines.
const (
	totemLinesFirst = 64
	totemLinesMax   = 512
)

// next returns a new zero line to fill in place (copying a filled line in
// would be slower).
func (t *totemLines) next() *totemLine {
	if len(t.cur) == cap(t.cur) {
		if t.cur != nil {
			t.full = append(t.full, t.cur)
			t.n += len(t.cur)
		}
		t.cur = make([]totemLine, 0, min(max(2*cap(t.cur), totemLinesFirst), totemLinesMax))
	}
	t.cur = t.cur[:len(t.cur)+1]
	return &t.cur[len(t.cur)-1]
}

// budgetLines returns all the lines as budget.Lines, nil if there are none.
func (t *totemLines) budgetLines(codes *codeTable, labels []string) []budget.Line {
	n := t.n + len(t.cur)
	if n == 0 {
		return nil
	}
	out := make([]budget.Line, n)
	i := 0
	for _, b := range append(t.full, t.cur) {
		for k := range b {
			r, l := &b[k], &out[i]
			l.Nature = codes.str(r.nature)
			l.Function = codes.str(r.function)
			l.ContNat = codes.str(r.contNat)
			l.ContFon = codes.str(r.contFon)
			if r.label > 0 {
				l.Label = labels[r.label-1]
			}
			l.Direction, l.Operation = r.direction, r.operation
			l.Amounts, l.Present = r.amounts, r.present
			l.Pos = r.pos
			i++
		}
	}
	return out
}

// Header values kept from inside the DocumentBudgetaire.
const (
	totemHLibelleColl = iota
	totemHIdColl
	totemHNatCEPL
	totemHLibelleEtab
	totemHIdEtab
	totemHCodInseeColl
	totemHNomenclature
	totemHNatDec
	totemHExer
	totemHNatFonc
	totemHCodTypBud
	totemHPopTot
	// from the CFU's DocumentComptable (outside the DocumentBudgetaire)
	totemHCFULibelle
	totemHCFUPopulation
	totemHCFUSiret
	totemHCFUNatFonc
	totemHN
)

// Children of a LigneBudget that are kept.
const (
	totemLNature = iota
	totemLFonction
	totemLContNat
	totemLContFon
	totemLCodRD
	totemLOpBudg
	totemLLibCpte
	totemLAmount // + budget.Field
	totemLN      = totemLAmount + int(budget.NumFields)
)

// The scanner's bookkeeping holds offsets into data, not sub-slices: data
// does not change during a read, so an offset stays valid.

// totemRaw is an undecoded attribute value: data[start:end]. When the
// element has no value, start = end = the offset of the element.
type totemRaw struct {
	start, end int
	set        bool // the element was present
}

// totemElem is an open element: its '<' is at off, its qualified name is
// data[off+1:nameEnd].
type totemElem struct {
	off, nameEnd int
}

// totemAttr is an attribute: name data[name:nameEnd], value data[val:valEnd].
type totemAttr struct {
	name, nameEnd, val, valEnd int
}

type totemScanner struct {
	name string
	data []byte

	latin1 bool // values are ISO-8859-1/Windows-1252
	fast   bool // the fast path is on (see readTOTEMPath)

	// incremental line counting: lineNo is the line number at offset lineOff
	lineOff int
	lineNo  int

	stack   []totemElem
	attrs   []totemAttr
	docBudg int // stack index of the open DocumentBudgetaire, -1 if none
	lb      int // stack index of the open LigneBudget, -1 if none
	lbPos   int // source line of the open LigneBudget

	line [totemLN]totemRaw // children of the open LigneBudget
	hdr  [totemHN]totemRaw

	contFon bool // a kept line has a ContFon
	budgets int  // Budget elements seen in the DocumentBudgetaire

	lines  totemLines
	codes  codeTable        // codes repeat a lot: share their strings
	labels []string         // labels of the lines (see totemLine)
	gaps   [2]totemGapCache // the white spaces between tags seen last, the latest first (see lineRun)
	buf    []byte           // scratch for decoding values

	doc *budget.Document
}

// raw returns the bytes of a value.
func (s *totemScanner) raw(r totemRaw) []byte { return s.data[r.start:r.end] }

// elemName returns the qualified name of an open element.
func (s *totemScanner) elemName(e totemElem) []byte { return s.data[e.off+1 : e.nameEnd] }

// lineAt returns the 1-based line number of offset off. Offsets normally
// grow, which makes counting incremental.
func (s *totemScanner) lineAt(off int) int {
	if off > len(s.data) {
		off = len(s.data)
	}
	if off < s.lineOff {
		return 1 + countNewlines(s.data[:off])
	}
	s.lineNo += countNewlines(s.data[s.lineOff:off])
	s.lineOff = off
	return s.lineNo
}

// errAt builds an *Error located at offset off.
func (s *totemScanner) errAt(off int, field, expected, got string, err error) *Error {
	if off > len(s.data) {
		off = len(s.data)
	}
	if off < 0 {
		off = 0
	}
	col := off - (bytes.LastIndexByte(s.data[:off], '\n') + 1) + 1
	return &Error{
		File:     s.name,
		Line:     s.lineAt(off),
		Column:   col,
		Field:    field,
		Expected: expected,
		Got:      excerpt.Of(got),
		Err:      err,
	}
}

// syntaxErr reports malformed XML at off, quoting the text found there.
func (s *totemScanner) syntaxErr(off int, field string, err error) *Error {
	return s.errAt(off, field, ExpectXML, s.snippet(off), err)
}

// truncErr reports the end of the input inside the innermost open element
// (or inside a construct starting at off when no element is open).
func (s *totemScanner) truncErr(what string) *Error {
	field := ""
	detail := errTOTEMTruncated
	if n := len(s.stack); n > 0 {
		e := s.stack[n-1]
		field = string(totemLocal(s.elemName(e)))
		detail = fmt.Errorf("%w: end of file inside <%s> opened at line %d", errTOTEMTruncated, s.elemName(e), s.lineAt(e.off))
	}
	if what != "" {
		detail = fmt.Errorf("%w (in %s)", detail, what)
	}
	return s.errAt(len(s.data), field, ExpectXML, "", detail)
}

// snippet returns a short, printable excerpt of the input at off.
func (s *totemScanner) snippet(off int) string {
	if off >= len(s.data) || off < 0 {
		return ""
	}
	end := min(off+40, len(s.data))
	b := s.data[off:end]
	if i := bytes.IndexAny(b, "\r\n"); i >= 0 {
		b = b[:i]
	}
	if s.latin1 {
		b = Latin1ToUTF8(b)
	}
	return strings.ToValidUTF8(string(b), "\uFFFD")
}

// totemLocal strips a namespace prefix from a qualified name.
func totemLocal(name []byte) []byte {
	if i := bytes.LastIndexByte(name, ':'); i >= 0 {
		return name[i+1:]
	}
	return name
}

func totemIsSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\r' || c == '\t' }

// totemNameDelims has bit c set for the bytes c < 64 that end a name:
// white space and < > / = " ' & ! ?.
const totemNameDelims = 1<<' ' | 1<<'\n' | 1<<'\r' | 1<<'\t' | 1<<'<' | 1<<'>' | 1<<'/' | 1<<'=' |
	1<<'"' | 1<<'\'' | 1<<'&' | 1<<'!' | 1<<'?'

// totemNameByte reports whether c may appear in an element or attribute name
// (loosely: anything but delimiters).
func totemNameByte(c byte) bool {
	return c >= 64 || uint64(totemNameDelims)>>c&1 == 0
}

func totemNameStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':' || c >= 0x80
}

// prolog handles the byte-order mark and the XML declaration, and checks that
// the input looks like XML. It returns the offset where scanning starts.
func (s *totemScanner) prolog() (int, error) {
	d := s.data
	pos := 0
	bom := false
	switch {
	case len(d) >= 2 && (d[0] == 0xFE && d[1] == 0xFF || d[0] == 0xFF && d[1] == 0xFE):
		return 0, s.errAt(0, "", ExpectXML, "", errTOTEMUTF16)
	case bytes.HasPrefix(d, []byte("\xEF\xBB\xBF")):
		pos = 3
		bom = true
	}
	for pos < len(d) && totemIsSpace(d[pos]) {
		pos++
	}
	if pos >= len(d) || d[pos] != '<' {
		return 0, s.syntaxErr(pos, "", fmt.Errorf("%w: the document does not start with '<'", errTOTEMSyntax))
	}
	if !bytes.HasPrefix(d[pos:], []byte("<?xml")) || pos+5 >= len(d) || !totemIsSpace(d[pos+5]) {
		return pos, nil // no declaration: UTF-8
	}
	end := bytes.Index(d[pos:], []byte("?>"))
	if end < 0 {
		return 0, s.errAt(len(d), "", ExpectXML, "", fmt.Errorf("%w: end of file inside the XML declaration", errTOTEMTruncated))
	}
	decl := d[pos+5 : pos+end]
	if !bom {
		s.latin1 = totemLatin1(totemPseudoAttr(decl, "encoding"))
	}
	return pos + end + 2, nil
}

// totemPseudoAttr returns the value of a pseudo-attribute of the XML
// declaration.
func totemPseudoAttr(decl []byte, name string) []byte {
	for {
		i := bytes.Index(decl, []byte(name))
		if i < 0 {
			return nil
		}
		rest := bytes.TrimLeft(decl[i+len(name):], " \t\r\n")
		decl = decl[i+len(name):]
		if len(rest) == 0 || rest[0] != '=' {
			continue
		}
		rest = bytes.TrimLeft(rest[1:], " \t\r\n")
		if len(rest) == 0 || rest[0] != '"' && rest[0] != '\'' {
			return nil
		}
		if j := bytes.IndexByte(rest[1:], rest[0]); j >= 0 {
			return rest[1 : 1+j]
		}
		return nil
	}
}

// totemLatin1 reports whether an encoding name is read as Windows-1252.
func totemLatin1(enc []byte) bool {
	switch strings.ToLower(string(enc)) {
	case "iso-8859-1", "iso8859-1", "iso_8859-1", "iso-8859-15", "iso8859-15", "iso_8859-15",
		"latin1", "latin-1", "l1", "windows-1252", "cp1252", "x-cp1252":
		return true
	}
	return false
}

// scan walks the document.
func (s *totemScanner) scan() error {
	d := s.data
	pos, err := s.prolog()
	if err != nil {
		return err
	}
	rootSeen := false
	for {
		i := bytes.IndexByte(d[pos:], '<')
		if !rootSeen {
			// only white space (and markup) may precede the root element
			text := d[pos:]
			if i >= 0 {
				text = d[pos : pos+i]
			}
			for j, c := range text {
				if !totemIsSpace(c) {
					return s.syntaxErr(pos+j, "", fmt.Errorf("%w: text before the root element", errTOTEMSyntax))
				}
			}
		}
		if i < 0 {
			if len(s.stack) > 0 {
				return s.truncErr("")
			}
			return s.errAt(len(d), "", ExpectXML, "", fmt.Errorf("%w: no root element", errTOTEMSyntax))
		}
		pos += i
		if pos+1 >= len(d) {
			return s.truncErr("a tag")
		}
		switch d[pos+1] {
		case '/':
			pos, err = s.endTag(pos)
			if err != nil {
				return err
			}
			if len(s.stack) == 0 {
				return s.afterRoot(pos) // the root is closed
			}
		case '!':
			pos, err = s.skipMarkup(pos)
			if err != nil {
				return err
			}
		case '?':
			end := bytes.Index(d[pos+2:], []byte("?>"))
			if end < 0 {
				return s.truncErr("a processing instruction")
			}
			pos += 2 + end + 2
		default:
			pos, err = s.startTag(pos, !rootSeen)
			if err != nil {
				return err
			}
			rootSeen = true
			if len(s.stack) == 0 {
				return s.afterRoot(pos) // empty root element
			}
		}
	}
}

// afterRoot checks what follows the root element, from pos: only white
// space, comments and processing instructions (other than an XML
// declaration, which starts a second document) may.
func (s *totemScanner) afterRoot(pos int) error {
	d := s.data
	for {
		for pos < len(d) && totemIsSpace(d[pos]) {
			pos++
		}
		switch {
		case pos == len(d):
			return nil
		case bytes.HasPrefix(d[pos:], []byte("<!--")):
			next, err := s.skipMarkup(pos)
			if err != nil {
				return err
			}
			pos = next
		case bytes.HasPrefix(d[pos:], []byte("<?")) && !bytes.HasPrefix(d[pos:], []byte("<?xml")):
			end := bytes.Index(d[pos+2:], []byte("?>"))
			if end < 0 {
				return s.truncErr("a processing instruction")
			}
			pos += 2 + end + 2
		default:
			return s.syntaxErr(pos, "", errTOTEMAfterRoot)
		}
	}
}

// checkLength refuses a value kept longer than MaxValueBytes.
func (s *totemScanner) checkLength(r totemRaw, field string) error {
	if r.end-r.start <= MaxValueBytes {
		return nil
	}
	return s.errAt(r.start, field, ExpectShortValue, s.snippet(r.start), fmt.Errorf("%d bytes", r.end-r.start))
}

// twiceErr reports a child of a LigneBudget given twice, at pos.
func (s *totemScanner) twiceErr(pos int, name string) *Error {
	open := s.stack[s.lb]
	return s.errAt(pos, name, ExpectOnce, s.snippet(pos),
		fmt.Errorf("%w: <%s> opened at line %d", errTOTEMTwice, s.elemName(open), s.lineAt(open.off)))
}

// skipMarkup skips a comment, a CDATA section or a DOCTYPE at pos.
func (s *totemScanner) skipMarkup(pos int) (int, error) {
	d := s.data[pos:]
	var end []byte
	switch {
	case bytes.HasPrefix(d, []byte("<!--")):
		end = []byte("-->")
	case bytes.HasPrefix(d, []byte("<![CDATA[")):
		end = []byte("]]>")
	case bytes.HasPrefix(d, []byte("<!DOCTYPE")):
		// an internal subset [ … ] may hold '>' characters
		gt := bytes.IndexByte(d, '>')
		if br := bytes.IndexByte(d, '['); br >= 0 && (gt < 0 || br < gt) {
			end = []byte("]")
			j := bytes.Index(d[br:], end)
			if j < 0 {
				return 0, s.truncErr("a DOCTYPE")
			}
			k := bytes.IndexByte(d[br+j:], '>')
			if k < 0 {
				return 0, s.truncErr("a DOCTYPE")
			}
			return pos + br + j + k + 1, nil
		}
		if gt < 0 {
			return 0, s.truncErr("a DOCTYPE")
		}
		return pos + gt + 1, nil
	default:
		if len(d) < 9 && (bytes.HasPrefix([]byte("<![CDATA["), d) || bytes.HasPrefix([]byte("<!--"), d) || bytes.HasPrefix([]byte("<!DOCTYPE"), d)) {
			return 0, s.truncErr("markup")
		}
		return 0, s.syntaxErr(pos, "", fmt.Errorf("%w: unknown markup", errTOTEMSyntax))
	}
	j := bytes.Index(d[len(end):], end)
	if j < 0 {
		return 0, s.truncErr("a comment or CDATA section")
	}
	return pos + len(end) + j + len(end), nil
}

// parseStartTag parses the start tag at pos ('<' at s.data[pos]): it fills
// s.attrs and returns the qualified name, the offset after the tag and
// whether the element is empty (<x/>).
func (s *totemScanner) parseStartTag(pos int) (name []byte, next int, empty bool, err error) {
	d := s.data
	j := pos + 1
	for j < len(d) && totemNameByte(d[j]) {
		j++
	}
	name = d[pos+1 : j]
	if len(name) == 0 || !totemNameStart(name[0]) {
		return nil, 0, false, s.syntaxErr(pos, "", fmt.Errorf("%w: '<' is not followed by an element name", errTOTEMSyntax))
	}
	s.attrs = s.attrs[:0]
	for {
		sp := j
		for j < len(d) && totemIsSpace(d[j]) {
			j++
		}
		if j >= len(d) {
			return nil, 0, false, s.truncTag(name)
		}
		switch d[j] {
		case '>':
			return name, j + 1, false, nil
		case '/':
			if j+1 >= len(d) {
				return nil, 0, false, s.truncTag(name)
			}
			if d[j+1] != '>' {
				return nil, 0, false, s.syntaxErr(j, string(totemLocal(name)), fmt.Errorf("%w: '/' not followed by '>'", errTOTEMSyntax))
			}
			return name, j + 2, true, nil
		}
		if sp == j {
			return nil, 0, false, s.syntaxErr(j, string(totemLocal(name)), fmt.Errorf("%w: attributes must be separated by white space", errTOTEMSyntax))
		}
		k := j
		for k < len(d) && totemNameByte(d[k]) {
			k++
		}
		an := d[j:k]
		if len(an) == 0 {
			return nil, 0, false, s.syntaxErr(j, string(totemLocal(name)), fmt.Errorf("%w: attribute name expected", errTOTEMSyntax))
		}
		for k < len(d) && totemIsSpace(d[k]) {
			k++
		}
		if k < len(d) && d[k] != '=' {
			return nil, 0, false, s.syntaxErr(k, string(totemLocal(name)), fmt.Errorf("%w: '=' expected after attribute %s", errTOTEMSyntax, an))
		}
		k++
		for k < len(d) && totemIsSpace(d[k]) {
			k++
		}
		if k >= len(d) {
			return nil, 0, false, s.truncTag(name)
		}
		q := d[k]
		if q != '"' && q != '\'' {
			return nil, 0, false, s.syntaxErr(k, string(totemLocal(name)), fmt.Errorf("%w: quoted value expected for attribute %s", errTOTEMSyntax, an))
		}
		e := bytes.IndexByte(d[k+1:], q)
		if e < 0 {
			return nil, 0, false, s.truncTag(name)
		}
		v := d[k+1 : k+1+e]
		if lt := bytes.IndexByte(v, '<'); lt >= 0 {
			return nil, 0, false, s.syntaxErr(k+1+lt, string(totemLocal(name)), fmt.Errorf("%w: '<' in the value of attribute %s (missing quote?)", errTOTEMSyntax, an))
		}
		s.attrs = append(s.attrs, totemAttr{name: j, nameEnd: j + len(an), val: k + 1, valEnd: k + 1 + e})
		j = k + 1 + e + 1
	}
}

// truncTag reports the end of the input inside a start tag.
func (s *totemScanner) truncTag(name []byte) *Error {
	return s.errAt(len(s.data), string(totemLocal(name)), ExpectXML, "",
		fmt.Errorf("%w: end of file inside the start tag <%s>", errTOTEMTruncated, name))
}

// attr returns the attribute with the given name from s.attrs.
func (s *totemScanner) attr(name string) (totemRaw, bool) {
	for _, a := range s.attrs {
		if string(s.data[a.name:a.nameEnd]) == name {
			return totemRaw{start: a.val, end: a.valEnd, set: true}, true
		}
	}
	return totemRaw{}, false
}

// rawV returns the V attribute of the current tag.
func (s *totemScanner) rawV(tagOff int) totemRaw {
	if r, ok := s.attr("V"); ok {
		return r
	}
	return totemRaw{start: tagOff, end: tagOff, set: true}
}

// ignoredChild is lineChild for a child that is not kept and whose first
// attribute is not V, such as <MtSup Code="BudgetHorsRAR" V="12.00"/>: it
// checks the attributes, from j (the space after the name), and returns the
// offset after the tag.
func (s *totemScanner) ignoredChild(j int) (next int, ok bool) {
	d := s.data
	for {
		end, ok := s.plainAttr(j)
		if !ok {
			return 0, false
		}
		j = end + 1 // after the closing quote
		if j+1 < len(d) && d[j] == '/' && d[j+1] == '>' {
			return j + 2, true
		}
	}
}

// plainAttr checks an attribute written exactly ` name="value"` at j (the
// space): an unprefixed name, a value without '<'. It returns the offset of
// the closing quote; ok is false for anything else.
func (s *totemScanner) plainAttr(j int) (end int, ok bool) {
	d := s.data
	const longest = 32 // longer attribute names take the slow path
	if j >= len(d) || d[j] != ' ' {
		return 0, false
	}
	eq := bytes.IndexByte(d[j+1:min(j+2+longest, len(d))], '=')
	if eq <= 0 {
		return 0, false
	}
	val := j + 1 + eq + 2
	if val > len(d) || d[val-1] != '"' || !totemPlainName(d[j+1:j+1+eq]) {
		return 0, false
	}
	end = totemIndexValueEnd(d, val)
	if end < 0 || d[end] != '"' {
		return 0, false
	}
	return end, true
}

// totemPlainName reports whether name is an element name without a prefix
// that startTag would ignore inside a LigneBudget.
func totemPlainName(name []byte) bool {
	if !totemNameStart(name[0]) || string(name) == "LigneBudget" {
		return false
	}
	for _, c := range name {
		if c == ':' || !totemNameByte(c) {
			return false
		}
	}
	return true
}

// startTag handles the start tag at pos.
func (s *totemScanner) startTag(pos int, root bool) (int, error) {
	if s.fast && s.lb >= 0 && len(s.stack) == s.lb+1 {
		if next, ok, err := s.lineRun(pos); ok || err != nil {
			return next, err
		}
	}
	name, next, empty, err := s.parseStartTag(pos)
	if err != nil {
		return 0, err
	}
	local := totemLocal(name)
	depth := len(s.stack) // stack index this element gets
	switch {
	case root:
		switch string(local) {
		case "DocumentBudgetaire":
		case "CompteFinancierUnique":
			s.doc.Format = budget.FormatCFU
		default:
			return 0, s.errAt(pos, string(local), ExpectFormat, "<"+string(name)+">", errTOTEMRoot)
		}
	case s.lb >= 0:
		if string(local) == "LigneBudget" {
			open := s.stack[s.lb]
			return 0, s.errAt(pos, "LigneBudget", ExpectXML, s.snippet(pos),
				fmt.Errorf("%w: <%s> opened at line %d has no end tag", errTOTEMNotClosed, s.elemName(open), s.lineAt(open.off)))
		}
		if depth == s.lb+1 {
			if i := totemLineChild(local); i >= 0 {
				if s.line[i].set {
					return 0, s.twiceErr(pos, string(local))
				}
				s.line[i] = s.rawV(pos)
			}
		}
	case string(local) == "LigneBudget":
		s.line = [totemLN]totemRaw{}
		s.lbPos = s.lineAt(pos)
		s.lb = depth
		if empty {
			s.lb = -1 // no children: no Nature, nothing to keep
		}
	case string(local) == "Annexes" && !empty:
		// Skip the annexes: one search for the end tag, which the main
		// loop then reads.
		s.stack = append(s.stack, totemElem{off: pos, nameEnd: pos + 1 + len(name)})
		return s.skipTo(next, name)
	case string(local) == "Budget" && s.docBudg >= 0 && depth == s.docBudg+1:
		if s.budgets++; s.budgets > 1 {
			return 0, s.errAt(pos, "Budget", ExpectOneBudget, s.snippet(pos), errTOTEMBudgets)
		}
	default:
		s.header(local, pos, depth)
	}
	if string(local) == "DocumentBudgetaire" && s.docBudg < 0 && !empty {
		s.docBudg = depth
	}
	if !empty {
		s.stack = append(s.stack, totemElem{off: pos, nameEnd: pos + 1 + len(name)})
	}
	return next, nil
}

// skipTo returns the offset of the end tag </name> at or after pos, jumping
// over comments and CDATA sections (which might contain the end tag). The
// annexes are not read: when only end tags follow the last </name>, that
// is their end (annexesEndFromTail), whatever they hold, with the fast path
// on or off; only otherwise (a CFU's signatures follow them) does the
// forward scan below look at their comments and CDATA sections.
func (s *totemScanner) skipTo(pos int, name []byte) (int, error) {
	d := s.data
	pat := append([]byte("</"), name...)
	if end, ok := annexesEndFromTail(d, pos, pat); ok {
		return end, nil
	}
	bang := -2 // offset of the next "<!", -1 if none, -2 not searched yet
	for {
		i := bytes.Index(d[pos:], pat)
		if i < 0 {
			return 0, s.truncErr("")
		}
		cand := pos + i
		if bang != -1 && bang < pos {
			bang = bytes.Index(d[pos:], []byte("<!"))
			if bang >= 0 {
				bang += pos
			}
		}
		if bang >= 0 && bang < cand {
			next, err := s.skipMarkup(bang)
			if err != nil {
				return 0, err
			}
			pos = next
			continue
		}
		if e := cand + len(pat); e < len(d) && totemNameByte(d[e]) {
			pos = e // a longer name, e.g. </AnnexesX>
			continue
		}
		return cand, nil
	}
}

// annexesEndFromTail returns the offset of the last "</Annexes" (pat) when
// only end tags and white space follow it: in a well-formed document it is
// the end tag that skipTo's forward scan finds, since no comment, CDATA
// section or other element can hide it; in one whose annexes are not
// well-formed (an unknown "<!", a stray "</Annexes>" inside them) it is
// still where they end, and what they hold is not read. It walks back from the end of the file over those
// end tags only, so anything else in the tail (a CFU's signatures, a
// comment, text) ends the walk at once and ok is false: the caller scans
// forward. Each tag must be "</name>" with optional white space before the
// ">"; a stricter test than XML's is safe, false only costs the scan.
func annexesEndFromTail(d []byte, pos int, pat []byte) (int, bool) {
	space := func(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }
	for i := len(d); ; {
		for i > pos && space(d[i-1]) {
			i--
		}
		if i <= pos || d[i-1] != '>' {
			return 0, false
		}
		lt := bytes.LastIndexByte(d[pos:i-1], '<')
		if lt < 0 {
			return 0, false
		}
		lt += pos
		name := lt + 2 // after "</"
		if name > i-1 || d[lt+1] != '/' {
			return 0, false
		}
		j := name
		for j < i-1 && (totemNameByte(d[j]) || d[j] == ':') {
			j++
		}
		k := j
		for k < i-1 && space(d[k]) {
			k++
		}
		if j == name || k != i-1 {
			return 0, false
		}
		if j == lt+len(pat) && bytes.HasPrefix(d[lt:], pat) {
			return lt, true
		}
		i = lt
	}
}

// header records the header values of interest.
func (s *totemScanner) header(local []byte, pos, depth int) {
	set := func(i int, r totemRaw) {
		if !s.hdr[i].set {
			s.hdr[i] = r
		}
	}
	if s.docBudg < 0 {
		// the CFU's accounting part
		switch string(local) {
		case "Collectivite":
			for _, p := range [...]struct {
				attr string
				i    int
			}{{"Libelle", totemHCFULibelle}, {"Population", totemHCFUPopulation}, {"Siret", totemHCFUSiret}} {
				if r, ok := s.attr(p.attr); ok {
					set(p.i, r)
				}
			}
		case "NatFonc":
			set(totemHCFUNatFonc, s.rawV(pos))
		}
		return
	}
	var i int
	switch string(local) {
	case "LibelleColl":
		i = totemHLibelleColl
	case "IdColl":
		i = totemHIdColl
	case "NatCEPL":
		i = totemHNatCEPL
	case "LibelleEtab":
		i = totemHLibelleEtab
	case "IdEtab":
		i = totemHIdEtab
	case "CodInseeColl":
		i = totemHCodInseeColl
	case "Nomenclature":
		i = totemHNomenclature
	case "NatDec":
		i = totemHNatDec
	case "Exer":
		i = totemHExer
	case "NatFonc":
		i = totemHNatFonc
	case "CodTypBud":
		i = totemHCodTypBud
	case "Information":
		if depth == 0 || string(totemLocal(s.elemName(s.stack[depth-1]))) != "InformationsGenerales" {
			return
		}
		if c, ok := s.attr("Code"); !ok || string(bytes.TrimSpace(s.raw(c))) != "PopTot" {
			return
		}
		i = totemHPopTot
	default:
		return
	}
	set(i, s.rawV(pos))
}

// endTag handles the end tag at pos.
func (s *totemScanner) endTag(pos int) (int, error) {
	d := s.data
	j := pos + 2
	for j < len(d) && totemNameByte(d[j]) {
		j++
	}
	name := d[pos+2 : j]
	for j < len(d) && totemIsSpace(d[j]) {
		j++
	}
	if j >= len(d) {
		return 0, s.truncErr("an end tag")
	}
	if d[j] != '>' || len(name) == 0 {
		return 0, s.syntaxErr(pos, string(totemLocal(name)), fmt.Errorf("%w: bad end tag", errTOTEMSyntax))
	}
	n := len(s.stack)
	if n == 0 {
		return 0, s.syntaxErr(pos, string(totemLocal(name)), fmt.Errorf("%w: end tag without start tag", errTOTEMSyntax))
	}
	open := s.stack[n-1]
	if openName := s.elemName(open); !bytes.Equal(openName, name) {
		return 0, s.errAt(pos, string(totemLocal(openName)), ExpectXML, s.snippet(pos),
			fmt.Errorf("%w: <%s> opened at line %d is closed by </%s>", errTOTEMNotClosed, openName, s.lineAt(open.off), name))
	}
	if n-1 == s.lb {
		s.lb = -1
		if err := s.finishLine(); err != nil {
			return 0, err
		}
	}
	if n-1 == s.docBudg {
		s.docBudg = -1
	}
	s.stack = s.stack[:n-1]
	return j + 1, nil
}

// finishLine converts the children of the LigneBudget just closed into a
// budget.Line. Lines without a Nature (CFU summary lines) are dropped
// without further checks.
func (s *totemScanner) finishLine() error {
	r := &s.line
	if !r[totemLNature].set {
		return nil
	}
	nature, ok := s.codeAt(r[totemLNature], false)
	if !ok || nature == 0 {
		return s.codeErr(r[totemLNature], "Nature", ExpectNature)
	}
	// An error below fails the whole document: the line may stay half filled.
	l := s.lines.next()
	l.pos = s.lbPos
	l.nature = nature
	if r[totemLFonction].set {
		if l.function, ok = s.codeAt(r[totemLFonction], true); !ok {
			return s.codeErr(r[totemLFonction], "Fonction", ExpectFunction)
		}
	}
	if r[totemLContNat].set {
		if l.contNat, ok = s.codeAt(r[totemLContNat], false); !ok {
			return s.codeErr(r[totemLContNat], "ContNat", ExpectChapter)
		}
	}
	if r[totemLContFon].set {
		if l.contFon, ok = s.codeAt(r[totemLContFon], false); !ok {
			return s.codeErr(r[totemLContFon], "ContFon", ExpectChapter)
		}
		s.contFon = true
	}
	if !r[totemLCodRD].set {
		return s.errAt(s.stackOffLB(), "CodRD", ExpectDirection, "", errors.New("LigneBudget without CodRD"))
	}
	switch v := s.shortToken(r[totemLCodRD]); string(v) {
	case "D":
		l.direction = budget.Expense
	case "R":
		l.direction = budget.Revenue
	default:
		return s.errAt(r[totemLCodRD].start, "CodRD", ExpectDirection, string(v), nil)
	}
	l.operation = budget.Real
	if r[totemLOpBudg].set {
		switch v := s.shortToken(r[totemLOpBudg]); string(v) {
		case "0":
		case "1":
			l.operation = budget.Ordre
		default:
			return s.errAt(r[totemLOpBudg].start, "OpBudg", ExpectOperation, string(v), nil)
		}
	}
	if r[totemLLibCpte].set {
		if err := s.checkLength(r[totemLLibCpte], "LibCpte"); err != nil {
			return err
		}
		if label := s.text(s.raw(r[totemLLibCpte])); label != "" {
			s.labels = append(s.labels, label)
			l.label = int32(len(s.labels))
		}
	}
	for f := budget.Field(0); f < budget.NumFields; f++ {
		raw := r[totemLAmount+int(f)]
		if !raw.set {
			continue
		}
		var a budget.Amount
		ok := false
		if s.fast {
			a, ok = totemAmountWord(s.data, raw.start, raw.end)
		}
		if !ok {
			var err error
			if a, ok, err = s.amount(raw); err != nil {
				return s.errAt(raw.start, f.String(), ExpectAmount, s.text(s.raw(raw)), err)
			}
		}
		if ok {
			l.amounts[f], l.present = a, l.present|1<<f
		}
	}
	return nil
}

// stackOffLB returns the offset of the LigneBudget being finished (it is
// still on the stack when finishLine runs).
func (s *totemScanner) stackOffLB() int {
	if n := len(s.stack); n > 0 {
		return s.stack[n-1].off
	}
	return 0
}

// plain reports whether raw can be used as is: no entity, and ASCII or
// valid UTF-8 (see decode).
func (s *totemScanner) plain(raw []byte) bool {
	high := false
	for _, c := range raw {
		if c == '&' {
			return false
		}
		if c >= 0x80 {
			high = true
		}
	}
	return !high || utf8.Valid(raw)
}

// decode appends the decoded value of raw to dst: entities are replaced and
// non-ASCII bytes converted to UTF-8. Unknown entities are kept as written.
//
// Non-ASCII bytes are read as UTF-8 when the value is valid UTF-8, otherwise
// as ISO-8859-1/Windows-1252, in both kinds of documents: a value that is not
// valid UTF-8 in a UTF-8 document is a mislabelled Latin-1 one, and French
// Latin-1 text is practically never valid UTF-8, while documents assembled
// from UTF-8 parts and declared ISO-8859-1 exist (edge-cases/cfu_valide.xml).
// The declared encoding therefore only decides how error excerpts are shown.
func (s *totemScanner) decode(dst, raw []byte) []byte {
	latin1 := !utf8.Valid(raw)
	for i := 0; i < len(raw); {
		c := raw[i]
		switch {
		case c == '&':
			if r, n := totemEntity(raw[i:]); n > 0 {
				dst = utf8.AppendRune(dst, r)
				i += n
				continue
			}
			dst = append(dst, c)
		case c >= 0x80 && latin1:
			if c < 0xA0 {
				dst = utf8.AppendRune(dst, cp1252[c-0x80])
			} else {
				dst = utf8.AppendRune(dst, rune(c))
			}
		default:
			dst = append(dst, c)
		}
		i++
	}
	return dst
}

// totemEntity decodes the entity reference at the start of b ('&' at b[0]).
// It returns the character and the length of the reference, or n = 0 when b
// does not start with a known, valid reference.
func totemEntity(b []byte) (r rune, n int) {
	end := bytes.IndexByte(b[:min(len(b), 12)], ';')
	if end < 2 {
		return 0, 0
	}
	name := b[1:end]
	switch string(name) {
	case "amp":
		return '&', end + 1
	case "lt":
		return '<', end + 1
	case "gt":
		return '>', end + 1
	case "quot":
		return '"', end + 1
	case "apos":
		return '\'', end + 1
	}
	if name[0] != '#' || len(name) < 2 {
		return 0, 0
	}
	var v uint64
	var err error
	if name[1] == 'x' || name[1] == 'X' {
		v, err = strconv.ParseUint(string(name[2:]), 16, 32)
	} else {
		v, err = strconv.ParseUint(string(name[1:]), 10, 32)
	}
	if err != nil || v == 0 || v > utf8.MaxRune || !utf8.ValidRune(rune(v)) {
		return 0, 0
	}
	return rune(v), end + 1
}

// totemTrimmed reports whether b surely has nothing for bytes.TrimSpace to
// remove: it starts and ends with a visible ASCII character, as values
// almost always do. It must never be true where bytes.TrimSpace would trim
// (TestTotemTrimmed).
func totemTrimmed(b []byte) bool {
	return len(b) > 0 && totemVisible(b[0]) && totemVisible(b[len(b)-1])
}

// totemVisible reports whether c is an ASCII byte above the space (from '!'
// to DEL), which bytes.TrimSpace never trims.
func totemVisible(c byte) bool { return c-'!' < utf8.RuneSelf-'!' }

// text decodes and trims a value (labels, names).
func (s *totemScanner) text(raw []byte) string {
	if !totemTrimmed(raw) {
		raw = bytes.TrimSpace(raw)
	}
	if s.plain(raw) {
		return string(raw)
	}
	s.buf = s.decode(s.buf[:0], raw)
	return string(bytes.TrimSpace(s.buf))
}

// token decodes and trims a short value without making a string, for values
// that are only compared with constants or interned. The result may alias
// s.buf.
func (s *totemScanner) token(raw []byte) []byte {
	if !totemTrimmed(raw) {
		raw = bytes.TrimSpace(raw)
	}
	if s.plain(raw) {
		return raw
	}
	s.buf = s.decode(s.buf[:0], raw)
	return bytes.TrimSpace(s.buf)
}

// codeAt is code for the value r. totemCodeWord must take only codes that
// code keeps as written (FuzzTotemWords).
func (s *totemScanner) codeAt(r totemRaw, function bool) (codeID, bool) {
	if k, ok := totemCodeWord(s.data, r.start, r.end); ok && s.fast {
		return s.codes.internKey(k, s.data[r.start:r.end]), true
	}
	return s.code(s.raw(r), function)
}

// codeErr reports the code r of the line being finished, which is not
// made of digits: a line that cannot be classified fails the document
// rather than being dropped or counted under a made-up code.
func (s *totemScanner) codeErr(r totemRaw, field, expected string) error {
	return s.errAt(r.start, field, expected, s.text(s.raw(r)), errTOTEMCode)
}

// shortToken is token for the value r: a single visible byte other than
// '&' ("D", "R", "0", "1") is its own token.
func (s *totemScanner) shortToken(r totemRaw) []byte {
	if v := s.raw(r); len(v) == 1 && totemVisible(v[0]) && v[0] != '&' {
		return v
	}
	return s.token(s.raw(r))
}

// code decodes and trims a code (nature, chapter, function…) and returns
// its id in s.codes. A function code is normalised: spaces, dots and
// dashes are removed. ok is false when the code is not made of ASCII
// digits, as the template and SCDL readers require (the empty code is
// fine: the caller decides whether it is missing).
func (s *totemScanner) code(raw []byte, function bool) (id codeID, ok bool) {
	b := s.token(raw)
	if function && totemHasSeparator(b) {
		out := make([]byte, 0, len(b))
		for _, c := range b {
			if !totemSeparator(c) {
				out = append(out, c)
			}
		}
		b = out
	}
	if len(b) > 0 && !allDigits(string(b)) {
		return 0, false
	}
	return s.codes.intern(b), true
}

// totemHasSeparator reports whether a function code has a space, dot or
// dash to remove: a byte that totemSeparator accepts.
func totemHasSeparator(b []byte) bool {
	for _, c := range b {
		if totemSeparator(c) {
			return true
		}
	}
	return false
}

func totemSeparator(c byte) bool { return c == ' ' || c == '.' || c == '-' }

// amount parses the amount r. An empty value means "not given" (ok
// false). totemAmountWord, tried first, must accept nothing that this
// reads otherwise (FuzzTotemWords).
func (s *totemScanner) amount(r totemRaw) (budget.Amount, bool, error) {
	raw := s.raw(r)
	if !totemTrimmed(raw) {
		raw = bytes.TrimSpace(raw)
	}
	if len(raw) == 0 {
		return 0, false, nil
	}
	txt := string(raw)
	if !s.plain(raw) {
		txt = s.text(raw)
		if txt == "" {
			return 0, false, nil
		}
	}
	a, err := budget.ParseAmount(txt)
	if err != nil {
		return 0, false, err
	}
	return a, true, nil
}

// totemPopulation reads a population as written in PopTot: "109 834" (with
// spaces or no-break spaces), "1 234,00", "1.234", "0.00". It returns 0 when
// the text is not a positive number.
func totemPopulation(v string) int64 {
	var b []byte
	for i := 0; i < len(v); i++ {
		switch {
		case v[i] == ' ' || v[i] == '\t' || v[i] == '\'':
		case strings.HasPrefix(v[i:], "\u00A0"):
			i++
		case strings.HasPrefix(v[i:], "\u202F"):
			i += 2
		default:
			b = append(b, v[i])
		}
	}
	if len(b) == 0 {
		return 0
	}
	// "1.234" or "1,234,567": groups of three digits are thousands
	if grouped, ok := totemGroupedInt(b); ok {
		return grouped
	}
	a, err := budget.ParseAmount(string(b))
	if err != nil || a <= 0 {
		return 0
	}
	return int64((a + 50) / 100)
}

// totemGroupedInt parses d{1,3}([.,]ddd)+ (one kind of separator).
func totemGroupedInt(b []byte) (int64, bool) {
	sep := byte(0)
	var n int64
	digits := 0 // digits in the current group
	groups := 0
	for _, c := range b {
		switch {
		case c >= '0' && c <= '9':
			if n > 1e15 {
				return 0, false
			}
			n = n*10 + int64(c-'0')
			digits++
		case (c == '.' || c == ',') && (sep == 0 || sep == c):
			if digits == 0 || digits > 3 || groups > 0 && digits != 3 {
				return 0, false
			}
			sep = c
			groups++
			digits = 0
		default:
			return 0, false
		}
	}
	if groups == 0 || digits != 3 {
		return 0, false
	}
	return n, true
}

// finishHeader fills the Document's header fields.
func (s *totemScanner) finishHeader() error {
	d := s.doc
	h := &s.hdr
	for i := range h {
		if err := s.checkLength(h[i], ""); err != nil {
			return err
		}
	}
	get := func(i int) string {
		if !h[i].set {
			return ""
		}
		return s.text(s.raw(h[i]))
	}
	d.Authority.Name = get(totemHLibelleColl)
	d.Budget = get(totemHLibelleEtab)
	d.Annex = strings.TrimSpace(get(totemHCodTypBud)) == "A"
	if d.Authority.Name == "" {
		d.Authority.Name = d.Budget
	}
	if d.Authority.Name == "" {
		d.Authority.Name = get(totemHCFULibelle)
	}
	siret := get(totemHIdEtab)
	if siret == "" {
		siret = get(totemHIdColl)
	}
	if siret == "" {
		siret = get(totemHCFUSiret)
	}
	siret = strings.ReplaceAll(siret, " ", "")
	d.Authority.SIRET = siret
	if len(siret) >= 9 && totemDigits(siret[:9]) {
		d.Authority.SIREN = siret[:9]
	}
	if insee := strings.ReplaceAll(get(totemHCodInseeColl), " ", ""); len(insee) <= 5 {
		// longer values are not INSEE codes (Saint-Malo Agglomération writes
		// its SIREN there)
		d.Authority.INSEE = insee
	}
	d.Authority.Type = get(totemHNatCEPL)
	if n := get(totemHNomenclature); n != "" {
		norm, variant, _ := strings.Cut(n, "-")
		d.Nomenclature = budget.Nomenclature{Norm: strings.TrimSpace(norm), Variant: strings.TrimSpace(variant)}
	}
	if y := get(totemHExer); y != "" {
		year, err := strconv.Atoi(y)
		if err != nil || year < 1000 || year > 9999 {
			return s.errAt(h[totemHExer].start, "Exer", ExpectYear, y, err)
		}
		d.Year = year
	}
	d.NatDec = get(totemHNatDec)
	if len(d.NatDec) == 1 && totemDigits(d.NatDec) {
		d.NatDec = "0" + d.NatDec
	}
	d.Kind = budget.KindFromNatDec(d.NatDec)
	natFonc := get(totemHNatFonc)
	if natFonc == "" {
		natFonc = get(totemHCFUNatFonc)
	}
	switch {
	case s.contFon || natFonc == "2":
		d.VotedBy = budget.VotedByFunction
	case natFonc == "1" || natFonc == "3":
		d.VotedBy = budget.VotedByNature
	default:
		d.VotedBy = budget.VotedUnknown
	}
	d.Population = totemPopulation(get(totemHPopTot))
	if d.Population == 0 {
		d.Population = totemPopulation(get(totemHCFUPopulation))
	}
	return nil
}

func totemDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return len(s) > 0
}
