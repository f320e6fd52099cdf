package main

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/samling-go/samling/consultation"
	"github.com/samling-go/samling/examples/internal/scenario"
	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/process"
)

// The remiss's dates are not in the public record: the round went out after
// the public health committee's decision of December 2012 and came back
// before the regional board approved. These are assumed, and the output
// says so.
var (
	remissDrafted  = model.MakeDate(2012, 12, 17)
	remissOpened   = model.MakeDate(2013, 1, 14)
	remissDeadline = model.MakeDate(2013, 4, 12)
	remissExtended = model.MakeDate(2013, 4, 30)
	remissClosed   = model.MakeDate(2013, 5, 6)
	remissCompiled = model.MakeDate(2013, 5, 13)
	remissRevised  = model.MakeDate(2013, 5, 20)
)

// A synthetic comment on a measure, and the sentence the measure gains when
// the working group takes it up.
type remark struct{ comment, sentence string }

var remarks = []remark{
	{"Åtgärden bör omfatta även äldre.", "Åtgärden omfattar även äldre."},
	{"Ange tydligare vem som ansvarar.", "Regionen och kommunerna ansvarar gemensamt."},
	{"Kostnaderna och finansieringen behöver belysas.", "Kostnaderna fördelas enligt överenskommelse mellan huvudmännen."},
	{"Samverkan med civilsamhället bör lyftas fram.", "Arbetet sker i samverkan med civilsamhällets organisationer."},
	{"Uppföljningen behöver konkretiseras.", "Åtgärden följs upp årligen med indikatorer för jämlik hälsa."},
	{"Glesbygdens förutsättningar bör beaktas.", "Åtgärden anpassas till glesbygdens förutsättningar."},
}

// answer is a synthetic response and when it arrives.
type answer struct {
	at   time.Time
	resp consultation.Response
	// remarks are the indexes into remarks of the comments, by measure.
	remarks map[model.MeasureID]int
	// superseded is set when the consultee answers again.
	superseded bool
}

// remiss sends the committee's proposal out for consultation to the 49
// municipalities (required) and the working group's other organisations
// (optional), collects the synthetic answers, compiles them and revises the
// measures the answers asked to change. measures carry their current texts.
func (r *runner) remiss(doc model.DocumentID, orgs organisations, measures []model.Measure) {
	round := consultation.Round{
		ID: scenario.NewID[consultation.Round](r.ids), Kind: consultation.Remiss,
		Title:    "Samling för social hållbarhet – förslag till åtgärder för jämlik hälsa",
		Document: doc, Deadline: remissDeadline,
	}
	for _, m := range orgs.municipalities {
		round.Consultees = append(round.Consultees, consultation.Consultee{Organisation: m.ID, Required: true})
	}
	for _, o := range orgs.others {
		if o.ID != orgs.region { // the region sends the remiss
			round.Consultees = append(round.Consultees, consultation.Consultee{Organisation: o.ID})
		}
	}
	r.Do(remissDrafted, process.DraftRound{Round: round})
	// Each consultee's answer is signed by its own official; the region's
	// registrar registers it.
	signer := map[model.OrganisationID]model.PersonID{}
	for _, c := range round.Consultees {
		signer[c.Organisation] = r.person(remissDrafted, c.Organisation, "handläggare", "")
	}
	r.Do(remissOpened, process.OpenRound{Round: round.ID})

	// Two municipalities ask for more time.
	extended := map[model.OrganisationID]bool{}
	for _, name := range []string{"Lysekil", "Tibro"} {
		id := find(orgs.municipalities, name)
		extended[id] = true
		r.Do(model.MakeDate(2013, 3, 25), process.ExtendDeadline{Round: round.ID, Organisation: id, Deadline: remissExtended})
	}

	answers := synthesizeAnswers(r.rng, r.ids, round, extended, measures, find(orgs.municipalities, "Borås"))
	for _, a := range answers {
		a.resp.RespondedBy = signer[a.resp.Organisation]
		r.DoAt(a.at, process.SubmitResponse{Response: a.resp})
	}
	r.Do(remissClosed, process.CloseRound{Round: round.ID})
	r.Do(remissCompiled, process.CompileRound{Round: round.ID})

	// The working group revises every measure on which at least two
	// consultees made the same point, and measure 12, on Borås's word;
	// each revision names the answers behind it.
	for _, m := range measures {
		cited := map[int][]consultation.ResponseID{}
		for _, a := range answers {
			if k, ok := a.remarks[m.ID]; ok && !a.superseded {
				cited[k] = append(cited[k], a.resp.ID)
			}
		}
		var sentences []string
		var because []consultation.ResponseID
		for k := range remarks {
			if len(cited[k]) >= 2 || (m.Number == 12 && len(cited[k]) > 0) {
				sentences = append(sentences, remarks[k].sentence)
				because = append(because, cited[k]...)
			}
		}
		if len(because) == 0 {
			continue
		}
		r.Do(remissRevised, process.ReviseMeasure{Measure: m.ID, Text: addSentences(m.Text, sentences...), Responses: because})
	}
}

