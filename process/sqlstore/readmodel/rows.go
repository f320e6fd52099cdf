package readmodel

import (
	"strconv"
	"time"

	"github.com/samling-go/samling/consultation"
	"github.com/samling-go/samling/export"
	"github.com/samling-go/samling/followup"
	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/process"
)

// rows are the rows of one process, by table name: what its state says
// now. Values are strings, integers, floats, booleans, model.Date and
// time.Time, or nil for NULL; write converts the last two per dialect.
type rows map[string][][]any

// names is the export name policy, applied to persons.
type names struct {
	policy export.NamePolicy
	key    []byte
}

// person returns how the read model refers to a person and the name it
// may show (nil when none), as package export does.
func (n names) person(s *process.State, id model.PersonID) (ref, name any) {
	if id.IsZero() {
		return nil, nil
	}
	p, _ := s.Person(id)
	switch {
	case n.policy == export.PseudonymiseNames:
		return model.Pseudonym(n.key, id), nil
	case n.policy == export.ShowNames && !p.Protected && !s.PersonDisposed(id) && p.Name != "":
		return id.String(), p.Name
	}
	return id.String(), nil
}

// opt is a nullable text: nil for "".
func opt(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// optID is a nullable ID: nil for the zero ID.
func optID[T any](id model.ID[T]) any {
	if id.IsZero() {
		return nil
	}
	return id.String()
}

// optDate is a nullable date.
func optDate(d model.Date) any {
	if d.IsZero() {
		return nil
	}
	return d
}

// optTime is a nullable time.
func optTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC()
}

// optInt is a nullable integer: nil for 0.
func optInt(n int) any {
	if n == 0 {
		return nil
	}
	return n
}

