package index

// Lookup: what the matcher asks of a loaded index. Prints and cores are made
// on first use; candidate lookup reads a bounded number of postings.

import (
	"math"
	"slices"
	"strings"

	"github.com/retold/retold/shared/fingerprint"
	"github.com/retold/retold/shared/lexicon"
	"github.com/retold/retold/shared/memo"
)

// Core returns claim c's core: the keys that most of its versions share,
// the claim's substance, which a sentence must carry to state
// it. A claim told by one article alone has no core (nil).
func (x *Index) Core(c int32) *fingerprint.Print {
	if p := &x.coreOf(c).p; p.Len() > 0 {
		return p
	}
	return nil
}

// DampedCore is Core(c) damped by d; ok is false when c has no core.
func (x *Index) DampedCore(c int32, d Damping) (p fingerprint.Print, ok bool) {
	kp := x.coreOf(c)
	if kp.p.Len() == 0 {
		return fingerprint.Print{}, false
	}
	return d.apply(kp, nil), true
}

func (x *Index) coreOf(c int32) *keyedPrint {
	p := x.cores[c].Load()
	if p == nil {
		p = x.core(&x.Claims[c])
		x.cores[c].Store(p) // a race builds it twice, harmlessly
	}
	return p
}

// keyedPrint is a print with the dictionary ids of its keys, so that
// damping it costs no string hashing.
type keyedPrint struct {
	p   fingerprint.Print
	ids []int32                // ids[i] is p.Keys[i]'s dictionary id, -1 if it has none
	ix  fingerprint.ClassIndex // a corpus sentence's (printOf): what a page sentence's is compared with
}

// keyed pairs p with the ids of its keys: hint when it lines up with p's
// keys (FromInfo drops repeated and empty keys), else the dictionary's.
func (x *Index) keyed(p fingerprint.Print, hint []int32) *keyedPrint {
	if len(hint) != len(p.Keys) {
		hint = make([]int32, len(p.Keys))
		for i, k := range p.Keys {
			id, ok := x.keyID.id(x.Keys, k)
			if !ok {
				id = -1
			}
			hint[i] = id
		}
	}
	return &keyedPrint{p: p, ids: hint}
}

// prepareCores makes room for the claims' cores, once the claims are known.
func (x *Index) prepareCores() {
	x.cores = make([]lazy[keyedPrint], len(x.Claims))
}

func (x *Index) core(c *Claim) *keyedPrint {
	articles := map[int32]bool{}
	count := map[int32]int{} // key id -> versions that use it
	var order []int32
	for _, v := range c.Versions {
		s := &x.Sentences[v]
		articles[s.Article] = true
		for _, k := range s.Keys {
			if count[k] == 0 {
				order = append(order, k)
			}
			count[k]++
		}
	}
	if len(articles) < 2 {
		return &keyedPrint{}
	}
	// Most versions, a headline as much as a lead, carry the core.
	var core []string
	var ids []int32
	for _, k := range order {
		if 2*count[k] >= len(c.Versions) && count[k] >= 2 {
			core = append(core, x.Keys[k])
			ids = append(ids, k)
		}
	}
	return x.keyed(fingerprint.FromKeys(core), ids)
}

