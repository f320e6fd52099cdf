package process

import (
	"maps"
	"slices"
)

// table keeps entities by ID in the order they were added.
type table[K comparable, V any] struct {
	index map[K]int
	items []V
}

func (t *table[K, V]) get(k K) (V, bool) {
	i, ok := t.index[k]
	if !ok {
		var zero V
		return zero, false
	}
	return t.items[i], true
}

func (t *table[K, V]) has(k K) bool {
	_, ok := t.index[k]
	return ok
}

// put adds v under k, or replaces the value already there.
func (t *table[K, V]) put(k K, v V) {
	if i, ok := t.index[k]; ok {
		t.items[i] = v
		return
	}
	if t.index == nil {
		t.index = make(map[K]int)
	}
	t.index[k] = len(t.items)
	t.items = append(t.items, v)
}

func (t *table[K, V]) len() int { return len(t.items) }

// list returns a copy of the values in the order they were added.
func (t *table[K, V]) list() []V { return slices.Clone(t.items) }

// all yields the values without copying them.
func (t *table[K, V]) all() []V { return t.items }

// clone returns a copy whose changes do not reach t.
func (t *table[K, V]) clone() table[K, V] {
	return table[K, V]{items: slices.Clone(t.items), index: maps.Clone(t.index)}
}
