package budget

import (
	"errors"
	"testing"
)

func TestParseAmount(t *testing.T) {
	tests := []struct {
		in   string
		want Amount
		err  bool
	}{
		{"1234.56", 123456, false},
		{"1234,56", 123456, false},
		{"-12.5", -1250, false},
		{"+3", 300, false},
		{"0", 0, false},
		{"0.00", 0, false},
		{".5", 50, false},
		{"1 234,56", 123456, false},
		{"1\u00a0234,56", 123456, false},
		{"1\u202f234,56", 123456, false},
		{" 42 ", 4200, false},
		{"80218149.05999994", 8021814906, false}, // float noise rounds to the cent
		{"0.004", 0, false},
		{"0.005", 1, false},
		{"-0.005", -1, false},
		{"92233720368547758.07", 0, true}, // beyond int64 cents
		{"", 0, true},
		{"-", 0, true},
		{"12a", 0, true},
		{"1.2.3", 0, true},
		{"1,234.56", 0, true}, // two separators: ambiguous
		{"1.5e3", 0, true},
		{"--1", 0, true},
	}
	for _, tt := range tests {
		got, err := ParseAmount(tt.in)
		if tt.err {
			if !errors.Is(err, ErrAmount) {
				t.Errorf("ParseAmount(%q) = %v, %v; want ErrAmount", tt.in, got, err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseAmount(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func TestAmountString(t *testing.T) {
	for a, want := range map[Amount]string{0: "0.00", 5: "0.05", -5: "-0.05", 123456: "1234.56", -100: "-1.00"} {
		if got := a.String(); got != want {
			t.Errorf("Amount(%d).String() = %q, want %q", int64(a), got, want)
		}
	}
}

func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"1234.56", "1 234,56", "-0.005", "", "1e3", "\u00a0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := ParseAmount(s)
		if err != nil {
			return
		}
		// A parsed amount prints as a canonical amount that parses back to itself.
		b, err := ParseAmount(a.String())
		if err != nil || b != a {
			t.Fatalf("%q → %v → %q → %v, %v", s, a, a.String(), b, err)
		}
	})
}

func TestKindFromNatDec(t *testing.T) {
	for natDec, want := range map[string]Kind{"01": KindBP, "02": KindDM, "03": KindBS, "09": KindCA, "10": KindCFU, "99": KindUnknown, "": KindUnknown} {
		if got := KindFromNatDec(natDec); got != want {
			t.Errorf("KindFromNatDec(%q) = %q, want %q", natDec, got, want)
		}
	}
}
