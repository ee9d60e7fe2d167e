package fingerprint

import (
	"hash/fnv"
	"math"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/retold/retold/shared/lexicon"
)

func printOf(s string) Print {
	ts := lexicon.Terms(s)
	lexicon.Resolve(ts, ts)
	return Of(ts)
}

func expectSimilarity(t *testing.T, a, b string, lo, hi float32) {
	t.Helper()
	pa, pb := printOf(a), printOf(b)
	if got := Similarity(&pa, &pb); got < lo || got > hi {
		t.Errorf("Similarity(%q, %q) = %.3f, want in [%.2f, %.2f]", a, b, got, lo, hi)
	}
}

func TestSimilarity(t *testing.T) {
	same := "North Korea denied supplying rockets to the Wagner group."
	expectSimilarity(t, same, same, 0.999, 1)
	// Other names of one actor, synonyms and reordering.
	expectSimilarity(t, same, "Pyongyang rejected claims that it provided rockets to Wagner.", 0.4, 1)
	// Attribution alone does not make two statements alike.
	expectSimilarity(t, "The mayor said the bridge will open in May.", "The minister said taxes will rise next year.", 0, 0.3)
	expectSimilarity(t, same, "The city council approved a new budget for schools.", 0, 0.1)
	// Another actor doing the same thing is a different claim.
	expectSimilarity(t, "Iran denied supplying drones to Russia.", "North Korea denied supplying rockets to Russia.", 0, 0.6)
}

func TestCoverageIsAsymmetric(t *testing.T) {
	short := printOf("North Korea denies arms sales")
	long := printOf("North Korea on Sunday denied arms sales to Russia after Washington accused it of supplying rockets and missiles to Wagner.")
	ab, ba := Coverage(&short, &long)
	if ab < 0.9 || ba > 0.6 {
		t.Fatalf("a headline is covered by its story's lead, not the reverse: got %.2f, %.2f", ab, ba)
	}
}

func TestFromKeys(t *testing.T) {
	p := FromKeys([]string{"deni", "@kp", "deni", "", "arm"})
	if p.Len() != 3 || len(p.Pairs) != 2 || !p.Ent[1] || p.Ent[0] {
		t.Fatalf("got %+v", p)
	}
	var sum float32
	for _, w := range p.W {
		sum += w
	}
	if sum != p.Total {
		t.Fatalf("Total %.3f is not the sum of W %.3f", p.Total, sum)
	}
}

func TestDamping(t *testing.T) {
	a := printOf("North Korea denied supplying rockets.")
	b := printOf("North Korea warned of an undesirable result.")
	d := DampingOf([]*Print{&a, &b})
	da := a.Damped(d)
	for i, k := range a.Keys {
		shared := strings.HasPrefix(k, "@")
		if shared && da.W[i] >= a.W[i] || !shared && da.W[i] < a.W[i]*(1-storyDamp/2) {
			t.Errorf("key %s: weight %.2f -> %.2f", k, a.W[i], da.W[i])
		}
	}
	if a.W[0] == da.W[0] && a.Keys[0] == "@kp" {
		t.Fatal("Damped changed the original print")
	}
}

func TestSketchFindsCopies(t *testing.T) {
	plain, err := os.ReadFile("../corpus/seeds/000_db1c020fb54c6a6c.txt")
	if err != nil {
		t.Fatal(err)
	}
	markdown, err := os.ReadFile("../corpus/seeds/001_a1b3c287e7b1f00f.txt")
	if err != nil {
		t.Fatal(err)
	}
	other, err := os.ReadFile("../corpus/seeds/002_d336b4dcf17ef295.txt")
	if err != nil {
		t.Fatal(err)
	}
	a, b, c := SketchOf(string(plain)), SketchOf(string(markdown)), SketchOf(string(other))
	if r := Resemblance(&a, &b); r < 0.8 {
		t.Errorf("one article in two formats: resemblance %.2f, want >= 0.8", r)
	}
	if r := Resemblance(&a, &c); r > 0.5 {
		t.Errorf("two outlets' articles: resemblance %.2f, want < 0.5", r)
	}
	var idx Copies
	idx.Add(0, &c)
	idx.Add(1, &a)
	if near := idx.Near(&b); !slices.Contains(near, 1) {
		t.Errorf("Copies.Near misses the copy: %v", near)
	}
	empty := SketchOf("")
	if Resemblance(&empty, &empty) != 0 {
		t.Error("empty texts are not copies of each other")
	}
}

