// Package api is the Retold backend's HTTP API, apart from the runtime that
// carries it: the Worker's entry hands it a Request and sends back the
// Response, and storage sits behind two small interfaces (ArticleStore for the
// articles, in D1; SnapshotStore for index snapshots, in KV). Nothing here
// imports syscall/js, so every handler runs and is tested natively.
//
// Design. Requests and responses are plain values, not net/http types: the
// entry module passes bytes across the JS boundary anyway, and leaving
// net/http out keeps the Worker's WebAssembly small. The loaded index lives
// in the Server for the life of the isolate and is re-checked against the
// store's "current" pointer at most every Config.Refresh, by one request
// while the others keep serving it, so a match costs no storage round trip
// and no request waits on another's I/O. The answers to /v1/match are kept
// too, per isolate and per index (cache.go): readers of one page get the
// answer the engine gave the first of them.
//
// Publishing is ordered so that nothing half-written is ever served, and so
// that concurrent publishes (two isolates, or two requests in one whose
// awaits interleave) cannot lose articles: the articles go into D1 first (one
// atomic statement), then an index of every stored article is built and its
// parts stored under a key named by their hash (invisible), then the publish
// is recorded in D1 with a compare-and-swap on a generation number. A
// publisher whose generation is stale reads the articles again and either
// finds its articles in the index just published or builds again. Only then
// is the KV pointer, which carries the generation, written; an isolate never
// installs a pointer older than the one it serves, and the last writer puts
// back a later pointer it overwrote. A failure after the articles are stored
// leaves articles the index lacks; the pointer records a digest of the
// article set it was built from, so the next ingest (a retry of the same
// request included) notices and publishes. While an index uploaded with PUT
// /v1/index is published, POST /v1/articles answers 409 and stores nothing:
// that index is managed offline, and rebuilding it from the Worker's own
// articles would silently drop the larger corpus it was built from. DELETE
// /v1/index ends that on purpose: it publishes an index of the stored
// articles (the default corpus when there are none) by the same
// compare-and-swap, so the upload is served until that publish is recorded.
// Request
// JSON is read with gjson, validated first, since gjson does not validate.
package api

import (
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/retold/retold/shared/corpus"
	"github.com/retold/retold/shared/extract"
	"github.com/retold/retold/shared/index"
	"github.com/retold/retold/shared/index/signature"
	"github.com/retold/retold/shared/intake"
	"github.com/retold/retold/shared/match"
	"github.com/retold/retold/shared/stance"
	"github.com/tidwall/gjson"
)

// Limits of the API, in one place.
const (
	MaxMatchBody       = 1 << 20  // POST /v1/match body, bytes
	MaxSentences       = 500      // POST /v1/match sentences
	MaxArticlesBody    = 1 << 20  // POST /v1/articles body, bytes (D1 binds one value of at most 2 MB)
	MaxIndexBody       = 24 << 20 // PUT /v1/index body, bytes
	MaxBody            = MaxIndexBody
	MaxBuildBytes      = 8 << 20  // corpus text the Worker indexes itself; beyond, upload a built index
	DefaultPartSize    = 20 << 20 // KV values are at most 25 MiB: snapshots are stored in parts this big
	DefaultRefresh     = 10 * time.Second
	DefaultRate        = 120 // requests per minute per client on the public endpoints
	DefaultMatchCache  = 8   // MiB of /v1/match answers an isolate keeps (cache.go)
	maxRateClients     = 10000
	maxPublishAttempts = 5 // a publish that keeps losing the race to others gives up after this many builds
	maxClaimIDLength   = 64
)

// Config is what the Worker's environment configures.
type Config struct {
	Token         string             // bearer token for the write endpoints; empty: writes disabled
	SigningKey    ed25519.PrivateKey // signs the indexes the Worker builds; nil: it cannot build
	PublicKey     ed25519.PublicKey  // what an uploaded index must be signed by; default: SigningKey's
	RatePerMinute int                // per client on the public endpoints; 0: unlimited
	Refresh       time.Duration      // how often the current pointer is re-read
	PartSize      int                // largest snapshot part stored under one key
	MatchCache    int                // bytes of /v1/match answers kept per isolate; 0: none
	Timing        bool               // /v1/match answers say where their time went (Server-Timing)
}

// ConfigFrom reads a Config from the Worker's variables and secrets:
// ADMIN_TOKEN, SIGNING_KEY (base64 ed25519 private key, as `retold keygen`
// writes it), PUBLIC_KEY (base64), RATE_LIMIT (requests per minute; 0 for
// none), MATCH_CACHE_MB (MiB of /v1/match answers kept per isolate; 0 for
// none), SERVER_TIMING ("1": Server-Timing headers, for local measurement;
// a deployed Worker's clock stands still while it computes, so there they
// would read 0).
func ConfigFrom(env func(string) string) (Config, error) {
	c := Config{Token: strings.TrimSpace(env("ADMIN_TOKEN")), RatePerMinute: DefaultRate, Refresh: DefaultRefresh, PartSize: DefaultPartSize,
		MatchCache: DefaultMatchCache << 20}
	if s := strings.TrimSpace(env("SIGNING_KEY")); s != "" {
		k, err := ParsePrivateKey(s)
		if err != nil {
			return c, fmt.Errorf("SIGNING_KEY: %w", err)
		}
		c.SigningKey = k
		c.PublicKey = k.Public().(ed25519.PublicKey)
	}
	if s := strings.TrimSpace(env("PUBLIC_KEY")); s != "" {
		b, err := base64.StdEncoding.DecodeString(s)
		if err != nil || len(b) != ed25519.PublicKeySize {
			return c, errors.New("PUBLIC_KEY: want the base64 of a 32-byte ed25519 public key")
		}
		if c.SigningKey != nil && !c.PublicKey.Equal(ed25519.PublicKey(b)) {
			return c, errors.New("PUBLIC_KEY is not SIGNING_KEY's public key")
		}
		c.PublicKey = b
	}
	if s := strings.TrimSpace(env("RATE_LIMIT")); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			return c, errors.New("RATE_LIMIT: want requests per minute, 0 for no limit")
		}
		c.RatePerMinute = n
	}
	if s := strings.TrimSpace(env("MATCH_CACHE_MB")); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 || n > 64 {
			return c, errors.New("MATCH_CACHE_MB: want 0 (no cache) to 64 MiB; an isolate has 128 MB in all")
		}
		c.MatchCache = n << 20
	}
	c.Timing = strings.TrimSpace(env("SERVER_TIMING")) == "1"
	return c, nil
}

