package export

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/samling-go/samling/consultation"
	"github.com/samling-go/samling/followup"
	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/process"
)

var reportWords = map[model.Lang]map[string]string{
	model.Swedish: {
		"asof": "Rapport per %s.", "about": "Om rapporten",
		"what":  "Detta är en rapport ur processens register: vad som har hänt, i vilken ordning och på vems beslut. Processen följer mallen %s.",
		"where": "Processen står i %s (cykel %d) sedan %s.", "whereend": "Processen har ännu inte gått in i någon fas.",
		"holds": "Registret omfattar %s.", "and": "och",
		"omit": "Namn på personer visas inte; de anges med ID.", "pseudo": "Namn på personer visas inte; de anges med pseudonym.", "show": "Namn på personer visas, utom för den som har skyddad identitet.",
		"phases": "Faser", "phase": "Fas", "planned": "Planerad", "actual": "Faktisk", "ongoing": "pågår", "notyet": "ej påbörjad",
		"groups": "Grupper", "group": "Grupp", "kind": "Typ", "seats": "Platser", "members": "Registrerade medlemmar", "chair": "Ordförande",
		"omitted":   "(namn utelämnat)",
		"decisions": "Beslut", "date": "Datum", "body": "Organ", "subject": "Ärende", "tally": "Röstning",
		"measures": "Åtgärder", "changedby": "ändrad efter svar från",
		"rounds": "Remissomgångar och samråd", "followup": "Uppföljning", "measure": "Åtgärd", "entries": "Organisationer",
		"implemented": "Genomförd", "degree": "Grad (1–5)", "period": "Period", "geo": "Område", "value": "Värde",
		"present": "%d av %d närvarande, %d ja, %d avstår, %d nej, %d blockerar", "acclamation": "acklamation, %d av %d närvarande",
		"chart-phases": "Faserna, planerade och faktiska", "chart-dispositions": "Vad som blev av förslagen", "waiting": "väntar på beslut",
		"chart-stances": "Ställningstaganden per åtgärd: %s", "chart-matrix": "Genomförandet per åtgärd och organisation",
		"chart-survey": "Resultat: %s", "rate": "Svarsfrekvens", "yes": "Ja", "no": "Nej", "noanswers": "Inga svar.", "mean": "Medelvärde",
		"proposals": "Förslag", "total": "%s, varav %s utan beslut ännu.", "implementation": "Genomförande", "surveys": "Enkäter",
		"rates":          "Svar från %d av %d obligatoriska (%s) och %d av %d totalt (%s); %d sena. Sista svarsdag %s.",
		"recommendation": "Rekommendation", "objective": "Mål", "loose": "Utan rekommendation", "amounts": "Belopp", "amount": "Belopp", "sum": "Summa",
		"directives": "Uppdrag", "to": "Till", "due": "Senast", "status": "Status", "done": "klart %s", "open": "pågår", "overdue": "försenat",
	},
	model.English: {
		"asof": "Report as of %s.", "about": "About this report",
		"what":  "This is a report from the process's record: what happened, in which order and on whose decision. The process follows the template %s.",
		"where": "The process has been in the phase %s (cycle %d) since %s.", "whereend": "The process has not yet entered a phase.",
		"holds": "The record holds %s.", "and": "and",
		"omit": "People appear by ID, not by name.", "pseudo": "People appear by pseudonym, not by name.", "show": "People appear by name, except those with a protected identity.",
		"phases": "Phases", "phase": "Phase", "planned": "Planned", "actual": "Actual", "ongoing": "ongoing", "notyet": "not started",
		"groups": "Groups", "group": "Group", "kind": "Kind", "seats": "Seats", "members": "Registered members", "chair": "Chair",
		"omitted":   "(name omitted)",
		"decisions": "Decisions", "date": "Date", "body": "Body", "subject": "Subject", "tally": "Vote",
		"measures": "Measures", "changedby": "changed after answers from",
		"rounds": "Consultation rounds", "followup": "Follow-up", "measure": "Measure", "entries": "Organisations",
		"implemented": "Implemented", "degree": "Degree (1–5)", "period": "Period", "geo": "Area", "value": "Value",
		"present": "%d of %d present, %d agree, %d abstain, %d disagree, %d block", "acclamation": "acclamation, %d of %d present",
		"chart-phases": "The phases, planned and actual", "chart-dispositions": "What became of the proposals", "waiting": "awaiting a disposition",
		"chart-stances": "Stances per measure: %s", "chart-matrix": "Implementation per measure and organisation",
		"chart-survey": "Results: %s", "rate": "Response rate", "yes": "Yes", "no": "No", "noanswers": "No answers.", "mean": "Mean",
		"proposals": "Proposals", "total": "%s, of which %s still await a disposition.", "implementation": "Implementation", "surveys": "Surveys",
		"rates":          "Answers from %d of %d required (%s) and %d of %d in all (%s); %d late. Deadline %s.",
		"recommendation": "Recommendation", "objective": "Objective", "loose": "Without a recommendation", "amounts": "Amounts", "amount": "Amount", "sum": "Total",
		"directives": "Directives", "to": "To", "due": "Due", "status": "Status", "done": "done %s", "open": "open", "overdue": "overdue",
	},
}

