//go:build js && wasm

// Command worker is Retold's corpus backend on Cloudflare Workers: the API of
// package api over the Worker's bindings (articles in D1, index snapshots in
// KV), compiled to WebAssembly and driven by entry.mjs.
//
// Design. syumai/workers' own entry starts a Go instance per request and its
// handler ends the program after the first response; here the program starts
// once per isolate, registers two functions on the context object the entry
// module gives it (inbox, handle), exports one (retold_handle_now), signals
// ready, and then waits for ever. Requests cross as bytes the entry writes
// into Go's memory (an inbox Go allocated and keeps) and answers as the
// addresses of Go's header lines and body, which the entry copies out at
// once: only numbers pass as arguments, so Go holds no JS value per request
// (each costs a reference with a finalizer). A request goes first to the
// exported handleNow, a plain WebAssembly call: api.Server.HandleNow answers
// everything that needs no storage I/O (the reads, on the served index)
// there and then. A js.Func call costs Go's event hand-off and scheduler
// round, tens of microseconds a call and 0.2 ms on a request's first in
// workerd; the export costs about one. What handleNow declines (writes, the
// index's periodic refresh) goes through handle, a js.Func, and runs on its
// own goroutine, so a request that waits on D1 or KV never holds up another;
// it replies through context.reply. handleNow itself must never wait on
// JavaScript: an export that blocks would return to JS with Go mid-call. Every
// JS lookup is made here, in this one file. D1 goes through syumai/workers'
// database/sql driver; KV is called directly, because that package's Get
// cannot tell a missing key from a stored one.
//
// Memory. An isolate has 128 MB for everything; Go's share is the index,
// the lexicon and language packs, the answer cache (api.DefaultMatchCache)
// and what requests allocate: 14 to 19 MB of heap after a load test. A
// collection in WebAssembly runs on the one thread, in the request that
// triggers it or right after its reply, before the isolate can send that
// reply, and costs tens of milliseconds; so the heap may grow to five times
// what is live (gcPercent) before a collection, within memLimit. In a
// `make bench-worker` run that made collections three times rarer (10
// instead of 33) and a request whose answer is not cached 0.3 to 1.3 ms
// faster on average, for Go's peak at 60 MB instead of 30. The limit also
// keeps a large ingest, whose heap would otherwise grow to twice what is
// live, from growing towards the isolate's 128 MB: it collects more often.
package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"syscall/js"
	"unsafe"

	"github.com/retold/retold/wasm/worker/api"
	"github.com/syumai/workers/cloudflare/d1"
)

// Binding names, as wrangler.toml declares them, and Go's GC settings.
const (
	dbBinding = "DB"
	kvBinding = "INDEX"
	gcPercent = 400      // GOGC: collect when the heap is 5x what is live ...
	memLimit  = 64 << 20 // ... or Go has 64 MiB, half the isolate's 128 MB
)

var (
	uint8Array = js.Global().Get("Uint8Array")
	jsError    = js.Global().Get("Error")
)

func main() {
	debug.SetGCPercent(gcPercent)
	debug.SetMemoryLimit(memLimit)
	rt := js.Global().Get("context") // the entry module's context object
	env := rt.Get("env")
	handler, now := newHandler(env)
	answerNow = now
	reply := rt.Get("reply")
	binding := rt.Get("binding")
	// inbox(n, keep) returns the address of n bytes of Go's memory that
	// the entry writes the next request into: the kept inbox, grown to n,
	// or with keep false a buffer for that one request (a large body, which
	// then becomes the request's body without a copy).
	binding.Set("inbox", js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) != 2 || args[0].Type() != js.TypeNumber || args[0].Int() < 0 || args[0].Int() > maxInbox {
			return jsError.New("inbox takes (bytes, keep)")
		}
		n := args[0].Int()
		if !args[1].Truthy() {
			spill = make([]byte, n)
			return addr(spill)
		}
		if n > len(inbox) {
			inbox = make([]byte, n)
		}
		return addr(inbox)
	}))
	// handle(id, at, headLen, bodyLen, tooLarge) takes the request the
	// entry wrote at address at (an inbox): the head, then bodyLen bytes of
	// body (-1: none). It returns an Error for a call it cannot take (and
	// then never replies), else nothing; the answer goes to context.reply.
	binding.Set("handle", js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) != 5 || args[0].Type() != js.TypeNumber || args[1].Type() != js.TypeNumber || args[2].Type() != js.TypeNumber || args[3].Type() != js.TypeNumber {
			return jsError.New("handle takes (id, at, headLen, bodyLen, tooLarge)")
		}
		req, err := takeRequest(args[1].Int(), args[2].Int(), args[3].Int(), args[4].Truthy())
		if err != nil {
			return jsError.New(err.Error())
		}
		id := args[0].Int()
		run(func() {
			r := handler(req)
			head := headerLines(r.Header)
			// The entry copies both out before Invoke returns.
			reply.Invoke(id, r.Status, addr(unsafe.Slice(unsafe.StringData(head), len(head))), len(head), addr(r.Body), len(r.Body))
			runtime.KeepAlive(head)
			runtime.KeepAlive(r.Body)
		})
		return nil
	}))
	rt.Call("ready")
	select {}
}

