// Package lexicon turns text into the normalised terms the claim matcher
// compares, and knows which terms mean nearly the same thing.
//
// Design. A term's key is cheap and context-free: the Snowball English stem
// of the case- and diacritic-folded word, after a small table of irregular
// inflections ("said" -> "say", "told" -> "tell") taken from WordNet's
// exception lists, so that the key space is the one WordNet's lemmas stem
// to. Actor names are recognised before stemming by a longest match over
// word tokens against a general table (every country with its official
// names, capital, seats of government and demonyms, plus major
// organisations); they become one Entity term "@id" that may span several
// words, so "Pyongyang's", "North Koreans" and "the DPRK" all read "@kp".
// Abbreviations that are also English words (US, UN, WHO) match only in
// capitals; other names need a capital first letter, which keeps "turkey"
// and "china" plain words.
//
// Meaning is approximated with WordNet, reduced by the generator
// (scripts/lexgen) to classes: every frequent sense of a word is a class
// the word holds strongly; a derivational link ("deny" ~ "denial") lends the
// other word's class strongly; a noun's hypernyms up to two steps, a verb's
// direct hypernym, sister senses named by the same lemma and wholes named by
// the same stem are classes held weakly. A small table of speech acts
// (tables.go) adds what WordNet files too far apart: "deny" ~ "reject".
// British spellings read as American ones, and two words written apart that
// are also written as one ("cease fire") read as the one word. Two keys are Similar when they share a class, 0.8 if
// both hold it strongly and 0.5 if one holds it weakly. Keeping only a few
// frequent senses per word trades recall for precision: "deny" is not
// linked to its rare senses. Because similarity is defined by shared
// classes, Classes is exactly the candidate index the matcher needs, with no
// extra invariant to keep. Weights are IDFs over a background table of news
// text counted by the same generator.
//
// All data is embedded, a few hundred kilobytes, and read in place on first
// use (sync.Once): stems are looked up by binary search over one sorted
// string, and a stem's frequency and classes are decoded from the embedded
// bytes when asked for (classes once per stem, then kept), so waking the
// lexicon builds offset slices and the small name table, no large map (the
// extension's cold start waits for it).
package lexicon

import (
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/retold/retold/shared/memo"
)

// Kind is what a Term stands for.
type Kind uint8

// The kinds of Term.
const (
	Word Kind = iota
	Entity
	Number
)

// Term is one normalised token of a text.
type Term struct {
	Start, End int // byte offsets of the surface form in the input text
	Key        string
	Kind       Kind
	Stop       bool // a function word
}

// token is one word-like piece of the input before names are recognised.
type token struct {
	start, end int
	norm       string // folded, lower case, apostrophes removed, possessive cut
	letters    string // the surface letters in their own case, for exact abbreviations
	kind       tokKind
	upper      bool // first letter is upper case
	soft       bool // only spaces or hyphens separate it from the previous token
}

type tokKind uint8

const (
	tokWord tokKind = iota
	tokNum
	tokCJK
)

// Terms splits text into terms in order of appearance. It never fails: any
// byte sequence gives valid, ordered, non-overlapping offsets.
func Terms(text string) []Term { return TermsIn(nil, text) }

