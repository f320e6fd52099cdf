package scenariotest

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLoadInBrowser_ReportsWhatGoesWrong shows that the browser check can
// fail: a page that logs an error and throws is reported, and its marks
// are counted.
func TestLoadInBrowser_ReportsWhatGoesWrong(t *testing.T) {
	chromium := Chromium(t)
	file := filepath.Join(t.TempDir(), "bad.html")
	require.NoError(t, os.WriteFile(file, []byte(`<!DOCTYPE html><html><body>
<svg data-chart="x" data-index="0" width="400" height="40"><rect class="mark" width="5" height="5"/><rect class="mark" width="5" height="5"/><rect class="legend"/></svg>
<script>console.error("broken"); throw new Error("thrown");</script><footer></footer></body></html>`), 0o644))
	charts, problems, png, pdf := loadInBrowser(t, chromium, "file://"+file)
	require.Len(t, charts, 1)
	assert.Equal(t, 2, charts[0].Marks)
	assert.Len(t, problems, 2, "the console error and the exception: %v", problems)
	assert.NotEmpty(t, png)
	assert.NotEmpty(t, pdf)
}
