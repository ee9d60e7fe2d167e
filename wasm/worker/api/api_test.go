package api

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/retold/retold/shared/extract"
	"github.com/retold/retold/shared/index"
	"github.com/retold/retold/shared/index/signature"
	"github.com/retold/retold/shared/intake"
	"github.com/retold/retold/shared/match"
	"github.com/tidwall/gjson"
)

// The stories below are written for these tests.
const corpusJSONL = `{"id":"a1","outlet":"Daily Example","date":"2024-03-01","lang":"en","url":"https://example.org/a1","title":"Lighthouse to close","text":"The harbour authority said on Monday that the old lighthouse at Kelmor Point would close for repairs in April.\n\nOfficials said the repairs would cost four million dollars and take six months.\n\nThe fishermen's union denied claims that the closure would harm the autumn catch."}
{"id":"a2","outlet":"Example Post","date":"2024-03-02","lang":"en","url":"https://example.org/a2","title":"Kelmor lighthouse shuts in April","text":"The lighthouse at Kelmor Point will close for repairs in April, the harbour authority said.\n\nThe repairs will cost about four million dollars and last six months, officials said.\n\nThe fishermen's union rejected claims that the closure would hurt the autumn catch."}
`

const pageSentences = `["The old lighthouse at Kelmor Point will shut for repairs in April, the harbour authority said on Monday.", "Repairs would cost four million dollars, officials said.", "Tourists still walk the cliffs."]`

const token = "test-token"

// memArticles is an ArticleStore in memory, safe for concurrent use;
// failAdd and failPub make Add and Publish fail, and before["Add"] or before["Publish"], if set,
// runs (once) when that method is called, before it does anything: another
// request slipped in between.
type memArticles struct {
	mu      sync.Mutex
	rows    []Stored
	failAdd bool
	failPub bool
	before  map[string]func()
	gen     int64
	source  string
	ptr     []byte
}

func (m *memArticles) hook(method string) {
	m.mu.Lock()
	f := m.before[method]
	delete(m.before, method)
	m.mu.Unlock()
	if f != nil {
		f()
	}
}

func (m *memArticles) All(context.Context) ([]Stored, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]Stored(nil), m.rows...), nil
}

func (m *memArticles) Published(context.Context) (int64, []byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.gen, bytes.Clone(m.ptr), nil
}

func (m *memArticles) Publish(_ context.Context, gen int64, source string, ptr []byte) (bool, error) {
	m.hook("Publish")
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.failPub {
		return false, errors.New("injected failure")
	}
	if m.gen != gen {
		return false, nil
	}
	m.gen, m.source, m.ptr = gen+1, source, bytes.Clone(ptr)
	return true, nil
}

func (m *memArticles) Add(_ context.Context, as []Stored) error {
	m.hook("Add")
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.failAdd {
		return errors.New("injected failure")
	}
	if m.source == SourceUploaded {
		return ErrManagedOffline
	}
	have := map[string]bool{}
	for _, r := range m.rows {
		have[r.Hash] = true
	}
	for _, a := range as {
		if !have[a.Hash] {
			m.rows = append(m.rows, a)
			have[a.Hash] = true
		}
	}
	return nil
}

// memKV is a SnapshotStore in memory, safe for concurrent use; a Put of a
// key with failPrefix fails.
type memKV struct {
	mu         sync.Mutex
	m          map[string][]byte
	failPrefix string
}

func (k *memKV) Get(_ context.Context, key string) ([]byte, bool, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	v, ok := k.m[key]
	return bytes.Clone(v), ok, nil
}

func (k *memKV) Put(_ context.Context, key string, v []byte) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.failPrefix != "" && strings.HasPrefix(key, k.failPrefix) {
		return errors.New("injected failure")
	}
	k.m[key] = bytes.Clone(v)
	return nil
}

type fixture struct {
	srv  *Server
	arts *memArticles
	kv   *memKV
	key  ed25519.PrivateKey
	now  time.Time
}

func newFixture(t *testing.T, edit func(*Config)) *fixture {
	t.Helper()
	_, key, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{arts: &memArticles{}, kv: &memKV{m: map[string][]byte{}}, key: key, now: time.Date(2024, 3, 3, 12, 0, 0, 0, time.UTC)}
	cfg := Config{Token: token, SigningKey: key, PublicKey: key.Public().(ed25519.PublicKey), Refresh: DefaultRefresh}
	if edit != nil {
		edit(&cfg)
	}
	f.srv = New(cfg, f.arts, f.kv, func() time.Time { return f.now })
	return f
}

func (f *fixture) do(method, url string, body string, header ...string) Response {
	h := map[string]string{}
	for i := 0; i+1 < len(header); i += 2 {
		h[header[i]] = header[i+1]
	}
	return f.srv.Handle(context.Background(), &Request{Method: method, URL: url, Header: h, Body: []byte(body)})
}

func headerOf(r Response, name string) string {
	for _, h := range r.Header {
		if strings.EqualFold(h[0], name) {
			return h[1]
		}
	}
	return ""
}

// expectStatus checks a response's status, and that an error is JSON.
func expectStatus(t *testing.T, what string, r Response, want int) {
	t.Helper()
	if r.Status != want {
		t.Fatalf("%s: status %d, want %d (%s)", what, r.Status, want, r.Body)
	}
	if want >= 400 && !gjson.GetBytes(r.Body, "error").Exists() {
		t.Fatalf("%s: error body is not JSON with an error: %q", what, r.Body)
	}
}

// state is everything the stores hold, to check that nothing was written.
func (f *fixture) state() string {
	return fmt.Sprint(len(f.arts.rows), f.arts.gen, maps.Clone(f.kv.m))
}

