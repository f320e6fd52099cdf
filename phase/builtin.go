package phase

import "github.com/samling-go/samling/model"

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

// VastraGotaland returns the template of Västra Götaland's process,
// 2011–2013: planning → anchoring and mobilisation → deepening → decision →
// implementation.
//
// The template carries no dates: each phase's Months are the lengths
// Västra Götaland planned (planning 6 months, anchoring 6, deepening 9,
// decision 10, implementation 27), so that [Template.PlanFrom] dates a new
// process from its own start. The real dates of 2011–2015 belong to that
// process's record (see examples/vastragotaland).
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
			{ID: "planning", Name: model.Label{SV: "Planeringsfas", EN: "Planning"}, Months: 6,
				Allows: []Allowance{Roster, Meetings}},
			{ID: "anchoring", Name: model.Label{SV: "Förankrings- och mobiliseringsfas", EN: "Anchoring and mobilisation"}, Months: 6,
				Allows: []Allowance{Roster, Meetings, Proposals}},
			{ID: "deepening", Name: model.Label{SV: "Fördjupningsfas", EN: "Deepening"}, Months: 9,
				Allows: []Allowance{Roster, Meetings, Proposals, Measures}},
			{ID: "decision", Name: model.Label{SV: "Beslutsfas", EN: "Decision"}, Months: 10,
				Allows: []Allowance{Roster, Meetings, Measures, Consultation, Decisions}},
			{ID: "implementation", Name: model.Label{SV: "Implementeringsfas", EN: "Implementation"}, Months: 27,
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
// The template carries no dates: each phase's Months are the lengths of
// the county council's proposal (preparatory 7 months, execution 16,
// dissemination 3), for [Template.PlanFrom]. The real dates of 2014–2016
// belong to that process's record (see examples/dalarna).
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
			{ID: "preparatory", Name: model.Label{SV: "Förberedande fas", EN: "Preparatory"}, Months: 7,
				Allows: []Allowance{Roster, Meetings, Measures, Consultation, Participation, Decisions, "define-indicator", "record-observations"}},
			{ID: "execution", Name: model.Label{SV: "Genomförandefas", EN: "Execution"}, Months: 16,
				Allows: []Allowance{Roster, Meetings, Proposals, Measures, FollowUp}},
			{ID: "dissemination", Name: model.Label{SV: "Spridningsfas", EN: "Dissemination"}, Months: 3,
				Allows: []Allowance{Roster, Meetings, Decisions, FollowUp}},
		},
		Transitions: []Transition{
			{Trigger: "execute", From: "preparatory", To: "execution", Criteria: []CriterionName{ProjectManagementGroupFormed, TemporaryWorkingGroupFormed, ConsultationCompiled, ParticipationDecided}, Label: model.Label{SV: "genomföra", EN: "execute"}},
			{Trigger: "disseminate", From: "execution", To: "dissemination", Criteria: []CriterionName{RecommendationsWritten}, Label: model.Label{SV: "sprida", EN: "disseminate"}},
			{Trigger: "restart", From: "dissemination", To: "preparatory", Label: model.Label{SV: "börja om", EN: "restart"}},
		},
	}
}
