package match

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf16"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/retold/retold/shared/corpus"
	"github.com/retold/retold/shared/fingerprint"
	"github.com/retold/retold/shared/index"
	"github.com/retold/retold/shared/intake"
	"github.com/retold/retold/shared/lexicon"
	"github.com/retold/retold/shared/stance"
)

func seedIndex(t testing.TB) *index.Index {
	t.Helper()
	x, err := corpus.Index()
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// A page of our own writing that retells the seed story in other words.
const retelling = `Pyongyang rejects US charge of arms sales to Wagner

North Korea on Sunday rejected Washington's accusation that it had sold rockets and missiles to Russia's Wagner mercenary group.

A senior official in Pyongyang dismissed the allegation as a self-made rumour and warned that the United States would face a really undesirable result if it kept spreading it, the state news agency KCNA reported.

The official also described the American claims as a foolish attempt to justify Washington's own offer of weapons to Ukraine.

According to White House spokesman John Kirby, US intelligence photographs showed Russian rail cars entering North Korea and leaving with a load of infantry rockets and missiles.

The weather in the capital was cold and clear on Sunday, and the city's markets were busy.`

func flagFor(res Result, substr string) *Flag {
	for i := range res.Flags {
		if strings.Contains(res.Flags[i].Text, substr) {
			return &res.Flags[i]
		}
	}
	return nil
}

func TestRetellingIsFlagged(t *testing.T) {
	x := seedIndex(t)
	res := Analyze(x, intake.Article{ID: "retelling", Date: "2023-01-30", Text: retelling})
	cases := []struct {
		sentence, kind string
	}{
		{"dismissed the allegation as a self-made rumour", "denial"},
		{"foolish attempt to justify", "denial"},
		{"US intelligence photographs showed Russian rail cars", "claim"},
	}
	for _, c := range cases {
		f := flagFor(res, c.sentence)
		if f == nil {
			t.Errorf("not flagged: %q", c.sentence)
			continue
		}
		if f.Kind != c.kind {
			t.Errorf("%q: kind %s, want %s", c.sentence, f.Kind, c.kind)
		}
		if len(f.Versions) < 2 {
			t.Errorf("%q: %d versions, want the versions of at least two outlets", c.sentence, len(f.Versions))
		}
		earliest := 0
		for i, v := range f.Versions {
			if v.Earliest {
				earliest++
			}
			if i > 0 && v.Score > f.Versions[i-1].Score {
				t.Errorf("%q: versions not best first", c.sentence)
			}
		}
		if earliest > 1 {
			t.Errorf("%q: %d versions marked earliest", c.sentence, earliest)
		}
	}
	if f := flagFor(res, "weather in the capital"); f != nil {
		t.Errorf("an unrelated sentence was flagged: %+v", f)
	}
}

func TestUnrelatedPageHasNoFlags(t *testing.T) {
	x := seedIndex(t)
	page := `City council approves new bridge

The city council said on Monday that the new bridge across the river will open in May, after two years of delays and a dispute with the builder.

The mayor told reporters the bridge would cut travel times for thousands of commuters, while critics said the cost had doubled.

Local shops expect more visitors once the bridge opens.`
	res := Analyze(x, intake.Article{ID: "bridge", Text: page})
	if len(res.Flags) != 0 {
		t.Fatalf("flags on an unrelated page: %+v", res.Flags)
	}
	if res.Flags == nil {
		t.Fatal("Flags must be an empty list, never nil (it is JSON [] for every reader)")
	}
}

func TestOwnArticleIsNotAVersion(t *testing.T) {
	x := seedIndex(t)
	as, err := corpus.Articles()
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range as {
		if !strings.HasPrefix(a.ID, "002") {
			continue
		}
		// The same article, by id and as an anonymous copy.
		for _, page := range []intake.Article{a, {ID: "copy", Text: a.Text}} {
			res := Analyze(x, page)
			if len(res.Flags) == 0 {
				t.Fatalf("%s: the article's own claims are known to the other seeds, but nothing was flagged", page.ID)
			}
			for _, f := range res.Flags {
				for _, v := range f.Versions {
					if v.Source == a.ID {
						t.Fatalf("%s: flag %q lists the page's own article as a version", page.ID, f.Text)
					}
				}
			}
		}
	}
}

func TestSelectorAndPosition(t *testing.T) {
	x := seedIndex(t)
	// Text before the sentence has characters outside the BMP and accents,
	// so UTF-16 and byte offsets differ.
	text := "Notes 𝐀𝐁 café ✓\n\n" + retelling
	res := Analyze(x, intake.Article{ID: "p", Text: text})
	if len(res.Flags) == 0 {
		t.Fatal("no flags")
	}
	u := utf16.Encode([]rune(text))
	for _, f := range res.Flags {
		got := string(utf16.Decode(u[f.Position.Start:f.Position.End]))
		if got != f.Selector.Exact {
			t.Errorf("position %v gives %q, want the exact text %q", f.Position, got, f.Selector.Exact)
		}
		if !strings.Contains(text, f.Selector.Prefix+f.Selector.Exact+f.Selector.Suffix) {
			t.Errorf("prefix+exact+suffix is not in the page: %+v", f.Selector)
		}
	}
}

func TestBadPagesDoNotPanic(t *testing.T) {
	x := seedIndex(t)
	pages := []string{
		"",
		"   \n\n  ",
		"\xff\xfe\x00 invalid utf-8 \xc3\x28 North Korea denied providing arms \xe2\x82",
		strings.Repeat("North Korea denied it. ", 100000),
		strings.Repeat("word ", 1<<20),
	}
	for _, p := range pages {
		Analyze(x, intake.Article{ID: "bad", Text: p})
	}
}

func FuzzAnalyze(f *testing.F) {
	x := seedIndex(f)
	f.Add(retelling, "2023-01-30")
	f.Add("North Korea denies arms sales to Russia", "")
	f.Fuzz(func(t *testing.T, text, date string) {
		res := Analyze(x, intake.Article{ID: "f", Text: text, Date: date})
		for _, fl := range res.Flags {
			if fl.Position.Start > fl.Position.End || len(fl.Versions) == 0 {
				t.Fatalf("bad flag %+v", fl)
			}
		}
	})
}

// TestPagePosition: on an HTML page, each flag's page_position slices the
// page text (the body's text nodes outside script, style, noscript and
// template, in UTF-16 units) to the flagged sentence; on plain text there is none.
func TestPagePosition(t *testing.T) {
	x := seedIndex(t)
	var body strings.Builder
	body.WriteString(`<html><body><nav><a href="/">Home</a> · <a href="/w">World</a></nav><script>var s = "x";</script><article>`)
	for i, p := range strings.Split(retelling, "\n\n") {
		if i == 0 {
			body.WriteString("<h1>" + p + "</h1>\n")
			continue
		}
		body.WriteString("<p>" + strings.ReplaceAll(p, "North Korea", "North <b>Korea</b>") + "</p>\n<noscript>enable scripts</noscript>\n")
	}
	body.WriteString(`</article><footer>© 2023</footer></body></html>`)
	src := body.String()
	as, err := intake.Parse("retelling.html", []byte(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	as[0].Date = "2023-01-30"
	res := Analyze(x, as[0])
	if len(res.Flags) == 0 {
		t.Fatal("no flags on the HTML retelling")
	}
	page := pageTextUnits(t, src)
	for _, f := range res.Flags {
		if f.PagePosition == nil {
			t.Errorf("no page_position for %q", f.Text)
			continue
		}
		s, e := f.PagePosition.Start, f.PagePosition.End
		if s < 0 || e > len(page) || s >= e {
			t.Errorf("page_position %d..%d outside the page text", s, e)
			continue
		}
		if got := strings.Join(strings.Fields(string(utf16.Decode(page[s:e]))), " "); got != f.Text {
			t.Errorf("page text at page_position = %q, want %q", got, f.Text)
		}
	}
	plain := Analyze(x, intake.Article{ID: "retelling", Date: "2023-01-30", Text: retelling})
	for _, f := range plain.Flags {
		if f.PagePosition != nil {
			t.Errorf("page_position on a plain-text page: %q", f.Text)
		}
	}
}

// pageTextUnits is the page text the extension's TreeWalker sees, in UTF-16.
func pageTextUnits(t *testing.T, src string) []uint16 {
	t.Helper()
	root, err := html.Parse(strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	var walk func(n *html.Node, in bool)
	walk = func(n *html.Node, in bool) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Script, atom.Style, atom.Noscript, atom.Template:
				return
			case atom.Body:
				in = true
			}
		}
		if n.Type == html.TextNode && in {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, in)
		}
	}
	walk(root, false)
	return utf16.Encode([]rune(b.String()))
}

