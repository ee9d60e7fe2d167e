// Package match finds, on one page, the sentences that state a known claim or
// denial, and lists every other outlet's version of each.
//
// Matching reads the page twice. The first pass scores every page sentence
// against the few corpus sentences the index proposes for it: a soft overlap
// of their weighted terms, with the words that the whole neighbourhood shares
// damped (index.Damping), plus a little for distinctive wording kept
// word for word. A score falls when the sentence lacks what the claim's
// versions agree on (its core), when a plain assertion meets a denial, and
// when the two speakers are different countries; a sentence that does not
// read as the candidate's kind must share what its version says, not only
// who said it and when. A page never states a claim first made weeks after
// it came out (a page dated before the story tells an earlier event in the
// same words). Most candidates share only common words with the
// sentence: their mutual coverage plus the phrase bonus they earn (read
// before their weights are damped), an upper bound of their score,
// already misses the floor, and they are dropped before the rest is
// computed. A sentence's stance and speaker only lower a
// score, so they are read only once a candidate reaches the floor without
// them: on a page unrelated to the corpus, almost never.
//
// The second pass reads the page as a whole: a page tells one story, so the
// corpus articles that many of its sentences match well (its affinity) lift
// the weaker matches into the same articles, and versions published a month
// away from the page are lowered. A sentence is flagged with its best claim
// when that clears one bar and beats every rival claim by a margin; two
// statements that fit a sentence equally well mean it is about their shared
// topic, not that it states either. That keeps a lone look-alike sentence on
// an unrelated page unflagged, while a reworded sentence on a page that
// retells a corpus story is still found. The page's own sentences help each
// other: a claim one of them states clearly clears a lower bar elsewhere on
// the page, and a headline takes the claim of its lead when that fits it
// nearly as well. Only claims and denials are flagged: a sentence that best
// matches background states nothing worth flagging. The page's own article,
// and copies of it, never count as versions.
//
// Flags carry where the sentence sits in the analyzed text (a text-quote
// selector and a position in UTF-16 code units, the unit of JavaScript
// strings) so the extension can anchor them in the live page.
package match

import (
	"math"
	"slices"
	"strings"
	"sync"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/retold/retold/shared/fingerprint"
	"github.com/retold/retold/shared/index"
	"github.com/retold/retold/shared/intake"
	"github.com/retold/retold/shared/lexicon"
	"github.com/retold/retold/shared/sentences"
	"github.com/retold/retold/shared/stance"
)

// Thresholds of the page side, in one place.
const (
	minKeys          = 3    // fewer content keys: a fragment, not a statement
	minSaid          = 2    // a match sharing fewer words of what was said rests on who said it
	maxSentenceBytes = 2000 // longer: a list or a blob, not a sentence
	floorScore       = 0.30 // below this a candidate is not kept at all
	affinityScore    = 0.45 // a match this good counts towards its article's affinity
	flagAlone        = 0.42 // the bar a match clears, story bonus and date spread included
	storyBonus       = 0.15 // how much the page's story lifts its sentences when choosing
	pageSupport      = 0.08 // how much lower the bar is for a claim the page states elsewhere
	margin           = 0.03 // how far the chosen claim must beat a rival claim
	leadWindow       = 0.15 // how far below the best claim a headline may take its lead's
	coreWeight       = 0.5  // how much of a score depends on carrying the claim's core
	phraseBonus      = 0.15 // what sharing distinctive wording word for word adds to a score
	phraseScale      = 20   // the shared phrase weight that earns the whole bonus
	dateSpread       = 0.10 // how much a version published a month or more from the page is lowered
	laterEvent       = 14   // days: a claim first made this long after the page came out is not on it
	claimAsDenial    = 0.75 // a page claim read as a denial keeps this share of its score
	contextAsDenial  = 0.75 // so does a page sentence that neither asserts nor denies
	otherSpeaker     = 0.7  // a match whose speaker is another country's keeps this share
	denialAsClaim    = 0.9  // a page denial read as the claim it denies (it restates it) keeps this
	ownResemblance   = 0.8  // a page this close to an article is that article
	alsoShare        = 0.9  // another claim's sentence this close to the best version is listed too
	contextChars     = 32   // prefix and suffix length of a quote selector, in runes
	maxPageBytes     = 4 << 20
)

// Result is what Analyze finds on one page.
type Result struct {
	Page  string   `json:"page"`
	Flags []Flag   `json:"flags"`
	Needs []string `json:"needs,omitempty"` // language packs the page needs that are not loaded (xlang.go)
}

