package match

// Order. A page that retells a corpus article in another language, a
// translation or a rewrite of the same wire copy, keeps most of its
// sentences in the article's order. Once the sentences that clear the bars
// on their own are placed in the page's story article, they are anchors: a
// sentence between two anchors most likely states what the article says
// between their two versions. Such candidates are lifted a little (the
// order bar), which settles a translated sentence that fits two claims
// about equally, or falls just short, in favour of the one that keeps the
// order. Candidates outside the window, and in other articles, are left
// as they are, so order alone never flags a sentence: its own score must
// come within the lift of the bar and beat the rivals outside the window.

import (
	"math"

	"github.com/retold/retold/shared/index"
	"github.com/retold/retold/shared/stance"
)

// minAnchors is how many sentences must be placed before order counts: one
// is not yet an order.
const minAnchors = 2

type anchor struct {
	page int   // index into the page sentences
	sent int32 // the version it was placed at, in the story article
}

// inOrder lifts by b.order the candidates of the page sentences not yet
// placed that lie, in the page's story article, between the versions of
// the placed sentences before and after them.
func inOrder(x *index.Index, b bars, ps []pageSentence, affinity map[int32]float32, top float32) {
	story, best := int32(-1), float32(0)
	for a, v := range affinity {
		if v > best || v == best && a < story {
			story, best = a, v
		}
	}
	if story < 0 {
		return
	}
	var anchors []anchor
	placed := make([]bool, len(ps))
	for i := range ps {
		ch, _, ok := choose(x, b, ps[i].when, ps[i].kind, ps[i].cands, affinity, top, b.alone, -1)
		if !ok || x.Claims[ch].Kind == stance.Context {
			continue
		}
		at, atScore := int32(-1), float32(0)
		for _, c := range ps[i].cands {
			s := &x.Sentences[c.sentence]
			if s.Claim == ch && s.Article == story && c.score > atScore {
				at, atScore = c.sentence, c.score
			}
		}
		if at >= 0 {
			anchors = append(anchors, anchor{i, at})
			placed[i] = true
		}
	}
	if len(anchors) < minAnchors {
		return
	}
	for j := range ps {
		if placed[j] {
			continue
		}
		lo, hi := int32(-1), int32(math.MaxInt32)
		for _, a := range anchors {
			if a.page < j {
				lo = a.sent
			} else if a.page > j {
				hi = a.sent
				break
			}
		}
		if lo < 0 || hi == math.MaxInt32 || lo >= hi {
			continue // not between two anchors, or the anchors cross
		}
		for k := range ps[j].cands {
			c := &ps[j].cands[k]
			if c.sentence > lo && c.sentence < hi && x.Sentences[c.sentence].Article == story {
				c.score += b.order
			}
		}
	}
}
