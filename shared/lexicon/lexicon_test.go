package lexicon

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// keys returns the keys of the non-stop terms of text.
func keys(text string) []string {
	var ks []string
	for _, t := range Terms(text) {
		if !t.Stop {
			ks = append(ks, t.Key)
		}
	}
	return ks
}

func expectKeys(t *testing.T, in string, want ...string) {
	t.Helper()
	if got := keys(in); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("Terms(%q) keys = %q, want %q", in, got, want)
	}
}

func TestStems(t *testing.T) {
	expectKeys(t, "supplied", "suppli")
	expectKeys(t, "Supplies SUPPLYING", "suppli", "suppli")
	expectKeys(t, "the nuclear-armed state", "nuclear", "arm", "state")
	expectKeys(t, "Kim Jong-un", "kim", "jong", "un")
	expectKeys(t, "He said she told them", "say", "tell")   // irregular forms
	expectKeys(t, "they left the ground", "left", "ground") // forms that are words of their own
	expectKeys(t, "Café déjà-vu in Zürich, Łódź", "cafe", "deja", "vu", "zurich", "lodz")
	expectKeys(t, "don't can’t O'Brien", "obrien")               // contractions are stop words
	expectKeys(t, "the countries' leaders", "countri", "leader") // trailing apostrophe
	expectKeys(t, "MH17 and F16s", "mh17", "f16s")               // mixed tokens are not stemmed
	expectKeys(t, "e.g. this", "eg")
}

func TestNumbers(t *testing.T) {
	expectKeys(t, "31 Abrams tanks", "31", "abram", "tank")
	expectKeys(t, "1,000 and 1.5 and 31st and 1990s", "1000", "1.5", "31", "1990")
	expectKeys(t, "in 2022.", "2022")
	for _, tm := range Terms("31 tanks in 2022") {
		if (tm.Key == "31" || tm.Key == "2022") != (tm.Kind == Number) {
			t.Errorf("%q: kind %d", tm.Key, tm.Kind)
		}
	}
}

func TestEntities(t *testing.T) {
	cases := map[string][]string{
		"@kp": {"North Korea", "Pyongyang", "DPRK", "the D.P.R.K.", "North Korean", "North Koreans",
			"Democratic People's Republic of Korea", "Pyongyang’s", "North Korea's", "NORTH KOREA"},
		"@us": {"U.S.", "US", "USA", "United States", "America", "American", "Americans", "Washington",
			"White House", "the U.S", "United States of America", "Pentagon"},
		"@ru":     {"Russia", "Russia's", "Russian", "Russians", "Moscow", "Kremlin", "Russian Federation", "Moscow’s"},
		"@ua":     {"Ukraine", "Kyiv", "Kiev", "Ukrainian", "Ukrainians"},
		"@cn":     {"China", "Beijing", "Chinese", "People's Republic of China", "PRC"},
		"@gb":     {"Britain", "UK", "U.K.", "United Kingdom", "Downing Street", "British", "London"},
		"@kr":     {"South Korea", "Seoul", "Republic of Korea", "South Korean", "Blue House"},
		"@fr":     {"France", "Élysée", "Elysee Palace", "Paris", "French"},
		"@ci":     {"Ivory Coast", "Côte d'Ivoire", "Ivorian"},
		"@gw":     {"Guinea-Bissau", "Guinea Bissau"},
		"@un":     {"UN", "U.N.", "United Nations", "UN's"},
		"@unsc":   {"UN Security Council", "U.N. Security Council", "United Nations Security Council", "UNSC"},
		"@nato":   {"NATO", "Nato", "North Atlantic Treaty Organization"},
		"@who":    {"WHO", "World Health Organization"},
		"@iaea":   {"IAEA", "International Atomic Energy Agency"},
		"@eu":     {"EU", "European Union", "E.U."},
		"@wagner": {"Wagner Group"},
	}
	for id, forms := range cases {
		for _, f := range forms {
			ks := keys(f)
			if len(ks) != 1 || ks[0] != id {
				t.Errorf("Terms(%q) = %q, want [%s]", f, ks, id)
			}
		}
	}
	// Not entities: lower-case words that are also names or abbreviations.
	expectKeys(t, "tell us about un turkey and china", "tell", "un", "turkey", "china")
	expectKeys(t, "Who said it", "say")
	expectKeys(t, "the North Pole", "north", "pole")
	expectKeys(t, "New Mexico", "new", "mexico")
	expectKeys(t, "the Washington Post", "washington", "post")
	expectKeys(t, "UN-backed talks", "@un", "back", "talk")
	// A name does not run across punctuation.
	expectKeys(t, "in the north. Korea", "north", "korea")
	// An entity's span covers all its words.
	ts := Terms("the North Korean official")
	if s := "the North Korean official"[ts[1].Start:ts[1].End]; s != "North Korean" || ts[1].Kind != Entity {
		t.Errorf("span %q kind %d", s, ts[1].Kind)
	}
}

