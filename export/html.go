package export

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"io"

	"github.com/samling-go/samling/process"
)

//go:embed report.html.tmpl
var reportTemplate string

var htmlTemplate = template.Must(template.New("report").Funcs(template.FuncMap{
	"num": func(x float64) string { return fmt.Sprintf("%.1f", x) },
}).Parse(reportTemplate))

// plain leaves a text as it is: html/template escapes it.
func plain(s string) string { return s }

// htmlPage is what the HTML report's template reads. Every field is plain
// text; the template escapes it.
type htmlPage struct {
	Lang     string
	Title    string
	AsOf     string
	About    string
	Words    map[string]string
	Phases   htmlTable
	Groups   htmlTable
	Decision htmlTable
	Measures []string

	PhaseChart       chart
	Proposals        string
	DispositionChart *chart
	Rounds           []htmlRound
	MatrixChart      *chart
	Surveys          []chart
}

type htmlTable struct {
	Head    []string
	Numeric []bool // right-aligned columns
	Rows    [][]string
}

type htmlRound struct {
	Title string
	Rates string
	Chart chart
}

// HTMLReport writes the report as one self-contained HTML page to read on
// screen or print on A4: the date it is as of and a covering section as
// in [Report], then charts drawn as inline SVG (no script) where a reader
// would rather look than read: the phases planned against actual, what
// became of the proposals, the stances per measure in each consultation
// round, the implementation matrix as a heat map of measures against
// organisations, and each survey's results with its response rate; and
// tables of the phases, groups, decisions and measures.
//
// The page is written with html/template, so every user text is escaped
// by construction. The charts end at [Options].AsOf, by default the
// record's last event, never at the wall clock. Each chart is an <svg>
// with a data-chart attribute ("phases", "dispositions", "stances",
// "matrix", "survey"; the per-round and per-survey ones also a
// data-index) whose data points are the <rect class="mark"> elements in
// it.
func HTMLReport(w io.Writer, s *process.State, o Options) error {
	if err := o.check(); err != nil {
		return err
	}
	lang := o.lang()
	t := o.words()
	n := numbers{lang}
	asOf := o.asOf(s)
	p := htmlPage{Lang: string(lang), Title: s.Process().Name, AsOf: fmt.Sprintf(t["asof"], asOf), About: covering(s, o, plain), Words: t}

	p.Phases = htmlTable{Head: []string{t["phase"], t["planned"], t["actual"]}}
	for _, e := range s.Timeline() {
		p.Phases.Rows = append(p.Phases.Rows, []string{e.Phase.Name.In(lang), period(e.Phase.Planned), actual(e, t)})
	}
	p.PhaseChart = phasesChart(s, o, asOf)

	p.Groups = htmlTable{Head: []string{t["group"], t["kind"], t["seats"], t["members"], t["chair"]}, Numeric: []bool{false, false, true, true, false}}
	for _, g := range s.Groups() {
		seats, members, chair := o.group(s, g)
		p.Groups.Rows = append(p.Groups.Rows, []string{g.Name, g.Kind.Label().In(lang), seats, fmt.Sprint(members), chair})
	}

	p.Decision = htmlTable{Head: []string{t["date"], t["body"], "§", t["subject"], t["tally"]}, Numeric: []bool{false, false, true, false, false}}
	for _, d := range s.Decisions() {
		body, _ := s.Group(d.Body)
		meeting, _ := s.Meeting(d.Meeting)
		tally := fmt.Sprintf(t["present"], d.Tally.Present, d.Tally.Members, d.Tally.Agree, d.Tally.Abstain, d.Tally.Disagree, d.Tally.Block)
		if d.Acclamation {
			tally = fmt.Sprintf(t["acclamation"], d.Tally.Present, d.Tally.Members)
		}
		p.Decision.Rows = append(p.Decision.Rows, []string{meeting.Date.String(), body.Name, fmt.Sprint(d.Paragraph), subjectText(s, d.Subject, lang), tally})
	}

	for _, m := range s.Measures() {
		p.Measures = append(p.Measures, fmt.Sprintf("%d. %s%s", m.Number, m.Title, lineage(s, m, t, lang, plain)))
	}

	if counts := s.Counts(); counts.Total > 0 {
		p.Proposals = fmt.Sprintf(t["total"], n.count(counts.Total, nounProposal), fmt.Sprint(counts.ByDisposition[0]))
		c := dispositionsChart(s, o)
		p.DispositionChart = &c
	}
	for i, r := range s.Rounds() {
		c, _ := s.Compilation(r.ID)
		p.Rounds = append(p.Rounds, htmlRound{
			Title: fmt.Sprintf(compilationWords[lang]["title"], c.Round.Kind.Label().In(lang), c.Round.Title),
			Rates: fmt.Sprintf(t["rates"], c.Required.Answered, c.Required.Of, n.percent(c.Required.Answered, c.Required.Of),
				c.All.Answered, c.All.Of, n.percent(c.All.Answered, c.All.Of), c.Late, c.Round.Deadline),
			Chart: stancesChart(c, i, o),
		})
	}
	if len(s.Matrix()) > 0 {
		c := matrixChart(s, o)
		p.MatrixChart = &c
	}
	for i, sv := range s.Surveys() {
		res, _ := s.SurveyResults(sv.ID)
		p.Surveys = append(p.Surveys, surveyChart(res, i, o))
	}

	var b bytes.Buffer
	if err := htmlTemplate.Execute(&b, p); err != nil {
		return fmt.Errorf("export: html report: %w", err)
	}
	_, err := w.Write(b.Bytes())
	return err
}
