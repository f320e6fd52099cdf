package process

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/samling-go/samling/model"
)

// RecordRules is the default policy: it enforces the process's own rules
// from its record, on the day of the command, so that a member whose term
// has ended is refused. docs/authorization.md has the table; in short:
//
//   - What an actor claims is checked against the record on the day
//     before any rule: the capacity (a role held in a group, or the
//     process's coordinating role; the mapping is at holdsCapacity and
//     in docs/authorization.md), the organisation (one the person
//     represents) and the authority (a meeting or decision named must be
//     in the record, held or taken on or before the day). An event so
//     records only what was verified.
//   - Anyone identified starts a process, in their own right, as project
//     lead or secretary and for no organisation, and holds its
//     coordinating role until they hand it over ([HandOverCoordination]).
//     Coordinators are that role's holder and whoever holds the role of
//     project lead or secretary in a steering, working, project
//     management or temporary working group on the day. They run the
//     process: register, form, plan, draft, revise, pin, advance, open and
//     close rounds, invite.
//   - A group's minutes (RecordMeeting of a meeting it holds) are recorded
//     by its secretary on the day the meeting was held, and a body's
//     decisions (Decide) by its secretary on the meeting's day; only its
//     members present take positions (Decide checks that).
//   - An organisation's representative (a person registered with it, or
//     one it named when it decided to take part) answers a consultation
//     for it and for no other, and records its participation decision. A
//     coordinator may register an answer signed by the organisation's
//     representative (RespondedBy), enter a samråd's notes, and register a
//     participation decision under the organisation's record reference.
//   - A proposal is withdrawn only by its submitter (the person, or a
//     representative of the organisation) or by a coordinator acting on a
//     recorded decision (the actor's Authority).
//   - An assignment is completed by its assignee or by the group's
//     secretary.
//   - An organisation reports its own implementation of the measures and
//     answers a follow-up survey for itself; a coordinator may register
//     either. Surveys, codings and indicators are a coordinator's.
//   - An actor may act for another person (model.Actor.For) only under a
//     delegation from them that covers the command on the day; the rules,
//     and the check of the capacity and organisation claimed, are then
//     applied to the person delegating. A delegation is recorded by the
//     delegator or by a coordinator on a recorded decision, names only
//     commands the delegator may perform on the day, and one recorded
//     under a delegation stays within its commands and period.
//
// Hosts may wrap it (check their own rules first, then call it) or replace
// it through [Options].Authorizer.
var RecordRules Authorizer = AuthorizerFunc(recordRules)

// AllowAllForTesting allows every command to every identified actor and
// checks no rule at all. It exists for tests of other things than
// authorization, and its name says so; a host that decides everything
// behind its own login and wants no rules of the process enforced writes an
// [Authorizer] that says as much.
var AllowAllForTesting Authorizer = AuthorizerFunc(func(context.Context, Request) error { return nil })

func recordRules(_ context.Context, r Request) error {
	name := r.Command.Name()
	refuse := func(why string) error { return &ForbiddenError{Actor: r.Actor, Command: name, Rule: why} }
	if _, ok := r.Command.(Start); ok {
		if why := starts(r.Actor); why != "" {
			return refuse(why)
		}
		return nil
	}
	if r.State == nil {
		return refuse("no process to check the rules against")
	}
	today, p := r.Today, r.Actor.Principal()
	if !r.Actor.For.IsZero() && !r.State.delegated(r.Actor.For, r.Actor.Person, name, today) {
		return refuse(fmt.Sprintf("no delegation from person %s covers %s on %s", r.Actor.For, name, today))
	}
	if why := r.State.claims(r, p, today); why != "" {
		return refuse(why)
	}
	if why := r.Command.rule(r, p, today); why != "" {
		return refuse(why)
	}
	return nil
}

// starts checks the actor of a Start. There is no record yet to verify a
// claim against, so the actor claims only what the Started event makes
// true: they act in their own right, in a capacity of the process's
// coordinator (project lead or secretary: the roles that make a group's
// holder a coordinator), for no organisation (none is registered
// yet), on no meeting or decision of the process (there are none). A bare
// record reference, such as the host's diarienummer of the decision to
// start, is recorded as given.
func starts(a model.Actor) string {
	switch {
	case !a.For.IsZero():
		return "a process is started in one's own right, not under a delegation"
	case a.Capacity != model.RoleProjectLead && a.Capacity != model.RoleSecretary:
		return fmt.Sprintf("a process is started in a capacity its starter then holds as its coordinator (project-lead or secretary), not %s", a.Capacity)
	case !a.Organisation.IsZero():
		return "a process is started for no organisation: none is registered yet to represent"
	case !a.Authority.Meeting.IsZero() || !a.Authority.Decision.IsZero():
		return "a process is started on no meeting or decision of its own: it has none yet"
	}
	return ""
}