func TestResolve(t *testing.T) {
	doc := Terms("North Korea denied the report. Pyongyang said the US lied.")
	expectResolve(t, "the North rejected it", doc, "@kp")
	doc = Terms("South Korea and the US held drills near Seoul.")
	expectResolve(t, "the South said", doc, "@kr")
	expectResolve(t, "the North said", doc, "@north") // no northern country in the document
	expectResolve(t, "the north wind", doc, "north")
	expectResolve(t, "the North Atlantic", doc, "north")
	expectResolve(t, "the North side", doc, "north")
}

// expectResolve also holds ResolveCopy to Resolve's answer, leaving the
// terms it was given as they were and copying them only when it rewrites.
func expectResolve(t *testing.T, in string, doc []Term, want string) {
	t.Helper()
	ts := Terms(in)
	orig := slices.Clone(ts)
	out, copied := ResolveCopy(make([]Term, 1, 8), ts, doc)
	if !slices.Equal(ts, orig) {
		t.Errorf("ResolveCopy(%q) rewrote its input: %v", in, ts)
	}
	if !copied && &out[0] != &ts[0] || copied && &out[0] == &ts[0] {
		t.Errorf("ResolveCopy(%q): copied %v, but the answer's array says otherwise", in, copied)
	}
	Resolve(ts, doc)
	if ts[1].Key != want {
		t.Errorf("Resolve(%q) = %q, want %q", in, ts[1].Key, want)
	}
	if !slices.Equal(out, ts) {
		t.Errorf("ResolveCopy(%q) = %v, Resolve %v", in, out, ts)
	}
}

func TestTermsInLikeTerms(t *testing.T) {
	// A reused array holds the last text's terms, longer and shorter.
	buf := Terms("Pyongyang said the North Korean rockets were made at home, and Seoul said not.")
	for _, in := range []string{"", "the North rejected it", "South Korea, 3,000 rockets and a cease fire", strings.Repeat("word ", 40)} {
		want := Terms(in)
		buf = TermsIn(buf, in)
		if !slices.Equal(buf, want) {
			t.Errorf("TermsIn(%q) = %v, want %v", in, buf, want)
		}
		if got := TermsLangIn(slices.Clone(buf), in, "en"); !slices.Equal(got, want) {
			t.Errorf("TermsLangIn(%q, en) = %v, want %v", in, got, want)
		}
	}
}

