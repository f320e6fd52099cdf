package intake

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/process"
)

// MaxBytes is the most input one read accepts (16 MiB).
const MaxBytes = 16 << 20

// The errors of intake, matched with errors.Is.
var (
	// ErrMalformed is returned when the input is not CSV or JSON of the
	// expected shape: no header, a missing column, broken quoting.
	ErrMalformed = errors.New("intake: malformed input")
	// ErrTooLarge is returned for input over MaxBytes or with too many rows.
	ErrTooLarge = errors.New("intake: input too large")
)

// Columns names the CSV columns, as the header line spells them (case and
// surrounding spaces do not matter). A zero field takes the default in
// brackets; Text, Areas and ID are optional columns.
type Columns struct {
	Title     string // [title]
	Text      string // [text]
	Kind      string // [kind]: situation, measure or åtgärd
	Submitter string // [submitter]: an organisation's name or official code
	Areas     string // [areas]: area numbers or names, separated by | or ,
	ID        string // [id]: the proposal's UUID; a new one when absent
}

// Options are the optional settings of a read; nil means defaults.
type Options struct {
	Columns Columns
	// Meeting is the meeting every proposal came from, if any.
	Meeting model.MeetingID
}

// RowError is what is wrong with one row.
type RowError struct {
	Line   int    // the CSV line the row starts on; 0 for JSON
	Item   int    // the row's place among the rows, from 1
	Column string // the column (CSV) or key (JSON) at fault, if one is
	Err    error
}

// Error names the line (or item), the column and the problem.
func (e *RowError) Error() string {
	where := fmt.Sprintf("item %d", e.Item)
	if e.Line > 0 {
		where = fmt.Sprintf("line %d", e.Line)
	}
	if e.Column != "" {
		where += ", " + e.Column
	}
	return "intake: " + where + ": " + e.Err.Error()
}

// Unwrap returns the problem.
func (e *RowError) Unwrap() error { return e.Err }

// row is one proposal as read, before it is resolved.
type row struct {
	line, item                       int
	id, title, text, kind, submitter string
	areas                            []string
}

// CSV reads proposals from CSV for the process in state s.
func CSV(r io.Reader, s *process.State, opts *Options) ([]model.Proposal, error) {
	data, err := readAll(r)
	if err != nil {
		return nil, err
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = separator(data)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%w: no header line: %v", ErrMalformed, err)
	}
	cols := columns(opts)
	at := map[string]int{}
	for i, h := range header {
		at[strings.ToLower(strings.TrimSpace(h))] = i
	}
	need := func(name string) (int, error) {
		i, ok := at[strings.ToLower(name)]
		if !ok {
			return 0, fmt.Errorf("%w: the header has no column %q", ErrMalformed, name)
		}
		return i, nil
	}
	var errs []error
	iTitle, e1 := need(cols.Title)
	iKind, e2 := need(cols.Kind)
	iSub, e3 := need(cols.Submitter)
	if err := errors.Join(e1, e2, e3); err != nil {
		return nil, err
	}
	optional := func(name string) int {
		if i, ok := at[strings.ToLower(name)]; ok {
			return i
		}
		return -1
	}
	iText, iAreas, iID := optional(cols.Text), optional(cols.Areas), optional(cols.ID)

	var rows []row
	for item := 1; ; item++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.StartLine
			}
			errs = append(errs, &RowError{Line: line, Item: item, Err: fmt.Errorf("%w: %v", ErrMalformed, err)})
			if len(errs) > 100 {
				break // a file this broken says enough
			}
			continue
		}
		line, _ := cr.FieldPos(0) // only after a successful read: it panics otherwise
		if len(rows) >= process.MaxProposalsPerCommand {
			return nil, fmt.Errorf("%w: more than %d rows", ErrTooLarge, process.MaxProposalsPerCommand)
		}
		field := func(i int) string {
			if i < 0 || i >= len(rec) {
				return ""
			}
			return strings.TrimSpace(rec[i])
		}
		if isBlank(rec) {
			continue
		}
		rows = append(rows, row{
			line: line, item: item, id: field(iID), title: field(iTitle), text: field(iText),
			kind: field(iKind), submitter: field(iSub), areas: splitAreas(field(iAreas)),
		})
	}
	return resolve(rows, cols, s, opts, errs)
}

// jsonProposal is one proposal in JSON.
type jsonProposal struct {
	ID        string            `json:"id"`
	Title     string            `json:"title"`
	Text      string            `json:"text"`
	Kind      string            `json:"kind"`
	Submitter string            `json:"submitter"`
	Areas     []json.RawMessage `json:"areas"` // numbers or names
}

// JSON reads proposals from a JSON array of objects with the keys id
// (optional), title, text, kind, submitter and areas (numbers or names),
// for the process in state s.
func JSON(r io.Reader, s *process.State, opts *Options) ([]model.Proposal, error) {
	data, err := readAll(r)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var items []jsonProposal
	if err := dec.Decode(&items); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if len(items) > process.MaxProposalsPerCommand {
		return nil, fmt.Errorf("%w: more than %d proposals", ErrTooLarge, process.MaxProposalsPerCommand)
	}
	var errs []error
	rows := make([]row, 0, len(items))
	for i, it := range items {
		r := row{item: i + 1, id: it.ID, title: it.Title, text: it.Text, kind: it.Kind, submitter: it.Submitter}
		for _, a := range it.Areas {
			var name string
			if json.Unmarshal(a, &name) != nil {
				name = string(a) // a number
			}
			r.areas = append(r.areas, strings.TrimSpace(name))
		}
		rows = append(rows, r)
	}
	return resolve(rows, columns(nil), s, opts, errs)
}

