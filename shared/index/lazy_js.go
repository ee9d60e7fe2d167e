//go:build js

package index

// lazy is a pointer made on first use (a sentence's print, a claim's
// core). Under js/wasm a program has one thread, and a goroutine gives
// way only at a call, so a plain pointer is read and written whole: no
// atomic load, which WebAssembly makes a call, for the prints every
// candidate reads several times.
type lazy[T any] struct{ p *T }

// Load returns the pointer stored, nil before the first Store.
func (l *lazy[T]) Load() *T { return l.p }

// Store stores p.
func (l *lazy[T]) Store(p *T) { l.p = p }
