package export_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/samling-go/samling/consultation"
	"github.com/samling-go/samling/export"
	"github.com/samling-go/samling/followup"
	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
	"github.com/samling-go/samling/process"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// names are the persons of the fixture; no export under the default
// policy may contain any of them.
var names = []string{"Kenneth Dahlström", "Marielle Welander", "Åsa Öberg", "Skyddad Person"}

var stamp = time.Date(2014, 12, 1, 12, 0, 0, 0, time.UTC)

// fixture is a small process with every kind of record the exports read:
// named persons (one with a protected identity), a municipality, a
// committee with a chair, a meeting and a decision with named votes, a
// proposal from a person, a measure, a remiss answered and signed, the
// matrix, a survey with coded answers and an indicator.
func fixture(t *testing.T) *process.State {
	clock := process.ClockFunc(func() time.Time { return time.Date(2014, 9, 16, 9, 0, 0, 0, time.UTC) }) // the day of the meeting it records as held
	proc := record(t, clock)
	id, do := proc.id, proc.do
	// Dalarna's template, with the preparatory phase allowing every
	// command: this test exports a whole record without leaving it.
	tpl := phase.Dalarna().PlanFrom(model.MakeDate(2014, 11, 1))
	tpl.Phases[0].Allows = nil
	do(process.Start{Process: model.Process{ID: id, Name: "Samling för social hållbarhet i Dalarna"}, Template: tpl})
	leksand, _ := model.MunicipalityOrganisation("2029")
	do(process.RegisterOrganisation{Organisation: leksand})
	var persons []model.Person
	for i, n := range names {
		p := model.Person{ID: model.NewID[model.Person](), Name: n, Party: "C", Organisation: leksand.ID, Protected: i == 3}
		persons = append(persons, p)
		do(process.RegisterPerson{Person: p})
	}
	group := model.Group{ID: model.NewID[model.Group](), Kind: model.GroupCommittee, Name: "Samverkansberedningen", Organisation: leksand.ID,
		Rule: model.DecisionRule{Kind: model.RuleConsent, Quorum: model.MoreThanHalf}}
	do(process.FormGroup{Group: group})
	for i, p := range persons {
		role := model.RoleMember
		if i == 0 {
			role = model.RoleChair
		}
		do(process.AddMember{Membership: model.Membership{ID: model.NewID[model.Membership](), Group: group.ID, Member: model.Member{Person: p.ID}, Role: role, Period: model.Period{Start: model.MakeDate(2014, 1, 1)}}})
	}
	area := model.Area{ID: model.NewID[model.Area](), Number: 1, Name: "Barn och unga"}
	do(process.DefineArea{Area: area})
	prop := model.Proposal{ID: model.NewID[model.Proposal](), Kind: model.ProposalMeasure, Title: "=Läxhjälp; för \"alla\"", Areas: []model.AreaID{area.ID},
		Submitter: model.Submitter{Person: persons[1].ID, Organisation: leksand.ID}}
	do(process.SubmitProposals{Proposals: []model.Proposal{prop}})
	measure := model.Measure{ID: model.NewID[model.Measure](), Number: 1, Title: "Läxhjälp på bibliotek", Text: "Kommunerna erbjuder läxhjälp, även på fritidsgårdar.", Area: area.ID, Sources: []model.ProposalID{prop.ID}}
	do(process.CreateMeasure{Measure: measure})
	doc := model.NewID[model.Document]()
	do(process.PinDocument{Document: doc, Title: "Förslag, december 2014"})
	meeting := model.Meeting{ID: model.NewID[model.Meeting](), Kind: model.MeetingCommittee, Title: "Sammanträde; plenisalen", Date: model.MakeDate(2014, 9, 16), Place: "Leksand, plenisalen", Group: group.ID}
	do(process.PlanMeeting{Meeting: meeting})
	do(process.RecordMeeting{Meeting: meeting.ID})
	var votes []model.Vote
	for _, p := range persons {
		votes = append(votes, model.Vote{Member: model.Member{Person: p.ID}, Position: model.Agree})
	}
	votes[2].Position = model.Abstain
	do(process.Decide{Decision: model.Decision{ID: model.NewID[model.Decision](), Body: group.ID, Meeting: meeting.ID,
		Subject: model.Subject{Kind: model.SubjectDocument, Document: doc}, Votes: votes, Reference: "KS 2014/0042", Paragraph: 7}})
	round := consultation.Round{ID: model.NewID[consultation.Round](), Kind: consultation.Samrad, Title: "Samråd, vintern 2015", Document: doc,
		Deadline: model.MakeDate(2015, 2, 13), Consultees: []consultation.Consultee{{Organisation: leksand.ID, Required: true, Deadline: model.MakeDate(2015, 2, 20)}}}
	do(process.DraftRound{Round: round})
	do(process.ExtendDeadline{Round: round.ID, Organisation: leksand.ID, Deadline: model.MakeDate(2015, 2, 27)})
	do(process.OpenRound{Round: round.ID})
	do(process.SubmitResponse{Response: consultation.Response{ID: model.NewID[consultation.Response](), Round: round.ID, Organisation: leksand.ID,
		Stance: consultation.SupportsWithChanges, RespondedBy: persons[1].ID,
		Items: []consultation.ItemResponse{{Measure: measure.ID, Stance: consultation.SupportsWithChanges, Comment: "Åtgärden bör omfatta även äldre."}}}})
	do(process.RecordImplementation{Entries: []followup.Entry{{Measure: measure.ID, Organisation: leksand.ID, Status: followup.InProgress, Degree: 3, LongTerm: true, Unit: "Bildningsförvaltningen", NextReview: model.MakeDate(2016, 3, 1)}}})
	survey := followup.Survey{ID: model.NewID[followup.Survey](), Title: "Uppföljning 2016", Recipients: []model.OrganisationID{leksand.ID},
		Questions: []followup.Question{{Key: "q1", Kind: followup.Scaled, Text: "Förankring", Options: []string{"låg", "medel", "hög"}}, {Key: "q2", Kind: followup.Text, Text: "Svårast"}}}
	do(process.CreateSurvey{Survey: survey})
	answer := followup.Answer{ID: model.NewID[followup.Answer](), Survey: survey.ID, Organisation: leksand.ID, Values: []followup.Value{{Question: "q1", Step: 3}, {Question: "q2", Text: "Tiden räcker inte"}}}
	do(process.SubmitSurveyAnswer{Answer: answer})
	do(process.CodeAnswers{Codings: []followup.Coding{{Answer: answer.ID, Question: "q2", Themes: []string{"resurser"}, CodedBy: persons[2].ID}}})
	ind := followup.Indicator{ID: model.NewID[followup.Indicator](), Name: "Utskrivningsklara dagar", Unit: "dagar"}
	do(process.DefineIndicator{Indicator: ind})
	do(process.RecordObservations{Observations: []followup.Observation{{Indicator: ind.ID, Geography: followup.Geography{Level: followup.Municipality, Code: "2029"}, Period: followup.Month(2014, time.January), Value: 89}}})
	s := proc.state()
	return s
}

