package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/samling-go/samling/examples/internal/scenario"
	"github.com/samling-go/samling/export"
	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/process"
)

// text holds the output's words in Swedish and English.
var text = scenario.Words{
	"synthetic": {
		SV: "Verkligt, ur landstingets förslag och slutrapporten: faserna och deras planerade datum, länets 15 kommuner, organisationerna, projektledningsgruppen och den tillfälliga arbetsgruppen, insatsområdena och målen, samrådet januari–februari 2015, inbjudan i februari, besluten om deltagande senast i april, de sex workshoparna med sina månader, de två rekommendationerna, spridningsfasen och det nya steget; mötet i Leksand 2014-09-16 efter sina minnesanteckningar.\nSyntetiskt (frö %d): personerna i processen, samrådssvaren och samrådsmötena, vilka som deltar eller avböjer, diarienumren, deltagarantalen och dagarna inom månaden.",
		EN: "Real, from the county council's proposal and the final report: the phases and their planned dates, the county's 15 municipalities, the organisations, the project management group and the temporary working group, the intervention areas and the goals, the samråd of January–February 2015, the invitation in February, the participation decisions by April, the six workshops with their months, the two recommendations, the dissemination and the next step; the Leksand meeting of 2014-09-16 from its minutes.\nSynthetic (seed %d): the persons of the process, the samråd's answers and meetings, who joins or declines, the record references, the head counts and the days within the month.",
	},
	"orgs":        {SV: "Organisationer: %d, varav %d kommuner i Dalarnas län (SCB:s kommunkoder).", EN: "Organisations: %d, of which %d municipalities of Dalarna county (Statistics Sweden's codes)."},
	"groups":      {SV: "Grupper: %s.", EN: "Groups: %s."},
	"members":     {SV: "%s (%d medlemmar)", EN: "%s (%d members)"},
	"proposal":    {SV: "Förslaget som gick ut på samråd: %q", EN: "The proposal sent out for samråd: %q"},
	"item":        {SV: "  %d. %s: %s", EN: "  %d. %s: %s"},
	"samrad":      {SV: "Samrådet", EN: "The samråd"},
	"notes":       {SV: "  %d svar är anteckningar från samrådsmöten: %s.", EN: "  %d answers are notes from samråd meetings: %s."},
	"revisions":   {SV: "Ändrat efter samrådet, i %q", EN: "Changed after the samråd, in %q"},
	"revision":    {SV: "  %d. %s, version %d (%s):\n     %s", EN: "  %d. %s, version %d (%s):\n     %s"},
	"invited":     {SV: "Deltagande: %d inbjudna, %d deltar; avböjer: %s.", EN: "Participation: %d invited, %d take part; declining: %s."},
	"responsible": {SV: "  %d. %s: %s", EN: "  %d. %s: %s"},
	"workshops":   {SV: "Workshopar", EN: "Workshops"},
	"workshop":    {SV: "  %s  %s, %s, %d deltagare", EN: "  %s  %s, %s, %d participants"},
	"recs":        {SV: "Rekommendationer", EN: "Recommendations"},
	"rec":         {SV: "  %d. %s", EN: "  %d. %s"},
	"next":        {SV: "Processen står i %s, cykel %d, sedan %s: slutrapporten ligger till grund för nästa steg.", EN: "The process is in the %s phase, cycle %d, since %s: the final report is the basis for the next step."},
	"minutesof":   {SV: "Minnesanteckningarna från Leksand, 2014-09-16", EN: "The minutes of Leksand, 2014-09-16"},
}

