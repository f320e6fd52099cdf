package model_test

import (
	"slices"
	"testing"

	"github.com/samling-go/samling/model"
	"github.com/stretchr/testify/assert"
)

func TestCompareSwedish(t *testing.T) {
	names := []string{"Örebro", "Zürich", "Ängelholm", "Åmål", "Eda", "Ydre", "Älvsbyn", "åsele", "Arvika", "Écija", "arboga", "Arboga"}
	slices.SortFunc(names, model.CompareSwedish)
	assert.Equal(t, []string{"arboga", "Arboga", "Arvika", "Écija", "Eda", "Ydre", "Zürich", "Åmål", "åsele", "Älvsbyn", "Ängelholm", "Örebro"}, names)
}

func TestCompareSwedish_Properties(t *testing.T) {
	words := []string{"", "a", "A", "å", "Å", "ä", "ö", "z", "ü", "y", "é", "e", "ab", "aB", "Ab", "ß", "1", "-"}
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
