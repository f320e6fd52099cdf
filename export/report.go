package export

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/samling-go/samling/followup"
	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
	"github.com/samling-go/samling/process"
)

var reportWords = map[model.Lang]map[string]string{
	model.Swedish: {
		"phases": "Faser", "phase": "Fas", "planned": "Planerad", "actual": "Faktisk", "ongoing": "pågår", "notyet": "ej påbörjad",
		"groups": "Grupper", "group": "Grupp", "kind": "Typ", "members": "Medlemmar", "chair": "Ordförande",
		"decisions": "Beslut", "date": "Datum", "body": "Organ", "subject": "Ärende", "tally": "Röstning",
		"measures": "Åtgärder", "sources": "förslag", "versions": "versioner", "changedby": "ändrad efter svar från",
		"rounds": "Remissomgångar och samråd", "followup": "Uppföljning", "measure": "Åtgärd", "entries": "Organisationer",
		"implemented": "Genomförd", "degree": "Grad", "indicators": "Indikatorer", "period": "Period", "geo": "Område", "value": "Värde",
		"present": "%d av %d närvarande, %d ja, %d avstår, %d nej, %d blockerar", "acclamation": "acklamation, %d av %d närvarande",
		"recommendation": "Rekommendation", "objective": "Mål", "loose": "Utan rekommendation", "amounts": "Belopp", "amount": "Belopp", "total": "Summa",
		"directives": "Uppdrag", "to": "Till", "due": "Senast", "status": "Status", "done": "klart %s", "open": "pågår", "overdue": "försenat",
		"effect": "Träder i kraft",
	},
	model.English: {
		"phases": "Phases", "phase": "Phase", "planned": "Planned", "actual": "Actual", "ongoing": "ongoing", "notyet": "not started",
		"groups": "Groups", "group": "Group", "kind": "Kind", "members": "Members", "chair": "Chair",
		"decisions": "Decisions", "date": "Date", "body": "Body", "subject": "Subject", "tally": "Vote",
		"measures": "Measures", "sources": "proposals", "versions": "versions", "changedby": "changed after answers from",
		"rounds": "Consultation rounds", "followup": "Follow-up", "measure": "Measure", "entries": "Organisations",
		"implemented": "Implemented", "degree": "Degree", "indicators": "Indicators", "period": "Period", "geo": "Area", "value": "Value",
		"present": "%d of %d present, %d agree, %d abstain, %d disagree, %d block", "acclamation": "acclamation, %d of %d present",
		"recommendation": "Recommendation", "objective": "Objective", "loose": "Without a recommendation", "amounts": "Amounts", "amount": "Amount", "total": "Total",
		"directives": "Directives", "to": "To", "due": "Due", "status": "Status", "done": "done %s", "open": "open", "overdue": "overdue",
		"effect": "Takes effect",
	},
}

