package model

import "fmt"

// Document is a named, pinned version of what a process sends out or
// decides, such as "the proposal of measures, December 2012": free
// sections (a plan's "content and goals", a memo) and the numbered
// measures, each at an exact text version, so that what was sent out or
// decided never changes afterwards. A document holds sections, measures or
// both.
type Document struct {
	ID    DocumentID `json:"id"`
	Title string     `json:"title"`
	// Sections are the free sections, in order, before the measures.
	Sections []Section      `json:"sections,omitempty"`
	Items    []DocumentItem `json:"items"`
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

// Section is one free section of a document: a heading and its text.
type Section struct {
	Heading string `json:"heading"`
	Text    string `json:"text,omitempty"`
}

// MaxSections is the most sections a document may have.
const MaxSections = 1_000

// ValidateSections checks a document's sections: each with a heading, at
// most MaxSections.
func ValidateSections(field string, ss []Section) error {
	var v validator
	if len(ss) > MaxSections {
		v.add(field, ErrOutOfRange)
		return v.err()
	}
	for i, s := range ss {
		f := fmt.Sprintf("%s[%d]", field, i)
		v.text(f+".Heading", s.Heading)
		v.optionalText(f+".Text", s.Text)
	}
	return v.err()
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