// words returns the report's words in the language of o.
func (o Options) words() map[string]string { return reportWords[o.lang()] }

// Report writes a Markdown report of the process: the date it is as of
// ([Options].AsOf, by default the record's last event), a covering section
// (what the document is, the process, its phase, what the record holds),
// its phases planned and actual, its groups with their seats, members and
// chair, its decisions, its measures with their lineage, the compilations
// of its consultation rounds, and its follow-up.
//
// Numbers are written as the language writes them: in Swedish with a
// decimal comma, a space before the per cent sign, nouns in the singular
// or the plural; rates are rounded half up (5 of 8 is 63 %); "–" stands
// where no value exists. Every user text is escaped so that it stays text
// (see the package documentation). A chair who is a person shows as
// "(namn utelämnat)" / "(name omitted)" when the name policy does not show
// the name, so that the column says why it holds no name.
func Report(w io.Writer, s *process.State, o Options) error {
	if err := o.check(); err != nil {
		return err
	}
	lang := o.lang()
	t := o.words()
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", mdText(s.Process().Name))
	fmt.Fprintf(&b, t["asof"]+"\n\n", o.asOf(s))
	fmt.Fprintf(&b, "## %s\n\n%s\n", t["about"], covering(s, o, mdText))
	fmt.Fprintf(&b, "\n## %s\n\n| %s | %s | %s |\n|---|---|---|\n", t["phases"], t["phase"], t["planned"], t["actual"])
	for _, e := range s.Timeline() {
		fmt.Fprintf(&b, "| %s | %s | %s |\n", mdText(e.Phase.Name.In(lang)), period(e.Phase.Planned), actual(e, t))
	}

	fmt.Fprintf(&b, "\n## %s\n\n| %s | %s | %s | %s | %s |\n|---|---|---:|---:|---|\n", t["groups"], t["group"], t["kind"], t["seats"], t["members"], t["chair"])
	for _, g := range s.Groups() {
		seats, members, chair := o.group(s, g)
		fmt.Fprintf(&b, "| %s | %s | %s | %d | %s |\n", mdText(g.Name), g.Kind.Label().In(lang), seats, members, mdText(chair))
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
			fmt.Fprintf(&b, "| %s | %s | %d | %s | %s |\n", meeting.Date, mdText(body.Name), d.Paragraph, mdText(subjectText(s, d.Subject, lang)), tally)
		}
	}

	if measures := s.Measures(); len(measures) > 0 {
		fmt.Fprintf(&b, "\n## %s\n\n", t["measures"])
		if len(s.Recommendations()) == 0 {
			writeMeasures(&b, s, measures, t, lang)
		} else {
			writeStructure(&b, s, s.Structure(), t, lang)
		}
	}
	writeWorks(&b, s, lang, t, o.Today)

	if rounds := s.Rounds(); len(rounds) > 0 {
		fmt.Fprintf(&b, "\n## %s\n", t["rounds"])
		for _, r := range rounds {
			c, _ := s.Compilation(r.ID)
			fmt.Fprintf(&b, "\n%s", compilation(c, lang, 2, orgName(s)))
		}
	}

	writeFollowup(&b, s, lang, t)
	_, err := io.WriteString(w, b.String())
	return err
}

