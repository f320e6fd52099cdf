package intake_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/samling-go/samling/intake"
	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
	"github.com/samling-go/samling/process"
	"github.com/samling-go/samling/process/memstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// setup starts a process with Västra Götaland's 49 municipalities, the
// region and two areas.
func setup(t testing.TB) (*process.Engine, model.ProcessID, model.Actor) {
	t.Helper()
	ctx := context.Background()
	e, err := process.New(memstore.New(), nil)
	require.NoError(t, err)
	id, actor := model.NewID[model.Process](), model.Actor{Person: model.NewID[model.Person](), Capacity: model.RoleSecretary}
	do := func(c process.Command) {
		_, err := e.Execute(ctx, id, actor, c)
		require.NoError(t, err)
	}
	do(process.Start{Process: model.Process{ID: id, Name: "P"}, Template: phase.VastraGotaland().PlanFrom(model.MakeDate(2011, 3, 1))})
	for _, m := range model.MunicipalitiesIn("14") {
		o, _ := model.MunicipalityOrganisation(m.Code)
		do(process.RegisterOrganisation{Organisation: o})
	}
	do(process.RegisterOrganisation{Organisation: model.Organisation{ID: model.NewID[model.Organisation](), Name: "Västra Götalandsregionen", Kind: model.KindRegion, Code: "14"}})
	do(process.DefineArea{Area: model.Area{ID: model.NewID[model.Area](), Number: 1, Name: "Barn och unga"}})
	do(process.DefineArea{Area: model.Area{ID: model.NewID[model.Area](), Number: 2, Name: "Arbete och försörjning"}})
	do(process.Advance{Trigger: "mobilise"}) // proposals come in from the anchoring phase on
	return e, id, actor
}

func state(t testing.TB, e *process.Engine, id model.ProcessID) *process.State {
	t.Helper()
	s, err := e.Load(context.Background(), id)
	require.NoError(t, err)
	return s
}

// excelCSV is n rows as Swedish Excel saves them: a byte-order mark,
// semicolons, CRLF line ends.
func excelCSV(n int) string {
	var b strings.Builder
	b.WriteString("\ufeffTitel;Text;Typ;Inlämnat av;Insatsområden\r\n")
	for i := range n {
		kind, areas := "åtgärd", "1"
		if i%3 == 0 {
			kind, areas = "situation", "1|2"
		}
		submitter := []string{"Borås", "1480", "Västra Götalandsregionen", "trollhättan"}[i%4]
		fmt.Fprintf(&b, "Förslag %d;\"Text med \"\"citat\"\"; och semikolon\";%s;%s;%s\r\n", i+1, kind, submitter, areas)
	}
	return b.String()
}

var swedish = &intake.Options{Columns: intake.Columns{Title: "Titel", Text: "Text", Kind: "Typ", Submitter: "Inlämnat av", Areas: "Insatsområden"}}

func TestCSV_500ProposalsAsOneAppend(t *testing.T) {
	ctx := context.Background()
	e, id, actor := setup(t)
	ps, err := intake.CSV(strings.NewReader(excelCSV(500)), state(t, e, id), swedish)
	require.NoError(t, err)
	require.Len(t, ps, 500)
	assert.Equal(t, `Text med "citat"; och semikolon`, ps[0].Text)
	assert.Equal(t, model.ProposalSituation, ps[0].Kind)
	assert.Len(t, ps[0].Areas, 2)
	s := state(t, e, id)
	göteborg, _ := s.OrganisationByCode(model.KindMunicipality, "1480")
	assert.Equal(t, göteborg.ID, ps[1].Submitter.Organisation, "an official code names the organisation")

	res, err := e.Execute(ctx, id, actor, process.SubmitProposals{Proposals: ps})
	require.NoError(t, err)
	assert.Len(t, res.Events, 1, "the whole file is one event")
	assert.Len(t, state(t, e, id).Proposals(), 500)
}

func TestCSV_OneBadRowAmong500_ReportedWithItsLine_NothingReturned(t *testing.T) {
	e, id, _ := setup(t)
	lines := strings.Split(excelCSV(500), "\r\n")
	lines[318] = "Förslag 318;Text;åtgärd;Atlantis;1" // line 319 of the file
	ps, err := intake.CSV(strings.NewReader(strings.Join(lines, "\r\n")), state(t, e, id), swedish)
	require.Error(t, err)
	assert.Nil(t, ps, "nothing is imported when any row is bad")
	var re *intake.RowError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, 319, re.Line)
	assert.Equal(t, "Inlämnat av", re.Column)
	assert.ErrorIs(t, err, process.ErrUnknownReference)
	assert.Contains(t, err.Error(), `intake: line 319, Inlämnat av: process: unknown reference: no organisation named or coded "Atlantis"`)
	assert.Len(t, state(t, e, id).Proposals(), 0)
}

