package export_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/samling-go/samling/export"
	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
	"github.com/samling-go/samling/process"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// measuresWithTitles is a process with one measure per text, the text
// also being the measure's title where it is one line (a title holds no
// line break or tab: the text policy refuses them there).
func measuresWithTitles(t *testing.T, titles []string) *process.State {
	proc := record(t, nil)
	proc.do(process.Start{Process: model.Process{ID: proc.id, Name: "Samling"}, Template: anyPhase(phase.VastraGotaland().PlanFrom(model.MakeDate(2011, 3, 1)))})
	for i, title := range titles {
		line := title
		if !oneLine(title) {
			line = fmt.Sprintf("Åtgärd %d", i+1)
		}
		_, err := proc.engine.Execute(context.Background(), proc.id, proc.actor, process.CreateMeasure{Measure: model.Measure{ID: model.NewID[model.Measure](), Number: i + 1,
			Title: line, Text: title, Level: model.LevelMunicipality}})
		require.NoError(t, err, "%q", title)
	}
	return proc.state()
}

func oneLine(s string) bool { return !strings.ContainsAny(s, "\t\r\n") }

// titleCells writes the measures as CSV and returns the title cells as a
// reader splitting on sep reads them (sep may differ from the file's).
func readCSV(t *testing.T, data string, sep rune) [][]string {
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(data, "\ufeff")))
	r.Comma = sep
	r.LazyQuotes = true
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	require.NoError(t, err)
	return rows
}

func TestCSV_FormulaGuard(t *testing.T) {
	cases := []struct{ in, want string }{
		{"=2+2", "'=2+2"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"+2+3", "'+2+3"},
		{"-2+3", "'-2+3"},
		{"-A1", "'-A1"},
		{"- punkt i en lista", "'- punkt i en lista"},
		{"+46-8-123 45", "'+46-8-123 45"}, // 46-8-123 would be computed
		{"-5(1)", "'-5(1)"},
		{`+1 cmd|' /C calc'!A0`, `'+1 cmd|' /C calc'!A0`},
		{" =2+2", "' =2+2"},
		{"\t=2+2", "\t'=2+2"}, // the tab separates pieces: the guard is after it
		{"\n=2+2", "\n'=2+2"},
		{"\r\n =2+2", "\n' =2+2"}, // encoding/csv reads a quoted CRLF as LF
		{"Budget;=2+2;slut", "Budget;'=2+2;slut"},
		{"Budget,=2+2,slut", "Budget,'=2+2,slut"},
		{"Budget\t@x", "Budget\t'@x"},
		{`Budget;"=2+2`, `Budget;'"=2+2`},
		// Ordinary text, left alone.
		{"-5 % arbetslöshet", "-5 % arbetslöshet"},
		{"+46 8 123 45", "+46 8 123 45"},
		{"-5", "-5"},
		{"-3,5 %", "-3,5 %"},
		{"+ 12 platser", "+ 12 platser"},
		{"Läxhjälp = stöd", "Läxhjälp = stöd"},
		{"e-post: info@kommun.se", "e-post: info@kommun.se"},
		{"Barn 0-6 år", "Barn 0-6 år"},
		{"2014-09-16", "2014-09-16"},
		{"0180", "0180"},
		{"Kommunerna, regionen och polisen", "Kommunerna, regionen och polisen"},
	}
	var titles []string
	for _, c := range cases {
		titles = append(titles, c.in)
	}
	s := measuresWithTitles(t, titles)
	for _, sep := range []rune{';', ',', '\t'} {
		var b bytes.Buffer
		require.NoError(t, export.MeasuresCSV(&b, s, export.Options{Separator: sep}))
		rows := readCSV(t, b.String(), sep)
		require.Len(t, rows, len(cases)+1)
		for i, c := range cases {
			if oneLine(c.in) {
				assert.Equal(t, c.want, rows[i+1][1], "title %q, separator %q", c.in, sep)
			}
			assert.Equal(t, c.want, rows[i+1][2], "text %q, separator %q", c.in, sep)
		}
	}
}

// TestCSV_NoFormulaHowEverSplit reads each file with every separator,
// its own and the others, and with lines split at every line break
// (a reader that ignores quotes): no cell a reader gets may start, after
// white space and quotes, with a formula that the guard lets through.
func TestCSV_NoFormulaHowEverSplit(t *testing.T) {
	hostile := []string{
		"Budget;=2+2;slut", "Budget,=2+2,slut", "a\t=1+1", "rad ett\n=1+1", "rad\r\n@x", " \n\t =HYPERLINK(\"http://x\")",
		`"=2+2"`, "x;\"=2+2\";y", "-5 % arbetslöshet, +46 8 123 45; -2+3", "titel;-A1", "ok; +1,5 %",
		"=", "-", "+", "@", ";;;", "\"\"", "a;b,c\td\ne\r\nf",
	}
	s := measuresWithTitles(t, hostile)
	// A formula, as a spreadsheet would read one: = or @ first, or a sign
	// before anything but a plain number with no operator after it.
	formula := regexp.MustCompile(`^[=@]|^[+-]([^0-9 \x{a0}]|[ \x{a0}]*$|[ \x{a0}]*[0-9].*[=+\-*/^&()<>!|:$@"\[\]{}])`)
	for _, written := range []rune{';', ',', '\t'} {
		var b bytes.Buffer
		require.NoError(t, export.MeasuresCSV(&b, s, export.Options{Separator: written}))
		out := b.String()
		var cells []string
		for _, read := range []rune{';', ',', '\t'} {
			for _, row := range readCSV(t, out, read) {
				cells = append(cells, row...)
			}
		}
		for _, line := range regexp.MustCompile(`\r\n|\r|\n`).Split(out, -1) {
			for _, sep := range []string{";", ",", "\t"} {
				cells = append(cells, strings.Split(line, sep)...)
			}
		}
		for _, c := range cells {
			// Within a cell a reader may still break lines.
			for _, piece := range regexp.MustCompile(`\r\n|\r|\n`).Split(c, -1) {
				trimmed := strings.TrimLeft(piece, " \t\"")
				if strings.HasPrefix(trimmed, "+") || strings.HasPrefix(trimmed, "-") {
					// A reader that runs on into the next field meets the
					// closing quote: a string literal straight after a number
					// form is a syntax error, nothing after it is evaluated.
					trimmed, _, _ = strings.Cut(trimmed, `"`)
				}
				assert.False(t, formula.MatchString(trimmed), "written with %q, a reader gets a formula cell %q", written, piece)
			}
		}
		// And the file's own reader gets the text back, marked.
		rows := readCSV(t, out, written)
		assert.Equal(t, "Budget;'=2+2;slut", rows[1][1])
		assert.Equal(t, "rad ett\n'=1+1", rows[4][2], "in the text column")
	}
}

