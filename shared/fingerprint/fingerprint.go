// Package fingerprint turns text into the compact forms the index and the
// matcher compare: a Print is the weighted set of content terms of one
// sentence, a Sketch is a MinHash signature of a whole article.
//
// A Print keeps each distinct content key once, with its informativeness from
// the lexicon's background table, so that two wordings of one claim compare by
// how much of each other's weight they cover. Terms are compared softly: equal
// keys count fully, WordNet synonyms and derivations partly (lexicon.Similar),
// so "denied supplying arms" covers most of "rejected providing weapons".
// Coverage is asymmetric on purpose: a short headline can be wholly covered by
// a long sentence that says more, and the matcher decides how to combine the
// two directions.
//
// Reporting verbs and function words carry little weight: "X said Y" and
// "according to X, Y" state the same claim. Entities and numbers keep their
// full weight because they are what tells one event from another.
//
// A matcher compares one page sentence with dozens of candidates and keeps
// few, so comparing is made cheap for that case: Mutual, the harmonic mean
// of the two coverages, bounds Similarity from above and is read first;
// MutualWith looks each candidate class up in a Bloom set of the page
// sentence's classes; InfoOf remembers its lexicon look-ups.
//
// A Sketch is a 64-value MinHash over word 5-shingles. Two articles whose
// sketches agree on most values are the same text in two formats (a plain-text
// and a Markdown copy, a syndicated reprint), and count once.
package fingerprint

import (
	"math"
	"math/bits"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/retold/retold/shared/lexicon"
	"github.com/retold/retold/shared/memo"
)

// Weights for the kinds of term, in one place.
const (
	reportingScale = 0.25 // "said", "according", "statement": present in every attribution
	entityPenalty  = 0.3  // how much naming different actors lowers Similarity
	storyDamp      = 0.5  // the weight a key shared by all of a sentence's neighbours loses
	minTermWeight  = 0.2
	sketchSize     = 64
	maxKeys        = 1 << 12 // keys kept per print: far more than any sentence has
	infoCacheBits  = 14      // 1<<14 keys' Info InfoOf remembers, about 2 MB at most
	maxCachedKey   = 64      // longer keys are looked up every time
	shingleWords   = 5
)

// Print is the weighted set of content terms of one sentence.
type Print struct {
	Keys    []string   // distinct content keys, in first-seen order
	W       []float32  // weight of each key
	Classes [][]uint32 // lexicon classes of each key, for soft matches
	Ent     []bool     // the key is an entity
	Pairs   []uint64   // hashes of each two keys in a row: phrases like "red herring"
	refs    []classRef // every key's classes, sorted by class
	Total   float32    // sum of W
	pairBit uint64     // bit h&63 of each pair hash h (SharedPhrases)
	entBit  uint64     // bit i for each entity key i of the first 64, if entOK
	entOK   bool       // entBit lists every entity key (FromInfo)
}

// ContentKeys returns the distinct keys of the content terms among ts, in
// order: what a Print is made of, and what the index stores per sentence.
func ContentKeys(ts []lexicon.Term) []string { return AppendContentKeys(nil, ts) }

// AppendContentKeys is ContentKeys appended to keys (a key already there is
// not added again), so a caller that makes many prints reuses one slice.
// FromInfo of ContentKeys(ts) and their Info is Of(ts).
func AppendContentKeys(keys []string, ts []lexicon.Term) []string {
	for _, t := range ts {
		if t.Stop || t.Key == "" || hasKey(keys, t.Key) {
			continue
		}
		keys = append(keys, t.Key)
	}
	return keys
}

// hasKey is slices.Contains(keys, k) for a non-empty k: most keys differ
// from k in their length or first byte, known without a call to compare
// their bytes.
func hasKey(keys []string, k string) bool {
	for _, o := range keys {
		if len(o) == len(k) && o[0] == k[0] && o == k {
			return true
		}
	}
	return false
}

// Of builds the Print of a sentence's terms.
func Of(ts []lexicon.Term) Print {
	var buf [64]string // FromKeys copies the keys it keeps
	return FromKeys(AppendContentKeys(buf[:0], ts))
}

// FromKeys builds a Print from content keys (duplicates are dropped).
// Entity keys start with "@" (the lexicon's convention).
func FromKeys(keys []string) Print {
	var buf [64]Info // FromInfo copies what it keeps of each
	infos := buf[:0]
	if len(keys) > len(buf) {
		infos = make([]Info, 0, len(keys))
	}
	infos = infos[:len(keys)]
	for i, k := range keys {
		infos[i] = InfoOf(k)
	}
	return FromInfo(keys, infos)
}

// Info is what a Print needs to know of one key; an index computes it once
// per distinct key rather than once per use.
type Info struct {
	W       float32
	Classes []uint32
	Weak    []bool // whether the key holds each class weakly
	Ent     bool
}

// classRef says that key number key of a Print holds class, and how.
type classRef struct {
	class uint32
	key   uint16
	cb    uint16 // the class's bit in a ClassSet (classBit), and weakRef if the key holds it weakly
}

// weakRef marks a classRef's cb when its key holds the class weakly.
const weakRef = 1 << 15

func newRef(class uint32, key uint16, weak bool) classRef {
	r := classRef{class: class, key: key, cb: uint16(classBit(class))}
	if weak {
		r.cb |= weakRef
	}
	return r
}

func (r classRef) weak() bool { return r.cb&weakRef != 0 }

