package process_test

// A third kind of Samling, unlike Västra Götaland and Dalarna, modelled
// with the public API alone: a regional network in Norrbotten with
// political representatives at three levels (municipal, regional,
// national), themed workshops in three cities with times, recommendations
// holding measures, a survey with a theme limit and a corrected coding, a
// named second cycle with its own plan, and two successor processes.
// Every figure below is computed by hand in the comments.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"iter"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/samling-go/samling/export"
	"github.com/samling-go/samling/followup"
	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
	"github.com/samling-go/samling/process"
	"github.com/samling-go/samling/process/memstore"
	"github.com/samling-go/samling/process/sqlstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type network struct {
	t      *testing.T
	ctx    context.Context
	now    time.Time
	store  process.Store
	engine *process.Engine
	id     model.ProcessID
	actor  model.Actor
}

func (n *network) on(day model.Date) { n.now = day.Time(time.UTC).Add(10 * time.Hour) }

func (n *network) do(cmd process.Command) {
	n.t.Helper()
	_, err := n.engine.Execute(n.ctx, n.id, n.actor, cmd)
	require.NoError(n.t, err, cmd.Name())
}

func (n *network) refused(cmd process.Command, want error) error {
	n.t.Helper()
	before := n.state().Version()
	_, err := n.engine.Execute(n.ctx, n.id, n.actor, cmd)
	require.ErrorIs(n.t, err, want, cmd.Name())
	assert.Equal(n.t, before, n.state().Version(), "a refused command writes nothing")
	return err
}

func (n *network) state() *process.State {
	n.t.Helper()
	s, err := n.engine.Load(n.ctx, n.id)
	require.NoError(n.t, err)
	return s
}

// networkTemplate is the network's own template, made with the builder:
// mapping (3 months) → themed workshops (6) → synthesis (3), and back to
// mapping for a new cycle.
func networkTemplate(t *testing.T) phase.Template {
	tpl, err := phase.NewBuilder("norrbotten-network", model.Label{SV: "Nätverk för social hållbarhet", EN: "Network for social sustainability"}).
		Phase("mapping", model.Label{SV: "Kartläggning", EN: "Mapping"}, 3).
		Phase("workshops", model.Label{SV: "Temaverkstäder", EN: "Themed workshops"}, 6).
		Phase("synthesis", model.Label{SV: "Syntes", EN: "Synthesis"}, 3).
		Transition("convene", "mapping", "workshops", phase.TimePlanSet, phase.WorkingGroupFormed).
		Transition("synthesise", "workshops", "synthesis", phase.RecommendationsWritten).
		Transition("renew", "synthesis", "mapping").
		Template()
	require.NoError(t, err)
	return tpl
}

