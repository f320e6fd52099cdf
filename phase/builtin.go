package phase

import (
	"time"

	"github.com/samling-go/samling/model"
)

// The criteria the built-in templates name. Package process registers what
// each one means.
const (
	TimePlanSet                  CriterionName = "time-plan-set"
	SteeringGroupFormed          CriterionName = "steering-group-formed"
	WorkingGroupFormed           CriterionName = "working-group-formed"
	ReferenceNetworkFormed       CriterionName = "reference-network-formed"
	ProjectManagementGroupFormed CriterionName = "project-management-group-formed"
	TemporaryWorkingGroupFormed  CriterionName = "temporary-working-group-formed"
	ProposalsReceived            CriterionName = "proposals-received"
	MeasuresDrafted              CriterionName = "measures-drafted"
	ProposalsDisposed            CriterionName = "every-proposal-disposed"
	ConsultationCompiled         CriterionName = "consultation-compiled"
	ConsultationAnswered         CriterionName = "consultation-answered"
	RecommendationsWritten       CriterionName = "recommendations-written"
	CommitteeApproved            CriterionName = "committee-approved"
	BoardApprovedAfterRounds     CriterionName = "board-approved-after-consultation"
	CouncilAdopted               CriterionName = "council-adopted"
	ParticipationDecided         CriterionName = "participation-decided"
)

func period(y1 int, m1 time.Month, d1 int, y2 int, m2 time.Month, d2 int) model.Period {
	return model.Period{Start: model.MakeDate(y1, m1, d1), End: model.MakeDate(y2, m2, d2)}
}

// VastraGotaland returns the template of Västra Götaland's process,
// 2011–2013: planning → anchoring and mobilisation → deepening → decision →
// implementation.
//
// The planned dates follow the documented milestones: the conference of
// February 2012 closes anchoring, deepening runs through spring 2012 and on
// to the Göteborg conference of November 2012, the decision phase runs from
// the public health committee's approval in December 2012 to the regional
// council's adoption on 24 September 2013. The start of planning (March
// 2011) and the end of implementation (December 2015) are not documented
// and are this template's assumptions.
//
// What each phase allows follows the seeds: the groups and meetings
// everywhere; proposals from the February 2012 conference, in anchoring,
// through deepening, where they are worked into measures; the measures'
// revision, the consultation round and the bodies' decisions in the
// decision phase; follow-up in implementation. So a proposal is refused
// once the decision phase has begun.
func VastraGotaland() Template {
	return Template{
		ID:      "vastra-gotaland",
		Name:    model.Label{SV: "Samling för social hållbarhet, Västra Götaland", EN: "Gathering for social sustainability, Västra Götaland"},
		Initial: "planning",
		Phases: []Phase{
			{ID: "planning", Name: model.Label{SV: "Planeringsfas", EN: "Planning"}, Planned: period(2011, 3, 1, 2011, 8, 31),
				Allows: []Allowance{Roster, Meetings}},
			{ID: "anchoring", Name: model.Label{SV: "Förankrings- och mobiliseringsfas", EN: "Anchoring and mobilisation"}, Planned: period(2011, 9, 1, 2012, 2, 29),
				Allows: []Allowance{Roster, Meetings, Proposals}},
			{ID: "deepening", Name: model.Label{SV: "Fördjupningsfas", EN: "Deepening"}, Planned: period(2012, 3, 1, 2012, 11, 30),
				Allows: []Allowance{Roster, Meetings, Proposals, Measures}},
			{ID: "decision", Name: model.Label{SV: "Beslutsfas", EN: "Decision"}, Planned: period(2012, 12, 1, 2013, 9, 24),
				Allows: []Allowance{Roster, Meetings, Measures, Consultation, Decisions}},
			{ID: "implementation", Name: model.Label{SV: "Implementeringsfas", EN: "Implementation"}, Planned: period(2013, 9, 25, 2015, 12, 31),
				Allows: []Allowance{Roster, Meetings, FollowUp}},
		},
		Transitions: []Transition{
			{Trigger: "mobilise", From: "planning", To: "anchoring", Criteria: []CriterionName{TimePlanSet}, Label: model.Label{SV: "mobilisera", EN: "mobilise"}},
			{Trigger: "deepen", From: "anchoring", To: "deepening", Criteria: []CriterionName{SteeringGroupFormed, WorkingGroupFormed, ReferenceNetworkFormed, ProposalsReceived}, Label: model.Label{SV: "fördjupa", EN: "deepen"}},
			{Trigger: "propose", From: "deepening", To: "decision", Criteria: []CriterionName{MeasuresDrafted, ProposalsDisposed}, Label: model.Label{SV: "föreslå åtgärder", EN: "propose"}},
			{Trigger: "implement", From: "decision", To: "implementation", Criteria: []CriterionName{ConsultationCompiled, CommitteeApproved, BoardApprovedAfterRounds, CouncilAdopted}, Label: model.Label{SV: "implementera", EN: "implement"}},
		},
	}
}

// Dalarna returns the template of Dalarna's process, 2014–2016:
// preparatory → execution → dissemination, and from dissemination back to a
// new preparatory phase, which starts a new cycle.
//
// The planned dates are the ones in the county council's proposal:
// preparatory November 2014 – May 2015, execution May 2015 – September 2016,
// dissemination in the winter of 2016.
//
// What each phase allows follows the proposal: the groups and meetings
// everywhere; in the preparatory phase the joint proposal of content and
// goals (measures), its consultation (samråd), the invitation and each
// organisation's decision to take part, the decisions that start the
// process, and the statistics a committee's minutes attach (the commands
// define-indicator and record-observations, named one by one); in
// execution the workshops' contributions (proposals), the working groups'
// recommendations and the continuous reporting (follow-up); in
// dissemination the report's follow-up and the new political decisions
// the next step needs.
func Dalarna() Template {
	return Template{
		ID:      "dalarna",
		Name:    model.Label{SV: "Samling för social hållbarhet, Dalarna", EN: "Gathering for social sustainability, Dalarna"},
		Initial: "preparatory",
		Phases: []Phase{
			{ID: "preparatory", Name: model.Label{SV: "Förberedande fas", EN: "Preparatory"}, Planned: period(2014, 11, 1, 2015, 5, 31),
				Allows: []Allowance{Roster, Meetings, Measures, Consultation, Participation, Decisions, "define-indicator", "record-observations"}},
			{ID: "execution", Name: model.Label{SV: "Genomförandefas", EN: "Execution"}, Planned: period(2015, 5, 1, 2016, 9, 30),
				Allows: []Allowance{Roster, Meetings, Proposals, Measures, FollowUp}},
			{ID: "dissemination", Name: model.Label{SV: "Spridningsfas", EN: "Dissemination"}, Planned: period(2016, 10, 1, 2016, 12, 31),
				Allows: []Allowance{Roster, Meetings, Decisions, FollowUp}},
		},
		Transitions: []Transition{
			{Trigger: "execute", From: "preparatory", To: "execution", Criteria: []CriterionName{ProjectManagementGroupFormed, TemporaryWorkingGroupFormed, ConsultationCompiled, ParticipationDecided}, Label: model.Label{SV: "genomföra", EN: "execute"}},
			{Trigger: "disseminate", From: "execution", To: "dissemination", Criteria: []CriterionName{RecommendationsWritten}, Label: model.Label{SV: "sprida", EN: "disseminate"}},
			{Trigger: "restart", From: "dissemination", To: "preparatory", Label: model.Label{SV: "börja om", EN: "restart"}},
		},
	}
}
