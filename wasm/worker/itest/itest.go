//go:build !js

// Command itest runs the Worker for real, under `wrangler dev` on a free
// loopback port with fresh local D1 and KV state, and either checks it end to
// end (the default: ingest, index, match, claims, upload, ending the upload
// with DELETE /v1/index, and bad input, each bad request a clear 4xx with
// nothing written) or, with -bench, measures it
// (p50/p99 and errors of /v1/match and /healthz at concurrency 1, 4 and 16
// through wrangler's local proxy, and at 1 without it),
// or, with -serve, only runs it for another test (the extension's sync test):
// it prints the base URL, admin token, public key and wrangler's process group
// as one JSON line and keeps the Worker up until its stdin closes, so the
// Worker dies with the test that reads it even if that test is killed.
//
// It drives the Worker only through HTTP, as the extension and an ingesting
// newsroom would, and compares /v1/match with the CLI's `retold analyze
// -json` on the index the Worker serves: the two must agree byte for byte.
// "Nothing written" is checked where it is kept: the served index's ETag and
// the D1 table's row count (read with `wrangler d1 execute --local`).
// Servers are stopped (their whole process group) however the run ends.
package main

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/retold/retold/shared/extract"
	"github.com/retold/retold/shared/index"
	"github.com/retold/retold/shared/index/signature"
	"github.com/retold/retold/shared/intake"
	"github.com/retold/retold/shared/sentences"
	"github.com/tidwall/gjson"
)

func main() {
	dir := flag.String("dir", "wasm/worker", "the Worker's directory (wrangler.toml)")
	wrangler := flag.String("wrangler", "node_modules/.bin/wrangler", "the wrangler binary")
	retold := flag.String("retold", "build/retold", "the retold CLI, to compare /v1/match with")
	bench := flag.Bool("bench", false, "measure instead of test")
	n := flag.Int("n", 300, "with -bench: requests per endpoint and concurrency level")
	page := flag.String("page", "docs/sample/page.html", "with -bench and no -pages: the page whose sentences /v1/match gets")
	pages := flag.String("pages", "", "with -bench: a folder of pages (.json records, .html) whose sentences /v1/match gets, read in place")
	concs := flag.String("c", "1,4,16", "with -bench: the concurrency levels, comma-separated")
	baseline := flag.Bool("baseline", true, "with -bench: also measure a plain JS Worker")
	flag.StringVar(&logLevel, "log-level", "", "wrangler dev's --log-level (default: wrangler's own, info); warn or lower also stops the proxy reporting each request to wrangler's Node for its log")
	flag.BoolVar(&cpuSampling, "cpu", false, "with -bench: also print each row's CPU time per request by process and thread (linux)")
	serve := flag.Bool("serve", false, "start the Worker, print {base, token, publicKey, pgid} as JSON and keep it up until stdin closes")
	flag.Parse()
	w, err := start(*dir, *wrangler, *bench)
	if err == nil {
		if *serve {
			err = runServe(w)
		} else if *bench {
			var bodies [][]byte
			var answer int
			var levels []int
			if levels, err = concurrency(*concs); err == nil {
				bodies, answer, err = runBench(w, *pages, *page, *n, levels)
			}
			if err == nil && *baseline {
				w.stop()
				err = runBaseline(*wrangler, *n, bodies, answer, levels)
			}
		} else {
			err = runTest(w, *retold)
		}
		w.stop()
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "itest: FAIL: %v\n", err)
		if w != nil {
			if log, _ := os.ReadFile(filepath.Join(w.tmp, "wrangler.log")); len(log) > 0 {
				fmt.Fprintf(os.Stderr, "--- wrangler log (last 3000 bytes)\n%s\n", tail(log, 3000))
			}
		}
		os.Exit(1)
	}
	if w != nil {
		os.RemoveAll(w.tmp)
	}
}

// concurrency reads -c: positive whole numbers, comma-separated.
func concurrency(s string) ([]int, error) {
	var out []int
	for f := range strings.SplitSeq(s, ",") {
		c, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || c < 1 {
			return nil, fmt.Errorf("-c %q: want concurrency levels like 1,4,16", s)
		}
		out = append(out, c)
	}
	return out, nil
}

func tail(b []byte, n int) []byte {
	if len(b) > n {
		return b[len(b)-n:]
	}
	return b
}

// logLevel is wrangler dev's --log-level, if -log-level gives one.
var logLevel string

// worker is a running `wrangler dev`.
type worker struct {
	base, token, tmp, dir, wrangler string
	pub                             ed25519.PublicKey
	key                             ed25519.PrivateKey
	cmd                             *exec.Cmd
	client                          *http.Client
}

func start(dir, wrangler string, bench bool) (*worker, error) {
	tmp, err := os.MkdirTemp("", "retold-worker-")
	if err != nil {
		return nil, err
	}
	pub, key, _ := ed25519.GenerateKey(rand.Reader)
	tok := make([]byte, 16)
	rand.Read(tok)
	w := &worker{token: hex.EncodeToString(tok), tmp: tmp, dir: dir, pub: pub, key: key,
		client: &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 64}}}
	w.wrangler, _ = filepath.Abs(wrangler)
	env := fmt.Sprintf("ADMIN_TOKEN=%s\nSIGNING_KEY=%s\n", w.token, base64.StdEncoding.EncodeToString(key))
	if err := os.WriteFile(filepath.Join(tmp, "env"), []byte(env), 0o600); err != nil {
		return w, err
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return w, err
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	w.base = fmt.Sprintf("http://127.0.0.1:%d", port)
	os.RemoveAll(filepath.Join(dir, ".wrangler")) // stale state from another wrangler crashes it
	args := []string{"dev", "--ip", "127.0.0.1", "--port", fmt.Sprint(port), "--inspector-port", "0",
		"--persist-to", filepath.Join(tmp, "state"), "--env-file", filepath.Join(tmp, "env"),
		"--show-interactive-dev-session=false"}
	if bench {
		args = append(args, "--var", "RATE_LIMIT:0", "--var", "SERVER_TIMING:1")
	}
	if logLevel != "" {
		args = append(args, "--log-level", logLevel)
	}
	log, err := os.Create(filepath.Join(tmp, "wrangler.log"))
	if err != nil {
		return w, err
	}
	w.cmd = exec.Command(w.wrangler, args...)
	w.cmd.Dir = dir
	w.cmd.Env = append(os.Environ(), "WRANGLER_SEND_METRICS=false", "CLOUDFLARE_CF_FETCH_ENABLED=false", "CI=1")
	w.cmd.Stdout, w.cmd.Stderr = log, log
	w.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := w.cmd.Start(); err != nil {
		return w, err
	}
	deadline := time.Now().Add(90 * time.Second)
	for time.Now().Before(deadline) {
		if r, err := w.client.Get(w.base + "/healthz"); err == nil {
			r.Body.Close()
			if r.StatusCode == 200 {
				return w, nil
			}
		}
		time.Sleep(300 * time.Millisecond)
	}
	w.stop()
	return w, errors.New("wrangler dev did not answer /healthz within 90 s")
}

