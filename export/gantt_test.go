package export_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/samling-go/samling/export"
	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
	"github.com/samling-go/samling/process"
)

// The lines of a Mermaid gantt chart, after Mermaid's grammar
// (packages/mermaid/src/diagrams/gantt/parser/gantt.jison): a task is a
// text without ':', '#' or ';', a colon, and task data of an optional
// ID, a start date in the chart's dateFormat (here YYYY-MM-DD, which
// Mermaid parses strictly, so a year has four digits) and an end date or a
// duration.
var (
	ganttHeader = regexp.MustCompile(`^(gantt|    title [^\n#;]*|    dateFormat YYYY-MM-DD|    axisFormat [^\n]+|    section [^\n#:;]+)$`)
	ganttTask   = regexp.MustCompile(`^    [^\n#:;]+ :([A-Za-z][A-Za-z0-9_]*, )?(\d{4}-\d{2}-\d{2}), (\d{4}-\d{2}-\d{2}|\d+[dwh])$`)
)

// ganttProblems checks every line of a chart against the grammar, and
// every date as a real one that does not end before it starts; it returns
// what is wrong, nothing for a valid chart.
func ganttProblems(chart string) []string {
	var out []string
	for _, line := range strings.Split(strings.TrimSuffix(chart, "\n"), "\n") {
		if ganttHeader.MatchString(line) {
			continue
		}
		m := ganttTask.FindStringSubmatch(line)
		if m == nil {
			out = append(out, "not a line of a Mermaid gantt chart: "+line)
			continue
		}
		start, err := time.Parse(time.DateOnly, m[2])
		if err != nil {
			out = append(out, "no start date: "+line)
		}
		if end, err := time.Parse(time.DateOnly, m[3]); err == nil && end.Before(start) {
			out = append(out, "ends before it starts: "+line)
		}
	}
	return out
}

// TestGantt_DrawsTheCurrentPlanAndOnlyValidTasks is the defect of issue 19:
// the chart read the template's dates, not the plan after PlanPhase, and a
// phase without planned dates came out as "B :p1, , -001-12-01".
func TestGantt_DrawsTheCurrentPlanAndOnlyValidTasks(t *testing.T) {
	clock := process.ClockFunc(func() time.Time { return time.Date(2020, 3, 2, 9, 0, 0, 0, time.UTC) })
	proc := record(t, clock)
	tmpl := phase.Template{ID: "kommission", Name: model.Label{SV: "Kommission", EN: "Commission"}, Initial: "a",
		Phases: []phase.Phase{
			{ID: "a", Name: model.Label{SV: "Utredning", EN: "Inquiry"}, Planned: model.Period{Start: model.MakeDate(2020, 3, 1), End: model.MakeDate(2021, 12, 31)}},
			{ID: "b", Name: model.Label{SV: "Remiss", EN: "Consultation"}},
			{ID: "c", Name: model.Label{SV: "Utvärdering", EN: "Evaluation"}},
			{ID: "d", Name: model.Label{SV: "Beslut", EN: "Decision"}, Planned: model.Period{Start: model.MakeDate(2022, 6, 1)}},
		},
		Transitions: []phase.Transition{{Trigger: "remit", From: "a", To: "b"}, {Trigger: "evaluate", From: "b", To: "c"}, {Trigger: "decide", From: "c", To: "d"}},
	}
	proc.do(process.Start{Process: model.Process{ID: proc.id, Name: "Kommissionen: jämlik hälsa"}, Template: tmpl})
	proc.do(process.PlanPhase{Phase: "c", Planned: model.Period{Start: model.MakeDate(2026, 1, 1), End: model.MakeDate(2026, 12, 31)}})
	s := proc.state()

	chart := export.Gantt(s, export.Options{AsOf: model.DateOf(clock())})
	assert.Empty(t, ganttProblems(chart))
	assert.Contains(t, chart, "Utvärdering :p2, 2026-01-01, 2027-01-01", "the evaluation as PlanPhase planned it, years ahead")
	assert.Contains(t, chart, "Beslut :p3, 2022-06-01, 1d", "a planned start without an end lasts a day")
	assert.NotContains(t, chart, "Remiss :p", "a phase without planned dates is not drawn as planned")
	assert.NotContains(t, chart, "-001")
	assert.Contains(t, chart, "Utredning :a0, 2020-03-02, 2020-03-03", "the phase running today, a day long at least")

	// The shipped templates and the fixture draw valid charts too.
	assert.Empty(t, ganttProblems(export.Gantt(fixture(t), export.Options{Lang: model.English, AsOf: model.DateOf(stamp)})))
}

func TestGrammarCheck_RefusesWhatMermaidRefuses(t *testing.T) {
	for _, bad := range []string{"    B :p1, , -001-12-01", "    A: b :p1, 2020-01-01, 2020-02-01", "    A :p1, 2020-1-01, 2020-02-01",
		"    A :p1, 2020-02-30, 2020-03-01", "    A :p1, 2020-03-01, 2020-02-01"} {
		assert.NotEmpty(t, ganttProblems("gantt\n"+bad+"\n"), "%q must be refused", bad)
	}
}
