// Package extract finds the article in a news page: its body paragraphs and
// its metadata (title, outlet, date, language, byline, URL).
//
// Design. The page is parsed once with golang.org/x/net/html, which already
// refuses trees deeper than 512 elements, so every walk here is bounded. Then
// three passes over that one tree: (1) metadata is read from the untouched tree
// (<meta>, JSON-LD via gjson, <title>, <h1>, <time>); (2) furniture is cut out
// — tags that never hold prose, hidden elements, and elements whose class/id
// words say "comment", "share", "related"… unless they also say "article" or
// "content"; (3) every block of running text votes for its parent and, less,
// its grandparents, weighted by length and commas; a container's votes are
// discounted by its link density, the best container wins, and siblings that
// score close to it join. The winner's blocks are written out as paragraphs,
// skipping sub-blocks that look like link lists or image galleries.
// This is the Readability idea in a simpler form: it trades the last few points
// of accuracy (page positions, AMP, charsets, site quirks) for a small, readable
// core that a later pass can extend. All thresholds and word lists are in
// rules.go. JSON-LD articleBody replaces the DOM text when the DOM gave much
// less, since sites that publish it publish the full text there.
package extract

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Doc is the article found in a page.
type Doc struct {
	Title, Outlet, Date, Lang, Byline, URL string   // Date as YYYY-MM-DD when parseable, else as found, else ""
	Paragraphs                             []string // body paragraphs in order, white space folded, no headline
}

// Text returns the body: paragraphs joined by a blank line ("\n\n").
func (d *Doc) Text() string { return strings.Join(d.Paragraphs, "\n\n") }

// ErrNotHTML is returned for input that has no markup at all or is binary.
var ErrNotHTML = errors.New("extract: input is not HTML")

// Extract finds the article in page (HTML bytes, assumed UTF-8). pageURL may
// be "": then the page's canonical or og:url is used. A page with no article
// gives a Doc without paragraphs and no error; only unusable input (over
// 20 MB, over half a million tags, not HTML, nested deeper than the parser
// allows) gives an error.
func Extract(page []byte, pageURL string) (*Doc, error) {
	if len(page) > limits.maxPage {
		return nil, fmt.Errorf("extract: page is %d bytes, over the %d-byte limit", len(page), limits.maxPage)
	}
	if !looksLikeHTML(page) {
		return nil, ErrNotHTML
	}
	if n := bytes.Count(page, []byte("<")); n > limits.maxTags {
		return nil, fmt.Errorf("extract: page has %d tags, over the %d limit", n, limits.maxTags)
	}
	root, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		return nil, fmt.Errorf("extract: %w", err)
	}
	d := &Doc{}
	meta := readMeta(root)
	meta.fill(d, pageURL)

	body := findBody(root)
	if body == nil {
		return d, nil
	}
	s := newScorer()
	s.clean(body)
	s.measure(body, 0)
	s.cut(body)
	s.stats = map[*html.Node]*stats{}
	s.measure(body, 0)
	d.Paragraphs = s.article(body, d.Title)

	if ldBody := meta.ld.body; utf8.RuneCountInString(ldBody) >= limits.jsonLDMin &&
		float64(len(d.Text())) < limits.jsonLDShare*float64(len(ldBody)) {
		d.Paragraphs = splitParagraphs(ldBody)
	}
	return d, nil
}

// looksLikeHTML rejects input with no '<' at all and binary input (a NUL
// byte near the start), the cheap signs that this is not a page.
func looksLikeHTML(page []byte) bool {
	head := page[:min(len(page), 4096)]
	return bytes.IndexByte(page, '<') >= 0 && bytes.IndexByte(head, 0) < 0
}

// splitParagraphs folds a plain-text body into paragraphs at line breaks.
func splitParagraphs(s string) []string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		if line = fold(line); line != "" {
			out = append(out, line)
		}
	}
	return out
}

// stats is what the scorer knows about one element. Lengths are in bytes of
// white-space-folded text.
type stats struct {
	text, link       int // all text below; the part of it inside <a>
	own, ownLink     int // text that belongs to this block itself (not to a block inside it)
	ownCommas        int
	pText            int // text inside <p>/<pre> below
	paras, imgs, lis int
	score            float64
	candidate        bool
}

type scorer struct {
	stats map[*html.Node]*stats
}

func newScorer() *scorer { return &scorer{stats: map[*html.Node]*stats{}} }