// actual returns when a phase of the timeline was in force: its dates,
// "pågår" for an end still to come, "ej påbörjad" for a phase not reached.
func actual(e process.TimelineEntry, t map[string]string) string {
	if !e.Reached() {
		return t["notyet"]
	}
	end := t["ongoing"]
	if !e.Left.IsZero() {
		end = model.DateOf(e.Left).String()
	}
	return model.DateOf(e.Entered).String() + " – " + end
}

// group returns a group's row in the reports: its seats ("–" when it has
// no fixed number), its registered members (the secretary and the
// secretariat are no members) and its chair.
func (o Options) group(s *process.State, g model.Group) (seats string, members int, chair string) {
	all := s.Members(g.ID, model.Date{})
	for _, m := range all {
		if !m.Role.Staff() {
			members++
		}
	}
	seats = "–"
	if g.Seats > 0 {
		seats = fmt.Sprint(g.Seats)
	}
	return seats, members, o.chair(s, all)
}

// period writes a planned period, "–" for a missing end.
func period(p model.Period) string {
	d := func(d model.Date) string {
		if d.IsZero() {
			return "–"
		}
		return d.String()
	}
	if p.Start.IsZero() && p.End.IsZero() {
		return "–"
	}
	return d(p.Start) + " – " + d(p.End)
}

// chair returns how the report names a group's chair: an organisation by
// its name, a person by name when the policy shows it and otherwise as
// "(namn utelämnat)", "–" when the group has none.
func (o Options) chair(s *process.State, members []model.Membership) string {
	var chairs []string
	for _, m := range members {
		if m.Role != model.RoleChair {
			continue
		}
		if m.Member.Person.IsZero() {
			org, _ := s.Organisation(m.Member.Organisation)
			chairs = append(chairs, org.Name)
			continue
		}
		ref, name := o.person(s, m.Member.Person)
		switch {
		case o.Names == PseudonymiseNames:
			chairs = append(chairs, ref)
		case name != "":
			chairs = append(chairs, name)
		default:
			chairs = append(chairs, o.words()["omitted"])
		}
	}
	if len(chairs) == 0 {
		return "–"
	}
	return strings.Join(chairs, ", ")
}

// covering writes the report's covering paragraph: what the document is,
// the process's template and phase, and what the record holds. esc
// escapes the user texts in it for the document it goes into.
func covering(s *process.State, o Options, esc func(string) string) string {
	lang := o.lang()
	t := o.words()
	n := numbers{lang}
	var b strings.Builder
	fmt.Fprintf(&b, t["what"], esc(s.Template().Name.In(lang)))
	b.WriteString(" ")
	var current process.TimelineEntry
	for _, e := range s.Timeline() {
		if e.Reached() && e.Left.IsZero() {
			current = e
		}
	}
	if current.Reached() {
		name := esc(current.Phase.Name.In(lang))
		if lang != model.English {
			name = strings.ToLower(name) // "står i förberedande fas"
		}
		fmt.Fprintf(&b, t["where"], name, current.Cycle, model.DateOf(current.Entered))
	} else {
		b.WriteString(t["whereend"])
	}
	held := 0
	for _, m := range s.Meetings() {
		if m.Held {
			held++
		}
	}
	parts := []string{
		n.count(len(s.Organisations()), nounOrg), n.count(len(s.Groups()), nounGroup),
		n.count(len(s.Proposals()), nounProposal), n.count(len(s.Measures()), nounMeasure),
		n.count(len(s.Decisions()), nounDecision), n.count(len(s.Rounds()), nounRound), n.count(held, nounMeeting),
	}
	fmt.Fprintf(&b, " "+t["holds"]+" ", strings.Join(parts[:len(parts)-1], ", ")+" "+t["and"]+" "+parts[len(parts)-1])
	switch o.Names {
	case PseudonymiseNames:
		b.WriteString(t["pseudo"])
	case ShowNames:
		b.WriteString(t["show"])
	default:
		b.WriteString(t["omit"])
	}
	return b.String()
}

// writeMeasures writes measures as a numbered list with their lineage.
func writeMeasures(b *strings.Builder, s *process.State, measures []model.Measure, t map[string]string, lang model.Lang) {
	for _, m := range measures {
		fmt.Fprintf(b, "%d. **%s**%s\n", m.Number, mdText(m.Title), lineage(s, m, t, lang, mdText))
	}
}

