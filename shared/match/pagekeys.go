package match

// What the corpus holds of a page's keys, looked up once per distinct key
// of the page (a page repeats its words from sentence to sentence), and the
// bound that lets pass 1 skip a sentence before making its print: most
// sentences of most pages share nothing but common words with the corpus.
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
	"github.com/retold/retold/shared/fingerprint"
	"github.com/retold/retold/shared/index"
)

// boundSlack keeps float rounding from ever skipping a sentence the
// float32 scoring would have kept.
const boundSlack = 1e-3

// keyFacts is what a page key weighs and what the corpus holds of it.
type keyFacts struct {
	info fingerprint.Info
	id   int32   // dictionary id, -1 if none
	link float32 // the most of its weight a corpus sentence may cover (index.LinkBound; 1 if id >= 0)
}

// pageKeys remembers keyFacts per distinct key of one page.
type pageKeys struct {
	x     *index.Index
	facts map[string]keyFacts
	// One sentence's keys' facts, reused from sentence to sentence.
	infos []fingerprint.Info
	ids   []int32
	link  []float32
}

func newPageKeys(x *index.Index) *pageKeys {
	return &pageKeys{x: x, facts: map[string]keyFacts{}}
}

// load fills the sentence buffers with the facts of keys.
func (pk *pageKeys) load(keys []string) {
	pk.infos, pk.ids, pk.link = pk.infos[:0], pk.ids[:0], pk.link[:0]
	for _, k := range keys {
		f, ok := pk.facts[k]
		if !ok {
			f.id, f.info = pk.x.KeyInfo(k)
			f.link = 1
			if f.id < 0 {
				f.link = pk.x.LinkBound(&f.info)
			}
			pk.facts[k] = f
		}
		pk.infos = append(pk.infos, f.info)
		pk.ids = append(pk.ids, f.id)
		pk.link = append(pk.link, f.link)
	}
}

// mayReach reports whether a sentence of the keys last loaded could have
// a candidate scoring floor or more (see the file comment). The keys must
// be distinct and none empty, as FromInfo keeps them.
func (pk *pageKeys) mayReach(floor float32) bool {
	var total, near, phrase float64
	for i, in := range pk.infos {
		w := float64(in.W)
		total += w
		near += w * float64(pk.link[i])
		if i > 0 && pk.ids[i-1] >= 0 && pk.ids[i] >= 0 {
			phrase += (float64(pk.infos[i-1].W) + w) / 2
		}
	}
	if total == 0 || near == 0 && phrase == 0 {
		return false
	}
	a := near / total
	bound := 2*a/(1+a) + phraseBonus*min(1, phrase/phraseScale)
	return bound+boundSlack >= float64(floor)
}
