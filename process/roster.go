package process

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
)

func init() {
	register(
		commands(phase.Roster, RegisterOrganisation{}, RegisterPerson{}, DefineArea{}, FormGroup{}, AddMember{}, EndMembership{}),
		commands(phase.Administration, DisposePersonalData{}, HandOverCoordination{}),
		eventsOf(event[PersonalDataDisposed](), event[OrganisationRegistered](sameShape), event[PersonRegistered](), event[AreaDefined](), event[GroupFormed](sameShape), event[MemberAdded](sameShape), event[MembershipEnded](), event[CoordinationHandedOver]()),
	)
}

// RegisterOrganisation registers an organisation taking part. Its ID must be
// new to the process, and so must its official code among organisations of
// its kind (a region and a county administrative board share a county code).
type RegisterOrganisation struct{ Organisation model.Organisation }

// RegisterPerson registers a person taking part. Their organisation, if
// given, must be registered.
type RegisterPerson struct{ Person model.Person }

// DefineArea defines an intervention area; its number must be new.
type DefineArea struct{ Area model.Area }

// FormGroup forms a group or body.
type FormGroup struct{ Group model.Group }

// AddMember adds a person or an organisation to a group, in a role, from a
// start date. A group has at most one chair, vice chair and secretary at a
// time: a second one for an overlapping period returns [ErrRoleTaken].
type AddMember struct{ Membership model.Membership }

// EndMembership ends a membership on a date (its last day).
type EndMembership struct {
	Membership model.MembershipID
	End        model.Date
}

// Name implements [Command].
func (RegisterOrganisation) Name() string { return "register-organisation" }

// rule implements [Command]: the default policy's check ([RecordRules]).
func (RegisterOrganisation) rule(r Request, p model.PersonID, today model.Date) string {
	return coordinates(r, p, today)
}

// Name implements [Command].
func (RegisterPerson) Name() string { return "register-person" }

// rule implements [Command]: the default policy's check ([RecordRules]).
func (RegisterPerson) rule(r Request, p model.PersonID, today model.Date) string {
	return coordinates(r, p, today)
}

// Name implements [Command].
func (DefineArea) Name() string { return "define-area" }

// rule implements [Command]: the default policy's check ([RecordRules]).
func (DefineArea) rule(r Request, p model.PersonID, today model.Date) string {
	return coordinates(r, p, today)
}

// Name implements [Command].
func (FormGroup) Name() string { return "form-group" }

// rule implements [Command]: the default policy's check ([RecordRules]).
func (FormGroup) rule(r Request, p model.PersonID, today model.Date) string {
	return coordinates(r, p, today)
}

// Name implements [Command].
func (AddMember) Name() string { return "add-member" }

// rule implements [Command]: the default policy's check ([RecordRules]).
func (AddMember) rule(r Request, p model.PersonID, today model.Date) string {
	return coordinates(r, p, today)
}

// Name implements [Command].
func (EndMembership) Name() string { return "end-membership" }

// rule implements [Command]: the default policy's check ([RecordRules]).
func (EndMembership) rule(r Request, p model.PersonID, today model.Date) string {
	return coordinates(r, p, today)
}

func (c RegisterOrganisation) decide(_ context.Context, s *State, _ *env) ([]Payload, error) {
	o := c.Organisation
	if err := o.Validate(); err != nil {
		return nil, model.Within("Organisation", err)
	}
	if s.organisations.has(o.ID) {
		return nil, taken("Organisation.ID", o.ID)
	}
	if _, dup := s.codes[codeOf(o)]; o.Code != "" && dup {
		return nil, taken("Organisation.Code", o.Code)
	}
	if !o.Parent.IsZero() && !s.organisations.has(o.Parent) {
		return nil, unknown("Organisation.Parent", o.Parent)
	}
	return one(OrganisationRegistered{Organisation: o}), nil
}

