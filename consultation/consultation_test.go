package consultation_test

import (
	"context"
	"strings"
	"testing"

	"github.com/samling-go/samling/consultation"
	"github.com/samling-go/samling/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// handCase is a round to four consultees (three required) about two
// measures, with five responses: Borås answers twice, Alingsås says "no
// answer", Ale answers late, Vara never answers.
type handCase struct {
	round                 consultation.Round
	borås, alingsås, ale  model.OrganisationID
	vara                  model.OrganisationID
	m1, m2                model.MeasureID
	responses             []consultation.Response
	firstBorås, lastBorås consultation.ResponseID
}

func newHandCase() handCase {
	h := handCase{
		borås: model.NewID[model.Organisation](), alingsås: model.NewID[model.Organisation](),
		ale: model.NewID[model.Organisation](), vara: model.NewID[model.Organisation](),
		m1: model.NewID[model.Measure](), m2: model.NewID[model.Measure](),
	}
	h.round = consultation.Round{
		ID: model.NewID[consultation.Round](), Kind: consultation.Remiss, Title: "Åtgärdsförslag",
		Document: model.NewID[model.Document](), Deadline: model.MakeDate(2013, 4, 15),
		Items: []model.DocumentItem{{Measure: h.m1, Version: 1}, {Measure: h.m2, Version: 2}},
		Consultees: []consultation.Consultee{
			{Organisation: h.borås, Required: true}, {Organisation: h.alingsås, Required: true},
			{Organisation: h.ale, Required: true}, {Organisation: h.vara},
		},
	}
	resp := func(org model.OrganisationID, st consultation.Stance, items ...consultation.ItemResponse) consultation.Response {
		return consultation.Response{ID: model.NewID[consultation.Response](), Round: h.round.ID, Organisation: org, Stance: st, Items: items}
	}
	first := resp(h.borås, consultation.Opposes, consultation.ItemResponse{Measure: h.m1, Stance: consultation.Opposes, Comment: "För dyrt"})
	last := resp(h.borås, consultation.SupportsWithChanges,
		consultation.ItemResponse{Measure: h.m1, Stance: consultation.SupportsWithChanges, Comment: "Inkludera fritidsgårdarna"},
		consultation.ItemResponse{Measure: h.m2, Stance: consultation.Supports})
	late := resp(h.ale, consultation.Supports, consultation.ItemResponse{Measure: h.m1, Stance: consultation.Supports, Comment: "Bra"})
	late.Late = true
	h.firstBorås, h.lastBorås = first.ID, last.ID
	h.responses = []consultation.Response{first, resp(h.alingsås, consultation.NoAnswer), last, late}
	return h
}

func TestCompile_HandCounted(t *testing.T) {
	h := newHandCase()
	names := consultation.Names{
		Organisation: func(id model.OrganisationID) string {
			return map[model.OrganisationID]string{h.borås: "Borås", h.alingsås: "Alingsås", h.ale: "Ale", h.vara: "Vara"}[id]
		},
		Measure: func(id model.MeasureID) (int, string) {
			if id == h.m1 {
				return 1, "Läxhjälp"
			}
			return 2, "Familjecentraler"
		},
	}
	c := consultation.Compile(h.round, h.responses, names)
	// By hand: required Borås, Alingsås, Ale all answered (3/3); Vara not (3/4).
	assert.Equal(t, consultation.Rate{Answered: 3, Of: 3}, c.Required)
	assert.Equal(t, consultation.Rate{Answered: 3, Of: 4}, c.All)
	assert.InDelta(t, 75.0, c.All.Percent(), 0.001)
	assert.Equal(t, 1, c.Late)
	// Latest answers only: Borås supports with changes (its opposition is superseded).
	assert.Equal(t, map[consultation.Stance]int{consultation.SupportsWithChanges: 1, consultation.NoAnswer: 1, consultation.Supports: 1}, c.Stances)
	require.Len(t, c.Measures, 2)
	assert.Equal(t, map[consultation.Stance]int{consultation.SupportsWithChanges: 1, consultation.Supports: 1}, c.Measures[0].Stances)
	require.Len(t, c.Measures[0].Comments, 2)
	assert.Equal(t, "Borås", c.Measures[0].Comments[0].Name)
	assert.Equal(t, "Inkludera fritidsgårdarna", c.Measures[0].Comments[0].Text)
	assert.Equal(t, h.lastBorås, c.Measures[0].Comments[0].Response)
	assert.Equal(t, map[consultation.Stance]int{consultation.Supports: 1}, c.Measures[1].Stances)
	assert.Empty(t, c.Measures[1].Comments)
	require.Len(t, c.NonRespondents, 1)
	assert.Equal(t, h.vara, c.NonRespondents[0].Organisation)

	sv := c.Markdown(model.Swedish)
	for _, want := range []string{
		"# Sammanställning av remiss: Åtgärdsförslag",
		"- obligatoriska remissinstanser: 3 / 3 (100 %)",
		"- alla remissinstanser: 3 / 4 (75 %)",
		"| tillstyrker med ändringar | 1 |",
		"## Åtgärd 1: Läxhjälp",
		"- **Borås** (tillstyrker med ändringar): Inkludera fritidsgårdarna",
		"## Har inte svarat\n\n- Vara\n",
	} {
		assert.Contains(t, sv, want)
	}
	en := c.Markdown(model.English)
	assert.Contains(t, en, "- required consultees: 3 / 3 (100 %)")
	assert.Contains(t, en, "## Measure 2: Familjecentraler\n\nStances: supports 1\n\nNo comments.")
}

func TestDeadlines(t *testing.T) {
	h := newHandCase()
	h.round.Consultees[3].Deadline = model.MakeDate(2013, 5, 15) // Vara got an extension
	none := []consultation.Response{}
	assert.Len(t, consultation.Pending(h.round, none), 4)
	assert.Len(t, consultation.Pending(h.round, h.responses), 1)

	assert.Empty(t, consultation.DueForReminder(h.round, none, model.MakeDate(2013, 4, 1), 7), "two weeks left")
	assert.Len(t, consultation.DueForReminder(h.round, none, model.MakeDate(2013, 4, 8), 7), 3, "the deadline is 7 days away")
	assert.Len(t, consultation.DueForReminder(h.round, none, model.MakeDate(2013, 4, 15), 0), 3, "the deadline is today")
	assert.Empty(t, consultation.Overdue(h.round, none, model.MakeDate(2013, 4, 15)), "not overdue on the deadline day")
	assert.Len(t, consultation.Overdue(h.round, none, model.MakeDate(2013, 4, 16)), 3, "Vara's extension keeps it off the list")
	assert.Len(t, consultation.Overdue(h.round, none, model.MakeDate(2013, 5, 16)), 4)
	assert.Equal(t, model.MakeDate(2013, 5, 15), h.round.DeadlineFor(h.vara))

	assert.False(t, consultation.AnsweredOrPast(h.round, none, model.MakeDate(2013, 4, 15)))
	assert.True(t, consultation.AnsweredOrPast(h.round, none, model.MakeDate(2013, 4, 16)), "required deadlines passed")
	assert.True(t, consultation.AnsweredOrPast(h.round, h.responses, model.MakeDate(2013, 4, 1)), "every required consultee answered")
}

func TestFire_Lifecycle(t *testing.T) {
	ctx := context.Background()
	id := model.NewID[consultation.Round]()
	status := consultation.Drafted
	for _, trig := range []consultation.Trigger{consultation.TriggerOpen, consultation.TriggerClose, consultation.TriggerCompile, consultation.TriggerReopen, consultation.TriggerClose} {
		_, err := consultation.Fire(ctx, id, &status, trig)
		require.NoError(t, err, trig)
	}
	assert.Equal(t, consultation.Closed, status)
	_, err := consultation.Fire(ctx, id, &status, consultation.TriggerClose)
	var te *consultation.TransitionError
	require.ErrorAs(t, err, &te, "closing twice")
	assert.ErrorIs(t, err, consultation.ErrTriggerNotPermitted)
	assert.Equal(t, consultation.Closed, status)

	open := consultation.Open
	_, err = consultation.Fire(ctx, id, &open, consultation.TriggerCompile)
	assert.ErrorIs(t, err, consultation.ErrTriggerNotPermitted, "compiling an open round")

	c2, cancel := context.WithCancel(ctx)
	cancel()
	_, err = consultation.Fire(c2, id, &open, consultation.TriggerClose)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, consultation.Open, open)
}

