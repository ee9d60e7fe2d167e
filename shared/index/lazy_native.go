//go:build !js

package index

import "sync/atomic"

// lazy is a pointer made on first use (a sentence's print, a claim's
// core): an atomic one, as goroutines on several threads read the index
// at once.
type lazy[T any] = atomic.Pointer[T]
