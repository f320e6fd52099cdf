package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/samling-go/samling/consultation"
	"github.com/samling-go/samling/examples/internal/scenario"
	"github.com/samling-go/samling/followup"
	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/process"
)

// text holds the output's words in Swedish and English.
var text = scenario.Words{
	"synthetic": {
		SV: "Verkligt: faserna, grupperna, de 49 kommunerna, konferenserna och sammanträdena med sina månader, remissen till kommunerna och arbetsgruppens organisationer, folkhälsokommitténs enhälliga beslut, regionstyrelsens godkännande efter remissen, fullmäktiges 149 platser och beslut 2013-09-24.\nSyntetiskt: förslagen (%d, frö %d), personerna, gruppernas sammansättning, åtgärdstexterna, remissvaren, remissens och styrelsens datum, närvaron, diarienumren och paragraferna, uppföljningen 2014 (genomförandematrisen och enkäten), och övriga dagar inom månaden.",
		EN: "Real: the phases, the groups, the 49 municipalities, the conferences and meetings with their months, the consultation round to the municipalities and the working group's organisations, the public health committee's unanimous decision, the regional board's approval after the round, the council's 149 seats and its decision of 2013-09-24.\nSynthetic: the proposals (%d, seed %d), the persons, the groups' composition, the measure texts, the consultation answers, the dates of the round and of the board, attendance, record references and paragraphs, the follow-up of 2014 (the implementation matrix and the survey), and the other days within the month.",
	},
	"meetings":   {SV: "Möten", EN: "Meetings"},
	"held":       {SV: "genomfört", EN: "held"},
	"plannedfor": {SV: "planerat", EN: "planned"},
	"attendees":  {SV: "%d deltagare", EN: "%d participants"},
	"groups":     {SV: "Grupper", EN: "Groups"},
	"members":    {SV: "%d medlemmar", EN: "%d members"},
	"chair":      {SV: "ordförande %s", EN: "chair %s"},
	"orgs":       {SV: "Organisationer: %d, varav %d kommuner i Västra Götalands län (SCB:s kommunkoder).", EN: "Organisations: %d, of which %d municipalities of Västra Götaland county (Statistics Sweden's codes)."},
	"proposals":  {SV: "Förslag: %d (%d situationer, %d åtgärdsförslag), alla från konferensen i februari 2012.", EN: "Proposals: %d (%d situations, %d proposed measures), all from the February 2012 conference."},
	"measures":   {SV: "Åtgärder: %d, gjorda av %d förslag.", EN: "Measures: %d, made from %d proposals."},
	"fates":      {SV: "Vad som blev av förslagen", EN: "What became of the proposals"},
	"split":      {SV: "%d av dem delade mellan två åtgärder", EN: "%d of them split between two measures"},
	"waiting":    {SV: "utan besked", EN: "without a disposition"},
	"lineage":    {SV: "Åtgärd %d: %s", EN: "Measure %d: %s"},
	"about":      {SV: "  %s, %s", EN: "  %s, %s"},
	"from":       {SV: "  Ur %d förslag, bland dem:", EN: "  From %d proposals, among them:"},
	"version":    {SV: "  Version %d, %s: %s", EN: "  Version %d, %s: %s"},
	"created":    {SV: "formulerad", EN: "drafted"},
	"change":     {SV: "  Ändringen: %s", EN: "  The change: %s"},
	"pinned":     {SV: "  Ingår i %q som version %d", EN: "  Part of %q as version %d"},
	"remiss":     {SV: "Remissomgången", EN: "The consultation round (remiss)"},
	"commented":  {SV: "  Flest synpunkter: %s.", EN: "  Most comments: %s."},
	"onmeasure":  {SV: "åtgärd %d (%d)", EN: "measure %d (%d)"},
	"revised":    {SV: "  Därefter reviderades %d åtgärder med hänvisning till %d remissvar.", EN: "  Then %d measures were revised, citing %d answers."},
	"full":       {SV: "  Hela sammanställningen skrivs med -compilation fil.md.", EN: "  The whole compilation is written with -compilation file.md."},
	"followup":   {SV: "Uppföljning (syntetisk)", EN: "Follow-up (synthetic)"},
	"matrix":     {SV: "  Genomförande, %s: %d åtgärder × organisationer; %s.", EN: "  Implementation, %s: %d measures × organisations; %s."},
	"survey":     {SV: "  %q: %d av %d kommuner svarade (%d %%); medelvärde för förankring %.1f av 5; vanligaste svårigheter: %s.", EN: "  %q: %d of %d municipalities answered (%d %%); mean anchoring %.1f of 5; most common difficulties: %s."},
	"next":       {SV: "Processen står i %s. Skriv ut rapporten, CSV-filerna, kalendern och Popolo-filen med -out katalog.", EN: "The process is in the %s phase. Write the report, the CSV files, the calendar and the Popolo file with -out directory."},
}

