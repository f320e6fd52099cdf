package readmodel

import (
	"fmt"
	"strings"
)

// kind is the SQL type of a column, written per dialect.
type kind uint8

const (
	text    kind = iota // TEXT
	integer             // BIGINT / INTEGER
	double              // DOUBLE PRECISION / REAL
	boolean             // BOOLEAN / INTEGER 0 or 1
	date                // DATE / TEXT 'YYYY-MM-DD'
	stamp               // TIMESTAMPTZ / TEXT 'YYYY-MM-DDTHH:MM:SS.ffffffZ'
)

func (k kind) sql(dialect string) string {
	pg := dialect == "postgres"
	switch k {
	case integer:
		if pg {
			return "BIGINT"
		}
		return "INTEGER"
	case double:
		if pg {
			return "DOUBLE PRECISION"
		}
		return "REAL"
	case boolean:
		if pg {
			return "BOOLEAN"
		}
		return "INTEGER"
	case date:
		if pg {
			return "DATE"
		}
		return "TEXT"
	case stamp:
		if pg {
			return "TIMESTAMPTZ"
		}
		return "TEXT"
	}
	return "TEXT"
}

// column is one column of a table: its name, type, and whether it may be
// NULL (a value the record does not have).
type column struct {
	name     string
	kind     kind
	nullable bool
}

// table is one table of the read model, without the prefix. Every table
// but the checkpoint starts with process_id; key is its primary key.
type table struct {
	name    string
	columns []column
	key     []string
}

func col(name string, k kind) column  { return column{name: name, kind: k} }
func null(name string, k kind) column { return column{name: name, kind: k, nullable: true} }

// tables are the read model's tables, in the order they are written.
// docs/integration.md documents each of them, column by column (a test
// checks that it names them all).
var tables = []table{
	{name: "processes", key: []string{"process_id"}, columns: []column{
		col("process_id", text), col("name", text), col("template", text),
		col("template_name_sv", text), col("template_name_en", text),
		col("phase", text), col("phase_name_sv", text), col("phase_name_en", text),
		col("cycle", integer), col("version", integer),
		null("started_at", stamp), null("changed_at", stamp),
	}},
	{name: "phases", key: []string{"process_id", "cycle", "phase"}, columns: []column{
		col("process_id", text), col("cycle", integer), col("phase", text),
		col("name_sv", text), col("name_en", text), null("trigger", text),
		null("planned_start", date), null("planned_end", date),
		null("entered_at", stamp), null("left_at", stamp),
	}},
	{name: "organisations", key: []string{"process_id", "organisation_id"}, columns: []column{
		col("process_id", text), col("organisation_id", text), col("name", text),
		col("kind", text), null("code", text), null("county_code", text),
		col("invited", boolean), null("joins", boolean), null("participation_date", date),
	}},
	{name: "persons", key: []string{"process_id", "person"}, columns: []column{
		col("process_id", text), col("person", text), null("name", text),
		null("organisation_id", text), col("disposed", boolean),
	}},
	{name: "areas", key: []string{"process_id", "area_id"}, columns: []column{
		col("process_id", text), col("area_id", text), col("number", integer), col("name", text),
	}},
	{name: "groups", key: []string{"process_id", "group_id"}, columns: []column{
		col("process_id", text), col("group_id", text), col("kind", text), col("name", text),
		null("organisation_id", text), null("area_id", text), null("rule", text), null("seats", integer),
	}},
	{name: "members", key: []string{"process_id", "membership_id"}, columns: []column{
		col("process_id", text), col("membership_id", text), col("group_id", text),
		null("person", text), null("organisation_id", text), col("role", text),
		null("start_date", date), null("end_date", date),
	}},
	{name: "proposals", key: []string{"process_id", "proposal_id"}, columns: []column{
		col("process_id", text), col("proposal_id", text), col("kind", text), col("title", text),
		null("submitter_person", text), null("submitter_organisation_id", text),
		null("disposition", text), null("reason", text), null("forwarded_to", text),
	}},
	{name: "proposal_measures", key: []string{"process_id", "proposal_id", "measure_id"}, columns: []column{
		col("process_id", text), col("proposal_id", text), col("measure_id", text),
	}},
	{name: "recommendations", key: []string{"process_id", "recommendation_id"}, columns: []column{
		col("process_id", text), col("recommendation_id", text), col("number", integer),
		col("title", text), null("text", text),
	}},
	{name: "measures", key: []string{"process_id", "measure_id"}, columns: []column{
		col("process_id", text), col("measure_id", text), col("number", integer), col("title", text),
		null("text", text), col("version", integer), null("revised_at", stamp),
		null("area_id", text), null("area_number", integer), null("area_name", text),
		null("level", text), null("recommendation_id", text), null("recommendation_number", integer),
		col("sources", integer),
	}},
	{name: "rounds", key: []string{"process_id", "round_id"}, columns: []column{
		col("process_id", text), col("round_id", text), col("kind", text), col("title", text),
		col("status", text), null("document_id", text), null("deadline", date),
		col("consultees", integer), col("required", integer),
		col("answered", integer), col("required_answered", integer), col("late", integer),
	}},
	{name: "consultees", key: []string{"process_id", "round_id", "organisation_id"}, columns: []column{
		col("process_id", text), col("round_id", text), col("organisation_id", text),
		col("required", boolean), null("deadline", date), col("answered", boolean),
	}},
	{name: "responses", key: []string{"process_id", "response_id"}, columns: []column{
		col("process_id", text), col("response_id", text), col("round_id", text),
		col("organisation_id", text), col("stance", text), null("responded_by", text),
		null("reference", text), col("received_at", stamp), col("late", boolean),
		null("supersedes", text), col("current", boolean),
	}},
	{name: "response_stances", key: []string{"process_id", "response_id", "measure_id"}, columns: []column{
		col("process_id", text), col("response_id", text), col("round_id", text),
		col("organisation_id", text), col("measure_id", text), null("measure_number", integer),
		col("stance", text), null("comment", text), col("current", boolean),
	}},
	{name: "decisions", key: []string{"process_id", "decision_id"}, columns: []column{
		col("process_id", text), col("decision_id", text), col("body_group_id", text),
		null("meeting_id", text), col("subject", text), null("document_id", text),
		null("trigger", text), null("subject_organisation_id", text), null("title", text),
		null("reference", text), null("paragraph", integer), col("acclamation", boolean),
		col("members", integer), col("present", integer), col("agree", integer),
		col("abstain", integer), col("disagree", integer), col("block", integer),
		null("reconsiders", text), null("decided_at", stamp),
	}},
	{name: "decision_measures", key: []string{"process_id", "decision_id", "measure_id"}, columns: []column{
		col("process_id", text), col("decision_id", text), col("measure_id", text),
	}},
	{name: "matrix", key: []string{"process_id", "measure_id", "organisation_id"}, columns: []column{
		col("process_id", text), col("measure_id", text), null("measure_number", integer),
		col("organisation_id", text), col("status", text), null("degree", integer),
		col("long_term", boolean), null("unit", text), null("next_review", date),
	}},
	{name: "surveys", key: []string{"process_id", "survey_id"}, columns: []column{
		col("process_id", text), col("survey_id", text), col("title", text),
		null("sent_at", stamp), col("recipients", integer), col("answered", integer),
	}},
	{name: "survey_questions", key: []string{"process_id", "survey_id", "question"}, columns: []column{
		col("process_id", text), col("survey_id", text), col("question", text),
		col("position", integer), col("kind", text), col("text", text),
		col("answered", integer), null("mean", double), null("yes", integer), null("no", integer),
	}},
	{name: "survey_counts", key: []string{"process_id", "survey_id", "question", "category"}, columns: []column{
		col("process_id", text), col("survey_id", text), col("question", text),
		col("category", text), col("count", integer),
	}},
	{name: "indicators", key: []string{"process_id", "indicator_id"}, columns: []column{
		col("process_id", text), col("indicator_id", text), col("name", text),
		col("unit", text), null("description", text),
	}},
	{name: "observations", key: []string{"process_id", "indicator_id", "geography_level", "geography_code", "period_start", "period_end"}, columns: []column{
		col("process_id", text), col("indicator_id", text), col("geography_level", text),
		col("geography_code", text), col("period_start", date), col("period_end", date), col("value", double),
	}},
}

