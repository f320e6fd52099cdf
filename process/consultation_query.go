package process

import (
	"slices"

	"github.com/samling-go/samling/consultation"
	"github.com/samling-go/samling/model"
)

// Round returns a consultation round with its status and every answer.
func (s *State) Round(id consultation.RoundID) (Round, bool) {
	r, ok := s.rounds.get(id)
	r.Responses = slices.Clone(r.Responses)
	r.Steps = slices.Clone(r.Steps)
	return r, ok
}

// Rounds returns the consultation rounds in the order they were drafted.
func (s *State) Rounds() []Round { return s.rounds.list() }

// Compilation compiles a round from its answers, naming organisations and
// measures as the process does; the measure titles are the ones the round
// sent out. It can be asked for at any status.
func (s *State) Compilation(id consultation.RoundID) (consultation.Compilation, bool) {
	r, ok := s.rounds.get(id)
	if !ok {
		return consultation.Compilation{}, false
	}
	pinned := map[model.MeasureID]int{}
	for _, it := range r.Items {
		pinned[it.Measure] = it.Version
	}
	return consultation.Compile(r.Round, r.Responses, consultation.Names{
		Organisation: func(o model.OrganisationID) string {
			org, _ := s.organisations.get(o)
			return org.Name
		},
		Measure: func(m model.MeasureID) (int, string) {
			measure, _ := s.measures.get(m)
			rev, _ := s.Revision(m, pinned[m])
			return measure.Number, rev.Title
		},
	}), true
}

// ResponsesBehind returns the answers that caused revisions of a measure,
// in the order of the revisions: "which answers changed measure 12?".
func (s *State) ResponsesBehind(m model.MeasureID) []consultation.Response {
	var out []consultation.Response
	seen := map[consultation.ResponseID]bool{}
	revs, _ := s.revisions.get(m)
	for _, rev := range revs {
		for _, id := range rev.Responses {
			if resp, ok := s.response(id); ok && !seen[id] {
				out = append(out, resp)
				seen[id] = true
			}
		}
	}
	return out
}

// RevisionRef names one version of one measure.
type RevisionRef struct {
	Measure model.MeasureID
	Version int
}

// Fate returns the revisions an answer caused: "what became of Borås's
// comment?". None means it changed no text (yet).
func (s *State) Fate(id consultation.ResponseID) []RevisionRef {
	var out []RevisionRef
	for i, revs := range s.revisions.all() {
		m := s.measures.all()[i].ID
		for _, rev := range revs {
			if slices.Contains(rev.Responses, id) {
				out = append(out, RevisionRef{Measure: m, Version: rev.Version})
			}
		}
	}
	return out
}

// Response returns an answer by ID, from whichever round it belongs to.
func (s *State) Response(id consultation.ResponseID) (consultation.Response, bool) {
	return s.response(id)
}

// roundsCompiled holds when there is a round and every round that was not
// cancelled is compiled.
func roundsCompiled(s *State) bool {
	any := false
	for _, r := range s.rounds.all() {
		switch r.Status {
		case consultation.Cancelled:
		case consultation.Compiled:
			any = true
		default:
			return false
		}
	}
	return any
}

// roundsAnswered holds when, in every open round, each required consultee
// has answered or its deadline has passed, as of the command being decided.
func roundsAnswered(s *State) bool {
	today := model.DateOf(s.now)
	for _, r := range s.rounds.all() {
		if r.Status == consultation.Open && !consultation.AnsweredOrPast(r.Round, r.Responses, today) {
			return false
		}
	}
	return true
}
