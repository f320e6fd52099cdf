package sqlstore

import (
	"sync"

	"github.com/samling-go/samling/model"
)

// headCacheSize bounds how many streams a PostgreSQL store remembers the
// head of: at about 100 bytes each, well under a megabyte.
const headCacheSize = 4096

// headCache remembers the version and hash of the last event of the
// streams a PostgreSQL store appended to most recently, so that the next
// append to one of them is one statement instead of a read of its head and
// then the statement. It is a hint, never trusted: the statement inserts
// only if the event at that version still has that hash (see
// appendStatement), so an entry made stale by another program (an append,
// a re-seal) costs one more try, never a broken chain.
type headCache struct {
	mu sync.Mutex
	m  map[model.ProcessID]cachedHead
}

type cachedHead struct {
	version uint64
	hash    []byte
}

// get returns the hash remembered for the event at version of stream id,
// if the cache remembers that version as the stream's last.
func (c *headCache) get(id model.ProcessID, version uint64) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	h, ok := c.m[id]
	if !ok || h.version != version {
		return nil, false
	}
	return h.hash, true
}

// put remembers hash as that of the event at version, the last of stream
// id, unless a later version is remembered already (two appends through
// this store may finish in either order). When the cache is full, an
// arbitrary entry makes room.
func (c *headCache) put(id model.ProcessID, version uint64, hash []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = make(map[model.ProcessID]cachedHead)
	}
	if h, ok := c.m[id]; ok && h.version >= version {
		return
	}
	if len(c.m) >= headCacheSize {
		for k := range c.m {
			delete(c.m, k)
			break
		}
	}
	c.m[id] = cachedHead{version: version, hash: hash}
}

// drop forgets stream id.
func (c *headCache) drop(id model.ProcessID) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, id)
}
