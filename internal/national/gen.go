package national

import (
	"archive/zip"
	"bufio"
	"compress/flate"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/jeu1000/jeu1000/internal/budget"
)

// Header is the header line of the national file (2024 layout), without
// its line ending.
const Header = "EXER;IDENT;NDEPT;LBUDG;MODVTHEL;INSEE;CBUDG;CTYPE;CSTYP;NOMEN;siren;CREGI;CACTI;SECTEUR;FINESS;CODBUD1;CATEG;BAL;FONCTION;COMPTE;BEDEB;BECRE;OBNETDEB;OBNETCRE;ONBDEB;ONBCRE;OOBDEB;OOBCRE;SD;SC"

// Positions of the columns of Header the generator rewrites.
const (
	colExer = iota
	colIdent
	colNDept
	colLBudg
	colModvthel
	colInsee
	colCBudg
	colCType
	colCSTyp
	colNomen
	colSiren
	colCRegi
	colCActi
	colSecteur
	colFiness
	colCodBud1
	colCateg
	colBal
	colFonction
	colCompte
	colBEDeb
	colBECre
	colOBNetDeb
	colOBNetCre
	colONBDeb
	colONBCre
	colOOBDeb
	colOOBCre
	colSD
	colSC
	numCols
)

// Template is the balance of one real budget, its rows converted to the
// national CSV layout (Header's columns, amounts with a decimal comma,
// text in UTF-8). The generator replicates templates under new identifiers.
type Template struct {
	Source string     // file the rows come from
	Rows   [][]string // one slice of len(Header columns) per row, in file order
}

// LoadTemplate reads balance records as the data.economie.gouv.fr API
// returns them (an object with a "records" array, or a bare array; keys in
// any case) and converts them to the national CSV layout. Numbers keep
// their exact digits; amounts are written in cents with two decimals and a
// decimal comma ("4484122,24", "0,00"), as budget.ParseAmount reads them.
func LoadTemplate(name string, r io.Reader) (*Template, error) {
	dec := json.NewDecoder(r)
	dec.UseNumber()
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	var records []map[string]any
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err == nil {
		var rec json.RawMessage
		for k, v := range obj {
			if strings.EqualFold(k, "records") {
				rec = v
			}
		}
		if rec == nil {
			return nil, fmt.Errorf("%s: no \"records\" array", name)
		}
		raw = rec
	}
	d := json.NewDecoder(strings.NewReader(string(raw)))
	d.UseNumber()
	if err := d.Decode(&records); err != nil {
		return nil, fmt.Errorf("%s: records: %w", name, err)
	}
	cols := strings.Split(Header, ";")
	t := &Template{Source: name, Rows: make([][]string, 0, len(records))}
	for i, rec := range records {
		lower := make(map[string]any, len(rec))
		for k, v := range rec {
			lower[strings.ToLower(k)] = v
		}
		row := make([]string, numCols)
		for c, h := range cols {
			v, err := jsonCell(lower[strings.ToLower(h)])
			if err != nil {
				return nil, fmt.Errorf("%s: record %d: %s: %w", name, i+1, h, err)
			}
			row[c] = v
		}
		for _, c := range [...]int{colBEDeb, colBECre, colOBNetDeb, colOBNetCre, colONBDeb, colONBCre, colOOBDeb, colOOBCre, colSD, colSC} {
			if row[c] == "" {
				continue
			}
			a, err := budget.ParseAmount(row[c])
			if err != nil {
				return nil, fmt.Errorf("%s: record %d: %s: %w", name, i+1, cols[c], err)
			}
			row[c] = formatAmount(a)
		}
		t.Rows = append(t.Rows, row)
	}
	if len(t.Rows) == 0 {
		return nil, fmt.Errorf("%s: no records", name)
	}
	return t, nil
}

// LoadTemplates loads every *.json file of dir (sorted by name) with
// LoadTemplate.
func LoadTemplates(dir string) ([]*Template, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, fmt.Errorf("listing templates: %w", err)
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("no balance records (*.json) in %s", dir)
	}
	var out []*Template
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return nil, err
		}
		t, err := LoadTemplate(filepath.Base(p), bufio.NewReader(f))
		f.Close()
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

func jsonCell(v any) (string, error) {
	switch v := v.(type) {
	case nil:
		return "", nil
	case string:
		return v, nil
	case json.Number:
		return v.String(), nil
	case bool:
		return strconv.FormatBool(v), nil
	}
	return "", errors.New("not a string or a number")
}

// formatAmount writes cents with two decimals and a decimal comma.
func formatAmount(a budget.Amount) string {
	neg := a < 0
	if neg {
		a = -a
	}
	s := fmt.Sprintf("%d,%02d", a/100, a%100)
	if neg {
		s = "-" + s
	}
	return s
}

