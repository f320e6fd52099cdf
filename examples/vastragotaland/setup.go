package main

import (
	"fmt"
	"math/rand/v2"

	"github.com/samling-go/samling/examples/internal/scenario"
	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/process"
)

// organisations are the registered organisations and the region's bodies.
type organisations struct {
	all            []model.Organisation // every organisation, municipalities first
	municipalities []model.Organisation
	others         []model.Organisation // the working group's other organisations
	region         model.OrganisationID
	bodies         map[string]model.GroupID // the region's decision bodies
	// secretaries record each body's minutes and decisions.
	secretaries map[string]model.Actor
}

// registerOrganisations registers the region's 49 municipalities, from
// Statistics Sweden's table, the other organisations of the working group,
// and the region's decision bodies.
func (r *runner) registerOrganisations(day model.Date) organisations {
	var o organisations
	for _, m := range model.MunicipalitiesIn("14") {
		org, _ := model.MunicipalityOrganisation(m.Code)
		org.ID = scenario.NewID[model.Organisation](r.ids)
		o.municipalities = append(o.municipalities, org)
	}
	o.others = []model.Organisation{
		{ID: scenario.NewID[model.Organisation](r.ids), Name: "Västra Götalandsregionen", Kind: model.KindRegion, Code: "14"},
		{ID: scenario.NewID[model.Organisation](r.ids), Name: "Länsstyrelsen i Västra Götalands län", Kind: model.KindCountyAdministrativeBoard, Code: "14"},
		{ID: scenario.NewID[model.Organisation](r.ids), Name: "Polismyndigheten i Västra Götaland", Kind: model.KindPolice},
		{ID: scenario.NewID[model.Organisation](r.ids), Name: "Göteborgs universitet", Kind: model.KindUniversity},
		{ID: scenario.NewID[model.Organisation](r.ids), Name: "Försäkringskassan", Kind: model.KindAuthority},
		{ID: scenario.NewID[model.Organisation](r.ids), Name: "Arbetsförmedlingen", Kind: model.KindAuthority},
	}
	o.region = o.others[0].ID
	o.all = append(append(o.all, o.municipalities...), o.others...)
	for _, org := range o.all {
		r.Do(day, process.RegisterOrganisation{Organisation: org})
	}
	o.bodies = map[string]model.GroupID{}
	// Each decides by simple majority with a quorum of more than half of
	// its members; in the committee and the board the chair has the
	// casting vote. The council has 149 seats.
	for _, b := range []struct {
		key, name string
		kind      model.GroupKind
		seats     int
	}{
		{"committee", "Folkhälsokommittén", model.GroupCommittee, 0},
		{"board", "Regionstyrelsen", model.GroupBoard, 15},
		{"council", "Regionfullmäktige", model.GroupCouncil, 149},
	} {
		rule := model.DecisionRule{Kind: model.RuleMajority, Quorum: model.MoreThanHalf, ChairCasts: b.kind != model.GroupCouncil}
		g := model.Group{ID: scenario.NewID[model.Group](r.ids), Kind: b.kind, Name: b.name, Organisation: o.region, Rule: rule, Seats: b.seats}
		o.bodies[b.key] = g.ID
		r.Do(day, process.FormGroup{Group: g})
	}
	o.secretaries = map[string]model.Actor{}
	for _, key := range []string{"committee", "board", "council"} {
		p := r.person(day, o.region, "nämndsekreterare", "")
		r.Do(day, process.AddMember{Membership: model.Membership{
			ID: scenario.NewID[model.Membership](r.ids), Group: o.bodies[key], Member: model.Member{Person: p}, Role: model.RoleSecretary, Period: model.Period{Start: day},
		}})
		o.secretaries[key] = model.Actor{Person: p, Organisation: o.region, Capacity: model.RoleSecretary}
	}
	return o
}

// areaNames are the themes the synthetic proposals are tagged with; the
// real process's grouping of its 44 measures is not in the public record.
var areaNames = []string{"Barn och unga", "Arbete och försörjning", "Boende och närmiljö", "Hälsa, vård och omsorg", "Delaktighet och inflytande"}

func (r *runner) defineAreas(day model.Date) []model.Area {
	areas := make([]model.Area, len(areaNames))
	for i, name := range areaNames {
		areas[i] = model.Area{ID: scenario.NewID[model.Area](r.ids), Number: i + 1, Name: name}
		r.Do(day, process.DefineArea{Area: areas[i]})
	}
	return areas
}

var (
	firstNames = []string{"Anna", "Erik", "Maria", "Lars", "Karin", "Per", "Eva", "Johan", "Kristina", "Anders", "Sara", "Mikael", "Åsa", "Örjan"}
	lastNames  = []string{"Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson", "Svensson", "Gustafsson", "Ek", "Öberg"}
	parties    = []string{"S", "M", "C", "L", "KD", "V", "MP"}
)

