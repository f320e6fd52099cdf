package model

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/google/uuid"
)

// ID identifies one entity of kind T. The type parameter only keeps the kinds
// apart at compile time: an OrganisationID cannot be passed where a PersonID
// is expected. The zero ID means "not set".
//
// IDs made by [NewID] are UUIDs of version 7 (time-ordered). They read and
// write as the canonical 36-character UUID text, in JSON too.
type ID[T any] struct{ u [16]byte }

// The identifiers of the library's entities.
type (
	ProcessID        = ID[Process]
	OrganisationID   = ID[Organisation]
	PersonID         = ID[Person]
	GroupID          = ID[Group]
	MembershipID     = ID[Membership]
	AreaID           = ID[Area]
	ProposalID       = ID[Proposal]
	MeasureID        = ID[Measure]
	RecommendationID = ID[Recommendation]
	MeetingID        = ID[Meeting]
	DocumentID       = ID[Document]
	DecisionID       = ID[Decision]
	AssignmentID     = ID[Assignment]
	DelegationID     = ID[Delegation]
)

// NewID returns a new, random, time-ordered ID: a UUID of version 7 (RFC
// 9562) whose first 48 bits are the Unix time in milliseconds and whose
// other 74 free bits are random. The time is the system's: an ID says
// roughly when it was made, but no event's time is taken from its ID.
func NewID[T any]() ID[T] { return NewIDAt[T](time.Now()) }

// NewIDAt returns a new ID whose time bits are t's, in milliseconds, and
// whose other bits are random, as [NewID]: for a writer that already holds
// the time (the engine mints a command's and its events' IDs at the
// command's time, from its clock, without reading the system's again).
func NewIDAt[T any](t time.Time) ID[T] {
	var u [16]byte
	// The random bits come from math/rand/v2's generator (ChaCha8 seeded
	// by the operating system): IDs must be unique, not secret, and this
	// source needs no lock.
	binary.BigEndian.PutUint64(u[8:], rand.Uint64())
	ms := max(t.UnixMilli(), 0) // a time before 1970 gives the earliest IDs
	binary.BigEndian.PutUint64(u[0:], uint64(ms)<<16|rand.Uint64()&0x0fff)
	u[6] = u[6]&0x0f | 0x70 // version 7
	u[8] = u[8]&0x3f | 0x80 // variant 10
	return ID[T]{u: u}
}

// ParseID reads an ID from its UUID text. The error wraps [ErrInvalid].
func ParseID[T any](s string) (ID[T], error) {
	u, err := uuid.Parse(s)
	if err != nil {
		return ID[T]{}, fmt.Errorf("model: parse id %q: %w", s, ErrInvalid)
	}
	return ID[T]{u: u}, nil
}

// IsZero reports whether the ID is unset.
func (id ID[T]) IsZero() bool { return id.u == [16]byte{} }

// String returns the canonical UUID text, or "" for the zero ID.
func (id ID[T]) String() string {
	b, _ := id.MarshalText()
	return string(b)
}

// Bytes returns the 16 bytes of the ID.
func (id ID[T]) Bytes() [16]byte { return id.u }

// IDFromBytes returns the ID with the 16 bytes b, such as an ID a host
// derives from its own key. The zero ID is returned for 16 zero bytes.
func IDFromBytes[T any](b [16]byte) ID[T] { return ID[T]{u: b} }

// MarshalText implements [encoding.TextMarshaler]: the canonical UUID text,
// and empty text for the zero ID.
func (id ID[T]) MarshalText() ([]byte, error) {
	if id.IsZero() {
		return []byte{}, nil
	}
	b := make([]byte, 36)
	hex.Encode(b[0:8], id.u[0:4])
	b[8] = '-'
	hex.Encode(b[9:13], id.u[4:6])
	b[13] = '-'
	hex.Encode(b[14:18], id.u[6:8])
	b[18] = '-'
	hex.Encode(b[19:23], id.u[8:10])
	b[23] = '-'
	hex.Encode(b[24:], id.u[10:])
	return b, nil
}

// UnmarshalText implements [encoding.TextUnmarshaler]; empty text is the zero ID.
func (id *ID[T]) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*id = ID[T]{}
		return nil
	}
	v, err := ParseID[T](string(b))
	if err != nil {
		return err
	}
	*id = v
	return nil
}

// Process names one process: a gathering from its start through its cycles.
// Its ID is the identity of the process's event stream.
type Process struct {
	ID   ProcessID `json:"id"`
	Name string    `json:"name"`
	// TimeZone is the IANA name of the time zone the process's dates are
	// taken in: a remiss deadline, a term of office and a delegation end
	// at midnight there. Empty means [DefaultTimeZone]; the start of a
	// process records the zone it runs in.
	TimeZone string `json:"time_zone,omitempty"`
}

// DefaultTimeZone is the time zone of a process that names none.
const DefaultTimeZone = "Europe/Stockholm"

// Validate checks that the process has an ID and a name, and that its time
// zone, if given, is one the zone database knows.
func (p Process) Validate() error {
	var v validator
	v.id("ID", p.ID.IsZero())
	v.text("Name", p.Name)
	if p.TimeZone != "" {
		if _, err := p.Location(); err != nil {
			v.add("TimeZone", fmt.Errorf("%w: %q is not a time zone of the zone database", ErrOutOfRange, p.TimeZone))
		}
	}
	return v.err()
}

// Location returns the process's time zone ([DefaultTimeZone] when it
// names none). The zone database is embedded, so the answer is the same on
// every machine.
func (p Process) Location() (*time.Location, error) {
	name := p.TimeZone
	if name == "" {
		name = DefaultTimeZone
	}
	if name == "Local" {
		return nil, fmt.Errorf("model: the machine's own time zone is not a process's")
	}
	return time.LoadLocation(name)
}
