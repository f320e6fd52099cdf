package model

// DispositionKind says what became of a proposal.
type DispositionKind uint8

// The dispositions every proposal ends with one of.
const (
	DispositionMerged    DispositionKind = iota + 1 // sammanförd: merged into one or more measures
	DispositionAdopted                              // antagen: adopted as a measure of its own
	DispositionRejected                             // avslagen: rejected, with a reason
	DispositionForwarded                            // överlämnad: forwarded to another body
	DispositionWithdrawn                            // återtagen: withdrawn by its submitter
)

var dispositionKinds = []enumEntry{
	{},
	{"merged", Label{"sammanförd med andra till åtgärd", "merged into a measure"}},
	{"adopted", Label{"antagen som åtgärd", "adopted as a measure"}},
	{"rejected", Label{"avslagen", "rejected"}},
	{"forwarded", Label{"överlämnad", "forwarded"}},
	{"withdrawn", Label{"återtagen", "withdrawn"}},
}

// String returns the stable text form, such as "merged".
func (k DispositionKind) String() string { return enumString(dispositionKinds, int(k)) }

// Label returns the Swedish and English names of the kind.
func (k DispositionKind) Label() Label { return enumLabel(dispositionKinds, int(k)) }

// MarshalText implements [encoding.TextMarshaler].
func (k DispositionKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnmarshalText implements [encoding.TextUnmarshaler].
func (k *DispositionKind) UnmarshalText(b []byte) error {
	i, err := enumParse(dispositionKinds, "DispositionKind", string(b))
	*k = DispositionKind(i)
	return err
}

// DispositionKinds returns every kind, in order.
func DispositionKinds() []DispositionKind {
	out := make([]DispositionKind, 0, len(dispositionKinds)-1)
	for i := 1; i < len(dispositionKinds); i++ {
		out = append(out, DispositionKind(i))
	}
	return out
}

// Disposition is what became of one proposal. A proposal merged into
// several measures has been split across them.
type Disposition struct {
	Proposal ProposalID      `json:"proposal"`
	Kind     DispositionKind `json:"kind"`
	// Measures are the measures the proposal went into: one or more when
	// merged, exactly one when adopted, none otherwise.
	Measures []MeasureID `json:"measures,omitempty"`
	// Reason says why: required when rejected, forwarded or withdrawn.
	Reason string `json:"reason,omitempty"`
	// ForwardedTo is the organisation a forwarded proposal went to.
	ForwardedTo OrganisationID `json:"forwarded_to,omitzero"`
}

// Validate checks the disposition on its own: that its measures, reason
// and recipient fit its kind.
func (d Disposition) Validate() error {
	var v validator
	v.id("Proposal", d.Proposal.IsZero())
	v.enum("Kind", dispositionKinds, int(d.Kind))
	uniqueIDs(&v, "Measures", d.Measures)
	v.optionalText("Reason", d.Reason)
	switch d.Kind {
	case DispositionMerged:
		if len(d.Measures) == 0 {
			v.add("Measures", ErrRequired)
		}
	case DispositionAdopted:
		if len(d.Measures) != 1 {
			v.add("Measures", ErrOutOfRange)
		}
	case DispositionRejected, DispositionForwarded, DispositionWithdrawn:
		if len(d.Measures) > 0 {
			v.add("Measures", ErrNotAllowed)
		}
		v.text("Reason", d.Reason)
	}
	if d.Kind == DispositionForwarded {
		v.id("ForwardedTo", d.ForwardedTo.IsZero())
	} else if !d.ForwardedTo.IsZero() {
		v.add("ForwardedTo", ErrNotAllowed)
	}
	return v.err()
}

// Cause is why a text changed: the meeting where it was agreed, a record
// reference (a consultation response, a decision), and a note. At least
// one is given.
type Cause struct {
	Meeting   MeetingID `json:"meeting,omitzero"`
	Reference string    `json:"reference,omitempty"`
	Note      string    `json:"note,omitempty"`
}

// Validate checks that the cause names something.
func (c Cause) Validate() error {
	var v validator
	v.optionalText("Reference", c.Reference)
	v.optionalText("Note", c.Note)
	if c.Meeting.IsZero() && c.Reference == "" && c.Note == "" {
		v.add("Cause", ErrRequired)
	}
	return v.err()
}

// Level is the level a measure is meant for.
type Level uint8

// The levels of a measure.
const (
	LevelCounty       Level = iota + 1 // länsnivå: the whole county, jointly
	LevelRegion                        // regional nivå: the region or county council
	LevelMunicipality                  // kommunal nivå: each municipality
)

var levels = []enumEntry{
	{},
	{"county", Label{"länsnivå", "county level"}},
	{"region", Label{"regional nivå", "regional level"}},
	{"municipality", Label{"kommunal nivå", "municipal level"}},
}

// String returns the stable text form, such as "municipality".
func (l Level) String() string { return enumString(levels, int(l)) }

// Label returns the Swedish and English names of the level.
func (l Level) Label() Label { return enumLabel(levels, int(l)) }

// MarshalText implements [encoding.TextMarshaler].
func (l Level) MarshalText() ([]byte, error) { return []byte(l.String()), nil }

// UnmarshalText implements [encoding.TextUnmarshaler].
func (l *Level) UnmarshalText(b []byte) error {
	i, err := enumParse(levels, "Level", string(b))
	*l = Level(i)
	return err
}
