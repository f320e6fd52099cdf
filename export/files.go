package export

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/samling-go/samling/process"
)

// Files are the names WriteAll writes.
var Files = []string{
	"report.md", "report.html", "popolo.json", "samling.xlsx", "proposals.csv", "measures.csv", "recommendations.csv", "responses.csv", "matrix.csv",
	"calendar.ics", "phases.mmd", "timeline.mmd",
}

// WriteAll writes every export of the process into dir, creating it if
// needed: the report (Markdown and HTML), the Popolo file, the
// spreadsheet, the CSV files, the calendar and the diagrams (the names are
// in [Files]). now is the time of writing, for the calendar's stamp; the
// report and the charts are as of [Options].AsOf (by default the record's
// last event).
func WriteAll(dir string, s *process.State, o Options, now time.Time) error {
	if err := o.check(); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	o.AsOf = o.asOf(s) // once for the reports and the timeline, not per file
	popolo, err := PopoloJSON(s, o)
	if err != nil {
		return err
	}
	writers := map[string]func(*bytes.Buffer) error{
		"report.md":           func(b *bytes.Buffer) error { return Report(b, s, o) },
		"report.html":         func(b *bytes.Buffer) error { return HTMLReport(b, s, o) },
		"popolo.json":         func(b *bytes.Buffer) error { _, err := b.Write(append(popolo, '\n')); return err },
		"samling.xlsx":        func(b *bytes.Buffer) error { return Spreadsheet(b, s, o) },
		"proposals.csv":       func(b *bytes.Buffer) error { return ProposalsCSV(b, s, o) },
		"measures.csv":        func(b *bytes.Buffer) error { return MeasuresCSV(b, s, o) },
		"recommendations.csv": func(b *bytes.Buffer) error { return RecommendationsCSV(b, s, o) },
		"responses.csv":       func(b *bytes.Buffer) error { return ResponsesCSV(b, s, o) },
		"matrix.csv":          func(b *bytes.Buffer) error { return MatrixCSV(b, s, o) },
		"calendar.ics":        func(b *bytes.Buffer) error { return Calendar(b, s, o, now) },
		"phases.mmd":          func(b *bytes.Buffer) error { _, err := b.WriteString(PhaseGraph(s, o.lang())); return err },
		"timeline.mmd":        func(b *bytes.Buffer) error { _, err := b.WriteString(Gantt(s, o)); return err },
	}
	for _, name := range Files {
		var b bytes.Buffer
		if err := writers[name](&b); err != nil {
			return fmt.Errorf("export: %s: %w", name, err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b.Bytes(), 0o644); err != nil {
			return err
		}
	}
	return nil
}