func (c RegisterPerson) decide(_ context.Context, s *State, _ *env) ([]Payload, error) {
	p := c.Person
	if err := p.Validate(); err != nil {
		return nil, model.Within("Person", err)
	}
	if s.persons.has(p.ID) {
		return nil, taken("Person.ID", p.ID)
	}
	if !p.Organisation.IsZero() && !s.organisations.has(p.Organisation) {
		return nil, unknown("Person.Organisation", p.Organisation)
	}
	return one(PersonRegistered{Person: p}), nil
}

func (c DefineArea) decide(_ context.Context, s *State, _ *env) ([]Payload, error) {
	a := c.Area
	if err := a.Validate(); err != nil {
		return nil, model.Within("Area", err)
	}
	if s.areas.has(a.ID) {
		return nil, taken("Area.ID", a.ID)
	}
	for _, other := range s.areas.all() {
		if other.Number == a.Number {
			return nil, taken("Area.Number", a.Number)
		}
	}
	return one(AreaDefined{Area: a}), nil
}

func (c FormGroup) decide(_ context.Context, s *State, _ *env) ([]Payload, error) {
	g := c.Group
	if err := g.Validate(); err != nil {
		return nil, model.Within("Group", err)
	}
	switch {
	case s.groups.has(g.ID):
		return nil, taken("Group.ID", g.ID)
	case !g.Organisation.IsZero() && !s.organisations.has(g.Organisation):
		return nil, unknown("Group.Organisation", g.Organisation)
	case !g.Area.IsZero() && !s.areas.has(g.Area):
		return nil, unknown("Group.Area", g.Area)
	}
	if err := s.checkAppointment(g); err != nil {
		return nil, err
	}
	return one(GroupFormed{Group: g}), nil
}

func (c AddMember) decide(_ context.Context, s *State, _ *env) ([]Payload, error) {
	m := c.Membership
	if err := m.Validate(); err != nil {
		return nil, model.Within("Membership", err)
	}
	switch {
	case s.memberships.has(m.ID):
		return nil, taken("Membership.ID", m.ID)
	case !s.groups.has(m.Group):
		return nil, unknown("Membership.Group", m.Group)
	case !m.Member.Person.IsZero() && !s.persons.has(m.Member.Person):
		return nil, unknown("Membership.Member.Person", m.Member.Person)
	case !m.Member.Organisation.IsZero() && !s.organisations.has(m.Member.Organisation):
		return nil, unknown("Membership.Member.Organisation", m.Member.Organisation)
	}
	if m.Role.Exclusive() {
		for _, other := range s.memberships.all() {
			if other.Group == m.Group && other.Role == m.Role && other.Period.Overlaps(m.Period) {
				return nil, &ReferenceError{Field: "Membership.Role", ID: m.Role.String(), Detail: "held by membership " + other.ID.String(), Err: ErrRoleTaken}
			}
		}
	}
	return one(MemberAdded{Membership: m}), nil
}

func (c EndMembership) decide(_ context.Context, s *State, _ *env) ([]Payload, error) {
	m, ok := s.memberships.get(c.Membership)
	switch {
	case c.Membership.IsZero():
		return nil, &model.FieldError{Field: "Membership", Err: model.ErrRequired}
	case !c.End.Valid():
		return nil, &model.FieldError{Field: "End", Err: model.ErrOutOfRange}
	case !ok:
		return nil, unknown("Membership", c.Membership)
	case !m.Period.End.IsZero():
		return nil, &ReferenceError{Field: "Membership", ID: c.Membership.String(), Err: ErrAlreadyRecorded}
	case c.End.Before(m.Period.Start):
		return nil, &model.FieldError{Field: "End", Err: model.ErrDateOrder}
	}
	return one(MembershipEnded{Membership: c.Membership, End: c.End}), nil
}

// groupFormed returns the criterion that a group of the kind exists and has
// at least one member.
func groupFormed(name phase.CriterionName, kinds []model.GroupKind, sv, en string) Criterion {
	return Criterion{
		Name:  name,
		Label: model.Label{SV: sv, EN: en},
		Met: func(s *State, _ model.Date) bool {
			for _, m := range s.memberships.all() {
				if g, _ := s.groups.get(m.Group); slices.Contains(kinds, g.Kind) {
					return true
				}
			}
			return false
		},
	}
}

