package model_test

import (
	"testing"

	"github.com/samling-go/samling/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDecisionRule_Apply(t *testing.T) {
	twoThirds := model.Share{Num: 2, Den: 3}
	rule := func(k model.RuleKind) model.DecisionRule {
		r := model.DecisionRule{Kind: k, Quorum: model.MoreThanHalf}
		if k == model.RuleQualifiedMajority {
			r.Majority = twoThirds
		}
		return r
	}
	casting := rule(model.RuleMajority)
	casting.ChairCasts = true
	tally := func(members, agree, abstain, disagree, block int) model.Tally {
		return model.Tally{Members: members, Present: agree + abstain + disagree + block, Agree: agree, Abstain: abstain, Disagree: disagree, Block: block}
	}
	withChair := func(t model.Tally, p model.Position) model.Tally { t.Chair = p; return t }
	for _, c := range []struct {
		name  string
		rule  model.DecisionRule
		tally model.Tally
		want  error // nil: the decision passes
	}{
		{"unanimity, all agree", rule(model.RuleUnanimity), tally(9, 9, 0, 0, 0), nil},
		{"unanimity with one abstention", rule(model.RuleUnanimity), tally(9, 8, 1, 0, 0), model.ErrRuleNotMet},
		{"unanimity with one against", rule(model.RuleUnanimity), tally(9, 8, 0, 1, 0), model.ErrRuleNotMet},
		{"unanimity of those present, two away", rule(model.RuleUnanimity), tally(9, 7, 0, 0, 0), nil},
		{"consent with one block", rule(model.RuleConsent), tally(7, 6, 0, 0, 1), model.ErrRuleNotMet},
		{"consent with disagreement and abstention", rule(model.RuleConsent), tally(7, 4, 1, 2, 0), nil},
		{"consent with no one agreeing", rule(model.RuleConsent), tally(7, 0, 4, 0, 0), model.ErrRuleNotMet},
		{"qualified majority one vote short", rule(model.RuleQualifiedMajority), tally(9, 5, 1, 3, 0), model.ErrRuleNotMet},
		{"qualified majority exactly two thirds", rule(model.RuleQualifiedMajority), tally(9, 6, 1, 2, 0), nil},
		{"qualified majority counts abstentions as present", rule(model.RuleQualifiedMajority), tally(9, 4, 3, 0, 0), model.ErrRuleNotMet},
		{"no quorum: four of nine", rule(model.RuleMajority), tally(9, 4, 0, 0, 0), model.ErrNoQuorum},
		{"no quorum: exactly half", rule(model.RuleUnanimity), tally(10, 5, 0, 0, 0), model.ErrNoQuorum},
		{"quorum: more than half", rule(model.RuleUnanimity), tally(10, 6, 0, 0, 0), nil},
		{"no one present", rule(model.RuleConsent), tally(0, 0, 0, 0, 0), model.ErrNoQuorum},
		{"majority, abstentions not counted", rule(model.RuleMajority), tally(9, 3, 4, 2, 0), nil},
		{"majority lost", rule(model.RuleMajority), tally(9, 3, 0, 4, 0), model.ErrRuleNotMet},
		{"a block is a no under majority", rule(model.RuleMajority), tally(9, 3, 0, 2, 1), model.ErrRuleNotMet},
		{"a tie without a casting vote", rule(model.RuleMajority), tally(9, 3, 0, 3, 0), model.ErrRuleNotMet},
		{"a tie, the chair casts yes", casting, withChair(tally(9, 3, 0, 3, 0), model.Agree), nil},
		{"a tie, the chair casts no", casting, withChair(tally(9, 3, 0, 3, 0), model.Disagree), model.ErrRuleNotMet},
		{"a tie, the chair abstained", casting, withChair(tally(9, 3, 1, 3, 0), model.Abstain), model.ErrRuleNotMet},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := c.rule.Apply(c.tally)
			if c.want == nil {
				assert.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, c.want)
			var re *model.RuleError
			require.ErrorAs(t, err, &re)
			assert.Equal(t, c.tally, re.Tally)
			assert.NotEmpty(t, re.Reason)
		})
	}
}

