package memo

import (
	"sync/atomic"
	"testing"
	"unicode"
)

func expectRune(t *testing.T, m *Runes[rune], r, want rune) {
	t.Helper()
	if got := m.Of(r); got != want {
		t.Errorf("Of(%U) = %U, want %U", r, got, want)
	}
}

// TestRunesAnswersAsTheFunction asks the same runes twice: the second
// answers come from the filled blocks, one block filled per 256 runes, and
// a rune past the Basic Multilingual Plane is asked of the function.
func TestRunesAnswersAsTheFunction(t *testing.T) {
	var calls atomic.Int32
	m := NewRunes(func(r rune) rune {
		calls.Add(1)
		return unicode.ToLower(r)
	})
	for range 2 {
		for _, c := range []struct{ r, want rune }{
			{'A', 'a'}, {'Ж', 'ж'}, {'ж', 'ж'}, {'Ω', 'ω'}, {0xFFFF, 0xFFFF}, {0, 0}, {'𐐀', '𐐨'},
		} {
			expectRune(t, m, c.r, c.want)
		}
	}
	// Blocks 0x00, 0x03 (Ω), 0x04 (Ж, ж), 0xFF: 4 fills of 256; 𐐀 twice.
	if n := calls.Load(); n != 4*256+2 {
		t.Errorf("the function was asked %d times, want %d", n, 4*256+2)
	}
}
