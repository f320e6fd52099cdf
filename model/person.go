package model

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
	return v.err()
}

// Authority is what a command rests on: the meeting where it was agreed and
// the host's record reference (diarienummer, minutes paragraph). Both are
// optional; an event records whatever the command was given.
type Authority struct {
	Meeting   MeetingID `json:"meeting,omitzero"`
	Reference string    `json:"reference,omitempty"`
}
