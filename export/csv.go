package export

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/process"
)

// bom is the UTF-8 byte-order mark, by which Excel knows a CSV file is
// UTF-8 and keeps å, ä and ö.
const bom = "\ufeff"

// writeCSV writes a header and rows as CSV for Excel: UTF-8 with a
// byte-order mark, CRLF line ends, the separator the options name.
func writeCSV(w io.Writer, o Options, header []string, rows [][]string) error {
	if _, err := io.WriteString(w, bom); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if o.Semicolon {
		cw.Comma = ';'
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, r := range rows {
		if err := cw.Write(safeCells(r)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// safeCells stops a cell from being read as a formula by a spreadsheet
// (CSV injection): a leading =, +, - or @ gets an apostrophe.
func safeCells(row []string) []string {
	out := make([]string, len(row))
	for i, c := range row {
		if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
			c = "'" + c
		}
		out[i] = c
	}
	return out
}

func headings(lang model.Lang, sv, en []string) []string {
	if lang == model.English {
		return en
	}
	return sv
}

// ProposalsCSV writes the proposals: kind, title, submitter, areas, and
// what became of each.
func ProposalsCSV(w io.Writer, s *process.State, o Options) error {
	if err := o.check(); err != nil {
		return err
	}
	lang := o.lang()
	areas := areaNames(s)
	number := measureNumbers(s)
	var rows [][]string
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
			ms = append(ms, strconv.Itoa(number[m]))
		}
		rows = append(rows, []string{p.ID.String(), p.Kind.Label().In(lang), p.Title, org.Name, person, strings.Join(names, ", "),
			d.Kind.Label().In(lang), strings.Join(ms, ", "), d.Reason})
	}
	return writeCSV(w, o, headings(lang,
		[]string{"ID", "Typ", "Titel", "Organisation", "Förslagsställare", "Insatsområden", "Besked", "Åtgärder", "Skäl"},
		[]string{"ID", "Kind", "Title", "Organisation", "Submitter", "Areas", "Disposition", "Measures", "Reason"}), rows)
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

// MeasuresCSV writes the measures with their current texts, how many
// proposals they came from and how many versions their texts have had.
func MeasuresCSV(w io.Writer, s *process.State, o Options) error {
	if err := o.check(); err != nil {
		return err
	}
	lang := o.lang()
	areas := areaNames(s)
	var rows [][]string
	for _, m := range s.Measures() {
		l, _ := s.Lineage(m.ID)
		rows = append(rows, []string{strconv.Itoa(m.Number), m.Title, m.Text, areas[m.Area], m.Level.Label().In(lang),
			strconv.Itoa(len(l.Sources)), strconv.Itoa(len(l.Revisions))})
	}
	return writeCSV(w, o, headings(lang,
		[]string{"Nummer", "Titel", "Text", "Insatsområde", "Nivå", "Förslag", "Versioner"},
		[]string{"Number", "Title", "Text", "Area", "Level", "Proposals", "Versions"}), rows)
}

// ResponsesCSV writes the consultation answers, one row per comment on a
// measure (and one for an answer without any).
func ResponsesCSV(w io.Writer, s *process.State, o Options) error {
	if err := o.check(); err != nil {
		return err
	}
	lang := o.lang()
	number := measureNumbers(s)
	var rows [][]string
	for _, r := range s.Rounds() {
		for _, resp := range r.Responses {
			org, _ := s.Organisation(resp.Organisation)
			_, signer := o.person(s, resp.RespondedBy)
			base := []string{r.Title, org.Name, resp.Stance.Label().In(lang), resp.Received.Format("2006-01-02"),
				yesNo(lang, resp.Late), yesNo(lang, !resp.Supersedes.IsZero()), resp.Reference, signer}
			if len(resp.Items) == 0 {
				rows = append(rows, append(base, "", "", ""))
			}
			for _, it := range resp.Items {
				rows = append(rows, append(append([]string(nil), base...), strconv.Itoa(number[it.Measure]), it.Stance.Label().In(lang), it.Comment))
			}
		}
	}
	return writeCSV(w, o, headings(lang,
		[]string{"Omgång", "Organisation", "Ställningstagande", "Inkom", "Sent", "Ersätter tidigare", "Diarienummer", "Undertecknat av", "Åtgärd", "Ställningstagande till åtgärden", "Synpunkt"},
		[]string{"Round", "Organisation", "Stance", "Received", "Late", "Supersedes an earlier answer", "Reference", "Signed by", "Measure", "Stance on the measure", "Comment"}), rows)
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

// MatrixCSV writes the implementation matrix, one row per measure and
// organisation.
func MatrixCSV(w io.Writer, s *process.State, o Options) error {
	if err := o.check(); err != nil {
		return err
	}
	lang := o.lang()
	measures := map[model.MeasureID]model.Measure{}
	for _, m := range s.Measures() {
		measures[m.ID] = m
	}
	var rows [][]string
	for _, e := range s.Matrix() {
		m := measures[e.Measure]
		org, _ := s.Organisation(e.Organisation)
		degree, review := "", ""
		if e.Degree > 0 {
			degree = strconv.Itoa(e.Degree)
		}
		if !e.NextReview.IsZero() {
			review = e.NextReview.String()
		}
		rows = append(rows, []string{strconv.Itoa(m.Number), m.Title, org.Name, org.Code, e.Status.Label().In(lang), degree,
			yesNo(lang, e.LongTerm), e.Unit, review})
	}
	return writeCSV(w, o, headings(lang,
		[]string{"Åtgärd", "Titel", "Organisation", "Kod", "Status", "Grad (1–5)", "Långsiktigt åtagande", "Ansvarig enhet", "Nästa uppföljning"},
		[]string{"Measure", "Title", "Organisation", "Code", "Status", "Degree (1–5)", "Long-term commitment", "Responsible unit", "Next review"}), rows)
}