// TermsIn is Terms, the terms written over dst's array when it has room
// for them: a caller that reads page after page keeps one array (a page's
// terms were half of what the matcher allocated on a page) instead of
// leaving the collector a new one each time.
func TermsIn(dst []Term, text string) []Term {
	load()
	tb, toks := pooledTokens(text)
	// A word's facts are looked up once, not once for each reading that
	// asks about it (names, compounds, stop words, its key).
	facts := slices.Grow(tb.facts[:0], len(toks))[:len(toks)]
	for k := range toks {
		if toks[k].kind == tokWord {
			facts[k] = factsOf(toks[k].norm)
		}
	}
	defer tb.put(toks, facts)
	out := slices.Grow(dst[:0], len(toks))
	for k := 0; k < len(toks); {
		t := toks[k]
		if t.kind == tokWord {
			// Most words start no name: matchNames is not called for them.
			if names := facts[k].names; names != nil {
				if n, nm := matchNames(toks, k, names); n > 0 {
					if nm.id == "-" {
						for j, u := range toks[k : k+n] {
							out = appendTerm(out, u.start, u.end, facts[k+j].key, Word, facts[k+j].stop)
						}
					} else {
						out = appendTerm(out, t.start, toks[k+n-1].end, nm.key, Entity, false)
					}
					k += n
					continue
				}
			}
			if key, ok := deictic(toks, k); ok {
				out = appendTerm(out, t.start, t.end, key, Entity, false)
				k++
				continue
			}
		}
		if key, ok := compound(toks, facts, k); ok {
			out = appendTerm(out, t.start, toks[k+1].end, key, Word, false)
			k += 2
			continue
		}
		switch t.kind {
		case tokNum:
			out = appendTerm(out, t.start, t.end, t.norm, Number, false)
		case tokWord:
			out = appendTerm(out, t.start, t.end, facts[k].key, Word, facts[k].stop)
		default:
			w := wordTerm(t)
			out = appendTerm(out, w.Start, w.End, w.Key, w.Kind, w.Stop)
		}
		k++
	}
	return out
}

// wordFacts is what Terms asks about a word (a token of kind tokWord), by
// its folded form.
type wordFacts struct {
	key   string // wordKey
	stop  bool   // a stop word
	names []name // the names that start with it (data.names)
}

// factsOf returns the facts of the word folded to norm, remembered in
// factsCache. They are shared: not to be modified.
func factsOf(norm string) *wordFacts {
	if len(norm) > maxCachedWord { // a blob, not a word: asked afresh, not remembered
		return &wordFacts{key: keyOf(norm), stop: stopWords[norm], names: data.names[norm]}
	}
	f, ok := factsCache.Get(norm)
	if !ok {
		f = &wordFacts{key: keyOf(norm), stop: stopWords[norm], names: data.names[norm]}
		factsCache.Put(norm, f)
	}
	return f
}

// factsCache remembers the facts of recent words: a key is a stem (about
// a microsecond a word) and news text repeats its words. It holds
// pointers: a word's facts are six words, which a copy while a collection
// marks (into the cache's front, into Terms' array) would put behind a
// bulk barrier, and the map's slots stay small.
var factsCache = memo.New[*wordFacts](stemCacheSize)

// maxCachedWord bounds the words factsCache keeps.
const maxCachedWord = 64

// appendTerm appends a Term to out field by field: a whole Term appended
// while a collection marks is a bulk barrier over its words (wbMove), a
// tenth of Terms in wasm; a field is one pointer's barrier at most.
func appendTerm(out []Term, start, end int, key string, kind Kind, stop bool) []Term {
	n := len(out)
	if n == cap(out) {
		out = slices.Grow(out, 1)
	}
	out = out[:n+1]
	t := &out[n]
	t.Start, t.End, t.Key, t.Kind, t.Stop = start, end, key, kind, stop
	return out
}

// appendToken appends a token to toks field by field, as appendTerm does.
func appendToken(toks []token, t *token) []token {
	n := len(toks)
	if n == cap(toks) {
		toks = slices.Grow(toks, 1)
	}
	toks = toks[:n+1]
	setToken(&toks[n], t)
	return toks
}

// setToken stores t in d field by field, as appendTerm does.
func setToken(d, t *token) {
	d.start, d.end, d.norm, d.letters, d.kind, d.upper, d.soft = t.start, t.end, t.norm, t.letters, t.kind, t.upper, t.soft
}

// Plain makes Terms skip the readings that consult the generated frequency
// table (compound words, British spellings). The generator sets it while it
// counts frequencies, so that its output never depends on its own previous
// output; nothing else should.
var Plain bool

