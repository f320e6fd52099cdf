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

// dalarna holds what the steps of a run share.
type dalarna struct {
	*scenario.Runner
	rng, ids       *rand.Rand
	municipalities []model.Organisation
	countyCouncil  model.Organisation
	others         []model.Organisation // Länsstyrelsen, Region Dalarna, the police, Högskolan
	areas          []model.Area
	officials      map[model.OrganisationID]model.PersonID // each municipality's official
	pm             model.Group
	items          []model.Measure
}

// Run runs Dalarna's process in store, from the county council's proposal
// in November 2014 through the samråd, the invitation and the
// participation decisions, the six workshops, the two recommendations and
// the dissemination, to the decision that starts a new cycle. Everything,
// IDs included, follows from seed, so a second run against the same store
// skips what the first recorded.
func Run(ctx context.Context, store process.Store, seed uint64) (*Result, error) {
	ids := rand.New(rand.NewPCG(seed, 0x4944))
	id := scenario.NewID[model.Process](ids)
	// The county council's public health strategist leads the process.
	actor := model.Actor{Person: scenario.NewID[model.Person](ids), Capacity: model.RoleProjectLead}
	runner, err := scenario.NewRunner(ctx, store, id, actor)
	if err != nil {
		return nil, err
	}
	r := &dalarna{Runner: runner, ids: ids, rng: rand.New(rand.NewPCG(seed, 0x44616c61)), officials: map[model.OrganisationID]model.PersonID{}}
	r.Do(model.MakeDate(2014, 11, 3), process.Start{
		Process:  model.Process{ID: id, Name: "Samling för social hållbarhet i Dalarna"},
		Template: timePlan(phase.Dalarna()),
	})
	r.register()
	r.leksand()
	r.prepare()
	r.samrad()
	r.invite()
	r.execute()
	r.disseminate()
	if err := r.Err(); err != nil {
		return nil, err
	}
	return &Result{Seed: seed, Outcome: r.Outcome}, nil
}

// register registers the county's 15 municipalities, from Statistics
// Sweden's table, the county council and the organisations the proposal
// names, and the four intervention areas.
func (r *dalarna) register() {
	day := model.MakeDate(2014, 11, 3)
	for _, m := range model.MunicipalitiesIn("20") {
		org, _ := model.MunicipalityOrganisation(m.Code)
		org.ID = scenario.NewID[model.Organisation](r.ids)
		r.municipalities = append(r.municipalities, org)
	}
	r.countyCouncil = model.Organisation{ID: scenario.NewID[model.Organisation](r.ids), Name: "Landstinget Dalarna", Kind: model.KindCountyCouncil, Code: "20"}
	r.others = []model.Organisation{
		{ID: scenario.NewID[model.Organisation](r.ids), Name: "Länsstyrelsen i Dalarnas län", Kind: model.KindCountyAdministrativeBoard, Code: "20"},
		// Region Dalarna was then the county's regional association, not a
		// region with the county's code.
		{ID: scenario.NewID[model.Organisation](r.ids), Name: "Region Dalarna", Kind: model.KindRegion},
		{ID: scenario.NewID[model.Organisation](r.ids), Name: "Polismyndigheten i Dalarna", Kind: model.KindPolice},
		{ID: scenario.NewID[model.Organisation](r.ids), Name: "Högskolan Dalarna", Kind: model.KindUniversity},
	}
	for _, o := range slices.Concat(r.municipalities, []model.Organisation{r.countyCouncil}, r.others) {
		r.Do(day, process.RegisterOrganisation{Organisation: o})
	}
	for i, name := range areaNames {
		a := model.Area{ID: scenario.NewID[model.Area](r.ids), Number: i + 1, Name: name}
		r.areas = append(r.areas, a)
		r.Do(day, process.DefineArea{Area: a})
	}
}

// join adds a member to a group from a day.
func (r *dalarna) join(day model.Date, g model.GroupID, m model.Member, role model.Role) {
	r.Do(day, process.AddMember{Membership: model.Membership{
		ID: scenario.NewID[model.Membership](r.ids), Group: g, Member: m, Role: role, Period: model.Period{Start: day},
	}})
}

