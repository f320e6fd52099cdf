package process

import (
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/samling-go/samling/consultation"
	"github.com/samling-go/samling/followup"
	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
)

// State is a process as the fold of its events: everything the read-side
// queries answer from. A State returned by the engine is a snapshot that
// later commands do not change; it is safe to read from many goroutines.
type State struct {
	criteria *registry
	process  model.Process
	version  uint64
	last     EventID // the ID of the event at version
	started  time.Time
	def      *phase.Definition
	phase    phase.PhaseID
	cycle    int
	plan     map[phase.PhaseID]model.Period
	timeline []Visit

	organisations   table[model.OrganisationID, model.Organisation]
	codes           map[officialCode]model.OrganisationID
	persons         table[model.PersonID, model.Person]
	areas           table[model.AreaID, model.Area]
	groups          table[model.GroupID, model.Group]
	memberships     table[model.MembershipID, model.Membership]
	meetings        table[model.MeetingID, Meeting]
	proposals       table[model.ProposalID, model.Proposal]
	measures        table[model.MeasureID, model.Measure]
	recommendations table[model.RecommendationID, model.Recommendation]
	dispositions    table[model.ProposalID, []DispositionStep] // the proposal's dispositions, latest last
	revisions       table[model.MeasureID, []Revision]         // the measure's texts, version 1 first
	documents       table[model.DocumentID, model.Document]
	rounds          table[consultation.RoundID, Round]

	decisions    table[model.DecisionID, Decision]
	assignments  table[model.AssignmentID, Assignment]
	invitations  table[model.OrganisationID, Invitation]
	matrix       table[matrixKey, followup.Entry]
	surveys      table[followup.SurveyID, Survey]
	indicators   table[followup.IndicatorID, followup.Indicator]
	observations []followup.Observation
	starter      model.PersonID // who started the process: its first coordinator
	delegations  table[model.DelegationID, Delegation]
	disposed     table[model.PersonID, Disposal]

	// now is the time of the command being decided, for criteria that
	// depend on the date (a deadline that has passed); zero otherwise.
	// refs is the host's reference format while deciding.
	now  time.Time
	refs ReferenceFormat
}

// Round is a consultation round as the process knows it: the round, where
// it is in its lifecycle, and every answer in the order received (a later
// answer of an organisation supersedes its earlier one; both are kept).
type Round struct {
	consultation.Round
	Status    consultation.Status
	Responses []consultation.Response
	// Steps are the lifecycle's steps so far, with when each was taken:
	// when the round was sent out, closed, compiled.
	Steps []RoundStep
}

// RoundStep is one step of a round's lifecycle.
type RoundStep struct {
	Trigger  consultation.Trigger
	From, To consultation.Status
	Cause    model.Cause // the decision behind a reopening; the reason for a cancellation
	At       time.Time
}

// At returns when the round last entered status, and whether it has.
func (r Round) At(status consultation.Status) (time.Time, bool) {
	for i := len(r.Steps) - 1; i >= 0; i-- {
		if r.Steps[i].To == status {
			return r.Steps[i].At, true
		}
	}
	return time.Time{}, false
}

// DispositionStep is one disposition a proposal has had: the first, or a
// change with its reason.
type DispositionStep struct {
	Disposition model.Disposition
	// ChangeReason says why the disposition changed; empty for the first.
	ChangeReason string
	// At is when it was recorded, and Version the event that recorded it.
	At      time.Time
	Version uint64
}

// Revision is one version of a measure's title and text.
type Revision struct {
	Version int // from 1, the text the measure was created with
	Title   string
	Text    string
	Cause   model.Cause // why the text changed; zero for version 1
	// Responses are the consultation responses that caused the change.
	Responses []consultation.ResponseID
	At        time.Time
	Event     uint64 // the version of the event that recorded it
}

// Meeting is a meeting as the process knows it: as planned, and whether it
// has been held.
type Meeting struct {
	model.Meeting
	// Held reports whether the meeting took place; Date and HeadCount are
	// then the recorded ones, and the rest is its minutes.
	Held        bool
	Attendees   []model.Attendee
	Minutes     []model.ItemMinutes
	Attachments []model.Attachment
	Next        model.NextMeeting
}