// compound reads two words written apart that are also written as one
// ("rail cars", "air strike", "cease-fire"): when the joined word is a word
// WordNet or the background text knows, both forms get its key.
func compound(toks []token, facts []*wordFacts, k int) (string, bool) {
	if Plain || k+1 >= len(toks) {
		return "", false
	}
	a, b := toks[k], toks[k+1]
	if a.kind != tokWord || b.kind != tokWord || !b.soft || len(a.norm) < 3 || len(b.norm) < 3 ||
		!isLowerASCII(a.norm) || !isLowerASCII(b.norm) || facts[k].stop || facts[k+1].stop {
		return "", false
	}
	if len(a.norm)+len(b.norm) > maxCompound { // a blob, not a word: asked afresh, not remembered
		joined := keyOf(a.norm + b.norm)
		return joined, data.seen(joined) >= 0
	}
	var buf [maxCompound]byte
	j := append(append(buf[:0], a.norm...), b.norm...)
	c, ok := compoundCache.GetBytes(j)
	if !ok {
		c.key = keyOf(string(j))
		c.known = data.seen(c.key) >= 0
		compoundCache.Put(string(j), c)
	}
	if !c.known {
		return "", false
	}
	return c.key, true
}

// compoundCache remembers, by the two words joined, whether they are a
// compound and its key: most pairs of words in running text are asked
// about, and each asking is a stem and a binary search.
var compoundCache = memo.New[compoundKey](stemCacheSize)

// maxCompound bounds the joined words compoundCache keeps.
const maxCompound = 64

type compoundKey struct {
	key   string
	known bool
}

func wordTerm(t token) Term {
	return Term{Start: t.start, End: t.end, Key: wordKey(t), Kind: Word, Stop: stopWords[t.norm]}
}

// wordKey stems plain ASCII words; other scripts, mixed letters and digits
// ("g7", "mh17") and very long words stay as folded.
func wordKey(t token) string {
	if t.kind != tokWord {
		return t.norm
	}
	return factsOf(t.norm).key
}

// keyOf is the key of a word (a token of kind tokWord) folded to w.
func keyOf(w string) string {
	if len(w) > 40 || !isLowerASCII(w) {
		return w
	}
	k := stem(w)
	if am, ok := american(w); ok && !Plain {
		if ka := stem(am); data.seen(ka) > data.seen(k) {
			k = ka
		}
	}
	return k
}

// stem is a word's key before spelling variants: its WordNet lemma if it is
// an irregular form, then Porter2 (porter2.go).
func stem(w string) string {
	if lemma, ok := data.lemma(w); ok {
		w = lemma
	}
	return porter2(w)
}

// american returns the American spelling of a British-spelled word
// ("organisation" -> "organization", "rumour" -> "rumor", "defence" ->
// "defense"), by suffix. The caller keeps it only when the news text the
// weights were counted on uses it more, so a word that merely looks British
// ("four", "fence") keeps its own key.
func american(w string) (string, bool) {
	for _, r := range britishSuffixes {
		if strings.HasSuffix(w, r.gb) && len(w) >= r.min {
			return w[:len(w)-len(r.gb)] + r.us, true
		}
	}
	return "", false
}

// asciiAlnum reports whether s is only ASCII letters and digits, and
// whether it has an upper-case letter.
func asciiAlnum(s string) (plain, hasUpper bool) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c >= 'A' && c <= 'Z':
			hasUpper = true
		default:
			return false, false
		}
	}
	return true, hasUpper
}

func isLowerASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return s != ""
}

// matchName finds the longest actor name starting at toks[k]; it returns
// the number of tokens and the name (id "-" for a listed non-actor phrase).
func matchName(toks []token, k int) (int, *name) {
	return matchNames(toks, k, data.names[toks[k].norm])
}

// matchNames is matchName given the names that start with toks[k]'s word.
func matchNames(toks []token, k int, names []name) (int, *name) {
	for i := range names {
		nm := &names[i]
		if k+len(nm.toks) > len(toks) {
			continue
		}
		ok := true
		for j, nt := range nm.toks {
			t := &toks[k+j]
			switch {
			case t.kind != tokWord || t.norm != nt.norm:
				ok = false
			case j > 0 && !t.soft:
				ok = false
			case nt.exact != "":
				ok = t.letters == nt.exact
			case j == 0:
				ok = t.upper
			}
			if !ok {
				break
			}
		}
		if ok {
			return len(nm.toks), nm
		}
	}
	return 0, nil
}

