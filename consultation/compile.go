package consultation

import (
	"fmt"
	"strings"

	"github.com/samling-go/samling/model"
)

// Names tells a compilation how to name organisations and measures.
type Names struct {
	Organisation func(model.OrganisationID) string `json:"-"`
	// Measure returns a measure's number and title.
	Measure func(model.MeasureID) (int, string) `json:"-"`
}

// Rate is how many of a set of consultees answered.
type Rate struct {
	Answered int `json:"answered"`
	Of       int `json:"of"`
}

// Percent returns the rate in percent, 0 for an empty set.
func (r Rate) Percent() float64 {
	if r.Of == 0 {
		return 0
	}
	return 100 * float64(r.Answered) / float64(r.Of)
}

// Comment is one consultee's comment on a measure.
type Comment struct {
	Organisation model.OrganisationID `json:"organisation"`
	Name         string               `json:"name"`
	Stance       Stance               `json:"stance"`
	Text         string               `json:"text"`
	Response     ResponseID           `json:"response"`
}

// MeasureSummary is what the consultees said about one measure.
type MeasureSummary struct {
	Measure  model.MeasureID `json:"measure"`
	Number   int             `json:"number"`
	Title    string          `json:"title"`
	Stances  map[Stance]int  `json:"stances"`
	Comments []Comment       `json:"comments"` // in the round's order of consultees
}

// Compilation is a round's remissammanställning.
type Compilation struct {
	Round    Round `json:"round"`
	Required Rate  `json:"required"` // the required consultees that answered
	All      Rate  `json:"all"`      // all consultees that answered
	Late     int   `json:"late"`     // answers that arrived after their deadline
	// Stances counts the overall stance of each consultee's latest answer.
	Stances map[Stance]int `json:"stances"`
	// Measures summarises the answers per measure, in the document's order.
	Measures []MeasureSummary `json:"measures"`
	// NonRespondents are the consultees that did not answer: required ones
	// first, then in the round's order.
	NonRespondents []Consultee `json:"non_respondents"`
	names          Names
}

// Compile compiles a round from its responses, counting each consultee's
// latest answer only. An explicit "no answer" is an answer.
func Compile(r Round, responses []Response, names Names) Compilation {
	if names.Organisation == nil {
		names.Organisation = func(id model.OrganisationID) string { return id.String() }
	}
	if names.Measure == nil {
		names.Measure = func(model.MeasureID) (int, string) { return 0, "" }
	}
	c := Compilation{Round: r, Stances: map[Stance]int{}, names: names}
	latest := Latest(r, responses)
	answered := map[model.OrganisationID]bool{}
	for _, resp := range latest {
		answered[resp.Organisation] = true
		c.Stances[resp.Stance]++
		if resp.Late {
			c.Late++
		}
	}
	for _, con := range r.Consultees {
		c.All.Of++
		if con.Required {
			c.Required.Of++
		}
		if answered[con.Organisation] {
			c.All.Answered++
			if con.Required {
				c.Required.Answered++
			}
		}
	}
	for _, pass := range []bool{true, false} {
		for _, con := range r.Consultees {
			if con.Required == pass && !answered[con.Organisation] {
				c.NonRespondents = append(c.NonRespondents, con)
			}
		}
	}
	for _, it := range r.Items {
		num, title := names.Measure(it.Measure)
		ms := MeasureSummary{Measure: it.Measure, Number: num, Title: title, Stances: map[Stance]int{}}
		for _, resp := range latest {
			for _, ir := range resp.Items {
				if ir.Measure != it.Measure {
					continue
				}
				ms.Stances[ir.Stance]++
				if ir.Comment != "" {
					ms.Comments = append(ms.Comments, Comment{Organisation: resp.Organisation, Name: names.Organisation(resp.Organisation), Stance: ir.Stance, Text: ir.Comment, Response: resp.ID})
				}
			}
		}
		c.Measures = append(c.Measures, ms)
	}
	return c
}

