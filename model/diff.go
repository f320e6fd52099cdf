package model

import (
	"fmt"
	"strings"
)

// DiffOp is one step of a word-level diff.
type DiffOp struct {
	Kind DiffKind `json:"kind"`
	Text string   `json:"text"` // the words, joined by single spaces
}

// DiffKind says whether a diff step keeps, removes or adds words.
type DiffKind uint8

// The kinds of diff step.
const (
	DiffEqual DiffKind = iota
	DiffDelete
	DiffInsert
)

var diffKinds = []string{"equal", "delete", "insert"}

// String returns the stable text form: "equal", "delete" or "insert".
func (k DiffKind) String() string {
	if int(k) >= len(diffKinds) {
		return fmt.Sprintf("unknown(%d)", k)
	}
	return diffKinds[k]
}

// MarshalText implements [encoding.TextMarshaler].
func (k DiffKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// MaxDiffWords is the most words of either text WordDiff aligns word by
// word; longer texts are shown as removed whole and added whole.
const MaxDiffWords = 5000

// WordDiff returns the steps that turn the words of a into the words of b,
// keeping as many words as possible (a longest common subsequence).
// Whitespace only separates words; it is not compared.
func WordDiff(a, b string) []DiffOp {
	x, y := strings.Fields(a), strings.Fields(b)
	if len(x) > MaxDiffWords || len(y) > MaxDiffWords {
		return join(nil, DiffDelete, x, DiffInsert, y)
	}
	// lcs[i][j] is the length of the longest common subsequence of x[i:], y[j:].
	lcs := make([][]int32, len(x)+1)
	for i := range lcs {
		lcs[i] = make([]int32, len(y)+1)
	}
	for i := len(x) - 1; i >= 0; i-- {
		for j := len(y) - 1; j >= 0; j-- {
			if x[i] == y[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var ops []DiffOp
	add := func(k DiffKind, w string) {
		if n := len(ops); n > 0 && ops[n-1].Kind == k {
			ops[n-1].Text += " " + w
			return
		}
		ops = append(ops, DiffOp{Kind: k, Text: w})
	}
	i, j := 0, 0
	for i < len(x) && j < len(y) {
		switch {
		case x[i] == y[j]:
			add(DiffEqual, x[i])
			i, j = i+1, j+1
		case lcs[i+1][j] >= lcs[i][j+1]:
			add(DiffDelete, x[i])
			i++
		default:
			add(DiffInsert, y[j])
			j++
		}
	}
	for ; i < len(x); i++ {
		add(DiffDelete, x[i])
	}
	for ; j < len(y); j++ {
		add(DiffInsert, y[j])
	}
	return ops
}

func join(ops []DiffOp, k1 DiffKind, w1 []string, k2 DiffKind, w2 []string) []DiffOp {
	if len(w1) > 0 {
		ops = append(ops, DiffOp{Kind: k1, Text: strings.Join(w1, " ")})
	}
	if len(w2) > 0 {
		ops = append(ops, DiffOp{Kind: k2, Text: strings.Join(w2, " ")})
	}
	return ops
}

// FormatDiff writes a diff as text: removed words as [-words-], added words
// as {+words+}, kept words as they are.
func FormatDiff(ops []DiffOp) string {
	parts := make([]string, len(ops))
	for i, op := range ops {
		switch op.Kind {
		case DiffDelete:
			parts[i] = "[-" + op.Text + "-]"
		case DiffInsert:
			parts[i] = "{+" + op.Text + "+}"
		default:
			parts[i] = op.Text
		}
	}
	return strings.Join(parts, " ")
}
