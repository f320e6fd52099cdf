package followup

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/samling-go/samling/model"
)

// QuestionKind is the kind of a survey question.
type QuestionKind uint8

// The kinds of question.
const (
	Scaled   QuestionKind = iota + 1 // a step on a scale, 1 to len(Options), each step labelled
	YesNo                            // yes or no
	Single                           // one of the options
	Multiple                         // any of the options
	Text                             // free text, coded into themes afterwards
)

var questionKinds = []string{"", "scaled", "yes-no", "single", "multiple", "text"}

// String returns the stable text form, such as "yes-no".
func (k QuestionKind) String() string {
	if k == 0 || int(k) >= len(questionKinds) {
		return fmt.Sprintf("unknown(%d)", uint8(k))
	}
	return questionKinds[k]
}

// MarshalText implements encoding.TextMarshaler; the unset kind is empty.
func (k QuestionKind) MarshalText() ([]byte, error) {
	if k == 0 {
		return nil, nil
	}
	return []byte(k.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler.
func (k *QuestionKind) UnmarshalText(b []byte) error {
	i := slices.Index(questionKinds, string(b))
	if i < 0 {
		return &model.FieldError{Field: "Kind", Err: fmt.Errorf("%w: %q", model.ErrUnknownValue, b)}
	}
	*k = QuestionKind(i)
	return nil
}

// Question is one question of a survey. Options are the labels of the
// steps of a scaled question (step 1 first) or the choices of a single or
// multiple choice question.
type Question struct {
	Key     string       `json:"key"` // "q1"; unique in the survey
	Kind    QuestionKind `json:"kind"`
	Text    string       `json:"text"`
	Options []string     `json:"options,omitempty"`
}

// SurveyID identifies a survey.
type SurveyID = model.ID[Survey]

// AnswerID identifies one organisation's answer to a survey.
type AnswerID = model.ID[Answer]

// Survey is a follow-up survey sent to a set of organisations.
type Survey struct {
	ID         SurveyID               `json:"id"`
	Title      string                 `json:"title"`
	Questions  []Question             `json:"questions"`
	Recipients []model.OrganisationID `json:"recipients"`
}

// Limits of a survey.
const (
	MaxQuestions  = 200
	MaxOptions    = 20
	MaxRecipients = 10_000
)

// Validate checks the survey on its own: a title, questions with unique
// keys, scales of two to MaxOptions labelled steps, choices for the choice
// questions, and recipients, none twice.
func (s Survey) Validate() error {
	var errs []error
	add := func(field string, err error) { errs = append(errs, &model.FieldError{Field: field, Err: err}) }
	if s.ID.IsZero() {
		add("ID", model.ErrRequired)
	}
	if err := model.CheckText("Title", s.Title, true); err != nil {
		errs = append(errs, err)
	}
	switch {
	case len(s.Questions) == 0:
		add("Questions", model.ErrRequired)
	case len(s.Questions) > MaxQuestions:
		add("Questions", model.ErrOutOfRange)
	}
	for i, q := range s.Questions {
		f := fmt.Sprintf("Questions[%d]", i)
		if err := model.CheckText(f+".Key", q.Key, true); err != nil {
			errs = append(errs, err)
		}
		if err := model.CheckText(f+".Text", q.Text, true); err != nil {
			errs = append(errs, err)
		}
		for _, earlier := range s.Questions[:i] {
			if earlier.Key == q.Key {
				add(f+".Key", model.ErrDuplicate)
			}
		}
		switch q.Kind {
		case Scaled, Single, Multiple:
			if len(q.Options) < 2 || len(q.Options) > MaxOptions {
				add(f+".Options", model.ErrOutOfRange)
			}
		case YesNo, Text:
			if len(q.Options) > 0 {
				add(f+".Options", model.ErrNotAllowed)
			}
		default:
			add(f+".Kind", model.ErrUnknownValue)
		}
		for j, o := range q.Options {
			if err := model.CheckText(fmt.Sprintf("%s.Options[%d]", f, j), o, true); err != nil {
				errs = append(errs, err)
			}
		}
	}
	switch {
	case len(s.Recipients) == 0:
		add("Recipients", model.ErrRequired)
	case len(s.Recipients) > MaxRecipients:
		add("Recipients", model.ErrOutOfRange)
	}
	for i, r := range s.Recipients {
		if slices.Contains(s.Recipients[:i], r) {
			add(fmt.Sprintf("Recipients[%d]", i), model.ErrDuplicate)
		}
	}
	return errors.Join(errs...)
}

// Question returns the question with the key.
func (s Survey) Question(key string) (Question, bool) {
	for _, q := range s.Questions {
		if q.Key == key {
			return q, true
		}
	}
	return Question{}, false
}

// Value is an answer to one question: Step for a scaled question (1..),
// Yes for a yes/no one, Choices (0-based option indexes) for single and
// multiple choice, Text for free text. Unanswered questions have no Value.
type Value struct {
	Question string `json:"question"`
	Step     int    `json:"step,omitempty"`
	Yes      *bool  `json:"yes,omitempty"`
	Choices  []int  `json:"choices,omitempty"`
	Text     string `json:"text,omitempty"`
}

// Answer is one organisation's answer to a survey.
type Answer struct {
	ID           AnswerID             `json:"id"`
	Survey       SurveyID             `json:"survey"`
	Organisation model.OrganisationID `json:"organisation"`
	Values       []Value              `json:"values"`
}

// Check checks an answer against its survey: a recipient, every value for
// a question of the survey, once, of the question's kind and in range.
func (s Survey) Check(a Answer) error {
	var errs []error
	add := func(field string, err error) { errs = append(errs, &model.FieldError{Field: field, Err: err}) }
	if a.ID.IsZero() {
		add("ID", model.ErrRequired)
	}
	if !slices.Contains(s.Recipients, a.Organisation) {
		add("Organisation", ErrNotRecipient)
	}
	seen := map[string]bool{}
	for i, v := range a.Values {
		f := fmt.Sprintf("Values[%d]", i)
		q, ok := s.Question(v.Question)
		switch {
		case !ok:
			add(f+".Question", ErrUnknownQuestion)
			continue
		case seen[v.Question]:
			add(f+".Question", model.ErrDuplicate)
		}
		seen[v.Question] = true
		given := map[string]bool{"step": v.Step != 0, "yes": v.Yes != nil, "choices": len(v.Choices) > 0, "text": v.Text != ""}
		want := map[QuestionKind]string{Scaled: "step", YesNo: "yes", Single: "choices", Multiple: "choices", Text: "text"}[q.Kind]
		for k, g := range given {
			if g && k != want {
				add(f, model.ErrNotAllowed)
			}
		}
		if !given[want] {
			add(f, model.ErrRequired)
		}
		switch q.Kind {
		case Scaled:
			if v.Step < 0 || v.Step > len(q.Options) {
				add(f+".Step", model.ErrOutOfRange)
			}
		case Single, Multiple:
			if q.Kind == Single && len(v.Choices) > 1 {
				add(f+".Choices", model.ErrOutOfRange)
			}
			for j, c := range v.Choices {
				if c < 0 || c >= len(q.Options) || slices.Contains(v.Choices[:j], c) {
					add(f+".Choices", model.ErrOutOfRange)
				}
			}
		case Text:
			if err := model.CheckText(f+".Text", v.Text, false); err != nil {
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
}

// Errors of answers and codings, inside a *model.FieldError.
var (
	// ErrNotRecipient is returned for an answer from an organisation the
	// survey was not sent to.
	ErrNotRecipient = errors.New("was not sent the survey")
	// ErrUnknownQuestion is returned for a value or coding of a question the
	// survey does not have, or one that is not free text.
	ErrUnknownQuestion = errors.New("is not a question of the survey")
)

// Coding is a person's coding of one free-text answer into named themes.
type Coding struct {
	Answer   AnswerID       `json:"answer"`
	Question string         `json:"question"`
	Themes   []string       `json:"themes"`
	CodedBy  model.PersonID `json:"coded_by"`
}

// Results are a survey's compiled answers.
type Results struct {
	Survey Survey
	// Answered is how many recipients answered, of Of.
	Answered, Of int
	Questions    []QuestionResult
}

// Rate returns the response rate, 0–1.
func (r Results) Rate() float64 {
	if r.Of == 0 {
		return 0
	}
	return float64(r.Answered) / float64(r.Of)
}

// QuestionResult is what the answers say about one question.
type QuestionResult struct {
	Question Question
	// Answered is how many answers answered this question.
	Answered int
	// Counts are per step (scaled: Counts[0] is step 1) or per option
	// (choices), and Yes/No for a yes/no question.
	Counts  []int
	Yes, No int
	// Mean is the mean step of a scaled question; 0 with no answers.
	Mean float64
	// Themes counts the coded themes of a free-text question, and Texts
	// are its answers in the order of the recipients.
	Themes []ThemeCount
	Texts  []string
}

// Share returns the share, 0–1, of the question's answers at step or
// option i (0-based).
func (q QuestionResult) Share(i int) float64 {
	if q.Answered == 0 || i < 0 || i >= len(q.Counts) {
		return 0
	}
	return float64(q.Counts[i]) / float64(q.Answered)
}

// ThemeCount is a theme and how many answers were coded with it.
type ThemeCount struct {
	Theme string
	Count int
}

// Compile compiles a survey's answers, each organisation's latest only, and
// the codings of its free-text answers.
func Compile(s Survey, answers []Answer, codings []Coding) Results {
	latest := map[model.OrganisationID]Answer{}
	for _, a := range answers {
		if a.Survey == s.ID && slices.Contains(s.Recipients, a.Organisation) {
			latest[a.Organisation] = a
		}
	}
	ids := map[AnswerID]bool{}
	var ordered []Answer
	for _, r := range s.Recipients {
		if a, ok := latest[r]; ok {
			ordered = append(ordered, a)
			ids[a.ID] = true
		}
	}
	res := Results{Survey: s, Answered: len(ordered), Of: len(s.Recipients)}
	for _, q := range s.Questions {
		qr := QuestionResult{Question: q, Counts: make([]int, len(q.Options))}
		sum := 0
		for _, a := range ordered {
			for _, v := range a.Values {
				if v.Question != q.Key || !fits(q, v) {
					continue // answers are checked when recorded; this keeps Compile safe on any input
				}
				qr.Answered++
				switch q.Kind {
				case Scaled:
					qr.Counts[v.Step-1]++
					sum += v.Step
				case YesNo:
					if *v.Yes {
						qr.Yes++
					} else {
						qr.No++
					}
				case Single, Multiple:
					for _, c := range v.Choices {
						qr.Counts[c]++
					}
				case Text:
					qr.Texts = append(qr.Texts, v.Text)
				}
			}
		}
		if q.Kind == Scaled && qr.Answered > 0 {
			qr.Mean = float64(sum) / float64(qr.Answered)
		}
		if q.Kind == Text {
			themes := map[string]int{}
			for _, c := range codings {
				if c.Question == q.Key && ids[c.Answer] {
					for _, t := range c.Themes {
						themes[t]++
					}
				}
			}
			for t, n := range themes {
				qr.Themes = append(qr.Themes, ThemeCount{Theme: t, Count: n})
			}
			sort.Slice(qr.Themes, func(i, j int) bool {
				if qr.Themes[i].Count != qr.Themes[j].Count {
					return qr.Themes[i].Count > qr.Themes[j].Count
				}
				return model.CompareSwedish(qr.Themes[i].Theme, qr.Themes[j].Theme) < 0
			})
		}
		res.Questions = append(res.Questions, qr)
	}
	return res
}

// fits reports whether a value is of its question's kind and in range.
func fits(q Question, v Value) bool {
	switch q.Kind {
	case Scaled:
		return v.Step >= 1 && v.Step <= len(q.Options)
	case YesNo:
		return v.Yes != nil
	case Single, Multiple:
		for _, c := range v.Choices {
			if c < 0 || c >= len(q.Options) {
				return false
			}
		}
		return len(v.Choices) > 0
	case Text:
		return v.Text != ""
	}
	return false
}

var surveyWords = map[model.Lang]map[string]string{
	model.Swedish: {"results": "Resultat", "rate": "Svarsfrekvens", "answered": "svarade", "step": "Steg", "option": "Alternativ",
		"count": "Antal", "share": "Andel", "mean": "Medelvärde", "yes": "Ja", "no": "Nej", "theme": "Tema", "none": "Inga svar."},
	model.English: {"results": "Results", "rate": "Response rate", "answered": "answered", "step": "Step", "option": "Option",
		"count": "Count", "share": "Share", "mean": "Mean", "yes": "Yes", "no": "No", "theme": "Theme", "none": "No answers."},
}

// Markdown writes the results as a report in lang: the response rate, and
// per question a table of counts and shares, the mean of a scale, or the
// themes of the free-text answers with their counts.
func (r Results) Markdown(lang model.Lang) string {
	w, ok := surveyWords[lang]
	if !ok {
		w = surveyWords[model.Swedish]
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# %s: %s\n\n", w["results"], oneLine(r.Survey.Title))
	fmt.Fprintf(&b, "%s: %d / %d (%d %%)\n", w["rate"], r.Answered, r.Of, model.Percent(r.Answered, r.Of))
	for _, q := range r.Questions {
		fmt.Fprintf(&b, "\n## %s\n\n", oneLine(q.Question.Text))
		if q.Answered == 0 {
			fmt.Fprintf(&b, "%s\n", w["none"])
			continue
		}
		switch q.Question.Kind {
		case Scaled, Single, Multiple:
			head := w["option"]
			if q.Question.Kind == Scaled {
				head = w["step"]
			}
			fmt.Fprintf(&b, "| %s | %s | %s |\n|---|---:|---:|\n", head, w["count"], w["share"])
			for i, o := range q.Question.Options {
				label := oneLine(o)
				if q.Question.Kind == Scaled {
					label = fmt.Sprintf("%d %s", i+1, label)
				}
				fmt.Fprintf(&b, "| %s | %d | %d %% |\n", label, q.Counts[i], model.Percent(q.Counts[i], q.Answered))
			}
			if q.Question.Kind == Scaled {
				fmt.Fprintf(&b, "\n%s: %.1f\n", w["mean"], q.Mean)
			}
		case YesNo:
			fmt.Fprintf(&b, "- %s: %d\n- %s: %d\n", w["yes"], q.Yes, w["no"], q.No)
		case Text:
			fmt.Fprintf(&b, "| %s | %s |\n|---|---:|\n", w["theme"], w["count"])
			for _, t := range q.Themes {
				fmt.Fprintf(&b, "| %s | %d |\n", oneLine(t.Theme), t.Count)
			}
		}
		fmt.Fprintf(&b, "\n(%d %s)\n", q.Answered, w["answered"])
	}
	return b.String()
}

var lineBreaks = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ", "|", `\|`)

func oneLine(s string) string { return lineBreaks.Replace(s) }
