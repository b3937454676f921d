package calc

import (
	"testing"

	"github.com/jeu1000/jeu1000/internal/budget"
)

func TestStripFunction(t *testing.T) {
	tests := []struct {
		norm, code string
		byFunction bool
		want       string
	}{
		// voted by nature: codes are functions, 9x included
		{"M14", "212", false, "212"},
		{"M14", " 2.12 ", false, "212"},
		{"M14", "90", false, "90"},
		{"M14", "95", false, "95"},
		{"M52", "93", false, "93"},
		{"M57", "01", false, "01"},
		{"M57", "4-221", false, "4221"},
		// voted by function: chapter prefixes removed
		{"M57", "93020", true, "020"},
		{"M57", "90822", true, "822"},
		{"M57", "904221", true, "4221"},
		{"M57", "9301", true, "01"},
		{"M57", "922", true, "01"},
		{"M57", "943", true, "01"},
		{"M57", "951", true, "01"},
		{"M52", "9121", true, "21"},
		{"M52", "9350", true, "50"},
		{"M14", "92212", true, "212"},
		{"M14", "90822", true, "822"},
		{"M14", "931", true, "01"},
		{"M14", "911", true, "01"},
		// not a 9x code in a budget voted by function
		{"M57", "020", true, "020"},
		{"M57", "", true, ""},
	}
	for _, tt := range tests {
		if got := StripFunction(tt.norm, tt.code, tt.byFunction); got != tt.want {
			t.Errorf("StripFunction(%q, %q, %v) = %q, want %q", tt.norm, tt.code, tt.byFunction, got, tt.want)
		}
	}
}

func TestInferVotedByFunction(t *testing.T) {
	lines := func(codes ...string) []budget.Line {
		out := make([]budget.Line, len(codes))
		for i, c := range codes {
			out[i].Function = c
		}
		return out
	}
	tests := []struct {
		name  string
		norm  string
		lines []budget.Line
		want  bool
	}{
		{"plain codes", "M14", lines("020", "212", "90", "01"), false},
		{"most prefixed", "M57", lines("93020", "90822", "9301", "020"), true},
		{"action économique codes stay functions", "M14", lines("90", "91", "95", "212"), false},
		{"half is not most", "M57", lines("93020", "020"), false},
		{"no codes", "M57", lines("", ""), false},
	}
	for _, tt := range tests {
		if got := InferVotedByFunction(tt.norm, tt.lines); got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
}
