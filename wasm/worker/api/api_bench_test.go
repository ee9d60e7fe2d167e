package api

// Benchmarks of POST /v1/match beside the engine call it wraps, on the
// default (seed) corpus with the sentences of docs/sample/page.html
// (testdata/match.json, the body `make bench-worker` sends): what the
// handler adds to match.Analyze is parsing the body and writing the JSON
// (BenchmarkMatchEncode); an answer from the cache skips both
// (BenchmarkMatchHandlerHit).
// Run them natively and compiled to wasm:
//
//	go test -run=- -bench=Match ./wasm/worker/api
//	GOOS=js GOARCH=wasm go test -exec="$(go env GOROOT)/lib/wasm/go_js_wasm_exec" -run=- -bench=Match ./wasm/worker/api

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"testing"

	"github.com/retold/retold/shared/index"
	"github.com/retold/retold/shared/intake"
	"github.com/retold/retold/shared/match"
	"github.com/retold/retold/shared/sentences"
	"github.com/tidwall/gjson"
)

func benchBody(b testing.TB) []byte {
	b.Helper()
	body, err := os.ReadFile("testdata/match.json")
	if err != nil {
		b.Fatal(err)
	}
	return body
}

// benchPage is the default corpus's index, as a fresh server loads it, and
// the page the request body makes of its sentences.
func benchPage(b testing.TB) (*index.Index, intake.Article) {
	b.Helper()
	body := benchBody(b)
	srv := New(Config{}, &memArticles{}, &memKV{m: map[string][]byte{}}, nil)
	snap, err := srv.current(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	var sents []string
	for _, s := range gjson.GetBytes(body, "sentences").Array() {
		sents = append(sents, s.String())
	}
	return snap.x, MatchPage(gjson.GetBytes(body, "url").String(), "", sents)
}

// BenchmarkMatchHandler is POST /v1/match through Server.Handle.
func BenchmarkMatchHandler(b *testing.B) {
	body := benchBody(b)
	srv := New(Config{}, &memArticles{}, &memKV{m: map[string][]byte{}}, nil)
	req := &Request{Method: "POST", URL: "/v1/match", Header: map[string]string{}, Body: body}
	if r := srv.Handle(context.Background(), req); r.Status != 200 {
		b.Fatalf("status %d: %s", r.Status, r.Body)
	}
	for b.Loop() {
		srv.Handle(context.Background(), req)
	}
}

// BenchmarkMatchHandlerHit is POST /v1/match answered from the answer
// cache: the body validated and read, the key hashed, the answer found.
func BenchmarkMatchHandlerHit(b *testing.B) {
	body := benchBody(b)
	srv := New(Config{MatchCache: DefaultMatchCache << 20}, &memArticles{}, &memKV{m: map[string][]byte{}}, nil)
	req := &Request{Method: "POST", URL: "/v1/match", Header: map[string]string{}, Body: body}
	if r := srv.Handle(context.Background(), req); r.Status != 200 {
		b.Fatalf("status %d: %s", r.Status, r.Body)
	}
	for b.Loop() {
		if r := srv.Handle(context.Background(), req); len(r.Header) < 2 || r.Header[1][1] != "hit" {
			b.Fatalf("not a hit: %v", r.Header)
		}
	}
}

// BenchmarkMatchEngine is match.Analyze alone on the same sentences.
func BenchmarkMatchEngine(b *testing.B) {
	x, page := benchPage(b)
	for b.Loop() {
		match.Analyze(x, page)
	}
}

// BenchmarkMatchEncode is the JSON answer alone: what matchResponse spends
// on the flags match.Analyze gives for the same sentences.
func BenchmarkMatchEncode(b *testing.B) {
	res := match.Analyze(benchPage(b))
	for b.Loop() {
		matchResponse(&res)
	}
}

// BenchmarkMatchEncodeMarshal is BenchmarkMatchEncode with encoding/json,
// which wrote the answers before json.go: the same bytes.
func BenchmarkMatchEncodeMarshal(b *testing.B) {
	res := match.Analyze(benchPage(b))
	for b.Loop() {
		jsonResponse(200, res)
	}
}

// BenchmarkMatchGC is match.Analyze at Go's default GOGC (100) beside the
// Worker's 400, with the live heap of an isolate that has just loaded its
// index: in WebAssembly a collection runs on the one thread, in the request
// that triggers it, so how often one runs shows in requests' time
// (wasm/worker/main.go, "Memory").
func BenchmarkMatchGC(b *testing.B) {
	x, page := benchPage(b)
	for _, pct := range []int{100, 400, 100, 400} {
		b.Run(fmt.Sprintf("GOGC=%d", pct), func(b *testing.B) {
			defer debug.SetGCPercent(debug.SetGCPercent(pct))
			runtime.GC()
			var m0, m1 runtime.MemStats
			runtime.ReadMemStats(&m0)
			for b.Loop() {
				match.Analyze(x, page)
			}
			runtime.ReadMemStats(&m1)
			b.ReportMetric(float64(m1.NumGC-m0.NumGC)/float64(b.N)*1000, "GCs/1000req")
		})
	}
}

// BenchmarkMatchEnginePages is match.Analyze on each page of the folder
// RETOLD_BENCH_PAGES names (`make bench-worker` sets it to the development
// pages, read in place), one page an iteration in turn: the bodies the load
// test sends, as the extension sends them (split and folded). Skipped when
// it is not set.
func BenchmarkMatchEnginePages(b *testing.B) {
	dir := os.Getenv("RETOLD_BENCH_PAGES")
	if dir == "" {
		b.Skip("RETOLD_BENCH_PAGES is not set")
	}
	x, _ := benchPage(b)
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	var pages []intake.Article
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		as, err := intake.Parse(f, data, nil)
		if err != nil {
			b.Fatal(err)
		}
		for _, a := range as {
			var sents []string
			for _, s := range sentences.Split(a.Text) {
				sents = append(sents, sentences.Fold(s.Text))
			}
			pages = append(pages, MatchPage("https://example.net/bench/"+filepath.Base(f), "", sents))
		}
	}
	if len(pages) == 0 {
		b.Fatalf("no .json pages in %s", dir)
	}
	i := 0
	for b.Loop() {
		match.Analyze(x, pages[i%len(pages)])
		i++
	}
}