func TestSimilar(t *testing.T) {
	// What WordNet's frequent senses give (see the report for the misses).
	for _, c := range []struct {
		a, b     string
		min, max float32
	}{
		{"supply", "provide", 0.8, 0.8},
		{"deliver", "delivery", 0.8, 0.8},
		{"deny", "denial", 0.8, 0.8},
		{"supply", "supplier", 0.8, 0.8},
		{"arms", "weapon", 0.8, 0.8},
		{"say", "tell", 0.8, 0.8},
		{"said", "stated", 0.8, 0.8},
		{"rumor", "rumour", 1, 1}, // one word in two spellings
		{"attack", "assault", 0.8, 0.8},
		{"missile", "rocket", 0.5, 0.5},
		{"missile", "weapon", 0.5, 0.5},
		{"shell", "munition", 0.5, 0.5},
		{"deny", "reject", 0.8, 0.8}, // no shared WordNet sense: the speech-act table links them
		{"rocket", "weapon", 0, 0},   // WordNet's rocket is a vehicle
		{"deny", "banana", 0, 0},
		{"missile", "tomato", 0, 0},
		{"supplied", "supplies", 1, 1},
	} {
		a, b := Terms(c.a)[0].Key, Terms(c.b)[0].Key
		if s := Similar(a, b); s < c.min || s > c.max {
			t.Errorf("Similar(%s, %s) = %v, want [%v, %v]", a, b, s, c.min, c.max)
		}
		if Similar(a, b) != Similar(b, a) {
			t.Errorf("Similar(%s, %s) not symmetric", a, b)
		}
	}
	if Similar("@kp", "@ru") != 0 || Similar("@kp", "@kp") != 1 || Similar("@kp", "kp") != 0 {
		t.Error("entities are only similar to themselves")
	}
}

// TestClassesInvariant checks, over every pair of a few hundred common keys,
// that a positive Similar implies a shared class, and that lists are small
// and sorted.
func TestClassesInvariant(t *testing.T) {
	load()
	var ks []string
	for i := 0; i < len(data.keyOff)-1; i += 23 {
		ks = append(ks, data.key(i))
	}
	ks = append(ks, keys("deny reject supply provide deliver delivery rocket weapon arms missile say tell shell munition")...)
	pairs := 0
	for _, a := range ks {
		ca := Classes(a)
		if len(ca) > 10 { // eight WordNet classes, the key itself, a speech act
			t.Errorf("Classes(%s) has %d ids", a, len(ca))
		}
		for i := 1; i < len(ca); i++ {
			if ca[i] <= ca[i-1] {
				t.Errorf("Classes(%s) not sorted: %v", a, ca)
			}
		}
		for _, b := range ks {
			if Similar(a, b) > 0 {
				pairs++
				if !share(ca, Classes(b)) {
					t.Errorf("Similar(%s, %s) > 0 but no shared class", a, b)
				}
			}
		}
	}
	if pairs < len(ks) {
		t.Errorf("only %d similar pairs", pairs)
	}
}

func share(a, b []uint32) bool {
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return true
			}
		}
	}
	return false
}

func TestWeight(t *testing.T) {
	the, say, missile, unseen := Weight("the"), Weight("say"), Weight("missil"), Weight("zzzqqq")
	if !(the < 2 && the < say && say < missile && missile < unseen && unseen >= 10) {
		t.Errorf("weights the=%v say=%v missile=%v unseen=%v", the, say, missile, unseen)
	}
	if w := Weight("31"); w > numberWeightCap || w < 3 {
		t.Errorf("Weight(31) = %v", w)
	}
	if w := Weight("@kp"); w > entityWeightCap || w < 3 {
		t.Errorf("Weight(@kp) = %v", w)
	}
}

func TestReporting(t *testing.T) {
	for _, w := range []string{"said", "says", "told", "according", "statement", "announced", "claimed", "reported", "added", "noted", "quoted", "stated"} {
		if k := Terms(w)[0].Key; !Reporting(k) {
			t.Errorf("Reporting(%s) = false", k)
		}
	}
	for _, w := range []string{"rocket", "deny", "supply"} {
		if k := Terms(w)[0].Key; Reporting(k) {
			t.Errorf("Reporting(%s) = true", k)
		}
	}
}

func TestOtherScripts(t *testing.T) {
	expectKeys(t, "Москва ЗАЯВИЛА", "москва", "заявила")
	expectKeys(t, "北朝鮮", "北朝", "朝鮮") // CJK runs become bigrams
	expectKeys(t, "核", "核")
	expectKeys(t, "평양 தமிழ் العربية", "평양", "தமிழ்", "العربية")
}

