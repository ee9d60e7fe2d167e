package extract

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// positionPage is written for this test: words split by inline tags, white
// space runs, entities, a no-break space, a character outside the BMP (two
// UTF-16 units), scripts, styles, noscript and template in the body, and
// boilerplate before the article, all of which the page text must count or
// skip exactly as a browser's TreeWalker does.
const positionPage = `<!doctype html><html lang="en"><head><title>Bridge reopens | Valley Post</title>
<style>p { color: black }</style><script>var x = "<p>not text</p>";</script></head>
<body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<div class="cookie-banner">We use cookies. <button>OK</button></div>
<script>window.y = 1;</script>
<article class="story">
<h1>Bridge reopens</h1>
<p>The old   stone bridge over the river reopened on Tuesday after
   eight months of repairs, the council said.  Traffic &amp; buses may use it again from noon.</p>
<noscript><p>Turn on scripts to see the map.</p></noscript>
<p>Engineers replaced <b>three</b> arches and <i>re</i>inforced the piers 🌉 with steel, at a cost of about&nbsp;two million euros.</p>
<template><p>Hidden template text that is no page text.</p></template>
<style>.x{}</style>
<p>Local shops said they had lost trade while the detour was in place. They expect visitors to return in the spring.</p>
</article>
<footer>Copyright Valley Post</footer>
</body></html>`

// pageText is the page text as the extension sees it, in UTF-16, computed
// here independently of the extractor.
func pageText(t *testing.T, src string) []uint16 {
	t.Helper()
	root, err := html.Parse(strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	// Each text node decodes on its own, as a browser decodes the byte
	// stream before it sees tags: invalid bytes on either side of a tag
	// are two replacement characters, not one character they would spell
	// if the text were joined first.
	var page []uint16
	var walk func(n *html.Node, inBody bool)
	walk = func(n *html.Node, inBody bool) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Script, atom.Style, atom.Noscript, atom.Template:
				return
			case atom.Body:
				inBody = true
			}
		}
		if n.Type == html.TextNode && inBody {
			page = append(page, utf16.Encode([]rune(n.Data))...)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inBody)
		}
	}
	walk(root, false)
	return page
}

// expectSlice checks that [start, end) of the body maps to a range of the
// page text that reads as the same words.
func expectSlice(t *testing.T, d *Doc, page []uint16, start, end int) {
	t.Helper()
	text := d.Text()
	ps, pe, ok := d.PagePosition(start, end)
	if !ok {
		t.Errorf("no page position for %q", text[start:end])
		return
	}
	if ps < 0 || pe > len(page) || ps >= pe {
		t.Errorf("page position %d..%d out of the page text (%d units)", ps, pe, len(page))
		return
	}
	got := fold(string(utf16.Decode(page[ps:pe])))
	if want := fold(text[start:end]); got != want {
		t.Errorf("page text[%d:%d] = %q, want %q", ps, pe, got, want)
	}
}

func TestPagePosition(t *testing.T) {
	d, err := Extract([]byte(positionPage), "")
	if err != nil {
		t.Fatal(err)
	}
	page := pageText(t, positionPage)
	text := d.Text()
	if len(d.Paragraphs) != 3 || strings.Contains(text, "cookies") || strings.Contains(text, "scripts") {
		t.Fatalf("unexpected body:\n%s", text)
	}
	// Every sentence, every paragraph, and the whole body.
	for _, p := range d.Paragraphs {
		start := strings.Index(text, p)
		expectSlice(t, d, page, start, start+len(p))
		for _, s := range strings.SplitAfter(p, ". ") {
			s = strings.TrimSpace(s)
			i := strings.Index(text, s)
			expectSlice(t, d, page, i, i+len(s))
		}
	}
	expectSlice(t, d, page, 0, len(text))
	// A range that starts in the blank line between paragraphs starts at the next word.
	i := strings.Index(text, "\n\nEngineers")
	expectSlice(t, d, page, i, i+len("\n\nEngineers"))
	// Inside a word split by <i>: "reinforced".
	i = strings.Index(text, "reinforced")
	expectSlice(t, d, page, i, i+len("reinforced"))
	// After the two-unit emoji the offsets stay right.
	i = strings.Index(text, "with steel")
	expectSlice(t, d, page, i, i+len("with steel"))
}

func TestPagePositionAbsent(t *testing.T) {
	d, err := Extract([]byte(positionPage), "")
	if err != nil {
		t.Fatal(err)
	}
	n := len(d.Text())
	for _, r := range [][2]int{{-1, 3}, {3, 3}, {5, 2}, {0, n + 1}} {
		if _, _, ok := d.PagePosition(r[0], r[1]); ok {
			t.Errorf("PagePosition(%d, %d) ok on a bad range", r[0], r[1])
		}
	}
	d.Paragraphs[0] = "changed"
	if _, _, ok := d.PagePosition(0, 3); ok {
		t.Error("PagePosition ok after the paragraphs changed")
	}
	// A body taken from JSON-LD has no page positions.
	ld, err := Extract(mustRead(t, "jsonld.html"), "")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, ok := ld.PagePosition(0, 10); ok {
		t.Error("JSON-LD body has page positions")
	}
}

func mustRead(t *testing.T, name string) []byte {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("testdata", "pages", name))
	if err != nil {
		t.Fatal(err)
	}
	return src
}

// FuzzPagePosition checks, on any page, that every paragraph maps to a range
// inside the page text that starts with its first character and ends with its last.
func FuzzPagePosition(f *testing.F) {
	f.Add([]byte(positionPage))
	f.Fuzz(func(t *testing.T, src []byte) {
		d, err := Extract(src, "")
		if err != nil {
			return
		}
		page := pageText(t, string(src))
		off := 0
		for _, p := range d.Paragraphs {
			ps, pe, ok := d.PagePosition(off, off+len(p))
			off += len(p) + 2
			if !ok {
				continue
			}
			if ps < 0 || pe > len(page) || ps >= pe {
				t.Fatalf("paragraph %q at %d..%d, page text has %d units", p, ps, pe, len(page))
			}
			got := string(utf16.Decode(page[ps:pe]))
			if !utf8.Valid(src) {
				// A browser decodes invalid bytes to U+FFFD each, before it
				// sees tags; the extractor joins text's bytes across tags,
				// where two halves of a rune can meet. Only the bounds hold.
				continue
			}
			// The range may hold text the extractor cut from inside the
			// paragraph (a button in a sentence), so only its ends must agree.
			first, _ := utf8.DecodeRuneInString(p)
			last, _ := utf8.DecodeLastRuneInString(p)
			if !strings.HasPrefix(got, string(first)) || !strings.HasSuffix(got, string(last)) {
				t.Fatalf("paragraph %q maps to %q", p, got)
			}
		}
	})
}
