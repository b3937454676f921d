package gridtab

import (
	"strings"
	"testing"
)

const sample = `# A sample grid.
# Second line.

grid	a	Grid A
grid	b	Grid B
area	a	X	Area X
area	a	Y	Area Y
area	b	P	Area P
# M14 rows
map	M14	0	X	P	root
map	M14	01	Y	-	with a | pipe
map	M14	012	-	-	
`

func TestParse(t *testing.T) {
	tab, err := Parse([]byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(tab.Header, "/") != "A sample grid./Second line." {
		t.Errorf("header %q", tab.Header)
	}
	if len(tab.Grids) != 2 || len(tab.Grids[0].Areas) != 2 || tab.Grids[1].Name != "Grid B" {
		t.Errorf("grids %+v", tab.Grids)
	}
	if len(tab.Rules) != 3 || tab.Rules[1].Note != "with a | pipe" || tab.Rules[1].Areas[1] != "" || tab.Rules[2].Line != 12 {
		t.Errorf("rules %+v", tab.Rules)
	}
	for _, tt := range []struct {
		code string
		g    int
		want string
	}{{"0", 0, "X"}, {"012", 0, "Y"}, {"0129", 1, "P"}, {"1", 0, ""}} {
		if got := tab.Resolve("M14", tt.code, tt.g); got != tt.want {
			t.Errorf("Resolve(%s, %d) = %q, want %q", tt.code, tt.g, got, tt.want)
		}
	}
	md := string(tab.Markdown(func(norm, code string) string { return "label " + code }))
	for _, want := range []string{"A sample grid.", "**Grid A** (`a`): `X` Area X · `Y` Area Y", "| M14 | `01` | label 01 | **Y** | ↑ P | with a \\| pipe |", "| M14 | `012` | label 012 | ↑ Y | ↑ P |  |"} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
}

func TestParseErrors(t *testing.T) {
	head := "grid\ta\tA\narea\ta\tX\tArea X\n"
	for name, doc := range map[string]string{
		"no grid":         "map\tM14\t0\n",
		"unknown kind":    head + "row\tx\n",
		"unknown area":    head + "map\tM14\t0\tZ\t\n",
		"unknown grid":    head + "area\tq\tX\tx\n",
		"dup area":        head + "area\ta\tX\tAgain\n",
		"dup grid":        head + "grid\ta\tAgain\n",
		"grid after map":  head + "map\tM14\t0\tX\t\ngrid\tb\tB\n",
		"dup prefix":      head + "map\tM14\t0\tX\t\nmap\tM14\t0\tX\t\n",
		"bad prefix":      head + "map\tM14\t0a\tX\t\n",
		"lower norm":      head + "map\tm14\t0\tX\t\n",
		"inherit nothing": head + "map\tM14\t01\t-\t\n",
		"columns":         head + "map\tM14\t0\n",
		"empty grid":      "grid\ta\tA\n",
	} {
		if _, err := Parse([]byte(doc)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
