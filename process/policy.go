package process

import (
	"context"
	"fmt"

	"github.com/samling-go/samling/consultation"
	"github.com/samling-go/samling/followup"
	"github.com/samling-go/samling/model"
)

// RecordRules is the default policy: it enforces the process's own rules
// from its record, on the day of the command, so that a member whose term
// has ended is refused. docs/authorization.md has the table; in short:
//
//   - Anyone identified starts a process and becomes its first coordinator.
//     Coordinators are that person and whoever holds the role of project
//     lead or secretary in a steering, working, project management or
//     temporary working group on the day. They run the process: register,
//     form, plan, draft, revise, pin, advance, open and close rounds,
//     invite.
//   - A group's minutes (RecordMeeting of a meeting it holds) and a body's
//     decisions (Decide) are recorded by its secretary on the meeting's
//     day; only its members take positions (Decide checks that).
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
//     delegation from them that covers the command on the day; the rules
//     are then applied to the person delegating.
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

// rule is one row of the policy: a check of the request against the state
// on the day, returning why it is refused, or "".
type rule func(r Request, p model.PersonID, today model.Date) string

// rules are the policy's rows, by command name.
var rules = map[string]rule{
	"plan-phase": coordinates, "advance": coordinates,
	"register-organisation": coordinates, "register-person": coordinates, "define-area": coordinates,
	"form-group": coordinates, "add-member": coordinates, "end-membership": coordinates,
	"plan-meeting": coordinates, "record-meeting": recordsMeeting, "complete-assignment": completesAssignment,
	"submit-proposals": submitsProposals, "create-measure": coordinates, "create-recommendation": coordinates,
	"dispose-proposals": disposesProposals, "change-disposition": changesDisposition,
	"revise-measure": coordinates, "renumber-measure": coordinates, "group-measures": coordinates, "pin-document": coordinates,
	"draft-round": coordinates, "open-round": coordinates, "close-round": coordinates, "compile-round": coordinates,
	"cancel-round": coordinates, "reopen-round": coordinates, "extend-deadline": coordinates,
	"submit-response": submitsResponse,
	"decide":          recordsDecision, "invite": coordinates, "decide-participation": decidesParticipation,
	"delegate": delegates, "revoke-delegation": revokesDelegation, "dispose-personal-data": coordinates,
	"record-implementation": recordsImplementation, "create-survey": coordinates, "submit-survey-answer": answersSurvey,
	"code-answers": coordinates, "define-indicator": coordinates, "record-observations": coordinates,
}

