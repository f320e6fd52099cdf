package model_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/samling-go/samling/model"
)

func TestAmount_SwedishForms(t *testing.T) {
	for _, c := range []struct {
		a    model.Amount
		text string
	}{
		{model.Kronor(100_000_000), "100 000 000 kr"},
		{model.Kronor(0), "0 kr"},
		{model.Kronor(999), "999 kr"},
		{model.Kronor(1000), "1 000 kr"},
		{123_450, "1 234,50 kr"},
		{5, "0,05 kr"},
		{-model.Kronor(25), "−25 kr"},
		{-150, "−1,50 kr"},
	} {
		assert.Equal(t, c.text, c.a.String())
		back, err := model.ParseAmount(c.text)
		require.NoError(t, err, c.text)
		assert.Equal(t, c.a, back, c.text)
	}
	for text, want := range map[string]model.Amount{
		"100000000": model.Kronor(100_000_000), "100\u00a0000\u00a0000 kr": model.Kronor(100_000_000), "2 500 kronor": model.Kronor(2500),
		"1 234:50": 123_450, "12,5": 1250, "40 000:-": model.Kronor(40_000), "-0,50 kr": -50, "3.25 SEK": 325,
	} {
		got, err := model.ParseAmount(text)
		require.NoError(t, err, text)
		assert.Equal(t, want, got, text)
	}
	for text, sentinel := range map[string]error{
		"": model.ErrUnknownValue, "kr": model.ErrUnknownValue, "1 00 000": model.ErrUnknownValue, "tio kronor": model.ErrUnknownValue,
		"1,234": model.ErrOutOfRange, "99999999999999999999": model.ErrUnknownValue, "2 000 000 000 000 000 kr": model.ErrOutOfRange,
	} {
		_, err := model.ParseAmount(text)
		assert.ErrorIs(t, err, sentinel, "%q", text)
	}
	// JSON holds the öre as a number: exact, and readable by any tool.
	b, err := json.Marshal(struct{ A model.Amount }{123_450})
	require.NoError(t, err)
	assert.JSONEq(t, `{"A":123450}`, string(b))
}

func TestAmount_SumsExactlyAndRefusesOverflow(t *testing.T) {
	// 0.10 kr + 0.20 kr is 30 öre exactly, where floats would drift.
	total, ok := model.Sum(10, 20)
	assert.True(t, ok)
	assert.Equal(t, model.Amount(30), total)
	total, ok = model.Sum(model.Kronor(100_000_000), model.Kronor(25_000_000), 50)
	assert.True(t, ok)
	assert.Equal(t, "125 000 000,50 kr", total.String())
	_, ok = model.Sum(model.MaxAmount, 1)
	assert.False(t, ok, "beyond MaxAmount")
	assert.True(t, model.MaxAmount.Valid())
	assert.False(t, (model.MaxAmount + 1).Valid())
}

func TestParseNumbers_SwedishForms(t *testing.T) {
	for text, want := range map[string]int64{"576": 576, "100 000 000": 100_000_000, "100\u00a0000\u00a0000": 100_000_000, "1\u202f000": 1000, "−12": -12, " 7 ": 7} {
		got, err := model.ParseInteger(text)
		require.NoError(t, err, "%q", text)
		assert.Equal(t, want, got, "%q", text)
	}
	for _, bad := range []string{"", "1 00", "10 0000", "1  000", "12a", "1,5", "-"} {
		_, err := model.ParseInteger(bad)
		assert.Error(t, err, "%q", bad)
	}
	for text, want := range map[string]float64{"1 000,5": 1000.5, "0,25": 0.25, "3.5": 3.5, "-2,75": -2.75, "1\u00a0234\u00a0567,125": 1234567.125, ",5": 0.5} {
		got, err := model.ParseDecimal(text)
		require.NoError(t, err, "%q", text)
		assert.InDelta(t, want, got, 1e-9, "%q", text)
	}
	for _, bad := range []string{"", "1,", "1 0,5", "1,5,5", "NaN", "Inf", "1e5"} {
		_, err := model.ParseDecimal(bad)
		assert.Error(t, err, "%q", bad)
	}
}

// TestTable_TakesSwedishNumbers is the defect of issue 19: "100 000 000"
// in an integer column and "1 000,5" in a decimal one were refused.
func TestTable_TakesSwedishNumbers(t *testing.T) {
	table := model.Table{
		Columns: []model.Column{{Name: "Fond", Type: model.ColumnText}, {Name: "Belopp", Type: model.ColumnInteger}, {Name: "Andel", Type: model.ColumnDecimal}},
		Rows:    [][]string{{"Social investeringsfond", "100 000 000", "1 000,5"}, {"Fond för förebyggande arbete", "25\u00a0000\u00a0000", "0,25"}},
	}
	require.NoError(t, table.Validate())
	n, ok := table.Int(0, 1)
	assert.True(t, ok)
	assert.Equal(t, int64(100_000_000), n)
	n, ok = table.Int(1, 1)
	assert.True(t, ok)
	assert.Equal(t, int64(25_000_000), n)
	table.Rows = append(table.Rows, []string{"Fel", "100 00", "1,0,5"})
	err := table.Validate()
	var fe *model.FieldError
	require.True(t, errors.As(err, &fe))
	assert.ErrorIs(t, err, model.ErrUnknownValue)
	assert.Contains(t, err.Error(), "Rows[2][1]")
	assert.Contains(t, err.Error(), "Rows[2][2]")
}

func TestPercent_RoundsHalfUp(t *testing.T) {
	for _, c := range [][3]int{{5, 8, 63}, {3, 8, 38}, {1, 8, 13}, {7, 8, 88}, {1, 3, 33}, {2, 3, 67}, {1, 2, 50}, {0, 5, 0}, {5, 5, 100}, {1, 200, 1}, {1, 201, 0}, {3, 0, 0}} {
		assert.Equal(t, c[2], model.Percent(c[0], c[1]), "%d of %d", c[0], c[1])
	}
}

// TestAmount_RefusedWhenNegativeOrBeyondMax: a measure and a directive
// hold no negative amount and none beyond MaxAmount.
func TestAmount_RefusedWhenNegativeOrBeyondMax(t *testing.T) {
	measure := model.Measure{ID: model.NewID[model.Measure](), Number: 1, Title: "Läxhjälp"}
	directive := model.Directive{ID: model.NewID[model.Directive](), To: model.NewID[model.Organisation](), Task: "Utreda"}
	require.NoError(t, measure.Validate())
	require.NoError(t, directive.Validate())
	for _, a := range []model.Amount{-1, model.MaxAmount + 1} {
		measure.Amount, directive.Amount = a, a
		for what, err := range map[string]error{"measure": measure.Validate(), "directive": directive.Validate()} {
			var fe *model.FieldError
			require.ErrorAs(t, err, &fe, "%s, %d", what, a)
			assert.Equal(t, "Amount", fe.Field, what)
			assert.ErrorIs(t, err, model.ErrOutOfRange, what)
		}
	}
	measure.Amount, directive.Amount = model.MaxAmount, model.MaxAmount
	assert.NoError(t, measure.Validate())
	assert.NoError(t, directive.Validate())
}
