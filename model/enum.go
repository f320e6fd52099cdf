package model

import "fmt"

// enumEntry is one value of an enumeration: its stable text form (used in
// JSON and in events) and its label. Index 0 of every table is the unset value.
type enumEntry struct {
	id    string
	label Label
}

// enumString returns the text form of value i, or a marker for values
// outside the table.
func enumString(tab []enumEntry, i int) string {
	if i < 0 || i >= len(tab) {
		return fmt.Sprintf("unknown(%d)", i)
	}
	return tab[i].id
}

func enumLabel(tab []enumEntry, i int) Label {
	if i <= 0 || i >= len(tab) {
		return Label{}
	}
	return tab[i].label
}

// enumParse returns the index of the text form s. Empty text is the unset
// value; unknown text is an error wrapping ErrUnknownValue.
func enumParse(tab []enumEntry, what, s string) (int, error) {
	if s == "" {
		return 0, nil
	}
	for i, e := range tab[1:] {
		if e.id == s {
			return i + 1, nil
		}
	}
	return 0, &FieldError{Field: what, Err: &ValueError{Err: ErrUnknownValue, Value: s, Allowed: enumTexts(tab)}}
}

// enumTexts returns the text forms of the set values of a table.
func enumTexts(tab []enumEntry) []string {
	out := make([]string, 0, len(tab)-1)
	for _, e := range tab[1:] {
		out = append(out, e.id)
	}
	return out
}

// enumValid reports whether i is a set value of the table.
func enumValid(tab []enumEntry, i int) bool { return i > 0 && i < len(tab) }

// enumCheck adds an error for an unset or unknown enumeration value.
func (v *validator) enum(field string, tab []enumEntry, i int) {
	switch {
	case i == 0:
		v.add(field, ErrRequired)
	case !enumValid(tab, i):
		v.add(field, &ValueError{Err: ErrUnknownValue, Value: enumString(tab, i), Allowed: enumTexts(tab)})
	}
}
