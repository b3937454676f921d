// Package national streams the DGFiP national balance file ("balances
// comptables des collectivités et des établissements publics locaux avec la
// présentation croisée nature-fonction", one per exercice, ~5 M rows,
// ~835 MB) into one budget.Document per budget, with bounded memory; it
// also knows where the files are published (Fetch) and generates synthetic
// national-size files from real rows for benchmarks (Generate).
//
// Stream keeps only the rows that may count in a split (real spending,
// OBNETDEB − OOBDEB ≠ 0, of accounts of class 6, 2, 7 and 16: see
// MayCount), in compact form (interned codes, int64 cents), so a national
// year fits in well under 300 MB whatever the order of its rows.
package national

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/jeu1000/jeu1000/internal/budget"
	"github.com/jeu1000/jeu1000/internal/excerpt"
	"github.com/jeu1000/jeu1000/internal/reader"
)

// Options choose which budgets Stream keeps and how it groups them.
type Options struct {
	// Categories lists the CATEG values to keep, compared without regard
	// to case. Empty means DefaultCategories(); "*" keeps every category.
	Categories []string
	// Annexes keeps the budgets annexes and rattachés (CBUDG 2 and 3) too.
	// By default only budgets principaux (CBUDG 1) are kept.
	Annexes bool
	// Contiguous says the rows of each budget follow each other in the
	// file: each document is then emitted as soon as the next budget
	// starts and memory holds a single budget. A budget whose rows come
	// back after another budget started is an error wrapping
	// ErrNotContiguous. By default (false) Stream makes no assumption on
	// the order of the rows: it holds every kept row (compactly, about 24
	// bytes each) and emits the documents at the end. Either way documents
	// come in the order of their budget's first row in the file.
	Contiguous bool
	// TempDir is where a zipped input that is neither a file nor an
	// io.ReaderAt is spooled before it is unzipped; "" means os.TempDir().
	TempDir string
	// Stats, when not nil, is filled with counts about the stream.
	Stats *Stats

	// MaxLine bounds the bytes of one line (of one record, for a quoted
	// record over several lines); 0 means DefaultMaxLine. A longer line
	// stops the stream with a *reader.Error (ExpectShortLine) once at most
	// MaxLine bytes and one read buffer (1 MB) of it are read.
	MaxLine int
	// MaxBudgetRows bounds the rows kept (lines that may count) of one
	// budget; 0 means DefaultMaxBudgetRows. One more stops the stream with
	// a *reader.Error (ExpectSmallBudget) naming its line.
	MaxBudgetRows int
	// MaxBudgets bounds the budgets kept (each costs some memory until
	// the end of the file, in either mode); 0 means DefaultMaxBudgets.
	// One more stops the stream with a *reader.Error (ExpectFewBudgets).
	MaxBudgets int
	// MaxInflated bounds the uncompressed size of a zipped CSV and
	// MaxRatio its compression ratio (uncompressed / compressed); 0 means
	// DefaultMaxInflated and DefaultMaxRatio. A zip entry that declares
	// more is refused before it is inflated, with a *reader.Error
	// (ExpectSmallZip); one that inflates to more than it declares is
	// refused as soon as it does.
	MaxInflated int64
	MaxRatio    int64
	// MaxRejected is the share of the rows checked (the rows of the
	// budgets kept, and the rows without a valid IDENT) that may be
	// rejected (see Stats.Faults); beyond it, the whole file is refused
	// with a *reader.Error (ExpectSensibleRows) wrapping ErrRejected,
	// after the documents are emitted. 0 means DefaultMaxRejected.
	MaxRejected float64
	// Nature, when not nil, says whether an account is a nature of some
	// plan de comptes (see PlanNatures). A row that would be kept with an
	// account it refuses is rejected (ReasonUnknownAccount). It is called
	// once per distinct account. Either way, an account that is not a
	// number is rejected (ReasonAccount).
	Nature func(account string) bool
	// Nomenclature, when not nil, checks the nomenclature of a budget
	// before its document is emitted (see PlanNomenclature); a budget
	// whose nomenclature it refuses is skipped and counted
	// (ReasonNomenclature), with its IDENT, LBUDG, CATEG and first line in
	// the example. It is called once per distinct nomenclature and year.
	Nomenclature func(n budget.Nomenclature, year int) error
	// Progress, when not nil, is called every 65,536 rows with what was
	// read so far (see ProgressLog).
	Progress func(Progress)
}

