package process

import (
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/samling-go/samling/model"
)

// The text policy of model (model.CheckLine, model.CheckMultiline) is
// applied here, in one place, to every string of every command before the
// command is authorized or decided: a field added to a command, or to a
// value a command carries, is checked without anyone remembering to.

// multilineFields are the names of the fields that hold multi-line text;
// every other string is a line.
var multilineFields = map[string]bool{
	"Text": true, "Note": true, "Notes": true, "Comment": true, "Comments": true,
	"Body": true, "Description": true, "Task": true, "Mandate": true, "Summary": true,
}

// maxTextErrors is how many text errors one command reports.
const maxTextErrors = 20

// checkCommandText checks every string in cmd, reporting each bad one as
// a *model.FieldError with its path ("Proposals[3].Title").
func checkCommandText(cmd Command) error {
	v := reflect.ValueOf(cmd)
	c := checkerFor(v.Type())
	if c == nil {
		return nil
	}
	errs := c(v, false, nil)
	for _, err := range errs {
		fe := err.(*model.FieldError)
		fe.Field = strings.TrimPrefix(fe.Field, ".")
	}
	return errors.Join(errs...)
}

// checker appends to errs a *model.FieldError for each string of a value
// that fails the text policy, up to maxTextErrors in all; multiline says
// whether a string reached is in a multi-line field. While every string
// passes it allocates nothing: a failing string's error starts with an
// empty path, and each level prefixes its own part (".Title", "[3]") as
// the walk returns through it.
type checker func(v reflect.Value, multiline bool, errs []error) []error

var checkers sync.Map // reflect.Type → checker (nil when the type holds no string)

func checkerFor(t reflect.Type) checker {
	if c, ok := checkers.Load(t); ok {
		return c.(checker)
	}
	c := buildChecker(t, map[reflect.Type]bool{})
	checkers.Store(t, c)
	return c
}

// within prefixes the path of each error in errs, all *model.FieldErrors
// a checker made.
func within(errs []error, prefix string) {
	for _, err := range errs {
		fe := err.(*model.FieldError)
		fe.Field = prefix + fe.Field
	}
}

func buildChecker(t reflect.Type, building map[reflect.Type]bool) checker {
	if building[t] {
		return nil // a recursive type: no command holds one
	}
	building[t] = true
	defer delete(building, t)
	switch t.Kind() {
	case reflect.String:
		return func(v reflect.Value, multiline bool, errs []error) []error {
			s := v.String()
			if s == "" || len(errs) >= maxTextErrors {
				return errs
			}
			check := model.CheckLine
			if multiline {
				check = model.CheckMultiline
			}
			if err := check("", s); err != nil {
				errs = append(errs, err)
			}
			return errs
		}
	case reflect.Struct:
		type field struct {
			index     int
			prefix    string // ".Name"; "" for an embedded value, whose fields are the outer one's
			multiline bool
			check     checker
		}
		var fields []field
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			if c := buildChecker(f.Type, building); c != nil {
				prefix := "." + f.Name
				if f.Anonymous {
					prefix = ""
				}
				fields = append(fields, field{i, prefix, multilineFields[f.Name], c})
			}
		}
		if len(fields) == 0 {
			return nil
		}
		return func(v reflect.Value, multiline bool, errs []error) []error {
			for _, f := range fields {
				n := len(errs)
				errs = f.check(v.Field(f.index), f.multiline || multiline && f.prefix == "", errs)
				within(errs[n:], f.prefix)
			}
			return errs
		}
	case reflect.Slice, reflect.Array:
		elem := buildChecker(t.Elem(), building)
		if elem == nil {
			return nil
		}
		return func(v reflect.Value, multiline bool, errs []error) []error {
			for i := range v.Len() {
				n := len(errs)
				if errs = elem(v.Index(i), multiline, errs); len(errs) > n {
					within(errs[n:], "["+strconv.Itoa(i)+"]")
				}
			}
			return errs
		}
	case reflect.Map:
		key, elem := buildChecker(t.Key(), building), buildChecker(t.Elem(), building)
		if key == nil && elem == nil {
			return nil
		}
		return func(v reflect.Value, multiline bool, errs []error) []error {
			it := v.MapRange()
			for it.Next() {
				n := len(errs)
				if key != nil {
					errs = key(it.Key(), false, errs)
				}
				if elem != nil {
					errs = elem(it.Value(), multiline, errs)
				}
				if len(errs) > n {
					within(errs[n:], "."+fmt.Sprint(it.Key().Interface()))
				}
			}
			return errs
		}
	case reflect.Pointer:
		elem := buildChecker(t.Elem(), building)
		if elem == nil {
			return nil
		}
		return func(v reflect.Value, multiline bool, errs []error) []error {
			if v.IsNil() {
				return errs
			}
			return elem(v.Elem(), multiline, errs)
		}
	case reflect.Interface:
		return func(v reflect.Value, multiline bool, errs []error) []error {
			if v.IsNil() {
				return errs
			}
			if c := checkerFor(v.Elem().Type()); c != nil {
				return c(v.Elem(), multiline, errs)
			}
			return errs
		}
	}
	return nil
}