// officialCode keys organisations by kind and code: a region, its county
// council and its county administrative board share a county code.
type officialCode struct {
	kind model.OrganisationKind
	code string
}

func codeOf(o model.Organisation) officialCode { return officialCode{o.Kind, o.Code} }

// Visit is one stay of the process in a phase: when it entered, when it
// left (zero while it is still there), in which cycle and by which trigger.
type Visit struct {
	Phase   phase.PhaseID
	Cycle   int
	Trigger phase.Trigger // empty for the start of the process
	Entered time.Time
	Left    time.Time
}

// apply folds one event into the state. Events come in version order; an
// event out of order, or one that refers to what the state does not have,
// means the stream is corrupt.
func (s *State) apply(e Event) error {
	if e.Version != s.version+1 {
		return fmt.Errorf("%w: %s: version %d follows %d", ErrCorrupt, e.Process, e.Version, s.version)
	}
	if _, started := e.Data.(ProcessStarted); !started && s.def == nil {
		return fmt.Errorf("%w: %s: %s before the process started", ErrCorrupt, e.Process, e.Data.EventType())
	}
	if done, err := s.applyFollowup(e); done {
		if err != nil {
			return err
		}
		s.version, s.last = e.Version, e.ID
		return nil
	}
	switch d := e.Data.(type) {
	case ProcessStarted:
		if s.def != nil {
			return fmt.Errorf("%w: %s: started twice", ErrCorrupt, e.Process)
		}
		def, err := phase.Build(d.Template, s.criteria.names())
		if err != nil {
			return fmt.Errorf("%w: %s: template: %w", ErrCorrupt, e.Process, err)
		}
		s.process, s.def, s.started, s.starter = d.Process, def, e.OccurredAt, e.Actor.Principal()
		s.phase, s.cycle = def.Initial(), 1
		s.plan = make(map[phase.PhaseID]model.Period)
		for _, p := range def.Phases() {
			s.plan[p.ID] = p.Planned
		}
		s.timeline = []Visit{{Phase: s.phase, Cycle: 1, Entered: e.OccurredAt}}
	case PhasePlanned:
		s.plan[d.Phase] = d.Planned
	case PhaseChanged:
		s.timeline[len(s.timeline)-1].Left = e.OccurredAt
		s.phase, s.cycle = d.To, d.Cycle
		s.timeline = append(s.timeline, Visit{Phase: d.To, Cycle: d.Cycle, Trigger: d.Trigger, Entered: e.OccurredAt})
	case OrganisationRegistered:
		s.addOrganisation(d.Organisation)
	case PersonRegistered:
		s.persons.put(d.Person.ID, d.Person)
	case AreaDefined:
		s.areas.put(d.Area.ID, d.Area)
	case GroupFormed:
		s.groups.put(d.Group.ID, d.Group)
	case MemberAdded:
		s.memberships.put(d.Membership.ID, d.Membership)
	case MembershipEnded:
		m, ok := s.memberships.get(d.Membership)
		if !ok {
			return fmt.Errorf("%w: %s: membership %s not found", ErrCorrupt, e.Process, d.Membership)
		}
		m.Period.End = d.End
		s.memberships.put(m.ID, m)
	case MeetingPlanned:
		s.meetings.put(d.Meeting.ID, Meeting{Meeting: d.Meeting})
	case MeetingHeld:
		m, ok := s.meetings.get(d.Meeting)
		if !ok {
			return fmt.Errorf("%w: %s: meeting %s not found", ErrCorrupt, e.Process, d.Meeting)
		}
		m.Held, m.Date, m.HeadCount = true, d.Date, d.HeadCount
		m.Attendees, m.Minutes, m.Attachments, m.Next = d.Attendees, d.Minutes, d.Attachments, d.Next
		s.meetings.put(m.ID, m)
		for _, a := range d.Assignments {
			s.assignments.put(a.ID, Assignment{Assignment: a, Meeting: m.ID})
		}
	case AssignmentCompleted:
		a, ok := s.assignments.get(d.Assignment)
		if !ok {
			return fmt.Errorf("%w: %s: assignment %s not found", ErrCorrupt, e.Process, d.Assignment)
		}
		a.Done, a.DoneAt, a.Note, a.DoneAtMeeting = true, e.OccurredAt, d.Note, d.Meeting
		s.assignments.put(a.ID, a)
	case Delegated:
		s.delegations.put(d.Delegation.ID, Delegation{Delegation: d.Delegation, At: e.OccurredAt})
	case DelegationRevoked:
		del, ok := s.delegations.get(d.Delegation)
		if !ok {
			return fmt.Errorf("%w: %s: delegation %s not found", ErrCorrupt, e.Process, d.Delegation)
		}
		del.Period.End = d.End
		s.delegations.put(del.ID, del)
	case PersonalDataDisposed:
		p, ok := s.persons.get(d.Person)
		if !ok {
			return fmt.Errorf("%w: %s: person %s not found", ErrCorrupt, e.Process, d.Person)
		}
		p.Name, p.Title, p.Party = DisposedName, "", ""
		s.persons.put(p.ID, p)
		s.disposed.put(p.ID, Disposal{Person: p.ID, Reference: d.Reference, Note: d.Note, At: e.OccurredAt})
	case DecisionTaken:
		s.decisions.put(d.Decision.ID, Decision{Decision: d.Decision, Tally: d.Tally, At: e.OccurredAt})
	case Invited:
		for _, o := range d.Organisations {
			s.invitations.put(o, Invitation{Organisation: o, At: e.OccurredAt, Note: d.Note})
		}
	case ParticipationDecided:
		inv, ok := s.invitations.get(d.Participation.Organisation)
		if !ok {
			return fmt.Errorf("%w: %s: invitation of %s not found", ErrCorrupt, e.Process, d.Participation.Organisation)
		}
		p := d.Participation
		inv.Decision, inv.Decided = &p, e.OccurredAt
		s.invitations.put(inv.Organisation, inv)
	case ProposalsSubmitted:
		for _, p := range d.Proposals {
			s.proposals.put(p.ID, p)
		}
	case MeasureCreated:
		m := d.Measure
		m.Sources = nil // filled by the dispositions that name the measure
		s.measures.put(m.ID, m)
		s.revisions.put(m.ID, []Revision{{Version: 1, Title: m.Title, Text: m.Text, At: e.OccurredAt, Event: e.Version}})
	case RecommendationCreated:
		s.recommendations.put(d.Recommendation.ID, d.Recommendation)
	case ProposalsDisposed:
		for _, disp := range d.Dispositions {
			s.dispose(disp, "", e)
		}
	case DispositionChanged:
		s.dispose(d.Disposition, d.Reason, e)
	case MeasureRevised:
		m, ok := s.measures.get(d.Measure)
		if !ok {
			return fmt.Errorf("%w: %s: measure %s not found", ErrCorrupt, e.Process, d.Measure)
		}
		m.Title, m.Text = d.Title, d.Text
		s.measures.put(m.ID, m)
		revs, _ := s.revisions.get(m.ID)
		s.revisions.put(m.ID, append(slices.Clip(revs), Revision{Version: d.Version, Title: d.Title, Text: d.Text, Cause: d.Cause, Responses: d.Responses, At: e.OccurredAt, Event: e.Version}))
	case MeasureRenumbered:
		m, ok := s.measures.get(d.Measure)
		if !ok {
			return fmt.Errorf("%w: %s: measure %s not found", ErrCorrupt, e.Process, d.Measure)
		}
		m.Number = d.Number
		s.measures.put(m.ID, m)
	case MeasuresGrouped:
		for _, id := range d.Measures {
			m, _ := s.measures.get(id)
			m.Recommendation = d.Recommendation
			s.measures.put(id, m)
		}
	case DocumentPinned:
		s.documents.put(d.Document.ID, d.Document)
	case RoundDrafted:
		s.rounds.put(d.Round.ID, Round{Round: d.Round, Status: consultation.Drafted})
	case RoundMoved:
		r, ok := s.rounds.get(d.Round)
		if !ok {
			return fmt.Errorf("%w: %s: round %s not found", ErrCorrupt, e.Process, d.Round)
		}
		r.Status = d.To
		r.Steps = append(r.Steps, RoundStep{Trigger: d.Trigger, From: d.From, To: d.To, Cause: d.Cause, At: e.OccurredAt})
		s.rounds.put(r.ID, r)
	case DeadlineExtended:
		r, ok := s.rounds.get(d.Round)
		if !ok {
			return fmt.Errorf("%w: %s: round %s not found", ErrCorrupt, e.Process, d.Round)
		}
		r.Consultees = slices.Clone(r.Consultees)
		for i := range r.Consultees {
			if r.Consultees[i].Organisation == d.Organisation {
				r.Consultees[i].Deadline = d.Deadline
			}
		}
		s.rounds.put(r.ID, r)
	case ResponseReceived:
		r, ok := s.rounds.get(d.Response.Round)
		if !ok {
			return fmt.Errorf("%w: %s: round %s not found", ErrCorrupt, e.Process, d.Response.Round)
		}
		resp := d.Response
		resp.Received = e.OccurredAt
		resp.Late = model.DateOf(e.OccurredAt).After(r.DeadlineFor(resp.Organisation))
		resp.Supersedes = consultation.ResponseID{}
		for _, earlier := range r.Responses {
			if earlier.Organisation == resp.Organisation {
				resp.Supersedes = earlier.ID
			}
		}
		r.Responses = append(r.Responses, resp)
		s.rounds.put(r.ID, r)
	default:
		return fmt.Errorf("%w: %s: no fold for %s", ErrCorrupt, e.Process, e.Data.EventType())
	}
	s.version, s.last = e.Version, e.ID
	return nil
}

