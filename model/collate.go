package model

import (
	"strings"
	"sync"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// swedish holds collators for Swedish: a collator keeps buffers and is
// not safe for concurrent use, so each comparison takes one from the pool.
var swedish = sync.Pool{New: func() any { return collate.New(language.Swedish) }}

// CompareSwedish compares two names in Swedish alphabetical order (the
// Unicode Collation Algorithm with the Swedish tailoring of the CLDR, by
// golang.org/x/text/collate) and returns -1, 0 or +1. The Swedish
// alphabet ends with å, ä, ö (so "Örebro" sorts after "Zürich" and "Åmål"
// before "Ängelholm"); letters with other accents sort with their base
// letter (é as e, ü as y, æ as ä, ø as ö, ł as l, ß as ss); case decides
// only between names that are otherwise equal, lower case first. A name
// in decomposed form (NFD, as some systems send "a" and a combining ring)
// sorts as its composed form (NFC). Names that collate equal but differ
// in their bytes (such as an NFC and an NFD spelling) are ordered by
// their bytes, so that only equal strings compare equal.
func CompareSwedish(a, b string) int {
	c := swedish.Get().(*collate.Collator)
	r := c.CompareString(a, b)
	swedish.Put(c)
	if r != 0 {
		return r
	}
	return strings.Compare(a, b)
}
