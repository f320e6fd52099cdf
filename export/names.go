package export

import (
	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/process"
)

// NamePolicy says how an export shows the names of persons.
type NamePolicy uint8

// The policies for names.
const (
	// OmitNames leaves names out, the default: the Popolo file keeps
	// persons by ID only (with an empty name), and the CSV files and the
	// report leave the cells of persons blank.
	OmitNames NamePolicy = iota
	// PseudonymiseNames shows a stable pseudonym from Options.Key instead
	// of the name, and in place of the ID.
	PseudonymiseNames
	// ShowNames shows names, except of persons with a protected identity.
	ShowNames
)

// Options are the choices an export takes.
type Options struct {
	Names NamePolicy
	// Key is the secret for pseudonyms; required with PseudonymiseNames.
	Key []byte
	// Lang is the language of headings and labels; default Swedish.
	Lang model.Lang
	// Separator separates the fields of the CSV files: a comma, a
	// semicolon or a tab. Zero means the language's own: the semicolon
	// in Swedish (the comma is the Swedish decimal sign, and Swedish
	// Excel splits on semicolons), the comma in English (RFC 4180).
	Separator rune
	// AsOf is the date the report and the charts are as of: a running
	// phase ends there. Zero means the date of the record's last event
	// ([RecordDate]), never the wall clock.
	AsOf model.Date
	// Today is the day an export is made, by which the report says which
	// directives are overdue; zero says only open or done.
	Today model.Date
}

// separator is the CSV separator the options name or the language's.
func (o Options) separator() rune {
	if o.Separator != 0 {
		return o.Separator
	}
	if o.lang() == model.English {
		return ','
	}
	return ';'
}

func (o Options) lang() model.Lang {
	if o.Lang == "" {
		return model.Swedish
	}
	return o.Lang
}

// person returns how the export refers to a person, and the name it may
// show ("" when none).
func (o Options) person(s *process.State, id model.PersonID) (ref, name string) {
	if id.IsZero() {
		return "", ""
	}
	p, _ := s.Person(id)
	switch {
	case o.Names == PseudonymiseNames:
		ps := model.Pseudonym(o.Key, id)
		return ps, ps
	case o.Names == ShowNames && !p.Protected && !s.PersonDisposed(id) && p.Name != "":
		return id.String(), p.Name
	}
	return id.String(), ""
}
