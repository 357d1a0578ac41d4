package markdown

import (
	"strings"
	"testing"
)

func TestBlockCacheEvictsLeastRecentlyUsed(t *testing.T) {
	c := newBlockCache(100)
	c.put("a", []byte(strings.Repeat("1", 9)))
	c.put("b", []byte(strings.Repeat("2", 9)))
	for i := range 8 {
		c.put(string(rune('c'+i)), []byte(strings.Repeat("3", 9)))
	}
	if _, ok := c.get("a"); !ok { // a is now the most recently used
		t.Fatal("a evicted too early")
	}
	c.put("k", []byte(strings.Repeat("4", 9))) // 110 bytes: b goes
	if _, ok := c.get("b"); ok {
		t.Error("b kept past the bound")
	}
	if _, ok := c.get("a"); !ok {
		t.Error("a evicted, though recently used")
	}
	if c.size > c.max {
		t.Errorf("size %d over %d", c.size, c.max)
	}
	c.put("huge", make([]byte, 50))
	if _, ok := c.get("huge"); ok {
		t.Error("an entry over a tenth of the bound was kept")
	}
}
