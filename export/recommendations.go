package export

import (
	"io"
	"strconv"
	"strings"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/process"
)

// Recommendations are a process's result as it is handed on: each
// recommendation with the measures under it, by number, and then the
// measures under none.
type Recommendations struct {
	Groups []RecommendationGroup
	// Loose are the measures under no recommendation, by number.
	Loose []model.Measure
}

// RecommendationGroup is one recommendation and the measures under it.
type RecommendationGroup struct {
	Recommendation model.Recommendation
	Measures       []model.Measure
}

// RecommendationsOf gathers the recommendations of a process and the
// measures under each: what the CSV files, the spreadsheet and the Popolo
// document show (the report shows the whole structure, objectives too:
// State.Structure).
func RecommendationsOf(s *process.State) Recommendations {
	var out Recommendations
	at := map[model.RecommendationID]int{}
	for _, r := range s.Recommendations() {
		at[r.ID] = len(out.Groups)
		out.Groups = append(out.Groups, RecommendationGroup{Recommendation: r})
	}
	for _, m := range s.Measures() {
		if i, ok := at[m.Recommendation]; ok {
			out.Groups[i].Measures = append(out.Groups[i].Measures, m)
		} else {
			out.Loose = append(out.Loose, m)
		}
	}
	return out
}

// recommendationsTable is the table of recommendations, each with the
// numbers of its measures.
func recommendationsTable(s *process.State, o Options) dataTable {
	t := dataTable{sheet: model.Label{SV: "Rekommendationer", EN: "Recommendations"}, columns: []dataColumn{
		plainColumn("Nummer", "Number"), longColumn("Titel", "Title"), longColumn("Text", "Text"), plainColumn("Åtgärder", "Measures")}}
	for _, g := range RecommendationsOf(s).Groups {
		nums := make([]string, len(g.Measures))
		for i, m := range g.Measures {
			nums[i] = strconv.Itoa(m.Number)
		}
		t.rows = append(t.rows, []field{numberField(g.Recommendation.Number), textField(g.Recommendation.Title), textField(g.Recommendation.Text), textField(strings.Join(nums, ", "))})
	}
	return t
}

// RecommendationsCSV writes the recommendations: number, title, text and
// the numbers of the measures under each. [MeasuresCSV] names each
// measure's recommendation.
func RecommendationsCSV(w io.Writer, s *process.State, o Options) error {
	if err := o.check(); err != nil {
		return err
	}
	return writeCSV(w, o, recommendationsTable(s, o))
}

// popoloRecommendations are the recommendations and measures as Popolo
// motions: a recommendation's motion classified "recommendation", each
// measure's "measure", with parent_id naming the recommendation it is
// under.
func popoloRecommendations(s *process.State) []PopoloMotion {
	recs := RecommendationsOf(s)
	var out []PopoloMotion
	text := func(title, body string) string {
		if body == "" {
			return title
		}
		return title + "\n\n" + body
	}
	for _, g := range recs.Groups {
		rid := "recommendation-" + g.Recommendation.ID.String()
		out = append(out, PopoloMotion{ID: rid, Identifier: strconv.Itoa(g.Recommendation.Number), Classification: "recommendation",
			Text: text(g.Recommendation.Title, g.Recommendation.Text)})
		for _, m := range g.Measures {
			out = append(out, PopoloMotion{ID: "measure-" + m.ID.String(), Identifier: strconv.Itoa(m.Number), Classification: "measure",
				Text: text(m.Title, m.Text), ParentID: rid})
		}
	}
	for _, m := range recs.Loose {
		out = append(out, PopoloMotion{ID: "measure-" + m.ID.String(), Identifier: strconv.Itoa(m.Number), Classification: "measure", Text: text(m.Title, m.Text)})
	}
	return out
}