// everything writes every export into a directory and returns their
// contents by file name.
func everything(t *testing.T, s *process.State, o export.Options) map[string]string {
	dir := t.TempDir()
	require.NoError(t, export.WriteAll(dir, s, o, stamp))
	out := map[string]string{}
	for _, name := range export.Files {
		b, err := os.ReadFile(filepath.Join(dir, name))
		require.NoError(t, err)
		out[name] = string(b)
	}
	return out
}

func TestExports_NoNameUnderTheDefaultPolicy(t *testing.T) {
	s := fixture(t)
	for _, lang := range []model.Lang{model.Swedish, model.English} {
		for name, content := range everything(t, s, export.Options{Lang: lang}) {
			for _, n := range names {
				for _, part := range strings.Fields(n) {
					assert.NotContains(t, content, part, "%s (%s) holds a part of a person's name", name, lang)
				}
			}
		}
	}
	key := []byte("nyckel")
	shown := everything(t, s, export.Options{Names: export.ShowNames})
	assert.Contains(t, shown["popolo.json"], "Kenneth Dahlström")
	assert.Contains(t, shown["report.md"], "Kenneth Dahlström", "the chair")
	assert.NotContains(t, shown["popolo.json"], "Skyddad", "a protected identity is never shown")
	pseud := everything(t, s, export.Options{Names: export.PseudonymiseNames, Key: key})
	assert.NotContains(t, pseud["popolo.json"], "Kenneth")
	assert.Contains(t, pseud["popolo.json"], "person-")
	assert.ErrorIs(t, export.WriteAll(t.TempDir(), s, export.Options{Names: export.PseudonymiseNames}, stamp), export.ErrNoKey)
}