// ParsePrivateKey reads an ed25519 private key written as base64: the 64-byte
// key or its 32-byte seed.
func ParsePrivateKey(s string) (ed25519.PrivateKey, error) {
	b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(s))
	switch {
	case err != nil:
		return nil, errors.New("not base64")
	case len(b) == ed25519.SeedSize:
		return ed25519.NewKeyFromSeed(b), nil
	case len(b) == ed25519.PrivateKeySize:
		k := ed25519.NewKeyFromSeed(b[:ed25519.SeedSize])
		if subtle.ConstantTimeCompare(k, b) != 1 {
			return nil, errors.New("private key's public half does not match its seed")
		}
		return k, nil
	}
	return nil, fmt.Errorf("want a 32-byte seed or a 64-byte ed25519 private key, got %d bytes", len(b))
}

// Request is one HTTP request, as the entry module hands it over.
type Request struct {
	Method   string
	URL      string            // path and query ("/v1/index?x=1") or an absolute URL
	Header   map[string]string // lower-case names
	Body     []byte
	TooLarge bool // the body was longer than MaxBody and was cut
}

// Response is what the entry module sends back.
type Response struct {
	Status int
	Header [][2]string
	Body   []byte
}

// Server answers the API. Its zero value is not usable; see New.
type Server struct {
	cfg      Config
	articles ArticleStore
	snaps    SnapshotStore
	now      func() time.Time

	mu         sync.Mutex // guards cur and refreshing; never held across storage I/O
	cur        *snapshot
	refreshing bool // a request is re-reading the pointer; the others serve cur meanwhile
	limiter    *limiter
	answers    *answerCache // of POST /v1/match
}

// snapshot is an index the Server serves.
type snapshot struct {
	ptr     pointer
	data    []byte
	x       *index.Index
	checked time.Time

	signerOnce sync.Once
	signerKey  string

	stanceOnce      sync.Once
	claims, denials int
}

// New returns a Server over the stores. now may be nil (time.Now).
func New(cfg Config, articles ArticleStore, snaps SnapshotStore, now func() time.Time) *Server {
	if now == nil {
		now = time.Now
	}
	if cfg.PartSize <= 0 {
		cfg.PartSize = DefaultPartSize
	}
	return &Server{cfg: cfg, articles: articles, snaps: snaps, now: now,
		limiter: &limiter{perMinute: cfg.RatePerMinute, clients: map[string]*bucket{}},
		answers: newAnswerCache(cfg.MatchCache)}
}

// route is one endpoint.
type route struct {
	method, prefix string
	exact          bool
	public         bool // rate limited; CORS for extension origins
	stores         bool // reads or writes the stores (beyond the served snapshot's refresh)
	h              func(*Server, context.Context, *Request, string) Response
}

// routes is the API, matched in order.
var routes = []route{
	{"GET", "/healthz", true, true, false, (*Server).health},
	{"GET", "/v1/index", true, true, false, (*Server).getIndex},
	{"PUT", "/v1/index", true, false, true, (*Server).putIndex},
	{"DELETE", "/v1/index", true, false, true, (*Server).deleteIndex},
	{"GET", "/v1/claims/", false, true, false, (*Server).getClaim},
	{"POST", "/v1/match", true, true, false, (*Server).postMatch},
	{"POST", "/v1/articles", true, false, true, (*Server).postArticles},
}

// nowKey marks the context of HandleNow's call to Handle; its value is a
// *bool that Handle sets when the request would touch the stores.
type nowKey struct{}

// HandleNow answers r as Handle does when that needs no storage I/O, and
// says so; otherwise it returns false having done nothing (no rate limit
// counted), and Handle must answer r. No I/O: the served snapshot is loaded
// and not due for its refresh, and the request is not a write. The Worker
// calls it straight from JavaScript, where nothing may wait on a promise;
// the reads (every public endpoint) are answered so, the refresh and the
// writes take Handle's way.
func (s *Server) HandleNow(r *Request) (Response, bool) {
	s.mu.Lock()
	cur := s.cur
	due := cur == nil || s.due(cur, s.now())
	s.mu.Unlock()
	if due {
		return Response{}, false
	}
	waits := false
	res := s.Handle(context.WithValue(context.Background(), nowKey{}, &waits), r)
	return res, !waits
}

// cannotWait tells whether ctx is HandleNow's, and marks that the request
// would wait.
func cannotWait(ctx context.Context) bool {
	if p, ok := ctx.Value(nowKey{}).(*bool); ok {
		*p = true
		return true
	}
	return false
}

// Handle answers one request. It never panics: an engine panic becomes a 500.
func (s *Server) Handle(ctx context.Context, r *Request) (res Response) {
	origin := r.Header["origin"]
	defer func() {
		if p := recover(); p != nil {
			res = errorf(500, "internal error: %v", p)
		}
		res.Header = append(res.Header, cors(origin)...)
	}()
	path := r.URL
	if i := strings.Index(path, "://"); i >= 0 {
		path = path[i+3:]
		if j := strings.IndexByte(path, '/'); j >= 0 {
			path = path[j:]
		} else {
			path = "/"
		}
	}
	if i := strings.IndexAny(path, "?#"); i >= 0 {
		path = path[:i]
	}
	if origin != "" && !extensionOrigin(origin) {
		return errorf(403, "origin %q is not allowed: the API serves the Retold extension and non-browser clients", origin)
	}
	var allowed []string
	for _, rt := range routes {
		if rt.exact && path != rt.prefix || !rt.exact && (!strings.HasPrefix(path, rt.prefix) || len(path) == len(rt.prefix)) {
			continue
		}
		if r.Method == "OPTIONS" {
			allowed = append(allowed, rt.method)
			continue
		}
		if rt.method != r.Method && !(r.Method == "HEAD" && rt.method == "GET") {
			allowed = append(allowed, rt.method)
			continue
		}
		if rt.stores && cannotWait(ctx) {
			return Response{}
		}
		if rt.public && !s.limiter.allow(clientOf(r), s.now()) {
			res := errorf(429, "too many requests: at most %d a minute", s.cfg.RatePerMinute)
			res.Header = append(res.Header, [2]string{"Retry-After", "60"})
			return res
		}
		res := rt.h(s, ctx, r, strings.TrimPrefix(path, rt.prefix))
		if r.Method == "HEAD" {
			res.Body = nil
		}
		return res
	}
	if len(allowed) == 0 {
		return errorf(404, "no such endpoint: %s", path)
	}
	if r.Method == "OPTIONS" {
		return Response{Status: 204, Header: [][2]string{{"Allow", strings.Join(allowed, ", ") + ", OPTIONS"}}}
	}
	res = errorf(405, "method %s not allowed on %s", r.Method, path)
	res.Header = append(res.Header, [2]string{"Allow", strings.Join(allowed, ", ")})
	return res
}

