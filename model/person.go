package model

import (
	"fmt"
	"slices"
)

// Person is a person taking part: a politician, an official, a practitioner,
// a researcher.
type Person struct {
	ID   PersonID `json:"id"`
	Name string   `json:"name"`
	// Title is the person's position, such as "folkhälsostrateg".
	Title string `json:"title,omitempty"`
	// Party is the political party of an elected member, such as "S" or "M".
	Party string `json:"party,omitempty"`
	// Organisation is the organisation the person works for or represents.
	Organisation OrganisationID `json:"organisation,omitzero"`
	// Protected marks a person with a protected identity (skyddad
	// identitet): no export shows their name or title, whatever its
	// policy for names.
	Protected bool `json:"protected,omitempty"`
}

// Validate checks that the person has an ID and a name.
func (p Person) Validate() error {
	var v validator
	v.id("ID", p.ID.IsZero())
	v.text("Name", p.Name)
	v.optionalText("Title", p.Title)
	v.optionalText("Party", p.Party)
	return v.err()
}

// Role is the part a person plays: in a group (chair, secretary, member) or
// in the process (politician, official, practitioner, researcher).
type Role uint8

// The roles of the process.
const (
	RoleMember       Role = iota + 1 // ledamot
	RoleChair                        // ordförande
	RoleViceChair                    // vice ordförande
	RoleSecretary                    // sekreterare
	RoleProjectLead                  // projektledare
	RolePolitician                   // politiker
	RoleOfficial                     // tjänsteperson
	RolePractitioner                 // verksamhetsföreträdare
	RoleResearcher                   // forskare eller expert
	RoleSecretariat                  // i sekretariatet (a commission's staff beside its secretary)
)

var roles = []enumEntry{
	{},
	{"member", Label{"ledamot", "member"}},
	{"chair", Label{"ordförande", "chair"}},
	{"vice-chair", Label{"vice ordförande", "vice chair"}},
	{"secretary", Label{"sekreterare", "secretary"}},
	{"project-lead", Label{"projektledare", "project lead"}},
	{"politician", Label{"politiker", "politician"}},
	{"official", Label{"tjänsteperson", "official"}},
	{"practitioner", Label{"verksamhetsföreträdare", "practitioner"}},
	{"researcher", Label{"forskare eller expert", "researcher or expert"}},
	{"secretariat", Label{"sekretariat", "secretariat"}},
}

// String returns the stable text form, such as "vice-chair".
func (r Role) String() string { return enumString(roles, int(r)) }

// Label returns the Swedish and English names of the role.
func (r Role) Label() Label { return enumLabel(roles, int(r)) }

// Exclusive reports whether a group has at most one holder of the role at a
// time: chair, vice chair and secretary.
func (r Role) Exclusive() bool {
	return r == RoleChair || r == RoleViceChair || r == RoleSecretary
}

// Staff reports whether the role serves a group rather than sits in it:
// the secretary and the secretariat keep its minutes and prepare its work,
// and are not counted among its members.
func (r Role) Staff() bool { return r == RoleSecretary || r == RoleSecretariat }

// MarshalText implements [encoding.TextMarshaler].
func (r Role) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// UnmarshalText implements [encoding.TextUnmarshaler].
func (r *Role) UnmarshalText(b []byte) error {
	i, err := enumParse(roles, "Role", string(b))
	*r = Role(i)
	return err
}

// Actor is who performs a command, in what capacity and on what authority:
// every event records one. Person is the host system's identified person;
// Organisation, when set, is the organisation on whose behalf they act.
type Actor struct {
	Person       PersonID       `json:"person"`
	Organisation OrganisationID `json:"organisation,omitzero"`
	Capacity     Role           `json:"capacity"`
	Authority    Authority      `json:"authority,omitzero"`
	// For is the person on whose behalf Person acts, under a recorded
	// delegation; zero when Person acts in their own right. The event
	// records both.
	For PersonID `json:"for,omitzero"`
}

// OnBehalfOf returns the actor acting for another person, under a
// delegation from them.
func (a Actor) OnBehalfOf(p PersonID) Actor {
	a.For = p
	return a
}

// Principal returns the person whose right the actor exercises: the one
// delegating, or the actor themselves.
func (a Actor) Principal() PersonID {
	if !a.For.IsZero() {
		return a.For
	}
	return a.Person
}

// On returns the actor acting on the given authority.
func (a Actor) On(auth Authority) Actor {
	a.Authority = auth
	return a
}

// Validate checks that the actor names a person and a capacity.
func (a Actor) Validate() error {
	var v validator
	v.id("Person", a.Person.IsZero())
	v.enum("Capacity", roles, int(a.Capacity))
	v.optionalText("Authority.Reference", a.Authority.Reference)
	if a.For == a.Person && !a.For.IsZero() {
		v.add("For", ErrNotAllowed) // acting for oneself needs no delegation
	}
	return v.err()
}

// Delegation lets one person act for another, for the commands named,
// over a period (delegering): "the coordinator's deputy records the
// minutes while she is away".
type Delegation struct {
	ID   DelegationID `json:"id"`
	From PersonID     `json:"from"`
	To   PersonID     `json:"to"`
	// Commands are the names of the commands delegated, such as
	// "record-meeting"; at least one.
	Commands []string `json:"commands"`
	Period   Period   `json:"period"`
}

// MaxDelegatedCommands is the most command names one delegation may hold.
const MaxDelegatedCommands = 100

// Validate checks the delegation on its own: two different persons, the
// commands, a period that starts.
func (d Delegation) Validate() error {
	var v validator
	v.id("ID", d.ID.IsZero())
	v.id("From", d.From.IsZero())
	v.id("To", d.To.IsZero())
	if d.From == d.To && !d.From.IsZero() {
		v.add("To", ErrNotAllowed)
	}
	switch {
	case len(d.Commands) == 0:
		v.add("Commands", ErrRequired)
	case len(d.Commands) > MaxDelegatedCommands:
		v.add("Commands", ErrOutOfRange)
	}
	for i, c := range d.Commands {
		v.text(fmt.Sprintf("Commands[%d]", i), c)
	}
	v.date("Period.Start", d.Period.Start, true)
	if err := d.Period.Validate(); err != nil {
		v.errs = append(v.errs, Within("Period", err))
	}
	return v.err()
}

// Covers reports whether the delegation lets its holder perform the
// command on day.
func (d Delegation) Covers(command string, day Date) bool {
	return d.Period.Contains(day) && slices.Contains(d.Commands, command)
}

// Authority is what a command rests on: the meeting where it was agreed,
// the recorded decision it carries out, and the host's record reference
// (diarienummer, minutes paragraph). Each is optional. The process's
// default policy checks that a meeting or decision named is in the record
// and came before the command; a reference alone names an entry in the
// host's registry, which the process cannot see.
type Authority struct {
	Meeting MeetingID `json:"meeting,omitzero"`
	// Decision is a decision recorded in the process, such as the
	// delegation decision (delegationsbeslut) a coordinator records.
	Decision  DecisionID `json:"decision,omitzero"`
	Reference string     `json:"reference,omitempty"`
}
