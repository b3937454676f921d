package calc

import (
	"cmp"
	"math/big"
	"slices"
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
		if a < -lim || a > lim || b < -lim || b > lim || c < -lim || c > lim || of <= 0 || of > 1e15 {
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
		for i, want := range sharesRef(of, parts, total) {
			if !got[i].Equal(decimal.New(want, -2)) {
				t.Fatalf("SharesOf(%d, %v): share %d = %s, reference %d cents", of, parts, i, got[i], want)
			}
		}
	})
}

// sharesRef is the largest-remainder method written plainly with math/big:
// floors, then one cent each by remainder (largest first), then by part
// (largest first), then by position.
func sharesRef(of int64, parts []budget.Amount, total budget.Amount) []int64 {
	floors := make([]int64, len(parts))
	rems := make([]*big.Int, len(parts))
	left := of
	for i, p := range parts {
		q, r := new(big.Int), new(big.Int)
		q.DivMod(new(big.Int).Mul(big.NewInt(int64(p)), big.NewInt(of)), big.NewInt(int64(total)), r)
		floors[i], rems[i] = q.Int64(), r
		left -= floors[i]
	}
	order := make([]int, len(parts))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		if c := rems[b].Cmp(rems[a]); c != 0 {
			return c
		}
		return cmp.Compare(parts[b], parts[a])
	})
	for _, i := range order[:left] {
		floors[i]++
	}
	return floors
}

// TestPerInhabitant checks the integer path of PerInhabitant against
// decimal division rounded half away from zero, around the halves and at
// the sizes where it hands over to decimal.
func TestPerInhabitant(t *testing.T) {
	pops := []int64{1, 2, 3, 7, 200, 1000, 109834, 2_165_423, 1 << 40, 1<<61 + 1}
	amounts := []budget.Amount{0, 1, -1, 5, -5, 15, 49, 50, 51, 99_999, -99_999, 123_456_789_012, 1<<61 - 1, 1 << 61, -(1 << 61), 1<<63 - 1}
	for _, pop := range pops {
		for _, a := range amounts {
			for _, d := range []budget.Amount{0, 1, -1, budget.Amount(pop / 2), -budget.Amount(pop / 2)} {
				x := a + d
				if (d > 0 && x < a) || (d < 0 && x > a) {
					continue // overflow
				}
				want := x.Decimal().DivRound(decimal.NewFromInt(pop), 2)
				if got := PerInhabitant(x, pop); !got.Equal(want) || got.StringFixed(2) != want.StringFixed(2) {
					t.Errorf("PerInhabitant(%d cents, %d) = %s, want %s", x, pop, got.StringFixed(2), want.StringFixed(2))
				}
			}
		}
	}
}
