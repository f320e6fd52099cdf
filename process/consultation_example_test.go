package process_test

import (
	"context"
	"fmt"
	"time"

	"github.com/samling-go/samling/consultation"
	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
	"github.com/samling-go/samling/process"
	"github.com/samling-go/samling/process/memstore"
)

// remiss is the setting of the consultation examples: a process whose clock
// the example moves, Borås and Alingsås, measure 12 in a pinned document,
// and a remiss on it, drafted, due 15 April 2013.
type remiss struct {
	ctx             context.Context
	engine          *process.Engine
	id              model.ProcessID
	actor           model.Actor
	now             *time.Time
	borås, alingsås model.Organisation
	measure         model.Measure
	round           consultation.Round
	// Each municipality's registrar answers for it.
	registrar map[model.OrganisationID]model.Actor
}

func newRemiss() *remiss {
	now := time.Date(2013, 1, 15, 9, 0, 0, 0, time.UTC)
	r := &remiss{ctx: context.Background(), now: &now}
	var err error
	r.engine, err = process.New(memstore.New(), &process.Options{Clock: process.ClockFunc(func() time.Time { return *r.now })})
	if err != nil {
		panic(err)
	}
	r.id = model.NewID[model.Process]()
	r.actor = model.Actor{Person: model.NewID[model.Person](), Capacity: model.RoleProjectLead}
	r.borås, _ = model.MunicipalityOrganisation("1490")
	r.alingsås, _ = model.MunicipalityOrganisation("1489")
	r.measure = model.Measure{ID: model.NewID[model.Measure](), Number: 12, Title: "Läxhjälp",
		Text: "Kommunerna erbjuder läxhjälp"}
	document := model.NewID[model.Document]()
	r.round = consultation.Round{
		ID: model.NewID[consultation.Round](), Kind: consultation.Remiss,
		Title: "Åtgärdsförslag för social hållbarhet", Document: document,
		Deadline: model.MakeDate(2013, 4, 15),
		Consultees: []consultation.Consultee{
			{Organisation: r.borås.ID, Required: true},
			{Organisation: r.alingsås.ID, Required: true},
		},
	}
	r.do(
		// Dalarna's preparatory phase, where a process starts, allows the
		// measures and their consultation.
		process.Start{Process: model.Process{ID: r.id, Name: "Samling för social hållbarhet"}, Template: phase.Dalarna().PlanFrom(model.MakeDate(2014, 11, 1))},
		process.RegisterOrganisation{Organisation: r.borås},
		process.RegisterOrganisation{Organisation: r.alingsås},
	)
	r.registrar = map[model.OrganisationID]model.Actor{}
	for _, org := range []model.Organisation{r.borås, r.alingsås} {
		p := model.Person{ID: model.NewID[model.Person](), Name: "Registrator", Organisation: org.ID}
		r.do(process.RegisterPerson{Person: p})
		r.registrar[org.ID] = model.Actor{Person: p.ID, Organisation: org.ID, Capacity: model.RoleOfficial}
	}
	r.do(
		process.CreateMeasure{Measure: r.measure},
		process.PinDocument{Document: document, Title: "Remissversion, januari 2013"},
		process.DraftRound{Round: r.round},
	)
	return r
}

// do executes commands in order and panics on the first refusal: the
// examples show the happy path.
func (r *remiss) do(cmds ...process.Command) {
	for _, c := range cmds {
		if _, err := r.engine.Execute(r.ctx, r.id, r.actor, c); err != nil {
			panic(err)
		}
	}
}

// answer submits a response as the organisation's registrar: under the
// default policy an organisation answers for itself.
func (r *remiss) answer(resp consultation.Response) {
	if _, err := r.engine.Execute(r.ctx, r.id, r.registrar[resp.Organisation], process.SubmitResponse{Response: resp}); err != nil {
		panic(err)
	}
}

func (r *remiss) state() *process.State {
	s, err := r.engine.Load(r.ctx, r.id)
	if err != nil {
		panic(err)
	}
	return s
}

func ExampleOpenRound() {
	r := newRemiss()
	r.do(process.OpenRound{Round: r.round.ID})

	// Ten days before the deadline, nobody has answered yet: both are due
	// for a reminder. The library keeps no timer; the host asks.
	round, _ := r.state().Round(r.round.ID)
	fmt.Println(round.Status)
	for _, c := range consultation.DueForReminder(round.Round, round.Responses, model.MakeDate(2013, 4, 5), 10) {
		fmt.Println("remind:", c.Organisation == r.borås.ID || c.Organisation == r.alingsås.ID, round.DeadlineFor(c.Organisation))
	}
	// Output:
	// open
	// remind: true 2013-04-15
	// remind: true 2013-04-15
}

