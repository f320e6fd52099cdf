package model

import "fmt"

// The identifiers of objectives and directives.
type (
	ObjectiveID = ID[Objective]
	DirectiveID = ID[Directive]
)

// Objective is an objective (mål) of a recommendation: the level between a
// recommendation and its measures. "Recommendation 1: every child a good
// start; objective 1.2: fewer children in poverty; measures 7–9". A
// recommendation may hold objectives, measures directly, or both.
type Objective struct {
	ID ObjectiveID `json:"id"`
	// Recommendation is the recommendation the objective belongs to.
	Recommendation RecommendationID `json:"recommendation"`
	// Number is the objective's number within its recommendation, from 1
	// ("1.2" is objective 2 of recommendation 1). 0 in a command asks for
	// the next free number of the recommendation.
	Number int    `json:"number"`
	Title  string `json:"title"`
	Text   string `json:"text,omitempty"`
	// Area is the objective's intervention area, if it has one of its own.
	Area AreaID `json:"area,omitzero"`
}

// Validate checks the objective on its own; a Number of 0 is allowed (the
// next free one).
func (o Objective) Validate() error {
	var v validator
	v.id("ID", o.ID.IsZero())
	v.id("Recommendation", o.Recommendation.IsZero())
	if o.Number < 0 {
		v.add("Number", ErrOutOfRange)
	}
	v.text("Title", o.Title)
	v.optionalText("Text", o.Text)
	return v.err()
}

// Author is who wrote a document: a person, an organisation or a group
// (a commission, a working group), exactly one.
type Author struct {
	Person       PersonID       `json:"person,omitzero"`
	Organisation OrganisationID `json:"organisation,omitzero"`
	Group        GroupID        `json:"group,omitzero"`
}

// Validate checks that exactly one of the three is set.
func (a Author) Validate() error {
	n := 0
	for _, zero := range []bool{a.Person.IsZero(), a.Organisation.IsZero(), a.Group.IsZero()} {
		if !zero {
			n++
		}
	}
	switch n {
	case 0:
		return &FieldError{Field: "Person", Err: ErrRequired}
	case 1:
		return nil
	}
	return &FieldError{Field: "Group", Err: ErrNotAllowed}
}

// HandOver is a document handed over (överlämnande) to a body: the
// commission's final report handed to the executive board at a public
// presentation, on a day, at a meeting if there was one.
type HandOver struct {
	Document DocumentID `json:"document"`
	To       GroupID    `json:"to"`
	// Meeting is the meeting it was handed over at, if any; its date is
	// then the day of the hand-over.
	Meeting MeetingID `json:"meeting,omitzero"`
	Date    Date      `json:"date,omitzero"`
	Note    string    `json:"note,omitempty"`
}

// Validate checks the hand-over on its own: a document, a body, and a
// meeting or a date.
func (h HandOver) Validate() error {
	var v validator
	v.id("Document", h.Document.IsZero())
	v.id("To", h.To.IsZero())
	if h.Meeting.IsZero() {
		v.date("Date", h.Date, true)
	} else {
		v.date("Date", h.Date, false)
	}
	v.optionalText("Note", h.Note)
	return v.err()
}

// Effect is when a decision takes effect.
type Effect uint8

// The ways a decision takes effect. The zero Effect is at once.
const (
	// EffectAtOnce: the decision is in force from the day of its meeting
	// (omedelbar justering, or a body whose minutes need none).
	EffectAtOnce Effect = iota
	// EffectOnApproval: the decision takes effect when the minutes of its
	// meeting are approved (justering), recorded with [process.ApproveMinutes].
	EffectOnApproval
	// EffectOnDate: the decision takes effect on the date it names.
	EffectOnDate
)

var effects = []enumEntry{
	{}, // at once: the zero value, written as nothing
	{"on-approval", Label{"när protokollet justerats", "when the minutes are approved"}},
	{"on-date", Label{"från ett angivet datum", "from a date"}},
}

// String returns the stable text form, such as "on-approval"; empty for
// EffectAtOnce.
func (e Effect) String() string { return enumString(effects, int(e)) }

// Label returns the Swedish and English names of the effect.
func (e Effect) Label() Label {
	if e == EffectAtOnce {
		return Label{"omedelbart", "at once"}
	}
	return enumLabel(effects, int(e))
}

// MarshalText implements [encoding.TextMarshaler].
func (e Effect) MarshalText() ([]byte, error) { return []byte(e.String()), nil }

// UnmarshalText implements [encoding.TextUnmarshaler].
func (e *Effect) UnmarshalText(b []byte) error {
	i, err := enumParse(effects, "Effect", string(b))
	*e = Effect(i)
	return err
}

// MaxDirectives is the most directives one decision may give.
const MaxDirectives = 1_000

// Directive is an assignment a decision gives (direktiv, uppdrag): to an
// organisation or a part of one, a task, by a date, with money if any. "The
// city office is instructed to investigate a social investment fund by 31
// March". A directive may have sub-assignments, given later to parts of
// the organisation, whose Parent it is.
type Directive struct {
	ID DirectiveID `json:"id"`
	// Parent is the directive this one is a sub-assignment of, if any.
	Parent DirectiveID    `json:"parent,omitzero"`
	To     OrganisationID `json:"to"`
	Task   string         `json:"task"`
	Due    Date           `json:"due,omitzero"`
	Amount Amount         `json:"amount,omitempty"`
}

// Validate checks the directive on its own.
func (d Directive) Validate() error {
	var v validator
	v.id("ID", d.ID.IsZero())
	v.id("To", d.To.IsZero())
	v.text("Task", d.Task)
	v.date("Due", d.Due, false)
	v.amount("Amount", d.Amount)
	if d.Parent == d.ID && !d.ID.IsZero() {
		v.add("Parent", ErrNotAllowed)
	}
	return v.err()
}

// validateWorks checks the fields of issue 19 on a decision: when it takes
// effect, what it follows, its amount and its directives.
func (d Decision) validateWorks(v *validator) {
	if d.Effect != EffectAtOnce && !enumValid(effects, int(d.Effect)) {
		v.add("Effect", ErrUnknownValue)
	}
	switch {
	case d.Effect == EffectOnDate:
		v.date("EffectiveOn", d.EffectiveOn, true)
	case !d.EffectiveOn.IsZero():
		v.add("EffectiveOn", ErrNotAllowed)
	}
	if !d.Follows.IsZero() && !d.Reconsiders.IsZero() {
		v.add("Follows", ErrNotAllowed) // a reconsideration, or a further decision: not both
	}
	v.amount("Amount", d.Amount)
	if len(d.Directives) > MaxDirectives {
		v.add("Directives", ErrOutOfRange)
		return
	}
	for i, dir := range d.Directives {
		f := fmt.Sprintf("Directives[%d]", i)
		if err := dir.Validate(); err != nil {
			v.errs = append(v.errs, Within(f, err))
		}
		for _, earlier := range d.Directives[:i] {
			if earlier.ID == dir.ID {
				v.add(f+".ID", ErrDuplicate)
			}
		}
	}
}