// extensionOrigin tells whether a browser origin is an installed extension:
// their ids differ per install, so the scheme is what is checked.
func extensionOrigin(o string) bool {
	return strings.HasPrefix(o, "chrome-extension://") || strings.HasPrefix(o, "moz-extension://")
}

// cors is the CORS headers for an allowed origin.
func cors(origin string) [][2]string {
	if !extensionOrigin(origin) {
		return nil
	}
	return [][2]string{
		{"Access-Control-Allow-Origin", origin},
		{"Vary", "Origin"},
		{"Access-Control-Allow-Methods", "GET, HEAD, POST, OPTIONS"},
		{"Access-Control-Allow-Headers", "Content-Type, If-None-Match"},
		{"Access-Control-Expose-Headers", "ETag"},
		{"Access-Control-Max-Age", "86400"},
	}
}

// clientOf names the client for the rate limit: Cloudflare's connecting IP.
func clientOf(r *Request) string {
	if ip := r.Header["cf-connecting-ip"]; ip != "" {
		return ip
	}
	if ip, _, _ := strings.Cut(r.Header["x-forwarded-for"], ","); ip != "" {
		return strings.TrimSpace(ip)
	}
	return "-"
}

// errorf is a JSON error response.
func errorf(status int, format string, args ...any) Response {
	return jsonResponse(status, struct {
		Error  string `json:"error"`
		Status int    `json:"status"`
	}{fmt.Sprintf(format, args...), status})
}

func jsonResponse(status int, v any) Response {
	b, err := json.Marshal(v)
	if err != nil {
		return Response{Status: 500, Header: [][2]string{{"Content-Type", "application/json"}}, Body: []byte(`{"error":"encoding the response failed","status":500}`)}
	}
	return Response{Status: status, Header: [][2]string{{"Content-Type", "application/json; charset=utf-8"}}, Body: append(b, '\n')}
}

// matchResponse is jsonResponse(200, r), its body written by appendResult
// (json.go) in a reused buffer and copied out at its length.
func matchResponse(r *match.Result) Response {
	buf := answerBufs.Get().(*[]byte)
	b, ok := appendResult((*buf)[:0], r)
	if !ok {
		answerBufs.Put(buf)
		return jsonResponse(200, r) // Marshal's error, as before
	}
	body := make([]byte, len(b)+1)
	copy(body, b)
	body[len(b)] = '\n'
	if cap(b) <= maxPooledAnswer {
		*buf = b[:0]
		answerBufs.Put(buf)
	}
	return Response{Status: 200, Header: [][2]string{{"Content-Type", "application/json; charset=utf-8"}}, Body: body}
}

// answerBufs holds the buffers matchResponse writes answers in, up to
// maxPooledAnswer bytes each.
var answerBufs = sync.Pool{New: func() any { return new([]byte) }}

const maxPooledAnswer = 1 << 20

// authorized checks the bearer token in constant time.
func (s *Server) authorized(r *Request) *Response {
	if s.cfg.Token == "" {
		res := errorf(503, "writes are disabled: no ADMIN_TOKEN is configured")
		return &res
	}
	got, ok := strings.CutPrefix(r.Header["authorization"], "Bearer ")
	if !ok || subtle.ConstantTimeCompare([]byte(strings.TrimSpace(got)), []byte(s.cfg.Token)) != 1 {
		res := errorf(401, "missing or wrong bearer token")
		res.Header = append(res.Header, [2]string{"WWW-Authenticate", `Bearer realm="retold"`})
		return &res
	}
	return nil
}

// current returns the snapshot to serve: the one in memory while it is
// fresh, else the store's current one, else the embedded default corpus.
// No request waits on another's storage I/O (workerd cancels a request that
// waits on I/O begun by another): while one request re-reads the pointer,
// the others serve what is in memory, and before anything is in memory each
// request loads on its own.
func (s *Server) current(ctx context.Context) (*snapshot, error) {
	s.mu.Lock()
	cur, now := s.cur, s.now()
	if cur != nil && !s.due(cur, now) {
		s.mu.Unlock()
		return cur, nil
	}
	if ctx.Value(nowKey{}) != nil { // HandleNow found cur not due; serve it
		s.mu.Unlock()
		if cur == nil {
			cannotWait(ctx)
			return nil, errors.New("no index loaded yet")
		}
		return cur, nil
	}
	if cur != nil {
		s.refreshing = true
	}
	s.mu.Unlock()

	snap, err := s.load(ctx, cur)

	s.mu.Lock()
	defer s.mu.Unlock()
	if cur != nil {
		s.refreshing = false
	}
	if err != nil {
		if s.cur != nil { // keep serving what we have; try again next time
			s.cur.checked = now
			return s.cur, nil
		}
		return nil, err
	}
	// A publish in this isolate may have installed a newer snapshot while
	// we read.
	if s.cur == nil || snap.ptr.Gen > s.cur.ptr.Gen || s.cur == cur && snap.ptr.Gen == s.cur.ptr.Gen {
		s.cur = snap
	}
	s.cur.checked = now
	return s.cur, nil
}

// due tells whether cur, the served snapshot, is due for a refresh at now:
// no request is refreshing it, and it was checked Refresh ago or (the clock
// went back) in the future. The caller holds s.mu.
func (s *Server) due(cur *snapshot, now time.Time) bool {
	return !s.refreshing && (now.Sub(cur.checked) >= s.cfg.Refresh || !cur.checked.Before(now.Add(time.Second)))
}

