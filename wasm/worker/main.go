//go:build js && wasm

// Command worker is Retold's corpus backend on Cloudflare Workers: the API of
// package api over the Worker's bindings (articles in D1, index snapshots in
// KV), compiled to WebAssembly and driven by entry.mjs.
//
// Design. syumai/workers' own entry starts a Go instance per request and its
// handler ends the program after the first response; here the program starts
// once per isolate, registers one function, handle, on the context object the
// entry module gives it, signals ready, and then waits for ever. handle takes
// a reply function and the request as plain values (strings, the body as
// bytes), runs it on its own goroutine, so a request that waits on D1 or KV
// never holds up another, and calls reply once with the status, headers and
// body. Every JS value Go keeps costs a reference with a finalizer, so the
// boundary carries headers as one string rather than objects. Every JS lookup
// is made here, in this one file. D1 goes through syumai/workers' database/sql
// driver; KV is called directly, because that package's Get cannot tell a
// missing key from a stored one.
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
	"runtime/debug"
	"strings"
	"sync"
	"syscall/js"

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
	handler := newHandler(env)
	// handle(reply, method, url, headers, body, tooLarge) returns an Error
	// for a call it cannot take (and then never calls reply), else nothing.
	rt.Get("binding").Set("handle", js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) != 6 || args[0].Type() != js.TypeFunction {
			return jsError.New("handle takes (reply, method, url, headers, body, tooLarge)")
		}
		reply, req := args[0], fromJS(args[1:])
		run(func() {
			r := handler(req)
			reply.Invoke(r.Status, headerLines(r.Header), bodyToJS(r.Body))
		})
		return nil
	}))
	rt.Call("ready")
	select {}
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
func newHandler(env js.Value) func(*api.Request) api.Response {
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
		return func(*api.Request) api.Response {
			b, _ := json.Marshal(map[string]any{"error": err.Error(), "status": 500})
			return api.Response{Status: 500, Header: [][2]string{{"Content-Type", "application/json"}}, Body: b}
		}
	}
	return func(req *api.Request) api.Response {
		return srv.Handle(context.Background(), req)
	}
}

// fromJS reads the entry's request: method, url, headers (one "name: value"
// line each), body (a Uint8Array or null), tooLarge.
func fromJS(a []js.Value) *api.Request {
	r := &api.Request{Method: a[0].String(), URL: a[1].String(), Header: map[string]string{}, TooLarge: a[4].Truthy()}
	for line := range strings.SplitSeq(a[2].String(), "\n") {
		if k, v, ok := strings.Cut(line, ": "); ok {
			r.Header[strings.ToLower(k)] = v
		}
	}
	if b := a[3]; b.Type() == js.TypeObject {
		r.Body = make([]byte, b.Get("byteLength").Int())
		js.CopyBytesToGo(r.Body, b)
	}
	return r
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

// bodyToJS is a response body for the entry: a Uint8Array, or null.
func bodyToJS(b []byte) any {
	if len(b) == 0 {
		return nil
	}
	v := uint8Array.New(len(b))
	js.CopyBytesToJS(v, b)
	return v
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
