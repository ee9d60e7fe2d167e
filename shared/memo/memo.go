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
// Under js/wasm the lock is a flag (lock_js.go).
//
// A Map keeps a Go map, in front of which sits a small array of the keys
// last put or found (front), two places a hash: a hit there costs one
// Hash and a string comparison or two instead of the map's portable string
// hash.
// The array is made once, never grows, and holds only keys the map holds,
// so every answer is the map's. Table, for tables one goroutine fills as it
// reads them or that are built once and then only read, is a table of our
// own: open addressing with linear probing,
// hashed by Hash, because in WebAssembly, which has no AES
// instructions, a Go map hashes a string with its portable hash, which
// cost more than the rest of a look-up. A Map does not use it: in wasm,
// such a table growing (to megabytes) while a collection was marking left
// the collection unfinished through the rest of a long run without a
// yield (the benchmark's loop), the heap growing by a hundred megabytes
// and the run twice as slow; a Go map, growing in smaller tables, did
// not.
package memo

// Map remembers up to a bound of values by key. Its zero value is not
// usable; make one with New.
type Map[V any] struct {
	mu    lock
	m     map[string]V
	bound int
	front *[frontSlots]slot[V] // keys of m, or empty slots (h 0), in pairs by hash
}

// frontSlots is the size of a Map's front array: a power of two, a few
// times the distinct words of a news page, so that a page's words mostly
// find their own place (32 bytes a slot for the lexicon's word facts).
// A key has a pair of slots, the key found or put last first: two words
// of a page that share a pair do not push each other out.
const frontSlots = 1 << 12

// New returns an empty Map that remembers at most bound keys.
func New[V any](bound int) *Map[V] {
	return &Map[V]{m: map[string]V{}, bound: bound, front: new([frontSlots]slot[V])}
}

// inFront returns the slot of front that holds key (hashed h), or nil.
func inFront[V any, S string | []byte](front *[frontSlots]slot[V], key S, h uint32) *slot[V] {
	i := h & (frontSlots - 2)
	if f := &front[i]; f.h == h && f.key == string(key) { // no copy: a comparison with converted bytes
		return f
	}
	if f := &front[i+1]; f.h == h && f.key == string(key) {
		return f
	}
	return nil
}

// toFront puts key (hashed h) and v first in their pair of front's slots,
// the key there before second.
func toFront[V any](front *[frontSlots]slot[V], key string, h uint32, v V) {
	i := h & (frontSlots - 2)
	first, second := &front[i], &front[i+1]
	if first.h != h || first.key != key { // a key put again stays where it is
		second.h, second.key, second.v = first.h, first.key, first.v
	}
	first.h, first.key, first.v = h, key, v
}

// Get returns the value remembered for key, if any.
func (c *Map[V]) Get(key string) (V, bool) {
	h := hash(key)
	c.mu.Lock()
	if f := inFront(c.front, key, h); f != nil {
		v := f.v
		c.mu.Unlock()
		return v, true
	}
	v, ok := c.m[key]
	if ok {
		toFront(c.front, key, h, v)
	}
	c.mu.Unlock()
	return v, ok
}

// GetBytes is Get for a key held in bytes, which it does not copy (a key
// found in the map but not in front stays out of front: putting it there
// would copy it).
func (c *Map[V]) GetBytes(key []byte) (V, bool) {
	h := hash(key)
	c.mu.Lock()
	if f := inFront(c.front, key, h); f != nil {
		v := f.v
		c.mu.Unlock()
		return v, true
	}
	v, ok := c.m[string(key)] // no copy: a map look-up by converted bytes
	c.mu.Unlock()
	return v, ok
}

// Key returns the remembered key equal to b when it is at hand, in front:
// a caller that needs b as a string takes it instead of a copy of its own.
func (c *Map[V]) Key(b []byte) (string, bool) {
	h := hash(b)
	c.mu.Lock()
	var k string
	f := inFront(c.front, b, h)
	if f != nil {
		k = f.key
	}
	c.mu.Unlock()
	return k, f != nil
}

// Put remembers v for key, forgetting everything first when the bound is
// reached.
func (c *Map[V]) Put(key string, v V) {
	h := hash(key)
	c.mu.Lock()
	if len(c.m) >= c.bound {
		clear(c.m)
		clear(c.front[:])
	}
	c.m[key] = v
	toFront(c.front, key, h, v)
	c.mu.Unlock()
}

