package model

// OrganisationKind says what kind of organisation an actor is.
type OrganisationKind uint8

// The kinds of organisation that take part in a process.
const (
	KindMunicipality              OrganisationKind = iota + 1 // kommun
	KindRegion                                                // region
	KindCountyCouncil                                         // landsting
	KindCountyAdministrativeBoard                             // länsstyrelse
	KindAuthority                                             // myndighet
	KindPolice                                                // polis
	KindUniversity                                            // universitet eller högskola
	KindNationalAssociation                                   // riksorganisation
	KindCivilSociety                                          // civilsamhälle
	KindBusiness                                              // näringsliv
	KindOther                                                 // övrig
	KindDepartment                                            // förvaltning
	KindDistrictCouncil                                       // stadsdelsnämnd eller kommundelsnämnd
)

var organisationKinds = []enumEntry{
	{},
	{"municipality", Label{"kommun", "municipality"}},
	{"region", Label{"region", "region"}},
	{"county-council", Label{"landsting", "county council"}},
	{"county-administrative-board", Label{"länsstyrelse", "county administrative board"}},
	{"authority", Label{"myndighet", "authority"}},
	{"police", Label{"polis", "police"}},
	{"university", Label{"universitet eller högskola", "university"}},
	{"national-association", Label{"riksorganisation", "national association"}},
	{"civil-society", Label{"civilsamhälle", "civil society"}},
	{"business", Label{"näringsliv", "business"}},
	{"other", Label{"övrig", "other"}},
	{"department", Label{"förvaltning", "department"}},
	{"district-council", Label{"stadsdelsnämnd", "district council"}},
}

// IsPart reports whether organisations of this kind are always part of
// another: a department (förvaltning) of a municipality or a region, a
// district council of a city.
func (k OrganisationKind) IsPart() bool { return k == KindDepartment || k == KindDistrictCouncil }

// String returns the stable text form, such as "county-council".
func (k OrganisationKind) String() string { return enumString(organisationKinds, int(k)) }

// Label returns the Swedish and English names of the kind.
func (k OrganisationKind) Label() Label { return enumLabel(organisationKinds, int(k)) }

// MarshalText implements [encoding.TextMarshaler].
func (k OrganisationKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnmarshalText implements [encoding.TextUnmarshaler].
func (k *OrganisationKind) UnmarshalText(b []byte) error {
	i, err := enumParse(organisationKinds, "OrganisationKind", string(b))
	*k = OrganisationKind(i)
	return err
}

// CodeKind says which official code an organisation of this kind carries:
// a municipality code (required), a county code (optional), or none.
func (k OrganisationKind) CodeKind() CodeKind {
	switch k {
	case KindMunicipality:
		return MunicipalityCode
	case KindRegion, KindCountyCouncil, KindCountyAdministrativeBoard:
		return CountyCode
	}
	return NoCode
}

// CodeKind is the kind of official code an organisation carries.
type CodeKind uint8

// The kinds of official code.
const (
	NoCode           CodeKind = iota // no official code applies
	MunicipalityCode                 // Statistics Sweden's 4-digit code, required
	CountyCode                       // Statistics Sweden's 2-digit code, optional
)

// Organisation is an actor in the process: a municipality, a region, an
// authority, a university, an association, a business.
type Organisation struct {
	ID   OrganisationID   `json:"id"`
	Name string           `json:"name"`
	Kind OrganisationKind `json:"kind"`
	// Code is the official code where one exists: the 4-digit municipality
	// code for a municipality (required), the 2-digit county code for a
	// region, county council or county administrative board (optional), and
	// empty for every other kind.
	Code string `json:"code,omitempty"`
	// Parent is the organisation this one is part of, if any: the
	// municipality of a department or a district council, the region of
	// an administration. Required for a department or a district council.
	Parent OrganisationID `json:"parent,omitzero"`
}

// Validate checks the organisation, including its code against Statistics
// Sweden's table.
func (o Organisation) Validate() error {
	var v validator
	v.id("ID", o.ID.IsZero())
	v.text("Name", o.Name)
	v.enum("Kind", organisationKinds, int(o.Kind))
	switch {
	case o.Parent.IsZero() && o.Kind.IsPart():
		v.add("Parent", ErrRequired)
	case !o.Parent.IsZero() && o.Parent == o.ID:
		v.add("Parent", ErrNotAllowed)
	}
	switch o.Kind.CodeKind() {
	case MunicipalityCode:
		if o.Code == "" {
			v.add("Code", ErrRequired)
		} else if _, ok := LookupMunicipality(o.Code); !ok {
			v.add("Code", ErrUnknownCode)
		}
	case CountyCode:
		if _, ok := LookupCounty(o.Code); o.Code != "" && !ok {
			v.add("Code", ErrUnknownCode)
		}
	default:
		if o.Code != "" {
			v.add("Code", ErrNotAllowed)
		}
	}
	return v.err()
}

// MunicipalityOrganisation returns the organisation of the municipality with
// the 4-digit code, named by its short name ("Falun", never a made-up long
// name), with a new ID. ok is false for an unknown code.
func MunicipalityOrganisation(code string) (o Organisation, ok bool) {
	m, ok := LookupMunicipality(code)
	if !ok {
		return Organisation{}, false
	}
	return Organisation{ID: NewID[Organisation](), Name: m.Name, Kind: KindMunicipality, Code: code}, true
}
