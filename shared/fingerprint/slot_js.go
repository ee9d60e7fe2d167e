//go:build js

package fingerprint

// infoSlot is one place of InfoOf's memory. Under js/wasm a program has one
// thread, and a goroutine gives way only at a call, so a plain pointer is
// read and written whole: no atomic load, which WebAssembly makes a call
// (a tenth of InfoOf on pages of many distinct words).
type infoSlot struct{ e *infoEntry }

func (s *infoSlot) load() *infoEntry   { return s.e }
func (s *infoSlot) store(e *infoEntry) { s.e = e }