// Print writes the run's timeline, meetings, groups and counts in lang.
func (r *Result) Print(ctx context.Context, w io.Writer, lang model.Lang) error {
	s, err := r.Engine.Load(ctx, r.Process)
	if err != nil {
		return err
	}

	var b strings.Builder
	fmt.Fprintf(&b, "%s\n%s\n\n", s.Process().Name, text.Say(lang, "synthetic", r.Config.Proposals, r.Config.Seed))

	if err := scenario.WriteTimeline(&b, s, lang); err != nil {
		return err
	}

	fmt.Fprintf(&b, "\n%s\n", text.Say(lang, "meetings"))
	for _, m := range s.Meetings() {
		status := text.Say(lang, "plannedfor")
		if m.Held {
			status = text.Say(lang, "held")
		}
		line := fmt.Sprintf("  %s  %s", m.Date, m.Title)
		if m.Place != "" {
			line += ", " + m.Place
		}
		line += fmt.Sprintf(" (%s, %s)", m.Kind.Label().In(lang), status)
		if m.HeadCount > 0 {
			line += ", " + text.Say(lang, "attendees", m.HeadCount)
		}
		fmt.Fprintln(&b, line)
	}

	fmt.Fprintf(&b, "\n%s\n", text.Say(lang, "groups"))
	for _, g := range s.Groups() {
		members := s.Members(g.ID, model.Date{})
		line := fmt.Sprintf("  %s (%s)", g.Name, g.Kind.Label().In(lang))
		if len(members) > 0 {
			line += ": " + text.Say(lang, "members", len(members))
		}
		for _, m := range members {
			if p, ok := s.Person(m.Member.Person); ok && m.Role == model.RoleChair {
				line += ", " + text.Say(lang, "chair", fmt.Sprintf("%s (%s)", p.Name, p.Party))
			}
		}
		fmt.Fprintln(&b, line)
	}

	municipalities, situations, sources, split := 0, 0, 0, 0
	for _, o := range s.Organisations() {
		if o.Kind == model.KindMunicipality {
			municipalities++
		}
	}
	for _, p := range s.Proposals() {
		if p.Kind == model.ProposalSituation {
			situations++
		}
	}
	for _, p := range s.Proposals() {
		if d, _ := s.Disposition(p.ID); len(d.Measures) > 1 {
			split++
		}
	}
	measures := s.Measures()
	used := map[model.ProposalID]bool{}
	for _, m := range measures {
		for _, p := range m.Sources {
			used[p] = true
		}
	}
	sources = len(used)
	fmt.Fprintf(&b, "\n%s\n", text.Say(lang, "orgs", len(s.Organisations()), municipalities))
	fmt.Fprintln(&b, text.Say(lang, "proposals", len(s.Proposals()), situations, len(s.Proposals())-situations))
	fmt.Fprintln(&b, text.Say(lang, "measures", len(measures), sources))

	fmt.Fprintf(&b, "\n%s\n", text.Say(lang, "fates"))
	counts := s.Counts()
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	for _, k := range model.DispositionKinds() {
		line := fmt.Sprintf("  %s\t%d", k.Label().In(lang), counts.ByDisposition[k])
		if k == model.DispositionMerged && split > 0 {
			line += "\t(" + text.Say(lang, "split", split) + ")"
		}
		fmt.Fprintln(tw, line)
	}
	fmt.Fprintf(tw, "  %s\t%d\n", text.Say(lang, "waiting"), counts.ByDisposition[0])
	if err := tw.Flush(); err != nil {
		return err
	}

	writeRemiss(&b, s, lang)
	scenario.WriteDecisions(&b, s, lang)
	writeFollowup(&b, s, lang)

	fmt.Fprintln(&b)
	r.WriteRecord(&b, s, lang)
	if len(measures) >= 12 {
		writeLineage(&b, s, measures[11].ID, lang)
	}
	fmt.Fprintf(&b, "\n%s\n", text.Say(lang, "next", strings.ToLower(s.Phase().Name.In(lang))))
	_, err = io.WriteString(w, b.String())
	return err
}

