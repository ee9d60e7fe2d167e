package extract

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// render is the snapshot form of a Doc: metadata lines, a blank line, the text.
func render(d *Doc) string {
	return fmt.Sprintf("Title: %s\nOutlet: %s\nDate: %s\nLang: %s\nByline: %s\nURL: %s\n\n%s\n",
		d.Title, d.Outlet, d.Date, d.Lang, d.Byline, d.URL, d.Text())
}

// TestPages compares each testdata/pages/<name>.html with <name>.want.
// UPDATE_SNAPSHOTS=1 rewrites the .want files; review them as a diff.
func TestPages(t *testing.T) {
	pages, err := filepath.Glob(filepath.Join("testdata", "pages", "*.html"))
	if err != nil || len(pages) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, page := range pages {
		name := strings.TrimSuffix(filepath.Base(page), ".html")
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(page)
			if err != nil {
				t.Fatal(err)
			}
			d, err := Extract(src, "")
			if err != nil {
				t.Fatal(err)
			}
			got := render(d)
			wantFile := strings.TrimSuffix(page, ".html") + ".want"
			if os.Getenv("UPDATE_SNAPSHOTS") != "" {
				if err := os.WriteFile(wantFile, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(wantFile)
			if err != nil {
				t.Fatalf("%v (run with UPDATE_SNAPSHOTS=1 to create it)", err)
			}
			if got != string(want) {
				t.Errorf("snapshot differs\n--- got\n%s--- want\n%s", got, want)
			}
		})
	}
}

func extractFile(t *testing.T, name string) *Doc {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("testdata", "pages", name))
	if err != nil {
		t.Fatal(err)
	}
	d, err := Extract(src, "")
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestNewsPage checks the properties the snapshot of news.html stands for, so
// a snapshot update cannot silently lose them.
func TestNewsPage(t *testing.T) {
	d := extractFile(t, "news.html")
	text := d.Text()
	for _, want := range []string{
		"The council of Port Wren voted on Monday evening",
		"Money from the fishing fund",               // a subheading stays
		"Critics said the town should first repair", // a blockquote stays
		"Work is due to start in the autumn",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("body lacks %q", want)
		}
	}
	for _, bad := range []string{
		"Harbour town votes", // the headline
		"hidden", "Neither must this one", "cookies", "Share on", "Storm damage in numbers",
		"newsletter", "First comment", "All rights reserved", "town archive", "News",
	} {
		if strings.Contains(text, bad) {
			t.Errorf("body holds %q:\n%s", bad, text)
		}
	}
	if d.Paragraphs[0] != "The council of Port Wren voted on Monday evening to rebuild the wooden pier that storms took apart two winters ago, ending a long argument about cost." {
		t.Errorf("first paragraph = %q", d.Paragraphs[0])
	}
	expectField(t, "Title", d.Title, "Harbour town votes to rebuild its old pier")
	expectField(t, "Outlet", d.Outlet, "The Coastal Ledger")
	expectField(t, "Date", d.Date, "2024-03-05")
	expectField(t, "Lang", d.Lang, "en-GB")
	expectField(t, "Byline", d.Byline, "Mara Quill")
	expectField(t, "URL", d.URL, "https://ledger.example/2024/03/05/pier-vote")
}

func expectField(t *testing.T, field, got, want string) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %q, want %q", field, got, want)
	}
}

func TestDivsWithBreaks(t *testing.T) {
	d := extractFile(t, "divs.html")
	if len(d.Paragraphs) != 3 || !strings.HasPrefix(d.Paragraphs[2], "Tickets go on sale") {
		t.Errorf("paragraphs = %q", d.Paragraphs)
	}
	expectField(t, "Title", d.Title, "Night trains return to the valley")
	expectField(t, "Outlet", d.Outlet, "Rail Notes")
}

func TestJSONLD(t *testing.T) {
	d := extractFile(t, "jsonld.html")
	if len(d.Paragraphs) != 5 || !strings.HasPrefix(d.Paragraphs[4], "Local guides") {
		t.Errorf("articleBody not used: %q", d.Paragraphs)
	}
	expectField(t, "Outlet", d.Outlet, "Alpine Wire")
	expectField(t, "Date", d.Date, "2023-08-14")
	expectField(t, "Byline", d.Byline, "Tomas Berg, Lea Fink")
	expectField(t, "Lang", d.Lang, "en")
}