// load reads the store's current pointer and the snapshot it names, reusing
// cur when it names the same one, and keeping cur when the store's pointer
// is older than it (KV is eventually consistent: an isolate may read an old
// pointer after it has published a newer one).
func (s *Server) load(ctx context.Context, cur *snapshot) (*snapshot, error) {
	p, ok, err := readPointer(ctx, s.snaps)
	switch {
	case err != nil:
		return nil, err
	case !ok && cur != nil && cur.ptr.Source == sourceDefault:
		return cur, nil
	case !ok:
		return s.defaultSnapshot()
	case cur != nil && (cur.ptr.Snapshot == p.Snapshot || p.Gen < cur.ptr.Gen):
		return cur, nil
	}
	return loadSnapshot(ctx, s.snaps, p)
}

// signer is the base64 public key the snapshot verifies against, "" when
// it is unsigned or does not verify; computed once.
func (s *snapshot) signer() string {
	s.signerOnce.Do(func() {
		key, _, _, _ := index.Signature(s.data)
		if signature.Verify(s.data, ed25519.PublicKey(key)) == nil {
			s.signerKey = base64.StdEncoding.EncodeToString(key)
		}
	})
	return s.signerKey
}

// defaultSnapshot is the embedded seed corpus, signed when a key is set.
func (s *Server) defaultSnapshot() (*snapshot, error) {
	x, err := corpus.Index()
	if err != nil {
		return nil, err
	}
	data := x.Encode()
	if s.cfg.SigningKey != nil {
		if data, err = signature.Sign(data, s.cfg.SigningKey); err != nil {
			return nil, err
		}
	}
	return &snapshot{ptr: pointerFor(data, sourceDefault, ""), data: data, x: x}, nil
}

func (s *Server) health(ctx context.Context, r *Request, _ string) Response {
	snap, err := s.current(ctx)
	if err != nil {
		return errorf(503, "no index: %v", err)
	}
	h := health{snap: snap, writes: s.cfg.Token != "", cacheMax: s.cfg.MatchCache}
	if s.cfg.PublicKey != nil {
		h.publicKey = base64.StdEncoding.EncodeToString(s.cfg.PublicKey)
	}
	h.answers, h.answerBytes = s.answers.stats()
	runtime.ReadMemStats(&h.mem)
	return Response{Status: 200, Header: [][2]string{{"Content-Type", "application/json; charset=utf-8"}}, Body: h.appendJSON(nil)}
}

// health is what GET /healthz reports.
type health struct {
	snap                           *snapshot
	publicKey                      string
	writes                         bool
	answers, answerBytes, cacheMax int
	mem                            runtime.MemStats
}

// stances counts the snapshot's claims and denials, once.
func (s *snapshot) stances() (claims, denials int) {
	s.stanceOnce.Do(func() {
		for _, c := range s.x.Claims {
			switch c.Kind {
			case stance.Claim:
				s.claims++
			case stance.Denial:
				s.denials++
			}
		}
	})
	return s.claims, s.denials
}

// appendJSON writes the report as json.Marshal writes its map (fields by
// name; TestHealthJSONIsMarshal), by hand: Marshal's reflection over the
// nested maps was most of the request's time in WebAssembly.
//
// memory is the Go side of this isolate (whose limit is 128 MB): sys is
// what the runtime has taken from the WebAssembly memory, which never
// shrinks, so it is the peak.
func (h *health) appendJSON(b []byte) []byte {
	snap := h.snap
	claims, denials := snap.stances()
	b = append(b, `{"index":{"articles":`...)
	b = strconv.AppendInt(b, int64(len(snap.x.Articles)), 10)
	b = append(b, `,"bytes":`...)
	b = strconv.AppendInt(b, int64(len(snap.data)), 10)
	b = append(b, `,"claims":`...)
	b = strconv.AppendInt(b, int64(claims), 10)
	b = field(b, `,"date":`, snap.x.Date)
	b = append(b, `,"denials":`...)
	b = strconv.AppendInt(b, int64(denials), 10)
	b = append(b, `,"format":`...)
	b = strconv.AppendInt(b, index.Format, 10)
	b = append(b, `,"generation":`...)
	b = strconv.AppendInt(b, snap.ptr.Gen, 10)
	b = field(b, `,"published":`, snap.ptr.At)
	b = append(b, `,"sentences":`...)
	b = strconv.AppendInt(b, int64(len(snap.x.Sentences)), 10)
	b = field(b, `,"signer":`, snap.signer())
	b = field(b, `,"snapshot":`, snap.ptr.Snapshot)
	b = field(b, `,"source":`, snap.ptr.Source)
	b = append(b, `},"match_cache":{"answers":`...)
	b = strconv.AppendInt(b, int64(h.answers), 10)
	b = append(b, `,"bytes":`...)
	b = strconv.AppendInt(b, int64(h.answerBytes), 10)
	b = append(b, `,"max_bytes":`...)
	b = strconv.AppendInt(b, int64(h.cacheMax), 10)
	b = append(b, `},"memory":{"gcs":`...)
	b = strconv.AppendUint(b, uint64(h.mem.NumGC), 10)
	b = append(b, `,"heap_bytes":`...)
	b = strconv.AppendUint(b, h.mem.HeapAlloc, 10)
	b = append(b, `,"sys_bytes":`...)
	b = strconv.AppendUint(b, h.mem.Sys, 10)
	b = field(append(b, `},"ok":true`...), `,"public_key":`, h.publicKey)
	b = strconv.AppendBool(append(b, `,"writes":`...), h.writes)
	return append(b, "}\n"...)
}

func (s *Server) getIndex(ctx context.Context, r *Request, _ string) Response {
	snap, err := s.current(ctx)
	if err != nil {
		return errorf(503, "no index: %v", err)
	}
	etag := `"` + snap.ptr.Snapshot + `"`
	h := [][2]string{{"ETag", etag}, {"Cache-Control", "no-cache"}}
	if etagMatches(r.Header["if-none-match"], etag) {
		return Response{Status: 304, Header: h}
	}
	h = append(h, [2]string{"Content-Type", "application/octet-stream"})
	return Response{Status: 200, Header: h, Body: snap.data}
}

