package api

import (
	"context"
	"crypto/sha256"
	"fmt"
	"strings"
	"testing"

	"github.com/tidwall/gjson"
)

// expectCache checks one /v1/match answer: its cache header and that its
// body is the one an uncached server gives.
func expectCache(t *testing.T, what string, f *fixture, plain *fixture, body, want string) {
	t.Helper()
	r := f.do("POST", "/v1/match", body)
	expectStatus(t, what, r, 200)
	if got := headerOf(r, "X-Retold-Cache"); got != want {
		t.Fatalf("%s: X-Retold-Cache %q, want %q", what, got, want)
	}
	p := plain.do("POST", "/v1/match", body)
	if string(r.Body) != string(p.Body) {
		t.Fatalf("%s: cached server answers\n%s\nuncached\n%s", what, r.Body, p.Body)
	}
}

func TestMatchCache(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.MatchCache = 1 << 20 })
	plain := newFixture(t, nil) // MatchCache 0: no cache, no header
	page := func(url, sents string) string { return `{"url": "` + url + `", "sentences": ` + sents + `}` }
	a := page("https://example.net/p", pageSentences)
	expectCache(t, "first", f, plain, a, "miss")
	expectCache(t, "again", f, plain, a, "hit")
	expectCache(t, "reformatted body", f, plain, "\n "+strings.Replace(a, `", "sentences"`, `",`+"\n\t"+`"sentences"`, 1)+"\n", "hit")
	expectCache(t, "other url", f, plain, page("https://example.net/q", pageSentences), "miss")
	expectCache(t, "one sentence less", f, plain, page("https://example.net/p", `["Repairs would cost four million dollars, officials said.", "Tourists still walk the cliffs."]`), "miss")
	expectCache(t, "sentences joined differently", f, plain, page("https://example.net/p", `["Repairs would cost four million dollars, officials said. Tourists still walk the cliffs."]`), "miss")
	if r := plain.do("POST", "/v1/match", a); headerOf(r, "X-Retold-Cache") != "" {
		t.Fatalf("an uncached server says X-Retold-Cache %q", headerOf(r, "X-Retold-Cache"))
	}
	expectStatus(t, "bad body", f.do("POST", "/v1/match", `{"sentences": 1}`), 400)

	// A new index: the same page is answered anew, on the new index.
	for _, s := range []*fixture{f, plain} {
		expectStatus(t, "ingest", s.do("POST", "/v1/articles", corpusJSONL, "authorization", "Bearer "+token), 200)
	}
	expectCache(t, "after ingest", f, plain, a, "miss")
	expectCache(t, "after ingest, again", f, plain, a, "hit")
	if r := f.do("POST", "/v1/match", a); len(gjson.GetBytes(r.Body, "flags").Array()) != 2 {
		t.Fatalf("after ingest the cached answer has not the new index's flags: %s", r.Body)
	}
	h := f.do("GET", "/healthz", "")
	if n := gjson.GetBytes(h.Body, "match_cache.answers").Int(); n != 5 {
		t.Fatalf("/healthz: %d answers cached, want 5 (four pages on the seed index, one on the new): %s", n, h.Body)
	}
}

// TestMatchCacheByBytes checks the answers found by a request's bytes: the
// body that first found an answer finds it again without its JSON read, a
// body of other bytes but the same request finds it by its key (and adds no
// alias), and an alias goes with its answer.
func TestMatchCacheByBytes(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.MatchCache = 1 << 20 })
	plain := newFixture(t, nil)
	a := `{"url": "https://example.net/p", "sentences": ` + pageSentences + `}`
	expectCache(t, "first", f, plain, a, "miss")
	expectAliases(t, "after a miss", f.srv.answers, 1)
	snap, err := f.srv.current(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if f.srv.answers.getRaw(rawKey(snap.ptr.Snapshot, []byte(a))) == nil {
		t.Fatal("the body that was answered is not found by its bytes")
	}
	expectCache(t, "again", f, plain, a, "hit")
	expectCache(t, "reformatted body", f, plain, " "+a, "hit")
	expectAliases(t, "after a hit by other bytes", f.srv.answers, 1)
	if f.srv.answers.getRaw(rawKey("another snapshot", []byte(a))) != nil {
		t.Fatal("found by its bytes on another snapshot")
	}
	expectStatus(t, "bad body", f.do("POST", "/v1/match", a[:len(a)-1]), 400)
}

func expectAliases(t *testing.T, what string, c *answerCache, want int) {
	t.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.raw) != want {
		t.Fatalf("%s: %d aliases, want %d", what, len(c.raw), want)
	}
	for raw, e := range c.raw {
		if a := e.Value.(*cachedAnswer); !a.aliased || a.raw != raw || c.items[a.key] != e {
			t.Fatalf("%s: an alias of an answer not kept, or not its own", what)
		}
	}
}

