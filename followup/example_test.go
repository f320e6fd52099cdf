package followup_test

import (
	"fmt"

	"github.com/samling-go/samling/followup"
	"github.com/samling-go/samling/model"
)

func ExampleCompile() {
	ale, borås, vara := model.NewID[model.Organisation](), model.NewID[model.Organisation](), model.NewID[model.Organisation]()
	survey := followup.Survey{ID: model.NewID[followup.Survey](), Title: "Uppföljning 2014", Recipients: []model.OrganisationID{ale, borås, vara},
		Questions: []followup.Question{
			{Key: "q1", Kind: followup.Scaled, Text: "Hur väl har åtgärderna förankrats?", Options: []string{"inte alls", "lite", "delvis", "väl", "helt"}},
			{Key: "q2", Kind: followup.Text, Text: "Vad har varit svårast?"},
		}}
	answer := func(org model.OrganisationID, step int, text string) followup.Answer {
		return followup.Answer{ID: model.NewID[followup.Answer](), Survey: survey.ID, Organisation: org,
			Values: []followup.Value{{Question: "q1", Step: step}, {Question: "q2", Text: text}}}
	}
	answers := []followup.Answer{answer(ale, 4, "Tiden"), answer(borås, 2, "Pengar och tid")}
	// A person codes the free-text answers into themes.
	coder := model.NewID[model.Person]()
	codings := []followup.Coding{
		{Answer: answers[0].ID, Question: "q2", Themes: []string{"tid"}, CodedBy: coder},
		{Answer: answers[1].ID, Question: "q2", Themes: []string{"tid", "resurser"}, CodedBy: coder},
	}
	r := followup.Compile(survey, answers, codings)
	fmt.Printf("answered %d of %d\n", r.Answered, r.Of)
	fmt.Printf("at step 4 (väl): %.0f %%, mean %.1f\n", 100*r.Questions[0].Share(3), r.Questions[0].Mean)
	for _, t := range r.Questions[1].Themes {
		fmt.Println(t.Theme, t.Count)
	}
	// Output:
	// answered 2 of 3
	// at step 4 (väl): 50 %, mean 3.0
	// tid 2
	// resurser 1
}

func ExampleRollupBy() {
	homework, youth := model.NewID[model.Measure](), model.NewID[model.Measure]()
	ale, borås := model.NewID[model.Organisation](), model.NewID[model.Organisation]()
	matrix := []followup.Entry{
		{Measure: homework, Organisation: ale, Status: followup.Implemented, Degree: 5, LongTerm: true, Unit: "Bildningsförvaltningen"},
		{Measure: homework, Organisation: borås, Status: followup.InProgress, Degree: 3},
		{Measure: youth, Organisation: ale, Status: followup.Planned},
	}
	byMeasure := followup.RollupBy(matrix, func(e followup.Entry) model.MeasureID { return e.Measure })
	r := byMeasure[homework]
	fmt.Printf("%d organisations, %.0f %% implemented, mean degree %.1f, %d long-term\n", r.Entries, 100*r.Share(followup.Implemented), r.Degree, r.LongTerm)
	// Output:
	// 2 organisations, 50 % implemented, mean degree 4.0, 1 long-term
}