// GenOptions tune the synthetic national file.
type GenOptions struct {
	// Rows is the number of data rows to write (at least 1).
	Rows int
	// Seed makes the output reproducible: the same templates, options and
	// seed give the same bytes.
	Seed uint64
	// Interleave > 1 writes the rows of that many budgets alternately, so
	// that the rows of one budget are not contiguous (to exercise the
	// non-contiguous path). 0 or 1: each budget's rows are contiguous.
	Interleave int
}

// GenStats says what Generate wrote.
type GenStats struct {
	Rows       int64
	Bytes      int64
	Budgets    int            // budgets (IDENT × CBUDG) written
	ByCategory map[string]int // budgets per CATEG
	Annexes    int            // budgets with CBUDG ≠ 1
}

// Generate writes a synthetic national balance file to w: the header, then
// opt.Rows rows replicated from the templates' real rows under new
// identifiers. Each copy is a budget of a new authority (new IDENT, SIREN,
// département and INSEE code, name with Latin-1 accents) of a category
// drawn from a realistic mix (communes, GFP, syndicats, EPL, a few
// départements, régions, CTU, EPT, métropoles and Paris); small communes
// have no function codes; about one commune or GFP in five also has one or
// two annex budgets. A copy keeps a random subset of its template's rows
// (in order), so budget sizes vary from a dozen rows to the whole template.
// The file is ';'-separated, ISO-8859-1, decimal comma, LF line endings.
func Generate(w io.Writer, templates []*Template, opt GenOptions) (GenStats, error) {
	st := GenStats{ByCategory: map[string]int{}}
	if len(templates) == 0 {
		return st, errors.New("generate: no template")
	}
	if opt.Rows < 1 {
		return st, fmt.Errorf("generate: %d rows: want at least 1", opt.Rows)
	}
	for _, t := range templates {
		if len(t.Rows) == 0 {
			return st, fmt.Errorf("generate: template %s has no row", t.Source)
		}
		for i, r := range t.Rows {
			if len(r) != numCols {
				return st, fmt.Errorf("generate: template %s, row %d: %d cells, want %d", t.Source, i+1, len(r), numCols)
			}
		}
	}
	cw := &countWriter{w: w}
	bw := bufio.NewWriterSize(cw, 1<<20)
	g := newGenerator(templates, opt.Seed)
	if _, err := bw.WriteString(Header + "\n"); err != nil {
		return st, err
	}
	lanes := max(opt.Interleave, 1)
	var (
		left    = opt.Rows
		queue   []*genBudget // budgets made, not yet being written
		pending []*genBudget // budgets being written, one row each in turn
		buf     []byte
	)
	for left > 0 || len(pending) > 0 || len(queue) > 0 {
		for len(pending) < lanes && (left > 0 || len(queue) > 0) {
			if len(queue) == 0 {
				for _, b := range g.authority() {
					if len(b.rows) > left {
						b.rows = b.rows[:left]
					}
					if len(b.rows) == 0 {
						continue
					}
					left -= len(b.rows)
					st.Budgets++
					st.ByCategory[b.categ]++
					if !b.principal {
						st.Annexes++
					}
					queue = append(queue, b)
				}
				continue
			}
			pending = append(pending, queue[0])
			queue = queue[1:]
		}
		// One row of each pending budget, round robin; with one lane, the
		// whole budget.
		kept := pending[:0]
		for _, b := range pending {
			n := 1
			if lanes == 1 {
				n = len(b.rows)
			}
			for _, i := range b.rows[:n] {
				buf = g.appendRow(buf[:0], b, i)
				if _, err := bw.Write(buf); err != nil {
					return st, err
				}
				st.Rows++
			}
			if b.rows = b.rows[n:]; len(b.rows) > 0 {
				kept = append(kept, b)
			}
		}
		clear(pending[len(kept):])
		pending = kept
	}
	if err := bw.Flush(); err != nil {
		return st, err
	}
	st.Bytes = cw.n
	return st, nil
}

