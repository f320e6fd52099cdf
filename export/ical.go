package export

import (
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/process"
)

// Calendar writes an iCalendar file (RFC 5545) of the process's meetings
// and its consultation deadlines: a meeting whose time of day is known is
// a timed event in the process's time zone (DTSTART;TZID=Europe/Stockholm,
// with a VTIMEZONE that says when that zone changes its offset in the
// years of the meetings), every other meeting and every deadline an
// all-day event; a consultee's extended deadline is an event of its own.
// stamp is the file's DTSTAMP, the time it is made.
func Calendar(w io.Writer, s *process.State, o Options, stamp time.Time) error {
	if err := o.check(); err != nil {
		return err
	}
	lang := o.lang()
	var b strings.Builder
	line := func(name, value string) { b.WriteString(fold(name + ":" + value)) }
	line("BEGIN", "VCALENDAR")
	line("VERSION", "2.0")
	line("PRODID", "-//samling//samling//"+strings.ToUpper(string(lang)))
	line("CALSCALE", "GREGORIAN")
	line("METHOD", "PUBLISH")
	line("X-WR-CALNAME", icalText(s.Process().Name))
	dtstamp := stamp.UTC().Format("20060102T150405Z")
	loc, tzid := s.Location(), s.Process().TimeZone
	if tzid == "" {
		tzid = loc.String()
	}
	first, last, timed := 0, 0, false
	for _, m := range s.Meetings() {
		if start, _, ok := m.Times(loc); ok {
			if !timed || start.Year() < first {
				first = start.Year()
			}
			last, timed = max(last, start.Year()), true
		}
	}
	if timed {
		for _, l := range vtimezone(tzid, loc, first, last+1) {
			b.WriteString(fold(l))
		}
	}
	// event writes one event: timed from start to end in loc when start
	// is given, else all day on day.
	event := func(uid string, day model.Date, start, end time.Time, summary, location, status, category string) {
		line("BEGIN", "VEVENT")
		line("UID", uid+"@samling")
		line("DTSTAMP", dtstamp)
		if !start.IsZero() {
			line("DTSTART;TZID="+tzid, start.Format("20060102T150405"))
			if end.After(start) {
				line("DTEND;TZID="+tzid, end.Format("20060102T150405"))
			}
		} else {
			line("DTSTART;VALUE=DATE", day.Time(time.UTC).Format("20060102"))
			line("DTEND;VALUE=DATE", day.AddDays(1).Time(time.UTC).Format("20060102"))
		}
		line("SUMMARY", icalText(summary))
		if location != "" {
			line("LOCATION", icalText(location))
		}
		line("STATUS", status)
		line("CATEGORIES", icalText(category))
		line("END", "VEVENT")
	}
	for _, m := range s.Meetings() {
		status := "TENTATIVE"
		if m.Held {
			status = "CONFIRMED"
		}
		start, end, _ := m.Times(loc) // zero without a time of day
		event("meeting-"+m.ID.String(), m.Date, start, end, m.Title, m.Place, status, m.Kind.Label().In(lang))
	}
	deadline := model.Label{SV: "Sista svarsdag: %s", EN: "Deadline: %s"}
	extended := model.Label{SV: "Förlängd svarstid för %s: %s", EN: "Extended deadline for %s: %s"}
	for _, r := range s.Rounds() {
		event("round-"+r.ID.String(), r.Deadline, time.Time{}, time.Time{}, fmt.Sprintf(deadline.In(lang), r.Title), "", "CONFIRMED", r.Kind.Label().In(lang))
		for _, c := range r.Consultees {
			if !c.Deadline.IsZero() {
				org, _ := s.Organisation(c.Organisation)
				event("round-"+r.ID.String()+"-"+c.Organisation.String(), c.Deadline, time.Time{}, time.Time{}, fmt.Sprintf(extended.In(lang), org.Name, r.Title), "", "CONFIRMED", r.Kind.Label().In(lang))
			}
		}
	}
	line("END", "VCALENDAR")
	_, err := io.WriteString(w, b.String())
	return err
}

// vtimezone returns the lines of a VTIMEZONE for loc under tzid, from the
// start of year from to the start of year to: the offset in force at the
// start, then one observance per change of offset, found in the zone
// database (so it holds for any zone, not only Europe/Stockholm).
func vtimezone(tzid string, loc *time.Location, from, to int) []string {
	offset := func(sec int) string {
		sign := "+"
		if sec < 0 {
			sign, sec = "-", -sec
		}
		return fmt.Sprintf("%s%02d%02d", sign, sec/3600, sec%3600/60)
	}
	out := []string{"BEGIN:VTIMEZONE", "TZID:" + tzid}
	observance := func(at time.Time, fromOff int) {
		local := at.In(loc)
		name, off := local.Zone()
		kind := "STANDARD"
		if local.IsDST() {
			kind = "DAYLIGHT"
		}
		out = append(out, "BEGIN:"+kind, "TZOFFSETFROM:"+offset(fromOff), "TZOFFSETTO:"+offset(off), "TZNAME:"+icalText(name),
			"DTSTART:"+at.UTC().Add(time.Duration(fromOff)*time.Second).Format("20060102T150405"), "END:"+kind)
	}
	t := time.Date(from, 1, 1, 0, 0, 0, 0, loc)
	end := time.Date(to, 1, 1, 0, 0, 0, 0, loc)
	_, off := t.Zone()
	observance(t, off)
	for t.Before(end) {
		next := t.Add(24 * time.Hour)
		if _, o := next.Zone(); o != off {
			lo, hi := t, next // the change lies in (lo, hi]: find its hour
			for hi.Sub(lo) > time.Minute {
				mid := lo.Add(hi.Sub(lo) / 2).Truncate(time.Minute)
				if _, om := mid.Zone(); om == off {
					lo = mid
				} else {
					hi = mid
				}
			}
			observance(hi, off)
			off = o
		}
		t = next
	}
	return append(out, "END:VTIMEZONE")
}

var icalEscaper = strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`)

// icalText escapes a TEXT value.
func icalText(s string) string { return icalEscaper.Replace(s) }

// fold folds a content line at 75 octets, never inside a UTF-8 sequence,
// and ends it with CRLF.
func fold(l string) string {
	var b strings.Builder
	n := 0
	for len(l) > 0 {
		_, size := utf8.DecodeRuneInString(l)
		if n+size > 75 {
			b.WriteString("\r\n ")
			n = 1
		}
		b.WriteString(l[:size])
		n += size
		l = l[size:]
	}
	b.WriteString("\r\n")
	return b.String()
}
