package model

// Document is a named, pinned version of the measure list, such as "the
// proposal of measures, December 2012": each measure at an exact text
// version, so that what was sent out or decided never changes afterwards.
type Document struct {
	ID    DocumentID     `json:"id"`
	Title string         `json:"title"`
	Items []DocumentItem `json:"items"`
	// Date is the document's date, if it has one.
	Date Date `json:"date,omitzero"`
	// Authors are who wrote it: the commission, its members, a department.
	Authors []Author `json:"authors,omitempty"`
	// Recipient is the body it is addressed to, if any: the executive
	// board a commission reports to.
	Recipient GroupID `json:"recipient,omitzero"`
	// Revises is the earlier document this one is a new version of, if
	// any: the city's longer list of measures revises the commission's.
	Revises DocumentID `json:"revises,omitzero"`
}

// DocumentItem is one measure of a document, at one text version, and
// where the document placed it: its number, recommendation, objective and
// area as they were when it was pinned. Regrouping a measure later makes a
// new document, never changes this one.
type DocumentItem struct {
	Measure        MeasureID        `json:"measure"`
	Version        int              `json:"version"`
	Number         int              `json:"number,omitempty"`
	Recommendation RecommendationID `json:"recommendation,omitzero"`
	Objective      ObjectiveID      `json:"objective,omitzero"`
	Area           AreaID           `json:"area,omitzero"`
}
