package followup

import (
	"errors"
	"fmt"

	"github.com/samling-go/samling/model"
)

// Status is how far an organisation has come with a measure.
type Status uint8

// The statuses of an implementation.
const (
	NotStarted    Status = iota + 1 // ej påbörjad
	Planned                         // planerad
	InProgress                      // pågår
	Implemented                     // genomförd
	NotApplicable                   // ej aktuell
)

var statuses = []struct {
	id    string
	label model.Label
}{
	{},
	{"not-started", model.Label{SV: "ej påbörjad", EN: "not started"}},
	{"planned", model.Label{SV: "planerad", EN: "planned"}},
	{"in-progress", model.Label{SV: "pågår", EN: "in progress"}},
	{"implemented", model.Label{SV: "genomförd", EN: "implemented"}},
	{"not-applicable", model.Label{SV: "ej aktuell", EN: "not applicable"}},
}

// Statuses returns every status, in order.
func Statuses() []Status {
	return []Status{NotStarted, Planned, InProgress, Implemented, NotApplicable}
}

// Valid reports whether s is one of the statuses.
func (s Status) Valid() bool { return s > 0 && int(s) < len(statuses) }

// String returns the stable text form, such as "in-progress".
func (s Status) String() string {
	if !s.Valid() {
		return fmt.Sprintf("unknown(%d)", uint8(s))
	}
	return statuses[s].id
}

// Label returns the Swedish and English names of the status.
func (s Status) Label() model.Label {
	if !s.Valid() {
		return model.Label{}
	}
	return statuses[s].label
}

// MarshalText implements encoding.TextMarshaler; the unset status is empty.
func (s Status) MarshalText() ([]byte, error) {
	if s == 0 {
		return nil, nil
	}
	return []byte(s.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler.
func (s *Status) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*s = 0
		return nil
	}
	for i, st := range statuses[1:] {
		if st.id == string(b) {
			*s = Status(i + 1)
			return nil
		}
	}
	return &model.FieldError{Field: "Status", Err: fmt.Errorf("%w: %q", model.ErrUnknownValue, b)}
}

// Entry is one cell of the implementation matrix: how far an organisation
// has come with a measure.
type Entry struct {
	Measure      model.MeasureID      `json:"measure"`
	Organisation model.OrganisationID `json:"organisation"`
	Status       Status               `json:"status"`
	// Degree is the degree of follow-through, 1 (little) to 5 (fully); 0
	// when not assessed.
	Degree int `json:"degree,omitempty"`
	// LongTerm reports whether the organisation has committed to the
	// measure for the long term.
	LongTerm bool `json:"long_term,omitempty"`
	// Unit is the organisation's responsible unit, such as
	// "Socialförvaltningen".
	Unit       string     `json:"unit,omitempty"`
	NextReview model.Date `json:"next_review,omitzero"`
}

// Validate checks the entry on its own.
func (e Entry) Validate() error {
	var errs []error
	add := func(field string, err error) { errs = append(errs, &model.FieldError{Field: field, Err: err}) }
	if e.Measure.IsZero() {
		add("Measure", model.ErrRequired)
	}
	if e.Organisation.IsZero() {
		add("Organisation", model.ErrRequired)
	}
	switch {
	case e.Status == 0:
		add("Status", model.ErrRequired)
	case !e.Status.Valid():
		add("Status", model.ErrUnknownValue)
	}
	if e.Degree < 0 || e.Degree > 5 {
		add("Degree", model.ErrOutOfRange)
	}
	if err := model.CheckText("Unit", e.Unit, false); err != nil {
		errs = append(errs, err)
	}
	if !e.NextReview.IsZero() && !e.NextReview.Valid() {
		add("NextReview", model.ErrOutOfRange)
	}
	return errors.Join(errs...)
}

// Rollup sums the entries of one measure, organisation or area.
type Rollup struct {
	Entries  int            `json:"entries"`
	ByStatus map[Status]int `json:"by_status"`
	// Assessed is how many entries have a degree, and Degree their mean;
	// 0 when none has.
	Assessed int     `json:"assessed"`
	Degree   float64 `json:"degree"`
	LongTerm int     `json:"long_term"`
}

// Share returns the share, 0–1, of the entries with the status.
func (r Rollup) Share(s Status) float64 {
	if r.Entries == 0 {
		return 0
	}
	return float64(r.ByStatus[s]) / float64(r.Entries)
}

// RollupBy sums entries by the key each one maps to: a measure, an
// organisation, an intervention area.
func RollupBy[K comparable](entries []Entry, key func(Entry) K) map[K]Rollup {
	out := map[K]Rollup{}
	sums := map[K]int{}
	for _, e := range entries {
		k := key(e)
		r := out[k]
		if r.ByStatus == nil {
			r.ByStatus = map[Status]int{}
		}
		r.Entries++
		r.ByStatus[e.Status]++
		if e.Degree > 0 {
			r.Assessed++
			sums[k] += e.Degree
		}
		if e.LongTerm {
			r.LongTerm++
		}
		out[k] = r
	}
	for k, r := range out {
		if r.Assessed > 0 {
			r.Degree = float64(sums[k]) / float64(r.Assessed)
			out[k] = r
		}
	}
	return out
}