// dispose records a disposition of a proposal and moves the proposal
// between the sources of the measures it leaves and enters. Slices shared
// with snapshots are replaced, never changed in place.
func (s *State) dispose(d model.Disposition, reason string, e Event) {
	steps, _ := s.dispositions.get(d.Proposal)
	if n := len(steps); n > 0 {
		for _, id := range steps[n-1].Disposition.Measures {
			m, _ := s.measures.get(id)
			m.Sources = slices.DeleteFunc(slices.Clone(m.Sources), func(p model.ProposalID) bool { return p == d.Proposal })
			s.measures.put(id, m)
		}
	}
	for _, id := range d.Measures {
		m, _ := s.measures.get(id)
		m.Sources = append(slices.Clip(m.Sources), d.Proposal)
		s.measures.put(id, m)
	}
	s.dispositions.put(d.Proposal, append(slices.Clip(steps), DispositionStep{Disposition: d, ChangeReason: reason, At: e.OccurredAt, Version: e.Version}))
}

// addOrganisation adds an organisation and indexes its official code.
func (s *State) addOrganisation(o model.Organisation) {
	s.organisations.put(o.ID, o)
	if o.Code != "" {
		if s.codes == nil {
			s.codes = make(map[officialCode]model.OrganisationID)
		}
		s.codes[codeOf(o)] = o.ID
	}
}

