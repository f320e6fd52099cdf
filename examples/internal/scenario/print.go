package scenario

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/samling-go/samling/consultation"
	"github.com/samling-go/samling/export"
	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/process"
)

// Words are an output's words in Swedish and English, by key; a word may be
// a format for fmt.Sprintf.
type Words map[string]model.Label

// Say returns the word for key in lang, formatted with args.
func (w Words) Say(lang model.Lang, key string, args ...any) string {
	return fmt.Sprintf(w[key].In(lang), args...)
}

// words holds the shared output's words.
var words = Words{
	"phases":      {SV: "Faser, planerat och faktiskt", EN: "Phases, planned and actual"},
	"phase":       {SV: "Fas", EN: "Phase"},
	"planned":     {SV: "Planerad", EN: "Planned"},
	"actual":      {SV: "Faktisk", EN: "Actual"},
	"now":         {SV: "pågår", EN: "ongoing"},
	"notyet":      {SV: "ej påbörjad", EN: "not started"},
	"unplanned":   {SV: "ej planerad", EN: "not planned"},
	"sent":        {SV: "  Utskickad %s till %d %s, varav %d obligatoriska. Sista svarsdag %s.", EN: "  Sent out %s to %d %s, %d of them required. Deadline %s."},
	"extended":    {SV: "  Förlängd svarstid för %d.", EN: "  More time for %d."},
	"remiss":      {SV: "remissinstanser", EN: "consultees"},
	"samrad":      {SV: "samrådsparter", EN: "consultees"},
	"rates":       {SV: "  Svar: %d av %d obligatoriska (%d %%), %d av %d totalt (%d %%); %d sena, %d ersatta av ett senare svar.", EN: "  Answers: %d of %d required (%d %%), %d of %d in all (%d %%); %d late, %d superseded by a later answer."},
	"stances":     {SV: "  Ställningstaganden: %s.", EN: "  Stances: %s."},
	"silent":      {SV: "  Har inte svarat: %s.", EN: "  Did not answer: %s."},
	"everyone":    {SV: "  Alla har svarat.", EN: "  Everyone answered."},
	"compiled":    {SV: "  Sammanställd %s.", EN: "  Compiled %s."},
	"answers":     {SV: "svar från %s", EN: "answers from %s"},
	"decisions":   {SV: "Beslut", EN: "Decisions"},
	"decision":    {SV: "  %s  %s, § %d: %s – %s (%s)", EN: "  %s  %s, § %d: %s – %s (%s)"},
	"unanimous":   {SV: "enhälligt", EN: "unanimously"},
	"acclamation": {SV: "med acklamation", EN: "by acclamation"},
	"carried":     {SV: "bifall", EN: "carried"},
	"present":     {SV: "%d av %d närvarande", EN: "%d of %d present"},
	"votes":       {SV: "%d ja, %d avstår, %d nej, %d blockerar", EN: "%d agree, %d abstain, %d disagree, %d block"},
	"record":      {SV: "Registret: %d händelser, var och en med aktör, tidpunkt och orsak; de återspelade ger samma tillstånd.", EN: "The record: %d events, each with actor, time and cause; replayed, they give the same state."},
	"run":         {SV: "Den här körningen: %d kommandon utförda, %d fanns redan i databasen.", EN: "This run: %d commands executed, %d already in the database."},
}

// Date formats an instant as its day.
func Date(t time.Time) string { return model.DateOf(t).String() }

// WriteTimeline writes the phases with their planned and actual dates.
func WriteTimeline(w io.Writer, s *process.State, lang model.Lang) error {
	fmt.Fprintf(w, "%s\n", words.Say(lang, "phases"))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "  %s\t%s\t%s\n", words.Say(lang, "phase"), words.Say(lang, "planned"), words.Say(lang, "actual"))
	for _, e := range s.Timeline() {
		actual := words.Say(lang, "notyet")
		if e.Reached() {
			end := words.Say(lang, "now")
			if !e.Left.IsZero() {
				end = Date(e.Left)
			}
			actual = Date(e.Entered) + " – " + end
		}
		planned := e.Phase.Planned.Start.String() + " – " + e.Phase.Planned.End.String()
		if e.Phase.Planned == (model.Period{}) {
			planned = words.Say(lang, "unplanned") // a later cycle carries its own plan, none yet
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", e.Phase.Name.In(lang), planned, actual)
	}
	return tw.Flush()
}

