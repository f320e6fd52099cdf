package sqlstore

import (
	"testing"

	"github.com/samling-go/samling/model"
	"github.com/stretchr/testify/assert"
)

func TestHeadCache(t *testing.T) {
	var c headCache
	id := model.NewID[model.Process]()
	_, ok := c.get(id, 0)
	assert.False(t, ok, "nothing remembered")

	c.put(id, 3, []byte{3})
	c.put(id, 2, []byte{2}) // an earlier append that finished later
	h, ok := c.get(id, 3)
	assert.True(t, ok)
	assert.Equal(t, []byte{3}, h, "the later version stays")
	_, ok = c.get(id, 2)
	assert.False(t, ok, "only the last version is remembered")

	c.drop(id)
	_, ok = c.get(id, 3)
	assert.False(t, ok)

	for range headCacheSize + 100 {
		c.put(model.NewID[model.Process](), 1, []byte{1})
	}
	assert.Len(t, c.m, headCacheSize, "bounded")
}