// Defaults of the limits of Options.
const (
	// DefaultMaxLine: lines of the DGFiP files are under 400 bytes.
	DefaultMaxLine = 64 << 10
	// DefaultMaxBudgetRows: the largest budget, Ville de Paris, keeps
	// well under 50,000 rows.
	DefaultMaxBudgetRows = 200_000
	// DefaultMaxBudgets: a national year has about 55,000 budgets, of
	// every category, annexes included.
	DefaultMaxBudgets = 1_000_000
	// DefaultMaxInflated: a national year is about 835 MB of CSV.
	DefaultMaxInflated = 8 << 30
	// DefaultMaxRatio: the DGFiP zips compress about 12 to 1.
	DefaultMaxRatio = 100
	// DefaultMaxRejected: a file where most rows make no sense is refused.
	DefaultMaxRejected = 0.5
)

// Progress says how far Stream has read.
type Progress struct {
	Rows  int64 // data rows read
	Bytes int64 // bytes of CSV read (uncompressed)
	// Total is the size of the CSV (uncompressed) when known, else 0.
	Total int64
}

func (o *Options) limits() Options {
	l := *o
	if l.MaxLine <= 0 {
		l.MaxLine = DefaultMaxLine
	}
	if l.MaxBudgetRows <= 0 {
		l.MaxBudgetRows = DefaultMaxBudgetRows
	}
	if l.MaxBudgets <= 0 {
		l.MaxBudgets = DefaultMaxBudgets
	}
	if l.MaxInflated <= 0 {
		l.MaxInflated = DefaultMaxInflated
	}
	if l.MaxRatio <= 0 {
		l.MaxRatio = DefaultMaxRatio
	}
	if l.MaxRejected <= 0 {
		l.MaxRejected = DefaultMaxRejected
	}
	return l
}

// Stats describe what Stream read and emitted.
type Stats struct {
	Entry       string // the CSV file read inside a zip; "" for a plain CSV
	Bytes       int64  // bytes of CSV read (uncompressed)
	Rows        int64  // data rows (records after the header, blank ones excepted)
	SkippedRows int64  // rows of budgets left out (category, annex)
	KeptRows    int64  // rows kept as document lines
	Documents   int    // documents emitted
	// Interleaved counts the budgets whose rows were not contiguous in the
	// file (always 0 when Options.Contiguous is set).
	Interleaved int
	// Empty counts the budgets kept by category that had no line that may
	// count: no document is emitted for them.
	Empty int
	// Rejected counts the rows that make no sense, never part of a
	// document; Faults says why, by reason in order of first occurrence,
	// with the budgets skipped (ReasonNomenclature).
	Rejected int64
	Faults   []Fault
}

// Reason says why a row or a budget was rejected.
type Reason string

// Reasons for rejecting a row (or, for ReasonNomenclature, a budget).
const (
	ReasonIdent          Reason = "IDENT missing or not a number"
	ReasonYear           Reason = "EXER not a year"
	ReasonOtherYear      Reason = "EXER not the budget's"
	ReasonAccount        Reason = "account not a number"
	ReasonUnknownAccount Reason = "account of no plan de comptes"
	ReasonFunction       Reason = "function code not a number"
	ReasonAmount         Reason = "amount that does not parse"
	ReasonNomenclature   Reason = "budget of an unknown nomenclature (skipped)"
)

// MaxExamples is how many examples a Fault keeps.
const MaxExamples = 5

// Fault counts what was rejected for one reason.
type Fault struct {
	Reason   Reason
	Rows     int64 // rows rejected (for ReasonNomenclature, rows of the budgets skipped)
	Budgets  int   // budgets skipped (ReasonNomenclature only)
	Examples []*reader.Error
}

// fault returns the Fault of a reason, adding it if needed.
func (st *Stats) fault(r Reason) *Fault {
	for i := range st.Faults {
		if st.Faults[i].Reason == r {
			return &st.Faults[i]
		}
	}
	st.Faults = append(st.Faults, Fault{Reason: r})
	return &st.Faults[len(st.Faults)-1]
}

// FaultSummary describes the faults in one line: counts by reason, each
// with its first examples as file:line, e.g. `12 rows: amount that does
// not parse (f.csv:3, f.csv:9…)`; "" when there is none.
func (st *Stats) FaultSummary() string {
	var b strings.Builder
	for i, f := range st.Faults {
		if i > 0 {
			b.WriteString("; ")
		}
		if f.Budgets > 0 {
			fmt.Fprintf(&b, "%d budgets (%d rows): %s", f.Budgets, f.Rows, f.Reason)
		} else {
			fmt.Fprintf(&b, "%d rows: %s", f.Rows, f.Reason)
		}
		b.WriteString(" (")
		for j, e := range f.Examples {
			if j > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%s:%d", e.File, e.Line)
		}
		if f.Rows > int64(len(f.Examples)) && f.Budgets == 0 || f.Budgets > len(f.Examples) {
			b.WriteString("…")
		}
		b.WriteString(")")
	}
	return b.String()
}

