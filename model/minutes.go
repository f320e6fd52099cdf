package model

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"unicode"
)

// AgendaItem is one numbered item of a meeting's agenda
// (föredragningslista).
type AgendaItem struct {
	Number int    `json:"number"`
	Title  string `json:"title"`
}

// Attendee is a named person at a meeting, in a role, with the capacity
// the minutes give them ("Ordförande i utskottet för vård och omsorg").
type Attendee struct {
	Person   PersonID `json:"person"`
	Role     Role     `json:"role,omitempty"`
	Capacity string   `json:"capacity,omitempty"`
}

// ItemMinutes is what the minutes say under one agenda item.
type ItemMinutes struct {
	Item int    `json:"item"`
	Text string `json:"text"`
}

// Assignment is a task given at a meeting to a named person, by a date:
// "Marielle is asked to explain the difference between mental illness and
// mental ill-health by the next meeting". It stays on the agenda of the
// group's later meetings until it is done.
type Assignment struct {
	ID       AssignmentID `json:"id"`
	Item     int          `json:"item,omitempty"` // the agenda item it came from
	Assignee PersonID     `json:"assignee"`
	Task     string       `json:"task"`
	Due      Date         `json:"due,omitzero"`
}

// ColumnType is the type of a table column's values.
type ColumnType uint8

// The column types.
const (
	ColumnText    ColumnType = iota + 1 // any text
	ColumnInteger                       // a whole number, such as 576 or 100 000 000
	ColumnDecimal                       // a decimal number, with a comma or a point: 1 000,5
	ColumnDate                          // a date, 2014-09-16
)

var columnTypes = []enumEntry{
	{},
	{"text", Label{"text", "text"}},
	{"integer", Label{"heltal", "integer"}},
	{"decimal", Label{"decimaltal", "decimal"}},
	{"date", Label{"datum", "date"}},
}

// String returns the stable text form, such as "integer".
func (t ColumnType) String() string { return enumString(columnTypes, int(t)) }

// MarshalText implements [encoding.TextMarshaler].
func (t ColumnType) MarshalText() ([]byte, error) { return []byte(t.String()), nil }

// UnmarshalText implements [encoding.TextUnmarshaler].
func (t *ColumnType) UnmarshalText(b []byte) error {
	i, err := enumParse(columnTypes, "ColumnType", string(b))
	*t = ColumnType(i)
	return err
}

// check reports whether a cell holds a value of the type; an empty cell is
// a missing value and always allowed.
func (t ColumnType) check(cell string) error {
	if cell == "" {
		return nil
	}
	var err error
	switch t {
	case ColumnInteger:
		_, err = ParseInteger(cell)
	case ColumnDecimal:
		_, err = ParseDecimal(cell)
	case ColumnDate:
		_, err = ParseDate(cell)
	}
	if err != nil {
		return fmt.Errorf("%w: %q is not a %s", ErrUnknownValue, cell, t)
	}
	return nil
}

// Column is one column of a table: its heading and the type of its values.
type Column struct {
	Name string     `json:"name"`
	Type ColumnType `json:"type"`
}

// MaxTableCells is the most cells one table may hold.
const MaxTableCells = 100_000

// Table is a table of figures attached to minutes, with typed columns:
// the discharge-ready days per month, say. Every row has one cell per
// column, each a value of its column's type.
type Table struct {
	Columns []Column   `json:"columns"`
	Rows    [][]string `json:"rows"`
}

// Int returns the integer in a cell of an integer column; ok is false for
// an empty cell or another type.
func (t Table) Int(row, col int) (n int64, ok bool) {
	if row < 0 || row >= len(t.Rows) || col < 0 || col >= len(t.Columns) || t.Columns[col].Type != ColumnInteger {
		return 0, false
	}
	n, err := ParseInteger(t.Rows[row][col])
	return n, err == nil
}

// Validate checks the columns and every cell against its column's type.
func (t Table) Validate() error {
	var v validator
	if len(t.Columns) == 0 {
		v.add("Columns", ErrRequired)
	}
	for i, c := range t.Columns {
		v.text(fmt.Sprintf("Columns[%d].Name", i), c.Name)
		v.enum(fmt.Sprintf("Columns[%d].Type", i), columnTypes, int(c.Type))
	}
	if len(t.Rows)*max(1, len(t.Columns)) > MaxTableCells {
		v.add("Rows", ErrOutOfRange)
		return v.err()
	}
	for r, row := range t.Rows {
		if len(row) != len(t.Columns) {
			v.add(fmt.Sprintf("Rows[%d]", r), ErrOutOfRange)
			continue
		}
		for c, cell := range row {
			v.optionalText(fmt.Sprintf("Rows[%d][%d]", r, c), cell)
			v.check(fmt.Sprintf("Rows[%d][%d]", r, c), t.Columns[c].Type.check(cell))
		}
	}
	return v.err()
}

// Attachment is a document attached to minutes (bilaga): a text, a link,
// a table of figures, or several of these.
type Attachment struct {
	Title string `json:"title"`
	Text  string `json:"text,omitempty"`
	Link  string `json:"link,omitempty"`
	Table *Table `json:"table,omitempty"`
}

// Validate checks the attachment and its table.
func (a Attachment) Validate() error {
	var v validator
	v.text("Title", a.Title)
	v.optionalText("Text", a.Text)
	v.optionalText("Link", a.Link)
	if a.Link != "" {
		if err := CheckLink("Link", a.Link); err != nil {
			v.errs = append(v.errs, err)
		}
	}
	if a.Table != nil {
		if err := a.Table.Validate(); err != nil {
			v.errs = append(v.errs, Within("Table", err))
		}
	}
	return v.err()
}

// ErrLinkScheme is returned, inside a [*FieldError] naming the field, for
// a link that is not an absolute http, https or mailto URL: a
// "javascript:" or "data:" link, a relative path, a link with spaces or
// control characters.
var ErrLinkScheme = errors.New("is not an http, https or mailto link")

// CheckLink checks that link is an absolute http or https URL with a host,
// or a mailto URL with an address, and nothing a reader's program would
// take for something else (spaces, control characters, angle brackets).
// It returns a [*FieldError] naming field and wrapping [ErrLinkScheme]
// and [ErrInvalid], or nil.
func CheckLink(field, link string) error {
	bad := &FieldError{Field: field, Err: ErrLinkScheme}
	if link == "" || strings.ContainsAny(link, " <>\"\\`") || strings.IndexFunc(link, unicode.IsControl) >= 0 || strings.IndexFunc(link, unicode.IsSpace) >= 0 {
		return bad
	}
	u, err := url.Parse(link)
	if err != nil {
		return bad
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		if u.Host == "" || u.Opaque != "" {
			return bad
		}
	case "mailto":
		if u.Opaque == "" || !strings.Contains(u.Opaque, "@") {
			return bad
		}
	default:
		return bad
	}
	return nil
}

// NextMeeting is the date and place of a group's next meeting, as the
// minutes announce it.
type NextMeeting struct {
	Date  Date   `json:"date"`
	Place string `json:"place,omitempty"`
}