func TestNetwork_AProcessUnlikeBothExamples(t *testing.T) {
	// A SQLite store, so that the snapshot below is a real one.
	n := &network{t: t, ctx: context.Background()}
	sql, err := sqlstore.Open(n.ctx, filepath.Join(t.TempDir(), "network.db"))
	require.NoError(t, err)
	t.Cleanup(func() { sql.Close() })
	n.store = sql
	n.engine, err = process.New(n.store, &process.Options{Clock: process.ClockFunc(func() time.Time { return n.now })})
	require.NoError(t, err)
	n.id = model.NewID[model.Process]()
	coordinator := model.NewID[model.Person]()
	n.actor = model.Actor{Person: coordinator, Capacity: model.RoleProjectLead}
	day := model.MakeDate

	// The template carries no dates; the process dates it from its start.
	// Hand: 2027-01-01 + 3 months − 1 day = 2027-03-31; then 2027-04-01 +
	// 6 months − 1 day = 2027-09-30; then to 2027-12-31.
	tpl := networkTemplate(t)
	for _, p := range tpl.Phases {
		assert.True(t, p.Planned.Start.IsZero(), "a template without history")
	}
	n.on(day(2027, 1, 1))
	n.do(process.Start{Process: model.Process{ID: n.id, Name: "Samverkan Norr"}, Template: tpl.PlanFrom(day(2027, 1, 1))})
	assert.Equal(t, model.Period{Start: day(2027, 1, 1), End: day(2027, 3, 31)}, n.state().Phase().Planned)

	// Organisations at three levels: three municipalities, the region, and
	// the national association of municipalities and regions.
	var orgs []model.Organisation
	for _, code := range []string{"2580", "2581", "2584"} { // Luleå, Piteå, Kiruna
		o, ok := model.MunicipalityOrganisation(code)
		require.True(t, ok)
		orgs = append(orgs, o)
	}
	region := model.Organisation{ID: model.NewID[model.Organisation](), Name: "Region Norrbotten", Kind: model.KindRegion, Code: "25"}
	skr := model.Organisation{ID: model.NewID[model.Organisation](), Name: "Sveriges Kommuner och Regioner", Kind: model.KindNationalAssociation}
	orgs = append(orgs, region, skr)
	for _, o := range orgs {
		n.do(process.RegisterOrganisation{Organisation: o})
	}
	luleå, piteå, kiruna := orgs[0], orgs[1], orgs[2]

	person := func(name string, o model.Organisation) model.PersonID {
		p := model.Person{ID: model.NewID[model.Person](), Name: name, Organisation: o.ID}
		n.do(process.RegisterPerson{Person: p})
		return p.ID
	}
	children := model.Area{ID: model.NewID[model.Area](), Number: 1, Name: "Barn och unga"}
	work := model.Area{ID: model.NewID[model.Area](), Number: 2, Name: "Arbete och försörjning"}
	n.do(process.DefineArea{Area: children})
	n.do(process.DefineArea{Area: work})

	// A thematic working group is a working group: the criterion counts it.
	theme := model.Group{ID: model.NewID[model.Group](), Kind: model.GroupThematicWorking, Name: "Temagrupp barn och unga", Area: children.ID}
	n.do(process.FormGroup{Group: theme})
	unmet, err := n.engine.Unmet(n.ctx, n.id, "convene")
	require.NoError(t, err)
	assert.Equal(t, []phase.CriterionName{phase.WorkingGroupFormed}, unmet, "a group without members is not formed")
	lead := person("Lina Öberg", region)
	n.do(process.AddMember{Membership: model.Membership{ID: model.NewID[model.Membership](), Group: theme.ID, Member: model.Member{Person: lead},
		Role: model.RoleMember, Period: model.Period{Start: day(2027, 1, 10)}}})

	// Invitations and participation, representatives at three levels.
	n.do(process.Invite{Organisations: []model.OrganisationID{luleå.ID, piteå.ID, kiruna.ID, region.ID, skr.ID}})
	mayor := map[model.OrganisationID]model.PersonID{}
	titles := map[model.OrganisationID]string{luleå.ID: "kommunalråd", piteå.ID: "kommunalråd", region.ID: "regionråd", skr.ID: "styrelseledamot"}
	for _, o := range []model.Organisation{luleå, piteå, region, skr} {
		mayor[o.ID] = person("Politiker i "+o.Name, o)
	}
	official := person("Tjänsteperson i Luleå", luleå)

	// A membership-like role is refused for a representative, and the
	// error says which roles are allowed.
	bad := model.Participation{Organisation: luleå.ID, Joins: true, Date: day(2027, 2, 1), Body: "Kommunstyrelsen", Reference: "KS 2027/12",
		Representatives: []model.Representative{{Person: mayor[luleå.ID], Role: model.RoleMember}}}
	err = n.refused(process.DecideParticipation{Participation: bad}, model.ErrOutOfRange)
	assert.Contains(t, err.Error(), "Representatives[0].Role")
	assert.Contains(t, err.Error(), "(allowed: official, practitioner, politician, researcher)")

	for i, o := range []model.Organisation{luleå, piteå, region, skr} {
		p := model.Participation{Organisation: o.ID, Joins: true, Date: day(2027, 2, 1+i), Body: "Styrelsen", Reference: "Dnr 2027/" + o.Name,
			Representatives: []model.Representative{{Person: mayor[o.ID], Role: model.RolePolitician, Title: titles[o.ID]}}}
		if o.ID == luleå.ID {
			p.Representatives = append(p.Representatives, model.Representative{Person: official, Role: model.RoleOfficial})
		}
		n.do(process.DecideParticipation{Participation: p})
	}
	n.do(process.DecideParticipation{Participation: model.Participation{Organisation: kiruna.ID, Date: day(2027, 2, 20), Body: "Kommunstyrelsen", Reference: "KS 2027/40"}})

	// Hand: 5 invited, Kiruna declines, 4 take part; politicians by level:
	// municipal 2 (Luleå, Piteå), regional 1, national 1.
	s := n.state()
	assert.Len(t, s.Invitations(), 5)
	assert.ElementsMatch(t, []model.OrganisationID{luleå.ID, piteå.ID, region.ID, skr.ID}, s.Participants())
	byLevel := map[model.OrganisationKind]int{}
	for _, inv := range s.Invitations() {
		if inv.Decision == nil {
			continue
		}
		for _, r := range inv.Decision.Representatives {
			if r.Role == model.RolePolitician {
				org, _ := s.Organisation(inv.Organisation)
				byLevel[org.Kind]++
			}
		}
	}
	assert.Equal(t, map[model.OrganisationKind]int{model.KindMunicipality: 2, model.KindRegion: 1, model.KindNationalAssociation: 1}, byLevel)

	// Into the workshops: the time plan is set and the thematic group formed.
	n.on(day(2027, 4, 1))
	n.do(process.Advance{Trigger: "convene"})

	// Themed workshops in three cities, two with times.
	workshop := func(title, place string, d model.Date, start model.Clock, length time.Duration, areas ...model.AreaID) model.Meeting {
		m := model.Meeting{ID: model.NewID[model.Meeting](), Kind: model.MeetingWorkshop, Title: title, Date: d, Place: place,
			Start: start, Duration: length, Areas: areas, Organiser: region.ID}
		n.do(process.PlanMeeting{Meeting: m})
		return m
	}
	lw := workshop("Temaverkstad: barn och unga", "Luleå", day(2027, 4, 14), model.MakeClock(13, 0), 3*time.Hour, children.ID)
	kw := workshop("Temaverkstad: arbete", "Kiruna", day(2027, 5, 19), model.MakeClock(9, 30), 150*time.Minute, work.ID)
	pw := workshop("Temaverkstad: barn, unga och arbete", "Piteå", day(2027, 6, 9), model.Clock{}, 0, children.ID, work.ID)
	err = n.refused(process.PlanMeeting{Meeting: model.Meeting{ID: model.NewID[model.Meeting](), Kind: model.MeetingWorkshop, Title: "X", Date: day(2027, 6, 1),
		Duration: time.Hour}}, model.ErrNotAllowed)
	assert.Contains(t, err.Error(), "Meeting.Duration", "a length without a start")
	n.refused(process.PlanMeeting{Meeting: model.Meeting{ID: model.NewID[model.Meeting](), Kind: model.MeetingWorkshop, Title: "X", Date: day(2027, 6, 1),
		Areas: []model.AreaID{model.NewID[model.Area]()}}}, process.ErrUnknownReference)

	// Hand: children → Luleå, Piteå; work → Kiruna, Piteå.
	s = n.state()
	places := func(ms []process.Meeting) []string {
		var out []string
		for _, m := range ms {
			out = append(out, m.Place)
		}
		return out
	}
	assert.Equal(t, []string{"Luleå", "Piteå"}, places(s.MeetingsByArea(children.ID)))
	assert.Equal(t, []string{"Kiruna", "Piteå"}, places(s.MeetingsByArea(work.ID)))
	start, end, ok := func() (time.Time, time.Time, bool) { m, _ := s.Meeting(lw.ID); return m.Times(s.Location()) }()
	require.True(t, ok)
	assert.Equal(t, "2027-04-14T13:00:00+02:00", start.Format(time.RFC3339), "summer time in Sweden")
	assert.Equal(t, "2027-04-14T16:00:00+02:00", end.Format(time.RFC3339))

	// The calendar: timed events in Europe/Stockholm, the Piteå one all day.
	// Hand: summer time 2027 begins on the last Sunday of March (the 28th)
	// at 02:00 and ends on the last Sunday of October (the 31st) at 03:00.
	var cal bytes.Buffer
	require.NoError(t, export.Calendar(&cal, s, export.Options{}, n.now))
	ics := strings.ReplaceAll(cal.String(), "\r\n ", "")
	for _, want := range []string{
		"BEGIN:VTIMEZONE\r\nTZID:Europe/Stockholm\r\n",
		"BEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\nDTSTART:20270328T020000\r\n",
		"BEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\nDTSTART:20271031T030000\r\n",
		"DTSTART;TZID=Europe/Stockholm:20270414T130000\r\nDTEND;TZID=Europe/Stockholm:20270414T160000\r\n",
		"DTSTART;TZID=Europe/Stockholm:20270519T093000\r\nDTEND;TZID=Europe/Stockholm:20270519T120000\r\n",
		"DTSTART;VALUE=DATE:20270609\r\nDTEND;VALUE=DATE:20270610\r\n",
	} {
		assert.Contains(t, ics, want)
	}
	assert.Less(t, strings.Index(ics, "END:VTIMEZONE"), strings.Index(ics, "BEGIN:VEVENT"))
	n.on(day(2027, 6, 10)) // after the last workshop: a meeting is recorded once held
	n.do(process.RecordMeeting{Meeting: lw.ID, HeadCount: 34})
	n.do(process.RecordMeeting{Meeting: kw.ID, HeadCount: 21})
	n.do(process.RecordMeeting{Meeting: pw.ID, HeadCount: 40})

	// Measures and recommendations; a measure moves with a cause.
	n.refused(process.CreateMeasure{Measure: model.Measure{ID: model.NewID[model.Measure](), Number: 1}}, model.ErrRequired)
	var fe *model.FieldError
	_, err = n.engine.Execute(n.ctx, n.id, n.actor, process.CreateMeasure{Measure: model.Measure{ID: model.NewID[model.Measure](), Number: 1}})
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, "Measure.Title", fe.Field, "one field path, as the other commands give")
	var measures []model.Measure
	for i, title := range []string{"Familjecentraler i varje kommun", "Sommarjobb för unga", "Lokala jobbspår"} {
		m := model.Measure{ID: model.NewID[model.Measure](), Number: i + 1, Title: title, Text: title + "."}
		n.do(process.CreateMeasure{Measure: m})
		measures = append(measures, m)
	}
	r1 := model.Recommendation{ID: model.NewID[model.Recommendation](), Number: 1, Title: "Stärk barns uppväxtvillkor"}
	r2 := model.Recommendation{ID: model.NewID[model.Recommendation](), Number: 2, Title: "Vägar till arbete", Text: "Samordna insatserna för arbete."}
	n.do(process.CreateRecommendation{Recommendation: r1})
	n.do(process.CreateRecommendation{Recommendation: r2})
	n.do(process.GroupMeasures{Recommendation: r1.ID, Measures: []model.MeasureID{measures[0].ID, measures[1].ID}})
	n.do(process.GroupMeasures{Recommendation: r2.ID, Measures: []model.MeasureID{measures[2].ID}})
	n.refused(process.GroupMeasures{Recommendation: r2.ID, Measures: []model.MeasureID{measures[1].ID}}, model.ErrRequired)
	n.do(process.GroupMeasures{Recommendation: r2.ID, Measures: []model.MeasureID{measures[1].ID}, Cause: model.Cause{Meeting: kw.ID, Note: "Sommarjobben är en väg till arbete"}})
	l, _ := n.state().Lineage(measures[1].ID)
	require.Len(t, l.Groupings, 2)
	assert.Equal(t, process.Grouping{From: model.RecommendationID{}, To: r1.ID}, process.Grouping{From: l.Groupings[0].From, To: l.Groupings[0].To})
	assert.Equal(t, r1.ID, l.Groupings[1].From)
	assert.Equal(t, r2.ID, l.Groupings[1].To)
	assert.Equal(t, kw.ID, l.Groupings[1].Cause.Meeting)

	// Hand: recommendation 1 holds measure 1; recommendation 2 measures 2, 3.
	s = n.state()
	recs := export.RecommendationsOf(s)
	require.Len(t, recs.Groups, 2)
	numbers := func(ms []model.Measure) []int {
		var out []int
		for _, m := range ms {
			out = append(out, m.Number)
		}
		return out
	}
	assert.Equal(t, []int{1}, numbers(recs.Groups[0].Measures))
	assert.Equal(t, []int{2, 3}, numbers(recs.Groups[1].Measures))
	assert.Empty(t, recs.Loose)

	var report, csv, recCSV bytes.Buffer
	require.NoError(t, export.Report(&report, s, export.Options{}))
	assert.Contains(t, report.String(), "### Rekommendation 1. Stärk barns uppväxtvillkor\n\n1. **Familjecentraler i varje kommun**")
	assert.Contains(t, report.String(), "### Rekommendation 2. Vägar till arbete\n\nSamordna insatserna för arbete.\n\n2. **Sommarjobb för unga**")
	assert.Contains(t, report.String(), "3. **Lokala jobbspår**")
	require.NoError(t, export.MeasuresCSV(&csv, s, export.Options{Lang: model.English}))
	assert.Contains(t, csv.String(), "2,Sommarjobb för unga,Sommarjobb för unga.,,,0,1,2,Vägar till arbete,,\r\n")
	require.NoError(t, export.RecommendationsCSV(&recCSV, s, export.Options{Lang: model.English}))
	assert.Contains(t, recCSV.String(), "1,Stärk barns uppväxtvillkor,,1\r\n")
	assert.Contains(t, recCSV.String(), "2,Vägar till arbete,Samordna insatserna för arbete.,\"2, 3\"\r\n")
	pop, err := export.ToPopolo(s, export.Options{})
	require.NoError(t, err)
	parents := map[string]string{}
	for _, m := range pop.Motions {
		if m.Classification == "measure" {
			parents[m.Identifier] = m.ParentID
		}
	}
	assert.Equal(t, map[string]string{"1": "recommendation-" + r1.ID.String(), "2": "recommendation-" + r2.ID.String(), "3": "recommendation-" + r2.ID.String()}, parents)
	for _, e := range pop.Events {
		if e.ID == kw.ID.String() {
			assert.Equal(t, "2027-05-19T09:30:00+02:00", e.StartDate)
			assert.Equal(t, "2027-05-19T12:00:00+02:00", e.EndDate)
		}
		if e.ID == pw.ID.String() {
			assert.Equal(t, "2027-06-09", e.StartDate)
		}
	}

	// A document of free sections only: the plan's content and goals.
	doc := model.NewID[model.Document]()
	n.do(process.PinDocument{Document: doc, Title: "Innehåll och mål 2027", Sections: []model.Section{
		{Heading: "Innehåll", Text: "Nätverket samlar kommuner, region och SKR."}, {Heading: "Mål", Text: "Minskade skillnader i hälsa."}}})
	d, pinned, ok := n.state().Document(doc)
	require.True(t, ok)
	assert.Len(t, d.Sections, 2)
	assert.Empty(t, d.Items)
	assert.Empty(t, pinned)

	// A survey with a theme limit; a coding corrected.
	survey := followup.Survey{ID: model.NewID[followup.Survey](), Title: "Uppföljning 2027", Recipients: []model.OrganisationID{luleå.ID, piteå.ID, kiruna.ID},
		Questions: []followup.Question{
			{Key: "hinder", Kind: followup.Text, Text: "Nämn upp till två hinder", MaxThemes: 2},
			{Key: "nytta", Kind: followup.Scaled, Text: "Hur stor nytta?", Options: []string{"liten", "viss", "stor"}},
			{Key: "fortsatt", Kind: followup.YesNo, Text: "Fortsätter ni?"},
		}}
	n.do(process.CreateSurvey{Survey: survey})
	yes := true
	answer := func(o model.Organisation, text string, step int) followup.Answer {
		a := followup.Answer{ID: model.NewID[followup.Answer](), Survey: survey.ID, Organisation: o.ID,
			Values: []followup.Value{{Question: "hinder", Text: text}, {Question: "nytta", Step: step}, {Question: "fortsatt", Yes: &yes}}}
		n.do(process.SubmitSurveyAnswer{Answer: a})
		return a
	}
	stor, ok := survey.Questions[1].Step("stor")
	require.True(t, ok)
	la := answer(luleå, "Pengar och tid", stor)
	pa := answer(piteå, "Pengar", 2)
	coder := lead
	code := func(a followup.Answer, q, reason string, themes ...string) process.CodeAnswers {
		return process.CodeAnswers{Codings: []followup.Coding{{Answer: a.ID, Question: q, Themes: themes, CodedBy: coder, Reason: reason}}}
	}
	n.refused(code(la, "hinder", "", "Resurser", "Resurser"), model.ErrDuplicate)
	n.refused(code(la, "hinder", "", "Resurser", "Tid", "Ledning"), followup.ErrTooManyThemes)
	err = n.refused(code(la, "fortsatt", "", "Ja"), followup.ErrNotFreeText)
	assert.Contains(t, err.Error(), "is not a free-text question")
	n.do(code(la, "hinder", "", "Resurser", "Tid"))
	n.do(code(pa, "hinder", "", "Resurser"))
	n.refused(code(la, "hinder", "", "Tid"), model.ErrRequired)
	n.do(code(la, "hinder", "Pengarna gällde Piteå, inte Luleå", "Tid"))

	// Hand: 2 of 3 answered; themes after the correction: Resurser 1
	// (Piteå), Tid 1 (Luleå); mean benefit (3 + 2) / 2 = 2.5.
	s = n.state()
	sv, ok := func() (process.Survey, bool) {
		for _, x := range s.Surveys() {
			if x.ID == survey.ID {
				return x, true
			}
		}
		return process.Survey{}, false
	}()
	require.True(t, ok)
	q, ok := sv.Question("hinder")
	require.True(t, ok)
	assert.Equal(t, 2, q.MaxThemes)
	res, ok := s.SurveyResults(survey.ID)
	require.True(t, ok)
	assert.Equal(t, 2, res.Answered)
	assert.Equal(t, 3, res.Of)
	assert.Equal(t, []followup.ThemeCount{{Theme: "Resurser", Count: 1}, {Theme: "Tid", Count: 1}}, res.Questions[0].Themes)
	for _, tc := range res.Questions[0].Themes {
		assert.LessOrEqual(t, tc.Count, res.Questions[0].Answered, "no theme counted for more answers than answered")
	}
	assert.InDelta(t, 2.5, res.Questions[1].Mean, 1e-9)
	assert.Len(t, sv.Codings, 3, "the corrected coding stays on record")
	require.Len(t, sv.Recodings(), 1)
	assert.Equal(t, []string{"Resurser", "Tid"}, sv.Recodings()[0].Themes)

	// Cycles: both named; the second planned ahead, without touching the first.
	n.do(process.NameCycle{Title: "Steg 1: kartläggning och temaverkstäder 2027"})
	n.do(process.NameCycle{Cycle: 2, Title: "Steg 2: fördjupning 2028"})
	n.do(process.PlanPhase{Cycle: 2, Phase: "mapping", Planned: model.Period{Start: day(2028, 1, 10), End: day(2028, 3, 31)}})
	n.refused(process.PlanPhase{Cycle: -1, Phase: "mapping", Planned: model.Period{Start: day(2028, 1, 10)}}, model.ErrOutOfRange)
	err = n.refused(process.PlanPhase{Cycle: 2, Phase: "synthesis", Planned: model.Period{Start: day(2028, 12, 31), End: day(2028, 10, 1)}}, model.ErrDateOrder)
	assert.Equal(t, "model: Planned.End is earlier than the date it must follow", err.Error(), "no \"End ends\"")
	n.on(day(2027, 10, 1))
	n.do(process.Advance{Trigger: "synthesise"})
	n.on(day(2028, 1, 10))
	n.do(process.Advance{Trigger: "renew"})

	// Hand: cycle 1 keeps its 2027 dates; cycle 2's mapping has its own
	// plan; its other phases have none yet.
	s = n.state()
	assert.Equal(t, 2, s.Cycle())
	type row struct {
		phase   phase.PhaseID
		cycle   int
		name    string
		planned model.Period
	}
	var rows []row
	for _, e := range s.Timeline() {
		rows = append(rows, row{e.Phase.ID, e.Cycle, e.CycleName, e.Phase.Planned})
	}
	c1, c2 := "Steg 1: kartläggning och temaverkstäder 2027", "Steg 2: fördjupning 2028"
	assert.Equal(t, []row{
		{"mapping", 1, c1, model.Period{Start: day(2027, 1, 1), End: day(2027, 3, 31)}},
		{"workshops", 1, c1, model.Period{Start: day(2027, 4, 1), End: day(2027, 9, 30)}},
		{"synthesis", 1, c1, model.Period{Start: day(2027, 10, 1), End: day(2027, 12, 31)}},
		{"mapping", 2, c2, model.Period{Start: day(2028, 1, 10), End: day(2028, 3, 31)}},
		{"workshops", 2, c2, model.Period{}},
		{"synthesis", 2, c2, model.Period{}},
	}, rows)
	cycles := s.Cycles()
	require.Len(t, cycles, 2)
	assert.Equal(t, c2, cycles[1].Name)
	assert.Equal(t, day(2028, 1, 10), cycles[1].Phases[0].Planned.Start)
	unmet, err = s.Unmet("convene", day(2028, 2, 1))
	require.NoError(t, err)
	assert.Equal(t, []phase.CriterionName{phase.TimePlanSet}, unmet, "the second cycle's plan is its own, and not complete")

	// Successors: two later processes continue this one.
	first := n.id
	second, third := model.NewID[model.Process](), model.NewID[model.Process]()
	for _, next := range []struct{ id, prev model.ProcessID }{{second, first}, {third, second}} {
		n.id = next.id
		n.do(process.Start{Process: model.Process{ID: next.id, Name: "Samverkan Norr, fortsättning"}, Template: networkTemplate(t)})
		n.refused(process.NamePredecessor{Predecessor: next.id}, model.ErrNotAllowed)
		n.do(process.NamePredecessor{Predecessor: next.prev, Note: "Fortsätter nätverkets arbete"})
		n.refused(process.NamePredecessor{Predecessor: model.NewID[model.Process]()}, process.ErrAlreadyRecorded)
	}
	succ, err := n.engine.Succession(n.ctx, first)
	require.NoError(t, err)
	assert.Empty(t, succ.Predecessors)
	assert.Equal(t, []model.ProcessID{second, third}, succ.Successors)
	succ, err = n.engine.Succession(n.ctx, third)
	require.NoError(t, err)
	assert.Equal(t, []model.ProcessID{first, second}, succ.Predecessors)
	assert.Empty(t, succ.Successors)
	succ, err = n.engine.Succession(n.ctx, second)
	require.NoError(t, err)
	assert.Equal(t, []model.ProcessID{first, second, third}, succ.Chain(second))

	// A snapshot keeps the cycles, the predecessor and the groupings.
	n.id = first
	for _, id := range []model.ProcessID{first, second} {
		require.NoError(t, n.engine.Snapshot(n.ctx, id))
	}
	fresh, err := process.New(n.store, nil)
	require.NoError(t, err)
	fromSnap, err := fresh.Load(n.ctx, first)
	require.NoError(t, err)
	assert.Equal(t, n.state().Cycles(), fromSnap.Cycles())
	snapLineage, _ := fromSnap.Lineage(measures[1].ID)
	assert.Equal(t, l.Groupings, snapLineage.Groupings)
	secondSnap, err := fresh.Load(n.ctx, second)
	require.NoError(t, err)
	pred, ok := secondSnap.Predecessor()
	assert.True(t, ok)
	assert.Equal(t, first, pred)

	// The whole record replays to the same state.
	n.id = first
	replayed, err := n.engine.Replay(n.ctx, first)
	require.NoError(t, err)
	assert.Equal(t, n.state().Timeline(), replayed.Timeline())
	assert.Equal(t, n.state().Cycles(), replayed.Cycles())
	again, _ := replayed.SurveyResults(survey.ID)
	assert.Equal(t, res, again)
}