func TestOffsets(t *testing.T) {
	for _, s := range []string{
		"North Korea on Sunday denied providing arms to Moscow.",
		"“Pyongyang’s” rockets—and U.S.-made tanks… 北朝鮮のミサイル",
		"\xff\xfe broken utf8 U.S.\x80A.",
		strings.Repeat("a.", 5000), strings.Repeat("1,", 5000),
	} {
		checkTerms(t, s)
	}
}

func checkTerms(t *testing.T, s string) {
	t.Helper()
	if err := validTerms(s, Terms(s)); err != "" {
		t.Fatalf("Terms(%q): %s", s, err)
	}
}

// validTerms checks the offset contract: starts strictly increase, spans are
// non-empty and inside the text, keys are non-empty, and terms are disjoint
// except CJK bigrams, which overlap their neighbour by one character.
func validTerms(s string, ts []Term) string {
	prevStart, prevEnd := -1, 0
	for _, tm := range ts {
		cjk := tm.Kind == Word && isCJK([]rune(tm.Key)[0])
		if tm.Start <= prevStart || tm.End <= tm.Start || tm.End > len(s) || tm.Key == "" || (!cjk && tm.Start < prevEnd) {
			return fmt.Sprintf("bad term %+v after [%d,%d)", tm, prevStart, prevEnd)
		}
		prevStart, prevEnd = tm.Start, tm.End
	}
	return ""
}

// hostileText repeats a name prefix that never completes, then one huge word:
// a matcher that backtracks over names would take quadratic time on it.
var hostileText = strings.Repeat("Democratic People's Republic of ", 20000) + strings.Repeat("x", 1<<20)

func TestHostileInput(t *testing.T) {
	// Finishing within the test timeout is the check; BenchmarkTermsHostile
	// measures the time.
	if msg := validTerms(hostileText, Terms(hostileText)); msg != "" {
		t.Error(msg)
	}
}

func BenchmarkTermsHostile(b *testing.B) {
	for b.Loop() {
		Terms(hostileText)
	}
}

func FuzzTerms(f *testing.F) {
	f.Add("North Korea denied supplying rockets to Russia's Wagner group, the U.S. said.")
	f.Fuzz(func(t *testing.T, s string) {
		ts := Terms(s)
		if err := validTerms(s, ts); err != "" {
			t.Fatal(err)
		}
		for _, tm := range ts {
			_ = Similar(tm.Key, "suppli") + Weight(tm.Key)
			_ = Classes(tm.Key)
		}
		Resolve(ts, ts)
	})
}

func BenchmarkInit(b *testing.B) {
	for b.Loop() {
		var d tables
		d.init()
	}
}

const benchText = `North Korea on Sunday denied providing arms to Moscow after the United States said the
nuclear-armed state supplied rockets and missiles to Russia's private military group Wagner. Washington
earlier this month designated the Wagner group as a "transnational criminal organization," citing its
weapons dealings with Pyongyang in violation of UN Security Council resolutions.`

func BenchmarkTerms(b *testing.B) {
	b.SetBytes(int64(len(benchText)))
	for b.Loop() {
		Terms(benchText)
	}
}

// BenchmarkFieldsBaseline is the floor Terms is measured against: a plain
// whitespace split of the same text.
func BenchmarkFieldsBaseline(b *testing.B) {
	b.SetBytes(int64(len(benchText)))
	for b.Loop() {
		strings.Fields(strings.ToLower(benchText))
	}
}

