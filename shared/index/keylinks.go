package index

// Key links: fingerprint.Links.Link for a page sentence against many
// corpus sentences, through the dictionary. How well a page key links
// with a corpus key (lexicon.Link over the classes they share, 1 for the
// same key) depends on the two keys alone, and a corpus sentence's keys
// are dictionary ids. So a page sentence's links are found once, from the
// classes its keys hold to the dictionary keys that hold them
// (classKeys), into a small table by corpus key id; each candidate then
// reads its keys' entries instead of merging its class list with the page
// sentence's. Every best link is the same maximum over the same pairs of
// keys, so the answers are Link's to the bit (TestKeyLinksLikeLink).
//
// The table is an array by key id for a dictionary of up to maxLinkArray
// keys (the seed corpus's few hundred, a large corpus's tens of
// thousands): a candidate's key reads its links with one load, no
// probing. The array is cleared from sentence to sentence through the
// ids last set, not whole, so a sentence with few links costs what it
// links, not what the dictionary holds. A larger dictionary's table is an
// open-addressing one by key id. Building it costs about what linking two
// or three candidates did; a sentence has dozens.

import (
	"github.com/retold/retold/shared/fingerprint"
	"github.com/retold/retold/shared/lexicon"
)

// KeyLinks holds one page sentence's links with the dictionary keys, in
// buffers reused from sentence to sentence. Its zero value is ready to
// use.
type KeyLinks struct {
	slots []keySlot // open addressing by key id: a power of two long, at most half full
	shift uint32    // 32 - log2(len(slots))
	byID  []int32   // or, for a dictionary of up to maxLinkArray keys, each key id's first link plus one (0: none)
	set   []int32   // the ids byID holds links of (the rest are 0)
	ents  []keyLink // the links, a list per key through next
	keys  int       // the page print's keys
}

// keySlot is one linked dictionary key: its id plus one (0: an empty
// slot) and its first link in ents.
type keySlot struct {
	id1  int32
	head int32
}

// keyLink is a link of a page key (its index in the page print) with a
// dictionary key, of strength s; next is the dictionary key's next link
// in ents, -1 for none.
type keyLink struct {
	key  int32
	s    float32
	next int32
}

// maxLinkArray is the largest dictionary whose key links are kept in an
// array by id (4 bytes a key: 256 KiB); a variable so that tests take the
// table's path too.
var maxLinkArray = 1 << 16

func (t *KeyLinks) slot(id int32) int { return int(uint32(id) * 0x9e3779b9 >> t.shift) }

// KeyLinks fills t with the links of p, a page print whose keys' dictionary
// ids are ids (-1 for none; ids that do not line up with p's keys are
// looked up again), with every dictionary key.
func (x *Index) KeyLinks(t *KeyLinks, p *fingerprint.Print, ids []int32) {
	if len(ids) != len(p.Keys) {
		ids = nil
	}
	t.ents = t.ents[:0]
	t.keys = len(p.Keys)
	n := p.NumRefs()
	for r := 0; r < n; r++ {
		i, c, wi := p.Ref(r)
		h := x.classKeys.of(c)
		if len(h.keys) == 0 {
			continue
		}
		id, known := int32(-1), false
		if ids != nil {
			id, known = ids[i], ids[i] >= 0
		} else {
			id, known = x.keyID.id(x.Keys, p.Keys[i])
		}
		if !known {
			id = -1 // no dictionary key is p's
		}
		for m, k := range h.keys {
			wk := h.weak[m]
			if wi && wk {
				continue // two keys that hold a class weakly are not linked by it
			}
			s := float32(1)
			if k != id && (x.distinct || x.Keys[k] != p.Keys[i]) {
				s = lexicon.Link(wi, wk)
			}
			t.ents = append(t.ents, keyLink{key: int32(i), s: s, next: int32(k)})
		}
	}
	if len(x.Keys) <= maxLinkArray {
		t.slots = t.slots[:0]
		if len(t.byID) == len(x.Keys) { // this dictionary's (or one as long): only the ids set are not 0
			for _, id := range t.set {
				t.byID[id] = 0
			}
		} else {
			t.byID = cleared(t.byID, len(x.Keys))
		}
		t.set = t.set[:0]
		for e := range t.ents {
			id := t.ents[e].next
			if t.byID[id] == 0 {
				t.set = append(t.set, id)
			}
			t.ents[e].next = t.byID[id] - 1
			t.byID[id] = int32(e) + 1
		}
		return
	}
	// The table: sized for every link's key, which overstates the keys
	// (a key often links through several classes) but never by more than
	// the classes a key holds.
	bits := tableBits(len(t.ents))
	t.byID, t.set = t.byID[:0], t.set[:0]
	t.shift = 32 - bits
	t.slots = cleared(t.slots, 1<<bits)
	mask := len(t.slots) - 1
	for e := range t.ents {
		id := t.ents[e].next // the dictionary key, until it is put in its list
		s := t.slot(id)
		for t.slots[s].id1 != 0 && t.slots[s].id1 != id+1 {
			s = (s + 1) & mask
		}
		if t.slots[s].id1 == 0 {
			t.slots[s] = keySlot{id1: id + 1, head: -1}
		}
		t.ents[e].next = t.slots[s].head
		t.slots[s].head = int32(e)
	}
}