// DisposedName replaces the name of a person whose personal data has been
// disposed of.
const DisposedName = "[gallrad]"

// DisposePersonalData applies a disposal decision (gallringsbeslut) to a
// person: from this event on, the state and everything read from it show
// the person by ID only, with DisposedName for a name. The decision's
// record reference is required. The earlier events are not rewritten: see
// docs/personal-data.md for what that means and what a host does about it.
type DisposePersonalData struct {
	Person    model.PersonID
	Reference string // the disposal decision's record reference
	Note      string
}

// Name implements [Command].
func (DisposePersonalData) Name() string { return "dispose-personal-data" }

// rule implements [Command]: the default policy's check ([RecordRules]).
func (DisposePersonalData) rule(r Request, p model.PersonID, today model.Date) string {
	return coordinates(r, p, today)
}

// PersonalDataDisposed records a disposal decision applied to a person.
type PersonalDataDisposed struct {
	Person    model.PersonID `json:"person"`
	Reference string         `json:"reference"`
	Note      string         `json:"note,omitempty"`
}

// EventType implements [Payload].
func (PersonalDataDisposed) EventType() string { return "personal-data-disposed" }

// Disposal is a disposal decision applied to a person.
type Disposal struct {
	Person    model.PersonID `json:"person"`
	Reference string         `json:"reference"`
	Note      string         `json:"note,omitempty"`
	At        time.Time      `json:"at,omitzero"`
}

func (c DisposePersonalData) decide(_ context.Context, s *State, _ *env) ([]Payload, error) {
	switch {
	case c.Person.IsZero():
		return nil, &model.FieldError{Field: "Person", Err: model.ErrRequired}
	case !s.persons.has(c.Person):
		return nil, unknown("Person", c.Person)
	case s.disposed.has(c.Person):
		return nil, &ReferenceError{Field: "Person", ID: c.Person.String(), Err: ErrAlreadyRecorded}
	}
	if err := model.CheckText("Reference", c.Reference, true); err != nil {
		return nil, err
	}
	if err := model.CheckText("Note", c.Note, false); err != nil {
		return nil, err
	}
	return one(PersonalDataDisposed{Person: c.Person, Reference: c.Reference, Note: c.Note}), nil
}

// Disposals returns the disposal decisions applied, in order.
func (s *State) Disposals() []Disposal { return s.disposed.list() }

// PersonDisposed reports whether a disposal decision has been applied to the
// person's data, so that a renderer shows the person by ID alone.
func (s *State) PersonDisposed(id model.PersonID) bool { return s.disposed.has(id) }

// OrganisationRegistered records an organisation taking part.
type OrganisationRegistered struct {
	Organisation model.Organisation `json:"organisation"`
}

// PersonRegistered records a person taking part.
type PersonRegistered struct {
	Person model.Person `json:"person"`
}

// AreaDefined records an intervention area.
type AreaDefined struct {
	Area model.Area `json:"area"`
}

// GroupFormed records a group or body being formed.
type GroupFormed struct {
	Group model.Group `json:"group"`
}

// MemberAdded records a membership in a group.
type MemberAdded struct {
	Membership model.Membership `json:"membership"`
}

// MembershipEnded records the end of a membership.
type MembershipEnded struct {
	Membership model.MembershipID `json:"membership"`
	End        model.Date         `json:"end"`
}

// EventType implements [Payload].
func (OrganisationRegistered) EventType() string { return "organisation-registered" }

// EventType implements [Payload].
func (PersonRegistered) EventType() string { return "person-registered" }

// EventType implements [Payload].
func (AreaDefined) EventType() string { return "area-defined" }

// EventType implements [Payload].
func (GroupFormed) EventType() string { return "group-formed" }

// EventType implements [Payload].
func (MemberAdded) EventType() string { return "member-added" }

