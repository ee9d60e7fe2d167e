// Package translit writes words of other scripts in Latin letters, and
// reduces Latin spellings to a coarse sound skeleton, so that a name
// written in kana, Hangul, Cyrillic, Greek, Arabic, Tamil or Devanagari
// can be compared with the same name in an English text ("ワグネル",
// "Вагнер", "فاغنر" and "Wagner" all reduce to p-k-n-r).
//
// Design. Romanization follows each script's public standard in its
// simplest form (Hepburn for kana, Revised Romanization for Hangul, the
// common passport tables for Cyrillic and Greek, a plain consonant table
// for Arabic, ISO 15919 for Tamil and Devanagari), written here as small
// tables. Nothing tries to recover the English spelling: vowels are what
// scripts and borrowings disagree on most, so Coarse drops them and folds
// the consonants into classes that survive the crossing (voiced and
// voiceless alike, r and l alike, since Japanese and Korean do not tell
// them apart, v/w/f/b/p alike). The trade is precision: a coarse skeleton
// of three classes is shared by many words, which is why callers compare
// only skeletons of a few classes or more, and only against a vocabulary
// they know (a corpus's words), never against a dictionary.
package translit

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxRunes bounds the words Latin reads: longer ones are not names.
const maxRunes = 64

// Latin writes word in lower-case ASCII letters. ok is false when a rune
// of word is in none of the scripts here (Latin letters pass through).
func Latin(word string) (string, bool) {
	if word == "" || utf8.RuneCountInString(word) > maxRunes {
		return "", false
	}
	var b strings.Builder
	rs := []rune(word)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		var next rune
		if i+1 < len(rs) {
			next = rs[i+1]
		}
		switch {
		case r >= 'a' && r <= 'z':
			b.WriteRune(r)
		case r >= 'A' && r <= 'Z':
			b.WriteRune(r + 'a' - 'A')
		case isKana(r):
			i += kana(&b, r, next)
		case r >= 0xAC00 && r <= 0xD7A3:
			hangul(&b, r)
		case r >= 0x0400 && r <= 0x04FF:
			s, ok := cyrillic.get(unicode.ToLower(r))
			if !ok {
				return "", false
			}
			b.WriteString(s)
		case r >= 0x0370 && r <= 0x03FF:
			s, ok := greek.get(unicode.ToLower(r))
			if !ok {
				return "", false
			}
			b.WriteString(s)
		case r >= 0x0600 && r <= 0x06FF:
			s, ok := arabic.get(r)
			if !ok {
				if r >= 0x064B && r <= 0x0652 || r == 0x0640 { // harakat, tatweel
					continue
				}
				return "", false
			}
			b.WriteString(s)
		case r >= 0x0B80 && r <= 0x0BFF:
			if !indic(&b, rs, &i, tamil) {
				return "", false
			}
		case r >= 0x0900 && r <= 0x097F:
			if !indic(&b, rs, &i, devanagari) {
				return "", false
			}
		default:
			return "", false
		}
	}
	return b.String(), b.Len() > 0
}

// Coarse is the sound skeleton of a lower-case Latin spelling: consonants
// folded into classes (p b f v w, t d, k g c q x, s z j and the digraphs
// sh ch zh ts, r l, m, n), vowels, y and h dropped, a class repeated
// without a vowel between kept once. It returns "" for anything but
// lower-case ASCII letters.
func Coarse(w string) string {
	var b strings.Builder
	last := byte(0)
	put := func(c byte) {
		if c != last {
			b.WriteByte(c)
			last = c
		}
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		var next byte
		if i+1 < len(w) {
			next = w[i+1]
		}
		if pair, ok := digraphs[string([]byte{c, next})]; ok && next != 0 {
			put(pair)
			i++
			continue
		}
		switch {
		case c < 'a' || c > 'z':
			return ""
		case strings.IndexByte("aeiouyh", c) >= 0:
			last = 0
		default:
			put(classes[c-'a'])
		}
	}
	return b.String()
}

// NonRhotic is w with every r that no vowel follows dropped: how Japanese
// and Korean hear an English name ("Wagner" as "wageuneo", "Kirby" as
// "kaabii"). Its Coarse is a second skeleton to compare such words by.
func NonRhotic(w string) string {
	var b strings.Builder
	for i := 0; i < len(w); i++ {
		if w[i] == 'r' && i > 0 && (i+1 == len(w) || strings.IndexByte("aeiouy", w[i+1]) < 0) {
			continue
		}
		b.WriteByte(w[i])
	}
	return b.String()
}

// classes is the coarse class of each consonant, 'a' to 'z'.
var classes = [26]byte{
	'a', 'p', 'k', 't', 'e', 'p', 'k', 'h', 'i', 's', 'k', 'r', 'm',
	'n', 'o', 'p', 'k', 'r', 's', 't', 'u', 'p', 'p', 'k', 'y', 's',
}

// digraphs are two letters that spell one sound.
var digraphs = map[string]byte{
	"sh": 's', "ch": 's', "zh": 's', "ts": 's', "kh": 'k', "gh": 'k', "ph": 'p', "th": 't', "ng": 'n', "ck": 'k', "dj": 's',
}