// Len is how many keys are remembered.
func (c *Map[V]) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.m)
}

// Table maps string keys to values, without bound or lock: one goroutine
// may Put and Get in turn, and a table no longer Put to may be read (Get,
// GetBytes) from any goroutine. Its zero value is an empty table.
type Table[V any] struct {
	slots []slot[V] // a power of two of them, or none
	n     int       // keys held
}

// slot is one place of the table; h is 0 while it is empty.
type slot[V any] struct {
	h   uint32 // the key's hash, with the top bit set
	key string
	v   V
}

// minSlots is the size of a new table.
const minSlots = 64

// Hash is the hash of the engine's own tables of strings (a Table here;
// in fingerprint and index, the lexicon's answers and the dictionary's
// ids): every byte counts, read eight at a time and mixed by multiplies.
// In WebAssembly it costs a third of a Go map's string hash, which
// multiplies 128 bits in software, and half of FNV-1a, which multiplies
// once a byte. Its top bits are the ones to use.
func Hash[S string | []byte](k S) uint64 {
	h := uint64(len(k)) * 0x9e3779b97f4a7c15
	for len(k) >= 8 {
		v := uint64(k[0]) | uint64(k[1])<<8 | uint64(k[2])<<16 | uint64(k[3])<<24 |
			uint64(k[4])<<32 | uint64(k[5])<<40 | uint64(k[6])<<48 | uint64(k[7])<<56
		h = (h ^ v) * 0xff51afd7ed558ccd
		h ^= h >> 29
		k = k[8:]
	}
	var v uint64
	for i := 0; i < len(k); i++ {
		v |= uint64(k[i]) << (8 * i)
	}
	h = (h ^ v) * 0xc4ceb9fe1a85ec53
	h ^= h >> 32
	return h * 0x9e3779b97f4a7c15
}

// hash is a Table's hash of s: Hash's top 31 bits, with the top bit set
// (above any index), so no key hashes to an empty slot's 0.
func hash[S string | []byte](s S) uint32 {
	return uint32(Hash(s)>>33) | 1<<31
}

// find returns the slot of key (hashed h): the one holding it, or the
// empty one where it would go. slots must have an empty one.
func find[V any, S string | []byte](slots []slot[V], key S, h uint32) *slot[V] {
	mask := uint32(len(slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := &slots[i]
		if s.h == 0 || s.h == h && s.key == string(key) { // no copy: a comparison with converted bytes
			return s
		}
	}
}

// Get returns the value of key, if any.
func (t *Table[V]) Get(key string) (V, bool) {
	if len(t.slots) == 0 {
		var zero V
		return zero, false
	}
	s := find(t.slots, key, hash(key))
	return s.v, s.h != 0
}

// GetBytes is Get for a key held in bytes, which it does not copy.
func (t *Table[V]) GetBytes(key []byte) (V, bool) {
	if len(t.slots) == 0 {
		var zero V
		return zero, false
	}
	s := find(t.slots, key, hash(key))
	return s.v, s.h != 0
}

// Put sets the value of key. It must not run beside any other call on t.
func (t *Table[V]) Put(key string, v V) {
	t.put(key, hash(key), v)
}

// Len is how many keys t holds.
func (t *Table[V]) Len() int { return t.n }

// Reset forgets every key, keeping the slots for the next keys: a table
// filled anew for each page does not grow again from its first slots.
// It returns the number of slots kept.
func (t *Table[V]) Reset() int {
	clear(t.slots)
	t.n = 0
	return len(t.slots)
}

// put is Put given key's hash h.
func (t *Table[V]) put(key string, h uint32, v V) {
	if len(t.slots) > 0 {
		if s := find(t.slots, key, h); s.h != 0 {
			s.v = v
			return
		}
	}
	if 2*(t.n+1) > len(t.slots) {
		t.grow()
	}
	*find(t.slots, key, h) = slot[V]{h: h, key: key, v: v}
	t.n++
}

// grow doubles the table (or makes its first slots), placing every key
// again.
func (t *Table[V]) grow() {
	old := t.slots
	t.slots = make([]slot[V], max(2*len(old), minSlots))
	for i := range old {
		if old[i].h != 0 {
			*find(t.slots, old[i].key, old[i].h) = old[i]
		}
	}
}
