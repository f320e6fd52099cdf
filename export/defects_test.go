package export_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/samling-go/samling/consultation"
	"github.com/samling-go/samling/export"
	"github.com/samling-go/samling/followup"
	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
	"github.com/samling-go/samling/process"
)

// TestRates_RoundHalfUp is the defect of issue 19: 5 of 8 was "62 %" (half
// to even) while 3 of 8 was "38 %".
func TestRates_RoundHalfUp(t *testing.T) {
	c := consultation.Compilation{Required: consultation.Rate{Answered: 5, Of: 8}, All: consultation.Rate{Answered: 3, Of: 8}}
	md := c.Markdown(model.Swedish)
	assert.Contains(t, md, "5 / 8 (63 %)")
	assert.Contains(t, md, "3 / 8 (38 %)")
	res := followup.Results{Survey: followup.Survey{Title: "Uppföljning"}, Answered: 5, Of: 8}
	assert.Contains(t, res.Markdown(model.Swedish), "5 / 8 (63 %)")
}

// TestReport_SecretaryIsNoMemberAndABodyKeepsAProtokoll is the defect of
// issue 19: the report counted a body's secretary as a member, and its
// formal minutes were headed "Minnesanteckningar".
func TestReport_SecretaryIsNoMemberAndABodyKeepsAProtokoll(t *testing.T) {
	clock := process.ClockFunc(func() time.Time { return time.Date(2021, 6, 1, 9, 0, 0, 0, time.UTC) })
	proc := record(t, clock)
	id, do := proc.id, proc.do
	do(process.Start{Process: model.Process{ID: id, Name: "Kommission"}, Template: phase.Dalarna()})
	board := model.Group{ID: model.NewID[model.Group](), Kind: model.GroupBoard, Name: "Kommunstyrelsen", Rule: model.DecisionRule{Kind: model.RuleMajority, Quorum: model.MoreThanHalf}}
	network := model.Group{ID: model.NewID[model.Group](), Kind: model.GroupNetwork, Name: "Nätverket"}
	do(process.FormGroup{Group: board})
	do(process.FormGroup{Group: network})
	for i, role := range []model.Role{model.RoleChair, model.RoleMember, model.RoleMember, model.RoleSecretary} {
		p := model.Person{ID: model.NewID[model.Person](), Name: []string{"Ordförande", "Ledamot A", "Ledamot B", "Sekreterare"}[i]}
		do(process.RegisterPerson{Person: p})
		do(process.AddMember{Membership: model.Membership{ID: model.NewID[model.Membership](), Group: board.ID, Member: model.Member{Person: p.ID}, Role: role, Period: model.Period{Start: model.MakeDate(2021, 1, 1)}}})
		do(process.AddMember{Membership: model.Membership{ID: model.NewID[model.Membership](), Group: network.ID, Member: model.Member{Person: p.ID}, Role: model.RoleMember, Period: model.Period{Start: model.MakeDate(2021, 1, 1)}}})
	}
	formal := model.Meeting{ID: model.NewID[model.Meeting](), Kind: model.MeetingCommittee, Title: "Sammanträde", Date: model.MakeDate(2021, 5, 31), Group: board.ID}
	informal := model.Meeting{ID: model.NewID[model.Meeting](), Kind: model.MeetingGroup, Title: "Nätverksträff", Date: model.MakeDate(2021, 5, 31), Group: network.ID}
	for _, m := range []model.Meeting{formal, informal} {
		do(process.PlanMeeting{Meeting: m})
		do(process.RecordMeeting{Meeting: m.ID})
	}
	s := proc.state()

	var b bytes.Buffer
	require.NoError(t, export.Report(&b, s, export.Options{Lang: model.Swedish}))
	assert.Contains(t, b.String(), "| Kommunstyrelsen | styrelse | – | 3 |", "three members; the secretary keeps the minutes")
	assert.Contains(t, b.String(), "| Nätverket | nätverk | – | 4 |", "a secretary's place only matters where the role is secretary")
	b.Reset()
	require.NoError(t, export.HTMLReport(&b, s, export.Options{Lang: model.Swedish}))
	assert.Contains(t, b.String(), `<td>Kommunstyrelsen</td><td>styrelse</td><td class="num">–</td><td class="num">3</td>`, "the HTML report counts as the Markdown one does")
	assert.Contains(t, b.String(), `<td>Nätverket</td><td>nätverk</td><td class="num">–</td><td class="num">4</td>`)

	var minutes, notes bytes.Buffer
	require.NoError(t, export.Minutes(&minutes, s, formal.ID, export.Options{}))
	assert.Contains(t, minutes.String(), "Protokoll 2021-05-31")
	require.NoError(t, export.Minutes(&notes, s, informal.ID, export.Options{}))
	assert.Contains(t, notes.String(), "Minnesanteckningar 2021-05-31")
}