// order is the ref's place in a print's list (refOrder), from the bit
// it carries.
func (r classRef) order() uint64 { return uint64(r.cb>>6&15)<<32 | uint64(r.class) }

// InfoOf looks key up in the lexicon. Its answers are remembered (a
// page's sentences, and the pages after it, repeat their words, and each
// lexicon look-up is two binary searches over the stems), for keys of at
// most maxCachedKey bytes, in a table of 1<<infoCacheBits places: a key
// takes one of infoWays places its hash names, so the cache stays small
// whatever the pages hold, and a look-up is a hash and a few atomic
// reads (plain ones under js/wasm: infoSlot), no lock and no map (whose
// string hash WebAssembly computes in software). Keys that fill a set
// only cost each other a look-up now and then.
func InfoOf(key string) Info { return InfoOfHashed(key, memo.Hash(key)) }

// InfoOfHashed is InfoOf for a caller that has key's memo.Hash, h,
// already (a dictionary that did not hold the key).
func InfoOfHashed(key string, h uint64) Info {
	if len(key) > maxCachedKey {
		return lookUp(key) // a blob, not a word: not worth a place
	}
	set := infoCache[h>>(64-infoCacheBits)&^(infoWays-1):][:infoWays]
	free := -1
	for i := range set {
		e := set[i].load()
		if e == nil {
			free = i
			break
		}
		if e.key == key {
			return e.in
		}
	}
	in := lookUp(key)
	if free < 0 {
		free = int(h & (infoWays - 1)) // a full set: the place the hash's low bits name
	}
	// The key is copied: it may be a slice of a whole page.
	set[free].store(&infoEntry{key: strings.Clone(key), in: in})
	return in
}

// infoWays is how many places of infoCache a key may take, side by side:
// the first free one, else one its hash names.
const infoWays = 4

// infoCache is InfoOf's memory.
var infoCache [1 << infoCacheBits]infoSlot

// infoEntry is one remembered answer of InfoOf.
type infoEntry struct {
	key string
	in  Info
}

// lookUp is InfoOf without the cache.
func lookUp(key string) Info {
	ent := strings.HasPrefix(key, "@")
	w := lexicon.Weight(key)
	if !ent && lexicon.Reporting(key) {
		w *= reportingScale
	}
	cs, weak := lexicon.ClassesWeak(key)
	return Info{W: max(w, minTermWeight), Classes: cs, Weak: weak, Ent: ent}
}

// FromInfo builds a Print from keys and their Info (duplicates are dropped).
func FromInfo(keys []string, infos []Info) Print { return FromInfoIn(nil, keys, infos) }

// FromInfoIn is FromInfo with the print in buf's arrays where they have
// room (buf may be nil): a caller that makes many prints and keeps few
// passes the last one it dropped. buf must not be used afterwards.
func FromInfoIn(buf *Print, keys []string, infos []Info) Print {
	nrefs := 0
	for i := range infos {
		nrefs += len(infos[i].Classes)
	}
	var p Print
	if buf != nil {
		p = Print{Keys: buf.Keys[:0], W: buf.W[:0], Classes: buf.Classes[:0], Ent: buf.Ent[:0], Pairs: buf.Pairs[:0], refs: buf.refs[:0]}
		clear(buf.Keys[:cap(buf.Keys)])       // no strings kept alive
		clear(buf.Classes[:cap(buf.Classes)]) // nor class lists
	}
	p.Keys = grown(p.Keys, len(keys))
	p.W = grown(p.W, len(keys))
	p.Classes = grown(p.Classes, len(keys))
	p.Ent = grown(p.Ent, len(keys))
	p.Pairs = grown(p.Pairs, max(0, len(keys)-1))
	p.refs = grown(p.refs, nrefs)
	for i, k := range keys {
		if k == "" || hasKey(p.Keys, k) || len(p.Keys) == maxKeys {
			continue
		}
		in := &infos[i]
		for n, c := range in.Classes {
			p.refs = append(p.refs, newRef(c, uint16(len(p.Keys)), in.Weak[n]))
		}
		if in.Ent && len(p.Keys) < 64 {
			p.entBit |= 1 << len(p.Keys)
		}
		p.Keys = append(p.Keys, k)
		p.W = append(p.W, in.W)
		p.Classes = append(p.Classes, in.Classes)
		p.Ent = append(p.Ent, in.Ent)
		p.Total += in.W
	}
	p.entOK = len(p.Keys) <= 64
	sortRefs(p.refs)
	for i := 1; i < len(p.Keys); i++ {
		h := pairHash(p.Keys[i-1], p.Keys[i])
		p.Pairs = append(p.Pairs, h)
		p.pairBit |= 1 << (h & 63)
	}
	return p
}

// Room holds the arrays of prints made one after another, for a caller
// that keeps some of them for a while and then drops them all (a page's
// sentences that come near a claim): one allocation of each array serves
// many prints, and the room outlives the page, instead of six
// allocations a print. Its zero value is ready to use.
type Room struct {
	keys    []string
	w       []float32
	classes [][]uint32
	ent     []bool
	pairs   []uint64
	refs    []classRef
}

