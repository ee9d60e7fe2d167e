package extract

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"sync"
	"unsafe"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// The page's tree is built here from golang.org/x/net/html's Tokenizer, not
// by html.Parse. html.Parse runs the whole HTML5 tree-construction algorithm
// and allocates a Node, a string per tag name, text and attribute, and a
// slice of attributes for every element; the passes of this package read a
// flat array, a handful of attributes and the text. So the builder keeps the
// nodes in one slice linked by index, every text in one byte buffer turned
// into a single string at the end, and only the attributes some pass reads
// (keptAttrs). It follows the tree-construction rules that decide where text
// lands for real pages: implied <html>, <head> and <body>; head elements
// before the body; a <p> closed by the block that follows it; <li>, <dd>,
// <dt> and headings closing their open siblings; end tags that close what is
// open inside them, or are ignored when a special element is in the way;
// formatting elements (<a>, <b>, …) re-opened in the next block
// (reconstruction) and the adoption agency for misnested ones; tables with
// implied <tbody>/<tr> and text or tags found where a table allows none
// foster-parented before the table; svg and math content, whose self-closing
// tags close and whose HTML tags break out. It leaves out what only changes
// pages no reader sees as articles: quirks mode, <frameset>, <select>'s
// insertion mode, <template> contents as a separate fragment, and the
// adoption agency's limit of three identical formatting elements. The
// result is held to html.Parse's tree by TestBuildLikeParse on what the
// passes read, and kept well-formed on any input by FuzzBuild.

// keptAttrs are the attributes some pass of this package reads; the builder
// drops the others (src, srcset, data-*, …), which are most of a page's.
var keptAttrs = [...]string{"class", "id", "hidden", "aria-hidden", "style", "lang", "content", "property",
	"name", "itemprop", "http-equiv", "rel", "href", "datetime", "type"}

// keptByLen lists keptAttrs by length, so that a key is compared with the
// one to four of its length only.
var keptByLen = func() (x [][]string) {
	for _, s := range keptAttrs {
		for len(x) <= len(s) {
			x = append(x, nil)
		}
		x[len(s)] = append(x[len(s)], s)
	}
	return x
}()

// keptKey returns k as the key of keptAttrs it is, "" when it is none: a
// look-up for every attribute of the page, so the few keys of its length
// compared rather than a map (in wasm, hashing a string has no fast path).
func keptKey(k []byte) string {
	if len(k) < len(keptByLen) {
		for _, s := range keptByLen[len(k)] {
			if s == string(k) {
				return s
			}
		}
	}
	return ""
}

// bnode is a node while the tree is built: linked by index, its text an
// offset range in builder.txt until the buffer is final.
type bnode struct {
	typ                             html.NodeType
	atom                            atom.Atom
	foreign                         bool // svg or math content
	name                            string
	attr0, attr1                    int32 // range in builder.attrs
	t0, t1                          int32 // text range in builder.txt
	parent, first, last, next, prev int32
}

// battr is a kept attribute; its value is the range [v0, v1) of builder.txt.
type battr struct {
	key    string
	v0, v1 int32
}

// builder is the state of one tree construction.
type builder struct {
	z      *html.Tokenizer
	page   []byte
	rd     *bytes.Reader  // the Tokenizer's reader: what of page it has not read
	z0     html.Tokenizer // z as it was made, to reset it to (rawtext.go)
	nodes  []bnode
	attrs  []battr
	txt    []byte  // text and kept attribute values
	name   []byte  // the current tag's name
	oe     []int32 // stack of open elements
	afe    []int32 // active formatting elements; -1 is a marker
	html   int32
	head   int32
	body   int32
	form   int32
	inBody bool
	// skipNL drops the newline right after <pre>, <listing>, <textarea>.
	skipNL  bool
	tooDeep bool
	// after is 1 after </body>, 2 after </html>: comments go to <html>,
	// then to the document, until more content comes.
	after int
}

var errTooDeep = errors.New("html: open stack of elements exceeds 512 nodes")

// maxOpen is html.Parse's limit on open elements: deeper input is refused.
const maxOpen = 512

