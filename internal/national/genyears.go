package national

import (
	"archive/zip"
	"bufio"
	"compress/flate"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jeu1000/jeu1000/internal/budget"
)

// NationalRows is about the number of rows of an official national file
// (5.0 M in 2024).
const NationalRows = 5_000_000

// FileName is the name of the official file of an exercice, as published
// in December of the next year ("BalanceSPL_Fonction_2024_Dec2025.csv").
func FileName(year int) string {
	return "BalanceSPL_Fonction_" + strconv.Itoa(year) + "_Dec" + strconv.Itoa(year+1) + ".csv"
}

// YearOptions tune GenerateYear.
type YearOptions struct {
	Year int
	// Rows is about the number of data rows (0: NationalRows). A file
	// smaller than the whole roster needs keeps a stable subset of its
	// bodies (the same every year for a seed), the Anchors always.
	Rows int
	// Seed makes the output reproducible.
	Seed uint64
	// Trace, when not nil, is called for each budget principal of a
	// category a build keeps (DefaultCategories) with its IDENT and the
	// index key a build must resolve it to ("" for a body the index does
	// not have: a commune merged since, a région of before 2016…).
	Trace func(ident, key string)
}

// YearStats says what GenerateYear wrote.
type YearStats struct {
	GenStats
	// Ghosts counts the budgets principaux of kept categories whose body
	// is not in the index; Merged those of them that are communes merged
	// since into a commune nouvelle.
	Ghosts, Merged int
	// Nominal is about the rows the whole roster would take: a file
	// smaller than that keeps a subset of the bodies.
	Nominal int64
}

// yearStyle is how the files of an exercice write things: the quirks of
// the real files.
type yearStyle struct {
	backtick   bool // INSEE and COMPTE cells start with a backtick (`063)
	shortDept  bool // metropolitan NDEPT without its leading zero ("33")
	upperSiren bool // the header says SIREN, not siren
	funcSep    byte // 0, or a '.' or '-' written after a function's first digit
}

func styleOf(year int) yearStyle {
	s := yearStyle{backtick: year <= 2015, shortDept: year <= 2016, upperSiren: year >= 2020}
	switch {
	case year <= 2013:
		s.funcSep = '.'
	case year <= 2015:
		s.funcSep = '-'
	}
	return s
}

// header is the header line of a year's file.
func (s yearStyle) header() string {
	if s.upperSiren {
		return strings.Replace(Header, ";siren;", ";SIREN;", 1)
	}
	return Header
}

// amountCols are the amount columns of Header, in order.
var amountCols = [...]int{colBEDeb, colBECre, colOBNetDeb, colOBNetCre, colONBDeb, colONBCre, colOOBDeb, colOOBCre, colSD, colSC}

// yearTemplate is a template prepared for GenerateYear: its cells in
// ISO-8859-1, the function codes as each style writes them, and the
// amounts in cents.
type yearTemplate struct {
	cells    [][numCols][]byte
	fonction [3][][]byte // plain, dotted, dashed
	compte   [2][][]byte // plain, with a backtick
	amounts  [][len(amountCols)]int64
}

// templatePopulation is the population the templates' amounts are scaled
// from (Bordeaux and Montpellier, about 250,000 inhabitants each in 2019).
const templatePopulation = 250_000

func prepareTemplate(t *Template) (*yearTemplate, error) {
	n := len(t.Rows)
	yt := &yearTemplate{cells: make([][numCols][]byte, n), amounts: make([][len(amountCols)]int64, n)}
	for k := range yt.fonction {
		yt.fonction[k] = make([][]byte, n)
	}
	for k := range yt.compte {
		yt.compte[k] = make([][]byte, n)
	}
	for i, row := range t.Rows {
		for c := range numCols {
			yt.cells[i][c] = appendLatin1(nil, row[c])
		}
		f := row[colFonction]
		yt.fonction[0][i] = []byte(f)
		yt.fonction[1][i] = []byte(f)
		yt.fonction[2][i] = []byte(f)
		if len(f) >= 2 {
			yt.fonction[1][i] = []byte(f[:1] + "." + f[1:])
			yt.fonction[2][i] = []byte(f[:1] + "-" + f[1:])
		}
		yt.compte[0][i] = []byte(row[colCompte])
		yt.compte[1][i] = []byte("`" + row[colCompte])
		for k, c := range amountCols {
			if row[c] == "" {
				continue
			}
			a, err := budget.ParseAmount(row[c])
			if err != nil {
				return nil, fmt.Errorf("template %s, row %d: %w", t.Source, i+1, err)
			}
			yt.amounts[i][k] = int64(a)
		}
	}
	return yt, nil
}

