package api

// Storage. The Worker keeps articles in D1 and index snapshots in KV; the API
// sees both through the two interfaces below, which the Worker implements
// over its bindings and the tests over maps. A snapshot is stored in parts
// (a KV value is at most 25 MiB) under keys named by the snapshot's SHA-256,
// and the "current" pointer names the snapshot to serve; the parts are
// re-hashed on load, so a pointer read ahead of its parts (KV is eventually
// consistent) is refused, never served half.

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/retold/retold/shared/index"
	"github.com/retold/retold/shared/intake"
)

// Stored is an article as the ArticleStore keeps it.
type Stored struct {
	Hash string // ContentHash of its text
	intake.Article
}

// ArticleStore keeps the corpus's articles, and the record of which index
// was published last: its pointer and a generation number that every
// publish raises by one. The store must be strongly consistent (D1 is; KV is
// not), because the generation is what orders concurrent publishes.
type ArticleStore interface {
	// All returns every stored article in the order they were added.
	All(ctx context.Context) ([]Stored, error)
	// Add stores articles in one atomic step, in order; an article whose
	// hash is stored already is skipped. While the published index's source
	// is "uploaded" it stores none and returns ErrManagedOffline.
	Add(ctx context.Context, as []Stored) error
	// Published returns the generation of the last publish and its pointer
	// (JSON); generation 0 and no pointer before the first.
	Published(ctx context.Context) (gen int64, ptr []byte, err error)
	// Publish records ptr, an index of the given source, as published with
	// generation gen+1, if the current generation is still gen, in one
	// atomic step; it reports false, and changes nothing, if not.
	Publish(ctx context.Context, gen int64, source string, ptr []byte) (bool, error)
}

// ErrManagedOffline is what ArticleStore.Add returns while an uploaded index
// is published.
var ErrManagedOffline = errors.New("the published index is managed offline")

// SnapshotStore keeps byte values under string keys (a KV namespace).
type SnapshotStore interface {
	// Get returns the value of key; ok is false when there is none.
	Get(ctx context.Context, key string) (value []byte, ok bool, err error)
	// Put stores value under key.
	Put(ctx context.Context, key string, value []byte) error
}

// Snapshot sources.
const (
	sourceDefault  = "default"  // the embedded seed corpus
	sourceBuilt    = "built"    // built by the Worker from its stored articles
	SourceUploaded = "uploaded" // built with `retold index`, signed, uploaded (exported: the D1 store checks for it)
)

// pointerKey is the KV key of the current snapshot's pointer.
const pointerKey = "index/current"

// pointer says which snapshot is current.
type pointer struct {
	Snapshot string `json:"snapshot"` // hex SHA-256 of the index file
	Bytes    int    `json:"bytes"`
	Parts    int    `json:"parts"`
	Source   string `json:"source"`
	Corpus   string `json:"corpus,omitempty"` // digest of the stored articles it was built from
	At       string `json:"at,omitempty"`
	Gen      int64  `json:"gen,omitempty"` // the publish's generation (ArticleStore.Publish); 0 before there were any
}

func pointerFor(data []byte, source, corpus string) pointer {
	sum := sha256.Sum256(data)
	return pointer{Snapshot: hex.EncodeToString(sum[:]), Bytes: len(data), Source: source, Corpus: corpus}
}

func partKey(snapshot string, i int) string { return fmt.Sprintf("index/%s/%d", snapshot, i) }

// putParts stores data in parts of at most size bytes and sets p.Parts.
func putParts(ctx context.Context, st SnapshotStore, p *pointer, data []byte, size int) error {
	p.Parts = 0
	for off := 0; off < len(data); off += size {
		if err := st.Put(ctx, partKey(p.Snapshot, p.Parts), data[off:min(off+size, len(data))]); err != nil {
			return err
		}
		p.Parts++
	}
	return nil
}

// putPointer makes p current.
func putPointer(ctx context.Context, st SnapshotStore, p pointer) error {
	b, err := json.Marshal(p)
	if err != nil {
		return err
	}
	return st.Put(ctx, pointerKey, b)
}

func readPointer(ctx context.Context, st SnapshotStore) (pointer, bool, error) {
	b, ok, err := st.Get(ctx, pointerKey)
	if err != nil || !ok {
		return pointer{}, false, err
	}
	p, err := parsePointer(b)
	return p, err == nil, err
}

func parsePointer(b []byte) (pointer, error) {
	var p pointer
	if err := json.Unmarshal(b, &p); err != nil || len(p.Snapshot) != 64 || p.Bytes <= 0 || p.Bytes > MaxIndexBody || p.Parts <= 0 || p.Parts > p.Bytes || p.Gen < 0 {
		return p, errors.New("the stored index pointer is corrupt")
	}
	return p, nil
}

// loadSnapshot reads and checks the snapshot p names.
func loadSnapshot(ctx context.Context, st SnapshotStore, p pointer) (*snapshot, error) {
	var buf bytes.Buffer
	for i := 0; i < p.Parts; i++ {
		part, ok, err := st.Get(ctx, partKey(p.Snapshot, i))
		if err != nil {
			return nil, err
		}
		if !ok || len(part) == 0 {
			return nil, fmt.Errorf("snapshot %s: part %d missing", p.Snapshot, i)
		}
		buf.Write(part)
	}
	data := buf.Bytes()
	if len(data) != p.Bytes {
		return nil, fmt.Errorf("snapshot %s: %d bytes stored, %d expected", p.Snapshot, len(data), p.Bytes)
	}
	if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != p.Snapshot {
		return nil, fmt.Errorf("snapshot %s: stored bytes do not match its hash", p.Snapshot)
	}
	x, err := index.Decode(data)
	if err != nil {
		return nil, err
	}
	return &snapshot{ptr: p, data: data, x: x}, nil
}

// limiter is a token bucket per client. It lives in one isolate, so it
// bounds what one client costs one isolate; Cloudflare's rate limiting rules
// bound the rest (README).
type limiter struct {
	mu        sync.Mutex
	perMinute int
	clients   map[string]*bucket
}

type bucket struct {
	tokens float64
	at     time.Time
}

// allow spends one token of client's bucket, which holds a minute's worth.
func (l *limiter) allow(client string, now time.Time) bool {
	if l.perMinute <= 0 {
		return true
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.clients[client]
	if b == nil {
		if len(l.clients) >= maxRateClients {
			clear(l.clients) // forget everyone rather than grow without bound
		}
		b = &bucket{tokens: float64(l.perMinute), at: now}
		l.clients[client] = b
	}
	if d := now.Sub(b.at); d > 0 {
		b.tokens = min(float64(l.perMinute), b.tokens+d.Minutes()*float64(l.perMinute))
		b.at = now
	}
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}
