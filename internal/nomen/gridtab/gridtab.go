// Package gridtab reads grid.tsv, the documented table that maps the
// function codes of every nomenclature to the areas of the common comparison
// grids, and renders it as Markdown (GRID.md). Package nomen builds its Grid
// values from it; cmd/gennomen writes the documentation.
//
// The file is tab-separated; lines starting with '#' are comments (the
// leading comment block is the table's documentation); the first field says
// what a row is:
//
//	grid  <id>  <display name>
//	area  <grid id>  <code>  <label>            (display order)
//	map   <norm>  <prefix>  <area of grid 1>  <area of grid 2>…  <note>
//
// A map row gives, for the function codes of a norm that start with prefix,
// one area per grid in the order the grids are declared; the longest prefix
// wins. An empty cell (or "-") inherits the area of the next shorter prefix.
package gridtab

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
)

// Table is the parsed grid.tsv.
type Table struct {
	Header []string // the leading comment block, one line each, without "# "
	Grids  []Grid
	Rules  []Rule // in file order
}

// Grid is one comparison grid and its areas in display order.
type Grid struct {
	ID, Name string
	Areas    []Area
}

// Area is one area of a grid.
type Area struct {
	Code, Label string
}

// Rule maps the function codes of a norm starting with Prefix.
type Rule struct {
	Norm, Prefix string
	Areas        []string // one per grid (Table.Grids order); "" inherits from a shorter prefix
	Note         string
	Line         int
}

// Parse reads and checks a grid table: known grids and areas, digit-only
// prefixes, no repeated (norm, prefix), and no cell that inherits from
// nothing.
func Parse(data []byte) (*Table, error) {
	t := &Table{}
	inHeader := true
	gridAt := map[string]int{}
	areaAt := map[string]map[string]bool{}
	type key struct{ norm, prefix string }
	seen := map[key]int{}
	for n, line := range strings.Split(string(data), "\n") {
		ln := n + 1
		line = strings.TrimRight(line, "\r")
		if strings.HasPrefix(line, "#") {
			if inHeader {
				t.Header = append(t.Header, strings.TrimPrefix(strings.TrimPrefix(line, "#"), " "))
			}
			continue
		}
		if strings.TrimSpace(line) == "" {
			if inHeader && len(t.Header) > 0 {
				inHeader = false
			}
			continue
		}
		inHeader = false
		f := strings.Split(line, "\t")
		for i := range f {
			f[i] = strings.TrimSpace(f[i])
		}
		switch f[0] {
		case "grid":
			if len(f) != 3 || f[1] == "" || f[2] == "" {
				return nil, fmt.Errorf("grid.tsv:%d: want grid<TAB>id<TAB>name", ln)
			}
			if len(t.Rules) > 0 {
				return nil, fmt.Errorf("grid.tsv:%d: grids must be declared before map rows", ln)
			}
			if _, dup := gridAt[f[1]]; dup {
				return nil, fmt.Errorf("grid.tsv:%d: grid %s declared twice", ln, f[1])
			}
			gridAt[f[1]] = len(t.Grids)
			areaAt[f[1]] = map[string]bool{}
			t.Grids = append(t.Grids, Grid{ID: f[1], Name: f[2]})
		case "area":
			if len(f) != 4 || f[2] == "" || f[3] == "" {
				return nil, fmt.Errorf("grid.tsv:%d: want area<TAB>grid<TAB>code<TAB>label", ln)
			}
			g, ok := gridAt[f[1]]
			if !ok {
				return nil, fmt.Errorf("grid.tsv:%d: unknown grid %q", ln, f[1])
			}
			if areaAt[f[1]][f[2]] {
				return nil, fmt.Errorf("grid.tsv:%d: area %s repeated in grid %s", ln, f[2], f[1])
			}
			areaAt[f[1]][f[2]] = true
			t.Grids[g].Areas = append(t.Grids[g].Areas, Area{Code: f[2], Label: f[3]})
		case "map":
			ng := len(t.Grids)
			if len(f) != 3+ng && len(f) != 4+ng {
				return nil, fmt.Errorf("grid.tsv:%d: want map<TAB>norm<TAB>prefix then %d areas and a note", ln, ng)
			}
			r := Rule{Norm: f[1], Prefix: f[2], Areas: make([]string, ng), Line: ln}
			if len(f) == 4+ng {
				r.Note = f[3+ng]
			}
			if r.Norm == "" || r.Norm != strings.ToUpper(r.Norm) {
				return nil, fmt.Errorf("grid.tsv:%d: norm %q must be upper case", ln, r.Norm)
			}
			if r.Prefix == "" || strings.Trim(r.Prefix, "0123456789") != "" {
				return nil, fmt.Errorf("grid.tsv:%d: prefix %q must be digits", ln, r.Prefix)
			}
			k := key{r.Norm, r.Prefix}
			if prev, dup := seen[k]; dup {
				return nil, fmt.Errorf("grid.tsv:%d: %s %s already mapped on line %d", ln, r.Norm, r.Prefix, prev)
			}
			seen[k] = ln
			for g := 0; g < ng; g++ {
				a := f[3+g]
				if a == "-" {
					a = ""
				}
				if a != "" && !areaAt[t.Grids[g].ID][a] {
					return nil, fmt.Errorf("grid.tsv:%d: %q is not an area of grid %s", ln, a, t.Grids[g].ID)
				}
				r.Areas[g] = a
			}
			t.Rules = append(t.Rules, r)
		default:
			return nil, fmt.Errorf("grid.tsv:%d: unknown row kind %q", ln, f[0])
		}
	}
	if len(t.Grids) == 0 {
		return nil, fmt.Errorf("grid.tsv: no grid declared")
	}
	for _, g := range t.Grids {
		if len(g.Areas) == 0 {
			return nil, fmt.Errorf("grid.tsv: grid %s has no area", g.ID)
		}
	}
	for _, r := range t.Rules {
		for g := range t.Grids {
			if t.Resolve(r.Norm, r.Prefix, g) == "" {
				return nil, fmt.Errorf("grid.tsv:%d: %s %s has no %s area, not even from a shorter prefix", r.Line, r.Norm, r.Prefix, t.Grids[g].ID)
			}
		}
	}
	return t, nil
}

