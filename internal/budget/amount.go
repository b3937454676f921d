package budget

import (
	"errors"
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/jeu1000/jeu1000/internal/excerpt"
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

// MaxAmount bounds every amount a budget line, a document or a split may
// hold: 1,000 billion euros, twice the French State's yearly budget and a
// hundred times the largest local authority's. Beyond it a figure is a
// mistake (or an attack), never a budget; below it, sums of up to 90,000
// amounts fit in int64 cents (Split checks its sums against it).
const MaxAmount Amount = 1_000_000_000_000 * 100

// ErrTooLarge is returned (wrapped) for an amount or a sum beyond
// MaxAmount.
var ErrTooLarge = errors.New("beyond any French authority's budget (over 1,000 billion €)")

// TooLargeFrench says ErrTooLarge in French, for the page.
const TooLargeFrench = "plus de 1 000 milliards d'euros, au-delà du budget de toute collectivité française"

// CheckAmount returns an error wrapping ErrTooLarge when a is beyond
// ±MaxAmount; what names the figure in the message.
func CheckAmount(what string, a Amount) error {
	if a > MaxAmount || a < -MaxAmount {
		return fmt.Errorf("%s %s €: %w", what, a, ErrTooLarge)
	}
	return nil
}

// ParseAmount reads an amount in euros as found in real files: "1234.56",
// "1234,56", "-12.5", "1 234,56" (spaces or no-break spaces as thousands
// separators), "+3", "1.5e3" is refused. More than two decimals are rounded
// half away from zero to the cent. The empty string is an error: callers
// decide what a missing amount means. Amounts beyond ±MaxAmount are
// refused with an error wrapping ErrTooLarge. Errors quote only an excerpt
// of s.
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
				if units > int64(MaxAmount/100) {
					overflow = true // stays true; units no longer grows
					continue
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
			return 0, fmt.Errorf("%w: %s", ErrAmount, excerpt.Quote(s))
		}
	}
	if !seenDig {
		return 0, fmt.Errorf("%w: %s", ErrAmount, excerpt.Quote(s))
	}
	if overflow {
		return 0, fmt.Errorf("%w: %s is %w", ErrAmount, excerpt.Quote(s), ErrTooLarge)
	}
	if fracN == 1 {
		frac *= 10
	}
	c := units*100 + frac
	if roundUp {
		c++
	}
	if Amount(c) > MaxAmount {
		return 0, fmt.Errorf("%w: %s is %w", ErrAmount, excerpt.Quote(s), ErrTooLarge)
	}
	if neg {
		c = -c
	}
	return Amount(c), nil
}