// person registers a synthetic person of the organisation.
func (r *runner) person(day model.Date, org model.OrganisationID, title, party string) model.PersonID {
	p := model.Person{
		ID:    scenario.NewID[model.Person](r.ids),
		Name:  firstNames[r.rng.IntN(len(firstNames))] + " " + lastNames[r.rng.IntN(len(lastNames))],
		Title: title, Party: party, Organisation: org,
	}
	r.Do(day, process.RegisterPerson{Person: p})
	return p.ID
}

// formGroups appoints the political steering group, the working group and
// the reference network.
func (r *runner) formGroups(day model.Date, o organisations) {
	form := func(kind model.GroupKind, name string) model.GroupID {
		g := model.Group{ID: scenario.NewID[model.Group](r.ids), Kind: kind, Name: name}
		r.Do(day, process.FormGroup{Group: g})
		return g.ID
	}
	join := func(g model.GroupID, m model.Member, role model.Role) {
		r.Do(day, process.AddMember{Membership: model.Membership{
			ID: scenario.NewID[model.Membership](r.ids), Group: g, Member: m, Role: role, Period: model.Period{Start: day},
		}})
	}

	// The steering group: elected members of the region and of four
	// municipalities, one from each of the county's sub-regions.
	steering := form(model.GroupSteering, "Politisk styrgrupp")
	seats := []model.OrganisationID{o.region, o.region, o.region}
	for _, name := range []string{"Göteborg", "Borås", "Trollhättan", "Skövde"} {
		seats = append(seats, find(o.municipalities, name))
	}
	for i, org := range seats {
		role := model.RoleMember
		if i == 0 {
			role = model.RoleChair
		}
		join(steering, model.Member{Person: r.person(day, org, "förtroendevald", parties[r.rng.IntN(len(parties))])}, role)
	}

	// The working group: the organisations themselves, each acting on its
	// own mandate, with the region's public health strategist as secretary.
	working := form(model.GroupWorking, "Arbetsgrupp")
	for _, org := range o.others {
		join(working, model.Member{Organisation: org.ID}, model.RoleMember)
	}
	for _, name := range []string{"Göteborg", "Borås", "Trollhättan", "Skövde"} {
		join(working, model.Member{Organisation: find(o.municipalities, name)}, model.RoleMember)
	}
	join(working, model.Member{Person: r.person(day, o.region, "folkhälsostrateg", "")}, model.RoleSecretary)

	// The reference network: every municipality of the region.
	network := form(model.GroupReferenceNetwork, "Referensnätverk")
	for _, m := range o.municipalities {
		join(network, model.Member{Organisation: m.ID}, model.RoleMember)
	}
}

// authorities returns the state authorities proposals can be forwarded to.
func (o organisations) authorities() []model.Organisation {
	var out []model.Organisation
	for _, org := range o.others {
		if org.Kind == model.KindAuthority {
			out = append(out, org)
		}
	}
	return out
}

func find(orgs []model.Organisation, name string) model.OrganisationID {
	for _, o := range orgs {
		if o.Name == name {
			return o.ID
		}
	}
	panic("vastragotaland: no organisation " + name) // the names above are in Statistics Sweden's table
}

// Phrases for the synthetic proposals, by area.
var (
	situations = [][]string{
		{"Barn i familjer med låg inkomst har sämre hälsa", "Fler unga lämnar grundskolan utan behörighet", "Ojämlik tandhälsa bland förskolebarn"},
		{"Långtidsarbetslösheten är hög bland unga vuxna", "Nyanlända når sent ut på arbetsmarknaden", "Många med funktionsnedsättning saknar sysselsättning"},
		{"Trångboddhet i socioekonomiskt utsatta områden", "Få mötesplatser i glesbygd", "Otrygga utemiljöer kvällstid"},
		{"Psykisk ohälsa ökar bland unga", "Äldre med låg utbildning söker sällan vård", "Ojämlik tillgång till hälsoundersökningar"},
		{"Lågt valdeltagande i vissa stadsdelar", "Föreningslivet når inte alla grupper", "Medborgare saknar insyn i beslut om närmiljön"},
	}
	measureIdeas = [][]string{
		{"Läxhjälp på bibliotek och fritidsgårdar", "Avgiftsfri fritidsverksamhet", "Familjecentraler i alla kommuner"},
		{"Sommarjobb för alla gymnasieelever", "Praktikplatser i offentlig sektor", "Samordnat stöd mellan kommun och arbetsförmedling"},
		{"Blandade upplåtelseformer vid nybyggnation", "Trygghetsvandringar med boende", "Gröna mötesplatser i bostadsområden"},
		{"Hälsosamtal för 40-, 50- och 60-åringar", "Elevhälsa med psykologstöd på alla skolor", "Uppsökande tandvård för barn"},
		{"Medborgardialoger inför stora beslut", "Stöd till föreningar i utsatta områden", "Lokala demokratiberedningar"},
	}
)

