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

// DocumentItem is one measure of a document, at one text version.
type DocumentItem struct {
	Measure MeasureID `json:"measure"`
	Version int       `json:"version"`
}
