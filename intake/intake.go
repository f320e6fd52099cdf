package intake

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/process"
)

// MaxBytes is the most input one read accepts (16 MiB).
const MaxBytes = 16 << 20

// MaxErrors is how many problems a read reports in full; the ones after
// them are only counted ([Errors.More]).
const MaxErrors = 100

// MaxAreas is the most intervention areas one proposal may name: a longer
// areas cell (or JSON array) is a row error, not split further.
const MaxAreas = 256

// maxQuoted is how many bytes of a cell an error message quotes.
const maxQuoted = 64

// The errors of intake, matched with errors.Is.
var (
	// ErrMalformed is returned when the input is not CSV or JSON of the
	// expected shape: no header, a missing column, broken quoting, data
	// after the JSON array.
	ErrMalformed = errors.New("intake: malformed input")
	// ErrTooLarge is returned for input over MaxBytes or with more than
	// process.MaxProposalsPerCommand rows, and (inside a [*RowError]) for a
	// row naming more than MaxAreas areas.
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

// Errors is what is wrong with the rows of a read: the first MaxErrors
// problems in full, in the order of the input, and how many more there
// were. A read with any bad row returns one, and no proposals.
type Errors struct {
	Rows []*RowError // the first MaxErrors problems
	More int         // how many problems were found after them
}

// Error lists the problems kept, one a line, and the count of the rest.
func (e *Errors) Error() string {
	var b strings.Builder
	for i, r := range e.Rows {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(r.Error())
	}
	if e.More > 0 {
		fmt.Fprintf(&b, "\nintake: and %d more problems", e.More)
	}
	return b.String()
}

// Unwrap returns the problems kept, for errors.Is and errors.As.
func (e *Errors) Unwrap() []error {
	out := make([]error, len(e.Rows))
	for i, r := range e.Rows {
		out[i] = r
	}
	return out
}

// collector keeps the first MaxErrors problems and counts the rest.
type collector struct{ Errors }

// room reports whether another problem would be kept in full: when it
// would not, the caller counts it with skip instead of building it.
func (c *collector) room() bool { return len(c.Rows) < MaxErrors }

func (c *collector) add(e *RowError) {
	if c.room() {
		c.Rows = append(c.Rows, e)
	} else {
		c.More++
	}
}

func (c *collector) skip() { c.More++ }

func (c *collector) err() error {
	if len(c.Rows) == 0 {
		return nil
	}
	return &c.Errors
}

// row is one proposal as read, before it is resolved.
type row struct {
	line, item                       int
	id, title, text, kind, submitter string
	areas                            []string
	tooManyAreas                     bool // the row named more than MaxAreas
}

// CSV reads proposals from CSV for the process in state s. It reads as it
// parses: past MaxBytes or past process.MaxProposalsPerCommand rows it
// stops with ErrTooLarge without reading the rest.
func CSV(r io.Reader, s *process.State, opts *Options) ([]model.Proposal, error) {
	lim := &limitReader{r: r, n: MaxBytes}
	br := bufio.NewReaderSize(lim, 64<<10)
	first, err := br.ReadString('\n')
	if err != nil && err != io.EOF {
		return nil, lim.fault(err)
	}
	first = strings.TrimPrefix(first, "\ufeff")
	cr := csv.NewReader(io.MultiReader(strings.NewReader(first), br))
	cr.Comma = separator(first)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		if lim.over || !isParse(err) && err != io.EOF {
			return nil, lim.fault(err)
		}
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

	rv, err := newResolver(s, cols, opts)
	if err != nil {
		return nil, err
	}
	var (
		n     int      // rows read, good or bad
		areas []string // the areas cell's names, reused from row to row
	)
	for item := 1; ; item++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if lim.over || !errors.As(err, &pe) {
				return nil, lim.fault(err)
			}
			if n++; n > process.MaxProposalsPerCommand {
				return nil, fmt.Errorf("%w: more than %d rows", ErrTooLarge, process.MaxProposalsPerCommand)
			}
			rv.errs.add(&RowError{Line: pe.StartLine, Item: item, Err: fmt.Errorf("%w: %v", ErrMalformed, pe.Err)})
			continue
		}
		if isBlank(rec) {
			continue
		}
		if n++; n > process.MaxProposalsPerCommand {
			return nil, fmt.Errorf("%w: more than %d rows", ErrTooLarge, process.MaxProposalsPerCommand)
		}
		line, _ := cr.FieldPos(0) // only after a successful read: it panics otherwise
		field := func(i int) string {
			if i < 0 || i >= len(rec) {
				return ""
			}
			return strings.TrimSpace(rec[i])
		}
		var ok bool
		areas, ok = splitAreas(areas[:0], field(iAreas))
		rv.add(&row{
			line: line, item: item, id: field(iID), title: field(iTitle), text: field(iText),
			kind: field(iKind), submitter: field(iSub), areas: areas, tooManyAreas: !ok,
		})
	}
	return rv.result()
}