// deictic recognises "the North" / "the South" used as a country's name:
// capitalised, after "the", and not followed by a name or a place noun.
func deictic(toks []token, k int) (string, bool) {
	t := toks[k]
	// The cheap tests first: most words are not capitalised after "the",
	// and are not looked up.
	if !t.upper || k == 0 || !t.soft || toks[k-1].norm != "the" {
		return "", false
	}
	key, ok := deicticNames[t.norm]
	if !ok || t.letters != strings.ToUpper(t.letters[:1])+t.letters[1:] {
		return "", false
	}
	if t.letters[1:] != strings.ToLower(t.letters[1:]) {
		return "", false // "THE NORTH" in a shouted headline is not reliable
	}
	if k+1 < len(toks) {
		n := toks[k+1]
		if n.soft && (n.upper || deicticBlockers[n.norm]) {
			return "", false
		}
	}
	return key, true
}

// ResolveCopy is Resolve for terms the caller must not rewrite (a window
// of a page's terms): it returns ts itself, not copied, when none of its
// keys is deictic, which most sentences' are not, and otherwise a copy of
// ts in dst's array, resolved.
func ResolveCopy(dst, ts, docTerms []Term) (out []Term, copied bool) {
	load()
	for i := range ts {
		if k := ts[i].Key; k != "" && k[0] == '@' && len(data.deicticIDs[k]) > 0 {
			out = append(dst[:0], ts...)
			Resolve(out[i:], docTerms) // the keys before i are not deictic
			return out, true
		}
	}
	return ts, false
}

// Resolve rewrites deictic actor keys ("@north", "@south") to the country
// that docTerms (usually the whole document's terms) name most often among
// those whose name starts with that compass word. Unresolvable keys stay.
func Resolve(ts []Term, docTerms []Term) {
	load()
	var counts map[string]int
	for i := range ts {
		if k := ts[i].Key; k == "" || k[0] != '@' {
			continue // deictic keys are entity keys (deicticNames): no map look-up for every word
		}
		cands := data.deicticIDs[ts[i].Key]
		if len(cands) == 0 {
			continue
		}
		if counts == nil {
			counts = map[string]int{}
			for _, d := range docTerms {
				if d.Kind == Entity {
					counts[d.Key]++
				}
			}
		}
		best, bestN := "", 0
		for _, c := range cands { // sorted, so ties go to the first
			if n := counts[c]; n > bestN {
				best, bestN = c, n
			}
		}
		if best != "" {
			ts[i].Key = best
		}
	}
}

// Similar says how close two keys are: 1 when equal, 0.8 for WordNet
// synonyms or derivations, 0.5 for a noun and its hypernym within two steps,
// 0 otherwise. Entities and numbers are only similar to themselves.
func Similar(a, b string) float32 {
	if a == b {
		return 1
	}
	if a == "" || b == "" || a[0] == '@' || b[0] == '@' {
		return 0
	}
	if x, ok := speechActs[a]; ok && x == speechActs[b] {
		return simStrong
	}
	load()
	ia, ok1 := data.find(a)
	ib, ok2 := data.find(b)
	if !ok1 || !ok2 {
		return 0
	}
	ca, wa := data.classesOf(ia)
	cb, wb := data.classesOf(ib)
	best := float32(0)
	for i, j := 0, 0; i < len(ca) && j < len(cb); {
		switch {
		case ca[i] < cb[j]:
			i++
		case ca[i] > cb[j]:
			j++
		default:
			best = max(best, Link(wa[i], wb[j]))
			if best == simStrong {
				return best
			}
			i++
			j++
		}
	}
	return best
}

