package api

// The answer cache of POST /v1/match. Many readers open the same article,
// and the extension sends the same url and sentences for each of them, so an
// isolate that has answered a page once can answer it again without running
// the engine: the engine is most of a request's time in the Worker (several
// milliseconds in WebAssembly), a hit costs a hash of the request.
//
// Design. The key is a SHA-256 of the served snapshot's name (itself the
// hash of the index file) and the request's url and sentences, each length-
// prefixed, so an answer is found only for the same page on the same index:
// match.Analyze is deterministic, so a hit gives byte for byte the answer a
// miss would. A new index needs no invalidation: its answers have other keys,
// and the old ones age out. The cache is bounded by the bytes of the answers
// it holds (an answer larger than a sixteenth of that is not kept, so one
// huge page cannot flush every other), and evicts the least recently used.
// It is per isolate, in memory: no storage I/O, nothing shared between
// readers but answers computed from public index data.
//
// Each answer may also be found by the request's bytes (rawKey, a SHA-256
// of the snapshot's name and the body): readers of one page send the same
// bytes, and finding those skips validating and reading the JSON, which
// was most of a hit's time in WebAssembly. An answer has at most one such
// alias, the first body that found it, and loses it with the answer; the
// same bytes always read as the same request, so an alias answers exactly
// when the request's own key would.

import (
	"container/list"
	"crypto/sha256"
	"encoding/binary"
	"sync"
)

// entryOverhead is what an entry costs beside its answer: key, list element,
// map slot, roughly.
const entryOverhead = 128

// answerCache is a bounded LRU map from request keys to answers; safe for
// concurrent use. Its zero value caches nothing.
type answerCache struct {
	mu    sync.Mutex
	max   int // bytes of answers and overhead kept
	size  int
	items map[[sha256.Size]byte]*list.Element
	raw   map[[sha256.Size]byte]*list.Element // by rawKey: aliases of items
	order list.List                           // of *cachedAnswer, most recently used first
}

type cachedAnswer struct {
	key, raw [sha256.Size]byte // raw: the alias, if aliased
	aliased  bool
	body     []byte
}

func newAnswerCache(maxBytes int) *answerCache {
	return &answerCache{max: maxBytes, items: map[[sha256.Size]byte]*list.Element{}, raw: map[[sha256.Size]byte]*list.Element{}}
}

// rawKey names a match request by its bytes, on a snapshot.
func rawKey(snapshot string, body []byte) [sha256.Size]byte {
	h := sha256.New()
	var n [8]byte
	binary.LittleEndian.PutUint64(n[:], uint64(len(snapshot)))
	h.Write(n[:])
	h.Write([]byte(snapshot))
	h.Write(body)
	var k [sha256.Size]byte
	h.Sum(k[:0])
	return k
}

// matchKey names the answer to a match request on a snapshot.
func matchKey(snapshot, url, date string, sentences []string) [sha256.Size]byte {
	h := sha256.New()
	var n [8]byte
	for _, s := range append([]string{snapshot, url, date}, sentences...) {
		binary.LittleEndian.PutUint64(n[:], uint64(len(s)))
		h.Write(n[:])
		h.Write([]byte(s))
	}
	var k [sha256.Size]byte
	h.Sum(k[:0])
	return k
}

// get returns the answer kept under key, or nil. The caller must not modify
// it.
func (c *answerCache) get(key [sha256.Size]byte) []byte {
	if c == nil {
		return nil
	}
	return c.hit(c.items, key)
}

// getRaw is get by a request's rawKey.
func (c *answerCache) getRaw(raw [sha256.Size]byte) []byte {
	if c == nil {
		return nil
	}
	return c.hit(c.raw, raw)
}

// hit returns the answer m holds under key, or nil, and makes it the most
// recently used.
func (c *answerCache) hit(m map[[sha256.Size]byte]*list.Element, key [sha256.Size]byte) []byte {
	if c.max <= 0 {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e := m[key]
	if e == nil {
		return nil
	}
	c.order.MoveToFront(e)
	return e.Value.(*cachedAnswer).body
}

// alias lets the answer kept under key be found by raw too, unless it has
// an alias already or is not kept.
func (c *answerCache) alias(key, raw [sha256.Size]byte) {
	if c == nil || c.max <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.items[key]
	if e == nil || c.raw[raw] != nil {
		return
	}
	if a := e.Value.(*cachedAnswer); !a.aliased {
		a.raw, a.aliased = raw, true
		c.raw[raw] = e
	}
}

// put keeps body under key, evicting the least recently used answers to
// stay within the bound. The cache keeps body: the caller must not modify it
// afterwards.
func (c *answerCache) put(key [sha256.Size]byte, body []byte) {
	if c == nil || c.max <= 0 || len(body)+entryOverhead > c.max/16 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e := c.items[key]; e != nil { // two misses of one page at once
		c.order.MoveToFront(e)
		return
	}
	c.items[key] = c.order.PushFront(&cachedAnswer{key: key, body: body})
	c.size += len(body) + entryOverhead
	for c.size > c.max {
		e := c.order.Back()
		old := e.Value.(*cachedAnswer)
		c.order.Remove(e)
		delete(c.items, old.key)
		if old.aliased {
			delete(c.raw, old.raw)
		}
		c.size -= len(old.body) + entryOverhead
	}
}

// stats is the number of answers kept and their bytes with overhead.
func (c *answerCache) stats() (n, size int) {
	if c == nil {
		return 0, 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.items), c.size
}