// Flag is one page sentence that states a known claim or denial. Its JSON is
// the one schema the CLI, the extension and the Worker share
// (docs/flag-schema.md).
type Flag struct {
	Text     string    `json:"text"`
	Kind     string    `json:"kind"`
	Claim    string    `json:"claim"`
	Speaker  string    `json:"speaker"`
	Score    float64   `json:"score"`
	Versions []Version `json:"versions"`
	Counter  *Counter  `json:"counter,omitempty"`
	Selector Selector  `json:"selector"`
	Position Position  `json:"position"`
	// PagePosition is where the sentence sits in the HTML page's text, when
	// the page was HTML and the sentence maps back (docs/flag-schema.md).
	PagePosition *Position `json:"page_position,omitempty"`
}

// Version is one corpus article's wording of the flagged claim.
type Version struct {
	Source   string  `json:"source"`
	Outlet   string  `json:"outlet"`
	URL      string  `json:"url"`
	Date     string  `json:"date"`
	Lang     string  `json:"lang"`
	Text     string  `json:"text"`
	Score    float64 `json:"score"`
	Earliest bool    `json:"earliest,omitempty"`
}

// Counter is the other side of a flag: the denial of a flagged claim, or the
// claim a flagged denial denies.
type Counter struct {
	Claim   string `json:"claim"`
	Kind    string `json:"kind"`
	Speaker string `json:"speaker"`
	Text    string `json:"text"`
}

// Selector is a text-quote selector: the exact text with a little context.
type Selector struct {
	Exact  string `json:"exact"`
	Prefix string `json:"prefix"`
	Suffix string `json:"suffix"`
}

// Position is where the sentence sits in the analyzed text, in UTF-16 code
// units.
type Position struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

type candidate struct {
	sentence int32
	score    float32
}

type pageSentence struct {
	s     sentences.Sentence
	kind  stance.Kind
	when  string            // when what it tells happened
	print fingerprint.Print // damped
	damp  index.Damping
	cands []candidate
}

