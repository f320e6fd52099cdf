package export

import (
	"fmt"
	"time"

	"github.com/samling-go/samling/consultation"
	"github.com/samling-go/samling/followup"
	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/process"
)

// A chart is an inline SVG drawing, described as data and written by the
// HTML report's template, so that every text in it is escaped by
// html/template. Each data point is a rect of class "mark"; tracks,
// legends and grid lines are other classes, so a reader (or a test) can
// count the marks.
type chart struct {
	ID     string // the data-chart attribute: "phases", "dispositions", …
	Index  int    // which round or survey, for charts drawn once per each
	Title  string // the accessible name
	Width  int
	Height int
	Rects  []svgRect
	Texts  []svgText
	Lines  []svgLine
}

type svgRect struct {
	X, Y, W, H float64
	Class      string
	Fill       string
	Tip        string // shown on hover, and read by screen readers
}

type svgText struct {
	X, Y   float64
	Anchor string // start, middle, end
	Class  string
	Rotate float64 // degrees about (X, Y)
	Text   string
}

type svgLine struct {
	X1, Y1, X2, Y2 float64
	Class          string
}

const chartWidth = 680

// palette are the colours of the series, chosen to stay apart in print
// and for the common colour-vision deficiencies (Okabe–Ito).
var palette = []string{"#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#999999"}

