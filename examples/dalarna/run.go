package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/samling-go/samling/consultation"
	"github.com/samling-go/samling/examples/internal/scenario"
	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
	"github.com/samling-go/samling/process"
)

// Result is a run: the engine reads the record from the store.
type Result struct {
	Seed uint64
	scenario.Outcome
}

// The intervention areas (insatsområden) of the county council's proposal.
var areaNames = []string{
	"Förbättra möjligheterna att mäta, analysera samt bedöma effekterna av åtgärder som vidtas",
	"Ge alla barn och unga en bra start i livet",
	"Ge alla förutsättningar till egen försörjning",
	"Skapa hälsofrämjande och hållbara miljöer och samhällen för alla",
}

// goals are the proposal's goals, as the county council wrote them.
var goals = []struct{ title, text string }{
	{"Mål för det första steget", "Samlingens mål, för detta första steg, är att redovisa kunskap och erfarenheter som kan tjäna som underlag för ett fortsatt arbete."},
	{"Medellångsiktigt mål", "Länets lokala och regionala organisationer har strukturer, verktyg och arbetssätt som skapar långsiktiga förutsättningar för att minska skillnader i hälsa, och jämlikhet i hälsa är ett integrerat mål i all politik och i ordinarie styrning och ledning."},
	{"Långsiktigt mål", "Skillnaderna i hälsa minskar i Dalarna."},
}

// The samråd's days are synthetic; its months, January–February 2015, are
// the plan's.
var (
	samradOpened   = model.MakeDate(2015, 1, 12)
	samradDeadline = model.MakeDate(2015, 2, 13)
	samradClosed   = model.MakeDate(2015, 2, 16)
	samradCompiled = model.MakeDate(2015, 2, 18)
	samradRevised  = model.MakeDate(2015, 2, 20)
)

// dialogue is a samråd meeting: the municipalities that take part answer
// with the meeting's notes.
type dialogue struct {
	place string
	day   model.Date
	codes []string // municipality codes
}

var dialogues = []dialogue{
	{"Mora", model.MakeDate(2015, 1, 28), []string{"2062", "2021", "2039", "2023", "2034", "2031"}}, // Mora, Vansbro, Älvdalen, Malung-Sälen, Orsa, Rättvik
	{"Borlänge", model.MakeDate(2015, 2, 4), []string{"2081", "2082", "2083", "2084", "2085"}},      // Borlänge, Säter, Hedemora, Avesta, Ludvika
}

// In the synthetic answers, Gagnef stays silent and Leksand answers late.
const (
	silent = "2026"
	late   = "2029"
)

// An item's synthetic comment, and the sentence the item gains when the
// temporary working group takes it up.
var remarks = []struct{ comment, sentence string }{
	{"Civilsamhällets roll behöver beskrivas.", "Civilsamhällets organisationer bjuds in att bidra."},
	{"Kommunernas resurser för deltagandet behöver klargöras.", "Varje deltagande organisation avsätter tid för en tjänsteman med övergripande perspektiv."},
	{"Koppla till pågående arbete, till exempel PSYNK och Hälsa på lika villkor.", "Arbetet tar fasta på det som redan pågår i länet."},
	{"Målen bör gå att följa upp.", "Målen följs upp med länsgemensamma indikatorer."},
}

