package main

import (
	"io"
	"testing"

	"github.com/samling-go/samling/examples/internal/scenario/scenariotest"
	"github.com/samling-go/samling/export"
)

// TestRun_HTMLReportInABrowser loads the example's HTML report in headless
// Chromium: no console errors, every chart with its marks, a screenshot.
func TestRun_HTMLReportInABrowser(t *testing.T) {
	scenariotest.HTMLReportInBrowser(t, run, 2011, "vastragotaland")
}

// BenchmarkHTMLReport writes the whole Västra Götaland run's HTML report,
// its 44 × 49 heat map included.
func BenchmarkHTMLReport(b *testing.B) {
	s := wholeRun(b)
	b.ReportAllocs()
	for b.Loop() {
		if err := export.HTMLReport(io.Discard, s, export.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
