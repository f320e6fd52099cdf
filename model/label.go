package model

// Lang is a language the library writes its labels in.
type Lang string

// The languages of the library's labels.
const (
	Swedish Lang = "sv"
	English Lang = "en"
)

// Label is a user-facing text in Swedish and English.
type Label struct {
	SV string `json:"sv"`
	EN string `json:"en"`
}

// In returns the label in lang; any language other than English gets Swedish.
func (l Label) In(lang Lang) string {
	if lang == English {
		return l.EN
	}
	return l.SV
}

// String returns the Swedish form.
func (l Label) String() string { return l.SV }

// Validate checks that both forms are given.
func (l Label) Validate() error {
	var v validator
	v.text("SV", l.SV)
	v.text("EN", l.EN)
	return v.err()
}