// Report writes a Markdown report of the process: its phases planned and
// actual, its groups, its decisions, its measures with their lineage, the
// compilations of its consultation rounds, and its follow-up.
func Report(w io.Writer, s *process.State, o Options) error {
	if err := o.check(); err != nil {
		return err
	}
	lang := o.lang()
	t := reportWords[lang]
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n## %s\n\n| %s | %s | %s |\n|---|---|---|\n", cell(s.Process().Name), t["phases"], t["phase"], t["planned"], t["actual"])
	for _, e := range s.Timeline() {
		actual := t["notyet"]
		if e.Reached() {
			end := t["ongoing"]
			if !e.Left.IsZero() {
				end = model.DateOf(e.Left).String()
			}
			actual = model.DateOf(e.Entered).String() + " – " + end
		}
		fmt.Fprintf(&b, "| %s | %s – %s | %s |\n", cell(e.Phase.Name.In(lang)), e.Phase.Planned.Start, e.Phase.Planned.End, actual)
	}

	fmt.Fprintf(&b, "\n## %s\n\n| %s | %s | %s | %s |\n|---|---|---:|---|\n", t["groups"], t["group"], t["kind"], t["members"], t["chair"])
	for _, g := range s.Groups() {
		members, chair := 0, ""
		for _, m := range s.Members(g.ID, model.Date{}) {
			if !m.Role.Staff() { // the secretary and the secretariat are no members
				members++
			}
			if m.Role == model.RoleChair {
				if m.Member.Person.IsZero() {
					org, _ := s.Organisation(m.Member.Organisation)
					chair = org.Name
				} else {
					_, chair = o.person(s, m.Member.Person)
				}
			}
		}
		fmt.Fprintf(&b, "| %s | %s | %d | %s |\n", cell(g.Name), g.Kind.Label().In(lang), members, cell(chair))
	}

	if decisions := s.Decisions(); len(decisions) > 0 {
		fmt.Fprintf(&b, "\n## %s\n\n| %s | %s | § | %s | %s |\n|---|---|---:|---|---|\n", t["decisions"], t["date"], t["body"], t["subject"], t["tally"])
		for _, d := range decisions {
			body, _ := s.Group(d.Body)
			meeting, _ := s.Meeting(d.Meeting)
			tally := fmt.Sprintf(t["present"], d.Tally.Present, d.Tally.Members, d.Tally.Agree, d.Tally.Abstain, d.Tally.Disagree, d.Tally.Block)
			if d.Acclamation {
				tally = fmt.Sprintf(t["acclamation"], d.Tally.Present, d.Tally.Members)
			}
			fmt.Fprintf(&b, "| %s | %s | %d | %s | %s |\n", meeting.Date, cell(body.Name), d.Paragraph, cell(subjectText(s, d.Subject, lang)), tally)
		}
	}

	if measures := s.Measures(); len(measures) > 0 {
		fmt.Fprintf(&b, "\n## %s\n\n", t["measures"])
		if len(s.Recommendations()) == 0 {
			writeMeasures(&b, s, measures, t)
		} else {
			writeStructure(&b, s, s.Structure(), t)
		}
	}
	writeWorks(&b, s, lang, t, o.Today)

	if rounds := s.Rounds(); len(rounds) > 0 {
		fmt.Fprintf(&b, "\n## %s\n", t["rounds"])
		for _, r := range rounds {
			c, _ := s.Compilation(r.ID)
			fmt.Fprintf(&b, "\n%s", demote(c.Markdown(lang), 2))
		}
	}

	writeFollowup(&b, s, lang, t)
	_, err := io.WriteString(w, b.String())
	return err
}

// writeMeasures writes measures as a numbered list with their lineage.
func writeMeasures(b *strings.Builder, s *process.State, measures []model.Measure, t map[string]string) {
	for _, m := range measures {
		l, _ := s.Lineage(m.ID)
		fmt.Fprintf(b, "%d. **%s** (%d %s, %d %s)", m.Number, cell(m.Title), len(l.Sources), t["sources"], len(l.Revisions), t["versions"])
		if m.Amount != 0 {
			fmt.Fprintf(b, ", %s", m.Amount)
		}
		var from []string
		for _, resp := range s.ResponsesBehind(m.ID) {
			org, _ := s.Organisation(resp.Organisation)
			from = append(from, org.Name)
		}
		if len(from) > 0 {
			fmt.Fprintf(b, ", %s %s", t["changedby"], cell(strings.Join(from, ", ")))
		}
		b.WriteString("\n")
	}
}

// writeStructure writes the measures under their recommendations and
// objectives: "### Rekommendation 1. …", "#### Mål 1.2. …".
func writeStructure(b *strings.Builder, s *process.State, st process.Structure, t map[string]string) {
	first := true
	gap := func() {
		if !first {
			b.WriteString("\n")
		}
		first = false
	}
	for _, r := range st.Recommendations {
		gap()
		fmt.Fprintf(b, "### %s %d. %s\n", t["recommendation"], r.Recommendation.Number, cell(r.Recommendation.Title))
		if len(r.Measures) > 0 {
			b.WriteString("\n")
			writeMeasures(b, s, r.Measures, t)
		}
		for _, o := range r.Objectives {
			fmt.Fprintf(b, "\n#### %s %d.%d. %s\n", t["objective"], r.Recommendation.Number, o.Objective.Number, cell(o.Objective.Title))
			if len(o.Measures) > 0 {
				b.WriteString("\n")
				writeMeasures(b, s, o.Measures, t)
			}
		}
	}
	if len(st.Loose) > 0 {
		gap()
		fmt.Fprintf(b, "### %s\n\n", t["loose"])
		writeMeasures(b, s, st.Loose, t)
	}
}

