package model

import (
	"fmt"

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
)

// NewID returns a new, random, time-ordered ID (UUID version 7).
func NewID[T any]() ID[T] {
	return ID[T]{u: uuid.Must(uuid.NewV7())}
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
	if id.IsZero() {
		return ""
	}
	return uuid.UUID(id.u).String()
}

// Bytes returns the 16 bytes of the ID.
func (id ID[T]) Bytes() [16]byte { return id.u }

// MarshalText implements [encoding.TextMarshaler]; the zero ID is empty text.
func (id ID[T]) MarshalText() ([]byte, error) { return []byte(id.String()), nil }

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
}

// Validate checks that the process has an ID and a name.
func (p Process) Validate() error {
	var v validator
	v.id("ID", p.ID.IsZero())
	v.text("Name", p.Name)
	return v.err()
}
