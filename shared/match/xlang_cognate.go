package match

// Cognates. A language pack knows about a thousand words; most of what a
// French, Spanish, German, Turkish or Swahili news sentence says about
// politics and war is written in words that are not in it but share their
// shape with the English word: "roquettes" and "rockets", "paramilitaire"
// and "paramilitary", "provocación" and "provocation". Such a word reaches
// the matcher as its own English-stemmed form, which no English sentence
// has. This file maps it onto the corpus's own vocabulary by a consonant
// skeleton: letters folded by sound classes that are alike across the
// Latin-script languages (c/k/q, ph/f, v/w), vowels and doubled letters
// dropped. A word maps onto a corpus key only when the skeletons agree on
// at least minSkeleton consonants, differ by at most one edit, and the
// mapping is unambiguous; the corpus vocabulary is the whole dictionary,
// so the table is general and grows with the corpus, never with a story.
//
// The trade: a false cognate ("actual" in Spanish is "current") becomes a
// wrong English word. Its cost is bounded because the key only adds
// weight where the rest of the sentence already agrees, and the bars for
// translated pages (xlang_page.go) demand a margin over every rival claim.

import (
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/retold/retold/shared/index"
	"github.com/retold/retold/shared/lexicon"
	"github.com/retold/retold/shared/memo"
	"github.com/retold/retold/shared/translit"
)

// Limits of cognate matching, in one place.
const (
	minSkeleton       = 3    // consonants a skeleton needs to be compared at all
	minCognateRunes   = 5    // shorter words are too often false friends
	skeletonPrefix    = 3    // skeletons are bucketed by their first consonants
	longSkeleton      = 5    // skeletons this long may differ by one consonant
	extendedSkeleton  = 5    // a skeleton this long may be another's with one consonant more at the end
	soundStem         = 4    // sound skeletons this long match a word with an ending
	soundEnding       = 2    // classes an ending may add
	maxBucket         = 1024 // corpus words kept per skeleton prefix: bounds a lookup
	maxCognateLookups = 4096 // distinct words looked up per page: bounds a hostile page
	minGuessSyllables = 2    // a name read by sound has at least this many syllables
)

// cognateTable maps a skeleton's prefix to the corpus word keys that have it.
type cognateTable struct {
	buckets map[string][]cognate
	sounds  map[string][]string // coarse sound skeleton -> corpus keys (translit.Coarse)
	heard   map[string][]string // the same, of the keys without the r no vowel follows (translit.NonRhotic)
}

type cognate struct {
	key, skel string
}

var (
	cognateMu   sync.Mutex
	cognateFor  *index.Index
	cognateLast *cognateTable
)

// cognates returns the table of x's vocabulary, built on first use and
// kept for the last index only: an extension or a Worker matches against
// one index at a time.
func cognates(x *index.Index) *cognateTable {
	cognateMu.Lock()
	defer cognateMu.Unlock()
	if cognateFor == x && cognateLast != nil {
		return cognateLast
	}
	t := newCognateTable(x.Keys)
	cognateFor, cognateLast = x, t
	return t
}

// newCognateTable buckets the word keys of a corpus vocabulary by skeleton.
func newCognateTable(keys []string) *cognateTable {
	t := &cognateTable{buckets: map[string][]cognate{}, sounds: map[string][]string{}, heard: map[string][]string{}}
	for _, k := range keys {
		if k == "" || k[0] == '@' || utf8.RuneCountInString(k) < minCognateRunes-1 {
			continue
		}
		if c := translit.Coarse(k); len(c) >= minSkeleton {
			t.sounds[c] = append(t.sounds[c], k)
		}
		if c := translit.Coarse(translit.NonRhotic(k)); len(c) >= minSkeleton {
			t.heard[c] = append(t.heard[c], k)
		}
		s := skeleton(k)
		if len(s) < minSkeleton {
			continue
		}
		p := s[:skeletonPrefix]
		if len(t.buckets[p]) < maxBucket {
			t.buckets[p] = append(t.buckets[p], cognate{k, s})
		}
	}
	return t
}

// dropped is the memo's note for a guessed reading that matched nothing.
const dropped = "\x00"

// readCognates rewrites, in the terms of a page in language l, the words
// that no corpus sentence has into the corpus key they are a cognate of,
// or sound like; a guessed reading (lexicon.GuessMark) that sounds like no
// corpus word is dropped.
func readCognates(x *index.Index, doc []lexicon.Term, l string) {
	if l == "" || l == "en" || len(x.Keys) == 0 {
		return
	}
	t := cognates(x)
	// The words looked up, and what each became: a table kept from page
	// to page (seenPool), emptied, so that it does not grow again from
	// its first slots on every page.
	seen := seenPool.Get().(*memo.Table[string])
	defer func() {
		if seen.Reset() <= maxPooledSeen {
			seenPool.Put(seen)
		}
	}()
	for i := range doc {
		d := &doc[i]
		if d.Stop || d.Kind != lexicon.Word || x.HasKey(d.Key) {
			continue
		}
		k, ok := seen.Get(d.Key)
		if !ok {
			if seen.Len() >= maxCognateLookups {
				d.Stop = strings.HasPrefix(d.Key, lexicon.GuessMark)
				continue // a page of endless distinct words: the rest stay as they are
			}
			if guess, ok := strings.CutPrefix(d.Key, lexicon.GuessMark); ok {
				k = t.guess(guess)
			} else if latin, ok := strings.CutPrefix(d.Key, lexicon.TransliteratedMark); ok {
				k, _ = t.sound(latin)
			} else if utf8.RuneCountInString(d.Key) >= minCognateRunes-1 {
				k, _ = t.lookup(d.Key)
			}
			seen.Put(d.Key, k)
		}
		switch k {
		case "":
		case dropped:
			d.Stop = true // characters read by sound that name nothing the corpus has
		default:
			d.Key = k
		}
	}
}

