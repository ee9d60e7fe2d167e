package match

// What the corpus holds of a sentence's keys (their Info and dictionary ids
// in one look-up each, index.KeyInfo), and the bound that lets pass 1 skip
// a sentence before making its print, looking up candidates and damping:
// many sentences of a page share too little with the corpus for any
// candidate to reach the floor. A per-page memo of the keys was tried and
// dropped: its map cost the Worker's short requests more than it saved.
//
// The bound is exact, not a guess. A candidate's score is at most its
// mutual coverage plus the phrase bonus (TestScoreIsBoundedByMutual). The
// page sentence's coverage A by any corpus sentence counts a key of the
// dictionary at most fully, and another key at most at the strongest link
// (lexicon.Link) its classes allow with the corpus keys that share one,
// often none (index.LinkBound). Damping lowers only dictionary keys' weights, the keys that
// may count fully, so the undamped share bounds the damped one. The other
// coverage is at most 1, so the harmonic mean is at most 2A/(1+A). A
// shared phrase is a pair of corpus keys in a row, so only pairs of two
// dictionary keys can earn any of the bonus (short of two 64-bit pair
// hashes colliding). A sentence whose bound misses the floor has no
// candidate that could reach it, and skipping it changes nothing
// (TestSkippedSentencesReachNothing).

import (
	"slices"

	"github.com/retold/retold/shared/fingerprint"
	"github.com/retold/retold/shared/index"
	"github.com/retold/retold/shared/lexicon"
)

// boundSlack keeps float rounding from ever skipping a sentence the
// float32 scoring would have kept.
const boundSlack = 1e-3

// pageKeys holds what one sentence's keys weigh and what the corpus holds
// of them, in buffers reused from sentence to sentence (and page to page:
// pass1), for the index x.
type pageKeys struct {
	x     *index.Index
	infos []fingerprint.Info
	ids   []int32   // dictionary ids, -1 for none
	link  []float32 // the most of a key's weight a corpus sentence may cover; -1 not known yet
}

// load fills the buffers for a sentence of keys. A key of the dictionary
// may be covered fully; another key's bound (index.LinkBound, a map
// look-up per class) is left to mayReach, which needs it only when the
// sentence is a close call. A key of the dictionary is replaced in keys
// by the dictionary's own string, equal to it: comparing it with a
// corpus print's key (the entities two prints share, their equal keys)
// then finds the two strings at one address, without reading their
// bytes.
//
// An Info is stored field by field: a whole one (two slices) stored while
// a collection marks is a bulk barrier over its words (wbMove), a field
// one pointer's barrier.
func (pk *pageKeys) load(keys []string) {
	n := len(keys)
	pk.infos = slices.Grow(pk.infos[:0], n)[:n]
	pk.ids = slices.Grow(pk.ids[:0], n)[:n]
	pk.link = slices.Grow(pk.link[:0], n)[:n]
	for i, k := range keys {
		id, info := pk.x.KeyInfo(k)
		link := float32(1)
		if id < 0 {
			link = -1
		} else {
			keys[i] = pk.x.Keys[id]
		}
		in := &pk.infos[i]
		in.W, in.Classes, in.Weak, in.Ent = info.W, info.Classes, info.Weak, info.Ent
		pk.ids[i] = id
		pk.link[i] = link
	}
}

// mayReach reports whether a sentence of the keys last loaded could have
// a candidate scoring floor or more (see the file comment). The keys must
// be distinct and none empty, as FromInfo keeps them. Keys outside the
// dictionary are first counted at no link and at the strongest link
// there is: only when the two answers differ are their bounds looked up.
func (pk *pageKeys) mayReach(floor float32) bool {
	lo, hi := pk.bound(0), pk.bound(lexicon.Link(false, false))
	switch {
	case lo+boundSlack >= float64(floor):
		return true
	case hi+boundSlack < float64(floor):
		return false
	}
	for i, l := range pk.link {
		if l < 0 {
			pk.link[i] = pk.x.LinkBound(&pk.infos[i])
		}
	}
	return pk.bound(-1)+boundSlack >= float64(floor)
}

// bound is the most a candidate may score against the sentence loaded,
// keys whose bound is not known yet counted at link (-1: all known).
func (pk *pageKeys) bound(link float32) float64 {
	var total, near, phrase float64
	for i, in := range pk.infos {
		w := float64(in.W)
		total += w
		l := pk.link[i]
		if l < 0 {
			l = link
		}
		near += w * float64(l)
		if i > 0 && pk.ids[i-1] >= 0 && pk.ids[i] >= 0 {
			phrase += (float64(pk.infos[i-1].W) + w) / 2
		}
	}
	if total == 0 {
		return 0
	}
	a := near / total
	return 2*a/(1+a) + phraseBonus*min(1, phrase/phraseScale)
}
