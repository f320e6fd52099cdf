package model_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/samling-go/samling/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type validatable interface{ Validate() error }

func TestValidate(t *testing.T) {
	org := model.NewID[model.Organisation]()
	person := model.NewID[model.Person]()
	group := model.NewID[model.Group]()
	area := model.NewID[model.Area]()
	day := model.MakeDate(2012, time.February, 9)

	tests := []struct {
		name  string
		value validatable
		field string // "" means valid
		want  error
	}{
		{"municipality", model.Organisation{ID: org, Name: "Borås", Kind: model.KindMunicipality, Code: "1490"}, "", nil},
		{"empty name", model.Organisation{ID: org, Name: " ", Kind: model.KindMunicipality, Code: "1490"}, "Name", model.ErrRequired},
		{"no id", model.Organisation{Name: "Borås", Kind: model.KindMunicipality, Code: "1490"}, "ID", model.ErrRequired},
		{"unknown municipality code", model.Organisation{ID: org, Name: "X", Kind: model.KindMunicipality, Code: "1410"}, "Code", model.ErrUnknownCode},
		{"county code for a municipality", model.Organisation{ID: org, Name: "X", Kind: model.KindMunicipality, Code: "14"}, "Code", model.ErrUnknownCode},
		{"municipality without code", model.Organisation{ID: org, Name: "X", Kind: model.KindMunicipality}, "Code", model.ErrRequired},
		{"region with county code", model.Organisation{ID: org, Name: "Västra Götalandsregionen", Kind: model.KindRegion, Code: "14"}, "", nil},
		{"region without code", model.Organisation{ID: org, Name: "Region", Kind: model.KindRegion}, "", nil},
		{"region with unknown county", model.Organisation{ID: org, Name: "Region", Kind: model.KindRegion, Code: "02"}, "Code", model.ErrUnknownCode},
		{"police with code", model.Organisation{ID: org, Name: "Polisen", Kind: model.KindPolice, Code: "20"}, "Code", model.ErrNotAllowed},
		{"no kind", model.Organisation{ID: org, Name: "X"}, "Kind", model.ErrRequired},
		{"unknown kind", model.Organisation{ID: org, Name: "X", Kind: 200}, "Kind", model.ErrUnknownValue},
		{"invalid utf-8", model.Organisation{ID: org, Name: "\xff", Kind: model.KindOther}, "Name", model.ErrInvalidUTF8},
		{"too long", model.Organisation{ID: org, Name: strings.Repeat("x", model.MaxTextLen+1), Kind: model.KindOther}, "Name", model.ErrTooLong},

		{"person", model.Person{ID: person, Name: "Anna Andersson", Party: "S"}, "", nil},
		{"person without name", model.Person{ID: person}, "Name", model.ErrRequired},

		{"group", model.Group{ID: group, Kind: model.GroupWorking, Name: "Arbetsgruppen"}, "", nil},
		{"group without kind", model.Group{ID: group, Name: "Arbetsgruppen"}, "Kind", model.ErrRequired},

		{"membership", model.Membership{ID: model.NewID[model.Membership](), Group: group, Member: model.Member{Person: person}, Role: model.RoleChair, Period: model.Period{Start: day}}, "", nil},
		{"membership of nobody", model.Membership{ID: model.NewID[model.Membership](), Group: group, Role: model.RoleChair, Period: model.Period{Start: day}}, "Member", model.ErrRequired},
		{"membership of two", model.Membership{ID: model.NewID[model.Membership](), Group: group, Member: model.Member{Person: person, Organisation: org}, Role: model.RoleMember, Period: model.Period{Start: day}}, "Member.Organisation", model.ErrNotAllowed},
		{"membership without start", model.Membership{ID: model.NewID[model.Membership](), Group: group, Member: model.Member{Person: person}, Role: model.RoleMember}, "Period.Start", model.ErrRequired},
		{"membership ends before it starts", model.Membership{ID: model.NewID[model.Membership](), Group: group, Member: model.Member{Person: person}, Role: model.RoleMember, Period: model.Period{Start: day, End: model.MakeDate(2011, 1, 1)}}, "Period.End", model.ErrDateOrder},
		{"membership on 31 February", model.Membership{ID: model.NewID[model.Membership](), Group: group, Member: model.Member{Person: person}, Role: model.RoleMember, Period: model.Period{Start: model.MakeDate(2012, 2, 31)}}, "Period.Start", model.ErrOutOfRange},

		{"area", model.Area{ID: area, Number: 1, Name: "Goda förutsättningar"}, "", nil},
		{"area number 0", model.Area{ID: area, Name: "Goda förutsättningar"}, "Number", model.ErrOutOfRange},

		{"proposal", model.Proposal{ID: model.NewID[model.Proposal](), Kind: model.ProposalMeasure, Title: "Läxhjälp", Submitter: model.Submitter{Organisation: org}, Areas: []model.AreaID{area}}, "", nil},
		{"proposal without title", model.Proposal{ID: model.NewID[model.Proposal](), Kind: model.ProposalMeasure, Submitter: model.Submitter{Organisation: org}}, "Title", model.ErrRequired},
		{"proposal without submitter", model.Proposal{ID: model.NewID[model.Proposal](), Kind: model.ProposalSituation, Title: "T"}, "Submitter", model.ErrRequired},
		{"proposal with an area twice", model.Proposal{ID: model.NewID[model.Proposal](), Kind: model.ProposalSituation, Title: "T", Submitter: model.Submitter{Person: person}, Areas: []model.AreaID{area, area}}, "Areas", model.ErrDuplicate},

		{"measure", model.Measure{ID: model.NewID[model.Measure](), Number: 12, Title: "Förskola för alla"}, "", nil},
		{"measure number 0", model.Measure{ID: model.NewID[model.Measure](), Title: "T"}, "Number", model.ErrOutOfRange},
		{"measure with a zero source", model.Measure{ID: model.NewID[model.Measure](), Number: 1, Title: "T", Sources: []model.ProposalID{{}}}, "Sources", model.ErrRequired},
		{"recommendation without title", model.Recommendation{ID: model.NewID[model.Recommendation](), Number: 1}, "Title", model.ErrRequired},

		{"meeting", model.Meeting{ID: model.NewID[model.Meeting](), Kind: model.MeetingConference, Title: "Konferens", Date: day, HeadCount: 500}, "", nil},
		{"meeting without date", model.Meeting{ID: model.NewID[model.Meeting](), Kind: model.MeetingConference, Title: "Konferens"}, "Date", model.ErrRequired},
		{"meeting with negative head count", model.Meeting{ID: model.NewID[model.Meeting](), Kind: model.MeetingConference, Title: "K", Date: day, HeadCount: -1}, "HeadCount", model.ErrOutOfRange},

		{"actor", model.Actor{Person: person, Capacity: model.RoleOfficial}, "", nil},
		{"actor without capacity", model.Actor{Person: person}, "Capacity", model.ErrRequired},
		{"process without name", model.Process{ID: model.NewID[model.Process]()}, "Name", model.ErrRequired},
		{"label without English", model.Label{SV: "fas"}, "EN", model.ErrRequired},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.value.Validate()
			if tt.field == "" {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.ErrorIs(t, err, model.ErrInvalid)
			assert.ErrorIs(t, err, tt.want)
			var fe *model.FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tt.field, fe.Field)
		})
	}
}

