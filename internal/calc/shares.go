package calc

import (
	"cmp"
	"math"
	"math/big"
	"math/bits"
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
	floors := make([]int64, n)
	rems := make([]remainder, n)
	var sum int64
	for i, p := range parts {
		floors[i] = rems[i].set(p, of, total)
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
		if c := ra.cmp(rb); c != 0 {
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

// remainder is what is left of one part's exact share once floored: the
// numerator of a fraction of total, 0 ≤ num < total. It is kept as a uint64
// when part × of fits in 128 bits without sign (always, for real budgets),
// since math/big has no assembly in wasm; else as a big.Int.
type remainder struct {
	part budget.Amount
	num  uint64
	big  *big.Int // the remainder when it was computed with math/big, else nil
}

// set computes the floor of part × of ÷ total and keeps the remainder.
func (r *remainder) set(part budget.Amount, of int64, total budget.Amount) int64 {
	if part >= 0 && of >= 0 {
		hi, lo := bits.Mul64(uint64(part), uint64(of))
		if hi < uint64(total) { // the quotient fits in 64 bits
			q, rem := bits.Div64(hi, lo, uint64(total))
			if q <= math.MaxInt64 {
				r.num, r.big = rem, nil
				return int64(q)
			}
		}
	}
	var x, q big.Int
	x.Mul(big.NewInt(int64(part)), big.NewInt(of))
	r.big = new(big.Int)
	q.DivMod(&x, big.NewInt(int64(total)), r.big) // Euclidean: remainder ≥ 0, so q is the floor
	return q.Int64()
}

// cmp compares two remainders.
func (r *remainder) cmp(o *remainder) int {
	if r.big == nil && o.big == nil {
		return cmp.Compare(r.num, o.num)
	}
	return r.bigNum().Cmp(o.bigNum())
}

func (r *remainder) bigNum() *big.Int {
	if r.big != nil {
		return r.big
	}
	return new(big.Int).SetUint64(r.num)
}
