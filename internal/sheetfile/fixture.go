package sheetfile

import (
	"strings"

	"github.com/jeu1000/jeu1000/internal/budget"
)

// Fixture lays a table (header then rows, as read from a CSV) out the way
// people keep budgets in spreadsheets, to test the readers on every shape
// a real workbook has: a title merged over the columns above the header,
// amounts (column amountCol) alternately as numbers and as text with
// French formatting (« 1 234,56 », with a space or a no-break space), and a
// total row under the table whose formula carries its computed value.
func Fixture(title string, records [][]string, amountCol int) Sheet {
	width := 0
	for _, r := range records {
		width = max(width, len(r))
	}
	s := Sheet{Name: "Budget"}
	titleRow := make([]Cell, width)
	titleRow[0] = Text(title)
	s.Rows = append(s.Rows, titleRow)
	s.Merges = append(s.Merges, Range{0, 0, 0, width - 1})
	var total budget.Amount
	for i, rec := range records {
		row := make([]Cell, width)
		for c, v := range rec {
			if strings.TrimSpace(v) == "" {
				continue // the padding some exports add after the last column
			}
			row[c] = Text(v)
			if i == 0 || c != amountCol {
				continue
			}
			a, err := budget.ParseAmount(v)
			if err != nil {
				continue
			}
			total += a
			if i%2 == 0 {
				row[c] = Number(a.Decimal().String())
			} else {
				row[c] = Text(French(a, i%4 == 1))
			}
		}
		s.Rows = append(s.Rows, row)
	}
	last := make([]Cell, width)
	last[0] = Text("Total")
	first, end := Ref(2, amountCol), Ref(len(records), amountCol)
	last[amountCol] = Cell{Value: total.Decimal().String(), Number: true, Formula: "SUM(" + first + ":" + end + ")"}
	s.Rows = append(s.Rows, last)
	return s
}

// French writes an amount as French spreadsheets show it: thousands
// grouped by a space (a no-break space when nbsp), decimal comma.
func French(a budget.Amount, nbsp bool) string {
	s := a.String() // "-1234567.89"
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	units, cents, _ := strings.Cut(s, ".")
	sep := " "
	if nbsp {
		sep = "\u00A0"
	}
	var b strings.Builder
	for i, d := range units {
		if i > 0 && (len(units)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(d)
	}
	out := b.String() + "," + cents
	if neg {
		out = "-" + out
	}
	return out
}
