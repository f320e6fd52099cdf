package process

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"

	"github.com/samling-go/samling/followup"
	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
)

// The structures of issue 19: objectives between recommendations and
// measures, documents with a date, authors, a recipient, hand-overs and
// earlier versions, and organisations within organisations. Directives and
// when decisions take effect are in directives.go.

func init() {
	register(
		commands(phase.Measures, CreateObjective{}, PlaceMeasures{}, HandOverDocument{}),
		eventsOf(event[ObjectiveCreated](), event[MeasuresPlaced](), event[DocumentHandedOver]()),
	)
}

// works are the tables of issue 19, kept together so that State, its
// clone and its snapshot each name them once.
type works struct {
	objectives table[model.ObjectiveID, model.Objective]
	handOvers  []model.HandOver
	approvals  table[model.MeetingID, Approval]
	directives table[model.DirectiveID, Directive]
}

// clone returns a copy whose changes do not reach w.
func (w works) clone() works {
	return works{objectives: w.objectives.clone(), handOvers: slices.Clip(w.handOvers), approvals: w.approvals.clone(), directives: w.directives.clone()}
}

// worksSnapshot is the encoded form of works in a snapshot.
type worksSnapshot struct {
	Objectives []model.Objective `json:"objectives,omitempty"`
	HandOvers  []model.HandOver  `json:"hand_overs,omitempty"`
	Approvals  []Approval        `json:"approvals,omitempty"`
	Directives []Directive       `json:"directives,omitempty"`
}

func (w works) snapshot() worksSnapshot {
	return worksSnapshot{Objectives: w.objectives.all(), HandOvers: w.handOvers, Approvals: w.approvals.all(), Directives: w.directives.all()}
}

func (w *works) restore(snap worksSnapshot) {
	fill(&w.objectives, snap.Objectives, func(o model.Objective) model.ObjectiveID { return o.ID })
	w.handOvers = snap.HandOvers
	fill(&w.approvals, snap.Approvals, func(a Approval) model.MeetingID { return a.Meeting })
	fill(&w.directives, snap.Directives, func(d Directive) model.DirectiveID { return d.ID })
}

// CreateObjective writes an objective (mål) of a recommendation. Its
// Number is its place within the recommendation; 0 takes the next free
// one. Measures are placed under it with [PlaceMeasures], or with
// [model.Measure].Objective when they are created.
type CreateObjective struct{ Objective model.Objective }

// PlaceMeasures places measures under an objective, and so under its
// recommendation; [GroupMeasures] places them under a recommendation
// directly. A document pinned before keeps the place it pinned.
type PlaceMeasures struct {
	Objective model.ObjectiveID
	Measures  []model.MeasureID
}

// HandOverDocument records a document handed over (överlämnande) to a
// body, on a day or at a meeting: the commission's final report handed to
// the executive board at a public presentation. The day is the meeting's
// when a meeting is named and no date; it is not after today.
type HandOverDocument struct{ HandOver model.HandOver }

// Name implements [Command].
func (CreateObjective) Name() string { return "create-objective" }

// Name implements [Command].
func (PlaceMeasures) Name() string { return "place-measures" }

// Name implements [Command].
func (HandOverDocument) Name() string { return "hand-over-document" }

// rule implements [Command]: the default policy's check ([RecordRules]).
func (CreateObjective) rule(r Request, p model.PersonID, today model.Date) string {
	return coordinates(r, p, today)
}

// rule implements [Command]: the default policy's check ([RecordRules]).
func (PlaceMeasures) rule(r Request, p model.PersonID, today model.Date) string {
	return coordinates(r, p, today)
}

// rule implements [Command]: the default policy's check ([RecordRules]).
func (HandOverDocument) rule(r Request, p model.PersonID, today model.Date) string {
	return coordinates(r, p, today)
}

// ObjectiveCreated records an objective, with its number.
type ObjectiveCreated struct {
	Objective model.Objective `json:"objective"`
}