// yearBudget is one budget of a year's file.
type yearBudget struct {
	tpl       *yearTemplate
	n         int
	factor    float64 // amounts are the template's × factor
	functions bool
	sortKey   string
	cells     [numCols][]byte
	set       [numCols]bool
}

// GenerateYear writes a synthetic national balance of opt.Year to w: the
// budgets of the roster's bodies filing that year (budgets principaux and
// annexes), then syndicats and établissements publics (SYND, EPL) up to
// about opt.Rows rows, in the order of the real files (by NDEPT, then
// IDENT). Rows are real rows of the templates, sampled in order, with
// amounts scaled to the body's population; budgets in M14 take the
// template in M14, the others (M57, M52, M71) the other one. The year's
// quirks: before 2016 a backtick before INSEE and COMPTE codes, before
// 2017 NDEPT without its leading zero, function codes with a dot (2012–
// 2013) or a dash (2014–2015) after the first digit, the header's siren in
// lower case before 2020.
func GenerateYear(w io.Writer, r *Roster, templates []*Template, opt YearOptions) (YearStats, error) {
	st := YearStats{GenStats: GenStats{ByCategory: map[string]int{}}}
	if opt.Year < 1900 || opt.Year > 2199 {
		return st, fmt.Errorf("generate: year %d", opt.Year)
	}
	if len(templates) == 0 {
		return st, errors.New("generate: no template")
	}
	if r == nil || len(r.bodies) == 0 {
		return st, errors.New("generate: empty roster")
	}
	rows := opt.Rows
	if rows <= 0 {
		rows = NationalRows
	}
	var m14, m57 *yearTemplate
	for _, t := range templates {
		if len(t.Rows) == 0 || len(t.Rows[0]) != numCols {
			return st, fmt.Errorf("generate: template %s: no rows or not %d columns", t.Source, numCols)
		}
		yt, err := prepareTemplate(t)
		if err != nil {
			return st, fmt.Errorf("generate: %w", err)
		}
		if strings.HasPrefix(strings.ToUpper(t.Rows[0][colNomen]), "M14") {
			m14 = either(m14, yt)
		} else {
			m57 = either(m57, yt)
		}
	}
	m14, m57 = either(m14, m57), either(m57, m14)

	rng := rand.New(rand.NewPCG(opt.Seed, uint64(opt.Year)))
	style := styleOf(opt.Year)
	exer := []byte(strconv.Itoa(opt.Year))
	seed := strconv.FormatUint(opt.Seed, 10)

	// Which bodies: all of them when the file is large enough, else a
	// stable subset (the hash of the body and the seed, not the year),
	// the anchors always, scaled down if even they do not fit.
	var nominal, anchors float64
	for _, b := range r.bodies {
		n := float64(b.minRows+b.maxRows)/2 + float64(b.annexes)*annexRows
		nominal += n
		if b.anchor {
			anchors += n
		}
	}
	keep := min(1, 0.85*float64(rows)/nominal)
	st.Nominal = int64(nominal)
	anchorScale := min(1, 0.4*float64(rows)/anchors)

	var budgets []*yearBudget
	planned := 0
	categs := DefaultCategories()
	for _, b := range r.bodies {
		if !b.in(opt.Year) {
			continue
		}
		scale := 1.0
		if b.anchor {
			scale = anchorScale
		} else if keep < 1 && float64(hash64("keep", seed, b.categ, b.siren)%1_000_000) >= keep*1e6 {
			continue
		}
		nomen := b.nomen(opt.Year)
		tpl := m57
		if nomen == "M14" {
			tpl = m14
		}
		n := b.minRows + rng.IntN(b.maxRows-b.minRows+1)
		n = max(12, int(float64(n)*scale))
		ident := b.siren + b.nic
		yb := newYearBudget(tpl, n, b.functions, b.pop, rng)
		yb.sortKey = b.ndept + ident + "1"
		yb.setCells(style, exer, ident, b, b.name, "1", nomen)
		budgets = append(budgets, yb)
		planned += yb.n
		st.ByCategory[b.categ]++
		if slices.Contains(categs, b.categ) {
			if b.key == "" {
				st.Ghosts++
				if b.categ == "Commune" {
					st.Merged++
				}
			}
			if opt.Trace != nil {
				opt.Trace(ident, b.key)
			}
		}
		for a := range b.annexes {
			kind := annexKinds[(int(hash64("annex", b.siren)%7)+a)%len(annexKinds)]
			ident := b.siren + fmt.Sprintf("%05d", 30+a*7)
			an := max(12, int(float64(15+rng.IntN(2*annexRows-29))*scale))
			ab := newYearBudget(tpl, an, b.functions, b.pop/10, rng)
			cbudg := "3"
			if a%2 == 1 {
				cbudg = "2"
			}
			ab.sortKey = b.ndept + ident + cbudg
			ab.setCells(style, exer, ident, b, b.name+" - "+kind, cbudg, nomen)
			budgets = append(budgets, ab)
			planned += ab.n
			st.ByCategory[b.categ]++
			st.Annexes++
		}
	}
	// Syndicats and établissements publics up to the rows asked for, at
	// least one of each and 5 % of the rows.
	target := max(rows, planned+rows/20)
	for k := 0; planned < target; k++ {
		s := &body{categ: "SYND", ctype: "301", insee: "000", pop: int64(2000 + rng.IntN(50_000))}
		prefix := "25"
		s.name = "SIVOM DE LA REGION DE " + strings.ToUpper(places[rng.IntN(len(places))])
		if k == 1 || k > 1 && rng.IntN(10) < 3 {
			s.categ, s.ctype, prefix = "EPL", "501", "26"
			s.name = "CCAS DE " + strings.ToUpper(places[rng.IntN(len(places))])
		}
		s.siren = sirenCheck(prefix + fmt.Sprintf("%06d", k))
		dept := departements[rng.IntN(len(departements))]
		s.ndept, s.cregi = ndeptOf(dept), "0"+strconv.Itoa(11+rng.IntN(83))
		n := max(1, min(10+rng.IntN(141), target-planned))
		nomen := "M14"
		tpl := m14
		if opt.Year >= 2024 || rng.IntN(4) == 0 {
			nomen, tpl = "M57", m57
		}
		ident := s.siren + "00013"
		yb := newYearBudget(tpl, n, false, s.pop, rng)
		yb.sortKey = s.ndept + ident + "1"
		yb.setCells(style, exer, ident, s, s.name, "1", nomen)
		budgets = append(budgets, yb)
		planned += n
		st.ByCategory[s.categ]++
	}
	slices.SortStableFunc(budgets, func(a, b *yearBudget) int { return strings.Compare(a.sortKey, b.sortKey) })

	cw := &countWriter{w: w}
	bw := bufio.NewWriterSize(cw, 1<<20)
	if _, err := bw.WriteString(style.header() + "\n"); err != nil {
		return st, err
	}
	var (
		buf  []byte
		pick []int
		used []bool
	)
	for _, yb := range budgets {
		pick, used = yb.sample(rng, pick[:0], used)
		for _, i := range pick {
			buf = yb.appendRow(buf[:0], style, i)
			if _, err := bw.Write(buf); err != nil {
				return st, err
			}
		}
		st.Rows += int64(len(pick))
		st.Budgets++
	}
	if err := bw.Flush(); err != nil {
		return st, err
	}
	st.Bytes = cw.n
	return st, nil
}