func TestNoArticle(t *testing.T) {
	d := extractFile(t, "front.html")
	if len(d.Paragraphs) != 0 {
		t.Errorf("front page gave paragraphs %q", d.Paragraphs)
	}
	expectField(t, "Lang", d.Lang, "fr")
	deepLD := `<script type="application/ld+json">` + strings.Repeat("[", 5_000_000) + `</script><p>x</p>`
	for _, page := range []string{deepLD, "<p>", "<html></html>", "<!-- only a comment -->", "<frameset></frameset>"} {
		if d, err := Extract([]byte(page), "https://x.example/a"); err != nil || d == nil {
			t.Errorf("Extract(%q) = %v, %v; want a Doc", page, d, err)
		}
	}
}

func TestExtractErrors(t *testing.T) {
	deep := strings.Repeat("<div>", 100_000) + "text"
	huge := append([]byte("<html><body><p>"), bytes.Repeat([]byte("word "), 5<<20)...)
	for _, tc := range []struct {
		name string
		page []byte
	}{
		{"empty", nil},
		{"plain text", []byte("just some words, no markup at all")},
		{"binary", []byte("\x00\x01\x02<p>\x00")},
		{"too deep", []byte(deep)},
		{"too large", huge},
		{"too many tags", []byte(strings.Repeat("<p>", 600_000))},
	} {
		if d, err := Extract(tc.page, ""); err == nil {
			t.Errorf("%s: got %d paragraphs and no error", tc.name, len(d.Paragraphs))
		}
	}
	if _, err := Extract([]byte("plain"), ""); !errors.Is(err, ErrNotHTML) {
		t.Errorf("plain text: err = %v, want ErrNotHTML", err)
	}
}

func TestURLArgumentWins(t *testing.T) {
	d := extractFile(t, "news.html")
	expectField(t, "URL", d.URL, "https://ledger.example/2024/03/05/pier-vote")
	d2, _ := Extract([]byte(`<html><head><link rel="canonical" href="https://a.example/x"></head><body><p>x</p></body></html>`), "https://www.b.example/y")
	expectField(t, "URL", d2.URL, "https://www.b.example/y")
	expectField(t, "Outlet", d2.Outlet, "b.example")
}

func expectTitle(t *testing.T, title, outlet, h1, want string) {
	t.Helper()
	if got := cleanTitle(title, outlet, h1); got != want {
		t.Errorf("cleanTitle(%q, %q, %q) = %q, want %q", title, outlet, h1, got, want)
	}
}

func TestCleanTitle(t *testing.T) {
	expectTitle(t, "Pier to be rebuilt | The Coastal Ledger", "The Coastal Ledger", "", "Pier to be rebuilt")
	expectTitle(t, "Pier to be rebuilt - Ledger", "The Coastal Ledger", "", "Pier to be rebuilt")
	expectTitle(t, "Coastal Ledger — Pier to be rebuilt", "The Coastal Ledger", "", "Pier to be rebuilt")
	expectTitle(t, "Pier to be rebuilt after long debate - Local - News", "", "", "Pier to be rebuilt after long debate - Local")
	expectTitle(t, "Pier to be rebuilt, says mayor - ledger.example", "ledger.example", "", "Pier to be rebuilt, says mayor")
	expectTitle(t, "Pier to be rebuilt: a town decides", "", "Pier to be rebuilt", "Pier to be rebuilt")
	expectTitle(t, "Left - right", "", "", "Left - right")
	expectTitle(t, "  Spaced \n  title ", "", "", "Spaced title")
}

func expectDate(t *testing.T, in, want string) {
	t.Helper()
	if got := NormalizeDate(in); got != want {
		t.Errorf("NormalizeDate(%q) = %q, want %q", in, got, want)
	}
}

func TestNormalizeDate(t *testing.T) {
	expectDate(t, "2023-01-29T10:00:00Z", "2023-01-29")
	expectDate(t, "2023-01-29", "2023-01-29")
	expectDate(t, "January 29, 2023", "2023-01-29")
	expectDate(t, "29 Jan 2023", "2023-01-29")
	expectDate(t, "Jan. 29, 2023", "2023-01-29")
	expectDate(t, "Sunday, January 29, 2023", "2023-01-29")
	expectDate(t, "August 3rd, 2021", "2021-08-03")
	expectDate(t, "Published: 12 August 2021", "2021-08-12")
	expectDate(t, "Sun, 29 Jan 2023 10:00:00 GMT", "2023-01-29")
	expectDate(t, "2023/01/29", "2023-01-29")
	expectDate(t, "  ", "")
	expectDate(t, "last Tuesday", "last Tuesday")
	expectDate(t, "2023-13-45", "2023-13-45")
}

func expectArticle(t *testing.T, name, page string, want bool) {
	t.Helper()
	if got := IsArticle([]byte(page)); got != want {
		t.Errorf("IsArticle(%s) = %v, want %v", name, got, want)
	}
}

