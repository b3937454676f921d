package reader

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/jeu1000/jeu1000/internal/budget"
)

// Any table of budget lines (CSV, or a sheet of an XLSX or ODS workbook)
// can be read once we know which column holds what: a Mapping. The core
// proposes one (Propose): a preset when the header row is a known layout
// (presets/presets.json: data, not code), else from the headers' words and
// the values' shapes. The page shows it over the first rows, the user
// corrects it, and Read applies it (Options.Mapping).

// Role is what a column holds.
type Role string

// Roles of a column. A table needs an amount (montant or one of the
// TOTEM-like amount roles) and an account (nature) or a function.
const (
	RoleNature       Role = "nature"       // account: 6574, A6574
	RoleFunction     Role = "fonction"     // function (rubrique): 0202, R0202, 930202
	RoleChapter      Role = "chapitre"     // chapter: 011, C926
	RoleSection      Role = "section"      // F/I, fonctionnement/investissement
	RoleDirection    Role = "sens"         // D/R, dépense/recette
	RoleOperation    Role = "operation"    // réel/ordre: 0/1, OR/OE/OI
	RoleAmount       Role = "montant"      // the amount: executed for a CA or CFU, voted otherwise
	RoleExecuted     Role = "realise"      // MtReal
	RoleVoted        Role = "vote"         // MtPrev
	RoleProposed     Role = "propose"      // MtPropNouv
	RoleRARPrev      Role = "rarprec"      // MtRARPrec
	RoleRAR          Role = "rar"          // MtRAR3112
	RoleBudgPrev     Role = "budgprec"     // MtBudgPrec
	RoleCredOuv      Role = "credouv"      // CredOuv
	RoleYear         Role = "annee"        // the year of the row (multi-year tables)
	RoleKind         Role = "document"     // BP, CA, 09…
	RoleNomenclature Role = "nomenclature" // M52, M57…
	RoleLabel        Role = "libelle"      // the line's label
)

// Roles lists every role, in the order the page shows them.
func Roles() []Role {
	return []Role{RoleNature, RoleFunction, RoleChapter, RoleSection, RoleDirection, RoleOperation,
		RoleAmount, RoleExecuted, RoleVoted, RoleProposed, RoleRARPrev, RoleRAR, RoleBudgPrev, RoleCredOuv,
		RoleYear, RoleKind, RoleNomenclature, RoleLabel}
}

// amountRoles maps the amount roles to the field they fill.
var amountRoles = [...]struct {
	role  Role
	field budget.Field
}{
	{RoleExecuted, budget.MtReal},
	{RoleVoted, budget.MtPrev},
	{RoleProposed, budget.MtPropNouv},
	{RoleRARPrev, budget.MtRARPrec},
	{RoleRAR, budget.MtRAR3112},
	{RoleBudgPrev, budget.MtBudgPrec},
	{RoleCredOuv, budget.CredOuv},
}

// Mapping says which column of a table holds what.
type Mapping struct {
	// Preset is the id of the preset it comes from, "" when proposed from
	// headers and values or given by hand.
	Preset string `json:"preset,omitempty"`
	// Header is the 1-based line (sheet row) of the header row.
	Header int `json:"header"`
	// Columns maps a role to its 0-based column.
	Columns map[Role]int `json:"columns"`
	// VotedBy is "nature", "function" or "" (inferred from the codes).
	VotedBy string `json:"votedBy,omitempty"`
	// Kind is the document kind when no column says it: BP, CA, DM, BS,
	// CFU or PROJET (a draft, the default).
	Kind string `json:"kind,omitempty"`
	// Nomenclature when no column says it: M14, M52, M57…
	Nomenclature string `json:"nomenclature,omitempty"`
}

// col returns the column of role r.
func (m *Mapping) col(r Role) (int, bool) {
	c, ok := m.Columns[r]
	return c, ok && c >= 0
}

// hasAmount reports whether some amount column is mapped.
func (m *Mapping) hasAmount() bool {
	if _, ok := m.col(RoleAmount); ok {
		return true
	}
	for _, a := range amountRoles {
		if _, ok := m.col(a.role); ok {
			return true
		}
	}
	return false
}

