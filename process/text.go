package process

import (
	"errors"
	"fmt"
	"reflect"
	"strconv"
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
	if ok := checkerFor(v.Type()); ok == nil || ok(v, false) {
		return nil // the common case, without building a single path
	}
	var errs []error
	walkerFor(v.Type())(v, textPath{}, false, &errs)
	return errors.Join(errs...)
}

// checker reports whether every string of a value passes the text policy;
// multiline says whether a string reached is in a multi-line field. It
// builds no paths: checkCommandText walks again with a walker only when
// one fails.
type checker func(v reflect.Value, multiline bool) bool

var checkers sync.Map // reflect.Type → checker (nil when the type holds no string)

func checkerFor(t reflect.Type) checker {
	if c, ok := checkers.Load(t); ok {
		return c.(checker)
	}
	c := buildChecker(t, map[reflect.Type]bool{})
	checkers.Store(t, c)
	return c
}

func buildChecker(t reflect.Type, building map[reflect.Type]bool) checker {
	if building[t] {
		return nil
	}
	building[t] = true
	defer delete(building, t)
	switch t.Kind() {
	case reflect.String:
		return func(v reflect.Value, multiline bool) bool {
			s := v.String()
			if s == "" {
				return true
			}
			if multiline {
				return model.CheckMultiline("", s) == nil
			}
			return model.CheckLine("", s) == nil
		}
	case reflect.Struct:
		type field struct {
			index     int
			multiline bool
			embedded  bool
			check     checker
		}
		var fields []field
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			if c := buildChecker(f.Type, building); c != nil {
				fields = append(fields, field{i, multilineFields[f.Name], f.Anonymous, c})
			}
		}
		if len(fields) == 0 {
			return nil
		}
		return func(v reflect.Value, multiline bool) bool {
			for _, f := range fields {
				if !f.check(v.Field(f.index), f.multiline || multiline && f.embedded) {
					return false
				}
			}
			return true
		}
	case reflect.Slice, reflect.Array:
		elem := buildChecker(t.Elem(), building)
		if elem == nil {
			return nil
		}
		return func(v reflect.Value, multiline bool) bool {
			for i := range v.Len() {
				if !elem(v.Index(i), multiline) {
					return false
				}
			}
			return true
		}
	case reflect.Map:
		key, elem := buildChecker(t.Key(), building), buildChecker(t.Elem(), building)
		if key == nil && elem == nil {
			return nil
		}
		return func(v reflect.Value, multiline bool) bool {
			it := v.MapRange()
			for it.Next() {
				if key != nil && !key(it.Key(), false) || elem != nil && !elem(it.Value(), multiline) {
					return false
				}
			}
			return true
		}
	case reflect.Pointer:
		elem := buildChecker(t.Elem(), building)
		if elem == nil {
			return nil
		}
		return func(v reflect.Value, multiline bool) bool { return v.IsNil() || elem(v.Elem(), multiline) }
	case reflect.Interface:
		return func(v reflect.Value, multiline bool) bool {
			if v.IsNil() {
				return true
			}
			c := checkerFor(v.Elem().Type())
			return c == nil || c(v.Elem(), multiline)
		}
	}
	return nil
}

// textPath builds a field's path only when a field is refused.
type textPath struct {
	parent *textPath
	name   string
	index  int // -1 for a field, ≥ 0 for an element
}

func (p *textPath) String() string {
	if p == nil || (p.parent == nil && p.name == "" && p.index == 0) {
		return ""
	}
	prefix := p.parent.String()
	switch {
	case p.index >= 0 && p.name == "":
		return prefix + "[" + strconv.Itoa(p.index) + "]"
	case p.name == "": // an embedded value
		return prefix
	case prefix == "":
		return p.name
	}
	return prefix + "." + p.name
}

// walker checks the strings of one value; multiline says whether a string
// reached is in a multi-line field.
type walker func(v reflect.Value, path textPath, multiline bool, errs *[]error)

var walkers sync.Map // reflect.Type → walker (nil when the type holds no string)

func walkerFor(t reflect.Type) walker {
	if w, ok := walkers.Load(t); ok {
		return w.(walker)
	}
	w := buildWalker(t, map[reflect.Type]bool{})
	walkers.Store(t, w)
	return w
}

func buildWalker(t reflect.Type, building map[reflect.Type]bool) walker {
	if building[t] {
		return nil // a recursive type: no command holds one
	}
	building[t] = true
	defer delete(building, t)
	switch t.Kind() {
	case reflect.String:
		return func(v reflect.Value, path textPath, multiline bool, errs *[]error) {
			s := v.String()
			if s == "" || len(*errs) >= maxTextErrors {
				return
			}
			check := model.CheckLine
			if multiline {
				check = model.CheckMultiline
			}
			if err := check(path.String(), s); err != nil {
				*errs = append(*errs, err)
			}
		}
	case reflect.Struct:
		type field struct {
			index     int
			name      string // "" for an embedded value, whose fields are the outer one's
			multiline bool
			walk      walker
		}
		var fields []field
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			if w := buildWalker(f.Type, building); w != nil {
				name := f.Name
				if f.Anonymous {
					name = ""
				}
				fields = append(fields, field{i, name, multilineFields[f.Name], w})
			}
		}
		if len(fields) == 0 {
			return nil
		}
		return func(v reflect.Value, path textPath, multiline bool, errs *[]error) {
			for _, f := range fields {
				f.walk(v.Field(f.index), textPath{parent: &path, name: f.name, index: -1}, f.multiline || multiline && f.name == "", errs)
			}
		}
	case reflect.Slice, reflect.Array:
		elem := buildWalker(t.Elem(), building)
		if elem == nil {
			return nil
		}
		return func(v reflect.Value, path textPath, multiline bool, errs *[]error) {
			for i := range v.Len() {
				elem(v.Index(i), textPath{parent: &path, index: i}, multiline, errs)
			}
		}
	case reflect.Map:
		key, elem := buildWalker(t.Key(), building), buildWalker(t.Elem(), building)
		if key == nil && elem == nil {
			return nil
		}
		return func(v reflect.Value, path textPath, multiline bool, errs *[]error) {
			it := v.MapRange()
			for it.Next() {
				p := textPath{parent: &path, name: fmt.Sprint(it.Key().Interface()), index: -1}
				if key != nil {
					key(it.Key(), p, false, errs)
				}
				if elem != nil {
					elem(it.Value(), p, multiline, errs)
				}
			}
		}
	case reflect.Pointer:
		elem := buildWalker(t.Elem(), building)
		if elem == nil {
			return nil
		}
		return func(v reflect.Value, path textPath, multiline bool, errs *[]error) {
			if !v.IsNil() {
				elem(v.Elem(), path, multiline, errs)
			}
		}
	case reflect.Interface:
		return func(v reflect.Value, path textPath, multiline bool, errs *[]error) {
			if !v.IsNil() {
				if w := walkerFor(v.Elem().Type()); w != nil {
					w(v.Elem(), path, multiline, errs)
				}
			}
		}
	}
	return nil
}