// MeasuresPlaced records measures placed under an objective of a
// recommendation.
type MeasuresPlaced struct {
	Objective      model.ObjectiveID      `json:"objective"`
	Recommendation model.RecommendationID `json:"recommendation"`
	Measures       []model.MeasureID      `json:"measures"`
}

// DocumentHandedOver records a hand-over of a document to a body.
type DocumentHandedOver struct {
	HandOver model.HandOver `json:"hand_over"`
}

// EventType implements [Payload].
func (ObjectiveCreated) EventType() string { return "objective-created" }

// EventType implements [Payload].
func (MeasuresPlaced) EventType() string { return "measures-placed" }

// EventType implements [Payload].
func (DocumentHandedOver) EventType() string { return "document-handed-over" }

func (c CreateObjective) decide(_ context.Context, s *State, _ *env) ([]Payload, error) {
	o := c.Objective
	if err := o.Validate(); err != nil {
		return nil, model.Within("Objective", err)
	}
	switch {
	case s.works.objectives.has(o.ID):
		return nil, taken("Objective.ID", o.ID)
	case !s.recommendations.has(o.Recommendation):
		return nil, unknown("Objective.Recommendation", o.Recommendation)
	case !o.Area.IsZero() && !s.areas.has(o.Area):
		return nil, unknown("Objective.Area", o.Area)
	}
	o.Number = s.objectiveNumber(o.Recommendation, o.Number)
	if o.Number == 0 {
		return nil, taken("Objective.Number", c.Objective.Number)
	}
	return one(ObjectiveCreated{Objective: o}), nil
}

// objectiveNumber returns the number an objective of the recommendation
// gets: the next free one for 0 (one more than the highest), the number
// asked for when it is free, and 0 when it is taken.
func (s *State) objectiveNumber(rec model.RecommendationID, asked int) int {
	highest := 0
	for _, o := range s.works.objectives.all() {
		if o.Recommendation != rec {
			continue
		}
		if o.Number == asked {
			return 0
		}
		highest = max(highest, o.Number)
	}
	if asked == 0 {
		return highest + 1
	}
	return asked
}

func (c PlaceMeasures) decide(_ context.Context, s *State, _ *env) ([]Payload, error) {
	o, ok := s.works.objectives.get(c.Objective)
	switch {
	case c.Objective.IsZero():
		return nil, &model.FieldError{Field: "Objective", Err: model.ErrRequired}
	case len(c.Measures) == 0:
		return nil, &model.FieldError{Field: "Measures", Err: model.ErrRequired}
	case !ok:
		return nil, unknown("Objective", c.Objective)
	}
	seen := map[model.MeasureID]bool{}
	for i, m := range c.Measures {
		f := fmt.Sprintf("Measures[%d]", i)
		switch {
		case !s.measures.has(m):
			return nil, unknown(f, m)
		case seen[m]:
			return nil, &model.FieldError{Field: f, Err: model.ErrDuplicate}
		}
		seen[m] = true
	}
	return one(MeasuresPlaced{Objective: o.ID, Recommendation: o.Recommendation, Measures: slices.Clone(c.Measures)}), nil
}

func (c HandOverDocument) decide(_ context.Context, s *State, env *env) ([]Payload, error) {
	h := c.HandOver
	if err := h.Validate(); err != nil {
		return nil, model.Within("HandOver", err)
	}
	switch {
	case !s.documents.has(h.Document):
		return nil, unknown("HandOver.Document", h.Document)
	case !s.groups.has(h.To):
		return nil, unknown("HandOver.To", h.To)
	}
	if !h.Meeting.IsZero() {
		m, ok := s.meetings.get(h.Meeting)
		switch {
		case !ok:
			return nil, unknown("HandOver.Meeting", h.Meeting)
		case !m.Held:
			return nil, &ReferenceError{Field: "HandOver.Meeting", ID: h.Meeting.String(), Err: ErrMeetingNotHeld}
		case h.Date.IsZero():
			h.Date = m.Date
		}
	}
	if h.Date.After(env.today) {
		return nil, &ReferenceError{Field: "HandOver.Date", ID: h.Date.String(), Detail: "today is " + env.today.String(), Err: ErrInFuture}
	}
	return one(DocumentHandedOver{HandOver: h}), nil
}

