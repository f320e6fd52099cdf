package process

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/samling-go/samling/consultation"
	"github.com/samling-go/samling/followup"
	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
)

// snapshotFormat names the encoding of a snapshot; a snapshot of another
// format is ignored and the state rebuilt from the events.
// Format 2 added the steps of consultation rounds, meeting minutes,
// decisions, assignments and invitations.
// Format 3 pairs each measure's revisions with its ID; format 7 adds the
// commands' IDs, so that a retried command is found after a snapshot, the
// terms of the process's coordination, the commands each phase of the
// template allows, the cycles' names and plans, the predecessor and the
// groupings, and the objectives, hand-overs, approvals and directives.
const snapshotFormat = 7

// stateSnapshot is the encoded form of a State.
type stateSnapshot struct {
	Format          int                            `json:"format"`
	Process         model.Process                  `json:"process"`
	Version         uint64                         `json:"version"`
	Started         time.Time                      `json:"started"`
	Template        phase.Template                 `json:"template"`
	Phase           phase.PhaseID                  `json:"phase"`
	Cycle           int                            `json:"cycle"`
	Plan            map[phase.PhaseID]model.Period `json:"plan"`
	Timeline        []Visit                        `json:"timeline"`
	Organisations   []model.Organisation           `json:"organisations"`
	Persons         []model.Person                 `json:"persons"`
	Areas           []model.Area                   `json:"areas"`
	Groups          []model.Group                  `json:"groups"`
	Memberships     []model.Membership             `json:"memberships"`
	Meetings        []Meeting                      `json:"meetings"`
	Proposals       []model.Proposal               `json:"proposals"`
	Measures        []model.Measure                `json:"measures"`
	Recommendations []model.Recommendation         `json:"recommendations"`
	Dispositions    [][]DispositionStep            `json:"dispositions"` // per proposal with any
	Revisions       []measureRevisions             `json:"revisions"`
	Documents       []model.Document               `json:"documents"`
	Rounds          []Round                        `json:"rounds"`
	Decisions       []Decision                     `json:"decisions"`
	Assignments     []Assignment                   `json:"assignments"`
	Invitations     []Invitation                   `json:"invitations"`
	Starter         model.PersonID                 `json:"starter"`
	Coordination    []CoordinationTerm             `json:"coordination,omitempty"`
	Delegations     []Delegation                   `json:"delegations"`
	Disposed        []Disposal                     `json:"disposed"`
	Matrix          []followup.Entry               `json:"matrix"`
	Surveys         []Survey                       `json:"surveys"`
	Indicators      []followup.Indicator           `json:"indicators"`
	Observations    []followup.Observation         `json:"observations"`
	Commands        []snapshotCommand              `json:"commands"`
	Shape           shapeSnapshot                  `json:"shape"`
	Works           worksSnapshot                  `json:"works"`
}

// snapshotCommand is where a command's events stand, in a snapshot.
type snapshotCommand struct {
	ID    CommandID `json:"id"`
	First uint64    `json:"first"`
	Last  uint64    `json:"last"`
	FP    string    `json:"fp,omitempty"`
}

// encodeSnapshot encodes the state.
func (s *State) encodeSnapshot() ([]byte, error) {
	return json.Marshal(stateSnapshot{
		Format: snapshotFormat, Process: s.process, Version: s.version, Started: s.started,
		Template: s.def.Template(), Phase: s.phase, Cycle: s.cycle, Plan: s.plan, Timeline: s.timeline,
		Organisations: s.organisations.all(), Persons: s.persons.all(), Areas: s.areas.all(),
		Groups: s.groups.all(), Memberships: s.memberships.all(), Meetings: s.meetings.all(),
		Proposals: s.proposals.all(), Measures: s.measures.all(), Recommendations: s.recommendations.all(),
		Dispositions: s.dispositions.all(), Revisions: s.revisionsByMeasure(), Documents: s.documents.all(),
		Rounds: s.rounds.all(), Decisions: s.decisions.all(), Assignments: s.assignments.all(),
		Invitations: s.invitations.all(), Starter: s.starter, Coordination: s.coordination, Delegations: s.delegations.all(), Disposed: s.disposed.all(),
		Matrix: s.matrix.all(), Surveys: s.surveys.all(), Indicators: s.indicators.all(), Observations: s.observations,
		Commands: s.commandList(), Shape: s.shape.snapshot(), Works: s.works.snapshot(),
	})
}