// A headline says in short what the page's body states at length: it is
// flagged with the claim the body states, at a bar it would not clear alone.
func TestHeadlineBorrowsTheBodysClaim(t *testing.T) {
	x := seedIndex(t)
	const headline = "Kirby says North Korea delivered rockets to Russia"
	body := retelling[strings.Index(retelling, "\n\n"):]
	res := Analyze(x, intake.Article{ID: "p", Date: "2023-01-30", Text: headline + body})
	h, b := flagFor(res, headline), flagFor(res, "US intelligence photographs showed")
	if h == nil || b == nil {
		t.Fatalf("headline flagged %v, body sentence flagged %v; want both", h != nil, b != nil)
	}
	if h.Claim != b.Claim {
		t.Errorf("headline flagged with %s, the body's sentence with %s", h.Claim, b.Claim)
	}
	alone := Analyze(x, intake.Article{ID: "p", Date: "2023-01-30", Text: headline + "\n\nThe weather in the capital was cold and clear on Sunday."})
	if f := flagFor(alone, headline); f != nil {
		t.Errorf("the headline alone was flagged (%s %.2f): the test no longer shows what the body adds", f.Claim, f.Score)
	}
}

// A flag lists each outlet once, and "earliest" marks the first published of
// the versions listed.
func TestVersionsOnePerArticle(t *testing.T) {
	x := seedIndex(t)
	res := Analyze(x, intake.Article{ID: "retelling", Date: "2023-01-30", Text: retelling})
	if len(res.Flags) == 0 {
		t.Fatal("nothing flagged")
	}
	for _, f := range res.Flags {
		seen := map[string]bool{}
		first, marked := "", -1
		for i, v := range f.Versions {
			if seen[v.Source] {
				t.Errorf("%q: %s listed twice", f.Text, v.Source)
			}
			seen[v.Source] = true
			if v.Date != "" && (first == "" || v.Date < first) {
				first = v.Date
			}
			if v.Earliest {
				if marked >= 0 {
					t.Errorf("%q: two versions marked earliest", f.Text)
				}
				marked = i
			}
		}
		switch {
		case first == "" && marked >= 0:
			t.Errorf("%q: an undated version marked earliest", f.Text)
		case first != "" && (marked < 0 || f.Versions[marked].Date != first):
			t.Errorf("%q: earliest mark on %d, want a version dated %s", f.Text, marked, first)
		}
	}
}

