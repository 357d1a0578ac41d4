package markdown

import (
	"container/list"
	"sync"
)

// blockCache is a size-bounded LRU map from a code block (its language and
// text) to its highlighted HTML. It is safe for concurrent use.
type blockCache struct {
	mu    sync.Mutex
	max   int // bytes of keys and values together
	size  int
	order *list.List // of *cacheEntry, most recently used first
	byKey map[string]*list.Element
}

type cacheEntry struct {
	key string
	val []byte
}

func newBlockCache(maxBytes int) *blockCache {
	return &blockCache{max: maxBytes, order: list.New(), byKey: map[string]*list.Element{}}
}

// get returns the HTML cached for key. The slice is shared: callers only
// read it.
func (c *blockCache) get(key string) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.byKey[key]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(e)
	return e.Value.(*cacheEntry).val, true
}

// put caches val for key, dropping the least recently used entries to stay
// within the bound. An entry larger than a tenth of the bound is not kept.
func (c *blockCache) put(key string, val []byte) {
	n := len(key) + len(val)
	if n > c.max/10 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.byKey[key]; ok {
		return
	}
	c.byKey[key] = c.order.PushFront(&cacheEntry{key: key, val: val})
	c.size += n
	for c.size > c.max {
		last := c.order.Back()
		ent := last.Value.(*cacheEntry)
		c.order.Remove(last)
		delete(c.byKey, ent.key)
		c.size -= len(ent.key) + len(ent.val)
	}
}