// EventType implements [Payload].
func (MembershipEnded) EventType() string { return "membership-ended" }

// HandOverCoordination hands over the coordinating role that the person
// who started the process holds (samordnare): To coordinates from On, and
// whoever held the role stops on the day before. End, when set, is the last
// day of To's term; after it nobody holds the role until it is handed over
// again. On is today or later, and after the day the current term began;
// To is a registered person (or the starter, taking it back). Under
// [RecordRules] the holder hands it over, or a coordinator on a recorded
// decision (the actor's Authority.Decision).
type HandOverCoordination struct {
	To  model.PersonID
	On  model.Date
	End model.Date
}

// Name implements [Command].
func (HandOverCoordination) Name() string { return "hand-over-coordination" }

// rule implements [Command]: the default policy's check ([RecordRules]).
func (HandOverCoordination) rule(r Request, p model.PersonID, today model.Date) string {
	return handsOverCoordination(r, p, today)
}

// CoordinationHandedOver records a hand-over of the process's coordinating
// role. From is who held it on the day before On (zero when nobody did).
type CoordinationHandedOver struct {
	From model.PersonID `json:"from,omitzero"`
	To   model.PersonID `json:"to"`
	On   model.Date     `json:"on"`
	End  model.Date     `json:"end,omitzero"`
}

// EventType implements [Payload].
func (CoordinationHandedOver) EventType() string { return "coordination-handed-over" }

// CoordinationTerm is one holder's term of the process's coordinating role.
type CoordinationTerm struct {
	Person model.PersonID `json:"person"`
	Period model.Period   `json:"period"` // an open End: until it is handed over
}

func (c HandOverCoordination) decide(_ context.Context, s *State, env *env) ([]Payload, error) {
	terms := s.Coordination()
	last := terms[len(terms)-1]
	switch {
	case c.To.IsZero():
		return nil, &model.FieldError{Field: "To", Err: model.ErrRequired}
	case !c.On.Valid():
		return nil, &model.FieldError{Field: "On", Err: model.ErrOutOfRange}
	case !c.End.IsZero() && !c.End.Valid():
		return nil, &model.FieldError{Field: "End", Err: model.ErrOutOfRange}
	case !s.persons.has(c.To) && c.To != s.starter:
		return nil, unknown("To", c.To)
	case c.On.Before(env.today) || !c.On.After(last.Period.Start):
		return nil, &model.FieldError{Field: "On", Err: model.ErrDateOrder}
	case !c.End.IsZero() && c.End.Before(c.On):
		return nil, &model.FieldError{Field: "End", Err: model.ErrDateOrder}
	}
	var from model.PersonID
	if last.Period.Contains(c.On.AddDays(-1)) {
		from = last.Person
	}
	if from == c.To && (last.Period.End.IsZero() || !last.Period.End.Before(c.On)) {
		return nil, &ReferenceError{Field: "To", ID: c.To.String(), Detail: "already coordinates on " + c.On.String(), Err: ErrAlreadyRecorded}
	}
	return one(CoordinationHandedOver{From: from, To: c.To, On: c.On, End: c.End}), nil
}

// Coordination returns the terms of the process's coordinating role, the
// starter's first: the starter holds it from the start until they hand it
// over ([HandOverCoordination]).
func (s *State) Coordination() []CoordinationTerm {
	if len(s.coordination) == 0 {
		return []CoordinationTerm{{Person: s.starter, Period: model.Period{Start: s.Today(s.started)}}}
	}
	return slices.Clone(s.coordination)
}

// holdsCoordination reports whether p holds the process's coordinating
// role on day: the starter until they hand it over, then each receiver
// over their term.
func (s *State) holdsCoordination(p model.PersonID, day model.Date) bool {
	if p.IsZero() {
		return false
	}
	if len(s.coordination) == 0 {
		return p == s.starter
	}
	for _, t := range s.coordination {
		if t.Person == p && t.Period.Contains(day) {
			return true
		}
	}
	return false
}

