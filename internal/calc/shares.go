package calc

import (
	"math/big"
	"sort"

	"github.com/shopspring/decimal"

	"github.com/jeu1000/jeu1000/internal/budget"
)

// Thousand is 1,000 € in cents.
const Thousand = 100000

// Shares shares `of` cents (Thousand for 1,000 €) in proportion to parts, whose
// sum is total (> 0), rounding to the cent by the largest-remainder method:
// every part gets the floor of its exact share, and the cents left over go
// one each to the parts with the largest remainders (ties: the larger part,
// then the earlier one). The results add up to exactly of/100 euros.
func Shares(parts []budget.Amount, total budget.Amount) []decimal.Decimal {
	return SharesOf(Thousand, parts, total)
}

// SharesOf is Shares for any sum of cents (e.g. a tax bill to split).
func SharesOf(of int64, parts []budget.Amount, total budget.Amount) []decimal.Decimal {
	n := len(parts)
	out := make([]decimal.Decimal, n)
	if n == 0 || total <= 0 {
		return out
	}
	type rem struct {
		i    int
		num  big.Int // remainder numerator, 0 ≤ num < total
		part budget.Amount
	}
	floors := make([]int64, n)
	rems := make([]rem, n)
	t := big.NewInt(int64(total))
	ofB := big.NewInt(of)
	var sum int64
	var x big.Int
	for i, p := range parts {
		x.Mul(big.NewInt(int64(p)), ofB)
		var q big.Int
		q.DivMod(&x, t, &rems[i].num) // Euclidean: remainder ≥ 0, so q is the floor
		floors[i] = q.Int64()
		rems[i].i = i
		rems[i].part = p
		sum += floors[i]
	}
	left := of - sum // 0 ≤ left < n
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		ra, rb := &rems[order[a]], &rems[order[b]]
		if c := ra.num.Cmp(&rb.num); c != 0 {
			return c > 0
		}
		return ra.part > rb.part
	})
	for j := int64(0); j < left; j++ {
		floors[order[j]]++
	}
	for i := range floors {
		out[i] = decimal.New(floors[i], -2)
	}
	return out
}