// A claim and its own denial share their words by design: a sentence that
// asserts is read as the claim, however much better the denial's wording
// fits it.
func TestStanceDecidesBetweenAClaimAndItsDenial(t *testing.T) {
	x, _, err := index.Build([]intake.Article{
		{ID: "a", Date: "2023-01-10", Text: "The United States said North Korea supplied rockets and missiles to the Wagner group."},
		{ID: "b", Date: "2023-01-12", Text: "North Korea denied supplying rockets and missiles to the Wagner group after the United States said it supplied rockets and missiles to Wagner fighters."},
	})
	if err != nil {
		t.Fatal(err)
	}
	var claim, denial int32 = -1, -1
	for i, s := range x.Sentences {
		switch {
		case s.Kind == stance.Claim && claim < 0:
			claim = int32(i)
		case s.Kind == stance.Denial:
			denial = int32(i)
		}
	}
	if claim < 0 || denial < 0 || x.Claims[x.Sentences[denial].Claim].Counter != x.Sentences[claim].Claim {
		t.Fatalf("the test corpus should hold a claim and the denial linked to it: %+v", x.Claims)
	}
	cands := []candidate{{denial, 0.8}, {claim, 0.6}}
	for _, c := range []struct {
		kind stance.Kind
		want int32
	}{
		{stance.Claim, x.Sentences[claim].Claim},
		{stance.Denial, x.Sentences[denial].Claim},
	} {
		got, _, ok := choose(x, englishBars, "", c.kind, cands, nil, 0, flagAlone, -1)
		if !ok || got != c.want {
			t.Errorf("a page %s: chose %d (flagged %v), want %d", c.kind, got, ok, c.want)
		}
	}
}

// A headline takes the claim its page's lead states when that fits it
// nearly as well as a look-alike: two denials' headlines are worded alike,
// their leads are not.
func TestHeadlineTakesItsLeadsClaim(t *testing.T) {
	x := seedIndex(t)
	var denials []int32 // two denial claims, each with a version to stand for it
	var sent []int32
	for i, s := range x.Sentences {
		if x.Claims[s.Claim].Kind == stance.Denial && !slices.Contains(denials, s.Claim) {
			denials = append(denials, s.Claim)
			sent = append(sent, int32(i))
		}
		if len(denials) == 2 {
			break
		}
	}
	if len(denials) < 2 || !rival(x, denials[0], denials[1]) {
		t.Fatal("the seeds should hold two rival denials")
	}
	cands := []candidate{{sent[0], 0.8}, {sent[1], 0.7}}
	for _, c := range []struct {
		lead, want int32
	}{
		{-1, denials[0]},
		{denials[1], denials[1]},
		{denials[0], denials[0]},
	} {
		got, _, ok := choose(x, englishBars, "", stance.Denial, cands, nil, 0, flagAlone, c.lead)
		if !ok || got != c.want {
			t.Errorf("lead %d: chose %d (flagged %v), want %d", c.lead, got, ok, c.want)
		}
	}
	// A lead's claim that fits the headline far worse does not take it.
	far := []candidate{{sent[0], 0.9}, {sent[1], 0.5}}
	if got, _, _ := choose(x, englishBars, "", stance.Denial, far, nil, 0, flagAlone, denials[1]); got != denials[0] {
		t.Errorf("a lead's claim far below the best took the headline")
	}
}

