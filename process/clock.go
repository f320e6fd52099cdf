package process

import "time"

// Clock tells the engine the time. Every event's OccurredAt comes from it;
// the library reads the time nowhere else. Tests and hosts that replay a
// past process inject their own.
type Clock interface {
	Now() time.Time
}

// ClockFunc adapts a function to a [Clock].
type ClockFunc func() time.Time

// Now implements [Clock].
func (f ClockFunc) Now() time.Time { return f() }

// SystemClock is the default clock: the system's time, in UTC.
var SystemClock Clock = ClockFunc(func() time.Time { return time.Now().UTC() })