func TestIsArticle(t *testing.T) {
	para := "<p>" + strings.Repeat("The ferry ran late again today because the wind turned in the night and the crew waited. ", 3) + "</p>\n"
	long := "<html><body><article>" + strings.Repeat(para, 6) + "</article></body></html>"
	front, err := os.ReadFile(filepath.Join("testdata", "pages", "front.html"))
	if err != nil {
		t.Fatal(err)
	}
	expectArticle(t, "six long paragraphs", long, true)
	expectArticle(t, "one long paragraph", "<p>"+strings.Repeat("word ", 60)+"</p>", false)
	expectArticle(t, "front page", string(front), false)
	expectArticle(t, "links only", "<ul>"+strings.Repeat("<li><a href=x>"+strings.Repeat("link text ", 30)+"</a></li>", 20)+"</ul>", false)
	expectArticle(t, "comments", `<div class="comments">`+strings.Repeat(para, 6)+`</div>`, false)
	expectArticle(t, "script", "<script>"+strings.Repeat(para, 6)+"</script>", false)
	expectArticle(t, "not html", strings.Repeat("plain ", 1000), false)
}

func TestClassWords(t *testing.T) {
	got := strings.Join(classWords("story-body shareBar  col_12 X"), ",")
	if want := "story,body,share,bar,col,12,x"; got != want {
		t.Errorf("classWords = %q, want %q", got, want)
	}
}

// fixtures returns every fixture page, for the benchmarks.
func fixtures(b *testing.B) [][]byte {
	pages, _ := filepath.Glob(filepath.Join("testdata", "pages", "*.html"))
	var out [][]byte
	for _, p := range pages {
		src, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		out = append(out, src)
	}
	return out
}