// FromInfo is FromInfo with the print's arrays in r's room, valid until
// r is Reset (or the print is dropped).
func (r *Room) FromInfo(keys []string, infos []Info) Print {
	n, nrefs := len(keys), 0
	for i := range infos {
		nrefs += len(infos[i].Classes)
	}
	buf := Print{
		Keys: window(&r.keys, n), W: window(&r.w, n), Classes: window(&r.classes, n),
		Ent: window(&r.ent, n), Pairs: window(&r.pairs, max(0, n-1)), refs: window(&r.refs, nrefs),
	}
	p := FromInfoIn(&buf, keys, infos)
	r.keys = r.keys[:len(r.keys)+len(p.Keys)]
	r.w = r.w[:len(r.w)+len(p.W)]
	r.classes = r.classes[:len(r.classes)+len(p.Classes)]
	r.ent = r.ent[:len(r.ent)+len(p.Ent)]
	r.pairs = r.pairs[:len(r.pairs)+len(p.Pairs)]
	r.refs = r.refs[:len(r.refs)+len(p.refs)]
	return p
}

// Drop gives back the room of p, the print r made last, for the next.
func (r *Room) Drop(p *Print) {
	clear(p.Keys)    // no strings kept alive
	clear(p.Classes) // nor class lists
	r.keys = r.keys[:len(r.keys)-len(p.Keys)]
	r.w = r.w[:len(r.w)-len(p.W)]
	r.classes = r.classes[:len(r.classes)-len(p.Classes)]
	r.ent = r.ent[:len(r.ent)-len(p.Ent)]
	r.pairs = r.pairs[:len(r.pairs)-len(p.Pairs)]
	r.refs = r.refs[:len(r.refs)-len(p.refs)]
}

// Reset gives back the room of every print r made, which must no longer
// be used, keeping no strings nor class lists alive.
func (r *Room) Reset() {
	clear(r.keys)
	clear(r.classes)
	r.keys, r.w, r.classes, r.ent, r.pairs, r.refs = r.keys[:0], r.w[:0], r.classes[:0], r.ent[:0], r.pairs[:0], r.refs[:0]
}

// window returns the unused room after *s's elements for n more, with
// no room beyond: a new array, twice as large, when *s lacks it (the
// prints made in the old one keep it).
func window[T any](s *[]T, n int) []T {
	if cap(*s)-len(*s) < n {
		*s = make([]T, 0, max(2*cap(*s), n, 256))
	}
	l := len(*s)
	return (*s)[l : l : l+n]
}

// grown is s, emptied, with room for n elements.
func grown[T any](s []T, n int) []T {
	if s == nil || cap(s) < n {
		return make([]T, 0, n)
	}
	return s[:0]
}

// sortRefs orders refs by refOrder, then key. Refs of one class and key (a
// class listed twice) may come in any order: Coverage takes the best link
// over all of a class's pairs of keys.
func sortRefs(refs []classRef) {
	if len(refs) <= 12 {
		for i := 1; i < len(refs); i++ {
			for j := i; j > 0 && refBefore(refs[j], refs[j-1]); j-- {
				refs[j], refs[j-1] = refs[j-1], refs[j]
			}
		}
		return
	}
	// As one number each: the class's word (4 bits), the class (32), the
	// key (16), weak (1). The words first, by counting (a print's refs
	// spread over the 16 words about evenly), then each word's few by
	// insertion: equal numbers are equal refs, so any sort gives this
	// order.
	var buf [128]uint64
	ks := buf[:0]
	if len(refs) > len(buf) {
		ks = make([]uint64, 0, len(refs))
	}
	ks = ks[:len(refs)]
	var at [17]int // at[w+1]: refs in words up to w, then where word w's go next
	for _, r := range refs {
		at[r.cb>>6&15+1]++
	}
	for w := 1; w < len(at); w++ {
		at[w] += at[w-1]
	}
	for _, r := range refs {
		k := r.order()<<17 | uint64(r.key)<<1
		if r.weak() {
			k |= 1
		}
		w := r.cb >> 6 & 15
		ks[at[w]] = k
		at[w]++
	}
	for w, lo := 0, 0; w < 16; w++ {
		hi := at[w] // word w's refs are ks[lo:hi]
		for i := lo + 1; i < hi; i++ {
			for j := i; j > lo && ks[j] < ks[j-1]; j-- {
				ks[j], ks[j-1] = ks[j-1], ks[j]
			}
		}
		lo = hi
	}
	for i, k := range ks {
		refs[i] = newRef(uint32(k>>17), uint16(k>>1), k&1 == 1)
	}
}

// refOrder is where refs of class c go in a print's list: by the word of
// the ClassSet that holds c's bit, then by class. Any order that keeps a
// class's refs together serves the merge in coverage; this one also puts
// each word's classes together, so that MutualIndexed compares only the
// words two prints' sets share.
func refOrder(c uint32) uint64 { return uint64(classBit(c)>>6)<<32 | uint64(c) }

func refBefore(a, b classRef) bool {
	oa, ob := a.order(), b.order()
	return oa < ob || oa == ob && a.key < b.key
}

// pairHash is FNV-1a (hash/fnv's New64a) of a, a zero byte and b, written
// out: no hash.Hash, no copies of the keys.
func pairHash(a, b string) uint64 {
	h := uint64(fnvOffset)
	for i := 0; i < len(a); i++ {
		h = (h ^ uint64(a[i])) * fnvPrime
	}
	h *= fnvPrime // the zero byte
	for i := 0; i < len(b); i++ {
		h = (h ^ uint64(b[i])) * fnvPrime
	}
	return h
}

