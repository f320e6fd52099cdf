package process

import (
	"container/list"
	"sync"

	"github.com/samling-go/samling/model"
)

// defaultCacheSize is how many processes an engine keeps folded unless
// Options.CacheSize says otherwise.
const defaultCacheSize = 1000

// entry is one process's cached state; mu serialises commands on it.
type entry struct {
	mu       sync.Mutex
	state    *State // nil until loaded, and again after a failure
	snapshot uint64 // the version of the last snapshot loaded or saved

	// Guarded by the cache's lock:
	users int           // callers between acquire and release
	elem  *list.Element // its place in the cache's recency list
}

// cache holds the entries of the processes an engine has touched, at most
// size of them: the least recently used goes first, but never one in use.
type cache struct {
	mu      sync.Mutex
	size    int
	entries map[model.ProcessID]*entry
	recent  list.List // of model.ProcessID, most recent first
}

func newCache(size int) cache {
	if size == 0 {
		size = defaultCacheSize
	}
	return cache{size: size, entries: map[model.ProcessID]*entry{}}
}

// acquire returns the entry of process id, making it if needed, and marks
// it in use until release.
func (e *Engine) acquire(id model.ProcessID) *entry {
	c := &e.cache
	c.mu.Lock()
	defer c.mu.Unlock()
	en, ok := c.entries[id]
	if !ok {
		en = &entry{}
		en.elem = c.recent.PushFront(id)
		c.entries[id] = en
	} else {
		c.recent.MoveToFront(en.elem)
	}
	en.users++
	return en
}

// release ends a use of the entry. An entry of a process the store does not
// have is dropped at once, so looking up unknown IDs keeps nothing; beyond
// the cache's size, the least recently used entries not in use go.
func (e *Engine) release(id model.ProcessID, en *entry) {
	c := &e.cache
	c.mu.Lock()
	defer c.mu.Unlock()
	en.users--
	if en.users == 0 && !en.known() {
		c.drop(id, en)
	}
	for el := c.recent.Back(); len(c.entries) > c.size && el != nil; {
		prev := el.Prev()
		old := el.Value.(model.ProcessID)
		if o := c.entries[old]; o.users == 0 {
			c.drop(old, o)
		}
		el = prev
	}
}

func (c *cache) drop(id model.ProcessID, en *entry) {
	c.recent.Remove(en.elem)
	delete(c.entries, id)
}

// known reports whether the entry holds a process with events. release
// asks only of an entry no one else is using, so the lock is free.
func (en *entry) known() bool {
	en.mu.Lock()
	defer en.mu.Unlock()
	return en.state != nil && en.state.version > 0
}