func BenchmarkSimilarity(b *testing.B) {
	x := printOf("North Korea on Sunday denied providing arms to Moscow after the United States said the nuclear-armed state supplied rockets and missiles to Russia's private military group Wagner.")
	y := printOf("PYONGYANG: North Korea has denied providing arms to Russia after the United States accused Pyongyang of supplying rockets and missiles to the Russian Wagner Group.")
	for b.Loop() {
		Similarity(&x, &y)
	}
}

// sketchByFields is SketchOf as first written, with a slice of every word:
// the reference the one-pass SketchOf must agree with.
func sketchByFields(text string) Sketch {
	var s Sketch
	for i := range s {
		s[i] = math.MaxUint64
	}
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127)
	})
	if len(words) == 0 {
		return s
	}
	n := min(shingleWords, len(words))
	h := fnv.New64a()
	for i := 0; i+n <= len(words); i++ {
		h.Reset()
		for _, w := range words[i : i+n] {
			h.Write([]byte(w))
			h.Write([]byte{0})
		}
		base := h.Sum64()
		for k := range s {
			if v := mix(base ^ (uint64(k+1) * 0x9e3779b97f4a7c15)); v < s[k] {
				s[k] = v
			}
		}
	}
	return s
}

func expectSketchAsByFields(t *testing.T, text string) {
	t.Helper()
	if got, want := SketchOf(text), sketchByFields(text); got != want {
		t.Fatalf("SketchOf(%q) differs from the reference", text)
	}
}

func TestSketchIsOnePassOfFields(t *testing.T) {
	for _, text := range []string{
		"", "   ", "one", "two words", "The harbour authority said on Monday",
		"The harbour authority said on Monday that the lighthouse would close in April.",
		"  --Ünïcödé words, 3 numbers: 42, 7; and ÉMIGRÉS at the edge  ",
		"Пхеньян отверг обвинения США", "北朝鮮は 噂だと 述べた 。 と 報じた",
		"bad \xff bytes \xfe\xfd in the middle of five or more words",
		"a.b.c.d.e.f.g", "trailing separator!",
		"UPPER and MiXeD Case, 0-9 digits: A@Z[a`z{ at the edges of the letters",
		"Two WORDS", "9Z",
		"The Kelvin sign \u212a and a dotted \u0130stanbul lower to ASCII letters, and \u201cquoted\u201d words don\u2019t split",
		"\xe2\x80 half a rune, \ufffd a whole replacement one, then ASCII words after them",
	} {
		expectSketchAsByFields(t, text)
	}
}

func FuzzSketchOf(f *testing.F) {
	f.Add("The harbour authority said on Monday that the lighthouse would close.")
	f.Add("a \xff b")
	f.Fuzz(func(t *testing.T, text string) { expectSketchAsByFields(t, text) })
}

// expectMutualWithAsMutual checks that comparing a through its ClassSet,
// and the two through their ClassIndex, gives Mutual to the bit, both ways
// round.
func expectMutualWithAsMutual(t *testing.T, a, b string) {
	t.Helper()
	pa, pb := printOf(a), printOf(b)
	sa, sb := pa.ClassSet(), pb.ClassSet()
	ia, ib := pa.ClassIndex(), pb.ClassIndex()
	if got, want := MutualIndexed(&pa, &ia, &pb, &ib), Mutual(&pa, &pb); got != want {
		t.Errorf("MutualIndexed(%q, %q) = %v, Mutual %v", a, b, got, want)
	}
	if got, want := MutualIndexed(&pb, &ib, &pa, &ia), Mutual(&pb, &pa); got != want {
		t.Errorf("MutualIndexed(%q, %q) = %v, Mutual %v", b, a, got, want)
	}
	if got, want := MutualWith(&pa, &sa, &pb), Mutual(&pa, &pb); got != want {
		t.Errorf("MutualWith(%q, %q) = %v, Mutual %v", a, b, got, want)
	}
	if got, want := MutualWith(&pb, &sb, &pa), Mutual(&pb, &pa); got != want {
		t.Errorf("MutualWith(%q, %q) = %v, Mutual %v", b, a, got, want)
	}
	if m, s := Mutual(&pa, &pb), Similarity(&pa, &pb); s > m {
		t.Errorf("Similarity(%q, %q) = %v above its bound Mutual %v", a, b, s, m)
	}
}

