package memo

import (
	"runtime"
	"slices"
	"strconv"
	"sync"
	"testing"
)

// lookups is what a Map and a Table both answer.
type lookups interface {
	Get(key string) (int, bool)
	GetBytes(key []byte) (int, bool)
}

func expectGet(t *testing.T, c lookups, key string, want int, wantOK bool) {
	t.Helper()
	if got, ok := c.Get(key); got != want || ok != wantOK {
		t.Errorf("%T.Get(%q) = %d, %v, want %d, %v", c, key, got, ok, want, wantOK)
	}
	if got, ok := c.GetBytes([]byte(key)); got != want || ok != wantOK {
		t.Errorf("%T.GetBytes(%q) = %d, %v, want %d, %v", c, key, got, ok, want, wantOK)
	}
}

func TestRemembersUpToTheBound(t *testing.T) {
	c := New[int](3)
	expectGet(t, c, "a", 0, false)
	c.Put("a", 1)
	c.Put("b", 2)
	c.Put("a", 3) // a key again replaces its value
	expectGet(t, c, "a", 3, true)
	expectGet(t, c, "b", 2, true)
	c.Put("c", 4)
	if c.Len() != 3 {
		t.Fatalf("Len() = %d after 3 keys, want 3", c.Len())
	}
	c.Put("d", 5) // the bound is reached: all is forgotten first
	if c.Len() != 1 {
		t.Fatalf("Len() = %d after passing the bound, want 1", c.Len())
	}
	expectGet(t, c, "a", 0, false)
	expectGet(t, c, "d", 5, true)
}

// TestGrowsAndForgets puts more keys than a new table holds, so the table
// doubles several times, then passes the bound.
func TestGrowsAndForgets(t *testing.T) {
	const bound = 1000
	c := New[int](bound)
	key := func(i int) string { return "w" + strconv.Itoa(i) }
	for i := range bound {
		c.Put(key(i), i)
	}
	c.Put("", -1) // the bound is reached: all is forgotten, and "" is a key like any other
	expectGet(t, c, "", -1, true)
	expectGet(t, c, key(0), 0, false)
	for i := range bound - 1 {
		c.Put(key(i), i)
	}
	for i := range bound - 1 {
		expectGet(t, c, key(i), i, true)
	}
	expectGet(t, c, key(bound-1), 0, false)
	if c.Len() != bound {
		t.Fatalf("Len() = %d, want %d", c.Len(), bound)
	}
}

// TestFrontCollisions puts more keys than a Map's front array has slots:
// keys that share a slot are all still found, through either Get, in any
// order, and a value put again replaces the one in front.
func TestFrontCollisions(t *testing.T) {
	const n = 3 * frontSlots
	c := New[int](4 * frontSlots)
	key := func(i int) string { return "k" + strconv.Itoa(i) }
	for i := range n {
		c.Put(key(i), i)
	}
	for round := range 2 {
		for i := n - 1; i >= 0; i -= 1 + round {
			expectGet(t, c, key(i), i, true)
		}
	}
	for i := range n {
		c.Put(key(i), -i)
	}
	for i := range n {
		expectGet(t, c, key(i), -i, true)
	}
	expectGet(t, c, key(n), 0, false)
}

// TestKey: a key among the last two put in its pair of front slots is
// handed back; one pushed out of front, or never put, is not.
func TestKey(t *testing.T) {
	c := New[int](4 * frontSlots)
	key := func(i int) string { return "k" + strconv.Itoa(i) }
	last := map[uint32][]string{} // front pair -> the keys put there, the last first
	for i := range 2 * frontSlots {
		p := hash(key(i)) & (frontSlots - 2)
		c.Put(key(i), i)
		last[p] = append([]string{key(i)}, last[p]...)
	}
	for i := range 2 * frontSlots {
		k := key(i)
		got, ok := c.Key([]byte(k))
		ks := last[hash(k)&(frontSlots-2)]
		if want := slices.Contains(ks[:min(2, len(ks))], k); ok != want || ok && got != k {
			t.Fatalf("Key(%q) = %q, %v, want %v", k, got, ok, want)
		}
	}
	if _, ok := c.Key([]byte("absent")); ok {
		t.Fatalf("Key of a key never put: found")
	}
}