func TestTemplate_InvalidDateIsAnInvalidDateNotMalformedJSON(t *testing.T) {
	data := []byte(`{"id":"t","name":{"sv":"T","en":"T"},"initial":"a","phases":[{"id":"a","name":{"sv":"A","en":"A"},"planned":{"start":"2011-02-30"}}],"transitions":[]}`)
	_, err := phase.ParseTemplate(data)
	require.Error(t, err)
	assert.NotErrorIs(t, err, phase.ErrMalformed)
	assert.ErrorIs(t, err, model.ErrOutOfRange)
	assert.Contains(t, err.Error(), "phases[0].planned")
	assert.Contains(t, err.Error(), "Start")

	// The same template from the builder's documented JSON shape.
	b, err := json.Marshal(networkTemplate(t))
	require.NoError(t, err)
	back, err := phase.ParseTemplate(b)
	require.NoError(t, err)
	assert.Equal(t, networkTemplate(t), back)
}

func TestStart_UnknownCriterion_IsAConfigurationErrorNamingIt(t *testing.T) {
	ctx := context.Background()
	store := memstore.New()
	custom := process.Criterion{Name: "network-charter-signed", Label: model.Label{SV: "Stadgan är undertecknad", EN: "The charter is signed"},
		Met: func(*process.State, model.Date) bool { return true }}
	tpl, err := phase.NewBuilder("charter", model.Label{SV: "Stadga", EN: "Charter"}).
		Phase("a", model.Label{SV: "A", EN: "A"}, 1).Phase("b", model.Label{SV: "B", EN: "B"}, 1).
		Transition("go", "a", "b", custom.Name).Template()
	require.NoError(t, err)
	actor := model.Actor{Person: model.NewID[model.Person](), Capacity: model.RoleProjectLead}

	plain, err := process.New(store, nil)
	require.NoError(t, err)
	id := model.NewID[model.Process]()
	_, err = plain.Execute(ctx, id, actor, process.Start{Process: model.Process{ID: id, Name: "P"}, Template: tpl})
	require.ErrorIs(t, err, phase.ErrUnknownCriterion)
	assert.Contains(t, err.Error(), "network-charter-signed")

	withIt, err := process.New(store, &process.Options{Criteria: []process.Criterion{custom}})
	require.NoError(t, err)
	_, err = withIt.Execute(ctx, id, actor, process.Start{Process: model.Process{ID: id, Name: "P"}, Template: tpl})
	require.NoError(t, err)
	_, err = plain.Load(ctx, id)
	require.ErrorIs(t, err, process.ErrUnknownCriterion, "a configuration slip, at load")
	assert.NotErrorIs(t, err, process.ErrCorrupt)
	assert.Contains(t, err.Error(), "network-charter-signed")
}