// SharedPhrases returns the weight of the word pairs a and b both have, each
// pair counted at the mean weight of its two keys: distinctive wording kept
// word for word ("transnational criminal organization") weighs a lot, a
// pair of common words little.
func SharedPhrases(a, b *Print) float32 {
	var w float32
	// A pair whose hash's low bits no pair of b has is not among b's: most
	// of a's pairs are ruled out by one bit test, not a search.
	// FromInfo keeps b's mask; a print made otherwise has it made here.
	has := b.pairBit
	if has == 0 {
		for _, y := range b.Pairs {
			has |= 1 << (y & 63)
		}
	}
	for i, x := range a.Pairs {
		if has&(1<<(x&63)) != 0 && slices.Contains(b.Pairs, x) {
			w += (a.W[i] + a.W[i+1]) / 2
		}
	}
	return w
}

// Damping lowers the weight of keys that most of a sentence's neighbours
// share: within one story, "North Korea", "Russia" and "arms" are in nearly
// every sentence and tell its claims apart no better than "the" does. The
// neighbours are the candidates the index proposes, so the damping adapts to
// whatever story a sentence belongs to, in a corpus of any size.
type Damping map[string]float32

// DampingOf computes the damping of the keys of the given neighbours: a key
// found in all of them keeps 1-storyDamp of its weight.
func DampingOf(neighbours []*Print) Damping {
	if len(neighbours) == 0 {
		return Damping{}
	}
	// Sized for every key once: growing the map as it fills cost more than
	// filling it.
	n := 0
	for _, p := range neighbours {
		n += len(p.Keys)
	}
	d := make(Damping, n)
	share := 1 / float32(len(neighbours))
	for _, p := range neighbours {
		for _, k := range p.Keys {
			d[k] += share
		}
	}
	for k, f := range d {
		d[k] = DampFactor(f)
	}
	return d
}

// DampFactor is what a key's weight is multiplied by when it is in share
// (0 to 1) of a sentence's neighbours.
func DampFactor(share float32) float32 { return 1 - storyDamp*min(share, 1) }

// Damped returns a copy of p with its weights damped by d.
func (p *Print) Damped(d Damping) Print {
	q := *p
	q.W = make([]float32, len(p.W))
	q.Total = 0
	for i, k := range p.Keys {
		w := p.W[i]
		if f, ok := d[k]; ok {
			w *= f
		}
		q.W[i] = w
		q.Total += w
	}
	return q
}

// Similarity is the symmetric similarity of two sentences in [0, 1]: the
// harmonic mean of their soft coverages of each other, lowered when they name
// different actors. It is what groups corpus sentences into one claim.
func Similarity(a, b *Print) float32 {
	return SimilarityFrom(a, b, Mutual(a, b))
}

// Mutual is the harmonic mean of a's and b's coverages of each other: an
// upper bound of Similarity(a, b), which only lowers it for the actors the
// two name. A caller that keeps only similar pairs reads it first and skips
// the rest for the many that fall short.
func Mutual(a, b *Print) float32 {
	ab, ba := Coverage(a, b)
	if ab+ba == 0 {
		return 0
	}
	return 2 * ab * ba / (ab + ba)
}

// MutualWith is Mutual(a, b) with a's ClassSet sa, for comparing a with
// many prints: it reads b's classes against the set instead of walking the
// two class lists side by side.
func MutualWith(a *Print, sa *ClassSet, b *Print) float32 {
	ab, ba := coverage(a, sa, b)
	if ab+ba == 0 {
		return 0
	}
	return 2 * ab * ba / (ab + ba)
}

// SimilarityFrom is Similarity(a, b) given mutual, their Mutual.
func SimilarityFrom(a, b *Print, mutual float32) float32 {
	if mutual == 0 {
		return 0
	}
	return mutual * (1 - entityPenalty*(1-EntityAgreement(a, b)))
}

// Len is the number of distinct content keys.
func (p *Print) Len() int { return len(p.Keys) }

// Coverage returns how much of a's weight b covers, and how much of b's
// weight a covers, each in [0, 1]. Only keys that share a lexicon class can
// be alike, so it walks the two prints' class lists side by side instead of
// comparing every key with every other.
func Coverage(a, b *Print) (ab, ba float32) { return coverage(a, nil, b) }

// ClassSet is a Bloom filter of the classes a print holds (one bit per
// class, 1,024 bits): most classes of a print compared with it are not in
// it, and a bit says so at once.
type ClassSet [16]uint64

// ClassSet returns the set of p's classes.
func (p *Print) ClassSet() ClassSet {
	var s ClassSet
	for _, r := range p.refs {
		b := uint32(r.cb &^ weakRef)
		s[b>>6] |= 1 << (b & 63)
	}
	return s
}

func classBit(c uint32) uint32 { return c * 0x9e3779b9 >> 22 }

func (s *ClassSet) has(c uint32) bool {
	b := classBit(c)
	return s[b>>6]&(1<<(b&63)) != 0
}

// ClassIndex is a print's ClassSet with where the refs of each of its 16
// words start in the print's list (FromInfo orders them by word first).
// A matcher keeps one for every corpus print it compares (it is 200
// bytes) and makes one per page sentence: MutualIndexed then merges only
// the words both sets have bits in, and within them only their refs,
// instead of looking each of one print's classes up in the other's set.
type ClassIndex struct {
	set ClassSet
	at  [17]uint32 // refs[at[w]:at[w+1]] have their bit in word w
}

