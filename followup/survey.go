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
	// MaxThemes limits how many themes one coding of a free-text answer
	// may name ("up to three obstacles"); 0 for no limit.
	MaxThemes int `json:"max_themes,omitempty"`
}

// MaxThemes is the most themes one coding may name.
const MaxThemes = 100

// Step returns the step (from 1) of a scaled question whose label is
// label, or the option index plus one of a choice question; false when no
// step or option has the label.
func (q Question) Step(label string) (int, bool) {
	i := slices.Index(q.Options, label)
	return i + 1, i >= 0
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
		switch {
		case q.MaxThemes < 0 || q.MaxThemes > MaxThemes:
			add(f+".MaxThemes", model.ErrOutOfRange)
		case q.MaxThemes != 0 && q.Kind != Text:
			add(f+".MaxThemes", model.ErrNotAllowed) // only free text is coded into themes
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
	// survey does not have.
	ErrUnknownQuestion = errors.New("is not a question of the survey")
	// ErrNotFreeText is returned for a coding of a question that is not a
	// free-text question: only free text is coded into themes.
	ErrNotFreeText = errors.New("is not a free-text question")
	// ErrNotAnswered is returned for a coding of a question the answer
	// leaves unanswered.
	ErrNotAnswered = errors.New("is not answered in the answer")
	// ErrTooManyThemes is returned for a coding that names more themes than
	// its question's MaxThemes.
	ErrTooManyThemes = errors.New("names more themes than the question allows")
)

// Coding is a person's coding of one free-text answer into named themes,
// each theme at most once. A later coding of the same answer and question
// replaces the earlier one in the results (the earlier one stays in the
// record); Reason says why it was recoded.
type Coding struct {
	Answer   AnswerID       `json:"answer"`
	Question string         `json:"question"`
	Themes   []string       `json:"themes"`
	CodedBy  model.PersonID `json:"coded_by"`
	Reason   string         `json:"reason,omitempty"`
}

// CheckCoding checks a coding against its survey and the answer it codes:
// a free-text question the answer answers, one to MaxThemes themes (the
// question's limit, if any), none twice.
func (s Survey) CheckCoding(a Answer, c Coding) error {
	var errs []error
	add := func(field string, err error) { errs = append(errs, &model.FieldError{Field: field, Err: err}) }
	q, ok := s.Question(c.Question)
	switch {
	case !ok:
		add("Question", ErrUnknownQuestion)
	case q.Kind != Text:
		add("Question", ErrNotFreeText)
	case !slices.ContainsFunc(a.Values, func(v Value) bool { return v.Question == c.Question }):
		add("Question", ErrNotAnswered)
	}
	switch limit := q.MaxThemes; {
	case len(c.Themes) == 0:
		add("Themes", model.ErrRequired)
	case limit > 0 && len(c.Themes) > limit:
		add("Themes", ErrTooManyThemes)
	case len(c.Themes) > MaxThemes:
		add("Themes", model.ErrOutOfRange)
	}
	for j, t := range c.Themes {
		f := fmt.Sprintf("Themes[%d]", j)
		if err := model.CheckText(f, t, true); err != nil {
			errs = append(errs, err)
		}
		if slices.Contains(c.Themes[:j], t) {
			add(f, model.ErrDuplicate)
		}
	}
	if err := model.CheckText("Reason", c.Reason, false); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// Current returns the codings that count: for each answer and question,
// the latest coding, in the order they were first coded.
func Current(codings []Coding) []Coding {
	type key struct {
		a AnswerID
		q string
	}
	at := map[key]int{}
	var out []Coding
	for _, c := range codings {
		k := key{c.Answer, c.Question}
		if i, ok := at[k]; ok {
			out[i] = c
			continue
		}
		at[k] = len(out)
		out = append(out, c)
	}
	return out
}

// Results are a survey's compiled answers.
type Results struct {
	Survey Survey `json:"survey"`
	// Answered is how many recipients answered, of Of.
	Answered  int              `json:"answered"`
	Of        int              `json:"of"`
	Questions []QuestionResult `json:"questions"`
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
	Question Question `json:"question"`
	// Answered is how many answers answered this question.
	Answered int `json:"answered"`
	// Counts are per step (scaled: Counts[0] is step 1) or per option
	// (choices), and Yes/No for a yes/no question.
	Counts []int `json:"counts"`
	Yes    int   `json:"yes"`
	No     int   `json:"no"`
	// Mean is the mean step of a scaled question; 0 with no answers.
	Mean float64 `json:"mean"`
	// Themes counts the coded themes of a free-text question, and Texts
	// are its answers in the order of the recipients.
	Themes []ThemeCount `json:"themes"`
	Texts  []string     `json:"texts"`
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
	Theme string `json:"theme"`
	Count int    `json:"count"`
}

// Compile compiles a survey's answers, each organisation's latest only, and
// the codings of its free-text answers: for each answer and question the
// latest coding only ([Current]), each theme counted once per answer, so
// that no theme is ever counted for more answers than answered.
func Compile(s Survey, answers []Answer, codings []Coding) Results {
	latest := map[model.OrganisationID]Answer{}
	for _, a := range answers {
		if a.Survey == s.ID && slices.Contains(s.Recipients, a.Organisation) {
			latest[a.Organisation] = a
		}
	}
	var ordered []Answer
	for _, r := range s.Recipients {
		if a, ok := latest[r]; ok {
			ordered = append(ordered, a)
		}
	}
	current := Current(codings)
	res := Results{Survey: s, Answered: len(ordered), Of: len(s.Recipients)}
	for _, q := range s.Questions {
		qr := QuestionResult{Question: q, Counts: make([]int, len(q.Options))}
		sum := 0
		var texts map[AnswerID]bool // for free text: the answers that answer q
		if q.Kind == Text {
			texts = map[AnswerID]bool{}
		}
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
					texts[a.ID] = true
				}
			}
		}
		if q.Kind == Scaled && qr.Answered > 0 {
			qr.Mean = float64(sum) / float64(qr.Answered)
		}
		if q.Kind == Text {
			themes := map[string]int{}
			for _, c := range current {
				if c.Question == q.Key && texts[c.Answer] {
					for j, t := range c.Themes {
						if !slices.Contains(c.Themes[:j], t) { // an old coding may name a theme twice
							themes[t]++
						}
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
