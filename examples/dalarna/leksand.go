package main

import (
	"strings"
	"time"

	"github.com/samling-go/samling/examples/internal/scenario"
	"github.com/samling-go/samling/followup"
	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/process"
)

// The meeting of the political collaboration committee, municipality and
// county council, in Leksand on 16 September 2014, as its minutes record
// it: the attendees with their parties and capacities, the agenda, the
// reports, the question handed to Marielle Welander for the next meeting,
// the statistics attached, and the next meeting's agenda, date and place.
// The county council's proposal for a Samling was attached to it.

var leksandAttendees = []struct{ name, party, capacity string }{
	{"Kenneth Dahlström", "C", "Ordförande i utskottet för vård och omsorg"},
	{"Sakarias Winberg", "KD", "Ordförande i utskottet för lärande och stöd"},
	{"Lena Ryen-Laxton", "", "Folkhälsoplanerare"},
	{"Hans Unander", "S", "Ordförande hälso- och sjukvårdsberedningen"},
	{"Lena Freijs", "", "Biträdande områdessamordnare"},
	{"Lena Törnfeldt", "", "Verksamhetschef Leksands vårdcentral"},
	{"Liv Lunde Andersson", "S", "Ordinarie landstingsrepresentant"},
	{"Marielle Welander", "", "Enhetschef öppenvårdspsykiatri, Leksand"},
	{"Barbro Stammäs", "", "Sekreterare"},
}

var leksandAgenda = []string{
	"Mötets öppnande",
	"Fastställande av föredragningslista",
	"Föregående mötesanteckningar",
	"Lena Ryen-Laxton",
	"Rapport från respektive huvudman",
	"Statistik",
	"Frågor: Definition på psykisk sjukdom och psykisk ohälsa",
	"Innehåll vid nästa möte",
	"Mötets avslutande",
}

var leksandMinutes = map[int]string{
	1: "Ordförande Kenneth Dahlström hälsar välkommen och förklarar mötet öppnat.",
	3: "Föregående mötesanteckningar lästes upp.",
	4: "Handhygien gällande barn och unga har slagit väl ut. Sjukdagarna på förskolan för barnen har minskat med 5 %. De anställda med 10 % och VAB-dagarna har minskat med 9 %. Andra kommuner är mycket intresserade av våra undersökningar.\n" +
		"Lärande och stöd: Lars Nyberg är med i ett drogförebyggande råd. Det kommer att bli ett brukarråd den 13 oktober gällande droger i Leksand. Det behövs en övergripande plan för alla inblandade.\n" +
		"Från praktik till kunskap ska väckas till liv igen, ansvarig Lars Nyberg. Folkhälsoplanen och hållbarhetstänket är fortfarande aktuellt. Fältarbete mycket viktigt. Föräldrar ska sätta gränser.\n" +
		"Bifogar länk till SKL angående häfte välfärdsrådet. Bifogar bilaga enligt Landstingets förslag, obs arbetsmaterial.",
	5: "Lena Törnfeldt: Ser ljus på framtiden. Har 3 läkare klara och 1 nästan klar. Svårt att få tag i distriktssköterskor. Samverkansgrupp barn och unga tillsammans med Lars Nyberg på gång. Lena Törnfeldt slutar i vår.\n" +
		"Lena Freijs: Sommaren har gått bra. Fortfarande personalbrist med stängda avdelningar som följd. Nytt vårdblock Mora lasarett på gång.\n" +
		"Marielle Welander: Stor personalomsättning inom psykiatrin. Det verkar bättre på sikt. Grupp för ADHD-patienter varje månad till och med jul. Levnadsvaneprojekt för psykospatienter startat.\n" +
		"Kommunen, Kenneth: Limsjögården kommer att byggas om med rehab och dubbelrum. Kommunen, Sakarias: Familj och stöd får nya chefer.",
	6: "Statistik gällande utskrivningsklara dagar bifogas.",
	7: "Marielle får i uppdrag att förklara skillnaderna till nästa gång.",
	9: "Ordförande tackade för visat intresse och avslutar mötet.",
}

// leksandNextAgenda is item 8: what the next meeting takes up.
var leksandNextAgenda = []string{
	"Folkhälsoplaneraren",
	"Trygghetsplatser",
	"Statistik",
	"Rapport från respektive huvudman",
	"Region Dalarnas svar på frågan angående palliativ service i kommunen",
}

// dischargeReady is the attached table: discharge-ready days and days
// charged, Leksand municipality.
var dischargeReady = model.Table{
	Columns: []model.Column{
		{Name: "År – månad", Type: model.ColumnText},
		{Name: "Antal utskrivningsklara dagar", Type: model.ColumnInteger},
		{Name: "Antal debiteringsdagar", Type: model.ColumnInteger},
	},
	Rows: [][]string{
		{"2012", "97", "25"}, {"2013", "556", "14"}, {"2014", "576", "265"},
		{"Januari", "89", "0"}, {"Februari", "100", "11"}, {"Mars", "106", "30"},
		{"April", "51", "2"}, {"Maj", "36", "11"}, {"Juni", "85", "0"},
		{"Juli", "30", "0"}, {"Augusti", "40", "0"}, {"September", "39", "211"},
	},
}

