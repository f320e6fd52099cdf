package model

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// RuleKind is how a body reaches a decision.
type RuleKind uint8

// The decision rules.
const (
	// RuleUnanimity: every member present agrees (enhällighet). An
	// abstention or a disagreement breaks it.
	RuleUnanimity RuleKind = iota + 1
	// RuleConsent: the decision passes unless someone blocks (konsent).
	// Disagreement and abstention are recorded and do not stop it.
	RuleConsent
	// RuleMajority: more agree than disagree; abstentions are not counted
	// (enkel majoritet). A tie is not a majority unless the chair's
	// casting vote decides it.
	RuleMajority
	// RuleQualifiedMajority: at least the rule's share of the members
	// present agree, such as two thirds (kvalificerad majoritet).
	RuleQualifiedMajority
)

var ruleKinds = []enumEntry{
	{},
	{"unanimity", Label{"enhällighet", "unanimity"}},
	{"consent", Label{"konsent", "consent"}},
	{"majority", Label{"enkel majoritet", "simple majority"}},
	{"qualified-majority", Label{"kvalificerad majoritet", "qualified majority"}},
}

// String returns the stable text form, such as "consent".
func (k RuleKind) String() string { return enumString(ruleKinds, int(k)) }

// Label returns the Swedish and English names of the rule.
func (k RuleKind) Label() Label { return enumLabel(ruleKinds, int(k)) }