// shorten cuts a label to n runes with an ellipsis.
func shorten(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// phasesChart draws each phase on a row: its current plan as a light bar
// above, its visits as dark bars below, on a time axis that ends at the
// as-of date (or the end of the plan, if later), with a line at the as-of
// date. Marks: one per planned phase, one per visit.
func phasesChart(s *process.State, o Options, asOf model.Date) chart {
	lang := o.lang()
	t := o.words()
	planned, visits := plannedPhases(s), actualVisits(s, asOf)
	type row struct {
		name string
		plan *model.Period
		vs   []visit
	}
	var rows []*row
	byID := map[string]*row{}
	for _, e := range s.Timeline() {
		id := string(e.Phase.ID)
		if byID[id] == nil {
			byID[id] = &row{name: e.Phase.Name.In(lang)}
			rows = append(rows, byID[id])
		}
	}
	for i := range planned {
		byID[string(planned[i].ID)].plan = &planned[i].Planned
	}
	for _, v := range visits {
		r := byID[string(v.phase.ID)]
		r.vs = append(r.vs, v)
	}
	first, last := asOf, asOf
	widen := func(d model.Date) {
		if d.IsZero() {
			return
		}
		if first.IsZero() || d.Before(first) {
			first = d
		}
		if d.After(last) {
			last = d
		}
	}
	for _, p := range planned {
		widen(p.Planned.Start)
		widen(p.Planned.End.AddDays(1))
	}
	for _, v := range visits {
		widen(v.start)
	}
	c := chart{ID: "phases", Title: t["chart-phases"], Width: chartWidth}
	const left, top, rowH = 190.0, 34.0, 34.0
	c.Height = int(top + rowH*float64(len(rows)) + 10)
	if first.IsZero() || !last.After(first) {
		return c
	}
	span := float64(days(first, last))
	x := func(d model.Date) float64 { return left + (chartWidth-left-10)*float64(days(first, d))/span }
	for y := first.Year; y <= last.Year; y++ {
		d := model.MakeDate(y, 1, 1)
		if d.Before(first) {
			continue
		}
		c.Lines = append(c.Lines, svgLine{X1: x(d), Y1: top - 6, X2: x(d), Y2: float64(c.Height) - 10, Class: "grid"})
		if x(d) < chartWidth-30 {
			c.Texts = append(c.Texts, svgText{X: x(d) + 2, Y: top - 10, Class: "axis", Text: fmt.Sprint(y)})
		}
	}
	c.Rects = append(c.Rects, svgRect{X: left, Y: 4, W: 12, H: 10, Class: "legend", Fill: "#b8cfe6"}, svgRect{X: left + 110, Y: 4, W: 12, H: 10, Class: "legend", Fill: palette[0]})
	c.Texts = append(c.Texts, svgText{X: left + 16, Y: 13, Class: "legend", Text: t["planned"]}, svgText{X: left + 126, Y: 13, Class: "legend", Text: t["actual"]})
	for i, r := range rows {
		y := top + rowH*float64(i)
		c.Texts = append(c.Texts, svgText{X: left - 6, Y: y + rowH/2 + 4, Anchor: "end", Text: shorten(r.name, 30)})
		if p := r.plan; p != nil {
			c.Rects = append(c.Rects, svgRect{X: x(p.Start), Y: y + 3, W: x(p.End.AddDays(1)) - x(p.Start), H: 12, Class: "mark planned", Fill: "#b8cfe6",
				Tip: fmt.Sprintf("%s, %s: %s – %s", r.name, t["planned"], p.Start, p.End)})
		}
		for _, v := range r.vs {
			end := t["ongoing"]
			if !v.running {
				end = v.end.String()
			}
			c.Rects = append(c.Rects, svgRect{X: x(v.start), Y: y + 16, W: max(x(v.end)-x(v.start), 1), H: 12, Class: "mark actual", Fill: palette[0],
				Tip: fmt.Sprintf("%s, %s: %s – %s", r.name, t["actual"], v.start, end)})
		}
	}
	c.Lines = append(c.Lines, svgLine{X1: x(asOf), Y1: top - 6, X2: x(asOf), Y2: float64(c.Height) - 10, Class: "asof"})
	c.Texts = append(c.Texts, svgText{X: x(asOf) - 3, Y: float64(c.Height) - 1, Anchor: "end", Class: "axis", Text: asOf.String()})
	return c
}

func days(a, b model.Date) int {
	return int(b.Time(time.UTC).Sub(a.Time(time.UTC)).Hours() / 24)
}

// dispositionsChart draws what became of the proposals: a bar per
// disposition (and one for those still waiting) with at least one
// proposal. Marks: one per bar.
func dispositionsChart(s *process.State, o Options) chart {
	lang := o.lang()
	t := o.words()
	counts := s.Counts()
	type bar struct {
		label string
		n     int
	}
	var bars []bar
	for _, k := range model.DispositionKinds() {
		if n := counts.ByDisposition[k]; n > 0 {
			bars = append(bars, bar{k.Label().In(lang), n})
		}
	}
	if n := counts.ByDisposition[0]; n > 0 {
		bars = append(bars, bar{t["waiting"], n})
	}
	const left, rowH = 190.0, 24.0
	c := chart{ID: "dispositions", Title: t["chart-dispositions"], Width: chartWidth, Height: int(rowH*float64(len(bars)) + 8)}
	most := 1
	for _, b := range bars {
		most = max(most, b.n)
	}
	n := numbers{lang}
	for i, b := range bars {
		y := 4 + rowH*float64(i)
		w := (chartWidth - left - 90) * float64(b.n) / float64(most)
		c.Texts = append(c.Texts, svgText{X: left - 6, Y: y + 14, Anchor: "end", Text: b.label})
		c.Rects = append(c.Rects, svgRect{X: left, Y: y + 2, W: w, H: 16, Class: "mark", Fill: palette[i%len(palette)],
			Tip: fmt.Sprintf("%s: %d", b.label, b.n)})
		c.Texts = append(c.Texts, svgText{X: left + w + 6, Y: y + 14, Class: "value", Text: fmt.Sprintf("%d (%s)", b.n, n.percent(b.n, counts.Total))})
	}
	return c
}

// stancesChart draws one consultation round: per measure a stacked bar of
// the consultees' stances on it. Marks: one per measure and stance taken.
func stancesChart(c consultation.Compilation, index int, o Options) chart {
	lang := o.lang()
	t := o.words()
	const left, top, rowH = 190.0, 30.0, 16.0
	ch := chart{ID: "stances", Index: index, Title: fmt.Sprintf(t["chart-stances"], c.Round.Title), Width: chartWidth,
		Height: int(top + rowH*float64(len(c.Measures)) + 8)}
	most := 1
	for _, m := range c.Measures {
		total := 0
		for _, k := range m.Stances {
			total += k
		}
		most = max(most, total)
	}
	stances := consultation.Stances()
	lx := 0.0
	for i, st := range stances {
		label := st.Label().In(lang)
		ch.Rects = append(ch.Rects, svgRect{X: lx, Y: 4, W: 10, H: 10, Class: "legend", Fill: palette[i%len(palette)]})
		ch.Texts = append(ch.Texts, svgText{X: lx + 13, Y: 13, Class: "legend", Text: label})
		lx += 24 + 6.2*float64(len([]rune(label)))
	}
	scale := (chartWidth - left - 30) / float64(most)
	for i, m := range c.Measures {
		y := top + rowH*float64(i)
		ch.Texts = append(ch.Texts, svgText{X: left - 6, Y: y + 11, Anchor: "end", Text: shorten(fmt.Sprintf("%d. %s", m.Number, m.Title), 32)})
		x := left
		for j, st := range stances {
			k := m.Stances[st]
			if k == 0 {
				continue
			}
			ch.Rects = append(ch.Rects, svgRect{X: x, Y: y + 2, W: scale * float64(k), H: rowH - 4, Class: "mark", Fill: palette[j%len(palette)],
				Tip: fmt.Sprintf("%d. %s: %s %d", m.Number, m.Title, st.Label().In(lang), k)})
			x += scale * float64(k)
		}
	}
	return ch
}

// matrixChart draws the implementation matrix as a heat map: a row per
// measure, a column per organisation, each cell coloured by the status
// the organisation reports. Marks: one per entry of the matrix.
func matrixChart(s *process.State, o Options) chart {
	lang := o.lang()
	t := o.words()
	entries := s.Matrix()
	hasMeasure, hasOrg := map[model.MeasureID]bool{}, map[model.OrganisationID]bool{}
	for _, e := range entries {
		hasMeasure[e.Measure], hasOrg[e.Organisation] = true, true
	}
	row, col := map[model.MeasureID]int{}, map[model.OrganisationID]int{}
	var measures []model.Measure
	for _, m := range s.Measures() {
		if hasMeasure[m.ID] {
			row[m.ID] = len(measures)
			measures = append(measures, m)
		}
	}
	var orgs []model.Organisation
	for _, org := range s.Organisations() {
		if hasOrg[org.ID] {
			col[org.ID] = len(orgs)
			orgs = append(orgs, org)
		}
	}
	const left, top = 190.0, 130.0
	cell := 14.0
	if len(orgs) > 0 {
		cell = min(cell, (chartWidth-left-4)/float64(len(orgs)))
	}
	rowH := min(14.0, max(cell, 9))
	c := chart{ID: "matrix", Title: t["chart-matrix"], Width: chartWidth, Height: int(top + rowH*float64(len(measures)) + 8)}
	colour := map[followup.Status]string{followup.NotStarted: "#d9d9d9", followup.Planned: "#b8cfe6", followup.InProgress: "#56B4E9", followup.Implemented: "#0072B2", followup.NotApplicable: "#ffffff"}
	lx := 0.0
	for _, st := range followup.Statuses() {
		label := st.Label().In(lang)
		c.Rects = append(c.Rects, svgRect{X: lx, Y: 4, W: 10, H: 10, Class: "legend", Fill: colour[st]})
		c.Texts = append(c.Texts, svgText{X: lx + 13, Y: 13, Class: "legend", Text: label})
		lx += 24 + 6.2*float64(len([]rune(label)))
	}
	for i, org := range orgs {
		x := left + cell*float64(i) + cell/2 + 3
		c.Texts = append(c.Texts, svgText{X: x, Y: top - 4, Class: "small", Rotate: -60, Text: shorten(org.Name, 18)})
	}
	for i, m := range measures {
		c.Texts = append(c.Texts, svgText{X: left - 6, Y: top + rowH*float64(i) + rowH - 3, Anchor: "end", Class: "small", Text: shorten(fmt.Sprintf("%d. %s", m.Number, m.Title), 34)})
	}
	names := map[model.OrganisationID]string{}
	for _, org := range orgs {
		names[org.ID] = org.Name
	}
	titles := map[model.MeasureID]string{}
	for _, m := range measures {
		titles[m.ID] = fmt.Sprintf("%d. %s", m.Number, m.Title)
	}
	for _, e := range entries {
		tip := fmt.Sprintf("%s – %s: %s", titles[e.Measure], names[e.Organisation], e.Status.Label().In(lang))
		if e.Degree > 0 {
			tip += fmt.Sprintf(" (%s %d)", t["degree"], e.Degree)
		}
		c.Rects = append(c.Rects, svgRect{X: left + cell*float64(col[e.Organisation]), Y: top + rowH*float64(row[e.Measure]), W: cell - 1, H: rowH - 1,
			Class: "mark", Fill: colour[e.Status], Tip: tip})
	}
	return c
}

// surveyChart draws a survey's results: the response rate as a bar on its
// track, then per question a bar per option, step or theme chosen at
// least once. Marks: the rate (when anyone answered) and one per bar.
func surveyChart(r followup.Results, index int, o Options) chart {
	lang := o.lang()
	t := o.words()
	n := numbers{lang}
	const left, rowH = 190.0, 18.0
	c := chart{ID: "survey", Index: index, Title: fmt.Sprintf(t["chart-survey"], r.Survey.Title), Width: chartWidth}
	barW := chartWidth - left - 90
	y := 4.0
	c.Texts = append(c.Texts, svgText{X: left - 6, Y: y + 13, Anchor: "end", Text: t["rate"]})
	c.Rects = append(c.Rects, svgRect{X: left, Y: y + 2, W: barW, H: 14, Class: "track", Fill: "#eeeeee"})
	if r.Answered > 0 && r.Of > 0 {
		c.Rects = append(c.Rects, svgRect{X: left, Y: y + 2, W: barW * float64(r.Answered) / float64(r.Of), H: 14, Class: "mark rate", Fill: palette[2],
			Tip: fmt.Sprintf("%s: %d / %d", t["rate"], r.Answered, r.Of)})
	}
	c.Texts = append(c.Texts, svgText{X: left + barW + 6, Y: y + 13, Class: "value", Text: fmt.Sprintf("%d / %d (%s)", r.Answered, r.Of, n.percent(r.Answered, r.Of))})
	y += rowH + 10
	for qi, q := range r.Questions {
		c.Texts = append(c.Texts, svgText{X: 0, Y: y + 13, Class: "question", Text: shorten(q.Question.Text, 100)})
		y += rowH
		type bar struct {
			label string
			n     int
		}
		var bars []bar
		switch q.Question.Kind {
		case followup.Scaled, followup.Single, followup.Multiple:
			for i, opt := range q.Question.Options {
				label := opt
				if q.Question.Kind == followup.Scaled {
					label = fmt.Sprintf("%d %s", i+1, opt)
				}
				bars = append(bars, bar{label, q.Counts[i]})
			}
		case followup.YesNo:
			bars = []bar{{t["yes"], q.Yes}, {t["no"], q.No}}
		case followup.Text:
			for _, th := range q.Themes {
				bars = append(bars, bar{th.Theme, th.Count})
			}
		}
		if q.Answered == 0 || len(bars) == 0 {
			c.Texts = append(c.Texts, svgText{X: left, Y: y + 13, Class: "value", Text: t["noanswers"]})
			y += rowH + 6
			continue
		}
		for _, b := range bars {
			c.Texts = append(c.Texts, svgText{X: left - 6, Y: y + 13, Anchor: "end", Text: shorten(b.label, 30)})
			w := barW * float64(b.n) / float64(q.Answered)
			if b.n > 0 {
				c.Rects = append(c.Rects, svgRect{X: left, Y: y + 3, W: w, H: 12, Class: "mark", Fill: palette[qi%len(palette)],
					Tip: fmt.Sprintf("%s: %s: %d", q.Question.Text, b.label, b.n)})
			}
			c.Texts = append(c.Texts, svgText{X: left + w + 6, Y: y + 13, Class: "value", Text: fmt.Sprintf("%d (%s)", b.n, n.percent(b.n, q.Answered))})
			y += rowH
		}
		if q.Question.Kind == followup.Scaled {
			c.Texts = append(c.Texts, svgText{X: left, Y: y + 13, Class: "value", Text: t["mean"] + ": " + n.decimal(q.Mean)})
			y += rowH
		}
		y += 6
	}
	c.Height = int(y + 4)
	return c
}