// Analyze flags the sentences of page that state claims or denials of x.
func Analyze(x *index.Index, page intake.Article) Result {
	res := Result{Page: page.ID, Flags: []Flag{}}
	text := page.Text
	if len(text) > maxPageBytes {
		text = text[:maxPageBytes]
	}
	if len(x.Sentences) == 0 || strings.TrimSpace(text) == "" {
		return res
	}
	own := &ownCheck{x: x, page: page, text: text}
	pl := pageLanguage(text, &res)
	b := barsFor(pl) // xlang.go
	// The buffers pass 1 reuses from sentence to sentence come from the
	// page before (pass1Pool), and so does the page's array of terms;
	// nothing a result keeps points into them. The sentences that come
	// near a claim keep their prints, dampings, damped weights and
	// candidates in its rooms until the page is done.
	w := pass1Pool.Get().(*pass1)
	own.room = &w.sk
	doc := lexicon.TermsLangIn(w.doc, text, pl)
	readCognates(x, doc, pl) // xlang_cognate.go

	// Pass 1: every sentence against its candidates.
	affinity := make(map[int32]float32)
	ps := w.ps[:0]
	buf := w.buf          // a candidate's damped weights, scored and dropped
	links := &w.links     // a candidate's links with the sentence
	kl := &w.kl           // the sentence's links with the dictionary's keys
	var ts []lexicon.Term // a sentence's terms: a window of doc's ...
	tbuf := w.ts[:0]      // ... or a copy, its deictic keys resolved
	best := w.best[:0]    // a sentence's best score per article, for affinity
	found := w.found[:0]  // its candidates
	keys := w.keys[:0]    // its content keys
	saidIDs := w.said[:0] // the dictionary ids of those that say what was stated
	pk := &w.pk
	pk.x = x
	defer func() {
		w.buf, w.ts, w.best, w.found, w.keys, w.said, w.ps, w.doc = buf, tbuf, best, found, keys, saidIDs, ps, doc
		w.release()
	}()
	var lastSpeaker string  // the last speaker read ...
	var lastActors []string // ... and its index.Actors
	actorsRead := false
	all := sentences.Split(text)
	readings := readingChain{sents: all, lang: pl}
	for i, s := range all {
		if len(s.Text) > maxSentenceBytes {
			continue
		}
		var copied bool
		ts, copied = lexicon.ResolveCopy(tbuf, termsIn(doc, s.Start, s.End), doc)
		if copied {
			tbuf = ts
		}
		keys = fingerprint.AppendContentKeys(keys[:0], ts)
		if len(keys) < b.minKeys {
			continue
		}
		// Most sentences share too little with the corpus for any
		// candidate to reach the floor: they are known before their
		// print is made (pagekeys.go).
		pk.load(keys)
		if !pk.mayReach(b.floor) {
			continue
		}
		p := w.prints.FromInfo(keys, pk.infos)
		var r stance.Reading // read when a candidate comes near the floor
		var speaker []string
		read := false
		best = best[:0]
		found = x.CandidatesIDs(found, &p, pk.ids)
		damp := x.DampingFrom(&w.damps, found)
		pd := x.DampedIDsIn(room(&w.weights, len(p.Keys)), &p, pk.ids, damp)
		cands := room(&w.cands, len(found))
		x.KeyLinks(kl, &pd, pk.ids)
		for _, c := range found {
			// Most candidates share a few common words and fall far short:
			// their mutual coverage plus the whole phrase bonus, an upper
			// bound of their score, already misses the floor. Most miss it
			// on how much of the sentence they cover, A, alone (the mutual
			// coverage is at most 2A/(1+A)), known before their own weights
			// are damped (fingerprint.Links), through the sentence's
			// links with the dictionary (index.KeyLinks).
			covA := x.Link(links, kl, &pd, c.Sentence)
			if 2*covA/(1+covA)+phraseBonus+boundSlack < b.floor {
				continue
			}
			// Then with the bonus the candidate earns, not the whole: the
			// phrases it shares are its print's pairs, which damping
			// leaves as they are, weighed by the damped sentence's
			// weights, so it is known before its weights are damped.
			ph := phraseOf(&pd, x.Print(c.Sentence))
			if 2*covA/(1+covA)+ph+boundSlack < b.floor {
				continue
			}
			cd, mutual := x.DampedMutualIn(buf, links, &pd, covA, c.Sentence, damp)
			buf = cd.W
			if mutual+ph < b.floor {
				continue
			}
			// The sentence's stance and speaker only lower a score (kindFit
			// and otherSpeaker are at most 1): a candidate that misses the
			// floor without them misses it with them, and the page's
			// sentences are read (the chain back to the last one read) only
			// for one that does not.
			sc := scoreWith(&pd, &cd, mutual, ph)
			if sc < b.floor {
				continue
			}
			if !read {
				r, read = readings.at(i), true
				// A page's sentences mostly share a few speakers (a
				// pronoun takes the one before): the last one's actors
				// are kept.
				if r.Speaker != lastSpeaker || !actorsRead {
					lastSpeaker, lastActors, actorsRead = r.Speaker, index.Actors(r.Speaker), true
				}
				speaker = lastActors
				if b.frames {
					saidIDs = said(saidIDs[:0], text, ts, speaker, keys, pk.ids)
				}
			}
			fit := kindFit(r.Kind, x.Claims[x.Sentences[c.Sentence].Claim].Kind)
			sc *= fit
			if disjoint(speaker, x.SpeakerActors(c.Sentence)) {
				sc *= otherSpeaker
			}
			if sc < b.floor || index.Precedes(page.Date, firstTold(x, x.Sentences[c.Sentence].Claim), laterEvent) {
				continue
			}
			// A sentence whose own stance is not the candidate's kind can
			// state it only through what was said, never through who said
			// it and when alone.
			if b.frames && fit < 1 && sharesSaid(saidIDs, x.Sentences[c.Sentence].Keys) < minSaid {
				continue
			}
			// Whether the page is this article is asked only of the few
			// candidates that count: the first asking reads the whole page.
			art := x.Sentences[c.Sentence].Article
			if own.is(art) {
				continue
			}
			cands = append(cands, candidate{c.Sentence, sc})
			best = keepBest(best, art, sc)
		}
		if len(cands) == 0 { // the next sentence takes the room it had
			w.damps.Drop(damp)
			w.prints.Drop(&p)
			continue
		}
		w.weights = w.weights[:len(w.weights)+len(pd.W)]
		w.cands = w.cands[:len(w.cands)+len(cands)]
		withCores(x, links, kl, cands, &pd, damp)
		for _, a := range best {
			if a.score >= b.affinity {
				affinity[a.art] += a.score
			}
		}
		ps = append(ps, pageSentence{s: s, kind: r.Kind, when: index.EventDate(s.Text, page.Date), print: pd, damp: damp, cands: cands})
	}
	if len(ps) == 0 {
		return res // nothing came near a claim: no page-wide reading to do
	}
	var top float32
	for _, a := range affinity {
		top = max(top, a)
	}

	// Pass 2: choose each sentence's claim with the page's story in view,
	// twice. A page that states a claim says it more than once (the
	// headline, the lead, a quote), so the second time a sentence whose best
	// claim another sentence of the page states clearly clears a lower bar,
	// and a headline leans on its lead.
	if b.order > 0 {
		inOrder(x, b, ps, affinity, top) // xlang_order.go
	}
	u16 := newUTF16Index(text)
	chosen := make([]int32, len(ps))
	fits := make([]int32, len(ps)) // each sentence's best claim, whether it clears the bar or not
	stated := map[int32]bool{}
	for i := range ps {
		chosen[i], fits[i] = -1, -1
		ch, _, ok := choose(x, b, ps[i].when, ps[i].kind, ps[i].cands, affinity, top, b.alone, -1)
		if ch >= 0 && x.Claims[ch].Kind != stance.Context {
			fits[i] = ch
		}
		if ok && x.Claims[ch].Kind != stance.Context {
			chosen[i] = ch
			stated[ch] = true
		}
	}
	for i := range ps {
		ch, sc, ok := choose(x, b, ps[i].when, ps[i].kind, ps[i].cands, affinity, top, b.alone-pageSupport, leadOf(ps, fits, i))
		if !ok || x.Claims[ch].Kind == stance.Context || chosen[i] != ch && !stated[ch] {
			continue
		}
		res.Flags = append(res.Flags, makeFlag(x, text, u16, &ps[i], ch, sc, own))
	}
	return res
}

