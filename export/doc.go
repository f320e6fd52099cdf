// Package export takes the record out of the library in the forms people
// and other systems read: Popolo JSON for open-government data, an .xlsx
// spreadsheet for people and CSV files for machines (the same tables), an
// iCalendar file of meetings and deadlines, a
// Markdown report of the process, and Mermaid diagrams.
//
// Every export takes [Options] with a policy for the names of persons:
// omitted (the default), pseudonymised with a key ([model.Pseudonym]), or
// shown. A person with a protected identity (model.Person.Protected) is
// never named, whatever the policy. Persons are otherwise referred to by
// ID; nothing else about them is exported.
package export
