package export

import (
	"bufio"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/samling-go/samling/process"
)

// bom is the UTF-8 byte-order mark, by which Excel knows a CSV file is
// UTF-8 and keeps å, ä and ö.
const bom = "\ufeff"

// separators are the characters any reader may split a line on: the
// comma, the semicolon (Swedish Excel) and the tab (a text import).
const separators = ",;\t"

// writeCSV writes a dataTable as CSV (RFC 4180): UTF-8 with a byte-order
// mark, CRLF line ends, the separator the options name. A field is quoted
// when it holds any separator (not only the file's own), a quote, a line
// break or leading or trailing space, so that a reader that splits on
// another separator than the file's still cannot cut a field into cells
// that begin where the writer did not guard them (see guard).
func writeCSV(w io.Writer, o Options, t dataTable) error {
	sep := o.separator()
	bw := bufio.NewWriter(w)
	bw.WriteString(bom)
	line := func(fields []string) {
		for i, f := range fields {
			if i > 0 {
				bw.WriteRune(sep)
			}
			if needsQuotes(f) {
				bw.WriteByte('"')
				bw.WriteString(strings.ReplaceAll(f, `"`, `""`))
				bw.WriteByte('"')
			} else {
				bw.WriteString(f)
			}
		}
		bw.WriteString("\r\n")
	}
	line(t.header(o.lang()))
	fields := make([]string, len(t.columns))
	for _, r := range t.rows {
		for i, c := range r {
			fields[i] = guard(c.String())
		}
		line(fields[:len(r)])
	}
	return bw.Flush()
}

func needsQuotes(f string) bool {
	if f == "" {
		return false
	}
	if strings.ContainsAny(f, separators+"\"\r\n") {
		return true
	}
	first, _ := utf8.DecodeRuneInString(f)
	last, _ := utf8.DecodeLastRuneInString(f)
	return unicode.IsSpace(first) || unicode.IsSpace(last)
}

// guard stops a spreadsheet from reading text as a formula (CSV
// injection) by putting an apostrophe before it, the mark spreadsheets
// take for "this is text". It looks at the start of the cell and at every
// place a reader could start a cell inside it: after each comma,
// semicolon, tab, carriage return and line feed, so that a file read
// with another separator than it was written with, or by a reader that
// splits lines inside quotes, yields no formula either. At each such
// start it skips white space and quotes, and guards the piece when it
// then begins with
//
//   - = or @ (a formula or a function call): always;
//   - + or - : unless a digit follows (after spaces) and nothing from there
//     to the end of the cell is a formula operator or reference sign
//     (= + - * / ^ & ( ) < > ! | : $ @ " [ ] { }).
//
// Such a signed number, phone number or percentage, with words after it
// or not ("-5 % arbetslöshet", "+46 8 123 45"), is ordinary text: read as
// a formula it is a number, at most followed by the intersection of that
// number with names, which is an error value; it can compute nothing,
// read no cell, call no function and reach no other program, so marking
// it would only put an apostrophe on common Swedish text.
func guard(c string) string {
	var marks []int // where an apostrophe goes
	start := 0
	for i := 0; i <= len(c); i++ {
		if i < len(c) && !strings.ContainsRune(separators+"\r\n", rune(c[i])) {
			continue
		}
		// c[start:i] is a piece; the rest of the cell from start is c[start:].
		if triggers(c[start:], i-start) {
			marks = append(marks, start)
		}
		start = i + 1
	}
	if len(marks) == 0 {
		return c
	}
	var b strings.Builder
	b.Grow(len(c) + len(marks))
	last := 0
	for _, m := range marks {
		b.WriteString(c[last:m])
		b.WriteByte('\'')
		last = m
	}
	b.WriteString(c[last:])
	return b.String()
}

// formulaSigns are the characters that make a formula of a signed number.
const formulaSigns = `=+-*/^&()<>!|:$@"[]{}`

// triggers reports whether a piece of n bytes at the start of rest begins
// (after white space and quotes) with a formula.
func triggers(rest string, n int) bool {
	piece := strings.TrimLeftFunc(rest[:n], func(r rune) bool { return unicode.IsSpace(r) || r == '"' })
	if piece == "" {
		return false
	}
	switch piece[0] {
	case '=', '@':
		return true
	case '+', '-':
		tail := strings.TrimLeft(rest[n-len(piece)+1:], " \u00a0")
		if tail == "" || tail[0] < '0' || tail[0] > '9' {
			return true
		}
		return strings.ContainsAny(tail, formulaSigns)
	}
	return false
}

// ProposalsCSV writes the proposals: kind, title, submitter, areas, and
// what became of each.
func ProposalsCSV(w io.Writer, s *process.State, o Options) error {
	if err := o.check(); err != nil {
		return err
	}
	return writeCSV(w, o, proposalsTable(s, o))
}

// MeasuresCSV writes the measures with their current texts, how many
// proposals they came from and how many versions their texts have had.
func MeasuresCSV(w io.Writer, s *process.State, o Options) error {
	if err := o.check(); err != nil {
		return err
	}
	return writeCSV(w, o, measuresTable(s, o))
}

// ResponsesCSV writes the consultation answers, one row per comment on a
// measure (and one for an answer without any).
func ResponsesCSV(w io.Writer, s *process.State, o Options) error {
	if err := o.check(); err != nil {
		return err
	}
	return writeCSV(w, o, responsesTable(s, o))
}

// MatrixCSV writes the implementation matrix, one row per measure and
// organisation.
func MatrixCSV(w io.Writer, s *process.State, o Options) error {
	if err := o.check(); err != nil {
		return err
	}
	return writeCSV(w, o, matrixTable(s, o))
}