// GenerateZip writes what Generate writes as the single file entry of a
// zip (deflated at the fastest level, fixed modification time: the same
// inputs give the same bytes).
func GenerateZip(w io.Writer, entry string, templates []*Template, opt GenOptions) (GenStats, error) {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(out, flate.BestSpeed)
	})
	ew, err := zw.CreateHeader(&zip.FileHeader{
		Name:     entry,
		Method:   zip.Deflate,
		Modified: time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC),
	})
	if err != nil {
		return GenStats{}, fmt.Errorf("generate: %w", err)
	}
	st, err := Generate(ew, templates, opt)
	if err != nil {
		return st, err
	}
	if err := zw.Close(); err != nil {
		return st, fmt.Errorf("generate: %w", err)
	}
	return st, nil
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// appendLatin1 appends s encoded in ISO-8859-1 (runes above U+00FF become
// '?').
func appendLatin1(b []byte, s string) []byte {
	for _, r := range s {
		switch {
		case r < 0x80:
			b = append(b, byte(r))
		case r <= 0xFF:
			b = append(b, byte(r))
		default:
			b = append(b, '?')
		}
	}
	return b
}

type generator struct {
	rng        *rand.Rand
	templates  []*Template
	m57        int // index of an M57 template, -1 if none
	n          int // authorities made so far
	categories []genCategory
	places     []string
	depts      []string
	enc        map[*Template]*encodedTemplate
}

// genCategory is a CATEG of the mix, its weight in thousandths of the
// budgets principaux of a national file, and the range of rows each one
// keeps from its template.
type genCategory struct {
	categ    string
	weight   int
	min, max int // rows kept; min 0 = the whole template, max 0 = up to the whole template
	ctype    string
}

func newGenerator(templates []*Template, seed uint64) *generator {
	g := &generator{
		rng:       rand.New(rand.NewPCG(seed, 0x6a657531303030)),
		templates: templates,
		m57:       -1,
		enc:       map[*Template]*encodedTemplate{},
		categories: []genCategory{
			{"Commune", 560, 15, 0, "101"},
			{"GFP", 50, 100, 0, "401"},
			{"SYND", 250, 10, 120, "301"},
			{"EPL", 130, 10, 150, "501"},
			{"DEPT", 4, 900, 0, "201"},
			{"REG", 1, 900, 0, "202"},
			{"CTU", 1, 900, 0, "203"},
			{"EPT", 1, 400, 0, "402"},
			{"ML", 2, 600, 0, "403"},
			{"PARIS", 1, 0, 0, "101"},
		},
		places: []string{
			"SAINT-ÉTIENNE-DU-BOIS", "BÉZIERS-SUR-ORB", "CHÂTEAU-THIERRY", "L'HAÿ-LES-ROSES", "ÎLE-D'ARZ",
			"MONTÉLIMAR", "PONT-À-MOUSSON", "NOGENT-SUR-MARNE", "VILLENEUVE-D'ASCQ", "SÈTE", "AÏN-LE-VIEUX",
			"LA ROCHE-SUR-YON", "CRÉTEIL", "ORLÉANS", "GUÉRANDE", "FORÊT-SAINTE-CROIX",
		},
	}
	for i, t := range templates {
		if strings.HasPrefix(strings.ToUpper(t.Rows[0][colNomen]), "M57") {
			g.m57 = i
		}
	}
	for d := 1; d <= 95; d++ {
		if d == 20 {
			g.depts = append(g.depts, "02A", "02B")
			continue
		}
		g.depts = append(g.depts, fmt.Sprintf("%03d", d))
	}
	g.depts = append(g.depts, "101", "102", "103", "104", "106")
	return g
}