func recordRules(_ context.Context, r Request) error {
	name := r.Command.Name()
	refuse := func(why string) error { return &ForbiddenError{Actor: r.Actor, Command: name, Rule: why} }
	if _, ok := r.Command.(StartProcess); ok {
		if !r.Actor.For.IsZero() {
			return refuse("a process is started in one's own right, not under a delegation")
		}
		return nil
	}
	if r.State == nil {
		return refuse("no process to check the rules against")
	}
	check, ok := rules[name]
	if !ok {
		return refuse("no rule of the process covers this command")
	}
	today := model.DateOf(r.At)
	if !r.Actor.For.IsZero() && !r.State.delegated(r.Actor.For, r.Actor.Person, name, today) {
		return refuse(fmt.Sprintf("no delegation from person %s covers %s on %s", r.Actor.For, name, today))
	}
	if why := check(r, r.Actor.Principal(), today); why != "" {
		return refuse(why)
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
	if p == s.starter {
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
	return fmt.Sprintf("only a coordinator of the process on %s (who started it, or a group's project lead or secretary)", day)
}

func recordsMeeting(r Request, p model.PersonID, day model.Date) string {
	m, ok := r.State.meetings.get(r.Command.(RecordMeeting).Meeting)
	if !ok || m.Group.IsZero() {
		return coordinates(r, p, day) // the command reports an unknown meeting itself
	}
	if r.State.secretary(p, m.Group, m.Date) {
		return ""
	}
	g, _ := r.State.groups.get(m.Group)
	return fmt.Sprintf("only the secretary of %s on %s records its minutes", g.Name, m.Date)
}

func recordsDecision(r Request, p model.PersonID, day model.Date) string {
	d := r.Command.(Decide).Decision
	m, ok := r.State.meetings.get(d.Meeting)
	g, known := r.State.groups.get(d.Body)
	if !ok || !known {
		return coordinates(r, p, day)
	}
	if r.State.secretary(p, d.Body, m.Date) {
		return ""
	}
	return fmt.Sprintf("only the secretary of %s on %s records its decisions", g.Name, m.Date)
}

func completesAssignment(r Request, p model.PersonID, day model.Date) string {
	a, ok := r.State.assignments.get(r.Command.(CompleteAssignment).Assignment)
	if !ok || a.Assignee == p {
		return ""
	}
	if m, _ := r.State.meetings.get(a.Meeting); !m.Group.IsZero() && r.State.secretary(p, m.Group, day) {
		return ""
	}
	return "only the assignee or the group's secretary completes an assignment"
}

func submitsProposals(r Request, p model.PersonID, day model.Date) string {
	return coordinatorOrOwn(r, p, day, r.Command.(SubmitProposals).Proposals, func(prop model.Proposal) bool {
		return prop.Submitter.Person == p || r.State.represents(p, prop.Submitter.Organisation)
	}, "a participant submits only their own proposals or their organisation's; a coordinator submits any")
}

// coordinatorOrOwn allows a coordinator, or anyone to whom every item of a
// command is their own.
func coordinatorOrOwn[T any](r Request, p model.PersonID, day model.Date, items []T, own func(T) bool, why string) string {
	if r.State.coordinator(p, day) {
		return ""
	}
	for _, it := range items {
		if !own(it) {
			return why
		}
	}
	return ""
}

// withdraws reports whether p may withdraw a proposal: its submitter, or a
// coordinator on a recorded decision.
func withdraws(r Request, p model.PersonID, day model.Date, proposal model.ProposalID) string {
	prop, ok := r.State.proposals.get(proposal)
	switch {
	case !ok, prop.Submitter.Person == p, r.State.represents(p, prop.Submitter.Organisation):
		return ""
	case r.State.coordinator(p, day) && r.Actor.Authority != (model.Authority{}):
		return ""
	}
	return "a proposal is withdrawn only by its submitter, or by a coordinator on a recorded decision (the actor's Authority)"
}

func disposesProposals(r Request, p model.PersonID, day model.Date) string {
	coordinator := r.State.coordinator(p, day)
	for _, d := range r.Command.(DisposeProposals).Dispositions {
		switch {
		case d.Kind == model.DispositionWithdrawn:
			if why := withdraws(r, p, day, d.Proposal); why != "" {
				return why
			}
		case !coordinator:
			return coordinates(r, p, day)
		}
	}
	return ""
}

func changesDisposition(r Request, p model.PersonID, day model.Date) string {
	d := r.Command.(ChangeDisposition).Disposition
	if d.Kind == model.DispositionWithdrawn {
		return withdraws(r, p, day, d.Proposal)
	}
	return coordinates(r, p, day)
}

func submitsResponse(r Request, p model.PersonID, day model.Date) string {
	resp := r.Command.(SubmitResponse).Response
	s := r.State
	switch {
	case s.represents(p, resp.Organisation):
		return ""
	case !s.coordinator(p, day):
		return "only a representative of the organisation answers for it"
	case !resp.RespondedBy.IsZero() && s.represents(resp.RespondedBy, resp.Organisation):
		return "" // a coordinator registers an answer the organisation's representative signed
	}
	if round, ok := s.rounds.get(resp.Round); ok && round.Kind == consultation.Samrad {
		return "" // a coordinator enters a samråd's notes
	}
	return "a coordinator registers a remiss answer only when it names the organisation's representative who signed it (RespondedBy)"
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

func delegates(r Request, p model.PersonID, day model.Date) string {
	if d := r.Command.(Delegate).Delegation; d.From == p || r.State.coordinator(p, day) {
		return ""
	}
	return "a person delegates only their own rights; a coordinator may record any delegation"
}

func revokesDelegation(r Request, p model.PersonID, day model.Date) string {
	d, ok := r.State.delegations.get(r.Command.(RevokeDelegation).Delegation)
	if !ok || d.From == p || r.State.coordinator(p, day) {
		return ""
	}
	return "a delegation is revoked by the person who gave it, or a coordinator"
}

func recordsImplementation(r Request, p model.PersonID, day model.Date) string {
	return coordinatorOrOwn(r, p, day, r.Command.(RecordImplementation).Entries, func(e followup.Entry) bool {
		return r.State.represents(p, e.Organisation)
	}, "an organisation reports its own implementation; a coordinator reports any")
}

func answersSurvey(r Request, p model.PersonID, day model.Date) string {
	if r.State.represents(p, r.Command.(SubmitSurveyAnswer).Answer.Organisation) || r.State.coordinator(p, day) {
		return ""
	}
	return "only a representative of the organisation answers for it, or a coordinator registering the answer"
}
