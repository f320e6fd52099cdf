package export

import (
	"fmt"
	"io"
	"time"
	"unicode/utf8"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/process"
	"github.com/xuri/excelize/v2"
)

// Spreadsheet writes the tables of the CSV files as one Office Open XML
// workbook (.xlsx), a sheet each: proposals, measures, responses and the
// implementation matrix. It is the file for people: every cell keeps its
// type, so municipality and county codes and IDs stay text with their
// leading zeros ("0180", a title "00123"), dates are dates shown as
// 2006-01-02, numbers are numbers; no text is ever a formula, whatever it
// begins with (text cells are stored as strings, formatted as text, so
// that editing one keeps it text too). Headers are in o.Lang, the header
// row is frozen and has a filter, and columns are as wide as their
// content (long texts wrap at about 60 characters).
func Spreadsheet(w io.Writer, s *process.State, o Options) error {
	if err := o.check(); err != nil {
		return err
	}
	f := excelize.NewFile()
	defer f.Close()
	if err := writeWorkbook(f, s, o); err != nil {
		return fmt.Errorf("export: spreadsheet: %w", err)
	}
	return f.Write(w)
}

// excelEpoch is day 0 of a spreadsheet's dates (the 1900 system, with
// its leap-year quirk, for dates from March 1900 on).
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

func serial(d model.Date) int64 {
	return int64(d.Time(time.UTC).Sub(excelEpoch).Hours() / 24)
}

func writeWorkbook(f *excelize.File, s *process.State, o Options) error {
	lang := o.lang()
	textFmt := "@"
	dateFmt := "yyyy-mm-dd"
	header, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, CustomNumFmt: &textFmt,
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDE4EE"}},
		Border:    []excelize.Border{{Type: "bottom", Color: "7F7F7F", Style: 1}},
		Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	if err != nil {
		return err
	}
	textStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: &textFmt, Alignment: &excelize.Alignment{Vertical: "top"}})
	if err != nil {
		return err
	}
	longStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: &textFmt, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	if err != nil {
		return err
	}
	numberStyle, err := f.NewStyle(&excelize.Style{NumFmt: 1, Alignment: &excelize.Alignment{Vertical: "top"}})
	if err != nil {
		return err
	}
	dateStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt, Alignment: &excelize.Alignment{Vertical: "top"}})
	if err != nil {
		return err
	}
	for i, t := range dataTables(s, o) {
		name := t.sheet.In(lang)
		if i == 0 {
			if err := f.SetSheetName(f.GetSheetName(0), name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(name); err != nil {
			return err
		}
		widths := make([]int, len(t.columns))
		for c, h := range t.header(lang) {
			ref, _ := excelize.CoordinatesToCellName(c+1, 1)
			if err := f.SetCellStr(name, ref, h); err != nil {
				return err
			}
			widths[c] = utf8.RuneCountInString(h)
		}
		for r, row := range t.rows {
			for c, v := range row {
				ref, _ := excelize.CoordinatesToCellName(c+1, r+2)
				style := textStyle
				switch v.kind {
				case kindNumber:
					err, style = f.SetCellInt(name, ref, int64(v.num)), numberStyle
				case kindDate:
					err, style = f.SetCellInt(name, ref, serial(v.date)), dateStyle
				default:
					if v.text == "" {
						continue // an empty cell, not an empty string
					}
					err = f.SetCellStr(name, ref, v.text)
					if t.columns[c].long {
						style = longStyle
					}
				}
				if err != nil {
					return err
				}
				if err := f.SetCellStyle(name, ref, ref, style); err != nil {
					return err
				}
				widths[c] = max(widths[c], utf8.RuneCountInString(v.String()))
			}
		}
		last, _ := excelize.CoordinatesToCellName(len(t.columns), 1)
		if err := f.SetCellStyle(name, "A1", last, header); err != nil {
			return err
		}
		for c, w := range widths {
			letter, _ := excelize.ColumnNumberToName(c + 1)
			limit := 30
			if t.columns[c].long {
				limit = 60
			}
			if err := f.SetColWidth(name, letter, letter, float64(min(max(w, 6), limit)+2)); err != nil {
				return err
			}
		}
		if err := f.SetPanes(name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
			Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}); err != nil {
			return err
		}
		end, _ := excelize.CoordinatesToCellName(len(t.columns), len(t.rows)+1)
		if err := f.AutoFilter(name, "A1:"+end, nil); err != nil {
			return err
		}
	}
	f.SetActiveSheet(0)
	title := s.Process().Name
	return f.SetDocProps(&excelize.DocProperties{Title: title, Language: string(lang)})
}