func TestMutualWithIsMutual(t *testing.T) {
	same := "North Korea denied supplying rockets to the Wagner group."
	expectMutualWithAsMutual(t, same, same)
	expectMutualWithAsMutual(t, same, "Pyongyang rejected claims that it provided rockets to Wagner.")
	expectMutualWithAsMutual(t, "The mayor said the bridge will open in May.", "The minister said taxes will rise next year.")
	expectMutualWithAsMutual(t, same, "The city council approved a new budget for schools.")
	expectMutualWithAsMutual(t, "Iran denied supplying drones to Russia.", "North Korea denied supplying rockets to Russia.")
	expectMutualWithAsMutual(t, "", same)
	long := strings.Repeat("Officials in Seoul, Tokyo and Washington said the shipments of shells, rockets and drones continued. ", 8)
	expectMutualWithAsMutual(t, long, same)
}

// BenchmarkMutual, BenchmarkMutualWith and BenchmarkMutualIndexed compare
// one sentence with a few others, as the matcher compares a page sentence
// with its candidates: the merge of two class lists, look-ups in the first
// print's ClassSet, and the merge of only the words two ClassIndexes share.
func BenchmarkMutual(b *testing.B) {
	x, ys := mutualBench()
	for b.Loop() {
		for i := range ys {
			Mutual(&x, &ys[i])
		}
	}
}

func BenchmarkMutualWith(b *testing.B) {
	x, ys := mutualBench()
	sx := x.ClassSet()
	for b.Loop() {
		for i := range ys {
			MutualWith(&x, &sx, &ys[i])
		}
	}
}

func BenchmarkMutualIndexed(b *testing.B) {
	x, ys := mutualBench()
	ix := x.ClassIndex()
	iys := make([]ClassIndex, len(ys))
	for i := range ys {
		iys[i] = ys[i].ClassIndex()
	}
	for b.Loop() {
		for i := range ys {
			MutualIndexed(&x, &ix, &ys[i], &iys[i])
		}
	}
}

func mutualBench() (Print, []Print) {
	x := printOf("The council said on Tuesday that the new bridge over the river would open in May, two years later than planned.")
	var ys []Print
	for _, s := range []string{
		"North Korea on Sunday denied providing arms to Moscow after the United States said the nuclear-armed state supplied rockets and missiles to Russia's private military group Wagner.",
		"PYONGYANG: North Korea has denied providing arms to Russia after the United States accused Pyongyang of supplying rockets and missiles to the Russian Wagner Group.",
		"The ministry said in a statement that the reports were groundless and a self-made rumour.",
		"Officials said the shipments were delivered by rail in November, according to images released on Friday.",
	} {
		ys = append(ys, printOf(s))
	}
	return x, ys
}

// expectAtLeastAsResemblance checks that a LazySketch of a answers as
// Resemblance of the two full sketches does, at several bars.
func expectAtLeastAsResemblance(t *testing.T, a, b string) {
	t.Helper()
	sa, sb := SketchOf(a), SketchOf(b)
	r := Resemblance(&sa, &sb)
	for _, least := range []float64{0, 0.2, 0.5, 0.7, 0.8, 0.95, 1} {
		if got, want := NewLazySketch(a).AtLeast(&sb, least), r >= least; got != want {
			t.Errorf("AtLeast(%q, %q, %v) = %v, Resemblance %v", a, b, least, got, r)
		}
	}
	l := NewLazySketch(a) // asked again, from what it computed already
	for _, least := range []float64{0.8, 0, 1, 0.5} {
		if got, want := l.AtLeast(&sb, least), r >= least; got != want {
			t.Errorf("reused AtLeast(%q, %q, %v) = %v, Resemblance %v", a, b, least, got, r)
		}
	}
	// One reset to a after the whole of another text's sketch was
	// computed: nothing of the other text is left.
	l.Reset(b + " and a sentence more, of other words entirely")
	l.AtLeast(&sb, 0)
	l.Reset(a)
	for _, least := range []float64{0.5, 1, 0, 0.8} {
		if got, want := l.AtLeast(&sb, least), r >= least; got != want {
			t.Errorf("AtLeast(%q, %q, %v) after a reset = %v, Resemblance %v", a, b, least, got, r)
		}
	}
}