// claims checks what the actor says of themselves against the record on
// the day: the capacity, the organisation and the authority. p is the
// person whose right is exercised (the principal under a delegation), and
// the capacity and organisation are theirs. An event so records only what
// was verified. The mapping of capacities is in docs/authorization.md and
// in [State.holdsCapacity].
func (s *State) claims(r Request, p model.PersonID, today model.Date) string {
	a := r.Actor
	days := []model.Date{today}
	if d, ok := meetingDay(s, r.Command); ok && d != today {
		days = append(days, d) // a secretary records a meeting in the capacity they held on its day
	}
	held := false
	for _, d := range days {
		held = held || s.holdsCapacity(p, a.Capacity, d)
	}
	if !held {
		return fmt.Sprintf("person %s does not hold the capacity %s on %s by the record (%s)", p, a.Capacity, today, capacityRule[a.Capacity])
	}
	if !a.Organisation.IsZero() && !s.represents(p, a.Organisation) {
		return fmt.Sprintf("person %s does not represent organisation %s by the record (registered with it, or named by it when it decided to take part)", p, a.Organisation)
	}
	return s.authority(a.Authority, today)
}

// meetingDay is the day of the meeting a command records, for the
// commands a group's secretary records on a meeting's day: RecordMeeting
// (the day it was held: its Date when given, else the planned date) and
// Decide (the meeting's recorded date).
func meetingDay(s *State, c Command) (model.Date, bool) {
	switch c := c.(type) {
	case RecordMeeting:
		if !c.Date.IsZero() {
			return c.Date, true
		}
		m, ok := s.meetings.get(c.Meeting)
		return m.Date, ok
	case Decide:
		m, ok := s.meetings.get(c.Decision.Meeting)
		return m.Date, ok
	}
	return model.Date{}, false
}

// capacityRule says, for a refusal, what the record must show for each
// capacity; [State.holdsCapacity] checks it.
var capacityRule = map[model.Role]string{
	model.RoleMember:       "a membership in a group other than as its secretary",
	model.RoleChair:        "the role of chair in a group",
	model.RoleViceChair:    "the role of vice chair in a group",
	model.RoleSecretary:    "the role of secretary in a group, or the process's coordinating role",
	model.RoleProjectLead:  "the role of project lead in a group, or the process's coordinating role",
	model.RolePolitician:   "a party (Person.Party), or a membership of a steering group, committee, board or council",
	model.RoleOfficial:     "a person registered with an organisation, or named by one as its representative",
	model.RolePractitioner: "a person registered with an organisation, or named by one as its representative",
	model.RoleResearcher:   "a registered person",
}

// politicalGroups are the groups whose members act as politicians.
var politicalGroups = map[model.GroupKind]bool{
	model.GroupSteering: true, model.GroupCommittee: true, model.GroupBoard: true, model.GroupCouncil: true,
}

// holdsCapacity reports whether the record shows p in the capacity on day:
//
//   - member: a membership active on the day, in any role but secretary
//     (a secretary is no member);
//   - chair, vice chair: a membership in that role on the day;
//   - project lead, secretary: a membership in that role on the day, or
//     the process's coordinating role (its starter's, until handed over;
//     the two roles that make a group's holder a coordinator);
//   - politician: a registered person with a party, or a membership on the
//     day of a steering group, committee, board or council;
//   - official, practitioner: a person registered with an organisation,
//     or named as a representative in an organisation's participation
//     decision;
//   - researcher: a registered person (the record keeps nothing more of
//     expertise).
func (s *State) holdsCapacity(p model.PersonID, role model.Role, day model.Date) bool {
	member := func(ok func(model.Membership) bool) bool {
		for _, m := range s.memberships.all() {
			if m.Member.Person == p && m.ActiveOn(day) && ok(m) {
				return true
			}
		}
		return false
	}
	person, registered := s.persons.get(p)
	switch role {
	case model.RoleMember:
		return member(func(m model.Membership) bool { return m.Role != model.RoleSecretary })
	case model.RoleChair, model.RoleViceChair:
		return member(func(m model.Membership) bool { return m.Role == role })
	case model.RoleProjectLead, model.RoleSecretary:
		return s.holdsCoordination(p, day) || member(func(m model.Membership) bool { return m.Role == role })
	case model.RolePolitician:
		return registered && person.Party != "" || member(func(m model.Membership) bool {
			g, _ := s.groups.get(m.Group)
			return politicalGroups[g.Kind]
		})
	case model.RoleOfficial, model.RolePractitioner:
		if registered && !person.Organisation.IsZero() {
			return true
		}
		for _, inv := range s.invitations.all() {
			if inv.Decision != nil && slices.ContainsFunc(inv.Decision.Representatives, func(r model.Representative) bool { return r.Person == p }) {
				return true
			}
		}
		return false
	case model.RoleResearcher:
		return registered
	}
	return false
}