// unreadableStore fails the reads of one stream once broken is set.
type unreadableStore struct {
	*memstore.Store
	broken model.ProcessID
}

var errUnreadable = errors.New("the disk is gone")

func (s *unreadableStore) ReadStream(ctx context.Context, id model.ProcessID, from uint64) iter.Seq2[process.Record, error] {
	if id == s.broken {
		return func(yield func(process.Record, error) bool) { yield(process.Record{}, errUnreadable) }
	}
	return s.Store.ReadStream(ctx, id, from)
}

func TestSuccession_EndsAtAMissingPredecessorOrALoop_AndReportsAnyOtherError(t *testing.T) {
	ctx := context.Background()
	store := &unreadableStore{Store: memstore.New()}
	now := time.Date(2027, 1, 1, 9, 0, 0, 0, time.UTC)
	opts := &process.Options{Clock: process.ClockFunc(func() time.Time { return now }), Authorizer: process.AllowAllForTesting}
	e, err := process.New(store, opts)
	require.NoError(t, err)
	actor := model.Actor{Person: model.NewID[model.Person](), Capacity: model.RoleProjectLead}
	start := func(predecessor model.ProcessID) model.ProcessID {
		id := model.NewID[model.Process]()
		_, err := e.Execute(ctx, id, actor, process.Start{Process: model.Process{ID: id, Name: "P"}, Template: anyPhase(phase.Dalarna())})
		require.NoError(t, err)
		if !predecessor.IsZero() {
			_, err = e.Execute(ctx, id, actor, process.NamePredecessor{Predecessor: predecessor})
			require.NoError(t, err)
		}
		return id
	}
	elsewhere := model.NewID[model.Process]() // kept in another store
	a := start(elsewhere)
	b := start(a)
	c := start(model.ProcessID{})
	d := start(c)
	_, err = e.Execute(ctx, c, actor, process.NamePredecessor{Predecessor: d}) // c and d continue each other
	require.NoError(t, err)

	// A fresh engine, so that every state is read from the store.
	fresh, err := process.New(store, opts)
	require.NoError(t, err)
	_, err = fresh.Succession(ctx, model.NewID[model.Process]())
	require.ErrorIs(t, err, process.ErrNotFound)

	succ, err := fresh.Succession(ctx, b)
	require.NoError(t, err)
	assert.Equal(t, []model.ProcessID{elsewhere, a}, succ.Predecessors, "the missing predecessor ends the chain, named")
	assert.Empty(t, succ.Successors)

	succ, err = fresh.Succession(ctx, c)
	require.NoError(t, err)
	assert.Equal(t, []model.ProcessID{d, c}, succ.Chain(c), "the loop ends before it closes")

	store.broken = a
	again, err := process.New(store, opts)
	require.NoError(t, err)
	_, err = again.Succession(ctx, b)
	require.ErrorIs(t, err, errUnreadable, "a predecessor that cannot be read is no end of the chain")
}

func TestNameCycle_Refusals_TypedAndNothingWritten(t *testing.T) {
	f := newFixture(t)
	f.do(process.NameCycle{Title: "Steg 1"})
	f.refused("a negative cycle", process.NameCycle{Cycle: -1, Title: "Steg"}, model.ErrOutOfRange, "Cycle")
	f.refused("a cycle past the last", process.NameCycle{Cycle: process.MaxCycle + 1, Title: "Steg"}, model.ErrOutOfRange, "Cycle")
	f.refused("no title", process.NameCycle{Cycle: 2, Title: ""}, model.ErrRequired, "Title")
	f.refused("the name it has", process.NameCycle{Title: " Steg 1 "}, process.ErrAlreadyRecorded, "Title")
	f.refused("no predecessor", process.NamePredecessor{}, model.ErrRequired, "Predecessor")
}
