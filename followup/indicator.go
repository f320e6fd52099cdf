package followup

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/samling-go/samling/model"
)

// IndicatorID identifies an indicator.
type IndicatorID = model.ID[Indicator]

// Indicator is a named series with a unit: "discharge-ready days", days.
type Indicator struct {
	ID          IndicatorID `json:"id"`
	Name        string      `json:"name"`
	Unit        string      `json:"unit"`
	Description string      `json:"description,omitempty"`
}

// Validate checks the indicator on its own.
func (i Indicator) Validate() error {
	var errs []error
	if i.ID.IsZero() {
		errs = append(errs, &model.FieldError{Field: "ID", Err: model.ErrRequired})
	}
	errs = append(errs, model.CheckText("Name", i.Name, true), model.CheckText("Unit", i.Unit, true), model.CheckText("Description", i.Description, false))
	return errors.Join(errs...)
}

// GeographyLevel is the level of a geography.
type GeographyLevel uint8

// The levels of geography.
const (
	Municipality GeographyLevel = iota + 1 // a municipality, by its 4-digit code
	County                                 // a county, by its 2-digit code
	Region                                 // a region or country-wide area, by name
)

// Geography is where an observation applies: a municipality or a county by
// Statistics Sweden's code, or a named region.
type Geography struct {
	Level GeographyLevel `json:"level"`
	Code  string         `json:"code"`
}

// Validate checks the code against Statistics Sweden's table.
func (g Geography) Validate() error {
	var err error
	switch g.Level {
	case Municipality:
		if _, ok := model.LookupMunicipality(g.Code); !ok {
			err = model.ErrUnknownCode
		}
	case County:
		if _, ok := model.LookupCounty(g.Code); !ok {
			err = model.ErrUnknownCode
		}
	case Region:
		return model.CheckText("Geography.Code", g.Code, true)
	default:
		return &model.FieldError{Field: "Geography.Level", Err: model.ErrUnknownValue}
	}
	if err != nil {
		return &model.FieldError{Field: "Geography.Code", Err: err}
	}
	return nil
}

// Observation is one value of an indicator for a geography and a period,
// such as the discharge-ready days of Leksand in January 2014.
type Observation struct {
	Indicator IndicatorID  `json:"indicator"`
	Geography Geography    `json:"geography"`
	Period    model.Period `json:"period"`
	Value     float64      `json:"value"`
}

// Validate checks the observation on its own: an indicator, a geography,
// a period with both ends, a finite value.
func (o Observation) Validate() error {
	var errs []error
	if o.Indicator.IsZero() {
		errs = append(errs, &model.FieldError{Field: "Indicator", Err: model.ErrRequired})
	}
	errs = append(errs, o.Geography.Validate())
	if !o.Period.Start.Valid() || !o.Period.End.Valid() {
		errs = append(errs, &model.FieldError{Field: "Period", Err: model.ErrRequired})
	} else if err := o.Period.Validate(); err != nil {
		errs = append(errs, model.Within("Period", err))
	}
	if math.IsNaN(o.Value) || math.IsInf(o.Value, 0) {
		errs = append(errs, &model.FieldError{Field: "Value", Err: fmt.Errorf("%w: not a finite number", model.ErrOutOfRange)})
	}
	return errors.Join(errs...)
}

// Month returns the period of a calendar month.
func Month(year int, month time.Month) model.Period {
	return model.Period{Start: model.MakeDate(year, month, 1), End: model.DateOf(time.Date(year, month+1, 0, 0, 0, 0, 0, time.UTC))}
}
