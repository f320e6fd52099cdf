package model

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Amount is an amount of money in Swedish kronor, counted in whole öre
// (1 kr = 100 öre): "100 000 000 kr" is Amount(10_000_000_000).
//
// An integer of öre rather than a float or a decimal type: public money is
// added up, and an integer adds exactly (0.1 + 0.2 kr is 30 öre, not
// 0.30000000000000004); öre is the smallest unit a Swedish budget or
// decision names; and an int64 holds ±92 233 720 368 547 758 kr, far more
// than any budget, so that sums are checked for overflow rather than
// rounded. An Amount encodes in JSON as its number of öre.
type Amount int64

// MaxAmount is the largest amount a record holds, 10¹⁵ kr: far beyond any
// public budget, and small enough that a million of them add up without
// overflowing.
const MaxAmount Amount = 1_000_000_000_000_000 * 100

// Kronor returns the amount of whole kronor, as an Amount.
func Kronor(kr int64) Amount { return Amount(kr * 100) }

// Kronor returns the whole kronor of the amount, rounded towards zero.
func (a Amount) Kronor() int64 { return int64(a) / 100 }

// Ore returns the öre of the amount beyond its whole kronor, 0–99 (with
// the amount's sign).
func (a Amount) Ore() int64 { return int64(a) % 100 }

// Valid reports whether the amount is within ±[MaxAmount].
func (a Amount) Valid() bool { return a >= -MaxAmount && a <= MaxAmount }

// amount checks an amount a record holds: not negative, within
// ±[MaxAmount].
func (v *validator) amount(field string, a Amount) {
	if !a.Valid() || a < 0 {
		v.add(field, ErrOutOfRange)
	}
}

// Add returns a + b, and false if the sum leaves ±[MaxAmount].
func (a Amount) Add(b Amount) (Amount, bool) {
	s := a + b
	return s, a.Valid() && b.Valid() && s.Valid()
}

// String writes the amount the Swedish way: "100 000 000 kr", "1 234,50 kr",
// "−25 kr" for a negative one; the groups of thousands are separated by
// spaces, and öre are written only when there are any.
func (a Amount) String() string {
	neg := a < 0
	u := uint64(a)
	if neg {
		u = uint64(-(a + 1)) + 1 // also for math.MinInt64
	}
	s := Thousands(strconv.FormatUint(u/100, 10))
	if ore := u % 100; ore != 0 {
		s += fmt.Sprintf(",%02d", ore)
	}
	if neg {
		s = "−" + s
	}
	return s + " kr"
}

// ParseAmount reads an amount in kronor as Swedes write it: "100 000 000
// kr", "100000000", "1 234,50 kr", "1 234:50", "-25 kr", with ordinary or
// no-break spaces between the groups of thousands and "kr" or "kronor"
// after it or not. More than two decimals, or an amount beyond ±MaxAmount,
// is refused with [ErrOutOfRange]; anything else not an amount with
// [ErrUnknownValue].
func ParseAmount(s string) (Amount, error) {
	t := strings.TrimSpace(s)
	for _, unit := range []string{"kronor", "kr", "SEK"} {
		if strings.HasSuffix(t, unit) {
			t = strings.TrimSpace(strings.TrimSuffix(t, unit))
			break
		}
	}
	t = strings.Replace(t, ":", ",", 1)
	t = strings.TrimSuffix(t, ",-")
	whole, frac, hasFrac := strings.Cut(t, ",")
	if !hasFrac {
		whole, frac, hasFrac = strings.Cut(t, ".")
	}
	n, err := ParseInteger(whole)
	if err != nil || whole == "" || strings.TrimLeft(whole, "+-−") == "" {
		return 0, fmt.Errorf("%w: %q is not an amount in kronor", ErrUnknownValue, s)
	}
	var ore int64
	if hasFrac {
		switch {
		case len(frac) == 0 || strings.Trim(frac, "0123456789") != "":
			return 0, fmt.Errorf("%w: %q is not an amount in kronor", ErrUnknownValue, s)
		case len(frac) > 2:
			return 0, fmt.Errorf("%w: %q has more decimals than öre", ErrOutOfRange, s)
		}
		ore, _ = strconv.ParseInt((frac + "0")[:2], 10, 64)
	}
	if n > int64(MaxAmount/100) || n < -int64(MaxAmount/100) {
		return 0, fmt.Errorf("%w: %q is beyond %s", ErrOutOfRange, s, MaxAmount)
	}
	negative := n < 0 || strings.HasPrefix(strings.TrimSpace(whole), "-") || strings.HasPrefix(strings.TrimSpace(whole), "−")
	a := Amount(n*100 + ore)
	if negative {
		a = Amount(n*100 - ore)
	}
	return a, nil
}

