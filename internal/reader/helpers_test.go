package reader

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/jeu1000/jeu1000/internal/budget"
)

// lineSummary renders a line compactly for table tests:
// "D0F 6042/212 ch=011 MtReal=12.50 @2" (direction, operation, section,
// nature/function, chapter, amounts given, position).
func lineSummary(l budget.Line) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%c%c%s %s/%s", l.Direction, l.Operation, l.Section, l.Nature, l.Function)
	if l.ContNat != "" {
		fmt.Fprintf(&b, " ch=%s", l.ContNat)
	}
	for f := budget.Field(0); f < budget.NumFields; f++ {
		if a, ok := l.Amount(f); ok {
			fmt.Fprintf(&b, " %s=%s", f, a)
		}
	}
	fmt.Fprintf(&b, " @%d", l.Pos)
	return b.String()
}

func summaries(doc *budget.Document) []string {
	out := make([]string, len(doc.Lines))
	for i, l := range doc.Lines {
		out[i] = lineSummary(l)
	}
	return out
}

// toLatin1 encodes s (whose runes are all below U+0100) as ISO-8859-1.
func toLatin1(s string) []byte {
	out := make([]byte, 0, len(s))
	for _, r := range s {
		if r >= 0x100 {
			panic(fmt.Sprintf("toLatin1: %q is not in ISO-8859-1", r))
		}
		out = append(out, byte(r))
	}
	return out
}

// wantError checks that err is an *Error at line with field and expected.
func wantError(t *testing.T, err error, line int, field, expected string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want line %d field %q expected %q", line, field, expected)
	}
	e, ok := AsError(err)
	if !ok {
		t.Fatalf("error %v (%T) is not an *Error", err, err)
	}
	if e.Line != line || e.Field != field || e.Expected != expected {
		t.Fatalf("error %q: got line %d field %q expected %q, want line %d field %q expected %q",
			err, e.Line, e.Field, e.Expected, line, field, expected)
	}
	if e.File == "" {
		t.Errorf("error %q names no file", err)
	}
	if fr := e.French(); fr == "" || !utf8.ValidString(fr) {
		t.Errorf("bad French rendering %q", fr)
	}
	if _, ok := frenchExpected[e.Expected]; e.Expected != "" && !ok {
		t.Errorf("expected value %q has no French rendering", e.Expected)
	}
}

// checkSane verifies what every successful read must give: lines within the
// file, valid enums, digit codes. It is used by the fuzz tests.
func checkSane(t *testing.T, data []byte, doc *budget.Document) {
	t.Helper()
	if doc == nil {
		t.Fatal("nil document without error")
	}
	nlines := strings.Count(string(data), "\n") + 1
	for i, l := range doc.Lines {
		if l.Pos < 1 || l.Pos > nlines {
			t.Fatalf("line %d: Pos %d outside 1..%d", i, l.Pos, nlines)
		}
		if i > 0 && l.Pos <= doc.Lines[i-1].Pos && doc.Format != budget.FormatBalanceJSON {
			t.Fatalf("line %d: Pos %d not after %d", i, l.Pos, doc.Lines[i-1].Pos)
		}
		if l.Direction != budget.Expense && l.Direction != budget.Revenue {
			t.Fatalf("line %d: direction %q", i, l.Direction)
		}
		if l.Operation != budget.Real && l.Operation != budget.Ordre {
			t.Fatalf("line %d: operation %q", i, l.Operation)
		}
		switch l.Section {
		case budget.SectionUnknown, budget.Fonctionnement, budget.Investissement:
		default:
			t.Fatalf("line %d: section %q", i, l.Section)
		}
		if l.Nature != "" && !allDigits(l.Nature) {
			t.Fatalf("line %d: nature %q", i, l.Nature)
		}
		if l.Function != "" && !allDigits(l.Function) {
			t.Fatalf("line %d: function %q", i, l.Function)
		}
		if l.Present == 0 && doc.Format != budget.FormatSCDL && doc.Format != budget.FormatTOTEM {
			t.Fatalf("line %d: no amount", i)
		}
		if !utf8.ValidString(l.Label) || !utf8.ValidString(l.FunctionLabel) {
			t.Fatalf("line %d: label not UTF-8", i)
		}
	}
	if !utf8.ValidString(doc.Authority.Name) {
		t.Fatalf("authority name not UTF-8: %q", doc.Authority.Name)
	}
}

// noInternal fails when err reports a panic.
func noInternal(t *testing.T, err error) {
	t.Helper()
	if errors.Is(err, ErrInternal) {
		t.Fatalf("reader panicked: %v", err)
	}
}