// clone returns a deep copy that later events applied to s do not reach.
// Entities are values; their slices are never changed in place, so sharing
// them is safe. A round's answers and steps are the exception: the fold
// appends to them in place, one per event, rather than copying a long list
// each time; the copy gets them clipped, so an append on either side never
// writes where the other can see.
func (s *State) clone() *State {
	c := *s
	c.plan = maps.Clone(s.plan)
	c.codes = maps.Clone(s.codes)
	c.timeline = slices.Clone(s.timeline)
	c.organisations = s.organisations.clone()
	c.persons = s.persons.clone()
	c.areas = s.areas.clone()
	c.groups = s.groups.clone()
	c.memberships = s.memberships.clone()
	c.meetings = s.meetings.clone()
	c.proposals = s.proposals.clone()
	c.measures = s.measures.clone()
	c.recommendations = s.recommendations.clone()
	c.dispositions = s.dispositions.clone()
	c.revisions = s.revisions.clone()
	c.documents = s.documents.clone()
	c.rounds = s.rounds.clone()
	c.decisions = s.decisions.clone()
	c.delegations = s.delegations.clone()
	c.matrix = s.matrix.clone()
	c.surveys = s.surveys.clone()
	c.indicators = s.indicators.clone()
	c.observations = slices.Clip(s.observations)
	c.disposed = s.disposed.clone()
	c.assignments = s.assignments.clone()
	c.invitations = s.invitations.clone()
	for i := range c.rounds.items {
		r := &c.rounds.items[i]
		r.Responses, r.Steps = slices.Clip(r.Responses), slices.Clip(r.Steps)
	}
	return &c
}
