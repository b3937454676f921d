package calc

import (
	"testing"

	"github.com/shopspring/decimal"

	"github.com/jeu1000/jeu1000/internal/budget"
)

func TestShares(t *testing.T) {
	tests := []struct {
		name  string
		parts []budget.Amount
		want  []string
	}{
		{"one part", []budget.Amount{12345}, []string{"1000.00"}},
		{"thirds: the extra cent goes to the first of equals", []budget.Amount{1, 1, 1}, []string{"333.34", "333.33", "333.33"}},
		{"halves", []budget.Amount{50, 50}, []string{"500.00", "500.00"}},
		{"largest remainder, not largest part", []budget.Amount{1, 2, 3, 4, 5, 6, 7}, []string{"35.71", "71.43", "107.14", "142.86", "178.57", "214.29", "250.00"}},
		{"tie on remainder: larger part first", []budget.Amount{2, 1, 1, 2}, []string{"333.33", "166.67", "166.67", "333.33"}},
		{"negative part (a refund larger than spending)", []budget.Amount{-100, 400, 1}, []string{"-332.22", "1328.90", "3.32"}},
		{"zero part", []budget.Amount{0, 7}, []string{"0.00", "1000.00"}},
		{"huge amounts do not overflow", []budget.Amount{9e15, 9e15, 1e15}, []string{"473.69", "473.68", "52.63"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var total budget.Amount
			for _, p := range tt.parts {
				total += p
			}
			got := Shares(tt.parts, total)
			sum := decimal.Zero
			for i := range got {
				if got[i].StringFixed(2) != tt.want[i] {
					t.Errorf("part %d: got %s, want %s", i, got[i].StringFixed(2), tt.want[i])
				}
				sum = sum.Add(got[i])
			}
			if sum.StringFixed(2) != "1000.00" {
				t.Errorf("sum %s, want 1000.00", sum.StringFixed(2))
			}
		})
	}
}

func TestSharesNoTotal(t *testing.T) {
	got := Shares([]budget.Amount{5, -5}, 0)
	for _, d := range got {
		if !d.IsZero() {
			t.Fatalf("got %v for a zero total, want zeros", got)
		}
	}
}

func FuzzShares(f *testing.F) {
	f.Add(int64(1), int64(1), int64(1), int64(100000))
	f.Add(int64(123456789), int64(-5), int64(987), int64(100000))
	f.Add(int64(7), int64(0), int64(0), int64(4250))
	f.Fuzz(func(t *testing.T, a, b, c, of int64) {
		const lim = 1 << 50
		if a < -lim || a > lim || b < -lim || b > lim || c < -lim || c > lim || of <= 0 || of > 1e12 {
			return
		}
		parts := []budget.Amount{budget.Amount(a), budget.Amount(b), budget.Amount(c)}
		total := parts[0] + parts[1] + parts[2]
		if total <= 0 {
			return
		}
		got := SharesOf(of, parts, total)
		sum := decimal.Zero
		for i, d := range got {
			sum = sum.Add(d)
			// each share is within one cent of the exact share
			exact := decimal.NewFromInt(int64(parts[i])).Mul(decimal.NewFromInt(of)).Div(decimal.NewFromInt(int64(total))).Div(decimal.NewFromInt(100))
			if d.Sub(exact).Abs().GreaterThanOrEqual(decimal.New(1, -2)) {
				t.Fatalf("share %d = %s, exact %s", i, d, exact)
			}
		}
		if !sum.Equal(decimal.New(of, -2)) {
			t.Fatalf("sum %s, want %s", sum, decimal.New(of, -2))
		}
	})
}
