package model

// Measure is a numbered measure (åtgärd) that a process works out from the
// proposals: "measure 12", with its title, text, intervention area, level
// and responsible organisations, and the proposals it was made from.
type Measure struct {
	ID MeasureID `json:"id"`
	// Number is the measure's number in the process's list, from 1. A
	// measure given to process.CreateMeasure with 0 gets the next free
	// number there; a recorded measure always has one.
	Number int    `json:"number"`
	Title  string `json:"title"`
	Text   string `json:"text,omitempty"`
	// Area is the measure's intervention area, if the process uses areas.
	Area AreaID `json:"area,omitzero"`
	// Level is the level the measure is meant for, if set.
	Level Level `json:"level,omitempty"`
	// Responsible are the organisations responsible for carrying it out.
	Responsible []OrganisationID `json:"responsible,omitempty"`
	// Sources are the proposals the measure was made from: those given
	// when it was created, and those merged into it since.
	Sources []ProposalID `json:"sources,omitempty"`
	// Recommendation is the recommendation the measure is grouped under, if any.
	Recommendation RecommendationID `json:"recommendation,omitzero"`
	// Objective is the objective of that recommendation the measure is
	// placed under (mål), if any; a measure may belong to its
	// recommendation directly.
	Objective ObjectiveID `json:"objective,omitzero"`
	// Amount is the money the measure needs or is given, if any.
	Amount Amount `json:"amount,omitempty"`
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
	if m.Level != 0 && !enumValid(levels, int(m.Level)) {
		v.add("Level", ErrUnknownValue)
	}
	uniqueIDs(&v, "Responsible", m.Responsible)
	uniqueIDs(&v, "Sources", m.Sources)
	v.amount("Amount", m.Amount)
	return v.err()
}

// Recommendation is a recommendation (rekommendation) that groups measures,
// such as Dalarna's "a regional collaboration structure for local
// cross-sector work".
type Recommendation struct {
	ID RecommendationID `json:"id"`
	// Number is the recommendation's number, from 1; 0 given to
	// process.CreateRecommendation means the next free one.
	Number int    `json:"number"`
	Title  string `json:"title"`
	Text   string `json:"text,omitempty"`
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
