package export_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/samling-go/samling/consultation"
	"github.com/samling-go/samling/export"
	"github.com/samling-go/samling/followup"
	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
	"github.com/samling-go/samling/process"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
)

// hostile is a user text that tries every way Markdown has to become
// markup: raw HTML and entities, headings (also after a line break),
// emphasis, code, links and images, a table pipe, lists, quotes, breaks.
const hostile = "<img src=x onerror=alert(1)> # Heading **bold** __strong__ *em* _em_ `tick` " +
	"[x](javascript:alert(1)) ![i](http://x/y.png) <http://evil.example> <script>alert(1)</script> " +
	"&amp; &#60; | pipe ~~del~~ \\*\n# b\n---\n- item\n1. list\n> quote\n===\n\n    code"

// mdFixture is a process in which every user text the Markdown exports
// write is text(i), a different field for each i.
type mdFixture struct {
	state   *process.State
	meeting model.MeetingID
	round   consultation.RoundID
	*recording
}

func newMDFixture(t *testing.T, text func(i int) string) mdFixture {
	// One-line fields (names, titles, places, references) hold no line
	// break: the text policy refuses them. They get the text on one line.
	line := func(i int) string { return strings.ReplaceAll(text(i), "\n", " ") }
	clock := process.ClockFunc(func() time.Time { return time.Date(2014, 9, 16, 9, 0, 0, 0, time.UTC) })
	f := mdFixture{recording: record(t, clock)}
	do := f.do
	do(process.Start{Process: model.Process{ID: f.id, Name: line(1)}, Template: anyPhase(phase.Dalarna())})
	org := model.Organisation{ID: model.NewID[model.Organisation](), Name: line(2), Kind: model.KindCivilSociety}
	do(process.RegisterOrganisation{Organisation: org})
	quiet := model.Organisation{ID: model.NewID[model.Organisation](), Name: line(3), Kind: model.KindUniversity}
	do(process.RegisterOrganisation{Organisation: quiet})
	person := model.Person{ID: model.NewID[model.Person](), Name: line(4), Party: line(5), Organisation: org.ID}
	do(process.RegisterPerson{Person: person})
	group := model.Group{ID: model.NewID[model.Group](), Kind: model.GroupCommittee, Name: line(6), Organisation: org.ID,
		Rule: model.DecisionRule{Kind: model.RuleConsent, Quorum: model.MoreThanHalf}, Seats: 1}
	do(process.FormGroup{Group: group})
	do(process.AddMember{Membership: model.Membership{ID: model.NewID[model.Membership](), Group: group.ID, Member: model.Member{Person: person.ID}, Role: model.RoleChair, Period: model.Period{Start: model.MakeDate(2014, 1, 1)}}})
	area := model.Area{ID: model.NewID[model.Area](), Number: 1, Name: line(7)}
	do(process.DefineArea{Area: area})
	prop := model.Proposal{ID: model.NewID[model.Proposal](), Kind: model.ProposalMeasure, Title: line(8), Text: text(9), Areas: []model.AreaID{area.ID},
		Submitter: model.Submitter{Organisation: org.ID}}
	do(process.SubmitProposals{Proposals: []model.Proposal{prop}})
	measure := model.Measure{ID: model.NewID[model.Measure](), Number: 1, Title: line(10), Text: text(11), Area: area.ID, Sources: []model.ProposalID{prop.ID}}
	do(process.CreateMeasure{Measure: measure})
	doc := model.NewID[model.Document]()
	do(process.PinDocument{Document: doc, Title: line(12)})
	f.meeting = model.NewID[model.Meeting]()
	do(process.PlanMeeting{Meeting: model.Meeting{ID: f.meeting, Kind: model.MeetingCommittee, Title: line(13), Date: model.MakeDate(2014, 9, 16), Place: line(14), Group: group.ID,
		Agenda: []model.AgendaItem{{Number: 1, Title: line(15)}, {Number: 2, Title: line(16)}}}})
	do(process.RecordMeeting{Meeting: f.meeting,
		Attendees:   []model.Attendee{{Person: person.ID, Capacity: line(17)}},
		Minutes:     []model.ItemMinutes{{Item: 1, Text: text(18)}, {Item: 2, Text: text(19)}},
		Assignments: []model.Assignment{{ID: model.NewID[model.Assignment](), Item: 2, Assignee: person.ID, Task: text(20), Due: model.MakeDate(2014, 11, 24)}},
		Attachments: []model.Attachment{
			{Title: line(21), Text: text(22), Link: "https://example.org/bilaga?a=1&b=2"},
			{Title: line(23), Table: &model.Table{Columns: []model.Column{{Name: line(24), Type: model.ColumnText}}, Rows: [][]string{{line(25)}}}},
		},
		Next: model.NextMeeting{Date: model.MakeDate(2014, 11, 24), Place: line(26)}})
	do(process.Decide{Decision: model.Decision{ID: model.NewID[model.Decision](), Body: group.ID, Meeting: f.meeting,
		Subject: model.Subject{Kind: model.SubjectDocument, Document: doc, Title: line(27)}, Votes: []model.Vote{{Member: model.Member{Person: person.ID}, Position: model.Agree}},
		Reference: line(28), Note: text(29), Paragraph: 7}})
	f.round = model.NewID[consultation.Round]()
	do(process.DraftRound{Round: consultation.Round{ID: f.round, Kind: consultation.Remiss, Title: line(30), Document: doc, Deadline: model.MakeDate(2015, 2, 13),
		Consultees: []consultation.Consultee{{Organisation: org.ID, Required: true}, {Organisation: quiet.ID}}}})
	do(process.OpenRound{Round: f.round})
	do(process.SubmitResponse{Response: consultation.Response{ID: model.NewID[consultation.Response](), Round: f.round, Organisation: org.ID,
		Stance: consultation.SupportsWithChanges, Items: []consultation.ItemResponse{{Measure: measure.ID, Stance: consultation.SupportsWithChanges, Comment: text(31)}}}})
	do(process.RecordImplementation{Entries: []followup.Entry{{Measure: measure.ID, Organisation: org.ID, Status: followup.InProgress, Degree: 3, Unit: line(32)}}})
	survey := followup.Survey{ID: model.NewID[followup.Survey](), Title: line(33), Recipients: []model.OrganisationID{org.ID},
		Questions: []followup.Question{
			{Key: "q1", Kind: followup.Scaled, Text: text(34), Options: []string{line(35), line(36), line(37)}},
			{Key: "q2", Kind: followup.Text, Text: text(38)},
			{Key: "q3", Kind: followup.Single, Text: line(39), Options: []string{line(40), line(41)}},
		}}
	do(process.CreateSurvey{Survey: survey})
	answer := followup.Answer{ID: model.NewID[followup.Answer](), Survey: survey.ID, Organisation: org.ID,
		Values: []followup.Value{{Question: "q1", Step: 3}, {Question: "q2", Text: text(42)}, {Question: "q3", Choices: []int{1}}}}
	do(process.SubmitSurveyAnswer{Answer: answer})
	do(process.CodeAnswers{Codings: []followup.Coding{{Answer: answer.ID, Question: "q2", Themes: []string{line(43)}, CodedBy: person.ID}}})
	ind := followup.Indicator{ID: model.NewID[followup.Indicator](), Name: line(44), Unit: line(45)}
	do(process.DefineIndicator{Indicator: ind})
	do(process.RecordObservations{Observations: []followup.Observation{{Indicator: ind.ID, Geography: followup.Geography{Level: followup.Municipality, Code: "2029"}, Period: followup.Month(2014, time.January), Value: 89.5}}})
	f.state = f.recording.state()
	return f
}