func TestLazySketchAtLeast(t *testing.T) {
	story := "The harbour authority said on Monday that the lighthouse would close in March after a storm damaged its lamp and the stairs to the gallery."
	expectAtLeastAsResemblance(t, story, story)
	expectAtLeastAsResemblance(t, story, strings.ToUpper(story)+" **Updated**")
	expectAtLeastAsResemblance(t, story, story+" A spokesman added that a ferry would run on weekends.")
	expectAtLeastAsResemblance(t, story, "The city council approved a new budget for schools on Tuesday.")
	expectAtLeastAsResemblance(t, "", story)
	expectAtLeastAsResemblance(t, "", "")
	expectAtLeastAsResemblance(t, "two words", "two words")
	// Pages that share some of their shingles, where the bound by shared
	// shingles and the sketch itself must agree.
	half := story[:len(story)/2]
	expectAtLeastAsResemblance(t, story, half)
	expectAtLeastAsResemblance(t, half, story)
	expectAtLeastAsResemblance(t, story, strings.Replace(story, "storm", "gale", 1))
	expectAtLeastAsResemblance(t, story, strings.Replace(strings.Replace(story, "Monday", "Sunday", 1), "lamp", "lens", 1))
}

// TestUnmixUndoesMix: the bound of LazySketch.AtLeast names a sketch
// value's shingle by undoing mix.
func TestUnmixUndoesMix(t *testing.T) {
	x := uint64(1)
	for _, v := range []uint64{0, 1, math.MaxUint64, 1 << 33, 0x9e3779b97f4a7c15} {
		if got := unmix(mix(v)); got != v {
			t.Fatalf("unmix(mix(%#x)) = %#x", v, got)
		}
	}
	for range 10000 {
		x = x*6364136223846793005 + 1442695040888963407
		if got := unmix(mix(x)); got != x {
			t.Fatalf("unmix(mix(%#x)) = %#x", x, got)
		}
	}
}

// expectPairHashAsFNV checks pairHash against hash/fnv's FNV-1a of the two
// keys with a zero byte between them, which it writes out.
func expectPairHashAsFNV(t *testing.T, a, b string) {
	t.Helper()
	h := fnv.New64a()
	h.Write([]byte(a))
	h.Write([]byte{0})
	h.Write([]byte(b))
	if got, want := pairHash(a, b), h.Sum64(); got != want {
		t.Errorf("pairHash(%q, %q) = %#x, want %#x", a, b, got, want)
	}
}

func TestPairHashIsFNV(t *testing.T) {
	expectPairHashAsFNV(t, "red", "herring")
	expectPairHashAsFNV(t, "", "")
	expectPairHashAsFNV(t, "@kp", "rocket")
	expectPairHashAsFNV(t, "café", "\xff")
}

// expectLinksBound checks Links against MutualIndexed with b's weights
// damped by d, to the bit, and the bound 2A/(1+A) of the share A of a
// that b covers, which the matcher uses to drop a candidate before it
// damps its weights.
func expectLinksBound(t *testing.T, a, b string, d Damping) {
	t.Helper()
	pa, pb := printOf(a), printOf(b)
	bd := pb.Damped(d)
	ia, ib := pa.ClassIndex(), pb.ClassIndex()
	var l Links
	covA := l.Link(&pa, &ia, &pb, &ib)
	got := l.Mutual(&pa, &bd)
	if want := MutualIndexed(&pa, &ia, &bd, &ib); got != want {
		t.Errorf("Links(%q, %q) = %v, MutualIndexed %v", a, b, got, want)
	}
	if bound := 2 * covA / (1 + covA); got > bound+1e-6 {
		t.Errorf("Links(%q, %q) = %v above its bound %v", a, b, got, bound)
	}
}

func TestLinksIsMutualIndexed(t *testing.T) {
	same := "North Korea denied supplying rockets to the Wagner group."
	pb := printOf(same)
	damp := Damping{}
	for i, k := range pb.Keys {
		damp[k] = float32(i%3+1) / 4
	}
	for _, d := range []Damping{nil, damp} {
		expectLinksBound(t, same, same, d)
		expectLinksBound(t, same, "Pyongyang rejected claims that it provided rockets to Wagner.", d)
		expectLinksBound(t, "Iran denied supplying drones to Russia.", same, d)
		expectLinksBound(t, "The city council approved a new budget for schools.", same, d)
		expectLinksBound(t, "", same, d)
		expectLinksBound(t, strings.Repeat("Officials in Seoul, Tokyo and Washington said the shipments of shells, rockets and drones continued. ", 8), same, d)
	}
}