func TestMermaid_FromTheLifecycle(t *testing.T) {
	g := consultation.Mermaid(model.Swedish)
	assert.True(t, strings.HasPrefix(g, "stateDiagram-v2\n    [*] --> drafted\n"))
	assert.Contains(t, g, `state "sammanställd" as compiled`)
	for _, tr := range consultation.Lifecycle() {
		assert.Contains(t, g, "    "+tr.From.String()+" --> "+tr.To.String()+": "+string(tr.Trigger)+"\n")
	}
}

func TestValidate(t *testing.T) {
	h := newHandCase()
	require.NoError(t, h.round.Validate())
	bad := h.round
	bad.Consultees = append(bad.Consultees, bad.Consultees[0])
	assert.ErrorIs(t, bad.Validate(), model.ErrDuplicate)
	assert.ErrorIs(t, consultation.Round{}.Validate(), model.ErrRequired)

	r := h.responses[0]
	require.NoError(t, r.Validate())
	r.Stance = consultation.NoAnswer
	assert.ErrorIs(t, r.Validate(), model.ErrNotAllowed, "no answer carries no stances")
	r = h.responses[0]
	r.Items = append(r.Items, r.Items[0])
	assert.ErrorIs(t, r.Validate(), model.ErrDuplicate)
	var s consultation.Stance
	assert.ErrorIs(t, s.UnmarshalText([]byte("maybe")), model.ErrUnknownValue)
	require.NoError(t, s.UnmarshalText([]byte("supports-with-changes")))
	assert.Equal(t, consultation.SupportsWithChanges, s)
}
