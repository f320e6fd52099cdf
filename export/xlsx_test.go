package export_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/samling-go/samling/consultation"
	"github.com/samling-go/samling/export"
	"github.com/samling-go/samling/followup"
	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
	"github.com/samling-go/samling/process"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// codesFixture is a process of Stockholm's county: organisations whose
// codes start with a zero (the municipalities 0180 Stockholm and 0114
// Upplands Väsby, the region 01), a proposal titled "00123" and one that
// looks like a formula, Swedish text, a dated remiss answer and the
// matrix with degrees and review dates.
func codesFixture(t *testing.T) *process.State {
	clock := process.ClockFunc(func() time.Time { return time.Date(2015, 2, 10, 9, 30, 0, 0, time.UTC) })
	proc := record(t, clock)
	id, do := proc.id, proc.do
	do(process.Start{Process: model.Process{ID: id, Name: "Samling för social hållbarhet i Stockholms län"}, Template: anyPhase(phase.VastraGotaland().PlanFrom(model.MakeDate(2011, 3, 1)))})
	stockholm, _ := model.MunicipalityOrganisation("0180")
	vasby, _ := model.MunicipalityOrganisation("0114")
	region := model.Organisation{ID: model.NewID[model.Organisation](), Name: "Region Stockholm", Kind: model.KindRegion, Code: "01"}
	for _, o := range []model.Organisation{stockholm, vasby, region} {
		do(process.RegisterOrganisation{Organisation: o})
	}
	person := model.Person{ID: model.NewID[model.Person](), Name: "Örjan Åkesson", Organisation: stockholm.ID}
	do(process.RegisterPerson{Person: person})
	area := model.Area{ID: model.NewID[model.Area](), Number: 1, Name: "Äldre och hälsa"}
	do(process.DefineArea{Area: area})
	p1 := model.Proposal{ID: model.NewID[model.Proposal](), Kind: model.ProposalMeasure, Title: "00123", Areas: []model.AreaID{area.ID},
		Submitter: model.Submitter{Person: person.ID, Organisation: stockholm.ID}}
	p2 := model.Proposal{ID: model.NewID[model.Proposal](), Kind: model.ProposalMeasure, Title: "=2+2", Areas: []model.AreaID{area.ID},
		Submitter: model.Submitter{Organisation: vasby.ID}}
	do(process.SubmitProposals{Proposals: []model.Proposal{p1, p2}})
	measure := model.Measure{ID: model.NewID[model.Measure](), Number: 7, Title: "Träffpunkter för äldre", Text: "Kommunerna öppnar träffpunkter; även på helger.",
		Area: area.ID, Sources: []model.ProposalID{p1.ID, p2.ID}}
	do(process.CreateMeasure{Measure: measure})
	doc := model.NewID[model.Document]()
	do(process.PinDocument{Document: doc, Title: "Förslag till åtgärder"})
	round := consultation.Round{ID: model.NewID[consultation.Round](), Kind: consultation.Remiss, Title: "Remiss, våren 2015", Document: doc,
		Deadline: model.MakeDate(2015, 3, 31), Consultees: []consultation.Consultee{{Organisation: stockholm.ID, Required: true}, {Organisation: vasby.ID}}}
	do(process.DraftRound{Round: round})
	do(process.OpenRound{Round: round.ID})
	do(process.SubmitResponse{Response: consultation.Response{ID: model.NewID[consultation.Response](), Round: round.ID, Organisation: stockholm.ID,
		Stance: consultation.SupportsWithChanges, Reference: "KS 2015/0042",
		Items: []consultation.ItemResponse{{Measure: measure.ID, Stance: consultation.SupportsWithChanges, Comment: "Öppettiderna bör även gälla söndagar."}}}})
	do(process.RecordImplementation{Entries: []followup.Entry{
		{Measure: measure.ID, Organisation: stockholm.ID, Status: followup.InProgress, Degree: 3, LongTerm: true, Unit: "Äldreförvaltningen", NextReview: model.MakeDate(2016, 3, 1)},
		{Measure: measure.ID, Organisation: vasby.ID, Status: followup.InProgress, Degree: 2, Unit: "Socialförvaltningen", NextReview: model.MakeDate(2016, 9, 15)},
		{Measure: measure.ID, Organisation: region.ID, Status: followup.InProgress, Degree: 4, Unit: "Hälso- och sjukvårdsförvaltningen"},
	}})
	s := proc.state()
	return s
}

