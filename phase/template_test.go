package phase_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// builtinCriteria are the criteria the built-in templates name.
var builtinCriteria = []phase.CriterionName{
	phase.TimePlanSet, phase.SteeringGroupFormed, phase.WorkingGroupFormed,
	phase.ReferenceNetworkFormed, phase.ProjectManagementGroupFormed,
	phase.TemporaryWorkingGroupFormed, phase.ProposalsReceived,
	phase.MeasuresDrafted, phase.RecommendationsWritten, phase.ProposalsDisposed,
	phase.ConsultationCompiled, phase.ConsultationAnswered, phase.CommitteeApproved,
	phase.BoardApprovedAfterRounds, phase.CouncilAdopted, phase.ParticipationDecided,
}

// known is what the built-in templates name: their criteria, and the
// commands Dalarna's preparatory phase allows by name.
var known = phase.Known{Criteria: builtinCriteria, Commands: map[string]phase.Allowance{
	"define-indicator": phase.FollowUp, "record-observations": phase.FollowUp, "submit-proposals": phase.Proposals,
	"decide": phase.Decisions, "advance": phase.Administration,
}}

func TestBuiltins_Build(t *testing.T) {
	for _, tpl := range []phase.Template{phase.VastraGotaland(), phase.Dalarna()} {
		_, err := phase.Build(tpl, known)
		require.NoError(t, err, tpl.ID)
	}
	assert.Len(t, phase.VastraGotaland().Phases, 5)
	assert.Len(t, phase.Dalarna().Phases, 3)
}

func TestTemplate_JSONRoundTrip(t *testing.T) {
	for _, tpl := range []phase.Template{phase.VastraGotaland(), phase.Dalarna()} {
		data, err := json.Marshal(tpl)
		require.NoError(t, err)
		back, err := phase.ParseTemplate(data)
		require.NoError(t, err)
		assert.Equal(t, tpl, back)
	}
}

func TestTemplate_Invalid(t *testing.T) {
	base := func() phase.Template {
		return phase.Template{
			ID: "t", Name: model.Label{SV: "Mall", EN: "Template"}, Initial: "a",
			Phases: []phase.Phase{
				{ID: "a", Name: model.Label{SV: "A", EN: "A"}},
				{ID: "b", Name: model.Label{SV: "B", EN: "B"}},
			},
			Transitions: []phase.Transition{{Trigger: "go", From: "a", To: "b"}},
		}
	}
	tests := []struct {
		name   string
		change func(*phase.Template)
		field  string
		want   error
	}{
		{"unknown initial", func(t *phase.Template) { t.Initial = "x" }, "initial", phase.ErrUnknownPhase},
		{"unknown target", func(t *phase.Template) { t.Transitions[0].To = "x" }, "transitions[0].to", phase.ErrUnknownPhase},
		{"unreachable phase", func(t *phase.Template) { t.Transitions = nil }, "phases[1]", phase.ErrUnreachablePhase},
		{"duplicate phase", func(t *phase.Template) { t.Phases[1].ID = "a" }, "phases[1].id", phase.ErrDuplicatePhase},
		{"duplicate transition", func(t *phase.Template) { t.Transitions = append(t.Transitions, t.Transitions[0]) }, "transitions[1]", phase.ErrDuplicateTransition},
		{"ambiguous trigger", func(t *phase.Template) {
			t.Transitions = append(t.Transitions, phase.Transition{Trigger: "go", From: "a", To: "a"})
		}, "transitions[1]", phase.ErrAmbiguousTrigger},
		{"empty trigger", func(t *phase.Template) { t.Transitions[0].Trigger = "" }, "transitions[0].trigger", model.ErrRequired},
		{"bad trigger name", func(t *phase.Template) { t.Transitions[0].Trigger = "go now" }, "transitions[0].trigger", phase.ErrBadName},
		{"missing English name", func(t *phase.Template) { t.Phases[0].Name.EN = "" }, "phases[0].name.en", model.ErrRequired},
		{"no phases", func(t *phase.Template) { t.Phases = nil; t.Transitions = nil }, "phases", model.ErrRequired},
		{"planned end before start", func(t *phase.Template) {
			t.Phases[0].Planned = model.Period{Start: model.MakeDate(2012, 2, 1), End: model.MakeDate(2012, 1, 1)}
		}, "phases[0].planned", model.ErrDateOrder},
		{"criterion twice", func(t *phase.Template) { t.Transitions[0].Criteria = []phase.CriterionName{"c", "c"} }, "transitions[0].criteria[1]", phase.ErrDuplicateCriterion},
		{"too many phases", func(t *phase.Template) {
			for i := range phase.MaxPhases {
				t.Phases = append(t.Phases, phase.Phase{ID: phase.PhaseID(strings.Repeat("p", i+2))})
			}
		}, "phases", phase.ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tpl := base()
			require.NoError(t, tpl.Validate())
			tt.change(&tpl)
			err := tpl.Validate()
			require.Error(t, err)
			assert.ErrorIs(t, err, phase.ErrInvalidTemplate)
			assert.ErrorIs(t, err, tt.want)
			var te *phase.TemplateError
			require.ErrorAs(t, err, &te)
			assert.Equal(t, tt.field, te.Field, err.Error())

			_, err = phase.Build(tpl, phase.Known{})
			assert.ErrorIs(t, err, tt.want, "Build validates too")
		})
	}
}