// TestTableReset fills a table past its first slots, resets it and fills
// it again with other keys: none of the first keys is left, the slots are
// kept.
func TestTableReset(t *testing.T) {
	var c Table[int]
	for i := range 200 {
		c.Put("a"+strconv.Itoa(i), i)
	}
	slots := len(c.slots)
	if kept := c.Reset(); kept != slots || c.Len() != 0 {
		t.Fatalf("Reset() = %d, Len() = %d, want %d, 0", kept, c.Len(), slots)
	}
	for i := range 100 {
		c.Put("b"+strconv.Itoa(i), -i)
	}
	for i := range 200 {
		expectGet(t, &c, "a"+strconv.Itoa(i), 0, false)
	}
	for i := range 100 {
		expectGet(t, &c, "b"+strconv.Itoa(i), -i, true)
	}
	if len(c.slots) != slots {
		t.Fatalf("%d slots after refilling, want %d", len(c.slots), slots)
	}
}

func BenchmarkGet(b *testing.B) {
	c := New[int](1 << 14)
	words := []string{"the", "rockets", "supplied", "north", "korea", "wagner", "said", "denied", "a", "statement"}
	for i, w := range words {
		c.Put(w, i)
	}
	for b.Loop() {
		for _, w := range words {
			c.Get(w)
		}
	}
}

// TestShortProbes holds the hash to spreading words over the table: a key
// is found a few slots from where its hash places it, on average.
func TestShortProbes(t *testing.T) {
	var c Table[int]
	for i := range 12000 {
		c.Put("w"+strconv.Itoa(i)+"ing", i)
	}
	mask := len(c.slots) - 1
	total := 0
	for i, s := range c.slots {
		if s.h != 0 {
			total += (i - int(s.h)&mask) & mask
		}
	}
	if mean := float64(total) / float64(c.n); mean > 0.6 {
		t.Errorf("keys lie %.2f slots past their place on average, want at most 0.6", mean)
	}
}

func TestTable(t *testing.T) {
	var tb Table[int]
	expectGet(t, &tb, "a", 0, false) // the zero table is empty
	for i := range 500 {
		tb.Put("w"+strconv.Itoa(i), i)
	}
	tb.Put("w7", -7) // a key again replaces its value
	tb.Put("", 1)
	expectGet(t, &tb, "w7", -7, true)
	expectGet(t, &tb, "w499", 499, true)
	expectGet(t, &tb, "", 1, true)
	expectGet(t, &tb, "w500", 0, false)
	if tb.Len() != 501 {
		t.Errorf("Len() = %d, want 501", tb.Len())
	}
}

// TestConcurrent has goroutines put and get at once, past the bound and
// through the table's growth: every value got is the one put for its key.
func TestConcurrent(t *testing.T) {
	c := New[int](300)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 2000 {
				k := (i*7 + g) % 500
				if v, ok := c.Get(strconv.Itoa(k)); ok && v != k {
					t.Errorf("Get(%d) = %d", k, v)
					return
				}
				c.Put(strconv.Itoa(k), k)
				if i%100 == 0 {
					runtime.Gosched()
				}
			}
		}()
	}
	wg.Wait()
}

// TestHashReadsEveryByte: changing any one byte of a key, or its
// length, changes its hash, for keys shorter and longer than a word of
// eight bytes.
func TestHashReadsEveryByte(t *testing.T) {
	base := "abcdefghijklmnopqrstuvwxyz"
	for n := 0; n <= len(base); n++ {
		k := base[:n]
		h := Hash(k)
		if Hash([]byte(k)) != h {
			t.Errorf("%q hashes apart as bytes", k)
		}
		if n > 0 && Hash(k[:n-1]) == h {
			t.Errorf("%q and %q hash alike", k, k[:n-1])
		}
		for i := 0; i < n; i++ {
			if o := k[:i] + "#" + k[i+1:]; Hash(o) == h {
				t.Errorf("%q and %q hash alike", k, o)
			}
		}
	}
}
