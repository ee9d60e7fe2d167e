// Package memo remembers the answers of costly look-ups by a string key,
// up to a bound: the engine asks the lexicon about the same words
// sentence after sentence and page after page, and a reader's browser
// must not grow without end on whatever pages it meets.
//
// The bound is kept the crudest way, by forgetting everything once it is
// reached: no recency list to update on every hit, and with bounds of
// thousands of words against the few hundred a page brings, a full map is
// rare. A Map is safe for concurrent use (the Worker's requests, tests in
// parallel); the lock is held only around the map, never around the
// computation, so two callers may compute the same answer once each.
package memo

import "sync"

// Map remembers up to a bound of values by key. Its zero value is not
// usable; make one with New.
type Map[V any] struct {
	mu    sync.Mutex
	m     map[string]V
	bound int
}

// New returns an empty Map that remembers at most bound keys.
func New[V any](bound int) *Map[V] {
	return &Map[V]{m: map[string]V{}, bound: bound}
}

// Get returns the value remembered for key, if any.
func (c *Map[V]) Get(key string) (V, bool) {
	c.mu.Lock()
	v, ok := c.m[key]
	c.mu.Unlock()
	return v, ok
}

// GetBytes is Get for a key held in bytes, which it does not copy.
func (c *Map[V]) GetBytes(key []byte) (V, bool) {
	c.mu.Lock()
	v, ok := c.m[string(key)] // no copy: a map look-up by converted bytes
	c.mu.Unlock()
	return v, ok
}

// Put remembers v for key, forgetting everything first when the bound is
// reached.
func (c *Map[V]) Put(key string, v V) {
	c.mu.Lock()
	if len(c.m) >= c.bound {
		clear(c.m)
	}
	c.m[key] = v
	c.mu.Unlock()
}

// Len is how many keys are remembered.
func (c *Map[V]) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.m)
}