func TestBadInputWritesNothing(t *testing.T) {
	f := newFixture(t, nil)
	bearer := "Bearer " + token
	unsigned := mustIndex(t)
	tampered, _ := signature.Sign(unsigned, f.key)
	tampered[len(tampered)-3] ^= 1
	_, other, _ := ed25519.GenerateKey(nil)
	foreign, _ := signature.Sign(unsigned, other)
	many := `{"sentences":[` + strings.Repeat(`"a",`, MaxSentences) + `"a"]}`
	cases := []struct {
		what, method, url, body string
		header                  []string
		want                    int
	}{
		{"malformed match JSON", "POST", "/v1/match", `{"sentences": [`, nil, 400},
		{"match without sentences", "POST", "/v1/match", `{"url": "x"}`, nil, 400},
		{"match with a number", "POST", "/v1/match", `{"sentences": ["a", 3]}`, nil, 400},
		{"match url not a string", "POST", "/v1/match", `{"url": 4, "sentences": []}`, nil, 400},
		{"too many sentences", "POST", "/v1/match", many, nil, 400},
		{"oversize match body", "POST", "/v1/match", `{"sentences":["` + strings.Repeat("x", MaxMatchBody) + `"]}`, nil, 413},
		{"articles without token", "POST", "/v1/articles", corpusJSONL, nil, 401},
		{"articles with a wrong token", "POST", "/v1/articles", corpusJSONL, []string{"authorization", "Bearer nope"}, 401},
		{"malformed articles", "POST", "/v1/articles", `{"id": "x", "text": `, []string{"authorization", bearer}, 400},
		{"article without text", "POST", "/v1/articles", `{"id": "x", "title": "t"}`, []string{"authorization", bearer}, 400},
		{"empty articles body", "POST", "/v1/articles", ` `, []string{"authorization", bearer}, 400},
		{"oversize articles", "POST", "/v1/articles", strings.Repeat(" ", MaxArticlesBody+1), []string{"authorization", bearer}, 413},
		{"unknown claim", "GET", "/v1/claims/c000000000000", "", nil, 404},
		{"claim path junk", "GET", "/v1/claims/a/b", "", nil, 404},
		{"index upload without token", "PUT", "/v1/index", string(unsigned), nil, 401},
		{"unsigned index upload", "PUT", "/v1/index", string(unsigned), []string{"authorization", bearer}, 422},
		{"tampered index upload", "PUT", "/v1/index", string(tampered), []string{"authorization", bearer}, 422},
		{"index signed by another key", "PUT", "/v1/index", string(foreign), []string{"authorization", bearer}, 422},
		{"not an index", "PUT", "/v1/index", "hello", []string{"authorization", bearer}, 422},
		{"web page origin", "GET", "/v1/index", "", []string{"origin", "https://evil.example"}, 403},
		{"unknown endpoint", "GET", "/v2/index", "", nil, 404},
		{"wrong method", "PATCH", "/v1/index", "", nil, 405},
		{"index delete without token", "DELETE", "/v1/index", "", nil, 401},
	}
	before := f.state()
	for _, c := range cases {
		expectStatus(t, c.what, f.do(c.method, c.url, c.body, c.header...), c.want)
		if after := f.state(); after != before {
			t.Fatalf("%s: the stores changed", c.what)
		}
	}
}

func mustIndex(t *testing.T) []byte {
	t.Helper()
	as, err := parseArticles([]byte(corpusJSONL))
	if err != nil {
		t.Fatal(err)
	}
	x, _, err := index.Build(as)
	if err != nil {
		t.Fatal(err)
	}
	return x.Encode()
}

// A claim that one article tells in two sentences names its other part and
// lists that part's versions from the articles its own versions leave out,
// after its own, marked joint: one version an article.
func TestClaimNamesItsJoint(t *testing.T) {
	f := newFixture(t, nil)
	x, err := index.Decode(f.do("GET", "/v1/index", "").Body)
	if err != nil {
		t.Fatal(err)
	}
	joined, added := 0, 0
	for _, c := range x.Claims {
		body := f.do("GET", "/v1/claims/"+c.ID, "").Body
		got := gjson.GetBytes(body, "joint").String()
		var want []string // the versions' sources, in order, joint ones starred
		seen := map[int32]bool{}
		for _, v := range c.Versions {
			seen[x.Sentences[v].Article] = true
			want = append(want, x.Articles[x.Sentences[v].Article].ID)
		}
		wantJoint := ""
		if c.Joint >= 0 {
			wantJoint = x.Claims[c.Joint].ID
			joined++
			for _, v := range x.Claims[c.Joint].Versions {
				if art := x.Sentences[v].Article; !seen[art] {
					seen[art] = true
					want = append(want, "*"+x.Articles[art].ID)
					added++
				}
			}
		}
		if got != wantJoint {
			t.Errorf("claim %s: joint %q, want %q", c.ID, got, wantJoint)
		}
		var sources []string
		for _, v := range gjson.GetBytes(body, "versions").Array() {
			src := v.Get("source").String()
			if v.Get("joint").Bool() {
				src = "*" + src
			}
			sources = append(sources, src)
		}
		if !slices.Equal(sources, want) {
			t.Errorf("claim %s: versions %q, want %q", c.ID, sources, want)
		}
	}
	if joined == 0 || added == 0 {
		t.Errorf("the default corpus has %d joint claims and %d versions they add: nothing to check", joined, added)
	}
}