// pass1 is the buffers pass 1 reuses from sentence to sentence, kept in
// pass1Pool from page to page: a page's sentences, and the pages after
// it, need about the same room.
type pass1 struct {
	doc   []lexicon.Term // the page's terms
	buf   []float32
	links fingerprint.Links
	kl    index.KeyLinks
	ts    []lexicon.Term
	best  []artScore
	found []index.Candidate
	keys  []string
	said  []int32
	pk    pageKeys
	sk    fingerprint.LazySketch // the page's, once ownCheck asks (ownCheck.room)
	// The rooms of the sentences pass 2 reads: each kept sentence's
	// arrays follow the last one's.
	ps      []pageSentence
	prints  fingerprint.Room
	damps   index.DampingRoom
	weights []float32
	cands   []candidate
}

// room returns the unused room after *s's elements for n more, with no
// room beyond (a new array, twice as large, when *s lacks it; what was
// made in the old one keeps it). A caller that keeps what it put there
// moves *s's end past it.
func room[T any](s *[]T, n int) []T {
	if cap(*s)-len(*s) < n {
		*s = make([]T, 0, max(2*cap(*s), n, 256))
	}
	l := len(*s)
	return (*s)[l : l : l+n]
}

var pass1Pool = sync.Pool{New: func() any { return new(pass1) }}

// maxKeptTerms is the longest array of a page's terms pass1Pool keeps
// (48 bytes a term: 3 MB), a long article's several times over.
const maxKeptTerms = 1 << 16

// release puts w back in the pool, holding no strings of the page.
func (w *pass1) release() {
	// The page's terms are cleared as far as it wrote them (the page
	// before cleared its own); a very long page's array is not kept.
	clear(w.doc)
	w.doc = w.doc[:0]
	if cap(w.doc) > maxKeptTerms {
		w.doc = nil
	}
	clear(w.ts[:cap(w.ts)])
	clear(w.keys[:cap(w.keys)])
	clear(w.ps)
	w.ps = w.ps[:0]
	w.prints.Reset()
	w.damps.Reset()
	w.weights, w.cands = w.weights[:0], w.cands[:0]
	w.pk.x = nil
	w.sk.Reset("")
	pass1Pool.Put(w)
}

// readingChain reads the stance of a page's sentences on demand. Each
// sentence is read with the reading of the one before it (a pronoun takes
// its speaker), so reading sentence i reads all before it that are not yet
// read; a page none of whose sentences comes near a claim reads none.
type readingChain struct {
	sents []sentences.Sentence
	lang  string
	next  int            // the first sentence not yet read
	prev  stance.Reading // the reading of sentence next-1
}

// at returns the reading of sentence i, which must not be longer than
// maxSentenceBytes (a longer one, a list or a blob, is not read, and the
// sentence after it starts afresh).
func (c *readingChain) at(i int) stance.Reading {
	for ; c.next <= i; c.next++ {
		s := c.sents[c.next]
		if len(s.Text) > maxSentenceBytes {
			c.prev = stance.Reading{}
			continue
		}
		c.prev = stance.Read(sentences.Fold(stanceText(s.Text, c.lang)), c.prev)
	}
	return c.prev
}

// termsIn returns the terms of the page that lie within [start, end), a
// window of doc: the page is tokenized once, not once more per sentence,
// and a sentence's terms are copied only to be rewritten
// (lexicon.ResolveCopy).
func termsIn(doc []lexicon.Term, start, end int) []lexicon.Term {
	i, _ := slices.BinarySearchFunc(doc, start, func(t lexicon.Term, off int) int { return t.Start - off })
	j := i
	for j < len(doc) && doc[j].End <= end {
		j++
	}
	return doc[i:j:j]
}

