package match

import (
	"testing"

	"github.com/retold/retold/shared/index"
	"github.com/retold/retold/shared/stance"
)

// orderIndex is one article of five claims, one sentence each, in order.
func orderIndex() *index.Index {
	x := &index.Index{Articles: []index.Article{{ID: "a"}}}
	for i := range 5 {
		x.Sentences = append(x.Sentences, index.Sentence{Article: 0, Kind: stance.Claim, Claim: int32(i)})
		x.Claims = append(x.Claims, index.Claim{ID: string(rune('A' + i)), Kind: stance.Claim, Versions: []int32{int32(i)}, Counter: -1})
	}
	return x
}

func expectChosen(t *testing.T, x *index.Index, ps []pageSentence, i int, wantClaim int32, wantOK bool) {
	t.Helper()
	ch, _, ok := choose(x, translatedBars, "", stance.Claim, ps[i].cands, map[int32]float32{0: 1}, 1, translatedBars.alone, -1)
	if ok != wantOK || ok && ch != wantClaim {
		t.Errorf("page sentence %d: claim %d ok %v, want claim %d ok %v", i, ch, ok, wantClaim, wantOK)
	}
}

func TestInOrder(t *testing.T) {
	between := func() []pageSentence {
		return []pageSentence{
			{kind: stance.Claim, cands: []candidate{{0, 0.6}}},
			{kind: stance.Claim, cands: []candidate{{1, 0.10}, {3, 0.12}}}, // fits two claims about equally, and weakly
			{kind: stance.Claim, cands: []candidate{{2, 0.6}}},
		}
	}
	x := orderIndex()
	ps := between()
	expectChosen(t, x, ps, 1, 3, false) // alone: no margin, and under the bar
	inOrder(x, translatedBars, ps, map[int32]float32{0: 1}, 1)
	expectChosen(t, x, ps, 1, 1, true) // between the versions of its neighbours: claim 1
	expectChosen(t, x, ps, 0, 0, true)

	// One anchor is not an order.
	ps = between()[:2]
	inOrder(x, translatedBars, ps, map[int32]float32{0: 1}, 1)
	expectChosen(t, x, ps, 1, 3, false)

	// Anchors that cross give no window.
	ps = between()
	ps[0].cands, ps[2].cands = ps[2].cands, ps[0].cands
	inOrder(x, translatedBars, ps, map[int32]float32{0: 1}, 1)
	expectChosen(t, x, ps, 1, 3, false)
}
