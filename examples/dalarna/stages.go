package main

import (
	"fmt"

	"github.com/samling-go/samling/examples/internal/scenario"
	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/process"
)

// The participation decisions are not in the seeds: these are synthetic.
// Gagnef declines (it was also silent in the samråd), and so do the police;
// every other invited organisation joins.
const declines = "2026"

// invite sends the direct invitation of February 2015 to the county's
// municipalities, authorities and organisations, and records each one's own
// decision by April 2015: its deciding body, its record reference, its
// representatives (the official with the overall view and a practitioner)
// and the intervention area it shares responsibility for.
func (r *dalarna) invite() {
	r.Do(model.MakeDate(2015, 2, 25), process.PinDocument{Document: scenario.NewID[model.Document](r.ids),
		Title: "Inbjudan till formellt deltagande: innehåll och målsättningar, februari 2015"})
	invited := make([]model.OrganisationID, 0, len(r.municipalities)+len(r.others))
	for _, o := range r.municipalities {
		invited = append(invited, o.ID)
	}
	for _, o := range r.others {
		invited = append(invited, o.ID)
	}
	r.Do(model.MakeDate(2015, 2, 25), process.Invite{Organisations: invited, Note: "Direkt inbjudan från Landstinget Dalarna och den tillfälliga arbetsgruppen"})
	for i, o := range append(append([]model.Organisation(nil), r.municipalities...), r.others...) {
		day := model.MakeDate(2015, 3, 9).AddDays(2 * i) // by April 2015
		p := model.Participation{Organisation: o.ID, Date: day, Body: "Kommunstyrelsen",
			Reference: fmt.Sprintf("KS 2015/%04d (syntetiskt)", 100+r.rng.IntN(900))}
		switch o.Kind {
		case model.KindCountyAdministrativeBoard:
			p.Body, p.Reference = "Landshövdingen", fmt.Sprintf("Dnr 700-%d-2015 (syntetiskt)", 1000+r.rng.IntN(9000))
		case model.KindRegion:
			p.Body = "Regionstyrelsen"
		case model.KindPolice:
			p.Body, p.Reference = "Polismästaren", fmt.Sprintf("A%d.%03d/2015 (syntetiskt)", 100+r.rng.IntN(900), r.rng.IntN(1000))
		case model.KindUniversity:
			p.Body, p.Reference = "Rektor", fmt.Sprintf("HDa 1.1-2015/%d (syntetiskt)", 100+r.rng.IntN(900))
		}
		p.Joins = o.Code != declines && o.Kind != model.KindPolice
		if p.Joins {
			area := r.areas[i%len(r.areas)]
			practitioner := model.Person{ID: scenario.NewID[model.Person](r.ids), Name: syntheticName(r.rng), Title: "verksamhetsföreträdare", Organisation: o.ID}
			r.Do(day, process.RegisterPerson{Person: practitioner})
			if official, ok := r.officials[o.ID]; ok {
				p.Representatives = append(p.Representatives, model.Representative{Person: official, Role: model.RoleOfficial})
			}
			p.Representatives = append(p.Representatives, model.Representative{Person: practitioner.ID, Role: model.RolePractitioner, Area: area.ID})
			p.Areas = []model.AreaID{area.ID}
		}
		// Registered by the coordinator under the organisation's own record
		// reference.
		r.Do(day, process.DecideParticipation{Participation: p})
	}
}

// workshops are the six of the execution phase: the opening one, one per
// intervention area, and the closing one. Their months are the plan's;
// the days and head counts are synthetic.
var workshops = []struct {
	title string
	day   model.Date
	area  int // 1-based; 0 for the opening and closing ones
	heads int
}{
	{"Inledande workshop", model.MakeDate(2015, 5, 20), 0, 62},
	{"Workshop: mäta, analysera och bedöma effekter", model.MakeDate(2015, 9, 23), 1, 41},
	{"Workshop: alla barn och unga en bra start i livet", model.MakeDate(2015, 12, 2), 2, 48},
	{"Workshop: förutsättningar till egen försörjning", model.MakeDate(2016, 3, 16), 3, 39},
	{"Workshop: hälsofrämjande och hållbara miljöer", model.MakeDate(2016, 6, 1), 4, 44},
	{"Avslutande workshop", model.MakeDate(2016, 9, 21), 0, 57},
}

// recommendations are the two the process led to (seed 004).
var recommendations = []string{
	"Skapa en regional samverkansstruktur till stöd för det lokala tvärsektoriella arbetet för god och jämlik hälsa i ett hållbart Dalarna.",
	"Skapa en regional arena för sociala innovationer i Dalarna.",
}