// seenPool keeps readCognates' tables of words looked up, empty.
var seenPool = sync.Pool{New: func() any { return new(memo.Table[string]) }}

// maxPooledSeen bounds the slots of a table seenPool keeps (320 KB): a
// hostile page's 4096 words are let go.
const maxPooledSeen = 1 << 13

// lookup finds the one corpus key that is w's cognate, or nothing when
// none is, or when two are equally near. Both words must begin alike and
// their skeletons agree: fully when short, and when long but for one
// consonant at the end or one changed past the first two ("transmettre" and
// "transmit"); a short skeleton one edit away is most often another word.
func (t *cognateTable) lookup(w string) (string, bool) {
	var buf [64]byte
	s := appendSkeleton(buf[:0], w)
	if len(s) < minSkeleton {
		return "", false
	}
	best, bestD, ties := "", 2, 0
	for _, c := range t.buckets[string(s[:skeletonPrefix])] { // no copy: a map look-up by converted bytes
		if c.key[0] != w[0] {
			continue
		}
		d := skeletonDistance(s, c.skel)
		if d > 1 {
			continue
		}
		switch {
		case d < bestD:
			best, bestD, ties = c.key, d, 1
		case d == bestD && c.key != best:
			ties++
		}
	}
	if best == "" || ties > 1 {
		return "", false
	}
	return best, true
}

// sound finds the one corpus key that sounds like latin, a word of another
// script spelled in Latin letters: the same coarse skeleton, or one of
// soundStem classes or more that latin extends by an ending of at most
// soundEnding classes (Tamil and Korean attach case endings to names);
// failing that, the same as the key heard without its r before a
// consonant or at the end, as Japanese and Korean write English names.
func (t *cognateTable) sound(latin string) (string, bool) {
	c := translit.Coarse(latin)
	for _, tab := range []map[string][]string{t.sounds, t.heard} {
		for cut := 0; cut <= soundEnding && len(c)-cut >= minSkeleton; cut++ {
			if cut > 0 && len(c)-cut < soundStem {
				break
			}
			ks := tab[c[:len(c)-cut]]
			if len(ks) == 1 {
				return ks[0], true
			}
			if len(ks) > 1 {
				return "", false // two corpus words sound alike: neither is sure
			}
		}
	}
	return "", false
}

// guess finds the corpus word that a run of syllables read by sound
// ("wa-ge-na-ti"), or its first two syllables or more, sounds like: the
// longest that does, or dropped.
func (t *cognateTable) guess(syllables string) string {
	syl := strings.Split(syllables, "-")
	for n := len(syl); n >= minGuessSyllables; n-- {
		c := translit.Coarse(strings.Join(syl[:n], ""))
		if len(c) < minSkeleton {
			break
		}
		for _, tab := range []map[string][]string{t.sounds, t.heard} {
			if ks := tab[c]; len(ks) == 1 {
				return ks[0]
			}
		}
	}
	return dropped
}

// skeletonDistance is 0 for equal skeletons, 1 for long ones that differ
// by a consonant at the end or one changed past the first two, 2 otherwise.
func skeletonDistance[S string | []byte](a S, b string) int {
	if string(a) == b {
		return 0
	}
	if len(a)+1 == len(b) && b[:len(a)] == string(a) || len(b)+1 == len(a) && string(a[:len(b)]) == b {
		if min(len(a), len(b)) >= extendedSkeleton {
			return 1 // "kommentar" and "comment"
		}
		return 2
	}
	if min(len(a), len(b)) < longSkeleton {
		return 2
	}
	switch {
	case len(a) == len(b):
		diff := 0
		for i := range len(a) {
			if a[i] != b[i] {
				if i < 2 {
					return 2
				}
				diff++
			}
		}
		return min(diff, 2)
	}
	return 2
}

// skeleton is w's consonants folded by sound class: what survives a word's
// crossing from one Latin-script spelling to another.
func skeleton(w string) string {
	return string(appendSkeleton(nil, w))
}

// appendSkeleton appends skeleton(w) to dst[:0]: a page's words are
// skeletonised into a buffer on the stack, not a string each.
func appendSkeleton(dst []byte, w string) []byte {
	b := dst[:0]
	last := byte(0)
	put := func(c byte) {
		if c != last {
			b = append(b, c)
			last = c
		}
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		next := byte(0)
		if i+1 < len(w) {
			next = w[i+1]
		}
		switch {
		case c == 's' && next == 'c' && i+2 < len(w) && w[i+2] == 'h':
			put('s') // German "sch" is English "sh": "Prigoschin", "Prigozhin"
			i += 2
		case c == 'p' && next == 'h':
			put('f')
			i++
		case c == 't' && next == 'h':
			put('t')
			i++
		case c == 'q' && next == 'u':
			put('k')
			i++
		case c == 'c' || c == 'k' || c == 'q' || c == 'g' && next == 'u':
			put('k')
		case c == 'w' || c == 'v':
			put('v')
		case c == 'x':
			put('k')
			put('s')
		case c == 'z' && next == 'h':
			put('s')
			i++
		case c == 'z':
			put('s')
		case c == 'j':
			put('j')
		case c == 'h' || c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y':
			last = 0 // a vowel parts two equal consonants: "tat" keeps both t
		case c >= 'a' && c <= 'z':
			put(c)
		default:
			return dst[:0] // not a Latin-script word
		}
	}
	return b
}

// ReadCognates is readCognates for tools that explain the matcher
// (scripts/xlangdiag): it rewrites doc's words in place.
func ReadCognates(x *index.Index, doc []lexicon.Term, l string) { readCognates(x, doc, l) }