// ErrRejected is wrapped by the error of Stream when more than
// Options.MaxRejected of the rows checked were rejected.
var ErrRejected = errors.New("most rows make no sense")

// DefaultCategories returns the CATEG values Stream keeps by default: the
// local authorities (communes, Paris, groupements à fiscalité propre,
// départements, régions, collectivités territoriales uniques,
// établissements publics territoriaux, métropoles), not the syndicats
// (SYND) nor the other établissements publics locaux (EPL).
func DefaultCategories() []string {
	return []string{"Commune", "PARIS", "GFP", "DEPT", "REG", "CTU", "EPT", "ML"}
}

// ErrNotContiguous is wrapped by the error Stream returns, with
// Options.Contiguous, when the rows of a budget are not contiguous.
var ErrNotContiguous = errors.New("the rows of a budget are not contiguous (stream without Options.Contiguous)")

// MayCount reports whether an account (nature) may count in a split under
// some rule set: class 6, 2, 7 (chapter 014 is decided later, from the plan
// de comptes) and 16 (debt repayment, an option). The rules themselves are
// calc's: this only keeps memory small.
func MayCount(nature string) bool {
	if nature == "" {
		return false
	}
	switch nature[0] {
	case '6', '2', '7':
		return true
	}
	return strings.HasPrefix(nature, "16")
}

func mayCount(b []byte) bool {
	switch b[0] {
	case '6', '2', '7':
		return true
	case '1':
		return len(b) > 1 && b[1] == '6'
	}
	return false
}

// Stream reads a nature-fonction balance in the national CSV layout from r
// — plain, or a zip holding one CSV file (detected by its magic bytes) —
// and calls emit with one budget.Document per budget (IDENT and CBUDG) of
// the categories asked for. name is the file name for provenance and error
// messages.
//
// Columns are matched by name whatever their case and order (EXER, IDENT,
// COMPTE, OBNETDEB and OOBDEB are required); the separator is sniffed from
// the header; text may be ISO-8859-1 or UTF-8; amounts use a decimal comma
// or point; quoted fields are read as encoding/csv reads them. Values are
// cleaned as reader.ScanBalanceCSV cleans them, and a document holds the
// lines reader.Read would give for the budget, restricted to the accounts
// for which MayCount is true (lines whose spending is zero are dropped, as
// reader.Read does), in file order, with Pos the line in the CSV file.
//
// Authority: Name is LBUDG, SIRET is IDENT, SIREN the siren column (or
// IDENT's first nine digits), Type is CATEG; INSEE is the commune's INSEE
// code for communes and Paris (reader.BalanceRow.INSEECode), the
// département's code for départements, the région's code (CREGI) for
// régions, and empty for other categories (identified by their SIREN).
//
// A budget that has no line that may count yields no document (see
// Stats.Empty). Memory is bounded whatever the input (Options.MaxLine,
// MaxBudgetRows, MaxBudgets, MaxInflated, MaxRatio). What is wrong with a
// row of a budget kept (IDENT, EXER, account, function, amount) rejects
// that row only, and a budget of a nomenclature Options.Nomenclature
// refuses is skipped: both are counted in Stats.Faults. The file itself
// fails, with a *reader.Error naming the file and line, when it is not a
// balance (header, CSV), exceeds a limit, or when most rows checked are
// rejected (ErrRejected). An error returned by emit stops the stream and
// is returned as is.
func Stream(name string, r io.Reader, opt Options, emit func(*budget.Document) error) error {
	stats := opt.Stats
	if stats == nil {
		stats = &Stats{}
	}
	*stats = Stats{}
	opt = opt.limits()
	in, err := open(name, r, opt)
	if err != nil {
		return err
	}
	defer in.close()
	csvName := name
	if in.entry != "" {
		stats.Entry = in.entry
		csvName = name + "/" + in.entry
	}
	cr := &countReader{r: in.src}
	s := newStreamer(csvName, name, opt, stats, emit)
	s.in, s.total = cr, in.size
	err = s.run(cr)
	stats.Bytes = cr.n
	return err
}

