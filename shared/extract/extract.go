// Package extract finds the article in a news page: its body paragraphs and
// its metadata (title, outlet, date, language, byline, URL).
//
// Design. The page is parsed once: build.go lays out the tree html.Parse
// would give, from golang.org/x/net/html's Tokenizer, in one flat array (a
// bare html.Parse costs more than the whole extraction otherwise would), and
// refuses more than 512 open elements as html.Parse does, so every walk here
// is bounded; the text of scripts and styles it drops, most of a page's bytes,
// the Tokenizer does not read (rawtext.go). Then
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
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Doc is the article found in a page.
type Doc struct {
	Title, Outlet, Date, Lang, Byline, URL string   // Date as YYYY-MM-DD when parseable, else as found, else ""
	Standfirst                             string   // the summary under the headline (JSON-LD or meta description), "" if none
	Paragraphs                             []string // body paragraphs in order, white space folded, no headline
	pos                                    *posMap  // where the words of Text() stand in the page text
}

// Text returns the body: paragraphs joined by a blank line ("\n\n").
func (d *Doc) Text() string { return strings.Join(d.Paragraphs, "\n\n") }

// ErrNotHTML is returned for input that has no markup at all or is binary.
var ErrNotHTML = errors.New("extract: input is not HTML")

// parseError is the HTML parser's error, said to come from here. (Errors are
// built without fmt: see date.go on the extension's size.)
type parseError struct{ err error }

func (e *parseError) Error() string { return "extract: " + e.err.Error() }
func (e *parseError) Unwrap() error { return e.err }

// Extract finds the article in page (HTML bytes, assumed UTF-8: decode other
// charsets first, with shared/charset). pageURL may be "": then the page's
// canonical or og:url is used. A page with no article gives a Doc without
// paragraphs and no error; only unusable input (over 20 MB, over half a
// million tags, not HTML, nested deeper than the parser allows) gives an
// error. d.PagePosition maps the body back to the page.
func Extract(page []byte, pageURL string) (*Doc, error) {
	if len(page) > limits.maxPage {
		return nil, errors.New("extract: page is " + strconv.Itoa(len(page)) + " bytes, over the " + strconv.Itoa(limits.maxPage) + "-byte limit")
	}
	if !looksLikeHTML(page) {
		return nil, ErrNotHTML
	}
	// A page of fewer bytes than the limit has fewer tags: most pages need
	// no count (a pass over every byte, not cheap in wasm), only a guess at
	// the room to make for nodes (the benchmark's news pages have a '<' per
	// 26 to 720 bytes, 81 the median; more nodes only grow the array).
	tags := len(page) / 64
	if len(page) > limits.maxTags {
		if tags = countByte(page, '<'); tags > limits.maxTags {
			return nil, errors.New("extract: page has " + strconv.Itoa(tags) + " tags, over the " + strconv.Itoa(limits.maxTags) + " limit")
		}
	}
	sc := scratchPool.Get().(*scratch)
	defer sc.release()
	t, err := build(page, tags, sc)
	if err != nil {
		return nil, &parseError{err}
	}
	d := &Doc{}
	meta := readMeta(t)
	meta.fill(d, pageURL)
	if t.body < 0 {
		return d, nil
	}
	t.clean(t.body)
	t.measure(t.body)
	t.cut(t.body)
	t.clearElementStats()
	t.measure(t.body)
	var segs []seg
	d.Paragraphs, segs = t.article(d.Title)

	if ldBody := meta.ld.body; utf8.RuneCountInString(ldBody) >= limits.jsonLDMin &&
		float64(textLen(d.Paragraphs)) < limits.jsonLDShare*float64(len(ldBody)) {
		d.Paragraphs, segs = splitParagraphs(ldBody), nil
	}
	if segs != nil {
		d.pos = &posMap{text: d.Text(), segs: segs}
	}
	return d, nil
}

// countByte is bytes.Count(p, []byte{c}) by bytes.IndexByte: in wasm Count
// reads a byte at a time and IndexByte a word (a 1.5 MB page's '<' counted
// in a quarter of the time).
func countByte(p []byte, c byte) int {
	n := 0
	for {
		i := bytes.IndexByte(p, c)
		if i < 0 {
			return n
		}
		n++
		p = p[i+1:]
	}
}