// expectKept checks which keys a cache holds, most recently used first.
func expectKept(t *testing.T, what string, c *answerCache, want ...int) {
	t.Helper()
	var got []int
	for e := c.order.Front(); e != nil; e = e.Next() {
		got = append(got, int(e.Value.(*cachedAnswer).key[0]))
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("%s: kept %v, want %v", what, got, want)
	}
	if n, size := c.stats(); n != len(want) || size > c.max || size != n*(100+entryOverhead) {
		t.Fatalf("%s: %d answers in %d bytes, bound %d", what, n, size, c.max)
	}
}

func TestAnswerCacheBound(t *testing.T) {
	key := func(i int) [sha256.Size]byte { return [sha256.Size]byte{byte(i)} }
	answer := make([]byte, 100)
	c := newAnswerCache(16 * 3 * (100 + entryOverhead)) // room for 48 answers
	expectKept(t, "empty", c)
	var want []int
	for i := range 48 {
		c.put(key(i), answer)
		want = append([]int{i}, want...)
	}
	expectKept(t, "full", c, want...)
	c.get(key(0)) // now the most recently used
	c.put(key(48), answer)
	c.put(key(49), answer)
	want = append([]int{49, 48, 0}, want[:45]...) // 1 and 2 went
	expectKept(t, "after two more", c, want...)
	c.put(key(5), answer) // kept already: only moves up
	want = append([]int{5}, removeInt(want, 5)...)
	expectKept(t, "a key put again", c, want...)

	// Aliases: found by them, moved up as by their keys, gone with them.
	raw := func(i int) [sha256.Size]byte { return [sha256.Size]byte{1, byte(i)} }
	for _, i := range want {
		c.alias(key(i), raw(i))
	}
	c.alias(key(5), raw(99))  // has one already
	c.alias(key(77), raw(77)) // not kept
	expectAliases(t, "aliased", c, len(want))
	if c.getRaw(raw(99)) != nil || c.getRaw(raw(77)) != nil || c.getRaw(raw(want[len(want)-1])) == nil {
		t.Fatal("aliases found wrongly")
	}
	want = append([]int{want[len(want)-1]}, want[:len(want)-1]...)
	expectKept(t, "found by its alias", c, want...)
	c.put(key(50), answer)
	expectAliases(t, "after an eviction", c, len(want)-1)
	if c.getRaw(raw(want[len(want)-1])) != nil {
		t.Fatal("an evicted answer is found by its alias")
	}

	var off *answerCache
	off.put(key(1), answer)
	if off.get(key(1)) != nil {
		t.Fatal("a nil cache kept an answer")
	}
	z := newAnswerCache(0)
	z.put(key(1), answer)
	if z.get(key(1)) != nil {
		t.Fatal("a cache of 0 bytes kept an answer")
	}
	big := newAnswerCache(16 * 1000)
	big.put(key(1), make([]byte, 1000))
	if big.get(key(1)) != nil {
		t.Fatal("an answer over a sixteenth of the bound was kept")
	}
}

func removeInt(s []int, v int) []int {
	var out []int
	for _, x := range s {
		if x != v {
			out = append(out, x)
		}
	}
	return out
}

// expectTiming checks the Server-Timing header of a /v1/match answer: the
// names of its parts, in order.
func expectTiming(t *testing.T, what string, r Response, want ...string) {
	t.Helper()
	var got []string
	for _, part := range strings.Split(headerOf(r, "Server-Timing"), ", ") {
		name, dur, ok := strings.Cut(part, ";dur=")
		if !ok || strings.Trim(dur, "0123456789.") != "" {
			if len(want) == 0 && part == "" {
				continue
			}
			t.Fatalf("%s: Server-Timing part %q", what, part)
		}
		got = append(got, name)
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("%s: Server-Timing %q, want the parts %v", what, headerOf(r, "Server-Timing"), want)
	}
}

func TestServerTiming(t *testing.T) {
	on := newFixture(t, func(c *Config) { c.MatchCache, c.Timing = 1<<20, true })
	off := newFixture(t, func(c *Config) { c.MatchCache = 1 << 20 })
	body := `{"url": "https://example.net/p", "sentences": ` + pageSentences + `}`
	expectTiming(t, "miss", on.do("POST", "/v1/match", body), "parse", "engine", "json")
	expectTiming(t, "hit", on.do("POST", "/v1/match", body), "parse", "cache")
	expectTiming(t, "timing off", off.do("POST", "/v1/match", body))
	if c, _ := ConfigFrom(func(k string) string { return map[string]string{"SERVER_TIMING": "1"}[k] }); !c.Timing {
		t.Fatal("SERVER_TIMING=1 does not turn timing on")
	}
	if c, _ := ConfigFrom(func(string) string { return "" }); c.Timing || c.MatchCache != DefaultMatchCache<<20 {
		t.Fatalf("defaults: timing %v, cache %d", c.Timing, c.MatchCache)
	}
}