// GenerateYearZip writes what GenerateYear writes as the single file entry
// of a zip, as the official download.
func GenerateYearZip(w io.Writer, entry string, r *Roster, templates []*Template, opt YearOptions) (YearStats, error) {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(out, flate.BestSpeed)
	})
	ew, err := zw.CreateHeader(&zip.FileHeader{Name: entry, Method: zip.Deflate,
		Modified: time.Date(opt.Year+1, 12, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		return YearStats{}, fmt.Errorf("generate: %w", err)
	}
	st, err := GenerateYear(ew, r, templates, opt)
	if err != nil {
		return st, err
	}
	if err := zw.Close(); err != nil {
		return st, fmt.Errorf("generate: %w", err)
	}
	return st, nil
}

func either(a, b *yearTemplate) *yearTemplate {
	if a != nil {
		return a
	}
	return b
}

var annexKinds = []string{"EAU", "ASSAINISSEMENT", "TRANSPORTS", "LOTISSEMENT DES PRÉS", "CAMPING", "ZAC DU CENTRE", "PORT DE PLAISANCE"}

var places = []string{
	"Saint-Étienne-du-Bois", "Béziers-sur-Orb", "Château-Thierry", "Île-d'Arz", "Montélimar", "Pont-à-Mousson",
	"Nogent-sur-Marne", "Sète", "La Roche-sur-Yon", "Créteil", "Orléans", "Guérande", "Forêt-Sainte-Croix",
}

var departements = []string{"01", "13", "2A", "2B", "33", "35", "59", "69", "75", "93", "971", "972", "973", "974", "976"}

func newYearBudget(tpl *yearTemplate, n int, functions bool, pop int64, rng *rand.Rand) *yearBudget {
	total := len(tpl.cells)
	n = min(max(n, 1), total)
	// Amounts scaled to the population, and up by the share of rows
	// left out, so that spending per inhabitant stays about the
	// template's; ±15 %.
	f := float64(max(pop, 50)) / templatePopulation * float64(total) / float64(n) * (0.85 + 0.3*rng.Float64())
	return &yearBudget{tpl: tpl, n: n, factor: f, functions: functions}
}

// setCells sets the cells that identify the budget.
func (yb *yearBudget) setCells(style yearStyle, exer []byte, ident string, b *body, name, cbudg, nomen string) {
	ndept := b.ndept
	if style.shortDept && len(ndept) == 3 && ndept[0] == '0' {
		ndept = ndept[1:]
	}
	insee := b.insee
	if style.backtick {
		insee = "`" + insee
	}
	set := func(c int, v []byte) { yb.cells[c], yb.set[c] = v, true }
	set(colExer, exer)
	set(colIdent, []byte(ident))
	set(colNDept, []byte(ndept))
	set(colLBudg, appendLatin1(nil, name))
	set(colInsee, []byte(insee))
	set(colCBudg, []byte(cbudg))
	set(colCType, []byte(b.ctype))
	set(colNomen, []byte(nomen))
	set(colSiren, []byte(b.siren))
	set(colCRegi, []byte(b.cregi))
	set(colCateg, []byte(b.categ))
}

// sample picks yb.n rows of the template, in order.
func (yb *yearBudget) sample(rng *rand.Rand, pick []int, used []bool) ([]int, []bool) {
	total := len(yb.tpl.cells)
	if yb.n*8 >= total {
		for i := range total {
			if rng.IntN(total-i) < yb.n-len(pick) {
				pick = append(pick, i)
			}
		}
		return pick, used
	}
	if len(used) < total {
		used = make([]bool, total)
	}
	for len(pick) < yb.n {
		if i := rng.IntN(total); !used[i] {
			used[i] = true
			pick = append(pick, i)
		}
	}
	for _, i := range pick {
		used[i] = false
	}
	slices.Sort(pick)
	return pick, used
}

// appendRow appends row i of yb's template with yb's cells and "\n".
func (yb *yearBudget) appendRow(buf []byte, style yearStyle, i int) []byte {
	t := yb.tpl
	src := &t.cells[i]
	amount := 0
	for c := range numCols {
		if c > 0 {
			buf = append(buf, ';')
		}
		switch {
		case yb.set[c]:
			buf = append(buf, yb.cells[c]...)
		case c == colFonction:
			if yb.functions {
				switch style.funcSep {
				case '.':
					buf = append(buf, t.fonction[1][i]...)
				case '-':
					buf = append(buf, t.fonction[2][i]...)
				default:
					buf = append(buf, t.fonction[0][i]...)
				}
			}
		case c == colCompte:
			if style.backtick {
				buf = append(buf, t.compte[1][i]...)
			} else {
				buf = append(buf, t.compte[0][i]...)
			}
		case amount < len(amountCols) && c == amountCols[amount]:
			if len(src[c]) > 0 {
				buf = appendCents(buf, int64(math.Round(float64(t.amounts[i][amount])*yb.factor)))
			}
			amount++
		default:
			buf = append(buf, src[c]...)
		}
	}
	return append(buf, '\n')
}

// appendCents appends cents with two decimals and a decimal comma.
func appendCents(b []byte, c int64) []byte {
	if c < 0 {
		b = append(b, '-')
		c = -c
	}
	b = strconv.AppendInt(b, c/100, 10)
	return append(b, ',', byte('0'+c%100/10), byte('0'+c%10))
}

// annexRows is the mean size of an annex budget.
const annexRows = 45

// GenVersion changes whenever GenerateYear writes other bytes for the same
// inputs: a file written by another version is not reused.
const GenVersion = 1