func TestParseTemplate_UnreachablePhase(t *testing.T) {
	// No cycle, every name valid, but nothing leads to "orphan".
	const doc = `{
	  "id": "t", "name": {"sv": "Mall", "en": "Template"}, "initial": "a",
	  "phases": [
	    {"id": "a", "name": {"sv": "A", "en": "A"}},
	    {"id": "b", "name": {"sv": "B", "en": "B"}},
	    {"id": "orphan", "name": {"sv": "C", "en": "C"}}
	  ],
	  "transitions": [{"trigger": "go", "from": "a", "to": "b"}, {"trigger": "on", "from": "orphan", "to": "b"}]
	}`
	_, err := phase.ParseTemplate([]byte(doc))
	assert.ErrorIs(t, err, phase.ErrUnreachablePhase)
	assert.ErrorContains(t, err, `"orphan"`)
}

func TestParseTemplate_Malformed(t *testing.T) {
	for name, doc := range map[string]string{
		"not json":      `{`,
		"unknown field": `{"id":"t","colour":"red"}`,
		"trailing data": `{"id":"t"} {}`,
		"wrong type":    `{"phases": 3}`,
		"bad date":      `{"phases":[{"planned":{"start":"2012-13-01"}}]}`,
	} {
		t.Run(name, func(t *testing.T) {
			_, err := phase.ParseTemplate([]byte(doc))
			assert.ErrorIs(t, err, phase.ErrInvalidTemplate)
		})
	}
	_, err := phase.ParseTemplate(make([]byte, phase.MaxTemplateBytes+1))
	assert.ErrorIs(t, err, phase.ErrTooLarge)
}

func TestBuild_UnknownCriterion(t *testing.T) {
	_, err := phase.Build(phase.VastraGotaland(), phase.Known{Criteria: []phase.CriterionName{phase.TimePlanSet}})
	require.ErrorIs(t, err, phase.ErrUnknownCriterion)
	var unknown []string
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var te *phase.TemplateError
		if errors.As(e, &te) {
			unknown = append(unknown, te.Field)
		}
	}
	assert.Equal(t, []string{
		"transitions[1].criteria[0]", "transitions[1].criteria[1]",
		"transitions[1].criteria[2]", "transitions[1].criteria[3]",
		"transitions[2].criteria[0]", "transitions[2].criteria[1]",
		"transitions[3].criteria[0]", "transitions[3].criteria[1]",
		"transitions[3].criteria[2]", "transitions[3].criteria[3]",
	}, unknown, "every unknown criterion is reported")
}

func TestDefinition_IsImmutable(t *testing.T) {
	tpl := phase.VastraGotaland()
	def, err := phase.Build(tpl, known)
	require.NoError(t, err)
	tpl.Phases[0].ID = "changed"
	tpl.Transitions[1].Criteria[0] = "changed"
	got := def.Template()
	assert.Equal(t, phase.PhaseID("planning"), got.Phases[0].ID)
	got.Transitions[1].Criteria[0] = "changed again"
	assert.Equal(t, phase.SteeringGroupFormed, def.Transitions("anchoring")[0].Criteria[0])
	p, ok := def.Phase("decision")
	require.True(t, ok)
	assert.Equal(t, "Beslutsfas", p.Name.SV)
	_, ok = def.Phase("nope")
	assert.False(t, ok)
}
