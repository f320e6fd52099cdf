package process

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/samling-go/samling/followup"
	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
)

func init() {
	register(
		commands(phase.FollowUp, RecordImplementation{}, CreateSurvey{}, SubmitSurveyAnswer{}, CodeAnswers{}, DefineIndicator{}, RecordObservations{}),
		eventsOf(event[ImplementationRecorded](), event[SurveySent](sameShape), event[SurveyAnswered](), event[AnswersCoded](sameShape), event[IndicatorDefined](), event[ObservationsRecorded]()),
	)
}

// MaxEntriesPerCommand is the most matrix entries or observations one
// command may carry.
const MaxEntriesPerCommand = 10_000

// RecordImplementation records entries of the implementation matrix: how
// far each organisation has come with each measure. A later entry for the
// same measure and organisation replaces the earlier one in the matrix;
// both stay in the record.
type RecordImplementation struct{ Entries []followup.Entry }

// CreateSurvey sends a follow-up survey to its recipients.
type CreateSurvey struct{ Survey followup.Survey }

// SubmitSurveyAnswer records an organisation's answer to a survey; a later
// answer from the same organisation counts instead of the earlier one.
type SubmitSurveyAnswer struct{ Answer followup.Answer }

// CodeAnswers records a person's coding of free-text answers into themes:
// each theme once, at most the question's MaxThemes. Coding an answer that
// is coded already replaces its coding in the results and needs a Reason;
// the earlier coding stays in the record ([Survey].Codings).
type CodeAnswers struct{ Codings []followup.Coding }

// DefineIndicator defines an indicator.
type DefineIndicator struct{ Indicator followup.Indicator }

// RecordObservations records values of indicators.
type RecordObservations struct{ Observations []followup.Observation }

// Name implements [Command].
func (RecordImplementation) Name() string { return "record-implementation" }

// rule implements [Command]: the default policy's check ([RecordRules]).
func (RecordImplementation) rule(r Request, p model.PersonID, today model.Date) string {
	return recordsImplementation(r, p, today)
}

// Name implements [Command].
func (CreateSurvey) Name() string { return "create-survey" }

// rule implements [Command]: the default policy's check ([RecordRules]).
func (CreateSurvey) rule(r Request, p model.PersonID, today model.Date) string {
	return coordinates(r, p, today)
}

// Name implements [Command].
func (SubmitSurveyAnswer) Name() string { return "submit-survey-answer" }

// rule implements [Command]: the default policy's check ([RecordRules]).
func (SubmitSurveyAnswer) rule(r Request, p model.PersonID, today model.Date) string {
	return answersSurvey(r, p, today)
}

// Name implements [Command].
func (CodeAnswers) Name() string { return "code-answers" }

// rule implements [Command]: the default policy's check ([RecordRules]).
func (CodeAnswers) rule(r Request, p model.PersonID, today model.Date) string {
	return coordinates(r, p, today)
}

// Name implements [Command].
func (DefineIndicator) Name() string { return "define-indicator" }

// rule implements [Command]: the default policy's check ([RecordRules]).
func (DefineIndicator) rule(r Request, p model.PersonID, today model.Date) string {
	return coordinates(r, p, today)
}

// Name implements [Command].
func (RecordObservations) Name() string { return "record-observations" }

// rule implements [Command]: the default policy's check ([RecordRules]).
func (RecordObservations) rule(r Request, p model.PersonID, today model.Date) string {
	return coordinates(r, p, today)
}

// ImplementationRecorded records matrix entries.
type ImplementationRecorded struct {
	Entries []followup.Entry `json:"entries"`
}

// SurveySent records a survey sent to its recipients. Schema version 2
// added a question's MaxThemes; a version 1 event has none, so it reads as
// it is.
type SurveySent struct {
	Survey followup.Survey `json:"survey"`
}

// SurveyAnswered records an answer to a survey.
type SurveyAnswered struct {
	Answer followup.Answer `json:"answer"`
}

// AnswersCoded records codings of free-text answers. Schema version 2
// added a coding's Reason; a version 1 event has none, so it reads as it
// is.
type AnswersCoded struct {
	Codings []followup.Coding `json:"codings"`
}

// IndicatorDefined records an indicator.
type IndicatorDefined struct {
	Indicator followup.Indicator `json:"indicator"`
}

// ObservationsRecorded records values of indicators.
type ObservationsRecorded struct {
	Observations []followup.Observation `json:"observations"`
}

// EventType implements [Payload].
func (ImplementationRecorded) EventType() string { return "implementation-recorded" }

// EventType implements [Payload].
func (SurveySent) EventType() string { return "survey-sent" }

// EventType implements [Payload].
func (SurveyAnswered) EventType() string { return "survey-answered" }

// EventType implements [Payload].
func (AnswersCoded) EventType() string { return "answers-coded" }

// EventType implements [Payload].
func (IndicatorDefined) EventType() string { return "indicator-defined" }

// EventType implements [Payload].
func (ObservationsRecorded) EventType() string { return "observations-recorded" }

