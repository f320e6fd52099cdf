package model_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/samling-go/samling/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestClock_ParsesPrintsAndRoundTrips(t *testing.T) {
	c, err := model.ParseClock("09:30")
	require.NoError(t, err)
	assert.Equal(t, model.MakeClock(9, 30), c)
	assert.Equal(t, "09:30", c.String())
	midnight := model.MakeClock(0, 0)
	assert.False(t, midnight.IsZero(), "midnight is a time one can give")
	assert.True(t, midnight.Valid())
	_, err = model.ParseClock("25:00")
	assert.ErrorIs(t, err, model.ErrInvalid)
	assert.False(t, model.MakeClock(24, 0).Valid())

	m := model.Meeting{ID: model.NewID[model.Meeting](), Kind: model.MeetingWorkshop, Title: "W", Date: model.MakeDate(2027, 11, 3), Start: model.MakeClock(14, 0), Duration: 90 * time.Minute}
	b, err := json.Marshal(m)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"start":"14:00","duration":5400000000000`)
	var back model.Meeting
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, m, back)
	loc, _ := time.LoadLocation("Europe/Stockholm")
	start, end, ok := back.Times(loc)
	require.True(t, ok)
	assert.Equal(t, "2027-11-03T14:00:00+01:00 2027-11-03T15:30:00+01:00", start.Format(time.RFC3339)+" "+end.Format(time.RFC3339), "winter time")

	b, _ = json.Marshal(model.Meeting{ID: m.ID, Kind: m.Kind, Title: "W", Date: m.Date})
	assert.NotContains(t, string(b), "start", "no time, no field")
}

func TestMeeting_TimesAndAreasValidated(t *testing.T) {
	a := model.NewID[model.Area]()
	base := model.Meeting{ID: model.NewID[model.Meeting](), Kind: model.MeetingWorkshop, Title: "W", Date: model.MakeDate(2027, 4, 1)}
	for name, c := range map[string]struct {
		m     func(model.Meeting) model.Meeting
		field string
		err   error
	}{
		"duration without start": {func(m model.Meeting) model.Meeting { m.Duration = time.Hour; return m }, "Duration", model.ErrNotAllowed},
		"over a day": {func(m model.Meeting) model.Meeting {
			m.Start, m.Duration = model.MakeClock(9, 0), 25*time.Hour
			return m
		}, "Duration", model.ErrOutOfRange},
		"seconds": {func(m model.Meeting) model.Meeting {
			m.Start, m.Duration = model.MakeClock(9, 0), time.Second
			return m
		}, "Duration", model.ErrOutOfRange},
		"bad start":     {func(m model.Meeting) model.Meeting { m.Start = model.MakeClock(9, 75); return m }, "Start", model.ErrOutOfRange},
		"an area twice": {func(m model.Meeting) model.Meeting { m.Areas = []model.AreaID{a, a}; return m }, "Areas[1]", model.ErrDuplicate},
	} {
		err := c.m(base).Validate()
		var fe *model.FieldError
		require.ErrorAs(t, err, &fe, name)
		assert.Equal(t, c.field, fe.Field, name)
		assert.ErrorIs(t, err, c.err, name)
	}
}

func TestEnumErrors_ListTheAllowedValues(t *testing.T) {
	var r model.Role
	err := r.UnmarshalText([]byte("mayor"))
	assert.ErrorIs(t, err, model.ErrUnknownValue)
	assert.Contains(t, err.Error(), `"mayor" (allowed: member, chair, vice-chair, secretary, project-lead, politician, official, practitioner, researcher, secretariat)`)
	var ve *model.ValueError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "mayor", ve.Value)

	p := model.Participation{Organisation: model.NewID[model.Organisation](), Joins: true, Date: model.MakeDate(2027, 1, 1), Body: "KS",
		Representatives: []model.Representative{{Person: model.NewID[model.Person](), Role: model.RoleChair}, {Person: model.NewID[model.Person](), Role: model.RolePolitician, Title: "regionråd"}}}
	err = p.Validate()
	assert.ErrorIs(t, err, model.ErrOutOfRange)
	assert.Equal(t, `model: Representatives[0].Role is out of range: "chair" (allowed: official, practitioner, politician, researcher)`, err.Error())
	p.Representatives = p.Representatives[1:]
	assert.NoError(t, p.Validate())

	err = model.Period{Start: model.MakeDate(2027, 2, 1), End: model.MakeDate(2027, 1, 1)}.Validate()
	assert.Equal(t, "model: End is earlier than the date it must follow", err.Error())
}

func TestDate_WellFormedButNotInTheCalendar_DecodesForValidate(t *testing.T) {
	var p model.Period
	require.NoError(t, json.Unmarshal([]byte(`{"start":"2011-02-30"}`), &p))
	assert.ErrorIs(t, p.Validate(), model.ErrOutOfRange)
	assert.Error(t, json.Unmarshal([]byte(`{"start":"30 feb"}`), &p), "not a date at all")
}