// prepare forms the project management group, led by the county council
// and deciding by consent, and the temporary working group of one official
// from each municipality, and writes the joint proposal of content and
// goals (November–December 2014): one numbered item per intervention area
// and per goal.
func (r *dalarna) prepare() {
	formed := model.MakeDate(2014, 11, 17)
	r.pm = model.Group{ID: scenario.NewID[model.Group](r.ids), Kind: model.GroupProjectManagement, Name: "Projektledningsgrupp",
		Rule: model.DecisionRule{Kind: model.RuleConsent, Quorum: model.MoreThanHalf}}
	r.Do(formed, process.FormGroup{Group: r.pm})
	// The county council's public health strategist, who runs the
	// process, is the group's secretary.
	r.Do(formed, process.RegisterPerson{Person: model.Person{ID: r.Actor.Person, Name: syntheticName(r.rng), Title: "folkhälsostrateg", Organisation: r.countyCouncil.ID}})
	r.join(formed, r.pm.ID, model.Member{Person: r.Actor.Person}, model.RoleSecretary)
	r.join(formed, r.pm.ID, model.Member{Organisation: r.countyCouncil.ID}, model.RoleChair)
	r.join(formed, r.pm.ID, model.Member{Organisation: r.others[0].ID}, model.RoleMember)
	r.join(formed, r.pm.ID, model.Member{Organisation: r.others[1].ID}, model.RoleMember)
	temp := model.Group{ID: scenario.NewID[model.Group](r.ids), Kind: model.GroupTemporaryWorking, Name: "Tillfällig arbetsgrupp"}
	r.Do(formed, process.FormGroup{Group: temp})
	for _, m := range r.municipalities {
		official := model.Person{ID: scenario.NewID[model.Person](r.ids), Name: syntheticName(r.rng), Title: "folkhälsosamordnare", Organisation: m.ID}
		r.Do(formed, process.RegisterPerson{Person: official})
		r.join(formed, temp.ID, model.Member{Person: official.ID}, model.RoleMember)
		r.officials[m.ID] = official.ID
	}
	for i, a := range r.areas {
		r.items = append(r.items, model.Measure{ID: scenario.NewID[model.Measure](r.ids), Number: i + 1, Area: a.ID, Level: model.LevelCounty,
			Title: "Insatsområde " + fmt.Sprint(i+1), Text: a.Name + "."})
	}
	for i, g := range goals {
		r.items = append(r.items, model.Measure{ID: scenario.NewID[model.Measure](r.ids), Number: len(r.areas) + i + 1, Level: model.LevelCounty, Title: g.title, Text: g.text})
	}
	for i, m := range r.items {
		r.Do(model.MakeDate(2014, 12, 1).AddDays(i), process.CreateMeasure{Measure: m})
	}
}

// samrad sends the proposal out for samråd with the municipalities,
// authorities and organisations (January–February 2015), compiles the
// answers and revises the items they asked to change.
func (r *dalarna) samrad() {
	proposal := scenario.NewID[model.Document](r.ids)
	r.Do(model.MakeDate(2014, 12, 19), process.PinDocument{Document: proposal, Title: "Förslag till övergripande innehåll och målsättningar, december 2014"})
	round := consultation.Round{ID: scenario.NewID[consultation.Round](r.ids), Kind: consultation.Samrad,
		Title: "Samråd om Samling för social hållbarhet i Dalarna", Document: proposal, Deadline: samradDeadline}
	for _, m := range r.municipalities {
		round.Consultees = append(round.Consultees, consultation.Consultee{Organisation: m.ID, Required: true})
	}
	for _, o := range r.others {
		round.Consultees = append(round.Consultees, consultation.Consultee{Organisation: o.ID})
	}
	r.Do(model.MakeDate(2014, 12, 19), process.DraftRound{Round: round})
	r.Do(samradOpened, process.OpenRound{Round: round.ID})
	// Most municipalities answer at one of two dialogue meetings, with the
	// meetings' notes; the rest in writing.
	var meetings []model.Meeting
	for _, d := range dialogues {
		m := model.Meeting{ID: scenario.NewID[model.Meeting](r.ids), Kind: model.MeetingGroup, Date: d.day, Title: "Samrådsmöte i " + d.place, Place: d.place}
		meetings = append(meetings, m)
		r.Do(samradOpened, process.PlanMeeting{Meeting: m})
	}
	answers := synthesizeAnswers(r.rng, r.ids, round, r.municipalities, meetings, r.items)
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
	for _, m := range r.items {
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

// timePlan dates the built-in template, which carries only the phases'
// lengths, with the time plan of the county council's proposal:
// preparatory November 2014 – May 2015, execution May 2015 – September
// 2016, dissemination in the winter of 2016. It is the first cycle's plan;
// the new preparatory phase of 2017 starts a cycle with none yet.
func timePlan(t phase.Template) phase.Template {
	return scenario.Plan(t, map[phase.PhaseID]model.Period{
		"preparatory":   {Start: model.MakeDate(2014, 11, 1), End: model.MakeDate(2015, 5, 31)},
		"execution":     {Start: model.MakeDate(2015, 5, 1), End: model.MakeDate(2016, 9, 30)},
		"dissemination": {Start: model.MakeDate(2016, 10, 1), End: model.MakeDate(2016, 12, 31)},
	})
}