// Actors returns the actor (entity) keys a speaker's name contains: "North
// Korea's foreign ministry" names North Korea, "John Kirby" names no actor.
// A state organ ("@kp.kcna", the lexicon's "<country>.<name>" ids) speaks
// for its country, so its country is named too.
func Actors(speaker string) []string {
	var out []string
	add := func(k string) {
		if !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	for _, t := range lexicon.Terms(speaker) {
		if t.Kind != lexicon.Entity {
			continue
		}
		add(t.Key)
		if country, _, organ := strings.Cut(t.Key, "."); organ {
			add(country)
		}
	}
	return out
}

// SpeakerActors returns Actors of sentence i's speaker.
func (x *Index) SpeakerActors(i int32) []string { return x.speakers[i] }

// Print returns the fingerprint of sentence i.
func (x *Index) Print(i int32) *fingerprint.Print { return &x.printOf(i).p }

// DampedPrint is x.Print(i) damped by d.
func (x *Index) DampedPrint(i int32, d Damping) fingerprint.Print { return d.apply(x.printOf(i), nil) }

// DampedPrintIn is DampedPrint with the damped weights written into buf's
// array when it has room: the print is valid until buf is used again. A
// loop that scores many candidates and keeps none allocates once.
func (x *Index) DampedPrintIn(buf []float32, i int32, d Damping) fingerprint.Print {
	return d.apply(x.printOf(i), buf)
}

// PrintIndex returns the fingerprint.ClassIndex of sentence i's print, for
// fingerprint.MutualIndexed.
func (x *Index) PrintIndex(i int32) *fingerprint.ClassIndex { return &x.printOf(i).ix }

func (x *Index) printOf(i int32) *keyedPrint {
	p := x.prints[i].Load()
	if p == nil {
		s := &x.Sentences[i]
		keys := make([]string, len(s.Keys))
		infos := make([]fingerprint.Info, len(s.Keys))
		for j, k := range s.Keys {
			keys[j], infos[j] = x.Keys[k], x.infos[k]
		}
		p = x.keyed(fingerprint.FromInfo(keys, infos), s.Keys)
		p.ix = p.p.ClassIndex()
		x.prints[i].Store(p) // a race builds it twice, harmlessly
	}
	return p
}

// Damping is the story damping of a lookup's candidates: fingerprint.DampingOf
// of their prints, each claim counted once (ten copies of one wire story are
// one neighbour, not ten, or they would damp away the very words they share
// with the sentence). It is kept by dictionary id in a small open-addressing
// table rather than in a map by key: every damped key is a corpus key, and
// building and reading a map of strings was most of what damping cost. Its
// zero value damps nothing.
//
// A small dictionary's damping is an array of factors by id instead (0:
// not damped), when that is no more than half the table's size: reading
// it is one load, and making it no probing.
type Damping struct {
	slots []dampSlot // a power of two long, at most half full; linear probing
	shift uint32     // 32 - log2(len(slots)): the hash's top bits pick the slot
	byID  []float32  // or the factor of every key id, 0 for a key not damped
}

// dampSlot is one damped key: its id plus one (0: an empty slot) and factor.
type dampSlot struct {
	id1 int32
	f   float32
}

// slot is where the probe for id starts: Fibonacci hashing.
func (d Damping) slot(id int32) int { return int(uint32(id) * 0x9e3779b9 >> d.shift) }

// probed is w times id's factor in d's table, w itself for a key not
// damped: small enough for the compiler to inline it in the walks over a
// print's keys (apply, applyCover), where a call per key cost WebAssembly
// more than the probe itself.
func (d *Damping) probed(id int32, w float32) float32 {
	mask := len(d.slots) - 1
	for s := d.slot(id); ; s = (s + 1) & mask {
		if e := d.slots[s]; e.id1 == id+1 {
			return w * e.f
		} else if e.id1 == 0 {
			return w
		}
	}
}

// Damping returns the damping of the neighbourhood cs.
func (x *Index) Damping(cs []Candidate) Damping { return x.DampingIn(Damping{}, cs) }

// DampingIn is Damping, reusing buf's table when it has room: a caller that
// drops most dampings (a page's sentences that match nothing) allocates
// one. buf must not be used afterwards.
func (x *Index) DampingIn(buf Damping, cs []Candidate) Damping {
	sc := x.scratch.Get().(*scratch)
	defer x.scratch.Put(sc)
	// The neighbours by sentence, not by print: a list of pointers made
	// while a collection marks is a write barrier each.
	ps := sc.neighbours[:0]
	ids := 0 // the neighbours' key ids, repeats included
	if len(x.Claims) > 0 {
		// Each claim once: a claim is counted when its generation stamp
		// is not this call's.
		sc.newClaims(len(x.Claims))
		for _, c := range cs {
			cl := x.Sentences[c.Sentence].Claim
			if sc.claimGen[cl] == sc.cgen {
				continue
			}
			sc.claimGen[cl] = sc.cgen
			ps = append(ps, c.Sentence)
			ids += len(x.printOf(c.Sentence).ids)
		}
	} else { // while grouping, every sentence is its own
		for _, c := range cs {
			ps = append(ps, c.Sentence)
			ids += len(x.printOf(c.Sentence).ids)
		}
	}
	sc.neighbours = ps
	if len(ps) == 0 {
		return Damping{}
	}
	// Each key's share of the neighbours, summed in the order DampingOf
	// sums it, so the factors are the same to the bit.
	share := 1 / float32(len(ps))
	if len(x.Keys) <= 2*ids { // 4 bytes a key against 8 a slot, about: at most half the table's size
		// Summed in the array itself, from 0 as DampingOf's map does,
		// then every sum made a factor: the array is at most twice as
		// long as the ids summed, and a key not met is still 0 (a
		// share is more than 0).
		d := Damping{byID: cleared(buf.byID, len(x.Keys))}
		for _, c := range ps {
			for _, id := range x.printOf(c).ids {
				if id >= 0 {
					d.byID[id] += share
				}
			}
		}
		for id, sum := range d.byID {
			if sum != 0 {
				d.byID[id] = fingerprint.DampFactor(sum)
			}
		}
		return d
	}
	sc.reset(len(x.Keys))
	for _, c := range ps {
		for _, id := range x.printOf(c).ids {
			if id >= 0 {
				sc.add(id, share)
			}
		}
	}
	bits := tableBits(len(sc.touched))
	d := Damping{slots: cleared(buf.slots, 1<<bits), shift: 32 - bits}
	mask := len(d.slots) - 1
	for _, id := range sc.touched {
		i := d.slot(id)
		for d.slots[i].id1 != 0 {
			i = (i + 1) & mask
		}
		d.slots[i] = dampSlot{id + 1, fingerprint.DampFactor(sc.acc[id])}
	}
	return d
}

// DampingRoom holds the arrays of dampings made one after another
// (DampingFrom), for a caller that keeps some of them for a while and
// then drops them all: a small dictionary's arrays of factors are carved
// from one, and a dropped table is reused. Its zero value is ready to
// use.
type DampingRoom struct {
	f     []float32
	slots []dampSlot // the last table dropped
}

// DampingFrom is Damping with its array or table in r's room, valid until
// r is Reset (or the damping is dropped).
func (x *Index) DampingFrom(r *DampingRoom, cs []Candidate) Damping {
	n := len(x.Keys)
	l := len(r.f)
	if cap(r.f)-l < n {
		r.f = make([]float32, 0, max(2*cap(r.f), n, 1024)) // the dampings made in the old one keep it
		l = 0
	}
	buf := Damping{byID: r.f[l : l : l+n], slots: r.slots}
	r.slots = nil
	d := x.DampingIn(buf, cs)
	switch {
	case d.byID != nil: // buf's window, which has the room
		r.f = r.f[:l+n]
		r.slots = buf.slots
	case d.slots == nil:
		r.slots = buf.slots
	}
	return d
}

// Drop gives back the room of d, the damping r made last, for the next.
func (r *DampingRoom) Drop(d Damping) {
	if d.byID != nil {
		r.f = r.f[:len(r.f)-len(d.byID)]
	} else if d.slots != nil {
		r.slots = d.slots
	}
}

// Reset gives back the room of every damping r made, which must no
// longer be used.
func (r *DampingRoom) Reset() { r.f = r.f[:0] }

// Damped returns a copy of p damped by d, p's keys looked up in the
// dictionary: for a print not taken from the index, such as a page's.
func (x *Index) Damped(p *fingerprint.Print, d Damping) fingerprint.Print {
	return d.apply(x.keyed(*p, nil), nil)
}

// apply returns a copy of kp's print with its weights damped, as
// fingerprint's Print.Damped does with a map, the weights in buf's array if
// it has room.
func (d Damping) apply(kp *keyedPrint, buf []float32) fingerprint.Print {
	q := kp.p
	if cap(buf) < len(kp.p.W) {
		buf = make([]float32, len(kp.p.W))
	}
	q.W = buf[:len(kp.p.W)]
	q.Total = 0
	if d.byID != nil {
		for i, id := range kp.ids {
			w := kp.p.W[i]
			if id >= 0 {
				if f := d.byID[id]; f != 0 {
					w *= f
				}
			}
			q.W[i] = w
			q.Total += w
		}
		return q
	}
	if len(d.slots) == 0 { // damps nothing
		for i, w := range kp.p.W[:len(kp.ids)] {
			q.W[i] = w
			q.Total += w
		}
		return q
	}
	for i, id := range kp.ids {
		w := kp.p.W[i]
		if id >= 0 {
			w = d.probed(id, w)
		}
		q.W[i] = w
		q.Total += w
	}
	return q
}

// DampedMutualIn is DampedPrintIn(buf, c, d) and l.Mutual(a, that print)
// at once, given covA, what x.Link(l, t, a, c) returned for the same l:
// one walk over c's keys damps their weights and sums how much of them a
// covers, and a's share is not summed again. The answers are the two
// calls', to the bit (TestKeyLinksLikeLink).
func (x *Index) DampedMutualIn(buf []float32, l *fingerprint.Links, a *fingerprint.Print, covA float32, c int32, d Damping) (fingerprint.Print, float32) {
	kp := x.printOf(c)
	_, bestB := l.Best()
	q, covB := d.applyCover(kp, buf, bestB)
	return q, l.MutualGiven(a, &q, covA, covB)
}

// applyCover is apply, also summing the damped weights by bestB, the
// best links of kp's keys, in the order fingerprint's Links.Mutual sums
// them.
func (d Damping) applyCover(kp *keyedPrint, buf, bestB []float32) (fingerprint.Print, float32) {
	q := kp.p
	n := len(kp.ids)
	if cap(buf) < n {
		buf = make([]float32, n)
	}
	q.W = buf[:n]
	q.Total = 0
	var cov float32
	ws, bestB := kp.p.W[:n], bestB[:n]
	switch {
	case d.byID != nil:
		for i, id := range kp.ids {
			w := ws[i]
			if id >= 0 {
				if f := d.byID[id]; f != 0 {
					w *= f
				}
			}
			q.W[i] = w
			q.Total += w
			cov += w * bestB[i]
		}
	case len(d.slots) == 0: // damps nothing
		for i, w := range ws {
			q.W[i] = w
			q.Total += w
			cov += w * bestB[i]
		}
	default:
		for i, id := range kp.ids {
			w := ws[i]
			if id >= 0 {
				w = d.probed(id, w)
			}
			q.W[i] = w
			q.Total += w
			cov += w * bestB[i]
		}
	}
	return q, cov
}

// Candidate is a sentence found by Candidates, with the weight of the query
// keys it shares.
type Candidate struct {
	Sentence int32
	Shared   float32
}

// Candidates returns the sentences most likely to state what p states, best
// first. It reads the postings of p's rarest keys first and stops after a
// fixed budget of postings, so its cost does not grow with the corpus: a key
// that half the corpus contains tells nothing a rarer one does not.
func (x *Index) Candidates(p *fingerprint.Print) []Candidate {
	cs, _ := x.lookup(nil, p, nil)
	return cs
}

// CandidatesIn is Candidates, the answer in buf's array when it has room.
func (x *Index) CandidatesIn(buf []Candidate, p *fingerprint.Print) []Candidate {
	cs, _ := x.lookup(buf, p, nil)
	return cs
}

// CandidatesIDs is CandidatesIn for a print whose keys' dictionary ids the
// caller has (ids[i] for p.Keys[i], -1 for none, as KeyInfo gives them);
// ids that do not line up with p's keys are looked up again.
func (x *Index) CandidatesIDs(buf []Candidate, p *fingerprint.Print, ids []int32) []Candidate {
	cs, _ := x.lookup(buf, p, ids)
	return cs
}

// LookupCost returns what Candidates(p) costs: how many candidates it
// returns (the ones the matcher then scores in full) and how many postings
// it reads to find them. The benchmark reports it.
func (x *Index) LookupCost(p *fingerprint.Print) (candidates, postingsExamined int) {
	cs, n := x.lookup(nil, p, nil)
	return len(cs), n
}

// postings is one key's posting list (x.exact[key], n long) and the
// weight a hit in it adds. It holds the key, not the list: an array of
// them with no pointers is neither scanned by the collector nor written
// behind a write barrier, a lookup making dozens.
type postings struct {
	key, n int32
	w      float32
}

// nearOf returns the dictionary keys other than key id that share one of
// its classes held by at most broadClass keys, each as often and in the
// order lookup's walk over the key's classes meets them: what that walk
// costs a map look-up per class to find, made once per key.
func (x *Index) nearOf(id int32) []int32 {
	if p := x.near[id].Load(); p != nil {
		return *p
	}
	var out []int32
	for _, c := range x.infos[id].Classes {
		ks := x.classKeys.of(c).keys
		if len(ks) > broadClass {
			continue
		}
		for _, k := range ks {
			if k != id && (x.distinct || x.Keys[k] != x.Keys[id]) {
				out = append(out, k)
			}
		}
	}
	x.near[id].Store(&out) // a race builds it twice, harmlessly
	return out
}

// lookup is Candidates; ids, when it lines up with p's keys, holds their
// dictionary ids (-1 for none), which it then need not look up.
func (x *Index) lookup(buf []Candidate, p *fingerprint.Print, ids []int32) ([]Candidate, int) {
	type list = postings
	sc := x.scratch.Get().(*scratch)
	defer x.scratch.Put(sc)
	lists := sc.lists[:0]
	if len(ids) != len(p.Keys) {
		ids = nil
	}
	for i, k := range p.Keys {
		var id int32
		ok := false
		if ids != nil {
			id = ids[i]
			ok = id >= 0
		} else {
			id, ok = x.keyID.id(x.Keys, k)
		}
		if ok {
			lists = append(lists, list{id, int32(len(x.exact[id])), p.W[i]})
			// A dictionary key holding the classes the index knows it by
			// (as a print made from KeyInfo does) has its class
			// neighbours listed once for every lookup.
			if cs, known := p.Classes[i], x.infos[id].Classes; len(cs) == len(known) && (len(cs) == 0 || &cs[0] == &known[0]) {
				for _, n := range x.nearOf(id) {
					lists = append(lists, list{n, int32(len(x.exact[n])), p.W[i] * 0.5})
				}
				continue
			}
		} else {
			id = -1 // no dictionary key is p's
		}
		for _, c := range p.Classes[i] {
			ks := x.classKeys.of(c).keys
			if len(ks) > broadClass {
				continue // too broad to point anywhere
			}
			for _, k := range ks {
				if k != id && (x.distinct || x.Keys[k] != p.Keys[i]) { // another key than p's
					lists = append(lists, list{k, int32(len(x.exact[k])), p.W[i] * 0.5})
				}
			}
		}
	}
	sc.order = shortestFirst(sc.order[:0], lists)
	sc.lists = lists
	sc.reset(len(x.Sentences))
	budget, examined := candidateBudget, 0
	for _, o := range sc.order {
		l := &lists[uint32(o)]
		if budget <= 0 {
			break
		}
		ids := x.exact[l.key][:min(int(l.n), budget)]
		budget -= len(ids)
		examined += len(ids)
		for _, id := range ids {
			sc.add(id, l.w)
		}
	}
	// Keep the best, best first, ties to the lower index: every touched
	// sentence sorted once (before is a total order, so any sort gives
	// the same list), rather than inserted one by one into a sorted list
	// of the best, which moved most of that list for each of the first
	// keep. Once claims are known, a claim fills at most perClaim places,
	// so that twenty copies of one wire story do not crowd out every other
	// candidate.
	keep := candidateTop
	if len(x.Claims) > 0 {
		keep = candidateTop * 4
	}
	best := buf[:0]
	if cap(best) < keep {
		best = make([]Candidate, 0, keep)
	}
	sc.ranked = byShare(sc.ranked[:0], sc.touched, sc.acc)
	for _, r := range sc.ranked[:min(len(sc.ranked), keep)] {
		id := int32(uint32(r))
		best = append(best, Candidate{id, sc.acc[id]})
	}
	if len(x.Claims) == 0 {
		return best, examined
	}
	out := best[:0]
	sc.newClaims(len(x.Claims)) // places taken per claim: claimN, once marked
	for _, c := range best {
		if len(out) == candidateTop {
			break
		}
		cl := x.Sentences[c.Sentence].Claim
		if sc.claimGen[cl] != sc.cgen {
			sc.claimGen[cl], sc.claimN[cl] = sc.cgen, 0
		}
		if sc.claimN[cl] < perClaim {
			sc.claimN[cl]++
			out = append(out, c)
		}
	}
	return out, examined
}

// shortestFirst appends to dst the places of lists, shortest list first,
// each with its length above: the order slices.SortFunc puts the lists in
// by length, ties included (TestShortestFirstLikeSortFunc), for less: it
// moves 8 bytes a swap instead of a list's 32. The shares a sentence
// gathers from the lists are summed in this order, so it must be the
// same to keep their float sums to the bit.
func shortestFirst(dst []uint64, lists []postings) []uint64 {
	for i, l := range lists {
		dst = append(dst, uint64(l.n)<<32|uint64(i))
	}
	slices.SortFunc(dst, func(a, b uint64) int { return int(a>>32) - int(b>>32) })
	return dst
}

// maxInsertion is the most sentences byShare sorts by insertion.
const maxInsertion = 64

// byShare appends to dst the sentences touched, best first by before
// (more shared weight, then the lower index), each as one number: the
// complement of its weight's bits above its index. A weight is a sum of
// positive key weights, and the bits of non-negative floats order as the
// floats do, so a plain sort of the numbers is that order; a weight that
// is not (NaN, negative) leaves the sort to before itself.
func byShare(dst []uint64, touched []int32, acc []float32) []uint64 {
	plain := true
	for _, id := range touched {
		w := acc[id]
		plain = plain && (w > 0 || math.Float32bits(w) == 0) // not -0, which before takes as 0
		dst = append(dst, uint64(^math.Float32bits(w))<<32|uint64(uint32(id)))
	}
	if plain {
		if len(dst) > maxInsertion {
			slices.Sort(dst)
			return dst
		}
		// A few dozen, as a page sentence's lookup touches: sorted in
		// place by insertion, no call per step (any sort of distinct
		// numbers gives one order).
		for i := 1; i < len(dst); i++ {
			for j := i; j > 0 && dst[j] < dst[j-1]; j-- {
				dst[j], dst[j-1] = dst[j-1], dst[j]
			}
		}
		return dst
	}
	slices.SortFunc(dst, func(a, b uint64) int {
		ca := Candidate{int32(uint32(a)), acc[uint32(a)]}
		cb := Candidate{int32(uint32(b)), acc[uint32(b)]}
		switch {
		case before(ca, cb):
			return -1
		case before(cb, ca):
			return 1
		}
		return 0
	})
	return dst
}

// before orders candidates: more shared weight first, then the lower index.
func before(a, b Candidate) bool {
	return a.Shared > b.Shared || a.Shared == b.Shared && a.Sentence < b.Sentence
}

// scratch accumulates a lookup's shared weights in arrays as long as the
// corpus, reused across lookups (a sync.Pool on the Index) so that a lookup
// costs what it reads, not what the corpus holds: a generation stamp marks
// which entries belong to the current lookup.
type scratch struct {
	acc        []float32
	stamp      []uint32
	gen        uint32
	touched    []int32
	lists      []postings // a lookup's posting lists
	order      []uint64   // their order (shortestFirst)
	ranked     []uint64   // a lookup's touched sentences, best first (byShare)
	neighbours []int32    // a DampingIn's neighbours, by sentence
	// claimGen[c] == cgen marks claim c met by the current DampingIn or
	// lookup, which has given it claimN[c] places (lookup).
	claimGen []uint32
	claimN   []int32
	cgen     uint32
}

// newClaims starts a generation of claim marks for n claims: no claim is
// marked.
func (s *scratch) newClaims(n int) {
	if len(s.claimGen) < n {
		s.claimGen, s.claimN, s.cgen = make([]uint32, n), make([]int32, n), 0
	}
	s.cgen++
	if s.cgen == 0 { // wrapped: old stamps could match again
		clear(s.claimGen)
		s.cgen = 1
	}
}

func (s *scratch) reset(n int) {
	if len(s.acc) < n {
		s.acc, s.stamp, s.gen = make([]float32, n), make([]uint32, n), 0
	}
	s.gen++
	if s.gen == 0 { // wrapped: old stamps could match again
		clear(s.stamp)
		s.gen = 1
	}
	s.touched = s.touched[:0]
}

func (s *scratch) add(id int32, w float32) {
	if s.stamp[id] != s.gen {
		s.stamp[id], s.acc[id] = s.gen, 0
		s.touched = append(s.touched, id)
	}
	s.acc[id] += w
}

// KeyInfo returns key's dictionary id and fingerprint.InfoOf(key), which
// the index keeps for every dictionary key: a page looks each of its
// distinct keys up once here and passes the ids on (DampedIDs), rather
// than each sentence looking them up again. The id is -1 for a key the
// corpus does not have.
func (x *Index) KeyInfo(key string) (int32, fingerprint.Info) {
	h := memo.Hash(key) // hashed once for the dictionary and InfoOf's memory
	if id, ok := x.keyID.idHashed(x.Keys, key, h); ok {
		return id, x.infos[id]
	}
	return -1, fingerprint.InfoOfHashed(key, h)
}

// HasKey reports whether key is in the dictionary.
func (x *Index) HasKey(key string) bool {
	_, ok := x.keyID.id(x.Keys, key)
	return ok
}

// LinkBound returns the strongest link (lexicon.Link) a key of info that
// is not in the dictionary may have with any corpus key: 0 when it shares
// no class with one, or holds the class weakly as every corpus key that
// holds it does. A page sentence's such keys can cover no more of any
// corpus sentence than this share of their weight.
func (x *Index) LinkBound(info *fingerprint.Info) float32 {
	var best float32
	for n, c := range info.Classes {
		h := x.classKeys.of(c)
		if len(h.keys) == 0 {
			continue
		}
		l := lexicon.Link(info.Weak[n], !h.strong)
		if l > best {
			best = l
		}
	}
	return best
}

// DampedIDs is Damped for a print whose keys' dictionary ids the caller
// already has (ids[i] for p.Keys[i], -1 for none); ids that do not line up
// with p's keys are looked up again.
func (x *Index) DampedIDs(p *fingerprint.Print, ids []int32, d Damping) fingerprint.Print {
	return d.apply(x.keyed(*p, ids), nil)
}

// DampedIDsIn is DampedIDs with the damped weights in buf's array when it
// has room.
func (x *Index) DampedIDsIn(buf []float32, p *fingerprint.Print, ids []int32, d Damping) fingerprint.Print {
	kp := keyedPrint{p: *p, ids: ids}
	if len(ids) != len(p.Keys) {
		return d.apply(x.keyed(*p, ids), buf)
	}
	return d.apply(&kp, buf)
}

// holders are the dictionary keys that hold one lexicon class, and whether
// any holds it strongly.
type holders struct {
	keys   []int32
	weak   []bool // weak[n]: keys[n] holds the class weakly
	strong bool
}

// classTable finds a class's holders. It is an open-addressing table
// made once at load rather than a map: a page sentence asks it for each
// of its keys' classes, mostly classes no corpus key holds, and a probe
// written out costs WebAssembly a fraction of a map look-up's call and
// hashing.
type classTable struct {
	slots []classSlot // a power of two long, at most half full; linear probing
	shift uint32      // 32 - log2(len(slots))
	hold  []holders
}

// classSlot is one class and where its holders are: hold[at-1] (0: an
// empty slot).
type classSlot struct {
	class uint32
	at    int32
}

// none is the holders of a class no key holds.
var none holders

// tableBits is log2 of the length of an open-addressing table for n
// entries: the least power of two, 2 at least, that is twice n or more,
// so the table is at most half full.
func tableBits(n int) uint32 {
	bits := uint32(1)
	for 1<<bits < 2*n {
		bits++
	}
	return bits
}

// cleared returns n zeroed elements: s's own array when it has room
// (tables and arrays remade for each sentence reuse the last one's),
// else a new one.
func cleared[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	s = s[:n]
	clear(s)
	return s
}

func newClassTable(m map[uint32]holders) classTable {
	bits := tableBits(len(m))
	t := classTable{slots: make([]classSlot, 1<<bits), shift: 32 - bits, hold: make([]holders, 0, len(m))}
	mask := len(t.slots) - 1
	for c, h := range m {
		i := int(c * 0x9e3779b9 >> t.shift)
		for t.slots[i].at != 0 {
			i = (i + 1) & mask
		}
		t.hold = append(t.hold, h)
		t.slots[i] = classSlot{c, int32(len(t.hold))}
	}
	return t
}

// of returns the holders of class c (none's when no key holds it).
func (t *classTable) of(c uint32) *holders {
	if len(t.slots) == 0 {
		return &none
	}
	mask := len(t.slots) - 1
	for i := int(c * 0x9e3779b9 >> t.shift); ; i = (i + 1) & mask {
		switch s := t.slots[i]; {
		case s.at == 0:
			return &none
		case s.class == c:
			return &t.hold[s.at-1]
		}
	}
}

// keyTable is the dictionary's index, key to id: an open-addressing table
// of ids made at load rather than a map, hashed by memo.Hash. A
// page looks up each key of each sentence it reads; in WebAssembly a
// map's string hash multiplies 128 bits in software, and its call and
// probe cost more than this table's whole look-up.
type keyTable struct {
	slots []int32 // an id plus one (0: empty); a power of two long, at most half full; linear probing
	shift uint32  // 64 - log2(len(slots))
	n     int     // distinct keys put
}

func newKeyTable(n int) keyTable {
	bits := tableBits(n)
	return keyTable{slots: make([]int32, 1<<bits), shift: 64 - bits}
}

// slot is where the probe for k starts: memo.Hash's top bits.
func (t *keyTable) slot(k string) int { return int(memo.Hash(k) >> t.shift) }

// put files keys[id] under id; a key put before is refiled, as assigning
// a map would.
func (t *keyTable) put(keys []string, id int32) {
	mask := len(t.slots) - 1
	for i := t.slot(keys[id]); ; i = (i + 1) & mask {
		switch s := t.slots[i]; {
		case s == 0:
			t.slots[i] = id + 1
			t.n++
			return
		case keys[s-1] == keys[id]:
			t.slots[i] = id + 1
			return
		}
	}
}

// id returns the id of key k in keys, the dictionary the table was made
// of.
func (t *keyTable) id(keys []string, k string) (int32, bool) {
	if len(t.slots) == 0 {
		return -1, false
	}
	return t.idHashed(keys, k, memo.Hash(k))
}

// idHashed is id given k's memo.Hash, h.
func (t *keyTable) idHashed(keys []string, k string, h uint64) (int32, bool) {
	if len(t.slots) == 0 {
		return -1, false
	}
	mask := len(t.slots) - 1
	for i := int(h >> t.shift); ; i = (i + 1) & mask {
		switch s := t.slots[i]; {
		case s == 0:
			return -1, false
		case keys[s-1] == k:
			return s - 1, true
		}
	}
}