// artScore is an article's best candidate score for one page sentence.
type artScore struct {
	art   int32
	score float32
}

// keepBest records sc for art in best, a short list (a sentence's
// candidates come from a few articles), keeping each article's highest.
func keepBest(best []artScore, art int32, sc float32) []artScore {
	for i := range best {
		if best[i].art == art {
			best[i].score = max(best[i].score, sc)
			return best
		}
	}
	return append(best, artScore{art, sc})
}

// choose picks the claim a sentence of stance kind states, if any: the claim whose best
// candidate score, lifted by its article's share of the page's story and
// lowered by the time between the events the two tell, is best, if that clears the
// bar and beats every rival claim by a margin. Two different statements that
// fit a sentence about equally well mean the sentence is about their shared
// topic, not that it states either: the look-alike of a known claim, or a
// sentence that mentions all the story's actors, is left unflagged.
//
// A headline says in short what its page's lead says at length: for a
// headline, lead is the claim the lead states (else -1), and when that claim
// fits the headline nearly as well as the best one, it is the headline's
// claim, and no look-alike rival keeps it unflagged.
func choose(x *index.Index, b bars, date string, kind stance.Kind, cands []candidate, affinity map[int32]float32, top, bar float32, lead int32) (int32, float32, bool) {
	bestClaim, bestAdj, bestScore := int32(-1), float32(-1), float32(0)
	claimAdj := map[int32]float32{}
	claimScore := map[int32]float32{}
	for _, c := range cands {
		art := x.Sentences[c.sentence].Article
		rel := float32(0)
		if top > 0 {
			rel = affinity[art] / top
		}
		adj := c.score + b.story*rel - dateSpread*spread(date, x.Sentences[c.sentence].When)
		cl := x.Sentences[c.sentence].Claim
		if a, ok := claimAdj[cl]; !ok || adj > a {
			claimAdj[cl], claimScore[cl] = adj, c.score
		}
	}
	for cl, adj := range claimAdj {
		if adj > bestAdj || adj == bestAdj && cl < bestClaim {
			bestClaim, bestAdj, bestScore = cl, adj, claimScore[cl]
		}
	}
	if bestClaim < 0 {
		return -1, 0, false
	}
	// A claim and a denial often share their words (a denial restates what
	// it denies); when one of each fits about equally, the sentence's own
	// stance says which it states, and only claims of that kind compete.
	if x.Claims[bestClaim].Kind != kind && kind != stance.Context {
		alt, altAdj := int32(-1), float32(-1)
		for cl, adj := range claimAdj {
			if x.Claims[cl].Kind == kind && (adj > altAdj || adj == altAdj && cl < alt) {
				alt, altAdj = cl, adj
			}
		}
		// A claim and its own denial say the same words by design: between
		// the two, the sentence's stance decides however the scores fall.
		if ctr := x.Claims[bestClaim].Counter; ctr >= 0 && x.Claims[ctr].Kind == kind {
			if a, ok := claimAdj[ctr]; ok {
				alt, altAdj = ctr, a
			}
		}
		if alt >= 0 && (bestAdj-altAdj < b.margin || alt == x.Claims[bestClaim].Counter) {
			bestClaim, bestAdj, bestScore = alt, altAdj, claimScore[alt]
		}
	}
	if a, ok := claimAdj[lead]; ok && lead >= 0 && x.Claims[lead].Kind == x.Claims[bestClaim].Kind && bestAdj-a < leadWindow {
		return lead, claimScore[lead], a >= bar
	}
	for cl, adj := range claimAdj {
		if cl == bestClaim || !rival(x, bestClaim, cl) {
			continue
		}
		if x.Claims[cl].Kind != x.Claims[bestClaim].Kind && x.Claims[bestClaim].Kind == kind {
			continue // the other kind lost on stance above
		}
		if bestAdj-adj < b.margin {
			return bestClaim, bestScore, false
		}
	}
	return bestClaim, bestScore, bestAdj >= bar
}

// leadOf returns, for a page headline, the claim that fits its lead best
// (the first sentence after it that is not a headline), whether or not the
// lead clears the bar itself; -1 for any other sentence.
func leadOf(ps []pageSentence, chosen []int32, i int) int32 {
	if !ps[i].s.Heading {
		return -1
	}
	for j := i + 1; j < len(ps); j++ {
		if !ps[j].s.Heading {
			return chosen[j]
		}
	}
	return -1
}

