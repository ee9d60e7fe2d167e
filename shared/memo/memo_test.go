package memo

import "testing"

func expectGet(t *testing.T, c *Map[int], key string, want int, wantOK bool) {
	t.Helper()
	if got, ok := c.Get(key); got != want || ok != wantOK {
		t.Errorf("Get(%q) = %d, %v, want %d, %v", key, got, ok, want, wantOK)
	}
	if got, ok := c.GetBytes([]byte(key)); got != want || ok != wantOK {
		t.Errorf("GetBytes(%q) = %d, %v, want %d, %v", key, got, ok, want, wantOK)
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
