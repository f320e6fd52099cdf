package process_test

import (
	"encoding"
	"encoding/json"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/samling-go/samling/consultation"
	"github.com/samling-go/samling/export"
	"github.com/samling-go/samling/followup"
	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
	"github.com/samling-go/samling/process"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// readTypes are the types a host may return from its API: every result of
// an exported method of *State, and the read types of the other packages
// and the errors a host may report.
func readTypes() []reflect.Type {
	var out []reflect.Type
	st := reflect.TypeFor[*process.State]()
	for i := range st.NumMethod() {
		m := st.Method(i).Type
		for j := range m.NumOut() {
			out = append(out, m.Out(j))
		}
	}
	return append(out,
		reflect.TypeFor[process.PhaseError](),
		reflect.TypeFor[consultation.Compilation](),
		reflect.TypeFor[followup.Results](),
		reflect.TypeFor[followup.Rollup](),
		reflect.TypeFor[phase.Template](),
		reflect.TypeFor[export.Popolo](),
	)
}

var (
	jsonMarshaler = reflect.TypeFor[json.Marshaler]()
	textMarshaler = reflect.TypeFor[encoding.TextMarshaler]()
	snakeCase     = regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)
)

// untagged returns a line for every exported field reachable from t that
// has no json tag, or a tag not in snake_case, and for every map whose key
// does not marshal as text.
func untagged(t reflect.Type) []string {
	var problems []string
	seen := map[reflect.Type]bool{}
	var walk func(t reflect.Type, path string)
	walk = func(t reflect.Type, path string) {
		if seen[t] {
			return
		}
		seen[t] = true
		switch t.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Array:
			walk(t.Elem(), path+"[]")
			return
		case reflect.Map:
			k := t.Key()
			if k.Kind() != reflect.String && !k.Implements(textMarshaler) {
				problems = append(problems, path+": map key "+k.String()+" does not marshal as text")
			}
			walk(t.Elem(), path+"{}")
			return
		case reflect.Struct:
		default:
			return
		}
		if t.Implements(jsonMarshaler) && t != reflect.TypeFor[process.ProposalCounts]() || t.Implements(textMarshaler) || t == reflect.TypeFor[time.Time]() {
			return // its own encoding, such as an ID, a date or an enum
		}
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			tag, ok := f.Tag.Lookup("json")
			name, _, _ := strings.Cut(tag, ",")
			switch {
			case f.Anonymous && !ok:
				walk(f.Type, path) // embedded: its fields are the type's
				continue
			case !ok || name == "":
				problems = append(problems, t.String()+"."+f.Name+" has no json tag")
			case name != "-" && !snakeCase.MatchString(name):
				problems = append(problems, t.String()+"."+f.Name+": json name "+name+" is not snake_case")
			}
			if name != "-" {
				walk(f.Type, t.String()+"."+f.Name)
			}
		}
	}
	walk(t, t.String())
	return problems
}

func TestReadTypes_EveryFieldHasASnakeCaseJSONTag(t *testing.T) {
	for _, rt := range readTypes() {
		assert.Empty(t, untagged(rt), rt.String())
	}
}

func TestReadTypes_TheCheckFindsAnUntaggedField(t *testing.T) {
	type inner struct {
		Tagged   int `json:"tagged"`
		Untagged int
	}
	type outer struct {
		inner
		Camel int            `json:"camelCase"`
		Items []inner        `json:"items"`
		ByKey map[inner]bool `json:"by_key"`
	}
	got := untagged(reflect.TypeFor[outer]())
	assert.Len(t, got, 3, got)
	assert.Contains(t, strings.Join(got, "\n"), "Untagged has no json tag")
	assert.Contains(t, strings.Join(got, "\n"), "camelCase is not snake_case")
	assert.Contains(t, strings.Join(got, "\n"), "does not marshal as text")
}

// emptyKeys returns the paths of the objects in v (decoded JSON) that have
// an empty key.
func emptyKeys(v any, path string) []string {
	var out []string
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			if k == "" {
				out = append(out, path)
			}
			out = append(out, emptyKeys(e, path+"."+k)...)
		}
	case []any:
		for _, e := range v {
			out = append(out, emptyKeys(e, path+"[]")...)
		}
	}
	return out
}

func TestReadTypes_MarshalWithoutEmptyKeys(t *testing.T) {
	// Every read type marshals as its zero value...
	for _, rt := range readTypes() {
		if rt.Kind() == reflect.Interface || rt == reflect.TypeFor[*time.Location]() {
			continue
		}
		_, err := json.Marshal(reflect.New(rt).Interface())
		assert.NoError(t, err, rt.String())
	}

	// ...and a record with proposals waiting, without an area, from a
	// person alone marshals with no empty key.
	f := newFixture(t)
	ps := f.proposals(2)
	ps.Proposals[1].Submitter = model.Submitter{Person: f.anna.ID}
	f.do(ps)
	m := model.Measure{ID: model.NewID[model.Measure](), Title: "Läxhjälp", Sources: []model.ProposalID{ps.Proposals[0].ID}}
	f.do(process.CreateMeasure{Measure: m})
	s := f.state()
	journey, _ := s.Journey(ps.Proposals[0].ID)
	lineage, _ := s.Lineage(m.ID)
	for name, v := range map[string]any{
		"counts": s.Counts(), "timeline": s.Timeline(), "journey": journey, "lineage": lineage,
		"phase error": process.PhaseError{Command: "submit-proposals", Group: phase.Proposals, Phase: "planning", AllowedIn: []phase.PhaseID{"anchoring"}},
	} {
		data, err := json.Marshal(v)
		require.NoError(t, err, name)
		var decoded any
		require.NoError(t, json.Unmarshal(data, &decoded))
		assert.Empty(t, emptyKeys(decoded, name), "%s: %s", name, data)
	}
}

func TestProposalCounts_JSON(t *testing.T) {
	f := newFixture(t)
	ps := f.proposals(3)
	ps.Proposals[2].Submitter = model.Submitter{Person: f.anna.ID}
	f.do(ps)
	f.do(process.DisposeProposals{Dispositions: []model.Disposition{{Proposal: ps.Proposals[0].ID, Kind: model.DispositionRejected, Reason: "Utanför uppdraget"}}})
	c := f.state().Counts()
	data, err := json.Marshal(c)
	require.NoError(t, err)
	assert.JSONEq(t, `{"total":3,"by_disposition":{"rejected":1,"none":2},"by_area":{"none":3},"by_submitter_kind":{"municipality":2,"none":1}}`, string(data))

	var back process.ProposalCounts
	require.NoError(t, json.Unmarshal(data, &back))
	assert.Equal(t, c, back)
}
