package consultation

import (
	"errors"
	"fmt"
	"time"

	"github.com/samling-go/samling/model"
)

// Stance is a position on the document or on one measure.
type Stance uint8

// The stances of a response.
const (
	Supports            Stance = iota + 1 // tillstyrker
	SupportsWithChanges                   // tillstyrker med ändringar
	Opposes                               // avstyrker
	DeclinesToComment                     // avstår från att yttra sig
	NoAnswer                              // inget svar: said so explicitly
)

var stances = []struct {
	id    string
	label model.Label
}{
	{},
	{"supports", model.Label{SV: "tillstyrker", EN: "supports"}},
	{"supports-with-changes", model.Label{SV: "tillstyrker med ändringar", EN: "supports with changes"}},
	{"opposes", model.Label{SV: "avstyrker", EN: "opposes"}},
	{"declines-to-comment", model.Label{SV: "avstår", EN: "declines to comment"}},
	{"no-answer", model.Label{SV: "inget svar", EN: "no answer"}},
}

// Stances returns every stance, in order.
func Stances() []Stance {
	return []Stance{Supports, SupportsWithChanges, Opposes, DeclinesToComment, NoAnswer}
}

// String returns the stable text form, such as "supports-with-changes".
func (s Stance) String() string {
	if s == 0 || int(s) >= len(stances) {
		return fmt.Sprintf("unknown(%d)", uint8(s))
	}
	return stances[s].id
}

// Label returns the Swedish and English names of the stance.
func (s Stance) Label() model.Label {
	if s == 0 || int(s) >= len(stances) {
		return model.Label{}
	}
	return stances[s].label
}

// Valid reports whether s is one of the stances.
func (s Stance) Valid() bool { return s >= Supports && s <= NoAnswer }

// MarshalText implements [encoding.TextMarshaler].
// The unset stance is the empty text, so that a zero value round-trips.
func (s Stance) MarshalText() ([]byte, error) {
	if s == 0 {
		return nil, nil
	}
	return []byte(s.String()), nil
}

// UnmarshalText implements [encoding.TextUnmarshaler].
func (s *Stance) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*s = 0
		return nil
	}
	for i, st := range stances[1:] {
		if st.id == string(b) {
			*s = Stance(i + 1)
			return nil
		}
	}
	return &model.FieldError{Field: "Stance", Err: fmt.Errorf("%w: %q", model.ErrUnknownValue, b)}
}

// ItemResponse is a stance and comment on one measure of the document.
type ItemResponse struct {
	Measure model.MeasureID `json:"measure"`
	Stance  Stance          `json:"stance"`
	Comment string          `json:"comment,omitempty"`
}

// Response is one organisation's answer to a round.
type Response struct {
	ID           ResponseID           `json:"id"`
	Round        RoundID              `json:"round"`
	Organisation model.OrganisationID `json:"organisation"`
	Stance       Stance               `json:"stance"`
	Items        []ItemResponse       `json:"items,omitempty"`
	// RespondedBy is who answered on the organisation's behalf.
	RespondedBy model.PersonID `json:"responded_by,omitzero"`
	// Reference is the consultee's record reference (diarienummer) for a
	// remiss answer, or the meeting's for samråd notes.
	Reference string `json:"reference,omitempty"`
	// Note is free text: a samråd's notes from the meeting, a cover letter.
	Note string `json:"note,omitempty"`
	// Received is when the answer arrived; Late whether that was after the
	// organisation's deadline; Supersedes the organisation's earlier
	// answer, if any. The process sets all three.
	Received   time.Time  `json:"received"`
	Late       bool       `json:"late,omitempty"`
	Supersedes ResponseID `json:"supersedes,omitzero"`
}

// Validate checks the response on its own. An explicit "no answer" carries
// no stances per measure.
func (r Response) Validate() error {
	var errs []error
	add := func(field string, err error) { errs = append(errs, &model.FieldError{Field: field, Err: err}) }
	if r.ID.IsZero() {
		add("ID", model.ErrRequired)
	}
	if r.Round.IsZero() {
		add("Round", model.ErrRequired)
	}
	if r.Organisation.IsZero() {
		add("Organisation", model.ErrRequired)
	}
	if !r.Stance.Valid() {
		add("Stance", model.ErrRequired)
	}
	if r.Stance == NoAnswer && len(r.Items) > 0 {
		add("Items", model.ErrNotAllowed)
	}
	seen := map[model.MeasureID]bool{}
	for i, it := range r.Items {
		field := fmt.Sprintf("Items[%d]", i)
		switch {
		case it.Measure.IsZero():
			add(field+".Measure", model.ErrRequired)
		case seen[it.Measure]:
			add(field+".Measure", model.ErrDuplicate)
		}
		seen[it.Measure] = true
		if !it.Stance.Valid() || it.Stance == NoAnswer {
			add(field+".Stance", model.ErrRequired)
		}
		if len(it.Comment) > model.MaxTextLen {
			add(field+".Comment", model.ErrTooLong)
		}
	}
	if len(r.Note) > model.MaxTextLen {
		add("Note", model.ErrTooLong)
	}
	return errors.Join(errs...)
}

// Latest returns each organisation's latest response, in the order of the
// round's consultees.
func Latest(r Round, responses []Response) []Response {
	last := map[model.OrganisationID]Response{}
	for _, resp := range responses {
		if resp.Round == r.ID {
			last[resp.Organisation] = resp
		}
	}
	var out []Response
	for _, c := range r.Consultees {
		if resp, ok := last[c.Organisation]; ok {
			out = append(out, resp)
		}
	}
	return out
}