func TestIngestIndexMatchClaims(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.PartSize = 1000 }) // several KV parts
	first := f.do("GET", "/v1/index", "")
	expectStatus(t, "default index", first, 200)
	if err := signature.Verify(first.Body, f.key.Public().(ed25519.PublicKey)); err != nil {
		t.Fatalf("the default corpus is served unsigned: %v", err)
	}

	res := f.do("POST", "/v1/articles", corpusJSONL, "authorization", "Bearer "+token)
	expectStatus(t, "ingest", res, 200)
	if got := gjson.GetBytes(res.Body, "added").Int(); got != 2 {
		t.Fatalf("added %d articles, want 2: %s", got, res.Body)
	}
	if f.kv.m[partKey(gjson.GetBytes(res.Body, "snapshot").String(), 1)] == nil {
		t.Fatalf("the snapshot was not stored in parts: %v", slices.Collect(maps.Keys(f.kv.m)))
	}

	got := f.do("GET", "/v1/index", "")
	expectStatus(t, "index", got, 200)
	etag := headerOf(got, "ETag")
	if etag == headerOf(first, "ETag") || etag != `"`+gjson.GetBytes(res.Body, "snapshot").String()+`"` {
		t.Fatalf("ETag %s after ingest (before %s, snapshot %s)", etag, headerOf(first, "ETag"), gjson.GetBytes(res.Body, "snapshot"))
	}
	expectStatus(t, "If-None-Match", f.do("GET", "/v1/index", "", "if-none-match", `W/"zz", `+etag), 304)
	expectStatus(t, "stale If-None-Match", f.do("GET", "/v1/index", "", "if-none-match", headerOf(first, "ETag")), 200)
	if err := signature.Verify(got.Body, f.key.Public().(ed25519.PublicKey)); err != nil {
		t.Fatalf("built index does not verify: %v", err)
	}
	x, err := index.Decode(got.Body)
	if err != nil || len(x.Articles) != 2 {
		t.Fatalf("served index: %v, %d articles", err, len(x.Articles))
	}

	// The same articles again: nothing new, nothing published.
	again := f.do("POST", "/v1/articles", corpusJSONL, "authorization", "Bearer "+token)
	expectStatus(t, "ingest again", again, 200)
	if gjson.GetBytes(again.Body, "added").Int() != 0 || gjson.GetBytes(again.Body, "published").Bool() || len(f.arts.rows) != 2 {
		t.Fatalf("ingest is not idempotent: %s, %d rows", again.Body, len(f.arts.rows))
	}

	// Match: what the engine finds on a page of those sentences.
	m := f.do("POST", "/v1/match", `{"url": "https://example.net/p", "sentences": `+pageSentences+`}`)
	expectStatus(t, "match", m, 200)
	if !isEngineAnswer(x, m, "https://example.net/p", "", pageSentences) {
		t.Fatalf("match: %s is not the engine's answer", m.Body)
	}
	flags := gjson.GetBytes(m.Body, "flags").Array()
	if len(flags) != 2 {
		t.Fatalf("want 2 flags, got %s", m.Body)
	}

	// Each flag's claim can be looked up, with every version.
	for _, fl := range flags {
		id := fl.Get("claim").String()
		c := f.do("GET", "/v1/claims/"+id, "")
		expectStatus(t, "claim "+id, c, 200)
		if gjson.GetBytes(c.Body, "id").String() != id || gjson.GetBytes(c.Body, "kind").String() != fl.Get("kind").String() ||
			len(gjson.GetBytes(c.Body, "versions").Array()) < 2 || !gjson.GetBytes(c.Body, "versions.0.earliest").Bool() {
			t.Fatalf("claim %s: %s", id, c.Body)
		}
	}

	// A new isolate over the same stores serves the same snapshot.
	fresh := New(f.srv.cfg, f.arts, f.kv, nil)
	r2 := fresh.Handle(context.Background(), &Request{Method: "GET", URL: "https://w.example/v1/index"})
	if headerOf(r2, "ETag") != etag || !bytes.Equal(r2.Body, got.Body) {
		t.Fatalf("a new isolate serves %s, want %s", headerOf(r2, "ETag"), etag)
	}
}

// isEngineAnswer reports whether a /v1/match answer is, byte for byte, what
// the engine gives locally for the page of those sentences (a JSON array).
func isEngineAnswer(x *index.Index, m Response, url, date, sentences string) bool {
	var sents []string
	json.Unmarshal([]byte(sentences), &sents)
	want, _ := json.Marshal(match.Analyze(x, MatchPage(url, date, sents)))
	return string(bytes.TrimSpace(m.Body)) == string(want)
}

// TestMatchPageDate checks that /v1/match reads the page's date as the
// engine reads a record's: a page from before the claims were made flags
// none of them, a later or undated one flags them, the date's wording does
// not matter, and each answer is what the engine gives locally.
func TestMatchPageDate(t *testing.T) {
	f := newFixture(t, nil)
	expectStatus(t, "ingest", f.do("POST", "/v1/articles", corpusJSONL, "authorization", "Bearer "+token), 200)
	x := f.served(t)
	for _, c := range []struct {
		date  string // the request's date field, as JSON; "" leaves it out
		flags int
	}{
		{``, 2},
		{`null`, 2},
		{`"2024-03-05"`, 2},
		{`"March 5, 2024"`, 2},
		{`"2023-01-10"`, 0}, // long before the harbour authority spoke
		{`"not a date"`, 2}, // unreadable, so unknown, as in a record
	} {
		body := `{"url": "https://example.net/p", "sentences": ` + pageSentences
		if c.date != "" {
			body += `, "date": ` + c.date
		}
		m := f.do("POST", "/v1/match", body+"}")
		expectStatus(t, "match dated "+c.date, m, 200)
		date := gjson.Parse(c.date).String()
		if got := gjson.GetBytes(m.Body, "flags").Array(); len(got) != c.flags || !isEngineAnswer(x, m, "https://example.net/p", date, pageSentences) {
			t.Errorf("date %s: %d flags, want %d, or not the engine's answer: %s", c.date, len(got), c.flags, m.Body)
		}
	}
	expectStatus(t, "numeric date", f.do("POST", "/v1/match", `{"url": "u", "date": 20240305, "sentences": []}`), 400)
}

