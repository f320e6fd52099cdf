package process

import (
	"fmt"

	"github.com/samling-go/samling/model"
)

// This file holds what every Store implementation needs to decide the same
// way, so that the rules live in one place.

// CheckBatch returns an error wrapping [ErrInvalidRecord] when a record of
// an append has no ID or no type, or repeats an ID of the batch.
func CheckBatch(records []Record) error {
	seen := make(map[EventID]bool, len(records))
	for i, r := range records {
		switch {
		case r.ID.IsZero():
			return fmt.Errorf("%w: record %d has no ID", ErrInvalidRecord, i)
		case r.Type == "":
			return fmt.Errorf("%w: record %d has no type", ErrInvalidRecord, i)
		case seen[r.ID]:
			return fmt.Errorf("%w: record %d repeats ID %s", ErrInvalidRecord, i, r.ID)
		}
		seen[r.ID] = true
	}
	return nil
}

// StoredAt is where a store already holds an event ID.
type StoredAt struct {
	Process model.ProcessID
	Version uint64
}

// CheckRetry decides what an append means whose records' IDs a store
// already holds, given where it holds them (stored, by ID; IDs it does not
// hold are absent). It returns retry=true when every record is stored in
// stream id at exactly the version the batch would give it: the append is a
// retry of an acknowledged one and must write nothing. It returns an error
// wrapping [ErrDuplicateEvent] when only some are, or any is elsewhere, and
// retry=false with no error when none is stored.
func CheckRetry(id model.ProcessID, expected uint64, records []Record, stored map[EventID]StoredAt) (retry bool, err error) {
	found := 0
	for i, r := range records {
		at, ok := stored[r.ID]
		if !ok {
			continue
		}
		found++
		if at.Process != id || at.Version != expected+uint64(i)+1 {
			return false, fmt.Errorf("%w: %s is stored at %s version %d", ErrDuplicateEvent, r.ID, at.Process, at.Version)
		}
	}
	switch found {
	case 0:
		return false, nil
	case len(records):
		return true, nil
	}
	return false, fmt.Errorf("%w: %d of %d records are already stored", ErrDuplicateEvent, found, len(records))
}
