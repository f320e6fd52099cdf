package process_test

import (
	"reflect"
	"slices"
	"testing"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/process"
	"github.com/stretchr/testify/assert"
)

// The fingerprint writes the actor field by field; a field added to
// model.Actor or model.Authority must be added there too, or two retries
// by different actors could look the same.
func TestFingerprint_CoversEveryFieldOfTheActor(t *testing.T) {
	var fields []string
	actor := reflect.TypeFor[model.Actor]()
	for i := range actor.NumField() {
		fields = append(fields, actor.Field(i).Name)
	}
	auth := reflect.TypeFor[model.Authority]()
	for i := range auth.NumField() {
		fields = append(fields, "Authority."+auth.Field(i).Name)
	}
	slices.Sort(fields)
	want := slices.Clone(process.ActorFingerprintFields)
	slices.Sort(want)
	assert.Equal(t, want, fields, "appendActor in command.go writes exactly these fields")
}
