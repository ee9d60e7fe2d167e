package api

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"runtime"
	"strings"
	"testing"

	"github.com/retold/retold/shared/index"
	"github.com/retold/retold/shared/match"
)

// expectMarshal checks that appendResult writes what json.Marshal does for
// r, byte for byte, and refuses what Marshal refuses.
func expectMarshal(t *testing.T, what string, r match.Result) {
	t.Helper()
	want, err := json.Marshal(r)
	got, ok := appendResult(nil, &r)
	switch {
	case err != nil && ok:
		t.Errorf("%s: written as %s, Marshal refuses it (%v)", what, got, err)
	case err == nil && !ok:
		t.Errorf("%s: refused, Marshal writes %s", what, want)
	case err == nil && !bytes.Equal(got, want):
		t.Errorf("%s:\n got %s\nwant %s", what, got, want)
	}
}

func TestMatchJSONIsMarshal(t *testing.T) {
	x, page := benchPage(t)
	expectMarshal(t, "the sample page's answer", match.Analyze(x, page))
	ver := func(score float64, earliest bool) match.Version {
		return match.Version{Source: "s", Outlet: "The Outlet", URL: "https://example.net/a?b=1&c=<2>", Date: "2023-01-02", Lang: "en", Text: "It said \"no\".", Score: score, Earliest: earliest}
	}
	flag := func(text string, score float64, vs []match.Version) match.Flag {
		return match.Flag{Text: text, Kind: "claim", Claim: "c1", Speaker: "the ministry", Score: score, Versions: vs,
			Selector: match.Selector{Exact: text, Prefix: "before ", Suffix: " after"}, Position: match.Position{Start: 3, End: 40}}
	}
	counter := &match.Counter{Claim: "c2", Kind: "denial", Speaker: "Pyongyang", Text: "A self-made rumour."}
	withCounter := flag("plain", 0.5, []match.Version{ver(0.5, true), ver(0.25, false)})
	withCounter.Counter = counter
	withCounter.PagePosition = &match.Position{Start: 100, End: 180}
	for _, tc := range []struct {
		what string
		r    match.Result
	}{
		{"no flags", match.Result{Page: "p", Flags: []match.Flag{}}},
		{"nil flags", match.Result{}},
		{"needs", match.Result{Page: "p", Flags: []match.Flag{}, Needs: []string{"de", "ko"}}},
		{"empty needs", match.Result{Page: "p", Flags: []match.Flag{}, Needs: []string{}}},
		{"counter, page position, earliest", match.Result{Page: "p", Flags: []match.Flag{withCounter}}},
		{"nil and empty versions", match.Result{Flags: []match.Flag{flag("a", 1, nil), flag("b", 0, []match.Version{})}}},
		{"escapes", match.Result{Page: "<&>\"\\/", Flags: []match.Flag{flag("tab\tnl\ncr\rbs\bff\fnul\x00us\x1fdel\x7f", 0.001, nil)}}},
		{"unicode", match.Result{Page: "Seúl 서울 \u2028 \u2029 \u2027 😀", Flags: []match.Flag{flag("bad \xff\xfe utf-8 \xe2\x80", 0.999, nil)}}},
		{"scores", match.Result{Flags: []match.Flag{flag("a", 1e-7, []match.Version{ver(1e21, false), ver(-1e-3, false), ver(123456789, false), ver(1e-6, false), ver(5e-324, false)})}}},
		{"negative zero", match.Result{Flags: []match.Flag{flag("a", math.Copysign(0, -1), nil)}}},
		{"NaN", match.Result{Flags: []match.Flag{flag("a", math.NaN(), nil)}}},
		{"infinite version", match.Result{Flags: []match.Flag{flag("a", 0.5, []match.Version{ver(math.Inf(1), false)})}}},
	} {
		expectMarshal(t, tc.what, tc.r)
	}
}

// TestMatchResponseIsJSONResponse: the handler's answer, body and header,
// is what jsonResponse gives for the same result.
func TestMatchResponseIsJSONResponse(t *testing.T) {
	x, page := benchPage(t)
	r := match.Analyze(x, page)
	got, want := matchResponse(&r), jsonResponse(200, r)
	if got.Status != want.Status || !bytes.Equal(got.Body, want.Body) || len(got.Header) != 1 || got.Header[0] != want.Header[0] {
		t.Errorf("matchResponse %d %v %s, jsonResponse %d %v %s", got.Status, got.Header, got.Body, want.Status, want.Header, want.Body)
	}
	r.Flags = append(r.Flags, match.Flag{Score: math.NaN()})
	if got, want := matchResponse(&r), jsonResponse(200, r); got.Status != want.Status || !bytes.Equal(got.Body, want.Body) {
		t.Errorf("with a NaN score: matchResponse %d %s, jsonResponse %d %s", got.Status, got.Body, want.Status, want.Body)
	}
}