// writeFollowup summarises the matrix and the survey.
func writeFollowup(b *strings.Builder, s *process.State, lang model.Lang) {
	matrix := s.Matrix()
	if len(matrix) == 0 {
		return
	}
	fmt.Fprintf(b, "\n%s\n", text.Say(lang, "followup"))
	all := followup.RollupBy(matrix, func(followup.Entry) bool { return true })[true]
	var parts []string
	for _, st := range followup.Statuses() {
		parts = append(parts, fmt.Sprintf("%s %d", st.Label().In(lang), all.ByStatus[st]))
	}
	fmt.Fprintln(b, text.Say(lang, "matrix", matrixDay, all.Entries, strings.Join(parts, ", ")))
	for _, sv := range s.Surveys() {
		res, _ := s.SurveyResults(sv.ID)
		var top []string
		for _, t := range res.Questions[3].Themes[:min(3, len(res.Questions[3].Themes))] {
			top = append(top, fmt.Sprintf("%s (%d)", t.Theme, t.Count))
		}
		fmt.Fprintln(b, text.Say(lang, "survey", sv.Title, res.Answered, res.Of, model.Percent(res.Answered, res.Of), res.Questions[0].Mean, strings.Join(top, ", ")))
	}
}

// writeRemiss summarises the consultation round and its compilation.
func writeRemiss(b *strings.Builder, s *process.State, lang model.Lang) {
	rounds := s.Rounds()
	if len(rounds) == 0 {
		return
	}
	round := rounds[0]
	c, _ := s.Compilation(round.ID)
	fmt.Fprintf(b, "\n%s\n", text.Say(lang, "remiss"))
	scenario.WriteRound(b, s, round.ID, lang)
	byComments := slices.Clone(c.Measures)
	slices.SortStableFunc(byComments, func(a, b consultation.MeasureSummary) int { return len(b.Comments) - len(a.Comments) })
	var most []string
	for _, m := range byComments[:min(3, len(byComments))] {
		most = append(most, text.Say(lang, "onmeasure", m.Number, len(m.Comments)))
	}
	fmt.Fprintln(b, text.Say(lang, "commented", strings.Join(most, ", ")))
	revised, cited := 0, map[consultation.ResponseID]bool{}
	for _, m := range s.Measures() {
		behind := s.ResponsesBehind(m.ID)
		if len(behind) > 0 {
			revised++
		}
		for _, resp := range behind {
			cited[resp.ID] = true
		}
	}
	fmt.Fprintln(b, text.Say(lang, "revised", revised, len(cited)))
	fmt.Fprintln(b, text.Say(lang, "full"))
}

// writeLineage writes why a measure reads as it does.
func writeLineage(b *strings.Builder, s *process.State, id model.MeasureID, lang model.Lang) {
	l, ok := s.Lineage(id)
	if !ok {
		return
	}
	m := l.Measure
	fmt.Fprintf(b, "\n%s\n", text.Say(lang, "lineage", m.Number, m.Title))
	if area, ok := areaName(s, m.Area); ok {
		fmt.Fprintln(b, text.Say(lang, "about", m.Level.Label().In(lang), area))
	}
	fmt.Fprintln(b, text.Say(lang, "from", len(l.Sources)))
	for _, p := range l.Sources[:min(3, len(l.Sources))] {
		org, _ := s.Organisation(p.Submitter.Organisation)
		fmt.Fprintf(b, "    %q (%s, %s)\n", p.Title, p.Kind.Label().In(lang), org.Name)
	}
	for _, r := range l.Revisions {
		why := text.Say(lang, "created")
		switch {
		case len(r.Responses) > 0:
			why = scenario.Because(s, r, lang)
		case r.Version > 1:
			why = r.Cause.Note
			if meeting, ok := s.Meeting(r.Cause.Meeting); ok {
				why += " (" + meeting.Title + ", " + meeting.Date.String() + ")"
			}
		}
		fmt.Fprintln(b, text.Say(lang, "version", r.Version, scenario.Date(r.At), why))
	}
	if len(l.Revisions) > 1 {
		diff, _ := s.Diff(id, len(l.Revisions)-1, len(l.Revisions))
		fmt.Fprintln(b, text.Say(lang, "change", model.FormatDiff(diff)))
	}
	for _, d := range l.Documents {
		for _, it := range d.Items {
			if it.Measure == id {
				fmt.Fprintln(b, text.Say(lang, "pinned", d.Title, it.Version))
			}
		}
	}
}

func areaName(s *process.State, id model.AreaID) (string, bool) {
	for _, a := range s.Areas() {
		if a.ID == id {
			return a.Name, true
		}
	}
	return "", false
}