// authority checks that what an actor names as their authority is in the
// record and came before the command: a meeting held on or before today,
// a decision taken at such a meeting (at the meeting named, when both are
// named, and under the reference given, when the decision has one). A
// reference alone names an entry in the host's registry and is recorded
// as given.
func (s *State) authority(a model.Authority, today model.Date) string {
	if !a.Meeting.IsZero() {
		m, ok := s.meetings.get(a.Meeting)
		switch {
		case !ok:
			return fmt.Sprintf("the authority names meeting %s, which is not in the record", a.Meeting)
		case !m.Held || m.Date.After(today):
			return fmt.Sprintf("the authority names meeting %s, which was not held on or before %s", a.Meeting, today)
		}
	}
	if !a.Decision.IsZero() {
		d, ok := s.decisions.get(a.Decision)
		m, _ := s.meetings.get(d.Meeting)
		switch {
		case !ok:
			return fmt.Sprintf("the authority names decision %s, which is not in the record", a.Decision)
		case m.Date.After(today):
			return fmt.Sprintf("the authority names decision %s, taken at a meeting after %s", a.Decision, today)
		case !a.Meeting.IsZero() && d.Meeting != a.Meeting:
			return fmt.Sprintf("the authority names decision %s, which was not taken at meeting %s", a.Decision, a.Meeting)
		case a.Reference != "" && d.Reference != "" && a.Reference != d.Reference:
			return fmt.Sprintf("the authority names decision %s under a reference it does not have", a.Decision)
		}
	}
	return ""
}

// may reports whether p could perform a command, by name, on day: whether
// the default policy gives them any right to it at all. A delegation
// gives no more (see [Delegate]). Commands open to more than coordinators
// are listed; every other is a coordinator's. A name that is no command
// is left to the command to refuse.
func (s *State) may(p model.PersonID, name string, day model.Date) bool {
	coordinator := s.coordinator(p, day)
	anySecretary := func() bool {
		for _, m := range s.memberships.all() {
			if m.Member.Person == p && m.Role == model.RoleSecretary && m.ActiveOn(day) {
				return true
			}
		}
		return false
	}
	representative := func() bool {
		for _, o := range s.organisations.all() {
			if s.represents(p, o.ID) {
				return true
			}
		}
		return false
	}
	switch name {
	case Start{}.Name():
		return false // started in one's own right only
	case SubmitProposals{}.Name(), Delegate{}.Name(), RevokeDelegation{}.Name():
		return true // one's own proposals and delegations
	case RecordMeeting{}.Name():
		return coordinator || anySecretary()
	case Decide{}.Name():
		return anySecretary()
	case CompleteAssignment{}.Name():
		return anySecretary() || slices.ContainsFunc(s.assignments.all(), func(a Assignment) bool { return a.Assignee == p && !a.Done })
	case DisposeProposals{}.Name(), ChangeDisposition{}.Name():
		return coordinator || slices.ContainsFunc(s.proposals.all(), func(pr model.Proposal) bool {
			return pr.Submitter.Person == p || s.represents(p, pr.Submitter.Organisation)
		})
	case SubmitResponse{}.Name(), DecideParticipation{}.Name(), RecordImplementation{}.Name(), SubmitSurveyAnswer{}.Name():
		return coordinator || representative()
	case HandOverCoordination{}.Name():
		return coordinator
	}
	if !slices.ContainsFunc(commandList, func(c Command) bool { return c.Name() == name }) {
		return true
	}
	return coordinator
}

// Authorizer decides whether an actor may perform a command on a process.
// The engine asks it after validating the actor and before the command is
// checked or anything is recorded. A refusal is an error: one wrapping
// [ErrForbidden] is returned as it is; any other is wrapped in a
// [*ForbiddenError] whose Rule is the error's text.
//
// Authorize is called with the engine's lock on the process held: it must
// not execute commands itself.
type Authorizer interface {
	Authorize(ctx context.Context, r Request) error
}

// AuthorizerFunc adapts a function to an [Authorizer].
type AuthorizerFunc func(ctx context.Context, r Request) error

// Authorize implements [Authorizer].
func (f AuthorizerFunc) Authorize(ctx context.Context, r Request) error { return f(ctx, r) }

// Request is what an [Authorizer] decides on.
type Request struct {
	Process model.ProcessID
	Actor   model.Actor
	Command Command
	// State is the process as the command will see it; nil for
	// [Start]. It must not be kept after Authorize returns.
	State *State
	// At is the time the command is performed, from the engine's clock.
	At time.Time
	// Today is At's date in the process's time zone: the day terms,
	// memberships and delegations are judged on.
	Today model.Date
}
