package intake_test

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/samling-go/samling/intake"
	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/process"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// tripwire is a reader that must never be read: it stands for the rest of
// an input the reader should have refused before reaching it.
type tripwire struct{ read bool }

func (t *tripwire) Read([]byte) (int, error) {
	t.read = true
	return 0, errors.New("the rest of the input was read")
}

func TestCSV_PastTheRowLimit_RefusedWithoutReadingTheRest(t *testing.T) {
	e, id, _ := setup(t)
	var b strings.Builder
	b.WriteString("title,kind,submitter\n")
	for i := range process.MaxProposalsPerCommand + 1 {
		fmt.Fprintf(&b, "Förslag %d,measure,Borås\n", i)
	}
	rest := &tripwire{}
	ps, err := intake.CSV(io.MultiReader(strings.NewReader(b.String()), rest), state(t, e, id), nil)
	assert.Nil(t, ps)
	assert.ErrorIs(t, err, intake.ErrTooLarge)
	assert.False(t, rest.read, "the input was read past the row that broke the limit")
}

func TestCSV_BadRowsCountTowardsTheRowLimit(t *testing.T) {
	e, id, _ := setup(t)
	doc := "title,kind,submitter\n" + strings.Repeat("x,idea,Atlantis\n", process.MaxProposalsPerCommand+1)
	_, err := intake.CSV(strings.NewReader(doc), state(t, e, id), nil)
	assert.ErrorIs(t, err, intake.ErrTooLarge)
}

func TestJSON_PastTheRowLimit_RefusedWithoutReadingTheRest(t *testing.T) {
	e, id, _ := setup(t)
	doc := "[" + strings.Repeat("{},", process.MaxProposalsPerCommand+1)
	rest := &tripwire{}
	ps, err := intake.JSON(io.MultiReader(strings.NewReader(doc), rest), state(t, e, id), nil)
	assert.Nil(t, ps)
	assert.ErrorIs(t, err, intake.ErrTooLarge)
	assert.False(t, rest.read, "the input was read past the object that broke the limit")
}

func TestJSON_OverMaxBytes(t *testing.T) {
	e, id, _ := setup(t)
	doc := "[" + strings.Repeat(" ", intake.MaxBytes) + "]"
	_, err := intake.JSON(strings.NewReader(doc), state(t, e, id), nil)
	assert.ErrorIs(t, err, intake.ErrTooLarge)
}

func TestJSON_TrailingData_Refused(t *testing.T) {
	e, id, _ := setup(t)
	s := state(t, e, id)
	good := `[{"title": "A", "kind": "measure", "submitter": "Borås"}]`
	for _, trailing := range []string{" x", "[]", "{}", ` {"title": "B"}`, " 1", "]"} {
		t.Run(trailing, func(t *testing.T) {
			ps, err := intake.JSON(strings.NewReader(good+trailing), s, nil)
			assert.Nil(t, ps)
			assert.ErrorIs(t, err, intake.ErrMalformed)
		})
	}
	ps, err := intake.JSON(strings.NewReader(good+" \r\n\t"), s, nil)
	require.NoError(t, err, "white space after the array is no data")
	assert.Len(t, ps, 1)
}

func TestJSON_NotAnArray(t *testing.T) {
	e, id, _ := setup(t)
	s := state(t, e, id)
	for _, doc := range []string{"", "null", "{}", `"x"`, "[", `[{"title": "A"`, "[}"} {
		_, err := intake.JSON(strings.NewReader(doc), s, nil)
		assert.ErrorIs(t, err, intake.ErrMalformed, "%q", doc)
	}
}

func TestCSV_ErrorsCapped_TheFirstKeptAndTheRestCounted(t *testing.T) {
	e, id, _ := setup(t)
	doc := "title,kind,submitter\n" + strings.Repeat("A,measure,Atlantis\n", 300)
	_, err := intake.CSV(strings.NewReader(doc), state(t, e, id), nil)
	var errs *intake.Errors
	require.ErrorAs(t, err, &errs)
	require.Len(t, errs.Rows, intake.MaxErrors)
	assert.Equal(t, 300-intake.MaxErrors, errs.More)
	assert.Equal(t, 2, errs.Rows[0].Line)
	assert.Equal(t, intake.MaxErrors+1, errs.Rows[intake.MaxErrors-1].Line)
	assert.ErrorIs(t, err, process.ErrUnknownReference)
	assert.Contains(t, err.Error(), "and 200 more problems")
	assert.Equal(t, intake.MaxErrors+1, strings.Count(err.Error(), "\n")+1, "one line a problem kept, one for the rest")
}