// etagMatches reads an If-None-Match list (weak comparison, as RFC 9110 asks
// of it).
func etagMatches(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == "*" || t == etag {
			return true
		}
	}
	return false
}

// claimJSON is GET /v1/claims/{id}'s answer.
type claimJSON struct {
	ID       string         `json:"id"`
	Kind     string         `json:"kind"`
	Speaker  string         `json:"speaker"`
	Versions []versionJSON  `json:"versions"`
	Counter  *match.Counter `json:"counter,omitempty"`
	// Joint is the id of the claim one article tells as the same statement
	// in the next sentence (index.Claim.Joint): its versions are this
	// claim's too. As a flag does, the answer lists them after the claim's
	// own, one per article not listed yet, each marked joint.
	Joint string `json:"joint,omitempty"`
}

type versionJSON struct {
	Source   string `json:"source"`
	Outlet   string `json:"outlet"`
	URL      string `json:"url"`
	Date     string `json:"date"`
	Lang     string `json:"lang"`
	Text     string `json:"text"`
	Earliest bool   `json:"earliest,omitempty"`
	Joint    bool   `json:"joint,omitempty"` // a version of the joint claim
}

func (s *Server) getClaim(ctx context.Context, r *Request, id string) Response {
	if len(id) > maxClaimIDLength || strings.ContainsAny(id, "/%") {
		return errorf(404, "no claim %q", id)
	}
	snap, err := s.current(ctx)
	if err != nil {
		return errorf(503, "no index: %v", err)
	}
	x := snap.x
	for i := range x.Claims {
		c := &x.Claims[i]
		if c.ID != id {
			continue
		}
		out := claimJSON{ID: c.ID, Kind: c.Kind.String(), Speaker: c.Speaker, Versions: []versionJSON{}}
		listed := map[int32]bool{} // articles
		for j, v := range c.Versions {
			sv := &x.Sentences[v]
			a := &x.Articles[sv.Article]
			listed[sv.Article] = true
			out.Versions = append(out.Versions, versionJSON{a.ID, a.Outlet, a.URL, a.Date, a.Lang, sv.Text, j == 0, false})
		}
		if c.Counter >= 0 {
			o := &x.Claims[c.Counter]
			out.Counter = &match.Counter{Claim: o.ID, Kind: o.Kind.String(), Speaker: o.Speaker, Text: x.Opening(c.Counter)}
		}
		if c.Joint >= 0 {
			out.Joint = x.Claims[c.Joint].ID
			for _, v := range x.Claims[c.Joint].Versions {
				sv := &x.Sentences[v]
				if listed[sv.Article] {
					continue
				}
				listed[sv.Article] = true
				a := &x.Articles[sv.Article]
				out.Versions = append(out.Versions, versionJSON{a.ID, a.Outlet, a.URL, a.Date, a.Lang, sv.Text, false, true})
			}
		}
		res := jsonResponse(200, out)
		res.Header = append(res.Header, [2]string{"ETag", `"` + snap.ptr.Snapshot + `"`})
		return res
	}
	return errorf(404, "no claim %q in the current index", id)
}

func (s *Server) postMatch(ctx context.Context, r *Request, _ string) Response {
	tm := newTiming(s.cfg.Timing)
	if r.TooLarge || len(r.Body) > MaxMatchBody {
		return errorf(413, "body larger than %d bytes", MaxMatchBody)
	}
	// The snapshot first, for the answer found by the request's bytes; a
	// bad body is still a 400 before a missing index is a 503.
	snap, snapErr := s.current(ctx)
	var raw [sha256.Size]byte
	if snapErr == nil && s.cfg.MatchCache > 0 {
		raw = rawKey(snap.ptr.Snapshot, r.Body)
		if body := s.answers.getRaw(raw); body != nil {
			tm.mark("parse")
			tm.mark("cache")
			return Response{Status: 200, Header: append([][2]string{{"Content-Type", "application/json; charset=utf-8"}, {"X-Retold-Cache", "hit"}}, tm.header()...), Body: body}
		}
	}
	if !gjson.ValidBytes(r.Body) {
		return errorf(400, "body is not valid JSON")
	}
	root := gjson.ParseBytes(r.Body)
	if !root.IsObject() {
		return errorf(400, `want {"url": ..., "sentences": [...]}`)
	}
	u := root.Get("url")
	if u.Exists() && u.Type != gjson.String && u.Type != gjson.Null {
		return errorf(400, "url must be a string")
	}
	date := root.Get("date")
	if date.Exists() && date.Type != gjson.String && date.Type != gjson.Null {
		return errorf(400, "date must be a string")
	}
	list := root.Get("sentences")
	if !list.IsArray() {
		return errorf(400, "sentences must be an array of strings")
	}
	var texts []string
	var bad error
	list.ForEach(func(_, v gjson.Result) bool {
		if v.Type != gjson.String {
			bad = errors.New("sentences must be an array of strings")
			return false
		}
		if len(texts) == MaxSentences {
			bad = fmt.Errorf("more than %d sentences", MaxSentences)
			return false
		}
		texts = append(texts, v.String())
		return true
	})
	if bad != nil {
		return errorf(400, "%v", bad)
	}
	if snapErr != nil {
		return errorf(503, "no index: %v", snapErr)
	}
	url, day := u.String(), normalizeDate(date.String())
	key := matchKey(snap.ptr.Snapshot, url, day, texts)
	tm.mark("parse")
	if body := s.answers.get(key); body != nil {
		s.answers.alias(key, raw)
		tm.mark("cache")
		return Response{Status: 200, Header: append([][2]string{{"Content-Type", "application/json; charset=utf-8"}, {"X-Retold-Cache", "hit"}}, tm.header()...), Body: body}
	}
	flags := match.Analyze(snap.x, matchPage(url, day, texts))
	tm.mark("engine")
	res := matchResponse(&flags)
	if res.Status == 200 && s.cfg.MatchCache > 0 {
		s.answers.put(key, res.Body)
		s.answers.alias(key, raw)
		res.Header = append(res.Header, [2]string{"X-Retold-Cache", "miss"})
	}
	tm.mark("json")
	res.Header = append(res.Header, tm.header()...)
	return res
}

