package consultation

import (
	"errors"
	"fmt"

	"github.com/samling-go/samling/model"
)

// RoundID identifies a consultation round.
type RoundID = model.ID[Round]

// ResponseID identifies one response.
type ResponseID = model.ID[Response]

// Kind is the kind of consultation.
type Kind uint8

// The kinds of consultation.
const (
	// Remiss is the formal consultation round: written answers, registered
	// by the consultee (remiss, remissomgång).
	Remiss Kind = iota + 1
	// Samrad is the informal consultation: a dialogue, whose answers may be
	// notes from a meeting (samråd).
	Samrad
)

// String returns "remiss" or "samrad".
func (k Kind) String() string {
	switch k {
	case Remiss:
		return "remiss"
	case Samrad:
		return "samrad"
	}
	return fmt.Sprintf("unknown(%d)", uint8(k))
}

// Label returns the Swedish and English names of the kind.
func (k Kind) Label() model.Label {
	switch k {
	case Remiss:
		return model.Label{SV: "remiss", EN: "formal consultation"}
	case Samrad:
		return model.Label{SV: "samråd", EN: "informal consultation"}
	}
	return model.Label{}
}

// MarshalText implements [encoding.TextMarshaler].
// The unset kind is the empty text, so that a zero value round-trips.
func (k Kind) MarshalText() ([]byte, error) {
	if k == 0 {
		return nil, nil
	}
	return []byte(k.String()), nil
}

// UnmarshalText implements [encoding.TextUnmarshaler].
func (k *Kind) UnmarshalText(b []byte) error {
	switch string(b) {
	case "remiss":
		*k = Remiss
	case "samrad":
		*k = Samrad
	case "":
		*k = 0
	default:
		return &model.FieldError{Field: "Kind", Err: fmt.Errorf("%w: %q", model.ErrUnknownValue, b)}
	}
	return nil
}

// Consultee is an organisation a round is sent to.
type Consultee struct {
	Organisation model.OrganisationID `json:"organisation"`
	// Required consultees count in the required response rate and in the
	// criterion that every required consultee has answered.
	Required bool `json:"required"`
	// Deadline is this consultee's own deadline, after an extension; zero
	// means the round's.
	Deadline model.Date `json:"deadline,omitzero"`
}

// Round is a consultation round: a pinned document version sent to
// consultees, to answer by a deadline.
type Round struct {
	ID    RoundID `json:"id"`
	Kind  Kind    `json:"kind"`
	Title string  `json:"title"`
	// Document is the pinned document version the round is about. Items
	// are its measures at their pinned text versions, copied when the round
	// is drafted, so what was sent out never changes.
	Document   model.DocumentID     `json:"document"`
	Items      []model.DocumentItem `json:"items,omitempty"`
	Consultees []Consultee          `json:"consultees"`
	Deadline   model.Date           `json:"deadline"`
}

// MaxConsultees is the most consultees one round may have.
const MaxConsultees = 10_000

// Validate checks the round on its own: a kind, a title, a document, a
// deadline, and consultees, none twice.
func (r Round) Validate() error {
	var errs []error
	add := func(field string, err error) { errs = append(errs, &model.FieldError{Field: field, Err: err}) }
	if r.ID.IsZero() {
		add("ID", model.ErrRequired)
	}
	if r.Kind != Remiss && r.Kind != Samrad {
		add("Kind", model.ErrRequired)
	}
	if r.Title == "" {
		add("Title", model.ErrRequired)
	}
	if r.Document.IsZero() {
		add("Document", model.ErrRequired)
	}
	if !r.Deadline.Valid() {
		add("Deadline", model.ErrRequired)
	}
	switch {
	case len(r.Consultees) == 0:
		add("Consultees", model.ErrRequired)
	case len(r.Consultees) > MaxConsultees:
		add("Consultees", model.ErrOutOfRange)
	}
	seen := map[model.OrganisationID]bool{}
	for i, c := range r.Consultees {
		switch {
		case c.Organisation.IsZero():
			add(fmt.Sprintf("Consultees[%d].Organisation", i), model.ErrRequired)
		case seen[c.Organisation]:
			add(fmt.Sprintf("Consultees[%d].Organisation", i), model.ErrDuplicate)
		}
		if !c.Deadline.IsZero() && !c.Deadline.Valid() {
			add(fmt.Sprintf("Consultees[%d].Deadline", i), model.ErrOutOfRange)
		}
		seen[c.Organisation] = true
	}
	return errors.Join(errs...)
}

// Consultee returns the consultee entry of an organisation.
func (r Round) Consultee(org model.OrganisationID) (Consultee, bool) {
	for _, c := range r.Consultees {
		if c.Organisation == org {
			return c, true
		}
	}
	return Consultee{}, false
}

// DeadlineFor returns an organisation's deadline: its own after an
// extension, or the round's.
func (r Round) DeadlineFor(org model.OrganisationID) model.Date {
	if c, ok := r.Consultee(org); ok && !c.Deadline.IsZero() {
		return c.Deadline
	}
	return r.Deadline
}

// Covers reports whether the round sent out the measure.
func (r Round) Covers(m model.MeasureID) bool {
	for _, it := range r.Items {
		if it.Measure == m {
			return true
		}
	}
	return false
}