// Link is l.Link of a, the page print t was filled with (or a copy of it
// with other weights, such as the damped print), and corpus sentence c:
// the same best links, and the share of a's weight c covers.
func (x *Index) Link(l *fingerprint.Links, t *KeyLinks, a *fingerprint.Print, c int32) float32 {
	kp := x.printOf(c)
	b := &kp.p
	bestA, bestB := l.Start(t.keys, len(b.Keys))
	if a.Total == 0 || b.Total == 0 {
		return l.Cover(a, b)
	}
	t.linkKeys(kp.ids, bestA, bestB)
	return l.Cover(a, b)
}

// linkKeys raises bestA and bestB to the links of the page keys with the
// dictionary keys ids (a corpus print's, in order).
func (t *KeyLinks) linkKeys(ids []int32, bestA, bestB []float32) {
	if len(t.byID) > 0 {
		for j, id := range ids {
			if id < 0 {
				continue
			}
			t.raise(t.byID[id]-1, j, bestA, bestB)
		}
		return
	}
	if len(t.slots) == 0 {
		return
	}
	mask := len(t.slots) - 1
	for j, id := range ids {
		if id < 0 {
			continue
		}
		s := t.slot(id)
		for t.slots[s].id1 != 0 && t.slots[s].id1 != id+1 {
			s = (s + 1) & mask
		}
		if t.slots[s].id1 == 0 {
			continue // the key links with no page key
		}
		t.raise(t.slots[s].head, j, bestA, bestB)
	}
}

// CoreCarried is how much of claim cl's core, damped by d, the page print
// a covers, given t, a's links with the dictionary (KeyLinks), and l for
// its room: fingerprint.Coverage(&x.DampedCore(cl, d), a)'s first answer,
// to the bit (TestCoreCarriedLikeCoverage), without merging the two
// prints' class lists. ok is false when cl has no core.
func (x *Index) CoreCarried(l *fingerprint.Links, t *KeyLinks, a *fingerprint.Print, cl int32, d Damping) (carried float32, ok bool) {
	kp := x.coreOf(cl)
	if kp.p.Len() == 0 {
		return 0, false
	}
	bestA, bestB := l.Start(t.keys, len(kp.ids))
	if a.Total == 0 {
		return 0, true
	}
	t.linkKeys(kp.ids, bestA, bestB)
	var room [64]float32
	q, cov := d.applyCover(kp, room[:0], bestB)
	if q.Total == 0 {
		return 0, true
	}
	return cov / q.Total, true
}

// raise lifts bestA and bestB to the links of the list that starts at
// entry e (-1: none), the page keys' links with a candidate's key j.
func (t *KeyLinks) raise(e int32, j int, bestA, bestB []float32) {
	for ; e >= 0; e = t.ents[e].next {
		k := &t.ents[e]
		if k.s > bestA[k.key] {
			bestA[k.key] = k.s
		}
		if k.s > bestB[j] {
			bestB[j] = k.s
		}
	}
}