func (s *scorer) get(n *html.Node) *stats {
	st := s.stats[n]
	if st == nil {
		st = &stats{}
		s.stats[n] = st
	}
	return st
}

// clean removes, before anything is measured, the subtrees that never hold
// article text: dropTags, comments, and elements marked hidden.
func (s *scorer) clean(n *html.Node) {
	walk(n, 0, func(c *html.Node) bool {
		for k := c.FirstChild; k != nil; {
			next := k.NextSibling
			if k.Type == html.CommentNode || k.Type == html.ElementNode && (dropTags[k.DataAtom] || isHidden(k)) {
				c.RemoveChild(k)
			}
			k = next
		}
		return true
	})
}

// cut removes boilerplate by class/id words, and forms that hold little prose.
// An element whose words also name content is kept, as is one that holds most
// of the page's paragraph text (a site that calls its article "main-sidebar").
func (s *scorer) cut(body *html.Node) {
	total := s.get(body).text
	walk(body, 0, func(c *html.Node) bool {
		for k := c.FirstChild; k != nil; {
			next := k.NextSibling
			if k.Type == html.ElementNode && s.isBoilerplate(k, total) {
				c.RemoveChild(k)
			}
			k = next
		}
		return true
	})
}

func (s *scorer) isBoilerplate(n *html.Node, total int) bool {
	switch n.DataAtom {
	case atom.Body, atom.Html, atom.Main, atom.Article, atom.P:
		return false
	case atom.Form:
		return s.get(n).pText < 200
	}
	words := classWords(attr(n, "class") + " " + attr(n, "id"))
	if len(words) == 0 || matchWords(words, boilerWords) == 0 || matchWords(words, contentWords) > 0 {
		return false
	}
	return float64(s.get(n).text) < 0.5*float64(total)
}

// isHidden reports an element the reader cannot see.
func isHidden(n *html.Node) bool {
	if hasAttr(n, "hidden") || strings.EqualFold(attr(n, "aria-hidden"), "true") {
		return true
	}
	style := strings.ToLower(strings.ReplaceAll(attr(n, "style"), " ", ""))
	return strings.Contains(style, "display:none") || strings.Contains(style, "visibility:hidden")
}

// measure fills stats bottom-up and returns the node's text that belongs to
// its nearest block ancestor (inline text) and the link part of that.
func (s *scorer) measure(n *html.Node, depth int) (inline, inlineLink, inlineCommas int) {
	if depth > limits.maxDepth {
		return 0, 0, 0
	}
	if n.Type == html.TextNode {
		l := foldedLen(n.Data)
		c := strings.Count(n.Data, ",") + strings.Count(n.Data, "，") + strings.Count(n.Data, "、")
		return l, 0, c
	}
	if n.Type != html.ElementNode && n.Type != html.DocumentNode {
		return 0, 0, 0
	}
	st := s.get(n)
	isBlock := blockTags[n.DataAtom]
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		il, ik, ic := s.measure(c, depth+1)
		st.own += il
		st.ownLink += ik
		st.ownCommas += ic
		if c.Type == html.ElementNode {
			cs := s.get(c)
			st.text += cs.text
			st.link += cs.link
			st.pText += cs.pText
			st.paras += cs.paras
			st.imgs += cs.imgs
			st.lis += cs.lis
		}
	}
	st.text += st.own
	st.link += st.ownLink
	switch n.DataAtom {
	case atom.A:
		st.link = st.text
		st.ownLink = st.own
	case atom.P, atom.Pre:
		st.pText = st.text
		st.paras++
	case atom.Img:
		st.imgs++
	case atom.Li:
		st.lis++
	}
	if isBlock {
		return 0, 0, 0
	}
	return st.own, st.ownLink, st.ownCommas
}

// foldedLen is len(fold(s)) without building the string.
func foldedLen(s string) int {
	n, inSpace, started := 0, false, false
	for _, r := range s {
		if r == ' ' || r == '\n' || r == '\t' || r == '\r' || r == '\f' || r == 0xA0 {
			inSpace = started
			continue
		}
		if inSpace {
			n++
			inSpace = false
		}
		started = true
		n += utf8.RuneLen(r)
	}
	return n
}

// linkDensity is the share of an element's text that is link text.
func (st *stats) linkDensity() float64 {
	if st.text == 0 {
		return 0
	}
	return float64(st.link) / float64(st.text)
}

