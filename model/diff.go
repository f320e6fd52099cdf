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
// word; longer texts are shown as removed whole and added whole. The
// alignment needs memory in proportion to the words (a few hundred bytes
// a word), but time in proportion to the words times the words changed,
// and texts may be up to [MaxTextLen] long, so a cap stays.
const MaxDiffWords = 5000

// MaxDiffEdits is the most words WordDiff removes and adds, together,
// when it aligns two texts word by word. Texts further apart than that
// keep their common beginning and end, and the rest is shown as removed
// whole and added whole: aligning two unrelated texts on their "och" and
// "i" would tell a reader nothing, and would take ten times as long.
const MaxDiffEdits = 2000

// WordDiff returns the steps that turn the words of a into the words of b,
// keeping as many words as possible (a longest common subsequence, by
// Myers's O(ND) algorithm in linear space). Whitespace only separates
// words; it is not compared. Between two kept runs, the removed words
// come first, then the added ones; consecutive steps of a kind are one.
func WordDiff(a, b string) []DiffOp {
	x, y := strings.Fields(a), strings.Fields(b)
	if len(x) > MaxDiffWords || len(y) > MaxDiffWords {
		return join(nil, DiffDelete, x, DiffInsert, y)
	}
	// Words become numbers, so that comparing them is cheap.
	ids := make(map[string]int32, len(x))
	intern := func(words []string) []int32 {
		out := make([]int32, len(words))
		for i, w := range words {
			id, ok := ids[w]
			if !ok {
				id = int32(len(ids))
				ids[w] = id
			}
			out[i] = id
		}
		return out
	}
	d := myers{x: intern(x), y: intern(y), deleted: make([]bool, len(x)), inserted: make([]bool, len(y))}
	size := len(x) + len(y) + 2
	d.forward, d.backward = make([]int, 2*size+1), make([]int, 2*size+1)
	d.offset = size
	d.compare(0, len(x), 0, len(y))

	// Runs of a kind become one step each: the words between two kept
	// runs, removed ones first, then added ones.
	var ops []DiffOp
	var run []string
	kind := DiffEqual
	flush := func() {
		if len(run) > 0 {
			ops = append(ops, DiffOp{Kind: kind, Text: strings.Join(run, " ")})
		}
		run = run[:0]
	}
	add := func(k DiffKind, w string) {
		if k != kind {
			flush()
			kind = k
		}
		run = append(run, w)
	}
	i, j := 0, 0
	for i < len(x) || j < len(y) {
		switch {
		case i < len(x) && d.deleted[i]:
			add(DiffDelete, x[i])
			i++
		case j < len(y) && d.inserted[j]:
			add(DiffInsert, y[j])
			j++
		default:
			add(DiffEqual, x[i])
			i, j = i+1, j+1
		}
	}
	flush()
	return ops
}

// myers marks the words of x to delete and of y to insert, by Myers's
// divide and conquer on the middle snake ("An O(ND) Difference Algorithm
// and Its Variations", 1986, section 4b): two arrays of furthest reaching
// paths, forward and backward, indexed by diagonal.
type myers struct {
	x, y              []int32
	deleted, inserted []bool
	forward, backward []int
	offset            int
}

func (d *myers) compare(xlo, xhi, ylo, yhi int) {
	for xlo < xhi && ylo < yhi && d.x[xlo] == d.y[ylo] {
		xlo, ylo = xlo+1, ylo+1
	}
	for xlo < xhi && ylo < yhi && d.x[xhi-1] == d.y[yhi-1] {
		xhi, yhi = xhi-1, yhi-1
	}
	switch {
	case xlo == xhi:
		for j := ylo; j < yhi; j++ {
			d.inserted[j] = true
		}
		return
	case ylo == yhi:
		for i := xlo; i < xhi; i++ {
			d.deleted[i] = true
		}
		return
	}
	xm, ym := d.middle(xlo, xhi, ylo, yhi)
	if xm < 0 || (xm == xlo && ym == ylo) || (xm == xhi && ym == yhi) {
		// Too far apart; the last two cannot happen with distinct first
		// and last words.
		for i := xlo; i < xhi; i++ {
			d.deleted[i] = true
		}
		for j := ylo; j < yhi; j++ {
			d.inserted[j] = true
		}
		return
	}
	d.compare(xlo, xm, ylo, ym)
	d.compare(xm, xhi, ym, yhi)
}

// middle returns a point on an optimal path through x[xlo:xhi] and
// y[ylo:yhi]: where the furthest forward path meets the backward one; or
// -1, -1 when the path would remove and add more than MaxDiffEdits words.
func (d *myers) middle(xlo, xhi, ylo, yhi int) (int, int) {
	n, m := xhi-xlo, yhi-ylo
	delta := n - m
	odd := delta&1 != 0
	f, b, o := d.forward, d.backward, d.offset
	f[o+1], b[o+1] = 0, 0
	for step := 0; step <= (n+m+1)/2; step++ {
		if step > (MaxDiffEdits+1)/2 {
			return -1, -1 // too far apart
		}
		// Forward: f[o+k] is the furthest x on diagonal k = x-y.
		for k := -step; k <= step; k += 2 {
			var x int
			if k == -step || (k != step && f[o+k-1] < f[o+k+1]) {
				x = f[o+k+1]
			} else {
				x = f[o+k-1] + 1
			}
			y := x - k
			for x < n && y < m && d.x[xlo+x] == d.y[ylo+y] {
				x, y = x+1, y+1
			}
			f[o+k] = x
			if c := delta - k; odd && c >= -(step-1) && c <= step-1 && x+b[o+c] >= n {
				return xlo + x, ylo + y
			}
		}
		// Backward: b[o+c] is how far from the end the furthest path on
		// diagonal c (of the reversed texts) has come.
		for c := -step; c <= step; c += 2 {
			var x int
			if c == -step || (c != step && b[o+c-1] < b[o+c+1]) {
				x = b[o+c+1]
			} else {
				x = b[o+c-1] + 1
			}
			y := x - c
			for x < n && y < m && d.x[xhi-1-x] == d.y[yhi-1-y] {
				x, y = x+1, y+1
			}
			b[o+c] = x
			if k := delta - c; !odd && k >= -step && k <= step && f[o+k]+x >= n {
				fx := f[o+k]
				return xlo + fx, ylo + fx - k
			}
		}
	}
	return xlo, ylo // not reached: the paths meet by (n+m+1)/2 steps
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