// markdownOutputs writes every Markdown document export makes of the
// fixture, by name.
func markdownOutputs(t *testing.T, f mdFixture) map[string]string {
	out := map[string]string{}
	for _, lang := range []model.Lang{model.Swedish, model.English} {
		for _, names := range []export.NamePolicy{export.OmitNames, export.ShowNames} {
			o := export.Options{Lang: lang, Names: names}
			key := fmt.Sprintf("%s/names=%d", lang, names)
			var b bytes.Buffer
			require.NoError(t, export.Report(&b, f.state, o))
			out["report "+key] = b.String()
			b.Reset()
			require.NoError(t, export.Minutes(&b, f.state, f.meeting, o))
			out["minutes "+key] = b.String()
			b.Reset()
			require.NoError(t, export.Compilation(&b, f.state, f.round, o))
			out["compilation "+key] = b.String()
		}
	}
	return out
}

// commonMark is a CommonMark renderer with GitHub's tables and
// strikethrough, passing raw HTML through as the unsafe renderers do.
var commonMark = goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough), goldmark.WithRendererOptions(html.WithUnsafe()))

// census counts the elements of a rendered Markdown document by kind (a
// heading with its level), leaving out text.
func census(md string) map[string]int {
	doc := commonMark.Parser().Parse(text.NewReader([]byte(md)))
	counts := map[string]int{}
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch x := n.(type) {
		case *ast.Text, *ast.String, *ast.Document:
		case *ast.Heading:
			counts[fmt.Sprintf("Heading%d", x.Level)]++
		case *ast.Emphasis:
			counts[fmt.Sprintf("Emphasis%d", x.Level)]++
		default:
			counts[n.Kind().String()]++
		}
		return ast.WalkContinue, nil
	})
	return counts
}

