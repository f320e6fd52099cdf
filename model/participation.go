package model

import (
	"fmt"
	"slices"
)

// Representative is a person who represents a participating organisation:
// an official with the overall view, a practitioner of one intervention
// area, an elected politician (a municipal councillor, a regional
// councillor, a member of a board), or a researcher or expert. Role is one
// of [RepresentativeRoles]; Title says, in the organisation's own words,
// what the role does not ("kommunstyrelsens ordförande"), so the set stays
// open without a new role for every title.
type Representative struct {
	Person PersonID `json:"person"`
	Role   Role     `json:"role"` // one of RepresentativeRoles
	Area   AreaID   `json:"area,omitzero"`
	Title  string   `json:"title,omitempty"`
}

// RepresentativeRoles returns the roles a representative of a
// participating organisation may have: official, practitioner (with an
// area), politician and researcher. A practitioner names the area they
// practise in; the others may name one.
func RepresentativeRoles() []Role {
	return []Role{RoleOfficial, RolePractitioner, RolePolitician, RoleResearcher}
}

// roleTexts returns the text forms of roles.
func roleTexts(rs []Role) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.String()
	}
	return out
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

// representatives checks a list of representatives: each a person in one
// of [RepresentativeRoles], a practitioner with an area, none twice.
func (v *validator) representatives(field string, reps []Representative) {
	for i, r := range reps {
		f := fmt.Sprintf("%s[%d]", field, i)
		v.id(f+".Person", r.Person.IsZero())
		v.optionalText(f+".Title", r.Title)
		switch {
		case r.Role == RolePractitioner:
			v.id(f+".Area", r.Area.IsZero())
		case !slices.Contains(RepresentativeRoles(), r.Role):
			v.add(f+".Role", &ValueError{Err: ErrOutOfRange, Value: r.Role.String(), Allowed: roleTexts(RepresentativeRoles())})
		}
		if slices.Contains(reps[:i], r) {
			v.add(f, ErrDuplicate)
		}
	}
}