// synthesizeProposals makes n plausible proposals from the organisations
// of the region, collected at the meeting. They are the same for the same
// random source.
func synthesizeProposals(rng, ids *rand.Rand, n int, orgs []model.Organisation, areas []model.Area, meeting model.MeetingID) []model.Proposal {
	out := make([]model.Proposal, n)
	for i := range out {
		a := rng.IntN(len(areas))
		from := orgs[rng.IntN(len(orgs))]
		p := model.Proposal{
			ID: scenario.NewID[model.Proposal](ids), Submitter: model.Submitter{Organisation: from.ID},
			Meeting: meeting, Areas: []model.AreaID{areas[a].ID},
		}
		if rng.IntN(5) < 2 {
			p.Kind, p.Title = model.ProposalSituation, situations[a][rng.IntN(len(situations[a]))]
		} else {
			p.Kind, p.Title = model.ProposalMeasure, measureIdeas[a][rng.IntN(len(measureIdeas[a]))]
		}
		p.Text = fmt.Sprintf("%s. Inlämnat av %s vid konferensen i februari 2012 (syntetiskt förslag %d).", p.Title, from.Name, i+1)
		if rng.IntN(4) == 0 {
			other := (a + 1 + rng.IntN(len(areas)-1)) % len(areas)
			p.Areas = append(p.Areas, areas[other].ID)
		}
		out[i] = p
	}
	return out
}

// triage decides what becomes of every proposal, as the working groups
// did: a few are rejected, forwarded to an authority or withdrawn, a few
// are split across two measures of their area, and the rest are merged
// into (or, alone, adopted as) one of the 44 measures. It returns the
// measures with their sources, and the dispositions of the proposals that
// are no measure's source at creation.
func triage(rng, ids *rand.Rand, proposals []model.Proposal, areas []model.Area, authorities []model.Organisation) ([]model.Measure, []model.Disposition) {
	measures := make([]model.Measure, Measures)
	byArea := map[model.AreaID][]int{} // measure indexes by area
	for i := range measures {
		a := areas[i%len(areas)]
		idea := measureIdeas[i%len(areas)][(i/len(areas))%len(measureIdeas[0])]
		measures[i] = model.Measure{
			ID: scenario.NewID[model.Measure](ids), Number: i + 1, Area: a.ID,
			Level: []model.Level{model.LevelMunicipality, model.LevelRegion, model.LevelCounty}[i%3],
			Title: fmt.Sprintf("%s (%s)", idea, a.Name),
			Text:  fmt.Sprintf("Åtgärd %d inom området %s: %s. %s", i+1, a.Name, idea, syntheticMark),
		}
		if i < Measures-2 {
			byArea[a.ID] = append(byArea[a.ID], i)
		}
	}
	// The last two measures are single proposals, adopted as they were.
	for i, p := range proposals[:2] {
		m := &measures[Measures-2+i]
		m.Sources, m.Area, m.Title = []model.ProposalID{p.ID}, p.Areas[0], p.Title
	}
	var rest []model.Disposition
	for _, p := range proposals[2:] {
		candidates := byArea[p.Areas[0]]
		switch roll := rng.IntN(100); {
		case roll < 4:
			rest = append(rest, model.Disposition{Proposal: p.ID, Kind: model.DispositionRejected, Reason: "Ligger utanför samlingens uppdrag"})
		case roll < 7:
			to := authorities[rng.IntN(len(authorities))]
			rest = append(rest, model.Disposition{Proposal: p.ID, Kind: model.DispositionForwarded, Reason: "Statligt ansvar: överlämnat till " + to.Name, ForwardedTo: to.ID})
		case roll < 8:
			rest = append(rest, model.Disposition{Proposal: p.ID, Kind: model.DispositionWithdrawn, Reason: "Återtaget av förslagsställaren"})
		case roll < 11:
			first := rng.IntN(len(candidates))
			second := (first + 1 + rng.IntN(len(candidates)-1)) % len(candidates)
			rest = append(rest, model.Disposition{Proposal: p.ID, Kind: model.DispositionMerged,
				Measures: []model.MeasureID{measures[candidates[first]].ID, measures[candidates[second]].ID}})
		default:
			m := &measures[candidates[rng.IntN(len(candidates))]]
			m.Sources = append(m.Sources, p.ID)
		}
	}
	return measures, rest
}

// appointCommittee appoints the public health committee's nine members,
// synthetic persons of the region, the first one chair, and returns them.
func (r *runner) appointCommittee(day model.Date, o organisations) []model.Member {
	var members []model.Member
	for i := range 9 {
		role := model.RoleMember
		if i == 0 {
			role = model.RoleChair
		}
		m := model.Member{Person: r.person(day, o.region, "förtroendevald", parties[r.rng.IntN(len(parties))])}
		r.Do(day, process.AddMember{Membership: model.Membership{
			ID: scenario.NewID[model.Membership](r.ids), Group: o.bodies["committee"], Member: m, Role: role, Period: model.Period{Start: day},
		}})
		members = append(members, m)
	}
	return members
}
