package export

import (
	"strconv"
	"strings"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/process"
)

// The tables behind the CSV files and the spreadsheet's sheets: one
// builder each, so that both formats always carry the same columns and
// rows, and the spreadsheet can keep each field's type.

// fieldKind is what a field holds, for the spreadsheet.
type fieldKind uint8

const (
	kindText   fieldKind = iota // words, codes and IDs: always text
	kindNumber                  // an integer
	kindDate                    // a calendar date
)

type field struct {
	kind fieldKind
	text string
	num  int
	date model.Date
}

func textField(s string) field { return field{kind: kindText, text: s} }
func numberField(n int) field  { return field{kind: kindNumber, num: n} }

// numberOrEmptyField is n, or an empty field when n is zero (not given).
func numberOrEmptyField(n int) field {
	if n == 0 {
		return textField("")
	}
	return numberField(n)
}

// dateField is d, or an empty field for the zero date.
func dateField(d model.Date) field {
	if d.IsZero() {
		return textField("")
	}
	return field{kind: kindDate, date: d}
}

// String is the field as CSV writes it: numbers in digits, dates as
// 2006-01-02.
func (c field) String() string {
	switch c.kind {
	case kindNumber:
		return strconv.Itoa(c.num)
	case kindDate:
		return c.date.String()
	}
	return c.text
}

// dataColumn is a dataTable's dataColumn: its heading and whether it holds long
// text (wrapped in the spreadsheet).
type dataColumn struct {
	label model.Label
	long  bool
}

type dataTable struct {
	sheet   model.Label // the spreadsheet's name for the dataTable
	columns []dataColumn
	rows    [][]field
}

func (t dataTable) header(lang model.Lang) []string {
	out := make([]string, len(t.columns))
	for i, c := range t.columns {
		out[i] = c.label.In(lang)
	}
	return out
}

func plainColumn(sv, en string) dataColumn { return dataColumn{label: model.Label{SV: sv, EN: en}} }
func longColumn(sv, en string) dataColumn {
	return dataColumn{label: model.Label{SV: sv, EN: en}, long: true}
}

func proposalsTable(s *process.State, o Options) dataTable {
	lang := o.lang()
	areas := areaNames(s)
	num := measureNumbers(s)
	t := dataTable{sheet: model.Label{SV: "Förslag", EN: "Proposals"}, columns: []dataColumn{
		plainColumn("ID", "ID"), plainColumn("Typ", "Kind"), longColumn("Titel", "Title"), plainColumn("Organisation", "Organisation"),
		plainColumn("Förslagsställare", "Submitter"), plainColumn("Insatsområden", "Areas"), plainColumn("Besked", "Disposition"),
		plainColumn("Åtgärder", "Measures"), longColumn("Skäl", "Reason")}}
	for _, p := range s.Proposals() {
		org, _ := s.Organisation(p.Submitter.Organisation)
		_, person := o.person(s, p.Submitter.Person)
		var names []string
		for _, a := range p.Areas {
			names = append(names, areas[a])
		}
		d, _ := s.Disposition(p.ID)
		var ms []string
		for _, m := range d.Measures {
			ms = append(ms, strconv.Itoa(num[m]))
		}
		t.rows = append(t.rows, []field{textField(p.ID.String()), textField(p.Kind.Label().In(lang)), textField(p.Title), textField(org.Name),
			textField(person), textField(strings.Join(names, ", ")), textField(d.Kind.Label().In(lang)), textField(strings.Join(ms, ", ")), textField(d.Reason)})
	}
	return t
}

func measuresTable(s *process.State, o Options) dataTable {
	lang := o.lang()
	areas := areaNames(s)
	t := dataTable{sheet: model.Label{SV: "Åtgärder", EN: "Measures"}, columns: []dataColumn{
		plainColumn("Nummer", "Number"), longColumn("Titel", "Title"), longColumn("Text", "Text"), plainColumn("Insatsområde", "Area"),
		plainColumn("Nivå", "Level"), plainColumn("Förslag", "Proposals"), plainColumn("Versioner", "Versions"),
		plainColumn("Rekommendation", "Recommendation"), longColumn("Rekommendationens titel", "Recommendation title"),
		plainColumn("Mål", "Objective"), plainColumn("Belopp", "Amount")}}
	recs := map[model.RecommendationID]model.Recommendation{}
	for _, r := range s.Recommendations() {
		recs[r.ID] = r
	}
	for _, m := range s.Measures() {
		l, _ := s.Lineage(m.ID)
		r := recs[m.Recommendation] // the zero recommendation, empty cells, for none
		amount := ""
		if m.Amount != 0 {
			amount = m.Amount.String()
		}
		t.rows = append(t.rows, []field{numberField(m.Number), textField(m.Title), textField(m.Text), textField(areas[m.Area]), textField(m.Level.Label().In(lang)),
			numberField(len(l.Sources)), numberField(len(l.Revisions)), numberOrEmptyField(r.Number), textField(r.Title),
			textField(objectiveNumber(s, recs, m.Objective)), textField(amount)})
	}
	return t
}

