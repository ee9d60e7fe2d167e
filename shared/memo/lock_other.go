//go:build !js

package memo

import "sync"

// lock is a Map's lock: a sync.Mutex (lock_js.go has the one for js/wasm).
type lock = sync.Mutex