// Link is how similar two keys that share a class are, by how each holds
// it: 0.8 when both hold it strongly, 0.5 when one holds it weakly, 0 when
// both do (two hyponyms of one hypernym are not alike enough).
func Link(weakA, weakB bool) float32 {
	switch {
	case !weakA && !weakB:
		return simStrong
	case weakA != weakB:
		return simWeak
	}
	return 0
}

// ClassesWeak is Classes with, for each class, whether key holds it weakly.
// Two different keys are as Similar as the best Link over the classes they
// share. Neither slice may be modified.
func ClassesWeak(key string) ([]uint32, []bool) {
	load()
	if c, ok := data.actClasses[key]; ok {
		return c, data.actWeak[key]
	}
	if i, ok := data.find(key); ok {
		return data.classesOf(i)
	}
	return []uint32{hashedClass(key)}, []bool{false}
}

// Classes returns the class ids of key, sorted: if Similar(a, b) > 0 then
// Classes(a) and Classes(b) share an id. Every key is also a class of its
// own (a key outside the tables gets a hashed id with the top bit set), so
// Classes alone can index candidates, exact matches included. At most
// ten ids (a speech-act stem has one more); the slice is shared, do not
// modify it.
func Classes(key string) []uint32 {
	load()
	if c, ok := data.actClasses[key]; ok {
		return c
	}
	if i, ok := data.find(key); ok {
		c, _ := data.classesOf(i)
		return c
	}
	return []uint32{hashedClass(key)}
}

// hashedClass is the class of a key outside the tables: an FNV-1a hash with
// the top bit set.
func hashedClass(key string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(key); i++ {
		h = (h ^ uint32(key[i])) * 16777619
	}
	return h | 1<<31
}

// Weight is the informativeness of key: an IDF over a background table of
// news text, about 1 for the commonest words and 12 for unseen ones.
// Numbers are capped at numberWeightCap and entities at entityWeightCap.
func Weight(key string) float32 {
	load()
	df := 0
	if i, ok := data.find(key); ok {
		df = data.dfOf(i)
	}
	w := data.idf(df)
	switch {
	case key == "@north" || key == "@south":
		return deicticWeight
	case key != "" && key[0] == '@':
		w = min(w, entityWeightCap)
	case key != "" && key[0] >= '0' && key[0] <= '9':
		w = min(w, numberWeightCap)
	}
	return w
}

// Reporting tells whether key is an attribution verb or noun ("say",
// "accord[ing to]", "statement"), which the matcher down-weights.
func Reporting(key string) bool {
	return reportingStems[key]
}

// tokBufs are Terms' token arrays and their words' facts, reused: a
// page's text is tokenized whole, and each sentence's speaker again.
var tokBufs = sync.Pool{New: func() any { return new(tokBuf) }}

type tokBuf struct {
	toks  []token
	facts []*wordFacts // of the tokens of kind tokWord; the others' are stale
}

// maxPooledTokens bounds the arrays tokBufs keeps (about 3.5 MB).
const maxPooledTokens = 1 << 16

// pooledTokens tokenizes text into a token array from tokBufs; put gives
// it back.
func pooledTokens(text string) (*tokBuf, []token) {
	tb := tokBufs.Get().(*tokBuf)
	return tb, tokenizeIn(tb.toks[:0], text)
}

// put returns tb to tokBufs with the arrays toks and facts grew into, for
// the next text, unless they grew past maxPooledTokens: a huge input's
// arrays are let go. They are not cleared: the strings they hold go when
// the pool drops them at the next collections, and clearing every page's
// arrays cost 1% of its matching in wasm.
func (tb *tokBuf) put(toks []token, facts []*wordFacts) {
	if cap(toks) <= maxPooledTokens {
		tb.toks, tb.facts = toks[:0], facts[:0]
		tokBufs.Put(tb)
	}
}

// tokenize cuts text into word, number and CJK tokens.
func tokenize(text string) []token {
	return tokenizeIn(make([]token, 0, min(len(text)/6+1, 4096)), text)
}