// The inboxes: memory the entry writes requests into. inbox is kept for
// every request that fits it; spill is a one-off for a larger one, given to
// the next request that names it. Only the entry's one thread touches them,
// within handle and inbox, so they need no lock.
var inbox, spill []byte

// maxInbox bounds what inbox hands out: more than the largest head and
// body the entry sends (MAX_BODY, 24 MiB), less than Go's memory limit.
const maxInbox = 32 << 20

// addr is the address of b's first byte in the WebAssembly memory, as the
// entry reads and writes it (0 for none). Go's collector never moves heap
// memory, so an address stays good while b is kept.
func addr(b []byte) int {
	return int(uintptr(unsafe.Pointer(unsafe.SliceData(b))))
}

// takeRequest reads the request handle or handleNow was given: where the
// entry wrote it (an inbox), the lengths of its head ("method\nurl\n" and a
// "name: value" line per header) and body (-1: none). The body is copied
// out of the kept inbox (the next request overwrites it) and taken as it is
// from a spill, which serves this one request.
func takeRequest(at, headLen, bodyLen int, tooLarge bool) (*api.Request, error) {
	buf, kept := inbox, true
	if len(spill) > 0 && at == addr(spill) {
		buf, kept = spill, false
	} else if at != addr(inbox) {
		return nil, errors.New("handle: the request is not in an inbox")
	}
	spill = nil
	if headLen < 0 || bodyLen < -1 || headLen+max(bodyLen, 0) > len(buf) {
		return nil, errors.New("handle: the request overruns its inbox")
	}
	r := parseHead(string(buf[:headLen]))
	r.TooLarge = tooLarge
	if bodyLen >= 0 {
		r.Body = buf[headLen : headLen+bodyLen : headLen+bodyLen]
		if kept {
			r.Body = append(make([]byte, 0, bodyLen), r.Body...)
		}
	}
	return r, nil
}

// answerNow is api.Server.HandleNow (or the misconfigured Worker's answer);
// nowDone says it has answered.
var (
	answerNow func(*api.Request) (api.Response, bool)
	nowDone   = make(chan struct{})
)

// outbox is where handleNow leaves an answer for the entry: its status and
// the address and length of its header lines and of its body; answered
// keeps those alive until the next answer replaces them.
var (
	outbox   [5]int32
	answered struct {
		head string
		body []byte
	}
)

// outboxAddr is the outbox's address, which the entry asks for once.
//
//lint:ignore U1000 called from JavaScript (go:wasmexport)
//go:wasmexport retold_outbox
func outboxAddr() int32 {
	return int32(uintptr(unsafe.Pointer(&outbox)))
}

// handleNow answers the request in the inbox at once if it needs no
// storage I/O (api.Server.HandleNow): it returns 1 with the answer in the
// outbox, else 0: nothing done, the entry calls handle. A direct export: JavaScript calls it as any
// WebAssembly function, without the event hand-off a js.Func costs (tens of
// microseconds a call, more on a request's first), so Go must not wait in
// it on anything JavaScript does, which HandleNow ensures.
//
//go:wasmexport retold_handle_now
func handleNow(at, headLen, bodyLen, tooLarge int32) int32 {
	if answerNow == nil {
		return 0
	}
	sp := spill
	req, err := takeRequest(int(at), int(headLen), int(bodyLen), tooLarge != 0)
	if err != nil {
		spill = sp // handle says what is wrong
		return 0
	}
	// On a kept goroutine: the engine's calls would grow this one's stack
	// afresh on every request. Nothing it waits on leaves Go.
	var r api.Response
	var ok bool
	run(func() {
		r, ok = answerNow(req)
		nowDone <- struct{}{}
	})
	<-nowDone
	if !ok {
		spill = sp // handle takes it
		return 0
	}
	head := headerLines(r.Header)
	answered.head, answered.body = head, r.Body
	outbox = [5]int32{int32(r.Status), int32(addr(unsafe.Slice(unsafe.StringData(head), len(head)))), int32(len(head)),
		int32(addr(r.Body)), int32(len(r.Body))}
	return 1
}

