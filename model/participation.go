package model

import (
	"fmt"
	"slices"
)

// Representative is a person who represents a participating organisation:
// an official with the overall view, or a practitioner of one intervention
// area.
type Representative struct {
	Person PersonID `json:"person"`
	Role   Role     `json:"role"` // RoleOfficial or RolePractitioner
	Area   AreaID   `json:"area,omitzero"`
}

// Participation is an invited organisation's own decision to take part in
// the process, or to decline: when, by which of its bodies, under which
// record reference; and, when it joins, who represents it and the
// intervention areas it shares responsibility for.
type Participation struct {
	Organisation OrganisationID `json:"organisation"`
	Joins        bool           `json:"joins"`
	Date         Date           `json:"date"`
	// Body is the organisation's deciding body, such as "Kommunstyrelsen".
	Body      string `json:"body"`
	Reference string `json:"reference,omitempty"`
	// Representatives and Areas are for an organisation that joins.
	Representatives []Representative `json:"representatives,omitempty"`
	Areas           []AreaID         `json:"areas,omitempty"`
}

// Validate checks the participation decision on its own.
func (p Participation) Validate() error {
	var v validator
	v.id("Organisation", p.Organisation.IsZero())
	v.date("Date", p.Date, true)
	v.text("Body", p.Body)
	v.optionalText("Reference", p.Reference)
	if !p.Joins && (len(p.Representatives) > 0 || len(p.Areas) > 0) {
		v.add("Representatives", ErrNotAllowed) // an organisation that declines names no one
	}
	v.representatives("Representatives", p.Representatives)
	for i, a := range p.Areas {
		if a.IsZero() {
			v.add(fmt.Sprintf("Areas[%d]", i), ErrRequired)
		}
		if slices.Contains(p.Areas[:i], a) {
			v.add(fmt.Sprintf("Areas[%d]", i), ErrDuplicate)
		}
	}
	return v.err()
}

// representatives checks a list of representatives: each a person, an
// official or a practitioner, a practitioner with an area, none twice.
func (v *validator) representatives(field string, reps []Representative) {
	for i, r := range reps {
		f := fmt.Sprintf("%s[%d]", field, i)
		v.id(f+".Person", r.Person.IsZero())
		switch r.Role {
		case RoleOfficial:
		case RolePractitioner:
			v.id(f+".Area", r.Area.IsZero())
		default:
			v.add(f+".Role", ErrOutOfRange)
		}
		if slices.Contains(reps[:i], r) {
			v.add(f, ErrDuplicate)
		}
	}
}