// readBack is what openpyxl says of a workbook.
type readBack struct {
	Sheets []struct {
		Title  string  `json:"title"`
		Freeze *string `json:"freeze"`
		Filter *string `json:"filter"`
		Widths map[string]float64
		Rows   [][]struct {
			Type   string `json:"type"` // openpyxl's data_type: s, n, d, f, b
			Python string `json:"python"`
			Value  string `json:"value"`
		} `json:"rows"`
	} `json:"sheets"`
}

const openpyxlScript = `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
out = {"sheets": []}
for ws in wb.worksheets:
    rows = []
    for row in ws.iter_rows():
        rows.append([{"type": c.data_type, "python": type(c.value).__name__,
                      "value": c.value.isoformat() if hasattr(c.value, "isoformat") else ("" if c.value is None else str(c.value))}
                     for c in row])
    out["sheets"].append({"title": ws.title, "freeze": ws.freeze_panes, "filter": ws.auto_filter.ref,
                          "Widths": {k: d.width for k, d in ws.column_dimensions.items()}, "rows": rows})
json.dump(out, sys.stdout, ensure_ascii=False)
`

// openpyxl returns a Python that has Debian's python3-openpyxl, failing
// the test under CI=true when there is none and skipping it otherwise.
func openpyxl(t *testing.T) string {
	for _, py := range []string{"/usr/bin/python3", "python3"} {
		if path, err := exec.LookPath(py); err == nil && exec.Command(path, "-c", "import openpyxl").Run() == nil {
			return path
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("python3-openpyxl is missing: CI must install it (apt-get install -y python3-openpyxl)")
	}
	t.Skip("python3-openpyxl is not installed (apt-get install -y python3-openpyxl); the spreadsheet is not read back")
	return ""
}

func readWithOpenpyxl(t *testing.T, py string, data []byte) readBack {
	dir := t.TempDir()
	file := filepath.Join(dir, "samling.xlsx")
	require.NoError(t, os.WriteFile(file, data, 0o644))
	script := filepath.Join(dir, "read.py")
	require.NoError(t, os.WriteFile(script, []byte(openpyxlScript), 0o644))
	out, err := exec.Command(py, script, file).Output()
	if ee, ok := err.(*exec.ExitError); ok {
		t.Fatalf("openpyxl: %v\n%s", err, ee.Stderr)
	}
	require.NoError(t, err)
	var rb readBack
	require.NoError(t, json.Unmarshal(out, &rb))
	return rb
}

func TestSpreadsheet_ReadBackByOpenpyxl(t *testing.T) {
	py := openpyxl(t)
	s := codesFixture(t)
	for _, lang := range []model.Lang{model.Swedish, model.English} {
		var b bytes.Buffer
		require.NoError(t, export.Spreadsheet(&b, s, export.Options{Lang: lang}))
		rb := readWithOpenpyxl(t, py, b.Bytes())
		var titles []string
		cells := map[string]map[string]string{} // sheet → "header/row" → type:python:value
		for _, sh := range rb.Sheets {
			titles = append(titles, sh.Title)
			require.NotNil(t, sh.Freeze, sh.Title)
			assert.Equal(t, "A2", *sh.Freeze, "%s: the header row is frozen", sh.Title)
			require.NotEmpty(t, sh.Rows, sh.Title)
			require.NotNil(t, sh.Filter, sh.Title)
			want := "A1:" + string(rune('A'+len(sh.Rows[0])-1)) + strconv.Itoa(len(sh.Rows))
			assert.Equal(t, want, strings.ReplaceAll(*sh.Filter, "$", ""), "%s: a filter over the table from its header", sh.Title)
			assert.NotEmpty(t, sh.Widths, "%s: column widths", sh.Title)
			cells[sh.Title] = map[string]string{}
			header := sh.Rows[0]
			for i, row := range sh.Rows {
				for j, c := range row {
					assert.NotEqual(t, "f", c.Type, "%s row %d column %d is a formula: %s", sh.Title, i+1, j+1, c.Value)
					if i == 0 {
						assert.Equal(t, "s", c.Type, "%s: a heading is text", sh.Title)
						continue
					}
					cells[sh.Title][header[j].Value+"/"+string(rune('0'+i))] = c.Type + ":" + c.Python + ":" + c.Value
				}
			}
		}
		if lang == model.English {
			assert.Equal(t, []string{"Proposals", "Measures", "Recommendations", "Responses", "Matrix"}, titles)
			assert.Equal(t, "n:int:7", cells["Matrix"]["Measure/1"], "a number is a number")
			continue
		}
		assert.Equal(t, []string{"Förslag", "Åtgärder", "Rekommendationer", "Svar", "Matris"}, titles)
		prop, matrix := cells["Förslag"], cells["Matris"]
		assert.Equal(t, "s:str:00123", prop["Titel/1"], "a title of digits stays text with its zeros")
		assert.Equal(t, "s:str:=2+2", prop["Titel/2"], "a title like a formula is text, and shown as written")
		assert.Equal(t, "s:str:Stockholm", prop["Organisation/1"])
		assert.Equal(t, "s:str:Äldre och hälsa", prop["Insatsområden/1"], "åäö intact")
		assert.Equal(t, "s:str:"+s.Proposals()[0].ID.String(), prop["ID/1"], "an ID is text")
		codes := map[string]string{}
		for i := 1; i <= 3; i++ {
			codes[matrix["Organisation/"+string(rune('0'+i))]] = matrix["Kod/"+string(rune('0'+i))]
		}
		assert.Equal(t, map[string]string{"s:str:Stockholm": "s:str:0180", "s:str:Upplands Väsby": "s:str:0114", "s:str:Region Stockholm": "s:str:01"}, codes,
			"codes keep their leading zeros, as text")
		assert.Equal(t, "n:int:7", matrix["Åtgärd/1"], "a measure's number is a number")
		assert.Equal(t, "n:int:3", matrix["Grad (1–5)/1"])
		assert.Equal(t, "d:datetime:2016-03-01T00:00:00", matrix["Nästa uppföljning/1"], "a date is a date")
		assert.Equal(t, "n:NoneType:", matrix["Nästa uppföljning/3"], "no date: an empty cell")
		assert.Equal(t, "s:str:Hälso- och sjukvårdsförvaltningen", matrix["Ansvarig enhet/3"])
		answers := cells["Svar"]
		assert.Equal(t, "d:datetime:2015-02-10T00:00:00", answers["Inkom/1"])
		assert.Equal(t, "s:str:KS 2015/0042", answers["Diarienummer/1"])
		assert.Equal(t, "s:str:Öppettiderna bör även gälla söndagar.", answers["Synpunkt/1"])
		measures := cells["Åtgärder"]
		assert.Equal(t, "n:int:2", measures["Förslag/1"], "two proposals, a number")
		assert.Equal(t, "s:str:Kommunerna öppnar träffpunkter; även på helger.", measures["Text/1"])
	}
}

// TestSpreadsheet_HasNoFormula reads the workbook's XML itself: no sheet
// has a formula element, and no person's name is in any part of it.
func TestSpreadsheet_HasNoFormulaNorName(t *testing.T) {
	s := codesFixture(t)
	var b bytes.Buffer
	require.NoError(t, export.Spreadsheet(&b, s, export.Options{}))
	z, err := zip.NewReader(bytes.NewReader(b.Bytes()), int64(b.Len()))
	require.NoError(t, err)
	var all strings.Builder
	sheets := 0
	for _, f := range z.File {
		r, err := f.Open()
		require.NoError(t, err)
		var part bytes.Buffer
		_, err = part.ReadFrom(r)
		require.NoError(t, err)
		r.Close()
		if strings.HasPrefix(f.Name, "xl/worksheets/sheet") {
			sheets++
			assert.NotContains(t, part.String(), "<f>", f.Name)
			assert.NotContains(t, part.String(), "<f ", f.Name)
		}
		all.Write(part.Bytes())
	}
	assert.Equal(t, 5, sheets)
	assert.Contains(t, all.String(), "Träffpunkter för äldre", "the check can see text")
	assert.NotContains(t, all.String(), "Örjan")
	assert.NotContains(t, all.String(), "Åkesson")

	require.ErrorIs(t, export.Spreadsheet(&b, s, export.Options{Names: export.PseudonymiseNames}), export.ErrNoKey)
}

func TestWriteAll_WritesTheSpreadsheet(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, export.WriteAll(dir, codesFixture(t), export.Options{}, stamp))
	data, err := os.ReadFile(filepath.Join(dir, "samling.xlsx"))
	require.NoError(t, err)
	assert.True(t, bytes.HasPrefix(data, []byte("PK")), "a zip, as .xlsx files are")
}
