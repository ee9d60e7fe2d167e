//go:build js && wasm

package main

// Tests and benchmarks of the crossing between the entry module and Go, in
// Node's V8 (the engine workerd runs): a request written into the inbox as
// the entry writes it and read by takeRequest, an answer left in the outbox
// by handleNow, and a request's handoff to a kept goroutine. syumai/workers
// reads globalThis.context as it loads, so Node preloads
// testdata/context.cjs (`make bench-worker` runs them so):
//
//	NODE_OPTIONS=--require=$PWD/wasm/worker/testdata/context.cjs GOOS=js GOARCH=wasm \
//		go test -exec="$(go env GOROOT)/lib/wasm/go_js_wasm_exec" -bench=. ./wasm/worker

import (
	"bytes"
	"strings"
	"testing"
	"unsafe"

	"github.com/retold/retold/wasm/worker/api"
)

// testHead is a request head as the entry writes it, with the headers a
// browser extension's fetch carries.
const testHead = "POST\nhttp://127.0.0.1:8787/v1/match\naccept: */*\naccept-encoding: gzip, br\naccept-language: en-US,en;q=0.9\n" +
	"cf-connecting-ip: 127.0.0.1\ncontent-length: 1638\ncontent-type: application/json\nhost: 127.0.0.1:8787\n" +
	"origin: chrome-extension://abcdefghijklmnop\nuser-agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36\n"

// write puts a request into the kept inbox (or, spilled, into a spill), as
// the entry does, and returns where.
func write(head string, body []byte, spilled bool) int {
	n := len(head) + len(body)
	buf := &inbox
	if spilled {
		buf = &spill
	}
	if len(*buf) < n {
		*buf = make([]byte, n)
	}
	copy((*buf)[copy(*buf, head):], body)
	return addr(*buf)
}

func expectRequest(t *testing.T, what string, r *api.Request, err error, method, url string, body []byte) {
	t.Helper()
	if err != nil || r.Method != method || r.URL != url || !bytes.Equal(r.Body, body) || (body == nil) != (r.Body == nil) ||
		r.Header["origin"] != "chrome-extension://abcdefghijklmnop" || r.Header["content-type"] != "application/json" {
		t.Fatalf("%s: %+v, %v", what, r, err)
	}
}

func TestTakeRequest(t *testing.T) {
	body := []byte(`{"url": "u", "sentences": []}`)
	r, err := takeRequest(write(testHead, body, false), len(testHead), len(body), false)
	expectRequest(t, "kept inbox", r, err, "POST", "http://127.0.0.1:8787/v1/match", body)
	inbox[len(testHead)] = 'X' // the next request overwrites the inbox
	expectRequest(t, "kept inbox, overwritten", r, err, "POST", "http://127.0.0.1:8787/v1/match", body)

	r, err = takeRequest(write(testHead, nil, false), len(testHead), -1, true)
	expectRequest(t, "no body", r, err, "POST", "http://127.0.0.1:8787/v1/match", nil)
	if !r.TooLarge {
		t.Fatal("tooLarge lost")
	}
	r, err = takeRequest(write(testHead, nil, false), len(testHead), 0, false)
	expectRequest(t, "empty body", r, err, "POST", "http://127.0.0.1:8787/v1/match", []byte{})

	big := bytes.Repeat([]byte("a"), 100<<10)
	at := write(testHead, big, true)
	r, err = takeRequest(at, len(testHead), len(big), false)
	expectRequest(t, "spill", r, err, "POST", "http://127.0.0.1:8787/v1/match", big)
	if spill != nil {
		t.Fatal("a spill serves one request")
	}
	if _, err := takeRequest(at, len(testHead), len(big), false); err == nil {
		t.Fatal("a spill taken twice")
	}

	at = write(testHead, body, false)
	for _, c := range []struct{ at, head, body int }{{at + 1, len(testHead), 0}, {at, len(inbox), 1}, {at, -1, 0}, {at, 0, -2}} {
		if _, err := takeRequest(c.at, c.head, c.body, false); err == nil {
			t.Errorf("takeRequest(%+v) took it", c)
		}
	}
}

func TestHandleNow(t *testing.T) {
	defer func(f func(*api.Request) (api.Response, bool)) { answerNow = f }(answerNow)
	body := []byte("{}")
	answerNow = func(r *api.Request) (api.Response, bool) {
		if !strings.HasSuffix(r.URL, "/v1/match") {
			return api.Response{}, false
		}
		return api.Response{Status: 201, Header: [][2]string{{"Content-Type", "application/json"}, {"X-A", "b"}}, Body: r.Body}, true
	}
	if got := handleNow(int32(write(testHead, body, false)), int32(len(testHead)), int32(len(body)), 0); got != 1 {
		t.Fatalf("handleNow: %d", got)
	}
	head := answered.head
	if outbox != [5]int32{201, int32(addr(unsafe.Slice(unsafe.StringData(head), len(head)))), int32(len(head)), int32(addr(answered.body)), 2} ||
		head != "Content-Type: application/json\nX-A: b\n" || string(answered.body) != "{}" {
		t.Fatalf("outbox %v: %q %q", outbox, head, answered.body)
	}
	head = strings.Replace(testHead, "/v1/match", "/v1/articles", 1)
	big := bytes.Repeat([]byte("a"), 100<<10)
	at := write(head, big, true)
	if got := handleNow(int32(at), int32(len(head)), int32(len(big)), 0); got != 0 {
		t.Fatalf("handleNow took a request it cannot answer now: %d", got)
	}
	r, err := takeRequest(at, len(head), len(big), false)
	expectRequest(t, "spill after handleNow declined", r, err, "POST", "http://127.0.0.1:8787/v1/articles", big)
}

// BenchmarkCrossIn is a request into Go: the head read from the inbox, the
// headers parsed, the body copied.
func BenchmarkCrossIn(b *testing.B) {
	body := bytes.Repeat([]byte("a"), 1638) // the development pages' average /v1/match body
	at := write(testHead, body, false)
	for b.Loop() {
		takeRequest(at, len(testHead), len(body), false)
	}
}

// BenchmarkHandleNow is handleNow around a handler that answers at once:
// the request read (BenchmarkCrossIn), handed to a kept goroutine and back
// (BenchmarkHandoff), the header lines written and the outbox filled.
func BenchmarkHandleNow(b *testing.B) {
	defer func(f func(*api.Request) (api.Response, bool)) { answerNow = f }(answerNow)
	res := api.Response{Status: 200, Header: [][2]string{{"Content-Type", "application/json; charset=utf-8"}, {"X-Retold-Cache", "miss"}},
		Body: []byte(strings.Repeat("x", 6000))} // about a development page's answer
	answerNow = func(*api.Request) (api.Response, bool) { return res, true }
	at := write(testHead, nil, false)
	for b.Loop() {
		handleNow(int32(at), int32(len(testHead)), -1, 0)
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
