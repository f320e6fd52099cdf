package model

import (
	"strings"
	"unicode"
)

// CompareSwedish compares two names in Swedish alphabetical order and returns
// -1, 0 or +1. The Swedish alphabet ends with å, ä, ö (so "Örebro" sorts
// after "Zürich" and "Åmål" before "Ängelholm"); letters with other accents
// sort with their base letter (é as e, ü as y, æ as ä, ø as ö); case decides
// only between names that are otherwise equal.
func CompareSwedish(a, b string) int {
	if c := compareKeys(a, b, true); c != 0 {
		return c
	}
	if c := compareKeys(a, b, false); c != 0 {
		return c
	}
	return strings.Compare(a, b)
}

// compareKeys compares the collation weights of a and b, ignoring case when
// fold is true.
func compareKeys(a, b string, fold bool) int {
	ra, rb := []rune(a), []rune(b)
	for i := 0; i < len(ra) && i < len(rb); i++ {
		wa, wb := swedishWeight(ra[i], fold), swedishWeight(rb[i], fold)
		if wa != wb {
			if wa < wb {
				return -1
			}
			return 1
		}
	}
	switch {
	case len(ra) < len(rb):
		return -1
	case len(ra) > len(rb):
		return 1
	}
	return 0
}

// swedishWeight maps a rune to its place in Swedish order.
func swedishWeight(r rune, fold bool) rune {
	lower := unicode.ToLower(r)
	if base, ok := swedishBase[lower]; ok {
		lower = base
	}
	var w rune
	switch lower {
	case 'å':
		w = 'z' + 1
	case 'ä':
		w = 'z' + 2
	case 'ö':
		w = 'z' + 3
	default:
		w = lower
		if lower > 'z' {
			w = lower + 3 // keep every other rune after ö, in code point order
		}
	}
	w *= 2
	if !fold && unicode.IsUpper(r) {
		w++ // lower case first among otherwise equal names
	}
	return w
}

// swedishBase maps accented letters to the letter they sort as in Swedish.
var swedishBase = map[rune]rune{
	'à': 'a', 'á': 'a', 'â': 'a', 'ã': 'a', 'ç': 'c', 'è': 'e', 'é': 'e', 'ê': 'e',
	'ë': 'e', 'ì': 'i', 'í': 'i', 'î': 'i', 'ï': 'i', 'ñ': 'n', 'ò': 'o', 'ó': 'o',
	'ô': 'o', 'õ': 'o', 'ù': 'u', 'ú': 'u', 'û': 'u', 'ü': 'y', 'ý': 'y', 'ÿ': 'y',
	'æ': 'ä', 'ø': 'ö',
}
