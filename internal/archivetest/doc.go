// Package archivetest holds the test that loads the golden archive of
// stored events (testdata/archive at the module's root) with the current
// code and compares what it reads with the committed renderings. It has no
// API: see docs/compatibility.md.
package archivetest