// ClassIndex returns p's ClassIndex.
func (p *Print) ClassIndex() ClassIndex {
	ix := ClassIndex{set: p.ClassSet()}
	w := 0
	for i, r := range p.refs {
		for rw := int(r.cb >> 6 & 15); w < rw; w++ {
			ix.at[w+1] = uint32(i)
		}
	}
	for ; w < len(ix.set); w++ {
		ix.at[w+1] = uint32(len(p.refs))
	}
	return ix
}

// MutualIndexed is Mutual(a, b) given their ClassIndex: the same answer
// (each key's best link is a maximum over the same pairs of keys), for
// the cost of the words their class sets share.
func MutualIndexed(a *Print, ia *ClassIndex, b *Print, ib *ClassIndex) float32 {
	var l Links
	l.Link(a, ia, b, ib)
	return l.Mutual(a, b)
}

// Links is MutualIndexed in two steps, for a caller that can often stop
// after the first: Link finds the best link of every key of the two
// prints, which depends on their keys and classes only, and returns how
// much of a's weight b covers; Mutual then weighs b's side with b's
// weights, which may be another print of the same keys and classes (b
// damped), and gives MutualIndexed of a and that print, to the bit. Since
// b covers at most all of a print's weight, the first answer, A, already
// bounds the second: Mutual is at most 2A/(1+A).
type Links struct {
	bufA, bufB [64]float32 // the best links of a's keys and b's ...
	bigA, bigB []float32   // ... or, for a print of more keys, here
	na, nb     int         // how many keys a and b have
}

// best returns the best links of a's keys and of b's.
func (l *Links) best() (bestA, bestB []float32) {
	if l.na > len(l.bufA) || l.nb > len(l.bufB) {
		return l.bigA, l.bigB
	}
	return l.bufA[:l.na], l.bufB[:l.nb]
}

// Link finds the best links between a's keys and b's and returns the
// share of a's weight b covers (0 when either has no weight).
func (l *Links) Link(a *Print, ia *ClassIndex, b *Print, ib *ClassIndex) float32 {
	bestA, bestB := l.Start(len(a.Keys), len(b.Keys))
	if a.Total == 0 || b.Total == 0 {
		return 0
	}
	for w := range ia.set {
		m := ia.set[w] & ib.set[w]
		if m == 0 {
			continue // no class in common in this word
		}
		// Only a's refs whose bit both sets hold may share a class with
		// one of b's: usually one or two of the word's few. Within a word
		// both lists run in class order (refOrder), so b's are walked
		// once for all of a's, not once per ref of a.
		ys := b.refs[ib.at[w]:ib.at[w+1]]
		j := 0
		for _, x := range a.refs[ia.at[w]:ia.at[w+1]] {
			if m&(1<<(x.cb&63)) == 0 {
				continue
			}
			for j < len(ys) && ys[j].class < x.class {
				j++
			}
			for k := j; k < len(ys) && ys[k].class == x.class; k++ {
				linkPair(a, b, x, ys[k], bestA, bestB)
			}
		}
	}
	return coveredA(a, bestA)
}

// coveredA is the share of a's weight its keys' best links cover.
func coveredA(a *Print, bestA []float32) float32 {
	var covA float32
	for i, w := range a.W {
		covA += w * bestA[i]
	}
	return covA / a.Total
}

// Start readies l for a caller that finds the best links of a's keys and
// b's itself (na and nb keys), as Link would: it returns them zeroed, to
// be raised to the best link of each key. Cover then gives what Link
// returns, and Mutual works as after Link.
func (l *Links) Start(na, nb int) (bestA, bestB []float32) {
	l.na, l.nb = na, nb
	if l.na > len(l.bufA) || l.nb > len(l.bufB) {
		l.bigA, l.bigB = make([]float32, l.na), make([]float32, l.nb)
	}
	bestA, bestB = l.best()
	clear(bestA)
	clear(bestB)
	return bestA, bestB
}

// Cover returns the share of a's weight b covers by the best links found
// since Start (0 when either has no weight), what Link returns.
func (l *Links) Cover(a, b *Print) float32 {
	if a.Total == 0 || b.Total == 0 {
		return 0
	}
	bestA, _ := l.best()
	return coveredA(a, bestA)
}

// NumRefs is how many (key, class) pairs p holds: each key once for each
// of its classes.
func (p *Print) NumRefs() int { return len(p.refs) }

// Ref returns p's n-th (key, class) pair: the key's index in p.Keys, the
// class and whether the key holds it weakly.
func (p *Print) Ref(n int) (key int, class uint32, weak bool) {
	r := p.refs[n]
	return int(r.key), r.class, r.weak()
}

// Mutual returns MutualIndexed of the prints last given to Link, b's side
// weighed by b (the linked print's keys and classes, its own weights).
func (l *Links) Mutual(a, b *Print) float32 {
	if a.Total == 0 || b.Total == 0 {
		return 0
	}
	bestA, bestB := l.best()
	ab, ba := covered(a, b, bestA, bestB)
	return harmonic(ab, ba)
}

// Best returns the best links of a's keys and of b's found since Start or
// Link.
func (l *Links) Best() (bestA, bestB []float32) { return l.best() }

// MutualGiven is Mutual(a, b) for a caller that has summed b's weights by
// its keys' best links (Best) itself, covB, and has ab, the share of a's
// weight b covers (what Link or Cover returned): it gives Mutual's answer
// to the bit when covB was summed in b's key order.
func (l *Links) MutualGiven(a, b *Print, ab, covB float32) float32 {
	if a.Total == 0 || b.Total == 0 {
		return 0
	}
	return harmonic(ab, covB/b.Total)
}