// classWeight is the bonus or malus an element's class/id words give it.
func classWeight(n *html.Node) float64 {
	words := classWords(attr(n, "class") + " " + attr(n, "id"))
	return classWeightStep * float64(min(matchWords(words, contentWords), 1)-min(matchWords(words, negativeWords), 1))
}

// score lets every block of running text vote for its ancestors: the parent
// gets the full vote, the grandparent half, the next one a sixth.
func (s *scorer) score(body *html.Node) []*html.Node {
	var cands []*html.Node
	walk(body, 0, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return true
		}
		st := s.get(n)
		isUnit := paraTags[n.DataAtom] || blockTags[n.DataAtom] && n.DataAtom != atom.Li
		if !isUnit || st.own < limits.minUnit || float64(st.ownLink) > limits.maxLinkDensity*float64(st.own) {
			return true
		}
		vote := 1 + float64(st.ownCommas) + math.Min(float64(st.own)/100, 3)
		// A block with its own text votes for itself too when it is not a <p>:
		// such a <div> is both a paragraph and a container.
		anc := n.Parent
		if !paraTags[n.DataAtom] {
			anc = n
		}
		for level := 0; anc != nil && anc.Type == html.ElementNode && level < 3; level++ {
			as := s.get(anc)
			if !as.candidate {
				as.candidate = true
				as.score = tagWeight[anc.DataAtom] + classWeight(anc)
				cands = append(cands, anc)
			}
			as.score += vote / []float64{1, 2, 6}[level]
			anc = anc.Parent
		}
		return true
	})
	for _, c := range cands {
		st := s.get(c)
		st.score *= 1 - st.linkDensity()
	}
	return cands
}

// article picks the best container and writes out its paragraphs.
func (s *scorer) article(body *html.Node, title string) []string {
	cands := s.score(body)
	if len(cands) == 0 {
		return nil
	}
	top := s.best(cands)
	w := &writer{s: s, title: fold(title)}
	for _, n := range s.withSiblings(top) {
		w.block(n, n == top, 0)
	}
	w.flush()
	return w.out
}

// best returns the top candidate, moved up to a common ancestor when several
// near-top candidates sit under it (an article split in several <div>s).
func (s *scorer) best(cands []*html.Node) *html.Node {
	// The five best, by a simple selection (cands is usually short).
	var tops []*html.Node
	for _, c := range cands {
		tops = append(tops, c)
		for i := len(tops) - 1; i > 0 && s.get(tops[i]).score > s.get(tops[i-1]).score; i-- {
			tops[i], tops[i-1] = tops[i-1], tops[i]
		}
		if len(tops) > 5 {
			tops = tops[:5]
		}
	}
	top := tops[0]
	topScore := s.get(top).score
	var peers []*html.Node
	for _, c := range tops[1:] {
		if s.get(c).score >= limits.ancestorShare*topScore {
			peers = append(peers, c)
		}
	}
	if len(peers) >= limits.ancestorPeers {
		for a := top.Parent; a != nil && a.DataAtom != atom.Body; a = a.Parent {
			n := 0
			for _, p := range peers {
				if isAncestor(a, p) {
					n++
				}
			}
			if n >= limits.ancestorPeers {
				top = a
				break
			}
		}
	}
	// The article in several parts with the same class, under different
	// wrappers (pull quotes and figures between them): take their common ancestor.
	if cl := attr(top, "class"); cl != "" {
		for _, c := range cands {
			if c != top && c.DataAtom == top.DataAtom && attr(c, "class") == cl &&
				s.get(c).score >= limits.siblingShare*topScore && !isAncestor(c, top) && !isAncestor(top, c) {
				top = commonAncestor(top, c)
			}
		}
	}
	// Climb while the parent scores better: the top was one part of the article.
	last := s.get(top).score
	for p := top.Parent; p != nil && p.Type == html.ElementNode && p.DataAtom != atom.Body; p = p.Parent {
		ps := s.get(p)
		if !ps.candidate {
			continue
		}
		if ps.score < last/3 {
			break
		}
		if ps.score > last {
			top = p
			break
		}
		last = ps.score
	}
	// A wrapper with the top as its only child adds nothing but its siblings.
	for top.Parent != nil && top.Parent.DataAtom != atom.Body && top.Parent.Type == html.ElementNode && onlyChild(top) {
		top = top.Parent
	}
	return top
}