// countReader counts the bytes read through it.
type countReader struct {
	r io.Reader
	n int64
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// columns holds the index of every column Stream reads; -1 when absent.
type columns struct {
	exer, ident, ndept, insee, lbudg, cbudg, nomen int
	siren, categ, cregi, fonction, compte          int
	obnetdeb, oobdeb                               int

	names []string // upper-case header names, for error messages
}

func newColumns(name string, header [][]byte) (*columns, error) {
	c := &columns{names: make([]string, len(header))}
	idx := map[string]*int{
		"EXER": &c.exer, "IDENT": &c.ident, "NDEPT": &c.ndept, "INSEE": &c.insee, "LBUDG": &c.lbudg,
		"CBUDG": &c.cbudg, "NOMEN": &c.nomen, "SIREN": &c.siren, "CATEG": &c.categ, "CREGI": &c.cregi,
		"FONCTION": &c.fonction, "COMPTE": &c.compte, "OBNETDEB": &c.obnetdeb, "OOBDEB": &c.oobdeb,
	}
	for _, p := range idx {
		*p = -1
	}
	for i, h := range header {
		s := strings.ToUpper(strings.TrimSpace(strings.TrimPrefix(string(h), "\uFEFF")))
		c.names[i] = s
		if p, ok := idx[s]; ok {
			if *p >= 0 {
				return nil, &reader.Error{File: name, Line: 1, Field: s, Expected: reader.ExpectUniqueColumn, Got: s}
			}
			*p = i
		}
	}
	for _, req := range [...]struct {
		name string
		i    int
	}{{"EXER", c.exer}, {"IDENT", c.ident}, {"COMPTE", c.compte}, {"OBNETDEB", c.obnetdeb}, {"OOBDEB", c.oobdeb}} {
		if req.i < 0 {
			return nil, &reader.Error{File: name, Line: 1, Field: req.name, Expected: reader.ExpectColumn}
		}
	}
	return c, nil
}

// row is a kept line in compact form (24 bytes).
type row struct {
	nature, function uint32 // indexes in the interned codes
	line             uint32 // line in the CSV file (saturates at 2³²−1)
	group            uint32 // index of its group in streamer.order (default mode)
	amount           int64  // spending in cents
}

// arena holds the kept rows in fixed-size blocks: no copy when it grows,
// no slack beyond the last block. left counts the rows of each block not
// emitted yet: a block is released as soon as all its rows are emitted.
type arena struct {
	blocks  [][]row
	left    []int32
	n       uint32
	release bool // release blocks once emitted (else reset reuses them)
}

const blockBits = 16

func (a *arena) add(r row) (uint32, error) {
	if a.n == math.MaxUint32 {
		return 0, errors.New("more than 4 billion rows kept")
	}
	b := int(a.n >> blockBits)
	if b == len(a.blocks) {
		a.blocks = append(a.blocks, make([]row, 1<<blockBits))
		a.left = append(a.left, 0)
	}
	a.blocks[b][a.n&(1<<blockBits-1)] = r
	a.left[b]++
	i := a.n
	a.n++
	return i, nil
}

func (a *arena) at(i uint32) *row { return &a.blocks[i>>blockBits][i&(1<<blockBits-1)] }

// done marks row i emitted.
func (a *arena) done(i uint32) {
	b := i >> blockBits
	if a.left[b]--; a.left[b] == 0 && a.release {
		a.blocks[b] = nil
	}
}

// reset empties the arena, keeping its blocks for reuse.
func (a *arena) reset() {
	a.n = 0
	clear(a.left)
}

// group is a budget being collected.
type group struct {
	key   string // IDENT + "\x00" + CBUDG
	ident string
	cbudg string
	exer  string
	year  int
	auth  budget.Authority
	nomen string
	line  int    // line of its first row
	id    uint32 // index in streamer.order
	first uint32 // arena index of its first row
	last  uint32 // arena index of its last row
	n     int    // rows kept
	// split is set when its rows are not consecutive in the arena.
	split bool
	// interleaved is set when rows of another budget came between rows of
	// this one.
	interleaved bool
}

// interner gives small integers to the codes of a column.
type interner struct {
	ids   map[string]uint32
	codes []string
}

func newInterner() *interner {
	return &interner{ids: map[string]uint32{"": 0}, codes: []string{""}}
}

func (in *interner) id(b []byte) uint32 {
	if id, ok := in.ids[string(b)]; ok {
		return id
	}
	s := string(b)
	id := uint32(len(in.codes))
	in.ids[s] = id
	in.codes = append(in.codes, s)
	return id
}

// streamer is the state of one Stream call.
type streamer struct {
	in    *countReader // for Progress
	total int64        // size of the CSV when known, for Progress

	name   string // CSV name for errors
	source string // name for provenance
	opt    Options
	stats  *Stats
	emit   func(*budget.Document) error
	cols   *columns
	cats   [][]byte // categories kept; nil: all

	arena     arena
	natures   *interner
	functions *interner
	nomens    map[string]budget.Nomenclature

	groups map[string]*group // every open group (default mode)
	order  []*group          // the groups in order of their first row (default mode)
	split  bool              // some group's rows are not consecutive in the arena
	closed map[string]bool   // groups already emitted (contiguous mode)

	budgets int    // budgets kept so far
	key     []byte // key of the row being read
	curKey  []byte // key of the current budget
	cur     *group // the current budget; nil when it is left out
	started bool

	// known[id] says whether the nature of that id passed Options.Nature:
	// 0 not asked yet, 1 known, 2 unknown.
	known    []uint8
	nomenErr map[nomenYear]error // Options.Nomenclature's answers
}

type nomenYear struct {
	nomen budget.Nomenclature
	year  int
}

func newStreamer(name, source string, opt Options, stats *Stats, emit func(*budget.Document) error) *streamer {
	s := &streamer{
		name: name, source: source, opt: opt, stats: stats, emit: emit,
		natures: newInterner(), functions: newInterner(),
		arena:  arena{release: !opt.Contiguous},
		nomens: map[string]budget.Nomenclature{}, nomenErr: map[nomenYear]error{},
		groups: map[string]*group{}, closed: map[string]bool{},
	}
	cats := opt.Categories
	if len(cats) == 0 {
		cats = DefaultCategories()
	}
	for _, c := range cats {
		if strings.TrimSpace(c) == "*" {
			s.cats = nil
			break
		}
		s.cats = append(s.cats, []byte(strings.TrimSpace(c)))
	}
	return s
}

// run reads the CSV from r.
func (s *streamer) run(r io.Reader) error {
	name := s.name
	sc := newScanner(name, r, s.opt.MaxLine)
	if bom, _ := sc.br.Peek(3); bytes.Equal(bom, []byte("\xEF\xBB\xBF")) {
		_, _ = sc.br.Discard(3)
	}
	first, _ := sc.br.Peek(4096)
	if i := bytes.IndexByte(first, '\n'); i >= 0 {
		first = first[:i]
	}
	sc.comma = byte(reader.SniffComma(first))
	line, err := sc.next()
	if err != nil {
		return err
	}
	if line == 0 {
		return &reader.Error{File: name, Line: 1, Expected: reader.ExpectColumn, Err: errNoHeader}
	}
	if s.cols, err = newColumns(name, sc.fields); err != nil {
		return err
	}
	for {
		line, err := sc.next()
		if err != nil {
			return err
		}
		if line == 0 {
			break
		}
		if err := s.row(sc.fields, line); err != nil {
			return err
		}
	}
	if s.stats.Rows == 0 {
		return &reader.Error{File: name, Expected: reader.ExpectLine}
	}
	if err := s.finish(); err != nil {
		return err
	}
	s.progress()
	if checked := s.stats.Rows - s.stats.SkippedRows; s.stats.Rejected > 0 && float64(s.stats.Rejected) > s.opt.MaxRejected*float64(checked) {
		return &reader.Error{File: name, Expected: reader.ExpectSensibleRows,
			Got: fmt.Sprintf("%d rejected of %d", s.stats.Rejected, checked),
			Err: fmt.Errorf("%w: %s", ErrRejected, s.stats.FaultSummary())}
	}
	return nil
}

func (s *streamer) progress() {
	if s.opt.Progress != nil {
		s.opt.Progress(Progress{Rows: s.stats.Rows, Bytes: s.in.n, Total: s.total})
	}
}

// reject counts a row that makes no sense; the error (an example) is built
// only for the first few.
func (s *streamer) reject(r Reason, line, col int, got []byte, expected string) {
	s.stats.Rejected++
	f := s.stats.fault(r)
	f.Rows++
	if len(f.Examples) < MaxExamples {
		field := ""
		if col >= 0 {
			field = s.cols.names[col]
		}
		f.Examples = append(f.Examples, &reader.Error{File: s.name, Line: line, Field: field, Expected: expected, Got: excerpt.Of(strings.TrimSpace(string(got)))})
	}
}

func field(rec [][]byte, i int) []byte {
	if i < 0 || i >= len(rec) {
		return nil
	}
	return rec[i]
}

func blank(rec [][]byte) bool {
	for _, f := range rec {
		if len(bytes.TrimSpace(f)) > 0 {
			return false
		}
	}
	return true
}

// row handles one record. A row that makes no sense is rejected (counted,
// never part of a document); only limits stop the stream.
func (s *streamer) row(rec [][]byte, line int) error {
	c := s.cols
	ident := cleanCode(field(rec, c.ident))
	if len(ident) == 0 && blank(rec) {
		return nil // encoding/csv gives a record of blanks: not a row
	}
	s.stats.Rows++
	if s.stats.Rows&(1<<16-1) == 0 {
		s.progress()
	}
	cbudg := cleanCode(field(rec, c.cbudg))
	s.key = append(append(append(s.key[:0], ident...), 0), cbudg...)
	if !s.started || !bytes.Equal(s.key, s.curKey) {
		// (The current budget's IDENT was checked when it started.)
		if !allDigits(ident) {
			// Not a budget: the current one goes on.
			s.reject(ReasonIdent, line, c.ident, field(rec, c.ident), reader.ExpectValue)
			return nil
		}
		if err := s.switchTo(rec, line, ident, cbudg); err != nil {
			return err
		}
	}
	g := s.cur
	if g == nil {
		s.stats.SkippedRows++
		return nil
	}
	exer := cleanCode(field(rec, c.exer))
	if g.year == 0 {
		year, ok := parseYear(exer)
		if !ok {
			s.reject(ReasonYear, line, c.exer, exer, reader.ExpectYear)
			return nil
		}
		g.exer, g.year = string(exer), year
	} else if string(exer) != g.exer {
		if _, ok := parseYear(exer); !ok {
			s.reject(ReasonYear, line, c.exer, exer, reader.ExpectYear)
		} else {
			s.reject(ReasonOtherYear, line, c.exer, exer, reader.ExpectSameValue)
		}
		return nil
	}
	compte := cleanCode(field(rec, c.compte))
	if !allDigits(compte) {
		s.reject(ReasonAccount, line, c.compte, field(rec, c.compte), reader.ExpectNature)
		return nil
	}
	fonction := cleanCode(field(rec, c.fonction))
	if len(fonction) > 0 && !allDigits(fonction) {
		f := budget.NormalizeFunction(string(fonction))
		if f != "" && !allDigits([]byte(f)) {
			s.reject(ReasonFunction, line, c.fonction, field(rec, c.fonction), reader.ExpectFunction)
			return nil
		}
		fonction = []byte(f)
	}
	ob, err := parseAmount(field(rec, c.obnetdeb))
	if err != nil {
		s.reject(ReasonAmount, line, c.obnetdeb, field(rec, c.obnetdeb), reader.ExpectAmount)
		return nil
	}
	oo, err := parseAmount(field(rec, c.oobdeb))
	if err != nil {
		s.reject(ReasonAmount, line, c.oobdeb, field(rec, c.oobdeb), reader.ExpectAmount)
		return nil
	}
	spending := (&reader.BalanceRow{ObNetDeb: ob, OObDeb: oo}).Spending()
	if spending == 0 || !mayCount(compte) {
		return nil
	}
	nature := s.natures.id(compte)
	if s.opt.Nature != nil && (int(nature) >= len(s.known) || s.known[nature] != 1) && !s.knownNature(nature) {
		s.reject(ReasonUnknownAccount, line, c.compte, field(rec, c.compte), reader.ExpectNature)
		return nil
	}
	if g.n >= s.opt.MaxBudgetRows {
		return &reader.Error{File: s.name, Line: line, Field: c.names[c.ident], Expected: reader.ExpectSmallBudget,
			Got: excerpt.Of(string(ident)), Err: fmt.Errorf("more than %d rows kept for budget %s (CBUDG %s)", s.opt.MaxBudgetRows, ident, cbudg)}
	}
	i, err := s.arena.add(row{
		group:    g.id,
		nature:   nature,
		function: s.functions.id(fonction),
		line:     uint32(min(line, math.MaxUint32)),
		amount:   int64(spending),
	})
	if err != nil {
		return fmt.Errorf("%s:%d: %w", s.name, line, err)
	}
	switch {
	case g.n == 0:
		g.first = i
	case i != g.last+1:
		g.split = true
		s.split = true
	}
	g.last = i
	g.n++
	s.stats.KeptRows++
	return nil
}

// knownNature asks Options.Nature about a nature once.
func (s *streamer) knownNature(id uint32) bool {
	for int(id) >= len(s.known) {
		s.known = append(s.known, 0)
	}
	if s.known[id] == 0 {
		s.known[id] = 2
		if s.opt.Nature(s.natures.codes[id]) {
			s.known[id] = 1
		}
	}
	return s.known[id] == 1
}

// switchTo makes the budget of rec the current one: the row starts a new
// budget or comes back to one seen before.
func (s *streamer) switchTo(rec [][]byte, line int, ident, cbudg []byte) error {
	if s.opt.Contiguous && s.cur != nil {
		if err := s.flush(s.cur, nil); err != nil {
			return err
		}
		s.closed[s.cur.key] = true
		s.arena.reset() // the only group that used it is emitted
	}
	s.started = true
	s.curKey = append(s.curKey[:0], s.key...)
	s.cur = nil
	if s.opt.Contiguous {
		if s.closed[string(s.key)] {
			return &reader.Error{File: s.name, Line: line, Field: s.cols.names[s.cols.ident],
				Got: excerpt.Of(string(ident)), Err: ErrNotContiguous}
		}
	} else if g, ok := s.groups[string(s.key)]; ok {
		if !g.interleaved {
			g.interleaved = true
			s.stats.Interleaved++
		}
		s.cur = g
		return nil
	}
	if !s.keep(rec, cbudg) {
		return nil
	}
	if s.budgets++; s.budgets > s.opt.MaxBudgets {
		return &reader.Error{File: s.name, Line: line, Field: s.cols.names[s.cols.ident], Expected: reader.ExpectFewBudgets,
			Got: excerpt.Of(string(ident)), Err: fmt.Errorf("more than %d budgets kept", s.opt.MaxBudgets)}
	}
	g := s.newGroup(rec, line, ident, cbudg)
	if !s.opt.Contiguous {
		if len(s.order) == math.MaxUint32 {
			return fmt.Errorf("%s:%d: more than 4 billion budgets", s.name, line)
		}
		g.id = uint32(len(s.order))
		s.groups[g.key] = g
		s.order = append(s.order, g)
	}
	s.cur = g
	return nil
}

// keep reports whether the budget of rec is kept (category and CBUDG).
func (s *streamer) keep(rec [][]byte, cbudg []byte) bool {
	if !s.opt.Annexes && string(bytes.TrimLeft(cbudg, "0")) != "1" {
		return false
	}
	if s.cats == nil {
		return true
	}
	categ := bytes.TrimSpace(field(rec, s.cols.categ))
	for _, c := range s.cats {
		if bytes.EqualFold(categ, c) {
			return true
		}
	}
	return false
}

// newGroup starts a budget at its first row; its year is set by the first
// row with a valid EXER (see row).
func (s *streamer) newGroup(rec [][]byte, line int, ident, cbudg []byte) *group {
	c := s.cols
	get := func(i int) string { return string(cleanCode(field(rec, i))) }
	g := &group{
		key:   string(s.key),
		ident: string(ident),
		cbudg: string(cbudg),
		nomen: get(c.nomen),
		line:  line,
	}
	br := reader.BalanceRow{
		Ident: g.ident,
		NDept: get(c.ndept),
		Insee: get(c.insee),
		Siren: get(c.siren),
		Categ: text(field(rec, c.categ)),
	}
	g.auth = budget.Authority{
		Name:  text(field(rec, c.lbudg)),
		SIRET: g.ident,
		SIREN: br.SIREN(),
		Type:  br.Categ,
	}
	switch strings.ToUpper(br.Categ) {
	case "COMMUNE", "PARIS", "DEPT":
		g.auth.INSEE = br.INSEECode()
	case "REG":
		if r := get(c.cregi); len(r) == 3 && r[0] == '0' && allDigits([]byte(r)) {
			g.auth.INSEE = r[1:]
		} else if len(r) == 2 && allDigits([]byte(r)) {
			g.auth.INSEE = r
		}
	}
	return g
}

// parseYear reads EXER: four digits, 1900–2199.
func parseYear(s []byte) (int, bool) {
	if len(s) != 4 || !allDigits(s) {
		return 0, false
	}
	y := int(s[0]-'0')*1000 + int(s[1]-'0')*100 + int(s[2]-'0')*10 + int(s[3]-'0')
	return y, y >= 1900 && y < 2200
}

// finish emits what is left.
func (s *streamer) finish() error {
	if s.opt.Contiguous {
		if s.cur != nil {
			return s.flush(s.cur, nil)
		}
		return nil
	}
	order := s.order
	s.groups, s.order = nil, nil
	var perm []uint32
	if s.split {
		// Some budgets' rows are scattered: list the rows of each budget
		// together (a counting sort by group, stable: file order within a
		// budget).
		next := make([]uint32, len(order))
		var pos uint32
		for i, g := range order {
			next[i] = pos
			pos += uint32(g.n)
		}
		perm = make([]uint32, s.arena.n)
		for i := range s.arena.n {
			g := s.arena.at(i).group
			perm[next[g]] = i
			next[g]++
		}
	}
	var pos uint32
	for i, g := range order {
		var rows []uint32
		if perm != nil {
			rows = perm[pos : pos+uint32(g.n)]
			pos += uint32(g.n)
		}
		if err := s.flush(g, rows); err != nil {
			return err
		}
		order[i] = nil
	}
	return nil
}

// flush emits the document of g, if it has lines. rows lists the arena
// indexes of its rows; nil means they are consecutive from g.first.
func (s *streamer) flush(g *group, rows []uint32) error {
	if g.n == 0 {
		s.stats.Empty++
		return nil
	}
	nomen, err := s.nomenclature(g)
	if err != nil {
		s.skipBudget(g, rows, err)
		return nil
	}
	doc := &budget.Document{
		Source:       s.source,
		Format:       budget.FormatBalanceCSV,
		Authority:    g.auth,
		Budget:       reader.BudgetLabel(g.cbudg),
		Nomenclature: nomen,
		Year:         g.year,
		Kind:         budget.KindBalance,
		Lines:        make([]budget.Line, g.n),
	}
	for k := range doc.Lines {
		i := g.first + uint32(k)
		if rows != nil {
			i = rows[k]
		}
		r := s.arena.at(i)
		l := &doc.Lines[k]
		*l = budget.Line{
			Nature:    s.natures.codes[r.nature],
			Function:  s.functions.codes[r.function],
			Direction: budget.Expense,
			Operation: budget.Real,
			Pos:       int(r.line),
		}
		l.SetAmount(budget.MtReal, budget.Amount(r.amount))
		s.arena.done(i)
	}
	s.stats.Documents++
	return s.emit(doc)
}

// skipBudget counts a budget left out for its nomenclature (err, a
// *reader.Error) and releases its rows.
func (s *streamer) skipBudget(g *group, rows []uint32, err error) {
	f := s.stats.fault(ReasonNomenclature)
	f.Budgets++
	f.Rows += int64(g.n)
	if e, ok := reader.AsError(err); ok && len(f.Examples) < MaxExamples {
		f.Examples = append(f.Examples, e)
	}
	for k := range g.n {
		i := g.first + uint32(k)
		if rows != nil {
			i = rows[k]
		}
		s.arena.done(i)
	}
}

// nomenclature reads the NOMEN value of a budget exactly as reader.Read
// does, by letting it read a one-row balance that carries it (once per
// distinct value), and checks it with Options.Nomenclature. The error is
// a *reader.Error naming the budget's first line and the budget.
func (s *streamer) nomenclature(g *group) (budget.Nomenclature, error) {
	n, ok := s.nomens[g.nomen]
	var err error
	if !ok {
		var b bytes.Buffer
		b.WriteString("EXER;IDENT;COMPTE;OBNETDEB;OOBDEB;NOMEN\n2000;1;6;1;0;")
		b.WriteString(strings.NewReplacer(";", " ", "\"", " ", "\n", " ", "\r", " ").Replace(g.nomen))
		b.WriteString("\n")
		var doc *budget.Document
		if doc, err = reader.Read("NOMEN", b.Bytes(), reader.Options{}); err == nil {
			n = doc.Nomenclature
			s.nomens[g.nomen] = n
		}
	}
	if err == nil && s.opt.Nomenclature != nil {
		k := nomenYear{n, g.year}
		var seen bool
		if err, seen = s.nomenErr[k]; !seen {
			err = s.opt.Nomenclature(n, g.year)
			s.nomenErr[k] = err
		}
	}
	if err != nil {
		field := "NOMEN"
		if s.cols.nomen >= 0 {
			field = s.cols.names[s.cols.nomen]
		}
		return n, &reader.Error{File: s.name, Line: g.line, Field: field, Expected: reader.ExpectNomenclature, Got: excerpt.Of(g.nomen),
			Err: fmt.Errorf("budget %s (CBUDG %s) of %q (%s, SIREN %s) skipped: %w", g.ident, g.cbudg, g.auth.Name, g.auth.Type, g.auth.SIREN, err)}
	}
	return n, nil
}
