package model

import (
	"fmt"
	"time"
)

// Clock is a time of day to the minute, such as 14:00, in the process's
// time zone: when a meeting starts. The zero Clock means "not set", so that
// midnight (00:00) is still a time one can give.
type Clock struct {
	m int16 // minutes since midnight plus one; 0 is unset
}

// MakeClock returns the time of day hour:minute. It does not check: use
// [Clock.Valid] on input from outside.
func MakeClock(hour, minute int) Clock {
	if hour < 0 || hour > 23 || minute < 0 || minute > 59 {
		return Clock{m: -1}
	}
	return Clock{m: int16(hour*60 + minute + 1)}
}

// ParseClock reads a time of day written as 15:04. The error wraps
// [ErrInvalid].
func ParseClock(s string) (Clock, error) {
	t, err := time.Parse("15:04", s)
	if err != nil {
		return Clock{}, fmt.Errorf("model: parse time of day %q: %w", s, ErrInvalid)
	}
	return MakeClock(t.Hour(), t.Minute()), nil
}

// IsZero reports whether the time of day is unset.
func (c Clock) IsZero() bool { return c.m == 0 }

// Valid reports whether the time of day is set and between 00:00 and 23:59.
func (c Clock) Valid() bool { return c.m >= 1 && c.m <= 24*60 }

// Hour returns the hour, 0–23.
func (c Clock) Hour() int { return int(c.m-1) / 60 }

// Minute returns the minute, 0–59.
func (c Clock) Minute() int { return int(c.m-1) % 60 }

// On returns the time at this time of day on date d in loc.
func (c Clock) On(d Date, loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, c.Hour(), c.Minute(), 0, 0, loc)
}

// String returns the time of day as "14:00", or "" when unset.
func (c Clock) String() string {
	switch {
	case c.IsZero():
		return ""
	case !c.Valid():
		return "invalid"
	}
	return fmt.Sprintf("%02d:%02d", c.Hour(), c.Minute())
}

// MarshalText implements [encoding.TextMarshaler].
func (c Clock) MarshalText() ([]byte, error) {
	if !c.IsZero() && !c.Valid() {
		return nil, fmt.Errorf("model: marshal time of day: %w", ErrInvalid)
	}
	return []byte(c.String()), nil
}

// UnmarshalText implements [encoding.TextUnmarshaler]; empty text is unset.
func (c *Clock) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*c = Clock{}
		return nil
	}
	v, err := ParseClock(string(b))
	*c = v
	return err
}