// Sum adds amounts; ok is false if the sum leaves ±[MaxAmount].
func Sum(amounts ...Amount) (total Amount, ok bool) {
	ok = true
	for _, a := range amounts {
		var fine bool
		if total, fine = total.Add(a); !fine {
			ok = false
		}
	}
	return total, ok
}

// Thousands separates the groups of three digits of an integer's digits
// with spaces, the Swedish way: "100000000" is "100 000 000". A leading
// sign is kept; anything else is returned as it is.
func Thousands(digits string) string {
	sign := ""
	if strings.HasPrefix(digits, "-") || strings.HasPrefix(digits, "+") {
		sign, digits = digits[:1], digits[1:]
	}
	if digits == "" || strings.Trim(digits, "0123456789") != "" {
		return sign + digits
	}
	var b strings.Builder
	b.WriteString(sign)
	for i, r := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// errNumber is the reason a text is not a number.
var errNumber = errors.New("not a number")

// groupSpaces are the spaces Swedes put between groups of thousands: an
// ordinary space, a no-break space and a narrow no-break space.
var groupSpaces = strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "")

// ParseInteger reads a whole number as Swedes write it: "576",
// "100 000 000" (with ordinary, no-break or narrow no-break spaces between
// the groups of three), "-12" or "−12". Spaces anywhere but between groups
// of three digits make it no number.
func ParseInteger(s string) (int64, error) {
	digits, err := swedishDigits(s)
	if err != nil {
		return 0, err
	}
	return strconv.ParseInt(digits, 10, 64)
}

// ParseDecimal reads a decimal number as Swedes write it: "1 000,5",
// "0,25", "3.5", "-2,75", with groups of thousands as [ParseInteger]
// reads them and a decimal comma or point.
func ParseDecimal(s string) (float64, error) {
	t := strings.TrimSpace(s)
	whole, frac, hasFrac := strings.Cut(t, ",")
	if !hasFrac {
		whole, frac, hasFrac = strings.Cut(t, ".")
	}
	digits, err := swedishDigits(whole)
	if err != nil && !(hasFrac && strings.TrimLeft(whole, "+-−") == "") {
		return 0, err
	}
	if hasFrac {
		if frac == "" || strings.Trim(frac, "0123456789") != "" {
			return 0, errNumber
		}
		digits += "." + frac
	}
	f, err := strconv.ParseFloat(digits, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, errNumber
	}
	return f, nil
}

// swedishDigits removes the group spaces of an integer, checking that they
// separate groups of three, and turns a minus sign into "-".
func swedishDigits(s string) (string, error) {
	t := strings.TrimSpace(s)
	sign := ""
	switch {
	case strings.HasPrefix(t, "-"), strings.HasPrefix(t, "+"):
		sign, t = t[:1], t[1:]
	case strings.HasPrefix(t, "−"):
		sign, t = "-", strings.TrimPrefix(t, "−")
	}
	if t == "" {
		return sign, errNumber
	}
	plain := groupSpaces.Replace(t)
	if plain != t {
		groups := strings.FieldsFunc(t, func(r rune) bool { return r == ' ' || r == '\u00a0' || r == '\u202f' })
		for i, g := range groups {
			if len(g) > 3 || i > 0 && len(g) != 3 {
				return "", errNumber
			}
		}
		if strings.Join(groups, "") != plain || utf8.RuneCountInString(t)-len(plain) != len(groups)-1 {
			return "", errNumber
		}
	}
	if plain == "" || strings.Trim(plain, "0123456789") != "" {
		return "", errNumber
	}
	return sign + plain, nil
}

// Percent returns n of total in whole percent, rounded half up as a person
// rounds: 5 of 8 is 63, 3 of 8 is 38 (62.5 and 37.5 both go up). It is 0
// for an empty total.
func Percent(n, total int) int {
	if total <= 0 {
		return 0
	}
	num := 200*int64(n) + int64(total)
	den := 2 * int64(total)
	if num < 0 {
		return -int((-num + den - 1) / den)
	}
	return int(num / den)
}
