package model

// GroupKind says what kind of group or body a group is.
type GroupKind uint8

// The kinds of group named in the two real processes.
const (
	GroupSteering          GroupKind = iota + 1 // politisk styrgrupp
	GroupWorking                                // arbetsgrupp
	GroupReferenceNetwork                       // referensnätverk
	GroupProjectManagement                      // projektledningsgrupp
	GroupTemporaryWorking                       // tillfällig arbetsgrupp
	GroupThematicWorking                        // tematisk arbetsgrupp
	GroupNetwork                                // nätverk
	GroupCommittee                              // nämnd eller kommitté
	GroupBoard                                  // styrelse
	GroupCouncil                                // fullmäktige
	GroupOther                                  // övrig grupp
	GroupCommission                             // kommission
)

var groupKinds = []enumEntry{
	{},
	{"steering-group", Label{"politisk styrgrupp", "political steering group"}},
	{"working-group", Label{"arbetsgrupp", "working group"}},
	{"reference-network", Label{"referensnätverk", "reference network"}},
	{"project-management-group", Label{"projektledningsgrupp", "project management group"}},
	{"temporary-working-group", Label{"tillfällig arbetsgrupp", "temporary working group"}},
	{"thematic-working-group", Label{"tematisk arbetsgrupp", "thematic working group"}},
	{"network", Label{"nätverk", "network"}},
	{"committee", Label{"nämnd eller kommitté", "committee"}},
	{"board", Label{"styrelse", "board"}},
	{"council", Label{"fullmäktige", "council"}},
	{"other", Label{"övrig grupp", "other group"}},
	{"commission", Label{"kommission", "commission"}},
}

// String returns the stable text form, such as "working-group".
func (k GroupKind) String() string { return enumString(groupKinds, int(k)) }

// Label returns the Swedish and English names of the kind.
func (k GroupKind) Label() Label { return enumLabel(groupKinds, int(k)) }

// Decides reports whether groups of this kind are bodies that take
// decisions: a steering group, a committee, a board or a council.
func (k GroupKind) Decides() bool {
	return k == GroupSteering || k == GroupCommittee || k == GroupBoard || k == GroupCouncil
}

// MarshalText implements [encoding.TextMarshaler].
func (k GroupKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnmarshalText implements [encoding.TextUnmarshaler].
func (k *GroupKind) UnmarshalText(b []byte) error {
	i, err := enumParse(groupKinds, "GroupKind", string(b))
	*k = GroupKind(i)
	return err
}

// Group is a group or body of the process: a steering group, a working
// group, a network, a committee.
type Group struct {
	ID   GroupID   `json:"id"`
	Kind GroupKind `json:"kind"`
	Name string    `json:"name"`
	// Organisation is the organisation the group belongs to, if any: the
	// region for its public health committee, none for a joint working group.
	Organisation OrganisationID `json:"organisation,omitzero"`
	// Area is the intervention area of a thematic working group.
	Area AreaID `json:"area,omitzero"`
	// Rule is how the group decides, for a body that takes decisions; a
	// group without one cannot decide.
	Rule DecisionRule `json:"rule,omitzero"`
	// Seats is how many members the body has by its rules (the council's
	// 149), against which the quorum is counted; 0 counts the members
	// registered on the day.
	Seats int `json:"seats,omitempty"`
	// AppointedBy is the body that appointed the group, if it was: the
	// executive board that appoints a commission. Appointment is that
	// body's decision, and Mandate the task it gave (uppdrag, direktiv).
	AppointedBy GroupID    `json:"appointed_by,omitzero"`
	Appointment DecisionID `json:"appointment,omitzero"`
	Mandate     string     `json:"mandate,omitempty"`
}

// MaxSeats is the most seats a body may have.
const MaxSeats = 10_000

// Validate checks the group's ID, kind and name, and its rule if it has one.
func (g Group) Validate() error {
	var v validator
	v.id("ID", g.ID.IsZero())
	v.enum("Kind", groupKinds, int(g.Kind))
	v.text("Name", g.Name)
	if !g.Rule.IsZero() {
		if err := g.Rule.Validate(); err != nil {
			v.errs = append(v.errs, Within("Rule", err))
		}
	}
	if g.Seats < 0 || g.Seats > MaxSeats {
		v.add("Seats", ErrOutOfRange)
	}
	switch {
	case g.Kind == GroupCommission && !g.Rule.IsZero():
		v.add("Rule", ErrNotAllowed) // a commission of experts reports; it does not vote
	case !g.Appointment.IsZero() && g.AppointedBy.IsZero():
		v.add("AppointedBy", ErrRequired)
	}
	v.optionalText("Mandate", g.Mandate)
	return v.err()
}

// Member is who holds a membership: a person or an organisation, exactly one.
type Member struct {
	Person       PersonID       `json:"person,omitzero"`
	Organisation OrganisationID `json:"organisation,omitzero"`
}

// Membership is one member's place in a group over a period, in a role.
// A membership that has not ended has no end date.
type Membership struct {
	ID     MembershipID `json:"id"`
	Group  GroupID      `json:"group"`
	Member Member       `json:"member"`
	Role   Role         `json:"role"`
	Period Period       `json:"period"`
	// Expertise is what the member brings, for a member appointed for it:
	// a commission's "professor of social medicine".
	Expertise string `json:"expertise,omitempty"`
}

// Validate checks the membership on its own: a group, exactly one member, a
// role and a period that starts.
func (m Membership) Validate() error {
	var v validator
	v.id("ID", m.ID.IsZero())
	v.id("Group", m.Group.IsZero())
	switch {
	case m.Member.Person.IsZero() && m.Member.Organisation.IsZero():
		v.add("Member", ErrRequired)
	case !m.Member.Person.IsZero() && !m.Member.Organisation.IsZero():
		v.add("Member.Organisation", ErrNotAllowed)
	}
	v.enum("Role", roles, int(m.Role))
	v.date("Period.Start", m.Period.Start, true)
	v.optionalText("Expertise", m.Expertise)
	if err := m.Period.Validate(); err != nil {
		v.errs = append(v.errs, Within("Period", err))
	}
	return v.err()
}

// ActiveOn reports whether the membership holds on day.
func (m Membership) ActiveOn(day Date) bool { return m.Period.Contains(day) }
