package territory_test

import (
	"testing"

	"github.com/jeu1000/jeu1000/internal/territory"
)

func TestStrateOf(t *testing.T) {
	tests := []struct {
		pop  int64
		code string
	}{
		{-5, "0-499"},
		{0, "0-499"},
		{499, "0-499"},
		{500, "500-1999"},
		{1999, "500-1999"},
		{2000, "2000-3499"},
		{3499, "2000-3499"},
		{3500, "3500-4999"},
		{4999, "3500-4999"},
		{5000, "5000-9999"},
		{9999, "5000-9999"},
		{10000, "10000-19999"},
		{19999, "10000-19999"},
		{20000, "20000-49999"},
		{49999, "20000-49999"},
		{50000, "50000-99999"},
		{99999, "50000-99999"},
		{100000, "100000+"},
		{2_149_216, "100000+"},
	}
	for _, tt := range tests {
		s := territory.StrateOf(tt.pop)
		if s.Code != tt.code {
			t.Errorf("StrateOf(%d) = %s, want %s", tt.pop, s.Code, tt.code)
		}
		if tt.pop >= 0 && !s.Contains(tt.pop) {
			t.Errorf("StrateOf(%d) = %+v does not contain it", tt.pop, s)
		}
		if s.Label == "" {
			t.Errorf("StrateOf(%d): empty label", tt.pop)
		}
	}
}

func TestStratesContiguous(t *testing.T) {
	all := territory.Strates()
	if len(all) != 9 || all[0].Min != 0 || all[len(all)-1].Max != -1 {
		t.Fatalf("Strates() = %+v", all)
	}
	for i := 1; i < len(all); i++ {
		if all[i].Min != all[i-1].Max+1 {
			t.Errorf("gap between %s and %s", all[i-1].Code, all[i].Code)
		}
	}
}