// textLen is len of the paragraphs joined by blank lines.
func textLen(ps []string) int {
	n := 2 * max(0, len(ps)-1)
	for _, p := range ps {
		n += len(p)
	}
	return n
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
	text, link       int32 // all text below; the part of it inside <a>
	own, ownLink     int32 // text that belongs to this block itself (not to a block inside it)
	ownCommas        int32
	pText            int32 // text inside <p>/<pre> below
	paras, imgs, lis int32
	score            float64
	candidate        bool
}

// clean marks dead, before anything is measured, the subtrees that never
// hold article text: dropTags, comments, and elements marked hidden.
func (t *tree) clean(root int32) {
	for i := root + 1; i < t.nodes[root].end; i++ {
		n := &t.nodes[i]
		if n.Type == html.CommentNode || n.Type == html.ElementNode &&
			(dropTags.has(n.DataAtom) || n.DataAtom == 0 && dropCustom[n.Data] || isHidden(n)) {
			t.kill(i)
			i = t.nodes[i].end - 1
		}
	}
}

// cut marks boilerplate dead by class/id words, and forms that hold little
// prose. An element whose words also name content is kept, as is one that
// holds most of the page's paragraph text (a site that calls its article
// "main-sidebar").
func (t *tree) cut(root int32) {
	total := t.st[root].text
	for i := root + 1; i < t.nodes[root].end; i++ {
		if t.dead[i] {
			i = t.nodes[i].end - 1
			continue
		}
		if t.isElement(i) && t.isBoilerplate(i, total) {
			t.kill(i)
			i = t.nodes[i].end - 1
		}
	}
}

func (t *tree) isBoilerplate(i int32, total int32) bool {
	n := &t.nodes[i]
	switch n.DataAtom {
	case atom.Body, atom.Html, atom.Main, atom.Article, atom.P:
		return false
	case atom.Form:
		return t.st[i].pText < 200
	}
	if len(n.Attr) == 0 {
		return false
	}
	words := t.classIDWords(n)
	if len(words) == 0 || matchWords(words, boilerWords) == 0 || matchWords(words, contentWords) > 0 {
		return false
	}
	return float64(t.st[i].text) < 0.5*float64(total)
}

// isHidden reports an element the reader cannot see.
func isHidden(n *node) bool {
	if len(n.Attr) == 0 {
		return false
	}
	if hasAttr(n, "hidden") || strings.EqualFold(attr(n, "aria-hidden"), "true") {
		return true
	}
	style := attr(n, "style")
	if style == "" {
		return false
	}
	style = strings.ToLower(strings.ReplaceAll(style, " ", ""))
	return strings.Contains(style, "display:none") || strings.Contains(style, "visibility:hidden")
}

// measure fills the stats of the live nodes under root bottom-up, in one
// backward loop: in document order every descendant comes after its
// ancestor, so a node is complete when the loop reaches it.
func (t *tree) measure(root int32) {
	for i := t.nodes[root].end - 1; i >= root; i-- {
		if t.dead[i] {
			continue
		}
		nd := &t.nodes[i]
		n := nd
		var p *stats
		if i > root && nd.parent >= 0 {
			p = &t.st[nd.parent]
		}
		switch n.Type {
		case html.TextNode:
			if p != nil {
				// A text node's own stats hold its length and commas, which
				// no pass reads otherwise: the measure after cut, over the
				// same texts, takes them from there.
				ts := &t.st[i]
				if ts.own == 0 && ts.text == 0 {
					ts.own, ts.ownCommas = int32(foldedLen(n.Data)), int32(commas(n.Data))
					ts.text = -1 // measured (a text of length 0 too)
				}
				p.text += ts.own
				p.own += ts.own
				p.ownCommas += ts.ownCommas
			}
			continue
		case html.ElementNode, html.DocumentNode:
		default:
			continue
		}
		st := &t.st[i]
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
		if p == nil {
			continue
		}
		p.text += st.text
		p.link += st.link
		p.pText += st.pText
		p.paras += st.paras
		p.imgs += st.imgs
		p.lis += st.lis
		if !blockTags.has(n.DataAtom) {
			p.own += st.own
			p.ownLink += st.ownLink
			p.ownCommas += st.ownCommas
		}
	}
}

// clearElementStats clears what measure summed into the elements, keeping
// the text nodes' own figures for the next measure.
func (t *tree) clearElementStats() {
	for i := range t.st {
		if t.nodes[i].Type != html.TextNode {
			t.st[i] = stats{}
		}
	}
}