// Survey is a survey as the process knows it: sent when, its answers in
// the order received and their codings.
type Survey struct {
	followup.Survey
	Sent    time.Time         `json:"sent,omitzero"`
	Answers []followup.Answer `json:"answers"`
	Codings []followup.Coding `json:"codings"`
}

// Coding returns the coding that counts for an answer's question: the
// latest; false when it is not coded.
func (sv Survey) Coding(answer followup.AnswerID, question string) (followup.Coding, bool) {
	for i := len(sv.Codings) - 1; i >= 0; i-- {
		if c := sv.Codings[i]; c.Answer == answer && c.Question == question {
			return c, true
		}
	}
	return followup.Coding{}, false
}

// Recodings returns the codings that a later coding replaced, in order:
// what the record keeps of each correction.
func (sv Survey) Recodings() []followup.Coding {
	type key struct {
		a followup.AnswerID
		q string
	}
	last := map[key]int{}
	for i, c := range sv.Codings {
		last[key{c.Answer, c.Question}] = i
	}
	var out []followup.Coding
	for i, c := range sv.Codings {
		if last[key{c.Answer, c.Question}] != i {
			out = append(out, c)
		}
	}
	return out
}

// matrixKey keys the matrix by measure and organisation.
type matrixKey struct {
	Measure      model.MeasureID
	Organisation model.OrganisationID
}

func entriesCheck(n int, field string) error {
	switch {
	case n == 0:
		return &model.FieldError{Field: field, Err: model.ErrRequired}
	case n > MaxEntriesPerCommand:
		return fmt.Errorf("%w: %d in one command, at most %d", ErrTooLarge, n, MaxEntriesPerCommand)
	}
	return nil
}

func (c RecordImplementation) decide(_ context.Context, s *State, _ *env) ([]Payload, error) {
	if err := entriesCheck(len(c.Entries), "Entries"); err != nil {
		return nil, err
	}
	seen := map[matrixKey]bool{}
	for i, e := range c.Entries {
		f := fmt.Sprintf("Entries[%d]", i)
		if err := e.Validate(); err != nil {
			return nil, model.Within(f, err)
		}
		switch k := (matrixKey{e.Measure, e.Organisation}); {
		case !s.measures.has(e.Measure):
			return nil, unknown(f+".Measure", e.Measure)
		case !s.organisations.has(e.Organisation):
			return nil, unknown(f+".Organisation", e.Organisation)
		case seen[k]:
			return nil, &model.FieldError{Field: f, Err: model.ErrDuplicate}
		default:
			seen[k] = true
		}
	}
	return one(ImplementationRecorded{Entries: slices.Clone(c.Entries)}), nil
}

func (c CreateSurvey) decide(_ context.Context, s *State, _ *env) ([]Payload, error) {
	sv := c.Survey
	if err := sv.Validate(); err != nil {
		return nil, model.Within("Survey", err)
	}
	if s.surveys.has(sv.ID) {
		return nil, taken("Survey.ID", sv.ID)
	}
	for i, r := range sv.Recipients {
		if !s.organisations.has(r) {
			return nil, unknown(fmt.Sprintf("Survey.Recipients[%d]", i), r)
		}
	}
	sv.Questions, sv.Recipients = slices.Clone(sv.Questions), slices.Clone(sv.Recipients)
	for i := range sv.Questions {
		sv.Questions[i].Options = slices.Clone(sv.Questions[i].Options)
	}
	return one(SurveySent{Survey: sv}), nil
}

func (c SubmitSurveyAnswer) decide(_ context.Context, s *State, _ *env) ([]Payload, error) {
	a := c.Answer
	sv, ok := s.surveys.get(a.Survey)
	if !ok {
		return nil, unknown("Answer.Survey", a.Survey)
	}
	if err := sv.Check(a); err != nil {
		return nil, model.Within("Answer", err)
	}
	if _, _, dup := s.surveyAnswer(a.ID); dup {
		return nil, taken("Answer.ID", a.ID)
	}
	a.Values = slices.Clone(a.Values)
	return one(SurveyAnswered{Answer: a}), nil
}

func (c CodeAnswers) decide(_ context.Context, s *State, _ *env) ([]Payload, error) {
	if err := entriesCheck(len(c.Codings), "Codings"); err != nil {
		return nil, err
	}
	for i, cd := range c.Codings {
		f := fmt.Sprintf("Codings[%d]", i)
		sv, answer, ok := s.surveyAnswer(cd.Answer)
		if !ok {
			return nil, unknown(f+".Answer", cd.Answer)
		}
		if err := sv.CheckCoding(answer, cd); err != nil {
			return nil, model.Within(f, err)
		}
		if _, coded := sv.Coding(cd.Answer, cd.Question); coded && strings.TrimSpace(cd.Reason) == "" {
			return nil, &model.FieldError{Field: f + ".Reason", Err: model.ErrRequired} // a recoding says why
		}
		for _, earlier := range c.Codings[:i] {
			if earlier.Answer == cd.Answer && earlier.Question == cd.Question {
				return nil, &model.FieldError{Field: f, Err: model.ErrDuplicate}
			}
		}
		if !s.persons.has(cd.CodedBy) {
			return nil, unknown(f+".CodedBy", cd.CodedBy)
		}
	}
	out := slices.Clone(c.Codings)
	for i := range out {
		out[i].Themes = slices.Clone(out[i].Themes)
	}
	return one(AnswersCoded{Codings: out}), nil
}

