package export

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/process"
)

// Popolo is the Popolo document of a process: its persons, organisations
// (with the groups as organisations under them), memberships, meetings as
// events, decisions as motions with their vote events.
type Popolo struct {
	Persons       []PopoloPerson       `json:"persons"`
	Organizations []PopoloOrganization `json:"organizations"`
	Memberships   []PopoloMembership   `json:"memberships"`
	Events        []PopoloEvent        `json:"events"`
	Motions       []PopoloMotion       `json:"motions"`
	VoteEvents    []PopoloVoteEvent    `json:"vote_events"`
}

// PopoloPerson is a Popolo person. Name follows the export's policy.
type PopoloPerson struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
}

// PopoloIdentifier is an issued identifier, such as a municipality code.
type PopoloIdentifier struct {
	Identifier string `json:"identifier"`
	Scheme     string `json:"scheme,omitempty"`
}

// PopoloOrganization is a Popolo organization.
type PopoloOrganization struct {
	ID             string             `json:"id"`
	Name           string             `json:"name"`
	Classification string             `json:"classification,omitempty"`
	Identifiers    []PopoloIdentifier `json:"identifiers,omitempty"`
	ParentID       string             `json:"parent_id,omitempty"`
}

// PopoloMembership is a Popolo membership: a person's or an organisation's
// place in a group.
type PopoloMembership struct {
	ID             string         `json:"id"`
	Role           string         `json:"role,omitempty"`
	PersonID       string         `json:"person_id,omitempty"`
	Member         map[string]any `json:"member,omitempty"`
	OrganizationID string         `json:"organization_id"`
	StartDate      string         `json:"start_date,omitempty"`
	EndDate        string         `json:"end_date,omitempty"`
}

// PopoloEvent is a Popolo event: a meeting.
type PopoloEvent struct {
	ID             string `json:"id"`
	Name           string `json:"name"`
	Classification string `json:"classification,omitempty"`
	StartDate      string `json:"start_date"` // the day, or the date and time when the meeting's time is known
	EndDate        string `json:"end_date,omitempty"`
	Location       string `json:"location,omitempty"`
	Status         string `json:"status,omitempty"`
	OrganizationID string `json:"organization_id,omitempty"`
}

// PopoloMotion is a Popolo motion: what a body decided on. Date would be
// the time of the meeting that decided it; Popolo's schema wants a date
// and time there, and the record knows only the meeting's day, so Date
// is left out rather than a made-up midnight: the day is on the meeting's
// event, which the vote event links to.
//
// The recommendations and the measures are motions too: classified
// "recommendation" and "measure", a measure's ParentID naming the
// recommendation it is under (an extension of Popolo's motion, after its
// organization's parent_id); they have no organization or result.
type PopoloMotion struct {
	ID             string `json:"id"`
	OrganizationID string `json:"organization_id,omitempty"`
	Text           string `json:"text"`
	Identifier     string `json:"identifier,omitempty"`
	Classification string `json:"classification,omitempty"`
	Date           string `json:"date,omitempty"`
	Result         string `json:"result,omitempty"`
	ParentID       string `json:"parent_id,omitempty"`
}

// PopoloCount is the number of votes for an option.
type PopoloCount struct {
	Option string `json:"option"`
	Value  int    `json:"value"`
}

// PopoloVote is one voter's vote.
type PopoloVote struct {
	VoterID string `json:"voter_id"`
	Option  string `json:"option"`
}

// PopoloVoteEvent is a Popolo vote event: how a decision was taken.
// LegislativeSessionID is the ID of the event (the meeting) at which it
// was taken: the field Popolo's vote event schema offers for the event a
// vote occurs in (its legislative_session is an event), and that event's
// start_date is the meeting's day. StartDate, a date and time in Popolo's
// schema, is left out, as the record knows no time of day.
type PopoloVoteEvent struct {
	ID                   string        `json:"id"`
	MotionID             string        `json:"motion_id"`
	OrganizationID       string        `json:"organization_id"`
	LegislativeSessionID string        `json:"legislative_session_id,omitempty"`
	StartDate            string        `json:"start_date,omitempty"`
	Result               string        `json:"result"`
	Counts               []PopoloCount `json:"counts"`
	Votes                []PopoloVote  `json:"votes,omitempty"`
}

// ErrNoKey is returned when names are to be pseudonymised without a key.
var ErrNoKey = errors.New("export: pseudonyms need a key")

// ErrSeparator is returned for a CSV separator other than a comma, a
// semicolon or a tab.
var ErrSeparator = errors.New("export: the CSV separator must be a comma, a semicolon or a tab")

func (o Options) check() error {
	if o.Names == PseudonymiseNames && len(o.Key) == 0 {
		return ErrNoKey
	}
	if o.Names > ShowNames {
		return fmt.Errorf("export: unknown name policy %d", o.Names)
	}
	switch o.Separator {
	case 0, ',', ';', '\t':
	default:
		return fmt.Errorf("%w, not %q", ErrSeparator, o.Separator)
	}
	return nil
}

// popoloOptions are the Popolo vote options of the library's positions.
var popoloOptions = map[model.Position]string{model.Agree: "yes", model.Abstain: "abstain", model.Disagree: "no", model.Block: "block"}