// harmonic is the harmonic mean of two coverages, 0 when both are.
func harmonic(ab, ba float32) float32 {
	if ab+ba == 0 {
		return 0
	}
	return 2 * ab * ba / (ab + ba)
}

// coverage is Coverage; when sa, a's ClassSet, is given, it looks each of
// b's classes up in a's instead of merging the two lists. Either way each
// key's best link is the maximum over the pairs of keys that share a class,
// so the answers are the same.
func coverage(a *Print, sa *ClassSet, b *Print) (ab, ba float32) {
	if a.Total == 0 || b.Total == 0 {
		return 0, 0
	}
	var bufA, bufB [64]float32
	bestA, bestB := bufA[:0], bufB[:0]
	if len(a.Keys) > len(bufA) || len(b.Keys) > len(bufB) {
		bestA, bestB = make([]float32, 0, len(a.Keys)), make([]float32, 0, len(b.Keys))
	}
	bestA, bestB = bestA[:len(a.Keys)], bestB[:len(b.Keys)]
	ra, rb := a.refs, b.refs
	if sa != nil {
		for j := 0; j < len(rb); j++ {
			c := rb[j].class
			if !sa.has(c) {
				continue
			}
			j1 := j + 1
			for j1 < len(rb) && rb[j1].class == c {
				j1++
			}
			i, n, oc := 0, len(ra), refOrder(c) // the first of a's refs of class c, if any
			for i < n {
				h := int(uint(i+n) >> 1)
				if ra[h].order() < oc {
					i = h + 1
				} else {
					n = h
				}
			}
			i1 := i
			for i1 < len(ra) && ra[i1].class == c {
				i1++
			}
			link(a, b, ra[i:i1], rb[j:j1], bestA, bestB)
			j = j1 - 1
		}
		return covered(a, b, bestA, bestB)
	}
	mergeLinks(a, b, ra, rb, bestA, bestB)
	return covered(a, b, bestA, bestB)
}

// mergeLinks links the keys of a and b that share a class, ra and rb
// being refs of a and b in refOrder.
func mergeLinks(a, b *Print, ra, rb []classRef, bestA, bestB []float32) {
	for i, j := 0, 0; i < len(ra) && j < len(rb); {
		ci, cj := ra[i].class, rb[j].class
		if ci != cj {
			if ra[i].order() < rb[j].order() {
				i++
			} else {
				j++
			}
			continue
		}
		i1, j1 := i+1, j+1
		for i1 < len(ra) && ra[i1].class == ci {
			i1++
		}
		for j1 < len(rb) && rb[j1].class == ci {
			j1++
		}
		link(a, b, ra[i:i1], rb[j:j1], bestA, bestB)
		i, j = i1, j1
	}
}

// link raises the best links of the keys of a and b that hold one class,
// xs of a's and ys of b's.
func link(a, b *Print, xs, ys []classRef, bestA, bestB []float32) {
	for _, x := range xs {
		for _, y := range ys {
			linkPair(a, b, x, y, bestA, bestB)
		}
	}
}

// linkPair raises the best links of a's key of x and b's key of y, which
// hold one class.
func linkPair(a, b *Print, x, y classRef, bestA, bestB []float32) {
	// Two keys that both hold the class weakly are not linked
	// (lexicon.Link), and two equal keys link fully through their own
	// class, which each holds strongly.
	if x.cb&y.cb&weakRef != 0 || bestA[x.key] == 1 && bestB[y.key] == 1 {
		return
	}
	s := float32(1)
	if a.Keys[x.key] != b.Keys[y.key] {
		s = lexicon.Link(x.weak(), y.weak())
	}
	// Not max: in WebAssembly that is a runtime call per pair.
	if s > bestA[x.key] {
		bestA[x.key] = s
	}
	if s > bestB[y.key] {
		bestB[y.key] = s
	}
}

// covered sums the weights of a and b by their keys' best links.
func covered(a, b *Print, bestA, bestB []float32) (ab, ba float32) {
	var covA, covB float32
	for i, w := range a.W {
		covA += w * bestA[i]
	}
	for j, w := range b.W {
		covB += w * bestB[j]
	}
	return covA / a.Total, covB / b.Total
}

// EntityAgreement returns the share of the entities of a and b, together,
// that both mention; 1 when neither mentions any.
func EntityAgreement(a, b *Print) float32 {
	// The entities of each, listed first: a sentence has a few among its
	// keys, and only they are compared.
	var bufA, bufB [maxListedEntities]uint16
	ea, okA := entityKeys(&bufA, a)
	eb, okB := entityKeys(&bufB, b)
	if !okA || !okB {
		ea, eb = allKeys(a), allKeys(b)
	}
	allA, bothA := entitiesIn(a, ea, b, eb)
	allB, bothB := entitiesIn(b, eb, a, ea)
	if allA+allB == 0 {
		return 1
	}
	return (bothA + bothB) / (allA + allB)
}

// maxListedEntities is how many entity keys EntityAgreement lists in place;
// a print with more has all its keys walked.
const maxListedEntities = 16

// entityKeys lists the indexes of p's entity keys in buf; false when they
// do not fit.
func entityKeys(buf *[maxListedEntities]uint16, p *Print) ([]uint16, bool) {
	if p.entOK { // the entities' bits, read in order, rather than every key
		if bits.OnesCount64(p.entBit) > len(buf) {
			return nil, false
		}
		n := 0
		for m := p.entBit; m != 0; m &= m - 1 {
			buf[n] = uint16(bits.TrailingZeros64(m))
			n++
		}
		return buf[:n], true
	}
	n := 0
	for i, e := range p.Ent {
		if !e {
			continue
		}
		if n == len(buf) {
			return nil, false
		}
		buf[n] = uint16(i)
		n++
	}
	return buf[:n], true
}