// BenchmarkExtract is the whole extraction of every fixture page; compare it
// with BenchmarkParse, the bare parse it starts with.
func BenchmarkExtract(b *testing.B) {
	pages := fixtures(b)
	b.ResetTimer()
	for b.Loop() {
		for _, p := range pages {
			if _, err := Extract(p, ""); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkParse is the baseline: html.Parse of the same bytes.
func BenchmarkParse(b *testing.B) {
	pages := fixtures(b)
	b.ResetTimer()
	for b.Loop() {
		for _, p := range pages {
			if _, err := html.Parse(bytes.NewReader(p)); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkIsArticle is the cheap check over the same pages.
func BenchmarkIsArticle(b *testing.B) {
	pages := fixtures(b)
	b.ResetTimer()
	for b.Loop() {
		for _, p := range pages {
			IsArticle(p)
		}
	}
}

// FuzzExtract checks that no input panics, and that a Doc's text is bounded by its page.
func FuzzExtract(f *testing.F) {
	for _, s := range []string{"<p>a</p>", "<html><body><div class=story><p>x, y, z</p></div>", "<script type=application/ld+json>{\"@type\":\"NewsArticle\",\"articleBody\":1}</script>"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, page []byte) {
		d, err := Extract(page, "")
		if err != nil {
			return
		}
		if n := len(d.Text()); n > 2*len(page)+1000 {
			t.Errorf("text of %d bytes from a page of %d", n, len(page))
		}
		IsArticle(page)
	})
}

func expectBody(t *testing.T, name, page string, want, notWant []string) {
	t.Helper()
	d, err := Extract([]byte(page), "")
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	text := d.Text()
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("%s: body lacks %q:\n%s", name, w, text)
		}
	}
	for _, w := range notWant {
		if strings.Contains(text, w) {
			t.Errorf("%s: body holds %q:\n%s", name, w, text)
		}
	}
}

const prose = "<p>The river ferry will run every hour from May, the harbour board said on Friday, after a winter in which storms kept it tied up for weeks.</p>" +
	"<p>Commuters on the north bank, who had to drive round by the bridge, welcomed the news, though some asked why it took so long.</p>" +
	"<p>The board said a second boat, bought second hand from a lake service, would cover for repairs, and fares would not rise this year.</p>"

// TestWidgetWrapperKept: a wrapper that holds the whole article stays, though
// its class says "widget" (a page builder's name for every box).
func TestWidgetWrapperKept(t *testing.T) {
	expectBody(t, "widget wrapper", `<html><body><div class="post-content"><div class="builder-widget-container">`+prose+`</div></div></body></html>`,
		[]string{"river ferry will run", "fares would not rise"}, nil)
}

// TestEdgeNotices: subscription and copyright notices at the edges go, a
// mention inside the article stays.
func TestEdgeNotices(t *testing.T) {
	page := `<html><body><article><p>Subscribe now to our print edition for the full story.</p>` + prose +
		`<p>Readers without a subscription can still ride the ferry, the board joked, to some laughter at the meeting.</p>` + prose +
		`<p>Copyright 2024 Harbour News. All rights reserved.</p><p>Download the Harbour News app for iOS and Android.</p></article></body></html>`
	expectBody(t, "edge notices", page, []string{"river ferry will run", "Readers without a subscription"},
		[]string{"Subscribe now", "Copyright", "Download the"})
}

func TestTagSet(t *testing.T) {
	s := atomSet(atom.A, atom.Abbr, atom.P, atom.Template)
	for _, a := range []atom.Atom{atom.A, atom.Abbr, atom.P, atom.Template} {
		if !s.has(a) {
			t.Errorf("set lacks %v", a)
		}
	}
	for _, a := range []atom.Atom{0, atom.Address, atom.Div, atom.Pre, atom.Xmp} {
		if s.has(a) {
			t.Errorf("set has %v", a)
		}
	}
}

// TestAMPPage: AMP furniture (ads, share bars, sidebars) goes, the prose stays.
func TestAMPPage(t *testing.T) {
	page := `<html amp lang="en"><head><meta property="og:description" content="Ferries return in May."></head><body>
<amp-sidebar id="menu"><ul><li><a href="/">Home</a></li></ul></amp-sidebar>
<article>` + prose + `<amp-ad width="300" height="250" type="x"><div>Advertisement text here</div></amp-ad>
<amp-social-share type="email">Share by email</amp-social-share>` + prose + `</article></body></html>`
	expectBody(t, "amp", page, []string{"river ferry will run"}, []string{"Advertisement", "Share by email", "Home"})
	d, _ := Extract([]byte(page), "")
	expectField(t, "Standfirst", d.Standfirst, "Ferries return in May.")
}

// TestLiveBlog: a live blog whose updates are in JSON-LD only (the page
// loads them by script) reads from its liveBlogUpdate list.
func TestLiveBlog(t *testing.T) {
	update := `{"headline":"Ferry board meets","articleBody":"` + strings.Repeat("The harbour board met at noon to decide on the spring timetable for the river ferry. ", 3) + `"}`
	page := `<html><head><script type="application/ld+json">{"@type":"LiveBlogPosting","headline":"Ferry live","description":"Updates on the ferry.","liveBlogUpdate":[` +
		update + `,` + update + `]}</script></head><body><div id="live"><p>Loading updates…</p></div></body></html>`
	expectBody(t, "live blog", page, []string{"Ferry board meets\n\nThe harbour board met at noon"}, []string{"Loading"})
}

// TestWordLists: every class word list fits matchWords' 64-bit index.
func TestWordLists(t *testing.T) {
	for name, l := range map[string]*wordList{"boilerWords": boilerWords, "contentWords": contentWords,
		"negativeWords": negativeWords, "bylineWords": bylineWords} {
		if len(l.words) > 64 {
			t.Errorf("%s has %d words, over matchWords' 64", name, len(l.words))
		}
	}
}

// TestCountByte holds countByte to bytes.Count.
func TestCountByte(t *testing.T) {
	for _, s := range []string{"", "<", "a", "<<", "a<b<c", "<p>x</p>", strings.Repeat("ab<", 100) + "c"} {
		if got, want := countByte([]byte(s), '<'), strings.Count(s, "<"); got != want {
			t.Errorf("countByte(%q) = %d, want %d", s, got, want)
		}
	}
}

// TestMayMatch: mayMatch is false only where matchWords finds nothing.
func TestMayMatch(t *testing.T) {
	for _, c := range []struct {
		class string
		may   bool
	}{
		{"byline", true}, {"story-author__name", true}, {"post-meta", false}, {"ArticleByline", true},
		{"coauthors", true}, {"by-line", false}, {"", false}, {"writer autho", false},
	} {
		if got := bylineWords.mayMatch(c.class); got != c.may {
			t.Errorf("mayMatch(%q) = %v, want %v", c.class, got, c.may)
		}
		if !c.may && matchWords(classWords(c.class), bylineWords) > 0 {
			t.Errorf("%q: mayMatch false but matchWords finds a word", c.class)
		}
	}
}

// FuzzMayMatch: on any class attribute, mayMatch false means no byline word.
func FuzzMayMatch(f *testing.F) {
	for _, s := range []string{"byline", "Author-box", "x AUTHOR", "bYline", "a\u0130uthor"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !bylineWords.mayMatch(s) && matchWords(classWords(s), bylineWords) > 0 {
			t.Fatalf("%q: mayMatch false but matchWords finds a word", s)
		}
	})
}