// lineage returns what the reports write after a measure's title: its
// sources and versions, its amount, and the organisations whose answers
// changed it, " (2 förslag, 3 versioner), 100 000 kr, ändrad efter svar
// från …". esc escapes the names for the document they go into.
func lineage(s *process.State, m model.Measure, t map[string]string, lang model.Lang, esc func(string) string) string {
	n := numbers{lang}
	l, _ := s.Lineage(m.ID)
	line := fmt.Sprintf(" (%s, %s)", n.count(len(l.Sources), nounProposal), n.count(len(l.Revisions), nounVersion))
	if m.Amount != 0 {
		line += ", " + m.Amount.String()
	}
	var from []string
	for _, resp := range s.ResponsesBehind(m.ID) {
		org, _ := s.Organisation(resp.Organisation)
		from = append(from, esc(org.Name))
	}
	if len(from) > 0 {
		line += ", " + t["changedby"] + " " + strings.Join(from, ", ")
	}
	return line
}

// writeStructure writes the measures under their recommendations and
// objectives: "### Rekommendation 1. …", "#### Mål 1.2. …".
func writeStructure(b *strings.Builder, s *process.State, st process.Structure, t map[string]string, lang model.Lang) {
	first := true
	gap := func() {
		if !first {
			b.WriteString("\n")
		}
		first = false
	}
	for _, r := range st.Recommendations {
		gap()
		fmt.Fprintf(b, "### %s %d. %s\n", t["recommendation"], r.Recommendation.Number, mdText(r.Recommendation.Title))
		if r.Recommendation.Text != "" {
			fmt.Fprintf(b, "\n%s\n", mdBlock(r.Recommendation.Text, ""))
		}
		if len(r.Measures) > 0 {
			b.WriteString("\n")
			writeMeasures(b, s, r.Measures, t, lang)
		}
		for _, o := range r.Objectives {
			fmt.Fprintf(b, "\n#### %s %d.%d. %s\n", t["objective"], r.Recommendation.Number, o.Objective.Number, mdText(o.Objective.Title))
			if len(o.Measures) > 0 {
				b.WriteString("\n")
				writeMeasures(b, s, o.Measures, t, lang)
			}
		}
	}
	if len(st.Loose) > 0 {
		gap()
		fmt.Fprintf(b, "### %s\n\n", t["loose"])
		writeMeasures(b, s, st.Loose, t, lang)
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
			fmt.Fprintf(b, "| %s%s | %s | %s | %s | %s |\n", strings.Repeat("↳ ", depth), mdText(d.Task), mdText(org.Name), due, status, amount)
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
		fmt.Fprintf(b, "| %s | %s |\n", mdText(l.what), l.amount)
	}
	for _, sum := range []struct {
		what    string
		amounts []model.Amount
	}{{t["decisions"], decisions}, {t["measures"], measures}, {t["directives"], given}} {
		if len(sum.amounts) > 0 {
			total, _ := model.Sum(sum.amounts...)
			fmt.Fprintf(b, "| **%s: %s** | **%s** |\n", t["sum"], strings.ToLower(sum.what), total)
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
	n := numbers{lang}
	fmt.Fprintf(b, "\n## %s\n", t["followup"])
	if len(matrix) > 0 {
		byMeasure := followup.RollupBy(matrix, func(e followup.Entry) model.MeasureID { return e.Measure })
		fmt.Fprintf(b, "\n| %s | %s | %s | %s |\n|---|---:|---:|---:|\n", t["measure"], t["entries"], t["implemented"], t["degree"])
		for _, m := range s.Measures() {
			if r, ok := byMeasure[m.ID]; ok {
				degree := "–"
				if r.Assessed > 0 {
					degree = n.decimal(r.Degree)
				}
				fmt.Fprintf(b, "| %d. %s | %d | %s | %s |\n", m.Number, mdText(m.Title), r.Entries, n.percent(r.ByStatus[followup.Implemented], r.Entries), degree)
			}
		}
	}
	for _, sv := range surveys {
		res, _ := s.SurveyResults(sv.ID)
		fmt.Fprintf(b, "\n%s", surveyResults(res, lang, 2))
	}
	for _, ind := range indicators {
		fmt.Fprintf(b, "\n### %s (%s)\n\n| %s | %s | %s |\n|---|---|---:|\n", mdText(ind.Name), mdText(ind.Unit), t["period"], t["geo"], t["value"])
		for _, obs := range s.Observations(ind.ID) {
			fmt.Fprintf(b, "| %s – %s | %s | %s |\n", obs.Period.Start, obs.Period.End, mdText(geography(obs.Geography)), n.value(obs.Value))
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

var compilationWords = map[model.Lang]map[string]string{
	model.Swedish: {
		"title": "Sammanställning av %s: %s", "deadline": "Sista svarsdag", "rate": "Svarsfrekvens",
		"required": "obligatoriska remissinstanser", "all": "alla remissinstanser",
		"required-samrad": "obligatoriska samrådsparter", "all-samrad": "alla samrådsparter", "late": "Sena svar",
		"stances": "Ställningstaganden", "stance": "Ställningstagande", "count": "Antal",
		"measure": "Åtgärd", "none": "Inga synpunkter.",
		"missing": "Har inte svarat", "req": "obligatorisk", "everyone": "Alla har svarat.",
	},
	model.English: {
		"title": "Compilation of %s: %s", "deadline": "Deadline", "rate": "Response rate",
		"required": "required consultees", "all": "all consultees",
		"required-samrad": "required consultees", "all-samrad": "all consultees", "late": "Late answers",
		"stances": "Stances", "stance": "Stance", "count": "Count",
		"measure": "Measure", "none": "No comments.",
		"missing": "Did not answer", "req": "required", "everyone": "Everyone answered.",
	},
}

// Compilation writes the compilation of a consultation round as a
// Markdown document: the response rates, the stances, what the consultees
// said about each measure, and who did not answer. Rates are rounded half
// up and every user text is escaped, as in [Report]. It returns an error
// wrapping [ErrNoRound] for a round the process does not know.
func Compilation(w io.Writer, s *process.State, round consultation.RoundID, o Options) error {
	if err := o.check(); err != nil {
		return err
	}
	c, ok := s.Compilation(round)
	if !ok {
		return fmt.Errorf("%w: %s", ErrNoRound, round)
	}
	_, err := io.WriteString(w, compilation(c, o.lang(), 0, orgName(s)))
	return err
}

// orgName returns the names of the process's organisations.
func orgName(s *process.State) func(model.OrganisationID) string {
	return func(id model.OrganisationID) string {
		if org, ok := s.Organisation(id); ok {
			return org.Name
		}
		return id.String()
	}
}

// ErrNoRound is returned by [Compilation] for a round the process does not
// know.
var ErrNoRound = errors.New("export: no such consultation round")

// compilation writes c with its headings moved down by depth levels.
func compilation(c consultation.Compilation, lang model.Lang, depth int, name func(model.OrganisationID) string) string {
	w := compilationWords[lang]
	n := numbers{lang}
	h := strings.Repeat("#", depth)
	required, all := w["required"], w["all"]
	if c.Round.Kind == consultation.Samrad {
		required, all = w["required-samrad"], w["all-samrad"]
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s# "+w["title"]+"\n\n", h, c.Round.Kind.Label().In(lang), mdText(c.Round.Title))
	fmt.Fprintf(&b, "%s: %s\n\n", w["deadline"], c.Round.Deadline)
	fmt.Fprintf(&b, "%s## %s\n\n", h, w["rate"])
	fmt.Fprintf(&b, "- %s: %d / %d (%s)\n", required, c.Required.Answered, c.Required.Of, n.percent(c.Required.Answered, c.Required.Of))
	fmt.Fprintf(&b, "- %s: %d / %d (%s)\n", all, c.All.Answered, c.All.Of, n.percent(c.All.Answered, c.All.Of))
	fmt.Fprintf(&b, "- %s: %d\n\n", w["late"], c.Late)
	fmt.Fprintf(&b, "%s## %s\n\n| %s | %s |\n|---|---|\n", h, w["stances"], w["stance"], w["count"])
	for _, st := range consultation.Stances() {
		fmt.Fprintf(&b, "| %s | %d |\n", st.Label().In(lang), c.Stances[st])
	}
	for _, m := range c.Measures {
		fmt.Fprintf(&b, "\n%s## %s %d: %s\n\n", h, w["measure"], m.Number, mdText(m.Title))
		var parts []string
		for _, st := range consultation.Stances() {
			if k := m.Stances[st]; k > 0 {
				parts = append(parts, fmt.Sprintf("%s %d", st.Label().In(lang), k))
			}
		}
		if len(parts) > 0 {
			fmt.Fprintf(&b, "%s: %s\n\n", w["stances"], strings.Join(parts, ", "))
		}
		if len(m.Comments) == 0 {
			fmt.Fprintf(&b, "%s\n", w["none"])
			continue
		}
		for _, cm := range m.Comments {
			fmt.Fprintf(&b, "- **%s** (%s): %s\n", mdText(cm.Name), cm.Stance.Label().In(lang), mdText(cm.Text))
		}
	}
	fmt.Fprintf(&b, "\n%s## %s\n\n", h, w["missing"])
	if len(c.NonRespondents) == 0 {
		fmt.Fprintf(&b, "%s\n", w["everyone"])
	}
	for _, con := range c.NonRespondents {
		name := mdText(name(con.Organisation))
		if con.Required {
			name += " (" + w["req"] + ")"
		}
		fmt.Fprintf(&b, "- %s\n", name)
	}
	return b.String()
}

var surveyWords = map[model.Lang]map[string]string{
	model.Swedish: {"results": "Resultat", "rate": "Svarsfrekvens", "step": "Steg", "option": "Alternativ",
		"count": "Antal", "share": "Andel", "mean": "Medelvärde", "yes": "Ja", "no": "Nej", "theme": "Tema", "none": "Inga svar.", "answered": "svarade"},
	model.English: {"results": "Results", "rate": "Response rate", "step": "Step", "option": "Option",
		"count": "Count", "share": "Share", "mean": "Mean", "yes": "Yes", "no": "No", "theme": "Theme", "none": "No answers.", "answered": "answered"},
}

// surveyResults writes a survey's results with its headings moved down by
// depth levels: the response rate, and per question a table of counts and
// shares, the mean of a scale, or the themes of the free-text answers.
func surveyResults(r followup.Results, lang model.Lang, depth int) string {
	w := surveyWords[lang]
	n := numbers{lang}
	h := strings.Repeat("#", depth)
	var b strings.Builder
	fmt.Fprintf(&b, "%s# %s: %s\n\n", h, w["results"], mdText(r.Survey.Title))
	fmt.Fprintf(&b, "%s: %d / %d (%s)\n", w["rate"], r.Answered, r.Of, n.percent(r.Answered, r.Of))
	for _, q := range r.Questions {
		fmt.Fprintf(&b, "\n%s## %s\n\n", h, mdText(q.Question.Text))
		if q.Answered == 0 {
			fmt.Fprintf(&b, "%s\n", w["none"])
			continue
		}
		switch q.Question.Kind {
		case followup.Scaled, followup.Single, followup.Multiple:
			head := w["option"]
			if q.Question.Kind == followup.Scaled {
				head = w["step"]
			}
			fmt.Fprintf(&b, "| %s | %s | %s |\n|---|---:|---:|\n", head, w["count"], w["share"])
			for i, opt := range q.Question.Options {
				label := mdText(opt)
				if q.Question.Kind == followup.Scaled {
					label = fmt.Sprintf("%d %s", i+1, label)
				}
				fmt.Fprintf(&b, "| %s | %d | %s |\n", label, q.Counts[i], n.percent(q.Counts[i], q.Answered))
			}
			if q.Question.Kind == followup.Scaled {
				fmt.Fprintf(&b, "\n%s: %s\n", w["mean"], n.decimal(q.Mean))
			}
		case followup.YesNo:
			fmt.Fprintf(&b, "- %s: %d\n- %s: %d\n", w["yes"], q.Yes, w["no"], q.No)
		case followup.Text:
			fmt.Fprintf(&b, "| %s | %s |\n|---|---:|\n", w["theme"], w["count"])
			for _, th := range q.Themes {
				fmt.Fprintf(&b, "| %s | %d |\n", mdText(th.Theme), th.Count)
			}
		}
		fmt.Fprintf(&b, "\n(%d %s)\n", q.Answered, w["answered"])
	}
	return b.String()
}
