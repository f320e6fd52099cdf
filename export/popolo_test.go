package export_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/samling-go/samling/export"
	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
	"github.com/samling-go/samling/process"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// committeeNames are in alphabetical order; their persons' IDs run the
// other way, so that an export ordered by ID is not in the names' order.
var committeeNames = []string{"Anna Andersson", "Bo Berg", "Cecilia Carlsson", "David Dahl", "Eva Ek", "Fredrik Falk"}

// committee is a committee of six that decides at a meeting on 16
// September 2014 with five present; the votes are recorded in the names'
// order.
func committee(t *testing.T) (*process.State, map[string]model.PersonID) {
	clock := process.ClockFunc(func() time.Time { return time.Date(2014, 9, 16, 9, 0, 0, 0, time.UTC) }) // the day of the meeting it records as held
	proc := record(t, clock)
	id, do := proc.id, proc.do
	do(process.Start{Process: model.Process{ID: id, Name: "Samling"}, Template: phase.Dalarna().PlanFrom(model.MakeDate(2014, 11, 1))})
	falun, _ := model.MunicipalityOrganisation("2080")
	do(process.RegisterOrganisation{Organisation: falun})
	group := model.Group{ID: model.NewID[model.Group](), Kind: model.GroupCommittee, Name: "Beredningen", Organisation: falun.ID,
		Rule: model.DecisionRule{Kind: model.RuleConsent, Quorum: model.MoreThanHalf}}
	do(process.FormGroup{Group: group})
	ids := map[string]model.PersonID{}
	var votes []model.Vote
	for i, n := range committeeNames {
		pid, err := model.ParseID[model.Person](fmt.Sprintf("00000000-0000-4000-8000-%012d", len(committeeNames)-i))
		require.NoError(t, err)
		ids[n] = pid
		do(process.RegisterPerson{Person: model.Person{ID: pid, Name: n, Organisation: falun.ID}})
		do(process.AddMember{Membership: model.Membership{ID: model.NewID[model.Membership](), Group: group.ID, Member: model.Member{Person: pid},
			Role: model.RoleMember, Period: model.Period{Start: model.MakeDate(2014, 1, 1)}}})
		if i < 5 {
			votes = append(votes, model.Vote{Member: model.Member{Person: pid}, Position: model.Agree})
		}
	}
	meeting := model.Meeting{ID: model.NewID[model.Meeting](), Kind: model.MeetingCommittee, Title: "Sammanträde", Date: model.MakeDate(2014, 9, 16), Group: group.ID}
	do(process.PlanMeeting{Meeting: meeting})
	do(process.RecordMeeting{Meeting: meeting.ID})
	do(process.Decide{Decision: model.Decision{ID: model.NewID[model.Decision](), Body: group.ID, Meeting: meeting.ID,
		Subject: model.Subject{Kind: model.SubjectOther, Title: "Handlingsplan"}, Votes: votes}})
	s := proc.state()
	return s, ids
}

func TestPopolo_VoteEventsLinkToTheirMeeting(t *testing.T) {
	s, _ := committee(t)
	p, err := export.ToPopolo(s, export.Options{})
	require.NoError(t, err)
	require.Len(t, p.VoteEvents, 1)
	ve := p.VoteEvents[0]
	require.Len(t, p.Events, 1)
	assert.Equal(t, p.Events[0].ID, ve.LegislativeSessionID, "the vote event names the meeting's event")
	assert.Equal(t, "2014-09-16", p.Events[0].StartDate, "the meeting's day, no time made up")
	assert.Empty(t, ve.StartDate, "no time of day is known")
	assert.Empty(t, p.Motions[0].Date)
	counts := map[string]int{}
	for _, c := range ve.Counts {
		counts[c.Option] = c.Value
	}
	assert.Equal(t, map[string]int{"yes": 5, "no": 0, "abstain": 0, "block": 0, "absent": 1}, counts, "one of six was absent")

	data, err := export.PopoloJSON(s, export.Options{})
	require.NoError(t, err)
	assert.NotContains(t, string(data), "T00:00:00", "no invented midnight")
	assert.Contains(t, string(data), `"legislative_session_id": "`+p.Events[0].ID+`"`)
}

func TestPopolo_PersonsWithoutNamesAreNotInTheNamesOrder(t *testing.T) {
	s, ids := committee(t)
	key := []byte("nyckel")
	for _, o := range []export.Options{{}, {Names: export.PseudonymiseNames, Key: key}} {
		ref := map[string]string{} // reference in the export → name
		for n, id := range ids {
			if o.Names == export.PseudonymiseNames {
				ref[model.Pseudonym(key, id)] = n
			} else {
				ref[id.String()] = n
			}
		}
		p, err := export.ToPopolo(s, o)
		require.NoError(t, err)
		var persons, members, voters []string
		for _, x := range p.Persons {
			persons = append(persons, x.ID)
		}
		for _, m := range p.Memberships {
			members = append(members, m.PersonID)
		}
		for _, v := range p.VoteEvents[0].Votes {
			voters = append(voters, v.VoterID)
		}
		for what, list := range map[string][]string{"persons": persons, "memberships": members, "votes": voters} {
			require.NotEmpty(t, list, what)
			assert.True(t, slices.IsSorted(list), "%s (policy %d) by pseudonym or ID: %v", what, o.Names, list)
			var order []string
			for _, r := range list {
				require.Contains(t, ref, r, "%s: every reference is a known pseudonym or ID", what)
				order = append(order, ref[r])
			}
			assert.False(t, slices.IsSorted(order), "%s (policy %d) must not follow the names' order: %s", what, o.Names, strings.Join(order, ", "))
		}
	}
	// Shown names are listed by name.
	p, err := export.ToPopolo(s, export.Options{Names: export.ShowNames})
	require.NoError(t, err)
	var shown []string
	for _, x := range p.Persons {
		shown = append(shown, x.Name)
	}
	assert.Equal(t, committeeNames, shown)
}