// WriteRound summarises a consultation round: when it went out and to how
// many, the response rates, the stances, who did not answer, and when it
// was compiled.
func WriteRound(w io.Writer, s *process.State, id consultation.RoundID, lang model.Lang) {
	round, ok := s.Round(id)
	if !ok {
		return
	}
	c, _ := s.Compilation(id)
	required, extended, superseded := 0, 0, 0
	for _, con := range round.Consultees {
		if con.Required {
			required++
		}
		if !con.Deadline.IsZero() {
			extended++
		}
	}
	for _, resp := range round.Responses {
		if !resp.Supersedes.IsZero() {
			superseded++
		}
	}
	fmt.Fprintf(w, "  %q\n", round.Title)
	if sent, ok := round.At(consultation.Open); ok {
		fmt.Fprintln(w, words.Say(lang, "sent", Date(sent), len(round.Consultees), words.Say(lang, round.Kind.String()), required, round.Deadline))
	}
	if extended > 0 {
		fmt.Fprintln(w, words.Say(lang, "extended", extended))
	}
	fmt.Fprintln(w, words.Say(lang, "rates", c.Required.Answered, c.Required.Of, model.Percent(c.Required.Answered, c.Required.Of), c.All.Answered, c.All.Of, model.Percent(c.All.Answered, c.All.Of), c.Late, superseded))
	var stances []string
	for _, st := range consultation.Stances() {
		stances = append(stances, fmt.Sprintf("%s %d", st.Label().In(lang), c.Stances[st]))
	}
	fmt.Fprintln(w, words.Say(lang, "stances", strings.Join(stances, ", ")))
	var silent []string
	for _, con := range c.NonRespondents {
		org, _ := s.Organisation(con.Organisation)
		silent = append(silent, org.Name)
	}
	if len(silent) == 0 {
		fmt.Fprintln(w, words.Say(lang, "everyone"))
	} else {
		fmt.Fprintln(w, words.Say(lang, "silent", strings.Join(silent, ", ")))
	}
	if compiled, ok := round.At(consultation.Compiled); ok {
		fmt.Fprintln(w, words.Say(lang, "compiled", Date(compiled)))
	}
}

// Because says which answers a revision names: "answers from Borås, Mora".
func Because(s *process.State, rev process.Revision, lang model.Lang) string {
	var from []string
	for _, id := range rev.Responses {
		resp, _ := s.Response(id)
		org, _ := s.Organisation(resp.Organisation)
		from = append(from, org.Name)
	}
	return words.Say(lang, "answers", strings.Join(from, ", "))
}

// WriteRecord writes how many events the record of s holds and what this
// run added to it.
func (o Outcome) WriteRecord(w io.Writer, s *process.State, lang model.Lang) {
	fmt.Fprintln(w, words.Say(lang, "record", s.Version())) // versions count the events from 1
	fmt.Fprintln(w, words.Say(lang, "run", o.Executed, o.Skipped))
}

// Compilation returns the compilation of the process's first consultation
// round as Markdown in lang.
func (o Outcome) Compilation(ctx context.Context, lang model.Lang) (string, error) {
	s, err := o.Engine.Load(ctx, o.Process)
	if err != nil {
		return "", err
	}
	rounds := s.Rounds()
	if len(rounds) == 0 {
		return "", fmt.Errorf("the process %s has no consultation round", o.Process)
	}
	var b strings.Builder
	if err := export.Compilation(&b, s, rounds[0].ID, export.Options{Lang: lang}); err != nil {
		return "", err
	}
	return b.String(), nil
}

// WriteDecisions lists the decisions taken: when, by which body, under
// which paragraph, on what, and how.
func WriteDecisions(w io.Writer, s *process.State, lang model.Lang) {
	decisions := s.Decisions()
	if len(decisions) == 0 {
		return
	}
	fmt.Fprintf(w, "\n%s\n", words.Say(lang, "decisions"))
	for _, d := range decisions {
		body, _ := s.Group(d.Body)
		meeting, _ := s.Meeting(d.Meeting)
		t := d.Tally
		how := words.Say(lang, "carried")
		switch {
		case d.Acclamation:
			how = words.Say(lang, "acclamation")
		case t.Agree == t.Present:
			how = words.Say(lang, "unanimous")
		}
		count := words.Say(lang, "present", t.Present, t.Members)
		if !d.Acclamation {
			count += "; " + words.Say(lang, "votes", t.Agree, t.Abstain, t.Disagree, t.Block)
		}
		fmt.Fprintln(w, words.Say(lang, "decision", meeting.Date, body.Name, d.Paragraph, subject(s, d.Subject, lang), how, count))
	}
}

// subject names what a decision is about.
func subject(s *process.State, sub model.Subject, lang model.Lang) string {
	switch sub.Kind {
	case model.SubjectDocument:
		for _, doc := range s.Documents() {
			if doc.ID == sub.Document {
				return fmt.Sprintf("%q", doc.Title)
			}
		}
	case model.SubjectParticipation:
		org, _ := s.Organisation(sub.Organisation)
		return sub.Kind.Label().In(lang) + ": " + org.Name
	}
	if sub.Title != "" {
		return sub.Title
	}
	return sub.Kind.Label().In(lang)
}

// Result is what an example's run leaves: it prints itself, and its
// Outcome (Base) gives the engine, the counts, the compilation and the
// exports.
type Result interface {
	Base() Outcome
	Print(ctx context.Context, w io.Writer, lang model.Lang) error
	Compilation(ctx context.Context, lang model.Lang) (string, error)
	WriteExports(ctx context.Context, dir string, lang model.Lang) error
}

// output prints a run to w and, when their flags name a place, writes the
// compilation of its consultation round to the file compilation and every
// export into the directory out.
func output(ctx context.Context, r Result, w io.Writer, lang model.Lang, compilation, out string) error {
	if err := r.Print(ctx, w, lang); err != nil {
		return err
	}
	if out != "" {
		if err := r.WriteExports(ctx, out, lang); err != nil {
			return err
		}
	}
	if compilation == "" {
		return nil
	}
	md, err := r.Compilation(ctx, lang)
	if err != nil {
		return err
	}
	return os.WriteFile(compilation, []byte(md), 0o644)
}
