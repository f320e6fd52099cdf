package process

import (
	"context"
	"testing"

	"github.com/samling-go/samling/model"
	"github.com/stretchr/testify/assert"
)

// Every sentinel declared in errors.go is logged as itself: none is
// shadowed by one listed before it, and none is missing from the list.
func TestRefusalKinds_EverySentinelIsItsOwnKind(t *testing.T) {
	assert.GreaterOrEqual(t, len(sentinels), 25, "errors.go declares the package's sentinels with sentinel()")
	for _, s := range sentinels {
		assert.Equal(t, s.Error(), refusalKind(s))
		assert.Equal(t, s.Error(), refusalKind(&ReferenceError{Field: "F", ID: "x", Err: s}), "wrapped in a ReferenceError")
	}
}

// textProbe is a command shaped as none is yet: an embedded value and a
// map, so that the text check's paths through them are pinned.
type textProbe struct {
	TextInner
	Labels map[string]string
}

type TextInner struct {
	Title, Note string
}

func (textProbe) Name() string { return "text-probe" }

func (textProbe) decide(context.Context, *State, *env) ([]Payload, error) { return nil, nil }

func (textProbe) rule(Request, model.PersonID, model.Date) string { return "" }

// A text refusal names the field: an embedded value's fields as the outer
// one's, keeping their multi-line policy, and a map's values by key.
func TestText_EmbeddedAndMapPaths(t *testing.T) {
	ok := textProbe{TextInner: TextInner{Title: "Rubrik", Note: "två\nrader"}, Labels: map[string]string{"sv": "Barn"}}
	assert.NoError(t, checkCommandText(ok))

	bad := textProbe{TextInner: TextInner{Title: "a\nb", Note: "a\x00b"}, Labels: map[string]string{"sv": "a\x1bb"}}
	var fields []string
	for _, err := range checkCommandText(bad).(interface{ Unwrap() []error }).Unwrap() {
		fe, isField := err.(*model.FieldError)
		if assert.True(t, isField) {
			fields = append(fields, fe.Field)
		}
		assert.ErrorIs(t, err, model.ErrControlChar)
	}
	assert.Equal(t, []string{"Title", "Note", "Labels.sv"}, fields)
}
