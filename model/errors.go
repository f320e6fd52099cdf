package model

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// ErrInvalid is returned, wrapped in a [*FieldError], for every value that
// fails validation. Match it with errors.Is.
var ErrInvalid = errors.New("model: invalid value")

// The specific reasons a field is invalid. Each [*FieldError] unwraps to one
// of these and to [ErrInvalid].
var (
	// ErrRequired is returned when a required field is empty or zero.
	ErrRequired = errors.New("is required")
	// ErrTooLong is returned when a text field is longer than [MaxTextLen].
	ErrTooLong = errors.New("is too long")
	// ErrUnknownValue is returned when an enumeration holds a value outside its set.
	ErrUnknownValue = errors.New("has an unknown value")
	// ErrUnknownCode is returned when an official code is not in Statistics
	// Sweden's table, or is of the wrong kind for the organisation.
	ErrUnknownCode = errors.New("is not a known official code")
	// ErrNotAllowed is returned when a field is set that must be empty.
	ErrNotAllowed = errors.New("must be empty here")
	// ErrDateOrder is returned when a date comes before the date it must
	// follow: an end before its start, a deadline moved earlier. The field
	// named is the later one ("model: End is earlier than the date it must
	// follow").
	ErrDateOrder = errors.New("is earlier than the date it must follow")
	// ErrOutOfRange is returned when a number is outside its allowed range.
	ErrOutOfRange = errors.New("is out of range")
	// ErrDuplicate is returned when a list holds the same item twice.
	ErrDuplicate = errors.New("holds a duplicate")
	// ErrInvalidUTF8 is returned when a text field is not valid UTF-8.
	ErrInvalidUTF8 = errors.New("is not valid UTF-8")
)

// ValueError is the reason a value outside its set is refused: the value
// as text and the text forms that are allowed in its place. It unwraps to
// its sentinel (ErrUnknownValue, ErrOutOfRange), so errors.Is still
// matches.
type ValueError struct {
	// Err is the sentinel: ErrUnknownValue or ErrOutOfRange.
	Err error
	// Value is the refused value's text form.
	Value string
	// Allowed are the text forms allowed in its place.
	Allowed []string
}

// Error returns, for example, `has an unknown value "mayor" (allowed:
// member, chair, …)`.
func (e *ValueError) Error() string {
	return fmt.Sprintf("%s: %q (allowed: %s)", e.Err.Error(), e.Value, strings.Join(e.Allowed, ", "))
}

// Unwrap returns the sentinel.
func (e *ValueError) Unwrap() error { return e.Err }

// MaxTextLen is the longest text, in bytes, any single text field may hold
// (1 MiB). Longer input is refused with [ErrTooLong] instead of being stored.
const MaxTextLen = 1 << 20

// FieldError says which field of a value is invalid and why.
type FieldError struct {
	// Field is the path of the field, such as "Name" or "Proposals[3].Title".
	Field string
	// Err is the reason: one of ErrRequired, ErrUnknownCode, ….
	Err error
}

// Error returns "model: <field> <reason>".
func (e *FieldError) Error() string { return "model: " + e.Field + " " + e.Err.Error() }

// Unwrap returns the reason and [ErrInvalid].
func (e *FieldError) Unwrap() []error { return []error{e.Err, ErrInvalid} }

// Within prefixes the field of every [*FieldError] in err with prefix and a
// dot, so that the errors of one item in a list name where it stands:
// Within("Proposals[3]", err). Other errors are returned as they are.
func Within(prefix string, err error) error {
	if err == nil {
		return nil
	}
	if fe, ok := err.(*FieldError); ok {
		return &FieldError{Field: prefix + "." + fe.Field, Err: fe.Err}
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs := j.Unwrap()
		out := make([]error, len(errs))
		for i, e := range errs {
			out[i] = Within(prefix, e)
		}
		return errors.Join(out...)
	}
	return err
}

// validator collects field errors for one value.
type validator struct{ errs []error }

func (v *validator) add(field string, err error) {
	v.errs = append(v.errs, &FieldError{Field: field, Err: err})
}

// text checks a required text field.
func (v *validator) text(field, s string) {
	if strings.TrimSpace(s) == "" {
		v.add(field, ErrRequired)
		return
	}
	v.optionalText(field, s)
}

// optionalText checks an optional text field: valid UTF-8, not too long.
func (v *validator) optionalText(field, s string) {
	switch {
	case len(s) > MaxTextLen:
		v.add(field, ErrTooLong)
	case !utf8.ValidString(s):
		v.add(field, ErrInvalidUTF8)
	}
}

// id checks a required identifier.
func (v *validator) id(field string, zero bool) {
	if zero {
		v.add(field, ErrRequired)
	}
}

// check adds err (when not nil) under field.
func (v *validator) check(field string, err error) {
	if err != nil {
		v.add(field, err)
	}
}

func (v *validator) err() error { return errors.Join(v.errs...) }

// CheckText checks a text field of a value as this package checks its own:
// present if required, valid UTF-8, at most [MaxTextLen] bytes. It returns
// a [*FieldError] naming field, or nil.
func CheckText(field, s string, required bool) error {
	var v validator
	if required {
		v.text(field, s)
	} else {
		v.optionalText(field, s)
	}
	return v.err()
}
