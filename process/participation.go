package process

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
)

func init() {
	register(
		commands(phase.Participation, Invite{}, DecideParticipation{}),
		eventsOf(event[Invited](), event[ParticipationDecided](sameShape)),
	)
}

// Invite invites organisations to take part in the process (the direct
// invitation of Dalarna's February 2015). Each decides for itself with
// [DecideParticipation].
type Invite struct {
	Organisations []model.OrganisationID
	Note          string
}

// Name implements [Command].
func (Invite) Name() string { return "invite" }

// rule implements [Command]: the default policy's check ([RecordRules]).
func (Invite) rule(r Request, p model.PersonID, today model.Date) string {
	return coordinates(r, p, today)
}

// DecideParticipation records an invited organisation's own decision to
// take part or to decline: the date, its deciding body, its record
// reference and, when it joins, its representatives and the areas it
// shares responsibility for. An organisation decides once.
type DecideParticipation struct{ Participation model.Participation }

// Name implements [Command].
func (DecideParticipation) Name() string { return "decide-participation" }

// rule implements [Command]: the default policy's check ([RecordRules]).
func (DecideParticipation) rule(r Request, p model.PersonID, today model.Date) string {
	return decidesParticipation(r, p, today)
}

// Invited records the invitation of organisations.
type Invited struct {
	Organisations []model.OrganisationID `json:"organisations"`
	Note          string                 `json:"note,omitempty"`
}

// EventType implements [Payload].
func (Invited) EventType() string { return "invited" }

// ParticipationDecided records an organisation's participation decision.
// Schema version 2 added a representative's Title; a version 1 event has
// none, so it reads as it is.
type ParticipationDecided struct {
	Participation model.Participation `json:"participation"`
}

// EventType implements [Payload].
func (ParticipationDecided) EventType() string { return "participation-decided" }

// Invitation is an invited organisation, when it was invited, and its
// decision once it has taken one.
type Invitation struct {
	Organisation model.OrganisationID `json:"organisation"`
	At           time.Time            `json:"at,omitzero"`
	Note         string               `json:"note,omitempty"`
	// Decision is the organisation's participation decision, nil until it
	// has decided; Decided is when it was recorded.
	Decision *model.Participation `json:"decision,omitempty"`
	Decided  time.Time            `json:"decided,omitzero"`
}

func (c Invite) decide(_ context.Context, s *State, _ *env) ([]Payload, error) {
	if len(c.Organisations) == 0 {
		return nil, &model.FieldError{Field: "Organisations", Err: model.ErrRequired}
	}
	for i, o := range c.Organisations {
		f := fmt.Sprintf("Organisations[%d]", i)
		switch {
		case !s.organisations.has(o):
			return nil, unknown(f, o)
		case s.invitations.has(o):
			return nil, &ReferenceError{Field: f, ID: o.String(), Err: ErrAlreadyRecorded}
		case slices.Contains(c.Organisations[:i], o):
			return nil, &model.FieldError{Field: f, Err: model.ErrDuplicate}
		}
	}
	if err := model.CheckText("Note", c.Note, false); err != nil {
		return nil, err
	}
	return one(Invited{Organisations: slices.Clone(c.Organisations), Note: c.Note}), nil
}

func (c DecideParticipation) decide(_ context.Context, s *State, env *env) ([]Payload, error) {
	p := c.Participation
	if err := p.Validate(); err != nil {
		return nil, model.Within("Participation", err)
	}
	inv, ok := s.invitations.get(p.Organisation)
	switch {
	case !s.organisations.has(p.Organisation):
		return nil, unknown("Participation.Organisation", p.Organisation)
	case !ok:
		return nil, &ReferenceError{Field: "Participation.Organisation", ID: p.Organisation.String(), Err: ErrNotInvited}
	case inv.Decision != nil:
		return nil, &ReferenceError{Field: "Participation.Organisation", ID: p.Organisation.String(), Err: ErrAlreadyDecided}
	}
	for i, r := range p.Representatives {
		f := fmt.Sprintf("Participation.Representatives[%d]", i)
		if !s.persons.has(r.Person) {
			return nil, unknown(f+".Person", r.Person)
		}
		if !r.Area.IsZero() && !s.hasArea(r.Area) {
			return nil, unknown(f+".Area", r.Area)
		}
	}
	for i, a := range p.Areas {
		if !s.hasArea(a) {
			return nil, unknown(fmt.Sprintf("Participation.Areas[%d]", i), a)
		}
	}
	if err := s.checkReference(env.refs, "Participation.Reference", p.Organisation, p.Reference); err != nil {
		return nil, err
	}
	p.Representatives, p.Areas = slices.Clone(p.Representatives), slices.Clone(p.Areas)
	return one(ParticipationDecided{Participation: p}), nil
}

func (s *State) hasArea(id model.AreaID) bool { return s.areas.has(id) }

// Invitations returns the invited organisations in the order they were
// invited, each with its decision if it has taken one.
func (s *State) Invitations() []Invitation { return s.invitations.list() }

// Participation returns an organisation's participation decision.
func (s *State) Participation(org model.OrganisationID) (model.Participation, bool) {
	inv, ok := s.invitations.get(org)
	if !ok || inv.Decision == nil {
		return model.Participation{}, false
	}
	return *inv.Decision, true
}

// Participants returns the organisations that decided to take part, in the
// order they were invited.
func (s *State) Participants() []model.OrganisationID {
	var out []model.OrganisationID
	for _, inv := range s.invitations.all() {
		if inv.Decision != nil && inv.Decision.Joins {
			out = append(out, inv.Organisation)
		}
	}
	return out
}

// participationDecided holds when organisations were invited and each has
// decided.
func participationDecided(s *State, _ model.Date) bool {
	for _, inv := range s.invitations.all() {
		if inv.Decision == nil {
			return false
		}
	}
	return s.invitations.len() > 0
}

func decidesParticipation(r Request, p model.PersonID, day model.Date) string {
	part := r.Command.(DecideParticipation).Participation
	switch {
	case r.State.represents(p, part.Organisation):
		return ""
	case r.State.coordinator(p, day) && part.Reference != "":
		return "" // registered under the organisation's own record reference
	}
	return "only the organisation's representative records its decision, or a coordinator under the organisation's record reference"
}

// apply implements [Payload].
func (d Invited) apply(s *State, e *Event) error {
	for _, o := range d.Organisations {
		s.invitations.put(o, Invitation{Organisation: o, At: e.OccurredAt, Note: d.Note})
	}
	return nil
}

// apply implements [Payload].
func (d ParticipationDecided) apply(s *State, e *Event) error {
	inv, ok := s.invitations.get(d.Participation.Organisation)
	if !ok {
		return fmt.Errorf("%w: %s: invitation of %s not found", ErrCorrupt, e.Process, d.Participation.Organisation)
	}
	p := d.Participation
	inv.Decision, inv.Decided = &p, e.OccurredAt
	s.invitations.put(inv.Organisation, inv)
	return nil
}