func handsOverCoordination(r Request, p model.PersonID, day model.Date) string {
	switch {
	case r.State.holdsCoordination(p, day):
		return ""
	case r.State.coordinator(p, day) && !r.Actor.Authority.Decision.IsZero():
		return "" // on a recorded decision, which RecordRules has found in the record
	}
	return fmt.Sprintf("the coordinating role is handed over by its holder on %s, or by a coordinator on a recorded decision (the actor's Authority.Decision)", day)
}

// apply implements [Payload].
func (d CoordinationHandedOver) apply(s *State, e *Event) error {
	if len(s.coordination) == 0 {
		s.coordination = []CoordinationTerm{{Person: s.starter, Period: model.Period{Start: s.Today(s.started)}}}
	}
	last := &s.coordination[len(s.coordination)-1]
	if !d.On.After(last.Period.Start) {
		return fmt.Errorf("%w: %s: coordination handed over on %s, not after %s", ErrCorrupt, e.Process, d.On, last.Period.Start)
	}
	if last.Period.End.IsZero() || !last.Period.End.Before(d.On) {
		last.Period.End = d.On.AddDays(-1)
	}
	s.coordination = append(s.coordination, CoordinationTerm{Person: d.To, Period: model.Period{Start: d.On, End: d.End}})
	return nil
}

// checkMember checks that a member names a known person or organisation.
func (s *State) checkMember(field string, m model.Member) error {
	switch {
	case m.Person.IsZero() && m.Organisation.IsZero():
		return &model.FieldError{Field: field, Err: model.ErrRequired}
	case !m.Person.IsZero() && !m.Organisation.IsZero():
		return &model.FieldError{Field: field + ".Organisation", Err: model.ErrNotAllowed}
	case !m.Person.IsZero() && !s.persons.has(m.Person):
		return unknown(field+".Person", m.Person)
	case !m.Organisation.IsZero() && !s.organisations.has(m.Organisation):
		return unknown(field+".Organisation", m.Organisation)
	}
	return nil
}

// coordinatingGroups are the groups whose project lead or secretary
// coordinates the process.
var coordinatingGroups = map[model.GroupKind]bool{
	model.GroupSteering: true, model.GroupWorking: true, model.GroupProjectManagement: true, model.GroupTemporaryWorking: true,
}

// coordinator reports whether p coordinates the process on day.
func (s *State) coordinator(p model.PersonID, day model.Date) bool {
	if s.holdsCoordination(p, day) {
		return true
	}
	for _, m := range s.memberships.all() {
		if m.Member.Person == p && (m.Role == model.RoleProjectLead || m.Role == model.RoleSecretary) && m.ActiveOn(day) {
			if g, _ := s.groups.get(m.Group); coordinatingGroups[g.Kind] {
				return true
			}
		}
	}
	return false
}

// secretary reports whether p is the group's secretary on day.
func (s *State) secretary(p model.PersonID, group model.GroupID, day model.Date) bool {
	for _, m := range s.memberships.all() {
		if m.Group == group && m.Member.Person == p && m.Role == model.RoleSecretary && m.ActiveOn(day) {
			return true
		}
	}
	return false
}

// represents reports whether p represents the organisation: registered
// with it, or named by it when it decided to take part.
func (s *State) represents(p model.PersonID, org model.OrganisationID) bool {
	if org.IsZero() {
		return false
	}
	if person, ok := s.persons.get(p); ok && person.Organisation == org {
		return true
	}
	if inv, ok := s.invitations.get(org); ok && inv.Decision != nil {
		for _, r := range inv.Decision.Representatives {
			if r.Person == p {
				return true
			}
		}
	}
	return false
}

func coordinates(r Request, p model.PersonID, day model.Date) string {
	if r.State.coordinator(p, day) {
		return ""
	}
	return fmt.Sprintf("only a coordinator of the process on %s (who holds the role its starter had, or a group's project lead or secretary)", day)
}

// Organisation returns the organisation with the ID.
func (s *State) Organisation(id model.OrganisationID) (model.Organisation, bool) {
	return s.organisations.get(id)
}