// Resolve returns the area code of grid number g for a function code of a
// norm: that of the longest prefix whose cell is not empty ("" if none).
func (t *Table) Resolve(norm, code string, g int) string {
	best, bestLen := "", 0
	for _, r := range t.Rules {
		if r.Norm == norm && len(r.Prefix) > bestLen && strings.HasPrefix(code, r.Prefix) && r.Areas[g] != "" {
			best, bestLen = r.Areas[g], len(r.Prefix)
		}
	}
	return best
}

// Markdown renders the table as a Markdown document: the header block, the
// grids and their areas, and one table of every mapping row with the
// official label of its prefix (given by label; "" when unknown).
func (t *Table) Markdown(label func(norm, code string) string) []byte {
	var b bytes.Buffer
	b.WriteString("<!-- Generated from grid.tsv by `go generate ./internal/nomen` (gennomen -grid-doc). Do not edit. -->\n\n")
	b.WriteString("# Common grids of function codes\n\n")
	for _, h := range t.Header {
		b.WriteString(h)
		b.WriteByte('\n')
	}
	b.WriteString("\n## Grids\n\n")
	for _, g := range t.Grids {
		fmt.Fprintf(&b, "- **%s** (`%s`): ", md(g.Name), g.ID)
		for i, a := range g.Areas {
			if i > 0 {
				b.WriteString(" · ")
			}
			fmt.Fprintf(&b, "`%s` %s", a.Code, md(a.Label))
		}
		b.WriteString("\n")
	}
	b.WriteString("\n## Mapping\n\n")
	b.WriteString("Longest prefix wins; ↑ means inherited from the shorter prefix above.\n\n")
	b.WriteString("| Norm | Prefix | Official label |")
	for _, g := range t.Grids {
		fmt.Fprintf(&b, " %s |", g.ID)
	}
	b.WriteString(" Note |\n|---|---|---|")
	for range t.Grids {
		b.WriteString("---|")
	}
	b.WriteString("---|\n")
	rules := append([]Rule(nil), t.Rules...)
	sort.SliceStable(rules, func(i, j int) bool {
		if rules[i].Norm != rules[j].Norm {
			return rules[i].Norm < rules[j].Norm
		}
		return rules[i].Prefix < rules[j].Prefix
	})
	for _, r := range rules {
		fmt.Fprintf(&b, "| %s | `%s` | %s |", r.Norm, r.Prefix, md(label(r.Norm, r.Prefix)))
		for g := range t.Grids {
			if r.Areas[g] == "" {
				fmt.Fprintf(&b, " ↑ %s |", t.Resolve(r.Norm, r.Prefix, g))
			} else {
				fmt.Fprintf(&b, " **%s** |", r.Areas[g])
			}
		}
		fmt.Fprintf(&b, " %s |\n", md(r.Note))
	}
	return b.Bytes()
}

func md(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
