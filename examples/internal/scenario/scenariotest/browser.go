package scenariotest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/process"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Chromium returns the path of a headless-capable Chromium: $SAMLING_CHROMIUM,
// or chromium or chromium-browser on the PATH. Without one the test is
// skipped, except with CI=true, where it fails: CI installs Debian's
// chromium package.
func Chromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("SAMLING_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("no chromium on the PATH: with CI=true the browser test must run (apt-get install -y chromium)")
	}
	t.Skip("no chromium on the PATH; apt-get install -y chromium to run the browser test")
	return ""
}

// ScreenshotDir returns the directory screenshots go to: $SAMLING_SCREENSHOTS
// (created if needed), else a new temporary directory, which is kept and
// logged so a person can look.
func ScreenshotDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("SAMLING_SCREENSHOTS")
	if dir == "" {
		d, err := os.MkdirTemp("", "samling-screenshots-")
		require.NoError(t, err)
		dir = d
	}
	require.NoError(t, os.MkdirAll(dir, 0o755))
	return dir
}

// chartFound is a chart as the browser finds it in the page.
type chartFound struct {
	Chart  string  `json:"chart"`
	Index  int     `json:"index"`
	Marks  int     `json:"marks"`
	Width  float64 `json:"width"`
	Height float64 `json:"height"`
}

// HTMLReportInBrowser writes the example's HTML report in Swedish and in
// English, loads each in headless Chromium and checks that the page logs
// no console error and throws no exception, that every chart the state
// calls for is there with as many marks as the state has data points, and
// that it prints on A4. It writes a screenshot of each, and the printed
// PDF, to [ScreenshotDir] as report-<name>-<lang>.png and .pdf.
func HTMLReportInBrowser(t *testing.T, run Run, seed uint64, name string) {
	chromium := Chromium(t)
	shots := ScreenshotDir(t)
	for _, lang := range []model.Lang{model.Swedish, model.English} {
		files, s := Exports(t, run, seed, lang)
		html := files["report.html"]
		require.NotEmpty(t, html)
		file := filepath.Join(t.TempDir(), "report.html")
		require.NoError(t, os.WriteFile(file, []byte(html), 0o644))
		found, problems, png, pdf := loadInBrowser(t, chromium, "file://"+file)
		assert.Empty(t, problems, "%s (%s): the page reports errors", name, lang)
		want := ExpectedCharts(s)
		got := map[string]int{}
		for _, c := range found {
			got[fmt.Sprintf("%s/%d", c.Chart, c.Index)] = c.Marks
			assert.Greater(t, c.Width, 300.0, "%s/%d is drawn at a readable size", c.Chart, c.Index)
			assert.Greater(t, c.Height, 20.0, "%s/%d", c.Chart, c.Index)
		}
		assert.Equal(t, want, got, "%s (%s): the charts and their marks", name, lang)
		base := filepath.Join(shots, fmt.Sprintf("report-%s-%s", name, lang))
		require.NoError(t, os.WriteFile(base+".png", png, 0o644))
		require.NoError(t, os.WriteFile(base+".pdf", pdf, 0o644))
		assert.True(t, strings.HasPrefix(string(pdf), "%PDF-"), "it prints")
		t.Logf("screenshot %s.png, printed %s.pdf", base, base)
	}
}

// ExpectedCharts returns the charts the HTML report of s must hold, keyed
// "chart/index", with the number of marks each must have, counted from
// the state: a planned bar per phase with planned dates in the first
// cycle and an actual bar
// per visit; a bar per disposition given (and one for those waiting); per
// consultation round a bar segment per measure and stance taken; a cell
// per entry of the implementation matrix; per survey the response rate
// and a bar per option, step or theme chosen at least once.
func ExpectedCharts(s *process.State) map[string]int {
	want := map[string]int{}
	planned := map[string]bool{}
	visits := 0
	for _, e := range s.Timeline() {
		if e.Cycle == 1 { // the chart draws the first cycle's plan
			planned[string(e.Phase.ID)] = !e.Phase.Planned.Start.IsZero() && !e.Phase.Planned.End.IsZero()
		}
		if e.Reached() {
			visits++
		}
	}
	phases := visits
	for _, ok := range planned {
		if ok {
			phases++
		}
	}
	want["phases/0"] = phases
	if c := s.Counts(); c.Total > 0 {
		bars := 0
		for _, n := range c.ByDisposition {
			if n > 0 {
				bars++
			}
		}
		want["dispositions/0"] = bars
	}
	for i, r := range s.Rounds() {
		c, _ := s.Compilation(r.ID)
		marks := 0
		for _, m := range c.Measures {
			for _, n := range m.Stances {
				if n > 0 {
					marks++
				}
			}
		}
		want[fmt.Sprintf("stances/%d", i)] = marks
	}
	if m := s.Matrix(); len(m) > 0 {
		want["matrix/0"] = len(m)
	}
	for i, sv := range s.Surveys() {
		res, _ := s.SurveyResults(sv.ID)
		marks := 0
		if res.Answered > 0 {
			marks++
		}
		for _, q := range res.Questions {
			if q.Answered == 0 {
				continue
			}
			for _, n := range q.Counts {
				if n > 0 {
					marks++
				}
			}
			for _, n := range []int{q.Yes, q.No} {
				if n > 0 {
					marks++
				}
			}
			for _, th := range q.Themes {
				if th.Count > 0 {
					marks++
				}
			}
		}
		want[fmt.Sprintf("survey/%d", i)] = marks
	}
	return want
}

// loadInBrowser opens url in a fresh headless Chromium and returns the
// charts it finds, every console error, uncaught exception and error entry
// of the browser log, a full-page screenshot and the page printed on A4.
func loadInBrowser(t *testing.T, chromium, url string) (charts []chartFound, problems []string, png, pdf []byte) {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(900, 1200),
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelAlloc()
	bctx, cancelBrowser := chromedp.NewContext(actx)
	defer cancelBrowser()

	// Start the browser and subscribe to the console before the page loads.
	require.NoError(t, chromedp.Do(bctx, chromedp.Navigate("about:blank")), "chromium at %s", chromium)
	var mu sync.Mutex
	done := make(chan struct{})
	messages := chromedp.Console(bctx)
	go func() {
		defer close(done)
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.IsException() {
				mu.Lock()
				problems = append(problems, m.String()+" "+m.URL)
				mu.Unlock()
			}
		}
	}()
	const find = `Array.from(document.querySelectorAll('svg[data-chart]')).map(s => {
		const r = s.getBoundingClientRect();
		return {chart: s.dataset.chart, index: +s.dataset.index, marks: s.querySelectorAll('rect.mark').length, width: r.width, height: r.height};
	})`
	require.NoError(t, chromedp.Do(bctx, chromedp.Navigate(url), chromedp.WaitReady(chromedp.CSS("footer"))))
	var err error
	charts, err = chromedp.Run(bctx, chromedp.Evaluate[[]chartFound](find))
	require.NoError(t, err)
	png, err = chromedp.Run(bctx, chromedp.FullScreenshot(100))
	require.NoError(t, err)
	pdf, err = chromedp.Run(bctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4), chromedp.PDFPreferCSSPageSize(), chromedp.PDFPrintBackground()))
	require.NoError(t, err)
	time.Sleep(100 * time.Millisecond) // let the last console events arrive
	cancelBrowser()
	<-done
	mu.Lock()
	defer mu.Unlock()
	return charts, append([]string(nil), problems...), png, pdf
}
