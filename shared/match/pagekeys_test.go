package match

import (
	"strings"
	"testing"

	"github.com/retold/retold/shared/fingerprint"
	"github.com/retold/retold/shared/index"
	"github.com/retold/retold/shared/lexicon"
)

// expectSkipExact checks that when mayReach says a sentence cannot reach
// floor, no corpus sentence scores floor against it, however damped, and
// that it says so of the sentence exactly when wantSkip.
func expectSkipExact(t *testing.T, x *index.Index, sentence string, floor float32, wantSkip bool) {
	t.Helper()
	ts := lexicon.Terms(sentence)
	lexicon.Resolve(ts, ts)
	keys := fingerprint.ContentKeys(ts)
	pk := &pageKeys{x: x}
	pk.load(keys)
	skip := !pk.mayReach(floor)
	if skip != wantSkip {
		t.Errorf("%q: skipped %v, want %v", sentence, skip, wantSkip)
	}
	if !skip {
		return
	}
	p := fingerprint.FromInfo(keys, pk.infos)
	// Damped by its own candidates, and not at all: the bound holds for both.
	for _, damp := range []index.Damping{x.Damping(x.Candidates(&p)), {}} {
		pd := x.DampedIDs(&p, pk.ids, damp)
		for i := range x.Sentences {
			cd := x.DampedPrint(int32(i), damp)
			if sc := Score(&pd, &cd); sc >= floor {
				t.Errorf("%q skipped, but %q scores %v against it", sentence, x.Sentences[i].Text, sc)
			}
		}
	}
}

func TestSkippedSentencesReachNothing(t *testing.T) {
	x := seedIndex(t)
	for _, tc := range []struct {
		s    string
		skip bool
	}{
		{"Quantum chromodynamics predicts gluon confinement inside hadrons.", true},
		{"Shares of the bakery chain rose four percent after its quarterly earnings beat forecasts.", true},
		{"The orchestra performed Mahler's fifth symphony to a packed hall.", true},
		{"The striker scored twice in the second half as the visitors won the cup final.", false},
		{"North Korea denied that it supplied rockets and missiles to Wagner, calling the report a rumour.", false},
	} {
		expectSkipExact(t, x, tc.s, englishBars.floor, tc.skip)
	}
	// Every sentence of a retelling of the corpus story: those skipped
	// must reach nothing.
	for s := range strings.SplitSeq(retelling, "\n\n") {
		ts := lexicon.Terms(s)
		lexicon.Resolve(ts, ts)
		pk := &pageKeys{x: x}
		pk.load(fingerprint.ContentKeys(ts))
		expectSkipExact(t, x, s, englishBars.floor, !pk.mayReach(englishBars.floor))
	}
}