func TestCSV_EveryBadRowReported(t *testing.T) {
	e, id, _ := setup(t)
	doc := "title,kind,submitter,areas,id\n" +
		"Bra förslag,measure,Borås,1,\n" +
		",measure,Borås,,\n" + // line 3: no title
		"Okänd typ,idea,Borås,,\n" + // line 4
		"Okänt område,situation,Borås,\"1,9\",\n" + // line 5
		"Trasigt id,measure,Borås,,not-a-uuid\n" // line 6
	_, err := intake.CSV(strings.NewReader(doc), state(t, e, id), nil)
	require.Error(t, err)
	var lines []int
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var re *intake.RowError
		require.ErrorAs(t, e, &re)
		lines = append(lines, re.Line)
	}
	assert.Equal(t, []int{3, 4, 5, 6}, lines)
	assert.ErrorIs(t, err, model.ErrRequired)
	assert.ErrorIs(t, err, model.ErrUnknownValue)
}

func TestCSV_Malformed(t *testing.T) {
	e, id, _ := setup(t)
	s := state(t, e, id)
	for name, doc := range map[string]string{
		"empty":            "",
		"no kind column":   "title,submitter\nA,Borås\n",
		"broken quoting":   "title,kind,submitter\n\"A,measure,Borås\n",
		"wrong separators": "title|kind|submitter\nA|measure|Borås\n",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := intake.CSV(strings.NewReader(doc), s, nil)
			assert.ErrorIs(t, err, intake.ErrMalformed)
		})
	}
	_, err := intake.CSV(strings.NewReader(strings.Repeat("x", intake.MaxBytes+1)), s, nil)
	assert.ErrorIs(t, err, intake.ErrTooLarge)
}

func TestCSV_DuplicateAndStoredIDs(t *testing.T) {
	ctx := context.Background()
	e, id, actor := setup(t)
	pid := model.NewID[model.Proposal]()
	doc := fmt.Sprintf("title,kind,submitter,id\nA,measure,Borås,%s\nB,measure,Borås,%s\n", pid, pid)
	_, err := intake.CSV(strings.NewReader(doc), state(t, e, id), nil)
	assert.ErrorIs(t, err, model.ErrDuplicate)

	ps, err := intake.CSV(strings.NewReader(fmt.Sprintf("title,kind,submitter,id\nA,measure,Borås,%s\n", pid)), state(t, e, id), nil)
	require.NoError(t, err)
	_, err = e.Execute(ctx, id, actor, process.SubmitProposals{Proposals: ps})
	require.NoError(t, err)
	_, err = intake.CSV(strings.NewReader(fmt.Sprintf("title,kind,submitter,id\nA,measure,Borås,%s\n", pid)), state(t, e, id), nil)
	assert.ErrorIs(t, err, process.ErrAlreadyExists, "a second import of the same file is refused")
}

func TestJSON(t *testing.T) {
	e, id, _ := setup(t)
	s := state(t, e, id)
	ps, err := intake.JSON(strings.NewReader(`[
		{"title": "Läxhjälp", "kind": "measure", "submitter": "Borås", "areas": [1, "Arbete och försörjning"]},
		{"title": "Barn i utsatta familjer", "text": "T", "kind": "situation", "submitter": "1490"}
	]`), s, nil)
	require.NoError(t, err)
	require.Len(t, ps, 2)
	assert.Len(t, ps[0].Areas, 2)

	_, err = intake.JSON(strings.NewReader(`[{"title": "A", "kind": "measure", "submitter": "Borås"}, {"title": "", "kind": "measure", "submitter": "Borås"}]`), s, nil)
	var re *intake.RowError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, 2, re.Item)
	assert.Equal(t, "title", re.Column)
	_, err = intake.JSON(strings.NewReader(`[{"title": "A", "colour": "red"}]`), s, nil)
	assert.ErrorIs(t, err, intake.ErrMalformed)
}

func TestOptions_UnknownMeeting(t *testing.T) {
	e, id, _ := setup(t)
	_, err := intake.CSV(strings.NewReader("title,kind,submitter\nA,measure,Borås\n"), state(t, e, id), &intake.Options{Meeting: model.NewID[model.Meeting]()})
	assert.True(t, errors.Is(err, process.ErrUnknownReference))
}

// BenchmarkImport reads 500 proposals from a Swedish Excel CSV and submits
// them as one command, in memory.
func BenchmarkImport(b *testing.B) {
	ctx := context.Background()
	doc := excelCSV(500)
	b.ReportAllocs()
	for range b.N {
		b.StopTimer()
		e, id, actor := setup(b)
		s := state(b, e, id)
		b.StartTimer()
		ps, err := intake.CSV(strings.NewReader(doc), s, swedish)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := e.Execute(ctx, id, actor, process.SubmitProposals{Proposals: ps}); err != nil {
			b.Fatal(err)
		}
	}
}