// decodeSnapshot rebuilds a state from its encoding, or says why it cannot.
func decodeSnapshot(data []byte, criteria *registry) (*State, error) {
	var snap stateSnapshot
	if err := json.Unmarshal(data, &snap); err != nil {
		return nil, err
	}
	if snap.Format != snapshotFormat {
		return nil, fmt.Errorf("snapshot format %d, want %d", snap.Format, snapshotFormat)
	}
	def, err := phase.Build(snap.Template, known(criteria))
	if err != nil {
		return nil, err
	}
	if _, ok := def.Phase(snap.Phase); !ok || snap.Version == 0 || len(snap.Timeline) == 0 {
		return nil, fmt.Errorf("snapshot is inconsistent")
	}
	s := &State{
		criteria: criteria, process: snap.Process, version: snap.Version, started: snap.Started,
		def: def, phase: snap.Phase, cycle: snap.Cycle, plan: snap.Plan, timeline: snap.Timeline,
	}
	if s.loc, err = snap.Process.Location(); err != nil {
		return nil, err
	}
	if s.plan == nil {
		s.plan = map[phase.PhaseID]model.Period{}
	}
	for _, o := range snap.Organisations {
		s.addOrganisation(o)
	}
	fill(&s.persons, snap.Persons, func(p model.Person) model.PersonID { return p.ID })
	fill(&s.areas, snap.Areas, func(a model.Area) model.AreaID { return a.ID })
	fill(&s.groups, snap.Groups, func(g model.Group) model.GroupID { return g.ID })
	fill(&s.memberships, snap.Memberships, func(m model.Membership) model.MembershipID { return m.ID })
	fill(&s.meetings, snap.Meetings, func(m Meeting) model.MeetingID { return m.ID })
	fill(&s.proposals, snap.Proposals, func(p model.Proposal) model.ProposalID { return p.ID })
	fill(&s.measures, snap.Measures, func(m model.Measure) model.MeasureID { return m.ID })
	fill(&s.recommendations, snap.Recommendations, func(r model.Recommendation) model.RecommendationID { return r.ID })
	fill(&s.documents, snap.Documents, func(d model.Document) model.DocumentID { return d.ID })
	fill(&s.rounds, snap.Rounds, func(r Round) consultation.RoundID { return r.ID })
	fill(&s.decisions, snap.Decisions, func(d Decision) model.DecisionID { return d.ID })
	fill(&s.assignments, snap.Assignments, func(a Assignment) model.AssignmentID { return a.ID })
	fill(&s.invitations, snap.Invitations, func(i Invitation) model.OrganisationID { return i.Organisation })
	fill(&s.delegations, snap.Delegations, func(d Delegation) model.DelegationID { return d.ID })
	fill(&s.disposed, snap.Disposed, func(d Disposal) model.PersonID { return d.Person })
	s.starter, s.coordination = snap.Starter, snap.Coordination
	fill(&s.matrix, snap.Matrix, func(e followup.Entry) matrixKey { return matrixKey{e.Measure, e.Organisation} })
	fill(&s.surveys, snap.Surveys, func(sv Survey) followup.SurveyID { return sv.ID })
	fill(&s.indicators, snap.Indicators, func(i followup.Indicator) followup.IndicatorID { return i.ID })
	s.observations = snap.Observations
	s.works.restore(snap.Works)
	for _, c := range snap.Commands {
		if c.ID.IsZero() || c.First == 0 || c.First > c.Last || c.Last > snap.Version {
			return nil, fmt.Errorf("snapshot holds command %s at versions %d–%d", c.ID, c.First, c.Last)
		}
		if s.commands == nil {
			s.commands = make(map[CommandID]commandSpan, len(snap.Commands))
		}
		s.commands[c.ID] = commandSpan{first: c.First, last: c.Last, fp: c.FP}
	}
	s.shape = snap.Shape.restore()
	for _, steps := range snap.Dispositions {
		if len(steps) == 0 {
			return nil, fmt.Errorf("snapshot holds an empty disposition history")
		}
		s.dispositions.put(steps[0].Disposition.Proposal, steps)
	}
	for _, mr := range snap.Revisions {
		if len(mr.Revisions) == 0 || !s.measures.has(mr.Measure) || s.revisions.has(mr.Measure) {
			return nil, fmt.Errorf("snapshot holds revisions of measure %s it cannot pair", mr.Measure)
		}
		s.revisions.put(mr.Measure, mr.Revisions)
	}
	if s.revisions.len() != s.measures.len() {
		return nil, fmt.Errorf("snapshot holds revisions of %d measures, not %d", s.revisions.len(), s.measures.len())
	}
	return s, nil
}

func fill[K comparable, V any](t *table[K, V], items []V, key func(V) K) {
	for _, v := range items {
		t.put(key(v), v)
	}
}

// measureRevisions are a measure's revisions in a snapshot, keyed by its ID.
type measureRevisions struct {
	Measure   model.MeasureID `json:"measure"`
	Revisions []Revision      `json:"revisions"`
}

func (s *State) revisionsByMeasure() []measureRevisions {
	out := make([]measureRevisions, 0, s.measures.len())
	for _, m := range s.measures.all() {
		revs, _ := s.revisions.get(m.ID)
		out = append(out, measureRevisions{Measure: m.ID, Revisions: revs})
	}
	return out
}

// commandList returns the commands' spans in version order, for a snapshot.
func (s *State) commandList() []snapshotCommand {
	out := make([]snapshotCommand, 0, len(s.commands))
	for id, c := range s.commands {
		out = append(out, snapshotCommand{ID: id, First: c.first, Last: c.last, FP: c.fp})
	}
	slices.SortFunc(out, func(a, b snapshotCommand) int { return cmp.Compare(a.First, b.First) })
	return out
}