// TestRewordingCoverage measures what the lexicon adds for the matcher: the
// share of a seed sentence's (non-stop, non-reporting) weight that a
// reworded sentence covers exactly, and with Similar as soft credit.
func TestRewordingCoverage(t *testing.T) {
	for _, c := range []struct{ seed, reworded string }{
		{"North Korea on Sunday denied providing arms to Moscow after the United States said the nuclear-armed state supplied rockets and missiles to Russia's private military group Wagner.",
			"Pyongyang rejected American claims that it delivered weapons, including missiles, to the Russian mercenary force Wagner."},
		{"A senior North Korean official rejected the accusations, warning that the U.S. will face a really undesirable result.",
			"A high-ranking DPRK official dismissed the charges and warned Washington of an undesirable outcome."},
		{"The White House showed U.S. intelligence photographs of Russian rail cars entering North Korea.",
			"Washington released spy images of trains from Russia crossing into the North."},
		{"Biden promised 31 Abrams tanks to help Kyiv fight off Moscow's invasion.",
			"The US president pledged 31 tanks to Ukraine to repel the Russian attack."},
	} {
		q, r := Terms(c.seed), Terms(c.reworded)
		Resolve(r, append(Terms(c.seed), r...))
		var total, exact, soft float64
		for _, a := range q {
			if a.Stop || Reporting(a.Key) {
				continue
			}
			w := float64(Weight(a.Key))
			total += w
			best := float32(0)
			for _, b := range r {
				best = max(best, Similar(a.Key, b.Key))
			}
			if best == 1 {
				exact += w
			}
			soft += w * float64(best)
		}
		t.Logf("exact %.2f  soft %.2f  %.40q", exact/total, soft/total, c.seed)
		if soft < exact {
			t.Errorf("soft coverage below exact")
		}
	}
}

func TestSpeechActs(t *testing.T) {
	for _, pair := range [][2]string{{"denied", "rejected"}, {"allegations", "accused"}, {"groundless", "false"}, {"slammed", "denounced"}, {"rumour", "gossip"}} {
		a, b := keys(pair[0])[0], keys(pair[1])[0]
		if Similar(a, b) < simStrong {
			t.Errorf("Similar(%s, %s) = %.2f, want %.2f: one speech act", a, b, Similar(a, b), simStrong)
		}
		if !share(Classes(a), Classes(b)) {
			t.Errorf("Classes(%s) and Classes(%s) share no id", a, b)
		}
	}
	if Similar("deni", "accus") != 0 {
		t.Error("denying is not accusing")
	}
}

func TestSpellingsAndCompounds(t *testing.T) {
	same := [][2]string{
		{"organisation", "organization"}, {"defence", "defense"}, {"centre", "center"},
		{"recognised", "recognized"}, {"labour", "labor"},
		{"web site", "website"}, {"cease-fire", "ceasefire"}, {"air strikes", "airstrikes"}, {"rail cars", "railcars"},
	}
	for _, p := range same {
		if a, b := keys(p[0]), keys(p[1]); strings.Join(a, " ") != strings.Join(b, " ") {
			t.Errorf("%q -> %v, %q -> %v: want one key", p[0], a, p[1], b)
		}
	}
	// Words that only look British, and pairs that are not one word, stay apart.
	expectKeys(t, "four hours", "four", "hour")
	expectKeys(t, "foreign ministry", "foreign", "ministri")
}

func expectFold(t *testing.T, in, norm, letters string, upper bool) {
	t.Helper()
	n, l, u := fold(in)
	if n != norm || l != letters || u != upper {
		t.Errorf("fold(%q) = %q, %q, %v, want %q, %q, %v", in, n, l, u, norm, letters, upper)
	}
}

func TestFold(t *testing.T) {
	expectFold(t, "rockets", "rockets", "rockets", false)
	expectFold(t, "Wagner", "wagner", "Wagner", true)
	expectFold(t, "Pyongyang’s", "pyongyang", "Pyongyang", true)
	expectFold(t, "don’t", "dont", "dont", false)
	expectFold(t, "Zürich", "zurich", "Zürich", true)
	expectFold(t, "Łódź", "lodz", "Łódź", true)
	expectFold(t, "straße", "strasse", "straße", false)
	expectFold(t, "москва", "москва", "москва", false) // folded already: returned as it is
	expectFold(t, "Москва", "москва", "Москва", true)
	expectFold(t, "Ștefan", "stefan", "Ștefan", true)
	expectFold(t, "ə", "e", "ə", false)
	expectFold(t, "e\u0301te", "ete", "ete", false) // a combining accent dropped
	expectFold(t, "\u0301a", "a", "a", false)       // the mark is the first rune: not upper
	expectFold(t, strings.Repeat("я", 40), strings.Repeat("я", 40), strings.Repeat("я", 40), false)
	expectFold(t, strings.Repeat("Я", 40), strings.Repeat("я", 40), strings.Repeat("Я", 40), true)
}