// Run runs Dalarna's process in store from the county council's proposal
// in November 2014 to the opening workshop of May 2015, which starts the
// execution phase. Everything, IDs included, follows from seed, so a second
// run against the same store skips what the first recorded.
func Run(ctx context.Context, store process.Store, seed uint64) (*Result, error) {
	ids := rand.New(rand.NewPCG(seed, 0x4944))
	rng := rand.New(rand.NewPCG(seed, 0x44616c61))
	id := scenario.NewID[model.Process](ids)
	// The county council's public health strategist leads the preparatory phase.
	actor := model.Actor{Person: scenario.NewID[model.Person](ids), Capacity: model.RoleProjectLead}
	r, err := scenario.NewRunner(ctx, store, id, actor)
	if err != nil {
		return nil, err
	}
	day := model.MakeDate

	r.Do(day(2014, 11, 3), process.StartProcess{
		Process:  model.Process{ID: id, Name: "Samling för social hållbarhet i Dalarna"},
		Template: phase.Dalarna(),
	})

	// The county's 15 municipalities, from Statistics Sweden's table, and
	// the organisations the proposal names.
	var municipalities []model.Organisation
	for _, m := range model.MunicipalitiesIn("20") {
		org, _ := model.MunicipalityOrganisation(m.Code)
		org.ID = scenario.NewID[model.Organisation](ids)
		municipalities = append(municipalities, org)
	}
	countyCouncil := model.Organisation{ID: scenario.NewID[model.Organisation](ids), Name: "Landstinget Dalarna", Kind: model.KindCountyCouncil, Code: "20"}
	others := []model.Organisation{
		{ID: scenario.NewID[model.Organisation](ids), Name: "Länsstyrelsen i Dalarnas län", Kind: model.KindCountyAdministrativeBoard, Code: "20"},
		// Region Dalarna was then the county's regional association, not a
		// region with the county's code.
		{ID: scenario.NewID[model.Organisation](ids), Name: "Region Dalarna", Kind: model.KindRegion},
		{ID: scenario.NewID[model.Organisation](ids), Name: "Polismyndigheten i Dalarna", Kind: model.KindPolice},
		{ID: scenario.NewID[model.Organisation](ids), Name: "Högskolan Dalarna", Kind: model.KindUniversity},
	}
	for _, o := range slices.Concat(municipalities, []model.Organisation{countyCouncil}, others) {
		r.Do(day(2014, 11, 3), process.RegisterOrganisation{Organisation: o})
	}
	var areas []model.Area
	for i, name := range areaNames {
		a := model.Area{ID: scenario.NewID[model.Area](ids), Number: i + 1, Name: name}
		areas = append(areas, a)
		r.Do(day(2014, 11, 3), process.DefineArea{Area: a})
	}

	// The project management group, led by the county council, and the
	// temporary working group: one official from each municipality.
	formed := day(2014, 11, 17)
	join := func(g model.GroupID, m model.Member, role model.Role) {
		r.Do(formed, process.AddMember{Membership: model.Membership{
			ID: scenario.NewID[model.Membership](ids), Group: g, Member: m, Role: role, Period: model.Period{Start: formed},
		}})
	}
	pm := model.Group{ID: scenario.NewID[model.Group](ids), Kind: model.GroupProjectManagement, Name: "Projektledningsgrupp"}
	r.Do(formed, process.FormGroup{Group: pm})
	join(pm.ID, model.Member{Organisation: countyCouncil.ID}, model.RoleChair)
	join(pm.ID, model.Member{Organisation: others[0].ID}, model.RoleMember)
	join(pm.ID, model.Member{Organisation: others[1].ID}, model.RoleMember)
	temp := model.Group{ID: scenario.NewID[model.Group](ids), Kind: model.GroupTemporaryWorking, Name: "Tillfällig arbetsgrupp"}
	r.Do(formed, process.FormGroup{Group: temp})
	for _, m := range municipalities {
		official := model.Person{ID: scenario.NewID[model.Person](ids), Name: syntheticName(rng), Title: "folkhälsosamordnare", Organisation: m.ID}
		r.Do(formed, process.RegisterPerson{Person: official})
		join(temp.ID, model.Member{Person: official.ID}, model.RoleMember)
	}

	// November–December 2014: the joint proposal of content and goals, one
	// numbered item per intervention area and per goal.
	var items []model.Measure
	for i, a := range areas {
		items = append(items, model.Measure{ID: scenario.NewID[model.Measure](ids), Number: i + 1, Area: a.ID, Level: model.LevelCounty,
			Title: "Insatsområde " + fmt.Sprint(i+1), Text: a.Name + "."})
	}
	for i, g := range goals {
		items = append(items, model.Measure{ID: scenario.NewID[model.Measure](ids), Number: len(areas) + i + 1, Level: model.LevelCounty, Title: g.title, Text: g.text})
	}
	for i, m := range items {
		r.Do(day(2014, 12, 1).AddDays(i), process.CreateMeasure{Measure: m})
	}
	proposal := scenario.NewID[model.Document](ids)
	r.Do(day(2014, 12, 19), process.PinDocument{Document: proposal, Title: "Förslag till övergripande innehåll och målsättningar, december 2014"})

	// January–February 2015: the samråd with the municipalities,
	// authorities and organisations.
	round := consultation.Round{ID: scenario.NewID[consultation.Round](ids), Kind: consultation.Samrad,
		Title: "Samråd om Samling för social hållbarhet i Dalarna", Document: proposal, Deadline: samradDeadline}
	for _, m := range municipalities {
		round.Consultees = append(round.Consultees, consultation.Consultee{Organisation: m.ID, Required: true})
	}
	for _, o := range others {
		round.Consultees = append(round.Consultees, consultation.Consultee{Organisation: o.ID})
	}
	r.Do(day(2014, 12, 19), process.DraftRound{Round: round})
	r.Do(samradOpened, process.OpenRound{Round: round.ID})
	// Most municipalities answer at one of two dialogue meetings, with the
	// meetings' notes; the rest in writing.
	var meetings []model.Meeting
	for _, d := range dialogues {
		m := model.Meeting{ID: scenario.NewID[model.Meeting](ids), Kind: model.MeetingGroup, Date: d.day, Title: "Samrådsmöte i " + d.place, Place: d.place}
		meetings = append(meetings, m)
		r.Do(samradOpened, process.PlanMeeting{Meeting: m})
	}
	answers := synthesizeAnswers(rng, ids, round, municipalities, meetings, items)
	for _, a := range answers {
		for len(meetings) > 0 && !a.at.Before(meetings[0].Date.Time(time.UTC)) {
			r.Do(meetings[0].Date, process.RecordMeeting{Meeting: meetings[0].ID})
			meetings = meetings[1:]
		}
		r.DoAt(a.at, process.SubmitResponse{Response: a.resp})
	}
	r.Do(samradClosed, process.CloseRound{Round: round.ID})
	r.Do(samradCompiled, process.CompileRound{Round: round.ID})

	// The temporary working group revises every item on which two or more
	// consultees made the same point, naming their answers.
	for _, m := range items {
		cited := make([][]consultation.ResponseID, len(remarks))
		for _, a := range answers {
			if k, ok := a.remarks[m.ID]; ok {
				cited[k] = append(cited[k], a.resp.ID)
			}
		}
		text, because := m.Text, []consultation.ResponseID(nil)
		for k, ids := range cited {
			if len(ids) >= 2 {
				text += " " + remarks[k].sentence
				because = append(because, ids...)
			}
		}
		if len(because) > 0 {
			r.Do(samradRevised, process.ReviseMeasure{Measure: m.ID, Text: text, Responses: because})
		}
	}
	r.Do(day(2015, 2, 25), process.PinDocument{Document: scenario.NewID[model.Document](ids),
		Title: "Inbjudan till formellt deltagande: innehåll och målsättningar, februari 2015"})

	// May 2015: the opening workshop starts the execution phase.
	opening := model.Meeting{ID: scenario.NewID[model.Meeting](ids), Kind: model.MeetingWorkshop, Date: day(2015, 5, 20),
		Title: "Inledande workshop", Place: "Falun"}
	r.Do(day(2015, 3, 2), process.PlanMeeting{Meeting: opening})
	r.Do(opening.Date, process.RecordMeeting{Meeting: opening.ID})
	r.Do(opening.Date, process.Advance{Trigger: "execute"})

	if err := r.Err(); err != nil {
		return nil, err
	}
	return &Result{Seed: seed, Outcome: r.Outcome}, nil
}

