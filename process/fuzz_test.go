package process_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/samling-go/samling/consultation"
	"github.com/samling-go/samling/followup"
	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
	"github.com/samling-go/samling/process"
	"github.com/samling-go/samling/process/memstore"
)

// eventTypes are the stored types the decoder knows, and one it does not,
// for the fuzzer to pick from.
var eventTypes = append(process.EventTypes(), "no-such-type")

// FuzzDecode checks that no stored record, however corrupt, makes Decode
// panic: it decodes, or it is refused with ErrCorrupt (or ErrNewerSchema
// for a version from the future); and what decodes
// encodes back to a record that decodes to the same event.
func FuzzDecode(f *testing.F) {
	f.Add(uint8(0), []byte(`{"actor":{"person":"01a20000-0000-7000-8000-000000000000","capacity":"official"},"command":"01a20000-0000-7000-8000-000000000001","data":{"process":{"id":"01a20000-0000-7000-8000-000000000002","name":"P"},"template":{}}}`))
	f.Add(uint8(4), []byte(`{"actor":{"person":"01a20000-0000-7000-8000-000000000000","capacity":"official"},"data":{"person":{"id":"01a20000-0000-7000-8000-000000000003","name":"Anna"}}}`))
	f.Add(uint8(24), []byte(`{"data":{"decision":{"votes":[{"position":"block"}]},"tally":{"Members":3}}}`))
	f.Add(uint8(10), []byte(`{"data":{"meeting":"x","attachments":[{"title":"t","table":{"columns":[{"name":"n","type":"integer"}],"rows":[["1"]]}}]}}`))
	f.Add(uint8(31), []byte(`null`))
	f.Fuzz(func(t *testing.T, kind uint8, data []byte) {
		r := process.Record{ID: model.NewID[process.Event](), Process: model.NewID[model.Process](), Version: 1,
			Type: eventTypes[int(kind)%len(eventTypes)], OccurredAt: time.Unix(1_400_000_000, 0).UTC(), Data: data}
		ev, err := process.Decode(r)
		if err != nil {
			if !errors.Is(err, process.ErrCorrupt) && !errors.Is(err, process.ErrNewerSchema) {
				t.Fatalf("Decode returned %v, not ErrCorrupt or ErrNewerSchema", err)
			}
			return
		}
		again, err := process.Decode(mustEncode(t, ev))
		if err != nil {
			t.Fatalf("a decoded event does not decode after encoding: %v", err)
		}
		if !reflect.DeepEqual(jsonOf(t, ev), jsonOf(t, again)) {
			t.Fatalf("the event changed through encoding:\n%s\n%s", jsonOf(t, ev), jsonOf(t, again))
		}
	})
}

// mustEncode encodes an event as the engine would store it, through a
// store: the encoder is the engine's own.
func mustEncode(t *testing.T, ev process.Event) process.Record {
	t.Helper()
	r, err := process.Encode(ev)
	if err != nil {
		t.Fatalf("encode: %v", err)
	}
	return r
}

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	return string(b)
}

// FuzzCommands runs sequences of commands, chosen and filled in from the
// fuzzer's bytes, against one process, and checks the aggregate's
// invariants after each: a refused command appends nothing, an accepted
// one appends events at the next versions, and the state is always the
// fold of the stored events.
func FuzzCommands(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
	f.Add([]byte{1, 1, 3, 3, 7, 8, 8, 9, 9, 9, 12, 13, 14, 15, 16, 17})
	f.Add([]byte{2, 0, 2, 0, 5, 5, 6, 6, 18, 19, 20, 21, 22, 23, 24})
	f.Fuzz(func(t *testing.T, script []byte) {
		if len(script) > 200 {
			script = script[:200]
		}
		store := memstore.New()
		clock := &manualClock{now: time.Date(2012, 1, 10, 9, 0, 0, 0, time.UTC)}
		engine, err := process.New(store, &process.Options{Clock: clock, Authorizer: process.AllowAllForTesting})
		if err != nil {
			t.Fatal(err)
		}
		w := newWorld()
		ctx := bg()
		id := model.NewID[model.Process]()
		actor := model.Actor{Person: model.NewID[model.Person](), Capacity: model.RoleProjectLead}
		// Every phase allows every command: the fuzzer explores the
		// commands, not the template's rules of procedure.
		if _, err := engine.Execute(ctx, id, actor, process.Start{Process: model.Process{ID: id, Name: "Fuzz"}, Template: anyPhase(phase.Dalarna())}); err != nil {
			t.Fatal(err)
		}
		version := uint64(1)
		for i := 0; i < len(script); i++ {
			op, arg := script[i], byte(0)
			if i+1 < len(script) {
				arg = script[i+1]
			}
			clock.set(clock.Now().Add(time.Duration(arg) * time.Hour))
			cmd := w.command(op, arg)
			res, err := engine.Execute(ctx, id, actor, cmd)
			s, lerr := engine.Load(ctx, id)
			if lerr != nil {
				t.Fatal(lerr)
			}
			switch {
			case err != nil && s.Version() != version:
				t.Fatalf("%s was refused (%v) and still appended: version %d → %d", cmd.Name(), err, version, s.Version())
			case err == nil && (res.Version <= version || s.Version() != res.Version):
				t.Fatalf("%s appended at version %d after %d; the state is at %d", cmd.Name(), res.Version, version, s.Version())
			}
			if err == nil {
				// After every accepted command the state loaded equals the
				// fold of what was stored: what was kept is what was stored.
				replayed, rerr := engine.Replay(ctx, id)
				if rerr != nil {
					t.Fatalf("replay after %s: %v", cmd.Name(), rerr)
				}
				if !reflect.DeepEqual(s, replayed) {
					t.Fatalf("after %s the loaded state is not the fold of the stored events", cmd.Name())
				}
			}
			version = s.Version()
		}
		live, _ := engine.Load(ctx, id)
		replayed, err := engine.Replay(ctx, id)
		if err != nil {
			t.Fatalf("replay: %v", err)
		}
		if !reflect.DeepEqual(live, replayed) {
			t.Fatal("the state is not the fold of the stored events")
		}
	})
}

