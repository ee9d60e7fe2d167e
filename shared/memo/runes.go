package memo

import "sync/atomic"

// Runes remembers a function's answers for the runes of the Basic
// Multilingual Plane, 256 runes at a time: a block is filled the first time
// one of its runes is asked about. It serves facts read from the unicode
// tables (letterhood, script, lower case), where each question is a binary
// search over ranges, asked for every rune of a page in another script.
// Runes past the plane are asked of the function each time. Two callers may
// fill one block at once: they store the same answers, so the last store
// loses nothing. Make one with NewRunes.
type Runes[T any] struct {
	of     func(rune) T
	blocks [0x10000 >> 8]atomic.Pointer[[256]T]
}

// NewRunes returns a Runes that remembers of's answers; of must be pure.
func NewRunes[T any](of func(rune) T) *Runes[T] {
	return &Runes[T]{of: of}
}

// Of returns of(r), from its block once filled.
func (m *Runes[T]) Of(r rune) T {
	if uint32(r) >= 0x10000 {
		return m.of(r)
	}
	b := m.blocks[r>>8].Load()
	if b == nil {
		b = m.fill(r)
	}
	return b[r&0xFF]
}

// fill computes and keeps the block that holds r.
func (m *Runes[T]) fill(r rune) *[256]T {
	b := new([256]T)
	base := r &^ 0xFF
	for i := range b {
		b[i] = m.of(base + rune(i))
	}
	m.blocks[r>>8].Store(b)
	return b
}