// commas counts the commas of a text, Latin and CJK.
func commas(s string) int {
	n := strings.Count(s, ",")
	if !isASCII(s) {
		n += strings.Count(s, "，") + strings.Count(s, "、")
	}
	return n
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// foldedLen is len(fold(s)) without building the string.
func foldedLen(s string) int {
	n, inSpace, started := 0, false, false
	for i := 0; i < len(s); {
		c := s[i]
		size, space := 1, false
		if c < utf8.RuneSelf {
			space = isASCIISpace(c)
		} else {
			var r rune
			r, size = utf8.DecodeRuneInString(s[i:])
			space = unicode.IsSpace(r)
		}
		i += size
		if space {
			inSpace = started
			continue
		}
		if inSpace {
			n++
			inSpace = false
		}
		started = true
		n += size
	}
	return n
}

// isSpace is the white space fold and the writer collapse: unicode.IsSpace.
func isSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return isASCIISpace(byte(r))
	}
	return unicode.IsSpace(r)
}

// asciiSpaces has bit c set for the ASCII bytes c unicode.IsSpace holds.
const asciiSpaces = 1<<' ' | 1<<'\n' | 1<<'\t' | 1<<'\r' | 1<<'\f' | 1<<'\v'

// isASCIISpace is isSpace for a byte below utf8.RuneSelf, small enough to
// be inlined in the loops over every byte of the page's text.
func isASCIISpace(c byte) bool { return c <= ' ' && asciiSpaces>>c&1 != 0 }

// linkDensity is the share of an element's text that is link text.
func (st *stats) linkDensity() float64 {
	if st.text == 0 {
		return 0
	}
	return float64(st.link) / float64(st.text)
}

// classWeight is the bonus or malus an element's class/id words give it.
func (t *tree) classWeight(n *node) float64 {
	if len(n.Attr) == 0 {
		return 0
	}
	words := t.classIDWords(n)
	return classWeightStep * float64(min(matchWords(words, contentWords), 1)-min(matchWords(words, negativeWords), 1))
}

// score lets every block of running text vote for its ancestors: the parent
// gets the full vote, the grandparent half, the next one a sixth.
func (t *tree) score(root int32) []int32 {
	var cands []int32
	for i := root; i < t.nodes[root].end; i++ {
		if t.dead[i] {
			i = t.nodes[i].end - 1
			continue
		}
		if !t.isElement(i) {
			continue
		}
		a := t.atom(i)
		st := &t.st[i]
		isUnit := paraTags.has(a) || blockTags.has(a) && a != atom.Li
		if !isUnit || st.own < int32(limits.minUnit) || float64(st.ownLink) > limits.maxLinkDensity*float64(st.own) {
			continue
		}
		vote := 1 + float64(st.ownCommas) + math.Min(float64(st.own)/100, 3)
		// A block with its own text votes for itself too when it is not a <p>:
		// such a <div> is both a paragraph and a container.
		anc := t.nodes[i].parent
		if !paraTags.has(a) {
			anc = i
		}
		for level := 0; anc >= 0 && t.isElement(anc) && level < 3; level++ {
			as := &t.st[anc]
			if !as.candidate {
				as.candidate = true
				as.score = tagWeight[t.atom(anc)] + t.classWeight(&t.nodes[anc])
				cands = append(cands, anc)
			}
			as.score += vote / []float64{1, 2, 6}[level]
			anc = t.nodes[anc].parent
		}
	}
	for _, c := range cands {
		st := &t.st[c]
		st.score *= 1 - st.linkDensity()
	}
	return cands
}

// article picks the best container and writes out its paragraphs, with
// where their words stand in the page text.
func (t *tree) article(title string) ([]string, []seg) {
	cands := t.score(t.body)
	if len(cands) == 0 {
		return nil, nil
	}
	top := t.best(cands)
	w := &writer{t: t, title: fold(title), topText: t.st[top].text}
	for _, n := range t.withSiblings(top) {
		w.block(n, n == top)
	}
	w.flush()
	w.trimEdges()
	return w.out, w.segs
}