func TestValidate_ReportsEveryProblem(t *testing.T) {
	err := model.Proposal{}.Validate()
	var fields []string
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		fields = append(fields, e.(*model.FieldError).Field)
	}
	assert.Equal(t, []string{"ID", "Kind", "Title", "Submitter"}, fields)
}

func TestWithin(t *testing.T) {
	err := model.Within("Proposals[3]", model.Proposal{}.Validate())
	var fe *model.FieldError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, "Proposals[3].ID", fe.Field)
	assert.Contains(t, err.Error(), "model: Proposals[3].Title is required")
	assert.Nil(t, model.Within("x", nil))
	plain := errors.New("plain")
	assert.Equal(t, plain, model.Within("x", plain))
}

func TestID(t *testing.T) {
	a, b := model.NewID[model.Person](), model.NewID[model.Person]()
	assert.NotEqual(t, a, b)
	assert.False(t, a.IsZero())
	assert.Equal(t, byte(0x70), a.Bytes()[6]&0xf0, "version 7")

	back, err := model.ParseID[model.Person](a.String())
	require.NoError(t, err)
	assert.Equal(t, a, back)

	_, err = model.ParseID[model.Person]("not-a-uuid")
	assert.ErrorIs(t, err, model.ErrInvalid)

	var zero model.PersonID
	assert.Equal(t, "", zero.String())

	type doc struct {
		P model.PersonID `json:"p"`
		Z model.PersonID `json:"z"`
	}
	js, err := json.Marshal(doc{P: a})
	require.NoError(t, err)
	var d doc
	require.NoError(t, json.Unmarshal(js, &d))
	assert.Equal(t, doc{P: a}, d)
	assert.Error(t, json.Unmarshal([]byte(`{"p":"nope"}`), &d))
}

