package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/samling-go/samling/examples/internal/scenario"
	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/process"
)

// text holds the output's words in Swedish and English.
var text = map[string]model.Label{
	"synthetic": {
		SV: "Verkligt, ur landstingets förslag: faserna och deras planerade datum, länets 15 kommuner, organisationerna, projektledningsgruppen och den tillfälliga arbetsgruppen, insatsområdena och målen, samrådet januari–februari 2015, inbjudan i februari och den inledande workshopen i maj 2015.\nSyntetiskt (frö %d): personerna, samrådssvaren och samrådsmötena, och dagarna inom månaden.",
		EN: "Real, from the county council's proposal: the phases and their planned dates, the county's 15 municipalities, the organisations, the project management group and the temporary working group, the intervention areas and the goals, the samråd of January–February 2015, the invitation in February and the opening workshop in May 2015.\nSynthetic (seed %d): the persons, the samråd's answers and meetings, and the days within the month.",
	},
	"orgs":      {SV: "Organisationer: %d, varav %d kommuner i Dalarnas län (SCB:s kommunkoder).", EN: "Organisations: %d, of which %d municipalities of Dalarna county (Statistics Sweden's codes)."},
	"groups":    {SV: "Grupper: %s.", EN: "Groups: %s."},
	"members":   {SV: "%s (%d medlemmar)", EN: "%s (%d members)"},
	"proposal":  {SV: "Förslaget som gick ut på samråd: %q", EN: "The proposal sent out for samråd: %q"},
	"item":      {SV: "  %d. %s: %s", EN: "  %d. %s: %s"},
	"samrad":    {SV: "Samrådet", EN: "The samråd"},
	"notes":     {SV: "  %d svar är anteckningar från samrådsmöten: %s.", EN: "  %d answers are notes from samråd meetings: %s."},
	"revisions": {SV: "Ändrat efter samrådet, i %q", EN: "Changed after the samråd, in %q"},
	"revision":  {SV: "  %d. %s, version %d (%s):\n     %s", EN: "  %d. %s, version %d (%s):\n     %s"},
	"next":      {SV: "Processen står i %s sedan %s (%s, %s). Kommunernas beslut om deltagande, workshoparna och rekommendationerna kommer med senare versioner av biblioteket.", EN: "The process is in the %s phase since %s (%s, %s). The municipalities' decisions to take part, the workshops and the recommendations come with later versions of the library."},
}

func say(lang model.Lang, key string, args ...any) string {
	return fmt.Sprintf(text[key].In(lang), args...)
}

// Print writes what the run recorded, in lang.
func (r *Result) Print(ctx context.Context, w io.Writer, lang model.Lang) error {
	s, err := r.Engine.Load(ctx, r.Process)
	if err != nil {
		return err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n%s\n\n", s.Process().Name, say(lang, "synthetic", r.Seed))
	if err := scenario.WriteTimeline(&b, s, lang); err != nil {
		return err
	}

	municipalities := 0
	for _, o := range s.Organisations() {
		if o.Kind == model.KindMunicipality {
			municipalities++
		}
	}
	fmt.Fprintf(&b, "\n%s\n", say(lang, "orgs", len(s.Organisations()), municipalities))
	var groups []string
	for _, g := range s.Groups() {
		groups = append(groups, say(lang, "members", g.Name, len(s.Members(g.ID, model.Date{}))))
	}
	fmt.Fprintln(&b, say(lang, "groups", strings.Join(groups, ", ")))

	docs := s.Documents()
	rounds := s.Rounds()
	if len(docs) > 0 && len(rounds) > 0 {
		_, items, _ := s.Document(rounds[0].Document)
		fmt.Fprintf(&b, "\n%s\n", say(lang, "proposal", docs[0].Title))
		for _, it := range items {
			fmt.Fprintln(&b, say(lang, "item", it.Measure.Number, it.Revision.Title, it.Revision.Text))
		}
		fmt.Fprintf(&b, "\n%s\n", say(lang, "samrad"))
		scenario.WriteRound(&b, s, rounds[0].ID, lang)
		writeNotes(&b, rounds[0], lang)
		writeRevisions(&b, s, docs[len(docs)-1], lang)
	}

	fmt.Fprintln(&b)
	if err := r.WriteRecord(ctx, &b, lang); err != nil {
		return err
	}
	for _, e := range s.Timeline() {
		if !e.Reached() || !e.Left.IsZero() {
			continue
		}
		for _, m := range s.Meetings() {
			if m.Held && m.Kind == model.MeetingWorkshop && m.Date == model.DateOf(e.Entered) {
				fmt.Fprintf(&b, "\n%s\n", say(lang, "next", strings.ToLower(e.Phase.Name.In(lang)), m.Date, m.Title, m.Place))
			}
		}
	}
	_, err = io.WriteString(w, b.String())
	return err
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
		fmt.Fprintln(b, say(lang, "notes", n, strings.Join(meetings, "; ")))
	}
}

// writeRevisions lists the items the samråd changed, with the answers
// behind each change and the change itself.
func writeRevisions(b *strings.Builder, s *process.State, doc model.Document, lang model.Lang) {
	fmt.Fprintf(b, "\n%s\n", say(lang, "revisions", doc.Title))
	_, items, _ := s.Document(doc.ID)
	for _, it := range items {
		if len(it.Revision.Responses) == 0 {
			continue
		}
		diff, _ := s.Diff(it.Measure.ID, it.Revision.Version-1, it.Revision.Version)
		fmt.Fprintln(b, say(lang, "revision", it.Measure.Number, it.Revision.Title, it.Revision.Version,
			scenario.Because(s, it.Revision, lang), model.FormatDiff(diff)))
	}
}