// ToPopolo builds the Popolo document of a process.
func ToPopolo(s *process.State, o Options) (Popolo, error) {
	if err := o.check(); err != nil {
		return Popolo{}, err
	}
	p := Popolo{Persons: []PopoloPerson{}, Organizations: []PopoloOrganization{}, Memberships: []PopoloMembership{},
		Events: []PopoloEvent{}, Motions: []PopoloMotion{}, VoteEvents: []PopoloVoteEvent{}}
	for _, person := range s.Persons() {
		ref, name := o.person(s, person.ID)
		p.Persons = append(p.Persons, PopoloPerson{ID: ref, Name: name})
	}
	// Without names, persons are listed by pseudonym or ID: the state's
	// order is by name, which would give away the names' order.
	hidden := o.Names != ShowNames
	if hidden {
		slices.SortFunc(p.Persons, func(a, b PopoloPerson) int { return strings.Compare(a.ID, b.ID) })
	}
	for _, org := range s.Organisations() {
		po := PopoloOrganization{ID: org.ID.String(), Name: org.Name, Classification: org.Kind.String()}
		if !org.Parent.IsZero() {
			po.ParentID = org.Parent.String() // a department within its municipality
		}
		switch org.Kind.CodeKind() {
		case model.MunicipalityCode:
			po.Identifiers = []PopoloIdentifier{{Identifier: org.Code, Scheme: "se-scb-kommunkod"}}
		case model.CountyCode:
			if org.Code != "" {
				po.Identifiers = []PopoloIdentifier{{Identifier: org.Code, Scheme: "se-scb-lanskod"}}
			}
		}
		p.Organizations = append(p.Organizations, po)
	}
	for _, g := range s.Groups() {
		po := PopoloOrganization{ID: g.ID.String(), Name: g.Name, Classification: g.Kind.String()}
		if !g.Organisation.IsZero() {
			po.ParentID = g.Organisation.String()
		}
		p.Organizations = append(p.Organizations, po)
		first := len(p.Memberships)
		for _, m := range s.Members(g.ID, model.Date{}) {
			pm := PopoloMembership{ID: m.ID.String(), Role: m.Role.String(), OrganizationID: g.ID.String(), StartDate: m.Period.Start.String()}
			if !m.Period.End.IsZero() {
				pm.EndDate = m.Period.End.String()
			}
			if !m.Member.Person.IsZero() {
				pm.PersonID, _ = o.person(s, m.Member.Person)
			} else {
				pm.Member = map[string]any{"@type": "Organization", "id": m.Member.Organisation.String()}
			}
			p.Memberships = append(p.Memberships, pm)
		}
		if hidden {
			slices.SortStableFunc(p.Memberships[first:], func(a, b PopoloMembership) int { return strings.Compare(memberRef(a), memberRef(b)) })
		}
	}
	for _, m := range s.Meetings() {
		status := "planned"
		if m.Held {
			status = "held"
		}
		ev := PopoloEvent{ID: m.ID.String(), Name: m.Title, Classification: m.Kind.String(), StartDate: m.Date.String(), Location: m.Place, Status: status}
		if start, end, ok := m.Times(s.Location()); ok {
			ev.StartDate = start.Format(time.RFC3339)
			if m.Duration > 0 {
				ev.EndDate = end.Format(time.RFC3339)
			}
		}
		if !m.Group.IsZero() {
			ev.OrganizationID = m.Group.String()
		}
		p.Events = append(p.Events, ev)
	}
	for _, d := range s.Decisions() {
		motion := PopoloMotion{ID: "motion-" + d.ID.String(), OrganizationID: d.Body.String(), Text: subjectText(s, d.Subject, o.lang()),
			Identifier: d.Reference, Classification: d.Subject.Kind.String(), Result: "pass"}
		ve := PopoloVoteEvent{ID: d.ID.String(), MotionID: motion.ID, OrganizationID: d.Body.String(), Result: "pass",
			Counts: []PopoloCount{{"yes", d.Tally.Agree}, {"abstain", d.Tally.Abstain}, {"no", d.Tally.Disagree}, {"block", d.Tally.Block},
				{"absent", max(d.Tally.Members-d.Tally.Present, 0)}}}
		if !d.Meeting.IsZero() {
			ve.LegislativeSessionID = d.Meeting.String()
		}
		for _, v := range d.Votes {
			voter := v.Member.Organisation.String()
			if !v.Member.Person.IsZero() {
				voter, _ = o.person(s, v.Member.Person)
			}
			ve.Votes = append(ve.Votes, PopoloVote{VoterID: voter, Option: popoloOptions[v.Position]})
		}
		if hidden {
			slices.SortStableFunc(ve.Votes, func(a, b PopoloVote) int { return strings.Compare(a.VoterID, b.VoterID) })
		}
		p.Motions = append(p.Motions, motion)
		p.VoteEvents = append(p.VoteEvents, ve)
	}
	p.Motions = append(p.Motions, popoloRecommendations(s)...)
	return p, nil
}

// memberRef is the person or organisation a membership is of.
func memberRef(m PopoloMembership) string {
	if m.PersonID != "" {
		return m.PersonID
	}
	id, _ := m.Member["id"].(string)
	return id
}

// PopoloJSON is the Popolo document as indented JSON.
func PopoloJSON(s *process.State, o Options) ([]byte, error) {
	p, err := ToPopolo(s, o)
	if err != nil {
		return nil, err
	}
	return json.MarshalIndent(p, "", "  ")
}

// subjectText says what a decision is about in words.
func subjectText(s *process.State, sub model.Subject, lang model.Lang) string {
	if sub.Title != "" {
		return sub.Title
	}
	switch sub.Kind {
	case model.SubjectDocument:
		for _, d := range s.Documents() {
			if d.ID == sub.Document {
				return d.Title
			}
		}
	case model.SubjectParticipation:
		org, _ := s.Organisation(sub.Organisation)
		return sub.Kind.Label().In(lang) + ": " + org.Name
	case model.SubjectPhase:
		return sub.Kind.Label().In(lang) + ": " + sub.Trigger
	}
	return sub.Kind.Label().In(lang)
}