// tokenizeIn is tokenize, appending to toks.
func tokenizeIn(toks []token, text string) []token {
	soft := true // nothing but spaces/hyphens since the previous token
	for i := 0; i < len(text) && len(toks) < maxTermsPerInput; {
		if text[i] == ' ' { // between most words: leaves soft as it is
			i++
			continue
		}
		r, sz := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, sz = utf8.DecodeRuneInString(text[i:])
		}
		switch {
		case isCJK(r):
			j := i
			var starts []int
			for j < len(text) {
				r2, sz2 := utf8.DecodeRuneInString(text[j:])
				if !isCJK(r2) {
					break
				}
				starts = append(starts, j)
				j += sz2
			}
			starts = append(starts, j)
			if len(starts) == 2 || !cjkBigrams {
				toks = appendToken(toks, &token{start: i, end: j, norm: text[i:j], kind: tokCJK, soft: soft})
			} else {
				for b := 0; b+2 < len(starts); b++ {
					s, e := starts[b], starts[b+2]
					toks = appendToken(toks, &token{start: s, end: e, norm: text[s:e], kind: tokCJK, soft: soft && b == 0})
				}
			}
			i, soft = j, true
		case isWordRune(r):
			var t token
			i, t = scanWord(text, i)
			if t.norm == "" { // a stray combining mark
				soft = false
				continue
			}
			t.soft = soft
			toks = appendToken(toks, &t)
			soft = true
		default:
			if !isSpace(r) && r != '-' && r != '\u2010' && r != '\u2011' {
				soft = false
			}
			i += sz
		}
	}
	return toks
}

func isCJK(r rune) bool {
	return r >= 0x2E80 && factsOfRune(r).class&classCJK != 0
}

func isWordRune(r rune) bool {
	return classOf(r)&classWord != 0
}

// isLetter is unicode.IsLetter, read from the class cache.
func isLetter(r rune) bool {
	return classOf(r)&classLetter != 0
}

// isDigit is unicode.IsDigit, read from the class cache.
func isDigit(r rune) bool {
	return classOf(r)&classDigit != 0
}

// isSpace is unicode.IsSpace, read from the class cache.
func isSpace(r rune) bool {
	return classOf(r)&classSpace != 0
}

// The classes of a rune the tokenizer asks about, as bits. Asking the
// unicode tables is a binary search over ranges for every rune outside
// Latin-1 (curly quotes and dashes in English text, every letter of
// other scripts): 4% of a page's matching in wasm. The answers, with the
// rune's lower case, are kept for Latin-1 in a table made at start-up and
// for the rest of the Basic Multilingual Plane per block of 256 runes,
// each block filled from the tables the first time one of its runes is
// asked about.
const (
	classWord   = 1 << iota // a letter, digit or mark (not utf8.RuneError): isWordRune
	classCJK                // Han, Hiragana or Katakana, from U+2E80: isCJK
	classLetter             // unicode.IsLetter
	classSpace              // unicode.IsSpace
	classDigit              // unicode.IsDigit
)

// runeFacts is what the cache keeps of a rune.
type runeFacts struct {
	class uint8
	lower rune // unicode.ToLower
}

// latin1Facts are the facts of U+0000..U+00FF.
var latin1Facts = func() (b [256]runeFacts) {
	for i := range b {
		b[i] = factsFromTables(rune(i))
	}
	return b
}()

// facts holds the facts past Latin-1.
var facts = memo.NewRunes(factsFromTables)

// factsOfRune returns r's class bits and lower case.
func factsOfRune(r rune) runeFacts {
	if uint32(r) < 0x100 {
		return latin1Facts[r]
	}
	return facts.Of(r)
}

// classOf returns r's class bits.
func classOf(r rune) uint8 {
	if uint32(r) < 0x100 { // Latin-1 without a call
		return latin1Facts[r].class
	}
	return factsOfRune(r).class
}

// lowerOf is unicode.ToLower, read from the cache.
func lowerOf(r rune) rune {
	return factsOfRune(r).lower
}

