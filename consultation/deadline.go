package consultation

import "github.com/samling-go/samling/model"

// Pending returns the consultees that have not answered, in the round's
// order.
func Pending(r Round, responses []Response) []Consultee {
	answered := map[model.OrganisationID]bool{}
	for _, resp := range responses {
		if resp.Round == r.ID {
			answered[resp.Organisation] = true
		}
	}
	var out []Consultee
	for _, c := range r.Consultees {
		if !answered[c.Organisation] {
			out = append(out, c)
		}
	}
	return out
}

// DueForReminder returns the consultees that have not answered and whose
// deadline is within days days after today (today included, the deadline
// day included): the ones to remind.
func DueForReminder(r Round, responses []Response, today model.Date, days int) []Consultee {
	var out []Consultee
	for _, c := range Pending(r, responses) {
		d := r.DeadlineFor(c.Organisation)
		if !d.Before(today) && !d.After(today.AddDays(days)) {
			out = append(out, c)
		}
	}
	return out
}

// Overdue returns the consultees that have not answered and whose deadline
// was before today.
func Overdue(r Round, responses []Response, today model.Date) []Consultee {
	var out []Consultee
	for _, c := range Pending(r, responses) {
		if r.DeadlineFor(c.Organisation).Before(today) {
			out = append(out, c)
		}
	}
	return out
}

// AnsweredOrPast reports whether every required consultee has answered or
// its deadline is before today.
func AnsweredOrPast(r Round, responses []Response, today model.Date) bool {
	for _, c := range Pending(r, responses) {
		if c.Required && !r.DeadlineFor(c.Organisation).Before(today) {
			return false
		}
	}
	return true
}