// Complete reports whether the mapping can read lines: an amount, and an
// account or a function.
func (m *Mapping) Complete() bool {
	_, nature := m.col(RoleNature)
	_, function := m.col(RoleFunction)
	return m.hasAmount() && (nature || function)
}

// ParseMapping reads a mapping given by hand against a header row:
// "nature=Article,fonction=Rubrique fonctionnelle,montant=Montant", a
// column named by its header (compared without case or accents) or by its
// 1-based number ("montant=#9"), nothing to leave a role out
// ("chapitre="); "header=N" gives the header line, "votedBy=function",
// "kind=CA" and "nomenclature=M52" the document's values. It starts from a
// copy of base when base is not nil: the spec then corrects a proposal.
func ParseMapping(spec string, header []string, base *Mapping) (*Mapping, error) {
	m := &Mapping{Columns: map[Role]int{}}
	if base != nil {
		*m = *base
		m.Columns = make(map[Role]int, len(base.Columns))
		for r, c := range base.Columns {
			m.Columns[r] = c
		}
		m.Preset = ""
	}
	known := map[Role]bool{}
	for _, r := range Roles() {
		known[r] = true
	}
	for part := range strings.SplitSeq(spec, ",") {
		if strings.TrimSpace(part) == "" {
			continue
		}
		k, v, ok := strings.Cut(part, "=")
		if !ok {
			return nil, fmt.Errorf("mapping %q: expected role=column", part)
		}
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		switch strings.ToLower(k) {
		case "header":
			n, ok := parseIndex(v)
			if !ok || n < 1 {
				return nil, fmt.Errorf("mapping %q: expected a line number", part)
			}
			m.Header = n
			continue
		case "votedby":
			m.VotedBy = v
			continue
		case "kind":
			m.Kind = strings.ToUpper(v)
			continue
		case "nomenclature":
			m.Nomenclature = v
			continue
		}
		role := Role(fold(k))
		if !known[role] {
			return nil, fmt.Errorf("mapping %q: unknown role %q (known: %v)", part, k, Roles())
		}
		if v == "" {
			delete(m.Columns, role)
			continue
		}
		col := -1
		if n, ok := parseIndex(strings.TrimPrefix(v, "#")); ok && strings.HasPrefix(v, "#") && n >= 1 {
			col = n - 1
		} else {
			for i, h := range header {
				if foldHeader(h) == foldHeader(v) {
					col = i
					break
				}
			}
		}
		if col < 0 {
			return nil, fmt.Errorf("mapping %q: no column %q in the header (%s)", part, v, strings.Join(header, " | "))
		}
		m.Columns[role] = col
	}
	return m, nil
}

//go:embed presets/presets.json
var presetsJSON []byte

// Preset is a known table layout.
type Preset struct {
	ID           string            `json:"id"`
	Label        string            `json:"label"`
	Match        []string          `json:"match"`
	Columns      map[Role][]string `json:"columns"`
	VotedBy      string            `json:"votedBy,omitempty"`
	Kind         string            `json:"kind,omitempty"`
	Nomenclature string            `json:"nomenclature,omitempty"`
}

// Presets returns the known layouts, parsed anew at each call (no shared
// mutable state; the file is small).
func Presets() ([]Preset, error) {
	var f struct {
		Presets []Preset `json:"presets"`
	}
	if err := json.Unmarshal(presetsJSON, &f); err != nil {
		return nil, fmt.Errorf("presets/presets.json: %w", err)
	}
	return f.Presets, nil
}

// apply returns the preset's mapping of a header row, or false when the
// header does not have every column the preset matches on.
func (p *Preset) apply(header []string) (*Mapping, bool) {
	index := make(map[string]int, len(header))
	for i, h := range header {
		if f := foldHeader(h); f != "" {
			if _, dup := index[f]; !dup {
				index[f] = i
			}
		}
	}
	for _, h := range p.Match {
		if _, ok := index[foldHeader(h)]; !ok {
			return nil, false
		}
	}
	m := &Mapping{Preset: p.ID, Columns: map[Role]int{}, VotedBy: p.VotedBy, Kind: p.Kind, Nomenclature: p.Nomenclature}
	for role, names := range p.Columns {
		for _, n := range names {
			if i, ok := index[foldHeader(n)]; ok {
				m.Columns[role] = i
				break
			}
		}
	}
	return m, true
}