// withSiblings returns top with those of its siblings that look like more of
// the article: well-scored containers, or paragraphs of prose.
func (s *scorer) withSiblings(top *html.Node) []*html.Node {
	if top.Parent == nil {
		return []*html.Node{top}
	}
	ts := s.get(top)
	threshold := math.Max(limits.siblingFloor, ts.score*limits.siblingShare)
	var out []*html.Node
	for c := top.Parent.FirstChild; c != nil; c = c.NextSibling {
		if c == top {
			out = append(out, c)
			continue
		}
		if c.Type != html.ElementNode {
			continue
		}
		cs := s.get(c)
		bonus := 0.0
		if cl := attr(c, "class"); cl != "" && cl == attr(top, "class") {
			bonus = ts.score * 0.2
		}
		switch {
		case cs.candidate && cs.score+bonus >= threshold:
			out = append(out, c)
		case c.DataAtom == atom.P && cs.linkDensity() < 0.25 && cs.text > 80:
			out = append(out, c)
		case c.DataAtom == atom.P && cs.link == 0 && cs.text > 0 && strings.Contains(textOf(c), ". "):
			out = append(out, c)
		}
	}
	return out
}

// writer turns the chosen subtrees into paragraphs, one per block of text.
type writer struct {
	s     *scorer
	title string
	buf   strings.Builder
	link  int
	out   []string
}

func (w *writer) block(n *html.Node, isTop bool, depth int) {
	if depth > limits.maxDepth {
		return
	}
	switch n.Type {
	case html.TextNode:
		w.text(n.Data)
		return
	case html.ElementNode:
	default:
		return
	}
	if n.DataAtom == atom.H1 || !isTop && w.skip(n) {
		return
	}
	if n.DataAtom == atom.A {
		before := w.buf.Len()
		w.inline(n, depth)
		w.link += w.buf.Len() - before
		return
	}
	isBlock := blockTags[n.DataAtom]
	if isBlock {
		w.flush()
	}
	w.inline(n, depth)
	if isBlock {
		w.flush()
	}
}

func (w *writer) inline(n *html.Node, depth int) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.block(c, false, depth+1)
	}
}

// text appends folded text to the running paragraph.
func (w *writer) text(s string) {
	for i, f := range strings.Fields(s) {
		if w.buf.Len() > 0 && (i > 0 || startsWithSpace(s)) {
			w.buf.WriteByte(' ')
		}
		w.buf.WriteString(f)
	}
	if w.buf.Len() > 0 && endsWithSpace(s) && strings.TrimSpace(s) != "" {
		w.buf.WriteByte(' ')
	}
}

func startsWithSpace(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return r == ' ' || r == '\n' || r == '\t' || r == '\r' || r == 0xA0
}

func endsWithSpace(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r == ' ' || r == '\n' || r == '\t' || r == '\r' || r == 0xA0
}

// flush ends the running paragraph, keeping it unless it is mostly links or
// repeats the headline.
func (w *writer) flush() {
	p := fold(w.buf.String())
	link := w.link
	w.buf.Reset()
	w.link = 0
	if p == "" || p == w.title {
		return
	}
	if float64(link) > limits.maxLinkDensity*float64(len(p)) {
		return
	}
	w.out = append(w.out, p)
}

// skip decides whether a sub-block of the article is furniture: a negative
// class, a link list, a gallery, or a box of list items among few paragraphs.
func (w *writer) skip(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Div, atom.Section, atom.Ul, atom.Ol, atom.Table, atom.Dl, atom.Form, atom.Figure:
	default:
		return false
	}
	st := w.s.get(n)
	weight := classWeight(n)
	if weight+st.score < 0 {
		return true
	}
	if st.ownCommas >= 10 || st.text > 2000 {
		return false
	}
	ld := st.linkDensity()
	isList := n.DataAtom == atom.Ul || n.DataAtom == atom.Ol
	switch {
	case st.imgs > 1 && float64(st.paras)/float64(st.imgs) < 0.5 && st.text < 200:
		return true
	case !isList && st.lis > st.paras && st.lis > 2 && ld > 0.2:
		return true
	case weight < classWeightStep && ld > 0.2 && st.text < 500:
		return true
	case ld > limits.maxLinkDensity:
		return true
	}
	return false
}

