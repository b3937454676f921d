package budget

import (
	"errors"
	"strings"
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
		{"1000000000000", MaxAmount, false},
		{"-1 000 000 000 000,00", -MaxAmount, false},
		{"1000000000000.01", 0, true},           // over MaxAmount (issue 14.1)
		{"90000000000000000", 0, true},          // the template of issue 14.1
		{"92233720368547", 0, true},             // two of them overflowed a sum
		{"99999999999999999999999999", 0, true}, // digits go on after the limit
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

// Issue 14.1: amounts beyond what any French authority could spend are
// refused, with an error that says so.
func TestParseAmountTooLarge(t *testing.T) {
	for _, in := range []string{"90000000000000000", "1000000000000.01", "-1000000000000.01", "92233720368547758.07"} {
		_, err := ParseAmount(in)
		if !errors.Is(err, ErrTooLarge) || !errors.Is(err, ErrAmount) {
			t.Errorf("ParseAmount(%q) error %v, want ErrTooLarge and ErrAmount", in, err)
		}
	}
	if err := CheckAmount("total", MaxAmount); err != nil {
		t.Errorf("CheckAmount(MaxAmount) = %v", err)
	}
	if err := CheckAmount("total", -MaxAmount-1); !errors.Is(err, ErrTooLarge) {
		t.Errorf("CheckAmount(-MaxAmount-1) = %v, want ErrTooLarge", err)
	}
}

// Issue 14.10: an error quotes an excerpt of the value, never all of it
// (a 100 MB amount gave a 100 MB message).
func TestParseAmountErrorExcerpt(t *testing.T) {
	for _, in := range []string{strings.Repeat("1", 1<<20), strings.Repeat("x", 1<<20), "1" + strings.Repeat("é", 1<<19)} {
		_, err := ParseAmount(in)
		if err == nil {
			t.Fatalf("ParseAmount(%.20q…) accepted", in)
		}
		if n := len(err.Error()); n > 200 {
			t.Errorf("ParseAmount(%.20q…): %d-byte error %.100q", in, n, err)
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
	for _, s := range []string{"1234.56", "1 234,56", "-0.005", "", "1e3", "\u00a0", "90000000000000000", "1000000000000.005"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := ParseAmount(s)
		if err != nil {
			if len(err.Error()) > 200 {
				t.Fatalf("%d-byte error for a %d-byte input", len(err.Error()), len(s))
			}
			return
		}
		if a > MaxAmount || a < -MaxAmount {
			t.Fatalf("%q → %v, beyond MaxAmount", s, a)
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