func render(t *testing.T, md string) string {
	var b bytes.Buffer
	require.NoError(t, commonMark.Convert([]byte(md), &b))
	return b.String()
}

// TestMarkdown_UserTextStaysText renders every Markdown output twice
// with a CommonMark renderer: once with plain words as every user text,
// once with a hostile text. The elements are the same in both, so none
// came from user text; and the hostile text shows as the text it is.
func TestMarkdown_UserTextStaysText(t *testing.T) {
	plain := markdownOutputs(t, newMDFixture(t, func(i int) string { return fmt.Sprintf("Text %d", i) }))
	evil := markdownOutputs(t, newMDFixture(t, func(i int) string { return hostile }))
	require.Len(t, evil, len(plain))
	names := make([]string, 0, len(evil))
	for name := range evil {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		md := evil[name]
		want, got := census(plain[name]), census(md)
		assert.Equal(t, want, got, "%s: the elements do not depend on user text", name)
		require.Greater(t, got["Heading1"], 0, name)
		out := render(t, md)
		for _, bad := range []string{"<img", "<script", "javascript:alert(1)\"", `href="javascript`, "<h1>Heading", "<h1>b", "<strong>bold", "<em>em", "<code>tick", "<del>", "<blockquote>", "<pre>", `href="http://evil`, `src="http://x`} {
			assert.NotContains(t, out, bad, "%s", name)
		}
		assert.Contains(t, out, "&lt;img src=x onerror=alert(1)&gt;", "%s: the tag shows as text", name)
		assert.Contains(t, out, "**bold**", "%s: the asterisks show", name)
		assert.Contains(t, out, "[x](javascript:alert(1))", "%s: the link shows as text", name)
	}
	assert.Contains(t, render(t, evil["minutes sv/names=2"]), `<a href="https://example.org/bilaga?a=1&amp;b=2">`, "an https link stays a link")
	assert.Contains(t, render(t, evil["report sv/names=0"]), `<td style="text-align:right">3,0</td>`, "the table survives a pipe in every cell")
}

func TestRecordMeeting_RefusesALinkOtherThanHTTPOrMailto(t *testing.T) {
	f := newMDFixture(t, func(i int) string { return fmt.Sprintf("Text %d", i) })
	ctx := context.Background()
	for _, link := range []string{"javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,<b>x</b>", "vbscript:x", "/relative/path", "http://", "https://exa mple.org", "mailto:", "ftp://example.org/x"} {
		m := model.NewID[model.Meeting]()
		_, err := f.engine.Execute(ctx, f.id, f.actor, process.PlanMeeting{Meeting: model.Meeting{ID: m, Kind: model.MeetingWorkshop, Title: "Möte", Date: model.MakeDate(2014, 9, 1)}})
		require.NoError(t, err)
		_, err = f.engine.Execute(ctx, f.id, f.actor, process.RecordMeeting{Meeting: m, Attachments: []model.Attachment{{Title: "Bilaga", Link: link}}})
		require.Error(t, err, link)
		assert.ErrorIs(t, err, model.ErrInvalid, link)
		assert.ErrorIs(t, err, model.ErrLinkScheme, link)
		var fe *model.FieldError
		require.True(t, errors.As(err, &fe), link)
		assert.Equal(t, "Attachments[0].Link", fe.Field, link)
	}
	for _, link := range []string{"https://example.org/a", "http://webbutik.skl.se/bilder/artiklar/pdf/5302.pdf", "mailto:registrator@example.se"} {
		assert.NoError(t, model.CheckLink("Link", link), link)
		assert.True(t, export.LinkAllowed(link), link)
	}
	assert.False(t, export.LinkAllowed("javascript:alert(1)"))
}