func TestCSV_Separators(t *testing.T) {
	s := measuresWithTitles(t, []string{"Läxhjälp, även på fritidsgårdar", "Stöd; och råd"})
	first := func(o export.Options) string {
		var b bytes.Buffer
		require.NoError(t, export.MeasuresCSV(&b, s, o))
		line, _, _ := strings.Cut(strings.TrimPrefix(b.String(), "\ufeff"), "\r\n")
		return line
	}
	assert.Equal(t, "Nummer;Titel;Text;Insatsområde;Nivå;Förslag;Versioner;Rekommendation;Rekommendationens titel;Mål;Belopp", first(export.Options{}), "Swedish: semicolons")
	assert.Equal(t, "Number,Title,Text,Area,Level,Proposals,Versions,Recommendation,Recommendation title,Objective,Amount", first(export.Options{Lang: model.English}), "English: commas")
	assert.Equal(t, "Number;Title;Text;Area;Level;Proposals;Versions;Recommendation;Recommendation title;Objective;Amount", first(export.Options{Lang: model.English, Separator: ';'}))
	assert.Equal(t, "Nummer\tTitel\tText\tInsatsområde\tNivå\tFörslag\tVersioner\tRekommendation\tRekommendationens titel\tMål\tBelopp", first(export.Options{Separator: '\t'}))

	var b bytes.Buffer
	require.NoError(t, export.MeasuresCSV(&b, s, export.Options{}))
	assert.Contains(t, b.String(), `;"Läxhjälp, även på fritidsgårdar";`, "the other separator is quoted too")
	assert.Contains(t, b.String(), `;"Stöd; och råd";`)

	b.Reset()
	err := export.MeasuresCSV(&b, s, export.Options{Separator: '|'})
	assert.ErrorIs(t, err, export.ErrSeparator)
	assert.Zero(t, b.Len(), "nothing written")
}

// anyPhase returns tpl with every phase allowing every command: these
// tests are about what is exported, not about when it was recorded.
func anyPhase(tpl phase.Template) phase.Template {
	for i := range tpl.Phases {
		tpl.Phases[i].Allows = nil
	}
	return tpl
}

// TestMeasuresCSV_NumbersAnObjectiveWithinItsRecommendation: a measure
// under objective 2 of recommendation 3 is under "3.2", with the
// recommendation's number and title; one under none has empty cells.
func TestMeasuresCSV_NumbersAnObjectiveWithinItsRecommendation(t *testing.T) {
	proc := record(t, nil)
	id, do := proc.id, proc.do
	do(process.Start{Process: model.Process{ID: id, Name: "Samling"}, Template: anyPhase(phase.VastraGotaland())})
	placed := model.Measure{ID: model.NewID[model.Measure](), Number: 1, Title: "Läxhjälp", Text: "Läxhjälp", Amount: model.Kronor(2500)}
	loose := model.Measure{ID: model.NewID[model.Measure](), Number: 2, Title: "Familjecentraler", Text: "Familjecentraler"}
	do(process.CreateMeasure{Measure: placed})
	do(process.CreateMeasure{Measure: loose})
	rec := model.Recommendation{ID: model.NewID[model.Recommendation](), Number: 3, Title: "Barns uppväxtvillkor"}
	do(process.CreateRecommendation{Recommendation: rec})
	obj := model.Objective{ID: model.NewID[model.Objective](), Recommendation: rec.ID, Number: 2, Title: "Färre barn i fattigdom"}
	do(process.CreateObjective{Objective: obj})
	do(process.PlaceMeasures{Objective: obj.ID, Measures: []model.MeasureID{placed.ID}})
	s := proc.state()

	var b bytes.Buffer
	require.NoError(t, export.MeasuresCSV(&b, s, export.Options{Lang: model.English}))
	rows := readCSV(t, b.String(), ',')
	require.Len(t, rows, 3)
	assert.Equal(t, []string{"3", "Barns uppväxtvillkor", "3.2", "2 500 kr"}, rows[1][7:], "measure 1")
	assert.Equal(t, []string{"", "", "", ""}, rows[2][7:], "measure 2")
}
