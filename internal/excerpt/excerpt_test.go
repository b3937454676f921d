package excerpt

import (
	"strings"
	"testing"
)

func TestOf(t *testing.T) {
	long := strings.Repeat("é", 100<<10) // 200 KB
	tests := []struct {
		name, in, want, wantQuote string
	}{
		{"short", "12a", "12a", `"12a"`},
		{"empty", "", "", `""`},
		{"exactly Max", strings.Repeat("1", Max), strings.Repeat("1", Max), `"` + strings.Repeat("1", Max) + `"`},
		{"long ASCII", strings.Repeat("1", 100<<20), strings.Repeat("1", Max) + "…", `"` + strings.Repeat("1", Max) + `"…`},
		{"cut on a rune", long, strings.Repeat("é", Max/2) + "…", `"` + strings.Repeat("é", Max/2) + `"…`},
		{"invalid UTF-8", "a\xffb", "a\uFFFDb", `"a\xffb"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Of(tt.in); got != tt.want {
				t.Errorf("Of = %.80q, want %.80q", got, tt.want)
			}
			if got := Quote(tt.in); got != tt.wantQuote {
				t.Errorf("Quote = %.80q, want %.80q", got, tt.wantQuote)
			}
		})
	}
}