// popoloSchemas compiles the Popolo JSON Schemas (draft-03) for a draft-04
// validator, as their README says: $schema rewritten and every
// property-level "required": true hoisted into its object's required list.
func popoloSchemas(t *testing.T) *jsonschema.Compiler {
	c := jsonschema.NewCompiler()
	files, err := filepath.Glob("testdata/popolo/*.json")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		var doc map[string]any
		require.NoError(t, json.Unmarshal(b, &doc))
		doc["$schema"] = "http://json-schema.org/draft-04/schema#"
		hoistRequired(doc)
		require.NoError(t, c.AddResource(doc["id"].(string), doc))
	}
	return c
}

func hoistRequired(v any) {
	switch x := v.(type) {
	case map[string]any:
		if props, ok := x["properties"].(map[string]any); ok {
			var required []any
			for name, p := range props {
				if pm, ok := p.(map[string]any); ok {
					if r, ok := pm["required"].(bool); ok {
						delete(pm, "required")
						if r {
							required = append(required, name)
						}
					}
				}
			}
			if len(required) > 0 {
				x["required"] = required
			}
		}
		for _, child := range x {
			hoistRequired(child)
		}
	case []any:
		for _, child := range x {
			hoistRequired(child)
		}
	}
}

func TestPopolo_ValidatesAgainstTheSchemas(t *testing.T) {
	s := fixture(t)
	data, err := export.PopoloJSON(s, export.Options{Names: export.ShowNames})
	require.NoError(t, err)
	var doc map[string][]any
	require.NoError(t, json.Unmarshal(data, &doc))
	c := popoloSchemas(t)
	schemas := map[string]string{"persons": "person", "organizations": "organization", "memberships": "membership",
		"events": "event", "motions": "motion", "vote_events": "vote_event"}
	for list, name := range schemas {
		sch, err := c.Compile("http://www.popoloproject.com/schemas/" + name + ".json#")
		require.NoError(t, err, name)
		require.NotEmpty(t, doc[list], "the fixture has %s", list)
		for i, item := range doc[list] {
			assert.NoError(t, sch.Validate(item), "%s[%d]", list, i)
		}
	}
	// The municipality carries its official code as an identifier.
	assert.Contains(t, string(data), `"identifier": "2029"`)

	// Breaking a required field fails validation.
	org := doc["organizations"][0].(map[string]any)
	ids := org["identifiers"].([]any)
	delete(ids[0].(map[string]any), "identifier")
	sch, err := c.Compile("http://www.popoloproject.com/schemas/organization.json#")
	require.NoError(t, err)
	assert.Error(t, sch.Validate(org), "an identifier without its identifier")
	ve := doc["vote_events"][0].(map[string]any)
	ve["counts"] = []any{map[string]any{"option": "yes"}}
	sch, err = c.Compile("http://www.popoloproject.com/schemas/vote_event.json#")
	require.NoError(t, err)
	assert.Error(t, sch.Validate(ve), "a count without its value")
}

func TestCSV_RoundTripsWithSwedishCharacters(t *testing.T) {
	s := fixture(t)
	for _, semicolon := range []bool{false, true} {
		var b bytes.Buffer
		sep := ','
		if semicolon {
			sep = ';'
		}
		require.NoError(t, export.ProposalsCSV(&b, s, export.Options{Separator: sep}))
		raw := b.String()
		require.True(t, strings.HasPrefix(raw, "\ufeff"), "a byte-order mark for Excel")
		assert.Contains(t, raw, "\r\n")
		r := csv.NewReader(strings.NewReader(strings.TrimPrefix(raw, "\ufeff")))
		if semicolon {
			r.Comma = ';'
		}
		rows, err := r.ReadAll()
		require.NoError(t, err)
		require.Len(t, rows, 2)
		assert.Equal(t, "Förslagsställare", rows[0][4])
		assert.Equal(t, "'=Läxhjälp; för \"alla\"", rows[1][2], "quotes and separators survive; a formula is defused")
		assert.Equal(t, "Barn och unga", rows[1][5])
	}
	for name, write := range map[string]func(*bytes.Buffer) error{
		"measures":  func(b *bytes.Buffer) error { return export.MeasuresCSV(b, s, export.Options{Lang: model.English}) },
		"responses": func(b *bytes.Buffer) error { return export.ResponsesCSV(b, s, export.Options{Lang: model.English}) },
		"matrix":    func(b *bytes.Buffer) error { return export.MatrixCSV(b, s, export.Options{}) },
	} {
		var b bytes.Buffer
		require.NoError(t, write(&b), name)
		r := csv.NewReader(strings.NewReader(strings.TrimPrefix(b.String(), "\ufeff")))
		if name == "matrix" {
			r.Comma = ';'
		}
		rows, err := r.ReadAll()
		require.NoError(t, err, name)
		assert.Len(t, rows, 2, name)
	}
}