// writeWorks writes the directives with their sub-assignments and state on
// the report's day, and the amounts of decisions, measures and directives
// with their sums. Nothing when the process has neither.
func writeWorks(b *strings.Builder, s *process.State, lang model.Lang, t map[string]string, today model.Date) {
	directives := s.Directives()
	if len(directives) > 0 {
		fmt.Fprintf(b, "\n## %s\n\n| %s | %s | %s | %s | %s |\n|---|---|---|---|---:|\n", t["directives"], t["directives"], t["to"], t["due"], t["status"], t["amount"])
		var row func(d process.Directive, depth int)
		row = func(d process.Directive, depth int) {
			org, _ := s.Organisation(d.To)
			status := t["open"]
			switch {
			case d.Done:
				status = fmt.Sprintf(t["done"], d.DoneOn)
			case !today.IsZero() && d.Overdue(today):
				status = t["overdue"]
			}
			due, amount := "", ""
			if !d.Due.IsZero() {
				due = d.Due.String()
			}
			if d.Amount != 0 {
				amount = d.Amount.String()
			}
			fmt.Fprintf(b, "| %s%s | %s | %s | %s | %s |\n", strings.Repeat("↳ ", depth), cell(d.Task), cell(org.Name), due, status, amount)
			for _, sub := range s.SubAssignments(d.ID) {
				row(sub, depth+1)
			}
		}
		for _, d := range directives {
			if d.Parent.IsZero() {
				row(d, 0)
			}
		}
	}
	type line struct{ what, amount string }
	var lines []line
	var decisions, measures, given []model.Amount
	for _, d := range s.Decisions() {
		if d.Amount != 0 {
			body, _ := s.Group(d.Body)
			m, _ := s.Meeting(d.Meeting)
			lines = append(lines, line{fmt.Sprintf("%s, %s %s: %s", t["decisions"], body.Name, m.Date, subjectText(s, d.Subject, lang)), d.Amount.String()})
			decisions = append(decisions, d.Amount)
		}
	}
	for _, m := range s.Measures() {
		if m.Amount != 0 {
			lines = append(lines, line{fmt.Sprintf("%s %d. %s", t["measure"], m.Number, m.Title), m.Amount.String()})
			measures = append(measures, m.Amount)
		}
	}
	for _, d := range directives {
		if d.Amount != 0 {
			lines = append(lines, line{t["directives"] + ": " + d.Task, d.Amount.String()})
			given = append(given, d.Amount)
		}
	}
	if len(lines) == 0 {
		return
	}
	fmt.Fprintf(b, "\n## %s\n\n| | %s |\n|---|---:|\n", t["amounts"], t["amount"])
	for _, l := range lines {
		fmt.Fprintf(b, "| %s | %s |\n", cell(l.what), l.amount)
	}
	for _, sum := range []struct {
		what    string
		amounts []model.Amount
	}{{t["decisions"], decisions}, {t["measures"], measures}, {t["directives"], given}} {
		if len(sum.amounts) > 0 {
			total, _ := model.Sum(sum.amounts...)
			fmt.Fprintf(b, "| **%s: %s** | **%s** |\n", t["total"], strings.ToLower(sum.what), total)
		}
	}
}

// writeFollowup writes the matrix per measure, the survey results and the
// indicators.
func writeFollowup(b *strings.Builder, s *process.State, lang model.Lang, t map[string]string) {
	matrix, surveys, indicators := s.Matrix(), s.Surveys(), s.Indicators()
	if len(matrix) == 0 && len(surveys) == 0 && len(indicators) == 0 {
		return
	}
	fmt.Fprintf(b, "\n## %s\n", t["followup"])
	if len(matrix) > 0 {
		byMeasure := followup.RollupBy(matrix, func(e followup.Entry) model.MeasureID { return e.Measure })
		fmt.Fprintf(b, "\n| %s | %s | %s | %s |\n|---|---:|---:|---:|\n", t["measure"], t["entries"], t["implemented"], t["degree"])
		for _, m := range s.Measures() {
			if r, ok := byMeasure[m.ID]; ok {
				fmt.Fprintf(b, "| %d. %s | %d | %d %% | %.1f |\n", m.Number, cell(m.Title), r.Entries, model.Percent(r.ByStatus[followup.Implemented], r.Entries), r.Degree)
			}
		}
	}
	for _, sv := range surveys {
		res, _ := s.SurveyResults(sv.ID)
		fmt.Fprintf(b, "\n%s", demote(res.Markdown(lang), 2))
	}
	for _, ind := range indicators {
		fmt.Fprintf(b, "\n### %s (%s)\n\n| %s | %s | %s |\n|---|---|---:|\n", cell(ind.Name), cell(ind.Unit), t["period"], t["geo"], t["value"])
		for _, obs := range s.Observations(ind.ID) {
			fmt.Fprintf(b, "| %s – %s | %s | %g |\n", obs.Period.Start, obs.Period.End, geography(obs.Geography), obs.Value)
		}
	}
}

