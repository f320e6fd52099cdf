package model

// Document is a named, pinned version of the measure list, such as "the
// proposal of measures, December 2012": each measure at an exact text
// version, so that what was sent out or decided never changes afterwards.
type Document struct {
	ID    DocumentID     `json:"id"`
	Title string         `json:"title"`
	Items []DocumentItem `json:"items"`
}

// DocumentItem is one measure of a document, at one text version.
type DocumentItem struct {
	Measure MeasureID `json:"measure"`
	Version int       `json:"version"`
}
