// Command generate wrote archive generation 2 (testdata/archive/gen2): the
// SQLite database samling.db and its dump samling.jsonl. It is kept as the
// record of how the archive was made, and it compiles only against the
// library of its day (see gen2/README.md for the commit): the archive is
// written once and never rewritten, so this program is not part of the
// build (go build ./... skips testdata) and is not maintained.
//
//	go run ./testdata/archive/gen2/generate -dir testdata/archive/gen2
//
// It writes one synthetic process that holds every event type of the
// library at least once, each at its current schema version (the examples
// are in generation 1), dumps every stored record, in global order, one
// JSON object a line, and fails when a registered event type is missing
// from what it wrote or one was written at another version than the
// library's current one.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/samling-go/samling/consultation"
	"github.com/samling-go/samling/followup"
	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
	"github.com/samling-go/samling/process"
	"github.com/samling-go/samling/process/sqlstore"
)

func main() {
	dir := flag.String("dir", "testdata/archive/gen2", "the generation's directory")
	flag.Parse()
	db := filepath.Join(*dir, "samling.db")
	for _, f := range []string{db, db + "-wal", db + "-shm"} {
		if err := os.Remove(f); err != nil && !os.IsNotExist(err) {
			log.Fatal(err)
		}
	}
	ctx := context.Background()
	store, err := sqlstore.Open(ctx, db)
	if err != nil {
		log.Fatal(err)
	}
	if err := synthetic(ctx, store); err != nil {
		log.Fatal(err)
	}
	if err := dump(ctx, store, filepath.Join(*dir, "samling.jsonl")); err != nil {
		log.Fatal(err)
	}
	if err := complete(ctx, store); err != nil {
		log.Fatal(err)
	}
	if err := store.Close(); err != nil {
		log.Fatal(err)
	}
}

// line is one record of the dump.
type line struct {
	ID         process.EventID `json:"id"`
	Process    model.ProcessID `json:"process"`
	Version    uint64          `json:"version"`
	Type       string          `json:"type"`
	OccurredAt time.Time       `json:"occurred_at"`
	Data       json.RawMessage `json:"data"`
}

func dump(ctx context.Context, store process.Store, path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(f)
	enc.SetEscapeHTML(false)
	for r, err := range store.ReadAll(ctx, 0) {
		if err != nil {
			return err
		}
		if err := enc.Encode(line{r.ID, r.Process, r.Version, r.Type, r.OccurredAt.UTC(), r.Data}); err != nil {
			return err
		}
	}
	return f.Close()
}

