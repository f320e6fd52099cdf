package intake_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/samling-go/samling/intake"
	"github.com/samling-go/samling/process"
)

// The abusive inputs of issue 13, each within MaxBytes: every one must be
// refused in well under 2 s and 512 MB (docs/performance.md).

// BenchmarkAbusive_JSONEmptyObjects reads a 16 MiB JSON array of empty
// objects: refused once it passes the row limit.
func BenchmarkAbusive_JSONEmptyObjects(b *testing.B) {
	e, id, _ := setup(b)
	s := state(b, e, id)
	doc := "[" + strings.Repeat("{},", (intake.MaxBytes-2)/3) + "{}]"
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := intake.JSON(strings.NewReader(doc), s, nil); !errors.Is(err, intake.ErrTooLarge) {
			b.Fatal(err)
		}
	}
}

// BenchmarkAbusive_CSVAreaTokens reads one CSV row whose areas cell holds
// 8 million area tokens (16 MB): one row error.
func BenchmarkAbusive_CSVAreaTokens(b *testing.B) {
	e, id, _ := setup(b)
	s := state(b, e, id)
	doc := "title,kind,submitter,areas\nA,measure,Borås," + strings.Repeat("1|", 8_000_000) + "\n"
	if len(doc) > intake.MaxBytes {
		b.Fatal("the input is over MaxBytes")
	}
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := intake.CSV(strings.NewReader(doc), s, nil); !errors.Is(err, intake.ErrTooLarge) {
			b.Fatal(err)
		}
	}
}

// BenchmarkAbusive_CSVBadRows reads process.MaxProposalsPerCommand rows
// that are all bad: an unknown kind, an unknown submitter and MaxAreas
// unknown areas each, 2.6 million problems of which MaxErrors are kept.
func BenchmarkAbusive_CSVBadRows(b *testing.B) {
	e, id, _ := setup(b)
	s := state(b, e, id)
	line := "Förslag,idea,Atlantis," + strings.TrimSuffix(strings.Repeat("Xy|", intake.MaxAreas), "|") + "\n"
	doc := "title,kind,submitter,areas\n" + strings.Repeat(line, process.MaxProposalsPerCommand)
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		_, err := intake.CSV(strings.NewReader(doc), s, nil)
		var errs *intake.Errors
		if !errors.As(err, &errs) || errs.More != process.MaxProposalsPerCommand*(intake.MaxAreas+2)-intake.MaxErrors {
			b.Fatal(err)
		}
	}
}