// allKeys lists the indexes of all p's keys.
func allKeys(p *Print) []uint16 {
	ks := make([]uint16, len(p.Keys))
	for i := range ks {
		ks[i] = uint16(i)
	}
	return ks
}

// entitiesIn returns the weight of a's entities, and of those b mentions
// too, given a's keys ka and b's kb among which their entities are. An
// entity key can only equal another entity key, so only those of b are
// compared.
func entitiesIn(a *Print, ka []uint16, b *Print, kb []uint16) (all, both float32) {
	for _, i := range ka {
		if !a.Ent[i] {
			continue
		}
		all += a.W[i]
		k := a.Keys[i]
		for _, j := range kb {
			if b.Ent[j] && b.Keys[j] == k {
				both += a.W[i]
				break
			}
		}
	}
	return all, both
}

// Sketch is a MinHash signature of a text's word 5-shingles.
type Sketch [sketchSize]uint64

// SketchOf computes the Sketch of a text. Case, punctuation and Markdown marks
// do not change it, so one article in two formats gets nearly one sketch.
func SketchOf(text string) Sketch {
	var s Sketch
	sketchInto(&s, shingleHashes(nil, text), 0, sketchSize)
	return s
}

// shingleHashes appends to dst the base hash of each word 5-shingle of
// text (of its words, when it has fewer), in order: what the values of a
// Sketch are computed from. The words are those of the lower-cased text
// (strings.ToLower), split as strings.FieldsFunc splits at every rune
// that is not an ASCII letter or digit and not beyond ASCII; they are
// found and lowered as the text is read, without a lower-cased copy of
// the page: a rune beyond ASCII lowers to one beyond ASCII or to an ASCII
// letter, so it is always part of a word, and an ASCII letter lowers by
// its 0x20 bit.
func shingleHashes(dst []uint64, text string) []uint64 {
	// The last shingleWords words' spans, in a ring: the text is read once
	// and no slice of all its words is made. A text of fewer words is one
	// shingle of them all, hashed at the end.
	var ring [shingleWords][2]int
	seen := 0
	start := -1
	for i := 0; i <= len(text); i++ {
		if i < len(text) {
			c := text[i]
			if c >= utf8.RuneSelf || c|0x20 >= 'a' && c|0x20 <= 'z' || c >= '0' && c <= '9' {
				if start < 0 {
					start = i
				}
				continue
			}
		}
		if start < 0 {
			continue
		}
		ring[seen%shingleWords] = [2]int{start, i}
		seen++
		start = -1
		if seen >= shingleWords {
			dst = append(dst, shingleHash(text, &ring, seen, shingleWords))
		}
	}
	if seen > 0 && seen < shingleWords {
		dst = append(dst, shingleHash(text, &ring, seen, seen))
	}
	return dst
}

// shingleHash is the hash of the n words before word number seen, their
// spans of text in ring: FNV-1a of the lower-cased words, each followed
// by a zero byte, written out (hash/fnv's, without an interface call per
// word). A word's ASCII bytes are letters and digits; a rune beyond ASCII
// is lowered as strings.ToLower does (an invalid byte is U+FFFD).
func shingleHash(text string, ring *[shingleWords][2]int, seen, n int) uint64 {
	h := uint64(fnvOffset)
	for k := seen - n; k < seen; k++ {
		span := ring[k%shingleWords]
		for i := span[0]; i < span[1]; {
			c := text[i]
			if c < utf8.RuneSelf {
				h = (h ^ uint64(c|0x20)) * fnvPrime
				i++
				continue
			}
			r, size := utf8.DecodeRuneInString(text[i:span[1]])
			var buf [utf8.UTFMax]byte
			for _, b := range utf8.AppendRune(buf[:0], unicode.ToLower(r)) {
				h = (h ^ uint64(b)) * fnvPrime
			}
			i += size
		}
		h *= fnvPrime // the zero byte
	}
	return h
}

// FNV-1a's 64-bit offset basis and prime (hash/fnv).
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// sketchInto sets the values lo to hi-1 of s from the shingles' base
// hashes.
func sketchInto(s *Sketch, bases []uint64, lo, hi int) {
	for k := lo; k < hi; k++ {
		s[k] = math.MaxUint64
	}
	for _, base := range bases {
		for k := lo; k < hi; k++ {
			// Independent hash functions from one base hash: multiply by
			// distinct odd constants and mix (a standard MinHash trick).
			v := mix(base ^ (uint64(k+1) * 0x9e3779b97f4a7c15))
			if v < s[k] {
				s[k] = v
			}
		}
	}
}

// LazySketch is the Sketch of a text, computed a quarter at a time as
// AtLeast needs it: a page is compared with the few articles its
// sentences match, and the first quarter of its sketch mostly tells
// already that it is none of them.
//
// Most of those articles are told apart before any of the sketch is
// computed. The hashes that make a sketch's values (mix of the base
// xor a constant) can be undone, so each value of the article's sketch
// names the one shingle base that gives it. The page's sketch can agree
// on a value only if the page has that shingle: the count of the
// article's values whose shingle is among the page's (sorted, searched
// by halves) bounds the agreement from above, and an article whose
// bound already misses the bar is not the page.
type LazySketch struct {
	text   string
	bases  []uint64 // the shingles' base hashes, sorted, once AtLeast is first asked
	s      Sketch
	done   int // s[:done] is computed
	hashed bool
}