// TestNormalizeDateIsExtracts checks that the handler's shortcut for a blank
// date reads every date as extract.NormalizeDate does.
func TestNormalizeDateIsExtracts(t *testing.T) {
	for _, d := range []string{"", " ", "\t\n ", "\u00a0", "\u2003\r", "2024-03-05", " March 5, 2024 ", "not a date", "x"} {
		expectNormalizedDate(t, d, extract.NormalizeDate(d))
	}
}

func expectNormalizedDate(t *testing.T, in, want string) {
	t.Helper()
	if got := normalizeDate(in); got != want {
		t.Errorf("normalizeDate(%q) = %q, want %q", in, got, want)
	}
}

func TestFailedPublishIsNotServedAndHeals(t *testing.T) {
	f := newFixture(t, nil)
	etag0 := headerOf(f.do("GET", "/v1/index", ""), "ETag")
	auth := []string{"authorization", "Bearer " + token}

	f.arts.failAdd = true
	expectStatus(t, "articles store down", f.do("POST", "/v1/articles", corpusJSONL, auth...), 502)
	f.arts.failAdd = false
	f.kv.failPrefix = pointerKey
	expectStatus(t, "pointer write fails", f.do("POST", "/v1/articles", corpusJSONL, auth...), 502)
	if e := headerOf(f.do("GET", "/v1/index", ""), "ETag"); e != etag0 {
		t.Fatalf("a failed publish is served: %s", e)
	}
	// The articles went in but the index lacks them: a retry publishes.
	f.kv.failPrefix = ""
	res := f.do("POST", "/v1/articles", corpusJSONL, auth...)
	expectStatus(t, "retry", res, 200)
	if gjson.GetBytes(res.Body, "added").Int() != 0 || !gjson.GetBytes(res.Body, "published").Bool() {
		t.Fatalf("retry did not publish: %s", res.Body)
	}
	if e := headerOf(f.do("GET", "/v1/index", ""), "ETag"); e == etag0 {
		t.Fatal("the retry's index is not served")
	}
}

func TestUploadSignedIndex(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.SigningKey = nil }) // verify-only Worker
	signed, err := signature.Sign(mustIndex(t), f.key)
	if err != nil {
		t.Fatal(err)
	}
	expectStatus(t, "build without a signing key", f.do("POST", "/v1/articles", corpusJSONL, "authorization", "Bearer "+token), 503)
	expectStatus(t, "upload", f.do("PUT", "/v1/index", string(signed), "authorization", "Bearer "+token), 200)
	got := f.do("GET", "/v1/index", "")
	if !bytes.Equal(got.Body, signed) {
		t.Fatal("the uploaded index is not the one served")
	}
	h := f.do("GET", "/healthz", "")
	expectStatus(t, "healthz", h, 200)
	if gjson.GetBytes(h.Body, "index.articles").Int() != 2 || gjson.GetBytes(h.Body, "index.source").String() != SourceUploaded ||
		gjson.GetBytes(h.Body, "index.signer").String() != gjson.GetBytes(h.Body, "public_key").String() {
		t.Fatalf("healthz: %s", h.Body)
	}
}

func TestCORSAndRateLimit(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.RatePerMinute = 3 })
	for _, o := range []string{"chrome-extension://abcdefghijklmnop", "moz-extension://1234-5678"} {
		pre := f.do("OPTIONS", "/v1/index", "", "origin", o, "access-control-request-method", "GET", "access-control-request-headers", "if-none-match")
		expectStatus(t, "preflight "+o, pre, 204)
		if headerOf(pre, "Access-Control-Allow-Origin") != o || !strings.Contains(headerOf(pre, "Access-Control-Allow-Headers"), "If-None-Match") {
			t.Fatalf("preflight from %s: %v", o, pre.Header)
		}
	}
	get := f.do("GET", "/v1/index", "", "origin", "chrome-extension://x", "cf-connecting-ip", "10.0.0.1")
	if headerOf(get, "Access-Control-Expose-Headers") != "ETag" || headerOf(get, "ETag") == "" {
		t.Fatalf("extension GET lacks CORS headers: %v", get.Header)
	}
	if headerOf(f.do("GET", "/v1/index", "", "cf-connecting-ip", "10.0.0.1"), "Access-Control-Allow-Origin") != "" {
		t.Fatal("CORS headers without an origin")
	}
	expectStatus(t, "third request", f.do("GET", "/healthz", "", "cf-connecting-ip", "10.0.0.1"), 200)
	expectStatus(t, "fourth request", f.do("GET", "/healthz", "", "cf-connecting-ip", "10.0.0.1"), 429)
	expectStatus(t, "another client", f.do("GET", "/healthz", "", "cf-connecting-ip", "10.0.0.2"), 200)
	f.now = f.now.Add(time.Minute)
	expectStatus(t, "a minute later", f.do("GET", "/healthz", "", "cf-connecting-ip", "10.0.0.1"), 200)
}