// timing is a request's Server-Timing: the time from one mark to the next,
// under the later mark's name. Off, it does nothing.
type timing struct {
	on    bool
	last  time.Time
	parts []string
}

func newTiming(on bool) *timing {
	if !on {
		return &timing{}
	}
	return &timing{on: true, last: time.Now()}
}

func (t *timing) mark(name string) {
	if t.on {
		now := time.Now()
		// As fmt's %.3f writes it, without fmt's reflection.
		t.parts = append(t.parts, name+";dur="+strconv.FormatFloat(float64(now.Sub(t.last))/float64(time.Millisecond), 'f', 3, 64))
		t.last = now
	}
}

func (t *timing) header() [][2]string {
	if !t.on {
		return nil
	}
	return [][2]string{{"Server-Timing", strings.Join(t.parts, ", ")}}
}

// MatchPage is the page POST /v1/match analyzes: the sentences as the
// paragraphs of one text, which is what `retold analyze` reads from a record
// {"id": url, "url": url, "date": date, "text": ...} with that text. The
// date, read as intake reads a record's, lets the engine leave out claims
// first made after the page came out; without one, none are left out.
func MatchPage(url, date string, sentences []string) intake.Article {
	return matchPage(url, normalizeDate(date), sentences)
}

// matchPage is MatchPage with the date normalized already: the handler
// needs it for the cache key first, and builds the page only on a miss.
func matchPage(url, day string, sentences []string) intake.Article {
	return intake.Article{ID: url, URL: url, Date: day, Text: strings.Join(sentences, "\n\n")}
}

// normalizeDate is extract.NormalizeDate, which gives "" for a blank date
// after trying every layout it knows; most requests carry none, and those
// tries were half of an answer from the cache in WebAssembly (0.1 ms).
func normalizeDate(date string) string {
	if strings.TrimSpace(date) == "" {
		return ""
	}
	return extract.NormalizeDate(date)
}

func (s *Server) postArticles(ctx context.Context, r *Request, _ string) Response {
	if res := s.authorized(r); res != nil {
		return *res
	}
	if r.TooLarge || len(r.Body) > MaxArticlesBody {
		return errorf(413, "body larger than %d bytes: send the articles in several requests", MaxArticlesBody)
	}
	in, err := parseArticles(r.Body)
	if err != nil {
		return errorf(400, "%v", err)
	}
	if s.cfg.SigningKey == nil {
		return errorf(503, "no SIGNING_KEY is configured: the Worker cannot sign an index")
	}
	gen, pub, err := s.published(ctx)
	if err != nil {
		return errorf(502, "reading the published index: %v", err)
	}
	if pub.Source == SourceUploaded {
		return managedOffline()
	}
	stored, err := s.articles.All(ctx)
	if err != nil {
		return errorf(502, "reading the stored articles: %v", err)
	}
	known := map[string]bool{}
	size := 0
	for _, a := range stored {
		known[a.Hash] = true
		size += len(a.Text)
	}
	var fresh []Stored
	for _, a := range in {
		st := Stored{Hash: ContentHash(a.Text), Article: a}
		if known[st.Hash] {
			continue
		}
		known[st.Hash] = true
		fresh = append(fresh, st)
		size += len(a.Text)
	}
	if size > MaxBuildBytes {
		return errorf(413, "the corpus (%d bytes of text) is larger than the Worker builds (%d): build it with `retold index -sign KEY` and PUT /v1/index", size, MaxBuildBytes)
	}
	result := map[string]any{"received": len(in), "added": len(fresh)}
	if len(fresh) > 0 {
		if err := s.articles.Add(ctx, fresh); errors.Is(err, ErrManagedOffline) {
			return managedOffline()
		} else if err != nil {
			return errorf(502, "storing the articles: %v", err)
		}
	}
	// Publish an index of every stored article. Another request (in this
	// isolate or another) may publish between our reads and our write; the
	// generation check in Publish refuses a stale write, and we read again:
	// either the index just published holds our articles too, or we build
	// one that holds everything stored.
	//
	// Every publisher reads the published generation before the stored
	// articles, and commits only on top of the generation it read. So once
	// two generations were committed after the first one we read with our
	// articles stored (base), the publisher of the second read the articles
	// after ours were stored: its index, and every later one, holds them.
	// A request that keeps losing to others thus stops losing by its third
	// try, however many publish beside it.
	base := int64(-1)
	for attempt := 0; attempt < maxPublishAttempts; attempt++ {
		if attempt > 0 || len(fresh) > 0 {
			if gen, pub, err = s.published(ctx); err != nil {
				return errorf(502, "reading the published index: %v", err)
			}
			if base < 0 {
				base = gen
			}
			if pub.Source == SourceUploaded {
				return managedOffline()
			}
			if stored, err = s.articles.All(ctx); err != nil {
				return errorf(502, "reading the stored articles: %v", err)
			}
		}
		digest := corpusDigest(stored)
		result["articles"] = len(stored)
		if pub.Corpus == digest || base >= 0 && gen >= base+2 {
			// Published already (by us before a failed announce, or by
			// another request): make sure it is the one served.
			announced, err := s.reannounce(ctx, pub)
			if err != nil {
				return errorf(502, "publishing the index: %v", err)
			}
			result["snapshot"] = pub.Snapshot
			result["published"] = announced
			return jsonResponse(200, result)
		}
		data, x, warnings, res := s.build(stored)
		if res != nil {
			return *res
		}
		p := pointerFor(data, sourceBuilt, digest)
		p.At = s.now().UTC().Format(time.RFC3339)
		if err := putParts(ctx, s.snaps, &p, data, s.cfg.PartSize); err != nil {
			return errorf(502, "storing the index: %v", err)
		}
		if won, res := s.commit(ctx, gen, &p, data, x); res != nil {
			return *res
		} else if !won {
			continue
		}
		result["snapshot"] = p.Snapshot
		result["published"] = true
		result["claims"] = len(x.Claims)
		if warnings == nil {
			warnings = []string{}
		}
		result["warnings"] = warnings
		return jsonResponse(200, result)
	}
	return errorf(503, "other publishes kept coming first (%d tries): the articles are stored; send the request again to publish them", maxPublishAttempts)
}