// rival reports whether claim b competes with claim a for a sentence: it is a
// claim or a denial, and not the other side of a (a denial restates the claim
// it denies, so the two are expected to score alike). Background never
// competes: a sentence often adds context to what it states.
func rival(x *index.Index, a, b int32) bool {
	ca, cb := &x.Claims[a], &x.Claims[b]
	if ca.Counter == b || cb.Counter == a {
		return false
	}
	return cb.Kind != stance.Context
}

// withCores weighs each candidate by how much of its claim's core the page
// sentence carries. A claim that several articles tell has a core, the words
// most of its versions share; a sentence that matches one version's extra
// details but not what the outlets agree on states something else.
//
// The sentence's links with the dictionary, kl, tell how much of a core it
// carries (index.CoreCarried); links is room for the best links.
func withCores(x *index.Index, links *fingerprint.Links, kl *index.KeyLinks, cands []candidate, p *fingerprint.Print, damp index.Damping) {
	// Each claim's factor, in a list: a sentence has at most
	// index.Candidates' few dozen candidates, from fewer claims.
	type claimFactor struct {
		claim int32
		f     float32
	}
	var buf [16]claimFactor
	factors := buf[:0]
	for i := range cands {
		cl := x.Sentences[cands[i].sentence].Claim
		j := 0
		for j < len(factors) && factors[j].claim != cl {
			j++
		}
		if j == len(factors) {
			f := float32(1)
			if carried, ok := x.CoreCarried(links, kl, p, cl, damp); ok {
				f = 1 - coreWeight + coreWeight*carried
			}
			factors = append(factors, claimFactor{cl, f})
		}
		cands[i].score *= factors[j].f
	}
}

// said appends to dst the dictionary ids (ids, parallel to keys) of the
// content keys of a sentence (terms ts, in text) that say what was stated
// rather than who stated it, when or through what: neither the speaker's
// actors nor framing words (stance.Framing). A sentence saying that the
// state news agency KCNA ran a statement on Friday names its source, and
// shares all its words with a sentence that quotes the statement, yet
// states nothing of it.
func said(dst []int32, text string, ts []lexicon.Term, speaker, keys []string, ids []int32) []int32 {
	for j, k := range keys {
		if ids[j] < 0 {
			continue // no corpus sentence shares it
		}
		for _, t := range ts {
			if t.Key != k || t.Stop {
				continue
			}
			if t.Kind == lexicon.Entity && slices.Contains(speaker, k) ||
				t.Kind == lexicon.Word && stance.Framing(strings.ToLower(text[t.Start:t.End])) {
				continue
			}
			dst = append(dst, ids[j])
			break
		}
	}
	return dst
}

// sharesSaid counts the keys of a corpus sentence that are among a page
// sentence's said keys.
func sharesSaid(said, keys []int32) int {
	n := 0
	for _, k := range keys {
		if slices.Contains(said, k) {
			n++
		}
	}
	return n
}

// firstTold is the date of the earliest event a version of claim cl tells:
// later articles recall a claim, so a page may state it before most of its
// versions came out, but not before it was first made.
func firstTold(x *index.Index, cl int32) string {
	first := ""
	for _, v := range x.Claims[cl].Versions {
		if w := x.Sentences[v].When; w != "" && (first == "" || w < first) {
			first = w // YYYY-MM sorts before the days of its month
		}
	}
	return first
}

// kindFit is how far a page sentence read as page can state a claim of kind
// claim: a sentence that asserts rarely states a denial, nor does one with no
// stance at all (a denial is always worded as one), while a denial often
// restates the claim it denies.
func kindFit(page, claim stance.Kind) float32 {
	switch {
	case page == stance.Claim && claim == stance.Denial:
		return claimAsDenial
	case page == stance.Denial && claim == stance.Claim:
		return denialAsClaim
	case page == stance.Context && claim == stance.Denial:
		return contextAsDenial
	}
	return 1
}

// disjoint reports whether two speakers both name actors and share none: the
// White House does not issue North Korea's denials.
func disjoint(a, b []string) bool {
	if len(a) == 0 || len(b) == 0 {
		return false
	}
	for _, k := range a {
		if slices.Contains(b, k) {
			return false
		}
	}
	return true
}

// spread is how far apart two publication dates are, from 0 (same day or
// unknown) to 1 (a month or more): the same words weeks apart are often
// another event.
func spread(a, b string) float32 {
	d, ok := index.DaysApart(a, b)
	if !ok {
		return 0
	}
	return min(float32(d)/30, 1)
}

// Score is how well corpus sentence c states what page sentence p states, in
// [0, 1].
func Score(p, c *fingerprint.Print) float32 {
	return scoreFrom(p, c, fingerprint.Mutual(p, c))
}

