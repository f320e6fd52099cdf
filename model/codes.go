package model

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"slices"
	"sync"
)

// The official codes are Statistics Sweden's (SCB) municipality and county
// codes, as published in the sjbrg/swedish-geodata repository (release of
// 2026-02-11) under CC0 1.0. The short names are used throughout: some long
// names in that source are machine-made and wrong.
var (
	//go:embed data/municipalities.csv
	municipalitiesCSV []byte
	//go:embed data/counties.csv
	countiesCSV []byte
)

// Municipality is one of Sweden's 290 municipalities (kommuner).
type Municipality struct {
	// Code is Statistics Sweden's 4-digit municipality code, such as "1480".
	Code string
	// Name is the short name, such as "Göteborg".
	Name string
	// County is the 2-digit code of the county the municipality lies in.
	County string
}

// County is one of Sweden's 21 counties (län).
type County struct {
	// Code is Statistics Sweden's 2-digit county code, such as "14".
	Code string
	// Name is the full name, such as "Västra Götalands län".
	Name string
	// ShortName is the name without "län", such as "Västra Götaland".
	ShortName string
}

type codeTables struct {
	municipalities []Municipality // by code
	counties       []County       // by code
	byMunicipality map[string]int
	byCounty       map[string]int
}

// tables parses the embedded files once. They are part of the library and
// checked by its tests, so a parse failure is a build defect: it panics.
var tables = sync.OnceValue(func() *codeTables {
	t := &codeTables{byMunicipality: map[string]int{}, byCounty: map[string]int{}}
	for _, r := range readTable(countiesCSV) {
		t.byCounty[r[0]] = len(t.counties)
		t.counties = append(t.counties, County{Code: r[0], Name: r[1], ShortName: r[2]})
	}
	for _, r := range readTable(municipalitiesCSV) {
		t.byMunicipality[r[0]] = len(t.municipalities)
		t.municipalities = append(t.municipalities, Municipality{Code: r[0], Name: r[2], County: r[3]})
	}
	return t
})

func readTable(b []byte) [][]string {
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil || len(rows) < 2 {
		panic("model: embedded code table is corrupt")
	}
	return rows[1:]
}

// LookupMunicipality returns the municipality with the 4-digit code.
func LookupMunicipality(code string) (Municipality, bool) {
	t := tables()
	i, ok := t.byMunicipality[code]
	if !ok {
		return Municipality{}, false
	}
	return t.municipalities[i], true
}

// LookupCounty returns the county with the 2-digit code.
func LookupCounty(code string) (County, bool) {
	t := tables()
	i, ok := t.byCounty[code]
	if !ok {
		return County{}, false
	}
	return t.counties[i], true
}

// Municipalities returns all municipalities in order of code.
func Municipalities() []Municipality { return slices.Clone(tables().municipalities) }

// Counties returns all counties in order of code.
func Counties() []County { return slices.Clone(tables().counties) }

// MunicipalitiesIn returns the municipalities of the county with the 2-digit
// code, sorted by name in Swedish order; none for an unknown county.
func MunicipalitiesIn(county string) []Municipality {
	var out []Municipality
	for _, m := range tables().municipalities {
		if m.County == county {
			out = append(out, m)
		}
	}
	slices.SortFunc(out, func(a, b Municipality) int { return CompareSwedish(a.Name, b.Name) })
	return out
}
