package main

import (
	"testing"

	"github.com/samling-go/samling/examples/internal/scenario/scenariotest"
)

// TestRun_HTMLReportInABrowser loads the example's HTML report in headless
// Chromium: no console errors, every chart with its marks, a screenshot.
func TestRun_HTMLReportInABrowser(t *testing.T) {
	scenariotest.HTMLReportInBrowser(t, run, 2014, "dalarna")
}
