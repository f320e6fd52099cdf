package model

import (
	"cmp"
	"fmt"
	"time"
)

// Date is a calendar date without a time of day, as in "24 September 2013".
// The zero Date means "not set".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// MakeDate returns the date year-month-day. It does not normalise: use
// [Date.Valid] to check input from outside.
func MakeDate(year int, month time.Month, day int) Date {
	return Date{Year: year, Month: month, Day: day}
}

// DateOf returns the calendar date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// ParseDate reads a date written as 2006-01-02. The error wraps [ErrInvalid].
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("model: parse date %q: %w", s, ErrInvalid)
	}
	return DateOf(t), nil
}

// IsZero reports whether the date is unset.
func (d Date) IsZero() bool { return d == Date{} }

// Valid reports whether the date exists in the calendar (the zero Date does not).
func (d Date) Valid() bool {
	return !d.IsZero() && DateOf(d.Time(time.UTC)) == d && d.Year > 0 && d.Year < 10000
}

// Time returns midnight at the start of the date in loc.
func (d Date) Time(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// AddDays returns the date n days later (earlier for a negative n).
func (d Date) AddDays(n int) Date { return DateOf(d.Time(time.UTC).AddDate(0, 0, n)) }

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int {
	switch {
	case d.Year != e.Year:
		return cmp.Compare(d.Year, e.Year)
	case d.Month != e.Month:
		return cmp.Compare(d.Month, e.Month)
	default:
		return cmp.Compare(d.Day, e.Day)
	}
}

// Before reports whether d comes before e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// After reports whether d comes after e.
func (d Date) After(e Date) bool { return d.Compare(e) > 0 }

// String returns the date as 2006-01-02, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// MarshalText implements [encoding.TextMarshaler].
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText implements [encoding.TextUnmarshaler]; empty text is the
// zero Date. Text written as 2006-01-02 that names no day of the calendar,
// such as 2011-02-30, decodes as written, so that the value's Validate
// reports the field as an invalid date ([ErrOutOfRange]) instead of the
// whole input failing to decode; other text is an error wrapping
// [ErrInvalid].
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		if w, ok := dateShape(b); ok {
			*d = w
			return nil
		}
		return err
	}
	*d = v
	return nil
}

// dateShape reads text of the form dddd-dd-dd without checking the
// calendar.
func dateShape(b []byte) (Date, bool) {
	if len(b) != 10 || b[4] != '-' || b[7] != '-' {
		return Date{}, false
	}
	num := func(bs []byte) (int, bool) {
		n := 0
		for _, c := range bs {
			if c < '0' || c > '9' {
				return 0, false
			}
			n = n*10 + int(c-'0')
		}
		return n, true
	}
	y, ok1 := num(b[:4])
	m, ok2 := num(b[5:7])
	dd, ok3 := num(b[8:])
	if !ok1 || !ok2 || !ok3 {
		return Date{}, false
	}
	return Date{Year: y, Month: time.Month(m), Day: dd}, true
}

// Period is a span of dates; either end may be unset (open).
type Period struct {
	Start Date `json:"start,omitzero"`
	End   Date `json:"end,omitzero"`
}

// Contains reports whether day lies within the period, both ends included.
func (p Period) Contains(day Date) bool {
	return (p.Start.IsZero() || !day.Before(p.Start)) && (p.End.IsZero() || !day.After(p.End))
}

// Overlaps reports whether the two periods share at least one day.
func (p Period) Overlaps(q Period) bool {
	startsBeforeQEnds := p.Start.IsZero() || q.End.IsZero() || !p.Start.After(q.End)
	qStartsBeforeEnd := q.Start.IsZero() || p.End.IsZero() || !q.Start.After(p.End)
	return startsBeforeQEnds && qStartsBeforeEnd
}

// Validate checks that both set ends are real dates and that the period does
// not end before it starts.
func (p Period) Validate() error {
	var v validator
	v.date("Start", p.Start, false)
	v.date("End", p.End, false)
	if p.Start.Valid() && p.End.Valid() && p.End.Before(p.Start) {
		v.add("End", ErrDateOrder)
	}
	return v.err()
}

// date checks a date field; required dates must be set.
func (v *validator) date(field string, d Date, required bool) {
	switch {
	case d.IsZero() && required:
		v.add(field, ErrRequired)
	case !d.IsZero() && !d.Valid():
		v.add(field, ErrOutOfRange)
	}
}