// TestExtraFoldTop holds fold's bound on the runes it looks up in
// extraFold above all of them.
func TestExtraFoldTop(t *testing.T) {
	for r := range extraFold {
		if r > extraFoldTop {
			t.Errorf("extraFold has %U, above extraFoldTop %U", r, rune(extraFoldTop))
		}
	}
}

// TestRuneClasses holds the class cache to the unicode tables for every
// rune, those of the cached plane and those past it.
func TestRuneClasses(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if got, want := classOf(r), classFromTables(r); got != want {
			t.Fatalf("classOf(%U) = %b, want %b", r, got, want)
		}
		if got, want := lowerOf(r), unicode.ToLower(r); got != want {
			t.Fatalf("lowerOf(%U) = %U, want %U", r, got, want)
		}
	}
	for _, r := range []rune{'a', '7', 'é', '\u2019', ' ', '\u00a0', '\u3000', '中', 'か', 'カ', '한', '\u0301', utf8.RuneError, '٣'} {
		if isWordRune(r) != (unicode.IsLetter(r) || unicode.IsDigit(r) || (unicode.IsMark(r) && r != utf8.RuneError)) ||
			isCJK(r) != (r >= 0x2E80 && (unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r))) ||
			isLetter(r) != unicode.IsLetter(r) || isDigit(r) != unicode.IsDigit(r) || isSpace(r) != unicode.IsSpace(r) {
			t.Errorf("the classes of %U differ from the unicode tables'", r)
		}
	}
}

// TestLowerASCII holds lowerASCII to strings.ToLower, for words factsCache
// has not seen and, once their facts are asked, for words it keeps.
func TestLowerASCII(t *testing.T) {
	words := []string{"North", "KOREA", "G7", "Mh17", "PyongYang", strings.Repeat("Ab", 40)}
	for round := range 2 {
		for _, w := range words {
			if got, want := lowerASCII(w), strings.ToLower(w); got != want {
				t.Errorf("round %d: lowerASCII(%q) = %q, want %q", round, w, got, want)
			}
			factsOf(strings.ToLower(w))
		}
	}
}

func expectNumberKey(t *testing.T, raw, want string) {
	t.Helper()
	if got := numberKey(raw); got != want {
		t.Errorf("numberKey(%q) = %q, want %q", raw, got, want)
	}
}

func TestNumberKey(t *testing.T) {
	for _, c := range [][2]string{
		{"1990", "1990"}, {"1,000", "1000"}, {"1,000,000.5", "1000000.5"}, {"1.5", "1.5"},
		{"31st", "31"}, {"1990s", "1990"}, {"2,500th", "2500"}, {"٣٤", "٣٤"}, {"12٣", "12٣"}, {"", ""},
	} {
		expectNumberKey(t, c[0], c[1])
	}
}

// TestFoldKept folds words that change, before and after factsCache keeps
// their folded form (fold then hands back the kept string): the same
// answers either way.
func TestFoldKept(t *testing.T) {
	for round := range 2 {
		for _, c := range []struct{ in, norm string }{
			{"Zürich", "zurich"}, {"ÉLYSÉE", "elysee"}, {"Korea’s", "korea"}, {"Straße", "strasse"}, {"Mh17", "mh17"},
		} {
			norm, _, _ := fold(c.in)
			if norm != c.norm {
				t.Errorf("round %d: fold(%q) norm = %q, want %q", round, c.in, norm, c.norm)
			}
			factsOf(c.norm)
		}
	}
}