// headerWords are the words of headers that say a column's role, most
// specific first. A header equal to a word scores 3, starting with it 2,
// containing it 1.
var headerWords = [...]struct {
	role  Role
	words []string
}{
	{RoleLabel, []string{"libelle", "label", "intitule", "libelle article", "libelle compte"}},
	{RoleNomenclature, []string{"nomenclature", "type nomenclature", "plan de comptes"}},
	{RoleSection, []string{"section", "investissement/fonctionnement", "fonctionnement/investissement", "section budgetaire"}},
	{RoleDirection, []string{"sens", "depense/recette", "recette/depense", "codrd", "d/r", "sens (d/r)"}},
	{RoleOperation, []string{"reel/ordre", "reel/ordre id/ordre diff", "opbudg", "type d'operation", "type operation", "ordre/reel", "mouvement"}},
	{RoleYear, []string{"annee", "exercice", "year", "millesime"}},
	{RoleKind, []string{"type fichier", "type de document", "natdec", "document", "etape budgetaire", "nature du document"}},
	{RoleChapter, []string{"chapitre", "chap", "chapter", "contnat"}},
	{RoleFunction, []string{"fonction", "rubrique", "rubrique fonctionnelle", "code fonction", "function", "fonctionnelle"}},
	{RoleNature, []string{"nature", "article", "compte", "imputation", "code nature", "account", "article budgetaire"}},
	{RoleExecuted, []string{"realise", "realisations", "mandate", "mtreal", "execute"}},
	{RoleVoted, []string{"vote", "prevu", "prevision", "mtprev", "budget vote", "credits votes"}},
	{RoleProposed, []string{"propose", "propositions nouvelles", "mtpropnouv"}},
	{RoleAmount, []string{"montant", "amount", "total", "credits", "somme", "valeur"}},
}

// headerScore scores a folded header against a role's words.
func headerScore(f string, words []string) int {
	best := 0
	for _, w := range words {
		switch {
		case f == w:
			return 3
		case strings.HasPrefix(f, w+" ") || strings.HasPrefix(f, w+"_") || strings.HasPrefix(f, w+"("):
			best = max(best, 2)
		case containsWord(f, w):
			best = max(best, 1)
		}
	}
	return best
}

// containsWord reports whether w occurs in f between word boundaries.
func containsWord(f, w string) bool {
	for i := 0; ; {
		j := strings.Index(f[i:], w)
		if j < 0 {
			return false
		}
		j += i
		before := j == 0 || !isWordByte(f[j-1])
		after := j+len(w) == len(f) || !isWordByte(f[j+len(w)])
		if before && after {
			return true
		}
		i = j + 1
	}
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= 0x80
}

// Confidence says where a role's column comes from.
type Confidence string

// Confidences of a proposal.
const (
	FromPreset Confidence = "preset"
	FromHeader Confidence = "entete"
	FromValues Confidence = "valeurs"
)

// propose builds a mapping from a header row and sample rows.
func propose(header []string, sample [][]string) (*Mapping, map[Role]Confidence) {
	conf := map[Role]Confidence{}
	presets, err := Presets()
	if err == nil {
		for i := range presets {
			if m, ok := presets[i].apply(header); ok {
				for r := range m.Columns {
					conf[r] = FromPreset
				}
				return m, conf
			}
		}
	}
	m := &Mapping{Columns: map[Role]int{}}
	taken := map[int]bool{}
	// Headers: each role takes its best-scoring free column; roles listed
	// first pick first ("Libellé chapitre" is a label, not the chapter).
	for _, hw := range headerWords {
		bestCol, bestScore := -1, 0
		for i, h := range header {
			if taken[i] {
				continue
			}
			if s := headerScore(foldHeader(h), hw.words); s > bestScore {
				bestCol, bestScore = i, s
			}
		}
		if bestCol >= 0 {
			if hw.role == RoleLabel {
				if _, ok := m.Columns[RoleLabel]; ok {
					continue
				}
			}
			m.Columns[hw.role] = bestCol
			conf[hw.role] = FromHeader
			taken[bestCol] = true
		}
	}
	// Values: roles still missing, from the shape of the cells.
	for _, vr := range [...]struct {
		role Role
		kind valueKind
	}{
		{RoleSection, kindSection}, {RoleDirection, kindDirection}, {RoleOperation, kindOperation},
		{RoleYear, kindYear}, {RoleNature, kindNature}, {RoleFunction, kindFunction},
		{RoleChapter, kindChapter}, {RoleAmount, kindAmount},
	} {
		if _, ok := m.Columns[vr.role]; ok {
			continue
		}
		if vr.role == RoleAmount && m.hasAmount() {
			continue
		}
		for i := range header {
			if taken[i] {
				continue
			}
			if columnIs(sample, i, vr.kind) {
				m.Columns[vr.role] = i
				conf[vr.role] = FromValues
				taken[i] = true
				break
			}
		}
	}
	return m, conf
}

