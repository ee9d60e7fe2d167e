package api

// Benchmarks of POST /v1/match beside the engine call it wraps, on the
// default (seed) corpus with the sentences of docs/sample/page.html
// (testdata/match.json, the body `make bench-worker` sends): what the
// handler adds to match.Analyze is parsing the body and writing the JSON.
// Run them natively and compiled to wasm:
//
//	go test -run=- -bench=Match ./wasm/worker/api
//	GOOS=js GOARCH=wasm go test -exec="$(go env GOROOT)/lib/wasm/go_js_wasm_exec" -run=- -bench=Match ./wasm/worker/api

import (
	"context"
	"os"
	"testing"

	"github.com/retold/retold/shared/match"
	"github.com/tidwall/gjson"
)

func benchBody(b *testing.B) []byte {
	b.Helper()
	body, err := os.ReadFile("testdata/match.json")
	if err != nil {
		b.Fatal(err)
	}
	return body
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

// BenchmarkMatchEngine is match.Analyze alone on the same sentences.
func BenchmarkMatchEngine(b *testing.B) {
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
	page := MatchPage(gjson.GetBytes(body, "url").String(), sents)
	for b.Loop() {
		match.Analyze(snap.x, page)
	}
}