// isParse reports whether err is the CSV reader's complaint about the
// input rather than a failure to read it.
func isParse(err error) bool {
	var pe *csv.ParseError
	return errors.As(err, &pe)
}

// jsonProposal is one proposal in JSON.
type jsonProposal struct {
	ID        string          `json:"id"`
	Title     string          `json:"title"`
	Text      string          `json:"text"`
	Kind      string          `json:"kind"`
	Submitter string          `json:"submitter"`
	Areas     json.RawMessage `json:"areas"` // numbers or names; read by jsonAreas
}

// JSON reads proposals from a JSON array of objects with the keys id
// (optional), title, text, kind, submitter and areas (numbers or names),
// for the process in state s. It decodes one object at a time: past
// MaxBytes or past process.MaxProposalsPerCommand objects it stops with
// ErrTooLarge without reading the rest. Anything but white space after
// the array is ErrMalformed.
func JSON(r io.Reader, s *process.State, opts *Options) ([]model.Proposal, error) {
	lim := &limitReader{r: r, n: MaxBytes}
	dec := json.NewDecoder(lim)
	dec.DisallowUnknownFields()
	malformed := func(what string, err error) error {
		if lim.over || err != nil && !isJSONSyntax(err) {
			return lim.fault(err)
		}
		if err != nil {
			return fmt.Errorf("%w: %s: %v", ErrMalformed, what, err)
		}
		return fmt.Errorf("%w: %s", ErrMalformed, what)
	}
	if t, err := dec.Token(); err != nil || t != json.Delim('[') {
		return nil, malformed("not a JSON array", err)
	}
	cols := columns(nil)
	rv, err := newResolver(s, cols, opts)
	if err != nil {
		return nil, err
	}
	for item := 1; dec.More(); item++ {
		if item > process.MaxProposalsPerCommand {
			return nil, fmt.Errorf("%w: more than %d proposals", ErrTooLarge, process.MaxProposalsPerCommand)
		}
		var it jsonProposal
		if err := dec.Decode(&it); err != nil {
			if lim.over || isJSONSyntax(err) || !isJSONValue(err) {
				return nil, malformed(fmt.Sprintf("item %d", item), err)
			}
			// The object was read whole but does not fit: a bad row.
			rv.errs.add(&RowError{Item: item, Err: fmt.Errorf("%w: %v", ErrMalformed, err)})
			continue
		}
		r := row{item: item, id: it.ID, title: it.Title, text: it.Text, kind: it.Kind, submitter: it.Submitter}
		areas, err := jsonAreas(it.Areas)
		switch {
		case errors.Is(err, ErrTooLarge):
			r.tooManyAreas = true
		case err != nil:
			rv.errs.add(&RowError{Item: item, Column: cols.Areas, Err: err})
			continue
		}
		r.areas = areas
		rv.add(&r)
	}
	if _, err := dec.Token(); err != nil { // the closing bracket
		return nil, malformed("the array does not end", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, malformed("data after the array", nil)
	}
	return rv.result()
}

// isJSONSyntax reports whether err says the input is not JSON.
func isJSONSyntax(err error) bool {
	var se *json.SyntaxError
	return errors.As(err, &se) || err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF)
}

