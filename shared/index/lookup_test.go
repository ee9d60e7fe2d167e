package index

import (
	"slices"
	"testing"

	"github.com/retold/retold/shared/fingerprint"
)

// expectSameWeights checks that two damped prints agree to the bit.
func expectSameWeights(t *testing.T, what string, got, want fingerprint.Print) {
	t.Helper()
	if !slices.Equal(got.Keys, want.Keys) || !slices.Equal(got.W, want.W) || got.Total != want.Total {
		t.Fatalf("%s: damped by id %v (total %v), by key %v (total %v)", what, got.W, got.Total, want.W, want.Total)
	}
}

// TestDampingByIDIsFingerprints checks the index's damping, kept by
// dictionary id, against fingerprint.DampingOf's map by key, bit for bit:
// for every seed sentence's neighbourhood, on the sentences and cores in it
// and on a print from outside the index.
func TestDampingByIDIsFingerprints(t *testing.T) {
	x := build(t, seeds(t))
	outside := fingerprint.FromKeys([]string{"@north_korea", "rocket", "kelmor", "lighthous"})
	var last Damping
	for i := range x.Sentences {
		all := x.Candidates(x.Print(int32(i)))
		// The whole neighbourhood (a damping by id, as the seeds' small
		// dictionary has it) and its first two (a table by id), each
		// made anew and in the room of the damping before.
		for _, cs := range [][]Candidate{all, all[:min(2, len(all))]} {
			expectDampingLikeMap(t, x, cs, Damping{}, &outside)
			last = expectDampingLikeMap(t, x, cs, last, &outside)
		}
	}
}

// expectDampingLikeMap checks x.DampingIn(buf, cs) against
// fingerprint.DampingOf of the same neighbours' prints, on the sentences
// and cores in it and on a print from outside the index, and returns it.
func expectDampingLikeMap(t *testing.T, x *Index, cs []Candidate, buf Damping, outside *fingerprint.Print) Damping {
	t.Helper()
	byID := x.DampingIn(buf, cs)
	var ps []*fingerprint.Print
	seen := map[int32]bool{}
	for _, c := range cs {
		if cl := x.Sentences[c.Sentence].Claim; !seen[cl] {
			seen[cl] = true
			ps = append(ps, x.Print(c.Sentence))
		}
	}
	byKey := fingerprint.DampingOf(ps)
	for _, c := range cs {
		expectSameWeights(t, x.Sentences[c.Sentence].Text, x.DampedPrint(c.Sentence, byID), x.Print(c.Sentence).Damped(byKey))
		cl := x.Sentences[c.Sentence].Claim
		if d, ok := x.DampedCore(cl, byID); ok {
			expectSameWeights(t, "core of "+x.Claims[cl].ID, d, x.Core(cl).Damped(byKey))
		} else if x.Core(cl) != nil {
			t.Fatalf("claim %s: a core without a damped core", x.Claims[cl].ID)
		}
	}
	expectSameWeights(t, "a print from outside", x.Damped(outside, byID), outside.Damped(byKey))
	return byID
}

// TestZeroDampingDampsNothing: a sentence with no neighbours keeps its
// weights.
func TestZeroDampingDampsNothing(t *testing.T) {
	x := build(t, seeds(t))
	expectSameWeights(t, "no neighbours", x.DampedPrint(0, x.Damping(nil)), *x.Print(0))
}

// A state organ speaks for its state: its own key, and its country's.
func TestActors(t *testing.T) {
	for _, c := range []struct {
		speaker string
		want    []string
	}{
		{"North Korea's foreign ministry", []string{"@kp"}},
		{"John Kirby", nil},
		{"the state news agency KCNA", []string{"@kp.kcna", "@kp"}},
		{"Xinhua", []string{"@cn.xinhua", "@cn"}},
		{"the White House", []string{"@us"}},
	} {
		if got := Actors(c.speaker); !slices.Equal(got, c.want) {
			t.Errorf("Actors(%q) = %q, want %q", c.speaker, got, c.want)
		}
	}
}