// objectiveNumber numbers an objective within its recommendation, one of
// recs, "1.2"; empty for none.
func objectiveNumber(s *process.State, recs map[model.RecommendationID]model.Recommendation, id model.ObjectiveID) string {
	o, ok := s.Objective(id)
	if !ok {
		return ""
	}
	if rec, ok := recs[o.Recommendation]; ok {
		return strconv.Itoa(rec.Number) + "." + strconv.Itoa(o.Number)
	}
	return strconv.Itoa(o.Number)
}

func responsesTable(s *process.State, o Options) dataTable {
	lang := o.lang()
	num := measureNumbers(s)
	t := dataTable{sheet: model.Label{SV: "Svar", EN: "Responses"}, columns: []dataColumn{
		plainColumn("Omgång", "Round"), plainColumn("Organisation", "Organisation"), plainColumn("Ställningstagande", "Stance"), plainColumn("Inkom", "Received"),
		plainColumn("Sent", "Late"), plainColumn("Ersätter tidigare", "Supersedes an earlier answer"), plainColumn("Diarienummer", "Reference"),
		plainColumn("Undertecknat av", "Signed by"), plainColumn("Åtgärd", "Measure"), plainColumn("Ställningstagande till åtgärden", "Stance on the measure"),
		longColumn("Synpunkt", "Comment")}}
	for _, r := range s.Rounds() {
		for _, resp := range r.Responses {
			org, _ := s.Organisation(resp.Organisation)
			_, signer := o.person(s, resp.RespondedBy)
			received := model.Date{}
			if !resp.Received.IsZero() {
				received = model.DateOf(resp.Received)
			}
			base := []field{textField(r.Title), textField(org.Name), textField(resp.Stance.Label().In(lang)), dateField(received),
				textField(yesNo(lang, resp.Late)), textField(yesNo(lang, !resp.Supersedes.IsZero())), textField(resp.Reference), textField(signer)}
			if len(resp.Items) == 0 {
				t.rows = append(t.rows, append(base, textField(""), textField(""), textField("")))
			}
			for _, it := range resp.Items {
				t.rows = append(t.rows, append(append([]field(nil), base...), numberField(num[it.Measure]), textField(it.Stance.Label().In(lang)), textField(it.Comment)))
			}
		}
	}
	return t
}

func matrixTable(s *process.State, o Options) dataTable {
	lang := o.lang()
	measures := map[model.MeasureID]model.Measure{}
	for _, m := range s.Measures() {
		measures[m.ID] = m
	}
	t := dataTable{sheet: model.Label{SV: "Matris", EN: "Matrix"}, columns: []dataColumn{
		plainColumn("Åtgärd", "Measure"), longColumn("Titel", "Title"), plainColumn("Organisation", "Organisation"), plainColumn("Kod", "Code"),
		plainColumn("Status", "Status"), plainColumn("Grad (1–5)", "Degree (1–5)"), plainColumn("Långsiktigt åtagande", "Long-term commitment"),
		plainColumn("Ansvarig enhet", "Responsible unit"), plainColumn("Nästa uppföljning", "Next review")}}
	for _, e := range s.Matrix() {
		m := measures[e.Measure]
		org, _ := s.Organisation(e.Organisation)
		t.rows = append(t.rows, []field{numberField(m.Number), textField(m.Title), textField(org.Name), textField(org.Code), textField(e.Status.Label().In(lang)),
			numberOrEmptyField(e.Degree), textField(yesNo(lang, e.LongTerm)), textField(e.Unit), dateField(e.NextReview)})
	}
	return t
}

// dataTables are the tables of the CSV files, in the spreadsheet's order.
func dataTables(s *process.State, o Options) []dataTable {
	return []dataTable{proposalsTable(s, o), measuresTable(s, o), recommendationsTable(s, o), responsesTable(s, o), matrixTable(s, o)}
}

func areaNames(s *process.State) map[model.AreaID]string {
	out := map[model.AreaID]string{}
	for _, a := range s.Areas() {
		out[a.ID] = a.Name
	}
	return out
}

func measureNumbers(s *process.State) map[model.MeasureID]int {
	out := map[model.MeasureID]int{}
	for _, m := range s.Measures() {
		out[m.ID] = m.Number
	}
	return out
}

func yesNo(lang model.Lang, b bool) string {
	switch {
	case b && lang == model.English:
		return "yes"
	case b:
		return "ja"
	case lang == model.English:
		return "no"
	}
	return "nej"
}