// isJSONValue reports whether err says a well-formed JSON value does not
// fit a proposal (wrong types, unknown keys), after which the decoder can
// go on with the next one.
func isJSONValue(err error) bool {
	var te *json.UnmarshalTypeError
	return errors.As(err, &te) || strings.HasPrefix(err.Error(), "json: unknown field ")
}

// jsonAreas reads an areas array of numbers and names: ErrTooLarge past
// MaxAreas elements, without reading further, and ErrMalformed for
// anything but an array of numbers and strings.
func jsonAreas(raw json.RawMessage) ([]string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if t, err := dec.Token(); err != nil || t != json.Delim('[') {
		return nil, fmt.Errorf("%w: areas are not an array", ErrMalformed)
	}
	var out []string
	for dec.More() {
		if len(out) == MaxAreas {
			return nil, fmt.Errorf("%w: more than %d areas", ErrTooLarge, MaxAreas)
		}
		t, _ := dec.Token() // raw is one valid JSON value
		switch v := t.(type) {
		case string:
			out = append(out, strings.TrimSpace(v))
		case json.Number:
			out = append(out, v.String())
		default:
			return nil, fmt.Errorf("%w: an area is neither a number nor a name", ErrMalformed)
		}
	}
	return out, nil
}

// resolver turns rows into proposals as they are read, checking each
// against the state, and collects the problems.
type resolver struct {
	s       *process.State
	cols    Columns // names the columns (or JSON keys) in errors
	meeting model.MeetingID
	orgs    map[string]model.OrganisationID
	areas   areas
	seen    map[model.ProposalID]int
	out     []model.Proposal
	errs    collector
}

func newResolver(s *process.State, cols Columns, opts *Options) (*resolver, error) {
	rv := &resolver{s: s, cols: cols, seen: map[model.ProposalID]int{}, out: []model.Proposal{}}
	if opts != nil {
		rv.meeting = opts.Meeting
	}
	if !rv.meeting.IsZero() {
		if _, ok := s.Meeting(rv.meeting); !ok {
			return nil, fmt.Errorf("intake: meeting %s: %w", rv.meeting, process.ErrUnknownReference)
		}
	}
	rv.orgs, rv.areas = organisationIndex(s), areaIndex(s)
	return rv, nil
}

// result returns the proposals, or the problems if there were any.
func (rv *resolver) result() ([]model.Proposal, error) {
	if err := rv.errs.err(); err != nil {
		return nil, err
	}
	return rv.out, nil
}

// add checks one row and keeps its proposal or its problems; it keeps
// nothing of r itself (r.areas may be reused).
func (rv *resolver) add(r *row) {
	s, cols, errs, seen := rv.s, rv.cols, &rv.errs, rv.seen
	bad := func(col string, err error) {
		errs.add(&RowError{Line: r.line, Item: r.item, Column: col, Err: err})
	}
	p := model.Proposal{ID: model.NewID[model.Proposal](), Title: r.title, Text: r.text, Meeting: rv.meeting}
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
	if org, found := rv.orgs[strings.ToLower(r.submitter)]; found {
		p.Submitter.Organisation = org
	} else {
		bad(cols.Submitter, fmt.Errorf("%w: no organisation named or coded %s", process.ErrUnknownReference, quote(r.submitter)))
		ok = false
	}
	if r.tooManyAreas {
		bad(cols.Areas, fmt.Errorf("%w: more than %d areas", ErrTooLarge, MaxAreas))
		ok = false
	}
	for _, a := range r.areas {
		id, found := rv.areas.find(a)
		if !found {
			if errs.room() {
				bad(cols.Areas, fmt.Errorf("%w: no intervention area %s", process.ErrUnknownReference, quote(a)))
			} else {
				errs.skip()
			}
			ok = false
			continue
		}
		p.Areas = append(p.Areas, id)
	}
	if !ok {
		return
	}
	if err := p.Validate(); err != nil {
		var fe *model.FieldError
		col := ""
		if errors.As(err, &fe) {
			col = map[string]string{"Title": cols.Title, "Text": cols.Text, "Areas": cols.Areas}[fe.Field]
		}
		bad(col, err)
		return
	}
	rv.out = append(rv.out, p)
}

