package budget

import (
	"errors"
	"fmt"
	"math"

	"github.com/shopspring/decimal"
)

// Amount is a sum of money in euro cents. Budget documents give amounts with
// at most two decimals; int64 cents are exact and cheap for bulk data.
type Amount int64

// Decimal returns the amount in euros as an exact decimal.
func (a Amount) Decimal() decimal.Decimal { return decimal.New(int64(a), -2) }

// String formats the amount in euros with two decimals, e.g. "1234.50".
func (a Amount) String() string { return a.Decimal().StringFixed(2) }

// ErrAmount is returned (wrapped) for text that is not an amount.
var ErrAmount = errors.New("not an amount")

// ParseAmount reads an amount in euros as found in real files: "1234.56",
// "1234,56", "-12.5", "1 234,56" (spaces or no-break spaces as thousands
// separators), "+3", "1.5e3" is refused. More than two decimals are rounded
// half away from zero to the cent. The empty string is an error: callers
// decide what a missing amount means.
func ParseAmount(s string) (Amount, error) {
	var (
		neg      bool
		units    int64
		frac     int64
		fracN    int
		roundUp  bool
		seenDig  bool
		seenSep  bool
		i        int
		overflow bool
	)
	// trim ASCII spaces and tabs around
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	end := len(s)
	for end > i && (s[end-1] == ' ' || s[end-1] == '\t' || s[end-1] == '\r') {
		end--
	}
	if i < end && (s[i] == '-' || s[i] == '+') {
		neg = s[i] == '-'
		i++
	}
	for ; i < end; i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			seenDig = true
			if !seenSep {
				if units > (math.MaxInt64/100-9)/10 {
					overflow = true
				}
				units = units*10 + int64(c-'0')
				continue
			}
			switch {
			case fracN < 2:
				frac = frac*10 + int64(c-'0')
			case fracN == 2:
				roundUp = c >= '5'
			}
			fracN++
		case (c == '.' || c == ',') && !seenSep:
			seenSep = true
		case c == ' ' && !seenSep:
			// thousands separator
		case c == 0xC2 && i+1 < end && s[i+1] == 0xA0 && !seenSep: // U+00A0
			i++
		case c == 0xE2 && i+2 < end && s[i+1] == 0x80 && s[i+2] == 0xAF && !seenSep: // U+202F
			i += 2
		default:
			return 0, fmt.Errorf("%w: %q", ErrAmount, s)
		}
	}
	if !seenDig {
		return 0, fmt.Errorf("%w: %q", ErrAmount, s)
	}
	if overflow {
		return 0, fmt.Errorf("%w: %q is too large", ErrAmount, s)
	}
	if fracN == 1 {
		frac *= 10
	}
	c := units*100 + frac
	if roundUp {
		c++
	}
	if neg {
		c = -c
	}
	return Amount(c), nil
}