// scoreFrom is Score given the prints' fingerprint.Mutual, which bounds it
// from above with the phrase bonus (phraseOf) added.
func scoreFrom(p, c *fingerprint.Print, mutual float32) float32 {
	return scoreWith(p, c, mutual, phraseOf(p, c))
}

// scoreWith is scoreFrom given the phrase bonus too.
func scoreWith(p, c *fingerprint.Print, mutual, phrase float32) float32 {
	sim := fingerprint.SimilarityFrom(p, c, mutual)
	sim += phrase
	return min(sim, 1)
}

// phraseOf is what sharing distinctive wording with corpus sentence c adds
// to page sentence p's score, at most phraseBonus. It reads c's pairs of
// keys and p's weights, so c's undamped print gives the damped one's.
func phraseOf(p, c *fingerprint.Print) float32 {
	return phraseBonus * min(1, fingerprint.SharedPhrases(p, c)/phraseScale)
}

func makeFlag(x *index.Index, text string, u16 utf16Index, ps *pageSentence, ch int32, sc float32, own *ownCheck) Flag {
	c := &x.Claims[ch]
	s := ps.s
	f := Flag{
		Text:     sentences.Fold(s.Text),
		Kind:     c.Kind.String(),
		Claim:    c.ID,
		Speaker:  c.Speaker,
		Score:    round(sc),
		Selector: selector(text, s.Start, s.End),
		Position: Position{u16.at(s.Start), u16.at(s.End)},
	}
	if ps, pe, ok := own.page.PagePosition(s.Start, s.End); ok {
		f.PagePosition = &Position{ps, pe}
	}
	// Every version of the claim, scored against this page sentence: the
	// candidates already carry most of the scores.
	known := map[int32]float32{}
	for _, cd := range ps.cands {
		known[cd.sentence] = cd.score
	}
	// One version per article, its sentence that best states what the page
	// sentence does: an outlet that tells the claim in its headline and
	// again in its lead worded it once, and the page's own words decide
	// which wording to show.
	at := map[int32]int{} // article -> its entry in f.Versions
	versionsOf := func(c *index.Claim) {
		for _, v := range c.Versions {
			sv := &x.Sentences[v]
			if own.is(sv.Article) {
				continue
			}
			score, ok := known[v]
			if !ok {
				vd := x.DampedPrint(v, ps.damp)
				score = Score(&ps.print, &vd)
			}
			ver := versionOf(x, sv, score)
			if i, ok := at[sv.Article]; ok {
				if ver.Score > f.Versions[i].Score {
					f.Versions[i] = ver
				}
				continue
			}
			at[sv.Article] = len(f.Versions)
			f.Versions = append(f.Versions, ver)
		}
	}
	versionsOf(c)
	bestFirst(f.Versions)
	claimed := len(f.Versions)
	// A claim its article goes on with in the next sentence tells the same
	// statement: its versions from articles not listed yet follow.
	if c.Joint >= 0 {
		versionsOf(&x.Claims[c.Joint])
		bestFirst(f.Versions[claimed:])
		claimed = len(f.Versions)
	}
	// Other articles' sentences that state what this one does about as well
	// as the claim's best version are versions too, though the index filed
	// them apart (a restatement weeks later, a loose translation). What was
	// said a month away from the page's event is held to the same lowered
	// score as when the claim was chosen: a denial in December and another in
	// January share their words, not their event. They follow the claim's
	// own versions: the flag names the claim, and its first version is the
	// claim's best wording.
	var top float32
	for _, v := range f.Versions {
		top = max(top, float32(v.Score))
	}
	for _, cd := range ps.cands {
		sv := &x.Sentences[cd.sentence]
		adj := cd.score - dateSpread*spread(ps.when, sv.When)
		if _, listed := at[sv.Article]; listed || sv.Claim == ch || x.Claims[sv.Claim].Kind != c.Kind || own.is(sv.Article) ||
			adj < flagAlone || adj < alsoShare*top {
			continue
		}
		at[sv.Article] = len(f.Versions)
		f.Versions = append(f.Versions, versionOf(x, sv, cd.score))
	}
	bestFirst(f.Versions[claimed:])
	markEarliest(f.Versions)
	if c.Counter >= 0 {
		o := &x.Claims[c.Counter]
		f.Counter = &Counter{Claim: o.ID, Kind: o.Kind.String(), Speaker: o.Speaker, Text: x.Opening(c.Counter)}
	}
	return f
}

// versionOf is corpus sentence sv as a version, scored against the page
// sentence.
func versionOf(x *index.Index, sv *index.Sentence, score float32) Version {
	a := &x.Articles[sv.Article]
	return Version{
		Source: a.ID, Outlet: a.Outlet, URL: a.URL, Date: a.Date, Lang: a.Lang,
		Text: sv.Text, Score: round(score),
	}
}