// OrganisationByCode returns the organisation of the kind with the official
// code, such as the municipality with code "1490".
func (s *State) OrganisationByCode(kind model.OrganisationKind, code string) (model.Organisation, bool) {
	id, ok := s.codes[officialCode{kind, code}]
	if !ok {
		return model.Organisation{}, false
	}
	return s.organisations.get(id)
}

// Organisations returns the organisations, sorted by name in Swedish order.
func (s *State) Organisations() []model.Organisation {
	out := s.organisations.list()
	slices.SortStableFunc(out, func(a, b model.Organisation) int { return model.CompareSwedish(a.Name, b.Name) })
	return out
}

// Person returns the person with the ID.
func (s *State) Person(id model.PersonID) (model.Person, bool) { return s.persons.get(id) }

// Persons returns the persons, sorted by name in Swedish order.
func (s *State) Persons() []model.Person {
	out := s.persons.list()
	slices.SortStableFunc(out, func(a, b model.Person) int { return model.CompareSwedish(a.Name, b.Name) })
	return out
}

// Areas returns the intervention areas by number.
func (s *State) Areas() []model.Area {
	out := s.areas.list()
	slices.SortStableFunc(out, func(a, b model.Area) int { return cmp.Compare(a.Number, b.Number) })
	return out
}

// Group returns the group with the ID.
func (s *State) Group(id model.GroupID) (model.Group, bool) { return s.groups.get(id) }

// Groups returns the groups in the order they were formed.
func (s *State) Groups() []model.Group { return s.groups.list() }

// Members returns the memberships of the group that hold on day, in the
// order they were added; with a zero day, every membership the group has
// ever had.
func (s *State) Members(group model.GroupID, day model.Date) []model.Membership {
	var out []model.Membership
	for _, m := range s.memberships.all() {
		if m.Group == group && (day.IsZero() || m.ActiveOn(day)) {
			out = append(out, m)
		}
	}
	return out
}

// officialCode keys organisations by kind and code: a region, its county
// council and its county administrative board share a county code.
type officialCode struct {
	kind model.OrganisationKind
	code string
}

func codeOf(o model.Organisation) officialCode { return officialCode{o.Kind, o.Code} }

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

// apply implements [Payload].
func (d OrganisationRegistered) apply(s *State, e *Event) error {
	s.addOrganisation(d.Organisation)
	return nil
}

// apply implements [Payload].
func (d PersonRegistered) apply(s *State, e *Event) error {
	s.persons.put(d.Person.ID, d.Person)
	return nil
}

// apply implements [Payload].
func (d AreaDefined) apply(s *State, e *Event) error {
	s.areas.put(d.Area.ID, d.Area)
	return nil
}

// apply implements [Payload].
func (d GroupFormed) apply(s *State, e *Event) error {
	s.groups.put(d.Group.ID, d.Group)
	return nil
}

// apply implements [Payload].
func (d MemberAdded) apply(s *State, e *Event) error {
	s.memberships.put(d.Membership.ID, d.Membership)
	return nil
}

// apply implements [Payload].
func (d MembershipEnded) apply(s *State, e *Event) error {
	m, ok := s.memberships.get(d.Membership)
	if !ok {
		return fmt.Errorf("%w: %s: membership %s not found", ErrCorrupt, e.Process, d.Membership)
	}
	m.Period.End = d.End
	s.memberships.put(m.ID, m)
	return nil
}

// apply implements [Payload].
func (d PersonalDataDisposed) apply(s *State, e *Event) error {
	p, ok := s.persons.get(d.Person)
	if !ok {
		return fmt.Errorf("%w: %s: person %s not found", ErrCorrupt, e.Process, d.Person)
	}
	p.Name, p.Title, p.Party = DisposedName, "", ""
	s.persons.put(p.ID, p)
	s.disposed.put(p.ID, Disposal{Person: p.ID, Reference: d.Reference, Note: d.Note, At: e.OccurredAt})
	return nil
}
