package process

import (
	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
)

// criterionDescriptions say exactly when each built-in criterion holds;
// docs/criteria.md is generated from them (see criteria_doc_test.go).
var criterionDescriptions = map[phase.CriterionName]model.Label{
	phase.TimePlanSet: {
		SV: "Varje fas i mallen har ett planerat start- och slutdatum i den pågående cykeln.",
		EN: "Every phase of the template has a planned start and end date in the current cycle.",
	},
	phase.SteeringGroupFormed: {
		SV: "Någon grupp av slaget politisk styrgrupp har minst ett medlemskap registrerat (avslutat eller inte).",
		EN: "Some group of the kind steering group has at least one membership recorded (ended or not).",
	},
	phase.WorkingGroupFormed: {
		SV: "Någon grupp av slaget arbetsgrupp, tematisk arbetsgrupp eller tillfällig arbetsgrupp har minst ett medlemskap registrerat (avslutat eller inte).",
		EN: "Some group of the kind working group, thematic working group or temporary working group has at least one membership recorded (ended or not).",
	},
	phase.ReferenceNetworkFormed: {
		SV: "Någon grupp av slaget referensnätverk har minst ett medlemskap registrerat (avslutat eller inte).",
		EN: "Some group of the kind reference network has at least one membership recorded (ended or not).",
	},
	phase.ProjectManagementGroupFormed: {
		SV: "Någon grupp av slaget projektledningsgrupp har minst ett medlemskap registrerat (avslutat eller inte).",
		EN: "Some group of the kind project management group has at least one membership recorded (ended or not).",
	},
	phase.TemporaryWorkingGroupFormed: {
		SV: "Någon grupp av slaget tillfällig arbetsgrupp har minst ett medlemskap registrerat (avslutat eller inte).",
		EN: "Some group of the kind temporary working group has at least one membership recorded (ended or not).",
	},
	phase.ProposalsReceived: {
		SV: "Minst ett förslag har lämnats in (också ett som sedan dragits tillbaka).",
		EN: "At least one proposal has been submitted (also one later withdrawn).",
	},
	phase.MeasuresDrafted: {
		SV: "Minst en åtgärd har formulerats.",
		EN: "At least one measure has been drafted.",
	},
	phase.ProposalsDisposed: {
		SV: "Varje inlämnat förslag har ett besked (sammanslaget, antaget, avslaget, vidarebefordrat eller tillbakadraget); gäller också när inga förslag finns.",
		EN: "Every submitted proposal has a disposition (merged, adopted, rejected, forwarded or withdrawn); also holds when there are no proposals.",
	},
	phase.ConsultationCompiled: {
		SV: "Minst en remissomgång är sammanställd och varje remissomgång är sammanställd eller inställd.",
		EN: "At least one consultation round is compiled, and every round is compiled or cancelled.",
	},
	phase.ConsultationAnswered: {
		SV: "I varje öppen remissomgång har varje obligatorisk remissinstans svarat eller har dess svarstid (med förlängning) gått ut före dagen; gäller också när ingen omgång är öppen.",
		EN: "In every open consultation round, each required consultee has answered or its deadline (as extended) is before the day; also holds when no round is open.",
	},
	phase.RecommendationsWritten: {
		SV: "Minst en rekommendation har skrivits.",
		EN: "At least one recommendation has been written.",
	},
	phase.CommitteeApproved: {
		SV: "En grupp av slaget nämnd har fattat ett beslut om en dokumentversion.",
		EN: "A group of the kind committee has taken a decision on a document version.",
	},
	phase.BoardApprovedAfterRounds: {
		SV: "Remissomgångarna är sammanställda (se consultation-compiled) och en grupp av slaget styrelse har fattat ett beslut om en dokumentversion vid ett sammanträde samma dag som den senaste omgången sammanställdes eller senare.",
		EN: "The consultation rounds are compiled (see consultation-compiled), and a group of the kind board has taken a decision on a document version at a meeting on or after the day the last round was compiled.",
	},
	phase.CouncilAdopted: {
		SV: "En grupp av slaget fullmäktige har fattat ett beslut om en dokumentversion.",
		EN: "A group of the kind council has taken a decision on a document version.",
	},
	phase.ParticipationDecided: {
		SV: "Minst en organisation är inbjuden och varje inbjuden organisation har beslutat om den deltar eller avböjer.",
		EN: "At least one organisation has been invited, and every invited organisation has decided whether it takes part or declines.",
	},
}