// derive returns the rows of the process s, with changed as the time of
// its latest event the read model has seen.
func derive(s *process.State, n names, changed time.Time) rows {
	r := rows{}
	add := func(t string, v ...any) { r[t] = append(r[t], v) }
	pid := s.Process().ID.String()
	tpl, ph := s.Template(), s.Phase()

	add("processes", pid, s.Process().Name, tpl.ID, tpl.Name.SV, tpl.Name.EN,
		string(ph.ID), ph.Name.SV, ph.Name.EN, s.Cycle(), int64(s.Version()),
		optTime(s.Started()), optTime(changed))
	seenPhase := map[string]bool{}
	for _, e := range s.Timeline() {
		k := strconv.Itoa(e.Cycle) + "/" + string(e.Phase.ID)
		if seenPhase[k] { // a phase entered twice in one cycle keeps its first stay
			continue
		}
		seenPhase[k] = true
		add("phases", pid, e.Cycle, string(e.Phase.ID), e.Phase.Name.SV, e.Phase.Name.EN, opt(string(e.Trigger)),
			optDate(e.Phase.Planned.Start), optDate(e.Phase.Planned.End), optTime(e.Entered), optTime(e.Left))
	}

	invited := map[model.OrganisationID]bool{}
	for _, inv := range s.Invitations() {
		invited[inv.Organisation] = true
	}
	for _, o := range s.Organisations() {
		county := ""
		switch o.Kind.CodeKind() {
		case model.MunicipalityCode:
			if m, ok := model.LookupMunicipality(o.Code); ok {
				county = m.County
			}
		case model.CountyCode:
			county = o.Code
		}
		var joins, decided any
		if p, ok := s.Participation(o.ID); ok {
			joins, decided = p.Joins, optDate(p.Date)
		}
		add("organisations", pid, o.ID.String(), o.Name, o.Kind.String(), opt(o.Code), opt(county),
			invited[o.ID], joins, decided)
	}
	seenPerson := map[any]bool{}
	for _, p := range s.Persons() {
		ref, name := n.person(s, p.ID)
		if seenPerson[ref] {
			continue
		}
		seenPerson[ref] = true
		add("persons", pid, ref, name, optID(p.Organisation), s.PersonDisposed(p.ID))
	}
	areas := map[model.AreaID]model.Area{}
	for _, a := range s.Areas() {
		areas[a.ID] = a
		add("areas", pid, a.ID.String(), a.Number, a.Name)
	}
	for _, g := range s.Groups() {
		add("groups", pid, g.ID.String(), g.Kind.String(), g.Name, optID(g.Organisation), optID(g.Area),
			opt(g.Rule.Kind.String()), optInt(g.Seats))
		for _, m := range s.Members(g.ID, model.Date{}) {
			ref, _ := n.person(s, m.Member.Person)
			add("members", pid, m.ID.String(), g.ID.String(), ref, optID(m.Member.Organisation), m.Role.String(),
				optDate(m.Period.Start), optDate(m.Period.End))
		}
	}

	for _, p := range s.Proposals() {
		ref, _ := n.person(s, p.Submitter.Person)
		var kind, reason, forwarded any
		if d, ok := s.Disposition(p.ID); ok {
			kind, reason, forwarded = d.Kind.String(), opt(d.Reason), optID(d.ForwardedTo)
			for _, m := range d.Measures {
				add("proposal_measures", pid, p.ID.String(), m.String())
			}
		}
		add("proposals", pid, p.ID.String(), p.Kind.String(), p.Title, ref, optID(p.Submitter.Organisation),
			kind, reason, forwarded)
	}
	recs := map[model.RecommendationID]model.Recommendation{}
	for _, rc := range s.Recommendations() {
		recs[rc.ID] = rc
		add("recommendations", pid, rc.ID.String(), rc.Number, rc.Title, opt(rc.Text))
	}
	numbers := map[model.MeasureID]int{}
	for _, m := range s.Measures() {
		numbers[m.ID] = m.Number
		version, revised := 1, time.Time{}
		if l, ok := s.Lineage(m.ID); ok && len(l.Revisions) > 0 {
			last := l.Revisions[len(l.Revisions)-1]
			version = last.Version
			if len(l.Revisions) > 1 {
				revised = last.At
			}
		}
		var areaNumber, areaName, recNumber any
		if a, ok := areas[m.Area]; ok {
			areaNumber, areaName = a.Number, a.Name
		}
		if rc, ok := recs[m.Recommendation]; ok {
			recNumber = rc.Number
		}
		var level any
		if m.Level != 0 {
			level = m.Level.String()
		}
		add("measures", pid, m.ID.String(), m.Number, m.Title, opt(m.Text), version, optTime(revised),
			optID(m.Area), areaNumber, areaName, level, optID(m.Recommendation), recNumber, len(m.Sources))
	}

	for _, rd := range s.Rounds() {
		latest := map[consultation.ResponseID]bool{}
		answered := map[model.OrganisationID]bool{}
		late := 0
		for _, resp := range consultation.Latest(rd.Round, rd.Responses) {
			latest[resp.ID] = true
			answered[resp.Organisation] = true
			if resp.Late {
				late++
			}
		}
		var required, nAnswered, reqAnswered int
		for _, c := range rd.Consultees {
			if c.Required {
				required++
			}
			if answered[c.Organisation] {
				nAnswered++
				if c.Required {
					reqAnswered++
				}
			}
			add("consultees", pid, rd.ID.String(), c.Organisation.String(), c.Required, optDate(c.Deadline), answered[c.Organisation])
		}
		add("rounds", pid, rd.ID.String(), rd.Kind.String(), rd.Title, rd.Status.String(), optID(rd.Document),
			optDate(rd.Deadline), len(rd.Consultees), required, nAnswered, reqAnswered, late)
		for _, resp := range rd.Responses {
			ref, _ := n.person(s, resp.RespondedBy)
			add("responses", pid, resp.ID.String(), rd.ID.String(), resp.Organisation.String(), resp.Stance.String(),
				ref, opt(resp.Reference), resp.Received.UTC(), resp.Late, optID(resp.Supersedes), latest[resp.ID])
			for _, it := range resp.Items {
				add("response_stances", pid, resp.ID.String(), rd.ID.String(), resp.Organisation.String(),
					it.Measure.String(), optInt(numbers[it.Measure]), it.Stance.String(), opt(it.Comment), latest[resp.ID])
			}
		}
	}

	for _, d := range s.Decisions() {
		t := d.Tally
		add("decisions", pid, d.ID.String(), d.Body.String(), optID(d.Meeting), d.Subject.Kind.String(),
			optID(d.Subject.Document), opt(d.Subject.Trigger), optID(d.Subject.Organisation), opt(d.Subject.Title),
			opt(d.Reference), optInt(d.Paragraph), d.Acclamation,
			t.Members, t.Present, t.Agree, t.Abstain, t.Disagree, t.Block, optID(d.Reconsiders), optTime(d.At))
		for _, m := range d.Subject.Measures {
			add("decision_measures", pid, d.ID.String(), m.String())
		}
	}

	for _, e := range s.Matrix() {
		add("matrix", pid, e.Measure.String(), optInt(numbers[e.Measure]), e.Organisation.String(), e.Status.String(),
			optInt(e.Degree), e.LongTerm, opt(e.Unit), optDate(e.NextReview))
	}
	for _, sv := range s.Surveys() {
		res, _ := s.SurveyResults(sv.ID)
		add("surveys", pid, sv.ID.String(), sv.Title, optTime(sv.Sent), res.Of, res.Answered)
		for i, q := range res.Questions {
			key := q.Question.Key
			var mean, yes, no any
			switch q.Question.Kind {
			case followup.Scaled:
				if q.Answered > 0 {
					mean = q.Mean
				}
			case followup.YesNo:
				yes, no = q.Yes, q.No
			}
			add("survey_questions", pid, sv.ID.String(), key, i+1, q.Question.Kind.String(), q.Question.Text,
				q.Answered, mean, yes, no)
			for j, c := range q.Counts {
				category := strconv.Itoa(j + 1) // a step of a scale
				if q.Question.Kind != followup.Scaled && j < len(q.Question.Options) {
					category = q.Question.Options[j]
				}
				add("survey_counts", pid, sv.ID.String(), key, category, c)
			}
			for _, th := range q.Themes {
				add("survey_counts", pid, sv.ID.String(), key, "theme:"+th.Theme, th.Count)
			}
		}
	}
	for _, ind := range s.Indicators() {
		add("indicators", pid, ind.ID.String(), ind.Name, ind.Unit, opt(ind.Description))
		for _, o := range s.Observations(ind.ID) {
			add("observations", pid, ind.ID.String(), geographyLevel(o.Geography.Level), o.Geography.Code,
				o.Period.Start, o.Period.End, o.Value)
		}
	}
	return r
}

// geographyLevel is the text form of a geography's level (followup keeps
// it as a number).
func geographyLevel(l followup.GeographyLevel) string {
	switch l {
	case followup.Municipality:
		return "municipality"
	case followup.County:
		return "county"
	case followup.Region:
		return "region"
	}
	return strconv.Itoa(int(l))
}