// factsFromTables computes r's facts from the unicode tables.
func factsFromTables(r rune) runeFacts {
	return runeFacts{class: classFromTables(r), lower: unicode.ToLower(r)}
}

// classFromTables computes r's class bits from the unicode tables.
func classFromTables(r rune) uint8 {
	var c uint8
	if unicode.IsLetter(r) || unicode.IsDigit(r) || (unicode.IsMark(r) && r != utf8.RuneError) {
		c |= classWord
	}
	if r >= 0x2E80 && (unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r)) {
		c |= classCJK
	}
	if unicode.IsLetter(r) {
		c |= classLetter
	}
	if unicode.IsSpace(r) {
		c |= classSpace
	}
	if unicode.IsDigit(r) {
		c |= classDigit
	}
	return c
}

func isApostrophe(r rune) bool {
	return r == '\'' || r == '\u2019' || r == '\u2018' || r == '\u02BC'
}

// scanWord reads the token at text[i] (a word rune) and returns where it
// ends. Dotted abbreviations ("U.S.", "U.N") become one token; digit runs
// with inner separators ("1,000", "1.5") and ordinal or decade suffixes
// ("31st", "1990s") become numbers; apostrophes between letters join.
func scanWord(text string, i int) (int, token) {
	if j, letters := scanAbbrev(text, i); j > i {
		return j, token{start: i, end: j, norm: strings.ToLower(letters), letters: letters, upper: true}
	}
	j := i
	digitsOnly := true
	slow, hasUpper := false, false // a rune past the ASCII letters and digits; an upper-case ASCII letter
	for j < len(text) {
		// ASCII letters and digits, most of any page, without decoding
		// (the cases below say the same of them).
		if c := text[j]; c >= '0' && c <= '9' {
			j++
			continue
		} else if isASCIILetter(c) {
			digitsOnly = false
			hasUpper = hasUpper || c < 'a'
			j++
			continue
		}
		slow = true
		r, sz := utf8.DecodeRuneInString(text[j:])
		switch {
		case isDigit(r):
			j += sz
			continue
		case isWordRune(r) && !isCJK(r):
			digitsOnly = false
			j += sz
			continue
		case (r == '.' || r == ',') && digitsOnly && j > i && j+1 < len(text) && text[j+1] >= '0' && text[j+1] <= '9':
			j += sz
			continue
		case isApostrophe(r) && !digitsOnly && j+sz < len(text):
			r2, _ := utf8.DecodeRuneInString(text[j+sz:])
			if isLetter(r2) && !isCJK(r2) {
				j += sz
				continue
			}
		}
		break
	}
	raw := text[i:j]
	if digitsOnly || isNumberWithSuffix(raw) {
		return j, token{start: i, end: j, norm: numberKey(raw), kind: tokNum}
	}
	if !slow && !hasUpper { // ASCII letters and digits in lower case: fold leaves them as they are
		return j, token{start: i, end: j, norm: raw, letters: raw}
	}
	norm, letters, upper := fold(raw)
	return j, token{start: i, end: j, norm: norm, letters: letters, upper: upper}
}