func TestConfigFrom(t *testing.T) {
	pub, key, _ := ed25519.GenerateKey(nil)
	enc := base64.StdEncoding.EncodeToString
	cases := []struct {
		env  map[string]string
		fail bool
	}{
		{map[string]string{}, false},
		{map[string]string{"SIGNING_KEY": enc(key), "PUBLIC_KEY": enc(pub)}, false},
		{map[string]string{"SIGNING_KEY": enc(key.Seed())}, false},
		{map[string]string{"SIGNING_KEY": "not base64!"}, true},
		{map[string]string{"SIGNING_KEY": enc(key[:40])}, true},
		{map[string]string{"PUBLIC_KEY": enc(pub[:31])}, true},
		{map[string]string{"SIGNING_KEY": enc(key), "PUBLIC_KEY": enc(make([]byte, 32))}, true},
		{map[string]string{"RATE_LIMIT": "-1"}, true},
		{map[string]string{"RATE_LIMIT": "0"}, false},
		{map[string]string{"MATCH_CACHE_MB": "0"}, false},
		{map[string]string{"MATCH_CACHE_MB": "16"}, false},
		{map[string]string{"MATCH_CACHE_MB": "-1"}, true},
		{map[string]string{"MATCH_CACHE_MB": "65"}, true},
		{map[string]string{"MATCH_CACHE_MB": "8 MB"}, true},
	}
	for _, c := range cases {
		cfg, err := ConfigFrom(func(k string) string { return c.env[k] })
		if (err != nil) != c.fail {
			t.Fatalf("%v: err %v, want failure %v", c.env, err, c.fail)
		}
		if err == nil && c.env["SIGNING_KEY"] != "" && !cfg.PublicKey.Equal(pub) {
			t.Fatalf("%v: public key not derived", c.env)
		}
	}
}

// storyJSONL is n articles of our own writing, numbered from first, each
// about another town, so every one is new to the corpus.
func storyJSONL(first, n int) string {
	towns := []string{"Arlow", "Brenmoor", "Castleby", "Dunhallow", "Eskerton", "Fallowmere", "Glenrack", "Hollin", "Ivybridge", "Jarrowfield"}
	var b strings.Builder
	for i := first; i < first+n; i++ {
		t := towns[i%len(towns)]
		fmt.Fprintf(&b, `{"id":"t%d","outlet":"Example Gazette","date":"2024-04-%02d","lang":"en","url":"https://example.org/t%d","title":"%s bridge","text":"The council of %s said on Monday that the old stone bridge would reopen in May after repairs costing %d million dollars.\n\nResidents of %s rejected claims that the work had damaged the river bank."}`+"\n",
			i, 1+i%28, i, t, t, 2+i, t)
	}
	return b.String()
}

// distinctJSONL is one article, id t<i>, whose words are its own: unlike
// storyJSONL's, no two share enough text to count as one article.
func distinctJSONL(i int) string {
	return fmt.Sprintf(`{"id":"t%d","outlet":"Example Gazette","date":"2024-05-01","lang":"en","text":"Mayor%[1]d of Town%[1]d told Paper%[1]d that Bridge%[1]d near Mill%[1]d reopens after Repair%[1]d of Pier%[1]d."}`+"\n", i)
}