// trimEdges drops the notices at either end of the body (edgeCues), and
// moves the word positions with the text.
func (w *writer) trimEdges() {
	isNotice := func(p string) bool {
		if len(p) > edgeMax {
			return false
		}
		l := strings.ToLower(p)
		for _, c := range edgeCues {
			if strings.Contains(l, c) {
				return true
			}
		}
		return false
	}
	end := len(w.out)
	for end > 1 && isNotice(w.out[end-1]) {
		end--
	}
	start := 0
	for start < end-1 && isNotice(w.out[start]) {
		start++
	}
	if start == 0 && end == len(w.out) {
		return
	}
	from := 0 // byte offset of out[start] in the joined text
	for _, p := range w.out[:start] {
		from += len(p) + 2
	}
	to := from + textLen(w.out[start:end])
	segs := w.segs[:0]
	for _, s := range w.segs {
		if int(s.doc) >= from && int(s.doc) < to {
			s.doc -= int32(from)
			segs = append(segs, s)
		}
	}
	w.segs, w.out = segs, w.out[start:end]
}

// best returns the top candidate, moved up to a common ancestor when several
// near-top candidates sit under it (an article split in several <div>s).
func (t *tree) best(cands []int32) int32 {
	// The five best, by a simple selection (cands is usually short).
	var tops []int32
	for _, c := range cands {
		tops = append(tops, c)
		for i := len(tops) - 1; i > 0 && t.st[tops[i]].score > t.st[tops[i-1]].score; i-- {
			tops[i], tops[i-1] = tops[i-1], tops[i]
		}
		if len(tops) > 5 {
			tops = tops[:5]
		}
	}
	top := tops[0]
	topScore := t.st[top].score
	var peers []int32
	for _, c := range tops[1:] {
		if t.st[c].score >= limits.ancestorShare*topScore {
			peers = append(peers, c)
		}
	}
	if len(peers) >= limits.ancestorPeers {
		for a := t.nodes[top].parent; a >= 0 && t.atom(a) != atom.Body; a = t.nodes[a].parent {
			n := 0
			for _, p := range peers {
				if t.isAncestor(a, p) {
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
	if cl := attr(&t.nodes[top], "class"); cl != "" {
		for _, c := range cands {
			if c != top && t.atom(c) == t.atom(top) && attr(&t.nodes[c], "class") == cl &&
				t.st[c].score >= limits.siblingShare*topScore && !t.isAncestor(c, top) && !t.isAncestor(top, c) {
				top = t.commonAncestor(top, c)
			}
		}
	}
	// Climb while the parent scores better: the top was one part of the article.
	last := t.st[top].score
	for p := t.nodes[top].parent; p >= 0 && t.isElement(p) && t.atom(p) != atom.Body; p = t.nodes[p].parent {
		ps := &t.st[p]
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
	for p := t.nodes[top].parent; p >= 0 && t.atom(p) != atom.Body && t.isElement(p) && t.onlyChild(top); p = t.nodes[top].parent {
		top = p
	}
	return top
}

// withSiblings returns top with those of its siblings that look like more of
// the article: well-scored containers, or paragraphs of prose.
func (t *tree) withSiblings(top int32) []int32 {
	parent := t.nodes[top].parent
	if parent < 0 {
		return []int32{top}
	}
	ts := &t.st[top]
	topClass := attr(&t.nodes[top], "class")
	threshold := math.Max(limits.siblingFloor, ts.score*limits.siblingShare)
	var out []int32
	t.children(parent, func(c int32) {
		if c == top {
			out = append(out, c)
			return
		}
		if !t.isElement(c) {
			return
		}
		cs := &t.st[c]
		bonus := 0.0
		if cl := attr(&t.nodes[c], "class"); cl != "" && cl == topClass {
			bonus = ts.score * 0.2
		}
		isP := t.atom(c) == atom.P
		switch {
		case cs.candidate && cs.score+bonus >= threshold:
			out = append(out, c)
		case isP && cs.linkDensity() < 0.25 && cs.text > 80:
			out = append(out, c)
		case isP && cs.link == 0 && cs.text > 0 && strings.Contains(t.textOf(c), ". "):
			out = append(out, c)
		}
	})
	return out
}

// writer turns the chosen subtrees into paragraphs, one per block of text,
// and notes where each word it writes stands in the page text.
type writer struct {
	t     *tree
	title string
	// topText is the chosen container's text: a sub-block with most of it
	// is the article itself, whatever its class says.
	topText int32
	buf     []byte
	link    int
	space   bool  // a space is due before the next word
	segs    []seg // of the kept paragraphs, offsets in the joined text
	cur     []seg // of the running paragraph, offsets in buf
	out     []string
	outN    int // length of the kept paragraphs joined
}

func (w *writer) block(i int32, isTop bool) {
	t := w.t
	n := &t.nodes[i]
	switch n.Type {
	case html.TextNode:
		w.text(n.Data, t.nodes[i].page)
		return
	case html.ElementNode:
	default:
		return
	}
	a := n.DataAtom
	if a == atom.H1 || !isTop && w.skip(i) {
		w.flush() // what stood before and after it are not one paragraph
		return
	}
	if a == atom.A {
		before := len(w.buf)
		w.inline(i)
		w.link += len(w.buf) - before
		return
	}
	isBlock := blockTags.has(a)
	if isBlock {
		w.flush()
	}
	w.inline(i)
	if isBlock {
		w.flush()
	}
}

func (w *writer) inline(i int32) {
	w.t.children(i, func(c int32) { w.block(c, false) })
}

// text appends s to the running paragraph with its white space folded, and
// records each word's place in the page (page is s's UTF-16 offset there,
// -1 when s is not page text).
func (w *writer) text(s string, page int32) {
	var u16 int32 // units of s before k
	for k := 0; k < len(s); {
		c := s[k]
		if c >= utf8.RuneSelf || isASCIISpace(c) { // else a word begins, as most often
			r, size := rune(c), 1
			if c >= utf8.RuneSelf {
				r, size = utf8.DecodeRuneInString(s[k:])
			}
			if isSpace(r) {
				w.space = len(w.buf) > 0
				k += size
				u16 += utf16Units(r)
				continue
			}
		}
		// A word: up to the next space.
		start, startU16 := k, u16
		for k < len(s) {
			c := s[k]
			if c < utf8.RuneSelf {
				if isASCIISpace(c) {
					break
				}
				k++
				u16++
				continue
			}
			r, size := utf8.DecodeRuneInString(s[k:])
			if isSpace(r) {
				break
			}
			k += size
			u16 += utf16Units(r)
		}
		if w.space {
			w.buf = append(w.buf, ' ')
			w.space = false
		}
		if page >= 0 {
			w.cur = append(w.cur, seg{doc: int32(len(w.buf)), len: int32(k - start), page: page + startU16})
		}
		w.buf = append(w.buf, s[start:k]...)
	}
}

// flush ends the running paragraph, keeping it unless it is mostly links or
// repeats the headline.
func (w *writer) flush() {
	p := string(w.buf)
	link := w.link
	cur := w.cur
	w.buf, w.cur = w.buf[:0], w.cur[:0]
	w.link, w.space = 0, false
	if p == "" || p == w.title {
		return
	}
	if float64(link) > limits.maxLinkDensity*float64(len(p)) {
		return
	}
	if len(w.out) > 0 {
		w.outN += 2
	}
	for _, s := range cur {
		s.doc += int32(w.outN)
		w.segs = append(w.segs, s)
	}
	w.out = append(w.out, p)
	w.outN += len(p)
}

// skip decides whether a sub-block of the article is furniture: a negative
// class, a link list, a gallery, or a box of list items among few paragraphs.
func (w *writer) skip(i int32) bool {
	switch w.t.atom(i) {
	case atom.Div, atom.Section, atom.Ul, atom.Ol, atom.Table, atom.Dl, atom.Form, atom.Figure:
	default:
		return false
	}
	st := &w.t.st[i]
	if 2*st.text > w.topText {
		return false
	}
	weight := w.t.classWeight(&w.t.nodes[i])
	if weight+st.score < 0 {
		return true
	}
	if st.ownCommas >= 10 || st.text > 2000 {
		return false
	}
	ld := st.linkDensity()
	isList := w.t.atom(i) == atom.Ul || w.t.atom(i) == atom.Ol
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

// onlyChild reports whether i is the only live element or non-blank text
// under its parent.
func (t *tree) onlyChild(i int32) bool {
	only := true
	t.children(t.nodes[i].parent, func(c int32) {
		if c == i {
			return
		}
		n := &t.nodes[c]
		if n.Type == html.ElementNode || n.Type == html.TextNode && strings.TrimSpace(n.Data) != "" {
			only = false
		}
	})
	return only
}

func attr(n *node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *node, key string) bool {
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
			if blockTags.has(a) {
				end()
			}
			dir := 1
			if tt == html.EndTagToken {
				dir = -1
			}
			switch {
			case a == atom.A && tt != html.SelfClosingTagToken:
				inLink = max(0, inLink+dir)
			case dropTags.has(a) && !voidTags.has(a) && tt != html.SelfClosingTagToken:
				inDrop = max(0, inDrop+dir)
			case !blockTags.has(a) || a == atom.Br || a == atom.Hr:
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