// valueKind is a shape of cell values.
type valueKind uint8

const (
	kindSection valueKind = iota
	kindDirection
	kindOperation
	kindYear
	kindNature
	kindFunction
	kindChapter
	kindAmount
)

// columnIs reports whether at least 90 % of the non-empty cells of column c
// (and at least one) have the shape k.
func columnIs(rows [][]string, c int, k valueKind) bool {
	var n, ok int
	for _, row := range rows {
		if c >= len(row) {
			continue
		}
		v := strings.TrimSpace(row[c])
		if v == "" {
			continue
		}
		n++
		if cellIs(v, k) {
			ok++
		}
	}
	return n > 0 && 10*ok >= 9*n
}

func cellIs(v string, k valueKind) bool {
	switch k {
	case kindSection:
		var f sectionField
		return f.UnmarshalCSV(v) == nil
	case kindDirection:
		var f directionField
		return f.UnmarshalCSV(v) == nil
	case kindOperation:
		_, ok := parseOperation(v)
		return ok && !allDigits(v)
	case kindYear:
		_, ok := parseYear(v)
		return ok
	case kindNature:
		c, letter := code(v)
		return allDigits(c) && len(c) >= 3 && len(c) <= 8 && c[0] >= '1' && c[0] <= '7' && (letter == 0 || letter == 'A')
	case kindFunction:
		c, letter := code(v)
		return allDigits(c) && len(c) <= 7 && (letter == 'R' || letter == 'F')
	case kindChapter:
		c, letter := code(v)
		return allDigits(c) && len(c) <= 6 && letter == 'C'
	case kindAmount:
		if _, err := budget.ParseAmount(v); err != nil {
			return false
		}
		return strings.ContainsAny(v, ".,") || len(v) > 6
	}
	return false
}

// code trims a code cell and strips a one-letter prefix followed by a
// digit (C926, R0202, A6574 in the départements' exports), returning the
// letter (upper case, 0 when none).
func code(v string) (string, byte) {
	v = strings.Trim(textCode(v), " \t\u00A0\u202F")
	if len(v) >= 2 && (v[0]|0x20) >= 'a' && (v[0]|0x20) <= 'z' && v[1] >= '0' && v[1] <= '9' {
		return v[1:], v[0] &^ 0x20
	}
	return v, 0
}

// parseOperation reads réel/ordre: 0/1, réel/ordre, OR (opération
// réelle), OE and OI (ordre, externe et interne… as the départements'
// exports write « Ordre id/Ordre diff »).
func parseOperation(v string) (budget.Operation, bool) {
	switch fold(v) {
	case "or", "r":
		return budget.Real, true
	case "oe", "oi", "o", "od":
		return budget.Ordre, true
	}
	var f operationField
	if f.UnmarshalCSV(v) != nil || f == 0 {
		return 0, false
	}
	return budget.Operation(f), true
}

// Shape is the key under which the page remembers a mapping: the folded
// headers of the header row, joined.
func Shape(header []string) string {
	f := make([]string, len(header))
	for i, h := range header {
		f[i] = foldHeader(h)
	}
	return strconv.Itoa(len(header)) + ":" + strings.Join(f, "|")
}

// sortedYears returns the distinct years, increasing.
func sortedYears(set map[int]bool) []int {
	out := make([]int, 0, len(set))
	for y := range set {
		out = append(out, y)
	}
	slices.Sort(out)
	return out
}