func TestMinutes_NamesUnderThePolicy(t *testing.T) {
	proc := record(t, process.ClockFunc(func() time.Time { return time.Date(2014, 9, 16, 9, 0, 0, 0, time.UTC) }))
	id, do := proc.id, proc.do
	do(process.Start{Process: model.Process{ID: id, Name: "Samling"}, Template: anyPhase(phase.Dalarna())})
	shown := model.Person{ID: model.NewID[model.Person](), Name: "Kenneth Dahlström", Party: "C"}
	protected := model.Person{ID: model.NewID[model.Person](), Name: "Skyddad Person", Party: "S", Protected: true}
	disposed := model.Person{ID: model.NewID[model.Person](), Name: "Gallrad Gunnel"}
	for _, p := range []model.Person{shown, protected, disposed} {
		do(process.RegisterPerson{Person: p})
	}
	meeting := model.NewID[model.Meeting]()
	do(process.PlanMeeting{Meeting: model.Meeting{ID: meeting, Kind: model.MeetingCommittee, Title: "Beredningen", Date: model.MakeDate(2014, 9, 16),
		Agenda: []model.AgendaItem{{Number: 1, Title: "Frågor"}}}})
	do(process.RecordMeeting{Meeting: meeting, Attendees: []model.Attendee{{Person: shown.ID, Role: model.RoleChair}, {Person: protected.ID, Capacity: "Sekreterare"}, {Person: disposed.ID}},
		Assignments: []model.Assignment{{ID: model.NewID[model.Assignment](), Item: 1, Assignee: protected.ID, Task: "Förklara skillnaderna"}}})
	do(process.DisposePersonalData{Person: disposed.ID, Reference: "Dnr 2020/1"})
	s := proc.state()
	write := func(o export.Options) string {
		var b bytes.Buffer
		require.NoError(t, export.Minutes(&b, s, meeting, o))
		return b.String()
	}

	md := write(export.Options{Names: export.ShowNames})
	assert.Contains(t, md, "- Kenneth Dahlström (C), ordförande\n", "a name is shown with its party")
	assert.NotContains(t, md, "Skyddad", "a protected identity is never named")
	assert.NotContains(t, md, "(S)", "nor its party")
	assert.Contains(t, md, "- "+protected.ID.String()+", Sekreterare\n", "the protected person by ID")
	assert.Contains(t, md, "*Uppdrag:* "+protected.ID.String()+": Förklara skillnaderna")
	assert.NotContains(t, md, "Gunnel")
	assert.NotContains(t, md, process.DisposedName, "a disposed person appears by ID, not as a name")
	for _, o := range []export.Options{{}, {Lang: model.English}, {Names: export.PseudonymiseNames, Key: []byte("k")}} {
		md := write(o)
		for _, part := range []string{"Kenneth", "Dahlström", "Skyddad", "Gunnel", "(C)"} {
			assert.NotContains(t, md, part, "policy %d", o.Names)
		}
	}
	assert.Contains(t, write(export.Options{Names: export.PseudonymiseNames, Key: []byte("k")}), model.Pseudonym([]byte("k"), shown.ID))

	var b bytes.Buffer
	assert.ErrorIs(t, export.Minutes(&b, s, model.NewID[model.Meeting](), export.Options{}), export.ErrNoMinutes)
	assert.ErrorIs(t, export.Minutes(&b, s, meeting, export.Options{Names: export.PseudonymiseNames}), export.ErrNoKey)
	assert.Zero(t, b.Len(), "nothing written")
}

// TestHTMLReport_UserTextStaysText writes the HTML report of the hostile
// fixture: html/template escapes every user text, in the page and in the
// charts' labels and tooltips.
func TestHTMLReport_UserTextStaysText(t *testing.T) {
	f := newMDFixture(t, func(i int) string { return hostile })
	for _, o := range []export.Options{{}, {Lang: model.English, Names: export.ShowNames}} {
		var b bytes.Buffer
		require.NoError(t, export.HTMLReport(&b, f.state, o))
		page := b.String()
		for _, bad := range []string{"<img", "<script", "javascript:alert(1)\"", "<http://evil"} {
			assert.NotContains(t, page, bad)
		}
		assert.Contains(t, page, "&lt;img src=x onerror=alert(1)&gt;")
		assert.Contains(t, page, "<title>&lt;img src=x", "the page's title too")
		for _, chart := range []string{`data-chart="phases"`, `data-chart="dispositions"`, `data-chart="stances"`, `data-chart="matrix"`, `data-chart="survey"`} {
			assert.Contains(t, page, chart)
		}
	}
}

func TestCompilation_UnknownRound(t *testing.T) {
	s := fixture(t)
	var b bytes.Buffer
	assert.ErrorIs(t, export.Compilation(&b, s, model.NewID[consultation.Round](), export.Options{}), export.ErrNoRound)
	assert.Zero(t, b.Len())
	require.NoError(t, export.Compilation(&b, s, s.Rounds()[0].ID, export.Options{Lang: model.English}))
	assert.True(t, strings.HasPrefix(b.String(), "# Compilation of informal consultation: Samråd, vintern 2015\n"))
}
