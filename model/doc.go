// Package model holds the value types of a Samling för social hållbarhet and
// their validation: typed identifiers, organisations with their official
// codes, persons, roles, groups and memberships, intervention areas,
// proposals, measures, recommendations and meetings.
//
// The package does no I/O and holds no state machine. Every type has a
// Validate method that checks the value on its own; rules that need the rest
// of a process (does this person exist, is there already a chair) belong to
// package process.
//
// Validation errors are [*FieldError] values joined with [errors.Join]: each
// names the field and unwraps both to a specific sentinel ([ErrRequired],
// [ErrUnknownCode], …) and to [ErrInvalid], so
//
//	if errors.Is(err, model.ErrInvalid) { … }
//
// catches every one of them and [errors.As] finds the first field at fault.
//
// The official municipality and county codes are Statistics Sweden's, shipped
// inside the package (see [LookupMunicipality]); Swedish names sort with
// [CompareSwedish].
package model