// parseHead reads a request's head: "method\nurl\n", then one
// "name: value" line per header.
func parseHead(head string) *api.Request {
	method, rest, _ := strings.Cut(head, "\n")
	url, lines, _ := strings.Cut(rest, "\n")
	r := &api.Request{Method: method, URL: url, Header: map[string]string{}}
	for line := range strings.SplitSeq(lines, "\n") {
		if k, v, ok := strings.Cut(line, ": "); ok {
			r.Header[strings.ToLower(k)] = v
		}
	}
	return r
}

// jobs hands a request to an idle goroutine of those that ran earlier ones.
var jobs = make(chan func())

// run runs f on a goroutine of its own: an idle one that ran an earlier
// request, else a new one, which then stays for later requests. A new
// goroutine's stack starts small and is copied as it grows on the way down
// the engine's calls, on every request; a kept one has grown already. There
// are never more goroutines than requests once handled at the same time.
func run(f func()) {
	select {
	case jobs <- f:
	default:
		go func() {
			for {
				f()
				f = <-jobs
			}
		}()
	}
}

// newHandler returns the request handler; a configuration error makes every
// request a 500 that says what is wrong, rather than a Worker that never
// starts.
func newHandler(env js.Value) (func(*api.Request) api.Response, func(*api.Request) (api.Response, bool)) {
	cfg, err := api.ConfigFrom(func(k string) string {
		if v := env.Get(k); v.Type() == js.TypeString {
			return v.String()
		}
		return ""
	})
	var srv *api.Server
	if err == nil {
		var db *d1Store
		if db, err = openD1(); err == nil {
			ns := env.Get(kvBinding)
			if ns.Type() != js.TypeObject {
				err = fmt.Errorf("no KV namespace bound as %s", kvBinding)
			}
			srv = api.New(cfg, db, &kvStore{ns}, nil)
		}
	}
	if err != nil {
		err = fmt.Errorf("worker misconfigured: %w", err)
		b, _ := json.Marshal(map[string]any{"error": err.Error(), "status": 500})
		res := api.Response{Status: 500, Header: [][2]string{{"Content-Type", "application/json"}}, Body: b}
		return func(*api.Request) api.Response { return res }, func(*api.Request) (api.Response, bool) { return res, true }
	}
	return func(req *api.Request) api.Response {
		return srv.Handle(context.Background(), req)
	}, srv.HandleNow
}

// headerLines writes response headers as the entry reads them.
func headerLines(hs [][2]string) string {
	var b strings.Builder
	for _, h := range hs {
		b.WriteString(h[0])
		b.WriteString(": ")
		b.WriteString(h[1])
		b.WriteByte('\n')
	}
	return b.String()
}

// await waits for a JS promise, from a goroutine other than the one JS called.
func await(p js.Value) (js.Value, error) {
	type result struct {
		v   js.Value
		err error
	}
	ch := make(chan result, 1)
	var then, catch js.Func
	then = js.FuncOf(func(_ js.Value, a []js.Value) any {
		then.Release()
		catch.Release()
		ch <- result{v: a[0]}
		return nil
	})
	catch = js.FuncOf(func(_ js.Value, a []js.Value) any {
		then.Release()
		catch.Release()
		ch <- result{err: errors.New(a[0].Call("toString").String())}
		return nil
	})
	p.Call("then", then, catch)
	r := <-ch
	return r.v, r.err
}

// kvStore is the SnapshotStore over a KV namespace.
type kvStore struct{ ns js.Value }

func (k *kvStore) Get(_ context.Context, key string) ([]byte, bool, error) {
	v, err := await(k.ns.Call("get", key, "arrayBuffer"))
	if err != nil || v.IsNull() || v.IsUndefined() {
		return nil, false, err
	}
	view := uint8Array.New(v)
	b := make([]byte, view.Get("byteLength").Int())
	js.CopyBytesToGo(b, view)
	return b, true, nil
}

func (k *kvStore) Put(_ context.Context, key string, value []byte) error {
	view := uint8Array.New(len(value))
	js.CopyBytesToJS(view, value)
	_, err := await(k.ns.Call("put", key, view))
	return err
}

// d1Store is the ArticleStore over a D1 database. Its table is created on
// first use, so a new database needs no migration step.
type d1Store struct {
	db     *sql.DB
	schema sync.Once
	err    error
}