// ownCheck tells which corpus articles are the page itself: the same id or
// url, or the same text. It answers for the articles the page's candidates
// come from, as they come, so its cost does not grow with the corpus.
type ownCheck struct {
	x    *index.Index
	page intake.Article
	text string
	sk   *fingerprint.LazySketch
	room *fingerprint.LazySketch // where to make sk: pass1's, kept from page to page
	seen []ownArt                // the articles answered, while they are few
	memo map[int32]bool
}

// ownArt is an article ownCheck has answered for.
type ownArt struct {
	art int32
	own bool
}

// maxOwnList is how many answers ownCheck lists before it keeps them in
// a map: a page's candidates come from a few articles, and a short list
// is read faster than a map.
const maxOwnList = 32

func (o *ownCheck) is(art int32) bool {
	for _, s := range o.seen {
		if s.art == art {
			return s.own
		}
	}
	if v, ok := o.memo[art]; ok {
		return v
	}
	a := &o.x.Articles[art]
	own := o.page.ID != "" && (a.ID == o.page.ID || slices.Contains(a.Aliases, o.page.ID)) ||
		o.page.URL != "" && sameURL(a.URL, o.page.URL)
	if !own {
		if o.sk == nil {
			o.sk = o.room
			if o.sk == nil {
				o.sk = new(fingerprint.LazySketch)
			}
			o.sk.Reset(o.text)
		}
		own = o.sk.AtLeast(&a.Sketch, ownResemblance)
	}
	if len(o.seen) < maxOwnList {
		o.seen = append(o.seen, ownArt{art, own})
	} else {
		if o.memo == nil {
			o.memo = map[int32]bool{}
		}
		o.memo[art] = own
	}
	return own
}

func sameURL(a, b string) bool {
	norm := func(u string) string {
		u = strings.TrimSpace(strings.ToLower(u))
		u = strings.TrimPrefix(strings.TrimPrefix(u, "https://"), "http://")
		u = strings.TrimPrefix(u, "www.")
		if i := strings.IndexAny(u, "?#"); i >= 0 {
			u = u[:i]
		}
		return strings.TrimSuffix(u, "/")
	}
	return a != "" && norm(a) == norm(b)
}

func selector(text string, start, end int) Selector {
	pre := text[:start]
	for n := 0; n < contextChars && len(pre) > 0; n++ {
		_, size := utf8.DecodeLastRuneInString(pre)
		pre = pre[:len(pre)-size]
	}
	suf := text[end:]
	cut := 0
	for n := 0; n < contextChars && cut < len(suf); n++ {
		_, size := utf8.DecodeRuneInString(suf[cut:])
		cut += size
	}
	return Selector{Exact: text[start:end], Prefix: text[len(pre):start], Suffix: suf[:cut]}
}

// utf16Index converts byte offsets of a text to UTF-16 offsets, the unit of
// JavaScript strings. It remembers the count at one rune about every 256
// bytes, so a lookup decodes at most one block.
type utf16Index struct {
	text  string
	at256 []mark // at256[k]: the first rune starting at or after byte 256k
}

type mark struct{ byteOff, units int }

func newUTF16Index(text string) utf16Index {
	u := utf16Index{text: text}
	n := 0
	for i, r := range text {
		for len(u.at256) <= i/256 {
			u.at256 = append(u.at256, mark{i, n})
		}
		n += max(1, utf16.RuneLen(r))
	}
	return u
}

func (u utf16Index) at(off int) int {
	if off <= 0 || len(u.at256) == 0 {
		return 0
	}
	m := u.at256[min(off/256, len(u.at256)-1)]
	i, n := m.byteOff, m.units
	for i < off && i < len(u.text) {
		r, size := utf8.DecodeRuneInString(u.text[i:])
		n += max(1, utf16.RuneLen(r))
		i += size
	}
	return n
}

// bestFirst orders versions by score, best first, keeping the order of ties.
func bestFirst(vs []Version) {
	slices.SortStableFunc(vs, func(a, b Version) int {
		switch {
		case a.Score > b.Score:
			return -1
		case a.Score < b.Score:
			return 1
		}
		return 0
	})
}

// markEarliest marks the version published first among those listed (the
// first of them on a tie; versions without a date are never earliest): the
// reader sees one list, so "earliest" is over that list, not over the claim.
func markEarliest(vs []Version) {
	e := -1
	for i := range vs {
		if vs[i].Date != "" && (e < 0 || vs[i].Date < vs[e].Date) {
			e = i
		}
	}
	if e >= 0 {
		vs[e].Earliest = true
	}
}

func round(v float32) float64 { return math.Round(float64(v)*1000) / 1000 }
