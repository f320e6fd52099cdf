package model_test

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/samling-go/samling/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDisposition_Validate(t *testing.T) {
	p, m1, m2 := model.NewID[model.Proposal](), model.NewID[model.Measure](), model.NewID[model.Measure]()
	org := model.NewID[model.Organisation]()
	tests := []struct {
		name  string
		d     model.Disposition
		field string
		want  error
	}{
		{"merged", model.Disposition{Proposal: p, Kind: model.DispositionMerged, Measures: []model.MeasureID{m1}}, "", nil},
		{"split across two", model.Disposition{Proposal: p, Kind: model.DispositionMerged, Measures: []model.MeasureID{m1, m2}}, "", nil},
		{"merged into nothing", model.Disposition{Proposal: p, Kind: model.DispositionMerged}, "Measures", model.ErrRequired},
		{"adopted as two", model.Disposition{Proposal: p, Kind: model.DispositionAdopted, Measures: []model.MeasureID{m1, m2}}, "Measures", model.ErrOutOfRange},
		{"rejected without reason", model.Disposition{Proposal: p, Kind: model.DispositionRejected}, "Reason", model.ErrRequired},
		{"rejected into a measure", model.Disposition{Proposal: p, Kind: model.DispositionRejected, Reason: "r", Measures: []model.MeasureID{m1}}, "Measures", model.ErrNotAllowed},
		{"forwarded to nobody", model.Disposition{Proposal: p, Kind: model.DispositionForwarded, Reason: "r"}, "ForwardedTo", model.ErrRequired},
		{"forwarded", model.Disposition{Proposal: p, Kind: model.DispositionForwarded, Reason: "statlig fråga", ForwardedTo: org}, "", nil},
		{"withdrawn with a recipient", model.Disposition{Proposal: p, Kind: model.DispositionWithdrawn, Reason: "r", ForwardedTo: org}, "ForwardedTo", model.ErrNotAllowed},
		{"the same measure twice", model.Disposition{Proposal: p, Kind: model.DispositionMerged, Measures: []model.MeasureID{m1, m1}}, "Measures", model.ErrDuplicate},
		{"no proposal", model.Disposition{Kind: model.DispositionWithdrawn, Reason: "r"}, "Proposal", model.ErrRequired},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.d.Validate()
			if tt.field == "" {
				require.NoError(t, err)
				return
			}
			assert.ErrorIs(t, err, tt.want)
			var fe *model.FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tt.field, fe.Field)
		})
	}
	assert.ErrorIs(t, model.Cause{}.Validate(), model.ErrRequired)
	assert.NoError(t, model.Cause{Note: "efter remissen"}.Validate())
	assert.NoError(t, model.Cause{Meeting: model.NewID[model.Meeting]()}.Validate())
	assert.ErrorIs(t, model.Measure{ID: m1, Number: 1, Title: "T", Level: 9}.Validate(), model.ErrUnknownValue)
}

func TestWordDiff(t *testing.T) {
	ops := model.WordDiff("Kommunerna ska erbjuda läxhjälp", "Kommunerna och regionen ska erbjuda avgiftsfri läxhjälp")
	assert.Equal(t, "Kommunerna {+och regionen+} ska erbjuda {+avgiftsfri+} läxhjälp", model.FormatDiff(ops))
	assert.Equal(t, "[-gammal-] {+ny+}", model.FormatDiff(model.WordDiff("gammal", "ny")))
	assert.Empty(t, model.WordDiff("", ""))
	assert.Equal(t, "samma text", model.FormatDiff(model.WordDiff("samma  text", "samma\ntext")))
}

// TestWordDiff_RebuildsBothTexts checks the diff's invariant on random texts:
// kept and removed words give the old text, kept and added the new.
func TestWordDiff_RebuildsBothTexts(t *testing.T) {
	words := []string{"barn", "unga", "hälsa", "kommun", "region", "och", "ska", "alla"}
	rng := rand.New(rand.NewPCG(1, 2))
	text := func() string {
		n := rng.IntN(20)
		w := make([]string, n)
		for i := range w {
			w[i] = words[rng.IntN(len(words))]
		}
		return strings.Join(w, " ")
	}
	for range 500 {
		a, b := text(), text()
		var old, new []string
		for _, op := range model.WordDiff(a, b) {
			if op.Kind != model.DiffInsert {
				old = append(old, op.Text)
			}
			if op.Kind != model.DiffDelete {
				new = append(new, op.Text)
			}
		}
		require.Equal(t, a, strings.Join(old, " "))
		require.Equal(t, b, strings.Join(new, " "))
	}
}