func (c DefineIndicator) decide(_ context.Context, s *State, _ *env) ([]Payload, error) {
	if err := c.Indicator.Validate(); err != nil {
		return nil, model.Within("Indicator", err)
	}
	if s.indicators.has(c.Indicator.ID) {
		return nil, taken("Indicator.ID", c.Indicator.ID)
	}
	return one(IndicatorDefined{Indicator: c.Indicator}), nil
}

func (c RecordObservations) decide(_ context.Context, s *State, _ *env) ([]Payload, error) {
	if err := entriesCheck(len(c.Observations), "Observations"); err != nil {
		return nil, err
	}
	var errs []error
	for i, o := range c.Observations {
		f := fmt.Sprintf("Observations[%d]", i)
		if err := o.Validate(); err != nil {
			errs = append(errs, model.Within(f, err))
		} else if !s.indicators.has(o.Indicator) {
			return nil, unknown(f+".Indicator", o.Indicator)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return one(ObservationsRecorded{Observations: slices.Clone(c.Observations)}), nil
}

// surveyAnswer finds an answer and its survey.
func (s *State) surveyAnswer(id followup.AnswerID) (Survey, followup.Answer, bool) {
	for _, sv := range s.surveys.all() {
		for _, a := range sv.Answers {
			if a.ID == id {
				return sv, a, true
			}
		}
	}
	return Survey{}, followup.Answer{}, false
}

// Matrix returns the implementation matrix: the latest entry for each
// measure and organisation, in the order they were first recorded.
func (s *State) Matrix() []followup.Entry { return s.matrix.list() }

// Surveys returns the surveys in the order they were sent.
func (s *State) Surveys() []Survey { return s.surveys.list() }

// SurveyResults compiles a survey's answers and codings.
func (s *State) SurveyResults(id followup.SurveyID) (followup.Results, bool) {
	sv, ok := s.surveys.get(id)
	if !ok {
		return followup.Results{}, false
	}
	return followup.Compile(sv.Survey, sv.Answers, sv.Codings), true
}

// Indicators returns the indicators in the order they were defined.
func (s *State) Indicators() []followup.Indicator { return s.indicators.list() }

// Observations returns an indicator's observations in the order recorded.
func (s *State) Observations(id followup.IndicatorID) []followup.Observation {
	var out []followup.Observation
	for _, o := range s.observations {
		if o.Indicator == id {
			out = append(out, o)
		}
	}
	return out
}

func recordsImplementation(r Request, p model.PersonID, day model.Date) string {
	return coordinatorOrOwn(r, p, day, r.Command.(RecordImplementation).Entries, func(e followup.Entry) bool {
		return r.State.represents(p, e.Organisation)
	}, "an organisation reports its own implementation; a coordinator reports any")
}

func answersSurvey(r Request, p model.PersonID, day model.Date) string {
	if r.State.represents(p, r.Command.(SubmitSurveyAnswer).Answer.Organisation) || r.State.coordinator(p, day) {
		return ""
	}
	return "only a representative of the organisation answers for it, or a coordinator registering the answer"
}

// apply implements [Payload].
func (d ImplementationRecorded) apply(s *State, e *Event) error {
	for _, en := range d.Entries {
		s.matrix.put(matrixKey{en.Measure, en.Organisation}, en)
	}
	return nil
}

// apply implements [Payload].
func (d SurveySent) apply(s *State, e *Event) error {
	s.surveys.put(d.Survey.ID, Survey{Survey: d.Survey, Sent: e.OccurredAt})
	return nil
}

// apply implements [Payload].
func (d SurveyAnswered) apply(s *State, e *Event) error {
	sv, ok := s.surveys.get(d.Answer.Survey)
	if !ok {
		return fmt.Errorf("%w: %s: survey %s not found", ErrCorrupt, e.Process, d.Answer.Survey)
	}
	sv.Answers = append(slices.Clip(sv.Answers), d.Answer)
	s.surveys.put(sv.ID, sv)
	return nil
}

// apply implements [Payload].
func (d AnswersCoded) apply(s *State, e *Event) error {
	for _, c := range d.Codings {
		sv, _, ok := s.surveyAnswer(c.Answer)
		if !ok {
			return fmt.Errorf("%w: %s: answer %s not found", ErrCorrupt, e.Process, c.Answer)
		}
		sv.Codings = append(slices.Clip(sv.Codings), c)
		s.surveys.put(sv.ID, sv)
	}
	return nil
}

// apply implements [Payload].
func (d IndicatorDefined) apply(s *State, e *Event) error {
	s.indicators.put(d.Indicator.ID, d.Indicator)
	return nil
}

// apply implements [Payload].
func (d ObservationsRecorded) apply(s *State, e *Event) error {
	s.observations = append(slices.Clip(s.observations), d.Observations...)
	return nil
}