// answer is a synthetic samråd answer and when it arrives.
type answer struct {
	at      time.Time
	resp    consultation.Response
	remarks map[model.MeasureID]int // index into remarks, by item
}

// synthesizeAnswers makes the samråd's answers in the order they arrive:
// the notes of the dialogue meetings for the municipalities that took part,
// and written answers from the rest; one municipality stays silent and one
// answers late.
func synthesizeAnswers(rng, ids *rand.Rand, round consultation.Round, municipalities []model.Organisation, meetings []model.Meeting, items []model.Measure) []answer {
	byCode, code := map[string]model.OrganisationID{}, map[model.OrganisationID]string{}
	for _, m := range municipalities {
		byCode[m.Code], code[m.ID] = m.ID, m.Code
	}
	at := map[model.OrganisationID]time.Time{}
	reference := map[model.OrganisationID]string{}
	for i, d := range dialogues {
		for _, c := range d.codes {
			at[byCode[c]] = meetings[i].Date.Time(time.UTC).Add(15 * time.Hour)
			reference[byCode[c]] = "Anteckningar från " + strings.ToLower(meetings[i].Title[:1]) + meetings[i].Title[1:] + " " + meetings[i].Date.String()
		}
	}
	var out []answer
	for _, c := range round.Consultees {
		a := answer{resp: consultation.Response{ID: scenario.NewID[consultation.Response](ids), Round: round.ID, Organisation: c.Organisation},
			remarks: map[model.MeasureID]int{}}
		switch when, ok := at[c.Organisation]; {
		case ok:
			a.at, a.resp.Reference = when, reference[c.Organisation]
			a.resp.Note = "Synpunkter framförda vid samrådsmötet (syntetiska anteckningar)."
		case code[c.Organisation] == silent:
			continue
		case code[c.Organisation] == late:
			a.at = samradDeadline.AddDays(3).Time(time.UTC).Add(8 * time.Hour)
		default:
			a.at = samradDeadline.AddDays(-rng.IntN(14)).Time(time.UTC).Add(time.Duration(9+rng.IntN(7)) * time.Hour)
			a.resp.Reference = fmt.Sprintf("Dnr %d/2015 (syntetiskt)", 10+rng.IntN(90))
		}
		switch roll := rng.IntN(10); {
		case !c.Required && roll < 2:
			a.resp.Stance = consultation.DeclinesToComment
		case roll < 5:
			a.resp.Stance = consultation.Supports
		default:
			a.resp.Stance = consultation.SupportsWithChanges
		}
		if a.resp.Stance != consultation.DeclinesToComment {
			for range 1 + rng.IntN(2) {
				m := items[rng.IntN(len(items))]
				if _, dup := a.remarks[m.ID]; dup {
					continue
				}
				k := rng.IntN(len(remarks))
				a.remarks[m.ID] = k
				a.resp.Items = append(a.resp.Items, consultation.ItemResponse{Measure: m.ID, Stance: a.resp.Stance, Comment: remarks[k].comment})
			}
		}
		out = append(out, a)
	}
	slices.SortStableFunc(out, func(a, b answer) int { return a.at.Compare(b.at) })
	return out
}

var (
	firstNames = []string{"Anna", "Erik", "Maria", "Lars", "Karin", "Per", "Eva", "Johan", "Kristina", "Anders", "Sara", "Mikael", "Åsa", "Örjan"}
	lastNames  = []string{"Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson", "Hansson", "Jönsson", "Mattsson", "Öhman"}
)

func syntheticName(rng *rand.Rand) string {
	return firstNames[rng.IntN(len(firstNames))] + " " + lastNames[rng.IntN(len(lastNames))]
}