// scratch holds the arrays of one extraction for the next one: the extension
// analyzes one page after another, and in wasm allocating and collecting
// these (a few hundred bytes per node) cost more than filling them. The text
// buffer is never reused: the Doc's strings may share it.
type scratch struct {
	bn      []bnode
	attrs   []battr
	hattrs  []html.Attribute
	oe, afe []int32
	nodes   []node
	st      []stats
	dead    []bool
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// maxScratch bounds the nodes of the arrays kept: a huge page's are let go.
const maxScratch = 1 << 17

// release puts sc back in the pool unless its arrays grew too large.
func (sc *scratch) release() {
	if cap(sc.nodes) <= maxScratch && cap(sc.bn) <= maxScratch {
		scratchPool.Put(sc)
	}
}

// build tokenizes page and returns its tree, flattened, in sc's arrays.
func build(page []byte, sizeHint int, sc *scratch) (*tree, error) {
	rd := bytes.NewReader(page)
	b := &builder{
		z:    html.NewTokenizer(rd),
		page: page,
		rd:   rd,
		// About one node per '<' (start and end tags, and the text between).
		nodes: slices.Grow(sc.bn[:0], sizeHint+sizeHint/4+16),
		attrs: sc.attrs[:0],
		oe:    sc.oe[:0],
		afe:   sc.afe[:0],
		// Text and kept attribute values come to 22-44% of a news page's
		// bytes (quartiles of the benchmark's pages): room for half, so
		// that few pages copy the buffer as it grows.
		txt:  make([]byte, 0, len(page)/2),
		html: -1, head: -1, body: -1, form: -1,
	}
	b.z0 = *b.z
	b.newNode(html.DocumentNode, 0, "")
	for {
		tt := b.z.Next()
		if tt == html.ErrorToken {
			break
		}
		if err := b.token(tt); err != nil || b.tooDeep {
			return nil, errTooDeep
		}
	}
	b.ensureBody()
	sc.bn, sc.attrs, sc.oe, sc.afe = b.nodes, b.attrs, b.oe, b.afe
	return b.flatten(sc), nil
}

func (b *builder) newNode(typ html.NodeType, a atom.Atom, name string) int32 {
	b.nodes = append(b.nodes, bnode{typ: typ, atom: a, name: name, parent: -1, first: -1, last: -1, next: -1, prev: -1})
	return int32(len(b.nodes) - 1)
}

// appendChild links c as p's last child.
func (b *builder) appendChild(p, c int32) {
	n := &b.nodes[c]
	n.parent, n.prev, n.next = p, b.nodes[p].last, -1
	if l := b.nodes[p].last; l >= 0 {
		b.nodes[l].next = c
	} else {
		b.nodes[p].first = c
	}
	b.nodes[p].last = c
}

// insertBefore links c as the sibling before s.
func (b *builder) insertBefore(s, c int32) {
	p := b.nodes[s].parent
	n := &b.nodes[c]
	n.parent, n.next, n.prev = p, s, b.nodes[s].prev
	if pr := b.nodes[s].prev; pr >= 0 {
		b.nodes[pr].next = c
	} else {
		b.nodes[p].first = c
	}
	b.nodes[s].prev = c
}

// unlink takes c out of its parent.
func (b *builder) unlink(c int32) {
	n := &b.nodes[c]
	if n.parent < 0 {
		return
	}
	if n.prev >= 0 {
		b.nodes[n.prev].next = n.next
	} else {
		b.nodes[n.parent].first = n.next
	}
	if n.next >= 0 {
		b.nodes[n.next].prev = n.prev
	} else {
		b.nodes[n.parent].last = n.prev
	}
	n.parent, n.prev, n.next = -1, -1, -1
}

func (b *builder) top() int32 { return b.oe[len(b.oe)-1] }

func (b *builder) topAtom() atom.Atom { return b.nodes[b.top()].atom }

func (b *builder) push(i int32) error {
	b.oe = append(b.oe, i)
	if len(b.oe) > maxOpen {
		return errTooDeep
	}
	return nil
}

// pop removes the top of the stack.
func (b *builder) pop() { b.oe = b.oe[:len(b.oe)-1] }

// popUntil pops up to and including the nearest open element of atom a.
func (b *builder) popUntil(a atom.Atom) {
	for len(b.oe) > 1 {
		top := b.topAtom()
		b.pop()
		if top == a {
			return
		}
	}
}

func (b *builder) indexOf(i int32) int {
	for k := len(b.oe) - 1; k >= 0; k-- {
		if b.oe[k] == i {
			return k
		}
	}
	return -1
}

// tagClass is a bit set of the tree-construction rules' element sets an
// element is in. One lookup answers every set: classOf.
type tagClass uint32

const (
	cScopeDefault tagClass = 1 << iota
	cScopeList
	cScopeButton
	cScopeTable
	cSpecial
	cCloseP
	cBlockEnd
	cFormatting
	cImpliedEnd
	cHead
	cVoid
	cRawText
	cTableCtx
	cTableRows
	cBreakout
)

// tagClasses lists the members of each class (a table in the program's data,
// not code that builds it).
var tagClasses = [...]struct {
	c  tagClass
	as []atom.Atom
}{
	{cScopeDefault, []atom.Atom{atom.Applet, atom.Caption, atom.Html, atom.Table, atom.Td, atom.Th, atom.Marquee, atom.Object, atom.Template}},
	{cScopeList, []atom.Atom{atom.Applet, atom.Caption, atom.Html, atom.Table, atom.Td, atom.Th, atom.Marquee, atom.Object, atom.Template, atom.Ol, atom.Ul}},
	{cScopeButton, []atom.Atom{atom.Applet, atom.Caption, atom.Html, atom.Table, atom.Td, atom.Th, atom.Marquee, atom.Object, atom.Template, atom.Button}},
	{cScopeTable, []atom.Atom{atom.Html, atom.Table, atom.Template}},
	{cSpecial, []atom.Atom{atom.Address, atom.Applet, atom.Area, atom.Article, atom.Aside, atom.Base, atom.Basefont, atom.Bgsound, atom.Blockquote, atom.Body, atom.Br, atom.Button, atom.Caption, atom.Center, atom.Col, atom.Colgroup, atom.Dd, atom.Details, atom.Dir, atom.Div, atom.Dl, atom.Dt, atom.Embed, atom.Fieldset, atom.Figcaption, atom.Figure, atom.Footer, atom.Form, atom.Frame, atom.Frameset, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Head, atom.Header, atom.Hgroup, atom.Hr, atom.Html, atom.Iframe, atom.Img, atom.Input, atom.Keygen, atom.Li, atom.Link, atom.Listing, atom.Main, atom.Marquee, atom.Menu, atom.Meta, atom.Nav, atom.Noembed, atom.Noframes, atom.Noscript, atom.Object, atom.Ol, atom.P, atom.Param, atom.Plaintext, atom.Pre, atom.Script, atom.Search, atom.Section, atom.Select, atom.Source, atom.Style, atom.Summary, atom.Table, atom.Tbody, atom.Td, atom.Template, atom.Textarea, atom.Tfoot, atom.Th, atom.Thead, atom.Title, atom.Tr, atom.Track, atom.Ul, atom.Wbr, atom.Xmp}},
	{cCloseP, []atom.Atom{atom.Address, atom.Article, atom.Aside, atom.Blockquote, atom.Center, atom.Details, atom.Dialog, atom.Dir, atom.Div, atom.Dl, atom.Fieldset, atom.Figcaption, atom.Figure, atom.Footer, atom.Header, atom.Hgroup, atom.Main, atom.Menu, atom.Nav, atom.Ol, atom.P, atom.Search, atom.Section, atom.Summary, atom.Ul}},
	{cBlockEnd, []atom.Atom{atom.Address, atom.Article, atom.Aside, atom.Blockquote, atom.Button, atom.Center, atom.Details, atom.Dialog, atom.Dir, atom.Div, atom.Dl, atom.Fieldset, atom.Figcaption, atom.Figure, atom.Footer, atom.Header, atom.Hgroup, atom.Listing, atom.Main, atom.Menu, atom.Nav, atom.Ol, atom.Pre, atom.Search, atom.Section, atom.Summary, atom.Ul}},
	{cFormatting, []atom.Atom{atom.A, atom.B, atom.Big, atom.Code, atom.Em, atom.Font, atom.I, atom.Nobr, atom.S, atom.Small, atom.Strike, atom.Strong, atom.Tt, atom.U}},
	{cImpliedEnd, []atom.Atom{atom.Dd, atom.Dt, atom.Li, atom.Optgroup, atom.Option, atom.P, atom.Rb, atom.Rp, atom.Rt, atom.Rtc}},
	{cHead, []atom.Atom{atom.Base, atom.Basefont, atom.Bgsound, atom.Link, atom.Meta, atom.Noframes, atom.Script, atom.Style, atom.Template, atom.Title, atom.Noscript}},
	{cVoid, []atom.Atom{atom.Area, atom.Base, atom.Basefont, atom.Bgsound, atom.Br, atom.Col, atom.Embed, atom.Hr, atom.Img, atom.Input, atom.Keygen, atom.Link, atom.Meta, atom.Param, atom.Source, atom.Track, atom.Wbr, atom.Frame}},
	{cRawText, []atom.Atom{atom.Script, atom.Style, atom.Title, atom.Textarea, atom.Xmp, atom.Iframe, atom.Noembed, atom.Noframes, atom.Noscript, atom.Plaintext}},
	{cTableCtx, []atom.Atom{atom.Table, atom.Tbody, atom.Tfoot, atom.Thead, atom.Tr}},
	{cTableRows, []atom.Atom{atom.Tbody, atom.Tfoot, atom.Thead}},
	{cBreakout, []atom.Atom{atom.B, atom.Big, atom.Blockquote, atom.Body, atom.Br, atom.Center, atom.Code, atom.Dd, atom.Div, atom.Dl, atom.Dt, atom.Em, atom.Embed, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Head, atom.Hr, atom.I, atom.Img, atom.Li, atom.Listing, atom.Menu, atom.Meta, atom.Nobr, atom.Ol, atom.P, atom.Pre, atom.Ruby, atom.S, atom.Small, atom.Span, atom.Strong, atom.Strike, atom.Sub, atom.Sup, atom.Table, atom.Tt, atom.U, atom.Ul, atom.Var}},
}

// classIndex maps an atom's offset in the atom table (atom>>8) to its atom
// and classes, as tagSet does; atoms that share an offset go to more.
var classIndex = func() (x struct {
	at   []atom.Atom
	cl   []tagClass
	more map[atom.Atom]tagClass
}) {
	x.more = map[atom.Atom]tagClass{}
	for _, tc := range tagClasses {
		for _, a := range tc.as {
			i := int(uint32(a) >> 8)
			for len(x.at) <= i {
				x.at, x.cl = append(x.at, 0), append(x.cl, 0)
			}
			switch x.at[i] {
			case 0, a:
				x.at[i] = a
				x.cl[i] |= tc.c
			default:
				x.more[a] |= tc.c
			}
		}
	}
	return x
}()

// classOf returns the classes of element a.
func classOf(a atom.Atom) tagClass {
	if i := int(uint32(a) >> 8); i < len(classIndex.at) && classIndex.at[i] == a && a != 0 {
		return classIndex.cl[i]
	}
	if len(classIndex.more) > 0 && a != 0 {
		return classIndex.more[a]
	}
	return 0
}

// is reports whether element a is in one of the classes c.
func is(a atom.Atom, c tagClass) bool { return classOf(a)&c != 0 }

// inScope reports whether an element of one of the atoms is open within scope.
func (b *builder) inScope(scope tagClass, as ...atom.Atom) bool {
	for k := len(b.oe) - 1; k >= 0; k-- {
		n := &b.nodes[b.oe[k]]
		for _, a := range as {
			if n.atom == a && !n.foreign {
				return true
			}
		}
		if is(n.atom, scope) && !n.foreign || n.foreign && (n.atom == atom.ForeignObject || n.atom == atom.Desc || n.atom == atom.Title) {
			return false
		}
	}
	return false
}

var headings = []atom.Atom{atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6}

func (b *builder) closeP() {
	if b.inScope(cScopeButton, atom.P) {
		b.impliedEnd(atom.P)
		b.popUntil(atom.P)
	}
}

// impliedEnd pops the elements whose end tag is implied, except one of except.
func (b *builder) impliedEnd(except atom.Atom) {
	for len(b.oe) > 1 {
		n := &b.nodes[b.top()]
		if n.foreign || n.atom == except || !is(n.atom, cImpliedEnd) {
			return
		}
		b.pop()
	}
}

// token processes one token.
func (b *builder) token(tt html.TokenType) error {
	if tt != html.TextToken {
		b.skipNL = false
	}
	switch tt {
	case html.TextToken:
		if !b.discards() {
			b.text(b.z.Text())
		}
		return nil
	case html.CommentToken:
		c := b.newNode(html.CommentNode, 0, "")
		switch {
		case len(b.oe) == 0 || b.after == 2:
			b.appendChild(0, c)
		case b.after == 1:
			b.appendChild(b.html, c)
		default:
			b.appendChild(b.top(), c)
		}
		return nil
	case html.DoctypeToken:
		return nil
	}
	name := b.tagName(tt == html.EndTagToken)
	a := atom.Lookup(name)
	if tt == html.EndTagToken {
		return b.endTag(a, name)
	}
	a0 := int32(len(b.attrs))
	for more := true; more; {
		var k, v []byte
		k, v, more = b.z.TagAttr()
		if key := keptKey(k); key != "" {
			b.attrs = append(b.attrs, battr{key: key, v0: int32(len(b.txt)), v1: int32(len(b.txt) + len(v))})
			b.txt = append(b.txt, v...)
		}
	}
	if err := b.startTag(a, name, a0, int32(len(b.attrs)), tt == html.SelfClosingTagToken); err != nil {
		return err
	}
	if (a == atom.Script || a == atom.Style) && b.discards() && b.top() == int32(len(b.nodes)-1) && b.nodes[b.top()].atom == a {
		b.skipRawText(a.String())
	}
	return nil
}

// skipRawText moves the Tokenizer past the text of the script or style
// element just opened, which the builder would drop, when that text is long
// enough to pay for it (see rawtext.go). The element is the current node and
// not foreign, so the Tokenizer reads raw text next.
func (b *builder) skipRawText(tag string) {
	at := len(b.page) - b.rd.Len() - len(b.z.Buffered())
	end := at + rawTextEnd(b.page[at:], tag)
	if end-at < rawSkipMin {
		return
	}
	b.rd.Reset(b.page[end:])
	*b.z = b.z0
}

// tagName is the lower-cased name of the current tag token, read from its
// raw bytes as the Tokenizer reads it: TagName would copy every name.
func (b *builder) tagName(end bool) []byte {
	raw := b.z.Raw()
	k := 1
	if end {
		k = 2
	}
	b.name = b.name[:0]
	for j := k; j < len(raw); j++ {
		c := raw[j]
		switch c {
		case ' ', '\n', '\r', '\t', '\f', '/', '>':
			return b.name
		case 0:
			name, _ := b.z.TagName() // TagName replaces NUL
			return name
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b.name = append(b.name, c)
	}
	return b.name
}

func (b *builder) ensureHTML() {
	if b.html < 0 {
		b.html = b.newNode(html.ElementNode, atom.Html, "html")
		b.appendChild(0, b.html)
		b.oe = append(b.oe, b.html)
	}
}

func (b *builder) ensureHead() {
	b.ensureHTML()
	if b.head < 0 {
		b.head = b.newNode(html.ElementNode, atom.Head, "head")
		b.appendChild(b.html, b.head)
		b.oe = append(b.oe, b.head)
	}
}

// ensureBody leaves the head and opens the body if not yet done.
func (b *builder) ensureBody() {
	if b.inBody {
		return
	}
	b.ensureHead()
	b.oe = b.oe[:1]
	b.body = b.newNode(html.ElementNode, atom.Body, "body")
	b.appendChild(b.html, b.body)
	b.oe = append(b.oe, b.body)
	b.inBody = true
}

// mergeAttrs adds to element i the kept attributes it does not have yet
// (a second <html> or <body> tag).
func (b *builder) mergeAttrs(i, a0, a1 int32) {
	n := &b.nodes[i]
	var add []battr
	for _, na := range b.attrs[a0:a1] {
		has := false
		for _, oa := range b.attrs[n.attr0:n.attr1] {
			has = has || oa.key == na.key
		}
		if !has {
			add = append(add, na)
		}
	}
	if len(add) == 0 {
		return
	}
	old := append([]battr(nil), b.attrs[n.attr0:n.attr1]...)
	n.attr0 = int32(len(b.attrs))
	b.attrs = append(append(b.attrs, old...), add...)
	n.attr1 = int32(len(b.attrs))
}

func (b *builder) element(a atom.Atom, name []byte, a0, a1 int32) int32 {
	s := a.String()
	if a == 0 {
		s = string(name)
	}
	i := b.newNode(html.ElementNode, a, s)
	b.nodes[i].attr0, b.nodes[i].attr1 = a0, a1
	return i
}

// insert adds an element at the current place (foster-parented when a
// table is open there) and opens it unless void.
func (b *builder) insert(a atom.Atom, name []byte, a0, a1 int32, void bool) (int32, error) {
	i := b.element(a, name, a0, a1)
	b.place(i)
	if void {
		return i, nil
	}
	return i, b.push(i)
}

// insertHere adds an element under the current node, never fostered: a
// table's own parts.
func (b *builder) insertHere(a atom.Atom, name []byte, a0, a1 int32, void bool) (int32, error) {
	i := b.element(a, name, a0, a1)
	b.appendChild(b.top(), i)
	if void {
		return i, nil
	}
	return i, b.push(i)
}

// place links node i where the next node goes: under the current node, or
// before the open table when the current node is a table part.
func (b *builder) place(i int32) {
	top := b.top()
	if tn := &b.nodes[top]; !tn.foreign && is(tn.atom, cTableCtx) {
		for k := len(b.oe) - 1; k > 0; k-- {
			if n := b.oe[k]; b.nodes[n].atom == atom.Table && !b.nodes[n].foreign {
				if b.nodes[n].parent >= 0 {
					b.insertBefore(n, i)
				} else {
					b.appendChild(b.oe[k-1], i)
				}
				return
			}
		}
	}
	b.appendChild(top, i)
}

// discards reports whether text would keep nothing of any text token now:
// the content of a script (not JSON-LD) or style, which is most of a page's
// bytes. Then the Tokenizer's Text, which rewrites line ends and references
// over all of it, is not called. These are text's own tests for that case,
// met with no pending newline skip and nothing after </body> to reopen.
func (b *builder) discards() bool {
	if b.skipNL || b.after != 0 || len(b.oe) <= 1 {
		return false
	}
	top := &b.nodes[b.top()]
	if top.foreign || top.atom != atom.Script && top.atom != atom.Style || b.isLD(b.top()) {
		return false
	}
	return b.inBody || b.head >= 0 && b.top() != b.head
}

func (b *builder) text(s []byte) {
	if bytes.IndexByte(s, 0) >= 0 && (len(b.oe) == 0 || b.topAtom() != atom.Script && b.topAtom() != atom.Style) {
		s = bytes.ReplaceAll(s, []byte{0}, nil)
	}
	if b.skipNL {
		b.skipNL = false
		if len(s) > 0 && s[0] == '\n' {
			s = s[1:]
		}
	}
	if len(s) == 0 {
		return
	}
	if !b.inBody {
		// Before the body: white space stays in the head (or is dropped),
		// other text starts the body.
		k := 0
		for k < len(s) && isHTMLSpace(s[k]) {
			k++
		}
		if b.head >= 0 && len(b.oe) > 1 && b.top() != b.head {
			// inside a raw-text head element (<title>, <script>, …)
			if a := b.topAtom(); (a == atom.Script || a == atom.Style) && !b.isLD(b.top()) {
				return
			}
			b.addText(b.top(), s, false)
			return
		}
		if k > 0 && b.html >= 0 {
			// in the head, or after it (then the text is <html>'s)
			p := b.html
			if b.head >= 0 && b.top() == b.head {
				p = b.head
			}
			if b.head >= 0 {
				b.addText(p, s[:k], false)
			}
		}
		if k == len(s) {
			return
		}
		s = s[k:]
		b.ensureBody()
	}
	if b.after > 0 && bytes.ContainsFunc(s, func(r rune) bool { return r > ' ' || !isHTMLSpace(byte(r)) }) {
		b.after = 0
	}
	top := &b.nodes[b.top()]
	if !top.foreign && is(top.atom, cRawText) {
		if (top.atom == atom.Script || top.atom == atom.Style) && !b.isLD(b.top()) {
			return // no pass reads it (clean drops both before any text is measured)
		}
		b.addText(b.top(), s, false)
		return
	}
	if !top.foreign && is(top.atom, cTableCtx) {
		allSpace := true
		for _, c := range s {
			allSpace = allSpace && isHTMLSpace(c)
		}
		if allSpace {
			b.addText(b.top(), s, false)
			return
		}
		b.reconstruct()
		// into a re-opened formatting element, itself fostered, or fostered
		b.addText(b.top(), s, is(b.topAtom(), cTableCtx))
		return
	}
	if !top.foreign {
		b.reconstruct()
	}
	b.addText(b.top(), s, false)
}

func isHTMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' }

// addText appends s as the last child text of p, or, when foster, before
// the open table; it joins a text node right before it.
func (b *builder) addText(p int32, s []byte, foster bool) {
	prev := b.nodes[p].last
	var tbl int32 = -1
	if foster {
		for k := len(b.oe) - 1; k > 0; k-- {
			if n := b.oe[k]; b.nodes[n].atom == atom.Table && !b.nodes[n].foreign {
				tbl = n
				if b.nodes[n].parent >= 0 {
					prev = b.nodes[n].prev
				} else {
					p, prev, tbl = b.oe[k-1], b.nodes[b.oe[k-1]].last, -1
				}
				break
			}
		}
	}
	if prev >= 0 && b.nodes[prev].typ == html.TextNode {
		pn := &b.nodes[prev]
		if int(pn.t1) != len(b.txt) {
			t0 := int32(len(b.txt))
			b.txt = append(b.txt, b.txt[pn.t0:pn.t1]...)
			pn.t0, pn.t1 = t0, int32(len(b.txt))
		}
		b.txt = append(b.txt, s...)
		pn.t1 = int32(len(b.txt))
		return
	}
	i := b.newNode(html.TextNode, 0, "")
	b.nodes[i].t0 = int32(len(b.txt))
	b.txt = append(b.txt, s...)
	b.nodes[i].t1 = int32(len(b.txt))
	if tbl >= 0 {
		b.insertBefore(tbl, i)
	} else {
		b.appendChild(p, i)
	}
}

// headTemplate reports a <template> open in the head: what follows is its
// content, not the start of the body.
func (b *builder) headTemplate() bool {
	if b.inBody {
		return false
	}
	for _, i := range b.oe {
		if b.nodes[i].atom == atom.Template {
			return true
		}
	}
	return false
}

// reconstruct re-opens the formatting elements closed by a block end.
func (b *builder) reconstruct() {
	if len(b.afe) == 0 {
		return
	}
	k := len(b.afe) - 1
	if e := b.afe[k]; e < 0 || b.indexOf(e) >= 0 {
		return
	}
	for k > 0 {
		e := b.afe[k-1]
		if e < 0 || b.indexOf(e) >= 0 {
			break
		}
		k--
	}
	for ; k < len(b.afe); k++ {
		o := &b.nodes[b.afe[k]]
		c := b.newNode(html.ElementNode, o.atom, o.name)
		b.nodes[c].attr0, b.nodes[c].attr1 = b.nodes[b.afe[k]].attr0, b.nodes[b.afe[k]].attr1
		b.place(c)
		if b.push(c) != nil {
			b.pop()
			b.tooDeep = true
		}
		b.afe[k] = c
	}
}

func (b *builder) clearToMarker() {
	for len(b.afe) > 0 {
		e := b.afe[len(b.afe)-1]
		b.afe = b.afe[:len(b.afe)-1]
		if e < 0 {
			return
		}
	}
}

func (b *builder) removeAFE(i int32) {
	for k := len(b.afe) - 1; k >= 0; k-- {
		if b.afe[k] == i {
			b.afe = append(b.afe[:k], b.afe[k+1:]...)
			return
		}
	}
}

// Table insertion modes, as tableMode finds them.
const (
	modeBody  = iota // no table, or in its caption
	modeTable        // in a table, outside its cells: other tags are fostered
	modeCell         // in a td or th
)

// tableMode reads the insertion mode off the stack: the nearest table part,
// cell or caption decides. Elements fostered out of a table stay above it on
// the stack, and the mode stays the table's.
func (b *builder) tableMode() int {
	for k := len(b.oe) - 1; k > 0; k-- {
		n := &b.nodes[b.oe[k]]
		if n.foreign {
			continue
		}
		switch n.atom {
		case atom.Td, atom.Th:
			return modeCell
		case atom.Table, atom.Tbody, atom.Tfoot, atom.Thead, atom.Tr:
			return modeTable
		case atom.Caption, atom.Html, atom.Body, atom.Template:
			return modeBody
		}
	}
	return modeBody
}

func (b *builder) startTag(a atom.Atom, name []byte, a0, a1 int32, selfClosing bool) error {
	b.after = 0
	if b.headTemplate() {
		if a == atom.Html || a == atom.Head || a == atom.Body {
			return nil
		}
	} else if !b.inBody {
		switch {
		case a == atom.Html:
			if b.html < 0 {
				b.ensureHTML()
				b.nodes[b.html].attr0, b.nodes[b.html].attr1 = a0, a1
			} else {
				b.mergeAttrs(b.html, a0, a1)
			}
			return nil
		case a == atom.Head:
			if b.head < 0 {
				b.ensureHead()
				b.nodes[b.head].attr0, b.nodes[b.head].attr1 = a0, a1
			}
			return nil
		case a == atom.Body:
			b.ensureBody()
			b.nodes[b.body].attr0, b.nodes[b.body].attr1 = a0, a1
			return nil
		case is(a, cHead):
			b.ensureHead()
			i := b.element(a, name, a0, a1)
			b.appendChild(b.head, i)
			if !is(a, cVoid) {
				// After </head> it is still the head's child, but the head
				// stays closed.
				return b.push(i)
			}
			return nil
		}
		b.ensureBody()
	}
	top := &b.nodes[b.top()]
	if top.foreign {
		if is(a, cBreakout) {
			for len(b.oe) > 2 && b.nodes[b.top()].foreign {
				b.pop()
			}
		} else {
			i := b.element(a, name, a0, a1)
			b.nodes[i].foreign = true
			b.appendChild(b.top(), i)
			b.z.NextIsNotRawText()
			if selfClosing {
				return nil
			}
			return b.push(i)
		}
	}
	if b.topAtom() == atom.Colgroup && !b.nodes[b.top()].foreign {
		if a == atom.Col {
			_, err := b.insertHere(a, name, a0, a1, true)
			return err
		}
		b.pop()
	}
	if b.tableMode() != modeBody {
		if done, err := b.tableStart(a, name, a0, a1); done || err != nil {
			return err
		}
	}
	switch {
	case a == atom.Html:
		b.mergeAttrs(b.html, a0, a1)
		return nil
	case a == atom.Body:
		b.mergeAttrs(b.body, a0, a1)
		return nil
	case a == atom.Head || a == atom.Caption || a == atom.Col || a == atom.Colgroup || a == atom.Frame ||
		a == atom.Tbody || a == atom.Td || a == atom.Tfoot || a == atom.Th || a == atom.Thead || a == atom.Tr:
		return nil
	case a == atom.Noscript || is(a, cHead):
		_, err := b.insert(a, name, a0, a1, is(a, cVoid))
		return err
	case is(a, cCloseP):
		b.closeP()
		_, err := b.insert(a, name, a0, a1, false)
		return err
	case a == atom.H1 || a == atom.H2 || a == atom.H3 || a == atom.H4 || a == atom.H5 || a == atom.H6:
		b.closeP()
		if t := b.nodes[b.top()]; !t.foreign && isHeading(t.atom) {
			b.pop()
		}
		_, err := b.insert(a, name, a0, a1, false)
		return err
	case a == atom.Pre || a == atom.Listing:
		b.closeP()
		_, err := b.insert(a, name, a0, a1, false)
		b.skipNL = true
		return err
	case a == atom.Form:
		if b.form >= 0 {
			return nil
		}
		b.closeP()
		i, err := b.insert(a, name, a0, a1, false)
		b.form = i
		return err
	case a == atom.Li || a == atom.Dd || a == atom.Dt:
		for k := len(b.oe) - 1; k > 0; k-- {
			n := &b.nodes[b.oe[k]]
			if !n.foreign && (n.atom == a || a != atom.Li && (n.atom == atom.Dd || n.atom == atom.Dt)) {
				b.impliedEnd(n.atom)
				b.popUntil(n.atom)
				break
			}
			if is(n.atom, cSpecial) && !n.foreign && n.atom != atom.Address && n.atom != atom.Div && n.atom != atom.P {
				break
			}
		}
		b.closeP()
		_, err := b.insert(a, name, a0, a1, false)
		return err
	case a == atom.Plaintext:
		b.closeP()
		_, err := b.insert(a, name, a0, a1, false)
		return err
	case a == atom.Button:
		if b.inScope(cScopeDefault, atom.Button) {
			b.impliedEnd(0)
			b.popUntil(atom.Button)
		}
		b.reconstruct()
		_, err := b.insert(a, name, a0, a1, false)
		return err
	case a == atom.A:
		for k := len(b.afe) - 1; k >= 0 && b.afe[k] >= 0; k-- {
			if e := b.afe[k]; b.nodes[e].atom == atom.A {
				b.adoption(atom.A)
				b.removeAFE(e)
				if j := b.indexOf(e); j >= 0 {
					b.oe = append(b.oe[:j], b.oe[j+1:]...)
				}
				break
			}
		}
		b.sortAttrs(a0, a1)
		b.reconstruct()
		i, err := b.insert(a, name, a0, a1, false)
		b.afe = append(b.afe, i)
		return err
	case is(a, cFormatting):
		b.sortAttrs(a0, a1)
		b.reconstruct()
		if a == atom.Nobr && b.inScope(cScopeDefault, atom.Nobr) {
			b.adoption(atom.Nobr)
			b.reconstruct()
		}
		i, err := b.insert(a, name, a0, a1, false)
		b.afe = append(b.afe, i)
		return err
	case a == atom.Applet || a == atom.Marquee || a == atom.Object:
		b.reconstruct()
		_, err := b.insert(a, name, a0, a1, false)
		b.afe = append(b.afe, -1)
		return err
	case a == atom.Table:
		b.closeP()
		_, err := b.insert(a, name, a0, a1, false)
		return err
	case a == atom.Hr:
		b.closeP()
		_, err := b.insert(a, name, a0, a1, true)
		return err
	case a == atom.Image:
		b.reconstruct()
		_, err := b.insert(atom.Img, nil, a0, a1, true)
		return err
	case a == atom.Param || a == atom.Source || a == atom.Track:
		_, err := b.insert(a, name, a0, a1, true)
		return err
	case is(a, cVoid):
		b.reconstruct()
		_, err := b.insert(a, name, a0, a1, true)
		return err
	case a == atom.Textarea:
		_, err := b.insert(a, name, a0, a1, false)
		b.skipNL = true
		return err
	case a == atom.Xmp:
		b.closeP()
		b.reconstruct()
		_, err := b.insert(a, name, a0, a1, false)
		return err
	case a == atom.Iframe || a == atom.Noembed:
		_, err := b.insert(a, name, a0, a1, false)
		return err
	case a == atom.Optgroup || a == atom.Option:
		if b.topAtom() == atom.Option {
			b.pop()
		}
		b.reconstruct()
		_, err := b.insert(a, name, a0, a1, false)
		return err
	case a == atom.Math || a == atom.Svg:
		b.reconstruct()
		i, err := b.insert(a, name, a0, a1, selfClosing)
		b.nodes[i].foreign = true
		return err
	}
	b.reconstruct()
	_, err := b.insert(a, name, a0, a1, false)
	return err
}

func isHeading(a atom.Atom) bool {
	return a == atom.H1 || a == atom.H2 || a == atom.H3 || a == atom.H4 || a == atom.H5 || a == atom.H6
}

// clearTo pops until the top is one of the atoms (or html).
func (b *builder) clearTo(as ...atom.Atom) {
	for len(b.oe) > 2 {
		t := b.topAtom()
		for _, a := range as {
			if t == a {
				return
			}
		}
		b.pop()
	}
}

// tableStart handles a start tag inside a table (in a table part or a
// cell); done is false when the in-body rules apply.
func (b *builder) tableStart(a atom.Atom, name []byte, a0, a1 int32) (done bool, err error) {
	if b.tableMode() == modeCell {
		switch a {
		case atom.Caption, atom.Col, atom.Colgroup, atom.Tbody, atom.Td, atom.Tfoot, atom.Th, atom.Thead, atom.Tr:
			b.closeCell()
			return true, b.startTag(a, name, a0, a1, false)
		}
		return false, nil
	}
	switch a {
	case atom.Caption:
		b.clearTo(atom.Table)
		b.afe = append(b.afe, -1)
		_, err := b.insertHere(a, name, a0, a1, false)
		return true, err
	case atom.Colgroup:
		b.clearTo(atom.Table)
		_, err := b.insertHere(a, name, a0, a1, false)
		return true, err
	case atom.Col:
		b.clearTo(atom.Table)
		if _, err := b.insertHere(atom.Colgroup, nil, a0, a0, false); err != nil {
			return true, err
		}
		_, err := b.insertHere(a, name, a0, a1, true)
		b.pop()
		return true, err
	case atom.Tbody, atom.Tfoot, atom.Thead:
		b.clearTo(atom.Table)
		_, err := b.insertHere(a, name, a0, a1, false)
		return true, err
	case atom.Tr:
		b.clearTo(atom.Table, atom.Tbody, atom.Tfoot, atom.Thead)
		if b.topAtom() == atom.Table {
			if _, err := b.insertHere(atom.Tbody, nil, a0, a0, false); err != nil {
				return true, err
			}
		}
		_, err := b.insertHere(a, name, a0, a1, false)
		return true, err
	case atom.Td, atom.Th:
		b.clearTo(atom.Table, atom.Tbody, atom.Tfoot, atom.Thead, atom.Tr)
		if b.topAtom() == atom.Table {
			if _, err := b.insertHere(atom.Tbody, nil, a0, a0, false); err != nil {
				return true, err
			}
		}
		if is(b.topAtom(), cTableRows) {
			if _, err := b.insertHere(atom.Tr, nil, a0, a0, false); err != nil {
				return true, err
			}
		}
		_, err := b.insertHere(a, name, a0, a1, false)
		b.afe = append(b.afe, -1)
		return true, err
	case atom.Table:
		if b.inScope(cScopeTable, atom.Table) {
			b.popUntil(atom.Table)
			return true, b.startTag(a, name, a0, a1, false)
		}
		return true, nil
	case atom.Style, atom.Script, atom.Template:
		i := b.element(a, name, a0, a1)
		b.appendChild(b.top(), i)
		return true, b.push(i)
	case atom.Form:
		if b.form < 0 {
			i := b.element(a, name, a0, a1)
			b.appendChild(b.top(), i)
			b.form = i
		}
		return true, nil
	}
	return false, nil
}

// closeCell closes the open td or th.
func (b *builder) closeCell() {
	b.impliedEnd(0)
	for len(b.oe) > 2 {
		t := b.topAtom()
		b.pop()
		if t == atom.Td || t == atom.Th {
			break
		}
	}
	b.clearToMarker()
}

func (b *builder) endTag(a atom.Atom, name []byte) error {
	if !b.inBody && !b.headTemplate() {
		switch a {
		case atom.Head:
			if b.head >= 0 && b.top() == b.head {
				b.pop()
			}
			return nil
		case atom.Body, atom.Html, atom.Br:
			b.ensureBody()
		default:
			if len(b.oe) > 1 && b.nodes[b.top()].atom == a && b.top() != b.head {
				b.pop() // a head element's end
			}
			return nil
		}
	}
	if top := &b.nodes[b.top()]; top.foreign {
		for k := len(b.oe) - 1; k > 1 && b.nodes[b.oe[k]].foreign; k-- {
			if n := &b.nodes[b.oe[k]]; n.atom == a && (a != 0 || string(name) == n.name) {
				b.oe = b.oe[:k]
				return nil
			}
		}
	}
	mode := b.tableMode()
	if mode == modeCell {
		switch a {
		case atom.Td, atom.Th:
			if b.inScope(cScopeTable, a) {
				b.closeCell()
			}
			return nil
		case atom.Table, atom.Tbody, atom.Tfoot, atom.Thead, atom.Tr:
			if b.inScope(cScopeTable, a) {
				b.closeCell()
				return b.endTag(a, name)
			}
			return nil
		}
	} else if mode == modeTable {
		switch a {
		case atom.Table, atom.Tbody, atom.Tfoot, atom.Thead, atom.Tr:
			if b.inScope(cScopeTable, a) {
				b.popUntil(a)
			}
			return nil
		case atom.Body, atom.Caption, atom.Col, atom.Colgroup, atom.Html, atom.Td, atom.Th:
			return nil
		}
	}
	switch {
	case a == atom.Body || a == atom.Html:
		if b.inScope(cScopeDefault, atom.Body) {
			b.after = max(b.after, 1)
			if a == atom.Html {
				b.after = 2
			}
		}
		return nil
	case a == atom.P:
		if !b.inScope(cScopeButton, atom.P) {
			b.closeP()
			_, err := b.insertHere(atom.P, nil, 0, 0, true)
			return err
		}
		b.impliedEnd(atom.P)
		b.popUntil(atom.P)
		return nil
	case a == atom.Br:
		b.reconstruct()
		_, err := b.insertHere(atom.Br, nil, 0, 0, true)
		return err
	case a == atom.Li:
		if b.inScope(cScopeList, atom.Li) {
			b.impliedEnd(atom.Li)
			b.popUntil(atom.Li)
		}
		return nil
	case a == atom.Dd || a == atom.Dt:
		if b.inScope(cScopeDefault, a) {
			b.impliedEnd(a)
			b.popUntil(a)
		}
		return nil
	case isHeading(a):
		if b.inScope(cScopeDefault, headings...) {
			b.impliedEnd(0)
			for len(b.oe) > 2 {
				t := b.topAtom()
				b.pop()
				if isHeading(t) {
					break
				}
			}
		}
		return nil
	case a == atom.Form:
		f := b.form
		b.form = -1
		if f < 0 || b.indexOf(f) < 0 {
			return nil
		}
		b.impliedEnd(0)
		if j := b.indexOf(f); j >= 0 {
			b.oe = append(b.oe[:j], b.oe[j+1:]...)
		}
		return nil
	case is(a, cBlockEnd):
		if b.inScope(cScopeDefault, a) {
			b.impliedEnd(0)
			b.popUntil(a)
		}
		return nil
	case a == atom.Applet || a == atom.Marquee || a == atom.Object:
		if b.inScope(cScopeDefault, a) {
			b.impliedEnd(0)
			b.popUntil(a)
			b.clearToMarker()
		}
		return nil
	case is(a, cFormatting):
		b.adoption(a)
		return nil
	}
	b.anyOtherEnd(a, name)
	return nil
}

// anyOtherEnd closes the nearest open element of that name, unless a special
// element is open above it.
func (b *builder) anyOtherEnd(a atom.Atom, name []byte) {
	for k := len(b.oe) - 1; k > 0; k-- {
		n := &b.nodes[b.oe[k]]
		if n.atom == a && (a != 0 || n.name == string(name)) {
			b.impliedEnd(a)
			b.oe = b.oe[:k]
			return
		}
		if is(n.atom, cSpecial) && !n.foreign {
			return
		}
	}
}

// adoption is the adoption agency algorithm for the end tag of formatting
// element a.
func (b *builder) adoption(a atom.Atom) {
	for outer := 0; outer < 8; outer++ {
		fe := int32(-1)
		for k := len(b.afe) - 1; k >= 0 && b.afe[k] >= 0; k-- {
			if b.nodes[b.afe[k]].atom == a {
				fe = b.afe[k]
				break
			}
		}
		if fe < 0 {
			b.anyOtherEnd(a, nil)
			return
		}
		feIndex := b.indexOf(fe)
		if feIndex < 0 {
			b.removeAFE(fe)
			return
		}
		if !b.inScope(cScopeDefault, a) {
			return
		}
		furthest := int32(-1)
		fbIndex := -1
		for k := feIndex + 1; k < len(b.oe); k++ {
			if n := &b.nodes[b.oe[k]]; is(n.atom, cSpecial) && !n.foreign {
				furthest, fbIndex = b.oe[k], k
				break
			}
		}
		if furthest < 0 {
			b.oe = b.oe[:feIndex]
			b.removeAFE(fe)
			return
		}
		ca := b.oe[feIndex-1]
		bookmark := -1
		for k, e := range b.afe {
			if e == fe {
				bookmark = k
			}
		}
		last := furthest
		node := furthest
		x := fbIndex
		for inner := 1; ; inner++ {
			x--
			node = b.oe[x]
			if node == fe {
				break
			}
			ni := -1
			for k, e := range b.afe {
				if e == node {
					ni = k
				}
			}
			if inner > 3 && ni >= 0 {
				b.afe = append(b.afe[:ni], b.afe[ni+1:]...)
				if ni < bookmark {
					bookmark--
				}
				ni = -1
			}
			if ni < 0 {
				b.oe = append(b.oe[:x], b.oe[x+1:]...)
				continue
			}
			c := b.newNode(html.ElementNode, b.nodes[node].atom, b.nodes[node].name)
			b.nodes[c].attr0, b.nodes[c].attr1 = b.nodes[node].attr0, b.nodes[node].attr1
			b.afe[ni] = c
			b.oe[x] = c
			node = c
			if last == furthest {
				bookmark = ni + 1
			}
			b.unlink(last)
			b.appendChild(node, last)
			last = node
		}
		b.unlink(last)
		if n := &b.nodes[ca]; !n.foreign && is(n.atom, cTableCtx) {
			b.oe = append(b.oe, ca) // place() fosters from the top of the stack
			b.place(last)
			b.pop()
		} else {
			b.appendChild(ca, last)
		}
		c := b.newNode(html.ElementNode, b.nodes[fe].atom, b.nodes[fe].name)
		b.nodes[c].attr0, b.nodes[c].attr1 = b.nodes[fe].attr0, b.nodes[fe].attr1
		for ch := b.nodes[furthest].first; ch >= 0; {
			next := b.nodes[ch].next
			b.unlink(ch)
			b.appendChild(c, ch)
			ch = next
		}
		b.appendChild(furthest, c)
		// c replaces fe in the formatting list, at the bookmark.
		oi := -1
		for k, e := range b.afe {
			if e == fe {
				oi = k
			}
		}
		if oi >= 0 {
			b.afe = append(b.afe[:oi], b.afe[oi+1:]...)
			if oi < bookmark {
				bookmark--
			}
		}
		bookmark = min(max(bookmark, 0), len(b.afe))
		b.afe = append(b.afe[:bookmark], append([]int32{c}, b.afe[bookmark:]...)...)
		// and in the stack, right after the furthest block.
		if j := b.indexOf(fe); j >= 0 {
			b.oe = append(b.oe[:j], b.oe[j+1:]...)
		}
		j := b.indexOf(furthest)
		b.oe = append(b.oe[:j+1], append([]int32{c}, b.oe[j+1:]...)...)
	}
}

// flatten lays the built tree out in document order, as newTree did from
// html.Parse's, and numbers the page text.
func (b *builder) flatten(sc *scratch) *tree {
	// The buffer is final and never written again: the one string shares it.
	s := ""
	if len(b.txt) > 0 {
		s = unsafe.String(&b.txt[0], len(b.txt))
	}
	// The nodes are written field by field into the pooled array: in wasm
	// a whole node copied in (append) takes the collector's bulk barrier for
	// its pointers while it marks, which the allocations around make often.
	t := &tree{body: -1, nodes: slices.Grow(sc.nodes[:0], len(b.nodes))[:len(b.nodes)]}
	k := int32(0)
	attrs := slices.Grow(sc.hattrs[:0], len(b.attrs))[:len(b.attrs)]
	for k, a := range b.attrs {
		attrs[k] = html.Attribute{Key: a.key, Val: s[a.v0:a.v1]}
	}
	var u16 int32
	var visit func(bi, parent int32, inBody, skip bool, depth int)
	visit = func(bi, parent int32, inBody, skip bool, depth int) {
		bn := &b.nodes[bi]
		i := k
		k++
		nd := &t.nodes[i]
		nd.Type, nd.DataAtom, nd.Data, nd.Attr, nd.parent, nd.page = bn.typ, bn.atom, bn.name, nil, parent, -1
		if bn.attr1 > bn.attr0 {
			nd.Attr = attrs[bn.attr0:bn.attr1:bn.attr1]
		}
		switch bn.typ {
		case html.TextNode:
			nd.Data = s[bn.t0:bn.t1]
			if inBody && !skip {
				nd.page = u16
				u16 += int32(utf16Len(nd.Data))
			}
		case html.ElementNode:
			if bn.atom == atom.Body && t.body < 0 && !bn.foreign {
				t.body, inBody = i, true
			}
			skip = skip || pageTextSkip.has(bn.atom)
		}
		if depth < limits.maxDepth {
			for c := bn.first; c >= 0; c = b.nodes[c].next {
				visit(c, i, inBody, skip, depth+1)
			}
		}
		t.nodes[i].end = k
	}
	visit(0, -1, false, false, 0)
	t.nodes = t.nodes[:k]
	n := len(t.nodes)
	t.dead = slices.Grow(sc.dead[:0], n)[:n]
	clear(t.dead)
	t.st = slices.Grow(sc.st[:0], n)[:n]
	clear(t.st)
	sc.nodes, sc.hattrs, sc.dead, sc.st = t.nodes, attrs, t.dead, t.st
	return t
}

// sortAttrs orders a formatting element's attributes by key, then value, as
// html.Parse does (it compares them for the Noah's Ark clause); attr then
// finds the same one of duplicate keys.
func (b *builder) sortAttrs(a0, a1 int32) {
	// An insertion sort: a tag keeps a handful of attributes, and slices.SortFunc
	// would add a sort's code to the extension for them.
	as := b.attrs[a0:a1]
	less := func(x, y battr) bool {
		if x.key != y.key {
			return x.key < y.key
		}
		return bytes.Compare(b.txt[x.v0:x.v1], b.txt[y.v0:y.v1]) < 0
	}
	for i := 1; i < len(as); i++ {
		for j := i; j > 0 && less(as[j], as[j-1]); j-- {
			as[j], as[j-1] = as[j-1], as[j]
		}
	}
}

// isLD reports a <script type=application/ld+json>, the one script whose
// text a pass reads.
func (b *builder) isLD(i int32) bool {
	n := &b.nodes[i]
	for _, a := range b.attrs[n.attr0:n.attr1] {
		if a.key == "type" {
			return strings.EqualFold(strings.TrimSpace(string(b.txt[a.v0:a.v1])), "application/ld+json")
		}
	}
	return false
}