// schema is the articles, and one row recording the last publish: its
// generation, the source of its index and its pointer (api.ArticleStore).
var schema = []string{`CREATE TABLE IF NOT EXISTS articles (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  hash TEXT NOT NULL UNIQUE,
  id TEXT NOT NULL, url TEXT NOT NULL, outlet TEXT NOT NULL, date TEXT NOT NULL,
  lang TEXT NOT NULL, title TEXT NOT NULL, text TEXT NOT NULL,
  added TEXT NOT NULL DEFAULT (datetime('now')))`,
	`CREATE TABLE IF NOT EXISTS published (
  one INTEGER PRIMARY KEY CHECK (one = 1),
  gen INTEGER NOT NULL, source TEXT NOT NULL, pointer TEXT NOT NULL)`,
}

func openD1() (*d1Store, error) {
	c, err := d1.OpenConnector(dbBinding)
	if err != nil {
		return nil, fmt.Errorf("no D1 database bound as %s: %w", dbBinding, err)
	}
	return &d1Store{db: sql.OpenDB(c)}, nil
}

func (d *d1Store) ready(ctx context.Context) error {
	d.schema.Do(func() {
		for _, q := range schema {
			if _, d.err = d.db.ExecContext(ctx, q); d.err != nil {
				return
			}
		}
	})
	return d.err
}

func (d *d1Store) Published(ctx context.Context) (int64, []byte, error) {
	if err := d.ready(ctx); err != nil {
		return 0, nil, err
	}
	var gen int64
	var ptr string
	err := d.db.QueryRowContext(ctx, `SELECT gen, pointer FROM published WHERE one = 1`).Scan(&gen, &ptr)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil, nil
	}
	return gen, []byte(ptr), err
}

// Publish is one upsert whose update applies only while the generation is
// still gen: D1 runs it atomically, so of two publishes from one
// generation, one changes the row and the other changes nothing.
func (d *d1Store) Publish(ctx context.Context, gen int64, source string, ptr []byte) (bool, error) {
	if err := d.ready(ctx); err != nil {
		return false, err
	}
	res, err := d.db.ExecContext(ctx, `INSERT INTO published (one, gen, source, pointer) SELECT 1, ?1 + 1, ?2, ?3 WHERE ?1 = 0 OR EXISTS (SELECT 1 FROM published)
ON CONFLICT (one) DO UPDATE SET gen = excluded.gen, source = excluded.source, pointer = excluded.pointer WHERE published.gen = ?1`,
		gen, source, string(ptr))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

func (d *d1Store) All(ctx context.Context) ([]api.Stored, error) {
	if err := d.ready(ctx); err != nil {
		return nil, err
	}
	rows, err := d.db.QueryContext(ctx, `SELECT hash, id, url, outlet, date, lang, title, text FROM articles ORDER BY seq`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []api.Stored
	for rows.Next() {
		var a api.Stored
		if err := rows.Scan(&a.Hash, &a.ID, &a.URL, &a.Outlet, &a.Date, &a.Lang, &a.Title, &a.Text); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// Add inserts every article in one statement, so the batch goes in whole or
// not at all: the rows travel as one JSON value that json_each unpacks. The
// statement inserts nothing while an uploaded index is published; when it
// changed nothing, the published row says whether that is why.
func (d *d1Store) Add(ctx context.Context, as []api.Stored) error {
	if err := d.ready(ctx); err != nil {
		return err
	}
	type row struct {
		H, I, U, O, D, L, T, X string
	}
	rows := make([]row, len(as))
	for i, a := range as {
		rows[i] = row{a.Hash, a.ID, a.URL, a.Outlet, a.Date, a.Lang, a.Title, a.Text}
	}
	b, err := json.Marshal(rows)
	if err != nil {
		return err
	}
	res, err := d.db.ExecContext(ctx, `INSERT OR IGNORE INTO articles (hash, id, url, outlet, date, lang, title, text)
SELECT json_extract(value, '$.H'), json_extract(value, '$.I'), json_extract(value, '$.U'), json_extract(value, '$.O'),
       json_extract(value, '$.D'), json_extract(value, '$.L'), json_extract(value, '$.T'), json_extract(value, '$.X')
FROM json_each(?1) WHERE NOT EXISTS (SELECT 1 FROM published WHERE source = ?2) ORDER BY key`, string(b), api.SourceUploaded)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n > 0 {
		return err
	}
	var source string
	switch err := d.db.QueryRowContext(ctx, `SELECT source FROM published WHERE one = 1`).Scan(&source); {
	case errors.Is(err, sql.ErrNoRows):
		return nil
	case err != nil:
		return err
	case source == api.SourceUploaded:
		return api.ErrManagedOffline
	}
	return nil
}
