//go:build js && wasm

package main

// Benchmarks of the crossing between the entry module and Go, in Node's
// V8 (the engine workerd runs): a /v1/match request handed to Go as the
// entry hands it, and an answer handed back. syumai/workers reads
// globalThis.context as it loads, so Node preloads testdata/context.cjs
// (`make bench-worker` runs them so):
//
//	NODE_OPTIONS=--require=$PWD/wasm/worker/testdata/context.cjs GOOS=js GOARCH=wasm \
//		go test -exec="$(go env GOROOT)/lib/wasm/go_js_wasm_exec" -bench=. ./wasm/worker

import (
	"bytes"
	"strings"
	"syscall/js"
	"testing"

	"github.com/retold/retold/wasm/worker/api"
)

// requestArgs is a request as entry.mjs passes it: a body of n bytes and
// the headers a browser extension's fetch carries.
func requestArgs(n int) []js.Value {
	body := uint8Array.New(n)
	js.CopyBytesToJS(body, bytes.Repeat([]byte("a"), n))
	headers := "accept: */*\naccept-encoding: gzip, br\naccept-language: en-US,en;q=0.9\ncf-connecting-ip: 127.0.0.1\n" +
		"content-length: 1638\ncontent-type: application/json\nhost: 127.0.0.1:8787\norigin: chrome-extension://abcdefghijklmnop\n" +
		"user-agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36\n"
	return []js.Value{js.ValueOf("POST"), js.ValueOf("http://127.0.0.1:8787/v1/match"), js.ValueOf(headers), body, js.ValueOf(false)}
}

func TestFromJS(t *testing.T) {
	r := fromJS(requestArgs(100))
	if r.Method != "POST" || r.URL != "http://127.0.0.1:8787/v1/match" || len(r.Body) != 100 || r.TooLarge ||
		r.Header["origin"] != "chrome-extension://abcdefghijklmnop" || r.Header["content-type"] != "application/json" {
		t.Fatalf("fromJS: %+v", r)
	}
	lines := headerLines([][2]string{{"Content-Type", "application/json"}, {"X-Retold-Cache", "hit"}})
	if lines != "Content-Type: application/json\nX-Retold-Cache: hit\n" {
		t.Fatalf("headerLines: %q", lines)
	}
	if bodyToJS(nil) != nil || bodyToJS([]byte("ab")).(js.Value).Get("byteLength").Int() != 2 {
		t.Fatal("bodyToJS")
	}
}

// BenchmarkCrossIn is a request into Go: the JS values read, the headers
// parsed, the body copied.
func BenchmarkCrossIn(b *testing.B) {
	args := requestArgs(1638) // the development pages' average /v1/match body
	for b.Loop() {
		fromJS(args)
	}
}

// BenchmarkCrossOut is an answer back to JS: the headers written, the body
// copied into a new Uint8Array, and the reply function called.
func BenchmarkCrossOut(b *testing.B) {
	reply := js.Global().Get("Function").New("status", "headers", "body", "globalThis.lastReply = body")
	res := api.Response{Status: 200, Header: [][2]string{{"Content-Type", "application/json; charset=utf-8"}, {"X-Retold-Cache", "miss"}},
		Body: []byte(strings.Repeat("x", 6000))} // about a development page's answer
	for b.Loop() {
		reply.Invoke(res.Status, headerLines(res.Header), bodyToJS(res.Body))
	}
}

// BenchmarkHandoff is a request's handoff to a goroutine of its own and
// back (run).
func BenchmarkHandoff(b *testing.B) {
	done := make(chan struct{})
	for b.Loop() {
		run(func() { done <- struct{}{} })
		<-done
	}
}