func geography(g followup.Geography) string {
	switch g.Level {
	case followup.Municipality:
		if m, ok := model.LookupMunicipality(g.Code); ok {
			return m.Name + " (" + g.Code + ")"
		}
	case followup.County:
		if c, ok := model.LookupCounty(g.Code); ok {
			return c.Name + " (" + g.Code + ")"
		}
	}
	return g.Code
}

// demote moves every Markdown heading of a document down by n levels, to
// place it inside another.
func demote(md string, n int) string {
	lines := strings.Split(md, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "#") {
			lines[i] = strings.Repeat("#", n) + l
		}
	}
	return strings.Join(lines, "\n")
}

var cellEscaper = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ", "|", `\|`)

// cell keeps a text on one line and inside its table cell.
func cell(s string) string { return cellEscaper.Replace(s) }

// Gantt draws the phases planned against actual as a Mermaid Gantt chart.
// The planned dates are the current plan's (the template's as [process.PlanPhase]
// has changed them); a phase without planned dates is left out of the
// planned section, and one with a start but no end lasts a day there. A
// phase still running ends at now.
func Gantt(s *process.State, lang model.Lang, now time.Time) string {
	t := reportWords[lang]
	if t == nil {
		t = reportWords[model.Swedish]
	}
	var b strings.Builder
	fmt.Fprintf(&b, "gantt\n    title %s\n    dateFormat YYYY-MM-DD\n    axisFormat %%Y-%%m\n", ganttText(s.Process().Name))
	fmt.Fprintf(&b, "    section %s\n", t["planned"])
	timeline := s.Timeline()
	planned := map[phase.PhaseID]model.Period{}
	for _, e := range timeline {
		planned[e.Phase.ID] = e.Phase.Planned
	}
	for i, p := range s.Template().Phases {
		when := planned[p.ID]
		switch {
		case when.Start.IsZero():
			continue // not planned: Mermaid has no task without a start
		case when.End.IsZero() || when.End.Before(when.Start):
			fmt.Fprintf(&b, "    %s :p%d, %s, 1d\n", ganttText(p.Name.In(lang)), i, when.Start)
		default:
			fmt.Fprintf(&b, "    %s :p%d, %s, %s\n", ganttText(p.Name.In(lang)), i, when.Start, when.End.AddDays(1))
		}
	}
	fmt.Fprintf(&b, "    section %s\n", t["actual"])
	for i, e := range timeline {
		if !e.Reached() {
			continue
		}
		end := model.DateOf(now)
		if !e.Left.IsZero() {
			end = model.DateOf(e.Left)
		}
		fmt.Fprintf(&b, "    %s :a%d, %s, %s\n", ganttText(e.Phase.Name.In(lang)), i, model.DateOf(e.Entered), end)
	}
	return b.String()
}

// PhaseGraph draws the process's template as a Mermaid state diagram.
func PhaseGraph(s *process.State, lang model.Lang) string { return phase.Mermaid(s.Template(), lang) }

func ganttText(s string) string {
	return strings.NewReplacer(":", " ", "#", " ", ";", " ", "\n", " ").Replace(s)
}

// LineageGraph draws where a measure came from and how its text changed,
// as a Mermaid graph; ok is false for an unknown measure.
func LineageGraph(s *process.State, measure model.MeasureID, lang model.Lang) (string, bool) {
	l, ok := s.Lineage(measure)
	if !ok {
		return "", false
	}
	return l.Mermaid(lang), true
}
