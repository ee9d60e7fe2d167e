package index

import (
	"math"
	"slices"
	"testing"

	"github.com/retold/retold/shared/fingerprint"
)

// expectLinksLikeLink checks x.Link against fingerprint's Link and Mutual,
// to the bit, for page print p (its keys' ids, or nil) and every corpus
// sentence: the share of p covered, and the mutual coverage with the
// sentence damped by d. kl is filled anew, as a page's sentences reuse
// one.
func expectLinksLikeLink(t *testing.T, x *Index, kl *KeyLinks, what string, p *fingerprint.Print, ids []int32, d Damping) {
	t.Helper()
	x.KeyLinks(kl, p, ids)
	pix := p.ClassIndex()
	var byTable, byClass fingerprint.Links
	var buf []float32
	for c := range x.Sentences {
		got := x.Link(&byTable, kl, p, int32(c))
		want := byClass.Link(p, &pix, x.Print(int32(c)), x.PrintIndex(int32(c)))
		cd := x.DampedPrint(int32(c), d)
		gotM, wantM := byTable.Mutual(p, &cd), byClass.Mutual(p, &cd)
		if math.Float32bits(got) != math.Float32bits(want) || math.Float32bits(gotM) != math.Float32bits(wantM) {
			t.Fatalf("%s against %q: by key links %v, %v; by classes %v, %v", what, x.Sentences[c].Text, got, gotM, want, wantM)
		}
		// Damped and weighed in one walk, in the room of the last.
		fd, fusedM := x.DampedMutualIn(buf, &byTable, p, got, int32(c), d)
		buf = fd.W
		if math.Float32bits(fusedM) != math.Float32bits(wantM) || !slices.Equal(fd.W, cd.W) || fd.Total != cd.Total {
			t.Fatalf("%s against %q: damped and weighed at once %v (weights %v), apart %v (weights %v)", what, x.Sentences[c].Text, fusedM, fd.W, wantM, cd.W)
		}
	}
}

// TestKeyLinksLikeLink holds the dictionary's key links to the class walk
// for seed sentences as pages (with their ids and without), a print of
// keys the corpus partly lacks, and an empty one.
// Both ways of keeping the links are held to it, the array by id and the
// open-addressing table (a dictionary too large for the array), with one
// KeyLinks going from one to the other.
func TestKeyLinksLikeLink(t *testing.T) {
	x := build(t, seeds(t))
	var kl KeyLinks
	defer func(n int) { maxLinkArray = n }(maxLinkArray)
	for _, most := range []int{maxLinkArray, 0, maxLinkArray} {
		maxLinkArray = most
		for i := 0; i < len(x.Sentences); i += 7 {
			cs := x.Candidates(x.Print(int32(i)))
			d := x.Damping(cs)
			pd := x.DampedPrint(int32(i), d)
			expectLinksLikeLink(t, x, &kl, "sentence with ids", &pd, x.Sentences[i].Keys, d)
			expectLinksLikeLink(t, x, &kl, "sentence without ids", &pd, nil, d)
			// A damping of two neighbours, in a table by id.
			expectLinksLikeLink(t, x, &kl, "sentence, two neighbours", &pd, x.Sentences[i].Keys, x.Damping(cs[:min(2, len(cs))]))
		}
		outside := fingerprint.FromKeys([]string{"@north_korea", "rocket", "kelmor", "lighthous", "supply", "deni", "weapon"})
		expectLinksLikeLink(t, x, &kl, "a print from outside", &outside, nil, Damping{})
		empty := fingerprint.FromKeys(nil)
		expectLinksLikeLink(t, x, &kl, "an empty print", &empty, nil, Damping{})
	}
}