// scanAbbrev matches single letters each followed by a dot, at least two
// letters ("U.S.", "U.N", "D.P.R.K."), and returns the end and the letters.
func scanAbbrev(text string, i int) (int, string) {
	j := i
	var letters []byte
	for j < len(text) && isASCIILetter(text[j]) {
		if j+1 < len(text) && text[j+1] == '.' {
			letters = append(letters, text[j])
			j += 2
			continue
		}
		if len(letters) > 0 && (j+1 >= len(text) || !isWordByteStart(text[j+1:])) {
			letters = append(letters, text[j]) // "U.S" without the last dot
			j++
		}
		break
	}
	if len(letters) < 2 {
		return i, ""
	}
	return j, string(letters)
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

func isWordByteStart(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return isWordRune(r)
}

func isNumberWithSuffix(raw string) bool {
	k := 0
	for k < len(raw) && (raw[k] >= '0' && raw[k] <= '9' || k > 0 && (raw[k] == '.' || raw[k] == ',')) {
		k++
	}
	if k == 0 {
		return false
	}
	switch strings.ToLower(raw[k:]) {
	case "st", "nd", "rd", "th", "s":
		return true
	}
	return false
}

// numberKey keeps the digits and a decimal point ("1,000" -> "1000").
func numberKey(raw string) string {
	// Most numbers have no comma: their key is a prefix of raw, not a copy.
	end, comma := len(raw), false
	for k := 0; k < len(raw); k++ {
		c := raw[k]
		if c == ',' {
			comma = true
		} else if c < 0x80 && (c < '0' || c > '9') && c != '.' { // other scripts' digits are kept as they are
			end = k // ordinal or decade suffix
			break
		}
	}
	if !comma {
		return raw[:end]
	}
	b := make([]byte, 0, end)
	for k := 0; k < end; k++ {
		if raw[k] != ',' {
			b = append(b, raw[k])
		}
	}
	return string(b)
}

// fold lower-cases and diacritic-folds a word, removes apostrophes and a
// final possessive "'s"; letters keeps the case for abbreviation checks.
func fold(raw string) (norm, letters string, upper bool) {
	if n := len(raw); n >= 2 && (raw[n-1] == 's' || raw[n-1] == 'S') {
		if r, sz := utf8.DecodeLastRuneInString(raw[:n-1]); isApostrophe(r) {
			raw = raw[:n-1-sz]
		}
	}
	if plain, hasUpper := asciiAlnum(raw); plain {
		if hasUpper {
			return lowerASCII(raw), raw, raw[0] >= 'A' && raw[0] <= 'Z'
		}
		return raw, raw, false
	}
	// The other words are folded into buffers on the stack, and a word
	// the folding leaves as it is (most words of a script without case
	// and accents, or already lower case) is returned as it stands, so
	// only a word that changes is copied.
	var nbuf, lbuf [64]byte
	nb, lb := nbuf[:0], lbuf[:0]
	first := true
	for _, r := range raw {
		if isApostrophe(r) {
			continue
		}
		if first {
			upper = unicode.IsUpper(r)
			first = false
		}
		if r >= 0x300 && r <= 0x36F { // combining accents on Latin letters
			continue
		}
		if r < utf8.RuneSelf {
			lb = append(lb, byte(r))
		} else {
			lb = utf8.AppendRune(lb, r)
		}
		switch {
		case r < 0x80:
			c := byte(r)
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			nb = append(nb, c)
		case r >= 0xC0 && r <= 0x17F && latinFold[r-0xC0] != "-":
			nb = append(nb, latinFold[r-0xC0]...)
		case r <= extraFoldTop && extraFold[r] != "": // most runes are not looked up
			nb = append(nb, extraFold[r]...)
		default:
			nb = utf8.AppendRune(nb, lowerOf(r))
		}
	}
	norm = raw
	if string(nb) != raw {
		norm = keptOrCopy(nb)
	}
	return norm, sameOrCopy(lb, raw), upper
}

// keptOrCopy is b as a string: the one factsCache keeps for that word
// when at hand (memo.Map.Key), else a copy.
func keptOrCopy(b []byte) string {
	if k, ok := factsCache.Key(b); ok {
		return k
	}
	return string(b)
}

// lowerASCII is strings.ToLower of raw, ASCII letters and digits: the
// word lowered on the stack, and the string factsCache already keeps for
// it when at hand (a capitalised word is mostly one the page, or the page
// before, had), else a copy.
func lowerASCII(raw string) string {
	if len(raw) > maxCachedWord {
		return strings.ToLower(raw)
	}
	var buf [maxCachedWord]byte
	b := buf[:len(raw)]
	for i := range len(raw) {
		c := raw[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		b[i] = c
	}
	return keptOrCopy(b)
}

// sameOrCopy is b as a string: s when they are equal (no copy), else a
// copy of b.
func sameOrCopy(b []byte, s string) string {
	if string(b) == s {
		return s
	}
	return string(b)
}
