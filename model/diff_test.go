package model_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/samling-go/samling/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lcsLen is the length of the longest common subsequence of two word
// lists, by the textbook table: the reference WordDiff must reach.
func lcsLen(x, y []string) int {
	prev, cur := make([]int, len(y)+1), make([]int, len(y)+1)
	for i := range x {
		for j := range y {
			if x[i] == y[j] {
				cur[j+1] = prev[j] + 1
			} else {
				cur[j+1] = max(prev[j+1], cur[j])
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(y)]
}

// TestWordDiff_KeepsALongestCommonSubsequence checks on random texts, of
// few and many distinct words, that the diff rebuilds both texts, keeps
// as many words as the longest common subsequence, and puts removals
// before additions between kept runs.
func TestWordDiff_KeepsALongestCommonSubsequence(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, vocabulary := range []int{2, 5, 50} {
		text := func(n int) string {
			w := make([]string, n)
			for i := range w {
				w[i] = fmt.Sprintf("o%d", rng.IntN(vocabulary))
			}
			return strings.Join(w, " ")
		}
		for range 400 {
			a, b := text(rng.IntN(40)), text(rng.IntN(40))
			ops := model.WordDiff(a, b)
			var old, new []string
			kept := 0
			for i, op := range ops {
				if op.Kind != model.DiffInsert {
					old = append(old, op.Text)
				}
				if op.Kind != model.DiffDelete {
					new = append(new, op.Text)
				}
				if op.Kind == model.DiffEqual {
					kept += len(strings.Fields(op.Text))
				}
				if i > 0 {
					require.NotEqual(t, ops[i-1].Kind, op.Kind, "steps of a kind are merged")
					require.False(t, ops[i-1].Kind == model.DiffInsert && op.Kind == model.DiffDelete, "removals first: %q → %q", a, b)
				}
			}
			require.Equal(t, a, strings.Join(old, " "))
			require.Equal(t, b, strings.Join(new, " "))
			require.Equal(t, lcsLen(strings.Fields(a), strings.Fields(b)), kept, "%q → %q: %s", a, b, model.FormatDiff(ops))
		}
	}
}

func TestWordDiff_LongTexts(t *testing.T) {
	a, b := revision(model.MaxDiffWords, 1)
	ops := model.WordDiff(a, b)
	kept := 0
	for _, op := range ops {
		if op.Kind == model.DiffEqual {
			kept += len(strings.Fields(op.Text))
		}
	}
	assert.Greater(t, kept, model.MaxDiffWords*8/10, "a revision of 5 000 words is aligned word by word")
	// Every fifth word replaced: 2 000 words removed and added, still aligned.
	words := strings.Fields(a)
	for i := 0; i < len(words); i += 5 {
		words[i] = "ersatt"
	}
	kept = 0
	for _, op := range model.WordDiff(a, strings.Join(words, " ")) {
		if op.Kind == model.DiffEqual {
			kept += len(strings.Fields(op.Text))
		}
	}
	assert.Equal(t, model.MaxDiffWords*4/5, kept, "at the edit cap, aligned word by word")

	// Further apart: the common beginning and end, the rest whole, even
	// where an "och" in common could be kept.
	var old, new []string
	for i := range model.MaxDiffEdits * 6 / 10 {
		if i%10 == 5 {
			old, new = append(old, "och"), append(new, "och")
			continue
		}
		old, new = append(old, fmt.Sprintf("gammal%d", i)), append(new, fmt.Sprintf("ny%d", i))
	}
	ops = model.WordDiff("Kommunerna ska "+strings.Join(old, " ")+" i länet", "Kommunerna ska "+strings.Join(new, " ")+" i länet")
	assert.Equal(t, []model.DiffOp{{Kind: model.DiffEqual, Text: "Kommunerna ska"}, {Kind: model.DiffDelete, Text: strings.Join(old, " ")},
		{Kind: model.DiffInsert, Text: strings.Join(new, " ")}, {Kind: model.DiffEqual, Text: "i länet"}}, ops)

	long := strings.Repeat("ord ", model.MaxDiffWords+1)
	assert.Equal(t, []model.DiffOp{{Kind: model.DiffDelete, Text: strings.TrimSpace(long)}, {Kind: model.DiffInsert, Text: "ord"}},
		model.WordDiff(long, "ord"), "past the cap, removed whole and added whole")
}

// revision returns a text of n words and a revision of it with about one
// word in ten replaced, removed or added.
func revision(n int, seed uint64) (string, string) {
	rng := rand.New(rand.NewPCG(seed, 7))
	words := []string{"kommunen", "regionen", "ska", "erbjuda", "barn", "och", "unga", "stöd", "i", "skolan", "hälsa", "äldre",
		"samverkan", "insatser", "för", "alla", "med", "behov", "av", "vård", "omsorg", "fritid", "bibliotek", "läxhjälp"}
	a := make([]string, n)
	for i := range a {
		a[i] = words[rng.IntN(len(words))]
	}
	var b []string
	for _, w := range a {
		switch r := rng.IntN(30); {
		case r == 0: // replaced
			b = append(b, words[rng.IntN(len(words))])
		case r == 1: // removed
		case r == 2: // added
			b = append(b, w, words[rng.IntN(len(words))])
		default:
			b = append(b, w)
		}
	}
	return strings.Join(a, " "), strings.Join(b, " ")
}

// BenchmarkWordDiff diffs a text of 5 000 words (the cap) against a
// revision with about one word in ten changed.
func BenchmarkWordDiff(b *testing.B) {
	x, y := revision(model.MaxDiffWords, 1)
	b.ReportAllocs()
	for b.Loop() {
		model.WordDiff(x, y)
	}
}

// BenchmarkWordDiff_Unrelated diffs two unrelated texts of 5 000 words:
// the worst case, where nearly every word differs.
func BenchmarkWordDiff_Unrelated(b *testing.B) {
	x, _ := revision(model.MaxDiffWords, 1)
	y, _ := revision(model.MaxDiffWords, 2)
	b.ReportAllocs()
	for b.Loop() {
		model.WordDiff(x, y)
	}
}

// BenchmarkWordDiff_AtTheEditCap diffs a text of 5 000 words against one
// with every fifth word replaced: about MaxDiffEdits words removed and
// added, the most work an alignment does.
func BenchmarkWordDiff_AtTheEditCap(b *testing.B) {
	x, _ := revision(model.MaxDiffWords, 1)
	words := strings.Fields(x)
	for i := 0; i < len(words); i += 5 {
		words[i] = "ersatt"
	}
	y := strings.Join(words, " ")
	b.ReportAllocs()
	for b.Loop() {
		model.WordDiff(x, y)
	}
}