// healthMap is the /healthz report as the map health once gave
// json.Marshal, which appendJSON's bytes must equal.
func healthMap(h *health) map[string]any {
	snap := h.snap
	claims, denials := snap.stances()
	return map[string]any{
		"ok": true, "public_key": h.publicKey, "writes": h.writes,
		"memory":      map[string]any{"heap_bytes": h.mem.HeapAlloc, "sys_bytes": h.mem.Sys, "gcs": h.mem.NumGC},
		"match_cache": map[string]any{"answers": h.answers, "bytes": h.answerBytes, "max_bytes": h.cacheMax},
		"index": map[string]any{
			"snapshot": snap.ptr.Snapshot, "source": snap.ptr.Source, "published": snap.ptr.At, "generation": snap.ptr.Gen,
			"bytes": len(snap.data), "signer": snap.signer(), "format": index.Format, "date": snap.x.Date,
			"articles": len(snap.x.Articles), "sentences": len(snap.x.Sentences), "claims": claims, "denials": denials,
		},
	}
}

func expectHealthMarshal(t *testing.T, what string, h *health) {
	t.Helper()
	want, err := json.Marshal(healthMap(h))
	if err != nil {
		t.Fatal(err)
	}
	if got := h.appendJSON(nil); !bytes.Equal(got, append(want, '\n')) {
		t.Errorf("%s:\n got %s\nwant %s", what, got, want)
	}
}

// TestHealthJSONIsMarshal checks the /healthz report against json.Marshal
// of its map, on the served snapshot and on one whose strings need
// escaping and whose numbers are at their extremes.
func TestHealthJSONIsMarshal(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.MatchCache = 8 << 20 })
	expectStatus(t, "healthz", f.do("GET", "/healthz", ""), 200)
	snap, err := f.srv.current(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	h := &health{snap: snap, publicKey: "k+/=", writes: true, answers: 3, answerBytes: 1234, cacheMax: 8 << 20}
	runtime.ReadMemStats(&h.mem)
	expectHealthMarshal(t, "served", h)

	odd := &snapshot{ptr: pointer{Snapshot: "<a&b>", Source: "up\"loaded\\", At: "2024-03-05T10:00:00Z\u2028\x01é\xff", Gen: math.MaxInt64},
		data: []byte("x"), x: snap.x}
	h = &health{snap: odd, mem: runtime.MemStats{HeapAlloc: math.MaxUint64, Sys: 1, NumGC: math.MaxUint32}, cacheMax: -1}
	expectHealthMarshal(t, "odd", h)
}

// TestStringIsMarshal puts every byte value, and runes Marshal escapes or
// writes as they are, at every offset of strings around the eight-byte
// steps appendString scans in, and checks each against json.Marshal.
func TestStringIsMarshal(t *testing.T) {
	var inserts []string
	for c := range 256 {
		inserts = append(inserts, string([]byte{byte(c)}))
	}
	inserts = append(inserts, "é", "서", "\u2028", "\u2029", "😀", "\xe2\x80", "\xed\xa0\x80")
	for _, n := range []int{0, 1, 7, 8, 9, 15, 16, 17, 24} {
		base := strings.Repeat("abcdefgh", 4)[:n]
		for at := 0; at <= n; at++ {
			for _, in := range inserts {
				s := base[:at] + in + base[at:]
				want, _ := json.Marshal(s)
				if got := appendString(nil, s); !bytes.Equal(got, want) {
					t.Errorf("%q: got %s, want %s", s, got, want)
				}
			}
		}
	}
}

// FuzzString holds appendString to json.Marshal on any string.
func FuzzString(f *testing.F) {
	for _, s := range []string{"", "plain words, eight at a time", "<&>\"\\\x00\x1f\x7f", "Seúl \u2028 \xff😀 \xe2\x80"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := json.Marshal(s)
		if got := appendString(nil, s); !bytes.Equal(got, want) {
			t.Errorf("%q: got %s, want %s", s, got, want)
		}
	})
}
