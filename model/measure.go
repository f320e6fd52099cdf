package model

// Measure is a numbered measure (åtgärd) that a process works out from the
// proposals: "measure 12", with its title, text and intervention area, and
// the proposals it was made from.
type Measure struct {
	ID MeasureID `json:"id"`
	// Number is the measure's number in the process's list, from 1.
	Number int    `json:"number"`
	Title  string `json:"title"`
	Text   string `json:"text,omitempty"`
	// Area is the measure's intervention area, if the process uses areas.
	Area AreaID `json:"area,omitzero"`
	// Sources are the proposals the measure was made from.
	Sources []ProposalID `json:"sources,omitempty"`
	// Recommendation is the recommendation the measure is grouped under, if any.
	Recommendation RecommendationID `json:"recommendation,omitzero"`
}

// Validate checks the measure on its own.
func (m Measure) Validate() error {
	var v validator
	v.id("ID", m.ID.IsZero())
	if m.Number < 1 {
		v.add("Number", ErrOutOfRange)
	}
	v.text("Title", m.Title)
	v.optionalText("Text", m.Text)
	uniqueIDs(&v, "Sources", m.Sources)
	return v.err()
}

// Recommendation is a recommendation (rekommendation) that groups measures,
// such as Dalarna's "a regional collaboration structure for local
// cross-sector work".
type Recommendation struct {
	ID     RecommendationID `json:"id"`
	Number int              `json:"number"`
	Title  string           `json:"title"`
	Text   string           `json:"text,omitempty"`
}

// Validate checks the recommendation on its own.
func (r Recommendation) Validate() error {
	var v validator
	v.id("ID", r.ID.IsZero())
	if r.Number < 1 {
		v.add("Number", ErrOutOfRange)
	}
	v.text("Title", r.Title)
	v.optionalText("Text", r.Text)
	return v.err()
}
