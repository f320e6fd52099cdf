package phase_test

import (
	"fmt"
	"testing"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
	"github.com/stretchr/testify/assert"
)

func TestBuiltinTemplates_CarryNoDates(t *testing.T) {
	for _, tpl := range []phase.Template{phase.VastraGotaland(), phase.Dalarna()} {
		for _, p := range tpl.Phases {
			assert.Equal(t, model.Period{}, p.Planned, "%s/%s", tpl.ID, p.ID)
			assert.Positive(t, p.Months, "%s/%s", tpl.ID, p.ID)
		}
	}
}

// Hand: from 2011-03-01, 6 months end 2011-08-31; 6 more 2012-02-29 (a
// leap year); 9 more 2012-11-30; 10 more 2013-09-30; 27 more 2015-12-31.
func TestPlanFrom_DatesThePhasesOneAfterAnother(t *testing.T) {
	got := phase.VastraGotaland().PlanFrom(model.MakeDate(2011, 3, 1))
	d := model.MakeDate
	want := []model.Period{
		{Start: d(2011, 3, 1), End: d(2011, 8, 31)},
		{Start: d(2011, 9, 1), End: d(2012, 2, 29)},
		{Start: d(2012, 3, 1), End: d(2012, 11, 30)},
		{Start: d(2012, 12, 1), End: d(2013, 9, 30)},
		{Start: d(2013, 10, 1), End: d(2015, 12, 31)},
	}
	for i, p := range got.Phases {
		assert.Equal(t, want[i], p.Planned, p.ID)
	}
	assert.Equal(t, model.Period{}, phase.VastraGotaland().Phases[0].Planned, "PlanFrom copies")
}

func TestBuilder_RefusesWhatValidateRefuses(t *testing.T) {
	_, err := phase.NewBuilder("x", model.Label{SV: "X", EN: "X"}).
		Phase("a", model.Label{SV: "A", EN: "A"}, -1).
		Transition("go", "a", "nowhere").Template()
	assert.ErrorIs(t, err, phase.ErrUnknownPhase)
	assert.ErrorIs(t, err, model.ErrOutOfRange)
}

func ExampleNewBuilder() {
	t, err := phase.NewBuilder("network", model.Label{SV: "Nätverk", EN: "Network"}).
		Phase("plan", model.Label{SV: "Planering", EN: "Planning"}, 3).
		Phase("work", model.Label{SV: "Arbete", EN: "Work"}, 12).
		Transition("start", "plan", "work", phase.TimePlanSet).
		Template()
	if err != nil {
		panic(err)
	}
	for _, p := range t.PlanFrom(model.MakeDate(2027, 1, 1)).Phases {
		fmt.Println(p.ID, p.Planned.Start, p.Planned.End)
	}
	// Output:
	// plan 2027-01-01 2027-03-31
	// work 2027-04-01 2028-03-31
}
