//go:build !js

package fingerprint

import "sync/atomic"

// infoSlot is one place of InfoOf's memory: an atomic pointer, as
// goroutines on several threads look keys up at once.
type infoSlot struct{ e atomic.Pointer[infoEntry] }

func (s *infoSlot) load() *infoEntry   { return s.e.Load() }
func (s *infoSlot) store(e *infoEntry) { s.e.Store(e) }