// build builds and signs an index of the stored articles; res is the error
// answer when it cannot.
func (s *Server) build(stored []Stored) (data []byte, x *index.Index, warnings []string, res *Response) {
	fail := func(status int, format string, args ...any) ([]byte, *index.Index, []string, *Response) {
		r := errorf(status, format, args...)
		return nil, nil, nil, &r
	}
	arts := make([]intake.Article, len(stored))
	size := 0
	for i, a := range stored {
		arts[i] = a.Article
		size += len(a.Text)
	}
	if size > MaxBuildBytes {
		return fail(413, "the corpus (%d bytes of text) is larger than the Worker builds (%d): build it with `retold index -sign KEY` and PUT /v1/index", size, MaxBuildBytes)
	}
	x, warnings, err := index.Build(arts)
	if err != nil {
		return fail(400, "building the index: %v", err)
	}
	if data, err = signature.Sign(x.Encode(), s.cfg.SigningKey); err != nil {
		return fail(500, "signing the index: %v", err)
	}
	return data, x, warnings, nil
}

// managedOffline is POST /v1/articles's answer while an uploaded index is
// current.
func managedOffline() Response {
	return errorf(409, "the served index was uploaded (PUT /v1/index): it is managed offline, so the Worker does not rebuild it from its own articles and stored none of these; add them to the offline corpus and upload a new index")
}

// published reads the pointer of the last publish and its generation from
// the article store; before the first publish there, it is the snapshot
// store's pointer (an index published by an older Worker), generation 0.
func (s *Server) published(ctx context.Context) (int64, pointer, error) {
	gen, b, err := s.articles.Published(ctx)
	if err != nil {
		return 0, pointer{}, err
	}
	if gen == 0 {
		p, _, err := readPointer(ctx, s.snaps)
		return 0, p, err
	}
	p, err := parsePointer(b)
	return gen, p, err
}

// publish records p as published if gen is still the current generation;
// p.Gen becomes gen+1. It reports false when another publish came first.
func (s *Server) publish(ctx context.Context, gen int64, p *pointer) (bool, error) {
	p.Gen = gen + 1
	b, err := json.Marshal(p)
	if err != nil {
		return false, err
	}
	return s.articles.Publish(ctx, gen, p.Source, b)
}

// commit publishes p, the index data of x stored already, if gen is still
// the current generation, makes it the pointer every isolate reads and
// installs it in this one. It reports false when another publish came
// first, and the error answer when a step fails.
func (s *Server) commit(ctx context.Context, gen int64, p *pointer, data []byte, x *index.Index) (bool, *Response) {
	fail := func(err error) (bool, *Response) {
		r := errorf(502, "publishing the index (send the request again to finish): %v", err)
		return false, &r
	}
	won, err := s.publish(ctx, gen, p)
	if err != nil {
		return fail(err)
	}
	if !won {
		return false, nil
	}
	if err := s.announce(ctx, *p); err != nil {
		return fail(err)
	}
	s.install(&snapshot{ptr: *p, data: data, x: x})
	return true, nil
}

// announce makes p the snapshot store's current pointer. KV has no
// compare-and-swap, so two publishes that finish close together may write
// their pointers in the wrong order; the publish that wrote last reads the
// article store's record again afterwards and, if a later publish is
// recorded there, writes that one's pointer instead. The pointer thus ends
// at the last generation and never stays behind it.
func (s *Server) announce(ctx context.Context, p pointer) error {
	if err := putPointer(ctx, s.snaps, p); err != nil {
		return err
	}
	gen, b, err := s.articles.Published(ctx)
	if err != nil || gen <= p.Gen {
		return err
	}
	later, err := parsePointer(b)
	if err != nil {
		return err
	}
	return putPointer(ctx, s.snaps, later)
}

// reannounce makes sure the published pointer p is the snapshot store's
// current one, as after a publish whose announce failed; it reports whether
// it had to write it.
func (s *Server) reannounce(ctx context.Context, p pointer) (bool, error) {
	cur, ok, err := readPointer(ctx, s.snaps)
	if err != nil {
		return false, err
	}
	if ok && (cur.Snapshot == p.Snapshot || cur.Gen > p.Gen) {
		return false, nil
	}
	snap, err := loadSnapshot(ctx, s.snaps, p)
	if err != nil {
		return false, err
	}
	if err := s.announce(ctx, p); err != nil {
		return false, err
	}
	s.install(snap)
	return true, nil
}

// parseArticles reads records as `retold index` does: a JSON object or array,
// or JSON Lines.
func parseArticles(body []byte) ([]intake.Article, error) {
	t := strings.TrimSpace(string(body))
	if t == "" {
		return nil, errors.New("no articles in the body")
	}
	name := "body.jsonl"
	if gjson.Valid(t) && (t[0] == '{' || t[0] == '[') && !strings.Contains(t, "\n{") {
		name = "body.json"
	}
	as, err := intake.Parse(name, body, nil)
	if err != nil {
		return nil, err
	}
	if len(as) == 0 {
		return nil, errors.New("no articles in the body")
	}
	for i, a := range as {
		if strings.TrimSpace(a.ID) == "" || strings.TrimSpace(a.Text) == "" {
			return nil, fmt.Errorf("record %d: id and text are required", i+1)
		}
	}
	return as, nil
}