var words = map[model.Lang]map[string]string{
	model.Swedish: {
		"title": "Sammanställning av %s: %s", "deadline": "Sista svarsdag", "rate": "Svarsfrekvens",
		"required": "obligatoriska remissinstanser", "all": "alla remissinstanser",
		"required-samrad": "obligatoriska samrådsparter", "all-samrad": "alla samrådsparter", "late": "Sena svar",
		"stances": "Ställningstaganden", "stance": "Ställningstagande", "count": "Antal",
		"measure": "Åtgärd", "comments": "Synpunkter", "none": "Inga synpunkter.",
		"missing": "Har inte svarat", "req": "obligatorisk", "everyone": "Alla har svarat.",
	},
	model.English: {
		"title": "Compilation of %s: %s", "deadline": "Deadline", "rate": "Response rate",
		"required": "required consultees", "all": "all consultees",
		"required-samrad": "required consultees", "all-samrad": "all consultees", "late": "Late answers",
		"stances": "Stances", "stance": "Stance", "count": "Count",
		"measure": "Measure", "comments": "Comments", "none": "No comments.",
		"missing": "Did not answer", "req": "required", "everyone": "Everyone answered.",
	},
}

// Markdown writes the compilation as a Markdown document in lang.
func (c Compilation) Markdown(lang model.Lang) string {
	w, ok := words[lang]
	if !ok {
		w = words[model.Swedish]
	}
	required, all := w["required"], w["all"]
	if c.Round.Kind == Samrad {
		required, all = w["required-samrad"], w["all-samrad"]
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# "+w["title"]+"\n\n", c.Round.Kind.Label().In(lang), c.Round.Title)
	fmt.Fprintf(&b, "%s: %s\n\n", w["deadline"], c.Round.Deadline)
	fmt.Fprintf(&b, "## %s\n\n", w["rate"])
	fmt.Fprintf(&b, "- %s: %d / %d (%d %%)\n", required, c.Required.Answered, c.Required.Of, model.Percent(c.Required.Answered, c.Required.Of))
	fmt.Fprintf(&b, "- %s: %d / %d (%d %%)\n", all, c.All.Answered, c.All.Of, model.Percent(c.All.Answered, c.All.Of))
	fmt.Fprintf(&b, "- %s: %d\n\n", w["late"], c.Late)
	fmt.Fprintf(&b, "## %s\n\n| %s | %s |\n|---|---|\n", w["stances"], w["stance"], w["count"])
	for _, s := range Stances() {
		fmt.Fprintf(&b, "| %s | %d |\n", s.Label().In(lang), c.Stances[s])
	}
	for _, m := range c.Measures {
		fmt.Fprintf(&b, "\n## %s %d: %s\n\n", w["measure"], m.Number, mdText(m.Title))
		var parts []string
		for _, s := range Stances() {
			if n := m.Stances[s]; n > 0 {
				parts = append(parts, fmt.Sprintf("%s %d", s.Label().In(lang), n))
			}
		}
		if len(parts) > 0 {
			fmt.Fprintf(&b, "%s: %s\n\n", w["stances"], strings.Join(parts, ", "))
		}
		if len(m.Comments) == 0 {
			fmt.Fprintf(&b, "%s\n", w["none"])
			continue
		}
		for _, cm := range m.Comments {
			fmt.Fprintf(&b, "- **%s** (%s): %s\n", mdText(cm.Name), cm.Stance.Label().In(lang), mdText(cm.Text))
		}
	}
	fmt.Fprintf(&b, "\n## %s\n\n", w["missing"])
	if len(c.NonRespondents) == 0 {
		fmt.Fprintf(&b, "%s\n", w["everyone"])
	}
	for _, con := range c.NonRespondents {
		name := mdText(c.names.Organisation(con.Organisation))
		if con.Required {
			name += " (" + w["req"] + ")"
		}
		fmt.Fprintf(&b, "- %s\n", name)
	}
	return b.String()
}

// mdEscaper keeps a text on one line and stops it from opening Markdown
// markup.
var mdEscaper = strings.NewReplacer("\n", " ", "\r", " ", "*", `\*`, "_", `\_`, "|", `\|`, "#", `\#`, "[", `\[`, "`", "\\`")

func mdText(s string) string { return mdEscaper.Replace(s) }