// NewLazySketch returns the LazySketch of text; nothing is computed yet.
func NewLazySketch(text string) *LazySketch { return &LazySketch{text: text} }

// Reset makes l the LazySketch of text, nothing computed yet, keeping the
// room of its shingle bases: a caller that compares page after page
// keeps one (a page's bases were a seventh of what a Worker request
// allocated). Reset("") holds no text.
func (l *LazySketch) Reset(text string) {
	// Field by field: the whole struct stored while a collection marks
	// would be a bulk barrier over its words. s[:done] is all that is
	// read of s.
	l.text, l.bases, l.done, l.hashed = text, l.bases[:0], 0, false
}

// AtLeast reports whether Resemblance(&SketchOf(text), b) >= least. The
// values not computed yet count as agreeing: once even that misses least,
// the answer is no.
func (l *LazySketch) AtLeast(b *Sketch, least float64) bool {
	if !l.hashed {
		// About a shingle for every six bytes of news text: room made
		// once rather than grown. A sketch's values are minimums over
		// the bases, whatever their order.
		l.bases = shingleHashes(slices.Grow(l.bases[:0], len(l.text)/6+1), l.text)
		slices.Sort(l.bases)
		l.hashed = true
	}
	// The bound: values of b whose shingle the page lacks cannot agree.
	possible := sketchSize
	for k := range b {
		if b[k] == math.MaxUint64 || !l.hasBase(unmix(b[k])^(uint64(k+1)*0x9e3779b97f4a7c15)) {
			possible--
			if float64(possible)/sketchSize < least {
				return false
			}
		}
	}
	const part = sketchSize / 4
	for hi := part; ; hi += part {
		if l.done < hi {
			sketchInto(&l.s, l.bases, l.done, hi)
			l.done = hi
		}
		same := 0
		for i := range hi {
			if l.s[i] == b[i] && l.s[i] != math.MaxUint64 {
				same++
			}
		}
		if hi == sketchSize {
			return float64(same)/sketchSize >= least
		}
		if float64(same+sketchSize-hi)/sketchSize < least {
			return false
		}
	}
}

// hasBase reports whether base is one of the page's shingle bases.
func (l *LazySketch) hasBase(base uint64) bool {
	_, found := slices.BinarySearch(l.bases, base)
	return found
}

// mix's two multipliers: odd, so each multiply has an inverse modulo
// 2^64 (unmix).
const (
	mixMul1 = 0xff51afd7ed558ccd
	mixMul2 = 0xc4ceb9fe1a85ec53
)

func mix(x uint64) uint64 {
	x ^= x >> 33
	x *= mixMul1
	x ^= x >> 33
	x *= mixMul2
	x ^= x >> 33
	return x
}

// unmix is mix undone: unmix(mix(x)) == x. A shift by 33 xored in is its
// own inverse (the bits it moves are not moved again), and an odd
// multiplier's inverse is found by Newton's iteration.
func unmix(x uint64) uint64 {
	x ^= x >> 33
	x *= mixInv2
	x ^= x >> 33
	x *= mixInv1
	x ^= x >> 33
	return x
}

var mixInv1, mixInv2 = oddInverse(mixMul1), oddInverse(mixMul2)

// oddInverse is the inverse of odd c modulo 2^64: each step of Newton's
// iteration doubles the bits that are right, from 3 (c is its own inverse
// modulo 8).
func oddInverse(c uint64) uint64 {
	x := c
	for range 5 {
		x *= 2 - c*x
	}
	return x
}

// Resemblance estimates the Jaccard similarity of the shingle sets of the two
// texts behind a and b.
func Resemblance(a, b *Sketch) float64 {
	same := 0
	for i := range a {
		if a[i] == b[i] && a[i] != math.MaxUint64 {
			same++
		}
	}
	return float64(same) / sketchSize
}

// Copies finds, among the sketches added to it, the ones that may resemble a
// new one: locality-sensitive hashing over bands of the sketch, so finding
// the copies of an article among n costs about as much as among a few,
// instead of n comparisons. Sketches that share no band are almost never
// alike (Jaccard 0.7 shares one with probability 0.99).
type Copies struct {
	bands map[uint64][]int
}

const (
	bandRows = 4
	bands    = sketchSize / bandRows
)

// Add files sketch number i.
func (c *Copies) Add(i int, s *Sketch) {
	if c.bands == nil {
		c.bands = map[uint64][]int{}
	}
	for b := range bands {
		k := bandKey(s, b)
		c.bands[k] = append(c.bands[k], i)
	}
}

// Near returns the numbers of the added sketches that share a band with s,
// in the order they were added, each once.
func (c *Copies) Near(s *Sketch) []int {
	var out []int
	for b := range bands {
		for _, i := range c.bands[bandKey(s, b)] {
			if !slices.Contains(out, i) {
				out = append(out, i)
			}
		}
	}
	slices.Sort(out)
	return out
}

func bandKey(s *Sketch, b int) uint64 {
	h := uint64(b) * 0x9e3779b97f4a7c15
	for _, v := range s[b*bandRows : (b+1)*bandRows] {
		h = mix(h ^ v)
	}
	return h
}