// MarshalText implements [encoding.TextMarshaler].
func (k RuleKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnmarshalText implements [encoding.TextUnmarshaler].
func (k *RuleKind) UnmarshalText(b []byte) error {
	i, err := enumParse(ruleKinds, "RuleKind", string(b))
	*k = RuleKind(i)
	return err
}

// Share is a part of a whole: at least Num/Den of it, or, with Over, more
// than Num/Den. "More than half" is Share{1, 2, true}; "two thirds" is
// Share{2, 3, false}.
type Share struct {
	Num  int  `json:"num"`
	Den  int  `json:"den"`
	Over bool `json:"over,omitempty"`
}

// MoreThanHalf is the usual quorum of a Swedish body: more than half of
// its members present.
var MoreThanHalf = Share{Num: 1, Den: 2, Over: true}

// Of reports whether n of total reaches the share.
func (s Share) Of(n, total int) bool {
	if s.Over {
		return n*s.Den > s.Num*total
	}
	return n*s.Den >= s.Num*total
}

// String writes the share as "at least 2/3" or "more than 1/2".
func (s Share) String() string {
	if s.Over {
		return fmt.Sprintf("more than %d/%d", s.Num, s.Den)
	}
	return fmt.Sprintf("at least %d/%d", s.Num, s.Den)
}

func (s Share) valid() bool { return s.Den > 0 && s.Num >= 0 && s.Num <= s.Den }

// beyondHalf reports whether the share is a valid one that demands more
// than half.
func (s Share) beyondHalf() bool {
	return s.valid() && (2*s.Num > s.Den || s.Over && 2*s.Num == s.Den)
}

// DecisionRule is how a body decides: the rule, the share a qualified
// majority needs, the quorum, and whether the chair has the casting vote.
type DecisionRule struct {
	Kind RuleKind `json:"kind"`
	// Majority is the share of the members present that must agree under
	// RuleQualifiedMajority; unused by the other rules.
	Majority Share `json:"majority,omitzero"`
	// Quorum is the share of the body's members that must be present for
	// it to decide at all.
	Quorum Share `json:"quorum"`
	// ChairCasts gives the chair the casting vote on a tie under
	// RuleMajority (utslagsröst).
	ChairCasts bool `json:"chair_casts,omitempty"`
}

// IsZero reports whether no rule is set.
func (r DecisionRule) IsZero() bool { return r == DecisionRule{} }

// Validate checks the rule on its own.
func (r DecisionRule) Validate() error {
	var v validator
	v.enum("Kind", ruleKinds, int(r.Kind))
	if !r.Quorum.valid() {
		v.add("Quorum", ErrOutOfRange)
	}
	switch {
	case r.Kind == RuleQualifiedMajority && !r.Majority.beyondHalf():
		v.add("Majority", ErrOutOfRange) // a qualified majority is more than half
	case r.Kind != RuleQualifiedMajority && r.Majority != (Share{}):
		v.add("Majority", ErrNotAllowed)
	}
	if r.ChairCasts && r.Kind != RuleMajority {
		v.add("ChairCasts", ErrNotAllowed)
	}
	return v.err()
}

// Position is a member's position on a decision.
type Position uint8

// The positions.
const (
	Agree    Position = iota + 1 // bifall, ja
	Abstain                      // avstår
	Disagree                     // avslag, nej
	Block                        // blockerar (under konsent)
)

var positions = []enumEntry{
	{},
	{"agree", Label{"ja", "agree"}},
	{"abstain", Label{"avstår", "abstain"}},
	{"disagree", Label{"nej", "disagree"}},
	{"block", Label{"blockerar", "block"}},
}

// String returns the stable text form, such as "abstain".
func (p Position) String() string { return enumString(positions, int(p)) }

// Label returns the Swedish and English names of the position.
func (p Position) Label() Label { return enumLabel(positions, int(p)) }

// MarshalText implements [encoding.TextMarshaler].
func (p Position) MarshalText() ([]byte, error) { return []byte(p.String()), nil }

// UnmarshalText implements [encoding.TextUnmarshaler].
func (p *Position) UnmarshalText(b []byte) error {
	i, err := enumParse(positions, "Position", string(b))
	*p = Position(i)
	return err
}

// Tally counts a decision: the body's members, those present and their
// positions. Under acclamation everyone present agrees.
type Tally struct {
	Members  int `json:"members"`
	Present  int `json:"present"`
	Agree    int `json:"agree"`
	Abstain  int `json:"abstain"`
	Disagree int `json:"disagree"`
	Block    int `json:"block"`
	// Chair is the chair's position, for a casting vote; zero when the
	// chair took none.
	Chair Position `json:"chair,omitempty"`
}

// Errors of [DecisionRule.Apply], inside a [*RuleError].
var (
	// ErrNoQuorum is returned when too few members are present to decide.
	ErrNoQuorum = errors.New("model: no quorum")
	// ErrRuleNotMet is returned when the positions do not carry the
	// decision under the body's rule: a block under consent, an abstention
	// under unanimity, a majority short or tied.
	ErrRuleNotMet = errors.New("model: the decision rule is not met")
)

// RuleError says why a decision did not pass: the rule, the tally and the
// reason.
type RuleError struct {
	Rule   DecisionRule
	Tally  Tally
	Reason string
	Err    error // ErrNoQuorum or ErrRuleNotMet
}

// Error names the rule, the reason and the tally.
func (e *RuleError) Error() string {
	t := e.Tally
	return fmt.Sprintf("model: %s: %s (%d of %d present; %d agree, %d abstain, %d disagree, %d block)",
		e.Rule.Kind.Label().EN, e.Reason, t.Present, t.Members, t.Agree, t.Abstain, t.Disagree, t.Block)
}

// Unwrap returns ErrNoQuorum or ErrRuleNotMet.
func (e *RuleError) Unwrap() error { return e.Err }

// Apply decides whether the tally carries a decision under the rule: nil
// when it does, a *RuleError saying why not when it does not. It checks the
// quorum first. A block counts as a disagreement under every rule but
// consent.
func (r DecisionRule) Apply(t Tally) error {
	fail := func(err error, format string, args ...any) error {
		return &RuleError{Rule: r, Tally: t, Reason: fmt.Sprintf(format, args...), Err: err}
	}
	if t.Present == 0 || !r.Quorum.Of(t.Present, t.Members) {
		return fail(ErrNoQuorum, "%d of %d members present, the quorum is %s", t.Present, t.Members, r.Quorum)
	}
	against := t.Disagree + t.Block
	switch r.Kind {
	case RuleUnanimity:
		if t.Agree != t.Present {
			return fail(ErrRuleNotMet, "%d of %d present did not agree", t.Present-t.Agree, t.Present)
		}
	case RuleConsent:
		if t.Block > 0 {
			return fail(ErrRuleNotMet, "%d blocked", t.Block)
		}
		if t.Agree == 0 {
			return fail(ErrRuleNotMet, "no one agreed")
		}
	case RuleMajority:
		switch {
		case t.Agree > against:
		case t.Agree == against && r.ChairCasts && t.Chair == Agree && t.Agree > 0:
		case t.Agree == against:
			return fail(ErrRuleNotMet, "a tie, %d to %d", t.Agree, against)
		default:
			return fail(ErrRuleNotMet, "%d agree, %d against", t.Agree, against)
		}
	case RuleQualifiedMajority:
		if !r.Majority.Of(t.Agree, t.Present) {
			return fail(ErrRuleNotMet, "%d of %d present agree, %s is needed", t.Agree, t.Present, r.Majority)
		}
	default:
		return fail(ErrRuleNotMet, "no decision rule")
	}
	return nil
}

// SubjectKind is what a decision is about.
type SubjectKind uint8

// The kinds of subject.
const (
	SubjectDocument      SubjectKind = iota + 1 // a pinned document version
	SubjectMeasures                             // a set of measures
	SubjectPhase                                // a phase change, by its trigger
	SubjectParticipation                        // an organisation's participation
	SubjectOther                                // anything else, by its title
)

var subjectKinds = []enumEntry{
	{},
	{"document", Label{"dokument", "document"}},
	{"measures", Label{"åtgärder", "measures"}},
	{"phase", Label{"fasövergång", "phase change"}},
	{"participation", Label{"deltagande", "participation"}},
	{"other", Label{"övrigt", "other"}},
}

// String returns the stable text form, such as "document".
func (k SubjectKind) String() string { return enumString(subjectKinds, int(k)) }

// Label returns the Swedish and English names of the kind.
func (k SubjectKind) Label() Label { return enumLabel(subjectKinds, int(k)) }

// MarshalText implements [encoding.TextMarshaler].
func (k SubjectKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnmarshalText implements [encoding.TextUnmarshaler].
func (k *SubjectKind) UnmarshalText(b []byte) error {
	i, err := enumParse(subjectKinds, "SubjectKind", string(b))
	*k = SubjectKind(i)
	return err
}

// Subject is what a decision is about: exactly the field its kind names.
type Subject struct {
	Kind         SubjectKind    `json:"kind"`
	Document     DocumentID     `json:"document,omitzero"`
	Measures     []MeasureID    `json:"measures,omitempty"`
	Trigger      string         `json:"trigger,omitempty"`
	Organisation OrganisationID `json:"organisation,omitzero"`
	// Title says what the decision is about in words; required for
	// SubjectOther, optional otherwise.
	Title string `json:"title,omitempty"`
}

// Validate checks that the subject names what its kind needs and nothing
// else.
func (s Subject) Validate() error {
	var v validator
	v.enum("Kind", subjectKinds, int(s.Kind))
	need := map[string]bool{
		"Document":     s.Kind == SubjectDocument,
		"Measures":     s.Kind == SubjectMeasures,
		"Trigger":      s.Kind == SubjectPhase,
		"Organisation": s.Kind == SubjectParticipation,
	}
	has := map[string]bool{
		"Document": !s.Document.IsZero(), "Measures": len(s.Measures) > 0,
		"Trigger": s.Trigger != "", "Organisation": !s.Organisation.IsZero(),
	}
	for _, f := range []string{"Document", "Measures", "Trigger", "Organisation"} {
		switch {
		case need[f] && !has[f]:
			v.add(f, ErrRequired)
		case !need[f] && has[f]:
			v.add(f, ErrNotAllowed)
		}
	}
	if s.Kind == SubjectOther {
		v.text("Title", s.Title)
	} else {
		v.optionalText("Title", s.Title)
	}
	v.optionalText("Trigger", s.Trigger)
	for i, m := range s.Measures {
		if slices.Contains(s.Measures[:i], m) {
			v.add(fmt.Sprintf("Measures[%d]", i), ErrDuplicate)
		}
	}
	return v.err()
}

// Key identifies the subject: two decisions with the same key are on the
// same subject. The title counts only for SubjectOther.
func (s Subject) Key() string {
	switch s.Kind {
	case SubjectDocument:
		return "document:" + s.Document.String()
	case SubjectMeasures:
		ids := make([]string, len(s.Measures))
		for i, m := range s.Measures {
			ids[i] = m.String()
		}
		slices.Sort(ids)
		return "measures:" + strings.Join(ids, ",")
	case SubjectPhase:
		return "phase:" + s.Trigger
	case SubjectParticipation:
		return "participation:" + s.Organisation.String()
	}
	return "other:" + strings.ToLower(strings.TrimSpace(s.Title))
}

// Vote is one member's position on a decision, with a note if they gave one.
type Vote struct {
	Member   Member   `json:"member"`
	Position Position `json:"position"`
	Note     string   `json:"note,omitempty"`
}

// Reservation is a member's formal dissent, entered in the minutes
// (reservation).
type Reservation struct {
	Member Member `json:"member"`
	Text   string `json:"text"`
}

// MaxVotes is the most votes one decision may carry.
const MaxVotes = 1_000

// Decision is a body's decision at a meeting on a subject.
type Decision struct {
	ID      DecisionID `json:"id"`
	Body    GroupID    `json:"body"`
	Meeting MeetingID  `json:"meeting"`
	Subject Subject    `json:"subject"`
	// Votes are the members' positions, one each. Or, with Acclamation,
	// none: Present members were there and all agreed (bifall med
	// acklamation).
	Votes       []Vote `json:"votes,omitempty"`
	Acclamation bool   `json:"acclamation,omitempty"`
	Present     int    `json:"present,omitempty"`
	// Reservations are formal dissents, from members who disagreed.
	Reservations []Reservation `json:"reservations,omitempty"`
	Note         string        `json:"note,omitempty"`
	// Reference is the record reference (diarienummer) in the format of the
	// body's organisation, which the host checks; Paragraph the minutes'
	// paragraph (§).
	Reference string `json:"reference,omitempty"`
	Paragraph int    `json:"paragraph,omitempty"`
	// Reconsiders is the body's earlier decision on the same subject that
	// this one reconsiders; required when there is one.
	Reconsiders DecisionID `json:"reconsiders,omitzero"`
	// Follows is the body's earlier decision on the same subject that this
	// one takes further without reconsidering it (a further decision,
	// fortsatt beslut): first on the continued work, later on directives.
	Follows DecisionID `json:"follows,omitzero"`
	// Effect is when the decision takes effect: at once (the zero value),
	// when its minutes are approved (justering), or on EffectiveOn.
	Effect      Effect `json:"effect,omitempty"`
	EffectiveOn Date   `json:"effective_on,omitzero"`
	// Amount is the money the decision grants or sets aside, if any.
	Amount Amount `json:"amount,omitempty"`
	// Directives are the assignments the decision gives (direktiv).
	Directives []Directive `json:"directives,omitempty"`
}

// Validate checks the decision on its own: a body, a meeting, a subject,
// votes or an acclamation (not both), each member voting once, reservations
// from members who voted against.
func (d Decision) Validate() error {
	var v validator
	v.id("ID", d.ID.IsZero())
	v.id("Body", d.Body.IsZero())
	v.id("Meeting", d.Meeting.IsZero())
	if err := d.Subject.Validate(); err != nil {
		v.errs = append(v.errs, Within("Subject", err))
	}
	switch {
	case d.Acclamation && len(d.Votes) > 0:
		v.add("Votes", ErrNotAllowed)
	case d.Acclamation && d.Present < 1:
		v.add("Present", ErrRequired)
	case !d.Acclamation && d.Present != 0:
		v.add("Present", ErrNotAllowed)
	case !d.Acclamation && len(d.Votes) == 0:
		v.add("Votes", ErrRequired)
	case len(d.Votes) > MaxVotes:
		v.add("Votes", ErrOutOfRange)
	}
	against := map[Member]bool{}
	for i, vote := range d.Votes {
		f := fmt.Sprintf("Votes[%d]", i)
		if err := vote.Member.validate(); err != nil {
			v.add(f+".Member", err)
		}
		v.enum(f+".Position", positions, int(vote.Position))
		v.optionalText(f+".Note", vote.Note)
		for _, earlier := range d.Votes[:i] {
			if earlier.Member == vote.Member {
				v.add(f+".Member", ErrDuplicate)
			}
		}
		against[vote.Member] = vote.Position == Disagree || vote.Position == Block
	}
	for i, r := range d.Reservations {
		f := fmt.Sprintf("Reservations[%d]", i)
		v.text(f+".Text", r.Text)
		if !against[r.Member] {
			v.add(f+".Member", ErrNotAllowed) // only those who voted against reserve themselves
		}
	}
	v.optionalText("Note", d.Note)
	v.optionalText("Reference", d.Reference)
	if d.Paragraph < 0 {
		v.add("Paragraph", ErrOutOfRange)
	}
	d.validateWorks(&v)
	return v.err()
}

// Tally counts the decision's positions for a body of members.
func (d Decision) Tally(members int, chair Member) Tally {
	t := Tally{Members: members}
	if d.Acclamation {
		t.Present, t.Agree = d.Present, d.Present
		return t
	}
	for _, vote := range d.Votes {
		t.Present++
		switch vote.Position {
		case Agree:
			t.Agree++
		case Abstain:
			t.Abstain++
		case Disagree:
			t.Disagree++
		case Block:
			t.Block++
		}
		if vote.Member == chair {
			t.Chair = vote.Position
		}
	}
	return t
}

// validate checks that exactly one of person and organisation is set.
func (m Member) validate() error {
	switch {
	case m.Person.IsZero() && m.Organisation.IsZero():
		return ErrRequired
	case !m.Person.IsZero() && !m.Organisation.IsZero():
		return ErrNotAllowed
	}
	return nil
}