// authority makes the budgets of one new authority: its budget principal,
// then its annex budgets if any.
func (g *generator) authority() []*genBudget {
	k := g.n
	g.n++
	r := g.rng.IntN(1000)
	ci := 0
	for i, c := range g.categories {
		if r < c.weight {
			ci = i
			break
		}
		r -= c.weight
	}
	cat := g.categories[ci]
	switch {
	case k == 0:
		cat = g.categories[len(g.categories)-1] // Paris, once
	case cat.categ == "PARIS":
		cat = g.categories[0]
	}
	ti := g.rng.IntN(len(g.templates))
	switch cat.categ {
	case "DEPT", "REG", "CTU", "ML", "EPT":
		if g.m57 >= 0 {
			ti = g.m57
		}
	}
	t := g.templates[ti]
	siren := fmt.Sprintf("%09d", 200000000+k)
	dept := g.depts[k%len(g.depts)]
	insee := fmt.Sprintf("%03d", (k/len(g.depts))%999+1)
	if dept >= "101" {
		// overseas: INSEE holds the last three digits of 97xxx
		insee = dept[2:3] + insee[1:]
	}
	place := g.places[g.rng.IntN(len(g.places))]
	var name string
	switch cat.categ {
	case "Commune":
		name = "COMMUNE DE " + place
	case "GFP":
		name = "CC DU PAYS DE " + place
	case "SYND":
		name = "SIVOM DE LA RÉGION DE " + place
	case "EPL":
		name = "CCAS DE " + place
	case "DEPT":
		name = "DÉPARTEMENT " + dept
	case "REG":
		name = "RÉGION " + dept
	case "CTU":
		name = "COLLECTIVITÉ TERRITORIALE " + dept
	case "EPT":
		name = "ÉTABLISSEMENT PUBLIC TERRITORIAL " + place
	case "ML":
		name = "MÉTROPOLE DE " + place
	case "PARIS":
		name = "VILLE DE PARIS"
	}
	name += " " + strconv.Itoa(k)
	n := len(t.Rows)
	switch {
	case cat.min == 0:
	case cat.categ == "Commune":
		// Most communes are small: no function codes, few rows.
		switch u := g.rng.IntN(100); {
		case u < 70:
			n = 15 + g.rng.IntN(65)
		case u < 95:
			n = 80 + g.rng.IntN(320)
		default:
			n = 400 + g.rng.IntN(max(len(t.Rows)-400, 1))
		}
	case cat.max == 0:
		n = cat.min + g.rng.IntN(max(len(t.Rows)-cat.min, 1))
	default:
		n = cat.min + g.rng.IntN(cat.max-cat.min)
	}
	noFunction := cat.categ == "Commune" && n < 80 || cat.categ == "SYND" || cat.categ == "EPL"
	ident := siren + "00017"
	principal := g.budget(t, n, cat.categ, true, map[int]string{
		colIdent: ident, colNDept: dept, colLBudg: name, colInsee: insee, colCBudg: "1",
		colCType: cat.ctype, colSiren: siren, colCateg: cat.categ,
	}, noFunction)
	out := []*genBudget{principal}
	if cat.categ == "Commune" || cat.categ == "GFP" {
		for a := 0; a < 2 && g.rng.IntN(5) == 0; a++ {
			kind := [...]string{"EAU", "ASSAINISSEMENT", "TRANSPORTS", "LOTISSEMENT DES PRÉS"}[g.rng.IntN(4)]
			aident := fmt.Sprintf("%s%05d", siren, 30+a)
			cbudg := [...]string{"3", "2"}[g.rng.IntN(2)]
			annex := g.budget(g.templates[g.rng.IntN(len(g.templates))], 10+g.rng.IntN(140), cat.categ, false, map[int]string{
				colIdent: aident, colNDept: dept, colLBudg: name + " - BA " + kind, colInsee: insee, colCBudg: cbudg,
				colCType: cat.ctype, colSiren: siren, colCateg: cat.categ,
			}, noFunction)
			out = append(out, annex)
		}
	}
	return out
}

// genBudget is a budget of the synthetic file: rows of a template, some
// of their cells replaced.
type genBudget struct {
	tpl       *encodedTemplate
	rows      []int // rows of the template still to write
	cells     [numCols][]byte
	set       [numCols]bool // cells replaced
	categ     string
	principal bool
}

// encodedTemplate is a template's cells encoded in ISO-8859-1.
type encodedTemplate struct {
	cells [][numCols][]byte
}

func (g *generator) encoded(t *Template) *encodedTemplate {
	if e, ok := g.enc[t]; ok {
		return e
	}
	e := &encodedTemplate{cells: make([][numCols][]byte, len(t.Rows))}
	for i, row := range t.Rows {
		for c := 0; c < numCols && c < len(row); c++ {
			e.cells[i][c] = appendLatin1(nil, row[c])
		}
	}
	g.enc[t] = e
	return e
}

// budget picks n rows of t at random, in file order (selection sampling),
// with the cells of set replaced (and the function codes removed when
// noFunction).
func (g *generator) budget(t *Template, n int, categ string, principal bool, set map[int]string, noFunction bool) *genBudget {
	b := &genBudget{tpl: g.encoded(t), categ: categ, principal: principal}
	for c, v := range set {
		b.cells[c], b.set[c] = appendLatin1(nil, v), true
	}
	if noFunction {
		b.cells[colFonction], b.set[colFonction] = nil, true
	}
	total := len(t.Rows)
	n = min(max(n, 1), total)
	b.rows = make([]int, 0, n)
	for i := range total {
		if g.rng.IntN(total-i) < n-len(b.rows) {
			b.rows = append(b.rows, i)
		}
	}
	return b
}

// appendRow appends row i of b's template, with b's cells, and "\n".
func (g *generator) appendRow(buf []byte, b *genBudget, i int) []byte {
	src := &b.tpl.cells[i]
	for c := range numCols {
		if c > 0 {
			buf = append(buf, ';')
		}
		if b.set[c] {
			buf = append(buf, b.cells[c]...)
		} else {
			buf = append(buf, src[c]...)
		}
	}
	return append(buf, '\n')
}