// stop ends wrangler and the workerd it started: the whole process group.
func (w *worker) stop() {
	if w.cmd == nil || w.cmd.Process == nil {
		return
	}
	syscall.Kill(-w.cmd.Process.Pid, syscall.SIGTERM)
	done := make(chan struct{})
	go func() { w.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		syscall.Kill(-w.cmd.Process.Pid, syscall.SIGKILL)
		<-done
	}
	w.cmd = nil
}

// runServe hands the running Worker to another program: one JSON line on
// stdout, then it waits for stdin to close (or SIGTERM/SIGINT) and returns.
func runServe(w *worker) error {
	line, _ := json.Marshal(map[string]any{"base": w.base, "token": w.token,
		"publicKey": base64.StdEncoding.EncodeToString(w.pub), "pgid": w.cmd.Process.Pid})
	fmt.Println(string(line))
	done := make(chan struct{}, 2)
	go func() { io.Copy(io.Discard, os.Stdin); done <- struct{}{} }()
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM, syscall.SIGINT)
	go func() { <-sig; done <- struct{}{} }()
	<-done
	return nil
}

// reply is one HTTP exchange's result.
type reply struct {
	status int
	header http.Header
	body   []byte
}

func (w *worker) do(method, path string, body []byte, header ...string) (reply, error) {
	req, err := http.NewRequest(method, w.base+path, bytes.NewReader(body))
	if err != nil {
		return reply{}, err
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	r, err := w.client.Do(req)
	if err != nil {
		return reply{}, err
	}
	defer r.Body.Close()
	b, err := io.ReadAll(r.Body)
	return reply{r.StatusCode, r.Header, b}, err
}

// rows counts the stored articles, straight from the local D1 database.
func (w *worker) rows() (int, error) {
	cmd := exec.Command(w.wrangler, "d1", "execute", "DB", "--local", "--persist-to", filepath.Join(w.tmp, "state"),
		"--json", "--command", "SELECT count(*) AS n FROM sqlite_master WHERE name = 'articles'; SELECT count(*) AS n FROM articles")
	cmd.Dir = w.dir
	cmd.Env = append(os.Environ(), "WRANGLER_SEND_METRICS=false", "CLOUDFLARE_CF_FETCH_ENABLED=false", "CI=1")
	out, err := cmd.Output()
	if err != nil {
		// Before the first ingest there is no table: count it as empty.
		if strings.Contains(string(out), "no such table") {
			return 0, nil
		}
		return 0, fmt.Errorf("wrangler d1 execute: %v: %s", err, tail(out, 500))
	}
	res := gjson.ParseBytes(out)
	return int(res.Get("1.results.0.n").Int()), nil
}

// check is one expectation.
type check struct {
	what, method, path string
	body               []byte
	header             []string
	want               int
	// refusedOK: the runtime in front of the Worker may refuse a body far
	// past its own limit itself, with a bare 413 or 503, or by closing the
	// connection while the body is still being sent.
	refusedOK bool
}

func (w *worker) expect(c check) (reply, error) {
	r, err := w.do(c.method, c.path, c.body, c.header...)
	if err != nil && c.refusedOK {
		// Closed while the body was still being sent: a reset, a broken
		// pipe, an answer cut off, or the client's own side closed after
		// that. Whichever way, refused; that nothing was written is
		// checked next, and the Worker must still answer after it.
		fmt.Printf("ok   %-44s %s %s -> connection closed by the server (%v)\n", c.what, c.method, c.path, err)
		return r, nil
	}
	if err != nil {
		return r, fmt.Errorf("%s: %v", c.what, err)
	}
	if c.refusedOK && r.status >= 400 && r.status != c.want {
		// wrangler dev's proxy sometimes answers for the runtime (503 "worker
		// restarted mid-request") when it cancels a body this large; what
		// matters is that it is refused and nothing is written (checked next).
		fmt.Printf("ok   %-44s %s %s -> %d from the runtime\n", c.what, c.method, c.path, r.status)
		return r, nil
	}
	if r.status != c.want {
		return r, fmt.Errorf("%s: status %d, want %d: %s", c.what, r.status, c.want, tail(r.body, 300))
	}
	if c.want >= 400 && !c.refusedOK && !gjson.GetBytes(r.body, "error").Exists() {
		return r, fmt.Errorf("%s: error is not JSON: %q", c.what, tail(r.body, 200))
	}
	fmt.Printf("ok   %-44s %s %s -> %d\n", c.what, c.method, c.path, r.status)
	return r, nil
}

// state is what a write changes: the served index and the stored rows.
func (w *worker) state() (string, error) {
	r, err := w.do("GET", "/v1/index", nil)
	if err != nil {
		return "", err
	}
	n, err := w.rows()
	return fmt.Sprintf("etag %s, %d rows", r.header.Get("ETag"), n), err
}

func runTest(w *worker, retold string) error {
	articles, err := os.ReadFile("wasm/worker/itest/testdata/articles.jsonl")
	if err != nil {
		return err
	}
	auth := []string{"Authorization", "Bearer " + w.token}
	pub := base64.StdEncoding.EncodeToString(w.pub)

	// The default corpus, signed, with ETag and CORS for an extension.
	h, err := w.expect(check{what: "healthz", method: "GET", path: "/healthz", want: 200})
	if err != nil {
		return err
	}
	if gjson.GetBytes(h.body, "index.source").String() != "default" || gjson.GetBytes(h.body, "index.signer").String() != pub {
		return fmt.Errorf("healthz: want the default corpus signed by %s: %s", pub, h.body)
	}
	ext := []string{"Origin", "chrome-extension://abcdefghijklmnopabcdefghijklmnop"}
	idx, err := w.expect(check{what: "default index from an extension", method: "GET", path: "/v1/index", header: ext, want: 200})
	if err != nil {
		return err
	}
	if err := signature.Verify(idx.body, w.pub); err != nil {
		return fmt.Errorf("default index: %v", err)
	}
	if idx.header.Get("Access-Control-Allow-Origin") != ext[1] || !strings.Contains(idx.header.Get("Access-Control-Expose-Headers"), "ETag") {
		return fmt.Errorf("index: CORS headers missing: %v", idx.header)
	}
	etag := idx.header.Get("ETag")
	if _, err := w.expect(check{what: "If-None-Match", method: "GET", path: "/v1/index", header: append(ext, "If-None-Match", etag), want: 304}); err != nil {
		return err
	}
	pre, err := w.expect(check{what: "CORS preflight (moz-extension)", method: "OPTIONS", path: "/v1/index",
		header: []string{"Origin", "moz-extension://0a1b2c3d-1111-2222-3333-444455556666", "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "if-none-match"}, want: 204})
	if err != nil {
		return err
	}
	if !strings.Contains(pre.header.Get("Access-Control-Allow-Headers"), "If-None-Match") {
		return fmt.Errorf("preflight: %v", pre.header)
	}

	// Bad input: each a clear 4xx, and nothing written.
	before, err := w.state()
	if err != nil {
		return err
	}
	unsigned, err := buildIndex(articles)
	if err != nil {
		return err
	}
	tampered, _ := signature.Sign(unsigned, w.key)
	tampered[len(tampered)-5] ^= 0x20
	_, other, _ := ed25519.GenerateKey(rand.Reader)
	foreign, _ := signature.Sign(unsigned, other)
	huge := bytes.Repeat([]byte("x"), 25<<20)
	bad := []check{
		{"malformed JSON to match", "POST", "/v1/match", []byte(`{"sentences": ["a",`), nil, 400, false},
		{"sentences not strings", "POST", "/v1/match", []byte(`{"sentences": [1, 2]}`), nil, 400, false},
		{"oversize match body", "POST", "/v1/match", append(append([]byte(`{"sentences":["`), bytes.Repeat([]byte("a"), 1<<20)...), `"]}`...), nil, 413, false},
		{what: "a body past every limit", method: "POST", path: "/v1/match", body: huge, want: 413, refusedOK: true},
		{"too many sentences", "POST", "/v1/match", []byte(`{"sentences":[` + strings.Repeat(`"s",`, 500) + `"s"]}`), nil, 400, false},
		{"articles with a wrong token", "POST", "/v1/articles", articles, []string{"Authorization", "Bearer wrong"}, 401, false},
		{"articles with no token", "POST", "/v1/articles", articles, nil, 401, false},
		{"malformed articles JSON", "POST", "/v1/articles", []byte(`[{"id": "x", "text": "y"`), auth, 400, false},
		{"oversize articles body", "POST", "/v1/articles", bytes.Repeat([]byte(" "), 1<<20+1), auth, 413, false},
		{"unknown claim", "GET", "/v1/claims/c0123456789ab", nil, nil, 404, false},
		{"unsigned index upload", "PUT", "/v1/index", unsigned, auth, 422, false},
		{"tampered index upload", "PUT", "/v1/index", tampered, auth, 422, false},
		{"index signed by another key", "PUT", "/v1/index", foreign, auth, 422, false},
		{"index upload with a wrong token", "PUT", "/v1/index", tampered, []string{"Authorization", "Bearer wrong"}, 401, false},
		{"a web page's origin", "POST", "/v1/match", []byte(`{"sentences":[]}`), []string{"Origin", "https://news.example"}, 403, false},
	}
	for _, c := range bad {
		if _, err := w.expect(c); err != nil {
			return err
		}
	}
	if after, err := w.state(); err != nil || after != before {
		return fmt.Errorf("bad input wrote something: before %s, after %s (%v)", before, after, err)
	}
	fmt.Printf("ok   nothing written by bad input (%s)\n", before)

	// Ingest: the articles go to D1, a new signed index is served.
	r, err := w.expect(check{what: "ingest", method: "POST", path: "/v1/articles", body: articles, header: auth, want: 200})
	if err != nil {
		return err
	}
	if gjson.GetBytes(r.body, "added").Int() != 2 || !gjson.GetBytes(r.body, "published").Bool() {
		return fmt.Errorf("ingest: %s", r.body)
	}
	r, err = w.expect(check{what: "ingest again (idempotent)", method: "POST", path: "/v1/articles", body: articles, header: auth, want: 200})
	if err != nil {
		return err
	}
	if gjson.GetBytes(r.body, "added").Int() != 0 || gjson.GetBytes(r.body, "published").Bool() {
		return fmt.Errorf("second ingest changed something: %s", r.body)
	}
	if n, err := w.rows(); err != nil || n != 2 {
		return fmt.Errorf("D1 holds %d articles, want 2 (%v)", n, err)
	}
	idx, err = w.expect(check{what: "the new index", method: "GET", path: "/v1/index", header: []string{"If-None-Match", etag}, want: 200})
	if err != nil {
		return err
	}
	if err := signature.Verify(idx.body, w.pub); err != nil {
		return fmt.Errorf("built index: %v", err)
	}
	x, err := index.Decode(idx.body)
	if err != nil || len(x.Articles) != 2 {
		return fmt.Errorf("built index: %v", err)
	}

	// Match: the same flags as the CLI on the served index.
	sents := []string{
		"The old lighthouse at Kelmor Point will shut for repairs in April, the harbour authority said on Monday.",
		"Repairs would cost four million dollars, officials said.",
		"Local cafes expect fewer visitors this spring.",
	}
	body, _ := json.Marshal(map[string]any{"url": "https://example.net/page", "sentences": sents})
	m, err := w.expect(check{what: "match", method: "POST", path: "/v1/match", body: body, want: 200})
	if err != nil {
		return err
	}
	local, err := analyzeLocally(retold, w.tmp, idx.body, "https://example.net/page", sents)
	if err != nil {
		return err
	}
	if got, want := gjson.GetBytes(m.body, "flags").Raw, gjson.GetBytes(local, "flags").Raw; got != want {
		return fmt.Errorf("match differs from retold analyze:\n worker %s\n    cli %s", got, want)
	}
	flags := gjson.GetBytes(m.body, "flags").Array()
	if len(flags) < 2 {
		return fmt.Errorf("match: want 2 flags: %s", m.body)
	}
	fmt.Printf("ok   match gives the CLI's %d flags byte for byte\n", len(flags))
	again, err := w.do("POST", "/v1/match", body)
	if err != nil || again.status != 200 || again.header.Get("X-Retold-Cache") != "hit" || !bytes.Equal(again.body, m.body) {
		return fmt.Errorf("match again: not the same answer from the cache: %v %d %q %s", err, again.status, again.header.Get("X-Retold-Cache"), again.body)
	}
	fmt.Println("ok   the same match again is answered from the cache, byte for byte")
	for _, f := range flags {
		id := f.Get("claim").String()
		c, err := w.expect(check{what: "claim " + id, method: "GET", path: "/v1/claims/" + id, header: ext, want: 200})
		if err != nil {
			return err
		}
		vs := gjson.GetBytes(c.body, "versions").Array()
		if gjson.GetBytes(c.body, "id").String() != id || len(vs) < 2 || !vs[0].Get("earliest").Bool() || vs[0].Get("outlet").String() == "" {
			return fmt.Errorf("claim %s: %s", id, c.body)
		}
	}

	// Concurrent ingest: requests handled together (their awaits interleave
	// in one isolate) each publish; the index served at the end holds every
	// article, and D1 records as many publishes as the served pointer says.
	const concurrent = 5
	errs := make(chan error, concurrent)
	var published sync.Map
	for i := range concurrent {
		go func() {
			r, err := w.do("POST", "/v1/articles", townArticle(i), auth...)
			if err == nil && r.status != 200 {
				err = fmt.Errorf("status %d: %s", r.status, tail(r.body, 300))
			}
			if gjson.GetBytes(r.body, "published").Bool() {
				published.Store(i, true)
			}
			errs <- err
		}()
	}
	for range concurrent {
		if err := <-errs; err != nil {
			return fmt.Errorf("concurrent ingest: %v", err)
		}
	}
	npub := 0
	published.Range(func(_, _ any) bool { npub++; return true })
	idx, err = w.expect(check{what: "the index after concurrent ingest", method: "GET", path: "/v1/index", want: 200})
	if err != nil {
		return err
	}
	if x, err = index.Decode(idx.body); err != nil || len(x.Articles) != 2+concurrent {
		return fmt.Errorf("after %d concurrent ingests the index holds %d articles, want %d (%v)", concurrent, len(x.Articles), 2+concurrent, err)
	}
	if n, err := w.rows(); err != nil || n != 2+concurrent {
		return fmt.Errorf("D1 holds %d articles, want %d (%v)", n, 2+concurrent, err)
	}
	fmt.Printf("ok   %d concurrent ingests (%d published, the others found theirs in a later publish): the served index holds all %d articles\n", concurrent, npub, 2+concurrent)

	// Upload: an index built and signed with the CLI replaces the served one.
	keyFile := filepath.Join(w.tmp, "key")
	os.WriteFile(keyFile, []byte(base64.StdEncoding.EncodeToString(w.key)+"\n"), 0o600)
	built := filepath.Join(w.tmp, "up.idx")
	cmd := exec.Command(retold, "index", "-sign", keyFile, "-o", built, "wasm/worker/itest/testdata/articles.jsonl", "wasm/worker/itest/testdata/more.jsonl")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("retold index -sign: %v: %s", err, out)
	}
	up, _ := os.ReadFile(built)
	if _, err := w.expect(check{what: "upload an index signed by the CLI", method: "PUT", path: "/v1/index", body: up, header: auth, want: 200}); err != nil {
		return err
	}
	idx, err = w.expect(check{what: "the uploaded index is served", method: "GET", path: "/v1/index", want: 200})
	if err != nil {
		return err
	}
	if !bytes.Equal(idx.body, up) {
		return errors.New("the served index is not the uploaded one")
	}
	before, _ = w.state()
	if _, err := w.expect(check{what: "tampered upload after a good one", method: "PUT", path: "/v1/index", body: tampered, header: auth, want: 422}); err != nil {
		return err
	}
	if after, _ := w.state(); after != before {
		return fmt.Errorf("a refused upload changed the served index: %s -> %s", before, after)
	}
	// While an uploaded index is served, ingest is refused (409): the index
	// is managed offline, and the Worker stores nothing.
	r, err = w.expect(check{what: "ingest while an upload is served", method: "POST", path: "/v1/articles", body: townArticle(concurrent), header: auth, want: 409})
	if err != nil {
		return err
	}
	if !strings.Contains(gjson.GetBytes(r.body, "error").String(), "managed offline") {
		return fmt.Errorf("409 does not say why: %s", r.body)
	}
	if after, _ := w.state(); after != before {
		return fmt.Errorf("a refused ingest changed something: %s -> %s", before, after)
	}
	if err := endUpload(w, auth, idx.header.Get("ETag"), 2+concurrent, townArticle(concurrent)); err != nil {
		return err
	}

	// The rate limit (120 a minute per client by default) answers 429.
	if h, err := w.do("GET", "/healthz", nil); err == nil {
		fmt.Printf("     Go memory after ingests, uploads and matches: heap %.1f MB, taken from WebAssembly (the peak) %.1f MB\n",
			float64(gjson.GetBytes(h.body, "memory.heap_bytes").Int())/1e6, float64(gjson.GetBytes(h.body, "memory.sys_bytes").Int())/1e6)
	}
	limited := 0
	for range 130 {
		r, err := w.do("GET", "/healthz", nil)
		if err != nil {
			return err
		}
		if r.status == 429 {
			limited++
		}
	}
	if limited == 0 {
		return errors.New("rate limit: 130 requests in a burst, none refused")
	}
	fmt.Printf("ok   rate limit: %d of a burst of 130 refused with 429\n", limited)
	fmt.Println("PASS worker integration")
	return nil
}

// endUpload checks DELETE /v1/index while an upload (ETag uploaded) is
// served and n articles are stored: refused without the token, then it
// publishes an index of the n articles (a new ETag), is a no-op when sent
// again, and ingest of a new article (one not a near-copy of a stored one)
// works again.
func endUpload(w *worker, auth []string, uploaded string, n int, article []byte) error {
	before, err := w.state()
	if err != nil {
		return err
	}
	for _, c := range []check{
		{what: "end the upload with a wrong token", method: "DELETE", path: "/v1/index", header: []string{"Authorization", "Bearer wrong"}, want: 401},
		{what: "end the upload with no token", method: "DELETE", path: "/v1/index", want: 401},
	} {
		if _, err := w.expect(c); err != nil {
			return err
		}
	}
	if after, _ := w.state(); after != before {
		return fmt.Errorf("a refused DELETE changed something: %s -> %s", before, after)
	}
	r, err := w.expect(check{what: "end the upload", method: "DELETE", path: "/v1/index", header: auth, want: 200})
	if err != nil {
		return err
	}
	snap := gjson.GetBytes(r.body, "snapshot").String()
	if !gjson.GetBytes(r.body, "published").Bool() || gjson.GetBytes(r.body, "source").String() != "built" || gjson.GetBytes(r.body, "generation").Int() < 1 {
		return fmt.Errorf("DELETE /v1/index: %s", r.body)
	}
	idx, err := w.expect(check{what: "the rebuilt index is served", method: "GET", path: "/v1/index", header: []string{"If-None-Match", uploaded}, want: 200})
	if err != nil {
		return err
	}
	etag := idx.header.Get("ETag")
	if etag == uploaded || etag != `"`+snap+`"` {
		return fmt.Errorf("after DELETE the ETag is %s (upload %s, answered snapshot %s)", etag, uploaded, snap)
	}
	if err := signature.Verify(idx.body, w.pub); err != nil {
		return fmt.Errorf("rebuilt index: %v", err)
	}
	if x, err := index.Decode(idx.body); err != nil || len(x.Articles) != n {
		return fmt.Errorf("rebuilt index: want the %d stored articles (%v)", n, err)
	}
	h, err := w.expect(check{what: "healthz after ending the upload", method: "GET", path: "/healthz", want: 200})
	if err != nil {
		return err
	}
	if gjson.GetBytes(h.body, "index.source").String() != "built" || gjson.GetBytes(h.body, "index.snapshot").String() != snap {
		return fmt.Errorf("healthz after DELETE: %s", h.body)
	}
	r, err = w.expect(check{what: "end the upload again (no-op)", method: "DELETE", path: "/v1/index", header: auth, want: 200})
	if err != nil {
		return err
	}
	if gjson.GetBytes(r.body, "published").Bool() || gjson.GetBytes(r.body, "note").String() == "" || gjson.GetBytes(r.body, "snapshot").String() != snap {
		return fmt.Errorf("second DELETE is not a no-op: %s", r.body)
	}
	r, err = w.expect(check{what: "ingest after ending the upload", method: "POST", path: "/v1/articles", body: article, header: auth, want: 200})
	if err != nil {
		return err
	}
	if gjson.GetBytes(r.body, "added").Int() != 1 || !gjson.GetBytes(r.body, "published").Bool() {
		return fmt.Errorf("ingest after DELETE: %s", r.body)
	}
	if rows, err := w.rows(); err != nil || rows != n+1 {
		return fmt.Errorf("D1 holds %d articles, want %d (%v)", rows, n+1, err)
	}
	idx, err = w.expect(check{what: "the index after that ingest", method: "GET", path: "/v1/index", header: []string{"If-None-Match", etag}, want: 200})
	if err != nil {
		return err
	}
	if x, err := index.Decode(idx.body); err != nil || len(x.Articles) != n+1 {
		return fmt.Errorf("after ingest the index does not hold %d articles (%v)", n+1, err)
	}
	fmt.Printf("ok   DELETE /v1/index: upload %s -> rebuilt %s of %d articles; ingest works again\n", uploaded[:9]+`"`, etag[:9]+`"`, n)
	return nil
}

// townArticle is article i of a made-up local story (our own writing), a
// JSON record unlike every other i's.
func townArticle(i int) []byte {
	towns := []string{"Arlow", "Brenmoor", "Castleby", "Dunhallow", "Eskerton", "Fallowmere", "Glenrack"}
	t := towns[i%len(towns)]
	b, _ := json.Marshal(map[string]string{"id": fmt.Sprintf("town-%d", i), "outlet": "Example Gazette", "lang": "en",
		"date": fmt.Sprintf("2024-04-%02d", 1+i%28), "url": fmt.Sprintf("https://example.org/town-%d", i), "title": t + " bridge to reopen",
		"text": fmt.Sprintf("The council of %s said on Monday that the old stone bridge would reopen in May after repairs costing %d million dollars.\n\n"+
			"Residents of %s rejected claims that the work had damaged the river bank.", t, 2+i, t)})
	return b
}

// buildIndex builds an unsigned index of JSONL records with the engine.
func buildIndex(jsonl []byte) ([]byte, error) {
	as, err := intake.Parse("articles.jsonl", jsonl, nil)
	if err != nil {
		return nil, err
	}
	x, _, err := index.Build(as)
	if err != nil {
		return nil, err
	}
	return x.Encode(), nil
}

// analyzeLocally runs `retold analyze -json` on a record made of the
// sentences, against the index bytes.
func analyzeLocally(retold, tmp string, idx []byte, url string, sents []string) ([]byte, error) {
	ip := filepath.Join(tmp, "served.idx")
	if err := os.WriteFile(ip, idx, 0o644); err != nil {
		return nil, err
	}
	rec, _ := json.Marshal(map[string]string{"id": url, "url": url, "text": strings.Join(sents, "\n\n")})
	rp := filepath.Join(tmp, "page.json")
	if err := os.WriteFile(rp, rec, 0o644); err != nil {
		return nil, err
	}
	out, err := exec.Command(retold, "analyze", "-index", ip, "-json", rp).Output()
	if err != nil {
		return nil, fmt.Errorf("retold analyze: %v", err)
	}
	return out, nil
}

// benchPage is one page a /v1/match request carries: its url and sentences.
type benchPage struct {
	url   string
	sents []string
}

// benchPages reads the pages the benchmark sends: every .json record (as
// `retold index` reads them, text or html) and .html page in dir, or the
// one page given; sentences as the extension sends them (split and folded).
func benchPages(dir, page string) ([]benchPage, error) {
	files := []string{page}
	if dir != "" {
		jsons, _ := filepath.Glob(filepath.Join(dir, "*.json"))
		html, _ := filepath.Glob(filepath.Join(dir, "*.html"))
		if files = append(jsons, html...); len(files) == 0 {
			return nil, fmt.Errorf("no .json or .html pages in %s", dir)
		}
	}
	var out []benchPage
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		var texts []string
		url := "https://example.net/bench/" + filepath.Base(f)
		if strings.HasSuffix(f, ".html") {
			d, err := extract.Extract(b, "")
			if err != nil {
				return nil, fmt.Errorf("%s: %v", f, err)
			}
			texts = append(texts, d.Text())
		} else {
			as, err := intake.Parse(f, b, nil)
			if err != nil {
				return nil, err
			}
			for _, a := range as {
				texts = append(texts, a.Text)
				if a.URL != "" {
					url = a.URL
				}
			}
		}
		var p benchPage
		p.url = url
		for _, t := range texts {
			for _, s := range sentences.Split(t) {
				p.sents = append(p.sents, sentences.Fold(s.Text))
			}
		}
		if len(p.sents) > 0 {
			out = append(out, p)
		}
	}
	return out, nil
}

// matchBody is the /v1/match request for a page, under url.
func matchBody(p benchPage, url string) []byte {
	b, _ := json.Marshal(map[string]any{"url": url, "sentences": p.sents})
	return b
}

// runBench measures the Worker and returns the bodies a plain JS Worker
// gets for the baseline and the mean size of the answers: /v1/match with
// every request a page it has not answered before (cold: the engine runs;
// each request's url is new, so the answer cache cannot serve it), first as
// a new isolate's first requests and then settled, then with pages it has
// answered (warm: the cache serves them; every page is sent again before
// the row), and /healthz; the cold row once more from a client that asks
// for no compression; then each of the three at concurrency 1 again
// straight to the Worker's workerd, without wrangler's proxy (direct.go).
// The X-Retold-Cache header of every answer is counted, so a cold row that
// was served from the cache, or a warm row that was not, shows.
func runBench(w *worker, dir, page string, n int, levels []int) ([][]byte, int, error) {
	pages, err := benchPages(dir, page)
	if err != nil {
		return nil, 0, err
	}
	cpuGroup = w.cmd.Process.Pid
	var warm [][]byte
	sents, size, flags, answers := 0, 0, 0, 0
	for _, p := range pages {
		body := matchBody(p, p.url)
		probe, err := w.do("POST", "/v1/match", body)
		if err != nil || probe.status != 200 {
			return nil, 0, fmt.Errorf("match probe %s: %v %d %s", p.url, err, probe.status, probe.body)
		}
		warm = append(warm, body)
		sents += len(p.sents)
		size += len(body)
		flags += len(gjson.GetBytes(probe.body, "flags").Array())
		answers += len(probe.body)
	}
	// Each row is warmed up with every page at least once, so that a warm
	// row's pages are all in the answer cache even after cold rows filled it.
	prime := max(20, len(pages))
	src := page
	if dir != "" {
		src = dir
	}
	fmt.Printf("wrangler dev on loopback, default corpus; /v1/match bodies: %d pages of %s, %.1f sentences, %d bytes and %.1f flags a page on average; %d requests per row after %d to warm up\n\n",
		len(pages), src, float64(sents)/float64(len(pages)), size/len(pages), float64(flags)/float64(len(pages)), n, prime)
	fmt.Println("| endpoint | concurrency | p50 ms | p99 ms | req/s | errors | answers from the cache |")
	fmt.Println("|---|---|---|---|---|---|---|")
	type row struct {
		name string
		c    int
		st   loadStats
	}
	var rows []row
	run := 0
	cold := func(i int) []byte { // a page under a url never sent before
		run++
		p := pages[i%len(pages)]
		return matchBody(p, fmt.Sprintf("%s#bench-%d", p.url, run))
	}
	// A new isolate's first requests run while V8 still compiles the
	// engine's hot functions with its optimising tier, in the background
	// (most of it in the first 300 requests here, a little for 300 more):
	// they are timed as a row of their own, then as many again settle it
	// untimed, and the rows after are the isolate as it serves from then on.
	first := load(w, "POST", "/v1/match", cold, 1, n)
	name := fmt.Sprintf("POST /v1/match, cold, a new isolate's first %d (V8 still optimising)", n)
	fmt.Printf("| %s | 1 | %.1f | %.1f | %.0f | %d | %d |\n", name, pct(first.lat, 50), pct(first.lat, 99), float64(n)/first.wall.Seconds(), first.errs, first.hits)
	rows = append(rows, row{name, 1, first})
	load(w, "POST", "/v1/match", cold, 1, n)
	endpoints := []endpoint{
		{"POST /v1/match, cold (pages not answered before)", "POST", "/v1/match", cold},
		{"POST /v1/match, warm (pages answered before)", "POST", "/v1/match", func(i int) []byte { return warm[i%len(warm)] }},
		{"GET /healthz", "GET", "/healthz", func(int) []byte { return nil }},
	}
	for _, ep := range endpoints {
		for _, c := range levels {
			st := ep.run(w, c, n, prime)
			fmt.Printf("| %s | %d | %.1f | %.1f | %.0f | %d | %d |\n", ep.name, c, pct(st.lat, 50), pct(st.lat, 99), float64(n)/st.wall.Seconds(), st.errs, st.hits)
			rows = append(rows, row{ep.name, c, st})
		}
	}
	// The rows above ask for gzip, as Go's client and browsers do, and
	// wrangler's local workerds then compress every answer (Cloudflare's
	// edge does it for a deployed Worker). wrk asks for none: the cold row
	// again at concurrency 1 as it would measure.
	{
		raw := *w
		raw.client = &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 64, DisableCompression: true}}
		ep := endpoints[0]
		st := ep.run(&raw, 1, n, prime)
		name := ep.name + ", no compression asked (as wrk asks)"
		fmt.Printf("| %s | 1 | %.1f | %.1f | %.0f | %d | %d |\n", name, pct(st.lat, 50), pct(st.lat, 99), float64(n)/st.wall.Seconds(), st.errs, st.hits)
		rows = append(rows, row{name, 1, st})
	}
	// The same at concurrency 1 without wrangler's proxy (direct.go).
	if d, err := w.direct(); err != nil {
		fmt.Println(directNote(err))
	} else {
		for _, ep := range endpoints {
			st := ep.run(d, 1, n, prime)
			name := ep.name + ", to the Worker's workerd (no wrangler proxy)"
			fmt.Printf("| %s | 1 | %.1f | %.1f | %.0f | %d | %d |\n", name, pct(st.lat, 50), pct(st.lat, 99), float64(n)/st.wall.Seconds(), st.errs, st.hits)
			rows = append(rows, row{name, 1, st})
		}
	}
	fmt.Println("\nWhere the time went (Server-Timing, mean ms of each part, as the Worker's clock ticks in whole ms): the entry's in (body and")
	fmt.Println("headers read), go (the call into Go until it replies; within it Go's parse, engine, json or cache), out (the Response built);")
	fmt.Println("rest = the client's time less in, go and out: the runtime, wrangler's local proxy, loopback, and the queue for the isolate.")
	fmt.Println()
	fmt.Println("| endpoint | concurrency | client mean | " + strings.Join(timingParts, " | ") + " |")
	fmt.Println("|---|---|---|" + strings.Repeat("---|", len(timingParts)))
	for _, r := range rows {
		fmt.Printf("| %s | %d | %.2f |", r.name, r.c, mean(ms(r.st.lat)))
		for _, p := range timingParts {
			if m := mean(r.st.parts[p]); m >= 0 {
				fmt.Printf(" %.2f |", m)
			} else {
				fmt.Print(" |")
			}
		}
		fmt.Println()
	}
	if cpuSampling {
		var names []string
		var samples []cpuSample
		for _, r := range rows {
			names = append(names, fmt.Sprintf("%s, c=%d", r.name, r.c))
			samples = append(samples, r.st.cpu)
		}
		printCPU(names, samples, n)
	}
	h, err := w.do("GET", "/healthz", nil)
	if err != nil {
		return nil, 0, err
	}
	fmt.Printf("\nafter the run: Go heap %.1f MB, Go's share of the isolate's memory (its peak) %.1f MB, %d GCs; answer cache %d answers, %.2f MB\n\n",
		float64(gjson.GetBytes(h.body, "memory.heap_bytes").Int())/1e6, float64(gjson.GetBytes(h.body, "memory.sys_bytes").Int())/1e6,
		gjson.GetBytes(h.body, "memory.gcs").Int(), gjson.GetBytes(h.body, "match_cache.answers").Int(), float64(gjson.GetBytes(h.body, "match_cache.bytes").Int())/1e6)
	return warm, answers / len(pages), nil
}

