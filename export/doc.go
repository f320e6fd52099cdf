// Package export takes the record out of the library in the forms people
// and other systems read: an HTML report with charts to print on A4, a
// Markdown report, the minutes of a meeting and the compilation of a
// consultation round in Markdown, Popolo JSON for open-government data,
// an .xlsx spreadsheet for people and CSV files for machines (the same
// tables), an iCalendar file of meetings and deadlines, and Mermaid
// diagrams.
//
// Every export takes [Options] with a policy for the names of persons:
// omitted (the default), pseudonymised with a key ([model.Pseudonym]), or
// shown. A person with a protected identity (model.Person.Protected) is
// never named, whatever the policy. Persons are otherwise referred to by
// ID; nothing else about them is exported.
//
// User text stays text. The HTML report is written with html/template.
// In Markdown every user text is escaped with CommonMark's backslash
// escapes (what opens emphasis, code, HTML, entities, links, images and
// table cells, anywhere; headings, lists, quotes and breaks at the start
// of a line), a one-line field keeps to one line, and a link is written
// as a link only if it is http, https or mailto ([LinkAllowed]).
//
// Reports and charts are as of a date: [Options].AsOf, by default the date
// of the record's last event ([RecordDate]), never the wall clock.
package export
