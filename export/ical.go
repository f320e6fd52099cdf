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
// and its consultation deadlines, each an all-day event; a consultee's
// extended deadline is an event of its own. stamp is the file's DTSTAMP,
// the time it is made.
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
	event := func(uid string, day model.Date, summary, location, status, category string) {
		line("BEGIN", "VEVENT")
		line("UID", uid+"@samling")
		line("DTSTAMP", dtstamp)
		line("DTSTART;VALUE=DATE", day.Time(time.UTC).Format("20060102"))
		line("DTEND;VALUE=DATE", day.AddDays(1).Time(time.UTC).Format("20060102"))
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
		event("meeting-"+m.ID.String(), m.Date, m.Title, m.Place, status, m.Kind.Label().In(lang))
	}
	deadline := model.Label{SV: "Sista svarsdag: %s", EN: "Deadline: %s"}
	extended := model.Label{SV: "Förlängd svarstid för %s: %s", EN: "Extended deadline for %s: %s"}
	for _, r := range s.Rounds() {
		event("round-"+r.ID.String(), r.Deadline, fmt.Sprintf(deadline.In(lang), r.Title), "", "CONFIRMED", r.Kind.Label().In(lang))
		for _, c := range r.Consultees {
			if !c.Deadline.IsZero() {
				org, _ := s.Organisation(c.Organisation)
				event("round-"+r.ID.String()+"-"+c.Organisation.String(), c.Deadline, fmt.Sprintf(extended.In(lang), org.Name, r.Title), "", "CONFIRMED", r.Kind.Label().In(lang))
			}
		}
	}
	line("END", "VCALENDAR")
	_, err := io.WriteString(w, b.String())
	return err
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