func TestDecisionRule_Validate(t *testing.T) {
	ok := []model.DecisionRule{
		{Kind: model.RuleConsent, Quorum: model.MoreThanHalf},
		{Kind: model.RuleMajority, Quorum: model.Share{Num: 1, Den: 2}, ChairCasts: true},
		{Kind: model.RuleQualifiedMajority, Quorum: model.MoreThanHalf, Majority: model.Share{Num: 2, Den: 3}},
	}
	for _, r := range ok {
		assert.NoError(t, r.Validate(), r.Kind)
	}
	for _, c := range []struct {
		rule  model.DecisionRule
		field string
	}{
		{model.DecisionRule{Quorum: model.MoreThanHalf}, "Kind"},
		{model.DecisionRule{Kind: model.RuleConsent}, "Quorum"},
		{model.DecisionRule{Kind: model.RuleConsent, Quorum: model.Share{Num: 3, Den: 2}}, "Quorum"},
		{model.DecisionRule{Kind: model.RuleQualifiedMajority, Quorum: model.MoreThanHalf, Majority: model.Share{Num: 1, Den: 3}}, "Majority"},
		{model.DecisionRule{Kind: model.RuleMajority, Quorum: model.MoreThanHalf, Majority: model.Share{Num: 2, Den: 3}}, "Majority"},
		{model.DecisionRule{Kind: model.RuleConsent, Quorum: model.MoreThanHalf, ChairCasts: true}, "ChairCasts"},
	} {
		err := c.rule.Validate()
		var fe *model.FieldError
		require.ErrorAs(t, err, &fe, "%+v", c.rule)
		assert.Equal(t, c.field, fe.Field)
		assert.ErrorIs(t, err, model.ErrInvalid)
	}
}

func TestDecision_ValidateAndTally(t *testing.T) {
	anna, erik := model.Member{Person: model.NewID[model.Person]()}, model.Member{Person: model.NewID[model.Person]()}
	d := model.Decision{ID: model.NewID[model.Decision](), Body: model.NewID[model.Group](), Meeting: model.NewID[model.Meeting](),
		Subject:      model.Subject{Kind: model.SubjectDocument, Document: model.NewID[model.Document]()},
		Votes:        []model.Vote{{Member: anna, Position: model.Agree}, {Member: erik, Position: model.Disagree}},
		Reservations: []model.Reservation{{Member: erik, Text: "Till förmån för eget yrkande"}}}
	require.NoError(t, d.Validate())
	assert.Equal(t, model.Tally{Members: 5, Present: 2, Agree: 1, Disagree: 1, Chair: model.Agree}, d.Tally(5, anna))

	bad := d
	bad.Reservations = []model.Reservation{{Member: anna, Text: "Reserverar mig"}}
	assert.ErrorIs(t, bad.Validate(), model.ErrNotAllowed, "only those against reserve themselves")
	bad = d
	bad.Votes = append(bad.Votes, model.Vote{Member: anna, Position: model.Abstain})
	assert.ErrorIs(t, bad.Validate(), model.ErrDuplicate)
	bad = d
	bad.Acclamation = true
	assert.ErrorIs(t, bad.Validate(), model.ErrNotAllowed, "votes or acclamation, not both")
	bad = d
	bad.Subject = model.Subject{Kind: model.SubjectDocument}
	assert.ErrorIs(t, bad.Validate(), model.ErrRequired)

	acc := model.Decision{ID: d.ID, Body: d.Body, Meeting: d.Meeting, Subject: d.Subject, Acclamation: true, Present: 131}
	require.NoError(t, acc.Validate())
	assert.Equal(t, model.Tally{Members: 149, Present: 131, Agree: 131}, acc.Tally(149, anna))
}

func TestSubject_Key(t *testing.T) {
	a, b := model.NewID[model.Measure](), model.NewID[model.Measure]()
	k1 := model.Subject{Kind: model.SubjectMeasures, Measures: []model.MeasureID{a, b}}.Key()
	k2 := model.Subject{Kind: model.SubjectMeasures, Measures: []model.MeasureID{b, a}}.Key()
	assert.Equal(t, k1, k2, "the same measures in another order")
	assert.Equal(t, model.Subject{Kind: model.SubjectOther, Title: "Budget "}.Key(), model.Subject{Kind: model.SubjectOther, Title: "budget"}.Key())
}

func TestTable_Validate(t *testing.T) {
	tbl := model.Table{
		Columns: []model.Column{{Name: "Månad", Type: model.ColumnText}, {Name: "Antal utskrivningsklara dagar", Type: model.ColumnInteger}},
		Rows:    [][]string{{"Januari", "89"}, {"Februari", "100"}},
	}
	require.NoError(t, tbl.Validate())
	n, ok := tbl.Int(1, 1)
	assert.True(t, ok)
	assert.Equal(t, int64(100), n)
	tbl.Rows = append(tbl.Rows, []string{"Mars", "hundra"})
	var fe *model.FieldError
	require.ErrorAs(t, tbl.Validate(), &fe)
	assert.Equal(t, "Rows[2][1]", fe.Field)
	tbl.Rows = [][]string{{"Mars"}}
	assert.ErrorIs(t, tbl.Validate(), model.ErrOutOfRange, "a row short of a cell")
}