// TestNeighboursAsClassWalk checks lookup's class neighbours listed once
// per key (nearOf) against the walk over a print's classes, which a print
// whose class lists are its own copies takes: the same candidates, with and
// without the keys' ids, and with ids that do not line up.
func TestNeighboursAsClassWalk(t *testing.T) {
	x := build(t, seeds(t))
	for i := range x.Sentences {
		p := x.Print(int32(i))
		walk := *p
		walk.Classes = make([][]uint32, len(p.Classes))
		for k, cs := range p.Classes {
			walk.Classes[k] = slices.Clone(cs)
		}
		ids := make([]int32, len(p.Keys))
		for k, key := range p.Keys {
			ids[k], _ = x.KeyInfo(key)
		}
		want := x.Candidates(&walk)
		for what, got := range map[string][]Candidate{
			"listed":        x.Candidates(p),
			"listed, ids":   x.CandidatesIDs(nil, p, ids),
			"walked, ids":   x.CandidatesIDs(nil, &walk, ids),
			"ids cut short": x.CandidatesIDs(nil, p, ids[:len(ids)/2]),
		} {
			if !slices.Equal(got, want) {
				t.Fatalf("sentence %d, %s: %v, the class walk %v", i, what, got, want)
			}
		}
	}
}

// TestDampingRoomMakesDamping: dampings made one after another in a
// DampingRoom damp as Damping's do, arrays by id and tables alike, and a
// damping kept is not touched by the ones made after it, some dropped.
func TestDampingRoomMakesDamping(t *testing.T) {
	x := build(t, seeds(t))
	var r DampingRoom
	type madeDamping struct {
		d  Damping
		cs []Candidate
	}
	for round := 0; round < 2; round++ {
		var kept []madeDamping
		for i := range x.Sentences {
			all := x.Candidates(x.Print(int32(i)))
			// The whole neighbourhood (an array by id), its first two (a
			// table) and none.
			for n, cs := range [][]Candidate{all, all[:min(2, len(all))], nil} {
				d := x.DampingFrom(&r, cs)
				for _, c := range cs {
					expectSameWeights(t, "made in a room", x.DampedPrint(c.Sentence, d), x.DampedPrint(c.Sentence, x.Damping(cs)))
				}
				if (i+n)%2 == 1 {
					r.Drop(d)
					continue
				}
				kept = append(kept, madeDamping{d, cs})
			}
		}
		for _, k := range kept {
			for _, c := range k.cs {
				expectSameWeights(t, "kept", x.DampedPrint(c.Sentence, k.d), x.DampedPrint(c.Sentence, x.Damping(k.cs)))
			}
		}
		r.Reset()
	}
}

// TestCandidatesCapClaims: a lookup gives a claim at most perClaim of
// its places, and the same candidates whatever lookups came before it
// (the places taken are counted afresh each time).
func TestCandidatesCapClaims(t *testing.T) {
	x := build(t, seeds(t))
	first := make([][]Candidate, len(x.Sentences))
	for i := range x.Sentences {
		first[i] = x.Candidates(x.Print(int32(i)))
	}
	for round := 0; round < 2; round++ {
		for i := len(x.Sentences) - 1; i >= 0; i-- {
			cs := x.Candidates(x.Print(int32(i)))
			if !slices.Equal(cs, first[i]) {
				t.Fatalf("sentence %d: candidates %v after other lookups, %v before", i, cs, first[i])
			}
			places := map[int32]int{}
			for _, c := range cs {
				places[x.Sentences[c.Sentence].Claim]++
			}
			for cl, n := range places {
				if n > perClaim || len(cs) > candidateTop {
					t.Fatalf("sentence %d: claim %d takes %d places of %d", i, cl, n, len(cs))
				}
			}
		}
	}
}
