package model

import (
	"fmt"
	"slices"
	"time"
)

// MeetingKind says what kind of meeting a meeting is.
type MeetingKind uint8

// The kinds of meeting of a process.
const (
	MeetingConference MeetingKind = iota + 1 // konferens
	MeetingWorkshop                          // workshop
	MeetingCommittee                         // sammanträde
	MeetingSeminar                           // seminarium
	MeetingGroup                             // gruppmöte
)

var meetingKinds = []enumEntry{
	{},
	{"conference", Label{"konferens", "conference"}},
	{"workshop", Label{"workshop", "workshop"}},
	{"committee-meeting", Label{"sammanträde", "committee meeting"}},
	{"seminar", Label{"seminarium", "seminar"}},
	{"group-meeting", Label{"gruppmöte", "group meeting"}},
}

// String returns the stable text form, such as "conference".
func (k MeetingKind) String() string { return enumString(meetingKinds, int(k)) }

// Label returns the Swedish and English names of the kind.
func (k MeetingKind) Label() Label { return enumLabel(meetingKinds, int(k)) }

// MarshalText implements [encoding.TextMarshaler].
func (k MeetingKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnmarshalText implements [encoding.TextUnmarshaler].
func (k *MeetingKind) UnmarshalText(b []byte) error {
	i, err := enumParse(meetingKinds, "MeetingKind", string(b))
	*k = MeetingKind(i)
	return err
}

// MaxHeadCount is the largest head count a meeting may record.
const MaxHeadCount = 1_000_000

// Meeting is a conference, workshop or meeting of the process, planned for
// a date and place, on the themes of some intervention areas and, when it
// is known, at a time of day for a while.
type Meeting struct {
	ID    MeetingID   `json:"id"`
	Kind  MeetingKind `json:"kind"`
	Title string      `json:"title"`
	Date  Date        `json:"date"`
	Place string      `json:"place,omitempty"`
	// Start is the time of day the meeting starts, in the process's time
	// zone; zero when not known (the meeting is then dated by day only).
	Start Clock `json:"start,omitzero"`
	// Duration is how long it lasts, to the minute, at most 24 hours;
	// only with a Start, and zero when not known.
	Duration time.Duration `json:"duration,omitempty"`
	// Areas are the intervention areas the meeting is about: the themes of
	// a themed workshop. None for a meeting on everything.
	Areas []AreaID `json:"areas,omitempty"`
	// Group is the group that holds the meeting, if any.
	Group GroupID `json:"group,omitzero"`
	// HeadCount is how many took part, for a meeting too large to name
	// every attendee (a conference of about 500); 0 when not counted.
	HeadCount int `json:"head_count,omitempty"`
	// Organiser is the organisation that calls the meeting, if any.
	Organiser OrganisationID `json:"organiser,omitzero"`
	// Invitees are the persons and organisations invited.
	Invitees []Member `json:"invitees,omitempty"`
	// Agenda is the numbered agenda (föredragningslista) as planned.
	Agenda []AgendaItem `json:"agenda,omitempty"`
}

// MaxAgendaItems is the most items an agenda may have.
const MaxAgendaItems = 1_000

// Validate checks the meeting on its own.
func (m Meeting) Validate() error {
	var v validator
	v.id("ID", m.ID.IsZero())
	v.enum("Kind", meetingKinds, int(m.Kind))
	v.text("Title", m.Title)
	v.date("Date", m.Date, true)
	v.optionalText("Place", m.Place)
	switch {
	case !m.Start.IsZero() && !m.Start.Valid():
		v.add("Start", ErrOutOfRange)
	case m.Duration != 0 && m.Start.IsZero():
		v.add("Duration", ErrNotAllowed) // a length without a start cannot be placed in a day
	case m.Duration < 0 || m.Duration > 24*time.Hour || m.Duration%time.Minute != 0:
		v.add("Duration", ErrOutOfRange)
	}
	for i, a := range m.Areas {
		if a.IsZero() {
			v.add(fmt.Sprintf("Areas[%d]", i), ErrRequired)
		}
		if slices.Contains(m.Areas[:i], a) {
			v.add(fmt.Sprintf("Areas[%d]", i), ErrDuplicate)
		}
	}
	if m.HeadCount < 0 || m.HeadCount > MaxHeadCount {
		v.add("HeadCount", ErrOutOfRange)
	}
	for i, inv := range m.Invitees {
		v.check(fmt.Sprintf("Invitees[%d]", i), inv.validate())
		if slices.Contains(m.Invitees[:i], inv) {
			v.add(fmt.Sprintf("Invitees[%d]", i), ErrDuplicate)
		}
	}
	v.agenda("Agenda", m.Agenda)
	return v.err()
}

// agenda checks a list of agenda items: titled, numbered from 1 upwards
// without repeats.
func (v *validator) agenda(field string, items []AgendaItem) {
	if len(items) > MaxAgendaItems {
		v.add(field, ErrOutOfRange)
		return
	}
	for i, it := range items {
		f := fmt.Sprintf("%s[%d]", field, i)
		v.text(f+".Title", it.Title)
		if it.Number < 1 {
			v.add(f+".Number", ErrOutOfRange)
		}
		for _, earlier := range items[:i] {
			if earlier.Number == it.Number {
				v.add(f+".Number", ErrDuplicate)
			}
		}
	}
}

// Times returns when the meeting starts and ends in loc (the process's time
// zone), and whether its time of day is known. A meeting with a start but
// no duration ends when it starts.
func (m Meeting) Times(loc *time.Location) (start, end time.Time, ok bool) {
	if !m.Start.Valid() || !m.Date.Valid() {
		return time.Time{}, time.Time{}, false
	}
	start = m.Start.On(m.Date, loc)
	return start, start.Add(m.Duration), true
}

// About reports whether the meeting is about intervention area a.
func (m Meeting) About(a AreaID) bool { return slices.Contains(m.Areas, a) }