// world remembers the IDs a fuzzed script has made, so later commands can
// refer to them (or, from the fuzzer's choice, to unknown ones).
type world struct {
	orgs     []model.OrganisationID
	persons  []model.PersonID
	groups   []model.GroupID
	meetings []model.MeetingID
	props    []model.ProposalID
	measures []model.MeasureID
	docs     []model.DocumentID
	rounds   []consultation.RoundID
	surveys  []followup.SurveyID
	numbers  int
}

func newWorld() *world { return &world{} }

func pick[T any](list []T, arg byte, fresh func() T) T {
	if len(list) == 0 || arg%7 == 6 {
		return fresh() // sometimes a reference to nothing
	}
	return list[int(arg)%len(list)]
}

var codes = []string{"2080", "2081", "2085", "1490", "0180"}

// command builds the command op names, filled in from arg.
func (w *world) command(op, arg byte) process.Command {
	date := model.MakeDate(2012, time.Month(1+arg%12), 1+int(arg%28))
	org := pick(w.orgs, arg, model.NewID[model.Organisation])
	person := pick(w.persons, arg, model.NewID[model.Person])
	group := pick(w.groups, arg, model.NewID[model.Group])
	meeting := pick(w.meetings, arg, model.NewID[model.Meeting])
	measure := pick(w.measures, arg, model.NewID[model.Measure])
	round := pick(w.rounds, arg, model.NewID[consultation.Round])
	switch op % 28 {
	case 0:
		o, _ := model.MunicipalityOrganisation(codes[int(arg)%len(codes)])
		w.orgs = append(w.orgs, o.ID)
		return process.RegisterOrganisation{Organisation: o}
	case 1:
		p := model.Person{ID: model.NewID[model.Person](), Name: "Person", Organisation: org}
		w.persons = append(w.persons, p.ID)
		return process.RegisterPerson{Person: p}
	case 2:
		g := model.Group{ID: model.NewID[model.Group](), Kind: model.GroupKind(1 + arg%11), Name: "Grupp",
			Rule: model.DecisionRule{Kind: model.RuleKind(1 + arg%4), Quorum: model.MoreThanHalf, Majority: model.Share{Num: 2, Den: 3}}}
		if g.Rule.Kind != model.RuleQualifiedMajority {
			g.Rule.Majority = model.Share{}
		}
		w.groups = append(w.groups, g.ID)
		return process.FormGroup{Group: g}
	case 3:
		return process.AddMember{Membership: model.Membership{ID: model.NewID[model.Membership](), Group: group,
			Member: model.Member{Person: person}, Role: model.Role(1 + arg%9), Period: model.Period{Start: date}}}
	case 4:
		m := model.Meeting{ID: model.NewID[model.Meeting](), Kind: model.MeetingKind(1 + arg%5), Title: "Möte", Date: date, Group: pick(w.groups, arg+1, func() model.GroupID { return model.GroupID{} }),
			Agenda: []model.AgendaItem{{Number: 1, Title: "Öppnande"}, {Number: 2, Title: "Frågor"}}}
		w.meetings = append(w.meetings, m.ID)
		return process.PlanMeeting{Meeting: m}
	case 5:
		return process.RecordMeeting{Meeting: meeting, HeadCount: int(arg), Minutes: []model.ItemMinutes{{Item: 1 + int(arg%3), Text: "Text"}},
			Assignments: []model.Assignment{{ID: model.NewID[model.Assignment](), Item: 2, Assignee: person, Task: "Uppdrag"}}}
	case 6:
		p := model.Proposal{ID: model.NewID[model.Proposal](), Kind: model.ProposalKind(1 + arg%2), Title: "Förslag", Submitter: model.Submitter{Organisation: org}}
		w.props = append(w.props, p.ID)
		return process.SubmitProposals{Proposals: []model.Proposal{p}}
	case 7:
		w.numbers++
		m := model.Measure{ID: model.NewID[model.Measure](), Number: w.numbers, Title: "Åtgärd", Sources: []model.ProposalID{pick(w.props, arg, model.NewID[model.Proposal])}}
		if arg%2 == 0 {
			m.Sources = nil
		}
		w.measures = append(w.measures, m.ID)
		return process.CreateMeasure{Measure: m}
	case 8:
		return process.DisposeProposals{Dispositions: []model.Disposition{{Proposal: pick(w.props, arg, model.NewID[model.Proposal]),
			Kind: model.DispositionKind(1 + arg%5), Reason: "Skäl", Measures: []model.MeasureID{measure}, ForwardedTo: org}}}
	case 9:
		return process.ReviseMeasure{Measure: measure, Text: string(rune('a' + arg%26)), Cause: model.Cause{Note: "Ändring"}}
	case 10:
		d := model.NewID[model.Document]()
		w.docs = append(w.docs, d)
		return process.PinDocument{Document: d, Title: "Version"}
	case 11:
		r := consultation.Round{ID: model.NewID[consultation.Round](), Kind: consultation.Kind(1 + arg%2), Title: "Remiss",
			Document: pick(w.docs, arg, model.NewID[model.Document]), Deadline: date.AddDays(30),
			Consultees: []consultation.Consultee{{Organisation: org, Required: arg%2 == 0}}}
		w.rounds = append(w.rounds, r.ID)
		return process.DraftRound{Round: r}
	case 12:
		return process.OpenRound{Round: round}
	case 13:
		return process.SubmitResponse{Response: consultation.Response{ID: model.NewID[consultation.Response](), Round: round, Organisation: org,
			Stance: consultation.Stance(1 + arg%5), Items: []consultation.ItemResponse{{Measure: measure, Stance: consultation.Supports, Comment: "Bra"}}}}
	case 14:
		return process.CloseRound{Round: round}
	case 15:
		return process.CompileRound{Round: round}
	case 16:
		return process.ReopenRound{Round: round, Cause: model.Cause{Reference: "Beslut"}}
	case 17:
		return process.ExtendDeadline{Round: round, Organisation: org, Deadline: date.AddDays(60)}
	case 18:
		return process.Decide{Decision: model.Decision{ID: model.NewID[model.Decision](), Body: group, Meeting: meeting,
			Subject: model.Subject{Kind: model.SubjectDocument, Document: pick(w.docs, arg, model.NewID[model.Document])},
			Votes:   []model.Vote{{Member: model.Member{Person: person}, Position: model.Position(1 + arg%4)}}}}
	case 19:
		return process.Invite{Organisations: []model.OrganisationID{org}}
	case 20:
		return process.DecideParticipation{Participation: model.Participation{Organisation: org, Joins: arg%2 == 0, Date: date, Body: "Kommunstyrelsen"}}
	case 21:
		return process.Advance{Trigger: []phase.Trigger{"execute", "disseminate", "restart"}[arg%3]}
	case 22:
		return process.Delegate{Delegation: model.Delegation{ID: model.NewID[model.Delegation](), From: person, To: pick(w.persons, arg+1, model.NewID[model.Person]),
			Commands: []string{"submit-response"}, Period: model.Period{Start: date}}}
	case 23:
		return process.DisposePersonalData{Person: person, Reference: "Gallringsbeslut"}
	case 25:
		return process.RecordImplementation{Entries: []followup.Entry{{Measure: measure, Organisation: org, Status: followup.Status(1 + arg%5), Degree: int(arg % 6)}}}
	case 26:
		sv := followup.Survey{ID: model.NewID[followup.Survey](), Title: "Enkät", Recipients: []model.OrganisationID{org},
			Questions: []followup.Question{{Key: "q", Kind: followup.Scaled, Text: "Hur?", Options: []string{"lite", "mycket"}}}}
		w.surveys = append(w.surveys, sv.ID)
		return process.CreateSurvey{Survey: sv}
	case 27:
		return process.SubmitSurveyAnswer{Answer: followup.Answer{ID: model.NewID[followup.Answer](), Survey: pick(w.surveys, arg, model.NewID[followup.Survey]),
			Organisation: org, Values: []followup.Value{{Question: "q", Step: int(arg % 3)}}}}
	default:
		return process.CreateRecommendation{Recommendation: model.Recommendation{ID: model.NewID[model.Recommendation](), Number: 1 + int(arg%3), Title: "Rekommendation"}}
	}
}
