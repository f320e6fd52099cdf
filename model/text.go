package model

import (
	"errors"
	"unicode/utf8"
)

// The text policy. Every text a command carries is one of two kinds, and is
// checked by the kind's function before anything is decided:
//
//   - a line (names, titles, places, references, reasons, codes): valid
//     UTF-8, at most [MaxLineLen] bytes, no control character at all;
//   - a multi-line text (notes, comments, texts, descriptions, tasks):
//     valid UTF-8, at most [MaxTextLen] bytes, no control character but
//     the line feed, the carriage return before one, and the tab.
//
// Control characters are C0 (U+0000–U+001F), DEL and C1 (U+007F–U+009F),
// and the line and paragraph separators U+2028 and U+2029: none of them
// has a place in a public record, and several change what an export or a
// terminal shows.

// MaxLineLen is the longest line, in bytes, a one-line text field may hold.
const MaxLineLen = 4096

// ErrControlChar is returned when a text holds a control character its
// kind does not allow (see [CheckLine] and [CheckMultiline]).
var ErrControlChar = errors.New("holds a control character")

// CheckLine checks a one-line text: valid UTF-8, at most [MaxLineLen]
// bytes, no control character. It returns a [*FieldError] naming field, or
// nil. Whether the text is required is the value's own validation.
func CheckLine(field, s string) error { return checkText(field, s, MaxLineLen, false) }

// CheckMultiline checks a multi-line text: valid UTF-8, at most
// [MaxTextLen] bytes, no control character but line breaks and tabs.
func CheckMultiline(field, s string) error { return checkText(field, s, MaxTextLen, true) }

func checkText(field, s string, limit int, multiline bool) error {
	if len(s) > limit {
		return &FieldError{Field: field, Err: ErrTooLong}
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f {
				ok := multiline && (c == '\n' || c == '\t' || c == '\r' && i+1 < len(s) && s[i+1] == '\n')
				if !ok {
					return &FieldError{Field: field, Err: ErrControlChar}
				}
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			return &FieldError{Field: field, Err: ErrInvalidUTF8}
		case r >= 0x80 && r <= 0x9f, r == 0x2028, r == 0x2029:
			return &FieldError{Field: field, Err: ErrControlChar}
		}
		i += size
	}
	return nil
}