// TestShortestFirstLikeSortFunc holds shortestFirst to the order
// slices.SortFunc gives the lists themselves, ties included, for lists
// of few lengths (many ties) and of many, short and long.
func TestShortestFirstLikeSortFunc(t *testing.T) {
	seed := uint32(1)
	next := func(n int) int { seed = seed*1664525 + 1013904223; return int(seed>>8) % n }
	for _, c := range []struct{ lists, lengths int }{{5, 2}, {12, 3}, {13, 2}, {40, 4}, {200, 6}, {500, 50}, {1000, 3}} {
		for round := 0; round < 20; round++ {
			lists := make([]postings, c.lists)
			for i := range lists {
				lists[i] = postings{n: int32(next(c.lengths)), w: float32(i)}
			}
			want := slices.Clone(lists)
			slices.SortFunc(want, func(a, b postings) int { return int(a.n) - int(b.n) })
			for k, o := range shortestFirst(nil, lists) {
				if got := lists[uint32(o)]; got.w != want[k].w {
					t.Fatalf("%d lists of %d lengths: place %d holds list %v, SortFunc's %v", c.lists, c.lengths, k, got.w, want[k].w)
				}
			}
		}
	}
}

// TestByShareLikeBefore holds byShare to a sort by before, for weights
// with ties, zeros and, once, a negative one and a negative zero.
func TestByShareLikeBefore(t *testing.T) {
	seed := uint32(3)
	next := func(n int) int { seed = seed*1664525 + 1013904223; return int(seed>>8) % n }
	for _, n := range []int{0, 1, 7, 48, 300} {
		for round := 0; round < 20; round++ {
			acc := make([]float32, 2*n+1)
			var touched []int32
			for i := range acc {
				acc[i] = float32(next(5)) * 0.25
				if next(2) == 0 {
					touched = append(touched, int32(i))
				}
			}
			if round == 0 && len(touched) > 0 {
				acc[touched[0]] = -0.5
				acc[touched[len(touched)-1]] = float32(math.Copysign(0, -1))
			}
			var want []Candidate
			for _, id := range touched {
				want = append(want, Candidate{id, acc[id]})
			}
			slices.SortFunc(want, func(a, b Candidate) int {
				if before(a, b) {
					return -1
				}
				if before(b, a) {
					return 1
				}
				return 0
			})
			for k, r := range byShare(nil, touched, acc) {
				if id := int32(uint32(r)); id != want[k].Sentence {
					t.Fatalf("%d sentences: place %d holds %d, want %d", len(touched), k, id, want[k].Sentence)
				}
			}
		}
	}
}

// TestCoreCarriedLikeCoverage holds CoreCarried to fingerprint.Coverage
// of the damped core, to the bit, for every claim against seed sentences
// as pages (dampings by array, by table and none), a print the corpus
// partly lacks and an empty one.
func TestCoreCarriedLikeCoverage(t *testing.T) {
	x := build(t, seeds(t))
	var kl KeyLinks
	var l fingerprint.Links
	expect := func(what string, p *fingerprint.Print, ids []int32, d Damping) {
		t.Helper()
		x.KeyLinks(&kl, p, ids)
		cores := 0
		for cl := range x.Claims {
			got, ok := x.CoreCarried(&l, &kl, p, int32(cl), d)
			core, hasCore := x.DampedCore(int32(cl), d)
			if ok != hasCore {
				t.Fatalf("%s, claim %s: CoreCarried says a core %v, DampedCore %v", what, x.Claims[cl].ID, ok, hasCore)
			}
			if !ok {
				continue
			}
			cores++
			want, _ := fingerprint.Coverage(&core, p)
			if math.Float32bits(got) != math.Float32bits(want) {
				t.Fatalf("%s, claim %s: carried %v, Coverage %v", what, x.Claims[cl].ID, got, want)
			}
		}
		if cores == 0 {
			t.Fatal("no claim has a core: nothing was compared")
		}
	}
	defer func(n int) { maxLinkArray = n }(maxLinkArray)
	for _, most := range []int{maxLinkArray, 0} { // links by array, then by table
		maxLinkArray = most
		for i := 0; i < len(x.Sentences); i += 5 {
			cs := x.Candidates(x.Print(int32(i)))
			for _, d := range []Damping{x.Damping(cs), x.Damping(cs[:min(2, len(cs))]), {}} {
				pd := x.DampedPrint(int32(i), d)
				expect("sentence", &pd, x.Sentences[i].Keys, d)
			}
		}
	}
	outside := fingerprint.FromKeys([]string{"@north_korea", "rocket", "kelmor", "lighthous", "supply", "deni", "weapon"})
	expect("a print from outside", &outside, nil, Damping{})
	empty := fingerprint.FromKeys(nil)
	expect("an empty print", &empty, nil, Damping{})
}
