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
func VastraGotaland() Template {
	return Template{
		ID:      "vastra-gotaland",
		Name:    model.Label{SV: "Samling för social hållbarhet, Västra Götaland", EN: "Gathering for social sustainability, Västra Götaland"},
		Initial: "planning",
		Phases: []Phase{
			{ID: "planning", Name: model.Label{SV: "Planeringsfas", EN: "Planning"}, Months: 6},
			{ID: "anchoring", Name: model.Label{SV: "Förankrings- och mobiliseringsfas", EN: "Anchoring and mobilisation"}, Months: 6},
			{ID: "deepening", Name: model.Label{SV: "Fördjupningsfas", EN: "Deepening"}, Months: 9},
			{ID: "decision", Name: model.Label{SV: "Beslutsfas", EN: "Decision"}, Months: 10},
			{ID: "implementation", Name: model.Label{SV: "Implementeringsfas", EN: "Implementation"}, Months: 27},
		},
		Transitions: []Transition{
			{Trigger: "mobilise", From: "planning", To: "anchoring", Criteria: []CriterionName{TimePlanSet}},
			{Trigger: "deepen", From: "anchoring", To: "deepening", Criteria: []CriterionName{SteeringGroupFormed, WorkingGroupFormed, ReferenceNetworkFormed, ProposalsReceived}},
			{Trigger: "propose", From: "deepening", To: "decision", Criteria: []CriterionName{MeasuresDrafted, ProposalsDisposed}},
			{Trigger: "implement", From: "decision", To: "implementation", Criteria: []CriterionName{ConsultationCompiled, CommitteeApproved, BoardApprovedAfterRounds, CouncilAdopted}},
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
func Dalarna() Template {
	return Template{
		ID:      "dalarna",
		Name:    model.Label{SV: "Samling för social hållbarhet, Dalarna", EN: "Gathering for social sustainability, Dalarna"},
		Initial: "preparatory",
		Phases: []Phase{
			{ID: "preparatory", Name: model.Label{SV: "Förberedande fas", EN: "Preparatory"}, Months: 7},
			{ID: "execution", Name: model.Label{SV: "Genomförandefas", EN: "Execution"}, Months: 16},
			{ID: "dissemination", Name: model.Label{SV: "Spridningsfas", EN: "Dissemination"}, Months: 3},
		},
		Transitions: []Transition{
			{Trigger: "execute", From: "preparatory", To: "execution", Criteria: []CriterionName{ProjectManagementGroupFormed, TemporaryWorkingGroupFormed, ConsultationCompiled, ParticipationDecided}},
			{Trigger: "disseminate", From: "execution", To: "dissemination", Criteria: []CriterionName{RecommendationsWritten}},
			{Trigger: "restart", From: "dissemination", To: "preparatory"},
		},
	}
}