// checkpointTable is the name, without the prefix, of the one-row table
// with the read model's position in the global order and its schema.
const checkpointTable = "checkpoint"

// quote quotes an SQL identifier; the prefix is checked to be plain, and
// so are the names above, but column names such as "count" and "position"
// are keywords in one dialect or the other.
func quote(name string) string { return `"` + name + `"` }

// createSQL is the CREATE TABLE statement of t with the prefix.
func (t table) createSQL(prefix, dialect string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "CREATE TABLE IF NOT EXISTS %s (", quote(prefix+t.name))
	for i, c := range t.columns {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(quote(c.name) + " " + c.kind.sql(dialect))
		if !c.nullable {
			b.WriteString(" NOT NULL")
		}
	}
	keys := make([]string, len(t.key))
	for i, k := range t.key {
		keys[i] = quote(k)
	}
	fmt.Fprintf(&b, ", PRIMARY KEY (%s))", strings.Join(keys, ", "))
	return b.String()
}

// insertSQL is an INSERT of n rows into t.
func (t table) insertSQL(prefix, dialect string, n int) string {
	var b strings.Builder
	names := make([]string, len(t.columns))
	for i, c := range t.columns {
		names[i] = quote(c.name)
	}
	fmt.Fprintf(&b, "INSERT INTO %s (%s) VALUES ", quote(prefix+t.name), strings.Join(names, ", "))
	arg := 0
	for r := range n {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for i := range t.columns {
			if i > 0 {
				b.WriteString(", ")
			}
			arg++
			if dialect == "postgres" {
				fmt.Fprintf(&b, "$%d", arg)
			} else {
				b.WriteByte('?')
			}
		}
		b.WriteByte(')')
	}
	return b.String()
}