// runBaseline measures a plain JS hello-world Worker under the same
// wrangler dev: what the runtime and its local proxy cost on this machine,
// for a GET and for a POST of the /v1/match bodies (which it reads), and
// for that POST answered with as many bytes as /v1/match answers on average,
// as a Uint8Array under the same headers (the floor for an answer from the
// cache).
func runBaseline(wrangler string, n int, bodies [][]byte, answer int, levels []int) error {
	dir, err := os.MkdirTemp("", "retold-hello-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	os.WriteFile(filepath.Join(dir, "wrangler.toml"), []byte("name = \"hello\"\nmain = \"hello.mjs\"\ncompatibility_date = \"2025-06-01\"\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "hello.mjs"), []byte(`let sink = 0;
export default { async fetch(r) {
  if (r.body) await r.arrayBuffer();
  const q = new URL(r.url).searchParams;
  const n = Number(q.get("n") || 0);
  // ?spin=2: compute until the clock has moved 2 ms (it ticks in whole ms
  // here, so 1 to 2 ms); ?wait=2: wait 2 ms on a timer, the isolate idle.
  const spin = Number(q.get("spin") || 0), wait = Number(q.get("wait") || 0);
  if (wait) await new Promise((res) => setTimeout(res, wait));
  for (const end = performance.now() + spin; performance.now() < end;) for (let k = 0; k < 1000; k++) sink += k;
  if (!n) return new Response('{"ok":true}');
  const h = new Headers();
  h.append("Content-Type", "application/json; charset=utf-8");
  h.append("X-Retold-Cache", "hit");
  return new Response(new Uint8Array(n).fill(32), { status: 200, headers: h });
} };
`), 0o644)
	w, err := start(dir, wrangler, true)
	if err != nil {
		return err
	}
	defer w.stop()
	cpuGroup = w.cmd.Process.Pid
	var names []string
	var samples []cpuSample
	post := func(i int) []byte { return bodies[i%len(bodies)] }
	endpoints := []endpoint{{"plain JS hello world, GET (baseline)", "GET", "/healthz", func(int) []byte { return nil }},
		{"plain JS hello world, POST of the match bodies (baseline)", "POST", "/healthz", post},
		{fmt.Sprintf("plain JS, POST of the match bodies, %d bytes back (baseline)", answer), "POST", fmt.Sprintf("/healthz?n=%d", answer), post},
		// A cold answer's shape without Go: as many bytes, after 1-2 ms of
		// computing or 2 ms of waiting on a timer. What these pay beyond the
		// row above, through wrangler's proxy and straight to workerd, is
		// what any slower answer pays there, whatever the Worker does.
		{fmt.Sprintf("plain JS, POST of the match bodies, %d bytes back after computing 1-2 ms (baseline)", answer), "POST", fmt.Sprintf("/healthz?n=%d&spin=2", answer), post},
		{fmt.Sprintf("plain JS, POST of the match bodies, %d bytes back after waiting 2 ms (baseline)", answer), "POST", fmt.Sprintf("/healthz?n=%d&wait=2", answer), post}}
	for _, ep := range endpoints {
		for _, c := range levels {
			st := ep.run(w, c, n, 20)
			fmt.Printf("| %s | %d | %.1f | %.1f | %.0f | %d | |\n", ep.name, c, pct(st.lat, 50), pct(st.lat, 99), float64(n)/st.wall.Seconds(), st.errs)
			names, samples = append(names, fmt.Sprintf("%s, c=%d", ep.name, c)), append(samples, st.cpu)
		}
	}
	if d, err := w.direct(); err != nil {
		fmt.Println(directNote(err))
	} else {
		for _, ep := range endpoints {
			st := ep.run(d, 1, n, 20)
			name := ep.name + ", to the Worker's workerd (no wrangler proxy)"
			fmt.Printf("| %s | 1 | %.1f | %.1f | %.0f | %d | |\n", name, pct(st.lat, 50), pct(st.lat, 99), float64(n)/st.wall.Seconds(), st.errs)
			names, samples = append(names, name+", c=1"), append(samples, st.cpu)
		}
	}
	if cpuSampling {
		printCPU(names, samples, n)
	}
	return nil
}

// endpoint is one kind of request a benchmark row sends: request i of a row
// has body(i).
type endpoint struct {
	name, method, path string
	body               func(int) []byte
}

// run sends prime requests to warm up, then times n from c clients.
func (ep endpoint) run(w *worker, c, n, prime int) loadStats {
	for i := range prime {
		w.do(ep.method, ep.path, ep.body(i))
	}
	return load(w, ep.method, ep.path, ep.body, c, n)
}

// loadStats is one row of the benchmark.
type loadStats struct {
	lat        []time.Duration // of the successful requests
	errs, hits int             // failed requests; answers marked X-Retold-Cache: hit
	wall       time.Duration
	cpu        cpuSample // with -cpu: the CPU time the row took, by thread group
	// parts is the Server-Timing durations of the answers, ms, by name,
	// and "rest": the client's time less the entry's in, go and out, which
	// is the runtime, wrangler's proxy, loopback and any wait in a queue.
	parts map[string][]float64
}

// timingParts are the Server-Timing names the breakdown shows, in order:
// the entry's (in, go, out), Go's within go (parse, engine, json, cache),
// and what the client saw beyond them (rest).
var timingParts = []string{"in", "go", "parse", "engine", "json", "cache", "out", "rest"}

// addTiming records an answer's Server-Timing header and client time.
func (st *loadStats) addTiming(h http.Header, d time.Duration) {
	if st.parts == nil {
		st.parts = map[string][]float64{}
	}
	sum, entry := 0.0, 0
	for _, v := range h.Values("Server-Timing") {
		for part := range strings.SplitSeq(v, ",") {
			name, dur, ok := strings.Cut(strings.TrimSpace(part), ";dur=")
			var ms float64
			if _, err := fmt.Sscan(dur, &ms); !ok || err != nil {
				continue
			}
			st.parts[name] = append(st.parts[name], ms)
			if name == "in" || name == "go" || name == "out" {
				sum += ms
				entry++
			}
		}
	}
	if entry == 3 {
		st.parts["rest"] = append(st.parts["rest"], float64(d)/float64(time.Millisecond)-sum)
	}
}

// mean is the average of xs, or -1 for none. The Worker's clock ticks in
// whole milliseconds, so one request's parts read 0, 1, 2 ...; the mean of
// many is what a part takes.
func mean(xs []float64) float64 {
	if len(xs) == 0 {
		return -1
	}
	sum := 0.0
	for _, x := range xs {
		sum += x
	}
	return sum / float64(len(xs))
}

// load sends n requests from c workers, request i with body(i).
func load(w *worker, method, path string, body func(int) []byte, c, n int) loadStats {
	var mu sync.Mutex
	var st loadStats
	next := make(chan []byte, n)
	for i := range n {
		next <- body(i)
	}
	close(next)
	var cpu0 cpuSample
	if cpuSampling {
		cpu0 = readCPU()
	}
	t0 := time.Now()
	var wg sync.WaitGroup
	for range c {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range next {
				t := time.Now()
				r, err := w.do(method, path, b)
				d := time.Since(t)
				mu.Lock()
				if err != nil || r.status != 200 {
					if st.errs == 0 {
						fmt.Fprintf(os.Stderr, "first error at concurrency %d: %v %d %s\n", c, err, r.status, tail(r.body, 200))
					}
					st.errs++
				} else {
					st.lat = append(st.lat, d)
					st.addTiming(r.header, d)
					if r.header.Get("X-Retold-Cache") == "hit" {
						st.hits++
					}
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	st.wall = time.Since(t0)
	if cpuSampling {
		st.cpu = readCPU().sub(cpu0)
	}
	return st
}

// ms is durations in milliseconds.
func ms(d []time.Duration) []float64 {
	out := make([]float64, len(d))
	for i, x := range d {
		out[i] = float64(x) / float64(time.Millisecond)
	}
	return out
}

func pct(d []time.Duration, p int) float64 {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	return float64(s[min(len(s)-1, len(s)*p/100)]) / float64(time.Millisecond)
}