// Print writes what the run recorded, in lang.
func (r *Result) Print(ctx context.Context, w io.Writer, lang model.Lang) error {
	s, err := r.Engine.Load(ctx, r.Process)
	if err != nil {
		return err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n%s\n\n", s.Process().Name, text.Say(lang, "synthetic", r.Seed))
	if err := scenario.WriteTimeline(&b, s, lang); err != nil {
		return err
	}

	municipalities := 0
	for _, o := range s.Organisations() {
		if o.Kind == model.KindMunicipality {
			municipalities++
		}
	}
	fmt.Fprintf(&b, "\n%s\n", text.Say(lang, "orgs", len(s.Organisations()), municipalities))
	var groups []string
	for _, g := range s.Groups() {
		groups = append(groups, text.Say(lang, "members", g.Name, len(s.Members(g.ID, model.Date{}))))
	}
	fmt.Fprintln(&b, text.Say(lang, "groups", strings.Join(groups, ", ")))

	docs := s.Documents()
	rounds := s.Rounds()
	if len(docs) > 0 && len(rounds) > 0 {
		_, items, _ := s.Document(rounds[0].Document)
		fmt.Fprintf(&b, "\n%s\n", text.Say(lang, "proposal", docs[0].Title))
		for _, it := range items {
			fmt.Fprintln(&b, text.Say(lang, "item", it.Measure.Number, it.Revision.Title, it.Revision.Text))
		}
		fmt.Fprintf(&b, "\n%s\n", text.Say(lang, "samrad"))
		scenario.WriteRound(&b, s, rounds[0].ID, lang)
		writeNotes(&b, rounds[0], lang)
		writeRevisions(&b, s, docs[len(docs)-1], lang)
	}

	writeParticipation(&b, s, lang)
	fmt.Fprintf(&b, "\n%s\n", text.Say(lang, "workshops"))
	for _, m := range s.Meetings() {
		if m.Kind == model.MeetingWorkshop {
			fmt.Fprintln(&b, text.Say(lang, "workshop", m.Date, m.Title, m.Place, m.HeadCount))
		}
	}
	fmt.Fprintf(&b, "\n%s\n", text.Say(lang, "recs"))
	for _, rec := range s.Recommendations() {
		fmt.Fprintln(&b, text.Say(lang, "rec", rec.Number, rec.Title))
	}
	scenario.WriteDecisions(&b, s, lang)

	fmt.Fprintln(&b)
	r.WriteRecord(&b, s, lang)
	tl := s.Timeline()
	for _, e := range tl {
		if e.Reached() && e.Left.IsZero() {
			fmt.Fprintf(&b, "\n%s\n", text.Say(lang, "next", strings.ToLower(e.Phase.Name.In(lang)), e.Cycle, scenario.Date(e.Entered)))
		}
	}
	for _, m := range s.Meetings() {
		if m.Held && m.Date == model.MakeDate(2014, 9, 16) {
			// The minutes name their attendees, as the published minutes do;
			// a protected identity is still never named.
			fmt.Fprintf(&b, "\n%s\n\n", text.Say(lang, "minutesof"))
			if err := export.Minutes(&b, s, m.ID, export.Options{Names: export.ShowNames, Lang: lang}); err != nil {
				return err
			}
		}
	}
	_, err = io.WriteString(w, b.String())
	return err
}

// writeParticipation says who was invited, who takes part and who
// declined, and who shares responsibility for each intervention area.
func writeParticipation(b *strings.Builder, s *process.State, lang model.Lang) {
	invitations := s.Invitations()
	var declined []string
	byArea := map[model.AreaID][]string{}
	for _, inv := range invitations {
		org, _ := s.Organisation(inv.Organisation)
		if inv.Decision != nil && !inv.Decision.Joins {
			declined = append(declined, org.Name)
		}
		if inv.Decision != nil {
			for _, a := range inv.Decision.Areas {
				byArea[a] = append(byArea[a], org.Name)
			}
		}
	}
	if len(invitations) == 0 {
		return
	}
	fmt.Fprintf(b, "\n%s\n", text.Say(lang, "invited", len(invitations), len(s.Participants()), strings.Join(declined, ", ")))
	for _, a := range s.Areas() {
		fmt.Fprintln(b, text.Say(lang, "responsible", a.Number, a.Name, strings.Join(byArea[a.ID], ", ")))
	}
}

// writeNotes says which answers came as notes from the dialogue meetings.
func writeNotes(b *strings.Builder, round process.Round, lang model.Lang) {
	var meetings []string
	n := 0
	for _, resp := range round.Responses {
		if strings.HasPrefix(resp.Reference, "Anteckningar") {
			n++
			if !slices.Contains(meetings, resp.Reference) {
				meetings = append(meetings, resp.Reference)
			}
		}
	}
	if n > 0 {
		fmt.Fprintln(b, text.Say(lang, "notes", n, strings.Join(meetings, "; ")))
	}
}

// writeRevisions lists the items the samråd changed, with the answers
// behind each change and the change itself.
func writeRevisions(b *strings.Builder, s *process.State, doc model.Document, lang model.Lang) {
	fmt.Fprintf(b, "\n%s\n", text.Say(lang, "revisions", doc.Title))
	_, items, _ := s.Document(doc.ID)
	for _, it := range items {
		if len(it.Revision.Responses) == 0 {
			continue
		}
		diff, _ := s.Diff(it.Measure.ID, it.Revision.Version-1, it.Revision.Version)
		fmt.Fprintln(b, text.Say(lang, "revision", it.Measure.Number, it.Revision.Title, it.Revision.Version,
			scenario.Because(s, it.Revision, lang), model.FormatDiff(diff)))
	}
}