// execute holds the opening workshop of May 2015, which starts the
// execution phase and forms a thematic working group per intervention
// area from the practitioners, then the area workshops and the closing
// one of September 2016, where the two recommendations are written.
func (r *dalarna) execute() {
	s, err := r.Engine.Load(r.Ctx, r.Process)
	if err != nil {
		return // the runner reports the failure that left no process
	}
	for i, w := range workshops {
		m := model.Meeting{ID: scenario.NewID[model.Meeting](r.ids), Kind: model.MeetingWorkshop, Title: w.title, Date: w.day, Place: "Falun", Organiser: r.countyCouncil.ID}
		if w.area > 0 {
			m.Areas = []model.AreaID{r.areas[w.area-1].ID} // a themed workshop names its theme
		}
		r.Do(w.day.AddDays(-60), process.PlanMeeting{Meeting: m})
		r.Do(w.day, process.RecordMeeting{Meeting: m.ID, HeadCount: w.heads})
		switch {
		case i == 0:
			r.Do(w.day, process.Advance{Trigger: "execute"})
			r.thematicGroups(s, w.day)
		case i == len(workshops)-1:
			for n, title := range recommendations {
				r.Do(w.day, process.CreateRecommendation{Recommendation: model.Recommendation{
					ID: scenario.NewID[model.Recommendation](r.ids), Number: n + 1, Title: title}})
			}
		}
	}
}

// thematicGroups forms a thematic working group per area, of the
// practitioners the participants named for it.
func (r *dalarna) thematicGroups(s *process.State, day model.Date) {
	for _, a := range r.areas {
		g := model.Group{ID: scenario.NewID[model.Group](r.ids), Kind: model.GroupThematicWorking, Name: fmt.Sprintf("Arbetsgrupp %d", a.Number), Area: a.ID}
		r.Do(day, process.FormGroup{Group: g})
		for _, inv := range s.Invitations() {
			if inv.Decision == nil {
				continue
			}
			for _, rep := range inv.Decision.Representatives {
				if rep.Role == model.RolePractitioner && rep.Area == a.ID {
					r.join(day, g.ID, model.Member{Person: rep.Person}, model.RoleMember)
				}
			}
		}
	}
}

// disseminate moves to the dissemination phase, holds the conference of
// the winter of 2016 with the final report, and records the new political
// decision, by the project management group, that starts a new cycle.
func (r *dalarna) disseminate() {
	r.Do(model.MakeDate(2016, 10, 3), process.Advance{Trigger: "disseminate"})
	conference := model.Meeting{ID: scenario.NewID[model.Meeting](r.ids), Kind: model.MeetingConference, Title: "Konferens: God och jämlik hälsa i ett hållbart Dalarna",
		Date: model.MakeDate(2016, 11, 29), Place: "Falun", Organiser: r.countyCouncil.ID}
	r.Do(model.MakeDate(2016, 10, 3), process.PlanMeeting{Meeting: conference})
	r.Do(conference.Date, process.RecordMeeting{Meeting: conference.ID, HeadCount: 180, Attachments: []model.Attachment{{
		Title: "Slutrapport: God och jämlik hälsa i ett hållbart Dalarna",
		Text:  "Samlingens process har lett fram till två rekommendationer: 1. " + recommendations[0] + " 2. " + recommendations[1],
	}}})

	meeting := model.Meeting{ID: scenario.NewID[model.Meeting](r.ids), Kind: model.MeetingGroup, Title: "Projektledningsgruppens möte",
		Date: model.MakeDate(2016, 12, 14), Group: r.pm.ID}
	r.Do(model.MakeDate(2016, 12, 1), process.PlanMeeting{Meeting: meeting})
	r.Do(meeting.Date, process.RecordMeeting{Meeting: meeting.ID})
	var votes []model.Vote
	for _, m := range []model.OrganisationID{r.countyCouncil.ID, r.others[0].ID, r.others[1].ID} {
		votes = append(votes, model.Vote{Member: model.Member{Organisation: m}, Position: model.Agree})
	}
	r.Do(meeting.Date, process.Decide{Decision: model.Decision{ID: scenario.NewID[model.Decision](r.ids), Body: r.pm.ID, Meeting: meeting.ID,
		Subject: model.Subject{Kind: model.SubjectPhase, Trigger: "restart", Title: "Nästa steg: en ny förberedande fas"},
		Votes:   votes, Note: "Rapporten ligger till grund för nästa steg; nya politiska beslut hos huvudmännen begärs.", Paragraph: 1}})
	r.Do(model.MakeDate(2017, 1, 9), process.Advance{Trigger: "restart"})
}