func (s *Server) putIndex(ctx context.Context, r *Request, _ string) Response {
	if res := s.authorized(r); res != nil {
		return *res
	}
	if r.TooLarge || len(r.Body) > MaxIndexBody {
		return errorf(413, "index larger than %d bytes", MaxIndexBody)
	}
	if s.cfg.PublicKey == nil {
		return errorf(503, "no PUBLIC_KEY is configured: the Worker cannot verify an index")
	}
	if err := signature.Verify(r.Body, s.cfg.PublicKey); err != nil {
		status := 422
		if errors.Is(err, index.ErrNewerFormat) {
			status = 400
		}
		return errorf(status, "index refused: %v", err)
	}
	x, err := index.Decode(r.Body)
	if err != nil {
		return errorf(400, "index refused: %v", err)
	}
	data := append([]byte(nil), r.Body...)
	p := pointerFor(data, SourceUploaded, "")
	p.At = s.now().UTC().Format(time.RFC3339)
	if err := putParts(ctx, s.snaps, &p, data, s.cfg.PartSize); err != nil {
		return errorf(502, "storing the index: %v", err)
	}
	// An upload replaces whatever is published: it only needs its own
	// generation, so it tries again when another publish came first.
	won := false
	for attempt := 0; attempt < maxPublishAttempts && !won; attempt++ {
		gen, _, err := s.articles.Published(ctx)
		if err != nil {
			return errorf(502, "reading the published index: %v", err)
		}
		if won, err = s.publish(ctx, gen, &p); err != nil {
			return errorf(502, "publishing the index: %v", err)
		}
	}
	if !won {
		return errorf(503, "other publishes kept coming first (%d tries): send the index again", maxPublishAttempts)
	}
	if err := s.announce(ctx, p); err != nil {
		return errorf(502, "publishing the index: %v", err)
	}
	s.install(&snapshot{ptr: p, data: data, x: x})
	return jsonResponse(200, map[string]any{"snapshot": p.Snapshot, "published": true, "articles": len(x.Articles), "claims": len(x.Claims)})
}

// deleteIndex ends an uploaded index's reign: it publishes what a Worker
// that never had the upload would serve, an index of the stored articles
// built and signed here, or the embedded default corpus when none are
// stored, through the same compare-and-swap as an ingest, after which POST
// /v1/articles works again. The upload stays served until that publish is
// recorded. With no upload published it changes nothing and says so (200),
// except that it completes an earlier publish whose pointer was not written.
func (s *Server) deleteIndex(ctx context.Context, r *Request, _ string) Response {
	if res := s.authorized(r); res != nil {
		return *res
	}
	// What was built, for which article set: a publish that loses the race
	// to another upload publishes it again without building again.
	var (
		data   []byte
		x      *index.Index
		p      pointer
		digest string
	)
	for attempt := 0; attempt < maxPublishAttempts; attempt++ {
		gen, pub, err := s.published(ctx)
		if err != nil {
			return errorf(502, "reading the published index: %v", err)
		}
		if pub.Source != SourceUploaded {
			return s.noUpload(ctx, gen, pub, attempt > 0)
		}
		stored, err := s.articles.All(ctx)
		if err != nil {
			return errorf(502, "reading the stored articles: %v", err)
		}
		if d := corpusDigest(stored); x == nil || d != digest {
			var res *Response
			if data, x, p, res = s.rebuild(ctx, stored, d); res != nil {
				return *res
			}
			digest = d
		}
		p.At = s.now().UTC().Format(time.RFC3339)
		if won, res := s.commit(ctx, gen, &p, data, x); res != nil {
			return *res
		} else if !won {
			continue
		}
		return jsonResponse(200, map[string]any{"published": true, "snapshot": p.Snapshot, "generation": p.Gen, "source": p.Source,
			"articles": len(x.Articles), "claims": len(x.Claims)})
	}
	return errorf(503, "other publishes kept coming first (%d tries): the uploaded index may still be served; send the request again", maxPublishAttempts)
}

// rebuild is the index DELETE /v1/index publishes for the stored articles
// (digest), its parts stored.
func (s *Server) rebuild(ctx context.Context, stored []Stored, digest string) ([]byte, *index.Index, pointer, *Response) {
	fail := func(res Response) ([]byte, *index.Index, pointer, *Response) { return nil, nil, pointer{}, &res }
	var (
		data []byte
		x    *index.Index
		p    pointer
	)
	if len(stored) == 0 {
		def, err := s.defaultSnapshot()
		if err != nil {
			return fail(errorf(500, "building the default index: %v", err))
		}
		data, x = def.data, def.x
		p = pointerFor(data, sourceDefault, "")
	} else {
		if s.cfg.SigningKey == nil {
			return fail(errorf(503, "no SIGNING_KEY is configured: the Worker cannot sign an index of its %d stored articles", len(stored)))
		}
		var res *Response
		if data, x, _, res = s.build(stored); res != nil {
			return fail(*res)
		}
		p = pointerFor(data, sourceBuilt, digest)
	}
	if err := putParts(ctx, s.snaps, &p, data, s.cfg.PartSize); err != nil {
		return fail(errorf(502, "storing the index: %v", err))
	}
	return data, x, p, nil
}

// noUpload is DELETE /v1/index's answer when no uploaded index is
// published (raced: another request ended it first). A published pointer
// that is not yet the served one, as after a failed announce, is written.
func (s *Server) noUpload(ctx context.Context, gen int64, pub pointer, raced bool) Response {
	note := "no uploaded index is published: nothing to end"
	if raced {
		note = "another request ended the uploaded index first"
	}
	out := map[string]any{"published": false, "note": note}
	if gen > 0 {
		announced, err := s.reannounce(ctx, pub)
		if err != nil {
			return errorf(502, "publishing the index: %v", err)
		}
		out["published"], out["snapshot"], out["generation"], out["source"] = announced, pub.Snapshot, gen, pub.Source
		return jsonResponse(200, out)
	}
	snap, err := s.current(ctx)
	if err != nil {
		return errorf(503, "no index: %v", err)
	}
	out["snapshot"], out["generation"], out["source"] = snap.ptr.Snapshot, snap.ptr.Gen, snap.ptr.Source
	return jsonResponse(200, out)
}

// install makes snap the served snapshot, unless a later publish is served
// already.
func (s *Server) install(snap *snapshot) {
	s.mu.Lock()
	if s.cur == nil || snap.ptr.Gen >= s.cur.ptr.Gen {
		snap.checked = s.now()
		s.cur = snap
	}
	s.mu.Unlock()
}

// ContentHash is an article's identity for idempotent ingest: the SHA-256 of
// its text with white space folded, so a re-sent or re-wrapped article is
// the same article.
func ContentHash(text string) string {
	sum := sha256.Sum256([]byte(strings.Join(strings.Fields(text), " ")))
	return hex.EncodeToString(sum[:])
}

// corpusDigest names a set of stored articles, in order.
func corpusDigest(as []Stored) string {
	h := sha256.New()
	for _, a := range as {
		h.Write([]byte(a.Hash))
		h.Write([]byte{'\n'})
	}
	return hex.EncodeToString(h.Sum(nil))
}