func TestCalendar_ParsesInAnEstablishedReader(t *testing.T) {
	s := fixture(t)
	var b bytes.Buffer
	require.NoError(t, export.Calendar(&b, s, export.Options{}, stamp))
	cal, err := ics.ParseCalendar(strings.NewReader(b.String()))
	require.NoError(t, err)
	events := cal.Events()
	require.Len(t, events, 3, "the meeting, the round's deadline and Leksand's extended one")
	summaries := map[string]*ics.VEvent{}
	for _, e := range events {
		summaries[e.GetProperty(ics.ComponentPropertySummary).Value] = e
	}
	meeting := summaries[`Sammanträde\; plenisalen`]
	if meeting == nil {
		meeting = summaries["Sammanträde; plenisalen"]
	}
	require.NotNil(t, meeting, "summaries: %v", summaries)
	start, err := meeting.GetAllDayStartAt()
	require.NoError(t, err)
	assert.Equal(t, "2014-09-16", start.Format("2006-01-02"))
	assert.Contains(t, meeting.GetProperty(ics.ComponentPropertyLocation).Value, "Leksand")
	var deadlines []string
	for s, e := range summaries {
		if strings.Contains(s, "svarstid") || strings.Contains(s, "Sista svarsdag") {
			d, err := e.GetAllDayStartAt()
			require.NoError(t, err)
			deadlines = append(deadlines, d.Format("2006-01-02"))
		}
	}
	assert.ElementsMatch(t, []string{"2015-02-13", "2015-02-27"}, deadlines)
	for _, l := range strings.Split(b.String(), "\r\n") {
		assert.LessOrEqual(t, len(l), 75, "lines are folded at 75 octets")
	}
}

func TestReportAndDiagrams(t *testing.T) {
	s := fixture(t)
	var b bytes.Buffer
	require.NoError(t, export.Report(&b, s, export.Options{Lang: model.English}))
	md := b.String()
	for _, want := range []string{"## Phases", "| Preparatory | 2014-11-01 – 2015-05-31 |", "## Decisions", "| 2014-09-16 | Samverkansberedningen | 7 |",
		"4 of 4 present, 3 agree, 1 abstain", "1. **Läxhjälp på bibliotek** (1 proposal, 1 version)", "### Compilation of informal consultation: Samråd, vintern 2015",
		"## Follow-up", "| 1. Läxhjälp på bibliotek | 1 | 0 % | 3.0 |", "### Results: Uppföljning 2016", "| resurser | 1 |",
		"### Utskrivningsklara dagar (dagar)", "| 2014-01-01 – 2014-01-31 | Leksand (2029) | 89 |"} {
		assert.Contains(t, md, want)
	}
	gantt := export.Gantt(s, export.Options{AsOf: model.DateOf(stamp)})
	assert.Contains(t, gantt, "gantt\n")
	assert.Contains(t, gantt, "Förberedande fas :p0, 2014-11-01, 2015-06-01")
	assert.Contains(t, gantt, "Förberedande fas :a0, 2014-09-16, 2014-12-01", "running: ends now")
	assert.Contains(t, export.PhaseGraph(s, model.English), "stateDiagram-v2")
	graph, ok := export.LineageGraph(s, s.Measures()[0].ID, model.Swedish)
	require.True(t, ok)
	assert.Contains(t, graph, "flowchart")
}

func TestOptions_Refused(t *testing.T) {
	s := fixture(t)
	var b bytes.Buffer
	assert.ErrorIs(t, export.ProposalsCSV(&b, s, export.Options{Names: export.PseudonymiseNames}), export.ErrNoKey)
	assert.Error(t, export.Calendar(&b, s, export.Options{Names: 9}, stamp), "an unknown policy for names")
	_, ok := export.LineageGraph(s, model.NewID[model.Measure](), model.Swedish)
	assert.False(t, ok)
	assert.Zero(t, b.Len(), "nothing written")
}