func TestDate(t *testing.T) {
	d, err := model.ParseDate("2013-09-24")
	require.NoError(t, err)
	assert.Equal(t, model.MakeDate(2013, time.September, 24), d)
	assert.Equal(t, "2013-09-24", d.String())
	assert.True(t, d.Valid())
	assert.False(t, model.MakeDate(2013, 2, 29).Valid())
	assert.True(t, d.After(model.MakeDate(2013, 9, 23)))
	assert.True(t, d.Before(model.MakeDate(2014, 1, 1)))
	assert.Equal(t, model.MakeDate(2013, 10, 1), d.AddDays(7))
	assert.Equal(t, model.MakeDate(2012, 2, 29), model.MakeDate(2012, 3, 1).AddDays(-1))
	_, err = model.ParseDate("24/9/2013")
	assert.ErrorIs(t, err, model.ErrInvalid)

	var back model.Date
	js, _ := json.Marshal(d)
	require.NoError(t, json.Unmarshal(js, &back))
	assert.Equal(t, d, back)
	require.NoError(t, json.Unmarshal([]byte(`""`), &back))
	assert.True(t, back.IsZero())
}

func TestPeriod(t *testing.T) {
	jan, feb, mar := model.MakeDate(2012, 1, 1), model.MakeDate(2012, 2, 1), model.MakeDate(2012, 3, 1)
	assert.True(t, model.Period{Start: jan}.Contains(mar), "open end")
	assert.False(t, model.Period{Start: jan, End: feb}.Contains(mar))
	assert.True(t, model.Period{Start: jan, End: feb}.Overlaps(model.Period{Start: feb}))
	assert.False(t, model.Period{Start: jan, End: jan}.Overlaps(model.Period{Start: feb, End: mar}))
	assert.True(t, model.Period{}.Overlaps(model.Period{Start: mar}))
}

func TestEnums_TextRoundTrip(t *testing.T) {
	for k := model.KindMunicipality; k <= model.KindOther; k++ {
		b, _ := k.MarshalText()
		var back model.OrganisationKind
		require.NoError(t, back.UnmarshalText(b))
		assert.Equal(t, k, back)
		assert.NotEmpty(t, k.Label().SV)
		assert.NotEmpty(t, k.Label().EN)
	}
	for r := model.RoleMember; r <= model.RoleResearcher; r++ {
		var back model.Role
		require.NoError(t, back.UnmarshalText([]byte(r.String())))
		assert.Equal(t, r, back)
	}
	var k model.GroupKind
	err := k.UnmarshalText([]byte("junta"))
	assert.ErrorIs(t, err, model.ErrUnknownValue)
	assert.Equal(t, "unknown(99)", model.MeetingKind(99).String())
	assert.Equal(t, "kommun", model.KindMunicipality.Label().In(model.Swedish))
	assert.Equal(t, "working group", model.GroupWorking.Label().In(model.English))
	assert.True(t, model.GroupCouncil.Decides())
	assert.False(t, model.GroupReferenceNetwork.Decides())
}

func TestMunicipalityOrganisation(t *testing.T) {
	o, ok := model.MunicipalityOrganisation("2080")
	require.True(t, ok)
	assert.Equal(t, "Falun", o.Name)
	require.NoError(t, o.Validate())
	_, ok = model.MunicipalityOrganisation("0000")
	assert.False(t, ok)
}

func TestID_TextMatchesUUIDLayout(t *testing.T) {
	id, err := model.ParseID[model.Meeting]("0190a6b2-3c4d-7e5f-8a9b-0c1d2e3f4a5b")
	require.NoError(t, err)
	assert.Equal(t, "0190a6b2-3c4d-7e5f-8a9b-0c1d2e3f4a5b", id.String())
	before := time.Now().UnixMilli()
	n := model.NewID[model.Meeting]()
	b := n.Bytes()
	ms := int64(b[0])<<40 | int64(b[1])<<32 | int64(b[2])<<24 | int64(b[3])<<16 | int64(b[4])<<8 | int64(b[5])
	assert.InDelta(t, before, ms, 1000, "the first 48 bits are the time in milliseconds")
	assert.Equal(t, byte(0x80), b[8]&0xc0, "RFC 9562 variant")
	seen := map[model.MeetingID]bool{}
	for range 100_000 {
		id := model.NewID[model.Meeting]()
		require.False(t, seen[id])
		seen[id] = true
	}
}
