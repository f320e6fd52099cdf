package intake_test

import (
	"strings"
	"testing"

	"github.com/samling-go/samling/intake"
)

// FuzzCSV checks that no input makes CSV panic, and that it returns either
// proposals or an error, never both.
func FuzzCSV(f *testing.F) {
	e, id, _ := setup(f)
	s := state(f, e, id)
	f.Add(excelCSV(3))
	f.Add("title,kind,submitter,areas,id\nA,measure,Borås,\"1,2\",\n")
	f.Add("title,kind,submitter\n\"A,measure,Borås\n")
	f.Add("\ufeff;;;\n;;;\n")
	f.Fuzz(func(t *testing.T, doc string) {
		ps, err := intake.CSV(strings.NewReader(doc), s, swedish)
		if err != nil && ps != nil {
			t.Fatalf("both proposals and an error: %v", err)
		}
		ps, err = intake.CSV(strings.NewReader(doc), s, nil)
		if err != nil && ps != nil {
			t.Fatalf("both proposals and an error: %v", err)
		}
	})
}

// FuzzJSON checks that no input makes JSON panic, and that it returns
// either proposals or an error, never both.
func FuzzJSON(f *testing.F) {
	e, id, _ := setup(f)
	s := state(f, e, id)
	f.Add(`[{"title": "A", "kind": "measure", "submitter": "Borås", "areas": [1, "Arbete och försörjning"]}]`)
	f.Add(`[{"title": 1}, {"colour": "red"}, 7] x`)
	f.Add(`[{}, {}, {"areas": [[1]]}]`)
	f.Fuzz(func(t *testing.T, doc string) {
		ps, err := intake.JSON(strings.NewReader(doc), s, nil)
		if err != nil && ps != nil {
			t.Fatalf("both proposals and an error: %v", err)
		}
	})
}