// served is the index the server serves, decoded.
func (f *fixture) served(t *testing.T) *index.Index {
	t.Helper()
	r := f.do("GET", "/v1/index", "")
	expectStatus(t, "index", r, 200)
	x, err := index.Decode(r.Body)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// expectArticles checks that x holds exactly the articles with ids want.
func expectArticles(t *testing.T, what string, x *index.Index, want ...string) {
	t.Helper()
	var got []string
	for _, a := range x.Articles {
		got = append(got, a.ID)
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("%s: the index holds %v, want %v", what, got, want)
	}
}

func TestInterleavedIngestKeepsEveryArticle(t *testing.T) {
	auth := []string{"authorization", "Bearer " + token}
	// Another request slips in before this one stores its articles (its
	// index lacks them: this one must build again), or before this one
	// publishes an index that lacks the other's (this one must not publish
	// it), or both.
	for _, hooks := range [][]string{{"Add"}, {"Publish"}, {"Add", "Publish"}} {
		f := newFixture(t, nil)
		f.arts.before = map[string]func(){}
		for i, h := range hooks {
			f.arts.before[h] = func() {
				expectStatus(t, "the request that slips in", f.do("POST", "/v1/articles", storyJSONL(2+2*i, 2), auth...), 200)
			}
		}
		res := f.do("POST", "/v1/articles", storyJSONL(0, 2), auth...)
		expectStatus(t, "the slower request", res, 200)
		want := []string{"t0", "t1", "t2", "t3", "t4", "t5"}[:2+2*len(hooks)]
		expectArticles(t, fmt.Sprint(hooks), f.served(t), want...)
		p, ok, err := readPointer(context.Background(), f.kv)
		if !ok || err != nil || p.Gen != f.arts.gen || p.Snapshot != gjson.GetBytes(res.Body, "snapshot").String() {
			t.Fatalf("%v: pointer %+v (%v %v), generation %d; response %s", hooks, p, ok, err, f.arts.gen, res.Body)
		}
		// A new isolate serves the same.
		g := &fixture{srv: New(f.srv.cfg, f.arts, f.kv, nil), arts: f.arts, kv: f.kv}
		expectArticles(t, fmt.Sprint(hooks, " in a new isolate"), g.served(t), want...)
	}
}

func TestConcurrentIngestKeepsEveryArticle(t *testing.T) {
	f := newFixture(t, nil)
	var wg sync.WaitGroup
	const n = 6
	status := make([]Response, n)
	for i := range n {
		wg.Go(func() {
			status[i] = f.do("POST", "/v1/articles", storyJSONL(i, 1), "authorization", "Bearer "+token)
		})
	}
	wg.Wait()
	for i, r := range status {
		expectStatus(t, fmt.Sprint("request ", i), r, 200)
	}
	want := []string{"t0", "t1", "t2", "t3", "t4", "t5"}
	expectArticles(t, "served", f.served(t), want...)
	g := &fixture{srv: New(f.srv.cfg, f.arts, f.kv, nil), arts: f.arts, kv: f.kv}
	expectArticles(t, "a new isolate", g.served(t), want...)
}

// A request that loses every publish to another one that slips in first,
// while yet another has stored its articles and not published them (so the
// index just published never holds everything stored), still succeeds: by
// its third try an index built after its articles were stored is published.
func TestIngestThatKeepsLosingSucceeds(t *testing.T) {
	auth := []string{"authorization", "Bearer " + token}
	f := newFixture(t, nil)
	f.arts.before = map[string]func(){}
	rounds := 0
	var slipIn func()
	slipIn = func() {
		rounds++
		expectStatus(t, "the request that slips in", f.do("POST", "/v1/articles", distinctJSONL(10*rounds), auth...), 200)
		in, err := parseArticles([]byte(distinctJSONL(10*rounds + 1)))
		if err != nil {
			t.Fatal(err)
		}
		if err := f.arts.Add(context.Background(), []Stored{{Hash: ContentHash(in[0].Text), Article: in[0]}}); err != nil {
			t.Fatal(err)
		}
		if rounds < 2*maxPublishAttempts {
			f.arts.mu.Lock()
			f.arts.before["Publish"] = slipIn
			f.arts.mu.Unlock()
		}
	}
	f.arts.before["Publish"] = slipIn
	expectStatus(t, "the request that keeps losing", f.do("POST", "/v1/articles", storyJSONL(0, 2), auth...), 200)
	f.arts.mu.Lock()
	f.arts.before = nil
	f.arts.mu.Unlock()
	// Served: ours, every slipped-in article, and every stored-only one but
	// the last, which the next slipped-in request published.
	want := []string{"t0", "t1"}
	for k := 1; k <= rounds; k++ {
		want = append(want, fmt.Sprint("t", 10*k))
		if k < rounds {
			want = append(want, fmt.Sprint("t", 10*k+1))
		}
	}
	expectArticles(t, "served", f.served(t), want...)
}

func TestPointerNeverGoesBack(t *testing.T) {
	f := newFixture(t, nil)
	auth := []string{"authorization", "Bearer " + token}
	expectStatus(t, "first", f.do("POST", "/v1/articles", storyJSONL(0, 1), auth...), 200)
	old, _, _ := readPointer(context.Background(), f.kv)
	expectStatus(t, "second", f.do("POST", "/v1/articles", storyJSONL(1, 1), auth...), 200)
	newer, _, _ := readPointer(context.Background(), f.kv)
	// The first publish's pointer is written last (KV has no
	// compare-and-swap): its writer puts the later one back.
	if err := f.srv.announce(context.Background(), old); err != nil {
		t.Fatal(err)
	}
	if p, _, _ := readPointer(context.Background(), f.kv); p.Snapshot != newer.Snapshot {
		t.Fatalf("pointer went back to generation %d", p.Gen)
	}
	// An isolate that reads an older pointer (KV is eventually consistent)
	// keeps serving the newer index it has.
	putPointer(context.Background(), f.kv, old)
	f.now = f.now.Add(time.Hour)
	expectArticles(t, "after reading an old pointer", f.served(t), "t0", "t1")
}

func TestUploadedIndexRefusesIngest(t *testing.T) {
	f := newFixture(t, nil)
	auth := []string{"authorization", "Bearer " + token}
	expectStatus(t, "ingest", f.do("POST", "/v1/articles", storyJSONL(0, 1), auth...), 200)
	signed, err := signature.Sign(mustIndex(t), f.key)
	if err != nil {
		t.Fatal(err)
	}
	expectStatus(t, "upload", f.do("PUT", "/v1/index", string(signed), auth...), 200)
	before := f.state()
	for _, body := range []string{storyJSONL(1, 2), storyJSONL(0, 1)} {
		r := f.do("POST", "/v1/articles", body, auth...)
		expectStatus(t, "ingest over an upload", r, 409)
		if !strings.Contains(gjson.GetBytes(r.Body, "error").String(), "managed offline") {
			t.Fatalf("409 does not say why: %s", r.Body)
		}
		if f.state() != before {
			t.Fatal("a refused ingest changed the stores")
		}
	}
	if !bytes.Equal(f.do("GET", "/v1/index", "").Body, signed) {
		t.Fatal("the uploaded index was replaced")
	}
	// The store refuses too, for an upload that lands between the check
	// and the insert.
	if err := f.arts.Add(context.Background(), []Stored{{Hash: "h", Article: intake.Article{ID: "x", Text: "x"}}}); !errors.Is(err, ErrManagedOffline) {
		t.Fatalf("Add over an upload: %v", err)
	}
}

// uploaded makes f serve a signed upload, after ingesting n articles, and
// returns the upload.
func (f *fixture) uploaded(t *testing.T, n int) []byte {
	t.Helper()
	auth := []string{"authorization", "Bearer " + token}
	if n > 0 {
		expectStatus(t, "ingest", f.do("POST", "/v1/articles", storyJSONL(0, n), auth...), 200)
	}
	signed, err := signature.Sign(mustIndex(t), f.key)
	if err != nil {
		t.Fatal(err)
	}
	expectStatus(t, "upload", f.do("PUT", "/v1/index", string(signed), auth...), 200)
	return signed
}

// expectUploadServed checks that the upload is still what every isolate
// serves, and that ingest is still refused.
func expectUploadServed(t *testing.T, what string, f *fixture, signed []byte) {
	t.Helper()
	g := &fixture{srv: New(f.srv.cfg, f.arts, f.kv, nil), arts: f.arts, kv: f.kv}
	for _, h := range []*fixture{f, g} {
		if !bytes.Equal(h.do("GET", "/v1/index", "").Body, signed) {
			t.Fatalf("%s: the upload is no longer served", what)
		}
	}
	expectStatus(t, what+": ingest", f.do("POST", "/v1/articles", storyJSONL(7, 1), "authorization", "Bearer "+token), 409)
}

func TestDeleteIndex(t *testing.T) {
	bearer := []string{"authorization", "Bearer " + token}
	cases := []struct {
		what   string
		stored int           // articles ingested before the upload
		upload bool          // whether an upload is served when DELETE comes
		header []string      // DELETE's headers
		edit   func(*Config) // the configuration of the isolate DELETE goes to
		inject func(*fixture)
		want   int
		source string // what is served afterwards, when DELETE succeeded
	}{
		{what: "articles stored: an index of them", stored: 2, upload: true, header: bearer, want: 200, source: "built"},
		{what: "none stored: the default corpus", upload: true, header: bearer, want: 200, source: "default"},
		{what: "no upload, nothing published", header: bearer, want: 200, source: "default"},
		{what: "no upload, a built index published", stored: 1, header: bearer, want: 200, source: "built"},
		{what: "no token", stored: 1, upload: true, want: 401},
		{what: "wrong token", stored: 1, upload: true, header: []string{"authorization", "Bearer nope"}, want: 401},
		{what: "not a bearer token", stored: 1, upload: true, header: []string{"authorization", "Basic " + token}, want: 401},
		{what: "a web page's origin", stored: 1, upload: true, header: append([]string{"origin", "https://evil.example"}, bearer...), want: 403},
		{what: "writes disabled", stored: 1, upload: true, header: bearer, edit: func(c *Config) { c.Token = "" }, want: 503},
		{what: "no signing key, articles stored", stored: 1, upload: true, header: bearer, edit: func(c *Config) { c.SigningKey = nil }, want: 503},
		{what: "storing the snapshot fails", stored: 1, upload: true, header: bearer, inject: func(f *fixture) { f.kv.failPrefix = "index/" }, want: 502},
		{what: "recording the publish fails", stored: 1, upload: true, header: bearer, inject: func(f *fixture) { f.arts.failPub = true }, want: 502},
		{what: "none stored, recording fails", upload: true, header: bearer, inject: func(f *fixture) { f.arts.failPub = true }, want: 502},
	}
	for _, c := range cases {
		f := newFixture(t, nil)
		var signed []byte
		if c.upload {
			signed = f.uploaded(t, c.stored)
		} else if c.stored > 0 {
			expectStatus(t, c.what+": ingest", f.do("POST", "/v1/articles", storyJSONL(0, c.stored), bearer...), 200)
		}
		before, gen := f.state(), f.arts.gen
		srv := f.srv
		if c.edit != nil {
			cfg := f.srv.cfg
			c.edit(&cfg)
			srv = New(cfg, f.arts, f.kv, func() time.Time { return f.now })
		}
		if c.inject != nil {
			c.inject(f)
		}
		d := &fixture{srv: srv, arts: f.arts, kv: f.kv}
		res := d.do("DELETE", "/v1/index", "", c.header...)
		expectStatus(t, c.what, res, c.want)
		f.kv.failPrefix, f.arts.failPub = "", false
		switch {
		case c.want != 200:
			if f.arts.gen != gen {
				t.Fatalf("%s: a refused DELETE recorded a publish", c.what)
			}
			expectUploadServed(t, c.what, f, signed)
			continue
		case !c.upload:
			if f.state() != before || gjson.GetBytes(res.Body, "published").Bool() || gjson.GetBytes(res.Body, "note").String() == "" {
				t.Fatalf("%s: not a no-op: %s", c.what, res.Body)
			}
		}
		served := f.do("GET", "/v1/index", "")
		h := f.do("GET", "/healthz", "")
		if got := gjson.GetBytes(h.Body, "index.source").String(); got != c.source || gjson.GetBytes(res.Body, "source").String() != c.source ||
			headerOf(served, "ETag") != `"`+gjson.GetBytes(res.Body, "snapshot").String()+`"` ||
			gjson.GetBytes(res.Body, "generation").Int() != gjson.GetBytes(h.Body, "index.generation").Int() {
			t.Fatalf("%s: serves %s (%s), answered %s", c.what, got, headerOf(served, "ETag"), res.Body)
		}
		if c.upload && (bytes.Equal(served.Body, signed) || f.arts.gen != gen+1) {
			t.Fatalf("%s: the upload is still served, or not one publish (generation %d -> %d)", c.what, gen, f.arts.gen)
		}
		fresh := New(f.srv.cfg, &memArticles{}, &memKV{m: map[string][]byte{}}, nil)
		if c.source == "default" && !bytes.Equal(served.Body, fresh.Handle(context.Background(), &Request{Method: "GET", URL: "/v1/index"}).Body) {
			t.Fatalf("%s: serves other than a fresh Worker's default corpus", c.what)
		}
		var want []string
		for i := range c.stored {
			want = append(want, fmt.Sprint("t", i))
		}
		if c.source == "built" {
			expectArticles(t, c.what, f.served(t), want...)
		}
		g := &fixture{srv: New(f.srv.cfg, f.arts, f.kv, nil), arts: f.arts, kv: f.kv}
		if !bytes.Equal(g.do("GET", "/v1/index", "").Body, served.Body) {
			t.Fatalf("%s: a new isolate serves another index", c.what)
		}
		// Idempotent, and ingest works again.
		again := f.do("DELETE", "/v1/index", "", bearer...)
		expectStatus(t, c.what+": again", again, 200)
		if gjson.GetBytes(again.Body, "published").Bool() || gjson.GetBytes(again.Body, "snapshot").String() != gjson.GetBytes(res.Body, "snapshot").String() {
			t.Fatalf("%s: DELETE again changed something: %s", c.what, again.Body)
		}
		expectStatus(t, c.what+": ingest after", f.do("POST", "/v1/articles", storyJSONL(7, 1), bearer...), 200)
		expectArticles(t, c.what+": ingest after", f.served(t), append(want, "t7")...)
	}
}

func TestDeleteIndexFinishesAfterPointerFailure(t *testing.T) {
	f := newFixture(t, nil)
	signed := f.uploaded(t, 2)
	auth := []string{"authorization", "Bearer " + token}
	f.kv.failPrefix = pointerKey
	expectStatus(t, "pointer write fails", f.do("DELETE", "/v1/index", "", auth...), 502)
	f.kv.failPrefix = ""
	g := &fixture{srv: New(f.srv.cfg, f.arts, f.kv, nil), arts: f.arts, kv: f.kv}
	for _, h := range []*fixture{f, g} {
		if !bytes.Equal(h.do("GET", "/v1/index", "").Body, signed) {
			t.Fatal("an unannounced publish is served")
		}
	}
	// The publish is recorded: the retry writes its pointer.
	res := f.do("DELETE", "/v1/index", "", auth...)
	expectStatus(t, "retry", res, 200)
	if !gjson.GetBytes(res.Body, "published").Bool() || gjson.GetBytes(res.Body, "source").String() != "built" {
		t.Fatalf("retry did not finish the publish: %s", res.Body)
	}
	expectArticles(t, "after the retry", f.served(t), "t0", "t1")
	g = &fixture{srv: New(f.srv.cfg, f.arts, f.kv, nil), arts: f.arts, kv: f.kv}
	expectArticles(t, "after the retry, a new isolate", g.served(t), "t0", "t1")
}

func TestDeleteIndexRaces(t *testing.T) {
	auth := []string{"authorization", "Bearer " + token}
	// Before DELETE records its publish, other requests upload again (DELETE
	// must end that upload too), or end the upload themselves, or end it,
	// ingest and upload again (DELETE must build again, with the new article).
	for _, others := range [][]string{{"PUT"}, {"DELETE"}, {"DELETE", "POST", "PUT"}} {
		f := newFixture(t, nil)
		signed := f.uploaded(t, 1)
		want := []string{"t0"}
		f.arts.before = map[string]func(){"Publish": func() {
			for _, m := range others {
				body, url := string(signed), "/v1/index"
				if m == "POST" {
					body, url = storyJSONL(5, 1), "/v1/articles"
					want = append(want, "t5")
				}
				expectStatus(t, "the request that slips in: "+m, f.do(m, url, body, auth...), 200)
			}
		}}
		res := f.do("DELETE", "/v1/index", "", auth...)
		expectStatus(t, fmt.Sprint("DELETE after ", others), res, 200)
		g := &fixture{srv: New(f.srv.cfg, f.arts, f.kv, nil), arts: f.arts, kv: f.kv}
		expectArticles(t, fmt.Sprint("after ", others), g.served(t), want...)
		if p, _, _ := readPointer(context.Background(), f.kv); p.Source != "built" || p.Gen != f.arts.gen {
			t.Fatalf("after %v: pointer %+v, generation %d", others, p, f.arts.gen)
		}
	}
}

// TestHandleNow checks that HandleNow answers as Handle does whatever it
// can answer without storage I/O, and leaves the rest to Handle untouched:
// before the first snapshot is loaded, when its refresh is due, and every
// write; a request it declines is not counted by the rate limit.
func TestHandleNow(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.RatePerMinute = 4; c.MatchCache = 1 << 20 })
	now := func(method, url, body string) (Response, bool) {
		return f.srv.HandleNow(&Request{Method: method, URL: url, Header: map[string]string{"cf-connecting-ip": "10.0.0.1"}, Body: []byte(body)})
	}
	expectDeclined := func(what, method, url, body string) {
		t.Helper()
		if _, ok := now(method, url, body); ok {
			t.Fatalf("%s: answered without waiting", what)
		}
	}
	match := `{"url": "https://example.net/p", "sentences": ` + pageSentences + `}`
	expectDeclined("before any snapshot", "POST", "/v1/match", match)
	want := f.do("POST", "/v1/match", match, "cf-connecting-ip", "10.0.0.2") // loads the snapshot
	got, ok := now("POST", "/v1/match", match)
	if !ok || got.Status != 200 || !bytes.Equal(got.Body, want.Body) || headerOf(got, "X-Retold-Cache") != "hit" {
		t.Fatalf("match now: %v %d %s, want %s", ok, got.Status, got.Body, want.Body)
	}
	for _, c := range []struct{ method, url, body string }{
		{"POST", "/v1/articles", corpusJSONL}, {"PUT", "/v1/index", "x"}, {"DELETE", "/v1/index", ""},
	} {
		expectDeclined("write "+c.method+" "+c.url, c.method, c.url, c.body)
	}
	if n := len(f.arts.rows); n != 0 {
		t.Fatalf("a declined write stored %d articles", n)
	}
	if got, ok := now("GET", "/v1/claims/nope", ""); !ok || got.Status != 404 {
		t.Fatalf("claim now: %v %d", ok, got.Status)
	}
	f.now = f.now.Add(DefaultRefresh)
	expectDeclined("refresh due", "GET", "/healthz", "")
	expectStatus(t, "refresh", f.do("GET", "/healthz", "", "cf-connecting-ip", "10.0.0.1"), 200)
	if got, ok := now("GET", "/healthz", ""); !ok || got.Status != 200 {
		t.Fatalf("healthz now after the refresh: %v %d", ok, got.Status)
	}
	// Counted: the match, the claim, the refresh, this healthz; declined
	// ones are not, so the fifth is the first refused.
	if got, ok := now("GET", "/healthz", ""); !ok || got.Status != 429 {
		t.Fatalf("fifth request: %v %d, want 429", ok, got.Status)
	}
}