func TestCSV_AreasCellBounded(t *testing.T) {
	e, id, _ := setup(t)
	s := state(t, e, id)
	for name, cell := range map[string]string{
		"known areas":   strings.Repeat("1|", 1000),
		"unknown areas": strings.Repeat("Atlantis|", 1000),
	} {
		t.Run(name, func(t *testing.T) {
			doc := "title,kind,submitter,areas\nA,measure,Borås," + cell + "\n"
			_, err := intake.CSV(strings.NewReader(doc), s, nil)
			var errs *intake.Errors
			require.ErrorAs(t, err, &errs)
			require.Len(t, errs.Rows, 1, "a cell with too many areas is one problem")
			assert.Zero(t, errs.More)
			assert.Equal(t, "areas", errs.Rows[0].Column)
			assert.ErrorIs(t, err, intake.ErrTooLarge)
		})
	}
	// MaxAreas names are still read, and each is checked.
	doc := "title,kind,submitter,areas\nA,measure,Borås," + strings.Repeat("Atlantis|", intake.MaxAreas) + "\n"
	_, err := intake.CSV(strings.NewReader(doc), s, nil)
	var errs *intake.Errors
	require.ErrorAs(t, err, &errs)
	assert.Equal(t, intake.MaxAreas, len(errs.Rows)+errs.More)
	assert.ErrorIs(t, err, process.ErrUnknownReference)
}

func TestJSON_AreasBounded(t *testing.T) {
	e, id, _ := setup(t)
	doc := `[{"title": "A", "kind": "measure", "submitter": "Borås", "areas": [1` + strings.Repeat(", 1", 1000) + `]}]`
	_, err := intake.JSON(strings.NewReader(doc), state(t, e, id), nil)
	var re *intake.RowError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, "areas", re.Column)
	assert.ErrorIs(t, err, intake.ErrTooLarge)
}

func TestJSON_AnObjectThatDoesNotFitIsARowError(t *testing.T) {
	e, id, _ := setup(t)
	doc := `[{"title": 1}, {"title": "B", "kind": "measure", "submitter": "Borås"}, {"colour": "red"}, {"title": "C", "areas": {"a": 1}}, 7]`
	_, err := intake.JSON(strings.NewReader(doc), state(t, e, id), nil)
	var errs *intake.Errors
	require.ErrorAs(t, err, &errs)
	var items []int
	for _, r := range errs.Rows {
		if errors.Is(r, intake.ErrMalformed) {
			items = append(items, r.Item)
		}
	}
	assert.Equal(t, []int{1, 3, 4, 5}, items, "each object that does not fit is reported, the rest still read")
}

func TestCSV_HugeCellQuotedShortlyInTheError(t *testing.T) {
	e, id, _ := setup(t)
	huge := strings.Repeat("ö", 1<<19) // 1 MiB
	doc := "title,kind,submitter,areas\nA,measure," + huge + "," + huge + "\n"
	_, err := intake.CSV(strings.NewReader(doc), state(t, e, id), nil)
	require.ErrorIs(t, err, process.ErrUnknownReference)
	assert.Less(t, len(err.Error()), 1024, "the message quotes a bounded part of each cell")
	assert.Contains(t, err.Error(), "(1048576 bytes)")
}

func TestCSV_ReadErrorIsNotMalformed(t *testing.T) {
	e, id, _ := setup(t)
	broken := errors.New("disk gone")
	r := io.MultiReader(strings.NewReader("title,kind,submitter\nA,measure,Borås\n"), &failing{broken})
	_, err := intake.CSV(r, state(t, e, id), nil)
	assert.ErrorIs(t, err, broken)
	assert.NotErrorIs(t, err, intake.ErrMalformed)
	_, err = intake.JSON(io.MultiReader(strings.NewReader("[{}, "), &failing{broken}), state(t, e, id), nil)
	assert.ErrorIs(t, err, broken)
}

type failing struct{ err error }

func (f *failing) Read([]byte) (int, error) { return 0, f.err }

// The limits hold the same for proposals that would otherwise be good.
func TestCSV_AtTheRowLimit_Accepted(t *testing.T) {
	e, id, _ := setup(t)
	var b strings.Builder
	b.WriteString("title,kind,submitter\n")
	for i := range process.MaxProposalsPerCommand {
		fmt.Fprintf(&b, "Förslag %d,measure,Borås\n", i)
	}
	ps, err := intake.CSV(strings.NewReader(b.String()), state(t, e, id), nil)
	require.NoError(t, err)
	assert.Len(t, ps, process.MaxProposalsPerCommand)
	for _, p := range ps[:3] {
		assert.Equal(t, model.ProposalMeasure, p.Kind)
	}
}