// quote quotes s for an error message, cut after maxQuoted bytes so that
// a hostile cell cannot blow up the message.
func quote(s string) string {
	if len(s) <= maxQuoted {
		return strconv.Quote(s)
	}
	cut := maxQuoted
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return strconv.Quote(s[:cut]) + fmt.Sprintf("… (%d bytes)", len(s))
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

// areas finds a process's intervention areas by number or by name (case
// does not matter).
type areas struct {
	byNumber map[int]model.AreaID
	byName   map[string]model.AreaID
}

func areaIndex(s *process.State) areas {
	idx := areas{byNumber: map[int]model.AreaID{}, byName: map[string]model.AreaID{}}
	for _, a := range s.Areas() {
		if _, taken := idx.byNumber[a.Number]; !taken {
			idx.byNumber[a.Number] = a.ID
		}
		if k := strings.ToLower(a.Name); k != "" {
			if _, taken := idx.byName[k]; !taken {
				idx.byName[k] = a.ID
			}
		}
	}
	return idx
}

func (idx areas) find(a string) (model.AreaID, bool) {
	if a != "" && (a[0] >= '0' && a[0] <= '9' || a[0] == '+' || a[0] == '-') { // spare Atoi's error otherwise
		if n, err := strconv.Atoi(a); err == nil {
			if id, ok := idx.byNumber[n]; ok {
				return id, true
			}
		}
	}
	// Lower-case a short ASCII name on the stack: a file of unknown names
	// then costs no allocation per name.
	var buf [64]byte
	if len(a) <= len(buf) && isASCII(a) {
		b := buf[:len(a)]
		for i := range len(a) {
			c := a[i]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b[i] = c
		}
		id, ok := idx.byName[string(b)]
		return id, ok
	}
	id, ok := idx.byName[strings.ToLower(a)]
	return id, ok
}

func isASCII(s string) bool {
	for i := range len(s) {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// splitAreas appends to names the names of an areas cell, split at | and
// ,: at most MaxAreas; it returns false, and no names, for a cell with
// more.
func splitAreas(names []string, cell string) ([]string, bool) {
	for cell != "" {
		i := strings.IndexAny(cell, "|,")
		part := cell
		if i >= 0 {
			part, cell = cell[:i], cell[i+1:]
		} else {
			cell = ""
		}
		if p := strings.TrimSpace(part); p != "" {
			if len(names) == MaxAreas {
				return names[:0], false
			}
			names = append(names, p)
		}
	}
	return names, true
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
func separator(line string) rune {
	if strings.Count(line, ";") > strings.Count(line, ",") {
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

// limitReader reads at most n bytes from r; at the next byte it fails,
// and says so in over.
type limitReader struct {
	r    io.Reader
	n    int64
	over bool
}

// errOverLimit is what a limitReader's Read returns past its limit.
var errOverLimit = fmt.Errorf("%w: more than %d bytes", ErrTooLarge, MaxBytes)

func (l *limitReader) Read(p []byte) (int, error) {
	if l.over {
		return 0, errOverLimit
	}
	if l.n <= 0 {
		var b [1]byte
		n, err := l.r.Read(b[:])
		if n > 0 {
			l.over = true
			return 0, errOverLimit
		}
		return 0, err
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	return n, err
}

// fault is the error to return for err, a failure to read: ErrTooLarge
// past the limit, else the reader's error.
func (l *limitReader) fault(err error) error {
	if l.over {
		return errOverLimit
	}
	return fmt.Errorf("intake: read: %w", err)
}
