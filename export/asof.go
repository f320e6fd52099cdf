package export

import (
	"time"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/process"
)

// asOf returns the date an export is as of: o.AsOf when given, else the
// date of the record's last dated event.
func (o Options) asOf(s *process.State) model.Date {
	if !o.AsOf.IsZero() {
		return o.AsOf
	}
	return RecordDate(s)
}

// RecordDate returns the date of the latest dated event the record holds:
// the start of the process, a phase entered or left, a meeting held, a
// step of a consultation round or an answer to it, a revised measure, a
// survey sent. It is the date the exports are as of unless
// [Options].AsOf says otherwise, so that a report written today of a
// process that ended in 2016 ends in 2016, not today.
func RecordDate(s *process.State) model.Date {
	var last time.Time
	see := func(t time.Time) {
		if t.After(last) {
			last = t
		}
	}
	see(s.Started())
	for _, e := range s.Timeline() {
		see(e.Entered)
		see(e.Left)
	}
	day := model.DateOf(last)
	if last.IsZero() {
		day = model.Date{}
	}
	seeDay := func(d model.Date) {
		if d.After(day) {
			day = d
		}
	}
	seeTime := func(t time.Time) {
		if !t.IsZero() {
			seeDay(model.DateOf(t))
		}
	}
	for _, m := range s.Meetings() {
		if m.Held {
			seeDay(m.Date)
		}
	}
	for _, r := range s.Rounds() {
		for _, st := range r.Steps {
			seeTime(st.At)
		}
		for _, resp := range r.Responses {
			seeTime(resp.Received)
		}
	}
	for _, m := range s.Measures() {
		l, _ := s.Lineage(m.ID)
		for _, rev := range l.Revisions {
			seeTime(rev.At)
		}
	}
	for _, sv := range s.Surveys() {
		seeTime(sv.Sent)
	}
	return day
}
