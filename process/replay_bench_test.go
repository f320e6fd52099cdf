package process

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"testing"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
)

// benchRecords are stored records to replay.
type benchRecords []Record

// replayRecords returns the records of a 1 000-event process with the mix
// of a real one: organisations, persons, proposals one at a time, measures.
func replayRecords(b *testing.B) benchRecords {
	b.Helper()
	var recs benchRecords
	s := &State{criteria: mustRegistry()}
	id := model.NewID[model.Process]()
	actor := model.Actor{Person: model.NewID[model.Person](), Capacity: model.RoleProjectLead}
	add := func(c Command) {
		payloads, err := c.decide(context.Background(), s, &env{criteria: s.criteria})
		if err != nil {
			b.Fatal(err)
		}
		for _, p := range payloads {
			ev := Event{ID: model.NewID[Event](), Process: id, Version: s.version + 1, Actor: actor, Command: model.NewID[Command](), Data: p}
			r, err := encode(ev)
			if err != nil {
				b.Fatal(err)
			}
			if err := s.apply(ev); err != nil {
				b.Fatal(err)
			}
			recs = append(recs, r)
		}
	}
	add(Start{Process: model.Process{ID: id, Name: "P"}, Template: phase.VastraGotaland().PlanFrom(model.MakeDate(2011, 3, 1))})
	var orgs []model.OrganisationID
	for _, m := range model.Municipalities()[:49] {
		o, _ := model.MunicipalityOrganisation(m.Code)
		orgs = append(orgs, o.ID)
		add(RegisterOrganisation{Organisation: o})
	}
	for i := range 100 {
		add(RegisterPerson{Person: model.Person{ID: model.NewID[model.Person](), Name: fmt.Sprint("Person ", i), Title: "tjänsteperson", Organisation: orgs[i%len(orgs)]}})
	}
	var proposals []model.ProposalID
	for i := range 800 {
		p := model.Proposal{ID: model.NewID[model.Proposal](), Kind: model.ProposalMeasure, Title: fmt.Sprint("Förslag ", i),
			Text: "Utöka läxhjälpen på bibliotek och fritidsgårdar i hela kommunen.", Submitter: model.Submitter{Organisation: orgs[i%len(orgs)]}}
		proposals = append(proposals, p.ID)
		add(SubmitProposals{Proposals: []model.Proposal{p}})
	}
	for i := range 50 {
		add(CreateMeasure{Measure: model.Measure{ID: model.NewID[model.Measure](), Number: i + 1, Title: fmt.Sprint("Åtgärd ", i+1), Sources: proposals[i*16 : i*16+16]}})
	}
	return recs
}

func mustRegistry() *registry {
	r, err := newRegistry(nil)
	if err != nil {
		panic(err)
	}
	return r
}

// BenchmarkReplay decodes and folds the records of a 1 000-event process:
// what loading a process without a snapshot costs beyond reading it.
// Compare with BenchmarkReplayBaseline_RawJSONDecode; the goal is ≤ 1.5×.
func BenchmarkReplay(b *testing.B) {
	recs := replayRecords(b)
	benchmarkReplay(b, recs)
}

// BenchmarkReplay_Upcast replays the same records as written before
// events carried a schema version: every record's version is read from its
// absence, and the start goes through its upcaster. The goal is the same
// ≤ 1.5× of BenchmarkReplayBaseline_RawJSONDecode.
func BenchmarkReplay_Upcast(b *testing.B) {
	recs := replayRecords(b)
	for i := range recs {
		recs[i].Data = bytes.Replace(recs[i].Data, []byte(`{"v":`+versionOf(recs[i].Type)+`,`), []byte(`{`), 1)
		if recs[i].Type == "process-started" {
			recs[i].Data = bytes.Replace(recs[i].Data, []byte(`,"time_zone":"Europe/Stockholm"`), nil, 1)
		}
	}
	benchmarkReplay(b, recs)
}

func versionOf(eventType string) string {
	v, _ := SchemaVersion(eventType)
	return strconv.Itoa(v)
}

// BenchmarkReplayBaseline_RawJSONDecode decodes the same records into the
// same Go types with json.Unmarshal alone: no strictness, no fold.
func BenchmarkReplayBaseline_RawJSONDecode(b *testing.B) {
	recs := replayRecords(b)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		for _, r := range recs {
			var err error
			switch r.Type {
			case "process-started":
				err = json.Unmarshal(r.Data, new(envelope[Started]))
			case "organisation-registered":
				err = json.Unmarshal(r.Data, new(envelope[OrganisationRegistered]))
			case "person-registered":
				err = json.Unmarshal(r.Data, new(envelope[PersonRegistered]))
			case "proposals-submitted":
				err = json.Unmarshal(r.Data, new(envelope[ProposalsSubmitted]))
			case "measure-created":
				err = json.Unmarshal(r.Data, new(envelope[MeasureCreated]))
			case "proposals-disposed":
				err = json.Unmarshal(r.Data, new(envelope[ProposalsDisposed]))
			default:
				b.Fatalf("no baseline for %s", r.Type)
			}
			if err != nil {
				b.Fatal(err)
			}
		}
	}
}

// benchmarkReplay decodes and folds recs, b.N times.
func benchmarkReplay(b *testing.B, recs benchRecords) {
	reg := mustRegistry()
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		s := &State{criteria: reg}
		for _, r := range recs {
			ev, err := Decode(r)
			if err != nil {
				b.Fatal(err)
			}
			if err := s.apply(ev); err != nil {
				b.Fatal(err)
			}
		}
	}
}