// leksand enters the Leksand meeting of 16 September 2014 into the record
// and plans the next one, with the assignment carried on its agenda.
func (r *dalarna) leksand() {
	day := model.MakeDate(2014, 11, 3) // entered when the process starts
	var leksand model.OrganisationID
	for _, m := range r.municipalities {
		if m.Code == "2029" {
			leksand = m.ID
		}
	}
	group := model.Group{ID: scenario.NewID[model.Group](r.ids), Kind: model.GroupOther, Name: "Politisk samverkansberedning kommun–landsting, Leksand", Organisation: leksand}
	r.Do(day, process.FormGroup{Group: group})
	var attendees []model.Attendee
	var marielle model.PersonID
	var secretary model.Actor
	for _, a := range leksandAttendees {
		p := model.Person{ID: scenario.NewID[model.Person](r.ids), Name: a.name, Party: a.party, Title: a.capacity}
		if a.capacity == "Sekreterare" {
			p.Organisation = leksand // the secretary acts for Leksand, and the record says so
		}
		r.Do(day, process.RegisterPerson{Person: p})
		role := model.Role(0)
		switch a.capacity {
		case "Sekreterare":
			role = model.RoleSecretary
		case "Ordförande i utskottet för vård och omsorg":
			role = model.RoleChair
		}
		attendees = append(attendees, model.Attendee{Person: p.ID, Role: role, Capacity: a.capacity})
		if a.name == "Marielle Welander" {
			marielle = p.ID
		}
		if role == model.RoleSecretary {
			// The secretary keeps the group's minutes, and so records them.
			r.join(model.MakeDate(2014, 1, 1), group.ID, model.Member{Person: p.ID}, role)
			secretary = model.Actor{Person: p.ID, Organisation: leksand, Capacity: role}
		}
	}
	september := model.Meeting{ID: scenario.NewID[model.Meeting](r.ids), Kind: model.MeetingCommittee, Title: "Politisk samverkansberedning",
		Date: model.MakeDate(2014, 9, 16), Place: "Leksand, plenisalen", Group: group.ID, Organiser: leksand}
	for i, title := range leksandAgenda {
		september.Agenda = append(september.Agenda, model.AgendaItem{Number: i + 1, Title: title})
	}
	november := model.Meeting{ID: scenario.NewID[model.Meeting](r.ids), Kind: model.MeetingCommittee, Title: "Politisk samverkansberedning",
		Date: model.MakeDate(2014, 11, 24), Place: "Vårdcentralen", Group: group.ID, Organiser: leksand}
	for i, title := range leksandNextAgenda {
		november.Agenda = append(november.Agenda, model.AgendaItem{Number: i + 1, Title: title})
	}
	var minutes []model.ItemMinutes
	for item := 1; item <= len(leksandAgenda); item++ {
		text, ok := leksandMinutes[item]
		if item == 8 {
			text, ok = "Till nästa möte: "+strings.Join(leksandNextAgenda, "; ")+".", true
		}
		if ok {
			minutes = append(minutes, model.ItemMinutes{Item: item, Text: text})
		}
	}
	table := dischargeReady
	r.Do(day, process.PlanMeeting{Meeting: september})
	r.DoAs(secretary, day, process.RecordMeeting{Meeting: september.ID, Attendees: attendees, Minutes: minutes,
		Assignments: []model.Assignment{{ID: scenario.NewID[model.Assignment](r.ids), Item: 7, Assignee: marielle,
			Task: "Förklara skillnaderna mellan psykisk sjukdom och psykisk ohälsa", Due: november.Date}},
		Attachments: []model.Attachment{
			{Title: "Utskrivningsklara dagar, Leksands kommun", Table: &table},
			{Title: "God och jämlik hälsa i ett hållbart Dalarna", Text: "Landstingets förslag till en Samling för social hållbarhet i Dalarna (arbetsmaterial)."},
			{Title: "SKL: häfte om välfärdsrådet", Link: "http://webbutik.skl.se/bilder/artiklar/pdf/5302.pdf"},
		},
		Next: model.NextMeeting{Date: november.Date, Place: november.Place}})
	r.Do(day, process.PlanMeeting{Meeting: november})
	r.indicators(day)
}

// indicators records the attached table as two indicators for Leksand:
// the discharge-ready days and the days charged, per year for 2012 and
// 2013 and per month for January–September 2014.
func (r *dalarna) indicators(day model.Date) {
	series := []followup.Indicator{
		{ID: scenario.NewID[followup.Indicator](r.ids), Name: "Utskrivningsklara dagar", Unit: "dagar",
			Description: "Dagar då en patient är utskrivningsklar från sjukhuset men inte kan tas emot av kommunen."},
		{ID: scenario.NewID[followup.Indicator](r.ids), Name: "Debiteringsdagar", Unit: "dagar",
			Description: "Utskrivningsklara dagar som landstinget debiterar kommunen för."},
	}
	leksand := followup.Geography{Level: followup.Municipality, Code: "2029"}
	var obs []followup.Observation
	for i := range dischargeReady.Rows {
		period := followup.Month(2014, time.Month(i-2))
		if i < 3 { // the years 2012, 2013 and 2014 so far
			year := 2012 + i
			period = model.Period{Start: model.MakeDate(year, 1, 1), End: model.MakeDate(year, 12, 31)}
			if year == 2014 {
				continue // January–September, and the months follow
			}
		}
		for k, ind := range series {
			n, _ := dischargeReady.Int(i, k+1)
			obs = append(obs, followup.Observation{Indicator: ind.ID, Geography: leksand, Period: period, Value: float64(n)})
		}
	}
	for _, ind := range series {
		r.Do(day, process.DefineIndicator{Indicator: ind})
	}
	r.Do(day, process.RecordObservations{Observations: obs})
}