// complete checks that the store holds every registered event type, each
// at the schema version the library writes.
func complete(ctx context.Context, store process.Store) error {
	seen := map[string]bool{}
	for r, err := range store.ReadAll(ctx, 0) {
		if err != nil {
			return err
		}
		var body struct {
			V int `json:"v"`
		}
		if err := json.Unmarshal(r.Data, &body); err != nil {
			return fmt.Errorf("%s version %d: %w", r.Process, r.Version, err)
		}
		want, ok := process.SchemaVersion(r.Type)
		if !ok {
			return fmt.Errorf("%s version %d: unknown event type %q", r.Process, r.Version, r.Type)
		}
		if max(body.V, 1) != want {
			return fmt.Errorf("%s version %d: %s at schema version %d, the library writes %d", r.Process, r.Version, r.Type, body.V, want)
		}
		seen[r.Type] = true
	}
	var missing []string
	for _, typ := range process.EventTypes() {
		if !seen[typ] {
			missing = append(missing, typ)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("event types the archive does not hold: %s", strings.Join(missing, ", "))
	}
	return nil
}

// synthetic writes a small process with every event type, one day apart
// from 1 March 2020, the clock moved on to a meeting's day before it is
// recorded as held.
func synthetic(ctx context.Context, store process.Store) error {
	day := time.Date(2020, 3, 1, 9, 0, 0, 0, time.UTC)
	clock := process.ClockFunc(func() time.Time { return day })
	engine, err := process.New(store, &process.Options{Clock: clock, Authorizer: process.AllowAllForTesting})
	if err != nil {
		return err
	}
	id := model.NewID[model.Process]()
	actor := model.Actor{Person: model.NewID[model.Person](), Capacity: model.RoleProjectLead}
	var failed error
	do := func(c process.Command) {
		if failed != nil {
			return
		}
		if _, err := engine.Execute(ctx, id, actor, c); err != nil {
			failed = fmt.Errorf("%s: %w", c.Name(), err)
		}
		day = day.AddDate(0, 0, 1)
	}
	date := func(y int, m time.Month, d int) model.Date { return model.MakeDate(y, m, d) }
	// on moves the clock on to a day, never back: a meeting is recorded as
	// held on or after its date.
	on := func(d model.Date) {
		if t := d.Time(time.UTC).Add(9 * time.Hour); t.After(day) {
			day = t
		}
	}

	// Every phase allows every command, and is dated from the template's
	// months.
	tmpl := phase.VastraGotaland().PlanFrom(date(2020, 1, 1))
	for i := range tmpl.Phases {
		tmpl.Phases[i].Allows = nil
	}
	do(process.Start{Process: model.Process{ID: id, Name: "Arkivets syntetiska samling"}, Template: tmpl})
	do(process.PlanPhase{Phase: "planning", Planned: model.Period{Start: date(2020, 1, 1), End: date(2020, 6, 30)}})
	do(process.NameCycle{Title: "Steg 1"})
	do(process.PlanPhase{Cycle: 2, Phase: "planning", Planned: model.Period{Start: date(2025, 1, 1), End: date(2025, 3, 31)}})
	do(process.NamePredecessor{Predecessor: model.NewID[model.Process](), Note: "Fortsätter en tidigare samling"})
	do(process.Advance{Trigger: "mobilise"})

	region := model.Organisation{ID: model.NewID[model.Organisation](), Name: "Västra Götalandsregionen", Kind: model.KindRegion, Code: "14"}
	borås, _ := model.MunicipalityOrganisation("1490")
	mölndal, _ := model.MunicipalityOrganisation("1481")
	department := model.Organisation{ID: model.NewID[model.Organisation](), Name: "Förskoleförvaltningen", Kind: model.KindDepartment, Parent: borås.ID}
	for _, o := range []model.Organisation{region, borås, mölndal, department} {
		do(process.RegisterOrganisation{Organisation: o})
	}
	names := []string{"Anna Andersson", "Björn Berg", "Åsa Östlund", "Skyddad Person"}
	var persons []model.Person
	for i, n := range names {
		p := model.Person{ID: model.NewID[model.Person](), Name: n, Title: "folkhälsostrateg", Party: "S", Organisation: borås.ID, Protected: i == 3}
		persons = append(persons, p)
		do(process.RegisterPerson{Person: p})
	}
	area := model.Area{ID: model.NewID[model.Area](), Number: 1, Name: "Barn och unga"}
	do(process.DefineArea{Area: area})
	committee := model.Group{ID: model.NewID[model.Group](), Kind: model.GroupCommittee, Name: "Folkhälsokommittén", Organisation: region.ID,
		Rule: model.DecisionRule{Kind: model.RuleUnanimity, Quorum: model.MoreThanHalf}}
	working := model.Group{ID: model.NewID[model.Group](), Kind: model.GroupWorking, Name: "Arbetsgruppen"}
	do(process.FormGroup{Group: committee})
	do(process.FormGroup{Group: working})
	commission := model.Group{ID: model.NewID[model.Group](), Kind: model.GroupCommission, Name: "Kommissionen för jämlik hälsa", AppointedBy: committee.ID,
		Mandate: "Föreslå åtgärder för en mer jämlik hälsa.\nRedovisa senast 2021."}
	do(process.FormGroup{Group: commission})
	do(process.AddMember{Membership: model.Membership{ID: model.NewID[model.Membership](), Group: commission.ID, Member: model.Member{Person: persons[2].ID}, Role: model.RoleResearcher,
		Period: model.Period{Start: date(2020, 1, 1)}, Expertise: "professor i socialmedicin"}})
	var memberships []model.Membership
	for i, p := range persons {
		role := model.RoleMember
		if i == 0 {
			role = model.RoleChair
		}
		m := model.Membership{ID: model.NewID[model.Membership](), Group: committee.ID, Member: model.Member{Person: p.ID}, Role: role, Period: model.Period{Start: date(2020, 1, 1)}}
		memberships = append(memberships, m)
		do(process.AddMember{Membership: m})
	}
	do(process.AddMember{Membership: model.Membership{ID: model.NewID[model.Membership](), Group: working.ID, Member: model.Member{Organisation: mölndal.ID}, Role: model.RoleMember, Period: model.Period{Start: date(2020, 1, 1)}}})
	do(process.EndMembership{Membership: memberships[2].ID, End: date(2020, 6, 30)})

	do(process.Invite{Organisations: []model.OrganisationID{borås.ID, mölndal.ID}, Note: "Inbjudan att delta"})
	do(process.DecideParticipation{Participation: model.Participation{Organisation: borås.ID, Joins: true, Date: date(2020, 3, 20), Body: "Kommunstyrelsen", Reference: "KS 2020/17",
		Representatives: []model.Representative{{Person: persons[1].ID, Role: model.RoleOfficial}, {Person: persons[0].ID, Role: model.RolePolitician, Title: "kommunalråd"}}, Areas: []model.AreaID{area.ID}}})
	do(process.DecideParticipation{Participation: model.Participation{Organisation: mölndal.ID, Joins: false, Date: date(2020, 3, 22), Body: "Kommunstyrelsen"}})

	meeting := model.Meeting{ID: model.NewID[model.Meeting](), Kind: model.MeetingCommittee, Title: "Sammanträde", Date: date(2020, 4, 2), Place: "Vänersborg", Group: committee.ID,
		Start: model.MakeClock(13, 30), Duration: 2 * time.Hour, Areas: []model.AreaID{area.ID},
		Agenda: []model.AgendaItem{{Number: 1, Title: "Förslag till åtgärder"}, {Number: 2, Title: "Statistik"}}}
	do(process.PlanMeeting{Meeting: meeting})
	on(meeting.Date)
	assignment := model.Assignment{ID: model.NewID[model.Assignment](), Item: 2, Assignee: persons[1].ID, Task: "Förklara skillnaden mellan psykisk ohälsa och psykisk sjukdom", Due: date(2020, 5, 7)}
	do(process.RecordMeeting{Meeting: meeting.ID, HeadCount: 12,
		Attendees:   []model.Attendee{{Person: persons[0].ID, Role: model.RoleChair, Capacity: "Ordförande"}, {Person: persons[1].ID}, {Person: persons[2].ID}, {Person: persons[3].ID}},
		Minutes:     []model.ItemMinutes{{Item: 1, Text: "Förslagen diskuterades."}, {Item: 2, Text: "Utskrivningsklara dagar per månad."}},
		Assignments: []model.Assignment{assignment},
		Next:        model.NextMeeting{Date: date(2020, 5, 7), Place: "Borås"}})
	do(process.CompleteAssignment{Assignment: assignment.ID, Meeting: meeting.ID, Note: "Besvarat muntligt"})
	do(process.ApproveMinutes{Meeting: meeting.ID, Note: "Justerat"})

	var proposals []model.Proposal
	for i, title := range []string{"Läxhjälp på bibliotek", "Fler fritidsgårdar", "Hälsosamtal i skolan"} {
		proposals = append(proposals, model.Proposal{ID: model.NewID[model.Proposal](), Kind: model.ProposalMeasure, Title: title, Text: fmt.Sprintf("Förslag %d.", i+1),
			Areas: []model.AreaID{area.ID}, Meeting: meeting.ID, Submitter: model.Submitter{Person: persons[i].ID, Organisation: borås.ID}})
	}
	do(process.SubmitProposals{Proposals: proposals})
	measure := model.Measure{ID: model.NewID[model.Measure](), Number: 1, Title: "Läxhjälp", Text: "Kommunerna erbjuder läxhjälp.", Area: area.ID, Sources: []model.ProposalID{proposals[0].ID}, Amount: model.Kronor(2_500_000)}
	second := model.Measure{ID: model.NewID[model.Measure](), Number: 2, Title: "Mötesplatser", Text: "Fler mötesplatser för unga.", Area: area.ID, Sources: []model.ProposalID{proposals[1].ID}}
	do(process.CreateMeasure{Measure: measure}) // which disposes of its sources
	do(process.CreateMeasure{Measure: second})
	do(process.DisposeProposals{Dispositions: []model.Disposition{
		{Proposal: proposals[2].ID, Kind: model.DispositionForwarded, Reason: "Skolans ansvar", ForwardedTo: mölndal.ID},
	}})
	do(process.ChangeDisposition{Disposition: model.Disposition{Proposal: proposals[2].ID, Kind: model.DispositionRejected, Reason: "Finns redan"}, Reason: "Mölndal har redan hälsosamtal"})
	do(process.RenumberMeasure{Measure: second.ID, Number: 3})
	recommendation := model.Recommendation{ID: model.NewID[model.Recommendation](), Number: 1, Title: "En god start i livet", Text: "Alla barn ska få en god start."}
	do(process.CreateRecommendation{Recommendation: recommendation})
	do(process.GroupMeasures{Recommendation: recommendation.ID, Measures: []model.MeasureID{measure.ID, second.ID}})
	other := model.Recommendation{ID: model.NewID[model.Recommendation](), Number: 2, Title: "Mötesplatser"}
	do(process.CreateRecommendation{Recommendation: other})
	do(process.GroupMeasures{Recommendation: other.ID, Measures: []model.MeasureID{second.ID}, Cause: model.Cause{Meeting: meeting.ID, Note: "Egen rekommendation"}})
	objective := model.Objective{ID: model.NewID[model.Objective](), Recommendation: recommendation.ID, Title: "Fler elever når målen i skolan", Area: area.ID}
	do(process.CreateObjective{Objective: objective})
	do(process.PlaceMeasures{Objective: objective.ID, Measures: []model.MeasureID{measure.ID}})

	doc := model.NewID[model.Document]()
	do(process.PinDocument{Document: doc, Title: "Förslag till åtgärder, april 2020", Date: date(2020, 4, 1),
		Authors: []model.Author{{Group: commission.ID}, {Person: persons[2].ID}}, Recipient: committee.ID,
		Sections: []model.Section{{Heading: "Innehåll och mål", Text: "Jämlik hälsa."}}, Measures: []model.MeasureID{measure.ID, second.ID}})
	do(process.HandOverDocument{HandOver: model.HandOver{Document: doc, To: committee.ID, Meeting: meeting.ID, Note: "Presenterades på sammanträdet"}})
	round := consultation.Round{ID: model.NewID[consultation.Round](), Kind: consultation.Remiss, Title: "Remiss, våren 2020", Document: doc, Deadline: date(2020, 5, 29),
		Consultees: []consultation.Consultee{{Organisation: borås.ID, Required: true}, {Organisation: mölndal.ID}}}
	do(process.DraftRound{Round: round})
	do(process.ExtendDeadline{Round: round.ID, Organisation: mölndal.ID, Deadline: date(2020, 6, 12)})
	do(process.OpenRound{Round: round.ID})
	response := consultation.Response{ID: model.NewID[consultation.Response](), Round: round.ID, Organisation: borås.ID, Stance: consultation.SupportsWithChanges, RespondedBy: persons[1].ID,
		Items: []consultation.ItemResponse{{Measure: measure.ID, Stance: consultation.SupportsWithChanges, Comment: "Även för äldre elever."}}}
	do(process.SubmitResponse{Response: response})
	do(process.CloseRound{Round: round.ID})
	do(process.CompileRound{Round: round.ID})
	do(process.ReviseMeasure{Measure: measure.ID, Text: "Kommunerna erbjuder läxhjälp, även för äldre elever.", Responses: []consultation.ResponseID{response.ID}})
	revised := model.NewID[model.Document]()
	do(process.PinDocument{Document: revised, Title: "Reviderat förslag, juni 2020", Revises: doc})
	var votes []model.Vote
	for _, p := range persons {
		votes = append(votes, model.Vote{Member: model.Member{Person: p.ID}, Position: model.Agree})
	}
	first := model.NewID[model.Decision]()
	do(process.Decide{Decision: model.Decision{ID: first, Body: committee.ID, Meeting: meeting.ID,
		Subject: model.Subject{Kind: model.SubjectDocument, Document: revised}, Votes: votes, Reference: "FHK 2020/3", Paragraph: 4,
		Effect: model.EffectOnApproval, Amount: model.Kronor(100_000_000)}})
	directive := model.Directive{ID: model.NewID[model.Directive](), To: borås.ID, Task: "Utred en social investeringsfond", Due: date(2021, 3, 31), Amount: model.Kronor(500_000)}
	do(process.Decide{Decision: model.Decision{ID: model.NewID[model.Decision](), Body: committee.ID, Meeting: meeting.ID,
		Subject: model.Subject{Kind: model.SubjectDocument, Document: revised}, Votes: votes, Reference: "FHK 2020/4", Paragraph: 5,
		Follows: first, Effect: model.EffectOnDate, EffectiveOn: date(2020, 9, 1), Directives: []model.Directive{directive}}})
	sub := model.Directive{ID: model.NewID[model.Directive](), Parent: directive.ID, To: department.ID, Task: "Beskriv förskolans del", Due: date(2021, 2, 28)}
	do(process.AssignDirective{Directive: sub})
	do(process.CompleteDirective{Directive: sub.ID, Note: "Redovisat"})

	delegation := model.Delegation{ID: model.NewID[model.Delegation](), From: persons[0].ID, To: persons[1].ID, Commands: []string{"record-meeting"}, Period: model.Period{Start: date(2020, 6, 1), End: date(2020, 8, 31)}}
	do(process.Delegate{Delegation: delegation})
	do(process.RevokeDelegation{Delegation: delegation.ID, End: date(2020, 7, 15)})

	do(process.RecordImplementation{Entries: []followup.Entry{{Measure: measure.ID, Organisation: borås.ID, Status: followup.InProgress, Degree: 3, LongTerm: true, Unit: "Förskoleförvaltningen", NextReview: date(2021, 3, 1)}}})
	survey := followup.Survey{ID: model.NewID[followup.Survey](), Title: "Uppföljning 2020", Recipients: []model.OrganisationID{borås.ID},
		Questions: []followup.Question{{Key: "q1", Kind: followup.Scaled, Text: "Förankring", Options: []string{"låg", "medel", "hög"}}, {Key: "q2", Kind: followup.Text, Text: "Svårast", MaxThemes: 2}}}
	do(process.CreateSurvey{Survey: survey})
	answer := followup.Answer{ID: model.NewID[followup.Answer](), Survey: survey.ID, Organisation: borås.ID, Values: []followup.Value{{Question: "q1", Step: 2}, {Question: "q2", Text: "Tiden räcker inte"}}}
	do(process.SubmitSurveyAnswer{Answer: answer})
	do(process.CodeAnswers{Codings: []followup.Coding{{Answer: answer.ID, Question: "q2", Themes: []string{"resurser"}, CodedBy: persons[0].ID}}})
	do(process.CodeAnswers{Codings: []followup.Coding{{Answer: answer.ID, Question: "q2", Themes: []string{"tid"}, CodedBy: persons[0].ID, Reason: "Svaret gäller tid"}}})
	indicator := followup.Indicator{ID: model.NewID[followup.Indicator](), Name: "Utskrivningsklara dagar", Unit: "dagar"}
	do(process.DefineIndicator{Indicator: indicator})
	do(process.RecordObservations{Observations: []followup.Observation{
		{Indicator: indicator.ID, Geography: followup.Geography{Level: followup.Municipality, Code: "1490"}, Period: followup.Month(2020, time.January), Value: 89},
		{Indicator: indicator.ID, Geography: followup.Geography{Level: followup.Municipality, Code: "1490"}, Period: followup.Month(2020, time.February), Value: 77}}})
	handOver := model.DateOf(day).AddDays(7)
	do(process.HandOverCoordination{To: persons[0].ID, On: handOver, End: handOver.AddDays(364)})
	do(process.DisposePersonalData{Person: persons[2].ID, Reference: "RS 2020/99", Note: "Gallringsbeslut"})
	return failed
}