// apply implements [Payload].
func (d ObjectiveCreated) apply(s *State, e *Event) error {
	if !s.recommendations.has(d.Objective.Recommendation) {
		return fmt.Errorf("%w: %s: recommendation %s not found", ErrCorrupt, e.Process, d.Objective.Recommendation)
	}
	s.works.objectives.put(d.Objective.ID, d.Objective)
	return nil
}

// apply implements [Payload].
func (d MeasuresPlaced) apply(s *State, e *Event) error {
	if !s.works.objectives.has(d.Objective) {
		return fmt.Errorf("%w: %s: objective %s not found", ErrCorrupt, e.Process, d.Objective)
	}
	for _, id := range d.Measures {
		m, ok := s.measures.get(id)
		if !ok {
			return fmt.Errorf("%w: %s: measure %s not found", ErrCorrupt, e.Process, id)
		}
		m.Objective, m.Recommendation = d.Objective, d.Recommendation
		s.measures.put(id, m)
	}
	return nil
}

// apply implements [Payload].
func (d DocumentHandedOver) apply(s *State, e *Event) error {
	if !s.documents.has(d.HandOver.Document) {
		return fmt.Errorf("%w: %s: document %s not found", ErrCorrupt, e.Process, d.HandOver.Document)
	}
	s.works.handOvers = append(slices.Clip(s.works.handOvers), d.HandOver)
	return nil
}

// placeMeasure checks the objective of a measure being created, and fills
// in its recommendation from the objective.
func (s *State) placeMeasure(m *model.Measure) error {
	if m.Objective.IsZero() {
		return nil
	}
	o, ok := s.works.objectives.get(m.Objective)
	switch {
	case !ok:
		return unknown("Measure.Objective", m.Objective)
	case m.Recommendation.IsZero():
		m.Recommendation = o.Recommendation
	case m.Recommendation != o.Recommendation:
		return &model.FieldError{Field: "Measure.Recommendation", Err: model.ErrNotAllowed} // not the objective's
	}
	return nil
}

// pinnedItem is a measure at a version, placed where it is now.
func (s *State) pinnedItem(id model.MeasureID, version int) model.DocumentItem {
	m, _ := s.measures.get(id)
	return model.DocumentItem{Measure: id, Version: version, Number: m.Number, Recommendation: m.Recommendation, Objective: m.Objective, Area: m.Area}
}

// withStructure fills in the place of each item of a document pinned
// before documents recorded it (schema version 1 of document-pinned, whose
// items have no number): the fold runs at the document's place in the
// record, so the measures stand where they stood when it was pinned.
func (s *State) withStructure(d model.Document) model.Document {
	if !slices.ContainsFunc(d.Items, func(it model.DocumentItem) bool { return it.Number == 0 }) {
		return d
	}
	items := slices.Clone(d.Items)
	for i, it := range items {
		if it.Number == 0 {
			items[i] = s.pinnedItem(it.Measure, it.Version)
		}
	}
	d.Items = items
	return d
}