// TestSortRefsOrdersByRefOrder holds sortRefs to a plain sort of the refs
// by refOrder, key and (lists over 12) weakness, for lists short and long, with classes
// repeated (a class listed twice for a key) and many keys per class.
func TestSortRefsOrdersByRefOrder(t *testing.T) {
	seed := uint32(7)
	next := func(n int) int { seed = seed*1664525 + 1013904223; return int(seed>>8) % n }
	pack := func(r classRef) uint64 {
		k := r.order()<<17 | uint64(r.key)<<1
		if r.weak() {
			k |= 1
		}
		return k
	}
	for _, n := range []int{0, 1, 5, 12, 13, 40, 128, 129, 600} {
		for round := 0; round < 30; round++ {
			refs := make([]classRef, n)
			for i := range refs {
				refs[i] = newRef(uint32(next(3*n+1)), uint16(next(20)), next(2) == 0)
			}
			want := make([]uint64, n)
			for i, r := range refs {
				want[i] = pack(r)
			}
			slices.Sort(want)
			sortRefs(refs)
			// A short list is sorted by a comparison that leaves a class
			// listed twice for a key in either order; a long one as numbers.
			loose := uint64(0)
			if n <= 12 {
				loose = 1
			}
			for i, r := range refs {
				if pack(r)|loose != want[i]|loose {
					t.Fatalf("%d refs: place %d holds %x, want %x", n, i, pack(r), want[i])
				}
			}
		}
	}
}

// TestEntityBitsListEntities: the entity keys a print lists by its bits
// are the ones a walk over its keys finds, in order.
func TestEntityBitsListEntities(t *testing.T) {
	for _, s := range []string{
		"North Korea supplied rockets to Wagner, the United States said on Friday.",
		"Kirby said Russia and North Korea denied it.",
		"No names here at all.",
		"",
	} {
		p := printOf(s)
		var byBits, byWalk [maxListedEntities]uint16
		a, okA := entityKeys(&byBits, &p)
		q := p
		q.entOK = false
		b, okB := entityKeys(&byWalk, &q)
		if okA != okB || !slices.Equal(a, b) {
			t.Fatalf("%q: entities by bits %v (%v), by walk %v (%v)", s, a, okA, b, okB)
		}
	}
}

// expectSamePrint checks that two prints hold the same keys, weights,
// classes, entities, pairs and refs.
func expectSamePrint(t *testing.T, what string, got, want *Print) {
	t.Helper()
	same := slices.Equal(got.Keys, want.Keys) && slices.Equal(got.W, want.W) && slices.Equal(got.Ent, want.Ent) &&
		slices.Equal(got.Pairs, want.Pairs) && slices.Equal(got.refs, want.refs) && got.Total == want.Total &&
		got.pairBit == want.pairBit && got.entBit == want.entBit && got.entOK == want.entOK &&
		slices.EqualFunc(got.Classes, want.Classes, slices.Equal[[]uint32])
	if !same {
		t.Fatalf("%s: made in a room %+v, alone %+v", what, *got, *want)
	}
}

// TestRoomMakesFromInfo: prints made one after another in a Room are
// FromInfo's, a print kept is not touched by the ones made after it (some
// dropped, some past the room's first array), and a Reset room makes them
// again.
func TestRoomMakesFromInfo(t *testing.T) {
	texts := []string{
		"North Korea supplied rockets to Wagner, the United States said on Friday.",
		"Kirby said Russia and North Korea denied it.",
		"",
		"The harbour authority said on Monday that the lighthouse would close in March after a storm damaged its lamp.",
		"Rockets, rockets and more rockets.",
	}
	infosOf := func(s string) ([]string, []Info) {
		ts := lexicon.Terms(s)
		lexicon.Resolve(ts, ts)
		keys := ContentKeys(ts)
		infos := make([]Info, len(keys))
		for i, k := range keys {
			infos[i] = InfoOf(k)
		}
		return keys, infos
	}
	var r Room
	for round := 0; round < 2; round++ {
		var kept, want []Print
		for i := 0; i < 200; i++ {
			keys, infos := infosOf(texts[i%len(texts)])
			p := r.FromInfo(keys, infos)
			alone := FromInfo(keys, infos)
			expectSamePrint(t, texts[i%len(texts)], &p, &alone)
			if i%3 == 1 {
				r.Drop(&p)
				continue
			}
			kept, want = append(kept, p), append(want, alone)
		}
		for i := range kept {
			expectSamePrint(t, "kept", &kept[i], &want[i])
		}
		r.Reset()
		for i, k := range r.keys[:cap(r.keys)] {
			if k != "" || r.classes[:cap(r.classes)][i] != nil {
				t.Fatalf("a reset room still holds key %q and classes %v at %d", k, r.classes[:cap(r.classes)][i], i)
			}
		}
	}
}
