package model

// ProposalKind says whether a proposal describes a problem or a remedy.
type ProposalKind uint8

// The kinds of proposal a conference collects.
const (
	ProposalSituation ProposalKind = iota + 1 // situation: a described problem
	ProposalMeasure                           // åtgärd: a proposed measure
)

var proposalKinds = []enumEntry{
	{},
	{"situation", Label{"situation", "situation"}},
	{"measure", Label{"åtgärd", "measure"}},
}

// String returns the stable text form, "situation" or "measure".
func (k ProposalKind) String() string { return enumString(proposalKinds, int(k)) }

// Label returns the Swedish and English names of the kind.
func (k ProposalKind) Label() Label { return enumLabel(proposalKinds, int(k)) }

// MarshalText implements [encoding.TextMarshaler].
func (k ProposalKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnmarshalText implements [encoding.TextUnmarshaler].
func (k *ProposalKind) UnmarshalText(b []byte) error {
	i, err := enumParse(proposalKinds, "ProposalKind", string(b))
	*k = ProposalKind(i)
	return err
}

// Submitter is who sent a proposal: a person, an organisation, or a person
// on behalf of an organisation. At least one is set.
type Submitter struct {
	Person       PersonID       `json:"person,omitzero"`
	Organisation OrganisationID `json:"organisation,omitzero"`
}

// Proposal is one incoming proposal (förslag): a situation or a measure,
// from a submitter, often collected at a meeting.
type Proposal struct {
	ID        ProposalID   `json:"id"`
	Kind      ProposalKind `json:"kind"`
	Title     string       `json:"title"`
	Text      string       `json:"text,omitempty"`
	Submitter Submitter    `json:"submitter"`
	// Meeting is the meeting the proposal came from, if any.
	Meeting MeetingID `json:"meeting,omitzero"`
	// Areas are the intervention areas the proposal is tagged with.
	Areas []AreaID `json:"areas,omitempty"`
}

// Validate checks the proposal on its own.
func (p Proposal) Validate() error {
	var v validator
	v.id("ID", p.ID.IsZero())
	v.enum("Kind", proposalKinds, int(p.Kind))
	v.text("Title", p.Title)
	v.optionalText("Text", p.Text)
	if p.Submitter.Person.IsZero() && p.Submitter.Organisation.IsZero() {
		v.add("Submitter", ErrRequired)
	}
	uniqueIDs(&v, "Areas", p.Areas)
	return v.err()
}

// uniqueIDs checks that a list of IDs holds no zero ID and no duplicate.
func uniqueIDs[T any](v *validator, field string, ids []ID[T]) {
	seen := make(map[ID[T]]bool, len(ids))
	for _, id := range ids {
		switch {
		case id.IsZero():
			v.add(field, ErrRequired)
			return
		case seen[id]:
			v.add(field, ErrDuplicate)
			return
		}
		seen[id] = true
	}
}
