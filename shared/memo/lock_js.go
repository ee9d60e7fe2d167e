//go:build js

package memo

import "runtime"

// lock is a Map's lock under js/wasm, where Go runs on one thread and a
// goroutine gives way to another only at a call (there is no preemption
// by signal): a flag tested and set with no call between is a lock there,
// without sync.Mutex's atomic operations, which are calls in wasm and
// cost a third of a look-up. A goroutine that finds the flag set (its
// holder gave way inside, growing the table) lets the others run.
type lock struct{ held bool }

func (l *lock) Lock() {
	for l.held {
		runtime.Gosched()
	}
	l.held = true
}

func (l *lock) Unlock() { l.held = false }