// documentLife checks and sets a document's date, authors, recipient and
// the document it revises.
func (s *State) documentLife(c PinDocument, d *model.Document) error {
	var errs []error
	if !c.Date.IsZero() && !c.Date.Valid() {
		errs = append(errs, &model.FieldError{Field: "Date", Err: model.ErrOutOfRange})
	}
	for i, a := range c.Authors {
		f := fmt.Sprintf("Authors[%d]", i)
		switch err := a.Validate(); {
		case err != nil:
			errs = append(errs, model.Within(f, err))
		case !a.Person.IsZero() && !s.persons.has(a.Person):
			errs = append(errs, unknown(f+".Person", a.Person))
		case !a.Organisation.IsZero() && !s.organisations.has(a.Organisation):
			errs = append(errs, unknown(f+".Organisation", a.Organisation))
		case !a.Group.IsZero() && !s.groups.has(a.Group):
			errs = append(errs, unknown(f+".Group", a.Group))
		case slices.Contains(c.Authors[:i], a):
			errs = append(errs, &model.FieldError{Field: f, Err: model.ErrDuplicate})
		}
	}
	if !c.Recipient.IsZero() && !s.groups.has(c.Recipient) {
		errs = append(errs, unknown("Recipient", c.Recipient))
	}
	if !c.Revises.IsZero() && !s.documents.has(c.Revises) {
		errs = append(errs, unknown("Revises", c.Revises))
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	d.Date, d.Authors, d.Recipient, d.Revises = c.Date, slices.Clone(c.Authors), c.Recipient, c.Revises
	return nil
}

// checkAppointment checks who appointed a group: a body that decides, by
// a decision of its own.
func (s *State) checkAppointment(g model.Group) error {
	if g.AppointedBy.IsZero() {
		return nil
	}
	body, ok := s.groups.get(g.AppointedBy)
	if !ok {
		return unknown("Group.AppointedBy", g.AppointedBy)
	}
	if g.Appointment.IsZero() {
		return nil
	}
	d, ok := s.decisions.get(g.Appointment)
	switch {
	case !ok:
		return unknown("Group.Appointment", g.Appointment)
	case d.Body != body.ID:
		return &ReferenceError{Field: "Group.Appointment", ID: d.ID.String(), Detail: "a decision of another body than " + body.Name, Err: ErrUnknownReference}
	}
	return nil
}

// Objective returns the objective with the ID.
func (s *State) Objective(id model.ObjectiveID) (model.Objective, bool) {
	return s.works.objectives.get(id)
}

// Objectives returns the objectives by their recommendation's number and
// then their own.
func (s *State) Objectives() []model.Objective {
	out := s.works.objectives.list()
	slices.SortStableFunc(out, func(a, b model.Objective) int {
		ra, _ := s.recommendations.get(a.Recommendation)
		rb, _ := s.recommendations.get(b.Recommendation)
		return cmp.Or(cmp.Compare(ra.Number, rb.Number), cmp.Compare(a.Number, b.Number))
	})
	return out
}

// Structure is a list of measures as a hierarchy: recommendations (by
// number) holding objectives (by number) holding measures (by number), the
// measures a recommendation holds directly, and the measures under no
// recommendation.
type Structure struct {
	Recommendations []RecommendationNode `json:"recommendations"`
	// Loose are the measures under no recommendation, by number.
	Loose []model.Measure `json:"loose"`
}

// RecommendationNode is a recommendation with what it holds.
type RecommendationNode struct {
	Recommendation model.Recommendation `json:"recommendation"`
	Objectives     []ObjectiveNode      `json:"objectives"`
	// Measures are the measures the recommendation holds directly.
	Measures []model.Measure `json:"measures"`
}

// ObjectiveNode is an objective with its measures.
type ObjectiveNode struct {
	Objective model.Objective `json:"objective"`
	Measures  []model.Measure `json:"measures"`
}

// Count returns how many measures the structure holds.
func (st Structure) Count() int {
	n := len(st.Loose)
	for _, r := range st.Recommendations {
		n += len(r.Measures)
		for _, o := range r.Objectives {
			n += len(o.Measures)
		}
	}
	return n
}

// Structure returns the current measures as their hierarchy. Every
// recommendation and objective is in it, also one without measures.
func (s *State) Structure() Structure { return s.structureOf(s.Measures(), true) }

// DocumentStructure returns a document's measures as the document placed
// them, at their pinned texts: later regrouping does not change it. Only
// the recommendations and objectives that hold one of its measures are in
// it, with their titles as they are now.
func (s *State) DocumentStructure(id model.DocumentID) (Structure, bool) {
	_, pinned, ok := s.Document(id)
	if !ok {
		return Structure{}, false
	}
	measures := make([]model.Measure, len(pinned))
	for i, p := range pinned {
		measures[i] = p.Measure
	}
	slices.SortStableFunc(measures, func(a, b model.Measure) int { return cmp.Compare(a.Number, b.Number) })
	return s.structureOf(measures, false), true
}

func (s *State) structureOf(measures []model.Measure, all bool) Structure {
	var st Structure
	recIndex := map[model.RecommendationID]int{}
	objIndex := map[model.ObjectiveID][2]int{}
	addRec := func(id model.RecommendationID) int {
		if i, ok := recIndex[id]; ok {
			return i
		}
		r, _ := s.recommendations.get(id)
		recIndex[id] = len(st.Recommendations)
		st.Recommendations = append(st.Recommendations, RecommendationNode{Recommendation: r})
		return recIndex[id]
	}
	addObj := func(id model.ObjectiveID, rec model.RecommendationID) [2]int {
		if i, ok := objIndex[id]; ok {
			return i
		}
		o, _ := s.works.objectives.get(id)
		r := addRec(rec)
		objIndex[id] = [2]int{r, len(st.Recommendations[r].Objectives)}
		st.Recommendations[r].Objectives = append(st.Recommendations[r].Objectives, ObjectiveNode{Objective: o})
		return objIndex[id]
	}
	if all {
		for _, r := range s.Recommendations() {
			addRec(r.ID)
		}
		for _, o := range s.Objectives() {
			addObj(o.ID, o.Recommendation)
		}
	}
	for _, m := range measures {
		switch {
		case !m.Objective.IsZero():
			at := addObj(m.Objective, m.Recommendation)
			node := &st.Recommendations[at[0]].Objectives[at[1]]
			node.Measures = append(node.Measures, m)
		case !m.Recommendation.IsZero():
			r := addRec(m.Recommendation)
			st.Recommendations[r].Measures = append(st.Recommendations[r].Measures, m)
		default:
			st.Loose = append(st.Loose, m)
		}
	}
	slices.SortStableFunc(st.Recommendations, func(a, b RecommendationNode) int {
		return cmp.Compare(a.Recommendation.Number, b.Recommendation.Number)
	})
	for i := range st.Recommendations {
		slices.SortStableFunc(st.Recommendations[i].Objectives, func(a, b ObjectiveNode) int {
			return cmp.Compare(a.Objective.Number, b.Objective.Number)
		})
	}
	return st
}

// HandOvers returns the hand-overs of a document, in the order they were
// recorded.
func (s *State) HandOvers(doc model.DocumentID) []model.HandOver {
	var out []model.HandOver
	for _, h := range s.works.handOvers {
		if h.Document == doc {
			out = append(out, h)
		}
	}
	return out
}

// RevisedBy returns the documents that revise a document, directly, in the
// order they were pinned.
func (s *State) RevisedBy(doc model.DocumentID) []model.Document {
	var out []model.Document
	for _, d := range s.documents.all() {
		if d.Revises == doc {
			out = append(out, d)
		}
	}
	return out
}

// DocumentDiff is the difference between two documents, such as a report's
// list of measures and the later, longer list that revises it.
type DocumentDiff struct {
	From model.DocumentID `json:"from"`
	To   model.DocumentID `json:"to"`
	// Added are the measures only To holds, Removed those only From holds,
	// each in its document's order.
	Added   []model.MeasureID `json:"added"`
	Removed []model.MeasureID `json:"removed"`
	// Changed are the measures both hold that To holds at another text
	// version or in another place, in To's order.
	Changed []ItemChange `json:"changed"`
}

// ItemChange is one measure held by both documents of a [DocumentDiff],
// as each holds it.
type ItemChange struct {
	From model.DocumentItem `json:"from"`
	To   model.DocumentItem `json:"to"`
	// Text is the word-level difference between the two texts; nil when
	// the version is the same.
	Text []model.DiffOp `json:"text,omitempty"`
}

// Retexted reports whether the text version differs.
func (c ItemChange) Retexted() bool { return c.From.Version != c.To.Version }

// Moved reports whether the measure stands in another place: another
// number, recommendation, objective or area.
func (c ItemChange) Moved() bool {
	a, b := c.From, c.To
	return a.Number != b.Number || a.Recommendation != b.Recommendation || a.Objective != b.Objective || a.Area != b.Area
}

// IsZero reports whether the two documents hold the same measures at the
// same versions in the same places.
func (d DocumentDiff) IsZero() bool {
	return len(d.Added) == 0 && len(d.Removed) == 0 && len(d.Changed) == 0
}

// DocumentChanges returns what changed from one document to another: the
// measures added and removed, and those at a new text version or in a new
// place. ok is false when either document is unknown.
func (s *State) DocumentChanges(from, to model.DocumentID) (DocumentDiff, bool) {
	a, okA := s.documents.get(from)
	b, okB := s.documents.get(to)
	if !okA || !okB {
		return DocumentDiff{}, false
	}
	diff := DocumentDiff{From: from, To: to}
	inA := make(map[model.MeasureID]model.DocumentItem, len(a.Items))
	for _, it := range a.Items {
		inA[it.Measure] = it
	}
	inB := make(map[model.MeasureID]bool, len(b.Items))
	for _, it := range b.Items {
		inB[it.Measure] = true
		old, ok := inA[it.Measure]
		if !ok {
			diff.Added = append(diff.Added, it.Measure)
			continue
		}
		if old == it {
			continue
		}
		change := ItemChange{From: old, To: it}
		if old.Version != it.Version {
			change.Text, _ = s.Diff(it.Measure, old.Version, it.Version)
		}
		diff.Changed = append(diff.Changed, change)
	}
	for _, it := range a.Items {
		if !inB[it.Measure] {
			diff.Removed = append(diff.Removed, it.Measure)
		}
	}
	return diff, true
}

// maxNesting bounds a walk up the organisations' parents. A parent is
// registered before its parts, so the chain ends; the bound only guards a
// corrupt snapshot.
const maxNesting = 64

// Parts returns the organisations that are directly part of an
// organisation (its departments, its district councils), in the order they
// were registered.
func (s *State) Parts(org model.OrganisationID) []model.Organisation {
	var out []model.Organisation
	for _, o := range s.organisations.all() {
		if o.Parent == org && !org.IsZero() {
			out = append(out, o)
		}
	}
	return out
}

// upward yields org and then each organisation it is part of, up to the
// one that is part of none (or is not registered).
func (s *State) upward(org model.OrganisationID) iter.Seq[model.OrganisationID] {
	return func(yield func(model.OrganisationID) bool) {
		for range maxNesting {
			if !yield(org) {
				return
			}
			o, ok := s.organisations.get(org)
			if !ok || o.Parent.IsZero() {
				return
			}
			org = o.Parent
		}
	}
}

// Whole returns the organisation at the top of the one given: the
// municipality of a department of a district council. It is the
// organisation itself when it is part of none.
func (s *State) Whole(org model.OrganisationID) model.OrganisationID {
	top := org
	for o := range s.upward(org) {
		top = o
	}
	return top
}

// Within reports whether an organisation is the whole given or part of it,
// at any depth.
func (s *State) Within(org, whole model.OrganisationID) bool {
	for o := range s.upward(org) {
		if o == whole {
			return true
		}
	}
	return false
}

// MatrixByOrganisation rolls the implementation matrix up by organisation
// along the hierarchy: each entry counts for its organisation and for every
// organisation it is part of, so that the municipality's roll-up holds
// its departments' and district councils' entries with its own.
func (s *State) MatrixByOrganisation() map[model.OrganisationID]followup.Rollup {
	var expanded []followup.Entry
	for _, e := range s.matrix.all() {
		for org := range s.upward(e.Organisation) {
			e.Organisation = org
			expanded = append(expanded, e)
		}
	}
	return followup.RollupBy(expanded, func(e followup.Entry) model.OrganisationID { return e.Organisation })
}