// resolve turns rows into proposals, checking each against the state;
// cols names the columns (or JSON keys) in errors.
func resolve(rows []row, cols Columns, s *process.State, opts *Options, errs []error) ([]model.Proposal, error) {
	var meeting model.MeetingID
	if opts != nil {
		meeting = opts.Meeting
	}
	if !meeting.IsZero() {
		if _, ok := s.Meeting(meeting); !ok {
			return nil, fmt.Errorf("intake: meeting %s: %w", meeting, process.ErrUnknownReference)
		}
	}
	orgs := organisationIndex(s)
	seen := map[model.ProposalID]int{}
	out := make([]model.Proposal, 0, len(rows))
	for _, r := range rows {
		bad := func(col string, err error) {
			errs = append(errs, &RowError{Line: r.line, Item: r.item, Column: col, Err: err})
		}
		p := model.Proposal{ID: model.NewID[model.Proposal](), Title: r.title, Text: r.text, Meeting: meeting}
		ok := true
		if r.id != "" {
			id, err := model.ParseID[model.Proposal](r.id)
			if err != nil {
				bad(cols.ID, err)
				ok = false
			} else if first, dup := seen[id]; dup {
				bad(cols.ID, fmt.Errorf("%w: the same ID as item %d", model.ErrDuplicate, first))
				ok = false
			} else if _, stored := s.Proposal(id); stored {
				bad(cols.ID, fmt.Errorf("%w: proposal %s", process.ErrAlreadyExists, id))
				ok = false
			} else {
				p.ID = id
				seen[id] = r.item
			}
		}
		if k, err := kindOf(r.kind); err != nil {
			bad(cols.Kind, err)
			ok = false
		} else {
			p.Kind = k
		}
		if org, found := orgs[strings.ToLower(r.submitter)]; found {
			p.Submitter.Organisation = org
		} else {
			bad(cols.Submitter, fmt.Errorf("%w: no organisation named or coded %q", process.ErrUnknownReference, r.submitter))
			ok = false
		}
		for _, a := range r.areas {
			id, err := areaOf(s, a)
			if err != nil {
				bad(cols.Areas, err)
				ok = false
				continue
			}
			p.Areas = append(p.Areas, id)
		}
		if !ok {
			continue
		}
		if err := p.Validate(); err != nil {
			var fe *model.FieldError
			col := ""
			if errors.As(err, &fe) {
				col = map[string]string{"Title": cols.Title, "Text": cols.Text, "Areas": cols.Areas}[fe.Field]
			}
			bad(col, err)
			continue
		}
		out = append(out, p)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return out, nil
}

// organisationIndex maps lower-case names and official codes to IDs.
func organisationIndex(s *process.State) map[string]model.OrganisationID {
	idx := map[string]model.OrganisationID{}
	for _, o := range s.Organisations() {
		idx[strings.ToLower(o.Name)] = o.ID
		if o.Code != "" {
			if _, taken := idx[o.Code]; !taken || o.Kind == model.KindMunicipality {
				idx[o.Code] = o.ID
			}
		}
	}
	return idx
}

func kindOf(s string) (model.ProposalKind, error) {
	switch strings.ToLower(s) {
	case "situation":
		return model.ProposalSituation, nil
	case "measure", "åtgärd", "åtgärdsförslag":
		return model.ProposalMeasure, nil
	case "":
		return 0, model.ErrRequired
	}
	return 0, fmt.Errorf("%w: %q is neither situation nor åtgärd/measure", model.ErrUnknownValue, s)
}

func areaOf(s *process.State, a string) (model.AreaID, error) {
	n, numErr := strconv.Atoi(a)
	for _, area := range s.Areas() {
		if (numErr == nil && area.Number == n) || strings.EqualFold(area.Name, a) {
			return area.ID, nil
		}
	}
	return model.AreaID{}, fmt.Errorf("%w: no intervention area %q", process.ErrUnknownReference, a)
}

func splitAreas(cell string) []string {
	var out []string
	for _, part := range strings.FieldsFunc(cell, func(r rune) bool { return r == '|' || r == ',' }) {
		if p := strings.TrimSpace(part); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func isBlank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// separator picks the separator the header line uses more: ';' (Swedish
// Excel) or ','.
func separator(data []byte) rune {
	line, _, _ := bytes.Cut(data, []byte("\n"))
	if bytes.Count(line, []byte(";")) > bytes.Count(line, []byte(",")) {
		return ';'
	}
	return ','
}

func columns(opts *Options) Columns {
	c := Columns{Title: "title", Text: "text", Kind: "kind", Submitter: "submitter", Areas: "areas", ID: "id"}
	if opts == nil {
		return c
	}
	set := func(dst *string, v string) {
		if v != "" {
			*dst = v
		}
	}
	set(&c.Title, opts.Columns.Title)
	set(&c.Text, opts.Columns.Text)
	set(&c.Kind, opts.Columns.Kind)
	set(&c.Submitter, opts.Columns.Submitter)
	set(&c.Areas, opts.Columns.Areas)
	set(&c.ID, opts.Columns.ID)
	return c
}

func readAll(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("intake: read: %w", err)
	}
	if len(data) > MaxBytes {
		return nil, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, MaxBytes)
	}
	return data, nil
}
