package model_test

import (
	"slices"
	"sync"
	"testing"

	"github.com/samling-go/samling/model"
	"github.com/stretchr/testify/assert"
	"golang.org/x/text/unicode/norm"
)

func TestCompareSwedish(t *testing.T) {
	names := []string{"Örebro", "Zürich", "Ängelholm", "Åmål", "Eda", "Ydre", "Älvsbyn", "åsele", "Arvika", "Écija", "arboga", "Arboga"}
	slices.SortFunc(names, model.CompareSwedish)
	assert.Equal(t, []string{"arboga", "Arboga", "Arvika", "Écija", "Eda", "Ydre", "Zürich", "Åmål", "åsele", "Älvsbyn", "Ängelholm", "Örebro"}, names)
}

// swedishOrder is a table of Swedish and foreign names in the order a
// Swedish reader expects: å, ä, ö last; v before w; ü as y, æ as ä, ø as
// ö, ł as l, ß as ss, þ as th, é as e.
var swedishOrder = []string{
	"Aalborg", "Écija", "Eda", "Eskilstuna", "Ljusdal", "Łódź", "Luleå", "Lund", "Malmö", "Mueller", "Müller", "Myrdal",
	"Møller", "Mölndal", "Strassburg", "Strasse", "Straße", "Stratford", "Þingvellir", "Thule", "Tierp", "Uppsala",
	"Vadstena", "Vallentuna", "Vaxholm", "Vänersborg", "Växjö", "Wadköping", "Wallin", "Ystad", "Zagreb", "Zürich",
	"Åmål", "Åre", "Årjäng", "åsele", "Åsele", "Älvdalen", "Ängelholm", "Æsop", "Öckerö", "Ødegaard", "Ödeshög",
	"Örebro", "Ørsted", "Överkalix",
}

func TestCompareSwedish_Table(t *testing.T) {
	shuffled := slices.Clone(swedishOrder)
	slices.Reverse(shuffled)
	shuffled[0], shuffled[len(shuffled)/2] = shuffled[len(shuffled)/2], shuffled[0]
	slices.SortFunc(shuffled, model.CompareSwedish)
	assert.Equal(t, swedishOrder, shuffled)
	for _, pair := range [][2]string{{"Åre", "Älvdalen"}, {"Älvdalen", "Örebro"}, {"Ystad", "Åmål"}, {"Vänersborg", "Åmål"}, {"Zürich", "Åmål"}} {
		assert.Negative(t, model.CompareSwedish(pair[0], pair[1]), "%s before %s", pair[0], pair[1])
	}
}

// TestCompareSwedish_DecomposedSortsAsComposed sorts the table with every
// name in both normal forms: each decomposed name lands beside its
// composed twin, in the composed names' order.
func TestCompareSwedish_DecomposedSortsAsComposed(t *testing.T) {
	var mixed []string
	decomposed := 0
	for _, n := range swedishOrder {
		d := norm.NFD.String(n)
		if d != n {
			decomposed++
		}
		mixed = append(mixed, d, n)
	}
	assert.Greater(t, decomposed, 20, "the table has decomposable names")
	slices.Reverse(mixed)
	slices.SortFunc(mixed, model.CompareSwedish)
	for i, n := range mixed {
		assert.Equal(t, swedishOrder[i/2], norm.NFC.String(n), "place %d", i)
	}
	for _, n := range []string{"Åre", "Örebro", "Älvdalen"} {
		d := norm.NFD.String(n)
		assert.Positive(t, model.CompareSwedish(d, "Zürich"), "decomposed %s after Zürich, as composed", n)
	}
}

// TestCompareSwedish_Concurrent compares from several goroutines at once
// (run with -race): the collators are not shared between calls.
func TestCompareSwedish_Concurrent(t *testing.T) {
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			names := slices.Clone(swedishOrder)
			slices.Reverse(names)
			slices.SortFunc(names, model.CompareSwedish)
			assert.Equal(t, swedishOrder, names)
		})
	}
	wg.Wait()
}

func TestCompareSwedish_Properties(t *testing.T) {
	words := []string{"", "a", "A", "å", "Å", "ä", "ö", "z", "ü", "y", "é", "e", "ab", "aB", "Ab", "ß", "ss", "1", "-", "a\u030a", "Ł", "l", "Þ", "th"}
	for _, a := range words {
		assert.Zero(t, model.CompareSwedish(a, a))
		for _, b := range words {
			assert.Equal(t, model.CompareSwedish(a, b), -model.CompareSwedish(b, a), "%q %q", a, b)
			if a != b {
				assert.NotZero(t, model.CompareSwedish(a, b), "%q %q differ, so they must not compare equal", a, b)
			}
		}
	}
}

var benchNames = []string{"Örebro", "Zürich", "Ängelholm", "Åmål", "Eda", "Ydre", "Älvsbyn", "åsele", "Arvika", "Écija", "arboga", "Arboga",
	"Upplands Väsby", "Upplands-Bro", "Västra Götalandsregionen", "Vänersborg", "Skövde", "Lidköping", "Mölndal", "Kungälv"}

func BenchmarkCompareSwedish(b *testing.B) {
	b.ReportAllocs()
	names := slices.Clone(benchNames)
	for b.Loop() {
		copy(names, benchNames)
		slices.SortFunc(names, model.CompareSwedish)
	}
}

// BenchmarkCompareSwedish_Municipalities sorts the names of Sweden's 290
// municipalities.
func BenchmarkCompareSwedish_Municipalities(b *testing.B) {
	var all []string
	for _, m := range model.Municipalities() {
		all = append(all, m.Name)
	}
	slices.Reverse(all)
	names := slices.Clone(all)
	b.ReportAllocs()
	for b.Loop() {
		copy(names, all)
		slices.SortFunc(names, model.CompareSwedish)
	}
}