// A claim one outlet tells in two sentences lists the versions of both
// parts: the other outlets' restatements, worded like the second part, are
// versions of a page sentence that tells the first.
func TestJointClaimVersions(t *testing.T) {
	x := seedIndex(t)
	page := "White House spokesman John Kirby told reporters on Thursday that North Korea had completed an initial arms delivery to the Russian mercenary group Wagner, which paid for it."
	res := Analyze(x, intake.Article{ID: "joint", Date: "2022-12-23", Text: page})
	f := flagFor(res, "initial arms delivery")
	if f == nil {
		t.Fatalf("not flagged: %+v", res.Flags)
	}
	if len(f.Versions) < 3 {
		var got []string
		for _, v := range f.Versions {
			got = append(got, v.Source+": "+v.Text)
		}
		t.Errorf("%d versions, want the restatements of the other seeds too:\n%s", len(f.Versions), strings.Join(got, "\n"))
	}
}

// expectScoreBounded checks what pass 1's early skip relies on: no score is
// above the two prints' mutual coverage plus the whole phrase bonus.
func expectScoreBounded(t *testing.T, x *index.Index, sentence string) {
	t.Helper()
	ts := lexicon.Terms(sentence)
	lexicon.Resolve(ts, ts)
	p := fingerprint.Of(ts)
	found := x.Candidates(&p)
	damp := x.Damping(found)
	pd := x.Damped(&p, damp)
	for i := range x.Sentences {
		cd := x.DampedPrint(int32(i), damp)
		// Pass 1 bounds a score by the mutual coverage plus the phrase
		// bonus the candidate earns, read off its undamped print.
		ph := phraseOf(&pd, x.Print(int32(i)))
		if ph != phraseOf(&pd, &cd) || ph > phraseBonus {
			t.Errorf("%q against %q: phrase bonus %v from the undamped print, %v from the damped one", sentence, x.Sentences[i].Text, ph, phraseOf(&pd, &cd))
		}
		if sc, bound := Score(&pd, &cd), fingerprint.Mutual(&pd, &cd)+ph; sc > bound {
			t.Errorf("%q against %q: Score %v above its bound %v", sentence, x.Sentences[i].Text, sc, bound)
		}
	}
}

func TestScoreIsBoundedByMutual(t *testing.T) {
	x := seedIndex(t)
	for s := range strings.SplitSeq(retelling, "\n\n") {
		expectScoreBounded(t, x, s)
	}
	expectScoreBounded(t, x, "The council said the bridge over the river would open in May.")
	expectScoreBounded(t, x, "North Korea denied that it supplied rockets and missiles to Wagner, calling the report a rumour.")
}

// A sentence that only says where a statement was carried shares its words
// with a version that names the same carrier, but states nothing of it: it
// is not flagged as that denial, while the statement itself still is.
func TestWhoReportedIsNotWhatWasSaid(t *testing.T) {
	x := seedIndex(t)
	page := `North Korea's foreign ministry on Friday rejected the accusations as groundless and said the United States was bringing bloodshed and destruction to Ukraine with lethal weapons.

On Friday the North's official KCNA news agency reported the news.`
	res := Analyze(x, intake.Article{ID: "carrier", Date: "2022-12-23", Text: page})
	if f := flagFor(res, "rejected the accusations as groundless"); f == nil || f.Kind != "denial" {
		t.Errorf("the denial itself is not flagged as one: %+v", res.Flags)
	}
	if f := flagFor(res, "reported the news"); f != nil {
		t.Errorf("a sentence naming only the carrier is flagged: %+v", *f)
	}
}

// A page cannot report what was first said weeks after it came out: the
// retelling, dated before the seed story's events, states none of its
// claims (an earlier event told in the same words), while dated after them
// it does (TestRetellingIsFlagged).
func TestPageBeforeTheClaim(t *testing.T) {
	x := seedIndex(t)
	for _, date := range []string{"2022-09-20", "2022-09"} {
		res := Analyze(x, intake.Article{ID: "retelling", Date: date, Text: retelling})
		if len(res.Flags) > 0 {
			t.Errorf("a page of %s has flags: %+v", date, res.Flags)
		}
	}
	if res := Analyze(x, intake.Article{ID: "retelling", Text: retelling}); len(res.Flags) == 0 {
		t.Error("an undated page has no flags")
	}
}
