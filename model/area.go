package model

// Area is an intervention area (insatsområde): a theme that proposals,
// measures and working groups belong to, such as "a good start in life for
// all children and young people".
type Area struct {
	ID AreaID `json:"id"`
	// Number orders the areas of a process, from 1.
	Number int    `json:"number"`
	Name   string `json:"name"`
}

// Validate checks the area's ID, number and name.
func (a Area) Validate() error {
	var v validator
	v.id("ID", a.ID.IsZero())
	if a.Number < 1 {
		v.add("Number", ErrOutOfRange)
	}
	v.text("Name", a.Name)
	return v.err()
}