func ExampleSubmitResponse() {
	r := newRemiss()
	r.do(process.OpenRound{Round: r.round.ID})

	// Borås answers on time, with a comment on measure 12.
	*r.now = time.Date(2013, 4, 10, 11, 0, 0, 0, time.UTC)
	r.answer(consultation.Response{
		ID: model.NewID[consultation.Response](), Round: r.round.ID, Organisation: r.borås.ID,
		Stance: consultation.SupportsWithChanges, Reference: "KS 2013/0042",
		Items: []consultation.ItemResponse{{Measure: r.measure.ID, Stance: consultation.SupportsWithChanges,
			Comment: "Läxhjälpen bör vara avgiftsfri."}},
	})
	// Alingsås answers two days after the deadline: kept, and marked late.
	*r.now = time.Date(2013, 4, 17, 8, 30, 0, 0, time.UTC)
	r.answer(consultation.Response{
		ID: model.NewID[consultation.Response](), Round: r.round.ID, Organisation: r.alingsås.ID,
		Stance: consultation.Supports,
	})

	round, _ := r.state().Round(r.round.ID)
	for _, resp := range round.Responses {
		fmt.Println(resp.Received.Format(time.DateOnly), resp.Stance, "late:", resp.Late)
	}
	// Output:
	// 2013-04-10 supports-with-changes late: false
	// 2013-04-17 supports late: true
}

func ExampleState_Compilation() {
	r := newRemiss()
	r.do(process.OpenRound{Round: r.round.ID})
	*r.now = time.Date(2013, 4, 10, 11, 0, 0, 0, time.UTC)
	r.answer(consultation.Response{
		ID: model.NewID[consultation.Response](), Round: r.round.ID, Organisation: r.borås.ID,
		Stance: consultation.SupportsWithChanges,
		Items: []consultation.ItemResponse{{Measure: r.measure.ID, Stance: consultation.SupportsWithChanges,
			Comment: "Läxhjälpen bör vara avgiftsfri."}},
	})
	*r.now = time.Date(2013, 4, 16, 9, 0, 0, 0, time.UTC)
	r.do(process.CloseRound{Round: r.round.ID}, process.CompileRound{Round: r.round.ID})

	c, _ := r.state().Compilation(r.round.ID)
	fmt.Print(c.Markdown(model.English))
	// Output:
	// # Compilation of formal consultation: Åtgärdsförslag för social hållbarhet
	//
	// Deadline: 2013-04-15
	//
	// ## Response rate
	//
	// - required consultees: 1 / 2 (50 %)
	// - all consultees: 1 / 2 (50 %)
	// - Late answers: 0
	//
	// ## Stances
	//
	// | Stance | Count |
	// |---|---|
	// | supports | 0 |
	// | supports with changes | 1 |
	// | opposes | 0 |
	// | declines to comment | 0 |
	// | no answer | 0 |
	//
	// ## Measure 12: Läxhjälp
	//
	// Stances: supports with changes 1
	//
	// - **Borås** (supports with changes): Läxhjälpen bör vara avgiftsfri.
	//
	// ## Did not answer
	//
	// - Alingsås (required)
}

func ExampleReviseMeasure_fromResponses() {
	r := newRemiss()
	r.do(process.OpenRound{Round: r.round.ID})
	answer := consultation.Response{
		ID: model.NewID[consultation.Response](), Round: r.round.ID, Organisation: r.borås.ID,
		Stance: consultation.SupportsWithChanges,
		Items: []consultation.ItemResponse{{Measure: r.measure.ID, Stance: consultation.SupportsWithChanges,
			Comment: "Läxhjälpen bör vara avgiftsfri."}},
	}
	r.answer(answer)
	r.do(process.CloseRound{Round: r.round.ID}, process.CompileRound{Round: r.round.ID})

	// After the compilation the text is revised, naming the answer behind it.
	r.do(process.ReviseMeasure{Measure: r.measure.ID, Text: "Kommunerna erbjuder avgiftsfri läxhjälp",
		Responses: []consultation.ResponseID{answer.ID}})

	s := r.state()
	for _, resp := range s.ResponsesBehind(r.measure.ID) { // which answers changed measure 12?
		org, _ := s.Organisation(resp.Organisation)
		fmt.Println("changed by:", org.Name)
	}
	for _, ref := range s.Fate(answer.ID) { // what became of Borås's comment?
		rev, _ := s.Revision(ref.Measure, ref.Version)
		fmt.Printf("led to version %d: %s\n", ref.Version, rev.Text)
	}
	// Output:
	// changed by: Borås
	// led to version 2: Kommunerna erbjuder avgiftsfri läxhjälp
}