// syntheticMark ends every synthetic measure text.
const syntheticMark = "Syntetisk text."

// addSentences adds sentences to a measure's text, before its synthetic
// mark.
func addSentences(text string, sentences ...string) string {
	return strings.TrimSuffix(text, syntheticMark) + strings.Join(sentences, " ") + " " + syntheticMark
}

// synthesizeAnswers makes the consultees' answers, in the order they
// arrive. Most answer, some late, a few not at all and a few explicitly
// without an answer; some send a second answer that supersedes the first.
// Borås comments on measure 12.
func synthesizeAnswers(rng, ids *rand.Rand, round consultation.Round, extended map[model.OrganisationID]bool, measures []model.Measure, borås model.OrganisationID) []answer {
	var out []answer
	start := remissOpened.AddDays(14)
	for i, c := range round.Consultees {
		deadline := remissDeadline
		if extended[c.Organisation] {
			deadline = remissExtended
		}
		roll := rng.IntN(100)
		if c.Organisation != borås && roll < 6 {
			continue // silent
		}
		// Most answer in the last month before their deadline; one in ten
		// up to a week late.
		day := deadline.AddDays(-rng.IntN(40))
		if rng.IntN(10) == 0 {
			day = deadline.AddDays(1 + rng.IntN(7))
		}
		if day.Before(start) {
			day = start
		}
		a := answer{
			at: day.Time(time.UTC).Add(time.Duration(8+rng.IntN(8)) * time.Hour),
			resp: consultation.Response{
				ID: scenario.NewID[consultation.Response](ids), Round: round.ID, Organisation: c.Organisation,
				Reference: fmt.Sprintf("Dnr %d/2013-%03d (syntetiskt)", 1+rng.IntN(9), i+1),
			},
			remarks: map[model.MeasureID]int{},
		}
		switch s := rng.IntN(100); {
		case c.Organisation != borås && roll < 10:
			a.resp.Stance = consultation.NoAnswer
			a.resp.Reference = ""
		case s < 40 && c.Organisation != borås:
			a.resp.Stance = consultation.Supports
		case s < 85 || c.Organisation == borås:
			a.resp.Stance = consultation.SupportsWithChanges
		case s < 90:
			a.resp.Stance = consultation.Opposes
		default:
			a.resp.Stance = consultation.DeclinesToComment
		}
		comments := 0
		switch a.resp.Stance {
		case consultation.SupportsWithChanges:
			comments = 1 + rng.IntN(4)
		case consultation.Supports, consultation.Opposes:
			comments = rng.IntN(2)
		}
		for range comments {
			m := measures[rng.IntN(len(measures))]
			if _, dup := a.remarks[m.ID]; dup {
				continue
			}
			k := rng.IntN(len(remarks))
			a.add(m.ID, k, a.resp.Stance)
		}
		if c.Organisation == borås {
			a.add(measures[11].ID, 1, consultation.SupportsWithChanges)
		}
		out = append(out, a)

		// One in twelve sends a second answer after its political
		// committee has decided: the first is superseded, and kept.
		if a.resp.Stance != consultation.NoAnswer && rng.IntN(12) == 0 {
			out[len(out)-1].superseded = true
			second := a
			second.at = a.at.Add(time.Duration(3+rng.IntN(10)) * 24 * time.Hour)
			second.resp.ID = scenario.NewID[consultation.Response](ids)
			second.resp.Note = "Kompletterat svar efter nämndens beslut; ersätter det tidigare."
			out = append(out, second)
		}
	}
	slices.SortStableFunc(out, func(a, b answer) int { return a.at.Compare(b.at) })
	return out
}

// add records a comment on a measure: the remark's text, and the stance.
func (a *answer) add(m model.MeasureID, k int, stance consultation.Stance) {
	if _, dup := a.remarks[m]; dup {
		return
	}
	a.remarks[m] = k
	a.resp.Items = append(a.resp.Items, consultation.ItemResponse{Measure: m, Stance: stance, Comment: remarks[k].comment})
}