// findBody returns the <body> element, or nil.
func findBody(root *html.Node) *html.Node {
	var body *html.Node
	walk(root, 0, func(n *html.Node) bool {
		if body != nil {
			return false
		}
		if n.Type == html.ElementNode && n.DataAtom == atom.Body {
			body = n
			return false
		}
		return true
	})
	return body
}

// walk calls f on n and, while f returns true, on its descendants, depth first,
// stopping at limits.maxDepth.
func walk(n *html.Node, depth int, f func(*html.Node) bool) {
	if depth > limits.maxDepth || !f(n) {
		return
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, depth+1, f)
	}
}

func isAncestor(a, n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p == a {
			return true
		}
	}
	return false
}

// commonAncestor returns the nearest element that holds both a and b.
func commonAncestor(a, b *html.Node) *html.Node {
	for p := a; p != nil; p = p.Parent {
		if p == b || isAncestor(p, b) {
			return p
		}
	}
	return a
}

func onlyChild(n *html.Node) bool {
	for c := n.Parent.FirstChild; c != nil; c = c.NextSibling {
		if c != n && (c.Type == html.ElementNode || c.Type == html.TextNode && strings.TrimSpace(c.Data) != "") {
			return false
		}
	}
	return true
}

// textOf returns the folded text of n's subtree.
func textOf(n *html.Node) string {
	var b strings.Builder
	walk(n, 0, func(c *html.Node) bool {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
			b.WriteByte(' ')
		}
		return b.Len() < 1<<16
	})
	return fold(b.String())
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

// IsArticle is a cheap check before the full extraction: does the page hold
// enough running text to be an article? It tokenizes without building a tree.
// A run of text between two block tags counts as a paragraph unless it sits in
// a link, in a tag that never holds prose, or in a block classed as
// boilerplate; the score sums sqrt(len-min) over paragraphs longer than min
// (100 characters), so a few long paragraphs count and many short captions do not.
func IsArticle(page []byte) bool {
	if len(page) > limits.maxPage || !looksLikeHTML(page) {
		return false
	}
	z := html.NewTokenizer(bytes.NewReader(page))
	var score float64
	run, inLink, inDrop := 0, 0, 0
	// blocks is a rough stack of open block elements and whether each is
	// boilerplate by its own class or its parent's (not further up: wrappers
	// far out are often named for the layout, "rail", "main-sidebar"). A
	// tokenizer has no tree, so a <p> closes an open <p> and an end tag pops
	// to its start tag.
	type open struct {
		tag       atom.Atom
		own, skip bool
	}
	blocks := []open{{}}
	end := func() {
		if !blocks[len(blocks)-1].skip && run >= limits.isArticleMin {
			score += math.Sqrt(float64(run - limits.isArticleMin))
		}
		run = 0
	}
	for score <= limits.isArticleScore {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			end()
			return score > limits.isArticleScore
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, hasAttrs := z.TagName()
			a := atom.Lookup(name)
			if blockTags[a] {
				end()
			}
			dir := 1
			if tt == html.EndTagToken {
				dir = -1
			}
			switch {
			case a == atom.A && tt != html.SelfClosingTagToken:
				inLink = max(0, inLink+dir)
			case dropTags[a] && !voidTags[a] && tt != html.SelfClosingTagToken:
				inDrop = max(0, inDrop+dir)
			case !blockTags[a] || a == atom.Br || a == atom.Hr:
			case tt == html.EndTagToken:
				for i := len(blocks) - 1; i > 0; i-- {
					if blocks[i].tag == a {
						blocks = blocks[:i]
						break
					}
				}
			case tt == html.StartTagToken:
				if a == atom.P && blocks[len(blocks)-1].tag == atom.P {
					blocks = blocks[:len(blocks)-1]
				}
				var class, id string
				hidden := false
				for hasAttrs {
					var k, v []byte
					k, v, hasAttrs = z.TagAttr()
					switch string(k) {
					case "class":
						class = string(v)
					case "id":
						id = string(v)
					case "hidden":
						hidden = true
					}
				}
				words := classWords(class + " " + id)
				own := hidden || matchWords(words, boilerWords) > 0 && matchWords(words, contentWords) == 0
				if len(blocks) < limits.maxDepth {
					blocks = append(blocks, open{a, own, own || blocks[len(blocks)-1].own})
				}
			}
		case html.TextToken:
			if inLink == 0 && inDrop == 0 {
				run += foldedLen(string(z.Text()))
			}
		}
	}
	return true
}
